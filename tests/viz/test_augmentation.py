"""The augmentation explorer of notebook 05: retrains with more copies, shows the new points and the sweep."""

import numpy as np
import pytest

from course2.experiments import augmentation as A
from course2.experiments import tasks as T
from course2.viz import augmentation as VA
from course2.viz import explorers


def test_registered_for_the_benchmark():
    assert explorers()["augmentation"].explorer is VA.AugmentationExplorer


@pytest.fixture(scope="module")
def aug():
    task = T.augmentation_task(rng=0)
    sweep = A.augmentation_sweep(task, (0, 8), seeds=(0,))
    e = VA.AugmentationExplorer(task, sweep, seed=0)
    yield e
    e.close()


def test_augmentation_copies_retrain_and_show_the_new_points(aug):
    aug.set(copies=2)
    fit = A.augmented_fit(aug.task, 2, seed=0)
    assert aug.boundary.points["augmented"].get_offsets().shape == (40, 2)
    assert aug.status_text == (f"copies = 2 · 60 training points · train error {1 - fit.train_accuracy:.1%} "
                               f"(original points) · dev error {1 - fit.dev_accuracy:.1%}")
    x, y = aug.e_dot.get_data()
    assert list(x) == [2] and y[0] == pytest.approx(100 * (1 - fit.dev_accuracy))
    np.testing.assert_allclose(aug.boundary.image.get_array(), aug.boundary.probabilities(fit.net),
                               rtol=1e-5, atol=1e-6)   # the picture's forward pass is float32


def test_augmentation_curve_is_the_sweep(aug):
    mean_line = [line for line in aug.ax_e.get_lines() if line.get_linestyle() == "-"][0]
    np.testing.assert_allclose(mean_line.get_ydata(), 100 * aug.sweep.dev_error)
    aug.set(copies=0)
    assert aug.boundary.points["augmented"].get_offsets().shape[0] == 0


def test_augmentation_figure(aug):
    fig = VA.augmentation_figure(aug.task, aug.sweep, copies=(0, 2), seed=0)
    assert [ax.get_title().splitlines()[0] for ax in fig.axes] == ["0 copies (20 points)", "2 copies (60 points)"]


# -- divergence -------------------------------------------------------------------------------------
def test_a_diverged_run_is_reported_with_its_iteration(divergence):
    """The result had no diverged_at: the explorer never said the run diverged."""
    task = T.augmentation_task(rng=0)
    sweep = A.augmentation_sweep(task, (0, 2), seeds=(0,), alpha=divergence.alpha, num_iterations=10)
    ex = VA.AugmentationExplorer(task, sweep, seed=0, alpha=divergence.alpha, num_iterations=10)
    try:
        ex.set(copies=2)
        f = A.augmented_fit(task, 2, seed=0, alpha=divergence.alpha, num_iterations=10)
        divergence.assert_explorer(ex, f.diverged_at)
        assert not ex.e_dot.get_visible() and not ex.boundary.image.get_visible()
        assert ex.boundary.points["augmented"].get_offsets().shape == (40, 2)    # the data is still shown
    finally:
        ex.close()
