"""Metropolis Monte Carlo of the inverse-power-law fluid: reference liquid configurations.

Independent of the MD code, these configurations calibrate and test the crystallinity check
(:mod:`replicate.glass.structure`). Units: sigma, epsilon, ``kT`` in epsilon; density in sigma^-3.
Single-particle trial moves, uniform in a cube of edge ``2 * step`` (sigma), accepted with
probability min(1, exp(-dU/kT)); the energy change is an O(N) minimum-image sum with the smoothed
potential of :mod:`replicate.glass.potential`. Start: uniformly random positions (the first sweeps
remove the overlaps). Random numbers are drawn in Python from one ``numpy.random.Generator`` and
passed into the kernel.
"""

import numba
import numpy as np

from ..core.errors import ParameterError, require_int, require_positive
from .potential import InversePowerLaw, pair_terms


@numba.njit
def _energy_of(i, x, y, z, pos, box, p):
    u = 0.0
    for j in range(pos.shape[0]):
        if j == i:
            continue
        dx = x - pos[j, 0]
        dy = y - pos[j, 1]
        dz = z - pos[j, 2]
        dx -= box * np.floor(dx / box + 0.5)
        dy -= box * np.floor(dy / box + 0.5)
        dz -= box * np.floor(dz / box + 0.5)
        u += pair_terms(dx * dx + dy * dy + dz * dz, p)[0]
    return u


@numba.njit
def _sweeps(pos, box, p, beta, atoms, moves, accept_u):
    n_acc = 0
    for k in range(atoms.shape[0]):
        i = atoms[k]
        x = pos[i, 0] + moves[k, 0]
        y = pos[i, 1] + moves[k, 1]
        z = pos[i, 2] + moves[k, 2]
        x -= box * np.floor(x / box)
        y -= box * np.floor(y / box)
        z -= box * np.floor(z / box)
        du = _energy_of(i, x, y, z, pos, box, p) - _energy_of(i, pos[i, 0], pos[i, 1], pos[i, 2], pos, box, p)
        if du <= 0.0 or accept_u[k] < np.exp(-beta * du):
            pos[i, 0] = x
            pos[i, 1] = y
            pos[i, 2] = z
            n_acc += 1
    return n_acc


def metropolis_liquid(n_atoms, density, kT, sweeps=300, step=0.15, seed=0, pot=None):
    """Return ``(pos (N, 3), box, acceptance)`` after ``sweeps`` MC sweeps from random positions.

    ``density`` in sigma^-3, ``kT`` in epsilon, ``step`` the maximum displacement per coordinate in
    sigma, ``seed`` of ``numpy.random.default_rng``. Requires r_c < L/2.
    """
    n_atoms = require_int("n_atoms", n_atoms, 2, 100000)
    density = require_positive("density (sigma^-3)", density)
    kT = require_positive("kT (epsilon)", kT)
    sweeps = require_int("sweeps", sweeps, 1, 10**6)
    step = require_positive("step (sigma)", step)
    pot = InversePowerLaw() if pot is None else pot
    box = (n_atoms / density) ** (1.0 / 3.0)
    if pot.rc >= 0.5 * box:
        raise ParameterError(f"rc (cutoff, sigma) must be below L/2 = {0.5 * box:.4g}, got {pot.rc!r}")
    rng = np.random.default_rng(seed)
    pos = rng.uniform(0.0, box, size=(n_atoms, 3))
    accepted = 0
    total = sweeps * n_atoms
    for _ in range(sweeps):
        atoms = rng.integers(0, n_atoms, size=n_atoms)
        moves = rng.uniform(-step, step, size=(n_atoms, 3))
        accepted += _sweeps(pos, box, pot.params, 1.0 / kT, atoms, moves, rng.uniform(size=n_atoms))
    return pos, box, accepted / total
