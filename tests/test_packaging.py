"""The install promises: numpy-only core, environment.yml agrees with pyproject, the CI entry point."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
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


def test_constraints_pin_every_dependency_and_both_readme_commands_use_them():
    """Development and CI install exact versions (constraints.txt); pyproject keeps ranges for users."""
    from importlib.metadata import version

    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            assert pinned, f"constraints.txt: {line!r} is not an exact pin"
            pins[_name(name)] = pinned
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted |= {_name(r) for r in extra}
    assert wanted <= set(pins), f"not pinned in constraints.txt: {sorted(wanted - set(pins))}"
    for name in sorted(wanted):      # this environment is the pinned one (CI installs with the constraints)
        assert version(name).split("+")[0] == pins[name], (name, version(name), pins[name])
    dev = (ROOT / "dev").read_text()
    setup_body = dev[dev.index("setup() {"):dev.index("\n}", dev.index("setup() {"))]
    assert "-c constraints.txt" in setup_body                      # the one install, with the pins
    for command in ("lab)", "test)"):                               # both README commands go through it
        block = dev[dev.index(f"    {command}"):dev.index(";;", dev.index(f"    {command}"))]
        assert "\n        setup\n" in block, command


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


def _numpy_only_modules() -> list[str]:
    """Every module of the numpy layers: course2.<concept>, course2.experiments.<topic>, course2.exercises.<m>."""
    names = [f"course2.{m}" for m in course2._MODULES]
    for sub in ("experiments", "exercises"):
        names += [f"course2.{sub}"] + [f"course2.{sub}.{p.stem}" for p in sorted((ROOT / "course2" / sub).glob("*.py"))
                                       if not p.stem.startswith("_")]
    return names


def test_the_numpy_layers_need_numpy_only():
    code = (
        "import importlib, sys\n"
        f"for name in {_numpy_only_modules()!r}: importlib.import_module(name)\n"
        "from course2.exercises import check\n"
        "heavy = {'matplotlib', 'ipywidgets', 'torch', 'IPython', 'scipy'} & {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", f"the numpy layers imported {out.stdout.strip()}"


def test_experiments_lists_its_modules():
    from course2 import experiments

    files = {p.stem for p in (ROOT / "course2" / "experiments").glob("*.py") if not p.stem.startswith("_")}
    assert files == set(experiments._MODULES)


@pytest.mark.parametrize("package, tests", [("course2", "tests"), ("course2/experiments", "tests/experiments"),
                                            ("course2/viz", "tests/viz"), ("course2/exercises", "tests/exercises")])
def test_every_module_has_its_mirror_test_file(package, tests):
    """One module per concept or topic, each with tests/<layer>/test_<module>.py beside it."""
    modules = {p.stem for p in (ROOT / package).glob("*.py") if not p.stem.startswith("_")}
    missing = sorted(m for m in modules if not (ROOT / tests / f"test_{m}.py").exists())
    assert not missing, f"{package}: no {tests}/test_<name>.py for {missing}"


def test_topic_modules_have_the_same_names_in_experiments_and_viz():
    """Notebook NN imports experiments.<topic> and viz.<topic>: the same topic names in both layers."""
    experiments = {p.stem for p in (ROOT / "course2" / "experiments").glob("*.py") if not p.stem.startswith("_")}
    viz_topics = {p.stem for p in (ROOT / "course2" / "viz").glob("*.py") if not p.stem.startswith("_")}
    machinery = {"boundary", "cache", "explorer", "figures", "registry", "worker"}
    assert experiments - {"tasks"} == viz_topics - machinery, (experiments ^ viz_topics)


def test_no_two_public_classes_share_a_name():
    """One name per idea: a public class name is defined in one module only (Fit, Step, Task...)."""
    import ast

    where: dict[str, list[str]] = {}
    for path in sorted((ROOT / "course2").rglob("*.py")):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                where.setdefault(node.name, []).append(str(path.relative_to(ROOT)))
    clashes = {name: files for name, files in where.items() if len(files) > 1}
    assert not clashes, clashes


def test_every_exercise_module_is_assembled_into_check():
    from importlib import import_module

    from course2.exercises import check

    files = {p.stem for p in (ROOT / "course2" / "exercises").glob("*.py") if not p.stem.startswith("_")}
    for stem in sorted(files - {"grading"}):
        module = import_module(f"course2.exercises.{stem}")
        assert {ex.name for ex in module.EXERCISES} <= set(check.names), stem
