"""Replication of U. Buchenau, Phil. Mag. B 65, 303-315 (1992), doi:10.1080/13642819208217904.

Data flow (one way): ``data/paper`` and ``data/inputs`` -> physics (``replicate.theory``,
``replicate.glass``) -> one script per paper item (``python -m replicate.<item>``) writing
``data/results`` and ``figures`` -> ``replicate.report`` writing ``REPORT.md``.
"""

__version__ = "0.2.0"
PAPER_DOI = "10.1080/13642819208217904"
