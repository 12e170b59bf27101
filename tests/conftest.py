"""Shared fixtures: every item's result recomputed from the code (once per test session).

``fresh(name)`` calls ``replicate.<name>.compute()`` with the inputs ``main()`` would read (the cached
level table, the cached glass ensembles) and returns the result; ``fresh_doc(name)`` is its JSON
document as ``main()`` would write it. Tests compare these with ``data/paper`` (claims) and with the
committed ``data/results`` (regression); nothing here reads a committed result to test the paper.
"""

import importlib
import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

def pytest_collection_modifyitems(session, config, items):
    """Run the regression tests of tests/test_items.py first. They compare a fresh compute() of each item
    with the committed result, the strongest check there is, and being first they are the ones that
    compute (and cache) each item's result: under mutation testing, which maps each function to the
    tests that execute it, a mutant of an item's code is then tried against its full regression test."""
    first = [it for it in items if it.name.startswith("test_committed_result_is_what_the_code_computes")]
    rest = [it for it in items if it not in first]
    items[:] = first + rest


# items whose compute() takes no arguments
CLOSED_FORM = ("eqn2_participation", "table_nsa2", "sec4_epsm", "eqn23", "eqn19", "fig8")


class Fresh:
    def __init__(self):
        self._results = {}
        self._ensembles = None

    def ensembles(self):
        if self._ensembles is None:
            from replicate.glass.ensemble import load_figure_ensembles

            self._ensembles = load_figure_ensembles()
        return self._ensembles

    def _compute(self, name):
        mod = importlib.import_module(f"replicate.{name}")
        if name in CLOSED_FORM or name == "glass_checks":
            return mod.compute()
        if name == "eqn8_w_factor":
            from replicate.io import read_json
            from replicate.paths import INPUTS
            from replicate.spm_table import cache_path, coarse_table_params, load_or_compute

            coarse_params = coarse_table_params()
            coarse = load_or_compute(coarse_params)[0] if cache_path(coarse_params).exists() else None
            return mod.compute(load_or_compute()[0], read_json(INPUTS / "tls_coupling.json"), coarse)
        if name in ("fig5", "fig6"):
            return mod.compute(self.ensembles())
        raise KeyError(f"no recipe to recompute {name}")

    def __call__(self, name):
        if name not in self._results:
            self._results[name] = self._compute(name)
        return self._results[name]

    def doc(self, name):
        from replicate.results import document

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
