"""Notebook 09 exercises: the centered difference, the relative error and a full gradient check."""

import numpy as np
import pytest

from course2.exercises import check

from . import solutions


def _loop(J, theta, eps, combine):
    theta = np.array(theta, dtype=float)
    out = np.zeros_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += eps
        minus[i] -= eps
        out[i] = combine(J(plus), J(minus), J(theta), eps)
    return out


CENTERED_MISTAKES = {
    "/2*eps instead of /(2*eps)": lambda J, t, e: _loop(J, t, e, lambda p, m, c, eps: (p - m) / 2 * eps),
    "one-sided difference": lambda J, t, e: _loop(J, t, e, lambda p, m, c, eps: (p - c) / eps),
    "divided by eps instead of 2 eps": lambda J, t, e: _loop(J, t, e, lambda p, m, c, eps: (p - m) / eps),
}


@pytest.mark.parametrize("name", CENTERED_MISTAKES)
def test_centered_difference_mistakes_are_named(name):
    assert check.centered_difference(CENTERED_MISTAKES[name]).misconception == name


def test_a_vectorized_centered_difference_passes():
    def centered_difference(J, theta, epsilon):
        E = np.eye(len(theta)) * epsilon
        return np.array([(J(theta + e) - J(theta - e)) / (2 * epsilon) for e in E])

    assert check.centered_difference(centered_difference).passed


RELATIVE_MISTAKES = {
    "norm of the sum": lambda g, a: np.linalg.norm(a - g) / np.linalg.norm(a + g),
    "the notes' second formula (no difference)":
        lambda g, a: (np.linalg.norm(a) + np.linalg.norm(g)) / np.linalg.norm(g),
    "no denominator": lambda g, a: np.linalg.norm(a - g),
    "divided by ||grad|| only": lambda g, a: np.linalg.norm(a - g) / np.linalg.norm(g),
}


@pytest.mark.parametrize("name", RELATIVE_MISTAKES)
def test_relative_error_mistakes_are_named(name):
    assert check.relative_error(RELATIVE_MISTAKES[name]).misconception == name


def _full(*, slash=False, one_sided=False, sum_norm=False, penalty=True, worst="relative"):
    def gradient_check(data_cost, params, grads, names, lambd, m, epsilon):
        def J(ps):
            pen = sum(np.sum(p ** 2) for p, n in zip(ps, names) if n.startswith("W")) if penalty else 0.0
            return data_cost(ps) + lambd / (2 * m) * pen

        approx = []
        for k, p in enumerate(params):
            a = np.zeros(p.shape)
            for idx in np.ndindex(p.shape):
                plus = [q.copy() for q in params]
                minus = [q.copy() for q in params]
                plus[k][idx] += epsilon
                minus[k][idx] -= epsilon
                if one_sided:
                    a[idx] = (J(plus) - J(params)) / epsilon
                elif slash:
                    a[idx] = (J(plus) - J(minus)) / 2 * epsilon
                else:
                    a[idx] = (J(plus) - J(minus)) / (2 * epsilon)
            approx.append(a)

        def rel(a, g):
            den = np.linalg.norm(a + g) if sum_norm else np.linalg.norm(a) + np.linalg.norm(g)
            return np.linalg.norm(a - g) / den

        a_all = np.concatenate([a.ravel() for a in approx])
        g_all = np.concatenate([np.ravel(g) for g in grads])
        if worst == "absolute":              # ||a - g|| of each block
            per = [np.linalg.norm(a - g) for a, g in zip(approx, grads)]
        elif worst == "largest entry":       # max |a - g| of each block
            per = [np.max(np.abs(a - g)) for a, g in zip(approx, grads)]
        else:
            per = [rel(a, g) for a, g in zip(approx, grads)]
        return rel(a_all, g_all), names[int(np.argmax(per))]
    return gradient_check


@pytest.mark.parametrize("name, fn", [
    ("/2*eps instead of /(2*eps)", _full(slash=True)),
    ("one-sided difference", _full(one_sided=True)),
    ("norm of the sum", _full(sum_norm=True)),
    ("forgot the penalty in J", _full(penalty=False)),
    ("worst by the largest absolute error", _full(worst="absolute")),
    ("worst by the largest absolute error", _full(worst="largest entry")),
])
def test_gradient_check_mistakes_are_named(name, fn):
    assert check.gradient_check(fn).misconception == name


def test_the_hand_written_check_passes_and_names_the_planted_bug():
    assert check.gradient_check(_full()).passed
    exercise = check._get("gradient_check")
    worst = [exercise.reference(*p.args)[1] for p in exercise.probes]
    assert worst == ["W[2]", "b[1]", "b[1]"]          # the probes' planted bugs: dW[2] doubled, db[1] tripled (twice)
    assert check.gradient_check(solutions.gradient_check).passed
