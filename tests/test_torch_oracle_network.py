"""The network's forward pass, cost and gradients against PyTorch autograd (CPU, float64).

Conventions mapped explicitly:
  sigmoid + binary cross-entropy   BCEWithLogits(reduction="sum") / m  (ours averages over the m
                                   examples and sums over output units; torch's "mean" would also
                                   divide by n[L])
  softmax + cross-entropy          CrossEntropyLoss on logits Z.T, targets as probabilities (m, C)
                                   or as class indices (m,), reduction="mean" (divides by m)
  linear + mean squared error      ours is sum((A - Y)^2) / (2m) = mse_loss(mean) * n[L] / 2
  L2                               + lambd / (2m) * sum_l ||W[l]||_F^2, added by hand
  L1                               + lambd / (2m) * sum_l sum |W[l]|, added by hand
  dropout                          the same fixed mask: A = g(Z) * D / keep_prob (torch's own
                                   dropout draws its own mask and takes p = 1 - keep_prob)
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course2.network import Network

pytestmark = pytest.mark.torch

HIDDEN = ["relu", "tanh", "sigmoid", "linear"]
OUTPUTS = ["sigmoid", "softmax", "softmax-indices", "linear"]
TOL = 1e-10


def close(ours, theirs):
    """Agreement to TOL relative to the size of the reference (elementwise, with a norm floor)."""
    theirs = np.asarray(theirs)
    scale = max(1.0, float(np.max(np.abs(theirs)))) if theirs.size else 1.0
    np.testing.assert_allclose(ours, theirs, rtol=TOL, atol=TOL * scale)


def torch_reference(torch, net, X, Y, output, *, lambd, penalty, masks, keep_prob, indices=None):
    """Forward, cost and autograd gradients of the same network built from net's W and b."""
    F = torch.nn.functional
    Ws = [torch.tensor(W, dtype=torch.float64, requires_grad=True) for W in net.W]
    bs = [torch.tensor(b, dtype=torch.float64, requires_grad=True) for b in net.b]
    act = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid, "linear": lambda z: z}
    A = torch.tensor(X, dtype=torch.float64)
    Yt = torch.tensor(Y, dtype=torch.float64)
    m = X.shape[1]
    for l, (W, b) in enumerate(zip(Ws, bs)):
        Z = W @ A + b
        if l < len(Ws) - 1:
            A = act[net.hidden_activations[l]](Z)
            if masks is not None:
                A = A * torch.tensor(masks[l]) / keep_prob
    if output == "sigmoid":
        A_L = torch.sigmoid(Z)
        J = F.binary_cross_entropy_with_logits(Z, Yt, reduction="sum") / m
    elif output == "softmax":
        A_L = torch.softmax(Z, dim=0)
        J = torch.nn.CrossEntropyLoss()(Z.T, Yt.T)  # probability targets, mean over the m examples
    elif output == "softmax-indices":
        A_L = torch.softmax(Z, dim=0)
        J = torch.nn.CrossEntropyLoss()(Z.T, torch.tensor(indices))
    else:
        A_L = Z
        J = F.mse_loss(Z, Yt, reduction="mean") * Z.shape[0] / 2
    if lambd:
        if penalty == "l2":
            J = J + lambd / (2 * m) * sum((W ** 2).sum() for W in Ws)
        else:
            J = J + lambd / (2 * m) * sum(W.abs().sum() for W in Ws)
    J.backward()
    grads = [t.grad.numpy() for pair in zip(Ws, bs) for t in pair]
    return A_L.detach().numpy(), float(J.detach()), grads


def make_case(seed, sizes, m, hidden, output):
    gen = np.random.default_rng(seed)
    net = Network(sizes, hidden, "softmax" if output.startswith("softmax") else output, init="he", rng=gen)
    for b in net.b:
        b[...] = gen.normal(0, 0.5, size=b.shape)
    X = gen.normal(size=(sizes[0], m))
    indices = None
    if output == "sigmoid":
        Y = (gen.random((sizes[-1], m)) < 0.5).astype(float)
    elif output == "softmax":  # soft targets: each column a probability vector
        Y = gen.random((sizes[-1], m)) + 0.01
        Y /= Y.sum(axis=0)
    elif output == "softmax-indices":
        indices = gen.integers(0, sizes[-1], m)
        Y = np.eye(sizes[-1])[:, indices]
    else:
        Y = gen.normal(size=(sizes[-1], m))
    return gen, net, X, Y, indices


def compare(torch, net, X, Y, output, *, lambd=0.0, penalty="l2", masks=None, keep_prob=1.0, indices=None):
    A = net.forward(X, keep_prob=keep_prob if masks is not None else 1.0, masks=masks)
    J = net.cost(Y, lambd=lambd, penalty=penalty)
    grads = net.backward(Y, lambd=lambd, penalty=penalty)
    A_t, J_t, grads_t = torch_reference(torch, net, X, Y, output, lambd=lambd, penalty=penalty, masks=masks,
                                        keep_prob=keep_prob, indices=indices)
    close(A, A_t)
    close(J, J_t)
    assert len(grads) == len(grads_t)
    for name, d, d_t in zip(net.param_names, grads, grads_t):
        assert d.shape == d_t.shape, name
        close(d, d_t)


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output", OUTPUTS)
@given(sizes=st.lists(st.integers(1, 6), min_size=2, max_size=5), m=st.integers(1, 8),
       seed=st.integers(0, 2**32 - 1), reg=st.sampled_from(["none", "l2", "l1"]), dropout=st.booleans())
@settings(max_examples=15, deadline=None)
def test_matches_pytorch_autograd(torch, hidden, output, sizes, m, seed, reg, dropout):
    if output.startswith("softmax"):
        sizes = [*sizes[:-1], max(2, sizes[-1])]
    gen, net, X, Y, indices = make_case(seed, sizes, m, hidden, output)
    kw = {"lambd": 0.0 if reg == "none" else 0.8, "penalty": "l1" if reg == "l1" else "l2"}
    if reg == "l1":  # keep W away from |W|'s corner, where sign(0) conventions may differ
        for W in net.W:
            W[...] = np.where(np.abs(W) < 1e-3, 0.1, W)
    if dropout and len(sizes) > 2:
        kw["keep_prob"] = 0.6
        kw["masks"] = [(gen.random((n, m)) < 0.6).astype(float) for n in sizes[1:-1]]
    compare(torch, net, X, Y, output, indices=indices, **kw)


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output", OUTPUTS)
@pytest.mark.parametrize("reg", ["none", "l2", "l1", "dropout"])
def test_every_combination_matches_pytorch(torch, hidden, output, reg):
    gen, net, X, Y, indices = make_case(21, [4, 6, 5, 3], 7, hidden, output)
    kw = {}
    if reg in ("l2", "l1"):
        kw = {"lambd": 1.3, "penalty": reg}
    if reg == "dropout":
        kw = {"keep_prob": 0.7, "masks": [(gen.random((n, 7)) < 0.7).astype(float) for n in (6, 5)]}
    compare(torch, net, X, Y, output, indices=indices, **kw)


def test_relu_derivative_at_zero_matches_pytorch(torch):
    """At Z = 0 exactly both take relu'(0) = 0 (a dead unit with b = 0 feeds Z = 0 forward)."""
    net = Network.from_params([np.array([[-1.0]]), np.array([[2.0]]), np.array([[1.5]])],
                              [np.zeros(1), np.zeros(1), np.zeros(1)], "relu", "sigmoid")
    X, Y = np.array([[1.0, 2.0]]), np.array([[1.0, 1.0]])
    compare(torch, net, X, Y, "sigmoid")
    assert np.all(net._cache[1].Z[1] == 0) and net.db[2][0, 0] != 0  # the kink was really hit


def test_saturated_sigmoid_output_matches_pytorch(torch):
    """Large |Z[L]|: both use the stable log-sum-exp form of binary cross-entropy."""
    net = Network.from_params([np.array([[40.0, -30.0]])], [np.array([5.0])], output="sigmoid")
    X = np.array([[1.0, -1.0, 0.5], [0.0, 1.0, -2.0]])
    compare(torch, net, X, np.array([[0.0, 1.0, 1.0]]), "sigmoid")
