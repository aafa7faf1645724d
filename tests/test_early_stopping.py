"""Early stopping (the concept): the best-so-far tracker with patience, and the two rules side by side."""

import numpy as np
import pytest

from course2 import data
from course2.early_stopping import EarlyStopping, best_dev_index, notes_rule_index, patience_stop
from course2.network import Network
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


# --- patience_stop: the patience rule as a pure function of the dev errors --------------------------------

@pytest.mark.parametrize(("errors", "patience", "expected"), [
    ([0.5, 0.4, 0.3, 0.2], 1, (3, 3)),            # always improving: never stops, the last is best
    ([0.3, 0.2, 0.25, 0.26, 0.1], 2, (3, 1)),     # two evaluations without improving after index 1
    ([0.3, 0.2, 0.25, 0.26, 0.1], 3, (4, 4)),     # patient enough to see the later improvement
    ([0.2, 0.2, 0.2], 2, (2, 0)),                 # a tie is not an improvement; the earliest is kept
    ([0.2, 0.3], 1, (1, 0)),
    ([0.2], 5, (0, 0)),
])
def test_patience_stop_examples(errors, patience, expected):
    assert patience_stop(errors, patience) == expected


def test_patience_stop_matches_its_formula_on_random_sequences():
    rng = np.random.default_rng(0)
    for _ in range(200):
        e = rng.integers(0, 5, size=rng.integers(1, 15)) / 10
        p = int(rng.integers(1, 5))
        stop, best = patience_stop(e, p)
        firsts = [int(np.argmin(e[:i + 1])) for i in range(e.size)]
        hits = [i for i in range(e.size) if i - firsts[i] >= p]
        assert stop == (hits[0] if hits else e.size - 1)
        assert best == firsts[stop]


def test_patience_stop_refuses_bad_input():
    with pytest.raises(ValueError, match="patience"):
        patience_stop([0.1, 0.2], 0)
    with pytest.raises(ValueError, match="dev_errors"):
        patience_stop([], 2)
    with pytest.raises(ValueError, match="dev_errors"):
        patience_stop([[0.1]], 2)


def test_patience_stop_agrees_with_the_training_loop():
    """The pure rule and train(..., patience=p) stop at the same evaluation and restore the same one."""

    X, Y = data.moons(60, noise=0.3, rng=1)
    X_dev, Y_dev = data.moons(200, noise=0.3, rng=2)
    kwargs = dict(alpha=0.3, num_iterations=400, eval_every=5, X_dev=X_dev, Y_dev=Y_dev)
    full = train(Network([2, 30, 30, 1], rng=0), X, Y, **kwargs)
    errors = 1.0 - np.array(full.dev_accuracy)
    stopped_early = 0
    for patience in (1, 2, 3, 5, 8, 13):
        stop, best = patience_stop(errors, patience)
        net = Network([2, 30, 30, 1], rng=0)
        h = train(net, X, Y, patience=patience, **kwargs)
        assert h.eval_iteration[-1] == full.eval_iteration[stop]
        assert h.best_iteration == full.eval_iteration[best]
        if stop < errors.size - 1:
            assert h.status == "stopped_early"
        stopped_early += h.status == "stopped_early"
    assert stopped_early >= 3
