"""Regression tests: pin our own closed-form outputs against drift (not against the paper)."""

import numpy as np

from replicate.io import read_csv
from replicate.paths import RESULTS
from replicate.results import read_result
from replicate.theory import stability as st
from replicate.theory.participation import participation_number


def test_closed_form_values(ndarrays_regression):
    vals = {}
    for name in ("table_nsa2", "sec4_epsm", "eqn23", "eqn19"):
        for k, v in read_result(name)["values"].items():
            vals[k.replace(".", "_")] = np.array([v])
    # quantities are smooth closed forms: 1e-10 relative covers platform libm differences
    ndarrays_regression.check(vals, default_tolerance=dict(rtol=1e-10, atol=0))


def test_fig8_curves(ndarrays_regression):
    d = read_csv(RESULTS / "fig8.csv")
    ndarrays_regression.check(
        {"eta_prime": d["eta_prime"], "eta": d["eta"], "eps_over_eps_m": d["eps_over_eps_m"]},
        default_tolerance=dict(rtol=1e-9, atol=1e-12),
    )


def test_fig8_csv_matches_the_library():
    d = read_csv(RESULTS / "fig8.csv")
    m = (d["beta_eps_m"] == 5.0) & (d["branch"] == "below_eta2")
    sel = np.flatnonzero(m)[::40]
    eta, eps = st.branch(d["eta_prime"][sel], 5.0, 1)
    assert np.allclose(eta, d["eta"][sel], rtol=1e-12) and np.allclose(eps, d["eps_over_eps_m"][sel], rtol=1e-12)


def test_participation_of_test_modes(ndarrays_regression):
    from replicate.eqn2_participation import reference_modes

    ndarrays_regression.check({"N_k": participation_number(reference_modes())}, default_tolerance=dict(rtol=1e-12))
