"""The overfitting task, fit, the course's regularization table, the linear regime, weight decay.

Claims of notebook 03/04 asserted on the notebook's own seeded data (``overfitting_task()``).
"""

import numpy as np
import pytest

from course2.experiments import regularization as R
from course2.experiments import tasks as T
from course2.network import Network


@pytest.fixture(scope="module")
def table(task):
    return R.regularization_table(task, seed=0)


def test_no_regularization_overfits_and_l2_and_dropout_close_most_of_the_gap(table):
    """The course's table, in spirit: train >> dev without regularization; L2 and dropout each
    close most of that gap and raise dev accuracy."""
    none, l2, dropout = table
    assert none.train_accuracy >= 0.95
    assert none.gap >= 0.20
    for row in (l2, dropout):
        assert abs(row.gap) <= none.gap / 3, row
        assert row.dev_accuracy >= none.dev_accuracy + 0.05, row


def test_format_table_rounds_to_one_decimal(table):
    text = R.format_table(table)
    lines = text.splitlines()
    assert len(lines) == 4 and "train acc" in lines[0]
    assert f"{100 * table[0].train_accuracy:.1f}%" in lines[1]
    assert lines[2].startswith("L2, lambda = 1") and lines[3].startswith("dropout, keep_prob = 0.8")


def test_linear_regime_fraction_by_hand():
    # one hidden tanh layer of 2 units: z1 = 0.1 x, z2 = 2 x + 0.3; x in {-1, 1}
    net = Network.from_params([[[0.1], [2.0]], [[1.0, 1.0]]], [[0.0, 0.3], [0.0]], activation="tanh")
    X = np.array([[-1.0, 1.0]])
    # |z| = 0.1, 0.1, 1.7, 2.3 -> 2 of 4 below 0.5; below 2.0: 3 of 4
    assert R.linear_regime_fraction(net, X) == 0.5
    assert R.linear_regime_fraction(net, X, threshold=2.0) == 0.75


def test_linear_regime_grows_when_weights_shrink(task):
    net = task.network(0)
    before = R.linear_regime_fraction(net, task.X_train)
    for W in net.W:
        W *= 0.1
    assert R.linear_regime_fraction(net, task.X_train) > before


def test_weight_decay_is_the_l2_gradient_step_for_gradient_descent(task):
    check = R.weight_decay_both_ways(task, lambd=1.0, alpha=0.5, num_iterations=200, seed=0)
    assert check.max_abs_change > 0.5            # training really moved the weights
    assert check.max_abs_difference < 1e-12


def test_with_adam_l2_is_not_weight_decay(task):
    check = R.weight_decay_both_ways(task, lambd=1.0, alpha=0.01, num_iterations=200, optimizer="adam", seed=0)
    assert check.max_abs_difference > 1e-2


def test_weight_decay_check_fails_when_the_decay_is_wrong(task, monkeypatch):
    """The equality test above can fail: a decay factor off by a little shows up at once."""
    from course2 import regularization

    def wrong(W, dW_data, *, alpha, lambd, m):
        return (1.0 - alpha * lambd / (2 * m)) * W - alpha * dW_data

    monkeypatch.setattr(regularization, "weight_decay_step", wrong)
    assert R.weight_decay_both_ways(task, num_iterations=20, seed=0).max_abs_difference > 1e-6


def test_bad_input_elsewhere(task):
    with pytest.raises(ValueError, match="threshold"):
        R.linear_regime_fraction(task.network(0), task.X_train, threshold=0.0)
    with pytest.raises(ValueError, match="X must have n_x"):
        R.linear_regime_fraction(task.network(0), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="lambd"):
        R.regularization_table(task, lambd=-1, seed=0)
    with pytest.raises(ValueError, match="keep_prob"):
        R.regularization_table(task, keep_prob=0.0, seed=0)
    with pytest.raises(ValueError, match="optimizer"):
        R.weight_decay_both_ways(task, optimizer="rmsprop", seed=0)
    with pytest.raises(ValueError, match="must have the same number of examples"):
        task.with_training_set(np.zeros((2, 3)), np.zeros((1, 4)))


def test_weight_decay_report(task):
    lines = R.weight_decay_report(task, num_iterations=50, seed=0).splitlines()
    assert lines[2].split()[-2] == "1e-12" and lines[2].split()[-3] == "<"
    assert float(lines[3].split()[-2]) > 1e-2


LAMBDAS = (0.0, 0.01, 0.1, 0.3, 1.0, 3.0, 30.0)


@pytest.fixture(scope="module")
def sweep(task):
    return R.lambda_sweep(task, LAMBDAS, seed=0)


# -- lambda ------------------------------------------------------------------------------------
def test_weight_norm_falls_as_lambda_grows(sweep):
    assert np.all(np.diff(sweep.total_weight_norm) < 0), sweep.total_weight_norm
    # every layer's ||W[l]||_F is smaller at the largest lambda than without regularization
    assert np.all(sweep.weight_norms[-1] < 0.1 * sweep.weight_norms[0])


def test_dev_accuracy_is_best_at_a_moderate_lambda(sweep):
    dev = dict(zip(sweep.lambdas, sweep.dev_accuracy))
    moderate = max(dev[0.3], dev[1.0], dev[3.0])
    assert moderate >= dev[0.0] + 0.05
    assert moderate >= dev[30.0] + 0.05
    assert dev[30.0] <= 0.55          # a huge lambda flattens the network to a near-constant guess


def test_train_accuracy_falls_with_lambda(sweep):
    assert sweep.train_accuracy[0] >= 0.95
    assert sweep.train_accuracy[-1] <= 0.6


def test_fraction_of_tanh_units_in_the_linear_regime_grows_with_lambda(sweep):
    f = sweep.linear_fraction
    assert np.all(np.diff(f) >= -0.01), f
    assert f[0] < 0.2 and f[list(sweep.lambdas).index(3.0)] > 0.8


# -- L1 against L2 -----------------------------------------------------------------------------
@pytest.fixture(scope="module", params=[True, False], ids=["proximal", "subgradient"])
def l1l2(request, task):
    return R.l1_vs_l2(task, lambd_l2=1.0, l1_proximal=request.param, seed=0)


def test_l1_and_l2_are_compared_at_matched_training_loss(l1l2):
    assert l1l2.cost_mismatch <= 0.02
    assert l1l2.l1.penalty == "l1" and l1l2.l2.penalty == "l2"


def test_l1_leaves_far_more_near_zero_weights_than_l2(l1l2):
    near_l2, near_l1 = l1l2.near_zeros
    assert near_l1 >= 0.5 and near_l2 <= 0.2 and near_l1 >= 4 * near_l2


def test_exact_zeros_need_soft_thresholding(l1l2):
    zero_l2, zero_l1 = l1l2.exact_zeros
    assert zero_l2 == 0.0
    if l1l2.l1_proximal:
        assert zero_l1 >= 0.5
    else:                               # the subgradient jitters around 0 and never lands on it
        assert zero_l1 == 0.0


def test_l1_bisection_moves_lambda_when_the_costs_differ(task):
    """With a tight tolerance the search must leave lambda_L1 = lambda_L2 and end closer."""
    first = T.fit(task, lambd=1.0, penalty="l1", l1_proximal=True, optimizer="gd", seed=0)
    result = R.l1_vs_l2(task, lambd_l2=1.0, rtol=1e-4, max_fits=6, seed=0)
    assert result.l1.lambd != 1.0
    assert abs(result.l1.train_data_cost - result.l2.train_data_cost) < \
        abs(first.train_data_cost - result.l2.train_data_cost)


# -- dropout -----------------------------------------------------------------------------------


# -- the tables the notebooks print ------------------------------------------------------------
def test_format_lambda_sweep_rounds_and_hides_float_noise(sweep):
    text = R.format_lambda_sweep(sweep)
    lines = text.splitlines()
    assert len(lines) == 1 + len(LAMBDAS)
    assert lines[1].split()[:3] == ["0", f"{100 * sweep.train_accuracy[0]:.1f}%", f"{100 * sweep.dev_accuracy[0]:.1f}%"]
    assert "<0.001" in lines[-1]          # lambda = 30: the weights decay to rounding noise
    assert "e-" not in text


def test_format_l1_vs_l2(l1l2):
    text = R.format_l1_vs_l2({"case": l1l2})
    zeros_l2, zeros_l1 = l1l2.exact_zeros
    assert f"{100 * zeros_l2:.0f}% | {100 * zeros_l1:.0f}%" in text.splitlines()[1]


def test_sweep_bad_input(task):
    with pytest.raises(ValueError, match="lambd values must not be empty"):
        R.lambda_sweep(task, [], seed=0)
    with pytest.raises(ValueError, match="lambd"):
        R.lambda_sweep(task, [0.1, -1.0], seed=0)
    with pytest.raises(ValueError, match="rtol"):
        R.l1_vs_l2(task, rtol=0.0, seed=0)
    with pytest.raises(ValueError, match="max_fits"):
        R.l1_vs_l2(task, max_fits=0, seed=0)


# -- divergence -------------------------------------------------------------------------------------
def test_weight_decay_both_ways_reports_divergence_instead_of_a_huge_difference(task, divergence):
    """alpha = 1e4 used to return a 'difference' of 1e112 between a stopped and a runaway run."""
    c = R.weight_decay_both_ways(task, alpha=divergence.alpha, num_iterations=20, seed=0)
    assert c.diverged_at is not None and np.isnan(c.max_abs_difference) and np.isnan(c.max_abs_change)
    # with gradient descent the two ways are the same update: they diverge at the same iteration, same weights
    gd = R.weight_decay_both_ways(task, lambd=1e4, num_iterations=20, seed=0)
    assert gd.diverged_at is not None
    np.testing.assert_allclose(gd.theta_decay, gd.theta_l2, rtol=1e-9)
    assert R.weight_decay_both_ways(task, num_iterations=3, seed=0).diverged_at is None


def test_regularization_table_and_lambda_sweep_say_which_rows_diverged(task, divergence):
    rows = R.regularization_table(task, seed=0, alpha=divergence.alpha, num_iterations=10)
    assert all(r.diverged_at is not None for r in rows)
    text = R.format_table(rows)
    for line, r in zip(text.splitlines()[1:], rows, strict=True):
        assert line.startswith(r.name) and line.endswith(f"  {divergence.words(r.diverged_at)}")
    # gradient descent at alpha = 3: lambda = 1e6 diverges, 0 does not
    s = R.lambda_sweep(task, [0.0, 1e6], seed=0, optimizer="gd", alpha=3.0, num_iterations=10)
    assert s.diverged_at[0] is None and s.diverged_at[1] is not None
    lines = R.format_lambda_sweep(s).splitlines()
    assert "diverged" not in lines[1] and lines[2] == f"  1e+06 {divergence.words(s.diverged_at[1])}"


def test_l1_vs_l2_says_which_run_diverged(task, divergence):
    c = R.l1_vs_l2(task, seed=0, alpha=divergence.alpha, num_iterations=10, max_fits=2)
    assert c.diverged_at is not None and np.isnan(c.cost_mismatch)
    assert c.diverged_text.startswith(f"L2 {divergence.words(c.l2.diverged_at)}")
