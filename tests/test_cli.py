"""Commands refuse bad parameters with one line, exit status 2 and no partial output."""

import subprocess
import sys

import pytest

from replicate.paths import RESULTS, ROOT


@pytest.mark.parametrize("bad", ["1.0", "0.5", "nan", "-3"])
def test_fig8_bad_beta_eps_m(bad):
    before = (RESULTS / "fig8.csv").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "replicate.fig8", "--beta-eps-m", "3", bad],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "beta_eps_m" in lines[0] and "Traceback" not in proc.stderr
    assert (RESULTS / "fig8.csv").read_bytes() == before
    assert not list(RESULTS.glob(".fig8*.tmp"))


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    from replicate.io import write_json

    target = tmp_path / "x.json"
    with pytest.raises(TypeError):
        write_json(target, {"a": object()})
    assert not target.exists() and not list(tmp_path.iterdir())
