"""Crystallinity check: fraction of solid-like atoms from Steinhardt q6 bond-orientational order.

The monatomic r^-6 liquid crystallises readily (into bcc, its stable solid), so every glass sample is
checked. We use the local bond-order vectors of Steinhardt, Nelson and Ronchetti, PRB 28, 784 (1983),
doi:10.1103/PhysRevB.28.784, and the solid-like criterion of ten Wolde, Ruiz-Montero and Frenkel,
J. Chem. Phys. 104, 9932 (1996), doi:10.1063/1.471721:

    q_6m(i) = (1/N_b(i)) sum_{j in nb(i)} Y_6m(r_ij / r_ij),      m = -6..6,
    d_ij    = Re sum_m q_6m(i) q_6m(j)^* / (|q_6(i)| |q_6(j)|),   (normalised: -1 <= d_ij <= 1)

A neighbour bond is "connected" when d_ij > ``BOND_THRESHOLD`` = 0.7, an atom is "solid-like" when at
least ``MIN_CONNECTIONS`` = 7 of its bonds are connected, and the crystallinity is the fraction of
solid-like atoms. Neighbours: all atoms within ``r_cut = NEIGHBOUR_CUT * rho^(-1/3)`` (minimum image),
with ``NEIGHBOUR_CUT`` = 1.45. This lies between the first two shells of fcc (1.12 and 1.59
rho^(-1/3)), beyond the second bcc shell (1.26; bcc has 8 + 6 = 14 neighbours) and before the third
(1.78), and near the first minimum of g(r) of the dense soft-sphere liquid. Lengths are in sigma; the
criterion is dimensionless and depends on the density only through r_cut.

Two criteria flag a sample as crystalline (:func:`is_crystalline`); either suffices:

* the largest cluster of solid-like atoms (two solid-like atoms within r_cut belong to the same
  cluster, ten Wolde et al.) holds at least ``CLUSTER_THRESHOLD`` = 50 atoms: a crystallite. The
  bound is in atoms, not a fraction, so the N = 500 and N = 1000 ensembles are judged alike (a
  150-atom nucleus is 30 % of one and 15 % of the other);
* the solid-like fraction exceeds ``CRYSTALLINE_THRESHOLD`` = 0.2 (crystal spread over the box).

Calibration (values in ``CALIBRATION``; the tests re-measure crystals, a liquid and an embedded
crystallite). bcc and fcc crystals (432 and 864 atoms, rho = 1) with independent Gaussian
displacements of rms 0.08 rho^(-1/3) per coordinate (total rms about 12 % of the nearest-neighbour
distance, the Lindemann value at melting) give fractions 0.998 and 0.997, one cluster of nearly all
atoms; with 0.12 both give 0.64, with 0.15 about 0.15. Metropolis liquids (N = 500, rho = 1,
:mod:`replicate.glass.montecarlo`) at kT = 1, 0.5 and 0.3 (Gamma = 1, 1.41 and 1.83; freezing is
near Gamma = 2.3) have no solid-like atom; their inherent structures (L-BFGS, an instantaneous
quench) have fractions <= 0.03 and largest clusters <= 6 atoms. Glasses of
:mod:`replicate.glass.prepare` (quenched from kT = 0.5 over 100 tau) carry more order: in the first
50 at N = 500 the largest clusters run from 0 to 38 atoms (fractions <= 0.13), then 59, 63, 83, 106,
110, 112 and 133 atoms (fractions 0.12-0.27; the three above 100 atoms have inherent-structure
energies 0.005-0.01 epsilon per atom below the glass band) and six whole-box crystals (fractions
0.84-1.0); among the first 14 at N = 1000 they are 3-42 atoms, 69 and 150 (fraction 0.15, which the
fraction bound alone would have accepted). The cluster counts the solid-like core of a crystallite:
a perfect fcc sphere of 38, 68, 92 or 116 atoms embedded in the liquid gives clusters of about 14,
37, 50 and 80 atoms, so the bound flags crystallites of about 90 atoms and more. The bound of 50
atoms is thus a choice, not a gap in the data at every N: about ten times the largest cluster of a
quenched liquid, a crystallite of the size of the ~100-atom modes studied, and the same in atoms for
both sizes. Ensembles should report how many samples each criterion rejects and check that the
low-frequency result does not depend on the bound (e.g. rerun the statistics with 30 and 100 atoms).
"""

import numpy as np
import scipy.sparse
from scipy.sparse.csgraph import connected_components
from scipy.special import sph_harm_y

from ..core.errors import require_positions, require_positive, require_range
from .box import minimum_image
from .hessian import pairs_within

L_ORDER = 6
NEIGHBOUR_CUT = 1.45  # r_cut in units of rho^(-1/3)
BOND_THRESHOLD = 0.7  # ten Wolde-Frenkel connection threshold on d_ij
MIN_CONNECTIONS = 7  # connected bonds needed for a solid-like atom
CRYSTALLINE_THRESHOLD = 0.2  # fraction of solid-like atoms above which a sample is crystalline
CLUSTER_THRESHOLD = 50  # atoms in the largest solid-like cluster from which a sample is crystalline

# Measured at rho = 1 (see the module docstring for the protocol): (solid-like fraction, largest
# solid-like cluster in atoms).
CALIBRATION = {
    "bcc_noise_0.08": (0.998, 431),
    "fcc_noise_0.08": (0.997, 861),
    "bcc_noise_0.12": (0.639, None),
    "fcc_noise_0.12": (0.640, None),
    "liquid_kT_1.0": (0.000, 0),
    "liquid_kT_0.5": (0.000, 0),
    "liquid_kT_0.3": (0.000, 0),
    "quenched_liquid_kT_1.0": (0.002, 1),
    "quenched_liquid_kT_0.5": (0.030, 6),
    "quenched_liquid_kT_0.3": (0.004, 1),
    "prepared_glasses_N500_largest_accepted": (0.084, 38),
    "prepared_glasses_N500_smallest_rejected": (0.134, 59),
    "prepared_glasses_N1000_largest_accepted": (0.062, 42),
    "prepared_glasses_N1000_smallest_rejected": (0.072, 69),
}


def _check(pos, box):
    box = require_positive("box (edge L, sigma)", box)
    pos = require_positions(pos, min_atoms=2)
    return pos, box


def local_q6_vectors(pos, box, r_cut=None):
    """Normalised local bond-order vectors q_6m(i)/|q_6(i)|, the local q_6 and the pair list.

    Atoms with no neighbour get a zero vector.

    Parameters
    ----------
    pos : array_like of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    r_cut : float, optional
        Neighbour cutoff (sigma), below L/2; default ``NEIGHBOUR_CUT * rho^(-1/3)``.

    Returns
    -------
    qhat : ndarray of complex, shape (N, 13)
        q_6m(i)/|q_6(i)|, m = -6..6.
    q6 : ndarray of float, shape (N,)
        Steinhardt local q_6(i) = sqrt(4 pi / 13 sum_m |q_6m(i)|^2).
    pairs : ndarray of int64, shape (P, 2)
        Neighbour pairs i < j within ``r_cut``.
    """
    pos, box = _check(pos, box)
    n = pos.shape[0]
    if r_cut is None:
        r_cut = NEIGHBOUR_CUT * (box**3 / n) ** (1.0 / 3.0)
    r_cut = require_range("r_cut (neighbour cutoff, sigma)", r_cut, 0.0, 0.5 * box, lo_open=True, hi_open=True)
    pairs = pairs_within(pos, box, r_cut)
    d = minimum_image(pos[pairs[:, 0]] - pos[pairs[:, 1]], box)
    r = np.sqrt(np.einsum("ij,ij->i", d, d))
    theta = np.arccos(np.clip(d[:, 2] / r, -1.0, 1.0))
    phi = np.mod(np.arctan2(d[:, 1], d[:, 0]), 2.0 * np.pi)
    m = np.arange(-L_ORDER, L_ORDER + 1)
    y = sph_harm_y(L_ORDER, m[None, :], theta[:, None], phi[:, None])  # (P, 13)
    # Y_6m(-u) = Y_6m(u) (even l): both atoms of a pair get the same term
    qlm = np.zeros((n, m.size), dtype=complex)
    np.add.at(qlm, pairs[:, 0], y)
    np.add.at(qlm, pairs[:, 1], y)
    nb = np.bincount(pairs.ravel(), minlength=n)
    qlm /= np.maximum(nb, 1)[:, None]
    norm = np.sqrt(np.sum(np.abs(qlm) ** 2, axis=1))
    q6 = np.sqrt(4.0 * np.pi / (2 * L_ORDER + 1)) * norm
    qhat = qlm / np.where(norm > 0, norm, 1.0)[:, None]
    return qhat, q6, pairs


def _solid_like_and_bonds(pos, box, r_cut):
    qhat, q6, pairs = local_q6_vectors(pos, box, r_cut)
    dij = np.real(np.sum(qhat[pairs[:, 0]] * np.conj(qhat[pairs[:, 1]]), axis=1))
    conn = dij > BOND_THRESHOLD
    n = qhat.shape[0]
    count = np.bincount(pairs[conn, 0], minlength=n) + np.bincount(pairs[conn, 1], minlength=n)
    return count >= MIN_CONNECTIONS, pairs, q6


def _largest_cluster(solid, pairs):
    if not solid.any():
        return 0
    n = solid.size
    both = pairs[solid[pairs[:, 0]] & solid[pairs[:, 1]]]
    graph = scipy.sparse.coo_matrix((np.ones(len(both)), (both[:, 0], both[:, 1])), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    return int(np.bincount(label[solid]).max())


def solid_like(pos, box, r_cut=None):
    """Atoms with at least ``MIN_CONNECTIONS`` bonds with d_ij > ``BOND_THRESHOLD``.

    Parameters
    ----------
    pos : array_like of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    r_cut : float, optional
        Neighbour cutoff (sigma), below L/2; default ``NEIGHBOUR_CUT * rho^(-1/3)``.

    Returns
    -------
    ndarray of bool, shape (N,)
        True for solid-like atoms.
    """
    return _solid_like_and_bonds(pos, box, r_cut)[0]


def crystal_analysis(pos, box, r_cut=None):
    """All order measures in one pass.

    Parameters
    ----------
    pos : array_like of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    r_cut : float, optional
        Neighbour cutoff (sigma), below L/2; default ``NEIGHBOUR_CUT * rho^(-1/3)``.

    Returns
    -------
    dict
        ``fraction`` (solid-like atoms), ``largest_cluster`` (atoms in the largest cluster of
        neighbouring solid-like atoms), ``mean_q6`` and ``crystalline`` (see :func:`is_crystalline`).
    """
    solid, pairs, q6 = _solid_like_and_bonds(pos, box, r_cut)
    fraction = float(np.mean(solid))
    largest = _largest_cluster(solid, pairs)
    return {
        "fraction": fraction,
        "largest_cluster": largest,
        "mean_q6": float(np.mean(q6)),
        "crystalline": bool(fraction > CRYSTALLINE_THRESHOLD or largest >= CLUSTER_THRESHOLD),
    }


def crystallinity(pos, box, r_cut=None):
    """Fraction of solid-like atoms (0 for a liquid, 1 for a crystal).

    Parameters
    ----------
    pos : array_like of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    r_cut : float, optional
        Neighbour cutoff (sigma), below L/2; default ``NEIGHBOUR_CUT * rho^(-1/3)``.

    Returns
    -------
    float
        Solid-like fraction.
    """
    return float(np.mean(solid_like(pos, box, r_cut)))


def largest_crystal_cluster(pos, box, r_cut=None):
    """Number of atoms in the largest cluster of neighbouring solid-like atoms.

    Parameters
    ----------
    pos : array_like of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    r_cut : float, optional
        Neighbour cutoff (sigma), below L/2; default ``NEIGHBOUR_CUT * rho^(-1/3)``.

    Returns
    -------
    int
        Atoms in the largest cluster (0 without solid-like atoms).
    """
    solid, pairs, _ = _solid_like_and_bonds(pos, box, r_cut)
    return _largest_cluster(solid, pairs)


def is_crystalline(pos, box, r_cut=None):
    """Whether the solid-like fraction exceeds ``CRYSTALLINE_THRESHOLD`` or the largest solid-like
    cluster holds at least ``CLUSTER_THRESHOLD`` atoms.

    Parameters
    ----------
    pos : array_like of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    r_cut : float, optional
        Neighbour cutoff (sigma), below L/2; default ``NEIGHBOUR_CUT * rho^(-1/3)``.

    Returns
    -------
    bool
    """
    return crystal_analysis(pos, box, r_cut)["crystalline"]


def mean_q6(pos, box, r_cut=None):
    """Mean local Steinhardt q_6 (about 0.51 for bcc, 0.57 for fcc, ~0.3-0.4 for a dense liquid).

    Parameters
    ----------
    pos : array_like of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    r_cut : float, optional
        Neighbour cutoff (sigma), below L/2; default ``NEIGHBOUR_CUT * rho^(-1/3)``.

    Returns
    -------
    float
        Mean of q_6(i) over the atoms.
    """
    return float(np.mean(local_q6_vectors(pos, box, r_cut)[1]))
