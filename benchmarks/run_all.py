"""Run every benchmark (`./dev bench`); each script prints its table and writes benchmarks/results/."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["training_throughput.py", "surfaces_path.py", "explorer_latency.py"]

if __name__ == "__main__":
    failed = []
    for script in SCRIPTS:
        print(f"\n==> benchmarks/{script}", flush=True)
        if subprocess.run([sys.executable, str(HERE / script)]).returncode:
            failed.append(script)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")
