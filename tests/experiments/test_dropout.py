"""Claims of notebook 04 on its own data: the keep_prob sweep and the reseeded-generator bug."""

import numpy as np
import pytest

from course2.experiments import dropout as D
from course2.experiments import tasks as T


def test_fresh_mask_loop_is_the_training_loop_with_dropout(task):
    ours = D.reused_mask_fit(task, keep_prob=0.8, reseed_every_iteration=False, num_iterations=200,
                              seed=0)
    loop = T.fit(task, keep_prob=0.8, num_iterations=200, seed=0)
    np.testing.assert_array_equal(ours.net.get_params(), loop.net.get_params())


def test_reused_mask_gives_a_smooth_cost_curve(task):
    """The bug's symptom: one fixed thinned network, so the cost falls smoothly again."""
    bug = D.reused_mask_fit(task, keep_prob=0.8, reseed_every_iteration=True, seed=0)
    fresh = D.reused_mask_fit(task, keep_prob=0.8, reseed_every_iteration=False, seed=0)
    assert D.cost_rise_fraction(bug.history.cost) <= 0.05
    assert D.cost_rise_fraction(fresh.history.cost) >= 0.3


def test_mask_bug_report(task):
    lines = D.mask_bug_report(task, num_iterations=50, mask_seed=1, seed=0).splitlines()
    fresh, bug = lines[2].split(), lines[3].split()
    assert fresh[4:6] == ["0%", "50"]
    assert bug[4:7] == ["100%", "1", "0%..100%"]
    assert bug[-1] == "0%" and int(fresh[-1].rstrip("%")) >= 30


def test_bad_input():
    with pytest.raises(ValueError, match="keep_prob"):
        D.keep_prob_sweep(T.overfitting_task(rng=1), [1.5], seed=0)
    with pytest.raises(ValueError, match="keep_prob values must not be empty"):
        D.keep_prob_sweep(T.overfitting_task(rng=1), [], seed=0)
    with pytest.raises(ValueError, match="costs"):
        D.cost_rise_fraction([1.0])
    with pytest.raises(ValueError, match="masks"):
        D.mask_summary(np.ones((1, 3, 3)))
    with pytest.raises(ValueError, match="keep_prob"):
        D.reused_mask_fit(T.overfitting_task(rng=1), keep_prob=1.5, seed=0)


@pytest.fixture(scope="module")
def keep_sweep(task):
    return D.keep_prob_sweep(task, (1.0, 0.8), seed=0)


def test_dropout_narrows_the_train_dev_gap(keep_sweep):
    gap_none, gap_drop = keep_sweep.gap
    assert gap_none >= 0.2 and gap_drop <= gap_none / 3
    assert keep_sweep.dev_accuracy[1] >= keep_sweep.dev_accuracy[0] + 0.05


def test_with_dropout_the_cost_curve_is_no_longer_monotone(keep_sweep):
    without, with_dropout = keep_sweep.cost_rise_fraction
    assert without <= 0.05 and with_dropout >= 0.3


def test_cost_rise_fraction_by_hand():
    assert D.cost_rise_fraction([3.0, 2.0, 2.5, 1.0, 1.0]) == 0.25


def test_format_keep_prob_sweep(keep_sweep):
    text = D.format_keep_prob_sweep(keep_sweep)
    s = keep_sweep
    assert text.splitlines()[2].split()[:4] == ["0.80", f"{100 * s.train_accuracy[1]:.1f}%",
                                                f"{100 * s.dev_accuracy[1]:.1f}%", f"{100 * s.gap[1]:+.1f}"]


# -- divergence -------------------------------------------------------------------------------------
def test_reused_mask_fit_stops_at_divergence_like_fit(task):
    """alpha = 1e308 used to report 'completed' with 49 of 50 costs NaN."""
    f = D.reused_mask_fit(task, alpha=1e308, num_iterations=50, seed=0)
    h = f.history
    assert h.status == "diverged" and f.diverged_at == h.diverged_at == len(h.cost) < 50
    assert "diverged at iteration" in h.message and np.all(np.isfinite(h.cost[:-1]))
    ok = D.reused_mask_fit(task, num_iterations=5, seed=0)
    assert ok.diverged_at is None and ok.history.status == "completed" and len(ok.history.cost) == 5


def test_keep_prob_sweep_marks_diverged_rows(task, divergence):
    s = D.keep_prob_sweep(task, [1.0, 0.5], seed=0, alpha=divergence.alpha, num_iterations=10)
    assert all(at is not None for at in s.diverged_at) and np.all(np.isnan(s.cost_rise_fraction))
    text = D.format_keep_prob_sweep(s)
    for k, at in zip(("1.00", "0.50"), s.diverged_at):
        assert f"{k} {divergence.words(at)}" in text
    report = D.mask_bug_report(task, mask_seed=0, seed=0, alpha=1e308, num_iterations=10)
    assert report.count("diverged at iteration") == 2
