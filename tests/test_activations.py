import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course2 import activations

NAMES = ["relu", "tanh", "sigmoid", "linear"]


def formula(name, Z):
    """Each activation written out from its definition (the slow, obvious way)."""
    if name == "relu":
        return np.where(Z > 0, Z, 0.0)
    if name == "tanh":
        return (np.exp(Z) - np.exp(-Z)) / (np.exp(Z) + np.exp(-Z))
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-Z))
    return Z


@pytest.mark.parametrize("name", NAMES)
def test_forward_matches_formula(name):
    Z = np.random.default_rng(0).normal(0, 4, size=(7, 30))
    A = activations.forward(name, Z)
    np.testing.assert_allclose(A, formula(name, Z), rtol=1e-13, atol=1e-15)
    assert A.shape == Z.shape


@pytest.mark.parametrize("name", NAMES)
def test_forward_writes_into_out_and_leaves_Z_alone(name):
    Z = np.random.default_rng(1).normal(size=(3, 5))
    Z0 = Z.copy()
    out = np.empty_like(Z)
    A = activations.forward(name, Z, out=out)
    assert A is out
    np.testing.assert_array_equal(Z, Z0)
    np.testing.assert_allclose(out, formula(name, Z), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
@given(seed=st.integers(0, 2**32 - 1), rows=st.integers(1, 5), cols=st.integers(1, 8))
@settings(max_examples=40, deadline=None)
def test_backward_matches_centered_differences_elementwise(name, seed, rows, cols):
    gen = np.random.default_rng(seed)
    Z = gen.normal(0, 3, size=(rows, cols))
    if name == "relu":  # keep away from the kink, where the centered difference straddles a corner
        Z = np.where(np.abs(Z) < 1e-3, 1e-3 + np.abs(Z), Z)
    dA = gen.normal(size=Z.shape)
    A = activations.forward(name, Z)
    h = 1e-6
    numeric = dA * (formula(name, Z + h) - formula(name, Z - h)) / (2 * h)
    dZ = activations.backward(name, dA.copy(), Z, A)
    np.testing.assert_allclose(dZ, numeric, rtol=1e-7, atol=1e-9)


def test_backward_is_in_place_in_dA():
    Z = np.array([[-1.0, 2.0]])
    dA = np.ones_like(Z)
    out = activations.backward("relu", dA, Z, activations.forward("relu", Z))
    assert out is dA
    np.testing.assert_array_equal(dA, [[0.0, 1.0]])


def test_relu_derivative_is_zero_at_the_kink_like_pytorch():
    Z = np.zeros((1, 3))
    dZ = activations.backward("relu", np.ones_like(Z), Z, activations.forward("relu", Z))
    np.testing.assert_array_equal(dZ, 0.0)


def test_sigmoid_is_stable_for_large_inputs():
    Z = np.array([[-1e3, -710.0, -40.0, 0.0, 40.0, 710.0, 1e3]])
    with np.errstate(all="raise"):  # any overflow / invalid warning becomes an error
        A = activations.sigmoid(Z)
        dZ = activations.backward("sigmoid", np.ones_like(Z), Z, A)
    assert np.all(np.isfinite(A)) and np.all((A >= 0) & (A <= 1))
    assert A[0, 0] == 0.0 and A[0, -1] == 1.0 and A[0, 3] == 0.5
    np.testing.assert_allclose(A[0, 2], 1 / (1 + np.exp(40.0)), atol=1e-16)
    assert np.all(np.isfinite(dZ)) and dZ[0, 0] == 0.0 and dZ[0, -1] == 0.0
    # symmetry sigmoid(-z) = 1 - sigmoid(z)
    np.testing.assert_allclose(A + A[:, ::-1], 1.0, atol=1e-15)


def _exact_sigmoid(z: float) -> float:
    """sigmoid(z) to 40 digits (``decimal``'s exp is correctly rounded), rounded to the nearest double."""
    import decimal

    with decimal.localcontext() as ctx:
        ctx.prec = 40
        return float(1 / (1 + (-decimal.Decimal(z)).exp()))


@pytest.mark.parametrize("z", [-20.0, -40.0, -100.0, -700.0, -708.0, -15.5, -1.0, 0.5, 40.0])
def test_sigmoid_is_accurate_in_relative_terms(z):
    """exp(z) / (1 + exp(z)) for z < 0 (math.exp is accurate to 1 ulp) and 40-digit decimal arithmetic:
    (1 + tanh(z/2)) / 2 was off by 1e-4 relative at z = -20 and returned exactly 0 from z ~ -38."""
    A = activations.sigmoid(np.array([[z]]))[0, 0]
    exact = _exact_sigmoid(z)
    assert A == pytest.approx(exact, rel=1e-15, abs=0.0)   # a few ulps (numpy's exp may differ by 1-2 ulp)
    if z < 0:
        e = math.exp(z)
        assert A == pytest.approx(e / (1.0 + e), rel=1e-15, abs=0.0)


def test_sigmoid_symmetry_where_representable():
    z = np.linspace(0.0, 36.0, 3601)[None, :]      # sigmoid(36) < 1: 1 - sigmoid(z) is still non-zero
    pos, neg = activations.sigmoid(z), activations.sigmoid(-z)
    np.testing.assert_allclose(pos + neg, 1.0, rtol=0, atol=2.3e-16)   # within about one ulp of 1
    small = z <= 1.0       # here 1 - sigmoid(z) >= 0.27 has no cancellation: the identity holds relatively
    np.testing.assert_allclose(neg[small], 1.0 - pos[small], rtol=5e-16, atol=0)


def test_sigmoid_in_place_without_warnings_for_float32_and_extreme_inputs():
    Z = np.array([[-1e308, -800.0, -88.0, -20.0, 0.0, 20.0, 88.0, 800.0, 1e308]])
    out = np.empty_like(Z)
    Z32 = np.clip(Z, -3e38, 3e38).astype(np.float32)
    with np.errstate(all="raise"):
        A = activations.sigmoid(Z, out=out)
        A32 = activations.sigmoid(Z32)
    assert A is out and A[0, 0] == 0.0 and A[0, -1] == 1.0 and A[0, 4] == 0.5
    assert A32.dtype == np.float32 and A32[0, 0] == 0.0 and A32[0, -1] == 1.0
    np.testing.assert_allclose(A32[0, 3], math.exp(-20.0) / (1 + math.exp(-20.0)), rtol=1e-6)


@pytest.mark.parametrize("func", ["forward", "backward"])
def test_unknown_activation_raises_naming_activation(func):
    Z = np.zeros((1, 2))
    with pytest.raises(ValueError, match="activation.*'swish'"):
        if func == "forward":
            activations.forward("swish", Z)
        else:
            activations.backward("swish", Z.copy(), Z, Z)
