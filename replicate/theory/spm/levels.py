"""Exact levels of H/W = -d^2/dy^2 + xi y + eta y^2 + y^4 by finite differences with Richardson
extrapolation, and the tunnel splitting of the symmetric double well (see the package docstring)."""

import math

import numpy as np
from scipy.linalg import eigh_tridiagonal

from ...core.errors import ParameterError, require_int, require_positive, require_range
from .hamiltonian import minima, potential, stationary_points

__all__ = [
    "WKB_ACTION",
    "EXACT_TOL",
    "fd_levels",
    "semiclassical_count",
    "search_half_width",
    "levels",
    "symmetric_splitting",
]

# WKB action of the symmetric well (y^2 - a^2)^2, a^2 = |eta|/2: int_{-a}^{a} (a^2 - y^2) dy = (4/3) a^3
WKB_ACTION = (4.0 / 3.0) / 2.0**1.5  # times |eta|^(3/2)

# Absolute tolerance handed to LAPACK stebz: this small, the bisection runs to machine precision.
EXACT_TOL = 1e-300

# Accuracy of levels(): grid step in units of 1/sqrt(E_top - V_min) (the shortest local wavelength / 2 pi),
# and the WKB decay exponent of the highest level at each box end (dimensionless).
DEFAULT_STEP = 0.25
DEFAULT_DECAY = 14.0
DECAY_RANGE = (4.0, 60.0)  # allowed decay exponents
ETA_RANGE = (-400.0, 400.0)  # allowed eta (dimensionless)
XI_RANGE = (-1e5, 1e5)  # allowed xi (dimensionless)
MAX_N_LEVELS = 200  # most levels one call returns
MIN_EXTRA_POINTS = 8  # grid points beyond 2 n_levels that every grid has at least
MIN_E_RANGE = 1.0  # floor of E_top - V_min (units of W) in the grid step

# Box search of _box (lengths in units of L, dimensionless): the first half-width is the outermost
# stationary point + SPAN_PER_LEVEL (n_levels + 2)^(1/3) + SPAN_PER_SQRT_ETA |eta|^(1/2), grown by
# BOX_GROWTH up to BOX_ATTEMPTS times; E_top is found on a grid of COARSE_POINTS points by BISECTION_STEPS
# halvings, as the energy where the semiclassical count reaches n_levels + COUNT_MARGIN.
SPAN_PER_LEVEL = 2.5
SPAN_PER_SQRT_ETA = 2.0
BOX_GROWTH = 1.6
BOX_ATTEMPTS = 8
COARSE_POINTS = 6001
BISECTION_STEPS = 40
COUNT_MARGIN = 0.5

# symmetric_splitting: grid step (as ``step`` of levels()), the deepest eta (units: dimensionless) solved
# exactly, and the power of |eta| in the instanton prefactor, Delta_0 ~ |eta|^(5/4) exp(-WKB_ACTION |eta|^(3/2)).
SPLITTING_STEP = 0.2
ETA_EXACT_MIN = -13.0
INSTANTON_POWER = 1.25


# --------------------------------------------------------------------------------------------------
# finite-difference levels


def fd_levels(V, h, n_levels, kinetic=1.0, tol=0.0):
    """Lowest ``n_levels`` eigenvalues of -kinetic d^2/dy^2 + V on a uniform grid (Dirichlet ends).

    Second order in h: the second derivative is (psi_{i-1} - 2 psi_i + psi_{i+1}) / h^2.

    Parameters
    ----------
    V : array_like, shape (n,)
        Potential at the n interior grid points (any energy unit, units of W below).
    h : float
        Grid step (unit of y).
    n_levels : int
        Number of eigenvalues, 1 <= n_levels <= n.
    kinetic : float, optional
        Coefficient of -d^2/dy^2 (energy x length^2; 1 in units of W and L).
    tol : float, optional
        Absolute tolerance of the LAPACK bisection (0: LAPACK's default; :data:`EXACT_TOL`: machine precision).

    Returns
    -------
    ndarray, shape (n_levels,)
        The lowest eigenvalues, ascending, in the unit of ``V``.
    """
    V = np.asarray(V, dtype=float)
    require_positive("h (grid step)", h)
    require_positive("kinetic (coefficient of -d^2/dy^2)", kinetic)
    require_int("n_levels", n_levels, 1, V.size)
    c = kinetic / (h * h)
    d = V + 2.0 * c
    e = np.full(V.size - 1, -c)
    return eigh_tridiagonal(
        d, e, eigvals_only=True, select="i", select_range=(0, n_levels - 1), lapack_driver="stebz", tol=tol
    )


def semiclassical_count(Vg, h, E):
    """Semiclassical number of levels below E: (1/pi) int sqrt(E - V) dy on a grid (hbar = 1, mass 1/2).

    Parameters
    ----------
    Vg : ndarray, shape (n,)
        Potential on a uniform grid (units of W).
    h : float
        Grid step (units of L).
    E : float or array_like, shape (k,)
        Energies (units of W).

    Returns
    -------
    ndarray, shape (k,)
        The count at each energy (dimensionless; k = 1 for a scalar E).
    """
    E = np.atleast_1d(E)
    return (h / math.pi) * np.sqrt(np.clip(E[:, None] - Vg[None, :], 0.0, None)).sum(axis=1)


def search_half_width(eta, xi, n_levels):
    """First half-width of the box for ``n_levels`` levels: the outermost stationary point plus
    SPAN_PER_LEVEL (n_levels + 2)^(1/3) + SPAN_PER_SQRT_ETA |eta|^(1/2).

    Parameters
    ----------
    eta, xi : float
        Dimensionless coefficients of the potential.
    n_levels : int or float
        Number of levels the box must hold.

    Returns
    -------
    float
        Half-width (units of L), centred on y = 0.
    """
    stat = stationary_points(eta, xi)
    return (
        float(np.max(np.abs(stat)))
        + SPAN_PER_LEVEL * (n_levels + 2.0) ** (1.0 / 3.0)
        + SPAN_PER_SQRT_ETA * abs(eta) ** 0.5
    )


def _box(eta, xi, n_levels, decay, lo_wall=None, hi_wall=None):
    """Return (y_lo, y_hi, V_min, E_top): box and estimated top level energy for n_levels levels."""
    mins = minima(eta, xi)
    vmin = mins[0][1]
    span = search_half_width(eta, xi, n_levels)
    for _ in range(BOX_ATTEMPTS):
        lo = -span if lo_wall is None else lo_wall
        hi = span if hi_wall is None else hi_wall
        yc = np.linspace(lo, hi, COARSE_POINTS)
        hc = yc[1] - yc[0]
        Vc = potential(yc, eta, xi)
        # E_top: smallest E with semiclassical count >= n_levels + COUNT_MARGIN (bisection on a log ladder)
        a, b = vmin, vmin + 1.0
        while semiclassical_count(Vc, hc, b)[0] < n_levels + COUNT_MARGIN:
            b = vmin + 2.0 * (b - vmin)
        for _ in range(BISECTION_STEPS):
            m = 0.5 * (a + b)
            if semiclassical_count(Vc, hc, m)[0] < n_levels + COUNT_MARGIN:
                a = m
            else:
                b = m
        E_top = b
        allowed = np.flatnonzero(Vc <= E_top)
        i0, i1 = allowed[0], allowed[-1]
        kappa = np.sqrt(np.clip(Vc - E_top, 0.0, None)) * hc
        ok = True
        if lo_wall is None:
            cum = np.cumsum(kappa[: i0 + 1][::-1])
            j = np.searchsorted(cum, decay)
            if j >= cum.size:
                ok = False
            else:
                y_lo = yc[i0 - j]
        else:
            y_lo = lo_wall
        if hi_wall is None:
            cum = np.cumsum(kappa[i1:])
            j = np.searchsorted(cum, decay)
            if j >= cum.size:
                ok = False
            else:
                y_hi = yc[i1 + j]
        else:
            y_hi = hi_wall
        if ok:
            return y_lo, y_hi, vmin, E_top
        span *= BOX_GROWTH
    raise ParameterError(f"could not fit a box for eta={eta}, xi={xi}, n_levels={n_levels}")


def levels(eta, xi, n_levels=8, step=DEFAULT_STEP, decay=DEFAULT_DECAY, richardson=True, tol=0.0, wall=None):
    """Lowest ``n_levels`` levels of H/W = -d^2/dy^2 + xi y + eta y^2 + y^4 (units of W).

    Parameters
    ----------
    eta : float
        Quadratic coefficient, in [-400, 400] (dimensionless).
    xi : float
        Linear coefficient, in [-1e5, 1e5] (dimensionless).
    n_levels : int, optional
        Number of levels, 1-200.
    step : float, optional
        h sqrt(E_top - V_min), the grid step in units of the shortest local wavelength / 2 pi, in (0, 1].
    decay : float, optional
        Decay exponent int sqrt(V - E_top) dy of the top level at the box ends, in [4, 60].
    richardson : bool, optional
        Combine the steps h and h/2 to O(h^4) (else one grid, O(h^2)).
    tol : float, optional
        Absolute eigenvalue tolerance of the LAPACK bisection (see :func:`fd_levels`).
    wall : {None, "lower"}, optional
        None for the whole line, or ``"lower"`` to keep only the lower well of a double well (Dirichlet
        wall at the barrier top).

    Returns
    -------
    ndarray, shape (n_levels,)
        The levels E_0 < E_1 < ..., units of W.
    """
    eta = require_range("eta", eta, *ETA_RANGE)
    xi = require_range("xi", xi, *XI_RANGE)
    require_int("n_levels", n_levels, 1, MAX_N_LEVELS)
    require_range("step", step, 0.0, 1.0, lo_open=True)
    require_range("decay", decay, *DECAY_RANGE)
    lo_wall = hi_wall = None
    if wall is not None:
        if wall != "lower":
            raise ParameterError(f"wall must be None or 'lower', got {wall!r}")
        stat = stationary_points(eta, xi)
        if stat.size != 3:
            raise ParameterError(f"wall='lower' needs a double well; eta={eta}, xi={xi} has one minimum")
        y_low = minima(eta, xi)[0][0]
        if y_low > stat[1]:
            lo_wall = stat[1]
        else:
            hi_wall = stat[1]
    y_lo, y_hi, vmin, E_top = _box(eta, xi, n_levels, decay, lo_wall, hi_wall)
    h = step / math.sqrt(max(E_top - vmin, MIN_E_RANGE))
    n = int(math.ceil((y_hi - y_lo) / h))
    n = max(n, 2 * n_levels + MIN_EXTRA_POINTS)

    def solve(npts):
        y = np.linspace(y_lo, y_hi, npts + 1)[1:-1]
        return fd_levels(potential(y, eta, xi), (y_hi - y_lo) / npts, n_levels, tol=tol)

    e1 = solve(n)
    if not richardson:
        return e1
    e2 = solve(2 * n)
    return (4.0 * e2 - e1) / 3.0


def symmetric_splitting(eta, step=SPLITTING_STEP):
    """Tunnel splitting Delta_0 = E_1 - E_0 of the symmetric well (xi = 0), units of W.

    Exact (finite differences, eigenvalues to machine precision) for eta >= ETA_EXACT_MIN = -13; deeper,
    the instanton form Delta_0 = c |eta|^(5/4) exp(-WKB_ACTION |eta|^(3/2)) with c matched at ETA_EXACT_MIN.

    Parameters
    ----------
    eta : float
        Quadratic coefficient, in [-400, 400] (dimensionless).
    step : float, optional
        Grid step as in :func:`levels`.

    Returns
    -------
    float
        Delta_0, units of W.
    """
    eta = require_range("eta", eta, *ETA_RANGE)
    if eta >= ETA_EXACT_MIN:
        e = levels(eta, 0.0, 2, step=step, tol=EXACT_TOL)
        return float(e[1] - e[0])
    d_match = symmetric_splitting(ETA_EXACT_MIN, step)
    depth = -ETA_EXACT_MIN
    c = d_match / (depth**INSTANTON_POWER * math.exp(-WKB_ACTION * depth**1.5))
    return c * abs(eta) ** INSTANTON_POWER * math.exp(-WKB_ACTION * abs(eta) ** 1.5)
