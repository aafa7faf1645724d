"""Notebook 06 figures and explorer: the contour panel follows the ratio and the transform."""

import numpy as np
import pytest

from course2.experiments import normalization as N
from course2.viz import normalization as V


@pytest.fixture(scope="module")
def explorer():
    ex = V.NormalizationExplorer(seed=0)
    yield ex
    ex.close()


def test_explorer_shows_the_numbers_of_its_state(explorer):
    explorer.set(ratio=100.0, mode="none")
    raw = N.case(N.scaled_task(100.0, rng=0), "none")
    assert f"{raw.iterations:,} iterations" in explorer.status_text
    assert "scale ratio = 100" in explorer.status_text
    assert f"bisection {raw.alpha_max_bisection:.3g}" in explorer.ax_a.get_title()
    assert explorer.marker_i.get_ydata()[0] == raw.iterations
    explorer.set(mode="sigma")
    assert "(x - mu) / sigma" in explorer.status_text and "7 iterations" in explorer.status_text
    assert explorer.shown_state == {"ratio": 100.0, "mode": "sigma"}


def test_contours_are_round_when_normalized_and_a_needle_when_not(explorer):
    def aspect():
        e = explorer.ellipses[0]
        x, y = e.get_xdata(), e.get_ydata()
        return np.ptp(x) / np.ptp(y)

    explorer.set(ratio=100.0, mode="sigma")
    assert 0.5 < aspect() < 2
    explorer.set(mode="variance")              # the notes' sigma^2: stretched along w2
    assert aspect() < 0.05
    # everything drawn stays inside the fixed box
    for line in (*explorer.ellipses, explorer.path):
        assert np.all(np.abs(line.get_xydata()) <= 1.0)


def test_static_figures():
    fig = V.contour_paths_figure(10.0, rng=0)
    assert len(fig.axes) == 4 and "(x - mu) / sigma" in fig.axes[2].get_title()
    sweep = N.ratio_sweep((1.0, 10.0, 100.0), rng=0)
    fig = V.ratio_sweep_figure(sweep)
    assert len(fig.axes[0].lines) == 4
