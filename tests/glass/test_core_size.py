"""The core analyses of the finite-size series (replicate.glass.core_size): the canary recomputes sample 0
at N = 500 with the current code and compares it with the cache."""

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.glass import size_series
from replicate.glass.core_size import CoreProtocol, core_sample, distinct_modes, softest_distinct
from replicate.glass.ensemble import read_sample
from replicate.glass.prepare import Protocol

# solver tolerances (README, "Tolerances"); kappa_3 is signed by the convention of
# replicate.glass.nonlinear_modes.orient_by_cubic, so it is compared with its sign.
# harmonic quantities come from the sparse eigensolver, whose last bits depend on the BLAS threads
# (3e-14 measured on eigenvalues); the nonlinear modes are minima reached by L-BFGS from those vectors,
# converged to a scale-free gradient of 1e-5 (replicate.glass.nonlinear_modes.STATIONARY), so their N_k
# and kappas agree to about that
HARMONIC_RTOL = 1e-8
NONLINEAR_RTOL = 1e-4


def test_canary_sample_0_at_n500_equals_the_cache():
    s = size_series.core_spec(500)
    cached = read_sample(s["protocol"], s["master_seed"], 0)
    fresh = core_sample(s["protocol"], s["master_seed"], 0)
    assert bool(cached["has_modes"]) == fresh["has_modes"]
    for key in ("frequencies", "participation_number"):
        np.testing.assert_allclose(fresh[key], cached[key], rtol=HARMONIC_RTOL, err_msg=key)
    for key in ("nonlinear_participation", "nonlinear_kappa", "nonlinear_overlap"):
        np.testing.assert_allclose(fresh[key], cached[key], rtol=NONLINEAR_RTOL, atol=1e-6, err_msg=key)
    np.testing.assert_array_equal(fresh["nonlinear_centre"], cached["nonlinear_centre"])


@pytest.mark.parametrize(
    "kwargs, match", [(dict(n_lowest=0), "n_lowest"), (dict(order=5), "order"), (dict(glass=None), "Protocol")]
)
def test_bad_parameters_are_named(kwargs, match):
    args = dict(glass=Protocol(n_atoms=500))
    args.update(kwargs)
    with pytest.raises(ParameterError, match=match):
        CoreProtocol(**args)


def test_distinct_modes_keeps_the_first_of_each_group():
    o = np.array(
        [
            [1.0, 0.95, 0.1, 0.2],
            [0.95, 1.0, 0.1, 0.2],
            [0.1, 0.1, 1.0, 0.92],
            [0.2, 0.2, 0.92, 1.0],
        ]
    )
    np.testing.assert_array_equal(distinct_modes(o), [0, 2])
    np.testing.assert_array_equal(distinct_modes(np.eye(3)), [0, 1, 2])


def test_softest_distinct_orders_the_distinct_modes_by_kappa_2():
    """Modes 0 and 1 are one mode (overlap 0.95); of the distinct 0, 2, 3 the softest two are 3 and 0."""
    o = np.eye(4)
    o[0, 1] = o[1, 0] = 0.95
    kappa_2 = np.array([0.2, 0.01, 0.5, 0.1])  # mode 1 is soft but the same as mode 0, kept before it
    np.testing.assert_array_equal(softest_distinct(o, kappa_2, 2), [3, 0])
    np.testing.assert_array_equal(softest_distinct(o, kappa_2, 10), [3, 0, 2])


def test_kept_fields_leaves_the_cache_key_of_older_analyses_alone():
    """kept_fields = 0 hashes like the protocol before the option existed (the committed core caches keep
    their key); any other value makes a new key."""
    g = Protocol(n_atoms=500)
    assert "kept_fields" not in CoreProtocol(glass=g).as_dict()
    assert CoreProtocol(glass=g, kept_fields=3).as_dict()["kept_fields"] == 3
    with pytest.raises(ParameterError, match="kept_fields"):
        CoreProtocol(glass=g, kept_fields=11)
