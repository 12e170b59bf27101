"""The localisation item (replicate.localisation): its statistics on synthetic data with a known answer
(the measure itself is validated on the planted interstitial in tests/glass/test_nonlinear_modes.py);
the fresh result is compared with the committed one in test_items.py."""

import numpy as np
import pytest

from replicate import localisation as loc


def test_weighted_fit_recovers_a_power_law_with_its_error():
    """y = 40 N^0.3 with 3 % Gaussian scatter at six sizes, 400 repetitions: the slopes scatter with the
    standard error the fit reports (their spread within 15 % of it), around 0.3 (within 3 sigma/sqrt(400))."""
    rng = np.random.default_rng(9)
    n = np.array([500, 1000, 2000, 4000, 8000, 16000])
    y0 = 40 * n**0.3
    fits = [loc.weighted_loglog_fit(n, y0 * (1 + 0.03 * rng.standard_normal(n.size)), 0.03 * y0) for _ in range(400)]
    slopes = np.array([f["slope"] for f in fits])
    err = fits[0]["slope_err"]
    assert abs(slopes.mean() - 0.3) < 3 * err / np.sqrt(400)
    assert slopes.std() == pytest.approx(err, rel=0.15)


def _sample(harmonic, core, overlaps, start_overlap, converged=None):
    k = len(harmonic)
    return {
        "participation_number": np.array(harmonic, float),
        "nonlinear_participation": np.array(core, float),
        "nonlinear_overlaps": np.array(overlaps, float),
        "nonlinear_overlap": np.array(start_overlap, float),
        "nonlinear_converged": np.ones(k, bool) if converged is None else np.array(converged),
        "frequencies": np.linspace(0.05, 0.1, k),
        # kappa_2, kappa_3, kappa_4: cores at nu_q = 0.03, 0.06, 0.03, ... (every second one in the window)
        "nonlinear_kappa": np.array([[(2 * np.pi * (0.06 if i % 2 else 0.03)) ** 2, 0.0, 80.0] for i in range(k)]),
    }


def test_size_summary_by_hand():
    """Two samples. First: three lowest modes leading to two distinct cores (20, 40 atoms); second: two
    modes, one core of 30 atoms found twice. Harmonic mean (100+200+300+150+250)/5 = 200; core mean
    (20+40+30)/3 = 30; mostly core: overlaps 0.9, 0.5, 0.8, 0.3, 0.75 above 0.707: 3 of 5."""
    same = [[1, 0.1, 0.99], [0.1, 1, 0.1], [0.99, 0.1, 1]]
    s1 = _sample([100, 200, 300], [20, 40, 20], same, [0.9, 0.5, 0.8])
    s2 = _sample([150, 250], [30, 30], [[1, 0.98], [0.98, 1]], [0.3, 0.75])
    out = loc.size_summary([s1, s2])
    assert out["Nk_harmonic"] == pytest.approx(200)
    assert out["Nk_core"] == pytest.approx(30)
    assert out["distinct_per_sample"] == pytest.approx(1.5)
    # distinct cores 0 (20 atoms, nu_q 0.03) and 1 (40, 0.06) of the first, 0 (30, 0.03) of the second:
    # only the 40-atom core lies in the fixed window
    assert out["Nk_core_window"] == pytest.approx(40) and out["n_core_window"] == 1
    assert out["mostly_core_fraction"] == pytest.approx(0.6)
    # frequencies 0.05, 0.075, 0.1 and 0.05, 0.1: per bin the mostly-core fraction 1/2, 0, 2/2
    bins = {(b["nu_lo"], b["nu_hi"]): (b["fraction"], b["n_modes"]) for b in out["mostly_core_by_frequency"]}
    assert bins[(0.04, 0.06)] == (pytest.approx(0.5), 2)
    assert bins[(0.06, 0.08)] == (pytest.approx(0.0), 1)
    assert bins[(0.10, 0.12)] == (pytest.approx(1.0), 2)
    assert bins[(0.0, 0.04)][1] == 0
    # the same with the 40-atom core unconverged: no core left in the window
    s1u = _sample([100, 200, 300], [20, 40, 20], same, [0.9, 0.5, 0.8], converged=[True, False, True])
    assert loc.size_summary([s1u, s2])["n_core_window"] == 0


def test_crystallinity_summary_by_hand():
    """References: clusters 10, 20, 30 (disordered, e_IS 3.0, 3.1, 3.2) and 400 (ordered, e_IS 2.0, left
    out); accepted glasses 0 and 2 of three, e_IS 3.1 and 3.3, clusters 5 and 15."""
    judged = {
        "accepted": np.array([0, 2]),
        "cluster_bound": 60.0,
        "reference_clusters": np.array([10, 20, 30, 400]),
        "reference_fractions": np.array([0.01, 0.02, 0.03, 0.9]),
        "reference_e_is": np.array([3.0, 3.1, 3.2, 2.0]),
        "glass_clusters": np.array([5, 999, 15]),
        "e_is": np.array([3.1, 1.0, 3.3]),
        "rejected_fraction_only": 0,
        "rejected_with_cluster_bound": 1,
    }
    c = loc.crystallinity_summary(judged)
    assert (c["n_references"], c["n_references_ordered"]) == (4, 1)
    assert c["reference_cluster_median"] == 20 and c["glass_cluster_median"] == 10
    assert c["reference_e_is"] == pytest.approx(3.1) and c["glass_e_is"] == pytest.approx(3.2)
    assert c["reference_e_is_err"] == pytest.approx(0.1 / np.sqrt(3))
    assert c["glass_e_is_err"] == pytest.approx(np.std([3.1, 3.3], ddof=1) / np.sqrt(2))
    assert c["e_is_z"] == pytest.approx(0.1 / np.hypot(c["reference_e_is_err"], c["glass_e_is_err"]))


def test_verdict_reads_the_fits():
    """Synthetic sizes: a flat core with a growing harmonic N_k is 'hybridised cores'; a core growing
    as N^0.9 is 'extended'; both growing alike as N^0.1 is 'localised' (no hybridisation)."""
    rng = np.random.default_rng(3)

    def size(n, nk_h, nk_c):
        return [
            _sample(
                nk_h * (1 + 0.05 * rng.standard_normal(4)),
                nk_c * (1 + 0.05 * rng.standard_normal(4)),
                np.eye(4),
                [0.5] * 4,
            )
            for _ in range(8)
        ]

    samples = {n: size(n, 30 * n**0.4, 60.0) for n in (500, 1000, 2000, 4000)}
    r = loc.compute(samples, {n: 0 for n in samples})
    assert r["localisation_verdict"] == "hybridised cores"
    assert abs(r["fits"]["harmonic"]["slope"] - 0.4) < 3 * r["fits"]["harmonic"]["slope_err"]
    samples = {n: size(n, 30 * n**0.4, 0.1 * n**0.9) for n in (500, 1000, 2000, 4000)}
    assert loc.compute(samples, {n: 0 for n in samples})["localisation_verdict"] == "extended"
    samples = {n: size(n, 30 * n**0.1, 30 * n**0.1) for n in (500, 1000, 2000, 4000)}
    assert loc.compute(samples, {n: 0 for n in samples})["localisation_verdict"] == "localised"


def test_report_section_states_the_verdict(fresh_doc):
    """The template's verdict branch follows the result (a result key named like a template global would
    silently take the fallback branch)."""
    from replicate.report import templates

    doc = fresh_doc("localisation")
    _, text = templates.section("localisation", doc)
    expected = {
        "hybridised cores": "quasi-localised",
        "localised": "localised, and the harmonic",
        "extended": "like extended modes",
        "undecided": "does not yet resolve",
    }
    assert expected[doc["localisation_verdict"]] in text
