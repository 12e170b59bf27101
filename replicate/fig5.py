"""Fig 5: vibrational density of states of the inverse-power-law glass, all modes and extended modes.

``python -m replicate.fig5`` reads the cached N = 1000 and N = 500 ensembles (run
``python -m replicate.tools.glass_ensemble`` first), writes ``data/results/fig5.json`` and
``data/results/fig5_dos.csv`` and draws ``figures/fig5.png/.pdf``. A mode counts as extended when
its participation ratio is p >= 0.2 (:data:`replicate.glass.spectra.EXTENDED_P`): a third of the
value 0.6 of a vector with independent Gaussian components on all atoms, i.e. more than about a
third of the cell taking part. g(nu) is normalised per mode (the all-mode DOS integrates to 1; the
extended-mode DOS is the part of it carried by extended modes). Frequencies nu in 1/tau, g in tau.
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

NAME = "fig5"
COMMAND = command(NAME)
BIN_WIDTH = 0.04  # 1/tau, main panel
INSET_BIN_WIDTH = 0.015  # 1/tau, low-frequency inset
N_ATOMS = 1000  # the glass of Fig 5 (ensemble N1000_rc2.5)
BULK = (0.2, 0.8)  # frequency quantiles of the bulk of the spectrum
TOP = (0.99, 1.0)  # the highest 1 % of the modes


def load_inputs():
    """What :func:`compute` needs from the caches: the ensembles of Figs 5-6."""
    return {"ensembles": load_figure_ensembles()}


def compute(ensembles):
    """The DOS of all and of extended modes, the Fig 5 claims and the report text (pure).

    ``ensembles``: ``{name: Ensemble}`` (:func:`replicate.glass.ensemble.load_figure_ensembles`);
    Fig 5 uses ``N1000_rc2.5`` and ``N500_rc2.5``.
    """
    e1000, e500 = ensembles["N1000_rc2.5"], ensembles["N500_rc2.5"]
    nu_all = np.concatenate(e1000.frequencies)
    edges = np.arange(0.0, nu_all.max() + BIN_WIDTH, BIN_WIDTH)
    centres = 0.5 * (edges[1:] + edges[:-1])
    g_all = spectra.dos(e1000, edges)
    g_ext = spectra.dos(e1000, edges, extended_p=spectra.EXTENDED_P)
    g_all_500 = spectra.dos(e500, edges)
    g_ext_500 = spectra.dos(e500, edges, extended_p=spectra.EXTENDED_P)
    nu_T1 = spectra.nu_T1(e1000)
    nu_edge = spectra.nu_T1_edge(e1000)
    in_edges = np.arange(0.0, 2.0 * nu_T1 + 0.5 * INSET_BIN_WIDTH, INSET_BIN_WIDTH)
    in_c = 0.5 * (in_edges[1:] + in_edges[:-1])
    gi_all = spectra.dos(e1000, in_edges)
    gi_ext = spectra.dos(e1000, in_edges, extended_p=spectra.EXTENDED_P)
    bulk = spectra.quantile_band_mean(e1000, *BULK)
    top = spectra.quantile_band_mean(e1000, *TOP)
    p_all = np.concatenate(e1000.participation_ratio)
    frac_ext = float(np.mean(p_all >= spectra.EXTENDED_P))
    low = nu_all < nu_edge
    frac_ext_low = float(np.mean(p_all[low] >= spectra.EXTENDED_P)) if low.any() else float("nan")

    params, seeds = figure_provenance(ensembles)
    values = {"sim.bulk_p_N1000": bulk["p_mean"], "sim.highfreq_p_N1000": top["p_mean"]}
    unc = {"sim.bulk_p_N1000": bulk["p_err"], "sim.highfreq_p_N1000": top["p_err"]}

    return {
        "values": values,
        "uncertainties": unc,
        "parameters": params,
        "seeds": seeds,
        "assumptions": [a for a in PROTOCOL_ASSUMPTIONS if a["item"] in ("frequency unit",)]
        + [
            {
                "item": "extended modes",
                "paper": "'extended modes only' (criterion not given)",
                "ours": f"p >= {spectra.EXTENDED_P}",
                "why": "a third of the random-vector value p = 0.6: more than about a third of the cell takes part",
            }
        ],
        "n_samples": e1000.n_accepted,
        "n_modes": int(nu_all.size),
        "n_atoms": N_ATOMS,
        "extended_p": spectra.EXTENDED_P,
        "bulk_quantiles": BULK,
        "top_quantiles": TOP,
        "fraction_extended": frac_ext,
        "fraction_extended_below_edge": frac_ext_low,
        "nu_T1": nu_T1,
        "nu_edge": nu_edge,
        "bulk": bulk,
        "top_1pct": top,
        "dos": {"nu": centres, "g_all": g_all, "g_extended": g_ext},
        "dos_inset": {"nu": in_c, "g_all": gi_all, "g_extended": gi_ext},
        "n_accepted": {"N1000": e1000.n_accepted, "N500": e500.n_accepted},
        "tables": {
            "fig5_dos.csv": table(
                {
                    "nu": centres,
                    "g_all_N1000": g_all,
                    "g_extended_N1000": g_ext,
                    "g_all_N500": g_all_500,
                    "g_extended_N500": g_ext_500,
                }
            )
        },
    }


def plot(result):
    """Fig 5 from a :func:`compute` result; returns the matplotlib figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    cols = result["tables"]["fig5_dos.csv"]["columns"]
    centres = cols["nu"]
    ins_d = result["dos_inset"]
    n_acc = result["n_accepted"]
    fig, ax = plt.subplots(figsize=(6.5, 4.5))
    ax.plot(
        centres, cols["g_all_N1000"], "-", color="k", lw=1.5, label=f"all modes, N = 1000 ({n_acc['N1000']} samples)"
    )
    ax.plot(
        centres,
        cols["g_extended_N1000"],
        "--",
        color="tab:blue",
        lw=1.5,
        label=f"extended modes (p >= {spectra.EXTENDED_P})",
    )
    ax.plot(
        centres, cols["g_all_N500"], "-", color="0.6", lw=0.8, label=f"all modes, N = 500 ({n_acc['N500']} samples)"
    )
    ax.set_xlabel(r"$\nu$ ($1/\tau$)")
    ax.set_ylabel(r"$g(\nu)$ ($\tau$), per mode")
    ax.set_xlim(0, centres[-1] + 0.5 * BIN_WIDTH)
    # head room above the curves for the legend; the inset sits under the dip of g(nu) between its peaks
    ax.set_ylim(0, 1.45 * max(cols["g_all_N1000"].max(), cols["g_all_N500"].max()))
    ax.legend(fontsize=8, loc="upper left", ncol=2, frameon=False)
    ins = ax.inset_axes([0.36, 0.07, 0.36, 0.33])
    ins.plot(ins_d["nu"], ins_d["g_all"], "-", color="k", lw=1.2)
    ins.plot(ins_d["nu"], ins_d["g_extended"], "--", color="tab:blue", lw=1.2)
    ins.axvline(result["nu_T1"], color="0.5", lw=0.8, ls=":")
    ins.axvline(result["nu_edge"], color="tab:red", lw=0.8, ls=":")
    ins.set_xlim(0, ins_d["nu"][-1] + 0.5 * INSET_BIN_WIDTH)
    ins.set_ylim(0, None)
    ins.tick_params(labelsize=7)
    ins.set_title("low-frequency tail; dotted: nu_edge (red), nu_T1 (grey)", fontsize=7)
    fig.tight_layout()
    return fig


def main(argv=None):
    parser(COMMAND, __doc__).parse_args(argv)
    t0 = time.perf_counter()
    result = compute(**load_inputs())
    write_result(NAME, result, COMMAND, wall_time_s=time.perf_counter() - t0)
    save_figure(plot(result), FIGURES / "fig5")
    b, t = result["bulk"], result["top_1pct"]
    print(
        f"fig5: bulk p = {b['p_mean']:.3f}, top 1 % p = {t['p_mean']:.3f}, "
        f"extended {100 * result['fraction_extended']:.1f} %"
    )


if __name__ == "__main__":
    run(main)
