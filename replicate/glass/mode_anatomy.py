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
from .hessian import check_configuration, pair_blocks, pairs_within
from .potential import InversePowerLaw


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


def _centre_frame(field, centre):
    u0 = field[centre]
    a0 = float(np.linalg.norm(u0))
    if a0 == 0:
        raise ParameterError(f"the field vanishes on the centre atom {centre}")
    return u0, a0, u0 / a0


def neighbour_pattern(field, pos, box, centre, r_cut):
    """How the neighbours of the core atom move relative to it (the geometry of the paper's Fig 7).

    For every atom j within ``r_cut`` (sigma) of atom ``centre``, with e the direction of the centre's
    displacement u_0, n_j the unit vector from the centre to j and r_j its distance:

    * ``cos``: cos theta_j = n_j . e (+1: in front of the centre's motion, 0: across it);
    * ``along``: u_j . e / |u_0|, the neighbour's motion along the centre's, in units of its amplitude;
    * ``radial``: u_j . n_j / |u_0|, its motion away from the centre (negative: towards it);
    * ``stretch``: (u_j - u_0) . n_j / |u_0|, the change of the bond length per unit central amplitude;
    * ``sideways``: u_j . t_j / |u_0| with t_j the unit vector of n_j's part across e (pointing away
      from the line of e's motion through the centre): positive when the neighbour moves away from
      that line (NaN for a neighbour on the line);
    * ``distance``: r_j (sigma), the static cage.

    The sign of a mode is arbitrary; e fixes it. Returns a dict of arrays over the neighbours.
    """
    field = np.asarray(field, dtype=float)
    pos = np.asarray(pos, dtype=float)
    if field.shape != pos.shape or pos.ndim != 2 or pos.shape[1] != 3:
        raise ParameterError(f"field and pos must both have shape (N, 3), got {field.shape} and {pos.shape}")
    if not r_cut > 0:
        raise ParameterError(f"r_cut must be a positive distance (sigma), got {r_cut!r}")
    u0, a0, e = _centre_frame(field, centre)
    d = minimum_image_round(pos - pos[centre], box)
    r = np.linalg.norm(d, axis=1)
    sel = (r > 0) & (r < r_cut)
    n = d[sel] / r[sel, None]
    u = field[sel]
    cos = n @ e
    across = n - cos[:, None] * e
    sin = np.linalg.norm(across, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(sin[:, None] > 1e-9, across / sin[:, None], np.nan)
    return {
        "cos": cos,
        "sideways": np.sum(u * t, axis=1) / a0,
        "along": u @ e / a0,
        "radial": np.sum(u * n, axis=1) / a0,
        "stretch": np.sum((u - u0) * n, axis=1) / a0,
        "distance": r[sel],
    }


def weight_fractions(field, pos, box, centre, r_cut):
    """The share of the mode's weight sum |u_i|^2 on the centre atom and on its neighbours within
    ``r_cut`` (sigma). Returns (centre, shell), both in [0, 1]."""
    field = np.asarray(field, dtype=float)
    w = np.sum(field * field, axis=1)
    r = np.linalg.norm(minimum_image_round(np.asarray(pos, dtype=float) - pos[centre], box), axis=1)
    total = w.sum()
    return float(w[centre] / total), float(w[(r > 0) & (r < r_cut)].sum() / total)


def cage_anisotropy(cos, distance, cone=2**-0.5):
    """Mean distance of the neighbours within the double cone |cos theta| > ``cone`` around the centre's
    direction of motion minus that of the others (sigma): positive when the cage is stretched along the
    motion and compressed across it, the static distortion the paper's Fig 7 sketches. NaN when one of
    the two sets is empty."""
    cos, distance = np.asarray(cos, dtype=float), np.asarray(distance, dtype=float)
    inside = np.abs(cos) > cone
    if not inside.any() or inside.all():
        return float("nan")
    return float(distance[inside].mean() - distance[~inside].mean())


def self_hessians(pos, box, pot=None):
    """The 3x3 diagonal blocks H_ii = sum_j K_ij of the Hessian (epsilon/sigma^2), shape (N, 3, 3):
    the curvature of the energy when atom i alone moves with its cage held fixed, with
    K_ij = phi''(r) n n + (phi'(r)/r)(1 - n n) the pair blocks of :func:`replicate.glass.hessian.pair_blocks`."""
    pot = InversePowerLaw() if pot is None else pot
    pos, box = check_configuration(pos, box, pot)
    pairs = pairs_within(pos, box, pot.rc)
    blocks = pair_blocks(pos, box, pairs, pot.params)
    out = np.zeros((pos.shape[0], 3, 3))
    np.add.at(out, pairs[:, 0], blocks)
    np.add.at(out, pairs[:, 1], blocks)
    return out


def softest_local_directions(self_h):
    """Per atom, the unit eigenvector of its self-Hessian block (:func:`self_hessians`) with the lowest
    eigenvalue: the direction in which the atom is least held by its fixed cage (sign arbitrary; the
    cage anisotropy is even in it). Shape (N, 3)."""
    _, v = np.linalg.eigh(np.asarray(self_h, dtype=float))
    return v[:, :, 0]


def cage_anisotropies(pos, box, directions, r_cut, cone=2**-0.5):
    """:func:`cage_anisotropy` of every atom's first shell (r < ``r_cut``, sigma) about its own
    direction (``directions`` shape (N, 3), unit vectors): the mean distance of the neighbours within
    the double cone |cos theta| > ``cone`` minus that of the others (sigma); NaN where one set is empty."""
    pos = np.asarray(pos, dtype=float)
    v = np.asarray(directions, dtype=float)
    if v.shape != pos.shape:
        raise ParameterError(f"directions must have the shape of pos {pos.shape}, got {v.shape}")
    pairs = pairs_within(pos, box, r_cut)
    pairs = pairs[np.linalg.norm(minimum_image_round(pos[pairs[:, 1]] - pos[pairs[:, 0]], box), axis=1) < r_cut]
    i, j = pairs[:, 0], pairs[:, 1]
    d = minimum_image_round(pos[j] - pos[i], box)
    r = np.linalg.norm(d, axis=1)
    atoms = np.concatenate([i, j])
    dist = np.concatenate([r, r])
    cos = np.concatenate([np.sum(d * v[i], axis=1), np.sum(d * v[j], axis=1)]) / dist
    inside = np.abs(cos) > cone
    n = pos.shape[0]
    n_in = np.bincount(atoms, weights=inside, minlength=n)
    n_out = np.bincount(atoms, weights=~inside, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        d_in = np.bincount(atoms, weights=dist * inside, minlength=n) / n_in
        d_out = np.bincount(atoms, weights=dist * ~inside, minlength=n) / n_out
    return np.where((n_in > 0) & (n_out > 0), d_in - d_out, np.nan)


def random_directions(n, seed):
    """``n`` unit vectors drawn uniformly on the sphere (deterministic for a given integer ``seed``)."""
    v = np.random.default_rng(seed).standard_normal((n, 3))
    return v / np.linalg.norm(v, axis=1)[:, None]


def anatomy(field, pos, box, edges, r_shell, controls):
    """Every measure of one soft mode around its most displaced atom (pure).

    Parameters
    ----------
    field : array_like of float, shape (N, 3)
        The mode's displacement field (any norm; measures are scale-free).
    pos : array_like of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge (sigma).
    edges : array_like of float
        Shell edges (sigma) of the radial profile.
    r_shell : float
        Radius (sigma) of the first neighbour shell.
    controls : array_like of float, shape (k, 3)
        Unit directions replacing the centre's direction of motion in the control of the cage
        anisotropy (directions unrelated to the mode).

    Returns
    -------
    dict
        ``centre``; ``centre_weight`` and ``shell_weight`` (:func:`weight_fractions`); the radial profile
        ``r``, ``amplitude`` (|u| of the unit field), ``count``; the neighbour ``pattern``
        (:func:`neighbour_pattern`); ``anisotropy`` (:func:`cage_anisotropy`, sigma) and
        ``anisotropy_control``, its mean over the ``controls``.
    """
    field = np.asarray(field, dtype=float)
    field = field / np.linalg.norm(field)
    pos = np.asarray(pos, dtype=float)
    centre = int(np.argmax(np.sum(field * field, axis=1)))
    c_w, s_w = weight_fractions(field, pos, box, centre, r_shell)
    r, amp, count = radial_profile(field, pos, box, centre, edges)
    pattern = neighbour_pattern(field, pos, box, centre, r_shell)
    control = []
    for e in np.asarray(controls, dtype=float):
        probe = np.zeros_like(field)
        probe[centre] = e
        p = neighbour_pattern(probe, pos, box, centre, r_shell)
        control.append(cage_anisotropy(p["cos"], p["distance"]))
    return {
        "centre": centre,
        "centre_weight": c_w,
        "shell_weight": s_w,
        "r": r,
        "amplitude": amp,
        "count": count,
        "pattern": pattern,
        "anisotropy": cage_anisotropy(pattern["cos"], pattern["distance"]),
        "anisotropy_control": float(np.nanmean(control)),
    }
