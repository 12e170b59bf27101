"""Molecular dynamics of the inverse-power-law system: velocity Verlet with a stochastic
velocity-rescaling thermostat, or plain NVE.

Reduced units: length sigma, energy epsilon, mass m (all atoms equal), time tau = sigma*sqrt(m/epsilon);
``kT`` in epsilon; time step ``dt`` in tau.

Integrator (one step): v += F dt/2; x += v dt; (rebuild the neighbour list if any atom moved more
than skin/2); F = F(x); v += F dt/2; then, with the thermostat on, all velocities are scaled by the
factor alpha of Bussi, Donadio & Parrinello, J. Chem. Phys. 126, 014101 (2007),
doi:10.1063/1.2408420 (their appendix): with c = exp(-dt/tau_T), N_f = 3N - 3 degrees of freedom,
K the kinetic energy and K_t = N_f kT(t)/2 the target,

    alpha^2 = c + (1-c) (R1^2 + S) K_t/(N_f K) + 2 R1 sqrt(c (1-c) K_t/(N_f K)),

R1 a standard normal and S a chi-square variate with N_f - 1 degrees of freedom, the sign of alpha
that of R1 + sqrt(c N_f K/((1-c) K_t)). It samples the canonical ensemble, leaves the dynamics
Newtonian between the gentle rescalings (tau_T >> dt) and follows a target kT(t) that may ramp
linearly, which is what the controlled quench needs. The random numbers are drawn in Python from a
:class:`numpy.random.Generator`, one chunk at a time, and passed into the kernel; the total momentum
is set to zero at the start and stays zero (pair forces and a common scale factor conserve it).
"""

import math
from dataclasses import dataclass, field

import numba
import numpy as np
from tqdm import tqdm

from ..core.errors import ParameterError, require_int, require_positive, require_range
from .forces import forces_energy_virial
from .neighbours import NeighbourList, build_half_list, needs_rebuild
from .potential import InversePowerLaw
from .thermo import degrees_of_freedom, kinetic_energy, kinetic_temperature, virial_pressure


@numba.njit
def _md_chunk(
    pos,
    vel,
    frc,
    box,
    p,
    rlist,
    half_skin2,
    ref,
    n_cells,
    stencil,
    stencil_image,
    start,
    nbrs,
    image,
    shifts,
    dt,
    kT_target,
    r1,
    chi2,
    c_therm,
    nf,
    thermostat,
    epot,
    ekin,
    vir,
):
    """Run ``len(epot)`` steps in place; return (status, n_rebuilds); status -1: list overflow."""
    n = pos.shape[0]
    nsteps = epot.shape[0]
    hdt = 0.5 * dt
    n_rebuild = 0
    for s in range(nsteps):
        for i in range(n):
            for a in range(3):
                vel[i, a] += hdt * frc[i, a]
                pos[i, a] += dt * vel[i, a]
        if needs_rebuild(pos, ref, box, half_skin2):
            if build_half_list(pos, box, rlist, n_cells, stencil, stencil_image, start, nbrs, image) < 0:
                return -1, n_rebuild
            ref[:, :] = pos
            n_rebuild += 1
        u, w = forces_energy_virial(pos, start, nbrs, image, shifts, p, frc)
        k = 0.0
        for i in range(n):
            for a in range(3):
                vel[i, a] += hdt * frc[i, a]
                k += vel[i, a] * vel[i, a]
        k *= 0.5
        if thermostat and k > 0.0:
            kt = 0.5 * nf * kT_target[s]
            if kt > 0.0:
                ratio = kt / (nf * k)
                rr = r1[s]
                a2 = (
                    c_therm
                    + (1.0 - c_therm) * (rr * rr + chi2[s]) * ratio
                    + 2.0 * rr * math.sqrt(c_therm * (1.0 - c_therm) * ratio)
                )
                alpha = math.sqrt(a2)
                if rr + math.sqrt(c_therm * nf * k / ((1.0 - c_therm) * kt)) < 0.0:
                    alpha = -alpha
            else:
                alpha = math.sqrt(c_therm)
            for i in range(n):
                for a in range(3):
                    vel[i, a] *= alpha
            k *= alpha * alpha
        epot[s] = u
        ekin[s] = k
        vir[s] = w
    return 0, n_rebuild


@dataclass
class MDState:
    """Positions, velocities and forces of N atoms in a periodic cubic box.

    Parameters
    ----------
    pos : array_like of float, shape (N, 3)
        Positions (sigma); copied.
    vel : array_like of float, shape (N, 3)
        Velocities (sigma/tau); copied.
    box : float
        Box edge L (sigma).
    pot : InversePowerLaw
        Pair potential (default n = 6, r_c = 2.5 sigma).
    skin : float
        Neighbour-list skin (sigma).
    time : float
        Simulated time (tau).

    On construction the neighbour list is built and ``frc`` (N, 3, epsilon/sigma), ``epot``
    (epsilon) and ``virial`` (epsilon) are evaluated.
    """

    pos: np.ndarray
    vel: np.ndarray
    box: float
    pot: InversePowerLaw = field(default_factory=InversePowerLaw)
    skin: float = 0.3
    time: float = 0.0

    def __post_init__(self):
        self.pos = np.array(self.pos, dtype=np.float64, order="C")
        self.vel = np.array(self.vel, dtype=np.float64, order="C")
        if self.pos.ndim != 2 or self.pos.shape[1] != 3 or self.vel.shape != self.pos.shape:
            raise ParameterError(f"pos and vel must both have shape (N, 3), got {self.pos.shape}, {self.vel.shape}")
        require_int("N (number of atoms)", self.pos.shape[0], 2, None)
        require_positive("box (edge L, sigma)", self.box)
        if not (np.all(np.isfinite(self.pos)) and np.all(np.isfinite(self.vel))):
            raise ParameterError("pos and vel must be finite")
        self.nlist = NeighbourList(self.n_atoms, self.box, self.pot.rc, self.skin)
        self.nlist.build(self.pos)
        self.frc = np.empty_like(self.pos)
        nl = self.nlist
        self.epot, self.virial = forces_energy_virial(
            self.pos, nl.start, nl.nbrs, nl.image, nl.shifts, self.pot.params, self.frc
        )

    @property
    def n_atoms(self):
        """Number of atoms N."""
        return self.pos.shape[0]

    @property
    def n_dof(self):
        """Degrees of freedom N_f = 3N - 3."""
        return degrees_of_freedom(self.n_atoms)

    def kinetic(self):
        """Kinetic energy K (epsilon)."""
        return kinetic_energy(self.vel)

    def kT_kinetic(self):
        """Instantaneous temperature 2K/N_f (epsilon)."""
        return kinetic_temperature(self.kinetic(), self.n_atoms)


def maxwell_velocities(n_atoms, kT, rng):
    """Gaussian velocities with zero total momentum, rescaled to exactly 2K/N_f = kT (N_f = 3N - 3).

    Parameters
    ----------
    n_atoms : int
        Number of atoms N.
    kT : float
        Temperature (epsilon).
    rng : numpy.random.Generator
        Source of the normal variates.

    Returns
    -------
    ndarray of float, shape (N, 3)
        Velocities (sigma/tau), unit masses.
    """
    require_int("n_atoms", n_atoms, 2, None)
    require_positive("kT (epsilon)", kT)
    v = rng.standard_normal((n_atoms, 3)) * math.sqrt(kT)
    v -= v.mean(axis=0)
    v *= math.sqrt(kT * degrees_of_freedom(n_atoms) / np.sum(v * v))
    return v


@dataclass
class Trajectory:
    """Per-step records of a run, arrays of shape (n_steps,).

    ``epot`` potential energy U, ``ekin`` kinetic energy K, ``virial`` W (all epsilon), ``kT_target``
    the thermostat target (epsilon; zeros for NVE); ``n_rebuilds`` the neighbour-list rebuilds.
    """

    epot: np.ndarray
    ekin: np.ndarray
    virial: np.ndarray
    kT_target: np.ndarray
    n_rebuilds: int

    def pressure(self, n_atoms, box):
        """Instantaneous virial pressure per step (:func:`replicate.glass.thermo.virial_pressure`).

        Parameters
        ----------
        n_atoms : int
            Number of atoms N.
        box : float
            Box edge L (sigma).

        Returns
        -------
        ndarray of float, shape (n_steps,)
            P (epsilon/sigma^3), kinetic part with N_f = 3N - 3.
        """
        return virial_pressure(n_atoms, box, kinetic_temperature(self.ekin, n_atoms), self.virial)


def run_md(state, n_steps, dt, kT_start=None, kT_end=None, tau_T=0.5, rng=None, chunk=2000, progress=None, desc="MD"):
    """Advance ``state`` in place by ``n_steps`` velocity-Verlet steps.

    With ``kT_start`` given the Bussi thermostat targets kT(t) that goes linearly from ``kT_start``
    at the first step to ``kT_end`` at the last; with ``kT_start=None`` the run is NVE. The
    thermostat noise is drawn per chunk of ``chunk`` steps; a tqdm bar (stderr) reports between
    chunks.

    Parameters
    ----------
    state : MDState
        Modified in place (positions, velocities, forces, time, energies).
    n_steps : int
        Number of steps.
    dt : float
        Time step (tau), 0 < dt <= 0.05.
    kT_start, kT_end : float, optional
        Thermostat targets (epsilon) at the first and last step; ``kT_end`` defaults to ``kT_start``.
    tau_T : float
        Thermostat coupling time (tau).
    rng : numpy.random.Generator, optional
        Thermostat noise; required when the thermostat is on.
    chunk : int
        Steps per numba call.
    progress : bool, optional
        Show the bar (default: for runs of more than 5e6 atom-steps).
    desc : str
        Label of the bar.

    Returns
    -------
    Trajectory
        Per-step energies (epsilon), virial (epsilon) and target temperature (epsilon).
    """
    require_int("n_steps", n_steps, 1, None)
    require_range("dt (time step, tau)", dt, 0.0, 0.05, lo_open=True)
    require_int("chunk", chunk, 1, None)
    thermostat = kT_start is not None
    if thermostat:
        require_range("kT_start (epsilon)", kT_start, 0.0, 100.0, lo_open=True)
        kT_end = kT_start if kT_end is None else kT_end
        require_range("kT_end (epsilon)", kT_end, 0.0, 100.0)
        require_range("tau_T (thermostat time, tau)", tau_T, dt, 1e6, lo_open=True)
        if rng is None:
            raise ParameterError("rng (numpy Generator) is required when the thermostat is on")
        ramp = np.linspace(kT_start, kT_end, n_steps) if n_steps > 1 else np.array([kT_start], float)
    else:
        ramp = np.zeros(n_steps)
    nf = state.n_dof
    c_therm = math.exp(-dt / tau_T) if thermostat else 1.0
    nl = state.nlist
    half_skin2 = (0.5 * nl.skin) ** 2
    out_u = np.empty(n_steps)
    out_k = np.empty(n_steps)
    out_w = np.empty(n_steps)
    n_reb = 0
    show = (n_steps * state.n_atoms > 5e6) if progress is None else progress
    bar = tqdm(total=n_steps, desc=desc, unit="step", disable=not show, leave=False, mininterval=1.0)
    done = 0
    while done < n_steps:
        m = min(chunk, n_steps - done)
        if thermostat:
            r1 = rng.standard_normal(m)
            chi2 = rng.chisquare(nf - 1, m)
        else:
            r1 = np.zeros(m)
            chi2 = np.zeros(m)
        saved = (state.pos.copy(), state.vel.copy(), state.frc.copy(), nl.ref.copy(), nl.start.copy())
        saved_list = (nl.nbrs.copy(), nl.image.copy())
        while True:
            status, nr = _md_chunk(
                state.pos,
                state.vel,
                state.frc,
                state.box,
                state.pot.params,
                nl.rlist,
                half_skin2,
                nl.ref,
                nl.n_cells,
                nl.stencil,
                nl.stencil_image,
                nl.start,
                nl.nbrs,
                nl.image,
                nl.shifts,
                dt,
                ramp[done : done + m],
                r1,
                chi2,
                c_therm,
                nf,
                thermostat,
                out_u[done : done + m],
                out_k[done : done + m],
                out_w[done : done + m],
            )
            if status == 0:
                break
            # neighbour storage overflowed: grow it and redo the chunk from its saved start
            state.pos[:], state.vel[:], state.frc[:], nl.ref[:], nl.start[:] = saved
            nl.grow()
            nl.nbrs[: saved_list[0].shape[0]] = saved_list[0]
            nl.image[: saved_list[1].shape[0]] = saved_list[1]
        n_reb += nr
        done += m
        state.time += m * dt
        bar.update(m)
    bar.close()
    nl.n_builds += n_reb
    state.epot = float(out_u[-1])
    state.virial = float(out_w[-1])
    return Trajectory(out_u, out_k, out_w, ramp, n_reb)
