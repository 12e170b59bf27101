"""Shared entry point for ``python -m replicate.<item>`` scripts.

A bad parameter ends the command with one line on stderr and exit status 2, no traceback; since
all writes are atomic, no partial output is left behind.
"""

import sys
import time

from .errors import ParameterError


def run(main):
    """Call ``main()`` and turn :class:`ParameterError` into a one-line message and exit 2."""
    t0 = time.perf_counter()
    try:
        main()
    except ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        print("interrupted; no partial output was written", file=sys.stderr)
        raise SystemExit(130) from None
    return time.perf_counter() - t0
