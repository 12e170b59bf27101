"""Normal modes of an inherent structure: eigenvalues, frequencies and participation ratios.

Reduced units with m = 1: the Hessian (epsilon/sigma^2) is the dynamical matrix, its eigenvalues are
lambda = omega^2 (1/tau^2) and the frequencies nu = sqrt(lambda) / (2 pi) are in 1/tau. The
participation ratio of each mode is p = N_k / N, eqn (2) of the paper
(:mod:`replicate.theory.participation`).

Refusals. A harmonic analysis is only meaningful at a mechanically stable minimum:

* the structure must be converged: the largest force on any atom reported by the minimiser must be
  at most ``force_tol`` (default 1e-10 epsilon/sigma), otherwise :class:`NotConverged`;
* a periodic box has exactly three zero modes (the uniform translations). An eigenvalue counts as
  zero when |lambda| <= ``zero_tol * lambda_max`` (default 1e-8: the translation eigenvalues are
  rounding noise, ~1e-16 lambda_max in our tests, while the lowest vibration of a 108-atom glass is
  ~5e-3 lambda_max and a plane wave's falls only as N^(-2/3)). Exactly three must be zero, and they
  must span the translations (smallest singular value of their overlap with the normalised uniform
  translations >= ``TRANSLATION_OVERLAP`` = 1 - 1e-6). A fourth zero eigenvalue (a rattler, a
  mechanism) or any eigenvalue below ``-zero_tol * lambda_max`` (a saddle, not a minimum) raises
  :class:`UnstableStructure`.

The dense path uses ``scipy.linalg.eigh`` (divide and conquer) for all 3N modes; the sparse path
``scipy.sparse.linalg.eigsh`` (implicitly restarted Lanczos, ARPACK) for the smallest algebraic k + 3
eigenvalues, without a factorisation, with a fixed start vector.
"""

from dataclasses import dataclass

import numpy as np
import scipy.linalg
import scipy.sparse
import scipy.sparse.linalg

from ..core.errors import ParameterError, require_int, require_positive, require_range
from ..theory.participation import participation_number
from .box import translation_basis
from .minimize import FORCE_TOL

ZERO_TOL = 1e-8  # |lambda| / lambda_max below which an eigenvalue counts as zero
TRANSLATION_OVERLAP = 1.0 - 1e-6  # smallest accepted singular value of <zero modes|translations>
START_SEED = 20260101  # seed of the fixed start vector of the sparse solver
# ARPACK's relative residual bound of the sparse solver: the eigenvalue error is of order the squared
# residual over the gap to the next eigenvalue, far below 1e-8 relative; the eigenvectors' error is
# of order the residual over that gap (participation ratios to ~1e-7 for a gap of 1e-3 lambda)
SPARSE_TOL = 1e-10


def orient(vectors):
    """Give each mode its sign: the component of largest magnitude (the first on a tie) is positive.

    An eigenvector has no sign until one is chosen, and LAPACK or ARPACK on another CPU may return
    either. Everything odd in a mode (kappa_3 along it, a signed displacement pattern, an overlap with
    another direction) is computed only after this convention. The rule is unchanged by a relabelling
    of the atoms and by a shift of the box; it is ambiguous only when the two largest components have
    equal magnitude and opposite signs, as in a symmetric crystal, never in a glass.

    Parameters
    ----------
    vectors : ndarray of float, shape (3N,) or (3N, M)
        Modes as columns; changed in place.

    Returns
    -------
    ndarray
        ``vectors``, each column multiplied by +1 or -1.
    """
    v = vectors.reshape(vectors.shape[0], -1)
    if v.shape[1] == 0:
        return vectors
    top = v[np.argmax(np.abs(v), axis=0), np.arange(v.shape[1])]
    v *= np.where(top < 0, -1.0, 1.0)
    return vectors


class NotConverged(ParameterError):
    """The structure is not a converged minimum (largest force above the bound)."""


class UnstableStructure(ValueError):
    """The Hessian has negative or extra zero eigenvalues: not a stable inherent structure."""


@dataclass(frozen=True)
class NormalModes:
    """Vibrational modes with the three translations removed, ascending in eigenvalue.

    ``eigenvalues`` lambda = omega^2 (1/tau^2); ``frequencies`` nu = sqrt(lambda)/(2 pi) (1/tau);
    ``participation_number`` N_k and ``participation_ratio`` p = N_k / N (eqn 2); ``vectors``
    (3N, k) atom-major, unit norm, signed by :func:`orient` (None unless requested; for the dense path a view into the
    eigenvector matrix of ``eigh``); ``zero_eigenvalues`` the three removed
    translation eigenvalues; ``lambda_max`` the largest eigenvalue used for the zero tolerance
    (for the sparse path: an upper bound from the largest-magnitude eigenvalue); ``max_force`` as
    reported by the minimiser; ``complete`` True when all 3N - 3 modes are present.
    """

    eigenvalues: np.ndarray
    frequencies: np.ndarray
    participation_number: np.ndarray
    participation_ratio: np.ndarray
    zero_eigenvalues: np.ndarray
    lambda_max: float
    n_atoms: int
    max_force: float
    complete: bool
    vectors: np.ndarray | None = None


def _check_force(max_force, force_tol):
    force_tol = require_positive("force_tol (epsilon/sigma)", force_tol)
    if max_force is None:
        raise ParameterError("max_force (largest force of the minimised structure) is required")
    max_force = require_range("max_force (epsilon/sigma)", max_force, 0.0)
    if not np.isfinite(max_force) or max_force > force_tol:
        raise NotConverged(
            f"max_force = {max_force!r} epsilon/sigma exceeds force_tol = {force_tol!r}: "
            "the structure is not a converged minimum, minimise further before the mode analysis"
        )
    return max_force


def _split_zero_modes(lam, vec, lambda_max, zero_tol, n_atoms):
    """Remove the three translation modes; return (keep mask, zero eigenvalues)."""
    tol = zero_tol * lambda_max
    neg = lam < -tol
    if np.any(neg):
        raise UnstableStructure(
            f"{int(neg.sum())} eigenvalue(s) below -{zero_tol:g} lambda_max (lowest {lam.min():.6g} "
            f"1/tau^2, lambda_max {lambda_max:.6g}): a saddle point, not a minimum"
        )
    small = np.abs(lam) <= tol
    if small.sum() != 3:
        raise UnstableStructure(
            f"expected exactly 3 zero modes (|lambda| <= {zero_tol:g} lambda_max = {tol:.3g}) in the "
            f"periodic box, found {int(small.sum())}; lowest eigenvalues {np.sort(lam)[:5]}"
        )
    zero = np.flatnonzero(small)
    overlap = np.linalg.svd(translation_basis(n_atoms).T @ vec[:, zero], compute_uv=False)
    if overlap.min() < TRANSLATION_OVERLAP:
        raise UnstableStructure(
            f"the three zero modes do not span the uniform translations (singular values of the "
            f"overlap {overlap}); the Hessian is not translation invariant"
        )
    return zero, lam[zero]


def _result(lam, vec, zero_lam, lambda_max, n_atoms, max_force, complete, return_vectors):
    lam = np.ascontiguousarray(lam)
    if return_vectors:
        orient(vec)  # the sign convention, before anyone computes something odd in a mode
    nk = participation_number(vec)  # accepts a strided view
    return NormalModes(
        eigenvalues=lam,
        frequencies=np.sqrt(np.maximum(lam, 0.0)) / (2.0 * np.pi),
        participation_number=nk,
        participation_ratio=nk / n_atoms,
        zero_eigenvalues=np.asarray(zero_lam),
        lambda_max=float(lambda_max),
        n_atoms=n_atoms,
        max_force=float(max_force),
        complete=complete,
        vectors=vec if return_vectors else None,
    )


def _check_hessian(hessian):
    n3 = hessian.shape[0]
    if hessian.ndim != 2 or hessian.shape[1] != n3 or n3 % 3 or n3 < 6:
        raise ParameterError(f"hessian must be square with side 3N, N >= 2, got shape {hessian.shape}")
    return n3 // 3


def normal_modes(hessian, max_force, force_tol=FORCE_TOL, zero_tol=ZERO_TOL, return_vectors=False):
    """All 3N - 3 vibrational modes of a dense Hessian with ``scipy.linalg.eigh``.

    See the module docstring for the refusals.

    Parameters
    ----------
    hessian : array_like of float, shape (3N, 3N)
        H (epsilon/sigma^2), symmetric (only the lower triangle is read), from
        :func:`replicate.glass.hessian.hessian_dense`.
    max_force : float
        The minimiser's largest force on any atom (epsilon/sigma).
    force_tol : float
        Largest accepted ``max_force`` (epsilon/sigma).
    zero_tol : float
        |lambda| / lambda_max below which an eigenvalue counts as zero.
    return_vectors : bool
        Keep the eigenvectors, shape (3N, 3N - 3).

    Returns
    -------
    NormalModes
        3N - 3 modes, eigenvalues in 1/tau^2, frequencies in 1/tau.

    Raises
    ------
    NotConverged
        ``max_force`` above ``force_tol``.
    UnstableStructure
        A negative eigenvalue or not exactly three zero modes spanning the translations.
    """
    max_force = _check_force(max_force, force_tol)
    zero_tol = require_range("zero_tol (fraction of lambda_max)", zero_tol, 0.0, 1e-2, lo_open=True)
    hessian = np.asarray(hessian, dtype=np.float64)
    n_atoms = _check_hessian(hessian)
    if not np.all(np.isfinite(hessian)):
        raise ParameterError("hessian must be finite (no NaN or inf)")
    # divide and conquer (LAPACK ?syevd): 14 % faster than the default ?syevr for all modes of an
    # N = 1000 glass, eigenvalues equal to 1e-15 of lambda_max and participation ratios to 1e-12
    lam, vec = scipy.linalg.eigh(hessian, driver="evd", check_finite=False)
    lambda_max = float(lam[-1])
    if not lambda_max > 0:
        raise UnstableStructure(f"largest eigenvalue {lambda_max!r} is not positive")
    zero, zero_lam = _split_zero_modes(lam, vec, lambda_max, zero_tol, n_atoms)
    # ascending order and no eigenvalue below -tol: the three zero modes are the first three, so the
    # vibrations are a view (no copy of the 3N x 3N eigenvector matrix)
    if not np.array_equal(zero, [0, 1, 2]):
        raise UnstableStructure(f"the zero modes are not the three lowest (indices {zero.tolist()})")
    return _result(lam[3:], vec[:, 3:], zero_lam, lambda_max, n_atoms, max_force, True, return_vectors)


def normal_modes_sparse(hessian, max_force, k=50, force_tol=FORCE_TOL, zero_tol=ZERO_TOL, return_vectors=False):
    """The lowest ``k`` vibrational modes (translations removed) of a sparse Hessian.

    ``eigsh(which="SA")`` returns the k + 3 smallest algebraic eigenvalues (the three translations
    among them) by implicitly restarted Lanczos with relative residual :data:`SPARSE_TOL`, from a
    fixed start vector (seed :data:`START_SEED`), so the result is reproducible. Only matrix-vector
    products with H are needed: memory is H plus (3N, 2k + 7) Lanczos vectors. Measured on this
    project's 2-core machine, one thread, k = 200: at N = 8000 Lanczos took about 2 min where
    shift-invert with a sparse LU factorisation took 6 min and 2.6 GB, and LOBPCG with an algebraic
    multigrid preconditioner was slower still (``make bench`` records the N = 32,000 time and
    memory). Against the dense solver (tests, and N = 2000 in the bench) eigenvalues agree to 1e-12
    relative. ``lambda_max`` is estimated with a second ``eigsh`` call for the largest eigenvalue.

    Parameters
    ----------
    hessian : scipy.sparse matrix, shape (3N, 3N)
        H (epsilon/sigma^2) from :func:`replicate.glass.hessian.hessian_sparse`.
    max_force : float
        The minimiser's largest force on any atom (epsilon/sigma).
    k : int
        Number of modes returned, 1 <= k <= 3N - 4.
    force_tol : float
        Largest accepted ``max_force`` (epsilon/sigma).
    zero_tol : float
        |lambda| / lambda_max below which an eigenvalue counts as zero.
    return_vectors : bool
        Keep the eigenvectors, shape (3N, k).

    Returns
    -------
    NormalModes
        The ``k`` lowest modes, eigenvalues in 1/tau^2, frequencies in 1/tau.

    Raises
    ------
    NotConverged, UnstableStructure
        As :func:`normal_modes`.
    """
    max_force = _check_force(max_force, force_tol)
    zero_tol = require_range("zero_tol (fraction of lambda_max)", zero_tol, 0.0, 1e-2, lo_open=True)
    if not scipy.sparse.issparse(hessian):
        raise ParameterError("hessian must be a scipy.sparse matrix (use normal_modes for dense ones)")
    hessian = scipy.sparse.csr_matrix(hessian, dtype=np.float64)
    n_atoms = _check_hessian(hessian)
    k = require_int("k (number of modes)", k, 1, 3 * n_atoms - 4)
    if not np.all(np.isfinite(hessian.data)):
        raise ParameterError("hessian must be finite (no NaN or inf)")
    v0 = np.random.default_rng(START_SEED).standard_normal(3 * n_atoms)
    lambda_max = float(scipy.sparse.linalg.eigsh(hessian, k=1, which="LA", v0=v0, return_eigenvectors=False)[0])
    if not lambda_max > 0:
        raise UnstableStructure(f"largest eigenvalue {lambda_max!r} is not positive")
    lam, vec = scipy.sparse.linalg.eigsh(hessian, k=k + 3, which="SA", v0=v0, tol=SPARSE_TOL)
    order = np.argsort(lam, kind="stable")  # ascending; ties keep ARPACK's order
    lam, vec = lam[order], vec[:, order]
    zero, zero_lam = _split_zero_modes(lam, vec, lambda_max, zero_tol, n_atoms)
    keep = np.setdiff1d(np.arange(lam.size), zero)
    complete = k == 3 * n_atoms - 3
    return _result(lam[keep], vec[:, keep], zero_lam, lambda_max, n_atoms, max_force, complete, return_vectors)
