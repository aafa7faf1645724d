"""The shared layer of the experiments: seeded tasks, fit and fit_progressively (one run), Sweep.at."""

import numpy as np
import pytest

from course2.experiments import regularization as R
from course2.experiments import tasks as T


def test_task_is_seeded_and_in_course_notation(task):
    again = T.overfitting_task(rng=1)
    np.testing.assert_array_equal(task.X_train, again.X_train)
    np.testing.assert_array_equal(task.Y_dev, again.Y_dev)
    assert task.X_train.shape == (2, 200) and task.Y_train.shape == (1, 200)
    assert task.X_dev.shape == (2, 400) and task.Y_dev.shape == (1, 400)
    assert not np.array_equal(T.overfitting_task(rng=2).X_train, task.X_train)


def test_fit_is_deterministic_and_measures_without_dropout(task):
    a = T.fit(task, keep_prob=0.8, num_iterations=50, seed=0)
    b = T.fit(task, keep_prob=0.8, num_iterations=50, seed=0)
    np.testing.assert_array_equal(a.net.get_params(), b.net.get_params())
    assert a.train_accuracy == np.mean(a.net.predict(task.X_train) == task.Y_train)
    assert a.dev_accuracy == np.mean(a.net.predict(task.X_dev) == task.Y_dev)
    assert a.total_weight_norm == pytest.approx(np.sqrt(sum(n ** 2 for n in a.weight_norms)))


@pytest.mark.parametrize("kwargs, match", [
    ({"m_train": 1}, "m_train"), ({"m_dev": 0}, "m_dev"), ({"label_noise": 0.7}, "label_noise"),
    ({"noise": -1.0}, "noise"),
])
def test_overfitting_task_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        T.overfitting_task(**kwargs, rng=1)


def test_fit_needs_a_valid_seed(task):
    with pytest.raises(ValueError, match="seed"):
        T.fit(task, seed=-1)
    with pytest.raises(TypeError, match="seed"):
        T.fit(task)


def test_sweep_answers_at_value(task):
    sweep = R.lambda_sweep(task, [0.0, 0.3], seed=0, num_iterations=20)
    assert sweep.at(0.3) is sweep.fits[1] and sweep.at(0.1 + 0.2) is sweep.fits[1]   # float noise is fine
    with pytest.raises(ValueError, match=r"lambd must be one of the swept values \[0.0, 0.3\], got 0.5"):
        sweep.at(0.5)


def test_overfitting_task_needs_a_seed():
    with pytest.raises(TypeError, match="rng"):
        T.overfitting_task(rng=None)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"optimizer": "sgd"}, ValueError, "optimizer"), ({"num_iterations": 0}, ValueError, "num_iterations"),
    ({"lambd": -1.0}, ValueError, "lambd"), ({"keep_prob": 1.5}, ValueError, "keep_prob"),
    ({"penalty": "l3"}, ValueError, "penalty"),
    ({"alpha": 0.0}, ValueError, "alpha"),
])
def test_fit_bad_input(task, kwargs, error, match):
    with pytest.raises(error, match=match):
        T.fit(task, **kwargs, seed=0)


@pytest.mark.parametrize("kwargs", [{}, {"keep_prob": 0.7}, {"lambd": 0.3, "penalty": "l1"}])
def test_fit_progressively_is_the_same_run_as_fit(task, kwargs):
    steps = list(T.fit_progressively(task, every=70, num_iterations=300, **kwargs, seed=0))
    whole = T.fit(task, num_iterations=300, **kwargs, seed=0)
    assert [len(s.history.cost) for s in steps] == [70, 140, 210, 280, 300]
    np.testing.assert_array_equal(steps[-1].net.get_params(), whole.net.get_params())
    assert steps[-1].history.cost == whole.history.cost
    assert steps[-1].dev_accuracy == whole.dev_accuracy
    # partial results are copies: the first one is still the network after 70 iterations
    assert not np.array_equal(steps[0].net.get_params(), steps[-1].net.get_params())


def test_fit_progressively_stops_at_divergence(task):
    steps = list(T.fit_progressively(task, every=10, optimizer="gd", alpha=1e4, num_iterations=100, seed=0))
    assert steps[-1].diverged_at is not None and steps[-1].history.status == "diverged"
    assert len(steps) < 10 and steps[-1].diverged_at == len(steps[-1].history.cost)


def test_weight_shapes_are_n_l_by_n_l_minus_1(task):
    assert task.weight_shapes == [W.shape for W in task.network(0).W] == [(20, 2), (20, 20), (1, 20)]




def test_tasks_are_seeded_and_a_task_can_change_its_network():
    a, b = T.augmentation_task(rng=0), T.augmentation_task(rng=0)
    np.testing.assert_array_equal(a.X_train, b.X_train)
    wide = a.with_layers((2, 7, 1))
    assert wide.layer_sizes == (2, 7, 1) and wide.X_train is a.X_train
    with pytest.raises(ValueError, match="layer_sizes must start with n_x = 2"):
        a.with_layers((3, 7, 1))


def test_sweep_is_the_fits_in_order_with_aligned_arrays(task):
    sweep = T.sweep("keep_prob", [1.0, 0.5], lambda k: T.fit(task, keep_prob=k, num_iterations=10, seed=0))
    assert [f.keep_prob for f in sweep.fits] == [1.0, 0.5]
    np.testing.assert_array_equal(sweep.gap, sweep.train_accuracy - sweep.dev_accuracy)
    assert sweep.diverged_at == [None, None]


def test_dev_halfwidth_line():
    from course2.experiments.tasks import dev_halfwidth_line

    assert dev_halfwidth_line(400, 0.8) == ("dev set: 400 examples, so a dev accuracy near 80% is measured to ±3.9 "
                                            "points (95%); differences smaller than that are not told apart")
    assert "dev error near 13% is measured to ±2.1 points" in dev_halfwidth_line(1000, 0.13, kind="error")
    assert "±3.8 points" in dev_halfwidth_line(400, 0.185, kind="error")
    assert "±2.5 points" in dev_halfwidth_line(400, 0.07, kind="error")
    for kwargs, match in (({"n_dev": 0}, "n_dev"), ({"rate": 1.5}, "rate"), ({"kind": "loss"}, "kind")):
        with pytest.raises(ValueError, match=match):
            dev_halfwidth_line(**({"n_dev": 400, "rate": 0.8} | kwargs))
