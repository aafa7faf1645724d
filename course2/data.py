"""Seeded toy datasets in course notation: ``X`` is ``(n_x, m)``, ``Y`` is ``(1, m)``.

Classification sets (``n_x = 2``, labels 0/1 as float64 so they feed a network directly):

========== =================================================================================
moons      two interleaving half circles (radius 1), class 1 shifted by (1, -0.5)
circles    class 0 on the circle of radius 1, class 1 on the circle of radius ``factor``
spirals    two interleaved Archimedean spiral arms, r = t, angle = 2*pi*turns*t + pi*class
flower     the course's "planar flower": r = a*sin(petals*t), class 0 has t in [0, pi),
           class 1 has t in [pi, 2*pi); point = (r*sin t, r*cos t)
blobs      two discs of radius 1 centred at (-1.5, -1.5) and (+1.5, +1.5): linearly
           separable (margin > 1) when ``noise`` = 0
========== =================================================================================

Every generator has the same arguments:

- ``m``: number of examples; classes are balanced (``m // 2`` of class 0, the rest class 1) and the
  columns are shuffled, so a slice of the data holds both classes.
- ``noise``: standard deviation of Gaussian noise added to each coordinate of X. ``noise = 0`` gives
  the clean geometry. Exception, following the course's flower set: for ``flower`` the noise is
  added to the angle t (radians) and to the radius r before the point is placed.
- ``label_noise``: the fraction of labels flipped, in [0, 0.5]. Exactly ``round(label_noise * m)``
  labels, chosen uniformly without replacement, are flipped (not a Bernoulli draw per example), so
  "10% label noise" means exactly 10% of the labels are wrong.
- ``rng``: a ``numpy.random.Generator`` or a non-negative int seed (required: no global state).

``regression(m, noise=..., rng=...)`` is the 1-D set: x uniform on [-1, 1],
y = ``regression_function(x)`` = sin(pi*x) + Gaussian noise; it returns ``X (1, m)``, ``Y (1, m)``.

``make_dataset(name, m, **kwargs)`` dispatches on the name (see ``DATASETS``).

``digits(labels=...)`` is real data: scikit-learn's 8x8 handwritten digits (1,797 images, 10
classes, shipped inside the scikit-learn package: no download), X (64, 1797) scaled to [0, 1],
Y one-hot (10, 1797) for a softmax output, or (1, 1797) 0/1 for one digit against the rest.
scikit-learn is imported only when ``digits`` is called (``import course2`` needs numpy only).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from course2 import _validate

__all__ = [
    "DATASETS",
    "blobs",
    "circles",
    "digits",
    "flower",
    "flip_labels",
    "make_dataset",
    "moons",
    "regression",
    "regression_function",
    "spirals",
]


def _common(m, noise, label_noise, rng) -> tuple[int, float, float, np.random.Generator]:
    m = _validate.integer("m", m, low=1)
    noise = _validate.real("noise", noise, low=0.0)
    label_noise = _validate.real("label_noise", label_noise, low=0.0, high=0.5)
    return m, noise, label_noise, _validate.rng("rng", rng)


def _class_sizes(m: int) -> tuple[int, int]:
    """Balanced classes: m // 2 examples of class 0, the rest of class 1."""
    return m // 2, m - m // 2


def flip_labels(Y: np.ndarray, label_noise: float, *, rng) -> np.ndarray:
    """Return a copy of the 0/1 labels ``Y`` (1, m) with exactly ``round(label_noise * m)`` flipped.

    The flipped examples are chosen uniformly without replacement.
    """
    Y = _validate.array("Y", Y, ndim=2)
    if Y.shape[0] != 1 or not np.all((Y == 0) | (Y == 1)):
        raise ValueError(f"Y must be a (1, m) array of 0/1 labels, got shape {Y.shape}")
    label_noise = _validate.real("label_noise", label_noise, low=0.0, high=0.5)
    rng = _validate.rng("rng", rng)
    m = Y.shape[1]
    k = round(label_noise * m)
    Y = Y.copy()
    idx = rng.choice(m, size=k, replace=False)
    Y[0, idx] = 1.0 - Y[0, idx]
    return Y


def _finish(points: np.ndarray, labels: np.ndarray, noise: float, label_noise: float,
            rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Add coordinate noise, shuffle the columns, flip labels."""
    X = points + noise * rng.standard_normal(points.shape) if noise > 0 else points
    order = rng.permutation(X.shape[1])
    X = np.ascontiguousarray(X[:, order], dtype=np.float64)
    Y = labels[order].reshape(1, -1).astype(np.float64)
    return X, flip_labels(Y, label_noise, rng=rng)


def _labels(m0: int, m1: int) -> np.ndarray:
    return np.concatenate([np.zeros(m0), np.ones(m1)])


def moons(m: int, *, noise: float = 0.1, label_noise: float = 0.0, rng) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles.

        class 0: (cos t, sin t),             t ~ U[0, pi]
        class 1: (1 - cos t, 0.5 - sin t),   t ~ U[0, pi]

    plus N(0, noise^2) on each coordinate. Returns X (2, m), Y (1, m) float 0/1.
    """
    m, noise, label_noise, rng = _common(m, noise, label_noise, rng)
    m0, m1 = _class_sizes(m)
    t0 = rng.uniform(0.0, math.pi, m0)
    t1 = rng.uniform(0.0, math.pi, m1)
    pts = np.hstack([np.vstack([np.cos(t0), np.sin(t0)]),
                     np.vstack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])])
    return _finish(pts, _labels(m0, m1), noise, label_noise, rng)


def circles(m: int, *, noise: float = 0.05, label_noise: float = 0.0, factor: float = 0.5,
            rng) -> tuple[np.ndarray, np.ndarray]:
    """Two concentric circles: class 0 at radius 1, class 1 at radius ``factor`` (in (0, 1)).

        point = r * (cos t, sin t),  t ~ U[0, 2*pi)

    plus N(0, noise^2) on each coordinate. Returns X (2, m), Y (1, m) float 0/1.
    """
    m, noise, label_noise, rng = _common(m, noise, label_noise, rng)
    factor = _validate.real("factor", factor, low=0.0, high=1.0, low_open=True, high_open=True)
    m0, m1 = _class_sizes(m)
    t = rng.uniform(0.0, 2 * math.pi, m)
    r = np.concatenate([np.ones(m0), np.full(m1, factor)])
    pts = np.vstack([r * np.cos(t), r * np.sin(t)])
    return _finish(pts, _labels(m0, m1), noise, label_noise, rng)


def spirals(m: int, *, noise: float = 0.05, label_noise: float = 0.0, turns: float = 1.5, classes: int = 2,
            rng) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` interleaved spiral arms (2 by default).

        t ~ U[0, 1],  r = t,  angle = 2*pi*turns*t + 2*pi*class/classes
        point = r * (cos angle, sin angle)

    plus N(0, noise^2) on each coordinate. Returns X (2, m), Y (1, m) float class labels 0..classes-1
    (0/1 for two arms; ``course2.softmax.one_hot`` makes the (classes, m) targets of a softmax output).
    Classes are balanced (m // classes each, the remainder to the last ones). ``label_noise`` needs
    two classes.
    """
    m, noise, label_noise, rng = _common(m, noise, label_noise, rng)
    turns = _validate.real("turns", turns, low=0.0, low_open=True)
    classes = _validate.integer("classes", classes, low=2)
    if classes > 2 and label_noise > 0:
        raise ValueError(f"label_noise must be 0 with classes > 2 (flipping is defined for 0/1 labels), "
                         f"got label_noise={label_noise!r} with classes={classes}")
    counts = [m // classes + (k >= classes - m % classes) for k in range(classes)]
    labels = np.repeat(np.arange(classes, dtype=float), counts)
    t = rng.uniform(0.0, 1.0, m)
    angle = 2 * math.pi * turns * t + 2 * math.pi * labels / classes
    pts = np.vstack([t * np.cos(angle), t * np.sin(angle)])
    if classes > 2:          # _finish without the 0/1 label flip (label_noise is 0 here)
        X = pts + noise * rng.standard_normal(pts.shape) if noise > 0 else pts
        order = rng.permutation(m)
        return np.ascontiguousarray(X[:, order]), labels[order].reshape(1, -1)
    return _finish(pts, labels, noise, label_noise, rng)


def flower(m: int, *, noise: float = 0.2, label_noise: float = 0.0, petals: int = 4, a: float = 4.0,
           rng) -> tuple[np.ndarray, np.ndarray]:
    """The course's planar "flower" set.

        class j in {0, 1}:  t ~ U[j*pi, (j+1)*pi) + N(0, noise^2)
                            r = a * sin(petals * t) + N(0, noise^2)
        point = (r * sin t, r * cos t)     (the noisy t places the point, as in the course)

    The course draws t on a regular grid (``linspace``) with noise 0.2 on t and r; here t is
    uniform, so ``noise = 0`` still gives a random sample of the clean curve |point| = a*|sin(petals*t)|.
    Returns X (2, m), Y (1, m) float 0/1.
    """
    m, noise, label_noise, rng = _common(m, noise, label_noise, rng)
    petals = _validate.integer("petals", petals, low=1)
    a = _validate.real("a", a, low=0.0, low_open=True)
    m0, m1 = _class_sizes(m)
    labels = _labels(m0, m1)
    t = rng.uniform(0.0, math.pi, m) + math.pi * labels
    if noise > 0:
        t = t + noise * rng.standard_normal(m)
    r = a * np.sin(petals * t)
    if noise > 0:
        r = r + noise * rng.standard_normal(m)
    pts = np.vstack([r * np.sin(t), r * np.cos(t)])
    return _finish(pts, labels, 0.0, label_noise, rng)


def blobs(m: int, *, noise: float = 0.0, label_noise: float = 0.0, rng) -> tuple[np.ndarray, np.ndarray]:
    """Two linearly separable blobs.

        class 0: uniform in the unit disc centred at (-1.5, -1.5)
        class 1: uniform in the unit disc centred at (+1.5, +1.5)

    plus N(0, noise^2) on each coordinate. With ``noise = 0`` the line x1 + x2 = 0 separates the
    classes with margin 1.5*sqrt(2) - 1 > 1. Returns X (2, m), Y (1, m) float 0/1.
    """
    m, noise, label_noise, rng = _common(m, noise, label_noise, rng)
    m0, m1 = _class_sizes(m)
    labels = _labels(m0, m1)
    r = np.sqrt(rng.uniform(0.0, 1.0, m))  # sqrt: uniform density over the disc's area
    t = rng.uniform(0.0, 2 * math.pi, m)
    centre = 1.5 * (2 * labels - 1)
    pts = np.vstack([centre + r * np.cos(t), centre + r * np.sin(t)])
    return _finish(pts, labels, noise, label_noise, rng)


def regression_function(X) -> np.ndarray:
    """The clean target of ``regression``: f(x) = sin(pi * x), elementwise."""
    X = _validate.array("X", X, nonempty=False)
    return np.sin(math.pi * X)


def regression(m: int, *, noise: float = 0.2, rng) -> tuple[np.ndarray, np.ndarray]:
    """A 1-D noisy regression set.

        x ~ U[-1, 1],  y = sin(pi * x) + N(0, noise^2)

    Returns X (1, m), Y (1, m), both float64, columns in random order (sort X to plot a line).
    """
    m, noise, _, rng = _common(m, noise, 0.0, rng)
    X = rng.uniform(-1.0, 1.0, (1, m))
    Y = regression_function(X) + noise * rng.standard_normal((1, m))
    return X, Y


DATASETS: dict[str, Callable[..., tuple[np.ndarray, np.ndarray]]] = {
    "moons": moons,
    "circles": circles,
    "spirals": spirals,
    "flower": flower,
    "blobs": blobs,
    "regression": regression,
}


def make_dataset(name: str, m: int, **kwargs) -> tuple[np.ndarray, np.ndarray]:
    """Call the generator called ``name`` (one of ``DATASETS``) with ``m`` and ``kwargs``.

    Example: ``make_dataset("moons", 400, noise=0.2, label_noise=0.05, rng=0)``.
    """
    _validate.choice("name", name, DATASETS)
    return DATASETS[name](m, **kwargs)


DIGITS_M = 1797


def digits(*, labels="onehot", rng=None) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 8x8 handwritten digits in course notation: X (64, 1797) in [0, 1] (pixel / 16).

    ``labels="onehot"``: Y (10, 1797), column i is the one-hot vector of image i's digit (softmax
    output). ``labels=d`` (an int 0..9): Y (1, 1797), 1 where the digit is d, else 0 (sigmoid output).
    ``rng`` (a Generator or seed) shuffles the columns; None keeps scikit-learn's order (no draw).
    """
    try:
        from sklearn.datasets import load_digits
    except ImportError as exc:   # pragma: no cover - depends on the environment
        raise ImportError("course2.data.digits needs scikit-learn (it ships the 8x8 digits, no download): "
                          "pip install scikit-learn, or pip install -e '.[notebooks]'") from exc
    if isinstance(labels, str):
        if labels != "onehot":
            raise ValueError(f"labels must be 'onehot' or a digit 0..9, got {labels!r}")
    else:
        labels = _validate.integer("labels", labels, low=0, high=9)
    bunch = load_digits()
    X = np.ascontiguousarray(bunch.data.T / 16.0, dtype=np.float64)
    y = bunch.target.astype(np.int64)
    if rng is not None:
        order = _validate.rng("rng", rng).permutation(y.size)
        X, y = np.ascontiguousarray(X[:, order]), y[order]
    if labels == "onehot":
        Y = np.zeros((10, y.size))
        Y[y, np.arange(y.size)] = 1.0
    else:
        Y = (y == labels).astype(np.float64).reshape(1, -1)
    return X, Y
