"""Data augmentation for 2-D points: more training examples from the ones you have.

Each augmented copy of a point x (a column of X, shape (2, m)) is, in this order:

    1. reflected:  with probability 1/2 for each flip that ``reflect`` allows
                   horizontal flip  x1 -> 2*c1 - x1   (mirror left-right, across the vertical line x1 = c1)
                   vertical flip    x2 -> 2*c2 - x2   (mirror up-down, across the horizontal line x2 = c2)
    2. rotated:    by an angle drawn uniformly in [-max_angle, +max_angle] DEGREES about the centre c
                   x <- c + R(angle) (x - c),  R = [[cos, -sin], [sin, cos]]
    3. jittered:   x <- x + N(0, jitter^2) on each coordinate

The centre c is the origin (``center="origin"``, the default) or the mean of the points being
augmented (``center="data"``). Labels are copied unchanged, so only use a transformation that
leaves the label unchanged for your task (a left-right flip of a cat is still a cat; a flip of a
"left of the line" point is not). ``augment`` never decides that for you: every transformation is
off unless asked for.

The result stacks the originals first, then copy 1 of every example, copy 2, ...:
X_aug has shape (2, m * (1 + copies)) (or (2, m * copies) with ``keep_original=False``).
"""

from __future__ import annotations

import numpy as np

from course2 import _validate

__all__ = ["REFLECTIONS", "augment", "jitter", "reflect", "rotate"]

REFLECTIONS = ("none", "horizontal", "vertical", "both")
CENTERS = ("origin", "data")


def _points(X, name: str = "X") -> np.ndarray:
    X = _validate.array(name, X, ndim=2)
    if X.shape[0] != 2:
        raise ValueError(f"{name} must hold 2-D points, shape (2, m), got shape {X.shape}")
    return X


def _center(X: np.ndarray, center) -> np.ndarray:
    if isinstance(center, str):
        _validate.choice("center", center, CENTERS)
        return np.zeros((2, 1)) if center == "origin" else X.mean(axis=1, keepdims=True)
    c = _validate.array("center", center).reshape(-1, 1)
    if c.shape != (2, 1):
        raise ValueError(f"center must be 'origin', 'data' or a point of 2 coordinates, got {center!r}")
    return c


def rotate(X, degrees, *, center="origin") -> np.ndarray:
    """Rotate the points X (2, m) counter-clockwise by ``degrees`` about ``center``.

        x <- c + R(theta) (x - c),  R(theta) = [[cos theta, -sin theta], [sin theta, cos theta]]

    ``degrees`` is a number or an array of m angles (one per point). ``center`` is "origin",
    "data" (the mean of X) or a point (c1, c2). Returns a new array.
    """
    X = _points(X)
    c = _center(X, center)
    theta = np.deg2rad(_validate.array("degrees", degrees))
    if theta.ndim > 1 or theta.size not in (1, X.shape[1]):
        raise ValueError(f"degrees must be a number or {X.shape[1]} angles, got shape {theta.shape}")
    cos, sin = np.cos(theta), np.sin(theta)
    D = X - c
    return c + np.vstack([cos * D[0] - sin * D[1], sin * D[0] + cos * D[1]])


def reflect(X, which: str, *, center="origin") -> np.ndarray:
    """Mirror the points X (2, m): ``which`` is "horizontal" (x1 -> 2*c1 - x1, left-right),
    "vertical" (x2 -> 2*c2 - x2, up-down), "both" (a half turn about c) or "none".
    ``center`` as in ``rotate``. Returns a new array."""
    X = _points(X)
    _validate.choice("which", which, REFLECTIONS)
    c = _center(X, center)
    out = X.copy()
    if which in ("horizontal", "both"):
        out[0] = 2 * c[0] - X[0]
    if which in ("vertical", "both"):
        out[1] = 2 * c[1] - X[1]
    return out


def jitter(X, std: float, *, rng) -> np.ndarray:
    """X + N(0, std^2) on every entry; X may have any number of rows. Returns a new array."""
    X = _validate.array("X", X, ndim=2)
    std = _validate.real("std", std, low=0.0)
    rng = _validate.rng("rng", rng)
    return X + std * rng.standard_normal(X.shape)


def augment(X, Y, *, copies: int, jitter: float = 0.0, max_angle: float = 0.0, reflect: str = "none",
            center="origin", keep_original: bool = True, rng) -> tuple[np.ndarray, np.ndarray]:
    """Return (X_aug, Y_aug): the originals (if ``keep_original``) then ``copies`` augmented copies.

    X (2, m), Y (n_y, m). Each copy is reflected (each flip allowed by ``reflect`` applied with
    probability 1/2), rotated by a uniform angle in [-max_angle, max_angle] degrees about
    ``center``, then jittered with N(0, jitter^2); see the module docstring. With "data" the centre
    is the mean of the original X, the same for every copy. Y's columns are repeated unchanged.
    Shapes: X_aug (2, m * (copies + keep_original)), Y_aug (n_y, same). Inputs are not modified.
    """
    X, Y = _validate.xy(X, Y)
    X = _points(X)
    copies = _validate.integer("copies", copies, low=0 if keep_original else 1)
    std = _validate.real("jitter", jitter, low=0.0)
    max_angle = _validate.real("max_angle", max_angle, low=0.0, high=180.0)
    _validate.choice("reflect", reflect, REFLECTIONS)
    if not isinstance(keep_original, bool):
        raise TypeError(f"keep_original must be True or False, got {keep_original!r}")
    c = _center(X, center)
    rng = _validate.rng("rng", rng)
    m = X.shape[1]
    flips = {"none": (), "horizontal": (0,), "vertical": (1,), "both": (0, 1)}[reflect]
    Xs = [X.copy()] if keep_original else []
    for _ in range(copies):
        Xc = X.copy()
        for axis in flips:
            flip = rng.random(m) < 0.5
            Xc[axis, flip] = 2 * c[axis, 0] - Xc[axis, flip]
        if max_angle > 0:
            Xc = rotate(Xc, rng.uniform(-max_angle, max_angle, m), center=c)
        if std > 0:
            Xc = Xc + std * rng.standard_normal(Xc.shape)
        Xs.append(Xc)
    n = len(Xs)
    return np.hstack(Xs), np.tile(Y, (1, n))
