"""Independent numpy references for the glass tests: brute-force energy/forces and lattice sums.

Written separately from the numba kernels (all-pairs minimum image, or a direct sum over lattice
vectors), so that the tests compare two different codes. Only the pair potential itself is shared.
"""

import numpy as np
from scipy.optimize import minimize

from replicate.glass.potential import InversePowerLaw


def ref_energy_forces(pos, box, pot):
    """All-pairs minimum-image energy (epsilon) and forces (N, 3) in numpy."""
    d = pos[:, None, :] - pos[None, :, :]
    d -= box * np.round(d / box)
    r = np.sqrt(np.sum(d * d, axis=-1))
    off = ~np.eye(len(pos), dtype=bool)
    rr = np.where(off, r, 1.0)
    energy = 0.5 * np.sum(np.where(off, pot.energy(rr), 0.0))
    f_over_r = np.where(off, -pot.derivative(rr) / rr, 0.0)
    forces = np.einsum("ij,ija->ia", f_over_r, d)
    return energy, forces


def lattice_vectors(kind, density, rmax):
    """All Bravais lattice vectors R != 0 with |R| < rmax of an fcc or bcc lattice."""
    if kind == "fcc":
        a = (4.0 / density) ** (1.0 / 3.0)
        prim = 0.5 * a * np.array([[0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
    else:
        a = (2.0 / density) ** (1.0 / 3.0)
        prim = 0.5 * a * np.array([[-1.0, 1.0, 1.0], [1.0, -1.0, 1.0], [1.0, 1.0, -1.0]])
    m = int(np.ceil(2.0 * rmax / a)) + 2
    g = np.arange(-m, m + 1)
    ijk = np.stack(np.meshgrid(g, g, g, indexing="ij"), axis=-1).reshape(-1, 3)
    vecs = ijk @ prim
    r = np.linalg.norm(vecs, axis=1)
    return vecs[(r > 0) & (r < rmax)]


def lattice_energy_per_atom(kind, density, pot):
    """(1/2) sum_{R != 0} phi(|R|)."""
    vecs = lattice_vectors(kind, density, pot.rc)
    return 0.5 * float(np.sum(pot.energy(np.linalg.norm(vecs, axis=1))))


def dynamical_matrix(kind, density, pot, k):
    """D(k) = sum_R K(R) (1 - cos k.R) of a Bravais crystal (mass 1); ``k`` (M, 3) -> (M, 3, 3)."""
    vecs = lattice_vectors(kind, density, pot.rc)
    r = np.linalg.norm(vecs, axis=1)
    u = vecs / r[:, None]
    uu = u[:, :, None] * u[:, None, :]
    dphi_r = pot.derivative(r) / r
    kblock = pot.second_derivative(r)[:, None, None] * uu + dphi_r[:, None, None] * (np.eye(3) - uu)
    phase = 1.0 - np.cos(k @ vecs.T)  # (M, R)
    return np.einsum("mr,rab->mab", phase, kblock)


def supercell_phonon_eigenvalues(kind, n_cells, density, pot):
    """All 3N eigenvalues of a periodic n_cells^3 cubic supercell, from D(k) on the allowed k.

    Allowed wave vectors k = (2 pi / L) m; m in [0, 2n)^3 covers every class modulo the reciprocal
    lattice the same number of times r = 8 n^3 / N (2 for fcc, 4 for bcc).
    """
    a = ((4.0 if kind == "fcc" else 2.0) / density) ** (1.0 / 3.0)
    box = n_cells * a
    g = np.arange(2 * n_cells)
    m = np.stack(np.meshgrid(g, g, g, indexing="ij"), axis=-1).reshape(-1, 3)
    lam = np.linalg.eigvalsh(dynamical_matrix(kind, density, pot, 2.0 * np.pi / box * m)).ravel()
    repeat = 2 if kind == "fcc" else 4
    return np.sort(lam)[::repeat]


def quenched_glass(n_atoms=108, density=1.0, kT=1.0, seed=3, pot=None):
    """A small inherent structure: Metropolis liquid, L-BFGS, then Newton steps to |F| ~ 1e-13.

    Returns ``(pos, box, max_force, pot)``.
    """
    from replicate.glass.hessian import hessian_dense
    from replicate.glass.montecarlo import metropolis_liquid

    pot = InversePowerLaw(rc=2.2) if pot is None else pot
    pos, box, _ = metropolis_liquid(n_atoms, density, kT, sweeps=100, seed=seed, pot=pot)

    def fun(x):
        e, f = ref_energy_forces(x.reshape(-1, 3), box, pot)
        return e, -f.ravel()

    res = minimize(fun, pos.ravel(), jac=True, method="L-BFGS-B", options={"maxiter": 20000, "gtol": 1e-9, "ftol": 0.0})
    pos = res.x.reshape(-1, 3)
    for _ in range(6):  # Newton polish on the space orthogonal to the three translations
        _, f = ref_energy_forces(pos, box, pot)
        lam, vec = np.linalg.eigh(hessian_dense(pos, box, pot))
        keep = lam > 1e-8 * lam[-1]
        step = vec[:, keep] @ ((vec[:, keep].T @ f.ravel()) / lam[keep])
        pos = pos + step.reshape(-1, 3)
    _, f = ref_energy_forces(pos, box, pot)
    return pos, box, float(np.max(np.linalg.norm(f, axis=1))), pot
