"""Notebook 13 exercise: the RMSprop update (epsilon outside the root)."""

import numpy as np
import pytest

from course2.exercises import check


def _update(denominator, square=True, swap=False):
    def rmsprop_update(W, dW, S, alpha, beta, epsilon):
        b = 1 - beta if swap else beta
        S = b * S + (1 - b) * (dW ** 2 if square else dW)
        return W - alpha * dW / denominator(S, epsilon), S
    return rmsprop_update


MISTAKES = {
    "no epsilon (the lecture notes' formula)": _update(lambda S, eps: np.sqrt(S)),
    "epsilon inside the root": _update(lambda S, eps: np.sqrt(S + eps)),
    "no square root: dW / (S + epsilon)": _update(lambda S, eps: S + eps),
    "the square missing: S = beta S + (1 - beta) dW": _update(lambda S, eps: np.sqrt(S) + eps, square=False),
    "beta and 1 - beta swapped": _update(lambda S, eps: np.sqrt(S) + eps, swap=True),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_rmsprop_mistakes_are_named(name):
    assert check.rmsprop_update(MISTAKES[name]).misconception == name


def test_alternatives_pass():
    assert check.rmsprop_update(_update(lambda S, eps: S ** 0.5 + eps))

    def in_place(W, dW, S, alpha, beta, epsilon):
        S *= beta
        S += (1 - beta) * np.square(dW)
        W -= alpha * dW / (np.sqrt(S) + epsilon)
        return W, S

    assert check.rmsprop_update(in_place)
