"""The EWMA explorer of notebook 11 and its static figures, driven without a kernel."""

import numpy as np
import pytest

from course2.ewma import ewma
from course2.experiments import ewma as E
from course2.viz import ewma as V
from course2.viz import explorers


@pytest.fixture(scope="module")
def ex():
    e = V.EWMAExplorer(E.temperature_series(rng=0))
    yield e
    e.close()


def test_registered_for_the_benchmark():
    assert explorers()["ewma"].explorer is V.EWMAExplorer


def test_beta_and_correction_drive_the_average(ex):
    ex.set(beta=0.98, corrected=False, t=15)
    theta = E.temperature_series(rng=0)
    np.testing.assert_allclose(ex.v_line.get_ydata(), ewma(theta, 0.98).raw)
    assert ex.missing_text.get_text().endswith(f"missing (grey):\nbeta^t = {0.98 ** 15:.3f}")
    assert ex.ax_step.get_title() == f"a step at day {V.STEP_AT}:\nhalf-way after 35 days"
    raw_step = np.array(ex.step_line.get_ydata())
    ex.set(corrected=True)
    assert ex.ax_step.get_title() == f"a step at day {V.STEP_AT}:\nhalf-way after 35 days"    # the same lag
    np.testing.assert_allclose(ex.step_line.get_ydata()[V.STEP_AT - 50:], raw_step[V.STEP_AT - 50:], rtol=2e-3)
    np.testing.assert_allclose(ex.v_line.get_ydata(), ewma(theta, 0.98).corrected)
    heights = [seg[1, 1] for seg in ex.stems.get_segments()]
    assert sum(heights) == pytest.approx(1.0)
    assert "weights now sum to 1" in ex.missing_text.get_text()


def test_status_names_the_window_and_the_e_check(ex):
    ex.set(beta=0.9, corrected=True, t=20)
    assert ex.status_text.startswith("beta = 0.9 · bias correction on · window ≈ 10 days · "
                                     "beta^(1/(1-beta)) = 0.349 · day t = 20")


def test_static_figures():
    theta = E.temperature_series(rng=0)
    fig = V.smoothing_figure(theta, betas=(0.5, 0.98))
    np.testing.assert_allclose(fig.axes[0].get_lines()[2].get_ydata(), ewma(theta, 0.98).corrected)
    fig2 = V.startup_figure(theta, E.seasonal_curve(theta.size), beta=0.98, days=60)
    assert fig2.axes[0].get_lines()[2].get_ydata()[0] == pytest.approx(0.02 * theta[0])
