"""Every notebook exercise is solvable: run each notebook once with the model solutions filled in.

The notebooks are committed as a student sees them (each exercise's check says "not implemented
yet"). Here each stub cell's ``def`` is replaced by the model solution of the same name from
``tests/exercises/solutions.py`` (its source, with that module's imports), the ``check.<name>(<name>)``
line is kept, and the notebook is executed in a fresh kernel (live explorers skipped: their
source becomes ``pass``). Every check must then say "passed", and the cells that ``check.use``
the student's function must say they use it.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("notebook_model_solutions", ROOT / "tests/exercises/solutions.py")
solutions = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(solutions)

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
STUB = 'raise NotImplementedError("your code here")'
CHECK_LINE = re.compile(r"^check\.(\w+)\((\w+)\)\s*$")


def solutions_imports() -> str:
    """The import statements of solutions.py, so an injected solution finds its names."""
    tree = ast.parse(inspect.getsource(solutions))
    return "\n".join(ast.get_source_segment(inspect.getsource(solutions), node) for node in tree.body
                     if isinstance(node, (ast.Import, ast.ImportFrom)))


def solve(source: str) -> tuple[str, str]:
    """A stub cell with its ``def`` replaced by the model solution; returns (new source, exercise name)."""
    last = source.rstrip().splitlines()[-1]
    match = CHECK_LINE.match(last)
    assert match and match.group(1) == match.group(2), f"a stub cell must end with check.name(name): {last!r}"
    name = match.group(1)
    functions = [node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef) and node.name == name]
    assert len(functions) == 1, f"the stub cell of {name} must define {name} once"
    lines = source.splitlines()
    node = functions[0]
    solution = inspect.getsource(getattr(solutions, name)).rstrip()
    new = lines[:node.lineno - 1] + [solutions_imports(), solution] + lines[node.end_lineno:]
    return "\n".join(new), name


def solved_notebook(path: Path):
    nb = nbformat.read(path, as_version=4)
    names = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if "# (live widget" in cell.source:
            cell.source = "pass"
        elif STUB in cell.source:
            cell.source, name = solve(cell.source)
            names.append(name)
    return nb, names


def text_of(cell) -> str:
    out = []
    for output in cell.get("outputs", []):
        out.append(output.get("text", ""))
        out.append(output.get("data", {}).get("text/plain", ""))
        if output.get("output_type") == "error":
            out.append(f"{output['ename']}: {output['evalue']}")
    return "".join(out)


def run(path: Path):
    nb, names = solved_notebook(path)
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT / "notebooks")}})
    client.execute()
    return nb, names


@pytest.fixture(scope="module")
def executed():
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(NOTEBOOKS, pool.map(run, NOTEBOOKS)))


#: exercises each notebook must hold: two in 01-05 (their issue asks for two), none asked for in 07, one elsewhere
MIN_EXERCISES = {"01": 2, "02": 2, "03": 2, "04": 2, "05": 2, "07": 0}


def test_the_stub_is_what_a_student_sees():
    """The committed notebooks hold stubs (no solution), and the replacement keeps the check line."""
    stub = ('def l2_gradient(W, lambd, m):\n    """doc"""\n    raise NotImplementedError("your code here")\n\n\n'
            "check.l2_gradient(l2_gradient)")
    source, name = solve(stub)
    assert name == "l2_gradient" and STUB not in source
    assert source.rstrip().endswith("check.l2_gradient(l2_gradient)") and "return lambd / m * W" in source
    for path in NOTEBOOKS:
        _, names = solved_notebook(path)
        wanted = MIN_EXERCISES.get(path.name[:2], 1)
        assert len(names) >= wanted, f"{path.name}: {len(names)} exercise(s), at least {wanted} wanted"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_exercise_passes_with_its_model_solution(executed, path):
    nb, names = executed[path]
    checks = {}
    for cell in nb.cells:
        if cell.cell_type == "code":
            last = cell.source.rstrip().splitlines()[-1] if cell.source.strip() else ""
            match = CHECK_LINE.match(last)
            if match:
                checks[match.group(1)] = text_of(cell)
            for name in re.findall(r"(\w+) = check\.use\(\1\)", cell.source):
                assert f"{name}: using your function" in text_of(cell), (path.name, name, text_of(cell))
    assert sorted(checks) == sorted(names)
    for name, text in checks.items():
        assert f"{name}: passed" in text, (path.name, name, text)
