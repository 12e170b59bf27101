"""Every public physics function refuses a bad argument with a ParameterError that names the argument
(the message is the user's only guide: it must say which parameter and, where there is one, its range)."""

import math

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.sec4_epsm import T_g_implied, epsm_over_kTg
from replicate.theory import soft_potential as sp
from replicate.theory import stability as st
from replicate.theory.participation import participation_number, participation_ratio

CASES = [
    (lambda: epsm_over_kTg(-1.0, 1450.0), r"^eps0_eV \(eV\) must be positive"),
    (lambda: epsm_over_kTg(55.0, 0.0), r"^T_g_K \(glass temperature, K\) must be positive"),
    (lambda: T_g_implied(0.0, 3.5), r"^eps0_eV \(eV\) must be positive"),
    (lambda: T_g_implied(55.0, -3.5), r"^ratio \(eps_m/k_B T_g\) must be positive"),
    (lambda: st.quartic_mean_square_x(0.0), r"^beta_eps_k \(eps_k/k_B T\) must lie in \(0\.0, inf\)"),
    (lambda: st.quartic_mean_square_x(math.inf), r"^beta_eps_k \(eps_k/k_B T\) must lie in"),
    (lambda: sp.T_star_from_eps0(0.0, 55.0), r"^nu_c_THz \(THz\) must be positive"),
    (lambda: sp.T_star_from_eps0(3.0, -55.0), r"^eps0_eV \(eV\) must be positive"),
    (lambda: sp.T_star_from_eps0(3.0, 55.0, 0.0), r"^w_over_kTstar"),
    (lambda: sp.T_star_from_nsa2(0.0, 162.0, 20.0), r"^nu_c_THz \(THz\) must be positive"),
    (lambda: sp.T_star_from_nsa2(3.0, 0.0, 20.0), r"^nsa2_A2 \(Angstrom\^2\) must be positive"),
    (lambda: sp.T_star_from_nsa2(3.0, 162.0, -20.0), r"^mass_u \(u\) must be positive"),
    (lambda: sp.T_star_from_nsa2(3.0, 162.0, 20.0, -1.6), r"^w_over_kTstar"),
    (lambda: participation_number(np.ones(4)), r"first axis divisible by 3, got shape \(4, 1\)"),
    (lambda: participation_number(np.ones((2, 2, 2))), r"shape \(3N,\), \(3N, k\) or \(N, 3, k\), got \(2, 2, 2\)"),
    (lambda: participation_number(np.ones((2, 2, 2, 2))), r"got \(2, 2, 2, 2\)"),
    (lambda: participation_number([np.nan, 1.0, 1.0]), r"must be finite"),
    (lambda: participation_ratio(np.full(6, np.inf)), r"must be finite"),
]


@pytest.mark.parametrize("call, message", CASES)
def test_bad_argument_is_named(call, message):
    with pytest.raises(ParameterError, match=message):
        call()


def test_quartic_average_at_the_edges_of_its_range():
    """<x^2> (beta eps)^(1/2) = Gamma(3/4)/Gamma(1/4) for any beta eps > 0 (eqn 21 at eta = 0)."""
    ratio = math.gamma(0.75) / math.gamma(0.25)
    for be in (1e-6, 1.0, 1e6):
        assert st.quartic_mean_square_x(be) * math.sqrt(be) == pytest.approx(ratio, rel=1e-10)


def test_participation_accepts_every_documented_shape():
    """(3N,), (3N, k) and (N, 3, k) give the same N_k for the same modes."""
    rng = np.random.default_rng(4)
    e = rng.standard_normal((30, 2))
    flat = participation_number(e)
    assert np.allclose(participation_number(e.reshape(10, 3, 2)), flat, rtol=1e-14)
    assert participation_number(e[:, 0]) == pytest.approx(flat[0], rel=1e-14)


def test_participation_zero_mode_and_return_type():
    with pytest.raises(
        ParameterError, match=r"^vectors must not contain an all-zero mode \(eqn 1 normalisation fails\)$"
    ):
        participation_number(np.zeros((6, 1)))
    with pytest.raises(ParameterError, match=r"^vectors must be finite \(no NaN or inf\)$"):
        participation_number([np.inf, 0.0, 0.0])
    one = participation_number(np.array([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]))
    assert isinstance(one, float) and one == pytest.approx(2.0, rel=1e-15)
    many = participation_number(np.ones((6, 2)))
    assert isinstance(many, np.ndarray) and many.shape == (2,)
