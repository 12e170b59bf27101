"""The report's prose lives in templates that type no number: every number comes from a result or the
published numbers (replicate/report/templates.py)."""

import re

import pytest

from replicate.core.registry import result_names
from replicate.report import templates

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# what may keep its digits: references to the paper's equations, figures and sections, literature
# citations (volume, page (year)) and years
REFERENCE = re.compile(r"\b(eqns?|Figs?|Sect|Section)\.?\s*\(?\d+\)?((\s*(-|and|,)\s*)\(?\d+\)?)*", re.I)
CITATION = re.compile(r"\b\d+, \d+ \((19|20)\d\d\)|\b(19|20)\d\d\b")
# a coefficient of a formula's denominator, as in eps_0 = (hbar omega_c)^4/(16 W^3)
COEFFICIENT = re.compile(r"/\(\d+ ")
# a typed number: a decimal, an integer of two or more digits, or an exponent form (single digits in
# formulas such as x^4, 1/2 or 2 pi/L are structure, not data)
NUMBER = re.compile(r"(?<![\w^.])(\d+\.\d+|\d{2,}|\d+e[-+]?\d+)(?![\w.])")


def typed_numbers(text):
    """Numbers written into a template's prose outside its Jinja tags, references and citations."""
    prose = COEFFICIENT.sub(" ", CITATION.sub(" ", REFERENCE.sub(" ", JINJA.sub(" ", text))))
    return NUMBER.findall(prose)


def test_every_result_has_a_template_and_every_template_a_result():
    assert templates.names() == sorted(result_names())


@pytest.mark.parametrize("name", sorted(result_names()) + ["_findings"])
def test_template_types_no_number(name):
    assert typed_numbers((templates.FOLDER / f"{name}.md").read_text()) == []


def test_typed_numbers_are_found():
    assert typed_numbers("accepted ratio 0.71-1.41, p >= 0.3, 1 s to 1e4 s, N_k = 100") == [
        "0.71",
        "1.41",
        "0.3",
        "1e4",
        "100",
    ]
    assert (
        typed_numbers("eqns (6)-(7), Figs 1 and 2, PRB 43, 5039 (1991), x^4, 1/(2 beta), /(16 W^3), {{ x | f('.2f') }}")
        == []
    )


@pytest.mark.parametrize("name", ["eqn2_participation", "table_nsa2", "sec4_epsm", "eqn23", "eqn19", "fig8"])
def test_template_renders_from_a_fresh_result(name, fresh_doc):
    """A template that names a field the result does not have fails (StrictUndefined); the rendered text
    carries the result's numbers."""
    title, text = templates.section(name, fresh_doc(name))
    assert title and text and "{{" not in text and "{%" not in text
