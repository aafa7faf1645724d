import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course2 import metrics
from course2.network import Network


def test_accuracy_and_error_rate_binary():
    P = np.array([[1, 0, 1, 1, 0]])
    Y = np.array([[1, 1, 1, 0, 0]])
    assert metrics.accuracy(P, Y) == 3 / 5
    assert metrics.error_rate(P, Y) == pytest.approx(2 / 5, abs=1e-15)
    assert metrics.accuracy(Y, Y) == 1.0 and metrics.error_rate(Y, Y) == 0.0
    assert metrics.accuracy(1 - Y, Y) == 0.0


def test_accuracy_with_one_hot_labels():
    Y = np.eye(3)[:, [0, 2, 1, 2]]
    assert metrics.labels_of(Y).tolist() == [[0, 2, 1, 2]]
    assert metrics.accuracy(np.array([[0, 2, 2, 2]]), Y) == 3 / 4
    Y01 = np.array([[0.0, 1.0]])
    assert metrics.labels_of(Y01) is Y01


@given(m=st.integers(1, 200), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=40, deadline=None)
def test_accuracy_counts_matches(m, seed):
    gen = np.random.default_rng(seed)
    Y = gen.integers(0, 2, (1, m))
    P = gen.integers(0, 2, (1, m))
    assert metrics.accuracy(P, Y) == sum(int(p == y) for p, y in zip(P[0], Y[0])) / m
    assert metrics.accuracy(P, Y) + metrics.error_rate(P, Y) == pytest.approx(1.0, abs=1e-15)


def test_network_accuracy_uses_predict():
    net = Network.from_params([np.array([[1.0, -1.0]])], [np.zeros(1)], output="sigmoid")
    X = np.array([[2.0, 0.0, -1.0, 0.5], [0.0, 1.0, -3.0, 0.0]])  # predicts 1, 0, 1, 1
    assert metrics.network_accuracy(net, X, np.array([[1, 0, 0, 1]])) == 3 / 4
    soft = Network.from_params([np.array([[1.0, 0.0], [0.0, 1.0]])], [np.zeros(2)], output="softmax")
    assert metrics.network_accuracy(soft, X, np.eye(2)[:, [0, 1, 1, 0]]) == 3 / 4


def test_bad_input():
    Y = np.array([[1, 0, 1]])
    with pytest.raises(ValueError, match=r"predictions must have shape \(1, 3\)"):
        metrics.accuracy(np.array([[1, 0]]), Y)
    with pytest.raises(ValueError, match="predictions must be a 2-D"):
        metrics.accuracy(np.array([1, 0, 1]), Y)
    with pytest.raises(ValueError, match="predictions must not be empty"):
        metrics.accuracy(np.zeros((1, 0)), np.zeros((1, 0)))
    with pytest.raises(ValueError, match="Y must not be empty"):
        metrics.accuracy(np.zeros((1, 1)), np.zeros((1, 0)))
    with pytest.raises(ValueError, match="predictions must contain only finite"):
        metrics.accuracy(np.array([[np.nan, 0, 1]]), Y)
    with pytest.raises(ValueError, match="Y must contain only finite"):
        metrics.error_rate(Y, np.array([[np.inf, 0, 1]]))
    with pytest.raises(TypeError, match="predictions must be a numeric array"):
        metrics.accuracy([["a", "b", "c"]], Y)
