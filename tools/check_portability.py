"""Do the notebooks print the same numbers on other CPUs? ``python tools/check_portability.py [NAME ...]``

Strict nbval compares every printed figure to the committed notebook, and long training runs
amplify last-bit differences between CPU kernels (OpenBLAS picks a GEMM kernel per CPU; numpy
dispatches its SIMD tanh/exp per CPU). This tool re-executes the notebooks under emulated CPUs
and reports every compared output line that differs from the committed notebook:

    .venv/bin/python tools/check_portability.py                        all notebooks, all configs
    .venv/bin/python tools/check_portability.py 03 05 -c haswell-simd  a subset of both
    .venv/bin/python tools/check_portability.py --list-configs

A config is a set of environment variables set before the kernel starts (that is the only time
OpenBLAS and numpy read them). The kernel is run the way ``tools/run_notebooks.py`` runs it
(nbclient, the ``python3`` kernel of this Python, cwd notebooks/), and the comparison is nbval's:
its own stream coalescing, its skipped keys (images, metadata, execution counts, widget ids),
the sanitize regexes of notebooks/nbval_sanitize.cfg, and cells marked ``# NBVAL_IGNORE_OUTPUT``
(comment or ``nbval-ignore-output`` tag) are run but not compared. Also checked: that the
emulation took effect in the kernel (OpenBLAS core name, numpy's disabled SIMD features).

``--lean`` skips the cells whose committed outputs can tell nothing about numbers: figure cells
(an image plus its constant ``<...Image object>`` repr) and live-widget cells. Nothing later
depends on them (they define no names used by compared cells); the full run checks them too.
``--shared-kernel`` runs all selected notebooks of a config in one kernel, one after another
(each notebook in a fresh namespace via ``%reset -f``), saving a kernel start per notebook.
``--prelude FILE`` runs scratch code before each notebook (e.g. a monkeypatch multiplying the
initial weights by 1 + 2**-52, to find figures that are fragile on today's configs too); with
``--shared-kernel`` it must not rely on its own globals later (``%reset -f`` clears them).
``--notebooks DIR`` checks a scratch copy executed with a candidate change instead of notebooks/.

Exit status: 0 if every compared output matched everywhere, 1 otherwise (2 for an emulation
that did not take effect).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbval.plugin import (
    coalesce_streams,
    find_comment_markers,
    find_metadata_tags,
    get_sanitize_patterns,
    transform_streams_for_comparison,
)

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SANITIZE_CFG = NOTEBOOKS / "nbval_sanitize.cfg"
KERNEL = "python3"
LIVE_WIDGET_TEXT = "[live explorer: run the notebook in JupyterLab (./dev lab) to move its sliders]"
# nbval's IPyNbFile.skip_compare without --nbdime
SKIP_COMPARE = ("metadata", "traceback", "prompt_number", "output_type", "name", "execution_count",
                "application/vnd.jupyter.widget-view+json", "image/png", "image/jpeg")

NUMPY_DOWN = "X86_V4 AVX512_ICL AVX512_SPR"
CONFIGS = {
    # name: environment variables set before the kernel starts
    "native": {},
    "haswell": {"OPENBLAS_CORETYPE": "Haswell"},
    "sandybridge": {"OPENBLAS_CORETYPE": "Sandybridge"},
    "haswell-simd": {"OPENBLAS_CORETYPE": "Haswell", "NPY_DISABLE_CPU_FEATURES": NUMPY_DOWN},
    "simd": {"NPY_DISABLE_CPU_FEATURES": NUMPY_DOWN},
}
DEFAULT_CONFIGS = ("native", "haswell", "sandybridge", "haswell-simd")

# Run first in every kernel: report what the emulation did, as one JSON line on stdout.
PROBE = r"""
import json as _json, warnings as _w
with _w.catch_warnings(record=True) as _caught:
    _w.simplefilter("always")
    import numpy as _np
from numpy._core._multiarray_umath import __cpu_features__ as _feat
try:
    from threadpoolctl import threadpool_info as _tpi
    _blas = [(_i.get("internal_api"), _i.get("architecture")) for _i in _tpi()]
except Exception as _e:
    _blas = [("threadpoolctl failed", repr(_e))]
print(_json.dumps({"blas": _blas, "avx512f": bool(_feat.get("AVX512F")), "avx512_skx": bool(_feat.get("AVX512_SKX")),
                   "warnings": [str(_x.message) for _x in _caught]}))
del _json, _w, _np, _feat, _tpi, _blas, _caught
"""


@dataclass
class Diff:
    config: str
    notebook: str
    cell: int          # index in nb.cells
    code_cell: int     # nbval's "Cell N" (counts code cells only)
    key: str
    committed: list[str]
    new: list[str]

    def lines(self) -> list[str]:
        head = f"{self.config:13s} {self.notebook} cell {self.cell} (nbval Cell {self.code_cell}) [{self.key}]"
        out = [head]
        a, b = self.committed, self.new
        for i in range(max(len(a), len(b))):
            x = a[i] if i < len(a) else "<missing>"
            y = b[i] if i < len(b) else "<missing>"
            if x != y:
                out += [f"    committed: {x}", f"    new:       {y}"]
        return out


@dataclass
class Result:
    config: str
    env: dict
    probe: dict = field(default_factory=dict)
    diffs: list[Diff] = field(default_factory=list)
    seconds: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def sanitizer():
    patterns = get_sanitize_patterns(SANITIZE_CFG.read_text())

    def sanitize(s):
        if not isinstance(s, str):
            return s
        import re
        for regex, replace in patterns:
            s = re.sub(regex, replace, s)
        return s
    return sanitize


def compared(outputs, sanitize) -> dict[str, list]:
    """nbval's flattening: {key or mime type: [sanitized values]} over the cell's outputs."""
    flat: dict[str, list] = {}
    for out in transform_streams_for_comparison(coalesce_streams(outputs)):
        for key in out.keys():
            if key in SKIP_COMPARE:
                continue
            if key == "data":
                for mime, value in out[key].items():
                    if mime not in SKIP_COMPARE:
                        flat.setdefault(mime, []).append(sanitize(value))
            else:
                flat.setdefault(key, []).append(sanitize(out[key]))
    return flat


def is_checked(cell) -> bool:
    options = dict(find_metadata_tags(cell.metadata))
    options.update(dict(find_comment_markers(cell.source)))
    return options.get("check", True) and not options.get("skip", False) and cell.execution_count is not None


def is_numberless(cell) -> bool:
    """Committed outputs are only figures and/or a live-widget placeholder: --lean may skip it."""
    if not cell.outputs:
        return False
    for out in cell.outputs:
        data = out.get("data", {})
        if out.output_type not in ("display_data", "execute_result"):
            return False
        if "image/png" not in data and data.get("text/plain") != LIVE_WIDGET_TEXT:
            return False
    return True


def as_lines(values) -> list[str]:
    text = "\n".join(v if isinstance(v, str) else json.dumps(v) for v in values)
    return text.splitlines()


def compare(config: str, name: str, committed, executed, sanitize) -> list[Diff]:
    diffs = []
    code_index = -1
    for index, (ref, new) in enumerate(zip(committed.cells, executed.cells)):
        if ref.cell_type != "code":
            continue
        code_index += 1
        if not is_checked(ref) or new.metadata.get("portability_skipped"):
            continue
        a, b = compared(ref.outputs, sanitize), compared(new.outputs, sanitize)
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                diffs.append(Diff(config, name, index, code_index, key, as_lines(a.get(key, [])),
                                  as_lines(b.get(key, []))))
    return diffs


def run_config(config: str, env_extra: dict, paths: list[Path], *, lean: bool = False, shared: bool = False,
               timeout: int = 600, prelude: str | None = None) -> Result:
    env = {**os.environ, **env_extra}
    for name in list(env):
        # A config means exactly its variables: an inherited OPENBLAS_CORETYPE (some CI images and
        # shells preset one) would silently turn "native" into an emulation.
        if name.startswith(("OPENBLAS_", "NPY_")) and name not in env_extra and name != "OPENBLAS_NUM_THREADS":
            del env[name]
    env.setdefault("PYTHONPATH", str(ROOT))
    result = Result(config, env_extra)
    sanitize = sanitizer()
    committed = [nbformat.read(p, as_version=4) for p in paths]
    jobs = []
    for path, nb in zip(paths, committed):
        work = nbformat.from_dict(json.loads(json.dumps(nb)))
        for cell in work.cells:
            cell.outputs = [] if cell.cell_type == "code" else cell.get("outputs", None) or []
            if cell.cell_type != "code":
                cell.pop("outputs", None)
        if lean:
            for ref, cell in zip(nb.cells, work.cells):
                if ref.cell_type == "code" and is_numberless(ref):
                    cell.metadata["portability_skipped"] = True
        jobs.append((path, work))

    # One notebook = the probe cell, then its code cells (skipped ones emptied).
    def build(work_list):
        probe = nbformat.v4.new_code_cell(PROBE)
        cells = [probe]
        for _, work in work_list:
            if shared:
                cells.append(nbformat.v4.new_code_cell("%reset -f"))
            if prelude:
                cells.append(nbformat.v4.new_code_cell(prelude))
            for cell in work.cells:
                if cell.cell_type == "code":
                    if cell.metadata.get("portability_skipped"):
                        continue
                    cells.append(cell)
        return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": KERNEL,
                                        "display_name": "Python 3", "language": "python"}})

    groups = [jobs] if shared else [[job] for job in jobs]
    for group in groups:
        nb = build(group)
        client = NotebookClient(nb, timeout=timeout, kernel_name=KERNEL,
                                resources={"metadata": {"path": str(NOTEBOOKS)}}, record_timing=False,
                                store_widget_state=False, allow_errors=True)
        t0 = time.perf_counter()
        client.execute(env=env)
        seconds = time.perf_counter() - t0
        label = "+".join(p.stem[:2] for p, _ in group)
        result.seconds[label] = seconds
        probe_out = "".join(o.get("text", "") for o in nb.cells[0].outputs)
        try:
            probe = json.loads(probe_out.strip().splitlines()[-1])
        except Exception:
            probe = {"error": probe_out}
        result.probe = probe
        for cell in nb.cells[1:]:
            for out in cell.outputs:
                if out.output_type == "error":
                    result.problems.append(f"{label}: {out.ename}: {out.evalue}")
        for path, work in group:
            result.diffs += compare(config, path.name, nbformat.read(path, as_version=4), work, sanitize)
    check_emulation(result)
    return result


def check_emulation(result: Result) -> None:
    probe, env = result.probe, result.env
    if "error" in probe:
        result.problems.append(f"probe failed: {probe['error']}")
        return
    archs = {arch for api, arch in probe["blas"] if api == "openblas"}
    want = env.get("OPENBLAS_CORETYPE")
    if want and {a.lower() for a in archs} != {want.lower()}:
        result.problems.append(f"OPENBLAS_CORETYPE={want} but OpenBLAS reports {sorted(archs)}")
    if "NPY_DISABLE_CPU_FEATURES" in env and probe["avx512_skx"]:
        result.problems.append("NPY_DISABLE_CPU_FEATURES set but numpy still uses AVX512_SKX")
    if probe["warnings"]:
        result.problems.append(f"numpy import warned: {probe['warnings']}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only notebooks whose file name contains one of these")
    parser.add_argument("-c", "--config", action="append", choices=sorted(CONFIGS),
                        help=f"a config to run (repeatable; default: {' '.join(DEFAULT_CONFIGS)})")
    parser.add_argument("--lean", action="store_true", help="skip figure and widget cells")
    parser.add_argument("--shared-kernel", action="store_true", help="one kernel per config for all notebooks")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS,
                        help="directory of the committed notebooks to check (default notebooks/; a scratch copy "
                        "executed with a candidate change lets you test that change before committing it)")
    parser.add_argument("--prelude", type=Path, help="a Python file run in each fresh namespace before the "
                        "notebook (e.g. a scratch monkeypatch that perturbs the initial weights)")
    parser.add_argument("--list-configs", action="store_true")
    args = parser.parse_args(argv)
    if args.list_configs:
        for name, env in CONFIGS.items():
            print(f"{name:13s} {' '.join(f'{k}={v!r}' for k, v in env.items()) or '(this CPU)'}")
        return 0
    paths = sorted(args.notebooks.glob("*.ipynb"))
    if args.names:
        paths = [p for p in paths if any(name in p.name for name in args.names)]
    if not paths:
        print(f"no notebook in {args.notebooks} matches {args.names or '*.ipynb'}", file=sys.stderr)
        return 1
    status = 0
    for config in args.config or DEFAULT_CONFIGS:
        prelude = args.prelude.read_text() if args.prelude else None
        label = f"{config}+{args.prelude.stem}" if args.prelude else config
        result = run_config(label, CONFIGS[config], paths, lean=args.lean, shared=args.shared_kernel,
                            timeout=args.timeout, prelude=prelude)
        print(report(result), flush=True)
        if result.problems:
            status = max(status, 2 if any("reports" in p or "still uses" in p for p in result.problems) else 1)
        if result.diffs:
            status = max(status, 1)
    return status


def report(result: Result) -> str:
    probe = result.probe
    blas = ",".join(sorted({str(a) for _, a in probe.get("blas", [])}))
    simd = "AVX512" if probe.get("avx512_skx") else "no AVX512"
    times = " ".join(f"{k} {v:.0f}s" for k, v in result.seconds.items())
    env = " ".join(f"{k}={v!r}" for k, v in result.env.items()) or "(this CPU)"
    lines = [f"== {result.config}: {env}  [BLAS {blas}; numpy {simd}]  {times}"]
    lines += [f"   PROBLEM {p}" for p in result.problems]
    for diff in result.diffs:
        lines += ["   " + line for line in diff.lines()]
    if not result.diffs and not result.problems:
        lines.append("   all compared outputs identical")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
