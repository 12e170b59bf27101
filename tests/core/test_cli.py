"""Commands: --help, unknown options and bad values end cleanly and leave the artifact untouched.

Every command is called through its ``main(argv)`` (the code ``python -m replicate.<name>`` runs) and,
for a few, as a real subprocess. A snapshot of data/results, figures, REPORT.md and the cache file list
before and after proves that nothing was written.
"""

import hashlib
import importlib
import subprocess
import sys

import pytest

from replicate.core.paths import CACHE, FIGURES, REPORT, RESULTS, ROOT
from replicate.core.registry import TOOLS, result_names

# every item script (replicate.core.registry) and every tool
COMMANDS = result_names() + TOOLS
# (command, argv, words the one-line message must contain)
BAD_VALUES = [
    ("fig8", ["--beta-eps-m", "3", "1.0"], "beta_eps_m"),
    ("fig8", ["--beta-eps-m", "0.5"], "beta_eps_m"),
    ("fig8", ["--beta-eps-m", "nan"], "beta_eps_m"),
    ("fig8", ["--beta-eps-m", "1e308"], "beta_eps_m"),
    ("fig8", ["--beta-eps-m", "2", "--out", "data/results"], "--out"),
    ("fig8", ["--out", "figures/sub"], "--out"),
    ("tools.glass_ensemble", ["--n500", "0"], "N500_rc2.5"),
    ("tools.glass_ensemble", ["--jobs", "0"], "jobs"),
    ("eqn8_w_factor", ["--jobs", "-1"], "jobs"),
    ("tools.spm_table", ["--jobs", "0"], "jobs"),
    ("bench", ["--large", "100"], "--large N"),
    ("tools.glass_ensemble", ["--scheduler", "localhost"], "--scheduler"),
]


def snapshot():
    h = hashlib.sha256()
    for folder in (RESULTS, FIGURES):
        for p in sorted(folder.iterdir()):
            h.update(p.name.encode() + p.read_bytes())
    h.update(REPORT.read_bytes())
    h.update("\n".join(sorted(str(p) for p in CACHE.rglob("*"))).encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def before():
    return snapshot()


@pytest.mark.parametrize("argv, code", [(["--help"], 0), (["--no-such-option"], 2)])
@pytest.mark.parametrize("name", COMMANDS)
def test_help_and_unknown_options_write_nothing(name, argv, code, before, capsys):
    """--help prints the usage (exit 0); an unknown option is refused (exit 2); neither writes anything."""
    mod = importlib.import_module(f"replicate.{name}")
    with pytest.raises(SystemExit) as exc:
        mod.main(argv)
    assert exc.value.code == code
    out, err = capsys.readouterr()
    if code == 0:
        assert out.startswith(f"usage: python -m replicate.{name}") and len(out.splitlines()) >= 3
    else:
        assert "unrecognized arguments: --no-such-option" in err
    assert snapshot() == before


@pytest.mark.parametrize("name, argv, word", BAD_VALUES)
def test_bad_value_is_one_line_exit_2_and_writes_nothing(name, argv, word, before):
    proc = subprocess.run([sys.executable, "-m", f"replicate.{name}", *argv], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and word in lines[0] and "Traceback" not in proc.stderr, proc.stderr
    assert snapshot() == before
    assert not list(RESULTS.glob(".*.tmp"))


def test_exploring_fig8_writes_outside_the_artifact(tmp_path, before):
    from replicate import fig8

    fig8.main(["--beta-eps-m", "1.5", "--out", str(tmp_path)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fig8.csv", "fig8.json", "fig8.pdf", "fig8.png"]
    assert snapshot() == before


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    from replicate.core.io import write_json

    target = tmp_path / "x.json"
    with pytest.raises(TypeError):
        write_json(target, {"a": object()})
    assert not target.exists() and not list(tmp_path.iterdir())


def test_atomic_write_gives_the_usual_permissions(tmp_path):
    """Results, figures and REPORT.md get 0666 less the umask, as any plain write (not mkstemp's 0600)."""
    import os

    from replicate.core.io import atomic_write_text

    old = os.umask(0o022)
    try:
        target = tmp_path / "r.json"
        atomic_write_text(target, "{}\n")
        assert (target.stat().st_mode & 0o777) == 0o644
        os.umask(0o002)
        atomic_write_text(target, "{}\n")
        assert (target.stat().st_mode & 0o777) == 0o664
    finally:
        os.umask(old)


def test_malformed_input_json_names_the_file(tmp_path):
    from replicate.core.errors import DataError
    from replicate.core.io import read_json

    bad = tmp_path / "glasses.json"
    bad.write_text('{"a": 1,,}')
    with pytest.raises(DataError, match="glasses.json is not valid JSON"):
        read_json(bad)
    with pytest.raises(DataError, match="does not exist"):
        read_json(tmp_path / "none.json")


def test_range_message_names_the_parameter_once():
    from replicate.core.errors import ParameterError, require_positive

    with pytest.raises(ParameterError) as exc:
        require_positive("T_g_K (glass temperature, K)", -1.0)
    assert str(exc.value).count("glass temperature") == 1 and "0 < T_g_K < inf" in str(exc.value)
