"""``make smoke``: a check, in well under a minute, that an installation reproduces the artifact.

Recomputes the closed-form items (eqns 1-2, the Section 3 table, Section 4, eqns 19 and 23) and compares
each with its committed result to the rounding tolerance of result files (README, "Tolerances"), then
compiles the glass engine (numba) and checks it on an fcc crystal: the force on every atom vanishes by
symmetry and the energy equals a direct pair sum. Writes nothing. Run: ``python -m replicate.tools.smoke``.
"""

import importlib
import sys
import time

import numpy as np

from ..core.cli import parser, run
from ..core.compare import differences
from ..core.errors import DataError
from ..core.registry import command
from ..core.results import document, read_result

CLOSED_FORM_ITEMS = ("eqn2_participation", "table_nsa2", "sec4_epsm", "eqn23", "eqn19")
FORCE_ATOL = 1e-10  # epsilon/sigma: the forces of a perfect crystal cancel to round-off (sums of ~1e2 terms)


def reproduced_items():
    """The closed-form items whose fresh ``compute()`` differs from the committed result: ``{name: lines}``."""
    bad = {}
    for name in CLOSED_FORM_ITEMS:
        mod = importlib.import_module(f"replicate.{name}")
        new = document(mod.compute(), mod.COMMAND)
        old = read_result(name)
        new.pop("provenance"), old.pop("provenance")  # the numbers, not the hashes of what made them
        d = differences(new, old)
        if d:
            bad[name] = d
    return bad


def engine_check():
    """Largest force (epsilon/sigma) and |energy - pair sum| / |energy| on an fcc crystal of 256 atoms."""
    from ..glass.box import minimum_image
    from ..glass.forces import energy_forces
    from ..glass.lattice import fcc
    from ..glass.potential import InversePowerLaw

    pot = InversePowerLaw()
    pos, box = fcc(4, 1.0)
    u, f, _ = energy_forces(pos, box, pot)
    d = minimum_image(pos[:, None, :] - pos[None, :, :], box)
    r = np.sqrt(np.sum(d * d, axis=-1))[np.triu_indices(len(pos), 1)]
    r = r[r < pot.rc]
    direct = float(np.sum(pot.energy(r)))
    return float(np.max(np.abs(f))), abs(u - direct) / abs(direct)


def main(argv=None):
    parser(command("tools.smoke"), __doc__).parse_args(argv)
    t0 = time.perf_counter()
    bad = reproduced_items()
    if bad:
        first = next(iter(bad.items()))
        raise DataError(f"smoke: {', '.join(bad)} differ from the committed results ({first[0]}: {first[1][0]})")
    f_max, e_rel = engine_check()
    if not (f_max < FORCE_ATOL and e_rel < 1e-12):
        raise DataError(f"smoke: the glass engine fails on an fcc crystal (max force {f_max:.2e}, energy {e_rel:.2e})")
    print(
        f"smoke: install OK in {time.perf_counter() - t0:.0f} s: {len(CLOSED_FORM_ITEMS)} closed-form results "
        f"reproduced, glass engine compiled (fcc: max force {f_max:.1e} epsilon/sigma)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    run(main)
