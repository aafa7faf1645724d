"""Notebook 16: hyperparameter search. Where the trials land, and a real search with a progress bar.

``SearchExplorer`` (registered "hyperparameter_search"): the budget (number of trials), grid or
random, alpha's scale (log or linear), one pass or coarse to fine, the response surface (only alpha
matters, or all do) and the seed. Left: the surface over (alpha, hidden units), alpha on a log axis,
with the trials (dots), the best one (star) and the fine round's box; middle: the score along alpha
with a tick for every distinct alpha tried; right: the best score so far per trial. Nothing trains:
each update is a search of at most 64 cheap trials.

``LiveSearch``: a real search on the course's network (alpha, beta, lambd, hidden units) in a
background thread, with a progress bar updated as trials finish and a stop button that abandons the
running trial and keeps the best one so far.

Static figures: ``layouts_figure`` (grid and random on both surfaces) and ``scales_figure`` (where
uniform and log-scale sampling put alpha and beta).
"""

from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from course2 import _validate
from course2 import hyperparameter_search as hs
from course2.experiments import hyperparameter_search as E
from course2.experiments import tasks

from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_grid
from .registry import register

__all__ = ["LiveSearch", "SearchExplorer", "layouts_figure", "scales_figure"]

RES = 120
_LOG_A = np.linspace(-4.0, 0.0, RES)
_UNITS = np.linspace(*E.UNITS_RANGE, RES)
SURFACE_IMAGES = {s: E.surface_score(10.0 ** _LOG_A[None, :], _UNITS[:, None], s) for s in E.SURFACES}
_EXTENT = (-4.0, 0.0, *E.UNITS_RANGE)
_TICKS = ([-4, -3, -2, -1, 0], ["1e-4", "1e-3", "0.01", "0.1", "1"])
METHOD_COLORS = {"grid": "#1f77b4", "random": "#d62728"}


def _surface_search(budget: int, method: str, scale: str, rounds: int, surface: str, seed: int) -> hs.SearchResult:
    def objective(values):
        return float(E.surface_score(values["alpha"], values["hidden units"], surface))
    return hs.search(E.explorer_space(scale), objective, budget, method=method, rng=seed, rounds=rounds)


def _style_surface_axes(ax, surface: str):
    im = ax.imshow(SURFACE_IMAGES[surface], extent=_EXTENT, origin="lower", aspect="auto", cmap="Greens",
                   vmin=0, vmax=1.1, interpolation="nearest")
    ax.set_xticks(*_TICKS)
    ax.set_xlabel("α (log axis)")
    ax.set_ylabel("hidden units")
    return im


@dataclass(frozen=True)
class SearchView:
    result: hs.SearchResult
    log_alpha: np.ndarray
    units: np.ndarray
    scores: np.ndarray
    boxes: list                 # (log10 alpha low, high, units low, high) of the fine rounds
    distinct: dict
    diverged_at = None          # nothing trains


def _view(result: hs.SearchResult) -> SearchView:
    space = result.space
    boxes = []
    for box in result.boxes[1:]:
        a = space[0].from_unit(box[0])
        h = space[1].from_unit(box[1])
        boxes.append((float(np.log10(a[0])), float(np.log10(a[1])), float(h[0]), float(h[1])))
    return SearchView(result, np.log10(result.values("alpha")), result.values("hidden units"), result.scores, boxes,
                      result.distinct())


@register("hyperparameter_search", seed=0)
class SearchExplorer(Explorer):
    """budget (4 ... 64 trials), grid / random, alpha's scale, coarse to fine, surface, seed -> the trials.
    ``seed``: the seed slider's first value (0 ... 9: the random trials; notebook 16: 0)."""

    def __init__(self, *, budget: int = 16, method: str = "random", scale: str = "log", rounds: int = 1,
                 surface: str = "only alpha matters", seed: int):
        budget = _validate.integer("budget", budget, low=4, high=64)
        _validate.choice("method", method, hs.METHODS)
        _validate.choice("scale", scale, ("log", "linear"))
        _validate.option("rounds", rounds, (1, 2))
        _validate.choice("surface", surface, E.SURFACES)
        seed = _validate.integer("seed", seed, low=0, high=9)
        style = {"description_width": "90px"}
        wide = widgets.Layout(width="520px")
        controls = {
            "budget": widgets.IntSlider(value=budget, min=4, max=64, step=1, description="trials", style=style,
                                        layout=wide),
            "method": widgets.ToggleButtons(options=list(hs.METHODS), value=method, description="search",
                                            style=style),
            "scale": widgets.ToggleButtons(options=["log", "linear"], value=scale, description="α scale",
                                           style=style),
            "rounds": widgets.ToggleButtons(options=[("one pass", 1), ("coarse to fine", 2)], value=rounds,
                                            description="rounds", style=style),
            "surface": widgets.ToggleButtons(options=list(E.SURFACES), value=surface, description="surface",
                                             style=style),
            "seed": widgets.IntSlider(value=seed, min=0, max=9, description="seed", style=style),
        }
        super().__init__(controls, main="budget", figsize=(12.5, 4.3), threaded=False)

    def setup(self, figure: Figure) -> None:
        # the profile's legend in a row under the panels (inside, it covered the peak)
        gs = pixel_grid(figure, 1, 3, width_ratios=[1.3, 1, 1], left=74, right=20, top=44, bottom=70, wspace=80)
        self.ax_s, self.ax_p, self.ax_b = (figure.add_subplot(gs[0, i]) for i in range(3))
        self.heat = _style_surface_axes(self.ax_s, E.SURFACES[0])
        self.dots = self.ax_s.scatter([], [], s=14, c="k", zorder=3)
        (self.star,) = self.ax_s.plot([], [], "*", color="gold", mec="k", ms=13, zorder=4)
        self.box = Rectangle((0, 0), 0, 0, fill=False, ec="k", ls="--", lw=1, visible=False, zorder=2)
        self.ax_s.add_patch(self.box)
        self.ax_s.set_xlim(-4, 0)
        self.ax_s.set_ylim(*E.UNITS_RANGE)
        (self.profile,) = self.ax_p.plot(_LOG_A, np.zeros(RES), color="0.3", lw=1.2, label="score along α (best units)")
        (self.rug,) = self.ax_p.plot([], [], "|", color="k", ms=12, mew=1.2, label="α values tried")
        (self.best_line,) = self.ax_p.plot([], [], color="gold", lw=2, label="best found")
        self.ax_p.set_xlim(-4, 0)
        self.ax_p.set_ylim(-0.08, 1.05)
        self.ax_p.set_xticks(*_TICKS)
        self.ax_p.set_xlabel("α (log axis)")
        self.ax_p.set_ylabel("score")
        figure.legend(handles=[self.profile, self.rug, self.best_line], loc="lower left",
                      bbox_to_anchor=(74 / figure.bbox.width, 0), ncol=3, frameon=False, fontsize=TEXT,
                      borderaxespad=0.2)
        (self.so_far,) = self.ax_b.plot([], [], ".-", color="k", lw=1, ms=3)
        self.ax_b.set_xlim(0, 65)
        self.ax_b.set_ylim(0, 1.05)
        self.ax_b.set_xlabel("trial")
        self.ax_b.set_ylabel("best score so far")

    def compute(self, state: dict) -> SearchView:
        return _view(_surface_search(state["budget"], state["method"], state["scale"], state["rounds"],
                                     state["surface"], state["seed"]))

    def draw(self, result: SearchView, state: dict) -> None:
        surface = state["surface"]
        self.heat.set_data(SURFACE_IMAGES[surface])
        self.dots.set_offsets(np.column_stack([result.log_alpha, result.units]))
        best = result.result.best
        self.star.set_data([np.log10(best.values["alpha"])], [best.values["hidden units"]])
        if result.boxes:
            a0, a1, h0, h1 = result.boxes[-1]
            self.box.set_bounds(a0, h0, a1 - a0, h1 - h0)
        self.box.set_visible(bool(result.boxes))
        self.profile.set_ydata(SURFACE_IMAGES[surface][int(np.argmin(np.abs(_UNITS - E.BEST_UNITS)))])
        self.rug.set_data(result.log_alpha, np.full(result.log_alpha.size, -0.03))
        self.best_line.set_data([np.log10(best.values["alpha"])] * 2, [0, best.score])
        n = result.scores.size
        self.so_far.set_data(np.arange(1, n + 1), result.result.best_so_far())
        d = result.distinct
        self.ax_s.set_title(f"{state['method']}, α sampled on a {state['scale']} scale:\n{n} trials", fontsize=TEXT)
        self.ax_p.set_title(f"{d['alpha']} distinct α,\n{d['hidden units']} distinct hidden-unit counts", fontsize=TEXT)
        self.ax_b.set_title(f"best score {best.score:.3f}\n(1 = the best setting)", fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [self.heat, self.dots, self.star, self.box, self.profile, self.rug, self.best_line, self.so_far,
                self.ax_s.title, self.ax_p.title, self.ax_b.title]

    def describe(self, result: SearchView, state: dict) -> str:
        best = result.result.best
        d = result.distinct
        return (f"trials = {result.scores.size} · {state['method']} · α on a {state['scale']} scale · "
                f"{'coarse to fine' if state['rounds'] == 2 else 'one pass'} · {state['surface']} · "
                f"best score {best.score:.3f} at α = {best.values['alpha']:.2g}, {best.values['hidden units']:.0f} "
                f"units · distinct values: α {d['alpha']}, units {d['hidden units']}")


# -- static figures ---------------------------------------------------------------------------------------------
def layouts_figure(budget: int = 16, *, seed: int) -> Figure:
    """Grid and random search with the same budget on both surfaces, the tried alphas as ticks under each panel;
    ``seed`` draws the random trials (notebook 16: 0)."""
    budget = _validate.integer("budget", budget, low=1, high=400)
    seed = _validate.integer("seed", seed, low=0)
    fig, axes = new_figure((9.0, 6.0), 2, 2, sharex=True, sharey=True)
    for i, surface in enumerate(E.SURFACES):
        for j, method in enumerate(hs.METHODS):
            ax = axes[i, j]
            _style_surface_axes(ax, surface)
            r = _surface_search(budget, method, "log", 1, surface, seed)
            la, u = np.log10(r.values("alpha")), r.values("hidden units")
            ax.plot(la, u, "o", color=METHOD_COLORS[method], ms=4)
            ax.plot(la, np.full(la.size, E.UNITS_RANGE[0]), "|", color=METHOD_COLORS[method], ms=14, mew=1.5,
                    clip_on=False)
            best = r.best
            ax.plot(np.log10(best.values["alpha"]), best.values["hidden units"], "*", color="gold", mec="k", ms=13)
            d = r.distinct()
            ax.set_title(f"{surface} · {method}: {d['alpha']} values of α\nbest score {best.score:.2f}", fontsize=TEXT)
            if i == 0:
                ax.set_xlabel("")
            if j == 1:
                ax.set_ylabel("")
    return fig


def scales_figure(draws: int = 4000, *, seed: int) -> Figure:
    """Histograms: alpha in [1e-4, 1] drawn uniformly vs log-uniformly (log axis); beta in [0.9, 0.999] drawn
    uniformly vs as 1 - 10 ** r (on an axis of 1 - beta, log); ``seed`` draws them (notebook 16: 0)."""
    draws = _validate.integer("draws", draws, low=10)
    seed = _validate.integer("seed", seed, low=0)
    fig, (ax1, ax2) = new_figure((10.0, 3.4), 1, 2)
    bins = np.linspace(-4, 0, 17)
    for i, (name, draw) in enumerate((("uniform", hs.uniform), ("log-uniform", hs.log_uniform))):
        a = draw(*E.ALPHA_RANGE, draws, rng=np.random.default_rng([seed, i]))
        ax1.hist(np.log10(a), bins=bins, histtype="step", lw=1.5, label=name, weights=np.full(draws, 1 / draws))
    ax1.set_xticks(*_TICKS)
    ax1.set_xlabel("α (log axis)")
    ax1.set_ylabel("share of trials")
    ax1.set_title("α in [1e-4, 1]")
    ax1.legend(loc="upper left", fontsize=TEXT)
    bins = np.linspace(-3, -1, 17)
    for i, (name, draw) in enumerate((("β uniform", hs.uniform), ("1 - β log-uniform", hs.one_minus_log_uniform))):
        b = draw(*E.BETA_RANGE, draws, rng=np.random.default_rng([seed, 10 + i]))
        ax2.hist(np.log10(1 - b), bins=bins, histtype="step", lw=1.5, label=name, weights=np.full(draws, 1 / draws))
    ax2.axvline(-2, color="0.5", ls="--", lw=0.8)
    ax2.set_xticks([-3, -2, -1], ["0.999", "0.99", "0.9"])
    ax2.invert_xaxis()
    ax2.set_xlabel("β (axis: 1 - β, log)\nwindow 1/(1 - β) = 10 ... 1000")
    ax2.set_title("β in [0.9, 0.999]")
    ax2.legend(loc="upper right", fontsize=TEXT)
    return fig


# -- a real search with a progress bar and a stop button ----------------------------------------------------------
class LiveSearch:
    """A random search on the course's network in a background thread (``start``; ``stop`` or the stop button
    abandons the running trial and keeps the best so far). ``progress`` (an IntProgress) counts finished trials.
    ``task``: the data (notebook 16: ``overfitting_task(rng=1)``); ``seed``: the trials and every trial's
    initial weights (notebook 16: 1)."""

    def __init__(self, task: tasks.Task, *, budget: int = 40, seed: int,
                 num_iterations: int = 1000, method: str = "random", rounds: int = 1):
        self.task = tasks.check_task(task)
        self.budget = _validate.integer("budget", budget, low=1, high=500)
        self.seed = _validate.integer("seed", seed, low=0)
        self.num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
        self.method = _validate.choice("method", method, hs.METHODS)
        self.rounds = _validate.integer("rounds", rounds, low=1, high=self.budget)
        self.trials: list = []
        self.stopped = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.progress = widgets.IntProgress(value=0, min=0, max=self.budget, description="trials",
                                            layout=widgets.Layout(width="420px"))
        self.start_button = widgets.Button(description="start search", button_style="primary")
        self.stop_button = widgets.Button(description="stop", button_style="danger", disabled=True)
        self.status = widgets.HTML(value=f"{self.budget} trials of {self.num_iterations} iterations: press start")
        self.table = widgets.HTML(value="")
        self.start_button.on_click(lambda _: self.start())
        self.stop_button.on_click(lambda _: self.stop())
        self.widget = widgets.VBox([widgets.HBox([self.start_button, self.stop_button, self.progress]), self.status,
                                    self.table])

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def best(self):
        """The best finished trial so far (a ``course2.hyperparameter_search.Trial``), or None."""
        done = [t for t in self.trials if np.isfinite(t.score)]
        return max(done, key=lambda t: t.score) if done else None

    def start(self) -> None:
        if self.running:
            return
        self.trials, self.stopped = [], False
        self._stop.clear()
        self.progress.value = 0
        self.start_button.disabled, self.stop_button.disabled = True, False
        self._thread = threading.Thread(target=self._run, name="LiveSearch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def wait(self, timeout: float = 120.0) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        t0 = time.perf_counter()
        objective = E.network_objective(self.task, seed=self.seed, num_iterations=self.num_iterations,
                                        stop=self._stop.is_set)
        try:
            for trial in hs.iter_search(E.NETWORK_SPACE, objective, self.budget, method=self.method,
                                        rng=np.random.default_rng([self.seed, 16]), rounds=self.rounds):
                if trial.result.stopped:
                    break
                self.trials.append(trial)
                self.progress.value = len(self.trials)
                self._show(time.perf_counter() - t0)
                if self._stop.is_set():
                    break
        except Exception as exc:     # shown, not lost in a thread
            self.status.value = f"<b style='color:#b00020'>error: {html.escape(f'{type(exc).__name__}: {exc}')}</b>"
        finally:
            self.stopped = self._stop.is_set() and len(self.trials) < self.budget
            self._show(time.perf_counter() - t0, final=True)
            self.start_button.disabled, self.stop_button.disabled = False, True

    def _show(self, seconds: float, final: bool = False) -> None:
        n = len(self.trials)
        best = self.best
        state = ("stopped: " if self.stopped else "done: ") if final else "running: "
        text = f"{state}{n} of {self.budget} trials in {seconds:.1f} s"
        if best is not None:
            v, r = best.values, best.result
            text += (f" · best so far #{best.index + 1}: dev accuracy {r.dev_accuracy:.0%} ± {r.dev_halfwidth:.0%} "
                     f"(α = {v['alpha']:.2g}, β = {v['beta']:.4g}, λ = {v['lambd']:.2g}, "
                     f"{int(v['hidden units'])} units)")
        self.status.value = html.escape(text)
        if final or n % 5 == 0:
            result = hs.SearchResult(E.NETWORK_SPACE, list(self.trials), [])
            self.table.value = f"<pre>{html.escape(E.format_network_search(result))}</pre>" if n else ""
