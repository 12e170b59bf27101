"""Nonlinear (cubic and quartic) modes (replicate.glass.nonlinear_modes): exact gradients, coefficients
equal to those of replicate.glass.anharmonicity, and the planted case: an interstitial in an fcc crystal
has a resonant mode of about ten atoms, which in a larger box hybridises with the crystal's phonons
(harmonic N_k of hundreds) while the quartic mode keeps the core."""

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.glass.anharmonicity import mode_coefficients
from replicate.glass.box import minimum_image_round
from replicate.glass.hessian import hessian_dense
from replicate.glass.lattice import fcc
from replicate.glass.minimize import minimize
from replicate.glass.modes import normal_modes
from replicate.glass.nonlinear_modes import ModeSearch, nonlinear_mode
from replicate.glass.potential import InversePowerLaw


@pytest.fixture(scope="module")
def disordered():
    pos, box = fcc(4, 1.0)
    rng = np.random.default_rng(11)
    return pos + 0.05 * rng.standard_normal(pos.shape), box, rng


def test_gradients_match_central_differences(disordered):
    """Each of kappa_2, kappa_3, kappa_4 (homogeneous polynomials of degree 2-4 in v) against a central
    difference with step 1e-5: the truncation error is of order 1e-10 relative, round-off 1e-9."""
    pos, box, rng = disordered
    search = ModeSearch(pos, box)
    v = rng.standard_normal(pos.shape)
    d = rng.standard_normal(pos.shape)
    h = 1e-5
    _, grad = search.coefficients(v)
    plus, minus = search.coefficients(v + h * d)[0], search.coefficients(v - h * d)[0]
    for n in range(3):
        assert (plus[n] - minus[n]) / (2 * h) == pytest.approx(np.sum(grad[n] * d), rel=1e-7)


def test_coefficients_equal_those_of_the_anharmonicity_module(disordered):
    pos, box, rng = disordered
    v = rng.standard_normal(pos.shape)
    v -= v.mean(axis=0)
    v /= np.linalg.norm(v)
    k, _ = ModeSearch(pos, box).coefficients(v)
    np.testing.assert_allclose(k, mode_coefficients(pos, box, v.reshape(-1, 1))[0], rtol=1e-12)


def _interstitial(n_cells):
    """fcc at rho = 1 with one extra atom near an octahedral site, shaken and minimised: the extra atom
    is the last one."""
    pos, box = fcc(n_cells, 1.0)
    start = np.vstack([pos, [0.5 * box / n_cells, 0.0, 0.0]])
    start += 0.03 * np.random.default_rng(n_cells).standard_normal(start.shape)
    res = minimize(start, box)
    assert res.converged
    modes = normal_modes(hessian_dense(res.pos, box), res.max_force, return_vectors=True)
    return res.pos, box, modes


@pytest.mark.parametrize("n_cells, hybridised", [(4, False), (6, True)])
def test_planted_interstitial_keeps_its_core_when_its_mode_hybridises(n_cells, hybridised):
    """257 and 865 atoms. In the small box the lowest harmonic mode is the interstitial's resonance
    (N_k about 9); in the larger box the lowest phonons come down to its frequency and the lowest mode
    spreads over hundreds of atoms. From that mode the quartic mode returns to the core: centred on the
    interstitial or its dumbbell partner (within the nearest-neighbour distance, 1.12 sigma) with N_k
    below 15 in both boxes."""
    pos, box, modes = _interstitial(n_cells)
    nk_harmonic = modes.participation_number[0]
    assert (nk_harmonic > 100) == hybridised
    mode = nonlinear_mode(ModeSearch(pos, box), modes.vectors[:, 0], order=4)
    assert mode["converged"]
    assert mode["participation_number"] < 15
    r = np.linalg.norm(minimum_image_round(pos[mode["centre"]] - pos[-1], box))
    assert r < 1.12
    assert mode["kappa"][0] > 0 and mode["kappa"][2] > 0


def test_cubic_mode_of_a_disordered_structure_is_more_localised_than_its_start(disordered):
    """In a shaken crystal (no inversion symmetry) the cubic mode from a random direction converges and
    concentrates on fewer atoms than the start."""
    pos, box, rng = disordered
    res = minimize(pos, box)
    start = rng.standard_normal(pos.shape)
    mode = nonlinear_mode(ModeSearch(res.pos, box), start, order=3)
    assert mode["converged"] and mode["participation_number"] < 0.5 * pos.shape[0]


def test_bad_arguments_are_named(disordered):
    pos, box, _ = disordered
    search = ModeSearch(pos, box)
    with pytest.raises(ParameterError, match="order"):
        nonlinear_mode(search, pos, order=5)
    with pytest.raises(ParameterError, match="start"):
        nonlinear_mode(search, np.ones_like(pos))
    with pytest.raises(ParameterError, match="ModeSearch"):
        nonlinear_mode("glass", pos)


def test_orient_by_cubic_gives_kappa_3_its_sign_and_zeroes_round_off():
    from replicate.glass.nonlinear_modes import CUBIC_ZERO, orient_by_cubic

    rng = np.random.default_rng(5)
    v = rng.standard_normal((20, 3))
    m, k = orient_by_cubic(v.copy(), np.array([2.0, -0.3, 8.0]))
    np.testing.assert_array_equal(m, -v)
    np.testing.assert_array_equal(k, [2.0, 0.3, 8.0])
    m, k = orient_by_cubic(v.copy(), np.array([2.0, 0.3, 8.0]))
    np.testing.assert_array_equal(m, v)
    # |kappa_3| at round-off: stored as 0, the largest component made positive
    for sign in (1.0, -1.0):
        m, k = orient_by_cubic(sign * v, np.array([2.0, -0.5 * CUBIC_ZERO * 4.0, 8.0]))
        assert k[1] == 0.0
        assert m.ravel()[np.argmax(np.abs(m))] > 0


def test_a_quartic_mode_has_the_same_sign_from_either_start(disordered):
    """The quartic mode from start s and from -s is one mode with one sign (kappa_3 >= 0)."""
    pos, box, rng = disordered
    res = minimize(pos, box, InversePowerLaw(), ftol=1e-10)
    search = ModeSearch(res.pos, box)
    start = rng.standard_normal(pos.shape)
    a = nonlinear_mode(search, start)
    b = nonlinear_mode(search, -start)
    assert a["kappa"][1] >= 0
    np.testing.assert_allclose(b["mode"], a["mode"], atol=1e-6)
    np.testing.assert_allclose(b["kappa"], a["kappa"], rtol=1e-6)
