"""The Explorer base class, driven without a kernel or a browser through a tiny explorer."""

from __future__ import annotations

import time
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
import pytest

from course2.viz import figures, registry
from course2.viz.explorer import Explorer


@dataclass
class Result:
    y: np.ndarray
    diverged_at: int | None = None


class Tiny(Explorer):
    """y = a everywhere; a == fail raises; a == diverge reports a divergence at iteration 17."""

    def __init__(self, *, delay=0.0, fail=None, diverge=None, progressive=0, **kwargs):
        self.delay, self.fail, self.diverge, self.progressive = delay, fail, diverge, progressive
        controls = {"a": widgets.IntSlider(value=1, min=0, max=30, description="a"),
                    "b": widgets.FloatSlider(value=0.5, min=0.0, max=1.0, step=0.1, description="b")}
        super().__init__(controls, main="a", figsize=(3, 2), **kwargs)

    def setup(self, figure):
        self.ax = figure.add_subplot()
        (self.line,) = self.ax.plot([0, 1], [0, 0])
        self.ax.set_ylim(-1, 31)

    def compute(self, state):
        if state["a"] == self.fail:
            raise ValueError(f"boom at a={state['a']}")
        if self.progressive:
            return self._progressive(state)
        time.sleep(self.delay)
        return Result(np.full(2, float(state["a"])), 17 if state["a"] == self.diverge else None)

    def _progressive(self, state):
        for k in range(1, self.progressive + 1):
            time.sleep(self.delay)
            yield Result(np.full(2, state["a"] * k / self.progressive))

    def draw(self, result, state):
        self.line.set_ydata(result.y)
        self.ax.set_title(f"a = {state['a']}")

    def describe(self, result, state):
        return f"a = {state['a']} · y = {result.y[0]:g}"


def stderr_text(explorer) -> str:
    return "".join(o.get("text", "") for o in explorer.error_output.outputs if o.get("name") == "stderr")


@pytest.fixture(params=[False, True], ids=["sync", "threaded"])
def threaded(request):
    return request.param


def make(**kwargs):
    ex = Tiny(**kwargs)
    return ex


def test_initial_render_and_dom_classes(threaded):
    ex = make(threaded=threaded)
    try:
        assert ex.render_count == 1 and ex.image.value[:8] == b"\x89PNG\r\n\x1a\n"
        assert ex.shown_state == {"a": 1, "b": 0.5} and ex.shown_final
        assert "course2-explorer" in ex.widget._dom_classes
        assert "course2-main-control" in ex.main_control._dom_classes
        assert "course2-plot" in ex.image._dom_classes
        assert "course2-status" in ex.status._dom_classes
        assert "course2-error" in ex.error_output._dom_classes
        assert ex.controls["a"] is ex.main_control
        assert ex.figure.dpi == figures.DPI
        assert ex.status_text == "a = 1 · y = 1"
    finally:
        ex.close()


def test_setting_a_value_redraws(threaded):
    ex = make(threaded=threaded)
    try:
        before, count = ex.image.value, ex.render_count
        ex.main_control.value = 7
        ex.wait()
        assert ex.render_count == count + 1
        assert ex.image.value != before
        assert ex.shown_state == {"a": 7, "b": 0.5}
        np.testing.assert_array_equal(ex.line.get_ydata(), [7.0, 7.0])
        assert ex.ax.get_title() == "a = 7"
        assert ex.status_text == "a = 7 · y = 7"
        ex.controls["b"].value = 0.8
        ex.wait()
        assert ex.shown_state == {"a": 7, "b": 0.8}
    finally:
        ex.close()


def test_an_exception_is_shown_and_the_next_value_clears_it(threaded):
    ex = make(threaded=threaded, fail=13)
    try:
        ex.main_control.value = 5
        ex.wait()
        good_image, count = ex.image.value, ex.render_count
        ex.main_control.value = 13
        ex.wait()
        assert "ValueError: boom at a=13" in stderr_text(ex)
        assert "Traceback" in stderr_text(ex)
        assert ex.status_text.startswith("error: ValueError: boom at a=13")
        assert "a = 13" in ex.status_text
        assert isinstance(ex.last_error, ValueError)
        assert ex.render_count == count and ex.image.value == good_image   # the last good picture stays
        ex.main_control.value = 14
        ex.wait()
        assert ex.error_output.outputs == ()
        assert ex.last_error is None
        assert ex.status_text == "a = 14 · y = 14"
        assert ex.shown_state["a"] == 14
    finally:
        ex.close()


def test_an_exception_in_draw_is_shown_too():
    ex = make()
    try:
        ex.draw = lambda result, state: (_ for _ in ()).throw(RuntimeError("draw broke"))
        ex.main_control.value = 3
        assert "RuntimeError: draw broke" in stderr_text(ex)
        assert ex.status_text.startswith("error: RuntimeError")
    finally:
        ex.close()


def test_divergence_is_said_on_the_plot_and_in_the_status(threaded):
    ex = make(threaded=threaded, diverge=9)
    try:
        ex.main_control.value = 9
        ex.wait()
        assert "diverged at iteration 17" in ex.status_text
        assert ex._banner.get_visible() and ex._banner.get_text() == "diverged at iteration 17"
        ex.main_control.value = 10
        ex.wait()
        assert "diverged" not in ex.status_text
        assert not ex._banner.get_visible()
    finally:
        ex.close()


def test_returning_to_a_value_does_not_recompute(threaded):
    ex = make(threaded=threaded, prefetch=False)
    try:
        ex.main_control.value = 5
        ex.wait()
        computes = ex.compute_count
        ex.main_control.value = 6
        ex.wait()
        assert ex.compute_count == computes + 1
        ex.main_control.value = 5
        ex.wait()
        assert ex.compute_count == computes + 1
        assert ex.shown_state["a"] == 5 and ex.ax.get_title() == "a = 5"
    finally:
        ex.close()


def test_cache_is_bounded():
    ex = make(cache_size=3)
    try:
        for a in (2, 3, 4, 5):
            ex.main_control.value = a
        computes = ex.compute_count
        ex.main_control.value = 2          # evicted (least recently used): computed again
        assert ex.compute_count == computes + 1
        ex.main_control.value = 5          # still cached
        assert ex.compute_count == computes + 1
    finally:
        ex.close()


def test_fast_drag_coalesces_and_never_shows_a_stale_value_as_final():
    ex = make(threaded=True, delay=0.03, prefetch=False)
    shown = []
    ex.image.observe(lambda change: shown.append((dict(ex.shown_state), ex.shown_final, dict(ex.worker.pending.state))),
                     names="value")
    try:
        computes = ex.compute_count
        for a in range(2, 22):
            ex.main_control.value = a
        ex.wait(timeout=10)
        assert ex.shown_state == {"a": 21, "b": 0.5} and ex.shown_final
        assert ex.compute_count - computes <= 4          # far fewer than 20
        finals = [(s, pending) for s, final, pending in shown if final]
        assert finals and all(s == pending for s, pending in finals)
        np.testing.assert_array_equal(ex.line.get_ydata(), [21.0, 21.0])
    finally:
        ex.close()


def test_progressive_compute_answers_at_once_then_draws_partials_then_the_final():
    ex = make(threaded=True, delay=0.05, progressive=8, prefetch=False)   # ~0.4 s per value
    finals = []
    ex.image.observe(lambda change: finals.append(ex.shown_final), names="value")
    try:
        t0 = time.perf_counter()
        ex.main_control.value = 20
        assert time.perf_counter() - t0 < 0.15
        assert ex.status_text.startswith("training… a = 20")
        ex.wait(timeout=10)
        assert finals[-1] is True and False in finals       # at least one partial picture came first
        assert ex.status_text == "a = 20 · y = 20"
        np.testing.assert_array_equal(ex.line.get_ydata(), [20.0, 20.0])
    finally:
        ex.close()


def test_progressive_compute_is_abandoned_when_superseded():
    ex = make(threaded=True, delay=0.04, progressive=10, prefetch=False)   # 0.4 s per value
    try:
        ex.main_control.value = 3
        time.sleep(0.1)
        ex.main_control.value = 4
        ex.wait(timeout=10)
        assert ex.abandoned_count == 1                # the value-3 run stopped at its next yield
        assert ex.shown_state["a"] == 4 and not ex.is_cached({"a": 3})
    finally:
        ex.close()


def test_idle_worker_prefetches_the_main_controls_neighbours():
    ex = make(threaded=True, delay=0.01)
    try:
        ex.main_control.value = 10
        ex.wait_idle(timeout=5)
        assert ex.is_cached({"a": 9}) and ex.is_cached({"a": 11}) and ex.prefetch_count >= 2
        computes = ex.compute_count
        ex.main_control.value = 11
        ex.wait()
        assert ex.compute_count == computes and ex.shown_state["a"] == 11
    finally:
        ex.close()


def test_error_in_worker_is_shown_while_the_widget_keeps_working():
    ex = make(threaded=True, fail=2, prefetch=False)
    try:
        ex.main_control.value = 2
        ex.wait()
        assert "boom at a=2" in stderr_text(ex)
        ex.main_control.value = 3
        ex.wait()
        assert stderr_text(ex) == "" and ex.shown_state["a"] == 3
    finally:
        ex.close()


def test_wait_times_out_with_a_clear_message():
    ex = make(threaded=True, delay=0.5, prefetch=False)
    try:
        ex.main_control.value = 4
        with pytest.raises(TimeoutError, match="did not settle"):
            ex.wait(timeout=0.05)
        ex.wait(timeout=5)
    finally:
        ex.close()


def test_main_control_must_be_a_slider_and_exist():
    class Bad(Tiny):
        def __init__(self, main, controls):
            Explorer.__init__(self, controls, main=main)

    with pytest.raises(ValueError, match="main must name one of the controls"):
        Bad("z", {"a": widgets.IntSlider()})
    with pytest.raises(TypeError, match="must be a slider"):
        Bad("a", {"a": widgets.Dropdown(options=["x", "y"])})


def test_set_rejects_unknown_controls():
    ex = make()
    try:
        with pytest.raises(ValueError, match="unknown control 'zz'"):
            ex.set(zz=1)
        ex.set(a=4, b=0.2)
        assert ex.shown_state == {"a": 4, "b": 0.2}
    finally:
        ex.close()


def test_float_noise_does_not_split_the_cache():
    ex = make(prefetch=False)
    try:
        assert ex.key({"a": 1, "b": 0.1 + 0.2}) == ex.key({"a": 1, "b": 0.3})
    finally:
        ex.close()


class Blitted(Tiny):
    def dynamic_artists(self):
        return [self.line, self.ax.title]


def _pixels(png: bytes) -> np.ndarray:
    import io

    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png))).astype(int)


def test_blitting_draws_the_same_picture_as_a_full_redraw():
    fast, full = Blitted(), Tiny()
    try:
        for a in (3, 17, 29):
            fast.main_control.value = a
            full.main_control.value = a
            diff = np.abs(_pixels(fast.image.value) - _pixels(full.image.value)).sum(axis=-1)
            assert (diff > 0).mean() < 0.002, a           # the same picture (overlap order aside)
            np.testing.assert_array_equal(fast.line.get_ydata(), [a, a])
        # a static change is invisible until the background is invalidated
        fast.ax.set_ylim(-1, 61)
        full.ax.set_ylim(-1, 61)
        fast.main_control.value = 5
        full.main_control.value = 5
        stale = np.abs(_pixels(fast.image.value) - _pixels(full.image.value)).sum(axis=-1)
        assert (stale > 0).mean() > 0.002
        fast.invalidate_background()
        fast.main_control.value = 6
        full.main_control.value = 6
        diff = np.abs(_pixels(fast.image.value) - _pixels(full.image.value)).sum(axis=-1)
        assert (diff > 0).mean() < 0.002
    finally:
        fast.close()
        full.close()


def test_titles_do_not_measure_tick_labels_and_axis_labels_are_frozen():
    ex = make()
    try:
        assert ex.ax._autotitlepos is False
        ex.ax.set_xlabel("x")            # a label set after the first picture is not frozen
        assert ex.ax.xaxis._autolabelpos
    finally:
        ex.close()


def test_root_carries_the_threaded_and_name_hints_for_the_browser_suite():
    @registry.register("__test_named")
    class Named(Tiny):
        pass

    try:
        ex = Named(threaded=True, prefetch=False)
        plain = make()
        try:
            assert "course2-threaded" in ex.widget._dom_classes
            assert "course2-name-__test_named" in ex.widget._dom_classes
            assert "course2-threaded" not in plain.widget._dom_classes
            assert not any(c.startswith("course2-name-") for c in plain.widget._dom_classes)
        finally:
            ex.close()
            plain.close()
    finally:
        registry.EXPLORERS.pop("__test_named")


class Ahead(Blitted):
    render_ahead = True


def test_render_ahead_publishes_ready_pictures_that_are_the_ones_drawn_on_demand():
    ahead, plain = Ahead(), Blitted()
    try:
        assert ahead.prefetch and not plain.prefetch
        ahead.set(a=5)
        ahead.wait_idle()                    # until drawing ahead stops
        for a in (4, 6, 0, 30, 3, 7):        # neighbours, the slider's ends, second neighbours
            assert ahead._png_key({"a": a, "b": 0.5}) in ahead._png_cache, a
        assert ahead.ahead_count >= 6
        assert ahead.shown_state == {"a": 5, "b": 0.5} and ahead.ax.get_title() == "a = 5"   # drawn on a twin
        count = ahead.render_count
        ahead.main_control.value = 6          # ready: published without drawing
        plain.main_control.value = 6
        assert ahead.render_count == count + 1 and ahead.shown_state["a"] == 6
        diff = np.abs(_pixels(ahead.image.value) - _pixels(plain.image.value)).sum(axis=-1)
        assert (diff > 0).mean() < 0.002
        ahead.wait_idle()
        assert ahead.ax.get_title() == "a = 6" and list(ahead.line.get_ydata()) == [6.0, 6.0]
        ahead.invalidate_background()        # a static change: every picture drawn ahead is stale
        assert len(ahead._png_cache) == 0
        ahead.prefetch = False
        ahead.set(a=20)
        assert len(ahead._png_cache) == 1    # only the picture shown
    finally:
        ahead.close()
        plain.close()


def test_render_ahead_never_shows_a_picture_for_another_state():
    ex = Ahead()
    try:
        for a in (3, 4, 5, 6, 30, 0, 12, 13):
            ex.main_control.value = a
            assert ex.shown_state["a"] == a and ex.status_text.startswith(f"a = {a} ·")
        ex.wait_idle()
        fresh = Blitted()
        try:
            fresh.main_control.value = 13
            diff = np.abs(_pixels(ex.image.value) - _pixels(fresh.image.value)).sum(axis=-1)
            assert (diff > 0).mean() < 0.002
        finally:
            fresh.close()
    finally:
        ex.close()


class AheadThreaded(Blitted):
    render_ahead = True

    def __init__(self, **kwargs):
        super().__init__(threaded=True, **kwargs)


def test_threaded_render_ahead_draws_prefetched_results_and_leaves_the_shown_artists_alone():
    ex, plain = AheadThreaded(), Blitted()
    try:
        ex.set(a=10)
        ex.wait_idle()
        assert ex._png_key({"a": 9, "b": 0.5}) in ex._png_cache and ex._png_key({"a": 11, "b": 0.5}) in ex._png_cache
        assert ex.ax.get_title() == "a = 10" and list(ex.line.get_ydata()) == [10.0, 10.0]   # never touched
        computes = ex.compute_count
        ex.main_control.value = 11
        ex.wait()
        plain.main_control.value = 11
        assert ex.compute_count == computes and ex.shown_state["a"] == 11 and ex.ax.get_title() == "a = 11"
        diff = np.abs(_pixels(ex.image.value) - _pixels(plain.image.value)).sum(axis=-1)
        assert (diff > 0).mean() < 0.002
    finally:
        ex.close()
        plain.close()
