"""Dropout masks: a fresh mask every iteration, against the reseeded-generator bug.

A widely used dropout assignment calls ``np.random.seed(1)`` inside its forward pass. Every
iteration then re-creates the same random stream, draws the same mask, and "dropout" trains one
fixed thinned network: each unit is dropped for the same examples forever. The fix is what
``course2.training.train`` does: one generator, created once, passed in, drawn from every iteration.

- ``dropout_masks(shape, keep_prob, n, rng=seed, reseed_every_iteration=...)``: the masks of n
  iterations drawn the right way or the buggy way; ``mask_summary`` says how often they repeat.
- ``reused_mask_fit``: training with either kind of mask (the right way reproduces ``fit`` exactly).
  A symptom of the bug: the cost curve is smooth again, as if there were no dropout.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import _validate, dropout, optimizers
from .experiments import DEFAULT_ALPHA, Fit, Task, data_cost
from .metrics import network_accuracy
from .sweeps import cost_rise_fraction
from .training import History

__all__ = ["MaskSummary", "dropout_masks", "mask_bug_report", "mask_summary", "reused_mask_fit"]


def dropout_masks(shape, keep_prob: float, num_iterations: int, *, rng, reseed_every_iteration: bool = False
                  ) -> np.ndarray:
    """The keep/drop masks (True = kept) of ``num_iterations`` iterations, shape (iterations, *shape).

    Right: one generator, a fresh mask drawn from it every iteration. The bug
    (``reseed_every_iteration=True``): a generator re-created from the same seed inside the loop,
    as ``np.random.seed(1)`` inside the forward pass does, so every iteration draws the same mask.
    """
    keep_prob = dropout.check_keep_prob(keep_prob)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    shape = tuple(_validate.integer("shape", n, low=1) for n in shape)
    if reseed_every_iteration and not isinstance(rng, int):
        raise TypeError(f"reseed_every_iteration needs an int seed to reseed with, got rng={rng!r}")
    gen = _validate.rng("rng", rng)
    out = np.empty((num_iterations, *shape), dtype=bool)
    for i in range(num_iterations):
        if reseed_every_iteration:
            gen = np.random.default_rng(rng)
        out[i] = dropout.dropout_mask(shape, keep_prob, gen) > 0
    return out


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
    masks = np.asarray(masks, dtype=bool)
    if masks.ndim < 2 or masks.shape[0] < 2:
        raise ValueError(f"masks must have shape (iterations >= 2, ...), got {masks.shape}")
    flat = masks.reshape(masks.shape[0], -1)
    same = np.all(flat[1:] == flat[:-1], axis=1)
    distinct = len({row.tobytes() for row in np.packbits(flat, axis=1)})
    return MaskSummary(float(np.mean(same)), distinct, masks.mean(axis=0))


def reused_mask_fit(task: Task, *, keep_prob: float = 0.8, reseed_every_iteration: bool = True,
                    num_iterations: int = 1000, alpha: float | None = None, seed: int = 0) -> Fit:
    """Dropout training with Adam, full batch, where the masks come from ``dropout_masks``' two ways.

    With ``reseed_every_iteration=False`` this is the same run as ``fit(task, keep_prob=...)``
    (same generator, same order of draws); with True every iteration uses the first iteration's
    masks, so each example always sees the same thinned network.
    """
    keep_prob = dropout.check_keep_prob(keep_prob)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    net = task.network(seed)
    opt = optimizers.Adam(DEFAULT_ALPHA["adam"] if alpha is None else alpha)
    X, Y, m = task.X_train, task.Y_train, task.m_train
    params, grads = [net.weights_flat, net.theta[net.n_weights:]], [net.dweights_flat, net.dtheta[net.n_weights:]]
    gen = np.random.default_rng(seed)
    costs = []
    for _ in range(num_iterations):
        if reseed_every_iteration:
            gen = np.random.default_rng(seed)
        masks = [dropout.dropout_mask((n, m), keep_prob, gen) for n in net.layer_sizes[1:-1]]
        net.forward(X, masks=masks)
        costs.append(net.cost(Y))
        net.backward(Y)
        opt.step(params, grads, decay=[True, False])
    history = History(iteration=list(range(1, num_iterations + 1)), cost=costs)
    return Fit(net, history, 0.0, "l2", keep_prob, network_accuracy(net, X, Y),
               network_accuracy(net, task.X_dev, task.Y_dev), data_cost(net, X, Y))


def mask_bug_report(task: Task, *, keep_prob: float = 0.8, shape=(20, 50), num_iterations: int = 200,
                    seed: int = 1) -> str:
    """A text table: masks drawn the right way and the buggy way, and what training with each gives."""
    rows = []
    for name, reseed in (("fresh mask every iteration", False), ("generator reseeded each iteration", True)):
        s = mask_summary(dropout_masks(shape, keep_prob, num_iterations, rng=seed, reseed_every_iteration=reseed))
        f = reused_mask_fit(task, keep_prob=keep_prob, reseed_every_iteration=reseed)
        rows.append((name, s, f))
    width = max(len(r[0]) for r in rows)
    lines = [f"keep_prob = {keep_prob:g}; masks of shape {shape} over {num_iterations} iterations; training: "
             f"Adam, {len(rows[0][2].history.cost)} iterations",
             f"{'':{width}}  {'same as previous':>16}  {'distinct':>8}  {'unit kept (min..max)':>20}  "
             f"{'train':>6}  {'dev':>6}  {'J rose on':>9}"]
    for name, s, f in rows:
        kept = f"{100 * s.keep_frequency.min():.0f}%..{100 * s.keep_frequency.max():.0f}%"
        lines.append(f"{name:{width}}  {100 * s.identical_to_previous:15.0f}%  {s.distinct_masks:8d}  {kept:>20}  "
                     f"{100 * f.train_accuracy:5.1f}%  {100 * f.dev_accuracy:5.1f}%  "
                     f"{100 * cost_rise_fraction(f.history.cost):8.0f}%")
    return "\n".join(lines)
