"""Claims of notebook 05 about data augmentation, on its own data."""

import numpy as np
import pytest

from course2.experiments import augmentation as A
from course2.experiments import tasks as T


@pytest.fixture(scope="module")
def augmented():
    return A.augmentation_sweep(T.augmentation_task(rng=0), (0, 2, 8), seeds=(0, 1, 2))


def test_more_augmentation_lowers_dev_error_on_a_small_noisy_set(augmented):
    err = augmented.dev_error
    assert np.all(np.diff(err) < 0), err
    assert err[-1] <= err[0] - 0.08
    # per seed, 8 copies beat none every time (not only on average)
    assert np.all(augmented.dev_error_per_seed[:, -1] < augmented.dev_error_per_seed[:, 0])


def test_augmented_fit_reports_accuracy_on_the_original_points():
    task = T.augmentation_task(rng=0)
    f = A.augmented_fit(task, 2, num_iterations=50, seed=0)
    assert f.train_accuracy == np.mean(f.net.predict(task.X_train) == task.Y_train)




def test_format_augmentation_sweep(augmented):
    lines = A.format_augmentation_sweep(augmented).splitlines()
    assert lines[0].split()[-1] == "2" and lines[-1].split()[1] == f"{100 * augmented.dev_error[-1]:.1f}%"


def test_bad_input():
    with pytest.raises(ValueError, match="copies"):
        A.augmentation_sweep(T.augmentation_task(rng=0), [-1], seeds=(0,))
    with pytest.raises(ValueError, match="m_train"):
        T.augmentation_task(m_train=1, rng=0)


# -- divergence -------------------------------------------------------------------------------------
def test_augmentation_sweep_and_fit_carry_the_divergence(divergence):
    task = T.augmentation_task(rng=0)
    f = A.augmented_fit(task, 2, seed=0, alpha=divergence.alpha, num_iterations=10)
    assert f.diverged_at is not None
    s = A.augmentation_sweep(task, [0, 2], seeds=(0, 1), alpha=divergence.alpha, num_iterations=10)
    assert all(at is not None for at in s.diverged_at) and np.all(np.isnan(s.dev_error_per_seed))
    lines = A.format_augmentation_sweep(s).splitlines()
    assert lines[2].strip().startswith(f"2 {divergence.words(s.diverged_at_per_seed[0][1])} (seed 0)")
    ok = A.augmentation_sweep(task, [0], seeds=(0,), num_iterations=5)
    assert ok.diverged_at == [None] and "diverged" not in A.format_augmentation_sweep(ok)
