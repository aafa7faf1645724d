"""The explorer registry: ``@register("name")`` on an explorer class, ``explorers()`` for the benchmark."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["EXPLORERS", "explorers", "register"]

#: name -> factory (a zero-argument callable returning an Explorer in its notebook configuration).
EXPLORERS: dict[str, Callable] = {}


def register(name: str):
    """Class decorator: ``@register("splits")`` adds the class to ``EXPLORERS`` (for the benchmark)."""
    def deco(factory):
        if name in EXPLORERS and EXPLORERS[name] is not factory:
            raise ValueError(f"explorer name {name!r} is already registered to {EXPLORERS[name]!r}")
        EXPLORERS[name] = factory
        if isinstance(factory, type):
            factory._registered_name = name      # the root VBox gets the class course2-name-<name>
        return factory
    return deco


def explorers() -> dict[str, Callable]:
    """Import every module of ``course2.viz`` (so each registers its explorers) and return ``EXPLORERS``."""
    import importlib
    import pkgutil

    from course2 import viz

    for info in pkgutil.iter_modules(viz.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{viz.__name__}.{info.name}")
    return dict(sorted(EXPLORERS.items()))
