"""Exercises for notebook 16 (hyperparameter search): drawing on the right scale.

    sample_alpha(low, high, size, rng)   alpha log-uniform in [low, high]: 10 ** r, r uniform in [log10 low, log10 high]
    sample_beta(low, high, size, rng)    beta with 1 - beta log-uniform:   1 - 10 ** r,
                                         r uniform in [log10 (1 - high), log10 (1 - low)]

References: ``course2.hyperparameter_search.log_uniform`` and ``one_minus_log_uniform``. Graded by
statistics over 100,000 draws from fixed seeds (``observe``), never by the exact draws, so every
correct way passes: ``10 ** rng.uniform(a, b, size)``, ``np.exp(rng.uniform(np.log(low), np.log(high), size))``,
``10 ** (a + (b - a) * rng.random(size))``, ... The statistics: the mean and spread of log10 alpha
(log10 (1 - beta)), the shares outside [low, high], whether the draws come from the generator
given (the same seed gives the same draws; a second call gives new ones), and whether they are evenly spaced
exponents (``10 ** np.linspace(...)``: a grid, no randomness at all).
"""

from __future__ import annotations

import numpy as np

from course2 import hyperparameter_search as hs

from .grading import BadReturn, Exercise, Misconception, Probe, stats_close

__all__ = ["EXERCISES"]

SIZE = 100_000


def sample_alpha(low, high, size, rng):
    """The reference, with the student's signature."""
    return hs.log_uniform(low, high, size, rng=rng)


def sample_beta(low, high, size, rng):
    """The reference, with the student's signature."""
    return hs.one_minus_log_uniform(low, high, size, rng=rng)


def _draws(function, low, high, size, rng, name) -> np.ndarray:
    out = function(low, high, size, rng)
    try:
        a = np.asarray(out, dtype=float)
    except (TypeError, ValueError):
        raise BadReturn(f"{name} must return an array of {size} numbers, got {type(out).__name__}") from None
    if a.shape != (size,):
        raise BadReturn(f"{name} must return an array of shape ({size},), got shape {a.shape}")
    return a


def _r(x) -> float:
    return float(round(float(x), 4))


def _observer(name: str, transform, log_name: str):
    """An ``observe`` for exercise ``name``: statistics of log10(transform(draws))."""

    def observe(function, low, high, seed) -> dict:
        x1 = _draws(function, low, high, SIZE, np.random.default_rng(seed), name)
        x2 = _draws(function, low, high, SIZE, np.random.default_rng(seed), name)
        gen = np.random.default_rng(seed + 1)
        y1 = _draws(function, low, high, SIZE, gen, name)
        y2 = _draws(function, low, high, SIZE, gen, name)
        t = transform(x1)
        ok = np.isfinite(t) & (t > 0)
        logs = np.log10(t[ok]) if ok.any() else np.array([np.nan])
        steps = np.diff(np.sort(logs))
        return {
            f"evenly spaced {log_name} (a grid, no randomness)": bool(
                steps.size > 1 and np.isfinite(steps).all() and np.ptp(steps) <= 1e-9 * max(1.0, abs(steps.mean()))),
            f"mean of {log_name}": _r(np.mean(logs)),
            f"spread (std) of {log_name}": _r(np.std(logs)),
            "share below low": _r(np.mean(x1 < low)),
            "share above high": _r(np.mean(x1 > high)),
            "the same seed gives the same draws": bool(np.array_equal(x1, x2)),
            "share repeated on a second call with one generator": _r(np.mean(y1 == y2)),
        }

    return observe


def _tolerances(log_name: str) -> dict:
    return {f"mean of {log_name}": 0.03, f"spread (std) of {log_name}": 0.02, "share below low": 0.002,
            "share above high": 0.002, "share repeated on a second call with one generator": 0.01}


def _unseeded(reference):
    return lambda low, high, size, rng: reference(low, high, size, np.random.default_rng())


def _reseeded(reference):
    return lambda low, high, size, rng: reference(low, high, size, np.random.default_rng(0))


_GRID = "no randomness: evenly spaced values (a grid)"

_RNG_MISTAKES = [
    ("ignored the rng given (a fresh, unseeded generator or np.random)",
     "Draw from the generator you are given (rng.uniform(...), rng.random(...)): then the same seed gives the "
     "same trials, and a search can be repeated."),
    ("a generator seeded inside the function",
     "Use the rng you are given; a generator created with a fixed seed inside the function draws the same "
     "values on every call, so every search tries the same trials."),
]


SAMPLE_ALPHA = Exercise(
    name="sample_alpha",
    signature="sample_alpha(low, high, size, rng)",
    reference=sample_alpha,
    misconceptions=[
        Misconception(
            "uniform in alpha",
            "rng.uniform(low, high) spreads the draws evenly in LENGTH: with [1e-4, 1], 90% land in [0.1, 1] and "
            "only 0.1% in [1e-4, 1e-3]. Draw the exponent uniformly: 10 ** rng.uniform(np.log10(low), "
            "np.log10(high), size).",
            lambda low, high, size, rng: hs.uniform(low, high, size, rng=rng)),
        Misconception(
            "ln mixed with 10**",
            "np.log is the natural log: 10 ** rng.uniform(np.log(low), np.log(high)) reaches 10 ** -9.2 for "
            "low = 1e-4. Use one base throughout: 10 ** rng.uniform(np.log10(low), np.log10(high)) or "
            "np.exp(rng.uniform(np.log(low), np.log(high))).",
            lambda low, high, size, rng: 10.0 ** rng.uniform(np.log(low), np.log(high), size)),
        Misconception(
            "np.exp mixed with log10",
            "np.exp undoes np.log, not np.log10: np.exp(rng.uniform(np.log10(low), np.log10(high))) gives values "
            "from e ** -4 = 0.018 to 1 for [1e-4, 1]. Use 10 ** ... with np.log10, or np.exp with np.log.",
            lambda low, high, size, rng: np.exp(rng.uniform(np.log10(low), np.log10(high), size))),
        Misconception(
            "low and high used as exponents",
            "low and high are the values of alpha, not exponents: the exponent runs from np.log10(low) to "
            "np.log10(high) (-4 to 0 for [1e-4, 1]).",
            lambda low, high, size, rng: 10.0 ** rng.uniform(low, high, size)),
        Misconception(
            "upper exponent one short (-4 to -1)",
            "For [1e-4, 1] the exponent runs from -4 to 0 (10 ** 0 = 1), not to -1: "
            "r = rng.uniform(np.log10(low), np.log10(high)).",
            lambda low, high, size, rng: 10.0 ** rng.uniform(np.log10(low), np.log10(high) - 1, size)),
        Misconception(
            _GRID,
            "10 ** np.linspace(...) (or np.geomspace) is a grid, not a random draw: evenly spaced exponents, the same "
            "values whatever rng you pass, so every search tries the same alphas and a search over several "
            "hyperparameters gets the grid's problem back. Draw the exponent at random: "
            "r = rng.uniform(np.log10(low), np.log10(high), size).",
            lambda low, high, size, rng: 10.0 ** np.linspace(np.log10(low), np.log10(high), size)),
        *[Misconception(n, m, f(sample_alpha)) for (n, m), f in zip(_RNG_MISTAKES, (_unseeded, _reseeded))],
    ],
    probes=[
        Probe((1e-4, 1.0, 0), "low=1e-4, high=1, size=100000, rng=np.random.default_rng(0) (and more calls)"),
        Probe((1e-6, 1e-2, 1), "low=1e-6, high=1e-2, size=100000, rng=np.random.default_rng(1) (and more calls)"),
    ],
    compare=stats_close(_tolerances("log10(alpha)")),
    observe=_observer("sample_alpha", lambda x: x, "log10(alpha)"),
    hint="r = rng.uniform(np.log10(low), np.log10(high), size); return 10 ** r.",
)

SAMPLE_BETA = Exercise(
    name="sample_beta",
    signature="sample_beta(low, high, size, rng)",
    reference=sample_beta,
    misconceptions=[
        Misconception(
            "beta sampled directly",
            "Uniform in beta puts 90% of the draws of [0.9, 0.999] below 0.99, though beta = 0.99 to 0.999 "
            "(averaging over 100 to 1000 steps) matters as much as 0.9 to 0.99 (10 to 100). Sample 1 - beta on a "
            "log scale: r = rng.uniform(np.log10(1 - high), np.log10(1 - low), size); beta = 1 - 10 ** r.",
            lambda low, high, size, rng: hs.uniform(low, high, size, rng=rng)),
        Misconception(
            "returned 1 - beta",
            "10 ** r is 1 - beta (0.001 to 0.1); return beta = 1 - 10 ** r.",
            lambda low, high, size, rng: 1.0 - sample_beta(low, high, size, rng)),
        Misconception(
            "ln mixed with 10**",
            "np.log is the natural log: use r = rng.uniform(np.log10(1 - high), np.log10(1 - low)) with 10 ** r "
            "(or np.log with np.exp).",
            lambda low, high, size, rng: 1.0 - 10.0 ** rng.uniform(np.log(1 - high), np.log(1 - low), size)),
        Misconception(
            "log scale on beta itself",
            "Spreading beta itself over a log scale barely changes anything between 0.9 and 0.999 (log10 beta "
            "runs from -0.046 to -0.0004): sample 1 - beta on a log scale, beta = 1 - 10 ** r.",
            lambda low, high, size, rng: hs.log_uniform(low, high, size, rng=rng)),
        Misconception(
            _GRID,
            "1 - 10 ** np.linspace(...) is a grid, not a random draw: evenly spaced exponents, the same values "
            "whatever rng you pass, so every search tries the same betas. Draw the exponent at random: "
            "r = rng.uniform(np.log10(1 - high), np.log10(1 - low), size); beta = 1 - 10 ** r.",
            lambda low, high, size, rng: 1.0 - 10.0 ** np.linspace(np.log10(1 - high), np.log10(1 - low), size)),
        *[Misconception(n, m, f(sample_beta)) for (n, m), f in zip(_RNG_MISTAKES, (_unseeded, _reseeded))],
    ],
    probes=[
        Probe((0.9, 0.999, 0), "low=0.9, high=0.999, size=100000, rng=np.random.default_rng(0) (and more calls)"),
        Probe((0.5, 0.9999, 1), "low=0.5, high=0.9999, size=100000, rng=np.random.default_rng(1) (and more calls)"),
    ],
    compare=stats_close(_tolerances("log10(1 - beta)")),
    observe=_observer("sample_beta", lambda x: 1.0 - x, "log10(1 - beta)"),
    hint="r = rng.uniform(np.log10(1 - high), np.log10(1 - low), size) (the smaller end first: 1 - high < 1 - low); "
         "return 1 - 10 ** r.",
)

EXERCISES = [SAMPLE_ALPHA, SAMPLE_BETA]
