"""Batch normalization: the formulas, the backward pass by centered differences, PyTorch's BatchNorm1d
(train and eval modes, running statistics after N steps, float64), and the clear errors."""

import numpy as np
import pytest

from course2 import batch_norm as bn
from course2.gradient_checking import numerical_gradient, relative_error


def batch(n=4, m=6, seed=0, scale=3.0, shift=5.0):
    gen = np.random.default_rng(seed)
    Z = gen.normal(size=(n, m)) * scale + shift
    gamma = gen.uniform(0.5, 2.0, size=(n, 1))
    beta_bn = gen.normal(size=(n, 1))
    return Z, gamma, beta_bn


def test_training_mode_normalizes_each_unit_over_the_batch_then_scales_and_shifts():
    Z, gamma, beta_bn = batch()
    Z_tilde, cache = bn.forward_train(Z, gamma, beta_bn)
    np.testing.assert_allclose(cache.Z_norm.mean(axis=1), 0.0, atol=1e-12)
    var = cache.Z_norm.var(axis=1)
    np.testing.assert_allclose(var, Z.var(axis=1) / (Z.var(axis=1) + bn.EPSILON), rtol=1e-12)   # ~1, below by epsilon
    np.testing.assert_allclose(Z_tilde, gamma * cache.Z_norm + beta_bn, rtol=1e-14)
    # mean and variance over the examples (axis 1 of the (n, m) layout), not over the units
    np.testing.assert_allclose(cache.mu[:, 0], Z.mean(axis=1))


def test_a_constant_added_to_z_changes_nothing_so_the_bias_is_redundant():
    Z, gamma, beta_bn = batch()
    a, _ = bn.forward_train(Z, gamma, beta_bn)
    b, _ = bn.forward_train(Z + np.array([[1.0], [-2.0], [30.0], [0.5]]), gamma, beta_bn)
    np.testing.assert_allclose(a, b, atol=1e-12)


@pytest.mark.parametrize("m", [3, 5, 17])   # (with m = 2, Z_norm is +-1 whatever Z: dZ ~ epsilon, too small to check)
def test_backward_matches_centered_differences(m):
    Z, gamma, beta_bn = batch(n=3, m=m, seed=m)
    R = np.random.default_rng(99).normal(size=Z.shape)          # J = sum(R * Z_tilde): any upstream dZ_tilde = R

    def J_of(Zv, g, b):
        out, _ = bn.forward_train(Zv, g, b)
        return float(np.sum(R * out))

    _, cache = bn.forward_train(Z, gamma, beta_bn)
    dZ, dgamma, dbeta = bn.backward(R, cache)
    num_Z = numerical_gradient(lambda v: J_of(v.reshape(Z.shape), gamma, beta_bn), Z.ravel(), 1e-6)
    num_g = numerical_gradient(lambda v: J_of(Z, v.reshape(gamma.shape), beta_bn), gamma.ravel(), 1e-6)
    num_b = numerical_gradient(lambda v: J_of(Z, gamma, v.reshape(beta_bn.shape)), beta_bn.ravel(), 1e-6)
    assert relative_error(num_Z, dZ.ravel()) < 1e-7
    assert relative_error(num_g, dgamma.ravel()) < 1e-7
    assert relative_error(num_b, dbeta.ravel()) < 1e-7
    np.testing.assert_allclose(dZ.sum(axis=1), 0.0, atol=1e-12)      # why db[l] is 0: dZ sums to 0 per unit


def test_running_averages_follow_the_lectures_ewma_and_eval_mode_uses_them():
    n = 3
    running = bn.RunningStats(n, beta=0.9)
    gamma, beta_bn = np.ones((n, 1)), np.zeros((n, 1))
    mean, var = np.zeros((n, 1)), np.ones((n, 1))
    for seed in range(5):
        Z, _, _ = batch(n=n, m=8, seed=seed)
        _, cache = bn.forward_train(Z, gamma, beta_bn)
        running.update(cache, 8)
        mean = 0.9 * mean + 0.1 * Z.mean(axis=1, keepdims=True)
        var = 0.9 * var + 0.1 * Z.var(axis=1, ddof=1, keepdims=True)
    np.testing.assert_allclose(running.mean, mean, rtol=1e-14)
    np.testing.assert_allclose(running.var, var, rtol=1e-14)
    Z, _, _ = batch(n=n, m=4, seed=10)
    np.testing.assert_allclose(bn.forward_eval(Z, gamma, beta_bn, running), (Z - mean) / np.sqrt(var + 1e-5),
                               rtol=1e-13)
    assert running.torch_momentum == pytest.approx(0.1)


@pytest.mark.torch
def test_matches_torch_batchnorm1d_in_train_and_eval_mode_after_n_steps(torch):
    n, beta = 4, 0.8
    layer = torch.nn.BatchNorm1d(n, momentum=1 - beta, eps=bn.EPSILON, dtype=torch.float64)
    gen = np.random.default_rng(3)
    gamma, beta_bn = gen.uniform(0.5, 2, size=(n, 1)), gen.normal(size=(n, 1))
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(gamma[:, 0]))
        layer.bias.copy_(torch.from_numpy(beta_bn[:, 0]))
    running = bn.RunningStats(n, beta=beta)
    for step in range(7):
        Z = gen.normal(size=(n, 5 + step)) * 2 + 1
        layer.train()
        Zt = torch.tensor(Z.T.copy(), requires_grad=True)          # torch: (m, n), one example per row
        out = layer(Zt)
        R = gen.normal(size=Z.shape)
        (out * torch.from_numpy(R.T.copy())).sum().backward()
        ours, cache = bn.forward_train(Z, gamma, beta_bn)
        running.update(cache, Z.shape[1])
        np.testing.assert_allclose(ours, out.detach().numpy().T, rtol=1e-12, atol=1e-12)
        dZ, dgamma, dbeta = bn.backward(R, cache)
        np.testing.assert_allclose(dZ, Zt.grad.numpy().T, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(dgamma[:, 0], layer.weight.grad.numpy(), rtol=1e-10)
        np.testing.assert_allclose(dbeta[:, 0], layer.bias.grad.numpy(), rtol=1e-10)
        layer.weight.grad = layer.bias.grad = None
    np.testing.assert_allclose(running.mean[:, 0], layer.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(running.var[:, 0], layer.running_var.numpy(), rtol=1e-12)
    layer.eval()
    Z = gen.normal(size=(n, 3))
    with torch.no_grad():
        theirs = layer(torch.from_numpy(Z.T.copy())).numpy().T
    np.testing.assert_allclose(bn.forward_eval(Z, gamma, beta_bn, running), theirs, rtol=1e-12, atol=1e-12)


def test_bad_input():
    Z, gamma, beta_bn = batch()
    with pytest.raises(ValueError, match="Z must hold at least 2 examples .*m = 1"):
        bn.forward_train(Z[:, :1], gamma, beta_bn)
    with pytest.raises(ValueError, match=r"gamma must have shape \(4, 1\)"):
        bn.forward_train(Z, gamma.T, beta_bn)
    with pytest.raises(ValueError, match="epsilon"):
        bn.forward_train(Z, gamma, beta_bn, epsilon=0.0)
    with pytest.raises(ValueError, match="no training step"):
        bn.forward_eval(Z, gamma, beta_bn, bn.RunningStats(4))
    with pytest.raises(ValueError, match="Z must contain only finite values"):
        bn.forward_train(np.full((2, 3), np.nan), np.ones((2, 1)), np.zeros((2, 1)))
    _, cache = bn.forward_train(Z, gamma, beta_bn)
    with pytest.raises(ValueError, match="dZ_tilde must have the shape"):
        bn.backward(Z[:, :2], cache)
    with pytest.raises(TypeError, match="cache"):
        bn.backward(Z, (1, 2))
    with pytest.raises(ValueError, match="beta must be in"):
        bn.RunningStats(4, beta=1.0)
    with pytest.raises(ValueError, match="cache is for 4 units"):
        bn.RunningStats(3).update(cache, 6)
