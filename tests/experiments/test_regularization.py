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


# -- notebook 03's claims, on the notebook's own sweep ----------------------------------------------
NOTEBOOK_LAMBDAS = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0)


@pytest.fixture(scope="module")
def notebook_sweep(task):
    return R.lambda_sweep(task, NOTEBOOK_LAMBDAS, seed=0)


def halfwidth_at_80():
    from course2 import splits

    return splits.error_confidence_halfwidth(0.8, 400)


def test_claim_the_table_numbers_and_gains_beyond_the_noise(table):
    none, l2, dropout = table
    assert [(round(100 * r.train_accuracy, 1), round(100 * r.dev_accuracy, 1)) for r in table] == \
        [(96.5, 68.5), (82.0, 80.5), (83.0, 81.0)]
    for row in (l2, dropout):
        assert row.dev_accuracy - none.dev_accuracy >= 3 * halfwidth_at_80()
    assert abs(l2.dev_accuracy - dropout.dev_accuracy) < halfwidth_at_80()        # cannot choose between them


def test_claim_dev_accuracy_has_a_plateau_the_dev_set_cannot_rank(notebook_sweep):
    dev = dict(zip(notebook_sweep.lambdas, notebook_sweep.dev_accuracy))
    plateau = [dev[v] for v in (0.3, 1.0, 3.0, 10.0)]
    assert max(plateau) - min(plateau) < halfwidth_at_80()
    assert (round(100 * min(plateau), 1), round(100 * max(plateau), 1)) == (79.0, 81.8)
    assert min(plateau) > dev[0.0] + 2 * halfwidth_at_80() and min(plateau) > dev[30.0] + 2 * halfwidth_at_80()


def test_claim_at_lambda_30_the_network_predicts_class_1_everywhere(task, notebook_sweep):
    f = notebook_sweep.at(30.0)
    X = np.random.default_rng(0).uniform(-2.0, 3.0, (2, 5000))
    assert np.all(f.net.predict(X) == 1) and np.all(f.net.predict(task.X_train) == 1)
    assert f.train_accuracy == np.mean(task.Y_train == 1) == 0.515 and f.dev_accuracy == np.mean(task.Y_dev == 1)
    assert notebook_sweep.near_zero_fraction[-1] == 1.0


def test_claim_the_linear_share_grows_and_at_lambda_10_the_boundary_is_almost_straight(task, notebook_sweep):
    share = {v: round(100 * s) for v, s in zip(notebook_sweep.lambdas, notebook_sweep.linear_fraction)}
    assert {share[v] for v in (0.0, 0.001, 0.003, 0.01)} <= {10, 11}
    assert [share[v] for v in (0.1, 0.3, 1.0, 10.0)] == [28, 71, 89, 100]
    # at lambda = 10 the network agrees with its linearization (tanh(z) replaced by z): a straight boundary
    net = notebook_sweep.at(10.0).net
    X = np.random.default_rng(0).uniform(-2.0, 3.0, (2, 20_000))
    A = X
    for l in range(net.L - 1):
        A = net.W[l] @ A + net.b[l]
    linear = (net.W[-1] @ A + net.b[-1]) > 0
    assert np.mean(linear == net.predict(X).astype(bool)) >= 0.99


def test_claim_norms_fall_in_every_layer(notebook_sweep):
    norms = notebook_sweep.weight_norms
    i = list(notebook_sweep.lambdas).index(1.0)
    assert [float(f"{x:.3g}") for x in norms[0]] == [15.9, 31.8, 9.5]
    assert [float(f"{x:.3g}") for x in norms[i]] == [2.99, 2.48, 2.49]
    assert float(f"{notebook_sweep.total_weight_norm[0]:.3g}") == 36.8
    assert float(f"{notebook_sweep.total_weight_norm[i]:.3g}") == 4.61


def test_claim_the_l1_bisection_stopped_at_its_first_guess(task):
    cases = R.l1_vs_l2_cases(task, seed=0)
    for c in cases.values():
        assert c.l1.lambd == c.l2.lambd == 1.0 and c.cost_mismatch <= 0.02
    soft, sub, adam = cases.values()
    assert round(100 * soft.exact_zeros[1]) == 87 and soft.exact_zeros[0] == 0.0
    assert sub.exact_zeros == adam.exact_zeros == (0.0, 0.0)
    assert [round(100 * x) for x in (*sub.near_zeros, *adam.near_zeros)] == [9, 93, 8, 97]


@pytest.fixture(scope="module")
def decay_rows(task):
    return R.adam_l2_vs_adamw(task, seed=0)


def test_claim_adamw_at_lambda_over_m_is_almost_unregularized(decay_rows):
    none, l2, adamw, _, adamw5 = decay_rows
    assert adamw.shrink_over_run == pytest.approx((1 - 0.005 * 0.005) ** 1000)
    assert round(adamw.shrink_over_run, 3) == 0.975
    assert abs(adamw.weight_norm - none.weight_norm) < 0.02 * none.weight_norm
    assert adamw.dev_accuracy == none.dev_accuracy == 0.685
    assert l2.weight_norm < 0.15 * adamw.weight_norm and l2.dev_accuracy - adamw.dev_accuracy > 2 * halfwidth_at_80()
    # a weight_decay 1,000 times larger brings AdamW to Adam + L2's norm and (within the noise) its dev accuracy
    assert adamw5.weight_norm < l2.weight_norm and abs(adamw5.dev_accuracy - l2.dev_accuracy) < halfwidth_at_80()
    assert [f"{r.weight_norm:.3g}" for r in decay_rows] == ["36.8", "4.61", "36.5", "16.8", "3.09"]


def test_format_adam_l2_vs_adamw(decay_rows):
    lines = R.format_adam_l2_vs_adamw(decay_rows).splitlines()
    assert len(lines) == 6 and lines[0].split() == ["decay", "over", "run", "||W||_F", "train", "dev"]
    assert lines[3].split()[-4:] == ["0.975", "36.5", "96.5%", "68.5%"]
    assert lines[1].split()[-4] == "-" and lines[5].split()[-4] == "<0.001"
    with pytest.raises(ValueError, match="weight_decay"):
        R.adam_l2_vs_adamw(T.overfitting_task(rng=1), seed=0, weight_decays=(-1.0,))
