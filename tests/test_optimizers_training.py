"""Every optimizer and schedule through course2.training.train (the loop's own tests: test_training.py)."""

import warnings

import numpy as np
import pytest

from course2 import data
from course2 import optimizers as O
from course2 import schedules as S
from course2.network import Network
from course2.training import train

SETTINGS = {"gd": {"alpha": 0.3}, "momentum": {"alpha": 0.3, "beta": 0.9}, "rmsprop": {"alpha": 0.01},
            "adam": {"alpha": 0.01}, "adamw": {"alpha": 0.01, "weight_decay": 0.01}}


@pytest.fixture(scope="module")
def moons():
    X, Y = data.moons(200, noise=0.2, rng=0)
    X_dev, Y_dev = data.moons(200, noise=0.2, rng=1)
    return X, Y, X_dev, Y_dev


def _sum_sq(net):
    return sum(float(np.vdot(W, W)) for W in net.W)


@pytest.mark.parametrize("name", O.OPTIMIZERS)
def test_every_optimizer_learns_moons_with_mini_batches(moons, name):
    X, Y, X_dev, Y_dev = moons
    net = Network([2, 16, 16, 1], "relu", rng=0)
    h = train(net, X, Y, optimizer=O.make_optimizer(name, **SETTINGS[name]), num_epochs=60, batch_size=32,
              X_dev=X_dev, Y_dev=Y_dev, rng=0)
    assert h.status == "completed"
    assert h.train_accuracy[-1] >= 0.97 and h.dev_accuracy[-1] >= 0.97, (h.train_accuracy[-1], h.dev_accuracy[-1])


@pytest.mark.parametrize("name", O.OPTIMIZERS)
def test_l2_works_with_every_optimizer(moons, name):
    """The L2 term lives in the gradient from backward, so every optimizer sees it: weights shrink."""
    X, Y, _, _ = moons
    norms = {}
    for lambd in (0.0, 5.0):
        net = Network([2, 16, 16, 1], "relu", rng=0)
        train(net, X, Y, optimizer=O.make_optimizer(name, **SETTINGS[name]), num_iterations=300, lambd=lambd)
        norms[lambd] = _sum_sq(net)
    # measured: sum ||W||^2 drops from 87-333 without L2 to 8-11 with lambd = 5
    assert norms[5.0] < norms[0.0] / 5, norms


def test_adaptive_methods_reach_a_lower_cost_at_their_usual_alpha(moons):
    X, Y, _, _ = moons
    final = {}
    for name in O.OPTIMIZERS:
        net = Network([2, 16, 16, 1], "relu", rng=0)
        h = train(net, X, Y, optimizer=O.make_optimizer(name, **SETTINGS[name]), num_iterations=300)
        final[name] = h.cost[-1]
    # measured after 300 full-batch steps: gd 0.055, momentum 0.067, rmsprop 0.011, adam 0.012
    assert final["adam"] < 0.5 * final["gd"] and final["rmsprop"] < 0.5 * final["gd"], final


@pytest.mark.parametrize("name", O.OPTIMIZERS)
def test_divergence_with_a_huge_alpha_is_reported_with_its_iteration(moons, name):
    X, Y, _, _ = moons
    net = Network([2, 16, 16, 1], "relu", rng=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        h = train(net, X, Y, optimizer=O.make_optimizer(name, alpha=1e3), num_iterations=200)
    assert h.status == "diverged" and 1 < h.diverged_at <= 5, (h.status, h.diverged_at)
    assert f"iteration {h.diverged_at}" in h.message
    assert len(h.cost) == h.diverged_at and np.all(np.isfinite(h.cost[:-1]))


@pytest.mark.parametrize("name, kw", [("inverse_time", {"decay_rate": 0.5}), ("exponential", {"k": 0.9}),
                                      ("staircase", {"k": 0.5, "step_size": 3}), ("inverse_sqrt", {}),
                                      ("interval", {"decay_rate": 1.0, "time_interval": 4})])
def test_schedules_set_alpha_once_per_epoch(moons, name, kw):
    X, Y, _, _ = moons
    schedule = S.make_schedule(name, 0.01, **kw)
    opt = O.Adam(0.01)
    h = train(Network([2, 8, 1], "tanh", rng=0), X, Y, optimizer=opt, schedule=schedule, num_epochs=10,
              batch_size=50, rng=0)
    assert h.epoch == [e for e in range(10) for _ in range(4)]
    np.testing.assert_allclose(h.alpha, [schedule(e) for e in h.epoch], rtol=1e-15)
    assert opt.alpha == schedule(9) and opt.t == 40
