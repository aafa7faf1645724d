"""Exercises for notebook 17 (batch normalization), in the lecture's notation (Z is (n[l], m)):

    batch_norm_train(Z, gamma, beta_bn, running_mean, running_var, beta, epsilon)
        -> (Z_tilde, running_mean, running_var)
        mu, sigma^2 over the batch (axis=1); Z_tilde = gamma (Z - mu) / sqrt(sigma^2 + epsilon) + beta_bn;
        running <- beta running + (1 - beta) batch value (the variance: the unbiased m/(m-1) sigma^2)
    batch_norm_eval(Z, gamma, beta_bn, running_mean, running_var, epsilon) -> Z_tilde
        the same normalization with the running averages

Probes use epsilon = 0.25 (so epsilon inside or outside the root differ visibly) and Z of shape (3, 4)
(so statistics over the wrong axis give other numbers). Reference: ``course2.batch_norm``.
"""

from __future__ import annotations

import numpy as np

from course2 import batch_norm as B

from .grading import Exercise, Misconception, Probe

__all__ = ["EXERCISES"]


def _stats(running_mean, running_var, beta):
    r = B.RunningStats(np.shape(running_mean)[0], beta)
    r.mean, r.var = np.asarray(running_mean, float).copy(), np.asarray(running_var, float).copy()
    return r


def batch_norm_train(Z, gamma, beta_bn, running_mean, running_var, beta, epsilon):
    """The reference, with the student's signature."""
    Zt, cache = B.forward_train(Z, gamma, beta_bn, epsilon)
    r = _stats(running_mean, running_var, beta)
    r.update(cache, np.shape(Z)[1])
    return Zt, r.mean, r.var


def _train_mutant(normalize, update=True):
    def mutant(Z, gamma, beta_bn, running_mean, running_var, beta, epsilon):
        Z = np.asarray(Z, float)
        m = Z.shape[1]
        Zt, mu, var = normalize(Z, gamma, beta_bn, epsilon)
        if not update:
            return Zt, np.asarray(running_mean, float), np.asarray(running_var, float)
        return (Zt, beta * running_mean + (1 - beta) * mu,
                beta * running_var + (1 - beta) * var * m / (m - 1))
    return mutant


def _norm(axis=1, outside=False):
    def normalize(Z, gamma, beta_bn, epsilon):
        mu = Z.mean(axis=axis, keepdims=True)
        var = Z.var(axis=axis, keepdims=True)
        denom = np.sqrt(var) + epsilon if outside else np.sqrt(var + epsilon)
        Zt = gamma * (Z - mu) / denom + beta_bn
        if axis == 0:
            mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
        return Zt, mu, var
    return normalize


BATCH_NORM_TRAIN = Exercise(
    name="batch_norm_train",
    signature="batch_norm_train(Z, gamma, beta_bn, running_mean, running_var, beta, epsilon)",
    reference=batch_norm_train,
    misconceptions=[
        Misconception(
            "epsilon outside the root",
            "Batch norm puts epsilon INSIDE the square root: (Z - mu) / np.sqrt(var + epsilon). Outside, "
            "(Z - mu) / (np.sqrt(var) + epsilon), is RMSprop's and Adam's placement, not batch norm's.",
            _train_mutant(_norm(outside=True))),
        Misconception(
            "statistics over the wrong axis (axis=0)",
            "Z is (n[l], m) with one example per column: average over the examples, Z.mean(axis=1, keepdims=True), "
            "giving one mu per unit, shape (n[l], 1). axis=0 averages the units of each example.",
            _train_mutant(_norm(axis=0))),
        Misconception(
            "running averages never updated",
            "Training mode also folds this batch into the running averages: "
            "running_mean = beta * running_mean + (1 - beta) * mu (and the same for the variance, with "
            "m / (m - 1) * var). Without it evaluation uses the initial 0 and 1.",
            _train_mutant(_norm(), update=False)),
        Misconception(
            "beta and 1 - beta swapped in the running averages",
            "beta weighs the OLD average: running = beta * running + (1 - beta) * batch value.",
            lambda Z, g, b, rm, rv, beta, eps: batch_norm_train(Z, g, b, rm, rv, 1 - beta, eps)),
        Misconception(
            "running variance without the m / (m - 1) correction",
            "The running variance averages the batch's unbiased variance, m / (m - 1) * var (as PyTorch does); "
            "the normalization itself uses the biased var.",
            lambda Z, g, b, rm, rv, beta, eps: (
                lambda out: (out[0], out[1], beta * np.asarray(rv, float)
                             + (1 - beta) * np.asarray(Z, float).var(axis=1, keepdims=True)))(
                batch_norm_train(Z, g, b, rm, rv, beta, eps))),
    ],
    probes=[
        Probe((np.array([[1.0, 2.0, 4.0, 7.0], [0.5, -0.5, 0.2, 0.1], [3.0, 3.5, 2.0, 0.0]]),
               np.array([[1.0], [2.0], [0.5]]), np.array([[0.0], [1.0], [-1.0]]),
               np.array([[0.1], [0.0], [-0.2]]), np.array([[1.0], [0.5], [2.0]]), 0.8, 0.25)),
        Probe((np.array([[0.3, -0.2], [1.5, 1.0]]), np.array([[1.5], [1.0]]), np.array([[0.2], [0.0]]),
               np.zeros((2, 1)), np.ones((2, 1)), 0.9, 1e-5)),
    ],
    hint="mu = Z.mean(axis=1, keepdims=True); var = Z.var(axis=1, keepdims=True); "
         "Z_tilde = gamma * (Z - mu) / np.sqrt(var + epsilon) + beta_bn; then the running averages with beta "
         "(the variance: m / (m - 1) * var); return (Z_tilde, running_mean, running_var).",
)


def batch_norm_eval(Z, gamma, beta_bn, running_mean, running_var, epsilon):
    """The reference, with the student's signature."""
    r = _stats(running_mean, running_var, 0.9)
    r.t = 1
    return B.forward_eval(Z, gamma, beta_bn, r, epsilon)


BATCH_NORM_EVAL = Exercise(
    name="batch_norm_eval",
    signature="batch_norm_eval(Z, gamma, beta_bn, running_mean, running_var, epsilon)",
    reference=batch_norm_eval,
    misconceptions=[
        Misconception(
            "batch statistics at evaluation",
            "At evaluation use the running averages, not this batch's mean and variance: the prediction for one "
            "example must not depend on the other examples it is evaluated with (a batch of one would give 0).",
            lambda Z, g, b, rm, rv, eps: batch_norm_train(Z, g, b, rm, rv, 0.9, eps)[0]),
        Misconception(
            "epsilon outside the root",
            "Batch norm puts epsilon INSIDE the square root: (Z - running_mean) / np.sqrt(running_var + epsilon).",
            lambda Z, g, b, rm, rv, eps: g * (np.asarray(Z, float) - rm) / (np.sqrt(rv) + eps) + b),
        Misconception(
            "no scale and shift",
            "After normalizing, scale and shift: gamma * Z_norm + beta_bn (they are learned; without them every "
            "unit is stuck at mean 0, variance 1).",
            lambda Z, g, b, rm, rv, eps: (np.asarray(Z, float) - rm) / np.sqrt(rv + eps)),
    ],
    probes=[
        Probe((np.array([[1.0, 2.0, 4.0, 7.0], [0.5, -0.5, 0.2, 0.1], [3.0, 3.5, 2.0, 0.0]]),
               np.array([[1.0], [2.0], [0.5]]), np.array([[0.0], [1.0], [-1.0]]),
               np.array([[0.1], [0.0], [-0.2]]), np.array([[1.0], [0.5], [2.0]]), 0.25)),
        Probe((np.array([[0.3, -0.2], [1.5, 1.0]]), np.array([[1.5], [1.0]]), np.array([[0.2], [0.0]]),
               np.array([[0.1], [1.2]]), np.array([[0.04], [0.3]]), 1e-5)),
    ],
    hint="Z_tilde = gamma * (Z - running_mean) / np.sqrt(running_var + epsilon) + beta_bn: the running averages, "
         "not the batch's statistics.",
)

EXERCISES = [BATCH_NORM_TRAIN, BATCH_NORM_EVAL]
