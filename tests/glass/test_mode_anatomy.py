"""The anatomy of a soft mode (replicate.glass.mode_anatomy) on known fields: the far-field exponent of a
centre of dilatation (|u| = A/r^2, the elastic far field of a localised source) and of an r^-3 field."""

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.glass.box import minimum_image_round
from replicate.glass.lattice import fcc
from replicate.glass.mode_anatomy import far_field_exponent, radial_profile


@pytest.fixture(scope="module")
def lattice():
    pos, box = fcc(8, 1.0)  # 2048 atoms, L = 12.7 sigma
    rng = np.random.default_rng(2)
    return pos + 0.05 * rng.standard_normal(pos.shape), box


@pytest.mark.parametrize("power", [2.0, 3.0])
def test_exponent_of_a_known_field(lattice, power):
    """u = A rhat / r^power around atom 0 (power 2: the centre of dilatation of linear elasticity):
    the fitted exponent within 0.02 of the power between 1.5 sigma and 0.45 L."""
    pos, box = lattice
    d = minimum_image_round(pos - pos[0], box)
    r = np.linalg.norm(d, axis=1)
    r[0] = 1.0
    field = d / r[:, None] ** (power + 1)
    field[0] = 0.0
    edges = np.linspace(1.0, 0.5 * box, 25)
    rr, amp, count = radial_profile(field, pos, box, 0, edges)
    alpha, err = far_field_exponent(rr, amp, count, 1.5, 0.45 * box)
    assert alpha == pytest.approx(power, abs=0.02)
    assert err < 0.02


def test_profile_counts_every_atom_in_range_once(lattice):
    pos, box = lattice
    edges = np.array([0.0, 1.3, 2.0, 3.0])
    _, _, count = radial_profile(np.ones_like(pos), pos, box, 5, edges)
    d = np.linalg.norm(minimum_image_round(pos - pos[5], box), axis=1)
    assert count.sum() == np.count_nonzero((d < 3.0) & (np.arange(len(pos)) != 5))


def test_bad_arguments_are_named(lattice):
    pos, box = lattice
    with pytest.raises(ParameterError, match="edges"):
        radial_profile(pos, pos, box, 0, [2.0, 1.0])
    with pytest.raises(ParameterError, match="shape"):
        radial_profile(pos[:10], pos, box, 0, [1.0, 2.0])
    with pytest.raises(ParameterError, match="three filled shells"):
        far_field_exponent([1.0, 2.0], [1.0, 0.5], [3, 3], 0.5, 3.0)
