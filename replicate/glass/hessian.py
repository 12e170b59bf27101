"""Analytic Hessian (dynamical matrix) of the inverse-power-law glass in a periodic cubic box.

Reduced units: positions and the box edge in sigma, energy in epsilon, mass m = 1, so the Hessian
H = d^2U / dr_{i a} dr_{j b} (epsilon/sigma^2) is also the dynamical matrix and its eigenvalues are
lambda = omega^2 in 1/tau^2 (tau = sigma sqrt(m/epsilon)).

For U = sum_{i<j} phi(r_ij), r_ij = r_i - r_j (minimum image), unit vector u = r_ij / r_ij, every
pair within the cutoff contributes the 3x3 block

    K_ij = phi''(r_ij) u u^T + (phi'(r_ij)/r_ij) (1 - u u^T),

with H_ij = -K_ij off the diagonal and H_ii = sum_{j != i} K_ij (translation invariance: every block
row sums to zero, which gives the three zero modes of the periodic box). Both the phi'' term and the
phi'/r ("tension") term are kept; at an inherent structure the forces vanish but the pair tensions
do not. phi, phi' and phi'' come from :func:`replicate.glass.potential.pair_terms`, the same
smoothed potential and cutoff r_c as the forces and the MD; pairs beyond r_c give zero.

Pairs are found with :class:`scipy.spatial.cKDTree` in the periodic box (``boxsize=L``); we require
r_c < L/2 so the minimum image is the only image within the cutoff.
"""

import numba
import numpy as np
import scipy.sparse
from scipy.spatial import cKDTree

from ..core.errors import ParameterError, require_positions, require_positive
from .box import minimum_image, wrap
from .potential import InversePowerLaw, pair_terms

# Largest N for a dense 3N x 3N float64 matrix: 72 N^2 bytes, 1.8 GB at N = 5000 (this project runs on a
# 2-core machine with a few GB; at N = 8000 the Hessian alone is 4.6 GB, at N = 32,000 74 GB)
DENSE_MAX_ATOMS = 5000


def check_configuration(pos, box, pot):
    """Validated ``(pos, box)`` for a pair sum: an :class:`InversePowerLaw`, a positive box edge
    (sigma), finite (N, 3) positions with N >= 2 (sigma), and r_c below L/2 (minimum image)."""
    if not isinstance(pot, InversePowerLaw):
        raise ParameterError(f"pot must be an InversePowerLaw, got {type(pot).__name__}")
    box = require_positive("box (edge L, sigma)", box)
    pos = require_positions(pos, min_atoms=2)
    if pot.rc >= 0.5 * box:
        raise ParameterError(
            f"rc (cutoff, sigma) must be below half the box edge L/2 = {0.5 * box:.4g} "
            f"(minimum image), got rc = {pot.rc!r}"
        )
    return pos, box


def pairs_within(pos, box, rc):
    """Pairs ``(i, j)``, i < j, with minimum-image distance <= ``rc``, sorted.

    Positions are wrapped into [0, L) for the tree only (the caller's array is not modified).

    Parameters
    ----------
    pos : ndarray of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    rc : float
        Distance bound (sigma), below L/2.

    Returns
    -------
    ndarray of int64, shape (P, 2)
        The pairs, lexicographically sorted.
    """
    wrapped = wrap(pos, box)
    wrapped[wrapped >= box] = 0.0  # floor rounding can leave x == L, which cKDTree rejects
    pairs = cKDTree(wrapped, boxsize=box).query_pairs(rc, output_type="ndarray")
    if pairs.shape[0] == 0:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.sort(pairs.astype(np.int64), axis=1)
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))  # fixed order: results do not depend on the tree
    return np.ascontiguousarray(pairs[order])


@numba.njit
def pair_blocks(pos, box, pairs, p):
    """The 3x3 blocks K_ij of every pair (numba kernel).

    Parameters
    ----------
    pos : ndarray of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    pairs : ndarray of int64, shape (P, 2)
        Pairs from :func:`pairs_within`.
    p : ndarray of float, shape (8,)
        :attr:`replicate.glass.potential.InversePowerLaw.params`.

    Returns
    -------
    ndarray of float, shape (P, 3, 3)
        K_ij (epsilon/sigma^2), exactly symmetric.
    """
    npairs = pairs.shape[0]
    out = np.zeros((npairs, 3, 3))
    d = np.empty(3)
    for k in range(npairs):
        i = pairs[k, 0]
        j = pairs[k, 1]
        r2 = 0.0
        for a in range(3):
            x = minimum_image(pos[i, a] - pos[j, a], box)
            d[a] = x
            r2 += x * x
        _, f_over_r, d2phi = pair_terms(r2, p)
        # f_over_r = -phi'/r; K = phi'' u u + (phi'/r)(1 - u u) = (phi'' + f_over_r) u u - f_over_r 1
        c = (d2phi + f_over_r) / r2
        for a in range(3):
            for b in range(a, 3):
                v = c * d[a] * d[b]
                out[k, a, b] = v
                out[k, b, a] = v  # mirrored, so the Hessian is exactly symmetric
            out[k, a, a] -= f_over_r
    return out


@numba.njit
def _assemble_dense(n, pairs, blocks):
    h = np.zeros((3 * n, 3 * n))
    for k in range(pairs.shape[0]):
        i = pairs[k, 0]
        j = pairs[k, 1]
        for a in range(3):
            for b in range(3):
                v = blocks[k, a, b]
                h[3 * i + a, 3 * j + b] -= v
                h[3 * j + a, 3 * i + b] -= v
                h[3 * i + a, 3 * i + b] += v
                h[3 * j + a, 3 * j + b] += v
    return h


def _blocks(pos, box, pot):
    pos, box = check_configuration(pos, box, pot)
    pairs = pairs_within(pos, box, pot.rc)
    return pos, pairs, pair_blocks(pos, box, pairs, pot.params)


def require_dense_fits(n_atoms, what="a dense 3N x 3N matrix"):
    """Refuse a dense 3N x 3N float64 matrix (72 N^2 bytes) above :data:`DENSE_MAX_ATOMS` atoms, with a
    message naming its size and the sparse alternative (instead of a crash inside BLAS)."""
    if n_atoms > DENSE_MAX_ATOMS:
        gb = 72.0 * n_atoms**2 / 1e9
        raise ParameterError(
            f"{what} for N = {n_atoms} atoms is {3 * n_atoms} x {3 * n_atoms} ({gb:.1f} GB); the limit is "
            f"N = {DENSE_MAX_ATOMS} ({72.0 * DENSE_MAX_ATOMS**2 / 1e9:.1f} GB): use hessian_sparse and "
            "normal_modes_sparse (the lowest k modes) instead"
        )


def hessian_dense(pos, box, pot=None):
    """Dense Hessian of the configuration.

    Memory 72 N^2 bytes; refused above :data:`DENSE_MAX_ATOMS` atoms (:func:`require_dense_fits`): use
    :func:`hessian_sparse` there.

    Parameters
    ----------
    pos : array_like of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    pot : InversePowerLaw, optional
        Pair potential (default n = 6, r_c = 2.5 sigma); r_c < L/2.

    Returns
    -------
    ndarray of float, shape (3N, 3N)
        H (epsilon/sigma^2 = 1/tau^2 with m = 1), exactly symmetric, atom-major rows
        (x1, y1, z1, x2, ...).
    """
    pot = InversePowerLaw() if pot is None else pot
    require_dense_fits(np.shape(pos)[0], "hessian_dense")
    pos, pairs, blocks = _blocks(pos, box, pot)
    return _assemble_dense(pos.shape[0], pairs, blocks)


def hessian_sparse(pos, box, pot=None):
    """The same Hessian as :func:`hessian_dense` as a sparse matrix (any N).

    Parameters
    ----------
    pos : array_like of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    pot : InversePowerLaw, optional
        Pair potential (default n = 6, r_c = 2.5 sigma); r_c < L/2.

    Returns
    -------
    scipy.sparse.csr_matrix, shape (3N, 3N)
        H (epsilon/sigma^2), sorted indices, no duplicates.
    """
    pot = InversePowerLaw() if pot is None else pot
    pos, pairs, blocks = _blocks(pos, box, pot)
    n = pos.shape[0]
    diag = np.zeros((n, 3, 3))
    np.add.at(diag, pairs[:, 0], blocks)
    np.add.at(diag, pairs[:, 1], blocks)
    a = np.arange(3)
    # rows/cols of a block (P, 3, 3): 3*i + a, 3*j + b
    ri = (3 * pairs[:, 0, None, None] + a[None, :, None]) + 0 * a[None, None, :]
    cj = (3 * pairs[:, 1, None, None] + a[None, None, :]) + 0 * a[None, :, None]
    rj = (3 * pairs[:, 1, None, None] + a[None, :, None]) + 0 * a[None, None, :]
    ci = (3 * pairs[:, 0, None, None] + a[None, None, :]) + 0 * a[None, :, None]
    atoms = np.arange(n)
    rd = (3 * atoms[:, None, None] + a[None, :, None]) + 0 * a[None, None, :]
    cd = (3 * atoms[:, None, None] + a[None, None, :]) + 0 * a[None, :, None]
    rows = np.concatenate([ri.ravel(), rj.ravel(), rd.ravel()])
    cols = np.concatenate([cj.ravel(), ci.ravel(), cd.ravel()])
    # the (j, i) block is K^T = K (K is symmetric)
    vals = np.concatenate([-blocks.ravel(), -blocks.transpose(0, 2, 1).ravel(), diag.ravel()])
    h = scipy.sparse.coo_matrix((vals, (rows, cols)), shape=(3 * n, 3 * n)).tocsr()
    h.sum_duplicates()
    h.sort_indices()
    return h
