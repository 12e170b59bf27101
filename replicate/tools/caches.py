"""The committed caches the results are made from, and a check that every file of them is present.

``python -m replicate.tools.caches [--stamp FILE]`` lists every cache file the figures and tables use (the
samples 0..n_samples-1 of every ensemble of :data:`replicate.glass.ensemble.ENSEMBLES` and of every
liquid series of :data:`replicate.glass.liquid.SERIES` with their ``ensemble.json``, the glasses and core
analyses of the finite-size series at :data:`replicate.glass.size_series.CORE_SIZES` with the instantly
quenched liquids of their crystallinity criterion, the soft-potential level table and its coarse twin) and recomputes what is missing
(hours for a whole ensemble, minutes for a table). With ``--stamp`` the file is touched only when
something was recomputed (or when it does not exist), so ``make`` rebuilds the results that depend on the
caches only then; `make all` runs this check every time (about a second).
"""

import sys
from pathlib import Path

from ..core.cli import parser, run
from ..core.registry import command
from ..glass import core_size, liquid, quench_reference, size_series
from ..glass.ensemble import (
    ENSEMBLES,
    cache_dir,
    check_cache,
    run_ensemble,
    sample_path,
)
from ..theory.spm import table as spm_table


def spm_tables():
    """``{name: params}`` of the level tables the eqn (8) result reads."""
    return {"default": None, "coarse": spm_table.coarse_table_params()}


def expected_files():
    """Every cache file the results use, as ``{path: how to remake it}``."""
    out = {}
    for name, spec in ENSEMBLES.items():
        folder = cache_dir(spec["protocol"], spec["master_seed"])
        out[folder / "ensemble.json"] = ("glass", name)
        for k in range(spec["n_samples"]):
            out[sample_path(folder, k)] = ("glass", name)
    for name in liquid.SERIES:
        for path in liquid.series_files(name):
            out[path] = ("liquid", name)
    for n in size_series.CORE_SIZES:
        for path, kind in size_series.core_files(n).items():
            out.setdefault(path, (f"series {kind}", n))
        # every glass of the size, beyond those of the core analysis (the lowest-mode and DOS statistics read them)
        s = size_series.spec(n)
        folder = cache_dir(s["protocol"], s["master_seed"])
        for k in range(s["n_samples"]):
            out.setdefault(sample_path(folder, k), ("series glass", n))
    for name, params in spm_tables().items():
        out[spm_table.cache_path(params)] = ("spm", name)
    return out


def missing_files():
    return {p: how for p, how in expected_files().items() if not p.exists()}


def main(argv=None):
    ap = parser(command("tools.caches"), __doc__)
    ap.add_argument(
        "--stamp",
        type=Path,
        default=None,
        help="file to touch when a cache file was recomputed or the stamp does not exist yet",
    )
    args = ap.parse_args(argv)
    missing = missing_files()
    n = len(expected_files())
    if not missing:
        print(f"caches: all {n} files present", file=sys.stderr)
    for kind, name in sorted(set(missing.values()), key=lambda kn: (kn[0] != "series glass", kn)):  # glasses first
        print(
            f"caches: {sum(v == (kind, name) for v in missing.values())} file(s) of {kind} {name} missing; recomputing",
            file=sys.stderr,
        )
        if kind == "glass":
            spec = ENSEMBLES[name]
            if sample_path(cache_dir(spec["protocol"], spec["master_seed"]), 0).exists():
                check_cache([name], n_jobs=1)  # add samples only with the engine that made the others
            run_ensemble(spec["protocol"], spec["master_seed"], spec["n_samples"], label=name)
        elif kind == "liquid":
            liquid.run_series(name)
        elif kind == "series glass":
            s = size_series.spec(name)
            run_ensemble(s["protocol"], s["master_seed"], s["n_samples"], label=f"series N={name}")
        elif kind == "series core":
            s = size_series.core_spec(name)
            run_ensemble(
                s["protocol"], s["master_seed"], s["n_samples"], label=f"core N={name}", prepare=core_size.prepare_bytes
            )
        elif kind == "series reference":
            s = size_series.reference_spec(name)
            run_ensemble(
                s["protocol"],
                s["master_seed"],
                s["n_samples"],
                label=f"instant quenches N={name}",
                prepare=quench_reference.prepare_bytes,
            )
        else:
            spm_table.load_or_compute(spm_tables()[name], n_jobs=2)
    if args.stamp is not None and (missing or not args.stamp.exists()):
        args.stamp.parent.mkdir(parents=True, exist_ok=True)
        args.stamp.touch()


if __name__ == "__main__":
    run(main)
