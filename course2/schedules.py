"""Learning-rate decay: alpha as a function of the epoch number (counted from 0).

    constant       alpha = alpha0
    inverse_time   alpha = alpha0 / (1 + decay_rate * epoch)
    exponential    alpha = alpha0 * k**epoch                          (the lecture's 0.95**epoch)
    staircase      alpha = alpha0 * k**floor(epoch / step_size)       (discrete staircase)
    inverse_sqrt   alpha = alpha0 / sqrt(epoch + 1)
    interval       alpha = alpha0 / (1 + decay_rate * floor(epoch / time_interval))

The lecture's alpha0 / (1 + decay_rate * epoch_num) is *inverse-time* decay, not exponential
decay (ERRATA). Epochs count from 0, so every schedule starts at alpha0. The lecture writes
(k / sqrt(epoch_num)) * alpha0 with epoch_num from 1; ``inverse_sqrt`` is that with k = 1 and
epoch_num = epoch + 1, so it starts at alpha0 rather than dividing by zero.

``interval`` is the assignment's ``schedule_lr_decay``: applying inverse-time decay at every
*iteration* of mini-batch training (or with a large decay_rate) collapses alpha to almost nothing
within a few epochs; decaying only once every ``time_interval`` epochs keeps it useful.

Each schedule is a small callable object, ``schedule(epoch) -> alpha``, that checks its
parameters when built. PyTorch equivalents (tested): exponential = ``ExponentialLR(gamma=k)``,
staircase = ``StepLR(step_size, gamma=k)``; the others are ``LambdaLR`` with the factor alpha / alpha0.
"""

from __future__ import annotations

import math
import sys

from . import _validate

#: the smallest alpha a schedule may give: below it alpha is subnormal or 0 (underflow), never a learning rate
MIN_ALPHA = sys.float_info.min

SCHEDULES = ("constant", "inverse_time", "exponential", "staircase", "inverse_sqrt", "interval")


def _alpha0(alpha0) -> float:
    return _validate.real("alpha0", alpha0, low=0.0, low_open=True)


def _decay_rate(decay_rate) -> float:
    return _validate.real("decay_rate", decay_rate, low=0.0)


def _k(k) -> float:
    return _validate.real("k", k, low=0.0, high=1.0, low_open=True)


class Schedule:
    """Base class: ``schedule(epoch)`` checks that epoch is an integer >= 0, then calls ``rate``."""

    def __init__(self, alpha0: float):
        self.alpha0 = _alpha0(alpha0)

    def __call__(self, epoch: int) -> float:
        epoch = _validate.integer("epoch", epoch, low=0)
        alpha = self.rate(epoch)
        if not alpha >= MIN_ALPHA:
            raise ValueError(f"{self!r} at epoch={epoch} gives alpha = {alpha!r}, below the smallest normal float "
                             f"{MIN_ALPHA:g}: the learning rate has underflowed to (almost) 0 and training would "
                             f"stop moving; use fewer epochs, a larger alpha0 or a slower decay")
        return alpha

    def rate(self, epoch: int) -> float:
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({args})"


class Constant(Schedule):
    """alpha = alpha0 for every epoch."""

    def rate(self, epoch: int) -> float:
        return self.alpha0


class InverseTime(Schedule):
    """alpha = alpha0 / (1 + decay_rate * epoch) (the lecture's learning-rate decay)."""

    def __init__(self, alpha0: float, decay_rate: float = 1.0):
        super().__init__(alpha0)
        self.decay_rate = _decay_rate(decay_rate)

    def rate(self, epoch: int) -> float:
        return self.alpha0 / (1.0 + self.decay_rate * epoch)


class Exponential(Schedule):
    """alpha = alpha0 * k**epoch, 0 < k <= 1 (e.g. k = 0.95)."""

    def __init__(self, alpha0: float, k: float = 0.95):
        super().__init__(alpha0)
        self.k = _k(k)

    def rate(self, epoch: int) -> float:
        return self.alpha0 * self.k**epoch


class Staircase(Schedule):
    """alpha = alpha0 * k**floor(epoch / step_size): hold, then drop by k every step_size epochs."""

    def __init__(self, alpha0: float, k: float = 0.5, step_size: int = 10):
        super().__init__(alpha0)
        self.k = _k(k)
        self.step_size = _validate.integer("step_size", step_size, low=1)

    def rate(self, epoch: int) -> float:
        return self.alpha0 * self.k ** (epoch // self.step_size)


class InverseSqrt(Schedule):
    """alpha = alpha0 / sqrt(epoch + 1): the lecture's (k / sqrt(epoch_num)) alpha0 with k = 1, epoch_num from 1."""

    def rate(self, epoch: int) -> float:
        return self.alpha0 / math.sqrt(epoch + 1)


class Interval(Schedule):
    """alpha = alpha0 / (1 + decay_rate * floor(epoch / time_interval)) (``schedule_lr_decay``)."""

    def __init__(self, alpha0: float, decay_rate: float = 1.0, time_interval: int = 1000):
        super().__init__(alpha0)
        self.decay_rate = _decay_rate(decay_rate)
        self.time_interval = _validate.integer("time_interval", time_interval, low=1)

    def rate(self, epoch: int) -> float:
        return self.alpha0 / (1.0 + self.decay_rate * (epoch // self.time_interval))


_CLASSES = {"constant": Constant, "inverse_time": InverseTime, "exponential": Exponential,
            "staircase": Staircase, "inverse_sqrt": InverseSqrt, "interval": Interval}


def make_schedule(name: str, alpha0: float, **kw) -> Schedule:
    """A schedule by name (one of ``SCHEDULES``) starting at alpha0, with its own parameters.

        make_schedule("inverse_time", 0.1, decay_rate=1.0)
        make_schedule("exponential", 0.1, k=0.95)
        make_schedule("staircase", 0.1, k=0.5, step_size=10)
        make_schedule("interval", 0.1, decay_rate=1.0, time_interval=1000)
    """
    _validate.choice("schedule", name, SCHEDULES)
    try:
        return _CLASSES[name](alpha0, **kw)
    except TypeError as exc:
        raise TypeError(f"schedule {name!r}: {exc}") from None
