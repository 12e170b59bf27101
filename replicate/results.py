"""Read and write ``data/results/<name>.json`` in the one layout the report understands.

Layout: ``{"provenance", "values", "uncertainties", "by_construction", "assumptions",
"report_section", ...extra}``; see ``replicate.io`` for the atomic write.
"""

from .io import read_json, write_json
from .paths import RESULTS
from .provenance import provenance


def write_result(name, *, values, command, parameters=None, wall_time_s=None, seeds=None,
                 uncertainties=None, by_construction=None, assumptions=None, report_section=None,
                 **extra):
    """Write ``data/results/<name>.json`` atomically and return its path.

    ``values`` maps published-number ids (``data/paper``) to our numbers; ``by_construction`` lists
    ids whose value reproduces the paper by construction (inputs solved backwards), which the report
    marks as such instead of as a pass.
    """
    payload = {
        "provenance": provenance(command, parameters, wall_time_s, seeds),
        "values": values,
        "uncertainties": uncertainties or {},
        "by_construction": sorted(by_construction or []),
        "assumptions": assumptions or [],
    }
    if report_section is not None:
        payload["report_section"] = report_section
    payload.update(extra)
    path = RESULTS / f"{name}.json"
    write_json(path, payload)
    return path


def read_result(name):
    return read_json(RESULTS / f"{name}.json")
