"""viz.batch_norm: the map figure and both explorers name the value they show."""

import numpy as np

from course2.experiments.batch_norm import circles
from course2.viz.batch_norm import RunningStatsExplorer, ScaleExplorer, scale_map_figure


def test_scale_map_figure_marks_diverged_cells():
    grids = {False: np.array([[0.5, np.nan]]), True: np.array([[0.99, 1.0]])}
    fig = scale_map_figure(grids, (1e-4, 1.0), (64,))
    texts = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert "div." in texts and "99%" in texts


def test_scale_explorer_shows_both_runs():
    ex = ScaleExplorer(circles(rng=1), seed=0, num_iterations=20, every=10)
    try:
        ex.set(scale=1e-4)
        assert "scale = 0.0001" in ex.status_text and "with: dev" in ex.status_text
    finally:
        ex.close()


def test_running_explorer_refuses_batch_size_one_and_closes_the_gap_with_many_steps():
    ex = RunningStatsExplorer(circles(rng=1), seed=0)
    try:
        ex.set(batch_size=1)
        assert "refused" in ex.status_text
        ex.set(batch_size=256, steps=200)
        assert "0% of predictions change" in ex.status_text
    finally:
        ex.close()
