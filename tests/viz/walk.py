"""What the viz tests walk: every public figure function of course2.viz (for the divergence and legibility walks,
which each fail when a new one is not covered)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import course2.viz as viz


def figure_functions() -> set[str]:
    """"module.function" for every public function of a course2.viz module that returns a Figure."""
    out = set()
    for info in pkgutil.iter_modules(viz.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{viz.__name__}.{info.name}")
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isfunction(obj) and obj.__module__ == module.__name__ and \
                    inspect.signature(obj).return_annotation in ("Figure", "matplotlib.figure.Figure"):
                out.add(f"{info.name}.{name}")
    return out - {"figures.new_figure"}
