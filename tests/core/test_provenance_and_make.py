"""Outputs record what determines them, every output is a make target, every cache file is present."""

import re
import shutil
import subprocess

import pytest

from replicate.core.paths import ROOT
from replicate.core.provenance import module_files, sha256_of
from replicate.core.registry import result_names
from replicate.core.results import document
from replicate.glass import liquid, size_series
from replicate.glass.ensemble import ENSEMBLES, cache_dir, sample_path
from replicate.tools.caches import expected_files, missing_files

ITEMS = result_names()  # every result of every paper item (replicate.core.registry)


def _rel(paths):
    return {p.relative_to(ROOT).as_posix() for p in paths}


def test_module_files_follow_the_imports():
    files = _rel(module_files("replicate.eqn23"))
    assert {
        "replicate/eqn23.py",
        "replicate/theory/stability.py",
        "replicate/core/results.py",
        "replicate/__init__.py",
        "replicate/theory/__init__.py",
    } <= files
    assert not any(f.startswith("replicate/glass/") for f in files)
    glass = _rel(module_files("replicate.fig6"))
    assert {"replicate/glass/ensemble.py", "replicate/glass/spectra.py", "replicate/glass/md.py"} <= glass


def test_code_hash_changes_with_the_code(tmp_path, monkeypatch):
    import replicate.core.provenance as prov

    root = tmp_path / "repo"
    shutil.copytree(ROOT / "replicate", root / "replicate")
    monkeypatch.setattr(prov, "ROOT", root)
    before = sha256_of(prov.module_files("replicate.eqn23"))
    assert before == sha256_of(prov.module_files("replicate.eqn23"))
    target = root / "replicate" / "theory" / "stability.py"
    target.write_text(target.read_text() + "\n# changed\n")
    assert sha256_of(prov.module_files("replicate.eqn23")) != before


def test_document_is_deterministic(fresh):
    """Nothing run-dependent (time, host, commit, argv) enters a committed result."""
    a, b = document(fresh("eqn23"), "python -m replicate.eqn23"), document(fresh("eqn23"), "python -m replicate.eqn23")
    assert a == b
    assert set(a["provenance"]) == {"command", "code_sha256", "inputs_sha256", "packages", "parameters", "seeds"}


def _make_targets():
    """Files that the Makefile can make: entries of `make -p` with a rule (make also lists plain
    prerequisites, after a '# Not a target:' line; those are skipped)."""
    out = subprocess.run(
        ["make", "-pnq", "-f", "Makefile", "results"], cwd=ROOT, capture_output=True, text=True
    ).stdout.splitlines()
    targets = set()
    for prev, line in zip([""] + out, out):
        m = re.match(r"^([^\s:#=]+):", line)
        if m and prev.strip() != "# Not a target:":
            targets.add(m.group(1))
    return targets


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_every_output_is_a_make_target(fresh):
    """Each result JSON, its CSV side files and every figure its report section shows (png and pdf) is a
    target of the Makefile, so a deleted output is remade by `make all`."""
    targets = _make_targets()
    expected = {"REPORT.md"}
    for name in ITEMS:
        r = fresh(name)
        expected.add(f"data/results/{name}.json")
        expected.update(f"data/results/{f}" for f in r.get("tables", {}))
        template = (ROOT / "replicate" / "report" / "templates" / f"{name}.md").read_text()
        for png in re.findall(r"\((figures/[^)]+\.png)\)", template):
            expected.update({png, png[:-4] + ".pdf"})
    missing = expected - targets
    assert not missing, f"outputs that are not make targets: {sorted(missing)}"


def test_every_cache_file_is_present():
    """Glass ensembles and liquid series: their samples and ensemble.json each; the finite-size series'
    glasses (all of each size), core analyses and instant quenches at the sizes the localisation result uses
    (N = 500 and 1000 are glass ensembles already); two level tables."""
    series = list(ENSEMBLES.values()) + list(liquid.SERIES.values())
    paths = {cache_dir(s["protocol"], s["master_seed"]) / "ensemble.json" for s in series}
    paths |= {sample_path(cache_dir(s["protocol"], s["master_seed"]), k) for s in series for k in range(s["n_samples"])}
    for n in size_series.CORE_SIZES:
        paths |= set(size_series.core_files(n))
        g = size_series.spec(n)  # every glass of the size (the lowest-mode and DOS statistics read them all)
        paths |= {sample_path(cache_dir(g["protocol"], g["master_seed"]), k) for k in range(g["n_samples"])}
    tables = [p for p in expected_files() if p.name.startswith("spm_levels_")]
    assert len(tables) == 2
    assert set(expected_files()) == paths | set(tables)
    assert not missing_files()
