"""Figures: drawn from fresh results, they show what the committed PNG and PDF files show.

Compared by what they show, not by their bytes (README, "Tolerances"): the PNG pixel by pixel to
replicate.core.tolerance.PIXEL_ATOL grey levels (another machine's rounding moves an anti-aliased edge by
one level), the PDF by its drawing commands, coordinates to PDF_ATOL_PT. A changed curve, label or style
differs far beyond both (tests/core/test_compare.py plants each).
"""

import pytest

from replicate.core.compare import file_differences
from replicate.core.io import save_figure
from replicate.core.paths import FIGURES


def _assert_shows_the_committed(folder, stem):
    for ext in ("png", "pdf"):
        new, old = (folder / f"{stem}.{ext}").read_bytes(), (FIGURES / f"{stem}.{ext}").read_bytes()
        assert file_differences(f".{ext}", new, old) == [], f"{stem}.{ext}"


def _same_as_committed(fig, stem, tmp_path):
    save_figure(fig, tmp_path / stem)
    _assert_shows_the_committed(tmp_path, stem)


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
    _assert_shows_the_committed(tmp_path, stem)
