"""Eqns (19)-(24): <u^2> against arbitrary precision, limits, both branches of Fig. 8."""

import math

import mpmath as mp
import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.theory import stability as st


def _Z(a):
    """Integral of exp(-a u^2 - u^4) over the real line, closed forms in Bessel functions."""
    a = mp.mpf(a)
    q = mp.mpf(1) / 4
    if a > 0:
        return mp.sqrt(a) / 2 * mp.exp(a**2 / 8) * mp.besselk(q, a**2 / 8)
    if a == 0:
        return mp.gamma(q) / 2
    b = -a
    return mp.pi / 2 * mp.sqrt(b / 2) * mp.exp(b**2 / 8) * (mp.besseli(-q, b**2 / 8) + mp.besseli(q, b**2 / 8))


def _u2_reference(a):
    with mp.workdps(40):
        return float(-mp.diff(lambda t: mp.log(_Z(t)), mp.mpf(a)))


@pytest.mark.parametrize("a", [-2.5, 0.7, 3.0])
def test_bessel_closed_form_is_the_integral(a):
    with mp.workdps(30):
        direct = mp.quad(lambda u: mp.exp(-a * u**2 - u**4), [-mp.inf, 0, mp.inf])
        assert abs(direct / _Z(a) - 1) < 1e-25


@pytest.mark.parametrize("a", [-1e3, -300.0, -31.6, -5.0, -1.0, -0.1, 0.0, 0.1, 1.0, 5.0, 31.6, 300.0, 3e3, 1e4])
def test_mean_square_u_to_1e10_against_mpmath(a):
    # required: 1e-10 relative; quad at epsrel 1e-13 delivers ~1e-14
    assert st.mean_square_u(a) == pytest.approx(_u2_reference(a), rel=1e-10, abs=0)


@pytest.mark.filterwarnings("ignore::scipy.integrate.IntegrationWarning")  # |eta'| beyond the documented range
def test_mean_square_u_limits_and_no_overflow():
    assert st.mean_square_u(0.0) == pytest.approx(math.gamma(0.75) / math.gamma(0.25), rel=1e-13)
    big = 1e4
    assert st.mean_square_u(big) * 2 * big == pytest.approx(1.0, rel=1e-7)  # harmonic: 1/(2 eta')
    deep = -1e3
    assert st.mean_square_u(deep) / (-deep / 2) == pytest.approx(1.0, rel=1e-5)  # double well: -eta'/2
    vals = st.mean_square_u(np.array([-1e5, 1e6]))
    assert np.all(np.isfinite(vals)) and vals.shape == (2,)


def test_mean_square_u_is_monotonic():
    ep = np.linspace(-50, 50, 201)
    assert np.all(np.diff(st.mean_square_u(ep)) < 0)


def test_eqn23_three_ways_agree_to_1e10():
    closed = st.eqn23_constant()
    assert closed == pytest.approx(4 * (math.gamma(0.25) / math.gamma(0.75)) ** 2, rel=1e-15)
    assert st.eqn23_constant_quadrature() == pytest.approx(closed, rel=1e-10, abs=0)
    for b in (1.5, 3.0, 5.0, 20.0):
        assert st.eqn23_constant_solver_limit(b) == pytest.approx(closed, rel=1e-10, abs=0)


@pytest.mark.parametrize("b", [3.0, 5.0])
def test_eta_zero_gives_35_beta_eps_m(b):
    assert st.eps_over_eps_m(0.0, b) == pytest.approx(st.eqn23_constant() * b, rel=1e-10)


@pytest.mark.parametrize("b", [1.2, 3.0, 5.0, 50.0])
def test_roots_solve_the_harmonic_stability_equation(b):
    eta1, eta2 = st.eta_roots(b)
    for eta in (eta1, eta2):
        # harmonic <x^2> = 1/(2 beta eps_k eta) in eqn (20): 1/(2 beta eta) = 2 eps_m (1 - eta)
        assert eta * (1 - eta) == pytest.approx(1 / (4 * b), rel=1e-12)
    assert eta2 < 0.5 < eta1


@pytest.mark.parametrize("b", [3.0, 5.0])
def test_branches_diverge_at_the_roots(b):
    eta1, eta2 = st.eta_roots(b)
    ep = np.geomspace(10, 1e4, 30)
    eta_p, eps_p = st.branch(ep, b, 1)
    eta_m, eps_m = st.branch(ep, b, -1)
    assert np.all(np.diff(eps_p) > 0) and eps_p[-1] > 1e8
    assert np.all(np.diff(eps_m) > 0) and eps_m[-1] > 1e7
    assert abs(eta_p[-1] - eta2) < 1e-7 and np.all(eta_p < eta2)
    assert abs(eta_m[-1] - eta1) < 1e-7 and np.all(eta_m > eta1)


@pytest.mark.parametrize("b", [3.0, 5.0])
def test_eps_increases_with_eta_below_eta2(b):
    eta2 = st.eta_roots(b)[1]
    eta = np.concatenate([np.linspace(-3, 0, 13), np.linspace(0.01, eta2 * 0.999, 12)])
    eps = st.eps_over_eps_m(eta, b)
    assert np.all(np.diff(eps) > 0)
    assert eps[-1] > 1e4


def test_eps_over_eps_m_grows_without_bound_near_roots():
    b = 3.0
    eta1, eta2 = st.eta_roots(b)
    near2 = st.eps_over_eps_m(np.array([eta2 - 1e-3, eta2 - 1e-5]), b)
    near1 = st.eps_over_eps_m(np.array([eta1 + 1e-3, eta1 + 1e-5]), b)
    assert near2[1] > 50 * near2[0] and near1[1] > 50 * near1[0]


def test_no_solution_between_roots_is_nan():
    assert math.isnan(st.eps_over_eps_m(0.5, 3.0))
    assert math.isnan(st.eps_over_eps_m(1.2, 3.0))


def test_eps_over_eps_m_inverts_the_branch():
    ep = np.array([-20.0, -2.0, 0.5, 30.0])
    eta, eps = st.branch(ep, 5.0, 1)
    assert np.allclose(st.eps_over_eps_m(eta, 5.0), eps, rtol=1e-9)
    eta, eps = st.branch(np.array([0.3, 3.0, 40.0]), 5.0, -1)
    assert np.allclose(st.eps_over_eps_m(eta, 5.0), eps, rtol=1e-9)


def test_deep_double_well_limit_is_four():
    # eta' -> -inf: <u^2> -> -eta'/2, s -> 2 sqrt(b), eps_k/eps_m -> 4
    _, eps = st.branch(np.array([-1e3]), 3.0, 1)
    assert eps[0] == pytest.approx(4.0, rel=5e-3)


@pytest.mark.parametrize("b", [1.0, 0.5, -2.0, float("nan"), float("inf")])
def test_beta_eps_m_at_most_one_is_refused(b):
    with pytest.raises(ParameterError, match="beta_eps_m"):
        st.eta_roots(b)
    with pytest.raises(ParameterError, match="beta_eps_m"):
        st.eps_over_eps_m(0.0, b)


def test_bad_eta_prime_is_refused():
    with pytest.raises(ParameterError, match="eta_prime"):
        st.mean_square_u(float("nan"))
    with pytest.raises(ParameterError, match="sign"):
        st.branch(np.array([1.0]), 3.0, 0)


@pytest.mark.parametrize("b", [3.0, 5.0])
def test_no_localised_solution_at_the_roots_and_at_one(b):
    """eps_k/eps_m is defined for eta_k < eta_2 and eta_1 < eta_k < 1 only: exactly at eta_2, at eta_1 and at
    eta_k = 1 (no harmonic restoring force left) there is none."""
    eta1, eta2 = st.eta_roots(b)
    for eta in (eta2, eta1, 1.0):
        assert math.isnan(st.eps_over_eps_m(eta, b)), eta


def test_bad_eta_k_is_named():
    with pytest.raises(ParameterError, match="^eta_k must"):
        st.eps_over_eps_m(float("nan"), 3.0)


@pytest.mark.parametrize("sign, eta_prime", [(1, -500.0), (1, -40.0), (1, 40.0), (1, 500.0), (-1, 0.01), (-1, 500.0)])
def test_eps_over_eps_m_inverts_far_out_on_both_branches(sign, eta_prime):
    """Deep double wells and nearly harmonic modes need the bracket search to widen: the inverse of the
    branch must still return the branch's eps_k/eps_m."""
    eta, eps = st.branch(np.array([eta_prime]), 3.0, sign)
    assert st.eps_over_eps_m(float(eta[0]), 3.0) == pytest.approx(float(eps[0]), rel=1e-8)


def test_eps_over_eps_m_keeps_the_shape_of_its_argument():
    assert isinstance(st.eps_over_eps_m(0.0, 3.0), float)
    grid = np.array([[-1.0, 0.0], [0.02, 0.95]])
    out = st.eps_over_eps_m(grid, 3.0)
    assert out.shape == (2, 2) and out[0, 1] == pytest.approx(st.eqn23_constant() * 3.0, rel=1e-10)
