"""replicate.theory.spm.hamiltonian: the rescaling of eqns (4)-(7), the potential and its stationary points."""

import math

import numpy as np
import pytest
from scipy import constants as C
from scipy import optimize

from replicate.core.errors import ParameterError
from replicate.theory import spm

# (eta, xi): single wells, symmetric and asymmetric double wells, near the spinodal and deep
POTENTIALS = [
    (2.0, 0.3),
    (0.0, 1.0),
    (-3.0, 0.0),
    (-3.0, 0.7),
    (-6.0, -2.5),
    (-12.0, 0.5),
    (-1.0, 0.27),
    (40.0, -100.0),
]


def _dV(y, eta, xi):
    return 4.0 * y**3 + 2.0 * eta * y + xi


@pytest.mark.parametrize("eta, xi", POTENTIALS)
def test_stationary_points_are_the_zeros_of_V_prime(eta, xi):
    y = spm.stationary_points(eta, xi)
    scale = 4.0 * np.abs(y) ** 3 + 2.0 * abs(eta) * np.abs(y) + abs(xi) + 1.0
    assert np.all(np.abs(_dV(y, eta, xi)) < 1e-12 * scale)
    # three real roots of y^3 + (eta/2) y + xi/4 iff its discriminant -(4 (eta/2)^3 + 27 (xi/4)^2) > 0
    three = 4.0 * (eta / 2.0) ** 3 + 27.0 * (xi / 4.0) ** 2 < 0
    assert y.size == (3 if three else 1)
    assert np.all(np.diff(y) > 0)
    # no zero is missed: V' changes sign only at them, on a dense grid
    g = np.linspace(-6.0, 6.0, 200000)  # even count: no grid point at y = 0
    assert np.sum(np.diff(np.sign(_dV(g, eta, xi))) != 0) == y.size


@pytest.mark.parametrize("eta, xi", POTENTIALS)
def test_minima_have_positive_curvature_and_are_local_minima(eta, xi):
    mins = spm.minima(eta, xi)
    assert len(mins) == (2 if spm.stationary_points(eta, xi).size == 3 else 1)
    assert [m[1] for m in mins] == sorted(m[1] for m in mins)  # global minimum first
    for y, V, curv in mins:
        assert curv > 0
        assert V == pytest.approx(float(spm.potential(y, eta, xi)), abs=1e-13)
        d = 1e-4
        num = (spm.potential(y + d, eta, xi) - 2 * V + spm.potential(y - d, eta, xi)) / d**2
        assert curv == pytest.approx(num, rel=1e-5)
        assert spm.potential(y + 1e-3, eta, xi) > V and spm.potential(y - 1e-3, eta, xi) > V
    # the global minimum is the minimum of V on a dense grid
    g = np.linspace(-6.0, 6.0, 120001)
    assert mins[0][1] == pytest.approx(spm.potential(g, eta, xi).min(), abs=1e-6)


def test_minima_arrays_agrees_with_minima():
    eta, xi = np.array(POTENTIALS).T
    y_low, V_low, c_low, y_up, V_up, c_up, V_bar = spm.minima_arrays(eta, xi)
    for i, (e, x) in enumerate(POTENTIALS):
        mins = spm.minima(e, x)
        assert (y_low[i], V_low[i], c_low[i]) == pytest.approx(mins[0], rel=1e-9, abs=1e-12)
        if len(mins) == 2:
            assert (y_up[i], V_up[i], c_up[i]) == pytest.approx(mins[1], rel=1e-9, abs=1e-12)
            assert V_bar[i] == pytest.approx(float(spm.potential(spm.stationary_points(e, x)[1], e, x)), abs=1e-12)
        else:
            assert np.isnan([y_up[i], V_up[i], c_up[i], V_bar[i]]).all()


def test_degenerate_inflection_is_the_quartic_minimum():
    assert spm.minima(0.0, 0.0) == [(0.0, 0.0, 0.0)]


def test_crossover_energy_against_a_direct_computation():
    """eqn (7): find L where the kinetic unit hbar^2/(2 m L^2) equals the quartic unit eps_0 L^4, then W = eps_0 L^4."""
    mode_mass = 100 * 20.0 * C.atomic_mass * (1e-10) ** 2  # N_s M a^2, kg m^2
    eps0 = 50 * C.e
    logL = optimize.brentq(
        lambda u: math.log(C.hbar**2 / (2 * mode_mass) / math.exp(2 * u)) - math.log(eps0 * math.exp(4 * u)),
        -60.0,
        10.0,
        xtol=1e-15,
        rtol=1e-15,
    )
    L = math.exp(logL)
    # abs=0: W is ~1e-22 J, far below pytest.approx's default absolute tolerance of 1e-12
    assert spm.length_scale(mode_mass, eps0) == pytest.approx(L, rel=1e-12, abs=0)
    assert spm.crossover_energy(mode_mass, eps0) == pytest.approx(eps0 * L**4, rel=1e-12, abs=0)
    # order of magnitude: 0.4 meV for N_s a^2 = 100 Angstrom^2, M = 20 u, eps_0 = 50 eV
    assert 1e-4 < spm.crossover_energy(mode_mass, eps0) / C.e < 1e-2


def test_rescaling_of_the_mode_hamiltonian():
    """Solve -(hbar^2/2m) d^2/dx^2 + eps0 (xi_x x + eta_x x^2 + x^4) in SI; E/W equals the reduced levels."""
    M = 20.0 * C.atomic_mass
    mode_mass = 100 * M * (1e-10) ** 2  # N_s M a^2 with N_s a^2 = 100 Angstrom^2
    eps0 = 50 * C.e
    W = spm.crossover_energy(mode_mass, eps0)
    eta_x, xi_x = -0.02, 1e-4
    eta, xi = spm.reduced_parameters(eta_x, xi_x, mode_mass, eps0)
    L = spm.length_scale(mode_mass, eps0)
    assert W == pytest.approx(eps0 * L**4, rel=1e-12, abs=0)  # W ~ 1e-22 J: no absolute tolerance
    assert eta == pytest.approx(eta_x * math.sqrt(eps0 / W), rel=1e-12, abs=0)
    assert xi == pytest.approx(xi_x * (eps0 / W) ** 0.75, rel=1e-12, abs=0)
    x = np.linspace(-12 * L, 12 * L, 6001)[1:-1]
    h = x[1] - x[0]
    Ex = spm.fd_levels(eps0 * (xi_x * x + eta_x * x**2 + x**4) / W, h, 4, kinetic=C.hbar**2 / (2 * mode_mass) / W)
    y = x / L
    Ey = spm.fd_levels(spm.potential(y, eta, xi), y[1] - y[0], 4)
    assert np.allclose(Ex, Ey, rtol=1e-9, atol=1e-9)
    assert np.allclose(Ey, spm.levels(eta, xi, 4), atol=2e-4)  # same grid, second order: h^2 error only


def test_W_of_eqn7_matches_the_soft_potential_module():
    from replicate.theory import soft_potential

    r = soft_potential.forward(3.0, 2.0, 20.0, 1.6)
    mode_mass = r["nsa2_A2"] * 1e-20 * 20.0 * C.atomic_mass
    assert spm.crossover_energy(mode_mass, r["eps0_eV"] * C.e) / C.e == pytest.approx(r["W_eV"], rel=1e-12, abs=0)


@pytest.mark.parametrize(
    "call",
    [
        lambda: spm.crossover_energy(0.0, 1.0),
        lambda: spm.crossover_energy(1.0, -1.0),
        lambda: spm.length_scale(1.0, 0.0),
        lambda: spm.reduced_parameters(float("nan"), 0.0, 1.0, 1.0),
        lambda: spm.stationary_points(float("inf"), 0.0),
    ],
)
def test_bad_parameters_raise(call):
    with pytest.raises(ParameterError):
        call()
