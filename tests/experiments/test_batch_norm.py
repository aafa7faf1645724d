"""Every claim of notebook 17, asserted on the numbers the notebook prints."""

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


def test_epsilon_keeps_tiny_units_tiny_at_initialization(task):
    """Claim: at scale 1e-4, sigma^2 << epsilon, so Z_norm is far below 1 (epsilon inside the root)."""
    r = E.scale_run(task, 1e-4, batch_norm=True, seed=0, num_iterations=1)
    assert r.init_stds[-1] < 1e-6
    r = E.scale_run(task, 1e-1, batch_norm=True, seed=0, num_iterations=1)
    assert 0.3 < r.init_stds[-1] < 0.8


def test_with_batch_norm_a_larger_alpha_trains(task):
    runs = E.alpha_table(task, [0.1, 0.3, 3.0], seed=0)
    assert E.largest_stable_alpha(runs, batch_norm=False) == 0.1
    assert E.largest_stable_alpha(runs, batch_norm=True) == 3.0
    # printed as verdicts only: the exact accuracies move with the last bits of the initial weights
    text = E.format_alpha_table(task, runs)
    assert "%" not in text.splitlines()[1].replace("90%", ""), text


def test_small_batches_make_batch_statistics_noisy_and_hurt(task):
    rows = E.batch_size_table(task, [2, 4, 16, 64], seed=0)
    (b2, noise2, r2), (b4, _, r4), (b16, noise16, r16), (b64, _, r64) = rows
    assert noise2 > 2.5 * noise16                       # about sqrt(16 / 2) = 2.8 times noisier
    assert r16.dev_accuracy - r2.dev_accuracy > 0.3      # far beyond the dev set's +- 3 points
    # the notebook's claim: 2 and 4 stay below 90 % dev, 16 and 64 reach it. Under 1-ulp changes of the initial
    # weights and other BLAS kernels batches of 4 ended at 59-84 % and 16 / 64 at 96-100 %: margins of 6+ points
    assert r2.dev_accuracy < 0.9 and r4.dev_accuracy < 0.9
    assert r16.dev_accuracy >= 0.9 and r64.dev_accuracy >= 0.9
    text = E.format_batch_size_table(task, rows)
    assert text.count("dev < 90%") == 2 and text.count("dev >= 90%") == 2, text


def test_evaluating_with_batch_statistics_changes_predictions(task, trained):
    acc2, changed2 = E.eval_with_batch_statistics(trained, task.X_dev, task.Y_dev, 2, rng=0)
    acc300, changed300 = E.eval_with_batch_statistics(trained, task.X_dev, task.Y_dev, 300, rng=0)
    right = (trained.predict(task.X_dev) == task.Y_dev).mean()
    assert right >= 0.95 and changed2 >= 0.3 and acc2 <= 0.6
    assert changed300 <= 0.01


def test_few_steps_of_running_averages_leave_a_train_eval_gap(task, trained):
    few = E.running_vs_batch(trained, task.X_train, batch_size=16, steps=5, running_beta=0.9, rng=0)
    many = E.running_vs_batch(trained, task.X_train, batch_size=256, steps=200, running_beta=0.9, rng=0)
    assert few["changed"] > 0.2 and many["changed"] < 0.01
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
    assert "0.0001" in text and "± 3 points" in text
    assert "running averages (correct)" in E.format_eval_table(trained, task, [2], seed=0)
