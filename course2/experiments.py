"""Regularization experiments on one seeded noisy task: the numbers notebooks 03-05 show and test.

The course's regularization assignment trains a network that is too big for a small noisy 2-D
set, sees it overfit, then adds L2 or dropout. ``overfitting_task()`` is our version of that set:

    data      moons with coordinate noise 0.3 and exactly 10 % of the labels flipped;
              600 points, split (seeded) into 200 train / 400 dev
    network   [2, 20, 20, 1], tanh hidden units, sigmoid output, LeCun ("Xavier") init
    training  Adam (alpha = 0.01), full batch, 1,000 iterations  (``fit``'s defaults)

``fit(task, lambd=..., penalty=..., keep_prob=...)`` trains a fresh network from the same seeded
initial weights and returns a ``Fit`` (the network, its history, train/dev accuracy, norms).
``regularization_table(task)`` runs the three rows of the course's table: no regularization, L2,
dropout. ``linear_regime_fraction`` measures how many tanh units work near z = 0, where
tanh(z) ~ z; ``weight_decay_both_ways`` shows that the L2 gradient-descent step is weight decay.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import _validate, activations, data, dropout, metrics, optimizers, regularization, splits
from .network import Network
from .training import History, train

__all__ = ["Fit", "TableRow", "Task", "WeightDecayCheck", "fit", "fit_in_steps", "format_table",
           "hidden_preactivations", "linear_regime_fraction", "overfitting_task", "regularization_table",
           "weight_decay_both_ways", "weight_decay_report"]

#: default learning rate per optimizer name used by ``fit``
DEFAULT_ALPHA = {"gd": 0.5, "momentum": 0.5, "rmsprop": 0.01, "adam": 0.01, "adamw": 0.01}
#: |z| below this counts as tanh's linear regime: tanh(0.5) = 0.462, within 8 % of z
LINEAR_THRESHOLD = 0.5


@dataclass(frozen=True)
class Task:
    """A train/dev pair and the network that is trained on it (course notation: X is (n_x, m))."""

    X_train: np.ndarray
    Y_train: np.ndarray
    X_dev: np.ndarray
    Y_dev: np.ndarray
    layer_sizes: tuple = (2, 20, 20, 1)
    activation: str = "tanh"
    init: str = "lecun"
    description: str = ""

    @property
    def m_train(self) -> int:
        return self.X_train.shape[1]

    @property
    def weight_shapes(self) -> list[tuple[int, int]]:
        """The shapes (n[l], n[l-1]) of W[1], ..., W[L]."""
        n = self.layer_sizes
        return [(n[l], n[l - 1]) for l in range(1, len(n))]

    def with_training_set(self, X, Y) -> Task:
        """The same task with another training set (an augmented one, say); dev is unchanged."""
        X, Y = _validate.xy(X, Y)
        return dataclasses.replace(self, X_train=X, Y_train=Y)

    def network(self, seed: int = 0) -> Network:
        """A fresh network for this task; the same seed gives the same initial weights."""
        return Network(self.layer_sizes, self.activation, "sigmoid", init=self.init, rng=seed)


def overfitting_task(*, m_train: int = 200, m_dev: int = 400, noise: float = 0.3, label_noise: float = 0.1,
                     layer_sizes=(2, 20, 20, 1), rng=1) -> Task:
    """The noisy moons task of notebooks 03-05 (defaults: see the module docstring)."""
    m_train = _validate.integer("m_train", m_train, low=2)
    m_dev = _validate.integer("m_dev", m_dev, low=1)
    gen = _validate.rng("rng", rng)
    X, Y = data.moons(m_train + m_dev, noise=noise, label_noise=label_noise, rng=gen)
    (Xt, Yt), (Xd, Yd), _ = splits.split(X, Y, counts=(m_train, m_dev, 0), rng=gen)
    desc = (f"moons, noise {noise:g}, {label_noise:.0%} labels flipped; {m_train} train / {m_dev} dev; "
            f"network {list(layer_sizes)} tanh")
    return Task(Xt, Yt, Xd, Yd, tuple(layer_sizes), description=desc)


@dataclass
class Fit:
    """One trained network and what it scores. ``gap`` = train accuracy - dev accuracy."""

    net: Network
    history: History
    lambd: float
    penalty: str
    keep_prob: float
    train_accuracy: float
    dev_accuracy: float
    train_data_cost: float   # cross-entropy on the whole training set, no penalty, no dropout

    @property
    def gap(self) -> float:
        return self.train_accuracy - self.dev_accuracy

    @property
    def weight_norms(self) -> list[float]:
        """||W[l]||_F for l = 1..L."""
        return [float(np.linalg.norm(W)) for W in self.net.W]

    @property
    def total_weight_norm(self) -> float:
        """sqrt(sum_l ||W[l]||_F^2): the norm the L2 penalty acts on."""
        return float(np.linalg.norm(self.net.weights_flat))

    @property
    def diverged_at(self) -> int | None:
        return self.history.diverged_at


def fit(task: Task, *, lambd: float = 0.0, penalty: str = "l2", l1_proximal: bool = False, keep_prob: float = 1.0,
        optimizer: str = "adam", alpha: float | None = None, num_iterations: int = 1000, seed: int = 0,
        eval_every: int | None = None, callbacks=(), patience: int | None = None) -> Fit:
    """Train ``task.network(seed)`` (full batch) and measure it.

    ``optimizer`` is a name of ``course2.optimizers.OPTIMIZERS`` with ``alpha`` (default
    ``DEFAULT_ALPHA[optimizer]``). ``seed`` fixes the initial weights and the dropout masks.
    ``eval_every`` defaults to once, at the end; ``patience`` turns on early stopping (see
    ``course2.training.train``). Accuracies are measured with dropout off.
    """
    _validate.choice("optimizer", optimizer, optimizers.OPTIMIZERS)
    alpha = DEFAULT_ALPHA[optimizer] if alpha is None else alpha
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    seed = _validate.integer("seed", seed, low=0)
    net = task.network(seed)
    history = train(net, task.X_train, task.Y_train, optimizer=optimizers.make_optimizer(optimizer, alpha=alpha),
                    num_iterations=num_iterations, lambd=lambd, penalty=penalty, l1_proximal=l1_proximal,
                    keep_prob=keep_prob, rng=seed, X_dev=task.X_dev, Y_dev=task.Y_dev,
                    eval_every=num_iterations if eval_every is None else eval_every, callbacks=callbacks,
                    patience=patience)
    return Fit(net, history, float(lambd), penalty, float(keep_prob),
               metrics.network_accuracy(net, task.X_train, task.Y_train),
               metrics.network_accuracy(net, task.X_dev, task.Y_dev),
               data_cost(net, task.X_train, task.Y_train))


def fit_in_steps(task: Task, *, every: int = 250, lambd: float = 0.0, penalty: str = "l2", keep_prob: float = 1.0,
                 optimizer: str = "adam", alpha: float | None = None, num_iterations: int = 1000, seed: int = 0):
    """The same run as ``fit`` (the same numbers), as a generator: a ``Fit`` of a copy of the network
    after every ``every`` iterations; the last one is the final result (for live plots).

    It calls ``train`` in chunks with one optimizer (its state carries over) and one generator
    for the dropout masks, so the chunks draw exactly what one long run draws.
    """
    every = _validate.integer("every", every, low=1)
    _validate.choice("optimizer", optimizer, optimizers.OPTIMIZERS)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    seed = _validate.integer("seed", seed, low=0)
    net = task.network(seed)
    opt = optimizers.make_optimizer(optimizer, alpha=DEFAULT_ALPHA[optimizer] if alpha is None else alpha)
    gen = np.random.default_rng(seed)
    history = History()
    while len(history.cost) < num_iterations:
        n = min(every, num_iterations - len(history.cost))
        chunk = train(net, task.X_train, task.Y_train, optimizer=opt, num_iterations=n, lambd=lambd, penalty=penalty,
                      keep_prob=keep_prob, rng=gen, eval_every=n)
        offset = len(history.cost)
        history.iteration.extend(offset + i for i in chunk.iteration)
        history.cost.extend(chunk.cost)
        history.status, history.message = chunk.status, chunk.message
        if chunk.diverged_at is not None:
            history.diverged_at = offset + chunk.diverged_at
        copy = net.copy()
        yield Fit(copy, dataclasses.replace(history, iteration=list(history.iteration), cost=list(history.cost)),
                  float(lambd), penalty, float(keep_prob), metrics.network_accuracy(copy, task.X_train, task.Y_train),
                  metrics.network_accuracy(copy, task.X_dev, task.Y_dev), data_cost(copy, task.X_train, task.Y_train))
        if chunk.diverged:
            return


def data_cost(net: Network, X, Y) -> float:
    """J without the penalty (mean cross-entropy) of ``net`` on (X, Y), dropout off."""
    with np.errstate(over="ignore", invalid="ignore"):
        net.forward(X)
        return net.cost(Y)


def hidden_preactivations(net: Network, X) -> list[np.ndarray]:
    """Z[l] = W[l] A[l-1] + b[l] for every hidden layer l = 1..L-1, with dropout off."""
    A = net.check_X(X)
    out = []
    for l in range(net.L - 1):
        Z = net.W[l] @ A + net.b[l]
        out.append(Z)
        A = activations.forward(net.hidden_activations[l], Z)
    return out


def linear_regime_fraction(net: Network, X, threshold: float = LINEAR_THRESHOLD) -> float:
    """Fraction of hidden pre-activations z (over hidden units and examples of X) with |z| < threshold.

    "Large lambda makes the network linear": with small W[l], z[l] = W[l] a[l-1] + b[l] stays near
    0, where tanh(z) ~ z (for |z| < 0.5, tanh(z) is within 8 % of z). With dropout off.
    """
    threshold = _validate.real("threshold", threshold, low=0.0, low_open=True)
    Zs = hidden_preactivations(net, X)
    if not Zs:
        raise ValueError(f"the network {list(net.layer_sizes)} has no hidden layer")
    inside = sum(int(np.count_nonzero(np.abs(Z) < threshold)) for Z in Zs)
    return inside / sum(Z.size for Z in Zs)


@dataclass(frozen=True)
class TableRow:
    """One row of the course's regularization table."""

    name: str
    train_accuracy: float
    dev_accuracy: float

    @property
    def gap(self) -> float:
        return self.train_accuracy - self.dev_accuracy


def regularization_table(task: Task, *, lambd: float = 1.0, keep_prob: float = 0.8, **fit_kwargs) -> list[TableRow]:
    """The course's table on ``task``: no regularization, L2 with ``lambd``, dropout with ``keep_prob``."""
    lambd = regularization.check_lambd(lambd)
    keep_prob = dropout.check_keep_prob(keep_prob)
    rows = []
    for name, kwargs in ((" no regularization", {}), (f" L2, lambda = {lambd:g}", {"lambd": lambd}),
                         (f" dropout, keep_prob = {keep_prob:g}", {"keep_prob": keep_prob})):
        result = fit(task, **kwargs, **fit_kwargs)
        rows.append(TableRow(name.strip(), result.train_accuracy, result.dev_accuracy))
    return rows


def format_table(rows: Sequence[TableRow]) -> str:
    """The rows as a fixed-width text table, accuracies in % with one decimal."""
    width = max(len("model"), *(len(r.name) for r in rows))
    lines = [f"{'model':<{width}}  train acc  dev acc    gap"]
    for r in rows:
        lines.append(f"{r.name:<{width}}  {100 * r.train_accuracy:8.1f}%  {100 * r.dev_accuracy:6.1f}%  "
                     f"{100 * r.gap:+5.1f}")
    return "\n".join(lines)


@dataclass(frozen=True)
class WeightDecayCheck:
    """Parameters after the same training written two ways, and their largest difference."""

    theta_l2: np.ndarray
    theta_decay: np.ndarray

    @property
    def max_abs_difference(self) -> float:
        return float(np.max(np.abs(self.theta_l2 - self.theta_decay)))

    @property
    def max_abs_change(self) -> float:
        """How far training moved the parameters (to compare the difference with)."""
        return float(np.max(np.abs(self.theta_l2)))


def weight_decay_both_ways(task: Task, *, lambd: float = 1.0, alpha: float = 0.5, num_iterations: int = 100,
                           seed: int = 0, optimizer: str = "gd") -> WeightDecayCheck:
    """Train twice from the same weights: once with the L2 term in dW, once with weight decay.

        L2 in the gradient:  dW = dW_data + (lambd/m) W;   W <- W - alpha dW   (``train``, penalty l2)
        weight decay:        W <- (1 - alpha lambd/m) W - alpha dW_data         (``weight_decay_step``)

    With ``optimizer="gd"`` the two are the same update, so the parameters agree to rounding.
    ``optimizer="adam"`` compares Adam + L2 with AdamW (weight_decay = lambd/m, so each step
    shrinks W by the same factor 1 - alpha lambd/m): different algorithms, the parameters differ.
    """
    _validate.choice("optimizer", optimizer, ("gd", "adam"))
    lambd = regularization.check_lambd(lambd)
    alpha = optimizers.check_alpha(alpha)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    X, Y, m = task.X_train, task.Y_train, task.m_train
    net_l2 = task.network(seed)
    opt = optimizers.GradientDescent(alpha) if optimizer == "gd" else optimizers.Adam(alpha)
    train(net_l2, X, Y, optimizer=opt, num_iterations=num_iterations, lambd=lambd, penalty="l2")
    net_wd = task.network(seed)
    if optimizer == "gd":
        for _ in range(num_iterations):
            net_wd.forward(X)
            net_wd.backward(Y)           # data gradient only
            for W, dW, b, db in zip(net_wd.W, net_wd.dW, net_wd.b, net_wd.db):
                W[...] = regularization.weight_decay_step(W, dW, alpha=alpha, lambd=lambd, m=m)
                b -= alpha * db
    else:
        train(net_wd, X, Y, optimizer=optimizers.AdamW(alpha, weight_decay=lambd / m), num_iterations=num_iterations)
    return WeightDecayCheck(net_l2.get_params(), net_wd.get_params())


def weight_decay_report(task: Task, *, lambd: float = 1.0, num_iterations: int = 200) -> str:
    """Both comparisons of ``weight_decay_both_ways`` as a text table (differences below 1e-12 shown as such)."""
    rows = (("gradient descent (alpha = 0.5): L2 in dW  vs  (1 - alpha lambda/m) W - alpha dW_data",
             weight_decay_both_ways(task, lambd=lambd, alpha=0.5, num_iterations=num_iterations)),
            ("Adam (alpha = 0.01) + L2 in dW  vs  AdamW with weight_decay = lambda/m",
             weight_decay_both_ways(task, lambd=lambd, alpha=0.01, num_iterations=num_iterations, optimizer="adam")))
    width = max(len(name) for name, _ in rows)
    lines = [f"same initial weights, lambda = {lambd:g}, {num_iterations} full-batch iterations",
             f"{'':{width}}  {'max |difference|':>16}  {'max |parameter|':>15}"]
    for name, check in rows:
        diff = check.max_abs_difference
        lines.append(f"{name:{width}}  {'< 1e-12' if diff < 1e-12 else f'{diff:.2g}':>16}  "
                     f"{check.max_abs_change:15.2f}")
    return "\n".join(lines)

