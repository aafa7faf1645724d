"""Bias and variance, measured: networks of growing capacity on a noisy 2-D set (notebook 02).

The lecture reads a model from two numbers (``course2.diagnosis``):

    avoidable bias = train error - Bayes error        variance = dev error - train error

This module produces them for real, on ``course2.experiments.tasks.bias_variance_task``: the two
moons (coordinate noise 0.2) with a fraction ``label_noise`` of the labels flipped, in train AND
dev (label noise is part of the data's distribution, so no classifier can beat it on dev).

- ``capacity_grid``: a ``Fit`` per (training-set size, hidden units), the same seeded data and
  initial weights, so each row varies only the capacity and each column only the data.
- ``bayes_error(label_noise)``: the lowest error any classifier can reach on this distribution,

      Bayes error = label_noise + (1 - 2 * label_noise) * e0,   e0 = E_x[ min(P(0|x), P(1|x)) ]

  where e0 (the clean moons' overlap) comes from the exact class densities
  p_c(x) = (1/pi) * integral over t in [0, pi] of N(x; arc_c(t), sigma^2 I) dt, averaged over a
  seeded sample of x (Monte Carlo, standard error about 0.001).
- The printed tables: ``cases_table`` (the notes' cases with Bayes error 0 and 15%),
  ``bayes_table``, ``fits_table``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from .. import _validate, data, diagnosis
from ..training import diverged_text
from .tasks import BV_NOISE, Fit, bias_variance_task, fit

__all__ = ["E0_SEED", "NUM_ITERATIONS", "bayes_error", "bayes_error_with_label_noise", "bayes_table", "capacity_grid",
           "cases_table", "clean_overlap", "fits_table", "moons_posterior"]

#: the seed of the Monte-Carlo sample behind e0 (the notebook's Bayes errors)
E0_SEED = 0
#: Adam steps of every bias/variance fit: with 1,000 the big network on 400 examples became chaotic
#: after ~600 steps (a last-bit difference flipped a dev example); at 600 every fit is stable.
NUM_ITERATIONS = 600


# -- the Bayes error of the moons ------------------------------------------------------------------
def moons_posterior(X, *, noise: float = BV_NOISE, n_t: int = 400) -> np.ndarray:
    """P(class 1 | x) for the clean moons (equal priors), for X of shape (2, m); returns (m,).

        p_c(x) = (1/pi) * integral_0^pi N(x; arc_c(t), noise^2 I) dt     (midpoint rule, n_t points)
        arc_0(t) = (cos t, sin t),   arc_1(t) = (1 - cos t, 0.5 - sin t)
    """
    X = _validate.array("X", X, ndim=2)
    if X.shape[0] != 2:
        raise ValueError(f"X must have 2 rows (2-D inputs), got shape {X.shape}")
    noise = _validate.real("noise", noise, low=0.0, low_open=True)
    n_t = _validate.integer("n_t", n_t, low=8)
    t = (np.arange(n_t) + 0.5) * math.pi / n_t
    arcs = (np.vstack([np.cos(t), np.sin(t)]), np.vstack([1.0 - np.cos(t), 0.5 - np.sin(t)]))
    out = np.empty(X.shape[1])
    for start in range(0, X.shape[1], 2000):
        x = X[:, start:start + 2000]
        logs = []
        for arc in arcs:
            d2 = (x[0][:, None] - arc[0][None, :]) ** 2 + (x[1][:, None] - arc[1][None, :]) ** 2
            logs.append(-d2 / (2 * noise * noise))
        shift = np.maximum(logs[0].max(axis=1), logs[1].max(axis=1))[:, None]
        p0 = np.exp(logs[0] - shift).sum(axis=1)
        p1 = np.exp(logs[1] - shift).sum(axis=1)
        out[start:start + 2000] = p1 / (p0 + p1)
    return out


@lru_cache(maxsize=16)
def clean_overlap(noise: float = BV_NOISE, *, samples: int = 20_000, seed: int) -> float:
    """e0 = E_x[min(P(0|x), P(1|x))]: the Bayes error of the moons without label noise."""
    X, _ = data.moons(samples, noise=noise, rng=np.random.default_rng([_validate.integer("seed", seed, low=0), 99]))
    p1 = moons_posterior(X, noise=noise)
    return float(np.mean(np.minimum(p1, 1.0 - p1)))


def bayes_error(label_noise: float = 0.0, *, noise: float = BV_NOISE) -> float:
    """The lowest achievable error: label_noise + (1 - 2 * label_noise) * e0 (see the module docstring;
    e0 from ``clean_overlap`` with the notebook's Monte-Carlo seed ``E0_SEED``)."""
    label_noise = _validate.real("label_noise", label_noise, low=0.0, high=0.5)
    noise = _validate.real("noise", noise, low=0.0, low_open=True)
    e0 = clean_overlap(noise, seed=E0_SEED)
    return label_noise + (1.0 - 2.0 * label_noise) * e0


def capacity_grid(m_trains: Sequence[int], hidden_units: Sequence[int], *, depth: int = 2,
                  label_noise: float = 0.1, seed: int, **fit_kwargs) -> dict[tuple[int, int], Fit]:
    """{(m_train, hidden_units): fit(...)} for every pair: the same seeded data and initial weights,
    so each row varies only the capacity and each column only the amount of data."""
    m_trains = [_validate.integer("m_trains", m, low=2, high=400) for m in _validate.items("m_trains", m_trains)]
    hidden_units = [_validate.integer("hidden_units", h, low=1, high=256)
                    for h in _validate.items("hidden_units", hidden_units)]
    out = {}
    for m in m_trains:
        for h in hidden_units:
            task = bias_variance_task(m, label_noise, seed=seed, hidden_units=h, depth=depth)
            out[(int(m), int(h))] = fit(task, seed=seed, **({"num_iterations": NUM_ITERATIONS} | fit_kwargs))
    return out


def _check_fits(fits) -> dict:
    """fits must be a non-empty dict {(m_train, hidden_units): Fit}."""
    _validate.instance("fits", fits, dict, "a dict {(m_train, hidden_units): Fit}")
    if not fits:
        raise ValueError("fits must hold at least one (m_train, hidden_units): Fit entry, got {}")
    for key, f in fits.items():
        _validate.instance(f"fits[{key!r}]", f, Fit)
    return fits


def cases_table() -> str:
    """The notes' cases read with Bayes error 0 (the notes' assumption) and 15%."""
    head = f"{'train':>6} {'dev':>6} | {'Bayes 0%':<30} | Bayes 15%"
    lines = [head, "-" * len(head)]
    for train, dev, _ in diagnosis.NOTES_CASES:
        a = diagnosis.diagnose(train, dev)
        b = diagnosis.diagnose(train, dev, bayes_error=0.15)
        lines.append(f"{100 * train:>5g}% {100 * dev:>5g}% | {a.label:<30} | {b.label}")
    return "\n".join(lines)


def bayes_table(label_noises=(0.0, 0.05, 0.1, 0.15, 0.2, 0.3)) -> str:
    """The data's Bayes error for each label-noise level (label_noise + (1 - 2 label_noise) e0)."""
    label_noises = [_validate.real("label_noise", q, low=0.0, high=0.5) for q in _validate.items("label_noises",
                                                                                                 label_noises)]
    lines = [f"clean overlap of the moons e0 = {100 * clean_overlap(seed=E0_SEED):.1f}%",
             f"{'label noise':>11} | {'Bayes error':>11}", "-" * 25]
    lines += [f"{100 * q:>10g}% | {100 * bayes_error(q):>10.1f}%" for q in label_noises]
    return "\n".join(lines)


def fits_table(fits: dict, *, bayes_error: float | None = None) -> str:
    """A table of {(m_train, hidden_units): Fit}: errors rounded to 0.1 points and the verdicts
    ("diverged at iteration N" instead of the errors and verdicts of a fit whose run diverged)."""
    _check_fits(fits)
    if bayes_error is not None:
        bayes_error = _validate.real("bayes_error", bayes_error, low=0.0, high=1.0)
    head = (f"{'m':>4} {'units':>5} {'layers':>6} | {'train':>6} {'dev':>6} | {'verdict (Bayes 0%)':<28} | "
            f"verdict (Bayes {100 * (bayes_error or 0):.1f}%)")
    lines = [head, "-" * len(head)]
    for (m, h), f in sorted(fits.items()):
        if f.diverged_at is not None:
            lines.append(f"{m:>4} {h:>5} {f.depth:>6} | {diverged_text(f.diverged_at)}")
            continue
        a = f.diagnosis(None)
        b = f.diagnosis(bayes_error)
        lines.append(f"{m:>4} {h:>5} {f.depth:>6} | {100 * f.train_error:>5.1f}% {100 * f.dev_error:>5.1f}% | "
                     f"{a.label:<28} | {b.label}")
    return "\n".join(lines)


def bayes_error_with_label_noise(label_noise: float, e0: float) -> float:
    """E_Bayes = label_noise + (1 - 2 label_noise) e0 for a clean Bayes error ``e0``.

    Each example's label is flipped with probability eps = label_noise. The best classifier is still
    the clean one (for eps < 1/2): it is wrong when the clean label disagrees with it and the label is
    kept, (1 - eps) e0, or when they agree and the label is flipped, eps (1 - e0). The sum is
    eps + (1 - 2 eps) e0; ``bayes_error`` is this with the moons' e0.
    """
    eps = _validate.real("label_noise", label_noise, low=0.0, high=0.5)
    e0 = _validate.real("e0", e0, low=0.0, high=0.5)
    return eps + (1.0 - 2.0 * eps) * e0
