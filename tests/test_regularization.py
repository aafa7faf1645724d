
import numpy as np
import pytest

from course2 import data, regularization
from course2.gradient_checking import numerical_gradient
from course2.network import Network
from course2.training import train


def some_weights(seed=0):
    gen = np.random.default_rng(seed)
    return [gen.normal(size=(4, 3)), gen.normal(size=(2, 4)), gen.normal(size=(1, 2))]


# -- penalties -------------------------------------------------------------------------------------
def test_l2_cost_is_lambd_over_2m_times_squared_frobenius_norms():
    Ws = some_weights()
    expected = 0.7 / (2 * 10) * sum(np.sum(W ** 2) for W in Ws)
    assert regularization.penalty_cost(Ws, 0.7, 10) == pytest.approx(expected, rel=1e-14)
    assert regularization.penalty_cost(Ws, 0.7, 10, "l2") == pytest.approx(
        0.7 / 20 * sum(np.linalg.norm(W, "fro") ** 2 for W in Ws), rel=1e-14)
    assert regularization.penalty_cost(Ws, 0.0, 10) == 0.0


def test_l1_cost_is_lambd_over_2m_times_sum_of_absolute_values():
    Ws = some_weights(1)
    expected = 0.7 / (2 * 10) * sum(np.sum(np.abs(W)) for W in Ws)
    assert regularization.penalty_cost(Ws, 0.7, 10, "l1") == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("penalty, formula", [
    ("l2", lambda W, lambd, m: lambd / m * W),
    ("l1", lambda W, lambd, m: lambd / (2 * m) * np.sign(W)),
])
def test_penalty_gradient_formula_and_derivative_of_the_cost(penalty, formula):
    W = some_weights(2)[0]
    dW = np.ones_like(W)
    regularization.add_penalty_gradient(dW, W, 0.9, 7, penalty)  # in place, added to what is there
    np.testing.assert_allclose(dW, 1.0 + formula(W, 0.9, 7), rtol=1e-14)
    numeric = numerical_gradient(lambda t: regularization.penalty_cost([t.reshape(W.shape)], 0.9, 7, penalty),
                                 W.ravel(), 1e-6)
    np.testing.assert_allclose(dW - 1.0, numeric.reshape(W.shape), rtol=1e-7, atol=1e-10)
    untouched = np.ones_like(W)
    regularization.add_penalty_gradient(untouched, W, 0.0, 7, penalty)
    np.testing.assert_array_equal(untouched, 1.0)


def test_biases_are_not_penalized():
    net = Network([3, 4, 1], "tanh", rng=0)
    net.b[0][...] = 5.0
    X, Y = np.random.default_rng(0).normal(size=(3, 6)), np.ones((1, 6))
    net.forward(X)
    db_plain = [d.copy() for d in net.backward(Y)[1::2]]
    db_l2 = net.backward(Y, lambd=3.0)[1::2]
    for a, b in zip(db_plain, db_l2):
        np.testing.assert_array_equal(a, b)
    assert net.cost(Y, lambd=3.0) - net.cost(Y) == pytest.approx(3.0 / 12 * sum(np.sum(W ** 2) for W in net.W))


# -- L2 = weight decay for plain gradient descent --------------------------------------------------
def test_one_gd_step_with_l2_equals_weight_decay():
    gen = np.random.default_rng(3)
    net = Network([3, 5, 4, 1], "relu", rng=3)
    X, Y = gen.normal(size=(3, 9)), (gen.random((1, 9)) < 0.5).astype(float)
    alpha, lambd, m = 0.3, 1.7, 9
    net.forward(X)
    dW_data = [d.copy() for d in net.backward(Y)[0::2]]
    dW_l2 = [d.copy() for d in net.backward(Y, lambd=lambd)[0::2]]
    for W, g_data, g_l2 in zip(net.W, dW_data, dW_l2):
        gd_step = W - alpha * g_l2
        decay = regularization.weight_decay_step(W, g_data, alpha=alpha, lambd=lambd, m=m)
        np.testing.assert_allclose(gd_step, decay, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(decay, (1 - alpha * lambd / m) * W - alpha * g_data, rtol=1e-15)
        assert not np.allclose(gd_step, W - alpha * g_data)  # the penalty did change the step


def test_the_training_loop_takes_the_weight_decay_step():
    gen = np.random.default_rng(4)
    X, Y = gen.normal(size=(2, 16)), (gen.random((1, 16)) < 0.5).astype(float)
    net = Network([2, 6, 1], "tanh", rng=4)
    before = net.copy()
    before.forward(X)
    dW_data = [d.copy() for d in before.backward(Y)[0::2]]
    train(net, X, Y, alpha=0.5, lambd=2.0, num_iterations=1)
    for W, W0, g in zip(net.W, before.W, dW_data):
        np.testing.assert_allclose(W, regularization.weight_decay_step(W0, g, alpha=0.5, lambd=2.0, m=16),
                                   rtol=1e-12, atol=1e-15)


# -- L1: honest sparsity ---------------------------------------------------------------------------
def test_soft_threshold_formula():
    W = np.array([[-3.0, -0.5, 0.0, 0.2, 0.5, 2.0]])
    np.testing.assert_array_equal(regularization.soft_threshold(W, 0.5), [[-2.5, 0.0, 0.0, 0.0, 0.0, 1.5]])
    # it is the proximal step: argmin_w (w - v)^2 / 2 + t |w|, checked on a fine grid
    grid = np.linspace(-4, 4, 80001)
    for v in W.ravel():
        best = grid[np.argmin((grid - v) ** 2 / 2 + 0.5 * np.abs(grid))]
        assert abs(best - regularization.soft_threshold(np.array([v]), 0.5)[0]) < 2e-4


def test_the_training_loop_takes_the_proximal_l1_step():
    """One step of train(penalty="l1", l1_proximal=True): a plain step on the data gradient, then
    soft-thresholding of the weights (not the biases) by alpha * lambd / (2m), the prox of the
    lecture's lambd/(2m) * sum |W|."""
    gen = np.random.default_rng(6)
    X, Y = gen.normal(size=(2, 16)), (gen.random((1, 16)) < 0.5).astype(float)
    net = Network([2, 6, 1], "tanh", rng=6)
    for b in net.b:
        b[...] = 0.01  # small biases must survive: they are not thresholded
    before = net.copy()
    before.forward(X)
    grads = [d.copy() for d in before.backward(Y)]
    alpha, lambd = 0.5, 20.0
    train(net, X, Y, alpha=alpha, lambd=lambd, penalty="l1", l1_proximal=True, num_iterations=1)
    threshold = alpha * lambd / (2 * 16)
    for l in range(2):
        expected_W = regularization.soft_threshold(before.W[l] - alpha * grads[2 * l], threshold)
        np.testing.assert_allclose(net.W[l], expected_W, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(net.b[l], before.b[l] - alpha * grads[2 * l + 1], rtol=1e-12, atol=1e-15)
    assert 0 < regularization.sparsity(net.W, tol=0) < 1


def test_sparsity_counts():
    Ws = [np.array([[0.0, 1e-4, -1e-3]]), np.array([[0.5, -2e-3]])]
    assert regularization.sparsity(Ws, tol=0) == 1 / 5
    assert regularization.sparsity(Ws, tol=1e-3) == 3 / 5
    assert regularization.sparsity(Ws) == 3 / 5


def test_l1_soft_thresholding_gives_exact_zeros_subgradient_does_not():
    """Same net, data, lambd and steps. Measured: proximal 45% exact zeros; subgradient 0.0% exact
    zeros, yet 45% below 1e-3 (its weights oscillate around 0 by ~alpha*lambd/2m and never land on it)."""
    X, Y = data.moons(200, noise=0.2, rng=0)
    nets = {}
    for prox in (True, False):
        nets[prox] = Network([2, 20, 20, 1], "relu", rng=0)
        h = train(nets[prox], X, Y, alpha=0.1, num_iterations=1000, lambd=1.0, penalty="l1", l1_proximal=prox)
        assert h.status == "completed" and h.train_accuracy[-1] > 0.85
    prox_zero = regularization.sparsity(nets[True].W, tol=0)
    sub_zero = regularization.sparsity(nets[False].W, tol=0)
    sub_small = regularization.sparsity(nets[False].W, tol=1e-3)
    assert prox_zero > 0.3
    assert sub_zero < 0.01
    assert sub_small > 0.3
    # without any penalty hardly anything is small
    plain = Network([2, 20, 20, 1], "relu", rng=0)
    train(plain, X, Y, alpha=0.1, num_iterations=1000)
    assert regularization.sparsity(plain.W, tol=1e-3) < 0.05


# -- bad input -------------------------------------------------------------------------------------
def test_bad_input():
    Ws = some_weights()
    with pytest.raises(ValueError, match="lambd"):
        regularization.penalty_cost(Ws, -0.1, 10)
    with pytest.raises(ValueError, match="penalty must be one of .*'l3'"):
        regularization.penalty_cost(Ws, 0.1, 10, "l3")
    with pytest.raises(ValueError, match="penalty.*'elastic'"):
        regularization.add_penalty_gradient(np.zeros((2, 2)), np.ones((2, 2)), 0.1, 10, "elastic")
    with pytest.raises(ValueError, match="lambd"):
        regularization.add_penalty_gradient(np.zeros((2, 2)), np.ones((2, 2)), -0.1, 10)
    with pytest.raises(ValueError, match="alpha"):
        regularization.weight_decay_step(Ws[0], Ws[0], alpha=0.0, lambd=0.1, m=10)
    with pytest.raises(ValueError, match="lambd"):
        regularization.weight_decay_step(Ws[0], Ws[0], alpha=0.1, lambd=-1.0, m=10)
    with pytest.raises(ValueError, match="threshold"):
        regularization.soft_threshold(Ws[0], -0.1)
    with pytest.raises(ValueError, match="tol"):
        regularization.sparsity(Ws, tol=-1e-3)
