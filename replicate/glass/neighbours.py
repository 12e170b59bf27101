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
from one side only.

Beside each neighbour the list records its periodic image, ``image[k]``: the code of the shift
``(a, b, c) L`` (a, b, c in {-1, 0, 1}, code ``(a+1)*9 + (b+1)*3 + (c+1)``, vectors from
:func:`image_shifts`) that makes ``r_i - r_j - shift`` the minimum image at the time of the build.
Force loops subtract it instead of testing every component against L/2. Atoms move continuously
between builds and are wrapped only by the build, so the shift stays right for every pair that can
come within r_c (that needs ``r_c + 2 skin`` well below L, which ``r_list < L/2`` ensures); the
subtraction is the same floating-point operation as the minimum image, so forces are bit-identical
to recomputing it. Positions must therefore not be re-wrapped between builds by anything but the
build.

A list built at positions ``x0`` stays complete while no atom has moved more than ``skin / 2`` from
``x0`` (then no pair can have closed from beyond ``r_list`` to inside ``r_c``); :func:`needs_rebuild`
checks that criterion.
"""

import math

import numba
import numpy as np

from ..core.errors import ParameterError, require_int, require_positive
from .box import minimum_image, wrap


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


# the 27 periodic images of a neighbour: code (a + 1) * 9 + (b + 1) * 3 + (c + 1) for a shift of
# (a, b, c) box edges, a, b, c in {-1, 0, 1}; NO_SHIFT is the code of (0, 0, 0)
N_IMAGES = 27
NO_SHIFT = 13


def image_shifts(box):
    """The shift vector of each image code, ``(a L, b L, c L)`` (module docstring).

    Parameters
    ----------
    box : float
        Box edge L (sigma).

    Returns
    -------
    ndarray of float, shape (27, 3)
        Row ``(a + 1) * 9 + (b + 1) * 3 + (c + 1)`` is ``(a, b, c) * L`` (sigma).
    """
    shifts = np.empty((N_IMAGES, 3))
    for a in (-1, 0, 1):
        for b in (-1, 0, 1):
            for c in (-1, 0, 1):
                shifts[(a + 1) * 9 + (b + 1) * 3 + (c + 1)] = (a * box, b * box, c * box)
    return shifts


def cell_stencil(box, rlist):
    """Cells per edge and the forward half stencil of every cell, with the image of each stencil cell.

    Cells of edge >= r_list/2 with a 5x5x5 stencil when five fit along the box, else cells of edge
    >= r_list with a 3x3x3 stencil when three fit, else no cells (the O(N^2) search). The forward half
    holds the offsets after (0, 0, 0) in lexicographic order, so each pair of distinct cells is
    searched from one side only. A stencil cell reached across the box face is the periodic image of
    a cell on the other side: its atoms are seen shifted by ``(a, b, c) L`` with ``a = floor((c_x +
    o_x) / n_c)`` (and so on), recorded as an image code.

    Parameters
    ----------
    box : float
        Box edge L (sigma).
    rlist : float
        List radius r_c + skin (sigma).

    Returns
    -------
    n_cells : int
        Cells per edge n_c (0: no cells).
    stencil : ndarray of int64, shape (n_c^3, n_half)
        Flat index of each forward stencil cell of each cell.
    stencil_image : ndarray of uint8, shape (n_c^3, n_half)
        Image code (module docstring) of each stencil cell as seen from the cell.
    """
    for m in (2, 1):
        nc = int(m * box / rlist)
        if nc >= 2 * m + 1:
            break
    else:
        return 0, np.zeros((0, 0), dtype=np.int64), np.zeros((0, 0), dtype=np.uint8)
    offsets = [
        (ox, oy, oz)
        for ox in range(-m, m + 1)
        for oy in range(-m, m + 1)
        for oz in range(-m, m + 1)
        if ox > 0 or (ox == 0 and (oy > 0 or (oy == 0 and oz > 0)))
    ]
    o = np.array(offsets, dtype=np.int64)  # (n_half, 3)
    c = np.stack(np.meshgrid(*(np.arange(nc),) * 3, indexing="ij"), axis=-1).reshape(-1, 1, 3)
    t = c + o[None, :, :]  # (n_c^3, n_half, 3) target cell before wrapping
    w = t % nc
    stencil = (w[..., 0] * nc + w[..., 1]) * nc + w[..., 2]
    a = t // nc + 1  # 0, 1 or 2
    stencil_image = (a[..., 0] * 9 + a[..., 1] * 3 + a[..., 2]).astype(np.uint8)
    return nc, np.ascontiguousarray(stencil), np.ascontiguousarray(stencil_image)


@numba.njit
def _brute_force(pos, box, rlist2, start, nbrs, image):
    n = pos.shape[0]
    cap = nbrs.shape[0]
    k = 0
    for i in range(n):
        start[i] = k
        xi, yi, zi = pos[i, 0], pos[i, 1], pos[i, 2]
        for j in range(i + 1, n):
            # minimum image written out (replicate.glass.box.minimum_image), keeping the shifts
            ax = np.floor((xi - pos[j, 0]) / box + 0.5)
            ay = np.floor((yi - pos[j, 1]) / box + 0.5)
            az = np.floor((zi - pos[j, 2]) / box + 0.5)
            dx = (xi - pos[j, 0]) - box * ax
            dy = (yi - pos[j, 1]) - box * ay
            dz = (zi - pos[j, 2]) - box * az
            if dx * dx + dy * dy + dz * dz < rlist2:
                if k >= cap:
                    return -1
                nbrs[k] = j
                image[k] = (int(ax) + 1) * 9 + (int(ay) + 1) * 3 + (int(az) + 1)
                k += 1
    start[n] = k
    return k


@numba.njit
def _cell_list(pos, box, rlist, nc, stencil, stencil_image, start, nbrs, image):
    """Cell-list search over the forward half stencil (:func:`cell_stencil`)."""
    n = pos.shape[0]
    cap = nbrs.shape[0]
    cell = box / nc
    ncell = nc * nc * nc
    cid = np.empty(n, dtype=np.int64)
    count = np.zeros(ncell + 1, dtype=np.int64)
    for i in range(n):
        flat = 0
        for a in range(3):
            c = int(pos[i, a] / cell)
            if c >= nc:
                c = nc - 1
            flat = flat * nc + c
        cid[i] = flat
        count[flat + 1] += 1
    for c in range(ncell):
        count[c + 1] += count[c]
    # counting sort by cell (stable: increasing atom index within a cell), coordinates copied
    # contiguously so that the inner loop streams through memory; rank[i]: place of atom i
    fill = count[:-1].copy()
    order = np.empty(n, dtype=np.int64)
    rank = np.empty(n, dtype=np.int64)
    sx = np.empty(n)
    sy = np.empty(n)
    sz = np.empty(n)
    for i in range(n):
        q = fill[cid[i]]
        fill[cid[i]] += 1
        order[q] = i
        rank[i] = q
        sx[q] = pos[i, 0]
        sy[q] = pos[i, 1]
        sz[q] = pos[i, 2]
    n_half = stencil.shape[1]
    rlist2 = rlist * rlist
    k = 0
    for i in range(n):
        start[i] = k
        xi, yi, zi = pos[i, 0], pos[i, 1], pos[i, 2]
        ci = cid[i]
        # the atoms after i in its own cell, then every atom of the forward cells; each candidate is
        # written and kept by advancing k only when it lies within r_list (no branch to mispredict)
        for s in range(-1, n_half):
            if s < 0:
                q0, q1 = rank[i] + 1, count[ci + 1]
                code = NO_SHIFT
            else:
                c2 = stencil[ci, s]
                q0, q1 = count[c2], count[c2 + 1]
                code = stencil_image[ci, s]
            if k + (q1 - q0) > cap:
                return -1
            ax = box * (code // 9 - 1)
            ay = box * ((code // 3) % 3 - 1)
            az = box * (code % 3 - 1)
            for q in range(q0, q1):
                dx = (xi - sx[q]) - ax
                dy = (yi - sy[q]) - ay
                dz = (zi - sz[q]) - az
                nbrs[k] = order[q]
                image[k] = code
                k += dx * dx + dy * dy + dz * dz < rlist2
    start[n] = k
    return k


@numba.njit
def build_half_list(pos, box, rlist, n_cells, stencil, stencil_image, start, nbrs, image):
    """Build the half Verlet list in place (numba kernel).

    Positions are wrapped into ``[0, L)`` first (in place), so that the displacement check of the
    caller starts from the stored positions. Within each atom's row, neighbours of the cell-list
    path follow the fixed stencil order; the result depends only on the positions. Each pair appears
    in one of its two rows, with the image of the second atom (module docstring).

    Parameters
    ----------
    pos : ndarray of float, shape (N, 3)
        Positions (sigma); wrapped into the box in place.
    box : float
        Box edge L (sigma).
    rlist : float
        List radius r_c + skin (sigma).
    n_cells, stencil, stencil_image
        The cell grid of :func:`cell_stencil` for this box and r_list (``n_cells`` 0: O(N^2) search).
    start : ndarray of int64, shape (N + 1,)
        Output: row starts.
    nbrs : ndarray of int64, shape (capacity,)
        Output: neighbour indices (each pair once).
    image : ndarray of uint8, shape (capacity,)
        Output: image code of each neighbour (:func:`image_shifts`).

    Returns
    -------
    int
        Number of pairs, or -1 when ``nbrs`` is too small.
    """
    n = pos.shape[0]
    for i in range(n):
        for a in range(3):
            pos[i, a] = wrap(pos[i, a], box)
    if n_cells > 0:
        return _cell_list(pos, box, rlist, n_cells, stencil, stencil_image, start, nbrs, image)
    return _brute_force(pos, box, rlist * rlist, start, nbrs, image)


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

    ``NeighbourList(n_atoms, box, rc, skin)`` allocates and lays out the cell grid; :meth:`build`
    fills it at the given positions (wrapping them into the box in place) and grows the storage when
    needed. Arrays for the kernels: ``start``, ``nbrs`` and ``image`` (the list), ``shifts`` (the
    image vectors, :func:`image_shifts`), ``n_cells``, ``stencil`` and ``stencil_image`` (the grid,
    :func:`cell_stencil`).

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
        self.n_cells, self.stencil, self.stencil_image = cell_stencil(self.box, self.rlist)
        self.shifts = image_shifts(self.box)
        density = n_atoms / box**3
        per_atom = 4.0 / 3.0 * math.pi * self.rlist**3 * density
        self.start = np.zeros(n_atoms + 1, dtype=np.int64)
        capacity = int(n_atoms * (0.75 * per_atom + 8))
        self.nbrs = np.zeros(capacity, dtype=np.int64)
        self.image = np.zeros(capacity, dtype=np.uint8)
        self.ref = np.zeros((n_atoms, 3))
        self.n_builds = 0

    def build(self, pos):
        """Fill the list at ``pos`` (N, 3, sigma; wrapped into the box in place); return the pair count."""
        while True:
            k = build_half_list(
                pos,
                self.box,
                self.rlist,
                self.n_cells,
                self.stencil,
                self.stencil_image,
                self.start,
                self.nbrs,
                self.image,
            )
            if k >= 0:
                break
            self.grow()
        self.ref[:] = pos
        self.n_builds += 1
        return k

    def grow(self):
        """Double the pair storage (after an overflow signalled by a kernel); the contents are kept."""
        capacity = 2 * self.nbrs.shape[0]
        nbrs = np.zeros(capacity, dtype=np.int64)
        image = np.zeros(capacity, dtype=np.uint8)
        nbrs[: self.nbrs.shape[0]] = self.nbrs
        image[: self.image.shape[0]] = self.image
        self.nbrs, self.image = nbrs, image

    @property
    def n_pairs(self):
        """Number of pairs in the list."""
        return int(self.start[-1])
