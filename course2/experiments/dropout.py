"""Dropout, measured: the keep_prob sweep and the reseeded-generator bug, for notebook 04.

- ``keep_prob_sweep``: keep_prob -> train/dev accuracy and how often the cost rises
  (``cost_rise_fraction``: dropout's cost curve is no longer monotone).
- The bug of a widely used assignment: ``np.random.seed(1)`` inside the forward pass draws the same
  mask every iteration, so "dropout" trains one fixed thinned network. ``course2.dropout.
  dropout_masks`` draws masks both ways; ``mask_summary`` says how often they repeat;
  ``reused_mask_fit`` trains with either (the right way reproduces ``fit`` exactly). The symptom:
  the cost curve is smooth again, as if there were no dropout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import _validate, data, dropout, optimizers, regularization
from ..dropout import dropout_masks
from ..training import History, diverged_text, diverges
from .tasks import Fit, Sweep, Task, _accuracy, _history_copy, check_task, data_cost, default_alpha, fit, sweep

__all__ = ["DropoutSweep", "EffectRow", "MaskSummary", "cost_rise_fraction", "dropout_variant_progressively",
           "flipped_training_labels", "format_keep_prob_sweep", "format_regularizer_effects", "keep_prob_sweep",
           "mask_bug_report", "mask_summary", "non_inverted_fit",
           "regularizer_effects", "reused_mask_fit"]


def cost_rise_fraction(costs) -> float:
    """Fraction of iterations whose cost is higher than the previous iteration's."""
    c = _validate.array("costs", costs, ndim=1)
    if c.size < 2:
        raise ValueError(f"costs must hold at least 2 values, got {c.size}")
    return float(np.mean(np.diff(c) > 0))


@dataclass
class DropoutSweep(Sweep):
    """One ``Fit`` per keep_prob (``values``; aligned arrays below)."""

    @property
    def keep_probs(self) -> np.ndarray:
        return self.values

    @property
    def cost_rise_fraction(self) -> np.ndarray:
        """Per keep_prob, ``cost_rise_fraction`` of its cost curve (nan for a run that diverged)."""
        return np.array([np.nan if f.diverged_at is not None else cost_rise_fraction(f.history.cost)
                         for f in self.fits])


def format_keep_prob_sweep(sweep: DropoutSweep) -> str:
    """keep_prob, train and dev accuracy, their gap and how often J rose, as a text table
    ("diverged at iteration N" instead of the numbers of a keep_prob whose run diverged)."""
    _validate.instance("sweep", sweep, DropoutSweep, "a DropoutSweep (from keep_prob_sweep)")
    lines = [f"{'keep_prob':>9} {'train':>7} {'dev':>7} {'gap':>6} {'J rose on':>10}"]
    for k, tr, dv, g, r, at in zip(sweep.keep_probs, sweep.train_accuracy, sweep.dev_accuracy, sweep.gap,
                                   sweep.cost_rise_fraction, sweep.diverged_at):
        if at is not None:
            lines.append(f"{k:9.2f} {diverged_text(at)}")
            continue
        lines.append(f"{k:9.2f} {100 * tr:6.1f}% {100 * dv:6.1f}% {100 * g:+6.1f} {100 * r:9.0f}%")
    return "\n".join(lines) + "\n(gap in percentage points; 'J rose on': share of iterations whose cost went up)"


def keep_prob_sweep(task: Task, keep_probs: Sequence[float], *, seed: int, **fit_kwargs) -> DropoutSweep:
    """``fit`` once per keep_prob (same initial weights; the masks are drawn from ``seed``)."""
    check_task(task)
    keep_probs = [dropout.check_keep_prob(k) for k in _validate.items("keep_probs", keep_probs, nonempty=False)]
    base = sweep("keep_prob", keep_probs, lambda k: fit(task, seed=seed, keep_prob=k, **fit_kwargs))
    return DropoutSweep(base.name, base.values, base.fits)


@dataclass(frozen=True)
class MaskSummary:
    """``identical_to_previous``: fraction of iterations whose mask equals the one before;
    ``keep_frequency``: per unit, the fraction of iterations it was kept (keep_prob on average
    when masks are fresh; only 0 or 1 when one mask is reused)."""

    identical_to_previous: float
    distinct_masks: int
    keep_frequency: np.ndarray


def mask_summary(masks) -> MaskSummary:
    """Summarize masks of shape (iterations, ...) from ``dropout_masks``."""
    raw = _validate.array("masks", masks, nonempty=False)
    if not np.all((raw == 0) | (raw == 1)):
        raise ValueError("masks must hold keep/drop flags (True/False or 1/0), got other values")
    masks = raw.astype(bool)
    if masks.ndim < 2 or masks.shape[0] < 2:
        raise ValueError(f"masks must have shape (iterations >= 2, ...), got {masks.shape}")
    flat = masks.reshape(masks.shape[0], -1)
    same = np.all(flat[1:] == flat[:-1], axis=1)
    distinct = len({row.tobytes() for row in np.packbits(flat, axis=1)})
    return MaskSummary(float(np.mean(same)), distinct, masks.mean(axis=0))


def reused_mask_fit(task: Task, *, keep_prob: float = 0.8, reseed_every_iteration: bool = True,
                    num_iterations: int = 1000, alpha: float | None = None, seed: int) -> Fit:
    """Dropout training with Adam, full batch, where the masks come from ``dropout_masks``' two ways.

    With ``reseed_every_iteration=False`` this is the same run as ``fit(task, keep_prob=...)``
    (same generator, same order of draws); with True every iteration uses the first iteration's
    masks, so each example always sees the same thinned network. Training stops where ``train``
    would call it diverged (``course2.training.diverges``): the history then says "diverged" and
    ``diverged_at``, as ``fit``'s does.
    """
    *_, last = dropout_variant_progressively(task, keep_prob=keep_prob, seed=seed,
                                             reseed_every_iteration=reseed_every_iteration,
                                             num_iterations=num_iterations, every=num_iterations, alpha=alpha)
    return last


def dropout_variant_progressively(task: Task, *, keep_prob: float, seed: int, reseed_every_iteration: bool = False,
                                  inverted: bool = True, num_iterations: int = 1000, every: int = 250,
                                  alpha: float | None = None):
    """Dropout training (Adam, full batch) with either of two bugs, yielding a ``Fit`` every ``every``
    iterations (the last one final: at the end or where the run diverged), as ``fit_progressively`` does.

    ``reseed_every_iteration=True``: the masks' generator is re-created from ``seed`` every iteration
    (``reused_mask_fit``'s bug: the same masks every iteration). ``inverted=False``: the kept units are
    not divided by keep_prob in training (masks of 0/1; backward uses the same 0/1 masks), while test
    time still uses the whole network unscaled, so a hidden unit's test-time activation is about
    1/keep_prob times what the next layer saw in training. With neither bug this is the run of
    ``fit(task, keep_prob=keep_prob, seed=seed)`` (the same draws in the same order).
    Accuracies are measured as ``fit`` measures them: no dropout, no scaling.
    """
    check_task(task)
    keep_prob = dropout.check_keep_prob(keep_prob)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    every = _validate.integer("every", every, low=1)
    seed = _validate.integer("seed", seed, low=0)
    _validate.flag("reseed_every_iteration", reseed_every_iteration)
    _validate.flag("inverted", inverted)
    if alpha is not None:
        optimizers.check_alpha(alpha)
    return _variant_runs(task, keep_prob, seed, bool(reseed_every_iteration), bool(inverted), num_iterations, every,
                         default_alpha(task, "adam") if alpha is None else alpha)


def _variant_runs(task, keep_prob, seed, reseed, inverted, num_iterations, every, alpha):
    net = task.network(seed)
    opt = optimizers.Adam(alpha)
    X, Y, m = task.X_train, task.Y_train, task.m_train
    params, grads = net.params, net.grads
    gen = np.random.default_rng(seed)
    history = History()

    def snapshot():
        copy = net.copy()
        return Fit(copy, _history_copy(history), 0.0, "l2", keep_prob, _accuracy(copy, X, Y),
                   _accuracy(copy, task.X_dev, task.Y_dev), data_cost(copy, X, Y))

    for iteration in range(1, num_iterations + 1):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            if reseed:
                gen = np.random.default_rng(seed)
            masks = [dropout.dropout_mask((n, m), keep_prob, gen) for n in net.layer_sizes[1:-1]]
            if not inverted:
                masks = [(D > 0).astype(float) for D in masks]     # kept = 1, not 1/keep_prob
            net.forward(X, masks=masks)
            cost = net.cost(Y)
            history.iteration.append(iteration)
            history.cost.append(cost)
            if diverges(cost, history.cost[0]):
                history.mark_diverged(iteration, cost, opt.alpha)
                break
            net.backward(Y)
            opt.step(params, grads, decay=[True, False] * net.L)
        if iteration % every == 0 and iteration < num_iterations:
            yield snapshot()
    if history.diverged_at is None:
        history.message = f"completed {num_iterations} iterations"
    yield snapshot()


def non_inverted_fit(task: Task, *, keep_prob: float = 0.8, num_iterations: int = 1000, alpha: float | None = None,
                     seed: int) -> Fit:
    """Dropout without the 1/keep_prob scaling in training (the "forgot to divide" bug): the final ``Fit`` of
    ``dropout_variant_progressively(..., inverted=False)``."""
    runs = dropout_variant_progressively(task, keep_prob=keep_prob, seed=seed, inverted=False,
                                         num_iterations=num_iterations, every=num_iterations, alpha=alpha)
    *_, last = runs
    return last


def mask_bug_report(task: Task, *, keep_prob: float = 0.8, shape=(20, 50), num_iterations: int = 200,
                    mask_seed: int, seed: int, alpha: float | None = None) -> str:
    """A text table: masks drawn the right way and the buggy way, and what training with each gives
    (``reused_mask_fit`` with ``alpha``; "diverged at iteration N" instead of the training numbers of
    a run that diverged)."""
    """A text table: masks drawn the right way and the buggy way, and what training with each gives."""
    check_task(task)
    mask_seed = _validate.integer("mask_seed", mask_seed, low=0)
    seed = _validate.integer("seed", seed, low=0)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=2)
    rows = []
    for name, reseed in (("fresh mask every iteration", False), ("generator reseeded each iteration", True)):
        s = mask_summary(dropout_masks(shape, keep_prob, num_iterations, rng=mask_seed,
                                      reseed_every_iteration=reseed))
        f = reused_mask_fit(task, keep_prob=keep_prob, reseed_every_iteration=reseed, seed=seed, alpha=alpha)
        rows.append((name, s, f))
    width = max(len(r[0]) for r in rows)
    lines = [f"keep_prob = {keep_prob:g}; masks of shape {shape} over {num_iterations} iterations; training: "
             f"Adam, {reused_mask_fit.__kwdefaults__['num_iterations']} iterations",
             f"{'':{width}}  {'same as previous':>16}  {'distinct':>8}  {'unit kept (min..max)':>20}  "
             f"{'train':>6}  {'dev':>6}  {'J rose on':>9}"]
    for name, s, f in rows:
        kept = f"{100 * s.keep_frequency.min():.0f}%..{100 * s.keep_frequency.max():.0f}%"
        masks = f"{name:{width}}  {100 * s.identical_to_previous:15.0f}%  {s.distinct_masks:8d}  {kept:>20}  "
        if f.diverged_at is not None:
            lines.append(masks + diverged_text(f.diverged_at))
            continue
        lines.append(masks + f"{100 * f.train_accuracy:5.1f}%  {100 * f.dev_accuracy:5.1f}%  "
                     f"{100 * cost_rise_fraction(f.history.cost):8.0f}%")
    return "\n".join(lines)


# -- what dropout does to the weights and to the flipped labels, next to L2 -----------------------------
def flipped_training_labels(task: Task, *, rng: int, noise: float = 0.3, label_noise: float = 0.1) -> np.ndarray:
    """A (m_train,) bool mask: which training labels of ``overfitting_task(rng=rng)`` were flipped.

    ``overfitting_task`` flips exactly ``label_noise`` of all its labels (60 of 600), before the
    train/dev split, so the training set holds about, not exactly, that share. The clean labels come
    from drawing the same moons again without label noise (the points are drawn before the flips, so
    they are the same), matched to the training points by their coordinates.
    """
    check_task(task)
    rng = _validate.integer("rng", rng, low=0)
    noise = _validate.real("noise", noise, low=0.0)
    label_noise = _validate.real("label_noise", label_noise, low=0.0, high=0.5)
    m = task.m_train + task.X_dev.shape[1]
    X, Y = data.moons(m, noise=noise, label_noise=label_noise, rng=np.random.default_rng(rng))
    X_clean, Y_clean = data.moons(m, noise=noise, label_noise=0.0, rng=np.random.default_rng(rng))
    if not np.array_equal(X, X_clean):
        raise ValueError("the moons drawn with and without label noise differ: cannot recover the clean labels")
    where = {tuple(x): j for j, x in enumerate(X.T)}
    try:
        columns = [where[tuple(x)] for x in task.X_train.T]
    except KeyError:
        raise ValueError(f"task is not overfitting_task(rng={rng}, noise={noise:g}, label_noise={label_noise:g}): "
                         f"a training point is not among its moons") from None
    if not np.array_equal(Y[:, columns], task.Y_train):
        raise ValueError(f"task's training labels are not those of overfitting_task(rng={rng})")
    return Y_clean[0, columns] != task.Y_train[0]


@dataclass(frozen=True)
class EffectRow:
    """One model: its layer norms ||W[l]||_F and how many flipped / clean training labels it predicts as given."""

    name: str
    layer_norms: tuple
    total_norm: float
    flipped_fitted: int
    flipped: int
    clean_fitted: int
    clean: int
    dev_accuracy: float
    diverged_at: int | None = None


def regularizer_effects(task: Task, *, seed: int, rng: int, lambd: float = 1.0,
                        keep_probs: Sequence[float] = (0.8, 0.5), alpha: float | None = None,
                        num_iterations: int | None = None) -> list[EffectRow]:
    """No regularization, L2 (``lambd``) and dropout at each of ``keep_probs``: the weight norms, and how many
    of the flipped training labels (``flipped_training_labels``) each model reproduces, against the others."""
    seed = _validate.integer("seed", seed, low=0)
    lambd = regularization.check_lambd(lambd)
    keep_probs = [dropout.check_keep_prob(k) for k in _validate.items("keep_probs", keep_probs, nonempty=False)]
    run = {}      # the fit's defaults unless given: alpha = the task's, 1,000 iterations
    if alpha is not None:
        run["alpha"] = optimizers.check_alpha(alpha)
    if num_iterations is not None:
        run["num_iterations"] = _validate.integer("num_iterations", num_iterations, low=1)
    flipped = flipped_training_labels(task, rng=rng)
    models = [("no regularization", {}), (f"L2, lambda = {lambd:g}", {"lambd": lambd})]
    models += [(f"dropout, keep_prob = {k:g}", {"keep_prob": k}) for k in keep_probs]
    rows = []
    for name, kw in models:
        f = fit(task, seed=seed, **run, **kw)
        if f.history.diverged:
            rows.append(EffectRow(name, (), float("nan"), 0, int(flipped.sum()), 0, int((~flipped).sum()),
                                  float("nan"), f.history.diverged_at))
            continue
        right = f.net.predict(task.X_train)[0] == task.Y_train[0]
        rows.append(EffectRow(name, tuple(f.weight_norms), f.total_weight_norm, int(right[flipped].sum()),
                              int(flipped.sum()), int(right[~flipped].sum()), int((~flipped).sum()), f.dev_accuracy))
    return rows


def format_regularizer_effects(rows: Sequence[EffectRow]) -> str:
    """``regularizer_effects`` as a text table: norms to 3 significant digits, label counts ("diverged at
    iteration N" instead of the numbers of a model whose run diverged)."""
    rows = [_validate.instance(f"rows[{i}]", r, EffectRow, "an EffectRow (from regularizer_effects)")
            for i, r in enumerate(_validate.items("rows", rows))]
    width = max(len(r.name) for r in rows)
    L = max(len(r.layer_norms) for r in rows)
    layers = " ".join(f"{f'||W[{l}]||':>8}" for l in range(1, L + 1))
    lines = [f"{'':{width}}  {'||W||_F':>7} {layers}  {'flipped labels fitted':>21}  {'other labels fitted':>19}"]
    for r in rows:
        if r.diverged_at is not None:
            lines.append(f"{r.name:{width}}  {diverged_text(r.diverged_at)}")
            continue
        norms = " ".join(f"{n:8.3g}" for n in r.layer_norms)
        lines.append(f"{r.name:{width}}  {r.total_norm:7.3g} {norms}  {f'{r.flipped_fitted} of {r.flipped}':>21}  "
                     f"{f'{r.clean_fitted} of {r.clean}':>19}")
    return "\n".join(lines)
