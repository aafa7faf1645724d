"""Regularization: the L2 (Frobenius) and L1 penalties and weight decay (dropout: ``course2.dropout``).

Penalties follow the lecture, summed over the weights W[l] only (biases are not penalized):

    L2:  J = J_data + lambd / (2m) * sum_l ||W[l]||_F^2      dW[l] += (lambd / m) * W[l]
    L1:  J = J_data + lambd / (2m) * sum_l sum |W[l]_ij|     dW[l] += (lambd / 2m) * sign(W[l])

The L1 scale lambd/(2m) is the lecture's; some texts use lambd/m (it only rescales lambd).

For plain gradient descent, L2 regularization *is* weight decay:

    W <- W - alpha * (dW_data + (lambd/m) W) = (1 - alpha*lambd/m) W - alpha * dW_data

(with Adam it is not: see ``course2.optimizers.AdamW``).

"""

from __future__ import annotations

import numpy as np

from . import _validate

PENALTIES = ("l2", "l1")


def _weights(weights) -> list[np.ndarray]:
    """weights must be a non-empty list of finite arrays W[1], ..., W[L]."""
    return [_validate.array(f"weights[{i}]", W, nonempty=False)
            for i, W in enumerate(_validate.items("weights", weights))]


def check_lambd(lambd) -> float:
    """lambd must be a finite real >= 0."""
    return _validate.real("lambd", lambd, low=0.0)


def penalty_cost(weights, lambd: float, m: int, penalty: str = "l2") -> float:
    """The regularization term added to the cost: lambd/(2m) * sum ||W||_F^2 (l2) or sum |W| (l1)."""
    lambd = check_lambd(lambd)
    m = _validate.integer("m", m, low=1)
    _validate.choice("penalty", penalty, PENALTIES)
    if lambd == 0.0:             # 0 whatever the weights: skip the per-array checks (a training loop's common case)
        _validate.items("weights", weights)
        return 0.0
    return _penalty_cost(_weights(weights), lambd, m, penalty)


def _penalty_cost(weights, lambd: float, m: int, penalty: str = "l2") -> float:
    """``penalty_cost`` without argument checks (the training loop's fast path; weights may have diverged)."""
    if lambd == 0.0:
        return 0.0
    if penalty == "l2":
        total = sum(float(np.vdot(W, W)) for W in weights)
    else:
        total = sum(float(np.abs(W).sum()) for W in weights)
    return lambd / (2.0 * m) * total


def add_penalty_gradient(dW: np.ndarray, W: np.ndarray, lambd: float, m: int, penalty: str = "l2") -> None:
    """dW += d(penalty)/dW, in place: (lambd/m) W for l2, (lambd/2m) sign(W) for l1."""
    dW = _validate.instance("dW", dW, np.ndarray, "a numpy float array (updated in place)")
    if dW.dtype.kind != "f" or not dW.flags.writeable:
        raise TypeError(f"dW must be a writeable floating-point array (updated in place), got dtype {dW.dtype}")
    W = _validate.same_shape("W", _validate.array("W", W, nonempty=False), "dW", dW)
    lambd = check_lambd(lambd)
    m = _validate.integer("m", m, low=1)
    _validate.choice("penalty", penalty, PENALTIES)
    _add_penalty_gradient(dW, W, lambd, m, penalty)


def _add_penalty_gradient(dW: np.ndarray, W: np.ndarray, lambd: float, m: int, penalty: str = "l2") -> None:
    """``add_penalty_gradient`` without argument checks (the backward pass's fast path)."""
    if lambd == 0.0:
        return
    if penalty == "l2":
        dW += (lambd / m) * W
    elif penalty == "l1":
        dW += (lambd / (2.0 * m)) * np.sign(W)


def weight_decay_step(W: np.ndarray, dW_data: np.ndarray, *, alpha: float, lambd: float, m: int) -> np.ndarray:
    """The L2 gradient-descent step written as weight decay: (1 - alpha*lambd/m) W - alpha dW_data."""
    alpha = _validate.real("alpha", alpha, low=0.0, low_open=True)
    lambd = check_lambd(lambd)
    m = _validate.integer("m", m, low=1)
    W = _validate.array("W", W, nonempty=False)
    dW_data = _validate.same_shape("dW_data", _validate.array("dW_data", dW_data, nonempty=False), "W", W)
    return (1.0 - alpha * lambd / m) * W - alpha * dW_data


def soft_threshold(W: np.ndarray, threshold: float) -> np.ndarray:
    """sign(W) * max(|W| - threshold, 0): the proximal step of an L1 penalty.

    Plain subgradient steps on |W| oscillate around 0 and almost never land on it; the proximal
    (soft-thresholding) step sets small weights to exactly 0, which is where L1's sparsity shows.
    """
    threshold = _validate.real("threshold", threshold, low=0.0)
    return _soft_threshold(_validate.array("W", W, nonempty=False), threshold)


def _soft_threshold(W: np.ndarray, threshold: float) -> np.ndarray:
    """``soft_threshold`` without argument checks (the training loop's fast path)."""
    return np.sign(W) * np.maximum(np.abs(W) - threshold, 0.0)


def sparsity(weights, tol: float = 1e-3) -> float:
    """Fraction of weights with |W| <= tol (tol=0 counts exact zeros only)."""
    tol = _validate.real("tol", tol, low=0.0)
    weights = _weights(weights)
    total = sum(W.size for W in weights)
    if total == 0:
        raise ValueError("weights must hold at least one weight, got only empty arrays")
    small = sum(int(np.count_nonzero(np.abs(W) <= tol)) for W in weights)
    return small / total
