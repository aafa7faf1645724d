"""Adam, measured: the numbers notebook 14 shows and tests.

Adam is momentum and RMSprop together, with both running averages bias-corrected:

    V <- beta1 V + (1 - beta1) dW          V_hat = V / (1 - beta1**t)
    S <- beta2 S + (1 - beta2) dW**2       S_hat = S / (1 - beta2**t)
    W <- W - alpha V_hat / (sqrt(S_hat) + epsilon)          (t counts steps from 1)

- The first steps under each bias-correction choice (``AdamVariant``, ``step_sizes``): with a constant
  gradient, correcting both gives steps of alpha from the first one; correcting neither gives
  (1 - beta1**t) / sqrt(1 - beta2**t) alpha (3.16 alpha at t = 1 with the default betas); only S
  corrected (1 - beta1**t) alpha (0.1 alpha); only V corrected 1 / sqrt(1 - beta2**t) alpha (31.6 alpha).
  ``correction_horizon``: after how many steps the uncorrected step is within 1 % of the corrected one
  (a few times 1 / (1 - beta2)).
- The four optimizers on three surfaces (``surface_runs``): the bowl of notebooks 12-13, Rosenbrock's
  curved valley and a saddle; momentum uses beta1, RMSprop beta2, all at the same alpha.
- Scale invariance (``rescaled_runs``): multiply the cost by 1000 and Adam's path does not change (its
  step is a ratio of two averages of the same gradient); gradient descent's step is 1000 times longer.
- The course assignment's comparison on moons (``moons_table``): 300 points, network [2, 5, 2, 1]
  (ReLU, He), mini-batches of 64, alpha = 7e-4; gradient descent, momentum and Adam over several
  seeds, with the mean's half-width over the seeds (``seeds_halfwidth``) and one dev set's (``dev_halfwidth``).
- How long one step can be (``jump_step``, ``paper_bound``): scale-free is not bounded by alpha; when the gradient
  jumps after many small ones, the step exceeds alpha (3.18 alpha against the paper's rough 3.16).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import _validate, data, metrics, optimizers, splits, surfaces, training
from ..ewma import check_beta
from .momentum import TOL_FRACTION, Run, bowl
from .tasks import Task

__all__ = ["CORRECTIONS", "MOONS_ALPHA", "MOONS_BATCH", "MOONS_LAYERS", "OPTIMIZER_NAMES", "SURFACE_NAMES",
           "AdamVariant", "MoonsRow", "Rescaled", "correction_horizon", "dev_halfwidth", "difference_halfwidth",
           "escape_step", "format_first_steps", "format_moons_table", "format_rescaled", "format_step_bound",
           "format_surface_table", "jump_step", "make_optimizer", "moons_fit", "moons_table", "moons_task",
           "paper_bound", "rescaled_runs", "seeds_halfwidth", "start_of", "step_factor", "step_sizes", "surface",
           "surface_runs"]

#: the bias-correction choices: both moments corrected (Adam), neither, only V, only S
CORRECTIONS = ("both", "neither", "V only", "S only")
#: the four optimizers compared, in the order every table and figure uses
OPTIMIZER_NAMES = ("gd", "momentum", "rmsprop", "adam")
LABELS = {"gd": "gradient descent", "momentum": "momentum", "rmsprop": "RMSprop", "adam": "Adam"}
SURFACE_NAMES = ("bowl", "rosenbrock", "saddle")
#: steps of the surface runs (the tables; the explorer draws fewer)
STEPS = 1000


class AdamVariant(optimizers.Optimizer):
    """Adam with a choice of bias correction (``optimizers.Adam`` is ``correct="both"``):

        both     W -= alpha V_hat / (sqrt(S_hat) + epsilon)
        neither  W -= alpha V / (sqrt(S) + epsilon)
        V only   W -= alpha V_hat / (sqrt(S) + epsilon)
        S only   W -= alpha V / (sqrt(S_hat) + epsilon)

    V and S are stored raw in all four (only the values used are corrected).
    """

    n_states = 2

    def __init__(self, alpha: float = 0.001, beta1: float = 0.9, beta2: float = 0.999, epsilon: float = 1e-8, *,
                 correct: str = "both"):
        super().__init__(alpha)
        self.beta1 = check_beta(beta1, "beta1")
        self.beta2 = check_beta(beta2, "beta2")
        self.epsilon = optimizers.check_epsilon(epsilon)
        self.correct = _validate.choice("correct", correct, CORRECTIONS)

    def _update(self, decay) -> None:
        b1, b2, eps, t = self.beta1, self.beta2, self.epsilon, self.t
        c1 = 1.0 - b1**t if self.correct in ("both", "V only") else 1.0
        c2 = 1.0 - b2**t if self.correct in ("both", "S only") else 1.0
        for W, dW, V, S, _tmp in self._segments:
            V *= b1
            V += (1.0 - b1) * dW
            S *= b2
            S += (1.0 - b2) * dW * dW
            W -= self._alpha * (V / c1) / (np.sqrt(S / c2) + eps)

    def _hyper(self) -> str:
        return (f"alpha={self.alpha!r}, beta1={self.beta1!r}, beta2={self.beta2!r}, epsilon={self.epsilon!r}, "
                f"correct={self.correct!r}")


def make_optimizer(name: str, alpha: float, beta1: float = 0.9, beta2: float = 0.999, *,
                   correct: str = "both") -> optimizers.Optimizer:
    """One of ``OPTIMIZER_NAMES`` at ``alpha``: momentum with beta = beta1, RMSprop with beta = beta2, Adam with
    both (and the bias-correction choice ``correct``)."""
    _validate.choice("name", name, OPTIMIZER_NAMES)
    _validate.choice("correct", correct, CORRECTIONS)
    alpha = optimizers.check_alpha(alpha)
    beta1, beta2 = check_beta(beta1, "beta1"), check_beta(beta2, "beta2")
    if name == "gd":
        return optimizers.GradientDescent(alpha)
    if name == "momentum":
        return optimizers.Momentum(alpha, beta1)
    if name == "rmsprop":
        return optimizers.RMSprop(alpha, beta2)
    if correct == "both":
        return optimizers.Adam(alpha, beta1, beta2)
    return AdamVariant(alpha, beta1, beta2, correct=correct)


# -- the first steps and bias correction ---------------------------------------------------------------
def step_sizes(steps: int, *, beta1: float = 0.9, beta2: float = 0.999, gradient: float = 1.0,
               corrections: Sequence[str] = CORRECTIONS) -> dict[str, np.ndarray]:
    """|step t| / alpha for t = 1..steps, from V = S = 0 with the same gradient every step, for each
    bias-correction choice (keys of ``corrections``): run through ``AdamVariant``."""
    steps = _validate.integer("steps", steps, low=1)
    corrections = [_validate.choice("correct", c, CORRECTIONS) for c in _validate.items("corrections", corrections)]
    g = _validate.real("gradient", gradient)
    if g == 0:
        raise ValueError("gradient must be non-zero (a zero gradient takes no step at all), got 0")
    out = {}
    for c in corrections:
        opt = AdamVariant(1.0, beta1, beta2, correct=c)
        W, G = np.zeros(1), np.array([g])
        sizes = np.empty(steps)
        for t in range(steps):
            before = W[0]
            opt.step([W], [G])
            sizes[t] = abs(W[0] - before)
        out[c] = sizes
    return out


def step_factor(t, *, beta1: float = 0.9, beta2: float = 0.999, correct: str = "neither") -> np.ndarray:
    """|step t| / alpha with a constant gradient (epsilon neglected), closed form: V_t = (1 - beta1**t) g and
    S_t = (1 - beta2**t) g**2, so an uncorrected V contributes (1 - beta1**t), an uncorrected S
    1 / sqrt(1 - beta2**t); Adam's ("both") is 1. ``step_sizes`` runs the same through ``AdamVariant``."""
    beta1, beta2 = check_beta(beta1, "beta1"), check_beta(beta2, "beta2")
    _validate.choice("correct", correct, CORRECTIONS)
    t = _validate.array("t", t, nonempty=False)
    if np.any(t < 1) or np.any(t != np.round(t)):
        raise ValueError("t must hold whole step numbers >= 1 (t counts steps from 1)")
    f1 = np.ones_like(t) if correct in ("both", "V only") else -np.expm1(t * math.log(beta1))
    f2 = np.ones_like(t) if correct in ("both", "S only") else -np.expm1(t * math.log(beta2))
    return f1 / np.sqrt(f2)


def correction_horizon(*, beta1: float = 0.9, beta2: float = 0.999, correct: str = "neither", tol: float = 0.01,
                       max_steps: int = 100_000) -> int:
    """The first step t from which on the ``correct`` variant's step stays within ``tol`` (relative) of Adam's
    (constant gradient, ``step_factor``)."""
    tol = _validate.real("tol", tol, low=0.0, low_open=True)
    step_factor(np.ones(1), beta1=beta1, beta2=beta2, correct=correct)      # checks them
    t = np.arange(1, _validate.integer("max_steps", max_steps, low=1) + 1, dtype=float)
    off = np.abs(step_factor(t, beta1=beta1, beta2=beta2, correct=correct) - 1.0) > tol
    if off[-1]:
        raise ValueError(f"the {correct!r} step is still off by more than tol = {tol:g} after max_steps = "
                         f"{len(t)} steps: raise max_steps")
    return int(np.flatnonzero(off)[-1]) + 2 if off.any() else 1


def format_first_steps(ts: Sequence[int] = (1, 2, 10, 100, 1000, 3000, 10000), *, beta1: float = 0.9,
                       beta2: float = 0.999) -> str:
    """|step t| / alpha under each correction (constant gradient), and when each is within 1 % of Adam's."""
    ts = [_validate.integer("t", t, low=1) for t in _validate.items("ts", ts)]
    beta1, beta2 = check_beta(beta1, "beta1"), check_beta(beta2, "beta2")
    s = {c: step_factor(np.array(ts, dtype=float), beta1=beta1, beta2=beta2, correct=c) for c in CORRECTIONS}
    lines = [f"|step t| / alpha from V = S = 0 with the same gradient every step (beta1 = {beta1:g}, "
             f"beta2 = {beta2:g});",
             "which averages are divided by (1 - beta**t)",
             f"{'t':>6}  " + "  ".join(f"{c:>8}" for c in CORRECTIONS)]
    for i, t in enumerate(ts):
        lines.append(f"{t:6d}  " + "  ".join(f"{s[c][i]:8.3g}" for c in CORRECTIONS))
    horizons = [correction_horizon(beta1=beta1, beta2=beta2, correct=c) for c in CORRECTIONS]
    lines.append(f"{'within 1% of Adam from step':>27}: " + ", ".join(
        f"{c} {h}" for c, h in zip(CORRECTIONS[1:], horizons[1:])) + f"   (1 / (1 - beta2) = {1 / (1 - beta2):.4g})")
    return "\n".join(lines)


# -- the surfaces ------------------------------------------------------------------------------------
def surface(name: str) -> surfaces.Surface:
    """'bowl' (notebook 12's: lambda = 0.2 and 10), 'rosenbrock' (a = 1, b = 100) or 'saddle' (a = b = 1)."""
    _validate.choice("name", name, SURFACE_NAMES)
    return {"bowl": bowl, "rosenbrock": surfaces.Rosenbrock, "saddle": surfaces.Saddle}[name]()


def start_of(name: str) -> np.ndarray:
    """Where the runs start: the bowl (-10, 2); Rosenbrock (-1.5, 2); the saddle (-1.5, 0.001), just off
    the ridge line w2 = 0 along which it leads to the saddle point."""
    _validate.choice("name", name, SURFACE_NAMES)
    return np.array({"bowl": (-10.0, 2.0), "rosenbrock": (-1.5, 2.0), "saddle": (-1.5, 1e-3)}[name])


def escape_step(r: Run, distance: float = 1.0) -> int | None:
    """The first step with |w2| >= distance (off the saddle), None if never."""
    _validate.instance("r", r, Run, "a course2.experiments.momentum.Run (from surface_runs)")
    distance = _validate.real("distance", distance, low=0.0, low_open=True)
    with np.errstate(invalid="ignore"):
        hit = np.flatnonzero(np.abs(r.path.points[:, 1]) >= distance)
    return int(hit[0]) if hit.size else None


def surface_runs(name: str, alpha: float, *, beta1: float = 0.9, beta2: float = 0.999, correct: str = "both",
                 steps: int = STEPS, scale: float = 1.0) -> dict[str, Run]:
    """The four optimizers (``OPTIMIZER_NAMES``) on ``surface(name)`` from ``start_of(name)``, all at alpha;
    ``scale`` multiplies the cost (the bowl only)."""
    q = surface(name)
    scale = _validate.real("scale", scale, low=0.0, low_open=True)
    if scale != 1.0:
        if name != "bowl":
            raise ValueError(f"scale must be 1 except on the bowl, got scale={scale!r} on {name!r}")
        q = surfaces.Quadratic(q.condition, scale=q.scale * scale)
    start = start_of(name)
    tol = TOL_FRACTION * float(q.cost(start))
    return {o: Run(LABELS[o], surfaces.optimize_path(q, make_optimizer(o, alpha, beta1, beta2, correct=correct),
                                                     start, steps), tol)
            for o in OPTIMIZER_NAMES}


def _steps_text(r: Run, name: str) -> str:
    if r.diverged_at is not None:
        return training.diverged_text(r.diverged_at)
    n = escape_step(r) if name == "saddle" else r.steps_to_tol
    return str(n) if n is not None else f"> {len(r.path.costs) - 1}"


def format_surface_table(alpha: float = 0.1, *, beta1: float = 0.9, beta2: float = 0.999) -> str:
    """Steps to J <= 1e-3 J0 (bowl, Rosenbrock) or to |w2| >= 1 (off the saddle), each optimizer at alpha."""
    alpha = optimizers.check_alpha(alpha)
    beta1, beta2 = check_beta(beta1, "beta1"), check_beta(beta2, "beta2")
    lines = [f"all at alpha = {alpha:g}; momentum beta = beta1 = {beta1:g}, RMSprop beta = beta2 = {beta2:g}; "
             f"{STEPS} steps",
             f"steps to J <= {TOL_FRACTION:g} J0 (bowl, Rosenbrock) or to |w2| >= 1 (saddle, from w2 = 0.001)",
             f"{'surface':<11}" + "".join(f"{LABELS[o]:>27}" for o in OPTIMIZER_NAMES)]
    tail, j0 = [], 0.0
    for name in SURFACE_NAMES:
        runs = surface_runs(name, alpha, beta1=beta1, beta2=beta2)
        lines.append(f"{name:<11}" + "".join(f"{_steps_text(runs[o], name):>27}" for o in OPTIMIZER_NAMES))
        if name == "rosenbrock":
            end = [o for o in OPTIMIZER_NAMES if runs[o].diverged_at is None and runs[o].steps_to_tol is None]
            j0 = float(runs[OPTIMIZER_NAMES[0]].path.costs[0])
            tail = [f"{LABELS[o]} J = {runs[o].path.costs[-1]:.2g} at w = ({runs[o].path.points[-1, 0]:.2f}, "
                    f"{runs[o].path.points[-1, 1]:.2f})" for o in end]
    if tail:
        lines.append(f"after {STEPS} steps on rosenbrock, not at the tolerance: " + "; ".join(tail) +
                     f"   (J0 = {j0:g}, minimum J = 0 at (1, 1))")
    return "\n".join(lines)


# -- the scale of the cost ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Rescaled:
    name: str
    runs: tuple[Run, Run]            # at scale 1 and at ``factor``
    max_difference: float            # max |path at factor - path at 1| (inf if one diverged)
    max_step: float                  # largest |step| of one coordinate over both runs / alpha (inf if diverged)


def rescaled_runs(alpha: float = 0.1, factor: float = 1000.0, *, steps: int = STEPS) -> dict[str, Rescaled]:
    """Each optimizer on the bowl and on the bowl times ``factor`` (the cost, so every gradient, times factor)."""
    factor = _validate.real("factor", factor, low=0.0, low_open=True)
    a = surface_runs("bowl", alpha, steps=steps)
    b = surface_runs("bowl", alpha, steps=steps, scale=factor)
    out = {}
    for o in OPTIMIZER_NAMES:
        pa, pb = a[o].path.points, b[o].path.points
        d = np.abs(pa - pb)
        diff = float("inf") if np.isnan(d).any() else float(d.max())
        st = np.abs(np.diff(np.vstack([pa, pb]).reshape(2, -1, 2), axis=1))
        step = float("inf") if np.isnan(st).any() else float(st.max()) / alpha
        out[o] = Rescaled(o, (a[o], b[o]), diff, step)
    return out


def _difference_text(d: float) -> str:
    if d == float("inf"):
        return "(diverged)"
    return "< 1e-6" if d < 1e-6 else f"{d:.2g}"


def format_rescaled(alpha: float = 0.1, factor: float = 1000.0) -> str:
    alpha = optimizers.check_alpha(alpha)
    r = rescaled_runs(alpha, factor)
    lines = [f"the bowl's cost J and {factor:g} J, every optimizer at alpha = {alpha:g}, {STEPS} steps from "
             f"(-10, 2)",
             f"{'optimizer':<17}  {'steps to tol: J':>15}  {f'{factor:g} J':>26}  {'max |path difference|':>21}  "
             f"{'largest step / alpha':>20}"]
    for o in OPTIMIZER_NAMES:
        x = r[o]
        step = "(diverged)" if x.max_step == float("inf") else f"{x.max_step:.2f}"
        lines.append(f"{LABELS[o]:<17}  {_steps_text(x.runs[0], 'bowl'):>15}  {_steps_text(x.runs[1], 'bowl'):>26}  "
                     f"{_difference_text(x.max_difference):>21}  {step:>20}")
    return "\n".join(lines)


# -- how long one step can be --------------------------------------------------------------------------
def jump_step(small: float = 1e-3, large: float = 1.0, steps: int = 4999, *, beta1: float = 0.9,
              beta2: float = 0.999) -> float:
    """|step| / alpha of the Adam step (``optimizers.adam_step``, from V = S = 0) that first sees the gradient
    ``large`` after ``steps`` steps of ``small``. V_hat / sqrt(S_hat) is a ratio of two averages of the gradient's
    past; when the gradient jumps, the average of squares lags behind and the step exceeds alpha."""
    small = _validate.real("small", small)
    large = _validate.real("large", large)
    steps = _validate.integer("steps", steps, low=0)
    beta1, beta2 = check_beta(beta1, "beta1"), check_beta(beta2, "beta2")
    if large == 0:
        raise ValueError("large must be non-zero (the step that sees it is measured), got 0")
    W, V, S = np.zeros(1), np.zeros(1), np.zeros(1)
    for t in range(1, steps + 1):
        W, V, S = optimizers.adam_step(W, np.array([small]), V, S, t, alpha=1.0, beta1=beta1, beta2=beta2)
    before = W[0]
    W, V, S = optimizers.adam_step(W, np.array([large]), V, S, steps + 1, alpha=1.0, beta1=beta1, beta2=beta2)
    return float(abs(W[0] - before))


def paper_bound(beta1: float = 0.9, beta2: float = 0.999) -> float:
    """The Adam paper's (Kingma & Ba, section 2.1) rough bound on |step| / alpha when (1 - beta1) > sqrt(1 - beta2):
    (1 - beta1) / sqrt(1 - beta2), 3.16 with the default betas. Not a strict bound (``jump_step``)."""
    beta1, beta2 = check_beta(beta1, "beta1"), check_beta(beta2, "beta2")
    return (1.0 - beta1) / math.sqrt(1.0 - beta2)


def format_step_bound(small: float = 1e-3, large: float = 1.0, before: Sequence[int] = (10, 100, 1000, 4999), *,
                      beta1: float = 0.9, beta2: float = 0.999) -> str:
    """Adam's step when the gradient jumps from ``small`` to ``large`` after each number of steps in ``before``,
    next to the Adam paper's bound."""
    before = [_validate.integer("steps", b, low=0) for b in _validate.items("before", before)]
    bound = paper_bound(beta1, beta2)
    lines = [f"Adam's |step| / alpha (beta1 = {beta1:g}, beta2 = {beta2:g}) when the gradient jumps from {small:g} "
             f"to {large:g}",
             f"{f'steps of {small:g} before the jump':<41}  {'|step| / alpha':>14}"]
    for b in before:
        lines.append(f"{b:>41d}  {jump_step(small, large, b, beta1=beta1, beta2=beta2):14.2f}")
    lines.append(f"{'Adam paper: (1 - beta1) / sqrt(1 - beta2)':<41}  {bound:14.2f}")
    return "\n".join(lines)


# -- the course assignment on moons --------------------------------------------------------------------
MOONS_LAYERS = (2, 5, 2, 1)
MOONS_BATCH = 64
MOONS_ALPHA = 7e-4
MOONS_DEV = 1000
#: epochs of the moons runs (the assignment trains 5,000; 500 keep the ordering and take a tenth of the time)
MOONS_EPOCHS = 500


@lru_cache(maxsize=16)
def moons_task(seed: int) -> Task:
    """The assignment's data: 300 moons (noise 0.2), plus a dev set of 1,000 from the same distribution;
    network [2, 5, 2, 1], ReLU, He initialization. ``seed`` draws both sets."""
    seed = _validate.integer("seed", seed, low=0)
    X, Y = data.moons(300, noise=0.2, rng=np.random.default_rng([seed, 14, 0]))
    Xd, Yd = data.moons(MOONS_DEV, noise=0.2, rng=np.random.default_rng([seed, 14, 1]))
    return Task(X, Y, Xd, Yd, MOONS_LAYERS, activation="relu", init="he",
                description=f"moons, noise 0.2; 300 train / {MOONS_DEV} dev; network {list(MOONS_LAYERS)} ReLU, He")


@dataclass(frozen=True)
class MoonsRow:
    optimizer: str
    train_accuracy: tuple      # per seed
    dev_accuracy: tuple
    diverged_at: tuple         # per seed: None or the iteration

    @property
    def mean_dev(self) -> float:
        return float(np.mean(self.dev_accuracy))


def moons_fit(optimizer: str, seed: int, *, alpha: float = MOONS_ALPHA, epochs: int = MOONS_EPOCHS):
    """(net, history) of one assignment run: ``optimizer`` ('gd', 'momentum' (beta 0.9) or 'adam'), mini-batches
    of 64 shuffled with ``seed``, initial weights from ``seed``."""
    _validate.choice("optimizer", optimizer, ("gd", "momentum", "adam"))
    task = moons_task(seed)
    net = task.network(seed)
    history = training.train(net, task.X_train, task.Y_train, optimizer=make_optimizer(optimizer, alpha),
                             num_epochs=_validate.integer("epochs", epochs, low=1), batch_size=MOONS_BATCH,
                             rng=np.random.default_rng([seed, 14, 2]), eval_every=10**9)
    return net, history


def moons_table(seeds: Sequence[int], *, alpha: float = MOONS_ALPHA,
                epochs: int = MOONS_EPOCHS) -> list[MoonsRow]:
    """Gradient descent, momentum and Adam on ``moons_task(seed)`` for every seed (notebook 14: 0-4)."""
    seeds = [_validate.integer("seed", s, low=0) for s in _validate.items("seeds", seeds)]
    rows = []
    for o in ("gd", "momentum", "adam"):
        tr, dv, dg = [], [], []
        for s in seeds:
            net, h = moons_fit(o, s, alpha=alpha, epochs=epochs)
            task = moons_task(s)
            ok = h.diverged_at is None
            tr.append(metrics.network_accuracy(net, task.X_train, task.Y_train) if ok else float("nan"))
            dv.append(metrics.network_accuracy(net, task.X_dev, task.Y_dev) if ok else float("nan"))
            dg.append(h.diverged_at)
        rows.append(MoonsRow(o, tuple(tr), tuple(dv), tuple(dg)))
    return rows


def dev_halfwidth(accuracy: float) -> float:
    """95 % half-width of a dev accuracy measured on the 1,000 dev examples."""
    accuracy = _validate.real("accuracy", accuracy, low=0.0, high=1.0)
    return splits.error_confidence_halfwidth(1.0 - accuracy, MOONS_DEV)


def difference_halfwidth(accuracy_a: float, accuracy_b: float) -> float:
    """95 % half-width of the difference of two accuracies, each on the 1,000 dev examples (independent errors
    assumed): sqrt(h_a**2 + h_b**2) with h the one-run half-widths, about sqrt(2) times one of them."""
    a = _validate.real("accuracy_a", accuracy_a, low=0.0, high=1.0)
    b = _validate.real("accuracy_b", accuracy_b, low=0.0, high=1.0)
    return math.hypot(dev_halfwidth(a), dev_halfwidth(b))


def seeds_halfwidth(values: Sequence[float]) -> float:
    """95 % half-width of the mean of ``values`` over seeds (Student's t, ``splits.mean_confidence_halfwidth``):
    the seed-to-seed uncertainty of a mean, which one dev set's ``dev_halfwidth`` does not include."""
    return splits.mean_confidence_halfwidth(values)


def format_moons_table(rows: Sequence[MoonsRow], *, alpha: float = MOONS_ALPHA, epochs: int = MOONS_EPOCHS) -> str:
    """Per optimizer: dev accuracy per seed (whole percents), their mean with two half-widths (over the seeds, and
    one run's dev set), and the training accuracy (what the assignment reports)."""
    rows = _validate.items("rows", rows)
    for i, r in enumerate(rows):
        _validate.instance(f"rows[{i}]", r, MoonsRow, "a MoonsRow (from moons_table)")
    n = len(rows[0].dev_accuracy)
    lines = [f"moons, 300 train / {MOONS_DEV} dev, network {list(MOONS_LAYERS)} ReLU, mini-batches of {MOONS_BATCH}, "
             f"alpha = {alpha:g}, {epochs} epochs; {n} seeds",
             "(the assignment: gradient descent 79.7%, momentum 79.7%, Adam 94%, training accuracy, one seed, "
             "5,000 epochs)",
             f"95% half-widths: '± seeds' of the mean over the {n} seeds (t, {n - 1} degrees of freedom); "
             f"'± dev set' of one run on {MOONS_DEV} dev examples",
             f"{'optimizer':<17}  {'dev accuracy per seed':<{6 * n}}  {'mean dev':>8}  {'± seeds':>7}  "
             f"{'± dev set':>9}  {'mean train':>10}"]
    for r in rows:
        cells = ["div." if d is not None else f"{a:.0%}" for a, d in zip(r.dev_accuracy, r.diverged_at)]
        if any(d is not None for d in r.diverged_at):
            first = min(d for d in r.diverged_at if d is not None)
            lines.append(f"{LABELS[r.optimizer]:<17}  {' '.join(f'{c:>5}' for c in cells):<{6 * n}}  "
                         f"{training.diverged_text(first)}")
            continue
        hw = dev_halfwidth(r.mean_dev)
        hs = f"± {seeds_halfwidth(r.dev_accuracy):.0%}" if n > 1 else ""
        lines.append(f"{LABELS[r.optimizer]:<17}  {' '.join(f'{c:>5}' for c in cells):<{6 * n}}  "
                     f"{r.mean_dev:8.0%}  {hs:>7}  {f'± {hw:.0%}':>9}  {float(np.mean(r.train_accuracy)):10.0%}")
    by = {r.optimizer: r for r in rows}
    if "gd" in by and "adam" in by and not any(d is not None for o in ("gd", "adam") for d in by[o].diverged_at):
        diff = [round(MOONS_DEV * a) - round(MOONS_DEV * g) for a, g in zip(by["adam"].dev_accuracy,
                                                                          by["gd"].dev_accuracy)]
        hw = [difference_halfwidth(a, g) for a, g in zip(by["adam"].dev_accuracy, by["gd"].dev_accuracy)]
        mean = (f"; mean {np.mean(diff):.0f} ± {MOONS_DEV * seeds_halfwidth(np.array(diff) / MOONS_DEV):.0f} "
                f"over seeds" if n > 1 else "")
        lines.append(f"{'Adam - GD':<17}  {' '.join(f'{d:>5d}' for d in diff):<{6 * n}}  "
                     f"(dev examples of {MOONS_DEV}{mean})")
        lines.append(f"{'± a difference':<17}  {' '.join(f'{round(MOONS_DEV * h):>5d}' for h in hw):<{6 * n}}  "
                     f"(95 %, one seed's two runs: a difference inside it is not resolved)")
    return "\n".join(lines)
