"""The training loop: mini-batch gradient descent with any optimizer and learning-rate schedule.

    for epoch in 0..num_epochs-1:
        alpha = schedule(epoch)                    (when a schedule is given)
        shuffle (X, Y) with rng; for each mini-batch X^{t}, Y^{t}:
            forward (fresh dropout masks), cost J^{t} (penalty over the same batch size),
            backward, optimizer step

A run records a ``History``: cost every iteration (data cost + penalty, on the mini-batch); train/dev
accuracy, dev cost (the data cost only, no penalty, so runs with different lambd compare) and ‖W[l]‖_F
every ``eval_every`` iterations (and at the last one). It stops with a clear status instead of filling
arrays with NaN: ``"diverged"`` (the cost became non-finite or exceeded ``divergence_factor`` × the
first cost, or an evaluation's dev cost or ‖W[l]‖_F became non-finite; ``history.diverged_at`` says
at which iteration, and only values recorded at that iteration can be non-finite), ``"stopped_early"`` (the monitored
dev metric did not improve for ``patience`` evaluations; the parameters of the best evaluation
are restored), ``"stopped"`` (a callback asked to stop) or ``"completed"``.

Callbacks are called after every iteration as ``callback(step)`` with a ``Step`` (iteration,
epoch, cost, net, history); a callback that returns True stops training. ``Snapshots(every=k)``
is one: it keeps a copy of the parameters every k iterations, so an iteration slider is a lookup.

``train_progressively`` is the same run as a generator: it yields the growing ``History`` every
``report_every`` iterations and once more at the end, so a live plot can draw the run while it
trains (stop iterating to abandon it). ``train`` is that generator run to its end: both give the
same parameters, bit for bit.

The optimizer sees the parameters in the network's order, [W[1], b[1], ..., W[L], b[L]]
(``net.params``), and keeps one state array per parameter: ``optimizer.V[2*(l-1)]`` is the
lecture's V_dW[l], shaped like W[l]. Weights are decayed (AdamW), biases are not, nor batch norm's
gamma and beta_bn (``net.decay_mask``; pass ``decay`` to choose otherwise).

With batch norm (``Network(..., batch_norm=True)``) each training step normalizes with its mini-batch's
statistics and updates the running averages; the evaluations (``predict``) use the running averages,
early stopping restores them with the parameters (``net.get_state``), and a mini-batch of one example
is refused before training starts.

``rng`` (a Generator or a seed) is needed when training draws: mini-batches (``batch_size`` < m)
or dropout (``keep_prob`` < 1). Full-batch training without dropout draws nothing and needs none.
"""

from __future__ import annotations

import math
import numbers
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import _validate, metrics, minibatch, regularization
from .early_stopping import EarlyStopping
from .network import Network

MONITORS = ("dev_error", "dev_cost")
STATUSES = ("completed", "diverged", "stopped_early", "stopped")
#: a run has diverged once its cost exceeds this many times the first cost (``train``'s default)
DIVERGENCE_FACTOR = 1e3


def diverged_text(iteration: int) -> str:
    """The words every table, figure and explorer uses for a diverged run: "diverged at iteration N"."""
    return f"diverged at iteration {_validate.integer('iteration', iteration, low=1)}"


def diverges(cost: float, first_cost: float, divergence_factor: float = DIVERGENCE_FACTOR) -> bool:
    """``train``'s divergence rule for one iteration's cost: non-finite, or above
    ``divergence_factor`` x the first cost (for loops written by hand beside ``train``)."""
    if isinstance(cost, bool) or not isinstance(cost, numbers.Real):
        raise TypeError(f"cost must be a real number, got {cost!r}")
    first_cost = _validate.real("first_cost", first_cost)
    divergence_factor = _validate.real("divergence_factor", divergence_factor, low=1.0, low_open=True)
    return not math.isfinite(cost) or cost > divergence_factor * max(first_cost, 1e-12)


@dataclass
class History:
    """What a training run recorded. Per-iteration lists are aligned with ``iteration``;
    per-evaluation lists with ``eval_iteration``."""

    iteration: list = field(default_factory=list)
    epoch: list = field(default_factory=list)
    cost: list = field(default_factory=list)
    alpha: list = field(default_factory=list)
    eval_iteration: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    dev_accuracy: list = field(default_factory=list)
    dev_cost: list = field(default_factory=list)       # data cost on dev (no penalty: comparable across lambd)
    weight_norms: list = field(default_factory=list)   # one list of ||W[l]||_F per evaluation
    wall_time: list = field(default_factory=list)      # seconds since the start, per evaluation
    status: str = "completed"
    diverged_at: int | None = None
    best_iteration: int | None = None
    message: str = ""

    @property
    def diverged(self) -> bool:
        return self.status == "diverged"

    def mark_diverged(self, iteration: int, value: float, alpha: float, what: str = "cost") -> None:
        """Record that the run diverged at ``iteration`` (``what`` = ``value`` there, with ``alpha``)."""
        self.status = "diverged"
        self.diverged_at = iteration
        self.message = (f"{diverged_text(iteration)}: {what} = {value:.3g} with alpha = {alpha:g}; "
                        f"try a smaller learning rate")

    @property
    def epoch_cost(self) -> np.ndarray:
        """Mean mini-batch cost of each epoch, (n_epochs,): the smooth curve beside the noisy
        per-iteration one (a partial last epoch averages the batches it ran)."""
        epochs = np.asarray(self.epoch, dtype=np.int64)
        if epochs.size == 0:
            return np.empty(0)
        costs = np.asarray(self.cost, dtype=float)
        return np.bincount(epochs, weights=costs) / np.bincount(epochs)

    def as_arrays(self) -> dict[str, np.ndarray]:
        """The recorded series as numpy arrays (weight_norms is (n_evals, L))."""
        names = ("iteration", "epoch", "cost", "alpha", "eval_iteration", "train_accuracy",
                 "dev_accuracy", "dev_cost", "weight_norms", "wall_time")
        return {name: np.asarray(getattr(self, name), dtype=float) for name in names}


@dataclass
class Step:
    """What a callback sees after each iteration."""

    iteration: int
    epoch: int
    cost: float
    net: Network
    history: History


class Snapshots:
    """Callback that keeps ``net.get_params()`` every ``every`` iterations (and iteration 0).

    ``snapshots.iterations[i]`` is the iteration after which ``snapshots.params[i]`` was taken
    (0 = the initial parameters, recorded when the callback first runs).
    """

    def __init__(self, every: int = 10):
        self.every = _validate.integer("every", every, low=1)
        self.iterations: list[int] = []
        self.params: list[np.ndarray] = []

    def start(self, net: Network) -> None:
        self.iterations, self.params = [0], [net.get_params()]

    def __call__(self, step: Step) -> None:
        if step.iteration % self.every == 0:
            self.iterations.append(step.iteration)
            self.params.append(step.net.get_params())


def train(net: Network, X, Y, **kwargs) -> History:
    """Train ``net`` in place on (X, Y) and return its ``History`` (arguments: ``train_progressively``,
    without ``report_every``)."""
    if "report_every" in kwargs:
        raise TypeError("train() takes no report_every: use train_progressively for a run reported as it goes")
    *_, final = train_progressively(net, X, Y, **kwargs)
    return final


def train_progressively(net: Network, X, Y, *, optimizer=None, alpha: float | None = None,
                        num_epochs: int | None = None, num_iterations: int | None = None,
                        batch_size: int | None = None, lambd: float = 0.0, penalty: str = "l2",
                        l1_proximal: bool = False, keep_prob=1.0, rng=None, X_dev=None, Y_dev=None,
                        schedule: Callable[[int], float] | None = None, eval_every: int | None = None,
                        callbacks: Sequence[Callable] = (), patience: int | None = None,
                        monitor: str = "dev_error", divergence_factor: float = DIVERGENCE_FACTOR,
                        report_every: int | None = None, decay=None) -> Iterator[History]:
    """Train ``net`` in place on (X, Y), yielding the growing ``History`` every ``report_every``
    iterations (never, by default) and once more when training ends, whatever its status.

    Give exactly one of ``num_epochs`` and ``num_iterations`` (optimizer steps). ``optimizer``
    defaults to plain gradient descent with ``alpha``; ``batch_size=None`` means batch gradient
    descent (one batch of m). ``l1_proximal=True`` with ``penalty="l1"`` applies the L1 penalty
    as a soft-thresholding step after each update (threshold alpha*lambd/(2 * batch size)), which
    reaches exact zeros, instead of a subgradient in dW, which almost never does.
    ``monitor="dev_cost"`` stops early on the dev *data* cost (no penalty), like ``History.dev_cost``.
    ``decay`` (one bool per ``net.params`` entry) says which parameters an optimizer with weight decay
    decays; None decays the weights W[l] only (``net.decay_mask``).
    """
    _validate.instance("net", net, Network)
    X = net.check_X(X)
    Y = net.check_Y(Y, X.shape[1])
    m = X.shape[1]
    has_dev = X_dev is not None or Y_dev is not None
    if has_dev:
        if X_dev is None or Y_dev is None:
            raise ValueError("X_dev and Y_dev must be given together")
        X_dev = net.check_X(X_dev)
        Y_dev = net.check_Y(Y_dev, X_dev.shape[1])
    lambd = regularization.check_lambd(lambd)
    _validate.choice("penalty", penalty, regularization.PENALTIES)
    _validate.choice("monitor", monitor, MONITORS)
    if not isinstance(l1_proximal, (bool, np.bool_)):
        raise TypeError(f"l1_proximal must be a bool, got {l1_proximal!r}")
    keep = net.check_keep_prob(keep_prob)
    batch_size = m if batch_size is None else minibatch.check_batch_size(batch_size, m)
    if net.batch_norm and (batch_size < 2 or m % batch_size == 1):
        raise ValueError(f"batch_size = {batch_size} with m = {m} gives a mini-batch of 1 example, which batch "
                         f"normalization cannot normalize (Z - mu = 0): choose a batch size >= 2 that does not "
                         f"leave 1 example over")
    if decay is None:
        decay = net.decay_mask
    else:
        decay = [_validate.flag(f"decay[{i}]", d)
                 for i, d in enumerate(_validate.items("decay", decay))]
        if len(decay) != len(net.params):
            raise ValueError(f"decay must hold one bool per parameter ({len(net.params)}: {net.param_names}), "
                             f"got {len(decay)}")
    dropout = any(k < 1.0 for k in keep)
    per_epoch = math.ceil(m / batch_size)
    if rng is None and (dropout or per_epoch > 1):
        raise ValueError(f"rng (a numpy.random.Generator or seed) is needed to "
                         f"{'draw dropout masks' if dropout else 'shuffle the mini-batches'}; got rng=None")
    gen = None if rng is None else _validate.rng("rng", rng)
    total = _total_iterations(num_epochs, num_iterations, per_epoch)
    eval_every = per_epoch if eval_every is None else _validate.integer("eval_every", eval_every, low=1)
    report_every = None if report_every is None else _validate.integer("report_every", report_every, low=1)
    divergence_factor = _validate.real("divergence_factor", divergence_factor, low=1.0, low_open=True)
    if patience is not None:
        patience = _validate.integer("patience", patience, low=1)
        if not has_dev:
            raise ValueError("patience (early stopping) needs a dev set: pass X_dev and Y_dev")
    if schedule is not None:
        _validate.function("schedule", schedule)
    callbacks = [_validate.function(f"callbacks[{i}]", cb)
                 for i, cb in enumerate(_validate.items("callbacks", callbacks, nonempty=False))]
    optimizer = _make_optimizer(optimizer, alpha)
    prox = penalty == "l1" and l1_proximal
    grad_lambd = 0.0 if prox else lambd

    def run() -> Iterator[History]:
        history = History()
        for cb in callbacks:
            if hasattr(cb, "start"):
                cb.start(net)
        params, grads = net.params, net.grads
        stopping = EarlyStopping(patience)
        slices = minibatch.batch_slices(m, batch_size)
        t0 = time.perf_counter()
        first_cost = None
        iteration = 0
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for epoch in range(math.ceil(total / per_epoch)):
                if schedule is not None:
                    optimizer.alpha = _validate.real("schedule(epoch)", schedule(epoch), low=0.0, low_open=True)
                Xs, Ys = (X, Y) if per_epoch == 1 else minibatch.shuffled(X, Y, gen)
                for s in slices:
                    if iteration >= total:
                        break
                    Xt, Yt = Xs[:, s], Ys[:, s]
                    masks = net.draw_dropout_masks(Xt.shape[1], keep, gen) if dropout else None
                    net.forward_unchecked(Xt, masks)
                    cost = (net.data_cost_unchecked(Yt)
                            + regularization._penalty_cost(net.W, lambd, Xt.shape[1], penalty))
                    iteration += 1
                    history.iteration.append(iteration)
                    history.epoch.append(epoch)
                    history.cost.append(cost)
                    history.alpha.append(optimizer.alpha)
                    if first_cost is None:
                        first_cost = cost
                    if diverges(cost, first_cost, divergence_factor):
                        history.mark_diverged(iteration, cost, optimizer.alpha)
                        yield history
                        return
                    net.backward_unchecked(Yt, grad_lambd, penalty)
                    optimizer.step(params, grads, decay=decay)
                    if prox:
                        threshold = optimizer.alpha * lambd / (2.0 * Xt.shape[1])
                        for W in net.W:
                            W[...] = regularization._soft_threshold(W, threshold)
                    if iteration % eval_every == 0 or iteration == total:
                        _evaluate(net, history, X, Y, X_dev, Y_dev, iteration, t0)
                        bad = _nonfinite_evaluation(history, has_dev)
                        if bad is not None:
                            history.mark_diverged(iteration, bad[1], optimizer.alpha, bad[0])
                            yield history
                            return
                        if has_dev:
                            value = (1.0 - history.dev_accuracy[-1]) if monitor == "dev_error" else history.dev_cost[-1]
                            stopping.update(value, iteration, net.get_state if net.batch_norm else net.get_params)
                        if stopping.should_stop:
                            if net.batch_norm:
                                net.set_state(stopping.best_params)
                            else:
                                net.set_params(stopping.best_params)
                            history.status = "stopped_early"
                            history.best_iteration = stopping.best_iteration
                            history.message = (f"stopped early at iteration {iteration}: {monitor} did not improve "
                                               f"for {patience} evaluations; restored the parameters of iteration "
                                               f"{stopping.best_iteration}")
                            yield history
                            return
                    step = Step(iteration, epoch, cost, net, history)
                    if any(cb(step) for cb in callbacks):
                        history.status = "stopped"
                        history.message = f"stopped by a callback at iteration {iteration}"
                        yield history
                        return
                    if report_every is not None and iteration % report_every == 0 and iteration < total:
                        yield history
        if has_dev:
            history.best_iteration = stopping.best_iteration
        history.message = f"completed {iteration} iterations"
        yield history

    return run()     # a generator made after the checks: bad arguments raise at the call, not at next()


def _evaluate(net, history, X, Y, X_dev, Y_dev, iteration, t0) -> None:
    history.eval_iteration.append(iteration)
    history.train_accuracy.append(metrics.accuracy(net.predict(X), Y))
    if X_dev is not None:
        history.dev_accuracy.append(metrics.accuracy(net.predict(X_dev), Y_dev))
        history.dev_cost.append(net.data_cost_unchecked(Y_dev))     # of the forward predict just ran
    history.weight_norms.append([float(np.linalg.norm(W)) for W in net.W])
    history.wall_time.append(time.perf_counter() - t0)


def _nonfinite_evaluation(history: History, has_dev: bool) -> tuple[str, float] | None:
    """(name, value) of the first non-finite quantity of the last evaluation, or None: the step just
    taken has already diverged, before the next iteration's cost would show it."""
    checks = [("dev cost", history.dev_cost[-1])] if has_dev else []
    checks += [(f"||W[{l}]||_F", v) for l, v in enumerate(history.weight_norms[-1], start=1)]
    for what, value in checks:
        if not math.isfinite(value):
            return what, value
    return None


def _total_iterations(num_epochs, num_iterations, per_epoch: int) -> int:
    if (num_epochs is None) == (num_iterations is None):
        raise ValueError(f"give exactly one of num_epochs and num_iterations, got num_epochs={num_epochs!r}, "
                         f"num_iterations={num_iterations!r}")
    if num_epochs is not None:
        return _validate.integer("num_epochs", num_epochs, low=1) * per_epoch
    return _validate.integer("num_iterations", num_iterations, low=1)


def _make_optimizer(optimizer, alpha):
    if optimizer is not None:
        if alpha is not None:
            raise ValueError("give alpha to the optimizer, not to train(), when passing an optimizer")
        if not (hasattr(optimizer, "step") and hasattr(optimizer, "alpha")):
            raise TypeError(f"optimizer must have .alpha and .step(params, grads, decay=...), got {optimizer!r}")
        return optimizer
    from .optimizers import GradientDescent  # local import: optimizers builds on this module's users

    return GradientDescent(alpha=0.01 if alpha is None else alpha)
