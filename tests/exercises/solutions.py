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


def noisy_bayes_error(label_noise, e0):
    return label_noise * (1 - e0) + (1 - label_noise) * e0


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


def normalize_inputs(X_train, X_dev):
    mu = np.mean(X_train, axis=1, keepdims=True)
    sigma = np.sqrt(np.mean((X_train - mu) ** 2, axis=1, keepdims=True))
    return (X_train - mu) / sigma, (X_dev - mu) / sigma


def deep_linear_forward(w, L, W_L, x):
    a = np.array(x, dtype=float)
    for _ in range(1, L):                       # the L - 1 hidden layers W[l] = w I
        a = (w * np.eye(a.shape[0])) @ a
    return W_L @ a


def he_initialization(layer_sizes, rng):
    return [rng.standard_normal((layer_sizes[l], layer_sizes[l - 1])) * np.sqrt(2 / layer_sizes[l - 1])
            for l in range(1, len(layer_sizes))]


def lecun_initialization(layer_sizes, rng):
    return [rng.standard_normal((layer_sizes[l], layer_sizes[l - 1])) * np.sqrt(1 / layer_sizes[l - 1])
            for l in range(1, len(layer_sizes))]


def centered_difference(J, theta, epsilon):
    theta = np.array(theta, dtype=float)
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += epsilon
        minus[i] -= epsilon
        grad[i] = (J(plus) - J(minus)) / (2 * epsilon)
    return grad


def relative_error(grad, grad_approx):
    return np.linalg.norm(grad_approx - grad) / (np.linalg.norm(grad_approx) + np.linalg.norm(grad))


def gradient_check(data_cost, params, grads, names, lambd, m, epsilon):
    def J(ps):
        penalty = sum(np.sum(p ** 2) for p, name in zip(ps, names) if name.startswith("W"))
        return data_cost(ps) + lambd / (2 * m) * penalty

    approx = []
    for k, p in enumerate(params):
        a = np.zeros(p.shape)
        for idx in np.ndindex(p.shape):
            plus = [q.copy() for q in params]
            minus = [q.copy() for q in params]
            plus[k][idx] += epsilon
            minus[k][idx] -= epsilon
            a[idx] = (J(plus) - J(minus)) / (2 * epsilon)
        approx.append(a)
    a_all = np.concatenate([a.ravel() for a in approx])
    g_all = np.concatenate([np.ravel(g) for g in grads])
    difference = np.linalg.norm(a_all - g_all) / (np.linalg.norm(a_all) + np.linalg.norm(g_all))
    errors = [np.linalg.norm(a - g) / (np.linalg.norm(a) + np.linalg.norm(g)) for a, g in zip(approx, grads)]
    return difference, names[int(np.argmax(errors))]


def momentum_update(parameters, grads, velocities, alpha, beta):
    new_parameters, new_velocities = [], []
    for W, dW, V in zip(parameters, grads, velocities):
        V = beta * V + (1 - beta) * dW
        new_parameters.append(W - alpha * V)
        new_velocities.append(V)
    return new_parameters, new_velocities


def rmsprop_update(W, dW, S, alpha, beta, epsilon):
    S = beta * S + (1 - beta) * dW ** 2
    return W - alpha * dW / (np.sqrt(S) + epsilon), S


def rotate(X, degrees):
    theta = np.deg2rad(degrees)
    R = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    return R @ X


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


def batch_norm_train(Z, gamma, beta_bn, running_mean, running_var, beta, epsilon):
    m = Z.shape[1]
    mu = np.mean(Z, axis=1, keepdims=True)
    var = np.mean((Z - mu) ** 2, axis=1, keepdims=True)
    Z_tilde = gamma * (Z - mu) / np.sqrt(var + epsilon) + beta_bn
    running_mean = beta * running_mean + (1 - beta) * mu
    running_var = beta * running_var + (1 - beta) * var * m / (m - 1)
    return Z_tilde, running_mean, running_var


def batch_norm_eval(Z, gamma, beta_bn, running_mean, running_var, epsilon):
    return gamma * (Z - running_mean) / np.sqrt(running_var + epsilon) + beta_bn


def sample_alpha(low, high, size, rng):
    r = rng.uniform(np.log10(low), np.log10(high), size)
    return 10 ** r


def sample_beta(low, high, size, rng):
    r = rng.uniform(np.log10(1 - high), np.log10(1 - low), size)
    return 1 - 10 ** r


def stable_softmax(Z):
    shifted = Z - Z.max(axis=0, keepdims=True)
    E = np.exp(shifted)
    return E / E.sum(axis=0, keepdims=True)


def cross_entropy(Z, Y):
    c = Z.max(axis=0, keepdims=True)
    log_p = Z - c - np.log(np.exp(Z - c).sum(axis=0, keepdims=True))
    return -np.sum(Y * log_p) / Z.shape[1]


def adam_update(W, dW, V, S, t, alpha, beta1, beta2, epsilon):
    V = beta1 * V + (1 - beta1) * dW
    S = beta2 * S + (1 - beta2) * dW ** 2
    V_hat = V / (1 - beta1 ** t)
    S_hat = S / (1 - beta2 ** t)
    return W - alpha * V_hat / (np.sqrt(S_hat) + epsilon), V, S


def update_lr(alpha0, epoch_num, decay_rate):
    return alpha0 / (1 + decay_rate * epoch_num)


def schedule_lr_decay(alpha0, epoch_num, decay_rate, time_interval):
    return alpha0 / (1 + decay_rate * np.floor(epoch_num / time_interval))


def learning_rates(alpha0, decay_rate, num_epochs, batches_per_epoch):
    alphas = []
    for epoch in range(num_epochs):
        alpha = update_lr(alpha0, epoch, decay_rate)
        alphas += [alpha] * batches_per_epoch
    return alphas
