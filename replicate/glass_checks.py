"""Validation of the glass engine against independent physics: equation of state and NVE drift.

``python -m replicate.glass_checks`` writes ``data/results/glass_checks.json``:

* Equation of state. The n = 6 fluid at the freezing point, Gamma = rho sigma^3 (eps/kT)^(1/2) =
  2.295, has the pressure P sigma^3/eps = 100.1(3) at kT = eps (Tan, Schultz, Kofke, Mol. Phys. 109,
  123 (2011), doi:10.1080/00268976.2010.520586, Table 4; also on SklogWiki "Soft sphere
  potential"). Inverse-power-law scaling gives Z = P/(rho kT) = 100.1/2.295 at every state with that
  Gamma; we simulate rho = 1, kT = 1/2.295^2 = 0.18986, N = 500, where the reference is
  P = 0.18986 * 43.62 = 8.281(25). Our potential is smoothed at r_c; the pressure of the untruncated
  r^-6 system is estimated to first order as
      P_full = <P_ours> + < sum_{i<j, r < L/2} r_ij (phi'_ours - phi'_full)(r_ij) > / (3V)
               + (4 pi / 3) rho^2 (L/2)^-3          (tail beyond L/2 with g = 1),
  evaluated on our configurations. The first-order estimate is checked by doing it at two cutoffs
  (2.5 and 3.5 sigma): the corrected pressures must agree within their errors.
  Protocol: random start, 10 tau at kT = 1, 20 tau at kT = 0.18986, then 100 tau of production with
  the Bussi thermostat (tau_T = 0.5), dt = 0.01; errors from 10 blocks of 10 tau.
* NVE: 5000 steps (50 tau, dt = 0.01) of an N = 500 liquid at kT = 0.5 after thermostatted
  equilibration; total-energy drift per atom (end minus start of a linear fit) and rms fluctuation.
"""

import math
import time

import numpy as np
from scipy.spatial import cKDTree

from .core.cli import parser, run
from .core.registry import command
from .core.results import write_result
from .glass.box import minimum_image_round, wrap
from .glass.md import MDState, maxwell_velocities, run_md
from .glass.neighbours import box_length
from .glass.potential import InversePowerLaw
from .glass.prepare import GAMMA_FREEZING, random_start
from .glass.thermo import kinetic_temperature

NAME = "glass_checks"
COMMAND = command(NAME)
P_TSK = 100.1  # fluid pressure at coexistence, kT = eps, n = 6 (Tan, Schultz, Kofke 2011, Table 4)
P_TSK_ERR = 0.3
SEED = 20111230


def cutoff_correction(pos, box, pot):
    """First-order pressure correction (epsilon/sigma^3) from our smoothed potential to the bare r^-6."""
    n = pos.shape[0]
    vol = box**3
    half = 0.5 * box
    wrapped = wrap(pos, box)
    wrapped[wrapped >= box] = 0.0  # cKDTree needs coordinates strictly below the box edge
    pairs = cKDTree(wrapped, boxsize=box).query_pairs(half * 0.999999, output_type="ndarray")
    d = wrapped[pairs[:, 0]] - wrapped[pairs[:, 1]]
    d = minimum_image_round(d, box)
    r = np.sqrt(np.einsum("ij,ij->i", d, d))
    dphi_full = -pot.n * r ** (-pot.n - 1.0)
    dphi_ours = pot.derivative(r)
    rho = n / vol
    tail = 2.0 * math.pi / 3.0 * rho**2 * pot.n / (pot.n - 3.0) * half ** (3.0 - pot.n)
    return float(np.sum(r * (dphi_ours - dphi_full)) / (3.0 * vol) + tail)


def eos_run(rc, n_atoms=500, seed=SEED, t_prod=100.0, dt=0.01):
    rng = np.random.default_rng(seed)
    pot = InversePowerLaw(rc=rc)
    kT = 1.0 / GAMMA_FREEZING**2
    box = box_length(n_atoms, 1.0)
    st = MDState(random_start(n_atoms, box, 0.8, rng), maxwell_velocities(n_atoms, 1.0, rng), box, pot=pot)
    run_md(st, 1000, dt, 1.0, rng=rng)
    run_md(st, 2000, dt, kT, rng=rng, desc="EOS equil")
    n_blocks = 10
    per_block = int(round(t_prod / dt / n_blocks))
    p_blocks, c_blocks, kT_blocks = [], [], []
    for _ in range(n_blocks):
        tr = run_md(st, per_block, dt, kT, rng=rng, desc="EOS prod")
        p_blocks.append(float(np.mean(tr.pressure(n_atoms, box))))
        kT_blocks.append(float(np.mean(kinetic_temperature(tr.ekin, n_atoms))))
        c_blocks.append(cutoff_correction(st.pos, box, pot))
    p = np.array(p_blocks)
    c = np.array(c_blocks)
    full = p + c
    return {
        "rc": rc,
        "n_atoms": n_atoms,
        "kT": kT,
        "density": 1.0,
        "gamma": GAMMA_FREEZING,
        "kT_measured": float(np.mean(kT_blocks)),
        "pressure_ours": float(p.mean()),
        "pressure_ours_err": float(p.std(ddof=1) / math.sqrt(n_blocks)),
        "cutoff_correction": float(c.mean()),
        "cutoff_correction_err": float(c.std(ddof=1) / math.sqrt(n_blocks)),
        "pressure_full": float(full.mean()),
        "pressure_full_err": float(full.std(ddof=1) / math.sqrt(n_blocks)),
    }


def nve_drift(n_atoms=500, n_steps=5000, dt=0.01, seed=SEED + 1):
    rng = np.random.default_rng(seed)
    box = box_length(n_atoms, 1.0)
    st = MDState(random_start(n_atoms, box, 0.8, rng), maxwell_velocities(n_atoms, 0.5, rng), box)
    run_md(st, 2000, dt, 0.5, rng=rng)
    tr = run_md(st, n_steps, dt)
    e = (tr.epot + tr.ekin) / n_atoms
    t = np.arange(n_steps) * dt
    slope = np.polyfit(t, e, 1)[0]
    return {
        "n_atoms": n_atoms,
        "n_steps": n_steps,
        "dt": dt,
        "kT": 0.5,
        "drift_per_atom": float(slope * t[-1]),
        "rms_per_atom": float(e.std()),
        "kinetic_per_atom": float(np.mean(tr.ekin) / n_atoms),
    }


def compute():
    """Run the EOS and NVE checks (about a minute on one core) and build their result (pure)."""
    ref = P_TSK / GAMMA_FREEZING * (1.0 / GAMMA_FREEZING**2)
    ref_err = P_TSK_ERR / GAMMA_FREEZING * (1.0 / GAMMA_FREEZING**2)
    eos = [eos_run(rc) for rc in (2.5, 3.5)]
    nve = nve_drift()
    deviations = [(e["pressure_full"] - ref) / math.hypot(e["pressure_full_err"], ref_err) for e in eos]
    return {
        "values": {},
        "parameters": {
            "eos_state": {"density": 1.0, "gamma": GAMMA_FREEZING, "n_atoms": 500},
            "nve": {"n_atoms": 500, "kT": 0.5, "dt": 0.01, "n_steps": 5000},
        },
        "seeds": [SEED, SEED + 1],
        "eos_kT": 1.0 / GAMMA_FREEZING**2,
        "deviation_over_combined_error": deviations,
        "reference_pressure": ref,
        "reference_pressure_err": ref_err,
        "reference": "Tan, Schultz, Kofke, Mol. Phys. 109, 123 (2011), doi:10.1080/00268976.2010.520586, Table 4",
        "eos": eos,
        "nve": nve,
    }


def main(argv=None):
    parser(COMMAND, __doc__).parse_args(argv)
    t0 = time.perf_counter()
    result = compute()
    write_result(NAME, result, COMMAND, wall_time_s=time.perf_counter() - t0)
    for e, d in zip(result["eos"], result["deviation_over_combined_error"]):
        print(
            f"glass_checks: r_c = {e['rc']}: P = {e['pressure_full']:.4f}, {d:+.2f} combined errors from the reference"
        )


if __name__ == "__main__":
    run(main)
