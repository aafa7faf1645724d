"""Re-execute the notebooks in place, top to bottom, each in a fresh kernel: ``./dev notebooks [NAME ...]``.

    .venv/bin/python tools/run_notebooks.py                 every notebooks/*.ipynb
    .venv/bin/python tools/run_notebooks.py 01 bias         only those whose file name contains "01" or "bias"

The kernel is this Python's ``python3`` kernel (run it with the venv's python), started in
notebooks/ so relative paths work. Each cell has ``--timeout`` seconds. Volatile metadata is
removed so that re-running an unchanged notebook changes nothing but what the code prints:
per-cell execution timestamps, the kernel's Python patch version, and widget state and views
(a live explorer needs a kernel anyway: its output keeps the explorer's first picture as a PNG, so
the notebook shows it on GitHub, nbviewer and in nbconvert's HTML, like the static figures).
Exit status 1 if any notebook failed (it is then left unchanged on disk).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
KERNEL = "python3"
KERNELSPEC = {"name": KERNEL, "display_name": "Python 3 (ipykernel)", "language": "python"}
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def strip_volatile(nb: nbformat.NotebookNode) -> None:
    """Drop metadata that changes from run to run without the content changing."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    info = nb.metadata.get("language_info", {})
    if "version" in info:
        info["version"] = ".".join(info["version"].split(".")[:2])
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            for output in cell.outputs:
                output.get("metadata", {}).pop("execution", None)
                data = output.get("data", {})
                if WIDGET_MIME in data:   # a fresh model id every run, and no saved state to show anyway:
                    del data[WIDGET_MIME]  # the explorer's first picture (image/png) stays for kernel-less readers


def run(path: Path, timeout: int) -> float:
    """Execute one notebook in place; returns the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL, resources={"metadata": {"path": str(NOTEBOOKS)}},
                            record_timing=False, store_widget_state=False)
    t0 = time.perf_counter()
    client.execute()
    strip_volatile(nb)
    nbformat.validate(nb)
    nbformat.write(nb, path)
    return time.perf_counter() - t0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only notebooks whose file name contains one of these")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell (default 300)")
    args = parser.parse_args(argv)
    paths = sorted(NOTEBOOKS.glob("*.ipynb"))
    if args.names:
        paths = [p for p in paths if any(name in p.name for name in args.names)]
    if not paths:
        print(f"no notebook in {NOTEBOOKS} matches {args.names or '*.ipynb'}", file=sys.stderr)
        return 1
    failed = []
    for path in paths:
        try:
            seconds = run(path, args.timeout)
            print(f"ok      {path.name}  ({seconds:.1f} s)")
        except CellExecutionError as exc:
            failed.append(path.name)
            print(f"FAILED  {path.name}\n{exc}", file=sys.stderr)
    if failed:
        print(f"{len(failed)} notebook(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
