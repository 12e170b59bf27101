"""Exact levels of H/W = -d^2/dy^2 + xi y + eta y^2 + y^4 by finite differences with Richardson
extrapolation, and the tunnel splitting of the symmetric double well (see the package docstring)."""

import math

import numpy as np
from scipy.linalg import eigh_tridiagonal

from ...core.errors import ParameterError, require_int, require_positive, require_range
from .hamiltonian import minima, potential, stationary_points

# WKB action of the symmetric well (y^2 - a^2)^2, a^2 = |eta|/2: int_{-a}^{a} (a^2 - y^2) dy = (4/3) a^3
WKB_ACTION = (4.0 / 3.0) / 2.0**1.5  # times |eta|^(3/2)


# --------------------------------------------------------------------------------------------------
# finite-difference levels


def fd_levels(V, h, n_levels, kinetic=1.0, tol=0.0):
    """Lowest ``n_levels`` eigenvalues of -kinetic d^2/dy^2 + V on a uniform grid (Dirichlet ends).

    ``V``: potential at the interior grid points, ``h``: grid step. Second order in h.
    """
    V = np.asarray(V, dtype=float)
    require_positive("h (grid step)", h)
    require_positive("kinetic (coefficient of -d^2/dy^2)", kinetic)
    require_int("n_levels", n_levels, 1, V.size)
    c = kinetic / (h * h)
    d = V + 2.0 * c
    e = np.full(V.size - 1, -c)
    return eigh_tridiagonal(d, e, eigvals_only=True, select="i", select_range=(0, n_levels - 1),
                            lapack_driver="stebz", tol=tol)


def semiclassical_count(Vg, h, E):
    """(1/pi) int sqrt(E - V) dy on a grid, for an array of energies E."""
    E = np.atleast_1d(E)
    return (h / math.pi) * np.sqrt(np.clip(E[:, None] - Vg[None, :], 0.0, None)).sum(axis=1)


def _box(eta, xi, n_levels, decay, lo_wall=None, hi_wall=None):
    """Return (y_lo, y_hi, V_min, E_top): box and estimated top level energy for n_levels levels."""
    mins = minima(eta, xi)
    vmin = mins[0][1]
    stat = stationary_points(eta, xi)
    span = float(np.max(np.abs(stat))) + 2.5 * (n_levels + 2.0) ** (1.0 / 3.0) + 2.0 * abs(eta) ** 0.5
    for _ in range(8):
        lo = -span if lo_wall is None else lo_wall
        hi = span if hi_wall is None else hi_wall
        yc = np.linspace(lo, hi, 6001)
        hc = yc[1] - yc[0]
        Vc = potential(yc, eta, xi)
        # E_top: smallest E with semiclassical count >= n_levels + 0.5 (bisection on a log ladder)
        a, b = vmin, vmin + 1.0
        while semiclassical_count(Vc, hc, b)[0] < n_levels + 0.5:
            b = vmin + 2.0 * (b - vmin)
        for _ in range(40):
            m = 0.5 * (a + b)
            if semiclassical_count(Vc, hc, m)[0] < n_levels + 0.5:
                a = m
            else:
                b = m
        E_top = b
        allowed = np.flatnonzero(Vc <= E_top)
        i0, i1 = allowed[0], allowed[-1]
        kappa = np.sqrt(np.clip(Vc - E_top, 0.0, None)) * hc
        ok = True
        if lo_wall is None:
            cum = np.cumsum(kappa[:i0 + 1][::-1])
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
        span *= 1.6
    raise ParameterError(f"could not fit a box for eta={eta}, xi={xi}, n_levels={n_levels}")


def levels(eta, xi, n_levels=8, step=0.25, decay=14.0, richardson=True, tol=0.0, wall=None):
    """Lowest ``n_levels`` levels of H/W = -d^2/dy^2 + xi y + eta y^2 + y^4 (units of W).

    ``step``: h sqrt(E_top - V_min), the grid step in units of the shortest local wavelength / 2 pi;
    ``decay``: decay exponent of the top level at the box ends; ``richardson``: combine steps h and h/2
    to O(h^4). ``wall``: None for the whole line, or ``"lower"`` to keep only the lower well of a double
    well (Dirichlet wall at the barrier top).
    """
    eta = require_range("eta", eta, -400.0, 400.0)
    xi = require_range("xi", xi, -1e5, 1e5)
    require_int("n_levels", n_levels, 1, 200)
    require_range("step", step, 0.0, 1.0, lo_open=True)
    require_range("decay", decay, 4.0, 60.0)
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
    h = step / math.sqrt(max(E_top - vmin, 1.0))
    n = int(math.ceil((y_hi - y_lo) / h))
    n = max(n, 2 * n_levels + 8)

    def solve(npts):
        y = np.linspace(y_lo, y_hi, npts + 1)[1:-1]
        return fd_levels(potential(y, eta, xi), (y_hi - y_lo) / npts, n_levels, tol=tol)

    e1 = solve(n)
    if not richardson:
        return e1
    e2 = solve(2 * n)
    return (4.0 * e2 - e1) / 3.0


def symmetric_splitting(eta, step=0.2):
    """Tunnel splitting Delta_0 = E_1 - E_0 of the symmetric well (xi = 0), units of W.

    Exact (finite differences, eigenvalues to machine precision) for eta >= -13; deeper, the
    instanton form Delta_0 = c |eta|^(5/4) exp(-WKB_ACTION |eta|^(3/2)) with c matched at eta = -13.
    """
    eta = require_range("eta", eta, -400.0, 400.0)
    if eta >= -13.0:
        e = levels(eta, 0.0, 2, step=step, tol=1e-300)
        return float(e[1] - e[0])
    d13 = symmetric_splitting(-13.0, step)
    c = d13 / (13.0**1.25 * math.exp(-WKB_ACTION * 13.0**1.5))
    return c * abs(eta) ** 1.25 * math.exp(-WKB_ACTION * abs(eta) ** 1.5)
