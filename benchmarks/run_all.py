"""Run every benchmark (`./dev bench`); each script prints its table and writes benchmarks/results/.

Options passed on to every script: ``--cpu native|avx2|both`` (default both: native and an emulated
AVX2-only CPU side by side, see ``benchmarks/_cpu.py``), ``--emulate-avx2`` (= ``--cpu avx2``),
``--wait-quiet SECONDS`` (wait for a quiet machine before each timing), ``--no-write``.
"""

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["training_throughput.py", "step_anatomy.py", "surfaces_path.py", "explorer_latency.py"]

if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cpu", choices=("native", "avx2", "both"), default="both")
    ap.add_argument("--emulate-avx2", dest="cpu", action="store_const", const="avx2")
    ap.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    passed = ["--cpu", args.cpu, "--wait-quiet", str(args.wait_quiet)] + (["--no-write"] if args.no_write else [])
    failed = []
    for script in SCRIPTS:
        print(f"\n==> benchmarks/{script} {' '.join(passed)}", flush=True)
        if subprocess.run([sys.executable, str(HERE / script), *passed]).returncode:
            failed.append(script)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")
