"""Weighted quantiles (replicate.glass.quantiles) on small hand-computed cases."""

import numpy as np
import pytest

from replicate.glass import spectra
from replicate.glass.quantiles import weighted_median, weighted_quantile


def test_equal_weights_median_of_unsorted_values():
    x = np.array([3.0, 1.0, 2.0])
    w = np.ones(3)
    assert weighted_median(x, w) == 2.0
    assert weighted_quantile(x, w, 0.0) == 1.0
    assert weighted_quantile(x, w, 1.0) == 3.0


def test_first_value_whose_cumulative_weight_reaches_q():
    x = np.array([1.0, 2.0, 3.0, 4.0])
    w = np.ones(4)
    assert weighted_median(x, w) == 2.0  # C = 1, 2, 3, 4 reaches 2 at x = 2 (no interpolation)
    assert weighted_quantile(x, w, 0.51) == 3.0
    assert weighted_quantile(x, w, 0.25) == 1.0


def test_a_heavy_value_takes_the_median():
    x = np.array([4.0, 1.0, 2.0, 3.0])
    w = np.array([0.7, 0.1, 0.1, 0.1])
    assert weighted_median(x, w) == 4.0
    assert weighted_quantile(x, w, 0.15) == 2.0
    assert weighted_quantile(x, w, 0.05) == 1.0


def test_zero_weights_are_skipped():
    x = np.array([1.0, 2.0, 3.0])
    w = np.array([0.0, 0.0, 1.0])
    assert weighted_quantile(x, w, 0.1) == 3.0


@pytest.mark.parametrize("kind", ["stable", "quicksort"])
def test_ties_give_the_tied_value_with_either_sort(kind):
    x = np.array([2.0, 1.0, 2.0, 2.0, 3.0])
    w = np.array([1.0, 1.0, 1.0, 1.0, 1.0])
    assert weighted_median(x, w, kind=kind) == 2.0


def test_pooled_quantile_is_the_quantile_of_the_concatenation():
    rng = np.random.default_rng(4)
    values = [rng.random(7), rng.random(5)]
    weights = [rng.random(7), rng.random(5)]
    for q in (0.1, 0.5, 0.9):
        assert spectra.pooled_weighted_quantile(values, weights, q) == weighted_quantile(
            np.concatenate(values), np.concatenate(weights), q
        )
    assert spectra.pooled_weighted_median(values, weights) == weighted_median(
        np.concatenate(values), np.concatenate(weights)
    )
