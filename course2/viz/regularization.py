"""Notebook 03: L2 / L1 regularization. A lambda slider (0 and a log scale), an L2/L1 switch and a
tanh/ReLU switch (the hidden activation).

``RegularizationExplorer`` retrains the notebook's network (``experiments.overfitting_task``,
Adam, 1,000 iterations) for each (lambda, penalty, activation) and shows, left to right:

    the decision boundary | ||W[l]||_F per layer | a histogram of the weights | a histogram of the
    hidden pre-activations z, with the band |z| < 0.5 where tanh(z) ~ z shaded (ReLU: the side
    z > 0 where ReLU(z) = z, and the share of active z)

and below them train and dev accuracy against lambda, the current lambda marked. The curve's points
are the fits already trained and cached (while idle the explorer trains every lambda of the current
penalty and activation, nearest first); a lambda not trained yet is not drawn, and the status line
says how many are missing.

L1 is the subgradient form here (what adding lambd/2m * sum|w| to a framework's loss does): weights
pile up *near* zero (|w| < 0.01 is counted) rather than exactly at it; exact zeros need the
soft-thresholding step, shown in the notebook with plain gradient descent.
"""

from __future__ import annotations

import dataclasses

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course2 import _validate
from course2.experiments import regularization as reg
from course2.experiments import tasks
from course2.training import diverged_text

from ._fit_views import (
    FitView,
    accuracy_text,
    boundary_artists,
    boundary_row,
    fit_view,
    nearest_first,
    result_text,
    task_boundary,
)
from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_axes, pixel_row
from .registry import later, register

__all__ = ["LAMBDAS", "RegularizationExplorer", "lambda_sweep_figure", "small_multiples"]

LAMBDAS = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
PENALTIES = (("L2", "l2"), ("L1", "l1"))
ACTIVATIONS = (("tanh", "tanh"), ("ReLU", "relu"))
W_BINS = np.linspace(-2.0, 2.0, 42)     # weights beyond +-2 are counted in the end bins
Z_BINS = np.linspace(-6.0, 6.0, 49)


def lambda_label(lambd: float) -> str:
    lambd = _validate.real("lambd", lambd, low=0.0)
    return "0" if lambd == 0 else f"{lambd:g}"


def _sqrt(y):
    return np.sqrt(np.maximum(y, 0.0))


def _trouble(result: FitView) -> str | None:
    """Why ``result`` cannot be drawn ("diverged at iteration N", or for a partial result whose
    weights already overflowed, "diverging at iteration k"), or None when everything is finite."""
    if result.diverged_at is not None:
        return diverged_text(result.diverged_at)
    if not (np.all(np.isfinite(result.layer_norms)) and np.all(np.isfinite(result.weights))
            and np.all(np.isfinite(result.z))):
        return f"diverging at iteration {result.iteration}"
    return None


def _histogram(values: np.ndarray, bins: np.ndarray) -> np.ndarray:
    """Fraction of values per bin, values outside the range clipped into the end bins."""
    counts, _ = np.histogram(np.clip(values, bins[0], bins[-1]), bins=bins)
    return counts / max(values.size, 1)


@register("regularization", task=later(tasks.overfitting_task, rng=1), seed=0)
class RegularizationExplorer(Explorer):
    """lambda (SelectionSlider over ``LAMBDAS``) and penalty (L2 / L1) -> retrain and show. ``task``: the data
    and layers (notebook 03: ``overfitting_task(rng=1)``); ``seed``: every run's initial weights (notebook 03: 0)."""

    #: the pictures of prefetched neighbours are drawn while idle: a key press publishes them at once
    render_ahead = True
    #: the curves draw every trained value from the cache: redraw as the prefetch trains them
    redraw_when_cached = True

    #: a partial picture only when training is slow (a busy machine); the status says "training…" at once
    partial_after = 0.25

    def __init__(self, task: tasks.Task, *, lambd: float = 0.0, penalty: str = "l2",
                 num_iterations: int = 1000, every: int = 250, seed: int, alpha: float | None = None,
                 activation: str = "tanh"):
        tasks.check_task(task)
        lambd = _validate.option("lambd", lambd, LAMBDAS)
        penalty = _validate.option("penalty", penalty, [v for _, v in PENALTIES])
        activation = _validate.option("activation", activation, [v for _, v in ACTIVATIONS])
        num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
        every = _validate.integer("every", every, low=1)
        seed = _validate.integer("seed", seed, low=0)
        self.alpha = None if alpha is None else _validate.real("alpha", alpha, low=0.0, low_open=True)
        self.task = task
        # the same data and layers with the other hidden activation (the switch)
        self.tasks = {v: dataclasses.replace(self.task, activation=v) for _, v in ACTIVATIONS}
        self.num_iterations, self.every, self.seed, self.alpha = num_iterations, every, seed, alpha
        controls = {
            "lambd": widgets.SelectionSlider(options=[(lambda_label(v), v) for v in LAMBDAS], value=lambd,
                                             description="λ", continuous_update=True,
                                             layout=widgets.Layout(width="520px")),
            "penalty": widgets.ToggleButtons(options=PENALTIES, value=penalty, description="penalty"),
            "activation": widgets.ToggleButtons(options=ACTIVATIONS, value=activation, description="activation"),
        }
        super().__init__(controls, main="lambd", figsize=(12.5, 7.2), threaded=True, cache_size=96)

    def setup(self, figure: Figure) -> None:
        # in pixels (900 x 518): four panels with two-line titles, two-line labels where one line was wider
        # than the panel, and the accuracy curve under them
        ax_b, ax_n, ax_w, ax_z = pixel_row(figure, [200, 130, 170, 170], [60, 72, 70], left=12, bottom=268, top=48)
        self.boundary = task_boundary(ax_b, self.task)
        self.ax_b = ax_b
        L = len(self.task.layer_sizes) - 1
        self.norm_bars = ax_n.bar(np.arange(1, L + 1), np.ones(L), color="#4c72b0", bottom=1e-3)
        ax_n.set_yscale("log")
        ax_n.set_ylim(1e-3, 300)
        ax_n.set_xticks(np.arange(1, L + 1), [f"W[{l}]" for l in range(1, L + 1)])
        self.ax_n = ax_n
        self.w_stairs = ax_w.stairs(np.zeros(W_BINS.size - 1), W_BINS, fill=True, color="#55a868")
        ax_w.set_xlabel("weight w\n(|w| > 2 in the end bins)", fontsize=TEXT)
        ax_w.set_ylabel("fraction of weights\n(sqrt scale)", fontsize=TEXT)
        self.ax_w = ax_w
        self.z_band = ax_z.axvspan(-reg.LINEAR_THRESHOLD, reg.LINEAR_THRESHOLD, color="#f0c040", alpha=0.5, lw=0)
        self.z_stairs = ax_z.stairs(np.zeros(Z_BINS.size - 1), Z_BINS, fill=True, color="#8172b2", alpha=0.8)
        self.z_label = ax_z.text(0.02, 0.97, "", transform=ax_z.transAxes, va="top", fontsize=TEXT)
        ax_z.set_xlabel("hidden pre-activation z", fontsize=TEXT)
        ax_z.set_ylabel("fraction of z\n(sqrt scale)", fontsize=TEXT)
        for ax in (ax_w, ax_z):      # fixed limits: the cached background never needs redrawing
            ax.set_yscale("function", functions=(_sqrt, np.square))
            ax.set_ylim(0.0, 1.0)
            ax.set_yticks([0.0, 0.01, 0.05, 0.2, 0.5, 1.0], ["0", ".01", ".05", ".2", ".5", "1"])
        self.ax_z = ax_z
        # accuracy against lambda (lambda = 0 at the left edge, then one step per slider value)
        ax_s = pixel_axes(figure, 66, 48, 816, 124)
        x = np.arange(len(LAMBDAS))
        ax_s.set_xticks(x, [lambda_label(v) for v in LAMBDAS])
        ax_s.set_xlim(-0.4, len(LAMBDAS) - 0.6)
        ax_s.set_ylim(40, 102)
        ax_s.set_xlabel("λ", fontsize=TEXT)
        ax_s.set_ylabel("accuracy (%)", fontsize=TEXT)
        ax_s.grid(alpha=0.3)
        (self.s_train,) = ax_s.plot([], [], "o-", color="#4c72b0", ms=4, label="train")
        (self.s_dev,) = ax_s.plot([], [], "s-", color="#dd8452", ms=4, label="dev")
        (self.s_here,) = ax_s.plot([], [], "o", ms=12, mfc="none", mec="k", mew=1.5, label="this λ")
        ax_s.legend(fontsize=TEXT, loc="lower left", ncol=3)
        self.ax_s = ax_s

    def prefetch_states(self, state: dict) -> list[dict]:
        """While idle: every other lambda with this penalty and activation (nearest first), then the other
        penalty, then the other activation."""
        other = "l1" if state["penalty"] == "l2" else "l2"
        other_act = "relu" if state["activation"] == "tanh" else "tanh"
        order = [state["lambd"], *nearest_first(LAMBDAS, state["lambd"])]
        a = state["activation"]
        return ([{"lambd": v, "penalty": state["penalty"], "activation": a} for v in order[1:]]
                + [{"lambd": v, "penalty": other, "activation": a} for v in order]
                + [{"lambd": v, "penalty": state["penalty"], "activation": other_act} for v in order])

    def compute(self, state: dict):
        task = self.tasks[state["activation"]]
        for f in tasks.fit_progressively(task, every=self.every, lambd=state["lambd"],
                                          callbacks=(self.stop_if_superseded,),
                                          penalty=state["penalty"], num_iterations=self.num_iterations,
                                          seed=self.seed, alpha=self.alpha):
            yield fit_view(f, task, self.boundary)

    def sweep_points(self, state: dict, result: FitView | None = None) -> tuple[list, list]:
        """([(lambda, train accuracy, dev accuracy) ...] of the lambdas trained (cached) for this penalty and
        activation, [lambdas not trained yet or diverged]); ``result`` stands for the current lambda."""
        points, missing = [], []
        for v in LAMBDAS:
            r = result if (result is not None and v == state["lambd"]) else self._cache.get(
                self.key({**state, "lambd": v}))
            if r is None or _trouble(r) is not None or (r is not result and r.iteration < self.num_iterations):
                missing.append(v)
            else:
                points.append((v, r.train_accuracy, r.dev_accuracy))
        return points, missing

    def _draw_sweep(self, result: FitView, state: dict) -> None:
        points, missing = self.sweep_points(state, result)
        self.sweep_missing = missing
        x = [LAMBDAS.index(v) for v, _, _ in points]
        self.s_train.set_data(x, [100 * p[1] for p in points])
        self.s_dev.set_data(x, [100 * p[2] for p in points])
        here = [p for p in points if p[0] == state["lambd"]]
        i = LAMBDAS.index(state["lambd"])
        self.s_here.set_data([i, i] if here else [], [100 * here[0][1], 100 * here[0][2]] if here else [])
        name = "L2" if state["penalty"] == "l2" else "L1"
        self.ax_s.set_title(f"accuracy against λ ({name}, {_act_name(state)})"
                            + (f": {len(missing)} λ not trained yet" if missing else ""), fontsize=TEXT)

    def _draw_band(self, state: dict) -> None:
        if state["activation"] == "relu":      # ReLU(z) = z on z > 0 (the active side), 0 below
            lo, hi = 0.0, float(Z_BINS[-1])
        else:
            lo, hi = -reg.LINEAR_THRESHOLD, reg.LINEAR_THRESHOLD
        self.z_band.set_x(lo)         # (axvspan's Rectangle: x in data, y in axes coordinates)
        self.z_band.set_width(hi - lo)

    def z_text(self, result: FitView, state: dict) -> str:
        """The z panel's title: tanh's linear-regime share, or ReLU's active share."""
        if state["activation"] == "relu":
            return f"ReLU active z > 0: {float(np.mean(result.z > 0)):.0%}"
        return f"linear regime |z| < {reg.LINEAR_THRESHOLD:g}: {result.linear_fraction:.0%}"

    def draw(self, result: FitView, state: dict) -> None:
        name = "L2" if state["penalty"] == "l2" else "L1"
        self._draw_sweep(result, state)
        self._draw_band(state)
        self.z_label.set_text("shaded: ReLU(z) = z" if state["activation"] == "relu" else "shaded: tanh(z) ≈ z")
        trouble = _trouble(result)
        if trouble is not None:     # nothing non-finite on screen: clear every panel, say why in the titles
            self.boundary.clear()
            self.ax_b.set_title(f"λ = {lambda_label(state['lambd'])}, {name}, {_act_name(state)}:\n{trouble}",
                                fontsize=TEXT)
            for artist in (*self.norm_bars, self.w_stairs, self.z_stairs):
                artist.set_visible(False)
            self.ax_n.set_title(f"‖W[l]‖_F:\n{trouble}", fontsize=TEXT)
            self.ax_w.set_title(f"weights:\n{trouble}", fontsize=TEXT)
            self.ax_z.set_title(f"hidden z:\n{trouble}", fontsize=TEXT)
            return
        for artist in (*self.norm_bars, self.w_stairs, self.z_stairs):
            artist.set_visible(True)
        self.boundary.set_probabilities(result.P)
        progress = "" if result.iteration >= self.num_iterations else f" (iteration {result.iteration})"
        self.ax_b.set_title(f"λ = {lambda_label(state['lambd'])}, {name}, {_act_name(state)}{progress}:\n"
                            f"{accuracy_text(result.train_accuracy, result.dev_accuracy)}", fontsize=TEXT)
        for bar, value in zip(self.norm_bars, result.layer_norms):
            bar.set_height(max(float(value), 1.1e-3) - 1e-3)
        self.ax_n.set_title("‖W[l]‖_F: " + ", ".join(f"{v:.2g}" for v in result.layer_norms), fontsize=TEXT)
        w_hist = _histogram(result.weights, W_BINS)
        self.w_stairs.set_data(w_hist)
        self.ax_w.set_title(f"weights: {result.near_zero_fraction:.0%}\nwith |w| < {reg.NEAR_ZERO:g}", fontsize=TEXT)
        z_hist = _histogram(result.z, Z_BINS)
        self.z_stairs.set_data(z_hist)
        self.ax_z.set_title(self.z_text(result, state), fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [*boundary_artists(self.boundary), self.ax_b.title, *self.norm_bars, self.ax_n.title, self.w_stairs,
                self.ax_w.title, self.z_band, self.z_stairs, self.z_label, self.ax_z.title, self.s_train, self.s_dev,
                self.s_here, self.ax_s.title]

    def describe(self, result: FitView, state: dict) -> str:
        name = f"{'L2' if state['penalty'] == 'l2' else 'L1'} · {_act_name(state)}"
        trouble = _trouble(result)
        missing = getattr(self, "sweep_missing", [])
        more = f" · curve: {len(missing)} λ still training" if missing else ""
        if trouble is not None:
            return f"λ = {lambda_label(state['lambd'])} · {name} · {trouble}{more}"
        share = (f"active z {float(np.mean(result.z > 0)):.0%}" if state["activation"] == "relu"
                 else f"linear regime {result.linear_fraction:.0%}")
        return (f"λ = {lambda_label(state['lambd'])} · {name} · "
                f"{accuracy_text(result.train_accuracy, result.dev_accuracy)} · ‖W‖_F = {result.total_weight_norm:.3g}"
                f" · {share} · near-zero weights {result.near_zero_fraction:.0%}{more}")


def _act_name(state: dict) -> str:
    return "ReLU" if state["activation"] == "relu" else "tanh"


def small_multiples(task: tasks.Task, sweep: reg.LambdaSweep, lambdas=(0.0, 0.1, 1.0, 30.0)) -> Figure:
    """Decision boundaries for a few lambdas of ``sweep`` (one panel each, accuracies in the titles)."""
    tasks.check_task(task)
    _validate.instance("sweep", sweep, reg.LambdaSweep, "a LambdaSweep (from lambda_sweep)")
    lambdas = _validate.items("lambdas", lambdas)
    fits = [sweep.at(v) for v in lambdas]
    titles = [f"λ = {lambda_label(v)} ({sweep.penalty.upper()})\n{result_text(f)}" for v, f in zip(lambdas, fits)]
    return boundary_row(task, fits, titles)


def lambda_sweep_figure(sweep: reg.LambdaSweep) -> Figure:
    """Accuracy, ||W||_F and the linear-regime fraction against lambda (lambda = 0 drawn at the left edge).

    Lambdas whose run diverged are left out of every curve; the titles say where they diverged.
    """
    _validate.instance("sweep", sweep, reg.LambdaSweep, "a LambdaSweep (from lambda_sweep)")
    fig, (ax_a, ax_n, ax_l) = new_figure((12.5, 3.6), 1, 3)
    ok = np.array([at is None for at in sweep.diverged_at])
    x = np.arange(len(sweep.lambdas))
    labels = [lambda_label(v) for v in sweep.lambdas]
    ax_a.plot(x[ok], 100 * sweep.train_accuracy[ok], "o-", label="train")
    ax_a.plot(x[ok], 100 * sweep.dev_accuracy[ok], "s-", label="dev")
    ax_a.set_ylabel("accuracy (%)")
    ax_a.legend(fontsize=TEXT)
    floor = 1e-3     # below this the norms are rounding noise: drawn at the floor
    ax_n.semilogy(x[ok], np.maximum(sweep.total_weight_norm[ok], floor), "o-", color="k", label="all layers")
    for l in range(sweep.weight_norms.shape[1]):
        ax_n.semilogy(x[ok], np.maximum(sweep.weight_norms[ok, l], floor), ".--", lw=0.8, label=f"W[{l + 1}]")
    ax_n.set_ylim(floor / 2, None)
    ax_n.set_ylabel("‖W‖_F\n(≤ 0.001 drawn at 0.001)")
    ax_n.legend(fontsize=TEXT)
    ax_l.plot(x[ok], 100 * sweep.linear_fraction[ok], "o-", color="#c98a00")
    ax_l.set_ylabel(f"% of hidden |z| < {reg.LINEAR_THRESHOLD:g}")
    ax_l.set_ylim(0, 100)
    diverged = "; ".join(f"λ = {lambda_label(v)} {diverged_text(at)}" for v, at in zip(sweep.lambdas, sweep.diverged_at)
                         if at is not None)
    for ax in (ax_a, ax_n, ax_l):
        ax.set_xticks(x, labels, fontsize=TEXT, rotation=90)      # (at 45°, ten 12 px labels ran into each other)
        ax.set_xlim(-0.5, len(x) - 0.5)
        ax.set_xlabel(f"λ ({sweep.penalty.upper()})")
        ax.grid(alpha=0.3)
        if diverged:
            ax.set_title(diverged, fontsize=TEXT, color="crimson")
    return fig
