"""Eqn (23): the constant 4 (Gamma(1/4)/Gamma(3/4))^2 = 35.015 three independent ways.

1. the closed form with scipy's Gamma function;
2. direct quadrature of both integrals of eqn (21) (eta_k = 0) and eqn (20);
3. the eta' = 0 point of the general eqn (24) solver, beta eps_0/(beta eps_m)^2.
Run: ``python -m replicate.eqn23``.
"""

import time

import numpy as np

from .core.cli import parser, run
from .core.registry import command
from .core.results import write_result
from .theory import stability as st

NAME = "eqn23"
COMMAND = command(NAME)
BETAS = (3.0, 5.0)  # beta eps_m of the Fig. 8 curves
BETA_EPS_M_T_G = 5.0  # beta eps_m near T_g (Sect. 4)


def compute():
    """The constant of eqn (23) three ways and beta eps_0 at beta eps_m = 5 (pure)."""
    closed = st.eqn23_constant()
    quad = st.eqn23_constant_quadrature()
    limits = {b: st.eqn23_constant_solver_limit(b) for b in BETAS}
    values = {
        "eqn23.constant.closed_form": closed,
        "eqn23.constant.quadrature": quad,
        "eqn23.constant.solver_limit": limits[BETA_EPS_M_T_G],
    }
    for b in (3, 5):
        values[f"eqn23.eps0_over_epsm.b{b}"] = float(st.branch(np.array([0.0]), float(b), 1)[1][0])
    values["sec4.beta_eps0.b5"] = closed * BETA_EPS_M_T_G**2
    spread = max(abs(v / closed - 1) for v in (quad, *limits.values()))
    return {
        "values": values,
        "closed_form": closed,
        "quadrature": quad,
        "beta_eps_m_near_T_g": BETA_EPS_M_T_G,
        "solver_limit_by_beta_eps_m": {str(k): v for k, v in limits.items()},
        "max_relative_spread": spread,
    }


def main(argv=None):
    parser(COMMAND, __doc__).parse_args(argv)
    t0 = time.perf_counter()
    result = compute()
    write_result(NAME, result, COMMAND, wall_time_s=time.perf_counter() - t0)


if __name__ == "__main__":
    run(main)
