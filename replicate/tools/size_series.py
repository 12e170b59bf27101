"""Run (or extend from the cache) the finite-size series of the glass, N = 500 to 32,000.

``python -m replicate.tools.size_series [--sizes N ...] [--samples K] [--jobs J]`` makes sure the first K
samples (default: the series' number per size, :data:`replicate.glass.size_series.SAMPLES`) of each
size exist under ``data/cache/glass_<hash>/``, computing missing ones with local workers; an
interrupted run keeps every finished sample, and a second run continues from there. Each sample's cost
grows with N (about 1.5 min at N = 2000, 2.6 min at 8000, 16 min at 16,000 and 30 min at 32,000 on one
core, two at a time; at 32,000, 23 of the 30 min find the lowest 200 modes). Before a
cached size up to N = 2000 is extended, its sample 0 is re-prepared with the current code and compared
with the cache (:func:`replicate.glass.ensemble.stale_sample`); the larger sizes run the same engine.
"""

import time

from ..core.cli import parser, run
from ..core.errors import DataError, ParameterError, require_int
from ..core.registry import command
from ..glass import size_series
from ..glass.ensemble import cache_dir, run_ensemble, sample_path, stale_sample

CANARY_MAX_ATOMS = 2000  # sizes whose sample 0 is re-prepared before extending (a minute or two each)


def main(argv=None):
    ap = parser(command("tools.size_series"), __doc__)
    ap.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[n for n in size_series.SIZES if n > 1000],
        help=f"system sizes N, each one of {', '.join(map(str, size_series.SIZES))} (default: those above 1000; "
        "500 and 1000 are the cached fast-quench ensembles)",
    )
    ap.add_argument(
        "--samples", type=int, default=None, help="samples per size, 1-1000 (default: the series' number per size)"
    )
    ap.add_argument("--jobs", type=int, default=2, help="worker processes, 1-64 (default 2)")
    args = ap.parse_args(argv)
    for n in args.sizes:
        if n not in size_series.SIZES:
            raise ParameterError(
                f"--sizes: N = {n} is not a size of the series; allowed: {', '.join(map(str, size_series.SIZES))}"
            )
    if args.samples is not None:
        require_int("--samples", args.samples, 1, 1000)
    require_int("--jobs", args.jobs, 1, 64)
    t0 = time.perf_counter()
    for n in args.sizes:
        s = size_series.spec(n)
        k = s["n_samples"] if args.samples is None else args.samples
        if n <= CANARY_MAX_ATOMS and sample_path(cache_dir(s["protocol"], s["master_seed"]), 0).exists():
            bad = stale_sample(s["protocol"], s["master_seed"], 0)  # the canary
            if bad:
                raise DataError(f"the cached series at N = {n} is stale ({', '.join(bad)[:200]}): the engine changed")
        run_ensemble(s["protocol"], s["master_seed"], k, n_jobs=args.jobs, label=f"series N={n}")
    print(f"size series ready in {time.perf_counter() - t0:.0f} s", flush=True)


if __name__ == "__main__":
    run(main)
