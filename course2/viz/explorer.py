"""The ``Explorer`` base class: ipywidgets controls + one persistent matplotlib Figure shown as PNG bytes.

A subclass declares its controls and implements three methods:

    setup(figure)            make the axes and artists once (store them on self)
    compute(state) -> result the numbers for one control state (a dict name -> value); pure,
                             cacheable, may be slow. A generator is a *progressive* compute: each
                             yield is a partial result, the LAST yield is the final result.
    draw(result, state)      update the artists in place from ``result`` (and set titles)

and optionally ``describe(result, state) -> str`` (the status line), ``prefetch_states(state)``
(states to compute while idle) and ``dynamic_artists()`` (opt-in blitting). The pieces:

- ``worker.LatestValueWorker`` runs the updates (``threaded=True``: in one thread that takes the
  LATEST state, abandons superseded progressive computes, prefetches while idle);
- ``cache.LRUCache`` holds the results per normalized control-state tuple;
- this class draws with Agg, encodes PNG (``figures.DPI``, ``figures.PNG_COMPRESS_LEVEL``) into
  ``explorer.image``, keeps the status line ("training…", "error: ...", "diverged at iteration N")
  and shows an exception's traceback (stderr) in ``explorer.error_output`` until the next good update.

The DOM classes and attributes follow ``docs/explorer_contract.md``.
"""

from __future__ import annotations

import copy
import html
import inspect
import io
import re
import threading
import time
import traceback

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage

from .cache import LRUCache, neighbour_values, normalize
from .figures import DPI, DRAW_LOCK, FONT_SIZES, PNG_COMPRESS_LEVEL
from .worker import LatestValueWorker, Request, one_blas_thread

__all__ = ["MAIN_CONTROL_TYPES", "Explorer"]


class _NotifyingCache(LRUCache):
    """An LRU cache that calls ``on_put(key)`` after each put (outside its lock)."""

    def __init__(self, maxsize: int, on_put):
        super().__init__(maxsize)
        self._on_put = on_put

    def put(self, key, value) -> None:
        super().put(key, value)
        self._on_put(key)


def _slider_values(control) -> list:
    """Every value of a slider in order (empty for a float slider too fine to list)."""
    if isinstance(control, widgets.SelectionSlider):
        return list(control._options_values)
    if isinstance(control, widgets.IntSlider):
        return list(range(control.min, control.max + 1, control.step))
    if isinstance(control, widgets.FloatLogSlider):
        n = int(round((control.max - control.min) / control.step))
        return [float(control.base ** (control.min + k * control.step)) for k in range(n + 1)] if n <= 1000 else []
    if isinstance(control, widgets.FloatSlider):
        n = int(round((control.max - control.min) / control.step))
        return [round(control.min + k * control.step, 12) for k in range(n + 1)] if n <= 1000 else []
    return []


def _index_of(values: list, value):
    """The index of ``value`` in ``values`` (floats compared after ``normalize``), or None."""
    target = normalize(value)
    for i, v in enumerate(values):
        if normalize(v) == target:
            return i
    return None

MAIN_CONTROL_TYPES = (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider, widgets.SelectionSlider)
_STATUS_COLORS = {"ok": None, "busy": "#555", "diverged": "crimson", "error": "#b00020"}


class Explorer:
    """Base class of every explorer (see the module docstring for what a subclass writes).

    ``controls``: dict name -> ipywidgets control (order = layout order); ``main``: the name of the
    main control (a slider). ``threaded``: run updates in a worker thread (for training).
    """

    #: seconds after a request before a progressive compute's partial result is drawn (a partial
    #: picture costs a redraw, so runs shorter than this only show "training…" and then the result)
    partial_after: float = 0.25
    #: minimum seconds between two partial draws (both read when the explorer is built)
    partial_interval: float = 0.4
    #: keep x/y axis labels where the first picture put them (saves measuring every tick label on
    #: every redraw, ~1/3 of a redraw); set False in a subclass whose tick labels change width a lot
    freeze_axis_labels: bool = True
    #: after each picture, draw the pictures of the states a student is likely to ask for next
    #: (``render_ahead_states``: the main slider's neighbours, ends, second neighbours) in a background
    #: thread, on a twin figure built by ``setup`` (the shown figure's artists are never touched), so a
    #: key press publishes ready PNG bytes instead of drawing (~15-60 ms, 2-3x that on a slow CPU) while
    #: the browser waits. Synchronous explorers compute those states there too (``compute`` calls are
    #: serialized by the base class); threaded ones draw the results their worker has prefetched.
    #: ``prefetch`` turns it on and off at run time; ``wait_idle`` waits for it.
    render_ahead: bool = False
    #: the picture also draws results of other states from the cache (a curve over the main slider's
    #: values, filled in as the worker trains them): a threaded explorer draws the shown picture again
    #: each time one arrives, so the curve fills in while the student watches instead of at the next
    #: change (pictures drawn ahead are redrawn too, they lacked the point). Only once the slider has been
    #: left alone for ``refresh_quiet`` seconds: a redraw holds the interpreter lock for tens of milliseconds,
    #: which a key press would wait for (measured in Chromium: p50 33 -> 105 ms when redrawing at once)
    redraw_when_cached: bool = False
    refresh_quiet: float = 1.0

    def __init__(self, controls: dict, *, main: str, figsize=(9.0, 3.6), dpi: int = DPI,
                 threaded: bool = False, cache_size: int = 64, prefetch: bool | None = None):
        if main not in controls:
            raise ValueError(f"main must name one of the controls {list(controls)}, got {main!r}")
        if not isinstance(controls[main], MAIN_CONTROL_TYPES):
            raise TypeError(f"the main control {main!r} must be a slider (one of "
                            f"{[t.__name__ for t in MAIN_CONTROL_TYPES]}), got {type(controls[main]).__name__}")
        self.controls = dict(controls)
        self.main_control = self.controls[main]
        self.main_name = main
        self.threaded = bool(threaded)
        self.render_ahead = bool(self.render_ahead)
        self.prefetch = (self.threaded or self.render_ahead) if prefetch is None else bool(prefetch)
        self.dpi = dpi
        self.render_count = 0
        self.shown_state: dict | None = None
        self.shown_final = False
        self.shown_at = 0.0             # time.perf_counter() when the current picture was published
        self.last_error: BaseException | None = None
        self._cache = LRUCache(cache_size)
        self._background = None
        # render ahead (synchronous explorers): PNG bytes per full control state, drawn in a thread
        self._png_cache = LRUCache(max(8, cache_size))
        self._png_generation = 0        # bumped when the background changes: older PNGs are stale
        self._compute_lock = threading.RLock()
        self._ahead_cond = threading.Condition()
        self._ahead_seq = 0             # bumped by every change: the renderer stops at its next check
        self._ahead_state: dict | None = None
        self._ahead_busy = False
        self._ahead_thread: threading.Thread | None = None
        self._twin: Explorer | None = None   # the figure pictures are drawn ahead on
        self._closed = False
        self._changed_at = time.perf_counter()   # the last change of a control (see refresh_quiet)
        self._curves_stale = False      # a cached result arrived that the shown picture does not draw yet
        self.ahead_count = 0            # pictures drawn ahead
        if self.threaded and (self.render_ahead or self.redraw_when_cached):   # react to each prefetched result
            self._cache = _NotifyingCache(cache_size, self._on_cached)
        self.worker = LatestValueWorker(
            self._locked_compute if self.render_ahead and not self.threaded else self.compute, self._publish,
            on_error=self._on_error, render=self._render, key=self.key,
            cache=self._cache, prefetch_states=self._prefetch_if_enabled,
            threaded=self.threaded, step_context=one_blas_thread, partial_after=self.partial_after,
            partial_interval=self.partial_interval, name=type(self).__name__)

        self._figsize = figsize
        self._make_figure()
        self._build_widgets()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self._on_change(None)
        self.wait(timeout=120)
        self._freeze_axis_labels()

    def _make_figure(self) -> None:
        """``self.figure`` with the divergence banner, and the subclass's axes and artists (``setup``)."""
        self.figure = Figure(figsize=self._figsize, dpi=self.dpi)
        FigureCanvasAgg(self.figure)
        self._banner = self.figure.text(0.5, 0.5, "", ha="center", va="center", fontsize=15, color="crimson",
                                        weight="bold", zorder=100, visible=False,
                                        bbox={"facecolor": "white", "alpha": 0.9, "edgecolor": "crimson"})
        self._background = None
        # a fixed title height: matplotlib otherwise measures every tick label to place each title
        with matplotlib.rc_context({**FONT_SIZES, "axes.titley": 1.0}):
            self.setup(self.figure)

    # -- what a subclass implements --------------------------------------------------------------
    def setup(self, figure: Figure) -> None:
        """Create the axes and artists (once)."""
        raise NotImplementedError

    def compute(self, state: dict):
        """The numbers for one state; a generator yields partial results, the last one final."""
        raise NotImplementedError

    def draw(self, result, state: dict) -> None:
        """Update the artists in place from ``result``."""
        raise NotImplementedError

    def dynamic_artists(self) -> list:
        """Opt-in blitting: the artists that change between updates (images, lines, bars, titles, the
        current contour...), asked after every ``draw``. Everything else is drawn once into a cached
        background, which saves the tick labels' cost (most of a redraw). Default [] = full redraws.
        Call ``invalidate_background()`` from ``draw`` when something static changed (limits, ticks)."""
        return []

    def invalidate_background(self) -> None:
        """Redraw the static background on the next render (after axis limits or tick labels changed)."""
        self._background = None
        if not getattr(self, "_is_twin", False):
            self._png_generation += 1    # pictures drawn ahead on the old background are stale
            self._png_cache.clear()
            self._twin = None            # and the twin figure is rebuilt from setup

    def describe(self, result, state: dict) -> str:
        """The status line for a shown result; by default the control values."""
        return self.state_text(state)

    def prefetch_states(self, state: dict) -> list[dict]:
        """States worth computing while idle: by default the main control's two neighbours."""
        out = []
        for value in neighbour_values(self.main_control):
            s = dict(state)
            s[self.main_name] = value
            out.append(s)
        return out

    def _prefetch_if_enabled(self, state: dict) -> list[dict]:
        return self.prefetch_states(state) if self.prefetch else []     # (``prefetch`` may change at run time)

    def stop_if_superseded(self, step=None) -> bool:
        """A training callback (``callbacks=(self.stop_if_superseded,)``) for a progressive compute:
        True (stop) as soon as a newer value was asked for, so a run being prefetched or superseded gives
        the worker back within one iteration rather than at its next yield (hundreds of iterations:
        ~0.1 s on a slow CPU, all of it added to the next key press). Numbers are unchanged: it only
        ever stops runs whose results are dropped."""
        return self.worker.cancelled()

    # -- helpers for subclasses -------------------------------------------------------------------
    @staticmethod
    def format_value(value) -> str:
        if isinstance(value, float):
            return f"{value:.3g}"
        return str(value)

    def state_text(self, state: dict) -> str:
        """"name = value · name = value" for the controls (their descriptions when they have one)."""
        parts = []
        for name, control in self.controls.items():
            label = (getattr(control, "description", "") or name).rstrip(": ")
            parts.append(f"{label} = {self.format_value(state[name])}")
        return " · ".join(parts)

    def state(self) -> dict:
        """The current control values (the state the next update will show)."""
        return {name: control.value for name, control in self.controls.items()}

    def key(self, state: dict) -> tuple:
        return tuple(normalize(state[name]) for name in self.controls)

    # -- widgets ---------------------------------------------------------------------------------
    def _build_widgets(self) -> None:
        self.main_control.add_class("course2-main-control")
        width, height = (round(v * self.dpi) for v in self.figure.get_size_inches())
        # natural pixel size (a stretched PNG is blurry), shrinking with a narrow window
        self.image = widgets.Image(format="png", layout=widgets.Layout(width=f"{width}px", max_width="100%",
                                                                        height="auto"))
        self.image.add_class("course2-plot")
        self.status = widgets.HTML(value="")
        self.status.add_class("course2-status")
        self.error_output = widgets.Output()
        self.error_output.add_class("course2-error")
        controls = widgets.VBox(list(self.controls.values()))
        self.widget = ExplorerBox([controls, self.status, self.image, self.error_output])
        self.widget.picture = self.image
        self.widget.add_class("course2-explorer")
        if self.threaded:   # hints for the browser suite: which budget applies, and which explorer this is
            self.widget.add_class("course2-threaded")
        name = getattr(type(self), "_registered_name", None)
        if name:
            self.widget.add_class(f"course2-name-{name}")

    def _on_change(self, change) -> None:
        self._changed_at = time.perf_counter()
        with self._ahead_cond:
            self._ahead_seq += 1        # a picture being drawn ahead yields the drawing lock at its next check
        self.worker.submit(self.state(), on_queued=self._say_training if self.threaded else None)

    def _say_training(self, req: Request) -> None:
        if req.key not in self._cache:
            self._set_status("training… " + self.state_text(req.state), kind="busy")

    # -- rendering -------------------------------------------------------------------------------
    def _png_key(self, state: dict) -> tuple:
        return tuple(normalize(state[name]) for name in self.controls)

    def _render(self, result, state: dict) -> bytes:
        """Draw the artists for ``result`` and encode the figure as PNG bytes (or, for a picture drawn
        ahead, only update the artists, so they always match the picture shown)."""
        if self.render_ahead and (not self.threaded or self._cache.get(self.key(state)) is result):
            ready = self._png_cache.get(self._png_key(state))      # (a partial result is never cached)
            if ready is not None:
                with DRAW_LOCK:
                    self._set_artists(result, state)
                return ready
        return self._draw_png(result, state)

    def _set_artists(self, result, state: dict) -> None:
        self.draw(result, state)
        diverged = getattr(result, "diverged_at", None)
        self._banner.set_visible(diverged is not None)
        if diverged is not None:
            self._banner.set_text(f"diverged at iteration {diverged}")

    def _draw_png(self, result, state: dict) -> bytes:
        with DRAW_LOCK:
            self.draw(result, state)
            diverged = getattr(result, "diverged_at", None)
            self._banner.set_visible(diverged is not None)
            if diverged is not None:
                self._banner.set_text(f"diverged at iteration {diverged}")
            canvas = self.figure.canvas
            dynamic = list(self.dynamic_artists())
            if dynamic:
                self._blit(canvas, dynamic)
            else:
                canvas.draw()
            rgba = np.asarray(canvas.buffer_rgba())
            buf = io.BytesIO()
            PILImage.fromarray(rgba[..., :3]).save(buf, format="png", compress_level=PNG_COMPRESS_LEVEL)
        return buf.getvalue()

    def _blit(self, canvas, dynamic: list) -> None:
        """Restore the cached static background, then draw only the dynamic artists on it."""
        dynamic.append(self._banner)
        for artist in dynamic:
            artist.set_animated(True)     # animated artists are left out of a full draw
        if self._background is None:
            canvas.draw()
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        canvas.restore_region(self._background)
        for artist in sorted(dynamic, key=lambda a: a.get_zorder()):
            self.figure.draw_artist(artist)

    def _freeze_axis_labels(self) -> None:
        if not self.freeze_axis_labels:
            return
        with DRAW_LOCK:
            for ax in self.figure.axes:
                for axis in (ax.xaxis, ax.yaxis):
                    label = axis.label
                    if not label.get_text() or not label.get_visible() or not axis._autolabelpos:
                        continue        # (a label placed by set_label_coords stays where the subclass put it)
                    # the label's position is in (axes, pixel) coordinates after a draw: make it axes-only
                    x, y = label.get_position()
                    if axis is ax.xaxis:
                        y_ax = ax.transAxes.inverted().transform((0, y))[1]
                        axis.set_label_coords(x, y_ax)
                    else:
                        x_ax = ax.transAxes.inverted().transform((x, 0))[0]
                        axis.set_label_coords(x_ax, y)

    # -- showing (called by the worker under worker.lock, only for the latest request) ------------
    def _publish(self, png: bytes, result, req: Request, final: bool) -> None:
        # shown_state first: an observer of image.value sees the state the new bytes were drawn for
        self.shown_state = dict(req.state)
        self.shown_final = final
        self.render_count += 1
        self.image.value = png      # (identical bytes send nothing: the browser already shows them)
        self.shown_at = time.perf_counter()
        if final:
            self._set_status(self._status_text(result, req.state), kind=self._status_kind(result))
            self._clear_error()
            if self.render_ahead:
                self._png_cache.put(self._png_key(req.state), png)
                self._start_ahead(req.state)
        else:
            self._set_status("training… " + self._status_text(result, req.state), kind="busy")

    def _on_error(self, exc: BaseException, req: Request) -> None:
        self.last_error = exc
        self.error_output.outputs = ()
        self.error_output.append_stderr("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        self._set_status(f"error: {type(exc).__name__}: {exc} · {self.state_text(req.state)}", kind="error")

    def _status_text(self, result, state: dict) -> str:
        text = self.describe(result, state)
        diverged = getattr(result, "diverged_at", None)
        if diverged is not None and "diverged" not in text:
            text += f" · diverged at iteration {diverged}"
        return text

    @staticmethod
    def _status_kind(result) -> str:
        return "diverged" if getattr(result, "diverged_at", None) is not None else "ok"

    def _set_status(self, text: str, *, kind: str = "ok") -> None:
        color = _STATUS_COLORS[kind]
        body = html.escape(text)
        self.status.value = body if color is None else f'<span style="color:{color}">{body}</span>'

    def _clear_error(self) -> None:
        self.last_error = None
        if self.error_output.outputs:
            self.error_output.outputs = ()

    # -- render ahead (synchronous explorers) -------------------------------------------------------
    def render_ahead_states(self, state: dict) -> list[dict]:
        """States to draw ahead after ``state`` is shown: by default the main slider's neighbours (arrow
        keys), its two ends (Home/End) and the second neighbours; other controls as they are."""
        out = [{**state, self.main_name: v} for v in neighbour_values(self.main_control)]
        values = _slider_values(self.main_control)
        if values:
            i = _index_of(values, state[self.main_name])
            picks = [values[0], values[-1]] + ([values[j] for j in (i + 2, i - 2) if 0 <= j < len(values)]
                                               if i is not None else [])
            out += [{**state, self.main_name: v} for v in picks]
        seen, unique = {self._png_key(state)}, []
        for s in out:
            k = self._png_key(s)
            if k not in seen:
                seen.add(k)
                unique.append(s)
        return unique

    def _locked_compute(self, state: dict):
        """``compute`` run to its final result, one at a time (the renderer thread computes too)."""
        with self._compute_lock:
            out = self.compute(state)
            if inspect.isgenerator(out):
                *_, out = out         # its final result
            return out

    def _start_ahead(self, state: dict) -> None:
        if not self.prefetch or self._closed:
            return
        with self._ahead_cond:
            self._ahead_state = dict(state)
            self._ahead_busy = True
            self._ahead_cond.notify_all()
        if self._ahead_thread is None or not self._ahead_thread.is_alive():
            self._ahead_thread = threading.Thread(target=self._ahead_loop, daemon=True,
                                                  name=f"{type(self).__name__}-ahead")
            self._ahead_thread.start()

    def _ahead_loop(self) -> None:
        while True:
            with self._ahead_cond:
                while self._ahead_state is None and not self._closed:
                    self._ahead_busy = False
                    self._ahead_cond.notify_all()
                    self._ahead_cond.wait()
                if self._closed:
                    self._ahead_busy = False
                    self._ahead_cond.notify_all()
                    return
                state, seq = self._ahead_state, self._ahead_seq
                self._ahead_state = None
            try:
                self._draw_ahead(state, seq)
            except Exception:      # nobody is looking at these pictures: a failing one is drawn when asked
                pass

    def _on_cached(self, key) -> None:
        """A result landed in the cache (a threaded worker's prefetch, in the worker's thread): draw the shown
        picture again if it draws cached results (``redraw_when_cached``), and draw its picture ahead."""
        shown = self.shown_state
        if shown is None or not self.shown_final or not self.prefetch:
            return
        if self.redraw_when_cached and key != self.key(shown):
            self._curves_stale = True
            if time.perf_counter() - self._changed_at >= self.refresh_quiet:
                self._refresh_curves()
                return
        # (a stale picture is drawn again by the renderer once the worker is idle and the slider quiet; until
        # then a key press still gets the pictures drawn ahead, a point or two short)
        self._start_ahead(shown)

    def _refresh_curves(self) -> bool:
        """Draw the shown picture again with every cached point, and forget the pictures drawn ahead (they lack
        the new points): the publish draws them again."""
        self._curves_stale = False
        self._png_generation += 1
        self._png_cache.clear()
        return self.worker.refresh()

    def _twin_figure(self) -> Explorer:
        """A shallow copy of this explorer with its own figure and artists (``setup`` again), axis
        labels placed where the shown figure froze them: pictures drawn on it are the shown figure's."""
        if self._twin is None:
            twin = copy.copy(self)
            twin._is_twin = True
            twin._make_figure()
            for ax, tax in zip(self.figure.axes, twin.figure.axes):
                for axis, taxis in ((ax.xaxis, tax.xaxis), (ax.yaxis, tax.yaxis)):
                    if not axis._autolabelpos:
                        taxis.set_label_coords(*axis.label.get_position())
            self._twin = twin
        return self._twin

    def _draw_ahead(self, shown: dict, seq: int) -> None:
        if self.render_ahead:
            self._draw_neighbours_ahead(shown, seq)
        if self._curves_stale:      # then, once the slider is quiet, the shown picture with every cached point
            while ((not self.worker.idle or time.perf_counter() - self._changed_at < self.refresh_quiet)
                   and self._ahead_seq == seq and not self._closed):
                time.sleep(0.02)
            if self._ahead_seq == seq and not self._closed:
                self._refresh_curves()      # its publish draws the neighbours ahead again, complete

    def _draw_neighbours_ahead(self, shown: dict, seq: int) -> None:
        for state in self.render_ahead_states(shown):
            if self._ahead_seq != seq or not self.prefetch or self._closed:
                return
            pkey = self._png_key(state)
            if pkey in self._png_cache:
                continue
            key = self.key(state)
            result = self._cache.get(key)
            if result is None:
                if self.threaded:      # the worker computes (prefetch); its results come back here
                    continue
                with one_blas_thread():
                    result = self._locked_compute(state)
                self._cache.put(key, result)
            # a threaded explorer draws once its worker is idle: the process's threads share one
            # interpreter lock, and drawing beside a prefetch slowed the kernel's answer to a key press
            while self.threaded and not self.worker.idle and self._ahead_seq == seq and not self._closed:
                time.sleep(0.02)
            with DRAW_LOCK:
                if self._ahead_seq != seq:        # a newer picture is wanted: let it have the lock
                    return
                generation = self._png_generation
                with one_blas_thread():
                    png = self._twin_figure()._draw_png(result, state)
                if generation == self._png_generation:
                    self._png_cache.put(pkey, png)
                    self.ahead_count += 1

    def _wait_ahead(self, timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        with self._ahead_cond:
            while self._ahead_busy and self._ahead_thread is not None and self._ahead_thread.is_alive():
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError(f"{type(self).__name__} still drawing ahead after {timeout} s")
                self._ahead_cond.wait(left)

    # -- public API --------------------------------------------------------------------------------
    @property
    def status_text(self) -> str:
        """The status line as plain text (tags removed)."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.status.value))

    @property
    def compute_count(self) -> int:
        """Computes started for requested states."""
        return self.worker.compute_count

    @property
    def prefetch_count(self) -> int:
        """Computes started while idle, for neighbours."""
        return self.worker.prefetch_count

    @property
    def abandoned_count(self) -> int:
        """Progressive computes dropped at a yield because a newer value came."""
        return self.worker.abandoned_count

    def wait(self, timeout: float = 30.0) -> None:
        """Block until the picture shows the latest requested state (or its error)."""
        self.worker.wait(timeout)

    def wait_idle(self, timeout: float = 60.0) -> None:
        """Block until the picture is settled AND nothing is left to do (no prefetch, no drawing ahead)."""
        self.worker.wait_idle(timeout)
        self._wait_ahead(timeout)

    def set(self, **values) -> None:
        """Set several controls at once (one update per control) and wait until settled."""
        for name, value in values.items():
            if name not in self.controls:
                raise ValueError(f"unknown control {name!r}; the controls are {list(self.controls)}")
            self.controls[name].value = value
        self.wait()

    def is_cached(self, state: dict) -> bool:
        """Whether the result for ``state`` (a full or partial dict of control values) is cached."""
        return self.key({**self.state(), **state}) in self._cache

    def clear_cache(self) -> None:
        self._cache.clear()
        self._png_cache.clear()

    def close(self) -> None:
        """Stop the worker thread (and the drawing-ahead one) and close the widgets."""
        with self._ahead_cond:
            self._closed = True
            self._ahead_cond.notify_all()
        if self._ahead_thread is not None:
            self._ahead_thread.join(timeout=5.0)
        self.worker.close()
        for w in (*self.controls.values(), self.image, self.status, self.error_output, *self.widget.children,
                  self.widget):
            w.close()

    def _repr_mimebundle_(self, include=None, exclude=None):   # `explorer` alone in a cell: the widget
        return self.widget._repr_mimebundle_(include=include, exclude=exclude)


#: what a reader without a kernel sees under an explorer's picture (GitHub, nbviewer, nbconvert)
STATIC_TEXT = "(the explorer's first picture; run the notebook in JupyterLab to move its sliders)"


class ExplorerBox(widgets.VBox):
    """The explorer's root VBox. Displayed, it offers the live widget AND its current picture as a PNG:
    JupyterLab with a kernel shows the widget; GitHub, nbviewer and ``nbconvert --to html`` (no widget
    state) show the first picture instead of a placeholder."""

    picture: widgets.Image | None = None

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        if self.picture is not None and self.picture.value:
            import base64

            bundle["image/png"] = base64.b64encode(self.picture.value).decode("ascii")
            bundle["text/plain"] = STATIC_TEXT
        return bundle

