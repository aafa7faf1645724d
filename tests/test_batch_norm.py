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


# -- batch norm in the network (course2.network.Network(batch_norm=True)) ------------------------------
from course2 import optimizers  # noqa: E402
from course2.gradient_checking import check_network  # noqa: E402
from course2.network import Network  # noqa: E402
from course2.training import train  # noqa: E402


def bn_net(hidden="tanh", seed=1, sizes=(3, 4, 5, 1), **kw):
    gen = np.random.default_rng(seed + 100)
    net = Network(list(sizes), hidden, "sigmoid", rng=seed, batch_norm=True, **kw)
    for g, b in zip(net.gamma, net.beta_bn):      # away from gamma = 1, beta_bn = 0
        g[...] = gen.uniform(0.5, 2.0, g.shape)
        b[...] = gen.normal(size=b.shape)
    return net


def toy(n_x=3, m=12, seed=0):
    gen = np.random.default_rng(seed)
    X = gen.normal(size=(n_x, m)) * 2.0 + 1.0
    return X, (X[0:1] * X[1:2] > 0).astype(float)


def test_network_drops_b_on_normalized_layers_and_lays_gamma_and_beta_bn_out_in_theta():
    net = Network([3, 4, 5, 2], "relu", "softmax", rng=0, batch_norm=True)
    assert net.param_names == ["W[1]", "gamma[1]", "beta_bn[1]", "W[2]", "gamma[2]", "beta_bn[2]", "W[3]", "b[3]"]
    assert net.b[:2] == [None, None] and net.b[2].shape == (2, 1)
    assert net.theta.size == 12 + 2 * 4 + 20 + 2 * 5 + 10 + 2     # W[l] and (gamma, beta_bn) or b[L]
    np.testing.assert_array_equal(net.theta, np.concatenate([p.ravel() for p in net.params]))
    assert all(np.shares_memory(p, net.theta) for p in net.params)
    assert all(np.shares_memory(g, net.dtheta) for g in net.grads)
    assert all(np.all(g == 1) for g in net.gamma) and all(np.all(b == 0) for b in net.beta_bn)
    assert net.decay_mask == [True, False, False, True, False, False, True, False]
    assert Network([3, 4, 1], rng=0).decay_mask == [True, False, True, False]


def test_network_forward_is_the_pure_functions_layer_by_layer_in_both_modes():
    net, (X, _) = bn_net(), toy()
    A = net.forward(X)
    A_prev, caches = X, []
    for l in range(2):
        Zt, cache = bn.forward_train(net.W[l] @ A_prev, net.gamma[l], net.beta_bn[l])
        caches.append(cache)
        A_prev = np.tanh(Zt)
    np.testing.assert_allclose(A, 1 / (1 + np.exp(-(net.W[2] @ A_prev + net.b[2]))), rtol=1e-13)
    for (mu, var), c in zip(net.batch_statistics(), caches):
        np.testing.assert_allclose(mu, c.mu, rtol=1e-13)
        np.testing.assert_allclose(var, c.var, rtol=1e-13)
    A_prev = X
    for l in range(2):
        A_prev = np.tanh(bn.forward_eval(net.W[l] @ A_prev, net.gamma[l], net.beta_bn[l], net.running[l]))
    np.testing.assert_allclose(net.forward(X, mode="eval"), 1 / (1 + np.exp(-(net.W[2] @ A_prev + net.b[2]))),
                               rtol=1e-12)


@pytest.mark.parametrize("hidden", ["tanh", "sigmoid", "relu"])
def test_network_backward_matches_centered_differences_and_leaves_running_averages_alone(hidden):
    net, (X, Y) = bn_net(hidden, sizes=(3, 5, 4, 1)), toy(m=10)
    net.forward(X)                                   # one step so the running averages are not the start values
    before = [(r.mean.copy(), r.var.copy(), r.t) for r in net.running]
    result = check_network(net, X, Y, lambd=0.3)
    assert result.relative_error < 1e-7, result
    assert [c.name for c in result.parameters] == net.param_names
    for r, (mean, var, t) in zip(net.running, before):
        np.testing.assert_array_equal(r.mean, mean)
        np.testing.assert_array_equal(r.var, var)
        assert r.t == t


def test_network_backward_with_dropout_masks_matches_centered_differences():
    net, (X, Y) = bn_net("tanh"), toy(m=8)
    gen = np.random.default_rng(3)
    masks = [(gen.random((n, 8)) < 0.7).astype(float) for n in (4, 5)]
    assert check_network(net, X, Y, keep_prob=0.7, masks=masks).relative_error < 1e-7


def test_training_updates_running_averages_once_per_step_and_eval_uses_them():
    net, (X, Y) = bn_net(running_beta=0.5), toy(m=12)
    train(net, X, Y, alpha=0.1, num_iterations=3, batch_size=4, rng=0)
    assert net.steps_seen == 3
    # evaluation does not depend on the other examples of the batch: one example at a time gives the same
    one = np.hstack([net.forward(X[:, i: i + 1], mode="eval") for i in range(12)])
    np.testing.assert_allclose(one, net.forward(X, mode="eval"), rtol=1e-12)
    assert net.steps_seen == 3


def test_batch_norm_errors_are_clear():
    net, (X, Y) = bn_net(), toy(m=9)
    with pytest.raises(ValueError, match="no training step has updated them yet"):
        net.predict(X)
    with pytest.raises(ValueError, match="no training step"):
        net.forward(X, mode="eval")
    with pytest.raises(ValueError, match="at least 2 examples .*m = 1"):
        net.forward(X[:, :1])
    with pytest.raises(ValueError, match="batch_size = 4 with m = 9 gives a mini-batch of 1 example"):
        train(net, X, Y, alpha=0.1, num_iterations=3, batch_size=4, rng=0)
    with pytest.raises(ValueError, match="batch_size = 1"):
        train(net, X, Y, alpha=0.1, num_iterations=3, batch_size=1, rng=0)
    net.forward(X)
    net.forward(X, mode="eval")
    with pytest.raises(RuntimeError, match="training-mode forward"):
        net.backward(Y)
    with pytest.raises(ValueError, match="keep_prob must be 1 in evaluation mode"):
        net.forward(X, mode="eval", keep_prob=0.5, rng=0)
    with pytest.raises(ValueError, match="mode must be one of"):
        net.forward(X, mode="test")
    with pytest.raises(ValueError, match="at least one hidden layer for batch_norm"):
        Network([3, 1], rng=0, batch_norm=True)
    with pytest.raises(TypeError, match="batch_norm must be True or False"):
        Network([3, 2, 1], rng=0, batch_norm=1)
    with pytest.raises(ValueError, match="decay must hold one bool per parameter"):
        train(net, X, Y, alpha=0.1, num_iterations=1, decay=[True])


def test_adamw_decays_weights_only_and_a_gamma_with_zero_gradient_stays_put():
    net, (X, Y) = bn_net(), toy(m=12)
    gammas, betas = [g.copy() for g in net.gamma], [b.copy() for b in net.beta_bn]
    opt = optimizers.AdamW(alpha=0.01, weight_decay=0.5)
    decay = net.decay_mask
    net.forward(X)
    net.backward(Y)
    net.dtheta[...] = 0.0                               # no gradient: only the decay can move a parameter
    W0 = [W.copy() for W in net.W]
    opt.step(net.params, net.grads, decay=decay)
    for g, g0, b, b0 in zip(net.gamma, gammas, net.beta_bn, betas):
        np.testing.assert_array_equal(g, g0)
        np.testing.assert_array_equal(b, b0)
    for W, W0_ in zip(net.W, W0):
        np.testing.assert_allclose(W, (1 - 0.01 * 0.5) * W0_, rtol=1e-15)


def test_copy_and_get_state_carry_the_running_averages_and_early_stopping_restores_them():
    net, (X, Y) = bn_net(), toy(m=12)
    train(net, X, Y, alpha=0.1, num_iterations=2)
    state = net.get_state()
    twin = net.copy()
    np.testing.assert_array_equal(twin.forward(X, mode="eval"), net.forward(X, mode="eval"))
    train(net, X, Y, alpha=0.1, num_iterations=2)
    assert twin.steps_seen == 2 and net.steps_seen == 4
    net.set_state(state)
    np.testing.assert_array_equal(twin.forward(X, mode="eval"), net.forward(X, mode="eval"))
    # early stopping at the best evaluation: its parameters AND running averages come back
    net = bn_net()
    first = net.copy()
    h = train(net, X, Y, alpha=1.0, num_iterations=40, X_dev=X, Y_dev=Y, patience=1, eval_every=1,
              monitor="dev_cost")
    assert h.status == "stopped_early" and 1 < h.best_iteration < 40
    train(first, X, Y, alpha=1.0, num_iterations=h.best_iteration)
    np.testing.assert_array_equal(net.theta, first.theta)
    for r, r0 in zip(net.running, first.running):
        np.testing.assert_array_equal(r.mean, r0.mean)
        np.testing.assert_array_equal(r.var, r0.var)
