"""Notebook 01: how big a dev set must be. Split sizes and the dev-error confidence half-width.

``SplitsExplorer``: sliders for the number of examples m (10^2 to 10^8, log), the dev fraction
(test gets the same fraction, train the rest) and the model's true error rate p. Three panels:
the split sizes, the half-width h(n) = z * sqrt(p (1 - p) / n) against the dev-set size n with
the current n marked, and a resampling experiment: 2,000 dev sets of n examples drawn without
replacement from the m examples, the histogram of their measured error rates and the fraction
that landed within +-h of p. The numbers come from ``course2.experiments.splits``;
``splits_figure`` is the static small-multiples figure (the same panels as the explorer).
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from course2 import _validate
from course2.experiments.splits import (
    DEV_FRACTIONS,
    TEST_FRACTIONS,
    SplitNumbers,
    fmt_int,
    fraction_label,
    points_text,
    split_numbers,
    z_value,
)

from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_grid
from .registry import register

__all__ = ["SplitsExplorer", "splits_figure"]

COLORS = {"train": "#4c72b0", "dev": "#dd8452", "test": "#55a868"}
#: the sizes panel wide enough for three bar labels up to "98,000,000" side by side at 12 px
WIDTH_RATIOS = (1.2, 1.0, 0.9)
_N_CURVE = np.unique(np.round(np.logspace(0, 8, 161)).astype(np.int64))


class _Panels:
    """The three panels, updated in place (shared by the explorer and the static figure)."""

    def __init__(self, axes, *, compact: bool = False):
        self.ax_sizes, self.ax_h, self.ax_hist = axes
        self.compact = compact
        ax = self.ax_sizes
        self.bars = ax.bar(["train", "dev", "test"], [1, 1, 1], color=list(COLORS.values()))
        ax.set_yscale("log")
        ax.set_ylim(0.8, 5e9)
        ax.set_ylabel("examples")
        self.bar_labels = [ax.text(i, 1, "", ha="center", va="bottom", fontsize=TEXT) for i in range(3)]
        ax = self.ax_h
        (self.curve,) = ax.loglog(_N_CURVE, np.ones(_N_CURVE.size), color="0.3", lw=1.5)
        (self.marker,) = ax.plot([1], [1], "o", color=COLORS["dev"], ms=8, zorder=3)
        ax.axhline(1.0, color="0.6", ls="--", lw=0.8)
        ax.text(1.5, 1.2, "±1 point", fontsize=TEXT, color="0.4")
        ax.set_xlim(0.3, 3e8)        # (the "10^0" tick label clear of the "10^-3" one at the corner)
        ax.set_ylim(1e-3, 100.0)
        ax.set_xlabel("dev-set size n")
        ax.set_ylabel("half-width h (points, 95%)")
        ax = self.ax_hist
        self.hist = ax.stairs(np.zeros(1), np.array([0.0, 1.0]), fill=True, color=COLORS["dev"], alpha=0.7)
        self.truth = ax.axvline(0.1, color="k", lw=1.2)
        self.lo = ax.axvline(0.1, color="crimson", ls="--", lw=1.0)
        self.hi = ax.axvline(0.1, color="crimson", ls="--", lw=1.0)
        self.empty = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", fontsize=TEXT)
        ax.set_xlabel("measured dev error")
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=None))
        ax.xaxis.set_major_locator(MaxNLocator(4, steps=[1, 2, 2.5, 5, 10]))     # at most 4 percentages of 12 px
        ax.set_yticks([])

    def update(self, r: SplitNumbers) -> None:
        for bar, label, size in zip(self.bars, self.bar_labels, r.sizes):
            bar.set_height(max(size, 1e-9))
            label.set_position((label.get_position()[0], max(size, 1) * 1.15))
            label.set_text(fmt_int(size))
        train = 100 * (1 - r.dev_fraction - r.test_fraction)
        self.ax_sizes.set_title(f"m = {fmt_int(r.m)}:\n{train:.4g} / "
                                f"{fraction_label(r.dev_fraction)} / {fraction_label(r.test_fraction)}",
                                fontsize=TEXT)
        p = r.error_rate
        z = z_value()
        self.curve.set_ydata(100 * z * np.sqrt(p * (1 - p) / _N_CURVE))
        n = r.n_dev
        self.marker.set_visible(n > 0)
        if n > 0:
            self.marker.set_data([n], [max(100 * r.halfwidth, 1.1e-3)])
            self.ax_h.set_title(f"dev n = {fmt_int(n)}:\n{100 * p:g}% ± {points_text(r.halfwidth)} points",
                                fontsize=TEXT)
        else:
            self.ax_h.set_title("dev set is empty:\nno estimate", fontsize=TEXT)
        self._update_hist(r)

    def _update_hist(self, r: SplitNumbers) -> None:
        ax = self.ax_hist
        n, p = r.n_dev, r.error_rate
        shown = n > 0
        for artist in (self.hist, self.truth, self.lo, self.hi):
            artist.set_visible(shown)
        self.empty.set_text("" if shown else "no dev examples")
        if not shown:
            ax.set_title("resampled dev sets", fontsize=TEXT)
            return
        sigma = math.sqrt(max(p * (1 - p), 1e-12) / n)
        lo, hi = max(p - 4.5 * sigma, -0.5 / n), min(p + 4.5 * sigma, 1 + 0.5 / n)
        # bins aligned to whole numbers of mistakes k (measured errors are k/n): no picket fence
        k_lo, k_hi = math.floor(lo * n), math.ceil(hi * n)
        width = max(1, math.ceil((k_hi - k_lo + 1) / 40))
        edges = (np.arange(k_lo, k_hi + width + 1, width) - 0.5) / n
        counts, _ = np.histogram(r.measured, bins=edges)
        self.hist.set_data(counts, edges)
        ax.set_xlim(edges[0], edges[-1])
        ax.set_ylim(0, max(counts.max(), 1) * 1.15)
        self.truth.set_xdata([p, p])
        self.lo.set_xdata([p - r.halfwidth] * 2)
        self.hi.set_xdata([p + r.halfwidth] * 2)
        ax.set_title(f"{r.measured.size} resampled dev sets:\n{100 * r.within:.1f}% within ±h", fontsize=TEXT)


@register("splits", seed=0)
class SplitsExplorer(Explorer):
    """m (log slider), dev fraction and true error rate -> split sizes, half-width, resampled spread."""

    #: each change draws in ~15-60 ms; the neighbours and ends are drawn while the student looks
    render_ahead = True

    def __init__(self, *, m: float = 1e6, dev_fraction: float = 0.01, test_fraction: float = 0.01,
                 error_rate: float = 0.1, seed: int):
        m = _validate.real("m", m, low=1e2, high=1e8)                        # the slider's range, 10^2 .. 10^8
        dev_fraction = _validate.option("dev_fraction", dev_fraction, [v for _, v in DEV_FRACTIONS])
        test_fraction = _validate.option("test_fraction", test_fraction, [v for _, v in TEST_FRACTIONS])
        error_rate = _validate.real("error_rate", error_rate, low=0.01, high=0.5)
        self.seed = _validate.integer("seed", seed, low=0)
        controls = {
            "m": widgets.FloatLogSlider(value=m, base=10, min=2, max=8, step=0.25, description="examples m",
                                        readout_format=",.0f", continuous_update=True,
                                        style={"description_width": "110px"},
                                        layout=widgets.Layout(width="520px")),
            "dev_fraction": widgets.SelectionSlider(options=DEV_FRACTIONS, value=dev_fraction,
                                                    description="dev fraction", style={"description_width": "110px"},
                                                    layout=widgets.Layout(width="520px")),
            "test_fraction": widgets.SelectionSlider(options=TEST_FRACTIONS, value=test_fraction,
                                                     description="test fraction", style={"description_width": "110px"},
                                                     layout=widgets.Layout(width="520px")),
            "error_rate": widgets.FloatSlider(value=error_rate, min=0.01, max=0.5, step=0.01,
                                              description="true error p", readout_format=".2f",
                                              style={"description_width": "110px"},
                                              layout=widgets.Layout(width="520px")),
        }
        super().__init__(controls, main="m", figsize=(12.5, 4.0))

    def setup(self, figure):
        gs = pixel_grid(figure, 1, 3, width_ratios=WIDTH_RATIOS, left=72, right=26, top=44, wspace=96)
        self.panels = _Panels([figure.add_subplot(gs[0, i]) for i in range(3)])

    def compute(self, state):
        return split_numbers(int(round(state["m"])), state["dev_fraction"], state["error_rate"],
                             test_fraction=state["test_fraction"], rng=self.seed)

    def draw(self, result, state):
        self.panels.update(result)

    def dynamic_artists(self):
        # the histogram's axis limits change with n: that whole Axes is redrawn; the other two panels
        # only change their bars, labels, curve, marker and titles (their ticks stay in the background)
        p = self.panels
        return [*p.bars, *p.bar_labels, p.ax_sizes.title, p.curve, p.marker, p.ax_h.title, p.ax_hist]

    def describe(self, result, state):
        s = result.sizes
        text = (f"m = {fmt_int(result.m)} · train {fmt_int(s.train)} · dev {fmt_int(s.dev)} · "
                f"test {fmt_int(s.test)} · ")
        if result.n_dev == 0:
            return text + "the dev set is empty"
        return text + f"dev error {100 * result.error_rate:g}% ± {points_text(result.halfwidth)} points (95%)"


def splits_figure(ms=(1e3, 1e4, 1e6, 1e8), dev_fraction: float = 0.01, error_rate: float = 0.1, *,
                  seed: int) -> Figure:
    """Static small multiples: one row of the three panels per m."""
    ms = [_validate.real("ms", m, low=1.0) for m in _validate.items("ms", ms)]
    dev_fraction = _validate.real("dev_fraction", dev_fraction, low=0.0, high=0.5)
    error_rate = _validate.real("error_rate", error_rate, low=0.0, high=1.0)
    seed = _validate.integer("seed", seed, low=0)
    fig, grid = new_figure((12.5, 3.1 * len(ms)), len(ms), 3, gridspec_kw={"width_ratios": WIDTH_RATIOS},
                           squeeze=False)
    for row, m in zip(grid, ms):
        _Panels(row).update(split_numbers(int(m), dev_fraction, error_rate, rng=seed))
    return fig
