"""Exercise for notebook 13 (RMSprop), in the lecture's notation:

    rmsprop_update(W, dW, S, alpha, beta, epsilon) -> (W, S)
        S = beta * S + (1 - beta) * dW**2;   W = W - alpha * dW / (sqrt(S) + epsilon)

epsilon sits outside the root (the lecture, the Adam paper, PyTorch). A probe with epsilon = 0.25
tells epsilon outside the root, inside it and no root at all apart. Reference:
``course2.optimizers.rmsprop_step``.
"""

from __future__ import annotations

import numpy as np

from course2 import optimizers as O

from .grading import Exercise, Misconception, Probe

__all__ = ["EXERCISES"]


def rmsprop_update(W, dW, S, alpha, beta, epsilon):
    """The reference, with the student's signature."""
    return O.rmsprop_step(W, dW, S, alpha=alpha, beta=beta, epsilon=epsilon)


def _denominator(form, square=True):
    """A mutant with the reference's S update (or without the square) and another denominator."""
    def mutant(W, dW, S, alpha, beta, epsilon):
        W, dW, S = (np.asarray(a, dtype=float) for a in (W, dW, S))
        S = beta * S + (1 - beta) * (dW * dW if square else dW)
        return W - alpha * dW / form(S, epsilon), S
    return mutant


RMSPROP_UPDATE = Exercise(
    name="rmsprop_update",
    signature="rmsprop_update(W, dW, S, alpha, beta, epsilon)",
    reference=rmsprop_update,
    misconceptions=[
        Misconception(
            "no epsilon (the lecture notes' formula)",
            "Add epsilon to the root: W = W - alpha * dW / (np.sqrt(S) + epsilon). Without it a coordinate whose "
            "S is 0 (a gradient that has been 0 so far) divides 0 by 0 and becomes NaN (ERRATA 7).",
            _denominator(lambda S, eps: np.sqrt(S))),
        Misconception(
            "epsilon inside the root",
            "The lecture puts epsilon outside the root: np.sqrt(S) + epsilon. np.sqrt(S + epsilon) is TensorFlow 1's "
            "variant; it puts a floor sqrt(epsilon) under the root and changes the first steps.",
            _denominator(lambda S, eps: np.sqrt(S + eps))),
        Misconception(
            "no square root: dW / (S + epsilon)",
            "S averages squared gradients; its square root has the units of dW: divide by np.sqrt(S) + epsilon.",
            _denominator(lambda S, eps: S + eps)),
        Misconception(
            "the square missing: S = beta S + (1 - beta) dW",
            "S is the running average of the SQUARED gradient: S = beta * S + (1 - beta) * dW**2.",
            _denominator(lambda S, eps: np.sqrt(S) + eps, square=False)),
        Misconception(
            "beta and 1 - beta swapped",
            "beta weighs the old average: S = beta * S + (1 - beta) * dW**2.",
            lambda W, dW, S, alpha, beta, epsilon: rmsprop_update(W, dW, S, alpha, 1 - beta, epsilon)),
    ],
    probes=[
        Probe((np.array([1.0, -2.0]), np.array([0.5, 2.0]), np.array([0.1, 0.4]), 0.1, 0.9, 0.25)),
        Probe((np.array([[1.0, 0.5], [-1.0, 2.0]]), np.array([[0.3, -0.6], [1.2, 0.0]]),
               np.array([[0.01, 0.0], [0.5, 0.2]]), 0.01, 0.8, 1e-8)),
    ],
    hint="S = beta * S + (1 - beta) * dW**2, then W = W - alpha * dW / (np.sqrt(S) + epsilon); return (W, S).",
)

EXERCISES = [RMSPROP_UPDATE]
