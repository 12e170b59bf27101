"""The finite-size series of the soft-sphere glass: one protocol from N = 500 to N = 32,000.

Every size uses :class:`replicate.glass.prepare.Protocol` with the fast quench of the Fig 5-6
quench-rate check (``t_quench`` = 4 tau instead of 40 tau) and the master seed MASTER_SEED + N + 4,
so N = 500 and N = 1000 are the cached ``N500_fastq`` and ``N1000_fastq`` ensembles of
:data:`replicate.glass.ensemble.ENSEMBLES`. Why the fast quench: the inherent-structure energy of the
glasses is the same for both quench rates and equal to that of the liquid at every temperature from
kT = 0.5 down (Section 4 result, ``data/results/sec4_liquid.json``), so the slower quench buys no
different glass, while it takes three times the MD and crystallises more of the large boxes.

Glasses above :data:`replicate.glass.prepare.DENSE_MODES_MAX_ATOMS` atoms keep the lowest
:data:`replicate.glass.prepare.SPARSE_MODES` modes and the displacement fields of the lowest
:data:`replicate.glass.prepare.SAVED_VECTORS`.
"""

import numpy as np

from .core_size import CoreProtocol
from .ensemble import ENSEMBLES, MASTER_SEED, cache_dir, load_ensemble, read_sample, sample_path
from .prepare import Protocol
from .quench_reference import ReferenceProtocol, accepted, cluster_bound
from .structure import CLUSTER_THRESHOLD

SIZES = (500, 1000, 2000, 4000, 8000, 16000, 32000)
T_QUENCH = 4.0  # tau, the fast quench of the N500_fastq / N1000_fastq ensembles
# samples per size: the small sizes are the cached fast-quench ensembles; above them the number of
# low-frequency modes per sample grows with N, so fewer samples give the same mode statistics, and the
# cost per sample (2.6 min at N = 8000, 16 min at 16,000 and about 32 min at 32,000 per glass on each of
# the 2 cores) sets the rest; at N = 32,000 four glasses (two rounds on 2 cores) fit the time of a stop
SAMPLES = {500: 100, 1000: 100, 2000: 16, 4000: 16, 8000: 12, 16000: 8, 32000: 4}


def spec(n_atoms):
    """``dict(protocol=..., master_seed=..., n_samples=...)`` of the series at ``n_atoms`` (one of :data:`SIZES`)."""
    if n_atoms not in SAMPLES:
        raise KeyError(f"N = {n_atoms} is not a size of the series; sizes: {', '.join(map(str, SIZES))}")
    out = dict(
        protocol=Protocol(n_atoms=n_atoms, t_quench=T_QUENCH),
        master_seed=MASTER_SEED + n_atoms + 4,
        n_samples=SAMPLES[n_atoms],
    )
    for e in ENSEMBLES.values():  # the small sizes are existing ensembles: same protocol, same seed
        if e["protocol"] == out["protocol"]:
            assert e["master_seed"] == out["master_seed"]
    return out


# The core analysis (replicate.glass.core_size): glass samples 0..CORE_SAMPLES[N]-1 of each size, at the
# sizes of CORE_SIZES, the sizes whose glasses are complete in the committed cache (the series grows
# across sessions; a size joins when all its samples are in)
CORE_SAMPLES = {500: 16, 1000: 16, 2000: 16, 4000: 12, 8000: 8, 16000: 6, 32000: 4}
CORE_SIZES = (500, 1000, 2000, 4000, 8000, 16000, 32000)
# the fields of the softest distinct quartic modes per glass (the anatomy of a soft mode) are kept at the
# sizes whose box is large enough for a far field (L/2 >= 10 sigma from N = 8000); 3 per glass keep the
# series' cache small (about 0.3 MB per glass at N = 8000)
KEPT_FIELDS = {8000: 3, 16000: 3, 32000: 3}


def core_spec(n_atoms):
    """``dict(protocol=CoreProtocol, master_seed=..., n_samples=...)`` of the core analysis at ``n_atoms``."""
    g = spec(n_atoms)
    return dict(
        protocol=CoreProtocol(glass=g["protocol"], kept_fields=KEPT_FIELDS.get(n_atoms, 0)),
        master_seed=g["master_seed"],
        n_samples=CORE_SAMPLES[n_atoms],
    )


def reference_spec(n_atoms):
    """``dict(protocol=ReferenceProtocol, master_seed=..., n_samples=...)`` of the instantly quenched
    liquids of the glasses the core analysis at ``n_atoms`` uses (the crystallinity criterion)."""
    g = spec(n_atoms)
    return dict(
        protocol=ReferenceProtocol(glass=g["protocol"]), master_seed=g["master_seed"], n_samples=CORE_SAMPLES[n_atoms]
    )


def core_files(n_atoms):
    """The cache files the core analysis at ``n_atoms`` reads and writes: ``{path: 'glass', 'core' or
    'reference'}``."""
    out = {}
    for kind, s in (("glass", spec(n_atoms)), ("core", core_spec(n_atoms)), ("reference", reference_spec(n_atoms))):
        folder = cache_dir(s["protocol"], s["master_seed"])
        out[folder / "ensemble.json"] = kind
        for k in range(CORE_SAMPLES[n_atoms]):
            out[sample_path(folder, k)] = kind
    return out


def judged_glasses(n_atoms, n_samples=None):
    """Glasses 0..n_samples-1 at ``n_atoms`` (default: those of the core analysis) judged by the
    crystallinity criterion of the series (:func:`replicate.glass.quench_reference.accepted`, with the
    references of the core analysis' glasses), beside the two rules it replaces.

    Returns a dict: ``accepted`` (indices of the glasses used), ``rejected`` (by the criterion, or
    unusable), ``rejected_fraction_only`` (by the solid-like fraction alone), ``rejected_with_cluster_bound``
    (by the Fig 5-6 rule: the fraction or a cluster of 50 atoms), ``cluster_bound`` (atoms), the
    references' ``reference_clusters``, ``reference_fractions`` and ``reference_e_is`` (epsilon per atom),
    the glasses' ``glass_clusters`` and ``e_is``, and the accepted glasses' ``frequencies`` and ``w_T``
    (lists of arrays: nu in 1/tau, transverse plane-wave weights).
    """
    g, r = spec(n_atoms), reference_spec(n_atoms)
    k = CORE_SAMPLES[n_atoms] if n_samples is None else n_samples
    ens = load_ensemble(g["protocol"], g["master_seed"], n_samples=k, fraction_only=True)
    refs = [read_sample(r["protocol"], r["master_seed"], i) for i in range(r["n_samples"])]
    refs = [x for x in refs if bool(x["converged"])]
    ref_clusters = np.array([int(x["largest_cluster"]) for x in refs])
    ref_fractions = np.array([float(x["fraction"]) for x in refs])
    ok = ens.accepted & accepted(
        ens.scalars["crystallinity"], ens.scalars["largest_cluster"], ref_clusters, ref_fractions
    )
    fig56 = ens.accepted & (ens.scalars["largest_cluster"] < CLUSTER_THRESHOLD)
    keep = ok[ens.accepted]  # ens.frequencies and ens.w_T list the fraction-accepted glasses in order
    return {
        "accepted": np.flatnonzero(ok),
        "rejected": int(k - ok.sum()),
        "rejected_fraction_only": int(k - ens.accepted.sum()),
        "rejected_with_cluster_bound": int(k - fig56.sum()),
        "cluster_bound": cluster_bound(ref_clusters, ref_fractions),
        "reference_clusters": ref_clusters,
        "reference_fractions": ref_fractions,
        "reference_e_is": np.array([float(x["e_is"]) for x in refs]),
        "glass_clusters": np.asarray(ens.scalars["largest_cluster"]),
        "e_is": np.asarray(ens.scalars["e_is"], dtype=float),
        "frequencies": [f for f, use in zip(ens.frequencies, keep) if use],
        "w_T": [w for w, use in zip(ens.w_T, keep) if use],
    }
