"""Section 2 in the glass (replicate.sec2_quartic): the statistics on synthetic data with a known answer,
and the fresh result's internal consistency (the committed result is compared in test_items.py)."""

import numpy as np
import pytest

from replicate import sec2_quartic as s2
from replicate.glass.lattice import fcc


def test_loglog_slope_recovers_a_power_law_and_its_scatter():
    """y = 3 x^-1.3 times log-normal noise of 0.1 over 20 samples of 30 points: the slope within three
    jackknife errors of -1.3, and an error near the binomial expectation 0.1 / (std(log x) sqrt(600))."""
    rng = np.random.default_rng(4)
    x = [np.exp(rng.uniform(3, 6, 30)) for _ in range(20)]
    y = [3.0 * xi**-1.3 * np.exp(0.1 * rng.standard_normal(30)) for xi in x]
    slope, err = s2.loglog_slope(x, y)
    assert abs(slope + 1.3) < 3 * err
    expected = 0.1 / (np.std(np.log(np.concatenate(x))) * np.sqrt(600))
    assert 0.5 * expected < err < 2 * expected


def test_dos_maximum_finds_a_known_peak():
    """A Gaussian density centred at 1.2 with width 0.3: maximum within a bin, range around it."""
    rng = np.random.default_rng(5)
    nu = [np.abs(rng.normal(1.2, 0.3, 20000)) for _ in range(3)]
    c, lo, hi = s2.dos_maximum(nu)
    assert abs(c - 1.2) < 2 * s2.DOS_BIN and lo < c < hi and hi - lo < 0.6


def test_rdf_first_maximum_of_fcc_is_the_nearest_neighbour_distance():
    """fcc at rho = 1: the first shell at a/sqrt(2) with a = (4/rho)^(1/3), within half a bin."""
    pos, box = fcc(4, 1.0)
    r, err = s2.rdf_first_maximum([pos + 1e-3], box)
    assert abs(r - 4 ** (1 / 3) / np.sqrt(2)) <= err + 1e-12


@pytest.fixture(scope="module")
def sec2(fresh):
    return fresh("sec2_quartic")


def test_fresh_result_is_consistent(sec2):
    """Per size: the low-frequency window holds modes; the largest-displacement number never exceeds
    N_k (a theorem); a is positive and the same (within errors plus the 5 % spread of nu_c) whether
    taken from the mean of a or from kappa_4 N_k; the re-minimisation moved atoms by float32 rounding
    only (below 1e-5 sigma)."""
    for s in sec2["sizes"].values():
        assert s["n_samples"] == s2.N_SAMPLES and s["n_modes_low"] > 5 * s2.N_SAMPLES
        assert 0 < s["Nmax_over_Nk_low"] <= 1 and 0 < s["Nmax_over_Nk_all"] <= 1
        assert s["a_low"] > 0 and s["a_low_lo"] <= s["a_low"] <= s["a_low_hi"]
        assert s["max_shift"] < 1e-5
        assert s["nu_c_lo"] <= s["nu_c"] <= s["nu_c_hi"] and s["nu_edge"] < s["nu_c"]


def test_pooled_quantiles_of_a_log_normal():
    """Log-normal values (mu = 2, s = 0.5) split over 10 samples: median exp(mu) and 16-84 % range
    exp(mu -/+ s) within 3 % (the sampling error of a quantile of 20,000 values is about 1 %)."""
    rng = np.random.default_rng(11)
    v = [np.exp(rng.normal(2.0, 0.5, 2000)) for _ in range(10)]
    med, lo, hi = s2.pooled_quantiles(v)
    assert med == pytest.approx(np.exp(2.0), rel=0.03)
    assert lo == pytest.approx(np.exp(2.0 - 0.5 * 0.9945), rel=0.03)  # the 16 % point is -0.9945 sd
    assert hi == pytest.approx(np.exp(2.0 + 0.5 * 0.9945), rel=0.03)


def test_weighted_loglog_fit_recovers_an_exact_power_law():
    n = np.array([500.0, 1000, 4000, 32000])
    s, e = s2.weighted_loglog_fit(n, 3.0 * n**0.13, 0.01 * 3.0 * n**0.13)
    assert s == pytest.approx(0.13, abs=1e-12) and 0 < e < 0.01


def _planted_cores(rng, n_glasses, omega_c, a0, exponent=-1.0, noise=0.1):
    """Glasses of 3-7 cores with N_k log-uniform in 30-150 and kappa_4 = 12 omega_c^2 / (a0^2 N_k) for
    exponent -1 (eqn 3), or the same constant times N_k^exponent, times log-normal noise."""
    out = []
    for _ in range(n_glasses):
        nk = np.exp(rng.uniform(np.log(30), np.log(150), rng.integers(3, 8)))
        k4 = 12 * omega_c**2 / a0**2 * nk**exponent * np.exp(noise * rng.standard_normal(nk.size))
        out.append({"kappa4": k4, "Nk": nk})
    return out


def test_core_summary_recovers_a_planted_eqn3_and_rejects_another_law():
    """Planted eqn (3) with a = 0.55 sigma: slope within 3 jackknife errors of -1 and the median a within
    3 % (noise 0.1 in kappa_4 is 0.05 in a, over about 100 cores). Planted kappa_4 ~ N_k^-1.5: the slope
    is more than Z_RESOLVED errors from -1 (the test can fail)."""
    rng = np.random.default_rng(12)
    omega_c = 5.1
    s = s2.core_summary(_planted_cores(rng, 20, omega_c, 0.55), omega_c, 1.08)
    assert abs(s["slope"] + 1) < 3 * s["slope_err"]
    assert s["a_median"] == pytest.approx(0.55, rel=0.03)
    assert s["k4Nk_median"] == pytest.approx(12 * omega_c**2 / 0.55**2, rel=0.06)
    assert s["a_q16"] < s["a_median"] < s["a_q84"] and s["a_over_r_nn"] == pytest.approx(s["a"] / 1.08)
    bad = s2.core_summary(_planted_cores(rng, 20, omega_c, 0.55, exponent=-1.5), omega_c, 1.08)
    assert abs(bad["slope"] + 1.5) < 3 * bad["slope_err"] and abs(bad["z_slope"]) > s2.Z_RESOLVED


def test_cores_summary_sees_a_planted_drift_of_a_with_N():
    """The same planted a at every N: its slope against N within 3 errors of 0 and the pooled slope
    within 3 errors of -1. a growing as N^0.05: the slope of a against N within 3 errors of 0.05 and
    resolved from 0."""
    rng = np.random.default_rng(13)
    ns = (500, 2000, 8000, 32000)
    flat = s2.cores_summary({n: _planted_cores(rng, 12, 5.1, 0.55) for n in ns}, 5.1, 1.08)
    assert abs(flat["a_vs_N_slope"]) < 3 * flat["a_vs_N_slope_err"]
    assert abs(flat["slope_pooled"] + 1) < 3 * flat["slope_pooled_err"]
    drift = s2.cores_summary({n: _planted_cores(rng, 12, 5.1, 0.55 * (n / 500) ** 0.05) for n in ns}, 5.1, 1.08)
    assert abs(drift["a_vs_N_slope"] - 0.05) < 3 * drift["a_vs_N_slope_err"]
    assert abs(drift["a_vs_N_z"]) > s2.Z_RESOLVED


def test_core_modes_keeps_distinct_converged_modes():
    """Four quartic modes: 0 and 1 the same (overlap 0.95), 2 distinct but not converged, 3 distinct:
    modes 0 and 3 are kept."""
    ov = np.eye(4)
    ov[0, 1] = ov[1, 0] = 0.95
    sample = {
        "nonlinear_overlaps": ov,
        "nonlinear_converged": np.array([True, True, False, True]),
        "nonlinear_kappa": np.array([[1, 0, 10.0], [1, 0, 11.0], [1, 0, 12.0], [1, 0, 13.0]]),
        "nonlinear_participation": np.array([50.0, 51, 52, 53]),
    }
    c = s2.core_modes(sample)
    np.testing.assert_array_equal(c["kappa4"], [10.0, 13.0])
    np.testing.assert_array_equal(c["Nk"], [50.0, 53.0])


def test_fresh_cores_and_windows_are_consistent(sec2):
    """Every size of the series has cores; medians lie inside their 16-84 % ranges; the low-frequency
    window per glass times the glasses is the window's mode count, and all modes per glass are 3N - 3."""
    c = sec2["cores"]
    assert c["n_atoms"] == sorted(int(n) for n in c["sizes"]) and len(c["n_atoms"]) == 7
    for x in c["sizes"].values():
        assert x["n_modes"] >= x["n_glasses"] > 0
        for key in ("k4Nk", "Nk", "a"):
            assert x[f"{key}_q16"] <= x[f"{key}_median"] <= x[f"{key}_q84"]
    for s in sec2["sizes"].values():
        assert s["modes_per_glass_low"] * s["n_samples"] == pytest.approx(s["n_modes_low"])
        assert s["modes_per_glass_low_min"] <= s["modes_per_glass_low"] <= s["modes_per_glass_low_max"]
        assert s["modes_per_glass_all"] == 3 * s["n_atoms"] - 3
        for key in ("k4Nk_low", "a_low", "Nk_low"):
            assert s[f"{key}_q16"] <= s[f"{key}_median"] <= s[f"{key}_q84"]
