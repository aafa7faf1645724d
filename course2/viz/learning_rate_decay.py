"""Notebook 15: learning-rate decay. Alpha against epochs for every schedule, and what decaying per
iteration / per epoch / every T epochs does to training.

``DecayExplorer`` (training): the decay rate (main slider), the schedule, alpha0, when alpha is decayed
(per iteration, per epoch, every T epochs) and T. Left: alpha at every iteration (log scale, x in epochs),
the constant alpha0 dashed; right: the mean mini-batch cost per epoch of gradient descent on the
assignment's moons (notebook 14's ``moons_task(seed)``, mini-batches of 64; the seed also draws the
initial weights and the mini-batches; notebook 15: 0) with that alpha, next to the same run at a
constant alpha0 (dashed). The title gives alpha at the end and the dev accuracy of both.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course2 import _validate, metrics, schedules, training
from course2.experiments import adam as nb14
from course2.experiments import learning_rate_decay as L

from ._fit_views import finite_prefix
from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_grid
from .registry import register

__all__ = ["DecayExplorer", "granularity_figure", "schedules_figure"]

SCHEDULE_COLORS = {"constant": "#7f7f7f", "inverse_time": "#4c72b0", "exponential": "#c44e52", "staircase": "#8c564b",
                   "inverse_sqrt": "#2ca02c", "interval": "#ff7f0e"}
GRANULARITY_COLORS = {"per iteration": "#c44e52", "per epoch": "#4c72b0", "every T epochs": "#ff7f0e"}
EPOCHS = 100
DECAY_RATES = (0.0, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
ALPHA0S = (0.01, 0.03, 0.1, 0.3, 1.0)
INTERVALS = (5, 10, 20, 50)


@lru_cache(maxsize=16)
def _run(seed: int, name: str, alpha0: float, decay_rate: float, granularity: str, interval: int):
    """(alpha per iteration, cost per epoch, dev accuracy or None, diverged_at) of one explorer run."""
    task = nb14.moons_task(seed)
    rule = L.make_rule(name, alpha0, decay_rate, granularity, interval)
    *_, (net, h) = L.decay_fit(task, rule, epochs=EPOCHS, batch_size=nb14.MOONS_BATCH, seed=seed)
    ok = h.diverged_at is None
    cost = h.epoch_cost if ok else h.epoch_cost[:-1]
    dev = metrics.network_accuracy(net, task.X_dev, task.Y_dev) if ok else None
    return np.asarray(h.alpha), finite_prefix(cost), dev, h.diverged_at


@dataclass(frozen=True)
class DecayView:
    alpha: np.ndarray           # per iteration
    cost: np.ndarray            # per epoch (finite prefix)
    dev_accuracy: float | None
    reference_cost: np.ndarray  # the same run at constant alpha0
    reference_dev: float | None
    reference_diverged_at: int | None
    diverged_at: int | None


def _acc(dev, diverged_at) -> str:
    return training.diverged_text(diverged_at) if diverged_at is not None else f"dev {dev:.0%}"


@register("lr_decay", seed=0)
class DecayExplorer(Explorer):
    """decay rate, schedule, alpha0, granularity, T -> alpha per iteration and the training curve. ``seed``: the
    moons (``moons_task(seed)``), the initial weights and the mini-batches of every run (notebook 15: 0)."""

    def __init__(self, *, decay_rate: float = 1.0, schedule: str = "inverse_time", alpha0: float = 0.3,
                 granularity: str = "per epoch", interval: int = 20, alpha0s=ALPHA0S, seed: int):
        self.seed = _validate.integer("seed", seed, low=0)
        alpha0s = tuple(_validate.real("alpha0", a, low=0.0, low_open=True)
                        for a in _validate.items("alpha0s", alpha0s))
        decay_rate = _validate.option("decay_rate", decay_rate, DECAY_RATES)
        schedule = _validate.choice("schedule", schedule, schedules.SCHEDULES)
        alpha0 = _validate.option("alpha0", alpha0, alpha0s)
        granularity = _validate.choice("granularity", granularity, L.GRANULARITIES)
        interval = _validate.option("interval", interval, INTERVALS)
        style = {"description_width": "110px"}
        wide = widgets.Layout(width="520px")
        controls = {
            "decay_rate": widgets.SelectionSlider(options=[(f"{d:g}", d) for d in DECAY_RATES], value=decay_rate,
                                                  description="decay rate k", style=style, layout=wide),
            "schedule": widgets.ToggleButtons(options=list(schedules.SCHEDULES), value=schedule,
                                              description="schedule", style=style),
            "alpha0": widgets.SelectionSlider(options=[(f"{a:g}", a) for a in alpha0s], value=alpha0,
                                              description="α₀", style=style, layout=wide),
            "granularity": widgets.ToggleButtons(options=list(L.GRANULARITIES), value=granularity,
                                                 description="decay α", style=style),
            "interval": widgets.SelectionSlider(options=list(INTERVALS), value=interval, description="T (epochs)",
                                                style=style, layout=widgets.Layout(width="300px")),
        }
        super().__init__(controls, main="decay_rate", figsize=(11.0, 4.0), threaded=True)

    def setup(self, figure: Figure) -> None:
        gs = pixel_grid(figure, 1, 2, left=70, right=22, top=44, wspace=90)
        self.ax_a, self.ax_c = figure.add_subplot(gs[0, 0]), figure.add_subplot(gs[0, 1])
        per_epoch = -(-nb14.moons_task(self.seed).m_train // nb14.MOONS_BATCH)
        self.x_iter = np.arange(EPOCHS * per_epoch) / per_epoch
        (self.a_line,) = self.ax_a.semilogy(self.x_iter, np.ones_like(self.x_iter), color="#4c72b0", lw=1.4,
                                            label="α (this schedule)")
        (self.a_ref,) = self.ax_a.semilogy([0, EPOCHS], [1, 1], "--", color="0.5", lw=0.9, label="constant α₀")
        self.ax_a.set_xlim(0, EPOCHS)
        self.ax_a.set_ylim(1e-6, 2.0)
        self.ax_a.set_xlabel("epoch")
        self.ax_a.set_ylabel("α")
        self.ax_a.legend(loc="lower left", fontsize=TEXT)
        (self.c_line,) = self.ax_c.semilogy([], [], color="#4c72b0", lw=1.4, label="with decay")
        (self.c_ref,) = self.ax_c.semilogy([], [], "--", color="0.5", lw=1.0, label="constant α₀")
        self.ax_c.set_xlim(0, EPOCHS)
        self.ax_c.set_ylim(0.05, 2.0)
        self.ax_c.set_xlabel("epoch")
        self.ax_c.set_ylabel("mean mini-batch cost")
        self.ax_c.legend(loc="lower left", fontsize=TEXT)

    def compute(self, state: dict) -> DecayView:
        a0 = state["alpha0"]
        ref = _run(self.seed, "constant", a0, 0.0, "per epoch", 1)
        alpha, cost, dev, div = _run(self.seed, state["schedule"], a0, state["decay_rate"], state["granularity"],
                                     state["interval"])
        return DecayView(alpha, cost, dev, ref[1], ref[2], ref[3], div)

    def draw(self, result: DecayView, state: dict) -> None:
        a0 = state["alpha0"]
        n = result.alpha.size
        self.a_line.set_data(self.x_iter[:n], result.alpha)
        self.a_ref.set_ydata([a0, a0])
        self.c_line.set_data(np.arange(1, result.cost.size + 1), result.cost)
        self.c_ref.set_data(np.arange(1, result.reference_cost.size + 1), result.reference_cost)
        when = state["granularity"].replace("T", str(state["interval"]))
        last = "α at the end" if result.diverged_at is None else "α when it diverged"
        self.ax_a.set_title(f"{state['schedule']}, decayed {when}:\n{last} = {result.alpha[-1]:.2g}", fontsize=TEXT)
        self.ax_c.set_title(f"with decay {_acc(result.dev_accuracy, result.diverged_at)}\nconstant α₀ "
                            f"{_acc(result.reference_dev, result.reference_diverged_at)}", fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [self.a_line, self.a_ref, self.c_line, self.c_ref, self.ax_a.title, self.ax_c.title]

    def describe(self, result: DecayView, state: dict) -> str:
        when = state["granularity"].replace("T", str(state["interval"]))
        return (f"{state['schedule']} · k = {state['decay_rate']:g} · α₀ = {state['alpha0']:g} · decayed {when} · "
                f"with decay {_acc(result.dev_accuracy, result.diverged_at)} · constant α₀ "
                f"{_acc(result.reference_dev, result.reference_diverged_at)}")


# -- static figures ------------------------------------------------------------------------------------
def schedules_figure(alpha0: float = 0.1, decay_rate: float = 1.0, *, epochs: int = 100,
                     interval: int = 10) -> Figure:
    """alpha against the epoch for every schedule (``make_rule``'s common decay rate), log scale."""
    epochs = _validate.integer("epochs", epochs, low=2)
    interval = _validate.integer("interval", interval, low=1)
    rules = {name: L.make_rule(name, alpha0, decay_rate) for name in schedules.SCHEDULES}
    rules["interval"] = L.DecayRule(schedules.Interval(alpha0, decay_rate, interval))
    e = np.arange(epochs)
    fig, ax = new_figure((7.5, 3.2))
    for name, rule in rules.items():
        with np.errstate(under="ignore"):
            a = np.array([rule.schedule.rate(int(k)) for k in e])
        a = np.where(a >= schedules.MIN_ALPHA, a, np.nan)
        label = name if name != "interval" else f"interval (T = {interval})"
        ax.semilogy(e, a, color=SCHEDULE_COLORS[name], lw=2.0 if name in ("inverse_time", "exponential") else 1.2,
                    label=label, drawstyle="steps-post" if name in ("staircase", "interval") else "default")
    ax.set_xlabel("epoch")
    ax.set_ylabel("α")
    ax.set_ylim(alpha0 * 1e-6, alpha0 * 2)
    ax.set_title(f"α₀ = {alpha0:g}, decay rate k = {decay_rate:g} (exponential and staircase: q = 1/(1 + k))")
    ax.legend(fontsize=TEXT, ncol=2, loc="lower left")
    return fig


def granularity_figure(alpha0: float = 0.1, decay_rate: float = 1.0, *, epochs: int = 1000,
                       interval: int = 200, batches_per_epoch: int = 5) -> Figure:
    """Inverse-time alpha over a run decayed per iteration, per epoch and every T epochs (log scale)."""
    epochs = _validate.integer("epochs", epochs, low=2)
    batches_per_epoch = _validate.integer("batches_per_epoch", batches_per_epoch, low=1)
    it = np.arange(epochs * batches_per_epoch)
    fig, ax = new_figure((7.5, 4.2))
    for g in L.GRANULARITIES:
        rule = L.make_rule("inverse_time", alpha0, decay_rate, g, interval)
        a = np.array([rule.alpha(int(i), int(i) // batches_per_epoch) for i in it])
        when = g.replace("T", str(interval))
        ax.semilogy(it / batches_per_epoch, a, color=GRANULARITY_COLORS[g], lw=1.6,
                    label=f"decayed {when}: α at the end {a[-1]:.2g}")
    ax.set_xlabel("epoch")
    ax.set_ylabel("α")
    ax.set_title(f"α₀ / (1 + k · counter), α₀ = {alpha0:g}, k = {decay_rate:g}, {batches_per_epoch} mini-batches "
                 f"per epoch")
    fig.legend(*ax.get_legend_handles_labels(), fontsize=TEXT, loc="outside lower center", frameon=False)
    return fig     # (the legend under the axes: inside, it covered the per-iteration curve)
