"""Minimiser and the whole preparation chain on a small sample: convergence, reproducibility, regression.

The small protocol (N = 256, 1 tau melt, 1 tau liquid, 3 tau quench) is cheap and short enough that
the chaotic MD cannot amplify rounding differences beyond ~1e-13 before the minimisation.
"""

import dataclasses
import inspect

import numpy as np
import pytest

from replicate.core.errors import ParameterError
from replicate.glass.forces import energy_forces
from replicate.glass.md import MDState, maxwell_velocities, run_md
from replicate.glass.minimize import FIRE, FORCE_TOL, FireParams, minimize
from replicate.glass.neighbours import box_length
from replicate.glass.potential import InversePowerLaw
from replicate.glass.prepare import Protocol, prepare_sample, random_start, seed_sequence

SMALL = Protocol(n_atoms=256, t_melt=1.0, t_equil=1.0, t_quench=3.0)


@pytest.fixture(scope="module")
def small_sample():
    return prepare_sample(SMALL, 1234, 1)  # index 0 and 2 of this seed crystallise (N = 256 is small)


@pytest.fixture(scope="module")
def liquid_config():
    rng = np.random.default_rng(5)
    box = box_length(256, 1.0)
    st = MDState(random_start(256, box, 0.8, rng), maxwell_velocities(256, 0.5, rng), box)
    run_md(st, 300, 0.01, 0.5, rng=rng)
    return st.pos.copy(), box


def test_minimiser_reaches_1e_10_from_a_liquid(liquid_config):
    pos, box = liquid_config
    u0 = energy_forces(pos, box)[0]
    res = minimize(pos, box)
    assert res.converged and res.max_force < 1e-10
    u, f, _ = energy_forces(res.pos, box)  # independent re-evaluation
    assert np.sqrt((f**2).sum(axis=1)).max() < 1e-10
    assert u == pytest.approx(res.energy, rel=1e-12)
    assert u < u0


def test_fire_alone_also_converges(liquid_config):
    """Without Newton polishing FIRE alone gets below 1e-10 too (slower); same basin energy."""
    pos, box = liquid_config
    a = minimize(pos, box)
    b = minimize(pos, box, newton=False)
    assert b.converged and b.max_force < 1e-10 and b.newton_steps == 0
    assert b.energy == pytest.approx(a.energy, rel=1e-9)


def test_minimiser_parameter_checks(liquid_config):
    pos, box = liquid_config
    with pytest.raises(ParameterError, match="ftol"):
        minimize(pos, box, ftol=0.0)
    with pytest.raises(ParameterError, match="pos"):
        minimize(pos[:, :2], box)


def test_fire_parameters_are_those_every_sample_was_minimised_with():
    """The defaults of FireParams are the constants the committed glass ensembles were minimised with."""
    assert dataclasses.asdict(FireParams()) == {
        "n_delay": 5,
        "f_inc": 1.1,
        "f_dec": 0.5,
        "alpha0": 0.1,
        "f_alpha": 0.99,
        "dt0": 0.01,
        "dt_max": 0.1,
        "dt_min_fraction": 0.02,
        "fire_tol": 1e-7,
        "max_iter": 200000,
    }
    assert FIRE == FireParams()
    assert FORCE_TOL == 1e-10 and Protocol().ftol == FORCE_TOL
    defaults = inspect.signature(minimize).parameters
    assert defaults["fire"].default == FireParams() and defaults["ftol"].default == FORCE_TOL
    with pytest.raises(dataclasses.FrozenInstanceError):
        FIRE.dt0 = 0.02
    with pytest.raises(ParameterError, match="dt_max"):
        FireParams(dt_max=0.001)


def test_fire_parameters_reach_the_minimiser(liquid_config):
    pos, box = liquid_config
    res = minimize(pos, box, fire=FireParams(max_iter=20), newton=False)
    assert res.fire_iterations == 20 and not res.converged
    with pytest.raises(ParameterError, match="FireParams"):
        minimize(pos, box, fire={"dt0": 0.01})


def test_seed_sequence_is_the_spawned_child():
    ss = np.random.SeedSequence(99).spawn(4)[3]
    assert np.array_equal(seed_sequence(99, 3).generate_state(4), ss.generate_state(4))


def test_small_sample_is_a_converged_glass(small_sample):
    s = small_sample
    assert s["converged"] and s["max_force"] < 1e-10
    assert not s["crystalline"]
    assert s["frequencies"].shape == (3 * 256 - 3,)
    assert np.all(np.diff(s["frequencies"]) >= 0) and s["frequencies"][0] > 0
    assert np.all((s["participation_ratio"] > 0) & (s["participation_ratio"] <= 1))
    # 12 transverse and 6 longitudinal unit plane waves: weights sum to nearly 12 and 6
    assert s["w_T"].sum() == pytest.approx(12, rel=0.02)
    assert s["w_L"].sum() == pytest.approx(6, rel=0.02)
    assert s["nu_T1"] < s["nu_L1"]


def test_same_seed_gives_bit_identical_eigenvalues(small_sample):
    again = prepare_sample(SMALL, 1234, 1)
    assert np.array_equal(again["eigenvalues"], small_sample["eigenvalues"])
    assert np.array_equal(again["participation_ratio"], small_sample["participation_ratio"])
    other = prepare_sample(SMALL, 1234, 3)
    assert not np.array_equal(other["eigenvalues"], small_sample["eigenvalues"])


def test_small_sample_regression(small_sample, ndarrays_regression):
    """Pins our own small sample (not the paper). Tolerances: eigenvalues and p to 1e-7 relative
    (rounding differences of other CPUs stay ~1e-12 over 5 tau of MD and a converged minimum);
    energies to 1e-10 relative."""
    s = small_sample
    ndarrays_regression.check(
        {
            "eigenvalues": s["eigenvalues"],
            "participation_ratio": s["participation_ratio"],
            "e_is": np.array([s["e_is"]]),
            "nu_T1": np.array([s["nu_T1"]]),
        },
        default_tolerance=dict(atol=0, rtol=1e-7),
        tolerances={"e_is": dict(atol=0, rtol=1e-10), "eigenvalues": dict(atol=1e-9, rtol=1e-7)},
    )


def test_plane_waves_of_a_crystal_are_eigenmodes():
    """fcc crystal (N = 256, rho = 1): the standing waves with k = 2 pi/L are exact eigenmodes, so all
    their weight (exactly 12 transverse, 6 longitudinal) sits on modes of one frequency each, and the
    transverse one is the lower (c_T < c_L)."""
    from replicate.glass.hessian import hessian_dense
    from replicate.glass.lattice import fcc
    from replicate.glass.modes import normal_modes
    from replicate.glass.prepare import plane_wave_weights
    from replicate.glass.quantiles import weighted_median

    pos, box = fcc(4, 1.0)
    u, f, _ = energy_forces(pos, box)
    fmax = np.sqrt((f**2).sum(axis=1)).max()
    assert fmax < 1e-12
    m = normal_modes(hessian_dense(pos, box), fmax, return_vectors=True)
    wt, wl = plane_wave_weights(pos, box, m.vectors)
    assert wt.sum() == pytest.approx(12, abs=1e-9) and wl.sum() == pytest.approx(6, abs=1e-9)
    nu_t, nu_l = weighted_median(m.frequencies, wt), weighted_median(m.frequencies, wl)
    carry_t = wt > 1e-9
    assert np.ptp(m.frequencies[carry_t]) < 1e-8 * nu_t
    assert np.ptp(m.frequencies[wl > 1e-9]) < 1e-8 * nu_l
    assert nu_t < nu_l


def test_sparse_newton_reaches_the_same_minimum(liquid_config, monkeypatch):
    """Above NEWTON_DENSE_MAX_ATOMS the Newton steps use the sparse Hessian and CG (the large glasses);
    forced here on N = 256: the same converged minimum as the dense Cholesky path, to the precision a
    force of 1e-10 epsilon/sigma fixes the positions (|dx| ~ F / lambda_min, about 1e-8 sigma)."""
    import replicate.glass.minimize as mn

    pos, box = liquid_config
    dense = minimize(pos, box)
    monkeypatch.setattr(mn, "NEWTON_DENSE_MAX_ATOMS", 0)
    monkeypatch.setattr(mn, "translation_projector", None)  # the sparse path must not build it
    sparse = mn.minimize(pos, box)
    assert sparse.converged and sparse.max_force < 1e-10 and sparse.newton_steps >= 1
    assert sparse.energy == pytest.approx(dense.energy, rel=1e-13)
    d = sparse.pos - dense.pos
    d -= box * np.round(d / box)
    assert np.abs(d).max() < 1e-6


def test_newton_step_sparse_solves_the_newton_equation(liquid_config):
    """H dx = F to the CG tolerance, and no step when CG cannot converge."""
    from replicate.glass.hessian import hessian_sparse
    from replicate.glass.minimize import NEWTON_CG_RTOL, newton_step_sparse

    pos, box = liquid_config
    res = minimize(pos, box, ftol=1e-6, newton=False)  # near a minimum, not at it
    _, f, _ = energy_forces(res.pos, box)
    step = newton_step_sparse(res.pos, box, InversePowerLaw(), f)
    h = hessian_sparse(res.pos, box)
    residual = h @ step.reshape(-1) - (f - f.mean(axis=0)).reshape(-1)
    assert np.linalg.norm(residual) <= 1.01 * NEWTON_CG_RTOL * np.linalg.norm(f)
