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
from .box import minimum_image, wrap
from .neighbours import box_length
from .potential import InversePowerLaw, pair_terms


@numba.njit
def _energy_of(i, x, y, z, pos, box, p):
    u = 0.0
    for j in range(pos.shape[0]):
        if j == i:
            continue
        dx = minimum_image(x - pos[j, 0], box)
        dy = minimum_image(y - pos[j, 1], box)
        dz = minimum_image(z - pos[j, 2], box)
        u += pair_terms(dx * dx + dy * dy + dz * dz, p)[0]
    return u


@numba.njit
def _sweeps(pos, box, p, beta, atoms, moves, accept_u):
    n_acc = 0
    for k in range(atoms.shape[0]):
        i = atoms[k]
        x = wrap(pos[i, 0] + moves[k, 0], box)
        y = wrap(pos[i, 1] + moves[k, 1], box)
        z = wrap(pos[i, 2] + moves[k, 2], box)
        du = _energy_of(i, x, y, z, pos, box, p) - _energy_of(i, pos[i, 0], pos[i, 1], pos[i, 2], pos, box, p)
        if du <= 0.0 or accept_u[k] < np.exp(-beta * du):
            pos[i, 0] = x
            pos[i, 1] = y
            pos[i, 2] = z
            n_acc += 1
    return n_acc


def metropolis_liquid(n_atoms, density, kT, sweeps=300, step=0.15, seed=0, pot=None):
    """Metropolis liquid after ``sweeps`` MC sweeps from uniformly random positions.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.
    density : float
        Number density (sigma^-3); the box edge L must exceed 2 r_c.
    kT : float
        Temperature (epsilon).
    sweeps : int
        Sweeps of N single-particle trial moves.
    step : float
        Largest displacement per coordinate (sigma).
    seed : int
        Seed of ``numpy.random.default_rng``.
    pot : InversePowerLaw, optional
        Pair potential (default n = 6, r_c = 2.5 sigma).

    Returns
    -------
    pos : ndarray of float, shape (N, 3)
        Positions in [0, L) (sigma).
    box : float
        L (sigma).
    acceptance : float
        Fraction of accepted moves.
    """
    n_atoms = require_int("n_atoms", n_atoms, 2, 100000)
    density = require_positive("density (sigma^-3)", density)
    kT = require_positive("kT (epsilon)", kT)
    sweeps = require_int("sweeps", sweeps, 1, 10**6)
    step = require_positive("step (sigma)", step)
    pot = InversePowerLaw() if pot is None else pot
    box = box_length(n_atoms, density)
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
