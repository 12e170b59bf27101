"""Every source the repository names can be followed by a reader (issue 8, point 7 and 10)."""

import json
import re
import subprocess

import tomllib
import yaml

from replicate.core import paths

# A followable source: a DOI, a journal reference with its year in parentheses, or this paper itself.
CITATION = re.compile(r"doi:10\.\d{4,}/|\((19|20)\d\d\)|this paper")
OUTSIDE = ("literature.md", "shared/reference", "../shared")


def _tracked_text_files():
    out = subprocess.run(["git", "ls-files"], cwd=paths.ROOT, capture_output=True, text=True, check=True)
    for name in out.stdout.split():
        if (
            name.endswith((".py", ".json", ".md", ".csv", ".cff", ".toml", ".yml", "Makefile"))
            and name != "tests/core/test_citations.py"
        ):
            yield name


def test_no_tracked_file_cites_a_file_outside_the_repository():
    offenders = [
        name
        for name in _tracked_text_files()
        if any(s in (paths.ROOT / name).read_text(errors="replace") for s in OUTSIDE)
    ]
    assert offenders == []


def _sources(node, where=""):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "source" and isinstance(value, str):
                if node.get("value", node.get("values", "")) is not None:  # a null value cites nothing
                    yield where, value
            else:
                yield from _sources(value, f"{where}/{key}")


def test_every_input_source_is_a_followable_citation():
    for path in sorted(paths.INPUTS.glob("*.json")):
        for where, source in _sources(json.loads(path.read_text())):
            assert CITATION.search(source), f"{path.name}{where}: {source!r}"


def test_citation_file_names_the_replication_and_the_paper():
    cff = yaml.safe_load((paths.ROOT / "CITATION.cff").read_text())
    version = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert cff["version"] == cff["preferred-citation"]["version"] == version
    assert cff["preferred-citation"]["title"] == cff["title"]
    names = [a.get("name") or a.get("family-names") for a in cff["authors"]]
    assert names and not any(re.search(r"your|placeholder|authors\"?$", n, re.I) for n in names)
    assert "10.1080/13642819208217904" in {r.get("doi") for r in cff["references"]}
