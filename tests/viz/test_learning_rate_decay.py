"""The decay explorer and figures of notebook 15, driven without a kernel."""

import numpy as np
import pytest

from course2.viz import explorers
from course2.viz import learning_rate_decay as V


@pytest.fixture(scope="module")
def ex():
    e = V.DecayExplorer(seed=0)
    yield e
    e.close()


def test_registered():
    assert explorers()["lr_decay"].explorer is V.DecayExplorer


def test_alpha_curve_is_the_runs_alpha(ex):
    ex.set(schedule="inverse_time", decay_rate=1.0, alpha0=0.3, granularity="per epoch")
    y = ex.a_line.get_ydata()
    assert y[0] == 0.3 and y[-1] == pytest.approx(0.3 / 100)
    assert "α at the end = 0.003" in ex.ax_a.get_title()


@pytest.mark.parametrize("granularity, end", [("per iteration", "0.0006"), ("every T epochs", "0.06")])
def test_granularity_changes_the_end_alpha(ex, granularity, end):
    ex.set(granularity=granularity, interval=20)
    assert f"α at the end = {end}" in ex.ax_a.get_title()
    ex.set(granularity="per epoch")


def test_status_names_both_runs(ex):
    assert "with decay dev" in ex.status_text and "constant α₀ dev" in ex.status_text
    assert np.isfinite(ex.c_line.get_ydata()).all()


def test_static_figures():
    fig = V.schedules_figure()
    assert len(fig.axes[0].lines) == 6
    fig = V.granularity_figure()
    labels = [t.get_text() for t in fig.legends[0].get_texts()]      # (the legend is under the axes)
    assert labels == ["decayed per iteration: α at the end 2e-05", "decayed per epoch: α at the end 0.0001",
                      "decayed every 200 epochs: α at the end 0.02"]
