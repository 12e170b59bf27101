"""Section 4 in the liquid (replicate.sec4_liquid): the statistics on synthetic data with a known answer,
and the fresh result's internal consistency (the committed result is compared in test_items.py)."""

import numpy as np
import pytest

from replicate import sec4_liquid as s4


def test_jackknife_fit_recovers_a_power_law_and_its_scatter():
    """Counts drawn binomially around f = 0.3 kT^0.8 at 8 temperatures for 16 samples of 3000 modes:
    the exponent within three jackknife errors of 0.8, and the error near its binomial expectation."""
    rng = np.random.default_rng(7)
    kT = np.geomspace(0.01, 0.19, 8)
    f = 0.3 * kT**0.8
    counts = np.full((16, kT.size), 3000.0)
    sums = rng.binomial(3000, np.broadcast_to(f, counts.shape)).astype(float)
    fit = s4.jackknife_fit(kT, sums, counts, slice(None), log=True)
    assert abs(fit["slope"] - 0.8) < 3 * fit["slope_err"]
    # binomial error of log f per temperature, propagated through the least-squares slope
    sig = np.sqrt((1 - f) / (f * 3000 * 16))
    lx = np.log(kT) - np.log(kT).mean()
    expected = np.sqrt(np.sum(lx**2 * sig**2)) / np.sum(lx**2)
    assert 0.5 * expected < fit["slope_err"] < 2 * expected


def test_jackknife_fit_linear_has_no_trend_in_flat_data():
    rng = np.random.default_rng(8)
    kT = np.linspace(0.01, 0.5, 10)
    sums = rng.normal(5.0, 0.5, (20, 10))
    fit = s4.jackknife_fit(kT, sums, np.ones((20, 10)), slice(None))
    assert abs(fit["slope"]) < 3 * fit["slope_err"]


def _synthetic_sample():
    """Two stops, one snapshot, six modes with hand-counted answers (N = 2 atoms)."""
    lam = np.array([[[-4.0, -0.01, 0.5, 1.0, 50.0, 100.0]], [[-1.0, 0.3, 0.5, 1.0, 50.0, 100.0]]])
    return {
        "inm_eigenvalues": lam,
        "inm_participation": np.full(lam.shape, 2.0),
        "inm_kappa4": np.array([[[1000.0, -1.0, 1, 1, 1, 1]], [[6.0, 1, 1, 1, 1, 1]]]),
        "kT": np.array([0.5, 0.1]),
        "n_atoms": 2,
        "crystalline": np.array([[False], [True]]),
        "is_stable": np.array([[True], [True]]),
        "is_eigenvalues": np.array([[[0.01, 1.0, 4.0, 9.0, 16.0, 25.0]], [[0.01, 1.0, 4.0, 9.0, 16.0, 25.0]]]),
        "is_participation": np.full(lam.shape, 1.5),
        "e_is": np.array([[3.1], [3.0]]),
        "rms_disp_hold": np.array([1.0, 0.2]),
        "kT_measured": np.array([0.5, 0.1]),
    }


def test_per_sample_counts_by_hand():
    """Stop 0: two unstable modes, one unbounded (kappa_4 < 0); the other has eta' = -4 (6/(0.5*1000))^(1/2)
    = -0.438, a barrier of 0.048 kT: held. |nu| < 0.2 means |lambda| < 1.579: the modes -0.01, 0.5 and 1.0
    (one unstable, two stable). Stop 1: eta' = -1 (6/(0.1*6))^(1/2) = -3.16, barrier 2.5 kT: not held;
    soft are -1, 0.3, 0.5 and 1.0 (one unstable, three stable); its inherent structure crystallised and
    is not counted."""
    c = s4.per_sample_counts(_synthetic_sample(), 0.2)
    np.testing.assert_array_equal(c["unstable_modes"], [2, 1])
    np.testing.assert_array_equal(c["unbounded_modes"], [1, 0])
    np.testing.assert_array_equal(c["held_modes"], [1, 0])
    np.testing.assert_array_equal(c["soft_unstable_modes"], [1, 1])
    np.testing.assert_array_equal(c["soft_stable_modes"], [2, 3])
    np.testing.assert_array_equal(c["accepted"], [1, 0])
    np.testing.assert_array_equal(c["is_soft_modes"], [2, 0])  # nu = 0.016 and 0.159 below 0.2
    np.testing.assert_array_equal(c["e_is"], [3.1, 0.0])
    np.testing.assert_array_equal(c["unstable_nk"], [4.0, 2.0])


@pytest.fixture(scope="module")
def sec4(fresh):
    return fresh("sec4_liquid")


def test_fresh_result_is_consistent(sec4):
    """Fractions lie in [0, 1]; the unstable fraction falls with the temperature from the hottest to the
    coldest stop; the measured kinetic temperature follows the target within 10 %."""
    st = sec4["stops"]
    for key in ("f_unstable", "held_fraction", "unbounded_fraction", "crystallised_fraction"):
        assert all(0.0 <= v <= 1.0 for v in st[key]), key
    assert st["f_unstable"][0] > st["f_unstable"][-1]
    np.testing.assert_allclose(st["kT_measured"], st["kT"], rtol=0.1, atol=0.003)
    assert sec4["n_samples"] == s4.SERIES[s4.SERIES_NAME]["n_samples"]
