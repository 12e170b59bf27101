"""Fig. 8: eps_k/eps_m against eta_k from the stability equation (20)/(24), beta eps_m = 3 and 5.

Writes ``data/results/fig8.csv`` (columns beta_eps_m, branch, eta_prime, eta, eps_over_eps_m),
``data/results/fig8.json`` and ``figures/fig8.png``/``.pdf``. Run: ``python -m replicate.fig8``.
"""

import argparse
import time

import numpy as np

from .cli import run
from .io import read_csv, save_figure, write_csv
from .paths import FIGURES, RESULTS
from .provenance import provenance
from .results import write_result
from .theory import stability as st

COMMAND = "python -m replicate.fig8"
BETA_EPS_M = (3.0, 5.0)


def eta_prime_grid(sign):
    """Sampling of eta' on each branch: dense near 0, logarithmic out to |eta'| = 1e4 / 1e3."""
    pos = np.concatenate([np.linspace(1e-3, 2.0, 200), np.geomspace(2.0, 1e4, 200)[1:]])
    if sign == -1:
        return pos
    neg = -np.concatenate([np.geomspace(1e3, 2.0, 150), np.linspace(2.0, 1e-3, 120)[1:]])
    return np.concatenate([neg, [0.0], pos])


def compute(beta_eps_m=BETA_EPS_M):
    rows = []
    for b in beta_eps_m:
        for sign, name in ((1, "below_eta2"), (-1, "above_eta1")):
            ep = eta_prime_grid(sign)
            eta, ratio = st.branch(ep, b, sign)
            rows += [(b, name, e, h, r) for e, h, r in zip(ep, eta, ratio)]
    return rows


def plot(data, eta_roots, beta_eps_m=BETA_EPS_M):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4.5))
    for i, b in enumerate(beta_eps_m):
        color, ls = f"C{(0, 3, 2, 1)[i % 4]}", ("-", "--", ":", "-.")[i % 4]
        for name in ("below_eta2", "above_eta1"):
            m = (data["beta_eps_m"] == b) & (data["branch"] == name)
            ax.plot(data["eta"][m], data["eps_over_eps_m"][m], color=color, ls=ls,
                    label=fr"$\varepsilon_m/k_BT = {b:g}$" if name == "below_eta2" else None)
        eta2 = eta_roots[b][1]
        # arrows from below the curves, pointing up at eta_2 (as in the paper)
        ax.annotate("", xy=(eta2, 4.0), xytext=(eta2, 1.3), arrowprops=dict(arrowstyle="->", color=color, lw=1.5))
        ax.text(eta2 + (0.015 if i % 2 == 0 else -0.015), 1.35, r"$\eta_2$", color=color,
                ha="left" if i % 2 == 0 else "right", va="bottom")
    ax.set_yscale("log")
    ax.set_xlim(-0.6, 1.05)
    ax.set_ylim(1, 1e5)
    ax.set_xlabel(r"harmonic restoring-force fraction $\eta_k$")
    ax.set_ylabel(r"$\varepsilon_k/\varepsilon_m$")
    ax.set_title("Fig. 8: solutions of the mode stability equation (20)")
    ax.legend(loc="upper left")
    fig.tight_layout()
    return fig


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python -m replicate.fig8", description=__doc__)
    ap.add_argument("--beta-eps-m", type=float, nargs="+", default=list(BETA_EPS_M),
                    help="values of eps_m/(k_B T), each > 1 (default: 3 5, as in the paper)")
    args = ap.parse_args(argv)
    betas = tuple(args.beta_eps_m)
    roots = {b: st.eta_roots(b) for b in betas}  # validates every value before anything is written
    t0 = time.perf_counter()
    rows = compute(betas)
    csv_path = RESULTS / "fig8.csv"
    write_csv(csv_path, ["beta_eps_m", "branch", "eta_prime", "eta", "eps_over_eps_m"], rows,
              provenance=provenance(COMMAND, {"beta_eps_m": betas}), fmt="%.15g")
    data = read_csv(csv_path)
    values, summary = {}, {}
    for b in betas:
        m = (data["beta_eps_m"] == b) & (data["branch"] == "below_eta2") & (data["eta"] < roots[b][1])
        order = np.argsort(data["eta"][m])
        eps = data["eps_over_eps_m"][m][order]
        frac = float(np.mean(np.diff(eps) > 0))
        values[f"fig8.increasing.b{b:g}"] = frac
        summary[str(b)] = {"eta1": roots[b][0], "eta2": roots[b][1], "fraction_increasing_below_eta2": frac,
                           "eps_over_eps_m_at_eta_minus_inf": float(eps[0])}
    fig = plot(data, roots, betas)
    save_figure(fig, FIGURES / "fig8")
    md = ("Both branches of eqn (24) for eps_m/k_B T = 3 and 5; the arrows mark eta_2. On the localised branch "
          "eps_k rises monotonically with eta_k from 4 eps_m (deep double well, eta_k -> -infinity) through "
          "35.015 beta eps_m at eta_k = 0 and diverges at eta_2; the branch above eta_1 starts at eps_k = 0 at "
          "eta_k = 1 and diverges at eta_1. No localised solution exists between eta_2 and eta_1.\n\n"
          "![Fig. 8](figures/fig8.png)")
    write_result("fig8", values=values, command=COMMAND, wall_time_s=time.perf_counter() - t0,
                 parameters={"beta_eps_m": betas}, figures=["figures/fig8.png", "figures/fig8.pdf"],
                 report_section={"title": "Fig. 8: the stability equation", "markdown": md}, summary=summary)


if __name__ == "__main__":
    run(main)
