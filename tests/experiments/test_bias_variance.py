"""Bias and variance measured on the moons: data, training, the Bayes error, and notebook 02's claims."""

import numpy as np
import pytest

from course2 import data, diagnosis, splits
from course2.experiments import bias_variance as bv
from course2.experiments import tasks as T


@pytest.fixture(scope="module")
def grid():
    """The notebook's experiment: label noise 10%, two layers, m in {50, 400}, units in {1, 4, 32}."""
    return bv.capacity_grid((50, 400), (1, 4, 32), depth=2, label_noise=0.1, seed=0)


# -- data ------------------------------------------------------------------------------------------
def test_training_sets_are_nested_and_the_dev_set_is_fixed():
    small, big = T.bias_variance_task(50, 0.0, seed=0), T.bias_variance_task(400, 0.0, seed=0)
    np.testing.assert_array_equal(small.X_train, big.X_train[:, :50])
    np.testing.assert_array_equal(small.Y_train, big.Y_train[:, :50])
    np.testing.assert_array_equal(small.X_dev, big.X_dev)
    assert small.X_train.shape == (2, 50) and small.X_dev.shape == (2, T.BV_DEV_SIZE)
    assert small.m_train == 50


@pytest.mark.parametrize("m, label_noise", [(50, 0.1), (400, 0.2), (25, 0.3)])
def test_label_noise_flips_exactly_that_fraction_in_train_and_dev(m, label_noise):
    clean, noisy = T.bias_variance_task(m, 0.0, seed=0), T.bias_variance_task(m, label_noise, seed=0)
    np.testing.assert_array_equal(clean.X_train, noisy.X_train)
    assert np.sum(clean.Y_train != noisy.Y_train) == round(label_noise * m)
    assert np.sum(clean.Y_dev != noisy.Y_dev) == round(label_noise * T.BV_DEV_SIZE)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"m_train": 1}, ValueError, "m_train"), ({"m_train": 401}, ValueError, "m_train"),
    ({"label_noise": 0.6}, ValueError, "label_noise"), ({"m_train": 2.5}, TypeError, "m_train"),
])
def test_bias_variance_task_checks_its_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        T.bias_variance_task(**({"m_train": 50, "seed": 0} | kwargs))


def test_bias_variance_task_checks_the_network():
    with pytest.raises(ValueError, match="hidden_units"):
        T.bias_variance_task(25, hidden_units=0, seed=0)
    with pytest.raises(ValueError, match="depth"):
        T.bias_variance_task(25, hidden_units=3, depth=0, seed=0)
    with pytest.raises(TypeError, match="seed"):
        T.bias_variance_task(25)


# -- training ---------------------------------------------------------------------------------------
def test_progressive_training_is_one_run_cut_in_pieces():
    p = T.bias_variance_task(50, 0.1, seed=0, hidden_units=6, depth=2)
    pieces = list(T.fit_progressively(p, seed=0, every=70, num_iterations=300))
    whole = T.fit(p, seed=0, num_iterations=300)
    assert [f.iteration for f in pieces] == [70, 140, 210, 280, 300]
    np.testing.assert_array_equal(pieces[-1].net.get_params(), whole.net.get_params())
    assert pieces[-1].cost.shape == (300,)
    np.testing.assert_allclose(pieces[-1].cost, whole.cost, rtol=0, atol=1e-12)
    assert pieces[-1].cost[-1] < pieces[0].cost[0]


def test_fit_network_reproduces_its_errors():
    p = T.bias_variance_task(100, 0.1, seed=0, hidden_units=4, depth=1)
    f = T.fit(p, seed=0, num_iterations=200)
    net = f.net
    assert np.mean(net.predict(p.X_train) != p.Y_train) == pytest.approx(f.train_error, abs=1e-12)
    assert np.mean(net.predict(p.X_dev) != p.Y_dev) == pytest.approx(f.dev_error, abs=1e-12)
    assert f.layer_sizes == (2, 4, 1) and f.hidden_units == 4 and f.depth == 1
    assert f.diagnosis(0.1).bayes_error == 0.1 and f.diverged_at is None


def test_a_huge_learning_rate_is_reported_as_divergence():
    p = T.bias_variance_task(50, 0.0, seed=0, hidden_units=32, depth=3)
    f = T.fit(p, seed=0, alpha=1e4, num_iterations=400)
    assert f.diverged_at is not None and f.iteration <= 400


# -- the Bayes error -------------------------------------------------------------------------------
def test_posterior_matches_label_frequencies_of_the_generator():
    """Independent check of the density formula: near a point, the fraction of class-1 examples
    drawn by course2.data.moons equals P(1 | x)."""
    X, Y = data.moons(400_000, noise=T.BV_NOISE, rng=123)
    points = np.array([[0.5, 1.0, 0.0, 1.5, 0.2], [0.25, 0.0, 0.5, -0.2, 0.9]])
    post = bv.moons_posterior(points)
    for j in range(points.shape[1]):
        near = np.sum((X - points[:, j:j + 1]) ** 2, axis=0) < 0.07 ** 2
        assert near.sum() > 300
        freq = Y[0, near].mean()
        se = np.sqrt(post[j] * (1 - post[j]) / near.sum())
        assert abs(freq - post[j]) < 4 * se + 0.03, (points[:, j], freq, post[j])


def test_clean_overlap_is_the_error_of_the_bayes_classifier():
    e0 = bv.clean_overlap(seed=bv.E0_SEED)
    X, Y = data.moons(20_000, noise=T.BV_NOISE, rng=7)       # a sample the estimate never saw
    bayes_predictions = bv.moons_posterior(X) > 0.5
    empirical = np.mean(bayes_predictions != Y[0])
    assert abs(empirical - e0) < 4 * np.sqrt(e0 * (1 - e0) / 20_000)
    assert 0.02 < e0 < 0.04


def test_bayes_error_formula():
    e0 = bv.clean_overlap(seed=bv.E0_SEED)
    assert bv.bayes_error(0.0) == pytest.approx(e0)
    assert bv.bayes_error(0.1) == pytest.approx(0.1 + 0.8 * e0)
    assert bv.bayes_error(0.5) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="label_noise"):
        bv.bayes_error(0.7)
    with pytest.raises(ValueError, match="X must have 2 rows"):
        bv.moons_posterior(np.zeros((3, 2)))


# -- what to notice (notebook 02) -------------------------------------------------------------------
def test_claim_one_unit_per_layer_underfits_at_any_data_size(grid):
    bayes = bv.bayes_error(0.1)
    for m in (50, 400):
        f = grid[(m, 1)]
        assert f.train_error >= 0.15
        assert f.diagnosis(bayes).high_bias                   # even against the true Bayes error


def test_claim_a_big_network_on_little_data_memorizes_the_noise(grid):
    f = grid[(50, 32)]
    assert f.train_error == 0.0                               # every training label, flipped ones too
    assert f.dev_error - f.train_error >= 0.15                # high variance
    assert f.diagnosis(bv.bayes_error(0.1)).label == "high variance"


def test_claim_more_data_shrinks_the_variance_of_the_big_network(grid):
    gap50 = grid[(50, 32)].dev_error - grid[(50, 32)].train_error
    gap400 = grid[(400, 32)].dev_error - grid[(400, 32)].train_error
    assert gap400 < gap50 - 0.05


def test_claim_the_bayes_error_changes_the_verdict(grid):
    f = grid[(400, 4)]
    bayes = bv.bayes_error(0.1)
    assert abs(f.train_error - bayes) < 0.01                                         # within a point
    # dev is within the 95 % half-width of a 1,000-example dev set of the Bayes error: no gap to read
    assert abs(f.dev_error - bayes) < splits.error_confidence_halfwidth(bayes, T.BV_DEV_SIZE)
    assert f.diagnosis().label == "high bias"                  # the notes' table: Bayes error 0
    assert f.diagnosis(bayes).label == "low bias and low variance"
    # the explorer's Bayes slider flips the verdict just past train error - 2 points = 10.5%
    assert f.train_error == pytest.approx(0.125)
    assert f.diagnosis(0.100).high_bias and not f.diagnosis(0.110).high_bias


def test_claim_no_network_beats_the_bayes_error_on_dev(grid):
    bayes = bv.bayes_error(0.1)
    se = np.sqrt(bayes * (1 - bayes) / T.BV_DEV_SIZE)
    for f in grid.values():
        assert f.dev_error > bayes - 2 * se


# -- the tables the notebook prints -------------------------------------------------------------------
def test_cases_table_reads_the_notes_cases_with_two_bayes_errors():
    lines = bv.cases_table().splitlines()
    assert len(lines) == 2 + len(diagnosis.NOTES_CASES)
    assert lines[2].split("|")[1].strip() == "high variance"
    assert [c.strip() for c in lines[3].split("|")[1:]] == ["high bias", "low bias and low variance"]
    assert lines[4].split("|")[2].strip() == "high variance"


def test_fits_table_from_precomputed_fits():
    fits = bv.capacity_grid((25,), (1, 3), depth=1, label_noise=0.1, num_iterations=50, seed=0)
    lines = bv.fits_table(fits, bayes_error=bv.bayes_error(0.1)).splitlines()
    assert len(lines) == 4 and lines[0].rstrip().endswith("verdict (Bayes 12.3%)")
    assert lines[3].split("|")[0].split() == ["25", "3", "1"]
    f = fits[(25, 3)]
    assert lines[3].split("|")[1].split() == [f"{100 * f.train_error:.1f}%", f"{100 * f.dev_error:.1f}%"]


def test_bayes_table():
    lines = bv.bayes_table((0.0, 0.1)).splitlines()
    assert lines[0] == f"clean overlap of the moons e0 = {100 * bv.clean_overlap(seed=bv.E0_SEED):.1f}%"
    assert lines[-1].split("|")[1].strip() == f"{100 * bv.bayes_error(0.1):.1f}%"


# -- notebook 02's corrected claims ------------------------------------------------------------------
@pytest.mark.parametrize("m", [50, 400])
def test_claim_one_unit_in_the_first_layer_draws_a_straight_line(grid, m):
    """The output is a monotone function of z1 = w1 x + b1, so the prediction changes class at most once
    along z1: the class-1 region is a half-plane (the boundary is exactly a line)."""
    net = grid[(m, 1)].net
    X = np.random.default_rng(0).uniform(-3.0, 4.0, (2, 20_000))
    z1 = (net.W[0] @ X + net.b[0])[0]
    predicted = net.predict(X)[0][np.argsort(z1)]
    assert np.count_nonzero(np.diff(predicted)) == 1          # one switch: both classes, split by a line


def test_claim_a_training_error_below_the_bayes_error_is_memorized_noise(grid):
    bayes = bv.bayes_error(0.1)
    f = grid[(50, 32)]
    assert f.train_error == 0.0 and f.dev_error == pytest.approx(0.215)
    assert round(100 * (f.train_error - bayes), 1) == -12.3          # negative avoidable bias
    assert f.dev_error - bayes > splits.error_confidence_halfwidth(bayes, T.BV_DEV_SIZE)


def test_claim_more_data_numbers(grid):
    big = grid[(400, 32)]
    assert (round(100 * big.train_error, 1), round(100 * big.dev_error, 1)) == (9.3, 15.2)
    assert round(100 * (big.dev_error - big.train_error), 1) == 5.9
    assert round(100 * (grid[(50, 32)].dev_error - grid[(50, 32)].train_error), 1) == 21.5


def test_claim_the_four_by_four_network_sits_at_the_bayes_error(grid):
    bayes, f = bv.bayes_error(0.1), grid[(400, 4)]
    assert round(100 * (f.train_error - bayes), 1) == 0.2 and round(100 * (f.dev_error - bayes), 1) == 1.1
    assert round(100 * splits.error_confidence_halfwidth(0.13, T.BV_DEV_SIZE), 1) == 2.1
    assert min(g.dev_error for g in grid.values()) == f.dev_error == pytest.approx(0.134)


def test_bayes_error_with_label_noise_is_the_notebooks_formula():
    e0 = bv.clean_overlap(seed=bv.E0_SEED)
    for q in (0.0, 0.1, 0.3, 0.5):
        assert bv.bayes_error_with_label_noise(q, e0) == pytest.approx(bv.bayes_error(q))
    # by hand: wrong on a kept label where the clean classifier errs, or on a flipped one where it is right
    assert bv.bayes_error_with_label_noise(0.1, 0.03) == pytest.approx(0.9 * 0.03 + 0.1 * 0.97)
    with pytest.raises(ValueError, match="e0"):
        bv.bayes_error_with_label_noise(0.1, 0.7)
