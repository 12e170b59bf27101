"""Soft-potential model (SPM): exact levels of one soft mode, the distribution of its parameters, the
excess heat capacity with a one-phonon relaxation cutoff, and the density of excitations.

Rescaling of the single-mode Hamiltonian (from eqns 4-7)
---------------------------------------------------------
With the mode coordinate x of eqn (4) (dimensionless, A = x (N_s M a^2)^(1/2)) the kinetic energy is
(N_s M a^2/2) xdot^2, so the mode has the "mass" m = N_s M a^2 (kg m^2) and

    H = -(hbar^2 / 2m) d^2/dx^2 + eps_0 (xi_x x + eta x^2 + x^4),

eqn (5) plus the small linear asymmetry mentioned after it. Put x = L y. The kinetic term becomes
(hbar^2 / 2m L^2) d^2/dy^2 and the quartic term eps_0 L^4 y^4. Both equal one energy W when

    L^6 = hbar^2 / (2 m eps_0),     W = eps_0 L^4 = (hbar^2 / 2m)^(2/3) eps_0^(1/3),

which is eqn (7). Then

    H / W = -d^2/dy^2 + xi y + eta y^2 + y^4,     eta = eta_x (eps_0/W)^(1/2),  xi = xi_x (eps_0/W)^(3/4),

since L^2 = (W/eps_0)^(1/2). All energies below are in units of W, temperatures as theta = k_B T / W.
In these units hbar = 1 and the mode mass is 1/2: a harmonic well V = k y^2/2 has level spacing
sqrt(2 k), e.g. 2 sqrt(eta) for V = eta y^2.

Levels
------
A second-order finite-difference Hamiltonian on a uniform grid is tridiagonal; its lowest eigenvalues
come from ``scipy.linalg.eigh_tridiagonal(select='i')``. The box is set from the potential: a
semiclassical count (1/pi) int sqrt(E - V) dy fixes the energy E_top of the highest wanted level, the
box extends beyond both turning points of E_top until int sqrt(V - E_top) dy = ``decay``, and the grid
step is h = ``step`` / sqrt(E_top - V_min). The O(h^2) error is removed by Richardson extrapolation
from the steps h and h/2.

Distribution of (eta, xi)
-------------------------
The SPM literature states the "sea-gull" density P(eta', t) = P_s |eta'| for the potential written
around one of its minima, eta' y^2 + t y^3 + y^4 (Il'in, Karpov, Parshin, Sov. Phys. JETP 65, 165
(1987); Galperin, Karpov, Kozub, Adv. Phys. 38, 669 (1989), doi:10.1080/00018738900101162): it is the
smooth density of the coefficients times the Jacobian |V''| of the condition V'(0) = 0. Moving the
origin to the inflection-symmetric point (no cubic term) gives our form xi y + eta y^2 + y^4 with

    eta = eta' - 3 t^2 / 8,    xi = t^3 / 8 - eta' t / 2,    |d(xi, eta) / d(eta', t)| = |eta'| / 2,

so the sea-gull density is *uniform* in (eta, xi): P(eta, xi) = P_s (Kikas and Rebane, Proc. Estonian
Acad. Sci. (2014), pp. 33-36, state the same). A density |eta| in the linear parametrisation would instead
give g(omega) ~ omega^6 for the soft vibrations. With the uniform density the harmonic limit is exact:
the lowest excitation of the global minimum has the density g(E) = P_s E^4 / 8 (E in units of W, both
signs of xi), derived in :func:`harmonic_dos`; the tests check that the exact levels approach it.

Relaxation cutoff
-----------------
A tunnelling system with tunnel splitting Delta_0 and energy E relaxes by one-phonon processes at the
rate (Jaeckle, Z. Phys. 257, 212 (1972); Phillips, Rep. Prog. Phys. 50, 1657 (1987))

    1/tau = K_3 Delta_0^2 E coth(E / 2 k_B T),   K_3 = (gamma_l^2 / v_l^5 + 2 gamma_t^2 / v_t^5) / (2 pi rho hbar^4).

In units of W, t_meas / tau = R d0^2 e coth(e / 2 theta) with the single dimensionless number
R = K_3 W^3 t_meas. A double well equilibrates between its wells during a measurement of length t_meas
with probability f = 1 - exp(-t_meas / tau) (Black, PRB 17, 2740 (1978)); otherwise it stays in the well
it froze into, taken to be the lower one, and only its intra-well levels (Dirichlet wall at the barrier
top) contribute. Delta_0 is the splitting of the symmetric well with the same eta.
"""

from . import hamiltonian as _hamiltonian
from . import levels as _levels
from . import table as _table
from . import thermo as _thermo
from .hamiltonian import *  # noqa: F401,F403
from .levels import *  # noqa: F401,F403  (binds ``levels`` to the function, not the submodule)
from .table import *  # noqa: F401,F403
from .thermo import *  # noqa: F401,F403

__all__ = [*_hamiltonian.__all__, *_levels.__all__, *_table.__all__, *_thermo.__all__]
