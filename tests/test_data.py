import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course2 import data

CLASSIFIERS = ["moons", "circles", "spirals", "flower", "blobs"]


@pytest.mark.parametrize("name", CLASSIFIERS)
@given(m=st.integers(1, 300), noise=st.floats(0, 1), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=15, deadline=None)
def test_classification_shapes_dtype_and_balance(name, m, noise, seed):
    X, Y = data.make_dataset(name, m, noise=noise, rng=seed)
    assert X.shape == (2, m) and Y.shape == (1, m)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    assert np.all(np.isfinite(X))
    assert set(np.unique(Y)) <= {0.0, 1.0}
    assert Y.sum() == m - m // 2  # balanced: m // 2 of class 0, the rest class 1


def test_regression_shapes():
    X, Y = data.regression(50, rng=0)
    assert X.shape == (1, 50) and Y.shape == (1, 50)
    assert X.dtype == np.float64 and Y.dtype == np.float64
    assert X.min() >= -1 and X.max() <= 1


@pytest.mark.parametrize("name", [*CLASSIFIERS, "regression"])
def test_same_seed_same_data_different_seed_different_data(name):
    X1, Y1 = data.make_dataset(name, 200, rng=7)
    X2, Y2 = data.make_dataset(name, 200, rng=7)
    X3, _ = data.make_dataset(name, 200, rng=8)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(Y1, Y2)
    assert not np.allclose(X1, X3)


def test_generator_is_accepted_and_advanced():
    g = np.random.default_rng(3)
    X1, _ = data.moons(20, rng=g)
    X2, _ = data.moons(20, rng=g)
    assert not np.allclose(X1, X2)
    X3, _ = data.moons(20, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(X1, X3)


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_columns_are_shuffled(name):
    _, Y = data.make_dataset(name, 200, rng=1)
    # a slice of the first 50 columns holds both classes
    assert 0 < Y[0, :50].sum() < 50


@pytest.mark.parametrize("name", CLASSIFIERS)
@pytest.mark.parametrize("label_noise", [0.0, 0.1, 0.25, 0.5])
def test_label_noise_flips_exactly_the_fraction(name, label_noise):
    m = 301
    X0, Y0 = data.make_dataset(name, m, noise=0.0, rng=5)
    X1, Y1 = data.make_dataset(name, m, noise=0.0, label_noise=label_noise, rng=5)
    np.testing.assert_array_equal(X0, X1)  # label noise does not move the points
    assert np.sum(Y0 != Y1) == round(label_noise * m)


def test_flip_labels_chooses_different_examples_with_different_seeds():
    Y = np.zeros((1, 100))
    a = data.flip_labels(Y, 0.2, rng=0)
    b = data.flip_labels(Y, 0.2, rng=1)
    assert a.sum() == b.sum() == 20
    assert not np.array_equal(a, b)
    assert Y.sum() == 0  # input untouched


def test_circles_noise_free_radii():
    X, Y = data.circles(400, noise=0.0, factor=0.3, rng=0)
    r = np.linalg.norm(X, axis=0)
    np.testing.assert_allclose(r[Y[0] == 0], 1.0)
    np.testing.assert_allclose(r[Y[0] == 1], 0.3)


def test_circles_noise_spreads_radii():
    X, Y = data.circles(2000, noise=0.1, rng=0)
    r = np.linalg.norm(X, axis=0)
    assert 0.07 < np.std(r[Y[0] == 0]) < 0.13


def test_moons_noise_free_geometry():
    X, Y = data.moons(300, noise=0.0, rng=0)
    X0, X1 = X[:, Y[0] == 0], X[:, Y[0] == 1]
    np.testing.assert_allclose(np.linalg.norm(X0, axis=0), 1.0)
    assert np.all(X0[1] >= -1e-12)  # upper half circle
    np.testing.assert_allclose(np.linalg.norm(X1 - np.array([[1.0], [0.5]]), axis=0), 1.0)
    assert np.all(X1[1] <= 0.5 + 1e-12)  # lower half circle around (1, 0.5)


def test_spirals_noise_free_geometry():
    turns = 1.5
    X, Y = data.spirals(300, noise=0.0, turns=turns, rng=0)
    r = np.linalg.norm(X, axis=0)
    angle = np.arctan2(X[1], X[0])
    expected = 2 * math.pi * turns * r + math.pi * Y[0]
    diff = np.angle(np.exp(1j * (angle - expected)))  # wrapped to (-pi, pi]
    np.testing.assert_allclose(diff, 0.0, atol=1e-9)
    assert r.max() <= 1.0


def test_flower_noise_free_geometry_and_classes():
    a, petals = 4.0, 4
    X, Y = data.flower(400, noise=0.0, a=a, petals=petals, rng=0)
    theta = np.arctan2(X[0], X[1])  # the point is (r sin t, r cos t)
    np.testing.assert_allclose(np.linalg.norm(X, axis=0), a * np.abs(np.sin(petals * theta)), atol=1e-9)
    assert np.linalg.norm(X, axis=0).max() <= a


def test_blobs_noise_free_are_linearly_separable_with_margin():
    X, Y = data.blobs(500, noise=0.0, rng=0)
    s = (X[0] + X[1]) / math.sqrt(2)  # signed distance to the line x1 + x2 = 0
    assert np.all(s[Y[0] == 1] > 1.0)
    assert np.all(s[Y[0] == 0] < -1.0)


def test_regression_noise_free_is_the_function_and_noise_has_the_std():
    X, Y = data.regression(100, noise=0.0, rng=0)
    np.testing.assert_allclose(Y, np.sin(math.pi * X))
    X, Y = data.regression(20000, noise=0.3, rng=0)
    assert abs(np.std(Y - data.regression_function(X)) - 0.3) < 0.01


def test_make_dataset_passes_kwargs():
    X, Y = data.make_dataset("circles", 10, noise=0.0, factor=0.2, rng=0)
    np.testing.assert_allclose(np.linalg.norm(X[:, Y[0] == 1], axis=0), 0.2)


@pytest.mark.parametrize("name", CLASSIFIERS)
@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"m": 0}, ValueError, "m must be"),
        ({"m": -3}, ValueError, "m must be"),
        ({"m": 2.5}, TypeError, "m must be an integer"),
        ({"noise": -0.1}, ValueError, "noise must be"),
        ({"noise": float("nan")}, ValueError, "noise must be finite"),
        ({"label_noise": 0.6}, ValueError, "label_noise must be in"),
        ({"label_noise": -0.1}, ValueError, "label_noise must be in"),
        ({"rng": None}, TypeError, "rng must be"),
        ({"rng": -1}, TypeError, "rng must be"),
        ({"rng": "seed"}, TypeError, "rng must be"),
    ],
)
def test_bad_inputs(name, kwargs, exc, match):
    args = {"m": 10, "rng": 0, **kwargs}
    with pytest.raises(exc, match=match):
        data.make_dataset(name, **args)


@pytest.mark.parametrize(
    ("fn", "kwargs", "match"),
    [
        (data.circles, {"factor": 1.0}, "factor"),
        (data.circles, {"factor": 0.0}, "factor"),
        (data.spirals, {"turns": 0}, "turns"),
        (data.flower, {"petals": 0}, "petals"),
        (data.flower, {"a": -1.0}, "a must be"),
        (data.regression, {"noise": -1.0}, "noise"),
        (data.regression, {"m": 0}, "m must be"),
    ],
)
def test_bad_shape_parameters(fn, kwargs, match):
    args = {"m": 10, "rng": 0, **kwargs}
    with pytest.raises(ValueError, match=match):
        fn(**args)


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(ValueError, match="name must be one of 'moons'.*got 'swirl'"):
        data.make_dataset("swirl", 10, rng=0)


def test_regression_has_no_label_noise():
    with pytest.raises(TypeError, match="label_noise"):
        data.make_dataset("regression", 10, label_noise=0.1, rng=0)


def test_flip_labels_bad_inputs():
    with pytest.raises(ValueError, match="0/1 labels"):
        data.flip_labels(np.array([[0.0, 2.0]]), 0.1, rng=0)
    with pytest.raises(ValueError, match="label_noise"):
        data.flip_labels(np.zeros((1, 4)), 0.7, rng=0)


def test_digits_layout_scale_and_labels():
    pytest.importorskip("sklearn")
    X, Y = data.digits()
    assert X.shape == (64, data.DIGITS_M) and Y.shape == (10, data.DIGITS_M)
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(Y.sum(axis=0), 1.0)
    X3, Y3 = data.digits(labels=3)
    np.testing.assert_array_equal(X3, X)
    np.testing.assert_array_equal(Y3[0], Y[3])
    Xs, Ys = data.digits(rng=0)
    order = np.random.default_rng(0).permutation(data.DIGITS_M)
    np.testing.assert_array_equal(Xs, X[:, order])
    np.testing.assert_array_equal(Ys, Y[:, order])
    with pytest.raises(ValueError, match="labels must be 'onehot' or a digit 0..9, got 'one-hot'"):
        data.digits(labels="one-hot")
    with pytest.raises(ValueError, match="labels must be an integer in \\[0, 9\\], got 10"):
        data.digits(labels=10)


def test_digits_without_scikit_learn_says_how_to_install(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "sklearn", None)
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ImportError, match="pip install scikit-learn"):
        data.digits()


def test_spirals_with_three_arms_are_balanced_and_two_arms_unchanged():
    X, Y = data.spirals(301, noise=0.0, classes=3, rng=0)
    assert X.shape == (2, 301) and np.bincount(Y[0].astype(int)).tolist() == [100, 100, 101]
    r = np.hypot(*X)
    angle = np.arctan2(X[1], X[0]) - 2 * np.pi * 1.5 * r - 2 * np.pi * Y[0] / 3
    np.testing.assert_allclose(np.cos(angle), 1.0, atol=1e-9)        # arm k turned by 2 pi k / 3
    X2, Y2 = data.spirals(50, rng=3)
    X2b, Y2b = data.spirals(50, classes=2, rng=3)
    np.testing.assert_array_equal(X2, X2b)
    np.testing.assert_array_equal(Y2, Y2b)
