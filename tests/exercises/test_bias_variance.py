"""Notebook 02 exercise: the bias/variance verdict with a Bayes error."""

import pytest

from course2.exercises import check


def verdict(high_bias, high_variance):
    return {(True, True): "high bias and high variance", (True, False): "high bias",
            (False, True): "high variance", (False, False): "low bias and low variance"}[(high_bias, high_variance)]


MISTAKES = {
    "ignored the Bayes error": lambda t, d, b: verdict(t > 0.02, d - t > 0.02),
    "swapped bias and variance": lambda t, d, b: verdict(d - t > 0.02, t - b > 0.02),
    "measured variance from the Bayes error (dev - bayes)": lambda t, d, b: verdict(t - b > 0.02, d - b > 0.02),
    "treated any gap as high": lambda t, d, b: verdict(t - b > 1e-9, d - t > 1e-9),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_diagnose_mistakes_are_named(name):
    assert check.diagnose(MISTAKES[name]).misconception == name


def test_diagnose_alternatives_pass():
    def with_ifs(train_error, dev_error, bayes_error):
        bias, variance = train_error - bayes_error, dev_error - train_error
        if bias > 0.02:
            return "High bias and high variance" if variance > 0.02 else "high bias"
        return "high variance" if variance > 0.02 else "low bias and low variance "

    assert check.diagnose(with_ifs)
    assert check.diagnose(lambda t, d, b: verdict(round(t - b, 9) > 0.02, round(d - t, 9) > 0.02))


def test_a_non_string_answer_is_shown_against_the_verdict():
    text = str(check.diagnose(lambda t, d, b: (t - b > 0.02, d - t > 0.02)))
    assert "expected: 'high variance'" in text and "got:      (False, True)" in text


BAYES_MISTAKES = {
    "added the two error rates": lambda eps, e0: eps + e0,
    "counted every flipped label as a mistake": lambda eps, e0: eps + e0 - eps * e0,
    "took the larger of the two": lambda eps, e0: eps if eps > e0 else e0,
}


@pytest.mark.parametrize("name", BAYES_MISTAKES)
def test_noisy_bayes_error_mistakes_are_named(name):
    assert check.noisy_bayes_error(BAYES_MISTAKES[name]).misconception == name


def test_noisy_bayes_error_alternatives_pass():
    assert check.noisy_bayes_error(lambda eps, e0: eps + (1 - 2 * eps) * e0)
    assert check.noisy_bayes_error(lambda eps, e0: e0 + eps * (1 - 2 * e0))
