"""Softmax and categorical cross-entropy, in the lecture's layout: Z is (C, m), one example per column.

    softmax(Z)[k, i]   = exp(Z[k, i]) / sum_j exp(Z[j, i])                     (each column sums to 1)
                       = exp(Z[k, i] - c_i) / sum_j exp(Z[j, i] - c_i)  for any c_i; c_i = max_j Z[j, i]
    log_softmax(Z)     = Z - c - log sum_j exp(Z[j] - c)                        (never log of 0)
    J = cross_entropy(Z, Y) = -(1/m) sum_i sum_k Y[k, i] log_softmax(Z)[k, i]     (Y one-hot (C, m))
    dZ = d J / d Z     = (softmax(Z) - Y) / m                                     (= (Y_hat - Y) / m)
    Jacobian of one column p = softmax(z):  d p / d z = diag(p) - p p^T

Subtracting the column's max changes nothing mathematically and everything numerically: exp(z)
overflows float32 for z > log(float32 max) ~ 88.72 (float64: 709.78) and the unshifted softmax then
returns inf/inf = NaN; after the shift the largest exponent is exp(0) = 1. The loss is computed from
``log_softmax``, not as log(softmax(Z)): a probability that underflowed to 0 has log 0 = -inf, while
log_softmax keeps the finite value z_k - max - log(sum).

With two classes, softmax([z1, z2])[0] = 1 / (1 + exp(z2 - z1)) = sigmoid(z1 - z2): logistic
regression is softmax regression with C = 2 and one logit fixed at 0.

``softmax_unshifted`` is the textbook formula without the shift, kept to show what breaks. Every
function keeps a float32 input in float32 (the precision where the overflow is easy to reach) and
computes anything else in float64. ``course2.network`` uses ``_softmax_into`` for its softmax output.
"""

from __future__ import annotations

import numpy as np

from . import _validate

__all__ = ["cross_entropy", "cross_entropy_gradient", "largest_safe_logit", "log_softmax", "one_hot", "softmax",
           "softmax_jacobian", "softmax_unshifted"]


def _logits(Z, name: str = "Z", finite: bool = True) -> np.ndarray:
    dtype = Z.dtype if isinstance(Z, np.ndarray) and Z.dtype in (np.float32, np.float64) else np.float64
    Z = _validate.array(name, Z, dtype=dtype, finite=finite)
    if Z.ndim not in (1, 2):
        raise ValueError(f"{name} must be a (C,) vector or a (C, m) array of logits (one example per column), "
                         f"got shape {Z.shape}")
    return Z


def _softmax_into(Z: np.ndarray, out: np.ndarray, lse: np.ndarray) -> np.ndarray:
    """softmax over axis 0 of a (C, m) Z into ``out``; ``lse`` (1, m) receives max + log sum exp(Z - max).
    No checks (the network's fast path): 5 numpy calls, no temporaries beyond one (1, m) row."""
    np.max(Z, axis=0, keepdims=True, out=lse)
    np.subtract(Z, lse, out=out)
    np.exp(out, out=out)
    total = np.add.reduce(out, axis=0, keepdims=True)
    out /= total
    np.log(total, out=total)
    lse += total
    return out


def softmax(Z) -> np.ndarray:
    """exp(Z - max) / sum exp(Z - max), column by column (over axis 0: the C classes of each example)."""
    Z = _logits(Z)
    Z2 = Z.reshape(Z.shape[0], -1)
    out = np.empty_like(Z2)
    _softmax_into(Z2, out, np.empty((1, Z2.shape[1]), Z2.dtype))
    return out.reshape(Z.shape)


def softmax_unshifted(Z) -> np.ndarray:
    """exp(Z) / sum exp(Z) without the max shift: equal to ``softmax`` until exp overflows (z > ~88.72 in
    float32, ~709.78 in float64), then inf/inf = NaN; or until every exp underflows, then 0/0 = NaN.
    For showing what the shift prevents; non-finite results are returned, not raised."""
    Z = _logits(Z)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        E = np.exp(Z)
        return E / E.sum(axis=0, keepdims=True)


def log_softmax(Z) -> np.ndarray:
    """Z - max - log sum exp(Z - max), column by column: finite for every finite Z."""
    Z = _logits(Z)
    shifted = Z - Z.max(axis=0, keepdims=True)
    with np.errstate(under="ignore"):
        return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))


def softmax_jacobian(p) -> np.ndarray:
    """d softmax(z) / d z = diag(p) - p p^T for one example's probabilities p (C,): entry (k, j) is
    p_k (delta_kj - p_j). Symmetric; every row and column sums to 0 (the probabilities keep summing to 1).
    Its diagonal alone, p (1 - p), is not the derivative: the off-diagonal -p_k p_j couple the classes."""
    p = _validate.array("p", p, ndim=1)
    if p.min() < 0 or abs(p.sum() - 1.0) > 1e-6:
        raise ValueError(f"p must be probabilities (>= 0, summing to 1), got min {p.min():g}, sum {p.sum():g}")
    return np.diag(p) - np.outer(p, p)


def _targets(Y, Z: np.ndarray) -> np.ndarray:
    Y = _validate.array("Y", Y, dtype=Z.dtype)
    if Y.shape != Z.shape:
        raise ValueError(f"Y must have the shape of Z {Z.shape} (one-hot columns, one per example), got {Y.shape}")
    sums = Y.reshape(Y.shape[0], -1).sum(axis=0)
    if Y.min() < 0 or np.max(np.abs(sums - 1.0)) > 1e-6:
        raise ValueError("Y must be one-hot (or probabilities): entries >= 0 and each column summing to 1")
    return Y


def cross_entropy(Z, Y) -> float:
    """J = -(1/m) sum Y * log_softmax(Z): the mean over the m examples of -log(probability of the true class),
    from the logits Z (C, m) (like PyTorch's ``cross_entropy`` on logits; never log of a softmax)."""
    Z = _logits(Z)
    Y = _targets(Y, Z)
    m = 1 if Z.ndim == 1 else Z.shape[1]
    return -float(np.sum(Y * log_softmax(Z))) / m


def cross_entropy_gradient(Z, Y) -> np.ndarray:
    """dZ = (softmax(Z) - Y) / m: the gradient of ``cross_entropy`` with respect to the logits. The chain
    rule through the Jacobian, (diag(p) - p p^T)(-y / p), collapses to p - y because the y sum to 1."""
    Z = _logits(Z)
    Y = _targets(Y, Z)
    m = 1 if Z.ndim == 1 else Z.shape[1]
    return (softmax(Z) - Y) / m


def one_hot(labels, C: int) -> np.ndarray:
    """Y (C, m) float64 with Y[labels[i], i] = 1, from m integer class labels in 0..C-1 (a (m,) or (1, m) array)."""
    C = _validate.integer("C", C, low=2)
    y = _validate.array("labels", labels)
    if y.ndim == 2 and y.shape[0] == 1:
        y = y[0]
    if y.ndim != 1:
        raise ValueError(f"labels must be a (m,) or (1, m) array of class labels, got shape {y.shape}")
    if np.any(y != np.round(y)) or y.min() < 0 or y.max() > C - 1:
        raise ValueError(f"labels must be whole numbers in 0..{C - 1} (C = {C}), got values in "
                         f"[{y.min():g}, {y.max():g}]")
    Y = np.zeros((C, y.size))
    Y[y.astype(np.int64), np.arange(y.size)] = 1.0
    return Y


def largest_safe_logit(dtype=np.float32) -> float:
    """log(largest finite float of ``dtype``): the largest z whose exp(z) does not overflow (float32 ~ 88.72,
    float64 ~ 709.78); the unshifted softmax of a column whose max logit is beyond it returns NaN."""
    try:
        dt = None if dtype is None else np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None or dt.kind != "f":
        raise TypeError(f"dtype must be a numpy floating dtype (float32 or float64), got {dtype!r}")
    return float(np.log(np.float64(np.finfo(dt).max)))
