import math
import warnings

import numpy as np
import pytest

from course2 import data, metrics
from course2.network import Network
from course2.training import History, Snapshots, train


@pytest.fixture(scope="module")
def moons():
    X, Y = data.moons(200, noise=0.2, rng=0)
    X_dev, Y_dev = data.moons(200, noise=0.2, rng=1)
    return X, Y, X_dev, Y_dev


# -- learning --------------------------------------------------------------------------------------
def test_a_small_net_learns_moons(moons):
    X, Y, X_dev, Y_dev = moons
    net = Network([2, 16, 16, 1], "relu", rng=0)
    h = train(net, X, Y, alpha=0.3, num_iterations=2000, X_dev=X_dev, Y_dev=Y_dev, eval_every=100)
    assert h.status == "completed" and h.message == "completed 2000 iterations"
    assert h.cost[-1] < 0.2 * h.cost[0]
    assert h.train_accuracy[-1] > 0.97 and h.dev_accuracy[-1] > 0.95
    assert metrics.network_accuracy(net, X_dev, Y_dev) == h.dev_accuracy[-1]
    # a linear classifier (no hidden layer) cannot: moons are not linearly separable
    flat = Network([2, 1], rng=0)
    train(flat, X, Y, alpha=0.5, num_iterations=1000)
    assert metrics.network_accuracy(flat, X, Y) < 0.92


def test_mini_batch_training_with_a_schedule_learns(moons):
    X, Y, X_dev, Y_dev = moons
    net = Network([2, 16, 1], "tanh", rng=0)
    h = train(net, X, Y, alpha=None, num_epochs=100, batch_size=32, rng=0, schedule=lambda e: 0.5 / (1 + 0.05 * e))
    assert len(h.cost) == 100 * 7
    assert h.epoch == [e for e in range(100) for _ in range(7)]
    np.testing.assert_allclose(h.alpha, [0.5 / (1 + 0.05 * e) for e in h.epoch])
    assert h.train_accuracy[-1] > 0.9


def test_recorded_cost_is_the_batch_cost_with_the_penalty(moons):
    X, Y, X_dev, Y_dev = moons
    net = Network([2, 8, 1], "tanh", rng=0)
    start = net.copy()
    h = train(net, X, Y, alpha=0.1, num_iterations=5, lambd=0.7, X_dev=X_dev, Y_dev=Y_dev)
    start.forward(X)
    assert h.cost[0] == pytest.approx(start.cost(Y, lambd=0.7), rel=1e-12)
    net.forward(X_dev)
    # the dev cost is the data cost (no penalty), so it compares across lambd and with the train curve
    assert h.dev_cost[-1] == pytest.approx(net.cost(Y_dev), rel=1e-12)
    assert h.weight_norms[-1] == pytest.approx([np.linalg.norm(W) for W in net.W], rel=1e-12)


# -- history ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("batch_size, num_epochs, eval_every", [(None, 23, None), (50, 7, None), (64, 5, 3)])
def test_history_lengths_are_consistent(moons, batch_size, num_epochs, eval_every):
    X, Y, X_dev, Y_dev = moons
    net = Network([2, 5, 1], rng=0)
    h = train(net, X, Y, alpha=0.1, num_epochs=num_epochs, batch_size=batch_size, eval_every=eval_every,
              X_dev=X_dev, Y_dev=Y_dev, rng=1)
    per_epoch = 1 if batch_size is None else math.ceil(200 / batch_size)
    n = num_epochs * per_epoch
    every = per_epoch if eval_every is None else eval_every
    assert h.iteration == list(range(1, n + 1))
    assert len(h.epoch) == len(h.cost) == len(h.alpha) == n
    assert h.epoch[-1] == num_epochs - 1
    expected_evals = sorted(set(range(every, n + 1, every)) | {n})
    assert h.eval_iteration == expected_evals
    k = len(expected_evals)
    assert len(h.train_accuracy) == len(h.dev_accuracy) == len(h.dev_cost) == len(h.wall_time) == k
    arrays = h.as_arrays()
    assert arrays["weight_norms"].shape == (k, 2)
    assert all(arrays[name].dtype == float for name in arrays)
    assert np.all(np.diff(arrays["wall_time"]) >= 0)
    assert h.best_iteration in h.eval_iteration


def test_no_dev_set_leaves_dev_lists_empty(moons):
    X, Y, _, _ = moons
    h = train(Network([2, 3, 1], rng=0), X, Y, alpha=0.1, num_iterations=4)
    assert h.dev_accuracy == [] and h.dev_cost == [] and h.best_iteration is None
    assert len(h.train_accuracy) == 4


# -- divergence ------------------------------------------------------------------------------------
@pytest.mark.parametrize("alpha, with_dev", [(100.0, False), (1e4, True), (1e200, False), (1e200, True)])
def test_diverging_run_stops_cleanly(moons, alpha, with_dev):
    X, Y, X_dev, Y_dev = moons
    net = Network([2, 10, 1], "relu", rng=0)
    dev = {"X_dev": X_dev, "Y_dev": Y_dev} if with_dev else {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow/invalid RuntimeWarnings leak to the student
        h = train(net, X, Y, alpha=alpha, num_iterations=100, **dev)
    assert h.status == "diverged" and h.diverged
    assert h.diverged_at is not None and 1 <= h.diverged_at < 100
    assert f"iteration {h.diverged_at}" in h.message and "alpha" in h.message
    # nothing recorded beyond the divergence; only the very last value may be the non-finite one
    assert h.iteration[-1] <= h.diverged_at and all(i <= h.diverged_at for i in h.eval_iteration)
    arrays = h.as_arrays()
    before = arrays["iteration"] < h.diverged_at
    assert np.all(np.isfinite(arrays["cost"][before]))
    eval_before = arrays["eval_iteration"] < h.diverged_at
    for name in ("train_accuracy", "dev_accuracy", "dev_cost", "weight_norms"):
        if with_dev or not name.startswith("dev"):
            assert np.all(np.isfinite(arrays[name][eval_before])), name
    # what triggered the stop was recorded at diverged_at: the train cost, the dev cost or a ||W[l]||
    last = list(arrays["cost"][~before]) + list(arrays["weight_norms"][~eval_before].ravel())
    last += list(arrays["dev_cost"][~eval_before]) if with_dev else []
    assert any(not np.isfinite(v) or v > 1e3 * h.cost[0] for v in last)
    # downstream code keeps working (huge weights may overflow in a later forward: no crash)
    with np.errstate(over="ignore", invalid="ignore"):
        assert net.predict(X).shape == (1, 200)
    assert isinstance(h, History) and h.as_arrays()["weight_norms"].ndim in (1, 2)


def test_divergence_factor(moons):
    X, Y, _, _ = moons
    h = train(Network([2, 10, 1], "relu", rng=0), X, Y, alpha=100.0, num_iterations=50, divergence_factor=1e300)
    assert h.status == "completed" or h.diverged_at > 3  # the same run as above, allowed to grow much further
    h2 = train(Network([2, 10, 1], "relu", rng=0), X, Y, alpha=100.0, num_iterations=50, divergence_factor=10.0)
    assert h2.diverged and h2.cost[-1] > 10 * h2.cost[0] and all(c <= 10 * h2.cost[0] for c in h2.cost[:-1])


# -- early stopping --------------------------------------------------------------------------------
@pytest.mark.parametrize("monitor", ["dev_error", "dev_cost"])
def test_early_stopping_restores_the_best_parameters(monitor):
    X, Y = data.moons(40, noise=0.35, rng=2)  # a big net on a small noisy set: it overfits
    X_dev, Y_dev = data.moons(300, noise=0.35, rng=3)
    net = Network([2, 50, 50, 1], "relu", rng=0)
    h = train(net, X, Y, alpha=0.5, num_iterations=5000, X_dev=X_dev, Y_dev=Y_dev, eval_every=20, patience=10,
              monitor=monitor)
    assert h.status == "stopped_early"
    assert f"restored the parameters of iteration {h.best_iteration}" in h.message
    assert h.eval_iteration[-1] == h.best_iteration + 10 * 20  # stopped `patience` evaluations later
    i = h.eval_iteration.index(h.best_iteration)
    if monitor == "dev_error":
        assert h.dev_accuracy[i] == max(h.dev_accuracy)
        assert h.dev_accuracy[-1] < h.dev_accuracy[i]  # the last evaluation was worse ...
        assert metrics.network_accuracy(net, X_dev, Y_dev) == h.dev_accuracy[i]  # ... and was undone
    else:
        assert h.dev_cost[i] == min(h.dev_cost)
        net.forward(X_dev)
        assert net.cost(Y_dev) == pytest.approx(h.dev_cost[i], rel=1e-12)


def test_completed_run_reports_the_best_iteration_without_restoring(moons):
    X, Y, X_dev, Y_dev = moons
    net = Network([2, 8, 1], "tanh", rng=0)
    h = train(net, X, Y, alpha=0.3, num_iterations=60, X_dev=X_dev, Y_dev=Y_dev, eval_every=10)
    assert h.status == "completed"
    i = h.eval_iteration.index(h.best_iteration)
    assert h.dev_accuracy[i] == max(h.dev_accuracy)
    assert metrics.network_accuracy(net, X_dev, Y_dev) == h.dev_accuracy[-1]


# -- callbacks -------------------------------------------------------------------------------------
def test_snapshots_hold_the_parameters_of_those_iterations(moons):
    X, Y, _, _ = moons
    net = Network([2, 6, 1], "tanh", rng=0)
    start = net.get_params()
    snaps = Snapshots(every=5)
    train(net, X, Y, alpha=0.2, num_iterations=23, callbacks=[snaps])
    assert snaps.iterations == [0, 5, 10, 15, 20]
    np.testing.assert_array_equal(snaps.params[0], start)
    for it, theta in zip(snaps.iterations[1:], snaps.params[1:]):
        again = Network([2, 6, 1], "tanh", rng=0)
        train(again, X, Y, alpha=0.2, num_iterations=it)
        np.testing.assert_array_equal(theta, again.theta)
    assert not np.shares_memory(snaps.params[-1], net.theta)


def test_callback_returning_true_stops(moons):
    X, Y, _, _ = moons
    seen = []

    def stop_at_7(step):
        seen.append((step.iteration, step.epoch, step.cost))
        return step.iteration == 7

    h = train(Network([2, 4, 1], rng=0), X, Y, alpha=0.1, num_iterations=50, callbacks=[stop_at_7])
    assert h.status == "stopped" and "iteration 7" in h.message
    assert len(h.cost) == 7 and [s[0] for s in seen] == list(range(1, 8))
    assert [s[2] for s in seen] == h.cost


# -- reproducibility -------------------------------------------------------------------------------
def test_reproducible_for_a_seed(moons):
    X, Y, X_dev, Y_dev = moons
    runs = []
    for rng in (5, 5, 6):
        net = Network([2, 12, 1], "relu", rng=0)
        h = train(net, X, Y, alpha=0.1, num_epochs=3, batch_size=16, keep_prob=0.8, rng=rng, X_dev=X_dev,
                  Y_dev=Y_dev)
        runs.append((h, net.theta.copy()))
    (h1, t1), (h2, t2), (h3, t3) = runs
    assert h1.cost == h2.cost and h1.dev_accuracy == h2.dev_accuracy
    np.testing.assert_array_equal(t1, t2)
    assert h1.cost != h3.cost and not np.array_equal(t1, t3)


# -- bad input -------------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, error, match", [
    ({"num_epochs": 2, "num_iterations": 2}, ValueError, "exactly one of num_epochs and num_iterations"),
    ({}, ValueError, "exactly one of num_epochs and num_iterations"),
    ({"num_epochs": 0}, ValueError, "num_epochs"),
    ({"num_iterations": 0}, ValueError, "num_iterations"),
    ({"num_iterations": 2.5}, TypeError, "num_iterations"),
    ({"num_iterations": 5, "patience": 3}, ValueError, "patience .*needs a dev set"),
    ({"num_iterations": 5, "batch_size": 0}, ValueError, "batch_size"),
    ({"num_iterations": 5, "batch_size": 201}, ValueError, "batch_size"),
    ({"num_iterations": 5, "keep_prob": 0.0}, ValueError, "keep_prob"),
    ({"num_iterations": 5, "keep_prob": 1.5}, ValueError, "keep_prob"),
    ({"num_iterations": 5, "lambd": -1.0}, ValueError, "lambd"),
    ({"num_iterations": 5, "penalty": "l0"}, ValueError, "penalty"),
    ({"num_iterations": 5, "monitor": "train_error"}, ValueError, "monitor"),
    ({"num_iterations": 5, "eval_every": 0}, ValueError, "eval_every"),
    ({"num_iterations": 5, "divergence_factor": 1.0}, ValueError, "divergence_factor"),
    ({"num_iterations": 5, "rng": -1}, TypeError, "rng"),
    ({"num_iterations": 5, "batch_size": 50}, ValueError, "rng .*shuffle the mini-batches"),
    ({"num_iterations": 5, "keep_prob": 0.5}, ValueError, "rng .*draw dropout masks"),
    ({"num_iterations": 5, "l1_proximal": "no"}, TypeError, "l1_proximal"),
    ({"num_iterations": 5, "alpha": 0.0}, ValueError, "alpha"),
    ({"num_iterations": 5, "alpha": -0.1}, ValueError, "alpha"),
    ({"num_iterations": 5, "optimizer": "adam"}, TypeError, "optimizer"),
    ({"num_iterations": 5, "schedule": lambda e: -1.0}, ValueError, r"schedule\(epoch\)"),
])
def test_bad_arguments(moons, kwargs, error, match):
    X, Y, _, _ = moons
    kwargs = {"alpha": 0.1, **kwargs} if "optimizer" not in kwargs else kwargs
    with pytest.raises(error, match=match):
        train(Network([2, 3, 1], rng=0), X, Y, **kwargs)


def test_bad_data(moons):
    X, Y, X_dev, Y_dev = moons
    net = Network([2, 3, 1], rng=0)
    with pytest.raises(ValueError, match="X must have n_x = 2"):
        train(net, X[:1], Y, alpha=0.1, num_iterations=1)
    with pytest.raises(ValueError, match="Y must have shape"):
        train(net, X, Y[:, :10], alpha=0.1, num_iterations=1)
    with pytest.raises(ValueError, match="X_dev and Y_dev must be given together"):
        train(net, X, Y, alpha=0.1, num_iterations=1, X_dev=X_dev)
    with pytest.raises(ValueError, match="Y must have shape"):
        train(net, X, Y, alpha=0.1, num_iterations=1, X_dev=X_dev, Y_dev=Y_dev[:, :5])
    bad = X.copy()
    bad[0, 3] = np.nan
    with pytest.raises(ValueError, match="X must contain only finite"):
        train(net, bad, Y, alpha=0.1, num_iterations=1)
    with pytest.raises(ValueError, match="every"):
        Snapshots(every=0)


def test_epoch_cost_is_the_mean_of_each_epochs_batch_costs(moons):
    X, Y = moons[0], moons[1]
    net = Network([2, 8, 1], "tanh", "sigmoid", rng=0)
    h = train(net, X, Y, alpha=0.1, num_epochs=4, batch_size=64, rng=3)
    per_epoch = math.ceil(X.shape[1] / 64)
    assert h.epoch_cost.shape == (4,)
    for e in range(4):
        batch_costs = h.cost[e * per_epoch:(e + 1) * per_epoch]
        assert h.epoch_cost[e] == pytest.approx(sum(batch_costs) / per_epoch, rel=1e-12)
    assert History().epoch_cost.shape == (0,)


def test_optimizer_keeps_one_state_array_per_parameter_in_the_lecture_order(moons):
    """V_dW[l] has the shape of W[l]: the optimizer's state lines up with net.params and param_names."""
    from course2.optimizers import Adam

    X, Y, _, _ = moons
    net = Network([2, 5, 3, 1], "tanh", rng=0)
    opt = Adam(0.01)
    train(net, X, Y, optimizer=opt, num_iterations=3)
    assert [V.shape for V in opt.V] == [p.shape for p in net.params] == [S.shape for S in opt.S]
    assert net.param_names[:2] == ["W[1]", "b[1]"] and opt.V[0].shape == net.W[0].shape


def test_progressive_training_is_the_same_run(moons):
    from course2.optimizers import Adam
    from course2.training import train_progressively

    X, Y, X_dev, Y_dev = moons
    a, b = Network([2, 8, 1], "tanh", rng=0), Network([2, 8, 1], "tanh", rng=0)
    reports = [len(h.cost) for h in train_progressively(a, X, Y, optimizer=Adam(0.01), num_iterations=95,
                                                         batch_size=32, rng=4, report_every=20)]
    train(b, X, Y, optimizer=Adam(0.01), num_iterations=95, batch_size=32, rng=4)
    assert reports == [20, 40, 60, 80, 95]
    np.testing.assert_array_equal(a.theta, b.theta)
