"""The anatomy of a soft mode: the paper's Fig 7 sketch, measured in the soft-sphere glass.

``python -m replicate.fig7`` reads the core analyses of the finite-size series at the sizes that keep the
fields of the softest distinct quartic modes of each glass (:data:`replicate.glass.size_series.KEPT_FIELDS`;
:mod:`replicate.glass.core_size`) and writes ``data/results/fig7.json`` and ``figures/fig7.png/.pdf``.
Reduced units: distances in sigma, fields as unit 3N-vectors, nu in 1/tau.

Section 3 of the paper argues that the cheapest local instability has a large amplitude on one central
atom and smaller ones on its neighbours, and Fig 7 sketches the static distortion that makes it: the
cage of the central atom stretched along its direction of vibration and compressed across it. The
quartic modes are the soft cores without the phonons a harmonic mode mixes in (the localisation
item). Per mode, around its most displaced atom (the centre), with :mod:`replicate.glass.mode_anatomy`:

* the share of the mode's weight on the centre and on its first neighbour shell (r < :data:`R_SHELL`);
* the radial profile of |u| and its far-field exponent, |u| ~ r^-alpha (linear elasticity: alpha = 2),
  fitted from :data:`FAR_MIN` to :data:`FAR_MAX` L and to :data:`FAR_CHECK` L, and in a window fixed in
  distance, :data:`FAR_MIN` to :data:`FAR_FIXED` sigma, the same at every N;
* the same profile and fits for a force dipole along the centre's direction e in the same periodic box
  of isotropic elastic continuum (:mod:`replicate.glass.periodic_elastic`, Poisson ratio from the
  glass's sound speeds), read at the glass's atoms: what the periodic images alone do to each window;
* how the first shell moves relative to the centre's motion e, against cos theta = n . e;
* the static cage: the mean distance of the neighbours within 45 degrees of e minus that of the others,
  against a control that is a typical atom of the same glass along its own softest local direction (the
  lowest eigenvector of its 3x3 self-Hessian, :func:`replicate.glass.mode_anatomy.self_hessians`): any
  atom's softest direction points where its cage happens to be widest, so the excess over that control is
  what the soft spot adds. The earlier control, :data:`CONTROLS` random directions at the same centre, is
  kept as ``anisotropy_random``.

Four statements are judged, each resolved beyond :data:`Z_RESOLVED` jackknife errors over glasses:
the neighbours ahead of and behind the centre (within 45 degrees of the line of its motion) move with it
('pushed along'), those across it (within :data:`ACROSS` in cos theta of the plane across the motion)
move towards the centre ('pulled in across'), the neighbours ahead move away from the line of the centre's
motion and those behind towards it ('opens ahead, closes behind'), and the cage is stretched along
the motion beyond a typical atom's (the excess over the control, per size and pooled over the sizes).
"""

import numpy as np

from .core.cli import run
from .core.registry import command
from .core.results import run_item
from .glass.box import minimum_image_round
from .glass.core_size import CoreProtocol
from .glass.ensemble import load_ensemble, read_sample
from .glass.mode_anatomy import (
    anatomy,
    cage_anisotropies,
    far_field_exponent,
    radial_profile,
    random_directions,
    self_hessians,
    softest_local_directions,
)
from .glass.periodic_elastic import periodic_dipole_field, poisson_ratio
from .glass.size_series import CORE_SAMPLES, CORE_SIZES, KEPT_FIELDS, core_spec, judged_glasses, spec
from .glass.spectra import jackknife, jackknife_ratio, nu_L1, nu_T1
from .glass.structure import NEIGHBOUR_CUT

NAME = "fig7"
COMMAND = command(NAME)
R_SHELL = NEIGHBOUR_CUT  # sigma at rho = 1: the first neighbour shell of the crystallinity analysis
SHELL_WIDTH = 0.25  # sigma, the radial profile's shells
# the far field starts beyond the core: a sphere of 60 atoms (the core N_k of the localisation item) has a
# radius of 2.4 sigma at rho = 1
FAR_MIN = 3.0  # sigma
FAR_MAX = 0.4  # of the box edge L: below the L/2 where the field of a periodic box turns flat
FAR_CHECK = 0.3  # of L: the narrower window
# a window fixed in distance, the same at every N: from the core's edge to 0.4 L of the smallest box
# (8.0 sigma at N = 8000), the longest range in sigma that every box's window above reaches. A trend of
# its exponent with N cannot come from the window moving; what the images do inside it at each N the
# dipole in the periodic box shows (:mod:`replicate.glass.periodic_elastic`)
FAR_FIXED = 8.0  # sigma
# the dipole model: a Gaussian core of 0.5 sigma on a 0.25 sigma grid, its own r^-4 field subtracted,
# reproduces Kelvin's field to 1 % at 3 sigma (tests/glass/test_periodic_elastic.py)
DIPOLE_CORE = 0.5  # sigma
DIPOLE_SPACING = 0.25  # sigma
MODEL_MIN = 1.0  # sigma: the model field is evaluated beyond this distance from the centre only
# the Poisson ratio of the glass from its sound speeds (nu_T1 and nu_L1 of the lowest plane waves) in the
# N = 1000 ensemble of the series, whose sparse-mode-free spectra reach the longitudinal band
POISSON_SIZE = 1000
ELASTIC_EXPONENT = 2.0  # |u| ~ r^-(d-1) in d = 3
COS_BINS = np.linspace(-1.0, 1.0, 9)
CONE = 2**-0.5  # |cos theta| above which a neighbour is ahead of or behind the centre's motion
ACROSS = 0.25  # |cos theta| below which a neighbour is across the motion (within 14.5 degrees of its plane)
CONTROLS = 32  # random directions per mode for the control of the cage anisotropy
CONTROL_SEED = 7
Z_RESOLVED = 2.0
IMAGES_REFERENCE = (
    'A. Moriel, Y. Lubomirsky, E. Lerner and E. Bouchbinder, "Extracting the properties of quasilocalized '
    'modes in computer glasses: Long-range continuum fields, contour integrals and boundary effects", '
    "arXiv:2007.11421 (2020)"
)


def field_sizes():
    """The sizes of the series whose core analyses keep mode fields and are in the committed cache."""
    return tuple(n for n in CORE_SIZES if KEPT_FIELDS.get(n, 0) > 0)


def _per_glass(modes, key):
    """Per glass, the finite values of ``key`` over its modes (the cage anisotropy is NaN for a mode
    with no neighbour in the double cone, or none outside it)."""
    out = [np.array([m[key] for m in g], dtype=float) for g in modes]
    return [x[np.isfinite(x)] for x in out]


def size_summary(glasses, box):
    """Every number of one size (pure): ``glasses`` a list over glasses of lists of per-mode
    :func:`replicate.glass.mode_anatomy.anatomy` dicts (with ``participation_number`` and ``kappa``
    added), ``box`` the box edge (sigma)."""
    out = {"n_glasses": len(glasses), "n_modes": int(sum(len(g) for g in glasses)), "box": box}
    for key in (
        "centre_weight",
        "shell_weight",
        "participation_number",
        "anisotropy",
        "anisotropy_control",
        "anisotropy_random",
        "anisotropy_centre_soft",
        "soft_overlap",
    ):
        v = _per_glass(glasses, key)
        out[key], out[f"{key}_err"] = jackknife_ratio([x.sum() for x in v], [x.size for x in v])

    def excess(control):
        d = [np.array([m["anisotropy"] - m[control] for m in g], dtype=float) for g in glasses]
        return d, [x[np.isfinite(x)] for x in d]

    diff, finite = excess("anisotropy_control")
    out["n_anisotropy_undefined"] = int(sum(np.count_nonzero(~np.isfinite(x)) for x in diff))
    out["anisotropy_excess"], out["anisotropy_excess_err"] = jackknife_ratio(
        [x.sum() for x in finite], [x.size for x in finite]
    )
    _, finite = excess("anisotropy_random")
    out["anisotropy_random_excess"], out["anisotropy_random_excess_err"] = jackknife_ratio(
        [x.sum() for x in finite], [x.size for x in finite]
    )

    def control_share(gs):
        a, c = (np.concatenate(_per_glass(gs, k)) for k in ("anisotropy", "anisotropy_control"))
        return c.mean() / a.mean()

    out["anisotropy_control_share"], out["anisotropy_control_share_err"] = jackknife(glasses, control_share)
    k2 = np.concatenate(_per_glass(glasses, "kappa_2"))
    out["nu_quartic_median"] = float(np.median(np.sqrt(k2) / (2 * np.pi)))

    # the radial profile: mean over modes of each mode's shell means (shells are empty only near r = 0)
    def profile(gs, key="amplitude"):
        modes = [m for g in gs for m in g]
        count = np.sum([m["count"] for m in modes], axis=0)
        filled = np.sum([m["count"] > 0 for m in modes], axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.nansum([m["r"] * m["count"] for m in modes], axis=0) / count
            a = np.nansum([m[key] for m in modes], axis=0) / filled
        return r, a, count

    windows = {"": (FAR_MIN, FAR_MAX * box), "_check": (FAR_MIN, FAR_CHECK * box), "_fixed": (FAR_MIN, FAR_FIXED)}

    def exponent(gs, window, key="amplitude"):
        return far_field_exponent(*profile(gs, key), *windows[window])[0]

    r, a, _ = profile(glasses)
    out["profile_r"], out["profile_amplitude"] = r.tolist(), a.tolist()
    # the profile's error per shell: jackknife over glasses (NaN where a shell is empty)
    loo = np.array([profile(glasses[:k] + glasses[k + 1 :])[1] for k in range(len(glasses))])
    k = len(glasses)
    with np.errstate(invalid="ignore"):
        out["profile_amplitude_err"] = np.sqrt((k - 1) / k * np.sum((loo - loo.mean(axis=0)) ** 2, axis=0)).tolist()
    out["profile_model_amplitude"] = profile(glasses, "model_amplitude")[1].tolist()
    for w in windows:
        out[f"alpha{w}"], out[f"alpha{w}_err"] = jackknife(glasses, lambda gs, w=w: exponent(gs, w))
        out[f"alpha{w}_z"] = (out[f"alpha{w}"] - ELASTIC_EXPONENT) / out[f"alpha{w}_err"]
        # the same fit to the dipole in the same periodic box, and the measured exponent's excess over it
        out[f"model_alpha{w}"], out[f"model_alpha{w}_err"] = jackknife(
            glasses, lambda gs, w=w: exponent(gs, w, "model_amplitude")
        )
        out[f"alpha{w}_excess"], out[f"alpha{w}_excess_err"] = jackknife(
            glasses, lambda gs, w=w: exponent(gs, w) - exponent(gs, w, "model_amplitude")
        )

    # the first shell against cos theta, ahead/behind (|cos| > CONE) and across (|cos| < ACROSS)
    def shell(key, select):
        s, c = [], []
        for g in glasses:
            v = np.concatenate([m["pattern"][key][select(m["pattern"]["cos"])] for m in g]) if g else np.zeros(0)
            v = v[np.isfinite(v)]  # 'sideways' is undefined for a neighbour on the line of motion
            s.append(v.sum())
            c.append(v.size)
        return jackknife_ratio(s, c)

    pattern = []
    for lo, hi in zip(COS_BINS[:-1], COS_BINS[1:]):
        row = {"cos_lo": float(lo), "cos_hi": float(hi)}
        for key in ("along", "radial", "sideways", "stretch"):
            row[key], row[f"{key}_err"] = shell(key, lambda c, lo=lo, hi=hi: (c >= lo) & (c < hi))
        pattern.append(row)
    out["pattern"] = pattern
    out["along_ahead"], out["along_ahead_err"] = shell("along", lambda c: np.abs(c) > CONE)
    out["along_across"], out["along_across_err"] = shell("along", lambda c: np.abs(c) < ACROSS)
    out["radial_across"], out["radial_across_err"] = shell("radial", lambda c: np.abs(c) < ACROSS)
    out["sideways_ahead"], out["sideways_ahead_err"] = shell("sideways", lambda c: c > CONE)
    out["sideways_behind"], out["sideways_behind_err"] = shell("sideways", lambda c: c < -CONE)
    out["pushed_along"] = bool(out["along_ahead"] > Z_RESOLVED * out["along_ahead_err"])
    out["pulled_in_across"] = bool(out["radial_across"] < -Z_RESOLVED * out["radial_across_err"])
    out["opens_ahead_closes_behind"] = bool(
        out["sideways_ahead"] > Z_RESOLVED * out["sideways_ahead_err"]
        and out["sideways_behind"] < -Z_RESOLVED * out["sideways_behind_err"]
    )
    out["cage_stretched"] = bool(out["anisotropy_excess"] > Z_RESOLVED * out["anisotropy_excess_err"])
    return out


def inverse_variance_mean(values, errors):
    """Mean of independent estimates weighted by 1/err^2 and its error (1/sqrt(sum 1/err^2)); (nan, nan)
    when no estimate has a finite positive error."""
    v, e = np.asarray(values, dtype=float), np.asarray(errors, dtype=float)
    ok = np.isfinite(v) & np.isfinite(e) & (e > 0)
    if not ok.any():
        return float("nan"), float("nan")
    w = 1.0 / e[ok] ** 2
    return float(np.sum(w * v[ok]) / w.sum()), float(1.0 / np.sqrt(w.sum()))


def dipole_profile(positions, box, centre, e, edges, nu):
    """Mean |u| in the shells ``edges`` of the field of a unit force dipole e e^T at atom ``centre`` in the
    periodic box (isotropic continuum of Poisson ratio ``nu``, mu = 1), read at the glass's atoms beyond
    :data:`MODEL_MIN` (pure; :func:`replicate.glass.periodic_elastic.periodic_dipole_field`)."""
    d = minimum_image_round(positions - positions[centre], box)
    far = np.linalg.norm(d, axis=1) >= MODEL_MIN
    u = np.zeros_like(d)
    u[far] = periodic_dipole_field(d[far], box, np.outer(e, e), nu, core=DIPOLE_CORE, spacing=DIPOLE_SPACING)
    return radial_profile(u, positions, box, centre, edges)[1]


def measure(fields, positions, box, participation, kappa, seed, nu):
    """The per-mode anatomy of one glass's kept quartic modes (pure), with the control of the cage
    anisotropy (every atom of the glass along its own softest local direction) and the profile of a force
    dipole along each mode's e in the same periodic box (Poisson ratio ``nu``)."""
    edges = np.arange(0.5, 0.5 * box, SHELL_WIDTH)
    controls = random_directions(CONTROLS, seed)
    soft = softest_local_directions(self_hessians(positions, box))
    typical = cage_anisotropies(positions, box, soft, R_SHELL, CONE)
    control = float(np.nanmean(typical))
    out = []
    for f, nk, k in zip(fields, participation, kappa):
        m = anatomy(f, positions, box, edges, R_SHELL, controls)
        c = m["centre"]
        e = f[c] / np.linalg.norm(f[c])
        m.update(
            participation_number=float(nk),
            kappa_2=float(k[0]),
            kappa_4=float(k[2]),
            anisotropy_random=m["anisotropy_control"],
            anisotropy_control=control,
            anisotropy_centre_soft=float(typical[c]),
            soft_overlap=float(abs(e @ soft[c])),
            model_amplitude=dipole_profile(positions, box, c, e, edges, nu),
        )
        out.append(m)
    return out


TREND_KEYS = (
    "alpha",
    "alpha_check",
    "alpha_fixed",
    "model_alpha",
    "model_alpha_fixed",
    "alpha_excess",
    "alpha_fixed_excess",
)


def alpha_trend(sizes):
    """How the far-field exponents change from the smallest to the largest size (pure): ``sizes`` by N,
    each with the keys of :data:`TREND_KEYS` that it has and their ``_err``. The windows ending at a
    fraction of L start at a fixed 3 sigma, so they cover a different range of r/L at each N, and near
    L/2 the images steepen the profile (Moriel et al., arXiv:2007.11421): their change with N mixes the
    window with the physics. The fixed window (3 to 8 sigma) and the excess over the dipole in the same
    box separate the two. Returns dict(n_first, n_last, and per key its change, its error (the sizes are
    independent glasses) and whether it is a resolved rise)."""
    keys = sorted(sizes, key=int)
    first, last = sizes[keys[0]], sizes[keys[-1]]
    out = {"n_first": int(keys[0]), "n_last": int(keys[-1])}
    for key in TREND_KEYS:
        if key not in first:
            continue
        d = last[key] - first[key]
        err = float(np.hypot(last[f"{key}_err"], first[f"{key}_err"]))
        out[f"{key}_change"], out[f"{key}_change_err"] = float(d), err
        out[f"{key}_rises"] = bool(len(keys) > 1 and d > Z_RESOLVED * err)
    return out


def compute(glasses, rejected, sound):
    """The Fig 7 result (pure): ``glasses`` by N, a list over the accepted glasses of dicts with the kept
    ``fields``, the re-minimised ``positions``, the ``box`` and the modes' ``participation`` and ``kappa``;
    ``rejected`` by N, the glasses the crystallinity criterion rejected; ``sound`` the glass's sound
    speeds ``c_T`` and ``c_L`` (sigma/tau), whose Poisson ratio shapes the dipole model."""
    nu = poisson_ratio(sound["c_T"], sound["c_L"])
    sizes = {}
    for n in sorted(glasses):
        per = [
            measure(g["fields"], g["positions"], g["box"], g["participation"], g["kappa"], CONTROL_SEED + k, nu)
            for k, g in enumerate(glasses[n])
        ]
        sizes[str(n)] = dict(size_summary(per, glasses[n][0]["box"]), n_atoms=int(n), rejected=int(rejected[n]))
    largest = sizes[str(max(glasses))]
    # the cage is a property of the glass, not of its box: the sizes (independent glasses) are pooled by
    # inverse variance for the excess over the typical-atom control and the share of that control
    pooled = {}
    for key in ("anisotropy_excess", "anisotropy_control_share", "alpha_fixed_excess"):
        pooled[key], pooled[f"{key}_err"] = inverse_variance_mean(
            [sizes[n][key] for n in sizes], [sizes[n][f"{key}_err"] for n in sizes]
        )
    pooled["cage_stretched"] = bool(pooled["anisotropy_excess"] > Z_RESOLVED * pooled["anisotropy_excess_err"])
    return {
        "pooled": pooled,
        "values": {},  # Fig 7 is a sketch: it has no published number
        "sizes": sizes,
        "alpha": largest["alpha"],
        "alpha_err": largest["alpha_err"],
        "alpha_trend": alpha_trend(sizes),
        "elastic_exponent": ELASTIC_EXPONENT,
        "window": {"far_min": FAR_MIN, "far_max": FAR_MAX, "far_check": FAR_CHECK, "far_fixed": FAR_FIXED},
        "elastic": {
            "c_T": float(sound["c_T"]),
            "c_L": float(sound["c_L"]),
            "poisson_ratio": nu,
            "n_atoms": int(sound.get("n_atoms", 0)),
            "dipole_core": DIPOLE_CORE,
            "grid_spacing": DIPOLE_SPACING,
        },
        "images_reference": IMAGES_REFERENCE,
        "r_shell": R_SHELL,
        "cone": CONE,
        "cone_degrees": float(np.degrees(np.arccos(CONE))),
        "across_degrees": float(np.degrees(np.arcsin(ACROSS))),
        "z_resolved": Z_RESOLVED,
        "controls": CONTROLS,
        "parameters": {
            "sizes": sorted(glasses),
            "samples": {str(n): CORE_SAMPLES.get(n, 0) for n in glasses},
            "kept_fields": {str(n): KEPT_FIELDS.get(n, 0) for n in glasses},
        },
        "seeds": [spec(n)["master_seed"] for n in sorted(glasses)],
    }


def load_inputs(sizes=None):
    """The kept quartic-mode fields of the accepted glasses at each field size, and the rejected counts."""
    glasses, rejected = {}, {}
    for n in field_sizes() if sizes is None else sizes:
        g, c = spec(n), core_spec(n)
        assert isinstance(c["protocol"], CoreProtocol) and c["protocol"].kept_fields > 0
        judged = judged_glasses(n)  # the crystallinity criterion of the series, as in the localisation item
        glasses[n] = []
        for k in judged["accepted"]:
            s = read_sample(c["protocol"], c["master_seed"], int(k))
            keep = np.asarray(s["field_modes"], dtype=int)
            ok = np.asarray(s["nonlinear_converged"], dtype=bool)[keep]
            glasses[n].append(
                {
                    "fields": np.asarray(s["fields"], dtype=float)[ok],
                    "positions": np.asarray(s["positions"], dtype=float),
                    "box": float(g["protocol"].box),
                    "participation": np.asarray(s["nonlinear_participation"], dtype=float)[keep][ok],
                    "kappa": np.asarray(s["nonlinear_kappa"], dtype=float)[keep][ok],
                }
            )
        rejected[n] = judged["rejected"]
    g = spec(POISSON_SIZE)
    ens = load_ensemble(g["protocol"], g["master_seed"])
    box = float(g["protocol"].box)
    sound = {"c_T": nu_T1(ens) * box, "c_L": nu_L1(ens) * box, "n_atoms": POISSON_SIZE}
    return {"glasses": glasses, "rejected": rejected, "sound": sound}


def picture_axes(e):
    """Two unit vectors spanning a plane that contains ``e`` (e itself and a perpendicular one)."""
    e = np.asarray(e, dtype=float) / np.linalg.norm(e)
    helper = np.eye(3)[int(np.argmin(np.abs(e)))]
    p = helper - (helper @ e) * e
    return e, p / np.linalg.norm(p)


def plot(result, glasses):
    """(a) mean radial profile times r^2 with the force dipole in the same periodic box, (b) the first shell's motion against
    cos theta, (c) the softest mode of the largest size in the plane of its centre's motion."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .glass.box import minimum_image_round

    fig, (ax, ax2, ax3) = plt.subplots(1, 3, figsize=(15, 4.6))
    ax.axvspan(FAR_MIN, FAR_FIXED, color="0.92", lw=0)
    for (n, s), colour in zip(result["sizes"].items(), ("C0", "C1", "C2", "C3")):
        r, a = np.array(s["profile_r"]), np.array(s["profile_amplitude"])
        da, model = np.array(s["profile_amplitude_err"]), np.array(s["profile_model_amplitude"])
        # compensated by r^2: the elastic far field is flat; the dipole scaled to the mode in the fixed window
        w = (r >= FAR_MIN) & (r <= FAR_FIXED)
        scale = np.exp(np.mean(np.log(a[w] / model[w])))
        ax.errorbar(
            r,
            r**2 * a,
            r**2 * da,
            fmt="o",
            ms=2.5,
            color=colour,
            elinewidth=0.6,
            label=f"N = {n}: alpha = {s['alpha_fixed']:.2f} +/- {s['alpha_fixed_err']:.2f} (3-8 sigma), "
            f"dipole {s['model_alpha_fixed']:.2f}",
        )
        ax.plot(r[r >= FAR_MIN], (r**2 * scale * model)[r >= FAR_MIN], "-", color=colour, lw=1.0)
        ax.axvline(FAR_MAX * s["box"], color=colour, ls=":", lw=0.8)
    ax.plot([], [], "k-", lw=1.0, label="force dipole along e in the same periodic box")
    ax.plot([], [], "k:", lw=0.8, label="0.4 L (end of the window in L)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"distance from the centre atom $r$ ($\sigma$)")
    ax.set_ylabel(r"$r^2\,\langle|u|\rangle$ of the unit field ($\sigma^2$)")
    ax.set_ylim(0.07, 0.45)
    ax.legend(fontsize=6.5, loc="lower right")
    ax.set_title("(a) radial profile x r^2 (grey: fixed window 3-8 sigma; errors: jackknife)", fontsize=9)
    s = result["sizes"][str(max(int(n) for n in result["sizes"]))]
    mid = [(p["cos_lo"] + p["cos_hi"]) / 2 for p in s["pattern"]]
    for key, label in (
        ("along", r"$u_j\cdot e/|u_0|$ (along the centre)"),
        ("radial", r"$u_j\cdot n_j/|u_0|$ (away from it)"),
        ("sideways", r"$u_j\cdot t_j/|u_0|$ (away from the line of motion)"),
        ("stretch", r"$(u_j-u_0)\cdot n_j/|u_0|$ (bond)"),
    ):
        ax2.errorbar(
            mid, [p[key] for p in s["pattern"]], [p[f"{key}_err"] for p in s["pattern"]], fmt="o-", ms=3, label=label
        )
    ax2.axhline(0, color="0.5", lw=0.6)
    ax2.set_xlabel(r"$\cos\theta = n_j\cdot e$ of a first-shell neighbour")
    ax2.set_ylabel("neighbour's motion / centre's")
    ax2.legend(fontsize=7)
    ax2.set_title(f"(b) the first shell, N = {s['n_atoms']}", fontsize=9)
    # (c): the softest kept mode of the largest size
    n = max(glasses)
    best = min(
        ((k, j) for k, g in enumerate(glasses[n]) for j in range(len(g["kappa"]))),
        key=lambda kj: glasses[n][kj[0]]["kappa"][kj[1]][0],
    )
    g = glasses[n][best[0]]
    f = g["fields"][best[1]]
    c = int(np.argmax(np.sum(f * f, axis=1)))
    e, p = picture_axes(f[c])
    d = minimum_image_round(g["positions"] - g["positions"][c], g["box"])
    q = np.cross(e, p)
    slab = (np.abs(d @ q) < 0.6) & (np.abs(d @ e) < 6) & (np.abs(d @ p) < 6)
    scale = 1.0 / np.linalg.norm(f[c])
    ax3.scatter(d[slab] @ e, d[slab] @ p, s=60, facecolors="none", edgecolors="0.6", lw=0.6)
    ax3.quiver(
        d[slab] @ e,
        d[slab] @ p,
        scale * f[slab] @ e,
        scale * f[slab] @ p,
        angles="xy",
        scale_units="xy",
        scale=1.0,
        width=0.004,
    )
    ax3.set_aspect("equal")
    ax3.set_xlabel(r"along the centre's motion $e$ ($\sigma$)")
    ax3.set_ylabel(r"across it ($\sigma$)")
    ax3.set_title(f"(c) softest quartic mode at N = {n} (slab 1.2 sigma thick)", fontsize=9)
    fig.tight_layout()
    return fig


def main(argv=None):
    result, _ = run_item(NAME, __doc__, load_inputs, compute, lambda r, i: plot(r, i["glasses"]), argv)
    for n, s in result["sizes"].items():
        print(
            f"fig7 N = {n}: {s['n_modes']} modes, centre weight {s['centre_weight']:.3f}, "
            f"far-field exponent {s['alpha']:.2f} +/- {s['alpha_err']:.2f} (3-8 sigma: {s['alpha_fixed']:.2f} +/- "
            f"{s['alpha_fixed_err']:.2f}, dipole {s['model_alpha_fixed']:.2f}), cage anisotropy excess "
            f"{s['anisotropy_excess']:.4f} +/- {s['anisotropy_excess_err']:.4f} sigma"
        )


if __name__ == "__main__":
    run(main)
