"""The anatomy of a soft mode (replicate.glass.mode_anatomy) on known fields: the far-field exponent of a
centre of dilatation (|u| = A/r^2, the elastic far field of a localised source) and of an r^-3 field;
the neighbour pattern, weight shares and cage anisotropy of planted fields and cages."""

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.glass.box import minimum_image_round
from replicate.glass.hessian import hessian_dense
from replicate.glass.lattice import fcc
from replicate.glass.mode_anatomy import (
    anatomy,
    cage_anisotropies,
    cage_anisotropy,
    far_field_exponent,
    neighbour_pattern,
    radial_profile,
    self_hessians,
    softest_local_directions,
    weight_fractions,
)


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


@pytest.fixture(scope="module")
def perfect():
    return fcc(4, 1.0)  # 256 atoms at rho = 1: 12 nearest neighbours at 2^(-1/2) a = 1.12 sigma


def test_pattern_of_a_planted_field(perfect):
    """Centre 0 moves along e; every neighbour moves along e with half the amplitude plus 0.1 radially
    outward: 'along' is 0.5 + 0.1 cos, 'radial' is 0.5 cos + 0.1, 'stretch' is 0.1 - 0.5 cos."""
    pos, box = perfect
    e = np.array([1.0, 2.0, 2.0]) / 3.0
    d = minimum_image_round(pos - pos[0], box)
    r = np.linalg.norm(d, axis=1)
    shell = (r > 0) & (r < 1.3)
    field = np.zeros_like(pos)
    field[0] = 2.0 * e
    field[shell] = e + 0.2 * d[shell] / r[shell, None]
    p = neighbour_pattern(field, pos, box, 0, 1.3)
    assert p["cos"].size == 12
    np.testing.assert_allclose(p["along"], 0.5 + 0.1 * p["cos"], atol=1e-12)
    np.testing.assert_allclose(p["radial"], 0.5 * p["cos"] + 0.1, atol=1e-12)
    np.testing.assert_allclose(p["stretch"], 0.1 - 0.5 * p["cos"], atol=1e-12)
    # the field is along e and n_j only: across e it is 0.2 sin theta / 2, away from the line of motion
    np.testing.assert_allclose(p["sideways"], 0.1 * np.sqrt(1 - p["cos"] ** 2), atol=1e-12)
    np.testing.assert_allclose(p["distance"], r[shell], atol=1e-12)
    centre, rest = weight_fractions(field, pos, box, 0, 1.3)
    w = np.sum(field**2, axis=1)
    assert centre == pytest.approx(w[0] / w.sum(), rel=1e-12)
    assert rest == pytest.approx(w[shell].sum() / w.sum(), rel=1e-12)


def test_cage_anisotropy_of_a_stretched_cage(perfect):
    """Neighbours within 45 degrees of e pushed out by 0.05 sigma, the others pulled in by 0.02: the
    anisotropy is 0.07 sigma; the undistorted fcc cage gives 0."""
    pos, box = perfect
    e = np.array([1.0, 2.0, 3.0]) / 14**0.5  # no fcc neighbour on the 45-degree cone
    field = np.zeros_like(pos)
    field[0] = e
    p = neighbour_pattern(field, pos, box, 0, 1.3)
    assert cage_anisotropy(p["cos"], p["distance"]) == pytest.approx(0.0, abs=1e-12)
    d = minimum_image_round(pos - pos[0], box)
    r = np.linalg.norm(d, axis=1)
    shell = (r > 0) & (r < 1.3)
    cos = np.zeros(len(pos))
    cos[shell] = d[shell] @ e / r[shell]
    moved = pos.copy()
    along = shell & (np.abs(cos) > 2**-0.5)
    across = shell & ~along
    assert along.sum() > 0 and across.sum() > 0 and np.all(np.abs(np.abs(cos[shell]) - 2**-0.5) > 0.01)
    moved[along] += 0.05 * d[along] / r[along, None]
    moved[across] -= 0.02 * d[across] / r[across, None]
    q = neighbour_pattern(field, moved, box, 0, 1.3)
    assert cage_anisotropy(q["cos"], q["distance"]) == pytest.approx(0.07, abs=1e-12)


def test_control_along_the_modes_own_direction_equals_the_anisotropy(perfect):
    """The control of the cage anisotropy probes the same cage along other directions: given the mode's
    own direction it returns the anisotropy itself, given two directions their mean."""
    pos, box = perfect
    rng = np.random.default_rng(4)
    pos = pos + 0.05 * rng.standard_normal(pos.shape)
    e = np.array([1.0, 2.0, 3.0]) / 14**0.5
    field = 0.01 * rng.standard_normal(pos.shape)
    field[0] = e
    edges = np.linspace(0.5, 3.0, 6)
    m = anatomy(field, pos, box, edges, 1.45, [e])
    assert m["anisotropy_control"] == pytest.approx(m["anisotropy"], abs=1e-12)
    f = np.array([0.0, 0.6, 0.8])
    two = anatomy(field, pos, box, edges, 1.45, [e, f])["anisotropy_control"]
    one = anatomy(field, pos, box, edges, 1.45, [f])["anisotropy_control"]
    assert two == pytest.approx((m["anisotropy"] + one) / 2, abs=1e-12)


def test_self_hessians_are_the_diagonal_blocks_of_the_hessian():
    """H_ii = sum_j K_ij against the dense Hessian of a jittered 256-atom crystal, to round-off (1e-10 of
    the largest entry, ~100 epsilon/sigma^2)."""
    pos, box = fcc(4, 1.0)
    pos = pos + 0.05 * np.random.default_rng(3).standard_normal(pos.shape)
    h = hessian_dense(pos, box)
    blocks = np.array([h[3 * i : 3 * i + 3, 3 * i : 3 * i + 3] for i in range(len(pos))])
    np.testing.assert_allclose(self_hessians(pos, box), blocks, atol=1e-10 * np.abs(blocks).max())


def test_an_atom_is_softest_along_its_widest_cage(perfect):
    """Atom 0 of the crystal with the neighbours within 45 degrees of e pushed out by 0.1 sigma: its
    self-Hessian is softest within 15 degrees of e (weaker repulsion where the cage is wider; the discrete
    neighbours inside the cone set the exact direction, measured 11 degrees from e), and the cage
    anisotropy about that direction is the 0.1 sigma planted; the undistorted atoms (no direction
    preferred, the fcc self-Hessian is isotropic) give numbers from the same per-atom function as
    :func:`cage_anisotropy` about the same direction."""
    pos, box = perfect
    pos = pos.copy()
    e = np.array([1.0, 2.0, 3.0]) / 14**0.5
    d = minimum_image_round(pos - pos[0], box)
    r = np.linalg.norm(d, axis=1)
    shell = (r > 0) & (r < 1.3)
    cos = np.where(shell, d @ e / np.where(r > 0, r, 1.0), 0.0)
    along = shell & (np.abs(cos) > 2**-0.5)
    pos[along] += 0.1 * d[along] / r[along, None]
    soft = softest_local_directions(self_hessians(pos, box))
    assert abs(soft[0] @ e) > np.cos(np.radians(15))
    each = cage_anisotropies(pos, box, soft, 1.3)
    assert each[0] == pytest.approx(0.1, abs=1e-9)
    for k in (0, 5, 77):
        field = np.zeros_like(pos)
        field[k] = soft[k]
        p = neighbour_pattern(field, pos, box, k, 1.3)
        assert each[k] == pytest.approx(cage_anisotropy(p["cos"], p["distance"]), abs=1e-12, nan_ok=True)
