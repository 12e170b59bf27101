"""replicate.glass.liquid_replay: the displacement of a hold across the periodic boundary, the centre of
mass, the conjugate-gradient minimiser on a lattice with a known minimum, and the harmonic expectation's
guard. The replay against the cached series is checked in tests/items/test_sec4_liquid.py."""

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.glass.forces import energy_forces
from replicate.glass.lattice import fcc
from replicate.glass.liquid_replay import (
    CG_ACCEPT,
    centre_of_mass_shift,
    cg_minimize,
    harmonic_rms_displacement,
    hold_rms,
)


def test_hold_rms_and_centre_of_mass_across_the_boundary():
    """Atoms moved by known displacements (0.3 sigma rms) and wrapped back into the box: the rms and the
    centre-of-mass shift are those of the displacements, not of the wrapped jumps."""
    rng = np.random.default_rng(1)
    box = 5.0
    start = rng.uniform(0, box, (200, 3))
    d = 0.3 / np.sqrt(3) * rng.standard_normal((200, 3)) + np.array([0.1, 0.0, 0.0])
    end = np.mod(start + d, box)
    assert hold_rms(start, end, box) == pytest.approx(np.sqrt(np.mean(np.sum(d * d, axis=1))), rel=1e-12)
    assert centre_of_mass_shift(start, end, box) == pytest.approx(np.linalg.norm(d.mean(axis=0)), rel=1e-12)


def test_cg_minimize_returns_a_perturbed_fcc_crystal_to_its_lattice():
    """fcc at rho = 1 (a minimum of the pair potential by symmetry), each atom moved by ~0.03 sigma: CG
    comes back to the lattice energy within 1e-9 relative (the energy error is quadratic in the force
    left, CG_ACCEPT) and converges."""
    pos, box = fcc(4, 1.0)
    u0, _, _ = energy_forces(pos, box)
    rng = np.random.default_rng(2)
    r = cg_minimize(pos + 0.03 * rng.standard_normal(pos.shape), box)
    assert r["converged"] and r["max_force"] <= CG_ACCEPT
    assert r["energy"] == pytest.approx(u0, rel=1e-9)


def test_harmonic_rms_displacement_needs_a_stable_minimum():
    with pytest.raises(ParameterError):
        harmonic_rms_displacement(np.array([1.0, -0.1]), 0.1, 1.0, 2)
