"""Exercise for notebook 14 (Adam), in the lecture's notation, one parameter array:

    adam_update(W, dW, V, S, t, alpha, beta1, beta2, epsilon) -> (W, V, S)
        V = beta1 V + (1 - beta1) dW;       V_hat = V / (1 - beta1**t)
        S = beta2 S + (1 - beta2) dW**2;    S_hat = S / (1 - beta2**t)
        W = W - alpha V_hat / (sqrt(S_hat) + epsilon)         (t counts steps from 1; V, S returned raw)

Probes (/work/shared/EXERCISES.md): t = 1 from a zero state exposes t counted from 0 (1 - beta**0 = 0:
the mutant divides by zero, W becomes NaN); t = 3 from a non-zero state with epsilon = 0.1 separates the
corrected moments stored back, only one moment corrected, t + 1 and epsilon inside the root. The
hyperparameters are numpy floats, so 1 / (1 - beta**0) is inf (NaN in W), never a Python
ZeroDivisionError, whichever way the student orders the division. Reference: ``course2.optimizers.adam_step``.
"""

from __future__ import annotations

import numpy as np

from course2 import optimizers as O

from .grading import Exercise, Misconception, Probe

__all__ = ["EXERCISES"]


def adam_update(W, dW, V, S, t, alpha, beta1, beta2, epsilon):
    """The reference, with the student's signature."""
    return O.adam_step(W, dW, V, S, int(t), alpha=float(alpha), beta1=float(beta1), beta2=float(beta2),
                       epsilon=float(epsilon))


def _mutant(*, t_shift=0, correct_v=True, correct_s=True, store_corrected=False, eps_inside=False):
    def mutant(W, dW, V, S, t, alpha, beta1, beta2, epsilon):
        W, dW, V, S = (np.asarray(a, dtype=float) for a in (W, dW, V, S))
        V = beta1 * V + (1 - beta1) * dW
        S = beta2 * S + (1 - beta2) * dW**2
        tt = t + t_shift
        V_hat = V / (1 - beta1**tt) if correct_v else V
        S_hat = S / (1 - beta2**tt) if correct_s else S
        root = np.sqrt(S_hat + epsilon) if eps_inside else np.sqrt(S_hat) + epsilon
        W = W - alpha * V_hat / root
        return (W, V_hat, S_hat) if store_corrected else (W, V, S)
    return mutant


_f = np.float64

ADAM_UPDATE = Exercise(
    name="adam_update",
    signature="adam_update(W, dW, V, S, t, alpha, beta1, beta2, epsilon)",
    reference=adam_update,
    misconceptions=[
        Misconception(
            "t counted from 0",
            "t counts steps from 1: at the first step 1 - beta1**1 = 0.1. With t from 0, 1 - beta**0 = 0 and the "
            "first step divides by zero (W becomes NaN). Start the loop's counter at t = 1.",
            _mutant(t_shift=-1)),
        Misconception(
            "t + 1 in the correction",
            "The step passed in is already t (counted from 1): divide by 1 - beta1**t and 1 - beta2**t, not by "
            "1 - beta**(t + 1).",
            _mutant(t_shift=1)),
        Misconception(
            "the corrected moments stored back",
            "Bias correction corrects what you read, not what you store: return the raw V and S (the running "
            "averages); use V_hat = V / (1 - beta1**t) and S_hat = S / (1 - beta2**t) only inside this step.",
            _mutant(store_corrected=True)),
        Misconception(
            "only V corrected",
            "Correct both moments: S_hat = S / (1 - beta2**t) too. Without it the first step is 1 / sqrt(1 - beta2) "
            "= 31.6 times too long at beta2 = 0.999.",
            _mutant(correct_s=False)),
        Misconception(
            "only S corrected",
            "Correct both moments: V_hat = V / (1 - beta1**t) too. Without it the first step is 1 - beta1 = 0.1 "
            "times alpha at beta1 = 0.9.",
            _mutant(correct_v=False)),
        Misconception(
            "no bias correction",
            "Divide V by (1 - beta1**t) and S by (1 - beta2**t) before the step: both start at 0, so the raw "
            "averages are too small in the first steps (the first step would be 3.16 alpha).",
            _mutant(correct_v=False, correct_s=False)),
        Misconception(
            "epsilon inside the root",
            "epsilon goes outside the root: np.sqrt(S_hat) + epsilon (the Adam paper, PyTorch).",
            _mutant(eps_inside=True)),
    ],
    probes=[
        Probe((np.array([1.0, -2.0]), np.array([0.5, 2.0]), np.zeros(2), np.zeros(2), 1, _f(0.1), _f(0.9),
               _f(0.999), _f(1e-8))),
        Probe((np.array([[1.0, 0.5], [-1.0, 2.0]]), np.array([[0.3, -0.6], [1.2, 0.05]]),
               np.array([[0.1, -0.2], [0.3, 0.0]]), np.array([[0.04, 0.1], [0.5, 0.01]]), 3, _f(0.01), _f(0.8),
               _f(0.9), _f(0.1))),
    ],
    hint="V = beta1 * V + (1 - beta1) * dW; S = beta2 * S + (1 - beta2) * dW**2; V_hat = V / (1 - beta1**t); "
         "S_hat = S / (1 - beta2**t); W = W - alpha * V_hat / (np.sqrt(S_hat) + epsilon); return (W, V, S).",
)

EXERCISES = [ADAM_UPDATE]
