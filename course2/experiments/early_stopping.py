"""Early stopping: keep the parameters from the iteration where dev error was lowest (ERRATA #8).

One training run, with the parameters kept every ``every`` iterations (``training.Snapshots``),
is evaluated at every snapshot: train and dev error and ||W||_F = sqrt(sum_l ||W[l]||_F^2).
Early stopping picks the snapshot with the lowest dev error (the earliest one on ties); in the
training loop that is ``train(..., patience=p)``, which stops once dev error has not improved
for p evaluations and restores the best parameters (``patience_fit``).

The lecture notes' rule, "stop when dev error > train error", is a different rule: dev error
is above train error almost all the time, so it says nothing about overfitting. It is computed
here (``notes_rule_index``) only to be shown side by side with the real one.

Training starts from small weights, and each step makes them larger, so stopping early leaves
||W||_F mid-size: the same effect L2 has, tied to the optimization (the orthogonalization cost).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import _validate, metrics
from ..early_stopping import best_dev_index, notes_rule_index
from ..network import Network
from ..training import Snapshots, diverged_text
from .tasks import Fit, Task, check_task, fit

__all__ = ["EarlyStoppingRun", "RuleComparison", "compare_stopping_rules", "dev_above_train_from", "early_stopping_run",
           "format_dev_vs_train", "format_rule_comparison", "format_run", "format_weight_growth", "patience_fit",
           "weight_growth_share"]

#: learning rate and length of the early-stopping run: slow enough that dev error visibly turns
ALPHA = 0.003
NUM_ITERATIONS = 2000


@dataclass
class EarlyStoppingRun:
    """A training run evaluated at every snapshot (arrays aligned with ``iterations``, 0 first).

    When the run diverged, ``diverged_at`` is the iteration and the snapshots stop before it: only
    those whose parameters were still followed by a cost ``train`` accepted are kept (iteration 0
    always is).
    """

    task: Task
    iterations: np.ndarray
    params: list            # flat parameter vectors (``Network.get_params``), one per snapshot
    train_error: np.ndarray
    dev_error: np.ndarray
    layer_norms: np.ndarray  # (n_snapshots, L): ||W[l]||_F
    seed: int
    diverged_at: int | None = None

    @property
    def weight_norm(self) -> np.ndarray:
        """sqrt(sum_l ||W[l]||_F^2) per snapshot."""
        return np.sqrt((self.layer_norms ** 2).sum(axis=1))

    @property
    def best_index(self) -> int:
        return best_dev_index(self.dev_error)

    @property
    def best_iteration(self) -> int:
        return int(self.iterations[self.best_index])

    @property
    def notes_index(self) -> int | None:
        return notes_rule_index(self.train_error, self.dev_error)

    @property
    def notes_iteration(self) -> int | None:
        i = self.notes_index
        return None if i is None else int(self.iterations[i])

    @property
    def fraction_dev_above_train(self) -> float:
        """Fraction of snapshots where dev error > train error (why the notes' rule is no signal)."""
        return float(np.mean(self.dev_error > self.train_error))

    def index_of(self, iteration: int) -> int:
        """The snapshot taken at ``iteration`` (which must be one of ``iterations``)."""
        iteration = _validate.integer("iteration", iteration)
        hits = np.flatnonzero(self.iterations == iteration)
        if hits.size == 0:
            raise ValueError(f"iteration must be one of the snapshot iterations "
                             f"{', '.join(str(i) for i in self.iterations[:2])}, ..., {self.iterations[-1]}; "
                             f"got {iteration!r}")
        return int(hits[0])

    def net_at(self, index: int, net: Network | None = None) -> Network:
        """A network holding snapshot ``index`` (``net`` is reused when given)."""
        index = _validate.integer("index", index, low=0, high=len(self.params) - 1)
        net = self.task.network(self.seed) if net is None else _validate.instance("net", net, Network)
        net.set_params(self.params[index])
        return net


def early_stopping_run(task: Task, *, alpha: float = ALPHA, num_iterations: int = NUM_ITERATIONS, every: int = 10,
                       seed: int, **fit_kwargs) -> EarlyStoppingRun:
    """Train without regularization (Adam, full batch) keeping the parameters every ``every``
    iterations, and evaluate each snapshot (a diverged run: see ``EarlyStoppingRun``)."""
    check_task(task)
    seed = _validate.integer("seed", seed, low=0)
    snapshots = Snapshots(every=every)
    result = fit(task, alpha=alpha, num_iterations=num_iterations, seed=seed, callbacks=[snapshots], **fit_kwargs)
    at = result.diverged_at
    net = task.network(seed)
    its, params, tr, dv, norms = [], [], [], [], []
    for it, theta in zip(snapshots.iterations, snapshots.params):
        # the snapshot after step at - 1 is the one whose cost diverged at iteration ``at``
        if at is not None and it > 0 and (it + 1 >= at or not np.all(np.isfinite(theta))):
            break
        net.set_params(theta)
        its.append(it)
        params.append(theta)
        tr.append(metrics.error_rate(net.predict(task.X_train), task.Y_train))
        dv.append(metrics.error_rate(net.predict(task.X_dev), task.Y_dev))
        norms.append([float(np.linalg.norm(W)) for W in net.W])
    return EarlyStoppingRun(task, np.array(its), params, np.array(tr), np.array(dv), np.array(norms), seed, at)


def patience_fit(task: Task, *, patience: int = 20, every: int = 10, alpha: float = ALPHA,
                 num_iterations: int = NUM_ITERATIONS, seed: int, **fit_kwargs) -> Fit:
    """Early stopping inside the training loop: evaluate every ``every`` iterations, stop after
    ``patience`` evaluations without a lower dev error, restore the best parameters."""
    check_task(task)
    return fit(task, alpha=alpha, num_iterations=num_iterations, seed=seed, eval_every=every,
               patience=patience, **fit_kwargs)


@dataclass(frozen=True)
class RuleComparison:
    """Where each rule stops one run, and the dev error it keeps (``diverged_at``: the run diverged
    there, and the numbers are of its snapshots before it)."""

    seed: int
    best_iteration: int
    best_dev_error: float
    notes_iteration: int | None
    notes_dev_error: float | None
    final_dev_error: float
    fraction_dev_above_train: float
    diverged_at: int | None = None


def compare_stopping_rules(task: Task, seeds: Sequence[int], **run_kwargs) -> list[RuleComparison]:
    """``early_stopping_run`` for each seed (initial weights), both rules side by side."""
    check_task(task)
    seeds = [_validate.integer("seeds", s, low=0) for s in _validate.items("seeds", seeds)]
    out = []
    for s in seeds:
        run = early_stopping_run(task, seed=s, **run_kwargs)
        n = run.notes_index
        out.append(RuleComparison(s, run.best_iteration, float(run.dev_error[run.best_index]),
                                  run.notes_iteration, None if n is None else float(run.dev_error[n]),
                                  float(run.dev_error[-1]), run.fraction_dev_above_train, run.diverged_at))
    return out


def format_run(run: EarlyStoppingRun) -> str:
    """Key numbers of one run: the start, the best-dev snapshot, the notes' rule and the end (for a
    run that diverged, "diverged at iteration N" instead of the end's numbers)."""
    _validate.instance("run", run, EarlyStoppingRun, "an EarlyStoppingRun (from early_stopping_run)")
    rows = [("start", 0), ("lowest dev error (early stopping keeps this)", run.best_index)]
    if run.notes_index is not None:
        rows.append(("notes' rule: first dev error > train error", run.notes_index))
    rows.append(("end of training", len(run.iterations) - 1 if run.diverged_at is None else None))
    rows.sort(key=lambda row: len(run.iterations) if row[1] is None else row[1])
    width = max(len(name) for name, _ in rows)
    lines = [f"{'':{width}}  {'iteration':>9}  {'train err':>9}  {'dev err':>7}  {'||W||_F':>7}"]
    for name, i in rows:
        if i is None:
            lines.append(f"{name:{width}}  {diverged_text(run.diverged_at)}")
            continue
        lines.append(f"{name:{width}}  {run.iterations[i]:9d}  {100 * run.train_error[i]:8.1f}%  "
                     f"{100 * run.dev_error[i]:6.1f}%  {run.weight_norm[i]:7.3g}")
    lines.append(f"dev error > train error at {run.fraction_dev_above_train:.0%} of the {len(run.iterations)} "
                 f"snapshots")
    return "\n".join(lines)


def format_rule_comparison(rows: Sequence[RuleComparison]) -> str:
    """``compare_stopping_rules`` side by side: where each rule stops and the dev error it keeps
    ("diverged at iteration N" instead of the numbers of a seed whose run diverged)."""
    rows = [_validate.instance(f"rows[{i}]", r, RuleComparison)
            for i, r in enumerate(_validate.items("rows", rows, nonempty=False))]
    lines = [f"{'seed':>4}  {'best dev: iteration':>19}  {'dev err':>7}  {'notes rule: iteration':>21}  "
             f"{'dev err':>7}  {'end: dev err':>12}"]
    for r in rows:
        if r.diverged_at is not None:
            lines.append(f"{r.seed:4d}  {diverged_text(r.diverged_at)}")
            continue
        notes_it = "never" if r.notes_iteration is None else str(r.notes_iteration)
        notes_err = "-" if r.notes_dev_error is None else f"{100 * r.notes_dev_error:.1f}%"
        lines.append(f"{r.seed:4d}  {r.best_iteration:19d}  {100 * r.best_dev_error:6.1f}%  {notes_it:>21}  "
                     f"{notes_err:>7}  {100 * r.final_dev_error:11.1f}%")
    return "\n".join(lines)



# -- what the run shows, in one line each ----------------------------------------------------------
def dev_above_train_from(run: EarlyStoppingRun) -> int | None:
    """The first snapshot iteration from which dev error is above train error at every later snapshot
    (None if the last snapshot has dev error <= train error)."""
    _check_run(run)
    above = run.dev_error > run.train_error
    if not above[-1]:
        return None
    not_above = np.flatnonzero(~above)
    return int(run.iterations[0 if not_above.size == 0 else not_above[-1] + 1])


def format_dev_vs_train(run: EarlyStoppingRun) -> str:
    """When dev error is below (or equal to) train error, and from which iteration on it stays above (over
    the snapshots before a divergence, which the line then names)."""
    _check_run(run)
    above = run.dev_error > run.train_error
    start = dev_above_train_from(run)
    below = np.flatnonzero(~above)
    head = f"dev error <= train error at {below.size} of the {len(run.iterations)} snapshots"
    if below.size:
        head += f" (all between iterations {run.iterations[below[0]]} and {run.iterations[below[-1]]})"
    tail = "it ends below" if start is None else f"dev error > train error at every snapshot from iteration {start} on"
    if run.diverged_at is not None:
        tail += f"; then the run {diverged_text(run.diverged_at)}"
    return f"{head}; {tail}"


def _check_run(run) -> EarlyStoppingRun:
    return _validate.instance("run", run, EarlyStoppingRun, "an EarlyStoppingRun (from early_stopping_run)")


def weight_growth_share(run: EarlyStoppingRun) -> float:
    """How far ||W||_F has grown at the best-dev snapshot, as a share of its growth over the whole run:
    (||W||_best - ||W||_start) / (||W||_end - ||W||_start) (NaN if it did not grow at all)."""
    _check_run(run)
    n = run.weight_norm
    if n[-1] == n[0]:
        return float("nan")
    return float((n[run.best_index] - n[0]) / (n[-1] - n[0]))


def format_weight_growth(run: EarlyStoppingRun) -> str:
    """||W||_F at the start, at the best-dev snapshot and at the end, and the share of the growth done at the best
    (for a run that diverged: at its last snapshot before, and where it diverged)."""
    _check_run(run)
    n, b = run.weight_norm, run.best_index
    if run.diverged_at is not None:
        return (f"||W||_F: {n[0]:.3g} at the start, {n[b]:.3g} at the lowest dev error "
                f"(iteration {run.best_iteration}), {n[-1]:.3g} at the last snapshot (iteration {run.iterations[-1]}); "
                f"then the run {diverged_text(run.diverged_at)}")
    share = weight_growth_share(run)
    if not np.isfinite(share):
        return f"||W||_F: {n[0]:.3g} at the start and at the end: it did not grow"
    return (f"||W||_F: {n[0]:.3g} at the start, {n[b]:.3g} at the lowest dev error (iteration {run.best_iteration}), "
            f"{n[-1]:.3g} at the end: at the best snapshot it has done {share:.0%} of its growth")
