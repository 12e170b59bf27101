"""Ensembles on a dask cluster (``--scheduler``): the same samples, bit for bit, as local joblib workers.

A ``dask.distributed.LocalCluster`` on the loopback interface with two worker processes prepares two
small samples; they are compared field by field with the same samples prepared locally.
"""

import numpy as np
import pytest

import replicate.glass.ensemble as ensemble
from replicate.core.errors import DataError
from replicate.glass.prepare import Protocol

SMALL = Protocol(n_atoms=256, t_melt=1.0, t_equil=1.0, t_quench=3.0)
SEED = 4242


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("dask.distributed")
    with ensemble.one_blas_thread():  # inherited by the worker processes
        with distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        ) as c:
            yield c


def _run(tmp_path, monkeypatch, **kwargs):
    monkeypatch.setattr(ensemble, "CACHE", tmp_path)
    folder = ensemble.run_ensemble(SMALL, SEED, 2, log=lambda _m: None, **kwargs)
    return [ensemble.read_sample(SMALL, SEED, k) for k in range(2)], folder


def test_dask_samples_equal_local_samples(cluster, tmp_path, monkeypatch):
    remote, folder = _run(tmp_path / "dask", monkeypatch, scheduler=cluster.scheduler_address)
    local, _ = _run(tmp_path / "local", monkeypatch, n_jobs=2)  # fresh worker processes, one BLAS thread each
    assert sorted(p.name for p in folder.glob("sample_*.npz")) == ["sample_00000.npz", "sample_00001.npz"]
    for a, b in zip(remote, local):
        assert set(a) == set(b)
        for key in a:
            if key.endswith("_s"):
                continue  # wall times
            np.testing.assert_array_equal(a[key], b[key], err_msg=key)


def test_no_scheduler_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(ensemble, "CACHE", tmp_path)
    with pytest.raises(DataError, match="no dask scheduler at tcp://127.0.0.1:9"):
        ensemble.run_ensemble(SMALL, SEED, 1, log=lambda _m: None, scheduler="tcp://127.0.0.1:9")
