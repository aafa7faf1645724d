"""The early-stopping iteration slider of notebook 05."""

import numpy as np
import pytest

from course2.experiments import early_stopping
from course2.experiments import tasks as T
from course2.viz import early_stopping as V
from course2.viz import explorers


@pytest.fixture(scope="module")
def run():
    return early_stopping.early_stopping_run(T.overfitting_task(rng=1), seed=0)


@pytest.fixture(scope="module")
def ex(run):
    e = V.EarlyStoppingExplorer(run, seed=0, seeds=(0, 1, 2, 4, 6))
    yield e
    e.close()


def test_registered_for_the_benchmark():
    names = explorers()
    assert names["early_stopping"].explorer is V.EarlyStoppingExplorer


def test_slider_covers_the_snapshots(ex, run):
    s = ex.main_control
    assert (s.min, s.max, s.step) == (0, int(run.iterations[-1]), 10)


def test_best_iteration_is_marked_and_named(ex, run):
    b = run.best_index
    ex.set(iteration=run.best_iteration)
    np.testing.assert_allclose(ex.boundary.image.get_array(), ex.boundary.probabilities(run.net_at(b)),
                               rtol=1e-5, atol=1e-6)   # the picture's forward pass is float32
    assert ex.status_text.endswith("early stopping keeps these parameters")
    assert f"dev error {run.dev_error[b]:.1%}" in ex.status_text
    assert list(ex.e_cursor.get_xdata()) == [run.best_iteration] * 2
    x, y = ex.n_dot.get_data()
    assert list(x) == [run.best_iteration] and list(y) == [run.weight_norm[b]]
    star = [line for line in ex.ax_e.get_lines() if line.get_marker() == "*"][0]
    assert list(star.get_xdata()) == [run.best_iteration]
    assert ex.ax_b.get_title().startswith(f"iteration {run.best_iteration}:\ntrain error {run.train_error[b]:.1%}")


def test_late_iteration_overfits_with_a_big_norm(ex, run):
    ex.set(iteration=2000)
    assert ex.ax_e.get_title().startswith(f"seed 0: dev {run.dev_error[-1]:.1%} here;\npatience")
    assert ex.n_dot.get_data()[1][0] == run.weight_norm[-1] > 3 * run.weight_norm[run.best_index]
    assert f"best dev error at iteration {run.best_iteration}" in ex.status_text


def test_an_iteration_without_snapshot_shows_the_error_and_recovers(ex):
    ex.set(iteration=100)
    image = ex.image.value
    ex.set(iteration=105)       # between two snapshots: compute raises, the error is shown
    errors = "".join(o.get("text", "") for o in ex.error_output.outputs)
    assert "iteration must be one of the snapshot iterations" in errors
    assert ex.status_text.startswith("error: ValueError") and ex.image.value == image
    ex.set(iteration=110)
    assert ex.error_output.outputs == () and ex.status_text.startswith("iteration = 110")


def test_early_stopping_figure(run):
    fig = V.early_stopping_figure(run)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].startswith("start: iteration 0")
    assert titles[1].startswith(f"lowest dev error\n(early stopping): iteration {run.best_iteration}")
    assert titles[2].startswith(f"end of training: iteration {run.iterations[-1]}")


def test_early_stopping_curves(run):
    fig = V.early_stopping_curves(run)
    ax_e, ax_n = fig.axes
    np.testing.assert_allclose(ax_e.get_lines()[1].get_ydata(), 100 * run.dev_error)
    star = ax_e.get_lines()[2]
    assert list(star.get_xdata()) == [run.best_iteration]
    np.testing.assert_allclose(ax_n.get_lines()[0].get_ydata(), run.weight_norm)


# -- divergence -------------------------------------------------------------------------------------
def test_a_run_that_diverged_at_once_is_said_not_an_index_error(task, divergence):
    run = early_stopping.early_stopping_run(task, seed=0, alpha=divergence.alpha, num_iterations=20)
    ex = V.EarlyStoppingExplorer(run, seed=0, seeds=(0,))
    try:
        assert ex.main_control.min == ex.main_control.max == 0
        divergence.assert_explorer(ex, run.diverged_at)
        assert divergence.words(run.diverged_at) in ex.ax_e.get_title()
    finally:
        ex.close()


def test_the_slider_of_a_run_that_diverged_midway_ends_at_its_last_finite_snapshot_and_says_why(task, divergence):
    run = early_stopping.early_stopping_run(task, seed=0, optimizer="gd", alpha=0.5, lambd=900.0,
                                            num_iterations=100, every=5)
    ex = V.EarlyStoppingExplorer(run, seed=0, seeds=(0,))
    try:
        assert ex.main_control.max == 15 and ex.main_control.step == 5
        ex.set(iteration=15)
        divergence.assert_explorer(ex, 17)
        assert ex.boundary.image.get_visible()       # the last snapshot before divergence is a real network
        divergence.assert_figure(V.early_stopping_figure(run), 17)
        divergence.assert_figure(V.early_stopping_curves(run), 17)
    finally:
        ex.close()


def test_patience_marks_where_train_stops_and_what_it_restores(ex, run):
    from course2.early_stopping import patience_stop
    ex.set(seed=0, iteration=100, patience=20)
    fit = early_stopping.patience_fit(run.task, patience=20, seed=0)      # the training loop itself
    assert len(fit.history.cost) == 320 and fit.history.best_iteration == 120
    assert list(ex.e_stop.get_xdata()) == [320, 320]
    assert list(ex.e_restore.get_xdata()) == [120]
    assert ex.e_restore.get_ydata()[0] == pytest.approx(100 * run.dev_error[run.index_of(120)])
    assert ex.ax_e.get_title().endswith("patience 20: stops at 320, keeps 120")
    assert "patience 20: stops at 320, restores 120" in ex.status_text
    computes = ex.compute_count
    ex.set(patience=5)                       # patience moves the marks only: nothing recomputed
    stop, best = patience_stop(run.dev_error, 5)
    assert ex.compute_count == computes
    assert list(ex.e_stop.get_xdata()) == [int(run.iterations[stop])] * 2
    assert list(ex.e_restore.get_xdata()) == [int(run.iterations[best])]
    ex.set(patience=20)


def test_seed_switch_shows_the_other_seeds_runs_trained_in_the_background(ex, run):
    assert ex.controls["seed"].options == (0, 1, 2, 4, 6)
    ex.set(seed=4, iteration=190, patience=20)
    other = early_stopping.early_stopping_run(run.task, seed=4)
    np.testing.assert_allclose(ex.e_dev.get_ydata(), 100 * other.dev_error)
    np.testing.assert_allclose(ex.boundary.image.get_array(),
                               ex.boundary.probabilities(other.net_at(other.index_of(190))),
                               rtol=1e-5, atol=1e-6)   # float32 pictures
    fit = early_stopping.patience_fit(run.task, patience=20, seed=4)
    assert list(ex.e_stop.get_xdata()) == [len(fit.history.cost)] * 2
    assert list(ex.e_restore.get_xdata()) == [fit.history.best_iteration]
    assert ex.status_text.startswith("iteration = 190 · seed 4 · ")
    assert ex.e_best.get_xdata()[0] == other.best_iteration
    ex.set(seed=0)
    np.testing.assert_allclose(ex.e_dev.get_ydata(), 100 * run.dev_error)


def test_seed_not_trained_yet_says_training(run):
    e = V.EarlyStoppingExplorer(run, seed=0, seeds=(0, 2))
    try:
        e._trainer.join(timeout=60)
        e.runs.pop(2)                    # as if the background thread had not finished
        e._ready[2].clear()
        e.controls["seed"].value = 2
        assert e.status_text.startswith("training… ")
        e.wait(timeout=60)
        assert e.status_text.startswith("iteration = 0 · seed 2 · ") and e.shown_final
    finally:
        e.close()
