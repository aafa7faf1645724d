"""Model solutions, one per exercise, written as a student would: plain numpy, never the package.

CI checks that each passes its exercise (tests/exercises/test_grading.py). The names are exactly
the exercise names in ``course2.exercises.check.names``.
"""

import math
from statistics import NormalDist

import numpy as np


def dev_halfwidth(error_rate, n, confidence=0.95):
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    return z * math.sqrt(error_rate * (1 - error_rate) / n)


def required_dev_size(error_rate, halfwidth, confidence=0.95):
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    return math.ceil(z ** 2 * error_rate * (1 - error_rate) / halfwidth ** 2)


def diagnose(train_error, dev_error, bayes_error):
    high_bias = train_error - bayes_error > 0.02
    high_variance = dev_error - train_error > 0.02
    if high_bias and high_variance:
        return "high bias and high variance"
    if high_bias:
        return "high bias"
    if high_variance:
        return "high variance"
    return "low bias and low variance"


def l2_cost(weights, lambd, m):
    return lambd / (2 * m) * sum(np.sum(np.square(W)) for W in weights)


def l2_gradient(W, lambd, m):
    return lambd / m * W


def weight_decay_step(W, dW_data, alpha, lambd, m):
    return W - alpha * (dW_data + lambd / m * W)


def dropout_forward(A, keep_prob, rng):
    D = rng.random(A.shape) < keep_prob
    return A * D / keep_prob, D


def dropout_backward(dA, D, keep_prob):
    return dA * D / keep_prob


def dropout_predict(A, keep_prob):
    return A


def early_stopping(dev_errors, patience):
    best = 0
    for i, error in enumerate(dev_errors):
        if error < dev_errors[best]:
            best = i
        elif i - best >= patience:
            return i, best
    return len(dev_errors) - 1, best


def random_mini_batches(X, Y, batch_size, rng):
    m = X.shape[1]
    perm = rng.permutation(m)
    Xs, Ys = X[:, perm], Y[:, perm]
    return [(Xs[:, k:k + batch_size], Ys[:, k:k + batch_size]) for k in range(0, m, batch_size)]


def ewma_corrected(theta, beta):
    V, out = 0.0, []
    for t, x in enumerate(theta, start=1):
        V = beta * V + (1 - beta) * x
        out.append(V / (1 - beta ** t))
    return np.array(out)
