"""One inverse-power-law glass sample from one seed: melt, equilibrate, quench, minimise, modes.

Reduced units: length sigma, energy epsilon, mass m, time tau = sigma*sqrt(m/epsilon), ``kT`` in
epsilon, frequencies nu in 1/tau. Pair potential eqn (9) of the paper, epsilon*(sigma/r)^6, smoothed
at the cutoff r_c (:mod:`replicate.glass.potential`).

Protocol (defaults of :class:`Protocol`; the paper and Laird & Schober, PRL 66, 636 (1991), give
none of these numbers except n = 6, N = 500/1000 and a quench to T = 0, so they are our choices):

1. Number density rho sigma^3 = 1. For n = 6 everything depends on Gamma = rho sigma^3 (eps/kT)^(1/2);
   the fluid freezes at Gamma_f = 2.295 (Tan, Schultz, Kofke, Mol. Phys. 109, 123 (2011),
   doi:10.1080/00268976.2010.520586), i.e. kT_f = 0.190 at rho = 1.
2. Start: random sequential insertion with no two atoms closer than ``d_min`` = 0.8 sigma.
3. Melt: ``t_melt`` = 5 tau at kT = 1.0 (Gamma = 1.0), then equilibrate the liquid ``t_equil`` =
   10 tau at kT = 0.5 (Gamma = 1.41, well above freezing; the atoms move by about two diameters
   rms, recorded per sample as ``rms_disp_equil``).
4. Quench: the thermostat target falls linearly from kT = 0.5 to 0.01 in ``t_quench`` = 40 tau
   (cooling rate 1.2e-2 epsilon/tau; through Gamma_f at t = 25 tau). A 100 tau quench
   crystallised 2 of 8 samples at N = 500; the faster quench is also closer to the short runs
   of 1991.
5. Minimise to the inherent structure (T = 0): FIRE then Newton steps to a largest force below
   1e-10 epsilon/sigma (:mod:`replicate.glass.minimize`).
6. Dense analytic Hessian and all 3N modes with scipy.linalg.eigh, the three translations removed
   (:mod:`replicate.glass.modes`); participation ratio p = N_k/N, eqn (2).
7. Crystallinity: q6 solid-like fraction (:mod:`replicate.glass.structure`) of the inherent
   structure; a sample above the threshold is flagged crystalline (and rejected downstream).
8. Lowest plane waves of the box: for k = 2 pi/L along x, y, z the 12 transverse and 6 longitudinal
   standing waves (cos and sin) are projected onto the modes; the weighted median frequency of
   each set is the measured nu_T1 = c_T/L and nu_L1 = c_L/L of the sample.

MD: velocity Verlet, dt = 0.01 tau (omega_max dt ~ 0.13), Bussi thermostat with tau_T = 0.5 tau
(:mod:`replicate.glass.md`); neighbour skin 0.3 sigma. All random numbers come from one
``numpy.random.SeedSequence``.
"""

import math
import time
from dataclasses import asdict, dataclass
from typing import ClassVar

import numpy as np

from ..core.errors import ParameterError, require_int, require_positive, require_range
from .box import minimum_image_round
from .hessian import hessian_dense, hessian_sparse
from .md import MDState, maxwell_velocities, run_md
from .minimize import FORCE_TOL, minimize
from .modes import UnstableStructure, normal_modes, normal_modes_sparse
from .neighbours import box_length, check_cutoff
from .potential import InversePowerLaw
from .quantiles import weighted_median
from .structure import crystallinity, is_crystalline
from .thermo import kinetic_temperature

GAMMA_FREEZING = 2.295  # fluid density at coexistence for n = 6, Tan, Schultz & Kofke (2011)


# largest glass the protocol accepts: the finite-size series goes to 32,000 atoms; the sparse Hessian of
# 64,000 atoms (about 0.5 GB) and its lowest modes still fit a workstation
MAX_ATOMS = 64000
# Up to this many atoms a sample keeps all 3N - 3 modes (the dense eigensolve grows as N^3: about 4 s
# at N = 1000, make bench); above it the lowest SPARSE_MODES modes of the sparse Hessian
# (replicate.glass.modes.normal_modes_sparse) and the displacement fields of the lowest
# SAVED_VECTORS of them (float32: 12 N bytes per field, 3.8 MB per sample at N = 32,000 for ten fields,
# which keeps the committed finite-size series under 100 MB)
DENSE_MODES_MAX_ATOMS = 2000
SPARSE_MODES = 200
SAVED_VECTORS = 10


@dataclass(frozen=True)
class Protocol:
    """Every parameter of one glass preparation (units in the comments and the module docstring).

    The field names and values enter the cache key of an ensemble
    (:func:`replicate.glass.ensemble.ensemble_key`), so a renamed field is a new ensemble.
    """

    n_atoms: int = 1000
    density: float = 1.0  # sigma^-3
    n: float = 6.0  # inverse-power exponent, eqn (9)
    rc: float = 2.5  # sigma, cutoff with C2 smoothing
    dt: float = 0.01  # tau
    tau_T: float = 0.5  # tau, Bussi coupling time
    skin: float = 0.3  # sigma
    d_min: float = 0.8  # sigma, closest approach of the random start
    kT_melt: float = 1.0
    t_melt: float = 5.0  # tau
    kT_liquid: float = 0.5
    t_equil: float = 10.0  # tau
    kT_end: float = 0.01
    t_quench: float = 40.0  # tau
    ftol: float = FORCE_TOL  # epsilon/sigma; the field name enters the cache hash (as_dict)
    CACHE_PREFIX: ClassVar[str] = "glass"  # cache folder data/cache/glass_<hash> (not a field: not hashed)

    def __post_init__(self):
        require_int("n_atoms (N)", self.n_atoms, 2, MAX_ATOMS)
        require_positive("density (rho, sigma^-3)", self.density)
        require_positive("kT_melt (epsilon)", self.kT_melt)
        require_positive("kT_liquid (epsilon)", self.kT_liquid)
        require_range("kT_end (epsilon)", self.kT_end, 0.0, self.kT_liquid)
        require_range("dt (time step, tau)", self.dt, 0.0, 0.05, lo_open=True)
        require_range("tau_T (thermostat time, tau)", self.tau_T, self.dt, 1e6, lo_open=True)
        for name in ("t_melt", "t_equil", "t_quench"):
            require_range(f"{name} (tau)", getattr(self, name), 0.0, 1e7)
        require_range("d_min (sigma)", self.d_min, 0.0, 0.95 * self.density ** (-1.0 / 3.0), lo_open=True)
        require_positive("ftol (epsilon/sigma)", self.ftol)
        self.potential()  # checks n and rc
        check_cutoff(self.rc, self.skin, self.box)

    @property
    def box(self):
        """Box edge L = (N / rho)^(1/3) (sigma)."""
        return box_length(self.n_atoms, self.density)

    def potential(self):
        """The pair potential (:class:`InversePowerLaw` with this n and r_c)."""
        return InversePowerLaw(n=self.n, rc=self.rc)

    def as_dict(self):
        """All fields as a dict (the ensemble cache key hashes it)."""
        return asdict(self)

    def steps(self, duration):
        """Number of MD steps in ``duration`` (tau)."""
        return int(round(duration / self.dt))


def random_start(n_atoms, box, d_min, rng, max_tries=2000):
    """Random sequential insertion with all minimum-image pair distances >= ``d_min``.

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.
    box : float
        Box edge L (sigma).
    d_min : float
        Closest approach (sigma).
    rng : numpy.random.Generator
        Source of the uniform trial positions.
    max_tries : int
        Failed insertions in a row before giving up.

    Returns
    -------
    ndarray of float, shape (N, 3)
        Positions in [0, L) (sigma).
    """
    require_int("n_atoms", n_atoms, 2, None)
    require_positive("box (sigma)", box)
    require_positive("d_min (sigma)", d_min)
    pos = np.empty((n_atoms, 3))
    k = 0
    tries = 0
    while k < n_atoms:
        trial = rng.uniform(0.0, box, 3)
        d = minimum_image_round(pos[:k] - trial, box)
        if k == 0 or np.min(np.einsum("ij,ij->i", d, d)) >= d_min * d_min:
            pos[k] = trial
            k += 1
            tries = 0
        else:
            tries += 1
            if tries > max_tries:
                raise ParameterError(f"d_min = {d_min} sigma is too large to insert {n_atoms} atoms in L = {box:.4g}")
    return pos


def seed_sequence(master_seed, index):
    """Child ``index`` of ``SeedSequence(master_seed).spawn(...)`` (same as spawning, without the state).

    Parameters
    ----------
    master_seed : int
        Entropy of the ensemble's root SeedSequence.
    index : int
        Sample index.

    Returns
    -------
    numpy.random.SeedSequence
    """
    require_int("master_seed", master_seed, 0, None)
    require_int("index (sample)", index, 0, None)
    return np.random.SeedSequence(entropy=master_seed, spawn_key=(index,))


def plane_wave_weights(pos, box, vectors):
    """Weights of the lowest transverse and longitudinal standing waves of the box on each mode.

    For k = 2 pi/L along each axis the 12 transverse (polarisation perpendicular to k) and 6
    longitudinal unit vectors built from cos(k.r_i) and sin(k.r_i) are projected on the modes.

    Parameters
    ----------
    pos : ndarray of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    vectors : ndarray of float, shape (3N, M)
        Unit eigenvectors, atom-major rows.

    Returns
    -------
    w_T, w_L : ndarray of float, shape (M,)
        Summed squared overlaps (dimensionless; over all modes they sum to about 12 and 6).
    """
    n = pos.shape[0]
    k = 2.0 * math.pi / box
    wt = np.zeros(vectors.shape[1])
    wl = np.zeros(vectors.shape[1])
    for a in range(3):
        for f in (np.cos(k * pos[:, a]), np.sin(k * pos[:, a])):
            for b in range(3):
                pw = np.zeros((n, 3))
                pw[:, b] = f
                pw = pw.reshape(-1) / np.linalg.norm(pw)
                w = (pw @ vectors) ** 2
                if a == b:
                    wl += w
                else:
                    wt += w
    return wt, wl


def equilibrated_liquid(protocol, rng, progress=False):
    """Steps 2-3 of the protocol: random start, melt at ``kT_melt``, equilibrate at ``kT_liquid``.

    Parameters
    ----------
    protocol : Protocol
        The preparation parameters.
    rng : numpy.random.Generator
        The sample's generator (start positions, velocities, thermostat noise), advanced in place.
    progress : bool
        Show tqdm bars for the MD runs.

    Returns
    -------
    state : MDState
        The liquid at ``kT_liquid`` after ``t_equil``.
    diagnostics : dict
        ``e_liquid`` (total energy per atom, epsilon), ``p_liquid`` (epsilon/sigma^3) and
        ``kT_liquid_measured`` (epsilon), means over the second half of the equilibration;
        ``rms_disp_equil`` (sigma, minimum image), the rms displacement during it.
    """
    pr = protocol
    pot = pr.potential()
    box = pr.box
    pos = random_start(pr.n_atoms, box, pr.d_min, rng)
    state = MDState(pos, maxwell_velocities(pr.n_atoms, pr.kT_melt, rng), box, pot=pot, skin=pr.skin)
    run_md(
        state, max(pr.steps(pr.t_melt), 1), pr.dt, pr.kT_melt, tau_T=pr.tau_T, rng=rng, progress=progress, desc="melt"
    )
    start_equil = state.pos.copy()
    tr = run_md(
        state,
        max(pr.steps(pr.t_equil), 1),
        pr.dt,
        pr.kT_liquid,
        tau_T=pr.tau_T,
        rng=rng,
        progress=progress,
        desc="liquid",
    )
    d = minimum_image_round(state.pos - start_equil, box)
    half = tr.epot.shape[0] // 2
    return state, {
        "e_liquid": float(np.mean((tr.epot + tr.ekin)[half:]) / pr.n_atoms),
        "p_liquid": float(np.mean(tr.pressure(pr.n_atoms, box)[half:])),
        "kT_liquid_measured": float(np.mean(kinetic_temperature(tr.ekin[half:], pr.n_atoms))),
        "rms_disp_equil": float(np.sqrt(np.mean(np.sum(d * d, axis=1)))),
    }


def prepare_sample(protocol, master_seed, index, progress=False):
    """Prepare sample ``index`` of the ensemble with ``master_seed``: melt, quench, minimise, modes.

    Parameters
    ----------
    protocol : Protocol
        The preparation parameters.
    master_seed : int
        Seed of the ensemble; the sample uses :func:`seed_sequence` (master_seed, index).
    index : int
        Sample index.
    progress : bool
        Show tqdm bars for the MD runs.

    Returns
    -------
    dict
        The results below (arrays of shape (3N - 3,) for the per-mode keys up to
        :data:`DENSE_MODES_MAX_ATOMS` atoms; above it the lowest :data:`SPARSE_MODES` modes, NaN for
        ``nu_T1`` and ``nu_L1``, and ``mode_vectors`` (:data:`SAVED_VECTORS`, N, 3), the unit
        displacement fields of the lowest modes).

    Keys: ``frequencies`` (nu, 1/tau, 3N-3 ascending), ``eigenvalues`` (1/tau^2),
    ``participation_ratio`` (p = N_k/N), ``w_T``, ``w_L`` (plane-wave weights), ``nu_T1``, ``nu_L1``
    (1/tau), energies per atom (epsilon): ``e_liquid``, ``e_is``; ``p_liquid`` (epsilon/sigma^3),
    ``kT_liquid_measured``, ``kT_end_measured``, ``rms_disp_equil`` (sigma, minimum image),
    ``max_force`` (epsilon/sigma), ``converged``, ``fire_iterations``, ``newton_steps``,
    ``crystallinity`` (solid-like fraction), ``crystalline``, ``zero_eigenvalues``, ``unstable`` (True
    when the Hessian has a fourth zero or a negative mode; then no modes are returned), wall times (s).
    """
    if not isinstance(protocol, Protocol):
        raise ParameterError(f"protocol must be a Protocol, got {type(protocol).__name__}")
    ss = seed_sequence(master_seed, index)
    rng = np.random.default_rng(ss)
    pr = protocol
    pot = pr.potential()
    box = pr.box
    timings = {}
    t0 = time.perf_counter()
    state, liquid = equilibrated_liquid(pr, rng, progress=progress)
    tq = run_md(
        state,
        max(pr.steps(pr.t_quench), 1),
        pr.dt,
        pr.kT_liquid,
        pr.kT_end,
        tau_T=pr.tau_T,
        rng=rng,
        progress=progress,
        desc="quench",
    )
    kT_end = float(np.mean(kinetic_temperature(tq.ekin[-100:], pr.n_atoms)))
    timings["md_s"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    res = minimize(state.pos, box, pot, ftol=pr.ftol)
    timings["minimize_s"] = time.perf_counter() - t1
    out = {
        "index": index,
        "master_seed": master_seed,
        "n_atoms": pr.n_atoms,
        "box": box,
        **liquid,
        "kT_end_measured": kT_end,
        "e_is": res.energy / pr.n_atoms,
        "max_force": res.max_force,
        "converged": res.converged,
        "fire_iterations": res.fire_iterations,
        "newton_steps": res.newton_steps,
    }
    t2 = time.perf_counter()
    cryst = crystallinity(res.pos, box)
    out["crystallinity"] = cryst
    out["crystalline"] = bool(is_crystalline(res.pos, box))
    timings["crystallinity_s"] = time.perf_counter() - t2
    if not res.converged:
        out["positions"] = res.pos  # kept for inspection; no mode analysis on an unconverged structure
        out.update(timings)
        return out
    t3 = time.perf_counter()
    dense = pr.n_atoms <= DENSE_MODES_MAX_ATOMS
    try:
        if dense:
            h = hessian_dense(res.pos, box, pot)
            modes = normal_modes(h, res.max_force, force_tol=pr.ftol, return_vectors=True)
        else:
            h = hessian_sparse(res.pos, box, pot)
            k = min(SPARSE_MODES, 3 * pr.n_atoms - 4)
            modes = normal_modes_sparse(h, res.max_force, k=k, force_tol=pr.ftol, return_vectors=True)
    except UnstableStructure as exc:
        # a fourth (near-)zero mode or a negative eigenvalue: not a stable inherent structure;
        # stored without modes, counted and rejected downstream
        out["unstable"] = True
        out["unstable_reason"] = str(exc)
        out["positions"] = res.pos
        timings["modes_s"] = time.perf_counter() - t3
        out.update(timings)
        return out
    out["unstable"] = False
    timings["modes_s"] = time.perf_counter() - t3
    wt, wl = plane_wave_weights(res.pos, box, modes.vectors)
    out.update(
        frequencies=modes.frequencies,
        eigenvalues=modes.eigenvalues,
        participation_ratio=modes.participation_ratio,
        zero_eigenvalues=modes.zero_eigenvalues,
        w_T=wt,
        w_L=wl,
        positions=res.pos,
    )
    if dense:
        # numpy's default sort, which the cached samples were made with (it matters only for equal
        # frequencies, whose weights it may sum in another order than a stable sort)
        out["nu_T1"] = weighted_median(modes.frequencies, wt, kind="quicksort")
        out["nu_L1"] = weighted_median(modes.frequencies, wl, kind="quicksort")
    else:
        # the lowest modes only: no medians of the whole spectrum; the fields of the lowest modes
        # (unit 3N-vectors as (mode, atom, axis)) for the analyses of the soft modes
        out["nu_T1"] = out["nu_L1"] = math.nan
        out["mode_vectors"] = modes.vectors[:, :SAVED_VECTORS].T.reshape(-1, pr.n_atoms, 3)
    timings["total_s"] = time.perf_counter() - t0
    out.update(timings)
    return out
