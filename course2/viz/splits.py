"""Notebook 01: how big a dev set must be. Split sizes and the dev-error confidence half-width.

``SplitsExplorer``: sliders for the number of examples m (10^2 to 10^8, log), the dev fraction
(test gets the same fraction, train the rest) and the model's true error rate p. Three panels:
the split sizes, the half-width h(n) = z * sqrt(p (1 - p) / n) against the dev-set size n with
the current n marked, and a resampling experiment: 2,000 dev sets of n examples drawn without
replacement from the m examples, the histogram of their measured error rates and the fraction
that landed within +-h of p. ``split_numbers`` returns the numbers (no plotting);
``splits_figure`` is the static small-multiples figure and ``splits_table`` the printed table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from course2 import _validate, splits

from .explorer import Explorer
from .figures import new_figure
from .registry import register

__all__ = ["DEV_FRACTIONS", "SplitNumbers", "SplitsExplorer", "resampling_table", "split_numbers", "splits_figure",
           "splits_table"]

CONFIDENCE = 0.95
REPEATS = 2000
#: (label, fraction) options of the dev-fraction slider
DEV_FRACTIONS = (("0.1%", 0.001), ("0.2%", 0.002), ("0.5%", 0.005), ("1%", 0.01), ("2%", 0.02), ("5%", 0.05),
                 ("10%", 0.1), ("20%", 0.2), ("30%", 0.3))
COLORS = {"train": "#4c72b0", "dev": "#dd8452", "test": "#55a868"}
_N_CURVE = np.unique(np.round(np.logspace(0, 8, 161)).astype(np.int64))


@dataclass(frozen=True)
class SplitNumbers:
    """What the explorer shows for one (m, dev fraction, error rate)."""

    m: int
    dev_fraction: float
    error_rate: float
    sizes: splits.SplitSizes
    halfwidth: float                  # Wald, 95 %; nan when the dev set is empty
    measured: np.ndarray              # REPEATS measured dev error rates (empty when n = 0)
    within: float                     # fraction of ``measured`` within +-halfwidth of error_rate

    @property
    def n_dev(self) -> int:
        return self.sizes.dev


def split_numbers(m: int, dev_fraction: float, error_rate: float = 0.1, *, repeats: int = REPEATS,
                  rng=0) -> SplitNumbers:
    """Sizes (train, dev, test) = (1 - 2f, f, f) * m, the dev error's half-width, and ``repeats`` resampled
    dev sets of n examples from a population of m whose true error rate is ``error_rate``."""
    m = _validate.integer("m", m, low=1)
    f = _validate.real("dev_fraction", dev_fraction, low=0.0, high=0.5)
    p = _validate.real("error_rate", error_rate, low=0.0, high=1.0)
    sizes = splits.split_sizes(m, fractions=(1.0 - 2.0 * f, f, f))
    n = sizes.dev
    if n == 0:
        return SplitNumbers(m, f, p, sizes, math.nan, np.empty(0), math.nan)
    h = splits.error_confidence_halfwidth(p, n, CONFIDENCE)
    measured = splits.resample_error_spread(p, n, repeats=repeats, population=m, rng=rng)
    # counts are integers: compare in counts so float rounding cannot move a boundary case
    within = float(np.mean(np.abs(np.round(measured * n) - p * n) <= h * n + 1e-9))
    return SplitNumbers(m, f, p, sizes, h, measured, within)


def _fmt_int(n: int) -> str:
    return f"{n:,}"


def _points(h: float) -> str:
    """A half-width in percentage points, with enough digits to be non-zero."""
    if math.isnan(h):
        return "undefined"
    x = 100 * h
    return f"{x:.2f}" if x >= 0.1 else f"{x:.3f}"


def _fraction_label(f: float) -> str:
    for label, value in DEV_FRACTIONS:
        if abs(value - f) < 1e-12:
            return label
    return f"{100 * f:g}%"


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
        self.bar_labels = [ax.text(i, 1, "", ha="center", va="bottom", fontsize=8) for i in range(3)]
        ax = self.ax_h
        (self.curve,) = ax.loglog(_N_CURVE, np.ones(_N_CURVE.size), color="0.3", lw=1.5)
        (self.marker,) = ax.plot([1], [1], "o", color=COLORS["dev"], ms=8, zorder=3)
        ax.axhline(1.0, color="0.6", ls="--", lw=0.8)
        ax.text(1.5, 1.2, "±1 point", fontsize=7, color="0.4")
        ax.set_xlim(1, 1e8)
        ax.set_ylim(1e-3, 100.0)
        ax.set_xlabel("dev-set size n")
        ax.set_ylabel("half-width h (points, 95%)")
        ax = self.ax_hist
        self.hist = ax.stairs(np.zeros(1), np.array([0.0, 1.0]), fill=True, color=COLORS["dev"], alpha=0.7)
        self.truth = ax.axvline(0.1, color="k", lw=1.2)
        self.lo = ax.axvline(0.1, color="crimson", ls="--", lw=1.0)
        self.hi = ax.axvline(0.1, color="crimson", ls="--", lw=1.0)
        self.empty = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center", va="center", fontsize=10)
        ax.set_xlabel("measured dev error")
        ax.xaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=None))
        ax.set_yticks([])

    def update(self, r: SplitNumbers) -> None:
        for bar, label, size in zip(self.bars, self.bar_labels, r.sizes):
            bar.set_height(max(size, 1e-9))
            label.set_position((label.get_position()[0], max(size, 1) * 1.15))
            label.set_text(_fmt_int(size))
        self.ax_sizes.set_title(f"m = {_fmt_int(r.m)}: {100 * (1 - 2 * r.dev_fraction):g} / "
                                f"{_fraction_label(r.dev_fraction)} / {_fraction_label(r.dev_fraction)}",
                                fontsize=10)
        p = r.error_rate
        z = _z()
        self.curve.set_ydata(100 * z * np.sqrt(p * (1 - p) / _N_CURVE))
        n = r.n_dev
        self.marker.set_visible(n > 0)
        if n > 0:
            self.marker.set_data([n], [max(100 * r.halfwidth, 1.1e-3)])
            self.ax_h.set_title(f"dev n = {_fmt_int(n)}: {100 * p:g}% ± {_points(r.halfwidth)} points", fontsize=10)
        else:
            self.ax_h.set_title("dev set is empty: no estimate", fontsize=10)
        self._update_hist(r)

    def _update_hist(self, r: SplitNumbers) -> None:
        ax = self.ax_hist
        n, p = r.n_dev, r.error_rate
        shown = n > 0
        for artist in (self.hist, self.truth, self.lo, self.hi):
            artist.set_visible(shown)
        self.empty.set_text("" if shown else "no dev examples")
        if not shown:
            ax.set_title("resampled dev sets", fontsize=10)
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
        ax.set_title(f"{r.measured.size} resampled dev sets: {100 * r.within:.1f}% within ±h", fontsize=10)


def _z() -> float:
    return splits.error_confidence_halfwidth(0.5, 1, CONFIDENCE) / 0.5


@register("splits")
class SplitsExplorer(Explorer):
    """m (log slider), dev fraction and true error rate -> split sizes, half-width, resampled spread."""

    def __init__(self, *, m: float = 1e6, dev_fraction: float = 0.01, error_rate: float = 0.1, seed: int = 0):
        self.seed = seed
        controls = {
            "m": widgets.FloatLogSlider(value=m, base=10, min=2, max=8, step=0.25, description="examples m",
                                        readout_format=",.0f", continuous_update=True,
                                        style={"description_width": "110px"},
                                        layout=widgets.Layout(width="520px")),
            "dev_fraction": widgets.SelectionSlider(options=DEV_FRACTIONS, value=dev_fraction,
                                                    description="dev = test", style={"description_width": "110px"},
                                                    layout=widgets.Layout(width="520px")),
            "error_rate": widgets.FloatSlider(value=error_rate, min=0.01, max=0.5, step=0.01,
                                              description="true error p", readout_format=".2f",
                                              style={"description_width": "110px"},
                                              layout=widgets.Layout(width="520px")),
        }
        super().__init__(controls, main="m", figsize=(10.5, 3.4))

    def setup(self, figure):
        axes = figure.subplots(1, 3, gridspec_kw={"width_ratios": [0.8, 1.1, 1.1]})
        figure.subplots_adjust(left=0.07, right=0.98, bottom=0.16, top=0.88, wspace=0.32)
        self.panels = _Panels(axes)

    def compute(self, state):
        return split_numbers(int(round(state["m"])), state["dev_fraction"], state["error_rate"], rng=self.seed)

    def draw(self, result, state):
        self.panels.update(result)

    def dynamic_artists(self):
        # the histogram's axis limits change with n: that whole Axes is redrawn; the other two panels
        # only change their bars, labels, curve, marker and titles (their ticks stay in the background)
        p = self.panels
        return [*p.bars, *p.bar_labels, p.ax_sizes.title, p.curve, p.marker, p.ax_h.title, p.ax_hist]

    def describe(self, result, state):
        s = result.sizes
        text = (f"m = {_fmt_int(result.m)} · train {_fmt_int(s.train)} · dev {_fmt_int(s.dev)} · "
                f"test {_fmt_int(s.test)} · ")
        if result.n_dev == 0:
            return text + "the dev set is empty"
        return text + f"dev error {100 * result.error_rate:g}% ± {_points(result.halfwidth)} points (95%)"


def splits_figure(ms=(1e3, 1e4, 1e6, 1e8), dev_fraction: float = 0.01, error_rate: float = 0.1, *,
                  seed: int = 0) -> Figure:
    """Static small multiples: one row of the three panels per m."""
    fig, grid = new_figure((10.5, 2.7 * len(ms)), len(ms), 3, gridspec_kw={"width_ratios": [0.8, 1.1, 1.1]},
                           squeeze=False)
    for row, m in zip(grid, ms):
        _Panels(row).update(split_numbers(int(m), dev_fraction, error_rate, rng=seed))
    return fig


def splits_table(ms=(100, 1_000, 10_000, 100_000, 1_000_000, 100_000_000), error_rate: float = 0.1,
                 fractions=(0.01, 0.2)) -> str:
    """A fixed-width table: the lecture's suggested split and the dev half-width at each fraction."""
    head = f"{'m':>12} | {'suggested train/dev/test':>28} | " + " | ".join(
        f"{'dev at ' + _fraction_label(f):>10} {'± points':>9}" for f in fractions)
    lines = [head, "-" * len(head)]
    for m in ms:
        s = splits.suggested_split(m)
        cells = []
        for f in fractions:
            n = splits.split_sizes(m, fractions=(1 - 2 * f, f, f)).dev
            h = splits.error_confidence_halfwidth(error_rate, n, CONFIDENCE) if n else math.nan
            cells.append(f"{_fmt_int(n):>10} {_points(h):>9}")
        sizes = f"{_fmt_int(s.train)}/{_fmt_int(s.dev)}/{_fmt_int(s.test)}"
        lines.append(f"{_fmt_int(m):>12} | {sizes:>28} | " + " | ".join(cells))
    return "\n".join(lines)


def resampling_table(cases=((1_000, 0.01), (10_000, 0.01), (100_000, 0.01), (1_000_000, 0.01), (100_000_000, 0.01)),
                     error_rate: float = 0.1, *, seed: int = 0) -> str:
    """For each (m, dev fraction): the formula's half-width next to the resampled one
    (1.96 x the standard deviation of ``REPEATS`` measured dev errors) and the fraction within +-h."""
    head = (f"{'m':>12} {'dev n':>10} | {'formula ± points':>16} | {'resampled 1.96·sd':>17} | "
            f"{'within ±h':>9}")
    lines = [head, "-" * len(head)]
    z = _z()
    for m, f in cases:
        r = split_numbers(int(m), f, error_rate, rng=seed)
        lines.append(f"{_fmt_int(r.m):>12} {_fmt_int(r.n_dev):>10} | {_points(r.halfwidth):>16} | "
                     f"{_points(z * float(np.std(r.measured))):>17} | {100 * r.within:>8.1f}%")
    return "\n".join(lines)
