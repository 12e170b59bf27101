"""Provenance block attached to every generated result: commit, versions, parameters, wall time."""

import importlib.metadata
import platform
import subprocess
import sys

from .paths import ROOT

PACKAGES = ("numpy", "scipy", "matplotlib", "numba", "mpmath", "joblib", "tqdm")


def git_state():
    """Return ``(commit, dirty)`` of the repository, or ``("unknown", None)`` outside git."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        ).stdout
        return commit, bool(status.strip())
    except (OSError, subprocess.CalledProcessError):
        return "unknown", None


def package_versions():
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


def provenance(command, parameters=None, wall_time_s=None, seeds=None):
    """Build the provenance block of a result file.

    ``command`` is the shell command that regenerates the file, ``parameters`` every input that
    shapes it, ``seeds`` every random seed (None for deterministic computations).
    """
    commit, dirty = git_state()
    return {
        "command": command,
        "git_commit": commit,
        "git_dirty": dirty,
        "packages": package_versions(),
        "platform": f"{platform.system()} {platform.machine()}",
        "argv": sys.argv[1:],
        "parameters": parameters or {},
        "seeds": seeds,
        "wall_time_s": None if wall_time_s is None else round(float(wall_time_s), 3),
    }
