"""Periodic box primitives (replicate.glass.box): wrapping, minimum image, uniform translations.

Lengths in sigma. The minimum image is checked against a brute-force search over the 27 images
(shifts -L, 0, +L along each axis) of separations of wrapped positions.
"""

import itertools

import numpy as np
import pytest

from replicate.glass.box import (
    minimum_image,
    minimum_image_round,
    translation_basis,
    translation_projector,
    wrap,
)

L = 5.3  # sigma
SHIFTS = np.array(list(itertools.product((-1.0, 0.0, 1.0), repeat=3)))  # (27, 3)


def _separations(n=400, seed=11):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0.0, L, size=(n, 3))
    b = rng.uniform(0.0, L, size=(n, 3))
    return a - b  # each component in (-L, L)


def _brute_force(d):
    """The shortest of the 27 images d + L s, s in {-1, 0, 1}^3, of each row of d (N, 3)."""
    images = d[:, None, :] + L * SHIFTS[None, :, :]  # (N, 27, 3)
    best = np.argmin(np.einsum("nki,nki->nk", images, images), axis=1)
    return images[np.arange(d.shape[0]), best]


def test_minimum_image_is_the_nearest_of_the_27_images():
    d = _separations()
    mi = minimum_image(d, L)
    assert mi.shape == d.shape
    np.testing.assert_allclose(mi, _brute_force(d), rtol=0, atol=1e-12)
    assert np.all(np.abs(mi) <= 0.5 * L)


def test_minimum_image_of_any_separation_is_periodic():
    d = _separations(seed=12)
    for k in (-3, -1, 2, 7):
        np.testing.assert_allclose(minimum_image(d + k * L, L), minimum_image(d, L), rtol=0, atol=1e-11)


def test_minimum_image_scalar_and_array_agree_bit_for_bit():
    d = _separations(seed=13).ravel()
    arr = minimum_image(d, L)
    assert all(minimum_image(float(x), L) == y for x, y in zip(d[:50], arr[:50]))


def test_minimum_image_round_agrees_away_from_half_box_ties():
    d = _separations(seed=15)
    np.testing.assert_allclose(minimum_image_round(d, L), _brute_force(d), rtol=0, atol=1e-12)
    np.testing.assert_allclose(minimum_image_round(d, L), minimum_image(d, L), rtol=0, atol=1e-12)


def test_wrap_puts_coordinates_in_the_box_and_keeps_them_periodic_images():
    x = np.random.default_rng(16).uniform(-3 * L, 4 * L, size=(300, 3))
    w = wrap(x, L)
    assert np.all((w >= 0.0) & (w < L))
    k = (x - w) / L
    np.testing.assert_allclose(k, np.round(k), rtol=0, atol=1e-12)
    assert wrap(-0.25 * L, L) == pytest.approx(0.75 * L, abs=1e-14)
    inside = np.random.default_rng(17).uniform(0.0, L, size=(50, 3))
    assert np.array_equal(wrap(inside, L), inside)


@pytest.mark.parametrize("n_atoms", [2, 7, 64])
def test_translation_basis_is_orthonormal_and_uniform(n_atoms):
    t = translation_basis(n_atoms)
    assert t.shape == (3 * n_atoms, 3)
    np.testing.assert_allclose(t.T @ t, np.eye(3), rtol=0, atol=1e-14)
    for a in range(3):  # column a moves every atom equally along axis a only
        moves = t[:, a].reshape(n_atoms, 3)
        np.testing.assert_allclose(moves[:, a], 1.0 / np.sqrt(n_atoms), rtol=1e-15)
        assert np.all(np.delete(moves, a, axis=1) == 0.0)


def test_translation_projector_projects_on_the_translations():
    n = 5
    p = translation_projector(n)
    assert p.shape == (3 * n, 3 * n)
    np.testing.assert_allclose(p @ p, p, rtol=0, atol=1e-14)
    shift = np.tile([0.3, -1.0, 2.0], n)  # a uniform translation: unchanged
    np.testing.assert_allclose(p @ shift, shift, rtol=0, atol=1e-14)
    rel = np.random.default_rng(18).standard_normal((n, 3))
    rel -= rel.mean(axis=0)  # no centre-of-mass motion: projected to zero
    np.testing.assert_allclose(p @ rel.ravel(), 0.0, rtol=0, atol=1e-14)
