"""Provenance of every generated result, by content: what determines it, nothing that changes per run.

A committed result records the command that makes it, a SHA-256 of the code it runs (the source files of
the item module and of every ``replicate`` module it imports, found statically, :func:`module_files`), a
SHA-256 of the literature inputs and published numbers (``data/inputs``, ``data/paper``), the package
versions, its parameters and seeds. Regenerating with unchanged code and inputs therefore gives a
byte-identical file. Wall times, the host and the git state go to ``logs/runs.jsonl`` (not committed).
"""

import ast
import hashlib
import importlib.metadata
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

from .paths import INPUTS, PAPER, ROOT

PACKAGES = ("numpy", "scipy", "matplotlib", "numba", "mpmath", "joblib", "tqdm")
PACKAGE = "replicate"
LOG = ROOT / "logs" / "runs.jsonl"


def _module_path(name):
    rel = Path(*name.split("."))
    for cand in (ROOT / rel.with_suffix(".py"), ROOT / rel / "__init__.py"):
        if cand.exists():
            return cand
    return None


def _imports(name, path):
    """Names of the package modules that the source of module ``name`` imports (anywhere in the file)."""
    is_pkg = path.name == "__init__.py"
    base = name.split(".") if is_pkg else name.split(".")[:-1]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == PACKAGE)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parent = base[: len(base) - (node.level - 1)]
                mod = ".".join(parent + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if mod.split(".")[0] != PACKAGE:
                continue
            out.add(mod)
            out.update(f"{mod}.{a.name}" for a in node.names)  # `from . import x` may name a module
    return out


def module_files(module):
    """Source files (sorted) of package module ``module`` and of every package module it imports,
    transitively, including the ``__init__`` of each package on the way."""
    seen, todo, files = set(), [module], {}
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = _module_path(name)
        if path is None:
            continue  # a name imported from a module, not a module
        files[name] = path
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(1, len(parts))]
        todo += sorted(_imports(name, path))
    return sorted(files.values())


def sha256_of(paths):
    """SHA-256 over the repository-relative names and contents of ``paths``."""
    h = hashlib.sha256()
    for p in sorted(Path(p) for p in paths):
        h.update(p.relative_to(ROOT).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def input_files():
    return sorted(INPUTS.glob("*.json")) + sorted(PAPER.glob("*.json"))


def git_state():
    """Return ``(commit, dirty)`` of the repository, or ``("unknown", None)`` outside git."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return commit, bool(status.strip())
    except (OSError, subprocess.CalledProcessError):
        return "unknown", None


def package_versions():
    """Versions of Python (major.minor: a patch release does not change a number) and the pinned packages."""
    out = {"python": ".".join(platform.python_version_tuple()[:2])}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


def log_run(command, wall_time_s, output):
    """Append one line (time, host, git state, command, argv, wall time) to ``logs/runs.jsonl``."""
    commit, dirty = git_state()
    entry = {
        "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "host": platform.node(),
        "platform": f"{platform.system()} {platform.machine()}",
        "git_commit": commit,
        "git_dirty": dirty,
        "command": command,
        "argv": sys.argv[1:],
        "wall_time_s": wall_time_s,
        "output": str(output),
    }
    try:
        LOG.parent.mkdir(parents=True, exist_ok=True)
        with open(LOG, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")
    except OSError:
        pass  # a read-only checkout still regenerates its results


def provenance(command, parameters=None, seeds=None, module=None):
    """Provenance block of a result file (deterministic: see the module docstring).

    ``command`` regenerates the file; ``module`` (default: taken from ``python -m <module>`` in
    ``command``) is the item module whose code is hashed; ``parameters`` every input that shapes it,
    ``seeds`` every random seed (None for deterministic computations).
    """
    if module is None and command.startswith("python -m "):
        module = command.split()[2]
    block = {"command": command}
    if module is not None:
        block["code_sha256"] = sha256_of(module_files(module))
    block.update(
        {
            "inputs_sha256": sha256_of(input_files()),
            "packages": package_versions(),
            "parameters": parameters or {},
            "seeds": seeds,
        }
    )
    return block
