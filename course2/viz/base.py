"""The explorer machinery: ipywidgets controls + one persistent matplotlib Figure shown as PNG bytes.

A subclass declares its controls and implements three methods:

    setup(figure)            make the axes and artists once (store them on self)
    compute(state) -> result the numbers for one control state (a dict name -> value); pure,
                             cacheable, may be slow. A generator is a *progressive* compute: each
                             yield is a partial result, the LAST yield is the final result.
    draw(result, state)      update the artists in place from ``result`` (and set titles)

and optionally ``describe(result, state) -> str`` (the status line) and
``prefetch_states(state)`` (states to compute while idle). Everything else is here:

- every control's ``observe`` runs the update; the figure is drawn by Agg and encoded as PNG
  (dpi 72, compress_level 1, no tight bbox) into ``explorer.image`` (an ``ipywidgets.Image``);
- results are cached per control-state tuple (bounded LRU);
- ``threaded=True`` (for explorers that train): updates run in ONE worker thread that always takes
  the LATEST requested state. While it works the status says "training…"; a progressive compute is
  abandoned at its next yield once a newer value is requested, and a result that is no longer the
  latest is never shown as final. While idle the worker computes the main control's neighbours.
- an exception raised by compute or draw is shown as a traceback (stderr) in
  ``explorer.error_output`` and as "error: ..." in the status; the next good update clears both.
- a result with a ``diverged_at`` attribute that is not None puts "diverged at iteration N" on
  the plot and in the status.

The DOM classes and attributes follow ``docs/explorer_contract.md`` (course2-explorer,
course2-main-control, course2-plot, course2-status, course2-error; ``widget``, ``main_control``,
``controls``, ``figure``, ``image``, ``status``, ``error_output``, ``wait()``, ``render_count``,
``shown_state``).
"""

from __future__ import annotations

import html
import inspect
import io
import math
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage

__all__ = ["EXPLORERS", "Explorer", "LRUCache", "explorers", "figure_png", "neighbour_values", "picture", "register"]

MAIN_CONTROL_TYPES = (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider, widgets.SelectionSlider)
DPI = 72
PNG_COMPRESS_LEVEL = 1
_MISSING = object()
_SUPERSEDED = object()
# Agg keeps some global caches (fonts, text layout): one figure draws at a time, across explorers.
_DRAW_LOCK = threading.RLock()

_BLAS = None


def _one_blas_thread():
    """Context: numpy's BLAS on one thread. Teaching-size matrix products run about twice as fast
    that way on 2 shared cores (thread wake-ups cost more than the products); a no-op without
    threadpoolctl."""
    global _BLAS
    if _BLAS is None:
        try:
            from threadpoolctl import ThreadpoolController

            _BLAS = ThreadpoolController()
        except Exception:   # threadpoolctl missing or unable to inspect the BLAS: run as is
            _BLAS = False
    return _BLAS.limit(limits=1, user_api="blas") if _BLAS else nullcontext()


#: name -> factory (a zero-argument callable returning an Explorer in its notebook configuration).
EXPLORERS: dict[str, Callable[[], Explorer]] = {}


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


def explorers() -> dict[str, Callable[[], Explorer]]:
    """Import every module of ``course2.viz`` (so each registers its explorers) and return ``EXPLORERS``."""
    import importlib
    import pkgutil

    from course2 import viz

    for info in pkgutil.iter_modules(viz.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{viz.__name__}.{info.name}")
    return dict(sorted(EXPLORERS.items()))


def figure_png(figure: Figure, dpi: float = DPI) -> bytes:
    """PNG bytes of a figure (for static figures; explorers render through their own path)."""
    if figure.canvas is None or not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)
    buf = io.BytesIO()
    with _DRAW_LOCK:
        figure.savefig(buf, format="png", dpi=dpi, pil_kwargs={"compress_level": 6})
    return buf.getvalue()


def picture(figure: Figure, dpi: float = 80):
    """A static figure for a notebook cell: an ``IPython.display.Image`` (the PNG is saved in the notebook,
    so it shows on GitHub, nbviewer and in a PDF; its text form carries no memory address)."""
    from IPython.display import Image

    return Image(data=figure_png(figure, dpi), format="png")


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


def _normalize(value):
    """A hashable, float-noise-free version of a control value (for cache keys)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(f"{float(value):.12g}")
    if isinstance(value, (list, tuple)):
        return tuple(_normalize(v) for v in value)
    return value


def neighbour_values(control) -> list:
    """The values one step below and above a slider's current value (those that exist)."""
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


@dataclass
class _Request:
    seq: int
    state: dict
    key: tuple
    t: float = field(default_factory=time.perf_counter)
    prefetch: bool = False


class Explorer:
    """Base class of every explorer (see the module docstring for what a subclass writes).

    ``controls``: dict name -> ipywidgets control (order = layout order); ``main``: the name of the
    main control (a slider). ``threaded``: run updates in a worker thread (for training).
    """

    #: seconds after a request before a progressive compute's partial result is drawn (a partial
    #: picture costs a redraw, so runs shorter than this only show "training…" and then the result)
    partial_after: float = 0.25
    #: minimum seconds between two partial draws
    partial_interval: float = 0.4

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
        self.prefetch = self.threaded if prefetch is None else bool(prefetch)
        self.dpi = dpi
        self.render_count = 0
        self.compute_count = 0          # computes started for requested states
        self.prefetch_count = 0         # computes started while idle, for neighbours
        self.abandoned_count = 0        # progressive computes dropped at a yield because a newer value came
        self.shown_state: dict | None = None
        self.shown_final = False
        self.shown_at = 0.0             # time.perf_counter() when the current picture was published
        self.last_error: BaseException | None = None
        self._cache = LRUCache(cache_size)
        self._lock = threading.Lock()                 # guards what is shown (image, status, shown_state)
        self._cond = threading.Condition()            # guards the request queue
        self._pending: _Request | None = None
        self._seq = 0
        self._settled_seq = -1
        self._last_partial = 0.0
        self._worker: threading.Thread | None = None
        self._closed = False
        self._background = None
        self._idle = True

        self.figure = Figure(figsize=figsize, dpi=dpi)
        FigureCanvasAgg(self.figure)
        self._banner = self.figure.text(0.5, 0.5, "", ha="center", va="center", fontsize=15, color="crimson",
                                        weight="bold", zorder=100, visible=False,
                                        bbox={"facecolor": "white", "alpha": 0.9, "edgecolor": "crimson"})
        # a fixed title height: matplotlib otherwise measures every tick label to place each title
        with matplotlib.rc_context({"axes.titley": 1.0}):
            self.setup(self.figure)
        self._build_widgets()
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        self._on_change(None)
        self.wait(timeout=120)
        self._freeze_axis_labels()

    #: keep x/y axis labels where the first picture put them (saves measuring every tick label on
    #: every redraw, ~1/3 of a redraw); set False in a subclass whose tick labels change width a lot
    freeze_axis_labels: bool = True

    def _freeze_axis_labels(self) -> None:
        if not self.freeze_axis_labels:
            return
        with _DRAW_LOCK:
            for ax in self.figure.axes:
                for axis in (ax.xaxis, ax.yaxis):
                    label = axis.label
                    if not label.get_text() or not label.get_visible():
                        continue
                    # the label's position is in (axes, pixel) coordinates after a draw: make it axes-only
                    x, y = label.get_position()
                    if axis is ax.xaxis:
                        y_ax = ax.transAxes.inverted().transform((0, y))[1]
                        axis.set_label_coords(x, y_ax)
                    else:
                        x_ax = ax.transAxes.inverted().transform((x, 0))[0]
                        axis.set_label_coords(x_ax, y)

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
        self.widget = widgets.VBox([controls, self.status, self.image, self.error_output])
        self.widget.add_class("course2-explorer")
        if self.threaded:   # hints for the browser suite: which budget applies, and which explorer this is
            self.widget.add_class("course2-threaded")
        name = getattr(type(self), "_registered_name", None)
        if name:
            self.widget.add_class(f"course2-name-{name}")

    def state(self) -> dict:
        """The current control values (the state the next update will show)."""
        return {name: control.value for name, control in self.controls.items()}

    def key(self, state: dict) -> tuple:
        return tuple(_normalize(state[name]) for name in self.controls)

    # -- requests --------------------------------------------------------------------------------
    def _on_change(self, change) -> None:
        state = self.state()
        key = self.key(state)
        with self._cond:
            self._seq += 1
            req = _Request(self._seq, state, key)
            self._pending = req
            self._cond.notify_all()
        if not self.threaded:
            self._process(req)
            return
        if key not in self._cache:
            with self._lock:
                self._set_status("training… " + self.state_text(state), kind="busy")
        self._ensure_worker()

    def _superseded(self, req: _Request) -> bool:
        pending = self._pending
        return pending is not None and pending.seq > req.seq

    def _process(self, req: _Request) -> None:
        """Compute (or fetch) and show one request, unless a newer one arrives first."""
        try:
            result = self._cache.get(req.key, _MISSING)
            if result is _MISSING:
                self.compute_count += 1
                result = self._run_compute(req)
                if result is _SUPERSEDED:
                    return
                self._cache.put(req.key, result)
            if self._superseded(req):
                return
            png = self._render(result, req.state)
            with self._lock:
                if self._superseded(req):
                    return
                self._publish(png, req.state, final=True)
                self._set_status(self._status_text(result, req.state), kind=self._status_kind(result))
                self._clear_error()
            self._settle(req)
        except Exception as exc:   # shown next to the widget; the explorer keeps working
            with self._lock:
                if self._superseded(req):
                    return
                self._show_error(exc, req.state)
            self._settle(req)

    def _run_compute(self, req: _Request):
        with _one_blas_thread():
            out = self.compute(dict(req.state))
            if not inspect.isgenerator(out):
                return out
        last = _MISSING
        try:
            while True:
                with _one_blas_thread():
                    partial = next(out, _MISSING)
                if partial is _MISSING:
                    break
                last = partial
                if self._superseded(req):
                    self.abandoned_count += 1
                    return _SUPERSEDED
                if self.threaded and not req.prefetch and self._want_partial(req):
                    self._show_partial(partial, req)
        finally:
            out.close()
        if last is _MISSING:
            raise RuntimeError(f"{type(self).__name__}.compute yielded nothing for {req.state}")
        return last

    def _want_partial(self, req: _Request) -> bool:
        now = time.perf_counter()
        return now - req.t >= self.partial_after and now - self._last_partial >= self.partial_interval

    def _show_partial(self, partial, req: _Request) -> None:
        png = self._render(partial, req.state)
        with self._lock:
            if self._superseded(req):
                return
            self._publish(png, req.state, final=False)
            self._set_status("training… " + self._status_text(partial, req.state), kind="busy")
        self._last_partial = time.perf_counter()

    def _settle(self, req: _Request) -> None:
        with self._cond:
            self._settled_seq = max(self._settled_seq, req.seq)
            self._cond.notify_all()

    # -- showing ---------------------------------------------------------------------------------
    def _render(self, result, state: dict) -> bytes:
        """Draw the artists for ``result`` and encode the figure as PNG bytes."""
        with _DRAW_LOCK:
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

    def _publish(self, png: bytes, state: dict, *, final: bool) -> None:
        # shown_state first: an observer of image.value sees the state the new bytes were drawn for
        self.shown_state = dict(state)
        self.shown_final = final
        self.render_count += 1
        self.image.value = png      # (identical bytes send nothing: the browser already shows them)
        self.shown_at = time.perf_counter()

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
        color = {"ok": None, "busy": "#555", "diverged": "crimson", "error": "#b00020"}[kind]
        body = html.escape(text)
        self.status.value = body if color is None else f'<span style="color:{color}">{body}</span>'

    @property
    def status_text(self) -> str:
        """The status line as plain text (tags removed)."""
        import re

        return html.unescape(re.sub(r"<[^>]+>", "", self.status.value))

    def _show_error(self, exc: BaseException, state: dict) -> None:
        self.last_error = exc
        self.error_output.outputs = ()
        self.error_output.append_stderr("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        self._set_status(f"error: {type(exc).__name__}: {exc} · {self.state_text(state)}", kind="error")

    def _clear_error(self) -> None:
        self.last_error = None
        if self.error_output.outputs:
            self.error_output.outputs = ()

    # -- the worker ------------------------------------------------------------------------------
    def _ensure_worker(self) -> None:
        if self._worker is None or not self._worker.is_alive():
            self._worker = threading.Thread(target=self._worker_loop, name=f"{type(self).__name__}-worker",
                                            daemon=True)
            self._worker.start()

    def _worker_loop(self) -> None:
        handled = 0
        queue: list[_Request] = []
        while True:
            with self._cond:
                while not self._closed and (self._pending is None or self._pending.seq <= handled) and not queue:
                    self._idle = True
                    self._cond.notify_all()
                    self._cond.wait()
                self._idle = False
                if self._closed:
                    return
                fresh = self._pending is not None and self._pending.seq > handled
                req = self._pending if fresh else queue.pop(0)
            try:
                if fresh:
                    handled = req.seq
                    self._process(req)
                    queue = self._prefetch_queue(req) if self.prefetch and not self._superseded(req) else []
                elif not self._superseded(req) and req.key not in self._cache:
                    self._prefetch(req)
            except Exception as exc:   # a bug here must not kill the worker silently
                queue = []
                with self._lock:
                    self._show_error(exc, req.state)

    def _prefetch(self, req: _Request) -> None:
        self.prefetch_count += 1
        try:
            result = self._run_compute(req)
        except Exception:   # nobody is looking at this value: its error shows if it is requested
            return
        if result is not _SUPERSEDED:
            self._cache.put(req.key, result)

    def _prefetch_queue(self, req: _Request) -> list[_Request]:
        out = []
        for state in self.prefetch_states(dict(req.state)):
            key = self.key(state)
            if key not in self._cache:
                out.append(_Request(req.seq, state, key, prefetch=True))
        return out

    # -- public API --------------------------------------------------------------------------------
    def wait(self, timeout: float = 30.0) -> None:
        """Block until the picture shows the latest requested state (or its error)."""
        deadline = time.perf_counter() + timeout
        with self._cond:
            while self._pending is not None and self._settled_seq < self._pending.seq:
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError(f"{type(self).__name__} did not settle within {timeout} s "
                                       f"(requested {self._pending.state})")
                self._cond.wait(left)

    def wait_idle(self, timeout: float = 60.0) -> None:
        """Block until the picture is settled AND the worker has nothing left to do (no prefetch)."""
        self.wait(timeout)
        deadline = time.perf_counter() + timeout
        with self._cond:
            while self.threaded and self._worker is not None and self._worker.is_alive() and not self._idle:
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError(f"{type(self).__name__}'s worker still busy after {timeout} s")
                self._cond.wait(left)

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

    def close(self) -> None:
        """Stop the worker thread and close the widgets."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._worker is not None:
            self._worker.join(timeout=5)
        for w in (*self.controls.values(), self.image, self.status, self.error_output, *self.widget.children,
                  self.widget):
            w.close()

    def _ipython_display_(self):   # `explorer` alone in a cell shows the widget
        from IPython.display import display

        display(self.widget)
