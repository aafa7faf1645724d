"""The initialization explorer and figures of notebook 08, driven without a kernel."""

import numpy as np
import pytest

from course2.experiments import initialization as E
from course2.viz import explorers
from course2.viz import initialization as V


@pytest.fixture(scope="module")
def ex():
    e = V.InitializationExplorer(E.circles_task(rng=1), depth=3, seed=0)
    e.prefetch = False
    yield e
    e.close()


def test_registered():
    assert explorers()["initialization"].explorer is V.InitializationExplorer


def test_zeros_shows_chance_and_scale_is_ignored_outside_random(ex):
    ex.set(init="zeros")
    assert "zeros" in ex.status_text and "train 50.0% · dev 50.0%" in ex.status_text
    assert ex.key({**ex.state(), "scale": 0.01}) == ex.key({**ex.state(), "scale": 10.0})
    ex.set(init="he")
    x, y = ex.std_line.get_data()
    assert len(x) == 3 and np.all(np.asarray(y) > 0.3)


def test_random_x10_has_a_huge_first_cost(ex):
    ex.set(init="random", scale=10.0)
    assert "random × 10" in ex.status_text
    first = float(ex.status_text.split("first cost ")[1].split(" ")[0])
    assert first > 10


def test_static_figures():
    task = E.circles_task(rng=1)
    runs = E.init_table(task, seed=3, num_iterations=20)
    assert len(V.cost_curves_figure(runs).axes) == 1
    assert len(V.boundaries_figure(task, runs).axes) == 3
    assert len(V.stack_figure(E.stack_table(seed=0, depth=5, n_networks=1)).axes) == 2


def test_stack_figure_keeps_one_colour_per_scheme_in_both_panels():
    fig = V.stack_figure(E.stack_table(seed=0, depth=5, n_networks=1))
    colours = [{line.get_label(): line.get_color() for line in ax.get_lines()} for ax in fig.axes]
    relu, tanh = colours
    for scheme in ("He", "LeCun", "random × 1"):
        assert relu[scheme] == tanh[scheme], scheme
    assert len({relu[s] for s in ("He", "LeCun", "random × 0.01", "random × 1")}) == 4
