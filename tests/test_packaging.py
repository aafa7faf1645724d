"""The install promises: numpy-only core, environment.yml agrees with pyproject, the CI entry point."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

import course2

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower()


def test_import_course2_needs_numpy_only():
    code = (
        "import sys, course2\n"
        "for name in course2._MODULES: getattr(course2, name)\n"
        "heavy = {'matplotlib', 'ipywidgets', 'torch', 'IPython', 'scipy'} & {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", f"the numerical core imported {out.stdout.strip()}"


def test_every_listed_module_exists():
    for name in course2._MODULES:
        assert (ROOT / "course2" / f"{name}.py").exists(), name


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {r.replace(" ", "") for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted |= {r.replace(" ", "") for r in extra}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    have = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            have |= {d.replace(" ", "") for d in dep["pip"] if not d.startswith("-e")}
        elif _name(dep) not in ("python", "pip"):
            have.add(dep.replace(" ", ""))
    assert have == wanted, (f"only in environment.yml: {sorted(have - wanted)}; "
                            f"only in pyproject: {sorted(wanted - have)}")


def test_torch_pinned_to_the_cpu_build_on_disk():
    # Plain `torch` or a range pulls a multi-GB CUDA build here: the pin must stay exact.
    test_extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["test"]
    assert "torch==2.13.0" in test_extra


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "./dev test" in ci
    head = readme[:1500]
    assert "./dev test" in head and "./dev lab" in head, "the README must start with the two commands"


def test_every_numpy_module_is_listed_so_the_numpy_only_test_covers_it():
    files = {p.stem for p in (ROOT / "course2").glob("*.py") if not p.stem.startswith("_")}
    assert files == set(course2._MODULES)


def test_import_course2_exercises_needs_numpy_only():
    # course2.exercises is a subpackage, so the glob above does not see it: check it on its own.
    code = (
        "import sys, course2.exercises\n"
        "from course2.exercises import check\n"
        "import course2.exercises.grading, course2.exercises.splits, course2.exercises.bias_variance\n"
        "import course2.exercises.regularization, course2.exercises.dropout, course2.exercises.early_stopping\n"
        "heavy = {'matplotlib', 'ipywidgets', 'torch', 'IPython', 'scipy'} & {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", f"course2.exercises imported {out.stdout.strip()}"


def test_every_exercise_module_is_assembled_into_check():
    from importlib import import_module

    from course2.exercises import check

    files = {p.stem for p in (ROOT / "course2" / "exercises").glob("*.py") if not p.stem.startswith("_")}
    for stem in sorted(files - {"grading"}):
        module = import_module(f"course2.exercises.{stem}")
        assert {ex.name for ex in module.EXERCISES} <= set(check.names), stem
