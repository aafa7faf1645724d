"""The browser latency table: key press -> new picture with the new value, per explorer."""

from __future__ import annotations

import json
import os
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path

from browser_probe import ExplorerResult

# Budgets of the explorer issue (#4), applied to what a student sees in the browser. An explorer
# counts as "training" when its root has the class course2-threaded or its status said "training…"
# during the probe.
TARGETS = {"compute": {"p50": 100.0, "p95": 150.0},
           "training": {"p50": 300.0, "first_response_p95": 150.0}}


def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


@dataclass
class NotebookRun:
    notebook: str
    explorers: int
    seconds: float
    run_all_seconds: float
    warnings: list[str] = field(default_factory=list)


@dataclass
class Report:
    notebooks: list[NotebookRun] = field(default_factory=list)
    explorers: list[ExplorerResult] = field(default_factory=list)
    load: tuple[float, float, float] = field(default_factory=lambda: _load())

    def rows(self) -> list[dict]:
        rows = []
        for ex in self.explorers:
            keys, first = ex.latencies("key"), ex.first_responses("key")
            kind = "training" if ex.training else "compute"
            measured = {"p50": percentile(keys, 50), "p95": percentile(keys, 95),
                        "first_response_p50": percentile(first, 50),
                        "first_response_p95": percentile(first, 95)}
            target = TARGETS[kind]
            ok = all(measured[k] is not None and measured[k] <= v for k, v in target.items())
            rows.append({
                "notebook": ex.notebook, "explorer": ex.name, "kind": kind, "presses": len(keys),
                **{f"{k}_ms": _r(v) for k, v in measured.items()},
                "max_ms": _r(max(keys) if keys else None),
                "mouse_p50_ms": _r(percentile(ex.latencies("mouse"), 50)),
                "target": " / ".join(f"{k.replace('_', ' ')} ≤ {v:.0f}" for k, v in target.items()),
                "within_target": ok, "latencies_ms": keys, "first_response_ms": first,
            })
        return rows

    def markdown(self) -> str:
        lines = [
            "# Browser latency: key press to new picture",
            "",
            "Measured by `tests/browser` in JupyterLab + Chromium: time from the keydown on the main "
            "slider to the first DOM state in which the explorer's image has changed and its status "
            "names the slider's new value (no longer \"training…\"). "
            "\"training\" = a threaded explorer (class course2-threaded) or one whose status said \"training…\"; "
            "first response = the first change "
            "of the picture or the status after the key press. "
            f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}, "
            f"load average {self.load[0]:.1f} at the start and {_load()[0]:.1f} at the end of the run "
            "(other work on the machine inflates these numbers).",
            "",
            "| notebook | explorer | kind | presses | p50 (ms) | p95 (ms) | first response p50 / p95 (ms) "
            "| target (ms) | within |",
            "|---|---|---|---:|---:|---:|---:|---|---|",
        ]
        for r in self.rows():
            lines.append(f"| {r['notebook']} | {r['explorer']} | {r['kind']} | {r['presses']} | "
                         f"{_f(r['p50_ms'])} | {_f(r['p95_ms'])} | {_f(r['first_response_p50_ms'])} / "
                         f"{_f(r['first_response_p95_ms'])} | "
                         f"{r['target']} | {'yes' if r['within_target'] else '**no**'} |")
        lines += ["", "| notebook | explorers probed | open + run + probe (s) | Run All (s) |",
                  "|---|---:|---:|---:|"]
        for n in self.notebooks:
            lines.append(f"| {n.notebook} | {n.explorers} | {n.seconds:.1f} | {n.run_all_seconds:.1f} |")
        return "\n".join(lines) + "\n"

    def write(self, directory: Path) -> list[Path]:
        directory.mkdir(parents=True, exist_ok=True)
        md, js = directory / "browser_latency.md", directory / "browser_latency.json"
        md.write_text(self.markdown())
        js.write_text(json.dumps({
            "targets_ms": TARGETS, "load_average_start": self.load, "load_average_end": _load(),
            "explorers": self.rows(),
            "notebooks": [n.__dict__ for n in self.notebooks],
        }, indent=1, ensure_ascii=False) + "\n")
        return [md, js]


def _load() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:
        return (float("nan"),) * 3


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}"
