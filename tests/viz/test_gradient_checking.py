"""The two compute explorers of notebook 09, driven without a kernel."""

import pytest

from course2.viz import explorers
from course2.viz import gradient_checking as V


@pytest.fixture(scope="module")
def eps():
    e = V.EpsilonExplorer(seed=0)
    yield e
    e.close()


@pytest.fixture(scope="module")
def bugs():
    e = V.BugExplorer(seed=0)
    yield e
    e.close()


def test_registered():
    names = explorers()
    assert names["gradient_check_epsilon"].explorer is V.EpsilonExplorer
    assert names["gradient_check_bugs"].explorer is V.BugExplorer


def test_epsilon_slider_reads_off_the_curves(eps):
    eps.set(epsilon=1e-3)
    assert eps.status_text.startswith("epsilon = 1e-03")
    assert list(eps.vline.get_xdata()) == [1e-3, 1e-3]
    assert eps.dots[("centered", "float64")].get_ydata()[0] == eps.sweep.at("centered", "float64", 1e-3)


def test_bug_slider_names_the_broken_parameter(bugs):
    bugs.set(bug="dW[2] doubled")
    assert "worst W[2]" in bugs.status_text and "flagged: W[2]" in bugs.ax.get_title()
    bugs.set(bug="none")
    assert "(fine)" in bugs.status_text and "no parameter flagged" in bugs.ax.get_title()
