"""course2.softmax: stable softmax, log-softmax, the Jacobian, cross-entropy and dZ = (Y_hat - Y) / m."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course2 import softmax as S
from course2.activations import sigmoid
from course2.network import Network


def test_softmax_matches_the_formula_and_columns_sum_to_one():
    Z = np.random.default_rng(0).normal(0, 3, (5, 7))
    E = np.exp(Z)
    np.testing.assert_allclose(S.softmax(Z), E / E.sum(axis=0), rtol=1e-14)
    np.testing.assert_allclose(S.softmax(Z).sum(axis=0), 1.0, rtol=1e-15)
    np.testing.assert_allclose(S.softmax_unshifted(Z), S.softmax(Z), rtol=1e-14)
    np.testing.assert_allclose(S.log_softmax(Z), np.log(S.softmax(Z)), rtol=1e-13, atol=1e-14)


@settings(max_examples=50, deadline=None)
@given(arrays(np.float64, (3, 4), elements=st.floats(-50, 50)), st.floats(-600, 600))
def test_adding_a_constant_to_a_column_changes_nothing(Z, c):
    np.testing.assert_allclose(S.softmax(Z + c), S.softmax(Z), rtol=1e-12, atol=1e-300)


def test_two_classes_are_the_sigmoid_of_the_difference():
    z = np.random.default_rng(1).normal(0, 20, (2, 1000))
    np.testing.assert_allclose(S.softmax(z)[0], sigmoid(z[0] - z[1]), rtol=1e-14, atol=1e-300)


def test_the_max_shift_changes_everything_numerically_in_float32():
    safe = S.largest_safe_logit(np.float32)
    assert safe == pytest.approx(88.7228, abs=1e-4)
    assert S.largest_safe_logit(np.float64) == pytest.approx(709.78, abs=0.01)
    below = np.float32(safe) - np.float32(0.01)
    with np.errstate(over="ignore"):
        assert np.isfinite(np.exp(np.float32(below))) and np.isinf(np.exp(np.float32(safe + 0.01)))
    z = np.array([89.0, 0.0, -1.0], np.float32)
    assert np.isnan(S.softmax_unshifted(z)[0])
    p = S.softmax(z)
    assert p.dtype == np.float32 and np.all(np.isfinite(p)) and p[0] == 1.0
    # the log of a softmax that underflowed is -inf; log-softmax stays finite
    z = np.array([60.0, 0.0, -60.0], np.float32)
    assert S.softmax(z)[-1] == 0.0
    assert S.log_softmax(z)[-1] == pytest.approx(-120.0)


def test_jacobian_is_diag_minus_outer_and_matches_centered_differences():
    z = np.array([2.0, 1.0, 0.1, -1.0])
    p = S.softmax(z)
    J = S.softmax_jacobian(p)
    eps = 1e-6
    numeric = np.column_stack([(S.softmax(z + eps * e) - S.softmax(z - eps * e)) / (2 * eps) for e in np.eye(4)])
    np.testing.assert_allclose(J, numeric, atol=1e-9)
    np.testing.assert_allclose(J.sum(axis=0), 0.0, atol=1e-15)
    np.testing.assert_allclose(J, J.T)
    np.testing.assert_allclose(np.diag(J), p * (1 - p))


def test_cross_entropy_gradient_is_y_hat_minus_y_over_m_by_centered_differences():
    gen = np.random.default_rng(2)
    Z = gen.normal(0, 2, (4, 6))
    Y = S.one_hot(gen.integers(0, 4, 6), 4)
    G = S.cross_entropy_gradient(Z, Y)
    np.testing.assert_allclose(G, (S.softmax(Z) - Y) / 6)
    eps = 1e-6
    numeric = np.zeros_like(Z)
    for idx in np.ndindex(Z.shape):
        E = np.zeros_like(Z)
        E[idx] = eps
        numeric[idx] = (S.cross_entropy(Z + E, Y) - S.cross_entropy(Z - E, Y)) / (2 * eps)
    assert np.linalg.norm(numeric - G) / (np.linalg.norm(numeric) + np.linalg.norm(G)) < 1e-8


def test_cross_entropy_is_the_mean_negative_log_of_the_true_class():
    Z = np.array([[2.0, 0.5], [1.0, 0.0], [0.1, 3.0]])
    Y = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    P = S.softmax(Z)
    assert S.cross_entropy(Z, Y) == pytest.approx(-(np.log(P[0, 0]) + np.log(P[2, 1])) / 2)
    assert S.cross_entropy(np.array([0.0, -1000.0]), np.array([0.0, 1.0])) == pytest.approx(1000.0)


def test_the_network_softmax_output_uses_the_concept_functions():
    gen = np.random.default_rng(3)
    net = Network([3, 5, 4], "tanh", "softmax", rng=0)
    X = gen.normal(size=(3, 7))
    Y = S.one_hot(gen.integers(0, 4, 7), 4)
    A = net.forward(X)
    Z = net.W[1] @ np.tanh(net.W[0] @ X + net.b[0]) + net.b[1]
    np.testing.assert_allclose(A, S.softmax(Z), rtol=1e-13)
    assert net.cost(Y) == pytest.approx(S.cross_entropy(Z, Y), rel=1e-13)
    net.backward(Y)
    np.testing.assert_allclose(net.db[1], S.cross_entropy_gradient(Z, Y).sum(axis=1, keepdims=True), atol=1e-15)


def test_one_hot():
    np.testing.assert_array_equal(S.one_hot(np.array([[2.0, 0.0, 1.0]]), 3), [[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match="labels"):
        S.one_hot([0, 3], 3)


def test_bad_inputs_name_the_argument():
    with pytest.raises(ValueError, match="Y"):
        S.cross_entropy(np.zeros((2, 3)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="p must be probabilities"):
        S.softmax_jacobian([0.5, 0.6])
    with pytest.raises(ValueError, match="Z"):
        S.softmax(np.zeros((2, 2, 2)))
