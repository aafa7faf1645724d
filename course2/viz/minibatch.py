"""Notebook 10: mini-batch gradient descent. A batch-size slider over real data (the 8x8 digits).

``MinibatchExplorer``: batch size 1, 2, 4, ..., 1024, m -> one run of plain gradient descent
(``experiments.minibatch.run_progressively``, until J <= 0.2 on the whole training set), drawn
against iterations (the noisy J^{t} of every mini-batch and J on all m), against epochs and against
training seconds measured live; the vectorization curve (microseconds per example against batch
size, from the runs computed so far: every other batch size is computed in the background and
cached); and a cloud of mini-batch gradients around the full gradient, whose spread falls as 1/sqrt(b).

Static figures: ``cost_curves_figure`` (a few batch sizes against iterations, epochs and seconds),
``noise_figure`` (the vectorization curve, gradient clouds, spread against b).
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course2 import _validate, optimizers
from course2.experiments import minibatch as mb
from course2.experiments import tasks
from course2.training import diverged_text

from ._fit_views import nearest_first
from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_grid
from .registry import later, register

__all__ = ["MinibatchExplorer", "cost_curves_figure", "noise_figure", "spread_slope_text"]

COLORS = {1: "#c44e52", 64: "#4c72b0", mb.M_TRAIN: "#55a868"}
COST_LIM = (1e-3, 10.0)
J_LIM = (0.05, 5.0)
TIME_LIM = (1e-3, 10.0)


def _color(b: int, m: int) -> str:
    return COLORS.get(b if b != m else mb.M_TRAIN, "#8172b2")


def _positive(x: np.ndarray, y: np.ndarray):
    keep = (x > 0) & np.isfinite(y)
    return x[keep], y[keep]


@register("minibatch", task=later(mb.digits_task, rng=0), seed=0)
class MinibatchExplorer(Explorer):
    """batch size -> train until J <= 0.2; cost against iterations, epochs and seconds; noise of the gradient.
    ``task``: the data (notebook 10: ``digits_task(rng=0)``); ``seed``: every run's initial weights and
    mini-batches, and (without ``spread``) the gradient point and its mini-batch draws (notebook 10: 0)."""

    partial_after = 0.25

    def __init__(self, task: tasks.Task, *, batch_size: int = 64, seed: int,
                 spread: mb.GradientSpread | None = None, draws: int = 60, prefetch: bool | None = None,
                 alpha: float = mb.ALPHA):
        # every start value is checked before the digits are loaded or anything is trained
        m = tasks.check_task(task).m_train
        self.sizes = tuple(sorted({b for b in mb.BATCH_SIZES if b < m} | {m}))
        batch_size = _validate.option("batch_size", batch_size, self.sizes)
        self.seed = _validate.integer("seed", seed, low=0)
        draws = _validate.integer("draws", draws, low=2)
        if spread is not None:
            _validate.instance("spread", spread, mb.GradientSpread, "a GradientSpread (from gradient_spread) or None")
        if prefetch is not None:
            prefetch = _validate.flag("prefetch", prefetch)
        self.alpha = optimizers.check_alpha(alpha)
        self.task = task
        self.finished: dict[int, mb.MinibatchRun] = {}
        if spread is None:
            net = mb.gradient_point(self.task, seed=self.seed, batch_size=min(64, m))
            spread = mb.gradient_spread(net, self.task.X_train, self.task.Y_train,
                                        batch_sizes=[b for b in self.sizes if b < m], draws=draws, rng=seed)
        self.spread = spread
        slider = widgets.SelectionSlider(options=[(str(b), b) for b in self.sizes], value=batch_size,
                                         description="batch size", layout=widgets.Layout(width="520px"),
                                         style={"description_width": "80px"})
        super().__init__({"batch_size": slider}, main="batch_size", figsize=(12.5, 7.7), threaded=True,
                         prefetch=prefetch)

    # -- layout ------------------------------------------------------------------------------------
    def setup(self, figure: Figure) -> None:
        gs = pixel_grid(figure, 2, 3, left=66, right=18, top=60, bottom=44, wspace=80, hspace=100)
        self.ax_it, self.ax_ep, self.ax_t, self.ax_v, self.ax_c, self.ax_s = (
            figure.add_subplot(gs[i, j]) for i in range(2) for j in range(3))
        m = self.task.m_train
        target = mb.TARGET_COST
        self.grey = {}
        # (iterations from 0.7: the "10^0" tick label clear of the "10^-3" one at the corner)
        for ax, xlabel, xlim in ((self.ax_it, "iteration (mini-batches seen)", (0.7, mb.MAX_ITERATIONS)),
                                 (self.ax_ep, "epoch (passes over the m examples)", (1e-3, 1e3)),
                                 (self.ax_t, "training seconds (measured now)", TIME_LIM)):
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlim(*xlim)
            ax.set_ylim(*(COST_LIM if ax is self.ax_it else J_LIM))
            ax.set_xlabel(xlabel, fontsize=TEXT)
            ax.axhline(target, color="k", lw=0.7, ls=":")
        self.ax_it.set_ylabel("cost", fontsize=TEXT)
        for ax in (self.ax_ep, self.ax_t):
            ax.set_ylabel(f"J on all m = {m}", fontsize=TEXT)
            self.grey[ax] = {b: ax.plot([], [], color="0.75", lw=0.8)[0] for b in self.sizes}
        (self.batch_line,) = self.ax_it.plot([], [], color="#dd8452", lw=0.5, alpha=0.7, label="J^{t} of the batch")
        (self.it_line,) = self.ax_it.plot([], [], color="k", lw=1.4, label="J on all m")
        self.ax_it.legend(fontsize=TEXT, loc="lower left")
        (self.ep_line,) = self.ax_ep.plot([], [], color="k", lw=1.6)
        (self.t_line,) = self.ax_t.plot([], [], color="k", lw=1.6)

        # vectorization curve: microseconds per example, filled in as runs finish
        ax = self.ax_v
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlim(0.7, m * 1.5)
        ax.set_ylim(0.1, 1000)
        ax.set_xlabel("batch size b", fontsize=TEXT)
        ax.set_ylabel("microseconds per example", fontsize=TEXT)
        (self.v_line,) = ax.plot([], [], "o-", color="0.4", ms=4, lw=1)
        (self.v_here,) = ax.plot([], [], "o", color="#c44e52", ms=9)

        # gradient cloud, projected on (e1 = full gradient direction, e2)
        ax = self.ax_c
        sp = self.spread
        widest = sp.cloud[min(sp.cloud)]
        r = float(np.max(np.abs(widest - [sp.full_norm, 0.0]))) * 1.15
        ax.set_xlim(sp.full_norm - r, sp.full_norm + r)
        ax.set_ylim(-r, r)
        ax.set_aspect("equal", adjustable="box")
        ax.axhline(0, color="0.85", lw=0.6)
        ax.axvline(0, color="0.85", lw=0.6)
        ax.set_xlabel("along the full gradient", fontsize=TEXT)
        ax.set_ylabel("across it", fontsize=TEXT)
        self.cloud = ax.scatter([], [], s=8, color="#4c72b0", alpha=0.6)
        ax.plot([0], [0], "k+", ms=8)
        ax.plot([sp.full_norm], [0], "*", color="#c44e52", ms=13, zorder=5)

        # spread against b
        ax = self.ax_s
        bs = np.array(sorted(sp.spread), dtype=float)
        grid = np.geomspace(1, bs.max(), 60)
        ax.loglog(grid, sp.theory(grid), color="0.5", lw=1, label="formula")
        ax.loglog(bs, [sp.spread[int(b)] for b in bs], "o", color="#4c72b0", ms=4, label="measured")
        ax.set_xscale("log", base=2)
        (self.s_here,) = ax.plot([], [], "o", color="#c44e52", ms=9)
        ax.set_xlabel("batch size b", fontsize=TEXT)
        ax.set_ylabel("RMS distance to full gradient", fontsize=TEXT)
        ax.legend(fontsize=TEXT, loc="lower left")
        ax.set_title(f"spread ~ b^{mb.spread_slope(sp):.2f}\n(1/sqrt(b): -0.5)", fontsize=TEXT)

    # -- numbers -----------------------------------------------------------------------------------
    def prefetch_states(self, state: dict) -> list[dict]:
        """While idle: every other batch size, nearest first (the curves and the vectorization points fill in)."""
        return [{"batch_size": b} for b in nearest_first(self.sizes, state["batch_size"])]

    def compute(self, state: dict):
        b = state["batch_size"]
        for run in mb.run_progressively(self.task, b, seed=self.seed, alpha=self.alpha, report_every=100):
            if run.final:
                self.finished[b] = run
            yield run

    # -- drawing -----------------------------------------------------------------------------------
    def draw(self, result: mb.MinibatchRun, state: dict) -> None:
        b, m = state["batch_size"], self.task.m_train
        color = _color(b, m)
        it = np.arange(1, result.iterations + 1)
        self.batch_line.set_data(*_finite(it, np.clip(result.batch_cost, COST_LIM[0], None)))
        self.it_line.set_data(*_positive(result.check_iteration.astype(float), result.check_cost))
        self.ep_line.set_data(*_positive(result.check_epoch, result.check_cost))
        self.t_line.set_data(*_positive(result.check_time, result.check_cost))
        for line in (self.ep_line, self.t_line):
            line.set_color(color)
        for other, run in self.finished.items():
            self.grey[self.ax_ep][other].set_data(*_positive(run.check_epoch, run.check_cost))
            self.grey[self.ax_t][other].set_data(*_positive(run.check_time, run.check_cost))
        reached = result.reached_at
        if result.diverged_at is not None:
            head = f"diverged at iteration {result.diverged_at}"
        elif reached is None:
            head = "training…" if not result.final else f"J > {result.target:g} after {result.iterations} iterations"
        else:
            head = f"J <= {result.target:g} after {reached} iterations"
        self.ax_it.set_title(f"b = {b}:\n{head}" + ("" if result.diverged_at is not None else
                                                  f"\nJ^{{t}} rose on {result.rise_fraction:.0%} of the steps"),
                             fontsize=TEXT)
        self.ax_ep.set_title("" if reached is None else f"... = {result.epochs_to_target:.2g} epochs\n"
                             f"({-(-m // b)} iterations each)", fontsize=TEXT)
        self.ax_t.set_title("" if reached is None else f"... = {result.seconds_to_target:.3f} s of training",
                            fontsize=TEXT)
        done = sorted((k, r.seconds_per_epoch) for k, r in self.finished.items() if r.seconds_per_epoch)
        if done:
            self.v_line.set_data([k for k, _ in done], [1e6 * s / m for _, s in done])
        spe = result.seconds_per_epoch
        self.v_here.set_data(([b], [1e6 * spe / m]) if spe else ([], []))
        self.ax_v.set_title(f"vectorization: b = {b}\n" + (f"{1e6 * spe / m:.1f} us per example" if spe else "…"),
                            fontsize=TEXT)
        if b in self.spread.cloud:
            pts, s = self.spread.cloud[b], self.spread.spread[b]
        else:   # b = m: every "mini-batch" is the whole set
            pts, s = np.array([[self.spread.full_norm, 0.0]]), 0.0
        self.cloud.set_offsets(pts)
        self.ax_c.set_title(f"{pts.shape[0]} batches of {b}:\ngradient spread {s:.2g}", fontsize=TEXT)
        self.s_here.set_data(([b], [s]) if s > 0 else ([], []))

    def dynamic_artists(self) -> list:
        greys = [line for lines in self.grey.values() for line in lines.values()]
        return [*greys, self.batch_line, self.it_line, self.ep_line, self.t_line, self.v_line, self.v_here,
                self.cloud, self.s_here, self.ax_it.title, self.ax_ep.title, self.ax_t.title, self.ax_v.title,
                self.ax_c.title]

    def describe(self, result: mb.MinibatchRun, state: dict) -> str:
        b = state["batch_size"]
        if result.diverged_at is not None:
            return f"batch size = {b} · alpha = {result.alpha:g}: {diverged_text(result.diverged_at)}"
        if result.reached_at is None:
            return f"batch size = {b} · J did not reach {result.target:g} in {result.iterations} iterations"
        return (f"batch size = {b} · J <= {result.target:g} after {result.reached_at} iterations = "
                f"{result.epochs_to_target:.2g} epochs = {result.seconds_to_target:.3f} s of training")


def _finite(x: np.ndarray, y: np.ndarray):
    keep = np.isfinite(y)
    return x[keep], y[keep]


def cost_curves_figure(runs: dict[int, mb.MinibatchRun], batch_sizes=(1, 64, mb.M_TRAIN)) -> Figure:
    """J against iterations (with the batch cost J^{t} of the smallest batch), epochs and training seconds;
    a run that diverged is drawn up to its last finite cost and its legend says "diverged at iteration N"."""
    runs = mb._runs(runs)
    batch_sizes = [_validate.integer("batch_size", b) for b in _validate.items("batch_sizes", batch_sizes)]
    for b in batch_sizes:
        if b not in runs:
            raise ValueError(f"batch_size must be one of the runs' batch sizes ({', '.join(map(str, runs))}), got {b}")
    fig, (a1, a2, a3) = new_figure((12, 3.8), 1, 3)
    target = next(iter(runs.values())).target
    for b in batch_sizes:
        r = runs[b]
        color = _color(b, r.m)
        label = f"b = {b}" + ("" if r.diverged_at is None else f": {diverged_text(r.diverged_at)}")
        if b == min(batch_sizes):
            a1.plot(*_finite(np.arange(1, r.iterations + 1), np.clip(r.batch_cost, COST_LIM[0], None)), color=color,
                    lw=0.4, alpha=0.5, label=f"J^{{t}}, batch of {b}")
        a1.plot(*_positive(r.check_iteration.astype(float), r.check_cost), color=color, lw=1.6, label=label)
        a2.plot(*_positive(r.check_epoch, r.check_cost), color=color, lw=1.6, label=f"b = {b}")
        a3.plot(*_positive(r.check_time, r.check_cost), color=color, lw=1.6, label=f"b = {b}")
    for ax, xlabel, title in ((a1, "iteration", "against iterations"), (a2, "epoch", "against epochs"),
                              (a3, "training seconds (this run)", "against wall-clock time")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_ylim(*(COST_LIM if ax is a1 else J_LIM))
        ax.axhline(target, color="k", lw=0.7, ls=":")
        ax.set_xlabel(xlabel)
        ax.set_title(title)
    a1.set_ylabel("cost J")
    fig.legend(*a1.get_legend_handles_labels(), loc="outside lower center", ncol=len(batch_sizes) + 1, frameon=False,
               fontsize=TEXT)     # under the panels: inside, it hid the noisy batch cost
    return fig


def noise_figure(seconds: dict[int, float], spread: mb.GradientSpread, *, m: int,
                 cloud_sizes=(1, 16, 256)) -> Figure:
    """The vectorization curve, gradient clouds for a few batch sizes, and the spread against b."""
    seconds = mb._seconds("seconds", seconds, positive=True)
    mb._spread(spread)
    m = _validate.integer("m", m, low=1)
    cloud_sizes = [_validate.integer("cloud size", b) for b in _validate.items("cloud_sizes", cloud_sizes)]
    for b in cloud_sizes:
        if b not in spread.cloud:
            sizes = ", ".join(map(str, spread.cloud))
            raise ValueError(f"cloud size must be one of the spread's batch sizes ({sizes}), got {b}")
    fig, axes = new_figure((12, 3.3), 1, 2 + len(cloud_sizes),
                           gridspec_kw={"width_ratios": [1.3] + [1] * len(cloud_sizes) + [1.3]})
    ax = axes[0]
    bs = np.array(sorted(seconds))
    ax.loglog(bs, [1e6 * seconds[b] / m for b in bs], "o-", color="0.3", ms=4)
    ax.set_xscale("log", base=2)
    ax.set_xlabel("batch size b")
    ax.set_ylabel("microseconds per example")
    ax.set_title("time per example")
    widest = spread.cloud[min(cloud_sizes)]
    r = float(np.max(np.abs(widest - [spread.full_norm, 0.0]))) * 1.05
    for ax, b in zip(axes[1:-1], cloud_sizes):
        ax.scatter(*spread.cloud[b].T, s=6, color="#4c72b0", alpha=0.5)
        ax.plot([0], [0], "k+", ms=8)
        ax.plot([spread.full_norm], [0], "*", color="#c44e52", ms=12)
        ax.set_xlim(spread.full_norm - r, spread.full_norm + r)
        ax.set_ylim(-r, r)
        ax.set_aspect("equal", adjustable="box")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"b = {b}: spread {spread.spread[b]:.2g}")
        ax.set_xlabel("along the full gradient")
    ax = axes[-1]
    sb = np.array(sorted(spread.spread), dtype=float)
    ax.loglog(sb, [spread.spread[int(b)] for b in sb], "o", color="#4c72b0", ms=4, label="measured")
    ax.loglog(sb, spread.theory(sb), color="0.5", lw=1, label="formula")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("batch size b")
    ax.set_title(f"spread ~ b^{spread_slope_text(spread)}")
    ax.legend(fontsize=TEXT)
    return fig


def spread_slope_text(spread: mb.GradientSpread) -> str:
    """The slope of log(spread) against log(b), two decimals."""
    return f"{mb.spread_slope(spread):.2f}"
