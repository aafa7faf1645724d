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


# -- notebook 04's claims: weights, flipped labels, the full sweep -----------------------------------
def test_flipped_training_labels_recovers_the_flips(task):
    flipped = D.flipped_training_labels(task, rng=1)
    assert flipped.shape == (task.m_train,) and flipped.sum() == 22          # of 60 flips among 600 labels
    other = T.overfitting_task(rng=2)
    with pytest.raises(ValueError, match="not overfitting_task"):
        D.flipped_training_labels(other, rng=1)


@pytest.fixture(scope="module")
def effects(task):
    return D.regularizer_effects(task, seed=0, rng=1)


def test_claim_dropout_gives_up_the_flipped_labels_as_l2_does(effects):
    assert [(r.flipped_fitted, r.flipped) for r in effects] == [(19, 22), (4, 22), (5, 22), (4, 22)]
    assert [r.clean_fitted for r in effects] == [174, 160, 161, 154]


def test_claim_dropout_shrinks_the_weights_far_less_than_l2(effects):
    none, l2, drop8, drop5 = effects
    assert l2.total_norm < drop5.total_norm < drop8.total_norm < none.total_norm
    assert drop8.total_norm > 2.5 * l2.total_norm
    assert drop8.layer_norms[2] < l2.layer_norms[2]                     # the output layer: below L2's
    assert drop8.layer_norms[1] > 4 * l2.layer_norms[1]                 # the 20 x 20 layer: far above
    assert [f"{x:.3g}" for x in (none.total_norm, drop8.total_norm, drop5.total_norm, l2.total_norm)] == \
        ["36.8", "13.8", "9.52", "4.61"]


def test_format_regularizer_effects(effects):
    lines = D.format_regularizer_effects(effects).splitlines()
    assert len(lines) == 5 and lines[3].startswith("dropout, keep_prob = 0.8")
    assert lines[3].split()[-6:] == ["5", "of", "22", "161", "of", "178"]


@pytest.fixture(scope="module")
def full_sweep(task):
    return D.keep_prob_sweep(task, (1.0, 0.9, 0.8, 0.7, 0.6, 0.5), seed=0)


def test_claim_below_point_nine_more_dropout_buys_no_measurable_dev_accuracy(full_sweep):
    from course2 import splits

    h = splits.error_confidence_halfwidth(0.8, 400)
    dev, train = full_sweep.dev_accuracy[1:], full_sweep.train_accuracy[1:]
    assert dev.max() - dev.min() < h
    assert (round(100 * dev.min(), 1), round(100 * dev.max(), 1)) == (79.2, 81.0)
    assert (round(100 * train[0], 1), round(100 * train[-1], 1)) == (83.5, 79.0)
    assert full_sweep.gap[4] < 0 and full_sweep.gap[5] < 0                  # keep_prob 0.6 and 0.5
    assert [round(100 * r) for r in full_sweep.cost_rise_fraction] == [0, 51, 50, 50, 50, 50]


def test_claim_the_bug_shows_in_the_cost_curve_not_in_the_accuracy(task):
    from course2 import splits

    bug = D.reused_mask_fit(task, keep_prob=0.8, reseed_every_iteration=True, seed=0)
    fresh = D.reused_mask_fit(task, keep_prob=0.8, reseed_every_iteration=False, seed=0)
    assert abs(bug.dev_accuracy - fresh.dev_accuracy) < splits.error_confidence_halfwidth(0.8, 400)
    assert (round(100 * bug.train_accuracy, 1), round(100 * bug.dev_accuracy, 1)) == (82.5, 77.2)
    assert D.cost_rise_fraction(bug.history.cost) == 0.0


def test_dropout_variants_without_bugs_are_fit_and_the_reseeded_one_is_reused_mask_fit():
    task = T.overfitting_task(rng=1)
    runs = list(D.dropout_variant_progressively(task, keep_prob=0.8, seed=0, num_iterations=300, every=100))
    assert [len(r.history.cost) for r in runs] == [100, 200, 300]
    plain = T.fit(task, keep_prob=0.8, seed=0, num_iterations=300)
    np.testing.assert_array_equal(runs[-1].history.cost, plain.history.cost)
    assert runs[-1].dev_accuracy == plain.dev_accuracy
    *_, reseeded = D.dropout_variant_progressively(task, keep_prob=0.8, seed=0, reseed_every_iteration=True,
                                                      num_iterations=300)
    np.testing.assert_array_equal(reseeded.history.cost,
                                  D.reused_mask_fit(task, keep_prob=0.8, seed=0, num_iterations=300).history.cost)


def test_non_inverted_fit_keeps_units_at_1_not_1_over_keep_prob():
    from course2.dropout import dropout_mask
    task = T.overfitting_task(rng=1)
    f = D.non_inverted_fit(task, keep_prob=0.5, seed=0, num_iterations=3)
    net = task.network(0)                          # iteration 1 by hand: 0/1 masks, no scaling
    gen = np.random.default_rng(0)
    masks = [(dropout_mask((n, task.m_train), 0.5, gen) > 0).astype(float) for n in net.layer_sizes[1:-1]]
    net.forward(task.X_train, masks=masks)
    assert f.history.cost[0] == pytest.approx(net.cost(task.Y_train), rel=1e-12)
    inverted = D.dropout_variant_progressively(task, keep_prob=0.5, seed=0, num_iterations=3, every=3)
    assert f.history.cost[0] != pytest.approx(next(inverted).history.cost[0], rel=1e-3)
    # keep_prob = 1: no mask has anything to scale, the run is plain training
    np.testing.assert_array_equal(D.non_inverted_fit(task, keep_prob=1.0, seed=0, num_iterations=20).history.cost,
                                  T.fit(task, seed=0, num_iterations=20).history.cost)


def test_forgetting_1_over_keep_prob_raises_the_cost_without_dropout():
    task = T.overfitting_task(rng=1)
    bug = D.non_inverted_fit(task, keep_prob=0.5, seed=0)
    good = T.fit(task, keep_prob=0.5, seed=0)
    assert bug.train_data_cost > good.train_data_cost + 0.1      # 0.692 against 0.479
