"""Absolute paths of the repository, so every script runs from any folder."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
PAPER = DATA / "paper"  # published numbers, hand-written, never regenerated
INPUTS = DATA / "inputs"  # literature values with sources
RESULTS = DATA / "results"  # generated, with provenance
CACHE = DATA / "cache"  # expensive ensembles keyed by parameter hash
FIGURES = ROOT / "figures"
REPORT = ROOT / "REPORT.md"
README = ROOT / "README.md"
