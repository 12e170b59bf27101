"""Periodic cubic box of edge L: wrapping, the minimum image and the uniform translations.

Reduced units: lengths in sigma. The box is periodic in all three directions.

* Wrapping into the box: ``x -> x - L floor(x / L)``, in [0, L) up to rounding (for x just below 0
  the result can round to L itself).
* Minimum image of a separation: ``d -> d - L floor(d / L + 1/2)``, in [-L/2, L/2]; for every pair
  closer than L/2 it is the only image within that distance.
* The three uniform translations of N atoms, atom-major vectors of length 3N, are the zero modes of
  any translation-invariant Hessian of the periodic box.

:func:`wrap` and :func:`minimum_image` are numba functions compiled with
``inline="always"``: the kernels of the neighbour list, the forces, the Hessian and the Monte Carlo
call them inside their loops with the same floating-point operations, in the same order, as written
out by hand. Called from Python they accept floats or numpy arrays (numba array expressions, the
same element-wise operations as numpy).
"""

import math

import numba
import numpy as np


@numba.njit(inline="always")
def wrap(x, box):
    """Coordinates wrapped into the periodic box, ``x - L floor(x / L)``.

    Parameters
    ----------
    x : float or ndarray of float
        Coordinates (sigma), any shape.
    box : float
        Box edge L (sigma).

    Returns
    -------
    float or ndarray of float
        Wrapped coordinates (sigma), same shape as ``x``, in [0, L] (L itself only by rounding).
    """
    return x - box * np.floor(x / box)


@numba.njit(inline="always")
def minimum_image(d, box):
    """Minimum image of a separation, ``d - L floor(d / L + 1/2)``.

    Parameters
    ----------
    d : float or ndarray of float
        Separation components (sigma), any shape, any magnitude.
    box : float
        Box edge L (sigma).

    Returns
    -------
    float or ndarray of float
        The nearest periodic image of ``d`` (sigma), same shape, in [-L/2, L/2].
    """
    return d - box * np.floor(d / box + 0.5)


def minimum_image_round(d, box):
    """Minimum image with numpy's round (ties to even), ``d - L round(d / L)`` (numpy only).

    The glass preparation (:mod:`replicate.glass.prepare`: the random start and the liquid
    displacement) uses this form. It differs from :func:`minimum_image` (floor(x + 1/2)) only when
    d/L lies within one rounding of a half-integer.

    Parameters
    ----------
    d : ndarray of float
        Separations (sigma), any shape.
    box : float
        Box edge L (sigma).

    Returns
    -------
    ndarray of float
        Nearest periodic images (sigma), same shape as ``d``.
    """
    return d - box * np.round(d / box)


def translation_basis(n_atoms):
    """Orthonormal basis of the three uniform translations of ``n_atoms`` atoms.

    Column ``a`` moves every atom by ``1/sqrt(N)`` along axis ``a``.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.

    Returns
    -------
    ndarray of float, shape (3N, 3)
        Unit columns (dimensionless), atom-major rows (x1, y1, z1, x2, ...).
    """
    t = np.zeros((3 * n_atoms, 3))
    for a in range(3):
        t[a::3, a] = 1.0 / math.sqrt(n_atoms)
    return t


def translation_projector(n_atoms):
    """Orthogonal projector ``T T^T`` on the three uniform translations (see :func:`translation_basis`).

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.

    Returns
    -------
    ndarray of float, shape (3N, 3N)
        The projector (dimensionless), atom-major rows and columns.
    """
    from .hessian import require_dense_fits  # a dense (3N, 3N) matrix: the same memory bound

    require_dense_fits(n_atoms, "translation_projector")
    t = translation_basis(n_atoms)
    return t @ t.T
