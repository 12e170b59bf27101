"""Shared entry point for ``python -m replicate.<item>`` scripts.

A bad parameter ends the command with one line on stderr and exit status 2, a missing or stale
cache or data file with one line and exit status 1, no traceback; since all writes are atomic, no
partial output is left behind.
"""

import argparse
import sys
import time

from .errors import DataError, ParameterError


def run(main):
    """Call ``main()``; a :class:`ParameterError` (exit 2) or :class:`DataError` (exit 1) becomes one line."""
    t0 = time.perf_counter()
    try:
        main()
    except ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(1) from None
    except KeyboardInterrupt:
        print("interrupted; no partial output was written", file=sys.stderr)
        raise SystemExit(130) from None
    return time.perf_counter() - t0


def parser(command, doc):
    """An argument parser for ``command`` (e.g. ``python -m replicate.eqn23``) whose description is the
    first paragraph of the module docstring ``doc``: every command answers ``--help`` and refuses unknown
    options (argparse exits with status 2 before anything is computed or written)."""
    first = doc.strip().split("\n\n")[0].replace("\n", " ")
    return argparse.ArgumentParser(prog=command, description=first)
