"""Exercises for notebook 03 (L2 regularization), in the lecture's notation (W[l] is (n[l], n[l-1])).

    l2_cost(weights, lambd, m)                     lambd / (2m) * sum_l ||W[l]||_F^2
    l2_gradient(W, lambd, m)                       (lambd / m) * W, the term added to dW[l]
    weight_decay_step(W, dW_data, alpha, lambd, m) (1 - alpha*lambd/m) * W - alpha * dW_data

References: ``course2.regularization.penalty_cost``, ``add_penalty_gradient`` (on a zero dW) and
``weight_decay_step``.
"""

from __future__ import annotations

import math

import numpy as np

from course2 import regularization as R

from .grading import Exercise, Misconception, Probe

__all__ = ["EXERCISES"]


def l2_cost(weights, lambd, m):
    """The reference, with the student's signature."""
    return R.penalty_cost(weights, lambd, m)


def _norms_not_squared(weights, lambd, m):
    # ||W||_F^2 = penalty_cost([W], lambd=2, m=1)
    return lambd / (2 * m) * sum(math.sqrt(R.penalty_cost([W], 2.0, 1)) for W in weights)


_rng = np.random.default_rng(3)
_W1, _W2, _W3 = _rng.normal(size=(3, 2)), _rng.normal(size=(2, 3)), _rng.normal(size=(1, 2))

L2_COST = Exercise(
    name="l2_cost",
    signature="l2_cost(weights, lambd, m)",
    reference=l2_cost,
    misconceptions=[
        Misconception(
            "lambd/m instead of lambd/(2m)",
            "The lecture's penalty is lambd / (2m) * sum ||W[l]||_F^2; the 1/2 makes its gradient (lambd/m) W.",
            lambda weights, lambd, m: 2 * l2_cost(weights, lambd, m)),
        Misconception(
            "forgot the 1/m",
            "The penalty is averaged like the data cost: lambd / (2m) * sum ||W[l]||_F^2, with m the number of "
            "examples.",
            lambda weights, lambd, m: m * l2_cost(weights, lambd, m)),
        Misconception(
            "did not square the norms",
            "The L2 penalty uses the SQUARED Frobenius norm, ||W||_F^2 = sum of W_ij^2 "
            "(np.sum(np.square(W))), not its square root.",
            _norms_not_squared),
        Misconception(
            "penalized only the last layer",
            "The sum runs over every layer: lambd / (2m) * (||W[1]||_F^2 + ... + ||W[L]||_F^2).",
            lambda weights, lambd, m: l2_cost(list(weights)[-1:], lambd, m)),
        Misconception(
            "summed |W| (L1) instead of W^2",
            "L2 squares each weight: sum of W_ij^2. A sum of |W_ij| is the L1 penalty.",
            lambda weights, lambd, m: R.penalty_cost(weights, lambd, m, penalty="l1")),
    ],
    probes=[
        Probe(([np.array([[1.0, -2.0]]), np.array([[3.0]])], 0.5, 1)),
        Probe(([_W1, _W2], 0.7, 5), "weights = [W1 (3, 2), W2 (2, 3)] (random normal), lambd=0.7, m=5"),
        Probe(([_W1, _W2, _W3], 2.0, 10), "weights = [W1 (3, 2), W2 (2, 3), W3 (1, 2)] (random normal), "
                                          "lambd=2.0, m=10"),
    ],
    hint="sum over the layers of np.sum(np.square(W)), times lambd / (2 * m).",
)


def l2_gradient(W, lambd, m):
    """The reference, with the student's signature: the L2 term of dW."""
    dW = np.zeros(np.shape(W))
    R.add_penalty_gradient(dW, W, lambd, m)
    return dW


def _l1_gradient(W, lambd, m):
    dW = np.zeros(np.shape(W))
    R.add_penalty_gradient(dW, W, lambd, m, penalty="l1")
    return 2 * dW  # the package's L1 term is (lambd/2m) sign(W); this mistake is (lambd/m) sign(W)


L2_GRADIENT = Exercise(
    name="l2_gradient",
    signature="l2_gradient(W, lambd, m)",
    reference=l2_gradient,
    misconceptions=[
        Misconception(
            "lambd/(2m) * W",
            "The derivative of lambd/(2m) * W^2 is lambd/(2m) * 2W = (lambd/m) * W: the 2 from the square cancels "
            "the 1/2.",
            lambda W, lambd, m: 0.5 * l2_gradient(W, lambd, m)),
        Misconception(
            "2 * lambd / m * W",
            "The 2 from differentiating W^2 cancels the 1/2 of lambd/(2m); it does not multiply lambd/m again. "
            "The term is (lambd/m) * W.",
            lambda W, lambd, m: 2 * l2_gradient(W, lambd, m)),
        Misconception(
            "forgot the 1/m",
            "The cost is averaged over m examples, and so is its gradient: (lambd/m) * W.",
            lambda W, lambd, m: m * l2_gradient(W, lambd, m)),
        Misconception(
            "used sign(W) (the L1 gradient)",
            "sign(W) is the gradient of |W| (L1). The L2 penalty W^2 has gradient proportional to W itself: "
            "(lambd/m) * W.",
            _l1_gradient),
    ],
    probes=[
        Probe((np.array([[0.5, -2.0]]), 0.3, 2)),
        Probe((np.array([[1.0, -0.25, 3.0], [2.0, 0.0, -1.5]]), 0.7, 5)),
        Probe((_W1, 4.0, 8), "W = W1 (3, 2) random normal, lambd=4.0, m=8"),
    ],
    hint="the derivative of lambd/(2m) * sum W^2 with respect to W: (lambd / m) * W.",
)


def weight_decay_step(W, dW_data, alpha, lambd, m):
    """The reference, with the student's signature."""
    return R.weight_decay_step(W, dW_data, alpha=alpha, lambd=lambd, m=m)


def _decay_after_step(W, dW_data, alpha, lambd, m):
    stepped = weight_decay_step(W, dW_data, alpha, 0.0, m)       # W - alpha dW_data
    return weight_decay_step(stepped, np.zeros_like(stepped), alpha, lambd, m)


def _decay_sign(W, dW_data, alpha, lambd, m):
    decayed = weight_decay_step(W, np.zeros_like(W), alpha, lambd, m)   # (1 - alpha lambd/m) W
    return weight_decay_step(W, dW_data, alpha, lambd, m) + 2 * (W - decayed)


WEIGHT_DECAY_STEP = Exercise(
    name="weight_decay_step",
    signature="weight_decay_step(W, dW_data, alpha, lambd, m)",
    reference=weight_decay_step,
    misconceptions=[
        Misconception(
            "decay factor without alpha: (1 - lambd/m)",
            "W - alpha * (dW_data + (lambd/m) W) = (1 - alpha*lambd/m) W - alpha dW_data: the learning rate "
            "multiplies the penalty's gradient too, so the decay factor is 1 - alpha*lambd/m.",
            lambda W, dW, alpha, lambd, m: weight_decay_step(W, alpha * dW, 1.0, lambd, m)),
        Misconception(
            "decayed the updated W (after the gradient step)",
            "Both terms use the current W: (1 - alpha*lambd/m) * W - alpha * dW_data. Decaying W - alpha*dW_data "
            "also shrinks the gradient step.",
            _decay_after_step),
        Misconception(
            "gradient step with the wrong sign",
            "Gradient descent moves against the gradient: - alpha * dW_data.",
            lambda W, dW, alpha, lambd, m: weight_decay_step(W, -np.asarray(dW), alpha, lambd, m)),
        Misconception(
            "decay with the wrong sign: (1 + alpha*lambd/m)",
            "The penalty's gradient (lambd/m) W is subtracted, so W shrinks: (1 - alpha*lambd/m) * W.",
            _decay_sign),
        Misconception(
            "decay factor without the 1/m: (1 - alpha*lambd)",
            "The L2 gradient is (lambd/m) W, so the decay factor is 1 - alpha*lambd/m.",
            lambda W, dW, alpha, lambd, m: weight_decay_step(W, dW, alpha, lambd, 1)),
    ],
    probes=[
        Probe((np.array([[1.0, -2.0]]), np.array([[0.5, 0.5]]), 0.1, 0.5, 2)),
        Probe((np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]]), np.array([[0.2, -0.4, 1.0], [0.0, 2.0, -0.5]]),
               0.5, 2.0, 10)),
        Probe((_W1, _W1[::-1] * 0.3, 0.05, 3.0, 4), "W = W1 (3, 2) random normal, dW_data = 0.3 * W1 upside down, "
                                                   "alpha=0.05, lambd=3.0, m=4"),
    ],
    hint="W - alpha * (dW_data + (lambd / m) * W), which is (1 - alpha * lambd / m) * W - alpha * dW_data.",
)

EXERCISES = [L2_COST, L2_GRADIENT, WEIGHT_DECAY_STEP]
