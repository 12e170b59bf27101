"""Glass engine: neighbour lists, forces, MD (NVE conservation, thermostat), parameter checks, EOS.

Small systems (N = 256, rho = 1, r_c = 2.5 sigma, so r_c + skin < L/2 = 3.17 sigma); reduced units.
"""

import subprocess
import sys

import numpy as np
import pytest
from scipy.spatial import cKDTree

from replicate.core.errors import ParameterError
from replicate.core.paths import ROOT
from replicate.glass.box import minimum_image
from replicate.glass.forces import energy_forces, forces_energy_virial
from replicate.glass.md import MDState, maxwell_velocities, run_md
from replicate.glass.neighbours import NeighbourList, box_length
from replicate.glass.potential import InversePowerLaw
from replicate.glass.prepare import Protocol, random_start

N = 256


@pytest.fixture(scope="module")
def liquid():
    """An equilibrated liquid at kT = 0.5 (Gamma = 1.41), N = 256."""
    rng = np.random.default_rng(7)
    box = box_length(N, 1.0)
    st = MDState(random_start(N, box, 0.8, rng), maxwell_velocities(N, 0.5, rng), box)
    run_md(st, 500, 0.01, 0.5, rng=rng)
    return st, rng


def _pair_set(pos, box, r):
    w = pos - box * np.floor(pos / box)
    w[w >= box] = 0.0
    return {tuple(p) for p in cKDTree(w, boxsize=box).query_pairs(r)}


@pytest.mark.parametrize("n_atoms,rc", [(256, 2.5), (1000, 2.5), (4000, 2.5), (500, 3.5)])
def test_neighbour_list_matches_kdtree(n_atoms, rc):
    """Brute force (256, 500 with r_c = 3.5) and cell-list (1000, 4000) paths give every pair exactly once
    (in the row of either atom)."""
    rng = np.random.default_rng(n_atoms)
    box = box_length(n_atoms, 1.0)
    pos = rng.uniform(0, box, (n_atoms, 3)) + rng.integers(-2, 3, (n_atoms, 3)) * box  # any image
    nl = NeighbourList(n_atoms, box, rc, 0.3)
    nl.build(pos)
    ours = set()
    for i in range(n_atoms):
        for j in nl.nbrs[nl.start[i] : nl.start[i + 1]]:
            assert j != i
            ours.add((min(i, int(j)), max(i, int(j))))
    assert len(ours) == nl.n_pairs
    assert ours == _pair_set(pos, box, rc + 0.3)


@pytest.mark.parametrize("n_atoms,rc", [(256, 2.5), (1000, 2.5), (500, 3.5)])
def test_recorded_images_stay_the_minimum_images_as_atoms_move(n_atoms, rc):
    """Each listed pair carries the shift that makes r_i - r_j - shift the minimum image, on both
    paths; after the atoms move (up to skin/2, not re-wrapped) the forces from the recorded shifts
    equal those of a list built afresh (to rounding: a wrong shift would be an error of order one)."""
    rng = np.random.default_rng(n_atoms + 1)
    box = box_length(n_atoms, 1.0)
    pos = random_start(n_atoms, box, 0.8, rng)
    nl = NeighbourList(n_atoms, box, rc, 0.3)
    nl.build(pos)
    k = nl.n_pairs
    i = np.repeat(np.arange(n_atoms), np.diff(nl.start))
    j = nl.nbrs[:k]
    d = pos[i] - pos[j]
    np.testing.assert_array_equal(d - nl.shifts[nl.image[:k]], minimum_image(d, box))
    step = rng.normal(size=pos.shape)
    moved = pos + 0.149 * step / np.linalg.norm(step, axis=1)[:, None]  # just under skin/2 = 0.15
    frc = np.empty_like(moved)
    u, w = forces_energy_virial(moved, nl.start, nl.nbrs, nl.image, nl.shifts, InversePowerLaw(rc=rc).params, frc)
    u0, f0, w0 = energy_forces(moved, box, InversePowerLaw(rc=rc))
    np.testing.assert_allclose(frc, f0, rtol=1e-12, atol=1e-12 * np.abs(f0).max())
    assert u == pytest.approx(u0, rel=1e-13) and w == pytest.approx(w0, rel=1e-13)


def test_forces_are_minus_the_energy_gradient(liquid):
    """Central differences, h = 1e-6 sigma: truncation ~h^2 phi''' ~ 1e-10, rounding ~1e-16 U / h ~ 1e-7."""
    st, _ = liquid
    pos = st.pos.copy()
    u, f, _ = energy_forces(pos, st.box)
    h = 1e-6
    rng = np.random.default_rng(3)
    for i in rng.choice(N, 6, replace=False):
        for a in range(3):
            p = pos.copy()
            p[i, a] += h
            up = energy_forces(p, st.box)[0]
            p[i, a] -= 2 * h
            um = energy_forces(p, st.box)[0]
            assert -(up - um) / (2 * h) == pytest.approx(f[i, a], abs=2e-6, rel=1e-6)
    assert np.abs(f.sum(axis=0)).max() < 1e-10  # Newton's third law


def test_virial_equals_minus_volume_derivative_of_energy(liquid):
    """W = -3V dU/dV under uniform scaling of positions and box (the virial definition)."""
    st, _ = liquid
    u0, _, w = energy_forces(st.pos, st.box)
    s = 1e-6
    up = energy_forces(st.pos * (1 + s), st.box * (1 + s))[0]
    um = energy_forces(st.pos * (1 - s), st.box * (1 - s))[0]
    dudlnl = (up - um) / (2 * s)  # = dU/dln L = 3V dU/dV
    assert -dudlnl == pytest.approx(w, rel=1e-6)


def test_nve_energy_conservation(liquid):
    """NVE, dt = 0.01 tau, 2000 steps (20 tau): |drift| < 1e-4 eps per atom (1.3e-4 of the kinetic
    energy per atom); rms fluctuation < 5e-4 eps per atom. Measured ~1e-5 and ~7e-5."""
    st, _ = liquid
    s2 = MDState(st.pos, st.vel, st.box)
    tr = run_md(s2, 2000, 0.01)
    e = (tr.epot + tr.ekin) / N
    t = np.arange(e.size)
    drift = np.polyfit(t, e, 1)[0] * t[-1]
    assert abs(drift) < 1e-4
    assert e.std() < 5e-4
    assert np.abs(s2.vel.sum(axis=0)).max() < 1e-10  # momentum conserved


def test_thermostat_holds_and_ramps_the_temperature(liquid):
    """Bussi thermostat: mean kT over 3000 steps within 3 % of the target (the standard error of the
    mean of 2K/N_f with ~30 independent tau_T blocks is ~0.3 %); a ramp ends near its target."""
    st, rng = liquid
    s2 = MDState(st.pos, st.vel, st.box)
    tr = run_md(s2, 3000, 0.01, 0.5, rng=rng)
    kT = 2 * tr.ekin / (3 * N - 3)
    assert kT.mean() == pytest.approx(0.5, rel=0.03)
    tr = run_md(s2, 3000, 0.01, 0.5, 0.2, rng=rng)
    kT = 2 * tr.ekin / (3 * N - 3)
    assert kT[-300:].mean() == pytest.approx(0.2 + 0.3 * 150 / 3000, rel=0.1)


def test_same_seed_same_trajectory():
    box = box_length(N, 1.0)
    out = []
    for _ in range(2):
        rng = np.random.default_rng(11)
        st = MDState(random_start(N, box, 0.8, rng), maxwell_velocities(N, 0.5, rng), box)
        run_md(st, 300, 0.01, 0.5, rng=rng, chunk=70)
        out.append(st.pos.copy())
    assert np.array_equal(out[0], out[1])


@pytest.mark.parametrize(
    "call,name",
    [
        (lambda: box_length(1, 1.0), "n_atoms"),
        (lambda: box_length(100, 0.0), "density"),
        (lambda: box_length(100, -1.0), "density"),
        (lambda: Protocol(n_atoms=1), "n_atoms"),
        (lambda: Protocol(density=-0.5), "density"),
        (lambda: Protocol(kT_liquid=0.0), "kT_liquid"),
        (lambda: Protocol(kT_melt=-1.0), "kT_melt"),
        (lambda: Protocol(n_atoms=100, rc=2.5), "rc"),
        (lambda: NeighbourList(100, box_length(100, 1.0), 2.5), "rc"),
        (lambda: maxwell_velocities(10, 0.0, np.random.default_rng(0)), "kT"),
        (lambda: Protocol(dt=0.0), "dt"),
    ],
)
def test_bad_parameters_name_the_parameter(call, name):
    with pytest.raises(ParameterError, match=name):
        call()


def test_bad_md_parameters(liquid):
    st, rng = liquid
    with pytest.raises(ParameterError, match="dt"):
        run_md(st, 10, -0.01, 0.5, rng=rng)
    with pytest.raises(ParameterError, match="kT_start"):
        run_md(st, 10, 0.01, -0.5, rng=rng)
    with pytest.raises(ParameterError, match="n_steps"):
        run_md(st, 0, 0.01, 0.5, rng=rng)


def test_cli_bad_parameter_exits_2_with_one_line():
    r = subprocess.run(
        [sys.executable, "-m", "replicate.tools.glass_ensemble", "--n500", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2
    assert r.stderr.strip().count("\n") == 0 and "samples of N500_rc2.5" in r.stderr


def test_equation_of_state_matches_tan_schultz_kofke(fresh):
    """Fresh run of replicate.glass_checks: the n = 6 fluid at Gamma = 2.295 has P = 100.1(3) at kT = eps
    (Tan, Schultz, Kofke 2011), i.e. 8.281(25) at rho = 1. Our pressure, corrected to first order for the
    smoothed cutoff, must agree within 3 combined standard errors (ours, theirs, and the spread of the two
    cutoffs as the error of the first-order correction); the uncorrected pressure must not (the correction
    is resolved)."""
    doc = fresh("glass_checks")
    ref, ref_err = doc["reference_pressure"], doc["reference_pressure_err"]
    assert ref == pytest.approx(100.1 / 2.295**3, rel=1e-12)
    full = [e["pressure_full"] for e in doc["eos"]]
    spread = abs(full[0] - full[1])
    for e in doc["eos"]:
        err = np.sqrt(e["pressure_full_err"] ** 2 + ref_err**2 + spread**2)
        assert abs(e["pressure_full"] - ref) < 3 * err, e
        assert abs(e["pressure_ours"] - ref) > 3 * err  # the cutoff matters and is corrected for
        assert abs(e["kT_measured"] / e["kT"] - 1) < 0.01


def test_nve_drift(fresh):
    """5000 steps of dt = 0.01 at kT = 0.5: drift below 1e-4 eps per atom and fluctuation below 5e-4
    (velocity Verlet: the energy error is O(dt^2) and bounded, measured 7e-6 and 7e-5)."""
    nve = fresh("glass_checks")["nve"]
    assert nve["n_steps"] == 5000 and nve["dt"] == 0.01
    assert abs(nve["drift_per_atom"]) < 1e-4
    assert nve["rms_per_atom"] < 5e-4
