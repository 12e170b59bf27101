"""The core of each of the lowest modes of a cached glass: harmonic N_k beside the N_k of the quartic
mode reached from it (:mod:`replicate.glass.nonlinear_modes`), cached per sample.

Reduced units, m = 1 (nu in 1/tau, kappa_n in epsilon/sigma^n). For one glass sample of an ensemble
(:mod:`replicate.glass.ensemble`) the stored float32 inherent structure is minimised again (FIRE and
Newton to 1e-10 epsilon/sigma), its lowest ``n_lowest`` modes are found with the sparse solver (the
same method at every N), and from each the quartic mode is minimised. Stored per mode: the harmonic
frequency and N_k (eqn 2), the quartic mode's N_k, kappa_2, kappa_3, kappa_4, its most displaced
atom, its overlap with the start and a convergence flag; per sample the overlaps between the quartic
modes (to count distinct ones) and the largest atomic move of the re-minimisation (sigma).

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

CORE_VERSION = "core-1"  # bump when a code change alters the stored analyses
N_LOWEST = 10


@dataclass(frozen=True)
class CoreProtocol:
    """The analysis of one glass ensemble: ``glass`` its protocol, ``n_lowest`` modes per sample,
    ``order`` 4 (quartic modes) or 3 (cubic modes)."""

    glass: Protocol
    n_lowest: int = N_LOWEST
    order: int = 4
    version: str = CORE_VERSION
    CACHE_PREFIX: ClassVar[str] = "core"

    def __post_init__(self):
        if not isinstance(self.glass, Protocol):
            raise ParameterError(f"glass must be a Protocol, got {type(self.glass).__name__}")
        require_int("n_lowest", self.n_lowest, 1, 200)
        if self.order not in EXPONENTS:
            raise ParameterError(f"order must be 3 or 4, got {self.order!r}")

    def as_dict(self):
        """All fields as a dict (the cache key hashes it)."""
        return asdict(self)


def core_analysis(pos, box, pot, n_lowest=N_LOWEST, order=4, ftol=1e-10):
    """The lowest modes of a structure and the nonlinear mode from each (module docstring; pure).

    Returns a dict of arrays over the ``n_lowest`` modes (keys of :func:`core_sample`) plus ``shift``.
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
    return {
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
        )
    )
    return dict(out, has_modes=True)


def prepare_bytes(protocol, master_seed, index):
    """One analysis packed as its cache file; runs in a worker."""
    sample = core_sample(protocol, master_seed, index)
    buf = io.BytesIO()
    np.savez_compressed(buf, **{k: np.asarray(v) for k, v in sample.items()})
    return index, buf.getvalue()
