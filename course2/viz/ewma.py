"""Notebook 11: exponentially weighted averages. A beta slider and a bias-correction switch.

``EWMAExplorer``: beta (0.5 ... 0.999), bias correction on/off and a day t -> (left) the temperatures
given (notebook 11: ``temperature_series(rng=0)``), their average V_t and the window of about
1/(1 - beta) days ending at day t; (middle) the weight each past day carries in V_t as stems, with
the missing mass beta^t (the weight V_0 = 0 takes) shaded: bias correction divides it out; (right) a
step from 40 to 60 deg F and the lag that bias correction does not fix. Compute only (the averages
of 730 + 550 values): no worker thread.

Static figures: ``smoothing_figure`` (raw vs smoothed for a few betas), ``startup_figure`` (the
first weeks with and without bias correction).
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course2 import _validate
from course2.ewma import check_beta, effective_window, ewma
from course2.experiments import ewma as E

from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_grid
from .registry import later, register

__all__ = ["EWMAExplorer", "smoothing_figure", "startup_figure"]

STEP_AT = 400       # a long flat history first: the lag shown is the average's own, not its start-up
STEP_DAYS = 550
MAX_T = 120
W_FLOOR = 1e-4      # the weights panel is logarithmic: a geometric decay is a straight line
SHOWN_DAYS = 365


@register("ewma", theta=later(E.temperature_series, rng=0))
class EWMAExplorer(Explorer):
    """beta, bias correction, day t -> the average, the weights on past days, the lag after a step. ``theta``: the
    daily temperatures (notebook 11: ``temperature_series(rng=0)``); nothing is drawn here."""

    def __init__(self, theta, *, beta: float = 0.9, corrected: bool = True, t: int = 15):
        beta = _validate.option("beta", beta, E.BETAS)
        corrected = _validate.flag("corrected", corrected)
        t = _validate.integer("t", t, low=1, high=MAX_T)
        self.theta = _validate.array("theta", theta, ndim=1)
        self.clean = E.seasonal_curve(self.theta.size)
        self.step = E.step_series(STEP_DAYS, at=STEP_AT)
        controls = {
            "beta": widgets.SelectionSlider(options=[(f"{b:g}", b) for b in E.BETAS], value=beta, description="beta",
                                            layout=widgets.Layout(width="520px")),
            "corrected": widgets.Checkbox(value=corrected, description="bias correction V_t / (1 - beta^t)",
                                          layout=widgets.Layout(width="520px")),     # (300 px cut it with …)
            "t": widgets.IntSlider(value=t, min=1, max=MAX_T, description="day t",
                                   layout=widgets.Layout(width="520px")),
        }
        super().__init__(controls, main="beta", figsize=(12.5, 4.3), threaded=False)

    def setup(self, figure: Figure) -> None:
        # the series' legend in a row under the panels (inside, it covered the first days)
        gs = pixel_grid(figure, 1, 3, width_ratios=[1.5, 1, 1], left=58, right=22, top=44, bottom=70, wspace=80)
        self.ax_s, self.ax_w, self.ax_step = (figure.add_subplot(gs[0, i]) for i in range(3))
        days = np.arange(1, self.theta.size + 1)
        ax = self.ax_s
        ax.plot(days, self.theta, ".", color="#4c72b0", ms=2.5, alpha=0.5, label="theta_t (daily)")
        ax.plot(days, self.clean, color="0.6", lw=1, label="seasonal curve")
        (self.v_line,) = ax.plot(days, self.clean, color="#c44e52", lw=1.8, label="V_t")
        self.window_span = ax.axvspan(1, 10, color="#dd8452", alpha=0.25, lw=0)
        ax.set_xlim(0, min(SHOWN_DAYS, self.theta.size))
        ax.set_ylim(0, 90)
        ax.set_xlabel("day", fontsize=TEXT)
        ax.set_ylabel("temperature (deg F)", fontsize=TEXT)
        figure.legend(loc="lower left", bbox_to_anchor=(58 / figure.bbox.width, 0), ncol=3, frameon=False,
                      fontsize=TEXT, borderaxespad=0.2)

        ax = self.ax_w
        self.stems = ax.vlines(np.arange(MAX_T), W_FLOOR, W_FLOOR, color="#c44e52", lw=1.5)
        self.tail = ax.fill_between([0, 1], [W_FLOOR, W_FLOOR], W_FLOOR, color="0.6", alpha=0.5, lw=0)
        ax.set_yscale("log")
        ax.set_xlim(-1, MAX_T)
        ax.set_ylim(W_FLOOR, 2.0)
        ax.set_xlabel("days before day t (0 = day t itself)", fontsize=TEXT)
        ax.set_ylabel("weight in V_t (log scale)", fontsize=TEXT)
        self.missing_text = ax.text(0.97, 0.95, "", transform=ax.transAxes, ha="right", va="top", fontsize=TEXT)

        ax = self.ax_step
        steps = np.arange(1, STEP_DAYS + 1)
        ax.plot(steps, self.step, color="0.4", lw=1.2, label="theta_t")
        (self.step_line,) = ax.plot(steps, self.step, color="#c44e52", lw=1.8, label="V_t")
        self.lag_line = ax.axvline(STEP_AT, color="#dd8452", lw=1.2, ls="--")
        ax.axhline(50, color="0.8", lw=0.7, ls=":")
        ax.set_xlim(STEP_AT - 50, STEP_DAYS)
        ax.set_ylim(30, 70)
        ax.set_xlabel("day", fontsize=TEXT)
        ax.legend(fontsize=TEXT, loc="lower right")

    def compute(self, state: dict) -> dict:
        beta, corrected, t = state["beta"], state["corrected"], state["t"]
        s = ewma(self.theta, beta)
        st = ewma(self.step, beta)
        w, missing = E.weights(beta, t)
        if corrected:
            w = w / (1.0 - missing)
        ago = np.arange(t)
        tail_ago = np.arange(t, MAX_T + 1)
        tail = (1.0 - beta) * beta ** tail_ago        # the days before day 1 that V_0 = 0 stands for
        V_step = st.corrected if corrected else st.raw
        after = np.nonzero(V_step[STEP_AT:] >= 50.0 - 1e-9)[0]     # reaches the middle (as E.half_way_lag)
        return {"V": s.corrected if corrected else s.raw, "w": w[::-1], "ago": ago, "missing": missing,
                "tail_ago": tail_ago, "tail": tail, "V_step": V_step,
                "lag": int(after[0]) + 1 if after.size else None, "window": effective_window(beta)}

    def draw(self, result: dict, state: dict) -> None:
        beta, corrected, t = state["beta"], state["corrected"], state["t"]
        window = result["window"]
        self.v_line.set_ydata(result["V"])
        self.v_line.set_label("V_t corrected" if corrected else "V_t (raw)")
        self.window_span.set_x(max(0.0, t - window))
        self.window_span.set_width(min(t, window))
        self.ax_s.set_title(f"beta = {beta:g}: V_t averages about\n1/(1 - beta) = {window:.4g} days (shaded)",
                            fontsize=TEXT)
        segs = [np.array([[a, W_FLOOR], [a, max(h, W_FLOOR)]]) for a, h in zip(result["ago"], result["w"])]
        self.stems.set_segments(segs)
        self.tail.remove()
        if corrected:
            self.tail = self.ax_w.fill_between([], [], W_FLOOR, color="0.6", alpha=0.5, lw=0)
        else:
            self.tail = self.ax_w.fill_between(result["tail_ago"], np.maximum(result["tail"], W_FLOOR), W_FLOOR,
                                               color="0.6", alpha=0.5, lw=0, step="mid")
        m = result["missing"]
        self.missing_text.set_text(
            f"weights of days 1..{t}\nsum to {1 - m:.3f}\nmissing (grey):\nbeta^t = {m:.3f}" if not corrected else
            f"divided by 1 - beta^t\n= {1 - m:.3f}: the\nweights now sum to 1")
        self.ax_w.set_title(f"weights on past days in V_{t}" + ("\n(corrected)" if corrected else ""), fontsize=TEXT)
        self.step_line.set_ydata(result["V_step"])
        lag = result["lag"]
        self.lag_line.set_xdata([STEP_AT + (lag or 0)] * 2)
        self.ax_step.set_title(f"a step at day {STEP_AT}:\nhalf-way after {lag} days" if lag else
                               f"a step at day {STEP_AT}:\nnot half-way after {STEP_DAYS - STEP_AT} days",
                               fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [self.v_line, self.window_span, self.ax_s.title, self.stems, self.tail, self.missing_text,
                self.ax_w.title, self.step_line, self.lag_line, self.ax_step.title]

    def describe(self, result: dict, state: dict) -> str:
        beta = state["beta"]
        lag = result["lag"]
        return (f"beta = {beta:g} · bias correction {'on' if state['corrected'] else 'off'} · window ≈ "
                f"{result['window']:.4g} days · beta^(1/(1-beta)) = {beta ** result['window']:.3f} · "
                f"day t = {state['t']}: missing mass beta^t = {result['missing']:.3f} · "
                + (f"half-way through the step after {lag} days" if lag else "not half-way through the step"))


def smoothing_figure(theta, betas=(0.5, 0.9, 0.98)) -> Figure:
    """The daily temperatures and their bias-corrected averages for a few betas (the course's plot)."""
    theta = _validate.array("theta", theta, ndim=1)
    betas = [check_beta(b) for b in _validate.items("betas", betas)]
    fig, ax = new_figure((12, 3.6))
    days = np.arange(1, theta.size + 1)
    ax.plot(days, theta, ".", color="#4c72b0", ms=2.5, alpha=0.5, label="theta_t")
    for beta, color in zip(betas, ("#dd8452", "#c44e52", "#55a868", "#8172b2")):
        ax.plot(days, ewma(theta, beta).corrected, color=color, lw=1.6,
                label=f"beta = {beta:g} (about {effective_window(beta):.4g} days)")
    ax.set_xlabel("day")
    ax.set_ylabel("temperature (deg F)")
    fig.legend(*ax.get_legend_handles_labels(), fontsize=TEXT, ncol=len(betas) + 1, loc="outside lower center",
               frameon=False)     # under the axes: inside, it covered the second winter
    return fig


def startup_figure(theta, clean, beta: float = 0.98, days: int = 120) -> Figure:
    """The first ``days``: raw V_t starts at 0 and crawls up; V_t / (1 - beta^t) follows the data at once."""
    theta = _validate.array("theta", theta, ndim=1)
    clean = _validate.same_shape("clean", _validate.array("clean", clean, ndim=1), "theta", theta)
    beta = check_beta(beta)
    days = _validate.integer("days", days, low=1)
    theta = theta[:days]
    s = ewma(theta, beta)
    fig, ax = new_figure((9, 3.6))
    d = np.arange(1, theta.size + 1)
    ax.plot(d, theta, ".", color="#4c72b0", ms=3, alpha=0.5, label="theta_t")
    ax.plot(d, np.asarray(clean)[:days], color="0.6", lw=1, label="seasonal curve")
    ax.plot(d, s.raw, color="#8172b2", lw=1.6, label="V_t raw (starts at V_0 = 0)")
    ax.plot(d, s.corrected, color="#c44e52", lw=1.6, label="V_t / (1 - beta^t)")
    ax.axvspan(0, effective_window(beta), color="#dd8452", alpha=0.15, lw=0)
    ax.set_xlabel("day")
    ax.set_ylabel("deg F")
    ax.set_title(f"beta = {beta:g}: the first {days} days (shaded: the first 1/(1 - beta) = "
                 f"{effective_window(beta):.4g} days)")
    fig.legend(*ax.get_legend_handles_labels(), fontsize=TEXT, ncol=2, loc="outside lower center",
               frameon=False)     # under the axes: inside, it covered the daily temperatures
    return fig
