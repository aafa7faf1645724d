"""Mini-batch gradient descent, measured on real data (the 8x8 digits), for notebook 10.

- ``digits_task``: scikit-learn's handwritten digits, 1,500 train / 297 dev, network [64, 32, 10]
  tanh + softmax (``course2.data.digits``).
- ``run`` / ``run_progressively``: plain gradient descent (alpha = 0.1) with one batch size until
  the cost J on the WHOLE training set reaches a target (checked at ``checkpoint_iterations``, a
  grid 5 % apart) or a cap. The clock counts training only: checkpoint evaluations and the time a
  progressive run spends suspended at a yield are left out. ``sweep`` runs every batch size.
- ``epoch_seconds``: the vectorization curve, seconds per epoch against batch size (fastest of repeats), on
  the same clock as ``run`` (the training loop only), so ms/epoch x epochs matches the seconds to the target.
- ``gradient_spread``: at one parameter vector, mini-batch gradients of size b drawn many times
  around the full gradient; their root-mean-square distance to it falls as 1/sqrt(b), exactly
  sqrt(sigma^2 / b * (m - b) / (m - 1)) for batches drawn without replacement (``spread_theory``).
- ``notation_table``: ERRATA #6 with numbers (the notes' cost of mini-batch t vs the right one).

Wall-clock numbers change from run to run and machine to machine: the notebook prints them in cells
nbval does not compare, and states only ratios that a test shows with a wide margin
(``vectorization_conclusion``, ``wall_time_conclusion``).
"""

from __future__ import annotations

import math
import time
from contextlib import nullcontext
from dataclasses import dataclass, field

import numpy as np

from .. import _validate, data, minibatch, optimizers, regularization
from ..network import Network
from ..training import diverged_text, train, train_progressively
from .tasks import Task, check_task

__all__ = ["ALPHA", "BATCH_SIZES", "TARGET_COST", "GradientSpread", "MinibatchRun", "checkpoint_iterations",
           "digits_task", "epoch_seconds", "format_partition", "format_spread", "format_sweep", "format_timings",
           "gradient_point", "gradient_spread", "notation_table", "one_blas_thread", "race", "run",
           "run_progressively", "spread_slope", "spread_theory", "sweep", "vectorization_conclusion",
           "wall_time_conclusion"]

ALPHA = 0.1
TARGET_COST = 0.2
M_TRAIN = 1500
BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, M_TRAIN)
MAX_ITERATIONS = 6000
#: ``epoch_seconds`` times whole epochs totalling at least this many iterations
TIMED_ITERATIONS = 100


def one_blas_thread():
    """Context: numpy's BLAS on one thread while timing (on 2 shared cores, BLAS threads that wait
    for each other make big batches erratically slow); a no-op without threadpoolctl (imported
    lazily: this module needs numpy only)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:    # pragma: no cover - threadpoolctl is in the notebooks and test extras
        return nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def digits_task(*, m_train: int = M_TRAIN, rng) -> Task:
    """The digits (shuffled by ``rng``), the first ``m_train`` for training and the rest for dev;
    network [64, 32, 10] tanh with a softmax output, LeCun init. Notebook 10 uses rng=0."""
    m_train = _validate.integer("m_train", m_train, low=10, high=data.DIGITS_M - 10)
    X, Y = data.digits(rng=_validate.rng("rng", rng))
    return Task(X[:, :m_train].copy(), Y[:, :m_train].copy(), X[:, m_train:].copy(), Y[:, m_train:].copy(),
                (64, 32, 10), "tanh", "lecun", output="softmax",
                description=f"8x8 handwritten digits (scikit-learn), 10 classes; {m_train} train / "
                            f"{data.DIGITS_M - m_train} dev; network [64, 32, 10] tanh + softmax")


def checkpoint_iterations(limit: int) -> np.ndarray:
    """0, 1, ..., 20, then about 5 % apart up to ``limit``: where the full cost J is measured."""
    limit = _validate.integer("limit", limit, low=1)
    geometric = np.round(20 * 1.05 ** np.arange(0, math.log(max(limit, 20) / 20, 1.05) + 2))
    grid = np.unique(np.concatenate([np.arange(0, 21), geometric]).astype(np.int64))
    return grid[grid <= limit]


@dataclass
class MinibatchRun:
    """One run of gradient descent with one batch size (a snapshot when ``final`` is False).

    ``batch_cost``: J^{t} of every iteration (the cost of that mini-batch, before its step);
    ``check_*``: at the checkpoints, the iteration, the cost J on the whole training set and the
    seconds of training so far. ``reached_at``: first checkpoint iteration with J <= target.
    """

    batch_size: int
    m: int
    alpha: float
    target: float
    batch_cost: np.ndarray
    check_iteration: np.ndarray
    check_cost: np.ndarray
    check_time: np.ndarray
    reached_at: int | None = None
    diverged_at: int | None = None
    final: bool = True

    @property
    def iterations(self) -> int:
        return int(self.batch_cost.size)

    @property
    def check_epoch(self) -> np.ndarray:
        """Checkpoints in epochs (passes over the data): iteration * batch_size / m."""
        return self.check_iteration * self.batch_size / self.m

    @property
    def epochs_to_target(self) -> float | None:
        return None if self.reached_at is None else self.reached_at * self.batch_size / self.m

    @property
    def seconds_to_target(self) -> float | None:
        if self.reached_at is None:
            return None
        return float(self.check_time[np.searchsorted(self.check_iteration, self.reached_at)])

    @property
    def seconds_per_epoch(self) -> float | None:
        """Training seconds / epochs trained (None before the first checkpoint after iteration 0)."""
        if self.check_iteration.size < 2 or self.check_iteration[-1] == 0:
            return None
        return float(self.check_time[-1] / (self.check_iteration[-1] * self.batch_size / self.m))

    @property
    def rise_fraction(self) -> float:
        """Share of iterations whose mini-batch cost is above the previous iteration's."""
        c = self.batch_cost
        return float(np.mean(np.diff(c) > 0)) if c.size > 1 else 0.0

    @property
    def full_rise_fraction(self) -> float:
        """Share of checks whose cost J on all m is above the previous check's."""
        c = self.check_cost
        return float(np.mean(np.diff(c) > 0)) if c.size > 1 else 0.0

    @property
    def every_iteration(self) -> bool:
        """True if J on all m was checked after every iteration."""
        return bool(np.array_equal(self.check_iteration, np.arange(self.check_iteration.size)))


class _Clock:
    """Callback: at the checkpoints, pause the clock, measure J on the whole training set, resume;
    ask the loop to stop once J <= target."""

    def __init__(self, X, Y, checkpoints: np.ndarray, target: float):
        self.X, self.Y, self.target = X, Y, target
        self.checkpoints = set(int(i) for i in checkpoints)
        self.iteration, self.cost, self.time = [], [], []
        self.elapsed, self.resumed = 0.0, None
        self.reached_at = None

    def pause(self) -> None:
        if self.resumed is not None:
            self.elapsed += time.perf_counter() - self.resumed
            self.resumed = None

    def resume(self) -> None:
        self.resumed = time.perf_counter()

    def _measure(self, net, iteration: int) -> bool:
        self.pause()
        with np.errstate(all="ignore"):
            net.forward_unchecked(self.X)
            J = net.data_cost_unchecked(self.Y)
        self.iteration.append(iteration)
        self.cost.append(J)
        self.time.append(self.elapsed)
        reached = bool(J <= self.target)
        if reached and self.reached_at is None:
            self.reached_at = iteration
        self.resume()
        return reached

    def start(self, net) -> None:
        self._measure(net, 0)

    def __call__(self, step) -> bool:
        if step.iteration in self.checkpoints:
            return self._measure(step.net, step.iteration)
        return False


def run_progressively(task: Task, batch_size: int, *, seed: int, alpha: float = ALPHA, target: float = TARGET_COST,
                      max_iterations: int = MAX_ITERATIONS, report_every: int | None = None,
                      every_iteration: bool = False):
    """Train ``task.network(seed)`` with plain gradient descent and mini-batches of ``batch_size``
    (shuffled each epoch by a generator seeded with ``seed``) until J <= ``target`` or
    ``max_iterations``; yield a ``MinibatchRun`` every ``report_every`` iterations and a final one.
    J on the whole training set is checked at ``checkpoint_iterations`` (5 % apart), or after every
    iteration with ``every_iteration`` (exact counts; the evaluations between the steps then slow the
    timed steps down, so time the training with the grid)."""
    m = check_task(task).m_train
    batch_size = minibatch.check_batch_size(batch_size, m)
    seed = _validate.integer("seed", seed, low=0)
    alpha = optimizers.check_alpha(alpha)
    max_iterations = _validate.integer("max_iterations", max_iterations, low=1)
    target = _validate.real("target", target, low=0.0, low_open=True)
    if report_every is not None:
        report_every = _validate.integer("report_every", report_every, low=1)
    every_iteration = _validate.flag("every_iteration", every_iteration)
    return _run_progressively(task, batch_size, seed, alpha, target, max_iterations, report_every, every_iteration)


def _run_progressively(task, batch_size, seed, alpha, target, max_iterations, report_every, every_iteration=False):
    m = task.m_train
    net = task.network(seed)
    checks = np.arange(max_iterations + 1) if every_iteration else checkpoint_iterations(max_iterations)
    clock = _Clock(net.check_X(task.X_train), net.check_Y(task.Y_train, m), checks, target)
    gen = train_progressively(net, task.X_train, task.Y_train, optimizer=optimizers.GradientDescent(alpha),
                              num_iterations=max_iterations, batch_size=batch_size, rng=seed,
                              eval_every=max_iterations, callbacks=[clock], report_every=report_every)
    for history in gen:
        clock.pause()           # the time spent suspended here (drawing a partial result) is not training
        final = history.status != "completed" or history.message.startswith("completed")
        yield _snapshot(clock, history, batch_size, m, alpha, target, final=final)
        clock.resume()


def _snapshot(clock: _Clock, history, batch_size, m, alpha, target, *, final: bool) -> MinibatchRun:
    n = len(clock.iteration)
    return MinibatchRun(batch_size, m, float(alpha), float(target), np.array(history.cost, dtype=float),
                        np.array(clock.iteration[:n], dtype=np.int64), np.array(clock.cost[:n], dtype=float),
                        np.array(clock.time[:n], dtype=float), clock.reached_at, history.diverged_at, final)


def run(task: Task, batch_size: int, *, seed: int, **kwargs) -> MinibatchRun:
    """The final ``MinibatchRun`` of ``run_progressively`` (same arguments, without report_every), BLAS on one
    thread (a progressive run leaves that to its caller: the explorers' worker does it)."""
    with one_blas_thread():
        *_, last = run_progressively(task, batch_size, seed=seed, **kwargs)
    return last


def _batch_sizes(task: Task, batch_sizes) -> list[int]:
    m = check_task(task).m_train
    return [minibatch.check_batch_size(b, m) for b in _validate.items("batch_sizes", batch_sizes)]


def _runs(runs) -> dict:
    """runs must be a non-empty {batch_size: MinibatchRun} (from ``sweep``)."""
    _validate.instance("runs", runs, dict, "a dict {batch_size: MinibatchRun} (from sweep)")
    if not runs:
        raise ValueError("runs must hold at least one run, got an empty dict")
    for b, r in runs.items():
        _validate.instance(f"runs[{b!r}]", r, MinibatchRun, "a MinibatchRun (from run or sweep)")
    return runs


def sweep(task: Task, batch_sizes=BATCH_SIZES, *, seed: int, every_iteration: bool = True,
          **kwargs) -> dict[int, MinibatchRun]:
    """``run`` for every batch size, from the same initial weights, BLAS on one thread: {batch_size: MinibatchRun}.
    J on all m is checked after every iteration by default (exact iteration counts; ``race`` times)."""
    batch_sizes = _batch_sizes(task, batch_sizes)
    seed = _validate.integer("seed", seed, low=0)
    with one_blas_thread():
        return {int(b): run(task, b, seed=seed, every_iteration=every_iteration, **kwargs) for b in batch_sizes}


def format_sweep(runs: dict[int, MinibatchRun]) -> str:
    """Batch size, iterations per epoch, iterations and epochs to reach the target, how often J^{t} rose."""
    runs = _runs(runs)
    first = next(iter(runs.values()))
    checked = "after every iteration" if all(r.every_iteration for r in runs.values()) else "at iterations 5% apart"
    lines = [f"plain gradient descent, alpha = {first.alpha:g}, until J <= {first.target:g} on all m = {first.m} "
             f"training examples (J checked {checked})",
             "rose on: share of iterations whose cost is above the previous one (J^{t}: the mini-batch; J: all m)",
             f"{'batch size':>10} {'iter/epoch':>10} {'iterations':>10} {'epochs':>8} {'J^{t} rose on':>14} "
             f"{'J rose on':>10}"]
    for b, r in runs.items():
        its = "-" if r.reached_at is None else f"{r.reached_at}"
        ep = "-" if r.reached_at is None else _epochs_text(r.epochs_to_target)
        if r.diverged_at is not None:
            its, ep = f"diverged at iteration {r.diverged_at}", ""
        lines.append(f"{b:>10} {math.ceil(r.m / b):>10} {its:>10} {ep:>8} {100 * r.rise_fraction:>13.0f}% "
                     f"{100 * r.full_rise_fraction:>9.0f}%")
    return "\n".join(lines)


def _epochs_text(epochs: float) -> str:
    """Two significant digits, without an exponent (0.84, 5.3, 20, 480)."""
    return f"{epochs:.2g}" if epochs < 100 else f"{float(f'{epochs:.2g}'):.0f}"


def epoch_seconds(task: Task, batch_sizes=BATCH_SIZES, *, repeats: int = 3, seed: int,
                  alpha: float = ALPHA) -> dict[int, float]:
    """Seconds per epoch of training (shuffle, forward, backward, update for every mini-batch) from the
    same initial weights, BLAS on one thread, on the clock of ``run`` (the training loop only, over
    whole epochs totalling at least ``TIMED_ITERATIONS`` iterations): {batch_size: seconds}. The batch
    sizes are timed in turn ``repeats`` times and the fastest of each is kept (on a shared machine the
    slower ones measure the other programs)."""
    sizes = _batch_sizes(task, batch_sizes)
    repeats = _validate.integer("repeats", repeats, low=1)
    seed = _validate.integer("seed", seed, low=0)
    alpha = optimizers.check_alpha(alpha)
    best = {b: math.inf for b in sizes}
    with one_blas_thread():
        for _ in range(repeats):
            for b in sizes:
                best[b] = min(best[b], _epoch_time(task, b, seed, alpha))
    return best


def _epoch_time(task: Task, b: int, seed: int, alpha: float) -> float:
    """Seconds per epoch of the training loop, on the clock ``run`` uses (so ms/epoch x epochs matches its
    seconds to the target): whole epochs totalling at least ``TIMED_ITERATIONS`` iterations are timed and
    divided by their number (one epoch of full batch is a single step, which also pays for allocating the
    work buffers); train's argument checks and its final evaluation on all m are left out (the clock's
    checkpoint right after the last timed step stops the run before any evaluation)."""
    m = task.m_train
    per_epoch = math.ceil(m / b)
    epochs = math.ceil(TIMED_ITERATIONS / per_epoch)
    n = epochs * per_epoch
    net = task.network(seed)
    clock = _Clock(net.check_X(task.X_train), net.check_Y(task.Y_train, m), np.array([0, n]), math.inf)
    h = train(net, task.X_train, task.Y_train, optimizer=optimizers.GradientDescent(alpha), batch_size=b,
              num_iterations=n + 1, rng=seed, eval_every=10 ** 9, callbacks=[clock])
    if h.diverged:      # the time of a partial epoch is no epoch's time
        raise ValueError(f"alpha = {alpha:g} is too large: batch size {b} {diverged_text(h.diverged_at)}, "
                         f"before {epochs} epoch(s) were timed")
    return clock.time[-1] / epochs


def race(task: Task, batch_sizes=(64, M_TRAIN), *, repeats: int = 3, seed: int, **kwargs) -> dict[int, float]:
    """Seconds of training until J <= target, for each batch size: runs in turn, ``repeats`` times,
    BLAS on one thread, the fastest of each kept. {batch_size: seconds} (inf if never reached)."""
    sizes = _batch_sizes(task, batch_sizes)
    repeats = _validate.integer("repeats", repeats, low=1)
    seed = _validate.integer("seed", seed, low=0)
    best = {b: math.inf for b in sizes}
    with one_blas_thread():
        for _ in range(repeats):
            for b in best:
                t = run(task, b, seed=seed, **kwargs).seconds_to_target
                best[b] = min(best[b], math.inf if t is None else t)
    return best


def format_timings(seconds: dict[int, float], runs: dict[int, MinibatchRun] | None = None, *, m: int) -> str:
    """Milliseconds per epoch, microseconds per example and (with ``runs``) seconds to the target, the
    time per epoch times the run's epochs to the target (or "diverged at iteration N" for a run that
    diverged)."""
    seconds = _seconds("seconds", seconds)
    m = _validate.integer("m", m, low=1)
    if runs is not None:
        runs = _runs(runs)
    lines = [f"{'batch size':>10} {'ms/epoch':>9} {'us/example':>11}"
             + (f" {'s to target':>12}  (= ms/epoch x epochs to the target)" if runs else "")]
    for b, s in seconds.items():
        line = f"{b:>10} {1e3 * s:>9.1f} {1e6 * s / m:>11.2f}"
        if runs and b in runs:
            r = runs[b]
            e = r.epochs_to_target
            line += (f" {diverged_text(r.diverged_at)}" if r.diverged_at is not None
                     else f" {'-' if e is None else f'{s * e:.3f}':>12}")
        lines.append(line)
    return "\n".join(lines) + "\n(measured now, on this machine: these numbers change from run to run)"


def vectorization_conclusion(seconds: dict[int, float], *, small: int = 1, large: int = 256,
                             factor: float = 4.0) -> str:
    """The robust sentence the notebook prints: batch ``small`` is more than ``factor`` times slower
    per example than batch ``large`` (or, if that ever stops being true, by how much it is)."""
    seconds = _seconds("seconds", seconds, positive=True)
    small, large = (_key(name, v, seconds, "seconds") for name, v in (("small", small), ("large", large)))
    factor = _validate.real("factor", factor, low=0.0, low_open=True)
    ratio = seconds[small] / seconds[large]
    if ratio > factor:
        return (f"Per example, batch size {small} is more than {factor:g}x slower than batch size {large}: "
                f"the vectorization speed-up is lost.")
    return f"Per example, batch size {small} is only {ratio:.1f}x slower than batch size {large}."


def wall_time_conclusion(seconds_to_target: dict[int, float], *, mid: int = 64, full: int = M_TRAIN,
                         factor: float = 2.0) -> str:
    """The robust sentence from ``race``: batch ``mid`` reaches the target in less than 1/``factor``
    of the training time full batch needs (or, if that ever stops being true, the measured ratio)."""
    seconds_to_target = _seconds("seconds_to_target", seconds_to_target, positive=True)
    mid, full = (_key(name, v, seconds_to_target, "seconds_to_target") for name, v in (("mid", mid), ("full", full)))
    factor = _validate.real("factor", factor, low=0.0, low_open=True)
    ratio = seconds_to_target[full] / seconds_to_target[mid]
    if ratio > factor:
        return (f"Batch size {mid} reaches the target cost in less than 1/{factor:g} of the training time "
                f"full-batch gradient descent (batch size {full}) needs.")
    return f"Batch size {mid} reaches the target only {ratio:.1f}x sooner than full batch (batch size {full})."


def _seconds(name: str, seconds, *, positive: bool = False) -> dict:
    """{batch_size: seconds}, non-empty, every value a finite number >= 0 (> 0 with ``positive``)."""
    _validate.instance(name, seconds, dict, "a dict {batch_size: seconds}")
    if not seconds:
        raise ValueError(f"{name} must hold at least one batch size, got an empty dict")
    return {b: _validate.real(f"{name}[{b!r}]", s, low=0.0, low_open=positive) for b, s in seconds.items()}


def _key(name: str, value, table: dict, table_name: str):
    _validate.integer(name, value)
    if value not in table:
        raise ValueError(f"{name} must be one of the batch sizes of {table_name} ({', '.join(map(str, table))}), "
                         f"got {value!r}")
    return value


# --- the noise of a mini-batch gradient -----------------------------------------------------------------

def gradient_point(task: Task, *, seed: int, warmup_iterations: int = 20, batch_size: int = 64,
                   alpha: float = ALPHA):
    """A network at "the current parameters": ``task.network(seed)`` after ``warmup_iterations``
    mini-batch steps (``alpha``), so the cloud is looked at partway through training. A warm-up that
    diverges is refused (ValueError "... diverged at iteration N"): no gradient cloud at NaN weights."""
    batch_size = minibatch.check_batch_size(batch_size, check_task(task).m_train)
    seed = _validate.integer("seed", seed, low=0)
    warmup_iterations = _validate.integer("warmup_iterations", warmup_iterations, low=0)
    alpha = optimizers.check_alpha(alpha)
    net = task.network(seed)
    if warmup_iterations == 0:
        return net
    with one_blas_thread():
        h = train(net, task.X_train, task.Y_train, alpha=alpha, batch_size=batch_size,
                  num_iterations=warmup_iterations, rng=seed, eval_every=10 ** 9)
    if h.diverged:
        raise ValueError(f"the warm-up with alpha = {alpha:g} {diverged_text(h.diverged_at)}: take a smaller alpha")
    return net


def _gradient(net, X, Y) -> np.ndarray:
    net.forward_unchecked(X)
    net.backward_unchecked(Y)
    return net.dtheta.copy()


@dataclass
class GradientSpread:
    """Mini-batch gradients at one parameter vector, ``draws`` per batch size.

    ``full``: the full gradient (P,); ``sigma2``: mean over examples of ||g_i - g||^2;
    ``spread[b]``: root-mean-square of ||g_batch - g|| over the draws; ``cloud[b]``: (draws, 2),
    each drawn gradient projected on e1 = g / ||g|| and on e2, the direction (orthogonal to e1)
    in which single-example gradients vary most.
    """

    m: int
    full: np.ndarray
    sigma2: float
    e1: np.ndarray
    e2: np.ndarray
    spread: dict = field(default_factory=dict)
    cloud: dict = field(default_factory=dict)

    @property
    def full_norm(self) -> float:
        return float(np.linalg.norm(self.full))

    def theory(self, b) -> np.ndarray | float:
        return spread_theory(self.sigma2, b, self.m)

    def away_fraction(self, b: int) -> float:
        """Share of the drawn gradients of batch size ``b`` pointing away from the full one (g_b . g < 0)."""
        if b not in self.cloud:
            raise ValueError(f"b must be one of the batch sizes drawn ({', '.join(map(str, self.cloud))}), got {b!r}")
        return float(np.mean(self.cloud[b][:, 0] < 0))


def spread_theory(sigma2: float, b, m: int):
    """sqrt(sigma^2 / b * (m - b) / (m - 1)): the RMS distance of a mean of b examples drawn
    without replacement from the mean of all m (0 at b = m)."""
    sigma2 = _validate.real("sigma2", sigma2, low=0.0)
    m = _validate.integer("m", m, low=2)
    b = _validate.array("b", b)
    if np.any((b < 1) | (b > m)):
        raise ValueError(f"b must be batch sizes in [1, m = {m}], got {b.tolist()}")
    out = np.sqrt(sigma2 / b * (m - b) / (m - 1))
    return float(out) if out.ndim == 0 else out


def gradient_spread(net, X, Y, batch_sizes=BATCH_SIZES[:-1], *, draws: int = 200, rng) -> GradientSpread:
    """Draw ``draws`` mini-batches of every size (b examples without replacement, as one batch of a
    shuffled epoch), compute each batch's gradient with the network, and compare with the full one
    (BLAS on one thread)."""
    _validate.instance("net", net, Network)
    X = net.check_X(X)
    m = X.shape[1]
    Y = net.check_Y(Y, m)
    batch_sizes = [minibatch.check_batch_size(b, m) for b in _validate.items("batch_sizes", batch_sizes)]
    draws = _validate.integer("draws", draws, low=2)
    gen = _validate.rng("rng", rng)
    with one_blas_thread():
        return _gradient_spread(net, X, Y, batch_sizes, draws=draws, gen=gen)


def _gradient_spread(net, X, Y, batch_sizes, *, draws: int, gen) -> GradientSpread:
    m = X.shape[1]
    full = _gradient(net, X, Y)
    G = np.empty((m, full.size))
    for i in range(m):                           # per-example gradients (batch size 1)
        G[i] = _gradient(net, X[:, i:i + 1], Y[:, i:i + 1])
    R = G - full
    sigma2 = float(np.mean(np.sum(R * R, axis=1)))
    e1 = full / np.linalg.norm(full)
    R_perp = R - np.outer(R @ e1, e1)
    v = R_perp[np.argmax(np.sum(R_perp * R_perp, axis=1))].copy()   # power iteration from the largest row
    for _ in range(30):
        v = R_perp.T @ (R_perp @ v)
        v /= np.linalg.norm(v)
    result = GradientSpread(m, full, sigma2, e1, v)
    for b in batch_sizes:
        grads = np.empty((draws, full.size))
        for k in range(draws):
            idx = gen.permutation(m)[:b]
            grads[k] = _gradient(net, np.asfortranarray(X[:, idx]), np.asfortranarray(Y[:, idx]))
        result.spread[b] = float(np.sqrt(np.mean(np.sum((grads - full) ** 2, axis=1))))
        result.cloud[b] = np.column_stack([grads @ e1, grads @ v])
    return result


def spread_slope(spread: GradientSpread, *, max_batch: int = 256) -> float:
    """Least-squares slope of log(spread) against log(b) over the batch sizes up to ``max_batch``."""
    _spread(spread)
    max_batch = _validate.integer("max_batch", max_batch, low=1)
    if sum(k <= max_batch for k in spread.spread) < 2:
        raise ValueError(f"max_batch must leave at least two batch sizes of the spread "
                         f"({', '.join(map(str, spread.spread))}) to fit a slope, got {max_batch}")
    b = np.array([k for k in spread.spread if k <= max_batch], dtype=float)
    s = np.array([spread.spread[int(k)] for k in b])
    return float(np.polyfit(np.log(b), np.log(s), 1)[0])


def format_spread(spread: GradientSpread) -> str:
    """Per batch size: the measured spread, the formula's, and spread x sqrt(b) (constant if 1/sqrt(b))."""
    _spread(spread)
    lines = [f"||full gradient|| = {spread.full_norm:.2g}; per-example spread sigma = {math.sqrt(spread.sigma2):.2g}",
             f"{'batch size':>10} {'spread':>8} {'formula':>8} {'spread*sqrt(b)':>15} {'pointing away':>14}"]
    for b, s in spread.spread.items():
        lines.append(f"{b:>10} {s:>8.2g} {spread.theory(b):>8.2g} {s * math.sqrt(b):>15.2g} "
                     f"{100 * spread.away_fraction(b):>13.0f}%")
    lines.append(f"slope of log(spread) against log(b), b <= 256: {spread_slope(spread):.2f} (1/sqrt(b): -0.5)")
    lines.append("pointing away: share of the drawn mini-batch gradients g_b with g_b . g < 0 (a step along -g_b "
                 "raises J to first order)")
    return "\n".join(lines)


def _spread(spread) -> GradientSpread:
    return _validate.instance("spread", spread, GradientSpread, "a GradientSpread (from gradient_spread)")


# --- ERRATA #6 ---------------------------------------------------------------------------------------

def format_partition(m: int, batch_size: int) -> str:
    """How m examples fall into mini-batches of ``batch_size``: the last one holds m mod batch_size."""
    batch_size = minibatch.check_batch_size(batch_size, m)
    sl = minibatch.batch_slices(m, batch_size)
    full, rest = divmod(m, batch_size)
    tail = f" and 1 of {rest}" if rest else ""
    return (f"m = {m}, batch size {batch_size}: {len(sl)} mini-batches X^{{1}} ... X^{{{len(sl)}}}: "
            f"{full} of {batch_size}{tail} ({m} = {full} x {batch_size} + {rest})")


def notation_table(task: Task, *, batch_size: int = 1000, lambd: float = 1.0, seed: int) -> str:
    """The cost of mini-batch 1 (the first ``batch_size`` examples of an epoch shuffled by ``seed``)
    written the notes' way and the right way, with ``lambd`` for the L2 term."""
    batch_size = minibatch.check_batch_size(batch_size, check_task(task).m_train)
    lambd = regularization.check_lambd(lambd)
    seed = _validate.integer("seed", seed, low=0)
    net = task.network(seed)
    (Xt, Yt), *_ = minibatch.random_mini_batches(task.X_train, task.Y_train, batch_size, rng=seed)
    b = Xt.shape[1]
    net.forward(Xt)
    per_example = -np.sum(Yt * np.log(np.clip(net.forward(Xt), 1e-300, None)), axis=0)
    right = float(per_example.mean()) + regularization.penalty_cost(net.W, lambd, b, "l2")
    L = net.L
    notes = float(per_example[:L].sum() / b)
    no_penalty = float(per_example.mean())
    lines = [
        f"mini-batch t = 1: X^{{1}} has shape {Xt.shape}, Y^{{1}} {Yt.shape}; inside it layer l still uses W[l], "
        f"e.g. W[1] {net.W[0].shape}",
        f"the notes: X^[t], sum from i = 1 to l (l = {L} layers here), no penalty:   J = {notes:.4f}",
        f"mean over the {b} examples, no penalty:                          J = {no_penalty:.4f}",
        f"mean over the {b} examples + lambd/(2*{b}) * sum ||W[l]||^2 (lambd = {lambd:g}): J^{{1}} = {right:.4f}",
    ]
    return "\n".join(lines)
