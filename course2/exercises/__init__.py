"""Auto-checked exercises for the notebooks: ``from course2.exercises import check``.

    check.dev_halfwidth(dev_halfwidth)    grade your function: passed, a named mistake, or expected vs got
    check.hint("dev_halfwidth")           a hint
    fn = check.use(dev_halfwidth)         your function if it passes, the reference otherwise
    check.names                           the exercises

numpy only, like the rest of ``course2`` (results show as HTML in a notebook through ``_repr_html_``).
How to add one: docs/writing_an_exercise.md.
"""

from __future__ import annotations

from . import (
    adam,
    batch_norm,
    bias_variance,
    dropout,
    early_stopping,
    ewma,
    gradient_checking,
    hyperparameter_search,
    initialization,
    learning_rate_decay,
    minibatch,
    momentum,
    normalization,
    regularization,
    rmsprop,
    softmax,
    splits,
    vanishing_gradients,
)
from .grading import Exercise, Misconception, Probe, Report, Result

__all__ = ["EXERCISES", "Checker", "Exercise", "Misconception", "Probe", "Report", "Result", "check"]

EXERCISES: dict[str, Exercise] = {
    ex.name: ex
    for module in (splits, bias_variance, regularization, dropout, early_stopping, normalization,
                   vanishing_gradients, initialization, gradient_checking, minibatch, ewma, momentum, rmsprop,
                   batch_norm, hyperparameter_search, softmax, adam, learning_rate_decay)
    for ex in module.EXERCISES
}


class Checker:
    """``check.<exercise name>(your_function)`` grades it; ``hint``, ``use`` and ``names`` as below."""

    def __init__(self, exercises: dict[str, Exercise]):
        self._exercises = dict(exercises)

    @property
    def names(self) -> tuple[str, ...]:
        """The exercise names, in notebook order."""
        return tuple(self._exercises)

    def _get(self, name, error=ValueError) -> Exercise:
        if not isinstance(name, str):
            raise TypeError(f"an exercise name must be a string, got {type(name).__name__}; "
                            f"known exercises: {', '.join(self.names)}")
        if name not in self._exercises:
            raise error(f"no exercise named {name!r}; known exercises: {', '.join(self.names)}")
        return self._exercises[name]

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        exercise = self._get(name, AttributeError)

        def grade(function) -> Result:
            return exercise.grade(function)

        grade.__name__ = name
        grade.__doc__ = f"Check your {exercise.signature}; returns a Result (.passed, .misconception)."
        return grade

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.names))

    def hint(self, name: str) -> Report:
        """A hint for exercise ``name``."""
        exercise = self._get(name)
        return Report(f"hint for {exercise.signature}: {exercise.hint}")

    def use(self, function, name: str | None = None):
        """``function`` if it passes exercise ``name`` (default: its ``__name__``), else the reference.

        Prints one line saying which one is used, so "Run All" works while an exercise is unsolved.
        """
        if not callable(function):
            raise TypeError(f"check.use needs a function (a callable), got {type(function).__name__}")
        if name is None:
            name = getattr(function, "__name__", None)
            if name not in self._exercises:
                raise ValueError(f"cannot tell which exercise {name!r} is; pass name=... , one of: "
                                 f"{', '.join(self.names)}")
        exercise = self._get(name)
        result = exercise.grade(function)
        if result.passed:
            print(f"{name}: using your function (it passes the check)")
            return function
        why = {"not implemented": "not implemented yet"}.get(result.status, "it does not pass the check yet")
        print(f"{name}: using the reference solution ({why})")
        return exercise.reference

    def __repr__(self) -> str:
        return f"check: {len(self.names)} exercises: {', '.join(self.names)}"


check = Checker(EXERCISES)
