"""Is a regenerated output the same as the stored one, within the tolerances of
:mod:`replicate.core.tolerance`?

One function per kind of output: JSON documents (:func:`differences`), CSV side files
(:func:`csv_differences`), PNG images (:func:`png_differences`) and PDF drawings
(:func:`pdf_differences`). Each returns a list of human-readable differences, empty when the two agree.
:func:`replicate.core.io.write_unless_same` uses them to leave a stored file untouched when a regeneration
on another machine differs from it only in rounding, so ``git status`` stays clean there.
"""

import io
import json
import re
import zlib

import numpy as np

from .tolerance import PDF_ATOL_PT, PIXEL_ATOL, RESULT_RTOL

_NUMBER = re.compile(rb"[-+]?(?:\d+\.\d*|\.\d+|\d+)")


def differences(new, old, rtol=RESULT_RTOL, atol=0.0, path=""):
    """Where two JSON-like documents differ: a list of ``"path: new != old"`` lines (empty if equal).

    Numbers compare with ``|new - old| <= atol + rtol |old|`` (null = NaN equals null); strings, booleans,
    keys and lengths exactly.
    """
    out = []
    if isinstance(old, dict) and isinstance(new, dict):
        for k in sorted(set(old) | set(new)):
            if k not in new:
                out.append(f"{path}/{k}: missing in the new document")
            elif k not in old:
                out.append(f"{path}/{k}: not in the old document")
            else:
                out += differences(new[k], old[k], rtol, atol, f"{path}/{k}")
        return out
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return [f"{path}: length {len(new)} != {len(old)}"]
        for i, (a, b) in enumerate(zip(new, old)):
            out += differences(a, b, rtol, atol, f"{path}[{i}]")
        return out
    numeric = (int, float)
    if (
        isinstance(old, numeric)
        and not isinstance(old, bool)
        and isinstance(new, numeric)
        and not isinstance(new, bool)
    ):
        if abs(new - old) <= atol + rtol * abs(old):
            return []
        rel = abs(new - old) / abs(old) if old else float("inf")
        return [f"{path}: {new!r} != {old!r} (relative {rel:.1e})"]
    if new != old:
        a, b = repr(new), repr(old)
        return [f"{path}: {a[:200]} != {b[:200]}"]
    return []


def json_differences(new_bytes, old_bytes, rtol=RESULT_RTOL):
    """:func:`differences` of two JSON files given as bytes (provenance included)."""
    try:
        return differences(json.loads(new_bytes), json.loads(old_bytes), rtol=rtol)
    except ValueError as exc:
        return [f"not JSON: {exc}"]


def _cell(text):
    try:
        return float(text)
    except ValueError:
        return text


def csv_differences(new_bytes, old_bytes, rtol=RESULT_RTOL):
    """Differences of two CSV files: comment lines (the provenance) and the header exactly, numeric cells
    to ``rtol`` relative, text cells exactly."""
    new_lines, old_lines = new_bytes.decode().splitlines(), old_bytes.decode().splitlines()
    if len(new_lines) != len(old_lines):
        return [f"{len(new_lines)} lines != {len(old_lines)}"]
    out = []
    header_seen = False
    for i, (a, b) in enumerate(zip(new_lines, old_lines)):
        exact = a.startswith("#") or b.startswith("#") or not header_seen
        header_seen = header_seen or not (a.startswith("#") or b.startswith("#"))
        if exact:
            if a != b:
                out.append(f"line {i + 1}: {a[:120]!r} != {b[:120]!r}")
            continue
        cells = [_cell(c) for c in a.split(",")], [_cell(c) for c in b.split(",")]
        out += [f"line {i + 1}{d}" for d in differences(cells[0], cells[1], rtol=rtol)]
    return out


def png_differences(new_bytes, old_bytes, atol=PIXEL_ATOL):
    """Differences of two PNG images: the size, and any pixel whose channels differ by more than ``atol``
    levels of 255."""
    from matplotlib.image import imread

    a = np.round(np.asarray(imread(io.BytesIO(new_bytes), format="png"), dtype=float) * 255.0)
    b = np.round(np.asarray(imread(io.BytesIO(old_bytes), format="png"), dtype=float) * 255.0)
    if a.shape != b.shape:
        return [f"image size {a.shape} != {b.shape}"]
    d = np.abs(a - b)
    worst = float(d.max()) if d.size else 0.0
    if worst <= atol:
        return []
    n = int(np.count_nonzero(d.max(axis=-1) > atol)) if d.ndim == 3 else int(np.count_nonzero(d > atol))
    return [f"{n} pixels differ by more than {atol}/255 (largest {worst:.0f}/255)"]


def _pdf_parts(data):
    """The drawing of a PDF as (skeleton, [streams]): streams decompressed, the byte offsets (xref table,
    startxref) and the stream lengths removed, since they change with the compressed size alone."""
    streams = []

    def take(m):
        raw = m.group(1)
        try:
            raw = zlib.decompress(raw)
        except zlib.error:
            pass
        streams.append(raw)
        return b"stream@endstream"

    skel = re.sub(rb"stream\r?\n(.*?)\r?\nendstream", take, data, flags=re.S)
    skel = re.sub(rb"\nxref\n.*?trailer", b"\ntrailer", skel, flags=re.S)
    skel = re.sub(rb"startxref\s+\d+", b"startxref", skel)
    for ref in set(re.findall(rb"/Length (\d+) 0 R", skel)):
        skel = re.sub(rb"\n" + ref + rb" 0 obj\s*\d+\s*endobj", b"\n" + ref + b" 0 obj endobj", skel)
    skel = re.sub(rb"/Length \d+(?! 0 R)", b"/Length", skel)
    return skel, streams


def _token_differences(a, b, atol, where):
    ta, tb = _NUMBER.split(a), _NUMBER.split(b)
    na, nb = _NUMBER.findall(a), _NUMBER.findall(b)
    if ta != tb or len(na) != len(nb):
        return [f"{where}: the drawing commands differ"]
    x = np.array([float(v) for v in na]) if na else np.zeros(0)
    y = np.array([float(v) for v in nb]) if nb else np.zeros(0)
    worst = float(np.max(np.abs(x - y))) if x.size else 0.0
    return [] if worst <= atol else [f"{where}: a number differs by {worst:.3g} (more than {atol})"]


def pdf_differences(new_bytes, old_bytes, atol=PDF_ATOL_PT):
    """Differences of two PDF files drawn by matplotlib: every stream and the object skeleton token by
    token, numbers (coordinates in points) to ``atol``, everything else exactly."""
    (sa, pa), (sb, pb) = _pdf_parts(new_bytes), _pdf_parts(old_bytes)
    if len(pa) != len(pb):
        return [f"{len(pa)} streams != {len(pb)}"]
    out = _token_differences(sa, sb, atol, "objects")
    for i, (x, y) in enumerate(zip(pa, pb)):
        out += _token_differences(x, y, atol, f"stream {i}")
    return out


BY_SUFFIX = {".json": json_differences, ".csv": csv_differences, ".png": png_differences, ".pdf": pdf_differences}


def file_differences(suffix, new_bytes, old_bytes):
    """The differences of two versions of an output file, by its suffix (other files: bytes exactly)."""
    if new_bytes == old_bytes:
        return []
    compare = BY_SUFFIX.get(suffix)
    if compare is None:
        return ["the bytes differ"]
    return compare(new_bytes, old_bytes)
