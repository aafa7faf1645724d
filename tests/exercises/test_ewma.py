"""Notebook 11 exercise: the bias-corrected exponentially weighted average."""

import numpy as np
import pytest

from course2.exercises import check


def _loop(theta, beta, *, feed_back=False, t0=1, swap=False, correct=True):
    V, out = 0.0, []
    for t, x in enumerate(theta, start=t0):
        V = (1 - beta) * V + beta * x if swap else beta * V + (1 - beta) * x
        c = V / (1 - beta ** t) if correct else V
        if feed_back:
            V = c
        out.append(c)
    return out


MISTAKES = {
    "corrected value fed back into V": lambda th, b: _loop(th, b, feed_back=True),
    "t counted from 0": lambda th, b: _loop(th, b, t0=0),        # python floats: ZeroDivisionError
    "beta and 1 - beta swapped": lambda th, b: _loop(th, b, swap=True),
    "no bias correction": lambda th, b: _loop(th, b, correct=False),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_mistakes_are_named(name):
    assert check.ewma_corrected(MISTAKES[name]).misconception == name


def test_t_from_zero_with_numpy_floats_is_named_too():
    def ewma_corrected(theta, beta):
        theta = np.asarray(theta, dtype=float)
        V, out = 0.0, np.zeros(len(theta))
        for t in range(len(theta)):
            V = beta * V + (1 - beta) * theta[t]
            out[t] = V / (1 - beta ** t)          # numpy float64: inf at t = 0
        return out

    assert check.ewma_corrected(ewma_corrected).misconception == "t counted from 0"


def test_vectorized_and_loop_forms_pass():
    def closed_form(theta, beta):
        theta = np.asarray(theta, dtype=float)
        T = len(theta)
        t = np.arange(1, T + 1)
        W = np.tril(beta ** (t[:, None] - t[None, :])) * (1 - beta)
        return W @ theta / (1 - beta ** t)

    assert check.ewma_corrected(closed_form).passed
    assert check.ewma_corrected(lambda th, b: _loop(th, b)).passed
