"""The explorers and figures of notebook 14 (Adam), driven without a kernel."""

import numpy as np
import pytest

from course2.experiments import adam as A
from course2.viz import adam as V
from course2.viz import explorers


@pytest.fixture(scope="module")
def paths():
    e = V.AdamPathsExplorer()
    yield e
    e.close()


def test_registered():
    assert explorers()["adam_paths"].explorer is V.AdamPathsExplorer
    assert explorers()["adam_moons"].explorer is V.AdamMoonsExplorer


def test_paths_status_and_titles(paths):
    paths.set(alpha=0.1, correct="both")
    assert "bowl: GD 144, mom. 124, RMS 11, Adam 160" in paths.status_text
    assert "step 1 = 1 α" in paths.ax_f.get_title()
    x, y = paths.lines["bowl"]["adam"].get_data()
    np.testing.assert_allclose(np.c_[x, y], A.surface_runs("bowl", 0.1, steps=V.SHOWN)["adam"].path.points)


@pytest.mark.parametrize("correct, first", [("neither", "3.16"), ("S only", "0.1"), ("V only", "31.6")])
def test_the_chosen_correction_is_drawn_thick(paths, correct, first):
    paths.set(correct=correct)
    assert f"step 1 = {first} α" in paths.ax_f.get_title()
    assert paths.f_lines[correct].get_linewidth() > paths.f_lines["both"].get_linewidth()
    paths.set(correct="both")


def test_a_diverging_path_is_named_and_not_drawn(paths):
    paths.set(alpha=1.0)
    assert "rosenbrock: GD diverged at iteration 1" in paths.status_text
    assert "GD div. 1" in paths.axes["rosenbrock"].get_title()
    for lines in paths.lines.values():
        for line in lines.values():
            assert np.isfinite(np.asarray(line.get_xydata(), float)).all()
    paths.set(alpha=0.1)


def test_moons_explorer_trains_the_four_and_says_which_diverged():
    ex = V.AdamMoonsExplorer(seed=0, iterations=40, alphas=(0.01, 1e4))
    try:
        assert ex.shown_final and "Adam dev" in ex.status_text
        assert all(b.image.get_visible() for b in ex.boundaries.values())
        ex.set(alpha=1e4)
        assert "diverged at iteration" in ex.status_text
        assert ex._banner.get_visible()
    finally:
        ex.close()


def test_static_figures():
    fig = V.first_steps_figure(steps=100)
    assert len(fig.axes[0].lines) == 5
    fig = V.surfaces_figure(steps=50)
    assert "gradient descent diverged at iteration 2" in fig.axes[1].get_title()
    fig = V.rescaled_figure(steps=50)
    assert "diverged at iteration 2 on 1000 J" in fig.axes[0].get_title()
    assert "the same path on both" in fig.axes[1].get_title()
