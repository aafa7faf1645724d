"""The latest-value worker: compute and show the LATEST requested state, never a backlog.

Plain Python (no matplotlib, no ipywidgets): it is handed callables.

    worker = LatestValueWorker(compute, publish, on_error=..., render=..., cache=..., threaded=True)
    worker.submit(state)        # from the UI thread; returns at once when threaded
    worker.wait()               # until the latest request is shown (or its error)

- ``compute(state)`` returns a result, or a generator (a *progressive* compute: each yield is a
  partial result, the LAST yield the final one). Results are cached per ``key(state)``.
- ``render(result, state)`` (optional, slow, e.g. PNG encoding) runs outside ``worker.lock``;
  ``publish(rendered, result, request, final)`` runs under ``worker.lock`` and ONLY while the
  request is still the latest: a superseded result is never shown as final.
- every request gets a sequence number; a request is *superseded* once a newer one is submitted.
  A progressive compute is abandoned at its next yield when superseded (``abandoned_count``).
- ``on_error(exc, request)`` (under ``worker.lock``) gets any exception raised by compute, render
  or publish, BaseException included (a KeyboardInterrupt in a compute must not kill the worker
  nor leave the request unsettled); the worker keeps going.
- while idle, the threaded worker computes ``prefetch_states(state)`` into the cache.
- ``refresh()`` draws and publishes the latest, settled request's cached result again: for a picture
  that also shows other cached results (a curve over the slider's values), when one of them arrives.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Callable, Hashable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

__all__ = ["LatestValueWorker", "Request", "one_blas_thread"]

_MISSING = object()
#: what ``run_compute`` returns for a progressive compute abandoned because a newer request came
SUPERSEDED = object()

_BLAS = None
_BLAS_LOCK = threading.Lock()
_BLAS_USERS = 0          # threads inside one_blas_thread() right now
_BLAS_LIMITER = None     # what restores the BLAS's own thread count when the last one leaves


def _blas_controller():
    global _BLAS
    if _BLAS is None:
        try:
            from threadpoolctl import ThreadpoolController

            _BLAS = ThreadpoolController()
        except Exception:   # threadpoolctl missing or unable to inspect the BLAS: run as is
            _BLAS = False
    return _BLAS


@contextmanager
def one_blas_thread():
    """Context: numpy's BLAS on one thread. Teaching-size matrix products run about twice as fast
    that way on 2 shared cores (thread wake-ups cost more than the products); a no-op without
    threadpoolctl.

    The BLAS thread count is global to the process, so the limit is counted: the first thread to
    enter sets it, the last one to leave restores the count from before. (Nested ``threadpoolctl``
    limits entered and left by two threads in an interleaved order, a worker and the thread that
    draws ahead say, restore the wrong value and left the whole kernel's BLAS on one thread.)"""
    global _BLAS_USERS, _BLAS_LIMITER
    controller = _blas_controller()
    if not controller:
        yield
        return
    with _BLAS_LOCK:
        if _BLAS_USERS == 0:
            _BLAS_LIMITER = controller.limit(limits=1, user_api="blas")
        _BLAS_USERS += 1
    try:
        yield
    finally:
        with _BLAS_LOCK:
            _BLAS_USERS -= 1
            if _BLAS_USERS == 0 and _BLAS_LIMITER is not None:
                _BLAS_LIMITER.restore_original_limits()
                _BLAS_LIMITER = None


@dataclass
class Request:
    seq: int
    state: dict
    key: Hashable
    t: float = field(default_factory=time.perf_counter)
    prefetch: bool = False


class _DictCache(dict):
    def put(self, key, value) -> None:
        self[key] = value


def _default_key(state: dict) -> Hashable:
    return tuple(state.items())


class LatestValueWorker:
    """One worker thread (or inline calls when ``threaded=False``) that always takes the latest state.

    ``partial_after``: seconds after a request before a partial result is published;
    ``partial_interval``: minimum seconds between two partial publishes (partials only when threaded).
    """

    def __init__(self, compute: Callable, publish: Callable, *, on_error: Callable,
                 render: Callable | None = None, key: Callable[[dict], Hashable] = _default_key,
                 cache=None, prefetch_states: Callable[[dict], list] | None = None, threaded: bool = True,
                 step_context: Callable = nullcontext, partial_after: float = 0.25, partial_interval: float = 0.4,
                 name: str = "worker"):
        self.compute, self.publish, self.on_error = compute, publish, on_error
        self.render = render if render is not None else (lambda result, state: result)
        self.key = key
        self.cache = _DictCache() if cache is None else cache      # get(key, default), put, __contains__
        self.prefetch_states = prefetch_states
        self.threaded = bool(threaded)
        self.step_context = step_context
        self.partial_after, self.partial_interval = partial_after, partial_interval
        self.name = name
        self.compute_count = 0          # computes started for requested states
        self.prefetch_count = 0         # computes started while idle, for prefetch states
        self.abandoned_count = 0        # progressive computes dropped at a yield because a newer value came
        self.lock = threading.Lock()              # guards what is shown (publish, on_error)
        self._cond = threading.Condition()        # guards the request queue
        self.pending: Request | None = None
        self.active: Request | None = None          # the request whose compute is running (see ``cancelled``)
        self._seq = 0
        self._settled_seq = -1
        self._last_partial = 0.0
        self._thread: threading.Thread | None = None
        self._closed = False
        self._idle = True

    # -- requests --------------------------------------------------------------------------------
    def submit(self, state: dict, *, on_queued: Callable[[Request], None] | None = None) -> Request:
        """Make ``state`` the latest request. ``on_queued(request)`` runs under ``lock`` at the moment the
        request becomes the latest (e.g. to say "training…": no older result can be published after it)."""
        key = self.key(state)
        with self.lock:
            with self._cond:
                self._seq += 1
                req = Request(self._seq, state, key)
                self.pending = req
                self._cond.notify_all()
            if on_queued is not None:
                on_queued(req)
        if self.threaded:
            self._ensure_thread()
        else:
            self.process(req)
        return req

    def superseded(self, req: Request) -> bool:
        pending = self.pending
        return pending is not None and pending.seq > req.seq

    def process(self, req: Request) -> None:
        """Compute (or fetch) and publish one request, unless a newer one arrives first."""
        try:
            result = self.cache.get(req.key, _MISSING)
            if result is _MISSING:
                self.compute_count += 1
                result = self.run_compute(req)
                if result is SUPERSEDED:
                    return
                self.cache.put(req.key, result)
            if self.superseded(req):
                return
            rendered = self.render(result, req.state)
            with self.lock:
                if self.superseded(req):
                    return
                self.publish(rendered, result, req, True)
            self._settle(req)
        except BaseException as exc:   # shown next to the widget; the worker keeps working
            with self.lock:
                if self.superseded(req):
                    return
                self.on_error(exc, req)
            self._settle(req)
            if not self.threaded and not isinstance(exc, Exception):
                raise          # inline: an interrupt still stops the caller, after being reported

    def refresh(self) -> bool:
        """Render and publish the latest request's result again, from the cache, if that request is settled
        and still the latest (else its own publish is still to come, and draws what is cached then).
        Returns whether it published. Errors go to ``on_error`` like a compute's."""
        req = self.pending
        if req is None or self._settled_seq < req.seq:
            return False
        result = self.cache.get(req.key, _MISSING)
        if result is _MISSING:          # the request ended in an error: nothing to draw again
            return False
        try:
            rendered = self.render(result, req.state)
            with self.lock:
                if self.superseded(req):
                    return False
                self.publish(rendered, result, req, True)
        except BaseException as exc:
            with self.lock:
                if not self.superseded(req):
                    self.on_error(exc, req)
            return False
        return True

    @property
    def idle(self) -> bool:
        """Nothing to compute: the latest request is settled and no prefetch is left (always True inline)."""
        if not self.threaded or self._thread is None or not self._thread.is_alive():
            return True
        pending = self.pending
        return self._idle and (pending is None or self._settled_seq >= pending.seq)

    def cancelled(self) -> bool:
        """Whether the compute running now (in this worker) has been superseded: a progressive compute
        may check it between its own steps (e.g. as a training callback that stops the run) to give
        the worker back at once instead of at its next yield. Its remaining yields are then dropped:
        a stopped run is never cached nor shown."""
        req = self.active
        return req is not None and self.superseded(req)

    def run_compute(self, req: Request):
        """The final result of ``compute(req.state)``, or ``SUPERSEDED`` if abandoned at a yield."""
        self.active = req
        try:
            return self._run_compute(req)
        finally:
            self.active = None

    def _run_compute(self, req: Request):
        with self.step_context():
            out = self.compute(dict(req.state))
            if not inspect.isgenerator(out):
                return out
        last = _MISSING
        try:
            while True:
                with self.step_context():
                    partial = next(out, _MISSING)
                if partial is _MISSING:
                    break
                last = partial
                if self.superseded(req):
                    self.abandoned_count += 1
                    return SUPERSEDED
                if self.threaded and not req.prefetch and self._want_partial(req):
                    self._publish_partial(partial, req)
        finally:
            out.close()
        if last is _MISSING:
            raise RuntimeError(f"{self.name}.compute yielded nothing for {req.state}")
        return last

    def _want_partial(self, req: Request) -> bool:
        now = time.perf_counter()
        return now - req.t >= self.partial_after and now - self._last_partial >= self.partial_interval

    def _publish_partial(self, partial, req: Request) -> None:
        rendered = self.render(partial, req.state)
        with self.lock:
            if self.superseded(req):
                return
            self.publish(rendered, partial, req, False)
        self._last_partial = time.perf_counter()

    def _settle(self, req: Request) -> None:
        with self._cond:
            self._settled_seq = max(self._settled_seq, req.seq)
            self._cond.notify_all()

    # -- the thread ------------------------------------------------------------------------------
    def _ensure_thread(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name=f"{self.name}-worker", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        handled = 0
        queue: list[Request] = []
        while True:
            with self._cond:
                while not self._closed and (self.pending is None or self.pending.seq <= handled) and not queue:
                    self._idle = True
                    self._cond.notify_all()
                    self._cond.wait()
                self._idle = False
                if self._closed:
                    return
                fresh = self.pending is not None and self.pending.seq > handled
                req = self.pending if fresh else queue.pop(0)
            try:
                if fresh:
                    handled = req.seq
                    self.process(req)
                    queue = self._prefetch_queue(req) if self.prefetch_states and not self.superseded(req) else []
                elif not self.superseded(req) and req.key not in self.cache:
                    self._prefetch(req)
            except BaseException as exc:   # a bug here must not kill the worker silently
                queue = []
                with self.lock:
                    self.on_error(exc, req)
                if fresh:
                    self._settle(req)

    def _prefetch(self, req: Request) -> None:
        self.prefetch_count += 1
        try:
            result = self.run_compute(req)
        except BaseException:   # nobody is looking at this value: its error shows if it is requested
            return
        if result is not SUPERSEDED:
            self.cache.put(req.key, result)

    def _prefetch_queue(self, req: Request) -> list[Request]:
        out = []
        for state in self.prefetch_states(dict(req.state)):
            key = self.key(state)
            if key not in self.cache:
                out.append(Request(req.seq, state, key, prefetch=True))
        return out

    # -- waiting ---------------------------------------------------------------------------------
    def wait(self, timeout: float = 30.0) -> None:
        """Block until the latest request is published (or its error)."""
        deadline = time.perf_counter() + timeout
        with self._cond:
            while self.pending is not None and self._settled_seq < self.pending.seq:
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError(f"{self.name} did not settle within {timeout} s "
                                       f"(requested {self.pending.state})")
                self._cond.wait(left)

    def wait_idle(self, timeout: float = 60.0) -> None:
        """Block until settled AND the thread has nothing left to do (no prefetch)."""
        self.wait(timeout)
        deadline = time.perf_counter() + timeout
        with self._cond:
            while self.threaded and self._thread is not None and self._thread.is_alive() and not self._idle:
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError(f"{self.name}'s worker still busy after {timeout} s")
                self._cond.wait(left)

    def close(self, timeout: float = 5.0) -> None:
        """Stop the thread (after the compute step it is in, if any)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=timeout)
