"""The soft-potential-model level table on the (eta, xi) nodes, cached under ``data/cache/``.

``load_or_compute(params)`` returns the table of ``replicate.theory.spm.compute_table``; the npz file
is keyed by a hash of the parameters (``spm.table_key``), so a rerun with the same parameters takes
seconds and a change of parameters recomputes (minutes). Hits and misses are said on stderr.
"""

import io
import sys
import time

import numpy as np

from .io import atomic_write_bytes
from .paths import CACHE
from .theory import spm


def cache_path(params=None):
    p = dict(spm.DEFAULT_TABLE, **(params or {}))
    return CACHE / f"spm_levels_{spm.table_key(p)}.npz"


def load_or_compute(params=None, n_jobs=1, recompute=False):
    """The level table (dict of arrays) and the wall time spent computing it (0 on a cache hit)."""
    path = cache_path(params)
    if path.exists() and not recompute:
        with np.load(path) as f:
            table = {k: f[k] for k in f.files}
        print(f"spm level table: cache hit {path.name}", file=sys.stderr)
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


if __name__ == "__main__":
    load_or_compute(n_jobs=int(sys.argv[1]) if len(sys.argv) > 1 else 1, recompute="--recompute" in sys.argv)
