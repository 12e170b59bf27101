from ..core.cli import run
from .render import main

run(main)
