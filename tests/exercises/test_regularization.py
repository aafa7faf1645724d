"""Notebook 03 exercises: L2 cost, its gradient and the weight-decay step."""

import numpy as np
import pytest

from course2.exercises import check

COST_MISTAKES = {
    "lambd/m instead of lambd/(2m)": lambda ws, lambd, m: lambd / m * sum(np.sum(W ** 2) for W in ws),
    "forgot the 1/m": lambda ws, lambd, m: lambd / 2 * sum(np.sum(W ** 2) for W in ws),
    "did not square the norms": lambda ws, lambd, m: lambd / (2 * m) * sum(np.linalg.norm(W) for W in ws),
    "penalized only the last layer": lambda ws, lambd, m: lambd / (2 * m) * np.sum(ws[-1] ** 2),
    "summed |W| (L1) instead of W^2": lambda ws, lambd, m: lambd / (2 * m) * sum(np.abs(W).sum() for W in ws),
}


@pytest.mark.parametrize("name", COST_MISTAKES)
def test_l2_cost_mistakes_are_named(name):
    assert check.l2_cost(COST_MISTAKES[name]).misconception == name


def test_l2_cost_alternatives_pass():
    def with_loops(weights, lambd, m):
        total = 0.0
        for W in weights:
            for j in range(W.shape[1]):          # columns first: the order does not matter
                for i in range(W.shape[0]):
                    total += W[i, j] ** 2
        return lambd * total / (2 * m)

    assert check.l2_cost(with_loops)
    assert check.l2_cost(lambda ws, lambd, m: lambd / (2 * m) * sum(np.linalg.norm(W, "fro") ** 2 for W in ws))


GRADIENT_MISTAKES = {
    "lambd/(2m) * W": lambda W, lambd, m: lambd / (2 * m) * W,
    "2 * lambd / m * W": lambda W, lambd, m: 2 * lambd / m * W,
    "forgot the 1/m": lambda W, lambd, m: lambd * W,
    "used sign(W) (the L1 gradient)": lambda W, lambd, m: lambd / m * np.sign(W),
}


@pytest.mark.parametrize("name", GRADIENT_MISTAKES)
def test_l2_gradient_mistakes_are_named(name):
    assert check.l2_gradient(GRADIENT_MISTAKES[name]).misconception == name


STEP_MISTAKES = {
    "decay factor without alpha: (1 - lambd/m)": lambda W, dW, alpha, lambd, m: (1 - lambd / m) * W - alpha * dW,
    "decayed the updated W (after the gradient step)":
        lambda W, dW, alpha, lambd, m: (1 - alpha * lambd / m) * (W - alpha * dW),
    "gradient step with the wrong sign": lambda W, dW, alpha, lambd, m: (1 - alpha * lambd / m) * W + alpha * dW,
    "decay with the wrong sign: (1 + alpha*lambd/m)":
        lambda W, dW, alpha, lambd, m: (1 + alpha * lambd / m) * W - alpha * dW,
    "decay factor without the 1/m: (1 - alpha*lambd)":
        lambda W, dW, alpha, lambd, m: (1 - alpha * lambd) * W - alpha * dW,
}


@pytest.mark.parametrize("name", STEP_MISTAKES)
def test_weight_decay_step_mistakes_are_named(name):
    assert check.weight_decay_step(STEP_MISTAKES[name]).misconception == name


def test_weight_decay_step_alternatives_pass():
    def in_place_on_a_copy(W, dW_data, alpha, lambd, m):
        W = W.copy()
        W *= 1 - alpha * lambd / m
        W -= alpha * dW_data
        return W

    assert check.weight_decay_step(in_place_on_a_copy)
    assert check.weight_decay_step(lambda W, dW, alpha, lambd, m: W - alpha * (dW + lambd / m * W))


def test_changing_the_callers_array_does_not_leak_between_probes():
    def mutates(W, dW_data, alpha, lambd, m):
        W -= alpha * (dW_data + lambd / m * W)
        return W

    assert check.weight_decay_step(mutates)
