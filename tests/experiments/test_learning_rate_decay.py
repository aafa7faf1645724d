"""Every claim of notebook 15, asserted."""

import numpy as np
import pytest

from course2 import schedules
from course2.experiments import adam as nb14
from course2.experiments import learning_rate_decay as L


@pytest.fixture(scope="module")
def course():
    return {(r.optimizer, r.granularity): r for r in L.course_table((0, 1, 2, 3, 4))}


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
    d, mean, hw = L.paired_difference(interval, per_epoch)
    assert min(d) > 0 and mean - hw > 0                          # better on every seed, and on average over seeds
    assert (d, round(mean), round(hw)) == ([398, 312, 130, 43, 287], 234, 179)
    for key in [("gd", "every T epochs"), ("momentum", "every T epochs"), ("adam", "every T epochs")]:
        assert course[key].mean_dev > per_epoch.mean_dev + 0.2
    means = {k: f"{r.mean_dev:.0%}" for k, r in course.items()}
    assert means == {("gd", "per iteration"): "65%", ("gd", "per epoch"): "69%", ("gd", "every T epochs"): "92%",
                     ("momentum", "every T epochs"): "91%", ("adam", "every T epochs"): "96%",
                     ("gd", "constant"): "95%"}
    spread = {k: f"{L.splits.mean_confidence_halfwidth(r.dev_accuracy):.0%}" for k, r in course.items()}
    assert spread == {("gd", "per iteration"): "18%", ("gd", "per epoch"): "19%", ("gd", "every T epochs"): "5%",
                      ("momentum", "every T epochs"): "6%", ("adam", "every T epochs"): "1%",
                      ("gd", "constant"): "3%"}
    assert [f"{a:.0%}" for a in (min(per_epoch.dev_accuracy), max(per_epoch.dev_accuracy))] == ["51%", "85%"]


def test_a_mean_over_seeds_is_far_less_certain_than_one_dev_set(course):
    r = course[("gd", "per epoch")]
    assert L.splits.mean_confidence_halfwidth(r.dev_accuracy) > 5 * nb14.dev_halfwidth(r.mean_dev)


def test_per_iteration_and_per_epoch_are_not_told_apart(course):
    a, b = course[("gd", "per iteration")], course[("gd", "per epoch")]
    d, mean, hw = L.paired_difference(b, a)
    assert abs(mean) < hw                                          # inside the seeds' half-width
    assert (d, round(mean), round(hw)) == ([22, -3, -6, 101, 101], 43, 67)
    assert sum(abs(x) < 30 for x in d) == 3                        # about the same on three seeds (one dev set: +- 30)


def test_no_decay_does_at_least_as_well_as_the_interval_here(course):
    c, i = course[("gd", "constant")], course[("gd", "every T epochs")]
    d, mean, hw = L.paired_difference(c, i)
    assert min(d) > 0 and mean > hw                                 # ahead on every seed
    assert (round(mean), round(hw)) == (23, 20)


def test_course_table_prints(course):
    text = L.format_course_table(list(course.values()))
    assert "0.00025" in text and "5e-05" in text
    lines = text.splitlines()
    assert lines[9].split()[-10:] == ["94%", "93%", "97%", "92%", "97%", "95%", "±", "3%", "±", "1%"]
    assert lines[-3].split()[-8:] == ["22", "-3", "-6", "101", "101", "43", "±", "67"]
    assert lines[-2].endswith("234 ± 179") and lines[-1].endswith("23 ± 20")


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
    spread = [L.splits.mean_confidence_halfwidth(r.dev_accuracy) for r in budget.values()]
    assert max(spread) < 0.035 and f"{max(spread):.0%}" == "3%" and f"{min(spread):.0%}" == "0%"
    best = max(budget.values(), key=lambda r: r.mean_dev)
    worst = min(budget.values(), key=lambda r: r.mean_dev)
    d = np.array(best.dev_accuracy) - np.array(worst.dev_accuracy)     # the same dev set, paired by seed
    assert abs(d.mean()) < L.splits.mean_confidence_halfwidth(d)        # not ranked over the seeds either


def test_budget_table_prints(budget):
    text = L.format_budget_table(list(budget.values()), L.budget_task(rng=1))
    rows = {line.split()[0]: line.split() for line in text.splitlines()[4:]}
    assert rows["constant"][3:5] == ["29.0", "12.1-44.9"]
    assert rows["exponential"][3:5] == ["0.0", "0.0-0.0"]
    assert rows["inverse_time"][3] == "4.5" and rows["staircase"][3] == "12.4" and rows["inverse_sqrt"][3] == "9.7"
    assert {r[5] for r in rows.values()} <= {"77%", "78%", "79%"}
    assert rows["constant"][-4:] == ["±", "3%", "±", "4%"]


def test_budget_table_states_its_decay_rate_and_staircase_step():
    assert L.BUDGET_DECAY == 0.2
    rule = L._shape_rule("staircase", 1.0, L.BUDGET_DECAY, L.BUDGET_EPOCHS)
    alphas = [rule.alpha(0, e) for e in range(L.BUDGET_EPOCHS)]
    drops = [e for e in range(1, L.BUDGET_EPOCHS) if alphas[e] < alphas[e - 1]]
    assert drops == [12, 24, 36, 48] and alphas[12] == pytest.approx(1 / 1.2)
    header = L.format_budget_table(L.budget_table(L.budget_task(rng=1), (0, 1), epochs=2), L.budget_task(rng=1))
    assert "decay rate 0.2" in header and "q = 1 / 1.2" in header and "every 12 epochs" in header
