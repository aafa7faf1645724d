import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course2 import diagnosis
from course2.diagnosis import diagnose

errors = st.floats(0, 1)


@pytest.mark.parametrize(
    ("train", "dev", "label", "high_bias", "high_variance"),
    [
        (0.01, 0.11, "high variance", False, True),
        (0.15, 0.16, "high bias", True, False),
        (0.15, 0.30, "high bias and high variance", True, True),
        (0.005, 0.01, "low bias and low variance", False, False),
    ],
)
def test_the_notes_four_cases(train, dev, label, high_bias, high_variance):
    d = diagnose(train, dev)
    assert (d.label, d.high_bias, d.high_variance) == (label, high_bias, high_variance)
    assert d.avoidable_bias == pytest.approx(train)
    assert d.variance == pytest.approx(dev - train)
    assert d.bayes_error == 0.0 and not d.bayes_error_given


def test_notes_cases_constant_agrees_with_diagnose():
    assert len(diagnosis.NOTES_CASES) == 4
    for train, dev, label in diagnosis.NOTES_CASES:
        assert diagnose(train, dev).label == label


def test_bayes_error_15_percent_turns_high_bias_into_neither():
    d = diagnose(0.15, 0.16, bayes_error=0.15)
    assert not d.high_bias and not d.high_variance
    assert d.label == "low bias and low variance"
    assert d.avoidable_bias == pytest.approx(0.0)
    assert d.bayes_error_given


def test_bayes_error_moves_only_the_bias_verdict():
    assert diagnose(0.15, 0.30, bayes_error=0.14).label == "high variance"
    assert diagnose(0.01, 0.11, bayes_error=0.01).label == "high variance"


def test_margins_are_strict_and_tolerate_rounding():
    assert not diagnose(0.15, 0.17).high_variance  # 0.17 - 0.15 = 0.0200000000000000018
    assert diagnose(0.15, 0.1701).high_variance
    assert not diagnose(0.02, 0.02).high_bias
    assert diagnose(0.0201, 0.0201).high_bias
    assert diagnose(0.01, 0.11, variance_margin=0.2).label == "low bias and low variance"
    assert diagnose(0.005, 0.01, bias_margin=0.0).label == "high bias"


@given(train=errors, dev=errors, bayes=errors)
def test_verdict_follows_the_definitions(train, dev, bayes):
    d = diagnose(train, dev, bayes_error=bayes)
    assert d.high_bias == (train - bayes > 0.02 + 1e-12)
    assert d.high_variance == (dev - train > 0.02 + 1e-12)
    assert ("high bias" in d.label) == d.high_bias
    assert ("high variance" in d.label) == d.high_variance
    assert d.next_steps  # always something to say
    assert len(set(d.next_steps)) == len(d.next_steps)


def test_next_steps_follow_the_basic_recipe():
    assert diagnose(0.15, 0.16).next_steps == diagnosis.BIAS_STEPS
    assert diagnose(0.01, 0.11).next_steps == diagnosis.VARIANCE_STEPS
    both = diagnose(0.15, 0.30).next_steps
    assert both[: len(diagnosis.BIAS_STEPS)] == diagnosis.BIAS_STEPS  # bias first
    assert any("more data" in s for s in both) and any("regularization" in s for s in both)
    assert sum("architecture" in s for s in both) == 1
    assert any("bigger network" in s for s in diagnosis.BIAS_STEPS)
    assert any("train longer" in s for s in diagnosis.BIAS_STEPS)
    assert "test set" in diagnose(0.005, 0.01).next_steps[0]


def test_str_is_readable():
    text = str(diagnose(0.01, 0.11))
    assert "train error 1.0%" in text and "dev error 11.0%" in text
    assert "Bayes error 0.0% (assumed)" in text
    assert "variance 10.0 points" in text and "-> high variance" in text
    assert "- more data" in text
    assert "(assumed)" not in str(diagnose(0.15, 0.16, bayes_error=0.15))


def test_unusual_inputs_are_explained_not_refused():
    d = diagnose(0.10, 0.12, bayes_error=0.15)
    assert d.avoidable_bias == pytest.approx(-0.05) and not d.high_bias
    assert any("below the Bayes error" in r for r in d.remarks)
    d = diagnose(0.10, 0.05)
    assert d.variance == pytest.approx(-0.05) and not d.high_variance
    assert any("dev error is below train error" in r for r in d.remarks)
    assert "note:" in str(d)
    assert diagnose(0.01, 0.11).remarks == ()


def test_diagnosis_is_frozen():
    d = diagnose(0.01, 0.11)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.high_bias = True


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"train_error": 11, "dev_error": 0.2}, ValueError, "train_error must be a fraction.*divide by 100"),
        ({"train_error": 0.1, "dev_error": 16.0}, ValueError, "dev_error must be a fraction.*divide by 100"),
        ({"train_error": -0.1, "dev_error": 0.2}, ValueError, r"train_error must be in \[0.0, 1.0\]"),
        ({"train_error": 0.1, "dev_error": -0.2}, ValueError, "dev_error must be in"),
        ({"train_error": 0.1, "dev_error": 0.2, "bayes_error": 15}, ValueError, "bayes_error.*divide by 100"),
        ({"train_error": 0.1, "dev_error": 0.2, "bayes_error": -0.01}, ValueError, "bayes_error must be in"),
        ({"train_error": float("nan"), "dev_error": 0.2}, ValueError, "train_error must be finite"),
        ({"train_error": "1%", "dev_error": 0.2}, TypeError, "train_error must be a real number"),
        ({"train_error": 0.1, "dev_error": 0.2, "bias_margin": -0.1}, ValueError, "bias_margin"),
        ({"train_error": 0.1, "dev_error": 0.2, "variance_margin": 2}, ValueError, "variance_margin"),
    ],
)
def test_bad_inputs(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        diagnose(**kwargs)
