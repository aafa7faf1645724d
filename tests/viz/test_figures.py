"""The static-figure factory, PNG encoding and the notebook picture."""

import numpy as np
from matplotlib.layout_engine import ConstrainedLayoutEngine

from course2.viz import figures
from course2.viz.figures import DPI, figure_png, new_figure, picture

from .legibility import MIN_TEXT_PX


def test_picture_embeds_a_png_without_a_memory_address():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1])
    png = figure_png(fig)
    assert png[:4] == b"\x89PNG"
    img = picture(fig)
    assert img.data[:4] == b"\x89PNG" and "0x" not in repr(img)


def test_new_figure_is_constrained_at_the_one_dpi_with_readable_ticks():
    fig, axes = new_figure((4, 2), 1, 2, width_ratios=[2, 1])
    assert fig.dpi == DPI and isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    assert axes.shape == (2,)
    axes[0].plot([0, 1])
    fig.canvas.draw()
    for ax in axes:
        for label in ax.get_xticklabels() + ax.get_yticklabels():
            assert label.get_fontsize() * DPI / 72 >= MIN_TEXT_PX      # points -> pixels at the size shown
    png = figure_png(fig)
    assert png[16:24] == np.array([4 * DPI, 2 * DPI], dtype=">u4").tobytes()   # IHDR width, height


def test_new_figure_squeeze_and_one_axes():
    fig, ax = new_figure((3, 2))
    assert fig.axes == [ax]
    fig, grid = new_figure((3, 2), 2, 1, squeeze=False)
    assert grid.shape == (2, 1)


def test_every_static_figure_of_the_topic_modules_comes_from_the_factory():
    from course2.viz.bias_variance import cases_figure
    from course2.viz.splits import splits_figure

    for fig in (cases_figure(), splits_figure(ms=(1e3,), seed=0)):
        assert fig.dpi == figures.DPI and isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
        assert figure_png(fig)[:4] == b"\x89PNG"


def test_no_topic_module_builds_a_figure_its_own_way():
    from pathlib import Path

    here = Path(figures.__file__).parent
    for path in sorted(here.glob("*.py")):
        if path.name in ("figures.py", "explorer.py"):     # the factory, and the explorers' live figure
            continue
        text = path.read_text()
        assert "Figure(" not in text and "plt." not in text, path.name
