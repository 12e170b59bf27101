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

    names = [name for pair in de.PAIRS.values() for name in pair]
    out = de.compute(
        {name: spectra(500, 0.13, 50) for name in names},
        {name: 0.13 for name in names},
        {name: 500 for name in names},
        series={
            2000: {"frequencies": spectra(2000, 0.09, 300), "nu_edge": 0.09, "rejected": 1},
            8000: {"frequencies": spectra(8000, 0.06, 300), "nu_edge": 0.06, "rejected": 0},
        },
    )
    assert list(out["series"]) == ["2000", "8000"]
    for n, edge, rej in (("2000", 0.09, 1), ("8000", 0.06, 0)):
        s = out["series"][n]
        assert (s["n_atoms"], s["nu_edge"], s["rejected"]) == (int(n), edge, rej)
        assert abs(s["A4"] - 2000.0) < 3 * s["A4_err"]
        assert abs(s["beta"] - 4.0) < 3 * s["beta_err"]
