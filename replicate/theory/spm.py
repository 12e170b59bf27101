"""Soft-potential model (SPM): exact levels of one soft mode, the distribution of its parameters, the
excess heat capacity with a one-phonon relaxation cutoff, and the density of excitations.

Rescaling of the single-mode Hamiltonian (from eqns 4-7)
---------------------------------------------------------
With the mode coordinate x of eqn (4) (dimensionless, A = x (N_s M a^2)^(1/2)) the kinetic energy is
(N_s M a^2/2) xdot^2, so the mode has the "mass" m = N_s M a^2 (kg m^2) and

    H = -(hbar^2 / 2m) d^2/dx^2 + eps_0 (xi_x x + eta x^2 + x^4),

eqn (5) plus the small linear asymmetry mentioned after it. Put x = L y. The kinetic term becomes
(hbar^2 / 2m L^2) d^2/dy^2 and the quartic term eps_0 L^4 y^4. Both equal one energy W when

    L^6 = hbar^2 / (2 m eps_0),     W = eps_0 L^4 = (hbar^2 / 2m)^(2/3) eps_0^(1/3),

which is eqn (7). Then

    H / W = -d^2/dy^2 + xi y + eta y^2 + y^4,     eta = eta_x (eps_0/W)^(1/2),  xi = xi_x (eps_0/W)^(3/4),

since L^2 = (W/eps_0)^(1/2). All energies below are in units of W, temperatures as theta = k_B T / W.
In these units hbar = 1 and the mode mass is 1/2: a harmonic well V = k y^2/2 has level spacing
sqrt(2 k), e.g. 2 sqrt(eta) for V = eta y^2.

Levels
------
A second-order finite-difference Hamiltonian on a uniform grid is tridiagonal; its lowest eigenvalues
come from ``scipy.linalg.eigh_tridiagonal(select='i')``. The box is set from the potential: a
semiclassical count (1/pi) int sqrt(E - V) dy fixes the energy E_top of the highest wanted level, the
box extends beyond both turning points of E_top until int sqrt(V - E_top) dy = ``decay``, and the grid
step is h = ``step`` / sqrt(E_top - V_min). The O(h^2) error is removed by Richardson extrapolation
from the steps h and h/2.

Distribution of (eta, xi)
-------------------------
The SPM literature states the "sea-gull" density P(eta', t) = P_s |eta'| for the potential written
around one of its minima, eta' y^2 + t y^3 + y^4 (Il'in, Karpov, Parshin, Sov. Phys. JETP 65, 165
(1987); Galperin, Karpov, Kozub, Adv. Phys. 38, 669 (1989), doi:10.1080/00018738900101162): it is the
smooth density of the coefficients times the Jacobian |V''| of the condition V'(0) = 0. Moving the
origin to the inflection-symmetric point (no cubic term) gives our form xi y + eta y^2 + y^4 with

    eta = eta' - 3 t^2 / 8,    xi = t^3 / 8 - eta' t / 2,    |d(xi, eta) / d(eta', t)| = |eta'| / 2,

so the sea-gull density is *uniform* in (eta, xi): P(eta, xi) = P_s (Kikas and Rebane, Proc. Estonian
Acad. Sci. (2014), pp. 33-36, state the same). A density |eta| in the linear parametrisation would instead
give g(omega) ~ omega^6 for the soft vibrations. With the uniform density the harmonic limit is exact:
the lowest excitation of the global minimum has the density g(E) = P_s E^4 / 8 (E in units of W, both
signs of xi), derived in :func:`harmonic_dos`; the tests check that the exact levels approach it.

Relaxation cutoff
-----------------
A tunnelling system with tunnel splitting Delta_0 and energy E relaxes by one-phonon processes at the
rate (Jaeckle, Z. Phys. 257, 212 (1972); Phillips, Rep. Prog. Phys. 50, 1657 (1987))

    1/tau = K_3 Delta_0^2 E coth(E / 2 k_B T),   K_3 = (gamma_l^2 / v_l^5 + 2 gamma_t^2 / v_t^5) / (2 pi rho hbar^4).

In units of W, t_meas / tau = R d0^2 e coth(e / 2 theta) with the single dimensionless number
R = K_3 W^3 t_meas. A double well equilibrates between its wells during a measurement of length t_meas
with probability f = 1 - exp(-t_meas / tau) (Black, PRB 17, 2740 (1978)); otherwise it stays in the well
it froze into, taken to be the lower one, and only its intra-well levels (Dirichlet wall at the barrier
top) contribute. Delta_0 is the splitting of the symmetric well with the same eta.
"""

import hashlib
import json
import math

import numpy as np
from scipy import constants as C
from scipy.linalg import eigh_tridiagonal

from ..errors import ParameterError, require_finite, require_int, require_positive, require_range

# WKB action of the symmetric well (y^2 - a^2)^2, a^2 = |eta|/2: int_{-a}^{a} (a^2 - y^2) dy = (4/3) a^3
WKB_ACTION = (4.0 / 3.0) / 2.0**1.5  # times |eta|^(3/2)


# --------------------------------------------------------------------------------------------------
# rescaling (eqns 4-7)


def crossover_energy(mode_mass, eps0, hbar=C.hbar):
    """W = (hbar^2 / 2m)^(2/3) eps_0^(1/3) of eqn (7); mode mass m = N_s M a^2, all in one unit system."""
    require_positive("mode_mass (N_s M a^2)", mode_mass)
    require_positive("eps0 (eps_0)", eps0)
    require_positive("hbar", hbar)
    return (hbar**2 / (2.0 * mode_mass)) ** (2.0 / 3.0) * eps0 ** (1.0 / 3.0)


def length_scale(mode_mass, eps0, hbar=C.hbar):
    """L with x = L y: L^6 = hbar^2 / (2 m eps_0) (dimensionless, like x)."""
    require_positive("mode_mass (N_s M a^2)", mode_mass)
    require_positive("eps0 (eps_0)", eps0)
    return (hbar**2 / (2.0 * mode_mass * eps0)) ** (1.0 / 6.0)


def reduced_parameters(eta_x, xi_x, mode_mass, eps0, hbar=C.hbar):
    """(eta, xi) of H/W from the coefficients of eps_0 (xi_x x + eta_x x^2 + x^4)."""
    require_finite("eta_x", eta_x)
    require_finite("xi_x", xi_x)
    L = length_scale(mode_mass, eps0, hbar)
    return eta_x / L**2, xi_x / L**3


# --------------------------------------------------------------------------------------------------
# the potential


def potential(y, eta, xi):
    """V(y)/W = xi y + eta y^2 + y^4."""
    y = np.asarray(y, dtype=float)
    return xi * y + eta * y * y + y**4


def stationary_points(eta, xi):
    """Real roots of V'(y) = 4 y^3 + 2 eta y + xi, sorted (one or three)."""
    eta = require_finite("eta", eta)
    xi = require_finite("xi", xi)
    r = np.roots([4.0, 0.0, 2.0 * eta, xi])
    real = np.sort(r[np.abs(r.imag) <= 1e-9 * (1.0 + np.abs(r.real))].real)
    return real


def minima(eta, xi):
    """Local minima of V as ``[(y, V, V''), ...]`` sorted by V (global first)."""
    out = []
    for y in stationary_points(eta, xi):
        curv = 12.0 * y * y + 2.0 * eta
        if curv > 0:
            out.append((float(y), float(potential(y, eta, xi)), float(curv)))
    if not out:  # degenerate inflection (eta = xi = 0): the quartic minimum at 0
        out.append((0.0, 0.0, 0.0))
    return sorted(out, key=lambda m: m[1])


def minima_arrays(eta, xi):
    """Vectorised: (y_low, V_low, curv_low, y_up, V_up, curv_up, V_barrier) for arrays eta, xi.

    ``low`` is the global minimum; ``up`` the other minimum and ``V_barrier`` the maximum between
    them (NaN where there is one minimum).
    """
    eta = np.atleast_1d(np.asarray(eta, dtype=float))
    xi = np.atleast_1d(np.asarray(xi, dtype=float))
    n = eta.size
    comp = np.zeros((n, 3, 3))  # companion matrix of y^3 + (eta/2) y + xi/4
    comp[:, 1, 0] = comp[:, 2, 1] = 1.0
    comp[:, 0, 2] = -xi / 4.0
    comp[:, 1, 2] = -eta / 2.0
    r = np.linalg.eigvals(comp)
    three = np.all(np.abs(r.imag) <= 1e-9 * (1.0 + np.abs(r.real)), axis=1)
    rr = np.sort(np.where(np.abs(r.imag) <= 1e-9 * (1.0 + np.abs(r.real)), r.real, np.nan), axis=1)
    V = xi[:, None] * rr + eta[:, None] * rr**2 + rr**4
    curv = 12.0 * rr**2 + 2.0 * eta[:, None]
    # one minimum: the single real root; three: outer roots are minima, middle is the barrier
    single = np.where(np.isnan(rr[:, 0]), rr[:, 1], rr[:, 0])
    single = np.where(np.isnan(single), rr[:, 2], single)
    i_low = np.where(V[:, 0] <= V[:, 2], 0, 2)
    i_up = 2 - i_low
    idx = np.arange(n)
    y_low = np.where(three, rr[idx, i_low], single)
    V_low = xi * y_low + eta * y_low**2 + y_low**4
    c_low = 12.0 * y_low**2 + 2.0 * eta
    nan = np.full(n, np.nan)
    y_up = np.where(three, rr[idx, i_up], nan)
    return (y_low, V_low, c_low, y_up, np.where(three, V[idx, i_up], nan), np.where(three, curv[idx, i_up], nan),
            np.where(three, V[:, 1], nan))


def is_double_well(eta, xi):
    """True if V has two minima."""
    return len(minima(eta, xi)) == 2


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


def _semiclassical_count(Vg, h, E):
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
        while _semiclassical_count(Vc, hc, b)[0] < n_levels + 0.5:
            b = vmin + 2.0 * (b - vmin)
        for _ in range(40):
            m = 0.5 * (a + b)
            if _semiclassical_count(Vc, hc, m)[0] < n_levels + 0.5:
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


# --------------------------------------------------------------------------------------------------
# thermodynamics of one potential


def heat_capacity_from_levels(E, theta):
    """C/k_B of level sets ``E`` (shape (..., n), units of W) at theta = k_B T / W (shape (m,)).

    Returns shape (..., m): the variance of the energy over theta^2, from the Boltzmann weights.
    """
    E = np.asarray(E, dtype=float)
    theta = np.atleast_1d(require_positive("theta (k_B T / W)", theta))
    x = (E - E.min(axis=-1, keepdims=True))[..., None, :] / theta[:, None]  # (..., m, n)
    w = np.exp(-x)
    z = w.sum(axis=-1)
    m1 = (w * x).sum(axis=-1) / z
    m2 = (w * x * x).sum(axis=-1) / z
    return m2 - m1 * m1


def schottky(E, theta):
    """C/k_B of a two-level system with splitting E at theta: (E/theta)^2 / (4 cosh^2(E/2 theta))."""
    E = np.asarray(E, dtype=float)
    theta = require_positive("theta (k_B T / W)", theta)
    x = E / theta
    return x * x / (4.0 * np.cosh(0.5 * np.clip(x, 0, 1400)) ** 2)


def einstein(E, theta):
    """C/k_B of a harmonic oscillator with spacing E at theta."""
    E = np.asarray(E, dtype=float)
    theta = require_positive("theta (k_B T / W)", theta)
    x = np.clip(E / theta, 1e-12, 1400)
    return x * x * np.exp(-x) / (-np.expm1(-x)) ** 2


def relaxation_ratio(R, delta0, E, theta):
    """t_meas / tau = R d0^2 e coth(e / 2 theta) (one-phonon process, units of W; R = K_3 W^3 t_meas)."""
    require_positive("R (K_3 W^3 t_meas)", R)
    theta = require_positive("theta (k_B T / W)", theta)
    E = np.maximum(np.asarray(E, dtype=float), 1e-300)
    x = np.clip(E / (2.0 * theta), 1e-300, 700)
    return R * np.asarray(delta0) ** 2 * E / np.tanh(x)


def relaxation_prefactor(rho, v_l, v_t, gamma_l, gamma_t):
    """K_3 = (gamma_l^2/v_l^5 + 2 gamma_t^2/v_t^5) / (2 pi rho hbar^4) in J^-3 s^-1 (SI inputs, gamma in J)."""
    for name, v in (("rho (kg/m^3)", rho), ("v_l (m/s)", v_l), ("v_t (m/s)", v_t),
                    ("gamma_l (J)", gamma_l), ("gamma_t (J)", gamma_t)):
        require_positive(name, v)
    return (gamma_l**2 / v_l**5 + 2.0 * gamma_t**2 / v_t**5) / (2.0 * math.pi * rho * C.hbar**4)


def harmonic_dos(E):
    """Harmonic limit of the density of lowest excitations per unit P_s: g(E) = E^4 / 8 (units of W).

    Parametrise the potentials by eta and the position y_m of the global minimum: xi = -2 eta y_m - 4 y_m^3,
    d xi = V''(y_m) d y_m, and the spacing is E = sqrt(2 V''(y_m)). At fixed y_m, d eta = E dE / 2, so
    g(E) = (E^2/2)(E/2) x (length of the allowed y_m interval). y_m is the global minimum for
    eta > 0 always and for eta < 0 iff y_m^2 >= |eta|/2; with 2 eta = E^2/2 - 12 y_m^2 this is
    y_m^2 <= E^2/16 in both cases, an interval of length E/2. Hence g = E^4/8.
    """
    E = np.asarray(E, dtype=float)
    return E**4 / 8.0


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
    n = _semiclassical_count(potential(y, eta, xi), y[1] - y[0], vmin + p["window"] * p["theta_max"])[0]
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


# --------------------------------------------------------------------------------------------------
# heat capacity and density of states from the table


def _cell_heat_capacity(levels_arr, theta):
    C = np.zeros((levels_arr.shape[0], theta.size))
    for s in range(0, levels_arr.shape[0], 1000):
        blk = levels_arr[s:s + 1000]
        blk = np.where(np.isnan(blk), np.inf, blk)
        E0 = blk[:, :1]
        x = (blk - E0)[:, None, :] / theta[None, :, None]
        w = np.exp(-x)
        w = np.where(np.isfinite(x), w, 0.0)
        xs = np.where(np.isfinite(x), x, 0.0)
        z = w.sum(axis=-1)
        m1 = (w * xs).sum(axis=-1) / z
        m2 = (w * xs * xs).sum(axis=-1) / z
        C[s:s + 1000] = m2 - m1 * m1
    return C


def tail_heat_capacity(theta, E_cut):
    """C/k_B per unit P_s of the harmonic soft vibrations above E_cut: int_{E_cut}^inf E^4/8 C_E dE."""
    theta = np.atleast_1d(theta)
    E = np.geomspace(E_cut, E_cut + 80.0 * theta.max() + 50.0, 4000)
    integrand = harmonic_dos(E)[None, :] * einstein(E[None, :], theta[:, None])
    return np.trapezoid(integrand, E, axis=1)


def heat_capacity_parts(table, theta):
    """The R-independent pieces of the excess heat capacity at theta (per unit P_s).

    Returns a dict: ``theta``; ``tunnelling`` and ``vibration`` (C/k_B summed over cells whose ground
    state lies below / not below a barrier top, every double well equilibrated); ``tail`` (harmonic
    E^4/8 above E_cut); and, for the double wells that can freeze, their weights, symmetric splitting,
    TLS energy and C_lower_well - C_full, which :func:`heat_capacity_total` combines with R.
    """
    theta = np.atleast_1d(require_positive("theta (k_B T / W)", theta)).astype(float)
    if theta.max() > float(table["theta_max"]) * 1.0001:
        raise ParameterError(f"theta must be <= the table's theta_max = {float(table['theta_max'])}, "
                             f"got {theta.max()}")
    E_cut = float(table["E_cut"])
    lev = table["levels"]
    keep = (lev[:, 1] - lev[:, 0]) <= E_cut
    w = table["weight"] * keep
    C_full = _cell_heat_capacity(lev, theta)
    tun = table["tunnelling"].astype(bool)
    frz = keep & np.isfinite(table["levels_lower_well"][:, 0]) & tun
    idx = np.flatnonzero(frz)
    d0 = delta0_of(table, table["eta"][idx])
    _, _, c_low, _, V_up, c_up, V_bar = minima_arrays(table["eta"][idx], table["xi"][idx])
    return {
        "theta": theta,
        "tunnelling": (w[tun, None] * C_full[tun]).sum(axis=0),
        "vibration": (w[~tun, None] * C_full[~tun]).sum(axis=0),
        "tail": tail_heat_capacity(theta, E_cut),
        "frozen_weight": w[idx],
        "frozen_delta0": d0,
        "frozen_E": np.sqrt(table["asymmetry"][idx] ** 2 + d0**2),
        "frozen_dC": _cell_heat_capacity(table["levels_lower_well"][idx], theta) - C_full[idx],
        # thermally activated hopping out of the upper well (sensitivity only): barrier above the
        # upper ground state and the attempt frequency sqrt(2 V'')/(2 pi) (units of W/hbar)
        "frozen_barrier": np.maximum(V_bar - V_up - 0.5 * np.sqrt(2.0 * np.maximum(c_up, 0.0)), 0.0),
        "frozen_attempt": np.sqrt(2.0 * np.maximum(c_up, 0.0)) / (2.0 * math.pi),
    }


def heat_capacity_total(parts, R, P_s=1.0, split=False, activation=None):
    """Excess C/k_B from :func:`heat_capacity_parts` for the relaxation parameter R = K_3 W^3 t_meas.

    Frozen double wells (probability exp(-t_meas/tau)) count with their lower-well levels only.
    ``R = np.inf``: every double well equilibrates. ``split=True`` also returns
    ``{"tunnelling", "vibration"}`` where the frozen correction is booked under tunnelling.
    ``activation`` = t_meas W / hbar adds classical hopping over the barrier,
    t_meas/tau_act = activation nu_attempt exp(-V_b / theta) (not part of the one-phonon cutoff).
    """
    require_positive("P_s (overall density)", P_s)
    theta = parts["theta"]
    if R == np.inf:
        corr = np.zeros_like(theta)
    else:
        require_positive("R (K_3 W^3 t_meas)", R)
        ratio = np.stack([relaxation_ratio(R, parts["frozen_delta0"], parts["frozen_E"], th) for th in theta], axis=1)
        if activation is not None:
            require_positive("activation (t_meas W / hbar)", activation)
            ratio = ratio + activation * parts["frozen_attempt"][:, None] * np.exp(
                -parts["frozen_barrier"][:, None] / theta[None, :])
        corr = (parts["frozen_weight"][:, None] * np.exp(-ratio) * parts["frozen_dC"]).sum(axis=0)
    tun = parts["tunnelling"] + corr
    vib = parts["vibration"] + parts["tail"]
    total = P_s * (tun + vib)
    if split:
        return total, {"tunnelling": P_s * tun, "vibration": P_s * vib}
    return total


def excess_heat_capacity(table, theta, R, P_s=1.0):
    """Excess C/k_B of the SPM at theta = k_B T / W (uniform (eta, xi) density P_s, units of W).

    ``R`` = K_3 W^3 t_meas sets the relaxation cutoff (``np.inf``: every double well equilibrates).
    Cells whose lowest excitation exceeds the table's E_cut are replaced by the harmonic E^4/8 tail.
    """
    return heat_capacity_total(heat_capacity_parts(table, theta), R, P_s)


def minimum_of_c_over_t3(theta, C):
    """theta* at the minimum of C/theta^3 (parabola through the three grid points around the minimum in log)."""
    theta = np.asarray(theta, dtype=float)
    y = np.log(np.asarray(C, dtype=float) / theta**3)
    i = int(np.argmin(y))
    if i == 0 or i == len(y) - 1:
        raise ParameterError("the minimum of C/T^3 lies at the edge of the theta grid; widen it")
    x = np.log(theta[i - 1:i + 2])
    a, b, _ = np.polyfit(x, y[i - 1:i + 2], 2)
    return float(math.exp(-b / (2 * a)))


def theta_star(parts, R, P_s=1.0, activation=None):
    """theta* = k_B T*/W at the minimum of C/T^3 for the relaxation parameter R (parts on a fine grid)."""
    return minimum_of_c_over_t3(parts["theta"], heat_capacity_total(parts, R, P_s, activation=activation))


def density_of_excitations(table, E_edges, R=None, theta_freeze=None):
    """Density of lowest excitations per unit P_s, split into tunnelling states and vibrations.

    Tunnelling states: double wells whose ground state lies below the barrier top and whose
    asymmetry is smaller than the vibrational spacing of the lower well (so E_1 - E_0 is the
    tunnelling doublet). With ``R`` given, tunnelling states that do not relax within t_meas at
    ``theta_freeze`` are dropped and count with their intra-well excitation instead.
    Returns (E_centres, g_tunnelling, g_vibration) per unit energy (units of W).
    """
    E_edges = np.asarray(E_edges, dtype=float)
    lev = table["levels"]
    exc = lev[:, 1] - lev[:, 0]
    w = table["weight"]
    _, _, c_low, _, _, _, _ = minima_arrays(table["eta"], table["xi"])
    tun = table["tunnelling"].astype(bool) & (np.abs(table["asymmetry"]) < np.sqrt(2.0 * np.maximum(c_low, 0.0)))
    vib_exc = exc
    if R is not None:
        if theta_freeze is None:
            raise ParameterError("theta_freeze is needed with R")
        low = table["levels_lower_well"]
        has_low = np.isfinite(low[:, 1])
        d0 = np.where(table["eta"] < 0, delta0_of(table, table["eta"]), 0.0)
        E_tls = np.sqrt(table["asymmetry"] ** 2 + d0**2)
        frozen = tun & has_low & (relaxation_ratio(R, d0, E_tls, theta_freeze) < 1.0)
        vib_exc = np.where(frozen, low[:, 1] - low[:, 0], exc)
        tun = tun & ~frozen
    g_t, _ = np.histogram(exc[tun], E_edges, weights=w[tun])
    g_v, _ = np.histogram(vib_exc[~tun], E_edges, weights=w[~tun])
    width = np.diff(E_edges)
    centres = np.sqrt(E_edges[:-1] * E_edges[1:]) if E_edges[0] > 0 else 0.5 * (E_edges[:-1] + E_edges[1:])
    return centres, g_t / width, g_v / width
