"""Notebook 07 exercise: the forward pass of the lecture's deep linear network, y_hat = W[L] (w I)^(L-1) x."""

import numpy as np
import pytest

from course2.exercises import check
from course2.experiments import vanishing_gradients as VG


def _loop(layers_of=lambda L: L - 1, output=True, power=True):
    def deep_linear_forward(w, L, W_L, x):
        a = np.array(x, dtype=float)
        if power:
            for _ in range(layers_of(L)):
                a = w * a
        else:
            a = w * (L - 1) * a
        return W_L @ a if output else a
    return deep_linear_forward


MISTAKES = {
    "w^L instead of w^(L-1)": _loop(layers_of=lambda L: L),
    "w^(L-2): one hidden layer too few": _loop(layers_of=lambda L: L - 2),
    "w times (L-1) instead of w to the power L-1": _loop(power=False),
    "left out the output layer W[L]": _loop(output=False),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_mistakes_are_named(name):
    assert check.deep_linear_forward(MISTAKES[name]).misconception == name


def test_alternatives_pass():
    def with_matrix_power(w, L, W_L, x):
        return W_L @ np.linalg.matrix_power(w * np.eye(len(x)), L - 1) @ x

    def closed_form(w, L, W_L, x):
        return w ** (L - 1) * (W_L @ x)

    assert check.deep_linear_forward(with_matrix_power).passed
    assert check.deep_linear_forward(closed_form).passed
    assert check.deep_linear_forward(_loop()).passed


def test_the_reference_is_the_notebooks_deep_linear_network():
    y = VG.deep_linear_outputs(1.5, 20)
    for L in (1, 2, 10, 20):
        assert VG.deep_linear_forward(1.5, L, VG.W_OUT, VG.X_LINEAR)[0, 0] == pytest.approx(y[L - 1], rel=1e-12)
