"""Compute or check the soft-potential-model level table (``replicate.theory.spm.table``), cached under
``data/cache/``: seconds on a cache hit, 6-9 minutes per process on a miss.

    python -m replicate.tools.spm_table [--jobs N] [--recompute]
"""

import argparse

from ..core.cli import run
from ..core.errors import require_int
from ..core.registry import command
from ..theory.spm.table import load_or_compute


def main(argv=None):
    ap = argparse.ArgumentParser(prog=command("tools.spm_table"), description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=1, help="processes for a cache miss, 1-64 (default 1)")
    ap.add_argument("--recompute", action="store_true", help="recompute even when the table is cached")
    args = ap.parse_args(argv)
    require_int("jobs", args.jobs, 1, 64)
    load_or_compute(n_jobs=args.jobs, recompute=args.recompute)


if __name__ == "__main__":
    run(main)
