"""Instantly quenched liquids: the crystalline order a glass of the same size has without time to order,
and the crystallinity criterion of the finite-size series built on it.

Reduced units (energies per atom in epsilon). For sample k of a glass ensemble (protocol, master seed)
the reference is the same liquid (the same seed sequence, random start, melt and equilibration at
kT_liquid, :func:`replicate.glass.prepare.equilibrated_liquid`) minimised at once instead of quenched
over t_quench. Its inherent structure has the solid-like order that fluctuations and the minimiser
alone produce at that N; at N = 500 such inherent structures have the glasses' energy at every
temperature of the liquid (``data/results/sec4_liquid.json``), so they are the disordered state the
glasses should match.

The criterion (:func:`accepted`): a glass is crystalline when its solid-like fraction exceeds
:data:`replicate.glass.structure.CRYSTALLINE_THRESHOLD` (the Fig 5-6 rule) or its largest solid-like
cluster lies above the upper outlier fence of the references of the same size, Q3 + 1.5 IQR of their
largest clusters (Tukey's rule; quartiles by linear interpolation). The references themselves can
order while they are minimised (a few did, at N = 500 and 1000), so those above the fraction threshold
are left out and the fence, unlike their maximum, is not set by the odd one that slipped through. The
bound grows with N as the fluctuations do, unlike the fixed 50 atoms of the Fig 5-6 rule.
"""

import io
from dataclasses import asdict, dataclass
from typing import ClassVar

import numpy as np

from ..core.errors import ParameterError
from .minimize import minimize
from .prepare import Protocol, equilibrated_liquid, seed_sequence
from .structure import CRYSTALLINE_THRESHOLD, crystal_analysis

REFERENCE_VERSION = "instant-1"  # bump when a code change alters the stored references


@dataclass(frozen=True)
class ReferenceProtocol:
    """The instant quenches of the liquids of the glass ensemble made with ``glass``."""

    glass: Protocol
    version: str = REFERENCE_VERSION
    CACHE_PREFIX: ClassVar[str] = "instant"

    def __post_init__(self):
        if not isinstance(self.glass, Protocol):
            raise ParameterError(f"glass must be a Protocol, got {type(self.glass).__name__}")

    def as_dict(self):
        """All fields as a dict (the cache key hashes it)."""
        return asdict(self)


def reference_sample(protocol, master_seed, index):
    """The instantly quenched liquid of glass sample ``index``: ``e_is`` (epsilon per atom), ``fraction``
    (solid-like), ``largest_cluster`` (atoms), ``mean_q6``, ``converged``, ``max_force`` (epsilon/sigma)."""
    if not isinstance(protocol, ReferenceProtocol):
        raise ParameterError(f"protocol must be a ReferenceProtocol, got {type(protocol).__name__}")
    g = protocol.glass
    rng = np.random.default_rng(seed_sequence(master_seed, index))
    state, _ = equilibrated_liquid(g, rng)
    res = minimize(state.pos, g.box, g.potential(), ftol=g.ftol)
    order = crystal_analysis(res.pos, g.box)
    return {
        "index": index,
        "master_seed": master_seed,
        "n_atoms": g.n_atoms,
        "e_is": res.energy / g.n_atoms,
        "fraction": order["fraction"],
        "largest_cluster": order["largest_cluster"],
        "mean_q6": order["mean_q6"],
        "converged": res.converged,
        "max_force": res.max_force,
    }


def prepare_bytes(protocol, master_seed, index):
    """One reference packed as its cache file; runs in a worker."""
    sample = reference_sample(protocol, master_seed, index)
    buf = io.BytesIO()
    np.savez_compressed(buf, **{k: np.asarray(v) for k, v in sample.items()})
    return index, buf.getvalue()


FENCE = 1.5  # Tukey's outlier fence, in interquartile ranges above the upper quartile


def cluster_bound(reference_clusters, reference_fractions):
    """The largest solid-like cluster (atoms) a glass may hold: Q3 + FENCE IQR of the largest clusters of
    the references whose solid-like fraction does not exceed the threshold."""
    c = np.asarray(reference_clusters, dtype=float)
    ok = np.asarray(reference_fractions, dtype=float) <= CRYSTALLINE_THRESHOLD
    if c.shape != ok.shape or ok.sum() < 4:
        raise ParameterError(
            "at least four disordered references (instantly quenched liquids) are needed for quartiles"
        )
    q1, q3 = np.percentile(c[ok], [25, 75])
    return float(q3 + FENCE * (q3 - q1))


def accepted(fractions, clusters, reference_clusters, reference_fractions):
    """Which glasses pass the criterion (module docstring): arrays of their solid-like fractions and
    largest clusters, and the largest clusters and fractions of the references of the same size."""
    bound = cluster_bound(reference_clusters, reference_fractions)
    fractions, clusters = np.asarray(fractions, dtype=float), np.asarray(clusters, dtype=float)
    return (fractions <= CRYSTALLINE_THRESHOLD) & (clusters <= bound)
