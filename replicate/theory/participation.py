"""Participation number and participation ratio of vibrational eigenmodes, eqns (1)-(2).

For an eigenvector normalised as in eqn (1), sum_i sum_alpha (e_{i alpha}^k)^2 = 1, the number of
atoms taking part in mode k is eqn (2),

    N_k = ( sum_i [ (e_{i1}^k)^2 + (e_{i2}^k)^2 + (e_{i3}^k)^2 ]^2 )^-1,

(Bell 1976), and the participation ratio is p = N_k / N. Both are dimensionless. We normalise the
input ourselves, so the result does not depend on the sign or the normalisation of the vectors.
"""

import numpy as np

from ..core.errors import ParameterError


def _as_atoms_dims_modes(vectors):
    e = np.asarray(vectors, dtype=float)
    if e.ndim == 1:
        e = e[:, None]
    if e.ndim == 2:
        if e.shape[0] % 3:
            raise ParameterError(f"vectors of shape (3N, k) need a first axis divisible by 3, got shape {e.shape}")
        e = e.reshape(e.shape[0] // 3, 3, e.shape[1])
    if e.ndim != 3 or e.shape[1] != 3:
        raise ParameterError(f"vectors must have shape (3N,), (3N, k) or (N, 3, k), got {e.shape}")
    if not np.all(np.isfinite(e)):
        raise ParameterError("vectors must be finite (no NaN or inf)")
    return e


def participation_number(vectors):
    """N_k of eqn (2) for each mode (column).

    Parameters
    ----------
    vectors : array_like, shape (3N, k), (N, 3, k) or (3N,)
        Eigenvectors as columns, atom-major rows (x1, y1, z1, x2, ...); (3N,) for a single mode. Any
        normalisation and sign (dimensionless).

    Returns
    -------
    ndarray, shape (k,), or float
        N_k (dimensionless, between 1 and N); a float for a 1-D input.
    """
    single = np.ndim(vectors) == 1
    e = _as_atoms_dims_modes(vectors)
    norm2 = np.einsum("iak,iak->k", e, e)
    if np.any(norm2 == 0):
        raise ParameterError("vectors must not contain an all-zero mode (eqn 1 normalisation fails)")
    w = np.einsum("iak,iak->ik", e, e) / norm2  # atomic weight of each mode, sums to 1 (eqn 1)
    nk = 1.0 / np.einsum("ik,ik->k", w, w)
    return float(nk[0]) if single else nk


def participation_ratio(vectors):
    """p = N_k / N (Fig 6 of the paper), same input conventions as :func:`participation_number`.

    Parameters
    ----------
    vectors : array_like, shape (3N, k), (N, 3, k) or (3N,)
        Eigenvectors as in :func:`participation_number`.

    Returns
    -------
    ndarray, shape (k,), or float
        p (dimensionless, between 1/N and 1); a float for a 1-D input.
    """
    n_atoms = _as_atoms_dims_modes(vectors).shape[0]
    return participation_number(vectors) / n_atoms


def largest_displacement_number(vectors):
    """The number of atoms from the largest atomic displacement, the paper's second measure (after eqn 2).

    A mode of amplitude A moves atom i by A |e_i|; with the largest displacement u_max = A max_i |e_i|
    the kinetic energy of the mode, M A^2 omega^2 / 2, equals that of an effective mass
    M_eff = M / max_i |e_i|^2 moving with u_max (Buchenau, Galperin, Gurevich and Schober, Phys. Rev. B
    43, 5039 (1991), doi:10.1103/PhysRevB.43.5039). The number of atoms is M_eff / M = 1 / max_i |e_i|^2 (unit
    vectors, eqn 1). Since sum_i |e_i|^4 <= max_i |e_i|^2 sum_i |e_i|^2, it never exceeds N_k of
    eqn (2): the paper's "smaller numbers of participating atoms".

    Parameters
    ----------
    vectors : array_like, shape (3N, k), (N, 3, k) or (3N,)
        Eigenvectors as in :func:`participation_number` (any normalisation and sign).

    Returns
    -------
    ndarray, shape (k,), or float
        1 / max_i |e_i|^2 (dimensionless, between 1 and N); a float for a 1-D input.
    """
    single = np.ndim(vectors) == 1
    e = _as_atoms_dims_modes(vectors)
    norm2 = np.einsum("iak,iak->k", e, e)
    if np.any(norm2 == 0):
        raise ParameterError("vectors must not contain an all-zero mode (eqn 1 normalisation fails)")
    n_max = norm2 / np.max(np.einsum("iak,iak->ik", e, e), axis=0)
    return float(n_max[0]) if single else n_max
