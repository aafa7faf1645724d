"""Exercise for notebook 07 (vanishing and exploding gradients): the lecture's deep linear network.

    deep_linear_forward(w, L, W_L, x)   -> y_hat = W[L] (w I)^(L-1) x    (g(z) = z, b = 0, W[l] = w I for l < L)

Reference: ``course2.experiments.vanishing_gradients.deep_linear_forward``.
"""

from __future__ import annotations

import numpy as np

from course2.experiments import vanishing_gradients

from .grading import Exercise, Misconception, Probe, close

__all__ = ["EXERCISES"]


def deep_linear_forward(w, L, W_L, x):
    """The reference, with the student's signature."""
    return vanishing_gradients.deep_linear_forward(w, L, W_L, x)


DEEP_LINEAR = Exercise(
    name="deep_linear_forward",
    signature="deep_linear_forward(w, L, W_L, x) returning y_hat of shape (1, m)",
    reference=deep_linear_forward,
    misconceptions=[
        Misconception(
            "w^L instead of w^(L-1)",
            "Only the L - 1 hidden layers are w I; the last layer is W[L] itself. Apply w I L - 1 times "
            "(for l in range(1, L)), then W[L]: y_hat = W[L] (w I)^(L-1) x.",
            lambda w, L, W_L, x: deep_linear_forward(w, L + 1, W_L, x)),
        Misconception(
            "w^(L-2): one hidden layer too few",
            "There are L - 1 hidden layers, W[1] ... W[L-1]: range(1, L) runs L - 1 times, range(1, L - 1) or "
            "range(2, L) once too few. y_hat = W[L] (w I)^(L-1) x.",
            lambda w, L, W_L, x: deep_linear_forward(w, max(L - 1, 1), W_L, x)),
        Misconception(
            "w times (L-1) instead of w to the power L-1",
            "Each layer MULTIPLIES the activations by w, so L - 1 layers multiply them by w^(L-1) "
            "(w ** (L - 1)), not by w * (L - 1).",
            lambda w, L, W_L, x: deep_linear_forward(1.0, 1, W_L, x) * (w * (L - 1))),
        Misconception(
            "left out the output layer W[L]",
            "y_hat is the output of the last layer: multiply the last hidden activations by W[L] (shape (1, n)), "
            "so y_hat has shape (1, m).",
            lambda w, L, W_L, x: deep_linear_forward(w, L, np.eye(np.shape(x)[0]), x)),
    ],
    probes=[
        Probe((1.5, 4, np.array([[0.5, 0.5]]), np.array([[1.0], [1.0]])),
              "w = 1.5, L = 4, W_L = [[0.5, 0.5]], x = [[1], [1]] (the lecture's network: y_hat = 1.5^3)"),
        Probe((0.5, 3, np.array([[1.0, -2.0]]), np.array([[1.0, 2.0], [3.0, -1.0]]))),
        Probe((0.9, 1, np.array([[2.0, 1.0, -1.0]]), np.array([[1.0], [0.5], [2.0]]))),
    ],
    compare=close(rtol=1e-9, atol=1e-12),
    hint="a = x; for l in range(1, L): a = (w * np.eye(len(x))) @ a   (L - 1 hidden layers); return W_L @ a.",
)

EXERCISES = [DEEP_LINEAR]
