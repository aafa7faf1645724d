"""Exercises for notebook 15 (learning-rate decay), in the assignment's names:

    update_lr(alpha0, epoch_num, decay_rate) -> alpha0 / (1 + decay_rate * epoch_num)
    schedule_lr_decay(alpha0, epoch_num, decay_rate, time_interval)
        -> alpha0 / (1 + decay_rate * floor(epoch_num / time_interval))
    learning_rates(alpha0, decay_rate, num_epochs, batches_per_epoch)
        -> the alpha of every iteration of a run, update_lr applied once per epoch (a list, one per iteration)

The third is the training loop's part, where the two classic mistakes live: decaying the current alpha
(alpha = update_lr(alpha, epoch, k), compounding the decay) instead of alpha0, and decaying per iteration
instead of per epoch. References: ``course2.schedules.InverseTime`` and ``course2.schedules.Interval``.
"""

from __future__ import annotations

import math

import numpy as np

from course2 import schedules as S

from .grading import Exercise, Misconception, Probe

__all__ = ["EXERCISES"]


def update_lr(alpha0, epoch_num, decay_rate):
    """The reference, with the student's signature."""
    return S.InverseTime(alpha0, decay_rate)(int(epoch_num))


def schedule_lr_decay(alpha0, epoch_num, decay_rate, time_interval):
    return S.Interval(alpha0, decay_rate, int(time_interval))(int(epoch_num))


def learning_rates(alpha0, decay_rate, num_epochs, batches_per_epoch):
    schedule = S.InverseTime(alpha0, decay_rate)
    return [schedule(epoch) for epoch in range(num_epochs) for _ in range(batches_per_epoch)]


UPDATE_LR = Exercise(
    name="update_lr",
    signature="update_lr(alpha0, epoch_num, decay_rate)",
    reference=update_lr,
    misconceptions=[
        Misconception(
            "exponential decay instead of inverse time",
            "The lecture's formula is alpha0 / (1 + decay_rate * epoch_num): inverse-time decay. "
            "alpha0 * (1 - decay_rate)**epoch_num or alpha0 * exp(-decay_rate * epoch_num) is exponential decay "
            "(the course calls the first one \"exponential\" too, but it is not).",
            lambda alpha0, epoch_num, decay_rate: alpha0 * math.exp(-decay_rate * epoch_num)),
        Misconception(
            "the 1 missing: alpha0 / (decay_rate * epoch_num)",
            "Add 1 in the denominator: alpha0 / (1 + decay_rate * epoch_num), so that epoch 0 uses alpha0 "
            "(without it epoch 0 divides by zero).",
            lambda alpha0, epoch_num, decay_rate: alpha0 / (decay_rate * epoch_num)),
        Misconception(
            "multiplied instead of divided",
            "alpha must shrink: divide alpha0 by (1 + decay_rate * epoch_num).",
            lambda alpha0, epoch_num, decay_rate: alpha0 * (1 + decay_rate * epoch_num)),
        Misconception(
            "epoch counted from 1",
            "epoch_num counts from 0 in the loop, and the formula uses it as it is: the first epoch uses alpha0.",
            lambda alpha0, epoch_num, decay_rate: alpha0 / (1 + decay_rate * (epoch_num + 1))),
    ],
    probes=[Probe((0.5, 0, 1.0)), Probe((0.2, 3, 0.5)), Probe((0.1, 10, 0.3))],
    hint="return alpha0 / (1 + decay_rate * epoch_num)",
)


SCHEDULE_LR_DECAY = Exercise(
    name="schedule_lr_decay",
    signature="schedule_lr_decay(alpha0, epoch_num, decay_rate, time_interval)",
    reference=schedule_lr_decay,
    misconceptions=[
        Misconception(
            "no floor: epoch_num / time_interval",
            "Decay in steps: epoch_num // time_interval (or np.floor(epoch_num / time_interval)), so alpha stays "
            "constant for time_interval epochs, then drops.",
            lambda alpha0, epoch_num, decay_rate, time_interval:
                alpha0 / (1 + decay_rate * epoch_num / time_interval)),
        Misconception(
            "decayed every epoch (time_interval ignored)",
            "That is update_lr: the fixed-interval schedule decays once every time_interval epochs, "
            "alpha0 / (1 + decay_rate * floor(epoch_num / time_interval)).",
            lambda alpha0, epoch_num, decay_rate, time_interval: alpha0 / (1 + decay_rate * epoch_num)),
        Misconception(
            "ceil instead of floor",
            "Round down: the first time_interval epochs (0 ... time_interval - 1) use alpha0.",
            lambda alpha0, epoch_num, decay_rate, time_interval:
                alpha0 / (1 + decay_rate * math.ceil(epoch_num / time_interval))),
    ],
    probes=[Probe((0.5, 0, 1.0, 10)), Probe((0.2, 25, 0.5, 10)), Probe((0.1, 1500, 1.0, 1000)),
            Probe((0.1, 3, 1.0, 5))],
    hint="return alpha0 / (1 + decay_rate * (epoch_num // time_interval))   (// rounds down: the floor)",
)


def _compounded(alpha0, decay_rate, num_epochs, batches_per_epoch):
    out, alpha = [], alpha0
    for epoch in range(num_epochs):
        alpha = alpha / (1 + decay_rate * epoch)
        out += [alpha] * batches_per_epoch
    return out


def _per_iteration(alpha0, decay_rate, num_epochs, batches_per_epoch):
    return [alpha0 / (1 + decay_rate * i) for i in range(num_epochs * batches_per_epoch)]


def _observe_list(function, *args):
    out = function(*args)
    return np.asarray(out, dtype=float)


LEARNING_RATES = Exercise(
    name="learning_rates",
    signature="learning_rates(alpha0, decay_rate, num_epochs, batches_per_epoch)",
    reference=learning_rates,
    misconceptions=[
        Misconception(
            "decayed from the current alpha instead of alpha0",
            "Compute every epoch's alpha from alpha0: alpha = update_lr(alpha0, epoch, decay_rate). Writing "
            "alpha = update_lr(alpha, epoch, decay_rate) divides the already-decayed alpha again, so the "
            "divisions compound: alpha0 / (1 * 2 * 3 * ...) collapses to 0 within a few epochs.",
            _compounded),
        Misconception(
            "decayed every iteration instead of every epoch",
            "Call update_lr once per epoch, with the epoch number, and keep that alpha for all the epoch's "
            "mini-batches; with the iteration number alpha decays batches_per_epoch times too fast.",
            _per_iteration),
    ],
    probes=[Probe((0.1, 1.0, 3, 2)), Probe((0.5, 0.5, 4, 3))],
    hint="for epoch in range(num_epochs): alpha = alpha0 / (1 + decay_rate * epoch), then append alpha "
         "batches_per_epoch times; return the list.",
    observe=_observe_list,
)

EXERCISES = [UPDATE_LR, SCHEDULE_LR_DECAY, LEARNING_RATES]
