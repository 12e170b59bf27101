"""Eqns (1)-(2): limits with known answers and invariances."""

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.theory.participation import largest_displacement_number, participation_number, participation_ratio


def test_single_atom_mode_has_one_participant():
    e = np.zeros(30)
    e[7] = 0.3  # one atom, unnormalised
    assert participation_number(e) == pytest.approx(1.0, rel=1e-14)


def test_equal_amplitudes_give_all_atoms():
    n = 250
    e = np.ones((3 * n, 1))
    assert participation_number(e)[0] == pytest.approx(n, rel=1e-13)
    assert participation_ratio(e)[0] == pytest.approx(1.0, rel=1e-13)


def test_m_atoms_sharing_equally():
    n, m = 100, 17
    e = np.zeros((n, 3, 1))
    e[:m, 1, 0] = 1.0
    assert participation_number(e)[0] == pytest.approx(m, rel=1e-13)


def test_sign_and_normalisation_invariance():
    rng = np.random.default_rng(1)
    e = rng.standard_normal((90, 6))
    ref = participation_number(e)
    signs = np.where(rng.random(6) < 0.5, -1.0, 1.0)
    assert np.allclose(participation_number(e * signs * np.array([1, 2, 3, 1e-5, 1e5, 7])), ref, rtol=1e-13)


def test_shapes_agree():
    rng = np.random.default_rng(2)
    e = rng.standard_normal((3 * 20, 4))
    assert np.allclose(participation_number(e), participation_number(e.reshape(20, 3, 4)), rtol=1e-14)


def test_direction_within_an_atom_does_not_matter():
    e1 = np.zeros((12, 1))
    e1[0, 0] = 1.0  # x of atom 0
    e2 = np.zeros((12, 1))
    e2[:3, 0] = 1.0  # diagonal on atom 0
    assert participation_number(e1)[0] == pytest.approx(participation_number(e2)[0])


@pytest.mark.parametrize("bad", [np.zeros((7, 2)), np.zeros((6, 2)), np.full((6, 1), np.nan), np.zeros((2, 2, 2, 2))])
def test_bad_input_is_refused(bad):
    with pytest.raises(ParameterError):
        participation_number(bad)


def test_largest_displacement_number_cases_and_bound():
    """1/max|e_i|^2: one atom moving gives 1, all atoms equally N, m equal atoms m; never above N_k
    (sum |e_i|^4 <= max |e_i|^2), equal to it exactly when the moving atoms move equally."""
    n = 50
    one = np.zeros((n, 3))
    one[7, 1] = 1.0
    assert largest_displacement_number(one.reshape(-1)) == pytest.approx(1.0)
    uniform = np.ones((n, 3))
    assert largest_displacement_number(uniform.reshape(-1)) == pytest.approx(n)
    four = np.zeros((n, 3))
    four[[1, 5, 9, 30], 2] = [1.0, -1.0, 1.0, 1.0]
    assert largest_displacement_number(3.0 * four.reshape(-1)) == pytest.approx(4.0)
    rng = np.random.default_rng(2)
    e = rng.standard_normal((3 * n, 40)) * rng.uniform(0.05, 1.0, (n, 1)).repeat(3, axis=0)
    nmax, nk = largest_displacement_number(e), participation_number(e)
    assert np.all(nmax <= nk * (1 + 1e-12)) and np.all(nmax >= 1.0) and np.any(nmax < 0.9 * nk)
