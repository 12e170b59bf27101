"""The Fig 7 item (replicate.fig7) on planted modes with a known anatomy: an fcc crystal with one atom
moving along e, its first shell moving with it and pulled in, an r^-2 far field, and (or not) a cage
stretched along e. The fresh result on the glasses is compared with the committed one in test_items.py."""

import numpy as np
import pytest

from replicate import fig7
from replicate.glass.box import minimum_image_round
from replicate.glass.lattice import fcc
from replicate.glass.mode_anatomy import weight_fractions

E = np.array([1.0, 2.0, 3.0]) / 14**0.5  # no fcc neighbour on the 45-degree cone around it


def planted_glass(seed, stretch):
    """One 'glass' of 4000 atoms (L = 15.9 sigma) holding one planted mode around atom 0: u_0 = 3 e; first
    shell u_j = 0.3 e - 0.1 n_j + 0.15 cos_j t_j (t_j: n_j's unit part across e); beyond it u = A e / r^2. The neighbours within 45 degrees of e are moved
    out by ``stretch`` sigma."""
    pos, box = fcc(10, 1.0)
    pos = pos + 0.03 * np.random.default_rng(seed).standard_normal(pos.shape)
    d = minimum_image_round(pos - pos[0], box)
    r = np.linalg.norm(d, axis=1)
    n = d / np.where(r > 0, r, 1.0)[:, None]
    shell = (r > 0) & (r < fig7.R_SHELL)
    ahead = shell & (np.abs(n @ E) > fig7.CONE)
    pos[ahead] += stretch * n[ahead]
    field = np.zeros_like(pos)
    far = r >= fig7.R_SHELL
    field[far] = 0.3 * fig7.R_SHELL**2 * E / r[far, None] ** 2
    cos = n[shell] @ E
    t = n[shell] - cos[:, None] * E
    t /= np.linalg.norm(t, axis=1)[:, None]
    field[shell] = 0.3 * E - 0.1 * n[shell] + 0.15 * cos[:, None] * t
    field[0] = 3.0 * E
    return {
        "fields": field[None],
        "positions": pos,
        "box": box,
        "participation": np.array([50.0]),
        "kappa": np.array([[0.05, 0.0, 80.0]]),
    }


@pytest.fixture(scope="module")
def results():
    return {
        s: fig7.compute({4000: [planted_glass(seed, s) for seed in range(4)]}, {4000: 0})["sizes"]["4000"]
        for s in (0.0, 0.05)
    }


def test_far_field_exponent_of_the_planted_r2_field(results):
    s = results[0.05]
    assert s["alpha"] == pytest.approx(2.0, abs=0.03)
    assert s["n_modes"] == 4 and s["n_glasses"] == 4


def test_first_shell_pattern(results):
    """along e: (0.3 - 0.1 cos)/3, whose mean over the symmetric shell is 0.1 ahead and across; radially
    across: (0.3 cos - 0.1 + 0.15 cos sin)/3, about -0.033 (odd terms average out); sideways:
    (0.15 cos - 0.1 sin)/3, positive ahead (cos > 0.71) and negative behind; all statements resolved."""
    s = results[0.05]
    assert s["along_ahead"] == pytest.approx(0.1, abs=0.01)
    assert s["along_across"] == pytest.approx(0.1, abs=0.01)
    assert s["radial_across"] == pytest.approx(-1 / 30, abs=0.01)
    assert s["sideways_ahead"] > 0.005 and s["sideways_behind"] < -0.005
    assert s["pushed_along"] and s["pulled_in_across"] and s["opens_ahead_closes_behind"]


def test_stretched_cage_is_found_and_an_unstretched_one_is_not(results):
    """The cage stretched by 0.05 sigma along e gives an excess of 0.05 over its control; the undistorted
    cage gives none, resolved or not."""
    assert results[0.05]["anisotropy_excess"] == pytest.approx(0.05, abs=0.01)
    assert results[0.05]["cage_stretched"]
    assert abs(results[0.0]["anisotropy_excess"]) < 0.01
    assert not results[0.0]["cage_stretched"]


def test_weight_on_the_centre(results):
    s = results[0.0]
    g = planted_glass(0, 0.0)
    w = np.sum(g["fields"][0] ** 2, axis=1)
    assert s["centre_weight"] == pytest.approx(w[0] / w.sum(), rel=0.02)


def test_errors_are_jackknifed_over_glasses(results):
    """The weight on the centre differs from glass to glass through the position noise: its error is the
    leave-one-glass-out jackknife of the per-glass values (one mode per glass here)."""
    w = []
    for seed in range(4):
        g = planted_glass(seed, 0.05)
        w.append(weight_fractions(g["fields"][0], g["positions"], g["box"], 0, fig7.R_SHELL)[0])
    w = np.array(w)
    loo = (w.sum() - w) / 3
    err = np.sqrt(3 / 4 * np.sum((loo - loo.mean()) ** 2))
    assert results[0.05]["centre_weight_err"] == pytest.approx(err, rel=1e-9)


def test_alpha_trend_flags_a_resolved_rise_only():
    def size(a, ac, err=0.05):
        return {"alpha": a, "alpha_err": err, "alpha_check": ac, "alpha_check_err": err}

    t = fig7.alpha_trend({"8000": size(1.9, 1.8), "16000": size(2.0, 1.9), "32000": size(2.3, 2.2)})
    assert (t["n_first"], t["n_last"]) == (8000, 32000)
    assert t["alpha_change"] == pytest.approx(0.4) and t["alpha_change_err"] == pytest.approx(0.05 * 2**0.5)
    assert t["alpha_rises"] and t["alpha_check_rises"]
    # a change within 2 combined errors (0.141) is not a rise; nor is a fall
    t = fig7.alpha_trend({"8000": size(1.9, 2.2), "32000": size(2.0, 1.8)})
    assert not t["alpha_rises"] and not t["alpha_check_rises"]
    assert not fig7.alpha_trend({"8000": size(1.9, 1.8)})["alpha_rises"]
