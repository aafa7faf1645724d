"""The browser latency table: key press -> new picture with the new value, per explorer."""

from __future__ import annotations

import json
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path

from browser_probe import ExplorerResult

# Budgets of the explorer issue (#4), applied to what a student sees in the browser.
TARGETS = {"compute": {"p50": 100.0, "p95": 150.0}, "training": {"p50": 300.0}}


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

    def rows(self) -> list[dict]:
        rows = []
        for ex in self.explorers:
            keys, first = ex.latencies("key"), ex.first_responses("key")
            kind = "training" if ex.training else "compute"
            p50, p95 = percentile(keys, 50), percentile(keys, 95)
            target = TARGETS[kind]
            ok = p50 is not None and p50 <= target["p50"] and (p95 is None or p95 <= target.get("p95", p95))
            rows.append({
                "notebook": ex.notebook, "explorer": ex.name, "kind": kind, "presses": len(keys),
                "p50_ms": _r(p50), "p95_ms": _r(p95), "max_ms": _r(max(keys) if keys else None),
                "first_response_p50_ms": _r(percentile(first, 50)),
                "mouse_p50_ms": _r(percentile(ex.latencies("mouse"), 50)),
                "target": " / ".join(f"{k} ≤ {v:.0f}" for k, v in target.items()),
                "within_target": ok, "latencies_ms": keys,
            })
        return rows

    def markdown(self) -> str:
        lines = [
            "# Browser latency: key press to new picture",
            "",
            "Measured by `tests/browser` in JupyterLab + Chromium: time from the keydown on the main "
            "slider to the first DOM state in which the explorer's image has changed and its status "
            "names the slider's new value (no longer \"training…\"). "
            f"{platform.node() or 'this machine'}, {time.strftime('%Y-%m-%d')}.",
            "",
            "| notebook | explorer | kind | presses | p50 (ms) | p95 (ms) | first response p50 (ms) "
            "| target (ms) | within |",
            "|---|---|---|---:|---:|---:|---:|---|---|",
        ]
        for r in self.rows():
            lines.append(f"| {r['notebook']} | {r['explorer']} | {r['kind']} | {r['presses']} | "
                         f"{_f(r['p50_ms'])} | {_f(r['p95_ms'])} | {_f(r['first_response_p50_ms'])} | "
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
            "targets_ms": TARGETS, "explorers": self.rows(),
            "notebooks": [n.__dict__ for n in self.notebooks],
        }, indent=1, ensure_ascii=False) + "\n")
        return [md, js]


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 1)


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f}"
