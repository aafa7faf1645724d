"""Input normalization fitted on the training set.

    mu      = (1/m) * sum_i x(i)                  per feature, over the TRAINING examples (axis=1)
    sigma^2 = (1/m) * sum_i (x(i) - mu)^2         population variance (divides by m, not m - 1)
    x      <- (x - mu) / sigma

Dev and test are transformed with the training set's mu and sigma, so their means and variances
are close to, not exactly, 0 and 1.

ERRATA #1: the notes divide by sigma^2. That gives unit variance only when sigma = 1 (a feature
with sigma = 10 ends with variance 1/100, one with sigma = 0.1 with variance 100).
``fit_standardizer(X, divide_by="variance")`` reproduces the notes' version so a notebook can show
the two side by side; the default ``divide_by="sigma"`` is the correct one.

A constant training feature (all m values identical) has sigma = 0. We do not divide by zero:
its divisor is taken as 1, so the feature becomes 0 on the training set (and x - mu elsewhere).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from course2 import _validate

__all__ = ["Standardizer", "fit_standardizer"]

DIVIDE_BY = ("sigma", "variance")


@dataclass(frozen=True, eq=False)
class Standardizer:
    """Training-set statistics: ``mu`` and ``sigma`` of shape (n_x, 1).

    ``transform(X) = (X - mu) / divisor`` with divisor = sigma (default) or sigma^2
    (``divide_by="variance"``, the notes' erratum), and divisor 1 where sigma = 0.
    """

    mu: np.ndarray
    sigma: np.ndarray
    divide_by: str = "sigma"

    def __post_init__(self):
        mu = _validate.array("mu", self.mu, ndim=2)
        sigma = _validate.array("sigma", self.sigma, ndim=2)
        if mu.shape[1] != 1 or sigma.shape != mu.shape:
            raise ValueError(f"mu and sigma must both have shape (n_x, 1), got {mu.shape} and {sigma.shape}")
        if np.any(sigma < 0):
            raise ValueError("sigma must be >= 0 everywhere, got negative entries")
        _validate.choice("divide_by", self.divide_by, DIVIDE_BY)
        mu, sigma = mu.copy(), sigma.copy()
        mu.flags.writeable = False
        sigma.flags.writeable = False
        object.__setattr__(self, "mu", mu)
        object.__setattr__(self, "sigma", sigma)

    @property
    def n_x(self) -> int:
        return self.mu.shape[0]

    @property
    def divisor(self) -> np.ndarray:
        """sigma or sigma^2 (per ``divide_by``), with 1 where sigma = 0. Shape (n_x, 1)."""
        d = self.sigma if self.divide_by == "sigma" else self.sigma**2
        return np.where(self.sigma > 0, d, 1.0)

    def _check(self, X, name: str) -> np.ndarray:
        X = _validate.array(name, X, ndim=2, nonempty=False)
        if X.shape[0] != self.n_x:
            raise ValueError(f"{name} must have n_x = {self.n_x} rows (features) like the training set, "
                             f"got shape {X.shape}")
        return X

    def transform(self, X) -> np.ndarray:
        """(X - mu) / divisor for X of shape (n_x, m); returns a new array."""
        X = self._check(X, "X")
        return (X - self.mu) / self.divisor

    def inverse_transform(self, X) -> np.ndarray:
        """X * divisor + mu: undoes ``transform`` (constant features come back as their value)."""
        X = self._check(X, "X")
        return X * self.divisor + self.mu


def fit_standardizer(X_train, *, divide_by: str = "sigma") -> Standardizer:
    """Fit mu and sigma per feature (row) on ``X_train`` (n_x, m).

        mu = mean(X_train, axis=1);  sigma = sqrt(mean((X_train - mu)^2, axis=1))

    A feature whose training values are all identical gets mu = that value and sigma = 0
    exactly (computed sums can leave a tiny rounding residue; it is not divided by).
    ``divide_by="variance"`` builds the notes' wrong version (ERRATA #1), for comparison only.
    """
    X = _validate.array("X_train", X_train, ndim=2)
    _validate.choice("divide_by", divide_by, DIVIDE_BY)
    mu = X.mean(axis=1, keepdims=True)
    sigma = np.sqrt(np.mean((X - mu) ** 2, axis=1, keepdims=True))
    constant = np.all(X == X[:, :1], axis=1, keepdims=True)
    mu = np.where(constant, X[:, :1], mu)
    sigma = np.where(constant, 0.0, sigma)
    return Standardizer(mu, sigma, divide_by)
