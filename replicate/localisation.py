"""Are the soft modes localised on about 100 atoms? N_k of the lowest modes and of their cores against N.

``python -m replicate.localisation`` reads the core analyses of the finite-size series
(:mod:`replicate.glass.core_size`, :mod:`replicate.glass.size_series`: glasses made with one protocol
at every N, the lowest :data:`replicate.glass.core_size.N_LOWEST` modes of each, and the quartic mode
reached from each of them) and writes ``data/results/localisation.json`` and
``figures/localisation.png/.pdf``. Reduced units (nu in 1/tau); N_k in atoms (eqn 2).

Per size, over the accepted glasses, with jackknife errors over samples. The crystallinity criterion
is the series' own (:mod:`replicate.glass.quench_reference`): the Fig 5-6 bound on the solid-like
fraction, and a bound on the largest solid-like cluster set at each N by the same liquids minimised at
once (instant quenches), instead of the fixed 50 atoms of Fig 5-6, which a large glass exceeds by
fluctuation alone (at N = 4000 it rejects nearly all glasses, whose solid-like fractions are 3-9 %). The
counts under the fraction alone and under the Fig 5-6 rule are reported beside it.

* the lowest harmonic mode of each glass (Laird and Schober's quantity), in every accepted glass of the
  series (100 at N = 500 and 1000, where the core analysis uses 16): N_k with its jackknife error, median
  and 16-84 % range, p = N_k/N, fitted against N over all sizes and from :data:`LEVEL_FROM` on; and, in
  the core-analysed glasses, its N_k over that of the quartic mode reached from it;
* the harmonic N_k of the ten lowest modes (its exponent measures how the phonons among them change with
  N, not the modes that hold the cores), and of those that are mostly core;
* the core: N_k of the distinct quartic modes per sample (two quartic modes are the same when the
  overlap of their unit fields exceeds :data:`SAME_MODE`). The quartic mode sheds the plane waves a
  harmonic mode has mixed in (validated on a planted interstitial in tests/glass/test_nonlinear_modes.py),
  so it measures the quasi-localised core alone;
* the fraction of the lowest harmonic modes that are mostly core: overlap with their quartic mode
  above :data:`CORE_OVERLAP` (more than half of the harmonic mode's weight on its core).

* the cores at fixed nu_q in two windows (:data:`NU_CORE_WINDOW`, :data:`NU_CORE_WINDOW_LOW`), and within
  one box the slope of log core N_k against log nu_q;
* at the sizes whose analyses keep quartic-mode fields, both of the paper's measures (eqn 2 and
  1/max_i |e_i|^2), the atoms holding half the weight, and how much of eqn (2) is far field.

The exponents of N_k ~ N^s for both measures are fitted across sizes (weighted least squares on the
logarithms, errors from the per-size jackknife). A localised mode has s = 0 (plus a small finite-box
correction from its far field), an extended one s = 1; cores with s resolved below 1/2 whose lowest
harmonic modes hold resolved more atoms than their own quartic modes at every size are localised cores
that hybridise with the box's phonons.
"""

import numpy as np

from .core.cli import run
from .core.registry import command
from .core.results import run_item
from .glass.box import minimum_image_round
from .glass.core_size import SAME_MODE, distinct_modes
from .glass.ensemble import load_ensemble, read_sample
from .glass.quench_reference import FENCE
from .glass.size_series import CORE_SAMPLES, CORE_SIZES, KEPT_FIELDS, SAMPLES, SIZES, core_spec, judged_glasses, spec
from .glass.spectra import jackknife, jackknife_ratio
from .glass.structure import CLUSTER_THRESHOLD, CRYSTALLINE_THRESHOLD
from .theory.participation import largest_displacement_number, participation_number

NAME = "localisation"
COMMAND = command(NAME)
CORE_OVERLAP = 2**-0.5  # overlap^2 > 1/2: more than half of a harmonic mode's weight on its core
Z_RESOLVED = 2.0  # a difference counts as resolved beyond 2 standard errors
# N_k ~ N^s: s = 0 for a localised mode, s = 1 for an extended one; the verdict calls the cores localised
# when s is resolved below the midpoint 1/2 and extended when resolved above it. A localised core keeps a
# small positive s in finite boxes: its elastic far field (|u| ~ r^-2) is cut off at r ~ L/2, and
# sum |u|^2 converges only as 1/L, so N_k approaches its large-box value from below
MIDPOINT_EXPONENT = 0.5
LAIRD_SCHOBER_SIZES = (500, 1000)
# 1/tau: frequency bins of the fraction of lowest modes that are mostly core (the lowest ten modes of
# all sizes lie between 0.01 and 0.15/tau)
NU_BINS = (0.0, 0.04, 0.06, 0.08, 0.10, 0.12, 0.16)
# 1/tau: the cores' N_k depends on their own frequency nu_q = kappa_2^(1/2)/(2 pi) (softer cores are
# larger), and the lowest modes of a larger box reach softer cores. So the core size is also compared at
# a fixed nu_q: the window populated at every size of the series (below 0.05 the N = 500-1000 glasses
# hold at most a few cores, above 0.08 the N = 8000 glasses' lowest ten modes reach few)
NU_CORE_WINDOW = (0.05, 0.08)
# 1/tau: a second, lower window beside the first. Every size holds cores in it (at N = 500 three, in
# three glasses: no core of the N = 500 glasses lies below nu_q = 0.046, so the window must reach 0.05;
# at N = 32,000 the lowest modes reach the cores of this window and none of the first)
NU_CORE_WINDOW_LOW = (0.03, 0.05)
QUANTILES = (0.16, 0.84)  # the 16-84 % range of a skewed distribution (one standard deviation of a Gaussian)
# the lowest mode's N_k is fitted against N again from this size on, to test whether it levels off: from
# N = 4000 on the median lowest frequency (0.068/tau) lies below the top of the first core window, at
# N <= 2000 above it, among the box's first phonons
LEVEL_FROM = 4000
# sigma: the near field of a quartic mode, the sphere around its centre atom whose weight eqn (2) is
# compared with the whole field's. 3 sigma holds about 113 atoms at rho = 1, and the fig7 item's far
# field (|u| ~ r^-2) starts there
R_NEAR = 3.0
# the literature the report compares with (full references; the template prints them)
REFERENCES = {
    "lerner2016": "E. Lerner, G. Duering and E. Bouchbinder, Phys. Rev. Lett. 117, 035501 (2016), "
    "doi:10.1103/PhysRevLett.117.035501, arXiv:1604.05187",
}
FIELD_MEASURES = ("Nk", "n_max", "n_half", "Nk_near", "far_weight")


def weighted_loglog_fit(n, y, err):
    """Slope and intercept of log y = s log n + c by weighted least squares (weights from the relative
    errors err/y), with their standard errors. Returns dict(slope, slope_err, intercept, intercept_err)."""
    x, ly = np.log(np.asarray(n, dtype=float)), np.log(np.asarray(y, dtype=float))
    sig = np.asarray(err, dtype=float) / np.asarray(y, dtype=float)
    w = 1.0 / sig**2
    a = np.vstack([x, np.ones_like(x)]).T
    cov = np.linalg.inv(a.T @ (a * w[:, None]))
    coef = cov @ (a.T @ (w * ly))
    return {
        "slope": float(coef[0]),
        "slope_err": float(np.sqrt(cov[0, 0])),
        "intercept": float(coef[1]),
        "intercept_err": float(np.sqrt(cov[1, 1])),
    }


def half_weight_number(field):
    """The smallest number of atoms that hold half of a mode's weight (pure).

    With w_i = |e_i|^2 / sum_j |e_j|^2 (eqn 1) sorted in descending order, the smallest n with
    w_(1) + ... + w_(n) >= 1/2. A count of atoms (dimensionless); unlike N_k of eqn (2) a far field of
    small amplitude on many atoms changes it only through the weight it takes from the core.

    Parameters
    ----------
    field : array_like of float, shape (N, 3) or (3N,)
        Displacement field (any norm and sign).
    """
    f = np.asarray(field, dtype=float).reshape(-1, 3)
    w = np.sort(np.einsum("ia,ia->i", f, f))[::-1]
    return int(np.searchsorted(np.cumsum(w), 0.5 * w.sum()) + 1)


def field_measures(field, pos, box, centre, r_near=R_NEAR):
    """Both localisation measures of the paper and two of ours for one mode field (pure).

    ``Nk``: eqn (2); ``n_max``: 1/max_i |e_i|^2, the paper's second measure
    (:func:`replicate.theory.participation.largest_displacement_number`); ``n_half``:
    :func:`half_weight_number`; ``Nk_near``: eqn (2) of the field restricted to the atoms within
    ``r_near`` (sigma, minimum image) of atom ``centre`` and renormalised; ``far_weight``: the share of the
    weight beyond ``r_near``. ``pos`` in sigma, ``box`` the box edge L (sigma)."""
    f = np.asarray(field, dtype=float).reshape(-1, 3)
    pos = np.asarray(pos, dtype=float)
    w = np.einsum("ia,ia->i", f, f)
    w = w / w.sum()
    near = np.linalg.norm(minimum_image_round(pos - pos[centre], box), axis=1) < r_near
    return {
        "Nk": float(participation_number(f.ravel())),
        "n_max": float(largest_displacement_number(f.ravel())),
        "n_half": float(half_weight_number(f)),
        "Nk_near": float(w[near].sum() ** 2 / np.sum(w[near] ** 2)),
        "far_weight": float(w[~near].sum()),
    }


def spread(x):
    """Mean, median and the 16-84 % range of the values ``x`` (NaN when empty)."""
    x = np.asarray(x, dtype=float)
    if not x.size:
        return {"mean": float("nan"), "median": float("nan"), "p16": float("nan"), "p84": float("nan")}
    lo, hi = np.quantile(x, QUANTILES)
    return {"mean": float(x.mean()), "median": float(np.median(x)), "p16": float(lo), "p84": float(hi)}


def loglog_slope(x, y):
    """Slope of log y against log x by ordinary least squares over the pooled points (NaN for fewer
    than three points or a single x)."""
    lx, ly = np.log(np.asarray(x, dtype=float)), np.log(np.asarray(y, dtype=float))
    if lx.size < 3 or np.ptp(lx) == 0:
        return float("nan")
    return float(np.polyfit(lx, ly, 1)[0])


def glass_slope(per_glass):
    """The pooled log-log slope (:func:`loglog_slope`) of a list of per-glass (x, y) arrays and its
    jackknife error over glasses (each glass left out once). Returns dict(slope, slope_err, n_points)."""
    per = [(np.asarray(x, dtype=float), np.asarray(y, dtype=float)) for x, y in per_glass]
    per = [p for p in per if p[0].size]

    def est(glasses):
        if not glasses:
            return float("nan")
        return loglog_slope(np.concatenate([g[0] for g in glasses]), np.concatenate([g[1] for g in glasses]))

    if len(per) < 2:
        return {"slope": est(per), "slope_err": float("nan"), "n_points": int(sum(p[0].size for p in per))}
    slope, err = jackknife(per, est)
    return {"slope": slope, "slope_err": err, "n_points": int(sum(p[0].size for p in per))}


def lowest_mode_stats(nk, n_atoms):
    """N_k of the lowest mode of each glass (``nk``, atoms): mean with its jackknife error over glasses,
    median, 16-84 % range, and p = N_k/N with its error (pure)."""
    nk = np.asarray(nk, dtype=float)
    out = {"n_glasses": int(nk.size)}
    out["Nk"], out["Nk_err"] = jackknife_ratio(nk, np.ones(nk.size))
    sp = spread(nk)
    out["Nk_median"], out["Nk_p16"], out["Nk_p84"] = sp["median"], sp["p16"], sp["p84"]
    out["p"], out["p_err"] = out["Nk"] / n_atoms, out["Nk_err"] / n_atoms
    return out


def lowest_mode_summary(samples, n_atoms):
    """The lowest harmonic mode of each glass (Laird and Schober's quantity): its N_k (mean with the
    jackknife error over glasses, median, 16-84 % range), p = N_k/N, the N_k of the quartic mode reached
    from it (converged ones), the ratio of the two over the glasses where it converged, and the share of
    lowest modes that are mostly core (pure)."""
    low = [int(np.argmin(np.asarray(s["frequencies"], dtype=float))) for s in samples]
    h = np.array([float(np.asarray(s["participation_number"])[k]) for s, k in zip(samples, low)])
    c = np.array([float(np.asarray(s["nonlinear_participation"])[k]) for s, k in zip(samples, low)])
    ok = np.array([bool(np.asarray(s["nonlinear_converged"])[k]) for s, k in zip(samples, low)])
    ov = np.array([float(np.asarray(s["nonlinear_overlap"])[k]) for s, k in zip(samples, low)])
    ones = np.ones(h.size)
    out = lowest_mode_stats(h, n_atoms)
    out["core_Nk"], out["core_Nk_err"] = jackknife_ratio(c[ok], ones[ok])
    # harmonic over core N_k of the same modes: a ratio of sums, jackknifed over glasses
    out["ratio"], out["ratio_err"] = jackknife_ratio(h[ok], c[ok])
    out["mostly_core_fraction"], out["mostly_core_fraction_err"] = jackknife_ratio(ov > CORE_OVERLAP, ones)
    out["nu"] = float(np.median([np.asarray(s["frequencies"], dtype=float)[k] for s, k in zip(samples, low)]))
    return out


def fields_summary(samples, box):
    """The measures of :func:`field_measures` over the kept quartic-mode fields (converged ones) of one
    size, each with its mean (jackknife error over glasses), median and 16-84 % range, and the log-log
    slope of each against the mode's nu_q (pure). ``box`` the box edge (sigma)."""
    per = []
    for s in samples:
        keep = np.asarray(s["field_modes"], dtype=int)
        ok = np.asarray(s["nonlinear_converged"], dtype=bool)[keep]
        nu_q = np.sqrt(np.asarray(s["nonlinear_kappa"], dtype=float)[keep, 0]) / (2 * np.pi)
        centre = np.asarray(s["nonlinear_centre"], dtype=int)[keep]
        m = [field_measures(f, s["positions"], box, c) for f, c, o in zip(s["fields"], centre, ok) if o]
        per.append({"nu_q": nu_q[ok], **{k: np.array([x[k] for x in m]) for k in FIELD_MEASURES}})
    out = {"n_modes": int(sum(p["nu_q"].size for p in per)), "n_glasses": len(per)}
    for k in FIELD_MEASURES:
        mean, err = jackknife_ratio([p[k].sum() for p in per], [p[k].size for p in per])
        out[k] = dict(spread(np.concatenate([p[k] for p in per])), mean=mean, err=err)
        if k != "far_weight":
            out[k]["vs_nu_q"] = glass_slope([(p["nu_q"], p[k]) for p in per])
    return out, per


def size_summary(samples):
    """Every number of one size from its accepted core analyses (pure)."""
    per = []
    for s in samples:
        keep = distinct_modes(np.asarray(s["nonlinear_overlaps"]))
        core = np.asarray(s["nonlinear_participation"], dtype=float)[keep]
        ok = np.asarray(s["nonlinear_converged"], dtype=bool)[keep]
        nu_q = np.sqrt(np.asarray(s["nonlinear_kappa"], dtype=float)[keep, 0]) / (2 * np.pi)
        window = ok & (nu_q >= NU_CORE_WINDOW[0]) & (nu_q < NU_CORE_WINDOW[1])
        window_low = ok & (nu_q >= NU_CORE_WINDOW_LOW[0]) & (nu_q < NU_CORE_WINDOW_LOW[1])
        harmonic = np.asarray(s["participation_number"], dtype=float)
        mostly_core = np.asarray(s["nonlinear_overlap"], dtype=float) > CORE_OVERLAP
        per.append(
            {
                "harmonic": harmonic,
                "core": core[ok],
                "core_window": core[window],
                "core_window_low": core[window_low],
                "nu_q_window": nu_q[window],
                "nu_q_window_low": nu_q[window_low],
                "mostly_core_harmonic": harmonic[mostly_core],
                "mostly_core": mostly_core,
                "nu_q": nu_q[ok],
                "n_unconverged": int((~ok).sum()),
            }
        )
    out = {"n_samples": len(per)}
    for key in ("harmonic", "core", "core_window", "core_window_low", "mostly_core_harmonic"):
        out[f"Nk_{key}"], out[f"Nk_{key}_err"] = jackknife_ratio(
            [p[key].sum() for p in per], [p[key].size for p in per]
        )
        pooled = np.concatenate([p[key] for p in per])
        out[f"Nk_{key}_median"] = float(np.median(pooled)) if pooled.size else float("nan")
    out["n_core_window"] = int(sum(p["core_window"].size for p in per))
    out["n_core_window_low"] = int(sum(p["core_window_low"].size for p in per))
    for key in ("nu_q_window", "nu_q_window_low"):  # 1/tau: where in each window the cores of this size lie
        out[f"{key}_median"] = spread(np.concatenate([p[key] for p in per]))["median"]
    out["n_mostly_core_harmonic"] = int(sum(p["mostly_core_harmonic"].size for p in per))
    sp = spread(np.concatenate([p["mostly_core_harmonic"] for p in per]))
    out["Nk_mostly_core_harmonic_p16"], out["Nk_mostly_core_harmonic_p84"] = sp["p16"], sp["p84"]
    # within one box: log core N_k against log nu_q over the distinct converged cores, jackknifed over glasses
    out["core_vs_nu_q"] = glass_slope([(p["nu_q"], p["core"]) for p in per])
    out["distinct_per_sample"], out["distinct_per_sample_err"] = jackknife_ratio(
        [p["core"].size for p in per], [1] * len(per)
    )
    out["mostly_core_fraction"], out["mostly_core_fraction_err"] = jackknife_ratio(
        [p["mostly_core"].sum() for p in per], [p["mostly_core"].size for p in per]
    )
    out["n_unconverged"] = int(sum(p["n_unconverged"] for p in per))
    nu = [np.asarray(s["frequencies"], dtype=float) for s in samples]
    binned = []
    for lo, hi in zip(NU_BINS[:-1], NU_BINS[1:]):
        inside = [(f >= lo) & (f < hi) for f in nu]
        m, e = jackknife_ratio([(p["mostly_core"] & b).sum() for p, b in zip(per, inside)], [b.sum() for b in inside])
        binned.append({"nu_lo": lo, "nu_hi": hi, "n_modes": int(sum(b.sum() for b in inside)), "fraction": m, "err": e})
    out["mostly_core_by_frequency"] = binned
    out["nu_lowest_median"] = float(
        np.median(np.concatenate([np.asarray(s["frequencies"], dtype=float) for s in samples]))
    )
    return out


def _fit(sizes, ns, get):
    """The weighted log-log fit against N of ``get(size) = (value, error)`` over the sizes ``ns`` where
    the error is finite and positive (fewer than two contributing glasses give none)."""
    use = [n for n in ns if np.isfinite(get(sizes[n])[1]) and get(sizes[n])[1] > 0]
    if len(use) < 2:  # no line through fewer than two sizes
        nan = float("nan")
        return {"slope": nan, "slope_err": nan, "intercept": nan, "intercept_err": nan, "z": nan, "sizes": use}
    out = weighted_loglog_fit(use, [get(sizes[n])[0] for n in use], [get(sizes[n])[1] for n in use])
    return dict(out, z=out["slope"] / out["slope_err"], sizes=use)


# what each fit against N measures (stored beside it)
FIT_MEANING = {
    "harmonic": "how the phonons among the ten lowest modes (their share and their extent) change with N, not a "
    "property of the modes that hold the cores",
    "core": "the mean core of the ten lowest modes, whose frequencies fall with N",
    "core_window": "the cores at fixed nu_q, first window",
    "core_window_low": "the cores at fixed nu_q, lower window",
    "mostly_core_harmonic": "the harmonic modes with more than half of their weight on their core",
    "lowest": "the lowest harmonic mode per glass (all glasses of the series), all sizes",
    "lowest_large": "the lowest harmonic mode per glass (all glasses of the series), from N = LEVEL_FROM on",
}


def compute(samples, rejected, crystallinity=None, boxes=None, lowest=None):
    """The localisation result (pure): ``samples`` by N, the accepted core analyses; ``rejected`` by N,
    the number of glasses the crystallinity criterion rejected; ``crystallinity`` by N, a dict of
    numbers about the criterion (:func:`crystallinity_summary`), stored beside each size; ``boxes`` by N,
    the box edge (sigma) of the sizes whose analyses keep quartic-mode fields; ``lowest`` by N, a dict
    with ``Nk`` (atoms) and ``nu`` (1/tau) of the lowest mode of every accepted glass of the series (all
    its glasses, not only the core-analysed ones; default: those of ``samples``)."""
    crystallinity = crystallinity or {}
    boxes = boxes or {}
    if lowest is None:
        lowest = {
            n: {
                "Nk": [np.asarray(s["participation_number"])[np.argmin(s["frequencies"])] for s in samples[n]],
                "nu": [np.min(s["frequencies"]) for s in samples[n]],
            }
            for n in samples
        }
    sizes = {
        int(n): dict(
            size_summary(samples[n]),
            n_atoms=int(n),
            rejected=int(rejected[n]),
            crystallinity=crystallinity.get(n, {}),
            lowest=lowest_mode_summary(samples[n], int(n)),
            lowest_all=dict(lowest_mode_stats(lowest[n]["Nk"], int(n)), nu=float(np.median(lowest[n]["nu"]))),
        )
        for n in sorted(samples)
    }
    ns = sorted(sizes)
    fits = {}
    for key in ("harmonic", "core", "core_window", "core_window_low", "mostly_core_harmonic"):
        # a size where fewer than two glasses hold a core in the window has no error; it is left out
        fits[key] = _fit(sizes, ns, lambda s, key=key: (s[f"Nk_{key}"], s[f"Nk_{key}_err"]))
    fits["lowest"] = _fit(sizes, ns, lambda s: (s["lowest_all"]["Nk"], s["lowest_all"]["Nk_err"]))
    fits["lowest_large"] = _fit(
        sizes, [n for n in ns if n >= LEVEL_FROM], lambda s: (s["lowest_all"]["Nk"], s["lowest_all"]["Nk_err"])
    )
    for key, f in fits.items():
        f["measures"] = FIT_MEANING[key].replace("LEVEL_FROM", str(LEVEL_FROM))
    for key in ("lowest", "lowest_large"):
        # p = N_k/N: its exponent is the N_k exponent minus 1, with the same error
        fits[key]["p_slope"] = fits[key]["slope"] - 1.0
    # the quartic modes whose fields are kept: the measures per size and, pooled over those sizes (each
    # glass left out once), their slopes against nu_q
    field_sizes = [n for n in ns if n in boxes and all("fields" in s for s in samples[n])]
    pooled = []
    for n in field_sizes:
        sizes[n]["fields"], per = fields_summary(samples[n], boxes[n])
        pooled += per
    fields_pooled = {
        "sizes": field_sizes,
        "kept_per_glass": int(max((len(s["field_modes"]) for n in field_sizes for s in samples[n]), default=0)),
    }
    if pooled:
        for k in FIELD_MEASURES:
            if k != "far_weight":
                fields_pooled[k] = glass_slope([(p["nu_q"], p[k]) for p in pooled])
    within = _slopes_summary([sizes[n]["core_vs_nu_q"] for n in ns])
    for key in ("core_window", "core_window_low"):
        # the cores of a window move within it with N (larger boxes reach softer ones); with N_k ~ nu_q^m
        # inside one box (m the mean within-box slope) that alone gives N_k ~ N^(m t), t the slope of the
        # median nu_q of the window's cores against N (ordinary least squares on the logarithms)
        use = fits[key]["sizes"]
        t = loglog_slope(use, [sizes[n][f"nu_q_{key[5:]}_median"] for n in use])
        fits[key]["nu_q_drift"] = t
        fits[key]["drift_slope"] = within["slope"] * t
    h, c = fits["harmonic"], fits["core"]
    diff_err = float(np.hypot(h["slope_err"], c["slope_err"]))
    fits["harmonic_minus_core"] = {"slope": h["slope"] - c["slope"], "slope_err": diff_err}
    w = fits["core_window"]
    # the two core fits share their glasses, so this error (taken as independent) is an upper bound
    fits["core_minus_window"] = {
        "slope": c["slope"] - w["slope"],
        "slope_err": float(np.hypot(c["slope_err"], w["slope_err"])),
    }
    # hybridised: at every size the lowest harmonic mode holds resolved more atoms than the quartic mode
    # reached from it (harmonic over core N_k of the same modes above 1 by Z_RESOLVED errors)
    ratios = [sizes[n]["lowest"] for n in ns if np.isfinite(sizes[n]["lowest"]["ratio_err"])]
    hybridised = bool(ratios) and all(r["ratio"] - 1.0 > Z_RESOLVED * r["ratio_err"] for r in ratios)
    if c["slope"] + Z_RESOLVED * c["slope_err"] < MIDPOINT_EXPONENT:
        verdict = "hybridised cores" if hybridised else "localised"
    elif c["slope"] - Z_RESOLVED * c["slope_err"] > MIDPOINT_EXPONENT:
        verdict = "extended"
    else:
        verdict = "undecided"
    core_n, core_err = jackknife_ratio(
        [sizes[n]["Nk_core"] * sizes[n]["n_samples"] for n in ns], [sizes[n]["n_samples"] for n in ns]
    )
    la = [sizes[n]["lowest_all"] for n in LAIRD_SCHOBER_SIZES if n in sizes]
    ls_ratio = {}
    if len(la) == 2:
        # N_k of the lowest mode at N = 1000 over N = 500 (independent glasses: relative errors in quadrature)
        q = la[1]["Nk"] / la[0]["Nk"]
        ls_ratio = {
            "ratio": q,
            "err": q * float(np.hypot(la[0]["Nk_err"] / la[0]["Nk"], la[1]["Nk_err"] / la[1]["Nk"])),
        }
    return {
        "values": {},  # Laird and Schober's "about 100" is Fig 6's number; this result re-judges it
        "sizes": {str(n): sizes[n] for n in ns},
        "fits": fits,
        "localisation_verdict": verdict,
        "core_all_sizes": core_n,
        "fields_vs_nu_q": fields_pooled,
        "core_vs_nu_q_sizes": within,
        "laird_schober": {str(n): sizes[n] for n in LAIRD_SCHOBER_SIZES if n in sizes},
        "laird_schober_lowest_ratio": ls_ratio,
        "same_mode": SAME_MODE,
        "core_overlap": CORE_OVERLAP,
        "nu_core_window": NU_CORE_WINDOW,
        "nu_core_window_low": NU_CORE_WINDOW_LOW,
        "level_from": LEVEL_FROM,
        "r_near": R_NEAR,
        # atoms in the sphere of radius R_NEAR at the glasses' number density (sigma^-3)
        "near_atoms": 4.0 / 3.0 * np.pi * R_NEAR**3 * spec(ns[0])["protocol"].density,
        "quantiles": QUANTILES,
        "references": REFERENCES,
        "fig56_cluster_threshold": CLUSTER_THRESHOLD,
        "fence": FENCE,
        "z_resolved": Z_RESOLVED,
        "midpoint_exponent": MIDPOINT_EXPONENT,
        "parameters": {
            "sizes": ns,
            "series_sizes": list(SIZES),
            "series_samples": {str(n): SAMPLES[n] for n in ns},
            "samples": {str(n): CORE_SAMPLES[n] for n in ns},
            "glass_protocol": {str(n): spec(n)["protocol"].as_dict() for n in ns},
            "core_protocol": core_spec(ns[0])["protocol"].as_dict()["version"],
        },
        "seeds": [spec(n)["master_seed"] for n in ns],
    }


def _slopes_summary(slopes):
    """The per-size slopes' weighted mean (inverse-variance weights) with its error and the chi^2 of
    their scatter about it (pure; sizes without an error are left out)."""
    use = [x for x in slopes if np.isfinite(x["slope_err"]) and x["slope_err"] > 0]
    if not use:
        return {"slope": float("nan"), "slope_err": float("nan"), "chi2": float("nan"), "n_sizes": 0}
    y = np.array([x["slope"] for x in use])
    w = 1.0 / np.array([x["slope_err"] for x in use]) ** 2
    mean = float(np.sum(w * y) / w.sum())
    return {
        "slope": mean,
        "slope_err": float(w.sum() ** -0.5),
        "chi2": float(np.sum(w * (y - mean) ** 2)),
        "n_sizes": len(use),
    }


def crystallinity_summary(judged):
    """The numbers of :func:`replicate.glass.size_series.judged_glasses` that the report shows (pure); the
    references' statistics are over the disordered ones (solid-like fraction at most the threshold)."""
    acc = judged["accepted"]
    disordered = judged["reference_fractions"] <= CRYSTALLINE_THRESHOLD
    e_ref = judged["reference_e_is"][disordered]
    out = {
        "cluster_bound": judged["cluster_bound"],
        "n_references": int(disordered.size),
        "n_references_ordered": int((~disordered).sum()),
        "reference_cluster_median": float(np.median(judged["reference_clusters"][disordered])),
        "glass_cluster_median": float(np.median(judged["glass_clusters"][acc])),
        "reference_e_is": float(np.mean(e_ref)),
        "reference_e_is_err": float(np.std(e_ref, ddof=1) / np.sqrt(e_ref.size)),
        "glass_e_is": float(np.mean(judged["e_is"][acc])),
        "glass_e_is_err": float(np.std(judged["e_is"][acc], ddof=1) / np.sqrt(acc.size)),
        "rejected_fraction_only": judged["rejected_fraction_only"],
        "rejected_with_cluster_bound": judged["rejected_with_cluster_bound"],
    }
    diff_err = float(np.hypot(out["glass_e_is_err"], out["reference_e_is_err"]))
    out["e_is_z"] = (out["glass_e_is"] - out["reference_e_is"]) / diff_err
    return out


def load_inputs(sizes=CORE_SIZES):
    """The accepted glasses' core analyses at each size of the series, the rejected counts and the
    numbers of the crystallinity criterion."""
    samples, rejected, cryst = {}, {}, {}
    for n in sizes:
        c = core_spec(n)
        judged = judged_glasses(n)
        samples[n] = [read_sample(c["protocol"], c["master_seed"], int(k)) for k in judged["accepted"]]
        rejected[n] = judged["rejected"]
        cryst[n] = crystallinity_summary(judged)
    boxes = {n: float(spec(n)["protocol"].box) for n in sizes if KEPT_FIELDS.get(n, 0) > 0}
    return {
        "samples": samples,
        "rejected": rejected,
        "crystallinity": cryst,
        "boxes": boxes,
        "lowest": {n: lowest_modes(n) for n in sizes},
    }


def lowest_modes(n_atoms):
    """N_k (atoms) and nu (1/tau) of the lowest mode of every glass of the series at ``n_atoms`` that the
    series' crystallinity criterion accepts (all :data:`replicate.glass.size_series.SAMPLES` glasses: 100
    at N = 500 and 1000, where the core analysis uses the first 16)."""
    g = spec(n_atoms)
    judged = judged_glasses(n_atoms, n_samples=g["n_samples"])
    ens = load_ensemble(g["protocol"], g["master_seed"], n_samples=g["n_samples"], fraction_only=True)
    use = np.isin(np.flatnonzero(ens.accepted), judged["accepted"])  # ens lists the fraction-accepted glasses
    return {
        "Nk": [n_atoms * float(p[0]) for p, u in zip(ens.participation_ratio, use) if u],
        "nu": [float(f[0]) for f, u in zip(ens.frequencies, use) if u],
    }


def plot(result, samples):
    """(a) N_k against N: the lowest harmonic mode per glass, the ten lowest modes, their quartic-mode cores,
    with the fits; (b) each lowest harmonic mode's overlap with its quartic mode against its frequency;
    (c) the core N_k against the core's own frequency nu_q, by size. Returns the figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax, ax2, ax3) = plt.subplots(1, 3, figsize=(15, 4.6))
    sizes = result["sizes"]
    ns = np.array(sorted(int(n) for n in sizes))
    for get, fit, colour, label in (
        (lambda s: (s["lowest_all"]["Nk"], s["lowest_all"]["Nk_err"]), "lowest", "k", "lowest harmonic mode per glass"),
        (lambda s: (s["Nk_harmonic"], s["Nk_harmonic_err"]), "harmonic", "tab:blue", "ten lowest modes (phonon share)"),
        (lambda s: (s["Nk_core"], s["Nk_core_err"]), "core", "tab:red", "their quartic-mode cores"),
    ):
        y, e = np.array([get(sizes[str(n)]) for n in ns]).T
        f = result["fits"][fit]
        ax.errorbar(ns, y, e, fmt="o", color=colour, label=f"{label}: N^({f['slope']:.2f} +/- {f['slope_err']:.2f})")
        ax.plot(ns, np.exp(f["intercept"]) * ns ** f["slope"], color=colour, lw=0.8)
    f = result["fits"]["lowest_large"]
    big = ns[ns >= result["level_from"]]
    ax.plot(
        big,
        np.exp(f["intercept"]) * big ** f["slope"],
        color="k",
        lw=1.6,
        ls="--",
        label=f"lowest mode, N >= {result['level_from']}: N^({f['slope']:.2f} +/- {f['slope_err']:.2f})",
    )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("atoms in the box N")
    ax.set_ylabel(r"mean participation number $N_k$ (eqn 2)")
    ax.legend(fontsize=7)
    ax.set_title("(a) localisation against system size (+/-: jackknife over glasses)", fontsize=9)
    colours = plt.cm.viridis(np.linspace(0, 0.9, ns.size))
    for n, col in zip(ns, colours):
        nu = np.concatenate([np.asarray(s["frequencies"], dtype=float) for s in samples[n]])
        ov = np.concatenate([np.asarray(s["nonlinear_overlap"], dtype=float) for s in samples[n]])
        ax2.scatter(nu, ov, s=8, color=col, label=f"N = {n}")
        nu_q, nk = [], []
        for s in samples[n]:
            keep = distinct_modes(np.asarray(s["nonlinear_overlaps"]))
            ok = np.asarray(s["nonlinear_converged"], dtype=bool)[keep]
            nu_q.append(np.sqrt(np.asarray(s["nonlinear_kappa"], dtype=float)[keep, 0][ok]) / (2 * np.pi))
            nk.append(np.asarray(s["nonlinear_participation"], dtype=float)[keep][ok])
        ax3.scatter(np.concatenate(nu_q), np.concatenate(nk), s=8, color=col, label=f"N = {n}")
    ax2.axhline(result["core_overlap"], color="0.4", ls=":", lw=0.8, label="half the weight on the core")
    ax2.set_xscale("log")
    ax2.set_xlabel(r"harmonic frequency $\nu$ ($1/\tau$)")
    ax2.set_ylabel("overlap with its quartic mode")
    ax2.legend(fontsize=7)
    ax2.set_title("(b) how much of each lowest mode is core", fontsize=9)
    m = result["core_vs_nu_q_sizes"]
    grid = np.geomspace(0.015, 0.15, 20)  # the slope only; the line passes 70 atoms at 0.05/tau to guide the eye
    ax3.plot(
        grid,
        70 * (grid / 0.05) ** m["slope"],
        color="k",
        lw=1,
        label=f"slope {m['slope']:.2f} +/- {m['slope_err']:.2f} (mean within one box)",
    )
    for lo, hi in (result["nu_core_window_low"], result["nu_core_window"]):
        ax3.axvspan(lo, hi, color="0.85" if lo < result["nu_core_window"][0] else "0.93", zorder=0)
    ax3.set_xscale("log")
    ax3.set_yscale("log")
    ax3.set_xlabel(r"core frequency $\nu_q = \kappa_2^{1/2}/2\pi$ ($1/\tau$)")
    ax3.set_ylabel(r"core $N_k$ (eqn 2 of the quartic mode)")
    ax3.legend(fontsize=6.5, ncol=2, loc="lower left")
    ax3.set_title("(c) core size against core frequency (grey: the two fixed windows)", fontsize=9)
    from matplotlib.ticker import FixedLocator, NullFormatter, ScalarFormatter

    for a in (ax2, ax3):
        a.xaxis.set_major_locator(FixedLocator([0.02, 0.03, 0.05, 0.1, 0.15]))
        a.xaxis.set_major_formatter(ScalarFormatter())
        a.xaxis.set_minor_formatter(NullFormatter())
    ax3.yaxis.set_major_locator(FixedLocator([20, 30, 50, 100, 200]))
    ax3.yaxis.set_major_formatter(ScalarFormatter())
    ax3.yaxis.set_minor_formatter(NullFormatter())
    fig.tight_layout()
    return fig


def main(argv=None):
    result, inputs = run_item(NAME, __doc__, load_inputs, compute, lambda r, i: plot(r, i["samples"]), argv)
    for n, s in result["sizes"].items():
        print(
            f"localisation N = {n}: harmonic N_k {s['Nk_harmonic']:.0f} +/- {s['Nk_harmonic_err']:.0f}, "
            f"core N_k {s['Nk_core']:.0f} +/- {s['Nk_core_err']:.0f}, mostly core {s['mostly_core_fraction']:.2f}"
        )
    for n, s in result["sizes"].items():
        lo = s["lowest_all"]
        print(
            f"localisation N = {n}: lowest mode N_k {lo['Nk']:.0f} +/- {lo['Nk_err']:.0f} ({lo['n_glasses']} glasses)"
        )
    print(f"localisation: {result['localisation_verdict']}")


if __name__ == "__main__":
    run(main)
