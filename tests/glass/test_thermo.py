"""Kinetic temperature and virial pressure (replicate.glass.thermo) on hand-computed cases.

Reduced units: unit masses, velocities in sigma/tau, energies in epsilon, pressure in epsilon/sigma^3.
"""

import numpy as np
import pytest

from replicate.glass.md import maxwell_velocities
from replicate.glass.thermo import degrees_of_freedom, kinetic_energy, kinetic_temperature, virial_pressure


def test_two_atoms_moving_apart():
    vel = np.array([[1.0, 0.0, 0.0], [-1.0, 0.0, 0.0]])
    assert degrees_of_freedom(2) == 3
    assert kinetic_energy(vel) == 1.0  # 2 * (1/2) * 1^2
    assert kinetic_temperature(kinetic_energy(vel), 2) == pytest.approx(2.0 / 3.0, rel=1e-15)


def test_four_atoms_on_the_cube_diagonals():
    vel = np.array([[1.0, 1.0, 1.0], [-1.0, -1.0, 1.0], [-1.0, 1.0, -1.0], [1.0, -1.0, -1.0]])
    assert kinetic_energy(vel) == 6.0  # 4 * (1/2) * 3
    assert kinetic_temperature(6.0, 4) == pytest.approx(12.0 / 9.0, rel=1e-15)  # N_f = 9


def test_kinetic_temperature_per_step_array():
    ekin = np.array([0.0, 3.0, 4.5])
    np.testing.assert_allclose(kinetic_temperature(ekin, 2), [0.0, 2.0, 3.0], rtol=1e-15)


def test_maxwell_velocities_have_exactly_the_requested_temperature():
    v = maxwell_velocities(50, 0.7, np.random.default_rng(3))
    assert kinetic_temperature(kinetic_energy(v), 50) == pytest.approx(0.7, rel=1e-13)
    np.testing.assert_allclose(v.sum(axis=0), 0.0, atol=1e-12)


def test_virial_pressure():
    # N = 10, L = 2 (V = 8), kT = 1.5, W = 6: P = (15 + 2) / 8
    assert virial_pressure(10, 2.0, 1.5, 6.0) == pytest.approx(17.0 / 8.0, rel=1e-15)
    # ideal gas: W = 0 gives P = rho kT
    assert virial_pressure(27, 3.0, 0.4, 0.0) == pytest.approx(0.4, rel=1e-15)
    p = virial_pressure(10, 2.0, np.array([1.0, 2.0]), np.array([0.0, 3.0]))
    np.testing.assert_allclose(p, [10.0 / 8.0, 21.0 / 8.0], rtol=1e-15)
