"""Every claim of notebook 13, asserted."""

import numpy as np
import pytest

from course2 import optimizers as O
from course2.experiments import momentum as M
from course2.experiments import rmsprop as R


@pytest.fixture(scope="module")
def rotation():
    return R.rotation_table((0, 15, 30, 45))


def test_rmsprop_stays_bounded_at_a_larger_alpha_but_converges_only_at_a_smaller_one():
    gd = R.largest_stable_alpha("gd")
    rms = R.largest_stable_alpha("rmsprop")
    assert gd.alpha == pytest.approx(0.2, rel=0.01)          # 2 / lambda_max
    assert rms.alpha > 5 * gd.alpha
    assert f"{rms.alpha:.3g}" == "1.36"
    gd_c = R.largest_converging_alpha("gd")
    rms_c = R.largest_converging_alpha("rmsprop")
    assert gd_c.alpha == pytest.approx(0.2, rel=0.01)        # gradient descent: bounded = converges
    assert f"{rms_c.alpha:.3g}" == "0.153" and rms_c.alpha < 0.8 * gd_c.alpha
    # the bounce theory: J = (0.2 + 10) / 2 (alpha / 2)**2 = 1.275 alpha**2, J0 = 30
    assert rms_c.alpha == pytest.approx(np.sqrt(0.001 * 30 / 1.275), rel=1e-3)
    text = R.format_stable_alphas()
    rows = {line[:24].strip(): line[24:].split() for line in text.splitlines()[4:6]}
    assert rows == {"gradient descent": ["0.2", "0.2"], "RMSprop (beta = 0.9)": ["1.36", "0.153"]}
    assert "J = 0.0425 alpha^2 J0" in text


def test_constant_alpha_rmsprop_ends_bouncing_plus_minus_alpha_over_2():
    rows = {r.alpha: r for r in R.bounce_table((0.1, 0.15, 0.16, 0.3, 1.0))}
    for a, r in rows.items():
        np.testing.assert_allclose(r.final_w, (a / 2, a / 2), rtol=1e-3)
        assert r.final_cost == pytest.approx(0.0425 * a**2, rel=1e-3)
    assert {a: (r.first_below, r.converged) for a, r in rows.items()} == {
        0.1: (107, 137), 0.15: (74, 187), 0.16: (69, None), 0.3: (38, None), 1.0: (9, None)}
    r = R.run(O.RMSprop(1.0, 0.9), "rmsprop", steps=400)         # the first dip at alpha = 1, then back out
    assert r.path.costs[9] / 30 < 0.001 and np.all(r.path.costs[-100:] / 30 > 0.04)
    text = R.format_bounce_table(list(rows.values()))
    assert text.splitlines()[-1].split() == ["1", "0°", "9", "never", "0.042", "0.5", "0.5", "0.5"]


def test_the_steep_coordinates_effective_step_grows_once_its_gradient_vanishes():
    e = R.effective_steps(0.1, 0.9, steps=400)
    assert e[9, 0] / e[9, 1] > 6                                   # step 10: w2's step 6.3 times smaller
    over = np.flatnonzero(e[:, 1] > e[:, 0])
    assert over[0] + 1 == 54
    assert np.flatnonzero(e[:, 1] > 0.2)[0] + 1 == 68 and e[99, 1] > 1.0
    np.testing.assert_allclose(e[-1], [10.0, 0.2], rtol=1e-3)      # settled at 2 / lambda of each direction
    r = R.run(O.RMSprop(0.1, 0.9), "rmsprop", steps=100)
    assert abs(r.path.points[50, 1]) < 1e-8 and 0.04 < abs(r.path.points[100, 1]) < 0.06   # kicked out again
    text = R.format_effective_steps()
    assert "first exceeds w1's at step 54; exceeds 2 / lambda_max = 0.2 first at step 68" in text
    assert text.splitlines()[6].split()[:3] == ["100", "0.3", "1.08"]
    assert text.splitlines()[3].split()[3] == "6.3"


def test_rmsprop_steps_are_bounded_so_it_never_runs_off():
    r = R.run(O.RMSprop(3.0, 0.9), "rmsprop", steps=300)
    steps = np.abs(np.diff(r.path.points, axis=0))
    assert r.path.diverged_at is None and steps.max() <= 3.0 / np.sqrt(0.1) + 1e-9


def test_at_its_best_constant_alpha_rmsprop_needs_more_steps_than_gd_and_more_as_the_valley_turns(rotation):
    gd_steps = {r.gd_steps for r in rotation}
    assert gd_steps == {91}                                   # GD does not notice the rotation
    steps = [r.rmsprop_steps for r in rotation]
    assert steps == [129, 132, 152, 184]
    assert min(steps) > 91 and steps[2] > steps[1] + 10 and steps[3] > steps[2] + 10   # 0° vs 15°: not ranked
    assert all(r.rmsprop_alpha < 0.15 for r in rotation)      # only where the bounce is below the tolerance
    ratios = [r.step_ratio for r in rotation]
    assert all(a > b for a, b in zip(ratios, ratios[1:]))
    assert ratios[0] > 5 and 0.5 < ratios[-1] < 1.5
    assert ratios[2] > 1 > ratios[3]                          # the ratio crosses 1 between 30° and 45°
    assert [f"{x:.2g}" for x in ratios] == ["6.3", "2.2", "1.2", "0.69"]
    stable = [r.rmsprop_stable for r in rotation]
    assert all(a > b for a, b in zip(stable, stable[1:]))
    assert all(r.gd_stable == pytest.approx(0.2, rel=0.01) for r in rotation)


def test_rotation_table_prints(rotation):
    text = R.format_rotation_table(rotation)
    assert text.splitlines()[3].split()[:4] == ["0°", "91", "(0.16)", "129"]
    assert text.splitlines()[-1].split()[-2:] == ["0.2", "0.894"]


def test_try_this_alpha_0_3_converges_at_no_angle():
    rows = [R.bounce_table((0.3,), angle_deg=a)[0] for a in (0, 15, 30, 45)]
    assert all(r.converged is None for r in rows)
    assert [r.first_below for r in rows] == [38, 50, 55, 56]
    assert [f"{r.final_cost:.2g}" for r in rows] == ["0.0038", "0.0057", "0.007", "0.0075"]
    assert all(np.allclose(r.final_w, 0.15, rtol=1e-3) for r in rows)
    for a in (0, 15, 30, 45):
        assert R.run(O.GradientDescent(0.3), "gd", a, steps=400).diverged_at is not None


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
    text = R.format_zero_gradient_start()
    assert "at iteration 1" in text and "(-9.68, NaN)" in text and text.count("(-9.68, 0)") == 2


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
