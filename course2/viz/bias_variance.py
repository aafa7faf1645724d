"""Notebook 02: bias and variance, and the basic recipe, on networks trained live.

``BiasVarianceExplorer``: sliders for hidden units per layer (main), hidden layers, training-set
size, label noise and the Bayes error the diagnosis assumes. It trains the network (in the
worker thread, progressively) and shows the decision boundary over the training set and over the
dev set, and the error bars (Bayes, train, dev) with the verdict of ``course2.diagnosis`` and the
recipe's next step. The Bayes-error slider changes only the verdict (no retraining); the dashed
line marks the data's true Bayes error (``course2.experiments.bias_variance.bayes_error``).
Below them, the learning curves: train/dev error against the training-set size m (at the current
width and depth) and against the hidden units per layer (at the current m), the current point
ringed. They are read from the fits already trained and cached: while idle the explorer trains
every m and every width of the current setting (prefetch), and a point not trained yet is not
drawn (the status line names the missing ones; they appear at the next picture).

Static figures for the notebook: ``cases_figure`` (the notes' four cases + one with Bayes error
15%) and ``capacity_figure`` (small multiples of boundaries); the tables are in
``course2.experiments.bias_variance``.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from functools import cached_property

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from course2 import _validate, diagnosis
from course2.experiments import bias_variance as bv
from course2.experiments import tasks
from course2.training import diverged_text

from ._fit_views import nearest_first
from .boundary import DecisionBoundary, extent_of
from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_axes, pixel_row
from .registry import register

__all__ = ["BiasVarianceExplorer", "capacity_figure", "cases_figure"]

HIDDEN_UNITS = (1, 2, 3, 4, 6, 8, 16, 32)
M_TRAIN = (25, 50, 100, 200, 400)
LABEL_NOISE = (("0%", 0.0), ("5%", 0.05), ("10%", 0.1), ("15%", 0.15), ("20%", 0.2), ("30%", 0.3))
RESOLUTION = 100
BAR_COLORS = ("0.6", "#4c72b0", "#dd8452")     # Bayes, train, dev
VERDICT_COLORS = {"high bias": "#b35806", "high variance": "#542788", "high bias and high variance": "crimson",
                  "low bias and low variance": "#1b7837"}


def _extent(seed: int) -> tuple:
    pool = tasks.bias_variance_task(tasks.BV_POOL_SIZE, 0.0, seed=seed)
    return extent_of(pool.X_train, pool.X_dev, margin=0.05)


@dataclass(frozen=True)
class Shown:
    """What one picture needs: the fit, the data, the data's Bayes error and (computed on first use,
    so partial results that are never drawn cost nothing) the probability grid."""

    fit: tasks.Fit
    problem: tasks.Task
    true_bayes: float
    layer: DecisionBoundary = field(repr=False)

    @cached_property
    def P(self) -> np.ndarray:
        with np.errstate(over="ignore", invalid="ignore"):
            P = self.layer.probabilities(self.fit.net)
        P.setflags(write=False)
        return P

    @property
    def diverged_at(self):
        return self.fit.diverged_at


class ErrorBars:
    """Bars for Bayes / train / dev error with the gaps, the verdict and the next step (in place)."""

    def __init__(self, ax, text_ax=None, *, fontsize: float = TEXT, steps: bool = True):
        _validate.instance("ax", ax, Axes, "a matplotlib Axes")
        if text_ax is not None:
            _validate.instance("text_ax", text_ax, Axes, "a matplotlib Axes or None")
        fontsize = _validate.real("fontsize", fontsize, low=0.0, low_open=True)
        self.ax = ax
        self.bars = ax.bar(["Bayes", "train", "dev"], [0, 0, 0], color=BAR_COLORS, width=0.6)
        self.values = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=fontsize) for i in range(3)]
        self.true_line = ax.axhline(np.nan, color="k", ls="--", lw=0.9)
        self.bias_span = ax.annotate("", (1.38, 0), (1.38, 0), arrowprops={"arrowstyle": "<->", "color": "#b35806"})
        self.var_span = ax.annotate("", (2.38, 0), (2.38, 0), arrowprops={"arrowstyle": "<->", "color": "#542788"})
        ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
        ax.set_ylabel("error")
        self.text_ax = text_ax
        self.steps = steps
        target = text_ax if text_ax is not None else ax
        if text_ax is not None:
            text_ax.set_axis_off()
            self.verdict = text_ax.text(0.0, 1.0, "", transform=text_ax.transAxes, va="top", fontsize=fontsize + 1.5,
                                        weight="bold")
            self.detail = text_ax.text(0.0, 0.7, "", transform=text_ax.transAxes, va="top", fontsize=fontsize,
                                       linespacing=1.35)
        else:
            self.verdict = target.text(0.5, 0.97, "", transform=ax.transAxes, ha="center", va="top",
                                       fontsize=fontsize, weight="bold")
            self.detail = None

    def show_diverged(self, text: str, *, bayes_error: float, true_bayes: float | None = None,
                      ymax: float = 0.5) -> None:
        """No train/dev bars, gaps or verdict (a diverged network's errors mean nothing): only the
        Bayes bar, the true Bayes line and ``text`` ("diverged at iteration N") as the verdict."""
        self.update(diagnosis.diagnose(bayes_error, bayes_error, bayes_error=bayes_error), true_bayes=true_bayes,
                    ymax=ymax)
        for artist in (*self.bars[1:], *self.values[1:], self.bias_span, self.var_span):
            artist.set_visible(False)
        self.verdict.set_text(text)
        self.verdict.set_color("crimson")
        if self.detail is not None:
            lines = ["try a smaller learning rate"]
            if true_bayes is not None:
                lines.append(f"- - -  this data's Bayes error: {100 * true_bayes:.1f}%")
            self.detail.set_text("\n".join(lines))

    def update(self, d: diagnosis.Diagnosis, *, true_bayes: float | None = None, ymax: float | None = None) -> None:
        for artist in (*self.bars, *self.values):
            artist.set_visible(True)
        values = (d.bayes_error, d.train_error, d.dev_error)
        top = ymax if ymax is not None else max(0.35, 1.25 * max(values))
        for bar, label, v in zip(self.bars, self.values, values):
            bar.set_height(v)
            label.set_position((label.get_position()[0], v + 0.01 * top))
            label.set_text(f"{100 * v:.1f}%")
        self.ax.set_ylim(0, top)
        for span, x, lo, hi in ((self.bias_span, 1.38, d.bayes_error, d.train_error),
                                (self.var_span, 2.38, d.train_error, d.dev_error)):
            span.xy = (x, hi)
            span.set_position((x, lo))
            span.set_visible(abs(hi - lo) > 0.01 * top)
        if true_bayes is None:
            self.true_line.set_visible(False)
        else:
            self.true_line.set_visible(True)
            self.true_line.set_ydata([true_bayes, true_bayes])
        self.verdict.set_text(d.label)
        self.verdict.set_color(VERDICT_COLORS[d.label])
        if self.detail is not None:
            lines = [f"avoidable bias {100 * d.avoidable_bias:+.1f} points, variance {100 * d.variance:+.1f} points",
                     *textwrap.wrap("next: " + d.next_steps[0], 58, subsequent_indent="   ")]
            if self.steps and d.high_bias and d.high_variance:
                lines += textwrap.wrap("then: " + diagnosis.VARIANCE_STEPS[0], 58, subsequent_indent="   ")
            elif self.steps and len(d.next_steps) > 1:
                lines += textwrap.wrap("or: " + d.next_steps[1], 58, subsequent_indent="   ")
            if true_bayes is not None:
                lines.append(f"- - -  this data's Bayes error: {100 * true_bayes:.1f}%")
            self.detail.set_text("\n".join(lines))


@register("bias_variance", seed=0)
class BiasVarianceExplorer(Explorer):
    """Capacity, data and label noise -> boundaries, train/dev error and the diagnosis. ``seed``: the data
    (``tasks.bias_variance_task``) and the initial weights of every network trained (notebook 02: 0)."""

    #: the pictures of prefetched neighbours are drawn while idle: a key press publishes them at once
    render_ahead = True
    #: the curves draw every trained value from the cache: redraw as the prefetch trains them
    redraw_when_cached = True

    def __init__(self, *, hidden_units: int = 32, depth: int = 2, m_train: int = 50, label_noise: float = 0.1,
                 bayes_error: float = 0.0, num_iterations: int = bv.NUM_ITERATIONS, alpha: float | None = None,
                 seed: int):
        hidden_units = _validate.option("hidden_units", hidden_units, HIDDEN_UNITS)
        depth = _validate.integer("depth", depth, low=1, high=3)
        m_train = _validate.option("m_train", m_train, M_TRAIN)
        label_noise = _validate.option("label_noise", label_noise, [v for _, v in LABEL_NOISE])
        bayes_error = _validate.real("bayes_error", bayes_error, low=0.0, high=0.35)
        self.num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
        self.alpha = None if alpha is None else _validate.real("alpha", alpha, low=0.0, low_open=True)
        self.seed = _validate.integer("seed", seed, low=0)
        self.extent = _extent(self.seed)
        style = {"description_width": "150px"}
        layout = widgets.Layout(width="560px")       # a 320 px track beside the 150 px labels
        controls = {
            "hidden_units": widgets.SelectionSlider(options=HIDDEN_UNITS, value=hidden_units,
                                                    description="hidden units / layer", style=style, layout=layout),
            "depth": widgets.IntSlider(value=depth, min=1, max=3, description="hidden layers", style=style,
                                       layout=layout),
            "m_train": widgets.SelectionSlider(options=M_TRAIN, value=m_train, description="training examples",
                                               style=style, layout=layout),
            "label_noise": widgets.SelectionSlider(options=LABEL_NOISE, value=label_noise,
                                                   description="label noise", style=style, layout=layout),
            "bayes_error": widgets.FloatSlider(value=bayes_error, min=0.0, max=0.35, step=0.005,
                                               description="Bayes error (assumed)", readout_format=".1%",
                                               style=style, layout=layout),
        }
        super().__init__(controls, main="hidden_units", figsize=(12.5, 7.2), threaded=True, cache_size=160)

    # the Bayes error only changes the verdict: it is not part of what is trained and cached
    def key(self, state):
        return tuple(v for name, v in zip(self.controls, super().key(state)) if name != "bayes_error")

    def prefetch_states(self, state):
        """While idle: every other width (nearest first: the main slider, and the learning curve against
        width), then every m at this width (the curve against m), then one layer more and one fewer. A fit
        costs 40-150 ms here (more on a CPU without AVX-512): after the first picture, a student stepping
        through the main slider finds each width ready, and the curves fill in."""
        widths = [{**state, "hidden_units": h} for h in nearest_first(HIDDEN_UNITS, state["hidden_units"])]
        ms = [{**state, "m_train": m} for m in nearest_first(M_TRAIN, state["m_train"])]
        depths = [{**state, "depth": d} for d in (state["depth"] + 1, state["depth"] - 1)
                  if self.controls["depth"].min <= d <= self.controls["depth"].max]
        return widths + ms + depths

    def curve_points(self, state, result=None) -> dict:
        """The learning curves' points from the cache: {"m": [(m, train, dev) ...], "width": [(h, train,
        dev) ...], "missing_m": [...], "missing_width": [...]}; ``result`` (the one shown) stands for the
        current state. A diverged fit is left out (and counted as missing)."""
        out = {"m": [], "width": [], "missing_m": [], "missing_width": []}
        for axis, name, values in (("m", "m_train", M_TRAIN), ("width", "hidden_units", HIDDEN_UNITS)):
            for v in values:
                s = {**state, name: v}
                shown = result if (result is not None and v == state[name]) else self._cache.get(self.key(s))
                if shown is None or shown.fit.diverged_at is not None:
                    out[f"missing_{axis}"].append(v)
                else:
                    out[axis].append((v, shown.fit.train_error, shown.fit.dev_error))
        return out

    def setup(self, figure):
        # in pixels (900 x 518): the two boundaries, the bars over the verdict and its next steps (400 px wide
        # for lines of up to 58 characters), and the two learning curves under them
        ax_train = pixel_axes(figure, 10, 200, 228, 270)
        ax_dev = pixel_axes(figure, 250, 200, 228, 270)
        self.train_layer = DecisionBoundary(ax_train, self.extent, resolution=RESOLUTION)
        self.dev_layer = DecisionBoundary(ax_dev, self.extent, resolution=RESOLUTION)
        self.ax_train, self.ax_dev = ax_train, ax_dev
        self.bars = ErrorBars(pixel_axes(figure, 560, 350, 320, 120), pixel_axes(figure, 496, 200, 400, 112),
                              fontsize=TEXT)
        self.suptitle = figure.suptitle("", fontsize=TEXT, y=0.995)
        self.ax_m, self.ax_h = pixel_row(figure, [360, 380], [80], left=66, bottom=44, top=518 - 44 - 118)
        self.curves = {}
        for ax, values, xlabel in ((self.ax_m, M_TRAIN, "training-set size m"),
                                   (self.ax_h, HIDDEN_UNITS, "hidden units per layer")):
            ax.set_xscale("log", base=2)
            ax.set_xticks(values, [str(v) for v in values])
            ax.minorticks_off()
            ax.set_xlim(values[0] / 1.25, values[-1] * 1.25)
            ax.set_ylim(0, 0.5)
            ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
            ax.set_xlabel(xlabel, fontsize=TEXT)
            ax.set_ylabel("error", fontsize=TEXT)
            ax.grid(alpha=0.3)
            (train,) = ax.plot([], [], "o-", color=BAR_COLORS[1], ms=4, label="train")
            (dev,) = ax.plot([], [], "s-", color=BAR_COLORS[2], ms=4, label="dev")
            (here,) = ax.plot([], [], "o", ms=12, mfc="none", mec="k", mew=1.5, label="now")
            (bayes,) = ax.plot(values, [np.nan] * len(values), "--", color="0.4", lw=0.9)
            ax.legend(fontsize=TEXT, loc="upper right", ncol=3)
            self.curves[ax] = (train, dev, here, bayes)

    def compute(self, state):
        problem = tasks.bias_variance_task(state["m_train"], state["label_noise"], seed=self.seed,
                                           hidden_units=state["hidden_units"], depth=state["depth"])
        true_bayes = bv.bayes_error(state["label_noise"])
        # a superseded run stops within one step (stop_if_superseded); a partial result every 250 steps
        for f in tasks.fit_progressively(problem, seed=self.seed, every=250, num_iterations=self.num_iterations,
                                          alpha=self.alpha, callbacks=(self.stop_if_superseded,)):
            yield Shown(f, problem, true_bayes, self.train_layer)

    def _draw_curves(self, result, state):
        pts = self.curve_points(state, result)
        self.curve_state = pts
        arch = f"{state['hidden_units']} units × {state['depth']}"
        for ax, axis, name in ((self.ax_m, "m", "m_train"), (self.ax_h, "width", "hidden_units")):
            train, dev, here, bayes = self.curves[ax]
            rows = pts[axis]
            x = [r[0] for r in rows]
            train.set_data(x, [r[1] for r in rows])
            dev.set_data(x, [r[2] for r in rows])
            now = [r for r in rows if r[0] == state[name]]
            here.set_data([now[0][0]] * 2 if now else [], [now[0][1], now[0][2]] if now else [])
            bayes.set_ydata([result.true_bayes] * len(bayes.get_xdata()))
            missing = pts[f"missing_{axis}"]
            what = (f"error against m ({arch})" if axis == "m"
                    else f"error against width (m = {state['m_train']}, {state['depth']} layers)")
            ax.set_title(what + (f": {len(missing)} not trained yet" if missing else ""), fontsize=TEXT)

    def draw(self, result, state):
        f, problem = result.fit, result.problem
        self._draw_curves(result, state)
        self.train_layer.set_points(problem.X_train, problem.Y_train, "train", s=22)
        self.dev_layer.set_points(problem.X_dev, problem.Y_dev, "dev", s=7, linewidths=0.2)
        arch = " × ".join([str(f.hidden_units)] * f.depth)
        if f.diverged_at is not None:     # no boundary, errors or verdict of a diverged network
            text = diverged_text(f.diverged_at)
            for layer in (self.train_layer, self.dev_layer):
                layer.clear()
            self.ax_train.set_title(f"train set (m = {problem.m_train}):\n{text}", fontsize=TEXT)
            self.ax_dev.set_title(f"dev set ({problem.X_dev.shape[1]}):\n{text}", fontsize=TEXT)
            self.bars.show_diverged(text, bayes_error=state["bayes_error"], true_bayes=result.true_bayes)
            self.bars.ax.set_title(f"diagnosis, Bayes error = {100 * state['bayes_error']:.1f}%", fontsize=TEXT)
            self.suptitle.set_text(f"network [2, {arch}, 1] (tanh): Adam {text}, "
                                   f"label noise {100 * problem.label_noise:g}%")
            return
        for layer in (self.train_layer, self.dev_layer):
            layer.set_probabilities(result.P)
        self.ax_train.set_title(f"train set (m = {problem.m_train}): error {100 * f.train_error:.1f}%", fontsize=TEXT)
        self.ax_dev.set_title(f"dev set ({problem.X_dev.shape[1]}): error {100 * f.dev_error:.1f}%", fontsize=TEXT)
        d = f.diagnosis(state["bayes_error"])
        self.bars.update(d, true_bayes=result.true_bayes, ymax=0.5)
        self.bars.ax.set_title(f"diagnosis, Bayes error = {100 * state['bayes_error']:.1f}%", fontsize=TEXT)
        self.suptitle.set_text(f"network [2, {arch}, 1] (tanh), {f.iteration} Adam steps, "
                               f"label noise {100 * problem.label_noise:g}%")

    def dynamic_artists(self):
        out = [self.suptitle, self.ax_train.title, self.ax_dev.title, self.bars.ax.title]
        for ax, lines in self.curves.items():
            out += [*lines, ax.title]
        for layer in (self.train_layer, self.dev_layer):
            out += [layer.image, *layer.points.values()]
            if layer.contour is not None:
                out.append(layer.contour)
        b = self.bars
        return out + [*b.bars, *b.values, b.true_line, b.bias_span, b.var_span, b.verdict, b.detail]

    def _missing_text(self) -> str:
        pts = getattr(self, "curve_state", None)
        if not pts or not (pts["missing_m"] or pts["missing_width"]):
            return ""
        parts = []
        if pts["missing_m"]:
            parts.append("m = " + ", ".join(map(str, pts["missing_m"])))
        if pts["missing_width"]:
            parts.append("width " + ", ".join(map(str, pts["missing_width"])))
        return " · curves still training: " + "; ".join(parts)

    def describe(self, result, state):
        return self._describe(result, state) + self._missing_text()

    def _describe(self, result, state):
        f = result.fit
        if f.diverged_at is not None:
            return (f"hidden units = {f.hidden_units} · layers = {f.depth} · m = {result.problem.m_train} · "
                    f"label noise {100 * result.problem.label_noise:g}% · {diverged_text(f.diverged_at)}")
        d = f.diagnosis(state["bayes_error"])
        return (f"hidden units = {f.hidden_units} · layers = {f.depth} · m = {result.problem.m_train} · "
                f"label noise {100 * result.problem.label_noise:g}% · train {100 * f.train_error:.1f}% · "
                f"dev {100 * f.dev_error:.1f}% · Bayes {100 * d.bayes_error:.1f}% → {d.label}"
                + ("" if f.iteration >= self.num_iterations or f.diverged_at else f" (step {f.iteration})"))


# -- static pieces -----------------------------------------------------------------------------------
#: the notes' table, plus the 15%/16% case read with a Bayes error of 15%
CASES = tuple((train, dev, None) for train, dev, _ in diagnosis.NOTES_CASES) + ((0.15, 0.16, 0.15),)


def cases_figure() -> Figure:
    """The notes' four cases as error bars with their verdicts, and 15%/16% again with Bayes error 15%."""
    fig, axes = new_figure((12.5, 3.3), 1, len(CASES))
    for ax, (train, dev, bayes) in zip(axes, CASES):
        bars = ErrorBars(ax, fontsize=TEXT)
        d = diagnosis.diagnose(train, dev, bayes_error=bayes)
        bars.update(d, ymax=0.36)
        bars.verdict.set_text("")
        ax.set_ylabel("")
        ax.set_title(f"{100 * train:g}% / {100 * dev:g}%, Bayes {100 * d.bayes_error:g}%\n"
                     + d.label.replace(" and ", " and\n"),
                     fontsize=TEXT, color=VERDICT_COLORS[d.label])
    return fig


def capacity_figure(hidden_units=(1, 4, 32), m_trains=(50, 400), *, depth: int = 2, label_noise: float = 0.1,
                    fits: dict | None = None, seed: int, **fit_kwargs) -> Figure:
    """Small multiples: one boundary per (m_train, hidden units), train points on top, errors in the title.

    ``seed``: the data (``tasks.bias_variance_task``) and the initial weights of the fits it computes;
    ``fits`` maps (m_train, hidden_units) -> Fit to reuse fits already computed with that seed (e.g. for
    the table: ``capacity_grid(..., seed=seed)``); ``fit_kwargs`` go to the fits it computes. A fit whose
    run diverged gets no boundary and says "diverged at iteration N" in its title.
    """
    hidden_units = [_validate.integer("hidden_units", h, low=1, high=256) for h in _validate.items("hidden_units",
                                                                                                hidden_units)]
    m_trains = [_validate.integer("m_trains", m, low=2, high=tasks.BV_POOL_SIZE) for m in _validate.items("m_trains",
                                                                                                       m_trains)]
    depth = _validate.integer("depth", depth, low=1, high=6)
    label_noise = _validate.real("label_noise", label_noise, low=0.0, high=0.5)
    seed = _validate.integer("seed", seed, low=0)
    fits = {} if fits is None else _validate.instance("fits", fits, dict, "a dict {(m_train, hidden_units): Fit}")
    for key, f in fits.items():
        _validate.instance(f"fits[{key!r}]", f, tasks.Fit)
    extent = _extent(seed)
    fig, grid = new_figure((3.3 * len(hidden_units), 3.4 * len(m_trains)), len(m_trains), len(hidden_units),
                           squeeze=False)
    bayes = bv.bayes_error(label_noise)
    for row, m in zip(grid, m_trains):
        for ax, h in zip(row, hidden_units):
            problem = tasks.bias_variance_task(m, label_noise, seed=seed, hidden_units=h, depth=depth)
            f = fits.get((m, h)) or tasks.fit(problem, seed=seed,
                                              **({"num_iterations": bv.NUM_ITERATIONS} | fit_kwargs))
            layer = DecisionBoundary(ax, extent, resolution=RESOLUTION)
            layer.set_points(problem.X_train, problem.Y_train, s=14)
            if f.diverged_at is not None:
                layer.clear()
                ax.set_title(f"m = {m}, {h} units × {depth}:\n{diverged_text(f.diverged_at)}", fontsize=TEXT,
                             color="crimson")
                continue
            layer.set_probabilities(layer.probabilities(f.net))
            d = f.diagnosis(bayes)
            ax.set_title(f"m = {m}, {h} units × {depth}\ntrain {100 * f.train_error:.1f}% / dev "
                         f"{100 * f.dev_error:.1f}%\n{d.label}", fontsize=TEXT, color=VERDICT_COLORS[d.label])
    fig.suptitle(f"label noise {100 * label_noise:g}% (Bayes error {100 * bayes:.1f}%): rows = training-set size, "
                 f"columns = hidden units per layer", fontsize=TEXT)
    return fig
