"""Fig. 8: eps_k/eps_m against eta_k from the stability equation (20)/(24), beta eps_m = 3 and 5.

Writes ``data/results/fig8.csv`` (columns beta_eps_m, branch, eta_prime, eta, eps_over_eps_m),
``data/results/fig8.json`` and ``figures/fig8.png``/``.pdf``. Run: ``python -m replicate.fig8``.
"""

import time
from pathlib import Path

import numpy as np

from .core.cli import parser, run
from .core.errors import ParameterError, require_range
from .core.io import save_figure
from .core.paths import DATA, FIGURES, ROOT
from .core.registry import command
from .core.results import table, write_result
from .theory import stability as st

NAME = "fig8"
COMMAND = command(NAME)
BETA_EPS_M = (3.0, 5.0)
# accepted eps_m/(k_B T): eqn (19) needs > 1; up to 1e6 every curve point is finite and the localised
# branch rises monotonically (checked in tests/test_items.py; at 1e6 eps_k/eps_m reaches 1.6e15)
BETA_RANGE = (1.0, 1e6)
MAX_CURVES = 8


def eta_prime_grid(sign):
    """Sampling of eta' on each branch: dense near 0, logarithmic out to |eta'| = 1e4 / 1e3."""
    pos = np.concatenate([np.linspace(1e-3, 2.0, 200), np.geomspace(2.0, 1e4, 200)[1:]])
    if sign == -1:
        return pos
    neg = -np.concatenate([np.geomspace(1e3, 2.0, 150), np.linspace(2.0, 1e-3, 120)[1:]])
    return np.concatenate([neg, [0.0], pos])


def compute(beta_eps_m=BETA_EPS_M):
    """Both branches of eqn (24) for each beta eps_m, the monotonicity claim and the report section (pure).

    ``beta_eps_m``: values of eps_m/(k_B T), each > 1 (checked before any work). The curves go to the
    side file ``fig8.csv`` (columns beta_eps_m, branch, eta_prime, eta, eps_over_eps_m).
    """
    betas = tuple(float(b) for b in beta_eps_m)
    roots = {b: st.eta_roots(b) for b in betas}  # validates every value before any work
    cols = {"beta_eps_m": [], "branch": [], "eta_prime": [], "eta": [], "eps_over_eps_m": []}
    values, summary = {}, {}
    for b in betas:
        for sign, name in ((1, "below_eta2"), (-1, "above_eta1")):
            ep = eta_prime_grid(sign)
            eta, ratio = st.branch(ep, b, sign)
            cols["beta_eps_m"] += [b] * ep.size
            cols["branch"] += [name] * ep.size
            cols["eta_prime"] += ep.tolist()
            cols["eta"] += eta.tolist()
            cols["eps_over_eps_m"] += ratio.tolist()
            if sign == 1:
                m = eta < roots[b][1]
                order = np.argsort(eta[m])
                eps = ratio[m][order]
                frac = float(np.mean(np.diff(eps) > 0))
                values[f"fig8.increasing.b{b:g}"] = frac
                summary[str(b)] = {
                    "eta1": roots[b][0],
                    "eta2": roots[b][1],
                    "fraction_increasing_below_eta2": frac,
                    "eps_over_eps_m_at_eta_minus_inf": float(eps[0]),
                }
    return {
        "values": values,
        "parameters": {"beta_eps_m": betas},
        "eqn23_constant": st.eqn23_constant(),
        "summary": summary,
        "tables": {"fig8.csv": table(cols, fmt="%.15g")},
    }


def plot(result):
    """Fig. 8 from a :func:`compute` result; returns the matplotlib figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = result["tables"]["fig8.csv"]["columns"]
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for i, b in enumerate(result["parameters"]["beta_eps_m"]):
        color, ls = f"C{(0, 3, 2, 1)[i % 4]}", ("-", "--", ":", "-.")[i % 4]
        for name in ("below_eta2", "above_eta1"):
            m = (data["beta_eps_m"] == b) & (data["branch"] == name)
            ax.plot(
                data["eta"][m],
                data["eps_over_eps_m"][m],
                color=color,
                ls=ls,
                label=rf"$\varepsilon_m/k_BT = {b:g}$" if name == "below_eta2" else None,
            )
        eta2 = result["summary"][str(b)]["eta2"]
        # arrows from below the curves, pointing up at eta_2 (as in the paper)
        ax.annotate("", xy=(eta2, 4.0), xytext=(eta2, 1.3), arrowprops=dict(arrowstyle="->", color=color, lw=1.5))
        ax.text(
            eta2 + (0.015 if i % 2 == 0 else -0.015),
            1.35,
            r"$\eta_2$",
            color=color,
            ha="left" if i % 2 == 0 else "right",
            va="bottom",
        )
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
    ap = parser(COMMAND, __doc__)
    ap.add_argument(
        "--beta-eps-m",
        type=float,
        nargs="+",
        default=list(BETA_EPS_M),
        metavar="B",
        help=f"values of eps_m/(k_B T), {BETA_RANGE[0]:g} < B <= {BETA_RANGE[1]:g}, at most "
        f"{MAX_CURVES} (default: 3 5, as in the paper)",
    )
    ap.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder outside data/ and figures/ for fig8.json, fig8.csv and the figure (default: "
        "data/results and figures for the paper's values, explore/fig8 for any other)",
    )
    args = ap.parse_args(argv)
    betas = tuple(args.beta_eps_m)
    if not 1 <= len(betas) <= MAX_CURVES:
        raise ParameterError(f"--beta-eps-m takes 1 to {MAX_CURVES} values, got {len(betas)}")
    for b in betas:
        require_range("beta_eps_m", b, *BETA_RANGE, lo_open=True)
    canonical = betas == BETA_EPS_M
    if args.out is not None and any(args.out.resolve().is_relative_to(d.resolve()) for d in (DATA, FIGURES)):
        raise ParameterError(
            f"--out must lie outside data/ and figures/, got {args.out}: those hold the artifact "
            "(the paper's values are written there without --out)"
        )
    out = args.out if args.out is not None else (None if canonical else ROOT / "explore" / "fig8")
    command = COMMAND if canonical else f"{COMMAND} --beta-eps-m {' '.join(f'{b:g}' for b in betas)}"
    t0 = time.perf_counter()
    result = compute(betas)
    write_result(NAME, result, command, wall_time_s=time.perf_counter() - t0, folder=out)
    save_figure(plot(result), (out or FIGURES) / "fig8")
    if out is not None:
        print(f"fig8: wrote {out}/fig8.json, fig8.csv and fig8.png/pdf")


if __name__ == "__main__":
    run(main)
