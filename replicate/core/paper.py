"""The published numbers of the paper, read from the hand-written files ``data/paper/*.json``.

Each file holds ``{"source": ..., "numbers": [entry, ...]}``. An entry has

- ``id``: unique key, also used by the result files (``values``) and the tests;
- ``quantity``, ``unit``, ``where`` (equation / section / figure of the paper);
- ``kind``: ``printed`` (a number printed in the text), ``derived`` (follows from printed numbers)
  or ``claim`` (a statement of the text turned into a testable bound);
- either ``value`` with ``tolerance`` (absolute, same unit) or ``bounds`` ``[lo, hi]``;
- ``tolerance_reason``: why the tolerance is what it is (rounding of the printed digits, ...).

Nothing regenerates these files; tests and the report only read them.
"""

import math
from functools import lru_cache

from .io import read_json
from .paths import PAPER

REQUIRED = ("id", "quantity", "unit", "where", "kind", "tolerance_reason")
KINDS = ("printed", "derived", "claim")


def _check(entry, fname):
    for key in REQUIRED:
        if key not in entry:
            raise ValueError(f"{fname}: entry {entry.get('id', '?')} lacks '{key}'")
    if entry["kind"] not in KINDS:
        raise ValueError(f"{fname}: entry {entry['id']} has kind {entry['kind']!r}, not one of {KINDS}")
    has_value = "value" in entry and "tolerance" in entry
    has_bounds = "bounds" in entry
    if has_value == has_bounds:
        raise ValueError(f"{fname}: entry {entry['id']} needs either value+tolerance or bounds")


@lru_cache(maxsize=1)
def _load():
    out = {}
    for path in sorted(PAPER.glob("*.json")):
        doc = read_json(path)
        for entry in doc["numbers"]:
            _check(entry, path.name)
            if entry["id"] in out:
                raise ValueError(f"duplicate published-number id {entry['id']} in {path.name}")
            out[entry["id"]] = dict(entry, file=path.name)
    return out


def published():
    """All published numbers as ``{id: entry}`` in file order."""
    return dict(_load())


def entry(pid):
    """One published number by id (KeyError names the id)."""
    try:
        return _load()[pid]
    except KeyError:
        raise KeyError(f"no published number with id {pid!r} in data/paper/") from None


def bounds(pid):
    """Return the accepted interval ``(lo, hi)`` of a published number."""
    e = entry(pid)
    if "bounds" in e:
        lo, hi = e["bounds"]
        return (-math.inf if lo is None else lo, math.inf if hi is None else hi)
    return e["value"] - e["tolerance"], e["value"] + e["tolerance"]


def agrees_range(pid, lo, hi):
    """True if the interval ``[lo, hi]`` of our value (what the rounding of the printed inputs allows)
    meets the accepted interval of published number ``pid``."""
    if lo is None or hi is None or not (math.isfinite(lo) and math.isfinite(hi)):
        return False
    p_lo, p_hi = bounds(pid)
    return lo <= p_hi and hi >= p_lo


def agrees_forward(pid, ours, input_range=None):
    """The verdict rule for a published number: ``ours`` lies within its accepted interval, or, for a value
    computed forward from printed inputs, the ``input_range`` those inputs allow within their printed
    digits meets it (:func:`agrees_range`)."""
    return agrees(pid, ours) or (input_range is not None and agrees_range(pid, *input_range))


def agrees(pid, ours):
    """True if ``ours`` lies within the accepted interval of published number ``pid``."""
    if ours is None or (isinstance(ours, float) and math.isnan(ours)):
        return False
    lo, hi = bounds(pid)
    return lo <= ours <= hi
