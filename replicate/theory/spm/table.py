"""The level table on the (eta, xi) nodes (the uniform sea-gull density of the package docstring),
cached under ``data/cache/``.

:func:`load_or_compute` returns the table of :func:`compute_table`; the npz file is keyed by a hash of the
parameters (:func:`table_key`), so a rerun with the same parameters takes seconds and a change of
parameters recomputes (6-9 minutes on one core). Hits and misses are said on stderr. Before a cached
table is used, a canary of :data:`CANARY_ROWS` rows spread over it is recomputed from scratch (a fraction
of a second) and compared with the cache (:func:`stale_rows`): a solver change that the hash does not see
stops the run with one line instead of silently reusing stale levels.
"""

import hashlib
import io
import json
import math
import sys
import time

import numpy as np

from ...core.errors import DataError, require_int
from ...core.io import atomic_write_bytes
from ...core.paths import CACHE
from .hamiltonian import minima, potential, stationary_points
from .levels import levels, semiclassical_count, symmetric_splitting

# --------------------------------------------------------------------------------------------------
# the (eta, xi) level table


DEFAULT_TABLE = {
    "E_cut": 12.0,  # largest lowest excitation (units of W) in the exact table; above it the E^4/8 tail
    "theta_max": 4.0,  # highest k_B T / W the table must serve (sets the number of levels)
    "window": 15.0,  # levels kept up to E_0 + window * theta_max
    "eta_nodes": [[-18.0, -13.0, 0.25], [-13.0, 3.0, 0.05], [3.0, 40.0, 0.25]],
    "xi_log_min": -5.0,  # log10 of the smallest nonzero xi node (eta < 1)
    "xi_per_decade": 16,
    "xi_linear_nodes": 30,  # eta >= 1: uniform xi nodes
    "eta_frozen_max": -4.0,  # lower-well levels are computed for double wells with eta below this
    "step": 0.25,
    "decay": 14.0,
}


def table_key(params):
    """Short hash of the table parameters (and the solver version)."""
    blob = json.dumps({"params": params, "version": 1}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def _xi_max(eta, E_cut):
    """Largest |xi| at which the global minimum still has harmonic spacing <= E_cut (x 1.3 margin)."""
    y2 = (E_cut**2 / 2.0 - 2.0 * eta) / 12.0
    if y2 <= 0:
        return 0.0
    if eta < 0:
        y2 = min(y2, E_cut**2 / 16.0)
        if y2 < -eta / 2.0:
            return 0.0
    y = math.sqrt(y2)
    return 1.3 * abs(2.0 * eta * y + 4.0 * y**3) + 0.5


def table_nodes(params=None):
    """Quadrature nodes (eta, xi >= 0) and weights of the uniform density P_s = 1 (both signs of xi)."""
    p = dict(DEFAULT_TABLE, **(params or {}))
    etas, deta = [], []
    for lo, hi, st in p["eta_nodes"]:
        k = int(round((hi - lo) / st))
        etas.append(lo + st * (np.arange(k) + 0.5))
        deta.append(np.full(k, st))
    etas, deta = np.concatenate(etas), np.concatenate(deta)
    E_cut = p["E_cut"]
    rows = []
    for eta, de in zip(etas, deta):
        xm = _xi_max(eta, E_cut)
        if xm <= 0:
            continue
        if eta < 1.0:
            lx0 = p["xi_log_min"]
            lx1 = math.log10(xm)
            k = max(int(math.ceil((lx1 - lx0) * p["xi_per_decade"])), 2)
            lg = np.linspace(lx0, lx1, k + 1)
            edges = np.concatenate([[0.0], 10.0**lg])
            nodes = np.concatenate([[0.0], 10.0 ** (0.5 * (lg[:-1] + lg[1:]))])
        else:
            edges = np.linspace(0.0, xm, p["xi_linear_nodes"] + 1)
            nodes = 0.5 * (edges[:-1] + edges[1:])
        w = 2.0 * np.diff(edges) * de
        for x, ww in zip(nodes, w):
            rows.append((eta, x, ww))
    return np.array(rows)


def _n_levels_for(eta, xi, p):
    """Number of levels so that E_n - E_0 > window * theta_max (semiclassical estimate), 4..24."""
    mins = minima(eta, xi)
    vmin = mins[0][1]
    stat = stationary_points(eta, xi)
    span = float(np.max(np.abs(stat))) + 2.5 * 26.0 ** (1.0 / 3.0) + 2.0 * abs(eta) ** 0.5
    y = np.linspace(-span, span, 4001)
    n = semiclassical_count(potential(y, eta, xi), y[1] - y[0], vmin + p["window"] * p["theta_max"])[0]
    return int(min(max(math.ceil(n) + 2, 4), 24))


def table_rows(nodes, p):
    """Levels of the table rows ``nodes`` (array (K, 3) of eta, xi, weight) with table parameters ``p``.

    Returns ``(levels, levels_lower_well, n_levels, double_well, tunnelling, asymmetry)``, arrays over
    the K rows (levels padded with NaN to 24 columns); :func:`compute_table` concatenates them.
    """
    nmax = 24
    full = np.full((len(nodes), nmax), np.nan)
    lower = np.full((len(nodes), nmax), np.nan)
    nlev = np.zeros(len(nodes), dtype=int)
    dw = np.zeros(len(nodes), dtype=bool)
    tunnelling = np.zeros(len(nodes), dtype=bool)
    asym = np.zeros(len(nodes))
    for i, (eta, xi, _) in enumerate(nodes):
        n = _n_levels_for(eta, xi, p)
        nlev[i] = n
        e = levels(eta, xi, n, step=p["step"], decay=p["decay"], tol=1e-300)
        full[i, :n] = e
        mins = minima(eta, xi)
        if len(mins) == 2:
            dw[i] = True
            stat = stationary_points(eta, xi)
            v_barrier = float(potential(stat[1], eta, xi))
            tunnelling[i] = e[0] < v_barrier
            # asymmetry of the two ground states: classical depths plus half the zero-point spacings
            asym[i] = (mins[1][1] - mins[0][1]) + 0.5 * (math.sqrt(2 * mins[1][2]) - math.sqrt(2 * mins[0][2]))
            if eta < p["eta_frozen_max"]:
                lower[i, :n] = levels(eta, xi, n, step=p["step"], decay=p["decay"], wall="lower")
    return full, lower, nlev, dw, tunnelling, asym


def compute_table(params=None, n_jobs=1):
    """Levels on the (eta, xi) nodes. Returns a dict of arrays (see the keys); minutes on one core.

    ``n_jobs`` > 1 splits the nodes over processes (joblib); the result does not depend on it.
    """
    p = dict(DEFAULT_TABLE, **(params or {}))
    require_int("n_jobs", n_jobs, 1, 64)
    nodes = table_nodes(p)
    if n_jobs == 1:
        parts = [table_rows(nodes, p)]
    else:
        from joblib import Parallel, delayed

        chunks = np.array_split(nodes, 8 * n_jobs)
        parts = Parallel(n_jobs=n_jobs)(delayed(table_rows)(c, p) for c in chunks)
    full, lower, nlev, dw, tunnelling, asym = (np.concatenate([q[k] for q in parts]) for k in range(6))
    eta_sym = np.unique(nodes[:, 0][nodes[:, 0] < 0])
    delta0_sym = np.array([symmetric_splitting(e) for e in eta_sym])
    return {
        "eta": nodes[:, 0], "xi": nodes[:, 1], "weight": nodes[:, 2], "n_levels": nlev,
        "levels": full, "levels_lower_well": lower, "double_well": dw, "tunnelling": tunnelling,
        "asymmetry": asym, "eta_sym": eta_sym, "delta0_sym": delta0_sym,
        "E_cut": np.array(p["E_cut"]), "theta_max": np.array(p["theta_max"]),
    }


def delta0_of(table, eta):
    """Symmetric tunnel splitting at the table's eta values (interpolated in log, instanton below)."""
    eta = np.asarray(eta, dtype=float)
    es, ds = table["eta_sym"], table["delta0_sym"]
    out = np.exp(np.interp(eta, es, np.log(np.maximum(ds, 1e-300))))
    return np.where(eta < 0, out, np.inf)


CANARY_ROWS = 24
# A recompute with unchanged code repeats the same tridiagonal eigenproblems, so it agrees with the cache
# to LAPACK round-off (~1e-13 W on levels up to ~70 W). 1e-9 W is far below the discretisation error of
# the levels (Richardson-extrapolated second-order differences, ~1e-5 W), so any change of the solver shows.
CANARY_ATOL_W = 1e-9
TABLE_FIELDS = ("levels", "levels_lower_well", "n_levels", "double_well", "tunnelling", "asymmetry")


def cache_path(params=None):
    p = dict(DEFAULT_TABLE, **(params or {}))
    return CACHE / f"spm_levels_{table_key(p)}.npz"


def coarse_table_params():
    """The level-table parameters twice as coarse in eta and xi as ``DEFAULT_TABLE`` (the
    discretisation check of eqn (8))."""
    coarse = dict(DEFAULT_TABLE)
    coarse["eta_nodes"] = [[a, b, 2 * s] for a, b, s in DEFAULT_TABLE["eta_nodes"]]
    coarse["xi_per_decade"] = DEFAULT_TABLE["xi_per_decade"] // 2
    coarse["xi_linear_nodes"] = DEFAULT_TABLE["xi_linear_nodes"] // 2
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
    p = dict(DEFAULT_TABLE, **(params or {}))
    idx = canary_indices(table, k)
    nodes = np.column_stack([table["eta"][idx], table["xi"][idx], table["weight"][idx]])
    expected = table_nodes(p)[idx]
    out = []
    if not np.array_equal(nodes, expected):
        out.append("the (eta, xi, weight) nodes differ from table_nodes")
    fresh = dict(zip(TABLE_FIELDS, table_rows(nodes, p)))
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
                                "replicate.theory.table_key and run `python -m replicate.tools.spm_table` "
                                "(6-9 min), or `make all`")
        return table, 0.0
    print(f"spm level table: cache miss {path.name}; computing (minutes)", file=sys.stderr)
    t0 = time.perf_counter()
    table = compute_table(params, n_jobs=n_jobs)
    wall = time.perf_counter() - t0
    buf = io.BytesIO()
    np.savez_compressed(buf, **table)
    atomic_write_bytes(path, buf.getvalue())
    print(f"spm level table: {table['eta'].size} potentials in {wall:.0f} s -> {path.name}", file=sys.stderr)
    return table, wall
