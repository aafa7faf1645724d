"""Notebook 02's explorer and static pieces: what the figure says after setting the controls."""

import numpy as np
import pytest

from course2.experiments import bias_variance as bv
from course2.experiments import tasks as T
from course2.viz.bias_variance import BiasVarianceExplorer, capacity_figure, cases_figure
from course2.viz.boundary import grid_probabilities


@pytest.fixture(scope="module")
def explorer():
    ex = BiasVarianceExplorer(seed=0)     # 32 x 2 units, 50 examples, 10% label noise, Bayes error 0
    yield ex
    ex.close()


def shown_fit(ex):
    return ex._cache.get(ex.key(ex.shown_state)).fit


def test_default_state_overfits_and_says_so(explorer):
    explorer.set(hidden_units=32, depth=2, m_train=50, label_noise=0.1, bayes_error=0.0)
    f = T.fit(T.bias_variance_task(50, 0.1, seed=0, hidden_units=32, depth=2), seed=0,
              num_iterations=bv.NUM_ITERATIONS)
    assert explorer.ax_train.get_title() == f"train set (m = 50): error {100 * f.train_error:.1f}%"
    assert explorer.ax_dev.get_title() == f"dev set (1000): error {100 * f.dev_error:.1f}%"
    assert [b.get_height() for b in explorer.bars.bars] == pytest.approx([0.0, f.train_error, f.dev_error])
    assert explorer.bars.verdict.get_text() == "high variance"
    assert "next: more data (or data augmentation)" in explorer.bars.detail.get_text()
    assert "→ high variance" in explorer.status_text
    assert explorer.suptitle.get_text().startswith("network [2, 32 × 32, 1] (tanh), 600 Adam steps")


def test_the_boundary_and_points_are_the_fits(explorer):
    explorer.set(hidden_units=4, depth=1, m_train=100, label_noise=0.05)
    f = shown_fit(explorer)
    assert f.layer_sizes == (2, 4, 1) and f.iteration == bv.NUM_ITERATIONS
    P = grid_probabilities(f.net, explorer.train_layer.grid)     # float64; the picture is computed in float32
    np.testing.assert_allclose(np.asarray(explorer.train_layer.image.get_array()), P, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.asarray(explorer.dev_layer.image.get_array()), P, rtol=1e-5, atol=1e-6)
    problem = T.bias_variance_task(100, 0.05, seed=0)
    np.testing.assert_array_equal(explorer.train_layer.points["train"].get_offsets(), problem.X_train.T)
    np.testing.assert_array_equal(explorer.dev_layer.points["dev"].get_offsets(), problem.X_dev.T)
    np.testing.assert_array_equal(explorer.dev_layer.points["dev"].get_array(), problem.Y_dev.ravel())


def test_the_bayes_error_slider_changes_the_verdict_without_retraining(explorer):
    explorer.set(hidden_units=4, depth=2, m_train=400, label_noise=0.1, bayes_error=0.0)
    assert explorer.bars.verdict.get_text() == "high bias"
    computes = explorer.compute_count
    explorer.set(bayes_error=0.125)
    assert explorer.compute_count == computes
    assert explorer.bars.verdict.get_text() == "low bias and low variance"
    assert explorer.bars.bars[0].get_height() == pytest.approx(0.125)
    assert explorer.bars.ax.get_title() == "diagnosis, Bayes error = 12.5%"
    assert "Bayes 12.5% → low bias and low variance" in explorer.status_text
    assert "this data's Bayes error: 12.3%" in explorer.bars.detail.get_text()
    assert explorer.bars.true_line.get_ydata()[0] == pytest.approx(bv.bayes_error(0.1))


def test_one_hidden_unit_is_high_bias_with_the_recipes_first_step(explorer):
    explorer.set(hidden_units=1, depth=2, m_train=400, label_noise=0.1, bayes_error=0.125)
    assert explorer.bars.verdict.get_text() == "high bias"
    assert "next: bigger network (more hidden units or more layers)" in explorer.bars.detail.get_text()


def test_status_during_training_then_final(explorer):
    explorer.prefetch = False        # no neighbour may land in the cache behind the test's back
    try:
        explorer.set(hidden_units=6, depth=3, m_train=200, label_noise=0.2)
        explorer.clear_cache()
        explorer.main_control.value = 8
        assert explorer.status_text.startswith("training… hidden units / layer = 8")
        explorer.wait(timeout=60)
        assert explorer.status_text.startswith("hidden units = 8 · layers = 3 · m = 200 · label noise 20%")
        assert explorer.shown_final and explorer.last_error is None
    finally:
        explorer.prefetch = True


def test_cases_figure_titles():
    fig = cases_figure()
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0] == "1% / 11%, Bayes 0%\nhigh variance"
    assert titles[1] == "15% / 16%, Bayes 0%\nhigh bias"
    assert titles[-1] == "15% / 16%, Bayes 15%\nlow bias and\nlow variance"
    assert [b.get_height() for b in fig.axes[2].patches] == pytest.approx([0.0, 0.15, 0.30])


def test_capacity_figure_and_table_from_precomputed_fits():
    fits = bv.capacity_grid((25,), (1, 3), depth=1, label_noise=0.1, num_iterations=50, seed=0)
    fig = capacity_figure(hidden_units=(1, 3), m_trains=(25,), depth=1, fits=fits, seed=0)
    assert len(fig.axes) == 2
    f = fits[(25, 3)]
    assert fig.axes[1].get_title().startswith(f"m = 25, 3 units × 1\ntrain {100 * f.train_error:.1f}% / dev "
                                              f"{100 * f.dev_error:.1f}%")


# -- divergence -------------------------------------------------------------------------------------
def test_a_diverged_fit_shows_no_boundary_no_error_bars_and_says_so(divergence):
    ex = BiasVarianceExplorer(alpha=divergence.alpha, num_iterations=10, seed=0)
    try:
        divergence.assert_explorer(ex)
        assert not ex.train_layer.image.get_visible() and not ex.dev_layer.image.get_visible()
        assert [b.get_visible() for b in ex.bars.bars] == [True, False, False]
        assert ex.bars.verdict.get_text().startswith("diverged at iteration")
        assert "diverged at iteration" in ex.ax_train.get_title()
    finally:
        ex.close()


def test_error_bars_come_back_after_a_divergence():
    from matplotlib.figure import Figure

    from course2 import diagnosis
    from course2.viz.bias_variance import ErrorBars

    fig = Figure()
    bars = ErrorBars(fig.add_subplot(), fig.add_subplot())
    bars.show_diverged("diverged at iteration 2", bayes_error=0.1)
    assert [b.get_visible() for b in bars.bars] == [True, False, False]
    bars.update(diagnosis.diagnose(0.2, 0.3))
    assert all(b.get_visible() for b in bars.bars) and bars.verdict.get_text() != "diverged at iteration 2"


def test_learning_curves_are_the_cached_fits_with_the_current_point_ringed(explorer):
    explorer.set(hidden_units=4, depth=2, m_train=100, label_noise=0.1, bayes_error=0.0)
    explorer.wait_idle(timeout=120)           # prefetch trains every m and every width of this setting
    explorer.set(bayes_error=0.01)            # a new picture reads the now-filled cache
    train, dev, here, bayes = explorer.curves[explorer.ax_m]
    assert list(train.get_xdata()) == [25, 50, 100, 200, 400]
    for m, tr, dv in zip(train.get_xdata(), train.get_ydata(), dev.get_ydata()):
        f = T.fit(T.bias_variance_task(int(m), 0.1, seed=0, hidden_units=4, depth=2), seed=0,
                  num_iterations=bv.NUM_ITERATIONS) if m == 25 else \
            explorer._cache.get(explorer.key({**explorer.state(), "m_train": int(m)})).fit
        assert (tr, dv) == pytest.approx((f.train_error, f.dev_error))
    assert list(here.get_xdata()) == [100, 100]
    f = shown_fit(explorer)
    assert list(here.get_ydata()) == pytest.approx([f.train_error, f.dev_error])
    assert bayes.get_ydata()[0] == pytest.approx(bv.bayes_error(0.1))
    train_h, _, here_h, _ = explorer.curves[explorer.ax_h]
    assert list(train_h.get_xdata()) == [1, 2, 3, 4, 6, 8, 16, 32]
    assert list(here_h.get_xdata()) == [4, 4]
    assert explorer.ax_m.get_title() == "error against m (4 units × 2)"
    assert "curves still training" not in explorer.status_text


def test_the_curves_fill_in_as_the_prefetch_trains_them_without_another_change(explorer):
    explorer.clear_cache()
    explorer.set(hidden_units=3, depth=1, m_train=100, label_noise=0.1)
    published = explorer.render_count
    explorer.wait_idle(timeout=240)           # no other change: each prefetched fit is drawn as it comes
    train, _, _, _ = explorer.curves[explorer.ax_m]
    train_h, _, _, _ = explorer.curves[explorer.ax_h]
    assert list(train.get_xdata()) == [25, 50, 100, 200, 400]
    assert list(train_h.get_xdata()) == [1, 2, 3, 4, 6, 8, 16, 32]
    assert "not trained yet" not in explorer.ax_m.get_title() + explorer.ax_h.get_title()
    assert "curves still training" not in explorer.status_text
    assert explorer.render_count > published


def test_points_not_trained_yet_are_left_out_and_named(explorer):
    explorer.prefetch = False
    try:
        explorer.clear_cache()
        explorer.set(hidden_units=2, depth=1, m_train=50, label_noise=0.05)
        train, _, _, _ = explorer.curves[explorer.ax_m]
        assert list(train.get_xdata()) == [50]
        assert explorer.ax_m.get_title().endswith(": 4 not trained yet")
        assert explorer.ax_h.get_title().endswith(": 7 not trained yet")
        assert explorer.status_text.endswith("curves still training: m = 25, 100, 200, 400; width 1, 3, 4, 6, 8, "
                                             "16, 32")
    finally:
        explorer.prefetch = True
