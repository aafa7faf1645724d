"""Optimizers and learning-rate schedules against PyTorch 2.13.0 (CPU, float64), 50 steps on a real network.

The same network twice: course2.network.Network and nn.Sequential(Linear, Tanh, Linear, ReLU,
Linear) with the weights copied (our W[l] is (n[l], n[l-1]), exactly torch's Linear.weight; our
b[l] is (n[l], 1), torch's bias is (n[l],)). Loss: sigmoid + binary cross-entropy averaged over
the m examples (BCEWithLogitsLoss). The parameters are compared after every one of the 50 steps.

Hyperparameter mappings (ours -> torch), each pinned by a test below:

    GradientDescent(alpha)           SGD(lr=alpha)
    Momentum(alpha, beta)            SGD(lr=alpha * (1 - beta), momentum=beta, dampening=0)
    HeavyBall(lr, mu)                SGD(lr=lr, momentum=mu, dampening=0)     (notebook 12's other
    VelocityMomentum(lr, mu)         SGD(lr=lr, momentum=mu, dampening=0)      two conventions)
                                     (NOT dampening=beta: torch's buffer starts at v_1 = g_1 undamped
                                     and then stays beta**t * g_1 above ours; test below)
    RMSprop(alpha, beta, epsilon)    RMSprop(lr=alpha, alpha=beta, eps=epsilon)   (eps outside the root
                                     in both; torch's default alpha is 0.99, the lecture's beta 0.9)
    Adam(alpha, beta1, beta2, eps)   Adam(lr=alpha, betas=(beta1, beta2), eps=eps)
    AdamW(..., weight_decay=wd)      AdamW(..., weight_decay=wd) on the weights' group, 0 on the biases'
    Adam + L2 (lambd)                Adam(weight_decay=lambd / m) on the weights: torch's Adam
                                     "weight_decay" is an L2 gradient term, not decoupled decay
    schedules                        exponential = ExponentialLR(gamma=k), staircase = StepLR(step_size, gamma=k),
                                     inverse_time / inverse_sqrt / interval = LambdaLR(alpha / alpha0)
"""

import math

import numpy as np
import pytest

from course2 import optimizers as O
from course2 import schedules as S
from course2 import training
from course2.experiments import momentum as M12
from course2.network import Network

pytestmark = pytest.mark.torch

SIZES = (6, 12, 8, 1)
HIDDEN = ("tanh", "relu")
M = 40
STEPS = 50
TOL = 1e-10


@pytest.fixture(autouse=True)
def one_torch_thread(torch):
    """Tiny networks: torch's 2-thread OpenMP pool only spins (seconds per test on a busy machine)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def make_case(torch, seed=0):
    gen = np.random.default_rng(seed)
    net = Network(SIZES, list(HIDDEN), "sigmoid", init="he", rng=gen)
    for b in net.b:
        b[...] = gen.normal(0, 0.3, size=b.shape)
    X = gen.normal(size=(SIZES[0], M))
    Y = (gen.random((1, M)) < 0.5).astype(np.float64)
    layers = []
    for l, (W, b) in enumerate(zip(net.W, net.b)):
        linear = torch.nn.Linear(W.shape[1], W.shape[0], dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(W))
            linear.bias.copy_(torch.from_numpy(b[:, 0]))
        layers.append(linear)
        if l < len(net.W) - 1:
            layers.append({"tanh": torch.nn.Tanh(), "relu": torch.nn.ReLU()}[HIDDEN[l]])
    return net, torch.nn.Sequential(*layers), X, Y


def linears(model):
    return [layer for layer in model if hasattr(layer, "weight")]


def torch_theta(model) -> np.ndarray:
    """torch's parameters laid out like our theta: W[1] row by row, b[1], W[2], b[2], ..."""
    return np.concatenate([a.detach().numpy().ravel() for l in linears(model) for a in (l.weight, l.bias)])


def run_ours(net, X, Y, opt, steps=STEPS, lambd=0.0, alphas=None):
    params, grads = net.params, net.grads      # what the training loop passes: one state array per parameter
    path = []
    for t in range(steps):
        if alphas is not None:
            opt.alpha = alphas[t]
        net.forward(X)
        net.backward(Y, lambd=lambd)
        opt.step(params, grads, decay=[True, False] * net.L)
        path.append(net.theta.copy())
    return np.array(path)


def run_torch(torch, model, X, Y, opt, steps=STEPS, lambd=0.0, scheduler=None):
    Xt, Yt = torch.from_numpy(X.T.copy()), torch.from_numpy(Y.T.copy())
    loss_fn = torch.nn.BCEWithLogitsLoss()      # mean over the m examples (n[L] = 1)
    path = []
    for _ in range(steps):
        opt.zero_grad()
        loss = loss_fn(model(Xt), Yt)
        if lambd:
            loss = loss + lambd / (2 * M) * sum((l.weight ** 2).sum() for l in linears(model))
        loss.backward()
        opt.step()
        if scheduler is not None:
            scheduler.step()
        path.append(torch_theta(model))
    return np.array(path)


def assert_same_path(ours, theirs):
    assert ours.shape == theirs.shape
    scale = max(1.0, float(np.abs(theirs).max()))
    err = float(np.abs(ours - theirs).max())
    assert err <= TOL * scale, f"max |difference| over {len(ours)} steps = {err:.3g}"
    # the run really moved the parameters (a comparison of two frozen networks would prove nothing)
    assert float(np.abs(theirs[-1] - theirs[0]).max()) > 1e3 * TOL


def weights_and_biases(model):
    ls = linears(model)
    return [l.weight for l in ls], [l.bias for l in ls]


BETA = 0.9

CASES = {
    "gd": (lambda: O.GradientDescent(0.5), lambda t, model: t.optim.SGD(model.parameters(), lr=0.5)),
    "momentum": (lambda: O.Momentum(0.5, BETA),
                 lambda t, model: t.optim.SGD(model.parameters(), lr=0.5 * (1 - BETA), momentum=BETA,
                                              dampening=0.0)),
    "heavy_ball": (lambda: M12.HeavyBall(0.05, BETA),
                   lambda t, model: t.optim.SGD(model.parameters(), lr=0.05, momentum=BETA, dampening=0.0)),
    "velocity": (lambda: M12.VelocityMomentum(0.05, BETA),
                 lambda t, model: t.optim.SGD(model.parameters(), lr=0.05, momentum=BETA, dampening=0.0)),
    "rmsprop": (lambda: O.RMSprop(0.01, 0.9, 1e-8),
                lambda t, model: t.optim.RMSprop(model.parameters(), lr=0.01, alpha=0.9, eps=1e-8)),
    "adam": (lambda: O.Adam(0.01, 0.9, 0.999, 1e-8),
             lambda t, model: t.optim.Adam(model.parameters(), lr=0.01, betas=(0.9, 0.999), eps=1e-8)),
    "adamw": (lambda: O.AdamW(0.01, 0.9, 0.999, 1e-8, weight_decay=0.5),
              lambda t, model: t.optim.AdamW([{"params": weights_and_biases(model)[0], "weight_decay": 0.5},
                                              {"params": weights_and_biases(model)[1], "weight_decay": 0.0}],
                                             lr=0.01, betas=(0.9, 0.999), eps=1e-8)),
}


@pytest.mark.parametrize("lambd", [0.0, 0.8])
@pytest.mark.parametrize("name", list(CASES))
def test_optimizer_matches_torch_over_50_steps(torch, name, lambd):
    make_ours, make_torch = CASES[name]
    net, model, X, Y = make_case(torch)
    ours = run_ours(net, X, Y, make_ours(), lambd=lambd)
    theirs = run_torch(torch, model, X, Y, make_torch(torch, model), lambd=lambd)
    assert_same_path(ours, theirs)


def test_adam_with_l2_is_torch_adam_weight_decay(torch):
    """torch.optim.Adam(weight_decay=wd) adds wd * W to the gradient: our L2 with lambd = wd * m."""
    lambd = 0.8
    net, model, X, Y = make_case(torch, seed=1)
    ours = run_ours(net, X, Y, O.Adam(0.01), lambd=lambd)
    Ws, bs = weights_and_biases(model)
    opt = torch.optim.Adam([{"params": Ws, "weight_decay": lambd / M}, {"params": bs, "weight_decay": 0.0}],
                           lr=0.01)
    assert_same_path(ours, run_torch(torch, model, X, Y, opt))


def test_adamw_differs_from_adam_with_l2(torch):
    """Same decay strength, different algorithms: the paths separate well beyond the tolerance."""
    net, _, X, Y = make_case(torch, seed=2)
    l2 = run_ours(net.copy(), X, Y, O.Adam(0.01), lambd=0.5 * M)           # lambd / m = 0.5
    decoupled = run_ours(net.copy(), X, Y, O.AdamW(0.01, weight_decay=0.5))
    assert np.abs(l2[-1] - decoupled[-1]).max() > 1e-3


def test_momentum_with_dampening_beta_is_not_the_lecture_formula(torch):
    """torch SGD(momentum=beta, dampening=beta, lr=alpha) looks like V = beta V + (1 - beta) g, but its
    first step sets v_1 = g_1 without dampening. With one fixed gradient sequence for both, torch's
    buffer stays beta**t * g_1 above ours, and its parameters fall behind by alpha * sum_k beta**k g_1."""
    gen = np.random.default_rng(3)
    g = gen.normal(size=(STEPS, 5))
    alpha, beta = 0.1, 0.8
    ours_W = np.zeros(5)
    ours = O.Momentum(alpha, beta)
    p = torch.zeros(5, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=alpha, momentum=beta, dampening=beta)
    for t in range(1, STEPS + 1):
        ours.step([ours_W], [g[t - 1]])
        p.grad = torch.from_numpy(g[t - 1].copy())
        opt.step()
        buffer = opt.state[p]["momentum_buffer"].numpy()
        np.testing.assert_allclose(buffer - ours.V[0], beta**t * g[0], rtol=1e-9, atol=1e-13)
        extra = alpha * g[0] * beta * (1 - beta**t) / (1 - beta)       # alpha * sum_{k=1..t} beta**k g_1
        np.testing.assert_allclose(p.detach().numpy(), ours_W - extra, rtol=1e-9, atol=1e-13)
    assert abs(beta * g[0][0]) > 0.01   # the first-step difference is not a rounding error


def test_rmsprop_epsilon_sits_outside_the_root_in_torch(torch):
    """With a large epsilon the two placements differ visibly; torch agrees with ours (outside)."""
    W, dW = np.array([0.3, -0.2]), np.array([0.05, -2.0])
    eps = 0.1
    ours, _ = O.rmsprop_step(W, dW, np.zeros(2), alpha=0.01, beta=0.9, epsilon=eps)
    p = torch.tensor(W, requires_grad=True)
    p.grad = torch.from_numpy(dW)
    torch.optim.RMSprop([p], lr=0.01, alpha=0.9, eps=eps).step()
    np.testing.assert_allclose(p.detach().numpy(), ours, rtol=1e-14)
    inside = W - 0.01 * dW / np.sqrt(0.1 * dW**2 + eps)
    assert np.abs(inside - ours).max() > 1e-3


# -- learning-rate schedules -----------------------------------------------------------------------
def torch_schedulers(torch):
    L = torch.optim.lr_scheduler
    return {
        "constant": (S.Constant(0.1), lambda o: L.LambdaLR(o, lambda e: 1.0)),
        "inverse_time": (S.InverseTime(0.1, decay_rate=0.3), lambda o: L.LambdaLR(o, lambda e: 1 / (1 + 0.3 * e))),
        "exponential": (S.Exponential(0.1, k=0.95), lambda o: L.ExponentialLR(o, gamma=0.95)),
        "staircase": (S.Staircase(0.1, k=0.5, step_size=7), lambda o: L.StepLR(o, step_size=7, gamma=0.5)),
        "inverse_sqrt": (S.InverseSqrt(0.1), lambda o: L.LambdaLR(o, lambda e: 1 / math.sqrt(e + 1))),
        "interval": (S.Interval(0.1, decay_rate=0.5, time_interval=10),
                     lambda o: L.LambdaLR(o, lambda e: 1 / (1 + 0.5 * (e // 10)))),
    }


@pytest.mark.parametrize("name", S.SCHEDULES)
def test_schedule_matches_torch_lr_scheduler(torch, name):
    ours, make = torch_schedulers(torch)[name]
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    scheduler = make(opt)
    for epoch in range(200):
        assert ours(epoch) == pytest.approx(opt.param_groups[0]["lr"], rel=TOL), epoch
        opt.step()
        scheduler.step()


@pytest.mark.parametrize("name", ["exponential", "staircase", "inverse_time"])
def test_training_loop_with_schedule_matches_torch(torch, name):
    """course2.training.train (batch GD: one iteration per epoch) with Adam and a schedule, against
    torch Adam + the lr_scheduler stepped once per epoch: the same parameters after 50 epochs."""
    schedule, make = torch_schedulers(torch)[name]
    net, model, X, Y = make_case(torch, seed=4)
    history = training.train(net, X, Y, optimizer=O.Adam(0.1), schedule=schedule, num_epochs=STEPS)
    assert history.status == "completed"
    assert history.alpha == pytest.approx([schedule(e) for e in range(STEPS)])
    opt = torch.optim.Adam(model.parameters(), lr=0.1)
    theirs = run_torch(torch, model, X, Y, opt, scheduler=make(opt))
    scale = max(1.0, float(np.abs(theirs).max()))
    assert float(np.abs(net.theta - theirs[-1]).max()) <= TOL * scale
