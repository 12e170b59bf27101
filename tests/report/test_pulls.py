"""The pull of a published number: (ours - paper) / tolerance, a claim from its centre in half-widths."""

import pytest

from replicate.report.pulls import plot, pull


def _row(ours, status="pass", **entry):
    return {"id": "x", "ours": ours, "status": status, "entry": entry}


def test_pull_of_a_value_and_of_a_claim():
    assert pull(_row(10.5, value=10.0, tolerance=0.25)) == pytest.approx(2.0)
    assert pull(_row(0.75, bounds=[0.5, 1.0])) == pytest.approx(0.0)
    assert pull(_row(1.25, bounds=[0.5, 1.0])) == pytest.approx(2.0)
    assert pull(_row(0.3, bounds=[0.3, None])) is None
    assert pull(_row(None, value=1.0, tolerance=0.1)) is None


def test_plot_draws_one_row_per_number():
    fig = plot([_row(1.0, value=1.0, tolerance=0.1), _row(2.0, "FAIL", value=1.0, tolerance=0.1)])
    assert len(fig.axes[0].get_yticklabels()) == 2
