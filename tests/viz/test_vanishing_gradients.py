"""Notebook 07 figures and explorers."""

import numpy as np
import pytest

from course2.experiments import vanishing_gradients as VG
from course2.viz import vanishing_gradients as V


def test_deep_linear_explorer_follows_w_and_L():
    ex = V.DeepLinearExplorer()
    try:
        ex.set(depth=50, w=1.5)
        assert "1.50^49 = 4.25e+08" in ex.ax.get_title()
        assert "depth L = 50 · w = 1.50" in ex.status_text and "explodes" in ex.status_text
        ex.set(w=0.5)
        assert "vanishes" in ex.status_text
        np.testing.assert_allclose(ex.curve.get_ydata(), 0.5 ** np.arange(100))
        assert ex.marker.get_ydata()[0] == pytest.approx(0.5 ** 49)
    finally:
        ex.close()


def test_deep_relu_explorer_lines_match_the_run():
    net = VG.DeepReLU(max_depth=40, rng=0)
    ex = V.DeepReLUExplorer(net, depth=30)
    try:
        ex.set(scale=1.5)
        r = net.run(30, 1.5)
        np.testing.assert_allclose(ex.std_line.get_ydata(), r.activation_std)
        np.testing.assert_allclose(ex.dW_line.get_ydata(), r.dW_norm)
        assert len(ex.dA_line.get_xdata()) == 29
        assert f"{r.dW_norm[0]:.3g}" in ex.ax_b.get_title()
        assert "weight scale = 1.50 · depth L = 30" in ex.status_text
        ex.set(depth=2)
        assert len(ex.std_line.get_xdata()) == 1
    finally:
        ex.close()


def test_static_figures():
    fig = V.deep_linear_figure()
    assert len(fig.axes[0].lines) == 3
    fig = V.layer_scales_figure(VG.DeepReLU(max_depth=20, rng=0), depth=20)
    assert len(fig.axes) == 2 and len(fig.axes[1].lines) == 6
