"""Soft-potential model: levels, rescaling, distribution, heat capacity; eqn (8) claim and regressions.

Physics tests use small direct computations; the tests of the (eta, xi) integration read the
committed level table (data/cache; its canary rows are recomputed in tests/tools/test_caches.py), and the
eqn (8) tests use a fresh compute() of the item (``fresh`` fixture), never the committed result.
"""

import math

import numpy as np
import pytest
from scipy import constants as C

from replicate.core import paper
from replicate.core.errors import ParameterError
from replicate.theory.spm.table import cache_path, load_or_compute
from replicate.theory import spm

# Pure quartic oscillator -d^2/dy^2 + y^4: E0, E1 as tabulated to 19 digits by Hioe and Montroll,
# J. Math. Phys. 16, 1945 (1975); verified here to 2e-11 by a basis expansion. E2 = 7.455697937986738 is
# our own basis-expansion value (the value 7.4556973768 we were given differs in the seventh digit).
QUARTIC = (1.0603620904841828996, 3.7996730298013941688, 7.455697937986738)


def basis_levels(eta, xi, n_basis=300, omega=4.0, n=6):
    """Independent method: H = p^2 + xi y + eta y^2 + y^4 in a harmonic-oscillator basis.

    With hbar = 1 and mass 1/2, y = (a + a^+)/sqrt(omega) and p^2 = -(omega/4) (a^+ - a)^2; matrices are
    built in a basis 4 states larger and truncated, so y^4 is exact within the kept block.
    """
    m = n_basis + 4
    a = np.diag(np.sqrt(np.arange(1, m)), 1)
    y = (a + a.T) / math.sqrt(omega)
    p2 = -(omega / 4.0) * ((a - a.T) @ (a - a.T))
    y2 = y @ y
    H = (p2 + xi * y + eta * y2 + y2 @ y2)[:n_basis, :n_basis]
    return np.linalg.eigvalsh(H)[:n]


# ---------------------------------------------------------------- levels


def test_quartic_levels_basis_expansion_confirms_literature_digits():
    e = basis_levels(0.0, 0.0, 300, omega=4.0)
    assert np.allclose(e[:3], QUARTIC, rtol=0, atol=2e-11)
    # a different basis size and frequency gives the same digits (the expansion is converged)
    assert np.allclose(basis_levels(0.0, 0.0, 220, omega=6.0)[:3], QUARTIC, rtol=0, atol=2e-11)


def test_quartic_levels_finite_differences():
    e = spm.levels(0.0, 0.0, 3, step=0.05)
    # Richardson O(h^4) at h p_max = 0.05: measured errors 2e-11 (E0), 5e-10 (E1), 3e-9 (E2); the
    # table uses step 0.25 (errors 2e-8, 3e-7, 2e-6 for these levels, shrinking as h^4)
    assert np.allclose(e, QUARTIC, rtol=0, atol=[1e-10, 2e-9, 1e-8])
    coarse = spm.levels(0.0, 0.0, 3, step=0.25)
    assert np.all(np.abs(coarse - QUARTIC) > np.abs(e - QUARTIC))  # refinement converges


def test_richardson_beats_a_single_grid():
    one = spm.levels(0.0, 0.0, 2, step=0.25, richardson=False)
    two = spm.levels(0.0, 0.0, 2, step=0.25)
    assert np.all(np.abs(two - QUARTIC[:2]) < 1e-3 * np.abs(one - QUARTIC[:2]))


@pytest.mark.parametrize("eta", [50.0, 200.0, 400.0])
def test_harmonic_limit_spacing(eta):
    e = spm.levels(eta, 0.0, 3, step=0.1)
    # perturbation in y^4 (hbar = 1, mass 1/2, omega = 2 sqrt(eta)): first order 3/eta, second order
    # -(2/omega^5)(144) = -9/eta^(5/2) for E1 - E0; the tolerance checks the second order to 1/3
    assert e[1] - e[0] == pytest.approx(2 * math.sqrt(eta) + 3.0 / eta - 9.0 / eta**2.5, abs=3.0 / eta**2.5)
    assert (e[2] - e[1]) / (2 * math.sqrt(eta)) == pytest.approx(1.0, abs=10.0 / eta**1.5)


@pytest.mark.parametrize("eta", [-2.0, -4.0, -6.0])
def test_symmetric_double_well_splitting_against_basis_expansion(eta):
    fd = spm.levels(eta, 0.0, 2, step=0.1, tol=1e-300)
    ho = basis_levels(eta, 0.0, 300, omega=2.0 * math.sqrt(2.0 * abs(eta)) + 2.0, n=2)
    # basis converged to 1e-11 (checked with 300/400 states, omega 6-12); FD at step 0.1: rel. error 1.4e-7
    assert fd[1] - fd[0] == pytest.approx(ho[1] - ho[0], rel=1e-6)
    # the table's step 0.25 (symmetric_splitting uses 0.2): rel. error 5e-6
    assert spm.symmetric_splitting(eta) == pytest.approx(ho[1] - ho[0], rel=2e-5)


def test_asymmetric_levels_against_basis_expansion():
    fd = spm.levels(-3.0, 0.7, 5, step=0.1)
    ho = basis_levels(-3.0, 0.7, 300, omega=5.0, n=5)
    assert np.allclose(fd, ho, rtol=0, atol=1e-7)


def test_deep_splitting_follows_the_instanton_form():
    # below eta = -13 the splitting is extrapolated; check the form on exact values above it
    e = np.array([7.0, 9.0, 11.0, 13.0])
    c = np.array([spm.symmetric_splitting(-x) for x in e]) / (e**1.25 * np.exp(-spm.WKB_ACTION * e**1.5))
    assert np.all(np.diff(c) > 0) and np.all(np.diff(np.diff(c)) < 0)  # approaches its limit from below
    assert c[-1] / c[-2] - 1 < 0.02  # so the constant matched at -13 is good to ~1-2 % deeper down
    assert spm.symmetric_splitting(-16.0) < spm.symmetric_splitting(-13.0) * 1e-3


def test_lower_well_levels_match_full_spectrum_for_a_deep_well():
    # deep, asymmetric: the ground state of the full problem is the ground state of the lower well
    full = spm.levels(-12.0, 0.5, 4)
    low = spm.levels(-12.0, 0.5, 2, wall="lower")
    assert low[0] == pytest.approx(full[0], abs=1e-6)  # different grids: FD errors ~1e-8
    assert low[1] - low[0] == pytest.approx(math.sqrt(2 * spm.minima(-12.0, 0.5)[0][2]), rel=0.1)


def test_rescaling_of_the_mode_hamiltonian():
    """Solve -(hbar^2/2m) d^2/dx^2 + eps0 (xi_x x + eta_x x^2 + x^4) in SI; E/W equals the reduced levels."""
    M = 20.0 * C.atomic_mass
    mode_mass = 100 * M * (1e-10) ** 2  # N_s M a^2 with N_s a^2 = 100 Angstrom^2
    eps0 = 50 * C.e
    W = spm.crossover_energy(mode_mass, eps0)
    eta_x, xi_x = -0.02, 1e-4
    eta, xi = spm.reduced_parameters(eta_x, xi_x, mode_mass, eps0)
    L = spm.length_scale(mode_mass, eps0)
    assert W == pytest.approx(eps0 * L**4, rel=1e-12)
    assert eta == pytest.approx(eta_x * math.sqrt(eps0 / W), rel=1e-12)
    assert xi == pytest.approx(xi_x * (eps0 / W) ** 0.75, rel=1e-12)
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
    assert spm.crossover_energy(mode_mass, r["eps0_eV"] * C.e) / C.e == pytest.approx(r["W_eV"], rel=1e-12)


# ---------------------------------------------------------------- distribution


def test_sea_gull_jacobian_is_half_eta_prime():
    rng = np.random.default_rng(1)
    for ep, t in rng.normal(size=(20, 2)) * 2:
        def fwd(ep, t):
            return np.array([t**3 / 8 - ep * t / 2, ep - 3 * t * t / 8])  # (xi, eta)

        h = 1e-6
        J = np.column_stack([(fwd(ep + h, t) - fwd(ep - h, t)) / (2 * h), (fwd(ep, t + h) - fwd(ep, t - h)) / (2 * h)])
        assert abs(np.linalg.det(J)) == pytest.approx(abs(ep) / 2, rel=1e-6, abs=1e-9)
        # and the shifted potential is the same function: V(y) around the minimum-origin form
        xi, eta = fwd(ep, t)
        y = np.linspace(-2, 2, 9)
        s = t / 4
        lhs = xi * (y + s) + eta * (y + s) ** 2 + (y + s) ** 4
        rhs = ep * y**2 + t * y**3 + y**4
        assert np.allclose(lhs - lhs[4], rhs - rhs[4], atol=1e-9)


def test_harmonic_dos_law_by_direct_count():
    """Count global minima with harmonic spacing below E under the uniform density: N(E) = E^5/40."""
    rng = np.random.default_rng(2)
    E0 = 5.0
    n = 1_000_000
    eta_lo, eta_hi, xi_hi = -E0**2 / 8 - 0.5, E0**2 / 4 + 0.5, E0**3 / 4
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


# ---------------------------------------------------------------- heat capacity of one potential


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


def test_relaxation_rate_prefactor_of_silica_gives_a_nanosecond_tau_min():
    K3 = spm.relaxation_prefactor(2200.0, 5800.0, 3750.0, 1.04 * C.e, 0.65 * C.e)
    E = C.k * 1.0  # 1 K
    tau_min = 1.0 / (K3 * E**3 / np.tanh(0.5))  # symmetric TLS at T = 1 K
    assert 1e-9 < tau_min < 1e-7  # known order: ~1e-8 s at 1 K in vitreous silica


# ---------------------------------------------------------------- parameters


@pytest.mark.parametrize("call", [
    lambda: spm.levels(float("nan"), 0.0),
    lambda: spm.levels(0.0, 0.0, n_levels=0),
    lambda: spm.levels(0.0, 0.0, step=1.5),
    lambda: spm.levels(0.0, 0.0, wall="upper"),
    lambda: spm.levels(1.0, 0.0, wall="lower"),
    lambda: spm.schottky(1.0, -1.0),
    lambda: spm.relaxation_ratio(-1.0, 1e-3, 0.1, 0.5),
    lambda: spm.crossover_energy(0.0, 1.0),
    lambda: spm.relaxation_prefactor(2200.0, 0.0, 3750.0, 1.0, 1.0),
    lambda: spm.fd_levels(np.zeros(10), 0.1, 11),
])
def test_bad_parameters_raise(call):
    with pytest.raises(ParameterError):
        call()


# ---------------------------------------------------------------- the (eta, xi) integration (committed table)


@pytest.fixture(scope="module")
def table():
    if not cache_path().exists():
        pytest.fail(f"committed level table {cache_path().name} is missing; run python -m replicate.eqn8_w_factor")
    return load_or_compute()[0]


@pytest.fixture(scope="module")
def parts(table):
    return spm.heat_capacity_parts(table, np.geomspace(0.01, 2.0, 121))


def _dos_slope(table, weight_factor=None):
    t = dict(table)
    if weight_factor is not None:
        t["weight"] = table["weight"] * weight_factor
    edges = np.geomspace(4.5, 11.0, 5)
    Ec, _, g = spm.density_of_excitations(t, edges)
    return Ec, g, np.polyfit(np.log(Ec), np.log(g), 1)[0]


def test_soft_vibrations_follow_omega4(table):
    Ec, g, slope = _dos_slope(table)
    assert slope == pytest.approx(4.0, abs=0.3)
    # measured ratios 1.04-1.10: the anharmonic shift raises E_1 - E_0 a little, and the bins
    # sample the eta step 0.25 / 30 uniform xi nodes of the table; 15 % is the allowance
    assert np.allclose(g / spm.harmonic_dos(Ec), 1.0, atol=0.15)


def test_a_density_proportional_to_eta_in_the_linear_form_would_fail_the_omega4_test(table):
    _, _, slope = _dos_slope(table, np.abs(table["eta"]))
    assert slope > 5.0


def test_heat_capacity_linear_at_the_lowest_temperatures(parts):
    C = spm.heat_capacity_total(parts, 1e11)
    th = parts["theta"]
    m = th < 0.04
    slope = np.polyfit(np.log(th[m]), np.log(C[m]), 1)[0]
    # nearly linear: the SPM density of tunnelling states grows slowly with E (measured slope 1.22;
    # measured glass heat capacities go as T^(1.1-1.3) too). A T^3 or Schottky-like law fails this.
    assert 0.9 < slope < 1.35


def test_steep_rise_above_T_star(parts):
    C = spm.heat_capacity_total(parts, 1e11)
    th = parts["theta"]
    ts = spm.minimum_of_c_over_t3(th, C)
    c3 = C / th**3
    i2 = np.argmin(np.abs(th - 3 * ts))
    assert c3[i2] / c3[np.argmin(np.abs(th - ts))] > 2.0
    m = (th > 2 * ts) & (th < 3 * ts)
    assert np.polyfit(np.log(th[m]), np.log(C[m]), 1)[0] > 3.5


def test_T_star_does_not_depend_on_P_s(parts):
    a = spm.theta_star(parts, 1e11, P_s=1.0)
    b = spm.theta_star(parts, 1e11, P_s=37.0)
    assert a == pytest.approx(b, rel=1e-12)


def test_longer_measuring_time_adds_tunnelling_states_and_raises_T_star(parts):
    ts = [spm.theta_star(parts, R) for R in (1e8, 1e11, 1e14)]
    assert ts[0] < ts[1] < ts[2]


# ---------------------------------------------------------------- eqn (8): claim and regression


def test_eqn8_claim_is_a_known_disagreement(fresh):
    """The paper's 1.6 (+/-0.05 from its printed digits) against our freshly computed factor.

    Known disagreement: the SPM with a one-phonon cutoff at 1 s to 1e4 s gives 1.70-1.79 (REPORT.md);
    only far longer measuring times or no cutoff at all approach 1.6. If a change makes it agree, this
    test fails so that the report and this note are updated.
    """
    w = fresh("eqn8_w_factor")["w_over_kTstar"]
    lo, hi = paper.bounds("eqn8.w_over_kTstar")
    assert not paper.agrees("eqn8.w_over_kTstar", w["central"]), f"{w['central']:.3f} now agrees with [{lo}, {hi}]"
    assert w["band"][0] < w["central"] < w["band"][1]  # the central time lies inside the scanned band
    assert w["band"][0] > hi  # the whole band lies above the printed interval
    assert w["no_cutoff"] < w["band"][0]  # the cutoff is what moves it


def test_eqn8_factor_is_one_over_theta_star(fresh, table):
    """Recompute the central factor from the table by hand: W/(k_B T*) = 1/theta* at R = K_3 W^3 t_meas."""
    from replicate.eqn8_w_factor import THETA_FINE

    r = fresh("eqn8_w_factor")
    g = r["w_over_kTstar"]["per_glass"]["silica"]
    t_meas = r["parameters"]["coupling"]["measuring_time_s"]["central"]
    parts = spm.heat_capacity_parts(table, THETA_FINE)
    assert 1.0 / spm.theta_star(parts, g["R_central"]) == pytest.approx(r["values"]["eqn8.w_over_kTstar"], rel=1e-12)
    assert g["R_central"] == pytest.approx(g["K3_J3_s"] * (C.k * g["W_K"]) ** 3 * t_meas, rel=1e-12)


def test_eqn8_discretisation_effect_is_small(fresh):
    w = fresh("eqn8_w_factor")["w_over_kTstar"]
    assert w["coarse_table"] is not None
    assert abs(w["coarse_table"] - w["central"]) < 0.01


def test_eqn8_sensitivity_scales_as_W_to_minus_3(fresh):
    """N_s a^2 and eps_0 of eqns (6)-(7) at fixed T* scale as W^-3: the ratio to the 1.6 values is (1.6/f)^3."""
    r = fresh("eqn8_w_factor")
    f = r["w_over_kTstar"]["central"]
    for s in r["sensitivity"].values():
        assert s["nsa2_A2"] / s["nsa2_A2_with_1.6"] == pytest.approx((1.6 / f) ** 3, rel=1e-10)
        assert s["eps0_eV"] / s["eps0_eV_with_1.6"] == pytest.approx((1.6 / f) ** 3, rel=1e-10)


def test_table_does_not_depend_on_the_number_of_processes():
    """compute_table with n_jobs = 2 (joblib) gives the table of n_jobs = 1, on a small grid."""
    small = {"eta_nodes": [[-6.0, -2.0, 2.0], [-2.0, 2.0, 2.0], [3.0, 5.0, 2.0]], "xi_per_decade": 1,
             "xi_linear_nodes": 2, "xi_log_min": -2.0}
    one = spm.compute_table(small, n_jobs=1)
    two = spm.compute_table(small, n_jobs=2)
    assert one.keys() == two.keys() and one["eta"].size > 4
    for k in one:
        np.testing.assert_array_equal(one[k], two[k], err_msg=k)
