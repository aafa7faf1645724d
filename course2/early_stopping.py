"""Early stopping: keep the parameters from the evaluation where the dev error was lowest (ERRATA #8).

Evaluate every k iterations. Early stopping with ``patience`` p:

    best = the lowest dev error seen so far (the earliest one on ties), and its parameters
    stop once the dev error has not improved on best for p evaluations in a row,
    then restore the parameters of best.

``EarlyStopping`` is that rule as the training loop uses it (``course2.training.train(...,
patience=p)``); ``patience_stop`` is the same rule as a pure function of the dev errors seen in
order; ``best_dev_index`` is what it keeps when it never stops.

The lecture notes' rule, "stop when dev error > train error", is a different rule: dev error is
above train error almost all the time, so it says nothing about overfitting. ``notes_rule_index``
computes it only to be shown side by side with the real one (notebook 05).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from . import _validate

__all__ = ["EarlyStopping", "best_dev_index", "notes_rule_index", "patience_stop"]


class EarlyStopping:
    """The best evaluation so far and whether ``patience`` evaluations passed without improving on it.

    ``update(value, iteration, get_params)`` after every evaluation (value: the monitored dev
    metric, lower is better); ``get_params()`` is called only when the value improves, to keep a
    copy of the parameters. ``patience=None`` tracks the best without ever asking to stop.
    """

    def __init__(self, patience: int | None = None):
        self.patience = None if patience is None else _validate.integer("patience", patience, low=1)
        self.best_value = math.inf
        self.best_iteration: int | None = None
        self.best_params = None
        self.evals_since_best = 0

    def update(self, value: float, iteration: int, get_params: Callable[[], np.ndarray]) -> bool:
        """Record one evaluation; True if it is a new best (strictly lower: ties keep the earlier)."""
        value = _validate.real("value", value)
        iteration = _validate.integer("iteration", iteration, low=0)
        _validate.function("get_params", get_params)
        if value < self.best_value:
            self.best_value, self.best_iteration, self.best_params = value, iteration, get_params()
            self.evals_since_best = 0
            return True
        self.evals_since_best += 1
        return False

    @property
    def should_stop(self) -> bool:
        return self.patience is not None and self.evals_since_best >= self.patience


def patience_stop(dev_errors, patience: int) -> tuple[int, int]:
    """The patience rule on dev errors e_0, e_1, ... seen in order; returns (stop_index, best_index).

        best(i) = the earliest index of min(e_0 .. e_i)      (only a strictly lower error improves)
        stop    = the first i with i - best(i) >= patience   (patience evaluations without improving;
                  len - 1 if that never happens)
        best_index = best(stop)                              (the parameters early stopping restores)

    ``EarlyStopping`` fed one error per evaluation, as ``training.train(..., patience=patience)`` does.
    """
    errors = _validate.array("dev_errors", dev_errors, ndim=1)
    rule = EarlyStopping(_validate.integer("patience", patience, low=1))
    for i, e in enumerate(errors):
        rule.update(float(e), i, lambda: None)
        if rule.should_stop:
            return i, rule.best_iteration
    return errors.size - 1, rule.best_iteration


def best_dev_index(dev_error) -> int:
    """Index of the lowest dev error (the earliest one on ties): what early stopping keeps."""
    dev_error = _validate.array("dev_error", dev_error, ndim=1)
    return int(np.argmin(dev_error))


def notes_rule_index(train_error, dev_error) -> int | None:
    """The notes' rule: the first index where dev error > train error (None if it never happens)."""
    train_error = _validate.array("train_error", train_error, ndim=1)
    dev_error = _validate.array("dev_error", dev_error, ndim=1)
    if train_error.shape != dev_error.shape:
        raise ValueError(f"train_error and dev_error must have the same length, got {train_error.shape} "
                         f"and {dev_error.shape}")
    above = np.flatnonzero(dev_error > train_error)
    return int(above[0]) if above.size else None
