"""The latest-value worker, driven with plain Python callables (no matplotlib, no ipywidgets)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from course2.viz.worker import LatestValueWorker


class Screen:
    """What a UI would show: every publish (state, result, final) and every error, with the latest request."""

    def __init__(self):
        self.shown: list[tuple[dict, object, bool, dict]] = []
        self.errors: list[tuple[BaseException, dict]] = []
        self.worker: LatestValueWorker | None = None

    def publish(self, rendered, result, req, final):
        self.shown.append((dict(req.state), rendered, final, dict(self.worker.pending.state)))

    def on_error(self, exc, req):
        self.errors.append((exc, dict(req.state)))


def make(compute, *, threaded=True, prefetch_states=None, **kwargs):
    screen = Screen()
    worker = LatestValueWorker(compute, screen.publish, on_error=screen.on_error, threaded=threaded,
                               prefetch_states=prefetch_states, name="Test", **kwargs)
    screen.worker = worker
    return worker, screen


def slow_square(delay):
    def compute(state):
        time.sleep(delay)
        return state["a"] ** 2
    return compute


def test_sync_worker_publishes_each_request_inline():
    worker, screen = make(lambda s: s["a"] + 1, threaded=False, render=lambda r, s: f"img {r}")
    worker.submit({"a": 1})
    assert screen.shown == [({"a": 1}, "img 2", True, {"a": 1})]
    worker.submit({"a": 1})                       # cached: no new compute, published again
    assert worker.compute_count == 1 and len(screen.shown) == 2


def test_latest_value_wins_and_a_drag_coalesces():
    worker, screen = make(slow_square(0.03))
    try:
        for a in range(20):
            worker.submit({"a": a})
        worker.wait(timeout=10)
        state, result, final, _ = screen.shown[-1]
        assert state == {"a": 19} and result == 361 and final
        assert worker.compute_count <= 4          # far fewer than 20
    finally:
        worker.close()


def test_a_superseded_result_is_never_shown_as_final():
    worker, screen = make(slow_square(0.01))
    try:
        for a in range(30):
            worker.submit({"a": a})
            time.sleep(0.004)
        worker.wait(timeout=10)
        finals = [(state, latest) for state, _, final, latest in screen.shown if final]
        assert finals and all(state == latest for state, latest in finals)
    finally:
        worker.close()


def test_a_progressive_compute_is_abandoned_at_a_yield_and_counted():
    steps = []

    def compute(state):
        for k in range(10):
            time.sleep(0.03)
            steps.append((state["a"], k))
            yield state["a"] * 10 + k

    worker, screen = make(compute, partial_after=0.0, partial_interval=0.0)
    try:
        worker.submit({"a": 1})
        time.sleep(0.1)
        worker.submit({"a": 2})
        worker.wait(timeout=10)
        assert worker.abandoned_count == 1
        assert max(k for a, k in steps if a == 1) < 9          # the first run stopped early
        assert screen.shown[-1][:3] == ({"a": 2}, 29, True)
        assert all(not final for state, _, final, _ in screen.shown if state == {"a": 1})
        assert ({"a": 1},) not in [(s,) for s, _, f, _ in screen.shown if f]
        assert worker.key({"a": 1}) not in worker.cache        # an abandoned run is not cached
        assert any(not final for state, _, final, _ in screen.shown if state == {"a": 2})   # partials shown
    finally:
        worker.close()


def test_errors_go_to_the_error_callback_and_the_worker_survives():
    def compute(state):
        if state["a"] == 3:
            raise ValueError("boom")
        return state["a"]

    worker, screen = make(compute)
    try:
        worker.submit({"a": 3})
        worker.wait(timeout=5)
        assert len(screen.errors) == 1 and str(screen.errors[0][0]) == "boom" and screen.errors[0][1] == {"a": 3}
        assert screen.shown == []
        worker.submit({"a": 4})
        worker.wait(timeout=5)
        assert screen.shown[-1][:3] == ({"a": 4}, 4, True)
    finally:
        worker.close()


@pytest.mark.parametrize("exc_type", [KeyboardInterrupt, SystemExit, BaseException])
def test_a_base_exception_in_compute_is_an_error_not_a_dead_worker(exc_type):
    def compute(state):
        if state["a"] == 1:
            raise exc_type("interrupted")
        return state["a"]

    worker, screen = make(compute)
    try:
        worker.submit({"a": 1})
        worker.wait(timeout=5)                    # settled, not "busy" forever
        worker.wait_idle(timeout=5)
        assert [type(e) for e, _ in screen.errors] == [exc_type]
        worker.submit({"a": 2})                   # the same thread keeps working
        worker.wait(timeout=5)
        assert screen.shown[-1][:3] == ({"a": 2}, 2, True)
    finally:
        worker.close()


def test_a_base_exception_in_a_progressive_compute_or_in_publish_is_reported_too():
    def compute(state):
        yield 1
        raise KeyboardInterrupt

    worker, screen = make(compute)
    try:
        worker.submit({"a": 1})
        worker.wait(timeout=5)
        assert [type(e) for e, _ in screen.errors] == [KeyboardInterrupt]
    finally:
        worker.close()

    def publish(rendered, result, req, final):
        raise KeyboardInterrupt

    errors = []
    worker = LatestValueWorker(lambda s: 1, publish, on_error=lambda e, r: errors.append(e))
    try:
        worker.submit({"a": 1})
        worker.wait(timeout=5)
        assert [type(e) for e in errors] == [KeyboardInterrupt]
    finally:
        worker.close()


def test_inline_a_keyboard_interrupt_is_reported_settled_and_reraised():
    def compute(state):
        raise KeyboardInterrupt

    worker, screen = make(compute, threaded=False)
    with pytest.raises(KeyboardInterrupt):
        worker.submit({"a": 1})
    worker.wait(timeout=0.1)                      # settled
    assert [type(e) for e, _ in screen.errors] == [KeyboardInterrupt]


def test_prefetch_while_idle_then_served_from_the_cache():
    worker, screen = make(slow_square(0.01), prefetch_states=lambda s: [{"a": s["a"] - 1}, {"a": s["a"] + 1}])
    try:
        worker.submit({"a": 5})
        worker.wait_idle(timeout=5)
        assert worker.prefetch_count == 2
        assert worker.key({"a": 4}) in worker.cache and worker.key({"a": 6}) in worker.cache
        computes = worker.compute_count
        worker.submit({"a": 6})
        worker.wait(timeout=5)
        assert worker.compute_count == computes and screen.shown[-1][:2] == ({"a": 6}, 36)
    finally:
        worker.close()


def test_refresh_publishes_the_settled_latest_result_again_and_only_that():
    worker, screen = make(slow_square(0.0), threaded=False)
    assert worker.refresh() is False                     # nothing asked for yet
    worker.submit({"a": 3})
    shown = len(screen.shown)
    assert worker.refresh() is True
    assert len(screen.shown) == shown + 1 and screen.shown[-1][:3] == ({"a": 3}, 9, True)


def test_refresh_waits_for_a_pending_request_and_skips_a_failed_one():
    def compute(state):
        if state["a"] < 0:
            raise ValueError("a must be >= 0")
        time.sleep(0.3 if state["a"] == 2 else 0.0)
        return state["a"]

    worker, screen = make(compute)
    try:
        worker.submit({"a": 1})
        worker.wait(timeout=5)
        worker.submit({"a": 2})                          # 0.3 s to compute: not settled yet
        shown = len(screen.shown)
        assert worker.refresh() is False and len(screen.shown) == shown
        worker.wait(timeout=5)
        worker.submit({"a": -1})
        worker.wait(timeout=5)
        shown = len(screen.shown)
        assert worker.refresh() is False and len(screen.shown) == shown and len(screen.errors) == 1
    finally:
        worker.close()


def test_a_failing_prefetch_is_silent():
    def compute(state):
        if state["a"] != 5:
            raise KeyboardInterrupt
        return 5

    worker, screen = make(compute, prefetch_states=lambda s: [{"a": 4}])
    try:
        worker.submit({"a": 5})
        worker.wait_idle(timeout=5)
        assert worker.prefetch_count == 1 and screen.errors == [] and worker.key({"a": 4}) not in worker.cache
    finally:
        worker.close()


def test_on_queued_runs_before_any_older_result_can_be_published():
    release = threading.Event()

    def compute(state):
        if state["a"] == 1:
            release.wait(5)
        return state["a"]

    events = []
    worker = LatestValueWorker(compute, lambda rd, r, req, final: events.append(("shown", req.state["a"])),
                               on_error=lambda e, r: None)
    try:
        worker.submit({"a": 1})
        time.sleep(0.05)
        worker.submit({"a": 2}, on_queued=lambda req: events.append(("queued", req.state["a"])))
        release.set()
        worker.wait(timeout=5)
        assert events == [("queued", 2), ("shown", 2)]      # the superseded 1 was never shown
    finally:
        worker.close()


def test_wait_times_out_with_a_clear_message_and_close_stops_the_thread():
    worker, _ = make(slow_square(0.5))
    worker.submit({"a": 4})
    with pytest.raises(TimeoutError, match="Test did not settle"):
        worker.wait(timeout=0.05)
    worker.wait(timeout=5)
    worker.close()
    assert not worker._thread.is_alive()


def test_worker_imports_and_runs_without_matplotlib_or_ipywidgets():
    code = ("import sys\nsys.modules['matplotlib'] = None\nsys.modules['ipywidgets'] = None\n"
            "from course2.viz.worker import LatestValueWorker\n"
            "out = []\n"
            "w = LatestValueWorker(lambda s: s['a'], lambda rd, r, req, f: out.append(r), on_error=print)\n"
            "w.submit({'a': 7}); w.wait(5); w.close()\n"
            "assert out == [7], out\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_compute_that_checks_cancelled_gives_the_worker_back_at_once_and_is_never_cached():
    """A long prefetch (one yield at its end, like a training run) that stops when ``cancelled()``:
    the next request starts within a step, and the cut-short run's last yield is neither cached nor shown."""
    holder = {}

    def compute(state):
        if state["a"] == 5:
            yield 25
            return
        steps = 0
        while steps < 400 and not holder["worker"].cancelled():      # 400 x 5 ms = 2 s if never stopped
            time.sleep(0.005)
            steps += 1
        yield ("stopped" if steps < 400 else "done", steps)

    worker, screen = make(compute, prefetch_states=lambda s: [{"a": 6}])
    holder["worker"] = worker
    try:
        worker.submit({"a": 5})
        worker.wait(timeout=5)
        time.sleep(0.1)                                   # the prefetch of a = 6 is running
        assert not worker.cancelled() and worker.active is not None
        t0 = time.perf_counter()
        worker.submit({"a": 5})                            # cached: shown once the worker is free
        worker.wait(timeout=5)
        assert time.perf_counter() - t0 < 0.5
        worker.wait_idle(timeout=10)
        assert worker.key({"a": 6}) not in worker.cache or worker.cache.get(worker.key({"a": 6}))[0] == "done"
        assert not any(isinstance(r, tuple) and r[0] == "stopped" for _, r, _, _ in screen.shown)
    finally:
        worker.close()


_INTERLEAVED_BLAS = """
import threading
import threadpoolctl
from course2.viz.worker import one_blas_thread

def blas_threads():
    return [i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]

with threadpoolctl.threadpool_limits(limits=2, user_api="blas"):
    before, inside = blas_threads(), []
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    def first():                 # enters first, leaves first
        with one_blas_thread():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():                # enters second, leaves last
        first_in.wait(5)
        with one_blas_thread():
            second_in.set()
            first_out.wait(5)
            inside.append(blas_threads())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    print(before, inside, blas_threads())
    assert inside == [[1] * len(before)] and blas_threads() == before
"""


def test_one_blas_thread_from_interleaved_threads_restores_the_blas_thread_count():
    """Run alone in a fresh interpreter: the BLAS thread count is global to a process, and explorers
    of earlier tests may still be computing in this one."""
    pytest.importorskip("threadpoolctl")
    done = subprocess.run([sys.executable, "-c", _INTERLEAVED_BLAS], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
