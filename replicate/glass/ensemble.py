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
nu_T1, nu_L1, wall times). Unconverged samples are stored with their flags and no modes. :func:`load_ensemble` re-applies
the crystallinity criterion of :mod:`replicate.glass.structure` to the stored inherent structure of
every sample (so one criterion judges all samples) and counts and rejects the crystalline and
unconverged ones.
"""

import hashlib
import io
import json
import os
import time
from dataclasses import dataclass

import numpy as np

from ..errors import require_int
from ..io import atomic_write_bytes, write_json
from ..paths import CACHE
from .prepare import Protocol, prepare_sample
from .structure import CRYSTALLINE_THRESHOLD, crystal_analysis

ENGINE_VERSION = "glass-engine-1"  # bump when a code change alters the samples
SCALARS = ("index", "master_seed", "n_atoms", "box", "e_liquid", "p_liquid", "kT_liquid_measured",
           "kT_end_measured", "rms_disp_equil", "e_is", "max_force", "converged", "fire_iterations",
           "newton_steps", "crystallinity", "crystalline", "nu_T1", "nu_L1", "md_s", "minimize_s",
           "crystallinity_s", "modes_s", "total_s", "unstable")


def ensemble_key(protocol, master_seed):
    """Parameters that define the ensemble, and their 12-hex-digit SHA-256 hash."""
    params = {"engine": ENGINE_VERSION, "master_seed": int(master_seed), "protocol": protocol.as_dict()}
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:12]
    return params, digest


def cache_dir(protocol, master_seed):
    return CACHE / f"glass_{ensemble_key(protocol, master_seed)[1]}"


def _sample_path(folder, index):
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
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


def _run_one(protocol, master_seed, index, folder):
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    sample = prepare_sample(protocol, master_seed, index)
    atomic_write_bytes(_sample_path(folder, index), _compact(sample))
    return index, sample.get("total_s", sample.get("md_s", 0.0))


def run_ensemble(protocol, master_seed, n_samples, n_jobs=2, label="", log=print):
    """Make sure samples 0..n_samples-1 exist in the cache; compute the missing ones with joblib.

    Returns the cache folder. Cache hits and misses are reported through ``log``.
    """
    from joblib import Parallel, delayed
    from tqdm import tqdm

    require_int("n_samples", n_samples, 1, 100000)
    require_int("n_jobs", n_jobs, 1, 64)
    params, digest = ensemble_key(protocol, master_seed)
    folder = CACHE / f"glass_{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    meta = folder / "ensemble.json"
    if not meta.exists():
        write_json(meta, params)
    missing = [k for k in range(n_samples) if not _sample_path(folder, k).exists()]
    have = n_samples - len(missing)
    if not missing:
        log(f"[cache HIT] {label} glass_{digest}: all {n_samples} samples present")
        return folder
    log(f"[cache MISS] {label} glass_{digest}: {have} of {n_samples} samples cached, computing {len(missing)}")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
        os.environ[var] = "1"  # one thread per worker: deterministic BLAS, no oversubscription
    t0 = time.perf_counter()
    jobs = (delayed(_run_one)(protocol, master_seed, k, folder) for k in missing)
    bar = tqdm(total=len(missing), desc=f"{label} samples", unit="sample")
    for _index, _wall in Parallel(n_jobs=n_jobs, return_as="generator_unordered")(jobs):
        bar.update(1)
    bar.close()
    log(f"{label}: {len(missing)} samples in {time.perf_counter() - t0:.0f} s on {n_jobs} workers")
    return folder


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
    """Read the cached samples 0..K-1 of an ensemble (K: ``n_samples``, or all contiguous ones present).

    ``fraction_only=True`` rejects only samples whose solid-like fraction exceeds
    ``structure.CRYSTALLINE_THRESHOLD`` (ignoring the largest-cluster bound): a sensitivity check.
    """
    params, digest = ensemble_key(protocol, master_seed)
    folder = CACHE / f"glass_{digest}"
    present = {int(p.stem.split("_")[1]) for p in folder.glob("sample_*.npz")}
    k = 0
    while k in present and (n_samples is None or k < n_samples):
        k += 1  # the contiguous prefix 0..k-1: a reproducible set even while a run is going on
    paths = [_sample_path(folder, i) for i in range(k)]
    lists = {k: [] for k in ("frequencies", "participation_ratio", "w_T", "w_L", "lowest_eigenvalues")}
    scal = {k: [] for k in SCALARS + ("crystalline_at_run", "largest_cluster", "mean_q6")}
    accepted = []
    n_cryst = n_unconv = n_unstable = 0
    for path in paths:
        with np.load(path) as z:
            for k in SCALARS:
                scal[k].append(z[k].item() if k in z else np.nan)
            # The crystallinity criterion is applied here, from the stored inherent structure, so that
            # every sample of every ensemble is judged by the current replicate.glass.structure
            # (the criterion gained a largest-cluster bound while the ensembles were running).
            scal["crystalline_at_run"].append(bool(z["crystalline"]))
            cryst = crystal_analysis(np.asarray(z["positions"], dtype=np.float64), float(z["box"]))
            scal["crystallinity"][-1] = cryst["fraction"]
            scal["crystalline"][-1] = cryst["crystalline"]
            scal["largest_cluster"].append(cryst["largest_cluster"])
            scal["mean_q6"].append(cryst["mean_q6"])
            is_cryst = cryst["fraction"] > CRYSTALLINE_THRESHOLD if fraction_only else cryst["crystalline"]
            unstable = bool(z["unstable"]) if "unstable" in z else False
            ok = bool(z["converged"]) and not is_cryst and not unstable and "frequencies" in z
            n_cryst += int(is_cryst)
            n_unstable += int(unstable and not is_cryst)
            n_unconv += int(not bool(z["converged"]))
            accepted.append(ok)
            if ok:
                for k in lists:
                    lists[k].append(np.asarray(z[k], dtype=np.float64))
    return Ensemble(params, folder, scalars={k: np.asarray(v) for k, v in scal.items()},
                    accepted=np.asarray(accepted, dtype=bool), n_crystalline=n_cryst,
                    n_unconverged=n_unconv, n_unstable=n_unstable, **lists)


# The ensembles of Figs 5 and 6 (issue 3): primary cutoff at N = 500 and 1000, second cutoff at N = 500,
# and a ten times faster quench at both sizes (the quench rate of Laird & Schober is unknown).
MASTER_SEED = 19910636  # recorded master seed (PRL 66, 636 (1991))
ENSEMBLES = {
    "N500_rc2.5": dict(protocol=Protocol(n_atoms=500, rc=2.5), master_seed=MASTER_SEED + 500),
    "N1000_rc2.5": dict(protocol=Protocol(n_atoms=1000, rc=2.5), master_seed=MASTER_SEED + 1000),
    "N500_rc3.5": dict(protocol=Protocol(n_atoms=500, rc=3.5), master_seed=MASTER_SEED + 535),
    # quench-rate check: the same protocol with a 10 times faster quench (4 tau instead of 40 tau)
    "N500_fastq": dict(protocol=Protocol(n_atoms=500, t_quench=4.0), master_seed=MASTER_SEED + 504),
    "N1000_fastq": dict(protocol=Protocol(n_atoms=1000, t_quench=4.0), master_seed=MASTER_SEED + 1004),
}
