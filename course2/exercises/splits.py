"""Exercises for notebook 01 (train / dev / test): how precisely a dev set measures an error rate.

    dev_halfwidth(error_rate, n, confidence=0.95)          z * sqrt(p (1 - p) / n)
    required_dev_size(error_rate, halfwidth, confidence)   ceil(z^2 p (1 - p) / halfwidth^2)

References: ``course2.splits.error_confidence_halfwidth`` and ``course2.splits.required_dev_size``.
"""

from __future__ import annotations

import math
from statistics import NormalDist

from course2 import splits

from .grading import Exercise, Misconception, Probe, close

__all__ = ["EXERCISES"]

halfwidth = splits.error_confidence_halfwidth
_z = splits._z  # the two-sided normal quantile the reference uses (1.96 for 95%)


def _one_sided_z(confidence: float) -> float:
    return NormalDist().inv_cdf(confidence)


def dev_halfwidth(error_rate, n, confidence=0.95):
    """The reference, with the student's signature."""
    return halfwidth(error_rate, n, confidence)


DEV_HALFWIDTH = Exercise(
    name="dev_halfwidth",
    signature="dev_halfwidth(error_rate, n, confidence=0.95)",
    reference=dev_halfwidth,
    misconceptions=[
        Misconception(
            "forgot the square root",
            "The half-width is z * sqrt(p * (1 - p) / n): the standard error of a measured rate is the square "
            "root of its variance p(1 - p)/n. Take the square root before multiplying by z.",
            lambda p, n, c=0.95: halfwidth(p, n, c) ** 2 / _z(c)),
        Misconception(
            "divided by n instead of sqrt(n)",
            "Only the variance p(1 - p) is divided by n, and the square root covers the whole fraction: "
            "z * sqrt(p * (1 - p) / n). Dividing sqrt(p(1 - p)) by n makes big dev sets look far too precise.",
            lambda p, n, c=0.95: halfwidth(p, n, c) / math.sqrt(n)),
        Misconception(
            "used the one-sided z (1.645 for 95%)",
            "A confidence interval has two tails: z is the normal quantile at 0.5 + confidence / 2 "
            "(1.96 for 95%), not at the confidence itself (1.645). Use NormalDist().inv_cdf(0.5 + confidence / 2).",
            lambda p, n, c=0.95: halfwidth(p, n, c) * _one_sided_z(c) / _z(c)),
        Misconception(
            "left out z",
            "sqrt(p(1 - p)/n) is one standard error; the half-width at a confidence level is z standard errors "
            "(z = 1.96 for 95%). Multiply by z.",
            lambda p, n, c=0.95: halfwidth(p, n, c) / _z(c)),
        Misconception(
            "used p instead of p * (1 - p)",
            "The variance of one example's 0/1 error is p * (1 - p), not p. Use sqrt(p * (1 - p) / n).",
            lambda p, n, c=0.95: halfwidth(p, n, c) / math.sqrt(1 - p)),
    ],
    probes=[Probe((0.1, 10_000)), Probe((0.3, 400, 0.9)), Probe((0.02, 2_500, 0.99))],
    compare=close(rtol=1e-4),  # z = 1.96 from a table passes at 95% (1.959964...)
    hint="z = NormalDist().inv_cdf(0.5 + confidence / 2) (1.96 for 95%, from statistics import NormalDist); "
         "the half-width is z * sqrt(p * (1 - p) / n).",
)


def required_dev_size(error_rate, halfwidth, confidence=0.95):
    """The reference, with the student's signature."""
    return splits.required_dev_size(error_rate, halfwidth, confidence)


def _exact_n(p, h, c):
    """z^2 p (1 - p) / h^2 before rounding, from the half-width at n = 1."""
    return (halfwidth(p, 1, c) / h) ** 2


REQUIRED_DEV_SIZE = Exercise(
    name="required_dev_size",
    signature="required_dev_size(error_rate, halfwidth, confidence=0.95)",
    reference=required_dev_size,
    misconceptions=[
        Misconception(
            "rounded down",
            "n = z^2 p (1 - p) / halfwidth^2 is rarely a whole number, and rounding it down gives a dev set "
            "slightly too small to reach the half-width. Round up with math.ceil.",
            lambda p, h, c=0.95: math.floor(_exact_n(p, h, c))),
        Misconception(
            "rounded to the nearest integer",
            "round() goes down half of the time, and then the dev set is too small for the half-width asked for. "
            "Round up with math.ceil.",
            lambda p, h, c=0.95: round(_exact_n(p, h, c))),
        Misconception(
            "did not square the half-width",
            "Solve halfwidth = z * sqrt(p (1 - p) / n) for n: squaring both sides gives "
            "n = z^2 p (1 - p) / halfwidth^2, with the half-width squared too.",
            lambda p, h, c=0.95: math.ceil(_exact_n(p, h, c) * h - 1e-9)),
        Misconception(
            "did not square z",
            "Solve halfwidth = z * sqrt(p (1 - p) / n) for n: squaring both sides squares z as well, "
            "n = z^2 p (1 - p) / halfwidth^2.",
            lambda p, h, c=0.95: math.ceil(_exact_n(p, h, c) / _z(c) - 1e-9)),
        Misconception(
            "used p instead of p * (1 - p)",
            "The variance of one example's 0/1 error is p * (1 - p), not p: n = z^2 p (1 - p) / halfwidth^2.",
            lambda p, h, c=0.95: math.ceil(_exact_n(p, h, c) / (1 - p) - 1e-9)),
    ],
    probes=[Probe((0.1, 0.005)), Probe((0.3, 0.02, 0.9)), Probe((0.05, 0.01, 0.99))],
    hint="square the half-width formula and solve for n: n = z^2 * p * (1 - p) / halfwidth^2, "
         "then round UP (math.ceil) so the half-width is at most the one asked for.",
)

EXERCISES = [DEV_HALFWIDTH, REQUIRED_DEV_SIZE]
