"""Exercise for notebook 12 (momentum), in the lecture's convention, one velocity per parameter:

    momentum_update(parameters, grads, velocities, alpha, beta) -> (parameters, velocities)
        V[i] = beta * V[i] + (1 - beta) * dW[i];   W[i] = W[i] - alpha * V[i]   for every position i

``parameters`` is a list [W1, b1, W2, b2, ...], ``grads`` and ``velocities`` lists of arrays of the
same shapes. Reference: ``course2.optimizers.momentum_step`` at every position.
"""

from __future__ import annotations

import numpy as np

from course2 import optimizers as O

from .grading import Exercise, Misconception, Probe

__all__ = ["EXERCISES"]


def momentum_update(parameters, grads, velocities, alpha, beta):
    """The reference, with the student's signature: new lists (parameters, velocities)."""
    new_p, new_v = [], []
    for W, dW, V in zip(parameters, grads, velocities):
        W, V = O.momentum_step(W, dW, V, alpha=alpha, beta=beta)
        new_p.append(W)
        new_v.append(V)
    return new_p, new_v


def _with_velocity(rule):
    """A mutant: the velocity rule V' = rule(V, dW, beta), then W -= alpha V' (as the reference does)."""
    def mutant(parameters, grads, velocities, alpha, beta):
        new_p, new_v = [], []
        for W, dW, V in zip(parameters, grads, velocities):
            V = rule(np.asarray(V), np.asarray(dW), beta)
            new_p.append(W - alpha * V)
            new_v.append(V)
        return new_p, new_v
    return mutant


def _step_with_gradient(parameters, grads, velocities, alpha, beta):
    _, new_v = momentum_update(parameters, grads, velocities, alpha, beta)
    return [W - alpha * dW for W, dW in zip(parameters, grads)], new_v


def _step_with_old_velocity(parameters, grads, velocities, alpha, beta):
    """W -= alpha V before V is updated: the step uses last step's velocity."""
    _, new_v = momentum_update(parameters, grads, velocities, alpha, beta)
    return [W - alpha * np.asarray(V) for W, V in zip(parameters, velocities)], new_v


MOMENTUM_UPDATE = Exercise(
    name="momentum_update",
    signature="momentum_update(parameters, grads, velocities, alpha, beta)",
    reference=momentum_update,
    misconceptions=[
        Misconception(
            "(1 - beta) missing: V = beta V + dW",
            "The lecture averages: V = beta * V + (1 - beta) * dW. Without (1 - beta), V grows to dW / (1 - beta) and "
            "every step is 1 / (1 - beta) times too long (that is PyTorch's convention, whose lr is alpha (1 - beta)).",
            _with_velocity(lambda V, dW, beta: beta * V + dW)),
        Misconception(
            "V reset every step: V = (1 - beta) dW",
            "V must carry over from the previous step: use the velocities passed in, V = beta * V + (1 - beta) * dW, "
            "and return the new ones so the next step starts from them.",
            _with_velocity(lambda V, dW, beta: (1 - beta) * dW)),
        Misconception(
            "beta and 1 - beta swapped: V = (1 - beta) V + beta dW",
            "beta weighs the OLD velocity (the memory): V = beta * V + (1 - beta) * dW. With beta = 0.9 the new "
            "gradient gets only 0.1.",
            _with_velocity(lambda V, dW, beta: (1 - beta) * V + beta * dW)),
        Misconception(
            "stepped with dW instead of V",
            "The parameters move along the averaged gradient: W = W - alpha * V (the new V), not W - alpha * dW.",
            _step_with_gradient),
        Misconception(
            "stepped with the old V (W updated before V)",
            "Update the velocity first, then step with it: V = beta * V + (1 - beta) * dW, THEN W = W - alpha * V. "
            "Stepping before the update moves W along the previous step's velocity (on the first step, V = 0: W "
            "does not move at all) and this step's gradient is used one step late.",
            _step_with_old_velocity),
    ],
    probes=[
        Probe(([np.array([[1.0, -2.0]])], [np.array([[0.5, 1.0]])], [np.array([[0.2, -0.4]])], 0.1, 0.9)),
        Probe(([np.array([[1.0, 0.5], [-1.0, 2.0]]), np.array([[0.1], [-0.2]])],
               [np.array([[0.3, -0.6], [1.2, 0.0]]), np.array([[0.5], [-1.0]])],
               [np.array([[0.1, 0.0], [-0.5, 0.3]]), np.array([[0.0], [0.2]])], 0.05, 0.8),
              "parameters = [W1 (2, 2), b1 (2, 1)], grads and velocities of the same shapes, alpha=0.05, beta=0.8"),
    ],
    hint="for each position i: V[i] = beta * V[i] + (1 - beta) * dW[i], then W[i] = W[i] - alpha * V[i]; "
         "return (list of new parameters, list of new velocities).",
)

EXERCISES = [MOMENTUM_UPDATE]
