"""Early stopping keeps the best-dev parameters (ERRATA #8); ||W||_F is mid-size there."""

import numpy as np
import pytest

from course2 import early_stopping as ES
from course2 import experiments as E


@pytest.fixture(scope="module")
def task():
    return E.overfitting_task()


@pytest.fixture(scope="module")
def run(task):
    return ES.early_stopping_run(task)


def test_snapshots_start_at_iteration_zero_and_are_evaluated(run, task):
    assert run.iterations[0] == 0 and run.iterations[-1] == ES.NUM_ITERATIONS
    assert np.all(np.diff(run.iterations) == 10)
    np.testing.assert_array_equal(run.params[0], task.network(0).get_params())
    net = run.net_at(run.best_index)
    assert np.mean(net.predict(task.X_dev) != task.Y_dev) == pytest.approx(run.dev_error[run.best_index])


def test_the_run_overfits_late(run):
    """Dev error first falls, then rises: the best dev error is well below the final one."""
    best = run.dev_error[run.best_index]
    assert best <= run.dev_error[-1] - 0.05
    assert run.train_error[-1] <= 0.05
    assert 0 < run.best_iteration < run.iterations[-1] // 2


def test_best_dev_iteration_has_a_mid_size_weight_norm(run):
    norm = run.weight_norm
    b = run.best_index
    assert norm[0] < norm[b] < norm[-1]
    assert norm[b] < 0.3 * norm[-1]


def test_weight_norm_grows_during_training(run):
    norm = run.weight_norm
    assert np.mean(np.diff(norm) > 0) >= 0.95
    assert norm[-1] > 5 * norm[0]


def test_patience_restores_the_best_dev_parameters(run, task):
    result = ES.patience_fit(task, patience=20)
    assert result.history.status == "stopped_early"
    assert result.history.best_iteration == run.best_iteration
    np.testing.assert_array_equal(result.net.get_params(), run.params[run.best_index])
    assert result.dev_accuracy == pytest.approx(1 - run.dev_error[run.best_index])


@pytest.fixture(scope="module")
def comparison(task):
    return ES.compare_stopping_rules(task)


def test_the_notes_rule_is_not_early_stopping(comparison):
    """'Stop when dev error > train error' mostly fires at once, on an untrained network."""
    at_start = [c for c in comparison if c.notes_iteration == 0]
    assert len(at_start) >= 3
    for c in comparison:
        assert c.notes_dev_error is not None and c.notes_dev_error >= c.best_dev_error
        assert c.fraction_dev_above_train >= 0.9
    for c in at_start:
        assert c.notes_dev_error >= c.best_dev_error + 0.2


def test_rules_by_hand():
    assert ES.best_dev_index([0.3, 0.2, 0.2, 0.4]) == 1            # earliest on ties
    assert ES.notes_rule_index([0.5, 0.3, 0.1], [0.4, 0.35, 0.3]) == 1
    assert ES.notes_rule_index([0.5, 0.4], [0.4, 0.3]) is None


def test_bad_input(run, task):
    with pytest.raises(ValueError, match="same length"):
        ES.notes_rule_index([0.1, 0.2], [0.1])
    with pytest.raises(ValueError, match="dev_error"):
        ES.best_dev_index([])
    with pytest.raises(ValueError, match="iteration must be one of"):
        run.index_of(15)
    assert run.index_of(20) == 2
    with pytest.raises(ValueError, match="index"):
        run.net_at(len(run.params))
    with pytest.raises(ValueError, match="every"):
        ES.early_stopping_run(task, every=0, num_iterations=10)
    with pytest.raises(ValueError, match="patience"):
        ES.patience_fit(task, patience=0)
    with pytest.raises(ValueError, match="seeds"):
        ES.compare_stopping_rules(task, seeds=[])


def test_format_run_and_rule_comparison(run, comparison):
    lines = ES.format_run(run).splitlines()
    best = [line for line in lines if line.startswith("lowest dev error")][0].split()
    assert best[-4:] == [str(run.best_iteration), f"{100 * run.train_error[run.best_index]:.1f}%",
                         f"{100 * run.dev_error[run.best_index]:.1f}%", f"{run.weight_norm[run.best_index]:.3g}"]
    iterations = [int(line.split()[-4]) for line in lines[1:-1]]
    assert iterations == sorted(iterations)
    table = ES.format_rule_comparison(comparison).splitlines()
    assert len(table) == 1 + len(comparison)
    assert table[2].split()[:4] == [str(comparison[1].seed), str(comparison[1].best_iteration),
                                    f"{100 * comparison[1].best_dev_error:.1f}%", str(comparison[1].notes_iteration)]


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
    assert ES.patience_stop(errors, patience) == expected


def test_patience_stop_matches_its_formula_on_random_sequences():
    rng = np.random.default_rng(0)
    for _ in range(200):
        e = rng.integers(0, 5, size=rng.integers(1, 15)) / 10
        p = int(rng.integers(1, 5))
        stop, best = ES.patience_stop(e, p)
        firsts = [int(np.argmin(e[:i + 1])) for i in range(e.size)]
        hits = [i for i in range(e.size) if i - firsts[i] >= p]
        assert stop == (hits[0] if hits else e.size - 1)
        assert best == firsts[stop]


def test_patience_stop_refuses_bad_input():
    with pytest.raises(ValueError, match="patience"):
        ES.patience_stop([0.1, 0.2], 0)
    with pytest.raises(ValueError, match="dev_errors"):
        ES.patience_stop([], 2)
    with pytest.raises(ValueError, match="dev_errors"):
        ES.patience_stop([[0.1]], 2)


def test_patience_stop_agrees_with_the_training_loop():
    """The pure rule and train(..., patience=p) stop at the same evaluation and restore the same one."""
    from course2 import data
    from course2.network import Network
    from course2.training import train

    X, Y = data.moons(60, noise=0.3, rng=1)
    X_dev, Y_dev = data.moons(200, noise=0.3, rng=2)
    kwargs = dict(alpha=0.3, num_iterations=400, eval_every=5, X_dev=X_dev, Y_dev=Y_dev)
    full = train(Network([2, 30, 30, 1], rng=0), X, Y, **kwargs)
    errors = 1.0 - np.array(full.dev_accuracy)
    stopped_early = 0
    for patience in (1, 2, 3, 5, 8, 13):
        stop, best = ES.patience_stop(errors, patience)
        net = Network([2, 30, 30, 1], rng=0)
        h = train(net, X, Y, patience=patience, **kwargs)
        assert h.eval_iteration[-1] == full.eval_iteration[stop]
        assert h.best_iteration == full.eval_iteration[best]
        if stop < errors.size - 1:
            assert h.status == "stopped_early"
        stopped_early += h.status == "stopped_early"
    assert stopped_early >= 3
