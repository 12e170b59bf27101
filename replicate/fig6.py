"""Fig 6: participation ratio p(nu) = N_k/N of the inverse-power-law glass for N = 500 and N = 1000.

``python -m replicate.fig6`` reads the cached ensembles (:mod:`replicate.glass.ensemble`; run
``python -m replicate.tools.glass_ensemble`` first), writes ``data/results/fig6.json`` and
``data/results/fig6_binned.csv`` and draws ``figures/fig6.png/.pdf``. The claims of Section 3 are
evaluated in the window nu < nu_edge below the band of the lowest transverse plane waves of each box
(:mod:`replicate.glass.spectra`); every error is a jackknife over samples.
"""

import time

import numpy as np

from .core.cli import parser, run
from .core.io import save_figure
from .core.paths import FIGURES
from .core.registry import command
from .core.results import table, write_result
from .glass import spectra
from .glass.ensemble import PROTOCOL_ASSUMPTIONS, figure_provenance, load_figure_ensembles
from .glass.spectra import ensemble_summary
from .glass.structure import CLUSTER_THRESHOLD, CRYSTALLINE_THRESHOLD

NAME = "fig6"
COMMAND = command(NAME)
BIN_WIDTH = 0.05  # 1/tau, bins of the binned mean p(nu)


def quench_check(sf500, sf1000):
    """The claim statistics of the ten times faster quench (not claims themselves: a sensitivity check)."""
    w5, w10 = sf500["window"], sf1000["window"]
    r, re = ratio_err(w10["Nk_mean"], w10["Nk_err"], w5["Nk_mean"], w5["Nk_err"])
    lr, lre = ratio_err(
        sf1000["lowest_mode"]["Nk_mean"],
        sf1000["lowest_mode"]["Nk_err"],
        sf500["lowest_mode"]["Nk_mean"],
        sf500["lowest_mode"]["Nk_err"],
    )
    return {
        "Nk_N500": w5["Nk_mean"],
        "Nk_N500_err": w5["Nk_err"],
        "Nk_N1000": w10["Nk_mean"],
        "Nk_N1000_err": w10["Nk_err"],
        "Nk_ratio": r,
        "Nk_ratio_err": re,
        "lowest_mode_Nk_ratio": lr,
        "lowest_mode_Nk_ratio_err": lre,
    }


def ratio_err(a, ea, b, eb):
    r = a / b
    return r, abs(r) * np.hypot(ea / a, eb / b)


def claims(s500, s1000, s500b):
    w5, w10 = s500["window"], s1000["window"]
    nk_ratio, nk_ratio_err = ratio_err(w10["Nk_mean"], w10["Nk_err"], w5["Nk_mean"], w5["Nk_err"])
    p_ratio, p_ratio_err = ratio_err(w10["p_mean"], w10["p_err"], w5["p_mean"], w5["p_err"])
    values = {
        "sim.lowfreq_Nk_N1000": w10["Nk_mean"],
        "sim.lowfreq_Nk_N500": w5["Nk_mean"],
        "sim.lowfreq_Nk_ratio": nk_ratio,
        "sim.lowfreq_p_ratio": p_ratio,
        "sim.lowband_p_N1000": s1000["low_band"]["p_mean"],
    }
    unc = {
        "sim.lowfreq_Nk_N1000": w10["Nk_err"],
        "sim.lowfreq_Nk_N500": w5["Nk_err"],
        "sim.lowfreq_Nk_ratio": nk_ratio_err,
        "sim.lowfreq_p_ratio": p_ratio_err,
        "sim.lowband_p_N1000": s1000["low_band"]["p_err"],
    }
    wb = s500b["window"]
    cut = {
        "Nk_rc2.5": w5["Nk_mean"],
        "Nk_rc2.5_err": w5["Nk_err"],
        "Nk_rc3.5": wb["Nk_mean"],
        "Nk_rc3.5_err": wb["Nk_err"],
        "difference": wb["Nk_mean"] - w5["Nk_mean"],
        "difference_err": float(np.hypot(wb["Nk_err"], w5["Nk_err"])),
        "nu_T1_rc2.5": s500["nu_T1"],
        "nu_T1_rc3.5": s500b["nu_T1"],
    }
    return values, unc, cut


def plot(result, ensembles):
    """Fig 6 (two panels) from a :func:`compute` result and the ensembles' modes; returns the figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ens500, ens1000 = ensembles["N500_rc2.5"], ensembles["N1000_rc2.5"]
    summ = result["summary"]
    s500, s1000 = summ["N500_rc2.5"], summ["N1000_rc2.5"]
    fast = (summ["N500_fastq"], summ["N1000_fastq"])
    edges = np.asarray(result["bin_edges"])
    cols = result["tables"]["fig6_binned.csv"]["columns"]
    binned = {n: (cols[f"p_N{n}"], cols[f"p_N{n}_err"]) for n in (500, 1000)}
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    styles = {
        500: dict(marker="*", color="tab:red", label="N = 500"),
        1000: dict(marker="o", color="tab:blue", label="N = 1000"),
    }
    centres = 0.5 * (edges[1:] + edges[:-1])
    for ens, s in ((ens500, s500), (ens1000, s1000)):
        st = styles[ens.n_atoms]
        nu = np.concatenate(ens.frequencies)
        p = np.concatenate(ens.participation_ratio)
        ax.scatter(nu, p, s=1.5, alpha=0.15, color=st["color"], marker=".", rasterized=True, linewidths=0)
        m, e = binned[ens.n_atoms]
        ax.errorbar(
            centres,
            m,
            yerr=e,
            fmt=st["marker"] + "-",
            ms=4,
            color=st["color"],
            lw=1,
            label=f"{st['label']} ({s['n_accepted']} samples), binned mean",
        )
        ax.axvline(s["nu_T1"], color=st["color"], ls="--", lw=0.8)
        # low-frequency panel: N_k of individual modes
        low = nu < 3.0 * s1000["nu_T1"]
        ax2.scatter(
            nu[low],
            p[low] * ens.n_atoms,
            s=8 if ens.n_atoms == 500 else 5,
            marker=st["marker"],
            color=st["color"],
            alpha=0.35,
            linewidths=0,
            label=st["label"],
        )
        ax2.axvline(s["nu_T1"], color=st["color"], ls="--", lw=0.8)
        ax2.axvline(s["nu_edge"], color=st["color"], ls=":", lw=1.0)
        w = s["window"]
        # the window mean, drawn across the window it averages (0 to nu_edge)
        ax2.errorbar(
            [0.5 * s["nu_edge"]],
            [w["Nk_mean"]],
            xerr=[0.5 * s["nu_edge"]],
            yerr=[w["Nk_err"]],
            fmt=st["marker"],
            ms=10,
            color="k",
            mfc=st["color"],
            capsize=4,
            zorder=5,
            label=f"{st['label']}: mean N_k below nu_edge",
        )
    for sf, st in zip(fast, (styles[500], styles[1000])):
        w = sf["window"]
        ax2.errorbar(
            [0.5 * sf["nu_edge"]],
            [w["Nk_mean"]],
            xerr=[0.5 * sf["nu_edge"]],
            yerr=[w["Nk_err"]],
            fmt=st["marker"],
            ms=10,
            color="0.4",
            mfc="none",
            capsize=4,
            zorder=5,
            label=f"{st['label']}, 10x faster quench (open)",
        )
    ax.set_xlabel(r"$\nu$ ($1/\tau$)")
    ax.set_ylabel(r"participation ratio $p = N_k/N$")
    ax.set_xlim(0, edges[-1])
    ax.set_ylim(0, 0.85)
    ax.legend(fontsize=8, loc="upper right")
    ax.set_title("(a) p(nu); dashed: lowest transverse plane wave nu_T1", fontsize=9)
    ax2.set_xlabel(r"$\nu$ ($1/\tau$)")
    ax2.set_ylabel(r"participation number $N_k$ (atoms)")
    ax2.set_yscale("log")
    ax2.set_xlim(0, 3.0 * s1000["nu_T1"])
    ax2.axhline(100, color="0.5", lw=0.8, ls=":", label="N_k = 100 (Laird and Schober)")
    ax2.legend(fontsize=7, loc="lower right")
    ax2.set_title(
        "(b) low-frequency modes; dotted: nu_edge, dashed: nu_T1; big symbols:\n"
        "mean N_k below nu_edge, the bar spanning the window it averages",
        fontsize=9,
    )
    fig.tight_layout()
    return fig


FRACTION_ONLY = ("N500_rc2.5", "N1000_rc2.5")  # the crystallinity-criterion check uses these two
# the five low-frequency claims of Fig 6 (data/paper/simulation.json)
CLAIM_IDS = (
    "sim.lowfreq_Nk_N500",
    "sim.lowfreq_Nk_N1000",
    "sim.lowfreq_Nk_ratio",
    "sim.lowfreq_p_ratio",
    "sim.lowband_p_N1000",
)


def load_inputs():
    """What :func:`compute` needs from the caches: every ensemble, and the two primary ones judged by the
    solid-like fraction alone."""
    return {
        "ensembles": load_figure_ensembles(),
        "fraction_only": load_figure_ensembles(FRACTION_ONLY, fraction_only=True),
    }


def compute(ensembles, fraction_only):
    """Every Fig 6 number, claim, check and report text from the loaded ensembles (pure).

    ``ensembles``: ``{name: Ensemble}`` for every name of :data:`replicate.glass.ensemble.ENSEMBLES`;
    ``fraction_only``: the ensembles of :data:`FRACTION_ONLY` with crystallinity judged by the
    solid-like fraction alone (the sensitivity check); both from :func:`load_inputs`.
    """
    ens = ensembles
    e500, e1000, e500b = ens["N500_rc2.5"], ens["N1000_rc2.5"], ens["N500_rc3.5"]
    s500, s1000, s500b = ensemble_summary(e500), ensemble_summary(e1000), ensemble_summary(e500b)
    sf500, sf1000 = ensemble_summary(ens["N500_fastq"]), ensemble_summary(ens["N1000_fastq"])
    values, unc, cut = claims(s500, s1000, s500b)
    quench = quench_check(sf500, sf1000)
    lm_ratio, lm_err = ratio_err(
        s1000["lowest_mode"]["Nk_mean"],
        s1000["lowest_mode"]["Nk_err"],
        s500["lowest_mode"]["Nk_mean"],
        s500["lowest_mode"]["Nk_err"],
    )
    # sensitivity to the crystallinity criterion: reject on the solid-like fraction alone
    alt = {}
    for name in FRACTION_ONLY:
        e_alt = fraction_only[name]
        alt[name] = {
            "n_accepted": e_alt.n_accepted,
            "window": spectra.window_stats(e_alt, spectra.nu_T1_edge(e_alt)),
            "lowest_mode": spectra.lowest_modes_stats(e_alt, 1),
        }
    nu_max = max(float(np.max(np.concatenate(e.frequencies))) for e in (e500, e1000))
    edges = np.arange(0.0, nu_max + BIN_WIDTH, BIN_WIDTH)
    binned = {e.n_atoms: spectra.binned_p(e, edges) for e in (e500, e1000)}
    centres = 0.5 * (edges[1:] + edges[:-1])
    params, seeds = figure_provenance(ens)
    columns = {"nu": centres}
    for n in (500, 1000):
        columns.update({f"p_N{n}": binned[n][0], f"p_N{n}_err": binned[n][1], f"n_N{n}": binned[n][2]})
    return {
        "values": values,
        "uncertainties": unc,
        "parameters": params,
        "seeds": seeds,
        "assumptions": PROTOCOL_ASSUMPTIONS,
        "claim_ids": CLAIM_IDS,
        "lowest_mode_ratio": {"ratio": lm_ratio, "err": lm_err},
        "crystallinity_criterion": {
            "solid_fraction_max": CRYSTALLINE_THRESHOLD,
            "largest_cluster_max_atoms": CLUSTER_THRESHOLD,
        },
        "summary": {
            "N500_rc2.5": s500,
            "N1000_rc2.5": s1000,
            "N500_rc3.5": s500b,
            "N500_fastq": sf500,
            "N1000_fastq": sf1000,
        },
        "cutoff_check": cut,
        "quench_check": quench,
        "crystallinity_check": alt,
        "binned": {"nu": centres, "N500": binned[500][:2], "N1000": binned[1000][:2]},
        "bin_edges": edges,
        "tables": {"fig6_binned.csv": table(columns)},
    }


def main(argv=None):
    parser(COMMAND, __doc__).parse_args(argv)
    t0 = time.perf_counter()
    inputs = load_inputs()
    result = compute(**inputs)
    write_result(NAME, result, COMMAND, wall_time_s=time.perf_counter() - t0)
    save_figure(plot(result, inputs["ensembles"]), FIGURES / "fig6")
    v = result["values"]
    print(
        f"fig6: window N_k = {v['sim.lowfreq_Nk_N500']:.0f} (N=500), "
        f"{v['sim.lowfreq_Nk_N1000']:.0f} (N=1000); ratio {v['sim.lowfreq_Nk_ratio']:.2f}"
    )


if __name__ == "__main__":
    run(main)
