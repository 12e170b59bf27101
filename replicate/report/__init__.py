"""REPORT.md, rendered from ``data/paper`` and ``data/results`` (:mod:`.render`) with the prose of each
item in Markdown templates (``templates/``). Run ``python -m replicate.report``."""


def main(argv=None):
    """The command ``python -m replicate.report`` (:func:`.render.main`)."""
    from .render import main as _main

    return _main(argv)
