"""Eqns (1)-(2): participation number N_k and ratio p = N_k/N, checked on modes with known answers.

Writes ``data/results/eqn2_participation.json``: a mode on one atom (N_k = 1), equal amplitude on
all atoms (N_k = N), a mode shared equally by m atoms (N_k = m), a plane-wave-like mode
(N_k = 2N/3 for a cos^2 modulation) and the sign/normalisation invariance.
Run: ``python -m replicate.eqn2_participation``.
"""

import time

import numpy as np

from .core.cli import parser, run
from .core.registry import command
from .core.results import write_result
from .theory.participation import participation_number, participation_ratio

NAME = "eqn2_participation"
COMMAND = command(NAME)
N_ATOMS = 500
SEED = 12345
BLOCK = 100  # atoms of the "100 atoms equal" mode
PERIODS = 5  # periods of the cosine mode along the ring of atoms
SCALE = -3.7  # N_k must not change when a mode is multiplied by a number


def reference_modes(n=N_ATOMS):
    """Columns (3N, 5): one atom, all atoms equal, BLOCK atoms equal, cos(k x) along x, random."""
    e = np.zeros((3 * n, 5))
    e[0, 0] = 1.0
    e[:, 1] = 1.0
    e[: 3 * BLOCK, 2] = 1.0
    x = np.arange(n)
    e[0::3, 3] = np.cos(2 * np.pi * PERIODS * x / n)  # plane wave on a ring of atoms: N_k = 2N/3
    e[:, 4] = np.random.default_rng(SEED).standard_normal(3 * n)
    return e


def compute(n_atoms=N_ATOMS):
    """N_k and p of the reference modes (pure; no file is touched)."""
    e = reference_modes(n_atoms)
    nk = participation_number(e)
    scaled = participation_number(SCALE * e)
    rel_change = float(np.max(np.abs(scaled - nk) / nk))
    return {
        "values": {},
        "parameters": {"N": n_atoms, "random_seed": SEED},
        "seeds": [SEED],
        "participation_number": nk,
        "participation_ratio": participation_ratio(e),
        "block_atoms": BLOCK,
        "plane_wave_periods": PERIODS,
        "scale_factor": SCALE,
        "expected": {"plane_wave": 2 * n_atoms / 3, "gaussian": 3 * n_atoms / 5},
        "max_relative_change_on_scaling": rel_change,
    }


def main(argv=None):
    parser(COMMAND, __doc__).parse_args(argv)
    t0 = time.perf_counter()
    result = compute()
    write_result(NAME, result, COMMAND, wall_time_s=time.perf_counter() - t0)


if __name__ == "__main__":
    run(main)
