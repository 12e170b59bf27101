"""REPORT.md: the verdict logic on synthetic results, and the committed report from freshly computed results."""

import pytest

from replicate.core import paper
from replicate.core.paths import REPORT, RESULTS
from replicate.core.registry import result_names
from replicate.core.results import read_result
from replicate.report.render import _verdict, body, evaluate, render

ITEMS = result_names()  # every result of every paper item (replicate.core.registry)


def _one(pid, value, built=False):
    return {
        "x": {
            "provenance": {"command": "python -m x"},
            "values": {pid: value},
            "by_construction": [pid] if built else [],
        }
    }


def _status(rows, pid):
    return next(r for r in rows if r["id"] == pid)["status"]


def test_a_value_outside_the_tolerance_is_a_fail():
    pid = "eqn23.constant.closed_form"  # printed 35.015
    lo, hi = paper.bounds(pid)
    assert _status(evaluate(_one(pid, hi + 1e-6)), pid) == "FAIL"
    assert _status(evaluate(_one(pid, lo - 1e-6)), pid) == "FAIL"
    assert _status(evaluate(_one(pid, 0.5 * (lo + hi))), pid) == "pass"


def test_a_claim_outside_its_bounds_is_a_fail():
    pid = "sim.highfreq_p_N1000"  # p <= 0.1
    _, hi = paper.bounds(pid)
    assert _status(evaluate(_one(pid, hi * 1.01)), pid) == "FAIL"
    assert _status(evaluate(_one(pid, hi * 0.99)), pid) == "pass"


def test_missing_nan_and_by_construction():
    pid = "sec3.nsa2.b2o3"
    rows = evaluate({})
    assert all(r["status"] == "MISSING" for r in rows)
    assert _status(evaluate(_one(pid, float("nan"))), pid) == "FAIL"
    assert _status(evaluate(_one(pid, paper.entry(pid)["value"], built=True)), pid) == "by construction"


def test_verdicts():
    assert _verdict(["pass", "pass"]) == "replicated"
    assert _verdict(["pass", "FAIL"]) == "partially replicated"
    assert _verdict(["FAIL", "FAIL"]) == "not replicated"
    assert _verdict(["MISSING", "MISSING"]) == "not computed"
    assert _verdict(["by construction", "pass"]) == "replicated"
    assert _verdict(["by construction"]) == "reproduced by construction only"
    assert _verdict([]) == "no published number"


def test_render_counts_and_marks_every_status():
    pid_fail, pid_pass = "eqn23.constant.closed_form", "eqn23.constant.quadrature"
    results = {
        "eqn23": {"provenance": {"command": "python -m replicate.eqn23"}, "values": {pid_fail: 36.0, pid_pass: 35.015}}
    }
    text = body(render(results))
    n = len(paper.published())
    assert f"{n} published numbers and claims: 1 agree within their tolerance, 1 disagree" in text
    assert f"| `{pid_fail}` |" in text and "**FAIL**" in text
    assert "| The constant of eqn (23) | eqns (21)-(23) | **partially replicated** | 1 / " in text
    # a result without the fields its template reads (written by older code) says so instead of failing
    assert "*Not shown: the result lacks a field its template reads" in text


@pytest.mark.e2e
def test_committed_report_is_what_the_fresh_results_give(fresh_doc):
    """REPORT.md above its provenance footer equals the report rendered from freshly computed results
    (bench.json, a measurement of `make bench`, is taken as committed)."""
    docs = {name: fresh_doc(name) for name in ITEMS}
    for path in RESULTS.glob("*.json"):
        if path.stem not in docs:
            docs[path.stem] = read_result(path.stem)
    docs = dict(sorted(docs.items()))
    fresh = body(render(docs))
    committed = body(REPORT.read_text(encoding="utf-8"))
    if fresh != committed:
        import difflib

        diff = "".join(
            list(difflib.unified_diff(committed.splitlines(True), fresh.splitlines(True), "REPORT.md", "fresh"))[:60]
        )
        pytest.fail("REPORT.md differs from the report of freshly computed results (run `make all`):\n" + diff)


def test_numbers_carry_the_digits_their_uncertainty_supports():
    from replicate.report.render import _ours_and_deviation, _paper_value, _two_digits

    e = paper.entry("sim.bulk_p_N1000")
    ours, dev = _ours_and_deviation({"entry": e, "ours": 0.565479123, "unc": 9.4e-05, "dev": None, "rel": None})
    assert ours == "0.565479 +/- 0.000094" and dev == "-"
    assert [_two_digits(u)[0] for u in (0.0996, 25.0, 250.0, 1.3)] == ["0.10", "25", "250", "1.3"]
    e = paper.entry("sec3.nsa2.b2o3")  # printed 392, tolerance 0.5: one digit more than printed
    assert _paper_value(e) == "392" and _paper_value(paper.entry("sec3.nu_c.silica")) == "3"
    ours, dev = _ours_and_deviation(
        {"entry": e, "ours": 392.0 - 3.75e-12, "unc": None, "dev": -3.75e-12, "rel": -1e-12}
    )
    assert ours == "392.0" and dev == "0"  # never -0.0
    ours, dev = _ours_and_deviation({"entry": e, "ours": 400.26, "unc": None, "dev": 8.26, "rel": 2.107})
    assert ours == "400.3" and dev == "8.3 (+2.1 %)"


def test_long_cells_go_to_numbered_notes():
    from replicate.report.render import _cell

    notes = []
    short = _cell("short | text", notes)
    long = _cell("a quantity described at length, " * 8, notes)
    assert short == "short \\| text" and len(long) < 110 and long.endswith("[1]") and len(notes) == 1


@pytest.mark.e2e
def test_report_tables_have_short_cells_and_one_notation(fresh_doc):
    """The tables the report builds (verdict, published numbers, assumptions) keep every cell within the
    110 characters of ``_cell`` plus its note marker; one notation for errors; no -0.00 or 0/0."""
    docs = {name: fresh_doc(name) for name in ITEMS}
    text = body(render(dict(sorted(docs.items()))))
    # the tables built by the report, before the items' sections; the glossary (definitions) excepted
    built = text.split("## Glossary")[0] + text.split("# Part I")[1].split("\n## Eqns (1)-(2)")[0]
    for line in built.splitlines():
        if line.startswith("|"):
            assert all(len(c) <= 120 for c in line.split(" | ")), line[:120]
    assert " +- " not in text and "-0.00 " not in text and " 0/0 " not in text


def test_render_with_nothing_computed():
    """Every published number MISSING, counted as such, each with the command that makes it; no empty notes."""
    text = body(render({}))
    n = len(paper.published())
    assert (
        f"0 agree within their tolerance, 0 disagree, 0 are reproduced by construction (inputs solved backwards), {n} are not computed"
        in text
    )
    assert "MISSING: run `python -m replicate.fig5` and `python -m replicate.fig6`" in text
    assert "\n\n\n" not in text


def test_committed_results_render_into_the_committed_report():
    """The report code alone: the committed result files render into the committed REPORT.md (above its
    footer). This checks replicate.report, not the numbers (test_committed_report_is_what_the_fresh_results_give
    and tests/items/test_items.py recompute those); it is fast, so mutation testing runs it for every mutant of
    the report."""
    from replicate.report.render import load_results

    assert body(render(load_results())) == body(REPORT.read_text(encoding="utf-8"))


def test_readme_verdict_block_is_the_reports():
    """README.md's verdict block (between its markers) is the committed REPORT.md's verdict line and findings."""
    from replicate.core.paths import README
    from replicate.report.render import README_BEGIN, README_END, with_readme_block

    readme = README.read_text(encoding="utf-8")
    assert README_BEGIN in readme and README_END in readme
    assert with_readme_block(readme, REPORT.read_text(encoding="utf-8")) == readme


def test_no_template_sentence_refers_to_a_missing_result():
    """Every section renders: a template (or the findings) naming a field no result has shows as 'Not shown'
    or 'Findings not shown', which fails here."""
    text = REPORT.read_text(encoding="utf-8")
    assert "Not shown:" not in text and "Findings not shown" not in text
