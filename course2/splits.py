"""Train / dev / test splits, the lecture's size guidance, and why a small dev fraction suffices.

- ``split(X, Y, fractions=... | counts=..., rng=..., stratify=False)`` shuffles and splits.
- ``suggested_split(m)`` turns the lecture's advice into sizes.
- ``error_confidence_halfwidth(p, n)`` is the +- on an error rate measured on n examples;
  ``required_dev_size(p, halfwidth)`` inverts it; ``resample_error_spread(p, n, ...)`` draws many
  dev sets and returns the measured error rates, so the spread can be seen rather than asserted.
- ``mean_confidence_halfwidth(values)`` is the +- on a mean over a few runs (seeds): Student's t with
  n - 1 degrees of freedom (``t_quantile``), the seed-to-seed spread, not one dev set's noise.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import NamedTuple

import numpy as np

from course2 import _validate

__all__ = [
    "DataPair",
    "Split",
    "SplitSizes",
    "error_confidence_halfwidth",
    "mean_confidence_halfwidth",
    "required_dev_size",
    "resample_error_spread",
    "split",
    "split_sizes",
    "suggested_split",
    "t_quantile",
]

FRACTION_TOLERANCE = 1e-9
SMALL_DEV_TEST_FRACTION = 0.2
DEV_TEST_CAP = 10_000


class DataPair(NamedTuple):
    """One part of a split: ``X`` (n_x, m_part) and ``Y`` (n_y, m_part)."""

    X: np.ndarray
    Y: np.ndarray


class Split(NamedTuple):
    """The result of ``split``: ``(X_train, Y_train), (X_dev, Y_dev), (X_test, Y_test) = split(...)``."""

    train: DataPair
    dev: DataPair
    test: DataPair


class SplitSizes(NamedTuple):
    """Numbers of examples in train, dev and test."""

    train: int
    dev: int
    test: int

    @property
    def fractions(self) -> tuple[float, float, float]:
        total = self.train + self.dev + self.test
        return (self.train / total, self.dev / total, self.test / total)


def _largest_remainder(quotas: np.ndarray, total: int) -> np.ndarray:
    """Round non-negative ``quotas`` (summing to ``total``) to integers with the same sum.

    Each result is floor(quota) or floor(quota) + 1; the extra units go to the largest
    fractional parts (ties to the earlier entry).
    """
    base = np.floor(quotas + 1e-12).astype(np.int64)
    short = total - int(base.sum())
    order = np.argsort(-(quotas - base), kind="stable")
    base[order[:short]] += 1
    return base


def split_sizes(m: int, *, fractions=None, counts=None) -> SplitSizes:
    """Sizes of (train, dev, test) for ``m`` examples, from exactly one of ``fractions`` or ``counts``.

    ``fractions``: three numbers in [0, 1] summing to 1 (within 1e-9); rounded by largest
    remainder, so the sizes always sum to m and each is within 1 of fraction * m.
    ``counts``: three non-negative integers summing to exactly m (every example is used once;
    for "10,000 dev, 10,000 test, the rest train" pass (m - 20_000, 10_000, 10_000)).
    """
    m = _validate.integer("m", m, low=1)
    if (fractions is None) == (counts is None):
        raise ValueError("give exactly one of fractions=(train, dev, test) or counts=(train, dev, test)")
    if fractions is not None:
        f = tuple(_validate.real(f"fractions[{part}]", v, low=0.0, high=1.0)
                  for part, v in zip(("train", "dev", "test"), _three("fractions", fractions), strict=True))
        if abs(sum(f) - 1.0) > FRACTION_TOLERANCE:
            raise ValueError(f"fractions must sum to 1 (within {FRACTION_TOLERANCE:g}), got {f!r} "
                             f"summing to {sum(f)!r}")
        return SplitSizes(*(int(v) for v in _largest_remainder(np.array(f) * m, m)))
    c = tuple(_validate.integer(f"counts[{part}]", v, low=0)
              for part, v in zip(("train", "dev", "test"), _three("counts", counts), strict=True))
    if sum(c) != m:
        raise ValueError(f"counts must sum to the number of examples m={m}, got {c!r} summing to {sum(c)}; "
                         f"for fixed dev/test sizes use train = m - dev - test")
    return SplitSizes(*(int(v) for v in c))


def _three(name: str, value) -> tuple:
    try:
        items = tuple(value)
    except TypeError:
        raise TypeError(f"{name} must be a sequence of three numbers (train, dev, test), got {value!r}") from None
    if len(items) != 3:
        raise ValueError(f"{name} must have three entries (train, dev, test), got {len(items)}: {items!r}")
    return items


def _stratified_assignment(labels: np.ndarray, sizes: SplitSizes, rng: np.random.Generator) -> np.ndarray:
    """Split index (0, 1, 2) for each example so each class is spread in proportion to ``sizes``.

    Class c with m_c examples gets n[c, s] examples in split s with n[c, s] within 1 of
    m_c * size_s / m, row sums m_c and column sums size_s exactly. Floors first; the leftover
    units form a 0/1 matrix with known row and column sums, filled by Ryser's greedy rule
    (each class gives its units to the splits that still need the most), which always succeeds
    because the fractional remainders are a feasible solution.
    """
    m = labels.size
    classes, inverse = np.unique(labels, return_inverse=True)
    class_sizes = np.bincount(inverse, minlength=classes.size)
    target = np.asarray(sizes, dtype=np.float64)
    quotas = np.outer(class_sizes, target) / m
    n = np.floor(quotas + 1e-12).astype(np.int64)
    need_col = np.asarray(sizes) - n.sum(axis=0)
    remainders = quotas - n
    for c in np.argsort(-(class_sizes - n.sum(axis=1)), kind="stable"):
        k = int(class_sizes[c] - n[c].sum())
        order = np.lexsort((-remainders[c], -need_col))  # most-needed split first, then largest remainder
        take = order[:k]
        n[c, take] += 1
        need_col[take] -= 1
    assert np.all(need_col == 0) and np.all(n.sum(axis=1) == class_sizes)
    assignment = np.empty(m, dtype=np.int64)
    for c in range(classes.size):
        members = rng.permutation(np.flatnonzero(inverse == c))
        assignment[members] = np.repeat(np.arange(3), n[c])
    return assignment


def split(X, Y, *, fractions=None, counts=None, stratify: bool = False, rng) -> Split:
    """Shuffle the examples (columns) and split them into train, dev and test.

    Give exactly one of ``fractions`` (three numbers summing to 1, e.g. (0.6, 0.2, 0.2)) or
    ``counts`` (three integers summing to m, e.g. ``suggested_split(m)``); see ``split_sizes``.
    Every example lands in exactly one part; parts may be empty (shape (n_x, 0)).

    ``stratify=True`` keeps the class proportions: a class with m_c examples puts within one
    example of m_c * size / m into each part. Classes are the distinct columns of Y (0/1 labels
    in a (1, m) row, or one-hot columns). Returns ``Split(train, dev, test)`` of ``DataPair(X, Y)``.
    """
    X, Y = _validate.xy(X, Y)
    rng = _validate.rng("rng", rng)
    if not isinstance(stratify, bool):
        raise TypeError(f"stratify must be True or False, got {stratify!r}")
    sizes = split_sizes(X.shape[1], fractions=fractions, counts=counts)
    if stratify:
        labels = np.unique(Y, axis=1, return_inverse=True)[1].reshape(-1)
        assignment = _stratified_assignment(labels, sizes, rng)
        parts = [rng.permutation(np.flatnonzero(assignment == s)) for s in range(3)]
    else:
        order = rng.permutation(X.shape[1])
        parts = np.split(order, np.cumsum(sizes)[:2])
    return Split(*(DataPair(X[:, idx], Y[:, idx]) for idx in parts))


def suggested_split(m: int, *, cap: int = DEV_TEST_CAP) -> SplitSizes:
    """The lecture's guidance as sizes (train, dev, test) for m examples.

        dev = test = min(0.2 * m, cap)   (rounded; cap = 10,000 by default)
        train = m - dev - test

    So small data sets get the classic 60/20/20 (up to m = 5 * cap = 50,000), and big ones get a
    fixed ~10,000 examples each for dev and test, which is a shrinking fraction:
    m = 1,000,000 gives 98/1/1 (the notes' big-data split); m = 10,000,000 gives 99.8/0.1/0.1.
    The notes' other data point, 99.5/0.4/0.1, spends more on dev than on test (useful when
    comparing many models whose errors differ by a fraction of a percent); ``required_dev_size``
    says how many examples a given resolution needs. 10,000 examples measure an error rate of
    10% to within +-0.6 percentage points at 95% confidence (``error_confidence_halfwidth``).
    """
    m = _validate.integer("m", m, low=1)
    cap = _validate.integer("cap", cap, low=1)
    if m * SMALL_DEV_TEST_FRACTION <= cap:
        return split_sizes(m, fractions=(0.6, 0.2, 0.2))
    return SplitSizes(m - 2 * cap, cap, cap)


def _z(confidence: float) -> float:
    confidence = _validate.real("confidence", confidence, low=0.0, high=1.0, low_open=True, high_open=True)
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def error_confidence_halfwidth(error_rate: float, n: int, confidence: float = 0.95, *,
                               method: str = "wald") -> float:
    """Half-width of the confidence interval of an error rate p measured on n examples.

        wald (default):  z * sqrt(p * (1 - p) / n)
        wilson:          z / (1 + z^2/n) * sqrt(p * (1 - p) / n + z^2 / (4 n^2))

    with z the two-sided normal quantile (1.96 for 95%). Wald is the normal approximation the
    argument "1% of a million is plenty" rests on; it is 0 at p = 0 or 1, where Wilson is not
    (Wilson's interval is centred at (p + z^2/(2n)) / (1 + z^2/n), not at p; this returns half its width).
    Example: p = 0.1, n = 10,000 gives 0.0059 (Wald), i.e. 10% +- 0.6 points.
    """
    p = _validate.real("error_rate", error_rate, low=0.0, high=1.0)
    n = _validate.integer("n", n, low=1)
    z = _z(confidence)
    _validate.choice("method", method, ("wald", "wilson"))
    if method == "wald":
        return z * math.sqrt(p * (1 - p) / n)
    return z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))


def required_dev_size(error_rate: float, halfwidth: float, confidence: float = 0.95) -> int:
    """Smallest n whose Wald half-width at ``error_rate`` is at most ``halfwidth``.

        n = ceil(z^2 * p * (1 - p) / halfwidth^2)

    Example: telling 10% error to +-0.5 points at 95% needs n = 13,830.
    """
    p = _validate.real("error_rate", error_rate, low=0.0, high=1.0)
    h = _validate.real("halfwidth", halfwidth, low=0.0, high=1.0, low_open=True)
    z = _z(confidence)
    return max(1, math.ceil(z * z * p * (1 - p) / (h * h) - 1e-9))


def resample_error_spread(error_rate: float, n: int, *, repeats: int = 1000, population: int | None = None,
                          rng) -> np.ndarray:
    """Measured error rates of ``repeats`` dev sets of n examples, each drawn from a population
    whose true error rate is ``error_rate``. Returns an array of shape (repeats,).

    ``population=None``: an unlimited population; each example is a mistake with probability p,
    so the number of mistakes is Binomial(n, p). ``population=N``: a finite population of N
    examples with round(p * N) mistakes, and each dev set is n distinct examples drawn without
    replacement, so the count is Hypergeometric (exactly what sampling the examples would give).
    The standard deviation of the result is about sqrt(p(1-p)/n) (times sqrt((N-n)/(N-1)) for a
    finite population).
    """
    p = _validate.real("error_rate", error_rate, low=0.0, high=1.0)
    n = _validate.integer("n", n, low=1)
    repeats = _validate.integer("repeats", repeats, low=1)
    rng = _validate.rng("rng", rng)
    if population is None:
        mistakes = rng.binomial(n, p, size=repeats)
    else:
        population = _validate.integer("population", population, low=n)
        bad = round(p * population)
        mistakes = rng.hypergeometric(bad, population - bad, n, size=repeats)
    return mistakes / n


def _t_within(x: float, df: int) -> float:
    """P(|T| <= x) for Student's t with an integer df (Abramowitz & Stegun 26.7.3-4, a finite sum)."""
    theta = math.atan(x / math.sqrt(df))
    c2 = math.cos(theta) ** 2
    if df % 2:
        term, total = math.cos(theta), 0.0
        for k in range(1, (df - 1) // 2 + 1):      # cos + (2/3) cos^3 + (2.4)/(3.5) cos^5 + ... up to cos^(df-2)
            total += term
            term *= c2 * (2 * k) / (2 * k + 1)
        return 2 / math.pi * (theta + math.sin(theta) * total)
    term, total = 1.0, 0.0
    for k in range(1, df // 2 + 1):                 # 1 + (1/2) cos^2 + (1.3)/(2.4) cos^4 + ... up to cos^(df-2)
        total += term
        term *= c2 * (2 * k - 1) / (2 * k)
    return math.sin(theta) * total


def t_quantile(df: int, confidence: float = 0.95) -> float:
    """The two-sided quantile t of Student's t with ``df`` degrees of freedom: P(|T| <= t) = confidence.

    Example: df = 4 (five seeds), 95%: 2.776; df = 2 (three seeds): 4.303; it tends to the normal 1.960.
    """
    df = _validate.integer("df", df, low=1)
    confidence = _validate.real("confidence", confidence, low=0.0, high=1.0, low_open=True, high_open=True)
    lo, hi = 0.0, 1.0
    while _t_within(hi, df) < confidence:
        hi *= 2.0
    for _ in range(200):                            # bisection to the last bits
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        lo, hi = (mid, hi) if _t_within(mid, df) < confidence else (lo, mid)
    return hi


def mean_confidence_halfwidth(values, confidence: float = 0.95) -> float:
    """Half-width of the confidence interval of the mean of n runs (e.g. one accuracy per seed):

        t_quantile(n - 1, confidence) * s / sqrt(n),    s the standard deviation with n - 1

    This is the seed-to-seed uncertainty of a mean over seeds; ``error_confidence_halfwidth`` is only one run's
    dev-set noise. Example: accuracies 50%, 60%, 83%, 83%, 60% (mean 67%) give +- 19 points.
    """
    x = _validate.array("values", values, ndim=1)
    if x.size < 2:
        raise ValueError(f"values must hold at least 2 runs (a spread needs two), got {x.size}")
    return t_quantile(x.size - 1, confidence) * float(np.std(x, ddof=1)) / math.sqrt(x.size)
