"""Claims of Section 3 (Figs 5-6) against data/paper/simulation.json, from the committed results.

The results come from the cached ensembles (python -m replicate.fig5 / fig6); no simulation runs
here. A claim our simulation does not support is listed in KNOWN_DISAGREEMENTS, so that a change
in either direction is noticed; REPORT.md gives the evidence.
"""

import numpy as np
import pytest

from replicate import paper
from replicate.glass import spectra
from replicate.results import read_result

# Below the phonon band edge our N = 1000 modes involve ~250 atoms, and N_k grows from N = 500 to 1000
# (ratio ~1.6, between localised 1 and extended 2): see the Fig 6 section of REPORT.md.
KNOWN_DISAGREEMENTS = {"sim.lowfreq_Nk_N1000", "sim.lowfreq_Nk_ratio", "sim.lowfreq_p_ratio"}

FIG5 = read_result("fig5")
FIG6 = read_result("fig6")
VALUES = {**FIG5["values"], **FIG6["values"]}
UNC = {**FIG5["uncertainties"], **FIG6["uncertainties"]}
SIM_IDS = sorted(pid for pid, e in paper.published().items() if e["file"] == "simulation.json")


def test_every_simulation_claim_has_a_value_and_an_error():
    assert set(SIM_IDS) <= set(VALUES), set(SIM_IDS) - set(VALUES)
    for pid in SIM_IDS:
        assert np.isfinite(VALUES[pid]) and UNC[pid] >= 0


@pytest.mark.parametrize("pid", SIM_IDS)
def test_claim(pid):
    ours = VALUES[pid]
    ok = paper.agrees(pid, ours)
    lo, hi = paper.bounds(pid)
    if pid in KNOWN_DISAGREEMENTS:
        assert not ok, f"{pid} now agrees ({ours}); move it out of KNOWN_DISAGREEMENTS and update the report"
    else:
        assert ok, f"{pid}: ours {ours} +- {UNC[pid]} outside [{lo}, {hi}]"


def test_ensembles_are_large_and_clean():
    """At least 50 accepted samples per size; every accepted sample converged to 1e-10 eps/sigma;
    rejected (crystalline) samples are counted, and are a minority."""
    for name, s in FIG6["summary"].items():
        min_samples = 50 if name != "N500_rc3.5" else 20
        assert s["n_accepted"] >= min_samples, name
        assert s["max_force_max"] < 1e-10
        assert s["n_crystalline"] + s["n_unconverged"] + s["n_unstable"] + s["n_accepted"] == s["n_samples"]
        assert s["n_unconverged"] + s["n_unstable"] <= 0.05 * s["n_samples"]
        assert s["n_crystalline"] < 0.5 * s["n_samples"]


def test_low_frequency_result_does_not_hinge_on_the_cutoff():
    """N = 500: window mean N_k at r_c = 2.5 and 3.5 sigma agree within 3 combined standard errors,
    and within 20 % (the scale on which the claims are judged is a factor of 2)."""
    c = FIG6["cutoff_check"]
    assert abs(c["difference"]) < 3 * c["difference_err"] or abs(c["difference"]) < 0.2 * c["Nk_rc2.5"]


def test_window_sits_below_the_plane_waves():
    """nu_edge < nu_T1 < nu_L1 for each ensemble, and nu_T1 scales as 1/L (same c_T within 10 %)."""
    s = FIG6["summary"]
    for v in s.values():
        assert v["nu_edge"] < v["nu_T1"] < v["nu_L1"]
    # the plane-wave weight spreads over a band about as wide as nu_T1 itself, so its median (and c_T)
    # is defined to ~10 %
    assert s["N500_rc2.5"]["c_T"] == pytest.approx(s["N1000_rc2.5"]["c_T"], rel=0.10)


def test_jackknife_ratio_on_independent_samples():
    """For equal counts the jackknife error of the pooled mean is the standard error of the mean."""
    rng = np.random.default_rng(0)
    x = rng.normal(3.0, 1.0, 400)
    mean, err = spectra.jackknife_ratio(x, np.ones_like(x))
    assert mean == pytest.approx(x.mean())
    assert err == pytest.approx(x.std(ddof=1) / np.sqrt(x.size), rel=1e-10)


def test_weighted_quantile():
    x = [np.array([1.0, 2.0]), np.array([3.0, 4.0])]
    w = [np.array([1.0, 1.0]), np.array([1.0, 7.0])]
    assert spectra.pooled_weighted_quantile(x, w, 0.5) == 4.0
    assert spectra.pooled_weighted_quantile(x, w, 0.1) == 1.0


def test_committed_results_are_reproduced_from_the_committed_cache():
    """fig6.json must follow from the cached samples it names (same counts, same numbers)."""
    from replicate.fig6 import claims, summarise
    from replicate.glass.ensemble import ENSEMBLES, load_ensemble

    params = FIG6["provenance"]["parameters"]
    summ = {}
    for name in ("N500_rc2.5", "N1000_rc2.5", "N500_rc3.5"):
        spec = ENSEMBLES[name]
        ens = load_ensemble(spec["protocol"], spec["master_seed"], n_samples=params[name]["n_samples"])
        assert len(ens.accepted) == params[name]["n_samples"]
        summ[name] = summarise(ens)
    values, unc, _ = claims(summ["N500_rc2.5"], summ["N1000_rc2.5"], summ["N500_rc3.5"])
    for pid, v in values.items():
        assert v == pytest.approx(FIG6["values"][pid], rel=1e-12, abs=1e-15)
        assert unc[pid] == pytest.approx(FIG6["uncertainties"][pid], rel=1e-9, abs=1e-15)
