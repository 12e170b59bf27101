"""Section 4 inside the simulation: the soft and unstable modes of the undercooled liquid.

``python -m replicate.sec4_liquid`` reads the cached liquid series (:mod:`replicate.glass.liquid`: N =
500 soft spheres stopped at each temperature of the Fig 5-6 quench, two snapshots per stop, their
instantaneous normal modes and their inherent structures) and writes ``data/results/sec4_liquid.json``
and ``figures/sec4_liquid.png/.pdf``. Reduced units: kT in epsilon, nu in 1/tau (negative =
imaginary), N_k atoms (eqn 2).

Per temperature, with jackknife errors over the independent samples (the two snapshots of one sample
are not independent of each other):

* the fraction f_u of the 3N - 3 instantaneous modes that are unstable (lambda < 0), their mean N_k,
  and the density of soft modes, |nu| < nu_edge, per atom (unstable and stable apart); nu_edge is the
  low-frequency window of Fig 6 for the N = 500 glass (below the lowest transverse plane-wave band of
  the box, :func:`replicate.glass.spectra.nu_T1_edge`);
* for the unstable modes, the thermal mode parameter eta' = lambda (6/(kT kappa_4))^(1/2) of eqn (24)
  (:func:`replicate.glass.inm.thermal_mode_parameter`): the fraction whose double-well barrier
  eta'^2/4 is below kT, i.e. held by the quartic term within the thermal motion (Section 4's
  anharmonic stabilisation);
* the inherent structures: the fraction that crystallised on minimisation (rejected), the energy per
  atom of the others, and their soft modes (nu < nu_edge) per atom with mean N_k, against the
  temperature they were quenched from; beside them the inherent-structure energy of the glasses of
  Figs 5-6 (N = 500, both quench rates).

The power law f_u ~ (kT)^alpha below freezing is fitted with a jackknife error, and the trends of the
inherent structures' soft modes with the temperature are fitted as straight lines.
"""

import numpy as np

from .core.cli import run
from .core.registry import command
from .core.results import run_item
from .glass import spectra
from .glass.ensemble import ENSEMBLES, load_figure_ensembles
from .glass.inm import signed_frequency, thermal_mode_parameter
from .glass.liquid import SERIES, load_series
from .glass.prepare import GAMMA_FREEZING
from .glass.spectra import jackknife_ratio

NAME = "sec4_liquid"
COMMAND = command(NAME)
SERIES_NAME = "N500"
GLASS_ENSEMBLES = ("N500_rc2.5", "N500_fastq")  # the Fig 5-6 glasses of the same N, both quench rates
BARRIER_KT = 1.0  # an unstable mode counts as anharmonically held when its barrier eta'^2/4 < 1 kT
KT_FREEZING = 1.0 / GAMMA_FREEZING**2  # epsilon, at rho sigma^3 = 1 (Gamma = rho sigma^3 (eps/kT)^(1/2))
Z_RESOLVED = 2.0  # a trend counts as resolved when it exceeds 2 standard errors


def ratio_by_stop(sums, counts):
    """Pooled ratio sum(S)/sum(C) over samples per stop, with its jackknife error over samples.

    ``sums``, ``counts``: arrays (samples, stops). Returns (mean, err), arrays over stops.
    """
    s, c = np.asarray(sums, dtype=float), np.asarray(counts, dtype=float)
    pairs = [jackknife_ratio(s[:, k], c[:, k]) for k in range(s.shape[1])]
    return np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs])


def jackknife_fit(x, sums, counts, select, log=False):
    """Straight-line fit of the pooled ratios against ``x`` at the stops ``select``, with jackknife errors.

    The ratio at each stop is sum(S)/sum(C) over samples (``sums``, ``counts`` of shape (samples,
    stops)); with ``log`` the fit is log(ratio) against log(x) (a power law). Each sample is left out in
    turn and the fit repeated.

    Returns
    -------
    dict
        ``slope``, ``slope_err``, ``intercept``, ``intercept_err``.
    """
    s, c = np.asarray(sums, dtype=float)[:, select], np.asarray(counts, dtype=float)[:, select]
    xs = np.asarray(x, dtype=float)[select]

    def fit(si, ci):
        y = si.sum(axis=0) / ci.sum(axis=0)
        return np.polyfit(np.log(xs), np.log(y), 1) if log else np.polyfit(xs, y, 1)

    full = fit(s, c)
    n = s.shape[0]
    loo = np.array([fit(np.delete(s, i, axis=0), np.delete(c, i, axis=0)) for i in range(n)])
    err = np.sqrt((n - 1) / n * np.sum((loo - loo.mean(axis=0)) ** 2, axis=0))
    return {
        "slope": float(full[0]),
        "slope_err": float(err[0]),
        "intercept": float(full[1]),
        "intercept_err": float(err[1]),
    }


def per_sample_counts(sample, nu_soft, barrier_kT=BARRIER_KT):
    """Per-stop sums and counts of one liquid sample (pure): a dict of arrays over stops.

    Each entry is summed over the snapshots of the stop; ``*_modes`` counts are mode numbers,
    ``atoms`` is N times the snapshots (the denominator of densities per atom); a soft mode has
    |nu| < ``nu_soft`` (1/tau).
    """
    lam = np.asarray(sample["inm_eigenvalues"], dtype=float)  # (stops, snaps, modes)
    nk = np.asarray(sample["inm_participation"], dtype=float)
    k4 = np.asarray(sample["inm_kappa4"], dtype=float)
    kT = np.asarray(sample["kT"], dtype=float)
    nu = signed_frequency(lam)
    n_atoms = int(sample["n_atoms"])
    unstable = lam < 0
    bounded = unstable & (k4 > 0)
    held = np.zeros_like(unstable)
    for k in range(lam.shape[0]):
        b = bounded[k]
        eta = thermal_mode_parameter(lam[k][b], k4[k][b], kT[k])
        held[k][b] = eta**2 / 4.0 < barrier_kT
    soft = np.abs(nu) < nu_soft
    accepted = ~np.asarray(sample["crystalline"], dtype=bool) & np.asarray(sample["is_stable"], dtype=bool)
    is_nu = signed_frequency(np.where(accepted[..., None], np.asarray(sample["is_eigenvalues"], dtype=float), 1e9))
    is_soft = (is_nu < nu_soft) & accepted[..., None]
    is_nk = np.nan_to_num(np.asarray(sample["is_participation"], dtype=float))
    snaps = lam.shape[1]
    return {
        "modes": np.full(lam.shape[0], lam.shape[1] * lam.shape[2], dtype=float),
        "atoms": np.full(lam.shape[0], float(n_atoms * snaps)),
        "unstable_modes": unstable.sum(axis=(1, 2)),
        "unstable_nk": np.where(unstable, nk, 0.0).sum(axis=(1, 2)),
        "soft_unstable_modes": (soft & unstable).sum(axis=(1, 2)),
        "soft_stable_modes": (soft & ~unstable).sum(axis=(1, 2)),
        "unbounded_modes": (unstable & ~(k4 > 0)).sum(axis=(1, 2)),
        "held_modes": held.sum(axis=(1, 2)),
        "snapshots": np.full(lam.shape[0], float(snaps)),
        "crystalline": np.asarray(sample["crystalline"], dtype=float).sum(axis=1),
        "accepted": accepted.sum(axis=1).astype(float),
        "accepted_atoms": accepted.sum(axis=1) * float(n_atoms),
        "e_is": np.where(accepted, np.asarray(sample["e_is"], dtype=float), 0.0).sum(axis=1),
        "is_soft_modes": is_soft.sum(axis=(1, 2)),
        "is_soft_nk": np.where(is_soft, is_nk, 0.0).sum(axis=(1, 2)),
        "rms_disp": np.asarray(sample["rms_disp_hold"], dtype=float),
        "kT_measured": np.asarray(sample["kT_measured"], dtype=float),
        "one": np.ones(lam.shape[0]),
    }


def compute(samples, nu_edge, glass_e_is, series=SERIES_NAME):
    """The Section 4 result (pure; inputs as :func:`load_inputs` reads them): ``samples`` of the liquid
    series, the window edge ``nu_edge`` (1/tau) and ``glass_e_is``, per glass ensemble the accepted
    samples' inherent-structure energies per atom (epsilon)."""
    kT = np.asarray(samples[0]["kT"], dtype=float)
    c = [per_sample_counts(s, nu_edge) for s in samples]
    a = {key: np.array([x[key] for x in c]) for key in c[0]}  # (samples, stops)

    def ratio(num, den):
        m, e = ratio_by_stop(a[num], a[den])
        return m.tolist(), e.tolist()

    stops = {"kT": kT.tolist(), "gamma": (1.0 / np.sqrt(kT)).tolist()}
    for key, num, den in (
        ("kT_measured", "kT_measured", "one"),
        ("rms_disp", "rms_disp", "one"),
        ("f_unstable", "unstable_modes", "modes"),
        ("Nk_unstable", "unstable_nk", "unstable_modes"),
        ("soft_unstable_per_atom", "soft_unstable_modes", "atoms"),
        ("soft_stable_per_atom", "soft_stable_modes", "atoms"),
        ("held_fraction", "held_modes", "unstable_modes"),
        ("unbounded_fraction", "unbounded_modes", "unstable_modes"),
        ("crystallised_fraction", "crystalline", "snapshots"),
        ("e_is", "e_is", "accepted"),
        ("is_soft_per_atom", "is_soft_modes", "accepted_atoms"),
        ("is_soft_Nk", "is_soft_nk", "is_soft_modes"),
    ):
        stops[key], stops[f"{key}_err"] = ratio(num, den)
    below = kT < KT_FREEZING
    fits = {
        "f_unstable_powerlaw_below_freezing": jackknife_fit(kT, a["unstable_modes"], a["modes"], below, log=True),
        "is_soft_per_atom_linear": jackknife_fit(kT, a["is_soft_modes"], a["accepted_atoms"], slice(None)),
        "is_soft_Nk_linear": jackknife_fit(kT, a["is_soft_nk"], a["is_soft_modes"], slice(None)),
        "e_is_linear": jackknife_fit(kT, a["e_is"], a["accepted"], slice(None)),
        "soft_unstable_linear_below_freezing": jackknife_fit(kT, a["soft_unstable_modes"], a["atoms"], below),
    }
    for f in fits.values():
        f["z"] = f["slope"] / f["slope_err"]
        f["resolved"] = bool(abs(f["z"]) > Z_RESOLVED)
    # the liquid's inherent-structure energy pooled over all stops, against the glasses'
    e_liq, e_liq_err = jackknife_ratio(a["e_is"].sum(axis=1), a["accepted"].sum(axis=1))
    glasses = {}
    for name, e in glass_e_is.items():
        e = np.asarray(e, dtype=float)
        err = float(np.std(e, ddof=1) / np.sqrt(e.size))
        d_err = float(np.hypot(err, e_liq_err))
        glasses[name] = {
            "e_is": float(e.mean()),
            "e_is_err": err,
            "n": int(e.size),
            "minus_liquid": float(e.mean() - e_liq),
            "minus_liquid_err": d_err,
            "same": bool(abs(e.mean() - e_liq) <= Z_RESOLVED * d_err),
            "t_quench": ENSEMBLES[name]["protocol"].t_quench,
        }
    spec = SERIES[series]
    return {
        "values": {},  # no published number: Section 4 is a model, it prints no simulation result
        "stops": stops,
        "fits": fits,
        "n_samples": len(samples),
        "n_snapshots": int(np.asarray(samples[0]["inm_eigenvalues"]).shape[1]),
        "n_atoms": int(samples[0]["n_atoms"]),
        "nu_soft": nu_edge,
        "e_is_liquid_pooled": e_liq,
        "e_is_liquid_pooled_err": e_liq_err,
        "glasses": glasses,
        "barrier_kT": BARRIER_KT,
        "kT_freezing": KT_FREEZING,
        "z_resolved": Z_RESOLVED,
        "cooling_rate": spec["protocol"].cooling_rate,
        "t_hold": spec["protocol"].t_hold,
        "parameters": {"series": series, "protocol": spec["protocol"].as_dict(), "n_samples": spec["n_samples"]},
        "seeds": [spec["master_seed"]],
    }


def load_inputs(series=SERIES_NAME):
    """The cached samples of the liquid series (made by ``python -m replicate.tools.caches``), the window
    edge nu_edge of the N = 500 glass ensemble and the inherent-structure energies of the glasses."""
    ens = load_figure_ensembles(GLASS_ENSEMBLES)
    return {
        "samples": load_series(series),
        "nu_edge": spectra.nu_T1_edge(ens[GLASS_ENSEMBLES[0]]),
        "glass_e_is": {name: e.scalars["e_is"][e.accepted] for name, e in ens.items()},
        "series": series,
    }


def plot(result, samples):
    """(a) the instantaneous density of states at a few temperatures; (b) the unstable fraction and the
    soft-mode densities against kT; (c) the inherent structures' soft modes and energy against the
    temperature they were quenched from; (d) the fraction of unstable modes held within kT. Returns the figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    st = result["stops"]
    kT = np.array(st["kT"])
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    ax = axes[0, 0]
    edges = np.linspace(-1.0, 2.0, 121)
    for k in range(0, len(kT), 3):
        nu = np.concatenate(
            [signed_frequency(np.asarray(s["inm_eigenvalues"][k], dtype=float)).ravel() for s in samples]
        )
        g, _ = np.histogram(nu, edges, density=True)
        ax.plot(0.5 * (edges[1:] + edges[:-1]), g, lw=1, label=f"kT = {kT[k]:g}")
    ax.axvline(0, color="0.5", lw=0.6)
    ax.set_xlabel(r"signed frequency $\nu$ ($1/\tau$; negative: imaginary)")
    ax.set_ylabel("instantaneous density of states")
    ax.legend(fontsize=7)
    ax.set_title("(a) instantaneous normal modes", fontsize=9)

    ax = axes[0, 1]
    ax.errorbar(kT, st["f_unstable"], st["f_unstable_err"], fmt="o-", ms=3, label="unstable fraction f_u")
    ax.errorbar(
        kT,
        st["soft_unstable_per_atom"],
        st["soft_unstable_per_atom_err"],
        fmt="s-",
        ms=3,
        label=f"unstable, |nu| < nu_edge = {result['nu_soft']:.3f}, per atom",
    )
    ax.errorbar(
        kT,
        st["soft_stable_per_atom"],
        st["soft_stable_per_atom_err"],
        fmt="^-",
        ms=3,
        label="stable, nu < nu_edge, per atom",
    )
    f = result["fits"]["f_unstable_powerlaw_below_freezing"]
    x = kT[kT < result["kT_freezing"]]
    ax.plot(
        x,
        np.exp(f["intercept"]) * x ** f["slope"],
        "k--",
        lw=0.8,
        label=f"f_u ~ kT^{f['slope']:.2f} +/- {f['slope_err']:.2f} below freezing",
    )
    ax.axvline(result["kT_freezing"], color="0.5", ls=":", lw=0.8)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$k_BT$ ($\epsilon$); dotted: freezing")
    ax.legend(fontsize=7)
    ax.set_title("(b) unstable and soft instantaneous modes", fontsize=9)

    ax = axes[1, 0]
    ax.errorbar(
        kT,
        st["is_soft_per_atom"],
        st["is_soft_per_atom_err"],
        fmt="o-",
        ms=3,
        color="tab:green",
        label=f"inherent structure: modes nu < nu_edge = {result['nu_soft']:.3f}, per atom",
    )
    ax.set_xlabel(r"$k_BT$ quenched from ($\epsilon$)")
    ax.set_ylabel("soft modes per atom")
    ax2 = ax.twinx()
    ax2.errorbar(kT, st["e_is"], st["e_is_err"], fmt="s--", ms=3, color="tab:purple", label="e_IS per atom")
    g = result["glasses"][GLASS_ENSEMBLES[0]]
    ax2.axhspan(
        g["e_is"] - g["e_is_err"],
        g["e_is"] + g["e_is_err"],
        color="tab:purple",
        alpha=0.2,
        label="e_IS of the Fig 5-6 glasses",
    )
    ax2.set_ylabel(r"inherent-structure energy per atom ($\epsilon$)")
    ax.axvline(result["kT_freezing"], color="0.5", ls=":", lw=0.8)
    ax.legend(fontsize=7, loc="upper left")
    ax2.legend(fontsize=7, loc="lower right")
    ax.set_title("(c) inherent structures against the temperature quenched from", fontsize=9)

    ax = axes[1, 1]
    ax.errorbar(
        kT,
        st["held_fraction"],
        st["held_fraction_err"],
        fmt="o-",
        ms=3,
        label=f"fraction with barrier eta'^2/4 < {result['barrier_kT']:g} kT (eqn 24)",
    )
    ax.set_xscale("log")
    ax.set_ylim(0, None)
    ax.set_ylabel("fraction of the unstable modes")
    ax.axvline(result["kT_freezing"], color="0.5", ls=":", lw=0.8)
    ax.set_xlabel(r"$k_BT$ ($\epsilon$)")
    ax2 = ax.twinx()
    ax2.errorbar(
        kT, st["Nk_unstable"], st["Nk_unstable_err"], fmt="s--", ms=3, color="tab:red", label="mean N_k (eqn 2)"
    )
    ax2.set_ylim(0, None)
    ax2.set_ylabel("N_k of the unstable modes")
    ax.legend(fontsize=7, loc="center right")
    ax2.legend(fontsize=7, loc="lower left")
    ax.set_title("(d) unstable modes: held by the quartic term within kT, and their N_k", fontsize=9)
    fig.tight_layout()
    return fig


def main(argv=None):
    result, inputs = run_item(NAME, __doc__, load_inputs, compute, lambda r, i: plot(r, i["samples"]), argv)
    st = result["stops"]
    for k, kT in enumerate(st["kT"]):
        print(
            f"sec4_liquid kT {kT:5.2f}: f_u {st['f_unstable'][k]:.4f} +/- {st['f_unstable_err'][k]:.4f}, "
            f"N_k(unstable) {st['Nk_unstable'][k]:.0f}, held {st['held_fraction'][k]:.2f}, "
            f"IS soft/atom {st['is_soft_per_atom'][k]:.4f}, crystallised {st['crystallised_fraction'][k]:.2f}"
        )


if __name__ == "__main__":
    run(main)
