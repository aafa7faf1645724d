"""Notebook 09: gradient checking. Two compute explorers (curves precomputed in the constructor).

``EpsilonExplorer``: epsilon (1e-12 ... 1e-1, log) -> the relative error of a correct backward
pass against epsilon for centered and one-sided differences in float64 and float32 (the U of
truncation against round-off), the best epsilon of each curve marked, the current one read off.

``BugExplorer``: a planted bug (none, dW[2] doubled, ...) -> the relative error of every W[l], b[l]
(log bars) over the lecture's verdict bands: about 1e-7 fine, about 1e-5 look closer, >= 1e-3 bug.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course2 import _validate
from course2 import gradient_checking as gc
from course2.experiments import gradient_checking as gexp

from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_grid
from .registry import register

__all__ = ["BugExplorer", "EpsilonExplorer", "epsilon_figure"]

COLORS = {("centered", "float64"): "#4c72b0", ("one-sided", "float64"): "#55a868",
          ("centered", "float32"): "#c44e52", ("one-sided", "float32"): "#dd8452"}
FLOOR = 1e-17
#: the bug slider's readout where a bug's name is wider than ipywidgets' readout box (148 px): the first words,
#: which the status line (the whole name) contains
READOUTS = {"dropout mask redrawn per call": "dropout mask redrawn"}


def _draw_curves(ax, sweep: gexp.EpsilonSweep) -> dict:
    markers = {}
    for curve in gexp.CURVES:
        errs = np.maximum(sweep.errors[curve], FLOOR)
        ax.loglog(sweep.epsilons, errs, "-", lw=1.3, color=COLORS[curve], label=f"{curve[0]}, {curve[1]}")
        eps, err = sweep.best(*curve)
        ax.loglog([eps], [max(err, FLOOR)], "*", ms=11, color=COLORS[curve], mec="k", mew=0.5)
        markers[curve] = (eps, err)
    ax.axhspan(1e-3, 10, color="#c44e52", alpha=0.08, lw=0)
    ax.axhline(1e-7, color="0.3", lw=0.8, ls="--")
    ax.text(1.5e-12, 1.3e-7, "1e-7: the lecture's 'fine'", fontsize=TEXT, color="0.3")
    ax.text(1.5e-12, 2e-3, "≥ 1e-3: 'bug'", fontsize=TEXT, color="#c44e52")
    ax.set_xlim(sweep.epsilons[0] / 1.5, sweep.epsilons[-1] * 1.5)
    ax.set_ylim(3e-16, 5)       # (room for the legend under the curves at small epsilons)
    ax.set_xlabel("epsilon")
    ax.set_ylabel("relative error (correct backprop)")
    ax.legend(fontsize=TEXT, loc="lower left")     # (small epsilons: every curve is above 1e-7 there)
    return markers


def epsilon_figure(sweep: gexp.EpsilonSweep) -> Figure:
    """The four curves of ``sweep``, best epsilons starred."""
    _validate.instance("sweep", sweep, gexp.EpsilonSweep, "an EpsilonSweep (from epsilon_sweep)")
    fig, ax = new_figure((9, 3.6))
    _draw_curves(ax, sweep)
    ax.set_title("truncation (right) against round-off (left); ★ = best epsilon of each curve", fontsize=TEXT)
    return fig


@register("gradient_check_epsilon", seed=0)
class EpsilonExplorer(Explorer):
    """epsilon (log slider) -> the four error curves with the current epsilon marked and read off. ``seed``: the
    sweep's problem (``epsilon_sweep(seed=seed)``, notebook 09: 0)."""

    def __init__(self, *, epsilon: float = 1e-7, seed: int):
        _validate.option("epsilon", epsilon, [10.0 ** (k / 4) for k in range(-48, -3)])
        seed = _validate.integer("seed", seed, low=0)
        self.sweep = gexp.epsilon_sweep(seed=seed)
        controls = {"epsilon": widgets.FloatLogSlider(value=epsilon, base=10, min=-12, max=-1, step=0.25,
                                                      description="epsilon", readout_format=".0e",
                                                      layout=widgets.Layout(width="500px"))}
        super().__init__(controls, main="epsilon", figsize=(9.5, 3.8), threaded=False)

    def setup(self, figure: Figure) -> None:
        ax = figure.add_subplot(pixel_grid(figure, left=74, right=18)[0, 0])
        _draw_curves(ax, self.sweep)
        self.vline = ax.axvline(1e-7, color="k", lw=1.0)
        self.dots = {c: ax.plot([1e-7], [1e-7], "o", ms=6, color=COLORS[c], mec="k", mew=0.6)[0] for c in gexp.CURVES}
        self.ax = ax

    def compute(self, state: dict) -> dict:
        eps = state["epsilon"]
        return {c: self.sweep.at(*c, eps) for c in gexp.CURVES}

    def draw(self, result: dict, state: dict) -> None:
        eps = state["epsilon"]
        self.vline.set_xdata([eps, eps])
        for c, dot in self.dots.items():
            dot.set_data([eps], [max(result[c], FLOOR)])
        self.ax.set_title(f"epsilon = {eps:.0e}: centered float64 {result[('centered', 'float64')]:.1e} · "
                          f"centered float32 {result[('centered', 'float32')]:.1e}", fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [self.vline, *self.dots.values(), self.ax.title]

    def describe(self, result: dict, state: dict) -> str:
        parts = [f"{c[0]} {c[1]} {result[c]:.1e} ({gc.verdict(result[c])})" for c in gexp.CURVES]
        return f"epsilon = {state['epsilon']:.0e} · " + " · ".join(parts)


@register("gradient_check_bugs", seed=0)
class BugExplorer(Explorer):
    """planted bug (a SelectionSlider over ``BUGS``) -> the per-parameter relative errors and the verdict.
    ``seed``: the table's problem (``bug_table(seed=seed)``, notebook 09: 0)."""

    def __init__(self, *, bug: str = "none", seed: int):
        _validate.option("bug", bug, gexp.BUGS)
        seed = _validate.integer("seed", seed, low=0)
        self.table = gexp.bug_table(seed=seed)
        options = [(READOUTS.get(b, b), b) for b in gexp.BUGS]
        controls = {"bug": widgets.SelectionSlider(options=options, value=bug, description="planted bug",
                                                   layout=widgets.Layout(width="600px"),
                                                   style={"description_width": "initial"})}
        super().__init__(controls, main="bug", figsize=(9.5, 3.6), threaded=False)

    def setup(self, figure: Figure) -> None:
        ax = figure.add_subplot(pixel_grid(figure, left=74, right=14, bottom=30)[0, 0])
        names = [p.name for p in self.table["none"].parameters] + ["overall"]
        self.x = np.arange(len(names))
        ax.set_yscale("log")
        ax.set_ylim(1e-11, 3)
        ax.axhspan(1e-11, 1e-6, color="#55a868", alpha=0.12, lw=0)
        ax.axhspan(1e-6, 1e-3, color="#dd8452", alpha=0.12, lw=0)
        ax.axhspan(1e-3, 3, color="#c44e52", alpha=0.12, lw=0)
        for y, text in ((3e-10, "fine (≈ 1e-7 or less)"), (3e-5, "look closer (≈ 1e-5)"), (0.3, "bug (≥ 1e-3)")):
            ax.text(len(names) + 1.9, y, text, ha="right", fontsize=TEXT, color="0.25")
        self.bars = ax.bar(self.x, np.ones(len(names)), bottom=1e-11, color=["#4c72b0"] * (len(names) - 1) + ["0.3"])
        self.labels = [ax.text(i, 1e-10, "", ha="center", va="bottom", fontsize=TEXT) for i in self.x]
        ax.set_xticks(self.x, names)
        ax.set_xlim(-0.6, len(names) + 2.0)
        ax.set_ylabel("relative error")
        self.ax = ax

    def compute(self, state: dict) -> gc.GradientCheck:
        return self.table[state["bug"]]

    def draw(self, result: gc.GradientCheck, state: dict) -> None:
        values = [p.relative_error for p in result.parameters] + [result.relative_error]
        for bar, label, v in zip(self.bars, self.labels, values):
            h = max(v, 2e-11)
            bar.set_height(h - 1e-11)
            label.set_y(h * 1.3)
            label.set_text(f"{v:.0e}")
        flagged = gexp.flagged(result)
        where = ("no parameter flagged" if not flagged else f"flagged: {', '.join(flagged)}"
                 if len(flagged) < len(result.parameters) else "every parameter flagged")
        self.ax.set_title(f"{state['bug']}: {result.relative_error:.1e} ({result.verdict}); {where}", fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [*self.bars, *self.labels, self.ax.title]

    def describe(self, result: gc.GradientCheck, state: dict) -> str:
        flagged = gexp.flagged(result)
        return (f"planted bug = {state['bug']} · relative error {result.relative_error:.1e} ({result.verdict}) · "
                f"worst {result.worst.name}" + (f" · flagged {', '.join(flagged)}" if flagged else ""))
