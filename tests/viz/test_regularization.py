"""The lambda / L2-L1 explorer of notebook 03, driven without a kernel: artists and texts after each change."""

import numpy as np
import pytest

from course2.experiments import regularization as reg
from course2.experiments import tasks as T
from course2.viz import explorers
from course2.viz import regularization as R


@pytest.fixture(scope="module")
def ex(task):
    e = R.RegularizationExplorer(task, seed=0)
    yield e
    e.close()


def _bar_heights(ex):
    return np.array([b.get_height() + b.get_y() for b in ex.norm_bars])


def test_registered_for_the_benchmark():
    assert explorers()["regularization"].explorer is R.RegularizationExplorer


def test_slider_holds_zero_and_a_log_scale():
    assert R.LAMBDAS[0] == 0.0
    ratios = np.array(R.LAMBDAS[2:]) / np.array(R.LAMBDAS[1:-1])
    assert np.all((ratios > 2.9) & (ratios < 3.4))        # 0.001, 0.003, 0.01, ... : half-decades


def test_initial_picture_is_the_unregularized_fit(ex):
    fit = T.fit(ex.task, seed=0)
    assert ex.shown_state == {"lambd": 0.0, "penalty": "l2", "activation": "tanh"} and ex.shown_final
    assert ex.status_text.startswith(f"λ = 0 · L2 · tanh · train {fit.train_accuracy:.1%} · dev {fit.dev_accuracy:.1%}")
    np.testing.assert_allclose(ex.boundary.image.get_array(), ex.boundary.probabilities(fit.net),
                               rtol=1e-5, atol=1e-6)   # the picture's forward pass is float32
    np.testing.assert_allclose(_bar_heights(ex), fit.weight_norms)


def test_setting_lambda_retrains_and_every_panel_follows(ex):
    ex.set(lambd=1.0)
    fit = T.fit(ex.task, lambd=1.0, seed=0)
    assert ex.shown_state["lambd"] == 1.0
    assert ex.ax_b.get_title().startswith(
        f"λ = 1, L2, tanh:\ntrain {fit.train_accuracy:.1%} · dev {fit.dev_accuracy:.1%}")
    np.testing.assert_allclose(_bar_heights(ex), fit.weight_norms)
    assert ex.ax_n.get_title() == "‖W[l]‖_F: " + ", ".join(f"{v:.2g}" for v in fit.weight_norms)
    w_hist = ex.w_stairs.get_data().values
    assert w_hist.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(w_hist, R._histogram(fit.net.weights_vector(), R.W_BINS))
    linear = reg.linear_regime_fraction(fit.net, ex.task.X_train)
    assert ex.ax_z.get_title().endswith(f"{linear:.0%}")
    assert f"linear regime {linear:.0%}" in ex.status_text
    assert f"‖W‖_F = {fit.total_weight_norm:.3g}" in ex.status_text


def test_larger_lambda_shrinks_the_bars_and_fills_the_linear_band(ex):
    ex.set(lambd=0.01, penalty="l2")
    small_bars, small_z = _bar_heights(ex), ex.z_stairs.get_data().values
    ex.set(lambd=3.0)
    assert np.all(_bar_heights(ex) < small_bars)
    band = np.abs(0.5 * (R.Z_BINS[1:] + R.Z_BINS[:-1])) < reg.LINEAR_THRESHOLD
    assert ex.z_stairs.get_data().values[band].sum() > small_z[band].sum() + 0.5


def test_l1_switch_piles_weights_near_zero(ex):
    ex.set(lambd=1.0, penalty="l2")
    l2_title = ex.ax_w.get_title()
    ex.set(penalty="l1")
    fit = T.fit(ex.task, lambd=1.0, penalty="l1", seed=0)
    near = np.mean(np.abs(fit.net.weights_vector()) < reg.NEAR_ZERO)
    assert ex.ax_b.get_title().startswith("λ = 1, L1")
    assert ex.ax_w.get_title() == f"weights: {near:.0%}\nwith |w| < 0.01"
    assert near > 0.5 and l2_title != ex.ax_w.get_title()
    assert "· L1 · tanh ·" in ex.status_text


def test_static_figures():
    task = T.overfitting_task(rng=1)
    sweep = reg.lambda_sweep(task, [0.0, 1.0, 30.0], num_iterations=30, seed=0)
    fig = R.small_multiples(task, sweep, lambdas=(0.0, 30.0))
    titles = [ax.get_title() for ax in fig.axes]
    assert len(titles) == 2 and titles[0].startswith("λ = 0 (L2)") and titles[1].startswith("λ = 30 (L2)")
    assert f"dev {sweep.dev_accuracy[0]:.1%}" in titles[0]
    fig2 = R.lambda_sweep_figure(sweep)
    lines = fig2.axes[0].get_lines()
    np.testing.assert_allclose(lines[1].get_ydata(), 100 * sweep.dev_accuracy)
    with pytest.raises(ValueError, match="lambd must be one of the swept values"):
        R.small_multiples(task, sweep, lambdas=(0.1,))


# -- divergence -------------------------------------------------------------------------------------
def test_a_diverged_fit_clears_every_panel_and_titles_no_inf(task, divergence):
    """It used to draw an all-NaN boundary and title the norms 'inf, inf, inf'."""
    ex = R.RegularizationExplorer(task, seed=0, alpha=divergence.alpha, num_iterations=10, every=5)
    try:
        divergence.assert_explorer(ex)
        assert not ex.boundary.image.get_visible() and ex.boundary.contour is None
        assert not any(bar.get_visible() for bar in ex.norm_bars)
        assert not ex.w_stairs.get_visible() and not ex.z_stairs.get_visible()
        assert "diverged at iteration" in ex.ax_n.get_title() and "inf" not in ex.ax_n.get_title()
    finally:
        ex.close()


def test_lambda_sweep_figure_leaves_out_the_lambdas_that_diverged(task, divergence):
    s = reg.lambda_sweep(task, [0.0, 1e6], seed=0, optimizer="gd", alpha=3.0, num_iterations=10)
    fig = R.lambda_sweep_figure(s)
    divergence.assert_figure(fig, s.diverged_at[1])
    assert list(fig.axes[0].get_lines()[0].get_xdata()) == [0]


def test_accuracy_against_lambda_is_the_cached_fits_with_this_lambda_marked(ex):
    ex.set(lambd=1.0, penalty="l2", activation="tanh")
    ex.wait_idle(timeout=120)                 # prefetch trains every lambda of this penalty and activation
    ex.set(lambd=3.0)
    sweep = reg.lambda_sweep(ex.task, R.LAMBDAS, seed=0)
    assert list(ex.s_dev.get_xdata()) == list(range(len(R.LAMBDAS)))
    np.testing.assert_allclose(ex.s_train.get_ydata(), 100 * sweep.train_accuracy)
    np.testing.assert_allclose(ex.s_dev.get_ydata(), 100 * sweep.dev_accuracy)
    i = R.LAMBDAS.index(3.0)
    assert list(ex.s_here.get_xdata()) == [i, i]
    np.testing.assert_allclose(ex.s_here.get_ydata(), 100 * np.array([sweep.train_accuracy[i], sweep.dev_accuracy[i]]))
    assert ex.ax_s.get_title() == "accuracy against λ (L2, tanh)"
    assert "still training" not in ex.status_text


def test_the_curve_fills_in_as_the_prefetch_trains_it_without_another_change(ex):
    ex.clear_cache()
    ex.set(lambd=0.3, penalty="l1", activation="relu")
    published = ex.render_count
    ex.wait_idle(timeout=240)                 # no other change: the prefetched lambdas are drawn as they come
    assert list(ex.s_dev.get_xdata()) == list(range(len(R.LAMBDAS)))
    assert "not trained yet" not in ex.ax_s.get_title() and "still training" not in ex.status_text
    assert ex.render_count > published


def test_lambdas_not_trained_yet_are_left_out_and_counted(ex):
    ex.prefetch = False
    try:
        ex.clear_cache()
        ex.set(lambd=0.1, penalty="l1", activation="tanh")
        assert list(ex.s_dev.get_xdata()) == [R.LAMBDAS.index(0.1)]
        assert ex.ax_s.get_title() == "accuracy against λ (L1, tanh): 10 λ not trained yet"
        assert ex.status_text.endswith("curve: 10 λ still training")
    finally:
        ex.prefetch = True


def test_relu_switch_trains_relu_units_and_matches_the_try_this_answer(ex):
    """Notebook 03's Try-this 3: at lambda = 10 a ReLU network is not pushed into a linear band: 72% of its z
    are on the active side, 60% of its weights are below 0.01 (tanh: 0%), with the tanh network's accuracies."""
    ex.set(lambd=10.0, penalty="l2", activation="relu")
    task = T.overfitting_task(rng=1)
    relu = T.fit(ex.tasks["relu"], seed=0, lambd=10.0)
    tanh = T.fit(task, seed=0, lambd=10.0)
    assert ex.tasks["relu"].activation == "relu" and ex.tasks["relu"].layer_sizes == task.layer_sizes
    np.testing.assert_array_equal(ex.tasks["relu"].X_train, task.X_train)
    np.testing.assert_allclose(ex.boundary.image.get_array(), ex.boundary.probabilities(relu.net),
                               rtol=1e-5, atol=1e-6)   # the picture's forward pass is float32
    assert ex.ax_z.get_title() == "ReLU active z > 0: 72%"
    assert ex.ax_w.get_title() == "weights: 60%\nwith |w| < 0.01"
    assert ex.status_text.startswith("λ = 10 · L2 · ReLU · train 73.0% · dev 79.0%")
    assert (f"{relu.train_accuracy:.1%}", f"{relu.dev_accuracy:.1%}") == ("73.0%", "79.0%")
    assert (f"{tanh.train_accuracy:.1%}", f"{tanh.dev_accuracy:.1%}") == ("73.0%", "79.0%")
    assert ex.z_band.get_x() == 0.0 and ex.z_label.get_text() == "shaded: ReLU(z) = z"
    ex.set(activation="tanh")
    assert ex.ax_z.get_title() == "linear regime |z| < 0.5: 100%"
    assert ex.ax_w.get_title() == "weights: 0%\nwith |w| < 0.01"
    assert ex.z_band.get_x() == -0.5
