"""Fresh dropout masks against the reseeded-generator bug (notebook 04), on the notebook's data."""

import numpy as np
import pytest

from course2 import dropout_masks as M
from course2 import experiments as E
from course2 import sweeps as S


@pytest.fixture(scope="module")
def task():
    return E.overfitting_task()


def test_fresh_masks_differ_every_iteration_and_keep_units_at_keep_prob():
    masks = M.dropout_masks((20, 50), 0.8, 200, rng=1)
    summary = M.mask_summary(masks)
    assert summary.identical_to_previous == 0.0 and summary.distinct_masks == 200
    assert abs(summary.keep_frequency.mean() - 0.8) < 0.01
    assert np.all((summary.keep_frequency > 0.55) & (summary.keep_frequency < 0.97))


def test_reseeded_generator_reuses_one_mask():
    masks = M.dropout_masks((20, 50), 0.8, 200, rng=1, reseed_every_iteration=True)
    summary = M.mask_summary(masks)
    assert summary.identical_to_previous == 1.0 and summary.distinct_masks == 1
    assert set(np.unique(summary.keep_frequency)) == {0.0, 1.0}   # a dropped unit is dropped forever


def test_fresh_mask_loop_is_the_training_loop_with_dropout(task):
    ours = M.reused_mask_fit(task, keep_prob=0.8, reseed_every_iteration=False, num_iterations=200)
    loop = E.fit(task, keep_prob=0.8, num_iterations=200)
    np.testing.assert_array_equal(ours.net.get_params(), loop.net.get_params())


def test_reused_mask_gives_a_smooth_cost_curve(task):
    """The bug's symptom: one fixed thinned network, so the cost falls smoothly again."""
    bug = M.reused_mask_fit(task, keep_prob=0.8, reseed_every_iteration=True)
    fresh = M.reused_mask_fit(task, keep_prob=0.8, reseed_every_iteration=False)
    assert S.cost_rise_fraction(bug.history.cost) <= 0.05
    assert S.cost_rise_fraction(fresh.history.cost) >= 0.3


def test_mask_bug_report(task):
    lines = M.mask_bug_report(task, num_iterations=50).splitlines()
    fresh, bug = lines[2].split(), lines[3].split()
    assert fresh[4:6] == ["0%", "50"]
    assert bug[4:7] == ["100%", "1", "0%..100%"]
    assert bug[-1] == "0%" and int(fresh[-1].rstrip("%")) >= 30


def test_bad_input():
    with pytest.raises(TypeError, match="int seed"):
        M.dropout_masks((2, 3), 0.5, 4, rng=np.random.default_rng(0), reseed_every_iteration=True)
    with pytest.raises(ValueError, match="keep_prob"):
        M.dropout_masks((2, 3), 0.0, 4, rng=0)
    with pytest.raises(ValueError, match="num_iterations"):
        M.dropout_masks((2, 3), 0.5, 0, rng=0)
    with pytest.raises(ValueError, match="shape"):
        M.dropout_masks((2, 0), 0.5, 3, rng=0)
    with pytest.raises(ValueError, match="masks"):
        M.mask_summary(np.ones((1, 3, 3)))
    with pytest.raises(ValueError, match="keep_prob"):
        M.reused_mask_fit(E.overfitting_task(), keep_prob=1.5)
