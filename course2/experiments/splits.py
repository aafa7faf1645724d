"""Train/dev/test splits, measured: the numbers and tables notebook 01 shows.

- ``split_numbers(m, dev_fraction, error_rate, test_fraction=..., rng=...)``: the sizes
  (train, dev, test) = (1 - f_dev - f_test, f_dev, f_test) * m (test defaults to the dev
  fraction), the dev error's 95 % half-width h = z * sqrt(p (1 - p) / n), and ``REPEATS`` dev
  sets of n examples resampled without replacement from a population of m
  whose true error rate is p, with the fraction that landed within +-h of p.
- ``splits_table``: the lecture's suggested split and the dev half-width at two fractions.
- ``resampling_table``: the formula's half-width next to the resampled one. The fraction within
  +-h is itself measured on ``REPEATS`` = 2,000 dev sets: its Monte-Carlo standard error is about
  sqrt(0.95 * 0.05 / 2000) = 0.5 points, so it is read to about +-1 point.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import _validate, splits

__all__ = ["CONFIDENCE", "DEV_FRACTIONS", "REPEATS", "TEST_FRACTIONS", "SplitNumbers", "fmt_int", "fraction_label",
           "points_text", "resampling_table", "split_numbers", "splits_table", "within_note", "z_value"]

CONFIDENCE = 0.95
REPEATS = 2000
#: (label, fraction) options of the notebook's dev-fraction slider
DEV_FRACTIONS = (("0.1%", 0.001), ("0.2%", 0.002), ("0.4%", 0.004), ("0.5%", 0.005), ("1%", 0.01), ("2%", 0.02),
                 ("5%", 0.05),
                 ("10%", 0.1), ("20%", 0.2), ("30%", 0.3))
#: (label, fraction) options of the test-fraction slider: 0 gives a two-way split (70 / 30 / 0)
TEST_FRACTIONS = (("0%", 0.0),) + DEV_FRACTIONS


@dataclass(frozen=True)
class SplitNumbers:
    """What the explorer shows for one (m, dev fraction, error rate)."""

    m: int
    dev_fraction: float
    error_rate: float
    sizes: splits.SplitSizes
    test_fraction: float
    halfwidth: float                  # Wald, 95 %; nan when the dev set is empty
    measured: np.ndarray              # REPEATS measured dev error rates (empty when n = 0)
    within: float                     # fraction of ``measured`` within +-halfwidth of error_rate

    @property
    def n_dev(self) -> int:
        return self.sizes.dev


def split_numbers(m: int, dev_fraction: float, error_rate: float = 0.1, *, test_fraction: float | None = None,
                  repeats: int = REPEATS, rng) -> SplitNumbers:
    """Sizes (train, dev, test) = (1 - f_dev - f_test, f_dev, f_test) * m (``test_fraction`` defaults to
    ``dev_fraction``), the dev error's half-width, and ``repeats`` resampled dev sets of n examples from
    a population of m whose true error rate is ``error_rate``."""
    m = _validate.integer("m", m, low=1)
    f = _validate.real("dev_fraction", dev_fraction, low=0.0, high=1.0)
    t = f if test_fraction is None else _validate.real("test_fraction", test_fraction, low=0.0, high=1.0)
    if f + t > 1.0 + 1e-12:
        raise ValueError(f"dev_fraction + test_fraction must be at most 1 (the rest is the training set), got "
                         f"{f!r} + {t!r} = {f + t!r}")
    p = _validate.real("error_rate", error_rate, low=0.0, high=1.0)
    sizes = splits.split_sizes(m, fractions=(max(1.0 - f - t, 0.0), f, t))
    n = sizes.dev
    if n == 0:
        return SplitNumbers(m, f, p, sizes, t, math.nan, np.empty(0), math.nan)
    h = splits.error_confidence_halfwidth(p, n, CONFIDENCE)
    measured = splits.resample_error_spread(p, n, repeats=repeats, population=m, rng=rng)
    # counts are integers: compare in counts so float rounding cannot move a boundary case
    within = float(np.mean(np.abs(np.round(measured * n) - p * n) <= h * n + 1e-9))
    return SplitNumbers(m, f, p, sizes, t, h, measured, within)


def fmt_int(n: int) -> str:
    n = _validate.integer("n", n)
    return f"{n:,}"


def points_text(h: float) -> str:
    """A half-width in percentage points, with enough digits to be non-zero."""
    if isinstance(h, float) and math.isnan(h):
        return "undefined"
    h = _validate.real("h", h, low=0.0)
    x = 100 * h
    return f"{x:.2f}" if x >= 0.1 else f"{x:.3f}"


def fraction_label(f: float) -> str:
    f = _validate.real("f", f, low=0.0, high=1.0)
    for label, value in TEST_FRACTIONS:
        if abs(value - f) < 1e-12:
            return label
    return f"{100 * f:g}%"


def z_value() -> float:
    return splits.error_confidence_halfwidth(0.5, 1, CONFIDENCE) / 0.5


def splits_table(ms=(100, 1_000, 10_000, 100_000, 1_000_000, 100_000_000), error_rate: float = 0.1,
                 fractions=(0.01, 0.2)) -> str:
    """A fixed-width table: the lecture's suggested split and the dev half-width at each fraction."""
    ms = [_validate.integer("ms", m, low=1) for m in _validate.items("ms", ms)]
    error_rate = _validate.real("error_rate", error_rate, low=0.0, high=1.0)
    fractions = [_validate.real("fractions", f, low=0.0, high=0.5) for f in _validate.items("fractions", fractions)]
    head = f"{'m':>12} | {'suggested train/dev/test':>28} | " + " | ".join(
        f"{'dev at ' + fraction_label(f):>10} {'± points':>9}" for f in fractions)
    lines = [head, "-" * len(head)]
    for m in ms:
        s = splits.suggested_split(m)
        cells = []
        for f in fractions:
            n = splits.split_sizes(m, fractions=(1 - 2 * f, f, f)).dev
            h = splits.error_confidence_halfwidth(error_rate, n, CONFIDENCE) if n else math.nan
            cells.append(f"{fmt_int(n):>10} {points_text(h):>9}")
        sizes = f"{fmt_int(s.train)}/{fmt_int(s.dev)}/{fmt_int(s.test)}"
        lines.append(f"{fmt_int(m):>12} | {sizes:>28} | " + " | ".join(cells))
    return "\n".join(lines)


def resampling_table(cases=((1_000, 0.01), (10_000, 0.01), (100_000, 0.01), (1_000_000, 0.01), (100_000_000, 0.01)),
                     error_rate: float = 0.1, *, seed: int) -> str:
    """For each (m, dev fraction): the formula's half-width next to the resampled one
    (1.96 x the standard deviation of ``REPEATS`` measured dev errors) and the fraction within +-h."""
    cases = [(_validate.integer("cases (m)", m, low=1), _validate.real("cases (dev fraction)", f, low=0.0, high=0.5))
             for m, f in _validate.items("cases", cases)]
    error_rate = _validate.real("error_rate", error_rate, low=0.0, high=1.0)
    seed = _validate.integer("seed", seed, low=0)
    head = (f"{'m':>12} {'dev n':>10} | {'formula ± points':>16} | {'resampled 1.96·sd':>17} | "
            f"{'within ±h':>9}")
    lines = [head, "-" * len(head)]
    z = z_value()
    for m, f in cases:
        r = split_numbers(int(m), f, error_rate, rng=seed)
        lines.append(f"{fmt_int(r.m):>12} {fmt_int(r.n_dev):>10} | {points_text(r.halfwidth):>16} | "
                     f"{points_text(z * float(np.std(r.measured))):>17} | {100 * r.within:>8.1f}%")
    return "\n".join(lines)


def within_note(repeats: int = REPEATS, coverage: float = CONFIDENCE) -> str:
    """The Monte-Carlo error of the "within +-h" column: it is itself a rate measured on ``repeats`` dev sets,
    so its 95 % half-width is z sqrt(c (1 - c) / repeats) (about 1 point for 2,000 at c = 95 %)."""
    repeats = _validate.integer("repeats", repeats, low=1)
    coverage = _validate.real("coverage", coverage, low=0.0, high=1.0)
    h = splits.error_confidence_halfwidth(coverage, repeats, CONFIDENCE)
    return (f"'within ±h' is itself measured on {repeats:,} dev sets: a true {100 * coverage:.0f}% reads as "
            f"{100 * (coverage - h):.1f}% to {100 * (coverage + h):.1f}% (±{100 * h:.1f} points, 95%)")
