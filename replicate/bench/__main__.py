from ..core.cli import run
from .measure import main

run(main)
