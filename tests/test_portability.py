"""The notebooks print the same numbers on other CPUs (tools/check_portability.py).

Strict nbval compares every printed figure with the committed notebook, so a figure that moves
with the CPU's BLAS kernel or numpy's SIMD level fails CI on some machines and not on others.
This test re-executes the notebooks under emulated older CPUs and fails with the tool's report
(config, notebook, cell, committed line vs new line) when any compared output differs:

    haswell-simd   OpenBLAS Haswell kernels + numpy without its AVX-512 (X86_V4) code paths
    sandybridge    OpenBLAS Sandybridge kernels (AVX, no FMA)

The two configs run concurrently, each in one kernel for all notebooks, and skip the figure and
widget cells (``--lean``: their compared text is a constant repr); ``tools/check_portability.py``
without ``--lean`` checks those too. Cost: about 15 s on a busy 2-core machine.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "check_portability.py"
CONFIGS = ("haswell-simd", "sandybridge")

pytestmark = pytest.mark.portability


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split())
    return set()


def _skip_reason() -> str | None:
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return f"OpenBLAS x86 core types cannot be emulated on {platform.machine()}"
    flags = _cpu_flags()
    if flags and not {"avx2", "fma"} <= flags:
        return "this CPU has no AVX2/FMA, so it cannot run OpenBLAS's Haswell kernels"
    return None


@pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or "")
def test_notebook_outputs_do_not_depend_on_the_cpu():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    procs = {
        config: subprocess.Popen(
            [sys.executable, str(TOOL), "--lean", "--shared-kernel", "-c", config],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for config in CONFIGS
    }
    reports, failed = [], []
    for config, proc in procs.items():
        out, err = proc.communicate(timeout=900)
        reports.append(out.strip())
        if proc.returncode != 0:
            failed.append(config)
            noise = [line for line in err.splitlines() if "Kernel is running over TCP" not in line]
            if noise and not out.strip():
                reports.append("\n".join(noise[-20:]))
    assert not failed, (
        "notebook outputs differ under emulated CPUs (see tools/check_portability.py):\n" + "\n".join(reports))
