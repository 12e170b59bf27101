"""Heat capacity, one-phonon relaxation and density of excitations of the soft-potential model, from
the level table (units of W; see the package docstring for the relaxation cutoff)."""

import math

import numpy as np
from scipy import constants as C

from ...core.errors import ParameterError, require_positive
from .hamiltonian import minima_arrays
from .table import delta0_of

__all__ = [
    "heat_capacity_from_levels",
    "schottky",
    "einstein",
    "relaxation_ratio",
    "relaxation_prefactor",
    "harmonic_dos",
    "tail_heat_capacity",
    "heat_capacity_parts",
    "heat_capacity_total",
    "minimum_of_c_over_t3",
    "theta_star",
    "density_of_excitations",
]

# Largest x = E / theta kept in the closed forms (dimensionless): exp(-1400) underflows to 0 while
# cosh(1400 / 2) is still finite, so the C/k_B of such levels is exactly 0 without overflow warnings.
X_MAX = 1400.0
# Smallest x = E / theta in the Einstein form: avoids 0/0 at E = 0 (C/k_B -> 1 there).
X_MIN = 1e-12
# relaxation_ratio: floor of E (units of W) and of e / 2 theta, and the largest e / 2 theta passed to tanh
# (coth = 1 to double precision long before).
TINY = 1e-300
COTH_X_MAX = 700.0
# Table rows per block in the heat capacity of the table (bounds memory to BLOCK_ROWS x theta.size x 24 floats).
BLOCK_ROWS = 1000
# tail_heat_capacity: quadrature points (geometric) from E_cut to E_cut + TAIL_SPAN_THETA theta_max +
# TAIL_SPAN_W (units of W), where the Einstein C/k_B has fallen below exp(-80).
TAIL_POINTS = 4000
TAIL_SPAN_THETA = 80.0
TAIL_SPAN_W = 50.0
# heat_capacity_parts accepts theta up to the table's theta_max times this (round-off slack).
THETA_MAX_SLACK = 1.0001

# --------------------------------------------------------------------------------------------------
# thermodynamics of one potential


def heat_capacity_from_levels(E, theta, zero=None):
    """C/k_B = (<E^2> - <E>^2) / theta^2 of level sets ``E`` in the Boltzmann weights at theta = k_B T / W.

    The single implementation of the heat capacity of a finite set of levels (the table's rows use it
    too); NaN entries are padding and do not count.

    Parameters
    ----------
    E : array_like, shape (..., n)
        Levels, units of W (NaN: absent level).
    theta : float or array_like, shape (m,)
        k_B T / W, positive.
    zero : array_like, shape (..., 1), optional
        Energy zero of the Boltzmann factors, units of W; default the lowest level. The result does not
        depend on it beyond round-off.

    Returns
    -------
    ndarray, shape (..., m)
        C/k_B (dimensionless).
    """
    E = np.asarray(E, dtype=float)
    theta = np.atleast_1d(require_positive("theta (k_B T / W)", theta))
    E = np.where(np.isnan(E), np.inf, E)
    if zero is None:
        zero = E.min(axis=-1, keepdims=True)
    x = (E - zero)[..., None, :] / theta[:, None]  # (..., m, n)
    finite = np.isfinite(x)
    w = np.where(finite, np.exp(-x), 0.0)
    x = np.where(finite, x, 0.0)
    z = w.sum(axis=-1)
    m1 = (w * x).sum(axis=-1) / z
    m2 = (w * x * x).sum(axis=-1) / z
    return m2 - m1 * m1


def schottky(E, theta):
    """C/k_B of a two-level system with splitting E at theta: (E/theta)^2 / (4 cosh^2(E/2 theta)).

    Closed form, not :func:`heat_capacity_from_levels`: it broadcasts E against theta and its rounding
    differs (agreement to 1e-12 relative is tested).

    Parameters
    ----------
    E : array_like
        Splitting, units of W.
    theta : float or array_like
        k_B T / W, positive; broadcast against ``E``.

    Returns
    -------
    ndarray
        C/k_B (dimensionless), the broadcast shape of E and theta.
    """
    E = np.asarray(E, dtype=float)
    theta = require_positive("theta (k_B T / W)", theta)
    x = E / theta
    return x * x / (4.0 * np.cosh(0.5 * np.clip(x, 0, X_MAX)) ** 2)


def einstein(E, theta):
    """C/k_B of a harmonic oscillator with spacing E at theta: x^2 e^-x / (1 - e^-x)^2, x = E/theta.

    Closed form, not :func:`heat_capacity_from_levels`: the ladder is infinite (no truncation), and
    E broadcasts against theta.

    Parameters
    ----------
    E : array_like
        Level spacing, units of W.
    theta : float or array_like
        k_B T / W, positive; broadcast against ``E``.

    Returns
    -------
    ndarray
        C/k_B (dimensionless), the broadcast shape of E and theta.
    """
    E = np.asarray(E, dtype=float)
    theta = require_positive("theta (k_B T / W)", theta)
    x = np.clip(E / theta, X_MIN, X_MAX)
    return x * x * np.exp(-x) / (-np.expm1(-x)) ** 2


def relaxation_ratio(R, delta0, E, theta):
    """t_meas / tau = R d0^2 e coth(e / 2 theta) (one-phonon process, units of W; R = K_3 W^3 t_meas).

    Parameters
    ----------
    R : float
        K_3 W^3 t_meas (dimensionless), positive.
    delta0 : array_like
        Tunnel splitting Delta_0 / W.
    E : array_like
        TLS energy e = (Delta^2 + Delta_0^2)^(1/2) / W, broadcast against ``delta0``.
    theta : float
        k_B T / W, positive.

    Returns
    -------
    ndarray
        t_meas / tau (dimensionless), the broadcast shape of delta0 and E.
    """
    require_positive("R (K_3 W^3 t_meas)", R)
    theta = require_positive("theta (k_B T / W)", theta)
    E = np.maximum(np.asarray(E, dtype=float), TINY)
    x = np.clip(E / (2.0 * theta), TINY, COTH_X_MAX)
    return R * np.asarray(delta0) ** 2 * E / np.tanh(x)


def relaxation_prefactor(rho, v_l, v_t, gamma_l, gamma_t):
    """K_3 = (gamma_l^2/v_l^5 + 2 gamma_t^2/v_t^5) / (2 pi rho hbar^4) in J^-3 s^-1 (SI inputs, gamma in J).

    Parameters
    ----------
    rho : float
        Mass density, kg/m^3.
    v_l, v_t : float
        Longitudinal and transverse sound velocities, m/s.
    gamma_l, gamma_t : float
        Deformation potentials, J.

    Returns
    -------
    float
        K_3, J^-3 s^-1.
    """
    for name, v in (
        ("rho (kg/m^3)", rho),
        ("v_l (m/s)", v_l),
        ("v_t (m/s)", v_t),
        ("gamma_l (J)", gamma_l),
        ("gamma_t (J)", gamma_t),
    ):
        require_positive(name, v)
    return (gamma_l**2 / v_l**5 + 2.0 * gamma_t**2 / v_t**5) / (2.0 * math.pi * rho * C.hbar**4)


def harmonic_dos(E):
    """Harmonic limit of the density of lowest excitations per unit P_s: g(E) = E^4 / 8 (units of W).

    Parametrise the potentials by eta and the position y_m of the global minimum: xi = -2 eta y_m - 4 y_m^3,
    d xi = V''(y_m) d y_m, and the spacing is E = sqrt(2 V''(y_m)). At fixed y_m, d eta = E dE / 2, so
    g(E) = (E^2/2)(E/2) x (length of the allowed y_m interval). y_m is the global minimum for
    eta > 0 always and for eta < 0 iff y_m^2 >= |eta|/2; with 2 eta = E^2/2 - 12 y_m^2 this is
    y_m^2 <= E^2/16 in both cases, an interval of length E/2. Hence g = E^4/8.

    Parameters
    ----------
    E : array_like
        Excitation energy, units of W.

    Returns
    -------
    ndarray
        g(E) per unit P_s (units of W^-1 per unit area of (eta, xi)), shape of ``E``.
    """
    E = np.asarray(E, dtype=float)
    return E**4 / 8.0


# --------------------------------------------------------------------------------------------------
# heat capacity and density of states from the table


def _cell_heat_capacity(levels_arr, theta):
    """:func:`heat_capacity_from_levels` of the (K, n) table rows, BLOCK_ROWS rows at a time: (K, m).

    Energies are counted from each row's computed ground state (column 0), which in a deep symmetric
    well can lie above E_1 by round-off.
    """
    C = np.zeros((levels_arr.shape[0], theta.size))
    for s in range(0, levels_arr.shape[0], BLOCK_ROWS):
        blk = levels_arr[s : s + BLOCK_ROWS]
        C[s : s + BLOCK_ROWS] = heat_capacity_from_levels(blk, theta, zero=blk[:, :1])
    return C


def tail_heat_capacity(theta, E_cut):
    """C/k_B per unit P_s of the harmonic soft vibrations above E_cut: int_{E_cut}^inf E^4/8 C_E dE.

    Parameters
    ----------
    theta : float or array_like, shape (m,)
        k_B T / W.
    E_cut : float
        Lower end of the tail, units of W.

    Returns
    -------
    ndarray, shape (m,)
        C/k_B per unit P_s (trapezoidal rule on TAIL_POINTS geometric points).
    """
    theta = np.atleast_1d(theta)
    E = np.geomspace(E_cut, E_cut + TAIL_SPAN_THETA * theta.max() + TAIL_SPAN_W, TAIL_POINTS)
    integrand = harmonic_dos(E)[None, :] * einstein(E[None, :], theta[:, None])
    return np.trapezoid(integrand, E, axis=1)


def heat_capacity_parts(table, theta):
    """The R-independent pieces of the excess heat capacity at theta (per unit P_s).

    Returns a dict: ``theta``; ``tunnelling`` and ``vibration`` (C/k_B summed over cells whose ground
    state lies below / not below a barrier top, every double well equilibrated); ``tail`` (harmonic
    E^4/8 above E_cut); and, for the double wells that can freeze, their weights, symmetric splitting,
    TLS energy and C_lower_well - C_full, which :func:`heat_capacity_total` combines with R.

    Parameters
    ----------
    table : dict
        A level table (:func:`replicate.theory.spm.table.compute_table`).
    theta : float or array_like, shape (m,)
        k_B T / W, positive, at most the table's ``theta_max``.

    Returns
    -------
    dict
        ``theta`` (m,); ``tunnelling``, ``vibration``, ``tail`` (m,), C/k_B per unit P_s; for the F
        double wells that can freeze: ``frozen_weight`` (F,) (area of (eta, xi)), ``frozen_delta0`` and
        ``frozen_E`` (F,) (units of W), ``frozen_dC`` (F, m) (C/k_B), ``frozen_barrier`` (F,) (units of W)
        and ``frozen_attempt`` (F,) (units of W/hbar).
    """
    theta = np.atleast_1d(require_positive("theta (k_B T / W)", theta)).astype(float)
    if theta.max() > float(table["theta_max"]) * THETA_MAX_SLACK:
        raise ParameterError(f"theta must be <= the table's theta_max = {float(table['theta_max'])}, got {theta.max()}")
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

    Parameters
    ----------
    parts : dict
        The result of :func:`heat_capacity_parts` on m temperatures.
    R : float
        K_3 W^3 t_meas (dimensionless), positive, or ``np.inf``.
    P_s : float, optional
        Density of (eta, xi), per unit area of (eta, xi).
    split : bool, optional
        Also return the tunnelling / vibration split.
    activation : float, optional
        t_meas W / hbar (dimensionless), positive; None: no activated hopping.

    Returns
    -------
    ndarray, shape (m,) or tuple
        C/k_B (dimensionless, per mode density P_s); with ``split`` ``(total, {"tunnelling", "vibration"})``.
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
                -parts["frozen_barrier"][:, None] / theta[None, :]
            )
        corr = (parts["frozen_weight"][:, None] * np.exp(-ratio) * parts["frozen_dC"]).sum(axis=0)
    tun = parts["tunnelling"] + corr
    vib = parts["vibration"] + parts["tail"]
    total = P_s * (tun + vib)
    if split:
        return total, {"tunnelling": P_s * tun, "vibration": P_s * vib}
    return total


def minimum_of_c_over_t3(theta, C):
    """theta* at the minimum of C/theta^3 (parabola through the three grid points around the minimum in log).

    Parameters
    ----------
    theta : array_like, shape (m,)
        k_B T / W, ascending.
    C : array_like, shape (m,)
        C/k_B at ``theta``, positive.

    Returns
    -------
    float
        theta* = k_B T* / W; ParameterError if the minimum lies at an end of the grid.
    """
    theta = np.asarray(theta, dtype=float)
    y = np.log(np.asarray(C, dtype=float) / theta**3)
    i = int(np.argmin(y))
    if i == 0 or i == len(y) - 1:
        raise ParameterError("the minimum of C/T^3 lies at the edge of the theta grid; widen it")
    x = np.log(theta[i - 1 : i + 2])
    a, b, _ = np.polyfit(x, y[i - 1 : i + 2], 2)
    return float(math.exp(-b / (2 * a)))


def theta_star(parts, R, P_s=1.0, activation=None):
    """theta* = k_B T*/W at the minimum of C/T^3 for the relaxation parameter R (parts on a fine grid).

    Parameters
    ----------
    parts : dict
        The result of :func:`heat_capacity_parts` on a theta grid that brackets the minimum.
    R, P_s, activation
        As in :func:`heat_capacity_total`.

    Returns
    -------
    float
        theta* (dimensionless); W / (k_B T*) = 1 / theta*.
    """
    return minimum_of_c_over_t3(parts["theta"], heat_capacity_total(parts, R, P_s, activation=activation))


def density_of_excitations(table, E_edges, R=None, theta_freeze=None):
    """Density of lowest excitations per unit P_s, split into tunnelling states and vibrations.

    Tunnelling states: double wells whose ground state lies below the barrier top and whose
    asymmetry is smaller than the vibrational spacing of the lower well (so E_1 - E_0 is the
    tunnelling doublet). With ``R`` given, tunnelling states that do not relax within t_meas at
    ``theta_freeze`` are dropped and count with their intra-well excitation instead.

    Parameters
    ----------
    table : dict
        A level table (:func:`replicate.theory.spm.table.compute_table`).
    E_edges : array_like, shape (k + 1,)
        Bin edges of E_1 - E_0, units of W, ascending.
    R : float, optional
        K_3 W^3 t_meas; None: every tunnelling state relaxes.
    theta_freeze : float, optional
        k_B T / W at which the relaxation is judged; required with ``R``.

    Returns
    -------
    tuple of ndarray, each shape (k,)
        ``(E_centres, g_tunnelling, g_vibration)``: bin centres (geometric if E_edges[0] > 0) in units
        of W and the densities per unit P_s and unit energy (units of W^-1).
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
