"""Exercise for notebook 11 (exponentially weighted averages).

    ewma_corrected(theta, beta) -> [V_1 / (1 - beta^1), ..., V_T / (1 - beta^T)]

with V_0 = 0, V_t = beta * V_{t-1} + (1 - beta) * theta_t, t counted from 1. The corrected value is
what you READ; the recursion keeps the raw V. Reference: ``course2.ewma.ewma(theta, beta).corrected``.
"""

from __future__ import annotations

import numpy as np

from course2 import ewma

from .grading import Exercise, Misconception, Probe

__all__ = ["EXERCISES"]

DIVIDES_BY_ZERO = "divides by zero at the first step (1 - beta**0 = 0)"


def ewma_corrected(theta, beta):
    """The reference, with the student's signature."""
    return ewma.ewma(np.asarray(theta, dtype=float), beta).corrected


def observe(function, theta, beta):
    """The corrected series as floats; a first value of inf/nan or a ZeroDivisionError both read as
    'divides by zero at the first step' (t counted from 0), however the student's code got there."""
    try:
        out = np.asarray(function(list(theta), beta), dtype=float)
    except ZeroDivisionError:
        return DIVIDES_BY_ZERO
    if out.ndim == 1 and out.size and not np.isfinite(out[0]):
        return DIVIDES_BY_ZERO
    return out


def _fed_back(theta, beta):
    V, out = 0.0, []
    for t, x in enumerate(theta, start=1):
        V = ewma.ewma_update(V, x, beta) / ewma.bias_correction(beta, t)   # the corrected value stored: wrong
        out.append(float(V))
    return np.array(out)


def _t_from_zero(theta, beta):
    raw = ewma.ewma(np.asarray(theta, dtype=float), beta).raw
    with np.errstate(divide="ignore", invalid="ignore"):
        return raw / (1.0 - beta ** np.arange(len(raw), dtype=float))


def _swapped(theta, beta):
    raw = ewma.ewma(np.asarray(theta, dtype=float), 1.0 - beta).raw
    return raw / ewma.bias_correction(beta, np.arange(1, len(raw) + 1))


EWMA_CORRECTED = Exercise(
    name="ewma_corrected",
    signature="ewma_corrected(theta, beta) returning the T bias-corrected averages",
    reference=ewma_corrected,
    misconceptions=[
        Misconception(
            "corrected value fed back into V",
            "Keep the raw average in V: V = beta * V + (1 - beta) * theta_t, and only the value you output is "
            "V / (1 - beta**t). Storing the corrected value back into V corrects it again at every step.",
            _fed_back),
        Misconception(
            "t counted from 0",
            "t counts the updates from 1: after the first value the correction is 1 - beta**1 = 1 - beta. "
            "With t = 0 the first correction is 1 - beta**0 = 0.",
            _t_from_zero),
        Misconception(
            "beta and 1 - beta swapped",
            "beta multiplies the previous average and (1 - beta) the new value: V = beta * V + (1 - beta) * "
            "theta_t. (The lecture notes call this weight alpha; here it is beta, as in the lecture.)",
            _swapped),
        Misconception(
            "no bias correction",
            "Divide what you output by (1 - beta**t): V starts at 0, so the first averages are too small by "
            "exactly that factor.",
            lambda theta, beta: ewma.ewma(np.asarray(theta, dtype=float), beta).raw),
    ],
    probes=[
        Probe(((40.0, 49.0, 45.0), 0.9)),
        Probe(((10.0, 12.0, 9.0, 14.0, 11.0, 13.0), 0.7)),
        Probe(((1.0, 2.0, 3.0, 4.0, 5.0), 0.98)),
    ],
    observe=observe,
    hint="V = 0; for t = 1, 2, ...: V = beta * V + (1 - beta) * theta_t; output V / (1 - beta**t) "
         "(and keep V itself uncorrected).",
)

EXERCISES = [EWMA_CORRECTED]
