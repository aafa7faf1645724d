"""A batch-normalized network against PyTorch (CPU, float64): Linear(bias=False) -> BatchNorm1d -> g
per hidden layer, Linear -> sigmoid + BCE at the output.

Conventions mapped explicitly:
  layout          ours is (n, m) with one example per column; torch's BatchNorm1d takes (m, n)
  momentum        ours is the lecture's EWMA beta (running <- beta running + (1 - beta) batch value);
                  torch's momentum weighs the new value: momentum = 1 - beta
  running var     both average the batch's unbiased variance; both normalize with the biased one
  b[l]            dropped on batch-normalized layers (Linear(bias=False)); beta_bn is torch's bias
  cost            BCEWithLogits(reduction="sum") / m, plain gradient descent by hand
"""

import numpy as np
import pytest

from course2.network import Network
from course2.training import train

pytestmark = pytest.mark.torch

TOL = 1e-10


def torch_twin(torch, net):
    """The same network in torch: weights, gamma, beta_bn and running averages copied from ``net``."""
    nn = torch.nn
    layers = []
    act = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "linear": nn.Identity}
    for l in range(net.L):
        n_out, n_in = net.W[l].shape
        lin = nn.Linear(n_in, n_out, bias=l == net.L - 1).double()
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(net.W[l]))
            if l == net.L - 1:
                lin.bias.copy_(torch.tensor(net.b[l][:, 0]))
        layers.append(lin)
        if l < net.L - 1:
            bn = nn.BatchNorm1d(n_out, eps=net.bn_epsilon, momentum=net.running[l].torch_momentum).double()
            with torch.no_grad():
                bn.weight.copy_(torch.tensor(net.gamma[l][:, 0]))
                bn.bias.copy_(torch.tensor(net.beta_bn[l][:, 0]))
            layers += [bn, act[net.hidden_activations[l]]()]
    return nn.Sequential(*layers)


def bn_layers(torch, model):
    return [m for m in model if isinstance(m, torch.nn.BatchNorm1d)]


def torch_step(torch, model, X, Y, alpha):
    """One gradient-descent step in training mode; returns the output before the step and the grads."""
    model.train()
    Z = model(torch.tensor(X.T))
    J = torch.nn.functional.binary_cross_entropy_with_logits(Z, torch.tensor(Y.T), reduction="sum") / X.shape[1]
    model.zero_grad()
    J.backward()
    out = torch.sigmoid(Z).detach().numpy().T
    with torch.no_grad():
        for p in model.parameters():
            p -= alpha * p.grad
    return out, float(J.detach())


@pytest.mark.parametrize("hidden", ["relu", "tanh"])
def test_gradients_running_averages_and_eval_outputs_match_torch_after_n_steps(torch, hidden):
    rng = np.random.default_rng(4)
    X = rng.standard_normal((3, 16))
    Y = (rng.random((1, 16)) < 0.5).astype(float)
    net = Network([3, 6, 5, 1], hidden, "sigmoid", rng=2, batch_norm=True, running_beta=0.8)
    net.gamma[0][...] = rng.uniform(0.5, 2.0, (6, 1))
    net.beta_bn[1][...] = rng.standard_normal((5, 1))
    model = torch_twin(torch, net)

    # the gradients of one training-mode forward, parameter by parameter
    A = net.forward(X)
    J = net.cost(Y)
    grads = {name: g.copy() for name, g in zip(net.param_names, net.backward(Y))}
    net.running = [type(r)(r.mean.shape[0], r.beta) for r in net.running]    # undo that forward's update
    model.train()
    Zt = model(torch.tensor(X.T))
    Jt = torch.nn.functional.binary_cross_entropy_with_logits(Zt, torch.tensor(Y.T), reduction="sum") / 16
    Jt.backward()
    np.testing.assert_allclose(A, torch.sigmoid(Zt).detach().numpy().T, rtol=TOL, atol=TOL)
    assert J == pytest.approx(float(Jt.detach()), rel=TOL)
    lins = [m for m in model if isinstance(m, torch.nn.Linear)]
    bns = bn_layers(torch, model)
    for l in range(net.L):
        np.testing.assert_allclose(grads[f"W[{l + 1}]"], lins[l].weight.grad.numpy(), rtol=1e-9, atol=TOL)
    for l in range(net.L - 1):
        np.testing.assert_allclose(grads[f"gamma[{l + 1}]"][:, 0], bns[l].weight.grad.numpy(), rtol=1e-9, atol=TOL)
        np.testing.assert_allclose(grads[f"beta_bn[{l + 1}]"][:, 0], bns[l].bias.grad.numpy(), rtol=1e-9, atol=TOL)
    np.testing.assert_allclose(grads[f"b[{net.L}]"][:, 0], lins[-1].bias.grad.numpy(), rtol=1e-9, atol=TOL)

    # N steps of gradient descent on mini-batches of 8: same outputs, parameters and running averages
    model = torch_twin(torch, net)
    alpha, steps = 0.1, 6
    for t in range(steps):
        s = slice(8 * (t % 2), 8 * (t % 2) + 8)
        ours = net.forward(X[:, s])
        net.backward(Y[:, s])
        for p, g in zip(net.params, net.grads):
            p -= alpha * g
        theirs, _ = torch_step(torch, model, X[:, s], Y[:, s], alpha)
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    assert net.steps_seen == steps
    for r, bn in zip(net.running, bns := bn_layers(torch, model)):
        np.testing.assert_allclose(r.mean[:, 0], bn.running_mean.numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(r.var[:, 0], bn.running_var.numpy(), rtol=1e-9, atol=1e-12)
        assert bn.num_batches_tracked.item() == steps
    model.eval()
    with torch.no_grad():
        eval_theirs = torch.sigmoid(model(torch.tensor(X.T))).numpy().T
    np.testing.assert_allclose(net.forward(X, mode="eval"), eval_theirs, rtol=1e-9, atol=1e-12)
    np.testing.assert_array_equal(net.predict(X), (eval_theirs > 0.5).astype(int))


def test_the_training_loop_matches_torch_full_batch_gradient_descent(torch):
    rng = np.random.default_rng(7)
    X = rng.standard_normal((2, 20))
    Y = (X[0:1] * X[1:2] > 0).astype(float)
    net = Network([2, 8, 4, 1], "relu", "sigmoid", rng=3, batch_norm=True)
    model = torch_twin(torch, net)
    train(net, X, Y, alpha=0.5, num_iterations=10)
    for _ in range(10):
        torch_step(torch, model, X, Y, 0.5)
    lins = [m for m in model if isinstance(m, torch.nn.Linear)]
    for W, lin in zip(net.W, lins):
        np.testing.assert_allclose(W, lin.weight.detach().numpy(), rtol=1e-9, atol=1e-12)
    for r, bn in zip(net.running, bn_layers(torch, model)):
        np.testing.assert_allclose(r.mean[:, 0], bn.running_mean.numpy(), rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(r.var[:, 0], bn.running_var.numpy(), rtol=1e-9, atol=1e-12)
