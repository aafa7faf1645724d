"""Notebook 06 exercise: fit mu and sigma on the training set, transform dev with them."""

import numpy as np
import pytest

from course2.exercises import check


def _std(X_train, X_dev, *, divide=lambda s: s, axis=1, ddof=0, center=True, dev_own=False):
    mu = X_train.mean(axis=axis, keepdims=True) if axis is not None else X_train.mean()
    sigma = X_train.std(axis=axis, keepdims=True, ddof=ddof) if axis is not None else X_train.std()
    if not center:
        mu = 0
    if dev_own:
        mu_d, sigma_d = X_dev.mean(axis=1, keepdims=True), X_dev.std(axis=1, keepdims=True)
        return (X_train - mu) / divide(sigma), (X_dev - mu_d) / divide(sigma_d)
    return (X_train - mu) / divide(sigma), (X_dev - mu) / divide(sigma)


MISTAKES = {
    "divided by sigma^2 (the notes' formula)": lambda Xt, Xd: _std(Xt, Xd, divide=lambda s: s**2),
    "normalized dev with its own mu and sigma": lambda Xt, Xd: _std(Xt, Xd, dev_own=True),
    "mu and sigma over the wrong axis (axis=0: per example)": lambda Xt, Xd: _std(Xt, Xd, axis=0),
    "one mu and one sigma for all features": lambda Xt, Xd: _std(Xt, Xd, axis=None),
    "sigma with m - 1 (ddof=1)": lambda Xt, Xd: _std(Xt, Xd, ddof=1),
    "did not subtract the mean": lambda Xt, Xd: _std(Xt, Xd, center=False),
    # the notes' sigma^2 = (1/m) sum x^2, on the raw x as a student copies it
    "sigma^2 = mean(x^2) of the raw, uncentred x": lambda Xt, Xd: _notes_sigma(Xt, Xd, lambda s2: np.sqrt(s2)),
    "divided by mean(x^2) of the raw x (the notes' formula, uncentred)": lambda Xt, Xd: _notes_sigma(Xt, Xd,
                                                                                                    lambda s2: s2),
}


def _notes_sigma(X_train, X_dev, divisor):
    mu = X_train.mean(axis=1, keepdims=True)
    sigma2 = (X_train ** 2).sum(axis=1, keepdims=True) / X_train.shape[1]
    return (X_train - mu) / divisor(sigma2), (X_dev - mu) / divisor(sigma2)


@pytest.mark.parametrize("name", MISTAKES)
def test_mistakes_are_named(name):
    assert check.normalize_inputs(MISTAKES[name]).misconception == name


def test_per_example_statistics_without_keepdims_are_named_too():
    def axis0(X_train, X_dev):
        mu, sigma = np.mean(X_train, axis=0), np.std(X_train, axis=0)
        return (X_train - mu) / sigma, (X_dev - mu) / sigma

    assert check.normalize_inputs(axis0).misconception == "mu and sigma over the wrong axis (axis=0: per example)"


def test_alternatives_pass():
    def with_np_std(X_train, X_dev):
        mu, sigma = X_train.mean(axis=1)[:, None], X_train.std(axis=1)[:, None]
        return (X_train - mu) / sigma, (X_dev - mu) / sigma

    def with_loops(X_train, X_dev):
        out_t, out_d = np.empty_like(X_train), np.empty_like(X_dev)
        for i in range(X_train.shape[0]):
            mu = sum(X_train[i]) / X_train.shape[1]
            var = sum((x - mu) ** 2 for x in X_train[i]) / X_train.shape[1]
            out_t[i] = (X_train[i] - mu) / var**0.5
            out_d[i] = (X_dev[i] - mu) / var**0.5
        return out_t, out_d

    assert check.normalize_inputs(with_np_std)
    assert check.normalize_inputs(with_loops)
