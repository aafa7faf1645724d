"""Vanishing and exploding gradients, measured, for notebook 07.

1. The lecture's deep linear network: g(z) = z, b[l] = 0, W[l] = w I (2 x 2) for l < L, so

       y_hat = W[L] (w I)^(L-1) x = w^(L-1) W[L] x        (here W[L] = (0.5, 0.5), x = (1, 1): y_hat = w^(L-1))

   ``deep_linear_outputs`` multiplies the matrices out, layer by layer; ERRATA #2: the notes repeat
   1.5 in the "vanishing" example, where 0.5 is meant (0.5^(L-1) vanishes, 1.5^(L-1) explodes).

2. A real deep ReLU network, n = 50 units per layer, W[l] = scale * (He draw, std sqrt(2/n[l-1])),
   b[l] = 0, linear output. Forward: each layer multiplies the activations' size by about ``scale``
   (He keeps E[a^2] constant; then std(A[l]) ~ sqrt(1 - 1/pi) scale^l for standard-normal inputs).
   Backward from J = mean(y_hat) (dZ[L] = 1/m for every example, so the plot shows the network's
   own amplification): each layer back multiplies dA by about ``scale`` again, and
   dW[l] = dZ[l] A[l-1]^T carries scale^(l-1) from the forward pass and scale^(L-l) from the backward
   one: ||dW[l]|| = scale^(L-1) ||dW[l]||_(scale=1) in every layer (exactly, since relu(s z) = s relu(z)
   for s > 0 and the biases are 0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import _validate

__all__ = ["DeepReLU", "LayerScales", "STD_RELU_HE", "deep_linear_forward", "deep_linear_outputs", "depth_table",
           "errata_table", "format_depth_table", "format_he_drift", "he_drift"]

W_OUT = np.array([[0.5, 0.5]])
X_LINEAR = np.array([[1.0], [1.0]])
#: std of relu(z) for z ~ N(0, 2): what He initialization keeps every layer at, with N(0, 1) inputs
STD_RELU_HE = math.sqrt(1 - 1 / math.pi)


def deep_linear_outputs(w: float, max_depth: int) -> np.ndarray:
    """y_hat for L = 1 .. max_depth, by multiplying the layers out: y_hat(L) = W[L] (w I)^(L-1) x.

    Returns an array of ``max_depth`` values; ``y_hat[L - 1]`` is depth L."""
    w = _validate.real("w", w)
    max_depth = _validate.integer("max_depth", max_depth, low=1)
    W = w * np.eye(2)
    a = X_LINEAR.copy()                 # A[0] = x
    out = np.empty(max_depth)
    for L in range(1, max_depth + 1):
        out[L - 1] = (W_OUT @ a)[0, 0]  # depth L: the output layer applied after L - 1 hidden layers
        a = W @ a
    return out


def deep_linear_forward(w: float, depth: int, W_out, x) -> np.ndarray:
    """y_hat = W[L] (w I)^(L-1) x for L = ``depth``: the lecture's deep linear network (g(z) = z, b = 0, every
    hidden layer W[l] = w I), multiplied out layer by layer. ``W_out``: W[L], shape (1, n); ``x``: (n, m)."""
    w = _validate.real("w", w)
    depth = _validate.integer("depth", depth, low=1)
    W_out = _validate.array("W_out", W_out, ndim=2)
    x = _validate.array("x", x, ndim=2)
    if W_out.shape[1] != x.shape[0]:
        raise ValueError(f"W_out must have one column per row of x ({x.shape[0]}), got shape {W_out.shape}")
    a = x.astype(float, copy=True)
    hidden = w * np.eye(x.shape[0])
    for _ in range(depth - 1):                  # the L - 1 hidden layers
        a = hidden @ a
    return W_out @ a


def errata_table(depths=(1, 2, 10, 20, 50, 100)) -> str:
    """ERRATA #2 side by side: the notes' two examples (both with 1.5) and the corrected one (0.5)."""
    depths = [_validate.integer("depth", L, low=1) for L in _validate.items("depths", depths)]
    big, small = deep_linear_outputs(1.5, max(depths)), deep_linear_outputs(0.5, max(depths))
    lines = ["y_hat = W[L] (w I)^(L-1) x with W[L] = (0.5, 0.5), x = (1, 1): multiplied out layer by layer",
             f"{'L':>4} | {'notes, exploding: w = 1.5':>26} | {'notes, vanishing: w = 1.5 (sic)':>32} | "
             f"{'corrected, vanishing: w = 0.5':>30}"]
    for L in depths:
        lines.append(f"{L:>4} | {big[L - 1]:>26.3g} | {big[L - 1]:>32.3g} | {small[L - 1]:>30.3g}")
    lines.append("(the notes' second example grows exactly like the first: with 1.5 nothing vanishes)")
    return "\n".join(lines)


@dataclass(frozen=True)
class LayerScales:
    """One forward and backward pass through a deep ReLU network at one weight scale.

    ``activation_std[l-1]`` = std(A[l]) for the hidden layers l = 1 .. L-1; ``y_hat_std``;
    ``dA_rms[l-1]`` = root-mean-square of dA[l] (l = 1 .. L-1); ``dW_norm[l-1]`` = ||dW[l]||_F (l = 1 .. L)."""

    depth: int
    scale: float
    activation_std: np.ndarray
    y_hat_std: float
    dA_rms: np.ndarray
    dW_norm: np.ndarray

    def predicted_activation_std(self) -> np.ndarray:
        """sqrt(1 - 1/pi) scale^l for l = 1 .. L-1 (He's constant size, times scale per layer)."""
        return STD_RELU_HE * self.scale ** np.arange(1, self.depth)


class DeepReLU:
    """A stack of He-drawn weights for up to ``max_depth`` layers of ``n`` ReLU units and a batch X.

    ``run(depth, scale)`` uses W[1..depth-1] (n x n) and a fixed output row W[L] (1 x n), all
    multiplied by ``scale``: the same draw at every scale, so a scale slider moves smoothly."""

    def __init__(self, *, n: int = 50, m: int = 200, max_depth: int = 100, rng):
        self.n = _validate.integer("n", n, low=1)
        self.m = _validate.integer("m", m, low=2)
        self.max_depth = _validate.integer("max_depth", max_depth, low=2)
        gen = _validate.rng("rng", rng)
        he = math.sqrt(2.0 / n)
        self.hidden = [gen.standard_normal((n, n)) * he for _ in range(max_depth - 1)]
        self.out = gen.standard_normal((1, n)) * he
        self.X = gen.standard_normal((n, m))

    def weights(self, depth: int, scale: float) -> list[np.ndarray]:
        """W[1], ..., W[L] (the lecture's order) for ``depth`` = L, times ``scale``."""
        depth = _validate.integer("depth", depth, low=2, high=self.max_depth)
        scale = _validate.real("scale", scale, low=0.0, low_open=True)
        return [scale * W for W in self.hidden[:depth - 1]] + [scale * self.out]

    def run(self, depth: int, scale: float) -> LayerScales:
        """Forward (A[l] = relu(W[l] A[l-1]), y_hat = W[L] A[L-1]) and backward from J = mean(y_hat)."""
        Ws = self.weights(depth, scale)
        A = [self.X]
        Zs = []
        for W in Ws[:-1]:
            Z = W @ A[-1]
            Zs.append(Z)
            A.append(np.maximum(Z, 0.0))
        y_hat = Ws[-1] @ A[-1]
        m = self.m
        dZ = np.full((1, m), 1.0 / m)               # dJ/dy_hat for J = mean(y_hat)
        dW_norm = np.empty(depth)
        dA_rms = np.empty(depth - 1)
        for l in range(depth, 0, -1):               # the lecture's layer index l = L .. 1
            dW = dZ @ A[l - 1].T
            dW_norm[l - 1] = np.linalg.norm(dW)
            if l > 1:
                dA = Ws[l - 1].T @ dZ
                dA_rms[l - 2] = math.sqrt(float(np.mean(dA * dA)))
                dZ = dA * (Zs[l - 2] > 0)
        stds = np.array([float(a.std()) for a in A[1:]])
        return LayerScales(depth, float(scale), stds, float(y_hat.std()), dA_rms, dW_norm)

    def gradients(self, depth: int, scale: float) -> list[np.ndarray]:
        """dW[1], ..., dW[L] of J = mean(y_hat) (for tests: checked against Network.backward and centered
        differences)."""
        Ws = self.weights(depth, scale)
        A, Zs = [self.X], []
        for W in Ws[:-1]:
            Zs.append(W @ A[-1])
            A.append(np.maximum(Zs[-1], 0.0))
        dZ = np.full((1, self.m), 1.0 / self.m)
        grads = [None] * depth
        for l in range(depth, 0, -1):
            grads[l - 1] = dZ @ A[l - 1].T
            if l > 1:
                dZ = (Ws[l - 1].T @ dZ) * (Zs[l - 2] > 0)
        return grads

    def cost(self, weights: list[np.ndarray]) -> float:
        """J = mean(y_hat) for the given W[1..L] (zero biases, ReLU hidden layers, linear output)."""
        weights = _validate.items("weights", weights)
        if len(weights) < 2:
            raise ValueError(f"weights must hold W[1], ..., W[L] for L >= 2, got {len(weights)} matrix")
        rows = self.n
        for l, W in enumerate(weights, start=1):
            W = _validate.array(f"weights[{l - 1}] (W[{l}])", W, ndim=2)
            if W.shape[1] != rows:
                raise ValueError(f"weights[{l - 1}] (W[{l}]) must have {rows} columns, got shape {W.shape}")
            rows = W.shape[0]
        A = self.X
        for W in weights[:-1]:
            A = np.maximum(W @ A, 0.0)
        return float(np.mean(weights[-1] @ A))


@dataclass(frozen=True)
class DepthRow:
    scale: float
    predicted_log10_std: float       # log10 std(A[L-1]) by the per-layer factor
    measured_log10_std: float
    predicted_log10_dW1: float       # log10 ||dW[1]||: scale^(L-1) times its value at scale 1
    measured_log10_dW1: float
    measured_factor: float           # (std(A[L-1]) / std(A[1]))^(1/(L-2)): the measured per-layer factor


def depth_table(net: DeepReLU, *, depth: int = 50, scales=(0.5, 1.0, 1.5)) -> list[DepthRow]:
    """Predicted against measured log10 sizes at ``depth`` for each scale."""
    _validate.instance("net", net, DeepReLU)
    depth = _validate.integer("depth", depth, low=3, high=net.max_depth)
    scales = [_validate.real("scales", s, low=0.0, low_open=True) for s in _validate.items("scales", scales)]
    base = net.run(depth, 1.0)
    rows = []
    for s in scales:
        r = net.run(depth, s)
        last = r.activation_std[-1]
        rows.append(DepthRow(
            float(s),
            math.log10(STD_RELU_HE) + (depth - 1) * math.log10(s),
            math.log10(last),
            math.log10(base.dW_norm[0]) + (depth - 1) * math.log10(s),
            math.log10(r.dW_norm[0]),
            float((last / r.activation_std[0]) ** (1 / (depth - 2)))))
    return rows


def format_depth_table(rows: list[DepthRow], *, depth: int = 50) -> str:
    for r in _validate.items("rows", rows):
        _validate.instance("rows", r, DepthRow, "a list of DepthRow (from depth_table)")
    depth = _validate.integer("depth", depth, low=3)
    lines = [f"L = {depth} layers of 50 ReLU units, W[l] = scale * He draw; log10 of sizes, predicted vs measured",
             f"{'scale':>5} | {f'log10 std(A[{depth - 1}])':>19} {'measured':>9} | {'log10 ||dW[1]||':>16} "
             f"{'measured':>9} | {'measured factor per layer':>25}",
             f"{'':>5} | {'predicted':>19} {'':>9} | {'exact (*)':>16} {'':>9} |"]
    for r in rows:
        lines.append(f"{r.scale:5.2f} | {r.predicted_log10_std:19.1f} {r.measured_log10_std:9.1f} | "
                     f"{r.predicted_log10_dW1:16.1f} {r.measured_log10_dW1:9.1f} | {r.measured_factor:25.2f}")
    lines.append("(predicted: log10 sqrt(1 - 1/pi) + (L-1) log10 scale for the activations, He keeping the size "
                 "constant;\n (*) ||dW[1]|| at scale 1 times scale^(L-1): exact by construction, since relu(s z) = "
                 "s relu(z) with zero biases)")
    return "\n".join(lines)


@dataclass(frozen=True)
class HeDrift:
    """log10 std(A[depth-1]) at scale 1 (He) for one network per seed: how far single finite-width networks drift."""

    depth: int
    seeds: tuple
    log10_std: np.ndarray

    @property
    def median(self) -> float:
        return float(np.median(self.log10_std))


def he_drift(*, seeds, depth: int = 50, n: int = 50, m: int = 200, max_depth: int = 100) -> HeDrift:
    """``DeepReLU(n=n, m=m, max_depth=max_depth, rng=seed).run(depth, 1.0)`` for each seed (seed 0 with the defaults
    is notebook 07's network): log10 std(A[depth-1]) of each."""
    seeds = tuple(_validate.integer("seeds", s, low=0) for s in _validate.items("seeds", seeds))
    max_depth = _validate.integer("max_depth", max_depth, low=3)
    depth = _validate.integer("depth", depth, low=3, high=max_depth)
    out = [math.log10(DeepReLU(n=n, m=m, max_depth=max_depth, rng=s).run(depth, 1.0).activation_std[-1])
           for s in seeds]
    return HeDrift(depth, seeds, np.array(out))


def format_he_drift(drift: HeDrift) -> str:
    _validate.instance("drift", drift, HeDrift, "a HeDrift (from he_drift)")
    v = drift.log10_std
    below = int(np.sum(v < math.log10(STD_RELU_HE)))
    return (f"scale 1 (He), {len(drift.seeds)} networks (seeds {drift.seeds[0]}..{drift.seeds[-1]}): log10 std(A["
            f"{drift.depth - 1}]) median {drift.median:.1f}, from {v.min():.1f} to {v.max():.1f}; {below} of "
            f"{v.size} below the predicted {math.log10(STD_RELU_HE):.1f}\n"
            f"(each: " + ", ".join(f"{x:.1f}" for x in v) + ")")
