"""Exponentially weighted (moving) averages, with and without bias correction.

    V_0 = 0
    V_t = beta * V_{t-1} + (1 - beta) * theta_t              t = 1, 2, ...
    V_t_corrected = V_t / (1 - beta**t)

V_t averages over roughly the last 1 / (1 - beta) values (the effective window: 10 for
beta = 0.9, 50 for beta = 0.98), since beta**(1/(1-beta)) is about 1/e. The lecture notes call
the weight alpha; here it is beta, as in the lecture, because alpha is the learning rate
everywhere else (ERRATA #9).

Starting from V_0 = 0 biases the first values toward 0: for a constant series theta_t = c,
V_t = (1 - beta**t) * c exactly. Dividing by (1 - beta**t) removes the bias. The stored V stays
the raw average; only the value read out is corrected (t counts updates from 1).

Two forms: ``ewma(theta, beta)`` for a whole series at once (a notebook plot), and the
streaming ``EWMA`` / ``ewma_update`` for one value at a time (what the optimizers do).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from . import _validate

# beta**-k is kept below this bound inside one block of the vectorized recursion.
_MAX_GROWTH = 1e100
_MIN_BLOCK = 16
# a column whose largest |theta| exceeds this is scaled down by a power of two before the block sums
# (beta**-k * theta, summed over a block of up to ~1e6 values, must stay below 1.8e308)
_SCALE_ABOVE = 1e150


def check_beta(beta, name: str = "beta") -> float:
    """beta must be a real number in [0, 1)."""
    return _validate.real(name, beta, low=0.0, high=1.0, high_open=True)


def effective_window(beta: float) -> float:
    """1 / (1 - beta): roughly how many recent values V_t averages over."""
    return 1.0 / (1.0 - check_beta(beta))


def bias_correction(beta: float, t) -> np.ndarray | float:
    """The factor 1 - beta**t that V_t is divided by (t >= 1, scalar or array)."""
    beta = check_beta(beta)
    t_arr = np.asarray(t)
    if not np.issubdtype(t_arr.dtype, np.integer):
        raise TypeError(f"t must be an integer (or integers) >= 1, got {t!r}")
    if np.any(t_arr < 1):
        raise ValueError(f"t must be integers >= 1 (updates are counted from 1), got {t!r}")
    out = 1.0 - beta ** t_arr.astype(np.float64)
    return float(out) if out.ndim == 0 else out


class EWMASeries(NamedTuple):
    """The averages of a whole series: ``raw`` V_t and ``corrected`` V_t / (1 - beta**t)."""

    raw: np.ndarray
    corrected: np.ndarray


def ewma(theta, beta: float) -> EWMASeries:
    """V_t for every t of a series ``theta`` (time along axis 0), raw and bias-corrected.

        V_t = beta * V_{t-1} + (1 - beta) * theta_t,   V_0 = 0,   t = 1..T
            = (1 - beta) * sum_{k=1..t} beta**(t-k) * theta_k
        corrected_t = V_t / (1 - beta**t)

    ``theta`` is 1-D (T,) or 2-D (T, n) (n series averaged side by side). Computed without a
    Python loop per value: within a block, V_{s+k} = beta**k * (V_s + (1 - beta) *
    cumsum_j beta**-j theta_{s+j}), with blocks short enough that beta**-k stays below 1e100.
    A series whose values exceed 1e150 (up to the largest float) is divided by a power of two
    first (exact) so that those sums cannot overflow, and multiplied back.
    """
    theta = _validate.array("theta", theta)
    if theta.ndim not in (1, 2):
        raise ValueError(f"theta must be a 1-D series (T,) or 2-D (T, n) with time along axis 0, "
                         f"got shape {theta.shape}")
    beta = check_beta(beta)
    raw = _ewma_raw_scaled(theta, beta)
    t = np.arange(1, theta.shape[0] + 1, dtype=np.float64)
    correction = 1.0 - beta ** t
    corrected = raw / correction.reshape((-1,) + (1,) * (theta.ndim - 1))
    return EWMASeries(raw, corrected)


def _ewma_raw_scaled(theta: np.ndarray, beta: float) -> np.ndarray:
    """``_ewma_raw`` with each column whose max |theta| exceeds ``_SCALE_ABOVE`` divided by the power
    of two 2**e >= that max (exact: the same digits, no overflow in the block sums) and multiplied back."""
    peak = np.max(np.abs(theta), axis=0)
    huge = peak > _SCALE_ABOVE
    if not np.any(huge):
        return _ewma_raw(theta, beta)
    _, e = np.frexp(peak)                       # peak = f * 2**e with 0.5 <= f < 1 (2**e may not be a float)
    e = np.where(huge, e, 0)
    return np.ldexp(_ewma_raw(np.ldexp(theta, -e), beta), e)


def _ewma_raw(theta: np.ndarray, beta: float) -> np.ndarray:
    if beta == 0.0:
        return theta.copy()
    block = int(math.log(_MAX_GROWTH) / -math.log(beta))
    raw = np.empty_like(theta)
    V = np.zeros(theta.shape[1:])
    if block < _MIN_BLOCK:  # beta tiny: the plain recursion is as fast and cannot overflow
        for i, x in enumerate(theta):
            V = beta * V + (1.0 - beta) * x
            raw[i] = V
        return raw
    shape = (-1,) + (1,) * (theta.ndim - 1)
    for start in range(0, theta.shape[0], block):
        seg = theta[start: start + block]
        k = np.arange(1, seg.shape[0] + 1, dtype=np.float64).reshape(shape)
        sums = np.cumsum(beta ** -k * seg, axis=0)
        raw[start: start + seg.shape[0]] = beta ** k * (V + (1.0 - beta) * sums)
        V = raw[start + seg.shape[0] - 1]
    return raw


def ewma_update(V, theta, beta: float):
    """One streaming update: returns beta * V + (1 - beta) * theta (the inputs are unchanged)."""
    beta = check_beta(beta)
    V = _validate.array("V", V, nonempty=False)
    theta = _validate.array("theta", theta, nonempty=False)
    if V.ndim and V.shape != theta.shape:   # V may be the scalar 0 of the first update
        raise ValueError(f"V and theta must have the same shape, got V {V.shape} and theta {theta.shape}")
    return beta * V + (1.0 - beta) * theta


class EWMA:
    """A streaming exponentially weighted average: ``avg = EWMA(0.9); avg.update(x); avg.corrected``.

    ``value`` is the raw V_t (what is stored); ``corrected`` is V_t / (1 - beta**t), computed on
    read. ``t`` counts updates from 1. Works for scalars and arrays (the shape of the first value).
    """

    def __init__(self, beta: float = 0.9):
        self.beta = check_beta(beta)
        self.t = 0
        self.value = None

    def update(self, theta) -> None:
        """V <- beta * V + (1 - beta) * theta; t <- t + 1."""
        theta = _validate.array("theta", theta, nonempty=False)
        if self.value is None:
            self.value = np.zeros_like(theta)
        elif theta.shape != self.value.shape:
            raise ValueError(f"theta must have the shape of the earlier values {self.value.shape}, "
                             f"got {theta.shape}")
        self.value = self.beta * self.value + (1.0 - self.beta) * theta
        self.t += 1

    @property
    def corrected(self):
        """V_t / (1 - beta**t): the bias-corrected value (needs at least one update)."""
        if self.t == 0:
            raise RuntimeError("no value yet: call update(theta) at least once")
        return self.value / (1.0 - self.beta ** self.t)
