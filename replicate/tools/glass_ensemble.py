"""Run (or refresh from the cache) the glass ensembles behind Figs 5 and 6.

``python -m replicate.tools.glass_ensemble [--n500 K] [--n1000 K] [--nrc K] [--nfast500 K] [--nfast1000 K]
[--jobs J] [--scheduler tcp://HOST:PORT]`` makes sure the
first K samples of each ensemble of :data:`replicate.glass.ensemble.ENSEMBLES` exist under
``data/cache/glass_<hash>/`` (cache hits and misses are printed), computing missing ones with
local joblib workers or, with ``--scheduler`` (or the environment variable ``GLASS_SCHEDULER``, which
``make`` passes on), on the workers of a dask cluster; the samples are the same bit for bit either way. The work is staged (half of each ensemble first) so that a partial run leaves usable
ensembles of every kind. Before a cached ensemble is reused, its sample 0 is re-prepared with the
current code and compared with the cache (:func:`replicate.glass.ensemble.check_cache`, about
20 s per ensemble); a stale cache stops the run with one line.
"""

import os
import re
import time

from ..core.cli import parser, run
from ..core.errors import ParameterError, require_int
from ..core.registry import command
from ..glass.ensemble import (
    ENSEMBLES,
    cache_dir,
    check_cache,
    missing_samples,
    run_ensemble,
    sample_path,
)

SCHEDULER = re.compile(r"(tcp|tls|ucx|inproc)://[\w.\-\[\]:]+:\d+")
OPTIONS = {
    "n500": "N500_rc2.5",
    "n1000": "N1000_rc2.5",
    "nrc": "N500_rc3.5",
    "nfast500": "N500_fastq",
    "nfast1000": "N1000_fastq",
}


def main(argv=None):
    ap = parser(command("tools.glass_ensemble"), __doc__)
    for opt, name in OPTIONS.items():
        n = ENSEMBLES[name]["n_samples"]
        ap.add_argument(
            f"--{opt}",
            type=int,
            default=n,
            help=f"samples of {name}, 1-100000 (default {n}, the number Figs 5-6 use; more are "
            "cached but not used until ENSEMBLES says so)",
        )
    ap.add_argument("--jobs", type=int, default=2, help="joblib workers, 1-64 (default 2)")
    ap.add_argument(
        "--scheduler",
        default=os.environ.get("GLASS_SCHEDULER") or None,
        help="address tcp://HOST:PORT of a dask scheduler whose workers prepare the samples (default: "
        "$GLASS_SCHEDULER, else local joblib workers)",
    )
    args = ap.parse_args(argv)
    if args.scheduler is not None and not SCHEDULER.fullmatch(args.scheduler):
        raise ParameterError(f"--scheduler must look like tcp://HOST:PORT, got {args.scheduler!r}")
    targets = {name: getattr(args, opt) for opt, name in OPTIONS.items()}
    for name, k in targets.items():
        require_int(f"samples of {name}", k, 1, 100000)
    require_int("jobs", args.jobs, 1, 64)
    t0 = time.perf_counter()
    cached = [
        name
        for name in targets
        if sample_path(cache_dir(ENSEMBLES[name]["protocol"], ENSEMBLES[name]["master_seed"]), 0).exists()
    ]
    if cached:  # reuse only caches that the current engine still reproduces
        check_cache(cached, n_jobs=args.jobs)
    for frac in (0.5, 1.0):  # stage: half of every ensemble first
        for name, k in targets.items():
            spec = ENSEMBLES[name]
            if frac < 1.0 and not missing_samples(spec["protocol"], spec["master_seed"], k):
                continue  # complete: report the hit once, in the second stage
            run_ensemble(
                spec["protocol"],
                spec["master_seed"],
                max(1, int(round(frac * k))),
                n_jobs=args.jobs,
                label=name,
                scheduler=args.scheduler,
            )
    print(f"all ensembles ready in {time.perf_counter() - t0:.0f} s", flush=True)


if __name__ == "__main__":
    run(main)
