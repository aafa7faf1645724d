"""The explorers' result cache: a bounded LRU mapping, cache-key normalization, slider neighbours.

Importable without matplotlib; ``neighbour_values`` imports ipywidgets when called.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict

import numpy as np

__all__ = ["LRUCache", "neighbour_values", "normalize"]


class LRUCache:
    """A bounded mapping that forgets the least recently used entry beyond ``maxsize``."""

    def __init__(self, maxsize: int = 64):
        if isinstance(maxsize, bool) or not isinstance(maxsize, int) or maxsize < 1:
            raise ValueError(f"maxsize must be an integer >= 1, got {maxsize!r}")
        self.maxsize = maxsize
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, default=None):
        with self._lock:
            if key not in self._data:
                return default
            self._data.move_to_end(key)
            return self._data[key]

    def put(self, key, value) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def __contains__(self, key) -> bool:
        with self._lock:
            return key in self._data

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


def normalize(value):
    """A hashable, float-noise-free version of a control value (for cache keys)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(f"{float(value):.12g}")
    if isinstance(value, (list, tuple)):
        return tuple(normalize(v) for v in value)
    return value


def neighbour_values(control) -> list:
    """The values one step below and above a slider's current value (those that exist)."""
    import ipywidgets as widgets

    if isinstance(control, widgets.SelectionSlider):
        values = list(control._options_values)
        i = control.index
        return [values[j] for j in (i - 1, i + 1) if 0 <= j < len(values)]
    if isinstance(control, widgets.FloatLogSlider):
        base, step = control.base, control.step
        e = round((math.log(control.value, base) - control.min) / step) * step + control.min
        out = []
        for en in (e - step, e + step):
            if control.min - 1e-9 <= en <= control.max + 1e-9:
                out.append(float(base ** en))
        return out
    if isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
        step = control.step
        out = []
        for v in (control.value - step, control.value + step):
            if control.min <= v <= control.max:
                out.append(type(control.value)(round(v, 12) if isinstance(v, float) else v))
        return out
    return []
