"""The overfitting task, fit, the course's regularization table, the linear regime, weight decay.

Claims of notebook 03/04 asserted on the notebook's own seeded data (``overfitting_task()``).
"""

import numpy as np
import pytest

from course2 import experiments as E
from course2.network import Network


@pytest.fixture(scope="module")
def task():
    return E.overfitting_task()


@pytest.fixture(scope="module")
def table(task):
    return E.regularization_table(task)


def test_task_is_seeded_and_in_course_notation(task):
    again = E.overfitting_task()
    np.testing.assert_array_equal(task.X_train, again.X_train)
    np.testing.assert_array_equal(task.Y_dev, again.Y_dev)
    assert task.X_train.shape == (2, 200) and task.Y_train.shape == (1, 200)
    assert task.X_dev.shape == (2, 400) and task.Y_dev.shape == (1, 400)
    assert not np.array_equal(E.overfitting_task(rng=2).X_train, task.X_train)


def test_fit_is_deterministic_and_measures_without_dropout(task):
    a = E.fit(task, keep_prob=0.8, num_iterations=50)
    b = E.fit(task, keep_prob=0.8, num_iterations=50)
    np.testing.assert_array_equal(a.net.get_params(), b.net.get_params())
    assert a.train_accuracy == np.mean(a.net.predict(task.X_train) == task.Y_train)
    assert a.dev_accuracy == np.mean(a.net.predict(task.X_dev) == task.Y_dev)
    assert a.total_weight_norm == pytest.approx(np.sqrt(sum(n ** 2 for n in a.weight_norms)))


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
    text = E.format_table(table)
    lines = text.splitlines()
    assert len(lines) == 4 and "train acc" in lines[0]
    assert f"{100 * table[0].train_accuracy:.1f}%" in lines[1]
    assert lines[2].startswith("L2, lambda = 1") and lines[3].startswith("dropout, keep_prob = 0.8")


def test_linear_regime_fraction_by_hand():
    # one hidden tanh layer of 2 units: z1 = 0.1 x, z2 = 2 x + 0.3; x in {-1, 1}
    net = Network.from_params([[[0.1], [2.0]], [[1.0, 1.0]]], [[0.0, 0.3], [0.0]], activation="tanh")
    X = np.array([[-1.0, 1.0]])
    # |z| = 0.1, 0.1, 1.7, 2.3 -> 2 of 4 below 0.5; below 2.0: 3 of 4
    assert E.linear_regime_fraction(net, X) == 0.5
    assert E.linear_regime_fraction(net, X, threshold=2.0) == 0.75


def test_linear_regime_grows_when_weights_shrink(task):
    net = task.network(0)
    before = E.linear_regime_fraction(net, task.X_train)
    net.weights_flat[...] *= 0.1
    assert E.linear_regime_fraction(net, task.X_train) > before


def test_weight_decay_is_the_l2_gradient_step_for_gradient_descent(task):
    check = E.weight_decay_both_ways(task, lambd=1.0, alpha=0.5, num_iterations=200)
    assert check.max_abs_change > 0.5            # training really moved the weights
    assert check.max_abs_difference < 1e-12


def test_with_adam_l2_is_not_weight_decay(task):
    check = E.weight_decay_both_ways(task, lambd=1.0, alpha=0.01, num_iterations=200, optimizer="adam")
    assert check.max_abs_difference > 1e-2


def test_weight_decay_check_fails_when_the_decay_is_wrong(task, monkeypatch):
    """The equality test above can fail: a decay factor off by a little shows up at once."""
    from course2 import regularization

    def wrong(W, dW_data, *, alpha, lambd, m):
        return (1.0 - alpha * lambd / (2 * m)) * W - alpha * dW_data

    monkeypatch.setattr(regularization, "weight_decay_step", wrong)
    assert E.weight_decay_both_ways(task, num_iterations=20).max_abs_difference > 1e-6


@pytest.mark.parametrize("kwargs, match", [
    ({"m_train": 1}, "m_train"), ({"m_dev": 0}, "m_dev"), ({"label_noise": 0.7}, "label_noise"),
    ({"noise": -1.0}, "noise"),
])
def test_overfitting_task_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        E.overfitting_task(**kwargs)


def test_overfitting_task_needs_a_seed():
    with pytest.raises(TypeError, match="rng"):
        E.overfitting_task(rng=None)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"optimizer": "sgd"}, ValueError, "optimizer"), ({"num_iterations": 0}, ValueError, "num_iterations"),
    ({"lambd": -1.0}, ValueError, "lambd"), ({"keep_prob": 1.5}, ValueError, "keep_prob"),
    ({"penalty": "l3"}, ValueError, "penalty"), ({"seed": -1}, ValueError, "seed"),
    ({"alpha": 0.0}, ValueError, "alpha"),
])
def test_fit_bad_input(task, kwargs, error, match):
    with pytest.raises(error, match=match):
        E.fit(task, **kwargs)


def test_bad_input_elsewhere(task):
    with pytest.raises(ValueError, match="threshold"):
        E.linear_regime_fraction(task.network(), task.X_train, threshold=0.0)
    with pytest.raises(ValueError, match="X must have n_x"):
        E.linear_regime_fraction(task.network(), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="lambd"):
        E.regularization_table(task, lambd=-1)
    with pytest.raises(ValueError, match="keep_prob"):
        E.regularization_table(task, keep_prob=0.0)
    with pytest.raises(ValueError, match="optimizer"):
        E.weight_decay_both_ways(task, optimizer="rmsprop")
    with pytest.raises(ValueError, match="must have the same number of examples"):
        task.with_training_set(np.zeros((2, 3)), np.zeros((1, 4)))


@pytest.mark.parametrize("kwargs", [{}, {"keep_prob": 0.7}, {"lambd": 0.3, "penalty": "l1"}])
def test_fit_in_steps_is_the_same_run_as_fit(task, kwargs):
    steps = list(E.fit_in_steps(task, every=70, num_iterations=300, **kwargs))
    whole = E.fit(task, num_iterations=300, **kwargs)
    assert [len(s.history.cost) for s in steps] == [70, 140, 210, 280, 300]
    np.testing.assert_array_equal(steps[-1].net.get_params(), whole.net.get_params())
    assert steps[-1].history.cost == whole.history.cost
    assert steps[-1].dev_accuracy == whole.dev_accuracy
    # partial results are copies: the first one is still the network after 70 iterations
    assert not np.array_equal(steps[0].net.get_params(), steps[-1].net.get_params())


def test_fit_in_steps_stops_at_divergence(task):
    steps = list(E.fit_in_steps(task, every=10, optimizer="gd", alpha=1e4, num_iterations=100))
    assert steps[-1].diverged_at is not None and steps[-1].history.status == "diverged"
    assert len(steps) < 10 and steps[-1].diverged_at == len(steps[-1].history.cost)


def test_weight_decay_report(task):
    lines = E.weight_decay_report(task, num_iterations=50).splitlines()
    assert lines[2].split()[-2] == "1e-12" and lines[2].split()[-3] == "<"
    assert float(lines[3].split()[-2]) > 1e-2


def test_weight_shapes_are_n_l_by_n_l_minus_1(task):
    assert task.weight_shapes == [W.shape for W in task.network().W] == [(20, 2), (20, 20), (1, 20)]
