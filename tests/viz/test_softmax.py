"""Notebook 18's figures and explorers: they draw what the experiments compute, flag NaN/inf, never draw them."""

import numpy as np
import pytest

from course2.experiments import softmax as E
from course2.viz import softmax as V


@pytest.fixture(scope="module")
def spirals():
    return E.spirals_fits(seed=0, num_iterations=50)


def _nonfinite_artists(fig):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    bad = []
    for a in fig.findobj():
        if isinstance(a, Line2D) and a.get_visible():
            bad += [] if np.all(np.isfinite(np.asarray(a.get_xydata(), float))) else [a]
        elif isinstance(a, Rectangle) and a.get_visible():
            bad += [] if np.all(np.isfinite([*a.get_xy(), a.get_width(), a.get_height()])) else [a]
    return bad


def test_regions_figure_colours_each_pixel_by_its_arg_max_class(spirals):
    fig = V.regions_figure(spirals)
    assert len(fig.axes) == 2 and "dev accuracy" in fig.axes[1].get_title()
    img = V.region_image(spirals["softmax output layer"].net, (-1, 1, -1, 1), 20)
    assert img.shape == (20, 20, 3) and img.min() >= 0 and img.max() <= 1
    fig.canvas.draw()


def test_temperature_explorer_follows_the_scale():
    ex = V.TemperatureExplorer(scale=1.0)
    try:
        ex.set(scale=100.0)
        heights = [b.get_height() for b in ex.pbars]
        assert heights[0] == pytest.approx(1.0) and max(heights[1:]) < 1e-30
        assert "s = 100" in ex.status_text and ex.cells[0][0].get_text() == "0"
        ex.set(scale=0.01)
        assert max(b.get_height() for b in ex.pbars) < 0.26
        J = ex.jacobian_image.get_array()
        np.testing.assert_allclose(np.asarray(J).sum(axis=0), 0.0, atol=1e-15)
        grads = [b.get_height() for b in ex.gbars]
        assert grads[0] < 0 and all(g > 0 for g in grads[1:])        # y_hat - y
        assert all(b.get_height() == 0 for b in list(ex.dbars)[1:])   # the diagonal alone loses them
    finally:
        ex.close()


def test_overflow_explorer_flags_nan_and_draws_nothing_non_finite():
    ex = V.OverflowExplorer(a=10)
    try:
        assert [f.get_text() for f in ex.flags] == ["", "", ""]
        ex.set(a=100)
        assert ex.flags[0].get_text() == "NaN ✗" and ex.naive_bars[0].get_height() == 0.0
        assert "unshifted softmax NaN ✗" in ex.status_text and "log-softmax 200" in ex.status_text
        assert not ex.dots["log(shifted softmax)"].get_visible() and ex.dots["log-softmax"].get_visible()
        assert _nonfinite_artists(ex.figure) == []
        assert "inf ✗ from a = 52" in " ".join(t.get_text() for t in ex.ax2.texts)
    finally:
        ex.close()


def test_digits_figures():
    pytest.importorskip("sklearn")
    fits = E.digits_fits(seed=0, num_iterations=30)
    fit = fits["softmax output layer"]
    fig = V.confusion_figure(fit)
    assert "mistakes of 600" in fig.axes[0].get_title()
    fig = V.mistakes_figure(fit, 4)
    assert len(fig.axes) == 4 and "true" in fig.axes[0].get_title()
    fig.canvas.draw()
    with pytest.raises(ValueError, match="8x8"):
        V.mistakes_figure(E.spirals_fits(seed=0, num_iterations=2)["softmax regression"])


def test_temperature_figure():
    fig = V.temperature_figure(scales=(0.1, 10.0))
    assert len(fig.axes) == 2 and "max p = 1.00" in fig.axes[1].get_title()
