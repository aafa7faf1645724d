"""Plots and live explorers for the notebooks (needs matplotlib and ipywidgets; ``import course2`` does not).

- ``explorer``: the ``Explorer`` base class (widgets, status line, error output, rendering, blitting);
- ``worker``: the latest-value worker it runs updates with (plain Python, no matplotlib or ipywidgets);
- ``cache``: ``LRUCache``, cache-key normalization, ``neighbour_values``;
- ``registry``: ``register`` / ``explorers()`` / ``EXPLORERS``;
- ``figures``: ``new_figure`` (the one factory for static figures), ``figure_png``, ``picture``, ``DPI``;
- ``boundary``: a 2-D decision-boundary layer (grid forward pass + ``imshow.set_data``) and points;
- one module per notebook topic (``splits``, ``bias_variance``, ``regularization``, ...).

``explorers()`` imports every module here and returns the registry name -> factory; each factory
builds the explorer in its notebook configuration (the benchmark drives them all). The names below
are imported on first use, so ``course2.viz.worker`` / ``cache`` / ``registry`` load without matplotlib.
"""

import importlib

_HOME = {"EXPLORERS": "registry", "explorers": "registry", "register": "registry",
         "Explorer": "explorer", "LRUCache": "cache", "neighbour_values": "cache",
         "figure_png": "figures", "new_figure": "figures", "picture": "figures"}

__all__ = sorted(_HOME)


def __getattr__(name):
    if name in _HOME:
        return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_HOME))
