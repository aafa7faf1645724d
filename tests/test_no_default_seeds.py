"""No default seeds: every public callable of course2 (package, experiments, viz, exercises) takes its
randomness from the caller.

- a parameter named ``seed`` or ``*_seed`` has no default at all, nor does a list of seeds (``seeds``
  defaulting to a tuple or list; ``seeds=1000`` elsewhere is a count);
- a parameter named ``rng`` or ``*_rng`` has no default, or defaults to None only where None means
  "draws nothing" (``NONE_DRAWS_NOTHING`` below, each checked to refuse rng=None when it would draw).

Public: a name not starting with ``_`` in a module not starting with ``_``, defined in course2; for a
class, its ``__init__``, ``__call__`` and public methods.
"""

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import numpy as np
import pytest

import course2

ROOT = Path(__file__).resolve().parents[1]
#: (module, qualified name, parameter): rng=None is accepted because those calls draw only on request
#: (init="zeros", keep_prob=1, full-batch training, grid search, the digits in file order) and refuse
#: rng=None otherwise (the tests below).
NONE_DRAWS_NOTHING = {
    ("course2.data", "digits", "rng"),                                # rng=None: file order, no shuffle
    ("course2.hyperparameter_search", "trial_points", "rng"),         # grid needs none; random refuses None
    ("course2.hyperparameter_search", "iter_search", "rng"),
    ("course2.hyperparameter_search", "search", "rng"),
    ("course2.network", "Network.__init__", "rng"),                   # init="zeros" draws nothing
    ("course2.network", "Network.forward", "rng"),                    # keep_prob=1 or given masks
    ("course2.training", "train_progressively", "rng"),               # full batch, no dropout
}


def _modules():
    names = [f"course2.{m}" for m in course2._MODULES]
    for sub in ("experiments", "viz", "exercises"):
        package = importlib.import_module(f"course2.{sub}")
        names += [f"course2.{sub}"] + [f"course2.{sub}.{info.name}" for info in pkgutil.iter_modules(package.__path__)
                                       if not info.name.startswith("_")]
    return [importlib.import_module(n) for n in names]


def _callables():
    """{(defining module, qualified name): callable} of every public function, class initializer and method."""
    out = {}
    for module in _modules():
        for name in dir(module):
            obj = getattr(module, name)
            if name.startswith("_") or not getattr(obj, "__module__", "").startswith("course2"):
                continue
            if inspect.isclass(obj):
                for attr in ("__init__", "__call__", *(a for a in vars(obj) if not a.startswith("_"))):
                    member = inspect.getattr_static(obj, attr, None)
                    if isinstance(member, (staticmethod, classmethod)):
                        member = member.__func__
                    if inspect.isfunction(member) and member.__module__.startswith("course2"):
                        out[(member.__module__, member.__qualname__)] = member
            elif inspect.isfunction(obj) or hasattr(obj, "__wrapped__"):
                out[(obj.__module__, getattr(obj, "__qualname__", name))] = obj
    return out


def _is(name: str, kind: str) -> bool:
    """``seed``, ``mask_seed``, ...; not a record's ``*_per_seed`` (one value per seed, no randomness)."""
    return name == kind or (name.endswith(f"_{kind}") and not name.endswith(f"_per_{kind}"))


def _offenders():
    found = []
    for (module, qualname), fn in sorted(_callables().items()):
        try:
            params = inspect.signature(fn).parameters.values()
        except (TypeError, ValueError):
            continue
        for p in params:
            if p.default is inspect.Parameter.empty:
                continue
            where = f"{module}.{qualname}({p.name}={p.default!r})"
            if _is(p.name, "seed") or (_is(p.name, "seeds") and isinstance(p.default, (tuple, list))):
                found.append(where)
            elif _is(p.name, "rng") and (p.default is not None or (module, qualname, p.name) not in NONE_DRAWS_NOTHING):
                found.append(where)
    return found


def test_the_walk_sees_every_layer():
    seen = {module for module, _ in _callables()}
    for layer in ("course2.network", "course2.experiments.tasks", "course2.viz.dropout", "course2.exercises.grading"):
        assert layer in seen, layer
    # explorers' initializers and static figures are among them
    assert ("course2.viz.dropout", "DropoutExplorer.__init__") in _callables()
    assert ("course2.viz.hyperparameter_search", "layouts_figure") in _callables()


def test_no_public_callable_has_a_default_seed_or_generator():
    offenders = _offenders()
    assert not offenders, "defaults for randomness (pass a seed or Generator explicitly):\n" + "\n".join(offenders)


# -- the second half, for course2.viz: no seed written into the code (a module constant, a literal) ------
def _literal_int(node) -> bool:
    if isinstance(node, (ast.List, ast.Tuple)) and node.elts:       # default_rng([0, 16])
        node = node.elts[0]
    return isinstance(node, ast.Constant) and type(node.value) is int


def _hidden_seeds(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    skip = set()          # @register(..., seed=0): the notebook's configuration, kept in the decorator on purpose
    for node in ast.walk(tree):
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            for deco in node.decorator_list:
                skip |= {id(n) for n in ast.walk(deco)}
    found = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) \
            else []
        names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
        found += [f"{path.name}:{node.lineno}: module constant {n}" for n in names if "SEED" in n.upper()]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or id(node) in skip:
            continue
        callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for kw in node.keywords:
            if kw.arg and (_is(kw.arg, "seed") or _is(kw.arg, "rng")) and _literal_int(kw.value):
                found.append(f"{path.name}:{node.lineno}: {callee}({kw.arg}={ast.unparse(kw.value)})")
        if (callee == "default_rng" or callee.endswith("_task")) and any(_literal_int(a) for a in node.args):
            found.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
    return found


#: seeds written into the code on purpose: the Monte-Carlo estimate of the moons' clean overlap e0 (a number of
#: the data, like a quadrature rule, printed in notebook 02: changing its seed changes nothing the lesson uses)
WRITTEN_ON_PURPOSE = {"bias_variance.py: module constant E0_SEED"}


@pytest.mark.parametrize("layer", ["viz", "experiments"])
def test_no_seed_is_written_into_the_code(layer):
    """An explorer, figure or table draws with the seed it is given: no ``SEED = 0``, no ``overfitting_task(rng=1)``
    inside (the registry's ``@register(name, seed=0, ...)`` is the one place for the notebooks' values)."""
    found = [f for path in sorted((ROOT / "course2" / layer).glob("*.py")) for f in _hidden_seeds(path)]
    found = [f for f in found if re.sub(r":\d+:", ":", f) not in WRITTEN_ON_PURPOSE]
    assert not found, "\n".join(found)


def test_the_hidden_seed_scan_sees_what_it_looks_for(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("SEED = 0\n"
                   "@register('x', task=later(make_task, rng=1), seed=0)\n"
                   "class X:\n"
                   "    def f(self):\n"
                   "        a = overfitting_task(rng=1)\n"
                   "        b = moons_task(0)\n"
                   "        c = np.random.default_rng([3, 16])\n"
                   "        d = fit(task, seed=self.seed, rng=np.random.default_rng([self.seed, 1]))\n")
    found = _hidden_seeds(bad)
    assert sorted(f.split(": ", 1)[1] for f in found) == sorted([
        "module constant SEED", "overfitting_task(rng=1)", "moons_task(0)", "np.random.default_rng([3, 16])"])


def test_every_rng_none_allowance_is_still_a_real_parameter():
    calls = _callables()
    for module, qualname, param in sorted(NONE_DRAWS_NOTHING):
        fn = calls[(module, qualname)]
        assert inspect.signature(fn).parameters[param].default is None, (module, qualname)


# -- rng=None where it would draw: refused, never a hidden generator --------------------------------
def test_rng_none_is_refused_where_it_would_draw():
    from course2 import hyperparameter_search as hs
    from course2.network import Network
    from course2.training import train_progressively

    with pytest.raises((TypeError, ValueError), match="rng"):
        Network([2, 3, 1], "relu", "sigmoid", init="he")
    net = Network([2, 3, 1], "relu", "sigmoid", init="zeros")
    X = np.zeros((2, 4))
    with pytest.raises((TypeError, ValueError), match="rng"):
        net.forward(X, keep_prob=0.5)
    with pytest.raises((TypeError, ValueError), match="rng"):
        next(train_progressively(net, X, np.zeros((1, 4)), num_iterations=2, batch_size=2))
    space = [hs.Hyperparameter("alpha", 1e-4, 1.0, "log")]
    assert hs.trial_points(space, 4, method="grid").shape == (4, 1)       # the grid draws nothing
    for draw in (lambda: hs.trial_points(space, 4, method="random"),
                 lambda: hs.search(space, lambda v: 0.0, 4),
                 lambda: list(hs.iter_search(space, lambda v: 0.0, 4))):
        with pytest.raises((TypeError, ValueError), match="rng"):
            draw()
