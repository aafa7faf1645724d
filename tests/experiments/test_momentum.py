"""Every claim of notebook 12, asserted."""

import numpy as np
import pytest

from course2 import optimizers as O
from course2.experiments import momentum as M


@pytest.mark.parametrize("alpha", [0.15, 0.19])
def test_at_the_same_alpha_momentum_needs_fewer_steps_and_travels_less_vertically(alpha):
    """Where GD zigzags (alpha lambda_max > 1): 96 vs 75 steps, travel 6.0 vs 9.6 at 0.15 is NOT less; so
    the travel claim is asserted at 0.19 (38.0 vs 10.6) and the flips at both."""
    gd, m = M.compare(alpha, 0.9)
    assert m.steps_to_tol < gd.steps_to_tol
    assert m.vertical_flips < gd.vertical_flips / 5
    if alpha == 0.19:
        assert (gd.steps_to_tol, m.steps_to_tol) == (75, 64)
        assert (gd.vertical_flips, m.vertical_flips) == (74, 9)
        assert m.vertical_travel < gd.vertical_travel / 3
        assert round(gd.vertical_travel, 1) == 38.0 and round(m.vertical_travel, 1) == 10.6


def test_at_a_small_alpha_gd_goes_straight_down_and_momentum_overshoots():
    gd, m = M.compare(0.05, 0.9)
    assert gd.vertical_flips == 0 and round(gd.vertical_travel, 1) == 2.0
    assert m.vertical_flips > 10 and m.vertical_travel > 2 * gd.vertical_travel
    assert m.steps_to_tol < gd.steps_to_tol          # still fewer steps (271 vs 290), barely


def test_gd_diverges_past_2_over_lambda_max_and_momentum_does_not():
    counts = {}
    for alpha in (0.21, 0.3, 0.4):
        gd, m = M.compare(alpha, 0.9)
        assert gd.diverged_at is not None and m.diverged_at is None and m.steps_to_tol is not None
        counts[alpha] = (gd.diverged_at, m.steps_to_tol)
    assert counts == {0.21: (75, 61), 0.3: (11, 67), 0.4: (7, 63)}
    assert "diverged at iteration" in M.format_comparison([0.3])


def test_steps_to_tol_counts_from_where_the_cost_stays_below_not_the_first_dip():
    """At alpha = 0.3 momentum first dips below the tolerance at step 36, but |w1| = 0.61 after 50 steps
    (J >= 0.5 * 0.2 * 0.61**2 > tol): it converges only from step 67."""
    _, m = M.compare(0.3, 0.9)
    assert m.first_below_tol == 36 and m.steps_to_tol == 67
    assert m.path.costs[50] > m.tol
    assert np.all(m.path.costs[67:] <= m.tol) and m.path.costs[66] > m.tol
    _, m = M.compare(0.19, 0.9)
    assert (m.first_below_tol, m.steps_to_tol) == (59, 64)


def test_try_this_beta_sweep_at_alpha_0_19():
    steps = {b: M.compare(0.19, b)[1] for b in (0.0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99)}
    assert {b: r.steps_to_tol for b, r in steps.items()} == {0.0: 75, 0.5: 73, 0.8: 66, 0.9: 64, 0.95: 131,
                                                               0.98: 322, 0.99: 684}
    assert steps[0.95].first_below_tol == 65                 # touches the tolerance, swings back out


def test_the_start_up_bias_fades_by_step_50():
    s = M.steady_steps(0.01, 0.9, [10, 50])
    assert f"{s['lecture'][0]:.3f}" == "0.651" and f"{s['lecture'][1]:.3f}" == "0.995"


def test_momentum_is_behind_horizontally_early_and_ahead_later():
    gd, m = M.compare(0.19, 0.9)
    assert m.horizontal_left(20) > gd.horizontal_left(20)       # V starts at 0
    assert m.horizontal_left(50) < gd.horizontal_left(50)
    assert (f"{m.horizontal_left():.2f}", f"{gd.horizontal_left():.2f}") == ("0.89", "1.44")
    gd, m = M.compare(0.05, 0.9)
    assert (f"{m.horizontal_left():.2f}", f"{gd.horizontal_left():.2f}") == ("6.44", "6.05")


def test_the_four_conventions_take_the_same_path_with_the_mapping():
    runs = M.convention_paths(0.19, 0.9, steps=200)
    mapped = [r for r in runs if r.convention.name in M.CONVENTIONS]
    assert len(mapped) == 4
    for r in mapped:
        assert r.max_difference < 1e-12, r.convention.name
        assert r.run.steps_to_tol == 64
    unmapped = runs[-1]
    assert unmapped.max_difference > 1.0 and unmapped.hyperparameters == (0.19, 0.9)
    assert M.CONVENTIONS["PyTorch"].hyperparameters(0.19, 0.9) == pytest.approx((0.019, 0.9))
    text = M.format_conventions(0.19, 0.9)
    assert text.count("< 1e-12") == 4


def test_heavy_ball_step_by_hand():
    opt = M.HeavyBall(0.1, 0.9)
    W, g = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    opt.step([W], [g])
    np.testing.assert_allclose(W, [1.0 - 0.1 * 0.5, 2.0 + 0.1])
    opt.step([W], [g])                                  # v = 0.9 g + g = 1.9 g
    np.testing.assert_allclose(W, [1.0 - 0.1 * 0.5 * 2.9, 2.0 + 0.1 * 2.9])
    opt2 = M.VelocityMomentum(0.1, 0.9)
    W2 = np.array([1.0, 2.0])
    opt2.step([W2], [g])
    opt2.step([W2], [g])
    np.testing.assert_allclose(W2, W, rtol=0, atol=1e-15)


def test_steady_step_is_alpha_dw_in_the_lecture_and_lr_dw_over_1_minus_beta_in_pytorch():
    s = M.steady_steps(0.01, 0.9, [1, 100, 400])
    np.testing.assert_allclose(s["lecture"], [0.1, 1 - 0.9**100, 1.0], rtol=1e-9)
    np.testing.assert_allclose(s["pytorch"], [1.0, (1 - 0.9**100) / 0.1, 10.0], rtol=1e-9)
    text = M.format_steady_steps()
    assert "100                        1.000                    10.000" in text


def test_bad_input():
    with pytest.raises(ValueError, match="condition"):
        M.bowl(0.5)
    with pytest.raises(ValueError, match="mu"):
        M.HeavyBall(0.1, 1.0)
    with pytest.raises(ValueError, match="alpha"):
        M.compare(0.0)
    with pytest.raises(ValueError, match="t must"):
        M.steady_steps(0.1, 0.9, [0])
    assert isinstance(M.CONVENTIONS["lecture"].optimizer(0.1, 0.9), O.Momentum)


def test_run_steps_to_tol_by_hand():
    """steps_to_tol: the step from which J stays <= tol; first_below_tol: the first dip; None if the last
    cost is above tol or the run diverged."""
    def run_with(costs):
        costs = np.array(costs, dtype=float)
        path = M.surfaces.Path(np.zeros((len(costs), 2)), costs, None)
        return M.Run("r", path, tol=1.0)
    r = run_with([10, 0.5, 3, 0.9, 0.2, 1.0])
    assert (r.first_below_tol, r.steps_to_tol) == (1, 3)
    r = run_with([10, 0.5, 0.4, 2.0])
    assert (r.first_below_tol, r.steps_to_tol) == (1, None)
    assert run_with([0.5, 0.4]).steps_to_tol == 0
    assert run_with([10, 0.5, np.nan]).steps_to_tol is None
    assert run_with([10, 5]).first_below_tol is None
