"""Exercises for notebook 18 (softmax), in the lecture's layout Z (C, m), one example per column:

    stable_softmax(Z) -> A          A = exp(Z - max) / sum exp(Z - max), column by column (axis 0)
    cross_entropy(Z, Y) -> J        J = -(1/m) sum Y * log_softmax(Z), Y one-hot (C, m)

Probes with logits of 1000 tell the max shift from no shift (exp overflows to inf: NaN); a column of
logits near -1000 beside one near 0 tells a max over the whole array from a max per column; a column
(0, -3000) tells the max from any other shift (the min leaves exp(3000), the mean exp(1500): both inf,
NaN alike); a (3, 2) array tells the classes' axis from the examples' one. References: ``course2.softmax.softmax`` and
``course2.softmax.cross_entropy``.
"""

from __future__ import annotations

import numpy as np

from course2 import softmax as S

from .grading import Exercise, Misconception, Probe

__all__ = ["EXERCISES"]


def stable_softmax(Z):
    """The reference, with the student's signature."""
    return S.softmax(Z)


def _exp_ratio(shift, axis):
    """A mutant: exp(Z - shift(Z)) normalized over ``axis``."""
    def mutant(Z):
        Z = np.asarray(Z, dtype=float)
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            E = np.exp(Z - shift(Z))
            return E / E.sum(axis=axis, keepdims=True)
    return mutant


STABLE_SOFTMAX = Exercise(
    name="stable_softmax",
    signature="stable_softmax(Z)",
    reference=stable_softmax,
    misconceptions=[
        Misconception(
            "no max shift: exp(Z) / sum exp(Z)",
            "Right on paper, but exp(1000) overflows to inf and inf / inf is NaN (in float32 from z > 88.7). Subtract "
            "each column's max first: Z - Z.max(axis=0, keepdims=True); the result is the same number, and the "
            "largest exponent is now exp(0) = 1.",
            _exp_ratio(lambda Z: 0.0, 0)),
        Misconception(
            "summed over the wrong axis (the examples)",
            "Z is (C, m): one example per column. Each column (axis=0) must sum to 1; summing over axis=1 mixes "
            "the examples together.",
            _exp_ratio(lambda Z: Z.max(axis=1, keepdims=True), 1)),
        Misconception(
            "shifted by the max of the whole array",
            "Subtract each column's own max (Z.max(axis=0, keepdims=True)): with one max for the whole array, a "
            "column whose logits are all far below it underflows to 0 / 0 = NaN.",
            _exp_ratio(lambda Z: Z.max(), 0)),
        Misconception(
            "shifted by each column's min or mean, not its max",
            "Any shift is exact on paper, but only the max makes every exponent at most 0. Shifted by the min "
            "(or the mean), a column with logits 0 and -3000 still computes exp(3000) (or exp(1500)) = inf, and "
            "inf / inf is NaN. Subtract Z.max(axis=0, keepdims=True).",
            _exp_ratio(lambda Z: Z.min(axis=0, keepdims=True), 0)),
    ],
    probes=[
        Probe((np.array([[1.0, 2.0], [2.0, 0.0], [0.5, -1.0]]),)),
        Probe((np.array([[1000.0, 0.0], [999.0, 1.0], [998.0, 2.0]]),)),
        Probe((np.array([[-1000.0, 1.0], [-1001.0, 0.0]]),)),
        Probe((np.array([[0.0, 1.0], [-3000.0, 2.0]]),)),
    ],
    hint="per column: subtract Z.max(axis=0, keepdims=True), take np.exp, divide by the column sums "
         "(.sum(axis=0, keepdims=True)).",
)


def cross_entropy(Z, Y):
    """The reference, with the student's signature."""
    return S.cross_entropy(Z, Y)


def _from_probabilities(loss):
    """A mutant: loss(A, Y, m) on A = softmax(Z) (computed stably)."""
    def mutant(Z, Y):
        Z, Y = np.asarray(Z, dtype=float), np.asarray(Y, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore", under="ignore", over="ignore"):
            return float(loss(S.softmax(Z), Y, Z.shape[1]))
    return mutant


def _log_sum_exp_unshifted(Z, Y):
    Z, Y = np.asarray(Z, dtype=float), np.asarray(Y, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):
        log_p = Z - np.log(np.exp(Z).sum(axis=0, keepdims=True))
        return float(-np.sum(Y * log_p) / Z.shape[1])


def _log_softmax_shifted_by_min(Z, Y):
    Z, Y = np.asarray(Z, dtype=float), np.asarray(Y, dtype=float)
    shifted = Z - Z.min(axis=0, keepdims=True)
    with np.errstate(over="ignore", invalid="ignore"):
        log_p = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
        return float(-np.sum(Y * log_p) / Z.shape[1])


def _log_softmax_over_examples(Z, Y):
    Z, Y = np.asarray(Z, dtype=float), np.asarray(Y, dtype=float)
    shifted = Z - Z.max(axis=1, keepdims=True)
    with np.errstate(under="ignore"):
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-np.sum(Y * log_p) / Z.shape[1])


CROSS_ENTROPY = Exercise(
    name="cross_entropy",
    signature="cross_entropy(Z, Y)",
    reference=cross_entropy,
    misconceptions=[
        Misconception(
            "log of a softmax that underflowed",
            "np.log(softmax(Z)) is -inf where a probability underflowed to 0 (a true class 3000 below the largest "
            "logit): the loss becomes inf. Use log-softmax, Z - max - log(sum exp(Z - max)), which stays finite.",
            _from_probabilities(lambda A, Y, m: -np.sum(Y * np.log(A)) / m)),
        Misconception(
            "no max shift in log-softmax",
            "Z - log(sum exp(Z)) overflows for large logits (exp(1000) = inf). Shift by each column's max first: "
            "Z - c - log(sum exp(Z - c)) with c = Z.max(axis=0, keepdims=True).",
            _log_sum_exp_unshifted),
        Misconception(
            "log-softmax shifted by the min or mean, not the max",
            "Only the max makes every exponent at most 0. Shifted by each column's min (or mean), logits 0 and "
            "-3000 still compute exp(3000) (or exp(1500)) = inf, and the cost is NaN. Use "
            "c = Z.max(axis=0, keepdims=True).",
            _log_softmax_shifted_by_min),
        Misconception(
            "binary cross-entropy used for several classes",
            "-(y log a + (1 - y) log(1 - a)) is for ONE sigmoid output. With C classes, the loss of an example is "
            "-sum over classes of y log a: only the true class's probability counts.",
            _from_probabilities(lambda A, Y, m: -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)),
        Misconception(
            "averaged over every entry (divided by C m)",
            "Sum over the C classes, then average over the m examples: divide by m = Z.shape[1] only.",
            _from_probabilities(lambda A, Y, m: -np.mean(Y * np.log(A)))),
        Misconception(
            "summed over the examples, no 1/m",
            "J is the mean loss over the m examples: divide the sum by m = Z.shape[1].",
            _from_probabilities(lambda A, Y, m: -np.sum(Y * np.log(A)))),
        Misconception(
            "log-softmax over the wrong axis (the examples)",
            "Z is (C, m): normalize each column (axis=0) over the classes, not each row over the examples.",
            _log_softmax_over_examples),
    ],
    probes=[
        Probe((np.array([[2.0, 0.5], [1.0, 0.0], [0.1, 3.0]]), np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]]))),
        Probe((np.array([[1000.0, 0.0], [999.0, 1.0]]), np.array([[0.0, 1.0], [1.0, 0.0]]))),
        Probe((np.array([[0.0, 1.0], [-3000.0, 2.0]]), np.array([[0.0, 0.0], [1.0, 1.0]]))),
    ],
    hint="log_p = Z - c - np.log(np.exp(Z - c).sum(axis=0, keepdims=True)) with c = Z.max(axis=0, keepdims=True); "
         "then J = -np.sum(Y * log_p) / m with m = Z.shape[1].",
)

EXERCISES = [STABLE_SOFTMAX, CROSS_ENTROPY]
