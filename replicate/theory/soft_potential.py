"""Soft-mode energy scales of Section 2, eqns (6)-(8): N_s a^2 and eps_0 from (omega_c, W).

Eqn (6): eps_0 = N_s M a^2 omega_c^2 / 2.
Eqn (7): W = (hbar^2 / (2 N_s M a^2))^(2/3) eps_0^(1/3).
Eqn (8): W = 1.6 k_B T*   (the factor is an input, see ``replicate.core.inputs.w_over_kTstar``).

Eliminating eps_0 between (6) and (7) gives closed forms (X = N_s M a^2):

    X = hbar^4 omega_c^2 / (8 W^3),     eps_0 = (hbar omega_c)^4 / (16 W^3),

so eps_0 does not depend on the atomic mass, and the ratio of the two printed numbers fixes
omega_c alone: omega_c^2 = 2 eps_0 / (M N_s a^2). That makes the inverse problem (the inputs that
reproduce a printed (N_s a^2, eps_0) pair) unique.

Units at the interface: nu_c in THz (omega_c = 2 pi nu_c), T* in K, W in eV (or K via k_B),
mass M in u, N_s a^2 in Angstrom^2, eps_0 in eV. Constants from ``scipy.constants`` (CODATA).
"""

import math

from scipy import constants as C

from ..core.errors import require_positive

ANGSTROM2 = 1e-20  # m^2


def _omega(nu_c_THz):
    return 2.0 * math.pi * nu_c_THz * 1e12


def nsa2_eps0(nu_c_THz, W_eV, mass_u):
    """Forward eqns (6)-(7): N_s M a^2 = hbar^4 omega_c^2 / (8 W^3), eps_0 = N_s M a^2 omega_c^2 / 2.

    Parameters
    ----------
    nu_c_THz : float
        nu_c = omega_c / 2 pi, THz.
    W_eV : float
        Crossover energy W, eV.
    mass_u : float
        Mean atomic mass M, u.

    Returns
    -------
    tuple of float
        ``(N_s a^2 [Angstrom^2], eps_0 [eV])``.
    """
    require_positive("nu_c_THz (crossover-frequency scale nu_c, THz)", nu_c_THz)
    require_positive("W_eV (crossover energy W, eV)", W_eV)
    require_positive("mass_u (mean atomic mass M, u)", mass_u)
    w = _omega(nu_c_THz)
    W = W_eV * C.e
    X = C.hbar**4 * w**2 / (8.0 * W**3)  # N_s M a^2 in kg m^2
    eps0 = X * w**2 / 2.0  # eqn (6), J
    return X / (mass_u * C.atomic_mass) / ANGSTROM2, eps0 / C.e


def crossover_energy_eV(T_star_K, w_over_kTstar):
    """Eqn (8): W = (W/k_B T*) k_B T*, in eV.

    Parameters
    ----------
    T_star_K : float
        T* of the c_p/T^3 minimum, K.
    w_over_kTstar : float
        The factor W/(k_B T*) (dimensionless; 1.6 in the paper).

    Returns
    -------
    float
        W, eV.
    """
    require_positive("T_star_K (temperature of the c_p/T^3 minimum, K)", T_star_K)
    require_positive("w_over_kTstar (factor of eqn 8)", w_over_kTstar)
    return w_over_kTstar * C.k * T_star_K / C.e


def forward(nu_c_THz, T_star_K, mass_u, w_over_kTstar=1.6):
    """Eqns (6)-(8) forward: W = (W/k_B T*) k_B T*, then N_s a^2 and eps_0 from (nu_c, W, M).

    Parameters
    ----------
    nu_c_THz : float
        nu_c, THz.
    T_star_K : float
        T*, K.
    mass_u : float
        Mean atomic mass M, u.
    w_over_kTstar : float, optional
        The factor of eqn (8) (dimensionless).

    Returns
    -------
    dict of float
        ``nsa2_A2`` (Angstrom^2), ``eps0_eV`` (eV), ``W_eV`` (eV), ``W_K`` (W / k_B, K).
    """
    W_eV = crossover_energy_eV(T_star_K, w_over_kTstar)
    nsa2, eps0 = nsa2_eps0(nu_c_THz, W_eV, mass_u)
    return {"nsa2_A2": nsa2, "eps0_eV": eps0, "W_eV": W_eV, "W_K": W_eV * C.e / C.k}


def inverse(nsa2_A2, eps0_eV, mass_u, w_over_kTstar=1.6):
    """Eqns (6)-(8) inverted: the ``(nu_c [THz], T* [K])`` that reproduce a printed (N_s a^2, eps_0).

    omega_c^2 = 2 eps_0 / (M N_s a^2) (eqn 6), then W^3 = (hbar omega_c)^4 / (16 eps_0), T* = W/(1.6 k_B).

    Parameters
    ----------
    nsa2_A2 : float
        N_s a^2, Angstrom^2.
    eps0_eV : float
        eps_0, eV.
    mass_u : float
        Mean atomic mass M, u.
    w_over_kTstar : float, optional
        The factor of eqn (8) (dimensionless).

    Returns
    -------
    dict of float
        ``nu_c_THz`` (THz), ``T_star_K`` (K), ``W_eV`` (eV), ``W_K`` (W / k_B, K).
    """
    require_positive("nsa2_A2 (N_s a^2, Angstrom^2)", nsa2_A2)
    require_positive("eps0_eV (eps_0, eV)", eps0_eV)
    require_positive("mass_u (mean atomic mass M, u)", mass_u)
    require_positive("w_over_kTstar (factor of eqn 8)", w_over_kTstar)
    eps0 = eps0_eV * C.e
    w = math.sqrt(2.0 * eps0 / (mass_u * C.atomic_mass * nsa2_A2 * ANGSTROM2))
    W = ((C.hbar * w) ** 4 / (16.0 * eps0)) ** (1.0 / 3.0)
    return {
        "nu_c_THz": w / (2.0 * math.pi) / 1e12,
        "T_star_K": W / (w_over_kTstar * C.k),
        "W_eV": W / C.e,
        "W_K": W / C.k,
    }


def T_star_from_eps0(nu_c_THz, eps0_eV, w_over_kTstar=1.6):
    """The T* [K] that gives ``eps0_eV`` at a given nu_c (eps_0 is independent of M):
    W^3 = (hbar omega_c)^4 / (16 eps_0), T* = W / (w_over_kTstar k_B).

    Parameters
    ----------
    nu_c_THz : float
        nu_c, THz.
    eps0_eV : float
        eps_0, eV.
    w_over_kTstar : float, optional
        The factor of eqn (8) (dimensionless).

    Returns
    -------
    float
        T*, K.
    """
    require_positive("nu_c_THz (THz)", nu_c_THz)
    require_positive("eps0_eV (eV)", eps0_eV)
    require_positive("w_over_kTstar (factor of eqn 8)", w_over_kTstar)
    W = ((C.hbar * _omega(nu_c_THz)) ** 4 / (16.0 * eps0_eV * C.e)) ** (1.0 / 3.0)
    return W / (w_over_kTstar * C.k)


def T_star_from_nsa2(nu_c_THz, nsa2_A2, mass_u, w_over_kTstar=1.6):
    """The T* [K] that gives ``nsa2_A2`` at a given nu_c and M:
    W^3 = hbar^4 omega_c^2 / (8 N_s M a^2), T* = W / (w_over_kTstar k_B).

    Parameters
    ----------
    nu_c_THz : float
        nu_c, THz.
    nsa2_A2 : float
        N_s a^2, Angstrom^2.
    mass_u : float
        Mean atomic mass M, u.
    w_over_kTstar : float, optional
        The factor of eqn (8) (dimensionless).

    Returns
    -------
    float
        T*, K.
    """
    require_positive("nu_c_THz (THz)", nu_c_THz)
    require_positive("nsa2_A2 (Angstrom^2)", nsa2_A2)
    require_positive("mass_u (u)", mass_u)
    require_positive("w_over_kTstar (factor of eqn 8)", w_over_kTstar)
    X = nsa2_A2 * ANGSTROM2 * mass_u * C.atomic_mass
    W = (C.hbar**4 * _omega(nu_c_THz) ** 2 / (8.0 * X)) ** (1.0 / 3.0)
    return W / (w_over_kTstar * C.k)
