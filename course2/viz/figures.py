"""Figures: the one factory for static figures, PNG encoding, and the notebook ``picture``.

    fig, axes = new_figure((9, 3), 1, 2)     # like plt.subplots, without pyplot
    picture(fig)                             # the cell's last expression

One dpi (``DPI``) for every figure, explorers included, so one point is one pixel at the size
shown; one layout engine (``LAYOUT``, constrained) for static figures; font sizes (``FONT_SIZES``)
that keep tick labels at 10 px. Explorers draw through their own path (``explorer.py``) with a
fixed layout (a layout engine would re-measure every redraw).
"""

from __future__ import annotations

import io
import threading

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["DPI", "FONT_SIZES", "LAYOUT", "PNG_COMPRESS_LEVEL", "STATIC_PNG_COMPRESS_LEVEL", "figure_png",
           "new_figure", "picture"]

#: dots per inch of every figure: at 72, one point = one pixel of the PNG
DPI = 72
#: zlib level of an explorer's per-update PNG (speed over size)
PNG_COMPRESS_LEVEL = 1
#: zlib level of a static figure's PNG (saved in the notebook: size over speed)
STATIC_PNG_COMPRESS_LEVEL = 6
#: the layout engine of static figures
LAYOUT = "constrained"
#: default text sizes in points (= pixels at ``DPI``): tick labels at least 9 px
FONT_SIZES = {"font.size": 10.0, "xtick.labelsize": 10.0, "ytick.labelsize": 10.0, "axes.labelsize": 10.0,
              "axes.titlesize": 11.0, "legend.fontsize": 9.0}

# Agg keeps some global caches (fonts, text layout): one figure draws at a time, across explorers.
DRAW_LOCK = threading.RLock()


def new_figure(figsize, nrows: int = 1, ncols: int = 1, **subplots_kw):
    """A static figure and its axes (``Figure.subplots(nrows, ncols, **subplots_kw)``), at ``DPI``,
    with the ``LAYOUT`` engine, an Agg canvas and the ``FONT_SIZES`` defaults. Returns (figure, axes)."""
    fig = Figure(figsize=figsize, dpi=DPI, layout=LAYOUT)
    FigureCanvasAgg(fig)
    with matplotlib.rc_context(FONT_SIZES):
        axes = fig.subplots(nrows, ncols, **subplots_kw)
    return fig, axes


def figure_png(figure: Figure, dpi: float = DPI) -> bytes:
    """PNG bytes of a figure (for static figures; explorers render through their own path)."""
    if figure.canvas is None or not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)
    buf = io.BytesIO()
    with DRAW_LOCK:
        figure.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": STATIC_PNG_COMPRESS_LEVEL})
    return buf.getvalue()


def picture(figure: Figure, dpi: float = DPI):
    """A static figure for a notebook cell: an ``IPython.display.Image`` (the PNG is saved in the notebook,
    so it shows on GitHub, nbviewer and in a PDF; its text form carries no memory address)."""
    from IPython.display import Image

    return Image(data=figure_png(figure, dpi), format="png")
