"""Notebook 06: normalizing inputs. Cost contours and the gradient-descent path per input transform.

``NormalizationExplorer``: the ratio of the two features' scales (1 to 100, log) and the input
transform (none, mean only, (x - mu)/sigma, the notes' (x - mu)/sigma^2) -> the contours of the
least-squares cost with the first gradient-descent steps on them (alpha = 1/lambda_max), the
iterations to the tolerance against the ratio for every transform, and the largest stable alpha
(bisection on runs, and 2/lambda_max) against the ratio.

The contour panel shows w - w* divided by one number R (the half-span of the outer contour), the
same on both axes: the shape (round or elongated) is the cost's own; R is in the title.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course2 import _validate
from course2.experiments import normalization as N

from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_grid
from .registry import register

__all__ = ["NormalizationExplorer", "contour_paths_figure", "ratio_sweep_figure"]

COLORS = {"none": "#c44e52", "mean": "#dd8452", "sigma": "#4c72b0", "variance": "#8172b2"}
LEVELS = (1.0, 0.3, 0.1, 0.03, 0.01, 0.003)   # contours at J - J* = (J(0) - J*) * LEVELS
PATH_STEPS = 200
RATIOS = tuple(float(10 ** (k / 10)) for k in range(21))      # the slider's values: 1 to 100 in tenths of a decade


def _view(result: N.CaseResult, path_steps: int = PATH_STEPS) -> dict:
    """What one contour panel draws, in units of R around w*: ellipses, the path, R."""
    q = result.quadratic
    w_star = q.w_star
    d0 = q.cost(np.zeros(2)) - q.J_star
    R = N.half_span(q, d0) * 1.05
    ellipses = [(N.level_ellipse(q, d0 * f) - w_star) / R for f in LEVELS]
    path = (N.gd_path(q, result.alpha, min(result.iterations, path_steps)) - w_star) / R
    return {"ellipses": ellipses, "path": path, "R": R, "w_star": w_star}


def _contour_axes(ax) -> None:
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("w1", fontsize=TEXT)
    ax.set_ylabel("w2", fontsize=TEXT)


ITERATIONS_LABEL = f"iterations to J − J* ≤\n{N.TOL:g} (J(0) − J*)"


def _path_note(result: N.CaseResult, shown: int) -> str:
    if result.iterations <= shown:
        return f"{result.iterations:,} iterations"
    return f"{result.iterations:,} iterations, first {shown} drawn"


def contour_paths_figure(ratio: float = 10.0, *, rng: int) -> Figure:
    """One contour panel per input transform at ``ratio``, with gradient descent's first steps."""
    task = N.scaled_task(ratio, rng=rng)
    fig, axes = new_figure((12, 4.0), 1, len(N.MODES))
    for ax, mode in zip(axes, N.MODES):
        res = N.case(task, mode, bisection=False)
        v = _view(res)
        for e in v["ellipses"]:
            ax.plot(e[:, 0], e[:, 1], color="0.6", lw=0.8)
        ax.plot(v["path"][:, 0], v["path"][:, 1], ".-", color=COLORS[mode], lw=0.9, ms=3)
        ax.plot([0], [0], "k*", ms=8)
        _contour_axes(ax)
        ax.set_title(f"{N.MODE_LABELS[mode]}\nλmax/λmin = {res.condition:.3g}\n{res.iterations:,} iterations",
                     fontsize=TEXT)
    return fig


def ratio_sweep_figure(sweep: N.RatioSweep) -> Figure:
    """Iterations to the tolerance and the largest stable alpha against the ratio, per transform."""
    _validate.instance("sweep", sweep, N.RatioSweep, "a RatioSweep (from ratio_sweep)")
    fig, (ax1, ax2) = new_figure((11, 3.4), 1, 2)
    for mode in N.MODES:
        ax1.loglog(sweep.ratios, sweep.iterations[mode], "o-", ms=3, color=COLORS[mode], label=N.MODE_LABELS[mode])
        ax2.loglog(sweep.ratios, sweep.alpha_max[mode], "o-", ms=3, color=COLORS[mode], label=N.MODE_LABELS[mode])
    ax1.set_xlabel("scale ratio σ2 / σ1")
    ax1.set_ylabel(ITERATIONS_LABEL, fontsize=TEXT)
    ax2.set_xlabel("scale ratio σ2 / σ1")
    ax2.set_ylabel("largest stable α = 2 / λmax")
    fig.legend(*ax1.get_legend_handles_labels(), loc="outside lower center", ncol=len(N.MODES), frameon=False,
               fontsize=TEXT, handlelength=1.5, columnspacing=1.5)
    return fig


@register("normalization", seed=0)
class NormalizationExplorer(Explorer):
    """ratio (1 ... 100, log) and input transform -> contours + path, iterations, largest stable alpha. ``seed``:
    the inputs (``scaled_task(ratio, rng=seed)``) of the picture and of the sweep (notebook 06: 0)."""

    def __init__(self, *, ratio: float = 10.0, mode: str = "none", seed: int):
        ratio = _validate.option("ratio", ratio, RATIOS)
        _validate.option("mode", mode, N.MODES)
        self.seed = _validate.integer("seed", seed, low=0)
        self.sweep = N.ratio_sweep(RATIOS, rng=seed)
        controls = {
            "ratio": widgets.FloatLogSlider(value=ratio, base=10, min=0, max=2, step=0.1,
                                            description="scale ratio", readout_format=".3g",
                                            layout=widgets.Layout(width="520px")),
            # 200 px buttons: at 170 px "notes: (x - mu) / sigma^2" was cut with …
            "mode": widgets.ToggleButtons(options=[(N.MODE_LABELS[m], m) for m in N.MODES], value=mode,
                                          description="inputs", style={"button_width": "200px"}),
        }
        super().__init__(controls, main="ratio", figsize=(12.5, 4.5), threaded=False)

    def setup(self, figure: Figure) -> None:
        # a legend row of the four transforms under the panels (their colors in all three)
        gs = pixel_grid(figure, 1, 3, left=30, right=14, top=46, bottom=72, wspace=100)
        ax_c, ax_i, ax_a = (figure.add_subplot(gs[0, i]) for i in range(3))
        self.ellipses = [ax_c.plot([], [], color="0.6", lw=0.8)[0] for _ in LEVELS]
        (self.path,) = ax_c.plot([], [], ".-", lw=0.9, ms=3)
        ax_c.plot([0], [0], "k*", ms=8)
        _contour_axes(ax_c)
        self.ax_c = ax_c
        s = self.sweep
        for mode in N.MODES:
            ax_i.loglog(s.ratios, s.iterations[mode], "-", color=COLORS[mode], lw=1.0, label=N.MODE_LABELS[mode])
            ax_a.loglog(s.ratios, s.alpha_max[mode], "-", color=COLORS[mode], lw=1.0)
        (self.marker_i,) = ax_i.plot([], [], "o", ms=8, mfc="none", mec="k", mew=1.5)
        (self.marker_a,) = ax_a.plot([], [], "o", ms=8, mfc="none", mec="k", mew=1.5, label="bisection on runs")
        ax_i.set_xlabel("scale ratio σ2 / σ1", fontsize=TEXT)
        ax_i.set_ylabel(ITERATIONS_LABEL, fontsize=TEXT)
        ax_a.set_xlabel("scale ratio σ2 / σ1", fontsize=TEXT)
        ax_a.set_ylabel("largest stable α", fontsize=TEXT)
        figure.legend(*ax_i.get_legend_handles_labels(), loc="lower center", ncol=len(N.MODES), frameon=False,
                      fontsize=TEXT, handlelength=1.5, columnspacing=1.5, borderaxespad=0.2)
        ax_a.legend(fontsize=TEXT, loc="lower left")
        self.ax_i, self.ax_a = ax_i, ax_a

    def compute(self, state: dict) -> dict:
        task = N.scaled_task(state["ratio"], rng=self.seed)
        res = N.case(task, state["mode"])
        return {"case": res, **_view(res)}

    def draw(self, result: dict, state: dict) -> None:
        res: N.CaseResult = result["case"]
        color = COLORS[res.mode]
        for line, e in zip(self.ellipses, result["ellipses"]):
            line.set_data(e[:, 0], e[:, 1])
        self.path.set_data(result["path"][:, 0], result["path"][:, 1])
        self.path.set_color(color)
        self.ax_c.set_title(f"λmax/λmin = {res.condition:.3g}, box w* ± {result['R']:.3g}\n"
                            f"{_path_note(res, PATH_STEPS)}", fontsize=TEXT)
        self.marker_i.set_data([res.ratio], [res.iterations])
        self.marker_i.set_markeredgecolor(color)
        self.ax_i.set_title(f"{res.iterations:,} iterations at α = 1/λmax", fontsize=TEXT)
        self.marker_a.set_data([res.ratio], [res.alpha_max_bisection])
        self.marker_a.set_markeredgecolor(color)
        self.ax_a.set_title(f"bisection {res.alpha_max_bisection:.3g}\n"
                            f"formula 2/λmax {res.alpha_max_formula:.3g}", fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [*self.ellipses, self.path, self.ax_c.title, self.marker_i, self.ax_i.title, self.marker_a,
                self.ax_a.title]

    def describe(self, result: dict, state: dict) -> str:
        res: N.CaseResult = result["case"]
        return (f"scale ratio = {state['ratio']:.3g} · {N.MODE_LABELS[res.mode]} · var(x) = "
                f"({res.variances[0]:.3g}, {res.variances[1]:.3g}) · λmax/λmin = {res.condition:.3g} · "
                f"{res.iterations:,} iterations · largest stable α {res.alpha_max_bisection:.3g} (bisection), "
                f"{res.alpha_max_formula:.3g} (2/λmax)")
