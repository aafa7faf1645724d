"""Numbers of notebook 17 (batch normalization): weight scale with and without batch norm, the
largest stable learning rate, batch statistics against running averages, and evaluation with the
wrong statistics.

Every run trains a deep ReLU network (``DEPTH`` hidden layers of ``WIDTH`` units) on the circles
task of notebook 08 (``experiments.initialization.circles_task(rng=1)``) with weights drawn as
``scale * N(0, 1)`` ("random" init), so that the only difference between two runs of a table is the
knob it names. Accuracies are printed in whole percents with the dev set's 95 % half-width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import _validate, batch_norm, metrics, optimizers, splits
from ..network import Network
from ..training import diverged_text, train_progressively
from . import initialization as init_exp
from .tasks import Task, check_task

__all__ = ["DEPTH", "WIDTH", "BatchSizeRow", "ScaleRun", "UlpSensitivity", "alpha_table", "batch_mean_noise",
           "batch_of_one",
           "batch_size_table", "circles", "deep_network", "eval_with_batch_statistics", "halfwidth_text",
           "largest_stable_alpha", "reached_counts", "running_vs_batch", "scale_run_progressively",
           "trained_bn_network", "ulp_sensitivity",
           "format_alpha_table", "format_batch_of_one", "format_batch_size_table", "format_eval_table",
           "format_running_vs_batch", "format_scale_table", "format_ulp_sensitivity",
           "hidden_activation_stds", "scale_map", "scale_run"]

DEPTH, WIDTH = 8, 16
SCALES = (1e-4, 1e-3, 1e-2, 1e-1, 1.0)
NUM_ITERATIONS = 200
ALPHA = 0.01            # Adam's


def circles(*, rng) -> Task:
    """The task of every table: circles, 300 train / 300 dev, drawn by ``rng`` (notebook 17 uses rng=1, the data
    of notebook 08's ``circles_task(rng=1)``)."""
    return init_exp.circles_task(rng=rng)


def deep_network(scale: float, *, batch_norm: bool, seed: int, depth: int = DEPTH, width: int = WIDTH,
                 running_beta: float = 0.9) -> Network:
    """[2, width x depth, 1] ReLU, weights scale * N(0, 1), with or without batch norm."""
    depth = _validate.integer("depth", depth, low=1)
    width = _validate.integer("width", width, low=1)
    return Network([2] + [width] * depth + [1], "relu", "sigmoid", init="random", scale=scale,
                   rng=_validate.integer("seed", seed, low=0), batch_norm=batch_norm, running_beta=running_beta)


def hidden_activation_stds(net: Network, X) -> np.ndarray:
    """std of A[l] over all its entries for each hidden layer, training mode (batch statistics),
    computed layer by layer with ``course2.batch_norm.forward_train`` (no running average updated)."""
    _validate.instance("net", net, Network)
    A = net.check_X(X)
    out = []
    for l in range(net.L - 1):
        Z = net.W[l] @ A
        if net.batch_norm:
            Z, _ = batch_norm.forward_train(Z, net.gamma[l], net.beta_bn[l], net.bn_epsilon)
        else:
            Z = Z + net.b[l]
        A = np.maximum(Z, 0.0) if net.hidden_activations[l] == "relu" else _activation(net, l, Z)
        out.append(float(np.std(A)))
    return np.array(out)


def _activation(net, l, Z):
    from .. import activations

    return activations.forward(net.hidden_activations[l], Z)


@dataclass(frozen=True)
class ScaleRun:
    """One training run: scale, batch norm on/off, batch size, alpha, and what came out."""

    scale: float
    batch_norm: bool
    batch_size: int
    alpha: float
    optimizer: str
    cost: np.ndarray
    train_accuracy: float
    dev_accuracy: float
    init_stds: np.ndarray           # std of A[l] per hidden layer, before training
    final_stds: np.ndarray          # after training
    diverged_at: int | None
    seed: int                       # the seed of the initial weights and the mini-batches
    iteration: int = 0              # iterations done (partial results of ``scale_run_progressively``)


def _optimizer(name: str, alpha: float):
    return optimizers.Adam(alpha=alpha) if name == "adam" else optimizers.GradientDescent(alpha=alpha)


def scale_run_progressively(task: Task, scale: float, *, batch_norm: bool, seed: int, batch_size: int = 64,
                            alpha: float = ALPHA, optimizer: str = "adam", num_iterations: int = NUM_ITERATIONS,
                            every: int | None = None):
    """``scale_run`` yielding a ``ScaleRun`` every ``every`` iterations (the last one final). The arguments
    are checked at the call (not on the first ``next``)."""
    check_task(task)
    batch_norm = _validate.flag("batch_norm", batch_norm)
    batch_size = _check_batch_size(batch_size, task.m_train, batch_norm)
    alpha = optimizers.check_alpha(alpha)
    _validate.choice("optimizer", optimizer, ("adam", "gd"))
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    if every is not None:
        every = _validate.integer("every", every, low=1)
    net = deep_network(scale, batch_norm=batch_norm, seed=seed)
    return _scale_run_progressively(task, net, scale, batch_norm, seed, batch_size, alpha, optimizer, num_iterations,
                                    every)


def _check_batch_size(batch_size, m: int, batch_norm: bool) -> int:
    """An integer in [1, m] ([2, m] with batch norm: one example cannot be normalized)."""
    return _validate.integer("batch_size", batch_size, low=2 if batch_norm else 1, high=m)


def _check_batch_norm_net(net) -> Network:
    _validate.instance("net", net, Network)
    if not net.batch_norm:
        raise ValueError("net must be a network with batch normalization (Network(..., batch_norm=True)), "
                         "got one with batch_norm=False")
    return net


def _check_runs(runs) -> list:
    runs = _validate.items("runs", runs)
    return [_validate.instance(f"runs[{i}]", r, ScaleRun, "a ScaleRun (from scale_run)") for i, r in enumerate(runs)]


def _scale_run_progressively(task, net, scale, batch_norm, seed, batch_size, alpha, optimizer, num_iterations, every):
    init_stds = hidden_activation_stds(net, task.X_train)
    with np.errstate(all="ignore"):
        for h in train_progressively(net, task.X_train, task.Y_train, optimizer=_optimizer(optimizer, alpha),
                                     num_iterations=num_iterations, batch_size=batch_size, rng=seed,
                                     eval_every=num_iterations, report_every=every):
            final = h.iteration[-1] >= num_iterations or h.status != "completed"
            if h.diverged or not final:
                tr = dv = float("nan")
                stds = np.full(init_stds.shape, np.nan)
            else:
                tr = h.train_accuracy[-1]
                dv = metrics.accuracy(net.predict(task.X_dev), task.Y_dev)
                stds = hidden_activation_stds(net, task.X_train)
            yield ScaleRun(float(scale), bool(batch_norm), int(batch_size), float(alpha), optimizer,
                           np.asarray(h.cost, float), tr, dv, init_stds, stds, h.diverged_at, int(seed),
                           h.iteration[-1])


def scale_run(task: Task, scale: float, *, batch_norm: bool, seed: int, **kwargs) -> ScaleRun:
    """Train the deep network with weights scale * N(0, 1), with or without batch norm."""
    *_, last = scale_run_progressively(task, scale, batch_norm=batch_norm, seed=seed, **kwargs)
    return last


def scale_map(task: Task, scales: Sequence[float], batch_sizes: Sequence[int], *, seed: int,
              **kwargs) -> dict:
    """Dev accuracy (NaN where diverged) for every (batch size, scale), without and with batch norm:
    {False: (n_batch_sizes, n_scales), True: ..., "diverged_at": {False: ..., True: ...}}; "diverged_at"
    holds the iteration each run diverged at (NaN where it did not)."""
    check_task(task)
    scales = [_validate.real(f"scales[{i}]", s, low=0.0, low_open=True)
              for i, s in enumerate(_validate.items("scales", scales))]
    sizes = [_validate.integer(f"batch_sizes[{i}]", b, low=2)
             for i, b in enumerate(_validate.items("batch_sizes", batch_sizes))]
    out = {"diverged_at": {}}
    for bn in (False, True):
        grid = np.full((len(sizes), len(scales)), np.nan)
        at = np.full((len(sizes), len(scales)), np.nan)
        for i, b in enumerate(sizes):
            for j, s in enumerate(scales):
                r = scale_run(task, s, batch_norm=bn, seed=seed, batch_size=b, **kwargs)
                grid[i, j] = r.dev_accuracy
                if r.diverged_at is not None:
                    at[i, j] = r.diverged_at
        out[bn] = grid
        out["diverged_at"][bn] = at
    return out


def _acc_text(run: ScaleRun) -> str:
    if run.diverged_at is not None:
        return diverged_text(run.diverged_at)
    return f"{run.train_accuracy:.0%} / {run.dev_accuracy:.0%}"


def halfwidth_text(task: Task, accuracy: float = 0.9) -> str:
    """The dev set's 95 % half-width at this accuracy, in percentage points."""
    check_task(task)
    accuracy = _validate.real("accuracy", accuracy, low=0.0, high=1.0)
    h = splits.error_confidence_halfwidth(1.0 - accuracy, task.Y_dev.shape[1])
    return f"± {100 * h:.0f} points (dev set of {task.Y_dev.shape[1]}, 95 %, at {accuracy:.0%})"


def format_scale_table(task: Task, runs: Sequence[ScaleRun]) -> str:
    """scale | without batch norm (std A[1], A[8] at init; train / dev acc) | with batch norm (same)."""
    check_task(task)
    runs = _check_runs(runs)
    by = {(r.scale, r.batch_norm): r for r in runs}
    scales = sorted({r.scale for r in runs})
    last = f"A[{DEPTH}]"
    lines = [f"{'scale':>7} | {'no batch norm: std A[1], ' + last:>31} {'train / dev':>12} | "
             f"{'batch norm: std A[1], ' + last:>28} {'train / dev':>12}"]
    for s in scales:
        cells = []
        for bn in (False, True):
            r = by[(s, bn)]
            cells.append(f"{r.init_stds[0]:>14.2g} {r.init_stds[-1]:>8.2g} {_acc_text(r):>12}")
        lines.append(f"{s:>7g} | {cells[0]:>44} | {cells[1]:>41}")
    lines.append(f"accuracy is train / dev after {runs[0].cost.size} Adam steps (batch {runs[0].batch_size}); "
                 f"dev {halfwidth_text(task)}")
    return "\n".join(lines)


def alpha_table(task: Task, alphas: Sequence[float], *, seeds: Sequence[int], scale: float = 0.35,
                optimizer: str = "gd", batch_size: int | None = None, **kwargs) -> list[ScaleRun]:
    """Gradient descent at each alpha, without and with batch norm, once per seed (weights scale * N(0, 1),
    He-like). ``batch_size`` None: the whole training set (batch gradient descent: no mini-batch noise, so the
    runs are not chaotic and their verdicts are the same on any CPU)."""
    alphas = [_validate.real(f"alphas[{i}]", a, low=0.0, low_open=True)
              for i, a in enumerate(_validate.items("alphas", alphas))]
    seeds = _check_seeds(seeds)
    if batch_size is None:
        batch_size = check_task(task).m_train
    return [scale_run(task, scale, batch_norm=bn, seed=s, alpha=a, optimizer=optimizer, batch_size=batch_size,
                      **kwargs)
            for a in alphas for bn in (False, True) for s in seeds]


def _check_seeds(seeds) -> list[int]:
    return [_validate.integer(f"seeds[{i}]", s, low=0) for i, s in enumerate(_validate.items("seeds", seeds))]


def reached_counts(runs: Sequence[ScaleRun], alpha: float, batch_norm: bool,
                   min_dev_accuracy: float = 0.9) -> tuple[int, int, int]:
    """(runs that reached ``min_dev_accuracy`` on dev, runs that diverged, runs) at this alpha, batch norm on/off."""
    runs = _check_runs(runs)
    alpha = _validate.real("alpha", alpha, low=0.0, low_open=True)
    batch_norm = _validate.flag("batch_norm", batch_norm)
    min_dev_accuracy = _validate.real("min_dev_accuracy", min_dev_accuracy, low=0.0, high=1.0)
    mine = [r for r in runs if r.alpha == alpha and r.batch_norm == batch_norm]
    ok = sum(r.diverged_at is None and r.dev_accuracy >= min_dev_accuracy for r in mine)
    return ok, sum(r.diverged_at is not None for r in mine), len(mine)


def format_alpha_table(task: Task, runs: Sequence[ScaleRun]) -> str:
    """alpha | without batch norm | with batch norm: how many seeds reached 90 % dev (and how many diverged)."""
    check_task(task)
    runs = _check_runs(runs)

    def cell(a, bn):
        ok, div, n = reached_counts(runs, a, bn)
        return f"{ok} of {n}" + (f" ({div} diverged)" if div else "")

    def where(a, bn):
        at = [r.diverged_at for r in runs if r.alpha == a and r.batch_norm == bn and r.diverged_at is not None]
        return (f"alpha = {a:g} {'with' if bn else 'without'} batch norm: {len(at)} of "
                f"{sum(r.alpha == a and r.batch_norm == bn for r in runs)} runs {diverged_text(min(at))} (the first)"
                if at else None)

    lines = [f"{'alpha':>6} | {'no batch norm':>22} | {'batch norm':>22}      seeds reaching 90 % dev"]
    for a in sorted({r.alpha for r in runs}):
        lines.append(f"{a:>6g} | {cell(a, False):>22} | {cell(a, True):>22}")
    r0 = runs[0]
    iterations = next((r.cost.size for r in runs if r.diverged_at is None), NUM_ITERATIONS)
    seeds = sorted({r.seed for r in runs})
    seed_text = f"seeds {seeds[0]}-{seeds[-1]}" if seeds == list(range(seeds[0], seeds[-1] + 1)) else f"seeds {seeds}"
    batch = "the whole training set" if r0.batch_size == task.m_train else f"batch {r0.batch_size}"
    lines.append(f"plain gradient descent, {iterations} iterations on {batch}, weights {r0.scale:g} * N(0, 1), "
                 f"{seed_text} (initial weights)")
    lines += [w for a in sorted({r.alpha for r in runs}) for bn in (False, True) if (w := where(a, bn))]
    lines.append(f"dev {halfwidth_text(task)}")
    return "\n".join(lines)


def largest_stable_alpha(runs: Sequence[ScaleRun], batch_norm: bool, min_dev_accuracy: float = 0.9) -> float:
    """The largest alpha of the table at which every run (every seed) did not diverge and reached
    ``min_dev_accuracy`` on dev (NaN if none)."""
    runs = _check_runs(runs)
    batch_norm = _validate.flag("batch_norm", batch_norm)
    min_dev_accuracy = _validate.real("min_dev_accuracy", min_dev_accuracy, low=0.0, high=1.0)
    ok = [a for a in {r.alpha for r in runs if r.batch_norm == batch_norm}
          if (lambda c: c[0] == c[2])(reached_counts(runs, a, batch_norm, min_dev_accuracy))]
    return max(ok) if ok else float("nan")


def batch_mean_noise(net: Network, X, batch_size: int, *, layer: int = 1, num_batches: int = 200, rng) -> float:
    """std over random mini-batches of the batch mean mu of layer ``layer``'s Z (averaged over its units),
    relative to the std of Z over the whole set: about 1/sqrt(batch_size)."""
    _validate.instance("net", net, Network)
    X = net.check_X(X)
    batch_size = _validate.integer("batch_size", batch_size, low=1, high=X.shape[1])
    layer = _validate.integer("layer", layer, low=1, high=net.L - 1)
    num_batches = _validate.integer("num_batches", num_batches, low=2)
    gen = _validate.rng("rng", rng)
    A = X
    for l in range(layer - 1):
        A = _hidden(net, l, A, None)
    Z = net.W[layer - 1] @ A
    mus = np.stack([Z[:, gen.choice(X.shape[1], batch_size, replace=False)].mean(axis=1) for _ in range(num_batches)])
    return float(np.mean(mus.std(axis=0) / Z.std(axis=1)))


def _hidden(net, l, A, stats):
    """A[l] from A[l-1]: batch norm with the given (mean, var), or the batch's own when stats is None."""
    Z = net.W[l] @ A
    if net.batch_norm:
        if stats is None:
            Z, _ = batch_norm.forward_train(Z, net.gamma[l], net.beta_bn[l], net.bn_epsilon)
        else:
            Z = net.gamma[l] * (Z - stats[0]) / np.sqrt(stats[1] + net.bn_epsilon) + net.beta_bn[l]
    else:
        Z = Z + net.b[l]
    return np.maximum(Z, 0.0)


def trained_bn_network(task: Task, *, seed: int, batch_size: int = 64, num_iterations: int = NUM_ITERATIONS,
                       running_beta: float = 0.9) -> Network:
    """The deep network with batch norm (weights 0.35 * N(0, 1)), trained by Adam on the task."""
    batch_size = _check_batch_size(batch_size, check_task(task).m_train, True)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    net = deep_network(0.35, batch_norm=True, seed=seed, running_beta=running_beta)
    *_, h = train_progressively(net, task.X_train, task.Y_train, optimizer=optimizers.Adam(alpha=ALPHA),
                                num_iterations=num_iterations, batch_size=batch_size, rng=seed)
    if h.diverged:
        raise RuntimeError(h.message)
    return net


def eval_with_batch_statistics(net: Network, X, Y, batch_size: int, *, rng) -> tuple[float, float]:
    """Evaluate X in random batches of ``batch_size`` with each batch's OWN statistics (training mode,
    running averages untouched) instead of the running averages: (accuracy, fraction of predictions
    that differ from ``net.predict``)."""
    _check_batch_norm_net(net)
    X = net.check_X(X)
    Y = net.check_Y(Y, X.shape[1])
    m = X.shape[1]
    batch_size = _validate.integer("batch_size", batch_size, low=2, high=m)
    gen = _validate.rng("rng", rng)
    right = net.predict(X)
    order = gen.permutation(m)
    pred = np.empty((1, m), dtype=np.int64)
    starts = list(range(0, m, batch_size))
    if m - starts[-1] < 2:             # a last batch of one example cannot be normalized: join it to the previous
        starts.pop()
    for k, s in enumerate(starts):
        idx = order[s: starts[k + 1] if k + 1 < len(starts) else m]
        A = net.forward(X[:, idx], update_running=False)
        pred[0, idx] = (A > 0.5).astype(np.int64)[0]
    return metrics.accuracy(pred, Y), float(np.mean(pred != right))


def format_eval_table(net: Network, task: Task, batch_sizes: Sequence[int], *, seed: int) -> str:
    """dev accuracy and predictions changed when the dev set is evaluated with batch statistics."""
    _check_batch_norm_net(net)
    check_task(task)
    batch_sizes = [_validate.integer("batch_size", b, low=2, high=task.Y_dev.shape[1])
                   for b in _validate.items("batch_sizes", batch_sizes)]
    seed = _validate.integer("seed", seed, low=0)
    lines = [f"{'evaluated with':<34} {'dev accuracy':>12} {'predictions changed':>20}",
             f"{'running averages (correct)':<34} {metrics.accuracy(net.predict(task.X_dev), task.Y_dev):>12.0%} "
             f"{'-':>20}"]
    for b in batch_sizes:
        acc, changed = eval_with_batch_statistics(net, task.X_dev, task.Y_dev, b, rng=seed)
        lines.append(f"{f'batch statistics, batches of {b}':<34} {acc:>12.0%} {changed:>20.0%}")
    lines.append(f"dev {halfwidth_text(task)}")
    return "\n".join(lines)


def running_vs_batch(net: Network, X, *, batch_size: int, steps: int, running_beta: float, layer: int = 4,
                     unit: int = 0, rng) -> dict:
    """Replay ``steps`` training-mode forward passes on random mini-batches (parameters fixed) into fresh
    running averages: the batch mean of one unit of layer ``layer`` per step, the running average after
    each step, the whole-set mean, and how far evaluation outputs then move from training-mode outputs
    on the whole set (mean |A_eval - A_train| and the fraction of predictions that differ)."""
    _check_batch_norm_net(net)
    X = net.check_X(X)
    m = X.shape[1]
    batch_size = _validate.integer("batch_size", batch_size, low=1, high=m)
    steps = _validate.integer("steps", steps, low=1)
    running_beta = _validate.real("running_beta", running_beta, low=0.0, high=1.0, high_open=True)
    layer = _validate.integer("layer", layer, low=1, high=net.L - 1)
    unit = _validate.integer("unit", unit, low=0, high=net.layer_sizes[layer] - 1)
    gen = _validate.rng("rng", rng)
    if batch_size < 2:
        raise ValueError(f"batch_size must be at least 2 in training mode, got {batch_size}: with one example "
                         f"every unit is Z - mu = 0")
    twin = net.copy()
    twin.running = [batch_norm.RunningStats(r.mean.shape[0], running_beta) for r in net.running]
    batch_mu, running_mu = np.empty(steps), np.empty(steps)
    for t in range(steps):
        idx = gen.choice(m, batch_size, replace=False)
        twin.forward(X[:, idx])
        batch_mu[t] = twin.batch_statistics()[layer - 1][0][unit, 0]
        running_mu[t] = twin.running[layer - 1].mean[unit, 0]
    A_train = twin.forward(X, update_running=False)
    whole = twin.batch_statistics()[layer - 1][0][unit, 0]
    A_eval = twin.forward(X, mode="eval")
    return {"batch_mu": batch_mu, "running_mu": running_mu, "whole_mu": float(whole),
            "gap": float(np.mean(np.abs(A_eval - A_train))),
            "changed": float(np.mean((A_eval > 0.5) != (A_train > 0.5)))}


@dataclass(frozen=True)
class BatchSizeRow:
    """One batch size of ``batch_size_table``: the noise of mu, the Adam steps taken, and each seed's dev accuracy
    evaluated two ways."""

    batch_size: int
    noise: float                    # std of mu over random batches / std of Z over the whole training set
    num_epochs: int
    steps: int                      # Adam steps: num_epochs * ceil(m / batch_size)
    alpha: float
    seeds: tuple
    dev_running: tuple              # dev accuracy per seed, evaluation mode (the running averages)
    dev_batch_stats: tuple          # the same network in training mode on the whole dev set as one batch
    diverged_at: tuple = ()         # per seed: the iteration its run diverged at, or None


def _train_bn(task: Task, batch_size: int, seed: int, num_epochs: int, alpha: float, nudge: bool = False):
    """The deep network with batch norm (weights 0.35 * N(0, 1), times 1 + 2**-52 if ``nudge``) after
    ``num_epochs`` epochs of Adam on mini-batches of ``batch_size``: (net, steps, diverged_at), net None if it
    diverged."""
    net = deep_network(0.35, batch_norm=True, seed=seed)
    if nudge:
        for W in net.W:
            W *= 1.0 + 2.0 ** -52
    steps = num_epochs * -(-task.m_train // batch_size)
    with np.errstate(all="ignore"):
        *_, h = train_progressively(net, task.X_train, task.Y_train, optimizer=optimizers.Adam(alpha=alpha),
                                    num_iterations=steps, batch_size=batch_size, rng=seed)
    return (None if h.diverged else net), steps, h.diverged_at


def format_running_vs_batch(net: Network, X, settings: Sequence[tuple[int, int]], *, running_beta: float,
                            rng: int) -> str:
    """``running_vs_batch`` for each (batch size, steps): how far the replayed running averages leave evaluation
    outputs from training-mode outputs on the whole set."""
    _check_batch_norm_net(net)
    settings = _validate.items("settings", settings)
    rng = _validate.integer("rng", rng, low=0)
    lines = [f"{'batch size':>10} {'steps':>6} {'mean |A_eval - A_train|':>24} {'predictions changed':>20}"]
    for i, pair in enumerate(settings):
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise TypeError(f"settings[{i}] must be a (batch size, steps) tuple, got {pair!r}")
        out = running_vs_batch(net, X, batch_size=pair[0], steps=pair[1], running_beta=running_beta, layer=1, rng=rng)
        lines.append(f"{pair[0]:>10} {pair[1]:>6} {out['gap']:>24.2f} {out['changed']:>20.0%}")
    lines.append(f"running averages replayed from mean 0, variance 1 with beta = {running_beta:g} "
                 f"(parameters fixed); {net.check_X(X).shape[1]} training examples")
    return "\n".join(lines)


def batch_size_table(task: Task, batch_sizes: Sequence[int], *, seeds: Sequence[int], num_epochs: int = 10,
                     alpha: float = ALPHA) -> list[BatchSizeRow]:
    """For each batch size, with batch norm and the same number of epochs (the same examples seen, so
    ``num_epochs * ceil(m / batch_size)`` steps): the noise of mu (seed ``seeds[0]``'s initial network) and each
    seed's dev accuracy with the running averages and with the whole dev set's own mu and sigma^2."""
    m = check_task(task).m_train
    sizes = [_check_batch_size(b, m, True) for b in _validate.items("batch_sizes", batch_sizes)]
    seeds = _check_seeds(seeds)
    num_epochs = _validate.integer("num_epochs", num_epochs, low=1)
    alpha = optimizers.check_alpha(alpha)
    m_dev = task.Y_dev.shape[1]
    out = []
    for b in sizes:
        running, whole, diverged = [], [], []
        for s in seeds:
            net, steps, at = _train_bn(task, b, s, num_epochs, alpha)
            diverged.append(at)
            running.append(float("nan") if net is None else metrics.accuracy(net.predict(task.X_dev), task.Y_dev))
            whole.append(float("nan") if net is None else
                         eval_with_batch_statistics(net, task.X_dev, task.Y_dev, m_dev, rng=s)[0])
        noise = batch_mean_noise(deep_network(0.35, batch_norm=True, seed=seeds[0]), task.X_train, b, rng=seeds[0])
        out.append(BatchSizeRow(b, noise, num_epochs, num_epochs * -(-m // b), alpha, tuple(seeds), tuple(running),
                                tuple(whole), tuple(diverged)))
    return out


def _count_text(accs, threshold: float = 0.9) -> str:
    return f"{sum(a >= threshold for a in accs)} of {len(accs)}"


def _diverged_note(diverged_at) -> str:
    """" · k of n seeds diverged at iteration N (the first)" for the seeds whose run diverged, else ""."""
    at = [d for d in diverged_at if d is not None]
    return f" · {len(at)} of {len(diverged_at)} seeds {diverged_text(min(at))} (the first)" if at else ""


def format_batch_size_table(task: Task, rows) -> str:
    """``batch_size_table`` as text: per batch size, how many seeds reach 90 % dev in each evaluation mode."""
    check_task(task)
    rows = _validate.items("rows", rows)
    for i, row in enumerate(rows):
        _validate.instance(f"rows[{i}]", row, BatchSizeRow, "a BatchSizeRow (from batch_size_table)")
    lines = [f"{'batch size':>10} {'std of mu / std of Z':>21} {'Adam steps':>11} | {'running averages':>16} "
             f"{'dev set as one batch':>21}",
             f"{'':>44} | seeds reaching 90 % dev, evaluated with"]
    for r in rows:
        lines.append(f"{r.batch_size:>10} {r.noise:>21.2f} {r.steps:>11,} | {_count_text(r.dev_running):>16} "
                     f"{_count_text(r.dev_batch_stats):>21}{_diverged_note(r.diverged_at)}")
    r0 = rows[0]
    lines.append(f"the same {r0.num_epochs} epochs of {task.m_train} examples for every batch size (Adam, "
                 f"alpha = {r0.alpha:g}); seeds {', '.join(map(str, r0.seeds))}")
    lines.append("dev set as one batch: the trained network in training mode on all "
                 f"{task.Y_dev.shape[1]} dev examples at once (its own mu and sigma^2, no running averages)")
    lines.append(f"dev {halfwidth_text(task)}")
    return "\n".join(lines)


@dataclass(frozen=True)
class UlpSensitivity:
    """``ulp_sensitivity``'s result: per seed, the change of dev accuracy (NaN if either run diverged) and the
    iteration the first of the two runs diverged at (or None)."""

    changes: np.ndarray
    diverged_at: tuple


def ulp_sensitivity(task: Task, batch_size: int, *, seeds: Sequence[int], num_epochs: int = 10,
                    alpha: float = ALPHA) -> UlpSensitivity:
    """Per seed, |dev accuracy - dev accuracy of the same run with every initial weight times 1 + 2**-52| (evaluation
    mode; NaN if either run diverged, with the iteration): how chaotic training with this batch size is."""
    m = check_task(task).m_train
    batch_size = _check_batch_size(batch_size, m, True)
    seeds = _check_seeds(seeds)
    num_epochs = _validate.integer("num_epochs", num_epochs, low=1)
    alpha = optimizers.check_alpha(alpha)
    out, diverged = [], []
    for s in seeds:
        accs, at = [], []
        for nudge in (False, True):
            net, _, d = _train_bn(task, batch_size, s, num_epochs, alpha, nudge)
            accs.append(float("nan") if net is None else metrics.accuracy(net.predict(task.X_dev), task.Y_dev))
            at += [d] if d is not None else []
        out.append(abs(accs[0] - accs[1]))
        diverged.append(min(at) if at else None)
    return UlpSensitivity(np.array(out), tuple(diverged))


def format_ulp_sensitivity(batch_size: int, changes, *, points: float = 10.0) -> str:
    """Whether a 1-ulp change of the initial weights moved some seed's dev accuracy by ``points`` or more
    (``changes``: an ``UlpSensitivity``, or the changes alone); the seeds whose runs diverged are named."""
    batch_size = _validate.integer("batch_size", batch_size, low=2)
    diverged_at = changes.diverged_at if isinstance(changes, UlpSensitivity) else ()
    changes = changes.changes if isinstance(changes, UlpSensitivity) else changes
    changes = _validate.array("changes", changes, ndim=1, finite=False)
    points = _validate.real("points", points, low=0.0, low_open=True)
    moved = bool(np.nanmax(changes, initial=0.0) >= points / 100)
    return (f"batch {batch_size}: initial weights times 1 + 2**-52 (one ulp) move the dev accuracy of at least one of "
            f"{changes.size} seeds by {points:g} points or more: {'yes (chaotic)' if moved else 'no'}"
            + _diverged_note(diverged_at))


def batch_of_one(net: Network, X) -> float:
    """max |Z - mu| over the units of layer 1 when the batch is one example (the first column of X): 0, so
    Z_norm = 0 and Z_tilde = beta_bn whatever the example."""
    _check_batch_norm_net(net)
    X = net.check_X(X)
    Z = net.W[0] @ X[:, :1]
    return float(np.max(np.abs(Z - Z.mean(axis=1, keepdims=True))))


def format_batch_of_one(net: Network, X) -> str:
    """``batch_of_one`` as a sentence."""
    gap = batch_of_one(net, X)
    return (f"batch 1: max |Z - mu| over layer 1's {net.layer_sizes[1]} units = {gap:g}: Z_norm = 0, so "
            f"Z_tilde = beta_bn whatever the example (training mode refuses m = 1)")
