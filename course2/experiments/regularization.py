"""Regularization, measured on one seeded overfitting task: the numbers notebook 03 shows and tests.

The course's regularization assignment trains a network that is too big for a small noisy 2-D
set, sees it overfit, then adds L2 or dropout (``course2.experiments.tasks.overfitting_task``).

- ``regularization_table(task)``: the three rows of the course's table (none, L2, dropout).
- ``lambda_sweep``: lambda (L2 or L1) -> train/dev accuracy, ||W[l]||_F, the fraction of tanh
  pre-activations in the linear regime (``linear_regime_fraction``), the fraction of (near-)zero
  weights.
- ``l1_vs_l2``: L1 and L2 at *matched training loss* (lambda_L1 found by bisection), counting
  exact zeros (soft-thresholding reaches them) and near-zeros (|w| < ``NEAR_ZERO``).
- ``weight_decay_both_ways``: the L2 gradient-descent step is weight decay; with Adam it is not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import _validate, activations, dropout, optimizers, regularization
from ..network import Network
from ..training import diverged_text, diverges, train
from .tasks import Fit, Sweep, Task, check_task, fit, sweep

__all__ = ["DecayRow", "L1L2Comparison", "LambdaSweep", "NEAR_ZERO", "TableRow", "WeightDecayCheck", "adam_l2_vs_adamw",
           "format_adam_l2_vs_adamw", "format_l1_vs_l2",
           "format_lambda_sweep", "format_table", "hidden_preactivations", "l1_vs_l2", "l1_vs_l2_cases",
           "lambda_sweep", "linear_regime_fraction", "regularization_table", "weight_decay_both_ways",
           "weight_decay_report"]

#: |z| below this counts as tanh's linear regime: tanh(0.5) = 0.462, within 8 % of z
LINEAR_THRESHOLD = 0.5
#: a weight with |w| below this counts as "near zero" (about 5 % of a typical initial weight here)
NEAR_ZERO = 1e-2


def hidden_preactivations(net: Network, X) -> list[np.ndarray]:
    """Z[l] = W[l] A[l-1] + b[l] for every hidden layer l = 1..L-1, with dropout off."""
    A = _validate.instance("net", net, Network).check_X(X)
    out = []
    for l in range(net.L - 1):
        Z = net.W[l] @ A + net.b[l]
        out.append(Z)
        A = activations._forward(net.hidden_activations[l], Z)   # a diverged net's Z may be inf
    return out


def linear_regime_fraction(net: Network, X, threshold: float = LINEAR_THRESHOLD) -> float:
    """Fraction of hidden pre-activations z (over hidden units and examples of X) with |z| < threshold.

    "Large lambda makes the network linear": with small W[l], z[l] = W[l] a[l-1] + b[l] stays near
    0, where tanh(z) ~ z (for |z| < 0.5, tanh(z) is within 8 % of z). With dropout off.
    """
    threshold = _validate.real("threshold", threshold, low=0.0, low_open=True)
    _validate.instance("net", net, Network)
    Zs = hidden_preactivations(net, X)
    if not Zs:
        raise ValueError(f"the network {list(net.layer_sizes)} has no hidden layer")
    inside = sum(int(np.count_nonzero(np.abs(Z) < threshold)) for Z in Zs)
    return inside / sum(Z.size for Z in Zs)


@dataclass(frozen=True)
class TableRow:
    """One row of the course's regularization table (``diverged_at``: where its run diverged, or None)."""

    name: str
    train_accuracy: float
    dev_accuracy: float
    diverged_at: int | None = None

    @property
    def gap(self) -> float:
        return self.train_accuracy - self.dev_accuracy


def regularization_table(task: Task, *, seed: int, lambd: float = 1.0, keep_prob: float = 0.8,
                         **fit_kwargs) -> list[TableRow]:
    """The course's table on ``task``: no regularization, L2 with ``lambd``, dropout with ``keep_prob``."""
    check_task(task)
    lambd = regularization.check_lambd(lambd)
    keep_prob = dropout.check_keep_prob(keep_prob)
    rows = []
    for name, kwargs in ((" no regularization", {}), (f" L2, lambda = {lambd:g}", {"lambd": lambd}),
                         (f" dropout, keep_prob = {keep_prob:g}", {"keep_prob": keep_prob})):
        result = fit(task, seed=seed, **kwargs, **fit_kwargs)
        rows.append(TableRow(name.strip(), result.train_accuracy, result.dev_accuracy, result.diverged_at))
    return rows


def format_table(rows: Sequence[TableRow]) -> str:
    """The rows as a fixed-width text table, accuracies in % with one decimal ("diverged at
    iteration N" instead of the numbers of a row whose run diverged)."""
    rows = [_validate.instance(f"rows[{i}]", r, TableRow) for i, r in enumerate(_validate.items("rows", rows))]
    width = max(len("model"), *(len(r.name) for r in rows))
    lines = [f"{'model':<{width}}  train acc  dev acc    gap"]
    for r in rows:
        if r.diverged_at is not None:
            lines.append(f"{r.name:<{width}}  {diverged_text(r.diverged_at)}")
            continue
        lines.append(f"{r.name:<{width}}  {100 * r.train_accuracy:8.1f}%  {100 * r.dev_accuracy:6.1f}%  "
                     f"{100 * r.gap:+5.1f}")
    return "\n".join(lines)


@dataclass(frozen=True)
class WeightDecayCheck:
    """Parameters after the same training written two ways, and their largest difference.

    ``diverged_at``: the first iteration where either run diverged (each stops there), or None; the
    parameters of a diverged run are not compared (the two numbers below are then nan).
    """

    theta_l2: np.ndarray
    theta_decay: np.ndarray
    diverged_at: int | None = None

    @property
    def max_abs_difference(self) -> float:
        if self.diverged_at is not None:
            return math.nan
        return float(np.max(np.abs(self.theta_l2 - self.theta_decay)))

    @property
    def max_abs_change(self) -> float:
        """How far training moved the parameters (to compare the difference with)."""
        if self.diverged_at is not None:
            return math.nan
        return float(np.max(np.abs(self.theta_l2)))


def weight_decay_both_ways(task: Task, *, lambd: float = 1.0, alpha: float = 0.5, num_iterations: int = 100,
                           seed: int, optimizer: str = "gd") -> WeightDecayCheck:
    """Train twice from the same weights: once with the L2 term in dW, once with weight decay.

        L2 in the gradient:  dW = dW_data + (lambd/m) W;   W <- W - alpha dW   (``train``, penalty l2)
        weight decay:        W <- (1 - alpha lambd/m) W - alpha dW_data         (``weight_decay_step``)

    With ``optimizer="gd"`` the two are the same update, so the parameters agree to rounding.
    ``optimizer="adam"`` compares Adam + L2 with AdamW (weight_decay = lambd/m, so each step
    shrinks W by the same factor 1 - alpha lambd/m): different algorithms, the parameters differ.
    Both runs stop where ``train`` says a run diverges (``course2.training.diverges``); the result's
    ``diverged_at`` is the earlier of the two.
    """
    check_task(task)
    _validate.choice("optimizer", optimizer, ("gd", "adam"))
    lambd = regularization.check_lambd(lambd)
    alpha = optimizers.check_alpha(alpha)
    seed = _validate.integer("seed", seed, low=0)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    X, Y, m = task.X_train, task.Y_train, task.m_train
    net_l2 = task.network(seed)
    opt = optimizers.GradientDescent(alpha) if optimizer == "gd" else optimizers.Adam(alpha)
    h_l2 = train(net_l2, X, Y, optimizer=opt, num_iterations=num_iterations, lambd=lambd, penalty="l2")
    net_wd = task.network(seed)
    if optimizer == "gd":
        wd_diverged, first = None, None
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for iteration in range(1, num_iterations + 1):
                net_wd.forward(X)
                # the cost train() checks (data + L2 penalty), so both runs stop at the same iteration
                cost = net_wd.cost(Y, lambd=lambd, penalty="l2")
                first = cost if first is None else first
                if diverges(cost, first):
                    wd_diverged = iteration
                    break
                net_wd.backward(Y)           # data gradient only
                for W, dW, b, db in zip(net_wd.W, net_wd.dW, net_wd.b, net_wd.db):
                    W[...] = regularization.weight_decay_step(W, dW, alpha=alpha, lambd=lambd, m=m)
                    b -= alpha * db
    else:
        h_wd = train(net_wd, X, Y, optimizer=optimizers.AdamW(alpha, weight_decay=lambd / m),
                     num_iterations=num_iterations)
        wd_diverged = h_wd.diverged_at
    at = [i for i in (h_l2.diverged_at, wd_diverged) if i is not None]
    return WeightDecayCheck(net_l2.get_params(), net_wd.get_params(), min(at) if at else None)


def weight_decay_report(task: Task, *, seed: int, lambd: float = 1.0, num_iterations: int = 200) -> str:
    """Both comparisons of ``weight_decay_both_ways`` as a text table (differences below 1e-12 shown as such;
    "diverged at iteration N" for a comparison whose training diverged)."""
    check_task(task)
    lambd = regularization.check_lambd(lambd)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    seed = _validate.integer("seed", seed, low=0)
    rows = (("gradient descent (alpha = 0.5): L2 in dW  vs  (1 - alpha lambda/m) W - alpha dW_data",
             weight_decay_both_ways(task, lambd=lambd, alpha=0.5, num_iterations=num_iterations, seed=seed)),
            ("Adam (alpha = 0.01) + L2 in dW  vs  AdamW with weight_decay = lambda/m",
             weight_decay_both_ways(task, lambd=lambd, alpha=0.01, num_iterations=num_iterations, optimizer="adam",
                                    seed=seed)))
    width = max(len(name) for name, _ in rows)
    lines = [f"same initial weights, lambda = {lambd:g}, {num_iterations} full-batch iterations",
             f"{'':{width}}  {'max |difference|':>16}  {'max |parameter|':>15}"]
    for name, check in rows:
        if check.diverged_at is not None:
            lines.append(f"{name:{width}}  {diverged_text(check.diverged_at)}")
            continue
        diff = check.max_abs_difference
        lines.append(f"{name:{width}}  {'< 1e-12' if diff < 1e-12 else f'{diff:.2g}':>16}  "
                     f"{check.max_abs_change:15.2f}")
    return "\n".join(lines)


def _fraction_below(net, tol: float) -> float:
    w = np.abs(net.weights_vector())
    return float(np.mean(w <= tol)) if tol == 0 else float(np.mean(w < tol))


# -- lambda ------------------------------------------------------------------------------------
@dataclass
class LambdaSweep(Sweep):
    """One ``Fit`` per lambda (``values``); the arrays below are aligned with ``lambdas``."""

    penalty: str = "l2"
    linear_fraction: np.ndarray | None = None     # fraction of hidden |z| < 0.5 on the training set

    @property
    def lambdas(self) -> np.ndarray:
        return self.values

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


def lambda_sweep(task: Task, lambdas: Sequence[float], *, seed: int, penalty: str = "l2", **fit_kwargs) -> LambdaSweep:
    """``fit`` once per lambda (same initial weights every time)."""
    check_task(task)
    lambdas = [regularization.check_lambd(v) for v in _validate.items("lambdas", lambdas, nonempty=False)]
    base = sweep("lambd", lambdas, lambda v: fit(task, seed=seed, lambd=v, penalty=penalty, **fit_kwargs))
    with np.errstate(over="ignore", invalid="ignore"):      # a diverged fit's network may overflow
        linear = [linear_regime_fraction(f.net, task.X_train) for f in base.fits]
    return LambdaSweep(base.name, base.values, base.fits, penalty, np.array(linear))


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
        """|J_L1 - J_L2| / J_L2 for the training data cost (no penalty); nan when a run diverged."""
        if self.diverged_at is not None:
            return math.nan
        return abs(self.l1.train_data_cost - self.l2.train_data_cost) / self.l2.train_data_cost

    @property
    def diverged_at(self) -> int | None:
        """The iteration where the L2 or the L1 run diverged (the earlier), or None."""
        at = [i for i in (self.l2.diverged_at, self.l1.diverged_at) if i is not None]
        return min(at) if at else None

    @property
    def diverged_text(self) -> str | None:
        """Which run diverged and where ("L2 diverged at iteration N"), or None."""
        parts = [f"{name} {diverged_text(f.diverged_at)}" for name, f in (("L2", self.l2), ("L1", self.l1))
                 if f.diverged_at is not None]
        return ", ".join(parts) or None


def l1_vs_l2(task: Task, *, seed: int, lambd_l2: float = 1.0, l1_proximal: bool = True, optimizer: str = "gd",
             rtol: float = 0.02, max_fits: int = 12, **fit_kwargs) -> L1L2Comparison:
    """Fit L2 with ``lambd_l2``, then find lambda_L1 whose training data cost matches (bisection on
    log lambda, at most ``max_fits`` L1 fits, stopping within ``rtol``).

    ``l1_proximal=True`` applies L1 by soft-thresholding (exact zeros); False uses the subgradient
    (lambd/2m) sign(W), which leaves weights jittering near 0 instead. Plain gradient descent by
    default: the soft-threshold alpha*lambd/(2m) is the proximal step of *that* update.

    A diverged L2 run leaves nothing to match: one L1 fit at ``lambd_l2`` is returned with it. A
    diverged L1 fit counts as "lambda too large" in the bisection and is kept only if no L1 fit
    converged (``L1L2Comparison.diverged_at`` says so).
    """
    check_task(task)
    lambd_l2 = _validate.real("lambd_l2", lambd_l2, low=0.0, low_open=True)
    rtol = _validate.real("rtol", rtol, low=0.0, low_open=True)
    max_fits = _validate.integer("max_fits", max_fits, low=1)
    _validate.flag("l1_proximal", l1_proximal)
    kwargs = dict(optimizer=optimizer, seed=seed, **fit_kwargs)
    l2 = fit(task, lambd=lambd_l2, penalty="l2", **kwargs)
    if l2.diverged_at is not None:
        return L1L2Comparison(l2, fit(task, lambd=lambd_l2, penalty="l1", l1_proximal=l1_proximal, **kwargs),
                              l1_proximal)
    target = l2.train_data_cost
    lo, hi = math.log(lambd_l2) - math.log(100.0), math.log(lambd_l2) + math.log(100.0)
    guess, best = math.log(lambd_l2), None

    def miss(f: Fit) -> float:
        return math.inf if f.diverged_at is not None else abs(f.train_data_cost - target)

    for _ in range(max_fits):
        l1 = fit(task, lambd=math.exp(guess), penalty="l1", l1_proximal=l1_proximal, **kwargs)
        if best is None or miss(l1) < miss(best):
            best = l1
        if miss(l1) <= rtol * target:
            break
        smaller = l1.diverged_at is None and l1.train_data_cost < target
        lo, hi = (guess, hi) if smaller else (lo, guess)
        guess = 0.5 * (lo + hi)
    return L1L2Comparison(l2, best, l1_proximal)


def _norm_text(value: float) -> str:
    """3 significant digits; below 0.001 just "<0.001" (the digits there are rounding noise)."""
    return "<0.001" if value < 1e-3 else f"{value:.3g}"


def format_lambda_sweep(sweep: LambdaSweep) -> str:
    """The sweep as a text table: accuracies in %, norms to 3 significant digits, fractions in %
    ("diverged at iteration N" instead of the numbers of a lambda whose run diverged)."""
    _validate.instance("sweep", sweep, LambdaSweep, "a LambdaSweep (from lambda_sweep)")
    L = sweep.weight_norms.shape[1]
    layers = " ".join(f"{f'||W[{l}]||':>8}" for l in range(1, L + 1))
    lines = [f"{'lambda':>7} {'train':>7} {'dev':>7} {'||W||_F':>8} {layers} {'|z|<0.5':>8} {'|w|<0.01':>9}"]
    for i, v in enumerate(sweep.lambdas):
        if sweep.fits[i].diverged_at is not None:
            lines.append(f"{v:7g} {diverged_text(sweep.fits[i].diverged_at)}")
            continue
        norms = " ".join(f"{_norm_text(n):>8}" for n in sweep.weight_norms[i])
        lines.append(f"{v:7g} {100 * sweep.train_accuracy[i]:6.1f}% {100 * sweep.dev_accuracy[i]:6.1f}% "
                     f"{_norm_text(sweep.total_weight_norm[i]):>8} {norms} {100 * sweep.linear_fraction[i]:7.0f}% "
                     f"{100 * sweep.near_zero_fraction[i]:8.0f}%")
    return "\n".join(lines)


def l1_vs_l2_cases(task: Task, *, seed: int, lambd_l2: float = 1.0, **fit_kwargs) -> dict[str, L1L2Comparison]:
    """The three honest ways to count L1's zeros, each at matched training loss with L2 (``lambd_l2``);
    ``fit_kwargs`` go to every ``fit`` (``num_iterations``, ``alpha``...)."""
    check_task(task)
    lambd_l2 = _validate.real("lambd_l2", lambd_l2, low=0.0, low_open=True)
    seed = _validate.integer("seed", seed, low=0)
    kw = dict(seed=seed, lambd_l2=lambd_l2, **fit_kwargs)
    return {"gradient descent, L1 by soft-thresholding": l1_vs_l2(task, l1_proximal=True, **kw),
            "gradient descent, L1 by subgradient": l1_vs_l2(task, l1_proximal=False, **kw),
            "Adam, L1 by subgradient": l1_vs_l2(task, l1_proximal=False, optimizer="adam", **kw)}


def format_l1_vs_l2(cases: dict[str, L1L2Comparison]) -> str:
    """A text table of ``l1_vs_l2_cases``: lambdas, training data costs, exact and near zeros (L2 | L1);
    "L2 (or L1) diverged at iteration N" instead of the numbers of a case whose run diverged."""
    _validate.instance("cases", cases, dict, "a dict {name: L1L2Comparison} (from l1_vs_l2_cases)")
    for name, c in cases.items():
        _validate.instance(f"cases[{name!r}]", c, L1L2Comparison)
    width = max(len(name) for name in cases)
    columns = ("lambda L2 | L1", "J_train L2 | L1", "w = 0: L2 | L1", "|w| < 0.01: L2 | L1")
    lines = [f"{'':{width}}  " + "  ".join(f"{c:>19}" for c in columns)]
    for name, c in cases.items():
        if c.diverged_at is not None:
            lines.append(f"{name:{width}}  {c.diverged_text}")
            continue
        (z2, z1), (n2, n1) = c.exact_zeros, c.near_zeros
        cells = (f"{c.l2.lambd:.3g} | {c.l1.lambd:.3g}", f"{c.l2.train_data_cost:.3f} | {c.l1.train_data_cost:.3f}",
                 f"{100 * z2:.0f}% | {100 * z1:.0f}%", f"{100 * n2:.0f}% | {100 * n1:.0f}%")
        lines.append(f"{name:{width}}  " + "  ".join(f"{cell:>19}" for cell in cells))
    return "\n".join(lines)


# -- Adam + L2 against AdamW, by what they do to the model ----------------------------------------
@dataclass(frozen=True)
class DecayRow:
    """One run of ``adam_l2_vs_adamw``: its name, the decay factor AdamW's step applies to W over the run
    (1 for the rows without decoupled decay), ||W||_F and the accuracies."""

    name: str
    shrink_over_run: float
    weight_norm: float
    train_accuracy: float
    dev_accuracy: float
    diverged_at: int | None = None


def adam_l2_vs_adamw(task: Task, *, seed: int, lambd: float = 1.0, weight_decays: Sequence[float] = (0.5, 5.0),
                     num_iterations: int = 1000, alpha: float | None = None) -> list[DecayRow]:
    """Adam without regularization, Adam + L2 (lambd), AdamW with weight_decay = lambd/m (the same number),
    then AdamW with each of ``weight_decays``; the task's Adam alpha, full batch, the same initial weights.

    AdamW shrinks W by (1 - alpha weight_decay) per step, outside Adam's scaling: with lambd/m = 0.005 and
    alpha = 0.005 that is 2.5e-5 per step, a factor 0.975 over 1,000 steps at most. The L2 gradient
    (lambd/m) W goes through Adam's division by sqrt(S), which rescales it to a step of about alpha where
    the data gradient is small: the same lambd regularizes far more with Adam + L2 than with AdamW.
    ``alpha`` (default: the task's) is Adam's learning rate in every row. A run that diverged keeps its
    ``diverged_at``; its numbers are not printed.
    """
    check_task(task)
    seed = _validate.integer("seed", seed, low=0)
    lambd = regularization.check_lambd(lambd)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    decays = [optimizers.check_weight_decay(w) for w in _validate.items("weight_decays", weight_decays, nonempty=False)]
    alpha = task.alpha if alpha is None else optimizers.check_alpha(alpha)
    m = task.m_train
    rows = []
    for name, kw in (("Adam, no regularization", {}), (f"Adam + L2 in dW, lambda = {lambd:g}", {"lambd": lambd})):
        f = fit(task, seed=seed, num_iterations=num_iterations, alpha=alpha, **kw)
        rows.append(DecayRow(name, 1.0, f.total_weight_norm, f.train_accuracy, f.dev_accuracy, f.history.diverged_at))
    for wd, label in [(lambd / m, f"AdamW, weight_decay = lambda/m = {lambd / m:g}")] + \
                     [(w, f"AdamW, weight_decay = {w:g}") for w in decays]:
        net = task.network(seed)
        h = train(net, task.X_train, task.Y_train, optimizer=optimizers.AdamW(alpha, weight_decay=wd),
                  num_iterations=num_iterations)
        with np.errstate(all="ignore"):
            acc = [float(np.mean(net.predict(X) == Y)) for X, Y in ((task.X_train, task.Y_train),
                                                                    (task.X_dev, task.Y_dev))]
        rows.append(DecayRow(label, (1.0 - alpha * wd) ** num_iterations, float(np.linalg.norm(net.weights_vector())),
                             *acc, h.diverged_at))
    return rows


def format_adam_l2_vs_adamw(rows: Sequence[DecayRow]) -> str:
    """``adam_l2_vs_adamw`` as a text table: decay factor over the run, ||W||_F (3 digits), accuracies (0.1 %);
    "diverged at iteration N" instead of the numbers of a run that diverged."""
    rows = [_validate.instance(f"rows[{i}]", r, DecayRow, "a DecayRow (from adam_l2_vs_adamw)")
            for i, r in enumerate(_validate.items("rows", rows))]
    width = max(len(r.name) for r in rows)
    lines = [f"{'':{width}}  {'decay over run':>14}  {'||W||_F':>7}  {'train':>6}  {'dev':>6}"]
    for r in rows:
        if r.diverged_at is not None:
            lines.append(f"{r.name:{width}}  {diverged_text(r.diverged_at)}")
            continue
        shrink = "-" if r.shrink_over_run == 1.0 else _norm_text(r.shrink_over_run)
        lines.append(f"{r.name:{width}}  {shrink:>14}  {_norm_text(r.weight_norm):>7}  {100 * r.train_accuracy:5.1f}%  "
                     f"{100 * r.dev_accuracy:5.1f}%")
    return "\n".join(lines)
