"""Total potential energy, forces and virial of the inverse-power-law glass (numba kernels).

Reduced units: positions in sigma, energy in epsilon, forces in epsilon/sigma. With the pair energy
phi(r) of :mod:`replicate.glass.potential` (eqn 9 of the paper, smoothed at r_c),

    U = sum_{i<j} phi(r_ij),   F_i = -dU/dr_i = sum_j (-phi'(r_ij)/r_ij) r_ij,   r_ij = r_i - r_j,
    W = sum_{i<j} r_ij . F_ij = sum_{i<j} -phi'(r_ij) r_ij        (virial, epsilon),

summed over the half neighbour list of :mod:`replicate.glass.neighbours` in a fixed order, so the
result is bit-reproducible. The virial pressure built from W is in :mod:`replicate.glass.thermo`.
"""

import numba
import numpy as np

from ..core.errors import require_positions
from .neighbours import NeighbourList
from .potential import InversePowerLaw, pair_force


@numba.njit
def forces_energy_virial(pos, start, nbrs, image, shifts, p, frc):
    """Forces, potential energy and virial over a half neighbour list (numba kernel).

    Parameters
    ----------
    pos : ndarray of float, shape (N, 3)
        Positions (sigma), moved continuously since the list was built (not re-wrapped).
    start : ndarray of int64, shape (N + 1,)
        Row starts of the half list (:class:`replicate.glass.neighbours.NeighbourList`).
    nbrs : ndarray of int64, shape (capacity,)
        Neighbour indices of the half list (each pair once).
    image : ndarray of uint8, shape (capacity,)
        Image code of each neighbour (the list's ``image``).
    shifts : ndarray of float, shape (27, 3)
        Shift vector of each image code (sigma; the list's ``shifts``).
    p : ndarray of float, shape (8,)
        :attr:`replicate.glass.potential.InversePowerLaw.params`.
    frc : ndarray of float, shape (N, 3)
        Output, overwritten with the forces (epsilon/sigma).

    Returns
    -------
    U : float
        Potential energy (epsilon).
    W : float
        Virial (epsilon).
    """
    n = pos.shape[0]
    frc[:, :] = 0.0
    u = 0.0
    w = 0.0
    longest = 0
    for i in range(n):
        longest = max(longest, start[i + 1] - start[i])
    # one row at a time in three passes: separations (a gather), the pair terms (a loop without
    # indirection, which the compiler vectorises), then the sums and the reaction forces in list order
    # (so every sum is the same sequence of additions as a single pass: bit-identical results)
    bx = np.empty(longest)
    by = np.empty(longest)
    bz = np.empty(longest)
    br2 = np.empty(longest)
    bphi = np.empty(longest)
    bf = np.empty(longest)
    for i in range(n):
        xi, yi, zi = pos[i, 0], pos[i, 1], pos[i, 2]
        k0 = start[i]
        m = start[i + 1] - k0
        for t in range(m):
            j = nbrs[k0 + t]
            c = image[k0 + t]
            # the minimum image, from the shift recorded at the build (replicate.glass.neighbours)
            dx = (xi - pos[j, 0]) - shifts[c, 0]
            dy = (yi - pos[j, 1]) - shifts[c, 1]
            dz = (zi - pos[j, 2]) - shifts[c, 2]
            bx[t] = dx
            by[t] = dy
            bz[t] = dz
            br2[t] = dx * dx + dy * dy + dz * dz
        for t in range(m):
            bphi[t], bf[t] = pair_force(br2[t], p)
        fx = 0.0
        fy = 0.0
        fz = 0.0
        for t in range(m):
            j = nbrs[k0 + t]
            f_over_r = bf[t]
            dx = bx[t]
            dy = by[t]
            dz = bz[t]
            u += bphi[t]
            w += f_over_r * br2[t]
            fx += f_over_r * dx
            fy += f_over_r * dy
            fz += f_over_r * dz
            frc[j, 0] -= f_over_r * dx
            frc[j, 1] -= f_over_r * dy
            frc[j, 2] -= f_over_r * dz
        frc[i, 0] += fx
        frc[i, 1] += fy
        frc[i, 2] += fz
    return u, w


def energy_forces(pos, box, pot=None, skin=0.3):
    """Convenience call: ``(U, F, W)`` of a configuration (builds its own neighbour list).

    Parameters
    ----------
    pos : array_like of float, shape (N, 3)
        Positions (sigma); not modified.
    box : float
        Box edge L (sigma).
    pot : InversePowerLaw, optional
        Pair potential (default n = 6, r_c = 2.5 sigma).
    skin : float
        Neighbour-list skin (sigma).

    Returns
    -------
    U : float
        Potential energy (epsilon).
    F : ndarray of float, shape (N, 3)
        Forces (epsilon/sigma).
    W : float
        Virial (epsilon).
    """
    pot = InversePowerLaw() if pot is None else pot
    pos = require_positions(pos)
    nl = NeighbourList(pos.shape[0], box, pot.rc, skin)
    nl.build(pos)
    frc = np.empty_like(pos)
    u, w = forces_energy_virial(pos, nl.start, nl.nbrs, nl.image, nl.shifts, pot.params, frc)
    return u, frc, w
