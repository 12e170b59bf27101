"""Parameter checks with messages that name the parameter and the allowed range.

Every public function checks its arguments through these helpers, so a bad value fails at the
surface with a :class:`ParameterError` instead of deep inside numpy, scipy or numba.
"""

import math

import numpy as np


class ParameterError(ValueError):
    """A parameter is outside its allowed range; the message names it and the range."""


class DataError(RuntimeError):
    """A cache or data file is missing, stale or malformed; the message names it and says how to fix it."""


def _as_array(name, value):
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"{name} must be a real number, got {value!r}") from None
    if np.any(np.isnan(arr)):
        raise ParameterError(f"{name} must not be NaN")
    return arr


def require_finite(name, value):
    """Return ``value`` as float (array) after checking it is finite."""
    arr = _as_array(name, value)
    if np.any(~np.isfinite(arr)):
        raise ParameterError(f"{name} must be finite, got {value!r}")
    return float(arr) if arr.ndim == 0 else arr


def require_positive(name, value, unit=""):
    """Check ``0 < value < inf``."""
    arr = _as_array(name, value)
    if np.any(~(arr > 0)) or np.any(~np.isfinite(arr)):
        u = f" {unit}" if unit else ""
        short = name.split(" (")[0]  # the name without its description, for the range
        raise ParameterError(f"{name} must be positive and finite (0 < {short} < inf{u}), got {value!r}")
    return float(arr) if arr.ndim == 0 else arr


def require_range(name, value, lo=-math.inf, hi=math.inf, lo_open=False, hi_open=False):
    """Check ``lo <= value <= hi`` (open ends where requested)."""
    arr = _as_array(name, value)
    bad_lo = arr <= lo if lo_open else arr < lo
    bad_hi = arr >= hi if hi_open else arr > hi
    if np.any(bad_lo) or np.any(bad_hi):
        left = "(" if lo_open else "["
        right = ")" if hi_open else "]"
        raise ParameterError(f"{name} must lie in {left}{lo}, {hi}{right}, got {value!r}")
    return float(arr) if arr.ndim == 0 else arr


def require_int(name, value, lo=None, hi=None):
    """Check an integer in ``[lo, hi]``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ParameterError(f"{name} must be an integer, got {value!r}")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ParameterError(f"{name} must lie in [{lo}, {hi}], got {value!r}")
    return int(value)


def require_positions(pos, min_atoms=1):
    """Return ``pos`` as a C-contiguous float64 copy of shape (N, 3), N >= ``min_atoms``, all finite."""
    arr = np.array(pos, dtype=np.float64, order="C")
    if arr.ndim != 2 or arr.shape[1] != 3:
        raise ParameterError(f"pos must have shape (N, 3), got {arr.shape}")
    if arr.shape[0] < min_atoms:
        raise ParameterError(f"N (number of atoms) must be >= {min_atoms}, got {arr.shape[0]}")
    if not np.all(np.isfinite(arr)):
        raise ParameterError("pos must be finite (no NaN or inf)")
    return arr
