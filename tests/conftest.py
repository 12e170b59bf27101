"""Shared fixtures: every item's result recomputed from the code (once per test session).

``fresh(name)`` calls ``replicate.<name>.compute()`` with the inputs its ``load_inputs()`` reads, as
``main()`` does (the cached level tables, the cached glass ensembles), and returns the result;
``fresh_doc(name)`` is its JSON document as ``main()`` would write it. Tests compare these with ``data/paper`` (claims) and with the
committed ``data/results`` (regression); nothing here reads a committed result to test the paper.
"""

import importlib
import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


def pytest_collection_modifyitems(session, config, items):
    """Run the regression tests of tests/items/test_items.py first. They compare a fresh compute() of each item
    with the committed result, the strongest check there is, and being first they are the ones that
    compute (and cache) each item's result: under mutation testing, which maps each function to the
    tests that execute it, a mutant of an item's code is then tried against its full regression test."""
    first = [it for it in items if it.name.startswith("test_committed_result_is_what_the_code_computes")]
    rest = [it for it in items if it not in first]
    items[:] = first + rest


class Fresh:
    """Each item computed once per session from the inputs its ``load_inputs()`` reads (as ``main()`` does)."""

    def __init__(self):
        self._results = {}

    def __call__(self, name):
        if name not in self._results:
            mod = importlib.import_module(f"replicate.{name}")
            inputs = mod.load_inputs() if hasattr(mod, "load_inputs") else {}
            self._results[name] = mod.compute(**inputs)
        return self._results[name]

    def doc(self, name):
        from replicate.core.results import document

        mod = importlib.import_module(f"replicate.{name}")
        return document(self(name), mod.COMMAND)


_FRESH = Fresh()


@pytest.fixture(scope="session")
def fresh():
    """``fresh(name)``: the result of ``replicate.<name>.compute()``, computed once per session."""
    return _FRESH


@pytest.fixture(scope="session")
def fresh_doc():
    """``fresh_doc(name)``: the JSON document ``replicate.<name>.main()`` would write."""
    return _FRESH.doc
