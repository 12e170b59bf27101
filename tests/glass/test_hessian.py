"""Analytic Hessian: finite differences of the forces, symmetry, sparse = dense, perfect crystals."""

import numpy as np
import pytest
from _glass_reference import (
    dynamical_matrix,
    lattice_energy_per_atom,
    ref_energy_forces,
    supercell_phonon_eigenvalues,
)

from replicate.core.errors import ParameterError
from replicate.glass.hessian import hessian_dense, hessian_sparse, pairs_within
from replicate.glass.lattice import bcc, fcc
from replicate.glass.potential import InversePowerLaw

POT = InversePowerLaw()  # n = 6, r_c = 2.5 sigma


def disordered(n_side=4, density=1.0, noise=0.12, seed=1):
    """A simple-cubic arrangement with random displacements (not a minimum: non-zero forces)."""
    box = (n_side**3 / density) ** (1.0 / 3.0)
    g = np.arange(n_side) * box / n_side
    pos = np.stack(np.meshgrid(g, g, g, indexing="ij"), axis=-1).reshape(-1, 3)
    return pos + noise * np.random.default_rng(seed).standard_normal(pos.shape), box


def test_hessian_equals_finite_difference_of_forces():
    # 64 atoms, box 4 sigma, so r_c = 1.9 < L/2; both the phi'' and the phi'/r terms matter away
    # from a minimum. Central differences with h = 1e-5 sigma: truncation ~ h^2 |phi''''| ~ 1e-6,
    # roundoff ~ 1e-16 |F| / h ~ 1e-9, against entries up to ~ 600 epsilon/sigma^2.
    pot = InversePowerLaw(rc=1.9)
    pos, box = disordered()
    h_an = hessian_dense(pos, box, pot)
    h = 1e-5
    h_fd = np.empty_like(h_an)
    for k in range(pos.size):
        plus, minus = pos.copy(), pos.copy()
        plus.flat[k] += h
        minus.flat[k] -= h
        h_fd[:, k] = -(ref_energy_forces(plus, box, pot)[1] - ref_energy_forces(minus, box, pot)[1]).ravel() / (2 * h)
    assert np.abs(h_an).max() > 100.0  # the test configuration has stiff close pairs
    np.testing.assert_allclose(h_an, h_fd, rtol=0, atol=2e-5)


def test_hessian_symmetric_and_translation_invariant():
    pos, box = disordered(n_side=5, density=1.2)
    pot = InversePowerLaw(rc=2.0)
    h = hessian_dense(pos, box, pot)
    assert np.array_equal(h, h.T)  # exactly: each pair block is mirrored
    # rows of each atom sum to zero over atoms (uniform translations cost no energy)
    block_sums = h.reshape(3 * len(pos), len(pos), 3).sum(axis=1)
    assert np.abs(block_sums).max() < 1e-11 * np.abs(h).max()


def test_positions_outside_the_box_give_the_same_hessian():
    pos, box = disordered()
    pot = InversePowerLaw(rc=1.9)
    shifted = pos + box * np.random.default_rng(5).integers(-3, 4, size=pos.shape)
    np.testing.assert_allclose(hessian_dense(shifted, box, pot), hessian_dense(pos, box, pot), atol=1e-10)


def test_sparse_equals_dense():
    pos, box = disordered(n_side=6, density=1.0)
    h = hessian_dense(pos, box, POT)
    s = hessian_sparse(pos, box, POT)
    assert s.format == "csr" and s.shape == h.shape
    np.testing.assert_allclose(s.toarray(), h, rtol=0, atol=1e-12 * np.abs(h).max())
    # sparsity: only pairs within r_c (plus the diagonal blocks) are stored
    n_pairs = len(pairs_within(pos, box, POT.rc))
    assert s.nnz <= 9 * (2 * n_pairs + len(pos))


def test_pairs_within_matches_brute_force():
    pos, box = disordered(n_side=5)
    d = pos[:, None] - pos[None]
    d -= box * np.round(d / box)
    r = np.linalg.norm(d, axis=-1)
    i, j = np.nonzero(np.triu(r <= 2.0, k=1))
    assert np.array_equal(pairs_within(pos, box, 2.0), np.stack([i, j], axis=1))


@pytest.mark.parametrize("kind, lattice, n_cells", [("fcc", fcc, 4), ("bcc", bcc, 5)])
def test_crystal_forces_energy_and_phonons(kind, lattice, n_cells):
    density = 1.0
    pos, box = lattice(n_cells, density)
    # zero force on every atom by inversion symmetry (roundoff ~ 1e-14 of the pair forces ~ 10)
    energy, forces = ref_energy_forces(pos, box, POT)
    assert np.abs(forces).max() < 1e-11
    # the box sum equals an independent direct sum over lattice vectors
    assert energy / len(pos) == pytest.approx(lattice_energy_per_atom(kind, density, POT), rel=1e-12)
    # every Hessian eigenvalue is a plane-wave phonon omega^2(k) at a wave vector k = 2 pi m / L
    lam = np.linalg.eigvalsh(hessian_dense(pos, box, POT))
    ref = supercell_phonon_eigenvalues(kind, n_cells, density, POT)
    np.testing.assert_allclose(lam, ref, rtol=0, atol=1e-10 * lam[-1])
    # the lowest non-zero one is the softest long-wavelength phonon, at a box wave vector
    # k = (2 pi / L) m with m in {-1, 0, 1}^3 (bcc: the soft C' shear wave along [110])
    g = np.array([-1, 0, 1])
    m = np.stack(np.meshgrid(g, g, g, indexing="ij"), axis=-1).reshape(-1, 3)
    m = m[np.any(m != 0, axis=1)]
    soft = np.linalg.eigvalsh(dynamical_matrix(kind, density, POT, 2 * np.pi / box * m)).min()
    assert lam[3] == pytest.approx(soft, rel=1e-10)


def test_production_energy_matches_lattice_sum():
    import replicate.glass.forces as forces_mod

    for kind, lattice in (("fcc", fcc), ("bcc", bcc)):
        pos, box = lattice(5, 1.0)
        energy, frc, _ = forces_mod.energy_forces(pos, box, POT)
        assert energy / len(pos) == pytest.approx(lattice_energy_per_atom(kind, 1.0, POT), rel=1e-12)
        assert np.abs(frc).max() < 1e-11


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"box": -1.0}, "box"),
        ({"box": float("nan")}, "box"),
        ({"box": 4.0}, "rc"),  # r_c = 2.5 >= L/2
        ({"pos": np.zeros((1, 3))}, "N"),
        ({"pos": np.zeros((5, 2))}, "pos"),
        ({"pos": np.full((5, 3), np.inf)}, "pos"),
        ({"pot": "lj"}, "pot"),
    ],
)
@pytest.mark.parametrize("func", [hessian_dense, hessian_sparse])
def test_bad_parameters(func, kwargs, name):
    pos, box = disordered(n_side=6)
    args = {"pos": pos, "box": box, "pot": POT}
    args.update(kwargs)
    with pytest.raises(ParameterError, match=name):
        func(args["pos"], args["box"], args["pot"])


def test_dense_matrices_are_refused_beyond_the_memory_bound():
    """A dense 3N x 3N matrix past DENSE_MAX_ATOMS is refused with its size and the sparse alternative
    (at N = 8000 the dense Hessian plus projector once crashed inside BLAS)."""
    from replicate.core.errors import ParameterError
    from replicate.glass.box import translation_projector
    from replicate.glass.hessian import DENSE_MAX_ATOMS, hessian_dense

    n = 8000
    pos = np.random.default_rng(0).uniform(0.0, 20.0, (n, 3))
    with pytest.raises(ParameterError, match=r"N = 8000 atoms is 24000 x 24000 \(4\.6 GB\).*hessian_sparse"):
        hessian_dense(pos, 20.0)
    with pytest.raises(ParameterError, match=r"translation_projector for N = 8000"):
        translation_projector(n)
    assert DENSE_MAX_ATOMS * 3 * DENSE_MAX_ATOMS * 3 * 8 < 2e9  # the bound itself fits in 2 GB
