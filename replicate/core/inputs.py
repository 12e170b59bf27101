"""Literature inputs (``data/inputs/*.json``), each value with its source: one place for each."""

from functools import cache

from .io import read_json
from .paths import INPUTS

GLASSES = ("silica", "selenium", "b2o3")


@cache
def load(name="glasses"):
    return read_json(INPUTS / f"{name}.json")


def mean_atomic_mass_u(glass):
    """Mean mass per atom in atomic mass units (u) from the formula and the IUPAC 1991 weights."""
    doc = load()
    weights = doc["atomic_weights_u"]["values"]
    formula = doc["glasses"][glass]["formula"]
    n_atoms = sum(formula.values())
    return sum(weights[el] * k for el, k in formula.items()) / n_atoms


def glass_input(glass, key):
    """Value of an input (e.g. ``nu_c_THz``, ``T_g_K``) for ``glass``; None where the paper gives none."""
    if glass not in GLASSES:
        raise KeyError(f"glass must be one of {GLASSES}, got {glass!r}")
    return load()["glasses"][glass][key]["value"]


def printed_halfwidth(glass, key):
    """Half a unit of the last printed digit of an input the paper prints (0.5 for "3", 0.05 for "1.3"):
    the rounding of the printed input, in its unit; None where the input is not printed."""
    entry = load()["glasses"][glass][key]
    text = entry.get("printed")
    if text is None:
        return None
    decimals = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10.0**-decimals


def glass_source(glass, key):
    return load()["glasses"][glass][key]["source"]


def w_over_kTstar():
    """The factor of eqn (8), W = 1.6 k_B T*."""
    return load()["W_over_kB_Tstar"]["value"]
