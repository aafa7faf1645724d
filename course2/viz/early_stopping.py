"""Notebook 05: early stopping, an iteration slider over one run (augmentation: ``course2.viz.augmentation``).

``EarlyStoppingExplorer`` trains once (``course2.experiments.early_stopping.early_stopping_run``: Adam,
2,000 iterations, parameters kept every 10) and then only looks up: the decision boundary at
the chosen iteration, train/dev error against iteration with the best-dev iteration (what early
stopping keeps) and the notes' "dev error > train error" iteration marked, and ||W||_F growing.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course2 import _validate
from course2.experiments import early_stopping, tasks
from course2.training import diverged_text

from ._fit_views import boundary_artists, boundary_row, task_boundary
from .explorer import Explorer
from .figures import new_figure
from .registry import register

__all__ = ["EarlyStoppingExplorer", "early_stopping_curves", "early_stopping_figure", "error_text"]

#: the seeds of notebook 05's task and of its run's initial weights
TASK_SEED, SEED = 1, 0


@dataclass
class SnapshotView:
    """One slider position: the snapshot's index and boundary, and where the whole run diverged (or None:
    the snapshots of a diverged run stop before it, and every picture of it says so)."""

    index: int
    P: np.ndarray
    diverged_at: int | None = None


def _run_title(run: early_stopping.EarlyStoppingRun) -> str:
    return "" if run.diverged_at is None else f"run {diverged_text(run.diverged_at)}; "


@register("early_stopping")
class EarlyStoppingExplorer(Explorer):
    """iteration (0 ... 2000, step 10) -> boundary, error curves and ||W||_F at that iteration."""

    #: each change draws in ~15-60 ms; the neighbours and ends are drawn while the student looks
    render_ahead = True

    def __init__(self, run: early_stopping.EarlyStoppingRun | None = None, *, iteration: int = 0):
        if run is not None:
            _validate.instance("run", run, early_stopping.EarlyStoppingRun, "an EarlyStoppingRun or None")
            snapshots = [int(i) for i in run.iterations]
        else:      # the default run's snapshots (early_stopping_run's every = 10), checked before training it
            snapshots = list(range(0, early_stopping.NUM_ITERATIONS + 1, 10))
        iteration = _validate.integer("iteration", iteration)
        if iteration not in snapshots:
            raise ValueError(f"iteration must be one of the slider's values {snapshots[0]}, {snapshots[1]}, ..., "
                             f"{snapshots[-1]} (the snapshot iterations); got {iteration!r}")
        self.run = (early_stopping.early_stopping_run(tasks.overfitting_task(rng=TASK_SEED), seed=SEED) if run is None
                    else run)
        self.task = self.run.task
        self._net = self.task.network(self.run.seed)
        it = self.run.iterations
        step = int(it[1] - it[0]) if it.size > 1 else 1     # a run that diverged at once keeps one snapshot
        controls = {"iteration": widgets.IntSlider(value=iteration, min=int(it[0]), max=int(it[-1]), step=step,
                                                   description="iteration")}
        super().__init__(controls, main="iteration", figsize=(11.5, 3.3), threaded=False, cache_size=256)

    def setup(self, figure: Figure) -> None:
        run = self.run
        gs = figure.add_gridspec(1, 3, width_ratios=[1.1, 1.4, 1.0], left=0.04, right=0.99, bottom=0.15, top=0.86,
                                 wspace=0.28)
        ax_b, ax_e, ax_n = (figure.add_subplot(gs[0, i]) for i in range(3))
        self.boundary = task_boundary(ax_b, self.task)
        self.ax_b = ax_b
        b, n = run.best_index, run.notes_index
        ax_e.plot(run.iterations, 100 * run.train_error, color="#4c72b0", lw=1.2, label="train error")
        ax_e.plot(run.iterations, 100 * run.dev_error, color="#dd8452", lw=1.2, label="dev error")
        ax_e.plot(run.iterations[b], 100 * run.dev_error[b], "*", color="k", ms=11,
                  label=f"lowest dev error (it. {run.best_iteration}): keep these")
        if n is not None:
            ax_e.plot(run.iterations[n], 100 * run.dev_error[n], "v", color="#c44e52", ms=7,
                      label=f"notes' rule dev > train (it. {run.notes_iteration})")
        self.e_cursor = ax_e.axvline(0, ymax=0.7, color="0.3", lw=0.8, ls="--")   # below the legend
        ax_e.set_xlabel("iteration", fontsize=8)
        ax_e.set_ylabel("error (%)", fontsize=8)
        ax_e.set_ylim(0, max(60.0, 100 * float(np.max(run.dev_error)) / 0.7))   # curves below the legend
        if run.diverged_at is not None:
            ax_e.axvline(run.diverged_at, ymax=0.7, color="crimson", lw=1.0, label=diverged_text(run.diverged_at))
            ax_e.set_xlim(0, max(run.diverged_at, int(run.iterations[-1])) * 1.05)
        ax_e.legend(fontsize=7, loc="upper right")
        self.ax_e = ax_e
        ax_n.plot(run.iterations, run.weight_norm, color="k", lw=1.2)
        ax_n.plot(run.iterations[b], run.weight_norm[b], "*", color="k", ms=11)
        (self.n_dot,) = ax_n.plot([0], [run.weight_norm[0]], "o", color="#c44e52", ms=6)
        ax_n.set_xlabel("iteration", fontsize=8)
        ax_n.set_title("‖W‖_F = sqrt(Σ_l ‖W[l]‖_F²)", fontsize=10)
        self.ax_n = ax_n

    def compute(self, state: dict) -> SnapshotView:
        i = self.run.index_of(state["iteration"])
        net = self.run.net_at(i, self._net)
        with np.errstate(over="ignore", invalid="ignore"):
            P = self.boundary.probabilities(net)
        return SnapshotView(i, P, self.run.diverged_at)

    def draw(self, result: SnapshotView, state: dict) -> None:
        run, i = self.run, result.index
        self.boundary.set_probabilities(result.P)       # (hidden if the network's outputs are not finite)
        self.ax_b.set_title(f"iteration {state['iteration']}: {error_text(run, i)}", fontsize=10)
        self.e_cursor.set_xdata([state["iteration"]] * 2)
        self.ax_e.set_title(f"{_run_title(run)}dev error {run.dev_error[i]:.1%} here, lowest "
                            f"{run.dev_error[run.best_index]:.1%}", fontsize=10)
        self.n_dot.set_data([state["iteration"]], [run.weight_norm[i]])

    def dynamic_artists(self) -> list:
        return [*boundary_artists(self.boundary), self.ax_b.title, self.e_cursor, self.ax_e.title, self.n_dot]

    def describe(self, result: SnapshotView, state: dict) -> str:
        run, i = self.run, result.index
        where = "the best-dev iteration: early stopping keeps these parameters" if i == run.best_index else (
            f"best dev error at iteration {run.best_iteration}")
        return (f"iteration = {state['iteration']} · train error {run.train_error[i]:.1%} · dev error "
                f"{run.dev_error[i]:.1%} · ‖W‖_F = {run.weight_norm[i]:.3g} · {where}"
                + ("" if run.diverged_at is None else f" · the run {diverged_text(run.diverged_at)}"))


def error_text(run: early_stopping.EarlyStoppingRun, i: int) -> str:
    """Snapshot i's errors, as the notebook's tables print them (error, not accuracy)."""
    _validate.instance("run", run, early_stopping.EarlyStoppingRun, "an EarlyStoppingRun (from early_stopping_run)")
    i = _validate.integer("i", i, low=0, high=len(run.iterations) - 1)
    return f"train error {run.train_error[i]:.1%} · dev error {run.dev_error[i]:.1%}"


def early_stopping_figure(run: early_stopping.EarlyStoppingRun) -> Figure:
    """Static small multiples: the boundary at iteration 0, at the best-dev iteration and at the end (for a
    run that diverged: at its last snapshot, whose title adds "the run diverged at iteration N")."""
    _validate.instance("run", run, early_stopping.EarlyStoppingRun, "an EarlyStoppingRun (from early_stopping_run)")
    picks = [0, run.best_index, len(run.iterations) - 1]
    fits = [_SnapshotFit(run.net_at(i)) for i in picks]
    names = ["start", "lowest dev error (early stopping)",
             "end of training" if run.diverged_at is None else "last snapshot"]
    titles = [f"{name}: iteration {run.iterations[i]}\n"
              f"{error_text(run, i)} · ‖W‖_F {run.weight_norm[i]:.3g}"
              for name, i in zip(names, picks)]
    if run.diverged_at is not None:
        titles[-1] += f"\nthe run {diverged_text(run.diverged_at)}"
    return boundary_row(run.task, fits, titles, figsize_per_panel=(3.6, 3.0))


def early_stopping_curves(run: early_stopping.EarlyStoppingRun) -> Figure:
    """Static: train/dev error against iteration (best-dev and notes'-rule iterations marked) and ||W||_F."""
    _validate.instance("run", run, early_stopping.EarlyStoppingRun, "an EarlyStoppingRun (from early_stopping_run)")
    fig, (ax_e, ax_n) = new_figure((10, 3.0), 1, 2, width_ratios=[1.4, 1])
    b, n = run.best_index, run.notes_index
    ax_e.plot(run.iterations, 100 * run.train_error, label="train error")
    ax_e.plot(run.iterations, 100 * run.dev_error, label="dev error")
    ax_e.plot(run.iterations[b], 100 * run.dev_error[b], "k*", ms=11,
              label=f"lowest dev error (iteration {run.iterations[b]})")
    if n is not None:
        ax_e.plot(run.iterations[n], 100 * run.dev_error[n], "v", color="#c44e52", ms=7,
                  label=f"notes' rule: dev > train (iteration {run.iterations[n]})")
    ax_e.set_xlabel("iteration")
    ax_e.set_ylabel("error (%)")
    ax_e.legend(fontsize=8)
    ax_n.plot(run.iterations, run.weight_norm, color="k")
    ax_n.plot(run.iterations[b], run.weight_norm[b], "k*", ms=11)
    ax_n.set_xlabel("iteration")
    ax_n.set_ylabel("‖W‖_F")
    for ax in (ax_e, ax_n):
        ax.grid(alpha=0.3)
        if run.diverged_at is not None:
            ax.axvline(run.diverged_at, color="crimson", lw=1.0)
            ax.set_title(f"the run {diverged_text(run.diverged_at)} (the curves stop before it)", fontsize=9,
                         color="crimson")
    return fig


class _SnapshotFit:
    """The one attribute ``boundary_row`` reads from a fit."""

    def __init__(self, net):
        self.net = net
