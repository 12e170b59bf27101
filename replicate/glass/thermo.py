"""Kinetic temperature and virial pressure of N equal atoms in a periodic cubic box.

Reduced units: mass m = 1, velocities in sigma/tau, energies and ``kT`` in epsilon, the box edge L in
sigma, pressure in epsilon/sigma^3. With the total momentum fixed at zero the system has
N_f = 3N - 3 degrees of freedom, and

    K = (1/2) sum_i |v_i|^2,      kT_kin = 2 K / N_f,
    P = (N kT_kin + W / 3) / V,   V = L^3,

with W = sum_{i<j} r_ij . F_ij the virial of the pair forces (:mod:`replicate.glass.forces`).
"""

import numpy as np


def degrees_of_freedom(n_atoms):
    """Number of degrees of freedom N_f = 3N - 3 (the total momentum is fixed).

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.

    Returns
    -------
    int
        3N - 3.
    """
    return 3 * n_atoms - 3


def kinetic_energy(vel):
    """Kinetic energy K = (1/2) sum_i |v_i|^2 of unit masses.

    Parameters
    ----------
    vel : ndarray of float, shape (N, 3)
        Velocities (sigma/tau).

    Returns
    -------
    float
        K (epsilon).
    """
    return 0.5 * float(np.sum(vel * vel))


def kinetic_temperature(ekin, n_atoms):
    """Instantaneous temperature kT_kin = 2K / (3N - 3).

    Parameters
    ----------
    ekin : float or ndarray of float
        Kinetic energy K (epsilon), a value or one per step, shape (n_steps,).
    n_atoms : int
        Number of atoms N.

    Returns
    -------
    float or ndarray of float
        kT_kin (epsilon), same shape as ``ekin``.
    """
    return 2.0 * ekin / (3 * n_atoms - 3)


def virial_pressure(n_atoms, box, kT_kin, virial):
    """Virial pressure P = (N kT_kin + W/3) / L^3.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.
    box : float
        Box edge L (sigma).
    kT_kin : float or ndarray of float
        Kinetic temperature (epsilon), a value or one per step, shape (n_steps,).
    virial : float or ndarray of float
        Virial W (epsilon), same shape as ``kT_kin``.

    Returns
    -------
    float or ndarray of float
        P (epsilon/sigma^3), same shape as ``kT_kin``.
    """
    return (n_atoms * kT_kin + virial / 3.0) / box**3
