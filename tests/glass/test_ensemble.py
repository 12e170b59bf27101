"""Ensemble bookkeeping: seeds, the cache layout, and how stored samples are classified on loading."""

import numpy as np
import pytest

from replicate.glass import ensemble as ens_mod
from replicate.glass import prepare as prep_mod
from replicate.glass.ensemble import ENSEMBLES, Protocol, load_ensemble, read_sample, sample_path
from replicate.glass.lattice import bcc

REAL = "N500_rc2.5"


def _write(folder, index, arrays):
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(sample_path(folder, index), **arrays)


def _first_glass(spec):
    """The first cached sample of ``spec`` that the loader accepts (converged, stable, not crystalline)."""
    from replicate.glass.structure import is_crystalline

    for k in range(spec["n_samples"]):
        s = read_sample(spec["protocol"], spec["master_seed"], k)
        if bool(s["converged"]) and not bool(s.get("unstable", False)) and "frequencies" in s:
            if not is_crystalline(s["positions"].astype(float), float(s["box"])):
                return s
    raise AssertionError("no accepted sample in the cache")


@pytest.fixture
def fake_cache(tmp_path, monkeypatch):
    """An ensemble folder under a temporary cache holding: a real accepted sample (0), an unconverged one
    stored without positions or modes (1), an unconverged one whose (unminimised) structure is a bcc
    crystal (2), and a converged bcc crystal with modes (3)."""
    spec = ENSEMBLES[REAL]
    real = _first_glass(spec)
    monkeypatch.setattr(ens_mod, "CACHE", tmp_path)
    folder = ens_mod.cache_dir(spec["protocol"], spec["master_seed"])
    scalars = {k: real[k] for k in ens_mod.SCALARS if k in real}
    crystal, box = bcc(5, 1.0)  # 250 atoms; the positions only need to be solid-like
    _write(folder, 0, real)
    _write(folder, 1, dict(scalars, converged=np.array(False), crystalline=np.array(False)))
    _write(
        folder,
        2,
        dict(
            scalars,
            converged=np.array(False),
            crystalline=np.array(True),
            box=np.array(box),
            positions=crystal.astype(np.float32),
        ),
    )
    _write(folder, 3, dict(real, box=np.array(box), positions=crystal.astype(np.float32)))
    return spec


def test_every_sample_is_counted_once(fake_cache):
    ens = load_ensemble(fake_cache["protocol"], fake_cache["master_seed"])
    assert ens.accepted.tolist() == [True, False, False, False]
    assert (ens.n_unconverged, ens.n_crystalline, ens.n_unstable) == (2, 1, 0)
    assert ens.n_accepted + ens.n_unconverged + ens.n_crystalline + ens.n_unstable == len(ens.accepted)
    assert ens.n_accepted == 1 and len(ens.frequencies) == 1


def test_unconverged_sample_keeps_its_positions(monkeypatch):
    """prepare_sample stores the positions of an unconverged minimisation (for inspection and for the
    loader), and no modes."""
    real_minimize = prep_mod.minimize

    def unconverged(*args, **kwargs):
        res = real_minimize(*args, **kwargs)
        res.converged = False
        return res

    monkeypatch.setattr(prep_mod, "minimize", unconverged)
    pr = Protocol(n_atoms=128, rc=2.0, t_melt=0.1, t_equil=0.1, t_quench=0.1)
    s = prep_mod.prepare_sample(pr, 5, 0)
    assert not s["converged"] and "frequencies" not in s
    assert s["positions"].shape == (128, 3) and np.all(np.isfinite(s["positions"]))


def test_large_glass_keeps_its_lowest_modes_and_their_fields(monkeypatch, tmp_path):
    """Above DENSE_MODES_MAX_ATOMS a sample keeps the lowest SPARSE_MODES modes from the sparse solver:
    the same frequencies and participation ratios as the dense path on the same inherent structure
    (eqn 2; tolerances of the sparse-solver test), the unit displacement fields of the lowest
    SAVED_VECTORS modes, stored as float32, and no whole-spectrum medians."""
    pr = Protocol(n_atoms=128, rc=2.0, t_melt=0.5, t_equil=0.5, t_quench=1.0)
    dense = prep_mod.prepare_sample(pr, 11, 0)
    assert dense["converged"] and not dense["unstable"]
    monkeypatch.setattr(prep_mod, "DENSE_MODES_MAX_ATOMS", 100)
    monkeypatch.setattr(prep_mod, "SPARSE_MODES", 30)
    sparse = prep_mod.prepare_sample(pr, 11, 0)
    assert np.array_equal(sparse["positions"], dense["positions"])  # same run up to the modes
    np.testing.assert_allclose(sparse["eigenvalues"], dense["eigenvalues"][:30], rtol=1e-9)
    np.testing.assert_allclose(sparse["participation_ratio"], dense["participation_ratio"][:30], rtol=1e-6)
    fields = sparse["mode_vectors"]
    assert fields.shape == (prep_mod.SAVED_VECTORS, 128, 3)
    np.testing.assert_allclose(np.sum(fields**2, axis=(1, 2)), 1.0, rtol=1e-12)
    assert np.isnan(sparse["nu_T1"]) and np.isnan(sparse["nu_L1"])
    monkeypatch.setattr(ens_mod, "CACHE", tmp_path)
    path = tmp_path / "s.npz"
    path.write_bytes(ens_mod._compact(sparse))
    with np.load(path) as z:
        assert z["mode_vectors"].dtype == np.float32 and z["frequencies"].shape == (30,)
        np.testing.assert_allclose(z["mode_vectors"], fields, atol=1e-7)
