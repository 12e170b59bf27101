"""The core of each of the lowest modes of a cached glass: harmonic N_k beside the N_k of the quartic
mode reached from it (:mod:`replicate.glass.nonlinear_modes`), cached per sample.

Reduced units, m = 1 (nu in 1/tau, kappa_n in epsilon/sigma^n). For one glass sample of an ensemble
(:mod:`replicate.glass.ensemble`) the stored float32 inherent structure is minimised again (FIRE and
Newton to 1e-10 epsilon/sigma), its lowest ``n_lowest`` modes are found with the sparse solver (the
same method at every N), and from each the quartic mode is minimised. Stored per mode: the harmonic
frequency and N_k (eqn 2), the quartic mode's N_k, kappa_2, kappa_3, kappa_4, its most displaced
atom, its overlap with the start and a convergence flag; per sample the overlaps between the quartic
modes (to count distinct ones) and the largest atomic move of the re-minimisation (sigma). With
``kept_fields`` > 0 the unit fields (float32) of that many of the softest distinct quartic modes (lowest
kappa_2) are kept too, with the re-minimised positions (float32), for the anatomy of a soft mode.

The analyses are cached like the glasses (folder ``data/cache/core_<hash>``), keyed by this
protocol, the glass protocol and the glass's master seed.
"""

import io
from dataclasses import asdict, dataclass
from typing import ClassVar

import numpy as np

from ..core.errors import DataError, ParameterError, require_int
from .box import minimum_image
from .ensemble import read_sample
from .hessian import hessian_sparse
from .minimize import minimize
from .modes import normal_modes_sparse
from .nonlinear_modes import EXPONENTS, ModeSearch, nonlinear_mode
from .prepare import Protocol

# bump when a code change alters the stored analyses; core-2: the sign convention of the nonlinear modes
# (replicate.glass.nonlinear_modes.orient_by_cubic: kappa_3 >= 0, the kept fields turned with it)
CORE_VERSION = "core-2"
N_LOWEST = 10
SAME_MODE = 0.9  # |<pi_a, pi_b>| above which two quartic modes of one sample are the same mode


def distinct_modes(overlaps, threshold=SAME_MODE):
    """Indices of the distinct modes among k, given their (k, k) matrix of |overlaps|: a mode is kept
    unless it is the same (overlap above ``threshold``) as one kept before it."""
    keep = []
    for i in range(overlaps.shape[0]):
        if all(overlaps[i, j] <= threshold for j in keep):
            keep.append(i)
    return np.array(keep, dtype=int)


def softest_distinct(overlaps, kappa_2, k):
    """Indices of the ``k`` distinct modes (:func:`distinct_modes`) with the lowest kappa_2, softest first."""
    keep = distinct_modes(np.asarray(overlaps))
    return keep[np.argsort(np.asarray(kappa_2)[keep], kind="stable")][:k]


@dataclass(frozen=True)
class CoreProtocol:
    """The analysis of one glass ensemble: ``glass`` its protocol, ``n_lowest`` modes per sample,
    ``order`` 4 (quartic modes) or 3 (cubic modes), ``kept_fields`` the number of softest distinct
    nonlinear modes whose fields are stored (0-``n_lowest``)."""

    glass: Protocol
    n_lowest: int = N_LOWEST
    order: int = 4
    version: str = CORE_VERSION
    kept_fields: int = 0
    CACHE_PREFIX: ClassVar[str] = "core"

    def __post_init__(self):
        if not isinstance(self.glass, Protocol):
            raise ParameterError(f"glass must be a Protocol, got {type(self.glass).__name__}")
        require_int("n_lowest", self.n_lowest, 1, 200)
        if self.order not in EXPONENTS:
            raise ParameterError(f"order must be 3 or 4, got {self.order!r}")
        require_int("kept_fields", self.kept_fields, 0, self.n_lowest)

    def as_dict(self):
        """All fields as a dict (the cache key hashes it); ``kept_fields`` only when it is not 0, so the
        analyses cached before the option existed keep their key."""
        out = asdict(self)
        if out["kept_fields"] == 0:
            del out["kept_fields"]
        return out


def core_analysis(pos, box, pot, n_lowest=N_LOWEST, order=4, ftol=1e-10, kept_fields=0):
    """The lowest modes of a structure and the nonlinear mode from each (module docstring; pure).

    Returns a dict of arrays over the ``n_lowest`` modes (keys of :func:`core_sample`) plus ``shift``;
    with ``kept_fields`` > 0 also ``field_modes`` (indices of the kept modes, softest first),
    ``fields`` (k, N, 3) float32 unit fields and ``positions`` (N, 3) float32 re-minimised positions (sigma).
    """
    start = np.asarray(pos, dtype=np.float64)
    res = minimize(start, box, pot, ftol=ftol)
    if not res.converged:
        raise DataError(
            f"the stored structure did not minimise to {ftol:g} epsilon/sigma (reached {res.max_force:.3g})"
        )
    modes = normal_modes_sparse(
        hessian_sparse(res.pos, box, pot), res.max_force, k=n_lowest, force_tol=ftol, return_vectors=True
    )
    search = ModeSearch(res.pos, box, pot)
    found = [nonlinear_mode(search, modes.vectors[:, k], order=order) for k in range(n_lowest)]
    fields = np.array([f["mode"].ravel() for f in found])
    out = {
        "frequencies": modes.frequencies,
        "participation_number": modes.participation_number,
        "nonlinear_participation": np.array([f["participation_number"] for f in found]),
        "nonlinear_kappa": np.array([f["kappa"] for f in found]),
        "nonlinear_centre": np.array([f["centre"] for f in found]),
        "nonlinear_overlap": np.array([f["overlap"] for f in found]),
        "nonlinear_converged": np.array([f["converged"] for f in found]),
        "nonlinear_overlaps": np.abs(fields @ fields.T),
        "shift": float(np.max(np.linalg.norm(minimum_image(res.pos - start, box), axis=1))),
    }
    if kept_fields:
        kept = softest_distinct(out["nonlinear_overlaps"], out["nonlinear_kappa"][:, 0], kept_fields)
        out["field_modes"] = kept
        out["fields"] = fields[kept].reshape(kept.size, -1, 3).astype(np.float32)
        out["positions"] = res.pos.astype(np.float32)
    return out


def core_sample(protocol, master_seed, index):
    """The analysis of glass sample ``index`` of the ensemble (protocol.glass, master_seed); a sample
    without modes (unconverged or unstable) gets ``has_modes`` False and no arrays."""
    if not isinstance(protocol, CoreProtocol):
        raise ParameterError(f"protocol must be a CoreProtocol, got {type(protocol).__name__}")
    stored = read_sample(protocol.glass, master_seed, index)
    out = {"index": index, "master_seed": master_seed, "n_atoms": protocol.glass.n_atoms}
    if "frequencies" not in stored:
        return dict(out, has_modes=False)
    out.update(
        core_analysis(
            stored["positions"],
            float(stored["box"]),
            protocol.glass.potential(),
            protocol.n_lowest,
            protocol.order,
            protocol.glass.ftol,
            protocol.kept_fields,
        )
    )
    return dict(out, has_modes=True)


def prepare_bytes(protocol, master_seed, index):
    """One analysis packed as its cache file; runs in a worker."""
    sample = core_sample(protocol, master_seed, index)
    buf = io.BytesIO()
    np.savez_compressed(buf, **{k: np.asarray(v) for k, v in sample.items()})
    return index, buf.getvalue()
