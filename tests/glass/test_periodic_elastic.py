"""The force dipole in a periodic elastic box (replicate.glass.periodic_elastic) against Kelvin's field
of the infinite medium, which it must approach far from the images (a << r << L), and against the
growth of the image correction as (r/L)^3 (the leading image field of a dipole is a uniform-gradient
term of the image lattice, of order D/(mu L^3) against Kelvin's D/(mu r^2))."""

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.glass.periodic_elastic import kelvin_dipole_field, periodic_dipole_field, poisson_ratio

E = np.array([1.0, 2.0, 3.0]) / 14**0.5
NU = 0.45


def _shell_points(r, n=1500, seed=1):
    v = np.random.default_rng(seed).standard_normal((n, 3))
    return r * v / np.linalg.norm(v, axis=1)[:, None]


def _deviation(box, r, dipole=None, nu=NU):
    dipole = np.outer(E, E) if dipole is None else dipole
    p = _shell_points(r)
    a, b = periodic_dipole_field(p, box, dipole, nu), kelvin_dipole_field(p, dipole, nu)
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


@pytest.fixture(scope="module")
def deviations():
    return {(box, r): _deviation(box, r) for box in (24.0, 32.0) for r in (3.0, 4.0, 8.0)}


def test_far_from_its_images_the_box_gives_kelvins_dipole(deviations):
    """r = 3-4 sigma in a box of 32 sigma: within 2 %. What is left: trilinear interpolation on the
    0.25-sigma grid (h^2/8 |u''|/|u| ~ 1 % at 3 sigma) and the images, 5 (r/L)^3 < 1 %. A wrong factor
    (1 - nu), a sign or a missing core correction (10 % at 3 sigma) fails it."""
    assert deviations[(32.0, 3.0)] < 0.02
    assert deviations[(32.0, 4.0)] < 0.02


def test_the_image_correction_grows_as_the_cube_of_r_over_l(deviations):
    """At r = 8 sigma the images dominate the deviation: it falls from L = 24 to 32 sigma by (32/24)^3 =
    2.37 within 15 % (the interpolation error, 0.5 % at 8 sigma, and the next image order make the rest)."""
    ratio = deviations[(24.0, 8.0)] / deviations[(32.0, 8.0)]
    assert ratio == pytest.approx((32 / 24) ** 3, rel=0.15)
    assert deviations[(24.0, 8.0)] > 0.1  # the images are not negligible at r = L/3


def test_kelvin_dipole_along_e_decays_as_r_squared_with_its_closed_form():
    """For D = e e^T: u = [(2 - 4 nu) c e + (3 c^2 - 1) n] / (16 pi mu (1 - nu) r^2); on the axis it
    points outward, (4 - 4 nu) / (16 pi (1 - nu) r^2) = 1 / (4 pi r^2) for mu = 1."""
    d = np.outer(E, E)
    u = kelvin_dipole_field(np.array([2.0 * E, 4.0 * E]), d, NU)
    np.testing.assert_allclose(u[0], E / (4 * np.pi * 4.0), rtol=1e-12)
    np.testing.assert_allclose(u[1], E / (4 * np.pi * 16.0), rtol=1e-12)
    p = _shell_points(3.0, 50)
    n = p / 3.0
    c = n @ E
    closed = ((2 - 4 * NU) * c[:, None] * E + (3 * c**2 - 1)[:, None] * n) / (16 * np.pi * (1 - NU) * 9.0)
    np.testing.assert_allclose(kelvin_dipole_field(p, d, NU), closed, rtol=1e-12, atol=1e-15)


def test_poisson_ratio_of_sound_speeds():
    """c_L^2 / c_T^2 = 2 (1 - nu) / (1 - 2 nu): nu = 1/3 gives c_L = 2 c_T, nu = 1/4 gives c_L = sqrt(3) c_T."""
    assert poisson_ratio(1.0, 2.0) == pytest.approx(1 / 3, rel=1e-12)
    assert poisson_ratio(1.0, 3**0.5) == pytest.approx(0.25, rel=1e-12)
    with pytest.raises(ParameterError, match="sound speeds"):
        poisson_ratio(2.0, 1.0)
