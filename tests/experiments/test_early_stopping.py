"""Early stopping keeps the best-dev parameters (ERRATA #8); ||W||_F is mid-size there."""

import numpy as np
import pytest

from course2.experiments import early_stopping as ES


@pytest.fixture(scope="module")
def run(task):
    return ES.early_stopping_run(task, seed=0)


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


def test_best_dev_iteration_keeps_the_weight_norm_close_to_its_start(run):
    """Not "mid-size": at the best snapshot ||W||_F has done only 4 % of the growth of the whole run."""
    norm = run.weight_norm
    b = run.best_index
    assert norm[0] < norm[b] < norm[-1]
    assert ES.weight_growth_share(run) < 0.05
    assert [f"{norm[i]:.3g}" for i in (0, b, -1)] == ["5.85", "7.16", "42.9"]
    assert ES.format_weight_growth(run).endswith("at the best snapshot it has done 4% of its growth")


def test_weight_norm_grows_during_training(run):
    norm = run.weight_norm
    assert np.mean(np.diff(norm) > 0) >= 0.95
    assert norm[-1] > 5 * norm[0]


def test_patience_restores_the_best_dev_parameters(run, task):
    result = ES.patience_fit(task, patience=20, seed=0)
    assert result.history.status == "stopped_early"
    assert result.history.best_iteration == run.best_iteration
    np.testing.assert_array_equal(result.net.get_params(), run.params[run.best_index])
    assert result.dev_accuracy == pytest.approx(1 - run.dev_error[run.best_index])


@pytest.fixture(scope="module")
def comparison(task):
    return ES.compare_stopping_rules(task, seeds=(0, 1, 2, 4, 6))      # the notebook's seeds


def test_the_notes_rule_is_not_early_stopping(comparison):
    """'Stop when dev error > train error' mostly fires at once, on an untrained network."""
    at_start = [c for c in comparison if c.notes_iteration == 0]
    assert len(at_start) >= 3
    for c in comparison:
        assert c.notes_dev_error is not None and c.notes_dev_error >= c.best_dev_error
        assert c.fraction_dev_above_train >= 0.9
    for c in at_start:
        assert c.notes_dev_error >= c.best_dev_error + 0.2


def test_claim_the_rules_on_the_notebooks_five_seeds(comparison):
    from course2 import splits

    by_seed = {c.seed: c for c in comparison}
    assert sorted(s for s, c in by_seed.items() if c.notes_iteration == 0) == [1, 2, 4]
    assert [round(100 * by_seed[s].notes_dev_error, 1) for s in (1, 2, 4)] == [54.5, 59.5, 78.0]
    h = splits.error_confidence_halfwidth(0.185, 400)
    for s, it in ((0, 110), (6, 90)):                   # near the best, inside the dev set's noise
        c = by_seed[s]
        assert c.notes_iteration == it and 0 < c.notes_dev_error - c.best_dev_error < h
    assert (round(100 * min(c.best_dev_error for c in comparison), 1),
            round(100 * max(c.best_dev_error for c in comparison), 1)) == (18.2, 18.8)


def test_claim_dev_error_is_below_train_error_until_iteration_100(run):
    assert ES.dev_above_train_from(run) == 110 == run.notes_iteration
    below = run.iterations[run.dev_error <= run.train_error]
    assert list(below) == list(range(0, 110, 10))                 # the first 11 snapshots, 0 to 100
    assert ES.format_dev_vs_train(run) == ("dev error <= train error at 11 of the 201 snapshots (all between "
                                           "iterations 0 and 100); dev error > train error at every snapshot "
                                           "from iteration 110 on")
    assert round(100 * run.fraction_dev_above_train) == 95


def test_claim_seed_1_is_where_the_notes_rule_fails(task):
    run1 = ES.early_stopping_run(task, seed=1)
    assert run1.notes_iteration == 0 and run1.best_iteration == 160
    assert (round(100 * run1.dev_error[0], 1), round(100 * run1.train_error[0], 1)) == (54.5, 52.5)
    assert round(100 * run1.dev_error[run1.best_index], 1) == 18.2


def test_bad_input(run, task):
    with pytest.raises(ValueError, match="iteration must be one of"):
        run.index_of(15)
    assert run.index_of(20) == 2
    with pytest.raises(ValueError, match="index"):
        run.net_at(len(run.params))
    with pytest.raises(ValueError, match="every"):
        ES.early_stopping_run(task, every=0, num_iterations=10, seed=0)
    with pytest.raises(ValueError, match="patience"):
        ES.patience_fit(task, patience=0, seed=0)
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


# -- divergence -------------------------------------------------------------------------------------
def test_a_run_that_diverges_at_once_keeps_only_the_start(task, divergence):
    run = ES.early_stopping_run(task, seed=0, alpha=divergence.alpha, num_iterations=20)
    assert run.diverged_at is not None and list(run.iterations) == [0] and len(run.params) == 1
    assert run.best_index == 0
    text = ES.format_run(run)
    assert text.splitlines()[-2].endswith(divergence.words(run.diverged_at))
    rows = ES.compare_stopping_rules(task, [0], alpha=divergence.alpha, num_iterations=20)
    assert rows[0].diverged_at == run.diverged_at
    assert ES.format_rule_comparison(rows).splitlines()[1] == f"   0  {divergence.words(run.diverged_at)}"


def test_a_run_that_diverges_midway_keeps_its_finite_snapshots(task):
    """Plain gradient descent with lambda = 900: (1 - alpha lambda/m) < -1, the weights grow 12 % a step."""
    run = ES.early_stopping_run(task, seed=0, optimizer="gd", alpha=0.5, lambd=900.0, num_iterations=100, every=5)
    assert run.diverged_at == 17
    assert list(run.iterations) == [0, 5, 10, 15]             # the snapshot at 16 (if any) is the diverged one
    assert all(np.all(np.isfinite(p)) for p in run.params) and np.all(np.isfinite(run.weight_norm))
    assert "diverged at iteration 17" in ES.format_run(run)
