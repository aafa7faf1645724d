"""course2.hyperparameter_search: scales, grids, random trials from a seed, coarse to fine."""

import numpy as np
import pytest

from course2 import hyperparameter_search as hs

SPACE = (hs.Hyperparameter("alpha", 1e-4, 1.0, "log"), hs.Hyperparameter("beta", 0.9, 0.999, "one_minus_log"),
         hs.Hyperparameter("units", 3, 40, "linear", integer=True))


@pytest.mark.parametrize("h", SPACE, ids=lambda h: h.scale)
def test_from_unit_and_to_unit_are_inverse_and_hit_the_ends(h):
    u = np.linspace(0, 1, 11)
    x = h.from_unit(u)
    assert x[0] == pytest.approx(h.low) and x[-1] == pytest.approx(h.high)
    assert np.all(np.diff(x) >= 0)
    if not h.integer:
        np.testing.assert_allclose(h.to_unit(x), u, atol=1e-12)


def test_scales_by_formula():
    a, b, _ = SPACE
    assert float(a.from_unit(0.5)) == pytest.approx(1e-2)            # 10 ** (-4 + 0.5 * 4)
    assert float(b.from_unit(0.5)) == pytest.approx(0.99)            # 1 - 10 ** (-1 + 0.5 * (-2))
    assert float(hs.Hyperparameter("x", 2, 4).from_unit(0.25)) == 2.5


def test_samplers_put_equal_shares_per_decade():
    a = hs.log_uniform(1e-4, 1, 200_000, rng=0)
    counts = np.histogram(np.log10(a), bins=[-4, -3, -2, -1, 0])[0] / a.size
    np.testing.assert_allclose(counts, 0.25, atol=0.005)
    b = hs.one_minus_log_uniform(0.9, 0.999, 200_000, rng=0)
    assert b.min() >= 0.9 and b.max() <= 0.999
    assert np.mean(b < 0.99) == pytest.approx(0.5, abs=0.005)
    u = hs.uniform(0.9, 0.999, 200_000, rng=0)
    assert np.mean(u < 0.99) == pytest.approx(0.09 / 0.099, abs=0.005)


def test_the_same_seed_gives_the_same_trials_and_a_generator_moves_on():
    np.testing.assert_array_equal(hs.log_uniform(1e-4, 1, 5, rng=3), hs.log_uniform(1e-4, 1, 5, rng=3))
    g = np.random.default_rng(3)
    assert not np.array_equal(hs.log_uniform(1e-4, 1, 5, rng=g), hs.log_uniform(1e-4, 1, 5, rng=g))
    np.testing.assert_array_equal(hs.trial_points(SPACE, 7, method="random", rng=1),
                                  hs.trial_points(SPACE, 7, method="random", rng=1))
    with pytest.raises(TypeError, match="rng"):
        hs.trial_points(SPACE, 7, method="random")


@pytest.mark.parametrize("budget, n, k", [(16, 2, 4), (15, 2, 3), (64, 3, 4), (63, 3, 3), (27, 3, 3), (1, 4, 1),
                                          (1000, 3, 10), (5, 1, 5)])
def test_grid_size_is_the_integer_root(budget, n, k):
    assert hs.grid_size(budget, n) == k


def test_a_grid_of_b_trials_tries_b_to_the_1_over_n_values_random_tries_b():
    G = hs.trial_points(SPACE[:2], 16, method="grid")
    assert G.shape == (16, 2)
    assert [hs.distinct_values(G[:, j]) for j in range(2)] == [4, 4]
    R = hs.trial_points(SPACE[:2], 16, method="random", rng=0)
    assert [hs.distinct_values(R[:, j]) for j in range(2)] == [16, 16]
    np.testing.assert_allclose(hs.grid_unit_points(2, 1).ravel(), [0.25, 0.75])


def _bump(values):
    return float(np.exp(-(np.log10(values["alpha"]) + 3) ** 2))


def test_search_scores_every_trial_and_finds_the_best():
    r = hs.search(SPACE[:1], _bump, 20, method="random", rng=0)
    assert len(r.trials) == 20 and r.scores.shape == (20,)
    assert r.best.score == r.scores.max()
    assert np.all(np.diff(r.best_so_far()) >= 0) and r.best_so_far()[-1] == r.best.score
    assert r.distinct() == {"alpha": 20}


def test_coarse_to_fine_searches_a_shrinking_box_around_the_best():
    r = hs.search(SPACE[:1], _bump, 20, method="random", rng=0, rounds=2, zoom=0.25)
    assert [t.round for t in r.trials] == [0] * 10 + [1] * 10
    lo, hi = r.boxes[1][0]
    assert hi - lo == pytest.approx(0.25)
    best_first = max(r.trials[:10], key=lambda t: t.score)
    assert lo <= best_first.unit[0] <= hi
    assert all(lo <= t.unit[0] <= hi for t in r.trials[10:])
    one_pass = hs.search(SPACE[:1], _bump, 20, method="random", rng=0)
    assert r.best.score >= one_pass.best.score


def test_iter_search_yields_as_it_goes_and_stop_keeps_the_trials_so_far():
    seen = []
    for t in hs.iter_search(SPACE, lambda v: seen.append(1) or 0.5, 10, rng=0):
        assert len(seen) == t.index + 1            # scored just before it is yielded
        if t.index == 3:
            break
    assert len(seen) == 4
    r = hs.search(SPACE, lambda v: 0.5, 10, rng=0, stop=lambda: True)
    assert len(r.trials) == 1 and r.stopped


def test_nan_scores_rank_last():
    scores = iter([np.nan, 0.2, np.nan, 0.1])
    r = hs.search(SPACE[:1], lambda v: next(scores), 4, rng=0)
    assert r.best.index == 1
    assert hs.search(SPACE[:1], lambda v: np.nan, 2, rng=0).best is None


def test_objects_with_a_score_are_kept():
    class Out:
        score = 0.7

    r = hs.search(SPACE[:1], lambda v: Out(), 2, rng=0)
    assert isinstance(r.trials[0].result, Out) and r.best.score == 0.7
