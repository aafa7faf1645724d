import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from course2.gradient_checking import check_network
from course2.network import Network

HIDDEN = ["relu", "tanh", "sigmoid", "linear"]
OUTPUTS = ["sigmoid", "softmax", "linear"]
MODES = ["plain", "l2", "l1", "dropout", "l2+dropout"]
# Gradient-check epsilon: 1e-6 balances truncation (~eps^2) and round-off (~1e-16/eps) so the
# correct backward sits near 1e-9, a hundred times below the 1e-7 bar (the lecture's 1e-7 gives
# ~1e-8: see test_lecture_epsilon_also_passes).
EPS = 1e-6


# -- helpers ---------------------------------------------------------------------------------------
def g(name, Z):
    return {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
            "linear": lambda z: z}[name](Z)


def reference_forward(weights, biases, hidden, output, X, masks=None):
    """The forward pass written out from the formulas, independent of course2.network."""
    A = X
    for l, (W, b) in enumerate(zip(weights, biases)):
        Z = W @ A + b
        if l < len(weights) - 1:
            A = g(hidden[l] if not isinstance(hidden, str) else hidden, Z)
            if masks is not None:
                A = A * masks[l]
        elif output == "sigmoid":
            A = 1 / (1 + np.exp(-Z))
        elif output == "softmax":
            E = np.exp(Z - Z.max(axis=0))
            A = E / E.sum(axis=0)
        else:
            A = Z
    return A


def reference_cost(A, Y, output):
    m = Y.shape[1]
    if output == "sigmoid":
        return -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    if output == "softmax":
        return -np.sum(Y * np.log(A)) / m
    return np.sum((A - Y) ** 2) / (2 * m)


def targets(gen, output, n_L, m):
    if output == "sigmoid":
        return (gen.random((n_L, m)) < 0.5).astype(float)
    if output == "softmax":
        return np.eye(n_L)[:, gen.integers(0, n_L, m)]
    return gen.normal(size=(n_L, m))


def random_case(seed, sizes, m, hidden, output, mode, keep_prob=0.7):
    """A network with random W (|W| >= 0.05, away from L1's kink) and random b, data, and masks.

    LeCun init keeps the logits moderate: with He, 4 linear layers can give softmax logits ~10, a
    gradient ~1e-4 and round-off in J alone near 1e-7 relative error (hypothesis found one)."""
    gen = np.random.default_rng(seed)
    net = Network(sizes, hidden, output, init="lecun", rng=gen)
    for W in net.W:
        W[...] = np.sign(W) * np.maximum(np.abs(W), 0.05) + (W == 0) * 0.05
    for b in net.b:
        b[...] = gen.normal(0, 0.5, size=b.shape)
    X = gen.normal(size=(sizes[0], m))
    Y = targets(gen, output, sizes[-1], m)
    kw = {"lambd": 0.0, "penalty": "l2", "keep_prob": 1.0, "masks": None}
    if "l2" in mode or "l1" in mode:
        kw.update(lambd=0.7, penalty="l1" if "l1" in mode else "l2")
    if "dropout" in mode and len(sizes) > 2:
        masks = [(gen.random((n, m)) < keep_prob).astype(float) for n in sizes[1:-1]]
        kw.update(keep_prob=keep_prob, masks=masks)
    return net, X, Y, kw


def relu_kink_nearby(net, X, kw, hidden):
    """True when some relu input |Z| < 1e-4: theta +- eps could straddle the corner."""
    net.forward(X, keep_prob=kw["keep_prob"], masks=kw["masks"])
    Zs = net._cache[1].Z[:-1]
    names = [hidden] * len(Zs) if isinstance(hidden, str) else hidden
    return any(name == "relu" and np.abs(Z).min() < 1e-4 for name, Z in zip(names, Zs))


architectures = st.tuples(
    st.lists(st.integers(1, 6), min_size=2, max_size=5),  # [n_x, n[1], ..., n[L]]: depth 1..4
    st.integers(1, 8),                                    # m
    st.integers(0, 2**32 - 1),                            # seed
)


# -- structure -------------------------------------------------------------------------------------
def test_shapes_and_layout():
    net = Network([3, 5, 4, 2], "tanh", "softmax", rng=0)
    assert net.L == 3
    assert [W.shape for W in net.W] == [(5, 3), (4, 5), (2, 4)]
    assert [b.shape for b in net.b] == [(5, 1), (4, 1), (2, 1)]
    assert net.theta.shape == (15 + 20 + 8 + 5 + 4 + 2,) and net.n_weights == 43
    assert net.dtheta.shape == net.theta.shape
    assert all(np.all(b == 0) for b in net.b)  # biases start at zero
    # theta is laid out W[1], b[1], W[2], b[2], ... (the params order, back to back)
    np.testing.assert_array_equal(net.theta, np.concatenate([p.ravel() for p in net.params]))
    np.testing.assert_array_equal(net.weights_vector(), np.concatenate([W.ravel() for W in net.W]))
    A = net.forward(np.ones((3, 7)))
    assert A.shape == (2, 7)
    grads = net.backward(np.eye(2)[:, [0, 1, 0, 1, 0, 1, 1]])
    assert [d.shape for d in grads] == [p.shape for p in net.params]


def test_params_grads_order_and_names():
    net = Network([2, 3, 3, 1], rng=0)
    assert net.param_names == ["W[1]", "b[1]", "W[2]", "b[2]", "W[3]", "b[3]"]
    assert [p.shape for p in net.params] == [(3, 2), (3, 1), (3, 3), (3, 1), (1, 3), (1, 1)]
    for p, W_or_b in zip(net.params, [net.W[0], net.b[0], net.W[1], net.b[1], net.W[2], net.b[2]]):
        assert p is W_or_b or np.shares_memory(p, W_or_b)
    for d, dW_or_db in zip(net.grads, [net.dW[0], net.db[0], net.dW[1], net.db[1], net.dW[2], net.db[2]]):
        assert np.shares_memory(d, dW_or_db)


def test_views_share_memory_with_theta():
    net = Network([2, 4, 3, 1], "relu", rng=1)
    for p in net.params:
        assert np.shares_memory(p, net.theta)
    for d in net.grads:
        assert np.shares_memory(d, net.dtheta)
    net.theta[...] = np.arange(net.theta.size)
    assert net.W[0][0, 0] == 0 and net.W[0][0, 1] == 1 and net.b[0][0, 0] == net.W[0].size
    net.W[1][2, 3] = -99.0
    assert np.count_nonzero(net.theta == -99.0) == 1
    net.theta *= 0
    assert all(np.all(p == 0) for p in net.params)
    # the returned gradients are the views into dtheta
    net.theta[...] = np.random.default_rng(0).normal(size=net.theta.size)
    X, Y = np.ones((2, 5)), np.ones((1, 5))
    net.forward(X)
    grads = net.backward(Y)
    np.testing.assert_array_equal(net.dtheta, np.concatenate([d.ravel() for d in net.grads]))
    assert np.any(net.dtheta != 0)
    assert all(np.shares_memory(d, net.dtheta) for d in grads)


def test_get_and_set_params_copy():
    net = Network([2, 3, 1], rng=2)
    saved = net.get_params()
    assert not np.shares_memory(saved, net.theta)
    net.theta += 1.0
    assert not np.allclose(net.theta, saved)
    net.set_params(saved)
    np.testing.assert_array_equal(net.theta, saved)


@pytest.mark.parametrize("output", OUTPUTS)
def test_from_params_round_trip_and_forward_matches_formulas(output):
    gen = np.random.default_rng(3)
    sizes = [3, 4, 5, 2]
    weights = [gen.normal(size=(n, k)) for k, n in zip(sizes[:-1], sizes[1:])]
    biases = [gen.normal(size=(n, 1)) for n in sizes[1:]]
    hidden = ["tanh", "relu"]
    net = Network.from_params(weights, [b.ravel() for b in biases], hidden, output)  # 1-D biases accepted
    assert net.layer_sizes == tuple(sizes) and net.hidden_activations == tuple(hidden)
    for W, W0 in zip(net.W, weights):
        np.testing.assert_array_equal(W, W0)
    for b, b0 in zip(net.b, biases):
        np.testing.assert_array_equal(b, b0)
    back = Network.from_params([W.copy() for W in net.W], [b.copy() for b in net.b], hidden, output)
    np.testing.assert_array_equal(back.theta, net.theta)
    X = gen.normal(size=(3, 9))
    A = net.forward(X)
    np.testing.assert_allclose(A, reference_forward(weights, biases, hidden, output, X), rtol=1e-13, atol=1e-15)
    Y = targets(gen, output, 2, 9)
    np.testing.assert_allclose(net.cost(Y), reference_cost(A, Y, output), rtol=1e-12)


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output", OUTPUTS)
def test_forward_and_cost_match_formulas(hidden, output):
    gen = np.random.default_rng(4)
    net = Network([4, 6, 3, 3], hidden, output, init="lecun", rng=gen)
    for b in net.b:
        b[...] = gen.normal(size=b.shape)
    X = gen.normal(size=(4, 11))
    Y = targets(gen, output, 3, 11)
    A = net.forward(X)
    ref = reference_forward(net.W, net.b, hidden, output, X)
    np.testing.assert_allclose(A, ref, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(net.cost(Y), reference_cost(ref, Y, output), rtol=1e-12)
    lam = 0.9
    l2 = lam / (2 * 11) * sum(np.sum(W ** 2) for W in net.W)
    l1 = lam / (2 * 11) * sum(np.sum(np.abs(W)) for W in net.W)
    np.testing.assert_allclose(net.cost(Y, lambd=lam), reference_cost(ref, Y, output) + l2, rtol=1e-12)
    np.testing.assert_allclose(net.cost(Y, lambd=lam, penalty="l1"), reference_cost(ref, Y, output) + l1,
                               rtol=1e-12)


def test_forward_returns_a_copy_not_the_workspace():
    net = Network([2, 3, 1], "tanh", rng=0)
    X = np.random.default_rng(0).normal(size=(2, 4))
    A1 = net.forward(X)
    A1_saved = A1.copy()
    net.forward(X * 5)
    np.testing.assert_array_equal(A1, A1_saved)


def test_sigmoid_cost_stays_finite_when_saturated():
    net = Network.from_params([np.array([[1000.0]])], [np.zeros(1)], output="sigmoid")
    net.forward(np.array([[1.0, -1.0]]))
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is harmless
        J = net.cost(np.array([[0.0, 1.0]]))
    np.testing.assert_allclose(J, 1000.0)  # each example costs |z| = 1000: -log(sigmoid(-1000)) = 1000


def test_batch_sizes_can_change_between_calls():
    """Work arrays are reused per batch size: results must not leak between sizes."""
    gen = np.random.default_rng(5)
    net = Network([3, 4, 2], "relu", "softmax", rng=5)
    Xs = {m: gen.normal(size=(3, m)) for m in (1, 3, 5, 7, 9, 11)}
    Ys = {m: targets(gen, "softmax", 2, m) for m in Xs}
    fresh = {}
    for m in Xs:
        other = net.copy()
        A = other.forward(Xs[m])
        fresh[m] = (A, other.cost(Ys[m]), [d.copy() for d in other.backward(Ys[m])])
    for m in [3, 5, 3, 1, 7, 9, 11, 3, 5]:  # more sizes than the workspace cache holds
        A = net.forward(Xs[m])
        np.testing.assert_array_equal(A, fresh[m][0])
        assert net.cost(Ys[m]) == fresh[m][1]
        for d, d0 in zip(net.backward(Ys[m]), fresh[m][2]):
            np.testing.assert_array_equal(d, d0)


def test_copy_is_independent():
    net = Network([2, 3, 1], "tanh", rng=6)
    X, Y = np.random.default_rng(6).normal(size=(2, 5)), np.ones((1, 5))
    net.forward(X)
    twin = net.copy()
    assert twin.layer_sizes == net.layer_sizes and twin.hidden_activations == net.hidden_activations
    np.testing.assert_array_equal(twin.theta, net.theta)
    assert not np.shares_memory(twin.theta, net.theta)
    assert all(np.shares_memory(p, twin.theta) for p in twin.params)
    assert all(np.shares_memory(d, twin.dtheta) for d in twin.grads)
    before = net.theta.copy()
    twin.W[0][...] += 1.0
    twin.b[1][...] -= 2.0
    np.testing.assert_array_equal(net.theta, before)
    # the copy has its own caches: a forward on the copy leaves the original's backward intact
    grads = [d.copy() for d in net.backward(Y)]
    net.forward(X)
    twin.forward(X * 3)
    twin.backward(Y)
    for d, d0 in zip(net.backward(Y), grads):
        np.testing.assert_array_equal(d, d0)
    with pytest.raises(RuntimeError, match="forward"):
        Network([2, 3, 1], rng=6).copy().backward(Y)


def test_predict():
    W = [np.array([[1.0, -1.0]])]
    X = np.array([[2.0, 0.0, -1.0, 0.5], [0.0, 1.0, -1.0, 0.0]])  # z = 2, -1, 0, 0.5
    pred = Network.from_params(W, [np.zeros(1)], output="sigmoid").predict(X)
    np.testing.assert_array_equal(pred, [[1, 0, 0, 1]])  # sigmoid(0) = 0.5 is not > 0.5
    assert pred.shape == (1, 4) and np.issubdtype(pred.dtype, np.integer)
    W3 = [np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]])]
    pred = Network.from_params(W3, [np.zeros(3)], output="softmax").predict(X)
    np.testing.assert_array_equal(pred, [[0, 1, 2, 0]])
    assert pred.shape == (1, 4)
    pred = Network.from_params(W, [np.array([0.5])], output="linear").predict(X)
    np.testing.assert_allclose(pred, [[2.5, -0.5, 0.5, 1.0]])


def test_relu_derivative_at_the_kink_is_zero_inside_the_network():
    """A dead unit (b = 0) feeds Z[2] = 0 exactly into a ReLU: relu'(0) = 0 (PyTorch's convention),
    so no gradient reaches b[2] and W[1], b[1] (dW[2] is 0 anyway: A[1] = 0)."""
    net = Network.from_params([np.array([[-1.0]]), np.array([[2.0]]), np.array([[1.5]])],
                              [np.zeros(1), np.zeros(1), np.zeros(1)], "relu", "sigmoid")
    net.forward(np.array([[1.0, 2.0]]))
    assert np.all(net._cache[1].Z[1] == 0)
    grads = net.backward(np.array([[1.0, 1.0]]))
    assert grads[3][0, 0] == 0.0 and grads[1][0, 0] == 0.0   # db[2], db[1]
    assert grads[5][0, 0] == pytest.approx(-0.5)           # db[3] = ((0.5 - 1) + (0.5 - 1)) / m, m = 2


def test_float32_network_agrees_with_float64():
    net64 = Network([3, 5, 1], "tanh", rng=7)
    net32 = Network.from_params(net64.W, net64.b, "tanh", dtype=np.float32)
    X = np.random.default_rng(7).normal(size=(3, 6))
    Y = np.ones((1, 6))
    A32 = net32.forward(X)
    assert A32.dtype == np.float32 and net32.theta.dtype == np.float32
    np.testing.assert_allclose(A32, net64.forward(X), rtol=1e-5)
    for d32, d64 in zip(net32.backward(Y), net64.backward(Y)):
        np.testing.assert_allclose(d32, d64, rtol=1e-4, atol=1e-6)


def test_fresh_dropout_masks_each_forward_and_fixed_masks_reproduce():
    net = Network([3, 50, 1], "tanh", rng=8)
    X = np.random.default_rng(8).normal(size=(3, 20))
    gen = np.random.default_rng(0)
    A1 = net.forward(X, keep_prob=0.5, rng=gen)
    A2 = net.forward(X, keep_prob=0.5, rng=gen)
    assert not np.allclose(A1, A2)
    D = (np.random.default_rng(1).random((50, 20)) < 0.5).astype(float)
    A3 = net.forward(X, keep_prob=0.5, masks=[D])
    A4 = net.forward(X, keep_prob=0.5, masks=[D * 2.0])  # an already scaled mask is used as given
    np.testing.assert_array_equal(A3, A4)
    np.testing.assert_allclose(A3, reference_forward(net.W, net.b, "tanh", "sigmoid", X, masks=[D / 0.5]),
                               rtol=1e-13)


# -- gradient checking of every backward ------------------------------------------------------------
@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output", OUTPUTS)
@given(arch=architectures, mode=st.sampled_from(MODES))
@settings(max_examples=20, deadline=None)
def test_backward_passes_gradient_checking(hidden, output, arch, mode):
    sizes, m, seed = arch
    if output == "softmax":
        sizes = [*sizes[:-1], max(2, sizes[-1])]
    net, X, Y, kw = random_case(seed, sizes, m, hidden, output, mode)
    assume(not relu_kink_nearby(net, X, kw, hidden))
    result = check_network(net, X, Y, epsilon=EPS, **kw)
    assert result.relative_error < 1e-7, str(result)
    assert np.linalg.norm(result.exact) > 0


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("mode", MODES)
def test_every_combination_passes_gradient_checking(hidden, output, mode):
    """Each activation x output/loss x (no penalty, L2, L1, fixed dropout mask), explicitly."""
    net, X, Y, kw = random_case(11, [3, 4, 5, 3], 6, hidden, output, mode)
    assert not relu_kink_nearby(net, X, kw, hidden)
    result = check_network(net, X, Y, epsilon=EPS, **kw)
    assert result.relative_error < 1e-7, str(result)
    assert all(p.relative_error < 1e-6 for p in result.parameters), str(result)


@given(arch=architectures, data=st.data())
@settings(max_examples=40, deadline=None)
def test_mixed_hidden_activations_pass_gradient_checking(arch, data):
    sizes, m, seed = arch
    hidden = data.draw(st.lists(st.sampled_from(HIDDEN), min_size=len(sizes) - 2, max_size=len(sizes) - 2))
    output = data.draw(st.sampled_from(OUTPUTS))
    mode = data.draw(st.sampled_from(MODES))
    if output == "softmax":
        sizes = [*sizes[:-1], max(2, sizes[-1])]
    net, X, Y, kw = random_case(seed, sizes, m, hidden, output, mode)
    assume(not relu_kink_nearby(net, X, kw, hidden))
    result = check_network(net, X, Y, epsilon=EPS, **kw)
    assert result.relative_error < 1e-7, str(result)


def test_softmax_with_soft_targets_passes_gradient_checking():
    """Targets that are probabilities (columns summing to 1), not only one-hot."""
    gen = np.random.default_rng(12)
    net = Network([3, 4, 4], "tanh", "softmax", rng=gen)
    X = gen.normal(size=(3, 5))
    Y = gen.random((4, 5))
    Y /= Y.sum(axis=0)
    assert check_network(net, X, Y, lambd=0.3, epsilon=EPS).relative_error < 1e-7


def test_lecture_epsilon_also_passes():
    net, X, Y, kw = random_case(13, [4, 5, 3, 1], 8, "tanh", "sigmoid", "l2+dropout")
    assert check_network(net, X, Y, **kw).relative_error < 1e-7  # epsilon = 1e-7, the lecture's


# -- bad input -------------------------------------------------------------------------------------
@pytest.fixture
def net_xy():
    net = Network([3, 4, 2], "relu", "sigmoid", rng=0)
    X = np.random.default_rng(0).normal(size=(3, 5))
    Y = np.ones((2, 5))
    return net, X, Y


def test_X_with_wrong_n_x(net_xy):
    net, X, _ = net_xy
    with pytest.raises(ValueError, match=r"X must have n_x = 3 rows.*\(4, 5\)"):
        net.forward(np.ones((4, 5)))
    with pytest.raises(ValueError, match="X"):
        net.predict(X.T)


def test_X_and_Y_column_mismatch(net_xy):
    net, X, Y = net_xy
    net.forward(X)
    with pytest.raises(ValueError, match=r"Y must have shape \(2, 5\).*\(2, 6\)"):
        net.backward(np.ones((2, 6)))
    with pytest.raises(ValueError, match="Y must have shape"):
        net.cost(np.ones((2, 4)))
    with pytest.raises(ValueError, match="Y must have shape"):
        check_network(net, X, np.ones((2, 6)))


def test_Y_with_wrong_rows(net_xy):
    net, X, _ = net_xy
    net.forward(X)
    with pytest.raises(ValueError, match=r"Y must have shape \(2, 5\).*\(1, 5\)"):
        net.backward(np.ones((1, 5)))
    with pytest.raises(ValueError, match="Y must be a 2-D array"):
        net.cost(np.ones(5))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_X(net_xy, bad):
    net, X, _ = net_xy
    X[1, 2] = bad
    with pytest.raises(ValueError, match="X must contain only finite values"):
        net.forward(X)
    with pytest.raises(ValueError, match="X must contain only finite"):
        net.predict(X)


def test_non_finite_Y(net_xy):
    net, X, Y = net_xy
    net.forward(X)
    Y[0, 0] = np.nan
    with pytest.raises(ValueError, match="Y must contain only finite"):
        net.backward(Y)


def test_empty_X(net_xy):
    net, _, _ = net_xy
    with pytest.raises(ValueError, match="X must not be empty"):
        net.forward(np.ones((3, 0)))
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        net.forward(np.ones(3))


@pytest.mark.parametrize("keep_prob", [0, 0.0, 1.5, -0.1, np.nan])
def test_keep_prob_outside_0_1(net_xy, keep_prob):
    net, X, _ = net_xy
    with pytest.raises(ValueError, match="keep_prob"):
        net.forward(X, keep_prob=keep_prob, rng=0)


def test_keep_prob_per_layer_checks(net_xy):
    net, X, _ = net_xy
    with pytest.raises(ValueError, match="keep_prob must be one value or one per hidden layer"):
        net.forward(X, keep_prob=[0.5, 0.5], rng=0)
    with pytest.raises(ValueError, match=r"keep_prob\[0\]"):
        net.forward(X, keep_prob=[1.5], rng=0)
    with pytest.raises(TypeError, match="keep_prob"):
        net.forward(X, keep_prob="0.5", rng=0)


def test_dropout_needs_rng_or_masks(net_xy):
    net, X, _ = net_xy
    with pytest.raises(ValueError, match="rng"):
        net.forward(X, keep_prob=0.5)
    with pytest.raises(TypeError, match="rng"):
        net.forward(X, keep_prob=0.5, rng="seed")
    with pytest.raises(ValueError, match=r"masks\[0\] must have shape \(4, 5\)"):
        net.forward(X, keep_prob=0.5, masks=[np.ones((4, 6))])
    with pytest.raises(ValueError, match="masks must hold one array per hidden layer"):
        net.forward(X, keep_prob=0.5, masks=[np.ones((4, 5))] * 2)


@pytest.mark.parametrize("lambd", [-0.1, -1, np.inf, np.nan])
def test_negative_or_non_finite_lambd(net_xy, lambd):
    net, X, Y = net_xy
    net.forward(X)
    with pytest.raises(ValueError, match="lambd"):
        net.backward(Y, lambd=lambd)
    with pytest.raises(ValueError, match="lambd"):
        net.cost(Y, lambd=lambd)
    with pytest.raises(ValueError, match="lambd"):
        check_network(net, X, Y, lambd=lambd)


def test_unknown_names():
    with pytest.raises(ValueError, match="activation must be one of .*'swish'"):
        Network([2, 3, 1], "swish")
    with pytest.raises(ValueError, match=r"activation\[1\].*'gelu'"):
        Network([2, 3, 3, 1], ["relu", "gelu"])
    with pytest.raises(ValueError, match="activation must be one name or a list of 2"):
        Network([2, 3, 3, 1], ["relu"])
    with pytest.raises(ValueError, match="output must be one of .*'softplus'"):
        Network([2, 3, 1], "relu", "softplus")
    with pytest.raises(ValueError, match="init must be one of .*'uniform'"):
        Network([2, 3, 1], init="uniform")
    with pytest.raises(ValueError, match="scale"):
        Network([2, 3, 1], init="random", scale=-1.0)
    with pytest.raises(ValueError, match="dtype"):
        Network([2, 3, 1], dtype=np.int64, rng=0)
    net = Network([2, 3, 1], rng=0)
    X, Y = np.ones((2, 4)), np.ones((1, 4))
    net.forward(X)
    with pytest.raises(ValueError, match="penalty must be one of .*'l3'"):
        net.backward(Y, lambd=1.0, penalty="l3")
    with pytest.raises(ValueError, match="penalty.*'l3'"):
        net.cost(Y, lambd=1.0, penalty="l3")


@pytest.mark.parametrize("sizes", [[2, 0, 1], [0, 3, 1], [2, 3, 0], [3], [], [2, -1, 1]])
def test_bad_layer_sizes(sizes):
    with pytest.raises(ValueError, match="layer_sizes"):
        Network(sizes, rng=0)


@pytest.mark.parametrize("sizes", [[2, 2.5, 1], 5, None])
def test_layer_sizes_of_wrong_type(sizes):
    with pytest.raises(TypeError, match="layer_sizes"):
        Network(sizes, rng=0)


def test_drawn_initial_weights_need_a_seed():
    with pytest.raises(ValueError, match="rng .*'he'"):
        Network([2, 3, 1])
    assert np.all(Network([2, 3, 1], init="zeros").theta == 0)      # zeros draws nothing


def test_backward_or_cost_before_forward():
    net = Network([2, 3, 1], rng=0)
    with pytest.raises(RuntimeError, match=r"call forward\(X\) before"):
        net.backward(np.ones((1, 4)))
    with pytest.raises(RuntimeError, match="forward"):
        net.cost(np.ones((1, 4)))


def test_set_params_and_from_params_check_shapes():
    net = Network([2, 3, 1], rng=0)
    with pytest.raises(ValueError, match="theta must have shape"):
        net.set_params(np.zeros(net.theta.size + 1))
    with pytest.raises(ValueError, match=r"weights\[1\] \(W\[2\]\) must have shape"):
        Network.from_params([np.ones((3, 2)), np.ones((1, 4))], [np.zeros(3), np.zeros(1)])
    with pytest.raises(ValueError, match="biases must have 2 entries"):
        Network.from_params([np.ones((3, 2)), np.ones((1, 3))], [np.zeros(3)])
    with pytest.raises(ValueError, match=r"biases\[0\] \(b\[1\]\) must have shape"):
        Network.from_params([np.ones((3, 2)), np.ones((1, 3))], [np.zeros(2), np.zeros(1)])
    with pytest.raises(ValueError, match="weights must hold at least one"):
        Network.from_params([], [])


@pytest.mark.parametrize(
    ("output", "Y", "match"),
    [
        ("softmax", np.array([[1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]), "column 0 sums to 2"),
        ("softmax", np.array([[0.0, 0.0, 0.0], [0.0, 1.0, 1.0]]), "column 0 sums to 0"),
        ("sigmoid", np.array([[0.0, 1.0, 2.0], [0.0, 1.0, 1.0]]), r"\[0, 1\]"),
        ("softmax", np.array([[-0.5, 0.0, 1.0], [1.5, 1.0, 0.0]]), r"\[0, 1\]"),
    ],
)
def test_targets_outside_what_the_loss_means_are_refused(output, Y, match):
    """Cross-entropy's backward (A - Y)/m assumes 0/1 labels, and for softmax columns summing to 1."""
    net = Network([2, 3, 2], "tanh", output, rng=0)
    X = np.zeros((2, 3))
    net.forward(X)
    with pytest.raises(ValueError, match=match):
        net.backward(Y)


def test_soft_probability_targets_are_accepted_for_softmax():
    net = Network([2, 3, 2], "tanh", "softmax", rng=0)
    X = np.zeros((2, 3))
    net.forward(X)
    net.backward(np.array([[0.25, 0.5, 1.0], [0.75, 0.5, 0.0]]))
