"""Drawing on the quadratic bowl (notebooks 12 and 13): contour ellipses as plain lines, and paths cut
where they leave the picture, so an explorer can update both in place (and blit them)."""

from __future__ import annotations

import numpy as np

from course2 import surfaces

__all__ = ["LIMIT", "PATH_COLORS", "contour_points", "draw_contours", "drawable", "set_contours"]

#: contour levels, as fractions of the start's cost
LEVELS = (0.002, 0.01, 0.05, 0.2, 0.5, 1.0, 2.0)
#: points farther than this from the minimum are not drawn (a diverging path leaves the picture)
LIMIT = 1e3
PATH_COLORS = {"gd": "#4c72b0", "momentum": "#c44e52", "rmsprop": "#2ca02c"}
_T = np.linspace(0.0, 2.0 * np.pi, 121)


def contour_points(q: surfaces.Quadratic, level: float) -> np.ndarray:
    """(2, 121): the ellipse J(w) = level of the bowl q (exactly, from its eigenvectors)."""
    lo, hi = q.eigenvalues
    a, b = np.sqrt(2.0 * level / lo), np.sqrt(2.0 * level / hi)
    return (q.center[:, None] + a * np.cos(_T) * q.shallow_direction[:, None]
            + b * np.sin(_T) * q.steep_direction[:, None])


def draw_contours(ax, q: surfaces.Quadratic, J0: float) -> list:
    """Grey ellipses at LEVELS * J0 and the minimum as a cross; returns the ellipse lines."""
    lines = [ax.plot(*contour_points(q, f * J0), color="0.75", lw=0.8, zorder=1)[0] for f in LEVELS]
    ax.plot(*q.center, "k+", ms=8, zorder=2)
    return lines


def set_contours(lines: list, q: surfaces.Quadratic, J0: float) -> None:
    for line, f in zip(lines, LEVELS):
        line.set_data(*contour_points(q, f * J0))


def drawable(points: np.ndarray) -> np.ndarray:
    """The points up to (not including) the first one that is not finite or farther than LIMIT."""
    ok = np.isfinite(points).all(axis=1) & (np.abs(points) < LIMIT).all(axis=1)
    n = int(np.argmin(ok)) if not ok.all() else len(points)
    return points[:n]
