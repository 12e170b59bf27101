"""CI: a second numerical configuration of this machine, and the check that it took effect.

``python .ci/numerics.py choose`` prints the environment of the second configuration as ``export`` lines:
numpy without its widest SIMD dispatch targets (the AVX-512 ones where the CPU has them, else every
dispatch target above numpy's baseline), numba compiled for a generic CPU, two BLAS threads.
``OPENBLAS_CORETYPE`` and ``OPENBLAS_L2_SIZE`` are left as the machine sets them (some processors need
them for correct results). ``python .ci/numerics.py check`` fails unless that configuration is in force.
"""

import os
import sys


def dispatch_targets():
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    return [t for t in __cpu_dispatch__ if __cpu_features__.get(t)]


def choose():
    enabled = dispatch_targets()
    widest = [t for t in enabled if "512" in t or t.endswith("V4")]
    off = widest or enabled
    if not off:
        sys.exit("numpy dispatches no SIMD target above its baseline on this CPU: no second configuration")
    print(f"export NPY_DISABLE_CPU_FEATURES='{' '.join(off)}'")
    print("export NUMBA_CPU_NAME=generic")
    print("export OPENBLAS_NUM_THREADS=2")


def check():
    off = os.environ.get("NPY_DISABLE_CPU_FEATURES", "").split()
    if not off:
        sys.exit("NPY_DISABLE_CPU_FEATURES is not set")
    from numpy._core._multiarray_umath import __cpu_features__

    still = [t for t in off if __cpu_features__.get(t)]
    if still:
        sys.exit(f"numpy still dispatches {still}: NPY_DISABLE_CPU_FEATURES did not take effect")
    import numba

    if numba.config.CPU_NAME != "generic":
        sys.exit(f"numba compiles for {numba.config.CPU_NAME!r}, not 'generic'")
    print(
        f"second configuration in force: numpy without {' '.join(off)}, numba for a generic CPU, "
        f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')}"
    )


if __name__ == "__main__":
    {"choose": choose, "check": check}[sys.argv[1]]()
