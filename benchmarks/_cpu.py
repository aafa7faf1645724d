"""What every benchmark shares: the CPU it measures (native, or an AVX2-only CPU emulated) and quiet waits.

An AVX2-only CPU (numpy's ``X86_V3`` kernels, OpenBLAS's Haswell kernel) is emulated on a machine
with AVX-512 by two environment variables that must be set before Python starts:

    NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL AVX512_SPR"   numpy's dispatch skips the AVX-512 kernels
    OPENBLAS_CORETYPE=Haswell                                 OpenBLAS uses its AVX2 kernel

and, for the PyTorch side of ``training_throughput``, the same CPU for PyTorch (an AVX2-only CPU
runs both contenders on AVX2; measured here, PyTorch's small steps do not change with it):

    ATEN_CPU_CAPABILITY=avx2  MKL_ENABLE_INSTRUCTIONS=AVX2  ONEDNN_MAX_CPU_ISA=AVX2

so a benchmark run with ``--cpu avx2`` (or ``--emulate-avx2``) re-executes itself in a subprocess
with them, ``--cpu native`` in one without them (a shell may export OPENBLAS_CORETYPE: this
machine's did), and ``--cpu both`` (the default) runs both and reports them side by side, each cell
"native / emulated". Check what ran in the results' environment lines (numpy's SIMD level, the
OpenBLAS kernel, from ``numpy``'s CPU features and ``threadpoolctl``). What the emulation
does not reproduce: an AVX2-only CPU is usually an older, slower core too (PERFORMANCE_NOTES.md:
Python-bound steps ~3x slower there), so emulated figures are a lower bound for such a machine;
ratios against PyTorch or against an in-process baseline carry over better than milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

AVX2_ENV = {"NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR", "OPENBLAS_CORETYPE": "Haswell",
            # PyTorch's kernels (ATen), its BLAS (MKL) and oneDNN on AVX2 too
            "ATEN_CPU_CAPABILITY": "avx2", "MKL_ENABLE_INSTRUCTIONS": "AVX2", "ONEDNN_MAX_CPU_ISA": "AVX2"}
CPU_CHOICES = ("native", "avx2", "both")
LABELS = {"native": "native", "avx2": "AVX2 (emulated)"}


def add_cpu_arguments(parser, default: str = "both") -> None:
    parser.add_argument("--cpu", choices=CPU_CHOICES, default=default,
                        help=f"native, avx2 (emulate an AVX2-only CPU in a subprocess) or both (default {default})")
    parser.add_argument("--emulate-avx2", dest="cpu", action="store_const", const="avx2",
                        help="same as --cpu avx2")
    parser.add_argument("--json-out", help=argparse.SUPPRESS, default=None)   # the emulated child's rows


def env_for(mode: str) -> dict:
    """The environment of a run on ``mode``: the emulation variables set (avx2) or removed (native,
    so a shell that exports OPENBLAS_CORETYPE does not silently emulate a Haswell BLAS)."""
    env = {k: v for k, v in os.environ.items() if k not in AVX2_ENV}
    return {**env, **AVX2_ENV} if mode == "avx2" else env


def current_mode() -> str | None:
    """"avx2" or "native" if this process's environment is exactly that mode's, else None (mixed)."""
    if all(os.environ.get(k) == v for k, v in AVX2_ENV.items()):
        return "avx2"
    if not any(k in os.environ for k in AVX2_ENV):
        return "native"
    return None


def emulating() -> bool:
    return current_mode() == "avx2"


def run_mode(script: Path, argv: list[str], mode: str) -> dict:
    """Run ``script argv --cpu mode`` in a subprocess with that mode's environment; return its JSON payload."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "rows.json"
        args = [a for a in argv if a != "--emulate-avx2"]
        args = _drop_option(_drop_option(args, "--cpu"), "--json-out")
        cmd = [sys.executable, str(script), *args, "--cpu", mode, "--no-write", "--json-out", str(out)]
        print(f"==> {LABELS[mode]} run: {' '.join(cmd[1:])}", file=sys.stderr, flush=True)
        code = subprocess.run(cmd, env=env_for(mode)).returncode
        if code not in (0, 1) or not out.exists():       # 1 = a budget missed under --check: still report
            raise SystemExit(f"the {LABELS[mode]} run failed (exit {code}): {' '.join(cmd)}")
        return json.loads(out.read_text())


def modes_to_run(cpu: str) -> list[str]:
    return ["native", "avx2"] if cpu == "both" else [cpu]


def in_process(cpu: str) -> bool:
    """Whether to measure in this process: one mode asked for, and this process already runs in it."""
    return cpu != "both" and current_mode() == cpu


def _drop_option(args: list[str], name: str) -> list[str]:
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a == name:
            skip = True
            continue
        if a.startswith(name + "="):
            continue
        out.append(a)
    return out


def describe_cpu() -> str:
    """numpy's SIMD level and OpenBLAS's kernel as this process sees them (verifies the emulation)."""
    import numpy as np

    try:
        from numpy._core._multiarray_umath import __cpu_features__ as feats
        level = "X86_V4" if feats.get("X86_V4") else ("X86_V3" if feats.get("X86_V3") else "below X86_V3")
        if feats.get("AVX512_SPR"):
            level += "+AVX512_SPR"
        elif feats.get("AVX512_ICL"):
            level += "+AVX512_ICL"
    except Exception:   # numpy moved its private module: say so rather than guess
        level = "unknown"
    try:
        from threadpoolctl import threadpool_info

        kernels = ", ".join(f"{i['internal_api']} {i.get('architecture')}" for i in threadpool_info()
                            if i.get("user_api") == "blas")
    except Exception:
        kernels = "unknown BLAS"
    mode = {"avx2": "AVX2 emulated", "native": "native"}.get(current_mode(), "mixed environment")
    return f"{mode}: numpy {np.__version__} SIMD {level}, {kernels}"


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or "unknown CPU"


def procs_running() -> int:
    """Runnable tasks on the machine right now (this process included), from /proc/stat."""
    try:
        for line in Path("/proc/stat").read_text().splitlines():
            if line.startswith("procs_running"):
                return int(line.split()[1])
    except OSError:
        pass
    return 1


def wait_quiet(max_seconds: float) -> bool:
    """Wait (up to max_seconds) until nothing else has been runnable for three polls in a row."""
    if max_seconds <= 0:
        return procs_running() <= 1
    end, calm = time.perf_counter() + max_seconds, 0
    while calm < 3 and time.perf_counter() < end:
        calm = calm + 1 if procs_running() <= 1 else 0
        time.sleep(0.02)
    return calm >= 3


def load_text() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())
