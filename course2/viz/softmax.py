"""Notebook 18: softmax. Static figures of the trained models and two compute explorers.

``regions_figure``: the class regions (arg-max colour, paler where the top probability is low) of
softmax regression and of a softmax output layer on 3 spiral arms. ``confusion_figure`` and
``mistakes_figure``: the digits' dev confusion matrix and the most confident mistakes (8x8 images).
``temperature_figure``: softmax(s z) at a few logit scales s.

``TemperatureExplorer`` ("softmax_temperature"): logit scale s (log) -> the probabilities softmax(s z),
the Jacobian diag(p) - p p^T as a heat map (numbers in the cells) and the gradient y_hat - y of the
cross-entropy beside the "diagonal only" p (1 - p) version.

``OverflowExplorer`` ("softmax_overflow"): the size a of float32 logits a * (1, 0, -1) -> the unshifted
and shifted softmax side by side (NaN flagged, never drawn as a bar) and the loss three ways against a:
log of the unshifted softmax, log of the shifted softmax, log-softmax (non-finite parts not drawn, flagged).
"""

from __future__ import annotations

import math

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course2 import _validate, training
from course2 import softmax as S
from course2.experiments import softmax as E
from course2.network import Network

from .boundary import extent_of, grid_points
from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_row
from .registry import register

__all__ = ["OverflowExplorer", "TemperatureExplorer", "confusion_figure", "mistakes_figure", "region_image",
           "regions_figure", "temperature_figure"]

CLASS_COLORS = np.array([[0.30, 0.45, 0.69], [0.87, 0.52, 0.32], [0.33, 0.66, 0.41], [0.77, 0.31, 0.32],
                         [0.51, 0.45, 0.70], [0.58, 0.47, 0.38], [0.85, 0.52, 0.75], [0.55, 0.55, 0.55],
                         [0.80, 0.73, 0.45], [0.39, 0.71, 0.80]])
RESOLUTION = 150
WAYS = {"log(unshifted softmax)": "#c44e52", "log(shifted softmax)": "#dd8452", "log-softmax": "#4c72b0"}


def _check_fits(fits) -> dict:
    if not isinstance(fits, dict) or not fits:
        raise TypeError(f"fits must be a non-empty dict name -> MulticlassFit, got {type(fits).__name__}")
    for fit in fits.values():
        _validate.instance("fits", fit, E.MulticlassFit, "a dict of MulticlassFit (from spirals_fits)")
    return fits


def region_image(net, extent, resolution: int = RESOLUTION) -> np.ndarray:
    """An (R, R, 3) RGB image: each pixel the colour of its arg-max class, mixed with white by how far the
    top probability is above 1/C (white where the classes tie)."""
    _validate.instance("net", net, Network, "a Network with a softmax output")
    grid = grid_points(extent, resolution)
    P = net.forward(grid)
    C = P.shape[0]
    top = P.max(axis=0)
    strength = 0.15 + 0.55 * np.clip((top - 1.0 / C) / (1.0 - 1.0 / C), 0.0, 1.0)
    rgb = 1.0 - strength[:, None] * (1.0 - CLASS_COLORS[P.argmax(axis=0) % len(CLASS_COLORS)])
    return rgb.reshape(resolution, resolution, 3)


def regions_figure(fits: dict) -> Figure:
    """One panel per model of ``fits`` (from ``spirals_fits``): class regions and the dev points."""
    fits = _check_fits(fits)
    fig, axes = new_figure((4.2 * len(fits), 4.2), 1, len(fits), squeeze=False)
    for ax, (name, fit) in zip(axes[0], fits.items()):
        extent = extent_of(fit.X_train, fit.X_dev, margin=0.05)
        y = fit.Y_dev.argmax(axis=0)
        ax.set_xticks([])
        ax.set_yticks([])
        if fit.diverged_at is not None:
            ax.text(0.5, 0.5, training.diverged_text(fit.diverged_at), ha="center", va="center", color="crimson",
                    transform=ax.transAxes, fontsize=TEXT)
            ax.set_title(f"{name} {list(fit.net.layer_sizes)}", fontsize=TEXT)
            continue
        ax.imshow(region_image(fit.net, extent), origin="lower", extent=extent, interpolation="nearest",
                  aspect="auto")
        ax.scatter(fit.X_dev[0], fit.X_dev[1], c=CLASS_COLORS[y], s=9, edgecolors="k", linewidths=0.3)
        ax.set_title(f"{name} {list(fit.net.layer_sizes)}\ndev accuracy {fit.accuracy('dev'):.0%} "
                     f"± {fit.halfwidth():.0%}", fontsize=TEXT)
    return fig


def confusion_figure(fit) -> Figure:
    """The dev confusion matrix of ``fit`` as a heat map with the counts (row = true, column = predicted)."""
    fit = _validate.instance("fit", fit, E.MulticlassFit, "a MulticlassFit")
    fig, ax = new_figure((5.2, 4.6))
    if fit.diverged_at is not None:
        ax.text(0.5, 0.5, training.diverged_text(fit.diverged_at), ha="center", va="center", color="crimson",
                transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    M = E.confusion_matrix(fit)
    C = M.shape[0]
    ax.imshow(np.log1p(M), cmap="Blues", vmin=0, vmax=np.log1p(M.max()))
    for i in range(C):
        for j in range(C):
            if M[i, j]:
                ax.text(j, i, str(M[i, j]), ha="center", va="center", fontsize=TEXT,
                        color="white" if i == j else ("crimson" if M[i, j] else "k"))
    ax.set_xticks(range(C))
    ax.set_yticks(range(C))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title(f"{fit.name}: {int(M.sum() - np.trace(M))} mistakes of {int(M.sum())} (dev)", fontsize=TEXT)
    return fig


def mistakes_figure(fit, k: int = 8) -> Figure:
    """The k most confident dev mistakes of a digits ``fit`` as 8x8 images: true -> predicted (p)."""
    fit = _validate.instance("fit", fit, E.MulticlassFit, "a MulticlassFit")
    k = _validate.integer("k", k, low=1, high=32)
    if fit.X_dev.shape[0] != 64:
        raise ValueError(f"fit must be trained on 8x8 images (64 inputs), got {fit.X_dev.shape[0]} inputs")
    fig, axes = new_figure((1.45 * k, 2.0), 1, k, squeeze=False)
    rows = [] if fit.diverged_at is not None else E.confident_mistakes(fit, k)
    for n, ax in enumerate(axes[0]):
        ax.set_xticks([])
        ax.set_yticks([])
        if n < len(rows):
            i, true, pred, p = rows[n]
            ax.imshow(fit.X_dev[:, i].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
            ax.set_title(f"true {true} → {pred}\np = {p:.2f}", fontsize=TEXT)
        else:
            ax.set_axis_off()
    if fit.diverged_at is not None:
        fig.suptitle(f"{fit.name}: {training.diverged_text(fit.diverged_at)}", color="crimson", fontsize=TEXT)
    else:
        fig.suptitle(f"{fit.name}: the most confident mistakes on the dev set", fontsize=TEXT)
    fig.get_layout_engine().set(h_pad=6 / 72)        # the title clear of the two-line titles under it
    return fig


def temperature_figure(z=E.LOGITS, scales=(0.1, 1.0, 10.0)) -> Figure:
    """Bars of softmax(s z) at each logit scale s (small s: near uniform; large s: the arg-max)."""
    rows = E.temperature_rows(z, scales)
    fig, axes = new_figure((3.0 * len(rows), 2.8), 1, len(rows), squeeze=False, sharey=True)
    C = len(rows[0][1])
    for ax, (s, p) in zip(axes[0], rows):
        ax.bar(range(C), p, color=CLASS_COLORS[:C])
        ax.axhline(1.0 / C, color="0.4", lw=0.8, ls="--")
        ax.set_xticks(range(C), [f"z={v:g}" for v in np.asarray(z, float)])
        ax.set_ylim(0, 1.05)
        ax.set_title(f"s = {s:g}: max p = {p.max():.2f}", fontsize=TEXT)
    axes[0][0].set_ylabel("softmax(s z)")
    return fig


@register("softmax_temperature")
class TemperatureExplorer(Explorer):
    """logit scale s (log slider, 0.01 to 100) -> softmax(s z), its Jacobian and the gradient y_hat - y."""

    def __init__(self, *, scale: float = 1.0, z=E.LOGITS, label: int = 0):
        scale = _validate.real("scale", scale, low=0.01, high=100.0)
        self.z = _validate.array("z", z, ndim=1)
        if not 2 <= self.z.size <= 6:
            raise ValueError(f"z must hold 2 to 6 logits, got {self.z.size}")
        self.label = _validate.integer("label", label, low=0, high=self.z.size - 1)
        self.y = np.eye(self.z.size)[self.label]
        controls = {"scale": widgets.FloatLogSlider(value=scale, base=10, min=-2, max=2, step=0.05,
                                                    description="logit scale s", readout_format=".3g",
                                                    layout=widgets.Layout(width="520px"),
                                                    style={"description_width": "initial"})}
        super().__init__(controls, main="scale", figsize=(11.5, 3.9), threaded=False)

    def setup(self, figure: Figure) -> None:
        C = self.z.size
        ax1, ax2, ax3 = pixel_row(figure, [220, 190, 210], [64, 60], left=66, top=30)
        self.pbars = ax1.bar(range(C), np.full(C, 1.0 / C), color=CLASS_COLORS[:C])
        ax1.axhline(1.0 / C, color="0.4", lw=0.8, ls="--")
        ax1.set_ylim(0, 1.08)
        ax1.set_xticks(range(C), [f"z={v:g}" for v in self.z])
        ax1.set_ylabel("p = softmax(s z)")
        self.jacobian_image = ax2.imshow(np.zeros((C, C)), cmap="RdBu_r", vmin=-0.25, vmax=0.25)
        self.cells = [[ax2.text(j, i, "", ha="center", va="center", fontsize=TEXT) for j in range(C)] for i in range(C)]
        ax2.set_xticks(range(C), [f"z{j}" for j in range(C)])
        ax2.set_yticks(range(C), [f"p{i}" for i in range(C)])
        ax2.set_title("Jacobian diag(p) − p pᵀ", fontsize=TEXT)
        x = np.arange(C)
        self.gbars = ax3.bar(x - 0.2, np.zeros(C), 0.4, color="#4c72b0", label="ŷ − y (right)")
        self.dbars = ax3.bar(x + 0.2, np.zeros(C), 0.4, color="#c44e52", alpha=0.6, label="diagonal only (wrong)")
        ax3.axhline(0, color="k", lw=0.6)
        ax3.set_ylim(-1.05, 1.05)
        ax3.set_xticks(x, [f"{k}" + (" (y)" if k == self.label else "") for k in x])
        ax3.set_xlabel("class")
        ax3.legend(fontsize=TEXT, loc="upper right")
        ax3.set_title(f"dJ/d(s z) = ŷ − y, J = −log p{self.label}", fontsize=TEXT)
        self.ax1 = ax1

    def compute(self, state: dict) -> dict:
        s = state["scale"]
        p = S.softmax(s * self.z)
        with np.errstate(divide="ignore", invalid="ignore"):
            entropy = float(-np.sum(np.where(p > 0, p * np.log(p), 0.0)))
        return {"p": p, "jacobian": S.softmax_jacobian(p), "gradient": S.cross_entropy_gradient(s * self.z, self.y),
                "diagonal": -self.y * (1.0 - p), "entropy": entropy}

    def draw(self, result: dict, state: dict) -> None:
        for bar, v in zip(self.pbars, result["p"]):
            bar.set_height(v)
        J = result["jacobian"]
        self.jacobian_image.set_data(J)
        for i, row in enumerate(self.cells):
            for j, t in enumerate(row):
                t.set_text(f"{J[i, j]:+.2f}" if abs(J[i, j]) >= 0.005 else "0")
                t.set_color("white" if abs(J[i, j]) > 0.15 else "k")
        for bar, v in zip(self.gbars, result["gradient"]):
            bar.set_height(v)
        for bar, v in zip(self.dbars, result["diagonal"]):
            bar.set_height(v)
        self.ax1.set_title(f"s = {state['scale']:.3g}: max p = {result['p'].max():.3f}, entropy "
                           f"{result['entropy']:.2f}", fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [*self.pbars, self.jacobian_image, *[t for row in self.cells for t in row], *self.gbars, *self.dbars,
                self.ax1.title]

    def describe(self, result: dict, state: dict) -> str:
        p = result["p"]
        return (f"logit scale s = {state['scale']:.3g} · p = ({', '.join(f'{v:.3f}' for v in p)}) · "
                f"entropy {result['entropy']:.2f} nats (uniform {math.log(p.size):.2f})")


@register("softmax_overflow")
class OverflowExplorer(Explorer):
    """logit size a (1 to 120, float32 logits a * (1, 0, -1)) -> unshifted vs shifted softmax, the loss 3 ways."""

    A_MAX = 120

    def __init__(self, *, a: int = 10):
        a = _validate.integer("a", a, low=1, high=self.A_MAX)
        self.a_values = np.arange(1, self.A_MAX + 1)
        self.rows = {int(v): E.overflow_rows(float(v)) for v in self.a_values}
        self.first = E.first_nonfinite(self.a_values)
        controls = {"a": widgets.IntSlider(value=a, min=1, max=self.A_MAX, step=1, description="logit size a",
                                           layout=widgets.Layout(width="520px"),
                                           style={"description_width": "initial"})}
        super().__init__(controls, main="a", figsize=(12.0, 4.0), threaded=False)

    def setup(self, figure: Figure) -> None:
        ax1, ax2 = pixel_row(figure, [300, 390], [84], left=70, top=44)
        C = len(E.BREAK_LOGITS)
        x = np.arange(C)
        self.naive_bars = ax1.bar(x - 0.2, np.zeros(C), 0.4, color="#c44e52", label="exp(z) / Σ exp(z)")
        self.shift_bars = ax1.bar(x + 0.2, np.zeros(C), 0.4, color="#4c72b0", label="shifted by max z")
        self.flags = [ax1.text(k - 0.2, 0.5, "", ha="center", va="center", color="crimson", fontsize=TEXT,
                               weight="bold", rotation=90) for k in x]
        ax1.set_ylim(0, 1.1)
        ax1.set_xticks(x, ["z = a", "z = 0", "z = −a (true)"])
        ax1.set_ylabel("probability (float32)")
        ax1.legend(fontsize=TEXT, loc="upper right")
        for name, color in WAYS.items():
            losses = np.array([self.rows[int(v)]["loss"][name] for v in self.a_values])
            ok = np.isfinite(losses)
            stop = int(np.argmin(ok)) if not ok.all() else ok.size    # finite prefix only: nothing non-finite drawn
            ax2.plot(self.a_values[:stop], losses[:stop], color=color, lw=2.5 if name == "log-softmax" else 1.4,
                     ls={"log(unshifted softmax)": "--", "log(shifted softmax)": ":"}.get(name, "-"), label=name,
                     zorder=3 if name != "log-softmax" else 2)
            if stop < ok.size:
                a0 = self.a_values[stop]
                ax2.axvline(a0, color=color, lw=0.8, ls=":")
                ax2.text(a0 - 1, 150 + 25 * list(WAYS).index(name), f"inf ✗ from a = {a0} →", color=color,
                         fontsize=TEXT, ha="right")
        a_nan = self.first["unshifted softmax"]
        ax2.axvspan(a_nan, self.A_MAX + 2, color="#c44e52", alpha=0.07, lw=0)
        ax2.text(a_nan - 1, 232, f"unshifted softmax NaN ✗ from a = {a_nan:g} →", color="#c44e52", fontsize=TEXT,
                 ha="right")
        ax2.set_xlim(0, self.A_MAX + 2)
        ax2.set_ylim(0, 250)
        ax2.set_xlabel("a")
        ax2.set_ylabel("loss −log p(true class)")
        ax2.legend(fontsize=TEXT, loc="lower right")      # (under the rising loss, clear of the "✗ from" notes)
        self.vline = ax2.axvline(10, color="k", lw=1.0)
        self.dots = {name: ax2.plot([10], [10], "o", ms=6, color=color, mec="k", mew=0.6)[0]
                     for name, color in WAYS.items()}
        self.ax1, self.ax2 = ax1, ax2

    def compute(self, state: dict) -> dict:
        return self.rows[int(state["a"])]

    def draw(self, result: dict, state: dict) -> None:
        a = int(state["a"])
        for bar, flag, v in zip(self.naive_bars, self.flags, result["unshifted"]):
            finite = bool(np.isfinite(v))
            bar.set_height(float(v) if finite else 0.0)
            flag.set_text("" if finite else "NaN ✗")
        for bar, v in zip(self.shift_bars, result["shifted"]):
            bar.set_height(float(v))
        self.vline.set_xdata([a, a])
        for name, dot in self.dots.items():
            v = result["loss"][name]
            dot.set_visible(math.isfinite(v))
            if math.isfinite(v):
                dot.set_data([a], [v])
        self.ax1.set_title(f"a = {a}: max logit {a} " + ("≤" if a <= S.largest_safe_logit() else ">")
                           + f" {S.largest_safe_logit():.2f} (float32)", fontsize=TEXT)
        loss = [f"{n} {E._fmt_value(v, '.4g')}" for n, v in result["loss"].items()]
        self.ax2.set_title(f"loss: {loss[0]}\n" + " · ".join(loss[1:]), fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [*self.naive_bars, *self.shift_bars, *self.flags, self.vline, *self.dots.values(), self.ax1.title,
                self.ax2.title]

    def describe(self, result: dict, state: dict) -> str:
        naive = "NaN ✗" if not np.all(np.isfinite(result["unshifted"])) else "finite"
        return (f"a = {int(state['a'])} · unshifted softmax {naive} · " +
                " · ".join(f"{n} {E._fmt_value(v, '.4g')}" for n, v in result["loss"].items()))
