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
from ...core.tolerance import ROUNDING_RTOL
from .hamiltonian import minima, potential, stationary_points
from .levels import EXACT_TOL, levels, search_half_width, semiclassical_count, symmetric_splitting

__all__ = [
    "DEFAULT_TABLE",
    "TABLE_VERSION",
    "MAX_LEVELS",
    "CANARY_ROWS",
    "CANARY_ATOL_W",
    "TABLE_FIELDS",
    "table_key",
    "table_nodes",
    "table_rows",
    "compute_table",
    "delta0_of",
    "cache_path",
    "coarse_table_params",
    "canary_indices",
    "stale_rows",
    "load_or_compute",
]

# --------------------------------------------------------------------------------------------------
# the (eta, xi) level table


DEFAULT_TABLE = {
    "E_cut": 12.0,  # largest lowest excitation (units of W) in the exact table; above it the E^4/8 tail
    "theta_max": 4.0,  # highest k_B T / W the table must serve (sets the number of levels)
    "window": 15.0,  # levels kept up to E_0 + window * theta_max
    "eta_nodes": [[-18.0, -13.0, 0.25], [-13.0, 3.0, 0.05], [3.0, 40.0, 0.25]],  # [from, to, step] in eta
    "xi_log_min": -5.0,  # log10 of the smallest nonzero xi node (eta < 1)
    "xi_per_decade": 16,  # eta < 1: logarithmic xi nodes per decade
    "xi_linear_nodes": 30,  # eta >= 1: uniform xi nodes
    "eta_frozen_max": -4.0,  # lower-well levels are computed for double wells with eta below this
    "step": 0.25,  # grid step of levels() (units of the shortest local wavelength / 2 pi)
    "decay": 14.0,  # decay exponent of the top level at the box ends (levels())
}

# Solver version in the cache key: bump it when the levels change for unchanged parameters.
TABLE_VERSION = 1
# Largest |xi| node: XI_MAX_MARGIN times the |xi| where the harmonic spacing reaches E_cut, plus XI_MAX_PAD
# (both dimensionless).
XI_MAX_MARGIN = 1.3
XI_MAX_PAD = 0.5
# Levels per row: the semiclassical count up to E_0 + window * theta_max, plus EXTRA_LEVELS, clipped to
# [MIN_LEVELS, MAX_LEVELS] (MAX_LEVELS is also the column count of the level arrays); the count uses
# COUNT_POINTS grid points over the box of search_half_width(eta, xi, MAX_LEVELS).
MIN_LEVELS = 4
MAX_LEVELS = 24
EXTRA_LEVELS = 2
COUNT_POINTS = 4001
# Parallel compute_table: the nodes are split into CHUNKS_PER_JOB chunks per process, at most MAX_JOBS processes.
CHUNKS_PER_JOB = 8
MAX_JOBS = 64
# Floor (units of W) of the symmetric splitting before its logarithm is interpolated.
DELTA0_FLOOR = 1e-300


def table_key(params):
    """Short hash of the table parameters and :data:`TABLE_VERSION`.

    Parameters
    ----------
    params : dict
        The full table parameters (``DEFAULT_TABLE`` with any overrides).

    Returns
    -------
    str
        16 hexadecimal digits of a SHA-256 of the JSON of the parameters and the version.
    """
    blob = json.dumps({"params": params, "version": TABLE_VERSION}, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def _xi_max(eta, E_cut):
    """Largest |xi| at which the global minimum still has harmonic spacing <= E_cut (with the margins above)."""
    y2 = (E_cut**2 / 2.0 - 2.0 * eta) / 12.0
    if y2 <= 0:
        return 0.0
    if eta < 0:
        y2 = min(y2, E_cut**2 / 16.0)
        if y2 < -eta / 2.0:
            return 0.0
    y = math.sqrt(y2)
    return XI_MAX_MARGIN * abs(2.0 * eta * y + 4.0 * y**3) + XI_MAX_PAD


def table_nodes(params=None):
    """Quadrature nodes (eta, xi >= 0) and weights of the uniform density P_s = 1 (both signs of xi).

    Parameters
    ----------
    params : dict, optional
        Overrides of ``DEFAULT_TABLE``.

    Returns
    -------
    ndarray, shape (K, 3)
        Rows (eta, xi, weight): eta and xi dimensionless, weight = 2 d(eta) d(xi) (the factor 2 counts
        xi < 0), so that sum(weight f) approximates int f d(eta) d(xi) per unit P_s.
    """
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
    """Number of levels so that E_n - E_0 > window * theta_max (semiclassical estimate), MIN_LEVELS..MAX_LEVELS."""
    mins = minima(eta, xi)
    vmin = mins[0][1]
    span = search_half_width(eta, xi, MAX_LEVELS)
    y = np.linspace(-span, span, COUNT_POINTS)
    n = semiclassical_count(potential(y, eta, xi), y[1] - y[0], vmin + p["window"] * p["theta_max"])[0]
    return int(min(max(math.ceil(n) + EXTRA_LEVELS, MIN_LEVELS), MAX_LEVELS))


def table_rows(nodes, p):
    """Levels of the table rows ``nodes`` with table parameters ``p``; :func:`compute_table` concatenates them.

    Parameters
    ----------
    nodes : ndarray, shape (K, 3)
        Rows (eta, xi, weight) as from :func:`table_nodes`.
    p : dict
        Full table parameters (``DEFAULT_TABLE`` with overrides).

    Returns
    -------
    tuple
        ``(levels, levels_lower_well, n_levels, double_well, tunnelling, asymmetry)``: levels arrays of
        shape (K, MAX_LEVELS) in units of W, padded with NaN (lower-well levels only for double wells with
        eta < ``eta_frozen_max``); ``n_levels`` int (K,); ``double_well`` and ``tunnelling`` (ground state
        below the barrier top) bool (K,); ``asymmetry`` (K,), units of W, the difference of the two
        harmonic ground-state energies (0 for single wells).
    """
    full = np.full((len(nodes), MAX_LEVELS), np.nan)
    lower = np.full((len(nodes), MAX_LEVELS), np.nan)
    nlev = np.zeros(len(nodes), dtype=int)
    dw = np.zeros(len(nodes), dtype=bool)
    tunnelling = np.zeros(len(nodes), dtype=bool)
    asym = np.zeros(len(nodes))
    for i, (eta, xi, _) in enumerate(nodes):
        n = _n_levels_for(eta, xi, p)
        nlev[i] = n
        e = levels(eta, xi, n, step=p["step"], decay=p["decay"], tol=EXACT_TOL)
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
    """Levels on the (eta, xi) nodes of :func:`table_nodes`; minutes on one core.

    Parameters
    ----------
    params : dict, optional
        Overrides of ``DEFAULT_TABLE``.
    n_jobs : int, optional
        Processes (joblib), 1-64; the result does not depend on it.

    Returns
    -------
    dict of ndarray
        ``eta``, ``xi``, ``weight`` (K,) of the nodes; the fields of :func:`table_rows`; ``eta_sym`` (J,)
        the distinct negative eta and ``delta0_sym`` (J,) their symmetric splittings (units of W);
        ``E_cut`` and ``theta_max`` (0-d, units of W).
    """
    p = dict(DEFAULT_TABLE, **(params or {}))
    require_int("n_jobs", n_jobs, 1, MAX_JOBS)
    nodes = table_nodes(p)
    if n_jobs == 1:
        parts = [table_rows(nodes, p)]
    else:
        from joblib import Parallel, delayed

        chunks = np.array_split(nodes, CHUNKS_PER_JOB * n_jobs)
        parts = Parallel(n_jobs=n_jobs)(delayed(table_rows)(c, p) for c in chunks)
    full, lower, nlev, dw, tunnelling, asym = (np.concatenate([q[k] for q in parts]) for k in range(6))
    eta_sym = np.unique(nodes[:, 0][nodes[:, 0] < 0])
    delta0_sym = np.array([symmetric_splitting(e) for e in eta_sym])
    return {
        "eta": nodes[:, 0],
        "xi": nodes[:, 1],
        "weight": nodes[:, 2],
        "n_levels": nlev,
        "levels": full,
        "levels_lower_well": lower,
        "double_well": dw,
        "tunnelling": tunnelling,
        "asymmetry": asym,
        "eta_sym": eta_sym,
        "delta0_sym": delta0_sym,
        "E_cut": np.array(p["E_cut"]),
        "theta_max": np.array(p["theta_max"]),
    }


def delta0_of(table, eta):
    """Symmetric tunnel splitting Delta_0(eta), interpolated in log between the table's ``eta_sym`` nodes.

    Parameters
    ----------
    table : dict
        A level table (:func:`compute_table`).
    eta : array_like
        Quadratic coefficients (dimensionless), any shape.

    Returns
    -------
    ndarray
        Delta_0 in units of W, same shape as ``eta``; inf where eta >= 0 (no double well).
    """
    eta = np.asarray(eta, dtype=float)
    es, ds = table["eta_sym"], table["delta0_sym"]
    out = np.exp(np.interp(eta, es, np.log(np.maximum(ds, DELTA0_FLOOR))))
    return np.where(eta < 0, out, np.inf)


CANARY_ROWS = 24
# A recompute with unchanged code repeats the same tridiagonal eigenproblems, so it agrees with the cache
# to LAPACK round-off (~1e-13 W on levels up to ~70 W). 1e-9 W is far below the discretisation error of
# the levels (Richardson-extrapolated second-order differences, ~1e-5 W), so any change of the solver shows.
CANARY_ATOL_W = 1e-9
TABLE_FIELDS = ("levels", "levels_lower_well", "n_levels", "double_well", "tunnelling", "asymmetry")


def cache_path(params=None):
    """Path of the cached table for ``params``.

    Parameters
    ----------
    params : dict, optional
        Overrides of ``DEFAULT_TABLE``.

    Returns
    -------
    pathlib.Path
        ``data/cache/spm_levels_<table_key>.npz``.
    """
    p = dict(DEFAULT_TABLE, **(params or {}))
    return CACHE / f"spm_levels_{table_key(p)}.npz"


def coarse_table_params():
    """The level-table parameters twice as coarse in eta and xi as ``DEFAULT_TABLE`` (the
    discretisation check of eqn (8)).

    Returns
    -------
    dict
        A full parameter dict: eta steps doubled, xi nodes per decade and linear xi nodes halved.
    """
    coarse = dict(DEFAULT_TABLE)
    coarse["eta_nodes"] = [[a, b, 2 * s] for a, b, s in DEFAULT_TABLE["eta_nodes"]]
    coarse["xi_per_decade"] = DEFAULT_TABLE["xi_per_decade"] // 2
    coarse["xi_linear_nodes"] = DEFAULT_TABLE["xi_linear_nodes"] // 2
    return coarse


def canary_indices(table, k=CANARY_ROWS):
    """``k`` row indices spread evenly over the table, half of them rows with lower-well levels.

    Parameters
    ----------
    table : dict
        A level table (:func:`compute_table`).
    k : int, optional
        Number of rows wanted.

    Returns
    -------
    ndarray of int, shape (<= k,)
        Distinct row indices, ascending.
    """
    n = table["eta"].size
    lower = np.flatnonzero(np.isfinite(table["levels_lower_well"][:, 0]))
    even = np.linspace(0, n - 1, k - k // 2).round().astype(int)
    extra = lower[np.linspace(0, lower.size - 1, k // 2).round().astype(int)] if lower.size else []
    return np.unique(np.concatenate([even, extra]).astype(int))


def stale_rows(table, params=None, k=CANARY_ROWS):
    """Recompute ``k`` rows of ``table`` from scratch and compare: the nodes to
    :data:`replicate.core.tolerance.ROUNDING_RTOL` relative, the levels to CANARY_ATOL_W, counts and flags
    exactly.

    Parameters
    ----------
    table : dict
        A level table, usually loaded from the cache.
    params : dict, optional
        Overrides of ``DEFAULT_TABLE`` the table was computed with.
    k : int, optional
        Number of canary rows.

    Returns
    -------
    list of str
        One line per differing field (empty: the cache is current).
    """
    p = dict(DEFAULT_TABLE, **(params or {}))
    idx = canary_indices(table, k)
    nodes = np.column_stack([table["eta"][idx], table["xi"][idx], table["weight"][idx]])
    expected = table_nodes(p)[idx]
    out = []
    # cross-platform rounding of the nodes (numpy's SIMD pow/log10): ROUNDING_RTOL, README "Tolerances"
    if nodes.shape != expected.shape or not np.allclose(nodes, expected, rtol=ROUNDING_RTOL, atol=0.0):
        out.append("the (eta, xi, weight) nodes differ from table_nodes")
    fresh = dict(zip(TABLE_FIELDS, table_rows(nodes, p)))
    for name in TABLE_FIELDS:
        new, old = np.asarray(fresh[name]), np.asarray(table[name])[idx]
        if new.dtype == bool or np.issubdtype(new.dtype, np.integer):
            same = np.array_equal(new, old)
        else:
            same = np.array_equal(np.isnan(new), np.isnan(old)) and np.allclose(
                new[~np.isnan(new)], old[~np.isnan(old)], rtol=0, atol=CANARY_ATOL_W
            )
        if not same:
            out.append(f"{name} of rows {idx.tolist()}")
    return out


def load_or_compute(params=None, n_jobs=1, recompute=False, check=True):
    """The level table, from the cache or computed and cached.

    On a cache hit the canary rows are recomputed (``check=True``) and a :class:`DataError` names the
    stale file when they differ.

    Parameters
    ----------
    params : dict, optional
        Overrides of ``DEFAULT_TABLE``.
    n_jobs : int, optional
        Processes for a cache miss.
    recompute : bool, optional
        Compute even when the table is cached.
    check : bool, optional
        Run the canary on a cache hit.

    Returns
    -------
    tuple
        ``(table, wall)``: the dict of :func:`compute_table` and the seconds spent computing it (0.0 on a hit).
    """
    path = cache_path(params)
    if path.exists() and not recompute:
        with np.load(path) as f:
            table = {k: f[k] for k in f.files}
        print(f"spm level table: cache hit {path.name}", file=sys.stderr)
        if check:
            bad = stale_rows(table, params)
            if bad:
                raise DataError(
                    f"level table {path} is stale: recomputing {CANARY_ROWS} rows with the current "
                    f"code changes {'; '.join(bad)[:200]}. Bump TABLE_VERSION in "
                    "replicate.theory.spm.table and run `python -m replicate.tools.spm_table` "
                    "(6-9 min), or `make all`"
                )
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
