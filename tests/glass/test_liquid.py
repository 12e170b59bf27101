"""The liquid series (replicate.glass.liquid): its parameters are checked, and the canary re-runs the
first two stops of cached sample 0 with the current code and compares them with the cache."""

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.glass.ensemble import read_sample
from replicate.glass.liquid import FLOAT32_KEYS, SERIES, LiquidProtocol, liquid_sample
from replicate.glass.prepare import Protocol

# float32 fields are compared to their rounding (2^-23 relative) plus a floor for eigenvalues near zero:
# the eigensolver's round-off, ~1e-15 of the largest eigenvalue (~100/tau^2), so 1e-10 1/tau^2 is ample
FLOAT32_RTOL = 2.0**-23
FLOAT32_ATOL = 1e-10
# solver tolerances (README, "Tolerances"): MD and minimiser repeat bit for bit on one machine; 1e-10 leaves
# room for another CPU's last bits, which stay far below it over the two stops of the canary
FLOAT64_RTOL = 1e-10  # energies, temperatures, displacements
N_STOPS = 2


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(temperatures=(0.3, 0.4)), "descending"),
        (dict(temperatures=(0.6, 0.3)), r"\[kT_end, kT_liquid\]"),
        (dict(temperatures=()), "non-empty"),
        (dict(t_hold=0.0), "t_hold"),
        (dict(n_snapshots=0), "n_snapshots"),
        (dict(glass="N500"), "glass must be a Protocol"),
    ],
)
def test_bad_parameters_are_named(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        LiquidProtocol(**kwargs)


def test_cooling_rate_is_the_glass_quench():
    p = LiquidProtocol(glass=Protocol(n_atoms=500))
    assert p.cooling_rate == pytest.approx((0.5 - 0.01) / 40.0)


def test_canary_first_stops_of_sample_0_equal_the_cache():
    """About 15 s: melt, equilibrate, stop at the first two temperatures, both snapshots each, their
    modes, kappa_4 and inherent structures."""
    spec = SERIES["N500"]
    cached = read_sample(spec["protocol"], spec["master_seed"], 0)
    fresh = liquid_sample(spec["protocol"], spec["master_seed"], 0, n_stops=N_STOPS)
    for key, new in fresh.items():
        if key in ("md_s", "modes_s", "e_liquid", "kT_liquid_measured", "index", "master_seed", "n_atoms", "box"):
            if key not in ("md_s", "modes_s"):
                np.testing.assert_allclose(new, cached[key], rtol=FLOAT64_RTOL, err_msg=key)
            continue
        old = cached[key][:N_STOPS]
        new = np.asarray(new)
        assert new.shape == old.shape, key
        if key in FLOAT32_KEYS:
            np.testing.assert_allclose(new, old, rtol=FLOAT32_RTOL, atol=FLOAT32_ATOL, err_msg=key)
        elif new.dtype.kind == "b":
            assert np.array_equal(new, old), key
        else:
            np.testing.assert_allclose(new, old, rtol=FLOAT64_RTOL, err_msg=key)
