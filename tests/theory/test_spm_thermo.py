"""replicate.theory.spm.thermo: heat capacity of level sets, relaxation, the harmonic density of
excitations, and the heat capacity and density of states integrated over the committed level table."""

import math

import numpy as np
import pytest
from scipy import constants as C

from replicate.core.errors import ParameterError
from replicate.theory import spm

# ---------------------------------------------------------------- one potential


def test_two_level_heat_capacity_is_schottky():
    th = np.geomspace(0.01, 10, 50)
    for E in (0.1, 1.0, 3.0):
        assert np.allclose(spm.heat_capacity_from_levels(np.array([0.0, E]), th), spm.schottky(E, th), rtol=1e-12)
    x = 2.3994  # maximum of the Schottky anomaly at theta = E/2.3994 with C = 0.4392
    assert spm.schottky(1.0, 1.0 / x) == pytest.approx(0.43922, abs=1e-4)


def test_harmonic_ladder_heat_capacity_is_einstein():
    th = np.geomspace(0.05, 2, 20)
    lev = 1.5 * np.arange(200)
    assert np.allclose(spm.heat_capacity_from_levels(lev, th), spm.einstein(1.5, th), rtol=1e-10)


def test_heat_capacity_from_levels_ignores_nan_padding_and_the_energy_zero():
    th = np.geomspace(0.05, 3, 30)
    lev = np.array([-2.0, -1.2, 0.4, 1.1])
    ref = spm.heat_capacity_from_levels(lev, th)
    padded = np.array([[*lev, np.nan, np.nan], [*(lev + 7.0), np.nan, np.nan]])
    got = spm.heat_capacity_from_levels(padded, th)
    assert got.shape == (2, th.size)
    assert np.allclose(got, ref, rtol=1e-12, atol=0)
    # another energy zero: the same variance up to the cancellation in <x^2> - <x>^2 (measured 3e-11)
    assert np.allclose(spm.heat_capacity_from_levels(padded, th, zero=padded[:, :1] + 0.3), ref, rtol=1e-9, atol=0)


def test_tail_heat_capacity_is_the_integral_over_all_harmonic_modes():
    """int_0^inf (E^4/8) C_Einstein(E/theta) dE = (theta^5/8) Gamma(7) zeta(6) = theta^5 720 pi^6 / (8 945)."""
    th = np.array([0.05, 0.3, 1.0, 2.0, 4.0])  # up to the table's theta_max
    exact = th**5 * 720.0 * math.pi**6 / (8.0 * 945.0)
    assert np.allclose(spm.tail_heat_capacity(th, 1e-4), exact, rtol=1e-5, atol=0)


def test_relaxation_ratio_limits():
    R, d0, E = 1e9, 1e-3, 0.2
    assert spm.relaxation_ratio(R, d0, E, 1e-3) == pytest.approx(R * d0**2 * E, rel=1e-12)  # coth -> 1
    assert spm.relaxation_ratio(R, d0, E, 100.0) == pytest.approx(R * d0**2 * 2 * 100.0, rel=1e-5)  # 2 theta / E


def test_relaxation_rate_prefactor_of_silica_gives_a_nanosecond_tau_min():
    K3 = spm.relaxation_prefactor(2200.0, 5800.0, 3750.0, 1.04 * C.e, 0.65 * C.e)
    E = C.k * 1.0  # 1 K
    tau_min = 1.0 / (K3 * E**3 / np.tanh(0.5))  # symmetric TLS at T = 1 K
    assert 1e-9 < tau_min < 1e-7  # known order: ~1e-8 s at 1 K in vitreous silica


def test_minimum_of_c_over_t3_of_a_linear_plus_quintic_law():
    """C = a theta + b theta^5: C/theta^3 is smallest at theta* = (a/b)^(1/4)."""
    th = np.geomspace(0.01, 2.0, 121)
    a, b = 3e-3, 40.0
    assert spm.minimum_of_c_over_t3(th, a * th + b * th**5) == pytest.approx((a / b) ** 0.25, rel=1e-3)
    with pytest.raises(ParameterError):
        spm.minimum_of_c_over_t3(th, th**4)  # C/theta^3 monotonic: minimum at the edge


def test_harmonic_dos_law_by_direct_count():
    """Count global minima with harmonic spacing below E under the uniform density: N(E) = E^5/40."""
    rng = np.random.default_rng(2)
    E0 = 5.0
    n = 1_000_000
    eta_lo, eta_hi, xi_hi = -(E0**2) / 8 - 0.5, E0**2 / 4 + 0.5, E0**3 / 4
    eta = rng.uniform(eta_lo, eta_hi, n)
    xi = rng.uniform(-xi_hi, xi_hi, n)
    area = (eta_hi - eta_lo) * 2 * xi_hi
    comp = np.zeros((n, 3, 3))  # companion matrices of y^3 + (eta/2) y + xi/4
    comp[:, 1, 0] = comp[:, 2, 1] = 1.0
    comp[:, 0, 2] = -xi / 4
    comp[:, 1, 2] = -eta / 2
    r = np.linalg.eigvals(comp)
    r = np.where(np.abs(r.imag) < 1e-7, r.real, np.nan)
    V = np.where(np.isnan(r), np.inf, xi[:, None] * r + eta[:, None] * r**2 + r**4)
    y = r[np.arange(n), np.argmin(V, axis=1)]
    spacing = np.sqrt(2 * (2 * eta + 12 * y**2))
    for E in (3.0, 4.0, 5.0):
        k = np.sum(spacing < E)
        assert k > 1000  # sampling error below 3 %
        assert area * k / n == pytest.approx(E**5 / 40, rel=4 / math.sqrt(k))
    assert spm.harmonic_dos(2.0) == pytest.approx(2.0**4 / 8)


@pytest.mark.parametrize(
    "call",
    [
        lambda: spm.schottky(1.0, -1.0),
        lambda: spm.einstein(1.0, 0.0),
        lambda: spm.heat_capacity_from_levels([0.0, 1.0], -0.5),
        lambda: spm.relaxation_ratio(-1.0, 1e-3, 0.1, 0.5),
        lambda: spm.relaxation_prefactor(2200.0, 0.0, 3750.0, 1.0, 1.0),
    ],
)
def test_bad_parameters_raise(call):
    with pytest.raises(ParameterError):
        call()


# ---------------------------------------------------------------- the (eta, xi) integration (committed table)


def _dos_slope(table, weight_factor=None):
    t = dict(table)
    if weight_factor is not None:
        t["weight"] = table["weight"] * weight_factor
    edges = np.geomspace(4.5, 11.0, 5)
    Ec, _, g = spm.density_of_excitations(t, edges)
    return Ec, g, np.polyfit(np.log(Ec), np.log(g), 1)[0]


def test_soft_vibrations_follow_omega4(spm_level_table):
    Ec, g, slope = _dos_slope(spm_level_table)
    assert slope == pytest.approx(4.0, abs=0.3)
    # measured ratios 1.04-1.10: the anharmonic shift raises E_1 - E_0 a little, and the bins
    # sample the eta step 0.25 / 30 uniform xi nodes of the table; 15 % is the allowance
    assert np.allclose(g / spm.harmonic_dos(Ec), 1.0, atol=0.15)


def test_a_density_proportional_to_eta_in_the_linear_form_would_fail_the_omega4_test(spm_level_table):
    _, _, slope = _dos_slope(spm_level_table, np.abs(spm_level_table["eta"]))
    assert slope > 5.0


def test_heat_capacity_theta_above_the_table_raises(spm_level_table):
    with pytest.raises(ParameterError):
        spm.heat_capacity_parts(spm_level_table, [0.1, 2.0 * float(spm_level_table["theta_max"])])


def test_heat_capacity_linear_at_the_lowest_temperatures(spm_parts):
    C = spm.heat_capacity_total(spm_parts, 1e11)
    th = spm_parts["theta"]
    m = th < 0.04
    slope = np.polyfit(np.log(th[m]), np.log(C[m]), 1)[0]
    # nearly linear: the SPM density of tunnelling states grows slowly with E (measured slope 1.22;
    # measured glass heat capacities go as T^(1.1-1.3) too). A T^3 or Schottky-like law fails this.
    assert 0.9 < slope < 1.35


def test_steep_rise_above_T_star(spm_parts):
    C = spm.heat_capacity_total(spm_parts, 1e11)
    th = spm_parts["theta"]
    ts = spm.minimum_of_c_over_t3(th, C)
    c3 = C / th**3
    i2 = np.argmin(np.abs(th - 3 * ts))
    assert c3[i2] / c3[np.argmin(np.abs(th - ts))] > 2.0
    m = (th > 2 * ts) & (th < 3 * ts)
    assert np.polyfit(np.log(th[m]), np.log(C[m]), 1)[0] > 3.5


def test_T_star_does_not_depend_on_P_s(spm_parts):
    a = spm.theta_star(spm_parts, 1e11, P_s=1.0)
    b = spm.theta_star(spm_parts, 1e11, P_s=37.0)
    assert a == pytest.approx(b, rel=1e-12)


def test_longer_measuring_time_adds_tunnelling_states_and_raises_T_star(spm_parts):
    ts = [spm.theta_star(spm_parts, R) for R in (1e8, 1e11, 1e14)]
    assert ts[0] < ts[1] < ts[2]
    # R = inf: every double well equilibrates, no frozen correction
    full = spm.heat_capacity_total(spm_parts, np.inf)
    assert np.allclose(full, spm_parts["tunnelling"] + spm_parts["vibration"] + spm_parts["tail"], rtol=1e-14)
