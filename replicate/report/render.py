"""Write REPORT.md from ``data/paper`` and ``data/results`` only (never hand-edited).

Run: ``python -m replicate.report``. Everything above the provenance footer is a deterministic
function of the committed data, so CI can regenerate it and compare.
"""

import math
import re

import jinja2

from .. import PAPER_DOI
from ..core import paper
from ..core.cli import parser, run
from ..core.io import atomic_write_text, read_json, save_figure
from ..core.paths import FIGURES, README, REPORT, RESULTS
from ..core.provenance import input_files, module_files, package_versions, sha256_of
from ..core.registry import EXTENSIONS, ITEMS, command, item_for
from . import pulls, templates

FOOTER_MARK = "<!-- provenance footer: everything below depends on the code version, not on the numbers -->"


def _fmt(x, digits=6):
    """``digits`` significant digits (for numbers without a tolerance or uncertainty)."""
    if x is None:
        return "-"
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x)
    if not math.isfinite(x):
        return str(x)
    return f"{x:.{digits}g}"


def _decimals(step):
    """Decimal places that resolve ``step`` (> 0): 0.5 -> 1, 5e-4 -> 4, 20 -> -1 (tens)."""
    return -math.floor(math.log10(step))


def _fixed(x, decimals):
    """``x`` rounded to ``decimals`` places (negative: tens, hundreds...); a value that rounds to zero
    prints as 0 (never -0.00)."""
    x = round(x, decimals)
    text = f"{x:.{max(decimals, 0)}f}"
    return "0" if float(text) == 0 else text


def _two_digits(u):
    """An uncertainty to two significant digits (0.0996 -> 0.10, 25 -> 25, 250 -> 250), and the decimal
    places that gives."""
    d = _decimals(u) + 1
    if abs(round(u, d)) >= 10.0 ** (2 - d):  # rounding added a digit (0.0996 -> 0.100)
        d -= 1
    return _fixed(u, d), d


def _printed_decimals(e):
    """Decimal places of a printed number whose tolerance is half its last digit (0.5 -> 0, 0.05 -> 1)."""
    return _decimals(2.0 * e["tolerance"])


def _paper_value(e):
    """A published value as printed (3 for '3 THz', 35.015), or the statement of a claim."""
    if "value" not in e:
        return e.get("statement", "claim")
    if e.get("tolerance", 0) > 0:
        return _fixed(e["value"], _printed_decimals(e))
    return _fmt(e["value"])


def _ours_and_deviation(r):
    """Our value with the digits its uncertainty (or the paper's tolerance) supports, and ours - paper."""
    e, ours = r["entry"], r["ours"]
    if ours is None or not math.isfinite(ours):
        return _fmt(ours), "-"
    if r["unc"] is not None and r["unc"] > 0:
        unc, d = _two_digits(r["unc"])
        text = f"{_fixed(ours, d)} +/- {unc}"
    elif "tolerance" in e and e["tolerance"] > 0:
        d = _printed_decimals(e) + 1  # one digit beyond the paper's printed precision
        text = _fixed(ours, d)
    else:
        return _fmt(ours, 4), "-"
    if r["dev"] is None:
        return text, "-"
    dev = _fixed(r["dev"], d)
    if r["rel"] is None or dev == "0":
        return text, dev
    return text, f"{dev} ({r['rel']:+.2g} %)"


def _range(rng):
    """The interval of a forward value allowed by the rounding of its printed inputs, or '-'."""
    if not rng:
        return "-"
    return f"[{_fmt(rng[0], 3)}, {_fmt(rng[1], 3)}]"


def _cell(text, notes, limit=110):
    """A table cell of at most about ``limit`` characters; longer text goes to the numbered ``notes``
    below the table and the cell keeps its first clause and the note number."""
    text = str(text)
    if len(text) <= limit:
        return text.replace("|", "\\|")  # a pipe inside a cell would split it
    notes.append(text)
    cut = max((text.rfind(sep, 0, limit - 10) for sep in ("; ", ", ", " (")), default=-1)
    head = text[:cut] if cut > 20 else text[: limit - 10].rsplit(" ", 1)[0]
    return f"{head.replace('|', chr(92) + '|')} ... [{len(notes)}]"


def _notes(notes):
    return [""] + [f"[{k}] {t}" for k, t in enumerate(notes, 1)] if notes else []


def load_results():
    out = {}
    for path in sorted(RESULTS.glob("*.json")):
        out[path.stem] = read_json(path)  # a malformed file: DataError naming it
    return out


def evaluate(results):
    """One row per published number: our value, deviation, status."""
    values, unc, built, commands, ranges = {}, {}, set(), {}, {}
    for name, doc in results.items():
        for pid, v in doc.get("values", {}).items():
            values[pid] = v
            commands[pid] = doc.get("provenance", {}).get("command", f"({name})")
        unc.update(doc.get("uncertainties", {}))
        ranges.update(doc.get("input_ranges", {}))
        built.update(doc.get("by_construction", []))
    rows = []
    for pid, e in paper.published().items():
        ours = values.get(pid)
        lo, hi = paper.bounds(pid)
        if ours is None:
            status = "MISSING"
        elif pid in built:
            status = "by construction"
        else:
            status = "pass" if paper.agrees_forward(pid, ours, ranges.get(pid)) else "FAIL"
        if "value" in e:
            ref = e["value"]
            tol = f"+/-{e['tolerance']:g}"
            dev = None if ours is None else ours - ref
            rel = None if (ours is None or ref == 0) else 100.0 * (ours - ref) / abs(ref)
        else:
            ref = None
            tol = f"[{_fmt(lo, 4)}, {_fmt(hi, 4)}]"
            dev = rel = None
        rows.append(
            {
                "id": pid,
                "entry": e,
                "ours": ours,
                "unc": unc.get(pid),
                "range": ranges.get(pid),
                "ref": ref,
                "tol": tol,
                "dev": dev,
                "rel": rel,
                "status": status,
                "command": commands.get(pid, "-"),
            }
        )
    return rows


def _verdict(statuses):
    counted = [s for s in statuses if s != "by construction"]
    if not statuses:
        return "no published number"
    if "MISSING" in counted and all(s == "MISSING" for s in counted):
        return "not computed"
    if counted and all(s == "pass" for s in counted):
        return "replicated"
    if any(s == "pass" for s in counted):
        return "partially replicated"
    if not counted:
        return "reproduced by construction only"
    return "not replicated"


def render(results):
    rows = evaluate(results)
    by_item = {}
    for r in rows:
        it = item_for(r["id"])
        by_item.setdefault(it.title if it else "other", []).append(r)
    n_pass = sum(r["status"] == "pass" for r in rows)
    n_fail = sum(r["status"] == "FAIL" for r in rows)
    n_missing = sum(r["status"] == "MISSING" for r in rows)
    n_built = sum(r["status"] == "by construction" for r in rows)
    items = []
    for it in ITEMS:
        rs = by_item.get(it.title, [])
        have = any(name in results for name in it.results)
        if not rs:
            verdict = "implemented; no published number" if have else "not computed"
        else:
            verdict = _verdict([r["status"] for r in rs])
        items.append((it, rs, verdict))
    judged = [(it, v) for it, rs, v in items if rs]
    verdicts = [v for _, v in judged]
    if verdicts and all(v == "replicated" for v in verdicts):
        overall = "replicated"
    elif any(v in ("replicated", "partially replicated") for v in verdicts):
        overall = "partially replicated"
    else:
        overall = "not replicated"
    summary = ", ".join(
        f"{sum(v == key for v in verdicts)} {key} ({'; '.join(it.title for it, vv in judged if vv == key)})"
        for key in (
            "replicated",
            "partially replicated",
            "not replicated",
            "reproduced by construction only",
            "not computed",
        )
        if key in verdicts
    )
    out = [
        "# Replication report: Buchenau (1992), soft localized vibrations in glasses",
        "",
        "*Generated by `python -m replicate.report` from `data/paper/` and `data/results/`; do not edit by hand.*",
        "",
        f'Original: U. Buchenau, "Soft localized vibrations in glasses and undercooled liquids", '
        f"Phil. Mag. B 65, 303-315 (1992), doi:[{PAPER_DOI}](https://doi.org/{PAPER_DOI}). "
        "Simulation reference: B. B. Laird and H. R. Schober, Phys. Rev. Lett. 66, 636 (1991), "
        "doi:10.1103/PhysRevLett.66.636.",
        "",
        "## Verdict",
        "",
        f"**Overall: {overall}.** Of the {len(judged)} paper items with published numbers, {summary}.",
        "",
        f"{len(rows)} published numbers and claims: {n_pass} agree within their tolerance, {n_fail} disagree, "
        f"{n_built} are reproduced by construction (inputs solved backwards), {n_missing} are not computed.",
        "",
        "![Every published number: (ours - paper) / tolerance](figures/verdict_pulls.png)",
        "",
        "Every published number with a value or finite bounds as (ours - paper) / tolerance (a claim from the "
        "centre of its bounds in half-widths); grey: agreement; squares: forward values that pass within the "
        "rounding of their printed inputs.",
        "",
        "### Findings",
        "",
        *findings(results),
        "",
        "### The paper's numbers",
        "",
        "| item | where in the paper | verdict | numbers passing / published |",
        "|---|---|---|---|",
    ]
    for it, rs, verdict in items:
        if not _extension(it):
            count = f"{sum(r['status'] == 'pass' for r in rs)} / {len(rs)}" if rs else "-"
            out.append(f"| {it.title} | {it.where} | **{verdict}** | {count} |")
    out += [
        "",
        "### What we added",
        "",
        "Checks of the engine and the measurements the paper could not make in 1992 (Part II). They have no "
        "published number; each section states its own verdict with its errors.",
        "",
        "| item | what it tests in the paper | status |",
        "|---|---|---|",
    ]
    for it, _, verdict in items:
        if _extension(it):
            out.append(f"| {it.title} | {it.where} | {verdict.replace('; no published number', '')} |")
    out += ["", *templates.environment().get_template("_glossary.md").render().strip("\n").splitlines()]
    notes = []
    out += [
        "",
        "# Part I: the paper",
        "",
        "## Every published number",
        "",
        "Status: *pass* when our value lies within the tolerance implied by the printed digits (or the "
        "stated bounds of a claim), or, for a value computed forward from inputs the paper prints, when the "
        "range those inputs allow within their own printed digits meets that tolerance; *by construction* "
        "when our inputs were solved backwards from that very number. Paper value, our value (with its "
        "statistical error where there is one), the range from the printed inputs, the deviation "
        "(ours - paper) and the tolerance are in the unit of the row; the relative deviation in %.",
        "",
        "| id | quantity | unit | where in the paper | paper | ours | ours from the printed inputs' rounding | deviation | tolerance | status |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        e = r["entry"]
        ours, dev = _ours_and_deviation(r)
        paper_val = _cell(_paper_value(e), notes)
        unit = "1" if e["unit"] in ("1", "", "dimensionless") else e["unit"]
        status = r["status"]
        if status == "MISSING":
            it = item_for(r["id"])
            status = "MISSING: run " + (" and ".join(f"`{c}`" for c in it.commands) if it else "`make all`")
        out.append(
            f"| `{r['id']}` | {_cell(e['quantity'], notes)} | {unit} | {_cell(e['where'], notes)} | "
            f"{paper_val} | {ours} | {_range(r['range'])} | {dev} | {r['tol']} | **{status}** |"
        )
    out += _notes(notes)
    out += ["", "Each tolerance's reason: Appendix A."]
    notes = []
    out += [
        "",
        "## Assumptions and changes",
        "",
        "| item | the paper (literal reading) | what we used | why |",
        "|---|---|---|---|",
    ]
    seen_assumptions = set()
    for doc in results.values():
        for a in doc.get("assumptions", []):
            key = (a.get("item"), a.get("ours"))
            if key in seen_assumptions:
                continue  # one row for an assumption shared by several items (e.g. the frequency unit)
            seen_assumptions.add(key)
            out.append(
                f"| {a.get('item', '')} | {_cell(a.get('paper', ''), notes)} | "
                f"{_cell(a.get('ours', ''), notes)} | {_cell(a.get('why', ''), notes)} |"
            )
    out += _notes(notes)
    part_one = [n for it in ITEMS if not _extension(it) for n in it.results]
    part_two = [n for it in ITEMS if _extension(it) for n in it.results]
    out += [""]
    out += _details(results, part_one)
    out += ["", "# Part II: what the paper could not do in 1992", ""]
    out += _details(results, part_two + [n for n in sorted(results) if n not in part_one + part_two])
    out += ["", "# What holds, what fails, the limits", ""]
    out += templates.environment().get_template("_conclusions.md").render(items=items).strip("\n").splitlines()
    out += ["", "# Appendix A: the tolerance of each published number", ""]
    for r in rows:
        out.append(f"- `{r['id']}`: {r['tol']}: {r['entry']['tolerance_reason']}")
    bench = "\n".join(_bench(results.get("bench"))).splitlines()
    out += [ln.replace("## ", "# Appendix B: ", 1) if ln.startswith("## ") else ln for ln in bench]
    out = _with_contents([ln for k, ln in enumerate(out) if ln or k == 0 or out[k - 1]])  # no double blank lines
    pk = package_versions()
    code = sha256_of(module_files("replicate.report.render"))
    out += [
        FOOTER_MARK,
        "",
        "## Provenance",
        "",
        f"Report generated by `python -m replicate.report` (code sha256 `{code[:16]}`, inputs sha256 "
        f"`{sha256_of(input_files())[:16]}`) with " + ", ".join(f"{k} {v}" for k, v in pk.items()) + ". "
        "Each result file records the hash of the code and inputs that made it.",
        "",
    ]
    return "\n".join(out)


def _slug(title):
    """The anchor GitHub gives a Markdown heading."""
    s = re.sub(r"[^\w\- ]", "", title.strip().lower())
    return s.replace(" ", "-")


def _with_contents(lines):
    """``lines`` with a table of contents (parts and sections) after the opening paragraphs."""
    heads = [ln for ln in lines[1:] if ln.startswith("# ") or ln.startswith("## ")]
    toc = ["## Contents", ""]
    in_part = False
    for h in heads:
        level, title = h.split(" ", 1)
        in_part = in_part or level == "#"
        indent = "  " if (level == "##" and in_part) else ""
        toc.append(f"{indent}- [{title}](#{_slug(title)})")
    at = lines.index("## Verdict")
    return lines[:at] + toc + [""] + lines[at:]


def _extension(item):
    """True for an item of Part II (replicate.core.registry.EXTENSIONS)."""
    return any(name in EXTENSIONS for name in item.results)


def _details(results, names):
    """The sections of the results ``names`` (those with a template), each with its source line."""
    out = []
    for name in names:
        if name not in results or name not in templates.names():
            continue
        try:
            title, markdown = templates.section(name, results[name])
        except jinja2.UndefinedError as exc:  # a result file written by older code
            title = name
            markdown = f"*Not shown: the result lacks a field its template reads ({exc}); rerun the command below.*"
        out += [
            f"## {title}",
            "",
            *markdown.splitlines(),
            "",
            f"*Source: `data/results/{name}.json`, made by `{results[name]['provenance'].get('command', '')}`.*",
            "",
        ]
    return out


def findings(results):
    """The headline findings (template ``_findings.md``, one line each with its number and error), filled
    from every result; shown under the verdict in REPORT.md and in README.md."""
    try:
        text = templates.environment().get_template("_findings.md").render(r=results, paper=templates.published())
    except (jinja2.UndefinedError, KeyError, TypeError) as exc:  # a result written by older code
        return [f"*Findings not shown: a result lacks a field they read ({exc}); run `make all`.*"]
    return [line for line in text.strip("\n").splitlines()]


README_BEGIN = "<!-- verdict: made by `python -m replicate.report` from data/results; do not edit by hand -->"
README_END = "<!-- /verdict -->"


def readme_block(report_text):
    """The README's verdict block: the overall verdict line and the findings of the report."""
    verdict = report_text.split("## Verdict", 1)[1]
    overall = verdict.strip().split("\n", 1)[0]
    box = verdict.split("### Findings", 1)[1].split("\n### ", 1)[0].strip("\n")
    return f"{overall} Details: [REPORT.md](REPORT.md).\n\n{box}\n"


def with_readme_block(readme, report_text):
    """``readme`` with the text between its verdict markers replaced by :func:`readme_block`."""
    head, sep, rest = readme.partition(README_BEGIN)
    _, sep2, tail = rest.partition(README_END)
    if not sep or not sep2:
        return readme
    return f"{head}{README_BEGIN}\n{readme_block(report_text)}{README_END}{tail}"


def _bench(doc):
    """The engine-speed section (template ``_bench.md``) from ``data/results/bench.json`` (written by
    `make bench`), if present."""
    if not doc or not doc.get("md"):
        return []
    context = dict(doc, parameters=doc.get("provenance", {}).get("parameters"))
    return ["", templates.environment().get_template("_bench.md").render(context)]


def body(text):
    """The part of a report above the provenance footer (what CI compares)."""
    return text.split(FOOTER_MARK)[0]


def main(argv=None):
    parser(command("report"), __doc__).parse_args(argv)
    results = load_results()
    text = render(results)
    save_figure(pulls.plot(evaluate(results)), FIGURES / "verdict_pulls")
    atomic_write_text(REPORT, text)
    readme = README.read_text(encoding="utf-8")
    new = with_readme_block(readme, text)
    if new != readme:
        atomic_write_text(README, new)


if __name__ == "__main__":
    run(main)
