"""Periodic cubic box and Verlet neighbour lists with a skin.

Reduced units: lengths in sigma. The box is cubic with edge ``L = (N / rho)^(1/3)`` (``rho`` in
sigma^-3) and periodic in all three directions; separations use the minimum image
``dx -> dx - L * round(dx / L)`` (:mod:`replicate.glass.box`), valid for every pair within
``r_list = r_c + skin`` because we require ``r_list < L / 2``.

The list is a *half* list in compressed-row form: row ``i``, ``nbrs[start[i]:start[i+1]]``, holds
neighbours ``j`` of atom ``i`` with ``|r_ij| < r_list``, and each pair appears in exactly one of its
two rows, so force loops visit it once and add equal and opposite contributions (deterministic: the
order depends only on the positions). The O(N^2) path stores ``j > i``. The cell-list path (cells of
edge >= r_list/2 and a 5x5x5 stencil when five such cells fit along the box, else cells of edge >=
r_list and a 3x3x3 stencil when three fit) visits, from each atom, the atoms after it in its own cell
(in cell order) and every atom of the forward half of the stencil, so each pair of cells is searched
from one side only. A list built at positions
``x0`` stays complete while no atom has moved more than ``skin / 2`` from ``x0`` (then no pair can
have closed from beyond ``r_list`` to inside ``r_c``); :func:`needs_rebuild` checks that criterion.
"""

import math

import numba
import numpy as np

from ..core.errors import ParameterError, require_int, require_positive
from .box import minimum_image, minimum_image_near, wrap


def box_length(n_atoms, density):
    """Edge L = (N / rho)^(1/3) of the cubic box holding ``n_atoms`` at number density ``density``.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N >= 2.
    density : float
        Number density rho (sigma^-3).

    Returns
    -------
    float
        L (sigma).
    """
    require_int("n_atoms", n_atoms, 2, None)
    require_positive("density (sigma^-3)", density)
    return (n_atoms / density) ** (1.0 / 3.0)


def check_cutoff(rc, skin, box):
    """Check ``0 < rc``, ``0 <= skin`` and ``rc + skin < L/2`` (minimum image).

    Parameters
    ----------
    rc : float
        Cutoff r_c (sigma).
    skin : float
        Neighbour-list skin (sigma).
    box : float
        Box edge L (sigma).

    Raises
    ------
    ParameterError
        When a bound is violated.
    """
    require_positive("rc (cutoff, sigma)", rc)
    if not (skin >= 0 and math.isfinite(skin)):
        raise ParameterError(f"skin (sigma) must be finite and >= 0, got {skin!r}")
    if rc + skin >= 0.5 * box:
        raise ParameterError(
            f"rc (cutoff, sigma) plus skin must be below half the box edge L/2 = {0.5 * box:.4g} "
            f"(minimum image), got rc = {rc!r}, skin = {skin!r}; use more atoms or a smaller cutoff"
        )


@numba.njit
def _brute_force(pos, box, rlist2, start, nbrs):
    n = pos.shape[0]
    cap = nbrs.shape[0]
    k = 0
    for i in range(n):
        start[i] = k
        xi, yi, zi = pos[i, 0], pos[i, 1], pos[i, 2]
        for j in range(i + 1, n):
            dx = xi - pos[j, 0]
            dy = yi - pos[j, 1]
            dz = zi - pos[j, 2]
            dx = minimum_image(dx, box)
            dy = minimum_image(dy, box)
            dz = minimum_image(dz, box)
            if dx * dx + dy * dy + dz * dz < rlist2:
                if k >= cap:
                    return -1
                nbrs[k] = j
                k += 1
    start[n] = k
    return k


@numba.njit
def _cell_list(pos, box, rlist, m, start, nbrs):
    """Cell list with cells of edge >= rlist/m and a (2m+1)^3 stencil (needs >= 2m+1 cells per edge)."""
    n = pos.shape[0]
    cap = nbrs.shape[0]
    nc = int(m * box / rlist)
    cell = box / nc
    ncell = nc * nc * nc
    cid = np.empty(n, dtype=np.int64)
    cidx = np.empty((n, 3), dtype=np.int64)
    count = np.zeros(ncell + 1, dtype=np.int64)
    for i in range(n):
        for a in range(3):
            c = int(pos[i, a] / cell)
            if c >= nc:
                c = nc - 1
            cidx[i, a] = c
        cid[i] = (cidx[i, 0] * nc + cidx[i, 1]) * nc + cidx[i, 2]
        count[cid[i] + 1] += 1
    for c in range(ncell):
        count[c + 1] += count[c]
    # counting sort by cell (stable: increasing atom index within a cell), coordinates copied
    # contiguously so that the inner loop streams through memory
    fill = count[:-1].copy()
    order = np.empty(n, dtype=np.int64)
    sx = np.empty(n)
    sy = np.empty(n)
    sz = np.empty(n)
    for i in range(n):
        q = fill[cid[i]]
        fill[cid[i]] += 1
        order[q] = i
        sx[q] = pos[i, 0]
        sy[q] = pos[i, 1]
        sz[q] = pos[i, 2]
    # rank[i]: position of atom i in the cell order
    rank = np.empty(n, dtype=np.int64)
    for q in range(n):
        rank[order[q]] = q
    # the forward half of the (2m+1)^3 stencil of every cell (offsets after (0, 0, 0) in lexicographic
    # order), computed once per build: each pair of distinct cells is visited from one side only
    width = 2 * m + 1
    n_half = (width * width * width - 1) // 2
    stencil = np.empty((ncell, n_half), dtype=np.int64)
    for cx in range(nc):
        for cy in range(nc):
            for cz in range(nc):
                c = (cx * nc + cy) * nc + cz
                s = 0
                for ox in range(-m, m + 1):
                    for oy in range(-m, m + 1):
                        for oz in range(-m, m + 1):
                            if ox > 0 or (ox == 0 and (oy > 0 or (oy == 0 and oz > 0))):
                                stencil[c, s] = (((cx + ox) % nc) * nc + (cy + oy) % nc) * nc + (cz + oz) % nc
                                s += 1
    rlist2 = rlist * rlist
    half = 0.5 * box
    k = 0
    for i in range(n):
        start[i] = k
        xi, yi, zi = pos[i, 0], pos[i, 1], pos[i, 2]
        ci = cid[i]
        # the atoms after i in its own cell, then every atom of the forward cells
        for s in range(-1, n_half):
            if s < 0:
                q0, q1 = rank[i] + 1, count[ci + 1]
            else:
                c2 = stencil[ci, s]
                q0, q1 = count[c2], count[c2 + 1]
            for q in range(q0, q1):
                # positions lie in [0, L): one conditional shift is the minimum image
                dx = minimum_image_near(xi - sx[q], box, half)
                dy = minimum_image_near(yi - sy[q], box, half)
                dz = minimum_image_near(zi - sz[q], box, half)
                if dx * dx + dy * dy + dz * dz < rlist2:
                    if k >= cap:
                        return -1
                    nbrs[k] = order[q]
                    k += 1
    start[n] = k
    return k


@numba.njit
def build_half_list(pos, box, rlist, start, nbrs):
    """Build the half Verlet list in place (numba kernel).

    Positions are wrapped into ``[0, L)`` first (in place), so that the displacement check of the
    caller starts from the stored positions. Within each atom's row, neighbours of the cell-list
    path follow the fixed stencil order; the result depends only on the positions. Each pair appears
    in one of its two rows (module docstring).

    Parameters
    ----------
    pos : ndarray of float, shape (N, 3)
        Positions (sigma); wrapped into the box in place.
    box : float
        Box edge L (sigma).
    rlist : float
        List radius r_c + skin (sigma).
    start : ndarray of int64, shape (N + 1,)
        Output: row starts.
    nbrs : ndarray of int64, shape (capacity,)
        Output: neighbour indices (each pair once).

    Returns
    -------
    int
        Number of pairs, or -1 when ``nbrs`` is too small.
    """
    n = pos.shape[0]
    for i in range(n):
        for a in range(3):
            pos[i, a] = wrap(pos[i, a], box)
    for m in (2, 1):
        if int(m * box / rlist) >= 2 * m + 1:
            return _cell_list(pos, box, rlist, m, start, nbrs)
    return _brute_force(pos, box, rlist * rlist, start, nbrs)


@numba.njit
def needs_rebuild(pos, ref, box, half_skin2):
    """Whether any atom moved more than ``skin/2`` (minimum image) since the list was built at ``ref``.

    Parameters
    ----------
    pos, ref : ndarray of float, shape (N, 3)
        Current positions and those at the last build (sigma).
    box : float
        Box edge L (sigma).
    half_skin2 : float
        (skin/2)^2 (sigma^2).

    Returns
    -------
    bool
        True when the list must be rebuilt.
    """
    n = pos.shape[0]
    for i in range(n):
        d2 = 0.0
        for a in range(3):
            d = minimum_image(pos[i, a] - ref[i, a], box)
            d2 += d * d
        if d2 > half_skin2:
            return True
    return False


class NeighbourList:
    """Half Verlet list of a periodic cubic box.

    ``NeighbourList(n_atoms, box, rc, skin)`` allocates; :meth:`build` fills it at the given positions
    (wrapping them into the box in place) and grows the storage when needed.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.
    box : float
        Box edge L (sigma).
    rc : float
        Cutoff r_c (sigma).
    skin : float
        Skin (sigma); the list holds all pairs within r_c + skin < L/2.
    """

    def __init__(self, n_atoms, box, rc, skin=0.3):
        require_int("n_atoms", n_atoms, 2, None)
        require_positive("box (edge L, sigma)", box)
        check_cutoff(rc, skin, box)
        self.n_atoms = n_atoms
        self.box = float(box)
        self.rc = float(rc)
        self.skin = float(skin)
        self.rlist = self.rc + self.skin
        density = n_atoms / box**3
        per_atom = 4.0 / 3.0 * math.pi * self.rlist**3 * density
        self.start = np.zeros(n_atoms + 1, dtype=np.int64)
        self.nbrs = np.zeros(int(n_atoms * (0.75 * per_atom + 8)), dtype=np.int64)
        self.ref = np.zeros((n_atoms, 3))
        self.n_builds = 0

    def build(self, pos):
        """Fill the list at ``pos`` (N, 3, sigma; wrapped into the box in place); return the pair count."""
        while True:
            k = build_half_list(pos, self.box, self.rlist, self.start, self.nbrs)
            if k >= 0:
                break
            self.nbrs = np.zeros(2 * self.nbrs.shape[0], dtype=np.int64)
        self.ref[:] = pos
        self.n_builds += 1
        return k

    def grow(self):
        """Double the pair storage (after an overflow signalled by a kernel)."""
        self.nbrs = np.zeros(2 * self.nbrs.shape[0], dtype=np.int64)

    @property
    def n_pairs(self):
        """Number of pairs in the list."""
        return int(self.start[-1])
