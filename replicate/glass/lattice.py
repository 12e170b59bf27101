"""Perfect cubic crystals in a periodic cube: fcc and bcc at a given number density.

Lengths in sigma, density in sigma^-3. ``n_cells`` conventional cubic cells along each edge; the
cubic cell holds 4 atoms (fcc) or 2 atoms (bcc), so the lattice constant is a = (4/rho)^(1/3) or
(2/rho)^(1/3) and the box edge is L = n_cells * a. Used to test the Hessian and the mode analysis
(zero forces by symmetry, plane-wave phonons) and to calibrate the crystallinity check.
"""

import numpy as np

from ..core.errors import require_int, require_positive

_BASIS = {
    "fcc": np.array([[0.0, 0.0, 0.0], [0.0, 0.5, 0.5], [0.5, 0.0, 0.5], [0.5, 0.5, 0.0]]),
    "bcc": np.array([[0.0, 0.0, 0.0], [0.5, 0.5, 0.5]]),
}


def _cubic(kind, n_cells, density):
    n_cells = require_int("n_cells (cubic cells per edge)", n_cells, 1, 100)
    density = require_positive("density (sigma^-3)", density)
    basis = _BASIS[kind]
    a = (len(basis) / density) ** (1.0 / 3.0)
    g = np.arange(n_cells, dtype=float)
    cells = np.stack(np.meshgrid(g, g, g, indexing="ij"), axis=-1).reshape(-1, 3)
    pos = (cells[:, None, :] + basis[None, :, :]).reshape(-1, 3) * a
    return np.ascontiguousarray(pos), n_cells * a


def fcc(n_cells, density):
    """Face-centred cubic crystal.

    Parameters
    ----------
    n_cells : int
        Cubic cells n per edge.
    density : float
        Number density (sigma^-3).

    Returns
    -------
    pos : ndarray of float, shape (4 n^3, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    """
    return _cubic("fcc", n_cells, density)


def bcc(n_cells, density):
    """Body-centred cubic crystal.

    Parameters
    ----------
    n_cells : int
        Cubic cells n per edge.
    density : float
        Number density (sigma^-3).

    Returns
    -------
    pos : ndarray of float, shape (2 n^3, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    """
    return _cubic("bcc", n_cells, density)
