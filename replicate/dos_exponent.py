"""The density of states of the soft modes below the lowest phonon band: g(nu) ~ nu^beta, and A_4.

``python -m replicate.dos_exponent`` reads the Fig 5-6 glass ensembles at N = 500 and 1000, both quench
rates, and the glasses of the finite-size series (:mod:`replicate.glass.size_series`, N = 500 up to the
largest size with crystallinity references, judged by the series' criterion), and writes ``data/results/dos_exponent.json`` and ``figures/dos_exponent.png/.pdf``. Reduced
units: nu in 1/tau; g(nu) counts modes per atom per unit nu.

Below nu_edge, the lower edge of the lowest transverse plane-wave band of each box (the Fig 6 window,
:func:`replicate.glass.spectra.nu_T1_edge`), the modes are non-phononic. For a density g ~ nu^beta on
(0, nu_edge] the maximum-likelihood exponent of the n pooled frequencies is

    beta + 1 = n / sum_i ln(nu_edge / nu_i),

with a jackknife error over samples. With beta fixed at 4 (the soft-potential model, eqn 8; Lerner,
Duering and Bouchbinder, Phys. Rev. Lett. 117, 035501 (2016), doi:10.1103/PhysRevLett.117.035501),
g = A_4 nu^4 gives A_4 = 5 n / (N S nu_edge^5) for S samples of N atoms. Whether the faster quench
leaves more soft modes is the ratio of the two quench rates' A_4 at each N.
"""

import numpy as np

from .core.cli import run
from .core.registry import command
from .core.results import run_item
from .glass import spectra
from .glass.ensemble import ENSEMBLES, figure_provenance, load_figure_ensembles
from .glass.size_series import CORE_SIZES, SAMPLES, judged_glasses
from .glass.spectra import jackknife

NAME = "dos_exponent"
COMMAND = command(NAME)
PAIRS = {500: ("N500_rc2.5", "N500_fastq"), 1000: ("N1000_rc2.5", "N1000_fastq")}  # (slow, fast) quench
BETA_MODEL = 4.0  # soft-potential model (eqn 8 issue) and Lerner, Duering and Bouchbinder (2016)
# a second, lower window nu < WINDOW_CHECK nu_edge: the tail of the phonon band just below nu_edge
# would make the exponent depend on where the window ends
WINDOW_CHECK = 0.7
Z_RESOLVED = 2.0


def beta_mle(frequencies, nu_max):
    """Maximum-likelihood exponent beta of g ~ nu^beta on (0, nu_max] from the pooled frequencies."""
    nu = np.asarray(frequencies, dtype=float)
    if nu.size == 0 or np.any(nu <= 0) or np.any(nu > nu_max):
        raise ValueError("frequencies must lie in (0, nu_max]")
    return nu.size / np.sum(np.log(nu_max / nu)) - 1.0


def ensemble_summary(frequencies, nu_edge, n_atoms):
    """beta and A_4 of one ensemble (pure): ``frequencies`` the accepted samples' spectra (1/tau)."""
    low = [np.asarray(f, dtype=float)[np.asarray(f) < nu_edge] for f in frequencies]
    beta, beta_err = jackknife(low, lambda s: beta_mle(np.concatenate(s), nu_edge))
    a4, a4_err = jackknife(low, lambda s: 5.0 * sum(x.size for x in s) / (n_atoms * len(s) * nu_edge**5))
    check = [x[x < WINDOW_CHECK * nu_edge] for x in low]
    beta_c, beta_c_err = jackknife(check, lambda s: beta_mle(np.concatenate(s), WINDOW_CHECK * nu_edge))
    return {
        "beta_lower_window": beta_c,
        "beta_lower_window_err": beta_c_err,
        "n_modes_lower_window": int(sum(x.size for x in check)),
        "n_atoms": n_atoms,
        "n_samples": len(low),
        "n_modes": int(sum(x.size for x in low)),
        "nu_edge": float(nu_edge),
        "beta": beta,
        "beta_err": beta_err,
        "z_beta_model": (beta - BETA_MODEL) / beta_err,
        "A4": a4,
        "A4_err": a4_err,
    }


def compute(spectra_by_name, nu_edges, n_atoms, provenance=None, series=None):
    """The result (pure): per ensemble beta and A_4, per size the quench-rate ratio of A_4; per size of
    the finite-size series (``series``: by N, a dict of the accepted glasses' ``frequencies``, ``nu_edge``
    and ``rejected``) beta and A_4 with the same window rule."""
    ens = {name: ensemble_summary(spectra_by_name[name], nu_edges[name], n_atoms[name]) for name in spectra_by_name}
    by_size = {
        str(n): dict(ensemble_summary(d["frequencies"], d["nu_edge"], int(n)), rejected=int(d["rejected"]))
        for n, d in sorted((series or {}).items())
    }
    quench = {}
    for n, (slow, fast) in PAIRS.items():
        a, b = ens[slow], ens[fast]
        ratio = b["A4"] / a["A4"]
        err = ratio * float(np.hypot(a["A4_err"] / a["A4"], b["A4_err"] / b["A4"]))
        quench[str(n)] = {
            "slow": slow,
            "fast": fast,
            "t_quench_slow": ENSEMBLES[slow]["protocol"].t_quench,
            "t_quench_fast": ENSEMBLES[fast]["protocol"].t_quench,
            "A4_ratio_fast_over_slow": ratio,
            "A4_ratio_err": err,
            "resolved": bool(abs(ratio - 1.0) > Z_RESOLVED * err),
        }
    s5, s10 = ens[PAIRS[500][0]], ens[PAIRS[1000][0]]
    sizes = {
        "A4_ratio_1000_over_500": s10["A4"] / s5["A4"],
        "A4_ratio_err": s10["A4"] / s5["A4"] * float(np.hypot(s5["A4_err"] / s5["A4"], s10["A4_err"] / s10["A4"])),
        "beta_difference": s10["beta"] - s5["beta"],
        "beta_difference_err": float(np.hypot(s5["beta_err"], s10["beta_err"])),
    }
    sizes["A4_same"] = bool(abs(sizes["A4_ratio_1000_over_500"] - 1.0) <= Z_RESOLVED * sizes["A4_ratio_err"])
    sizes["beta_rises"] = bool(sizes["beta_difference"] > Z_RESOLVED * sizes["beta_difference_err"])
    params, seeds = provenance if provenance is not None else ({}, {})
    return {
        "values": {},
        "ensembles": ens,
        "series": by_size,
        "quench": quench,
        "sizes": sizes,
        "beta_model": BETA_MODEL,
        "window_check": WINDOW_CHECK,
        "z_resolved": Z_RESOLVED,
        "parameters": params,
        "seeds": seeds,
    }


def load_inputs():
    """The accepted spectra, window edges and sizes of the four ensembles, and those of the finite-size
    series (all its glasses at each size whose crystallinity references are cached)."""
    names = tuple(name for pair in PAIRS.values() for name in pair)
    loaded = load_figure_ensembles(names)
    series = {}
    for n in CORE_SIZES:
        judged = judged_glasses(n, SAMPLES[n])
        edge = spectra.pooled_weighted_quantile(judged["frequencies"], judged["w_T"], spectra.WINDOW_QUANTILE)
        series[n] = {"frequencies": judged["frequencies"], "nu_edge": edge, "rejected": judged["rejected"]}
    return {
        "spectra_by_name": {n: e.frequencies for n, e in loaded.items()},
        "nu_edges": {n: spectra.nu_T1_edge(e) for n, e in loaded.items()},
        "n_atoms": {n: e.n_atoms for n, e in loaded.items()},
        "provenance": figure_provenance(loaded),
        "series": series,
    }


def plot(result, inputs):
    """Cumulative number of modes per atom below nu against nu/nu_edge (log-log) for the four ensembles,
    with the nu^5 of g ~ nu^4. Returns the figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4.5))
    for name, s in result["ensembles"].items():
        nu = np.sort(np.concatenate([np.asarray(f, dtype=float) for f in inputs["spectra_by_name"][name]]))
        nu = nu[nu < s["nu_edge"]]
        cum = np.arange(1, nu.size + 1) / (s["n_atoms"] * s["n_samples"])
        ax.step(nu, cum, where="post", label=f"{name}: beta = {s['beta']:.1f} +/- {s['beta_err']:.1f}")
    x = np.geomspace(0.02, 0.14, 20)
    a4 = result["ensembles"]["N1000_rc2.5"]["A4"]
    ax.plot(x, a4 * x**5 / 5, "k--", lw=0.8, label="A_4 nu^5 / 5 (g ~ nu^4), N = 1000")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$\nu$ ($1/\tau$), below each box's $\nu_{edge}$")
    ax.set_ylabel("modes per atom below nu")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return fig


def main(argv=None):
    result, inputs = run_item(NAME, __doc__, load_inputs, compute, plot, argv)
    for name, s in result["ensembles"].items():
        print(
            f"dos_exponent {name}: beta {s['beta']:.2f} +/- {s['beta_err']:.2f} ({s['n_modes']} modes), A_4 {s['A4']:.3g} +/- {s['A4_err']:.2g}"
        )
    for n, q in result["quench"].items():
        print(f"dos_exponent N = {n}: A_4 fast/slow {q['A4_ratio_fast_over_slow']:.2f} +/- {q['A4_ratio_err']:.2f}")


if __name__ == "__main__":
    run(main)
