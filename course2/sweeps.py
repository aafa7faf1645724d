"""Sweeps over one regularization knob at a time, on a ``course2.experiments.Task``.

- ``lambda_sweep``: lambda (L2 or L1) -> train/dev accuracy, ||W[l]||_F, the fraction of tanh
  pre-activations in the linear regime, the fraction of (near-)zero weights.
- ``l1_vs_l2``: L1 and L2 at *matched training loss* (lambda_L1 found by bisection), counting
  exact zeros (soft-thresholding reaches them) and near-zeros (|w| < ``NEAR_ZERO``).
- ``keep_prob_sweep``: dropout's keep_prob -> train/dev accuracy and how often the cost rises.
- ``augmentation_task`` / ``augmentation_sweep``: a tiny noisy set whose labels are unchanged by
  rotations and reflections about the origin, and dev error against the number of augmented copies.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import _validate, augmentation, data, dropout, regularization, splits
from .experiments import Fit, Task, fit, linear_regime_fraction
from .metrics import network_accuracy

__all__ = ["AugmentationSweep", "DropoutSweep", "L1L2Comparison", "LambdaSweep", "NEAR_ZERO", "augmentation_sweep",
           "augmentation_task", "augmented_fit", "cost_rise_fraction", "format_augmentation_sweep",
           "format_keep_prob_sweep", "format_l1_vs_l2", "format_lambda_sweep", "keep_prob_sweep", "l1_vs_l2_cases",
           "l1_vs_l2", "lambda_sweep"]

#: a weight with |w| below this counts as "near zero" (about 5 % of a typical initial weight here)
NEAR_ZERO = 1e-2


def _fraction_below(net, tol: float) -> float:
    w = np.abs(net.weights_flat)
    return float(np.mean(w <= tol)) if tol == 0 else float(np.mean(w < tol))


# -- lambda ------------------------------------------------------------------------------------
class _FitSeries:
    """Accuracies of a list of ``fits`` (one per swept value), as aligned arrays."""

    fits: list

    @property
    def train_accuracy(self) -> np.ndarray:
        return np.array([f.train_accuracy for f in self.fits])

    @property
    def dev_accuracy(self) -> np.ndarray:
        return np.array([f.dev_accuracy for f in self.fits])

    @property
    def gap(self) -> np.ndarray:
        """train accuracy - dev accuracy: the variance the lecture reads off."""
        return self.train_accuracy - self.dev_accuracy


@dataclass
class LambdaSweep(_FitSeries):
    """One ``Fit`` per lambda; the arrays below are aligned with ``lambdas``."""

    lambdas: np.ndarray
    penalty: str
    fits: list
    linear_fraction: np.ndarray     # fraction of hidden |z| < 0.5 on the training set

    @property
    def weight_norms(self) -> np.ndarray:
        """(n_lambdas, L): ||W[l]||_F."""
        return np.array([f.weight_norms for f in self.fits])

    @property
    def total_weight_norm(self) -> np.ndarray:
        return np.array([f.total_weight_norm for f in self.fits])

    @property
    def near_zero_fraction(self) -> np.ndarray:
        return np.array([_fraction_below(f.net, NEAR_ZERO) for f in self.fits])

    @property
    def exact_zero_fraction(self) -> np.ndarray:
        return np.array([_fraction_below(f.net, 0.0) for f in self.fits])


def lambda_sweep(task: Task, lambdas: Sequence[float], *, penalty: str = "l2", **fit_kwargs) -> LambdaSweep:
    """``fit`` once per lambda (same initial weights every time)."""
    lambdas = [regularization.check_lambd(v) for v in lambdas]
    if not lambdas:
        raise ValueError("lambdas must hold at least one value, got an empty sequence")
    fits = [fit(task, lambd=v, penalty=penalty, **fit_kwargs) for v in lambdas]
    linear = [linear_regime_fraction(f.net, task.X_train) for f in fits]
    return LambdaSweep(np.array(lambdas), penalty, fits, np.array(linear))


# -- L1 against L2 -----------------------------------------------------------------------------
@dataclass
class L1L2Comparison:
    """An L2 fit and an L1 fit whose training data costs match within ``rtol``."""

    l2: Fit
    l1: Fit
    l1_proximal: bool

    @property
    def exact_zeros(self) -> tuple[float, float]:
        """(L2, L1) fractions of weights exactly 0."""
        return _fraction_below(self.l2.net, 0.0), _fraction_below(self.l1.net, 0.0)

    @property
    def near_zeros(self) -> tuple[float, float]:
        """(L2, L1) fractions of weights with |w| < NEAR_ZERO."""
        return _fraction_below(self.l2.net, NEAR_ZERO), _fraction_below(self.l1.net, NEAR_ZERO)

    @property
    def cost_mismatch(self) -> float:
        """|J_L1 - J_L2| / J_L2 for the training data cost (no penalty)."""
        return abs(self.l1.train_data_cost - self.l2.train_data_cost) / self.l2.train_data_cost


def l1_vs_l2(task: Task, *, lambd_l2: float = 1.0, l1_proximal: bool = True, optimizer: str = "gd",
             rtol: float = 0.02, max_fits: int = 12, **fit_kwargs) -> L1L2Comparison:
    """Fit L2 with ``lambd_l2``, then find lambda_L1 whose training data cost matches (bisection on
    log lambda, at most ``max_fits`` L1 fits, stopping within ``rtol``).

    ``l1_proximal=True`` applies L1 by soft-thresholding (exact zeros); False uses the subgradient
    (lambd/2m) sign(W), which leaves weights jittering near 0 instead. Plain gradient descent by
    default: the soft-threshold alpha*lambd/(2m) is the proximal step of *that* update.
    """
    rtol = _validate.real("rtol", rtol, low=0.0, low_open=True)
    max_fits = _validate.integer("max_fits", max_fits, low=1)
    kwargs = dict(optimizer=optimizer, **fit_kwargs)
    l2 = fit(task, lambd=lambd_l2, penalty="l2", **kwargs)
    target = l2.train_data_cost
    lo, hi = math.log(lambd_l2) - math.log(100.0), math.log(lambd_l2) + math.log(100.0)
    guess, best = math.log(lambd_l2), None
    for _ in range(max_fits):
        l1 = fit(task, lambd=math.exp(guess), penalty="l1", l1_proximal=l1_proximal, **kwargs)
        if best is None or abs(l1.train_data_cost - target) < abs(best.train_data_cost - target):
            best = l1
        if abs(l1.train_data_cost - target) <= rtol * target:
            break
        lo, hi = (guess, hi) if l1.train_data_cost < target else (lo, guess)
        guess = 0.5 * (lo + hi)
    return L1L2Comparison(l2, best, l1_proximal)


def _norm_text(value: float) -> str:
    """3 significant digits; below 0.001 just "<0.001" (the digits there are rounding noise)."""
    return "<0.001" if value < 1e-3 else f"{value:.3g}"


def format_lambda_sweep(sweep: LambdaSweep) -> str:
    """The sweep as a text table: accuracies in %, norms to 3 significant digits, fractions in %."""
    L = sweep.weight_norms.shape[1]
    layers = " ".join(f"{f'||W[{l}]||':>8}" for l in range(1, L + 1))
    lines = [f"{'lambda':>7} {'train':>7} {'dev':>7} {'||W||_F':>8} {layers} {'|z|<0.5':>8} {'|w|<0.01':>9}"]
    for i, v in enumerate(sweep.lambdas):
        norms = " ".join(f"{_norm_text(n):>8}" for n in sweep.weight_norms[i])
        lines.append(f"{v:7g} {100 * sweep.train_accuracy[i]:6.1f}% {100 * sweep.dev_accuracy[i]:6.1f}% "
                     f"{_norm_text(sweep.total_weight_norm[i]):>8} {norms} {100 * sweep.linear_fraction[i]:7.0f}% "
                     f"{100 * sweep.near_zero_fraction[i]:8.0f}%")
    return "\n".join(lines)


def l1_vs_l2_cases(task: Task, *, lambd_l2: float = 1.0) -> dict[str, L1L2Comparison]:
    """The three honest ways to count L1's zeros, each at matched training loss with L2 (``lambd_l2``)."""
    return {"gradient descent, L1 by soft-thresholding": l1_vs_l2(task, lambd_l2=lambd_l2, l1_proximal=True),
            "gradient descent, L1 by subgradient": l1_vs_l2(task, lambd_l2=lambd_l2, l1_proximal=False),
            "Adam, L1 by subgradient": l1_vs_l2(task, lambd_l2=lambd_l2, l1_proximal=False, optimizer="adam")}


def format_l1_vs_l2(cases: dict[str, L1L2Comparison]) -> str:
    """A text table of ``l1_vs_l2_cases``: lambdas, training data costs, exact and near zeros (L2 | L1)."""
    width = max(len(name) for name in cases)
    columns = ("lambda L2 | L1", "J_train L2 | L1", "w = 0: L2 | L1", "|w| < 0.01: L2 | L1")
    lines = [f"{'':{width}}  " + "  ".join(f"{c:>19}" for c in columns)]
    for name, c in cases.items():
        (z2, z1), (n2, n1) = c.exact_zeros, c.near_zeros
        cells = (f"{c.l2.lambd:.3g} | {c.l1.lambd:.3g}", f"{c.l2.train_data_cost:.3f} | {c.l1.train_data_cost:.3f}",
                 f"{100 * z2:.0f}% | {100 * z1:.0f}%", f"{100 * n2:.0f}% | {100 * n1:.0f}%")
        lines.append(f"{name:{width}}  " + "  ".join(f"{cell:>19}" for cell in cells))
    return "\n".join(lines)


# -- dropout -----------------------------------------------------------------------------------
def cost_rise_fraction(costs) -> float:
    """Fraction of iterations whose cost is higher than the previous iteration's."""
    c = _validate.array("costs", costs, ndim=1)
    if c.size < 2:
        raise ValueError(f"costs must hold at least 2 values, got {c.size}")
    return float(np.mean(np.diff(c) > 0))


@dataclass
class DropoutSweep(_FitSeries):
    """One ``Fit`` per keep_prob (aligned arrays below)."""

    keep_probs: np.ndarray
    fits: list



    @property
    def cost_rise_fraction(self) -> np.ndarray:
        return np.array([cost_rise_fraction(f.history.cost) for f in self.fits])


def format_keep_prob_sweep(sweep: DropoutSweep) -> str:
    """keep_prob, train and dev accuracy, their gap and how often J rose, as a text table."""
    lines = [f"{'keep_prob':>9} {'train':>7} {'dev':>7} {'gap':>6} {'J rose on':>10}"]
    for k, tr, dv, g, r in zip(sweep.keep_probs, sweep.train_accuracy, sweep.dev_accuracy, sweep.gap,
                               sweep.cost_rise_fraction):
        lines.append(f"{k:9.2f} {100 * tr:6.1f}% {100 * dv:6.1f}% {100 * g:+6.1f} {100 * r:9.0f}%")
    return "\n".join(lines) + "\n(gap in percentage points; 'J rose on': share of iterations whose cost went up)"


def keep_prob_sweep(task: Task, keep_probs: Sequence[float], **fit_kwargs) -> DropoutSweep:
    """``fit`` once per keep_prob (same initial weights; the masks are drawn from ``seed``)."""
    keep_probs = [dropout.check_keep_prob(k) for k in keep_probs]
    if not keep_probs:
        raise ValueError("keep_probs must hold at least one value, got an empty sequence")
    return DropoutSweep(np.array(keep_probs), [fit(task, keep_prob=k, **fit_kwargs) for k in keep_probs])


# -- data augmentation -------------------------------------------------------------------------
def augmentation_task(*, m_train: int = 20, m_dev: int = 400, noise: float = 0.15, rng=0) -> Task:
    """A tiny noisy set whose labels do not change under rotation or reflection about the origin.

    Circles (class 0 at radius 1, class 1 at radius 0.5, coordinate noise ``noise``), ``m_train``
    training points and ``m_dev`` dev points, network [2, 20, 20, 1] tanh.
    """
    m_train = _validate.integer("m_train", m_train, low=2)
    m_dev = _validate.integer("m_dev", m_dev, low=1)
    gen = _validate.rng("rng", rng)
    X, Y = data.circles(m_train + m_dev, noise=noise, factor=0.5, rng=gen)
    (Xt, Yt), (Xd, Yd), _ = splits.split(X, Y, counts=(m_train, m_dev, 0), stratify=True, rng=gen)
    return Task(Xt, Yt, Xd, Yd, description=f"circles (radii 1 and 0.5), noise {noise:g}; "
                f"{m_train} train / {m_dev} dev; network [2, 20, 20, 1] tanh")


def augmented_fit(task: Task, copies: int, *, seed: int = 0, max_angle: float = 180.0, reflect: str = "both",
                  num_iterations: int = 800, **fit_kwargs) -> Fit:
    """Add ``copies`` rotated/reflected copies of every training point (``course2.augmentation``), then fit.

    Accuracies are on the ORIGINAL training set and the dev set.
    """
    X, Y = augmentation.augment(task.X_train, task.Y_train, copies=copies, max_angle=max_angle, reflect=reflect,
                                rng=seed)
    result = fit(task.with_training_set(X, Y), seed=seed, num_iterations=num_iterations, **fit_kwargs)
    result.train_accuracy = network_accuracy(result.net, task.X_train, task.Y_train)
    return result


@dataclass
class AugmentationSweep:
    """Dev error per number of copies, for each seed (rows) and averaged."""

    copies: np.ndarray
    seeds: tuple
    dev_error_per_seed: np.ndarray   # (n_seeds, n_copies)
    train_error_per_seed: np.ndarray

    @property
    def dev_error(self) -> np.ndarray:
        return self.dev_error_per_seed.mean(axis=0)

    @property
    def train_error(self) -> np.ndarray:
        return self.train_error_per_seed.mean(axis=0)


def format_augmentation_sweep(sweep: AugmentationSweep) -> str:
    """Copies, training-set size and dev error (mean and per seed), as a text table."""
    seeds = " ".join(f"{f'seed {s}':>7}" for s in sweep.seeds)
    lines = [f"{'copies':>6} {'dev error (mean)':>16} {seeds}"]
    for j, c in enumerate(sweep.copies):
        per = " ".join(f"{100 * e:6.1f}%" for e in sweep.dev_error_per_seed[:, j])
        lines.append(f"{c:6d} {100 * sweep.dev_error[j]:15.1f}% {per}")
    return "\n".join(lines)


def augmentation_sweep(task: Task, copies: Sequence[int], *, seeds: Sequence[int] = (0, 1, 2),
                       **kwargs) -> AugmentationSweep:
    """``augmented_fit`` for every (seed, copies); the seed draws the copies and the initial weights."""
    copies = [_validate.integer("copies", c, low=0) for c in copies]
    seeds = tuple(_validate.integer("seeds", s, low=0) for s in seeds)
    if not copies or not seeds:
        raise ValueError(f"copies and seeds must not be empty, got copies={copies}, seeds={seeds}")
    dev = np.empty((len(seeds), len(copies)))
    tr = np.empty_like(dev)
    for i, s in enumerate(seeds):
        for j, c in enumerate(copies):
            f = augmented_fit(task, c, seed=s, **kwargs)
            dev[i, j], tr[i, j] = 1 - f.dev_accuracy, 1 - f.train_accuracy
    return AugmentationSweep(np.array(copies), seeds, dev, tr)
