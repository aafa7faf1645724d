"""Exercise for notebook 06 (normalizing inputs), in the lecture's layout: X is (n_x, m), one example per column.

    normalize_inputs(X_train, X_dev)  ->  ((X_train - mu) / sigma, (X_dev - mu) / sigma)

with mu and sigma (population, 1/m) per feature (row), from the TRAINING set only. Reference:
``course2.normalization.fit_standardizer``.
"""

from __future__ import annotations

import numpy as np

from course2.normalization import Standardizer, fit_standardizer

from .grading import Exercise, Misconception, Probe

__all__ = ["EXERCISES"]


def normalize_inputs(X_train, X_dev):
    """The reference, with the student's signature."""
    s = fit_standardizer(X_train)
    return s.transform(X_train), s.transform(X_dev)


def _divide_by_variance(X_train, X_dev):
    s = fit_standardizer(X_train, divide_by="variance")
    return s.transform(X_train), s.transform(X_dev)


def _dev_own_statistics(X_train, X_dev):
    return normalize_inputs(X_train, X_train)[0], normalize_inputs(X_dev, X_dev)[0]


def _per_example(X_train, X_dev):
    # statistics over axis=0 (down each column: one mu and sigma per EXAMPLE), training ones applied to dev
    Xt, Xd = np.asarray(X_train, dtype=float).T, np.asarray(X_dev, dtype=float).T
    if Xd.shape[0] != Xt.shape[0]:
        raise ValueError(f"operands could not be broadcast together with shapes {X_dev.shape} "
                         f"({Xt.shape[0]},)")
    s = fit_standardizer(Xt)
    return s.transform(Xt).T, s.transform(Xd).T


def _one_mu_sigma(X_train, X_dev):
    # np.mean(X_train) and np.std(X_train) without an axis: one number for all features
    s = fit_standardizer(np.asarray(X_train, dtype=float).reshape(1, -1))
    n_x = np.shape(X_train)[0]
    wide = Standardizer(np.full((n_x, 1), s.mu[0, 0]), np.full((n_x, 1), s.sigma[0, 0]))
    return wide.transform(X_train), wide.transform(X_dev)


def _sample_std(X_train, X_dev):
    X = np.asarray(X_train, dtype=float)
    m = X.shape[1]
    s = fit_standardizer(X)
    s1 = Standardizer(s.mu, s.sigma * np.sqrt(m / (m - 1)))
    return s1.transform(X_train), s1.transform(X_dev)


def _raw_second_moment(X_train, X_dev, *, power=0.5):
    # the notes' sigma^2 = (1/m) sum x^2 taken on the raw x, before subtracting mu: the second moment, not the variance
    X = np.asarray(X_train, dtype=float)
    mu = X.mean(axis=1, keepdims=True)
    second = np.mean(X ** 2, axis=1, keepdims=True)
    scale = second ** power
    return (X - mu) / scale, (np.asarray(X_dev, dtype=float) - mu) / scale


def _not_centered(X_train, X_dev):
    s = fit_standardizer(X_train)
    s0 = Standardizer(np.zeros_like(s.mu), s.sigma)
    return s0.transform(X_train), s0.transform(X_dev)


_rng = np.random.default_rng(6)
_XT = np.array([[1.0], [10.0]]) * (2.0 + _rng.standard_normal((2, 6)))
_XD = np.array([[1.0], [10.0]]) * (2.5 + _rng.standard_normal((2, 4)))
_XT3 = np.array([[0.1], [1.0], [30.0]]) * (1.0 + _rng.standard_normal((3, 5)))
_XD3 = np.array([[0.1], [1.0], [30.0]]) * (1.0 + _rng.standard_normal((3, 5)))

NORMALIZE_INPUTS = Exercise(
    name="normalize_inputs",
    signature="normalize_inputs(X_train, X_dev)",
    reference=normalize_inputs,
    misconceptions=[
        Misconception(
            "divided by sigma^2 (the notes' formula)",
            "Dividing by the variance sigma^2 leaves a feature with variance 1/sigma^2 (0.01 when sigma = 10): "
            "divide by sigma = np.sqrt(np.mean((X - mu)**2, axis=1, keepdims=True)).",
            _divide_by_variance),
        Misconception(
            "sigma^2 = mean(x^2) of the raw, uncentred x",
            "The notes' sigma^2 = (1/m) sum x^2 holds only AFTER subtracting mu. On the raw x it is the second moment "
            "mu^2 + sigma^2, larger than the variance whenever the mean is not 0: use "
            "np.mean((X - mu)**2, axis=1, keepdims=True).",
            _raw_second_moment),
        Misconception(
            "divided by mean(x^2) of the raw x (the notes' formula, uncentred)",
            "Two slips of the notes at once: sigma^2 = (1/m) sum x^2 on the raw, uncentred x (the second moment, not "
            "the variance) and x / sigma^2. Compute sigma^2 = np.mean((X - mu)**2, axis=1, keepdims=True) and divide "
            "by its square root sigma.",
            lambda Xt, Xd: _raw_second_moment(Xt, Xd, power=1.0)),
        Misconception(
            "normalized dev with its own mu and sigma",
            "Dev (and test) go through the SAME transform as training: compute mu and sigma on X_train only, then "
            "use them for X_dev. Dev's own statistics erase a shift of the dev data and make one example's value "
            "depend on the others in its set.",
            _dev_own_statistics),
        Misconception(
            "mu and sigma over the wrong axis (axis=0: per example)",
            "X is (n_x, m) with one example per column: a feature is a ROW, so average over the examples with "
            "axis=1 (keepdims=True gives shape (n_x, 1)). axis=0 gives one mu per example.",
            _per_example),
        Misconception(
            "one mu and one sigma for all features",
            "np.mean(X) without an axis mixes all the features: each feature (row) needs its own mu and sigma, "
            "with axis=1.",
            _one_mu_sigma),
        Misconception(
            "sigma with m - 1 (ddof=1)",
            "The lecture's sigma^2 averages over m: np.mean((X - mu)**2, axis=1), i.e. np.std(X, axis=1) (ddof=0). "
            "ddof=1 divides by m - 1: harmless in practice, but not the formula asked for here.",
            _sample_std),
        Misconception(
            "did not subtract the mean",
            "Normalizing is two steps: subtract mu, then divide by sigma: (X - mu) / sigma.",
            _not_centered),
    ],
    probes=[
        Probe((np.array([[1.0, 2.0, 6.0], [10.0, 30.0, 20.0]]), np.array([[2.0, 4.0, 9.0], [20.0, 25.0, 60.0]]))),
        Probe((_XT, _XD), "X_train (2, 6), X_dev (2, 4): feature 2 ten times as spread, dev shifted"),
        Probe((_XT3, _XD3), "X_train (3, 5), X_dev (3, 5): sigmas about 0.1, 1 and 30"),
    ],
    hint="mu = X_train.mean(axis=1, keepdims=True); sigma = X_train.std(axis=1, keepdims=True); "
         "return (X_train - mu) / sigma, (X_dev - mu) / sigma.",
)

EXERCISES = [NORMALIZE_INPUTS]
