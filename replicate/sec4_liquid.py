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

The power law f_u ~ (kT)^a_u below freezing is fitted with a jackknife error, and the trends of the
inherent structures' soft modes with the temperature are fitted as straight lines.

Two checks on a few samples replayed from their seeds (:mod:`replicate.glass.liquid_replay`, the
samples :data:`REPLAY_SAMPLES` at the stops :data:`REPLAY_STOPS`; the replayed hold displacements are
compared with the cached ones):

* the hold's rms displacement beside its harmonic expectation from the inherent structure's modes
  (:func:`replicate.glass.liquid_replay.harmonic_rms_displacement`, every stop, all samples), and at
  the last stop beside the displacement in a hold of the same length after :data:`T_AGE` more at that
  temperature (does the freshly quenched structure still relax?);
* the crystallised inherent structures: FIRE + Newton (the glasses' minimiser) against conjugate
  gradients (no inertia) from the same snapshots; and per stop the fraction of inherent structures
  that are mostly crystal (solid-like fraction above :data:`FULL_CRYSTAL`) among those the
  series' rule (solid-like fraction above 0.2 or a solid-like cluster of 50 atoms) calls crystalline.
"""

import numpy as np

from .core.cli import run
from .core.registry import command
from .core.results import run_item
from .glass import spectra
from .glass.ensemble import ENSEMBLES, load_figure_ensembles
from .glass.inm import signed_frequency, thermal_mode_parameter
from .glass.liquid import SERIES, load_series
from .glass.liquid_replay import compare_minimisers, harmonic_rms_displacement, replay
from .glass.prepare import GAMMA_FREEZING
from .glass.spectra import jackknife_ratio
from .glass.structure import CLUSTER_THRESHOLD, CRYSTALLINE_THRESHOLD

NAME = "sec4_liquid"
COMMAND = command(NAME)
SERIES_NAME = "N500"
GLASS_ENSEMBLES = ("N500_rc2.5", "N500_fastq")  # the Fig 5-6 glasses of the same N, both quench rates
BARRIER_KT = 1.0  # an unstable mode counts as anharmonically held when its barrier eta'^2/4 < 1 kT
KT_FREEZING = 1.0 / GAMMA_FREEZING**2  # epsilon, at rho sigma^3 = 1 (Gamma = rho sigma^3 (eps/kT)^(1/2))
Z_RESOLVED = 2.0  # a trend counts as resolved when it exceeds 2 standard errors
# solid-like fraction above which an inherent structure is mostly crystal (more than half of its atoms
# solid-like); most of those the series' rule calls crystalline lie either at 0.1-0.4 (e_IS near the
# glasses') or at 0.9-1.0 (e_IS up to 0.08 eps per atom below), few in between
FULL_CRYSTAL = 0.5
# the replayed samples and stops (kT = 0.5, 0.4: the liquid above freezing; 0.01: the end of the quench):
# 24 snapshots, each minimised twice, about 3 minutes on one core
REPLAY_SAMPLES = (0, 1, 2, 3)
REPLAY_STOPS = (0, 1, 14)
T_AGE = 40.0  # tau, the extra hold at the last stop before the displacement is measured again


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


def per_sample_counts(sample, nu_soft, barrier_kT=BARRIER_KT, t_hold=None):
    """Per-stop sums and counts of one liquid sample (pure): a dict of arrays over stops.

    Each entry is summed over the snapshots of the stop; ``*_modes`` counts are mode numbers,
    ``atoms`` is N times the snapshots (the denominator of densities per atom); a soft mode has
    |nu| < ``nu_soft`` (1/tau). With ``t_hold`` (tau, the whole hold of the stop) ``harmonic_msd``
    sums the harmonic mean-square displacement over that time of the accepted inherent structures
    (:func:`replicate.glass.liquid_replay.harmonic_rms_displacement` squared).
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
    fraction = np.asarray(sample["crystallinity"], dtype=float)
    msd = np.zeros(lam.shape[0])
    if t_hold is not None:
        is_lam = np.asarray(sample["is_eigenvalues"], dtype=float)
        for k in range(lam.shape[0]):
            for j in np.flatnonzero(accepted[k]):
                msd[k] += harmonic_rms_displacement(is_lam[k, j], kT[k], t_hold, n_atoms) ** 2
    return {
        "full_crystal": (fraction > FULL_CRYSTAL).sum(axis=1).astype(float),
        "harmonic_msd": msd,
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


def binomial(k, n):
    """Fraction k/n with its binomial standard error sqrt(p (1 - p) / n) (0 for p = 0 or 1)."""
    p = k / n
    return float(p), float(np.sqrt(p * (1 - p) / n))


def replay_summary(replays, samples, kT):
    """The checks on the replayed samples (pure): ``replays`` by sample index, each a dict with
    ``rms_disp_hold`` {stop: sigma}, ``rms_disp_aged`` and ``com_shift_max`` (sigma) and ``minimisers`` {stop: [per snapshot
    :func:`replicate.glass.liquid_replay.compare_minimisers`]}; ``samples`` the cached series (to check
    the replay against it); ``kT`` the stops (epsilon)."""
    idx = sorted(replays)
    stops = sorted(replays[idx[0]]["minimisers"])
    last = max(replays[idx[0]]["rms_disp_hold"])
    diff = max(
        abs(r - float(samples[i]["rms_disp_hold"][k])) for i in idx for k, r in replays[i]["rms_disp_hold"].items()
    )
    first = np.array([float(samples[i]["rms_disp_hold"][last]) for i in idx])
    aged = np.array([replays[i]["rms_disp_aged"] for i in idx])
    n = len(idx)
    out = {
        "samples": idx,
        "stops_kT": [float(kT[k]) for k in stops],
        "t_age": T_AGE,
        "replay_max_abs_diff": float(diff),  # sigma, replayed against cached hold displacements
        "com_shift_max": float(max(replays[i]["com_shift_max"] for i in idx)),  # sigma, over the replayed holds
        "last_kT": float(kT[last]),
        "rms_disp_first": float(first.mean()),
        "rms_disp_first_err": float(first.std(ddof=1) / np.sqrt(n)),
        "rms_disp_aged": float(aged.mean()),
        "rms_disp_aged_err": float(aged.std(ddof=1) / np.sqrt(n)),
    }
    d = first - aged
    out["first_minus_aged"], out["first_minus_aged_err"] = float(d.mean()), float(d.std(ddof=1) / np.sqrt(n))
    snaps = [(i, k, j, m) for i in idx for k in stops for j, m in enumerate(replays[i]["minimisers"][k])]
    out["n_snapshots"] = len(snaps)
    for name in ("fire", "cg"):
        cr = np.array([m[name]["crystalline"] for *_, m in snaps])
        full = np.array([m[name]["fraction"] > FULL_CRYSTAL for *_, m in snaps])
        e = np.array([m[name]["e_is"] for *_, m in snaps])
        out[name] = {
            "n_crystalline": int(cr.sum()),
            "n_full_crystal": int(full.sum()),
            "n_converged": int(sum(m[name]["converged"] for *_, m in snaps)),
            "e_is_glassy_median": float(np.median(e[~cr])),
        }
        out[name]["crystalline_fraction"], out[name]["crystalline_fraction_err"] = binomial(cr.sum(), cr.size)
        out[name]["full_crystal_fraction"], out[name]["full_crystal_fraction_err"] = binomial(full.sum(), full.size)
        by_stop = []
        for k in stops:
            c = [m[name]["crystalline"] for i_, k_, j_, m in snaps if k_ == k]
            by_stop.append(int(sum(c)))
        out[name]["n_crystalline_by_stop"] = by_stop
    fire = np.array([m["fire"]["crystalline"] for *_, m in snaps])
    cg = np.array([m["cg"]["crystalline"] for *_, m in snaps])
    out["both"], out["fire_only"], out["cg_only"] = (
        int((fire & cg).sum()),
        int((fire & ~cg).sum()),
        int((~fire & cg).sum()),
    )
    # paired difference of the crystalline fractions (same snapshots): (CG only - FIRE only) / n, with the
    # error of the discordant pairs sqrt(CG only + FIRE only) / n (McNemar)
    out["cg_minus_fire"] = (out["cg_only"] - out["fire_only"]) / len(snaps)
    out["cg_minus_fire_err"] = float(np.sqrt(out["cg_only"] + out["fire_only"])) / len(snaps)
    cached = np.array([bool(samples[i]["crystalline"][k, j]) for i, k, j, _ in snaps])
    out["fire_matches_cache"] = bool(np.array_equal(fire, cached))
    out["snapshots_per_stop"] = len(snaps) // len(stops)
    return out


def compute(samples, nu_edge, glass_e_is, series=SERIES_NAME, replays=None):
    """The Section 4 result (pure; inputs as :func:`load_inputs` reads them): ``samples`` of the liquid
    series, the window edge ``nu_edge`` (1/tau), ``glass_e_is``, per glass ensemble the accepted
    samples' inherent-structure energies per atom (epsilon), and ``replays`` (:func:`load_replays`; the
    checks of :func:`replay_summary`, left out when None)."""
    kT = np.asarray(samples[0]["kT"], dtype=float)
    spec = SERIES[series]
    t_hold = spec["protocol"].n_snapshots * spec["protocol"].t_hold
    c = [per_sample_counts(s, nu_edge, t_hold=t_hold) for s in samples]
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
        ("full_crystal_fraction", "full_crystal", "snapshots"),
        ("harmonic_msd", "harmonic_msd", "accepted"),
        ("e_is", "e_is", "accepted"),
        ("is_soft_per_atom", "is_soft_modes", "accepted_atoms"),
        ("is_soft_Nk", "is_soft_nk", "is_soft_modes"),
    ):
        stops[key], stops[f"{key}_err"] = ratio(num, den)
    # the harmonic rms displacement of the hold and its error (from that of the mean square)
    ms, ms_err = np.array(stops.pop("harmonic_msd")), np.array(stops.pop("harmonic_msd_err"))
    stops["rms_disp_harmonic"] = np.sqrt(ms).tolist()
    stops["rms_disp_harmonic_err"] = (ms_err / (2 * np.sqrt(ms))).tolist()
    stops["rms_disp_over_harmonic"] = (np.array(stops["rms_disp"]) / np.sqrt(ms)).tolist()
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
    # the inherent structures that are mostly crystal, pooled over stops: how far their e_IS lies
    # below the liquid's pooled e_IS of the others (epsilon per atom)
    frac = np.concatenate([np.asarray(x["crystallinity"], dtype=float).ravel() for x in samples])
    e_all = np.concatenate([np.asarray(x["e_is"], dtype=float).ravel() for x in samples])
    e_full = e_all[frac > FULL_CRYSTAL]
    return {
        "replay": replay_summary(replays, samples, kT) if replays else None,
        "full_crystal": FULL_CRYSTAL,
        "full_crystal_e_is_below": [float(e_liq - e_full.max()), float(e_liq - e_full.min())] if e_full.size else None,
        "crystalline_threshold": CRYSTALLINE_THRESHOLD,
        "cluster_threshold": CLUSTER_THRESHOLD,
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


def load_replays(series=SERIES_NAME, indices=REPLAY_SAMPLES, stops=REPLAY_STOPS, t_age=T_AGE):
    """Samples ``indices`` of the series replayed (:func:`replicate.glass.liquid_replay.replay`, the last
    stop aged by ``t_age``), and both minimisers from each snapshot of ``stops`` (about 3 minutes on one
    core): a dict by sample index for :func:`replay_summary`."""
    spec = SERIES[series]
    g = spec["protocol"].glass
    pot = g.potential()
    out = {}
    for i in indices:
        r = replay(spec["protocol"], spec["master_seed"], i, stops, t_age=t_age)
        out[i] = {
            "rms_disp_hold": r["rms_disp_hold"],
            "rms_disp_aged": r["rms_disp_aged"],
            "com_shift_max": max(r["com_shift_hold"].values()),
            "minimisers": {k: [compare_minimisers(p, g.box, pot, g.ftol) for p in r["snapshots"][k]] for k in stops},
        }
    return out


def load_inputs(series=SERIES_NAME):
    """The cached samples of the liquid series (made by ``python -m replicate.tools.caches``), the window
    edge nu_edge of the N = 500 glass ensemble, the inherent-structure energies of the glasses and the
    replayed samples (:func:`load_replays`)."""
    ens = load_figure_ensembles(GLASS_ENSEMBLES)
    return {
        "samples": load_series(series),
        "nu_edge": spectra.nu_T1_edge(ens[GLASS_ENSEMBLES[0]]),
        "glass_e_is": {name: e.scalars["e_is"][e.accepted] for name, e in ens.items()},
        "series": series,
        "replays": load_replays(series),
    }


def plot(result, samples):
    """(a) the instantaneous density of states at a few temperatures; (b) the unstable fraction and the
    soft-mode densities against kT; (c) the inherent structures' soft modes and (d) their energy against the
    temperature they were quenched from; (e) the fraction of unstable modes held within kT and (f) their
    N_k. One quantity per axis. Returns the figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    st = result["stops"]
    kT = np.array(st["kT"])
    fig, axes = plt.subplots(2, 3, figsize=(15, 8))
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

    # one quantity per axis (no twin axes); the freezing temperature dotted in every panel of kT
    def freezing(a):
        a.axvline(result["kT_freezing"], color="0.5", ls=":", lw=0.8)

    ax = axes[1, 0]
    ax.errorbar(
        kT,
        st["is_soft_per_atom"],
        st["is_soft_per_atom_err"],
        fmt="o-",
        ms=3,
        color="tab:green",
    )
    freezing(ax)
    ax.set_xlabel(r"$k_BT$ quenched from ($\epsilon$)")
    ax.set_ylabel(f"modes below nu_edge = {result['nu_soft']:.3f}, per atom")
    ax.set_title("(c) soft modes of the inherent structures", fontsize=9)

    ax = axes[1, 1]
    ax.errorbar(kT, st["e_is"], st["e_is_err"], fmt="s-", ms=3, color="tab:purple", label="quenched from kT")
    g = result["glasses"][GLASS_ENSEMBLES[0]]
    ax.axhspan(
        g["e_is"] - g["e_is_err"],
        g["e_is"] + g["e_is_err"],
        color="tab:purple",
        alpha=0.2,
        label="the Fig 5-6 glasses",
    )
    freezing(ax)
    ax.set_xlabel(r"$k_BT$ quenched from ($\epsilon$)")
    ax.set_ylabel(r"inherent-structure energy per atom ($\epsilon$)")
    ax.legend(fontsize=7, loc="upper right", framealpha=0.9)
    ax.set_title("(d) energy of the inherent structures", fontsize=9)

    ax = axes[0, 2]
    ax.errorbar(kT, st["held_fraction"], st["held_fraction_err"], fmt="o-", ms=3, color="tab:blue")
    ax.set_xscale("log")
    ax.set_ylim(0, None)
    freezing(ax)
    ax.set_xlabel(r"$k_BT$ ($\epsilon$)")
    ax.set_ylabel(f"unstable modes with barrier eta'^2/4 < {result['barrier_kT']:g} kT")
    ax.set_title("(e) unstable modes held by the quartic term (eqn 24)", fontsize=9)

    ax = axes[1, 2]
    ax.errorbar(kT, st["Nk_unstable"], st["Nk_unstable_err"], fmt="s-", ms=3, color="tab:red")
    ax.set_xscale("log")
    ax.set_ylim(0, None)
    freezing(ax)
    ax.set_xlabel(r"$k_BT$ ($\epsilon$)")
    ax.set_ylabel("mean N_k of the unstable modes (eqn 2)")
    ax.set_title("(f) size of the unstable modes", fontsize=9)
    fig.tight_layout()
    return fig


def main(argv=None):
    result, inputs = run_item(NAME, __doc__, load_inputs, compute, lambda r, i: plot(r, i["samples"]), argv)
    st = result["stops"]
    for k, kT in enumerate(st["kT"]):
        print(
            f"sec4_liquid kT {kT:5.2f}: f_u {st['f_unstable'][k]:.4f} +/- {st['f_unstable_err'][k]:.4f}, "
            f"N_k(unstable) {st['Nk_unstable'][k]:.0f}, held {st['held_fraction'][k]:.2f}, "
            f"IS soft/atom {st['is_soft_per_atom'][k]:.4f}, crystallised {st['crystallised_fraction'][k]:.2f}, "
            f"rms {st['rms_disp'][k]:.3f} (harmonic {st['rms_disp_harmonic'][k]:.3f})"
        )
    r = result["replay"]
    print(
        f"sec4_liquid replay: hold rms at kT {r['last_kT']:g} {r['rms_disp_first']:.3f} +/- {r['rms_disp_first_err']:.3f}, "
        f"after {r['t_age']:g} tau {r['rms_disp_aged']:.3f} +/- {r['rms_disp_aged_err']:.3f}; crystalline FIRE "
        f"{r['fire']['n_crystalline']}/{r['n_snapshots']}, CG {r['cg']['n_crystalline']}/{r['n_snapshots']} "
        f"(full crystals {r['fire']['n_full_crystal']}, {r['cg']['n_full_crystal']}); replay diff {r['replay_max_abs_diff']:.1e}"
    )


if __name__ == "__main__":
    run(main)
