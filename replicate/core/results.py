"""Read and write ``data/results/<name>.json`` in the one layout the report understands.

An item module's pure ``compute()`` returns a *result*: a dict with the keys ``values`` (published-number
id -> our number), and optionally ``uncertainties``, ``by_construction``, ``assumptions``,
``parameters``, ``seeds``, ``tables`` (CSV side files, see :func:`table`) and any free-form data the
report's template of the item reads (``replicate/report/templates/<name>.md``). :func:`document` turns it
into the JSON layout

    {"provenance", "values", "uncertainties", "by_construction", "assumptions", ...extra}

and :func:`write_result` writes that document and its CSV side files atomically. The tests build the
same document from a fresh ``compute()`` and compare it with the committed file (:func:`comparable`
drops the parts of the provenance that differ between runs).
"""

import json
import time

import numpy as np

from .compare import differences
from .io import _jsonable, read_json, write_csv, write_json
from .paths import RESULTS
from .provenance import log_run, provenance

# provenance entries a fresh compute() in the tests may not reproduce although every number agrees: the
# code hash (a test run under mutation testing or with an edited docstring), the package versions (a user's
# environment); CI regenerates with the pinned packages and checks both through a clean `git status`
VOLATILE_PROVENANCE = ("code_sha256", "packages")

__all__ = [
    "VOLATILE_PROVENANCE",
    "table",
    "document",
    "write_result",
    "run_item",
    "comparable",
    "read_result",
    "differences",
]


def table(columns, fmt="%.12g"):
    """A CSV side file of a result: ``columns`` maps column names to equal-length 1-D sequences."""
    cols = {k: np.asarray(v) for k, v in columns.items()}
    lengths = {len(v) for v in cols.values()}
    if len(lengths) != 1:
        raise ValueError(f"table columns have different lengths: { {k: len(v) for k, v in cols.items()} }")
    return {"columns": cols, "fmt": fmt}


def document(result, command):
    """The JSON document of a ``compute()`` result (tables excluded), with its provenance block."""
    rest = {k: v for k, v in result.items() if k != "tables"}
    parameters = rest.pop("parameters", None)
    seeds = rest.pop("seeds", None)
    doc = {
        "provenance": provenance(command, parameters, seeds),
        "values": rest.pop("values", {}),
        "uncertainties": rest.pop("uncertainties", {}),
        "by_construction": sorted(rest.pop("by_construction", [])),
        "assumptions": rest.pop("assumptions", []),
    }
    doc.update(rest)
    # the JSON round trip gives exactly what a reader of the file sees (tuples -> lists, NaN -> null)
    return json.loads(json.dumps(_jsonable(doc)))


def write_result(name, result, command, wall_time_s=None, folder=None):
    """Write ``<folder>/<name>.json`` (default ``data/results``) and the result's CSV tables atomically;
    return the JSON path."""
    folder = RESULTS if folder is None else folder
    doc = document(result, command)
    for fname, tab in result.get("tables", {}).items():
        cols = tab["columns"]
        rows = list(zip(*[cols[k].tolist() for k in cols]))
        write_csv(folder / fname, list(cols), rows, provenance=doc["provenance"], fmt=tab["fmt"])
    path = folder / f"{name}.json"
    write_json(path, doc, keep_same=True)
    log_run(command, wall_time_s, path)
    return path


def run_item(name, doc, load_inputs, compute, figure, argv=None):
    """The ``main()`` of an item without options: ``--help`` from its docstring ``doc``, then
    ``compute(**load_inputs())``, the result written as ``data/results/<name>.json`` and the figure
    ``figure(result, inputs)`` saved as ``figures/<name>.png/.pdf``. Returns ``(result, inputs)``."""
    from .cli import parser
    from .io import save_figure
    from .paths import FIGURES
    from .registry import command

    parser(command(name), doc).parse_args(argv)
    t0 = time.perf_counter()
    inputs = load_inputs()
    result = compute(**inputs)
    write_result(name, result, command(name), wall_time_s=time.perf_counter() - t0)
    save_figure(figure(result, inputs), FIGURES / name)
    return result, inputs


def comparable(doc):
    """``doc`` without the run-dependent provenance entries (what must not change on regeneration)."""
    out = dict(doc)
    out["provenance"] = {k: v for k, v in doc.get("provenance", {}).items() if k not in VOLATILE_PROVENANCE}
    return out


def read_result(name):
    return read_json(RESULTS / f"{name}.json")
