"""The liquid series replayed: snapshot positions, a longer hold at the last stop, and a second minimiser.

The cached liquid samples (:mod:`replicate.glass.liquid`) keep the modes and inherent structures of
each snapshot, not its positions. :func:`replay` runs the molecular dynamics of
:func:`replicate.glass.liquid.liquid_sample` again (same seeds, same chunking of the thermostat noise,
no mode analysis) and returns the snapshots of the stops asked for; the hold's rms displacement it
computes on the way is compared with the cached one, so a replay that drifted from the cache is seen
(``rms_disp_hold``, equal bit for bit on one machine). Reduced units as in
:mod:`replicate.glass.prepare` (sigma, epsilon, m = 1, tau; kT in epsilon).

Two checks of the liquid item use it:

* ageing at the last stop: after the ordinary hold the branch is held ``t_age`` longer at the same
  temperature, then the rms displacement over one more hold of the same length (``n_snapshots`` x
  ``t_hold``) is measured. A structure still relaxing after the quench moves more in the first hold
  than in the later one; a structure that only vibrates moves the same in both;
* a non-inertial minimiser: :func:`cg_minimize` (scipy's nonlinear conjugate gradients, Polak-Ribiere,
  on the potential energy of :func:`replicate.glass.forces.energy_forces`) beside the FIRE + Newton
  minimiser of the glasses (:func:`replicate.glass.minimize.minimize`), both from the same snapshot,
  with the order measures of :func:`replicate.glass.structure.crystal_analysis` of each minimum.

The harmonic expectation of the hold's displacement, :func:`harmonic_rms_displacement`, is the
control for the first check.
"""

import numpy as np

from ..core.errors import ParameterError
from .box import minimum_image_round
from .forces import energy_forces
from .liquid import LiquidProtocol
from .md import MDState, run_md
from .minimize import minimize
from .prepare import equilibrated_liquid, seed_sequence
from .structure import crystal_analysis

CG_GTOL = 1e-6  # epsilon/sigma: scipy CG stops when the largest force component is below this
CG_MAXITER = 100_000  # CG iterations; every snapshot of the series converged in under 5,000
# epsilon/sigma: a CG minimum counts as converged below this largest force (scipy's line search can stop
# with a precision-loss warning a little above gtol; 1e-4 moves an atom by ~1e-4/lambda_min ~ 1e-3 sigma
# at the softest mode, far below the ten Wolde-Frenkel bond criterion's resolution)
CG_ACCEPT = 1e-4


def hold_rms(start, end, box):
    """Root-mean-square displacement (sigma) of the atoms between two configurations of one periodic box,
    each displacement taken as its minimum image (the atoms move far less than L/2 in a hold), as
    :func:`replicate.glass.liquid.liquid_sample` measures it."""
    d = minimum_image_round(np.asarray(end, dtype=float) - np.asarray(start, dtype=float), box)
    return float(np.sqrt(np.mean(np.sum(d * d, axis=1))))


def centre_of_mass_shift(start, end, box):
    """Length (sigma) of the mean minimum-image displacement of the atoms between two configurations:
    the drift of the centre of mass (equal masses), zero when the total momentum is."""
    d = minimum_image_round(np.asarray(end, dtype=float) - np.asarray(start, dtype=float), box)
    return float(np.linalg.norm(d.mean(axis=0)))


def harmonic_rms_displacement(eigenvalues, kT, t, n_atoms):
    """rms displacement (sigma) per atom over a time ``t`` (tau) of a harmonic solid at ``kT`` (epsilon).

    Classical equipartition per normal mode of eigenvalue lambda_k = omega_k^2 (1/tau^2, m = 1):
    <q_k(t) q_k(0)> = (kT / lambda_k) cos(omega_k t), so <|u(t) - u(0)|^2> summed over atoms is
    sum_k 2 kT (1 - cos(omega_k t)) / lambda_k; divided by N and square-rooted. The zero modes are not
    in ``eigenvalues`` (3N - 3 positive values).
    """
    lam = np.asarray(eigenvalues, dtype=float)
    if np.any(~(lam > 0)):
        raise ParameterError("eigenvalues must be positive (a stable minimum without its zero modes)")
    return float(np.sqrt(np.sum(2.0 * kT * (1.0 - np.cos(np.sqrt(lam) * t)) / lam) / n_atoms))


def replay(protocol, master_seed, index, stops, t_age=0.0):
    """Replay liquid sample ``index`` (the dynamics of :func:`replicate.glass.liquid.liquid_sample`).

    Parameters
    ----------
    protocol : LiquidProtocol
    master_seed : int
    index : int
    stops : sequence of int
        Indices into ``protocol.temperatures`` whose holds are run and returned.
    t_age : float
        With ``t_age`` > 0 (tau), the branch of the last stop is held that much longer at its
        temperature, then one more hold of ``n_snapshots`` x ``t_hold`` is measured.

    Returns
    -------
    dict
        ``snapshots`` {stop: array (n_snapshots, N, 3)}, ``rms_disp_hold`` and ``com_shift_hold``
        {stop: sigma} (:func:`hold_rms`, :func:`centre_of_mass_shift`) and, with ``t_age``,
        ``rms_disp_aged`` (sigma) at the last stop.
    """
    if not isinstance(protocol, LiquidProtocol):
        raise ParameterError(f"protocol must be a LiquidProtocol, got {type(protocol).__name__}")
    stops = sorted(int(k) for k in stops)
    g = protocol.glass
    pot, box = g.potential(), g.box
    ss = seed_sequence(master_seed, index)
    rng = np.random.default_rng(ss)
    hold_seeds = ss.spawn(len(protocol.temperatures))
    state, _ = equilibrated_liquid(g, rng)
    kT_prev = g.kT_liquid
    out = {"snapshots": {}, "rms_disp_hold": {}, "com_shift_hold": {}}
    n_hold = max(g.steps(protocol.t_hold), 1)
    for k, kT in enumerate(protocol.temperatures[: stops[-1] + 1]):
        steps = int(round((kT_prev - kT) / protocol.cooling_rate / g.dt))
        if steps > 0:
            run_md(state, steps, g.dt, kT_prev, kT, tau_T=g.tau_T, rng=rng)
        kT_prev = kT
        if k not in stops:
            continue
        branch = MDState(state.pos, state.vel, box, pot=pot, skin=g.skin)
        hold_rng = np.random.default_rng(hold_seeds[k])
        start, snaps = branch.pos.copy(), []
        for _ in range(protocol.n_snapshots):
            run_md(branch, n_hold, g.dt, kT, tau_T=g.tau_T, rng=hold_rng)
            snaps.append(branch.pos.copy())
        out["snapshots"][k] = np.array(snaps)
        out["rms_disp_hold"][k] = hold_rms(start, branch.pos, box)
        out["com_shift_hold"][k] = centre_of_mass_shift(start, branch.pos, box)
        if k == stops[-1] and t_age > 0:
            run_md(branch, max(g.steps(t_age), 1), g.dt, kT, tau_T=g.tau_T, rng=hold_rng)
            start = branch.pos.copy()
            run_md(branch, protocol.n_snapshots * n_hold, g.dt, kT, tau_T=g.tau_T, rng=hold_rng)
            out["rms_disp_aged"] = hold_rms(start, branch.pos, box)
    return out


def cg_minimize(pos, box, pot=None, gtol=CG_GTOL, maxiter=CG_MAXITER):
    """Minimise the potential energy from ``pos`` with nonlinear conjugate gradients (no inertia).

    scipy.optimize.minimize(method="CG") on U(x) with the gradient -F (epsilon/sigma) from
    :func:`replicate.glass.forces.energy_forces`. Returns dict ``pos`` (N, 3, sigma), ``energy``
    (epsilon), ``max_force`` (largest force component, epsilon/sigma), ``converged``, ``n_evaluations``.
    """
    from scipy.optimize import minimize as scipy_minimize

    x0 = np.array(pos, dtype=float)

    def energy_gradient(x):
        u, f, _ = energy_forces(x.reshape(-1, 3), box, pot)
        return u, -f.ravel()

    r = scipy_minimize(energy_gradient, x0.ravel(), jac=True, method="CG", options={"gtol": gtol, "maxiter": maxiter})
    return {
        "pos": r.x.reshape(-1, 3),
        "energy": float(r.fun),
        "max_force": float(np.max(np.abs(r.jac))),
        "converged": bool(np.max(np.abs(r.jac)) <= CG_ACCEPT),
        "n_evaluations": int(r.nfev),
    }


def compare_minimisers(pos, box, pot, ftol):
    """The inherent structure of one snapshot by FIRE + Newton (to ``ftol``, the glasses' minimiser) and
    by conjugate gradients: per minimiser ``e_is`` (epsilon per atom), ``fraction`` (solid-like atoms),
    ``largest_cluster`` (atoms), ``crystalline`` (the series' rule) and ``converged``."""
    n = np.asarray(pos).shape[0]
    fire = minimize(pos, box, pot, ftol=ftol)
    cg = cg_minimize(pos, box, pot)
    out = {}
    for name, p, e, ok in (
        ("fire", fire.pos, fire.energy, fire.converged),
        ("cg", cg["pos"], cg["energy"], cg["converged"]),
    ):
        c = crystal_analysis(p, box)
        out[name] = {
            "e_is": e / n,
            "fraction": c["fraction"],
            "largest_cluster": int(c["largest_cluster"]),
            "crystalline": bool(c["crystalline"]),
            "converged": bool(ok),
        }
    return out
