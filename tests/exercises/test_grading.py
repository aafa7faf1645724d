"""The checking machinery: probes separate every misconception, each is diagnosed by name, the
model solutions pass, and the framework's own messages (stub, error, use, hint, bad input)."""

import itertools
import re

import numpy as np
import pytest

from course2.exercises import EXERCISES, check
from course2.exercises.grading import Exercise, Misconception, Probe, show

from . import solutions

CASES = [(ex.name, m.name) for ex in EXERCISES.values() for m in ex.misconceptions]


@pytest.mark.parametrize("name", list(EXERCISES))
def test_probes_tell_every_misconception_and_the_reference_apart(name):
    ex = EXERCISES[name]
    runs = [("reference", ex.expected())] + [(m.name, ex.mistake_outcomes(m)) for m in ex.misconceptions]
    same = [(name_a, name_b) for (name_a, a), (name_b, b) in itertools.combinations(runs, 2)
            if all(ex.agree(x, y) and ex.agree(y, x) for x, y in zip(a, b))]
    assert same == [], f"{name}: these give the same outputs on every probe: {same}"


@pytest.mark.parametrize(("exercise", "misconception"), CASES)
def test_every_misconception_is_diagnosed_by_name(exercise, misconception):
    ex = EXERCISES[exercise]
    m = next(m for m in ex.misconceptions if m.name == misconception)
    result = getattr(check, exercise)(m.function)
    assert not result.passed
    assert result.misconception == misconception
    assert f"It looks like a known mistake: {misconception}." in str(result)
    assert m.message in str(result)


@pytest.mark.parametrize("name", list(EXERCISES))
def test_the_reference_passes_its_own_check(name):
    assert getattr(check, name)(EXERCISES[name].reference).passed


@pytest.mark.parametrize("name", list(EXERCISES))
def test_every_model_solution_passes(name):
    result = getattr(check, name)(getattr(solutions, name))
    assert result.passed, str(result)
    assert str(result) == f"{name}: passed, correct on all {len(EXERCISES[name].probes)} checks."
    assert result.misconception is None


def test_there_is_a_model_solution_for_every_exercise_and_nothing_else():
    public = {n for n in vars(solutions) if callable(getattr(solutions, n)) and not n[0].isupper()
              and getattr(getattr(solutions, n), "__module__", "") == solutions.__name__}
    assert public == set(check.names)


@pytest.mark.parametrize("name", list(EXERCISES))
def test_a_fresh_stub_gives_the_neutral_message(name):
    def stub(*args):
        raise NotImplementedError("your code here")

    result = getattr(check, name)(stub)
    assert result.status == "not implemented" and not result.passed and result.misconception is None
    assert str(result) == (f"{name}: not implemented yet. Write {EXERCISES[name].signature}, "
                           "then run this cell again.")


def test_an_exception_names_its_type_message_and_the_input_without_noise():
    def dev_halfwidth(error_rate, n, confidence=0.95):
        return {}[object()]  # a KeyError whose message holds a memory address

    text = str(check.dev_halfwidth(dev_halfwidth))
    assert text.startswith("dev_halfwidth: your function raised KeyError: <object object>")
    assert "on input: 0.1, 10000" in text
    assert "0x" not in text and "Traceback" not in text


def test_a_wrong_answer_shows_expected_and_got_on_the_smallest_failing_input():
    result = check.l2_gradient(lambda W, lambd, m: W + 1.0)
    assert result.status == "wrong" and result.misconception is None
    assert str(result).splitlines()[:3] == [
        "l2_gradient: not yet. On input: array([[ 0.5, -2. ]]), 0.3, 2",
        "  expected: array([[ 0.075, -0.3 ]])",
        "  got:      array([[ 1.5, -1. ]])",
    ]
    assert str(result).splitlines()[3].startswith("hint: ")


def test_results_print_the_same_every_time_with_html_for_notebooks():
    def run():
        return check.dropout_forward(lambda A, keep_prob, rng: (A, np.ones_like(A)))

    a, b = run(), run()
    assert repr(a) == str(a) == repr(b)
    assert not re.search(r"0x[0-9a-f]{6,}|\d+\.\d+ ?s\b", repr(a))
    html = a._repr_html_()
    assert html.startswith("<pre") and "dropout_forward" in html and "&lt;" not in repr(a)


def test_hint_names_the_signature():
    assert str(check.hint("l2_cost")).startswith("hint for l2_cost(weights, lambd, m): ")
    with pytest.raises(ValueError, match="known exercises: dev_halfwidth, required_dev_size"):
        check.hint("l2")


def test_use_returns_the_students_function_when_it_passes(capsys):
    fn = check.use(solutions.l2_gradient)
    assert fn is solutions.l2_gradient
    assert capsys.readouterr().out == "l2_gradient: using your function (it passes the check)\n"


def test_use_falls_back_to_the_reference_and_says_so(capsys):
    def l2_gradient(W, lambd, m):
        raise NotImplementedError("your code here")

    fn = check.use(l2_gradient)
    assert fn is EXERCISES["l2_gradient"].reference
    assert capsys.readouterr().out == "l2_gradient: using the reference solution (not implemented yet)\n"
    fn = check.use(lambda W, lambd, m: 2 * W, name="l2_gradient")
    assert fn is EXERCISES["l2_gradient"].reference
    assert capsys.readouterr().out == "l2_gradient: using the reference solution (it does not pass the check yet)\n"


def test_use_with_an_unknown_name_lists_the_known_ones():
    with pytest.raises(ValueError, match=r"one of: dev_halfwidth, .*early_stopping"):
        check.use(lambda x: x)
    with pytest.raises(ValueError, match="no exercise named 'nope'; known exercises: dev_halfwidth"):
        check.use(solutions.l2_cost, name="nope")


def test_bad_input_to_the_framework():
    with pytest.raises(TypeError, match="needs the function you wrote"):
        check.l2_cost(3.0)
    with pytest.raises(TypeError, match="needs a function"):
        check.use("l2_cost")
    with pytest.raises(AttributeError, match="no exercise named 'l2_costs'; known exercises: dev_halfwidth"):
        check.l2_costs(solutions.l2_cost)
    with pytest.raises(TypeError, match="must be a string"):
        check.hint(solutions.l2_cost)


def test_names_and_dir():
    # notebook order: 01-05 first, later notebooks' exercises after them
    assert check.names[:12] == ("dev_halfwidth", "required_dev_size", "diagnose", "noisy_bayes_error", "l2_cost",
                                "l2_gradient", "weight_decay_step", "dropout_forward", "dropout_backward",
                                "dropout_predict", "early_stopping", "rotate")
    assert {"normalize_inputs", "he_initialization", "lecun_initialization", "centered_difference", "relative_error",
            "gradient_check", "momentum_update", "rmsprop_update", "random_mini_batches",
            "ewma_corrected", "batch_norm_train", "batch_norm_eval", "sample_alpha",
            "sample_beta", "stable_softmax", "cross_entropy", "adam_update",
            "update_lr", "schedule_lr_decay", "learning_rates"} <= set(check.names)
    assert set(check.names) <= set(dir(check))
    assert f"{len(check.names)} exercises" in repr(check)


def test_duplicate_misconception_names_are_refused():
    m = Misconception("same", "msg", abs)
    with pytest.raises(ValueError, match="must be unique"):
        Exercise("x", "x(a)", abs, [m, m], [Probe((1.0,))], "hint")


def test_show_is_compact_and_deterministic():
    assert show(np.array([[1.0, 2.5]])) == "array([[1. , 2.5]])"
    assert show(np.zeros((10, 10))) == "array of shape (10, 10)"
    assert show((1, 0.1234567)) == "(1, 0.123457)"
    assert show(np.random.default_rng(0)) == "a numpy Generator"
