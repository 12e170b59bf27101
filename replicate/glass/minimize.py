"""Energy minimisation to the inherent structure: FIRE, then Newton polishing.

Reduced units: positions in sigma, energies in epsilon, forces in epsilon/sigma, the FIRE time step
in tau (unit masses).

1. FIRE 2.0 (Bitzek et al., PRL 97, 170201 (2006), doi:10.1103/PhysRevLett.97.170201, with the
   semi-implicit Euler step and half-step correction of Guenole et al., Comput. Mater. Sci. 175,
   109584 (2020), doi:10.1016/j.commatsci.2020.109584), in numba, with the neighbour list of
   :mod:`replicate.glass.neighbours` rebuilt whenever an atom moved more than skin/2. Parameters
   (:class:`FireParams`): N_delay = 5, f_inc = 1.1, f_dec = 0.5, alpha_0 = 0.1, f_alpha = 0.99,
   dt_0 = 0.01 tau, dt_max = 0.1 tau (omega_max ~ 12.6/tau in our glasses, so omega_max dt_max ~ 1.3
   < 2: stable), dt never below 0.02 dt_0, until the largest force on any atom is below ``fire_tol``
   (default 1e-7 epsilon/sigma).
2. Newton polishing: near the minimum the energy is quadratic, so the Newton step
   dx = (H + T)^-1 F with the analytic Hessian H of :mod:`replicate.glass.hessian` and T the
   projector on the three uniform translations (which removes the zero modes without moving the
   centre of mass) converges quadratically; each step is accepted only if the largest force
   decreases and the Hessian is positive definite on the complement of the translations. A
   step that fails falls back to more FIRE. The target is :data:`FORCE_TOL` = 1e-10 epsilon/sigma,
   about 10^3 times the rounding noise of a force sum (~1e-13 epsilon/sigma).

:func:`minimize` returns a :class:`MinimizeResult` with the converged flag, the largest force, the
energy and the iteration counts; nothing downstream runs on an unconverged structure.
"""

import math
from dataclasses import dataclass

import numba
import numpy as np
import scipy.linalg
import scipy.sparse.linalg

from ..core.errors import (
    ParameterError,
    require_int,
    require_positions,
    require_positive,
    require_range,
)
from .box import translation_projector, wrap
from .forces import forces_energy_virial
from .hessian import hessian_dense, hessian_sparse
from .neighbours import NeighbourList, build_half_list, needs_rebuild
from .potential import InversePowerLaw

FORCE_TOL = 1e-10  # epsilon/sigma: largest force on any atom of a converged minimum
# Newton steps: dense Cholesky up to this N (the Fig 5/6 glasses), sparse Hessian and CG above it
NEWTON_DENSE_MAX_ATOMS = 2000
NEWTON_CG_RTOL = 1e-5  # relative residual of the CG solve of one Newton step
NEWTON_CG_MAXITER = 20000  # CG iterations per Newton step (about 2 sqrt(condition number) are needed)


@dataclass(frozen=True)
class FireParams:
    """Parameters of the FIRE 2.0 minimiser (Bitzek et al. 2006; Guenole et al. 2020).

    ``fire_tol`` is where FIRE hands over to Newton polishing; ``max_iter`` bounds the FIRE
    iterations of one :func:`minimize` call (all rounds together).
    """

    n_delay: int = 5  # steps with positive power P = F.v before dt may grow
    f_inc: float = 1.1  # growth factor of dt (dimensionless)
    f_dec: float = 0.5  # reduction factor of dt when P <= 0 (dimensionless)
    alpha0: float = 0.1  # initial velocity-mixing parameter alpha (dimensionless)
    f_alpha: float = 0.99  # decay factor of alpha (dimensionless)
    dt0: float = 0.01  # tau, initial time step
    dt_max: float = 0.1  # tau, largest time step
    dt_min_fraction: float = 0.02  # smallest time step in units of dt0 (dimensionless)
    fire_tol: float = 1e-7  # epsilon/sigma, largest force at the hand-over to Newton polishing
    max_iter: int = 200000  # FIRE iterations

    def __post_init__(self):
        require_int("n_delay", self.n_delay, 0, None)
        require_range("f_inc (FIRE dt growth)", self.f_inc, 1.0, 10.0)
        require_range("f_dec (FIRE dt reduction)", self.f_dec, 0.0, 1.0, lo_open=True, hi_open=True)
        require_range("alpha0 (FIRE mixing)", self.alpha0, 0.0, 1.0, lo_open=True, hi_open=True)
        require_range("f_alpha (FIRE mixing decay)", self.f_alpha, 0.0, 1.0, lo_open=True)
        require_range("dt0 (FIRE initial step, tau)", self.dt0, 0.0, 1.0, lo_open=True)
        require_range("dt_max (FIRE largest step, tau)", self.dt_max, self.dt0, 1.0)
        require_range("dt_min_fraction (FIRE smallest step / dt0)", self.dt_min_fraction, 0.0, 1.0, lo_open=True)
        require_positive("fire_tol (epsilon/sigma)", self.fire_tol)
        require_int("max_iter", self.max_iter, 1, None)


FIRE = FireParams()  # the parameters every glass sample was minimised with


@numba.njit
def _max_force(frc):
    """Largest force on any atom, max_i |F_i| (epsilon/sigma), of ``frc`` (N, 3)."""
    m = 0.0
    for i in range(frc.shape[0]):
        f2 = frc[i, 0] * frc[i, 0] + frc[i, 1] * frc[i, 1] + frc[i, 2] * frc[i, 2]
        if f2 > m:
            m = f2
    return math.sqrt(m)


@numba.njit
def _fire(
    pos,
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
    frc,
    ftol,
    max_iter,
    dt0,
    dt_max,
    n_delay,
    f_inc,
    f_dec,
    a0,
    f_a,
    dt_min_fraction,
):
    """FIRE 2.0 in place. Return (status, iterations, energy, max force); status 0 converged,
    1 iteration limit, -1 neighbour overflow. The last eight arguments are those of :class:`FireParams`."""
    n = pos.shape[0]
    vel = np.zeros_like(pos)
    dt = dt0
    alpha = a0
    n_pos = 0
    u, _ = forces_energy_virial(pos, start, nbrs, image, shifts, p, frc)
    fmax = _max_force(frc)
    if fmax < ftol:
        return 0, 0, u, fmax
    for it in range(1, max_iter + 1):
        pw = 0.0
        for i in range(n):
            for a in range(3):
                pw += frc[i, a] * vel[i, a]
        if pw > 0.0:
            n_pos += 1
            if n_pos > n_delay:
                dt = min(dt * f_inc, dt_max)
                alpha *= f_a
        else:
            n_pos = 0
            dt = max(dt * f_dec, dt_min_fraction * dt0)
            alpha = a0
            for i in range(n):
                for a in range(3):
                    pos[i, a] -= 0.5 * dt * vel[i, a]
                    vel[i, a] = 0.0
        vv = 0.0
        ff = 0.0
        for i in range(n):
            for a in range(3):
                vel[i, a] += dt * frc[i, a]
                vv += vel[i, a] * vel[i, a]
                ff += frc[i, a] * frc[i, a]
        if pw > 0.0 and ff > 0.0:
            scale = alpha * math.sqrt(vv / ff)
            for i in range(n):
                for a in range(3):
                    vel[i, a] = (1.0 - alpha) * vel[i, a] + scale * frc[i, a]
        for i in range(n):
            for a in range(3):
                pos[i, a] += dt * vel[i, a]
        if needs_rebuild(pos, ref, box, half_skin2):
            if build_half_list(pos, box, rlist, n_cells, stencil, stencil_image, start, nbrs, image) < 0:
                return -1, it, u, fmax
            ref[:, :] = pos
        u, _ = forces_energy_virial(pos, start, nbrs, image, shifts, p, frc)
        fmax = _max_force(frc)
        if fmax < ftol:
            return 0, it, u, fmax
    return 1, max_iter, u, fmax


@dataclass
class MinimizeResult:
    """Outcome of :func:`minimize`: positions (N, 3, sigma, wrapped into the box), energy (epsilon),
    largest force on any atom (epsilon/sigma), FIRE iterations, Newton steps, converged flag, and the
    force bound ``ftol`` (epsilon/sigma) it was judged by."""

    pos: np.ndarray
    energy: float
    max_force: float
    fire_iterations: int
    newton_steps: int
    converged: bool
    ftol: float


def _forces(pos, box, pot, nl):
    nl.build(pos)
    frc = np.empty_like(pos)
    u, _ = forces_energy_virial(pos, nl.start, nl.nbrs, nl.image, nl.shifts, pot.params, frc)
    return u, frc


def newton_step_sparse(pos, box, pot, frc):
    """The Newton step H dx = F with the sparse Hessian, by conjugate gradients (large N).

    H is positive semi-definite at a stable minimum, singular only along the three translations; F has
    no net force, so it lies in the range of H and CG started from zero stays there. Relative residual
    :data:`NEWTON_CG_RTOL`: FIRE hands over at |F|max ~ 1e-7 epsilon/sigma, so a step solved to 1e-5
    leaves a linear residual far below the target 1e-10 (the next Newton step takes the rest).

    Parameters
    ----------
    pos : ndarray of float, shape (N, 3)
        Positions (sigma).
    box : float
        Box edge L (sigma).
    pot : InversePowerLaw
        Pair potential.
    frc : ndarray of float, shape (N, 3)
        Forces at ``pos`` (epsilon/sigma).

    Returns
    -------
    ndarray of float, shape (N, 3), or None
        The displacement (sigma), or None when CG did not converge (not yet in a convex basin).
    """
    h = hessian_sparse(pos, box, pot)
    f = (frc - frc.mean(axis=0)).reshape(-1)  # the net force is zero up to round-off
    step, info = scipy.sparse.linalg.cg(h, f, rtol=NEWTON_CG_RTOL, atol=0.0, maxiter=NEWTON_CG_MAXITER)
    if info != 0 or not np.all(np.isfinite(step)):
        return None
    return step.reshape(-1, 3)


def minimize(pos, box, pot=None, ftol=FORCE_TOL, fire=FIRE, skin=0.3, newton=True, max_newton=8):
    """Minimise the potential energy from ``pos`` in a periodic box.

    FIRE runs to ``fire.fire_tol`` (or directly to ``ftol`` when ``newton`` is False), then up to
    ``max_newton`` Newton steps bring the largest force below ``ftol``; a failed Newton step hands
    back to FIRE (at most four rounds).

    Parameters
    ----------
    pos : array_like of float, shape (N, 3)
        Start positions (sigma); not modified.
    box : float
        Box edge L (sigma).
    pot : InversePowerLaw, optional
        Pair potential (default n = 6, r_c = 2.5 sigma).
    ftol : float
        Largest force on any atom accepted as converged (epsilon/sigma).
    fire : FireParams
        FIRE parameters (default :data:`FIRE`).
    skin : float
        Neighbour-list skin (sigma).
    newton : bool
        Polish with Newton steps after FIRE.
    max_newton : int
        Newton steps per round.

    Returns
    -------
    MinimizeResult
        Positions (N, 3, sigma, wrapped into [0, L)), energy (epsilon), largest force
        (epsilon/sigma), iteration counts; ``converged`` is False if ``ftol`` was not reached.
    """
    pot = InversePowerLaw() if pot is None else pot
    pos = require_positions(pos)
    require_positive("ftol (epsilon/sigma)", ftol)
    if not isinstance(fire, FireParams):
        raise ParameterError(f"fire must be a FireParams, got {type(fire).__name__}")
    require_int("max_newton", max_newton, 0, None)
    max_iter = fire.max_iter
    box = float(box)
    nl = NeighbourList(pos.shape[0], box, pot.rc, skin)
    nl.build(pos)
    frc = np.empty_like(pos)
    half_skin2 = (0.5 * skin) ** 2
    fire_target = max(fire.fire_tol, ftol) if newton else ftol
    iters = 0
    newton_steps = 0
    u, fmax = math.nan, math.inf
    proj = None
    for _round in range(4):
        while True:
            status, it, u, fmax = _fire(
                pos,
                box,
                pot.params,
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
                frc,
                fire_target,
                max_iter - iters,
                fire.dt0,
                fire.dt_max,
                fire.n_delay,
                fire.f_inc,
                fire.f_dec,
                fire.alpha0,
                fire.f_alpha,
                fire.dt_min_fraction,
            )
            iters += it
            if status != -1:
                break
            nl.grow()
            nl.build(pos)
        if fmax < ftol or not newton or iters >= max_iter:
            break
        # Newton polishing on the quadratic basin
        dense = pos.shape[0] <= NEWTON_DENSE_MAX_ATOMS
        if dense and proj is None:
            proj = translation_projector(pos.shape[0])
        ok = True
        for _ in range(max_newton):
            if dense:
                h = hessian_dense(pos, box, pot) + proj
                try:
                    cho = scipy.linalg.cho_factor(h, lower=True, check_finite=False)
                except scipy.linalg.LinAlgError:
                    ok = False  # not positive definite: not yet in a convex basin
                    break
                step = scipy.linalg.cho_solve(cho, frc.reshape(-1), check_finite=False).reshape(-1, 3)
            else:
                step = newton_step_sparse(pos, box, pot, frc)
                if step is None:
                    ok = False  # CG did not converge: not yet in a convex basin
                    break
            trial = pos + step
            u_t, f_t = _forces(trial, box, pot, nl)
            fmax_t = _max_force(f_t)
            if not fmax_t < fmax:
                nl.build(pos)
                ok = False
                break
            pos, frc, u, fmax = trial, f_t, u_t, fmax_t
            newton_steps += 1
            if fmax < ftol:
                break
        if fmax < ftol:
            break
        if not ok:
            fire_target = max(0.1 * fmax, ftol)
    pos = wrap(pos, box)
    return MinimizeResult(pos, float(u), float(fmax), iters, newton_steps, bool(fmax < ftol), float(ftol))
