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
  fitted between :data:`FAR_MIN` and :data:`FAR_MAX` L, and in a narrower window up to
  :data:`FAR_CHECK` L as a check of the box's images;
* how the first shell moves relative to the centre's motion e, against cos theta = n . e;
* the static cage: the mean distance of the neighbours within 45 degrees of e minus that of the others,
  beside the same number for directions unrelated to the mode (:data:`CONTROLS` random directions at
  the same centre).

Four statements are judged, each resolved beyond :data:`Z_RESOLVED` jackknife errors over glasses:
the neighbours ahead of and behind the centre (within 45 degrees of the line of its motion) move with it
('pushed along'), those across it (within :data:`ACROSS` in cos theta of the plane across the motion)
move towards the centre ('pulled in across'), the neighbours ahead move away from the line of the centre's
motion and those behind towards it ('opens ahead, closes behind'), and the cage is stretched along
the motion (anisotropy above its control).
"""

import numpy as np

from .core.cli import run
from .core.registry import command
from .core.results import run_item
from .glass.core_size import CoreProtocol
from .glass.ensemble import read_sample
from .glass.mode_anatomy import anatomy, far_field_exponent, random_directions
from .glass.size_series import CORE_SAMPLES, CORE_SIZES, KEPT_FIELDS, core_spec, judged_glasses, spec
from .glass.spectra import jackknife, jackknife_ratio
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
ELASTIC_EXPONENT = 2.0  # |u| ~ r^-(d-1) in d = 3
COS_BINS = np.linspace(-1.0, 1.0, 9)
CONE = 2**-0.5  # |cos theta| above which a neighbour is ahead of or behind the centre's motion
ACROSS = 0.25  # |cos theta| below which a neighbour is across the motion (within 14.5 degrees of its plane)
CONTROLS = 32  # random directions per mode for the control of the cage anisotropy
CONTROL_SEED = 7
Z_RESOLVED = 2.0


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
    for key in ("centre_weight", "shell_weight", "participation_number", "anisotropy", "anisotropy_control"):
        v = _per_glass(glasses, key)
        out[key], out[f"{key}_err"] = jackknife_ratio([x.sum() for x in v], [x.size for x in v])
    diff = [np.array([m["anisotropy"] - m["anisotropy_control"] for m in g], dtype=float) for g in glasses]
    out["n_anisotropy_undefined"] = int(sum(np.count_nonzero(~np.isfinite(x)) for x in diff))
    diff = [x[np.isfinite(x)] for x in diff]
    out["anisotropy_excess"], out["anisotropy_excess_err"] = jackknife_ratio(
        [x.sum() for x in diff], [x.size for x in diff]
    )
    k2 = np.concatenate(_per_glass(glasses, "kappa_2"))
    out["nu_quartic_median"] = float(np.median(np.sqrt(k2) / (2 * np.pi)))

    # the radial profile: mean over modes of each mode's shell means (shells are empty only near r = 0)
    def profile(gs):
        modes = [m for g in gs for m in g]
        count = np.sum([m["count"] for m in modes], axis=0)
        filled = np.sum([m["count"] > 0 for m in modes], axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.nansum([m["r"] * m["count"] for m in modes], axis=0) / count
            a = np.nansum([m["amplitude"] for m in modes], axis=0) / filled
        return r, a, count

    def exponent(gs, hi):
        return far_field_exponent(*profile(gs), FAR_MIN, hi * box)[0]

    r, a, _ = profile(glasses)
    out["profile_r"], out["profile_amplitude"] = r.tolist(), a.tolist()
    out["alpha"], out["alpha_err"] = jackknife(glasses, lambda gs: exponent(gs, FAR_MAX))
    out["alpha_check"], out["alpha_check_err"] = jackknife(glasses, lambda gs: exponent(gs, FAR_CHECK))
    out["alpha_z"] = (out["alpha"] - ELASTIC_EXPONENT) / out["alpha_err"]
    out["alpha_check_z"] = (out["alpha_check"] - ELASTIC_EXPONENT) / out["alpha_check_err"]

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


def measure(fields, positions, box, participation, kappa, seed):
    """The per-mode anatomy of one glass's kept quartic modes (pure)."""
    edges = np.arange(0.5, 0.5 * box, SHELL_WIDTH)
    controls = random_directions(CONTROLS, seed)
    out = []
    for f, nk, k in zip(fields, participation, kappa):
        m = anatomy(f, positions, box, edges, R_SHELL, controls)
        m.update(participation_number=float(nk), kappa_2=float(k[0]), kappa_4=float(k[2]))
        out.append(m)
    return out


def alpha_trend(sizes):
    """How the far-field exponents change from the smallest to the largest size (pure): ``sizes`` by N
    (sorted keys), each with ``alpha``, ``alpha_err``, ``alpha_check`` and ``alpha_check_err``. Both
    windows end at fixed fractions of L, so the periodic images alone would not raise alpha with N (the
    window only reaches smaller r/L); a resolved rise says the profile steepens with r itself. Returns
    dict(n_first, n_last, and for ``alpha`` and ``alpha_check`` the change, its error (the sizes are
    independent glasses) and whether it is a resolved rise)."""
    keys = sorted(sizes, key=int)
    first, last = sizes[keys[0]], sizes[keys[-1]]
    out = {"n_first": int(keys[0]), "n_last": int(keys[-1])}
    for key in ("alpha", "alpha_check"):
        d = last[key] - first[key]
        err = float(np.hypot(last[f"{key}_err"], first[f"{key}_err"]))
        out[f"{key}_change"], out[f"{key}_change_err"] = float(d), err
        out[f"{key}_rises"] = bool(len(keys) > 1 and d > Z_RESOLVED * err)
    return out


def compute(glasses, rejected):
    """The Fig 7 result (pure): ``glasses`` by N, a list over the accepted glasses of dicts with the kept
    ``fields``, the re-minimised ``positions``, the ``box`` and the modes' ``participation`` and ``kappa``;
    ``rejected`` by N, the glasses the crystallinity criterion rejected."""
    sizes = {}
    for n in sorted(glasses):
        per = [
            measure(g["fields"], g["positions"], g["box"], g["participation"], g["kappa"], CONTROL_SEED + k)
            for k, g in enumerate(glasses[n])
        ]
        sizes[str(n)] = dict(size_summary(per, glasses[n][0]["box"]), n_atoms=int(n), rejected=int(rejected[n]))
    largest = sizes[str(max(glasses))]
    return {
        "values": {},  # Fig 7 is a sketch: it has no published number
        "sizes": sizes,
        "alpha": largest["alpha"],
        "alpha_err": largest["alpha_err"],
        "alpha_trend": alpha_trend(sizes),
        "elastic_exponent": ELASTIC_EXPONENT,
        "window": {"far_min": FAR_MIN, "far_max": FAR_MAX, "far_check": FAR_CHECK},
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
    return {"glasses": glasses, "rejected": rejected}


def picture_axes(e):
    """Two unit vectors spanning a plane that contains ``e`` (e itself and a perpendicular one)."""
    e = np.asarray(e, dtype=float) / np.linalg.norm(e)
    helper = np.eye(3)[int(np.argmin(np.abs(e)))]
    p = helper - (helper @ e) * e
    return e, p / np.linalg.norm(p)


def plot(result, glasses):
    """(a) mean radial profile with the r^-2 of elasticity, (b) the first shell's motion against
    cos theta, (c) the softest mode of the largest size in the plane of its centre's motion."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .glass.box import minimum_image_round

    fig, (ax, ax2, ax3) = plt.subplots(1, 3, figsize=(14, 4.4))
    for n, s in result["sizes"].items():
        r, a = np.array(s["profile_r"]), np.array(s["profile_amplitude"])
        ax.plot(r, a, "o", ms=3, label=f"N = {n}: alpha = {s['alpha']:.2f} +/- {s['alpha_err']:.2f}")
        w = (r >= FAR_MIN) & (r <= FAR_MAX * s["box"])
        ref = a[w][0] * (r[w][0] / r[w]) ** ELASTIC_EXPONENT
        ax.plot(r[w], ref, "k--", lw=0.8)
    ax.plot([], [], "k--", lw=0.8, label="r^-2 (elasticity)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"distance from the centre atom $r$ ($\sigma$)")
    ax.set_ylabel(r"mean $|u|$ of the unit field")
    ax.legend(fontsize=7)
    ax.set_title("(a) radial profile of the quartic modes", fontsize=9)
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
            f"far-field exponent {s['alpha']:.2f} +/- {s['alpha_err']:.2f}, cage anisotropy "
            f"{s['anisotropy_excess']:.4f} +/- {s['anisotropy_excess_err']:.4f} sigma"
        )


if __name__ == "__main__":
    run(main)
