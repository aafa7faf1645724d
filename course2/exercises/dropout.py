"""Exercises for notebook 04 (inverted dropout), for activations A[l] of shape (n[l], m).

    dropout_forward(A, keep_prob, rng) -> (A_dropped, D)   D = rand < keep_prob; A * D / keep_prob
    dropout_backward(dA, D, keep_prob)                      dA * D / keep_prob
    dropout_predict(A, keep_prob)                           A: nothing at test time

References: ``course2.dropout.forward`` and ``backward``; at test time ``forward`` with
keep_prob = 1 (nothing dropped, nothing scaled). The random ones are graded by statistics over
200,000 units drawn from fixed seeds (``observe_forward``, ``observe_predict``), so any correct
way of drawing the mask passes: ``rng.random(A.shape) < keep_prob``, ``rng.uniform(size=A.shape) <
keep_prob``, ``rng.random(A.shape) > 1 - keep_prob``, ...
"""

from __future__ import annotations

import numpy as np

from course2 import dropout

from .grading import BadReturn, Exercise, Misconception, Probe, stats_close

__all__ = ["EXERCISES"]

_A_SEED = 1234


def _activations(shape) -> np.ndarray:
    """Positive activations, so A_dropped / A shows the scale of every kept unit."""
    return np.random.default_rng(_A_SEED).uniform(0.5, 1.5, size=shape)


def _pair(out, name: str):
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise BadReturn(f"{name} must return the pair (A_dropped, D), got {type(out).__name__}")
    return np.asarray(out[0], dtype=float), np.asarray(out[1], dtype=float)


def _round(x: float) -> float:
    return float(round(float(x), 4))


def observe_forward(function, shape, keep_prob, seed) -> dict:
    """Call ``function`` twice with one generator and summarize what it did to the units."""
    A = _activations(shape)
    rng = np.random.default_rng(seed)
    A1, D1 = _pair(function(A.copy(), keep_prob, rng), "dropout_forward")
    _, D2 = _pair(function(A.copy(), keep_prob, rng), "dropout_forward")
    stats = {"shapes of A_dropped and D": f"{A1.shape} and {D1.shape}"}
    ok = A1.shape == D1.shape == D2.shape == A.shape
    kept = D1 != 0 if ok else None
    nan = float("nan")
    stats["fraction of units kept"] = _round(kept.mean()) if ok else nan
    stats["kept units, A_dropped / A"] = _round((A1[kept] / A[kept]).mean()) if ok and kept.any() else nan
    stats["dropped units, largest |A_dropped|"] = float(np.abs(A1[~kept]).max()) if ok and (~kept).any() else 0.0
    stats["D holds only 0 and 1"] = bool(np.isin(D1, (0.0, 1.0)).all())
    stats["fraction of units with the same mask on a second call"] = _round(((D2 != 0) == kept).mean()) if ok else nan
    return stats


class _NormalDraws(np.random.Generator):
    """A generator whose ``random`` draws standard normals: np.random.randn where rand was meant."""

    def random(self, size=None, dtype=np.float64, out=None):
        return self.standard_normal(size)


def _randn(A, keep_prob, rng):
    return dropout.forward(A, keep_prob, _NormalDraws(rng.bit_generator))


def _inverted_comparison(A, keep_prob, rng):
    A_out, D = dropout.forward(A, 1 - keep_prob, rng)   # keeps 1 - keep_prob of the units
    return A_out * (1 - keep_prob) / keep_prob, D


def _scaled(factor_power):
    def mutant(A, keep_prob, rng):
        A_out, D = dropout.forward(A, keep_prob, rng)
        return A_out * keep_prob ** factor_power, D
    return mutant


_STATS = {"fraction of units kept": 0.01, "kept units, A_dropped / A": 1e-3,
          "dropped units, largest |A_dropped|": 1e-9, "fraction of units with the same mask on a second call": 0.01}

DROPOUT_FORWARD = Exercise(
    name="dropout_forward",
    signature="dropout_forward(A, keep_prob, rng) returning (A_dropped, D)",
    reference=dropout.forward,
    misconceptions=[
        Misconception(
            "randn instead of rand",
            "The mask needs uniform numbers in [0, 1): rng.random(A.shape) (np.random.rand). Normal draws "
            "(randn) are below keep_prob with probability Phi(keep_prob), not keep_prob.",
            _randn),
        Misconception(
            "inverted comparison (rand > keep_prob)",
            "A unit is KEPT with probability keep_prob: D = rng.random(A.shape) < keep_prob. "
            "rand > keep_prob keeps only 1 - keep_prob of them.",
            _inverted_comparison),
        Misconception(
            "did not rescale by 1/keep_prob",
            "Inverted dropout divides the kept activations by keep_prob, A * D / keep_prob, so the expected "
            "activation stays the same and nothing changes at test time.",
            _scaled(1)),
        Misconception(
            "multiplied by keep_prob instead of dividing",
            "Scale the kept units UP: A * D / keep_prob. Multiplying by keep_prob shrinks the expected activation "
            "to keep_prob^2 of its value.",
            _scaled(2)),
        Misconception(
            "reseeded generator: the same mask every iteration",
            "Use the generator you are given (rng.random(...)) and do not create or seed one inside the function: "
            "a generator reseeded on every call draws the same mask every iteration, which trains one fixed "
            "thinned network instead of dropout.",
            lambda A, keep_prob, rng: dropout.forward(A, keep_prob, np.random.default_rng(1))),
    ],
    probes=[
        Probe(((200, 1000), 0.8, 0), "A of shape (200, 1000) with values in [0.5, 1.5], keep_prob=0.8, "
                                     "rng=np.random.default_rng(0), called twice with that rng"),
        Probe(((1000, 200), 0.3, 1), "A of shape (1000, 200) with values in [0.5, 1.5], keep_prob=0.3, "
                                     "rng=np.random.default_rng(1), called twice with that rng"),
    ],
    compare=stats_close(_STATS),
    observe=observe_forward,
    hint="D = rng.random(A.shape) < keep_prob (a fresh mask from the rng you are given), "
         "A_dropped = A * D / keep_prob; return (A_dropped, D).",
)


def dropout_backward(dA, D, keep_prob):
    """The reference, with the student's signature."""
    return dropout.backward(dA, D, keep_prob)


_D = np.array([[1.0, 0.0, 1.0], [1.0, 1.0, 0.0]])
_D45 = (np.random.default_rng(5).random((4, 5)) < 0.6).astype(float)

DROPOUT_BACKWARD = Exercise(
    name="dropout_backward",
    signature="dropout_backward(dA, D, keep_prob)",
    reference=dropout_backward,
    misconceptions=[
        Misconception(
            "forgot to divide by keep_prob",
            "The forward pass divided the kept units by keep_prob, so their gradient is divided by keep_prob too: "
            "dA * D / keep_prob.",
            lambda dA, D, keep_prob: dropout_backward(dA, D, keep_prob) * keep_prob),
        Misconception(
            "forgot the mask",
            "A dropped unit did not affect the cost, so its gradient is 0: multiply by the forward pass's mask, "
            "dA * D / keep_prob.",
            lambda dA, D, keep_prob: dropout_backward(dA, np.ones(np.shape(dA)), keep_prob)),
        Misconception(
            "divided by 1 - keep_prob",
            "keep_prob is the probability of KEEPING a unit, and the forward pass divided by it: "
            "dA * D / keep_prob.",
            lambda dA, D, keep_prob: dropout_backward(dA, D, keep_prob) * keep_prob / (1 - keep_prob)),
        Misconception(
            "multiplied by keep_prob instead of dividing",
            "Use the forward pass's scale: dA * D / keep_prob.",
            lambda dA, D, keep_prob: dropout_backward(dA, D, keep_prob) * keep_prob ** 2),
    ],
    probes=[
        Probe((np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -3.0]]), _D, 0.8)),
        Probe((np.arange(20.0).reshape(4, 5) - 7.5, _D45, 0.6)),
    ],
    hint="the same mask and the same scale as the forward pass: dA * D / keep_prob.",
)


def dropout_predict(A, keep_prob):
    """The reference: at test time inverted dropout does nothing (forward with keep_prob = 1)."""
    return dropout.forward(A, 1.0, rng=0)[0]


def observe_predict(function, shape, keep_prob) -> dict:
    """Summarize what ``function`` does to positive activations at test time."""
    A = _activations(shape)
    out = np.asarray(function(A.copy(), keep_prob), dtype=float)
    if out.shape != A.shape:
        return {"shape": str(out.shape), "fraction of units set to 0": float("nan"),
                "other units, output / A": float("nan")}
    zero = out == 0
    return {"shape": str(out.shape), "fraction of units set to 0": _round(zero.mean()),
            "other units, output / A": _round((out[~zero] / A[~zero]).mean()) if (~zero).any() else float("nan")}


DROPOUT_PREDICT = Exercise(
    name="dropout_predict",
    signature="dropout_predict(A, keep_prob)",
    reference=dropout_predict,
    misconceptions=[
        Misconception(
            "divided by keep_prob at test time too",
            "Inverted dropout scales only during training (A * D / keep_prob already keeps the expected "
            "activation): at test time return A unchanged.",
            lambda A, keep_prob: dropout_predict(A, keep_prob) / keep_prob),
        Misconception(
            "multiplied by keep_prob at test time",
            "Scaling by keep_prob at test time belongs to the old, non-inverted dropout. With inverted dropout the "
            "training pass already divided by keep_prob: at test time return A unchanged.",
            lambda A, keep_prob: dropout_predict(A, keep_prob) * keep_prob),
        Misconception(
            "applied dropout at test time",
            "Dropout is a training-time regularizer: predictions use every unit, with no mask and no scaling. "
            "Return A unchanged.",
            lambda A, keep_prob: dropout.forward(A, keep_prob, np.random.default_rng(0))[0]),
        Misconception(
            "dropped units at test time without rescaling",
            "Dropout is a training-time regularizer: predictions use every unit, with no mask and no scaling. "
            "Return A unchanged.",
            lambda A, keep_prob: dropout.forward(A, keep_prob, np.random.default_rng(0))[0] * keep_prob),
    ],
    probes=[
        Probe(((200, 500), 0.8), "A of shape (200, 500) with values in [0.5, 1.5], keep_prob=0.8"),
        Probe(((300, 400), 0.5), "A of shape (300, 400) with values in [0.5, 1.5], keep_prob=0.5"),
    ],
    compare=stats_close({"fraction of units set to 0": 0.01, "other units, output / A": 1e-3}),
    observe=observe_predict,
    hint="with inverted dropout the training pass already divided by keep_prob, so at test time: return A.",
)

EXERCISES = [DROPOUT_FORWARD, DROPOUT_BACKWARD, DROPOUT_PREDICT]
