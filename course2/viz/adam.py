"""Notebook 14: Adam. The four optimizers on three surfaces, the first steps under each bias correction,
and the four training the same network on moons.

``AdamPathsExplorer`` (compute): alpha, beta1, beta2 and the bias-correction choice. Three panels of
paths (the bowl, Rosenbrock's valley, a saddle) with gradient descent, momentum (beta = beta1), RMSprop
(beta = beta2) and Adam at the same alpha; a fourth panel with |step t| / alpha of Adam under each
correction choice (constant gradient), the chosen one drawn thick. A diverging path stops where it
leaves the picture, and the panel's title says "diverged at iteration N".

``AdamMoonsExplorer`` (training): alpha and the seed. The four optimizers train the same network
([2, 5, 2, 1] ReLU, He) on the same mini-batches of 64 of the assignment's moons: the cost per epoch of
each, and each one's decision boundary with its dev accuracy.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from course2 import _validate, metrics, training
from course2.experiments import adam as A
from course2.experiments.momentum import bowl

from ._bowl import draw_contours, drawable
from ._fit_views import finite_prefix
from .boundary import DecisionBoundary, extent_of
from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_row
from .registry import register

__all__ = ["COLORS", "AdamMoonsExplorer", "AdamPathsExplorer", "first_steps_figure", "rescaled_figure",
           "surfaces_figure"]

COLORS = {"gd": "#4c72b0", "momentum": "#c44e52", "rmsprop": "#2ca02c", "adam": "#ff7f0e"}
CORRECTION_COLORS = {"both": "#ff7f0e", "neither": "#7f7f7f", "V only": "#9467bd", "S only": "#8c564b"}
SHORT = {"gd": "GD", "momentum": "mom.", "rmsprop": "RMS", "adam": "Adam"}
#: steps drawn by the paths explorer
SHOWN = 200
#: steps of the first-steps panel
FIRST = 200


def _limits(name: str) -> tuple[float, float, float, float]:
    return {"bowl": (-11.0, 3.0, -3.0, 3.0), "rosenbrock": (-2.0, 2.0, -1.0, 3.0),
            "saddle": (-2.0, 2.0, -2.0, 2.0)}[name]


def _static_contours(ax, name: str) -> None:
    """The surface's contours (grey), its minimum or saddle point, the start (black dot)."""
    if name == "bowl":
        q = bowl()
        draw_contours(ax, q, float(q.cost(A.start_of("bowl"))))
    else:
        x0, x1, y0, y1 = _limits(name)
        xs, ys = np.linspace(x0, x1, 121), np.linspace(y0, y1, 121)
        G = np.stack(np.meshgrid(xs, ys))
        J = A.surface(name).cost(G)
        if name == "rosenbrock":
            ax.contour(xs, ys, np.log10(J + 1e-3), levels=np.arange(-2, 3.5, 0.5), colors="0.75", linewidths=0.8)
            ax.plot(1.0, 1.0, "k+", ms=8)
        else:
            ax.contour(xs, ys, J, levels=np.linspace(-2, 2, 11), colors="0.75", linewidths=0.8)
            ax.plot(0.0, 0.0, "kx", ms=6)
    ax.plot(*A.start_of(name), "ko", ms=4)
    x0, x1, y0, y1 = _limits(name)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    for axis in (ax.xaxis, ax.yaxis):        # at most 5 tick labels: 12 px labels side by side in a narrow panel
        axis.set_major_locator(MaxNLocator(5, steps=[1, 2, 2.5, 5, 10]))


def _steps_word(r, name: str) -> str:
    if r.diverged_at is not None:
        return f"div. {r.diverged_at}"
    n = A.escape_step(r) if name == "saddle" else r.steps_to_tol
    return str(n) if n is not None else f">{len(r.path.costs) - 1}"


def _counts(runs: dict, name: str) -> str:
    """Each optimizer's count, two per line (a line of four is wider than a panel)."""
    words = [f"{SHORT[o]} {_steps_word(runs[o], name)}" for o in A.OPTIMIZER_NAMES]
    return "\n".join(" · ".join(words[i:i + 2]) for i in range(0, len(words), 2))


def _over_title(ax, text: str) -> None:
    """A fixed first title line (what a panel counts) over a two-line title that changes: drawn once with the
    static background, not on every redraw (each redrawn line costs ~1 ms)."""
    ax.annotate(text, (0.5, 1.0), xycoords="axes fraction", xytext=(0, 39), textcoords="offset pixels", ha="center",
                va="bottom", fontsize=TEXT)


def _title(runs: dict, name: str, *, full: bool = True) -> str:
    """Two lines: what is counted, then each optimizer's count ("div. N" = diverged at iteration N); ``full``
    adds a third line naming the first diverged run in the course's words (static figures)."""
    what = WHAT[name]
    diverged = [o for o in A.OPTIMIZER_NAMES if runs[o].diverged_at is not None]
    line2 = _counts(runs, name)
    if diverged and full:
        o = diverged[0]
        line2 += f"\n{A.LABELS[o]} {training.diverged_text(runs[o].diverged_at)}"
    return f"{what}\n{line2}"


WHAT = {"bowl": "bowl: steps to 1e-3 J0", "rosenbrock": "Rosenbrock: steps to 1e-3 J0",
        "saddle": "saddle: steps to |w2| ≥ 1"}


def _status_word(r, name: str) -> str:
    return training.diverged_text(r.diverged_at) if r.diverged_at is not None else _steps_word(r, name)


@dataclass(frozen=True)
class PathsView:
    runs: dict                  # surface name -> {optimizer: Run}
    factors: dict               # correction -> |step t| / alpha, t = 1..FIRST
    diverged_at = None          # a path's divergence is told in its panel's title and the status


@register("adam_paths")
class AdamPathsExplorer(Explorer):
    """alpha, beta1, beta2, bias correction -> the four optimizers on the bowl, Rosenbrock and a saddle."""

    def __init__(self, *, alpha: float = 0.1, beta1: float = 0.9, beta2: float = 0.999, correct: str = "both"):
        beta1s, beta2s = (0.5, 0.8, 0.9, 0.95, 0.99), (0.9, 0.99, 0.999, 0.9999)
        alpha = _validate.real("alpha", alpha, low=1e-3, high=1.0)
        beta1 = _validate.option("beta1", beta1, beta1s)
        beta2 = _validate.option("beta2", beta2, beta2s)
        correct = _validate.choice("correct", correct, A.CORRECTIONS)
        style = {"description_width": "110px"}
        wide = widgets.Layout(width="520px")
        controls = {
            "alpha": widgets.FloatLogSlider(value=alpha, base=10, min=-3, max=0, step=0.25, description="α",
                                            style=style, layout=wide, readout_format=".3g"),
            "beta1": widgets.SelectionSlider(options=[(f"{b:g}", b) for b in beta1s], value=beta1,
                                             description="β₁ (momentum)", style=style, layout=wide),
            "beta2": widgets.SelectionSlider(options=[(f"{b:g}", b) for b in beta2s], value=beta2,
                                             description="β₂ (RMSprop)", style=style, layout=wide),
            "correct": widgets.ToggleButtons(options=list(A.CORRECTIONS), value=correct,
                                             description="bias-correct", style=style),
        }
        super().__init__(controls, main="alpha", figsize=(12.5, 4.75), threaded=False)

    def setup(self, figure: Figure) -> None:
        # three-line titles (what is counted, then two counts per line); two legend rows under the panels: the
        # optimizers' colors, then the corrections' (inside, they covered the paths and the curves)
        *surfaces, self.ax_f = pixel_row(figure, [165, 186, 160, 146], [52, 52, 78], left=58, bottom=84, top=58)
        self.axes = dict(zip(A.SURFACE_NAMES, surfaces))
        self.lines = {}
        for name, ax in self.axes.items():
            _static_contours(ax, name)
            ax.set_xlabel("w1")
            _over_title(ax, WHAT[name])
            self.lines[name] = {o: ax.plot([], [], "-", color=COLORS[o], lw=1.2, label=A.LABELS[o])[0]
                                for o in A.OPTIMIZER_NAMES}
        self.axes["bowl"].set_ylabel("w2")
        left = 58 / figure.bbox.width
        figure.legend(handles=list(self.lines["bowl"].values()), loc="lower left",
                      bbox_to_anchor=(left, 22 / figure.bbox.height), ncol=4, frameon=False, fontsize=TEXT,
                      borderaxespad=0.2)
        t = np.arange(1, FIRST + 1)
        self.f_lines = {c: self.ax_f.loglog(t, np.ones(FIRST), color=CORRECTION_COLORS[c], lw=1, label=c)[0]
                        for c in A.CORRECTIONS}
        self.ax_f.set_xlim(1, FIRST)
        self.ax_f.set_ylim(0.05, 100)
        self.ax_f.set_xlabel("step t")
        self.ax_f.set_ylabel("Adam's |step| / α")
        _over_title(self.ax_f, "constant gradient")
        figure.legend(handles=list(self.f_lines.values()),
                      labels=[f"corrected: {c}" if i == 0 else c for i, c in enumerate(self.f_lines)],
                      loc="lower left", bbox_to_anchor=(left, 0), ncol=4, frameon=False, fontsize=TEXT,
                      borderaxespad=0.2)

    def compute(self, state: dict) -> PathsView:
        alpha, b1, b2, c = state["alpha"], state["beta1"], state["beta2"], state["correct"]
        runs = {name: A.surface_runs(name, alpha, beta1=b1, beta2=b2, correct=c, steps=SHOWN)
                for name in A.SURFACE_NAMES}
        t = np.arange(1, FIRST + 1, dtype=float)
        factors = {k: A.step_factor(t, beta1=b1, beta2=b2, correct=k) for k in A.CORRECTIONS}
        return PathsView(runs, factors)

    def draw(self, result: PathsView, state: dict) -> None:
        for name, runs in result.runs.items():
            for o, line in self.lines[name].items():
                line.set_data(*drawable(runs[o].path.points).T)
            self.axes[name].set_title(_counts(runs, name), fontsize=TEXT)
        for c, line in self.f_lines.items():
            line.set_ydata(result.factors[c])
            chosen = c == state["correct"]
            line.set_linewidth(2.8 if chosen else 0.9)
            line.set_alpha(1.0 if chosen else 0.6)
        f1 = result.factors[state["correct"]][0]
        self.ax_f.set_title(f"corrected: {state['correct']}\nstep 1 = {f1:.3g} α", fontsize=TEXT)

    def dynamic_artists(self) -> list:
        out = [line for lines in self.lines.values() for line in lines.values()]
        return out + list(self.f_lines.values()) + [ax.title for ax in self.axes.values()] + [self.ax_f.title]

    def describe(self, result: PathsView, state: dict) -> str:
        parts = []
        for name, runs in result.runs.items():
            parts.append(f"{name}: " + ", ".join(f"{SHORT[o]} {_status_word(runs[o], name)}"
                                                 for o in A.OPTIMIZER_NAMES))
        return (f"α = {state['alpha']:.3g} · β₁ = {state['beta1']:g} · β₂ = {state['beta2']:g} · corrected: "
                f"{state['correct']} · " + " · ".join(parts))


# -- the moons explorer ----------------------------------------------------------------------------------
#: mini-batch iterations per run (60 epochs of 5 mini-batches) and how often a partial picture is drawn
ITERATIONS = 300
CHUNK = 100
RESOLUTION = 50
MOONS_ALPHAS = (0.0007, 0.003, 0.01, 0.03, 0.1)


@dataclass(frozen=True)
class MoonsView:
    epoch_cost: dict            # optimizer -> mean cost per epoch so far (finite prefix)
    P: dict                     # optimizer -> (R, R) probabilities, or None if diverged
    dev_accuracy: dict          # optimizer -> float or None
    run_diverged_at: dict       # optimizer -> None or iteration
    iteration: int
    diverged_at: int | None     # the banner: the earliest divergence of the four (the titles say whose)


@register("adam_moons", seed=0)
class AdamMoonsExplorer(Explorer):
    """alpha and the seed -> gradient descent, momentum, RMSprop and Adam training one network on moons. ``seed``:
    the seed slider's first value (0 ... 4: the moons, the initial weights and the mini-batches; notebook 14: 0);
    its moons set the boundaries' extent, one for every seed."""

    def __init__(self, *, alpha: float = 0.01, seed: int, alphas=MOONS_ALPHAS, iterations: int = ITERATIONS):
        alphas = tuple(_validate.real("alpha", a, low=0.0, low_open=True) for a in _validate.items("alphas", alphas))
        alpha = _validate.option("alpha", alpha, alphas)
        self.first_seed = seed = _validate.integer("seed", seed, low=0, high=4)
        self.iterations = _validate.integer("iterations", iterations, low=1)
        self.chunk = min(CHUNK, self.iterations)
        style = {"description_width": "60px"}
        controls = {
            "alpha": widgets.SelectionSlider(options=[(f"{a:g}", a) for a in alphas], value=alpha, description="α",
                                             style=style, layout=widgets.Layout(width="520px")),
            "seed": widgets.IntSlider(value=seed, min=0, max=4, description="seed", style=style,
                                      layout=widgets.Layout(width="300px")),
        }
        super().__init__(controls, main="alpha", figsize=(12.5, 3.3), threaded=True)

    def setup(self, figure: Figure) -> None:
        # the cost panel, then the four boundaries about square (the picture is not stretched)
        self.ax_c, *boundary_axes = pixel_row(figure, [250] + [130] * 4, [28, 10, 10, 10], left=64, top=44)
        epochs = self.iterations // 5 + 1
        self.c_lines = {o: self.ax_c.semilogy([], [], color=COLORS[o], lw=1.4, label=A.LABELS[o])[0]
                        for o in A.OPTIMIZER_NAMES}
        self.ax_c.set_xlim(0, epochs)
        self.ax_c.set_ylim(0.05, 2.0)
        self.ax_c.set_xlabel("epoch (5 mini-batches of 64)")
        self.ax_c.set_ylabel("mean mini-batch cost")
        self.ax_c.legend(loc="lower left", fontsize=TEXT)
        task = A.moons_task(self.first_seed)
        extent = extent_of(task.X_train, margin=0.08)
        self.boundaries = {}
        for ax, o in zip(boundary_axes, A.OPTIMIZER_NAMES):
            self.boundaries[o] = DecisionBoundary(ax, extent, resolution=RESOLUTION)
        self._seed_shown = None

    def _points(self, seed: int) -> None:
        if self._seed_shown != seed:
            task = A.moons_task(seed)
            for b in self.boundaries.values():
                b.set_points(task.X_train, task.Y_train, "train", s=5)
            self._seed_shown = seed

    def compute(self, state: dict):
        alpha, seed = state["alpha"], state["seed"]
        task = A.moons_task(seed)
        nets, runs, last = {}, {}, {}
        for o in A.OPTIMIZER_NAMES:
            nets[o] = task.network(seed)
            runs[o] = training.train_progressively(
                nets[o], task.X_train, task.Y_train, optimizer=A.make_optimizer(o, alpha),
                num_iterations=self.iterations, batch_size=A.MOONS_BATCH, rng=np.random.default_rng([seed, 14, 2]),
                eval_every=self.iterations,
                report_every=self.chunk)
        grid = next(iter(self.boundaries.values())).grid
        done = 0
        while done < self.iterations:
            done = min(done + self.chunk, self.iterations)
            for o in A.OPTIMIZER_NAMES:
                if last.get(o) is None or last[o].diverged_at is None:
                    last[o] = next(runs[o], last.get(o))
            yield self._view(nets, last, grid, task, done)

    def _view(self, nets, last, grid, task, done) -> MoonsView:
        cost, P, dev, div = {}, {}, {}, {}
        for o in A.OPTIMIZER_NAMES:
            h = last[o]
            div[o] = h.diverged_at
            cost[o] = finite_prefix(h.epoch_cost if h.diverged_at is None else h.epoch_cost[:-1])
            if h.diverged_at is None:
                with np.errstate(all="ignore"):
                    P[o] = nets[o].forward(grid).reshape(RESOLUTION, RESOLUTION)
                    dev[o] = metrics.network_accuracy(nets[o], task.X_dev, task.Y_dev)
            else:
                P[o], dev[o] = None, None
        diverged = [d for d in div.values() if d is not None]
        return MoonsView(cost, P, dev, div, done, min(diverged) if diverged else None)

    def draw(self, result: MoonsView, state: dict) -> None:
        self._points(state["seed"])
        for o in A.OPTIMIZER_NAMES:
            c = result.epoch_cost[o]
            self.c_lines[o].set_data(np.arange(c.size), c)
            b = self.boundaries[o]
            b.set_probabilities(result.P[o])
            if result.run_diverged_at[o] is not None:
                text = training.diverged_text(result.run_diverged_at[o])
            else:
                text = f"dev {result.dev_accuracy[o]:.0%}"
            b.ax.set_title(f"{A.LABELS[o]}\n{text}", fontsize=TEXT)
        self.ax_c.set_title(f"α = {state['alpha']:g}, seed {state['seed']}: cost per epoch\n"
                            f"after {result.iteration} iterations", fontsize=TEXT)

    def dynamic_artists(self) -> list:
        out = [*self.c_lines.values(), self.ax_c.title]
        for b in self.boundaries.values():
            out += [b.image, *b.points.values(), b.ax.title] + ([b.contour] if b.contour is not None else [])
        return out

    def describe(self, result: MoonsView, state: dict) -> str:
        parts = []
        for o in A.OPTIMIZER_NAMES:
            d = result.run_diverged_at[o]
            parts.append(f"{A.LABELS[o]} " + (training.diverged_text(d) if d is not None
                                              else f"dev {result.dev_accuracy[o]:.0%}"))
        return f"α = {state['alpha']:g} · seed {state['seed']} · {result.iteration} iterations · " + " · ".join(parts)

    def prefetch_states(self, state: dict) -> list[dict]:
        values = [v for _, v in self.controls["alpha"].options]
        i = values.index(state["alpha"])
        return [{**state, "alpha": values[j]} for j in (i + 1, i - 1) if 0 <= j < len(values)]


# -- static figures ------------------------------------------------------------------------------------
def first_steps_figure(*, beta1: float = 0.9, beta2: float = 0.999, steps: int = 10000) -> Figure:
    """|step t| / alpha of Adam under each bias-correction choice, constant gradient, t = 1..steps (log-log)."""
    steps = _validate.integer("steps", steps, low=2)
    fig, ax = new_figure((6.4, 3.6))
    t = np.arange(1, steps + 1, dtype=float)
    for c in A.CORRECTIONS:
        ax.loglog(t, A.step_factor(t, beta1=beta1, beta2=beta2, correct=c), color=CORRECTION_COLORS[c],
                  lw=2.0 if c == "both" else 1.2, label=f"corrected: {c}")
    ax.axvline(1 / (1 - beta2), color="0.5", ls="--", lw=0.8)
    ax.text(1 / (1 - beta2), 40, " 1/(1−β₂)", fontsize=TEXT, color="0.3")
    ax.set_xlabel("step t")
    ax.set_ylabel("|step| / α")
    ax.set_ylim(0.05, 100)
    ax.set_title(f"constant gradient, β₁ = {beta1:g}, β₂ = {beta2:g}")
    fig.legend(*ax.get_legend_handles_labels(), fontsize=TEXT, loc="outside lower center", ncol=2,
               frameon=False)     # under the axes: inside, it covered the curves and the 1/(1−β₂) mark
    return fig


def surfaces_figure(alpha: float = 0.1, *, steps: int = SHOWN) -> Figure:
    """The four optimizers on the bowl, Rosenbrock and the saddle, all at alpha (default betas)."""
    fig, axes = new_figure((12.5, 3.9), 1, 3)
    for ax, name in zip(axes, A.SURFACE_NAMES):
        runs = A.surface_runs(name, alpha, steps=steps)
        _static_contours(ax, name)
        for o in A.OPTIMIZER_NAMES:
            ax.plot(*drawable(runs[o].path.points).T, ".-", color=COLORS[o], lw=1, ms=2, label=A.LABELS[o])
        ax.set_title(_title(runs, name), fontsize=TEXT)
        ax.set_xlabel("w1")
    axes[0].set_ylabel("w2")
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", fontsize=TEXT, ncol=4,
               frameon=False)     # under the panels: inside, it covered the bowl's paths
    return fig


def rescaled_figure(alpha: float = 0.1, factor: float = 1000.0, *, steps: int = 200) -> Figure:
    """Gradient descent and Adam on the bowl's J and on factor x J: Adam's two paths coincide."""
    r = A.rescaled_runs(alpha, factor, steps=steps)
    fig, axes = new_figure((10.0, 3.0), 1, 2, sharey=True)
    for ax, o in zip(axes, ("gd", "adam")):
        _static_contours(ax, "bowl")
        for run, style, label in ((r[o].runs[0], "-", "J"), (r[o].runs[1], "--", f"{factor:g} J")):
            pts = drawable(run.path.points)
            ax.plot(*pts.T, style, color=COLORS[o], lw=1.6 if style == "-" else 1.2, label=label)
        d = r[o].runs[1].diverged_at
        tail = training.diverged_text(d) + f" on {factor:g} J" if d is not None else "the same path on both"
        ax.set_title(f"{A.LABELS[o]}, α = {alpha:g}:\n{tail}", fontsize=TEXT)
        ax.set_xlabel("w1")
        ax.legend(fontsize=TEXT, loc="lower right")
    axes[0].set_ylabel("w2")
    return fig
