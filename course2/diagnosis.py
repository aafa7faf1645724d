"""Bias / variance diagnosis and the lecture's basic recipe.

    avoidable bias = train error - Bayes error     (Bayes error defaults to 0, the notes' assumption)
    variance       = dev error - train error

    high bias     <=> avoidable bias > bias_margin        (default 0.02, i.e. 2 percentage points)
    high variance <=> variance       > variance_margin    (default 0.02)

A gap exactly equal to the margin is not "high" (comparisons allow 1e-12 for rounding, so
0.17 - 0.15 counts as 0.02). The margins are a judgement call; 0.02 reproduces the notes' table:

    train  dev    verdict                        (Bayes error 0)
    1%     11%    high variance
    15%    16%    high bias
    15%    30%    high bias and high variance
    0.5%   1%     low bias and low variance

and with a Bayes error of 15%, train 15% / dev 16% is low bias and low variance.

Errors are FRACTIONS in [0, 1] (0.11 for 11%). Values above 1 are refused with a hint to divide
by 100; there is no percent mode, so 0.5 always means 50%, never 0.5%.
"""

from __future__ import annotations

from dataclasses import dataclass

from course2 import _validate

__all__ = ["BIAS_STEPS", "NOTES_CASES", "VARIANCE_STEPS", "Diagnosis", "diagnose"]

DEFAULT_MARGIN = 0.02
_FLOAT_SLACK = 1e-12

BIAS_STEPS: tuple[str, ...] = (
    "bigger network (more hidden units or more layers)",
    "train longer (or use a better optimization algorithm)",
    "try a different NN architecture",
)
VARIANCE_STEPS: tuple[str, ...] = (
    "more data (or data augmentation)",
    "regularization (L2, dropout)",
    "try a different NN architecture",
)
DONE_STEPS: tuple[str, ...] = ("nothing to fix: measure the final error once on the test set",)

#: The notes' four cases, (train error, dev error) -> verdict, with Bayes error 0.
NOTES_CASES: tuple[tuple[float, float, str], ...] = (
    (0.01, 0.11, "high variance"),
    (0.15, 0.16, "high bias"),
    (0.15, 0.30, "high bias and high variance"),
    (0.005, 0.01, "low bias and low variance"),
)


@dataclass(frozen=True)
class Diagnosis:
    """The verdict on one (train error, dev error, Bayes error) triple; all errors are fractions."""

    train_error: float
    dev_error: float
    bayes_error: float
    bayes_error_given: bool
    avoidable_bias: float
    variance: float
    high_bias: bool
    high_variance: bool
    label: str
    next_steps: tuple[str, ...]
    remarks: tuple[str, ...]

    def __str__(self) -> str:
        bayes = f"{self.bayes_error:.1%}" + ("" if self.bayes_error_given else " (assumed)")
        lines = [
            f"train error {self.train_error:.1%}, dev error {self.dev_error:.1%}, Bayes error {bayes}",
            f"avoidable bias {100 * self.avoidable_bias:.1f} points, variance {100 * self.variance:.1f} "
            f"points -> {self.label}",
            "next steps:",
            *(f"  - {step}" for step in self.next_steps),
            *(f"note: {remark}" for remark in self.remarks),
        ]
        return "\n".join(lines)


def _error(name: str, value) -> float:
    value = _validate.real(name, value)
    if value > 1:
        raise ValueError(f"{name} must be a fraction in [0, 1], got {value!r}; "
                         f"if this is a percentage, divide by 100 ({value!r}% -> {value / 100!r})")
    return _validate.real(name, value, low=0.0, high=1.0)


def diagnose(train_error: float, dev_error: float, *, bayes_error: float | None = None,
             bias_margin: float = DEFAULT_MARGIN, variance_margin: float = DEFAULT_MARGIN) -> Diagnosis:
    """Say whether a model has high bias, high variance, both or neither, and what to try next.

        avoidable_bias = train_error - bayes_error   -> high bias if > bias_margin
        variance       = dev_error - train_error     -> high variance if > variance_margin

    ``bayes_error`` (human-level error as a proxy) defaults to None, meaning 0, as the notes'
    table assumes. The basic recipe: fix high bias first (bigger network, train longer,
    another architecture), then high variance (more data, regularization, another
    architecture). Unusual inputs are accepted and explained in ``remarks``: a train error below
    the Bayes error estimate (the estimate is too high, or the model fits label noise), and a dev
    error below the train error (dev data easier or differently distributed; small dev set).
    """
    train = _error("train_error", train_error)
    dev = _error("dev_error", dev_error)
    given = bayes_error is not None
    bayes = _error("bayes_error", bayes_error) if given else 0.0
    bias_margin = _validate.real("bias_margin", bias_margin, low=0.0, high=1.0)
    variance_margin = _validate.real("variance_margin", variance_margin, low=0.0, high=1.0)

    avoidable_bias = train - bayes
    variance = dev - train
    high_bias = avoidable_bias > bias_margin + _FLOAT_SLACK
    high_variance = variance > variance_margin + _FLOAT_SLACK
    label = {
        (False, False): "low bias and low variance",
        (True, False): "high bias",
        (False, True): "high variance",
        (True, True): "high bias and high variance",
    }[(high_bias, high_variance)]

    steps: list[str] = []
    if high_bias:
        steps += BIAS_STEPS
    if high_variance:
        steps += [s for s in VARIANCE_STEPS if s not in steps]
    remarks = []
    if avoidable_bias < -_FLOAT_SLACK:
        remarks.append("train error is below the Bayes error estimate: the estimate is too high, "
                       "or the network is fitting noise in the training labels")
    if variance < -_FLOAT_SLACK:
        remarks.append("dev error is below train error: the dev set may be easier or come from another "
                       "distribution, or be too small to measure the error precisely")
    return Diagnosis(train, dev, bayes, given, avoidable_bias, variance, high_bias, high_variance,
                     label, tuple(steps) or DONE_STEPS, tuple(remarks))
