"""Soft-potential model as a package, and the eqn (8) claim computed from it.

The physics of each submodule is tested in test_spm_hamiltonian.py, test_spm_levels.py, test_spm_table.py
and test_spm_thermo.py. The eqn (8) tests use a fresh compute() of the item (``fresh`` fixture), never
the committed result, and the committed level table (data/cache) for the hand recomputation.
"""

import importlib

import pytest
from scipy import constants as C

from replicate.core import paper
from replicate.theory import spm

SUBMODULES = ("hamiltonian", "levels", "table", "thermo")


def test_package_reexports_exactly_the_public_names_of_its_submodules():
    seen = []
    for name in SUBMODULES:
        mod = importlib.import_module(f"replicate.theory.spm.{name}")
        assert mod.__all__, name
        for public in mod.__all__:
            assert getattr(spm, public) is getattr(mod, public), f"{name}.{public}"
        seen += mod.__all__
    assert len(seen) == len(set(seen))  # no name in two submodules
    assert sorted(spm.__all__) == sorted(seen)
    # every public function of a submodule is listed
    for name in SUBMODULES:
        mod = importlib.import_module(f"replicate.theory.spm.{name}")
        defined = {
            k
            for k, v in vars(mod).items()
            if callable(v) and not k.startswith("_") and getattr(v, "__module__", None) == mod.__name__
        }
        assert defined <= set(mod.__all__), f"{name}: {defined - set(mod.__all__)}"


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


def test_eqn8_factor_is_one_over_theta_star(fresh, spm_level_table):
    """Recompute the central factor from the table by hand: W/(k_B T*) = 1/theta* at R = K_3 W^3 t_meas."""
    from replicate.eqn8_w_factor import THETA_FINE

    r = fresh("eqn8_w_factor")
    g = r["w_over_kTstar"]["per_glass"]["silica"]
    t_meas = r["parameters"]["coupling"]["measuring_time_s"]["central"]
    parts = spm.heat_capacity_parts(spm_level_table, THETA_FINE)
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
