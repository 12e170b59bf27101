"""Normal-mode analysis: three zero modes, refusals, dense = sparse, reproducibility, regression."""

import numpy as np
import pytest
import scipy.linalg
from _glass_reference import quenched_glass

from replicate.core.errors import ParameterError
from replicate.glass.hessian import hessian_dense, hessian_sparse
from replicate.glass.lattice import bcc, fcc
from replicate.glass.modes import NotConverged, UnstableStructure, normal_modes, normal_modes_sparse
from replicate.glass.potential import InversePowerLaw
from replicate.theory.participation import participation_ratio

POT = InversePowerLaw()


@pytest.fixture(scope="module")
def glass():
    """A 108-atom inherent structure (Metropolis liquid at kT = 1, rho = 1, minimised to ~1e-13)."""
    pos, box, max_force, pot = quenched_glass()
    return pos, box, max_force, hessian_dense(pos, box, pot), pot


def test_glass_has_exactly_three_zero_modes(glass):
    pos, box, max_force, h, _ = glass
    assert max_force < 1e-10
    modes = normal_modes(h, max_force, return_vectors=True)
    lam_all = scipy.linalg.eigvalsh(h)
    assert modes.eigenvalues.size == 3 * len(pos) - 3
    assert np.all(np.abs(modes.zero_eigenvalues) < 1e-12 * modes.lambda_max)
    # the fourth eigenvalue is a genuine vibration, many orders of magnitude above the tolerance
    assert modes.eigenvalues[0] > 1e-4 * modes.lambda_max
    np.testing.assert_allclose(modes.eigenvalues, lam_all[3:], rtol=1e-12, atol=1e-10)
    np.testing.assert_allclose(modes.frequencies, np.sqrt(modes.eigenvalues) / (2 * np.pi), rtol=1e-15)
    np.testing.assert_allclose(modes.participation_ratio, participation_ratio(modes.vectors), rtol=1e-13)
    # vibrations are orthogonal to the uniform translations
    t = np.zeros((3 * len(pos), 3))
    for a in range(3):
        t[a::3, a] = 1.0
    assert np.abs(t.T @ modes.vectors).max() < 1e-8


def test_same_input_gives_bit_identical_modes(glass):
    _, _, max_force, h, _ = glass
    a = normal_modes(h.copy(), max_force)
    b = normal_modes(h.copy(), max_force)
    assert np.array_equal(a.eigenvalues, b.eigenvalues)
    assert np.array_equal(a.participation_ratio, b.participation_ratio)


def test_sparse_lowest_modes_agree_with_dense(glass):
    pos, box, max_force, h, pot = glass
    dense = normal_modes(h, max_force)
    sparse = normal_modes_sparse(hessian_sparse(pos, box, pot), max_force, k=12)
    np.testing.assert_allclose(sparse.eigenvalues, dense.eigenvalues[:12], rtol=1e-9)
    # participation ratios of non-degenerate modes are basis independent
    np.testing.assert_allclose(sparse.participation_ratio, dense.participation_ratio[:12], rtol=1e-6)
    again = normal_modes_sparse(hessian_sparse(pos, box, pot), max_force, k=12)
    assert np.array_equal(again.eigenvalues, sparse.eigenvalues)  # fixed start vector


@pytest.mark.parametrize("lattice, n_cells", [(fcc, 4), (bcc, 5)])
def test_crystal_phonons_are_extended(lattice, n_cells):
    pos, box = lattice(n_cells, 1.0)
    modes = normal_modes(hessian_dense(pos, box, POT), max_force=0.0)
    assert modes.eigenvalues.size == 3 * len(pos) - 3 and modes.eigenvalues[0] > 0
    # A single plane wave has p = 1 and a standing wave p = 2/3; eigh may mix members of a
    # degenerate multiplet, which lowers p, but never to the ~1/N of a mode on a few atoms.
    # Measured minima: 0.25 (fcc, 256 atoms), 0.42 (bcc, 250 atoms).
    assert modes.participation_ratio.min() > 0.15
    assert np.median(modes.participation_ratio) > 0.5


def test_refuses_unconverged_structure(glass):
    _, _, _, h, _ = glass
    with pytest.raises(NotConverged, match="max_force"):
        normal_modes(h, max_force=1e-6)
    with pytest.raises(NotConverged, match="max_force"):
        normal_modes_sparse(hessian_sparse(*fcc(3, 1.0), InversePowerLaw(rc=2.0)), max_force=1e-3, k=5)
    assert issubclass(NotConverged, ParameterError)
    # a looser bound can be stated explicitly
    assert normal_modes(h, max_force=1e-6, force_tol=1e-5).eigenvalues.size == h.shape[0] - 3


def test_refuses_saddle_and_extra_zero_modes(glass):
    pos, box, max_force, h, pot = glass
    # not a minimum: the Hessian of a random configuration has negative eigenvalues
    rng = np.random.default_rng(0)
    random_pos = rng.uniform(0, box, size=pos.shape)
    with pytest.raises(UnstableStructure, match="saddle"):
        normal_modes(hessian_dense(random_pos, box, pot), max_force=0.0)
    # extra zero modes (two uncoupled copies: six translations) are not a stable periodic solid
    with pytest.raises(UnstableStructure, match="exactly 3 zero modes"):
        normal_modes(scipy.linalg.block_diag(h, h), max_force=0.0)
    # three zero modes that are not the uniform translations (one atom decoupled, rest pinned)
    pinned = h + np.eye(h.shape[0])
    pinned[:3, :] = 0.0
    pinned[:, :3] = 0.0
    with pytest.raises(UnstableStructure, match="translations"):
        normal_modes(pinned, max_force=0.0)


def test_rotated_basis_of_zero_modes_is_still_found():
    # the three translations may come out as any orthonormal combination: the subspace test is used
    pos, box = bcc(4, 1.0)
    modes = normal_modes(hessian_dense(pos, box, InversePowerLaw(rc=2.2)), max_force=0.0)
    assert modes.zero_eigenvalues.size == 3


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"max_force": None}, "max_force"),
        ({"max_force": -1.0}, "max_force"),
        ({"max_force": float("nan")}, "max_force"),
        ({"force_tol": 0.0}, "force_tol"),
        ({"zero_tol": 0.1}, "zero_tol"),
        ({"hessian": np.zeros((6, 5))}, "hessian"),
        ({"hessian": np.zeros((5, 5))}, "hessian"),
        ({"hessian": np.full((6, 6), np.nan)}, "hessian"),
    ],
)
def test_bad_parameters(kwargs, name):
    pos, box = fcc(3, 1.0)
    args = {"hessian": hessian_dense(pos, box, InversePowerLaw(rc=2.0)), "max_force": 0.0}
    args.update(kwargs)
    with pytest.raises(ParameterError, match=name):
        normal_modes(**args)


def test_sparse_bad_parameters():
    pos, box = fcc(3, 1.0)
    s = hessian_sparse(pos, box, InversePowerLaw(rc=2.0))
    with pytest.raises(ParameterError, match="k"):
        normal_modes_sparse(s, 0.0, k=0)
    with pytest.raises(ParameterError, match="k"):
        normal_modes_sparse(s, 0.0, k=3 * len(pos))
    with pytest.raises(ParameterError, match="sparse"):
        normal_modes_sparse(s.toarray(), 0.0, k=5)


def test_regression_perturbed_crystal(ndarrays_regression):
    # fixed input (bcc with seeded displacements), so this pins the Hessian and the mode analysis
    pos, box = bcc(4, 1.0)
    pos = pos + 0.02 * np.random.default_rng(11).standard_normal(pos.shape)
    h = hessian_dense(pos, box, InversePowerLaw(rc=2.2))
    lam, vec = scipy.linalg.eigh(h)
    p = participation_ratio(vec[:, 3:])
    ndarrays_regression.check(
        {"eigenvalues": lam[3:], "participation_ratio": p},
        tolerances={"eigenvalues": {"rtol": 1e-9, "atol": 1e-9}, "participation_ratio": {"atol": 1e-6}},
    )


def test_zero_modes_out_of_place_raise_even_without_asserts(glass, monkeypatch):
    """The invariant 'the three zero modes are the three lowest' is an error, not an assert (python -O)."""
    import replicate.glass.modes as modes_mod

    _, _, max_force, h, _ = glass
    real = modes_mod._split_zero_modes

    def shifted(lam, vec, *args):
        zero, zero_lam = real(lam, vec, *args)
        return np.array([0, 1, 5]), zero_lam

    monkeypatch.setattr(modes_mod, "_split_zero_modes", shifted)
    with pytest.raises(UnstableStructure, match="three lowest"):
        normal_modes(h, max_force)


def test_orient_makes_the_largest_component_positive_whatever_sign_comes_in():
    from replicate.glass.modes import orient

    rng = np.random.default_rng(3)
    v = rng.standard_normal((30, 5))
    a = orient(v.copy())
    b = orient(-v)
    np.testing.assert_array_equal(a, b)
    top = a[np.argmax(np.abs(a), axis=0), np.arange(5)]
    assert np.all(top > 0)
    np.testing.assert_array_equal(np.abs(a), np.abs(v))


def test_normal_modes_return_oriented_vectors(glass):
    from replicate.glass.modes import orient

    pos, box, max_force, h, pot = glass
    dense = normal_modes(h, max_force, return_vectors=True)
    sparse = normal_modes_sparse(hessian_sparse(pos, box, pot), max_force, k=12, return_vectors=True)
    for modes in (dense, sparse):
        top = modes.vectors[np.argmax(np.abs(modes.vectors), axis=0), np.arange(modes.vectors.shape[1])]
        assert np.all(top > 0)
        np.testing.assert_array_equal(orient(modes.vectors.copy()), modes.vectors)
    # the same sign from both solvers (non-degenerate modes: the same vector up to the eigensolver tolerance)
    np.testing.assert_allclose(sparse.vectors, dense.vectors[:, :12], atol=1e-6)
