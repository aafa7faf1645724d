"""Two-dimensional cost surfaces with exact gradients, and the path an optimizer takes on them.

    quadratic   J(w) = 1/2 (w - c)^T H (w - c),   H = R diag(lambda_min, lambda_max) R^T
                lambda_max / lambda_min = condition; R rotates by angle_deg. With angle_deg = 0
                the shallow axis is horizontal (w1) and the steep one vertical (w2): the
                lecture's picture, where gradient descent oscillates vertically while it
                progresses horizontally.
    rosenbrock  J(x, y) = (a - x)^2 + b (y - x^2)^2        minimum at (a, a^2), in a curved valley
    saddle      J(x, y) = (a x^2 - b y^2) / 2              a saddle point at 0, no minimum

``optimize_path(surface, optimizer, start, steps)`` runs any ``course2.optimizers`` optimizer and
returns the (steps + 1, 2) path and the cost at each point. It is what the optimizer sliders call,
so it is quick: about 2-10 us per step (see benchmarks/surfaces_path.py).

Costs and gradients take points as arrays whose first axis has length 2 (one point (2,), or a grid
(2, ny, nx) for contour plots).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from . import _validate

SURFACES = ("quadratic", "rosenbrock", "saddle")


def _points(w) -> tuple[np.ndarray, np.ndarray]:
    w = _validate.array("w", w, nonempty=False)
    if w.ndim == 0 or w.shape[0] != 2:
        raise ValueError(f"w must hold 2 coordinates along its first axis ((2,) or (2, ...)), got shape {w.shape}")
    return w[0], w[1]


class Surface:
    """Base class: ``cost(w)``, ``gradient(w)`` and ``gradient_into(w, out)`` (the fast path)."""

    minimum: tuple[float, float] | None = None
    bounds: tuple[float, float, float, float] = (-1.0, 1.0, -1.0, 1.0)  # x0, x1, y0, y1 for plots

    def cost(self, w) -> np.ndarray | float:
        raise NotImplementedError

    def gradient(self, w) -> np.ndarray:
        raise NotImplementedError

    def gradient_into(self, w: np.ndarray, out: np.ndarray) -> None:
        """Write the gradient at the point w (shape (2,)) into out (shape (2,)); no checks."""
        out[...] = self.gradient(w)


class Quadratic(Surface):
    """An elongated bowl: condition number lambda_max / lambda_min, rotated by angle_deg degrees.

    ``scale`` is lambda_min (the curvature along the shallow axis); ``center`` is the minimum.
    ``shallow_direction`` and ``steep_direction`` are the unit eigenvectors of H.
    """

    def __init__(self, condition: float = 10.0, angle_deg: float = 0.0, *, scale: float = 1.0,
                 center=(0.0, 0.0)):
        self.condition = _validate.real("condition", condition, low=1.0)
        self.angle_deg = _validate.real("angle_deg", angle_deg)
        self.scale = _validate.real("scale", scale, low=0.0, low_open=True)
        c = _validate.array("center", center, ndim=1)
        if c.shape != (2,):
            raise ValueError(f"center must be a point (2,), got shape {c.shape}")
        self.center = c
        self.eigenvalues = (self.scale, self.scale * self.condition)
        theta = math.radians(self.angle_deg)
        cos, sin = math.cos(theta), math.sin(theta)
        self.shallow_direction = np.array([cos, sin])
        self.steep_direction = np.array([-sin, cos])
        lo, hi = self.eigenvalues
        self.H = lo * np.outer(self.shallow_direction, self.shallow_direction) + \
            hi * np.outer(self.steep_direction, self.steep_direction)
        self._h = tuple(float(v) for v in self.H.ravel())
        self._c = (float(c[0]), float(c[1]))
        self.minimum = self._c
        self.bounds = (self._c[0] - 12.0, self._c[0] + 12.0, self._c[1] - 6.0, self._c[1] + 6.0)

    def cost(self, w):
        x, y = _points(w)
        dx, dy = x - self._c[0], y - self._c[1]
        h11, h12, _, h22 = self._h
        return 0.5 * (h11 * dx * dx + 2.0 * h12 * dx * dy + h22 * dy * dy)

    def gradient(self, w) -> np.ndarray:
        x, y = _points(w)
        dx, dy = x - self._c[0], y - self._c[1]
        h11, h12, _, h22 = self._h
        return np.stack([h11 * dx + h12 * dy, h12 * dx + h22 * dy])

    def gradient_into(self, w, out) -> None:
        dx = float(w[0]) - self._c[0]
        dy = float(w[1]) - self._c[1]
        h11, h12, _, h22 = self._h
        out[0] = h11 * dx + h12 * dy
        out[1] = h12 * dx + h22 * dy

    def __repr__(self) -> str:
        return (f"Quadratic(condition={self.condition!r}, angle_deg={self.angle_deg!r}, "
                f"scale={self.scale!r}, center={self._c!r})")


class Rosenbrock(Surface):
    """J(x, y) = (a - x)^2 + b (y - x^2)^2; minimum 0 at (a, a^2) at the end of a curved valley."""

    def __init__(self, a: float = 1.0, b: float = 100.0):
        self.a = _validate.real("a", a)
        self.b = _validate.real("b", b, low=0.0, low_open=True)
        self.minimum = (self.a, self.a**2)
        self.bounds = (-2.0, 2.0, -1.0, 3.0)

    def cost(self, w):
        x, y = _points(w)
        return (self.a - x) ** 2 + self.b * (y - x * x) ** 2

    def gradient(self, w) -> np.ndarray:
        x, y = _points(w)
        r = y - x * x
        return np.stack([-2.0 * (self.a - x) - 4.0 * self.b * x * r, 2.0 * self.b * r])

    def gradient_into(self, w, out) -> None:
        x, y = float(w[0]), float(w[1])
        r = y - x * x
        out[0] = -2.0 * (self.a - x) - 4.0 * self.b * x * r
        out[1] = 2.0 * self.b * r

    def __repr__(self) -> str:
        return f"Rosenbrock(a={self.a!r}, b={self.b!r})"


class Saddle(Surface):
    """J(x, y) = (a x^2 - b y^2) / 2: rises along x, falls along y; the gradient vanishes at 0."""

    def __init__(self, a: float = 1.0, b: float = 1.0):
        self.a = _validate.real("a", a, low=0.0, low_open=True)
        self.b = _validate.real("b", b, low=0.0, low_open=True)
        self.minimum = None
        self.bounds = (-2.0, 2.0, -2.0, 2.0)

    def cost(self, w):
        x, y = _points(w)
        return 0.5 * (self.a * x * x - self.b * y * y)

    def gradient(self, w) -> np.ndarray:
        x, y = _points(w)
        return np.stack([self.a * x, -self.b * y])

    def gradient_into(self, w, out) -> None:
        out[0] = self.a * float(w[0])
        out[1] = -self.b * float(w[1])

    def __repr__(self) -> str:
        return f"Saddle(a={self.a!r}, b={self.b!r})"


_CLASSES = {"quadratic": Quadratic, "rosenbrock": Rosenbrock, "saddle": Saddle}


def make_surface(name: str, **kw) -> Surface:
    """A surface by name: 'quadratic', 'rosenbrock' or 'saddle', with its parameters."""
    _validate.choice("surface", name, SURFACES)
    return _CLASSES[name](**kw)


class Path(NamedTuple):
    """Where an optimizer went: ``points`` (steps + 1, 2), ``costs`` (steps + 1,), and
    ``diverged_at``: the first step whose point or cost is not finite (None if none); from there
    on the points and costs are NaN, so a plot simply stops."""

    points: np.ndarray
    costs: np.ndarray
    diverged_at: int | None


def optimize_path(surface: Surface, optimizer, start, steps: int) -> Path:
    """Run ``optimizer`` for ``steps`` steps from ``start`` on ``surface``; return the Path.

    The optimizer is reset first (state and t), so the same object can draw many paths; its
    ``alpha`` and other hyperparameters are used as they are.
    """
    if not isinstance(surface, Surface):
        raise TypeError(f"surface must be a course2.surfaces.Surface, got {type(surface).__name__}")
    if not (hasattr(optimizer, "step") and hasattr(optimizer, "reset")):
        raise TypeError(f"optimizer must be a course2.optimizers optimizer, got {type(optimizer).__name__}")
    w = _validate.array("start", start, ndim=1).copy()
    if w.shape != (2,):
        raise ValueError(f"start must be a point (2,), got shape {w.shape}")
    steps = _validate.integer("steps", steps, low=0)
    optimizer.reset()
    points = np.empty((steps + 1, 2))
    points[0] = w
    g = np.empty(2)
    params, grads = [w], [g]
    gradient_into, step = surface.gradient_into, optimizer.step
    with np.errstate(all="ignore"):
        for i in range(1, steps + 1):
            gradient_into(w, g)
            step(params, grads)
            points[i] = w
        costs = np.full(steps + 1, np.nan)
        finite = np.isfinite(points).all(axis=1)      # cost() refuses non-finite points: leave NaN there
        costs[finite] = surface.cost(points[finite].T)
    bad = ~(np.isfinite(points).all(axis=1) & np.isfinite(costs))
    diverged_at = None
    if bad.any():
        diverged_at = int(np.argmax(bad))
        points[diverged_at:] = np.nan
        costs[diverged_at:] = np.nan
    return Path(points, costs, diverged_at)
