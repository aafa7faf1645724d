"""Notebook 08: weight initialization. Static figures of the key cases and one live explorer.

``InitializationExplorer``: scheme (zeros, random x scale, He, LeCun, Glorot), activation (ReLU,
tanh) and depth (1 ... 50 hidden layers) ->

    std(A[l]) per layer of a 100-wide stack (log scale; for ReLU the He and LeCun predictions dashed)
    | histograms of A[1] and A[L] of that stack | the training cost of a [2, 8 x depth, 1] network on
    the circles (Adam, 150 iterations) | its decision boundary
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course2 import _validate
from course2.experiments import initialization as init_exp
from course2.experiments import tasks
from course2.training import diverged_text

from ._fit_views import (
    accuracy_text,
    boundary_artists,
    boundary_row,
    finite_prefix,
    nearest_first,
    result_text,
    task_boundary,
)
from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_row
from .registry import later, register

__all__ = ["DEPTHS", "InitializationExplorer", "boundaries_figure", "cost_curves_figure", "stack_figure"]

DEPTHS = (1, 2, 3, 5, 10, 15, 20, 30, 40, 50)
SCHEMES = (("zeros", "zeros"), ("random × scale", "random"), ("He", "he"), ("LeCun", "lecun"), ("Glorot", "glorot"))
SCALES = (0.01, 0.1, 1.0, 10.0)
A_BINS = np.linspace(-1.0, 3.0, 41)
STACK_WIDTH, STACK_M = 100, 300
STD_FLOOR, STD_CEIL = 1e-12, 1e12
#: one colour per scheme in both panels of ``stack_figure`` (He is C0 for ReLU and for tanh)
STACK_COLORS = {"He": "C0", "LeCun": "C1", "random × 0.01": "C2", "random × 1": "C3"}


def _histogram(values: np.ndarray, bins: np.ndarray) -> np.ndarray:
    values = values[np.isfinite(values)]
    counts, _ = np.histogram(np.clip(values, bins[0], bins[-1]), bins=bins)
    return counts / max(values.size, 1)


def _scheme_label(init: str, scale: float) -> str:
    name = dict((v, k) for k, v in SCHEMES)[init]
    return f"random × {scale:g}" if init == "random" else name


@register("initialization", task=later(init_exp.circles_task, rng=1), seed=0)
class InitializationExplorer(Explorer):
    """depth (main), scheme, scale (for random) and activation -> activation scales and a training run. ``task``:
    the data (notebook 08: ``circles_task(rng=1)``); ``seed``: the stacks' weights and inputs and the run's initial
    weights (notebook 08: 0)."""

    def __init__(self, task: tasks.Task, *, depth: int = 5, init: str = "he", activation: str = "relu",
                 scale: float = 10.0, seed: int, num_iterations: int = 150, every: int = 50, alpha: float = 0.01):
        _validate.option("depth", depth, DEPTHS)
        _validate.option("init", init, [v for _, v in SCHEMES])
        _validate.option("scale", scale, SCALES)
        _validate.option("activation", activation, ("relu", "tanh"))
        self.seed = _validate.integer("seed", seed, low=0)
        self.num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
        self.every = _validate.integer("every", every, low=1)
        self.alpha = _validate.real("alpha", alpha, low=0.0, low_open=True)
        self.task = tasks.check_task(task)
        style = {"description_width": "110px"}    # "scale (random)" whole, every control aligned
        controls = {
            "depth": widgets.SelectionSlider(options=list(DEPTHS), value=depth, description="depth", style=style,
                                             layout=widgets.Layout(width="520px")),
            "init": widgets.ToggleButtons(options=list(SCHEMES), value=init, description="init", style=style),
            "scale": widgets.SelectionSlider(options=list(SCALES), value=scale, description="scale (random)",
                                             style=style),
            "activation": widgets.ToggleButtons(options=[("ReLU", "relu"), ("tanh", "tanh")], value=activation,
                                                description="activation", style=style),
        }
        super().__init__(controls, main="depth", figsize=(12.5, 4.3), threaded=True)

    def key(self, state: dict) -> tuple:
        """The scale matters only for random: other schemes share one cache entry per depth and activation."""
        s = dict(state)
        if s["init"] != "random":
            s["scale"] = None
        return super().key(s)

    def setup(self, figure: Figure) -> None:
        # four panels in one row: gaps as wide as the tick labels and axis label beside each (none for the
        # boundary); one legend row under them for the std and histogram lines
        ax_s, ax_h, ax_c, ax_b = pixel_row(figure, [168, 156, 156, 184], [66, 76, 22], left=66, bottom=72, top=44)
        ax_s.set_yscale("log")
        ax_s.set_xlim(0.5, DEPTHS[-1] + 0.5)
        ax_s.set_ylim(1e-9, 1e9)
        ax_s.set_xlabel("layer l")
        ax_s.set_ylabel("std of A[l]")
        (self.std_line,) = ax_s.plot([], [], "o-", ms=2.5, lw=1.2, color="#4c72b0", label="this init")
        ls = np.arange(1, DEPTHS[-1] + 1)
        (self.he_line,) = ax_s.plot(ls, np.full(ls.size, 0.83), "--", lw=0.9, color="0.4", label="He predicted")
        (self.lecun_line,) = ax_s.plot(ls, 0.58 * np.sqrt(0.5) ** (ls - 1), ":", lw=1.1, color="0.4",
                                       label="LeCun predicted (1/√2)^(l-1)")
        self.ax_s = ax_s
        centers = (A_BINS[:-1] + A_BINS[1:]) / 2
        self.hist_first = ax_h.stairs(np.zeros(centers.size), A_BINS, color="#4c72b0", label="A[1]", lw=1.2)
        self.hist_last = ax_h.stairs(np.zeros(centers.size), A_BINS, color="#dd8452", label="A[L]", lw=1.2,
                                     fill=True, alpha=0.5)
        ax_h.set_xlim(A_BINS[0], A_BINS[-1])
        ax_h.set_ylim(0, 1.0)
        ax_h.set_xlabel("activation value (clipped to [-1, 3])")
        ax_h.set_ylabel("share of units")
        figure.legend([self.std_line, self.he_line, self.lecun_line, self.hist_first, self.hist_last],
                      ["std: this init", "He predicted", "LeCun predicted (1/√2)^(l-1)", "A[1]", "A[L]"],
                      loc="lower center", ncol=5, frameon=False, fontsize=TEXT, handlelength=1.5, columnspacing=1.5,
                      borderaxespad=0.2)
        self.ax_h = ax_h
        (self.cost_line,) = ax_c.semilogy([], [], color="#c44e52", lw=1.2)
        ax_c.set_xlim(0, self.num_iterations)
        ax_c.set_ylim(1e-3, 1e4)
        ax_c.set_xlabel("iteration (Adam)")
        ax_c.set_ylabel("cost J")
        self.ax_c = ax_c
        self.boundary = task_boundary(ax_b, self.task, resolution=60, s=6)
        self.ax_b = ax_b

    def prefetch_states(self, state: dict) -> list[dict]:
        return [{**state, "depth": d} for d in nearest_first(DEPTHS, state["depth"])[:2]]

    def compute(self, state: dict):
        init, act, depth, scale = state["init"], state["activation"], state["depth"], state["scale"]
        rng = np.random.default_rng([self.seed, depth])
        stds, _ = init_exp._one_stack([STACK_WIDTH] * (depth + 1), act, init, scale, STACK_M, rng)
        stack = {"std": stds}
        # the first and last layers' activations, for the histograms (drawn again: cheap, same seed)
        stack["first"], stack["last"] = _first_last(act, init, scale, depth, self.seed)
        for f in init_exp.deep_fit_progressively(self.task, depth=depth, init=init, activation=act, scale=scale,
                                                  alpha=self.alpha, num_iterations=self.num_iterations,
                                                  every=self.every, seed=self.seed):
            with np.errstate(all="ignore"):
                P = self.boundary.probabilities(f.net) if f.diverged_at is None else None
            yield _Frame(stack, fit=f, P=P)

    def draw(self, result: dict, state: dict) -> None:
        depth, init, act = state["depth"], state["init"], state["activation"]
        stds = np.clip(np.where(np.isfinite(result["std"]), result["std"], STD_CEIL), STD_FLOOR, STD_CEIL)
        self.std_line.set_data(np.arange(1, depth + 1), stds)
        relu = act == "relu"
        self.he_line.set_visible(relu)
        self.lecun_line.set_visible(relu)
        self.ax_s.set_title(f"{_scheme_label(init, state['scale'])}, {act}\n"
                            f"std A[{depth}] / A[1] = {_ratio_text(result['std'])}", fontsize=TEXT)
        self.hist_first.set_data(_histogram(result["first"], A_BINS))
        self.hist_last.set_data(_histogram(result["last"], A_BINS))
        self.ax_h.set_title(f"A[1] and A[{depth}]\nof the stack", fontsize=TEXT)
        f = result["fit"]
        cost = finite_prefix(f.cost)
        self.cost_line.set_data(np.arange(1, cost.size + 1), np.clip(cost, 1e-3, 1e4))
        if f.diverged_at is not None:
            self.ax_c.set_title(f"first cost {f.cost[0]:.3g}\n{diverged_text(f.diverged_at)}", fontsize=TEXT)
            self.boundary.clear()
            self.ax_b.set_title(diverged_text(f.diverged_at), fontsize=TEXT)
            return
        self.ax_c.set_title(f"first cost {f.cost[0]:.3g}\nlast {f.cost[-1]:.3g}", fontsize=TEXT)
        self.boundary.set_probabilities(np.nan_to_num(result["P"], nan=0.5))
        progress = "" if f.iteration >= self.num_iterations else f"\n(iteration {f.iteration})"
        self.ax_b.set_title(f"{accuracy_text(f.train_accuracy, f.dev_accuracy)}{progress}", fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [self.std_line, self.he_line, self.lecun_line, self.ax_s.title, self.hist_first, self.hist_last,
                self.ax_h.title, self.cost_line, self.ax_c.title, *boundary_artists(self.boundary), self.ax_b.title]

    def describe(self, result: dict, state: dict) -> str:
        f = result["fit"]
        return (f"depth = {state['depth']} · {_scheme_label(state['init'], state['scale'])} · {state['activation']}"
                f" · std A[L]/A[1] = {_ratio_text(result['std'])} · first cost {f.cost[0]:.3g} · {result_text(f)}")


class _Frame(dict):
    """One compute result: the stack's numbers and the fit so far; ``diverged_at`` for the explorer's banner."""

    def __init__(self, stack: dict, **more):
        super().__init__(stack, **more)
        self.diverged_at = more["fit"].diverged_at


def _ratio_text(std: np.ndarray) -> str:
    """std(A[L]) / std(A[1]) as printed: "0" for a stack whose activations die, "> 1e300" past float64."""
    if not std[0] > 0:
        return "undefined (A[1] = 0)"
    ratio = std[-1] / std[0]
    return f"{ratio:.2g}" if np.isfinite(ratio) else "> 1e300"


def _first_last(activation, init, scale, depth, seed):
    from course2 import activations, initialization

    rng = np.random.default_rng([seed, depth])
    weights = initialization.initialize_weights([STACK_WIDTH] * (depth + 1), init, rng=rng, scale=scale)
    A = rng.standard_normal((STACK_WIDTH, STACK_M))
    first = None
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for W in weights:
            A = activations.forward(activation, W @ A)
            if first is None:
                first = A.ravel().copy()
    return first, A.ravel()


def stack_figure(rows) -> Figure:
    """std(A[l]) against l for each ``StackScales`` (log scale), ReLU left, tanh right."""
    rows = _validate.items("rows", rows)
    for r in rows:
        _validate.instance("rows", r, init_exp.StackScales, "a list of StackScales (from stack_table)")
    if not any(r.activation == "relu" and r.init == "lecun" for r in rows):
        raise ValueError("rows must hold a relu, lecun row (the prediction starts from its A[1])")
    fig, axes = new_figure((12, 3.3), 1, 2)
    for ax, act in zip(axes, ("relu", "tanh")):
        for r in rows:
            if r.activation != act:
                continue
            label = _scheme_label(r.init, r.scale)
            std = np.clip(np.where(np.isfinite(r.std), r.std, STD_CEIL), 1e-60, 1e60)
            ax.semilogy(np.arange(1, r.depth + 1), std, lw=1.3, label=label, color=STACK_COLORS.get(label))
        if act == "relu":
            ls = np.arange(1, rows[0].depth + 1)
            first = next(r.std[0] for r in rows if r.activation == "relu" and r.init == "lecun")
            ax.semilogy(ls, first * np.sqrt(0.5) ** (ls - 1), "k:", lw=1.0, label="(1/√2)^(l-1), predicted")
        ax.set_xlabel("layer l")
        ax.set_ylabel("std of A[l]")
        ax.set_title(f"{'ReLU' if act == 'relu' else 'tanh'}: 50 layers of 100 units", fontsize=TEXT)
        ax.legend(fontsize=TEXT, loc="center left", bbox_to_anchor=(1.0, 0.5))     # beside: the lines fill the axes
    return fig


def cost_curves_figure(runs) -> Figure:
    """The cost per iteration of each ``InitRun`` (log scale)."""
    runs = init_exp._check_runs(runs)
    fig, ax = new_figure((9, 2.8))
    for r in runs:
        c = finite_prefix(r.history.cost)
        said = "" if r.diverged_at is None else f", {diverged_text(r.diverged_at)}"
        ax.semilogy(np.arange(1, c.size + 1), c, lw=1.2, label=f"{r.label}: first cost {r.first_cost:.3g}{said}")
    ax.set_xlabel("iteration (gradient descent)")
    ax.set_ylabel("cost J (log scale)")
    ax.legend(fontsize=TEXT)
    return fig


def boundaries_figure(task, runs) -> Figure:
    """The decision boundary of each ``InitRun``, accuracies in the titles."""
    task, runs = tasks.check_task(task), init_exp._check_runs(runs)
    titles = [f"{r.label}\n{result_text(r)}" for r in runs]
    return boundary_row(task, runs, titles)
