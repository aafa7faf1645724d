"""How long an optimizer path on a 2-D cost surface takes: what a momentum/RMSprop/Adam slider waits for.

Times ``course2.surfaces.optimize_path`` for 200 steps, every optimizer on every surface, and
reports the median and the worst of 50 calls after a warm-up (the target is "well under 10 ms").

    .venv/bin/python benchmarks/surfaces_path.py

Prints a markdown table and writes it to benchmarks/results/surfaces_path.md.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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


def main() -> None:
    rows = []
    for surface_name, (surface, start) in CASES.items():
        for name, kw in OPTIMIZERS.items():
            opt = optimizers.make_optimizer(name, **kw)
            for _ in range(5):
                surfaces.optimize_path(surface, opt, start, STEPS)
            times = []
            for _ in range(CALLS):
                t0 = time.perf_counter()
                surfaces.optimize_path(surface, opt, start, STEPS)
                times.append(time.perf_counter() - t0)
            rows.append(f"| {surface_name} | {name} | {statistics.median(times) * 1e3:.2f} | {max(times) * 1e3:.2f} |")
            print(rows[-1], flush=True)
    table = ("| surface | optimizer | median ms (200 steps) | worst ms |\n|---|---|---|---|\n" + "\n".join(rows))
    note = f"Load average (1 min) at the end: {os.getloadavg()[0]:.1f}."
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("# Optimizer paths on 2-D surfaces (benchmarks/surfaces_path.py)\n\n"
                       f"{table}\n\n{note}\n")
    print(note)


if __name__ == "__main__":
    main()
