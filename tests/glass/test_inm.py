"""Instantaneous normal modes (replicate.glass.inm): a perfect crystal has no unstable mode, a planted
saddle has one on the atom that sits on it, the spectrum at a minimum is that of the harmonic analysis,
and the thermal mode parameter of eqn (24) gives the double well's barrier."""

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.glass.box import minimum_image_round
from replicate.glass.forces import energy_forces
from replicate.glass.hessian import hessian_dense
from replicate.glass.inm import instantaneous_modes, signed_frequency, thermal_mode_parameter
from replicate.glass.lattice import fcc
from replicate.glass.modes import normal_modes
from replicate.glass.potential import InversePowerLaw

POT = InversePowerLaw()


def test_perfect_crystal_has_no_unstable_mode_and_three_translations_removed():
    """fcc at rho = 1 (256 atoms) is a stable minimum: 3N - 3 modes, none negative, the lowest
    positive well above round-off (its lowest acoustic wave); the same spectrum as the harmonic path."""
    pos, box = fcc(4, 1.0)
    inm = instantaneous_modes(pos, box, POT)
    assert inm.eigenvalues.shape == (3 * 256 - 3,)
    assert inm.n_unstable == 0
    assert inm.eigenvalues[0] > 1e-3 * inm.eigenvalues[-1]
    ref = normal_modes(hessian_dense(pos, box, POT), 0.0)
    np.testing.assert_allclose(inm.eigenvalues, ref.eigenvalues, rtol=1e-10, atol=1e-10 * ref.eigenvalues[-1])


def _planted_saddle():
    """fcc with a vacancy at atom 0's site and its neighbour k moved to the midpoint of the hop:
    by the mirror symmetry of the hop the energy along the hop is largest there."""
    pos, box = fcc(4, 1.0)
    d = minimum_image_round(pos - pos[0], box)
    r = np.linalg.norm(d, axis=1)
    r[0] = np.inf
    k = int(np.argmin(r))
    mid = pos[0] + 0.5 * d[k]
    out = pos.copy()
    out[k] = mid
    return np.delete(out, 0, axis=0), box, k - 1, d[k] / np.linalg.norm(d[k])


def test_planted_saddle_has_an_unstable_mode_on_the_hopping_atom():
    """The lowest eigenvalue lies below the curvature along the hop (Rayleigh bound), which a
    five-point finite difference of the energy shows negative; the unstable mode's largest weight is
    on the hopping atom."""
    pos, box, k, u = _planted_saddle()
    h = 1e-3

    def energy(s):
        p = pos.copy()
        p[k] += s * u
        return energy_forces(p, box, POT)[0]

    curv = (-energy(2 * h) + 16 * energy(h) - 30 * energy(0) + 16 * energy(-h) - energy(-2 * h)) / (12 * h * h)
    assert curv < 0
    inm = instantaneous_modes(pos, box, POT, return_vectors=True)
    assert inm.n_unstable >= 1
    assert inm.eigenvalues[0] <= curv + 1e-6 * abs(curv)
    w = (inm.vectors[:, 0].reshape(-1, 3) ** 2).sum(axis=1)
    assert int(np.argmax(w)) == k
    assert inm.frequencies[0] < 0 and inm.participation_number[0] < 0.1 * pos.shape[0]


def test_signed_frequency():
    lam = np.array([-4.0 * np.pi**2, 0.0, np.pi**2])
    np.testing.assert_allclose(signed_frequency(lam), [-1.0, 0.0, 0.5])


@pytest.mark.parametrize("lam, k4, kT", [(-2.0, 300.0, 0.1), (-0.05, 800.0, 0.02), (-7.0, 50.0, 0.5)])
def test_thermal_parameter_gives_the_barrier_of_the_double_well(lam, k4, kT):
    """V(A) = lam A^2/2 + k4 A^4/24 has its minima at A^2 = -6 lam/k4; the barrier V(0) - V_min in
    units of kT equals eta'^2/4 (module docstring of replicate.glass.inm), to round-off."""
    eta = thermal_mode_parameter(lam, k4, kT)
    a2 = -6.0 * lam / k4
    barrier = -(lam * a2 / 2 + k4 * a2**2 / 24)
    assert eta < 0
    assert barrier / kT == pytest.approx(eta**2 / 4, rel=1e-12)


def test_thermal_parameter_refuses_an_unbounded_mode():
    with pytest.raises(ParameterError, match="kappa_4"):
        thermal_mode_parameter(-1.0, -5.0, 0.1)
    with pytest.raises(ParameterError, match="kT"):
        thermal_mode_parameter(-1.0, 5.0, 0.0)
