"""Fixtures of the soft-potential-model tests: the committed level table (data/cache) and its heat-capacity parts."""

import numpy as np
import pytest

from replicate.theory import spm
from replicate.theory.spm.table import cache_path, load_or_compute


@pytest.fixture(scope="session")
def spm_level_table():
    """The committed level table (its canary rows are recomputed on load)."""
    if not cache_path().exists():
        pytest.fail(f"committed level table {cache_path().name} is missing; run python -m replicate.eqn8_w_factor")
    return load_or_compute()[0]


@pytest.fixture(scope="session")
def spm_parts(spm_level_table):
    """heat_capacity_parts of the committed table on 121 temperatures 0.01-2 (k_B T / W)."""
    return spm.heat_capacity_parts(spm_level_table, np.geomspace(0.01, 2.0, 121))
