"""Every claim of notebook 15, asserted."""

import numpy as np
import pytest

from course2 import schedules
from course2.experiments import adam as nb14
from course2.experiments import learning_rate_decay as L


@pytest.fixture(scope="module")
def course():
    return {(r.optimizer, r.granularity): r for r in L.course_table((0, 1, 2))}


@pytest.fixture(scope="module")
def budget():
    return {r.schedule: r for r in L.budget_table(L.budget_task(rng=1), (0, 1, 2, 3, 4))}


def test_inverse_time_is_not_exponential():
    rows = {e: (a, b) for e, a, b in L.errata_table(0.1, 1.0)}
    assert rows[1][0] == rows[1][1] == pytest.approx(0.05)        # the same first decay
    assert rows[10][0] / rows[10][1] == pytest.approx(93.1, rel=1e-3)
    assert rows[1000][0] == pytest.approx(0.1 / 1001)              # the assignment's 1e-4 at epoch 1000
    assert rows[1000][1] < 1e-300
    text = L.format_errata_table()
    assert text.splitlines()[-1].split() == ["1000", "9.99e-05", "9.33e-303", "1.07e+298"]


def test_decay_rule_counters():
    s = schedules.InverseTime(1.0, 1.0)
    assert L.DecayRule(s, "per iteration").alpha(7, 1) == 1 / 8
    assert L.DecayRule(s, "per epoch").alpha(7, 1) == 1 / 2
    assert L.DecayRule(s, "every T epochs", 5).alpha(70, 14) == 1 / 3
    interval = schedules.Interval(1.0, 1.0, 5)                     # every T epochs = the assignment's schedule
    assert all(L.DecayRule(s, "every T epochs", 5).alpha(0, e) == interval(e) for e in range(30))


def test_training_uses_the_rules_alpha_at_every_iteration():
    task = nb14.moons_task(0)
    rule = L.make_rule("inverse_time", 0.1, 1.0, "per iteration")
    *_, (net, h) = L.decay_fit(task, rule, epochs=2, batch_size=64, seed=0)
    np.testing.assert_allclose(h.alpha, [0.1 / (1 + i) for i in range(10)])
    rule = L.make_rule("inverse_time", 0.1, 1.0, "per epoch")
    *_, (net, h) = L.decay_fit(task, rule, epochs=2, batch_size=64, seed=0)
    np.testing.assert_allclose(h.alpha, [0.1] * 5 + [0.05] * 5)


def test_decaying_every_epoch_collapses_alpha_and_the_interval_cures_it(course):
    per_epoch, per_iter = course[("gd", "per epoch")], course[("gd", "per iteration")]
    interval = course[("gd", "every T epochs")]
    assert per_epoch.final_alpha == pytest.approx(0.1 / 400) and per_iter.final_alpha == pytest.approx(0.1 / 2000)
    assert interval.final_alpha == pytest.approx(0.1 / 4)
    hw = nb14.dev_halfwidth(interval.mean_dev)
    assert interval.mean_dev - per_epoch.mean_dev > 10 * hw
    for key in [("gd", "every T epochs"), ("momentum", "every T epochs"), ("adam", "every T epochs")]:
        assert course[key].mean_dev > per_epoch.mean_dev + 0.2
    means = {k: f"{r.mean_dev:.0%}" for k, r in course.items()}
    assert means == {("gd", "per iteration"): "63%", ("gd", "per epoch"): "64%", ("gd", "every T epochs"): "92%",
                     ("momentum", "every T epochs"): "90%", ("adam", "every T epochs"): "96%",
                     ("gd", "constant"): "95%"}


def test_per_iteration_and_per_epoch_are_not_told_apart(course):
    a, b = course[("gd", "per iteration")], course[("gd", "per epoch")]
    assert abs(a.mean_dev - b.mean_dev) < nb14.dev_halfwidth(b.mean_dev)


def test_no_decay_does_at_least_as_well_as_the_interval_here(course):
    c, i = course[("gd", "constant")], course[("gd", "every T epochs")]
    assert c.mean_dev >= i.mean_dev


def test_course_table_prints(course):
    text = L.format_course_table(list(course.values()))
    assert "0.00025" in text and "5e-05" in text
    assert text.splitlines()[-1].split()[-6:] == ["94%", "93%", "97%", "95%", "±", "1%"]


def test_budgets_are_equal():
    for name in L.BUDGET_SCHEDULES:
        rule = L._shape_rule(name, L.scaled_alpha0(name), L.BUDGET_DECAY, L.BUDGET_EPOCHS)
        assert np.mean([rule.alpha(0, e) for e in range(L.BUDGET_EPOCHS)]) == pytest.approx(L.BUDGET_MEAN_ALPHA)


def test_with_the_same_budget_the_shape_decides_how_close_the_run_ends(budget):
    best = L.best_cost(L.budget_task(rng=1))
    excess = {k: 1000 * (np.array(r.train_cost) - best) for k, r in budget.items()}
    assert excess["constant"].min() > excess["inverse_time"].max()      # beyond the seeds' spread
    assert excess["exponential"].max() < 0.05 < excess["inverse_time"].min()
    # staircase and 1/sqrt(t) overlap: not ranked
    assert excess["staircase"].min() < excess["inverse_sqrt"].max()
    order = sorted(budget, key=lambda k: budget[k].final_alpha)
    assert order[0] == "exponential" and order[-1] == "constant"         # ends lowest -> ends closest


def test_dev_accuracies_of_the_budget_runs_are_inside_the_noise(budget):
    devs = [r.mean_dev for r in budget.values()]
    hw = min(L.splits.error_confidence_halfwidth(1 - d, 400) for d in devs)
    assert max(devs) - min(devs) < hw


def test_budget_table_prints(budget):
    text = L.format_budget_table(list(budget.values()), L.budget_task(rng=1))
    rows = {line.split()[0]: line.split() for line in text.splitlines()[3:]}
    assert rows["constant"][3:5] == ["29.0", "12.1-44.9"]
    assert rows["exponential"][3:5] == ["0.0", "0.0-0.0"]
    assert rows["inverse_time"][3] == "4.5" and rows["staircase"][3] == "12.4" and rows["inverse_sqrt"][3] == "9.7"
    assert {r[5] for r in rows.values()} <= {"77%", "78%", "79%"}
