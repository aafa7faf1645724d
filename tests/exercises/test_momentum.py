"""Notebook 12 exercise: the momentum update with one velocity per parameter."""

import numpy as np
import pytest

from course2.exercises import check


def _loop(rule, step_with="V"):
    def update(parameters, grads, velocities, alpha, beta):
        new_p, new_v = [], []
        for W, dW, V in zip(parameters, grads, velocities):
            V = rule(V, dW, beta)
            new_p.append(W - alpha * (V if step_with == "V" else dW))
            new_v.append(V)
        return new_p, new_v
    return update


MISTAKES = {
    "(1 - beta) missing: V = beta V + dW": _loop(lambda V, dW, beta: beta * V + dW),
    "V reset every step: V = (1 - beta) dW": _loop(lambda V, dW, beta: beta * np.zeros_like(V) + (1 - beta) * dW),
    "beta and 1 - beta swapped: V = (1 - beta) V + beta dW": _loop(lambda V, dW, beta: (1 - beta) * V + beta * dW),
    "stepped with dW instead of V": _loop(lambda V, dW, beta: beta * V + (1 - beta) * dW, step_with="dW"),
}


def _old_velocity_in_place(parameters, grads, velocities, alpha, beta):
    for i in range(len(parameters)):
        parameters[i] = parameters[i] - alpha * velocities[i]         # the step first: the old V
        velocities[i] = beta * velocities[i] + (1 - beta) * grads[i]
    return parameters, velocities


MISTAKES["stepped with the old V (W updated before V)"] = _old_velocity_in_place


@pytest.mark.parametrize("name", MISTAKES)
def test_momentum_mistakes_are_named(name):
    assert check.momentum_update(MISTAKES[name]).misconception == name


def test_in_place_and_tuple_returns_pass():
    def in_place(parameters, grads, velocities, alpha, beta):
        for i in range(len(parameters)):
            velocities[i] *= beta
            velocities[i] += (1 - beta) * grads[i]
            parameters[i] -= alpha * velocities[i]
        return parameters, velocities

    assert check.momentum_update(in_place)
    assert check.momentum_update(lambda ps, gs, vs, a, b: tuple(zip(*[(W - a * (b * V + (1 - b) * dW),
                                                                         b * V + (1 - b) * dW)
                                                                        for W, dW, V in zip(ps, gs, vs)])))
