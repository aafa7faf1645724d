"""Batch normalization of a layer's Z, in the course's notation (Ioffe & Szegedy 2015).

For Z[l] of shape (n[l], m), one mini-batch of m examples:

    mu      = (1/m) sum_i Z(i)                     per unit, over the batch (axis=1): (n[l], 1)
    sigma^2 = (1/m) sum_i (Z(i) - mu)^2            the batch's (biased) variance:    (n[l], 1)
    Z_norm  = (Z - mu) / sqrt(sigma^2 + epsilon)
    Z_tilde = gamma * Z_norm + beta_bn             gamma, beta_bn: (n[l], 1), learned

Names. The lecture writes the shift as beta[l], the same letter as momentum's and Adam's beta.
Here it is ``beta_bn`` everywhere, and ``gamma`` is the scale. The bias b[l] of Z = W A + b is
redundant with batch norm: adding a constant to every example of Z[l] leaves Z - mu unchanged,
so its gradient is exactly 0 (beta_bn plays its role).

Training mode uses the batch's mu and sigma^2. A batch of one example is refused: every unit
would be Z - mu = 0. Evaluation mode uses running averages of mu and sigma^2 collected during
training, an exponentially weighted average (``course2.ewma``) in the lecture's convention:

    running <- beta * running + (1 - beta) * batch value        (beta = 0.9 by default)

PyTorch's ``BatchNorm1d(momentum=...)`` weighs the NEW value: its momentum is 1 - beta. Like
PyTorch, the running variance averages the batch's unbiased variance m/(m-1) sigma^2 (the
normalization itself uses the biased one), and starts at mean 0, variance 1. Evaluating before
any training step is refused: there is nothing averaged yet.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate
from .ewma import check_beta

__all__ = ["BatchNormCache", "RunningStats", "backward", "forward_eval", "forward_train"]

EPSILON = 1e-5


def _check_z(Z, name: str = "Z") -> np.ndarray:
    return _validate.array(name, Z, ndim=2)


def _check_params(gamma, beta_bn, n: int) -> tuple[np.ndarray, np.ndarray]:
    gamma = _validate.array("gamma", gamma, ndim=2)
    beta_bn = _validate.array("beta_bn", beta_bn, ndim=2)
    for name, p in (("gamma", gamma), ("beta_bn", beta_bn)):
        if p.shape != (n, 1):
            raise ValueError(f"{name} must have shape ({n}, 1) (one value per unit of Z), got {p.shape}")
    return gamma, beta_bn


def _check_epsilon(epsilon) -> float:
    return _validate.real("epsilon", epsilon, low=0.0, low_open=True)


@dataclass(frozen=True)
class BatchNormCache:
    """What ``backward`` needs from a training-mode forward pass."""

    Z_norm: np.ndarray
    inv_std: np.ndarray       # 1 / sqrt(sigma^2 + epsilon), (n, 1)
    gamma: np.ndarray
    mu: np.ndarray            # the batch statistics, (n, 1)
    var: np.ndarray


def forward_train(Z, gamma, beta_bn, epsilon: float = EPSILON) -> tuple[np.ndarray, BatchNormCache]:
    """Z_tilde with the batch's own mu and sigma^2; returns (Z_tilde, cache for ``backward``)."""
    Z = _check_z(Z)
    n, m = Z.shape
    if m < 2:
        raise ValueError(f"Z must hold at least 2 examples (columns) for batch normalization in training mode, "
                         f"got m = {m}: with one example every unit is Z - mu = 0")
    gamma, beta_bn = _check_params(gamma, beta_bn, n)
    epsilon = _check_epsilon(epsilon)
    mu = Z.mean(axis=1, keepdims=True)
    centered = Z - mu
    var = np.mean(centered * centered, axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + epsilon)
    Z_norm = centered * inv_std
    return gamma * Z_norm + beta_bn, BatchNormCache(Z_norm, inv_std, gamma, mu, var)


def backward(dZ_tilde, cache: BatchNormCache) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dZ, dgamma, dbeta_bn) from dZ_tilde through a training-mode forward pass.

        dbeta_bn = sum_i dZ_tilde(i)          dgamma = sum_i dZ_tilde(i) * Z_norm(i)
        dZ = (gamma * inv_std / m) * (m dZ_tilde - dbeta_bn - Z_norm * dgamma)

    (the three terms: through Z_norm directly, through mu, through sigma^2).
    """
    if not isinstance(cache, BatchNormCache):
        raise TypeError(f"cache must be the BatchNormCache that forward_train returned, got {type(cache).__name__}")
    dZ_tilde = _check_z(dZ_tilde, "dZ_tilde")
    if dZ_tilde.shape != cache.Z_norm.shape:
        raise ValueError(f"dZ_tilde must have the shape of the forward pass's Z {cache.Z_norm.shape}, "
                         f"got {dZ_tilde.shape}")
    m = dZ_tilde.shape[1]
    dbeta_bn = dZ_tilde.sum(axis=1, keepdims=True)
    dgamma = np.sum(dZ_tilde * cache.Z_norm, axis=1, keepdims=True)
    dZ = (cache.gamma * cache.inv_std / m) * (m * dZ_tilde - dbeta_bn - cache.Z_norm * dgamma)
    return dZ, dgamma, dbeta_bn


def forward_eval(Z, gamma, beta_bn, running: RunningStats, epsilon: float = EPSILON) -> np.ndarray:
    """Z_tilde with the running averages instead of the batch's statistics (evaluation, test time)."""
    Z = _check_z(Z)
    gamma, beta_bn = _check_params(gamma, beta_bn, Z.shape[0])
    if not isinstance(running, RunningStats):
        raise TypeError(f"running must be a RunningStats, got {type(running).__name__}")
    if running.t == 0:
        raise ValueError("evaluation mode needs running averages, and no training step has updated them yet: "
                         "train (forward_train + running.update) before evaluating")
    if running.mean.shape != (Z.shape[0], 1):
        raise ValueError(f"running statistics are for {running.mean.shape[0]} units, Z has {Z.shape[0]}")
    return gamma * (Z - running.mean) / np.sqrt(running.var + _check_epsilon(epsilon)) + beta_bn


class RunningStats:
    """Running averages of mu and sigma^2 for evaluation: running <- beta running + (1 - beta) value.

    ``beta`` follows the lecture's EWMA (PyTorch's ``momentum`` = 1 - beta). The variance averaged
    is the batch's unbiased one, m/(m-1) sigma^2, as in PyTorch; the averages start at 0 and 1 and
    are not bias-corrected (as in PyTorch). ``t`` counts updates.
    """

    def __init__(self, n: int, beta: float = 0.9):
        n = _validate.integer("n", n, low=1)
        self.beta = check_beta(beta)
        self.mean = np.zeros((n, 1))
        self.var = np.ones((n, 1))
        self.t = 0

    @property
    def torch_momentum(self) -> float:
        """The same update written PyTorch's way: BatchNorm1d(momentum=1 - beta)."""
        return 1.0 - self.beta

    def update(self, cache: BatchNormCache, m: int) -> None:
        """Fold one training batch's statistics (from ``forward_train``, batch size m) into the averages."""
        if not isinstance(cache, BatchNormCache):
            raise TypeError(f"cache must be the BatchNormCache that forward_train returned, got {type(cache).__name__}")
        m = _validate.integer("m", m, low=2)
        if cache.mu.shape != self.mean.shape:
            raise ValueError(f"cache is for {cache.mu.shape[0]} units, these running statistics for "
                             f"{self.mean.shape[0]}")
        self.mean = self.beta * self.mean + (1.0 - self.beta) * cache.mu
        self.var = self.beta * self.var + (1.0 - self.beta) * cache.var * (m / (m - 1))
        self.t += 1


# -- in place, for the network's fast path (same formulas, into preallocated arrays, no checks) ----------
def _forward_train_into(Z, gamma, beta_bn, epsilon, Z_norm, Z_tilde, work):
    """Z_norm and Z_tilde of ``forward_train`` written into the given (n, m) arrays (``work`` is
    scratch); returns (mu, var, inv_std), each (n, 1). Z is left unchanged."""
    mu = Z.mean(axis=1, keepdims=True)
    np.subtract(Z, mu, out=Z_norm)                             # centered
    np.multiply(Z_norm, Z_norm, out=work)
    var = np.mean(work, axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + epsilon)
    Z_norm *= inv_std
    np.multiply(gamma, Z_norm, out=Z_tilde)
    Z_tilde += beta_bn
    return mu, var, inv_std


def _forward_eval_into(Z, gamma, beta_bn, mean, var, epsilon, Z_tilde):
    """``forward_eval`` written into Z_tilde, with the running ``mean`` and ``var`` as arrays."""
    np.subtract(Z, mean, out=Z_tilde)
    Z_tilde *= gamma / np.sqrt(var + epsilon)
    Z_tilde += beta_bn


def _backward_into(dZ_tilde, Z_norm, inv_std, gamma, dgamma, dbeta_bn, work) -> None:
    """``backward`` in place: dZ_tilde becomes dZ; dgamma and dbeta_bn (n, 1) are filled."""
    m = dZ_tilde.shape[1]
    np.add.reduce(dZ_tilde, axis=1, keepdims=True, out=dbeta_bn)
    np.multiply(dZ_tilde, Z_norm, out=work)
    np.add.reduce(work, axis=1, keepdims=True, out=dgamma)
    dZ_tilde *= m
    dZ_tilde -= dbeta_bn
    np.multiply(Z_norm, dgamma, out=work)
    dZ_tilde -= work
    dZ_tilde *= gamma * inv_std / m
