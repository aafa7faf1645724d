import dataclasses
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course2.normalization import Standardizer, fit_standardizer


@st.composite
def training_sets(draw):
    n_x = draw(st.integers(1, 6))
    m = draw(st.integers(2, 60))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    scale = 10.0 ** rng.uniform(-3, 3, (n_x, 1))
    offset = rng.uniform(-1e3, 1e3, (n_x, 1))
    return offset + scale * rng.standard_normal((n_x, m))


@given(X=training_sets())
@settings(max_examples=60, deadline=None)
def test_standardized_training_features_have_mean_0_and_variance_1(X):
    Z = fit_standardizer(X).transform(X)
    assert Z.shape == X.shape
    np.testing.assert_allclose(Z.mean(axis=1), 0.0, atol=1e-7)  # offsets up to 1e6 sigma
    np.testing.assert_allclose(Z.var(axis=1), 1.0, rtol=1e-7)  # population variance (ddof=0)


@given(X=training_sets())
@settings(max_examples=30, deadline=None)
def test_statistics_formulas_and_round_trip(X):
    s = fit_standardizer(X)
    assert s.mu.shape == s.sigma.shape == (X.shape[0], 1)
    np.testing.assert_allclose(s.mu[:, 0], [np.mean(row) for row in X])
    np.testing.assert_allclose(s.sigma[:, 0], [np.sqrt(np.mean((row - row.mean()) ** 2)) for row in X])
    np.testing.assert_allclose(s.inverse_transform(s.transform(X)), X, rtol=1e-9, atol=1e-9 * np.abs(X).max())


def test_divides_by_sigma_not_variance():
    X = np.array([[0.0, 20.0]])  # mu = 10, sigma = 10
    np.testing.assert_allclose(fit_standardizer(X).transform(X), [[-1.0, 1.0]])
    np.testing.assert_allclose(fit_standardizer(X, divide_by="variance").transform(X), [[-0.1, 0.1]])


@pytest.mark.parametrize("sigma", [0.1, 0.5, 3.0, 10.0])
def test_the_notes_variance_version_is_wrong_unless_sigma_is_1(sigma):
    rng = np.random.default_rng(0)
    row = rng.standard_normal(500)
    row = (row - row.mean()) / row.std()  # exactly unit variance
    X = np.vstack([5 + sigma * row, 5 + 1.0 * row])  # feature 0 has sigma, feature 1 has sigma = 1
    notes = fit_standardizer(X, divide_by="variance").transform(X)
    right = fit_standardizer(X).transform(X)
    np.testing.assert_allclose(notes.var(axis=1), [1 / sigma**2, 1.0])  # wrong for feature 0
    np.testing.assert_allclose(right.var(axis=1), [1.0, 1.0])
    assert abs(notes[0].var() - 1.0) > 0.3


def test_dev_and_test_use_training_statistics():
    rng = np.random.default_rng(1)
    X_train = 3 + 2 * rng.standard_normal((2, 1000))
    X_dev = 4 + 2 * rng.standard_normal((2, 300))  # a shifted dev set
    s = fit_standardizer(X_train)
    Z_dev = s.transform(X_dev)
    np.testing.assert_allclose(Z_dev, (X_dev - X_train.mean(axis=1, keepdims=True))
                               / X_train.std(axis=1, keepdims=True))
    assert np.all(Z_dev.mean(axis=1) > 0.3)  # the shift shows: dev mean is not forced to 0
    refit = fit_standardizer(X_dev).transform(X_dev)
    assert not np.allclose(Z_dev, refit)


def test_constant_feature_becomes_zero_without_warning():
    X = np.vstack([np.full(7, 0.1), np.arange(7.0), np.full(7, -3e8)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = fit_standardizer(X)
        Z = s.transform(X)
        Zv = fit_standardizer(X, divide_by="variance").transform(X)
    np.testing.assert_array_equal(s.sigma[[0, 2], 0], 0.0)
    np.testing.assert_array_equal(s.mu[[0, 2], 0], [0.1, -3e8])
    np.testing.assert_array_equal(Z[[0, 2]], 0.0)
    np.testing.assert_array_equal(Zv[[0, 2]], 0.0)
    np.testing.assert_allclose(Z[1].var(), 1.0)
    np.testing.assert_array_equal(s.inverse_transform(Z)[[0, 2]], X[[0, 2]])
    np.testing.assert_allclose(s.transform(np.array([[1.1], [0.0], [-3e8]]))[0], 1.0)  # x - mu elsewhere


def test_single_example_gives_zeros():
    s = fit_standardizer(np.array([[2.0], [5.0]]))
    np.testing.assert_array_equal(s.transform([[2.0], [5.0]]), 0.0)


def test_transform_accepts_empty_dev_set():
    s = fit_standardizer(np.arange(6.0).reshape(2, 3))
    assert s.transform(np.zeros((2, 0))).shape == (2, 0)


def test_inputs_are_not_modified_and_standardizer_is_frozen():
    X = np.arange(6.0).reshape(2, 3)
    before = X.copy()
    s = fit_standardizer(X)
    s.transform(X)
    np.testing.assert_array_equal(X, before)
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.mu = np.zeros((2, 1))
    with pytest.raises(ValueError, match="read-only"):
        s.mu[0, 0] = 7.0


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: fit_standardizer(np.array([[1.0, np.nan]])), ValueError, "X_train must contain only finite"),
        (lambda: fit_standardizer(np.array([[1.0, np.inf]])), ValueError, "X_train must contain only finite"),
        (lambda: fit_standardizer(np.zeros((2, 0))), ValueError, "X_train must not be empty"),
        (lambda: fit_standardizer(np.zeros(5)), ValueError, "X_train must be a 2-D array"),
        (lambda: fit_standardizer(np.zeros((2, 3)), divide_by="std"), ValueError, "divide_by must be one of"),
        (lambda: fit_standardizer([["a", "b"]]), TypeError, "X_train must be a numeric array"),
        (lambda: fit_standardizer(np.ones((2, 3))).transform(np.ones((3, 3))), ValueError,
         r"n_x = 2 rows.*got shape \(3, 3\)"),
        (lambda: fit_standardizer(np.ones((2, 3))).transform(np.array([[1.0], [np.nan]])), ValueError,
         "X must contain only finite"),
        (lambda: fit_standardizer(np.ones((2, 3))).inverse_transform(np.ones((1, 3))), ValueError, "n_x = 2"),
        (lambda: Standardizer(np.zeros((2, 1)), -np.ones((2, 1))), ValueError, "sigma must be >= 0"),
        (lambda: Standardizer(np.zeros((2, 1)), np.ones((3, 1))), ValueError, r"shape \(n_x, 1\)"),
    ],
)
def test_bad_inputs(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
