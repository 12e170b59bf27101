"""kappa_2, kappa_3, kappa_4 along normal modes (replicate.glass.anharmonicity): the dimer in closed form,
the eigenvalue, finite differences of the energy on a glass, and the length a of eqn (3)."""

import math

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.glass.anharmonicity import mode_coefficients, quartic_length
from replicate.glass.hessian import hessian_dense
from replicate.glass.lattice import fcc
from replicate.glass.minimize import minimize
from replicate.glass.modes import normal_modes
from replicate.glass.neighbours import box_length
from replicate.glass.potential import InversePowerLaw
from replicate.glass.prepare import random_start


def _phi_derivatives(pot, r, order):
    """d^m phi / dr^m at r by a high-order central difference of the closed form (for the dimer)."""
    h = 1e-3
    f = pot.energy
    if order == 3:
        return (f(r + 2 * h) - 2 * f(r + h) + 2 * f(r - h) - f(r - 2 * h)) / (2 * h**3)
    return (f(r + 2 * h) - 4 * f(r + h) + 6 * f(r) - 4 * f(r - h) + f(r - 2 * h)) / h**4


def test_dimer_in_closed_form():
    """Two atoms at distance r0 along x, the stretch mode e = (-1, 0, 0, 1, 0, 0)/sqrt(2): the pair
    separation is r0 + sqrt(2) A, so kappa_m = 2^(m/2) phi^(m)(r0); phi^(m) of r^-6 plus the
    smoothing polynomial c0 + c2 r^2 + c4 r^4 (sigma = epsilon = 1) written out."""
    pot = InversePowerLaw(n=6.0, rc=2.5)
    _, c2, c4 = pot.coefficients
    box, r0 = 10.0, 1.1
    pos = np.array([[1.0, 5.0, 5.0], [1.0 + r0, 5.0, 5.0]])
    e = np.array([-1.0, 0, 0, 1.0, 0, 0])[:, None] / math.sqrt(2.0)
    k2, k3, k4 = mode_coefficients(pos, box, e, pot)[0]
    d2 = 42.0 * r0**-8 + 2 * c2 + 12 * c4 * r0**2
    d3 = -336.0 * r0**-9 + 24 * c4 * r0
    d4 = 3024.0 * r0**-10 + 24 * c4
    assert k2 == pytest.approx(2.0 * d2, rel=1e-13)
    assert k3 == pytest.approx(2.0**1.5 * d3, rel=1e-13)
    assert k4 == pytest.approx(4.0 * d4, rel=1e-13)
    # the closed forms above against the potential's own energy: central differences with h = 1e-3
    # have a truncation error of about h^2 phi^(5) / 4 (h^2 phi^(6) / 6 for the fourth), 2e-5 relative
    assert d3 == pytest.approx(_phi_derivatives(pot, r0, 3), rel=1e-4)
    assert d4 == pytest.approx(_phi_derivatives(pot, r0, 4), rel=1e-4)


@pytest.fixture(scope="module")
def glass():
    rng = np.random.default_rng(3)
    n = 108
    box = box_length(n, 1.0)
    pot = InversePowerLaw(rc=2.0)
    res = minimize(random_start(n, box, 0.8, rng), box, pot)
    assert res.converged
    modes = normal_modes(hessian_dense(res.pos, box, pot), res.max_force, return_vectors=True)
    return res.pos, box, pot, modes


def test_kappa_2_is_the_eigenvalue(glass):
    pos, box, pot, modes = glass
    k = mode_coefficients(pos, box, modes.vectors, pot)
    np.testing.assert_allclose(k[:, 0], modes.eigenvalues, rtol=1e-10, atol=1e-12 * modes.lambda_max)


def _energy_of_fixed_pairs(pos, box, pot, e):
    """V(A) = sum phi(|r_ij + A d_ij|) over the pairs within r_c at A = 0, with phi continued smoothly
    beyond r_c (numpy, independent of the kernels). Its derivatives at A = 0 are the kappas: a pair
    exactly at r_c aside, the pairs inside r_c do not change in a neighbourhood of A = 0, while
    differences of U itself would straddle the jump of the third derivative of phi at r_c for some
    of the ~1e3 pairs."""
    d = pos[:, None, :] - pos[None, :, :]
    d -= box * np.floor(d / box + 0.5)
    i, j = np.nonzero(np.triu(np.sum(d * d, axis=2) < pot.rc**2, 1))
    r = d[i, j]
    e = e.reshape(-1, 3)
    dd = e[i] - e[j]
    c0, c2, c4 = pot.coefficients

    def phi(s):
        return s**-3 + c0 + c2 * s + c4 * s * s

    s0 = np.sum(r * r, axis=1)

    def v(a):  # V(A) - V(0) pair by pair, which keeps the round-off of the sum small
        return np.sum(phi(np.sum((r + a * dd) ** 2, axis=1)) - phi(s0))

    return v


@pytest.mark.parametrize("mode", [0, 1, 50, 200, 310])
def test_coefficients_match_finite_differences_of_the_energy(glass, mode):
    """Central differences of V(A) (error O(h^2)) with steps h and h/2, Richardson-extrapolated (O(h^4));
    h = 0.02 sigma. Tolerance 1e-6 of each coefficient's scale: the truncation error is ~1e-8, the
    round-off (~16 eps sum|phi| / h^4 in the fourth difference) ~1e-7."""
    pos, box, pot, modes = glass
    e = modes.vectors[:, mode]
    k2, k3, k4 = mode_coefficients(pos, box, e[:, None], pot)[0]
    v = _energy_of_fixed_pairs(pos, box, pot, e)

    def diffs(h):
        f = {m: v(m * h) for m in (-2, -1, 0, 1, 2)}
        d2 = (f[1] - 2 * f[0] + f[-1]) / h**2
        d3 = (f[2] - 2 * f[1] + 2 * f[-1] - f[-2]) / (2 * h**3)
        d4 = (f[2] - 4 * f[1] + 6 * f[0] - 4 * f[-1] + f[-2]) / h**4
        return np.array([d2, d3, d4])

    h = 0.02
    rich = (4 * diffs(h / 2) - diffs(h)) / 3
    scale = np.array([abs(k2), max(abs(k3), 1e-2 * abs(k4)), abs(k4)])
    err = np.abs(rich - [k2, k3, k4])
    assert np.all(err <= 1e-6 * scale), (rich, (k2, k3, k4), err / scale)


def test_crystal_mode_has_no_cubic_term_by_symmetry():
    """In a perfect fcc crystal every atom is a centre of inversion, so the energy along a uniform
    translation of one sublattice... is even: kappa_3 = 0 for the zone-centre optic-like direction
    e_i = (-1)^i x (alternating atoms), while kappa_4 > 0 (repulsive r^-6)."""
    pos, box = fcc(3, 1.0)
    n = len(pos)
    e = np.zeros((n, 3))
    e[:, 0] = 1.0
    e[1::2, 0] = -1.0
    e = (e / np.linalg.norm(e)).reshape(-1, 1)
    k2, k3, k4 = mode_coefficients(pos, box, e, InversePowerLaw(rc=2.0))[0]
    assert abs(k3) < 1e-10 * k4 and k4 > 0 and k2 > 0


def test_quartic_length_inverts_the_single_atom_ansatz():
    """kappa_4 = 12 omega_c^2 / (a^2 N_k) (eqn 3) round trip, and bad input named."""
    a, nk, wc = 1.3, 80.0, 30.0
    k4 = 12 * wc**2 / (a**2 * nk)
    assert quartic_length(k4, nk, wc) == pytest.approx(a, rel=1e-15)
    with pytest.raises(ParameterError, match="kappa_4"):
        quartic_length(-1.0, nk, wc)
    with pytest.raises(ParameterError, match="omega_c"):
        quartic_length(k4, nk, 0.0)


def test_bad_vectors_are_named():
    pos, box = fcc(2, 1.0)
    with pytest.raises(ParameterError, match="vectors"):
        mode_coefficients(pos, box, np.ones((5, 1)), InversePowerLaw(rc=1.2))
    with pytest.raises(ParameterError, match="unit"):
        mode_coefficients(pos, box, np.ones((3 * len(pos), 1)), InversePowerLaw(rc=1.2))
