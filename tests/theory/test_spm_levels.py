"""replicate.theory.spm.levels: finite-difference levels against literature values, an independent basis
expansion and the harmonic and instanton limits."""

import math

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.theory import spm

# Pure quartic oscillator -d^2/dy^2 + y^4: E0, E1 as tabulated to 19 digits by Hioe and Montroll,
# J. Math. Phys. 16, 1945 (1975); verified here to 2e-11 by a basis expansion. E2 = 7.455697937986738 is
# our own basis-expansion value.
QUARTIC = (1.0603620904841828996, 3.7996730298013941688, 7.455697937986738)


def basis_levels(eta, xi, n_basis=300, omega=4.0, n=6):
    """Independent method: H = p^2 + xi y + eta y^2 + y^4 in a harmonic-oscillator basis.

    With hbar = 1 and mass 1/2, y = (a + a^+)/sqrt(omega) and p^2 = -(omega/4) (a^+ - a)^2; matrices are
    built in a basis 4 states larger and truncated, so y^4 is exact within the kept block.
    """
    m = n_basis + 4
    a = np.diag(np.sqrt(np.arange(1, m)), 1)
    y = (a + a.T) / math.sqrt(omega)
    p2 = -(omega / 4.0) * ((a - a.T) @ (a - a.T))
    y2 = y @ y
    H = (p2 + xi * y + eta * y2 + y2 @ y2)[:n_basis, :n_basis]
    return np.linalg.eigvalsh(H)[:n]


def test_quartic_levels_basis_expansion_confirms_literature_digits():
    e = basis_levels(0.0, 0.0, 300, omega=4.0)
    assert np.allclose(e[:3], QUARTIC, rtol=0, atol=2e-11)
    # a different basis size and frequency gives the same digits (the expansion is converged)
    assert np.allclose(basis_levels(0.0, 0.0, 220, omega=6.0)[:3], QUARTIC, rtol=0, atol=2e-11)


def test_quartic_levels_finite_differences():
    e = spm.levels(0.0, 0.0, 3, step=0.05)
    # Richardson O(h^4) at h p_max = 0.05: measured errors 2e-11 (E0), 5e-10 (E1), 3e-9 (E2); the
    # table uses step 0.25 (errors 2e-8, 3e-7, 2e-6 for these levels, shrinking as h^4)
    assert np.allclose(e, QUARTIC, rtol=0, atol=[1e-10, 2e-9, 1e-8])
    coarse = spm.levels(0.0, 0.0, 3, step=0.25)
    assert np.all(np.abs(coarse - QUARTIC) > np.abs(e - QUARTIC))  # refinement converges


def test_richardson_beats_a_single_grid():
    one = spm.levels(0.0, 0.0, 2, step=0.25, richardson=False)
    two = spm.levels(0.0, 0.0, 2, step=0.25)
    assert np.all(np.abs(two - QUARTIC[:2]) < 1e-3 * np.abs(one - QUARTIC[:2]))


def test_fd_levels_of_a_harmonic_well_are_second_order():
    """-d^2/dy^2 + y^2 has levels 2n + 1; the error of the three-point Laplacian falls as h^2."""
    err = []
    for npts in (400, 800):
        y = np.linspace(-10.0, 10.0, npts + 1)[1:-1]
        e = spm.fd_levels(y**2, y[1] - y[0], 4)
        err.append(np.abs(e - (2 * np.arange(4) + 1)))
    assert np.all(err[1] < 1e-3)
    assert np.allclose(err[0] / err[1], 4.0, rtol=0.01)


def test_semiclassical_count_of_a_harmonic_well():
    """(1/pi) int sqrt(E - eta y^2) dy = E / (2 sqrt(eta)): the number of levels 2 sqrt(eta) (n + 1/2) below E."""
    y = np.linspace(-20.0, 20.0, 400001)
    eta = 3.0
    E = np.array([1.0, 10.0, 100.0])
    assert np.allclose(spm.semiclassical_count(eta * y**2, y[1] - y[0], E), E / (2 * math.sqrt(eta)), rtol=1e-5)


@pytest.mark.parametrize("eta", [50.0, 200.0, 400.0])
def test_harmonic_limit_spacing(eta):
    e = spm.levels(eta, 0.0, 3, step=0.1)
    # perturbation in y^4 (hbar = 1, mass 1/2, omega = 2 sqrt(eta)): first order 3/eta, second order
    # -(2/omega^5)(144) = -9/eta^(5/2) for E1 - E0; the tolerance checks the second order to 1/3
    assert e[1] - e[0] == pytest.approx(2 * math.sqrt(eta) + 3.0 / eta - 9.0 / eta**2.5, abs=3.0 / eta**2.5)
    assert (e[2] - e[1]) / (2 * math.sqrt(eta)) == pytest.approx(1.0, abs=10.0 / eta**1.5)


@pytest.mark.parametrize("eta", [-2.0, -4.0, -6.0])
def test_symmetric_double_well_splitting_against_basis_expansion(eta):
    fd = spm.levels(eta, 0.0, 2, step=0.1, tol=spm.EXACT_TOL)
    ho = basis_levels(eta, 0.0, 300, omega=2.0 * math.sqrt(2.0 * abs(eta)) + 2.0, n=2)
    # basis converged to 1e-11 (checked with 300/400 states, omega 6-12); FD at step 0.1: rel. error 1.4e-7
    assert fd[1] - fd[0] == pytest.approx(ho[1] - ho[0], rel=1e-6)
    # the table's step 0.25 (symmetric_splitting uses 0.2): rel. error 5e-6
    assert spm.symmetric_splitting(eta) == pytest.approx(ho[1] - ho[0], rel=2e-5)


def test_asymmetric_levels_against_basis_expansion():
    fd = spm.levels(-3.0, 0.7, 5, step=0.1)
    ho = basis_levels(-3.0, 0.7, 300, omega=5.0, n=5)
    assert np.allclose(fd, ho, rtol=0, atol=1e-7)


def test_deep_splitting_follows_the_instanton_form():
    # below eta = -13 the splitting is extrapolated; check the form on exact values above it
    e = np.array([7.0, 9.0, 11.0, 13.0])
    c = np.array([spm.symmetric_splitting(-x) for x in e]) / (e**1.25 * np.exp(-spm.WKB_ACTION * e**1.5))
    assert np.all(np.diff(c) > 0) and np.all(np.diff(np.diff(c)) < 0)  # approaches its limit from below
    assert c[-1] / c[-2] - 1 < 0.02  # so the constant matched at -13 is good to ~1-2 % deeper down
    assert spm.symmetric_splitting(-16.0) < spm.symmetric_splitting(-13.0) * 1e-3


def test_lower_well_levels_match_full_spectrum_for_a_deep_well():
    # deep, asymmetric: the ground state of the full problem is the ground state of the lower well
    full = spm.levels(-12.0, 0.5, 4)
    low = spm.levels(-12.0, 0.5, 2, wall="lower")
    assert low[0] == pytest.approx(full[0], abs=1e-6)  # different grids: FD errors ~1e-8
    assert low[1] - low[0] == pytest.approx(math.sqrt(2 * spm.minima(-12.0, 0.5)[0][2]), rel=0.1)


@pytest.mark.parametrize(
    "call",
    [
        lambda: spm.levels(float("nan"), 0.0),
        lambda: spm.levels(0.0, 0.0, n_levels=0),
        lambda: spm.levels(0.0, 0.0, step=1.5),
        lambda: spm.levels(0.0, 0.0, wall="upper"),
        lambda: spm.levels(1.0, 0.0, wall="lower"),
        lambda: spm.fd_levels(np.zeros(10), 0.1, 11),
    ],
)
def test_bad_parameters_raise(call):
    with pytest.raises(ParameterError):
        call()
