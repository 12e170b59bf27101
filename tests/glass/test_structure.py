"""Crystallinity check (q6 solid-like fraction), lattices and the Monte Carlo reference liquid."""

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.glass.lattice import bcc, fcc
from replicate.glass.montecarlo import metropolis_liquid
from replicate.glass.structure import (
    CLUSTER_THRESHOLD,
    CRYSTALLINE_THRESHOLD,
    crystal_analysis,
    crystallinity,
    is_crystalline,
    largest_crystal_cluster,
    mean_q6,
)


@pytest.fixture(scope="module")
def liquid():
    """Metropolis r^-6 liquid, N = 256, rho = 1, kT = 1 (Gamma = 1, far above freezing at ~2.3)."""
    pos, box, acceptance = metropolis_liquid(256, 1.0, 1.0, sweeps=200, seed=7)
    assert 0.2 < acceptance < 0.8
    return pos, box


def test_lattices_have_the_requested_density_and_spacing():
    for lattice, per_cell, nn in ((fcc, 4, 2 ** (1 / 6)), (bcc, 2, 3**0.5 / 2 * 2 ** (1 / 3))):
        pos, box = lattice(3, 1.0)
        assert len(pos) == per_cell * 27 and len(pos) / box**3 == pytest.approx(1.0, rel=1e-14)
        d = pos[:, None] - pos[None]
        d -= box * np.round(d / box)
        r = np.linalg.norm(d, axis=-1) + np.eye(len(pos)) * box
        assert r.min() == pytest.approx(nn, rel=1e-12)  # nearest-neighbour distance at rho = 1


def test_steinhardt_q6_of_perfect_crystals():
    # textbook values: fcc (12 neighbours) 0.57452, bcc (8 + 6 neighbours) 0.51069
    assert mean_q6(*fcc(4, 1.0)) == pytest.approx(0.57452, abs=5e-5)
    assert mean_q6(*bcc(4, 1.3)) == pytest.approx(0.51069, abs=5e-5)


@pytest.mark.parametrize("lattice", [fcc, bcc])
@pytest.mark.parametrize("density", [0.8, 1.0, 1.5])
def test_crystals_with_thermal_noise_are_flagged(lattice, density):
    pos, box = lattice(5, density)
    spacing = density ** (-1.0 / 3.0)
    pos = pos + 0.08 * spacing * np.random.default_rng(2).standard_normal(pos.shape)
    assert crystallinity(pos, box) > 0.95
    assert is_crystalline(pos, box)


def test_liquid_and_ideal_gas_are_not_flagged(liquid):
    pos, box = liquid
    assert crystallinity(pos, box) < 0.05
    assert not is_crystalline(pos, box)
    rng = np.random.default_rng(4)
    gas = rng.uniform(0, box, size=pos.shape)
    assert crystallinity(gas, box) < 0.05


def test_a_crystallite_in_a_liquid_is_caught(liquid):
    # replace almost half of the liquid by a perfect fcc slab: the check must flag it
    pos, box = liquid
    xtal, xbox = fcc(4, 1.0)
    assert xbox == pytest.approx(box, rel=1e-12)  # 256 fcc atoms fill the same box at rho = 1
    keep = pos[:, 0] >= box / 2
    block = xtal[xtal[:, 0] < box / 2 - 0.3]
    mixed = np.concatenate([pos[keep], block])
    c = crystallinity(mixed, box)
    assert c > CRYSTALLINE_THRESHOLD and is_crystalline(mixed, box)


@pytest.fixture(scope="module")
def liquid1000():
    pos, box, _ = metropolis_liquid(1000, 1.0, 1.0, sweeps=80, seed=8)
    return pos, box


def crystallite_in_liquid(liquid, radius):
    """The liquid with a sphere of radius ``radius`` (sigma) replaced by perfect fcc at the same density."""
    pos, box = liquid
    xtal, xbox = fcc(5, 1.0)  # a 7.94 sigma cube, centred on the sphere below
    centre = np.full(3, box / 2)
    xtal = xtal - xbox / 2 + centre
    d = pos - centre
    d -= box * np.round(d / box)
    dx = xtal - centre
    outside = np.linalg.norm(d, axis=1) > radius + 0.3
    inside = np.linalg.norm(dx, axis=1) <= radius
    return np.concatenate([pos[outside], xtal[inside]]), box, int(inside.sum())


def test_a_small_nucleus_is_caught_by_the_cluster_bound(liquid1000):
    # an fcc nucleus of ~115 atoms in 1000: the fraction stays well below its bound, the cluster
    # bound catches it (its surface shell is not solid-like: the cluster is the ~85-atom core)
    pos, box, n_inside = crystallite_in_liquid(liquid1000, 3.0)
    assert n_inside > CLUSTER_THRESHOLD
    a = crystal_analysis(pos, box)
    assert a["fraction"] < CRYSTALLINE_THRESHOLD
    assert a["largest_cluster"] >= CLUSTER_THRESHOLD and a["crystalline"]
    assert largest_crystal_cluster(pos, box) == a["largest_cluster"]
    # a few-atom nucleus (smaller than a critical one) is not a crystal
    pos, box, n_inside = crystallite_in_liquid(liquid1000, 1.2)
    assert n_inside < 15
    assert largest_crystal_cluster(pos, box) < CLUSTER_THRESHOLD and not is_crystalline(pos, box)


def test_analysis_agrees_with_single_measures(liquid):
    pos, box = liquid
    a = crystal_analysis(pos, box)
    assert a["fraction"] == crystallinity(pos, box) and a["mean_q6"] == mean_q6(pos, box)
    assert a["crystalline"] == is_crystalline(pos, box) is False
    xpos, xbox = bcc(4, 1.0)
    assert crystal_analysis(xpos, xbox)["largest_cluster"] == len(xpos)


def test_liquid_energy_is_that_of_a_fluid(liquid):
    # the MC liquid is not a lattice in disguise: potential energy per atom well above the bcc/fcc
    # value at the same density (~3.02-3.04 epsilon at rho = 1) by about 3/2 kT (harmonic-like part)
    from _glass_reference import ref_energy_forces

    from replicate.glass.potential import InversePowerLaw

    pos, box = liquid
    energy, _ = ref_energy_forces(pos, box, InversePowerLaw())
    assert 3.8 < energy / len(pos) < 5.5


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: crystallinity(np.zeros((5, 3)), -1.0), "box"),
        (lambda: crystallinity(np.zeros((1, 3)), 5.0), "N"),
        (lambda: crystallinity(np.zeros((5, 2)), 5.0), "pos"),
        (lambda: crystallinity(np.full((5, 3), np.nan), 5.0), "pos"),
        (lambda: crystallinity(*fcc(3, 1.0), r_cut=5.0), "r_cut"),
        (lambda: fcc(0, 1.0), "n_cells"),
        (lambda: bcc(3, 0.0), "density"),
        (lambda: metropolis_liquid(1, 1.0, 1.0), "n_atoms"),
        (lambda: metropolis_liquid(100, 1.0, -1.0), "kT"),
        (lambda: metropolis_liquid(100, -1.0, 1.0), "density"),
        (lambda: metropolis_liquid(50, 1.0, 1.0), "rc"),
    ],
)
def test_bad_parameters(call, name):
    with pytest.raises(ParameterError, match=name):
        call()
