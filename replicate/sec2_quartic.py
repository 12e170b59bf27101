"""Section 2 inside the simulated glass: the quartic term of each mode against its participation number.

``python -m replicate.sec2_quartic`` takes the first :data:`N_SAMPLES` accepted inherent structures of
the N = 500 and N = 1000 ensembles of Figs 5-6, minimises each again from its stored float32
positions, and computes every mode's frequency, N_k (eqn 2), the paper's second localisation
measure 1/max_i |e_i|^2 and the coefficients kappa_2, kappa_3, kappa_4 of the energy along the mode
(:mod:`replicate.glass.anharmonicity`). It writes ``data/results/sec2_quartic.json`` and draws
``figures/sec2_quartic.png/.pdf``.

The tests of Section 2 (reduced units, m = 1):

* eqn (3), a single-atom quartic term, gives kappa_4 = 12 omega_c^2 / (a^2 N_k): the slope of
  log kappa_4 against log N_k is :data:`ANSATZ_SLOPE` and kappa_4 N_k is the same at every N. Both are
  measured for the low-frequency modes (nu below nu_edge, the lower edge of the lowest transverse
  plane-wave band of each box, as in Fig 6) and across the spectrum;
* the length a of eqn (3) with omega_c = 2 pi nu_c at the maximum of the simulated density of states
  (as Section 3 takes omega_c at the first maximum of the measured one), against the nearest-neighbour
  distance (first maximum of g(r));
* the second localisation measure against N_k;
* the frequency dependence of kappa_4 of the low-frequency modes (Lerner, Duering and Bouchbinder,
  Phys. Rev. Lett. 117, 035501 (2016), doi:10.1103/PhysRevLett.117.035501, find the quartic
  anharmonicity of the softest quasi-localised modes nearly independent of frequency);
* eqn (3) on the quartic-mode cores of the finite-size series (:mod:`replicate.glass.core_size`, N =
  500-32,000, the glasses accepted by :func:`replicate.glass.size_series.judged_glasses`): each
  distinct converged quartic mode reached from the ten lowest harmonic modes of a glass, with its own
  kappa_4 and N_k. A quartic mode carries no plane-wave admixture, so there the ansatz is tested on
  the soft spots themselves: the slope of log kappa_4 on log N_k per size and pooled, kappa_4 N_k and
  a (eqn 3, :func:`replicate.glass.anharmonicity.quartic_length`, with the omega_c of the N = 1000
  glasses) against N.

kappa_4 N_k, N_k and a are skewed: beside each mean the median of the pooled modes and their 16-84 %
range. Every error is a jackknife over glasses (samples).
"""

import numpy as np
from joblib import Parallel, delayed

from .core.cli import run
from .core.registry import command
from .core.results import run_item
from .glass import spectra
from .glass.anharmonicity import inherent_structure_modes, quartic_length
from .glass.core_size import N_LOWEST, distinct_modes
from .glass.ensemble import ENSEMBLES, load_figure_ensembles, one_blas_thread, read_sample
from .glass.size_series import CORE_SIZES, T_QUENCH, core_spec, judged_glasses

NAME = "sec2_quartic"
COMMAND = command(NAME)
ENSEMBLE_NAMES = ("N500_rc2.5", "N1000_rc2.5")
N_SAMPLES = 16  # accepted samples per size: about 120 low-frequency modes each, about a minute on 2 cores
ANSATZ_SLOPE = -1.0  # d log kappa_4 / d log N_k of the single-atom quartic term, eqn (3)
# a difference counts as resolved when it exceeds Z_RESOLVED standard errors (about 95 % two-sided)
Z_RESOLVED = 2.0
DOS_BIN = 0.02  # 1/tau, histogram bin of the density of states whose maximum gives nu_c
DOS_SMOOTH = 0.1  # 1/tau, standard deviation of the Gaussian smoothing of that histogram
DOS_LEVEL = 0.95  # the range of nu_c: where the smoothed density is within 5 % of its maximum
RDF_BIN = 0.005  # sigma, histogram bin of g(r) near its first maximum
RDF_RANGE = (0.8, 1.6)  # sigma, where the first maximum of g(r) is sought
QUANTILES = (0.16, 0.84)  # the 16-84 % range of a skewed distribution (one standard deviation of a Gaussian)
OMEGA_C_FROM = "N1000_rc2.5"  # the glasses whose density-of-states maximum gives omega_c for the cores' a


def loglog_slope(x, y):
    """Least-squares slope of log y against log x over the pooled samples, with its jackknife error.

    Parameters
    ----------
    x, y : sequence of ndarray
        One array per sample (positive values).

    Returns
    -------
    (float, float)
        Slope and its jackknife error over samples (NaN for fewer than two samples).
    """

    def slope(idx):
        lx = np.log(np.concatenate([x[i] for i in idx]))
        ly = np.log(np.concatenate([y[i] for i in idx]))
        return float(np.polyfit(lx, ly, 1)[0])

    n = len(x)
    full = slope(range(n))
    if n < 2:
        return full, float("nan")
    loo = np.array([slope([j for j in range(n) if j != i]) for i in range(n)])
    return full, float(np.sqrt((n - 1) / n * np.sum((loo - loo.mean()) ** 2)))


def pooled_mean(values):
    """Mean over the pooled per-mode values of all samples, jackknife error over samples."""
    return spectra.jackknife_ratio([np.sum(v) for v in values], [len(v) for v in values])


def pooled_quantiles(values, q=QUANTILES):
    """Median and the ``q`` quantiles (default 16 and 84 %) of the pooled per-mode values of all samples.

    Returns (median, lower, upper); NaNs for no values.
    """
    v = np.concatenate([np.asarray(x, dtype=float) for x in values]) if len(values) else np.array([])
    if v.size == 0:
        return float("nan"), float("nan"), float("nan")
    lo, med, hi = np.quantile(v, [q[0], 0.5, q[1]])
    return float(med), float(lo), float(hi)


def weighted_loglog_fit(x, y, err):
    """Slope of log y = s log x + c by weighted least squares, weights from the relative errors err/y,
    with its standard error (for means of independent sets of glasses, one per x). Returns (s, s_err)."""
    lx, ly = np.log(np.asarray(x, dtype=float)), np.log(np.asarray(y, dtype=float))
    w = (np.asarray(y, dtype=float) / np.asarray(err, dtype=float)) ** 2
    a = np.vstack([lx, np.ones_like(lx)]).T
    cov = np.linalg.inv(a.T @ (a * w[:, None]))
    coef = cov @ (a.T @ (w * ly))
    return float(coef[0]), float(np.sqrt(cov[0, 0]))


def core_modes(sample):
    """The distinct converged quartic modes of one core analysis (pure): ``kappa4`` (epsilon/sigma^4)
    and ``Nk`` (eqn 2), arrays over those modes. Distinct as in :func:`replicate.glass.core_size.distinct_modes`."""
    keep = distinct_modes(np.asarray(sample["nonlinear_overlaps"], dtype=float))
    ok = np.asarray(sample["nonlinear_converged"], dtype=bool)[keep]
    kappa = np.asarray(sample["nonlinear_kappa"], dtype=float)[keep][ok]
    return {"kappa4": kappa[:, 2], "Nk": np.asarray(sample["nonlinear_participation"], dtype=float)[keep][ok]}


def core_summary(glasses, omega_c, r_nn):
    """Eqn (3) on the quartic-mode cores of one size (pure).

    ``glasses``: one dict per glass with arrays ``kappa4`` (epsilon/sigma^4) and ``Nk`` over its
    distinct converged quartic modes (:func:`core_modes`); ``omega_c`` (1/tau); ``r_nn`` (sigma).
    Returns the slope of log kappa_4 on log N_k, the means (jackknife over glasses), medians and
    16-84 % ranges of kappa_4 N_k, N_k and a (eqn 3, M = 1), and a / r_nn.
    """
    k4 = [g["kappa4"] for g in glasses]
    nk = [g["Nk"] for g in glasses]
    a = [quartic_length(k, n, omega_c) for k, n in zip(k4, nk)]
    k4nk = [k * n for k, n in zip(k4, nk)]
    out = {
        "n_glasses": len(glasses),
        "n_modes": int(sum(len(k) for k in k4)),
        "modes_per_glass": float(np.mean([len(k) for k in k4])),
    }
    out["slope"], out["slope_err"] = loglog_slope(nk, k4)
    out["z_slope"] = (out["slope"] - ANSATZ_SLOPE) / out["slope_err"]
    for key, vals in (("k4Nk", k4nk), ("Nk", nk), ("a", a)):
        out[key], out[f"{key}_err"] = pooled_mean(vals)
        out[f"{key}_median"], out[f"{key}_q16"], out[f"{key}_q84"] = pooled_quantiles(vals)
    out["a_over_r_nn"] = out["a"] / r_nn
    out["a_median_over_r_nn"] = out["a_median"] / r_nn
    return out


def cores_summary(cores, omega_c, r_nn):
    """Eqn (3) on the cores at every size of the series (pure): ``cores`` by N, lists of per-glass dicts
    (:func:`core_modes`). Per size :func:`core_summary`; across sizes the pooled slope of log kappa_4 on
    log N_k (jackknife over all glasses), and the log-log slopes of mean kappa_4 N_k and mean a against N
    (weighted by their jackknife errors; 0 when eqn (3) holds with one a at every N)."""
    ns = sorted(int(n) for n in cores)
    sizes = {str(n): core_summary(cores[n], omega_c, r_nn) for n in ns}
    every = [g for n in ns for g in cores[n]]
    out = {"sizes": sizes, "n_atoms": ns, "omega_c": omega_c, "r_nn": r_nn}
    out["slope_pooled"], out["slope_pooled_err"] = loglog_slope([g["Nk"] for g in every], [g["kappa4"] for g in every])
    out["z_slope_pooled"] = (out["slope_pooled"] - ANSATZ_SLOPE) / out["slope_pooled_err"]
    for key in ("k4Nk", "a", "Nk"):
        s, e = weighted_loglog_fit(ns, [sizes[str(n)][key] for n in ns], [sizes[str(n)][f"{key}_err"] for n in ns])
        out[f"{key}_vs_N_slope"], out[f"{key}_vs_N_slope_err"] = s, e
        out[f"{key}_vs_N_z"] = s / e
    out["slopes_consistent"] = bool(all(abs(v["z_slope"]) <= Z_RESOLVED for v in sizes.values()))
    return out


def dos_maximum(frequencies, bin_width=DOS_BIN, smooth=DOS_SMOOTH, level=DOS_LEVEL):
    """The maximum of the pooled density of states: (nu_c, nu_lo, nu_hi) in 1/tau.

    The histogram (bins of ``bin_width``) is smoothed with a Gaussian of standard deviation ``smooth``;
    nu_c is its maximum and [nu_lo, nu_hi] the range around it where the smoothed density stays above
    ``level`` times the maximum (the broad maximum of a glass's density of states leaves nu_c that
    uncertain).
    """
    nu = np.concatenate(frequencies)
    edges = np.arange(0.0, nu.max() + bin_width, bin_width)
    counts, _ = np.histogram(nu, edges)
    centres = 0.5 * (edges[1:] + edges[:-1])
    kernel = np.exp(-0.5 * ((centres[:, None] - centres[None, :]) / smooth) ** 2)
    g = kernel @ counts
    k = int(np.argmax(g))
    above = g >= level * g[k]
    lo, hi = k, k
    while lo > 0 and above[lo - 1]:
        lo -= 1
    while hi < len(g) - 1 and above[hi + 1]:
        hi += 1
    return float(centres[k]), float(centres[lo]), float(centres[hi])


def rdf_first_maximum(positions, box, bin_width=RDF_BIN, r_range=RDF_RANGE):
    """Position (sigma) of the fullest bin of r^-2 times the pair-distance histogram in ``r_range``
    (the first maximum of g(r)), pooled over samples; half a bin as its error."""
    from scipy.spatial import cKDTree

    edges = np.arange(r_range[0], r_range[1] + bin_width, bin_width)
    counts = np.zeros(len(edges) - 1)
    for pos in positions:
        w = np.mod(pos, box)
        w[w >= box] = 0.0
        tree = cKDTree(w, boxsize=box)
        d = tree.sparse_distance_matrix(tree, r_range[1], output_type="ndarray")
        counts += np.histogram(d["v"], edges)[0]
    centres = 0.5 * (edges[1:] + edges[:-1])
    k = int(np.argmax(counts / centres**2))
    return float(centres[k]), 0.5 * bin_width


def size_summary(samples, nu_edge, box):
    """Every Section 2 number of one system size from its per-sample mode data (pure).

    ``samples``: dicts of :func:`replicate.glass.anharmonicity.inherent_structure_modes` plus
    ``positions``; ``nu_edge`` (1/tau): upper end of the low-frequency window; ``box`` (sigma).
    """
    nu = [s["frequencies"] for s in samples]
    k4 = [s["kappa"][:, 2] for s in samples]
    nk = [s["participation_number"] for s in samples]
    nmax = [s["largest_displacement_number"] for s in samples]
    low = [f < nu_edge for f in nu]

    def sel(arrays, masks=low):
        return [a[m] for a, m in zip(arrays, masks)]

    nu_c, nu_c_lo, nu_c_hi = dos_maximum(nu)
    omega_c = 2.0 * np.pi * nu_c
    r_nn, r_nn_err = rdf_first_maximum([s["positions"] for s in samples], box)
    a = [np.sqrt(12.0 * omega_c**2 / (k * n)) for k, n in zip(k4, nk)]  # eqn (3), M = 1
    out = {
        "n_atoms": int(samples[0]["positions"].shape[0]),
        "n_samples": len(samples),
        "nu_edge": nu_edge,
        "n_modes_low": int(sum(int(m.sum()) for m in low)),
    }
    out["nu_c"], out["nu_c_lo"], out["nu_c_hi"] = nu_c, nu_c_lo, nu_c_hi
    out["omega_c"] = omega_c
    out["r_nn"], out["r_nn_err"] = r_nn, r_nn_err
    for tag, pick in (("low", sel), ("all", lambda arrays: list(arrays))):
        out[f"slope_{tag}"], out[f"slope_{tag}_err"] = loglog_slope(pick(nk), pick(k4))
        out[f"k4Nk_{tag}"], out[f"k4Nk_{tag}_err"] = pooled_mean([k * n for k, n in zip(pick(k4), pick(nk))])
        out[f"Nk_{tag}"], out[f"Nk_{tag}_err"] = pooled_mean(pick(nk))
        out[f"a_{tag}"], out[f"a_{tag}_err"] = pooled_mean(pick(a))
        out[f"Nmax_{tag}"], out[f"Nmax_{tag}_err"] = pooled_mean(pick(nmax))
        out[f"Nmax_over_Nk_{tag}"], out[f"Nmax_over_Nk_{tag}_err"] = pooled_mean(
            [m / n for m, n in zip(pick(nmax), pick(nk))]
        )
        for key, vals in (("k4Nk", [k * n for k, n in zip(pick(k4), pick(nk))]), ("Nk", pick(nk)), ("a", pick(a))):
            out[f"{key}_{tag}_median"], out[f"{key}_{tag}_q16"], out[f"{key}_{tag}_q84"] = pooled_quantiles(vals)
        # the window as a number of lowest modes per glass (every window starts at the lowest mode)
        per_glass = np.array([len(v) for v in pick(nu)])
        out[f"modes_per_glass_{tag}"] = float(per_glass.mean())
        out[f"modes_per_glass_{tag}_min"] = int(per_glass.min())
        out[f"modes_per_glass_{tag}_max"] = int(per_glass.max())
    for tag in ("low", "all"):
        # a is proportional to omega_c: its range from that of nu_c
        out[f"a_{tag}_lo"] = out[f"a_{tag}"] * nu_c_lo / nu_c
        out[f"a_{tag}_hi"] = out[f"a_{tag}"] * nu_c_hi / nu_c
        out[f"a_{tag}_over_r_nn"] = out[f"a_{tag}"] / r_nn
        out[f"a_{tag}_median_over_r_nn"] = out[f"a_{tag}_median"] / r_nn
    out["slope_k4_nu_low"], out["slope_k4_nu_low_err"] = loglog_slope(sel(nu), sel(k4))
    out["k4_low"], out["k4_low_err"] = pooled_mean(sel(k4))
    out["max_shift"] = float(max(s["shift"] for s in samples))
    return out


def compute(samples, nu_edges, boxes, cores):
    """The Section 2 result (pure): per size the numbers of :func:`size_summary`, the comparisons across
    sizes, and eqn (3) on the quartic-mode cores (:func:`cores_summary`). ``samples``, ``nu_edges``,
    ``boxes``: dicts by ensemble name; ``cores``: by N, per-glass dicts of :func:`core_modes`
    (:func:`load_inputs`)."""
    sizes = {name: size_summary(samples[name], nu_edges[name], boxes[name]) for name in ENSEMBLE_NAMES}
    for name, s in sizes.items():
        s["t_quench"] = ENSEMBLES[name]["protocol"].t_quench  # tau
    s5, s10 = sizes["N500_rc2.5"], sizes["N1000_rc2.5"]
    ref = sizes[OMEGA_C_FROM]
    out = {
        "values": {},  # no published number: the paper states the ansatz, it does not test it
        "ansatz_slope": ANSATZ_SLOPE,
        "sizes": sizes,
        "cores": cores_summary(cores, ref["omega_c"], ref["r_nn"]),
        "parameters": {
            "ensembles": list(ENSEMBLE_NAMES),
            "n_samples": N_SAMPLES,
            "dos_bin": DOS_BIN,
            "rdf_bin": RDF_BIN,
            "core_sizes": sorted(int(n) for n in cores),
            "core_n_lowest": N_LOWEST,
            "core_t_quench": T_QUENCH,
            "omega_c_from": OMEGA_C_FROM,
            "quantiles": list(QUANTILES),
        },
        "seeds": [ENSEMBLES[n]["master_seed"] for n in ENSEMBLE_NAMES],
    }
    for tag in ("low", "all"):
        for name, s in sizes.items():
            out.setdefault(f"z_slope_{tag}", {})[name] = (s[f"slope_{tag}"] - ANSATZ_SLOPE) / s[f"slope_{tag}_err"]
        d = s10[f"k4Nk_{tag}"] - s5[f"k4Nk_{tag}"]
        err = float(np.hypot(s10[f"k4Nk_{tag}_err"], s5[f"k4Nk_{tag}_err"]))
        out[f"k4Nk_{tag}_difference"], out[f"k4Nk_{tag}_difference_err"] = d, err
        out[f"k4Nk_{tag}_same"] = bool(abs(d) <= Z_RESOLVED * err)
    z = out["z_slope_low"].values()
    out["slope_low_vs_ansatz"] = (
        "steeper"
        if all(v < -Z_RESOLVED for v in z)
        else "shallower"
        if all(v > Z_RESOLVED for v in z)
        else "consistent"
    )
    out["z_resolved"] = Z_RESOLVED
    c = out["cores"]["sizes"]
    for name, s in sizes.items():  # the harmonic slope beside the cores' at the same N
        n = str(s["n_atoms"])
        if n in c:
            d = s["slope_low"] - c[n]["slope"]
            err = float(np.hypot(s["slope_low_err"], c[n]["slope_err"]))
            out.setdefault("harmonic_minus_core_slope", {})[name] = {"difference": d, "err": err, "z": d / err}
    return out


def load_cores(sizes=CORE_SIZES):
    """Per N of the series, the distinct converged quartic modes of each accepted glass (:func:`core_modes`
    of the cached core analyses, the glasses accepted by :func:`replicate.glass.size_series.judged_glasses`)."""
    out = {}
    for n in sizes:
        c = core_spec(n)
        out[int(n)] = [
            core_modes(read_sample(c["protocol"], c["master_seed"], int(k))) for k in judged_glasses(n)["accepted"]
        ]
    return out


def load_inputs(n_jobs=2):
    """The first :data:`N_SAMPLES` accepted samples of each ensemble, their modes and kappas (about 2
    minutes on 2 cores), the window edge nu_edge of each ensemble, the box edges, and the quartic-mode
    cores of the finite-size series (:func:`load_cores`)."""
    ensembles = load_figure_ensembles(ENSEMBLE_NAMES)
    samples, nu_edges, boxes = {}, {}, {}
    for name in ENSEMBLE_NAMES:
        spec, ens = ENSEMBLES[name], ensembles[name]
        idx = np.flatnonzero(ens.accepted)[:N_SAMPLES]
        stored = [read_sample(spec["protocol"], spec["master_seed"], int(i)) for i in idx]
        box = float(stored[0]["box"])
        pot = spec["protocol"].potential()
        with one_blas_thread():
            measured = Parallel(n_jobs=n_jobs)(
                delayed(inherent_structure_modes)(s["positions"], box, pot, spec["protocol"].ftol) for s in stored
            )
        samples[name] = [
            dict(m, positions=np.asarray(s["positions"], dtype=np.float64)) for m, s in zip(measured, stored)
        ]
        nu_edges[name] = spectra.nu_T1_edge(ens)
        boxes[name] = box
    return {"samples": samples, "nu_edges": nu_edges, "boxes": boxes, "cores": load_cores()}


def plot(result, samples, cores):
    """kappa_4 against N_k (log-log) for both sizes, with the fitted slopes and the ansatz's; the
    second localisation measure against N_k; and kappa_4 against N_k of the quartic-mode cores at every
    size of the series. Returns the figure."""
    import matplotlib
    import matplotlib.ticker

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax, ax2, ax3) = plt.subplots(1, 3, figsize=(16, 4.6))
    colours = {"N500_rc2.5": "tab:red", "N1000_rc2.5": "tab:blue"}
    for name in ENSEMBLE_NAMES:
        s = result["sizes"][name]
        c = colours[name]
        nk = np.concatenate([x["participation_number"] for x in samples[name]])
        k4 = np.concatenate([x["kappa"][:, 2] for x in samples[name]])
        nu = np.concatenate([x["frequencies"] for x in samples[name]])
        nmax = np.concatenate([x["largest_displacement_number"] for x in samples[name]])
        low = nu < s["nu_edge"]
        n_atoms = samples[name][0]["positions"].shape[0]
        ax.scatter(nk, k4, s=1, color=c, alpha=0.08, linewidths=0, rasterized=True)
        ax.scatter(nk[low], k4[low], s=9, color=c, edgecolors="k", linewidths=0.3, label=f"N = {n_atoms}, nu < nu_edge")
        x = np.geomspace(nk[low].min(), nk[low].max(), 10)
        slope, intercept = np.polyfit(np.log(nk[low]), np.log(k4[low]), 1)  # the pooled fit of the result
        ax.plot(
            x,
            np.exp(intercept) * x**slope,
            color=c,
            lw=1.5,
            label=f"fit, slope {s['slope_low']:.2f} +/- {s['slope_low_err']:.2f}",
        )
        ax2.scatter(nk[low], nmax[low], s=9, color=c, edgecolors="k", linewidths=0.3, label=f"N = {n_atoms}")
    s = result["sizes"]["N1000_rc2.5"]
    x = np.geomspace(20, 1000, 10)
    ax.plot(
        x,
        s["k4Nk_low"] * x**ANSATZ_SLOPE,
        color="k",
        ls="--",
        lw=1,
        label=f"single-atom ansatz, slope {ANSATZ_SLOPE:g} (eqn 3)",
    )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"participation number $N_k$ (eqn 2)")
    ax.set_ylabel(r"$\kappa_4$ ($\epsilon/\sigma^4$)")
    ax.legend(fontsize=7, loc="upper right")
    ax.set_title("(a) quartic coefficient of every mode; large symbols: below nu_edge", fontsize=9)
    lim = np.array([1, 1000])
    ax2.plot(lim, lim, color="0.4", lw=0.8, ls=":", label="1/max|e_i|^2 = N_k")
    ax2.set_xscale("log")
    ax2.set_yscale("log")
    ax2.set_xlabel(r"$N_k$ (eqn 2)")
    ax2.set_ylabel(r"$1/\max_i |e_i|^2$ (largest displacement)")
    ax2.legend(fontsize=8, loc="upper left")
    ax2.set_title("(b) the second localisation measure, low-frequency modes", fontsize=9)

    c = result["cores"]
    colours = plt.cm.viridis(np.linspace(0, 0.9, len(c["n_atoms"])))
    for n, col in zip(c["n_atoms"], colours):
        s = c["sizes"][str(n)]
        nk = np.concatenate([g["Nk"] for g in cores[n]])
        k4 = np.concatenate([g["kappa4"] for g in cores[n]])
        ax3.scatter(
            nk,
            k4,
            s=10,
            color=col,
            edgecolors="k",
            linewidths=0.2,
            label=f"N = {n}: slope {s['slope']:.2f} +/- {s['slope_err']:.2f}",
        )
    nk_all = np.concatenate([g["Nk"] for n in c["n_atoms"] for g in cores[n]])
    x = np.geomspace(nk_all.min(), nk_all.max(), 10)
    k4nk = np.median(np.concatenate([g["Nk"] * g["kappa4"] for n in c["n_atoms"] for g in cores[n]]))
    ax3.plot(x, k4nk * x**ANSATZ_SLOPE, "k--", lw=1, label=f"eqn (3), slope {ANSATZ_SLOPE:g}, median kappa_4 N_k")
    ax3.set_xscale("log")
    ax3.set_yscale("log")
    # the cores span about one decade: label 1-2-5 steps in plain numbers instead of powers of ten
    for axis in (ax3.xaxis, ax3.yaxis):
        axis.set_major_locator(matplotlib.ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        axis.set_major_formatter(matplotlib.ticker.FormatStrFormatter("%g"))
        axis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax3.set_xlabel(r"$N_k$ of the quartic mode (core)")
    ax3.set_ylabel(r"$\kappa_4$ of the quartic mode ($\epsilon/\sigma^4$)")
    ax3.legend(fontsize=6.5, loc="upper right")
    ax3.set_title(
        f"(c) quartic-mode cores, N = {c['n_atoms'][0]}-{c['n_atoms'][-1]}: pooled slope "
        f"{c['slope_pooled']:.2f} +/- {c['slope_pooled_err']:.2f}",
        fontsize=9,
    )
    fig.tight_layout()
    return fig


def main(argv=None):
    result, inputs = run_item(NAME, __doc__, load_inputs, compute, lambda r, i: plot(r, i["samples"], i["cores"]), argv)
    for name in ENSEMBLE_NAMES:
        s = result["sizes"][name]
        print(
            f"sec2_quartic {name}: slope log kappa_4 / log N_k {s['slope_low']:.2f} +/- {s['slope_low_err']:.2f} "
            f"(low), {s['slope_all']:.2f} +/- {s['slope_all_err']:.2f} (all); kappa_4 N_k {s['k4Nk_low']:.0f}; "
            f"a {s['a_low']:.2f} sigma = {s['a_low_over_r_nn']:.2f} r_nn"
        )
    c = result["cores"]
    for n in c["n_atoms"]:
        s = c["sizes"][str(n)]
        print(
            f"sec2_quartic cores N = {n}: slope {s['slope']:.2f} +/- {s['slope_err']:.2f}, kappa_4 N_k "
            f"{s['k4Nk']:.0f} +/- {s['k4Nk_err']:.0f}, a {s['a']:.3f} +/- {s['a_err']:.3f} sigma"
        )
    print(f"sec2_quartic cores pooled slope {c['slope_pooled']:.3f} +/- {c['slope_pooled_err']:.3f}")


if __name__ == "__main__":
    run(main)
