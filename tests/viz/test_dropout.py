"""The dropout explorer and the mask inspector of notebook 04, driven without a kernel."""

import numpy as np
import pytest

from course2.dropout import dropout_masks
from course2.experiments import dropout as drop
from course2.experiments import tasks as T
from course2.viz import dropout as D
from course2.viz import explorers


@pytest.fixture(scope="module")
def ex(task):
    e = D.DropoutExplorer(task, seed=0)
    yield e
    e.close()


@pytest.fixture
def masks():
    m = D.MaskInspector(seed=1)
    yield m
    m.close()


def test_registered_for_the_benchmark():
    names = explorers()
    assert names["dropout"].explorer is D.DropoutExplorer and names["dropout_masks"].explorer is D.MaskInspector


def test_keep_prob_retrains_and_the_cost_curve_turns_jagged(ex):
    ex.set(keep_prob=0.8)
    fit = T.fit(ex.task, keep_prob=0.8, seed=0)
    np.testing.assert_array_equal(ex.cost_line.get_ydata(), fit.history.cost)
    rises = drop.cost_rise_fraction(fit.history.cost)
    assert rises > 0.3
    assert ex.ax_c.get_title() == f"cost per iteration:\nJ rose on {rises:.0%} of the iterations"
    assert [b.get_height() for b in ex.acc_bars] == [fit.train_accuracy, fit.dev_accuracy]
    assert ex.status_text.startswith(f"keep_prob = 0.80 · train {fit.train_accuracy:.1%} · dev {fit.dev_accuracy:.1%}")
    np.testing.assert_allclose(ex.boundary.image.get_array(), ex.boundary.probabilities(fit.net),
                               rtol=1e-5, atol=1e-6)   # the picture's forward pass is float32


def test_without_dropout_the_curve_is_the_grey_reference(ex):
    ex.set(keep_prob=1.0)
    reference = ex.ax_c.get_lines()[0]
    np.testing.assert_array_equal(ex.cost_line.get_ydata(), reference.get_ydata())
    assert "J rose on 0% of" in ex.ax_c.get_title()
    gap = ex.acc_bars[0].get_height() - ex.acc_bars[1].get_height()
    assert gap > 0.2 and f"gap {100 * gap:+.1f} points" in ex.status_text


def test_mask_inspector_first_iteration_is_the_same_draw(masks):
    np.testing.assert_array_equal(masks.im_fresh.get_array(), masks.im_bug.get_array())
    assert "same draw" in masks.status_text


def test_mask_inspector_fresh_masks_change_and_the_bug_repeats(masks):
    first_bug = np.array(masks.im_bug.get_array())
    first_fresh = np.array(masks.im_fresh.get_array())
    masks.set(iteration=7)
    np.testing.assert_array_equal(masks.im_bug.get_array(), first_bug)
    assert not np.array_equal(masks.im_fresh.get_array(), first_fresh)
    assert masks.status_text == ("iteration = 7 · keep_prob = 0.8 · fresh mask changed, reseeded mask is the same "
                                 "as at iteration 1")
    assert masks.ax_bug.get_title() == "reseeded generator\niteration 7 (same as before)"
    fresh = dropout_masks(masks.shape, 0.8, masks.num_iterations, rng=masks.seed)
    np.testing.assert_allclose(masks.freq_fresh.get_ydata(), fresh[:7, :, 0].mean(axis=0))
    assert set(np.unique(masks.freq_bug.get_ydata())) <= {0.0, 1.0}


def test_mask_inspector_keep_prob_line(masks):
    masks.set(keep_prob=0.5, iteration=30)
    assert list(masks.keep_line.get_ydata()) == [0.5, 0.5]
    assert abs(masks.im_fresh.get_array().mean() - 0.5) < 0.1
    assert masks.ax_f.get_title() == "kept in iterations 1..30\n(keep_prob = 0.5)"


def test_static_figures():
    task = T.overfitting_task(rng=1)
    sweep = drop.keep_prob_sweep(task, (1.0, 0.5), num_iterations=40, seed=0)
    fig = D.small_multiples(task, sweep, keep_probs=(1.0, 0.5))
    assert [ax.get_title().splitlines()[0] for ax in fig.axes] == ["keep_prob = 1", "keep_prob = 0.5"]
    fig2 = D.cost_curves_figure(sweep, keep_probs=(1.0, 0.5))
    np.testing.assert_array_equal(fig2.axes[0].get_lines()[1].get_ydata(), sweep.fits[1].history.cost)
    with pytest.raises(ValueError, match="keep_prob must be one of the swept values"):
        D.small_multiples(task, sweep, keep_probs=(0.7,))


# -- divergence -------------------------------------------------------------------------------------
def test_a_diverged_run_is_said_not_a_value_error(task, divergence):
    """It used to show 'error: ValueError: costs must contain only finite values'."""
    ex = D.DropoutExplorer(task, seed=0, alpha=divergence.alpha, num_iterations=10, every=5)
    try:
        ex.set(keep_prob=0.8)
        divergence.assert_explorer(ex)
        assert np.all(np.isfinite(ex.cost_line.get_ydata())) and not ex.boundary.image.get_visible()
        assert not any(b.get_visible() for b in ex.acc_bars)
    finally:
        ex.close()


def test_reseeded_toggle_trains_the_bug_and_shows_the_correct_run_beside_it(ex):
    ex.set(keep_prob=0.5, reseeded=False, non_inverted=False)
    ex.set(reseeded=True)
    bug = drop.reused_mask_fit(ex.task, keep_prob=0.5, seed=0)
    good = T.fit(ex.task, keep_prob=0.5, seed=0)
    np.testing.assert_allclose(ex.cost_line.get_ydata(), bug.history.cost)
    np.testing.assert_allclose(ex.correct_line.get_ydata(), good.history.cost)
    np.testing.assert_allclose(ex.correct_acc.get_ydata(), [good.train_accuracy, good.dev_accuracy])
    assert [b.get_height() for b in ex.acc_bars] == pytest.approx([bug.train_accuracy, bug.dev_accuracy])
    assert ex.ax_c.get_title().startswith("cost per iteration:\nJ rose on 0% of the iterations, last J")
    assert ex.cost_text.get_text() == f"J, no dropout: {bug.train_data_cost:.3f}\ncorrect: {good.train_data_cost:.3f}"
    assert bug.train_data_cost > 2 * good.train_data_cost       # the fixed thinned network is no model of the whole
    assert ex.status_text.startswith("keep_prob = 0.50 · bug: reseeded generator · train")


def test_forgot_1_over_keep_prob_toggle_spoils_the_test_time_cost(ex):
    ex.set(keep_prob=0.5, reseeded=False, non_inverted=True)
    bug = drop.non_inverted_fit(ex.task, keep_prob=0.5, seed=0)
    good = T.fit(ex.task, keep_prob=0.5, seed=0)
    np.testing.assert_allclose(ex.cost_line.get_ydata(), bug.history.cost)
    np.testing.assert_allclose(ex.boundary.image.get_array(), ex.boundary.probabilities(bug.net),
                               rtol=1e-5, atol=1e-6)   # the picture's forward pass is float32
    assert ex.cost_text.get_text() == f"J, no dropout: {bug.train_data_cost:.3f}\ncorrect: {good.train_data_cost:.3f}"
    assert ex.status_text.startswith("keep_prob = 0.50 · bug: no 1/keep_prob · train")
    ex.set(non_inverted=False)
    assert len(ex.correct_line.get_xdata()) == 0 and ex.ax_a.get_title() == "train vs dev\naccuracy"
