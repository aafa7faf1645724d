"""Hyperparameter search: where to put the trials, and on which scale.

Every hyperparameter maps the unit interval u in [0, 1] onto its range, on one of three scales:

    linear          x = low + u (high - low)
    log             x = 10 ** (log10 low + u (log10 high - log10 low))
                    alpha in [1e-4, 1]: 10 ** r, r in [-4, 0]
    one_minus_log   1 - x = 10 ** (log10 (1 - low) + u (log10 (1 - high) - log10 (1 - low)))
                    beta in [0.9, 0.999]: 1 - 10 ** r, r from -1 down to -3

Drawing u uniformly gives uniform, log-uniform and "1 - beta log-uniform" sampling (``uniform``,
``log_uniform``, ``one_minus_log_uniform``). Two ways to place B trials over N hyperparameters:

    grid     k = floor(B ** (1/N)) values of each hyperparameter (u = (i + 1/2) / k, i = 0..k-1),
             every combination: k**N <= B trials, and only k distinct values of each one
    random   B trials, each hyperparameter drawn independently: B distinct values of each one

Coarse to fine (``rounds`` > 1): the budget is split over the rounds; after each round the box
(in u, so on each hyperparameter's own scale) shrinks by ``zoom`` around the best trial so far and
the next round searches inside it. Random trials need a Generator or a seed: the same seed gives the
same trials. ``search`` collects the trials; ``iter_search`` yields each one as it is scored (a
progress bar, a stop button: stop iterating and the trials so far are what you have).
The objective takes a dict name -> value and returns a score to MAXIMIZE (a float, or an object with
a ``score`` attribute: a dev accuracy with the run's details); NaN scores rank last.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from . import _validate

__all__ = ["METHODS", "SCALES", "Hyperparameter", "SearchResult", "Trial", "check_space", "distinct_values",
           "grid_size", "grid_unit_points", "iter_search", "log_uniform", "one_minus_log_uniform", "search",
           "trial_points", "uniform"]

SCALES = ("linear", "log", "one_minus_log")
METHODS = ("grid", "random")


# -- sampling one hyperparameter ---------------------------------------------------------------------------------
def _size(size) -> int:
    return _validate.integer("size", size, low=0)


def _range(low, high, *, positive=False, below_one=False) -> tuple[float, float]:
    low = _validate.real("low", low)
    high = _validate.real("high", high)
    if positive and low <= 0:
        raise ValueError(f"low must be > 0 on a log scale, got {low!r}")
    if below_one and high >= 1:
        raise ValueError(f"high must be < 1 when 1 - x is sampled on a log scale, got {high!r}")
    if not low < high:
        raise ValueError(f"low must be below high, got low={low!r}, high={high!r}")
    return low, high


def uniform(low: float, high: float, size: int, *, rng) -> np.ndarray:
    """``size`` draws uniform in [low, high): every stretch of equal LENGTH gets the same share."""
    low, high = _range(low, high)
    size = _size(size)
    return low + (high - low) * _validate.rng("rng", rng).random(size)


def log_uniform(low: float, high: float, size: int, *, rng) -> np.ndarray:
    """``size`` draws 10 ** r, r uniform in [log10 low, log10 high): every DECADE gets the same share.

    alpha in [1e-4, 1]: r in [-4, 0], a quarter of the draws in each of [1e-4, 1e-3), ..., [0.1, 1).
    """
    low, high = _range(low, high, positive=True)
    size = _size(size)
    r = np.log10(low) + (np.log10(high) - np.log10(low)) * _validate.rng("rng", rng).random(size)
    return 10.0 ** r


def one_minus_log_uniform(low: float, high: float, size: int, *, rng) -> np.ndarray:
    """``size`` draws of beta = 1 - 10 ** r, r uniform in [log10 (1 - high), log10 (1 - low)).

    beta in [0.9, 0.999]: 1 - beta in [1e-3, 1e-1], half the draws in [0.9, 0.99), half in [0.99, 0.999):
    the averaging window 1 / (1 - beta) (10 ... 1000 steps) gets the same share per factor of 10.
    """
    low, high = _range(low, high, below_one=True)
    size = _size(size)
    lo, hi = np.log10(1.0 - high), np.log10(1.0 - low)
    return 1.0 - 10.0 ** (lo + (hi - lo) * _validate.rng("rng", rng).random(size))


# -- a hyperparameter and its scale -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Hyperparameter:
    """A name, a range [low, high] and the scale its values are spread on (``SCALES``); ``integer=True``
    rounds each value to the nearest integer (hidden units)."""

    name: str
    low: float
    high: float
    scale: str = "linear"
    integer: bool = False

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name:
            raise TypeError(f"name must be a non-empty str, got {self.name!r}")
        _validate.choice("scale", self.scale, SCALES)
        low, high = _range(self.low, self.high, positive=self.scale == "log",
                           below_one=self.scale == "one_minus_log")
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)
        object.__setattr__(self, "integer", _validate.flag("integer", self.integer))

    def from_unit(self, u) -> np.ndarray:
        """The values at positions u in [0, 1] of the range, on this hyperparameter's scale."""
        u = _validate.array("u", u, ndim=None, nonempty=False)
        if np.any((u < 0) | (u > 1)):
            raise ValueError(f"u must be in [0, 1], got values from {u.min()!r} to {u.max()!r}")
        if self.scale == "linear":
            x = self.low + u * (self.high - self.low)
        elif self.scale == "log":
            lo, hi = np.log10(self.low), np.log10(self.high)
            x = 10.0 ** (lo + u * (hi - lo))
        else:
            lo, hi = np.log10(1.0 - self.low), np.log10(1.0 - self.high)
            x = 1.0 - 10.0 ** (lo + u * (hi - lo))
        x = np.clip(x, self.low, self.high)
        return np.round(x) if self.integer else x

    def to_unit(self, x) -> np.ndarray:
        """The inverse of ``from_unit``: where the values x sit in [0, 1] on this scale."""
        x = _validate.array("x", x, ndim=None, nonempty=False)
        if np.any((x < self.low) | (x > self.high)):
            raise ValueError(f"x must be in [{self.low!r}, {self.high!r}] ({self.name}), got values from "
                             f"{x.min()!r} to {x.max()!r}")
        if self.scale == "linear":
            u = (x - self.low) / (self.high - self.low)
        elif self.scale == "log":
            u = (np.log10(x) - np.log10(self.low)) / (np.log10(self.high) - np.log10(self.low))
        else:
            lo, hi = np.log10(1.0 - self.low), np.log10(1.0 - self.high)
            u = (np.log10(1.0 - x) - lo) / (hi - lo)
        return np.clip(u, 0.0, 1.0)


def _space(space) -> tuple[Hyperparameter, ...]:
    items = _validate.items("space", space)
    for h in items:
        _validate.instance("space", h, Hyperparameter, "a sequence of course2.hyperparameter_search.Hyperparameter")
    names = [h.name for h in items]
    if len(set(names)) != len(names):
        raise ValueError(f"space must name each hyperparameter once, got {names}")
    return tuple(items)


# -- placing trials ------------------------------------------------------------------------------------------------
def grid_size(budget: int, n: int) -> int:
    """k = floor(budget ** (1/n)): the values per hyperparameter of the largest grid with k**n <= budget."""
    budget = _validate.integer("budget", budget, low=1)
    n = _validate.integer("n", n, low=1)
    k = max(1, int(math.floor(budget ** (1.0 / n))))
    while (k + 1) ** n <= budget:         # floating-point roots can fall one short (64 ** (1/3) = 3.999...)
        k += 1
    while k ** n > budget:
        k -= 1
    return k


def grid_unit_points(k: int, n: int) -> np.ndarray:
    """(k**n, n): every combination of the cell centres (i + 1/2) / k, i = 0..k-1, first coordinate slowest."""
    k = _validate.integer("k", k, low=1)
    n = _validate.integer("n", n, low=1)
    centres = (np.arange(k) + 0.5) / k
    mesh = np.meshgrid(*([centres] * n), indexing="ij")
    return np.stack([m.ravel() for m in mesh], axis=1)


def _unit_points(method: str, count: int, n: int, rng) -> np.ndarray:
    if method == "grid":
        return grid_unit_points(grid_size(count, n), n)
    return rng.random((count, n))


def trial_points(space, budget: int, *, method: str, rng=None) -> np.ndarray:
    """(T, N) hyperparameter values of a one-round search: ``grid`` (T = k**N <= budget, no randomness)
    or ``random`` (T = budget; ``rng``, a Generator or a seed, is required)."""
    space = _space(space)
    budget = _validate.integer("budget", budget, low=1)
    method = _validate.choice("method", method, METHODS)
    gen = _validate.rng("rng", rng) if method == "random" else None
    U = _unit_points(method, budget, len(space), gen)
    return np.stack([h.from_unit(U[:, j]) for j, h in enumerate(space)], axis=1)


@dataclass(frozen=True)
class Trial:
    """One scored trial: its index (from 0), its round (from 0), its values, its unit position, its score
    (NaN ranks last) and what the objective returned."""

    index: int
    round: int
    values: dict
    unit: np.ndarray
    score: float
    result: object


@dataclass(frozen=True)
class SearchResult:
    """The trials of a search, in the order they ran, and the coarse-to-fine boxes (one per round, in u:
    (N, 2) lower and upper ends)."""

    space: tuple
    trials: list
    boxes: list
    stopped: bool = False

    @property
    def scores(self) -> np.ndarray:
        return np.array([t.score for t in self.trials], dtype=float)

    def values(self, name: str) -> np.ndarray:
        """The values of one hyperparameter, one per trial."""
        names = [h.name for h in self.space]
        _validate.choice("name", name, names)
        return np.array([t.values[name] for t in self.trials], dtype=float)

    @property
    def best(self) -> Trial | None:
        """The trial with the highest score (the first one on ties; None before any finite score)."""
        s = self.scores
        if s.size == 0 or not np.isfinite(s).any():
            return None
        return self.trials[int(np.nanargmax(np.where(np.isfinite(s), s, np.nan)))]

    def best_so_far(self) -> np.ndarray:
        """(T,): the best score among trials 1..t (NaN until a finite one)."""
        s = np.where(np.isfinite(self.scores), self.scores, -np.inf)
        out = np.maximum.accumulate(s) if s.size else s
        return np.where(np.isfinite(out), out, np.nan)

    def distinct(self) -> dict[str, int]:
        """name -> how many different values of it the search tried."""
        return {h.name: distinct_values(self.values(h.name)) for h in self.space}


def distinct_values(values) -> int:
    """How many different numbers ``values`` holds (equal to 12 significant digits count once)."""
    v = _validate.array("values", values, ndim=1, nonempty=False)
    return int(np.unique(np.array([float(f"{x:.12g}") for x in v])).size)


def _score(out) -> float:
    s = getattr(out, "score", out)
    if isinstance(s, bool) or not isinstance(s, (int, float, np.integer, np.floating)):
        raise TypeError(f"the objective must return a number (or an object with a score), got {out!r}")
    return float(s)


def iter_search(space, objective: Callable[[dict], object], budget: int, *, method: str = "random", rng=None,
                rounds: int = 1, zoom: float = 0.25) -> Iterator[Trial]:
    """Yield each ``Trial`` as soon as ``objective`` has scored it (see the module docstring).

    ``rounds`` > 1 is coarse to fine: round r gets budget // rounds trials (the first round the rest
    too) inside a box that shrinks by ``zoom`` per round around the best trial so far, in u.
    Arguments are checked at the call, before the first trial.
    """
    space = _space(space)
    _validate.function("objective", objective)
    budget = _validate.integer("budget", budget, low=1)
    method = _validate.choice("method", method, METHODS)
    rounds = _validate.integer("rounds", rounds, low=1, high=budget)
    zoom = _validate.real("zoom", zoom, low=0.0, high=1.0, low_open=True)
    if method == "random" or rounds > 1:
        gen = _validate.rng("rng", rng)
    else:
        gen = None
    return _trials(space, objective, budget, method, gen, rounds, zoom, boxes=None)


def _trials(space, objective, budget, method, gen, rounds, zoom, boxes) -> Iterator[Trial]:
    n = len(space)
    per_round = [budget // rounds] * rounds
    per_round[0] += budget - sum(per_round)
    lo, hi = np.zeros(n), np.ones(n)
    best_u, best_s, index = None, -np.inf, 0
    for r, count in enumerate(per_round):
        if r > 0 and best_u is not None:
            half = 0.5 * zoom ** r
            lo = np.clip(best_u - half, 0.0, 1.0 - 2 * half)      # the box stays inside [0, 1]
            hi = lo + 2 * half
        if boxes is not None:
            boxes.append(np.stack([lo, hi], axis=1))
        U = lo + (hi - lo) * _unit_points(method, count, n, gen)
        for u in U:
            values = {h.name: float(h.from_unit(u[j])) for j, h in enumerate(space)}
            out = objective(dict(values))
            s = _score(out)
            if np.isfinite(s) and s > best_s:
                best_u, best_s = u.copy(), s
            yield Trial(index, r, values, u.copy(), s, out)
            index += 1


def search(space, objective: Callable[[dict], object], budget: int, *, method: str = "random", rng=None,
           rounds: int = 1, zoom: float = 0.25, stop: Callable[[], bool] | None = None) -> SearchResult:
    """Run ``iter_search`` to its end (or until ``stop()`` returns True after a trial) and collect it."""
    space = _space(space)
    iter_search(space, objective, budget, method=method, rng=rng, rounds=rounds, zoom=zoom)   # checks
    if stop is not None:
        _validate.function("stop", stop)
    gen = _validate.rng("rng", rng) if (method == "random" or rounds > 1) else None
    boxes: list = []
    trials, stopped = [], False
    for t in _trials(space, objective, budget, method, gen, rounds, zoom, boxes):
        trials.append(t)
        if stop is not None and stop():
            stopped = len(trials) < budget
            break
    return SearchResult(space, trials, boxes, stopped)


def check_space(space: Sequence[Hyperparameter]) -> tuple[Hyperparameter, ...]:
    """space must be a sequence of ``Hyperparameter`` with distinct names; returns it as a tuple."""
    return _space(space)
