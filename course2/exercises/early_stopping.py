"""Exercises for notebook 05 (early stopping and data augmentation): the patience rule on a list of dev
errors, and the rotation that makes augmented copies.

    early_stopping(dev_errors, patience) -> (stop_index, best_index)

Evaluations are seen in order; stop at the first one where the dev error has not improved on the
best (strictly lower) for ``patience`` evaluations (the last index if never), and restore the
parameters of the lowest dev error seen up to the stop (the earliest on ties).
Reference: ``course2.early_stopping.patience_stop``.

``rotate(X, degrees)``: the points X (2, m) rotated counter-clockwise about the origin,
R(theta) X with R = [[cos, -sin], [sin, cos]]. Reference: ``course2.augmentation.rotate``.
"""

from __future__ import annotations

import numpy as np

from course2 import augmentation
from course2 import early_stopping as ES

from .grading import Exercise, Misconception, Probe

__all__ = ["EXERCISES"]


def early_stopping(dev_errors, patience):
    """The reference, with the student's signature."""
    return ES.patience_stop(dev_errors, patience)


def _never_reset(dev_errors, patience):
    """Counts every evaluation without improvement since the start, never back to 0."""
    best, without = 0, 0
    for i in range(1, len(dev_errors)):
        if dev_errors[i] < dev_errors[best]:
            best = i
        else:
            without += 1
            if without >= patience:
                return i, best
    return len(dev_errors) - 1, best


def _ties_to_latest(dev_errors, patience):
    # a later tie becomes a strict improvement once each error is lowered by a hair per index
    e = np.asarray(dev_errors, dtype=float)
    return ES.patience_stop(e - 1e-12 * np.arange(e.size), patience)


def _best_after_stop(dev_errors, patience):
    stop, _ = ES.patience_stop(dev_errors, patience)
    return stop, ES.best_dev_index(np.asarray(dev_errors, dtype=float))


EARLY_STOPPING = Exercise(
    name="early_stopping",
    signature="early_stopping(dev_errors, patience) returning (stop_index, best_index)",
    reference=early_stopping,
    misconceptions=[
        Misconception(
            "kept the last parameters instead of the best",
            "Early stopping restores the parameters of the lowest dev error, not those of the evaluation where "
            "it stopped (the last `patience` evaluations were no better).",
            lambda dev_errors, patience: (early_stopping(dev_errors, patience)[0],) * 2),
        Misconception(
            "counted patience from the start instead of since the best",
            "The count of evaluations without improvement goes back to 0 whenever dev error reaches a new low: "
            "stop when (index - best_index) >= patience.",
            _never_reset),
        Misconception(
            "ties resolved to the latest (<= instead of <)",
            "Only a strictly lower dev error is an improvement: an equal one neither moves the best index nor "
            "resets the patience count. Keep the earliest of equal errors (use <, not <=).",
            _ties_to_latest),
        Misconception(
            "waited one evaluation too many",
            "Stop at the first index where index - best_index >= patience, not > patience.",
            lambda dev_errors, patience: early_stopping(dev_errors, patience + 1)),
        Misconception(
            "stopped one evaluation too early",
            "patience evaluations without improvement means index - best_index >= patience; "
            "stopping at patience - 1 gives up one evaluation too soon.",
            lambda dev_errors, patience: early_stopping(dev_errors, max(patience - 1, 1))),
        Misconception(
            "looked past the stop for the best",
            "At the stop you only know the evaluations up to it: best_index is the lowest dev error among "
            "dev_errors[:stop_index + 1], not over the whole list.",
            _best_after_stop),
    ],
    probes=[
        Probe(([0.5, 0.4], 3)),
        Probe(([0.3, 0.2, 0.25, 0.2, 0.22, 0.21, 0.2], 2)),
        Probe(([0.30, 0.32, 0.25, 0.26, 0.24, 0.27, 0.28, 0.29, 0.10], 3)),
    ],
    hint="walk through the list keeping best_index (update it only when the error is strictly lower); "
         "stop at the first i with i - best_index >= patience; return (i, best_index), or "
         "(len(dev_errors) - 1, best_index) if that never happens.",
)



def rotate(X, degrees):
    """The reference, with the student's signature: rotate the points X (2, m) about the origin."""
    return augmentation.rotate(X, degrees)


def _rotate_in_place(X, degrees):
    """The second coordinate computed from the already rotated first one."""
    t = np.deg2rad(degrees)
    x1 = np.cos(t) * X[0] - np.sin(t) * X[1]
    return np.vstack([x1, np.sin(t) * x1 + np.cos(t) * X[1]])


ROTATE = Exercise(
    name="rotate",
    signature="rotate(X, degrees) returning the rotated (2, m) points",
    reference=rotate,
    misconceptions=[
        Misconception(
            "used degrees as radians",
            "np.cos and np.sin take radians: convert first, theta = np.deg2rad(degrees) (degrees * pi / 180).",
            lambda X, degrees: augmentation.rotate(X, np.rad2deg(degrees))),
        Misconception(
            "rotated clockwise (R transposed)",
            "A counter-clockwise rotation by theta is R = [[cos, -sin], [sin, cos]]: x1' = cos x1 - sin x2, "
            "x2' = sin x1 + cos x2. The signs the other way round rotate by -theta.",
            lambda X, degrees: augmentation.rotate(X, -degrees)),
        Misconception(
            "overwrote x1 before computing x2",
            "Both new coordinates come from the old ones: compute x2' = sin x1 + cos x2 with the original x1 "
            "(R @ X does this; so does building both rows before assigning).",
            _rotate_in_place),
    ],
    probes=[
        Probe((np.array([[1.0, 0.0], [0.0, 1.0]]), 90.0)),
        Probe((np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 1.0]]), 30.0)),
        Probe((np.array([[0.3, -0.7], [1.2, 0.4]]), -135.0)),
    ],
    hint="theta = np.deg2rad(degrees); R = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), "
         "np.cos(theta)]]); return R @ X.",
)

EXERCISES = [EARLY_STOPPING, ROTATE]
