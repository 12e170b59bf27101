"""Eqns (6)-(8): forward and inverse are exact inverses; closed forms satisfy eqns (6) and (7)."""

import math

import pytest
from scipy import constants as C

from replicate.core.errors import ParameterError
from replicate.theory import soft_potential as sp


def test_forward_satisfies_eqns_6_and_7():
    nu_c, T_star, mass = 2.5, 1.7, 30.0
    out = sp.forward(nu_c, T_star, mass, 1.6)
    w = 2 * math.pi * nu_c * 1e12
    X = out["nsa2_A2"] * 1e-20 * mass * C.atomic_mass  # N_s M a^2
    eps0 = X * w**2 / 2  # eqn (6)
    W = (C.hbar**2 / (2 * X)) ** (2 / 3) * eps0 ** (1 / 3)  # eqn (7)
    assert eps0 / C.e == pytest.approx(out["eps0_eV"], rel=1e-12)
    assert W / C.e == pytest.approx(out["W_eV"], rel=1e-12)
    assert out["W_eV"] == pytest.approx(1.6 * C.k * T_star / C.e, rel=1e-14)  # eqn (8)


@pytest.mark.parametrize("nsa2,eps0,mass", [(162, 55, 20.028), (289, 89, 78.96), (392, 45, 13.924)])
def test_inverse_then_forward_round_trips(nsa2, eps0, mass):
    inv = sp.inverse(nsa2, eps0, mass)
    fw = sp.forward(inv["nu_c_THz"], inv["T_star_K"], mass)
    assert fw["nsa2_A2"] == pytest.approx(nsa2, rel=1e-12)
    assert fw["eps0_eV"] == pytest.approx(eps0, rel=1e-12)


def test_scalings():
    a = sp.forward(3.0, 2.0, 20.0)
    b = sp.forward(6.0, 2.0, 20.0)
    c = sp.forward(3.0, 4.0, 40.0)
    assert b["eps0_eV"] / a["eps0_eV"] == pytest.approx(16.0)  # eps_0 ~ omega^4
    assert b["nsa2_A2"] / a["nsa2_A2"] == pytest.approx(4.0)  # N_s a^2 ~ omega^2
    assert a["nsa2_A2"] / c["nsa2_A2"] == pytest.approx(16.0)  # ~ W^-3 M^-1
    assert a["eps0_eV"] / c["eps0_eV"] == pytest.approx(8.0)  # mass-free, ~ W^-3


def test_T_star_helpers_are_consistent():
    fw = sp.forward(2.2, 1.3, 15.0)
    assert sp.T_star_from_eps0(2.2, fw["eps0_eV"]) == pytest.approx(1.3, rel=1e-12)
    assert sp.T_star_from_nsa2(2.2, fw["nsa2_A2"], 15.0) == pytest.approx(1.3, rel=1e-12)


@pytest.mark.parametrize("args", [(0.0, 1.0, 20.0), (3.0, -1.0, 20.0), (3.0, 1.0, 0.0), (float("nan"), 1.0, 1.0)])
def test_bad_parameters(args):
    with pytest.raises(ParameterError, match=r"must"):
        sp.forward(*args)
