"""The anatomy of a soft mode: the radial profile of its displacement field around its core and the
exponent of its far field.

Reduced units: distances in sigma, the field a unit 3N-vector (dimensionless). Linear elasticity in
three dimensions gives the far field of a localised source (a centre of dilatation, a force dipole)
as |u| ~ r^-2; quasi-localised modes of computer glasses follow it (Lerner, Duering and Bouchbinder,
Phys. Rev. Lett. 117, 035501 (2016), doi:10.1103/PhysRevLett.117.035501).
"""

import numpy as np

from ..core.errors import ParameterError
from .box import minimum_image_round


def radial_profile(field, pos, box, centre, edges):
    """Mean amplitude |u_i| of the atoms in each shell of distance from atom ``centre``.

    Parameters
    ----------
    field : array_like of float, shape (N, 3)
        Displacement field (any norm).
    pos : array_like of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma); distances are minimum-image.
    centre : int
        Index of the core atom (excluded from the shells).
    edges : array_like of float
        Shell edges (sigma), ascending.

    Returns
    -------
    r, amplitude, count : ndarray
        Mean distance of the atoms in each shell (sigma), their mean |u| and their number (NaN where
        a shell is empty).
    """
    field = np.asarray(field, dtype=float)
    pos = np.asarray(pos, dtype=float)
    if field.shape != pos.shape or pos.ndim != 2 or pos.shape[1] != 3:
        raise ParameterError(f"field and pos must both have shape (N, 3), got {field.shape} and {pos.shape}")
    edges = np.asarray(edges, dtype=float)
    if edges.ndim != 1 or edges.size < 2 or np.any(np.diff(edges) <= 0):
        raise ParameterError("edges (sigma) must be an ascending sequence of at least two numbers")
    d = np.linalg.norm(minimum_image_round(pos - pos[centre], box), axis=1)
    amp = np.linalg.norm(field, axis=1)
    mask = np.arange(pos.shape[0]) != centre
    idx = np.digitize(d[mask], edges) - 1
    n = edges.size - 1
    inside = (idx >= 0) & (idx < n)
    count = np.bincount(idx[inside], minlength=n).astype(float)
    with np.errstate(invalid="ignore"):
        r = np.bincount(idx[inside], weights=d[mask][inside], minlength=n) / count
        a = np.bincount(idx[inside], weights=amp[mask][inside], minlength=n) / count
    return r, a, count


def far_field_exponent(r, amplitude, count, r_min, r_max):
    """Exponent alpha of |u| ~ r^-alpha: least squares of log |u| on log r over the shells with
    r_min <= r <= r_max, each weighted by its number of atoms. Returns (alpha, its standard error)."""
    r, a, w = (np.asarray(x, dtype=float) for x in (r, amplitude, count))
    sel = (r >= r_min) & (r <= r_max) & (w > 0) & (a > 0)
    if sel.sum() < 3:
        raise ParameterError(f"fewer than three filled shells between r_min = {r_min} and r_max = {r_max} sigma")
    x, y, w = np.log(r[sel]), np.log(a[sel]), w[sel]
    xm, ym = np.average(x, weights=w), np.average(y, weights=w)
    sxx = np.sum(w * (x - xm) ** 2)
    slope = np.sum(w * (x - xm) * (y - ym)) / sxx
    resid = y - ym - slope * (x - xm)
    var = np.sum(w * resid**2) / (sel.sum() - 2) / sxx  # weights as relative precisions (standard WLS)
    return float(-slope), float(np.sqrt(var))
