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
    ("ReLU kink crossed", ["W[1]", "b[1]"]),
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
