"""The displacement field of a force dipole in a periodic box of isotropic elastic continuum: what the
periodic images do to the far field of a localised source.

Reduced units: distances in sigma; the shear modulus mu (epsilon/sigma^3) only sets the scale of the
field, its shape depends on the Poisson ratio nu alone. A force dipole of moment D_jl = sum f_j d_l
(epsilon) at the origin exerts the body force f_j(x) = -D_jl d_l delta(x). In a cubic periodic box of
edge L and volume V = L^3 the displacement is the lattice sum over the reciprocal vectors k = 2 pi m / L,
k != 0 (the k = 0 term is the uniform translation, fixed to zero),

    u_i(x) = (1/V) sum_{k != 0} G_ij(k) (-i k_l D_jl) exp(i k.x) exp(-k^2 a^2 / 2),

    G_ij(k) = [delta_ij - k_i k_j / (2 (1 - nu) k^2)] / (mu k^2),

the Fourier transform of Kelvin's Green's function of isotropic elasticity (Landau and Lifshitz,
Theory of Elasticity, section 8; Mura, Micromechanics of Defects in Solids, section 5). The Gaussian
factor spreads the dipole over a core of radius ``a`` (sigma); it makes the sum converge and leaves the
field at r >> a unchanged to O(a^2/r^2). Far from its images (a << r << L) the field is Kelvin's dipole
field, decaying as r^-2 (:func:`kelvin_dipole_field`); near r ~ L/2 the images bend it. The boundary
effects of periodic images on the far fields of quasi-localised modes are worked out by A. Moriel,
Y. Lubomirsky, E. Lerner and E. Bouchbinder, "Extracting the properties of quasilocalized modes in
computer glasses: Long-range continuum fields, contour integrals and boundary effects",
arXiv:2007.11421 (2020).

The sum is done by FFT on a cubic grid of spacing about ``spacing`` (sigma) and the field read at
arbitrary points by periodic trilinear interpolation.
"""

import numpy as np
import scipy.ndimage

from ..core.errors import ParameterError


def poisson_ratio(c_t, c_l):
    """Poisson ratio of an isotropic solid from its transverse and longitudinal sound speeds:
    nu = (c_L^2 - 2 c_T^2) / (2 (c_L^2 - c_T^2)) (any common unit of speed)."""
    if not 0 < c_t < c_l:
        raise ParameterError(f"sound speeds must satisfy 0 < c_T < c_L, got c_T = {c_t!r}, c_L = {c_l!r}")
    return float((c_l**2 - 2 * c_t**2) / (2 * (c_l**2 - c_t**2)))


def _check(box, nu, dipole):
    if not box > 0:
        raise ParameterError(f"box must be a positive edge (sigma), got {box!r}")
    if not -1.0 < nu < 0.5:
        raise ParameterError(f"the Poisson ratio nu must lie in (-1, 1/2), got {nu!r}")
    d = np.asarray(dipole, dtype=float)
    if d.shape != (3, 3):
        raise ParameterError(f"dipole must be a 3x3 moment tensor (epsilon), got shape {d.shape}")
    return d


def dipole_field_grid(box, dipole, nu, mu=1.0, core=0.5, spacing=0.25):
    """Displacement field of a force dipole at the origin of a periodic cubic box, on a grid.

    Parameters
    ----------
    box : float
        Box edge L (sigma).
    dipole : array_like of float, shape (3, 3)
        Dipole moment D_jl (epsilon); e.g. np.outer(e, e) for a pair of opposite unit forces pushing
        apart along e at unit separation.
    nu, mu : float
        Poisson ratio and shear modulus (epsilon/sigma^3).
    core : float
        Gaussian radius a of the dipole (sigma).
    spacing : float
        Largest grid spacing (sigma); the grid has M = ceil(L/spacing) points per edge, M even.

    Returns
    -------
    ndarray of float, shape (M, M, M, 3)
        u (sigma) at the grid points x = (i, j, k) L/M.
    """
    d = _check(box, nu, dipole)
    if not 0 < spacing <= core:
        raise ParameterError(f"spacing must be positive and at most the core radius {core!r} sigma, got {spacing!r}")
    m = int(np.ceil(box / spacing))
    m += m % 2
    k1 = 2 * np.pi * np.fft.fftfreq(m, d=box / m)
    kx, ky, kz = np.meshgrid(k1, k1, k1, indexing="ij")
    k = np.stack([kx, ky, kz], axis=-1)
    k2 = kx**2 + ky**2 + kz**2
    k2[0, 0, 0] = 1.0
    dk = k @ d.T  # (D k)_j = D_jl k_l
    kdk = np.sum(k * dk, axis=-1)
    # u(k) = G(k) (-i D k) = -i [D k - k (k.D k) / (2 (1 - nu) k^2)] / (mu k^2)
    uk = -1j * (dk - k * (kdk / (2 * (1 - nu) * k2))[..., None]) / (mu * k2)[..., None]
    uk *= np.exp(-0.5 * core**2 * k2)[..., None]
    uk[0, 0, 0] = 0.0
    # the Nyquist planes: their sine part is not real on the grid (the Gaussian makes them < 1e-8 anyway)
    h = m // 2
    uk[h], uk[:, h], uk[:, :, h] = 0.0, 0.0, 0.0
    u = np.fft.ifftn(uk, axes=(0, 1, 2)).real * m**3 / box**3
    return u


def sample_grid(u_grid, box, points):
    """The grid field of :func:`dipole_field_grid` at ``points`` (sigma, shape (P, 3), any image) by
    periodic trilinear interpolation. Returns shape (P, 3)."""
    m = u_grid.shape[0]
    x = (np.asarray(points, dtype=float) % box) * (m / box)
    return np.stack(
        [scipy.ndimage.map_coordinates(u_grid[..., c], x.T, order=1, mode="grid-wrap") for c in range(3)], axis=1
    )


def kelvin_dipole_field(points, dipole, nu, mu=1.0):
    """Kelvin's field of a point force dipole in an infinite isotropic medium (sigma):

        u_i(x) = -D_jl d_l G_ij(x),   G_ij(x) = [(3 - 4 nu) delta_ij + n_i n_j] / (16 pi mu (1 - nu) r),

    which for D = e e^T (two opposite unit forces pushing apart along e) is
    u = [(2 - 4 nu) c e + (3 c^2 - 1) n] / (16 pi mu (1 - nu) r^2), c = n.e, n = x/r.
    Decays as r^-2. ``points`` shape (P, 3), no point at the origin."""
    d = _check(1.0, nu, dipole)
    x = np.asarray(points, dtype=float)
    r = np.linalg.norm(x, axis=1)
    if np.any(r == 0):
        raise ParameterError("the Kelvin field is singular at the dipole (r = 0)")
    n = x / r[:, None]
    # d_l G_ij = [-(3 - 4 nu) delta_ij n_l + delta_il n_j + delta_jl n_i - 3 n_i n_j n_l] / (A r^2)
    dn = n @ d.T  # (D n)_i = D_il n_l
    ndn = np.einsum("pj,pj->p", n, n @ d)  # n_j D_jl n_l
    tr = np.trace(d)
    # -D_jl d_l G_ij: term 1 -> (3 - 4 nu) D_il n_l; term 2 -> -D_ji n_j = -(D^T n)_i; term 3 -> -tr(D) n_i;
    # term 4 -> 3 n_i (n.D.n)
    u = (3 - 4 * nu) * dn - n @ d - tr * n + 3 * ndn[:, None] * n
    return u / (16 * np.pi * mu * (1 - nu) * r[:, None] ** 2)


def core_correction(points, dipole, nu, mu=1.0, core=0.5):
    """What the Gaussian core of radius a adds to Kelvin's dipole field beyond a few a (sigma).

    Kelvin's tensor is G_ij = [4 (1 - nu) delta_ij / r - d_i d_j r] / (16 pi mu (1 - nu)); the Gaussian
    smears 1/r into erf(r / (sqrt 2 a)) / r and r into (r + a^2/r) erf(r / (sqrt 2 a)) + sqrt(2/pi) a
    exp(-r^2 / 2a^2), which differ from 1/r and r + a^2/r by terms of order exp(-r^2 / 2a^2). The
    smeared dipole field is therefore Kelvin's plus

        u_i = a^2 D_jl d_l d_i d_j (1/r) / (16 pi mu (1 - nu))
            = a^2 [3 ((D^T n)_i + tr(D) n_i + (D n)_i) - 15 n_i (n.D.n)] / (16 pi mu (1 - nu) r^4),

    an r^-4 field (10 % of the r^-2 field at r = 3 sigma for a = 0.5 sigma). ``points`` shape (P, 3)."""
    d = _check(1.0, nu, dipole)
    x = np.asarray(points, dtype=float)
    r = np.linalg.norm(x, axis=1)
    if np.any(r == 0):
        raise ParameterError("the core correction is singular at the dipole (r = 0)")
    n = x / r[:, None]
    ndn = np.einsum("pj,pj->p", n, n @ d)
    u = 3 * (n @ d + np.trace(d) * n + n @ d.T) - 15 * ndn[:, None] * n
    return core**2 * u / (16 * np.pi * mu * (1 - nu) * r[:, None] ** 4)


def periodic_dipole_field(points, box, dipole, nu, mu=1.0, core=0.5, spacing=0.25):
    """The field of a point force dipole at the origin of a periodic cubic box at ``points`` (sigma,
    shape (P, 3), minimum-image vectors from the dipole, |x| > a few ``core``): the Gaussian-cored lattice
    sum of :func:`dipole_field_grid`, read by :func:`sample_grid`, less the core's own r^-4 field
    (:func:`core_correction`; its images, of order (a/L)^2 of the field, stay in). Returns shape (P, 3)."""
    grid = dipole_field_grid(box, dipole, nu, mu, core, spacing)
    return sample_grid(grid, box, points) - core_correction(points, dipole, nu, mu, core)
