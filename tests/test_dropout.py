"""Inverted dropout: masks, the pure forward/backward, the network's dropout, the reseeding bug."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course2 import data, dropout
from course2.network import Network
from course2.training import train


# -- inverted dropout ------------------------------------------------------------------------------
@given(keep_prob=st.floats(0.05, 1.0), rows=st.integers(1, 50), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_inverted_dropout_mask_has_mean_one(keep_prob, rows, seed):
    """Each entry is 1/keep_prob with probability keep_prob, else 0: mean 1, variance (1 - k)/k.
    Over N = rows * 2000 entries the sample mean is within 5 standard errors (CLT) of 1."""
    D = dropout.dropout_mask((rows, 2000), keep_prob, seed)
    assert D.shape == (rows, 2000)
    assert set(np.unique(D)) <= {0.0, 1.0 / keep_prob}
    N = D.size
    se = math.sqrt((1 - keep_prob) / keep_prob / N)
    assert abs(D.mean() - 1.0) <= 5 * se + 1e-12
    assert abs(np.mean(D > 0) - keep_prob) <= 5 * math.sqrt(keep_prob * (1 - keep_prob) / N) + 1e-12


def test_network_dropout_keeps_the_expected_output():
    """With a linear output, E[A[L]] over dropout masks equals the no-dropout output."""
    gen = np.random.default_rng(5)
    net = Network([3, 30, 2], "tanh", "linear", rng=5)
    X = gen.normal(size=(3, 4))
    expected = net.forward(X)
    outs = np.stack([net.forward(X, keep_prob=0.6, rng=gen) for _ in range(3000)])
    se = outs.std(axis=0) / math.sqrt(len(outs))
    assert np.all(np.abs(outs.mean(axis=0) - expected) < 5 * se)
    # without the 1/keep_prob scaling the mean would be 0.6x the hidden contribution: far outside
    assert np.any(np.abs(outs.mean(axis=0) * 0.6 - expected) > 20 * se)


def test_masks_differ_between_iterations_and_the_reseeding_bug_repeats_them():
    gen = np.random.default_rng(0)
    fresh = [dropout.dropout_mask((20, 30), 0.5, gen) for _ in range(5)]
    reseeded = [dropout.dropout_mask((20, 30), 0.5, np.random.default_rng(0)) for _ in range(5)]
    assert all(not np.array_equal(a, b) for i, a in enumerate(fresh) for b in fresh[i + 1:])
    assert all(np.array_equal(reseeded[0], D) for D in reseeded)  # the bug: one mask forever
    # the same through the network's forward
    net = Network([3, 20, 1], "relu", rng=0)
    X = np.random.default_rng(1).normal(size=(3, 10))
    good = [net.forward(X, keep_prob=0.5, rng=gen) for _ in range(3)]
    bad = [net.forward(X, keep_prob=0.5, rng=np.random.default_rng(7)) for _ in range(3)]
    assert not np.array_equal(good[0], good[1]) and not np.array_equal(good[1], good[2])
    assert np.array_equal(bad[0], bad[1]) and np.array_equal(bad[1], bad[2])


def test_training_draws_a_fresh_mask_every_iteration():
    """With alpha tiny the parameters barely move, so the per-iteration costs differ only if the
    masks do: fresh masks give costs that spread; one reused mask would give ~identical costs."""
    X, Y = data.moons(64, rng=1)
    net = Network([2, 30, 1], "tanh", rng=1)
    h = train(net, X, Y, alpha=1e-12, num_iterations=20, keep_prob=0.5, rng=3)
    costs = np.array(h.cost)
    assert len(set(costs.round(12))) == 20
    assert costs.std() > 1e-3
    h_off = train(net.copy(), X, Y, alpha=1e-12, num_iterations=20, rng=3)
    assert np.ptp(h_off.cost) < 1e-9


def test_dropout_is_off_at_evaluation():
    net = Network([3, 20, 1], "relu", rng=2)
    X = np.random.default_rng(2).normal(size=(3, 50))
    plain = net.forward(X)
    net.forward(X, keep_prob=0.3, rng=0)  # a training forward just before
    np.testing.assert_array_equal(net.predict(X), (plain > 0.5).astype(int))
    assert all(np.array_equal(net.predict(X), net.predict(X)) for _ in range(3))
    # the training loop's recorded accuracy is measured without dropout
    Xm, Ym = data.moons(100, rng=0)
    net = Network([2, 20, 1], "relu", rng=0)
    h = train(net, Xm, Ym, alpha=0.1, num_iterations=30, keep_prob=0.5, rng=0)
    assert h.train_accuracy[-1] == np.mean(net.predict(Xm) == Ym)


def test_keep_prob_one_is_exactly_no_dropout():
    net = Network([3, 6, 5, 2], "sigmoid", "softmax", rng=3)
    X = np.random.default_rng(3).normal(size=(3, 8))
    Y = np.eye(2)[:, [0, 1] * 4]
    plain = net.forward(X)
    J = net.cost(Y)
    grads = [d.copy() for d in net.backward(Y)]
    np.testing.assert_array_equal(net.forward(X, keep_prob=1.0, rng=0), plain)
    np.testing.assert_array_equal(net.forward(X, keep_prob=[1.0, 1.0], rng=0), plain)
    assert net.cost(Y) == J
    for d, d0 in zip(net.backward(Y), grads):
        np.testing.assert_array_equal(d, d0)


def test_per_layer_keep_prob_drops_only_where_asked():
    net = Network([3, 40, 40, 1], "relu", rng=4)
    X = np.random.default_rng(4).normal(size=(3, 30))
    net.forward(X, keep_prob=[1.0, 0.5], rng=0)
    masks = net._cache[2]
    assert masks[0] is None and set(np.unique(masks[1])) == {0.0, 2.0}


@pytest.mark.parametrize("keep_prob", [0, 1.5, -0.1, np.nan])
def test_dropout_mask_bad_keep_prob(keep_prob):
    with pytest.raises(ValueError, match="keep_prob"):
        dropout.dropout_mask((2, 3), keep_prob, 0)


def test_forward_scales_kept_units_and_backward_uses_the_same_mask():
    A = np.arange(1.0, 13.0).reshape(3, 4)
    out, D = dropout.forward(A, 0.5, rng=3)
    assert set(np.unique(D)) <= {0.0, 1.0}
    np.testing.assert_array_equal(out, A * D / 0.5)
    dA = np.full_like(A, 2.0)
    np.testing.assert_array_equal(dropout.backward(dA, D, 0.5), dA * D / 0.5)
    same, D1 = dropout.forward(A, 1.0, rng=3)
    np.testing.assert_array_equal(same, A)
    assert np.all(D1 == 1.0)


def test_forward_draws_the_mask_of_dropout_mask():
    """One formula: forward's mask is the one dropout_mask draws from the same generator state."""
    A = np.ones((5, 7))
    _, D = dropout.forward(A, 0.7, rng=np.random.default_rng(11))
    np.testing.assert_array_equal(D > 0, dropout.dropout_mask((5, 7), 0.7, np.random.default_rng(11)) > 0)


def test_fresh_masks_differ_every_iteration_and_keep_units_at_keep_prob():
    masks = dropout.dropout_masks((20, 50), 0.8, 200, rng=1)
    same = np.all(masks[1:] == masks[:-1], axis=(1, 2))
    assert not same.any()
    assert abs(masks.mean() - 0.8) < 0.01


def test_reseeded_generator_reuses_one_mask():
    masks = dropout.dropout_masks((20, 50), 0.8, 200, rng=1, reseed_every_iteration=True)
    assert np.all(masks == masks[0])


def test_bad_input():
    with pytest.raises(TypeError, match="rng"):
        dropout.dropout_mask((2, 3), 0.5, None)
    with pytest.raises(TypeError, match="keep_prob"):
        dropout.check_keep_prob("0.5")
    with pytest.raises(ValueError, match="D must have the shape"):
        dropout.backward(np.ones((2, 3)), np.ones((3, 2)), 0.5)
    with pytest.raises(ValueError, match="0/1 mask"):
        dropout.backward(np.ones((2, 3)), np.full((2, 3), 2.0), 0.5)
    with pytest.raises(TypeError, match="int seed"):
        dropout.dropout_masks((2, 3), 0.5, 4, rng=np.random.default_rng(0), reseed_every_iteration=True)
    with pytest.raises(ValueError, match="keep_prob"):
        dropout.dropout_masks((2, 3), 0.0, 4, rng=0)
    with pytest.raises(ValueError, match="num_iterations"):
        dropout.dropout_masks((2, 3), 0.5, 0, rng=0)
    with pytest.raises(ValueError, match="shape"):
        dropout.dropout_masks((2, 0), 0.5, 3, rng=0)
    with pytest.raises(ValueError, match="keep_prob"):
        dropout.forward(np.ones((2, 2)), 1.5, rng=0)
