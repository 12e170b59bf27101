"""The single soft mode of eqns (4)-(7): rescaling to the units of W, the potential
xi y + eta y^2 + y^4 and its stationary points (see the package docstring for the derivation)."""

import numpy as np
from scipy import constants as C

from ...core.errors import require_finite, require_positive

__all__ = [
    "crossover_energy",
    "length_scale",
    "reduced_parameters",
    "potential",
    "stationary_points",
    "minima",
    "minima_arrays",
]

# A root r of the cubic V'(y) = 0 counts as real when |Im r| <= ROOT_IMAG_RTOL (1 + |Re r|) (dimensionless,
# relative to the root's size in units of the length L of eqn (7)).
ROOT_IMAG_RTOL = 1e-9

# --------------------------------------------------------------------------------------------------
# rescaling (eqns 4-7)


def crossover_energy(mode_mass, eps0, hbar=C.hbar):
    """W = (hbar^2 / 2m)^(2/3) eps_0^(1/3) of eqn (7); mode mass m = N_s M a^2, all in one unit system.

    Parameters
    ----------
    mode_mass : float
        m = N_s M a^2 (kg m^2 in SI; x of eqn (4) is dimensionless).
    eps0 : float
        eps_0 of eqn (5) (J in SI).
    hbar : float, optional
        Reduced Planck constant in the same unit system (J s; default CODATA).

    Returns
    -------
    float
        W, in the energy unit of ``eps0`` (J in SI).
    """
    require_positive("mode_mass (N_s M a^2)", mode_mass)
    require_positive("eps0 (eps_0)", eps0)
    require_positive("hbar", hbar)
    return (hbar**2 / (2.0 * mode_mass)) ** (2.0 / 3.0) * eps0 ** (1.0 / 3.0)


def length_scale(mode_mass, eps0, hbar=C.hbar):
    """L with x = L y: L^6 = hbar^2 / (2 m eps_0) (dimensionless, like x).

    Parameters
    ----------
    mode_mass : float
        m = N_s M a^2 (kg m^2 in SI).
    eps0 : float
        eps_0 of eqn (5) (J in SI).
    hbar : float, optional
        Reduced Planck constant in the same unit system (J s; default CODATA).

    Returns
    -------
    float
        L, dimensionless (the unit of the mode coordinate x of eqn (4)).
    """
    require_positive("mode_mass (N_s M a^2)", mode_mass)
    require_positive("eps0 (eps_0)", eps0)
    return (hbar**2 / (2.0 * mode_mass * eps0)) ** (1.0 / 6.0)


def reduced_parameters(eta_x, xi_x, mode_mass, eps0, hbar=C.hbar):
    """(eta, xi) of H/W from the coefficients of eps_0 (xi_x x + eta_x x^2 + x^4): eta = eta_x / L^2, xi = xi_x / L^3.

    Parameters
    ----------
    eta_x, xi_x : float
        Dimensionless coefficients of the potential in the mode coordinate x.
    mode_mass : float
        m = N_s M a^2 (kg m^2 in SI).
    eps0 : float
        eps_0 of eqn (5) (J in SI).
    hbar : float, optional
        Reduced Planck constant in the same unit system (J s; default CODATA).

    Returns
    -------
    tuple of float
        ``(eta, xi)``, dimensionless coefficients of H/W = -d^2/dy^2 + xi y + eta y^2 + y^4.
    """
    require_finite("eta_x", eta_x)
    require_finite("xi_x", xi_x)
    L = length_scale(mode_mass, eps0, hbar)
    return eta_x / L**2, xi_x / L**3


# --------------------------------------------------------------------------------------------------
# the potential


def potential(y, eta, xi):
    """V(y)/W = xi y + eta y^2 + y^4.

    Parameters
    ----------
    y : array_like
        Reduced coordinate y = x / L (dimensionless), any shape.
    eta, xi : float
        Dimensionless coefficients of the potential.

    Returns
    -------
    ndarray
        V / W (units of W), same shape as ``y``.
    """
    y = np.asarray(y, dtype=float)
    return xi * y + eta * y * y + y**4


def _is_real(r):
    """Mask of the roots ``r`` (complex array) that count as real (see ROOT_IMAG_RTOL)."""
    return np.abs(r.imag) <= ROOT_IMAG_RTOL * (1.0 + np.abs(r.real))


def stationary_points(eta, xi):
    """Real roots of V'(y) = 4 y^3 + 2 eta y + xi, sorted (one or three).

    Parameters
    ----------
    eta, xi : float
        Dimensionless coefficients of the potential.

    Returns
    -------
    ndarray, shape (1,) or (3,)
        The stationary points y (dimensionless), ascending.
    """
    eta = require_finite("eta", eta)
    xi = require_finite("xi", xi)
    r = np.roots([4.0, 0.0, 2.0 * eta, xi])
    real = np.sort(r[_is_real(r)].real)
    return real


def minima(eta, xi):
    """Local minima of V as ``[(y, V, V''), ...]`` sorted by V (global first).

    Parameters
    ----------
    eta, xi : float
        Dimensionless coefficients of the potential.

    Returns
    -------
    list of tuple of float
        One or two ``(y, V/W, V''/W)`` (y dimensionless, V and V'' in units of W), the global minimum
        first. At the degenerate inflection eta = xi = 0 the quartic minimum ``(0, 0, 0)``.
    """
    out = []
    for y in stationary_points(eta, xi):
        curv = 12.0 * y * y + 2.0 * eta
        if curv > 0:
            out.append((float(y), float(potential(y, eta, xi)), float(curv)))
    if not out:  # degenerate inflection (eta = xi = 0): the quartic minimum at 0
        out.append((0.0, 0.0, 0.0))
    return sorted(out, key=lambda m: m[1])


def minima_arrays(eta, xi):
    """Vectorised minima: (y_low, V_low, curv_low, y_up, V_up, curv_up, V_barrier) for arrays eta, xi.

    ``low`` is the global minimum; ``up`` the other minimum and ``V_barrier`` the maximum between
    them (NaN where there is one minimum). curv = V'' = 12 y^2 + 2 eta.

    Parameters
    ----------
    eta, xi : array_like, shape (K,)
        Dimensionless coefficients of K potentials (scalars are taken as K = 1).

    Returns
    -------
    tuple of 7 ndarray, each shape (K,)
        y dimensionless; V, V'' and V_barrier in units of W.
    """
    eta = np.atleast_1d(np.asarray(eta, dtype=float))
    xi = np.atleast_1d(np.asarray(xi, dtype=float))
    n = eta.size
    comp = np.zeros((n, 3, 3))  # companion matrix of y^3 + (eta/2) y + xi/4
    comp[:, 1, 0] = comp[:, 2, 1] = 1.0
    comp[:, 0, 2] = -xi / 4.0
    comp[:, 1, 2] = -eta / 2.0
    r = np.linalg.eigvals(comp)
    real = _is_real(r)
    three = np.all(real, axis=1)
    rr = np.sort(np.where(real, r.real, np.nan), axis=1)
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
    return (
        y_low,
        V_low,
        c_low,
        y_up,
        np.where(three, V[idx, i_up], nan),
        np.where(three, curv[idx, i_up], nan),
        np.where(three, V[:, 1], nan),
    )
