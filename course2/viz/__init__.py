"""Plots and live explorers for the notebooks (needs matplotlib and ipywidgets; ``import course2`` does not).

- ``base``: the ``Explorer`` machinery every explorer builds on, ``register`` / ``explorers()``.
- ``boundary``: a 2-D decision-boundary layer (grid forward pass + ``imshow.set_data``) and points.
- one module per notebook topic (``splits``, ``bias_variance``, ``regularization``, ...).

``explorers()`` imports every module here and returns the registry name -> factory; each factory
builds the explorer in its notebook configuration (the benchmark drives them all).
"""

from .base import EXPLORERS, Explorer, LRUCache, explorers, figure_png, neighbour_values, picture, register

__all__ = ["EXPLORERS", "Explorer", "LRUCache", "explorers", "figure_png", "neighbour_values", "picture", "register"]
