"""Inverse-power-law pair potential of the model glass, eqn (9) of the paper, with a smooth cutoff.

Reduced units: length sigma, energy epsilon, mass m, time tau = sigma*sqrt(m/epsilon); temperatures
are ``kT`` in units of epsilon. The paper (eqn 9) and Laird & Schober, PRL 66, 636 (1991),
doi:10.1103/PhysRevLett.66.636, use V(r) = 1/r^6, i.e. n = 6, epsilon = sigma = 1.

For r < r_c the pair energy is

    phi(r) = epsilon * [ (sigma/r)^n + c0 + c2 (r/sigma)^2 + c4 (r/sigma)^4 ],

and phi(r) = 0 for r >= r_c. With x = r_c/sigma the three constants

    c0 = -(n+2)(n+4)/8 * x^-n,   c2 = n(n+4)/4 * x^-(n+2),   c4 = -n(n+2)/8 * x^-(n+4)

make phi, phi' and phi'' vanish at r_c, so energy, forces and the Hessian are continuous
(the low-frequency modes are sensitive to a discontinuous phi''; Shimada, Mizuno, Ikeda,
PRE 97, 022609 (2018)). The cutoff is not given by the paper or by Laird & Schober: it is our
stated choice (see ``replicate.glass.prepare``).

The scalar kernels :func:`pair_terms` (phi, phi'/r, phi'') and :func:`pair_force` (phi, phi'/r) are the one
place the formula lives; the Hessian calls the first, the force loop the second. It is deliberately not compiled with ``cache=True`` (a cached
caller would not notice a change here).
"""

from dataclasses import dataclass

import numba
import numpy as np

from ..core.errors import require_positive, require_range

# n/2 up to this is raised by repeated multiplication (n = 6: three); beyond it a general power
MAX_INTEGER_POWER = 24


@dataclass(frozen=True)
class InversePowerLaw:
    """epsilon*(sigma/r)**n, smoothed at ``rc`` so that phi, phi', phi'' -> 0.

    Parameters
    ----------
    n : float
        Inverse-power exponent, 3 < n <= 48.
    rc : float
        Cutoff r_c (sigma), 1 < r_c/sigma <= 20.
    epsilon : float
        Energy scale (epsilon).
    sigma : float
        Length scale (sigma).
    """

    n: float = 6.0
    rc: float = 2.5
    epsilon: float = 1.0
    sigma: float = 1.0

    def __post_init__(self):
        require_range("n (inverse-power exponent)", self.n, 3.0, 48.0, lo_open=True)
        require_range("rc (cutoff, units of sigma)", self.rc, 1.0, 20.0, lo_open=True)
        require_positive("epsilon", self.epsilon)
        require_positive("sigma", self.sigma)

    @property
    def coefficients(self):
        """``(c0, c2, c4)`` of the smoothing polynomial (dimensionless)."""
        n, x = float(self.n), self.rc / self.sigma
        return (
            -(n + 2.0) * (n + 4.0) / 8.0 * x**-n,
            n * (n + 4.0) / 4.0 * x ** -(n + 2.0),
            -n * (n + 2.0) / 8.0 * x ** -(n + 4.0),
        )

    @property
    def params(self):
        """Float array ``[n, rc^2, c0, c2, c4, epsilon, sigma, k]`` passed to the numba kernels, where
        ``k = n/2`` when that is a whole number (then (sigma/r)^n = (sigma^2/r^2)^k by multiplications,
        the fast path of :func:`pair_terms`) and 0 otherwise (a general power)."""
        c0, c2, c4 = self.coefficients
        half = 0.5 * float(self.n)
        k = half if half == int(half) and half <= MAX_INTEGER_POWER else 0.0
        return np.array([self.n, self.rc**2, c0, c2, c4, self.epsilon, self.sigma, k], dtype=np.float64)

    # Vectorised numpy versions, for tests, lattice sums and plots.
    def energy(self, r):
        """phi(r) in epsilon; ``r`` in sigma (array)."""
        return _vectorised(np.asarray(r, dtype=float), self.params)[0]

    def derivative(self, r):
        """phi'(r) in epsilon/sigma."""
        r = np.asarray(r, dtype=float)
        return -_vectorised(r, self.params)[1] * r

    def second_derivative(self, r):
        """phi''(r) in epsilon/sigma^2."""
        return _vectorised(np.asarray(r, dtype=float), self.params)[2]


@numba.njit(inline="always")
def inverse_power(s2, n, k):
    """(sigma/r)^n and (sigma/r)^n / s2 from s2 = (r/sigma)^2 (numba, inlined): by multiplications of
    t = 1/s2 when ``k`` = n/2 is a whole number > 0 (n = 6: t^3), otherwise by a general power."""
    if k == 3:
        t = 1.0 / s2
        inv_n = t * t * t
        return inv_n, inv_n * t
    if k > 0:
        t = 1.0 / s2
        inv_n = t
        for _ in range(k - 1):
            inv_n *= t
        return inv_n, inv_n * t
    inv_n = s2 ** (-0.5 * n)
    return inv_n, inv_n / s2


@numba.njit(inline="always")
def pair_force(r2, p):
    """Pair energy and force factor at squared distance ``r2`` (numba, inlined): what the force loop
    needs, without the second derivative. Zero for ``r2 >= rc^2``.

    Parameters
    ----------
    r2 : float
        Squared distance r^2 (sigma^2).
    p : ndarray of float, shape (8,)
        :attr:`InversePowerLaw.params`.

    Returns
    -------
    phi : float
        phi(r) (epsilon).
    f_over_r : float
        -phi'(r)/r (epsilon/sigma^2); times the separation vector it is the force on the first atom.
    """
    n, c0, c2, c4, eps, sig = p[0], p[2], p[3], p[4], p[5], p[6]
    s2 = r2 / (sig * sig)  # (r/sigma)^2
    inv_n, inv_n_over_s2 = inverse_power(s2, n, int(p[7]))  # (sigma/r)^n and (sigma/r)^n (sigma/r)^2
    phi = eps * (inv_n + c0 + c2 * s2 + c4 * s2 * s2)
    dphi_over_r = eps / (sig * sig) * (-n * inv_n_over_s2 + 2.0 * c2 + 4.0 * c4 * s2)
    # evaluated for every listed pair, then selected: no branch to mispredict on the listed pairs
    # beyond r_c (about a third of a Verlet list)
    inside = r2 < p[1]
    return (phi if inside else 0.0), (-dphi_over_r if inside else 0.0)


@numba.njit(inline="always")
def pair_terms(r2, p):
    """Pair energy and its derivatives at squared distance ``r2`` (numba, inlined).

    Zero for ``r2 >= rc^2``. ``-phi'/r`` times the separation vector is the force on the first atom.

    Parameters
    ----------
    r2 : float
        Squared distance r^2 (sigma^2).
    p : ndarray of float, shape (8,)
        :attr:`InversePowerLaw.params`.

    Returns
    -------
    phi : float
        phi(r) (epsilon).
    f_over_r : float
        -phi'(r)/r (epsilon/sigma^2).
    d2phi : float
        phi''(r) (epsilon/sigma^2).
    """
    phi, f_over_r = pair_force(r2, p)
    if r2 >= p[1]:
        return 0.0, 0.0, 0.0
    n, c2, c4, eps, sig = p[0], p[3], p[4], p[5], p[6]
    s2 = r2 / (sig * sig)  # (r/sigma)^2
    _, inv_n_over_s2 = inverse_power(s2, n, int(p[7]))
    d2phi = eps / (sig * sig) * (n * (n + 1.0) * inv_n_over_s2 + 2.0 * c2 + 12.0 * c4 * s2)
    return phi, f_over_r, d2phi


@numba.njit
def _vectorised(r, p):
    flat = r.ravel()
    e = np.empty_like(flat)
    f = np.empty_like(flat)
    k = np.empty_like(flat)
    for i in range(flat.size):
        e[i], f[i], k[i] = pair_terms(flat[i] * flat[i], p)
    return e.reshape(r.shape), f.reshape(r.shape), k.reshape(r.shape)
