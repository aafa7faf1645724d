"""Exercises for notebook 02 (bias and variance): the diagnosis with a Bayes error, and the Bayes error of noisy labels.

    avoidable bias = train_error - bayes_error    high bias     if > 0.02
    variance       = dev_error - train_error      high variance if > 0.02

``diagnose(train_error, dev_error, bayes_error)`` returns the verdict string, one of
"high bias", "high variance", "high bias and high variance", "low bias and low variance".
Reference: ``course2.diagnosis.diagnose(...).label``.

``noisy_bayes_error(label_noise, e0)``: the Bayes error when a share label_noise of the labels is
flipped, label_noise + (1 - 2 label_noise) e0. Reference:
``course2.experiments.bias_variance.bayes_error_with_label_noise``.
"""

from __future__ import annotations

from course2 import diagnosis
from course2.experiments import bias_variance as bv

from .grading import Exercise, Misconception, Probe

__all__ = ["EXERCISES"]


def diagnose(train_error, dev_error, bayes_error):
    """The reference, with the student's signature: the verdict string."""
    return diagnosis.diagnose(train_error, dev_error, bayes_error=bayes_error).label


def _verdict(high_bias: bool, high_variance: bool) -> str:
    """The package's label for a (high bias, high variance) pair, read off an obvious case."""
    train = 0.1 if high_bias else 0.0
    return diagnosis.diagnose(train, train + (0.1 if high_variance else 0.0)).label


def _swapped(train, dev, bayes):
    d = diagnosis.diagnose(train, dev, bayes_error=bayes)
    return _verdict(d.high_variance, d.high_bias)


def _variance_from_bayes(train, dev, bayes):
    d = diagnosis.diagnose(train, dev, bayes_error=bayes)
    from_bayes = diagnosis.diagnose(bayes, dev, bayes_error=bayes)  # its variance is dev - bayes
    return _verdict(d.high_bias, from_bayes.high_variance)


DIAGNOSE = Exercise(
    name="diagnose",
    signature="diagnose(train_error, dev_error, bayes_error)",
    reference=diagnose,
    misconceptions=[
        Misconception(
            "ignored the Bayes error",
            "Bias is measured against the best achievable error, not against 0: avoidable bias = "
            "train_error - bayes_error. With a Bayes error of 15%, a train error of 16% is not high bias.",
            lambda train, dev, bayes: diagnose(train, dev, 0.0)),
        Misconception(
            "swapped bias and variance",
            "The train error tells about bias (train_error - bayes_error: can the network fit the training "
            "set?); the gap from train to dev tells about variance (dev_error - train_error: does it generalize?).",
            _swapped),
        Misconception(
            "measured variance from the Bayes error (dev - bayes)",
            "Variance is the gap between dev and train error, dev_error - train_error; dev_error - bayes_error "
            "adds the avoidable bias to it, so a high-bias model also looks like high variance.",
            _variance_from_bayes),
        Misconception(
            "treated any gap as high",
            "A gap counts as high only when it is more than 2 percentage points (0.02); a train error of 8.5% "
            "against a Bayes error of 8% is fine. Compare each gap with > 0.02, not > 0.",
            lambda train, dev, bayes: diagnosis.diagnose(train, dev, bayes_error=bayes, bias_margin=0.0,
                                                          variance_margin=0.0).label),
    ],
    probes=[
        Probe((0.01, 0.11, 0.0)),      # the notes' table: high variance
        Probe((0.15, 0.16, 0.0)),      # high bias
        Probe((0.15, 0.16, 0.14)),     # the same errors, Bayes error 14%: fine
        Probe((0.15, 0.30, 0.0)),      # both
        Probe((0.085, 0.095, 0.08)),   # small gaps
        Probe((0.20, 0.21, 0.05)),     # high bias only, and dev - bayes is large
    ],
    compare=lambda expected, got: isinstance(got, str) and got.strip().lower() == expected,
    hint='avoidable bias = train_error - bayes_error, variance = dev_error - train_error; each is "high" when '
         'it is more than 0.02. Return "high bias", "high variance", "high bias and high variance" or '
         '"low bias and low variance".',
)



def noisy_bayes_error(label_noise, e0):
    """The reference, with the student's signature: label_noise + (1 - 2 label_noise) e0."""
    return bv.bayes_error_with_label_noise(label_noise, e0)


NOISY_BAYES_ERROR = Exercise(
    name="noisy_bayes_error",
    signature="noisy_bayes_error(label_noise, e0)",
    reference=noisy_bayes_error,
    misconceptions=[
        Misconception(
            "added the two error rates",
            "A flipped label can also turn a mistake into a right answer: where the best classifier is wrong "
            "(a share e0) and the label is flipped, it is right. The errors are (1 - eps) e0 + eps (1 - e0) = "
            "eps + (1 - 2 eps) e0, not eps + e0.",
            lambda eps, e0: eps + e0),
        Misconception(
            "counted every flipped label as a mistake",
            "A flipped example is a mistake only where the classifier was right on its clean label, a share "
            "1 - e0 of them: eps (1 - e0), not eps. Add (1 - eps) e0 for the kept labels it gets wrong.",
            lambda eps, e0: eps + (1.0 - eps) * e0),
        Misconception(
            "took the larger of the two",
            "The two sources of error add up (almost): the best classifier errs on the overlap of the classes and on "
            "the flipped labels. E = eps + (1 - 2 eps) e0, which is more than max(eps, e0) when both are above 0.",
            lambda eps, e0: max(eps, e0)),
    ],
    probes=[
        Probe((0.1, 0.03)),            # the notebook's data: 12.4%
        Probe((0.0, 0.05)),            # no label noise: e0
        Probe((0.3, 0.2)),
        Probe((0.5, 0.1)),             # half the labels flipped: a coin, 50%
    ],
    hint="count the mistakes of the clean best classifier on a label that is kept with probability 1 - eps: "
         "(1 - eps) * e0; and on a flipped one, probability eps: eps * (1 - e0). Add them.",
)

EXERCISES = [DIAGNOSE, NOISY_BAYES_ERROR]
