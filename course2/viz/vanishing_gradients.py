"""Notebook 07: vanishing and exploding gradients.

``DeepLinearExplorer``: depth L (1 to 100) and the diagonal weight w (0.5 to 1.5) -> y_hat of the
lecture's deep linear network (W[l] = w I) against L on a log axis, multiplied out layer by layer,
with w = 0.5 and w = 1.5 as references; the title gives w^(L-1).

``DeepReLUExplorer``: the weight scale (0.5 to 1.5, times He) and the depth (2 to 100) of a
50-unit ReLU network -> per layer, std(A[l]) in the forward pass and the size of dA[l] and
||dW[l]||_F in the backward pass, on log axes, with the per-layer prediction dashed.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course2 import _validate
from course2.experiments import vanishing_gradients as VG

from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_grid
from .registry import later, register

__all__ = ["DeepLinearExplorer", "DeepReLUExplorer", "deep_linear_figure", "layer_scales_figure"]

MAX_DEPTH = 100
SCALE_COLORS = {0.5: "#4c72b0", 1.0: "0.3", 1.5: "#c44e52"}
#: the w and scale sliders' values: 0.5 to 1.5 in steps of 0.05
SLIDER_VALUES = tuple(round(0.5 + 0.05 * k, 2) for k in range(21))


def deep_linear_figure(ws=(0.5, 1.0, 1.5), max_depth: int = MAX_DEPTH) -> Figure:
    """y_hat = w^(L-1) against L on a log axis, for a few w."""
    ws = [_validate.real("ws", w) for w in _validate.items("ws", ws)]
    max_depth = _validate.integer("max_depth", max_depth, low=1)
    fig, ax = new_figure((9, 3.2))
    L = np.arange(1, max_depth + 1)
    for w in ws:
        y = VG.deep_linear_outputs(w, max_depth)
        ax.semilogy(L, y, color=SCALE_COLORS.get(w), label=f"w = {w:g}: y_hat(L = {max_depth}) = {y[-1]:.3g}")
    ax.set_xlabel("depth L")
    ax.set_ylabel("y_hat (log scale)")
    ax.legend(fontsize=TEXT)
    return fig


def layer_scales_figure(net: VG.DeepReLU, *, depth: int = 50, scales=(0.5, 1.0, 1.5)) -> Figure:
    """Forward std(A[l]) and backward ||dW[l]||_F per layer, for a few weight scales."""
    _validate.instance("net", net, VG.DeepReLU)
    depth = _validate.integer("depth", depth, low=2, high=net.max_depth)
    scales = [_validate.real("scales", s, low=0.0, low_open=True) for s in _validate.items("scales", scales)]
    fig, (ax1, ax2) = new_figure((11, 3.8), 1, 2)
    for s in scales:
        r = net.run(depth, s)
        color = SCALE_COLORS.get(s)
        l_hidden = np.arange(1, depth)
        ax1.semilogy(l_hidden, r.activation_std, color=color, label=f"scale {s:g}")
        ax1.semilogy(l_hidden, r.predicted_activation_std(), color=color, ls=":", lw=1)
        ax2.semilogy(np.arange(1, depth + 1), r.dW_norm, "o-", ms=2.5, color=color, label=f"||dW[l]||, scale {s:g}")
        ax2.semilogy(l_hidden, r.dA_rms, color=color, ls="--", lw=1)
    ax1.set_xlabel("layer l")
    ax1.set_ylabel("std(A[l]) (dotted: predicted)")
    ax1.set_title("forward pass", fontsize=TEXT)
    ax2.set_xlabel("layer l")
    ax2.set_ylabel("||dW[l]||_F (dots), rms dA[l] (dashed)", fontsize=TEXT)
    ax2.set_title("backward pass", fontsize=TEXT)
    ax1.legend(fontsize=TEXT)
    return fig


@register("deep_linear")
class DeepLinearExplorer(Explorer):
    """depth L (1 ... 100) and diagonal weight w (0.5 ... 1.5) -> y_hat = W[L] (w I)^(L-1) x."""

    def __init__(self, *, depth: int = 50, w: float = 0.5):
        _validate.integer("depth", depth, low=1, high=MAX_DEPTH)
        _validate.option("w", w, SLIDER_VALUES)
        self.references = {v: VG.deep_linear_outputs(v, MAX_DEPTH) for v in (0.5, 1.5)}
        style = {"description_width": "90px"}     # "w (diagonal)" whole, and both tracks aligned
        controls = {
            "depth": widgets.IntSlider(value=depth, min=1, max=MAX_DEPTH, description="depth L",
                                       style=style, layout=widgets.Layout(width="520px")),
            "w": widgets.FloatSlider(value=w, min=0.5, max=1.5, step=0.05, description="w (diagonal)",
                                     readout_format=".2f", style=style),
        }
        super().__init__(controls, main="depth", figsize=(10, 3.6), threaded=False)

    def setup(self, figure: Figure) -> None:
        ax = figure.add_subplot(pixel_grid(figure, left=72, right=20)[0, 0])
        L = np.arange(1, MAX_DEPTH + 1)
        for v, y in self.references.items():
            ax.semilogy(L, y, color=SCALE_COLORS[v], ls=":", lw=1.2, label=f"w = {v:g} (reference)")
        (self.curve,) = ax.semilogy(L, np.ones(MAX_DEPTH), color="k", lw=1.5, label="this w")
        (self.marker,) = ax.semilogy([], [], "o", ms=9, mfc="none", mec="k", mew=1.5)
        ax.axhline(1.0, color="0.8", lw=0.8)
        ax.set_xlim(0, MAX_DEPTH + 1)
        ax.set_ylim(1e-34, 1e20)     # (the lowest tick label clear of the x axis's "0")
        ax.set_xlabel("depth L", fontsize=TEXT)
        ax.set_ylabel("y_hat (log scale)", fontsize=TEXT)
        ax.legend(fontsize=TEXT, loc="lower left")
        self.ax = ax

    def compute(self, state: dict) -> dict:
        y = VG.deep_linear_outputs(state["w"], MAX_DEPTH)
        return {"y": y, "y_L": float(y[state["depth"] - 1])}

    def draw(self, result: dict, state: dict) -> None:
        L, w = state["depth"], state["w"]
        self.curve.set_ydata(result["y"])
        self.marker.set_data([L], [result["y_L"]])
        self.ax.set_title(f"y_hat = W[L] (w I)^(L-1) x = {w:.2f}^{L - 1} = {result['y_L']:.3g}", fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [self.curve, self.marker, self.ax.title]

    def describe(self, result: dict, state: dict) -> str:
        L, w = state["depth"], state["w"]
        kind = "explodes" if w > 1 else "vanishes" if w < 1 else "stays at 1"
        return (f"depth L = {L} · w = {w:.2f} · y_hat = {result['y_L']:.3g} = w^(L-1) "
                f"(multiplied out; formula {w ** (L - 1):.3g}) · {kind} with depth")


@register("deep_relu_scales", net=later(VG.DeepReLU, rng=0))
class DeepReLUExplorer(Explorer):
    """weight scale (0.5 ... 1.5, times He) and depth (2 ... 100) -> std(A[l]), dA[l], ||dW[l]|| per layer.
    ``net``: the stack with its drawn weights and inputs (notebook 07: ``DeepReLU(..., rng=0)``); nothing is
    drawn here."""

    def __init__(self, net: VG.DeepReLU, *, scale: float = 1.0, depth: int = 50):
        _validate.instance("net", net, VG.DeepReLU)
        _validate.option("scale", scale, SLIDER_VALUES)
        _validate.integer("depth", depth, low=2, high=net.max_depth)
        self.net = net
        style = {"description_width": "90px"}     # "weight scale" whole, and both tracks aligned
        controls = {
            "scale": widgets.FloatSlider(value=scale, min=0.5, max=1.5, step=0.05, description="weight scale",
                                         readout_format=".2f", style=style, layout=widgets.Layout(width="520px")),
            "depth": widgets.IntSlider(value=depth, min=2, max=self.net.max_depth, description="depth L",
                                       style=style),
        }
        super().__init__(controls, main="scale", figsize=(12, 3.8), threaded=False)

    def setup(self, figure: Figure) -> None:
        gs = pixel_grid(figure, 1, 2, left=74, right=16, wspace=96)
        self.ax_f, self.ax_b = (figure.add_subplot(gs[0, i]) for i in range(2))
        (self.std_line,) = self.ax_f.semilogy([], [], color="#4c72b0", lw=1.5, label="measured std(A[l])")
        (self.pred_line,) = self.ax_f.semilogy([], [], color="k", ls=":", lw=1.2,
                                               label="predicted sqrt(1 - 1/pi) scale^l")
        (self.dW_line,) = self.ax_b.semilogy([], [], "o-", ms=2.5, color="#c44e52", lw=1, label="||dW[l]||_F")
        (self.dA_line,) = self.ax_b.semilogy([], [], color="#dd8452", ls="--", lw=1.2, label="rms of dA[l]")
        for ax in (self.ax_f, self.ax_b):
            ax.set_xlim(0, self.net.max_depth + 1)
            ax.set_ylim(1e-38, 1e22)
            ax.axhline(1.0, color="0.8", lw=0.8)
            ax.set_xlabel("layer l", fontsize=TEXT)
            ax.legend(fontsize=TEXT, loc="lower left")
        self.ax_f.set_ylabel("forward: std(A[l])", fontsize=TEXT)
        self.ax_b.set_ylabel("backward: gradient size", fontsize=TEXT)

    def compute(self, state: dict) -> VG.LayerScales:
        return self.net.run(state["depth"], state["scale"])

    def draw(self, r: VG.LayerScales, state: dict) -> None:
        hidden = np.arange(1, r.depth)
        self.std_line.set_data(hidden, r.activation_std)
        self.pred_line.set_data(hidden, r.predicted_activation_std())
        self.dW_line.set_data(np.arange(1, r.depth + 1), r.dW_norm)
        self.dA_line.set_data(hidden, r.dA_rms)
        last = f"std(A[{r.depth - 1}]) = {r.activation_std[-1]:.3g}" if r.depth > 1 else ""
        self.ax_f.set_title(f"forward, scale {r.scale:.2f}, L = {r.depth}: {last}", fontsize=TEXT)
        self.ax_b.set_title(f"backward: ||dW[1]|| = {r.dW_norm[0]:.3g}, ||dW[L]|| = {r.dW_norm[-1]:.3g}", fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [self.std_line, self.pred_line, self.dW_line, self.dA_line, self.ax_f.title, self.ax_b.title]

    def describe(self, r: VG.LayerScales, state: dict) -> str:
        return (f"weight scale = {r.scale:.2f} · depth L = {r.depth} · std(A[{r.depth - 1}]) = "
                f"{r.activation_std[-1]:.3g} (predicted {r.predicted_activation_std()[-1]:.3g}) · "
                f"||dW[1]|| = {r.dW_norm[0]:.3g}")
