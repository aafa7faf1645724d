"""Notebook 14 exercise: the Adam update with t from 1."""

import numpy as np
import pytest

from course2.exercises import check


def _update(t_shift=0, correct_v=True, correct_s=True, store=False, inside=False):
    def adam_update(W, dW, V, S, t, alpha, beta1, beta2, epsilon):
        V = beta1 * V + (1 - beta1) * dW
        S = beta2 * S + (1 - beta2) * np.square(dW)
        Vh = V / (1 - beta1 ** (t + t_shift)) if correct_v else V
        Sh = S / (1 - beta2 ** (t + t_shift)) if correct_s else S
        W = W - alpha * Vh / (np.sqrt(Sh + epsilon) if inside else np.sqrt(Sh) + epsilon)
        return (W, Vh, Sh) if store else (W, V, S)
    return adam_update


MISTAKES = {
    "t counted from 0": _update(t_shift=-1),
    "t + 1 in the correction": _update(t_shift=1),
    "the corrected moments stored back": _update(store=True),
    "only V corrected": _update(correct_s=False),
    "only S corrected": _update(correct_v=False),
    "no bias correction": _update(correct_v=False, correct_s=False),
    "epsilon inside the root": _update(inside=True),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_adam_mistakes_are_named(name):
    assert check.adam_update(MISTAKES[name]).misconception == name


def test_t_from_0_divides_by_zero_at_the_first_step():
    with np.errstate(all="ignore"):
        W, V, S = MISTAKES["t counted from 0"](np.ones(2), np.ones(2), np.zeros(2), np.zeros(2), 1, np.float64(0.1),
                                               np.float64(0.9), np.float64(0.999), np.float64(1e-8))
    assert np.isnan(W).all()


def test_alternatives_pass():
    assert check.adam_update(_update())

    def scalar_step_size(W, dW, V, S, t, alpha, beta1, beta2, epsilon):     # the paper's efficient form
        V = beta1 * V + (1 - beta1) * dW
        S = beta2 * S + (1 - beta2) * dW * dW
        step = alpha * np.sqrt(1 - beta2**t) / (1 - beta1**t)
        return W - step * V / (np.sqrt(S) + epsilon * np.sqrt(1 - beta2**t)), V, S

    assert check.adam_update(scalar_step_size)
