"""The explorer registry: zero-argument factories holding each notebook's arguments."""

import ast
import json
from pathlib import Path

import pytest

from course2.viz import registry

ROOT = Path(__file__).resolve().parents[2]


def test_register_refuses_a_name_twice():
    class A:
        pass

    registry.register("__test_a")(A)
    try:
        with pytest.raises(ValueError, match="already registered"):
            registry.register("__test_a")(type("B", (), {}))
    finally:
        registry.EXPLORERS.pop("__test_a")


def test_register_records_a_factory_that_passes_the_arguments_and_returns_the_class():
    calls = []

    class A:
        def __init__(self, task, *, seed):
            calls.append("A")
            self.task, self.seed = task, seed

    def make_task(n, *, rng):
        calls.append("task")
        return ("task", n, rng)

    try:
        assert registry.register("__test_a", task=registry.later(make_task, 3, rng=1), seed=0)(A) is A
        assert calls == []                                   # nothing built at registration (import)
        factory = registry.EXPLORERS["__test_a"]
        assert factory.explorer is A and A._registered_name == factory._registered_name == "__test_a"
        assert factory.kwargs["seed"] == 0
        a = factory()
        assert (a.task, a.seed) == (("task", 3, 1), 0) and calls == ["task", "A"]
        assert factory().task is not a.task                  # built again for every explorer
        assert "__test_a" in repr(factory) and "seed=0" in repr(factory) and "make_task(3, rng=1)" in repr(factory)
    finally:
        registry.EXPLORERS.pop("__test_a")


def test_later_builds_nested_arguments_first():
    inner = registry.later(lambda rng: ("task", rng), rng=1)
    outer = registry.later(lambda task, *, seed: (task, seed), inner, seed=0)
    assert outer.build() == (("task", 1), 0)
    with pytest.raises(TypeError, match="callable"):
        registry.later(3)


def test_register_refuses_arguments_that_do_not_make_a_call():
    class A:
        def __init__(self, *, seed):
            pass

    for kwargs in ({}, {"seed": 0, "rng": 1}):     # the seed missing (no defaults); an unknown argument
        with pytest.raises(TypeError, match="__test_a"):
            registry.register("__test_a", **kwargs)(A)
    assert "__test_a" not in registry.EXPLORERS


def test_explorers_imports_every_topic_module():
    found = registry.explorers()
    assert found == dict(sorted(registry.EXPLORERS.items()))
    assert "splits" in found
    for name, factory in found.items():
        assert isinstance(factory, registry.Factory) and callable(factory)
        assert factory._registered_name == name and factory.explorer._registered_name == name


def _notebook_calls():
    """(notebook, class name, {keyword: literal value}) of every explorer construction in the notebooks."""
    names = {f.explorer.__name__ for f in registry.explorers().values()}
    out = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names:
                    literal = {}
                    for kw in node.keywords:
                        try:
                            literal[kw.arg] = ast.literal_eval(kw.value)
                        except ValueError:
                            pass
                    out.append((path.name, node.func.id, literal))
    return out


def test_the_registry_holds_each_notebooks_seeds():
    """The registry's plain arguments (seeds, not data) are the ones the notebook passes: the benchmark
    and the tests build what the student sees."""
    by_class = {f.explorer.__name__: f for f in registry.explorers().values()}
    calls = _notebook_calls()
    assert {c for _, c, _ in calls} == set(by_class), "every registered explorer is built in a notebook"
    for notebook, name, literal in calls:
        for key, value in by_class[name].kwargs.items():
            if isinstance(value, registry.later):
                continue
            assert key in literal, f"{notebook}: {name}(...) does not pass {key}= (the registry passes {value!r})"
            assert literal[key] == value, f"{notebook}: {name}({key}={literal[key]!r}), the registry {value!r}"


def test_the_package_names_still_resolve():
    from course2 import viz
    from course2.viz.explorer import Explorer
    from course2.viz.figures import picture

    assert viz.Explorer is Explorer and viz.picture is picture and viz.register is registry.register
    with pytest.raises(AttributeError):
        viz.no_such_name  # noqa: B018
