"""A decision-boundary layer for 2-D classification plots, updated in place.

    grid = grid_points(extent, resolution)          X of shape (2, R*R), course notation
    P    = grid_probabilities(net, grid, R)          A[L] on the grid as an (R, R) image, rows = x2

``DecisionBoundary(ax, extent)`` owns an ``imshow`` of P (``set_data``: ~4 ms per redraw, far
cheaper than ``pcolormesh`` or ``contourf``), the 0.5 contour (the boundary itself, redrawn in a few
ms) and named scatters of data points (``set_offsets``/``set_array``). Compute P in an explorer's
``compute`` (it is numbers, cacheable) and hand it to ``set_probabilities`` in ``draw``.
"""

from __future__ import annotations

import threading

import numpy as np

from course2 import _validate

__all__ = ["DecisionBoundary", "extent_of", "grid_points", "grid_probabilities"]

CMAP = "RdBu"          # class 0 red, class 1 blue
DEFAULT_RESOLUTION = 120


def extent_of(*Xs: np.ndarray, margin: float = 0.25) -> tuple[float, float, float, float]:
    """(x1_min, x1_max, x2_min, x2_max) covering every column of the given (2, m) arrays, plus ``margin``."""
    if not Xs:
        raise ValueError("extent_of needs at least one (2, m) array")
    X = np.hstack([_validate.array("X", x, ndim=2) for x in Xs])
    if X.shape[0] != 2:
        raise ValueError(f"X must have 2 rows (2-D inputs), got shape {X.shape}")
    margin = _validate.real("margin", margin, low=0.0)
    lo, hi = X.min(axis=1), X.max(axis=1)
    pad = margin * np.maximum(hi - lo, 1e-9)
    return (float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), float(hi[1] + pad[1]))


def _check_extent(extent) -> tuple[float, float, float, float]:
    ext = tuple(_validate.real(f"extent[{i}]", v) for i, v in enumerate(_validate.items("extent", extent)))
    if len(ext) != 4 or not (ext[0] < ext[1] and ext[2] < ext[3]):
        raise ValueError(f"extent must be (x1_min, x1_max, x2_min, x2_max) with min < max, got {extent!r}")
    return ext


def grid_points(extent, resolution: int = DEFAULT_RESOLUTION) -> np.ndarray:
    """The (2, R*R) grid of pixel centres over ``extent``; column r*R + c is row r (x2), column c (x1)."""
    x1_min, x1_max, x2_min, x2_max = _check_extent(extent)
    R = _validate.integer("resolution", resolution, low=2, high=1000)
    dx, dy = (x1_max - x1_min) / R, (x2_max - x2_min) / R
    xs = x1_min + dx * (np.arange(R) + 0.5)
    ys = x2_min + dy * (np.arange(R) + 0.5)
    g1, g2 = np.meshgrid(xs, ys)
    return np.vstack([g1.ravel(), g2.ravel()])


def grid_probabilities(net, grid: np.ndarray, resolution: int | None = None, *, dtype=None) -> np.ndarray:
    """A[L] (the probability of class 1) of ``net`` on ``grid`` (from ``grid_points``) as an (R, R) image.

    ``dtype=np.float32`` runs the forward pass on a float32 copy of the network: what pictures use
    (``DecisionBoundary.probabilities``). The image is the same to about 1e-6, and on a CPU without
    AVX-512 numpy's float64 tanh costs ~4x its float32 one (a 100 x 100 grid through [2, 32, 32, 1]
    is ~10 ms of tanh there); the network that was trained and scored is untouched. A network with
    batch norm or non-finite parameters (a diverged run) is evaluated as it is."""
    from course2.network import Network

    _validate.instance("net", net, Network)
    grid = _validate.array("grid", grid, ndim=2)
    if grid.shape[0] != 2:
        raise ValueError(f"grid must be (2, R*R) points from grid_points, got shape {grid.shape}")
    if resolution is not None:
        resolution = _validate.integer("resolution", resolution, low=2, high=1000)
        if resolution * resolution != grid.shape[1]:
            raise ValueError(f"resolution must be R with R*R = {grid.shape[1]} grid points, got {resolution}")
    if (dtype is not None and np.dtype(dtype) != net.dtype and not getattr(net, "batch_norm", False)
            and np.all(np.isfinite(net.theta))):
        net = _converted(net, np.dtype(dtype))
        grid = grid.astype(net.dtype)
    A = net.forward(grid)
    if A.shape[0] != 1:
        raise ValueError(f"grid_probabilities needs a network with one sigmoid output, got A[L] of shape {A.shape}")
    R = int(round(np.sqrt(grid.shape[1]))) if resolution is None else resolution
    if R * R != grid.shape[1]:
        raise ValueError(f"grid must hold R*R points, got {grid.shape[1]}")
    return A.reshape(R, R)


def _converted(net, dtype):
    """A copy of ``net`` (same layers, activations, parameters rounded to ``dtype``) in ``dtype``."""
    from course2.network import Network

    with np.errstate(over="ignore"):      # a diverged network's huge weights become inf, as they would
        Ws, bs = [W.astype(dtype) for W in net.W], [b.astype(dtype) for b in net.b]
    return Network.from_params(Ws, bs, list(net.hidden_activations), net.output, dtype=dtype)


#: the dtype of the forward pass behind every drawn probability image (see ``grid_probabilities``)
PICTURE_DTYPE = np.float32


class DecisionBoundary:
    """The probability image, the P = 0.5 boundary and data points on ``ax``, all updated in place."""

    def __init__(self, ax, extent, *, resolution: int = DEFAULT_RESOLUTION, alpha: float = 0.55,
                 contour: bool = True, ticks: bool = False):
        from matplotlib.axes import Axes

        _validate.instance("ax", ax, Axes, "a matplotlib Axes")
        alpha = _validate.real("alpha", alpha, low=0.0, high=1.0)
        self.ax = ax
        self.extent = _check_extent(extent)
        self.resolution = _validate.integer("resolution", resolution, low=2, high=1000)
        self.grid = grid_points(self.extent, self.resolution)
        self._grid_pictured = self.grid.astype(PICTURE_DTYPE)
        self._scratch: dict = {}
        self._scratch_lock = threading.Lock()
        self.image = ax.imshow(np.full((self.resolution, self.resolution), 0.5), extent=self.extent, origin="lower",
                               cmap=CMAP, vmin=0.0, vmax=1.0, alpha=alpha, aspect="auto", interpolation="bilinear",
                               zorder=0)
        self.show_contour = contour
        self.contour = None
        self.points: dict = {}
        ax.set_xlim(self.extent[0], self.extent[1])
        ax.set_ylim(self.extent[2], self.extent[3])
        if not ticks:                       # x1, x2 coordinates carry no lesson here: no tick labels to read
            ax.set_xticks([])
            ax.set_yticks([])

    def probabilities(self, net) -> np.ndarray:
        """``grid_probabilities`` of ``net`` on this layer's grid, computed in ``PICTURE_DTYPE``.

        The float32 copy is one network per architecture kept by this layer, its parameters
        overwritten each call: a fresh network would allocate its work arrays for the R*R grid
        every time (page faults cost more than the forward pass on these machines)."""
        key = (net.layer_sizes, net.hidden_activations, net.output)
        with self._scratch_lock:       # the worker thread (compute, prefetch) and the caller may both ask
            scratch = self._scratch.pop(key, None)
            if scratch is None:
                scratch = _converted(net, np.dtype(PICTURE_DTYPE))
            else:
                with np.errstate(over="ignore"):
                    scratch.theta[...] = net.theta
            self._scratch[key] = scratch
            while len(self._scratch) > 4:
                self._scratch.pop(next(iter(self._scratch)))
            return grid_probabilities(scratch, self._grid_pictured, self.resolution)

    def set_probabilities(self, P: np.ndarray | None) -> bool:
        """Show an (R, R) probability image and its 0.5 contour; return whether it is shown.

        ``None``, or a P with any non-finite value (a diverged network's), clears the layer instead:
        the image is hidden and the contour removed, so nothing non-finite is drawn.
        """
        if self.contour is not None:
            self.contour.remove()
            self.contour = None
        if P is None:
            self.image.set_visible(False)
            return False
        P = np.asarray(P, dtype=float)
        if P.shape != (self.resolution, self.resolution):
            raise ValueError(f"P must have shape {(self.resolution, self.resolution)}, got {P.shape}")
        if not np.all(np.isfinite(P)):
            self.image.set_visible(False)
            return False
        self.image.set_data(P)
        self.image.set_visible(True)
        if self.show_contour and P.min() < 0.5 < P.max():
            x1_min, x1_max, x2_min, x2_max = self.extent
            R = self.resolution
            xs = np.linspace(x1_min, x1_max, R, endpoint=False) + (x1_max - x1_min) / (2 * R)
            ys = np.linspace(x2_min, x2_max, R, endpoint=False) + (x2_max - x2_min) / (2 * R)
            self.contour = self.ax.contour(xs, ys, P, levels=[0.5], colors="k", linewidths=1.4, zorder=2)
        return True

    def clear(self) -> None:
        """Hide the probability image and remove the contour (the points stay)."""
        self.set_probabilities(None)

    def set_points(self, X, Y, name: str = "train", **style) -> None:
        """Show (2, m) points coloured by their 0/1 labels Y (1, m); ``style`` applies when first created."""
        X = np.asarray(X, dtype=float)
        Y = np.asarray(Y, dtype=float).ravel()
        if X.ndim != 2 or X.shape[0] != 2 or X.shape[1] != Y.size:
            raise ValueError(f"X must be (2, m) with one label per column, got X {X.shape} and {Y.size} labels")
        sc = self.points.get(name)
        if sc is None:
            kw = {"s": 14, "edgecolors": "k", "linewidths": 0.4, "cmap": CMAP, "vmin": 0.0, "vmax": 1.0, "zorder": 3}
            kw.update(style)
            sc = self.points[name] = self.ax.scatter(X[0], X[1], c=Y, **kw)
        else:
            sc.set_offsets(X.T)
            sc.set_array(Y)

    def set_points_visible(self, name: str, visible: bool) -> None:
        if name in self.points:
            self.points[name].set_visible(visible)
