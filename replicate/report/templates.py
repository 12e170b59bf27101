"""The report's prose: one Markdown template per result, ``templates/<name>.md``, rendered with Jinja2
from that result's JSON and the published numbers of ``data/paper``. Every number in the prose comes
from those files; the templates type none (``tests/report/test_templates.py``).

A template's first line is its section title; the rest is Markdown. Besides the result's own fields
it sees ``parameters`` (those of its provenance), ``paper`` (published entries by id, each with ``lo`` and ``hi``, its accepted bounds) and
``verdict(pid)`` ("agrees" or "disagrees": our value of ``pid`` against its bounds). Numbers are
formatted with the ``f`` filter, ``{{ x | f('.3f') }}``.
"""

from functools import lru_cache
from pathlib import Path

import jinja2

from ..core import paper

FOLDER = Path(__file__).with_name("templates")


def _format(x, spec):
    """``format(x, spec)``; a missing value (None) prints as '-'; a field the result lacks raises
    :class:`jinja2.UndefinedError`."""
    if isinstance(x, jinja2.Undefined):
        x._fail_with_undefined_error()
    return "-" if x is None else format(x, spec)


@lru_cache(maxsize=1)
def environment():
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(FOLDER),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
    )
    env.filters["f"] = _format
    return env


def names():
    """Results that have a template (sorted)."""
    return sorted(p.stem for p in FOLDER.glob("*.md") if not p.stem.startswith("_"))


def published():
    """Published entries by id, each with its accepted bounds ``lo`` and ``hi``."""
    out = {}
    for pid, e in paper.published().items():
        lo, hi = paper.bounds(pid)
        out[pid] = dict(e, lo=lo, hi=hi)
    return out


def section(name, doc):
    """(title, markdown) of result ``name`` from its JSON document ``doc``."""
    values = doc.get("values", {})

    def verdict(pid):
        return "agrees" if paper.agrees(pid, values[pid]) else "disagrees"

    context = dict(doc, parameters=doc.get("provenance", {}).get("parameters"), paper=published(), verdict=verdict)
    text = environment().get_template(f"{name}.md").render(context)
    title, _, body = text.partition("\n")
    return title.lstrip("# ").strip(), body.strip("\n")
