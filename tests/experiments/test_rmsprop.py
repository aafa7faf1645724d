"""Every claim of notebook 13, asserted."""

import numpy as np
import pytest

from course2 import optimizers as O
from course2.experiments import momentum as M
from course2.experiments import rmsprop as R


@pytest.fixture(scope="module")
def rotation():
    return R.rotation_table((0, 15, 30, 45))


def test_rmsprop_tolerates_a_larger_alpha_than_gd():
    gd = R.largest_stable_alpha("gd")
    rms = R.largest_stable_alpha("rmsprop")
    assert gd.alpha == pytest.approx(0.2, rel=0.01)          # 2 / lambda_max
    assert rms.alpha > 5 * gd.alpha
    assert f"{rms.alpha:.3g}" == "1.36"
    text = R.format_stable_alphas()
    assert "gradient descent  0.2 " in text and "RMSprop           1.36" in text


def test_rmsprop_steps_are_bounded_so_it_never_runs_off():
    r = R.run(O.RMSprop(3.0, 0.9), "rmsprop", steps=300)
    steps = np.abs(np.diff(r.path.points, axis=0))
    assert r.path.diverged_at is None and steps.max() <= 3.0 / np.sqrt(0.1) + 1e-9


def test_the_advantage_fades_with_rotation(rotation):
    gd_steps = {r.gd_steps for r in rotation}
    assert len(gd_steps) == 1                                 # GD does not notice the rotation
    adv = [r.advantage for r in rotation]
    assert all(a >= b for a, b in zip(adv, adv[1:]))
    assert adv[0] > 5 and adv[-1] < 2
    ratios = [r.step_ratio for r in rotation]
    assert all(a > b for a, b in zip(ratios, ratios[1:]))
    assert ratios[0] > 5 and 0.5 < ratios[-1] < 1.5
    stable = [r.rmsprop_stable for r in rotation]
    assert all(a > b for a, b in zip(stable, stable[1:]))
    assert all(r.gd_stable == pytest.approx(0.2, rel=0.01) for r in rotation)


def test_rotation_table_prints(rotation):
    text = R.format_rotation_table(rotation)
    assert text.splitlines()[3].split()[:2] == ["0°", "91"]


def test_epsilon_outside_inside_and_absent_change_the_first_steps():
    s = R.first_steps([1.0, 1e-4, 1e-6, 0.0])
    np.testing.assert_allclose(s["outside"][:2], 1 / np.sqrt(0.1), rtol=1e-3)
    assert s["inside"][1] == pytest.approx(1e-4 / np.sqrt(0.1 * 1e-8 + 1e-8))       # 0.953
    assert s["inside"][2] < 0.02 and s["outside"][2] > 3
    assert s["outside"][3] == 0 and s["inside"][3] == 0 and np.isnan(s["none"][3])
    text = R.format_first_steps()
    assert "NaN (0/0)" in text and "0.953" in text


def test_the_notes_rmsprop_turns_a_zero_gradient_into_nan():
    runs = R.zero_gradient_start()
    assert runs["none"].path.diverged_at == 1
    assert runs["outside"].path.diverged_at is None and runs["outside"].steps_to_tol is not None
    assert np.all(runs["outside"].path.points[:, 1] == 0.0)
    assert "at iteration 1" in R.format_zero_gradient_start()


def test_outside_variant_is_the_package_rmsprop():
    a = R.run(R.RMSpropVariant(0.1, 0.9, 1e-8, place="outside"), "v", steps=100)
    b = R.run(O.RMSprop(0.1, 0.9, 1e-8), "p", steps=100)
    np.testing.assert_allclose(a.path.points, b.path.points, rtol=1e-12, atol=1e-15)


def test_a_large_epsilon_makes_rmsprop_gradient_descent_with_step_alpha_over_epsilon():
    d = [R.large_epsilon(e) for e in (1.0, 1e2, 1e4, 1e6)]
    assert all(a > 10 * b for a, b in zip(d, d[1:]))
    assert d[2] < 1e-3 and d[0] > 0.1


def test_effective_steps_by_hand():
    e = R.effective_steps(0.1, 0.9, 1e-8, steps=1)
    g = M.bowl().gradient(R.rotated_start(0))
    np.testing.assert_allclose(e[0], 0.1 / (np.sqrt(0.1 * g**2) + 1e-8))


def test_bad_input():
    with pytest.raises(ValueError, match="place"):
        R.RMSpropVariant(0.1, place="under")
    with pytest.raises(ValueError, match="kind"):
        R.largest_stable_alpha("adam")
    with pytest.raises(ValueError, match="bracket"):
        R.largest_stable_alpha("gd", low=1.0, high=10.0)
