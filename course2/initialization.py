"""Weight initialization for deep networks (normal draws, never uniform).

With n[l-1] inputs to layer l, the weights W[l] (shape (n[l], n[l-1])) are drawn as

    zeros:   W = 0                                  (symmetry is never broken: a lesson, not a choice)
    random:  W = randn * scale                      (the course's "* 0.01" when scale=0.01)
    he:      W = randn * sqrt(2 / n[l-1])           Var(W) = 2/n[l-1], for ReLU
    lecun:   W = randn * sqrt(1 / n[l-1])           Var(W) = 1/n[l-1]; the lecture calls this
             "Xavier" for tanh (alias "xavier")
    glorot:  W = randn * sqrt(2 / (n[l-1] + n[l]))  Glorot & Bengio's Var(W) = 2/(fan_in + fan_out)

The lecture notes mix these up (ERRATA #3): they write the He scale beside Var = 1/n and a square
root as a variance. Biases b[l] always start at zero.
"""

from __future__ import annotations

import math

import numpy as np

from . import _validate, activations

INITS = ("zeros", "random", "he", "lecun", "xavier", "glorot")


def init_std(name: str, n_in: int, n_out: int, scale: float = 0.01) -> float:
    """Standard deviation of the normal draw for W[l] of shape (n_out, n_in) under ``name``."""
    _validate.choice("init", name, INITS)
    n_in = _validate.integer("n_in", n_in, low=1)
    n_out = _validate.integer("n_out", n_out, low=1)
    scale = _validate.real("scale", scale, low=0.0)
    if name == "zeros":
        return 0.0
    if name == "random":
        return scale
    if name == "he":
        return math.sqrt(2.0 / n_in)
    if name in ("lecun", "xavier"):
        return math.sqrt(1.0 / n_in)
    return math.sqrt(2.0 / (n_in + n_out))  # glorot


def initialize_weights(layer_sizes, init: str = "he", *, rng, scale: float = 0.01,
                       dtype=np.float64) -> list[np.ndarray]:
    """Draw W[1..L] for ``layer_sizes`` = [n_x, n[1], ..., n[L]]; returns a list of arrays.

    ``rng`` (a Generator or seed) draws them; ``init="zeros"`` draws nothing and accepts rng=None."""
    sizes = _layer_sizes(layer_sizes)
    _validate.choice("init", init, INITS)
    dtype = _float_dtype(dtype)
    stds = [init_std(init, n_in, n_out, scale) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    if rng is None and init == "zeros":
        return [np.zeros((n_out, n_in), dtype) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    if rng is None:
        raise ValueError(f"rng (a numpy.random.Generator or seed) is needed to draw the {init!r} initial "
                         f"weights; got rng=None")
    gen = _validate.rng("rng", rng)
    weights = []
    for (n_in, n_out), std in zip(zip(sizes[:-1], sizes[1:]), stds):
        W = gen.standard_normal((n_out, n_in)) * std if std else np.zeros((n_out, n_in))
        weights.append(W.astype(dtype, copy=False))
    return weights


def _float_dtype(dtype) -> np.dtype:
    """dtype must name float32 or float64."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be float32 or float64, got {dtype!r}") from None
    if dt not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dt}")
    return dt


def _layer_sizes(layer_sizes) -> tuple[int, ...]:
    try:
        sizes = tuple(layer_sizes)
    except TypeError:
        raise TypeError(f"layer_sizes must be a sequence of ints like [2, 20, 1], got {layer_sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs at least an input and an output size, got {list(sizes)!r}")
    return tuple(_validate.integer(f"layer_sizes[{i}]", n, low=1) for i, n in enumerate(sizes))


def activation_scales(layer_sizes, activation: str = "relu", init: str = "he", *, scale: float = 0.01,
                      m: int = 1000, rng) -> np.ndarray:
    """std(A[l]) for l = 1..L when a batch of standard-normal inputs goes through a deep net.

        X ~ N(0, 1) of shape (n_x, m);  A[l] = g(W[l] A[l-1]),  W[l] drawn by ``init``, b[l] = 0

    Every layer uses ``activation`` (no separate output layer). Returns an array of L values.
    For ReLU each layer multiplies the std by about sqrt(n[l-1] Var(W) / 2): 1 with He, about
    0.07 with "random" scale 0.01 and n = 100 (vanishing), about 7 with scale 1 (exploding).
    At finite width a single network still drifts (for 50 layers of 100 units, by a factor of up to
    ~3 either way); the average over networks stays level. Values beyond float range come back as inf.
    """
    sizes = _layer_sizes(layer_sizes)
    _validate.choice("activation", activation, activations.ACTIVATIONS)
    m = _validate.integer("m", m, low=2)
    gen = _validate.rng("rng", rng)
    weights = initialize_weights(sizes, init, rng=gen, scale=scale)
    A = gen.standard_normal((sizes[0], m))
    stds = np.empty(len(weights))
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for l, W in enumerate(weights):
            A = activations._forward(activation, W @ A)   # may overflow to inf: no finiteness check
            s = float(A.std())
            stds[l] = s if np.isfinite(s) else np.inf
    return stds
