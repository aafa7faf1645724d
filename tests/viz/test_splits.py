"""Notebook 01's explorer, static pieces and every "what to notice" claim, with numbers."""


import math

import pytest

from course2.viz.splits import SplitsExplorer, splits_figure


@pytest.fixture(scope="module")
def explorer():
    ex = SplitsExplorer(seed=0)
    yield ex
    ex.close()


def wald(p, n):
    return 1.959963984540054 * math.sqrt(p * (1 - p) / n)   # the 95 % Wald half-width


def test_explorer_shows_the_default_million(explorer):
    explorer.set(m=1e6, dev_fraction=0.01, error_rate=0.1)
    p = explorer.panels
    assert [b.get_height() for b in p.bars] == [980_000, 10_000, 10_000]
    assert [t.get_text() for t in p.bar_labels] == ["980,000", "10,000", "10,000"]
    x, y = p.marker.get_data()
    assert x[0] == 10_000 and y[0] == pytest.approx(100 * wald(0.1, 10_000))
    assert p.ax_h.get_title() == "dev n = 10,000:\n10% ± 0.59 points"
    assert explorer.status_text.endswith("dev error 10% ± 0.59 points (95%)")


def test_explorer_follows_the_m_slider(explorer):
    explorer.set(dev_fraction=0.01, error_rate=0.1)
    count = explorer.render_count
    explorer.main_control.value = 1e3
    assert explorer.render_count == count + 1          # drawn (or published ready) inside the change
    assert explorer.shown_state["m"] == pytest.approx(1e3)
    assert [b.get_height() for b in explorer.panels.bars] == [980, 10, 10]
    assert "± 18.59 points" in explorer.panels.ax_h.get_title()
    counts = explorer.panels.hist.get_data().values
    assert counts.sum() == 2000                                     # every resampled dev set is in a bin
    assert explorer.panels.ax_hist.get_title() == "2000 resampled dev sets:\n93.2% within ±h"


def test_explorer_dev_fraction_and_error_rate(explorer):
    explorer.set(m=1e4, dev_fraction=0.2, test_fraction=0.2, error_rate=0.3)
    assert [b.get_height() for b in explorer.panels.bars] == [6000, 2000, 2000]
    assert explorer.panels.ax_sizes.get_title() == "m = 10,000:\n60 / 20% / 20%"
    curve = explorer.panels.curve.get_ydata()
    assert curve[0] == pytest.approx(100 * wald(0.3, 1))
    lo, hi = explorer.panels.lo.get_xdata()[0], explorer.panels.hi.get_xdata()[0]
    assert (hi - lo) / 2 == pytest.approx(wald(0.3, 2000))


def test_explorer_says_when_the_dev_set_is_empty(explorer):
    explorer.set(m=100, dev_fraction=0.001)
    assert explorer.status_text.endswith("the dev set is empty")
    assert explorer.panels.ax_h.get_title() == "dev set is empty:\nno estimate"
    assert not explorer.panels.marker.get_visible() and explorer.last_error is None
    explorer.set(dev_fraction=0.01)


# -- static pieces ---------------------------------------------------------------------------------
def test_static_figure_has_one_row_per_m():
    fig = splits_figure(ms=(1e3, 1e6), seed=0)
    assert len(fig.axes) == 6
    assert fig.axes[1].get_title() == "dev n = 10:\n10% ± 18.59 points"
    assert fig.axes[4].get_title() == "dev n = 10,000:\n10% ± 0.59 points"


def test_dev_and_test_fractions_are_set_apart(explorer):
    """99.5 / 0.4 / 0.1 (the lecture's big-data split) and 70 / 30 / 0 (no test set) can both be set."""
    explorer.set(m=1e6, dev_fraction=0.004, test_fraction=0.001)
    assert explorer.panels.ax_sizes.get_title() == "m = 1,000,000:\n99.5 / 0.4% / 0.1%"
    assert [t.get_text() for t in explorer.panels.bar_labels] == ["995,000", "4,000", "1,000"]
    explorer.set(m=1e4, dev_fraction=0.3, test_fraction=0.0)
    assert explorer.panels.ax_sizes.get_title() == "m = 10,000:\n70 / 30% / 0%"
    assert [t.get_text() for t in explorer.panels.bar_labels] == ["7,000", "3,000", "0"]
    explorer.set(dev_fraction=0.01, test_fraction=0.01)
