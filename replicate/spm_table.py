"""The soft-potential-model level table on the (eta, xi) nodes, cached under ``data/cache/``.

``load_or_compute(params)`` returns the table of ``replicate.theory.spm.compute_table``; the npz file
is keyed by a hash of the parameters (``spm.table_key``), so a rerun with the same parameters takes
seconds and a change of parameters recomputes (6-9 minutes on one core). Hits and misses are said on
stderr. Before a cached table is used, a canary of :data:`CANARY_ROWS` rows spread over it is
recomputed from scratch (a fraction of a second) and compared with the cache
(:func:`stale_rows`): a solver change that the hash does not see stops the run with one line
instead of silently reusing stale levels.

    python -m replicate.spm_table [--jobs N] [--recompute]
"""

import argparse
import io
import sys
import time

import numpy as np

from .cli import run
from .errors import DataError, require_int
from .io import atomic_write_bytes
from .paths import CACHE
from .theory import spm

CANARY_ROWS = 24
# A recompute with unchanged code repeats the same tridiagonal eigenproblems, so it agrees with the cache
# to LAPACK round-off (~1e-13 W on levels up to ~70 W). 1e-9 W is far below the discretisation error of
# the levels (Richardson-extrapolated second-order differences, ~1e-5 W), so any change of the solver shows.
CANARY_ATOL_W = 1e-9
TABLE_FIELDS = ("levels", "levels_lower_well", "n_levels", "double_well", "tunnelling", "asymmetry")


def cache_path(params=None):
    p = dict(spm.DEFAULT_TABLE, **(params or {}))
    return CACHE / f"spm_levels_{spm.table_key(p)}.npz"


def coarse_table_params():
    """The level-table parameters twice as coarse in eta and xi as ``spm.DEFAULT_TABLE`` (the
    discretisation check of eqn (8))."""
    coarse = dict(spm.DEFAULT_TABLE)
    coarse["eta_nodes"] = [[a, b, 2 * s] for a, b, s in spm.DEFAULT_TABLE["eta_nodes"]]
    coarse["xi_per_decade"] = spm.DEFAULT_TABLE["xi_per_decade"] // 2
    coarse["xi_linear_nodes"] = spm.DEFAULT_TABLE["xi_linear_nodes"] // 2
    return coarse


def canary_indices(table, k=CANARY_ROWS):
    """``k`` row indices spread evenly over the table, half of them rows with lower-well levels."""
    n = table["eta"].size
    lower = np.flatnonzero(np.isfinite(table["levels_lower_well"][:, 0]))
    even = np.linspace(0, n - 1, k - k // 2).round().astype(int)
    extra = lower[np.linspace(0, lower.size - 1, k // 2).round().astype(int)] if lower.size else []
    return np.unique(np.concatenate([even, extra]).astype(int))


def stale_rows(table, params=None, k=CANARY_ROWS):
    """Recompute ``k`` rows of ``table`` from scratch; a list of the differences (empty: the cache is current)."""
    p = dict(spm.DEFAULT_TABLE, **(params or {}))
    idx = canary_indices(table, k)
    nodes = np.column_stack([table["eta"][idx], table["xi"][idx], table["weight"][idx]])
    expected = spm.table_nodes(p)[idx]
    out = []
    if not np.array_equal(nodes, expected):
        out.append("the (eta, xi, weight) nodes differ from spm.table_nodes")
    fresh = dict(zip(TABLE_FIELDS, spm.table_rows(nodes, p)))
    for name in TABLE_FIELDS:
        new, old = np.asarray(fresh[name]), np.asarray(table[name])[idx]
        if new.dtype == bool or np.issubdtype(new.dtype, np.integer):
            same = np.array_equal(new, old)
        else:
            same = np.array_equal(np.isnan(new), np.isnan(old)) and np.allclose(
                new[~np.isnan(new)], old[~np.isnan(old)], rtol=0, atol=CANARY_ATOL_W)
        if not same:
            out.append(f"{name} of rows {idx.tolist()}")
    return out


def load_or_compute(params=None, n_jobs=1, recompute=False, check=True):
    """The level table (dict of arrays) and the wall time spent computing it (0 on a cache hit).

    On a cache hit the canary rows are recomputed (``check=True``) and a :class:`DataError` names the
    stale file when they differ.
    """
    path = cache_path(params)
    if path.exists() and not recompute:
        with np.load(path) as f:
            table = {k: f[k] for k in f.files}
        print(f"spm level table: cache hit {path.name}", file=sys.stderr)
        if check:
            bad = stale_rows(table, params)
            if bad:
                raise DataError(f"level table {path} is stale: recomputing {CANARY_ROWS} rows with the current "
                                f"code changes {'; '.join(bad)[:200]}. Bump the version in "
                                "replicate.theory.spm.table_key and run `python -m replicate.spm_table` "
                                "(6-9 min), or `make all`")
        return table, 0.0
    print(f"spm level table: cache miss {path.name}; computing (minutes)", file=sys.stderr)
    t0 = time.perf_counter()
    table = spm.compute_table(params, n_jobs=n_jobs)
    wall = time.perf_counter() - t0
    buf = io.BytesIO()
    np.savez_compressed(buf, **table)
    atomic_write_bytes(path, buf.getvalue())
    print(f"spm level table: {table['eta'].size} potentials in {wall:.0f} s -> {path.name}", file=sys.stderr)
    return table, wall


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m replicate.spm_table", description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=1, help="processes for a cache miss, 1-64 (default 1)")
    ap.add_argument("--recompute", action="store_true", help="recompute even when the table is cached")
    args = ap.parse_args(argv)
    require_int("jobs", args.jobs, 1, 64)
    load_or_compute(n_jobs=args.jobs, recompute=args.recompute)


if __name__ == "__main__":
    run(main)
