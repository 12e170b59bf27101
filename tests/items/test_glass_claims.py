"""Figs 5-6 recomputed from the cached ensembles: ensemble health, the window, the cutoff check.

The claims themselves (data/paper/simulation.json) are tested in tests/items/test_items.py on the same
fresh results; the cache is shown to follow from the code by the canaries of tests/tools/test_caches.py.
"""

import numpy as np
import pytest

from replicate.glass import spectra


@pytest.fixture(scope="module")
def fig6(fresh):
    return fresh("fig6")


def test_every_simulation_claim_has_a_value_and_an_error(fresh):
    from replicate.core import paper

    ids = [pid for pid, e in paper.published().items() if e["file"] == "simulation.json"]
    values = {**fresh("fig5")["values"], **fresh("fig6")["values"]}
    unc = {**fresh("fig5")["uncertainties"], **fresh("fig6")["uncertainties"]}
    for pid in ids:
        assert np.isfinite(values[pid]) and np.isfinite(unc[pid]) and unc[pid] > 0, pid


def test_ensembles_are_large_and_clean(fig6):
    """At least 50 accepted samples per size (20 for the second cutoff); every accepted sample converged
    to 1e-10 eps/sigma; every sample is counted once (accepted, crystalline, unconverged or unstable);
    unconverged and unstable ones are rare and crystalline ones a minority."""
    for name, s in fig6["summary"].items():
        min_samples = 50 if name != "N500_rc3.5" else 20
        assert s["n_accepted"] >= min_samples, name
        assert s["max_force_max"] < 1e-10
        assert s["n_crystalline"] + s["n_unconverged"] + s["n_unstable"] + s["n_accepted"] == s["n_samples"]
        assert s["n_unconverged"] + s["n_unstable"] <= 0.05 * s["n_samples"]
        assert s["n_crystalline"] < 0.5 * s["n_samples"]


def test_low_frequency_result_does_not_hinge_on_the_cutoff(fig6):
    """N = 500: window mean N_k at r_c = 2.5 and 3.5 sigma agree within 3 combined standard errors."""
    c = fig6["cutoff_check"]
    assert abs(c["difference"]) < 3 * c["difference_err"]


def test_window_sits_below_the_plane_waves(fig6):
    """nu_edge < nu_T1 < nu_L1 for each ensemble, and nu_T1 scales as 1/L (same c_T within 10 %)."""
    s = fig6["summary"]
    for v in s.values():
        assert v["nu_edge"] < v["nu_T1"] < v["nu_L1"]
    # the plane-wave weight spreads over a band about as wide as nu_T1 itself, so its median (and c_T)
    # is defined to ~10 %
    assert s["N500_rc2.5"]["c_T"] == pytest.approx(s["N1000_rc2.5"]["c_T"], rel=0.10)


def test_sound_speeds_order(fig6):
    """c_L > sqrt(4/3) c_T in any isotropic solid with positive bulk modulus."""
    for v in fig6["summary"].values():
        assert v["c_L"] > np.sqrt(4.0 / 3.0) * v["c_T"]


def test_jackknife_ratio_on_independent_samples():
    """For equal counts the jackknife error of the pooled mean is the standard error of the mean."""
    rng = np.random.default_rng(0)
    x = rng.normal(3.0, 1.0, 400)
    mean, err = spectra.jackknife_ratio(x, np.ones_like(x))
    assert mean == pytest.approx(x.mean())
    assert err == pytest.approx(x.std(ddof=1) / np.sqrt(x.size), rel=1e-10)


def test_jackknife_error_is_undefined_when_one_sample_holds_every_mode():
    """Removing the only contributing sample leaves no mean: one leave-one-out value is no spread."""
    mean, err = spectra.jackknife_ratio([3.0, 0.0, 0.0], [2, 0, 0])
    assert mean == 1.5 and np.isnan(err)
    mean, err = spectra.jackknife_ratio([3.0, 1.0], [2, 1])
    assert mean == pytest.approx(4.0 / 3.0) and err == pytest.approx(np.sqrt(0.5 * 2 * 0.25**2))


def test_weighted_quantile():
    x = [np.array([1.0, 2.0]), np.array([3.0, 4.0])]
    w = [np.array([1.0, 1.0]), np.array([1.0, 7.0])]
    assert spectra.pooled_weighted_quantile(x, w, 0.5) == 4.0
    assert spectra.pooled_weighted_quantile(x, w, 0.1) == 1.0
