"""Notebook 17 exercises: batch-norm forward in training mode (with the running averages) and evaluation mode."""

import numpy as np
import pytest

from course2.exercises import check


def _train(axis=1, outside=False, update=True, swap=False, unbiased=True):
    def batch_norm_train(Z, gamma, beta_bn, running_mean, running_var, beta, epsilon):
        m = Z.shape[1]
        mu = Z.mean(axis=axis, keepdims=True)
        var = Z.var(axis=axis, keepdims=True)
        Zt = gamma * (Z - mu) / (np.sqrt(var) + epsilon if outside else np.sqrt(var + epsilon)) + beta_bn
        if not update:
            return Zt, running_mean, running_var
        mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
        b = 1 - beta if swap else beta
        return (Zt, b * running_mean + (1 - b) * mu,
                b * running_var + (1 - b) * var * (m / (m - 1) if unbiased else 1.0))
    return batch_norm_train


TRAIN_MISTAKES = {
    "epsilon outside the root": _train(outside=True),
    "statistics over the wrong axis (axis=0)": _train(axis=0),
    "running averages never updated": _train(update=False),
    "beta and 1 - beta swapped in the running averages": _train(swap=True),
    "running variance without the m / (m - 1) correction": _train(unbiased=False),
}


@pytest.mark.parametrize("name", TRAIN_MISTAKES)
def test_train_mistakes_are_named(name):
    assert check.batch_norm_train(TRAIN_MISTAKES[name]).misconception == name


def _batch_stats_at_eval(Z, gamma, beta_bn, running_mean, running_var, epsilon):
    mu, var = Z.mean(axis=1, keepdims=True), Z.var(axis=1, keepdims=True)
    return gamma * (Z - mu) / np.sqrt(var + epsilon) + beta_bn


EVAL_MISTAKES = {
    "batch statistics at evaluation": _batch_stats_at_eval,
    "epsilon outside the root": lambda Z, g, b, rm, rv, eps: g * (Z - rm) / (np.sqrt(rv) + eps) + b,
    "no scale and shift": lambda Z, g, b, rm, rv, eps: (Z - rm) / np.sqrt(rv + eps),
}


@pytest.mark.parametrize("name", EVAL_MISTAKES)
def test_eval_mistakes_are_named(name):
    assert check.batch_norm_eval(EVAL_MISTAKES[name]).misconception == name


def test_alternatives_pass():
    assert check.batch_norm_train(_train())

    def with_std(Z, gamma, beta_bn, running_mean, running_var, beta, epsilon):
        m = Z.shape[1]
        mu = Z.sum(axis=1, keepdims=True) / m
        var = Z.std(axis=1, keepdims=True) ** 2
        Z_norm = (Z - mu) / (var + epsilon) ** 0.5
        return (gamma * Z_norm + beta_bn, beta * running_mean + (1 - beta) * mu,
                beta * running_var + (1 - beta) * Z.var(axis=1, ddof=1, keepdims=True))

    assert check.batch_norm_train(with_std)
    assert check.batch_norm_eval(lambda Z, g, b, rm, rv, eps: g / np.sqrt(rv + eps) * (Z - rm) + b)
