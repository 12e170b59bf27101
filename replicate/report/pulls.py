"""The pull plot of the verdict: every published number as (ours - paper) / tolerance.

A pull of at most 1 in magnitude is agreement within the printed digits (or within a claim's bounds,
whose centre and half-width take the place of the value and the tolerance). Values computed forward
from printed inputs that pass through the rounding of those inputs are marked apart. Made by
``python -m replicate.report`` from the same rows as the verdict table (``figures/verdict_pulls``).
"""

import math


def pull(row):
    """(ours - paper) / tolerance of one verdict row (:func:`replicate.report.render.evaluate`), or None
    when it has no finite value or no finite interval; a claim ``[lo, hi]`` counts from its centre in
    units of its half-width."""
    ours = row["ours"]
    if ours is None or not math.isfinite(ours):
        return None
    e = row["entry"]
    if "value" in e:
        tol = e.get("tolerance", 0.0)
        return (ours - e["value"]) / tol if tol > 0 else None
    lo, hi = e.get("bounds", (None, None))
    if lo is None or hi is None or not hi > lo:
        return None
    return (ours - (lo + hi) / 2.0) / ((hi - lo) / 2.0)


def plot(rows):
    """Horizontal dot chart of the pulls, one row per published number, |pull| <= 1 shaded."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = [(r, pull(r)) for r in rows if pull(r) is not None and r["status"] != "by construction"]
    fig, ax = plt.subplots(figsize=(7.0, 0.22 * len(shown) + 1.2))
    ax.axvspan(-1, 1, color="0.88", lw=0, label="within the printed digits or bounds")
    for k, (r, p) in enumerate(shown):
        if r["status"] == "pass" and abs(p) > 1:
            style = dict(marker="s", color="tab:blue")  # passes through the rounding of its printed inputs
        elif r["status"] == "pass":
            style = dict(marker="o", color="tab:green")
        else:
            style = dict(marker="x", color="tab:red")
        ax.plot([p], [k], ls="none", ms=5, **style)
    for marker, color, label in (
        ("o", "tab:green", "pass"),
        ("s", "tab:blue", "pass within the printed inputs' rounding"),
        ("x", "tab:red", "FAIL"),
    ):
        ax.plot([], [], ls="none", marker=marker, color=color, label=label)
    ax.set_xscale("symlog", linthresh=1.0)
    ax.set_yticks(range(len(shown)))
    ax.set_yticklabels([r["id"] for r, _ in shown], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("(ours - paper) / tolerance")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2)
    ax.set_title("Every published number with a value or finite bounds", fontsize=9)
    fig.tight_layout()
    return fig
