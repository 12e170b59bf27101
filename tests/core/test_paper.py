"""data/paper: every entry is checked when read, and a malformed one is refused with its file and id."""

import pytest

from replicate.core import paper

GOOD = {
    "id": "x.y",
    "quantity": "q",
    "unit": "1",
    "where": "eqn (1)",
    "kind": "printed",
    "tolerance_reason": "r",
    "value": 1.0,
    "tolerance": 0.5,
}


def test_a_good_entry_passes():
    paper._check(dict(GOOD), "f.json")
    paper._check({k: v for k, v in GOOD.items() if k not in ("value", "tolerance")} | {"bounds": [0, 1]}, "f.json")


@pytest.mark.parametrize("key", paper.REQUIRED)
def test_a_missing_key_is_named(key):
    entry = {k: v for k, v in GOOD.items() if k != key}
    who = r"x\.y" if key != "id" else r"\?"
    with pytest.raises(ValueError, match=rf"^f\.json: entry {who} lacks '{key}'$"):
        paper._check(entry, "f.json")


def test_an_unknown_kind_is_named():
    with pytest.raises(ValueError, match=r"^f\.json: entry x\.y has kind 'guess', not one of \('printed', "):
        paper._check(dict(GOOD, kind="guess"), "f.json")


@pytest.mark.parametrize(
    "change",
    [
        {"bounds": [0, 1]},  # both a value and bounds
        {"value": None},
    ],
)  # neither (value without tolerance handled below)
def test_value_xor_bounds(change):
    entry = dict(GOOD, **change)
    if change.get("value", 1) is None:
        entry = {k: v for k, v in GOOD.items() if k not in ("value", "tolerance")}
    with pytest.raises(ValueError, match=r"^f\.json: entry x\.y needs either value\+tolerance or bounds$"):
        paper._check(entry, "f.json")


def test_a_value_without_tolerance_is_refused():
    entry = {k: v for k, v in GOOD.items() if k != "tolerance"}
    with pytest.raises(ValueError, match="needs either value"):
        paper._check(entry, "f.json")


def test_every_kind_is_accepted():
    for kind in paper.KINDS:
        paper._check(dict(GOOD, kind=kind), "f.json")
    assert paper.KINDS == ("printed", "derived", "claim")


def test_published_bounds_and_agreement():
    assert paper.bounds("eqn23.constant.closed_form") == pytest.approx((35.0145, 35.0155))
    assert paper.agrees("eqn23.constant.closed_form", 35.015) and not paper.agrees("eqn23.constant.closed_form", 35.016)
    assert not paper.agrees("eqn23.constant.closed_form", None)
    assert not paper.agrees("eqn23.constant.closed_form", float("nan"))
    with pytest.raises(KeyError, match="no published number with id 'nope'"):
        paper.entry("nope")
