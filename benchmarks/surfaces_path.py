"""How long an optimizer path on a 2-D cost surface takes: what a momentum/RMSprop/Adam slider waits for.

Times ``course2.surfaces.optimize_path`` for 200 steps, every optimizer on every surface, and
reports the median and the worst of 50 calls after a warm-up (the target is "well under 10 ms"),
natively and on an emulated AVX2-only CPU (``--cpu``, see ``benchmarks/_cpu.py``).

    .venv/bin/python benchmarks/surfaces_path.py

Prints a markdown table and writes it to benchmarks/results/surfaces_path.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _cpu  # noqa: E402  (benchmarks/_cpu.py)

from course2 import optimizers, surfaces  # noqa: E402

STEPS = 200
CALLS = 50
RESULTS = Path(__file__).resolve().parent / "results" / "surfaces_path.md"
CASES = {
    "quadratic (condition 50, 30°)": (surfaces.Quadratic(50, 30.0, scale=0.2), (-10.0, 1.0)),
    "rosenbrock": (surfaces.Rosenbrock(), (-1.5, 2.0)),
    "saddle": (surfaces.Saddle(), (1.0, 1e-3)),
}
OPTIMIZERS = {"gd": {"alpha": 0.01}, "momentum": {"alpha": 0.01}, "rmsprop": {"alpha": 0.01},
              "adam": {"alpha": 0.05}, "adamw": {"alpha": 0.05}}


def measure(wait_quiet: float) -> dict:
    rows, quiet = [], 0
    for surface_name, (surface, start) in CASES.items():
        for name, kw in OPTIMIZERS.items():
            opt = optimizers.make_optimizer(name, **kw)
            for _ in range(5):
                surfaces.optimize_path(surface, opt, start, STEPS)
            quiet += _cpu.wait_quiet(wait_quiet)
            times = []
            for _ in range(CALLS):
                t0 = time.perf_counter()
                surfaces.optimize_path(surface, opt, start, STEPS)
                times.append(time.perf_counter() - t0)
            rows.append([surface_name, name, statistics.median(times), max(times)])
            print(f"  [{_cpu.current_mode()}] {surface_name} {name}: {1e3 * rows[-1][2]:.2f} ms", file=sys.stderr)
    return {"mode": _cpu.current_mode(), "rows": rows, "quiet": quiet / len(rows),
            "environment": f"{_cpu.describe_cpu()}; load average at the end {_cpu.load_text()}"}


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else list(argv)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-write", action="store_true", help="print only; do not write the results file")
    ap.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                    help="before each case, wait up to SECONDS for no other runnable process")
    _cpu.add_cpu_arguments(ap)
    args = ap.parse_args(argv)
    if _cpu.in_process(args.cpu):
        payloads = {args.cpu: measure(args.wait_quiet)}
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(payloads[args.cpu]))
            return
    else:
        payloads = {mode: _cpu.run_mode(Path(__file__), argv, mode) for mode in _cpu.modes_to_run(args.cpu)}
    modes = list(payloads)
    lines = [f"Each cell: {' / '.join(_cpu.LABELS[m] for m in modes)}.", "",
             "| surface | optimizer | median ms (200 steps) | worst ms |", "|---|---|---|---|"]
    for i, (surface_name, name, *_) in enumerate(payloads[modes[0]]["rows"]):
        med = " / ".join(f"{1e3 * payloads[m]['rows'][i][2]:.2f}" for m in modes)
        worst = " / ".join(f"{1e3 * payloads[m]['rows'][i][3]:.2f}" for m in modes)
        lines.append(f"| {surface_name} | {name} | {med} | {worst} |")
    notes = "\n".join(f"- {p['environment']}; quiet at {p['quiet']:.0%} of the cases." for p in payloads.values())
    text = "\n".join(lines) + "\n\n" + notes + "\n"
    print(text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text("# Optimizer paths on 2-D surfaces (benchmarks/surfaces_path.py)\n\n" + text)


if __name__ == "__main__":
    main()
