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
        "crystallinity": np.array([[0.05], [0.3]]),
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


def test_per_sample_counts_harmonic_msd_and_full_crystals():
    """The synthetic sample at t_hold = 2 tau: stop 0's inherent structure (eigenvalues 0.01, 1, 4, 9,
    16, 25; N = 2; kT = 0.5) has the harmonic mean-square displacement sum_k 2 kT (1 - cos(omega_k t))
    / lambda_k / N; stop 1's crystallised one counts nothing. Full crystals: solid-like fraction above
    FULL_CRYSTAL (0.9 is, 0.3 is not)."""
    sample = dict(_synthetic_sample(), crystallinity=np.array([[0.3], [0.9]]))
    c = s4.per_sample_counts(sample, 0.2, t_hold=2.0)
    lam = np.array([0.01, 1.0, 4.0, 9.0, 16.0, 25.0])
    expected = np.sum(2 * 0.5 * (1 - np.cos(np.sqrt(lam) * 2.0)) / lam) / 2
    np.testing.assert_allclose(c["harmonic_msd"], [expected, 0.0], rtol=1e-12)
    np.testing.assert_array_equal(c["full_crystal"], [0, 1])


def test_harmonic_rms_displacement_limits():
    """Short times: every mode moves ballistically, <d^2> = 3 kT t^2 (N - 1) / N per atom (3N - 3 modes,
    1 - cos(w t) ~ (w t)^2 / 2); long-time average over t: 2 kT sum 1/lambda / N."""
    from replicate.glass.liquid_replay import harmonic_rms_displacement

    rng = np.random.default_rng(3)
    lam = rng.uniform(0.5, 40.0, 3 * 50 - 3)
    short = harmonic_rms_displacement(lam, 0.1, 1e-4, 50)
    assert short == pytest.approx(np.sqrt(0.1 * 1e-8 * (3 * 50 - 3) / 50), rel=1e-5)
    ts = np.linspace(100, 200, 4001)
    mean_sq = np.mean([harmonic_rms_displacement(lam, 0.1, t, 50) ** 2 for t in ts])
    assert mean_sq == pytest.approx(2 * 0.1 * np.sum(1 / lam) / 50, rel=0.02)


def test_replay_summary_on_planted_replays():
    """Two planted replays, one stop each with two snapshots: FIRE calls 1 of 4 crystalline, CG 3 of 4
    (both on one, CG only on two); hold displacements equal to the cached ones; aged below the first."""

    def m(fire, cg, ffrac=0.1, cfrac=0.1):
        def side(c, f):
            return {"crystalline": c, "fraction": f, "e_is": 3.05 if f > 0.5 else 3.12, "converged": True}

        return {"fire": side(fire, ffrac), "cg": side(cg, cfrac)}

    samples = [
        {"rms_disp_hold": np.array([1.2, 0.2]), "crystalline": np.array([[False, False], [True, False]])},
        {"rms_disp_hold": np.array([1.3, 0.3]), "crystalline": np.array([[False, False], [False, False]])},
    ]
    replays = {
        0: {
            "rms_disp_hold": {1: 0.2},
            "rms_disp_aged": 0.1,
            "com_shift_max": 1e-15,
            "minimisers": {1: [m(True, True, 0.9, 0.9), m(False, True)]},
        },
        1: {
            "rms_disp_hold": {1: 0.3},
            "rms_disp_aged": 0.1,
            "com_shift_max": 1e-15,
            "minimisers": {1: [m(False, False), m(False, True)]},
        },
    }
    r = s4.replay_summary(replays, samples, np.array([0.5, 0.01]))
    assert r["n_snapshots"] == 4 and r["replay_max_abs_diff"] == 0.0 and r["fire_matches_cache"]
    assert r["fire"]["n_crystalline"] == 1 and r["cg"]["n_crystalline"] == 3
    assert r["fire"]["n_full_crystal"] == 1 and r["both"] == 1 and r["cg_only"] == 2 and r["fire_only"] == 0
    assert r["cg_minus_fire"] == pytest.approx(0.5) and r["cg_minus_fire_err"] == pytest.approx(np.sqrt(2) / 4)
    assert r["cg"]["crystalline_fraction_err"] == pytest.approx(np.sqrt(0.75 * 0.25 / 4))
    assert r["rms_disp_first"] == pytest.approx(0.25) and r["first_minus_aged"] == pytest.approx(0.15)


def test_fresh_replay_reproduces_the_cache(sec4):
    """The replayed liquids give the cached hold displacements (bit for bit on one machine; 1e-8 sigma is
    the solver tolerance of the liquid series, README "Tolerances") and FIRE the cached crystalline
    verdicts; the centre of mass stays put (momentum conserved: 1e-9 sigma is round-off over 400 steps);
    the harmonic expectation lies below the measured hold displacement at every stop."""
    r = sec4["replay"]
    assert r["replay_max_abs_diff"] < 1e-8 and r["fire_matches_cache"]
    assert r["com_shift_max"] < 1e-9
    st = sec4["stops"]
    assert all(0 < h < d for h, d in zip(st["rms_disp_harmonic"], st["rms_disp"]))
    assert all(0 <= f <= c for f, c in zip(st["full_crystal_fraction"], st["crystallised_fraction"]))
