"""Regression pin of eqn (2) on the reference modes (the other closed forms: tests/items/test_items.py)."""

from replicate.theory.participation import participation_number


def test_participation_of_test_modes(ndarrays_regression):
    from replicate.eqn2_participation import reference_modes

    ndarrays_regression.check({"N_k": participation_number(reference_modes())}, default_tolerance=dict(rtol=1e-12))
