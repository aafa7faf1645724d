"""Bias and variance, measured: networks of growing capacity on a noisy 2-D set.

The lecture reads a model from two numbers (``course2.diagnosis``):

    avoidable bias = train error - Bayes error        variance = dev error - train error

This module produces them for real. The data are the two moons (coordinate noise 0.2) with a
fraction ``label_noise`` of the labels flipped, in train AND dev (label noise is part of the
data's distribution, so no classifier can beat it on dev):

- ``make_problem(m_train, label_noise)``: nested training sets (the first m_train examples of one
  seeded pool of ``POOL_SIZE``), a fixed dev set of ``DEV_SIZE`` examples.
- ``fit(problem, hidden_units, depth)``: train a fresh [2, n_h, ..., n_h, 1] ReLU network with Adam
  (full batch, ``NUM_ITERATIONS`` steps) and return a ``Fit`` (train/dev error, parameters, cost
  curve, ``.diagnosis(bayes_error)``); ``fit_progressive`` yields a ``Fit`` every ``chunk`` steps
  (the same run cut in pieces: the optimizer keeps its state).
- ``bayes_error(label_noise)``: the lowest error any classifier can reach on this distribution,

      Bayes error = label_noise + (1 - 2 * label_noise) * e0,   e0 = E_x[ min(P(0|x), P(1|x)) ]

  where e0 (the clean moons' overlap) comes from the exact class densities
  p_c(x) = (1/pi) * integral over t in [0, pi] of N(x; arc_c(t), sigma^2 I) dt, averaged over a
  seeded sample of x (Monte Carlo, standard error about 0.001).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from . import _validate, data, diagnosis, metrics
from .network import Network
from .optimizers import Adam
from .training import train

__all__ = ["DEV_SIZE", "NOISE", "NUM_ITERATIONS", "POOL_SIZE", "Fit", "Problem", "bayes_error", "capacity_grid",
           "clean_overlap", "fit", "fit_progressive", "make_problem", "moons_posterior"]

NOISE = 0.2            # coordinate noise of the moons
POOL_SIZE = 400        # the largest training set
DEV_SIZE = 1000
NUM_ITERATIONS = 1000
ALPHA = 0.01
SEED = 0
ACTIVATION = "tanh"
INIT = "lecun"


@dataclass(frozen=True)
class Problem:
    """A training set (the first m_train examples of a seeded pool) and a dev set, course notation."""

    X_train: np.ndarray
    Y_train: np.ndarray
    X_dev: np.ndarray
    Y_dev: np.ndarray
    label_noise: float
    seed: int

    @property
    def m_train(self) -> int:
        return self.X_train.shape[1]


def make_problem(m_train: int, label_noise: float = 0.0, *, seed: int = SEED) -> Problem:
    """Moons (noise 0.2): train = first ``m_train`` of a pool of 400, dev = 1000 fresh examples.

    Exactly round(label_noise * m) labels are flipped in each set (``course2.data.flip_labels``).
    The clean pool and dev set do not depend on m_train or label_noise, so moving one slider
    changes one thing.
    """
    m_train = _validate.integer("m_train", m_train, low=2, high=POOL_SIZE)
    label_noise = _validate.real("label_noise", label_noise, low=0.0, high=0.5)
    seed = _validate.integer("seed", seed, low=0)
    X_pool, Y_pool = _clean_sets(seed)[:2]
    X_dev, Y_dev_clean = _clean_sets(seed)[2:]
    Y_train = data.flip_labels(Y_pool[:, :m_train], label_noise, rng=np.random.default_rng([seed, 1, m_train]))
    Y_dev = data.flip_labels(Y_dev_clean, label_noise, rng=np.random.default_rng([seed, 2]))
    return Problem(X_pool[:, :m_train].copy(), Y_train, X_dev.copy(), Y_dev, label_noise, seed)


@lru_cache(maxsize=8)
def _clean_sets(seed: int):
    X_pool, Y_pool = data.moons(POOL_SIZE, noise=NOISE, rng=np.random.default_rng([seed, 0]))
    X_dev, Y_dev = data.moons(DEV_SIZE, noise=NOISE, rng=np.random.default_rng([seed, 3]))
    for a in (X_pool, Y_pool, X_dev, Y_dev):
        a.setflags(write=False)
    return X_pool, Y_pool, X_dev, Y_dev


@dataclass(frozen=True)
class Fit:
    """One trained network: its errors after ``iteration`` Adam steps and what to rebuild it from."""

    layer_sizes: tuple
    iteration: int
    train_error: float
    dev_error: float
    theta: np.ndarray
    cost: np.ndarray = field(repr=False)
    diverged_at: int | None = None

    @property
    def hidden_units(self) -> int:
        return self.layer_sizes[1]

    @property
    def depth(self) -> int:
        """Number of hidden layers."""
        return len(self.layer_sizes) - 2

    def network(self) -> Network:
        """A network with these parameters (ReLU hidden layers, sigmoid output)."""
        net = Network(self.layer_sizes, ACTIVATION, "sigmoid", init=INIT, rng=0)
        net.set_params(self.theta)
        return net

    def diagnosis(self, bayes_error: float | None = None) -> diagnosis.Diagnosis:
        """``course2.diagnosis.diagnose`` on this fit's train and dev error."""
        return diagnosis.diagnose(self.train_error, self.dev_error, bayes_error=bayes_error)


def _layer_sizes(hidden_units, depth) -> tuple:
    hidden_units = _validate.integer("hidden_units", hidden_units, low=1, high=256)
    depth = _validate.integer("depth", depth, low=1, high=6)
    return (2,) + (hidden_units,) * depth + (1,)


def fit_progressive(problem: Problem, hidden_units: int, depth: int = 1, *, num_iterations: int = NUM_ITERATIONS,
                    chunk: int = 200, alpha: float = ALPHA, seed: int = SEED) -> Iterator[Fit]:
    """Train [2, hidden_units x depth, 1] (ReLU, He init from ``seed``) with full-batch Adam and yield a
    ``Fit`` after every ``chunk`` steps; the last one is after ``num_iterations`` steps (or at divergence).

    The chunks are one run: the network and the optimizer's state carry over, and full-batch
    steps use no randomness, so the last ``Fit`` equals ``fit(...)`` with the same arguments.
    """
    if not isinstance(problem, Problem):
        raise TypeError(f"problem must be a Problem from make_problem, got {type(problem).__name__}")
    sizes = _layer_sizes(hidden_units, depth)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    chunk = _validate.integer("chunk", chunk, low=1)
    net = Network(sizes, ACTIVATION, "sigmoid", init=INIT, rng=_validate.integer("seed", seed, low=0))
    optimizer = Adam(alpha=alpha)
    costs: list[float] = []
    done = 0
    while done < num_iterations:
        n = min(chunk, num_iterations - done)
        history = train(net, problem.X_train, problem.Y_train, optimizer=optimizer, num_iterations=n, eval_every=n)
        costs += history.cost
        diverged_at = done + history.diverged_at if history.diverged else None
        done += len(history.cost)
        yield _make_fit(net, problem, sizes, done, costs, diverged_at)
        if diverged_at is not None:
            return


def _make_fit(net: Network, problem: Problem, sizes, iteration: int, costs, diverged_at) -> Fit:
    with np.errstate(all="ignore"):
        train_error = metrics.error_rate(net.predict(problem.X_train), problem.Y_train)
        dev_error = metrics.error_rate(net.predict(problem.X_dev), problem.Y_dev)
    theta = net.get_params()
    theta.setflags(write=False)
    return Fit(sizes, iteration, train_error, dev_error, theta, np.asarray(costs, dtype=float), diverged_at)


def fit(problem: Problem, hidden_units: int, depth: int = 1, **kwargs) -> Fit:
    """The final ``Fit`` of ``fit_progressive`` (same arguments)."""
    *_, last = fit_progressive(problem, hidden_units, depth, **kwargs)
    return last


# -- the Bayes error of the moons ------------------------------------------------------------------
def moons_posterior(X, *, noise: float = NOISE, n_t: int = 400) -> np.ndarray:
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
def clean_overlap(noise: float = NOISE, *, samples: int = 20_000, seed: int = SEED) -> float:
    """e0 = E_x[min(P(0|x), P(1|x))]: the Bayes error of the moons without label noise."""
    X, _ = data.moons(samples, noise=noise, rng=np.random.default_rng([seed, 99]))
    p1 = moons_posterior(X, noise=noise)
    return float(np.mean(np.minimum(p1, 1.0 - p1)))


def bayes_error(label_noise: float = 0.0, *, noise: float = NOISE) -> float:
    """The lowest achievable error: label_noise + (1 - 2 * label_noise) * e0 (see the module docstring)."""
    label_noise = _validate.real("label_noise", label_noise, low=0.0, high=0.5)
    noise = _validate.real("noise", noise, low=0.0, low_open=True)
    e0 = clean_overlap(noise)
    return label_noise + (1.0 - 2.0 * label_noise) * e0


def capacity_grid(m_trains: Sequence[int], hidden_units: Sequence[int], *, depth: int = 2,
                  label_noise: float = 0.1, **kwargs) -> dict[tuple[int, int], Fit]:
    """{(m_train, hidden_units): fit(...)} for every pair: the same seeded data and initial weights,
    so each row varies only the capacity and each column only the amount of data."""
    out = {}
    for m in m_trains:
        problem = make_problem(m, label_noise)
        for h in hidden_units:
            out[(int(m), int(h))] = fit(problem, h, depth, **kwargs)
    return out
