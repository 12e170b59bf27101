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
        # kappa_2, kappa_3, kappa_4: cores at nu_q = 0.04, 0.06, 0.04, ... (every second one in the first
        # window 0.05-0.08, the others in the lower window 0.03-0.05)
        "nonlinear_kappa": np.array([[(2 * np.pi * (0.06 if i % 2 else 0.04)) ** 2, 0.0, 80.0] for i in range(k)]),
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
    # distinct cores 0 (20 atoms, nu_q 0.04) and 1 (40, 0.06) of the first, 0 (30, 0.04) of the second:
    # only the 40-atom core lies in the first window, the 20- and 30-atom cores in the lower one
    assert out["Nk_core_window"] == pytest.approx(40) and out["n_core_window"] == 1
    assert out["Nk_core_window_low"] == pytest.approx(25) and out["n_core_window_low"] == 2
    assert out["nu_q_window_low_median"] == pytest.approx(0.04)
    # mostly core (overlap above 0.707): the harmonic modes of 100, 300 and 250 atoms
    assert out["Nk_mostly_core_harmonic"] == pytest.approx(650 / 3) and out["n_mostly_core_harmonic"] == 3
    # log core N_k against log nu_q over the three cores: two values of x, so the least-squares slope is
    # the difference of the mean log N_k at each over log(0.06/0.04)
    slope = (np.log(40) - (np.log(20) + np.log(30)) / 2) / np.log(1.5)
    assert out["core_vs_nu_q"]["slope"] == pytest.approx(slope) and out["core_vs_nu_q"]["n_points"] == 3
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


def test_hybridisation_is_judged_on_the_lowest_mode():
    """The ten lowest modes' mean grows as N^0.4 (phonon-like modes) while the lowest mode of every glass
    holds exactly the atoms of its core (ratio 1): not hybridised, so 'localised'. The old criterion (the
    ten-mode exponent above the core's) would have called it 'hybridised cores'."""
    rng = np.random.default_rng(5)

    def size(n):
        out = []
        for _ in range(8):
            core = 60.0 * (1 + 0.05 * rng.standard_normal(4))
            harmonic = 30 * n**0.4 * (1 + 0.05 * rng.standard_normal(4))
            harmonic[0] = core[0]  # the lowest mode (frequencies ascend in _sample) is its core
            out.append(_sample(harmonic, core, np.eye(4), [0.5] * 4))
        return out

    samples = {n: size(n) for n in (500, 1000, 2000, 4000)}
    r = loc.compute(samples, {n: 0 for n in samples})
    assert r["fits"]["harmonic_minus_core"]["slope"] > 0.3  # the ten-mode mean does grow faster
    assert all(s["lowest"]["ratio"] == pytest.approx(1.0) for s in r["sizes"].values())
    assert r["localisation_verdict"] == "localised"


def test_lowest_mode_by_hand():
    """Three glasses whose lowest mode sits at index 2, 0 and 1 (frequencies not sorted): harmonic N_k
    100, 200, 300, their cores 50, 100 and an unconverged one. Mean 200 with the jackknife error of a mean
    (the standard error 100/sqrt(3)); median 200; 16-84 % range by linear interpolation 132-268; p = 200/N;
    core mean 75 over the two converged; ratio (100 + 200)/(50 + 100) = 2 over the same two glasses."""
    freq = [[0.3, 0.2, 0.1], [0.1, 0.2, 0.3], [0.2, 0.1, 0.3]]
    harm = [[1, 1, 100], [200, 1, 1], [1, 300, 1]]
    core = [[1, 1, 50], [100, 1, 1], [1, 999, 1]]
    conv = [[1, 1, 1], [1, 1, 1], [1, 0, 1]]
    over = [[0, 0, 0.9], [0.8, 0, 0], [0, 0.1, 0]]
    samples = [
        {
            "frequencies": np.array(f, float),
            "participation_number": np.array(h, float),
            "nonlinear_participation": np.array(c, float),
            "nonlinear_converged": np.array(k, bool),
            "nonlinear_overlap": np.array(o, float),
        }
        for f, h, c, k, o in zip(freq, harm, core, conv, over)
    ]
    out = loc.lowest_mode_summary(samples, 1000)
    assert out["Nk"] == pytest.approx(200) and out["Nk_err"] == pytest.approx(100 / np.sqrt(3))
    assert (out["Nk_median"], out["Nk_p16"], out["Nk_p84"]) == pytest.approx((200, 132, 268))
    assert out["p"] == pytest.approx(0.2) and out["p_err"] == pytest.approx(0.1 / np.sqrt(3))
    assert out["core_Nk"] == pytest.approx(75) and out["ratio"] == pytest.approx(2.0)
    assert out["mostly_core_fraction"] == pytest.approx(2 / 3)
    assert out["nu"] == pytest.approx(0.1)


def test_lowest_mode_fits_and_laird_schober_ratio():
    """Planted lowest-mode N_k: 100 N^0.3/500^0.3 up to N = 2000, then a constant 300, with 10 % scatter,
    40 glasses per size. The fit from N = 4000 on finds a slope within 3 errors of 0 and p ~ N^(slope - 1);
    over all sizes a resolved positive slope. The N = 1000/500 ratio is the ratio of the means with the
    relative errors in quadrature."""
    rng = np.random.default_rng(11)
    ns = (500, 1000, 2000, 4000, 8000, 16000)
    planted = {n: (100 * (n / 500) ** 0.3 if n <= 2000 else 300.0) for n in ns}
    lowest = {n: {"Nk": planted[n] * (1 + 0.1 * rng.standard_normal(40)), "nu": np.full(40, 0.05)} for n in ns}
    samples = {n: [_sample([100, 200], [50, 60], np.eye(2), [0.9, 0.1]) for _ in range(3)] for n in ns}
    r = loc.compute(samples, {n: 0 for n in ns}, lowest=lowest)
    big = r["fits"]["lowest_large"]
    assert big["sizes"] == [n for n in ns if n >= loc.LEVEL_FROM]
    assert abs(big["slope"]) < 3 * big["slope_err"]
    assert big["p_slope"] == pytest.approx(big["slope"] - 1)
    assert r["fits"]["lowest"]["slope"] > 3 * r["fits"]["lowest"]["slope_err"]
    a, b = r["sizes"]["500"]["lowest_all"], r["sizes"]["1000"]["lowest_all"]
    assert a["Nk"] == pytest.approx(np.mean(lowest[500]["Nk"]))
    q = r["laird_schober_lowest_ratio"]
    assert q["ratio"] == pytest.approx(b["Nk"] / a["Nk"])
    assert q["err"] == pytest.approx(q["ratio"] * np.hypot(a["Nk_err"] / a["Nk"], b["Nk_err"] / b["Nk"]))


def test_half_weight_number():
    """Weights 0.4, 0.3, 0.2, 0.1 (any order): two atoms hold half; equal weights on 2k atoms: k."""
    f = np.sqrt(np.array([[0.1, 0, 0], [0, 0.4, 0], [0, 0, 0.2], [0.3, 0, 0]]))
    assert loc.half_weight_number(f) == 2
    assert loc.half_weight_number(-3 * f) == 2  # any norm and sign
    for k in (1, 5, 20):
        g = np.zeros((100, 3))
        g[: 2 * k, 1] = 1.0
        assert loc.half_weight_number(g) == k


def test_field_measures_by_hand():
    """Five atoms on a line in a box of edge 10 sigma, weights 0.4 (the centre, x = 0), 0.2 (x = 1),
    0.1 (x = 2), 0.2 (x = 5) and 0.1 (x = 9.5, 0.5 from the centre through the boundary). Within 3 sigma:
    all but the atom at x = 5. N_k = 1/0.26, 1/max = 2.5, half the weight on 2 atoms, the near field's N_k
    0.8^2/0.22, far weight 0.2."""
    w = np.array([0.4, 0.2, 0.1, 0.2, 0.1])
    field = np.zeros((5, 3))
    field[:, 2] = np.sqrt(w)
    pos = np.zeros((5, 3))
    pos[:, 0] = [0.0, 1.0, 2.0, 5.0, 9.5]
    m = loc.field_measures(field, pos, 10.0, 0, r_near=3.0)
    assert m["Nk"] == pytest.approx(1 / 0.26)
    assert m["n_max"] == pytest.approx(2.5)
    assert m["n_half"] == 2
    assert m["Nk_near"] == pytest.approx(0.64 / 0.22)
    assert m["far_weight"] == pytest.approx(0.2)


def test_fields_summary_slopes():
    """Planted fields: a mode of nu_q carries equal weight on k = 1/nu_q atoms (k = 10, 20, 40), so N_k,
    1/max|e|^2 and the half-weight count (k/2) all go as nu_q^-1; only converged modes count."""
    rng = np.random.default_rng(2)
    box = 12.0
    samples = []
    for _ in range(4):
        ks = (10, 20, 40)
        fields = np.zeros((3, 300, 3), dtype=np.float32)
        for j, k in enumerate(ks):
            atoms = rng.choice(300, k, replace=False)
            fields[j, atoms, 0] = 1.0
        nu_q = 1.0 / np.array(ks, float)
        kappa = np.zeros((4, 3))
        kappa[:3, 0] = (2 * np.pi * nu_q) ** 2
        kappa[3, 0] = (2 * np.pi * 0.5) ** 2  # the unconverged mode, far off the line
        fields4 = np.concatenate([fields, np.ones((1, 300, 3), np.float32)])
        samples.append(
            {
                "field_modes": np.array([0, 1, 2, 3]),
                "fields": fields4,
                "positions": rng.uniform(0, box, (300, 3)),
                "nonlinear_centre": np.array([int(np.flatnonzero(f[:, 0])[0]) for f in fields] + [0]),
                "nonlinear_kappa": kappa,
                "nonlinear_converged": np.array([True, True, True, False]),
            }
        )
    out, per = loc.fields_summary(samples, box)
    assert out["n_modes"] == 12 and out["n_glasses"] == 4
    assert out["Nk"]["mean"] == pytest.approx(70 / 3)
    assert out["n_half"]["mean"] == pytest.approx(35 / 3)
    for k in ("Nk", "n_max", "n_half"):
        assert out[k]["vs_nu_q"]["slope"] == pytest.approx(-1.0)
        assert out[k]["vs_nu_q"]["slope_err"] == pytest.approx(0.0, abs=1e-9)  # every glass the same line


def test_glass_slope_error_is_the_spread():
    """N_k = 60 (nu_q/0.05)^-0.6 with 20 % log-normal scatter, 8 glasses of 6 cores each, 300 repetitions:
    the jackknife error over glasses matches the spread of the slopes within 20 %, and their mean lies
    within 3 standard errors of the mean of -0.6."""
    rng = np.random.default_rng(4)
    slopes, errs = [], []
    for _ in range(300):
        per = []
        for _ in range(8):
            nu = rng.uniform(0.03, 0.1, 6)
            per.append((nu, 60 * (nu / 0.05) ** -0.6 * np.exp(0.2 * rng.standard_normal(6))))
        g = loc.glass_slope(per)
        slopes.append(g["slope"])
        errs.append(g["slope_err"])
    slopes = np.array(slopes)
    assert abs(slopes.mean() + 0.6) < 3 * slopes.std() / np.sqrt(slopes.size)
    # 20 %: the spread of 300 slopes is known to 1/sqrt(600) = 4 %, and a jackknife over 8 glasses
    # overestimates a standard error by up to about 10 %; a missing factor (e.g. sqrt(8)) is a factor 3
    assert np.mean(errs) == pytest.approx(slopes.std(), rel=0.2)


def test_slopes_summary_by_hand():
    """Slopes -0.5 and -0.7, each +/- 0.1: weighted mean -0.6 +/- 0.1/sqrt(2), chi^2 = 2; a size without
    an error is left out."""
    m = loc._slopes_summary(
        [
            {"slope": -0.5, "slope_err": 0.1},
            {"slope": -0.7, "slope_err": 0.1},
            {"slope": 3.0, "slope_err": float("nan")},
        ]
    )
    assert m["slope"] == pytest.approx(-0.6) and m["slope_err"] == pytest.approx(0.1 / np.sqrt(2))
    assert m["chi2"] == pytest.approx(2.0) and m["n_sizes"] == 2


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


def test_report_compares_laird_schober_on_the_lowest_mode(fresh_doc):
    """The Laird-Schober paragraph quotes the lowest mode's N_k at N = 500 and 1000 (their quantity) and no
    longer calls their number a coincidence of box size."""
    from replicate.report import templates

    doc = fresh_doc("localisation")
    _, text = templates.section("localisation", doc)
    part = text[text.index("What Laird and Schober would have seen") :]
    for n in ("500", "1000"):
        lo = doc["laird_schober"][n]["lowest_all"]
        assert f"| {n} | {lo['n_glasses']} | {lo['Nk']:.0f} +/- {lo['Nk_err']:.0f} |" in part
    assert "coincidence" not in text
