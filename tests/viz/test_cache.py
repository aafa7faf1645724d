"""The result cache: LRU eviction, cache-key normalization, a slider's neighbour values."""

import subprocess
import sys

import ipywidgets as widgets
import numpy as np
import pytest

from course2.viz.cache import LRUCache, neighbour_values, normalize


def test_neighbour_values_for_every_slider_kind():
    assert neighbour_values(widgets.IntSlider(value=3, min=0, max=10, step=2)) == [1, 5]
    assert neighbour_values(widgets.IntSlider(value=0, min=0, max=10)) == [1]
    assert neighbour_values(widgets.FloatSlider(value=0.3, min=0.0, max=1.0, step=0.1)) == pytest.approx([0.2, 0.4])
    log = widgets.FloatLogSlider(value=0.01, base=10, min=-4, max=0, step=1)
    assert neighbour_values(log) == pytest.approx([0.001, 0.1])
    sel = widgets.SelectionSlider(options=[("one", 1), ("two", 2), ("three", 3)], value=3)
    assert neighbour_values(sel) == [2]


def test_lru_cache():
    c = LRUCache(2)
    c.put("x", 1)
    c.put("y", 2)
    assert c.get("x") == 1          # x is now the most recent
    c.put("z", 3)
    assert "y" not in c and "x" in c and "z" in c and len(c) == 2
    with pytest.raises(ValueError, match="maxsize"):
        LRUCache(0)


def test_normalize_removes_float_noise_and_numpy_types():
    assert normalize(0.1 + 0.2) == normalize(0.3)
    assert normalize(np.float32(0.5)) == 0.5 and type(normalize(np.int64(3))) is int
    assert normalize(np.bool_(True)) is True
    assert normalize([1, (0.1 + 0.2, "a")]) == (1, (0.3, "a"))


def test_cache_module_imports_without_matplotlib_or_ipywidgets():
    code = ("import sys\nsys.modules['matplotlib'] = None\nsys.modules['ipywidgets'] = None\n"
            "from course2.viz.cache import LRUCache, normalize\nLRUCache(1).put(normalize(0.5), 1)\n")
    subprocess.run([sys.executable, "-c", code], check=True)
