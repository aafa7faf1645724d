"""Exercises for notebook 08 (weight initialization), for ``layer_sizes`` = [n[0], n[1], ..., n[L]].

    he_initialization(layer_sizes, rng)     -> [W[1], ..., W[L]],  W[l] = randn(n[l], n[l-1]) * sqrt(2 / n[l-1])
    lecun_initialization(layer_sizes, rng)  -> [W[1], ..., W[L]],  W[l] = randn(n[l], n[l-1]) * sqrt(1 / n[l-1])

References: ``course2.initialization.initialize_weights`` ("he", "lecun"). Graded by statistics of
the drawn weights (shape, std, mean, distinct rows and the share within one std of 0, per layer, from fixed
seeds) and by reproducibility (the same seed gives the same weights, another seed other weights), never by
exact draws, so every correct way of drawing passes: ``rng.standard_normal(shape) * s``,
``rng.normal(0, s, shape)``, ...
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


#: share of a normal draw within one std of its mean: P(|z| < 1) = 0.683 (uniform: 0.577, +-s only: 0)
NORMAL_WITHIN_ONE_STD = 0.6827
SAME_SEED = "same seed, same weights"
OTHER_SEED = "another seed, other weights"


def _draw(function, layer_sizes, seed) -> list:
    out = function(list(layer_sizes), np.random.default_rng(seed))
    if not isinstance(out, (list, tuple)) or len(out) != len(layer_sizes) - 1:
        raise BadReturn(f"return a list of {len(layer_sizes) - 1} arrays [W[1], ..., W[L]], got "
                        f"{type(out).__name__}" + (f" of length {len(out)}" if isinstance(out, (list, tuple)) else ""))
    return [np.asarray(W, dtype=float) for W in out]


def _same(a: list, b: list) -> bool:
    return all(x.shape == y.shape and np.array_equal(x, y) for x, y in zip(a, b))


def observe(function, layer_sizes, seed) -> dict:
    """Shape, std, mean, number of distinct rows and share within one std of 0 of every W[l] that ``function``
    draws with ``np.random.default_rng(seed)``; and whether a second call with the same seed draws the same weights
    and a call with another seed other weights."""
    out = _draw(function, layer_sizes, seed)
    stats = {}
    for l, W in enumerate(out, start=1):
        stats[f"W[{l}] shape"] = str(W.shape)
        stats[f"W[{l}] std"] = float(round(W.std(), 4)) if W.size else float("nan")
        stats[f"W[{l}] mean"] = float(round(W.mean(), 4)) if W.size else float("nan")
        stats[f"W[{l}] distinct rows"] = len({row.tobytes() for row in W}) if W.ndim == 2 else 0
        share = float(np.mean(np.abs(W - W.mean()) < W.std())) if W.size else float("nan")
        stats[f"W[{l}] share within 1 std"] = float(round(share, 3))
    stats[SAME_SEED] = _same(out, _draw(function, layer_sizes, seed))
    stats[OTHER_SEED] = not _same(out, _draw(function, layer_sizes, seed + 1000))
    return stats


def compare(expected: dict, got: dict) -> bool:
    """Shapes, distinct rows and reproducibility equal; each std within 5% of the reference's; each mean within
    0.1 x the reference's std; the share within one std within 0.04 of the reference's (a normal draw's 0.683)."""
    if set(expected) != set(got):
        return False
    for key, e in expected.items():
        g = got[key]
        if key.endswith(("shape", "distinct rows")) or key in (SAME_SEED, OTHER_SEED):
            if e != g:
                return False
            continue
        if key.endswith("within 1 std"):
            if not (isinstance(g, float) and abs(g - e) <= 0.04):
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


def _one_row_repeated(c: float):
    """One row drawn per layer and repeated: every unit of the layer starts identical."""
    def mutant(layer_sizes, rng):
        return [np.repeat(rng.standard_normal((1, n_prev)) * math.sqrt(c / n_prev), n_out, axis=0)
                for n_prev, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]
    return mutant


def _signs(c: float):
    """+-sqrt(c / n[l-1]) with random signs: the right std, but not a normal draw."""
    def mutant(layer_sizes, rng):
        return [rng.choice([-1.0, 1.0], size=(n_out, n_prev)) * math.sqrt(c / n_prev)
                for n_prev, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]
    return mutant


def _global_state(c: float):
    """Ignores rng and draws from a generator of its own that is never seeded (like np.random.randn)."""
    def mutant(layer_sizes, rng):
        own = np.random.default_rng()
        return [own.standard_normal((n_out, n_prev)) * math.sqrt(c / n_prev)
                for n_prev, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]
    return mutant


def _reseeded(c: float):
    """Ignores rng and creates a generator with a fixed seed in every layer."""
    def mutant(layer_sizes, rng):
        return [np.random.default_rng(0).standard_normal((n_out, n_prev)) * math.sqrt(c / n_prev)
                for n_prev, n_out in zip(layer_sizes[:-1], layer_sizes[1:])]
    return mutant


def _misconceptions(reference, c: float, name: str) -> list:
    formula = f"randn(n[l], n[l-1]) * sqrt({c:g} / n[l-1])"
    return [
        Misconception(
            "all rows identical",
            f"Every row of W[l] is the same: one row drawn and repeated, so every unit of the layer computes the same "
            f"thing and gets the same gradient (symmetry is never broken). Draw the whole matrix: {formula}.",
            _one_row_repeated(c)),
        Misconception(
            "signs times the scale, not normal draws",
            f"Every weight is +-sqrt({c:g} / n[l-1]): the right std, but not a normal draw (none is near 0, "
            f"where about 68% of normal draws lie within one std). {name}: {formula}, with rng.standard_normal.",
            _signs(c)),
        Misconception(
            "np.random instead of rng",
            "The same rng seed must give the same weights: draw from the generator you are given "
            "(rng.standard_normal), not from np.random (its global state) or a new unseeded generator.",
            _global_state(c)),
        Misconception(
            "a new seeded generator instead of rng",
            "Another seed must give other weights: draw every layer from the rng you are given, not from "
            "np.random.default_rng(0) created inside your function (reseeded in every layer, layers of the same shape "
            "even get the same weights).",
            _reseeded(c)),
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
