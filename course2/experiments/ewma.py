"""Exponentially weighted averages, measured, for notebook 11.

- ``temperature_series``: a seeded year of daily temperatures (deg F) like the course's London
  example: a seasonal curve 55 - 20 cos(2 pi day / 365) plus noise; ``step_series``: a level that
  jumps at a known day (the lag that bias correction does not fix).
- ``beta_table``: per beta, the window 1/(1 - beta), beta^(1/(1 - beta)) (about 1/e), how rough the
  average is (RMS day-to-day change) and how far it lags (days until it is half-way through a step).
- ``weights``: the weight (1 - beta) beta^(t - k) each past value k carries in V_t, and the missing
  mass beta^t that V_0 = 0 stands for: what bias correction divides out.
- ``correction_table``: the start-up error of V_t with and without bias correction over the first
  1/(1 - beta) days, and how little the two differ later.
- ``notes_side_by_side``: ERRATA #9 (the notes' alpha is the lecture's beta; no window, no correction).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import _validate
from ..ewma import check_beta, effective_window, ewma

__all__ = ["BETAS", "BetaRow", "beta_row", "beta_table", "correction_errors", "correction_table", "flat_stretch",
           "format_beta_table", "format_correction_table", "format_lag_table", "half_way_lag", "lag_table",
           "notes_side_by_side", "roughness", "seasonal_curve", "step_series", "temperature_series", "weights"]

BETAS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999)
DAYS = 730


def seasonal_curve(days: int = DAYS) -> np.ndarray:
    """The noise-free temperature of day 1..days: 55 - 20 cos(2 pi (day - 1) / 365) (cold on day 1; two
    years by default)."""
    days = _validate.integer("days", days, low=1)
    return 55.0 - 20.0 * np.cos(2 * np.pi * np.arange(days) / 365.0)


def temperature_series(days: int = DAYS, *, noise: float = 6.0, rng) -> np.ndarray:
    """``seasonal_curve`` plus Gaussian day-to-day noise of std ``noise`` (deg F), drawn from ``rng``."""
    noise = _validate.real("noise", noise, low=0.0)
    gen = _validate.rng("rng", rng)
    return seasonal_curve(days) + noise * gen.standard_normal(days)


def step_series(days: int = 150, *, at: int = 50, low: float = 40.0, high: float = 60.0) -> np.ndarray:
    """``low`` for days 1..at, ``high`` from day at+1 on (noise-free: the lag is then exact)."""
    days = _validate.integer("days", days, low=2)
    at = _validate.integer("at", at, low=1, high=days - 1)
    low = _validate.real("low", low)
    high = _validate.real("high", high)
    out = np.full(days, low)
    out[at:] = high
    return out


def roughness(V) -> float:
    """RMS of the day-to-day change of a series: small for a smooth average."""
    V = _validate.array("V", V, ndim=1)
    if V.size < 2:
        raise ValueError(f"V must hold at least 2 values (a day-to-day change), got {V.size}")
    return float(np.sqrt(np.mean(np.diff(V) ** 2)))


def half_way_lag(beta: float, *, corrected: bool = True, days: int = 400, at: int = 300) -> int:
    """Days after a step (40 -> 60 at day ``at``) until the average reaches the middle (50).

    Measured by running the average over ``step_series``: ceil(ln 2 / -ln beta), about ln 2 / (1 - beta)
    for beta near 1, once the flat stretch before the step is long (``at`` >= 10 windows); after a
    shorter one the start-up from V_0 = 0 still shows and bias correction changes the count.
    """
    lag = _half_way(beta, corrected, days, at)
    if lag is None:
        raise ValueError(f"the average did not get half-way within {days - at} days for beta = {beta}: "
                         f"give more days")
    return lag


def _half_way(beta, corrected, days, at) -> int | None:
    beta = check_beta(beta)
    corrected = _validate.flag("corrected", corrected)
    theta = step_series(days, at=at)
    s = ewma(theta, beta)
    V = s.corrected if corrected else s.raw
    after = np.nonzero(V[at:] >= 50.0 - 1e-9)[0]      # 50 up to rounding: at beta = 0.5 day 1 is exactly half-way
    return int(after[0]) + 1 if after.size else None


def flat_stretch(beta: float) -> int:
    """The days of constant temperature before the step in ``beta_table``: at least 4000 and 10 windows."""
    return max(4000, math.ceil(10 * effective_window(check_beta(beta))))


def lag_table(betas=(0.9, 0.98, 0.99, 0.995, 0.999), *, at: int = 400, days: int = 550) -> list[tuple]:
    """(beta, days to half-way corrected, raw) after a step at day ``at`` (None: not within days - at days).
    With at = 400 and days = 550, the explorer's step."""
    days = _validate.integer("days", days, low=2)
    at = _validate.integer("at", at, low=1, high=days - 1)
    return [(b, _half_way(b, True, days, at), _half_way(b, False, days, at)) for b in _validate.items("betas", betas)]


def format_lag_table(rows: list[tuple], *, at: int = 400, days: int = 550) -> str:
    """``lag_table`` as text."""
    rows = _rows(rows, tuple, "a (beta, corrected, raw) tuple (from lag_table)")
    lines = [f"a step from 40 to 60 deg F at day {at} (the explorer's): days to half-way, within {days - at} days",
             f"{'beta':>6} {'flat stretch / window':>22} {'corrected':>10} {'raw':>6}"]
    for beta, c, r in rows:
        lines.append(f"{beta:>6g} {at * (1 - beta):>22.2g} {'never' if c is None else c:>10} "
                     f"{'never' if r is None else r:>6}")
    return "\n".join(lines)


@dataclass(frozen=True)
class BetaRow:
    beta: float
    window: float
    e_check: float        # beta ** (1 / (1 - beta)), about 1/e
    roughness: float      # RMS day-to-day change of the corrected average of the temperatures
    lag: int              # days to half-way through a step


def beta_row(beta: float, theta) -> BetaRow:
    """The ``BetaRow`` of one beta for the series ``theta`` (1-D, at least 2 days)."""
    beta = check_beta(beta)
    theta = _series("theta", theta)
    w = effective_window(beta)
    at = flat_stretch(beta)
    lag = half_way_lag(beta, days=at + max(1000, math.ceil(2 * w)), at=at)
    return BetaRow(beta, w, beta ** w, roughness(ewma(theta, beta).corrected), lag)


def beta_table(theta, betas=(0.5, 0.9, 0.98)) -> list[BetaRow]:
    """One ``BetaRow`` per beta for the series ``theta`` (1-D)."""
    theta = _series("theta", theta)
    return [beta_row(b, theta) for b in _validate.items("betas", betas)]


def _series(name: str, theta) -> np.ndarray:
    theta = _validate.array(name, theta, ndim=1)
    if theta.size < 2:
        raise ValueError(f"{name} must hold at least 2 days, got {theta.size}")
    return theta


def _rows(rows, cls, what: str) -> list:
    rows = _validate.items("rows", rows)
    return [_validate.instance(f"rows[{i}]", r, cls, what) for i, r in enumerate(rows)]


def format_beta_table(rows: list[BetaRow], theta) -> str:
    """``beta_table`` as text, under the raw series' own day-to-day change."""
    rows = _rows(rows, BetaRow, "a BetaRow (from beta_table)")
    theta = _series("theta", theta)
    lines = [f"raw temperatures: day-to-day change (RMS) {roughness(theta):.1f} deg F; "
             f"1/e = {1 / math.e:.3f}",
             "days to half-way: through a step from 40 to 60 deg F after a flat stretch of at least 10 windows "
             "(4000 days or more)",
             f"{'beta':>6} {'1/(1-beta)':>10} {'beta^(1/(1-beta))':>18} {'day-to-day change':>18} "
             f"{'days to half-way':>17}"]
    for r in rows:
        lines.append(f"{r.beta:>6g} {r.window:>10.3g} {r.e_check:>18.3f} {r.roughness:>14.2f} degF {r.lag:>17d}")
    return "\n".join(lines)


def weights(beta: float, t: int) -> tuple[np.ndarray, float]:
    """(w, missing): w[k-1] = (1 - beta) beta^(t - k), the weight of value k in V_t (k = 1..t), and
    missing = beta^t = 1 - sum(w), the weight V_0 = 0 carries. Bias correction divides w by (1 - beta^t)."""
    beta = check_beta(beta)
    t = _validate.integer("t", t, low=1)
    k = np.arange(1, t + 1, dtype=float)
    return (1.0 - beta) * beta ** (t - k), float(beta ** t)


def correction_errors(theta, clean, beta: float, *, day: int = 120) -> dict:
    """Mean |V_t - clean_t| over the first ceil(1/(1 - beta)) days, raw and corrected, raw / corrected on
    ``day`` (= 1 - beta^day, the weight the raw average has gathered), and the largest |corrected - raw|
    after 10 windows (relative to the series' mean level)."""
    beta = check_beta(beta)
    day = _validate.integer("day", day, low=1)
    theta = _validate.array("theta", theta, ndim=1)
    clean = _validate.same_shape("clean", _validate.array("clean", clean, ndim=1), "theta", theta)
    s = ewma(theta, beta)
    n = math.ceil(effective_window(beta) - 1e-9)      # 1/(1 - 0.9) is 10.000000000000002 in floats
    later = int(10 * effective_window(beta))
    if later >= theta.size:
        raise ValueError(f"theta must be longer than 10 windows ({later} days) for beta = {beta}, got {theta.size}")
    return {"beta": beta, "first_days": n,
            "raw": float(np.mean(np.abs(s.raw[:n] - clean[:n]))),
            "corrected": float(np.mean(np.abs(s.corrected[:n] - clean[:n]))),
            "day": day, "raw_share": float(1.0 - beta ** day),
            "later_days": later,
            "later_difference": float(np.max(np.abs(s.corrected[later:] - s.raw[later:])) / np.mean(np.abs(theta)))}


def correction_table(theta, clean, betas=(0.9, 0.98), *, day: int = 120) -> list[dict]:
    """``correction_errors`` for every beta."""
    return [correction_errors(theta, clean, b, day=day) for b in _validate.items("betas", betas)]


_CORRECTION_KEYS = ("beta", "first_days", "raw", "corrected", "later_days", "later_difference")


def format_correction_table(rows: list[dict]) -> str:
    """``correction_table`` as text."""
    rows = _rows(rows, dict, "a dict (from correction_errors)")
    for i, r in enumerate(rows):
        if not all(k in r for k in _CORRECTION_KEYS):
            raise ValueError(f"rows[{i}] must hold the keys {', '.join(_CORRECTION_KEYS)} (from correction_errors), "
                             f"got {', '.join(map(str, r))}")
    share = all("raw_share" in r and "day" in r for r in rows)
    day_head = f"raw / corrected on day {rows[0]['day']}" if share else ""
    head = f"   {day_head:>26}" if share else ""
    lines = [f"{'beta':>6} {'first days':>10} {'mean |error| raw':>17} {'corrected':>10}{head}   "
             f"{'after day':>9} {'|corrected - raw| / level':>25}"]
    for r in rows:
        cell = f"   {r['raw_share']:>26.2f}" if share else ""
        lines.append(f"{r['beta']:>6g} {r['first_days']:>10d} {r['raw']:>12.1f} degF {r['corrected']:>6.1f} "
                     f"degF{cell}   {r['later_days']:>9d} "
                     f"{'< 0.01%' if r['later_difference'] < 1e-4 else 'NOT < 0.01%':>25}")
    return "\n".join(lines)


def notes_side_by_side(theta=(40.0, 49.0, 45.0, 44.0, 50.0), beta: float = 0.9) -> str:
    """The course's first days: the notes' V_t = alpha V_{t-1} + (1 - alpha) v_t (alpha = the lecture's
    beta, no correction) beside the lecture's V_t with bias correction."""
    theta = _validate.array("theta", theta, ndim=1)
    beta = check_beta(beta)
    s = ewma(theta, beta)
    lines = [f"notes: V_t = alpha V_(t-1) + (1 - alpha) v_t with alpha = {beta:g}  ==  lecture: beta = {beta:g} "
             f"(alpha is the learning rate everywhere else)",
             f"{'day t':>5} {'theta_t':>8} {'V_t (notes)':>12} {'V_t / (1 - beta^t)':>19}"]
    for t, (x, r, c) in enumerate(zip(theta, s.raw, s.corrected), start=1):
        lines.append(f"{t:>5} {x:>8.1f} {r:>12.2f} {c:>19.2f}")
    lines.append(f"the notes leave out: the window 1/(1 - beta) = {effective_window(beta):.0f} days, "
                 f"and bias correction (V_1 = {s.raw[0]:g} is not a temperature; V_1 corrected = {s.corrected[0]:g})")
    return "\n".join(lines)
