"""Notebook 13: RMSprop. Paths of gradient descent and RMSprop on the bowl, and the effective step.

``RMSpropExplorer``: alpha, beta, epsilon and the valley's angle. Left: the bowl's contours (turned
by the angle) with gradient descent (blue) and RMSprop (green) at the same alpha; middle: each
coordinate's effective learning rate alpha / (sqrt(S) + epsilon) per step (log scale), with
gradient descent's alpha and alpha / epsilon as dashed lines; right: the cost of both per step
(log scale). Gradient descent diverges for alpha > 0.2 (= 2 / lambda_max); its path then stops
where it leaves the picture and the titles say where it diverged.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course2 import _validate, optimizers
from course2.experiments import momentum as mom
from course2.experiments import rmsprop as rms

from ._bowl import PATH_COLORS, draw_contours, drawable, set_contours
from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_grid
from .registry import register

__all__ = ["RMSpropExplorer", "effective_step_figure"]

SHOWN = 150
BETAS = (0.5, 0.9, 0.99, 0.999)
COORD_COLORS = ("#8c564b", "#9467bd")


@dataclass(frozen=True)
class RMSpropView:
    gd: mom.Run
    rmsprop: mom.Run
    effective: np.ndarray       # (SHOWN, 2)
    diverged_at = None          # GD's divergence is told in the titles and the status, not a banner


def _steps(r: mom.Run) -> str:
    if r.diverged_at is not None:
        return f"diverged at iteration {r.diverged_at}"
    return f"{r.steps_to_tol} steps" if r.steps_to_tol is not None else f"> {len(r.path.costs) - 1} steps"


@register("rmsprop")
class RMSpropExplorer(Explorer):
    """alpha (0.01 ... 3), beta, epsilon (1e-8 ... 1e4) and the angle (0 ... 45°) -> paths, effective steps, costs."""

    def __init__(self, *, alpha: float = 0.1, beta: float = 0.9, epsilon: float = 1e-8, angle: int = 0):
        alpha = _validate.real("alpha", alpha, low=0.01, high=10 ** 0.5)
        _validate.option("beta", beta, BETAS)
        epsilon = _validate.real("epsilon", epsilon, low=1e-8, high=1e4)
        _validate.option("angle", angle, range(0, 50, 5))
        style = {"description_width": "90px"}
        wide = widgets.Layout(width="520px")
        controls = {
            "alpha": widgets.FloatLogSlider(value=alpha, base=10, min=-2, max=0.5, step=0.1, description="α",
                                            style=style, layout=wide, readout_format=".3g"),
            "beta": widgets.SelectionSlider(options=[(f"{b:g}", b) for b in BETAS], value=beta,
                                            description="β", style=style, layout=wide),
            "epsilon": widgets.FloatLogSlider(value=epsilon, base=10, min=-8, max=4, step=1, description="ε",
                                              style=style, layout=wide, readout_format=".0e"),
            "angle": widgets.IntSlider(value=angle, min=0, max=45, step=5, description="valley angle °", style=style,
                                       layout=wide),
        }
        super().__init__(controls, main="alpha", figsize=(12.5, 4.5), threaded=False)

    def setup(self, figure: Figure) -> None:
        # one legend row under the panels: the runs' colors (paths, costs) and the effective-step lines
        gs = pixel_grid(figure, 1, 3, width_ratios=[1.5, 1, 1], left=62, right=24, top=60, bottom=70, wspace=80)
        self.ax_p, self.ax_e, self.ax_c = (figure.add_subplot(gs[0, i]) for i in range(3))
        q = mom.bowl()
        self.J0 = float(q.cost(rms.rotated_start(0)))
        self.contours = draw_contours(self.ax_p, q, self.J0)
        (self.start_dot,) = self.ax_p.plot(*rms.rotated_start(0), "ko", ms=4)
        self.ax_p.set_xlim(-12, 12)
        self.ax_p.set_ylim(-8, 8)
        self.ax_p.set_xlabel("w1")
        self.ax_p.set_ylabel("w2")
        (self.p_gd,) = self.ax_p.plot([], [], ".-", color=PATH_COLORS["gd"], lw=1, ms=3, label="gradient descent")
        (self.p_r,) = self.ax_p.plot([], [], ".-", color=PATH_COLORS["rmsprop"], lw=1, ms=3, label="RMSprop")
        t = np.arange(1, SHOWN + 1)
        self.e_lines = [self.ax_e.semilogy(t, np.ones(SHOWN), color=c, lw=1.2, label=f"w{i + 1}")[0]
                        for i, c in enumerate(COORD_COLORS)]
        (self.alpha_line,) = self.ax_e.semilogy([1, SHOWN], [1, 1], "--", color=PATH_COLORS["gd"], lw=0.8,
                                                label="α (gradient descent)")
        (self.eps_line,) = self.ax_e.semilogy([1, SHOWN], [1, 1], ":", color="k", lw=0.8, label="α / ε")
        self.ax_e.set_xlim(1, SHOWN)
        self.ax_e.set_ylim(1e-4, 1e3)
        self.ax_e.set_xlabel("step")
        self.ax_e.set_ylabel("α / (√S + ε)")
        figure.legend(handles=[self.p_gd, self.p_r, *self.e_lines, self.alpha_line, self.eps_line], loc="lower left",
                      bbox_to_anchor=(62 / figure.bbox.width, 0), ncol=6, frameon=False, fontsize=TEXT,
                      borderaxespad=0.2, columnspacing=1.6)
        t0 = np.arange(SHOWN + 1)
        (self.c_gd,) = self.ax_c.semilogy(t0, np.ones(SHOWN + 1), color=PATH_COLORS["gd"], lw=1)
        (self.c_r,) = self.ax_c.semilogy(t0, np.ones(SHOWN + 1), color=PATH_COLORS["rmsprop"], lw=1)
        self.ax_c.axhline(mom.TOL_FRACTION, color="0.5", lw=0.6, ls="--")
        self.ax_c.set_xlim(0, SHOWN)
        self.ax_c.set_ylim(1e-8, 1e3)
        self.ax_c.set_xlabel("step")
        self.ax_c.set_ylabel("J / J0")

    def compute(self, state: dict) -> RMSpropView:
        alpha, beta, eps, angle = state["alpha"], state["beta"], state["epsilon"], state["angle"]
        gd = rms.run(optimizers.GradientDescent(alpha), "gradient descent", angle, steps=400)
        r = rms.run(optimizers.RMSprop(alpha, beta, eps), "RMSprop", angle, steps=400)
        e = rms.effective_steps(alpha, beta, eps, angle, steps=SHOWN)
        return RMSpropView(gd, r, e)

    def draw(self, result: RMSpropView, state: dict) -> None:
        alpha, eps, angle = state["alpha"], state["epsilon"], state["angle"]
        q = mom.bowl(angle_deg=angle)
        set_contours(self.contours, q, self.J0)
        self.start_dot.set_data(*([v] for v in rms.rotated_start(angle)))
        for line, r in ((self.p_gd, result.gd), (self.p_r, result.rmsprop)):
            line.set_data(*drawable(r.path.points[: SHOWN + 1]).T)
        for line, col in zip(self.e_lines, result.effective.T):
            line.set_ydata(col)
        self.alpha_line.set_ydata([alpha, alpha])
        self.eps_line.set_ydata([alpha / eps, alpha / eps])
        for line, r in ((self.c_gd, result.gd), (self.c_r, result.rmsprop)):
            c = r.path.costs[: SHOWN + 1] / self.J0
            n = r.diverged_at if r.diverged_at is not None and r.diverged_at <= SHOWN else SHOWN + 1
            line.set_data(np.arange(n), np.maximum(c[:n], 1e-300))
        runs = f"GD {_steps(result.gd)} · RMSprop {_steps(result.rmsprop)}"
        if len(runs) > 34:     # ("GD diverged at iteration 3 · RMSprop > 400 steps" is wider than the panel)
            runs = runs.replace(" · ", "\n")
        self.ax_p.set_title(f"valley at {angle}°\n{runs}",
                            fontsize=TEXT)
        e10 = result.effective[min(9, SHOWN - 1)]
        self.ax_e.set_title(f"effective step per coordinate\nat step 10: w1/w2 = {e10[0] / e10[1]:.2g}", fontsize=TEXT)
        self.ax_c.set_title(f"cost (dashed: J = {mom.TOL_FRACTION:g} J0)\nα = {alpha:.3g}, ε = {eps:.0e}",
                            fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [*self.contours, self.start_dot, self.p_gd, self.p_r, *self.e_lines, self.alpha_line, self.eps_line,
                self.c_gd, self.c_r, self.ax_p.title, self.ax_e.title, self.ax_c.title]

    def describe(self, result: RMSpropView, state: dict) -> str:
        return (f"α = {state['alpha']:.3g} · β = {state['beta']:g} · ε = {state['epsilon']:.0e} · "
                f"angle = {state['angle']}° · gradient descent {_steps(result.gd)} · RMSprop {_steps(result.rmsprop)}")


def effective_step_figure(alpha: float = 0.1, angles=(0, 45), steps: int = 100) -> Figure:
    """alpha / (sqrt(S) + epsilon) of w1 and w2 per step, one panel per valley angle."""
    alpha = optimizers.check_alpha(alpha)
    angles = _validate.items("angles", angles)
    for a in angles:
        _validate.real("angles", a)
    steps = _validate.integer("steps", steps, low=10)
    fig, axes = new_figure((5.2 * len(angles), 3.4), 1, len(angles), squeeze=False, sharey=True)
    t = np.arange(1, steps + 1)
    for ax, angle in zip(axes[0], angles):
        e = rms.effective_steps(alpha, angle_deg=angle, steps=steps)
        for i, c in enumerate(COORD_COLORS):
            ax.semilogy(t, e[:, i], color=c, lw=1.2, label=f"w{i + 1}")
        ax.axhline(alpha, color=PATH_COLORS["gd"], ls="--", lw=0.8, label=f"gradient descent's α = {alpha:g}")
        ax.set_title(f"valley at {angle}°: w1/w2 at step 10 = {e[9, 0] / e[9, 1]:.2g}")
        ax.set_xlabel("step")
        ax.set_ylabel("α / (√S + ε)")
    fig.legend(*axes[0, 0].get_legend_handles_labels(), fontsize=TEXT, loc="outside lower center", ncol=3,
               frameon=False)     # under the panels: inside, it covered the first steps
    return fig
