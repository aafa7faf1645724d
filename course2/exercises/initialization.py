"""Exercises for notebook 08 (weight initialization), for ``layer_sizes`` = [n[0], n[1], ..., n[L]].

    he_initialization(layer_sizes, rng)     -> [W[1], ..., W[L]],  W[l] = randn(n[l], n[l-1]) * sqrt(2 / n[l-1])
    lecun_initialization(layer_sizes, rng)  -> [W[1], ..., W[L]],  W[l] = randn(n[l], n[l-1]) * sqrt(1 / n[l-1])

References: ``course2.initialization.initialize_weights`` ("he", "lecun"). Graded by statistics of
the drawn weights (shape, std, mean per layer, from fixed seeds), never by exact draws, so every
correct way of drawing passes: ``rng.standard_normal(shape) * s``, ``rng.normal(0, s, shape)``, ...
"""

from __future__ import annotations

import math

import numpy as np

from course2 import initialization

from .grading import BadReturn, Exercise, Misconception, Probe

__all__ = ["EXERCISES"]


def he_initialization(layer_sizes, rng):
    """The reference, with the student's signature."""
    return initialization.initialize_weights(layer_sizes, "he", rng=rng)


def lecun_initialization(layer_sizes, rng):
    """The reference, with the student's signature."""
    return initialization.initialize_weights(layer_sizes, "lecun", rng=rng)


class _UniformDraws(np.random.Generator):
    """A generator whose normal draws are uniform on [0, 1): np.random.rand where randn was meant."""

    def standard_normal(self, size=None, dtype=np.float64, out=None):
        return self.random(size)


def _rand(reference):
    return lambda layer_sizes, rng: reference(layer_sizes, _UniformDraws(rng.bit_generator))


def _rescaled(reference, factor):
    """reference's W[l] times factor(l, n_prev, n_out, layer_sizes)."""
    def mutant(layer_sizes, rng):
        Ws = reference(layer_sizes, rng)
        return [W * factor(l, layer_sizes[l - 1], layer_sizes[l], layer_sizes) for l, W in enumerate(Ws, start=1)]
    return mutant


def observe(function, layer_sizes, seed) -> dict:
    """Shape, std and mean of every W[l] that ``function`` draws with ``np.random.default_rng(seed)``."""
    out = function(list(layer_sizes), np.random.default_rng(seed))
    if not isinstance(out, (list, tuple)) or len(out) != len(layer_sizes) - 1:
        raise BadReturn(f"return a list of {len(layer_sizes) - 1} arrays [W[1], ..., W[L]], got "
                        f"{type(out).__name__}" + (f" of length {len(out)}" if isinstance(out, (list, tuple)) else ""))
    stats = {}
    for l, W in enumerate(out, start=1):
        W = np.asarray(W, dtype=float)
        stats[f"W[{l}] shape"] = str(W.shape)
        stats[f"W[{l}] std"] = float(round(W.std(), 4)) if W.size else float("nan")
        stats[f"W[{l}] mean"] = float(round(W.mean(), 4)) if W.size else float("nan")
    return stats


def compare(expected: dict, got: dict) -> bool:
    """Shapes equal; each std within 5% of the reference's; each mean within 0.1 x the reference's std."""
    if set(expected) != set(got):
        return False
    for key, e in expected.items():
        g = got[key]
        if key.endswith("shape"):
            if e != g:
                return False
            continue
        if not isinstance(g, float) or math.isnan(g):
            return False
        if key.endswith("std") and not abs(g - e) <= 0.05 * e:
            return False
        if key.endswith("mean"):
            std = expected.get(key.replace("mean", "std"), 0.1)    # (one key alone: when a table is shown)
            if not abs(g - e) <= 0.1 * std:
                return False
    return True


_PROBES = [
    Probe(((400, 200, 50), 0), "layer_sizes=[400, 200, 50], rng=np.random.default_rng(0)"),
    Probe(((30, 1000, 300, 10), 1), "layer_sizes=[30, 1000, 300, 10], rng=np.random.default_rng(1)"),
]


def _misconceptions(reference, c: float, name: str) -> list:
    formula = f"randn(n[l], n[l-1]) * sqrt({c:g} / n[l-1])"
    return [
        Misconception(
            "rand instead of randn",
            f"Draw from the standard normal (rng.standard_normal, np.random.randn), not uniform on [0, 1) "
            f"(rng.random, np.random.rand): uniform draws are all positive (mean 0.5) and have std 0.29, not 1. "
            f"{name}: {formula}.",
            _rand(reference)),
        Misconception(
            "n[l] instead of n[l-1]",
            f"The scale uses the layer's fan-in, the number of inputs each unit sums: n[l-1], the number of "
            f"COLUMNS of W[l] (shape (n[l], n[l-1])). {name}: {formula}.",
            _rescaled(reference, lambda l, n_prev, n_out, sizes: math.sqrt(n_prev / n_out))),
        Misconception(
            "variance used as the std",
            f"Var(W) = {c:g}/n[l-1] is a variance: multiply the standard normal draws by its square root, "
            f"sqrt({c:g} / n[l-1]).",
            _rescaled(reference, lambda l, n_prev, n_out, sizes: math.sqrt(c / n_prev))),
        Misconception(
            "L-1 instead of l-1",
            f"Each layer uses its own fan-in n[l-1] (lower-case l, the layer being drawn), not n[L-1] of the last "
            f"hidden layer. {name}: {formula}.",
            _rescaled(reference, lambda l, n_prev, n_out, sizes: math.sqrt(n_prev / sizes[-2]))),
    ]


HE = Exercise(
    name="he_initialization",
    signature="he_initialization(layer_sizes, rng) returning [W[1], ..., W[L]]",
    reference=he_initialization,
    misconceptions=[
        *_misconceptions(he_initialization, 2.0, "He"),
        Misconception(
            "LeCun's 1/n instead of He's 2/n",
            "He initialization is for ReLU, which zeroes half of its inputs: Var(W) = 2/n[l-1], "
            "randn * sqrt(2 / n[l-1]). sqrt(1 / n[l-1]) is LeCun's (the course's 'Xavier', for tanh).",
            lecun_initialization),
    ],
    probes=_PROBES,
    compare=compare,
    observe=observe,
    hint="for l = 1..L: W[l] = rng.standard_normal((layer_sizes[l], layer_sizes[l-1]))"
         " * np.sqrt(2 / layer_sizes[l-1]).",
)

LECUN = Exercise(
    name="lecun_initialization",
    signature="lecun_initialization(layer_sizes, rng) returning [W[1], ..., W[L]]",
    reference=lecun_initialization,
    misconceptions=[
        *_misconceptions(lecun_initialization, 1.0, "LeCun"),
        Misconception(
            "He's 2/n instead of LeCun's 1/n",
            "LeCun initialization (the course's 'Xavier', for tanh) has Var(W) = 1/n[l-1]: randn * sqrt(1 / n[l-1]). "
            "sqrt(2 / n[l-1]) is He's, for ReLU.",
            he_initialization),
        Misconception(
            "Glorot's 2/(n[l-1] + n[l])",
            "That is Glorot & Bengio's variance, a compromise between the forward and backward passes. The "
            "lecture's tanh initialization is LeCun's: randn * sqrt(1 / n[l-1]).",
            lambda layer_sizes, rng: initialization.initialize_weights(layer_sizes, "glorot", rng=rng)),
    ],
    probes=_PROBES,
    compare=compare,
    observe=observe,
    hint="for l = 1..L: W[l] = rng.standard_normal((layer_sizes[l], layer_sizes[l-1]))"
         " * np.sqrt(1 / layer_sizes[l-1]).",
)

EXERCISES = [HE, LECUN]
