"""The seeded tasks every notebook trains on, one way to train a network on them, and sweeps.

A ``Task`` is a train/dev pair in the lecture's layout (X is (n_x, m)) and the network trained on
it (layer sizes, hidden activation, initialization). ``fit(task, seed=...)`` trains a fresh
network from the seed's initial weights and returns a ``Fit``; ``fit_progressively`` is the same
run yielding a ``Fit`` every ``every`` iterations (for live plots), the last one equal to
``fit``'s. A ``Sweep`` holds one ``Fit`` per value of one knob and answers ``.at(value)``.

The tasks:

    overfitting_task      moons, coordinate noise 0.3, exactly 10 % of labels flipped, 200 train /
                          400 dev, network [2, 20, 20, 1] tanh: too big for the data (notebooks 03-05)
    augmentation_task     circles (radii 1 and 0.5): labels unchanged by rotations and reflections
                          about the origin; 20 train / 400 dev (notebook 05)
    bias_variance_task    moons, noise 0.2, nested training sets (the first m_train of one pool of
                          400), a fixed dev set of 1,000, label noise in both (notebook 02)

Training (``fit``'s defaults): Adam — the course teaches it in week 2, the notebooks say so where
it is first used — with the task's ``alpha``, full batch, 1,000 iterations. The overfitting task
uses alpha = 0.005: with 0.01, Adam's large steps on weights with tiny gradients made some runs
chaotic after ~500 iterations, so a last-bit difference (another CPU's BLAS kernel) changed printed
figures; at 0.005 every printed number is the same on every CPU (tests/test_portability.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import _validate, activations, data, diagnosis, initialization, metrics, optimizers, splits
from ..network import Network
from ..training import History, train_progressively

__all__ = ["DEFAULT_ALPHA", "Fit", "Sweep", "Task", "augmentation_task", "bias_variance_task", "data_cost",
           "default_alpha", "dev_halfwidth_line", "fit", "fit_progressively",
           "overfitting_task"]

#: default learning rate per optimizer name used by ``fit``
DEFAULT_ALPHA = {"gd": 0.5, "momentum": 0.5, "rmsprop": 0.01, "adam": 0.01, "adamw": 0.01}
NUM_ITERATIONS = 1000


@dataclass(frozen=True)
class Task:
    """A train/dev pair and the network that is trained on it (course notation: X is (n_x, m))."""

    X_train: np.ndarray
    Y_train: np.ndarray
    X_dev: np.ndarray
    Y_dev: np.ndarray
    layer_sizes: tuple = (2, 20, 20, 1)
    activation: str = "tanh"
    init: str = "lecun"
    label_noise: float = 0.0
    description: str = ""
    alpha: float = 0.01        # Adam's learning rate for this task (``fit`` with optimizer="adam", alpha=None)
    output: str = "sigmoid"    # "softmax" for one-hot Y with several classes (the digits)

    def __post_init__(self):
        X, Y = _validate.xy(self.X_train, self.Y_train, x_name="X_train", y_name="Y_train")
        Xd, Yd = _validate.xy(self.X_dev, self.Y_dev, x_name="X_dev", y_name="Y_dev")
        sizes = initialization._layer_sizes(self.layer_sizes)
        output = _validate.choice("output", self.output, ("sigmoid", "softmax"))
        n_out = sizes[-1]
        if output == "sigmoid" and n_out != 1:
            raise ValueError(f"layer_sizes must end with one sigmoid output unit, got {list(sizes)}")
        if output == "softmax" and n_out < 2:
            raise ValueError(f"layer_sizes must end with at least 2 softmax output units, got {list(sizes)}")
        for name, A in (("X_train", X), ("X_dev", Xd)):
            if A.shape[0] != sizes[0]:
                raise ValueError(f"{name} must have n_x = {sizes[0]} rows (layer_sizes[0]), got shape {A.shape}")
        for name, A in (("Y_train", Y), ("Y_dev", Yd)):
            if A.shape[0] != n_out or not np.all((A == 0) | (A == 1)) or (n_out > 1 and np.any(A.sum(axis=0) != 1)):
                layout = "one-hot columns" if n_out > 1 else "a row"
                raise ValueError(f"{name} must be ({n_out}, m) 0/1 labels ({layout} for the {output} output), "
                                 f"got shape {A.shape}")
        _validate.choice("activation", self.activation, activations.ACTIVATIONS)
        _validate.choice("init", self.init, initialization.INITS)
        label_noise = _validate.real("label_noise", self.label_noise, low=0.0, high=0.5)
        for name, value in (("X_train", X), ("Y_train", Y), ("X_dev", Xd), ("Y_dev", Yd), ("layer_sizes", sizes),
                            ("label_noise", label_noise)):
            object.__setattr__(self, name, value)

    @property
    def m_train(self) -> int:
        return self.X_train.shape[1]

    @property
    def weight_shapes(self) -> list[tuple[int, int]]:
        """The shapes (n[l], n[l-1]) of W[1], ..., W[L]."""
        n = self.layer_sizes
        return [(n[l], n[l - 1]) for l in range(1, len(n))]

    def with_training_set(self, X, Y) -> Task:
        """The same task with another training set (an augmented one, say); dev is unchanged."""
        X, Y = _validate.xy(X, Y)
        return dataclasses.replace(self, X_train=X, Y_train=Y)

    def with_layers(self, layer_sizes) -> Task:
        """The same data with another network: ``layer_sizes`` = [n_x, n[1], ..., n[L]]."""
        sizes = initialization._layer_sizes(layer_sizes)
        if len(sizes) < 2 or sizes[0] != self.layer_sizes[0] or sizes[-1] != self.layer_sizes[-1]:
            raise ValueError(f"layer_sizes must start with n_x = {self.layer_sizes[0]} and end with "
                             f"n[L] = {self.layer_sizes[-1]}, got {list(sizes)}")
        return dataclasses.replace(self, layer_sizes=sizes)

    def network(self, seed: int) -> Network:
        """A fresh network for this task; the same seed gives the same initial weights."""
        return Network(self.layer_sizes, self.activation, self.output, init=self.init,
                       rng=_validate.integer("seed", seed, low=0))


def overfitting_task(*, m_train: int = 200, m_dev: int = 400, noise: float = 0.3, label_noise: float = 0.1,
                     layer_sizes=(2, 20, 20, 1), rng) -> Task:
    """The noisy moons task of notebooks 03-05 (see the module docstring); the notebooks use rng=1."""
    m_train = _validate.integer("m_train", m_train, low=2)
    m_dev = _validate.integer("m_dev", m_dev, low=1)
    layer_sizes = initialization._layer_sizes(layer_sizes)
    if layer_sizes[0] != 2 or layer_sizes[-1] != 1:
        raise ValueError(f"layer_sizes must start with n_x = 2 and end with 1 output, got {list(layer_sizes)}")
    gen = _validate.rng("rng", rng)
    X, Y = data.moons(m_train + m_dev, noise=noise, label_noise=label_noise, rng=gen)
    (Xt, Yt), (Xd, Yd), _ = splits.split(X, Y, counts=(m_train, m_dev, 0), rng=gen)
    desc = (f"moons, noise {noise:g}, {label_noise:.0%} labels flipped; {m_train} train / {m_dev} dev; "
            f"network {list(layer_sizes)} tanh")
    return Task(Xt, Yt, Xd, Yd, tuple(layer_sizes), label_noise=label_noise, description=desc, alpha=0.005)


def augmentation_task(*, m_train: int = 20, m_dev: int = 400, noise: float = 0.15, rng) -> Task:
    """A tiny noisy set whose labels do not change under rotation or reflection about the origin.

    Circles (class 0 at radius 1, class 1 at radius 0.5, coordinate noise ``noise``), ``m_train``
    training points and ``m_dev`` dev points, network [2, 20, 20, 1] tanh; notebook 05 uses rng=0.
    """
    m_train = _validate.integer("m_train", m_train, low=2)
    m_dev = _validate.integer("m_dev", m_dev, low=1)
    gen = _validate.rng("rng", rng)
    X, Y = data.circles(m_train + m_dev, noise=noise, factor=0.5, rng=gen)
    (Xt, Yt), (Xd, Yd), _ = splits.split(X, Y, counts=(m_train, m_dev, 0), stratify=True, rng=gen)
    return Task(Xt, Yt, Xd, Yd, description=f"circles (radii 1 and 0.5), noise {noise:g}; "
                f"{m_train} train / {m_dev} dev; network [2, 20, 20, 1] tanh")


#: the bias/variance task's data: moons' coordinate noise, the pool of training examples, the dev set
BV_NOISE = 0.2
BV_POOL_SIZE = 400
BV_DEV_SIZE = 1000


def bias_variance_task(m_train: int, label_noise: float = 0.0, *, seed: int, hidden_units: int = 32,
                       depth: int = 2) -> Task:
    """Moons (noise 0.2): train = first ``m_train`` of a pool of 400, dev = 1000 fresh examples;
    network [2, hidden_units x depth, 1] tanh, LeCun init. Notebook 02 uses seed=0.

    Exactly round(label_noise * m) labels are flipped in each set (``course2.data.flip_labels``).
    The clean pool and dev set do not depend on m_train or label_noise, so moving one slider
    changes one thing.
    """
    m_train = _validate.integer("m_train", m_train, low=2, high=BV_POOL_SIZE)
    label_noise = _validate.real("label_noise", label_noise, low=0.0, high=0.5)
    seed = _validate.integer("seed", seed, low=0)
    hidden_units = _validate.integer("hidden_units", hidden_units, low=1, high=256)
    depth = _validate.integer("depth", depth, low=1, high=6)
    X_pool, Y_pool, X_dev, Y_dev_clean = _clean_moons(seed)
    Y_train = data.flip_labels(Y_pool[:, :m_train], label_noise, rng=np.random.default_rng([seed, 1, m_train]))
    Y_dev = data.flip_labels(Y_dev_clean, label_noise, rng=np.random.default_rng([seed, 2]))
    sizes = (2,) + (hidden_units,) * depth + (1,)
    return Task(X_pool[:, :m_train].copy(), Y_train, X_dev.copy(), Y_dev, sizes, label_noise=label_noise,
                description=f"moons, noise {BV_NOISE:g}, {label_noise:.0%} labels flipped; {m_train} train / "
                            f"{BV_DEV_SIZE} dev; network {list(sizes)} tanh")


@lru_cache(maxsize=8)
def _clean_moons(seed: int):
    X_pool, Y_pool = data.moons(BV_POOL_SIZE, noise=BV_NOISE, rng=np.random.default_rng([seed, 0]))
    X_dev, Y_dev = data.moons(BV_DEV_SIZE, noise=BV_NOISE, rng=np.random.default_rng([seed, 3]))
    for a in (X_pool, Y_pool, X_dev, Y_dev):
        a.setflags(write=False)
    return X_pool, Y_pool, X_dev, Y_dev


@dataclass
class Fit:
    """One trained network and what it scores. ``gap`` = train accuracy - dev accuracy."""

    net: Network
    history: History
    lambd: float
    penalty: str
    keep_prob: float
    train_accuracy: float
    dev_accuracy: float
    train_data_cost: float   # cross-entropy on the whole training set, no penalty, no dropout

    @property
    def gap(self) -> float:
        return self.train_accuracy - self.dev_accuracy

    @property
    def train_error(self) -> float:
        return 1.0 - self.train_accuracy

    @property
    def dev_error(self) -> float:
        return 1.0 - self.dev_accuracy

    @property
    def layer_sizes(self) -> tuple:
        return self.net.layer_sizes

    @property
    def hidden_units(self) -> int:
        return self.net.layer_sizes[1]

    @property
    def depth(self) -> int:
        """Number of hidden layers."""
        return self.net.L - 1

    @property
    def iteration(self) -> int:
        """Iterations trained (up to divergence)."""
        return len(self.history.cost)

    @property
    def cost(self) -> np.ndarray:
        return np.asarray(self.history.cost, dtype=float)

    @property
    def weight_norms(self) -> list[float]:
        """||W[l]||_F for l = 1..L."""
        return [float(np.linalg.norm(W)) for W in self.net.W]

    @property
    def total_weight_norm(self) -> float:
        """sqrt(sum_l ||W[l]||_F^2): the norm the L2 penalty acts on."""
        return float(np.linalg.norm(self.net.weights_vector()))

    @property
    def diverged_at(self) -> int | None:
        return self.history.diverged_at

    def diagnosis(self, bayes_error: float | None = None) -> diagnosis.Diagnosis:
        """``course2.diagnosis.diagnose`` on this fit's train and dev error."""
        return diagnosis.diagnose(self.train_error, self.dev_error, bayes_error=bayes_error)


def fit_progressively(task: Task, *, seed: int, every: int, lambd: float = 0.0, penalty: str = "l2",
                      l1_proximal: bool = False, keep_prob: float = 1.0, optimizer: str = "adam",
                      alpha: float | None = None, num_iterations: int = NUM_ITERATIONS, eval_every: int | None = None,
                      callbacks=(), patience: int | None = None) -> Iterator[Fit]:
    """Train ``task.network(seed)`` (full batch) and yield a ``Fit`` of a copy of the network after every
    ``every`` iterations; the last one is the final result (at the end, at divergence or at an early stop).

    ``optimizer`` is a name of ``course2.optimizers.OPTIMIZERS`` with ``alpha`` (default: the task's
    ``alpha`` for Adam, ``DEFAULT_ALPHA[optimizer]`` for the others). ``seed`` fixes the initial
    weights and the dropout masks.
    ``eval_every`` defaults to once, at the end; ``patience`` turns on early stopping (see
    ``course2.training``). Accuracies are measured with dropout off. One run of
    ``course2.training.train_progressively``: the chunks draw exactly what one long run draws.
    """
    check_task(task)
    _validate.choice("optimizer", optimizer, optimizers.OPTIMIZERS)
    alpha = default_alpha(task, optimizer) if alpha is None else alpha
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    every = _validate.integer("every", every, low=1)
    net = task.network(seed)
    runs = train_progressively(net, task.X_train, task.Y_train,
                               optimizer=optimizers.make_optimizer(optimizer, alpha=alpha),
                               num_iterations=num_iterations, lambd=lambd, penalty=penalty, l1_proximal=l1_proximal,
                               keep_prob=keep_prob, rng=seed, X_dev=task.X_dev, Y_dev=task.Y_dev,
                               eval_every=num_iterations if eval_every is None else eval_every, callbacks=callbacks,
                               patience=patience, report_every=every)   # checks the rest, at the call
    return _fits(runs, net, task, lambd, penalty, keep_prob)


def _fits(runs, net: Network, task: Task, lambd, penalty, keep_prob) -> Iterator[Fit]:
    for history in runs:
        copy = net.copy()
        yield Fit(copy, _history_copy(history), float(lambd), penalty, float(keep_prob),
                  _accuracy(copy, task.X_train, task.Y_train), _accuracy(copy, task.X_dev, task.Y_dev),
                  data_cost(copy, task.X_train, task.Y_train))


def default_alpha(task: Task, optimizer: str) -> float:
    """The learning rate ``fit`` uses when none is given: the task's for Adam, DEFAULT_ALPHA's otherwise."""
    task = check_task(task)
    _validate.choice("optimizer", optimizer, optimizers.OPTIMIZERS)
    return task.alpha if optimizer == "adam" else DEFAULT_ALPHA[optimizer]


def check_task(task) -> Task:
    """task must be a ``Task`` (``overfitting_task(rng=1)``, ``augmentation_task(rng=0)``, ...)."""
    return _validate.instance("task", task, Task, "a course2.experiments.tasks.Task (e.g. overfitting_task(rng=1))")


def fit(task: Task, *, seed: int, **kwargs) -> Fit:
    """The final ``Fit`` of ``fit_progressively`` (same arguments, without ``every``)."""
    *_, last = fit_progressively(task, seed=seed, every=NUM_ITERATIONS * 1000, **kwargs)
    return last


def _history_copy(history: History) -> History:
    """A snapshot of a growing History (its lists copied; the run goes on appending to the original)."""
    return dataclasses.replace(history, **{f.name: list(getattr(history, f.name))
                                           for f in dataclasses.fields(history)
                                           if isinstance(getattr(history, f.name), list)})


def _accuracy(net: Network, X, Y) -> float:
    with np.errstate(all="ignore"):
        return metrics.network_accuracy(net, X, Y)


def data_cost(net: Network, X, Y) -> float:
    """J without the penalty (mean cross-entropy) of ``net`` on (X, Y), dropout off."""
    _validate.instance("net", net, Network)
    with np.errstate(over="ignore", invalid="ignore"):
        net.forward(X)
        return net.cost(Y)


@dataclass
class Sweep:
    """One ``Fit`` per value of one knob (``name``), in the order swept; aligned arrays below."""

    name: str
    values: np.ndarray
    fits: list

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise TypeError(f"name must be the swept knob's name (a str), got {self.name!r}")
        self.values = _validate.array("values", self.values, ndim=1)
        self.fits = _validate.items("fits", self.fits)
        for i, f in enumerate(self.fits):
            _validate.instance(f"fits[{i}]", f, Fit)
        if len(self.fits) != self.values.size:
            raise ValueError(f"values and fits must have the same length, got {self.values.size} values and "
                             f"{len(self.fits)} fits")

    def at(self, value) -> Fit:
        """The fit for ``value`` (one of ``values``, compared to 1e-9 relative)."""
        value = _validate.real(self.name, value)
        hits = [i for i, v in enumerate(self.values) if np.isclose(v, value, rtol=1e-9, atol=1e-12)]
        if not hits:
            raise ValueError(f"{self.name} must be one of the swept values {[float(v) for v in self.values]}, "
                             f"got {value!r}")
        return self.fits[hits[0]]

    @property
    def train_accuracy(self) -> np.ndarray:
        return np.array([f.train_accuracy for f in self.fits])

    @property
    def dev_accuracy(self) -> np.ndarray:
        return np.array([f.dev_accuracy for f in self.fits])

    @property
    def gap(self) -> np.ndarray:
        """train accuracy - dev accuracy: the variance the lecture reads off."""
        return self.train_accuracy - self.dev_accuracy

    @property
    def diverged_at(self) -> list:
        """Per value: the iteration where its run diverged, or None."""
        return [f.diverged_at for f in self.fits]


def sweep(name: str, values: Sequence, make_fit) -> Sweep:
    """``Sweep`` of ``make_fit(value)`` for every value (in order)."""
    if not isinstance(name, str):
        raise TypeError(f"name must be the swept knob's name (a str), got {name!r}")
    values = _validate.items("values", values, nonempty=False)
    if not values:
        raise ValueError(f"{name} values must not be empty, got {values!r}")
    _validate.function("make_fit", make_fit)
    return Sweep(name, np.array(values), [make_fit(v) for v in values])


def dev_halfwidth_line(n_dev: int, rate: float, *, kind: str = "accuracy") -> str:
    """One line to print under a table of dev accuracies (or errors): the 95 % half-width of a rate near
    ``rate`` measured on ``n_dev`` dev examples (notebook 01), h = z sqrt(p (1 - p) / n), in points.

    Differences smaller than h are not told apart by this dev set, so a notebook does not rank them.
    """
    n_dev = _validate.integer("n_dev", n_dev, low=1)
    rate = _validate.real("rate", rate, low=0.0, high=1.0)
    _validate.choice("kind", kind, ("accuracy", "error"))
    h = splits.error_confidence_halfwidth(rate, n_dev)
    return (f"dev set: {n_dev:,} examples, so a dev {kind} near {100 * rate:.0f}% is measured to "
            f"±{100 * h:.1f} points (95%); differences smaller than that are not told apart")
