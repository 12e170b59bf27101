"""The I/O shell of each closed-form item: ``main()`` writes exactly the committed result (and its CSV and
figures), here into a temporary folder; the report's ``main()`` writes the committed REPORT.md."""

import importlib
import json

import pytest

from replicate.core import provenance, results
from replicate.core.paths import REPORT, RESULTS
from replicate.core.results import comparable, differences
from replicate.report import render as report

# items whose main() runs in a second or two (the glass and level-table items are exercised through
# compute() in tests/items/test_items.py; their main() differs only in what it loads)
FAST = ("eqn2_participation", "table_nsa2", "sec4_epsm", "eqn23", "eqn19", "fig8")


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    out = tmp_path / "results"
    out.mkdir()
    monkeypatch.setattr(results, "RESULTS", out)
    monkeypatch.setattr(provenance, "LOG", tmp_path / "runs.jsonl")
    return tmp_path


@pytest.mark.parametrize("name", FAST)
def test_main_writes_the_committed_result(name, sandbox, monkeypatch):
    mod = importlib.import_module(f"replicate.{name}")
    if hasattr(mod, "FIGURES"):
        monkeypatch.setattr(mod, "FIGURES", sandbox)
    mod.main([])
    written = json.loads((sandbox / "results" / f"{name}.json").read_text())
    committed = json.loads((RESULTS / f"{name}.json").read_text())
    assert differences(comparable(written), comparable(committed), rtol=1e-10) == []
    for csv in (sandbox / "results").glob("*.csv"):
        assert csv.read_text().splitlines()[1:] == (RESULTS / csv.name).read_text().splitlines()[1:]
    log = [json.loads(line) for line in (sandbox / "runs.jsonl").read_text().splitlines()]
    assert log[-1]["command"] == mod.COMMAND and 0 <= log[-1]["wall_time_s"] < 60
    assert log[-1]["output"].endswith(f"{name}.json")


def test_fig8_main_draws_its_figure(sandbox, monkeypatch):
    from replicate import fig8

    monkeypatch.setattr(fig8, "FIGURES", sandbox)
    fig8.main([])
    assert (sandbox / "fig8.png").stat().st_size > 10_000 and (sandbox / "fig8.pdf").stat().st_size > 10_000


def test_report_main_writes_the_committed_report(tmp_path, monkeypatch):
    target = tmp_path / "REPORT.md"
    monkeypatch.setattr(report, "REPORT", target)
    report.main([])
    # the footer carries the hash of the report's code, which a mutation-testing copy changes
    assert report.body(target.read_text(encoding="utf-8")) == report.body(REPORT.read_text(encoding="utf-8"))
    assert target.read_text(encoding="utf-8").count(report.FOOTER_MARK) == 1
