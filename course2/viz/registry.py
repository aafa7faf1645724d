"""The explorer registry: ``@register("name", **notebook_kwargs)`` on an explorer class, ``explorers()`` for the
benchmark.

The keyword arguments are the explorer's notebook configuration, in one place: its seed (explorers have no
default seeds) and the data the notebook passes. Data that costs time to build (a task, a trained run) is
written ``later(function, *args, **kwargs)``: built when the factory is called, not at import::

    @register("dropout", task=later(tasks.overfitting_task, rng=1), seed=0)
    class DropoutExplorer(Explorer): ...

    EXPLORERS["dropout"]()      # DropoutExplorer(tasks.overfitting_task(rng=1), seed=0)
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

__all__ = ["EXPLORERS", "Factory", "explorers", "later", "register"]


class later:    # lower case: it reads as a word in the decorator, task=later(make_task, rng=1)
    """An argument of a registered factory built when the factory is called: ``function(*args, **kwargs)``,
    with any ``later`` among the arguments built first."""

    def __init__(self, function: Callable, *args, **kwargs):
        if not callable(function):
            raise TypeError(f"function must be callable, got {function!r}")
        self.function, self.args, self.kwargs = function, args, kwargs

    def build(self):
        return self.function(*(_built(a) for a in self.args), **{k: _built(v) for k, v in self.kwargs.items()})

    def __repr__(self) -> str:
        parts = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"{getattr(self.function, '__qualname__', self.function)!s}({', '.join(parts)})"


def _built(value):
    return value.build() if isinstance(value, later) else value


class Factory:
    """A zero-argument callable: ``explorer(**kwargs)``, the registered class in its notebook configuration
    (``later`` arguments built at each call)."""

    def __init__(self, name: str, explorer: Callable, kwargs: dict):
        self._registered_name = name
        self.explorer = explorer
        self.kwargs = dict(kwargs)

    def __call__(self):
        return self.explorer(**{k: _built(v) for k, v in self.kwargs.items()})

    def __repr__(self) -> str:
        name = getattr(self.explorer, "__qualname__", self.explorer)
        return f"<factory {self._registered_name!r}: {name}({', '.join(f'{k}={v!r}' for k, v in self.kwargs.items())})>"


#: name -> Factory (a zero-argument callable returning an Explorer in its notebook configuration).
EXPLORERS: dict[str, Factory] = {}


def register(name: str, **notebook_kwargs):
    """Class decorator: ``@register("splits", seed=0)`` adds ``Factory(name, cls, {"seed": 0})`` to ``EXPLORERS``
    (for the benchmark and the tests) and returns the class unchanged. The arguments must complete a call:
    every required parameter of the class is given here."""
    def deco(explorer):
        if name in EXPLORERS and EXPLORERS[name].explorer is not explorer:
            raise ValueError(f"explorer name {name!r} is already registered to {EXPLORERS[name].explorer!r}")
        try:
            inspect.signature(explorer).bind(**notebook_kwargs)
        except TypeError as exc:
            raise TypeError(f"@register({name!r}, ...): the arguments do not make a call of {explorer!r}: {exc}") \
                from None
        EXPLORERS[name] = Factory(name, explorer, notebook_kwargs)
        if isinstance(explorer, type):
            explorer._registered_name = name      # the root VBox gets the class course2-name-<name>
        return explorer
    return deco


def explorers() -> dict[str, Factory]:
    """Import every module of ``course2.viz`` (so each registers its explorers) and return ``EXPLORERS``."""
    import importlib
    import pkgutil

    from course2 import viz

    for info in pkgutil.iter_modules(viz.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{viz.__name__}.{info.name}")
    return dict(sorted(EXPLORERS.items()))
