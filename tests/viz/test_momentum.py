"""The momentum explorer of notebook 12, driven without a kernel."""

import numpy as np
import pytest

from course2.experiments import momentum as M
from course2.viz import explorers
from course2.viz import momentum as V


@pytest.fixture(scope="module")
def ex():
    e = V.MomentumExplorer()
    yield e
    e.close()


def test_registered():
    assert explorers()["momentum"].explorer is V.MomentumExplorer


def test_paths_and_titles_follow_alpha(ex):
    ex.set(alpha=0.19, beta=0.9, convention="lecture")
    gd, m = M.compare(0.19, 0.9)
    np.testing.assert_allclose(ex.p_m.get_xydata(), m.path.points[:400])
    assert ex.ax_h.get_title() == "w1: steps to J ≤ 0.001 J0\nGD 75 · momentum 64"
    assert "vertical travel 38.0" in ex.status_text and "momentum 64 steps" in ex.status_text


def test_diverging_gd_is_said_and_nothing_non_finite_is_drawn(ex):
    ex.set(alpha=0.3)
    assert "GD diverged at iteration 11" in ex.status_text
    for line in (ex.p_gd, ex.v_gd, ex.h_gd):
        assert np.isfinite(np.asarray(line.get_xydata(), float)).all()


def test_convention_switch_shows_the_same_path(ex):
    ex.set(alpha=0.19, convention="lecture")
    lecture = np.array(ex.p_m.get_xydata())
    for name in ("PyTorch", "D2L / Distill", "CS231n"):
        ex.set(convention=name)
        np.testing.assert_allclose(ex.p_m.get_xydata(), lecture, rtol=0, atol=1e-12)
        assert "from the lecture's path < 1e-12" in ex.status_text
    assert "lr = 0.019" in ex.ax_p.get_title()


def test_static_figure():
    fig = V.paths_figure((0.19,))
    assert [ax.get_title() for ax in fig.axes] == ["α = 0.19"]
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["gradient descent: 75 steps", "momentum, β = 0.9: 64 steps"]
