"""The explorer registry."""

import pytest

from course2.viz import registry


def test_register_refuses_a_name_twice():
    class A:
        pass

    registry.register("__test_a")(A)
    try:
        with pytest.raises(ValueError, match="already registered"):
            registry.register("__test_a")(type("B", (), {}))
    finally:
        registry.EXPLORERS.pop("__test_a")


def test_explorers_imports_every_topic_module():
    found = registry.explorers()
    assert found == dict(sorted(registry.EXPLORERS.items()))
    assert "splits" in found
    for name, factory in found.items():
        assert getattr(factory, "_registered_name", name) == name


def test_the_package_names_still_resolve():
    from course2 import viz
    from course2.viz.explorer import Explorer
    from course2.viz.figures import picture

    assert viz.Explorer is Explorer and viz.picture is picture and viz.register is registry.register
    with pytest.raises(AttributeError):
        viz.no_such_name  # noqa: B018
