"""The density of states of the soft modes below the lowest phonon band: g(nu) ~ nu^beta, and A_4.

``python -m replicate.dos_exponent`` reads the Fig 5-6 glass ensembles at N = 500 and 1000, both quench
rates, and the glasses of the finite-size series (:mod:`replicate.glass.size_series`, N = 500 up to the
largest size with crystallinity references, judged by the series' criterion), and writes
``data/results/dos_exponent.json`` and ``figures/dos_exponent.png/.pdf``. Reduced units: nu in 1/tau
(nu = omega / 2 pi); g(nu) counts modes per atom per unit nu.

Convention. g(nu) = A_4 nu^4 per atom per unit nu, so the number of modes per atom below nu_0 is
A_4 nu_0^5 / 5. Written in omega the same density is g(omega) = A_4^omega omega^4 per unit omega with
A_4^omega = A_4 / (2 pi)^5: (2 pi)^4 from nu^4 = omega^4 / (2 pi)^4 and one 2 pi from d nu = d omega / 2 pi.
Every A_4 here is the one in nu.

Three windows, each with its reason:

* nu < nu_edge, the lower edge of the lowest transverse plane-wave band of each box (the Fig 6 window,
  :func:`replicate.glass.spectra.nu_T1_edge`: 10 % of that band's weight lies below it). It moves with N.
* nu < NU_BETA, one window in frequency at every N, for beta against N.
* nu < NU_0, below the band of every box, for A_4 from counts:
  A_4 = n(nu < nu_0) / (N S nu_0^5 / 5) over S glasses of N atoms, with the Poisson error sqrt(n) of the
  count. Whether A_4 is intensive: the chi^2 of the per-size counts against one pooled A_4, and the slope
  s of A_4 ~ N^s from a Poisson maximum-likelihood fit.

For g ~ nu^beta on (0, nu_max] the maximum-likelihood exponent of the n pooled frequencies is

    beta + 1 = n / sum_i ln(nu_max / nu_i),

with a jackknife error over glasses; a fit on fewer than MIN_MODES_FIT modes is not made. The phonon
content of a window is the summed weight w_T of the 12 lowest transverse standing waves of the box on its
modes (w_T sums to 12 over all modes, so the sum is a number of phonons); the same fit with each mode
weighted by 1 - w_T (its share outside that band) is the control for a phonon tail.

Literature (full references in REFERENCES): omega^4 below the phonon band in large computer glasses,
Lerner, Duering and Bouchbinder (2016); beta near 3 in small instantly quenched glasses, Lerner and
Bouchbinder (2017); those beta < 4 a finite-size effect, omega^4 in larger boxes made the same way,
Lerner (2020); non-phononic modes counted as an excess over Debye's phonons, Lerner, Moriel and
Bouchbinder (2024).
"""

import numpy as np
from scipy import stats

from .core.cli import run
from .core.registry import command
from .core.results import run_item
from .glass import spectra
from .glass.ensemble import ENSEMBLES, figure_provenance, load_figure_ensembles
from .glass.prepare import DENSE_MODES_MAX_ATOMS
from .glass.size_series import CORE_SIZES, SAMPLES, judged_glasses, spec
from .glass.spectra import jackknife

NAME = "dos_exponent"
COMMAND = command(NAME)
PAIRS = {500: ("N500_rc2.5", "N500_fastq"), 1000: ("N1000_rc2.5", "N1000_fastq")}  # (slow, fast) quench
BETA_MODEL = 4.0  # soft-potential model (eqn 8 issue) and Lerner, Duering and Bouchbinder (2016)
# a second, lower window nu < WINDOW_CHECK nu_edge: the tail of the phonon band just below nu_edge
# would make the exponent depend on where the window ends
WINDOW_CHECK = 0.7
Z_RESOLVED = 2.0
# A_4 from counts below NU_0 (1/tau): below nu_edge of every box of the series (the lowest, 0.0405 at
# N = 32,000) and so below every box's lowest transverse phonon nu_T1 (0.044 there); the phonon content of
# the modes below it stays near a tenth or less at every N (phonon_share_nu0 in the result). Lower costs
# counts: at N = 500, 2 modes in 87 glasses lie below it.
NU_0 = 0.035
# beta in one window at every N: just below nu_edge = 0.0590 of N = 8000, so the window lies below the
# band edge of every box up to N = 8000, and holds at least MIN_MODES_FIT modes at every size; at
# N = 16,000 and 32,000 it crosses the band (fixed_below_band false, phonon_share_fixed in the result)
NU_BETA = 0.058
# no fit on fewer modes: the maximum-likelihood (beta + 1) is biased by a factor n/(n - 1) and its error is
# (beta + 1)/sqrt(n); the bias stays under a quarter of the error from n = 18 on (20 rounds that up), and
# the error (1.1 for beta = 4 at n = 20) is already as large as the distance between 3 and 4
MIN_MODES_FIT = 20
# one A_4 for every N is rejected when the chi^2 of the counts has a probability below this
P_CONSISTENT = 0.05
N_REF = 4000  # atoms: A_4 of the power-law fit A_4 (N / N_REF)^s is quoted at the middle of the series
T_WAVES = 12  # transverse standing waves of the lowest shell (k = 2 pi/L): w_T sums to 12 over all modes
REFERENCES = {
    "ldb2016": "E. Lerner, D. Duering and E. Bouchbinder, Phys. Rev. Lett. 117, 035501 (2016), "
    "doi:10.1103/PhysRevLett.117.035501",
    "lb2017": "E. Lerner and E. Bouchbinder, Phys. Rev. E 96, 020104(R) (2017), doi:10.1103/PhysRevE.96.020104",
    "l2020": "E. Lerner, Phys. Rev. E 101, 032120 (2020), doi:10.1103/PhysRevE.101.032120",
    "lmb2024": "E. Lerner, A. Moriel and E. Bouchbinder, arXiv:2404.12735 (2024)",
}


def beta_mle(frequencies, nu_max):
    """Maximum-likelihood exponent beta of g ~ nu^beta on (0, nu_max] from the pooled frequencies:
    beta + 1 = n / sum_i ln(nu_max / nu_i) (nu in 1/tau)."""
    nu = np.asarray(frequencies, dtype=float)
    if nu.size == 0 or np.any(nu <= 0) or np.any(nu > nu_max):
        raise ValueError("frequencies must lie in (0, nu_max]")
    return nu.size / np.sum(np.log(nu_max / nu)) - 1.0


def beta_mle_weighted(frequencies, weights, nu_max):
    """The weighted maximum-likelihood exponent: beta + 1 = sum_i w_i / sum_i w_i ln(nu_max / nu_i).

    With w_i = 1 - w_T,i, the share of mode i outside the lowest transverse plane-wave band, it is the
    exponent of the non-phononic part of the modes (the phonon weight removed mode by mode); with w_i = 1
    it is :func:`beta_mle`. Frequencies in 1/tau, weights dimensionless in [0, 1].
    """
    nu = np.asarray(frequencies, dtype=float)
    w = np.asarray(weights, dtype=float)
    if nu.size == 0 or np.any(nu <= 0) or np.any(nu > nu_max):
        raise ValueError("frequencies must lie in (0, nu_max]")
    if w.shape != nu.shape or np.any(w < 0) or w.sum() <= 0:
        raise ValueError("one non-negative weight per frequency, not all zero")
    return w.sum() / np.sum(w * np.log(nu_max / nu)) - 1.0


def fit_beta(frequencies, nu_max, weights=None):
    """beta on (0, nu_max] from per-glass spectra with its jackknife error over glasses, and the number of
    modes; ``(None, None, n)`` when n < :data:`MIN_MODES_FIT`. ``weights`` (per-glass arrays beside the
    frequencies) selects :func:`beta_mle_weighted`."""
    freqs = [np.asarray(f, dtype=float) for f in frequencies]
    keep = [f < nu_max for f in freqs]
    low = [f[k] for f, k in zip(freqs, keep)]
    n = int(sum(x.size for x in low))
    if n < MIN_MODES_FIT:
        return None, None, n
    if weights is None:
        b, err = jackknife(low, lambda s: beta_mle(np.concatenate(s), nu_max))
    else:
        pairs = [(f[k], np.asarray(w, dtype=float)[k]) for f, w, k in zip(freqs, weights, keep)]
        b, err = jackknife(
            pairs,
            lambda s: beta_mle_weighted(np.concatenate([p[0] for p in s]), np.concatenate([p[1] for p in s]), nu_max),
        )
    return b, err, n


def a4_from_count(n_modes, n_atoms, n_glasses, nu_0):
    """A_4 of g = A_4 nu^4 per atom per unit nu from the count of modes below nu_0 (1/tau):
    A_4 = n / (N S nu_0^5 / 5), with the Poisson error sqrt(n) of the count (that of one count when n = 0).
    Returns (A_4, error) in (1/tau)^-5."""
    exposure = n_atoms * n_glasses * nu_0**5 / 5.0
    return n_modes / exposure, float(np.sqrt(max(n_modes, 1))) / exposure


def a4_consistency(counts, exposures):
    """One A_4 for all sizes: the pooled A = sum n / sum E (E = N S nu_0^5 / 5) with its Poisson error
    sqrt(sum n) / sum E, and Pearson's chi^2 = sum (n - A E)^2 / (A E) of the counts against it, its
    k - 1 degrees of freedom and probability. Returns a dict."""
    n = np.asarray(counts, dtype=float)
    e = np.asarray(exposures, dtype=float)
    a = n.sum() / e.sum()
    chi2 = float(np.sum((n - a * e) ** 2 / (a * e)))
    dof = n.size - 1
    return {
        "A4": float(a),
        "A4_err": float(np.sqrt(n.sum()) / e.sum()),
        "chi2": chi2,
        "dof": dof,
        "p_value": float(stats.chi2.sf(chi2, dof)),
    }


def a4_power_fit(counts, exposures, n_atoms, n_ref=N_REF):
    """Poisson maximum-likelihood fit of the counts n_k ~ Poisson(E_k A (N_k / n_ref)^s): A_4 at n_ref
    atoms and the slope s = d ln A_4 / d ln N, each with its error from the inverse Fisher information
    (Newton's method from s = 0). An intensive A_4 has s = 0. Returns (A, A_err, s, s_err)."""
    n = np.asarray(counts, dtype=float)
    e = np.asarray(exposures, dtype=float)
    x = np.log(np.asarray(n_atoms, dtype=float) / n_ref)
    design = np.stack([np.ones_like(x), x], axis=1)
    theta = np.array([np.log(n.sum() / e.sum()), 0.0])
    for _ in range(100):
        mu = e * np.exp(design @ theta)
        fisher = design.T @ (mu[:, None] * design)
        step = np.linalg.solve(fisher, design.T @ (n - mu))
        theta = theta + step
        if np.max(np.abs(step)) < 1e-12:
            break
    mu = e * np.exp(design @ theta)
    cov = np.linalg.inv(design.T @ (mu[:, None] * design))
    a = float(np.exp(theta[0]))
    return a, a * float(np.sqrt(cov[0, 0])), float(theta[1]), float(np.sqrt(cov[1, 1]))


def weighted_mean_chi2(values, errors):
    """Inverse-variance mean of ``values``, its error, and the chi^2 of the values about it with its
    degrees of freedom and probability (one common value for all)."""
    v = np.asarray(values, dtype=float)
    w = 1.0 / np.asarray(errors, dtype=float) ** 2
    m = float(np.sum(w * v) / w.sum())
    chi2 = float(np.sum(w * (v - m) ** 2))
    dof = v.size - 1
    return {
        "mean": m,
        "err": float(w.sum() ** -0.5),
        "chi2": chi2,
        "dof": dof,
        "p_value": float(stats.chi2.sf(chi2, dof)),
    }


def transverse_phonon_counts(x):
    """Transverse plane waves of a periodic cube below nu = x nu_T1 (nu_T1 = c_T/L, the lowest): the
    discrete count 2 #{n in Z^3, n != 0, |n| < x} (two polarisations; n and -n give the cosine and the
    sine wave) and Debye's continuum 2 (4 pi / 3) x^3 of the same sound speed. Returns (discrete, debye)."""
    m = int(np.ceil(x))
    g = np.arange(-m, m + 1)
    n2 = g[:, None, None] ** 2 + g[None, :, None] ** 2 + g[None, None, :] ** 2
    return int(2 * np.count_nonzero((n2 > 0) & (n2 < x * x))), float(2.0 * 4.0 * np.pi / 3.0 * x**3)


def _z(value, err, target):
    return None if value is None else (value - target) / err


def ensemble_summary(frequencies, nu_edge, n_atoms, w_T=None, box=None):
    """beta and A_4 of one ensemble (pure): ``frequencies`` the accepted glasses' spectra (1/tau), ``w_T``
    their transverse plane-wave weights (for the phonon content; optional), ``box`` the edge L (sigma)."""
    freqs = [np.asarray(f, dtype=float) for f in frequencies]
    s = len(freqs)
    low = [f[f < nu_edge] for f in freqs]
    n_modes = int(sum(x.size for x in low))
    beta, beta_err, _ = fit_beta(freqs, nu_edge)
    beta_c, beta_c_err, n_c = fit_beta(freqs, WINDOW_CHECK * nu_edge)
    a4, a4_err = jackknife(low, lambda x: 5.0 * sum(y.size for y in x) / (n_atoms * len(x) * nu_edge**5))
    beta_f, beta_f_err, n_f = fit_beta(freqs, NU_BETA)
    n_0 = int(sum(np.count_nonzero(f < NU_0) for f in freqs))
    a4_c, a4_c_err = a4_from_count(n_0, n_atoms, s, NU_0)
    out = {
        "beta_lower_window": beta_c,
        "beta_lower_window_err": beta_c_err,
        "n_modes_lower_window": n_c,
        "n_atoms": n_atoms,
        "n_samples": s,
        "n_modes": n_modes,
        "nu_edge": float(nu_edge),
        "beta": beta,
        "beta_err": beta_err,
        "z_beta_model": _z(beta, beta_err, BETA_MODEL),
        "z_beta_3": _z(beta, beta_err, 3.0),
        # 3 and 4 lie more than Z_RESOLVED errors apart only when the error is below 1 / Z_RESOLVED
        "tells_3_from_4": bool(beta_err is not None and Z_RESOLVED * beta_err < 1.0),
        "A4": a4,
        "A4_err": a4_err,
        "n_modes_fixed": n_f,
        "beta_fixed": beta_f,
        "beta_fixed_err": beta_f_err,
        "z_beta_fixed_model": _z(beta_f, beta_f_err, BETA_MODEL),
        "fixed_below_band": bool(NU_BETA < nu_edge),
        "n_below_nu0": n_0,
        "A4_count": a4_c,
        "A4_count_err": a4_c_err,
        "exposure_nu0": n_atoms * s * NU_0**5 / 5.0,
        "nu0_below_band": bool(NU_0 < nu_edge),
        # the highest frequency every glass still resolves (the largest boxes keep their lowest modes only)
        "nu_stored_max": float(min(f.max() for f in freqs)),
    }
    if w_T is not None:
        wts = [np.asarray(w, dtype=float) for w in w_T]
        nu_t1 = spectra.pooled_weighted_median(freqs, wts)

        def phonons(nu_max):
            return float(sum(w[f < nu_max].sum() for f, w in zip(freqs, wts)))

        def share(nu_max, count):
            return phonons(nu_max) / count if count else None

        # a mode's share outside the band, clipped at 0: the 12 plane waves of a disordered box are
        # orthogonal only to O(N^-1/2), so one mode's w_T could exceed 1 (the largest in the caches is 0.82)
        outside = [np.clip(1.0 - w, 0.0, None) for w in wts]
        beta_np, beta_np_err, _ = fit_beta(freqs, nu_edge, weights=outside)
        beta_fnp, beta_fnp_err, _ = fit_beta(freqs, NU_BETA, weights=outside)
        out.update(
            nu_T1=nu_t1,
            w_T_captured=float(np.mean([w.sum() for w in wts]) / T_WAVES),
            nu_edge_over_nu_T1=float(nu_edge) / nu_t1,
            nu0_below_nu_T1=bool(NU_0 < nu_t1),
            phonons_per_glass=phonons(nu_edge) / s,
            phonon_share=share(nu_edge, n_modes),
            phonon_share_fixed=share(NU_BETA, n_f),
            phonon_share_nu0=share(NU_0, n_0),
            beta_nonphonon=beta_np,
            beta_nonphonon_err=beta_np_err,
            beta_fixed_nonphonon=beta_fnp,
            beta_fixed_nonphonon_err=beta_fnp_err,
        )
        if box is not None:
            out.update(box=float(box), c_T=nu_t1 * float(box))
    out["z_beta_nonphonon_model"] = _z(out.get("beta_nonphonon"), out.get("beta_nonphonon_err"), BETA_MODEL)
    # omega^4 is claimed only from a fit that can tell 3 from 4 and lies within Z_RESOLVED errors of 4,
    # with and without the phonon weight of its window
    out["consistent_with_model"] = bool(
        beta is not None
        and out["tells_3_from_4"]
        and abs(out["z_beta_model"]) <= Z_RESOLVED
        and (out["z_beta_nonphonon_model"] is None or abs(out["z_beta_nonphonon_model"]) <= Z_RESOLVED)
    )
    return out


def compute(spectra_by_name, nu_edges, n_atoms, provenance=None, series=None, w_T_by_name=None, boxes=None):
    """The result (pure): per ensemble beta and A_4, per size the quench-rate ratio of A_4; per size of
    the finite-size series (``series``: by N, a dict of the accepted glasses' ``frequencies``, ``nu_edge``
    and ``rejected``, and optionally their ``w_T`` and the ``box``) beta and A_4 with the same window rules;
    A_4 from counts below NU_0 across the series (one A_4 for all N, and its slope in N); beta in the fixed
    window NU_BETA against N."""
    w_T_by_name = w_T_by_name or {}
    boxes = boxes or {}
    ens = {
        name: ensemble_summary(
            spectra_by_name[name], nu_edges[name], n_atoms[name], w_T_by_name.get(name), boxes.get(name)
        )
        for name in spectra_by_name
    }
    by_size = {
        str(n): dict(
            ensemble_summary(d["frequencies"], d["nu_edge"], int(n), d.get("w_T"), d.get("box")),
            rejected=int(d["rejected"]),
        )
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
            "nu_edge_ratio_fast_over_slow": b["nu_edge"] / a["nu_edge"],
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
    # the same ratio from counts below NU_0 (Poisson errors of both counts)
    r = s10["A4_count"] / s5["A4_count"]
    sizes["A4_count_ratio_1000_over_500"] = r
    sizes["A4_count_ratio_err"] = r * float(np.sqrt(1.0 / max(s5["n_below_nu0"], 1) + 1.0 / max(s10["n_below_nu0"], 1)))
    sizes["A4_count_same"] = bool(abs(r - 1.0) <= Z_RESOLVED * sizes["A4_count_ratio_err"])
    counts = None
    if len(by_size) >= 2:
        rows = list(by_size.values())
        n = [x["n_below_nu0"] for x in rows]
        e = [x["exposure_nu0"] for x in rows]
        counts = a4_consistency(n, e)
        a, a_err, slope, slope_err = a4_power_fit(n, e, [x["n_atoms"] for x in rows])
        counts.update(
            A4_at_n_ref=a,
            A4_at_n_ref_err=a_err,
            slope=slope,
            slope_err=slope_err,
            n_ref=N_REF,
            all_below_band=all(x["nu0_below_band"] for x in rows),
            all_below_nu_T1=all(x.get("nu0_below_nu_T1", True) for x in rows),
            max_phonon_share=max(
                (x["phonon_share_nu0"] for x in rows if x.get("phonon_share_nu0") is not None), default=None
            ),
            slope_resolved=bool(abs(slope) > Z_RESOLVED * slope_err),
            # the largest change of A_4 across the series the slope still allows at Z_RESOLVED errors
            drift_allowed=float(
                (max(x["n_atoms"] for x in rows) / min(x["n_atoms"] for x in rows)) ** (Z_RESOLVED * slope_err)
            ),
        )
        counts["intensive"] = bool(counts["p_value"] >= P_CONSISTENT and not counts["slope_resolved"])
        clean = [x for x in rows if x["fixed_below_band"] and x["beta_fixed"] is not None]
        if len(clean) >= 2:
            fixed = weighted_mean_chi2([x["beta_fixed"] for x in clean], [x["beta_fixed_err"] for x in clean])
            fixed["sizes"] = [x["n_atoms"] for x in clean]
            fixed["z_model"] = (fixed["mean"] - BETA_MODEL) / fixed["err"]
            fixed["below_model"] = [x["n_atoms"] for x in clean if x["z_beta_fixed_model"] < -Z_RESOLVED]
            fixed["consistent_with_model"] = [x["n_atoms"] for x in clean if abs(x["z_beta_fixed_model"]) <= Z_RESOLVED]
            fixed["above_model"] = [x["n_atoms"] for x in clean if x["z_beta_fixed_model"] > Z_RESOLVED]
            shifts = [
                abs(x["beta_fixed"] - x["beta_fixed_nonphonon"]) / x["beta_fixed_err"]
                for x in clean
                if x.get("beta_fixed_nonphonon") is not None
            ]
            fixed["max_phonon_shift_in_errors"] = max(shifts) if shifts else None
            fixed["crossing_band"] = [x["n_atoms"] for x in rows if not x["fixed_below_band"]]
            fixed["same"] = bool(fixed["p_value"] >= P_CONSISTENT)
            counts_fixed = fixed
        else:
            counts_fixed = None
    else:
        counts_fixed = None
    debye = None
    if by_size and "nu_T1" in list(by_size.values())[-1]:
        # Debye's excess (Lerner, Moriel and Bouchbinder 2024) at the largest box: how far its discrete
        # plane waves are from the continuum at the highest frequency every glass resolves
        last = list(by_size.values())[-1]
        x = last["nu_stored_max"] / last["nu_T1"]
        discrete, continuum = transverse_phonon_counts(x)
        modes = sum(
            np.count_nonzero(np.asarray(f) < last["nu_stored_max"]) for f in series[max(series, key=int)]["frequencies"]
        )
        debye = {
            "n_atoms": last["n_atoms"],
            "x": x,
            "discrete": discrete,
            "debye": continuum,
            "modes_per_glass": modes / last["n_samples"],
        }
    params, seeds = provenance if provenance is not None else ({}, {})
    return {
        "debye_check": debye,
        "values": {},
        "ensembles": ens,
        "series": by_size,
        "quench": quench,
        "sizes": sizes,
        "a4_counts": counts,
        "beta_fixed_window": counts_fixed,
        "beta_model": BETA_MODEL,
        "window_check": WINDOW_CHECK,
        "z_resolved": Z_RESOLVED,
        "nu_0": NU_0,
        "nu_beta": NU_BETA,
        "min_modes_fit": MIN_MODES_FIT,
        "p_consistent": P_CONSISTENT,
        "a4_omega_factor": (2.0 * np.pi) ** 5,
        "t_waves": T_WAVES,
        "dense_max_atoms": DENSE_MODES_MAX_ATOMS,
        "references": dict(REFERENCES),
        "parameters": params,
        "seeds": seeds,
    }


def load_inputs():
    """The accepted spectra, plane-wave weights, window edges, box edges and sizes of the four ensembles,
    and those of the finite-size series (all its glasses at each size whose crystallinity references are
    cached)."""
    names = tuple(name for pair in PAIRS.values() for name in pair)
    loaded = load_figure_ensembles(names)
    series = {}
    for n in CORE_SIZES:
        judged = judged_glasses(n, SAMPLES[n])
        edge = spectra.pooled_weighted_quantile(judged["frequencies"], judged["w_T"], spectra.WINDOW_QUANTILE)
        series[n] = {
            "frequencies": judged["frequencies"],
            "w_T": judged["w_T"],
            "nu_edge": edge,
            "rejected": judged["rejected"],
            "box": spec(n)["protocol"].box,
        }
    return {
        "spectra_by_name": {n: e.frequencies for n, e in loaded.items()},
        "w_T_by_name": {n: e.w_T for n, e in loaded.items()},
        "nu_edges": {n: spectra.nu_T1_edge(e) for n, e in loaded.items()},
        "n_atoms": {n: e.n_atoms for n, e in loaded.items()},
        "boxes": {n: ENSEMBLES[n]["protocol"].box for n in loaded},
        "provenance": figure_provenance(loaded),
        "series": series,
    }


def plot(result, inputs):
    """(a) Cumulative number of modes per atom below nu (log-log) for the four ensembles, with the nu^5
    of g ~ nu^4; (b) beta against N in each box's window nu < nu_edge and in the fixed window nu < NU_BETA;
    (c) A_4 against N from counts below NU_0 (Poisson errors), beside A_4 with beta fixed at 4 over
    nu < nu_edge. Returns the figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    fig, (ax, bx, cx) = plt.subplots(1, 3, figsize=(14, 4.5))
    for name, s in result["ensembles"].items():
        nu = np.sort(np.concatenate([np.asarray(f, dtype=float) for f in inputs["spectra_by_name"][name]]))
        nu = nu[nu < s["nu_edge"]]
        cum = np.arange(1, nu.size + 1) / (s["n_atoms"] * s["n_samples"])
        ax.step(nu, cum, where="post", label=f"{name}: delta = {s['beta']:.1f} +/- {s['beta_err']:.1f}")
    if result["a4_counts"] is not None:
        x = np.geomspace(0.015, 0.14, 20)
        a4 = result["a4_counts"]["A4"]
        ax.plot(x, a4 * x**5 / 5, "k--", lw=0.8, label=r"$A_4 \nu^5/5$, $A_4$ from counts below $\nu_0$ (series)")
    ax.axvline(result["nu_0"], color="0.5", lw=0.8, ls=":")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    ax.set_xticks([0.02, result["nu_0"], 0.05, 0.1])
    ax.set_xticklabels(["0.02", r"$\nu_0$", "0.05", "0.1"])
    ax.set_xlabel(r"$\nu$ ($1/\tau$), below each box's $\nu_{edge}$")
    ax.set_ylabel("modes per atom below nu")
    ax.set_title("(a) cumulative density of states", fontsize=9)
    ax.legend(fontsize=6)

    rows = list(result["series"].values())
    ns = np.array([r["n_atoms"] for r in rows], dtype=float)
    for key, err, label, shift, marker in (
        ("beta", "beta_err", r"$\nu < \nu_{edge}$ of each box", 0.95, "o"),
        ("beta_fixed", "beta_fixed_err", rf"$\nu < {result['nu_beta']:g}$ (same window)", 1.05, "s"),
    ):
        for r, n in zip(rows, ns):
            if r[key] is None:
                continue
            clean = key == "beta" or r["fixed_below_band"]
            bx.errorbar(
                n * shift,
                r[key],
                yerr=r[err],
                fmt=marker,
                color="C0" if key == "beta" else "C1",
                mfc=None if clean else "white",
                ms=5,
                capsize=2,
                label=label,
            )
            label = None
    bx.axhline(4.0, color="k", lw=0.8, ls="--")
    bx.axhline(3.0, color="0.6", lw=0.8, ls=":")
    bx.set_xscale("log")
    bx.set_xlabel("N (atoms)")
    bx.set_ylabel(r"$\delta$ of $g \sim \nu^\delta$")
    bx.set_title(
        f"(b) delta against N (fits on >= {result['min_modes_fit']} modes;\nopen: fixed window crosses the band)",
        fontsize=9,
    )
    bx.legend(fontsize=7)

    a4c = np.array([r["A4_count"] for r in rows])
    a4e = np.array([r["A4_count_err"] for r in rows])
    cx.errorbar(ns, a4c, yerr=a4e, fmt="o", color="C2", capsize=2, label=rf"counts below $\nu_0$ = {result['nu_0']:g}")
    cx.errorbar(
        ns * 1.05,
        [r["A4"] for r in rows],
        yerr=[r["A4_err"] for r in rows],
        fmt="x",
        color="0.5",
        capsize=2,
        label=r"delta fixed at 4 over $\nu < \nu_{edge}$",
    )
    c = result["a4_counts"]
    if c is not None:
        cx.axhspan(c["A4"] - c["A4_err"], c["A4"] + c["A4_err"], color="C2", alpha=0.15, label="one A_4 for all N")
        grid = np.geomspace(ns.min(), ns.max(), 20)
        cx.plot(
            grid,
            c["A4_at_n_ref"] * (grid / c["n_ref"]) ** c["slope"],
            "C2--",
            lw=0.8,
            label=f"A_4 ~ N^s, s = {c['slope']:.2f} +/- {c['slope_err']:.2f}",
        )
    cx.set_xscale("log")
    cx.set_yscale("log")
    cx.set_xlabel("N (atoms)")
    cx.set_ylabel(r"$A_4$ ($(1/\tau)^{-5}$ per atom), $g = A_4 \nu^4$")
    cx.set_title("(c) A_4 against N (Poisson errors of the counts)", fontsize=9)
    cx.legend(fontsize=7)
    fig.tight_layout()
    return fig


def _fmt(x, spec="{:.2f}"):
    return "-" if x is None else spec.format(x)


def main(argv=None):
    result, inputs = run_item(NAME, __doc__, load_inputs, compute, plot, argv)
    for name, s in result["ensembles"].items():
        print(
            f"dos_exponent {name}: beta {s['beta']:.2f} +/- {s['beta_err']:.2f} ({s['n_modes']} modes), A_4 {s['A4']:.3g} +/- {s['A4_err']:.2g}"
        )
    for n, q in result["quench"].items():
        print(f"dos_exponent N = {n}: A_4 fast/slow {q['A4_ratio_fast_over_slow']:.2f} +/- {q['A4_ratio_err']:.2f}")
    for n, s in result["series"].items():
        print(
            f"dos_exponent series N = {n}: n(nu < {NU_0:g}) = {s['n_below_nu0']}, A_4 {s['A4_count']:.3g} +/- {s['A4_count_err']:.2g};"
            f" beta(nu < {NU_BETA:g}) {_fmt(s['beta_fixed'])} +/- {_fmt(s['beta_fixed_err'])} ({s['n_modes_fixed']} modes)"
        )
    c = result["a4_counts"]
    if c is not None:
        print(
            f"dos_exponent A_4 counts: pooled {c['A4']:.3g} +/- {c['A4_err']:.2g}, chi2 {c['chi2']:.1f} / {c['dof']}"
            f" (p {c['p_value']:.2f}), slope {c['slope']:.2f} +/- {c['slope_err']:.2f}"
        )


if __name__ == "__main__":
    run(main)
