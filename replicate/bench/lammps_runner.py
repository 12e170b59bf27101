"""Time LAMMPS on a prepared state; run by ``replicate.bench`` with the Python of ``.venv-bench``.

Standalone on purpose: the bench virtual environment holds only ``lammps``, ``mpich`` and numpy,
so this file imports nothing from the ``replicate`` package. Usage::

    python lammps_runner.py CONFIG.json

CONFIG names the data file and table file written by the bench, the table keyword, the cutoff
(sigma), the skin (sigma), the time step (tau), the accelerator suffix ("" or "omp") and the task:

* ``"md"`` (default): NVE for ``steps`` steps. Prints one JSON line: the energy per atom (epsilon)
  and the virial pressure (epsilon/sigma^3) of the initial state, the wall time of the timed run
  (s), the atom-steps per second and the LAMMPS version.
* ``"minimize"``: ``min_style`` ``min_style`` (fire or cg) until the largest force on any atom
  (``min_modify norm max``) is below ``ftol`` (epsilon/sigma), energy criterion off, at most
  ``max_iter`` iterations; FIRE starts at the time step ``dt`` with ``tmax`` = largest step / dt.
  Prints the wall time (s), iterations, final largest force (epsilon/sigma) and energy per atom.
"""

import json
import os
import sys
import time


def main(path):
    with open(path, encoding="utf-8") as fh:
        cfg = json.load(fh)
    from lammps import lammps

    args = ["-log", "none", "-screen", "none", "-nocite"]
    if cfg["suffix"] == "omp":
        os.environ["OMP_NUM_THREADS"] = "1"
        args += ["-sf", "omp", "-pk", "omp", "1"]
    lmp = lammps(cmdargs=args)
    for line in (
        "units lj",
        "atom_style atomic",
        "boundary p p p",
        f"read_data {cfg['data_file']}",
        f"pair_style table linear {cfg['table_points']}",
        f"pair_coeff 1 1 {cfg['table_file']} {cfg['keyword']} {cfg['rc']}",
        f"neighbor {cfg['skin']} bin",
        "neigh_modify every 1 delay 0 check yes",
        f"timestep {cfg['dt']}",
    ):
        lmp.command(line)
    if cfg.get("task", "md") == "minimize":
        return minimize(lmp, cfg)
    for line in (
        "fix integrate all nve",
        "compute pvir all pressure NULL virial",
        "thermo_style custom step pe ke c_pvir",
        "thermo_modify norm yes",
        f"thermo {cfg['steps']}",
        "run 0",
    ):
        lmp.command(line)
    pe0 = lmp.get_thermo("pe")
    pvir0 = lmp.extract_compute("pvir", 0, 0)  # global style, scalar type
    t0 = time.perf_counter()
    lmp.command(f"run {cfg['steps']} pre no post no")
    wall = time.perf_counter() - t0
    n_atoms = lmp.get_natoms()
    out = {
        "lammps_version": lmp.version(),
        "suffix": cfg["suffix"],
        "n_atoms": n_atoms,
        "steps": cfg["steps"],
        "wall_s": wall,
        "atom_steps_per_s": n_atoms * cfg["steps"] / wall,
        "pe_per_atom_initial": pe0,
        "virial_pressure_initial": pvir0,
        "pe_per_atom_final": lmp.get_thermo("pe"),
    }
    lmp.close()
    print(json.dumps(out))


def minimize(lmp, cfg):
    lmp.command("thermo_style custom step pe fnorm fmax")
    lmp.command("thermo_modify norm yes")
    lmp.command(f"min_style {cfg['min_style']}")
    lmp.command("min_modify norm max")
    if cfg["min_style"] == "fire":
        lmp.command(f"min_modify tmax {cfg['tmax']}")
    lmp.command("run 0")
    step0 = lmp.extract_global("ntimestep")
    t0 = time.perf_counter()
    lmp.command(f"minimize 0.0 {cfg['ftol']} {cfg['max_iter']} {10 * cfg['max_iter']}")
    wall = time.perf_counter() - t0
    n_atoms = lmp.get_natoms()
    # largest per-atom force after the run (min_modify norm max judges the same quantity)
    f = lmp.numpy.extract_atom("f")[:n_atoms]
    fmax = float((f * f).sum(axis=1).max() ** 0.5)
    out = {
        "lammps_version": lmp.version(),
        "suffix": cfg["suffix"],
        "min_style": cfg["min_style"],
        "n_atoms": n_atoms,
        "wall_s": wall,
        "iterations": int(lmp.extract_global("ntimestep") - step0),  # a minimisation advances one step per iteration
        "max_force": fmax,
        "converged": fmax < cfg["ftol"],
        "pe_per_atom": lmp.get_thermo("pe"),
    }
    lmp.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1])
