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
