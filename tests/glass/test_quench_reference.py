"""The crystallinity criterion of the finite-size series (replicate.glass.quench_reference): its rule on
numbers with a known answer, and a canary that re-makes reference 0 at N = 500 and compares it with the
cache."""

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.glass import size_series
from replicate.glass.ensemble import read_sample
from replicate.glass.quench_reference import ReferenceProtocol, accepted, cluster_bound, reference_sample
from replicate.glass.structure import CRYSTALLINE_THRESHOLD


def test_rule_by_hand():
    """Disordered references with largest clusters 10, 20, ..., 60, the last at exactly the fraction
    threshold (kept: only a fraction above it orders a reference); linear quartiles 22.5 and 47.5, fence
    47.5 + 1.5 x 25 = 85. One ordered reference (cluster 500) is left out. Glasses (fraction, cluster):
    (0.05, 85) passes, (0.05, 86) fails on the cluster, (threshold + 0.01, 10) fails on the fraction,
    (threshold, 0) passes."""
    refs = [10, 20, 30, 40, 50, 60, 500]
    ref_fr = [0.01] * 5 + [CRYSTALLINE_THRESHOLD, CRYSTALLINE_THRESHOLD + 0.3]
    assert cluster_bound(refs, ref_fr) == pytest.approx(85.0)
    fr = [0.05, 0.05, CRYSTALLINE_THRESHOLD + 0.01, CRYSTALLINE_THRESHOLD]
    cl = [85, 86, 10, 0]
    np.testing.assert_array_equal(accepted(fr, cl, refs, ref_fr), [True, False, False, True])


def test_no_reference_is_an_error():
    with pytest.raises(ParameterError, match="four disordered references"):
        cluster_bound([1, 2, 3, 400], [0.0, 0.0, 0.0, 0.9])
    with pytest.raises(ParameterError, match="ReferenceProtocol"):
        reference_sample(size_series.spec(500)["protocol"], 1, 0)


def test_canary_reference_0_at_n500_equals_the_cache():
    """Same engine, same seed: the same minimised liquid (energy to 1e-12, the order measures exactly)."""
    s = size_series.reference_spec(500)
    assert isinstance(s["protocol"], ReferenceProtocol)
    cached = read_sample(s["protocol"], s["master_seed"], 0)
    fresh = reference_sample(s["protocol"], s["master_seed"], 0)
    assert fresh["e_is"] == pytest.approx(float(cached["e_is"]), rel=1e-12)
    assert fresh["largest_cluster"] == int(cached["largest_cluster"])
    assert fresh["fraction"] == pytest.approx(float(cached["fraction"]), abs=1e-12)
