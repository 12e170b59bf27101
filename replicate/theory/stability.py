"""Mode stability equation of Section 4, eqns (19)-(24), and the curves of Fig. 8.

Dimensionless throughout: beta = 1/(k_B T), ``beta_eps_m`` = eps_m/(k_B T), eta_k the fraction of
the crystal-like harmonic restoring force, eps_k the mode energy of eqn (5).

Eqn (20), the stability equation in the mode coordinate of eqn (4):

    eps_k <x_k^2> = 2 eps_m (1 - eta_k),  with <.> the Boltzmann average in V_k = eps_k (eta_k x^2 + x^4).

With u = (beta eps_k)^(1/4) x and eta' = (beta eps_k)^(1/2) eta_k the weight becomes
exp(-(eta' u^2 + u^4)), and with s = (beta eps_k)^(1/2) eqn (20) is the quadratic
<u^2> s^2 - 2 beta eps_m s + 2 beta eps_m eta' = 0, whose roots are eqn (24):

    s_(+/-) = b/<u^2> +/- [ (b/<u^2>)^2 - 2 b eta'/<u^2> ]^(1/2),    b = beta eps_m.

Then eta_k = eta'/s and eps_k/eps_m = s^2/b. The "+" root is the localised branch below eta_2
(all eta' in R), the "-" root the branch above eta_1 (eta' > 0). For eta' -> infinity the
harmonic limit <u^2> -> 1/(2 eta') sends eps_k to infinity while eta_k tends to the roots of the
corrected eqn (19), eta_(1,2) = (1 +/- (1 - 1/b)^(1/2))/2 (the transcription lost the "1 +/-").
At eta' = 0 (eqns 21-23): <u^2>_0 = Gamma(3/4)/Gamma(1/4) and beta eps_0 = 4 (Gamma(1/4)/Gamma(3/4))^2 b^2.
"""

import math

import numpy as np
from scipy import integrate, optimize, special

from ..core.errors import ParameterError, require_finite, require_range

# Largest exponent kept in the integrand: exp(-745) is the smallest positive double.
_EXP_SPAN = 745.0


def eqn23_constant():
    """4 (Gamma(1/4)/Gamma(3/4))^2 of eqn (23), closed form (= 35.0146...).

    Returns
    -------
    float
        beta eps_0 / (beta eps_m)^2 (dimensionless).
    """
    return 4.0 * (special.gamma(0.25) / special.gamma(0.75)) ** 2


def _check_beta_eps_m(beta_eps_m):
    b = require_finite("beta_eps_m (eps_m/k_B T)", beta_eps_m)
    if not b > 1.0:
        raise ParameterError(
            f"beta_eps_m (eps_m/k_B T) must be > 1 (eqn 19 has no real root otherwise), got {beta_eps_m!r}"
        )
    return b


def eta_roots(beta_eps_m):
    """Corrected eqn (19): ``(eta_1, eta_2) = ((1 + q)/2, (1 - q)/2)``, q = (1 - 1/(beta eps_m))^(1/2).

    eta_2 < eta_1; eta_2 is where the localised branch below it diverges (the arrows of Fig. 8).
    Raises ParameterError for beta_eps_m <= 1, where the roots are complex.

    Parameters
    ----------
    beta_eps_m : float
        eps_m / k_B T (dimensionless), > 1.

    Returns
    -------
    tuple of float
        ``(eta_1, eta_2)`` (dimensionless fractions of the harmonic restoring force).
    """
    b = _check_beta_eps_m(beta_eps_m)
    q = math.sqrt(1.0 - 1.0 / b)
    # eta_2 written as 1/(2 b (1 + q)) to avoid cancellation for large b
    return (1.0 + q) / 2.0, 1.0 / (2.0 * b * (1.0 + q))


def _moment_integrals(a):
    """Return (I0, I2) = integrals over u >= 0 of (1, u^2) exp(-(a u^2 + u^4 - V_min)).

    The shift by the potential minimum V_min keeps everything finite for any a; intervals are split
    at the scale of the peak so that ``quad`` resolves narrow peaks (large |a|).
    """
    if a >= 0.0:
        vmin, u0 = 0.0, 0.0
        upper = math.sqrt(2.0 * _EXP_SPAN / (a + math.sqrt(a * a + 4.0 * _EXP_SPAN)))
        width = 1.0 / math.sqrt(2.0 * a + 1.0)
    else:
        u0 = math.sqrt(-a / 2.0)
        vmin = -a * a / 4.0
        upper = math.sqrt((-a + math.sqrt(4.0 * _EXP_SPAN)) / 2.0)
        width = 1.0 / math.sqrt(-4.0 * a + 1.0)  # curvature 8 u0^2 = -4a at the minimum

    def w(u):
        return math.exp(-(a * u * u + u**4 - vmin))

    # breakpoints around the peak, inside (0, upper)
    pts = sorted(
        {
            p
            for p in (u0 - 8 * width, u0 - 2 * width, u0, u0 + 2 * width, u0 + 8 * width, u0 + 30 * width)
            if 0.0 < p < upper
        }
    )
    edges = [0.0, *pts, upper]
    i0 = i2 = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        i0 += integrate.quad(w, lo, hi, epsabs=0.0, epsrel=1e-13, limit=200)[0]
        i2 += integrate.quad(lambda u: u * u * w(u), lo, hi, epsabs=0.0, epsrel=1e-13, limit=200)[0]
    return i0, i2


def mean_square_u(eta_prime):
    """<u^2> in the weight exp(-(eta' u^2 + u^4)) (dimensionless), eqn (24); scalar or array.

    Accurate to ~1e-12 relative for eta' in [-1e3, 1e4] (tested against mpmath Bessel closed forms);
    no overflow for any finite eta'. Limits: 1/(2 eta') for eta' -> +inf (harmonic),
    -eta'/2 for eta' -> -inf (double well), Gamma(3/4)/Gamma(1/4) at eta' = 0.

    Parameters
    ----------
    eta_prime : float or array_like
        eta' = (beta eps_k)^(1/2) eta_k (dimensionless), finite, any shape.

    Returns
    -------
    float or ndarray
        <u^2> (dimensionless), the shape of ``eta_prime``.
    """
    arr = require_finite("eta_prime (eta' = (beta eps_k)^(1/2) eta_k)", eta_prime)
    scalar = np.ndim(arr) == 0
    flat = np.atleast_1d(arr).astype(float).ravel()
    out = np.empty_like(flat)
    for i, a in enumerate(flat):
        i0, i2 = _moment_integrals(float(a))
        out[i] = i2 / i0
    return float(out[0]) if scalar else out.reshape(np.shape(arr))


def quartic_mean_square_x(beta_eps_k):
    """<x^2> of eqn (21) at eta_k = 0 by direct quadrature of both integrals, for weight exp(-beta eps_k x^4).

    Parameters
    ----------
    beta_eps_k : float
        eps_k / k_B T (dimensionless), positive.

    Returns
    -------
    float
        <x^2> (dimensionless, in the mode coordinate of eqn (4)).
    """
    be = require_range("beta_eps_k (eps_k/k_B T)", beta_eps_k, 0.0, math.inf, lo_open=True, hi_open=True)
    f0 = integrate.quad(lambda x: math.exp(-be * x**4), 0.0, math.inf, epsabs=0.0, epsrel=1e-13, limit=200)[0]
    f2 = integrate.quad(lambda x: x * x * math.exp(-be * x**4), 0.0, math.inf, epsabs=0.0, epsrel=1e-13, limit=200)[0]
    return f2 / f0


def eqn23_constant_quadrature():
    """The eqn (23) constant from eqns (20)-(21) by quadrature: beta eps_0 = 4 b^2 / (<x^2> (beta eps_0)^(1/2))^2.

    Returns
    -------
    float
        beta eps_0 / (beta eps_m)^2 (dimensionless).
    """
    c = quartic_mean_square_x(1.0)  # <x^2> (beta eps)^(1/2) is independent of beta eps
    return 4.0 / c**2


def branch(eta_prime, beta_eps_m, sign):
    """Solve eqn (24) on one branch: returns ``(eta_k, eps_k/eps_m)`` for given eta' (array).

    ``sign = +1``: localised branch below eta_2 (any eta'); ``sign = -1``: branch above eta_1
    (eta' > 0 only; NaN elsewhere). The "-" root is computed as 2 b eta'/(<u^2> s_+) to avoid
    cancellation.

    Parameters
    ----------
    eta_prime : array_like, shape (n,)
        eta' (dimensionless), finite; a scalar is taken as n = 1.
    beta_eps_m : float
        eps_m / k_B T (dimensionless), > 1.
    sign : {1, -1}
        The root of eqn (24).

    Returns
    -------
    tuple of ndarray, each shape (n,)
        ``(eta_k, eps_k/eps_m)`` (dimensionless).
    """
    b = _check_beta_eps_m(beta_eps_m)
    if sign not in (1, -1):
        raise ParameterError(f"sign must be +1 or -1, got {sign!r}")
    ep = np.atleast_1d(require_finite("eta_prime", eta_prime)).astype(float)
    u2 = np.atleast_1d(mean_square_u(ep))
    r = b / u2
    disc = r * r - 2.0 * b * ep / u2  # > 0 for b > 1 since eta' <u^2> < 1/2
    s_plus = r + np.sqrt(disc)
    if sign == 1:
        s = s_plus
    else:
        s = np.where(ep > 0, 2.0 * b * ep / (u2 * s_plus), np.nan)
    eta = ep / s
    eps_ratio = s * s / b
    return eta, eps_ratio


def _eta_of_eta_prime(ep, b, sign):
    return float(branch(np.array([ep]), b, sign)[0][0])


def eps_over_eps_m(eta_k, beta_eps_m):
    """eps_k/eps_m at given eta_k from eqn (20) (Fig. 8), for any eta_k (scalar or array).

    eta_k < eta_2: the localised branch below eta_2; eta_1 < eta_k < 1: the branch above eta_1;
    no localised solution exists for eta_2 <= eta_k <= eta_1 or eta_k >= 1: NaN there.
    Found by root search in eta' on the branch (eta_k is monotonic in eta' on each branch).

    Parameters
    ----------
    eta_k : float or array_like
        Fraction of the harmonic restoring force (dimensionless), finite, any shape.
    beta_eps_m : float
        eps_m / k_B T (dimensionless), > 1.

    Returns
    -------
    float or ndarray
        eps_k / eps_m (dimensionless), the shape of ``eta_k``; NaN where there is no localised solution.
    """
    b = _check_beta_eps_m(beta_eps_m)
    arr = require_finite("eta_k", eta_k)
    eta1, eta2 = eta_roots(b)
    flat = np.atleast_1d(arr).astype(float).ravel()
    out = np.full(flat.shape, np.nan)
    for i, e in enumerate(flat):
        if e < eta2:
            sign = 1
            f = lambda x: _eta_of_eta_prime(x, b, 1) - e  # noqa: E731, B023 (used within this iteration)
            if e < 0:
                lo, hi = -1.0, 0.0
                while f(lo) > 0:
                    lo *= 2.0
            else:
                lo, hi = 0.0, 1.0
                while f(hi) < 0:
                    hi *= 2.0
                    if hi > 1e12:
                        raise ParameterError(f"eta_k = {e} is too close to eta_2 = {eta2} to resolve")
        elif eta1 < e < 1.0:
            sign = -1
            f = lambda x: _eta_of_eta_prime(x, b, -1) - e  # noqa: E731, B023 (used within this iteration)
            lo, hi = 1e-12, 1.0
            while f(hi) > 0:
                hi *= 2.0
                if hi > 1e12:
                    raise ParameterError(f"eta_k = {e} is too close to eta_1 = {eta1} to resolve")
        else:
            continue
        if e == 0.0:
            root = 0.0
        else:
            root = optimize.brentq(f, lo, hi, xtol=1e-14, rtol=1e-13, maxiter=200)
        out[i] = float(branch(np.array([root]), b, sign)[1][0])
    return float(out[0]) if np.ndim(arr) == 0 else out.reshape(np.shape(arr))


def eqn23_constant_solver_limit(beta_eps_m=5.0):
    """The eqn (23) constant as the eta' = 0 point of the eqn (24) solver: beta eps_0/(beta eps_m)^2.

    Parameters
    ----------
    beta_eps_m : float, optional
        eps_m / k_B T (dimensionless), > 1; the result does not depend on it.

    Returns
    -------
    float
        beta eps_0 / (beta eps_m)^2 (dimensionless).
    """
    b = _check_beta_eps_m(beta_eps_m)
    _, ratio = branch(np.array([0.0]), b, 1)
    return float(ratio[0]) / b  # (eps_0/eps_m)/b = beta eps_0/b^2
