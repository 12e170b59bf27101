"""The potential energy along a normal mode to fourth order: the coefficients kappa_2, kappa_3, kappa_4.

Reduced units, m = 1. For a unit 3N-vector e (a normal mode, eqn 1 of the paper) and an inherent
structure x0, the energy along the mode is

    V(A) = U(x0 + A e) - U(x0) = kappa_2 A^2/2 + kappa_3 A^3/6 + kappa_4 A^4/24 + ...,

with the amplitude A in sigma (sqrt(m) sigma), kappa_2 in epsilon/sigma^2 (equal to the eigenvalue
lambda = omega^2 of the mode), kappa_3 in epsilon/sigma^3 and kappa_4 in epsilon/sigma^4. The
linear term vanishes at a minimum.

Exact coefficients of the pair potential. Write the pair energy as a function of the squared distance,
g(s) = phi(sqrt(s)); for the smoothed inverse power law of :mod:`replicate.glass.potential`
(t = s/sigma^2, h = n/2, r < r_c)

    g(s)     = epsilon [t^-h + c0 + c2 t + c4 t^2]
    g'(s)    = epsilon/sigma^2 [-h t^-(h+1) + c2 + 2 c4 t]
    g''(s)   = epsilon/sigma^4 [h (h+1) t^-(h+2) + 2 c4]
    g'''(s)  = epsilon/sigma^6 [-h (h+1) (h+2) t^-(h+3)]
    g''''(s) = epsilon/sigma^8 [h (h+1) (h+2) (h+3) t^-(h+4)]

and zero beyond r_c. Along the mode the separation of a pair is r + A d with d = e_i - e_j, so
s(A) = r^2 + 2 A b + A^2 c with b = r.d and c = d.d, s' = 2b, s'' = 2c, and higher derivatives
vanish. The chain rule then gives, summed over pairs,

    kappa_2 = sum 4 g'' b^2 + 2 g' c
    kappa_3 = sum 8 g''' b^3 + 12 g'' b c
    kappa_4 = sum 16 g'''' b^4 + 48 g''' b^2 c + 12 g'' c^2.

kappa_2 is e^T H e, the Hessian of :mod:`replicate.glass.hessian` (a check to round-off). The
smoothing makes phi, phi' and phi'' vanish at r_c but not phi''' and phi'''': kappa_3 and kappa_4 are
the derivatives at A = 0, exact as long as no pair sits at r_c itself.

The paper's single-atom quartic term, eqn (3), V_4 = sum_i (M a^2 omega_c^2/2) (u_i/a)^4 with
u_i = A |e_i|, is V_4 = (M omega_c^2 / (2 a^2)) A^4 / N_k (eqn 2 for N_k), so

    kappa_4 = 12 M omega_c^2 / (a^2 N_k):

kappa_4 falls as 1/N_k, and a = (12 omega_c^2 / (kappa_4 N_k))^(1/2) with M = 1
(:func:`quartic_length`).
"""

import numba
import numpy as np

from ..core.errors import ParameterError, require_positive
from ..theory.participation import largest_displacement_number
from .box import minimum_image
from .hessian import check_configuration, hessian_dense, pairs_within
from .minimize import FORCE_TOL, minimize
from .modes import normal_modes
from .potential import InversePowerLaw


@numba.njit(inline="always")
def g_derivatives(s, p):
    """g', g'', g''', g'''' of g(s) = phi(sqrt(s)) at squared distance s (zero for s >= r_c^2)."""
    if s >= p[1]:
        return 0.0, 0.0, 0.0, 0.0
    n, c2, c4, eps, sig = p[0], p[3], p[4], p[5], p[6]
    h = 0.5 * n
    sig2 = sig * sig
    t = s / sig2
    th = t ** (-h)
    inv_t = 1.0 / t
    g1 = eps / sig2 * (-h * th * inv_t + c2 + 2.0 * c4 * t)
    g2 = eps / (sig2 * sig2) * (h * (h + 1.0) * th * inv_t * inv_t + 2.0 * c4)
    g3 = -eps / (sig2 * sig2 * sig2) * h * (h + 1.0) * (h + 2.0) * th * inv_t**3
    g4 = eps / (sig2 * sig2 * sig2 * sig2) * h * (h + 1.0) * (h + 2.0) * (h + 3.0) * th * inv_t**4
    return g1, g2, g3, g4


@numba.njit
def _mode_coefficients(pos, box, pairs, p, vectors, out):
    n_modes = vectors.shape[1]
    for q in range(pairs.shape[0]):
        i, j = pairs[q, 0], pairs[q, 1]
        rx = minimum_image(pos[i, 0] - pos[j, 0], box)
        ry = minimum_image(pos[i, 1] - pos[j, 1], box)
        rz = minimum_image(pos[i, 2] - pos[j, 2], box)
        g1, g2, g3, g4 = g_derivatives(rx * rx + ry * ry + rz * rz, p)
        if g1 == 0.0 and g2 == 0.0 and g3 == 0.0 and g4 == 0.0:
            continue
        for m in range(n_modes):
            dx = vectors[3 * i, m] - vectors[3 * j, m]
            dy = vectors[3 * i + 1, m] - vectors[3 * j + 1, m]
            dz = vectors[3 * i + 2, m] - vectors[3 * j + 2, m]
            b = rx * dx + ry * dy + rz * dz
            c = dx * dx + dy * dy + dz * dz
            b2 = b * b
            out[m, 0] += 4.0 * g2 * b2 + 2.0 * g1 * c
            out[m, 1] += 8.0 * g3 * b2 * b + 12.0 * g2 * b * c
            out[m, 2] += 16.0 * g4 * b2 * b2 + 48.0 * g3 * b2 * c + 12.0 * g2 * c * c


def mode_coefficients(pos, box, vectors, pot=None):
    """kappa_2, kappa_3, kappa_4 of the energy along each of the given directions (module docstring).

    Parameters
    ----------
    pos : array_like of float, shape (N, 3)
        Positions (sigma), an inherent structure for the expansion to be about a minimum.
    box : float
        Box edge L (sigma).
    vectors : array_like of float, shape (3N, k)
        Unit directions (atom-major rows: x1, y1, z1, x2, ...), e.g. the eigenvectors of
        :func:`replicate.glass.modes.normal_modes`.
    pot : InversePowerLaw, optional
        Pair potential (default n = 6, r_c = 2.5 sigma).

    Returns
    -------
    ndarray of float, shape (k, 3)
        Columns kappa_2 (epsilon/sigma^2), kappa_3 (epsilon/sigma^3), kappa_4 (epsilon/sigma^4).
    """
    pot = InversePowerLaw() if pot is None else pot
    pos, box = check_configuration(pos, box, pot)
    vectors = np.asarray(vectors, dtype=np.float64)
    if vectors.ndim != 2 or vectors.shape[0] != 3 * pos.shape[0]:
        raise ParameterError(f"vectors must have shape (3N, k) = ({3 * pos.shape[0]}, k), got {vectors.shape}")
    if not np.all(np.isfinite(vectors)):
        raise ParameterError("vectors must be finite")
    norms = np.linalg.norm(vectors, axis=0)
    if np.any(np.abs(norms - 1.0) > 1e-8):
        raise ParameterError(f"vectors must be unit columns (eqn 1), norms range {norms.min():.6g}..{norms.max():.6g}")
    out = np.zeros((vectors.shape[1], 3))
    _mode_coefficients(pos, box, pairs_within(pos, box, pot.rc), pot.params, np.ascontiguousarray(vectors), out)
    return out


def quartic_length(kappa_4, participation_number, omega_c):
    """The length a of eqn (3) from kappa_4 = 12 omega_c^2 / (a^2 N_k) (module docstring; M = 1).

    Parameters
    ----------
    kappa_4 : float or ndarray
        Quartic coefficient (epsilon/sigma^4), > 0.
    participation_number : float or ndarray
        N_k (eqn 2).
    omega_c : float
        Angular frequency omega_c (1/tau) of the crystal-like restoring force.

    Returns
    -------
    float or ndarray
        a (sigma).
    """
    kappa_4 = np.asarray(kappa_4, dtype=float)
    if np.any(~(kappa_4 > 0)):
        raise ParameterError("kappa_4 must be positive for a real length a")
    require_positive("omega_c (1/tau)", omega_c)
    return np.sqrt(12.0 * omega_c**2 / (kappa_4 * np.asarray(participation_number, dtype=float)))


def inherent_structure_modes(positions, box, pot=None, ftol=FORCE_TOL):
    """Every mode of a stored inherent structure with its kappas and both localisation measures.

    Cached samples keep their positions in float32, which is not a minimum to 1e-10 epsilon/sigma: the
    structure is minimised again (FIRE and Newton from there, a displacement of order 1e-7 sigma) before
    the dense mode analysis (:func:`replicate.glass.modes.normal_modes`).

    Parameters
    ----------
    positions : array_like of float, shape (N, 3)
        Positions (sigma) of an inherent structure (float32 is enough).
    box : float
        Box edge L (sigma).
    pot : InversePowerLaw, optional
        Pair potential (default n = 6, r_c = 2.5 sigma).
    ftol : float
        Largest force on any atom of the minimum (epsilon/sigma).

    Returns
    -------
    dict
        ``frequencies`` nu (1/tau), ``kappa`` (3N - 3, 3) (kappa_2 epsilon/sigma^2, kappa_3
        epsilon/sigma^3, kappa_4 epsilon/sigma^4), ``participation_number`` N_k (eqn 2),
        ``largest_displacement_number`` 1/max_i |e_i|^2, ``max_force`` (epsilon/sigma) and
        ``shift`` (sigma), the largest atomic move of the second minimisation.
    """
    pot = InversePowerLaw() if pot is None else pot
    start = np.asarray(positions, dtype=np.float64)
    res = minimize(start, box, pot, ftol=ftol)
    if not res.converged:
        raise ParameterError(
            f"the stored structure did not minimise to {ftol:g} epsilon/sigma (reached {res.max_force:.3g})"
        )
    shift = float(np.max(np.linalg.norm(minimum_image(res.pos - start, box), axis=1)))
    modes = normal_modes(hessian_dense(res.pos, box, pot), res.max_force, force_tol=ftol, return_vectors=True)
    return {
        "frequencies": modes.frequencies,
        "kappa": mode_coefficients(res.pos, box, modes.vectors, pot),
        "participation_number": modes.participation_number,
        "largest_displacement_number": largest_displacement_number(modes.vectors),
        "max_force": res.max_force,
        "shift": shift,
    }
