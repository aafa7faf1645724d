"""Every claim of notebook 08, asserted with the notebook's own settings."""

import math

import numpy as np
import pytest

from course2.experiments import initialization as E


@pytest.fixture(scope="module")
def task():
    return E.circles_task(rng=1)


@pytest.fixture(scope="module")
def runs(task):
    return {r.label: r for r in E.init_table(task, seed=3)}


@pytest.fixture(scope="module")
def stacks():
    return {(r.activation, r.init, r.scale): r for r in E.stack_table(seed=0)}


def test_zeros_never_break_symmetry_and_stay_at_chance(runs):
    z = runs["zeros"]
    assert all(z.identical_rows) and all(np.all(W == 0) for W in z.net.W)
    assert z.train_accuracy == 0.5 and z.dev_accuracy == 0.5 == z.chance
    assert abs(z.final_cost - math.log(2)) < 1e-3
    assert "1 distinct row" in E.symmetry_report(z)


def test_random_x10_starts_huge_and_trains_worse_than_he(runs):
    r, he = runs["random x 10"], runs["He"]
    assert r.first_cost > 100 * he.first_cost and math.isfinite(r.first_cost)
    # the ordering of the assignment, beyond the dev noise
    assert runs["zeros"].dev_accuracy + runs["zeros"].dev_halfwidth < r.dev_accuracy - r.dev_halfwidth
    assert r.dev_accuracy + r.dev_halfwidth < he.dev_accuracy - he.dev_halfwidth
    assert he.train_accuracy >= 0.99 and not any(he.identical_rows)


def test_the_assignments_log_sigmoid_cost_is_inf_where_ours_is_finite(task, runs):
    text = E.first_cost_report(task, runs["random x 10"])
    assert "= inf" in text and f"= {runs['random x 10'].first_cost:.4g}" in text
    assert E.naive_cross_entropy(np.array([[1.0, 0.5]]), np.array([[0.0, 1.0]])) == math.inf


def test_he_keeps_relu_level_and_lecun_shrinks_as_predicted(stacks):
    he = stacks[("relu", "he", 0.01)]
    lo, hi = he.spread
    assert 0.5 < lo and hi < 2.0
    lecun = stacks[("relu", "lecun", 0.01)]
    ratio = lecun.std[-1] / lecun.std[0]
    predicted = E.predicted_ratio("relu", "lecun", 50)
    assert 0.5 * predicted < ratio < 2 * predicted


def test_tanh_with_lecun_does_not_saturate(stacks):
    assert stacks[("tanh", "lecun", 0.01)].saturated.max() < 0.01
    assert stacks[("tanh", "random", 1.0)].saturated[-1] > 0.5


def test_errata_variants_show_each_slip():
    rows = {r.name: r for r in E.errata_variants(seed=0)}
    assert abs(rows["he"].w_std - math.sqrt(0.02)) < 0.005 and 0.5 < rows["he"].gain < 2
    assert rows["lecun"].gain < 1e-6 and rows["variance as std"].gain < 1e-30 and rows["L-1"].gain < 1e-6
    assert rows["sqrt written as a variance"].gain > 1e10 and rows["rand"].gain > 1e30
    assert rows["rand"].w_mean > 0.05                      # uniform draws: all positive


def test_deep_fit_progressively_yields_and_ends(task):
    fits = list(E.deep_fit_progressively(task, depth=2, init="he", seed=0, num_iterations=100, every=50))
    assert [f.iteration for f in fits] == [50, 100]
    with pytest.raises(ValueError, match="depth"):
        E.deep_layer_sizes(51)
