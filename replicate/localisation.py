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

* the harmonic N_k of the lowest modes (what Laird and Schober measured);
* the core: N_k of the distinct quartic modes per sample (two quartic modes are the same when the
  overlap of their unit fields exceeds :data:`SAME_MODE`). The quartic mode sheds the plane waves a
  harmonic mode has mixed in (validated on a planted interstitial in tests/glass/test_nonlinear_modes.py),
  so it measures the quasi-localised core alone;
* the fraction of the lowest harmonic modes that are mostly core: overlap with their quartic mode
  above :data:`CORE_OVERLAP` (more than half of the harmonic mode's weight on its core).

The exponents of N_k ~ N^s for both measures are fitted across sizes (weighted least squares on the
logarithms, errors from the per-size jackknife). A localised mode has s = 0 (plus a small finite-box
correction from its far field), an extended one s = 1; cores with s resolved below 1/2 and a harmonic
N_k growing faster than the core mean localised cores that hybridise with the box's phonons.
"""

import numpy as np

from .core.cli import run
from .core.registry import command
from .core.results import run_item
from .glass.core_size import SAME_MODE, distinct_modes
from .glass.ensemble import read_sample
from .glass.quench_reference import FENCE
from .glass.size_series import CORE_SAMPLES, CORE_SIZES, SIZES, core_spec, judged_glasses, spec
from .glass.spectra import jackknife_ratio
from .glass.structure import CLUSTER_THRESHOLD, CRYSTALLINE_THRESHOLD

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


def size_summary(samples):
    """Every number of one size from its accepted core analyses (pure)."""
    per = []
    for s in samples:
        keep = distinct_modes(np.asarray(s["nonlinear_overlaps"]))
        core = np.asarray(s["nonlinear_participation"], dtype=float)[keep]
        ok = np.asarray(s["nonlinear_converged"], dtype=bool)[keep]
        nu_q = np.sqrt(np.asarray(s["nonlinear_kappa"], dtype=float)[keep, 0]) / (2 * np.pi)
        window = ok & (nu_q >= NU_CORE_WINDOW[0]) & (nu_q < NU_CORE_WINDOW[1])
        per.append(
            {
                "harmonic": np.asarray(s["participation_number"], dtype=float),
                "core": core[ok],
                "core_window": core[window],
                "mostly_core": np.asarray(s["nonlinear_overlap"], dtype=float) > CORE_OVERLAP,
                "n_unconverged": int((~ok).sum()),
            }
        )
    out = {"n_samples": len(per)}
    for key in ("harmonic", "core", "core_window"):
        out[f"Nk_{key}"], out[f"Nk_{key}_err"] = jackknife_ratio(
            [p[key].sum() for p in per], [p[key].size for p in per]
        )
        pooled = np.concatenate([p[key] for p in per])
        out[f"Nk_{key}_median"] = float(np.median(pooled)) if pooled.size else float("nan")
    out["n_core_window"] = int(sum(p["core_window"].size for p in per))
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


def compute(samples, rejected, crystallinity=None):
    """The localisation result (pure): ``samples`` by N, the accepted core analyses; ``rejected`` by N,
    the number of glasses the crystallinity criterion rejected; ``crystallinity`` by N, a dict of
    numbers about the criterion (:func:`crystallinity_summary`), stored beside each size."""
    crystallinity = crystallinity or {}
    sizes = {
        int(n): dict(
            size_summary(samples[n]),
            n_atoms=int(n),
            rejected=int(rejected[n]),
            crystallinity=crystallinity.get(n, {}),
        )
        for n in sorted(samples)
    }
    ns = sorted(sizes)
    fits = {}
    for key in ("harmonic", "core", "core_window"):
        # a size where fewer than two glasses hold a core in the window has no error; it is left out
        use = [n for n in ns if np.isfinite(sizes[n][f"Nk_{key}_err"]) and sizes[n][f"Nk_{key}_err"] > 0]
        fits[key] = weighted_loglog_fit(
            use, [sizes[n][f"Nk_{key}"] for n in use], [sizes[n][f"Nk_{key}_err"] for n in use]
        )
        fits[key]["z"] = fits[key]["slope"] / fits[key]["slope_err"]
        fits[key]["sizes"] = use
    h, c = fits["harmonic"], fits["core"]
    diff_err = float(np.hypot(h["slope_err"], c["slope_err"]))
    fits["harmonic_minus_core"] = {"slope": h["slope"] - c["slope"], "slope_err": diff_err}
    w = fits["core_window"]
    # the two core fits share their glasses, so this error (taken as independent) is an upper bound
    fits["core_minus_window"] = {
        "slope": c["slope"] - w["slope"],
        "slope_err": float(np.hypot(c["slope_err"], w["slope_err"])),
    }
    hybridised = h["slope"] - c["slope"] > Z_RESOLVED * diff_err
    if c["slope"] + Z_RESOLVED * c["slope_err"] < MIDPOINT_EXPONENT:
        verdict = "hybridised cores" if hybridised else "localised"
    elif c["slope"] - Z_RESOLVED * c["slope_err"] > MIDPOINT_EXPONENT:
        verdict = "extended"
    else:
        verdict = "undecided"
    core_n, core_err = jackknife_ratio(
        [sizes[n]["Nk_core"] * sizes[n]["n_samples"] for n in ns], [sizes[n]["n_samples"] for n in ns]
    )
    return {
        "values": {},  # Laird and Schober's "about 100" is Fig 6's number; this result re-judges it
        "sizes": {str(n): sizes[n] for n in ns},
        "fits": fits,
        "localisation_verdict": verdict,
        "core_all_sizes": core_n,
        "laird_schober": {str(n): sizes[n] for n in LAIRD_SCHOBER_SIZES if n in sizes},
        "same_mode": SAME_MODE,
        "core_overlap": CORE_OVERLAP,
        "nu_core_window": NU_CORE_WINDOW,
        "fig56_cluster_threshold": CLUSTER_THRESHOLD,
        "fence": FENCE,
        "z_resolved": Z_RESOLVED,
        "midpoint_exponent": MIDPOINT_EXPONENT,
        "parameters": {
            "sizes": ns,
            "series_sizes": list(SIZES),
            "samples": {str(n): CORE_SAMPLES[n] for n in ns},
            "glass_protocol": {str(n): spec(n)["protocol"].as_dict() for n in ns},
            "core_protocol": core_spec(ns[0])["protocol"].as_dict()["version"],
        },
        "seeds": [spec(n)["master_seed"] for n in ns],
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
    return {"samples": samples, "rejected": rejected, "crystallinity": cryst}


def plot(result, samples):
    """(a) N_k of the lowest harmonic modes and of their cores against N, with the fits; (b) each lowest
    harmonic mode's overlap with its quartic mode against its frequency. Returns the figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4.4))
    sizes = result["sizes"]
    ns = np.array(sorted(int(n) for n in sizes))
    for key, colour, label in (
        ("harmonic", "tab:blue", "lowest harmonic modes"),
        ("core", "tab:red", "their quartic-mode cores"),
    ):
        y = [sizes[str(n)][f"Nk_{key}"] for n in ns]
        e = [sizes[str(n)][f"Nk_{key}_err"] for n in ns]
        f = result["fits"][key]
        ax.errorbar(ns, y, e, fmt="o", color=colour, label=f"{label}: N^({f['slope']:.2f} +/- {f['slope_err']:.2f})")
        ax.plot(ns, np.exp(f["intercept"]) * ns ** f["slope"], color=colour, lw=0.8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("atoms in the box N")
    ax.set_ylabel(r"mean participation number $N_k$ (eqn 2)")
    ax.legend(fontsize=8)
    ax.set_title("(a) localisation against system size", fontsize=9)
    for n in ns:
        nu = np.concatenate([np.asarray(s["frequencies"], dtype=float) for s in samples[n]])
        ov = np.concatenate([np.asarray(s["nonlinear_overlap"], dtype=float) for s in samples[n]])
        ax2.scatter(nu, ov, s=8, label=f"N = {n}")
    ax2.axhline(result["core_overlap"], color="0.4", ls=":", lw=0.8, label="half the weight on the core")
    ax2.set_xscale("log")
    ax2.set_xlabel(r"harmonic frequency $\nu$ ($1/\tau$)")
    ax2.set_ylabel("overlap with its quartic mode")
    ax2.legend(fontsize=7)
    ax2.set_title("(b) how much of each lowest mode is core", fontsize=9)
    fig.tight_layout()
    return fig


def main(argv=None):
    result, inputs = run_item(NAME, __doc__, load_inputs, compute, lambda r, i: plot(r, i["samples"]), argv)
    for n, s in result["sizes"].items():
        print(
            f"localisation N = {n}: harmonic N_k {s['Nk_harmonic']:.0f} +/- {s['Nk_harmonic_err']:.0f}, "
            f"core N_k {s['Nk_core']:.0f} +/- {s['Nk_core_err']:.0f}, mostly core {s['mostly_core_fraction']:.2f}"
        )
    print(f"localisation: {result['localisation_verdict']}")


if __name__ == "__main__":
    run(main)
