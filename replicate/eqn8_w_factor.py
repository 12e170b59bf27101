"""Eqn (8), W = 1.6 k_B T*, recomputed in the soft-potential model; Figs 1-2 as model curves.

Reads the cached SPM level table (``replicate.tools.spm_table``), writes ``data/results/eqn8_w_factor.json``
and the figures ``fig1_model``, ``fig2_model``, ``spm_dos`` and ``eqn8_w_factor_tmeas``.

    python -m replicate.eqn8_w_factor [--jobs N] [--recompute]
"""

import time

import numpy as np
from scipy import constants as C

from .core import inputs, paper
from .core.cli import parser, run
from .core.errors import require_int
from .core.io import read_json, save_figure
from .core.paths import FIGURES, INPUTS
from .core.registry import command
from .core.results import write_result
from .theory import soft_potential, spm
from .theory.spm.table import cache_path, coarse_table_params, load_or_compute

NAME = "eqn8_w_factor"
COMMAND = command(NAME)
PID = "eqn8.w_over_kTstar"
TAIL_CHECK_CUT_W = 7.0  # W: a lower boundary between exact levels and the E^4/8 tail, to test the tail
SLOPE_FIT_FROM_W = 4.0  # W: the power law of the lowest excitations is fitted from here ...
SLOPE_FIT_TO_FRACTION_OF_E_CUT = 0.8  # ... up to this fraction of the table's E_cut
THETA_FINE = np.geomspace(0.25, 1.6, 241)  # k_B T/W around the minimum of c/T^3, where T* is found
FIG_GLASSES = {
    "silica": ("fig1_model", "vitreous silica", "Fig. 1"),
    "selenium": ("fig2_model", "amorphous selenium", "Fig. 2"),
}


def glass_W_K(glass):
    """W (K) implied by the printed (N_s a^2, eps_0) of a glass with the paper's factor 1.6."""
    r = soft_potential.inverse(
        paper.entry(f"sec3.nsa2.{glass}")["value"],
        paper.entry(f"sec3.eps0.{glass}")["value"],
        inputs.mean_atomic_mass_u(glass),
        inputs.w_over_kTstar(),
    )
    return r


def K3(glass, coupling):
    g = coupling["glasses"][glass]
    return spm.relaxation_prefactor(
        g["rho_kg_m3"], g["v_l_m_s"], g["v_t_m_s"], g["gamma_l_eV"] * C.e, g["gamma_t_eV"] * C.e
    )


def R_of(glass, t_s, coupling, W_K):
    """R = K_3 W^3 t_meas (dimensionless)."""
    return K3(glass, coupling) * (C.k * W_K) ** 3 * t_s


def sensitivity(glass, factor):
    """N_s a^2 and eps_0 of eqns (6)-(7) at the glass's T* when W = factor k_B T* instead of 1.6 k_B T*."""
    inv = glass_W_K(glass)
    f = soft_potential.forward(inv["nu_c_THz"], inv["T_star_K"], inputs.mean_atomic_mass_u(glass), factor)
    return f["nsa2_A2"], f["eps0_eV"]


def load_inputs(n_jobs=1, recompute=False):
    """What :func:`compute` needs: the level table and its coarse twin (cached; computed on a miss, minutes)
    and the TLS coupling inputs."""
    table, _ = load_or_compute(n_jobs=n_jobs, recompute=recompute)
    coarse, _ = load_or_compute(coarse_table_params(), n_jobs=n_jobs, recompute=recompute)
    return {"table": table, "coupling": read_json(INPUTS / "tls_coupling.json"), "coarse_table": coarse}


def compute(table, coupling, coarse_table=None):
    """W/(k_B T*) of eqn (8) from the SPM level table, its band, sensitivities and model curves (pure).

    ``table``: the level table of :func:`replicate.theory.spm.compute_table` (``spm.DEFAULT_TABLE``);
    ``coupling``: the TLS coupling inputs (``data/inputs/tls_coupling.json``); ``coarse_table``: the
    same table twice as coarse in eta and xi, for the discretisation check (None to skip it).
    """
    tm = coupling["measuring_time_s"]
    kfac = coupling["uncertainty_factor_K3"]

    # fine theta grid around the minimum for T*, a wide one for the curves
    parts_fine = spm.heat_capacity_parts(table, THETA_FINE)
    theta_curve = np.geomspace(0.01, 4.0, 281)
    parts_curve = spm.heat_capacity_parts(table, theta_curve)

    glasses = {g: glass_W_K(g) for g in ("silica", "selenium", "b2o3")}
    # theta*(R) on a grid of log10 R: the dependence on the cutoff
    log10R = np.arange(4.0, 22.01, 0.25)
    theta_R = np.array([spm.theta_star(parts_fine, 10.0**lr) for lr in log10R])
    theta_inf = spm.theta_star(parts_fine, np.inf)

    t_scan = np.geomspace(tm["scan"][0], tm["scan"][1], 57)
    per_glass = {}
    band_vals = []
    for g in ("silica", "selenium"):
        W_K = glasses[g]["W_K"]
        R_c = R_of(g, tm["central"], coupling, W_K)
        fac_c = 1.0 / spm.theta_star(parts_fine, R_c)
        scan = [1.0 / spm.theta_star(parts_fine, R_of(g, t, coupling, W_K)) for t in t_scan]
        corners = []
        for t in tm["band"]:
            for kf in (1.0 / kfac, kfac):
                corners.append(1.0 / spm.theta_star(parts_fine, R_of(g, t, coupling, W_K) * kf))
        band_vals += corners
        per_glass[g] = {
            "W_K": W_K,
            "T_star_paper_K": glasses[g]["T_star_K"],
            "K3_J3_s": K3(g, coupling),
            "R_central": R_c,
            "w_over_kTstar_central": fac_c,
            "w_over_kTstar_band": [min(corners), max(corners)],
            "T_star_model_K": W_K * spm.theta_star(parts_fine, R_c),
            "w_over_kTstar_vs_t": scan,
        }
    for g in ("silica", "selenium"):  # sensitivity: classical hopping over the barrier as well
        act = tm["central"] * C.k * per_glass[g]["W_K"] / C.hbar
        per_glass[g]["w_over_kTstar_with_activation"] = 1.0 / spm.theta_star(
            parts_fine, per_glass[g]["R_central"], activation=act
        )
    central = per_glass["silica"]["w_over_kTstar_central"]
    lo, hi = min(band_vals), max(band_vals)
    half_band = 0.5 * (hi - lo)

    # convergence: the same number from a table twice as coarse in eta and xi (if given)
    conv = None
    if coarse_table is not None:
        pc = spm.heat_capacity_parts(coarse_table, parts_fine["theta"])
        conv = 1.0 / spm.theta_star(pc, per_glass["silica"]["R_central"])

    # the harmonic tail: move the exact/tail boundary from E_cut down to TAIL_CHECK_CUT_W
    low_cut = dict(table, E_cut=np.array(TAIL_CHECK_CUT_W))
    tail_check = 1.0 / spm.theta_star(
        spm.heat_capacity_parts(low_cut, parts_fine["theta"]), per_glass["silica"]["R_central"]
    )

    # sensitivity of the Section 3 numbers to the factor (they scale as W^-3 at fixed T*)
    sens = {}
    for g in ("silica", "selenium", "b2o3"):
        n_c, e_c = sensitivity(g, central)
        n_lo, e_lo = sensitivity(g, hi)  # larger factor -> smaller N_s a^2
        n_hi, e_hi = sensitivity(g, lo)
        n_p, e_p = sensitivity(g, inputs.w_over_kTstar())
        sens[g] = {
            "nsa2_A2_with_1.6": n_p,
            "eps0_eV_with_1.6": e_p,
            "nsa2_A2": n_c,
            "eps0_eV": e_c,
            "nsa2_A2_band": [n_lo, n_hi],
            "eps0_eV_band": [e_lo, e_hi],
        }

    # curves for the figures (t = central), the DOS
    curves = {}
    for g in ("silica", "selenium"):
        W_K = per_glass[g]["W_K"]
        tot, split = spm.heat_capacity_total(parts_curve, per_glass[g]["R_central"], split=True)
        th_star = spm.theta_star(parts_fine, per_glass[g]["R_central"])
        tot_star = spm.heat_capacity_total(
            spm.heat_capacity_parts(table, np.array([th_star])), per_glass[g]["R_central"]
        )[0]
        norm = tot_star / th_star**3
        band_curves = [
            spm.heat_capacity_total(parts_curve, R_of(g, t, coupling, W_K)) / theta_curve**3 / norm for t in tm["band"]
        ]
        curves[g] = {
            "T_K": theta_curve * W_K,
            "c_over_T3": tot / theta_curve**3 / norm,
            "tunnelling": split["tunnelling"] / theta_curve**3 / norm,
            "vibration": split["vibration"] / theta_curve**3 / norm,
            "band_lo_t": band_curves[0],
            "band_hi_t": band_curves[1],
            "T_star_K": th_star * W_K,
        }
    E_edges = np.geomspace(1e-3, float(table["E_cut"]), 61)
    Ec, g_tun, g_vib = spm.density_of_excitations(
        table,
        E_edges,
        R=per_glass["silica"]["R_central"],
        theta_freeze=per_glass["silica"]["T_star_model_K"] / per_glass["silica"]["W_K"],
    )
    _, g_tun_all, g_vib_all = spm.density_of_excitations(table, E_edges)
    fit_range = (SLOPE_FIT_FROM_W, SLOPE_FIT_TO_FRACTION_OF_E_CUT * float(table["E_cut"]))
    sel = (Ec > fit_range[0]) & (Ec < fit_range[1]) & (g_vib_all > 0)
    slope = float(np.polyfit(np.log(Ec[sel]), np.log(g_vib_all[sel]), 1)[0])
    above = np.flatnonzero((g_vib > g_tun) & (Ec > 0.1))
    E_cross = float(Ec[above[0]]) if above.size else float("nan")

    assumptions = [
        {
            "item": "distribution of the soft-potential parameters",
            "paper": "soft-potential model, distribution not written out (sect. 2 drops the asymmetry term)",
            "ours": "uniform density P_s in (eta, xi) of V/W = xi y + eta y^2 + y^4",
            "why": "the sea-gull density P_s |eta'| of the form eta' y^2 + t y^3 + y^4 around a minimum "
            "(Il'in, Karpov, Parshin 1987; Galperin, Karpov, Kozub 1989) becomes uniform after the shift "
            "that removes the cubic term (Jacobian |eta'|/2); it gives the omega^4 law of the soft vibrations, "
            "tested",
        },
        {
            "item": "relaxation cutoff of slow tunnelling states",
            "paper": "not stated",
            "ours": f"one-phonon rate K_3 Delta_0^2 E coth(E/2kT); t_meas = {tm['central']:g} s, band "
            f"{tm['band'][0]:g}-{tm['band'][1]:g} s with K_3 x/÷ {kfac:g}; frozen double wells keep their "
            "lower-well levels",
            "why": tm["why"] + "; K_3 from approximate deformation potentials (data/inputs/tls_coupling.json, not "
            "checked against the original table)",
        },
        {
            "item": "Delta_0 and asymmetry of the TLS in the cutoff",
            "paper": "-",
            "ours": "Delta_0 of the symmetric well with the same eta (instanton form below eta = -13); "
            "asymmetry from the two minima plus half the zero-point difference",
            "why": "standard TLS parametrisation; the cutoff depends on it only logarithmically",
        },
        {
            "item": "soft vibrations above E_cut",
            "paper": "-",
            "ours": f"harmonic tail g(E) = P_s E^4/8 above E_cut = {float(table['E_cut']):g} W",
            "why": "exact limit of the uniform density (spm.harmonic_dos); the exact levels approach it (tested)",
        },
        {
            "item": "normalisation of the model curves of Figs 1-2",
            "paper": "measured c_p/T^3 (Debye part subtracted)",
            "ours": "c_p/T^3 of the model divided by its value at T*; measured data not reproduced",
            "why": "the overall density P_s only scales the curve; only the shape and T* are model results",
        },
    ]

    agrees = paper.agrees(PID, central)
    overlap = lo <= paper.bounds(PID)[1] and hi >= paper.bounds(PID)[0]
    comparison = "agrees" if agrees else ("compatible within the band" if overlap else "disagrees")
    return {
        "values": {PID: central},
        "uncertainties": {PID: half_band},
        "parameters": {"table": dict(spm.DEFAULT_TABLE), "table_cache": cache_path().name, "coupling": coupling},
        "assumptions": assumptions,
        "comparison_with_paper": comparison,
        "factor_paper": inputs.w_over_kTstar(),
        "n_potentials": int(table["eta"].size),
        "measuring_time_s": tm,
        "uncertainty_factor_K3": kfac,
        "E_cut_W": float(table["E_cut"]),
        "tail_check_cut_W": TAIL_CHECK_CUT_W,
        "eta_min": float(np.min(table["eta"])),
        "w_over_kTstar": {
            "central": central,
            "band": [lo, hi],
            "half_band": half_band,
            "no_cutoff": 1.0 / theta_inf,
            "coarse_table": conv,
            "tail_from_7W": tail_check,
            "per_glass": per_glass,
            "t_scan_s": t_scan,
        },
        "theta_star_vs_R": {"log10_R": log10R, "theta_star": theta_R},
        "sensitivity": sens,
        "dos": {
            "E_over_W": Ec,
            "g_tunnelling": g_tun,
            "g_vibration": g_vib,
            "g_vibration_no_cutoff": g_vib_all,
            "slope_4_to_Ecut": slope,
            "slope_fit_range_W": fit_range,
            "crossover_E_over_W": E_cross,
        },
        "curves": curves,
    }


def main(argv=None):
    ap = parser(COMMAND, __doc__)
    ap.add_argument(
        "--jobs", type=int, default=1, help="processes for a cache miss of the level table, 1-64 (default 1)"
    )
    ap.add_argument("--recompute", action="store_true", help="recompute the level table even when it is cached")
    args = ap.parse_args(argv)
    require_int("jobs", args.jobs, 1, 64)
    t0 = time.perf_counter()
    result = compute(**load_inputs(n_jobs=args.jobs, recompute=args.recompute))
    write_result(NAME, result, COMMAND, wall_time_s=time.perf_counter() - t0)
    plot(result)


def plot(result):
    """Figures ``fig1_model``, ``fig2_model``, ``spm_dos`` and ``eqn8_w_factor_tmeas`` from a result."""
    w = result["w_over_kTstar"]
    d = result["dos"]
    _plots(
        result["curves"],
        w["per_glass"],
        d["E_over_W"],
        d["g_tunnelling"],
        d["g_vibration"],
        d["g_vibration_no_cutoff"],
        w["t_scan_s"],
        w["band"][0],
        w["band"][1],
        result["parameters"]["coupling"],
    )


def _plots(curves, per_glass, Ec, g_tun, g_vib, g_vib_all, t_scan, lo, hi, coupling):
    band = coupling["measuring_time_s"]["band"]
    central_t = coupling["measuring_time_s"]["central"]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for g, (stem, name, figname) in FIG_GLASSES.items():
        c = curves[g]
        fig, ax = plt.subplots(figsize=(5.2, 4.0))
        ax.fill_between(
            c["T_K"],
            np.minimum(c["band_lo_t"], c["band_hi_t"]),
            np.maximum(c["band_lo_t"], c["band_hi_t"]),
            color="0.85",
            label=f"t_meas {band[0]:g} s to {band[1]:g} s",
        )
        ax.loglog(c["T_K"], c["c_over_T3"], "k-", label=f"SPM total (t_meas = {central_t:g} s)")
        ax.loglog(c["T_K"], c["tunnelling"], "b--", lw=1, label="double wells (tunnelling)")
        ax.loglog(c["T_K"], c["vibration"], "r:", lw=1, label="soft vibrations")
        ax.axvline(c["T_star_K"], color="g", lw=0.8)
        ax.annotate(
            f"T* = {c['T_star_K']:.2f} K", (c["T_star_K"], 1.0), xytext=(5, -15), textcoords="offset points", color="g"
        )
        ax.set_ylim(0.3, 30)
        ax.set_xlabel("T (K)")
        ax.set_ylabel("excess $c_p/T^3$ / its value at T*")
        ax.set_title(
            f"{figname} as a model curve: SPM, {name}, W = {per_glass[g]['W_K']:.2f} K\n"
            "(measured data of the paper not reproduced)",
            fontsize=9,
        )
        ax.legend(fontsize=7, loc="upper center")
        save_figure(fig, FIGURES / stem)
        plt.close(fig)

    fig, ax = plt.subplots(figsize=(5.2, 4.0))
    m = g_tun > 0
    ax.loglog(Ec[m], g_tun[m], "b.-", label=f"tunnelling states (silica, {central_t:g} s)")
    m = g_vib_all > 0
    ax.loglog(Ec[m], g_vib_all[m], "r.-", label="soft vibrations")
    E = np.geomspace(0.5, Ec.max(), 50)
    ax.loglog(E, spm.harmonic_dos(E), "k--", lw=1, label="$E^4/8$ (harmonic limit)")
    ax.axvline(1.0, color="0.5", lw=0.8)
    ax.set_xlabel("lowest excitation E / W")
    ax.set_ylabel("density per unit $P_s$ (units of $W$)")
    ax.set_title("SPM density of lowest excitations, units of W", fontsize=9)
    ax.legend(fontsize=7)
    save_figure(fig, FIGURES / "spm_dos")
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(5.2, 4.0))
    for g, col in (("silica", "k"), ("selenium", "m")):
        ax.semilogx(t_scan, per_glass[g]["w_over_kTstar_vs_t"], col + "-", label=g)
    # the band covers only the measuring times it is made of (and K_3 within its factor)
    ax.fill_between(
        [band[0], band[1]],
        [lo, lo],
        [hi, hi],
        color="0.85",
        label=f"band ({band[0]:g} s-{band[1]:g} s, $K_3$ x/÷ {coupling['uncertainty_factor_K3']:g})",
    )
    f_paper = inputs.w_over_kTstar()
    ax.axhline(f_paper, color="g", ls="--", label=f"paper, eqn (8): {f_paper:g}")
    ax.set_xlabel("measuring time t_meas (s)")
    ax.set_ylabel("W / k_B T*")
    ax.set_title("SPM: factor of eqn (8) against the measuring time", fontsize=9)
    ax.legend(fontsize=7)
    save_figure(fig, FIGURES / "eqn8_w_factor_tmeas")
    plt.close(fig)


if __name__ == "__main__":
    run(main)
