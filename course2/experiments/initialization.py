"""Weight initialization, measured: the course's table on circles, deep stacks, and ERRATA #3 (notebook 08).

- ``circles_task``: the assignment's set-up in spirit: circles, network [2, 10, 5, 1] ReLU, plain
  gradient descent (alpha = 0.01, 15,000 iterations, full batch), 300 train / 300 dev.
- ``init_table``: one run per scheme (zeros, random x 10, He) from the same data: first and final
  cost, accuracies with the dev half-width, and whether the hidden units of each layer are still
  all identical (``identical_rows``). ``first_cost_report``: the first cost of random x 10 computed
  from the logits (what ``course2.network`` does: finite) and as log(sigmoid(z)) (what the
  assignment did: sigmoid rounds to exactly 1.0 for z > 37, log(1 - 1.0) = -inf).
- ``stack_scales``: std(A[l]) over a deep stack of equal width, averaged (root mean square) over
  several networks, for any scheme and activation; ``saturated_fraction`` for tanh.
- ``errata_variants``: the notes' formulas beside the right ones, each drawn and pushed through a
  50-layer ReLU stack whose widths alternate (so n[l-1] and n[L-1] differ).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import _validate, activations, data, initialization, splits
from ..network import Network
from ..training import History, diverged_text, train
from .tasks import Task, _accuracy, check_task

__all__ = ["ALPHA", "NUM_ITERATIONS", "DepthRuns", "DepthTable", "ErrataVariant", "InitRun", "StackScales",
           "circles_task", "constant_run", "distinct_rows", "depth_runs", "errata_variants", "format_depth_runs",
           "first_cost_report", "format_errata_variants", "format_init_table", "format_stack_table", "init_run",
           "init_table", "naive_cross_entropy", "stack_scales", "symmetry_report"]

#: the assignment ran alpha = 0.01 for 15,000 iterations; the same alpha x iterations in a fifth of the time
ALPHA = 0.05
NUM_ITERATIONS = 3_000
#: the assignment's three cases: (label, init, scale)
#: sigmoid(z) = 1 / (1 + exp(-z)) is exactly 0 below this: exp(-z) overflows to inf (course2.activations.sigmoid)
SIGMOID_ZERO_BELOW = -709.78
TABLE_CASES = (("zeros", "zeros", 0.0), ("random x 10", "random", 10.0), ("He", "he", 0.0))


def circles_task(*, m_train: int = 300, m_dev: int = 300, noise: float = 0.08, rng) -> Task:
    """Circles (radii 1 and 0.5, coordinate noise ``noise``), network [2, 10, 5, 1] ReLU; notebook 08 uses rng=1."""
    m_train = _validate.integer("m_train", m_train, low=2)
    m_dev = _validate.integer("m_dev", m_dev, low=1)
    gen = _validate.rng("rng", rng)
    X, Y = data.circles(m_train + m_dev, noise=noise, factor=0.5, rng=gen)
    (Xt, Yt), (Xd, Yd), _ = splits.split(X, Y, counts=(m_train, m_dev, 0), stratify=True, rng=gen)
    return Task(Xt, Yt, Xd, Yd, (2, 10, 5, 1), "relu", "he",
                description=f"circles (radii 1 and 0.5), noise {noise:g}; {m_train} train / {m_dev} dev; "
                            f"network [2, 10, 5, 1] ReLU")


@dataclass
class InitRun:
    """One training run from one initialization scheme."""

    label: str
    init: str
    scale: float
    net: Network
    history: History
    train_accuracy: float
    dev_accuracy: float
    m_dev: int
    identical_rows: list      # per hidden layer: are all rows of W[l] (all its units) identical?
    seed: int
    alpha: float
    chance: float             # accuracy of always predicting the dev set's majority class

    @property
    def first_cost(self) -> float:
        return float(self.history.cost[0])

    @property
    def final_cost(self) -> float:
        return float(self.history.cost[-1])

    @property
    def diverged_at(self) -> int | None:
        return self.history.diverged_at

    @property
    def dev_halfwidth(self) -> float:
        """95% half-width (Wilson: not 0 at an error of 0) of the dev error."""
        return splits.error_confidence_halfwidth(1.0 - self.dev_accuracy, self.m_dev, method="wilson")


def distinct_rows(W) -> int:
    """The number of different rows of W, equal up to 1e-9 of max |W| (rows computed the same way can differ in the
    last bit with the CPU's BLAS kernel)."""
    W = _validate.array("W", W, ndim=2)
    top = float(np.max(np.abs(W))) if W.size else 0.0
    if top == 0.0:
        return min(1, W.shape[0])
    return int(np.unique(np.round(W / top, 9), axis=0).shape[0])


def _identical_rows(net: Network) -> list:
    return [bool(np.all(W == W[:1])) for W in net.W[:-1]]


def init_run(task: Task, init: str, scale: float = 0.01, *, label: str | None = None, seed: int,
             alpha: float = ALPHA, num_iterations: int = NUM_ITERATIONS) -> InitRun:
    """Plain gradient descent (full batch) from ``init`` on ``task``; the seed draws the weights."""
    task = check_task(task)
    _validate.choice("init", init, initialization.INITS)
    scale = _validate.real("scale", scale, low=0.0)
    if label is not None:
        _validate.instance("label", label, str, "a str or None")
    seed = _validate.integer("seed", seed, low=0)
    alpha = _validate.real("alpha", alpha, low=0.0, low_open=True)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    net = Network(task.layer_sizes, task.activation, "sigmoid", init=init, scale=scale if scale else 0.01,
                  rng=_validate.integer("seed", seed, low=0))
    history = train(net, task.X_train, task.Y_train, alpha=alpha, num_iterations=num_iterations)
    return InitRun(label or init, init, float(scale), net, history, _accuracy(net, task.X_train, task.Y_train),
                   _accuracy(net, task.X_dev, task.Y_dev), task.X_dev.shape[1], _identical_rows(net), seed,
                   float(alpha),
                   float(max(np.mean(task.Y_dev), 1.0 - np.mean(task.Y_dev))))


def constant_run(task: Task, value: float = 0.5, *, alpha: float = ALPHA,
                 num_iterations: int = NUM_ITERATIONS) -> tuple[InitRun, list]:
    """Every weight starts at the same non-zero ``value`` (b = 0), then plain gradient descent: the weights move,
    but every unit of a layer stays identical to the others (nothing is random: no seed). Returns the run and
    the starting weights."""
    task = check_task(task)
    value = _validate.real("value", value)
    if value == 0:
        raise ValueError("value must be non-zero (zeros: see init_table), got 0")
    alpha = _validate.real("alpha", alpha, low=0.0, low_open=True)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    net = Network(task.layer_sizes, task.activation, "sigmoid", init="zeros")
    for W in net.W:
        W[...] = value
    start = [W.copy() for W in net.W]
    history = train(net, task.X_train, task.Y_train, alpha=alpha, num_iterations=num_iterations)
    run = InitRun(f"constant {value:g}", "zeros", 0.0, net, history, _accuracy(net, task.X_train, task.Y_train),
                  _accuracy(net, task.X_dev, task.Y_dev), task.X_dev.shape[1], _identical_rows(net), 0,
                  float(alpha), float(max(np.mean(task.Y_dev), 1.0 - np.mean(task.Y_dev))))
    return run, start


def init_table(task: Task, *, seed: int, cases: Sequence = TABLE_CASES, **kwargs) -> list[InitRun]:
    """``init_run`` for each (label, init, scale) of ``cases``, all from the same seed."""
    task = check_task(task)
    _validate.integer("seed", seed, low=0)
    cases = _check_cases("cases", _validate.items("cases", cases), initialization.INITS)
    return [init_run(task, init, scale, label=label, seed=seed, **kwargs) for label, init, scale in cases]


def _check_cases(name: str, cases: list, inits) -> list:
    """Each case is a triple whose middle is an init scheme (checked before any run)."""
    for c in cases:
        if isinstance(c, str) or not isinstance(c, (tuple, list)):
            raise TypeError(f"{name} must hold triples, got {c!r}")
        if len(c) != 3:
            raise ValueError(f"{name} must hold triples, got {c!r} of length {len(c)}")
        _validate.choice(f"{name}: init", c[1], inits)
    return cases


def _check_runs(runs) -> list:
    runs = _validate.items("runs", runs)
    for r in runs:
        _validate.instance("runs", r, InitRun, "a list of InitRun (from init_run or init_table)")
    return runs


def _percent(accuracy: float) -> str:
    """An accuracy in whole percent, but never "100%" for a score that is not perfect (299/300 is 99.7%): the
    digit after the point only there, where it is what the dev set measured (a chaotic run's other digits are not
    printed)."""
    return f"{accuracy:.1%}" if accuracy < 1.0 and round(100 * accuracy) == 100 else f"{accuracy:.0%}"


def format_init_table(runs: Sequence[InitRun]) -> str:
    """The assignment's table: first and final cost, train and dev accuracy (dev with its 95% half-width)."""
    runs = _check_runs(runs)
    lines = [f"{'init':<12} {'first cost':>10} {'final cost':>10} {'train':>6} {'dev':>13}  hidden units of a layer"]
    for r in runs:
        if r.diverged_at is not None:
            lines.append(f"{r.label:<12} {r.first_cost:10.3g} {diverged_text(r.diverged_at):>38}")
            continue
        same = "all identical" if all(r.identical_rows) else "differ"
        lines.append(f"{r.label:<12} {r.first_cost:10.3g} {r.final_cost:10.2g} {_percent(r.train_accuracy):>6} "
                     f"{_percent(r.dev_accuracy):>6} ± {100 * r.dev_halfwidth:3.0f}  {same}")
    run = runs[0]
    iterations = max(len(r.history.cost) for r in runs)
    return "\n".join(lines) + (f"\n(gradient descent, alpha = {run.alpha:g}, {iterations:,} iterations, "
                               f"full batch; dev ± = 95% half-width "
                               f"(Wilson) of the dev error on {runs[0].m_dev} examples)")


def naive_cross_entropy(A, Y) -> float:
    """The assignment's cost: -nansum(Y log A + (1 - Y) log(1 - A)) / m from the probabilities A = sigmoid(Z).

    When sigmoid(z) rounds to exactly 1.0 (z > 37 in float64) and y = 0, log(1 - A) = -inf: the cost is
    inf (the assignment's nansum drops the 0 * inf = nan of the other term, not the inf)."""
    A, Y = _validate.xy(A, Y, x_name="A", y_name="Y")
    if np.any((A < 0) | (A > 1)):
        raise ValueError("A must hold probabilities in [0, 1]")
    if A.shape != Y.shape or np.any((Y != 0) & (Y != 1)):
        raise ValueError(f"Y must hold 0/1 labels in the shape of A {A.shape}, got shape {Y.shape}")
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = Y * np.log(A) + (1.0 - Y) * np.log(1.0 - A)
    return float(-np.nansum(logs) / A.size)


def first_cost_report(task: Task, run: InitRun) -> str:
    """Why the assignment printed an infinite first cost for random x 10 and course2 prints a finite one."""
    task = check_task(task)
    _validate.instance("run", run, InitRun, "an InitRun (from init_run or init_table)")
    net = Network(task.layer_sizes, task.activation, "sigmoid", init=run.init,
                  scale=run.scale if run.scale else 0.01, rng=run.seed)
    A = net.forward(task.X_train)
    Z = net._cache[1].Z[-1]
    # where float64 rounds sigmoid(z) = 1 / (1 + exp(-z)) to exactly 1 (z > 37) or 0 (z < -709.78: exp(-z)
    # overflows to inf), decided on z, not on the last bit of a given CPU's exp (between 36.7 and 37 that bit
    # decides)
    saturated = (Z > 37.0) & (task.Y_train == 0) | (Z < SIGMOID_ZERO_BELOW) & (task.Y_train == 1)
    return "\n".join([
        f"{run.label}: first cost from the logits Z[L] (course2)          = {run.first_cost:.4g}",
        f"{run.label}: first cost as -nansum(y log a + (1-y) log(1-a))/m = {naive_cross_entropy(A, task.Y_train)}",
        f"largest |Z[L]| = {np.max(np.abs(Z)):.3g}; examples with the other label where a rounds to exactly 1 "
        f"(z > 37) or 0 (z < {SIGMOID_ZERO_BELOW:g}): {int(saturated.sum())} of {task.m_train}"])


def symmetry_report(run: InitRun, start=None) -> str:
    """What a symmetric start leaves after training: identical units (distinct rows of each W[l]), the accuracy;
    with ``start`` (the starting weights, from ``constant_run``), how far the weights moved."""
    _validate.instance("run", run, InitRun, "an InitRun (from init_run or init_table)")
    if start is not None:
        start = _validate.items("start", start)
        if len(start) != len(run.net.W) or any(np.shape(S) != W.shape for S, W in zip(start, run.net.W)):
            raise ValueError("start must hold one array per W[l] of the run's network, in its shapes")
    if run.diverged_at is not None:
        return f"{run.label}: {diverged_text(run.diverged_at)} (no trained weights to inspect)"
    parts = []
    for l, W in enumerate(run.net.W, start=1):
        distinct = distinct_rows(W)
        size = (f"max |w| = {np.max(np.abs(W)):.3g}" if start is None else
                f"entries {np.min(W):.3g} to {np.max(W):.3g} (all {float(np.asarray(start[l - 1]).flat[0]):g} at "
                f"the start)")
        parts.append(f"W[{l}] {W.shape}: {distinct} distinct row{'s' if distinct > 1 else ''}, {size}")
    return "\n".join(parts + [f"accuracy: train {run.train_accuracy:.0%}, dev {run.dev_accuracy:.0%} "
                              f"(always predicting one class: {run.chance:.0%})"])


# --- deep stacks --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StackScales:
    """std(A[l]) for l = 1..L (root mean square over ``n_networks`` networks) and tanh's saturated share."""

    activation: str
    init: str
    scale: float
    std: np.ndarray
    saturated: np.ndarray     # per layer: share of |A| > 0.99 (tanh), else zeros
    last_each: np.ndarray     # std(A[L]) of each network: how far a single network drifts from the RMS

    @property
    def depth(self) -> int:
        return self.std.size

    @property
    def spread(self) -> tuple[float, float]:
        """(min, max) of std(A[l]) / std(A[1]) over the layers."""
        ratio = self.std / self.std[0]
        return float(ratio.min()), float(ratio.max())


def predicted_ratio(activation: str, init: str, depth: int) -> float:
    """std(A[L]) / std(A[1]) predicted for a ReLU stack: each layer multiplies it by sqrt(n Var(W) / 2)."""
    if activation != "relu":
        raise ValueError(f"activation must be 'relu' (the prediction is for ReLU stacks), got {activation!r}")
    if init not in ("he", "lecun", "xavier"):
        raise ValueError(f"init must be one of 'he', 'lecun', 'xavier' for a prediction, got {init!r}")
    depth = _validate.integer("depth", depth, low=1)
    gain = 1.0 if init == "he" else math.sqrt(0.5)
    return gain ** (depth - 1)


def stack_scales(activation: str, init: str, *, scale: float = 0.01, depth: int = 50, width: int = 100,
                 m: int = 500, n_networks: int = 8, seed: int) -> StackScales:
    """Standard-normal inputs (width, m) through ``depth`` layers of ``width`` units, b = 0,
    every layer ``activation``; the std of each layer's A, root mean square over ``n_networks`` networks."""
    _validate.choice("activation", activation, activations.ACTIVATIONS)
    _validate.choice("init", init, initialization.INITS)
    scale = _validate.real("scale", scale, low=0.0)
    width = _validate.integer("width", width, low=1)
    m = _validate.integer("m", m, low=2)
    seed = _validate.integer("seed", seed, low=0)
    depth = _validate.integer("depth", depth, low=1, high=200)
    n_networks = _validate.integer("n_networks", n_networks, low=1)
    sq = np.zeros(depth)
    sat = np.zeros(depth)
    last = np.empty(n_networks)
    for k in range(n_networks):
        rng = np.random.default_rng([_validate.integer("seed", seed, low=0), k])
        stds, fractions = _one_stack([width] * (depth + 1), activation, init, scale, m, rng)
        with np.errstate(over="ignore"):
            sq += stds ** 2
        sat += fractions
        last[k] = stds[-1]
    with np.errstate(over="ignore"):
        std = np.sqrt(sq / n_networks)
    return StackScales(activation, init, float(scale), std, sat / n_networks, last)


def _one_stack(sizes, activation, init, scale, m, rng):
    weights = initialization.initialize_weights(sizes, init, rng=rng, scale=scale)
    A = rng.standard_normal((sizes[0], m))
    stds, sat = np.empty(len(weights)), np.zeros(len(weights))
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        for l, W in enumerate(weights):
            A = activations.forward(activation, W @ A)
            s = float(A.std())
            stds[l] = s if np.isfinite(s) else np.inf
            if activation == "tanh":
                sat[l] = float(np.mean(np.abs(A) > 0.99))
    return stds, sat


STACK_CASES = (("relu", "he", 0.0), ("relu", "lecun", 0.0), ("relu", "random", 0.01), ("relu", "random", 1.0),
               ("tanh", "lecun", 0.0), ("tanh", "he", 0.0), ("tanh", "random", 1.0))


def stack_table(*, seed: int, cases=STACK_CASES, **kwargs) -> list[StackScales]:
    _validate.integer("seed", seed, low=0)
    cases = _check_cases("cases", _validate.items("cases", cases), initialization.INITS)
    if "depth" in kwargs:
        _validate.integer("depth", kwargs["depth"], low=1, high=200)
    return [stack_scales(act, init, scale=scale or 0.01, seed=seed, **kwargs) for act, init, scale in cases]


def format_stack_table(rows: Sequence[StackScales], layers=(1, 10, 25, 50)) -> str:
    """std(A[l]) at a few layers, the ratio to layer 1 at the last one (with the ReLU prediction), tanh saturation."""
    rows = _validate.items("rows", rows)
    for r in rows:
        _validate.instance("rows", r, StackScales, "a list of StackScales (from stack_scales or stack_table)")
    depth = min(r.depth for r in rows)
    layers = [_validate.integer("layers", v, low=1, high=depth) for v in _validate.items("layers", layers)]
    def name(r):
        return f"{r.activation}, {r.init}" + (f" x {r.scale:g}" if r.init == "random" else "")
    width = max(len(name(r)) for r in rows)
    head = " ".join(f"{'A[' + str(l) + ']':>9}" for l in layers)
    lines = [f"{'activation, init':<{width}} {head} {'A[L]/A[1]':>10} {'predicted':>10} {'|A|>0.99':>9}  "
             f"{'A[L] of single networks':>24}"]
    for r in rows:
        cells = " ".join(f"{r.std[l - 1]:9.2g}" for l in layers)
        ratio = r.std[-1] / r.std[0]
        try:
            pred = f"{predicted_ratio(r.activation, r.init, r.depth):10.2g}"
        except ValueError:
            pred = f"{'':>10}"
        sat = f"{r.saturated[-1]:9.0%}" if r.activation == "tanh" else f"{'':>9}"
        each = r.last_each
        single = f"{np.median(each):.2g} ({each.min():.2g} to {each.max():.2g})"
        lines.append(f"{name(r):<{width}} {cells} {ratio:10.2g} {pred} {sat}  {single:>24}")
    r0 = rows[0]
    return "\n".join(lines) + (f"\n(std of A[l]: root mean square over {r0.last_each.size} networks; {r0.depth} layers "
                               f"of equal width, standard-normal inputs, b = 0; |A|>0.99: share of saturated tanh "
                               f"units at A[L];\n A[L] of single networks: median (min to max) of std(A[L]) over the "
                               f"{r0.last_each.size} networks)")


# --- ERRATA #3 ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ErrataVariant:
    name: str
    formula: str
    w_std: float          # std of a drawn W of shape (400, 100) (fan-in n[l-1] = 100)
    w_mean: float
    gain: float           # std(A[50]) / std(A[1]) through the alternating 50-layer ReLU stack


def _variant_std(variant: str, n_prev: int, n_last_hidden: int) -> float:
    if variant in ("he", "rand"):
        return math.sqrt(2.0 / n_prev)
    if variant == "lecun":
        return math.sqrt(1.0 / n_prev)
    if variant == "variance as std":
        return 2.0 / n_prev
    if variant == "sqrt written as a variance":
        return (1.0 / n_prev) ** 0.25
    if variant == "L-1":
        return math.sqrt(2.0 / n_last_hidden)
    raise ValueError(f"unknown variant {variant!r}")


ERRATA_VARIANTS = (
    ("he", "He: randn * sqrt(2 / n[l-1])        (Var = 2/n, ReLU)"),
    ("lecun", "LeCun: randn * sqrt(1 / n[l-1])     (Var = 1/n, tanh)"),
    ("variance as std", "randn * 2 / n[l-1]  (Var = 2/n written as the std)"),
    ("sqrt written as a variance", "notes' 'Var = sqrt(1/n[l-1])' taken at its word"),
    ("L-1", "randn * sqrt(2 / n[L-1])  (the notes' L-1)"),
    ("rand", "rand * sqrt(2 / n[l-1])  (uniform on [0, 1))"),
)


def _alternating_sizes(depth: int) -> list[int]:
    return [100] + [400 if l % 2 else 100 for l in range(1, depth + 1)]


def errata_variants(*, depth: int = 50, m: int = 500, seed: int) -> list[ErrataVariant]:
    """Each formula of ``ERRATA_VARIANTS``: the std and mean of a drawn W (400, 100), and the gain
    std(A[depth]) / std(A[1]) through ReLU layers whose widths alternate 400, 100, 400, ... (so n[L-1] = 400
    for every layer while n[l-1] alternates between 100 and 400)."""
    depth = _validate.integer("depth", depth, low=2)
    m = _validate.integer("m", m, low=2)
    _validate.integer("seed", seed, low=0)
    sizes = _alternating_sizes(depth)
    n_last_hidden = sizes[-2]
    out = []
    for variant, formula in ERRATA_VARIANTS:
        rng = np.random.default_rng([_validate.integer("seed", seed, low=0), 8])
        draw = rng.random if variant == "rand" else rng.standard_normal
        W2 = draw((400, 100)) * _variant_std(variant, 100, n_last_hidden)
        A = rng.standard_normal((sizes[0], m))
        stds = []
        with np.errstate(over="ignore", invalid="ignore", under="ignore"):
            for n_in, n_out in zip(sizes[:-1], sizes[1:]):
                A = np.maximum(draw((n_out, n_in)) * _variant_std(variant, n_in, n_last_hidden) @ A, 0.0)
                stds.append(float(A.std()))
        gain = stds[-1] / stds[0] if stds[0] > 0 and np.isfinite(stds[-1]) else math.inf
        out.append(ErrataVariant(variant, formula, float(W2.std()), float(W2.mean()), gain))
    return out


def format_errata_variants(rows: Sequence[ErrataVariant]) -> str:
    rows = _validate.items("rows", rows)
    for r in rows:
        _validate.instance("rows", r, ErrataVariant, "a list of ErrataVariant (from errata_variants)")
    width = max(len(r.formula) for r in rows)
    lines = [f"{'formula':<{width}} {'std W':>7} {'mean W':>7} {'A[50]/A[1]':>11}"]
    for r in rows:
        lines.append(f"{r.formula:<{width}} {r.w_std:7.3f} {r.w_mean:+7.3f} {r.gain:11.2g}")
    return "\n".join(lines) + ("\n(W drawn for a layer with n[l-1] = 100 inputs: right std sqrt(2/100) = 0.141 for He, "
                               "0.1 for LeCun;\n A[50]/A[1]: std ratio through 50 ReLU layers whose widths alternate "
                               "400, 100, 400, ..., so n[L-1] = 400 differs from n[l-1] every other layer)")


# --- training deep networks: depth x init, several seeds ----------------------------------------------------

#: a cost still above this (it starts at log 2 = 0.693, predicting 1/2 everywhere) has learned nothing yet
NOT_STARTED_COST = 0.65
#: plain gradient descent on [2, 32 x depth, 1] ReLU networks: what notebook 08's depth table trains
GD_DEPTH_CASES = (("relu", "he", 0.0), ("relu", "lecun", 0.0))
#: tanh: LeCun against random x 1 (saturated units)
TANH_CASES = (("tanh", "lecun", 0.0), ("tanh", "random", 1.0))


@dataclass(frozen=True)
class DepthRuns:
    """One (activation, init, scale, depth): per seed, the cost at ``early`` iterations, the final cost and the
    dev accuracy."""

    activation: str
    init: str
    scale: float
    depth: int
    seeds: tuple
    early_cost: np.ndarray
    final_cost: np.ndarray
    dev_accuracy: np.ndarray
    diverged_at: tuple = ()     # per seed: the iteration its run diverged at, or None

    @property
    def not_started_early(self) -> int:
        """Runs whose cost at ``early`` iterations is still above ``NOT_STARTED_COST`` (log 2 = 0.693 at the start)."""
        return int(np.sum(~(self.early_cost < NOT_STARTED_COST)))

    @property
    def not_started_final(self) -> int:
        """Runs whose final cost is still above ``NOT_STARTED_COST``."""
        return int(np.sum(~(self.final_cost < NOT_STARTED_COST)))


@dataclass(frozen=True)
class DepthTable:
    rows: list
    optimizer: str
    width: int
    alpha: float
    num_iterations: int
    early: int | None


def depth_runs(task: Task, *, seeds, depths, cases=GD_DEPTH_CASES, optimizer: str = "gd", width: int = 32,
               alpha: float = 0.05, num_iterations: int = 500, early: int | None = 100) -> DepthTable:
    """Train a [2, width x depth, 1] network from each (activation, init, scale) of ``cases``, at each depth, once per
    seed (the seed draws the weights), full batch, with plain gradient descent (``optimizer="gd"``) or Adam; the cost
    is also read at ``early`` iterations (None: only at the end)."""
    task = check_task(task)
    seeds = tuple(_validate.integer("seeds", v, low=0) for v in _validate.items("seeds", seeds))
    depths = [_validate.integer("depths", d, low=1, high=50) for d in _validate.items("depths", depths)]
    cases = _check_cases("cases", _validate.items("cases", cases), initialization.INITS)
    for c in cases:
        _validate.choice("cases: activation", c[0], ("relu", "tanh"))
    _validate.choice("optimizer", optimizer, ("gd", "adam"))
    width = _validate.integer("width", width, low=1)
    alpha = _validate.real("alpha", alpha, low=0.0, low_open=True)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    if early is not None:
        early = _validate.integer("early", early, low=1, high=num_iterations)
    from ..optimizers import Adam, GradientDescent

    rows = []
    for depth in depths:
        for act, init, scale in cases:
            early_cost, final_cost, dev, diverged = [], [], [], []
            for seed in seeds:
                net = Network(deep_layer_sizes(depth, width), act, "sigmoid", init=init, scale=scale or 0.01,
                              rng=seed)
                opt = Adam(alpha) if optimizer == "adam" else GradientDescent(alpha)
                history = train(net, task.X_train, task.Y_train, optimizer=opt, num_iterations=num_iterations)
                cost = np.asarray(history.cost, dtype=float)
                early_cost.append(cost[early - 1] if early is not None and cost.size >= early else np.nan)
                final_cost.append(cost[-1])
                dev.append(_accuracy(net, task.X_dev, task.Y_dev))
                diverged.append(history.diverged_at)
            rows.append(DepthRuns(act, init, float(scale or 0.01), depth, seeds, np.array(early_cost),
                                  np.array(final_cost), np.array(dev), tuple(diverged)))
    return DepthTable(rows, optimizer, width, float(alpha), num_iterations, early)


def format_depth_runs(table: DepthTable) -> str:
    """Counts over the seeds, per depth and init: runs whose cost is still near log 2 (above ``NOT_STARTED_COST``)
    at ``early`` iterations and at the end."""
    _validate.instance("table", table, DepthTable, "a DepthTable (from depth_runs)")
    n = len(table.rows[0].seeds)
    def name(r):
        return f"{r.activation}, {r.init}" + (f" x {r.scale:g}" if r.init == "random" else "")
    width = max(len(name(r)) for r in table.rows)
    early = table.early is not None
    lines = [f"{'':>5}  {'':<{width}}  {f'runs whose cost is still >= {NOT_STARTED_COST:g}':>{34 if early else 33}}",
             f"{'depth':>5}  {'activation, init':<{width}}  " + (f"{f'after {table.early} it.':>16}  " if early else "")
             + f"{f'after {table.num_iterations} it.':>16}"]
    for r in table.rows:
        first = f"{f'{r.not_started_early} of {n}':>16}  " if early else ""
        at = [d for d in r.diverged_at if d is not None]
        note = f"  ({len(at)} of {n} {diverged_text(min(at))}, the first)" if at else ""
        lines.append(f"{r.depth:>5}  {name(r):<{width}}  {first}{f'{r.not_started_final} of {n}':>16}{note}")
    how = "plain gradient descent" if table.optimizer == "gd" else "Adam"
    return "\n".join(lines) + (f"\n({how}, alpha = {table.alpha:g}, full batch; depth hidden layers of "
                               f"{table.width} units; seeds {table.rows[0].seeds[0]}..{table.rows[0].seeds[-1]}; "
                               f"the cost starts at log 2 = 0.693)")


# --- the explorer's runs ------------------------------------------------------------------------------------

@dataclass
class DeepFit:
    """A snapshot of ``deep_fit_progressively``: the network so far, its costs and accuracies."""

    net: Network
    cost: np.ndarray
    train_accuracy: float
    dev_accuracy: float
    diverged_at: int | None

    @property
    def iteration(self) -> int:
        return int(self.cost.size)


def deep_layer_sizes(depth: int, width: int = 8) -> tuple[int, ...]:
    """[2, width x depth, 1]: ``depth`` hidden layers for the circles."""
    depth = _validate.integer("depth", depth, low=1, high=50)
    return (2,) + (_validate.integer("width", width, low=1),) * depth + (1,)


def deep_fit_progressively(task: Task, *, depth: int, init: str, activation: str = "relu", scale: float = 0.01,
                           width: int = 8, alpha: float = 0.01, num_iterations: int = 200, every: int = 50,
                           seed: int):
    """Adam (full batch) on ``task``'s data with a [2, width x depth, 1] network drawn by ``init``;
    yields a ``DeepFit`` every ``every`` iterations, the last one final. Its arguments are checked at the
    call, before the first ``next()``."""
    from ..optimizers import Adam

    task = check_task(task)
    _validate.choice("activation", activation, ("relu", "tanh"))
    net = Network(deep_layer_sizes(depth, width), activation, "sigmoid", init=init, scale=scale,
                  rng=_validate.integer("seed", seed, low=0))
    optimizer = Adam(alpha)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    every = _validate.integer("every", every, low=1)
    return _deep_fits(net, task, optimizer, num_iterations, every)


def _deep_fits(net, task, optimizer, num_iterations, every):
    for history in _train_progressively(net, task, optimizer, num_iterations, every):
        copy = net.copy()
        yield DeepFit(copy, np.asarray(history.cost, dtype=float), _accuracy(copy, task.X_train, task.Y_train),
                      _accuracy(copy, task.X_dev, task.Y_dev), history.diverged_at)


def _train_progressively(net, task, optimizer, num_iterations, every):
    from ..training import train_progressively

    return train_progressively(net, task.X_train, task.Y_train, optimizer=optimizer, num_iterations=num_iterations,
                               report_every=every)
