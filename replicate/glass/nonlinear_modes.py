"""Nonlinear quasi-localised modes of an inherent structure: the core of a soft mode without the
phonons it hybridises with.

Reduced units, m = 1. For a direction pi in the 3N-dimensional configuration space (atom-major), the
energy along it is V(A) = kappa_2 A^2/2 + kappa_3 A^3/6 + kappa_4 A^4/24 + ... with kappa_2 = H:pi pi,
kappa_3 and kappa_4 the third and fourth derivatives contracted with pi
(:mod:`replicate.glass.anharmonicity`, which writes them as pair sums). The barrier of the cubic
approximation of V along a unit pi is (2/3) kappa_2^3 / kappa_3^2; a cubic mode is a local minimum
over directions of that barrier, i.e. of

    f_3(pi) = log kappa_2(pi) - (2/3) log |kappa_3(pi)|.

Where a soft spot is symmetric (a centrosymmetric defect) kappa_3 vanishes along its motion and the
cubic mode is not defined; the quartic mode minimises kappa_2^2 / kappa_4 instead (the depth
3 kappa_2^2 / (2 kappa_4) of the double well kappa_2 A^2/2 - kappa_4 A^4/24, the sign of kappa_2
turned over),

    f_4(pi) = log kappa_2(pi) - (1/2) log kappa_4(pi).

Both are homogeneous of degree 0 in pi (kappa_n is of degree n), so they are minimised without a
constraint and the result normalised afterwards (Gartner and Lerner, SciPost Phys. 1, 016 (2016),
doi:10.21468/SciPostPhys.1.2.016; Kapteijns, Richard and Lerner, Phys. Rev. E 101, 032130 (2020),
doi:10.1103/PhysRevE.101.032130). A harmonic mode near a soft spot mixes the spot's quasi-localised
motion with plane waves of similar frequency. Plane waves carry almost no anharmonicity, so
minimising f from that harmonic mode sheds them, and the participation number of the nonlinear mode
measures the core alone.

Gradients, with g(s) = phi(sqrt(s)) and per pair r = r_i - r_j, d = pi_i - pi_j, b = r.d, c = d.d
(db/dd = r, dc/dd = 2 d):

    d kappa_2 / d d = 8 g'' b r + 4 g' d
    d kappa_3 / d d = (24 g''' b^2 + 12 g'' c) r + 24 g'' b d
    d kappa_4 / d d = (64 g'''' b^3 + 96 g''' b c) r + (96 g''' b^2 + 48 g'' c) d,

added to atom i and subtracted from atom j. The three uniform translations are removed from pi and
from the gradient (they have kappa_2 = kappa_3 = kappa_4 = 0).
"""

import numba
import numpy as np
import scipy.optimize

from ..core.errors import ParameterError
from ..theory.participation import participation_number
from .anharmonicity import g_derivatives
from .box import minimum_image
from .hessian import check_configuration, pairs_within
from .modes import orient
from .potential import InversePowerLaw

GTOL = 1e-7  # L-BFGS bound on the largest gradient component of f (dimensionless, for unit |pi|)
# L-BFGS may stop its line search ("ABNORMAL") at round-off with the gradient at a few 1e-7: measured on
# N = 500 glasses, f then equals that of a converged run from another start to 1e-12. A mode counts as
# converged when the scale-free gradient |pi| max|grad f| is below STATIONARY.
STATIONARY = 1e-5
MAX_ITER = 20000
# The sign convention of a nonlinear mode (:func:`orient_by_cubic`): kappa_3 >= 0. Where the mode is
# symmetric, |kappa_3| is round-off: measured 1.1e-12 sqrt(kappa_2 kappa_4) on the centrosymmetric soft
# spot of one N = 500 glass, while the smallest genuine asymmetry among the 780 cached quartic modes is
# 6e-5 of it. Below CUBIC_ZERO times sqrt(|kappa_2 kappa_4|), kappa_3 is zero to round-off: it is stored
# as 0 and the mode takes the harmonic convention (replicate.glass.modes.orient).
CUBIC_ZERO = 1e-8
# f = log kappa_2 - EXPONENTS[order] log |kappa_order|: of degree 2 - order * exponent = 0
EXPONENTS = {3: 2.0 / 3.0, 4: 0.5}


@numba.njit
def _coefficients_gradients(pos, box, pairs, p, v, grad2, grad3, grad4):
    """kappa_2, kappa_3, kappa_4 along v (not normalised) and their gradients (filled in place)."""
    k2 = 0.0
    k3 = 0.0
    k4 = 0.0
    grad2[:, :] = 0.0
    grad3[:, :] = 0.0
    grad4[:, :] = 0.0
    for q in range(pairs.shape[0]):
        i, j = pairs[q, 0], pairs[q, 1]
        rx = minimum_image(pos[i, 0] - pos[j, 0], box)
        ry = minimum_image(pos[i, 1] - pos[j, 1], box)
        rz = minimum_image(pos[i, 2] - pos[j, 2], box)
        g1, g2, g3, g4 = g_derivatives(rx * rx + ry * ry + rz * rz, p)
        if g1 == 0.0 and g2 == 0.0 and g3 == 0.0 and g4 == 0.0:
            continue
        dx = v[i, 0] - v[j, 0]
        dy = v[i, 1] - v[j, 1]
        dz = v[i, 2] - v[j, 2]
        b = rx * dx + ry * dy + rz * dz
        c = dx * dx + dy * dy + dz * dz
        k2 += 4.0 * g2 * b * b + 2.0 * g1 * c
        k3 += 8.0 * g3 * b * b * b + 12.0 * g2 * b * c
        k4 += 16.0 * g4 * b**4 + 48.0 * g3 * b * b * c + 12.0 * g2 * c * c
        # d/dd = (d/db) r + 2 (d/dc) d
        r2, d2 = 8.0 * g2 * b, 4.0 * g1
        r3, d3 = 24.0 * g3 * b * b + 12.0 * g2 * c, 24.0 * g2 * b
        r4, d4 = 64.0 * g4 * b**3 + 96.0 * g3 * b * c, 96.0 * g3 * b * b + 48.0 * g2 * c
        for ax in range(3):
            r = rx if ax == 0 else (ry if ax == 1 else rz)
            d = dx if ax == 0 else (dy if ax == 1 else dz)
            t2 = r2 * r + d2 * d
            t3 = r3 * r + d3 * d
            t4 = r4 * r + d4 * d
            grad2[i, ax] += t2
            grad2[j, ax] -= t2
            grad3[i, ax] += t3
            grad3[j, ax] -= t3
            grad4[i, ax] += t4
            grad4[j, ax] -= t4
    return k2, k3, k4


class ModeSearch:
    """An inherent structure prepared for nonlinear-mode searches: positions, box, pair list, potential."""

    def __init__(self, pos, box, pot=None):
        self.pot = InversePowerLaw() if pot is None else pot
        self.pos, self.box = check_configuration(pos, box, self.pot)
        self.pairs = pairs_within(self.pos, self.box, self.pot.rc)
        self.n = self.pos.shape[0]
        self._g = np.empty((3, self.n, 3))

    def coefficients(self, v):
        """(kappa_2, kappa_3, kappa_4) along ``v`` (N, 3; not normalised) and their gradients (3, N, 3)."""
        v = np.ascontiguousarray(v, dtype=float)
        k = _coefficients_gradients(
            self.pos, self.box, self.pairs, self.pot.params, v, self._g[0], self._g[1], self._g[2]
        )
        return np.array(k), self._g.copy()

    def objective(self, flat, order):
        """f of the module docstring for ``order`` 3 or 4, and its gradient, translations projected out."""
        v = flat.reshape(self.n, 3)
        v = v - v.mean(axis=0)
        k, g = self.coefficients(v)
        ko = k[order - 2]
        if not (k[0] > 0) or not (abs(ko) > 0) or (order == 4 and ko < 0):
            return np.inf, np.zeros_like(flat)
        power = EXPONENTS[order]
        grad = g[0] / k[0] - power * g[order - 2] / ko
        grad -= grad.mean(axis=0)
        return float(np.log(k[0]) - power * np.log(abs(ko))), grad.ravel()


def orient_by_cubic(mode, kappa):
    """The sign convention of a nonlinear mode: the direction in which kappa_3 >= 0.

    The energy along a mode, kappa_2 A^2/2 + kappa_3 A^3/6 + kappa_4 A^4/24, is the same for (pi, A) and
    (-pi, -A); only the sign of kappa_3 tells the two directions apart. The mode is turned so that
    kappa_3 >= 0, the usual choice xi >= 0 of the soft-potential model's asymmetry. Where |kappa_3| is
    round-off (below :data:`CUBIC_ZERO` sqrt(|kappa_2 kappa_4|)) it is set to 0 and the largest
    component is made positive instead (:func:`replicate.glass.modes.orient`).

    Parameters
    ----------
    mode : ndarray of float, shape (N, 3)
        Unit direction; changed in place.
    kappa : ndarray of float, shape (3,)
        (kappa_2, kappa_3, kappa_4) along ``mode``; changed in place.

    Returns
    -------
    tuple
        ``(mode, kappa)`` with the convention applied.
    """
    if abs(kappa[1]) <= CUBIC_ZERO * np.sqrt(abs(kappa[0] * kappa[2])):
        kappa[1] = 0.0
        orient(mode.reshape(-1))
    elif kappa[1] < 0:
        mode *= -1.0
        kappa[1] = -kappa[1]
    return mode, kappa


def nonlinear_mode(search, start, order=4, gtol=GTOL, max_iter=MAX_ITER):
    """The nonlinear mode reached from ``start`` by minimising f (module docstring) with L-BFGS.

    Parameters
    ----------
    search : ModeSearch
        The inherent structure.
    start : array_like of float, shape (N, 3) or (3N,)
        Start direction, e.g. a harmonic mode (any norm).
    order : int
        3 (cubic modes) or 4 (quartic modes).
    gtol, max_iter : float, int
        L-BFGS stopping rules.

    Returns
    -------
    dict
        ``mode`` (N, 3) unit vector signed by :func:`orient_by_cubic`, ``kappa`` (kappa_2
        epsilon/sigma^2, kappa_3 >= 0 epsilon/sigma^3, kappa_4 epsilon/sigma^4) along it, ``participation_number`` N_k (eqn 2), ``centre`` (index of
        the most displaced atom), ``overlap`` |<start, mode>| with the normalised start,
        ``iterations``, ``converged``.
    """
    if not isinstance(search, ModeSearch):
        raise ParameterError(f"search must be a ModeSearch, got {type(search).__name__}")
    if order not in EXPONENTS:
        raise ParameterError(f"order must be 3 (cubic modes) or 4 (quartic modes), got {order!r}")
    s = np.asarray(start, dtype=float).reshape(search.n, 3)
    s = s - s.mean(axis=0)
    norm = np.linalg.norm(s)
    if not np.isfinite(norm) or norm == 0:
        raise ParameterError("start must be a finite direction with a part orthogonal to the translations")
    s = s / norm
    res = scipy.optimize.minimize(
        search.objective,
        s.ravel(),
        args=(order,),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": max_iter, "gtol": gtol, "ftol": 0.0, "maxcor": 20},
    )
    v = res.x.reshape(search.n, 3)
    v = v - v.mean(axis=0)
    v = v / np.linalg.norm(v)
    k, _ = search.coefficients(v)
    v, k = orient_by_cubic(v, k)
    return {
        "mode": v,
        "kappa": k,
        "participation_number": float(participation_number(v.reshape(-1))),
        "centre": int(np.argmax(np.sum(v * v, axis=1))),
        "overlap": float(abs(np.sum(v * s))),
        "iterations": int(res.nit),
        "converged": bool(res.success) or float(np.linalg.norm(res.x) * np.max(np.abs(res.jac))) < STATIONARY,
    }
