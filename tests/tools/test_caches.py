"""The committed caches still follow from the code: canaries recompute part of each and compare.

* Glass ensembles (data/cache/glass_*): sample 0 of the N = 500 ensemble is re-prepared from its seed
  (about 15 s) and compared field by field with its cached file; the other ensembles' sample 0 under the
  ``slow`` marker (about a minute on 2 cores). Tolerances in replicate.glass.ensemble (float32 storage:
  one unit in the last place, 2^-23 relative; float64 fields 1e-8 relative; the eigensolver's last bits
  depend on the BLAS thread count, 3e-14 measured).
* The SPM level table (data/cache/spm_levels_*): 24 rows recomputed from scratch (replicate.tools.spm_table).

Each canary is also shown to fail on a changed sample or table.
"""

import numpy as np
import pytest

from replicate.core.errors import DataError
from replicate.glass import ensemble as ens_mod
from replicate.glass.ensemble import ENSEMBLES, read_sample, sample_differences
from replicate.glass.prepare import prepare_sample
from replicate.theory.spm import table as spm_table

FAST = "N500_rc2.5"


@pytest.fixture(scope="module")
def fast_sample():
    spec = ENSEMBLES[FAST]
    return prepare_sample(spec["protocol"], spec["master_seed"], 0), read_sample(
        spec["protocol"], spec["master_seed"], 0
    )


def test_glass_canary_n500_matches_its_cache(fast_sample):
    fresh, cached = fast_sample
    assert sample_differences(fresh, cached) == []


@pytest.mark.parametrize(
    "field, factor",
    [("frequencies", 1 + 1e-6), ("participation_ratio", 1 - 1e-6), ("positions", 1 + 1e-6), ("eigenvalues", 1 + 1e-7)],
)
def test_glass_canary_detects_a_changed_sample(fast_sample, field, factor):
    fresh, cached = fast_sample
    changed = dict(fresh, **{field: np.asarray(fresh[field]) * factor})
    bad = sample_differences(changed, cached)
    flagged = {b.split(" ")[0].rstrip(":") for b in bad}
    assert flagged == {"lowest_eigenvalues" if field == "eigenvalues" else field}, bad


def test_glass_canary_detects_a_changed_flag(fast_sample):
    fresh, cached = fast_sample
    assert sample_differences(dict(fresh, fire_iterations=fresh["fire_iterations"] + 1), cached)


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in ENSEMBLES if n != FAST])
def test_glass_canary_every_other_ensemble(name):
    spec = ENSEMBLES[name]
    assert ens_mod.stale_sample(spec["protocol"], spec["master_seed"], 0) == []


def test_check_cache_stops_with_one_line_naming_the_stale_cache(monkeypatch, fast_sample):
    fresh, _ = fast_sample
    monkeypatch.setattr(ens_mod, "prepare_sample", lambda *a, **k: dict(fresh, frequencies=fresh["frequencies"] * 1.01))
    with pytest.raises(DataError) as exc:
        ens_mod.check_cache([FAST], n_jobs=1, log=lambda *_: None)
    msg = str(exc.value)
    assert "\n" not in msg and FAST in msg and "glass_" in msg and "ENGINE_VERSION" in msg


def test_missing_canary_sample_is_a_data_error():
    spec = ENSEMBLES[FAST]
    with pytest.raises(DataError, match="not cached"):
        read_sample(spec["protocol"], spec["master_seed"], 99999)


# ---------------------------------------------------------------- SPM level table


@pytest.fixture(scope="module")
def level_table():
    return spm_table.load_or_compute(check=False)[0]


def test_spm_table_canary_rows_match_the_cache(level_table):
    idx = spm_table.canary_indices(level_table)
    assert idx.size >= 20 and np.isfinite(level_table["levels_lower_well"][idx, 0]).sum() >= 10
    assert spm_table.stale_rows(level_table) == []


def test_spm_table_canary_detects_a_changed_level(level_table):
    idx = spm_table.canary_indices(level_table)
    changed = {k: np.array(v, copy=True) for k, v in level_table.items()}
    changed["levels"][idx[3], 1] += 1e-7  # a shift far below the table's discretisation accuracy
    assert any("levels of rows" in b for b in spm_table.stale_rows(changed))


def test_stale_level_table_stops_load_with_one_line(monkeypatch, level_table, tmp_path):
    changed = {k: np.array(v, copy=True) for k, v in level_table.items()}
    changed["asymmetry"][spm_table.canary_indices(level_table)] *= 1.001
    path = tmp_path / "spm_levels_test.npz"
    np.savez(path, **changed)
    monkeypatch.setattr(spm_table, "cache_path", lambda params=None: path)
    with pytest.raises(DataError) as exc:
        spm_table.load_or_compute()
    assert "\n" not in str(exc.value) and "stale" in str(exc.value) and str(path) in str(exc.value)


# ---------------------------------------------------------------- within tolerance goes on, a real change stops


def test_a_last_bit_difference_of_the_nodes_goes_on_and_a_changed_node_stops(level_table, monkeypatch, tmp_path):
    """Another CPU's numpy rounds the xi nodes and weights differently in the last bits (measured 2.2e-16
    and 2.0e-15 relative): within replicate.core.tolerance.ROUNDING_RTOL the table is current; a node
    moved by 1e-9 (a changed quadrature rule) is stale."""
    idx = spm_table.canary_indices(level_table)
    near = {k: np.array(v, copy=True) for k, v in level_table.items()}
    near["xi"][idx] *= 1 + 4e-16
    near["weight"][idx] *= 1 + 2e-15
    assert spm_table.stale_rows(near) == []
    path = tmp_path / "spm_levels_near.npz"
    np.savez(path, **near)
    monkeypatch.setattr(spm_table, "cache_path", lambda params=None: path)
    assert spm_table.load_or_compute()[1] == 0.0  # a cache hit that goes on
    far = {k: np.array(v, copy=True) for k, v in level_table.items()}
    far["weight"][idx] *= 1 + 1e-9
    assert spm_table.stale_rows(far) == ["the (eta, xi, weight) nodes differ from table_nodes"]


def test_check_cache_goes_on_within_the_canary_tolerance(monkeypatch, fast_sample):
    """The eigensolver's last bits on another BLAS (3e-14 relative measured) do not stop make all."""
    fresh, _ = fast_sample
    near = dict(fresh, eigenvalues=fresh["eigenvalues"] * (1 + 1e-13), frequencies=fresh["frequencies"] * (1 + 1e-13))
    monkeypatch.setattr(ens_mod, "prepare_sample", lambda *a, **k: near)
    ens_mod.check_cache([FAST], n_jobs=1, log=lambda *_: None)
