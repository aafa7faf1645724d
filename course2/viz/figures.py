"""Figures: the one factory for static figures, PNG encoding, and the notebook ``picture``.

    fig, axes = new_figure((9, 3), 1, 2)     # like plt.subplots, without pyplot
    picture(fig)                             # the cell's last expression

One dpi (``DPI``) for every figure, explorers included, so one point is one pixel at the size
shown; one layout engine (``LAYOUT``, constrained) for static figures; one text size (``TEXT``, the
``FONT_SIZES`` defaults) that JupyterLab shows at 12 CSS px = 9 pt (``tests/viz/legibility.py``). Explorers
draw through their own path (``explorer.py``) with a fixed layout (a layout engine would re-measure every redraw).
"""

from __future__ import annotations

import io
import threading

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["DPI", "FONT_SIZES", "LAYOUT", "PNG_COMPRESS_LEVEL", "STATIC_PNG_COMPRESS_LEVEL", "TEXT", "figure_png",
           "new_figure", "picture", "pixel_axes", "pixel_grid", "pixel_row"]

#: dots per inch of every figure: at 72, one point = one pixel of the PNG
DPI = 72
#: zlib level of an explorer's per-update PNG (speed over size)
PNG_COMPRESS_LEVEL = 1
#: zlib level of a static figure's PNG (saved in the notebook: size over speed)
STATIC_PNG_COMPRESS_LEVEL = 6
#: the layout engine of static figures
LAYOUT = "constrained"
#: the text size of every figure, in points = pixels at ``DPI``: JupyterLab shows a PNG up to its output area's
#: width (920 px) at its natural size, so 12 px of PNG are 12 CSS px = 9 pt on screen (a wider PNG is shrunk:
#: keep figures within 920 px)
TEXT = 12.0
#: default text sizes (ticks, labels, titles, legends) of every figure: all ``TEXT``; x tick labels 7 px under their
#: ticks, so the first one stays clear of the lowest y tick label at the axes' corner
FONT_SIZES = {"font.size": TEXT, "xtick.labelsize": TEXT, "ytick.labelsize": TEXT, "axes.labelsize": TEXT,
              "axes.titlesize": TEXT, "legend.fontsize": TEXT, "legend.title_fontsize": TEXT,
              "figure.titlesize": TEXT, "xtick.major.pad": 7.0, "xtick.minor.pad": 7.0}

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


def pixel_grid(figure: Figure, nrows: int = 1, ncols: int = 1, *, left: float = 62, right: float = 14,
               bottom: float = 42, top: float = 26, wspace: float = 70, hspace: float = 60, **gridspec_kw):
    """``figure.add_gridspec`` with its margins and gaps in pixels (at the figure's dpi), not fractions: the room
    that text needs beside an axes (tick labels, axis label, title) is a number of pixels whatever the figure's
    size. The defaults fit ``TEXT``: a y axis with 4-character tick labels and a label (left), a tick-labelled,
    labelled x axis (bottom), a one-line title (top); ``wspace``/``hspace`` are the gaps between axes."""
    width, height = figure.bbox.width, figure.bbox.height

    def gap(space, total, n):
        if n < 2:
            return 0.0
        return space * n / (total - (n - 1) * space)     # matplotlib's unit: the average axes size

    return figure.add_gridspec(nrows, ncols, left=left / width, right=1 - right / width, bottom=bottom / height,
                               top=1 - top / height, wspace=gap(wspace, width - left - right, ncols),
                               hspace=gap(hspace, height - top - bottom, nrows), **gridspec_kw)


def pixel_axes(figure: Figure, left: float, bottom: float, width: float, height: float, **kwargs):
    """``figure.add_axes`` at a rectangle given in pixels from the figure's lower left corner."""
    w, h = figure.bbox.width, figure.bbox.height
    if left < 0 or bottom < 0 or left + width > w + 0.5 or bottom + height > h + 0.5:
        raise ValueError(f"axes at ({left}, {bottom}) of {width} x {height} px do not fit a {w:.0f} x {h:.0f} figure")
    return figure.add_axes((left / w, bottom / h, width / w, height / h), **kwargs)


def pixel_row(figure: Figure, widths, gaps, *, left: float, bottom: float = 42, top: float = 26) -> list:
    """One row of axes, ``widths`` and the ``gaps`` between them in pixels, the first ``left`` pixels from the
    figure's left edge (for a row whose axes need different room beside them: tick labels or none)."""
    if len(gaps) != len(widths) - 1:
        raise ValueError(f"a row of {len(widths)} axes has {len(widths) - 1} gaps, got {len(gaps)}")
    width, height = figure.bbox.width, figure.bbox.height
    axes, x = [], left
    for i, w in enumerate(widths):
        axes.append(figure.add_axes((x / width, bottom / height, w / width, (height - bottom - top) / height)))
        x += w + (gaps[i] if i < len(gaps) else 0)
    if x > width + 0.5:
        raise ValueError(f"the row is {x:.0f} px wide, the figure {width:.0f} px")
    return axes


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
