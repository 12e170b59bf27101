"""CI: after a regeneration, compare every committed result and REPORT.md with the committed version.

Fails (exit 1) when any value of a committed ``data/results`` file (JSON: everything but the run-dependent
provenance entries; CSV: every cell) differs from ``git HEAD`` beyond RESULT_RTOL (1e-10) relative (README,
"Tolerances"; the tolerance of tests/items/test_items.py), when REPORT.md above its provenance footer differs in any line, or when the
regeneration left a new untracked file in data/results.
"""

import difflib
import io
import json
import subprocess
import sys

import numpy as np

from replicate.core.io import read_csv
from replicate.core.paths import REPORT, RESULTS, ROOT
from replicate.core.results import comparable, differences
from replicate.core.tolerance import RESULT_RTOL
from replicate.report.render import body

RTOL = RESULT_RTOL  # README, "Tolerances"


def committed(path):
    rel = path.relative_to(ROOT).as_posix()
    return subprocess.run(["git", "show", f"HEAD:{rel}"], cwd=ROOT, capture_output=True, text=True, check=True).stdout


def csv_columns(text):
    tmp = io.StringIO(text)
    lines = [ln for ln in tmp if not ln.startswith("#")]
    header = lines[0].strip().split(",")
    cols = list(zip(*[ln.rstrip("\n").split(",") for ln in lines[1:]])) if len(lines) > 1 else [()] * len(header)
    return header, cols


def main():
    problems = []
    tracked = set(
        subprocess.run(
            ["git", "ls-files", "data/results"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for path in sorted(RESULTS.iterdir()):
        rel = path.relative_to(ROOT).as_posix()
        if path.name.startswith(".") or path.is_dir():
            continue
        if rel not in tracked:
            problems.append(f"{rel}: made by the regeneration but not committed")
            continue
        old_text = committed(path)
        if path.suffix == ".json":
            d = differences(
                comparable(json.loads(path.read_text(encoding="utf-8"))), comparable(json.loads(old_text)), rtol=RTOL
            )
            problems += [f"{rel}{line}" for line in d[:10]]
        elif path.suffix == ".csv":
            new = read_csv(path)
            h_old, c_old = csv_columns(old_text)
            if list(new) != h_old:
                problems.append(f"{rel}: columns {list(new)} != {h_old}")
                continue
            for name, old_col in zip(h_old, c_old):
                try:
                    ok = np.allclose(
                        np.asarray(new[name], dtype=float),
                        np.array(old_col, dtype=float),
                        rtol=RTOL,
                        atol=0,
                        equal_nan=True,
                    )
                except (TypeError, ValueError):  # a text column (or a cell that is no longer a number)
                    ok = [str(v) for v in new[name]] == list(old_col)
                if not ok:
                    problems.append(f"{rel}: column {name} changed")
    for rel in sorted(tracked):
        if not (ROOT / rel).exists():
            problems.append(f"{rel}: committed but not regenerated")
    new_body, old_body = body(REPORT.read_text(encoding="utf-8")), body(committed(REPORT))
    if new_body != old_body:
        sys.stdout.writelines(
            difflib.unified_diff(
                old_body.splitlines(True), new_body.splitlines(True), "REPORT.md (committed)", "REPORT.md (regenerated)"
            )
        )
        problems.append("REPORT.md above its provenance footer changed")
    if problems:
        print("\n".join(problems))
        print(
            f"{len(problems)} committed output(s) differ from a regeneration: run `make all` and commit, "
            "or find the cause"
        )
        return 1
    print(f"{len(tracked)} committed results and REPORT.md equal their regeneration")
    return 0


if __name__ == "__main__":
    sys.exit(main())
