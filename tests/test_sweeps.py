"""Claims of notebooks 03-05 about lambda, L1 vs L2, dropout and augmentation, on their own data."""

import numpy as np
import pytest

from course2 import experiments as E
from course2 import sweeps as S

LAMBDAS = (0.0, 0.01, 0.1, 0.3, 1.0, 3.0, 30.0)


@pytest.fixture(scope="module")
def task():
    return E.overfitting_task()


@pytest.fixture(scope="module")
def sweep(task):
    return S.lambda_sweep(task, LAMBDAS)


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
    return S.l1_vs_l2(task, lambd_l2=1.0, l1_proximal=request.param)


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
    first = E.fit(task, lambd=1.0, penalty="l1", l1_proximal=True, optimizer="gd")
    result = S.l1_vs_l2(task, lambd_l2=1.0, rtol=1e-4, max_fits=6)
    assert result.l1.lambd != 1.0
    assert abs(result.l1.train_data_cost - result.l2.train_data_cost) < \
        abs(first.train_data_cost - result.l2.train_data_cost)


# -- dropout -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def dropout(task):
    return S.keep_prob_sweep(task, (1.0, 0.8))


def test_dropout_narrows_the_train_dev_gap(dropout):
    gap_none, gap_drop = dropout.gap
    assert gap_none >= 0.2 and gap_drop <= gap_none / 3
    assert dropout.dev_accuracy[1] >= dropout.dev_accuracy[0] + 0.05


def test_with_dropout_the_cost_curve_is_no_longer_monotone(dropout):
    without, with_dropout = dropout.cost_rise_fraction
    assert without <= 0.05 and with_dropout >= 0.3


def test_cost_rise_fraction_by_hand():
    assert S.cost_rise_fraction([3.0, 2.0, 2.5, 1.0, 1.0]) == 0.25


# -- augmentation ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def augmented():
    return S.augmentation_sweep(S.augmentation_task(), (0, 2, 8))


def test_more_augmentation_lowers_dev_error_on_a_small_noisy_set(augmented):
    err = augmented.dev_error
    assert np.all(np.diff(err) < 0), err
    assert err[-1] <= err[0] - 0.08
    # per seed, 8 copies beat none every time (not only on average)
    assert np.all(augmented.dev_error_per_seed[:, -1] < augmented.dev_error_per_seed[:, 0])


def test_augmented_fit_reports_accuracy_on_the_original_points():
    task = S.augmentation_task()
    f = S.augmented_fit(task, 2, num_iterations=50)
    assert f.train_accuracy == np.mean(f.net.predict(task.X_train) == task.Y_train)


# -- bad input ---------------------------------------------------------------------------------
def test_bad_input(task):
    with pytest.raises(ValueError, match="lambdas"):
        S.lambda_sweep(task, [])
    with pytest.raises(ValueError, match="lambd"):
        S.lambda_sweep(task, [0.1, -1.0])
    with pytest.raises(ValueError, match="keep_prob"):
        S.keep_prob_sweep(task, [1.5])
    with pytest.raises(ValueError, match="keep_probs"):
        S.keep_prob_sweep(task, [])
    with pytest.raises(ValueError, match="rtol"):
        S.l1_vs_l2(task, rtol=0.0)
    with pytest.raises(ValueError, match="max_fits"):
        S.l1_vs_l2(task, max_fits=0)
    with pytest.raises(ValueError, match="costs"):
        S.cost_rise_fraction([1.0])
    with pytest.raises(ValueError, match="copies"):
        S.augmentation_sweep(S.augmentation_task(), [-1])
    with pytest.raises(ValueError, match="m_train"):
        S.augmentation_task(m_train=1)


# -- the tables the notebooks print ------------------------------------------------------------
def test_format_lambda_sweep_rounds_and_hides_float_noise(sweep):
    text = S.format_lambda_sweep(sweep)
    lines = text.splitlines()
    assert len(lines) == 1 + len(LAMBDAS)
    assert lines[1].split()[:3] == ["0", f"{100 * sweep.train_accuracy[0]:.1f}%", f"{100 * sweep.dev_accuracy[0]:.1f}%"]
    assert "<0.001" in lines[-1]          # lambda = 30: the weights decay to rounding noise
    assert "e-" not in text


def test_format_l1_vs_l2(l1l2):
    text = S.format_l1_vs_l2({"case": l1l2})
    zeros_l2, zeros_l1 = l1l2.exact_zeros
    assert f"{100 * zeros_l2:.0f}% | {100 * zeros_l1:.0f}%" in text.splitlines()[1]


def test_format_keep_prob_and_augmentation_tables(dropout, augmented):
    text = S.format_keep_prob_sweep(dropout)
    assert text.splitlines()[2].split()[:4] == ["0.80", f"{100 * dropout.train_accuracy[1]:.1f}%",
                                                f"{100 * dropout.dev_accuracy[1]:.1f}%", f"{100 * dropout.gap[1]:+.1f}"]
    lines = S.format_augmentation_sweep(augmented).splitlines()
    assert lines[0].split()[-1] == "2" and lines[-1].split()[1] == f"{100 * augmented.dev_error[-1]:.1f}%"

