"""Ensemble statistics of the vibrational spectra: DOS, p(nu), low-frequency window, errors.

Frequencies nu in 1/tau, participation ratios p = N_k/N (eqn 2, dimensionless), N_k in atoms.
Modes of one sample are correlated (they share a structure), so every statistical error is a
jackknife over samples: for a pooled mean theta = sum_k S_k / sum_k C_k (S_k the sum and C_k the
count of sample k's modes in a selection), theta_(-k) leaves sample k out and
err^2 = (n-1)/n sum_k (theta_(-k) - mean(theta_(-k)))^2.

The low-frequency window is set by the lowest plane waves of the box. Each sample stores the
weights w_T of the 12 transverse standing waves with k = 2 pi/L on its modes
(:func:`replicate.glass.prepare.plane_wave_weights`); pooled over the ensemble, their weighted median
frequency is nu_T1 = c_T/L, the lowest transverse phonon of the box (c_T the transverse sound speed).
At N = 500-1000 disorder broadens that shell strongly (about 20-25 modes per sample lie below
nu_T1, with p ~ 0.4, i.e. phonon-like), so nu < nu_T1 is not below the plane waves. The low-frequency window is therefore nu < nu_edge, the lower edge of the lowest
transverse band, defined as the frequency below which 10 % of its pooled spectral weight lies
(:data:`WINDOW_QUANTILE`); modes there carry little plane-wave character. The statistics below
nu_T1 and of the lowest mode of every sample are reported alongside.
"""

import numpy as np

from ..core.errors import ParameterError
from .quantiles import weighted_quantile

EXTENDED_P = 0.2  # p above which a mode counts as extended (Fig 5)
WINDOW_QUANTILE = 0.1  # the low-frequency window ends where 10 % of the lowest plane-wave weight lies below


def pooled_weighted_quantile(values, weights, q):
    """Weighted quantile ``q`` (0..1) of the concatenated per-sample arrays.

    Parameters
    ----------
    values : list of ndarray of float, shapes (M_k,)
        Per-sample values (e.g. frequencies, 1/tau).
    weights : list of ndarray of float, shapes (M_k,)
        Per-sample non-negative weights.
    q : float
        Quantile, 0 <= q <= 1.

    Returns
    -------
    float
        :func:`replicate.glass.quantiles.weighted_quantile` of the pooled values (stable sort; unit of
        the values).
    """
    return weighted_quantile(np.concatenate(values), np.concatenate(weights), q, kind="stable")


def pooled_weighted_median(values, weights):
    """Weighted median of the concatenated per-sample arrays.

    Parameters
    ----------
    values, weights : list of ndarray of float, shapes (M_k,)
        Per-sample values and non-negative weights.

    Returns
    -------
    float
        :func:`pooled_weighted_quantile` at q = 1/2 (unit of the values).
    """
    return pooled_weighted_quantile(values, weights, 0.5)


def nu_T1(ens):
    """Lowest transverse plane-wave frequency of the box, pooled over the ensemble.

    Parameters
    ----------
    ens : replicate.glass.ensemble.Ensemble
        Loaded ensemble (accepted samples).

    Returns
    -------
    float
        nu_T1 (1/tau): the weighted median frequency of the transverse weights w_T.
    """
    return pooled_weighted_median(ens.frequencies, ens.w_T)


def nu_T1_edge(ens, q=WINDOW_QUANTILE):
    """Lower edge of the lowest transverse plane-wave band.

    Parameters
    ----------
    ens : replicate.glass.ensemble.Ensemble
        Loaded ensemble (accepted samples).
    q : float
        Fraction of the pooled spectral weight of the 12 lowest transverse standing waves.

    Returns
    -------
    float
        The frequency (1/tau) below which the fraction ``q`` of that weight lies.
    """
    return pooled_weighted_quantile(ens.frequencies, ens.w_T, q)


def nu_L1(ens):
    """Lowest longitudinal plane-wave frequency of the box, pooled over the ensemble.

    Parameters
    ----------
    ens : replicate.glass.ensemble.Ensemble
        Loaded ensemble (accepted samples).

    Returns
    -------
    float
        nu_L1 (1/tau): the weighted median frequency of the longitudinal weights w_L.
    """
    return pooled_weighted_median(ens.frequencies, ens.w_L)


def jackknife_ratio(sums, counts):
    """Pooled mean sum(S)/sum(C) and its jackknife error over samples; (nan, nan) if empty.

    The error is NaN when fewer than two samples contribute modes: no spread over samples can be
    estimated then.

    Parameters
    ----------
    sums : array_like of float, shape (n,)
        Per-sample sums S_k of the quantity.
    counts : array_like of float, shape (n,)
        Per-sample counts C_k of modes.

    Returns
    -------
    mean, err : float
        theta = sum(S)/sum(C) and its jackknife error (unit of S per mode).
    """
    s = np.asarray(sums, dtype=float)
    c = np.asarray(counts, dtype=float)
    if c.sum() == 0:
        return float("nan"), float("nan")
    theta = s.sum() / c.sum()
    if np.count_nonzero(c) < 2:
        # one contributing sample: removing it leaves no mean, the spread over samples is unknown
        return float(theta), float("nan")
    n = len(s)
    loo = (s.sum() - s) / (c.sum() - c)  # every denominator > 0: at least two samples contribute
    err = np.sqrt((n - 1) / n * np.sum((loo - loo.mean()) ** 2))
    return float(theta), float(err)


def jackknife(per_sample, estimator):
    """``estimator(per_sample)`` and its jackknife error over samples (each left out once in turn).

    ``per_sample`` is a list (one entry per sample, any type); ``estimator`` maps such a list to a float.
    """
    full = estimator(per_sample)
    n = len(per_sample)
    loo = np.array([estimator(per_sample[:i] + per_sample[i + 1 :]) for i in range(n)])
    return float(full), float(np.sqrt((n - 1) / n * np.sum((loo - loo.mean()) ** 2)))


def selection_mean(ens, select, quantity="p"):
    """Pooled mean of p or N_k over the modes chosen by ``select(nu, p)``.

    Parameters
    ----------
    ens : replicate.glass.ensemble.Ensemble
        Loaded ensemble (accepted samples).
    select : callable
        ``select(nu, p)`` -> boolean mask (M_k,) from one sample's frequencies (1/tau) and
        participation ratios.
    quantity : {"p", "Nk"}
        Average p (dimensionless) or N_k = N p (atoms).

    Returns
    -------
    mean, err : float
        Pooled mean and jackknife error.
    n_modes, n_samples : int
        Modes selected, and samples with at least one selected mode.
    """
    if quantity not in ("p", "Nk"):
        raise ParameterError(f"quantity must be 'p' or 'Nk', got {quantity!r}")
    scale = ens.n_atoms if quantity == "Nk" else 1.0
    sums, counts = [], []
    for nu, p in zip(ens.frequencies, ens.participation_ratio):
        m = select(nu, p)
        sums.append(scale * float(np.sum(p[m])))
        counts.append(int(np.sum(m)))
    mean, err = jackknife_ratio(sums, counts)
    return mean, err, int(np.sum(counts)), int(np.sum(np.asarray(counts) > 0))


def window_stats(ens, nu_max):
    """Mean N_k and p of the modes with nu < ``nu_max``, with jackknife errors.

    Parameters
    ----------
    ens : replicate.glass.ensemble.Ensemble
        Loaded ensemble (accepted samples).
    nu_max : float
        Upper end of the window (1/tau).

    Returns
    -------
    dict
        ``nu_max`` (1/tau), ``Nk_mean``, ``Nk_err`` (atoms), ``p_mean``, ``p_err``, ``n_modes``,
        ``n_samples_with_modes``, ``modes_per_sample``.
    """
    nk, nk_err, n_modes, n_samp = selection_mean(ens, lambda nu, p: nu < nu_max, "Nk")
    return {
        "nu_max": float(nu_max),
        "Nk_mean": nk,
        "Nk_err": nk_err,
        "p_mean": nk / ens.n_atoms,
        "p_err": nk_err / ens.n_atoms,
        "n_modes": n_modes,
        "n_samples_with_modes": n_samp,
        "modes_per_sample": n_modes / max(ens.n_accepted, 1),
    }


def lowest_modes_stats(ens, k=1):
    """Mean N_k of the ``k`` lowest modes of every sample, jackknife error.

    Parameters
    ----------
    ens : replicate.glass.ensemble.Ensemble
        Loaded ensemble (accepted samples).
    k : int
        Lowest modes per sample.

    Returns
    -------
    dict
        ``k``, ``Nk_mean``, ``Nk_err`` (atoms), ``nu_mean`` (1/tau).
    """
    sums = [ens.n_atoms * float(np.sum(p[:k])) for p in ens.participation_ratio]
    nk, err = jackknife_ratio(sums, [k] * len(sums))
    nus = np.concatenate([nu[:k] for nu in ens.frequencies])
    return {"k": k, "Nk_mean": nk, "Nk_err": err, "nu_mean": float(nus.mean())}


def quantile_band_mean(ens, q_lo, q_hi):
    """Mean p of the modes between the pooled frequency quantiles ``q_lo`` and ``q_hi``.

    Parameters
    ----------
    ens : replicate.glass.ensemble.Ensemble
        Loaded ensemble (accepted samples).
    q_lo, q_hi : float
        Quantiles (0..1) of the pooled frequencies.

    Returns
    -------
    dict
        ``q_lo``, ``q_hi``, ``nu_lo``, ``nu_hi`` (1/tau), ``p_mean``, ``p_err``, ``n_modes``.
    """
    allnu = np.concatenate(ens.frequencies)
    lo, hi = np.quantile(allnu, [q_lo, q_hi])
    mean, err, n_modes, _ = selection_mean(ens, lambda nu, p: (nu >= lo) & (nu <= hi), "p")
    return {
        "q_lo": q_lo,
        "q_hi": q_hi,
        "nu_lo": float(lo),
        "nu_hi": float(hi),
        "p_mean": mean,
        "p_err": err,
        "n_modes": n_modes,
    }


def binned_p(ens, edges):
    """Mean p per frequency bin with jackknife errors over samples.

    Parameters
    ----------
    ens : replicate.glass.ensemble.Ensemble
        Loaded ensemble (accepted samples).
    edges : array_like of float, shape (bins + 1,)
        Bin edges (1/tau).

    Returns
    -------
    mean, err, count : ndarray of float, shape (bins,)
        Mean p, its jackknife error, and the number of modes per bin.
    """
    edges = np.asarray(edges, dtype=float)
    nb = len(edges) - 1
    sums = np.zeros((ens.n_accepted, nb))
    counts = np.zeros((ens.n_accepted, nb))
    for k, (nu, p) in enumerate(zip(ens.frequencies, ens.participation_ratio)):
        idx = np.digitize(nu, edges) - 1
        ok = (idx >= 0) & (idx < nb)
        np.add.at(sums[k], idx[ok], p[ok])
        np.add.at(counts[k], idx[ok], 1.0)
    mean = np.full(nb, np.nan)
    err = np.full(nb, np.nan)
    for b in range(nb):
        mean[b], err[b] = jackknife_ratio(sums[:, b], counts[:, b])
    return mean, err, counts.sum(axis=0)


def dos(ens, edges, extended_p=None):
    """Density of states g(nu) per mode (normalised so that the all-mode DOS integrates to 1).

    With ``extended_p`` only modes with p >= extended_p are counted (same normalisation, so the
    extended-mode DOS is the part of the total carried by extended modes).

    Parameters
    ----------
    ens : replicate.glass.ensemble.Ensemble
        Loaded ensemble (accepted samples).
    edges : array_like of float, shape (bins + 1,)
        Bin edges (1/tau).
    extended_p : float, optional
        Smallest participation ratio counted.

    Returns
    -------
    ndarray of float, shape (bins,)
        g(nu) (tau).
    """
    nu = np.concatenate(ens.frequencies)
    p = np.concatenate(ens.participation_ratio)
    w = np.ones_like(nu) if extended_p is None else (p >= extended_p).astype(float)
    counts, _ = np.histogram(nu, bins=edges, weights=w)
    return counts / (nu.size * np.diff(edges))


def ensemble_summary(ens):
    """Every number of one ensemble that Figs 5-6, their claims and the report use.

    Parameters
    ----------
    ens : replicate.glass.ensemble.Ensemble
        Loaded ensemble (accepted samples).

    Returns
    -------
    dict
        Counts, nu_T1, nu_L1, nu_edge (1/tau), sound speeds c_T, c_L (sigma/tau), window and band
        statistics, energies (epsilon per atom), pressure (epsilon/sigma^3), wall times (s).
    """
    sc = ens.scalars
    nuT = nu_T1(ens)
    nuL = nu_L1(ens)
    box = float(sc["box"][0])
    edge = nu_T1_edge(ens)
    win = window_stats(ens, edge)
    below_T1 = window_stats(ens, nuT)
    acc = ens.accepted
    return {
        "n_atoms": ens.n_atoms,
        "rc": ens.params["protocol"]["rc"],
        "t_quench": ens.params["protocol"]["t_quench"],
        "cache": ens.folder.name,
        "master_seed": ens.params["master_seed"],
        "n_samples": int(len(acc)),
        "n_accepted": int(acc.sum()),
        "n_crystalline": ens.n_crystalline,
        "n_unconverged": ens.n_unconverged,
        "n_unstable": ens.n_unstable,
        "box": box,
        "nu_T1": nuT,
        "nu_L1": nuL,
        "c_T": nuT * box,
        "c_L": nuL * box,
        "nu_edge": edge,
        "window_quantile": WINDOW_QUANTILE,
        "window": win,
        "below_nu_T1": below_T1,
        "lowest_mode": lowest_modes_stats(ens, 1),
        "lowest_3_modes": lowest_modes_stats(ens, 3),
        "bulk": quantile_band_mean(ens, 0.2, 0.8),
        "low_band": quantile_band_mean(ens, 0.05, 0.10),
        "top_1pct": quantile_band_mean(ens, 0.99, 1.0),
        "max_force_max": float(np.nanmax(sc["max_force"][acc])),
        "crystallinity_accepted_mean": float(np.mean(sc["crystallinity"][acc])),
        "e_is_mean": float(np.mean(sc["e_is"][acc])),
        "e_is_std": float(np.std(sc["e_is"][acc])),
        "p_liquid_mean": float(np.mean(sc["p_liquid"])),
        "rms_disp_equil_mean": float(np.mean(sc["rms_disp_equil"])),
        "kT_end_measured_mean": float(np.mean(sc["kT_end_measured"])),
        "wall_s_per_sample_mean": float(np.nanmean(sc["total_s"])),
        "wall_s_total": float(np.nansum(sc["total_s"])),
        "md_s_mean": float(np.nanmean(sc["md_s"])),
        "minimize_s_mean": float(np.nanmean(sc["minimize_s"])),
        "modes_s_mean": float(np.nanmean(sc["modes_s"])),
        "fire_iterations_mean": float(np.mean(sc["fire_iterations"])),
    }
