"""Early stopping (the concept): the best-so-far tracker with patience, and the two rules side by side."""

import numpy as np
import pytest

from course2 import data
from course2.early_stopping import EarlyStopping, best_dev_index, notes_rule_index
from course2.network import Network
from course2.optimizers import Adam
from course2.training import train


def run_rule(values, patience):
    """Feed values one evaluation at a time; (evaluation index where it stops or None, best index)."""
    rule = EarlyStopping(patience)
    for i, v in enumerate(values):
        rule.update(v, i, lambda i=i: i)
        if rule.should_stop:
            return i, rule.best_iteration
    return None, rule.best_iteration


def test_stops_after_patience_evaluations_without_a_new_best_and_keeps_the_earliest_best():
    assert run_rule([0.5, 0.4, 0.4, 0.45, 0.41, 0.3], patience=3) == (4, 1)
    assert run_rule([0.5, 0.4, 0.4, 0.45, 0.3], patience=3) == (None, 4)
    assert run_rule([0.3, 0.3, 0.3], patience=1) == (1, 0)          # a tie is no improvement
    assert run_rule([0.2, 0.1], patience=None) == (None, 1)          # no patience: only tracks the best


def test_keeps_the_parameters_of_the_best_evaluation_only():
    calls = []
    rule = EarlyStopping(2)
    for i, v in enumerate([0.5, 0.6, 0.2, 0.3]):
        rule.update(v, 10 * i, lambda i=i: calls.append(i) or f"params {i}")
    assert calls == [0, 2] and rule.best_params == "params 2" and rule.best_iteration == 20


def test_the_training_loop_stops_where_the_rule_says():
    """train(patience=p) and EarlyStopping fed the loop's own dev errors agree on where to stop and what to keep."""
    X, Y = data.moons(200, noise=0.3, label_noise=0.1, rng=3)
    Xd, Yd = data.moons(300, noise=0.3, label_noise=0.1, rng=4)
    free = train(Network([2, 30, 30, 1], "tanh", rng=0), X, Y, optimizer=Adam(0.02), num_iterations=1500,
                 X_dev=Xd, Y_dev=Yd, eval_every=10)
    dev_error = 1 - np.array(free.dev_accuracy)
    stop, best = run_rule(dev_error, patience=15)
    assert stop is not None, "the run must overfit enough to stop"
    net = Network([2, 30, 30, 1], "tanh", rng=0)
    stopped = train(net, X, Y, optimizer=Adam(0.02), num_iterations=1500, X_dev=Xd, Y_dev=Yd, eval_every=10,
                    patience=15)
    assert stopped.status == "stopped_early"
    assert stopped.eval_iteration[-1] == free.eval_iteration[stop]
    assert stopped.best_iteration == free.eval_iteration[best]
    assert np.mean(net.predict(Xd) != Yd) == pytest.approx(dev_error[best])


def test_rules_by_hand():
    assert best_dev_index([0.3, 0.2, 0.2, 0.4]) == 1            # earliest on ties
    assert notes_rule_index([0.5, 0.3, 0.1], [0.4, 0.35, 0.3]) == 1
    assert notes_rule_index([0.5, 0.4], [0.4, 0.3]) is None


def test_bad_input():
    with pytest.raises(ValueError, match="same length"):
        notes_rule_index([0.1, 0.2], [0.1])
    with pytest.raises(ValueError, match="dev_error"):
        best_dev_index([])
    with pytest.raises(ValueError, match="patience"):
        EarlyStopping(0)
    with pytest.raises(TypeError, match="patience"):
        EarlyStopping(2.5)
