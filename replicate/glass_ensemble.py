"""Run (or refresh from the cache) the glass ensembles behind Figs 5 and 6.

``python -m replicate.glass_ensemble [--n500 K] [--n1000 K] [--nrc K] [--nfast500 K] [--nfast1000 K]
[--jobs J]`` makes sure the
first K samples of each ensemble of :data:`replicate.glass.ensemble.ENSEMBLES` exist under
``data/cache/glass_<hash>/`` (cache hits and misses are printed), computing missing ones with
joblib. The work is staged (half of each ensemble first) so that a partial run leaves usable
ensembles of every kind. Before a cached ensemble is reused, its sample 0 is re-prepared with the
current code and compared with the cache (:func:`replicate.glass.ensemble.check_cache`, about
20 s per ensemble); a stale cache stops the run with one line.
"""

import argparse
import time

from .cli import run
from .errors import require_int
from .glass.ensemble import ENSEMBLES, cache_dir, check_cache, missing_samples, run_ensemble, sample_path

DEFAULTS = {"N500_rc2.5": 200, "N1000_rc2.5": 200, "N500_rc3.5": 60, "N500_fastq": 100, "N1000_fastq": 100}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n500", type=int, default=DEFAULTS["N500_rc2.5"], help="samples, N = 500, rc = 2.5")
    ap.add_argument("--n1000", type=int, default=DEFAULTS["N1000_rc2.5"], help="samples, N = 1000, rc = 2.5")
    ap.add_argument("--nrc", type=int, default=DEFAULTS["N500_rc3.5"], help="samples, N = 500, rc = 3.5")
    ap.add_argument("--nfast500", type=int, default=DEFAULTS["N500_fastq"], help="samples, N = 500, fast quench")
    ap.add_argument("--nfast1000", type=int, default=DEFAULTS["N1000_fastq"], help="samples, N = 1000, fast quench")
    ap.add_argument("--jobs", type=int, default=2, help="joblib workers")
    args = ap.parse_args(argv)
    targets = {"N500_rc2.5": args.n500, "N1000_rc2.5": args.n1000, "N500_rc3.5": args.nrc,
               "N500_fastq": args.nfast500, "N1000_fastq": args.nfast1000}
    for name, k in targets.items():
        require_int(f"samples of {name}", k, 1, 100000)
    require_int("jobs", args.jobs, 1, 64)
    t0 = time.perf_counter()
    cached = [name for name in targets
              if sample_path(cache_dir(ENSEMBLES[name]["protocol"], ENSEMBLES[name]["master_seed"]), 0).exists()]
    if cached:  # reuse only caches that the current engine still reproduces
        check_cache(cached, n_jobs=args.jobs)
    for frac in (0.5, 1.0):  # stage: half of every ensemble first
        for name, k in targets.items():
            spec = ENSEMBLES[name]
            if frac < 1.0 and not missing_samples(spec["protocol"], spec["master_seed"], k):
                continue  # complete: report the hit once, in the second stage
            run_ensemble(spec["protocol"], spec["master_seed"], max(1, int(round(frac * k))),
                         n_jobs=args.jobs, label=name)
    print(f"all ensembles ready in {time.perf_counter() - t0:.0f} s", flush=True)


if __name__ == "__main__":
    run(main)
