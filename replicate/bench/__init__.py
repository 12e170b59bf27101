"""Engine speed against LAMMPS and the eigensolve against bare LAPACK (``make bench``; not part of the
results). :mod:`.lammps_runner` is a separate program, run with the Python of ``.venv-bench``."""


def main(argv=None):
    """The command ``python -m replicate.bench`` (:func:`.measure.main`)."""
    from .measure import main as _main

    return _main(argv)
