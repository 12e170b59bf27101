"""The undercooled liquid along the glass quench: instantaneous modes and inherent structures per temperature.

Reduced units as in :mod:`replicate.glass.prepare` (sigma, epsilon, m = 1, tau; kT in epsilon; nu in
1/tau). One liquid sample follows the glass protocol of Figs 5-6 (:class:`replicate.glass.prepare.Protocol`:
random start, melt, equilibrate at kT_liquid = 0.5, then the linear quench at 1.2e-2 epsilon/tau) and
stops at each temperature of :data:`TEMPERATURES` on the way down. At each stop a copy of the state (a
branch) is held at that temperature for ``n_snapshots`` x ``t_hold`` with the same thermostat, and a
snapshot is taken after each ``t_hold``; the main run then continues the quench from the branch
point, so the cooling history before every stop is that of the glasses of Figs 5-6. Per snapshot:

* the instantaneous normal modes (:mod:`replicate.glass.inm`): all 3N - 3 eigenvalues lambda
  (1/tau^2, negative = unstable), N_k (eqn 2) and kappa_4 (epsilon/sigma^4) of every mode
  (:mod:`replicate.glass.anharmonicity`);
* the inherent structure: the snapshot minimised (FIRE and Newton to 1e-10 epsilon/sigma), its
  energy per atom, crystallinity (:mod:`replicate.glass.structure`) and, when it is a stable minimum,
  its 3N - 3 eigenvalues and N_k.

Per stop: the mean kinetic temperature over the hold and the rms displacement of the atoms over the
hold (sigma), the mobility that tells an equilibrating liquid from a frozen glass.

The samples are cached like the glass ensembles (:mod:`replicate.glass.ensemble`, folder
``data/cache/liquid_<hash>``), with the hold noise from children of the sample's seed sequence
(one per stop), so a sample depends only on the protocol, the master seed and its index.
"""

import io
import time
from dataclasses import asdict, dataclass, field
from typing import ClassVar

import numpy as np

from ..core.errors import DataError, ParameterError, require_int, require_range
from .anharmonicity import mode_coefficients
from .box import minimum_image_round
from .ensemble import MASTER_SEED, cache_dir, read_sample, run_ensemble, sample_path
from .hessian import hessian_dense
from .inm import instantaneous_modes
from .md import MDState, run_md
from .minimize import minimize
from .modes import UnstableStructure, normal_modes
from .prepare import Protocol, equilibrated_liquid, seed_sequence
from .structure import crystallinity, is_crystalline
from .thermo import kinetic_temperature

LIQUID_VERSION = "liquid-1"  # bump when a code change alters the samples
# the stops of the quench (epsilon), from the equilibrated liquid at kT_liquid = 0.5 (Gamma = 1.41)
# through freezing (kT_f = 0.190, Gamma_f = 2.295) down to the end of the glass quench (kT_end = 0.01);
# closer near and below freezing, where the liquid falls out of equilibrium
TEMPERATURES = (0.5, 0.4, 0.32, 0.26, 0.22, 0.19, 0.17, 0.15, 0.13, 0.11, 0.09, 0.07, 0.05, 0.03, 0.01)
SAMPLE_SCALARS = ("index", "master_seed", "n_atoms", "box", "e_liquid", "kT_liquid_measured", "md_s", "modes_s")


@dataclass(frozen=True)
class LiquidProtocol:
    """Parameters of one liquid sample: the glass protocol it follows, the stops and the holds.

    ``glass``: the protocol of Figs 5-6 at this N; ``temperatures``: the stops (epsilon), descending,
    within [kT_end, kT_liquid] of ``glass``; ``t_hold`` (tau): time between snapshots of a stop;
    ``n_snapshots``: snapshots per stop. The fields and :data:`LIQUID_VERSION` enter the cache key.
    """

    glass: Protocol = field(default_factory=lambda: Protocol(n_atoms=500))
    temperatures: tuple = TEMPERATURES
    t_hold: float = 2.0
    n_snapshots: int = 2
    version: str = LIQUID_VERSION
    CACHE_PREFIX: ClassVar[str] = "liquid"

    def __post_init__(self):
        if not isinstance(self.glass, Protocol):
            raise ParameterError(f"glass must be a Protocol, got {type(self.glass).__name__}")
        g = self.glass
        t = np.asarray(self.temperatures, dtype=float)
        if t.ndim != 1 or t.size < 1 or not np.all(np.isfinite(t)):
            raise ParameterError("temperatures (epsilon) must be a non-empty sequence of numbers")
        if np.any(np.diff(t) >= 0):
            raise ParameterError(f"temperatures (epsilon) must be strictly descending, got {self.temperatures}")
        if t[0] > g.kT_liquid or t[-1] < g.kT_end:
            raise ParameterError(
                f"temperatures (epsilon) must lie in [kT_end, kT_liquid] = [{g.kT_end}, {g.kT_liquid}] of the "
                f"glass protocol, got {t[-1]}..{t[0]}"
            )
        require_range("t_hold (tau)", self.t_hold, g.dt, 1e5)
        require_int("n_snapshots", self.n_snapshots, 1, 100)

    @property
    def cooling_rate(self):
        """The glass quench's rate (kT_liquid - kT_end) / t_quench (epsilon/tau)."""
        g = self.glass
        return (g.kT_liquid - g.kT_end) / g.t_quench

    def as_dict(self):
        """All fields as a dict (the cache key hashes it)."""
        return asdict(self)


def _snapshot(pos, box, pot, ftol):
    """Instantaneous modes, kappa_4 and the inherent structure of one configuration (module docstring)."""
    inm = instantaneous_modes(pos, box, pot, return_vectors=True)
    kappa = mode_coefficients(pos, box, inm.vectors, pot)
    out = {
        "inm_eigenvalues": inm.eigenvalues,
        "inm_participation": inm.participation_number,
        "inm_kappa4": kappa[:, 2],
    }
    n = pos.shape[0]
    res = minimize(pos, box, pot, ftol=ftol)
    out["e_is"] = res.energy / n
    out["is_converged"] = res.converged
    out["crystallinity"] = crystallinity(res.pos, box)
    out["crystalline"] = bool(is_crystalline(res.pos, box))
    out["is_stable"] = False
    out["is_eigenvalues"] = np.full(3 * n - 3, np.nan)
    out["is_participation"] = np.full(3 * n - 3, np.nan)
    if res.converged:
        try:
            modes = normal_modes(hessian_dense(res.pos, box, pot), res.max_force, force_tol=ftol)
        except UnstableStructure:
            pass
        else:
            out["is_stable"] = True
            out["is_eigenvalues"] = modes.eigenvalues
            out["is_participation"] = modes.participation_number
    return out


def liquid_sample(protocol, master_seed, index, n_stops=None, progress=False):
    """Liquid sample ``index``: the quench with its stops, snapshots, modes and inherent structures.

    Parameters
    ----------
    protocol : LiquidProtocol
        The parameters.
    master_seed : int
        Seed of the series; the sample uses ``seed_sequence(master_seed, index)``.
    index : int
        Sample index.
    n_stops : int, optional
        Stop after the first ``n_stops`` temperatures (the canary); default all. The stops done are
        the same bit for bit as in a full run.
    progress : bool
        Show tqdm bars for the MD runs.

    Returns
    -------
    dict
        Per stop and snapshot (leading shape (stops, snapshots)): ``inm_eigenvalues``,
        ``inm_participation``, ``inm_kappa4``, ``is_eigenvalues``, ``is_participation`` (3N - 3 per
        snapshot, NaN when the inherent structure is not a stable minimum), ``epot`` (per atom,
        epsilon), ``e_is`` (per atom, epsilon), ``is_converged``, ``is_stable``, ``crystallinity``,
        ``crystalline``; per stop ``kT`` (target), ``kT_measured`` (hold mean, epsilon),
        ``rms_disp_hold`` (sigma); and the scalars of :data:`SAMPLE_SCALARS`.
    """
    if not isinstance(protocol, LiquidProtocol):
        raise ParameterError(f"protocol must be a LiquidProtocol, got {type(protocol).__name__}")
    temps = (
        protocol.temperatures
        if n_stops is None
        else protocol.temperatures[: require_int("n_stops", n_stops, 1, len(protocol.temperatures))]
    )
    g = protocol.glass
    pot, box, n = g.potential(), g.box, g.n_atoms
    ss = seed_sequence(master_seed, index)
    rng = np.random.default_rng(ss)
    hold_seeds = ss.spawn(len(protocol.temperatures))
    t0 = time.perf_counter()
    state, liquid = equilibrated_liquid(g, rng, progress=progress)
    md_s, modes_s = time.perf_counter() - t0, 0.0
    per_snap, per_stop = [], []
    kT_prev = g.kT_liquid
    for k, kT in enumerate(temps):
        t1 = time.perf_counter()
        steps = int(round((kT_prev - kT) / protocol.cooling_rate / g.dt))
        if steps > 0:
            run_md(state, steps, g.dt, kT_prev, kT, tau_T=g.tau_T, rng=rng, progress=progress, desc=f"quench to {kT}")
        kT_prev = kT
        branch = MDState(state.pos, state.vel, box, pot=pot, skin=g.skin)
        hold_rng = np.random.default_rng(hold_seeds[k])
        start, ekin, snaps = branch.pos.copy(), [], []
        for _ in range(protocol.n_snapshots):
            tr = run_md(
                branch, max(g.steps(protocol.t_hold), 1), g.dt, kT, tau_T=g.tau_T, rng=hold_rng, desc=f"hold {kT}"
            )
            ekin.append(tr.ekin)
            snaps.append((branch.pos.copy(), branch.epot / n))
        d = minimum_image_round(branch.pos - start, box)
        per_stop.append(
            {
                "kT": kT,
                "kT_measured": float(np.mean(kinetic_temperature(np.concatenate(ekin), n))),
                "rms_disp_hold": float(np.sqrt(np.mean(np.sum(d * d, axis=1)))),
            }
        )
        t2 = time.perf_counter()
        md_s += t2 - t1
        row = []
        for pos, epot in snaps:
            row.append(dict(_snapshot(pos, box, pot, g.ftol), epot=epot))
        per_snap.append(row)
        modes_s += time.perf_counter() - t2
    out = {key: np.array([[s[key] for s in row] for row in per_snap]) for key in per_snap[0][0]}
    out.update({key: np.array([s[key] for s in per_stop]) for key in per_stop[0]})
    out.update(
        index=index,
        master_seed=master_seed,
        n_atoms=n,
        box=box,
        e_liquid=liquid["e_liquid"],
        kT_liquid_measured=liquid["kT_liquid_measured"],
        md_s=md_s,
        modes_s=modes_s,
    )
    return out


FLOAT32_KEYS = ("inm_eigenvalues", "inm_participation", "inm_kappa4", "is_eigenvalues", "is_participation")


def compact(sample):
    """The bytes of a sample's cache file: per-mode arrays in float32, everything else as computed."""
    arrays = {k: (np.asarray(v, dtype=np.float32) if k in FLOAT32_KEYS else np.asarray(v)) for k, v in sample.items()}
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


def prepare_bytes(protocol, master_seed, index):
    """One liquid sample packed as its cache file (:func:`compact`); runs in a worker."""
    return index, compact(liquid_sample(protocol, master_seed, index))


# The series of Section 4: 16 samples of N = 500 (errors are jackknifed over samples; 30 snapshots each
# give about 1.4e4 unstable modes per temperature above freezing); about 65 s per sample on one core
SERIES = {
    "N500": dict(protocol=LiquidProtocol(), master_seed=MASTER_SEED + 4500, n_samples=16),
}


def run_series(name, n_samples=None, n_jobs=2, log=print):
    """Make sure samples 0..n_samples-1 of series ``name`` of :data:`SERIES` are cached (computing the
    missing ones); returns the cache folder."""
    spec = SERIES[name]
    n = spec["n_samples"] if n_samples is None else n_samples
    return run_ensemble(
        spec["protocol"], spec["master_seed"], n, n_jobs=n_jobs, label=f"liquid {name}", log=log, prepare=prepare_bytes
    )


def series_files(name):
    """The cache files of series ``name``: ``ensemble.json`` and one file per sample."""
    spec = SERIES[name]
    folder = cache_dir(spec["protocol"], spec["master_seed"])
    return [folder / "ensemble.json"] + [sample_path(folder, k) for k in range(spec["n_samples"])]


def load_series(name):
    """The cached samples 0..n_samples-1 of series ``name``: a list of dicts of arrays (:func:`liquid_sample`)."""
    spec = SERIES[name]
    try:
        return [read_sample(spec["protocol"], spec["master_seed"], k) for k in range(spec["n_samples"])]
    except DataError as exc:
        raise DataError(f"{exc}; the liquid series is made by `python -m replicate.tools.caches`") from None
