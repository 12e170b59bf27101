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
from .box import minimum_image
from .neighbours import NeighbourList
from .potential import InversePowerLaw, pair_force


@numba.njit
def forces_energy_virial(pos, box, start, nbrs, p, frc):
    """Forces, potential energy and virial over a half neighbour list (numba kernel).

    Parameters
    ----------
    pos : ndarray of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    start : ndarray of int64, shape (N + 1,)
        Row starts of the half list (:class:`replicate.glass.neighbours.NeighbourList`).
    nbrs : ndarray of int64, shape (capacity,)
        Neighbour indices of the half list (each pair once).
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
    half = 0.5 * box
    for i in range(n):
        xi, yi, zi = pos[i, 0], pos[i, 1], pos[i, 2]
        fx = 0.0
        fy = 0.0
        fz = 0.0
        for k in range(start[i], start[i + 1]):
            j = nbrs[k]
            dx = xi - pos[j, 0]
            dy = yi - pos[j, 1]
            dz = zi - pos[j, 2]
            # minimum image; the branch is rarely taken, the floor keeps it exact for any input
            if dx > half or dx < -half:
                dx = minimum_image(dx, box)
            if dy > half or dy < -half:
                dy = minimum_image(dy, box)
            if dz > half or dz < -half:
                dz = minimum_image(dz, box)
            r2 = dx * dx + dy * dy + dz * dz
            phi, f_over_r = pair_force(r2, p)
            u += phi
            w += f_over_r * r2
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
    u, w = forces_energy_virial(pos, float(box), nl.start, nl.nbrs, pot.params, frc)
    return u, frc, w
