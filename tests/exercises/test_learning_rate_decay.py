"""Notebook 15 exercises: update_lr, the fixed-interval schedule, the alphas of a run."""

import math

import numpy as np
import pytest

from course2.exercises import check

UPDATE_LR = {
    "exponential decay instead of inverse time": lambda a0, e, k: a0 * np.exp(-k * e),
    "the 1 missing: alpha0 / (decay_rate * epoch_num)": lambda a0, e, k: a0 / (k * e),
    "multiplied instead of divided": lambda a0, e, k: a0 * (1 + k * e),
    "epoch counted from 1": lambda a0, e, k: a0 / (1 + k * (e + 1)),
}
SCHEDULE = {
    "no floor: epoch_num / time_interval": lambda a0, e, k, T: a0 / (1 + k * (e / T)),
    "decayed every epoch (time_interval ignored)": lambda a0, e, k, T: a0 / (1 + k * e),
    "ceil instead of floor": lambda a0, e, k, T: a0 / (1 + k * -(-e // T)),
}


def compounded(a0, k, n, b):
    out, a = [], a0
    for e in range(n):
        a = a / (1 + k * e)
        out.extend([a] * b)
    return out


def per_iteration(a0, k, n, b):
    return np.array([a0 / (1 + k * i) for i in range(n * b)])


@pytest.mark.parametrize("name", UPDATE_LR)
def test_update_lr_mistakes_are_named(name):
    assert check.update_lr(UPDATE_LR[name]).misconception == name


@pytest.mark.parametrize("name", SCHEDULE)
def test_schedule_mistakes_are_named(name):
    assert check.schedule_lr_decay(SCHEDULE[name]).misconception == name


def test_loop_mistakes_are_named():
    assert check.learning_rates(compounded).misconception == "decayed from the current alpha instead of alpha0"
    assert check.learning_rates(per_iteration).misconception == "decayed every iteration instead of every epoch"


def test_alternatives_pass():
    assert check.schedule_lr_decay(lambda a0, e, k, T: a0 / (1 + k * (e // T)))
    assert check.schedule_lr_decay(lambda a0, e, k, T: a0 / (1 + k * math.floor(e / T)))
    assert check.learning_rates(lambda a0, k, n, b: np.repeat([a0 / (1 + k * e) for e in range(n)], b))
