"""Inverted dropout: keep each hidden unit with probability ``keep_prob``, scale the kept ones.

For a hidden layer's activations A[l] of shape (n[l], m), at training time only:

    D[l] = (rand(n[l], m) < keep_prob)          a fresh 0/1 mask every iteration
    A[l] = A[l] * D[l] / keep_prob              forward: E[A[l]] is unchanged
    dA[l] = dA[l] * D[l] / keep_prob            backward: the same mask, the same scale

and nothing at test time (no mask, no scaling). ``keep_prob`` is the probability of *keeping*
a unit, as in the lecture; PyTorch's ``nn.Dropout(p)`` takes the probability of *dropping* it,
p = 1 - keep_prob.

Draw every mask from one generator created once and passed in: a generator (or
``np.random.seed``) re-created inside the training loop draws the same mask every iteration,
which trains one fixed thinned network instead of dropout (a known bug of a widely used
assignment; ``dropout_masks(..., reseed_every_iteration=True)`` reproduces it).

The network applies dropout inside its own fused forward and backward passes
(``course2.network``) with masks from ``dropout_mask``; ``forward`` and ``backward`` here are
the same formulas as small pure functions.
"""

from __future__ import annotations

import numpy as np

from . import _validate

__all__ = ["backward", "check_keep_prob", "dropout_mask", "dropout_masks", "forward"]


def check_keep_prob(keep_prob, name: str = "keep_prob") -> float:
    """keep_prob must be a real in (0, 1] (1 means no dropout)."""
    return _validate.real(name, keep_prob, low=0.0, high=1.0, low_open=True)


def _shape(shape) -> tuple[int, ...]:
    """shape must be a sequence of positive integers, like (n[l], m)."""
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (shape,)
    return tuple(_validate.integer("shape", n, low=1) for n in _validate.items("shape", shape))


def dropout_mask(shape, keep_prob: float, rng) -> np.ndarray:
    """An inverted-dropout mask: 1/keep_prob where a unit is kept (probability keep_prob), else 0.

    Multiply activations by it in the forward pass and dA by the same mask in the backward pass.
    Draw a fresh mask every iteration from one generator; reseeding inside the loop reuses a mask.
    """
    keep_prob = check_keep_prob(keep_prob)
    shape = _shape(shape)
    gen = _validate.rng("rng", rng)
    keep = gen.random(shape) < keep_prob
    return keep / keep_prob


def forward(A, keep_prob: float, rng) -> tuple[np.ndarray, np.ndarray]:
    """Inverted dropout on activations A (n[l], m) at training time.

        D = rand(n[l], m) < keep_prob;   A_out = A * D / keep_prob

    Returns (A_out, D) with D the 0/1 mask (as floats) that ``backward`` needs. With
    keep_prob = 1 nothing is dropped and A_out equals A.
    """
    A = _validate.array("A", A, ndim=2)
    keep_prob = check_keep_prob(keep_prob)
    gen = _validate.rng("rng", rng)
    D = (gen.random(A.shape) < keep_prob).astype(A.dtype)
    return A * D / keep_prob, D


def backward(dA, D, keep_prob: float) -> np.ndarray:
    """dA through inverted dropout: dA * D / keep_prob, with the forward pass's 0/1 mask D."""
    dA = _validate.array("dA", dA)
    D = _validate.array("D", D)
    keep_prob = check_keep_prob(keep_prob)
    if D.shape != dA.shape:
        raise ValueError(f"D must have the shape of dA {dA.shape}, got {D.shape}")
    if not np.all((D == 0) | (D == 1)):
        raise ValueError("D must be the 0/1 mask that forward returned (entries 0 or 1), got other values")
    return dA * D / keep_prob


def dropout_masks(shape, keep_prob: float, num_iterations: int, *, rng, reseed_every_iteration: bool = False
                  ) -> np.ndarray:
    """The keep/drop masks (True = kept) of ``num_iterations`` iterations, shape (iterations, *shape).

    Right: one generator, a fresh mask drawn from it every iteration. The bug
    (``reseed_every_iteration=True``): a generator re-created from the same seed inside the loop,
    as ``np.random.seed(1)`` inside the forward pass does, so every iteration draws the same mask.
    """
    keep_prob = check_keep_prob(keep_prob)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    shape = _shape(shape)
    if not isinstance(reseed_every_iteration, (bool, np.bool_)):
        raise TypeError(f"reseed_every_iteration must be a bool, got {reseed_every_iteration!r}")
    if reseed_every_iteration and not isinstance(rng, int):
        raise TypeError(f"reseed_every_iteration needs an int seed to reseed with, got rng={rng!r}")
    gen = _validate.rng("rng", rng)
    out = np.empty((num_iterations, *shape), dtype=bool)
    for i in range(num_iterations):
        if reseed_every_iteration:
            gen = np.random.default_rng(rng)
        out[i] = dropout_mask(shape, keep_prob, gen) > 0
    return out
