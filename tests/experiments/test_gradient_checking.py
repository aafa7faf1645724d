"""Every claim of notebook 09, asserted."""

import pytest

from course2.experiments import gradient_checking as G


@pytest.fixture(scope="module")
def sweep():
    return G.epsilon_sweep(seed=0)


@pytest.fixture(scope="module")
def table():
    return G.bug_table(seed=0)


def test_correct_backprop_is_fine_near_the_lectures_epsilon(sweep, table):
    assert sweep.at("centered", "float64", 1e-7) < 1e-7
    assert table["none"].verdict == "fine"


def test_the_u_shape_truncation_against_round_off(sweep):
    for curve in G.CURVES:
        eps, err = sweep.best(*curve)
        errs = sweep.errors[curve]
        assert errs[0] > 10 * err and errs[-1] > 10 * err          # worse on both sides of the best epsilon
    assert sweep.best("centered", "float64")[0] > sweep.best("one-sided", "float64")[0]
    assert sweep.best("centered", "float64")[1] < sweep.best("one-sided", "float64")[1]


def test_float32_misses_the_threshold_at_every_epsilon(sweep):
    assert sweep.best("centered", "float32")[1] > 1e-7
    assert sweep.at("centered", "float32", 1e-7) > 1e-3


@pytest.mark.parametrize("bug, where", [
    ("dW[2] doubled", ["W[2]"]), ("db[1] times 4", ["b[1]"]), ("L2 left out of backprop", ["W[1]", "W[2]", "W[3]"]),
    ("ReLU kink crossed", ["W[1]", "b[1]"]), ("dW[2] sign flipped", ["W[2]"]),
    ("1/m missing", ["W[1]", "b[1]", "W[2]", "b[2]", "W[3]", "b[3]"]),
    ("dropout mask redrawn per call", ["W[1]", "b[1]", "W[2]", "b[2]", "W[3]", "b[3]"]),
])
def test_every_planted_bug_is_a_bug_and_located(table, bug, where):
    assert table[bug].relative_error >= 1e-3 and table[bug].verdict == "bug"
    assert G.flagged(table[bug]) == where


def test_the_notes_worry_formula_cannot_tell(table):
    values = [G.worry_value(table[b]) for b in ("none", "dW[2] doubled", "db[1] times 4")]
    assert all(1.5 < v < 2.1 for v in values)
    assert "2.000" in G.format_worry(table)


def test_the_notes_second_formula_is_at_least_one_and_blind_to_a_sign_flip(table):
    # 1 + |a| / |g| >= 1 for any gradients: neither "about 1e-7" nor "about 1e-3" can ever be read
    assert all(G.worry_value(c) >= 1.0 for c in table.values())
    flipped, none = table["dW[2] sign flipped"], table["none"]
    assert round(G.worry_value(flipped), 3) == round(G.worry_value(none), 3) == 2.0
    assert flipped.relative_error > 0.5 and G.flagged(flipped) == ["W[2]"]
    assert G.notes_first_value(flipped) > 1.0                          # divided by |g| only: above 1
    text = G.format_worry(table)
    assert "6.58e-01" in text and "1.32e+00" in text and text.count(" 2.000") == 2


def test_the_kink_is_crossed_only_when_epsilon_reaches_it():
    sweep = G.kink_sweep(seed=0)
    x_max = G.kink_input(seed=0)
    for eps, c in sweep.items():
        crossed = eps * x_max > G.KINK_DISTANCE
        assert (c.verdict == "bug") == crossed, eps
    assert [sweep[e].verdict for e in (1e-7, 5e-8, 3e-8, 2e-8, 1e-8)] == ["bug"] * 3 + ["fine"] * 2
    assert 2e-8 * x_max < G.KINK_DISTANCE < 3e-8
    text = G.format_kink_sweep(sweep, x_max=x_max)
    for said in ("5.0e-02", "3.4e-02", "1.5e-02", "2.3e-08", "1.17"):
        assert said in text


def test_the_printed_decades_of_the_sweep(sweep):
    assert G.decade(sweep.at("centered", "float64", 1e-7)) == "1e-09"
    assert G.decade(sweep.best("centered", "float64")[0]) == "1e-05"
    assert G.decade(sweep.best("centered", "float64")[1]) == "1e-11"
    assert G.decade(sweep.best("one-sided", "float64")[0]) == "1e-08"
    assert G.decade(sweep.best("one-sided", "float64")[1]) == "1e-08"
    assert G.decade(sweep.at("centered", "float32", 1e-7)) == "1e-01"
    assert G.decade(sweep.best("centered", "float32")[0]) == "1e-02"
    assert G.decade(sweep.best("centered", "float32")[1]) == "1e-05"


def test_centered_and_one_sided_run_together_where_round_off_decides(sweep):
    lo, hi = sweep.ratio_range(G.EPSILONS[0], G.ROUND_OFF_UP_TO)
    assert hi <= 10 / 2                                                # round-off alike, with a margin
    lo, hi = sweep.ratio_range(*G.TRUNCATION_BETWEEN)
    assert lo > 100 * 2                                                # truncation: eps^2 against eps
    text = G.format_epsilon_summary(sweep)
    assert ("within a factor of 10 of each other at every eps <= 1e-08, more than 100 apart at every eps in "
            "[1e-06, 0.01]") in text
