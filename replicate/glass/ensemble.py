"""Ensembles of independent glass samples, run in parallel and cached by a hash of their parameters.

Each ensemble is fixed by a :class:`replicate.glass.prepare.Protocol`, a master seed and the engine
version; sample ``k`` uses ``SeedSequence(master_seed, spawn_key=(k,))`` (the k-th spawned child), so
samples can be added later without changing earlier ones. The cache folder is
``data/cache/glass_<hash>/`` with ``ensemble.json`` (the parameters) and one ``sample_<k>.npz`` per
sample, written atomically as soon as the sample is done (a partial ensemble is usable). Stored per
sample: frequencies nu (1/tau), participation ratios p = N_k/N (eqn 2) and plane-wave weights as
float32, the lowest 20 eigenvalues (1/tau^2) in float64, the inherent-structure positions (sigma)
in float32, and the scalars of
:func:`replicate.glass.prepare.prepare_sample` (energies, largest force, convergence, crystallinity,
nu_T1, nu_L1, wall times); glasses too large for the dense eigensolve keep their lowest modes and
the displacement fields of the lowest 10 (float32). Unconverged samples are stored with their flags and no modes. :func:`load_ensemble` re-applies
the crystallinity criterion of :mod:`replicate.glass.structure` to the stored inherent structure of
every sample (so one criterion judges all samples) and counts and rejects the crystalline and
unconverged ones.
"""

import hashlib
import io
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..core.errors import DataError, require_int
from ..core.io import atomic_write_bytes, write_json
from ..core.paths import CACHE
from .modes import orient
from .prepare import Protocol, prepare_sample
from .structure import CRYSTALLINE_THRESHOLD, crystal_analysis

ENGINE_VERSION = "glass-engine-2"  # bump when a code change alters the samples
SCALARS = (
    "index",
    "master_seed",
    "n_atoms",
    "box",
    "e_liquid",
    "p_liquid",
    "kT_liquid_measured",
    "kT_end_measured",
    "rms_disp_equil",
    "e_is",
    "max_force",
    "converged",
    "fire_iterations",
    "newton_steps",
    "crystallinity",
    "crystalline",
    "nu_T1",
    "nu_L1",
    "md_s",
    "minimize_s",
    "crystallinity_s",
    "modes_s",
    "total_s",
    "unstable",
)


def ensemble_key(protocol, master_seed):
    """Parameters that define the ensemble, and their 12-hex-digit SHA-256 hash.

    Parameters
    ----------
    protocol : replicate.glass.prepare.Protocol
        Preparation parameters.
    master_seed : int
        Seed of the ensemble.

    Returns
    -------
    params : dict
        Engine version, master seed and protocol fields.
    digest : str
        First 12 hex digits of the SHA-256 of ``params`` (sorted JSON).
    """
    params = {"engine": ENGINE_VERSION, "master_seed": int(master_seed), "protocol": protocol.as_dict()}
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:12]
    return params, digest


def cache_dir(protocol, master_seed):
    """Cache folder ``data/cache/<prefix>_<hash>`` (a Path) of the ensemble (see :func:`ensemble_key`); the
    prefix is the protocol's ``CACHE_PREFIX`` ("glass" for :class:`replicate.glass.prepare.Protocol`)."""
    return CACHE / f"{protocol.CACHE_PREFIX}_{ensemble_key(protocol, master_seed)[1]}"


def sample_path(folder, index):
    """Path of sample ``index`` in the cache folder ``folder``."""
    return folder / f"sample_{index:05d}.npz"


def _compact(sample):
    arrays = {k: np.asarray(sample[k]) for k in SCALARS if k in sample}
    if "positions" in sample:
        arrays["positions"] = sample["positions"].astype(np.float32)
    if "frequencies" in sample:
        arrays["frequencies"] = sample["frequencies"].astype(np.float32)
        arrays["participation_ratio"] = sample["participation_ratio"].astype(np.float32)
        arrays["w_T"] = sample["w_T"].astype(np.float32)
        arrays["w_L"] = sample["w_L"].astype(np.float32)
        arrays["lowest_eigenvalues"] = sample["eigenvalues"][:20].astype(np.float64)
        arrays["zero_eigenvalues"] = np.asarray(sample["zero_eigenvalues"], dtype=np.float64)
    if "mode_vectors" in sample:
        arrays["mode_vectors"] = sample["mode_vectors"].astype(np.float32)
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


def missing_samples(protocol, master_seed, n_samples):
    """Indices among 0..n_samples-1 whose sample file is not in the cache.

    Parameters
    ----------
    protocol : replicate.glass.prepare.Protocol
        Preparation parameters.
    master_seed : int
        Seed of the ensemble.
    n_samples : int
        Samples wanted.

    Returns
    -------
    list of int
    """
    folder = cache_dir(protocol, master_seed)
    return [k for k in range(n_samples) if not sample_path(folder, k).exists()]


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS")
ONE_THREAD = {v: "1" for v in THREAD_VARIABLES}


@contextmanager
def one_blas_thread():
    """Set the thread variables to 1 for processes started inside the block (worker processes read
    them at start), and restore them afterwards."""
    saved = {var: os.environ.get(var) for var in THREAD_VARIABLES}
    os.environ.update(ONE_THREAD)
    try:
        yield
    finally:
        for var, value in saved.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value


def _blas_threads():
    """The thread variables of this process (run on each dask worker)."""
    return {v: os.environ.get(v) for v in THREAD_VARIABLES}


def prepare_compact(protocol, master_seed, index):
    """One sample, prepared and packed as the bytes of its cache file (runs in a worker: local joblib
    or a dask worker on another machine; the caller writes the file)."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sample = prepare_sample(protocol, master_seed, index)
    return index, _compact(sample)


def _run_local(protocol, master_seed, missing, n_jobs, prepare):
    """(index, bytes) of every missing sample, as they finish, from ``n_jobs`` local joblib workers."""
    from joblib import Parallel, delayed

    jobs = (delayed(prepare)(protocol, master_seed, k) for k in missing)
    yield from Parallel(n_jobs=n_jobs, return_as="generator_unordered")(jobs)


def _run_dask(protocol, master_seed, missing, scheduler, prepare):
    """(index, bytes) of every missing sample, as they finish, from the workers of the dask scheduler
    at ``scheduler`` (``tcp://HOST:PORT``). Each worker needs this package installed (the same code);
    the cache stays on this machine."""
    from dask.distributed import Client, as_completed

    try:
        client = Client(scheduler, timeout="20s")
    except OSError as exc:
        raise DataError(f"no dask scheduler at {scheduler} ({exc})") from None
    with client:
        threads = client.run(_blas_threads)
        bad = sorted(w for w, t in threads.items() if t != ONE_THREAD)
        if bad:
            raise DataError(
                f"dask workers {', '.join(bad)} do not run one BLAS/OpenMP thread: start them with "
                + " ".join(f"{v}=1" for v in THREAD_VARIABLES)
                + " (the samples must be the same bit for bit as local ones)"
            )
        n = len(missing)
        futures = client.map(prepare, [protocol] * n, [master_seed] * n, missing, pure=False)
        for future in as_completed(futures):
            yield future.result()


def run_ensemble(protocol, master_seed, n_samples, n_jobs=2, label="", log=print, scheduler=None, prepare=None):
    """Make sure samples 0..n_samples-1 exist in the cache; compute the missing ones with local joblib
    workers, or on a dask cluster when ``scheduler`` is given.

    Cache hits and misses are reported through ``log``. A sample depends only on its protocol, seed and
    index, so it is the same bit for bit whichever worker prepared it; files are written here, one by
    one as samples finish (an interrupted run keeps the finished ones).

    Parameters
    ----------
    protocol : replicate.glass.prepare.Protocol
        Preparation parameters.
    master_seed : int
        Seed of the ensemble.
    n_samples : int
        Samples wanted.
    n_jobs : int
        Worker processes.
    label : str
        Name used in the log and the progress bar.
    log : callable
        Receives one-line messages.
    scheduler : str, optional
        Address of a dask scheduler (``tcp://HOST:PORT``); None: local joblib with ``n_jobs`` workers.
    prepare : callable, optional
        ``prepare(protocol, master_seed, index) -> (index, bytes)``, a module-level function that makes
        one sample's cache file (default :func:`prepare_compact`, a glass sample; the liquid series
        passes :func:`replicate.glass.liquid.prepare_bytes`).

    Returns
    -------
    pathlib.Path
        The cache folder.
    """
    from tqdm import tqdm

    require_int("n_samples", n_samples, 1, 100000)
    require_int("n_jobs", n_jobs, 1, 64)
    prepare = prepare_compact if prepare is None else prepare
    params = ensemble_key(protocol, master_seed)[0]
    folder = cache_dir(protocol, master_seed)
    folder.mkdir(parents=True, exist_ok=True)
    meta = folder / "ensemble.json"
    if not meta.exists():
        write_json(meta, params)
    missing = [k for k in range(n_samples) if not sample_path(folder, k).exists()]
    have = n_samples - len(missing)
    if not missing:
        log(f"[cache HIT] {label} {folder.name}: all {n_samples} samples present")
        return folder
    log(f"[cache MISS] {label} {folder.name}: {have} of {n_samples} samples cached, computing {len(missing)}")
    for var in THREAD_VARIABLES:
        os.environ[var] = "1"  # one thread per worker: deterministic BLAS, no oversubscription
    t0 = time.perf_counter()
    if scheduler is None:
        results, where = _run_local(protocol, master_seed, missing, n_jobs, prepare), f"{n_jobs} workers"
    else:
        results, where = (
            _run_dask(protocol, master_seed, missing, scheduler, prepare),
            f"the dask cluster at {scheduler}",
        )
    bar = tqdm(total=len(missing), desc=f"{label} samples", unit="sample")
    for index, blob in results:
        atomic_write_bytes(sample_path(folder, index), blob)
        bar.update(1)
    bar.close()
    log(f"{label}: {len(missing)} samples in {time.perf_counter() - t0:.0f} s on {where}")
    return folder


# The canary (:func:`stale_sample`) compares a re-prepared sample with its cached file (solver tolerances,
# README "Tolerances"). MD, minimiser and
# Hessian are deterministic (one seed, no parallel reductions), so positions repeat bit for bit; the
# eigensolver's last bits depend on the BLAS thread count (measured: 3e-14 relative on the lowest
# eigenvalues with 1 against 2 threads). Arrays stored in float32 can therefore only be compared to
# their rounding, 2^-23 relative (one unit in the last place); w_T and w_L also get an absolute floor,
# because a squared overlap of 1e-20 carries the eigenvector round-off of ~1e-14 relative to 1.
CANARY_RTOL = 1e-8  # float64 fields
FLOAT32_RTOL = 2.0**-23
CANARY_FIELDS_F32 = {"positions": 0.0, "frequencies": 0.0, "participation_ratio": 0.0, "w_T": 1e-12, "w_L": 1e-12}
CANARY_FIELDS_F64 = ("lowest_eigenvalues", "e_is", "e_liquid", "p_liquid", "nu_T1", "nu_L1")
CANARY_FIELDS_EXACT = ("n_atoms", "converged", "unstable", "fire_iterations", "newton_steps")


def sample_differences(fresh, cached):
    """Fields of a freshly prepared sample that differ from a cached one beyond the tolerances of the
    comment above :data:`CANARY_RTOL`.

    Parameters
    ----------
    fresh : dict
        Result of :func:`replicate.glass.prepare.prepare_sample`.
    cached : dict
        Arrays as stored (:func:`read_sample`).

    Returns
    -------
    list of str
        One entry per differing field; empty when the sample is current.
    """
    fresh = dict(fresh)
    if "eigenvalues" in fresh:
        fresh["lowest_eigenvalues"] = np.asarray(fresh["eigenvalues"])[:20]
    out = []
    for key in CANARY_FIELDS_EXACT:
        if key in cached and (key not in fresh or bool(np.asarray(fresh[key]) != cached[key])):
            out.append(f"{key}: {fresh.get(key)!r} != {cached[key]!r}")
    for key, floor in CANARY_FIELDS_F32.items():
        if key in cached:
            new, old = np.asarray(fresh.get(key, np.nan), dtype=np.float64), np.asarray(cached[key], dtype=np.float64)
            if new.shape != old.shape or not np.all(np.abs(new - old) <= FLOAT32_RTOL * np.abs(old) + floor):
                out.append(f"{key} (float32, relative {FLOAT32_RTOL:.1e})")
    for key in CANARY_FIELDS_F64:
        if key in cached:
            new, old = np.asarray(fresh.get(key, np.nan), dtype=np.float64), np.asarray(cached[key], dtype=np.float64)
            if new.shape != old.shape or not np.allclose(new, old, rtol=CANARY_RTOL, atol=0.0):
                out.append(f"{key} (relative {CANARY_RTOL:.0e})")
    return out


def read_sample(protocol, master_seed, index):
    """The cached arrays of sample ``index``.

    Parameters
    ----------
    protocol : replicate.glass.prepare.Protocol
        Preparation parameters.
    master_seed : int
        Seed of the ensemble.
    index : int
        Sample index.

    Returns
    -------
    dict of ndarray
        The stored arrays (see the module docstring for units).

    Raises
    ------
    DataError
        When the sample is not cached.
    """
    path = sample_path(cache_dir(protocol, master_seed), index)
    if not path.exists():
        raise DataError(f"sample {path} is not cached; run `python -m replicate.tools.glass_ensemble`")
    with np.load(path) as z:
        out = {k: z[k] for k in z.files}
    if "mode_vectors" in out:
        # glass caches made before the sign convention (engine glass-engine-2) hold ARPACK's sign; the
        # convention is a function of the vector alone, so it is applied here rather than by rewriting them
        fields = out["mode_vectors"]
        orient(fields.reshape(fields.shape[0], -1).T)  # in place: one column per mode
    return out


def stale_sample(protocol, master_seed, index=0):
    """Re-prepare sample ``index`` with the current code; the fields that differ from its cached file.

    Takes as long as one sample (about 10 s at N = 500, 20 s at N = 1000).

    Parameters
    ----------
    protocol : replicate.glass.prepare.Protocol
        Preparation parameters.
    master_seed : int
        Seed of the ensemble.
    index : int
        Sample index.

    Returns
    -------
    list of str
        :func:`sample_differences`; empty when the cache is current.
    """
    cached = read_sample(protocol, master_seed, index)
    return sample_differences(prepare_sample(protocol, master_seed, index), cached)


def check_cache(names, n_jobs=2, index=0, log=print):
    """Run the canary on sample ``index`` of each named ensemble of :data:`ENSEMBLES` (in parallel).

    Parameters
    ----------
    names : sequence of str
        Keys of :data:`ENSEMBLES`.
    n_jobs : int
        Worker processes.
    index : int
        Sample re-prepared in each ensemble.
    log : callable
        Receives the one-line summary.

    Raises
    ------
    DataError
        Naming the first stale cache and how to regenerate it.
    """
    from joblib import Parallel, delayed

    specs = [ENSEMBLES[n] for n in names]
    t0 = time.perf_counter()
    with one_blas_thread():  # one BLAS thread per worker, as when the samples were made
        results = Parallel(n_jobs=min(n_jobs, len(specs)))(
            delayed(stale_sample)(s["protocol"], s["master_seed"], index) for s in specs
        )
    for name, spec, bad in zip(names, specs, results):
        folder = cache_dir(spec["protocol"], spec["master_seed"])
        if bad:
            raise DataError(
                f"cache {folder.relative_to(CACHE.parent.parent)} ({name}) is stale: sample {index} re-prepared "
                f"with the current code differs in {', '.join(bad)[:300]}. The glass engine changed: bump "
                "ENGINE_VERSION in replicate/glass/ensemble.py and run `python -m replicate.tools.glass_ensemble` "
                "(about 70 min on 2 cores for all ensembles)"
            )
    log(
        f"canary: sample {index} of {', '.join(names)} re-prepared and equal to the cache "
        f"({time.perf_counter() - t0:.0f} s)"
    )


@dataclass
class Ensemble:
    """Loaded ensemble: accepted samples' modes and every sample's scalars.

    ``frequencies``, ``participation_ratio``, ``w_T``, ``w_L``: lists of per-sample arrays (accepted
    samples only); ``scalars``: dict of arrays over all stored samples; ``n_crystalline`` and
    ``n_unconverged``, ``n_unstable`` (a fourth zero mode or a negative one): rejected counts; ``params``: the ensemble parameters; ``folder``: cache path.
    """

    params: dict
    folder: object
    frequencies: list
    participation_ratio: list
    w_T: list
    w_L: list
    lowest_eigenvalues: list
    scalars: dict
    accepted: np.ndarray
    n_crystalline: int
    n_unconverged: int
    n_unstable: int = 0

    @property
    def n_atoms(self):
        return int(self.params["protocol"]["n_atoms"])

    @property
    def n_accepted(self):
        return len(self.frequencies)


def load_ensemble(protocol, master_seed, n_samples=None, fraction_only=False):
    """Read the cached samples 0..K-1 of an ensemble and classify them.

    Parameters
    ----------
    protocol : replicate.glass.prepare.Protocol
        Preparation parameters.
    master_seed : int
        Seed of the ensemble.
    n_samples : int, optional
        K; default all contiguous samples present.
    fraction_only : bool
        Reject only samples whose solid-like fraction exceeds ``structure.CRYSTALLINE_THRESHOLD``
        (ignoring the largest-cluster bound): a sensitivity check.

    Returns
    -------
    Ensemble
        Accepted samples' modes and every sample's scalars.
    """
    params = ensemble_key(protocol, master_seed)[0]
    folder = cache_dir(protocol, master_seed)
    present = {int(p.stem.split("_")[1]) for p in folder.glob("sample_*.npz")}
    k = 0
    while k in present and (n_samples is None or k < n_samples):
        k += 1  # the contiguous prefix 0..k-1: a reproducible set even while a run is going on
    paths = [sample_path(folder, i) for i in range(k)]
    lists = {k: [] for k in ("frequencies", "participation_ratio", "w_T", "w_L", "lowest_eigenvalues")}
    scal = {k: [] for k in SCALARS + ("crystalline_at_run", "largest_cluster", "mean_q6")}
    accepted = []
    n_cryst = n_unconv = n_unstable = 0
    for path in paths:
        with np.load(path) as z:
            for k in SCALARS:
                scal[k].append(z[k].item() if k in z else np.nan)
            scal["crystalline_at_run"].append(bool(z["crystalline"]))
            converged = bool(z["converged"])
            unstable = bool(z["unstable"]) if "unstable" in z else False
            # Each sample falls in exactly one class: unconverged (no inherent structure, so neither
            # crystallinity nor modes mean anything), crystalline, unstable, or accepted. The
            # crystallinity criterion is applied here, from the stored inherent structure, so that every
            # sample of every ensemble is judged by the current replicate.glass.structure, not by the
            # flag stored when the sample was made.
            if converged and "positions" in z:
                cryst = crystal_analysis(np.asarray(z["positions"], dtype=np.float64), float(z["box"]))
            else:
                cryst = {"fraction": np.nan, "crystalline": False, "largest_cluster": -1, "mean_q6": np.nan}
            scal["crystallinity"][-1] = cryst["fraction"]
            scal["crystalline"][-1] = cryst["crystalline"]
            scal["largest_cluster"].append(cryst["largest_cluster"])
            scal["mean_q6"].append(cryst["mean_q6"])
            is_cryst = converged and (
                cryst["fraction"] > CRYSTALLINE_THRESHOLD if fraction_only else cryst["crystalline"]
            )
            ok = converged and not is_cryst and not unstable and "frequencies" in z
            n_unconv += int(not converged)
            n_cryst += int(is_cryst)
            n_unstable += int(converged and unstable and not is_cryst)
            accepted.append(ok)
            if ok:
                for k in lists:
                    lists[k].append(np.asarray(z[k], dtype=np.float64))
    return Ensemble(
        params,
        folder,
        scalars={k: np.asarray(v) for k, v in scal.items()},
        accepted=np.asarray(accepted, dtype=bool),
        n_crystalline=n_cryst,
        n_unconverged=n_unconv,
        n_unstable=n_unstable,
        **lists,
    )


# The ensembles of Figs 5 and 6: primary cutoff at N = 500 and 1000, second cutoff at N = 500, and a ten
# times faster quench at both sizes (the quench rate of Laird & Schober is unknown). ``n_samples`` is the
# number of samples (0..n_samples-1) the figures use; more may be cached, and are not used until it grows.
MASTER_SEED = 19910636  # recorded master seed (PRL 66, 636 (1991))
ENSEMBLES = {
    "N500_rc2.5": dict(protocol=Protocol(n_atoms=500, rc=2.5), master_seed=MASTER_SEED + 500, n_samples=200),
    "N1000_rc2.5": dict(protocol=Protocol(n_atoms=1000, rc=2.5), master_seed=MASTER_SEED + 1000, n_samples=200),
    "N500_rc3.5": dict(protocol=Protocol(n_atoms=500, rc=3.5), master_seed=MASTER_SEED + 535, n_samples=60),
    # quench-rate check: the same protocol with a 10 times faster quench (4 tau instead of 40 tau)
    "N500_fastq": dict(protocol=Protocol(n_atoms=500, t_quench=4.0), master_seed=MASTER_SEED + 504, n_samples=100),
    "N1000_fastq": dict(protocol=Protocol(n_atoms=1000, t_quench=4.0), master_seed=MASTER_SEED + 1004, n_samples=100),
}

# What the paper leaves open about these ensembles and what we chose (a table of REPORT.md)
PROTOCOL_ASSUMPTIONS = [
    {
        "item": "density",
        "paper": "not given",
        "ours": "rho sigma^3 = 1",
        "why": "only Gamma = rho sigma^3 (eps/kT)^(1/2) matters for n = 6; rho = 1 fixes the length unit",
    },
    {
        "item": "cutoff and smoothing",
        "paper": "not given (V = 1/r^6, eqn 9)",
        "ours": "r_c = 2.5 sigma with a polynomial making V, V', V'' vanish at r_c; check at r_c = 3.5 sigma (N = 500)",
        "why": "a smooth cutoff keeps the Hessian continuous; the second cutoff shows the low-frequency N_k does not hinge on it",
    },
    {
        "item": "glass preparation",
        "paper": "not given (quench to T = 0, Schober et al. 1993)",
        "ours": "random start, 5 tau at kT = 1, 10 tau liquid at kT = 0.5 (Gamma = 1.41), linear quench to kT = 0.01 in 40 tau (1.2e-2 eps/tau), FIRE + Newton to max force < 1e-10 eps/sigma",
        "why": "a liquid well above freezing (Gamma_f = 2.295) and a quench fast enough to avoid most crystallisation; the quench rate of Laird & Schober is unknown and affects the number of soft modes",
    },
    {
        "item": "MD integrator and thermostat",
        "paper": "not given",
        "ours": "velocity Verlet, dt = 0.01 tau, Bussi-Donadio-Parrinello thermostat tau_T = 0.5 tau",
        "why": "canonical sampling with Newtonian dynamics; omega_max dt = 0.13",
    },
    {
        "item": "crystallised samples",
        "paper": "not mentioned",
        "ours": "q6 solid-like fraction > 0.2 or a solid-like cluster of >= 50 atoms rejects a sample; rejected samples are counted",
        "why": "the monatomic r^-6 liquid crystallises into bcc readily",
    },
    {
        "item": "low-frequency window",
        "paper": "'low-frequency end of the spectrum'",
        "ours": "nu < nu_edge: the frequency below which 10 % of the spectral weight of the lowest transverse plane waves of the box (k = 2 pi/L) lies; nu_T1 = c_T/L, the median of that weight, is reported too",
        "why": "at N = 500-1000 even the lowest percent of the spectrum holds phonons, and disorder spreads the lowest plane waves over a band about as wide as nu_T1; the window must sit below that band. Revised from nu < nu_T1 after the first 8 samples showed the band itself below nu_T1",
    },
    {
        "item": "quench rate check",
        "paper": "not given",
        "ours": "a second ensemble per size with a 10x faster ramp (4 tau; the thermostat lags, so in effect an instantaneous quench from kT ~ 0.18)",
        "why": "the number and nature of the soft modes depend on the quench; the claims should not hinge on our choice",
    },
    {
        "item": "frequency unit",
        "paper": "not given in the captions",
        "ours": "nu in 1/tau, tau = sigma sqrt(m/eps)",
        "why": "reduced units of the r^-6 model",
    },
]


@lru_cache(maxsize=4)
def load_figure_ensembles(names=None, fraction_only=False):
    """Load the ensembles of :data:`ENSEMBLES` (samples 0..n_samples-1, as Figs 5 and 6 use them).

    Cached per process: Figs 5 and 6 read the same samples.

    Parameters
    ----------
    names : tuple of str, optional
        Ensemble names (default all).
    fraction_only : bool
        Judge crystallinity by the solid-like fraction alone (the sensitivity check of Fig 6).

    Returns
    -------
    dict of str to Ensemble

    Raises
    ------
    replicate.core.errors.DataError
        When a sample is missing.
    """
    out = {}
    for name in names or tuple(ENSEMBLES):
        spec = ENSEMBLES[name]
        ens = load_ensemble(
            spec["protocol"], spec["master_seed"], n_samples=spec["n_samples"], fraction_only=fraction_only
        )
        if len(ens.accepted) < spec["n_samples"] or ens.n_accepted < 2:
            raise DataError(
                f"ensemble {name} has {len(ens.accepted)} of its {spec['n_samples']} samples in "
                f"{ens.folder}; run `python -m replicate.tools.glass_ensemble` first"
            )
        out[name] = ens
    return out


def figure_provenance(ensembles):
    """The parameters and seeds a figure result records for the ensembles it reads.

    Parameters
    ----------
    ensembles : dict of str to Ensemble
        As returned by :func:`load_figure_ensembles`.

    Returns
    -------
    params : dict
        Per ensemble: its protocol, master seed, number of samples and cache folder name.
    seeds : dict
        Per ensemble: its master seed.
    """
    params = {
        name: {
            "protocol": e.params["protocol"],
            "master_seed": e.params["master_seed"],
            "n_samples": int(len(e.accepted)),
            "cache": e.folder.name,
        }
        for name, e in ensembles.items()
    }
    seeds = {name: e.params["master_seed"] for name, e in ensembles.items()}
    return params, seeds
