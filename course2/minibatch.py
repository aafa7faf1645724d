"""Mini-batches: shuffle the m examples, then cut them into batches of ``batch_size``.

Mini-batch t is X^{t}, Y^{t} (curly braces: square brackets are the lecture's layer index,
ERRATA #6). The last batch holds the m mod batch_size examples left over, so every example
appears exactly once per epoch. ``batch_size = m`` is batch gradient descent; ``batch_size = 1``
is stochastic gradient descent.
"""

from __future__ import annotations

import math

import numpy as np

from . import _validate


def check_batch_size(batch_size, m: int) -> int:
    """batch_size must be an integer in [1, m]."""
    m = _validate.integer("m", m, low=1)
    return _validate.integer("batch_size", batch_size, low=1, high=m)


def num_batches(m: int, batch_size: int) -> int:
    """ceil(m / batch_size): the number of mini-batches in one epoch."""
    return math.ceil(m / check_batch_size(batch_size, m))


def batch_slices(m: int, batch_size: int) -> list[slice]:
    """Column slices [0:B], [B:2B], ..., with the last one partial."""
    batch_size = check_batch_size(batch_size, m)
    return [slice(start, min(start + batch_size, m)) for start in range(0, m, batch_size)]


def shuffled(X: np.ndarray, Y: np.ndarray, rng) -> tuple[np.ndarray, np.ndarray]:
    """X and Y with their columns permuted together by ``rng``, stored column-major (Fortran order)
    so that each mini-batch X[:, a:b] is one contiguous block."""
    X, Y = _validate.xy(X, Y)
    perm = _validate.rng("rng", rng).permutation(X.shape[1])
    return np.asfortranarray(X[:, perm]), np.asfortranarray(Y[:, perm])


def random_mini_batches(X, Y, batch_size: int = 64, *, rng) -> list[tuple[np.ndarray, np.ndarray]]:
    """Shuffle (X, Y) with ``rng`` and partition into [(X^{1}, Y^{1}), (X^{2}, Y^{2}), ...]."""
    X, Y = _validate.xy(X, Y)
    batch_size = check_batch_size(batch_size, X.shape[1])
    Xs, Ys = shuffled(X, Y, rng)
    return [(Xs[:, s], Ys[:, s]) for s in batch_slices(X.shape[1], batch_size)]
