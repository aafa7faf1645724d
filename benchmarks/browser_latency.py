"""Key press to new picture in JupyterLab + Chromium, natively and on an emulated AVX2-only CPU.

Runs the browser suite (``tests/browser``: Run All, then every explorer's main slider moved with
the keyboard and the mouse) once per CPU mode (``--cpu``, see ``benchmarks/_cpu.py``; the
JupyterLab server and its kernels inherit the emulation variables) and merges the two latency
tables into benchmarks/results/browser_latency.md (and .json), each cell "native / emulated".
Slow (about 2 minutes per mode on a quiet machine) and it needs ``chromium``.

    .venv/bin/python benchmarks/browser_latency.py                 # both CPUs
    .venv/bin/python benchmarks/browser_latency.py --cpu avx2      # emulated only
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import _cpu  # noqa: E402  (benchmarks/_cpu.py)

RESULTS = ROOT / "benchmarks" / "results"
ARTIFACT = ROOT / ".browser-artifacts" / "browser_latency.json"


def run_suite(mode: str, wait_quiet: float) -> dict:
    if wait_quiet > 0:
        _cpu.wait_quiet(wait_quiet)
    if ARTIFACT.exists():
        ARTIFACT.unlink()
    env = _cpu.env_for(mode)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    load = _cpu.load_text()
    started = time.strftime("%Y-%m-%d %H:%M")
    cmd = [sys.executable, "-m", "pytest", str(ROOT / "tests" / "browser"), "-q", "-p", "no:cacheprovider"]
    print(f"==> {_cpu.LABELS[mode]}: {' '.join(cmd[1:])}", file=sys.stderr, flush=True)
    code = subprocess.run(cmd, env=env, cwd=ROOT).returncode
    if not ARTIFACT.exists():
        raise SystemExit(f"the browser suite wrote no latency table ({_cpu.LABELS[mode]}, exit {code})")
    data = json.loads(ARTIFACT.read_text())
    data.update(mode=mode, exit_code=code, started=started,
                environment=f"{_cpu.LABELS[mode]}; load average {load} at the start, {_cpu.load_text()} at the end")
    return data


def _f(x) -> str:
    return "–" if x is None else f"{x:.0f}"


def table(runs: dict) -> str:
    by_mode = {m: {(r["notebook"], r["explorer"]): r for r in d["explorers"]} for m, d in runs.items()}
    keys = list(dict.fromkeys(k for rows in by_mode.values() for k in rows))
    lines = [f"Each cell: {' / '.join(_cpu.LABELS[m] for m in runs)}.", "",
             "| notebook | explorer | kind | presses | p50 (ms) | p95 (ms) | first response p50, p95 (ms) "
             "| target (ms) | within |", "|---|---|---|---:|---:|---:|---:|---|---|"]
    for k in keys:
        def cell(get, k=k):
            return " / ".join(get(rows[k]) if k in rows else "–" for rows in by_mode.values())
        r0 = next(rows[k] for rows in by_mode.values() if k in rows)
        lines.append(
            f"| {k[0]} | {k[1]} | {r0['kind']} | {cell(lambda r: str(r['presses']))} | "
            f"{cell(lambda r: _f(r['p50_ms']))} | {cell(lambda r: _f(r['p95_ms']))} | "
            f"{cell(lambda r: _f(r['first_response_p50_ms']) + ', ' + _f(r['first_response_p95_ms']))} | "
            f"{r0['target']} | {cell(lambda r: 'yes' if r['within_target'] else '**no**')} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cpu", choices=("native", "avx2", "both"), default="both")
    ap.add_argument("--emulate-avx2", dest="cpu", action="store_const", const="avx2")
    ap.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                    help="before each suite run, wait up to SECONDS for no other runnable process")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        raise SystemExit("chromium is not installed: see /work/shared/BROWSER_TESTING.md or ./dev test")
    runs = {mode: run_suite(mode, args.wait_quiet) for mode in _cpu.modes_to_run(args.cpu)}
    envs = "\n".join(f"- {d['environment']} (started {d['started']})." for d in runs.values())
    text = ("# Browser latency: key press to new picture (benchmarks/browser_latency.py)\n\n"
            "Measured by `tests/browser` in JupyterLab + Chromium: time from the keydown on the main slider to "
            "the first DOM state in which the explorer's image has changed and its status names the slider's "
            "new value (no longer \"training…\"); first response = the first change of the picture or the "
            "status after the key press. The AVX2 column runs the server and kernels with an emulated "
            "AVX2-only CPU (benchmarks/_cpu.py: its SIMD kernels, not its slower core). Other work on a "
            "shared machine inflates these numbers: see the load averages.\n\n"
            f"{table(runs)}\n\n{envs}\n")
    print(text)
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "browser_latency.md").write_text(text)
        (RESULTS / "browser_latency.json").write_text(json.dumps(runs, indent=1, ensure_ascii=False) + "\n")
    return max(d["exit_code"] for d in runs.values())


if __name__ == "__main__":
    sys.exit(main())
