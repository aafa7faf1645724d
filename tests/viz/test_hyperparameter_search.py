"""The search explorer, the static figures and the live search of notebook 16, driven without a kernel."""

import numpy as np
import pytest

from course2.viz import explorers
from course2.viz import hyperparameter_search as V


@pytest.fixture(scope="module")
def ex():
    e = V.SearchExplorer(seed=0)
    yield e
    e.close()


def test_registered():
    assert explorers()["hyperparameter_search"].explorer is V.SearchExplorer


def test_grid_and_random_trials_and_distinct_values(ex):
    ex.set(budget=16, method="grid", scale="log", rounds=1, surface="only alpha matters", seed=0)
    assert ex.dots.get_offsets().shape == (16, 2)
    assert ex.ax_p.get_title() == "4 distinct α,\n4 distinct hidden-unit counts"
    assert ex.rug.get_xdata().size == 16
    ex.set(method="random")
    assert ex.ax_p.get_title() == "16 distinct α,\n16 distinct hidden-unit counts"
    assert "distinct values: α 16, units 16" in ex.status_text


def test_linear_scale_puts_the_trials_at_large_alpha(ex):
    ex.set(budget=32, method="random", scale="linear", rounds=1)
    la = ex.dots.get_offsets()[:, 0]
    assert np.mean(la >= -1) >= 0.8
    score_linear = float(ex.ax_b.get_title().split()[2])
    ex.set(scale="log")
    assert float(ex.ax_b.get_title().split()[2]) > score_linear


def test_coarse_to_fine_draws_the_box_and_best_so_far_rises(ex):
    ex.set(budget=32, method="random", scale="log", rounds=2)
    assert ex.box.get_visible() and 0 < ex.box.get_width() < 4
    y = ex.so_far.get_ydata()
    assert y.size == 32 and np.all(np.diff(y) >= 0)
    ex.set(rounds=1)
    assert not ex.box.get_visible()


def test_surface_switch(ex):
    ex.set(surface="all matter", budget=16)
    assert "all matter" in ex.status_text
    assert not np.allclose(ex.heat.get_array(), V.SURFACE_IMAGES["only alpha matters"])


def test_static_figures():
    fig = V.layouts_figure(16, seed=0)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0].startswith("only alpha matters · grid: 4 values of α")
    assert titles[1].startswith("only alpha matters · random: 16 values of α")
    fig = V.scales_figure(400, seed=0)
    assert [ax.get_title() for ax in fig.axes] == ["α in [1e-4, 1]", "β in [0.9, 0.999]"]


def test_live_search_progress_stop_and_best_kept(task):
    ls = V.LiveSearch(task, budget=3, num_iterations=30, seed=0)
    assert "press start" in ls.status.value and ls.progress.max == 3
    ls.start()
    ls.wait()
    assert ls.progress.value == 3 and len(ls.trials) == 3 and not ls.stopped
    assert ls.status.value.startswith("done: 3 of 3 trials") and "best so far #" in ls.status.value
    assert "3 trials; dev accuracy" in ls.table.value
    assert not ls.start_button.disabled and ls.stop_button.disabled


def test_live_search_stops_cleanly_in_the_middle_of_a_trial(task):
    ls = V.LiveSearch(task, budget=50, num_iterations=5000, seed=0)
    ls.start()
    assert ls.running and ls.start_button.disabled
    import time
    deadline = time.perf_counter() + 60
    while not ls.trials and time.perf_counter() < deadline:
        time.sleep(0.01)
    ls.stop()
    ls.wait(30)
    assert not ls.running and ls.stopped
    assert 1 <= len(ls.trials) < 50 and ls.progress.value == len(ls.trials)
    assert ls.best is not None and np.isfinite(ls.best.score)
    assert ls.status.value.startswith("stopped: ")


def _best(ex):
    return float(ex.status_text.split("best score ")[1].split()[0])


def test_the_try_this_answers(ex):
    ex.set(method="grid", scale="log", rounds=1, surface="only alpha matters", seed=0, budget=24)
    assert ex.status_text.startswith("trials = 16") and "distinct values: α 4," in ex.status_text
    ex.set(budget=25)
    assert "distinct values: α 5," in ex.status_text
    ex.set(method="random", budget=32)
    assert _best(ex) == 0.994
    ex.set(scale="linear")
    assert _best(ex) == 0.016
    ex.set(scale="log", surface="all matter")
    for seed, one_pass, fine in ((0, 0.649, 0.902), (5, 0.662, 0.518), (9, 0.354, 0.251)):
        ex.set(seed=seed, rounds=1)
        assert _best(ex) == one_pass
        ex.set(rounds=2)
        assert _best(ex) == fine


def test_try_this_4_the_grid_does_not_depend_on_the_seed(ex):
    best = {}
    for surface in ("only alpha matters", "all matter"):
        for method in ("grid", "random"):
            scores = []
            for seed in range(5):
                ex.set(budget=16, method=method, scale="log", rounds=1, surface=surface, seed=seed)
                scores.append(_best(ex))
            best[surface, method] = scores
    assert best["only alpha matters", "grid"] == [0.884] * 5 and best["all matter", "grid"] == [0.81] * 5
    r = best["only alpha matters", "random"]
    assert (min(r), max(r)) == (0.965, 0.999) and min(r) > 0.884
    r = best["all matter", "random"]
    assert (min(r), max(r)) == (0.532, 0.947)
    assert [x > 0.81 for x in r] == [False, False, False, True, False]                # above the grid on seed 3 only
