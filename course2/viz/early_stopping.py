"""Notebook 05: early stopping, an iteration slider over one run (augmentation: ``course2.viz.augmentation``).

``EarlyStoppingExplorer`` trains once (``course2.experiments.early_stopping.early_stopping_run``: Adam,
2,000 iterations, parameters kept every 10) and then only looks up: the decision boundary at
the chosen iteration, train/dev error against iteration with the best-dev iteration (what early
stopping keeps) and the notes' "dev error > train error" iteration marked, and ||W||_F growing.
A patience slider marks where ``train(..., patience=p)`` stops (dotted line) and the snapshot it
restores (diamond): ``course2.early_stopping.patience_stop`` on the run's dev errors. A seed switch
shows the runs of the other seeds given (notebook 05: the ones it compares, 0, 1, 2, 4, 6;
``early_stopping_run``'s defaults with the given run's task): they are trained in a background thread
after the first picture, and the status line says "training…" until they are ready.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from course2 import _validate
from course2.early_stopping import patience_stop
from course2.experiments import early_stopping, tasks
from course2.training import diverged_text

from ._fit_views import boundary_artists, boundary_row, task_boundary
from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_row
from .registry import later, register

__all__ = ["EarlyStoppingExplorer", "early_stopping_curves", "early_stopping_figure", "error_text"]

#: the patience slider's largest value (evaluations)
PATIENCE_MAX = 60


@dataclass
class SnapshotView:
    """One slider position: the snapshot's index and boundary, and where the whole run diverged (or None:
    the snapshots of a diverged run stop before it, and every picture of it says so)."""

    index: int
    P: np.ndarray
    diverged_at: int | None
    seed: int                   # the run's (the seed switch's value)


def _run_title(run: early_stopping.EarlyStoppingRun) -> str:
    return "" if run.diverged_at is None else f"run {diverged_text(run.diverged_at)};\n"


#: the error panel's curves stay under this fraction of its height: its legend (five 12 px rows) sits above
UNDER_LEGEND = 0.5


@register("early_stopping",
          run=later(early_stopping.early_stopping_run, later(tasks.overfitting_task, rng=1), seed=0),
          seed=0, seeds=(0, 1, 2, 4, 6))
class EarlyStoppingExplorer(Explorer):
    """iteration (0 ... 2000, step 10) -> boundary, error curves and ||W||_F at that iteration; patience -> where
    ``train(..., patience=p)`` stops and which snapshot it restores; seed -> the run of another seed.

    ``run``: the run shown (notebook 05: ``early_stopping_run(overfitting_task(rng=1), seed=0)``); ``seeds``:
    the seed switch's other runs (``early_stopping_run(run.task, seed=s)``, notebook 05: 0, 1, 2, 4, 6);
    ``seed``: the switch's first value, ``run.seed`` or one of ``seeds`` (trained before the first picture)."""

    #: each change draws in ~15-60 ms; the neighbours and ends are drawn while the student looks
    render_ahead = True

    def __init__(self, run: early_stopping.EarlyStoppingRun, *, iteration: int = 0, patience: int = 20, seed: int,
                 seeds):
        _validate.instance("run", run, early_stopping.EarlyStoppingRun, "an EarlyStoppingRun")
        snapshots = [int(i) for i in run.iterations]
        iteration = _validate.integer("iteration", iteration)
        if iteration not in snapshots:
            raise ValueError(f"iteration must be one of the slider's values {snapshots[0]}, {snapshots[1]}, ..., "
                             f"{snapshots[-1]} (the snapshot iterations); got {iteration!r}")
        patience = _validate.integer("patience", patience, low=1, high=PATIENCE_MAX)
        seeds = [_validate.integer("seeds", v, low=0) for v in _validate.items("seeds", seeds)]
        options = sorted({run.seed, *seeds})
        seed = _validate.option("seed", seed, options)
        self.run = run
        self.task = self.run.task
        self._net = self.task.network(self.run.seed)
        it = self.run.iterations
        self.every = step = int(it[1] - it[0]) if it.size > 1 else 10    # a run that diverged at once keeps one
        # the runs per seed: the given one now, the others trained in a background thread after the first picture
        self.runs = {self.run.seed: self.run}
        self._ready = {v: threading.Event() for v in options}
        self._ready[self.run.seed].set()
        self._lock = threading.Lock()
        if seed != self.run.seed:                  # the first picture needs that seed's run now
            self._train(seed)
        self.shown_run = self.runs[seed]
        controls = {"iteration": widgets.IntSlider(value=iteration, min=int(it[0]), max=int(it[-1]), step=step,
                                                   description="iteration", layout=widgets.Layout(width="520px")),
                    "patience": widgets.IntSlider(value=patience, min=1, max=PATIENCE_MAX, description="patience",
                                                  layout=widgets.Layout(width="520px")),
                    "seed": widgets.ToggleButtons(options=options, value=seed, description="seed",
                                                  style={"button_width": "48px"})}
        super().__init__(controls, main="iteration", figsize=(12.5, 4.4), threaded=True, cache_size=512,
                         prefetch=False)
        self._trainer = threading.Thread(target=self._train_all, name="EarlyStoppingExplorer-seeds", daemon=True)
        self._trainer.start()

    # -- the runs of the other seeds ------------------------------------------------------------------
    def _train(self, seed: int) -> early_stopping.EarlyStoppingRun:
        with self._lock:
            if seed not in self.runs:
                self.runs[seed] = early_stopping.early_stopping_run(self.task, seed=seed, every=self.every)
                self._ready[seed].set()
        return self.runs[seed]

    def _train_all(self) -> None:
        for seed in self._ready:
            if self._closed:
                return
            try:
                self._train(seed)
            except Exception:      # shown when that seed is asked for (run_for trains it again and raises)
                return

    _closed = False

    def run_for(self, seed: int) -> early_stopping.EarlyStoppingRun:
        """The run of ``seed`` (waits for the background thread, or trains it here)."""
        if not self._ready[seed].is_set():
            self._train(seed)
        return self.runs[seed]

    def close(self) -> None:
        self._closed = True
        super().close()

    # patience changes only the marks: not part of what is computed and cached
    def key(self, state):
        return tuple(v for name, v in zip(self.controls, super().key(state)) if name != "patience")

    def setup(self, figure: Figure) -> None:
        ax_b, ax_e, ax_n = pixel_row(figure, [220, 330, 190], [66, 60], left=12, top=48)
        self.boundary = task_boundary(ax_b, self.task)
        self.ax_b = ax_b
        (self.e_train,) = ax_e.plot([], [], color="#4c72b0", lw=1.2, label="train error")
        (self.e_dev,) = ax_e.plot([], [], color="#dd8452", lw=1.2, label="dev error")
        (self.e_best,) = ax_e.plot([], [], "*", color="k", ms=11)
        (self.e_notes,) = ax_e.plot([], [], "v", color="#c44e52", ms=7)
        self.e_cursor = ax_e.axvline(0, ymax=UNDER_LEGEND, color="0.3", lw=0.8, ls="--")   # below the legend
        self.e_stop = ax_e.axvline(0, ymax=UNDER_LEGEND, color="#2ca02c", lw=1.4, ls=":")
        (self.e_restore,) = ax_e.plot([], [], "D", mfc="none", mec="#2ca02c", mew=1.5, ms=9)
        self.e_diverged = ax_e.axvline(0, ymax=UNDER_LEGEND, color="crimson", lw=1.0, visible=False)
        ax_e.set_xlabel("iteration", fontsize=TEXT)
        ax_e.set_ylabel("error (%)", fontsize=TEXT)
        self.ax_e = ax_e
        (self.n_line,) = ax_n.plot([], [], color="k", lw=1.2)
        (self.n_best,) = ax_n.plot([], [], "*", color="k", ms=11)
        (self.n_dot,) = ax_n.plot([0], [self.run.weight_norm[0]], "o", color="#c44e52", ms=6)
        ax_n.set_xlabel("iteration", fontsize=TEXT)
        ax_n.set_title("‖W‖_F = sqrt(Σ_l ‖W[l]‖_F²)", fontsize=TEXT)
        self.ax_n = ax_n
        self._drawn_run = None
        self._show_run(self.shown_run)

    def _show_run(self, run: early_stopping.EarlyStoppingRun) -> None:
        """Put one run's curves, marks, legend and limits on the panels (the static background changes)."""
        if run is self._drawn_run:
            return
        ax_e, ax_n = self.ax_e, self.ax_n
        b, n = run.best_index, run.notes_index
        self.e_train.set_data(run.iterations, 100 * run.train_error)
        self.e_dev.set_data(run.iterations, 100 * run.dev_error)
        self.e_best.set_data([run.iterations[b]], [100 * run.dev_error[b]])
        self.e_best.set_label(f"lowest dev error (it. {run.best_iteration}): keep these")
        self.e_notes.set_data(([run.iterations[n]], [100 * run.dev_error[n]]) if n is not None else ([], []))
        self.e_notes.set_label(f"notes' rule dev > train (it. {run.notes_iteration})" if n is not None else "_")
        self.e_restore.set_label("patience: stops at ⋮, restores ◇")
        ax_e.set_ylim(0, max(60.0 / 0.62 * UNDER_LEGEND, 100 * float(np.max(run.dev_error)) / UNDER_LEGEND))
        last = int(run.iterations[-1])
        if run.diverged_at is not None:
            self.e_diverged.set_xdata([run.diverged_at] * 2)
            self.e_diverged.set_visible(True)
            self.e_diverged.set_label(diverged_text(run.diverged_at))
            ax_e.set_xlim(0, max(run.diverged_at, last) * 1.05)
        else:
            self.e_diverged.set_visible(False)
            self.e_diverged.set_label("_")
            ax_e.set_xlim(0, max(last, 10) * 1.05)
        ax_e.legend(fontsize=TEXT, loc="upper right")
        self.n_line.set_data(run.iterations, run.weight_norm)
        self.n_best.set_data([run.iterations[b]], [run.weight_norm[b]])
        ax_n.set_xlim(0, max(last, 10) * 1.05)
        top = float(np.max(run.weight_norm)) if np.all(np.isfinite(run.weight_norm)) else 1.0
        ax_n.set_ylim(0, 1.08 * top)
        self._drawn_run = run
        self.invalidate_background()

    def compute(self, state: dict) -> SnapshotView:
        run = self.run_for(state["seed"])
        i = run.index_of(state["iteration"])
        net = run.net_at(i, self._net)
        with np.errstate(over="ignore", invalid="ignore"):
            P = self.boundary.probabilities(net)
        return SnapshotView(i, P, run.diverged_at, run.seed)

    def stop_and_restore(self, run: early_stopping.EarlyStoppingRun, patience: int) -> tuple[int, int]:
        """(stop iteration, restored iteration) of ``train(..., patience=patience)`` on ``run``'s dev errors."""
        stop, best = patience_stop(run.dev_error, patience)
        return int(run.iterations[stop]), int(run.iterations[best])

    def draw(self, result: SnapshotView, state: dict) -> None:
        run, i = self.runs[result.seed], result.index
        self.shown_run = run
        self._show_run(run)
        self.boundary.set_probabilities(result.P)       # (hidden if the network's outputs are not finite)
        self.ax_b.set_title(f"iteration {state['iteration']}:\n{error_text(run, i)}", fontsize=TEXT)
        self.e_cursor.set_xdata([state["iteration"]] * 2)
        stop, restore = self.stop_and_restore(run, state["patience"])
        self.e_stop.set_xdata([stop] * 2)
        j = run.index_of(restore)
        self.e_restore.set_data([restore], [100 * run.dev_error[j]])
        self.ax_e.set_title(f"seed {run.seed}: {_run_title(run)}dev {run.dev_error[i]:.1%} here;\npatience "
                            f"{state['patience']}: stops at {stop}, keeps {restore}", fontsize=TEXT)
        self.n_dot.set_data([state["iteration"]], [run.weight_norm[i]])

    def dynamic_artists(self) -> list:
        return [*boundary_artists(self.boundary), self.ax_b.title, self.e_cursor, self.e_stop, self.e_restore,
                self.ax_e.title, self.n_dot]

    def describe(self, result: SnapshotView, state: dict) -> str:
        run, i = self.runs[result.seed], result.index
        stop, restore = self.stop_and_restore(run, state["patience"])
        where = "the best-dev iteration: early stopping keeps these parameters" if i == run.best_index else (
            f"best dev error at iteration {run.best_iteration}")
        return (f"iteration = {state['iteration']} · seed {run.seed} · train error {run.train_error[i]:.1%} · "
                f"dev error {run.dev_error[i]:.1%} · ‖W‖_F = {run.weight_norm[i]:.3g} · patience {state['patience']}: "
                f"stops at {stop}, restores {restore}"
                + ("" if run.diverged_at is None else f" · the run {diverged_text(run.diverged_at)}")
                + f" · {where}")


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
    names = ["start", "lowest dev error\n(early stopping)",
             "end of training" if run.diverged_at is None else "last snapshot"]
    titles = [f"{name}: iteration {run.iterations[i]}\n"
              f"{error_text(run, i)}\n‖W‖_F {run.weight_norm[i]:.3g}"
              for name, i in zip(names, picks)]
    if run.diverged_at is not None:
        titles[-1] += f"\nthe run {diverged_text(run.diverged_at)}"
    return boundary_row(run.task, fits, titles, figsize_per_panel=(3.6, 3.4))


def early_stopping_curves(run: early_stopping.EarlyStoppingRun) -> Figure:
    """Static: train/dev error against iteration (best-dev and notes'-rule iterations marked) and ||W||_F."""
    _validate.instance("run", run, early_stopping.EarlyStoppingRun, "an EarlyStoppingRun (from early_stopping_run)")
    fig, (ax_e, ax_n) = new_figure((12, 3.8), 1, 2, width_ratios=[1.4, 1])
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
    fig.legend(*ax_e.get_legend_handles_labels(), fontsize=TEXT, ncol=2, loc="outside lower center",
               frameon=False)     # under the axes: inside, it covered the dev curve
    ax_n.plot(run.iterations, run.weight_norm, color="k")
    ax_n.plot(run.iterations[b], run.weight_norm[b], "k*", ms=11)
    ax_n.set_xlabel("iteration")
    ax_n.set_ylabel("‖W‖_F")
    for ax in (ax_e, ax_n):
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))     # 12 px iterations side by side
        if run.diverged_at is not None:
            ax.axvline(run.diverged_at, color="crimson", lw=1.0)
            ax.set_title(f"the run {diverged_text(run.diverged_at)} (the curves stop before it)", fontsize=TEXT,
                         color="crimson")
    return fig


class _SnapshotFit:
    """The one attribute ``boundary_row`` reads from a fit."""

    def __init__(self, net):
        self.net = net
