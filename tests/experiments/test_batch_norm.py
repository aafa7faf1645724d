"""Every claim of notebook 17, asserted on the numbers the notebook prints."""

import numpy as np
import pytest

from course2.experiments import batch_norm as E
from course2.network import Network


@pytest.fixture(scope="module")
def task():
    return E.circles(rng=1)


@pytest.fixture(scope="module")
def trained(task):
    return E.trained_bn_network(task, seed=0)


def test_batch_norm_trains_at_every_weight_scale_without_it_tiny_scales_do_not(task):
    """Claim: with batch norm the final accuracy does not depend on the weight scale over 4 orders of magnitude."""
    for s in (1e-4, 1.0):
        r = E.scale_run(task, s, batch_norm=True, seed=0)
        assert r.dev_accuracy >= 0.95, (s, r.dev_accuracy)
    r = E.scale_run(task, 1e-4, batch_norm=False, seed=0)
    assert r.dev_accuracy <= 0.6                 # chance: the signal vanishes through 8 layers
    assert r.init_stds[-1] < 1e-20


def test_without_batch_norm_adam_trains_the_moderate_scales_only_tiny_ones_stay_flat(task):
    """Claims of the weight-scale explorer's text: without batch norm std A[8] at initialization shrinks 1e8 times
    per tenfold smaller scale; it has exploded at scale 1 and vanished at 0.1, yet Adam reaches 90 % dev at both;
    at 0.01 (std below 1e-14) the run stays at chance."""
    runs = {s: E.scale_run(task, s, batch_norm=False, seed=0) for s in (1e-2, 1e-1, 1.0)}
    assert runs[1.0].init_stds[-1] > 10 and runs[1e-1].init_stds[-1] < 1e-5
    assert runs[1.0].init_stds[-1] / runs[1e-1].init_stds[-1] == pytest.approx(1e8, rel=1e-6)
    assert runs[1.0].dev_accuracy >= 0.9 and runs[1e-1].dev_accuracy >= 0.9
    assert runs[1e-2].init_stds[-1] < 1e-14 and runs[1e-2].dev_accuracy <= 0.6


def test_epsilon_keeps_tiny_units_tiny_at_initialization(task):
    """Claim: at scale 1e-4, sigma^2 << epsilon, so Z_norm is far below 1 (epsilon inside the root)."""
    r = E.scale_run(task, 1e-4, batch_norm=True, seed=0, num_iterations=1)
    assert r.init_stds[-1] < 1e-6
    r = E.scale_run(task, 1e-1, batch_norm=True, seed=0, num_iterations=1)
    assert 0.3 < r.init_stds[-1] < 0.8


ALPHAS, SEEDS = [0.03, 0.1, 0.3, 1.0, 3.0], range(5)


@pytest.fixture(scope="module")
def alpha_runs(task):
    return E.alpha_table(task, ALPHAS, seeds=SEEDS)


def test_with_batch_norm_a_larger_alpha_trains(task, alpha_runs):
    """Claims: without batch norm alpha = 0.1 reaches 90 % dev on all 5 seeds, 0.3 on at most 2, 1 and 3 on none
    (3 diverges on most); with batch norm every alpha up to 3 reaches it on all 5."""
    count = {(a, bn): E.reached_counts(alpha_runs, a, bn) for a in ALPHAS for bn in (False, True)}
    assert count[(0.1, False)][0] == 5
    assert count[(0.3, False)][0] <= 2
    assert count[(1.0, False)][0] == 0 and count[(3.0, False)][0] == 0
    assert count[(3.0, False)][1] >= 3                      # "diverged" on most seeds
    assert all(count[(a, True)] == (5, 0, 5) for a in ALPHAS)
    assert E.largest_stable_alpha(alpha_runs, batch_norm=False) == 0.1
    assert E.largest_stable_alpha(alpha_runs, batch_norm=True) == 3.0
    text = E.format_alpha_table(task, alpha_runs)
    assert "2 of 5" in text.splitlines()[3] and "0 of 5 (4 diverged)" in text, text
    assert "alpha = 3 without batch norm: 4 of 5 runs diverged at iteration" in text, text


def test_full_batch_gradient_descent_is_not_chaotic(task, monkeypatch):
    """Claim (why the counts are portable): on the whole training set a 1-ulp change of the initial weights moves
    no run's dev accuracy by more than one example, even at the edge of stability (no batch norm, alpha 0.3 and 1)."""
    runs = E.alpha_table(task, [0.3, 1.0], seeds=SEEDS)
    make = E.deep_network

    def nudged(*args, **kwargs):
        net = make(*args, **kwargs)
        for W in net.W:
            W *= 1.0 + 2.0 ** -52
        return net

    monkeypatch.setattr(E, "deep_network", nudged)
    twins = E.alpha_table(task, [0.3, 1.0], seeds=SEEDS)
    for r, t in zip(runs, twins):
        if r.diverged_at is None:
            assert abs(r.dev_accuracy - t.dev_accuracy) <= 1.5 / task.Y_dev.shape[1], (r.alpha, r.batch_norm)


@pytest.fixture(scope="module")
def size_rows(task):
    return E.batch_size_table(task, [2, 8, 16, 64], seeds=SEEDS)


def test_small_batches_make_batch_statistics_noisy_and_hurt(task, size_rows):
    """Claims: mu's noise goes as about 1/sqrt(batch size); with batches of 2 no seed reaches 90 % dev, whether
    evaluated with the running averages or with the dev set's own statistics (the training itself suffers);
    with 8, 16 and 64 every seed does, in both modes; batch 2 takes 1,500 steps, batch 64 takes 50."""
    by = {r.batch_size: r for r in size_rows}
    assert by[2].noise > 2.5 * by[16].noise                 # about sqrt(16 / 2) = 2.8 times noisier
    for r in size_rows:
        assert 0.6 < r.noise * r.batch_size ** 0.5 < 1.2, (r.batch_size, r.noise)
    # margins checked under other BLAS kernels and 1-ulp changes: batch 2 never above 80 %, 8+ never below 93 %
    assert max(by[2].dev_running) < 0.9 and max(by[2].dev_batch_stats) < 0.9
    for b in (8, 16, 64):
        assert min(by[b].dev_running) >= 0.9 and min(by[b].dev_batch_stats) >= 0.9, b
    assert by[2].steps == 1500 and by[64].steps == 50
    text = E.format_batch_size_table(task, size_rows)
    assert text.count("0 of 5") == 2 and text.count("5 of 5") == 6 and "1,500" in text, text


def test_batches_of_four_are_chaotic(task):
    """Claim: with batches of 4 a 1-ulp change of the initial weights moves some seed's dev accuracy by 10+ points."""
    changes = E.ulp_sensitivity(task, 4, seeds=SEEDS)
    assert np.nanmax(changes.changes) >= 0.10 and changes.diverged_at == (None,) * len(SEEDS), changes
    assert "yes (chaotic)" in E.format_ulp_sensitivity(4, changes)
    assert "no" in E.format_ulp_sensitivity(4, np.zeros(5)).split(": ")[-1]


def test_a_batch_of_one_normalizes_every_unit_to_zero(trained, task):
    assert E.batch_of_one(trained, task.X_train) == 0.0
    assert "= 0:" in E.format_batch_of_one(trained, task.X_train)


def test_evaluating_with_batch_statistics_changes_predictions(task, trained):
    acc2, changed2 = E.eval_with_batch_statistics(trained, task.X_dev, task.Y_dev, 2, rng=0)
    acc300, changed300 = E.eval_with_batch_statistics(trained, task.X_dev, task.Y_dev, 300, rng=0)
    right = (trained.predict(task.X_dev) == task.Y_dev).mean()
    assert right >= 0.95 and changed2 >= 0.3 and acc2 <= 0.6
    assert changed300 <= 0.01


def test_few_steps_of_running_averages_leave_a_train_eval_gap(task, trained):
    """Claim: 5 steps of batches of 256 leave evaluation and training outputs apart (over 20 % of predictions
    changed); 200 steps close the gap (under 1 %)."""
    few = E.running_vs_batch(trained, task.X_train, batch_size=256, steps=5, running_beta=0.9, rng=0)
    many = E.running_vs_batch(trained, task.X_train, batch_size=256, steps=200, running_beta=0.9, rng=0)
    assert few["changed"] > 0.2 and many["changed"] < 0.01
    text = E.format_running_vs_batch(trained, task.X_train, [(256, 5), (256, 200)], running_beta=0.9, rng=0)
    assert "0%" in text.splitlines()[2] and "beta = 0.9" in text
    assert abs(many["running_mu"][-1] - many["whole_mu"]) < 0.05 * abs(many["whole_mu"]) + 1e-3
    with pytest.raises(ValueError, match="batch_size must be at least 2"):
        E.running_vs_batch(trained, task.X_train, batch_size=1, steps=5, running_beta=0.9, rng=0)


def test_hidden_activation_stds_match_the_network_forward(task):
    net = E.deep_network(0.35, batch_norm=True, seed=0)
    net.forward(task.X_train, update_running=False)
    stds = E.hidden_activation_stds(net, task.X_train)
    assert stds.shape == (E.DEPTH,)
    assert isinstance(net, Network)


def test_tables_print(task, trained):
    runs = [E.scale_run(task, s, batch_norm=bn, seed=0, num_iterations=20) for s in (1e-4, 1.0) for bn in (False, True)]
    text = E.format_scale_table(task, runs)
    assert "0.0001" in text and "± 3 points" in text and "std A[1], A[8]" in text.splitlines()[0]
    assert "running averages (correct)" in E.format_eval_table(trained, task, [2], seed=0)
