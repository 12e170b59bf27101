"""Are the soft modes localised on about 100 atoms? N_k of the lowest modes and of their cores against N.

``python -m replicate.localisation`` reads the core analyses of the finite-size series
(:mod:`replicate.glass.core_size`, :mod:`replicate.glass.size_series`: glasses made with one protocol
at every N, the lowest :data:`replicate.glass.core_size.N_LOWEST` modes of each, and the quartic mode
reached from each of them) and writes ``data/results/localisation.json`` and
``figures/localisation.png/.pdf``. Reduced units (nu in 1/tau); N_k in atoms (eqn 2).

Per size, over the accepted glasses, with jackknife errors over samples. The crystallinity criterion
is the solid-like fraction alone (above :data:`replicate.glass.structure.CRYSTALLINE_THRESHOLD`
rejects), which does not depend on the box size; the Fig 5-6 criterion adds a bound of 50 atoms on the
largest solid-like cluster, which a large glass exceeds by fluctuation alone (at N = 4000 it rejects 15
of 16 glasses whose solid-like fractions are 3-9 %). The counts under both are reported.

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
from .glass.ensemble import load_ensemble, read_sample
from .glass.size_series import CORE_SAMPLES, CORE_SIZES, core_spec, spec
from .glass.spectra import jackknife_ratio

NAME = "localisation"
COMMAND = command(NAME)
SAME_MODE = 0.9  # |<pi_a, pi_b>| above which two quartic modes of one sample are the same mode
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


def distinct_modes(overlaps, threshold=SAME_MODE):
    """Indices of the distinct modes among k, given their (k, k) matrix of |overlaps|: a mode is kept
    unless it is the same (overlap above ``threshold``) as one kept before it."""
    keep = []
    for i in range(overlaps.shape[0]):
        if all(overlaps[i, j] <= threshold for j in keep):
            keep.append(i)
    return np.array(keep, dtype=int)


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
        per.append(
            {
                "harmonic": np.asarray(s["participation_number"], dtype=float),
                "core": core[ok],
                "mostly_core": np.asarray(s["nonlinear_overlap"], dtype=float) > CORE_OVERLAP,
                "n_unconverged": int((~ok).sum()),
            }
        )
    out = {"n_samples": len(per)}
    for key in ("harmonic", "core"):
        out[f"Nk_{key}"], out[f"Nk_{key}_err"] = jackknife_ratio(
            [p[key].sum() for p in per], [p[key].size for p in per]
        )
        out[f"Nk_{key}_median"] = float(np.median(np.concatenate([p[key] for p in per])))
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


def compute(samples, rejected, rejected_with_cluster_bound=None):
    """The localisation result (pure): ``samples`` by N, the accepted core analyses; ``rejected`` by N,
    the number of glasses the crystallinity criterion rejected; ``rejected_with_cluster_bound`` by N,
    the number the Fig 5-6 criterion (with the cluster bound) would reject."""
    cluster = rejected_with_cluster_bound or {}
    sizes = {
        int(n): dict(
            size_summary(samples[n]),
            n_atoms=int(n),
            rejected=int(rejected[n]),
            rejected_with_cluster_bound=int(cluster.get(n, -1)),
        )
        for n in sorted(samples)
    }
    ns = sorted(sizes)
    fits = {}
    for key in ("harmonic", "core"):
        fits[key] = weighted_loglog_fit(
            ns, [sizes[n][f"Nk_{key}"] for n in ns], [sizes[n][f"Nk_{key}_err"] for n in ns]
        )
        fits[key]["z"] = fits[key]["slope"] / fits[key]["slope_err"]
    h, c = fits["harmonic"], fits["core"]
    diff_err = float(np.hypot(h["slope_err"], c["slope_err"]))
    fits["harmonic_minus_core"] = {"slope": h["slope"] - c["slope"], "slope_err": diff_err}
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
        "z_resolved": Z_RESOLVED,
        "midpoint_exponent": MIDPOINT_EXPONENT,
        "parameters": {
            "sizes": ns,
            "samples": {str(n): CORE_SAMPLES[n] for n in ns},
            "glass_protocol": {str(n): spec(n)["protocol"].as_dict() for n in ns},
            "core_protocol": core_spec(ns[0])["protocol"].as_dict()["version"],
        },
        "seeds": [spec(n)["master_seed"] for n in ns],
    }


def load_inputs(sizes=CORE_SIZES):
    """The accepted glasses' core analyses at each size of the series, and the rejected counts."""
    samples, rejected, cluster = {}, {}, {}
    for n in sizes:
        g, c = spec(n), core_spec(n)
        ens = load_ensemble(g["protocol"], g["master_seed"], n_samples=CORE_SAMPLES[n], fraction_only=True)
        accepted = np.flatnonzero(ens.accepted)
        samples[n] = [read_sample(c["protocol"], c["master_seed"], int(k)) for k in accepted]
        rejected[n] = CORE_SAMPLES[n] - accepted.size
        full = load_ensemble(g["protocol"], g["master_seed"], n_samples=CORE_SAMPLES[n])
        cluster[n] = CORE_SAMPLES[n] - int(full.accepted.sum())
    return {"samples": samples, "rejected": rejected, "rejected_with_cluster_bound": cluster}


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
