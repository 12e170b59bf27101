"""The non-phononic density of states (replicate.dos_exponent): the exponent and A_4 estimators on
synthetic spectra with a known answer."""

import numpy as np
import pytest

from replicate import dos_exponent as de


def _power_law_samples(rng, beta, nu_max, per_sample, n_samples):
    """Frequencies with density ~ nu^beta on (0, nu_max]: inverse CDF nu = nu_max U^(1/(beta+1))."""
    return [nu_max * rng.uniform(size=per_sample) ** (1.0 / (beta + 1.0)) for _ in range(n_samples)]


@pytest.mark.parametrize("beta", [2.0, 4.0])
def test_beta_mle_recovers_the_exponent_and_its_error(beta):
    """150 samples of 6 modes (like the N = 500 window): beta within three jackknife errors, and the
    error near the Cramer-Rao bound (beta + 1)/sqrt(n) of the maximum-likelihood estimate."""
    rng = np.random.default_rng(int(beta))
    samples = _power_law_samples(rng, beta, 0.13, 6, 150)
    b, err = de.jackknife(samples, lambda s: de.beta_mle(np.concatenate(s), 0.13))
    assert abs(b - beta) < 3 * err
    assert err == pytest.approx((beta + 1) / np.sqrt(900), rel=0.25)


def test_a4_of_a_known_density():
    """g = A nu^4 per atom with A = 2000 (1/tau)^-5 on (0, 0.12], N = 500 atoms: the expected count per
    sample is N A nu^5/5 = 2.49; over 400 samples A_4 within three jackknife errors."""
    rng = np.random.default_rng(1)
    n_atoms, a, nu_max = 500, 2000.0, 0.12
    mean = n_atoms * a * nu_max**5 / 5
    spectra = [list(nu_max * rng.uniform(size=rng.poisson(mean)) ** 0.2) + [0.5, 1.0] for _ in range(400)]
    s = de.ensemble_summary(spectra, nu_max, n_atoms)
    assert abs(s["A4"] - a) < 3 * s["A4_err"]
    assert abs(s["beta"] - 4.0) < 3 * s["beta_err"]


def test_beta_mle_refuses_frequencies_outside_the_window():
    with pytest.raises(ValueError):
        de.beta_mle([0.1, 0.2], 0.15)


def test_series_rows_use_each_size_and_window():
    """compute() with synthetic spectra for the four Fig 5-6 ensembles and a series of two sizes, each
    drawn from g = 2000 nu^4 per atom below its own nu_edge: every series row recovers A_4 and beta = 4
    within three errors and carries its size, window and rejected count."""
    rng = np.random.default_rng(5)

    def spectra(n_atoms, nu_max, k):
        mean = n_atoms * 2000.0 * nu_max**5 / 5
        return [list(nu_max * rng.uniform(size=rng.poisson(mean)) ** 0.2) + [1.0] for _ in range(k)]

    def rows(n_atoms, nu_edge, rejected):
        freqs = spectra(n_atoms, nu_edge, 300)
        # no phonon weight below the band: w_T = 0 on every planted mode, the band's 12 on the mode at 1.0
        w_T = [np.array([0.0] * (len(f) - 1) + [12.0]) for f in freqs]
        return {"frequencies": freqs, "w_T": w_T, "nu_edge": nu_edge, "rejected": rejected, "box": n_atoms ** (1 / 3)}

    names = [name for pair in de.PAIRS.values() for name in pair]
    out = de.compute(
        {name: spectra(500, 0.13, 50) for name in names},
        {name: 0.13 for name in names},
        {name: 500 for name in names},
        series={2000: rows(2000, 0.09, 1), 8000: rows(8000, 0.06, 0)},
    )
    assert list(out["series"]) == ["2000", "8000"]
    for n, edge, rej in (("2000", 0.09, 1), ("8000", 0.06, 0)):
        s = out["series"][n]
        assert (s["n_atoms"], s["nu_edge"], s["rejected"]) == (int(n), edge, rej)
        assert abs(s["A4"] - 2000.0) < 3 * s["A4_err"]
        assert abs(s["beta"] - 4.0) < 3 * s["beta_err"]
        # the counts below nu_0 (Poisson errors) and the fixed window give the same planted density
        assert abs(s["A4_count"] - 2000.0) < 3 * s["A4_count_err"]
        assert abs(s["beta_fixed"] - 4.0) < 3 * s["beta_fixed_err"]
        assert s["phonon_share"] == 0.0 and s["nu_T1"] == 1.0 and s["c_T"] == pytest.approx(float(n) ** (1 / 3))
    c = out["a4_counts"]
    assert c["intensive"] and abs(c["A4"] - 2000.0) < 3 * c["A4_err"] and abs(c["slope"]) < 3 * c["slope_err"]


# --- A_4 from counts below a fixed nu_0, beta in a fixed window, the phonon controls (issue 21) ---


def _planted_nu4(rng, n_atoms, a4, nu_max, n_glasses):
    """Glasses whose modes below nu_max follow g = a4 nu^4 per atom: a Poisson number with mean
    N a4 nu_max^5 / 5 per glass, each at nu = nu_max U^(1/5); one mode far above every window."""
    mean = n_atoms * a4 * nu_max**5 / 5
    return [np.append(nu_max * rng.uniform(size=rng.poisson(mean)) ** 0.2, 1.0) for _ in range(n_glasses)]


@pytest.mark.parametrize("n_atoms, n_glasses", [(500, 40000), (32000, 600)])
def test_a4_from_count_returns_the_planted_density_within_its_poisson_error(n_atoms, n_glasses):
    """g = 7500 nu^4 per atom up to 0.06 in S glasses (a Poisson number of modes, each at
    nu = 0.06 U^(1/5)), about 1500 of them below nu_0: the count gives A_4 within three Poisson errors
    (about 8 %; a wrong power of nu_0 or a wrong 1/5 moves A_4 by 20 % or more), and the error is
    A_4 / sqrt(n)."""
    rng = np.random.default_rng(n_atoms)
    nu_max, a4 = 0.06, 7500.0
    nu = nu_max * rng.uniform(size=rng.poisson(n_glasses * n_atoms * a4 * nu_max**5 / 5)) ** 0.2
    n = int(np.count_nonzero(nu < de.NU_0))
    a, err = de.a4_from_count(n, n_atoms, n_glasses, de.NU_0)
    assert abs(a - a4) < 3 * err
    assert err == pytest.approx(a / np.sqrt(n), rel=1e-12)  # rounding only


def test_a4_consistency_by_hand():
    """Counts 10, 20, 60 with exposures 1, 1, 2: pooled A = 90/4 = 22.5, its Poisson error sqrt(90)/4,
    Pearson chi^2 = 12.5^2/22.5 + 2.5^2/22.5 + 15^2/45 = 12.222 on 2 degrees of freedom."""
    c = de.a4_consistency([10, 20, 60], [1.0, 1.0, 2.0])
    assert c["A4"] == pytest.approx(22.5, rel=1e-12)  # rounding only
    assert c["A4_err"] == pytest.approx(np.sqrt(90) / 4, rel=1e-12)
    assert c["chi2"] == pytest.approx(12.5**2 / 22.5 + 2.5**2 / 22.5 + 15**2 / 45, rel=1e-12)
    assert c["dof"] == 2 and c["p_value"] == pytest.approx(np.exp(-c["chi2"] / 2), rel=1e-12)


def test_a4_in_omega_is_a4_in_nu_over_two_pi_to_the_fifth():
    """The same count below nu_0 and below omega_0 = 2 pi nu_0: A_4 in nu is (2 pi)^5 times A_4 in omega."""
    a_nu, _ = de.a4_from_count(17, 1000, 10, de.NU_0)
    a_omega, _ = de.a4_from_count(17, 1000, 10, 2 * np.pi * de.NU_0)
    assert a_nu == pytest.approx((2 * np.pi) ** 5 * a_omega, rel=1e-12)  # rounding only


def test_a4_consistency_and_slope_are_exact_on_expected_counts():
    """Counts equal to their expectation (not rounded to integers): one A_4 leaves chi^2 = 0, and the
    Poisson fit returns the planted A_4 at N_REF and the planted slope (Newton stops at steps of 1e-12)."""
    sizes = np.array([500, 1000, 2000, 4000, 8000, 16000, 32000])
    exposure = sizes * np.array([87, 92, 14, 16, 11, 8, 4]) * de.NU_0**5 / 5
    flat = de.a4_consistency(7000.0 * exposure, exposure)
    assert flat["A4"] == pytest.approx(7000.0, rel=1e-12) and flat["chi2"] == pytest.approx(0.0, abs=1e-9)
    a, _, s, _ = de.a4_power_fit(7000.0 * (sizes / de.N_REF) ** 0.5 * exposure, exposure, sizes)
    assert a == pytest.approx(7000.0, rel=1e-9) and s == pytest.approx(0.5, abs=1e-9)


@pytest.mark.parametrize("slope", [0.0, 0.5])
def test_a4_power_fit_recovers_a_planted_slope_from_poisson_counts(slope):
    """Poisson counts drawn with A_4 = 7000 (N / 4000)^slope at the series' exposures, 50 times the
    glasses so the slope error is near 0.02: the fitted slope within three errors of the planted one,
    and a slope of 0.5 resolved while 0 is not."""
    rng = np.random.default_rng(21)
    sizes = np.array([500, 1000, 2000, 4000, 8000, 16000, 32000])
    exposure = 50 * sizes * np.array([87, 92, 14, 16, 11, 8, 4]) * de.NU_0**5 / 5
    counts = rng.poisson(7000.0 * (sizes / de.N_REF) ** slope * exposure)
    _, _, s, s_err = de.a4_power_fit(counts, exposure, sizes)
    assert abs(s - slope) < 3 * s_err
    assert (abs(s) > de.Z_RESOLVED * s_err) == (slope > 0)
    assert (de.a4_consistency(counts, exposure)["p_value"] < de.P_CONSISTENT) == (slope > 0)


def test_planted_nu3_gives_beta_3_and_nu4_gives_4():
    """fit_beta on 300 glasses drawn from g ~ nu^3 and from g ~ nu^4 below the fixed window: each beta
    within three jackknife errors of the planted exponent, and nu^3 resolved from 4 (the error of about
    4/sqrt(n) is small enough here)."""
    rng = np.random.default_rng(3)
    fits = {}
    for beta in (3.0, 4.0):
        glasses = [np.append(_power_law_samples(rng, beta, de.NU_BETA, 3, 1)[0], 1.0) for _ in range(300)]
        b, err, n = de.fit_beta(glasses, de.NU_BETA)
        assert n == 900
        assert abs(b - beta) < 3 * err
        fits[beta] = (b, err)
    b3, err3 = fits[3.0]
    assert 4.0 - b3 > de.Z_RESOLVED * err3


def test_fit_beta_refuses_fewer_than_min_modes():
    """MIN_MODES_FIT - 1 modes give no exponent (None), MIN_MODES_FIT give one."""
    rng = np.random.default_rng(4)
    few = [rng.uniform(0.01, 0.05, size=de.MIN_MODES_FIT - 1)]
    assert de.fit_beta(few, 0.058)[:2] == (None, None)
    enough = [rng.uniform(0.01, 0.05, size=de.MIN_MODES_FIT // 2) for _ in range(2)]
    assert de.fit_beta(enough, 0.058)[0] is not None


def test_weighted_beta_removes_planted_phonons():
    """nu^4 soft modes (w_T = 0) plus a phonon band at 0.9-1.0 nu_max (w_T = 1): the plain exponent is
    pulled up by the band, the exponent with each mode weighted by 1 - w_T is the planted 4 within three
    errors; with all weights 1 it equals the plain estimate to rounding."""
    rng = np.random.default_rng(6)
    nu_max = 0.1
    glasses, weights = [], []
    for _ in range(200):
        soft = nu_max * rng.uniform(size=5) ** 0.2
        band = rng.uniform(0.9 * nu_max, nu_max, size=2)
        glasses.append(np.concatenate([soft, band]))
        weights.append(np.concatenate([np.zeros(5), np.ones(2)]))
    plain, plain_err, _ = de.fit_beta(glasses, nu_max)
    cleaned, err, _ = de.fit_beta(glasses, nu_max, weights=[1.0 - w for w in weights])
    assert abs(cleaned - 4.0) < 3 * err
    assert plain - 4.0 > 3 * plain_err
    nu = np.concatenate(glasses)
    assert de.beta_mle_weighted(nu, np.ones_like(nu), nu_max) == pytest.approx(de.beta_mle(nu, nu_max), rel=1e-12)


def test_transverse_phonon_counts_of_a_periodic_cube():
    """Shells |n|^2 = 1, 2, 3, 4 hold 6, 12, 8, 6 wave vectors, two polarisations each: 12, 36, 52, 64
    transverse waves below 1.01, 1.42, 1.74, 2.01 nu_T1; far above, the continuum 2 (4 pi/3) x^3 within
    one per cent (the surface of the sphere is the only difference)."""
    for x, count in ((0.99, 0), (1.01, 12), (1.42, 36), (1.74, 52), (2.01, 64)):
        assert de.transverse_phonon_counts(x)[0] == count
    discrete, debye = de.transverse_phonon_counts(30.0)
    assert discrete == pytest.approx(debye, rel=0.01)
