"""Instantaneous normal modes (INM) of a liquid configuration, and the thermal mode parameter of eqn (24).

Reduced units, m = 1: the Hessian (epsilon/sigma^2) of an arbitrary configuration, not a minimum, is
diagonalised; its eigenvalues lambda (1/tau^2) may be negative. A negative eigenvalue is an unstable
direction (a downhill curvature), reported as an imaginary frequency; we write it as a negative
signed frequency nu = sign(lambda) |lambda|^(1/2) / (2 pi) (1/tau), the usual convention of the INM
literature (Keyes, J. Phys. Chem. A 101, 2921 (1997), doi:10.1021/jp963706h).

The three uniform translations are exact zero modes of the periodic box at any configuration (the
pair forces are translation invariant). They are removed before the statistics by shifting them out of
the spectrum: the eigenvalues of H + s T T^T (T the orthonormal translations, s above every eigenvalue
of H) are those of H on the complement plus s three times, because H T = 0. No tolerance on small
eigenvalues is needed, which matters in a liquid where genuine modes sit arbitrarily close to zero.

The thermal mode parameter. Section 2 writes the potential along mode k as
V = epsilon_k (eta_k x_k^2 + x_k^4), eqn (5), and Section 4 scales it with the temperature,
u = (beta epsilon_k)^(1/4) x_k and eta' = (beta epsilon_k)^(1/2) eta_k, eqn (24), so that
beta V = eta' u^2 + u^4. With the energy along the unit mode vector written
V(A) = lambda A^2/2 + kappa_4 A^4/24 (:mod:`replicate.glass.anharmonicity`; the cubic term dropped,
as the paper drops it), matching the two forms gives

    eta' = lambda (6 / (kT kappa_4))^(1/2),

with no reference to the length a or to omega_c. For eta' < 0 the thermal potential is a double well
with minima at u^2 = -eta'/2 and a barrier of eta'^2/4 in units of kT: an unstable mode whose barrier
is below kT is held by its quartic term within the thermal motion (the anharmonic stabilisation of
Section 4); one far above kT is the top of a barrier between two distinct structures.
"""

from dataclasses import dataclass

import numpy as np
import scipy.linalg

from ..core.errors import ParameterError, require_positive
from ..theory.participation import participation_number
from .box import translation_basis
from .hessian import check_configuration, hessian_dense
from .modes import orient
from .potential import InversePowerLaw

TRANSLATION_OVERLAP = 1.0 - 1e-6  # smallest accepted overlap of the three shifted modes with T


@dataclass(frozen=True)
class InstantaneousModes:
    """The 3N - 3 instantaneous modes of one configuration, ascending in eigenvalue.

    ``eigenvalues`` lambda (1/tau^2, negative for unstable modes); ``frequencies`` the signed
    frequencies nu (1/tau, negative = imaginary); ``participation_number`` N_k (eqn 2); ``vectors``
    (3N, 3N - 3) unit eigenvectors, atom-major (None unless requested).
    """

    eigenvalues: np.ndarray
    frequencies: np.ndarray
    participation_number: np.ndarray
    vectors: np.ndarray | None = None

    @property
    def n_unstable(self):
        """Number of modes with a negative eigenvalue."""
        return int(np.count_nonzero(self.eigenvalues < 0.0))


def signed_frequency(eigenvalues):
    """nu = sign(lambda) |lambda|^(1/2) / (2 pi) (1/tau) of eigenvalues lambda (1/tau^2)."""
    lam = np.asarray(eigenvalues, dtype=float)
    return np.sign(lam) * np.sqrt(np.abs(lam)) / (2.0 * np.pi)


def instantaneous_modes(pos, box, pot=None, return_vectors=False):
    """All 3N - 3 instantaneous normal modes of a configuration (module docstring).

    Parameters
    ----------
    pos : array_like of float, shape (N, 3)
        Positions (sigma), any configuration.
    box : float
        Box edge L (sigma), above 2 r_c.
    pot : InversePowerLaw, optional
        Pair potential (default n = 6, r_c = 2.5 sigma).
    return_vectors : bool
        Keep the eigenvectors.

    Returns
    -------
    InstantaneousModes
    """
    pot = InversePowerLaw() if pot is None else pot
    pos, box = check_configuration(pos, box, pot)
    n = pos.shape[0]
    h = hessian_dense(pos, box, pot)
    t = translation_basis(n)
    shift = 2.0 * float(np.max(np.sum(np.abs(h), axis=1))) + 1.0  # above every eigenvalue (Gershgorin)
    h += shift * (t @ t.T)
    lam, vec = scipy.linalg.eigh(h, overwrite_a=True, check_finite=False)
    overlap = np.linalg.svd(t.T @ vec[:, -3:], compute_uv=False)
    if overlap.min() < TRANSLATION_OVERLAP:
        raise ParameterError(
            f"the three shifted modes do not span the translations (overlap {overlap.min():.6g}); "
            "the Hessian is not translation invariant"
        )
    lam, vec = lam[:-3], vec[:, :-3]
    if return_vectors:
        orient(vec)
    return InstantaneousModes(
        eigenvalues=lam,
        frequencies=signed_frequency(lam),
        participation_number=participation_number(vec),
        vectors=vec if return_vectors else None,
    )


def thermal_mode_parameter(eigenvalue, kappa_4, kT):
    """eta' = lambda (6 / (kT kappa_4))^(1/2) of eqn (24) from the mode's curvature and quartic term.

    Parameters
    ----------
    eigenvalue : float or ndarray
        lambda = kappa_2 (epsilon/sigma^2 = 1/tau^2 with m = 1).
    kappa_4 : float or ndarray
        Quartic coefficient (epsilon/sigma^4), > 0 (a bounded mode potential).
    kT : float
        Temperature (epsilon).

    Returns
    -------
    float or ndarray
        eta' (dimensionless); for eta' < 0 the barrier of the double well is eta'^2/4 in units of kT.
    """
    kappa_4 = np.asarray(kappa_4, dtype=float)
    if np.any(~(kappa_4 > 0)):
        raise ParameterError("kappa_4 must be positive (a mode potential bounded by its quartic term)")
    require_positive("kT (epsilon)", kT)
    return np.asarray(eigenvalue, dtype=float) * np.sqrt(6.0 / (kT * kappa_4))
