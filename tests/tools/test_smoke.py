"""`make smoke`: the closed-form items recomputed equal their committed results, and the engine check
passes on a perfect crystal; a changed formula is caught."""

import numpy as np

from replicate.tools import smoke


def test_smoke_passes_on_this_install():
    assert smoke.reproduced_items() == {}
    f_max, e_rel = smoke.engine_check()
    assert f_max < smoke.FORCE_ATOL and e_rel < 1e-12


def test_smoke_catches_a_changed_closed_form(monkeypatch):
    from replicate.theory import stability

    closed = stability.eqn23_constant()
    monkeypatch.setattr(stability, "eqn23_constant", lambda: closed * (1 + 1e-6))
    assert "eqn23" in smoke.reproduced_items()


def test_smoke_engine_check_sees_a_broken_force(monkeypatch):
    from replicate.glass import forces

    real = forces.energy_forces
    monkeypatch.setattr(forces, "energy_forces", lambda *a, **k: (real(*a, **k)[0] * 1.01, *real(*a, **k)[1:]))
    assert smoke.engine_check()[1] > 1e-3
    assert np.isfinite(smoke.engine_check()[0])
