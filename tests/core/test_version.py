"""One version: pyproject.toml, CITATION.cff, replicate.__version__ and the newest CHANGELOG entry agree."""

import re

import replicate
from replicate.core.paths import ROOT


def test_the_version_is_the_same_everywhere():
    project = re.search(r'^version = "(\S+)"$', (ROOT / "pyproject.toml").read_text(), re.M).group(1)
    cff = re.search(r"^version: (\S+)$", (ROOT / "CITATION.cff").read_text(), re.M).group(1)
    dated = re.search(r'^date-released: "(\S+)"$', (ROOT / "CITATION.cff").read_text(), re.M).group(1)
    newest = re.search(r"^## (\S+) \((\S+)\)$", (ROOT / "CHANGELOG.md").read_text(), re.M)
    assert project == cff == replicate.__version__ == newest.group(1)
    assert dated == newest.group(2)
