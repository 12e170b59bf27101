"""Atomic writes of results and figures: nothing is half-written when a run is interrupted.

Result files (``data/results/*.json``) have the layout::

    {"provenance": {...}, "values": {"<paper id>": number, ...}, ...free-form data...}

``values`` is keyed by the ids of ``data/paper/*.json``; the report pairs each published number
with the entry of the same id. CSV files carry their provenance as one leading ``# provenance:``
comment line, so ``numpy.genfromtxt(..., comments="#")`` and pandas both read them.
"""

import json
import math
import os
import tempfile
from pathlib import Path

import numpy as np


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(path, data):
    """Write ``data`` to ``path`` via a temporary file in the same folder, then rename.

    The file gets the mode a plain ``open(path, "w")`` would give (0666 less the umask), not the 0600 of
    the temporary file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_write_text(path, text):
    atomic_write_bytes(path, text.encode("utf-8"))


def write_unless_same(path, data):
    """Write ``data`` (bytes) to ``path`` atomically, unless the file there already holds the same output
    within the tolerances of :mod:`replicate.core.tolerance` (:func:`replicate.core.compare.file_differences`).

    A kept file only gets its modification time refreshed (so make sees it as remade); a regeneration on
    another machine that differs from the committed output only in rounding then leaves it untouched.

    Returns
    -------
    bool
        True when the file was written.
    """
    from .compare import file_differences

    path = Path(path)
    if path.exists():
        old = path.read_bytes()
        if not file_differences(path.suffix, data, old):
            os.utime(path)
            return False
    atomic_write_bytes(path, data)
    return True


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return _jsonable(obj.tolist())
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (np.floating, float)):
        v = float(obj)
        return None if not math.isfinite(v) else v
    if isinstance(obj, (np.bool_,)):
        return bool(obj)
    if isinstance(obj, Path):
        return str(obj)
    return obj


def write_json(path, payload, keep_same=False):
    """Write a JSON file atomically (NaN/inf become null); with ``keep_same`` an existing file equal to it
    within :data:`replicate.core.tolerance.RESULT_RTOL` is left as it is (:func:`write_unless_same`)."""
    data = (json.dumps(_jsonable(payload), indent=2, sort_keys=False) + "\n").encode("utf-8")
    if keep_same:
        write_unless_same(path, data)
    else:
        atomic_write_bytes(path, data)


def read_json(path):
    """The JSON document at ``path``; a missing or malformed file raises a DataError that names it."""
    from .errors import DataError

    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        raise DataError(f"{path} does not exist") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{path} is not valid JSON: {exc}") from None


def write_csv(path, columns, rows, provenance=None, fmt="%.12g"):
    """Write a CSV atomically; ``rows`` is a sequence of sequences or a 2-D array. An existing file equal to
    it within :data:`replicate.core.tolerance.RESULT_RTOL` is left as it is (:func:`write_unless_same`)."""
    lines = []
    if provenance is not None:
        lines.append("# provenance: " + json.dumps(_jsonable(provenance), sort_keys=False))
    lines.append(",".join(columns))
    for row in rows:
        cells = []
        for v in row:
            if isinstance(v, str):
                cells.append(v)
            elif isinstance(v, (int, np.integer)) and not isinstance(v, bool):
                cells.append(str(int(v)))
            else:
                cells.append(fmt % float(v))
        lines.append(",".join(cells))
    write_unless_same(path, ("\n".join(lines) + "\n").encode("utf-8"))


def read_csv(path):
    """Read a CSV written by :func:`write_csv` into ``{column: numpy array}`` (strings kept as str)."""
    with open(path, encoding="utf-8") as fh:
        lines = [ln.rstrip("\n") for ln in fh if not ln.startswith("#")]
    header = lines[0].split(",")
    cols = {h: [] for h in header}
    for ln in lines[1:]:
        for h, cell in zip(header, ln.split(",")):
            cols[h].append(cell)
    out = {}
    for h, vals in cols.items():
        try:
            out[h] = np.array([float(v) for v in vals])
        except ValueError:
            out[h] = np.array(vals)
    return out


def save_figure(fig, stem):
    """Save ``fig`` as ``<stem>.png`` and ``<stem>.pdf`` atomically (deterministic metadata); a stored file
    that shows the same figure (:func:`replicate.core.compare.png_differences`, ``pdf_differences``) is
    left as it is."""
    import io as _io

    stem = Path(stem)
    for ext in ("png", "pdf"):
        buf = _io.BytesIO()
        meta = {"CreationDate": None} if ext == "pdf" else {"Software": None}
        fig.savefig(buf, format=ext, dpi=150, bbox_inches="tight", metadata=meta)
        write_unless_same(stem.with_suffix("." + ext), buf.getvalue())
