"""The RMSprop explorer of notebook 13, driven without a kernel."""

import numpy as np
import pytest

from course2.experiments import rmsprop as R
from course2.viz import explorers
from course2.viz import rmsprop as V


@pytest.fixture(scope="module")
def ex():
    e = V.RMSpropExplorer()
    yield e
    e.close()


def test_registered():
    assert explorers()["rmsprop"].explorer is V.RMSpropExplorer


def test_effective_steps_and_status(ex):
    ex.set(alpha=0.1, angle=0, epsilon=1e-8)
    np.testing.assert_allclose(ex.e_lines[0].get_ydata(), R.effective_steps(0.1, steps=V.SHOWN)[:, 0])
    assert ex.status_text.endswith("gradient descent 144 steps · RMSprop 137 steps")
    assert "w1/w2 = 6.3" in ex.ax_e.get_title()


def test_rotation_turns_the_contours_and_evens_the_steps(ex):
    ex.set(angle=45)
    assert "w1/w2 = 0.69" in ex.ax_e.get_title()
    x, y = ex.contours[-1].get_data()
    assert abs(np.corrcoef(x, y)[0, 1]) > 0.5                 # a tilted ellipse
    ex.set(angle=0)


def test_gd_diverging_is_said_and_not_drawn_off_limits(ex):
    ex.set(alpha=0.5)
    assert "gradient descent diverged at iteration" in ex.status_text
    assert np.isfinite(np.asarray(ex.p_gd.get_xydata(), float)).all()
    assert np.isfinite(ex.c_gd.get_ydata()).all()


def test_large_epsilon_line(ex):
    ex.set(alpha=1.0, epsilon=1e2)
    assert list(ex.eps_line.get_ydata()) == pytest.approx([0.01, 0.01])
    ex.set(epsilon=1e-8)


def test_static_figure():
    fig = V.effective_step_figure(angles=(0,))
    assert fig.axes[0].get_title() == "valley at 0°: w1/w2 at step 10 = 6.3"
