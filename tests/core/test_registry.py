"""The registry of paper items drives the commands, the Makefile and the report."""

import importlib
import re
import subprocess

from replicate.core import paper
from replicate.core.paths import ROOT
from replicate.core.registry import ITEMS, TOOLS, command, item_for, result_names


def test_makefile_makes_exactly_the_registry_results():
    out = subprocess.run(
        ["make", "-s", "--no-print-directory", "list-results"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert sorted(out) == sorted(f"data/results/{name}.json" for name in result_names())


def test_makefile_runs_the_registry_commands():
    recipes = set(re.findall(r"\$\(PY\) -m (replicate\.[\w.]+)", (ROOT / "Makefile").read_text()))
    recipes.discard("replicate.$*")  # the pattern rule of the closed-form items
    wanted = {command(n).split()[-1] for n in result_names() + TOOLS}
    assert recipes <= wanted  # every command the Makefile runs is registered
    assert "replicate.$*" in (ROOT / "Makefile").read_text()


def test_each_result_is_made_by_its_own_item_module():
    for name in result_names():
        mod = importlib.import_module(f"replicate.{name}")
        assert mod.NAME == name and mod.COMMAND == command(name) == f"python -m replicate.{name}"
        assert callable(mod.compute) and callable(mod.main)


def test_no_item_module_imports_another_item_module():
    names = set(result_names())
    for name in names:
        src = (ROOT / "replicate" / f"{name}.py").read_text()
        imported = set(re.findall(r"^from \.(\w+) import|^import replicate\.(\w+)", src, re.M))
        assert not {a or b for a, b in imported} & names, name


def test_every_published_number_has_exactly_one_item():
    for pid in paper.published():
        owners = [it for it in ITEMS if any(pid.startswith(p) for p in it.prefixes)]
        assert len(owners) == 1, pid
        assert item_for(pid) is owners[0]
