import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course2 import gradient_checking as gc
from course2.network import Network


# -- theta <-> params ------------------------------------------------------------------------------
@given(shapes=st.lists(st.tuples(st.integers(1, 5), st.integers(1, 5)), min_size=1, max_size=6),
       seed=st.integers(0, 2**32 - 1))
@settings(max_examples=50, deadline=None)
def test_params_to_vector_and_back_round_trip(shapes, seed):
    gen = np.random.default_rng(seed)
    params = [gen.normal(size=s) for s in shapes]
    theta = gc.params_to_vector(params)
    assert theta.shape == (sum(r * c for r, c in shapes),)
    # row-major, one array after the other
    np.testing.assert_array_equal(theta[: params[0].size], params[0].ravel())
    back = gc.vector_to_params(theta, shapes)
    assert len(back) == len(params)
    for p, q in zip(params, back):
        assert q.shape == p.shape
        np.testing.assert_array_equal(p, q)
        assert not np.shares_memory(q, theta)
    np.testing.assert_array_equal(gc.params_to_vector(back), theta)


def test_vector_and_params_bad_input():
    with pytest.raises(ValueError, match="theta has 5 entries but shapes"):
        gc.vector_to_params(np.zeros(5), [(2, 2)])
    with pytest.raises(ValueError, match="theta must be a 1-D"):
        gc.vector_to_params(np.zeros((2, 2)), [(2, 2)])
    with pytest.raises(ValueError, match="params must hold at least one"):
        gc.params_to_vector([])


# -- relative error, numerical gradient, verdict ---------------------------------------------------
def test_relative_error_formula():
    assert gc.relative_error([3.0, 4.0], [0.0, 0.0]) == 1.0
    np.testing.assert_allclose(gc.relative_error([1.0, 0.0], [0.0, 1.0]), np.sqrt(2) / 2)
    assert gc.relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert gc.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    # ||a - e|| / (||a|| + ||e||), not ||a - e|| / ||e|| nor anything without the difference (ERRATA #4)
    a, e = np.array([1.0, 2.0, 2.0]), np.array([1.0, 2.0, 2.3])
    np.testing.assert_allclose(gc.relative_error(a, e), 0.3 / (3.0 + np.linalg.norm(e)), rtol=1e-14)
    np.testing.assert_allclose(gc.relative_error(a.reshape(3, 1), e), gc.relative_error(a, e))  # flattened


def test_numerical_gradient_is_the_centered_difference():
    # J = sum(theta^3): the centered difference is exactly 3 theta^2 + eps^2 (divided by 2 eps, not 2 * eps)
    theta = np.array([1.0, -2.0, 0.5])
    eps = 1e-3
    approx = gc.numerical_gradient(lambda t: float(np.sum(t ** 3)), theta, eps)
    np.testing.assert_allclose(approx, 3 * theta ** 2 + eps ** 2, rtol=1e-9)
    np.testing.assert_array_equal(theta, [1.0, -2.0, 0.5])  # theta is not modified


def test_numerical_gradient_of_a_quadratic():
    gen = np.random.default_rng(0)
    M = gen.normal(size=(6, 6))
    M = M + M.T
    c = gen.normal(size=6)
    theta = gen.normal(size=6)
    approx = gc.numerical_gradient(lambda t: 0.5 * t @ M @ t + c @ t, theta)
    assert gc.relative_error(approx, M @ theta + c) < 1e-7


@pytest.mark.parametrize("epsilon", [0.0, -1e-7, np.nan])
def test_numerical_gradient_rejects_bad_epsilon(epsilon):
    with pytest.raises(ValueError, match="epsilon"):
        gc.numerical_gradient(lambda t: 0.0, np.zeros(2), epsilon)


@pytest.mark.parametrize("error, expected", [
    (0.0, "fine"), (1e-9, "fine"), (1e-7, "fine"), (1e-6, "fine"),
    (2e-6, "look closer"), (1e-5, "look closer"), (9.9e-4, "look closer"),
    (1e-3, "bug"), (0.5, "bug"), (1.0, "bug"),
])
def test_verdict_thresholds(error, expected):
    assert gc.verdict(error) == expected


# -- check_network: detection and location of planted bugs ----------------------------------------
def tanh_net(seed=0, sizes=(3, 5, 4, 1), m=6, output="sigmoid"):
    gen = np.random.default_rng(seed)
    net = Network(list(sizes), "tanh", output, init="lecun", rng=gen)
    for b in net.b:
        b[...] = gen.normal(0, 0.3, size=b.shape)
    X = gen.normal(size=(sizes[0], m))
    Y = (gen.random((sizes[-1], m)) < 0.5).astype(float)
    return net, X, Y


def reference_backward(net, X, Y, derivative_bug_at=None):
    """Backward written out from the formulas; with ``derivative_bug_at=l`` the tanh derivative
    of hidden layer l (1-based) gets a wrong sign: 1 + A^2 instead of 1 - A^2."""
    As, A = [X], X
    for l in range(net.L):
        Z = net.W[l] @ A + net.b[l]
        A = np.tanh(Z) if l < net.L - 1 else 1 / (1 + np.exp(-Z))
        As.append(A)
    m = X.shape[1]
    dZ = (As[-1] - Y) / m
    grads = []
    for l in range(net.L, 0, -1):
        grads = [dZ @ As[l - 1].T, dZ.sum(axis=1, keepdims=True)] + grads
        if l > 1:
            derivative = 1 + As[l - 1] ** 2 if derivative_bug_at == l - 1 else 1 - As[l - 1] ** 2
            dZ = (net.W[l - 1].T @ dZ) * derivative
    return grads


def test_correct_backward_passes_and_reports_every_parameter():
    net, X, Y = tanh_net()
    theta0 = net.get_params()
    result = gc.check_network(net, X, Y, lambd=0.5)
    assert result.relative_error < 1e-7 and result.verdict == "fine"
    assert [p.name for p in result.parameters] == net.param_names
    assert all(p.relative_error < 1e-6 for p in result.parameters)
    np.testing.assert_array_equal(net.theta, theta0)  # parameters restored
    net.forward(X)
    np.testing.assert_array_equal(result.exact, gc.params_to_vector(net.backward(Y, lambd=0.5)))
    assert result.approx.shape == result.exact.shape
    text = str(result)
    assert "fine" in text and all(name in text for name in net.param_names)


def test_reference_backward_agrees_with_the_network():
    net, X, Y = tanh_net(1)
    result = gc.check_network(net, X, Y, backward=lambda n, Y_, **_: reference_backward(n, X, Y_))
    assert result.relative_error < 1e-7


def test_planted_bug_dW2_doubled_is_located():
    net, X, Y = tanh_net(2)

    def doubled_dW2(n, Y_, *, lambd, penalty):
        grads = n.backward(Y_, lambd=lambd, penalty=penalty)
        n.dW[1] *= 2.0
        return grads

    result = gc.check_network(net, X, Y, backward=doubled_dW2)
    assert result.relative_error > 1e-3 and result.verdict == "bug"
    assert result.worst.name == "W[2]"
    flagged = {p.name for p in result.parameters if p.relative_error > 1e-3}
    assert flagged == {"W[2]"}
    np.testing.assert_allclose(result.worst.relative_error, 1 / 3, rtol=1e-5)  # |2g - g| / (|g| + |2g|)


def test_planted_bug_wrong_db1_is_located():
    net, X, Y = tanh_net(3)

    def wrong_db1(n, Y_, *, lambd, penalty):
        grads = n.backward(Y_, lambd=lambd, penalty=penalty)
        n.db[0] *= Y_.shape[1]  # forgot the 1/m in db[1]
        return grads

    result = gc.check_network(net, X, Y, backward=wrong_db1)
    assert result.relative_error > 1e-3
    assert result.worst.name == "b[1]"
    assert {p.name for p in result.parameters if p.relative_error > 1e-3} == {"b[1]"}


@pytest.mark.parametrize("bug_layer", [1, 2])
def test_planted_wrong_sign_in_an_activation_derivative_is_located(bug_layer):
    """A wrong derivative at hidden layer l spoils dW, db of layer l and of every layer below it,
    and leaves the layers above it right: the highest flagged layer is the buggy one."""
    net, X, Y = tanh_net(4, sizes=(3, 5, 4, 2), m=7)
    result = gc.check_network(net, X, Y, backward=lambda n, Y_, **_: reference_backward(
        n, X, Y_, derivative_bug_at=bug_layer))
    assert result.relative_error > 1e-3
    flagged = {p.name for p in result.parameters if p.relative_error > 1e-3}
    expected = {f"{p}[{l}]" for l in range(1, bug_layer + 1) for p in "Wb"}
    assert flagged == expected
    assert result.worst.name in expected
    assert all(p.relative_error < 1e-6 for p in result.parameters if p.name not in expected)


@pytest.mark.parametrize("penalty", ["l2", "l1"])
def test_regularization_is_included_in_J(penalty):
    """A backward that forgets the penalty gradient fails when lambd > 0 (and only the W's are off)."""
    net, X, Y = tanh_net(5)

    def forgets_penalty(n, Y_, *, lambd, penalty):
        return n.backward(Y_, lambd=0.0, penalty=penalty)

    result = gc.check_network(net, X, Y, lambd=2.0, penalty=penalty, backward=forgets_penalty)
    assert result.relative_error > 1e-3
    flagged = {p.name for p in result.parameters if p.relative_error > 1e-3}
    assert flagged == {"W[1]", "W[2]", "W[3]"}
    assert gc.check_network(net, X, Y, lambd=0.0, backward=forgets_penalty).relative_error < 1e-7
    assert gc.check_network(net, X, Y, lambd=2.0, penalty=penalty).relative_error < 1e-7


def test_dropout_needs_fixed_masks_and_a_backward_ignoring_them_is_caught():
    net, X, Y = tanh_net(6)
    with pytest.raises(ValueError, match="masks"):
        gc.check_network(net, X, Y, keep_prob=0.8)
    with pytest.raises(ValueError, match="masks"):
        gc.check_network(net, X, Y, keep_prob=[1.0, 0.5])
    masks = [(np.random.default_rng(0).random((n, 6)) < 0.8).astype(float) for n in (5, 4)]
    with pytest.raises(ValueError, match="keep_prob"):
        gc.check_network(net, X, Y, masks=masks)  # masks but keep_prob 1: which keep_prob were they drawn with?
    assert gc.check_network(net, X, Y, keep_prob=0.8, masks=masks).relative_error < 1e-7

    def ignores_masks(n, Y_, *, lambd, penalty):
        n.forward(X)  # recomputes the caches without dropout
        return n.backward(Y_, lambd=lambd, penalty=penalty)

    result = gc.check_network(net, X, Y, keep_prob=0.8, masks=masks, backward=ignores_masks)
    assert result.relative_error > 1e-3


def test_parameters_restored_even_when_backward_raises():
    net, X, Y = tanh_net(7)
    theta0 = net.get_params()

    def broken(n, Y_, **_):
        n.theta[...] = 0.0
        raise RuntimeError("student code crashed")

    with pytest.raises(RuntimeError, match="student code"):
        gc.check_network(net, X, Y, backward=broken)
    np.testing.assert_array_equal(net.theta, theta0)


def test_check_network_bad_input():
    net, X, Y = tanh_net(8)
    with pytest.raises(ValueError, match="X must have n_x"):
        gc.check_network(net, X[:2], Y)
    with pytest.raises(ValueError, match="Y must have shape"):
        gc.check_network(net, X, Y[:, :3])
    with pytest.raises(ValueError, match="lambd"):
        gc.check_network(net, X, Y, lambd=-1.0)
    with pytest.raises(ValueError, match="keep_prob"):
        gc.check_network(net, X, Y, keep_prob=0.0)
    with pytest.raises(ValueError, match="epsilon"):
        gc.check_network(net, X, Y, epsilon=0.0)
    with pytest.raises(ValueError, match="penalty"):
        gc.check_network(net, X, Y, lambd=1.0, penalty="l0")


def test_unknown_penalty_is_refused_before_any_work():
    """An unknown penalty name fails up front, naming the argument, and leaves theta untouched."""
    net = Network([2, 3, 1], "tanh", "sigmoid", rng=0)
    X = np.random.default_rng(1).standard_normal((2, 5))
    Y = (X[:1] > 0).astype(float)
    before = net.get_params()
    with pytest.raises(ValueError, match="penalty"):
        gc.check_network(net, X, Y, lambd=0.1, penalty="l3")
    np.testing.assert_array_equal(net.get_params(), before)


def test_one_sided_difference_is_the_forward_quotient_and_less_accurate():
    def J(t):
        return float(np.sum(t ** 3))

    theta = np.array([0.5, -1.0, 2.0])
    eps = 1e-3
    one = gc.numerical_gradient(J, theta, eps, difference="one-sided")
    expected = np.array([(J(theta + eps * e) - J(theta)) / eps for e in np.eye(3)])
    np.testing.assert_allclose(one, expected, rtol=1e-12)
    exact = 3 * theta ** 2
    centered = gc.numerical_gradient(J, theta, eps)
    assert np.max(np.abs(one - exact)) > 100 * np.max(np.abs(centered - exact))   # O(eps) against O(eps^2)
    with pytest.raises(ValueError, match="difference"):
        gc.numerical_gradient(J, theta, eps, difference="backward")
