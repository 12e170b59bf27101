"""environment.yml (conda) and pyproject.toml carry the same pinned versions."""

import re

import tomllib

from replicate.core.paths import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([0-9]+(\.[0-9]+)*)$")


def _requirements():
    doc = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return doc["project"]["dependencies"] + doc["project"]["optional-dependencies"]["test"]


def _pyproject_pins():
    pins = {}
    for r in _requirements():
        name, version = r.split("==")
        pins[name.strip().lower()] = version.strip()
    return pins


def _conda_pins():
    pins = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        m = re.match(r"\s*-\s*([A-Za-z0-9_.-]+)\s*=\s*([0-9][^\s#]*)", line)
        if m and m.group(1) != "python":
            pins[m.group(1).lower()] = m.group(2)
    return pins


def test_every_dependency_is_pinned_exactly():
    """Each requirement reads name==X.Y[.Z]: no ranges, extras or markers (the regression tests pin outputs)."""
    reqs = _requirements()
    assert reqs
    bad = [r for r in reqs if not PIN.match(r.replace(" ", ""))]
    assert not bad, f"not pinned exactly: {bad}"


def test_conda_and_pip_pins_agree():
    assert _conda_pins() == _pyproject_pins()
