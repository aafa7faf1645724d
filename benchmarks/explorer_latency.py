"""Slider-to-picture latency of every explorer, kernel side (no browser): ``python benchmarks/explorer_latency.py``.

Every explorer registered in ``course2.viz`` (``course2.viz.explorers()``) is built in its notebook
configuration, then each of its controls is driven through its range (up to ``--values`` values
per control, from the default state) and timed from ``control.value = v`` to the moment the new
picture is published (``explorer.wait()``), i.e. PNG bytes set on the Image widget:

- cold: cache cleared and no prefetch before every change (the cost of a value never seen);
- stepwise (explorers that prefetch: threaded ones compute neighbours, synchronous ones with
  ``render_ahead`` draw them): the explorer as a student uses it, cache and idle-time prefetch
  on, one step along the main slider every 0.3 s (a key press at a time);
- first visible response: time until the status says "training…" or a new picture appears;
- fast drag: the main control through 20 values with 10 ms between changes, then the time from
  the last change until the final value is shown, how many computes started, and whether a stale
  value was ever shown as final (it must not be).

Budgets (issue 4): compute-only p50 <= 100 ms, p95 <= 150 ms; training explorers p50 <= 300 ms
and first visible response <= 150 ms; a fast drag settles within the budget after the last change
(150 ms compute-only, 300 ms training). Prints a markdown table and writes
benchmarks/results/explorer_latency.md (and .json). ``--check`` exits 1 if a budget is missed.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import _cpu  # noqa: E402  (benchmarks/_cpu.py)
import ipywidgets as widgets  # noqa: E402

from course2.viz import explorers  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"
BUDGET = {"compute": {"p50": 0.100, "p95": 0.150, "drag": 0.150},
          "training": {"p50": 0.300, "first": 0.150, "drag": 0.300}}


def control_values(control, limit: int) -> list:
    """Up to ``limit`` values a control can take, spread over its whole range, in order."""
    if isinstance(control, widgets.SelectionSlider) or hasattr(control, "_options_values"):
        values = list(control._options_values)
    elif isinstance(control, widgets.Checkbox):
        values = [False, True]
    elif isinstance(control, widgets.FloatLogSlider):
        exps = np.arange(control.min, control.max + control.step / 2, control.step)
        values = [float(control.base ** e) for e in exps]
    elif isinstance(control, widgets.IntSlider):
        values = list(range(control.min, control.max + 1, control.step))
    elif isinstance(control, widgets.FloatSlider):
        values = [round(float(v), 10) for v in np.arange(control.min, control.max + control.step / 2, control.step)]
    else:
        return []
    if len(values) > limit:
        idx = np.unique(np.round(np.linspace(0, len(values) - 1, limit)).astype(int))
        values = [values[i] for i in idx]
    return values


class Probe:
    """Watches an explorer's status and image to time the first visible response."""

    def __init__(self, ex):
        self.ex = ex
        self.t_first = None
        self.t_image = 0.0
        self.t0 = 0.0
        self.stale_finals = 0
        ex.status.observe(self._seen, names="value")
        ex.image.observe(self._image, names="value")

    def start(self):
        self.t0 = time.perf_counter()
        self.t_first = None

    def _seen(self, change):
        if self.t_first is None:
            self.t_first = time.perf_counter() - self.t0

    def _image(self, change):
        self.t_image = time.perf_counter()
        self._seen(change)
        pending = self.ex.worker.pending
        if self.ex.shown_final and pending is not None and self.ex.key(self.ex.shown_state) != pending.key:
            self.stale_finals += 1


QUIET = {"seconds": 0.0, "asked": 0, "quiet": 0}
#: CPU seconds (this process, every thread) per timed change: unlike wall time, hardly inflated by
#: other processes on a shared machine, so it estimates a quiet machine's latency of a cold change
CPU_TIMES: list[float] = []


def timed_change(ex, probe, control, value, *, settle: bool = True) -> tuple[float, float]:
    """Time one change; first (``settle``) wait up to ``--wait-quiet`` seconds for a quiet machine."""
    QUIET["asked"] += 1
    QUIET["quiet"] += _cpu.wait_quiet(QUIET["seconds"] if settle else 0.0)
    cpu0 = time.process_time()
    probe.start()
    control.value = value
    ex.wait(timeout=120)
    total = time.perf_counter() - probe.t0
    CPU_TIMES.append(time.process_time() - cpu0)     # all of this process's threads: compute + draw + PNG
    return total, probe.t_first if probe.t_first is not None else total


def sweep(ex, probe, limit: int, *, cold: bool, pause: float = 0.0, only_main: bool = False):
    """Drive each control through its values from the default state; returns (latencies, first responses)."""
    default = ex.state()
    latencies, firsts = [], []
    names = [ex.main_name] if only_main else list(ex.controls)
    for name in names:
        control = ex.controls[name]
        for value in control_values(control, limit):
            if value == ex.state()[name]:
                continue
            if cold and ex.key({**ex.state(), name: value}) != ex.key(ex.state()):
                ex.clear_cache()      # (a control outside the cache key, e.g. a display option, stays cheap)
            elif pause:
                ex.wait_idle(timeout=120)
                time.sleep(pause)
            total, first = timed_change(ex, probe, control, value, settle=cold)
            latencies.append(total)
            firsts.append(first)
        control.value = default[name]
        ex.wait(timeout=120)
    return latencies, firsts


def fast_drag(ex, probe, n: int = 20, gap: float = 0.01) -> dict:
    values = control_values(ex.main_control, 10_000)
    period = 2 * (len(values) - 1)      # back and forth over the range, one step at a time
    idx = [k % period for k in range(1, n + 1)]
    path = [values[i if i < len(values) else period - i] for i in idx]
    ex.wait_idle(timeout=120)      # first: a prefetch still running would refill the cache
    ex.clear_cache()
    _cpu.wait_quiet(QUIET["seconds"])
    computes, abandoned = ex.compute_count, ex.abandoned_count
    stale = probe.stale_finals
    changes = 0
    for v in path:
        changes += ex.key({**ex.state(), ex.main_name: v}) != ex.key(ex.state())
        t_last = time.perf_counter()       # a synchronous explorer draws inside this assignment
        ex.main_control.value = v
        time.sleep(gap)
    ex.wait(timeout=120)
    settle = ex.shown_at - t_last           # when the picture of the last value was published
    ok = ex.shown_final and ex.key(ex.shown_state) == ex.key(ex.state())
    return {"changes": changes, "settle": settle, "computes": ex.compute_count - computes,
            "completed": (ex.compute_count - computes) - (ex.abandoned_count - abandoned),
            "stale_final": probe.stale_finals - stale, "final_shown": bool(ok)}


def pct(xs, q) -> float:
    return float(np.percentile(xs, q)) if xs else float("nan")


def bench_one(name, factory, limit: int, repeat: int = 1) -> dict:
    t0 = time.perf_counter()
    ex = factory()
    build = time.perf_counter() - t0
    QUIET.update(asked=0, quiet=0)
    try:
        probe = Probe(ex)
        kind = "training" if ex.threaded else "compute"
        prefetch = ex.prefetch
        ex.prefetch = False
        ex.wait_idle(timeout=120)
        cold, cold_first = [], []
        CPU_TIMES.clear()
        for _ in range(repeat):     # pooled: other processes on shared cores come and go
            lat, first = sweep(ex, probe, limit, cold=True)
            cold += lat
            cold_first += first
        row = {"name": name, "kind": kind, "class": type(ex).__name__, "build": build, "n": len(cold),
               "p50": pct(cold, 50), "p95": pct(cold, 95), "max": max(cold),
               "cpu_p50": pct(CPU_TIMES, 50), "cpu_p95": pct(CPU_TIMES, 95),
               "first_p50": pct(cold_first, 50), "first_p95": pct(cold_first, 95), "first_max": max(cold_first)}
        if ex.threaded or getattr(ex, "render_ahead", False):     # explorers that prepare values while idle
            ex.prefetch = prefetch
            ex.clear_cache()
            step, _ = sweep(ex, probe, limit, cold=False, pause=0.3, only_main=True)
            row.update(step_p50=pct(step, 50), step_p95=pct(step, 95))
            ex.prefetch = False
        row["drag"] = fast_drag(ex, probe)
        b = BUDGET[kind]
        checks = [row["p50"] <= b["p50"], row["drag"]["settle"] <= b["drag"], row["drag"]["final_shown"],
                  row["drag"]["stale_final"] == 0]
        checks.append(row["p95"] <= b["p95"] if kind == "compute" else row["first_p95"] <= b["first"])
        row["ok"] = all(checks)
        row["quiet"] = QUIET["quiet"] / max(QUIET["asked"], 1)
        return row
    finally:
        ex.close()


def ms(x) -> str:
    return "–" if x is None or x != x else f"{1000 * x:.0f}"


def _pair(rows_by_mode, name, get) -> str:
    """One cell: the value per mode, "native / emulated" when both were measured."""
    return " / ".join(get(rows[name]) if name in rows else "–" for rows in rows_by_mode.values())


def cpu_pair(row) -> str:
    return f"{ms(row.get('cpu_p50'))}, {ms(row.get('cpu_p95'))}"


def quiet_share(row) -> str:
    return f"{row.get('quiet', 0):.0%}"


def table(payloads: dict) -> str:
    """One row per explorer; with both CPUs every cell reads "native / AVX2 (emulated)"."""
    rows_by_mode = {mode: {r["name"]: r for r in p["rows"]} for mode, p in payloads.items()}
    names = list(dict.fromkeys(n for rows in rows_by_mode.values() for n in rows))
    which = " / ".join(_cpu.LABELS[m] for m in payloads)
    head = ("| explorer | kind | changes | p50 ms | p95 ms | CPU p50, p95 ms | first visible p95 ms | "
            "stepwise p50, p95 ms | "
            "fast drag: settle ms (computes started/finished per changes) | stale shown as final | quiet | budget |")
    lines = [f"Each cell: {which}.", "", head, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for name in names:
        any_row = next(rows[name] for rows in rows_by_mode.values() if name in rows)
        kind = any_row["kind"]
        b = BUDGET[kind]
        budget = (f"p50 ≤ {ms(b['p50'])}, p95 ≤ {ms(b['p95'])}" if kind == "compute"
                  else f"p50 ≤ {ms(b['p50'])}, first ≤ {ms(b['first'])}")
        cell = functools.partial(_pair, rows_by_mode, name)
        step = cell(lambda r: f"{ms(r.get('step_p50'))}, {ms(r.get('step_p95'))}" if "step_p50" in r else "–")
        drag = cell(lambda r: f"{ms(r['drag']['settle'])} ({r['drag']['computes']}/{r['drag']['completed']} "
                              f"per {r['drag']['changes']})")
        ok = cell(lambda r: "ok" if r["ok"] else "MISSED")
        lines.append(f"| {name} | {kind} | {cell(lambda r: str(r['n']))} | {cell(lambda r: ms(r['p50']))} | "
                     f"{cell(lambda r: ms(r['p95']))} | {cell(cpu_pair)} | {cell(lambda r: ms(r['first_p95']))} | "
                     f"{step} | {drag} | "
                     f"{cell(lambda r: str(r['drag']['stale_final']))} | "
                     f"{cell(quiet_share)} | "
                     f"{budget}: {ok} |")
    return "\n".join(lines)


def environment(load_start: str) -> str:
    try:
        from threadpoolctl import threadpool_info

        blas = ", ".join(f"{i['internal_api']} {i['num_threads']} threads" for i in threadpool_info())
    except Exception:
        blas = "unknown"
    return (f"{_cpu.describe_cpu()}; {_cpu.cpu_name()}; {platform.python_implementation()} "
            f"{platform.python_version()}, {os.cpu_count()} CPUs, load average {load_start} at start, "
            f"{_cpu.load_text()} at end; BLAS: {blas} (explorers compute with 1 BLAS thread)")


def measure(args) -> dict:
    """Every explorer in this process (this process's CPU mode)."""
    QUIET["seconds"] = args.wait_quiet
    registry = explorers()
    names = args.only or list(registry)
    load_start = _cpu.load_text()
    rows = []
    for name in names:
        rows.append(bench_one(name, registry[name], args.values, args.repeat))
        print(f"  [{_cpu.current_mode()}] {name}: p50 {ms(rows[-1]['p50'])} ms, p95 {ms(rows[-1]['p95'])} ms",
              file=sys.stderr, flush=True)
    return {"mode": _cpu.current_mode(), "environment": environment(load_start), "rows": rows,
            "wait_quiet": args.wait_quiet}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="explorer names (default: all registered)")
    parser.add_argument("--values", type=int, default=12, help="values per control (default 12)")
    parser.add_argument("--repeat", type=int, default=2, help="cold sweeps per explorer, pooled (default 2)")
    parser.add_argument("--check", action="store_true", help="exit 1 if an explorer misses its budget")
    parser.add_argument("--no-write", action="store_true", help="print only; do not write benchmarks/results")
    parser.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                        help="before each cold change, wait up to SECONDS for no other runnable process")
    _cpu.add_cpu_arguments(parser)
    args = parser.parse_args(argv)
    if _cpu.in_process(args.cpu):
        payloads = {args.cpu: measure(args)}
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(payloads[args.cpu]))
    else:
        payloads = {mode: _cpu.run_mode(Path(__file__), argv, mode) for mode in _cpu.modes_to_run(args.cpu)}
    envs = "\n".join(f"- {p['environment']}." for p in payloads.values())
    text = (f"{table(payloads)}\n\nKernel side, value change to PNG published on the Image widget; cold = cache "
            f"cleared before each change ({args.repeat} sweeps pooled); stepwise = one step of the main slider "
            f"every 0.3 s with cache and prefetch on; fast drag = 20 changes 10 ms apart; CPU = CPU time of the "
            f"kernel process (all its threads) per cold change: about a quiet machine's latency, barely "
            f"inflated by other processes; quiet = share of the "
            f"cold changes that started with no other runnable process on the machine (waiting up to "
            f"{args.wait_quiet:g} s for one). The AVX2 column emulates an AVX2-only CPU on this one "
            f"(benchmarks/_cpu.py): its SIMD kernels, not its slower core.\n\n{envs}\n")
    if args.json_out and not _cpu.in_process(args.cpu):
        Path(args.json_out).write_text(json.dumps(payloads))
    if not (args.json_out and _cpu.in_process(args.cpu)):     # (a child run only hands its rows back)
        print(text)
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "explorer_latency.md").write_text("# Explorer latency (benchmarks/explorer_latency.py)\n\n" + text)
        (RESULTS / "explorer_latency.json").write_text(json.dumps(payloads, indent=1))
    rows = [r for p in payloads.values() for r in p["rows"]]
    return 1 if args.check and not all(r["ok"] for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
