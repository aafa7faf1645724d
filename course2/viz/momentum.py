"""Notebook 12: momentum. Paths of gradient descent and momentum on the elongated bowl.

``MomentumExplorer``: alpha, beta and the convention the momentum run is written in. Left: the
bowl's contours with both paths (gradient descent in blue, momentum in red); middle: the vertical
coordinate w2 per step (GD's zigzag, momentum's damped swing); right: the horizontal coordinate w1
per step (progress toward the minimum at 0). The momentum path is computed in the chosen
convention with the hyperparameters mapped from the lecture's (alpha, beta); the status line says
how far it is from the lecture's own path (rounding: below 1e-12).
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course2 import _validate, optimizers
from course2.ewma import check_beta
from course2.experiments import momentum as mom
from course2.training import diverged_text

from ._bowl import PATH_COLORS, draw_contours, drawable
from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_grid
from .registry import register

__all__ = ["BETAS", "MomentumExplorer", "paths_figure"]

BETAS = (0.0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99)
#: steps drawn in the per-step panels (runs are STEPS long for the step counts)
SHOWN = 150


def _runs_text(gd: mom.Run, m: mom.Run) -> str:
    def one(name, r):
        if r.diverged_at is not None:
            return f"{name} diverged at iteration {r.diverged_at}"
        steps = r.steps_to_tol if r.steps_to_tol is not None else f"> {len(r.path.costs) - 1}"
        return f"{name} {steps} steps, vertical travel {r.vertical_travel:.1f}"
    return f"{one('GD', gd)} · {one('momentum', m)}"


@dataclass(frozen=True)
class MomentumView:
    gd: mom.Run
    momentum: mom.Run               # computed in the chosen convention
    hyperparameters: tuple[float, float]
    max_difference: float           # from the lecture's own momentum path
    diverged_at = None              # GD's divergence is told in the titles and the status, not a banner


@register("momentum")
class MomentumExplorer(Explorer):
    """alpha (0.01 ... 0.40), beta and the convention -> GD and momentum paths, w2 and w1 per step."""

    def __init__(self, *, alpha: float = 0.19, beta: float = 0.9, convention: str = "lecture"):
        alpha = _validate.real("alpha", alpha, low=0.01, high=0.4)
        _validate.option("beta", beta, BETAS)
        _validate.option("convention", convention, list(mom.CONVENTIONS))
        self.surface = mom.bowl()
        self.J0 = float(self.surface.cost(np.array(mom.START)))
        style = {"description_width": "90px"}
        controls = {
            "alpha": widgets.FloatSlider(value=alpha, min=0.01, max=0.4, step=0.01, description="α", style=style,
                                         layout=widgets.Layout(width="520px")),
            "beta": widgets.SelectionSlider(options=[(f"{b:g}", b) for b in BETAS], value=beta, description="β",
                                            style=style, layout=widgets.Layout(width="520px")),
            "convention": widgets.ToggleButtons(options=list(mom.CONVENTIONS), value=convention,
                                                description="written as", style=style),
        }
        super().__init__(controls, main="alpha", figsize=(12.5, 4.5), threaded=False)

    def setup(self, figure: Figure) -> None:
        # the two runs' legend in a row under the panels (their colors in all three; inside, it hid the contours)
        gs = pixel_grid(figure, 1, 3, width_ratios=[1.5, 1, 1], left=62, right=24, top=60, bottom=70, wspace=80)
        self.ax_p, self.ax_v, self.ax_h = (figure.add_subplot(gs[0, i]) for i in range(3))
        x0, x1, y0, y1 = self.surface.bounds
        draw_contours(self.ax_p, self.surface, self.J0)
        self.ax_p.set_xlim(x0, x1)
        self.ax_p.set_ylim(-4, 4)
        self.ax_p.set_xlabel("w1 (shallow)")
        self.ax_p.set_ylabel("w2 (steep)")
        self.ax_p.plot(*mom.START, "ko", ms=4)
        (self.p_gd,) = self.ax_p.plot([], [], ".-", color=PATH_COLORS["gd"], lw=1, ms=3, label="gradient descent")
        (self.p_m,) = self.ax_p.plot([], [], ".-", color=PATH_COLORS["momentum"], lw=1, ms=3, label="momentum")
        figure.legend(loc="lower left", bbox_to_anchor=(62 / figure.bbox.width, 0), ncol=2, frameon=False,
                      fontsize=TEXT, borderaxespad=0.2)
        t = np.arange(SHOWN + 1)
        (self.v_gd,) = self.ax_v.plot(t, np.zeros_like(t, float), color=PATH_COLORS["gd"], lw=1)
        (self.v_m,) = self.ax_v.plot(t, np.zeros_like(t, float), color=PATH_COLORS["momentum"], lw=1)
        self.ax_v.axhline(0, color="0.6", lw=0.6)
        self.ax_v.set_xlim(0, SHOWN)
        self.ax_v.set_ylim(-3, 3)
        self.ax_v.set_xlabel("step")
        self.ax_v.set_ylabel("w2 (vertical)")
        (self.h_gd,) = self.ax_h.plot(t, np.zeros_like(t, float), color=PATH_COLORS["gd"], lw=1)
        (self.h_m,) = self.ax_h.plot(t, np.zeros_like(t, float), color=PATH_COLORS["momentum"], lw=1)
        self.ax_h.axhline(0, color="0.6", lw=0.6)
        self.ax_h.set_xlim(0, SHOWN)
        self.ax_h.set_ylim(-11, 3)
        self.ax_h.set_xlabel("step")
        self.ax_h.set_ylabel("w1 (horizontal)")

    def compute(self, state: dict) -> MomentumView:
        alpha, beta = state["alpha"], state["beta"]
        gd = mom.run(optimizers.GradientDescent(alpha), "gradient descent")
        convention = mom.CONVENTIONS[state["convention"]]
        m = mom.run(convention.optimizer(alpha, beta), "momentum")
        if convention.name == "lecture":
            difference = 0.0
        else:
            lecture = mom.run(optimizers.Momentum(alpha, beta), "momentum", steps=SHOWN)
            d = np.abs(m.path.points[: SHOWN + 1] - lecture.path.points)
            difference = float("inf") if np.isnan(d).any() else float(d.max())     # NaN: a run diverged
        return MomentumView(gd, m, convention.hyperparameters(alpha, beta), difference)

    def draw(self, result: MomentumView, state: dict) -> None:
        convention = mom.CONVENTIONS[state["convention"]]
        for line, r in ((self.p_gd, result.gd), (self.p_m, result.momentum)):
            line.set_data(*drawable(r.path.points[: 400]).T)
        for (v, h), r in (((self.v_gd, self.h_gd), result.gd), ((self.v_m, self.h_m), result.momentum)):
            pts = drawable(r.path.points[: SHOWN + 1])
            v.set_data(np.arange(len(pts)), pts[:, 1])
            h.set_data(np.arange(len(pts)), pts[:, 0])
        step, coefficient = result.hyperparameters
        letters = {"lecture": ("α", "β"), "PyTorch": ("lr", "μ"), "D2L / Distill": ("η", "β"), "CS231n": ("lr", "μ")}
        s, c = letters[convention.name]
        self.ax_p.set_title(f"{convention.formula}\n({s} = {step:.3g}, {c} = {coefficient:g})", fontsize=TEXT)
        self.ax_v.set_title(self._title("vertical", result), fontsize=TEXT)
        self.ax_h.set_title(self._horizontal_title(result), fontsize=TEXT)

    @staticmethod
    def _title(what: str, result: MomentumView) -> str:
        def travel(name, r):
            return f"{name} diverged" if r.diverged_at is not None else f"{name} {r.vertical_travel:.1f}"
        return f"w2: {what} travel\n{travel('GD', result.gd)} · {travel('momentum', result.momentum)}"

    @staticmethod
    def _horizontal_title(result: MomentumView) -> str:
        def steps(r):
            if r.diverged_at is not None:
                return diverged_text(r.diverged_at)
            return str(r.steps_to_tol) if r.steps_to_tol is not None else f"> {len(r.path.costs) - 1}"
        between = " · " if result.gd.diverged_at is None and result.momentum.diverged_at is None else "\n"
        return f"w1: steps to J ≤ 0.001 J0\nGD {steps(result.gd)}{between}momentum {steps(result.momentum)}"

    def dynamic_artists(self) -> list:
        return [self.p_gd, self.p_m, self.v_gd, self.v_m, self.h_gd, self.h_m, self.ax_p.title, self.ax_v.title,
                self.ax_h.title]

    def describe(self, result: MomentumView, state: dict) -> str:
        text = f"α = {state['alpha']:.2f} · β = {state['beta']:g} · " + _runs_text(result.gd, result.momentum)
        name = state["convention"]
        if name != "lecture":
            step, coefficient = result.hyperparameters
            text += (f" · written as {name} with step {step:.3g} and coefficient {coefficient:g}: max difference "
                     f"from the lecture's path {mom.difference_text(result.max_difference)}")
        return text


def paths_figure(alphas=(0.05, 0.19), beta: float = 0.9) -> Figure:
    """One contour panel per alpha with the gradient-descent and momentum paths (first 150 steps)."""
    alphas = [_validate.real("alphas", a, low=0.0, low_open=True) for a in _validate.items("alphas", alphas)]
    beta = check_beta(beta)
    q = mom.bowl()
    J0 = float(q.cost(np.array(mom.START)))
    fig, axes = new_figure((5.2 * len(alphas), 3.4), 1, len(alphas), squeeze=False)
    for ax, alpha in zip(axes[0], alphas):
        draw_contours(ax, q, J0)
        gd, m = mom.compare(alpha, beta)
        for r, key, label in ((gd, "gd", "gradient descent"), (m, "momentum", f"momentum, β = {beta:g}")):
            ax.plot(*drawable(r.path.points[: SHOWN + 1]).T, ".-", color=PATH_COLORS[key], lw=1, ms=2.5,
                    label=f"{label}: {mom._steps_text(r)}{'' if r.diverged_at is not None else ' steps'}")
        ax.set_xlim(-12, 12)
        ax.set_ylim(-4, 4)
        ax.set_title(f"α = {alpha:g}")
        ax.set_xlabel("w1 (shallow)")
        ax.set_ylabel("w2 (steep)")
        ax.legend(loc="upper right", fontsize=TEXT)
    return fig
