import math

import numpy as np
import pytest

from course2 import initialization as init
from course2.network import Network
from course2.training import train

# Non-square layers so that He, LeCun and Glorot all give different variances:
#   W[1] (600, 400): he 2/400, lecun 1/400, glorot 2/1000;  W[2] (200, 600): he 2/600, lecun 1/600, glorot 2/800
SIZES = [400, 600, 200]
VARIANCE = {
    "he": lambda n_in, n_out: 2 / n_in,
    "lecun": lambda n_in, n_out: 1 / n_in,
    "xavier": lambda n_in, n_out: 1 / n_in,
    "glorot": lambda n_in, n_out: 2 / (n_in + n_out),
    "random": lambda n_in, n_out: 0.05 ** 2,
}


@pytest.mark.parametrize("name", sorted(VARIANCE))
def test_init_std_formulas(name):
    for n_in, n_out in [(400, 600), (600, 200), (3, 1)]:
        assert init.init_std(name, n_in, n_out, scale=0.05) == pytest.approx(math.sqrt(VARIANCE[name](n_in, n_out)),
                                                                              rel=1e-15)
    assert init.init_std("zeros", 400, 600) == 0.0


@pytest.mark.parametrize("name", sorted(VARIANCE))
def test_per_layer_variance_matches_formula(name):
    """Sample variance of N = n[l] * n[l-1] draws: for normal draws its relative standard error is
    sqrt(2 / (N - 1)) (~0.2-0.3% here); we allow 5 of those, so a wrong formula (a factor of 2 or
    n[l] for n[l-1]) fails by hundreds of standard errors while the test cannot flake."""
    weights = init.initialize_weights(SIZES, name, rng=0, scale=0.05)
    assert [W.shape for W in weights] == [(600, 400), (200, 600)]
    for W, n_in, n_out in zip(weights, SIZES[:-1], SIZES[1:]):
        N = W.size
        sigma2 = VARIANCE[name](n_in, n_out)
        assert abs(W.var(ddof=1) / sigma2 - 1) < 5 * math.sqrt(2 / (N - 1))
        assert abs(W.mean()) < 5 * math.sqrt(sigma2 / N)


@pytest.mark.parametrize("name", ["he", "lecun", "glorot", "random"])
def test_draws_are_normal_not_uniform(name):
    W = np.concatenate([w.ravel() for w in init.initialize_weights(SIZES, name, rng=1, scale=0.05)[:1]])
    N = W.size
    z = (W - W.mean()) / W.std()
    # rand() (uniform on [0, 1)) would give no negative values, kurtosis 1.8 and 57.7% within one sigma
    assert abs(np.mean(W < 0) - 0.5) < 5 * 0.5 / math.sqrt(N)
    assert abs(np.mean(z ** 4) - 3.0) < 5 * math.sqrt(24 / N)
    assert abs(np.mean(np.abs(z) < 1) - 0.6827) < 5 * math.sqrt(0.6827 * 0.3173 / N)
    assert abs(np.mean(z ** 3)) < 5 * math.sqrt(6 / N)


def test_zeros_and_random_scale():
    assert all(np.all(W == 0) for W in init.initialize_weights([3, 4, 2], "zeros", rng=0))
    W = init.initialize_weights([300, 400], "random", rng=0, scale=0.01)[0]
    assert abs(W.std() / 0.01 - 1) < 5 * math.sqrt(1 / (2 * W.size))  # the course's randn * 0.01


def test_xavier_is_lecun_and_seeds_are_reproducible():
    a = init.initialize_weights([5, 4, 3], "xavier", rng=3)
    b = init.initialize_weights([5, 4, 3], "lecun", rng=3)
    c = init.initialize_weights([5, 4, 3], "lecun", rng=4)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    assert not np.allclose(a[0], c[0])
    gen = np.random.default_rng(5)
    first, second = init.initialize_weights([5, 4], "he", rng=gen), init.initialize_weights([5, 4], "he", rng=gen)
    assert not np.allclose(first[0], second[0])  # a Generator advances


def test_network_uses_the_initializer_and_zero_biases():
    net = Network([400, 600, 200], "relu", init="he", rng=7)
    for W, W0 in zip(net.W, init.initialize_weights([400, 600, 200], "he", rng=7)):
        np.testing.assert_array_equal(W, W0)
    assert all(np.all(b == 0) for b in net.b)


@pytest.mark.parametrize("hidden", ["sigmoid", "tanh", "relu"])
def test_zeros_init_never_breaks_symmetry(hidden):
    gen = np.random.default_rng(0)
    X = gen.normal(size=(2, 60))
    Y = (X[0:1] * X[1:2] > 0).astype(float)  # XOR-like: needs several different hidden units
    net = Network([2, 4, 1], hidden, "sigmoid", init="zeros")
    train(net, X, Y, alpha=0.5, num_iterations=200)
    W1, b1, W2 = net.W[0], net.b[0], net.W[1]
    np.testing.assert_array_equal(W1, np.broadcast_to(W1[0], W1.shape))  # every hidden unit identical
    np.testing.assert_array_equal(b1, b1[0, 0])
    np.testing.assert_array_equal(W2, W2[0, 0])
    if hidden == "sigmoid":  # sigmoid(0) = 0.5: the weights do move, but all together
        assert np.abs(W2).min() > 1e-3 and np.abs(W1).max() > 1e-6
    # whereas random init breaks the symmetry
    net = Network([2, 4, 1], hidden, "sigmoid", init="he", rng=0)
    train(net, X, Y, alpha=0.5, num_iterations=200)
    assert np.min(np.ptp(net.W[0], axis=0)) > 1e-3


# -- "He keeps 50 ReLU layers stable" --------------------------------------------------------------
DEEP = [100] * 51  # 50 layers of width 100


def test_activation_scales_first_layer_and_shape():
    s = init.activation_scales(DEEP, "relu", "he", m=200, rng=0)
    assert s.shape == (50,)
    # Z[1] ~ N(0, 2) under He with standard-normal inputs; std(relu(z)) = sigma * sqrt(1/2 - 1/(2 pi))
    assert s[0] == pytest.approx(math.sqrt(2) * math.sqrt(0.5 - 1 / (2 * math.pi)), rel=0.05)


def test_he_keeps_50_relu_layers_stable():
    ratios, spreads = [], []
    for seed in range(16):
        s = init.activation_scales(DEEP, "relu", "he", m=200, rng=seed)
        ratios.append(s[-1] / s[0])
        spreads.append(max(s.max() / s[0], s[0] / s.min()))
    ratios = np.array(ratios)
    # He preserves E[A^2] on average over draws of W (200 nets: mean of ratio^2 = 1.005); one
    # finite-width net wanders (200 nets: median ratio 0.60, 90% between 0.15 and 1.9)
    assert 0.5 < np.mean(ratios ** 2) < 2.0
    assert 0.3 < np.median(ratios) < 1.5
    assert max(spreads) < 10  # never more than a factor of 10 from layer 1, at any layer


@pytest.mark.parametrize("scale, verb", [(0.01, "vanishes"), (1.0, "explodes")])
def test_fixed_scale_vanishes_or_explodes_by_the_predicted_factor(scale, verb):
    """For ReLU each layer multiplies the std by sqrt(n * scale^2 / 2): 0.0707 or 7.07 for n = 100."""
    s = init.activation_scales(DEEP, "relu", "random", scale=scale, m=200, rng=0)
    predicted = 49 * math.log10(scale * math.sqrt(100 / 2))  # log10(std(A[50]) / std(A[1]))
    assert abs(math.log10(s[-1] / s[0]) - predicted) < 1.0
    if verb == "vanishes":
        assert s[-1] < 1e-50
    else:
        assert s[-1] > 1e40


def test_activation_scales_overflow_is_inf_not_a_warning():
    with np.errstate(all="raise"):
        s = init.activation_scales([50] * 101, "relu", "random", scale=50.0, m=10, rng=0)
    assert np.isinf(s[-1]) and np.all(s[:5] < np.inf)


def test_tanh_with_lecun_stays_away_from_zero_and_from_saturation():
    s = init.activation_scales(DEEP, "tanh", "lecun", m=200, rng=0)
    small = init.activation_scales(DEEP, "tanh", "random", scale=0.01, m=200, rng=0)
    assert 0.02 < s[-1] < 0.9 and small[-1] < 1e-40


# -- bad input -------------------------------------------------------------------------------------
def test_bad_input():
    with pytest.raises(ValueError, match="init must be one of .*'uniform'"):
        init.initialize_weights([2, 3], "uniform", rng=0)
    with pytest.raises(ValueError, match="init"):
        init.init_std("kaiming", 2, 3)
    with pytest.raises(ValueError, match="scale"):
        init.initialize_weights([2, 3], "random", rng=0, scale=-0.01)
    with pytest.raises(ValueError, match=r"layer_sizes\[1\]"):
        init.initialize_weights([2, 0], "he", rng=0)
    with pytest.raises(ValueError, match="layer_sizes"):
        init.initialize_weights([2], "he", rng=0)
    with pytest.raises(ValueError, match="rng"):
        init.initialize_weights([2, 3], "he", rng=None)
    with pytest.raises(TypeError, match="rng"):
        init.initialize_weights([2, 3], "he", rng=-1)
    with pytest.raises(ValueError, match="activation"):
        init.activation_scales([2, 3], "softmax", "he", rng=0)
    with pytest.raises(ValueError, match="m must be"):
        init.activation_scales([2, 3], "relu", "he", m=1, rng=0)
    with pytest.raises(ValueError, match="init"):
        init.activation_scales([2, 3], "relu", "orthogonal", rng=0)
