"""The mini-batch explorer of notebook 10 and its static figures, driven without a kernel."""

import numpy as np
import pytest

from course2.experiments import minibatch as mb
from course2.viz import explorers
from course2.viz import minibatch as V


@pytest.fixture(scope="module")
def task():
    pytest.importorskip("sklearn")
    return mb.digits_task(m_train=300, rng=0)      # a small training set keeps the test fast


@pytest.fixture(scope="module")
def spread(task):
    net = mb.gradient_point(task, seed=0)
    return mb.gradient_spread(net, task.X_train, task.Y_train, (1, 4, 16, 64), draws=20, rng=0)


@pytest.fixture(scope="module")
def ex(task, spread):
    e = V.MinibatchExplorer(task, spread=spread, batch_size=64, prefetch=False, seed=0)
    yield e
    e.close()


def test_registered_for_the_benchmark():
    assert explorers()["minibatch"].explorer is V.MinibatchExplorer


def test_batch_64_run_is_drawn_against_iterations_epochs_and_seconds(ex, task):
    run = mb.run(task, 64, seed=0)
    assert ex.status_text.startswith(f"batch size = 64 · J <= 0.2 after {run.reached_at} iterations = "
                                     f"{run.epochs_to_target:.2g} epochs = ")
    np.testing.assert_array_equal(ex.batch_line.get_ydata(), np.clip(run.batch_cost, V.COST_LIM[0], None))
    np.testing.assert_array_equal(ex.ep_line.get_xdata(), run.check_epoch[1:])
    np.testing.assert_array_equal(ex.ep_line.get_ydata(), run.check_cost[1:])
    assert ex.ax_it.get_title().startswith(f"b = 64:\nJ <= 0.2 after {run.reached_at} iterations")
    assert ex.ax_c.get_title() == f"20 batches of 64:\ngradient spread {ex.spread.spread[64]:.2g}"
    assert 64 in ex.finished and ex.ax_v.get_title().endswith("us per example")


def test_full_batch_has_no_cloud_and_other_runs_turn_grey(ex, task):
    ex.set(batch_size=task.m_train)
    assert ex.ax_c.get_title() == f"1 batches of {task.m_train}:\ngradient spread 0"
    assert len(ex.s_here.get_xdata()) == 0
    grey = ex.grey[ex.ax_ep][64]
    np.testing.assert_array_equal(grey.get_ydata(), ex.finished[64].check_cost[1:])
    assert "J^{t} rose on 0%" in ex.ax_it.get_title()


def test_static_figures(task, spread):
    runs = mb.sweep(task, (16, 64), seed=0)
    fig = V.cost_curves_figure(runs, batch_sizes=(16, 64))
    assert [ax.get_title() for ax in fig.axes] == ["against iterations", "against epochs", "against wall-clock time"]
    fig2 = V.noise_figure({1: 1e-2, 4: 3e-3, 16: 1e-3}, spread, m=task.m_train, cloud_sizes=(1, 16))
    assert fig2.axes[1].get_title() == f"b = 1: spread {spread.spread[1]:.2g}"
    assert fig2.axes[-1].get_title() == f"spread ~ b^{mb.spread_slope(spread):.2f}"
