"""Eqn (19) with the "1 +/-" restored: eta_1 and eta_2 for beta eps_m = 3 and 5.

Our value of each root is independent of the closed form: it is the eta_k that the eqn (24)
solver reaches at eta' = 1e4 on each branch, where eps_k/eps_m exceeds 1e7 (the harmonic limit;
the remaining correction is O(1/eta'^2) ~ 1e-8). Run: ``python -m replicate.eqn19``.
"""

import time

import numpy as np

from .core.cli import parser, run
from .core.registry import command
from .core.results import write_result
from .theory import stability as st

NAME = "eqn19"
COMMAND = command(NAME)
ETA_PRIME_FAR = 1e4


def compute():
    """eta_1, eta_2 from the corrected eqn (19) and from the eqn (24) solver (pure)."""
    values, rows = {}, {}
    for b in (3, 5):
        eta1, eta2 = st.eta_roots(float(b))
        num2 = float(st.branch(np.array([ETA_PRIME_FAR]), float(b), 1)[0][0])
        num1 = float(st.branch(np.array([ETA_PRIME_FAR]), float(b), -1)[0][0])
        values[f"eqn19.eta2.b{b}"], values[f"eqn19.eta1.b{b}"] = num2, num1
        rows[str(b)] = {"eta1_closed": eta1, "eta2_closed": eta2, "eta1_solver": num1, "eta2_solver": num2}
    return {
        "values": values,
        "parameters": {"eta_prime_far": ETA_PRIME_FAR},
        "assumptions": [
            {
                "item": "eqn (19)",
                "paper": "eta_(1,2) = (1/2)(1 - 1/(beta eps_m))^(1/2) (transcription)",
                "ours": "eta_(1,2) = (1/2)[1 +/- (1 - 1/(beta eps_m))^(1/2)]",
                "why": "the '1 +/-' was lost in the transcription; only this form solves eqn (20) in the harmonic limit",
            }
        ],
        "roots": rows,
    }


def main(argv=None):
    parser(COMMAND, __doc__).parse_args(argv)
    t0 = time.perf_counter()
    result = compute()
    write_result(NAME, result, COMMAND, wall_time_s=time.perf_counter() - t0)


if __name__ == "__main__":
    run(main)
