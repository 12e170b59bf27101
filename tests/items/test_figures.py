"""Figures: drawn from fresh results, they equal the committed PNG and PDF files byte for byte.

Drawing is deterministic on one platform (fixed metadata, pinned matplotlib with its bundled fonts), as
the clean `git status` after CI's full regeneration shows; so any change of a plotted curve, label or
style changes the bytes and fails here.
"""

import pytest

from replicate.core.io import save_figure
from replicate.core.paths import FIGURES


def _same_as_committed(fig, stem, tmp_path):
    save_figure(fig, tmp_path / stem)
    for ext in ("png", "pdf"):
        assert (tmp_path / f"{stem}.{ext}").read_bytes() == (FIGURES / f"{stem}.{ext}").read_bytes(), f"{stem}.{ext}"


def test_fig8(fresh, tmp_path):
    from replicate import fig8

    _same_as_committed(fig8.plot(fresh("fig8")), "fig8", tmp_path)


def test_fig5(fresh, tmp_path):
    from replicate import fig5

    _same_as_committed(fig5.plot(fresh("fig5")), "fig5", tmp_path)


def test_fig6(fresh, tmp_path):
    from replicate import fig6

    _same_as_committed(fig6.plot(fresh("fig6"), fig6.load_inputs()["ensembles"]), "fig6", tmp_path)


@pytest.mark.parametrize("stem", ["fig1_model", "fig2_model", "spm_dos", "eqn8_w_factor_tmeas"])
def test_eqn8_figures(fresh, tmp_path, monkeypatch, stem):
    from replicate import eqn8_w_factor

    monkeypatch.setattr(eqn8_w_factor, "FIGURES", tmp_path)
    eqn8_w_factor.plot(fresh("eqn8_w_factor"))
    for ext in ("png", "pdf"):
        assert (tmp_path / f"{stem}.{ext}").read_bytes() == (FIGURES / f"{stem}.{ext}").read_bytes(), f"{stem}.{ext}"
