"""Figures and explorers of notebook 17 (batch normalization).

``scale_map_figure``: dev accuracy over weight scale x batch size, without and with batch norm (static).
``ScaleExplorer`` ("batch_norm_scale"): weight scale (main) and batch size -> per-layer std of A[l] at
initialization and the cost curves, without and with batch norm (two short Adam runs, progressive).
``RunningStatsExplorer`` ("batch_norm_running"): batch size (main), running-average beta and steps ->
one unit's batch means, its running average and the whole set's mean; the train/eval output gap.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure

from course2 import _validate, optimizers
from course2.experiments import batch_norm as bn_exp
from course2.experiments.tasks import check_task
from course2.training import diverged_text

from ._fit_views import nearest_first
from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_grid
from .registry import later, register

SCALES = tuple(float(f"{s:.0e}") for s in np.logspace(-4, 0, 9))      # 1e-4, 3e-4, ..., 1
BATCH_SIZES = (8, 64, 256)
STD_FLOOR, STD_CEIL = 1e-35, 1e6
EXPLORER_ITERATIONS, EXPLORER_EVERY = 60, 20
RUN_BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256)
RUN_BETAS = (0.5, 0.9, 0.99)
RUN_STEPS = (1, 5, 20, 50, 200)
COLORS = {False: "#c44e52", True: "#4c72b0"}
#: the explorers' control labels: "weight scale" whole (ipywidgets' default 80 px cuts it), every control aligned
STYLE = {"description_width": "90px"}

__all__ = ["RunningStatsExplorer", "ScaleExplorer", "scale_map_figure"]


def _check_grids(grids, scales, batch_sizes) -> dict:
    _validate.instance("grids", grids, dict, "a dict {False: grid, True: grid} (from scale_map)")
    scales = _validate.items("scales", scales)
    batch_sizes = _validate.items("batch_sizes", batch_sizes)
    shape = (len(batch_sizes), len(scales))
    out = {}
    for bn in (False, True):
        if bn not in grids:
            raise ValueError(f"grids must hold a grid for batch_norm={bn} (from scale_map), got keys {list(grids)}")
        g = _validate.array(f"grids[{bn}]", grids[bn], ndim=2, finite=False)
        if g.shape != shape:
            raise ValueError(f"grids[{bn}] must have one row per batch size and one column per scale {shape}, "
                             f"got shape {g.shape}: check scales and batch_sizes")
        if np.any(np.isinf(g)) or np.any((g < 0) | (g > 1)):
            raise ValueError(f"grids[{bn}] must hold accuracies in [0, 1] (NaN where a run diverged)")
        out[bn] = g
    return out


def scale_map_figure(grids: dict, scales, batch_sizes) -> Figure:
    """Two heat maps of dev accuracy (rows: batch size, columns: weight scale); NaN (diverged) is grey, and a
    note under the maps says at which iterations those runs diverged (``grids["diverged_at"]``, from
    ``scale_map``). Nothing non-finite is handed to matplotlib."""
    checked = _check_grids(grids, scales, batch_sizes)
    fig, axes = new_figure((10, 3.2), 1, 2)
    cmap = mpl.colormaps["viridis"].with_extremes(bad="0.7")
    for ax, bn in zip(axes, (False, True)):
        g = checked[bn]
        grid = np.ma.masked_array(np.nan_to_num(g, nan=0.5), mask=~np.isfinite(g))
        im = ax.imshow(grid, vmin=0.5, vmax=1.0, cmap=cmap, aspect="auto")
        ax.set_xticks(range(len(scales)), [f"{s:g}" for s in scales], rotation=45)
        ax.set_yticks(range(len(batch_sizes)), [str(b) for b in batch_sizes])
        ax.set_xlabel("weight scale (W = scale · N(0, 1))")
        ax.set_ylabel("batch size")
        ax.set_title("with batch norm" if bn else "without batch norm", fontsize=TEXT)
        for i in range(grid.shape[0]):
            for j in range(grid.shape[1]):
                v = g[i, j]
                ax.text(j, i, "div." if not np.isfinite(v) else f"{v:.0%}", ha="center", va="center", fontsize=TEXT,
                        color="white" if np.isfinite(v) and v < 0.8 else "black")
    bar = fig.colorbar(im, ax=axes)
    bar.set_label("dev accuracy", fontsize=TEXT)
    bar.ax.tick_params(labelsize=TEXT)
    if any(np.isnan(checked[bn]).any() for bn in (False, True)):
        at = grids.get("diverged_at", {}) if isinstance(grids.get("diverged_at"), dict) else {}
        its = sorted({int(n) for bn in (False, True) for n in np.ravel(at.get(bn, [])) if np.isfinite(n)})
        note = ("grey (div.): " + diverged_text(its[0]) + "".join(f", {n}" for n in its[1:]) if its
                else "grey (div.): the run diverged")
        fig.text(0.01, 0.01, note, fontsize=TEXT, ha="left", va="bottom")
    return fig


@register("batch_norm_scale", task=later(bn_exp.circles, rng=1), seed=0)
class ScaleExplorer(Explorer):
    """weight scale (main) and batch size -> std of A[l] per layer at init and cost curves, without/with batch norm.
    ``task``: the data (notebook 17: ``circles(rng=1)``); ``seed``: the initial weights and mini-batches
    (notebook 17: 0)."""

    def __init__(self, task, *, scale: float = 1e-2, batch_size: int = 64, seed: int,
                 num_iterations: int = EXPLORER_ITERATIONS, every: int = EXPLORER_EVERY, alpha: float = bn_exp.ALPHA):
        check_task(task)
        scale = _validate.option("scale", scale, SCALES)
        batch_size = _validate.option("batch_size", batch_size, BATCH_SIZES)
        self.seed = _validate.integer("seed", seed, low=0)
        self.num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
        self.every = _validate.integer("every", every, low=1)
        self.alpha = optimizers.check_alpha(alpha)
        self.task = task
        controls = {
            "scale": widgets.SelectionSlider(options=list(SCALES), value=scale, description="weight scale",
                                             style=STYLE, layout=widgets.Layout(width="520px")),
            "batch_size": widgets.ToggleButtons(options=list(BATCH_SIZES), value=batch_size, description="batch size",
                                                style=STYLE),
        }
        super().__init__(controls, main="scale", figsize=(11, 4.0), threaded=True)

    def setup(self, figure: Figure) -> None:
        gs = pixel_grid(figure, 1, 2, left=84, right=22, top=44, wspace=100)
        ax_s, ax_c = (figure.add_subplot(gs[0, i]) for i in range(2))
        ax_s.set_yscale("log")
        ax_s.set_ylim(STD_FLOOR, STD_CEIL)
        ax_s.set_xlim(0.5, bn_exp.DEPTH + 0.5)
        ax_s.set_xlabel("hidden layer l")
        ax_s.set_ylabel("std of A[l] at initialization")
        self.std_lines = {bn: ax_s.plot([], [], "o-", ms=3, color=COLORS[bn],
                                        label="batch norm" if bn else "no batch norm")[0] for bn in (False, True)}
        ax_s.legend(fontsize=TEXT, loc="lower left")
        self.cost_lines = {bn: ax_c.plot([], [], color=COLORS[bn])[0] for bn in (False, True)}
        ax_c.set_xlim(0, self.num_iterations)
        ax_c.set_ylim(0, 1.0)
        ax_c.set_xlabel(f"iteration (Adam, alpha = {self.alpha:g})")
        ax_c.set_ylabel("mini-batch cost J")
        self.ax_s, self.ax_c = ax_s, ax_c

    def prefetch_states(self, state: dict) -> list[dict]:
        return [{**state, "scale": s} for s in nearest_first(SCALES, state["scale"])[:2]]

    def compute(self, state: dict):
        runs = {bn: bn_exp.scale_run_progressively(self.task, state["scale"], batch_norm=bn, seed=self.seed,
                                                   batch_size=state["batch_size"], num_iterations=self.num_iterations,
                                                   every=self.every, alpha=self.alpha) for bn in (True, False)}
        for step in zip(runs[True], runs[False]):
            yield _Pair({True: step[0], False: step[1]})

    def draw(self, result: dict, state: dict) -> None:
        ls = np.arange(1, bn_exp.DEPTH + 1)
        for bn in (False, True):
            r = result[bn]
            self.std_lines[bn].set_data(ls, np.clip(np.nan_to_num(r.init_stds, nan=STD_CEIL), STD_FLOOR, STD_CEIL))
            cost = np.asarray(r.cost, float)
            ok = np.isfinite(cost)
            self.cost_lines[bn].set_data(np.arange(1, cost.size + 1)[ok], np.clip(cost[ok], 0, 1.0))
        self.ax_s.set_title(f"scale {state['scale']:g}: std A[{bn_exp.DEPTH}] =\n"
                            f"{result[False].init_stds[-1]:.1g} without, {result[True].init_stds[-1]:.1g} with",
                            fontsize=TEXT)
        self.ax_c.set_title(self._accuracy(result, "\n"), fontsize=TEXT)

    def _accuracy(self, result, between: str = " · ") -> str:
        parts = []
        for bn, name in ((False, "without"), (True, "with")):
            r = result[bn]
            if r.diverged_at is not None:
                parts.append(f"{name}: {diverged_text(r.diverged_at)}")
            elif np.isfinite(r.dev_accuracy):
                parts.append(f"{name}: dev {r.dev_accuracy:.0%}")
            else:
                parts.append(f"{name}: iteration {r.iteration}")
        return between.join(parts)

    def dynamic_artists(self) -> list:
        return [*self.std_lines.values(), *self.cost_lines.values(), self.ax_s.title, self.ax_c.title]

    def describe(self, result: dict, state: dict) -> str:
        return f"scale = {state['scale']:g} · batch {state['batch_size']} · {self._accuracy(result)}"


class _Pair(dict):
    """{True: ScaleRun, False: ScaleRun}; ``diverged_at`` (the first run's that diverged, else None) is what the
    explorer's banner and status read."""

    @property
    def diverged_at(self):
        at = [r.diverged_at for r in self.values() if r.diverged_at is not None]
        return min(at) if at else None


@register("batch_norm_running", task=later(bn_exp.circles, rng=1), seed=0)
class RunningStatsExplorer(Explorer):
    """batch size (main), running beta, steps -> batch means vs running average vs whole set; train/eval gap.
    ``task``: the data (notebook 17: ``circles(rng=1)``); ``seed``: the network's training (``trained_bn_network``) and
    the batches drawn (notebook 17: 0)."""

    def __init__(self, task, *, batch_size: int = 16, running_beta: float = 0.9, steps: int = 20, seed: int,
                 layer: int = 4, unit: int = 0):
        # every start value is checked before the network is trained
        check_task(task)
        batch_size = _validate.option("batch_size", batch_size, RUN_BATCH_SIZES)
        running_beta = _validate.option("running_beta", running_beta, RUN_BETAS)
        steps = _validate.option("steps", steps, RUN_STEPS)
        self.seed = _validate.integer("seed", seed, low=0)
        self.layer = _validate.integer("layer", layer, low=1, high=bn_exp.DEPTH)
        self.unit = _validate.integer("unit", unit, low=0, high=bn_exp.WIDTH - 1)
        self.task = task
        seed = self.seed
        self.net = bn_exp.trained_bn_network(self.task, seed=seed)     # once: slider-independent
        controls = {
            "batch_size": widgets.SelectionSlider(options=list(RUN_BATCH_SIZES), value=batch_size,
                                                  description="batch size", style=STYLE,
                                                  layout=widgets.Layout(width="520px")),
            "running_beta": widgets.ToggleButtons(options=list(RUN_BETAS), value=running_beta,
                                                  description="running β", style=STYLE),
            "steps": widgets.SelectionSlider(options=list(RUN_STEPS), value=steps, description="steps", style=STYLE),
        }
        super().__init__(controls, main="batch_size", figsize=(10, 3.6))

    def setup(self, figure: Figure) -> None:
        ax = figure.add_subplot(pixel_grid(figure, left=84, right=22)[0, 0])
        (self.batch_pts,) = ax.plot([], [], ".", ms=4, color="0.5", label="this batch's mu")
        (self.running_line,) = ax.plot([], [], color="#4c72b0", lw=1.5, label="running average")
        self.whole_line = ax.axhline(0.0, color="#c44e52", ls="--", lw=1.2, label="whole training set")
        ax.set_xlabel("training step")
        ax.set_ylabel(f"mu of unit {self.unit + 1}, layer {self.layer}")
        # the y limits follow the data: the label stays 62 px left of the axes, clear of ticks up to "−0.35"
        ax.yaxis.set_label_coords(-62 / (ax.get_position().width * figure.bbox.width), 0.5)
        ax.legend(fontsize=TEXT, loc="upper right")
        self.ax = ax

    def compute(self, state: dict) -> dict:
        if state["batch_size"] < 2:
            return {"refused": True}
        return bn_exp.running_vs_batch(self.net, self.task.X_train, batch_size=state["batch_size"],
                                       steps=state["steps"], running_beta=state["running_beta"], layer=self.layer,
                                       unit=self.unit, rng=self.seed)

    def draw(self, result: dict, state: dict) -> None:
        if result.get("refused"):
            self.batch_pts.set_data([], [])
            self.running_line.set_data([], [])
            self.ax.set_title("batch size 1: training mode refuses it (every unit would be Z − mu = 0)", fontsize=TEXT)
            return
        t = np.arange(1, result["batch_mu"].size + 1)
        self.batch_pts.set_data(t, result["batch_mu"])
        self.running_line.set_data(t, result["running_mu"])
        self.whole_line.set_ydata([result["whole_mu"]] * 2)
        lo = min(result["batch_mu"].min(), result["running_mu"].min(), result["whole_mu"], 0.0)
        hi = max(result["batch_mu"].max(), result["running_mu"].max(), result["whole_mu"], 0.0)
        pad = 0.1 * (hi - lo) + 1e-3
        self.ax.set_xlim(0, max(t[-1], 2) + 0.5)
        self.ax.set_ylim(lo - pad, hi + pad)
        self.ax.set_title(f"eval vs train outputs: mean |ΔA| = {result['gap']:.2g}, "
                          f"{result['changed']:.0%} of predictions change", fontsize=TEXT)

    def describe(self, result: dict, state: dict) -> str:
        if result.get("refused"):
            return "batch size = 1 · refused in training mode"
        return (f"batch size = {state['batch_size']} · β = {state['running_beta']} · {state['steps']} steps · "
                f"{result['changed']:.0%} of predictions change at evaluation")
