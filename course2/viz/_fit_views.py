"""What the regularization explorers draw from a trained network (shared by notebooks 03-05).

``FitView`` holds the numbers of one ``course2.tasks.Fit`` that plots need (the probability
image on the boundary grid, accuracies, norms, weights, hidden pre-activations, the cost curve),
small enough to cache per slider value. ``boundary_row`` draws static small multiples.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
from matplotlib.figure import Figure

from course2.experiments import regularization as reg
from course2.experiments import tasks
from course2.training import diverged_text

from .boundary import DecisionBoundary, extent_of
from .figures import TEXT, new_figure

__all__ = ["FitView", "accuracy_text", "boundary_artists", "boundary_row", "finite_prefix", "fit_view",
           "nearest_first", "result_text", "task_extent"]


class FitView:
    """The numbers of one fit that the plots need. The cheap ones (accuracies, norms, the cost curve)
    are read at once; the probability image ``P`` (a forward pass over the whole grid), the weights
    and the hidden pre-activations ``z`` are computed on first use, so a partial result that is never
    drawn (or a panel that does not show them) costs nothing: on a CPU without AVX-512 the grid's
    tanh alone is a few ms per result."""

    def __init__(self, fit: tasks.Fit, task: tasks.Task, boundary: DecisionBoundary):
        self._net, self._X_train, self._boundary = fit.net, task.X_train, boundary
        self.train_accuracy: float = fit.train_accuracy
        self.dev_accuracy: float = fit.dev_accuracy
        self.layer_norms: np.ndarray = np.array(fit.weight_norms)      # ||W[l]||_F, l = 1..L
        self.cost: np.ndarray = np.asarray(fit.history.cost, dtype=float)   # J per iteration so far
        self.iteration: int = len(fit.history.cost)                      # iterations done
        self.diverged_at: int | None = fit.diverged_at

    @cached_property
    def P(self) -> np.ndarray:
        """(R, R) probability of class 1 on the boundary grid."""
        with np.errstate(over="ignore", invalid="ignore"):
            return self._boundary.probabilities(self._net)

    @cached_property
    def weights(self) -> np.ndarray:
        """All weights, flat."""
        return self._net.weights_vector()

    @cached_property
    def z(self) -> np.ndarray:
        """Hidden pre-activations on the training set, flat."""
        with np.errstate(over="ignore", invalid="ignore"):
            return np.concatenate([Z.ravel() for Z in reg.hidden_preactivations(self._net, self._X_train)])

    @property
    def linear_fraction(self) -> float:
        """Fraction of |z| < reg.LINEAR_THRESHOLD."""
        return float(np.mean(np.abs(self.z) < reg.LINEAR_THRESHOLD))

    @property
    def near_zero_fraction(self) -> float:
        """Fraction of |w| < reg.NEAR_ZERO."""
        return float(np.mean(np.abs(self.weights) < reg.NEAR_ZERO))

    @property
    def total_weight_norm(self) -> float:
        return float(np.sqrt(np.sum(self.layer_norms ** 2)))


RESOLUTION = 90


def task_extent(task: tasks.Task) -> tuple[float, float, float, float]:
    return extent_of(task.X_train, task.X_dev, margin=0.08)


def task_boundary(ax, task: tasks.Task, *, resolution: int = RESOLUTION, s: float = 9) -> DecisionBoundary:
    """The decision-boundary panel of an explorer that trains on ``task``: its extent, its training points."""
    boundary = DecisionBoundary(ax, task_extent(task), resolution=resolution)
    boundary.set_points(task.X_train, task.Y_train, "train", s=s)
    return boundary


def fit_view(fit: tasks.Fit, task: tasks.Task, boundary: DecisionBoundary) -> FitView:
    """The numbers of ``fit`` that the plots need (dropout off), the costly ones computed when first drawn."""
    return FitView(fit, task, boundary)


#: grid resolution of the boundary in explorers that retrain (a forward pass per partial result)


def nearest_first(values, current) -> list:
    """The other ``values`` in the order to prefetch them while idle: the two neighbours (arrow keys),
    then the two ends (Home / End: a jump there otherwise waits for a whole training run), then the
    rest by distance (in position) from ``current``."""
    values = list(values)
    i = values.index(current)
    by_distance = [j for j in sorted(range(len(values)), key=lambda j: (abs(j - i), j)) if j != i]
    first = [j for j in (i - 1, i + 1, 0, len(values) - 1) if 0 <= j < len(values) and j != i]
    order = list(dict.fromkeys(first + by_distance))
    return [values[j] for j in order]


def boundary_artists(boundary: DecisionBoundary) -> list:
    """The artists of a decision-boundary layer that change (or sit on top of one that changes)."""
    out = [boundary.image, *boundary.points.values()]
    if boundary.contour is not None:
        out.append(boundary.contour)
    return out


def accuracy_text(train_accuracy: float, dev_accuracy: float) -> str:
    return f"train {train_accuracy:.1%} · dev {dev_accuracy:.1%}"


def result_text(fit) -> str:
    """``accuracy_text`` of a fit (or FitView), or "diverged at iteration N" for one whose run diverged."""
    at = getattr(fit, "diverged_at", None)
    return accuracy_text(fit.train_accuracy, fit.dev_accuracy) if at is None else diverged_text(at)


def finite_prefix(values) -> np.ndarray:
    """``values`` up to (not including) the first non-finite one: what a curve of a diverged run draws."""
    v = np.asarray(values, dtype=float)
    bad = np.flatnonzero(~np.isfinite(v))
    return v if bad.size == 0 else v[:bad[0]]


def boundary_row(task: tasks.Task, fits, titles, *, figsize_per_panel=(3.0, 2.9), points: str = "train",
                 X_points=None, Y_points=None) -> Figure:
    """One decision-boundary panel per fit, titled; training points (or the given ones) on top.

    A fit whose run diverged gets no boundary (nothing non-finite is drawn) and "diverged at
    iteration N" in its title (added when the title does not say it already).
    """
    fits, titles = list(fits), list(titles)
    if len(fits) != len(titles) or not fits:
        raise ValueError(f"fits and titles must be non-empty and of the same length, got {len(fits)} and {len(titles)}")
    fig, axes = new_figure((figsize_per_panel[0] * len(fits), figsize_per_panel[1]), 1, len(fits), squeeze=False)
    axes = axes[0]
    extent = task_extent(task)
    Xp = task.X_train if X_points is None else X_points
    Yp = task.Y_train if Y_points is None else Y_points
    for ax, f, title in zip(axes, fits, titles):
        b = DecisionBoundary(ax, extent, resolution=100)
        at = getattr(f, "diverged_at", None)
        if at is None:
            with np.errstate(over="ignore", invalid="ignore"):
                b.set_probabilities(b.probabilities(f.net))
        else:
            b.clear()
            if diverged_text(at) not in title:
                title = f"{title}\n{diverged_text(at)}"
        b.set_points(Xp, Yp, points, s=10)
        ax.set_title(title, fontsize=TEXT)
    return fig
