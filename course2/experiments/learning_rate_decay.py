"""Learning-rate decay, measured: the numbers notebook 15 shows and tests.

The schedules are ``course2.schedules`` (alpha as a function of a counter, from alpha0). What this
module adds is *which counter* the schedule is fed (``GRANULARITIES``):

    per iteration      alpha = schedule(iteration)              (a bug: the lecture decays per epoch)
    per epoch          alpha = schedule(epoch)                  (the lecture's update_lr)
    every T epochs     alpha = schedule(floor(epoch / T))       (the assignment's schedule_lr_decay for
                                                                 inverse-time decay: ``schedules.Interval``)

- ``errata_table``: inverse-time decay alpha0 / (1 + k epoch) next to exponential decay alpha0 q**epoch with
  the same first decay (q = 1 / (1 + k)): the lecture notes call the first "exponential"; it is not.
- ``course_table``: the assignment's moons task (notebook 14's) with alpha0 = 0.1 and decay_rate = 1:
  decayed every epoch, alpha collapses (alpha0 / (1 + epoch)); every T epochs it stays useful. Over seeds, with
  the mean's half-width over the seeds and the cases compared seed by seed (``paired_difference``).
- ``budget_table``: schedules of different shapes scaled to the same total sum of alpha over the run, on a
  noisy convex problem (logistic regression on notebooks 03-05's noisy moons, mini-batches of 10), over
  seeds: the shape decides how close to the minimum the run ends (the alpha it ends with sets the size of
  the mini-batch noise); dev accuracy differences inside the half-width are not ranked.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import _validate, metrics, schedules, splits, training  # noqa: F401  (splits: the half-widths)
from . import adam as nb14
from . import tasks

__all__ = ["BUDGET_SCHEDULES", "GRANULARITIES", "BudgetRow", "CourseRow", "DecayRule", "best_cost", "budget_table",
           "budget_task", "course_table", "decay_fit", "errata_table", "format_budget_table", "format_course_table",
           "format_errata_table", "make_rule", "paired_difference", "scaled_alpha0"]

GRANULARITIES = ("per iteration", "per epoch", "every T epochs")


class DecayRule:
    """A schedule fed one counter: ``rule.alpha(iteration, epoch)`` (both from 0) is the learning rate of an
    iteration. ``granularity`` is one of ``GRANULARITIES``; ``interval`` is T for "every T epochs"."""

    def __init__(self, schedule: schedules.Schedule, granularity: str = "per epoch", interval: int = 1):
        self.schedule = _validate.instance("schedule", schedule, schedules.Schedule,
                                           "a course2.schedules schedule (make_schedule(...))")
        self.granularity = _validate.choice("granularity", granularity, GRANULARITIES)
        self.interval = _validate.integer("interval", interval, low=1)

    def counter(self, iteration: int, epoch: int) -> int:
        if self.granularity == "per iteration":
            return iteration
        return epoch if self.granularity == "per epoch" else epoch // self.interval

    def alpha(self, iteration: int, epoch: int) -> float:
        return self.schedule(self.counter(iteration, epoch))

    def __repr__(self) -> str:
        tail = f", interval={self.interval}" if self.granularity == "every T epochs" else ""
        return f"DecayRule({self.schedule!r}, {self.granularity!r}{tail})"


def make_rule(name: str, alpha0: float, decay_rate: float = 1.0, granularity: str = "per epoch", interval: int = 1,
              *, step_size: int = 10) -> DecayRule:
    """A ``DecayRule`` from one decay_rate for every schedule: inverse_time and interval use it as is,
    exponential and staircase use q = 1 / (1 + decay_rate) (the same first decay as inverse time),
    inverse_sqrt and constant ignore it."""
    _validate.choice("name", name, schedules.SCHEDULES)
    decay_rate = _validate.real("decay_rate", decay_rate, low=0.0)
    step_size = _validate.integer("step_size", step_size, low=1)
    q = 1.0 / (1.0 + decay_rate)
    kw = {"inverse_time": {"decay_rate": decay_rate}, "interval": {"decay_rate": decay_rate, "time_interval": 1},
          "exponential": {"k": q}, "staircase": {"k": q, "step_size": step_size}}.get(name, {})
    return DecayRule(schedules.make_schedule(name, alpha0, **kw), granularity, interval)


class _SetAlpha:
    """Training callback: after iteration i (from 1) set the optimizer's alpha for the next iteration."""

    def __init__(self, rule: DecayRule, optimizer, per_epoch: int):
        self.rule, self.optimizer, self.per_epoch = rule, optimizer, per_epoch

    def __call__(self, step) -> None:
        nxt = step.iteration                     # the next iteration's index, from 0
        self.optimizer.alpha = self.rule.alpha(nxt, nxt // self.per_epoch)


def decay_fit(task: tasks.Task, rule: DecayRule, *, optimizer: str = "gd", epochs: int, batch_size: int, seed: int,
              report_every: int | None = None, beta1: float = 0.9):
    """Train ``task.network(seed)`` with mini-batches (shuffled from ``seed``), alpha from ``rule`` at every
    iteration. Yields (net, history) every ``report_every`` iterations and at the end (``report_every``
    None: only at the end). ``history.alpha`` holds the alpha of every iteration."""
    task = tasks.check_task(task)
    _validate.instance("rule", rule, DecayRule, "a DecayRule (make_rule(...))")
    _validate.choice("optimizer", optimizer, ("gd", "momentum", "adam"))
    epochs = _validate.integer("epochs", epochs, low=1)
    seed = _validate.integer("seed", seed, low=0)
    m = task.m_train
    batch_size = _validate.integer("batch_size", batch_size, low=1, high=m)
    per_epoch = math.ceil(m / batch_size)
    opt = nb14.make_optimizer(optimizer, rule.alpha(0, 0), beta1)
    net = task.network(seed)
    runs = training.train_progressively(net, task.X_train, task.Y_train, optimizer=opt, num_epochs=epochs,
                                        batch_size=batch_size, rng=np.random.default_rng([seed, 15]),
                                        eval_every=epochs * per_epoch, callbacks=[_SetAlpha(rule, opt, per_epoch)],
                                        report_every=report_every)
    return ((net, history) for history in runs)     # a generator made after the checks: bad arguments raise here


def _final(task, rule, **kw):
    *_, (net, history) = decay_fit(task, rule, **kw)
    return net, history


# -- the errata: inverse time is not exponential -------------------------------------------------------
def errata_table(alpha0: float = 0.1, decay_rate: float = 1.0,
                 epochs: Sequence[int] = (0, 1, 2, 5, 10, 100, 1000)) -> list[tuple[int, float, float]]:
    """(epoch, inverse-time alpha, exponential alpha with q = 1 / (1 + decay_rate)) per epoch."""
    inv = make_rule("inverse_time", alpha0, decay_rate).schedule
    exp = make_rule("exponential", alpha0, decay_rate).schedule
    epochs = [_validate.integer("epoch", e, low=0) for e in _validate.items("epochs", epochs)]
    return [(e, inv(e), exp(e)) for e in epochs]


def format_errata_table(alpha0: float = 0.1, decay_rate: float = 1.0,
                        epochs: Sequence[int] = (0, 1, 2, 5, 10, 100, 1000)) -> str:
    rows = errata_table(alpha0, decay_rate, epochs)
    q = 1 / (1 + decay_rate)
    lines = [f"alpha0 = {alpha0:g}, decay_rate = {decay_rate:g}",
             f"{'epoch':>6}  {'alpha0 / (1 + k epoch)':>22}  {f'alpha0 * {q:.3g}**epoch':>22}  {'ratio':>9}",
             f"{'':>6}  {'inverse time (lecture)':>22}  {'exponential':>22}"]
    for e, a, b in rows:
        lines.append(f"{e:6d}  {a:22.3g}  {b:22.3g}  {a / b:9.3g}")
    return "\n".join(lines)


# -- the course's table ----------------------------------------------------------------------------------
#: the course setup, shortened from 5,000 epochs and T = 1,000: 400 epochs and T = 100 keep its shape (decayed
#: every epoch alpha ends at alpha0 / 400, every T epochs at alpha0 / 4)
COURSE_EPOCHS = 400
COURSE_INTERVAL = 100
COURSE_ALPHA0 = {"gd": 0.1, "momentum": 0.1, "adam": 0.01}
COURSE_CASES = (("gd", "per iteration"), ("gd", "per epoch"), ("gd", "every T epochs"),
                ("momentum", "every T epochs"), ("adam", "every T epochs"), ("gd", "constant"))


@dataclass(frozen=True)
class CourseRow:
    optimizer: str
    granularity: str            # one of GRANULARITIES, or "constant" (no decay)
    alpha0: float
    final_alpha: float
    dev_accuracy: tuple         # per seed
    diverged_at: tuple

    @property
    def mean_dev(self) -> float:
        return float(np.mean(self.dev_accuracy))


def course_table(seeds: Sequence[int], *, epochs: int = COURSE_EPOCHS, interval: int = COURSE_INTERVAL,
                 cases=COURSE_CASES, decay_rate: float = 1.0, alpha0: dict | None = None) -> list[CourseRow]:
    """The assignment's moons (``adam.moons_task``), inverse-time decay with ``decay_rate``, mini-batches of 64:
    each (optimizer, granularity) of ``cases`` over the seeds (notebook 15: 0-4)."""
    seeds = [_validate.integer("seed", s, low=0) for s in _validate.items("seeds", seeds)]
    a0 = dict(COURSE_ALPHA0 if alpha0 is None else alpha0)
    rows = []
    for optimizer, granularity in cases:
        if granularity == "constant":
            rule = make_rule("constant", a0[optimizer])
        else:
            rule = make_rule("inverse_time", a0[optimizer], decay_rate, granularity, interval)
        dev, div, last = [], [], float("nan")
        for s in seeds:
            task = nb14.moons_task(s)
            net, h = _final(task, rule, optimizer=optimizer, epochs=epochs, batch_size=nb14.MOONS_BATCH, seed=s)
            div.append(h.diverged_at)
            dev.append(float("nan") if h.diverged_at is not None else metrics.network_accuracy(net, task.X_dev,
                                                                                              task.Y_dev))
            last = h.alpha[-1]
        rows.append(CourseRow(optimizer, granularity, a0[optimizer], float(last), tuple(dev), tuple(div)))
    return rows


def _dev_cells(row) -> list[str]:
    return ["div." if d is not None else f"{a:.0%}" for a, d in zip(row.dev_accuracy, row.diverged_at)]


def _case(row: CourseRow) -> str:
    return f"{nb14.LABELS[row.optimizer]}, {'never' if row.granularity == 'constant' else row.granularity}"


#: the paired differences ``format_course_table`` prints (optimizer, granularity) - (optimizer, granularity)
COURSE_DIFFERENCES = ((("gd", "per epoch"), ("gd", "per iteration")),
                      (("gd", "every T epochs"), ("gd", "per epoch")),
                      (("gd", "constant"), ("gd", "every T epochs")))


def paired_difference(a: CourseRow, b: CourseRow) -> tuple[list[int], float, float]:
    """Seed by seed, dev examples right under ``a`` minus under ``b`` (the same seeds: the same data, initial weights
    and mini-batch order), their mean and its 95 % half-width over the seeds (Student's t)."""
    _validate.instance("a", a, CourseRow, "a CourseRow (from course_table)")
    _validate.instance("b", b, CourseRow, "a CourseRow (from course_table)")
    if len(a.dev_accuracy) != len(b.dev_accuracy) or len(a.dev_accuracy) < 2:
        raise ValueError(f"a and b must hold the same seeds, at least 2, got {len(a.dev_accuracy)} and "
                         f"{len(b.dev_accuracy)}")
    m = nb14.MOONS_DEV
    d = [round(m * x) - round(m * y) for x, y in zip(a.dev_accuracy, b.dev_accuracy)]
    return d, float(np.mean(d)), m * splits.mean_confidence_halfwidth(np.array(d) / m)


def format_course_table(rows: Sequence[CourseRow], *, epochs: int = COURSE_EPOCHS,
                        interval: int = COURSE_INTERVAL) -> str:
    """Per case: alpha0, alpha at the end, the dev accuracy per seed, its mean with two 95 % half-widths (over the
    seeds, and one run's dev set); then the paired differences of ``COURSE_DIFFERENCES`` (when the rows hold them)."""
    rows = _validate.items("rows", rows)
    for i, r in enumerate(rows):
        _validate.instance(f"rows[{i}]", r, CourseRow, "a CourseRow (from course_table)")
    n = len(rows[0].dev_accuracy)
    lines = [f"moons (notebook 14's), mini-batches of 64, {epochs} epochs, alpha = alpha0 / (1 + 1 * counter); "
             f"T = {interval}; {n} seeds, dev set of {nb14.MOONS_DEV}",
             "(the assignment, 5,000 epochs: decayed every epoch 65.3%; every 1,000 epochs: GD 94.3%, momentum 95.3%, "
             "Adam 94.0%)",
             f"95% half-widths: '± seeds' of the mean over the {n} seeds (t, {n - 1} degrees of freedom); "
             f"'± dev set' of one run on {nb14.MOONS_DEV} dev examples",
             f"{'optimizer':<17}  {'alpha decayed':<15}  {'alpha0':>6}  {'alpha at the end':>16}  "
             f"{'dev accuracy per seed':<{6 * n}}  {'mean':>5}  {'± seeds':>7}  {'± dev set':>9}"]
    for r in rows:
        cells = _dev_cells(r)
        head = (f"{nb14.LABELS[r.optimizer]:<17}  {r.granularity if r.granularity != 'constant' else 'never':<15}  "
                f"{r.alpha0:6g}  ")
        if any(d is not None for d in r.diverged_at):
            first = min(d for d in r.diverged_at if d is not None)
            lines.append(head + f"{'':>16}  {' '.join(f'{c:>5}' for c in cells):<{6 * n}}  "
                         f"{training.diverged_text(first)}")
            continue
        hw = nb14.dev_halfwidth(r.mean_dev)
        hs = f"± {splits.mean_confidence_halfwidth(r.dev_accuracy):.0%}" if n > 1 else ""
        lines.append(head + f"{r.final_alpha:16.2g}  {' '.join(f'{c:>5}' for c in cells):<{6 * n}}  "
                     f"{r.mean_dev:5.0%}  {hs:>7}  {f'± {hw:.0%}':>9}")
    by = {(r.optimizer, r.granularity): r for r in rows}
    pairs = [(by[a], by[b]) for a, b in COURSE_DIFFERENCES if a in by and b in by
             and not any(d is not None for d in by[a].diverged_at + by[b].diverged_at)]
    if n > 1 and pairs:
        lines.append(f"paired, seed by seed: dev examples of {nb14.MOONS_DEV} right, one case minus another; "
                     f"mean ± seeds")
        for a, b in pairs:
            d, mean, hw = paired_difference(a, b)
            label = f"{_case(a)} - {b.granularity if b.granularity != 'constant' else 'never'}"
            lines.append(f"{label:<60}  {' '.join(f'{x:>5d}' for x in d)}  {mean:5.0f} ± {hw:.0f}")
    return "\n".join(lines)


# -- the same budget, different shapes ---------------------------------------------------------------------
BUDGET_SCHEDULES = ("constant", "inverse_time", "exponential", "staircase", "inverse_sqrt")
BUDGET_EPOCHS = 50
BUDGET_BATCH = 10
#: the mean alpha of every run: sum over iterations of alpha = BUDGET_MEAN_ALPHA * iterations
BUDGET_MEAN_ALPHA = 3.0
BUDGET_DECAY = 0.2


def budget_task(*, rng) -> tasks.Task:
    """Logistic regression (a network with no hidden layer, so a convex cost) on noisy moons drawn by ``rng``
    (notebook 15: rng=1, the moons of notebooks 03-05): 10 % of the labels flipped, 200 train / 400 dev. Convex:
    every run ends near the one minimum, so what differs between schedules is how close, not which minimum (and
    no run is chaotic)."""
    return tasks.overfitting_task(rng=rng, layer_sizes=(2, 1))


def best_cost(task: tasks.Task, *, iterations: int = 5000, alpha: float = 2.0) -> float:
    """The minimum of a budget task's training cost (``budget_task``: convex), by full-batch gradient descent from
    the task's seed-0 initial weights (convex: any start reaches the same minimum)."""
    task = tasks.check_task(task)
    iterations = _validate.integer("iterations", iterations, low=1)
    alpha = _validate.real("alpha", alpha, low=0.0, low_open=True)
    net = task.network(0)
    training.train(net, task.X_train, task.Y_train, alpha=alpha, num_iterations=iterations)
    return tasks.data_cost(net, task.X_train, task.Y_train)


def _shape_rule(name: str, alpha0: float, decay_rate: float, epochs: int) -> DecayRule:
    return make_rule(name, alpha0, decay_rate, "per epoch", step_size=max(1, epochs // 4))


def scaled_alpha0(name: str, *, mean_alpha: float = BUDGET_MEAN_ALPHA, decay_rate: float = BUDGET_DECAY,
                  epochs: int = BUDGET_EPOCHS) -> float:
    """alpha0 that gives ``name`` (decayed per epoch) a mean alpha over ``epochs`` epochs of ``mean_alpha``
    (staircase: 4 steps over the run)."""
    mean_alpha = _validate.real("mean_alpha", mean_alpha, low=0.0, low_open=True)
    epochs = _validate.integer("epochs", epochs, low=1)
    unit = _shape_rule(name, 1.0, decay_rate, epochs).schedule
    return mean_alpha * epochs / sum(unit(e) for e in range(epochs))


@dataclass(frozen=True)
class BudgetRow:
    schedule: str
    alpha0: float
    final_alpha: float
    train_cost: tuple           # per seed: cross-entropy on the whole training set at the end
    dev_accuracy: tuple
    diverged_at: tuple

    @property
    def mean_cost(self) -> float:
        return float(np.mean(self.train_cost))

    @property
    def mean_dev(self) -> float:
        return float(np.mean(self.dev_accuracy))


def budget_table(task: tasks.Task, seeds: Sequence[int], *, names: Sequence[str] = BUDGET_SCHEDULES,
                 mean_alpha: float = BUDGET_MEAN_ALPHA, decay_rate: float = BUDGET_DECAY,
                 epochs: int = BUDGET_EPOCHS) -> list[BudgetRow]:
    """Every schedule of ``names`` scaled to the same sum of alpha, gradient descent with mini-batches of 10 on
    ``task`` (notebook 15: ``budget_task(rng=1)``), over the seeds (initial weights and mini-batch order;
    notebook 15: 0-4)."""
    task = tasks.check_task(task)
    seeds = [_validate.integer("seed", s, low=0) for s in _validate.items("seeds", seeds)]
    rows = []
    for name in _validate.items("names", names):
        a0 = scaled_alpha0(name, mean_alpha=mean_alpha, decay_rate=decay_rate, epochs=epochs)
        rule = _shape_rule(name, a0, decay_rate, epochs)
        cost, dev, div, last = [], [], [], float("nan")
        for s in seeds:
            net, h = _final(task, rule, epochs=epochs, batch_size=BUDGET_BATCH, seed=s)
            div.append(h.diverged_at)
            ok = h.diverged_at is None
            cost.append(tasks.data_cost(net, task.X_train, task.Y_train) if ok else float("nan"))
            dev.append(metrics.network_accuracy(net, task.X_dev, task.Y_dev) if ok else float("nan"))
            last = h.alpha[-1]
        rows.append(BudgetRow(name, a0, float(last), tuple(cost), tuple(dev), tuple(div)))
    return rows


def format_budget_table(rows: Sequence[BudgetRow], task: tasks.Task, *, mean_alpha: float = BUDGET_MEAN_ALPHA,
                        decay_rate: float = BUDGET_DECAY, epochs: int = BUDGET_EPOCHS) -> str:
    """Per schedule: alpha0, alpha at the end, the training cost above the minimum of ``task`` (the rows' task;
    x 1000: mean and range over the seeds) and the dev accuracy with two 95 % half-widths (over the seeds, and one
    run's dev set). The header gives the decay rate and the staircase's step (``budget_table``'s)."""
    task = tasks.check_task(task)
    rows = _validate.items("rows", rows)
    for i, r in enumerate(rows):
        _validate.instance(f"rows[{i}]", r, BudgetRow, "a BudgetRow (from budget_table)")
    decay_rate = _validate.real("decay_rate", decay_rate, low=0.0)
    epochs = _validate.integer("epochs", epochs, low=1)
    n = len(rows[0].dev_accuracy)
    m_dev = task.Y_dev.shape[1]
    best = best_cost(task)
    step = _shape_rule("staircase", 1.0, decay_rate, epochs).schedule.step_size
    lines = [f"logistic regression on noisy moons (10% labels flipped, 200 train / {m_dev} dev), gradient descent, "
             f"mini-batches of {BUDGET_BATCH}, {epochs} epochs;",
             f"decayed per epoch with decay rate {decay_rate:g} (exponential and staircase: "
             f"q = 1 / {1 + decay_rate:g}; the staircase drops every {step} epochs; inverse_sqrt has no rate);",
             f"every schedule scaled to the same budget: mean alpha {mean_alpha:g} (the same sum of alpha); {n} seeds; "
             f"cost above the minimum {best:.4f}, x 1000",
             f"{'schedule':<13}  {'alpha0':>6}  {'alpha at end':>12}  {'excess cost: mean':>17}  {'min-max':>11}  "
             f"{'dev accuracy: mean':>18}  {'± seeds':>7}  {'± dev set':>9}"]
    for r in rows:
        if any(d is not None for d in r.diverged_at):
            first = min(d for d in r.diverged_at if d is not None)
            lines.append(f"{r.schedule:<13}  {r.alpha0:6.3g}  {training.diverged_text(first)}")
            continue
        hw = splits.error_confidence_halfwidth(1 - r.mean_dev, m_dev)
        hs = f"± {splits.mean_confidence_halfwidth(r.dev_accuracy):.0%}" if n > 1 else ""
        ex = np.maximum(1000 * (np.array(r.train_cost) - best), 0.0)       # never "-0.0"
        lines.append(f"{r.schedule:<13}  {r.alpha0:6.3g}  {r.final_alpha:12.2g}  {ex.mean():17.1f}  "
                     f"{f'{ex.min():.1f}-{ex.max():.1f}':>11}  {r.mean_dev:18.0%}  {hs:>7}  {f'± {hw:.0%}':>9}")
    return "\n".join(lines)
