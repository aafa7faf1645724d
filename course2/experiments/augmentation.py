"""Data augmentation, measured: dev error against the number of augmented copies (notebook 05).

On ``course2.experiments.tasks.augmentation_task`` (a tiny circles set whose labels do not change
under rotations and reflections about the origin), ``augmented_fit`` adds rotated/reflected copies
of every training point (``course2.augmentation.augment``) and trains; ``augmentation_sweep`` does
that for several numbers of copies and seeds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .. import _validate, augmentation
from ..training import diverged_text
from .tasks import Fit, Task, _accuracy, check_task, fit

__all__ = ["AugmentationSweep", "augmentation_sweep", "augmented_fit", "format_augmentation_sweep"]


def augmented_fit(task: Task, copies: int, *, seed: int, max_angle: float = 180.0, reflect: str = "both",
                  num_iterations: int = 800, **fit_kwargs) -> Fit:
    """Add ``copies`` rotated/reflected copies of every training point (``course2.augmentation``), then fit.

    Accuracies are on the ORIGINAL training set and the dev set; ``diverged_at`` as ``fit``'s.
    """
    check_task(task)
    seed = _validate.integer("seed", seed, low=0)
    X, Y = augmentation.augment(task.X_train, task.Y_train, copies=copies, max_angle=max_angle, reflect=reflect,
                                rng=seed)
    result = fit(task.with_training_set(X, Y), seed=seed, num_iterations=num_iterations, **fit_kwargs)
    result.train_accuracy = _accuracy(result.net, task.X_train, task.Y_train)
    return result


@dataclass
class AugmentationSweep:
    """Dev error per number of copies, for each seed (rows) and averaged.

    A run that diverged has nan errors and its iteration in ``diverged_at_per_seed`` (None elsewhere);
    ``diverged_at`` says, per number of copies, the first such iteration over the seeds.
    """

    copies: np.ndarray
    seeds: tuple
    dev_error_per_seed: np.ndarray   # (n_seeds, n_copies), nan where the run diverged
    train_error_per_seed: np.ndarray
    diverged_at_per_seed: list = field(default_factory=list)   # (n_seeds, n_copies): iteration or None

    @property
    def diverged_at(self) -> list:
        """Per number of copies: the earliest iteration where one of its seeds' runs diverged, or None."""
        out = []
        for j in range(len(self.copies)):
            at = [row[j] for row in self.diverged_at_per_seed if row[j] is not None]
            out.append(min(at) if at else None)
        return out

    @property
    def dev_error(self) -> np.ndarray:
        return self.dev_error_per_seed.mean(axis=0)

    @property
    def train_error(self) -> np.ndarray:
        return self.train_error_per_seed.mean(axis=0)


def format_augmentation_sweep(sweep: AugmentationSweep) -> str:
    """Copies and dev error (mean and per seed), as a text table; a number of copies where a seed's run
    diverged reads "diverged at iteration N (seed s)" instead of numbers."""
    _validate.instance("sweep", sweep, AugmentationSweep, "an AugmentationSweep (from augmentation_sweep)")
    seeds = " ".join(f"{f'seed {s}':>7}" for s in sweep.seeds)
    lines = [f"{'copies':>6} {'dev error (mean)':>16} {seeds}"]
    for j, c in enumerate(sweep.copies):
        diverged = [(row[j], s) for row, s in zip(sweep.diverged_at_per_seed, sweep.seeds) if row[j] is not None]
        if diverged:
            lines.append(f"{c:6d} " + ", ".join(f"{diverged_text(at)} (seed {s})" for at, s in diverged))
            continue
        per = " ".join(f"{100 * e:6.1f}%" for e in sweep.dev_error_per_seed[:, j])
        lines.append(f"{c:6d} {100 * sweep.dev_error[j]:15.1f}% {per}")
    return "\n".join(lines)


def augmentation_sweep(task: Task, copies: Sequence[int], *, seeds: Sequence[int],
                       **kwargs) -> AugmentationSweep:
    """``augmented_fit`` for every (seed, copies); the seed draws the copies and the initial weights."""
    check_task(task)
    copies = [_validate.integer("copies", c, low=0) for c in _validate.items("copies", copies, nonempty=False)]
    seeds = tuple(_validate.integer("seeds", s, low=0) for s in _validate.items("seeds", seeds, nonempty=False))
    if not copies or not seeds:
        raise ValueError(f"copies and seeds must not be empty, got copies={copies}, seeds={seeds}")
    dev = np.empty((len(seeds), len(copies)))
    tr = np.empty_like(dev)
    diverged = [[None] * len(copies) for _ in seeds]
    for i, s in enumerate(seeds):
        for j, c in enumerate(copies):
            f = augmented_fit(task, c, seed=s, **kwargs)
            if f.diverged_at is None:
                dev[i, j], tr[i, j] = 1 - f.dev_accuracy, 1 - f.train_accuracy
            else:
                dev[i, j] = tr[i, j] = np.nan
                diverged[i][j] = f.diverged_at
    return AugmentationSweep(np.array(copies), seeds, dev, tr, diverged)
