"""replicate.theory.spm.table: the uniform (eta, xi) density, the quadrature nodes and the level table
(committed under data/cache; its canary rows are recomputed in tests/tools/test_caches.py)."""

import numpy as np
import pytest

from replicate.theory import spm
from replicate.theory.spm import table as spm_table


def test_sea_gull_jacobian_is_half_eta_prime():
    """The shift from eta' y^2 + t y^3 + y^4 to xi y + eta y^2 + y^4 has |d(xi, eta)/d(eta', t)| = |eta'|/2."""
    rng = np.random.default_rng(1)
    for ep, t in rng.normal(size=(20, 2)) * 2:

        def fwd(ep, t):
            return np.array([t**3 / 8 - ep * t / 2, ep - 3 * t * t / 8])  # (xi, eta)

        h = 1e-6
        J = np.column_stack([(fwd(ep + h, t) - fwd(ep - h, t)) / (2 * h), (fwd(ep, t + h) - fwd(ep, t - h)) / (2 * h)])
        assert abs(np.linalg.det(J)) == pytest.approx(abs(ep) / 2, rel=1e-6, abs=1e-9)
        # and the shifted potential is the same function: V(y) around the minimum-origin form
        xi, eta = fwd(ep, t)
        y = np.linspace(-2, 2, 9)
        s = t / 4
        lhs = xi * (y + s) + eta * (y + s) ** 2 + (y + s) ** 4
        rhs = ep * y**2 + t * y**3 + y**4
        assert np.allclose(lhs - lhs[4], rhs - rhs[4], atol=1e-9)


def test_table_nodes_integrate_the_harmonic_count():
    """The node weights (uniform density, both signs of xi) count the potentials whose global minimum has
    harmonic spacing sqrt(2 V'') below E as N(E) = int_0^E g = E^5/40, for E well inside E_cut = 12."""
    nodes = spm_table.table_nodes()
    assert np.all(nodes[:, 1] >= 0) and np.all(nodes[:, 2] > 0)
    _, _, curv, *_ = spm.minima_arrays(nodes[:, 0], nodes[:, 1])
    spacing = np.sqrt(2.0 * np.maximum(curv, 0.0))
    # a step function is a hard test of a quadrature: below E ~ 4 the region with eta >= 1 is a few of its
    # xi cells (uniform, width xi_max/30), and the count jumps by up to 40 %; measured deviations at
    # E = 4, 6, 8, 10: -1.7, -2.6, +0.7, +0.1 %
    for E in (4.0, 6.0, 8.0, 10.0):
        assert nodes[spacing < E, 2].sum() == pytest.approx(E**5 / 40, rel=0.04)


def test_coarse_table_has_half_the_nodes_in_each_direction():
    fine, coarse = spm_table.table_nodes(), spm_table.table_nodes(spm_table.coarse_table_params())
    assert coarse.shape[0] == pytest.approx(fine.shape[0] / 4, rel=0.15)
    assert coarse[:, 2].sum() == pytest.approx(fine[:, 2].sum(), rel=0.02)  # the same region


def test_table_key_follows_the_parameters():
    p = dict(spm_table.DEFAULT_TABLE)
    assert spm_table.table_key(p) == spm_table.table_key(dict(p))
    assert spm_table.table_key(dict(p, step=0.2)) != spm_table.table_key(p)
    assert spm_table.table_key(p) in spm_table.cache_path().name
    assert spm_table.cache_path(spm_table.coarse_table_params()) != spm_table.cache_path()


def test_table_rows_are_the_levels_of_their_potentials():
    p = dict(spm_table.DEFAULT_TABLE)
    nodes = np.array([[-6.0, 0.5, 1.0], [2.0, 0.1, 1.0], [-1.0, 3.0, 1.0]])
    full, lower, nlev, dw, tunnelling, asym = spm_table.table_rows(nodes, p)
    assert dw.tolist() == [True, False, False] and tunnelling.tolist() == [True, False, False]
    for i, (eta, xi, _) in enumerate(nodes):
        n = nlev[i]
        assert spm_table.MIN_LEVELS <= n <= spm_table.MAX_LEVELS
        assert full[i, n - 1] - full[i, 0] > p["window"] * p["theta_max"]  # enough levels for theta_max
        np.testing.assert_array_equal(full[i, :n], spm.levels(eta, xi, n, tol=spm.EXACT_TOL))
        assert np.isnan(full[i, n:]).all()
    # lower-well levels only for the double well with eta < eta_frozen_max = -4
    np.testing.assert_array_equal(lower[0, : nlev[0]], spm.levels(-6.0, 0.5, nlev[0], wall="lower"))
    assert np.isnan(lower[0, nlev[0] :]).all() and np.isnan(lower[1:]).all()
    m = spm.minima(-6.0, 0.5)
    assert asym[0] == pytest.approx(m[1][1] - m[0][1] + 0.5 * (np.sqrt(2 * m[1][2]) - np.sqrt(2 * m[0][2])), rel=1e-12)
    assert asym[0] > 0 and asym[1] == asym[2] == 0.0


def test_delta0_of_interpolates_the_symmetric_splitting(spm_level_table):
    t = spm_level_table
    es, ds = t["eta_sym"], t["delta0_sym"]
    assert np.allclose(spm_table.delta0_of(t, es), ds, rtol=1e-12, atol=0)
    for k in (0, es.size // 2, es.size - 1):
        assert ds[k] == spm.symmetric_splitting(es[k])
    mid = 0.5 * (es[10] + es[11])
    assert ds[11] < spm_table.delta0_of(t, mid) < ds[10] or ds[10] < spm_table.delta0_of(t, mid) < ds[11]
    assert np.isinf(spm_table.delta0_of(t, np.array([0.0, 2.0]))).all()


def test_table_does_not_depend_on_the_number_of_processes():
    """compute_table with n_jobs = 2 (joblib) gives the table of n_jobs = 1, on a small grid."""
    small = {
        "eta_nodes": [[-6.0, -2.0, 2.0], [-2.0, 2.0, 2.0], [3.0, 5.0, 2.0]],
        "xi_per_decade": 1,
        "xi_linear_nodes": 2,
        "xi_log_min": -2.0,
    }
    one = spm.compute_table(small, n_jobs=1)
    two = spm.compute_table(small, n_jobs=2)
    assert one.keys() == two.keys() and one["eta"].size > 4
    for k in one:
        np.testing.assert_array_equal(one[k], two[k], err_msg=k)
