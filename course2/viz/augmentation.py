"""Notebook 05: data augmentation, an amount slider.

``AugmentationExplorer`` retrains on a tiny noisy circles set
(``course2.experiments.tasks.augmentation_task``) plus ``copies`` rotated/reflected copies of every
point (labels unchanged by those transformations) and shows the boundary, the augmented points and
dev error against the number of copies (``course2.experiments.augmentation``).
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course2 import _validate, augmentation
from course2.experiments import augmentation as aug
from course2.experiments import tasks
from course2.training import diverged_text

from ._fit_views import RESOLUTION, boundary_artists, boundary_row, nearest_first
from .boundary import DecisionBoundary, extent_of
from .explorer import Explorer
from .figures import TEXT, pixel_row
from .registry import later, register

__all__ = ["AugmentationExplorer", "augmentation_figure"]

COPIES = (0, 1, 2, 4, 8)


@dataclass
class AugmentedView:
    """What the explorer draws for one number of copies (``P`` is None when the run diverged)."""

    P: np.ndarray | None
    X: np.ndarray               # the augmented training set (originals first)
    Y: np.ndarray
    dev_error: float
    train_error: float          # on the original points
    m: int
    diverged_at: int | None = None


@register("augmentation", task=later(tasks.augmentation_task, rng=0), seed=0)
class AugmentationExplorer(Explorer):
    """copies (0, 1, 2, 4, 8 rotated/reflected copies per point) -> retrain, boundary, dev error. ``task``: the
    data and layers (notebook 05: ``augmentation_task(rng=0)``); ``sweep`` (optional): the mean dev error per
    number of copies, drawn grey; ``seed``: the copies' rotations and every run's initial weights (notebook 05: 0)."""

    #: the pictures of prefetched neighbours are drawn while idle: a key press publishes them at once
    render_ahead = True

    def __init__(self, task: tasks.Task, sweep: aug.AugmentationSweep | None = None, *,
                 copies: int = 0, seed: int, num_iterations: int = 800, alpha: float | None = None):
        tasks.check_task(task)
        if sweep is not None:
            _validate.instance("sweep", sweep, aug.AugmentationSweep, "an AugmentationSweep or None")
        copies = _validate.option("copies", copies, COPIES)
        seed = _validate.integer("seed", seed, low=0)
        num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
        self.task = task
        self.sweep = sweep
        self.seed, self.num_iterations, self.alpha = seed, num_iterations, alpha
        controls = {"copies": widgets.SelectionSlider(options=list(COPIES), value=copies, description="copies",
                                                       layout=widgets.Layout(width="520px"))}
        super().__init__(controls, main="copies", figsize=(10.5, 4.0), threaded=True)

    def setup(self, figure: Figure) -> None:
        ax_b, ax_e = pixel_row(figure, [220, 420], [86], left=12, top=48)
        self.boundary = DecisionBoundary(ax_b, extent_of(self.task.X_dev, margin=0.05), resolution=RESOLUTION)
        self.boundary.set_points(self.task.X_train[:, :0], self.task.Y_train[:, :0], "augmented", s=5, alpha=0.45,
                                 linewidths=0)
        self.boundary.set_points(self.task.X_train, self.task.Y_train, "train", s=30, linewidths=0.9)
        ax_b.set_aspect("equal")
        self.ax_b = ax_b
        if self.sweep is not None:     # runs that diverged have nan errors: left out
            s = self.sweep
            for row in s.dev_error_per_seed:
                ok = np.isfinite(row)
                ax_e.plot(s.copies[ok], 100 * row[ok], ".", color="0.6", ms=5)
            ok = np.isfinite(s.dev_error)
            diverged = [f"{c}: {diverged_text(at)}" for c, at in zip(s.copies, s.diverged_at) if at is not None]
            ax_e.plot(s.copies[ok], 100 * s.dev_error[ok], "-", color="0.4", lw=1.2,
                      label=f"mean over seeds {', '.join(map(str, s.seeds))}"
                      + (f" (copies {'; '.join(diverged)})" if diverged else ""))
        (self.e_dot,) = ax_e.plot([0], [0], "o", color="#c44e52", ms=9, label=f"this run (seed {self.seed})")
        ax_e.set_xticks(COPIES)
        ax_e.set_xlabel("augmented copies per training point", fontsize=TEXT)
        ax_e.set_ylabel("dev error (%)", fontsize=TEXT)
        ax_e.set_ylim(0, 50)
        ax_e.legend(fontsize=TEXT, loc="upper right")
        ax_e.grid(alpha=0.3)
        self.ax_e = ax_e

    def prefetch_states(self, state: dict) -> list[dict]:
        """While idle: every other number of copies, nearest first."""
        return [{"copies": c} for c in nearest_first(COPIES, state["copies"])]

    def compute(self, state: dict):
        copies = state["copies"]
        X, Y = augmentation.augment(self.task.X_train, self.task.Y_train, copies=copies, max_angle=180.0,
                                    reflect="both", rng=self.seed)
        f = aug.augmented_fit(self.task, copies, seed=self.seed, num_iterations=self.num_iterations, alpha=self.alpha)
        P = None if f.diverged_at is not None else self.boundary.probabilities(f.net)
        return AugmentedView(P, X, Y, 1 - f.dev_accuracy, 1 - f.train_accuracy, X.shape[1], f.diverged_at)

    def draw(self, result: AugmentedView, state: dict) -> None:
        m0 = self.task.m_train
        self.boundary.set_points(result.X[:, m0:], result.Y[:, m0:], "augmented")
        if result.diverged_at is not None:
            self.boundary.clear()
            self.ax_b.set_title(f"{state['copies']} copies:\n{diverged_text(result.diverged_at)}", fontsize=TEXT)
            self.e_dot.set_visible(False)
            self.ax_e.set_title(f"{state['copies']} copies:\n{diverged_text(result.diverged_at)}", fontsize=TEXT)
            return
        self.boundary.set_probabilities(result.P)
        self.ax_b.set_title(f"{state['copies']} copies: {result.m} training points", fontsize=TEXT)
        self.e_dot.set_visible(True)
        self.e_dot.set_data([state["copies"]], [100 * result.dev_error])
        self.ax_e.set_title(f"dev error {result.dev_error:.1%} with {state['copies']} copies", fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [*boundary_artists(self.boundary), self.ax_b.title, self.e_dot, self.ax_e.title]

    def describe(self, result: AugmentedView, state: dict) -> str:
        if result.diverged_at is not None:
            return f"copies = {state['copies']} · {result.m} training points · {diverged_text(result.diverged_at)}"
        return (f"copies = {state['copies']} · {result.m} training points · train error "
                f"{result.train_error:.1%} (original points) · dev error {result.dev_error:.1%}")


def augmentation_figure(task: tasks.Task, sweep: aug.AugmentationSweep, copies=(0, 2, 8), *,
                        seed: int, **fit_kwargs) -> Figure:
    """Static small multiples: boundaries with 0, 2, 8 copies (seed ``seed``), dev error (or "diverged at
    iteration N") in the titles; ``fit_kwargs`` go to ``augmented_fit``."""
    tasks.check_task(task)
    _validate.instance("sweep", sweep, aug.AugmentationSweep, "an AugmentationSweep (from augmentation_sweep)")
    copies = [_validate.integer("copies", c, low=0) for c in _validate.items("copies", copies)]
    seed = _validate.integer("seed", seed, low=0)
    fits = [aug.augmented_fit(task, c, seed=seed, **fit_kwargs) for c in copies]
    titles = [f"{c} copies ({task.m_train * (c + 1)} points)\n"
              + (f"dev error {1 - f.dev_accuracy:.1%}" if f.diverged_at is None else diverged_text(f.diverged_at))
              for c, f in zip(copies, fits)]
    return boundary_row(task, fits, titles, figsize_per_panel=(3.0, 3.0))
