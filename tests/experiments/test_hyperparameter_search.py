# ruff: noqa: E501  (printed table rows are compared whole)
"""Every claim of notebook 16, asserted on the numbers it prints."""

import numpy as np
import pytest

from course2.experiments import hyperparameter_search as E

CASES = ((2, 16), (2, 64), (3, 27), (3, 64))


@pytest.fixture(scope="module")
def rows():
    return {(s, n, b): E.grid_vs_random(s, n, b, seeds=1000, seed=0) for s in E.SURFACES for n, b in CASES}


@pytest.mark.parametrize("n, budget", CASES)
def test_random_beats_grid_when_only_alpha_matters(rows, n, budget):
    r = rows["only alpha matters", n, budget]
    assert r.grid_values == round(budget ** (1 / n))               # B^(1/N) values of alpha on the grid, B at random
    assert r.random_median < r.grid_median / 3
    assert r.random_wins >= 0.7


@pytest.mark.parametrize("n, budget", CASES)
def test_grid_beats_random_when_every_hyperparameter_matters(rows, n, budget):
    r = rows["all matter", n, budget]
    assert r.grid_median < r.random_median
    assert r.random_wins <= 0.45


def test_the_printed_grid_table(rows):
    text = E.format_grid_vs_random(list(rows.values()))
    assert "only alpha matters  2      16      4 (16 trials)   0.155                   16   0.026            72%" in text
    assert "all matter          2      16      4 (16 trials)   0.358                   16   0.498            35%" in text


def _median_interval(x):
    """95% distribution-free interval of a median from order statistics (n = 1000: ranks 500 -+ 31)."""
    x = np.sort(x)
    half = int(np.ceil(1.96 * np.sqrt(x.size) / 2))
    return x[x.size // 2 - half], x[x.size // 2 + half]


def test_with_the_same_budget_an_extra_hyperparameter_leaves_the_grid_fewer_values(rows):
    two, three = rows["only alpha matters", 2, 64], rows["only alpha matters", 3, 64]
    assert (two.grid_values, three.grid_values) == (8, 4)
    assert (f"{two.grid_median:.3f}", f"{three.grid_median:.3f}") == ("0.053", "0.158")
    assert _median_interval(two.grid_regret)[1] < _median_interval(three.grid_regret)[0]   # beyond the noise
    assert f"{two.random_median:.3f}" == f"{three.random_median:.3f}" == "0.002"          # random: 64 values both


def test_log_scale_finds_a_good_alpha_where_linear_wastes_most_trials():
    t = E.alpha_scale_table(20, seed=0)
    assert t["linear"]["shares"][-1] >= 0.89                    # 90% of linear trials in [0.1, 1]
    assert t["linear"]["shares"][0] <= 0.002                    # 0.1% in [1e-4, 1e-3]
    np.testing.assert_allclose(t["log"]["shares"], 0.25, atol=0.01)
    assert t["log"]["found"][1e-3] >= 0.9 and t["linear"]["found"][1e-3] <= 0.05
    assert t["log"]["found"][1e-2] >= 0.9 and t["linear"]["found"][1e-2] <= 0.3
    assert abs(t["log"]["found"][0.1] - t["linear"]["found"][0.1]) <= 0.03     # the top decade: no difference
    text = E.format_alpha_scale_table(t)
    assert "linear           0.1%          0.9%          9.2%         89.8%" in text


def test_beta_uniform_puts_90_percent_below_0_99():
    t = E.beta_scale_table(seed=0)
    assert t["uniform"]["exact"] == pytest.approx(0.09 / 0.099)
    assert t["uniform"]["below 0.99"] == pytest.approx(0.909, abs=0.005)
    assert t["1 - beta log-uniform"]["below 0.99"] == pytest.approx(0.5, abs=0.005)
    assert t["uniform"]["median window"] < 25 and 90 < t["1 - beta log-uniform"]["median window"] < 110
    text = E.format_beta_scale_table(t)
    assert "uniform                     91.0%    90.9%" in text


def test_the_ways_of_drawing_alpha():
    w = E.drawing_ways(seed=0)
    for right in ("10 ** rng.uniform(-4, 0)", "np.exp(rng.uniform(np.log(1e-4), 0))"):
        np.testing.assert_allclose(w[right]["shares"], 0.25, atol=0.01)
    assert w["10 ** rng.uniform(-4, -1)"]["high"] == pytest.approx(0.1)
    assert w["10 ** rng.uniform(-4, -1)"]["shares"][-1] == 0.0
    assert w["10 ** rng.uniform(np.log(1e-4), 0)"]["low"] == pytest.approx(10 ** np.log(1e-4))
    assert 0.55 <= w["10 ** rng.uniform(np.log(1e-4), 0)"]["outside"] <= 0.59
    assert w["rng.uniform(1e-4, 1)"]["shares"][-1] >= 0.89
    text = E.format_drawing_ways(w)
    assert "6.2e-10 ... 1" in text


@pytest.fixture(scope="module")
def network_search(task):
    return E.network_search(task, 8, seed=0)


def test_the_network_search_table(network_search):
    text = E.format_network_search(network_search)
    assert " 4     0.51  0.9239     0.49     39    81%                81% ± 4%" in text
    assert text.endswith("best: #4, dev accuracy 81% ± 4%")


def test_the_best_trials_have_the_largest_alphas_and_the_dev_set_cannot_rank_them(network_search):
    trials = sorted(network_search.trials, key=lambda t: -t.score)
    top = trials[:3]
    alphas = sorted((t.values["alpha"] for t in network_search.trials), reverse=True)
    assert sorted(t.values["alpha"] for t in top) == sorted(alphas[:3])
    assert top[0].score - top[2].score < top[0].result.dev_halfwidth       # within the noise
    assert top[0].score - trials[-1].score > 2 * top[0].result.dev_halfwidth   # the worst is clearly worse
    assert trials[-1].values["alpha"] == min(alphas)


@pytest.fixture(scope="module")
def held_out(task, network_search):
    X, Y = E.fresh_examples(10_000, rng=16)
    return X, Y, E.held_out_accuracies(task, network_search, X, Y, seed=0)


def test_the_chosen_trial_on_a_test_set(task, network_search, held_out):
    X, Y, test = held_out
    best = network_search.best
    assert best.index == 3 and np.argmax(network_search.scores) == 3                 # #4, the largest of 8 dev scores
    assert f"{test[best.index]:.0%}" == "81%" == f"{best.result.dev_accuracy:.0%}"      # the same on the test set
    assert np.argmax(test) == best.index                                              # one clear winner
    from course2 import splits
    assert f"{splits.error_confidence_halfwidth(1 - test[best.index], 10_000):.0%}" == "1%"
    # retraining gives the very network the search scored
    assert E.held_out_accuracies(task, network_search, task.X_dev, task.Y_dev, seed=0) == list(network_search.scores)
    text = E.format_held_out(task, network_search, X, Y, seed=0)
    assert "#4, dev 81% ± 4% (the largest of 8 scores on the same 400 examples)" in text
    assert "test set of 10,000 fresh examples (no part in the choice): 81% ± 1%" in text


def test_training_accuracy_at_or_below_dev_and_the_best_possible_classifier(task, network_search, held_out):
    X, Y, _ = held_out
    trials = [t.result for t in network_search.trials]
    assert all(t.train_accuracy <= t.dev_accuracy for t in trials)                    # all 8
    bayes = [E.moons_bayes_accuracy(a, b) for a, b in ((task.X_train, task.Y_train), (task.X_dev, task.Y_dev), (X, Y))]
    assert [f"{x:.0%}" for x in bayes] == ["81%", "83%", "83%"]
    assert bayes[0] < bayes[1]                                                        # this training set is harder
    assert max(t.train_accuracy for t in trials) <= bayes[0]                          # no trial beats the ceiling
    assert "train 81%, dev 83%, test 83%" in E.format_held_out(task, network_search, X, Y, seed=0)
    assert "trials with train accuracy <= dev accuracy: 8 of 8" in E.format_held_out(task, network_search, X, Y, seed=0)


def test_the_best_possible_classifier_is_the_ceiling():
    import inspect

    from course2 import data
    from course2.experiments import tasks
    assert inspect.signature(tasks.overfitting_task).parameters["noise"].default == E.MOONS_NOISE
    X, Y = data.moons(20_000, noise=0.3, rng=np.random.default_rng(5))
    clean = E.moons_bayes_accuracy(X, Y)
    Xf, Yf = data.moons(20_000, noise=0.3, label_noise=0.1, rng=np.random.default_rng(5))
    assert 0.90 < clean < 0.94 and E.moons_bayes_accuracy(Xf, Yf) == pytest.approx(0.9 * clean + 0.1 * (1 - clean),
                                                                                     abs=0.01)   # flips: 83%
    # another sensible rule (the nearer curve) does no better on the same 20,000 points
    t = np.linspace(0, np.pi, 2001)
    d0 = np.min((X[0, :, None] - np.cos(t)) ** 2 + (X[1, :, None] - np.sin(t)) ** 2, axis=1)
    d1 = np.min((X[0, :, None] - 1 + np.cos(t)) ** 2 + (X[1, :, None] - 0.5 + np.sin(t)) ** 2, axis=1)
    assert np.mean((d1 < d0) == (Y[0] > 0.5)) <= clean
    X0, Y0 = data.moons(2000, noise=0.05, rng=np.random.default_rng(5))
    assert E.moons_bayes_accuracy(X0, Y0, noise=0.05) == 1.0                          # no overlap: every label right


def test_a_search_repeats_from_its_seed(task):
    a = E.network_search(task, 2, seed=3, num_iterations=20)
    b = E.network_search(task, 2, seed=3, num_iterations=20)
    assert [t.values for t in a.trials] == [t.values for t in b.trials]
    assert list(a.scores) == list(b.scores)


def test_stop_abandons_the_running_trial(task):
    calls = []
    r = E.network_search(task, 5, seed=0, num_iterations=50, stop=lambda: calls.append(1) or len(calls) > 10)
    assert len(r.trials) == 1 and r.stopped
    assert r.trials[0].result.stopped and np.isnan(r.trials[0].score) and r.best is None


def test_explorer_surface():
    assert float(E.surface_score(2e-3, 40, "all matter")) == pytest.approx(1.0)
    assert float(E.surface_score(2e-3, 100, "only alpha matters")) == pytest.approx(1.0)
    assert float(E.surface_score(2e-3, 100, "all matter")) < 0.01
    assert float(E.surface_score(0.5, 40, "only alpha matters")) < 1e-6


# -- the printed tables, whole (the numbers "What to notice" quotes) ----------------------------------------
DRAWING_TEXT = """\
alpha meant log-uniform in [1e-4, 1]: a quarter of the draws in each decade
code                                              range  [0.0001, 0.001)  [0.001, 0.01)   [0.01, 0.1)      [0.1, 1)  outside
10 ** rng.uniform(-4, 0)                   0.0001 ... 1           25%           25%           25%           25%       0%
np.exp(rng.uniform(np.log(1e-4), 0))       0.0001 ... 1           25%           25%           25%           25%       0%
10 ** rng.uniform(-4, -1)                0.0001 ... 0.1           33%           33%           33%            0%       0%
10 ** rng.uniform(np.log(1e-4), 0)        6.2e-10 ... 1           11%           11%           11%           11%      57%
rng.uniform(1e-4, 1)                       0.0001 ... 1            0%            1%            9%           90%       0%
"""

ALPHA_TEXT = """\
alpha in [1e-4, 1]: share of the trials per decade; share of 1000 searches of 20 trials whose best trial is within x2 of the best alpha
scale    [0.0001, 0.001)  [0.001, 0.01)   [0.01, 0.1)      [0.1, 1)  | best alpha =   0.001     0.01      0.1
linear           0.1%          0.9%          9.2%         89.8%  |                   2%      25%      97%
log             25.2%         24.5%         25.1%         25.2%  |                  96%      96%      97%
"""

BETA_TEXT = """\
beta in [0.9, 0.999], 100,000 draws; window = 1 / (1 - beta), the steps an average spans (10 ... 1000)
drawn as               below 0.99  (exact)  in [0.99, 0.999]  median window
uniform                     91.0%    90.9%              9.0%             20
1 - beta log-uniform        50.1%    50.0%             49.9%            100
"""

GRID_TEXT = """\
regret = 1 - best score (0 = found the best), median over 1000 searches, each with a new optimum
surface             N  budget  grid: values each  regret  random: values each  regret  random closer
only alpha matters  2      16      4 (16 trials)   0.155                   16   0.026            72%
only alpha matters  2      64      8 (64 trials)   0.053                   64   0.002            88%
only alpha matters  3      27      3 (27 trials)   0.170                   27   0.009            85%
only alpha matters  3      64      4 (64 trials)   0.158                   64   0.002            92%
all matter          2      16      4 (16 trials)   0.358                   16   0.498            35%
all matter          2      64      8 (64 trials)   0.124                   64   0.162            38%
all matter          3      27      3 (27 trials)   0.666                   27   0.815            32%
all matter          3      64      4 (64 trials)   0.509                   64   0.597            38%
"""

NETWORK_TEXT = """\
8 trials; dev accuracy ± the 95% half-width of the dev set
 #    alpha    beta    lambd  units  train                     dev
 1     0.22  0.9928     0.76     34    76%                80% ± 4%
 2   0.0036  0.9567   0.0014     32    69%                76% ± 4%
 3    0.001  0.9789    0.033      6    63%                69% ± 5%
 4     0.51  0.9239     0.49     39    81%                81% ± 4%
 5    0.013  0.9979    0.023      6    64%                72% ± 4%
 6   0.0036  0.9838      1.7     16    66%                72% ± 4%
 7    0.017  0.9988      4.1     35    68%                76% ± 4%
 8     0.45  0.9967    0.032     37    76%                80% ± 4%
best: #4, dev accuracy 81% ± 4%
"""


def test_the_printed_tables_are_the_notebook_s(rows, network_search):
    assert E.format_drawing_ways(E.drawing_ways(100_000, seed=0)) + "\n" == DRAWING_TEXT
    assert E.format_alpha_scale_table(E.alpha_scale_table(20, (1e-3, 1e-2, 1e-1), searches=1000, seed=0)) + "\n" == ALPHA_TEXT
    assert E.format_beta_scale_table(E.beta_scale_table(100_000, seed=0)) + "\n" == BETA_TEXT
    assert E.format_grid_vs_random(list(rows.values())) + "\n" == GRID_TEXT
    assert E.format_network_search(network_search) + "\n" == NETWORK_TEXT
