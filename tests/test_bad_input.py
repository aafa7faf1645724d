# ruff: noqa: E501  (a table: one call per line reads better than wrapped lines)
"""Bad input gets a clear error, never a wrong result: one table of bad calls for the whole public API.

Every public function and class of ``course2.<concept>``, ``course2.experiments.<topic>``,
``course2.viz.<topic>`` and every public method of ``course2.exercises.check`` (found by
``public_callables``, not listed by hand) must have at least one entry in ``TABLE``; so must the
public methods of the main classes (``METHODS``). Each entry is a bad call, the exception it must
raise (``ValueError`` or ``TypeError``) and a regex its message must match (the argument's name
at least). A new public callable without an entry fails ``test_every_public_callable_has_bad_calls``.

Most entries take one good call and replace ONE argument with a bad value (``fn(...)``/``meth(...)``
with ``bad={"arg": [V(value), T(value), ...]}``: V = ValueError, T = TypeError); the message must
name that argument. ``call(...)`` entries write out a bad call that a substitution cannot express
(a second ``step`` with other shapes, a schedule evaluated where its alpha underflows).

``tools/bad_input_census.py`` runs the same table and counts clear / unclear / silent answers.
Explorer constructors are only given bad start values, which they must refuse before building any
widget or training anything, so the whole table runs in a few seconds.
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
import pytest

import course2
import course2.experiments

NAN, INF = math.nan, math.inf


# -- the table's vocabulary ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bad:
    """A bad value for one argument, the exception it must raise and (optionally) more of the message."""

    value: object
    error: type
    match: str | None = None
    name: str | None = None      # the name the message uses, when not the parameter's (``name`` -> "activation")


def V(value, match: str | None = None, *, name: str | None = None) -> Bad:
    return Bad(value, ValueError, match, name)


def T(value, match: str | None = None, *, name: str | None = None) -> Bad:
    return Bad(value, TypeError, match, name)


class Lazy:
    """An argument built when the call is made (networks, tasks, fits: fresh or cached per session)."""

    def __init__(self, make: Callable[[], object]):
        self.make = make


@dataclass
class Case:
    key: str                      # "module:qualname" of the callable under test
    label: str                    # what is bad, for the test id and the census
    run: Callable[[], object]     # makes the bad call
    error: type
    regex: str                    # must match (re.search) the exception's message

    @property
    def id(self) -> str:
        return f"{self.key} {self.label}"


TABLE: dict[str, list[Case]] = {}


def _resolve(key: str):
    module, _, name = key.partition(":")
    obj = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def _value(v):
    if isinstance(v, Lazy):
        return v.make()
    if isinstance(v, list):
        return [_value(x) for x in v]
    if isinstance(v, tuple):
        return tuple(_value(x) for x in v)
    if isinstance(v, dict):           # keyword arguments: a Lazy value is built too
        return {k: _value(x) for k, x in v.items()}
    return v


def _substituted(fn, args, kwargs, name, value):
    args, kwargs, value = list(_value(args)), dict(_value(kwargs)), _value(value)
    params = inspect.signature(fn).parameters
    bound = inspect.signature(fn).bind_partial(*args, **kwargs)
    if name in params and params[name].kind not in (inspect.Parameter.VAR_KEYWORD, inspect.Parameter.VAR_POSITIONAL):
        bound.arguments[name] = value
        return bound.args, bound.kwargs
    kwargs[name] = value            # an argument passed through **kwargs
    return args, kwargs


def _add(key: str, make_fn: Callable[[], Callable], args, kwargs, bad: dict[str, list[Bad]]) -> None:
    for name, values in bad.items():
        for b in values:
            regex = re.escape(b.name or name) + ("" if b.match is None else f"(.|\n)*{b.match}")

            def run(name=name, b=b):
                fn = make_fn()
                a, k = _substituted(fn, args, kwargs, name, b.value)
                return fn(*a, **k)

            TABLE.setdefault(key, []).append(Case(key, f"{name}={_short(b.value)}", run, b.error, regex))


def _short(value) -> str:
    if isinstance(value, np.ndarray):
        return f"array{value.shape}"
    text = repr(value)
    return text if len(text) <= 30 else text[:27] + "..."


def fn(key: str, *args, bad: dict[str, list[Bad]], **kwargs) -> None:
    """Bad calls of the function or class ``key`` = "module:name": a good call with one argument replaced."""
    _add(key, lambda: _resolve(key), args, kwargs, bad)


def meth(key: str, make_obj: Callable[[], object], *args, bad: dict[str, list[Bad]], **kwargs) -> None:
    """Bad calls of a method ``key`` = "module:Class.method" on a fresh object from ``make_obj()``."""
    method = key.rpartition(".")[2]
    _add(key, lambda: getattr(make_obj(), method), args, kwargs, bad)


def call(key: str, label: str, run: Callable[[], object], error: type, regex: str) -> None:
    """A bad call written out."""
    TABLE.setdefault(key, []).append(Case(key, label, run, error, regex))


# -- common bad values ----------------------------------------------------------------------------------------
def reals(*out_of_range) -> list[Bad]:
    """NaN, inf and a string, then the given out-of-range values (ValueError)."""
    return [V(NAN), V(INF), T("0.1")] + [V(x) for x in out_of_range]


def ints(*out_of_range) -> list[Bad]:
    return [T(1.5), T("3"), T(None)] + [V(x) for x in out_of_range]


def opt_ints(*out_of_range) -> list[Bad]:
    """For an optional integer (None is allowed)."""
    return [T(1.5), T("3")] + [V(x) for x in out_of_range]


RNG = [T(None), T(-1), T("seed"), T(1.5)]
RNG_OR_NONE = [V(None), T(-1), T("seed"), T(1.5)]     # rng=None where a default init needs none: "rng is needed"
SEED = [T(None), V(-1), T("0"), T(1.5)]


def arrays2d(*extra: Bad) -> list[Bad]:
    """NaN, inf, empty, 1-D, text: for an (n, m) array argument."""
    return [V(np.array([[NAN, 1.0], [0.0, 1.0]])), V(np.array([[INF, 1.0], [0.0, 1.0]])), V(np.empty((2, 0))),
            V(np.ones(4)), T("abc"), *extra]


def arrays1d(*extra: Bad) -> list[Bad]:
    return [V(np.array([NAN, 1.0])), V(np.array([])), V(np.ones((2, 2))), T("abc"), *extra]


# -- shared good arguments (small: the whole table runs in seconds) ---------------------------------------------
@cache
def moons20():
    from course2 import data

    return data.moons(20, rng=0)


X20 = Lazy(lambda: moons20()[0])
Y20 = Lazy(lambda: moons20()[1])
WEIGHTS = [np.ones((3, 2)), np.ones((1, 3))]


def network(output="sigmoid"):
    from course2.network import Network

    return Network([2, 3, 1], "tanh", output, rng=0)


def forwarded():
    net = network()
    net.forward(moons20()[0])
    return net


@cache
def task():
    from course2.experiments.tasks import overfitting_task

    return overfitting_task(m_train=20, m_dev=20, rng=1)


@cache
def aug_task():
    from course2.experiments.tasks import augmentation_task

    return augmentation_task(m_train=10, m_dev=20, rng=0)


@cache
def a_fit():
    from course2.experiments.tasks import fit

    return fit(task(), seed=0, num_iterations=3)


@cache
def a_sweep():
    from course2.experiments.tasks import fit, sweep

    return sweep("lambd", [0.0, 0.1], lambda v: fit(task(), seed=0, lambd=v, num_iterations=3))


@cache
def a_lambda_sweep():
    from course2.experiments.regularization import lambda_sweep

    return lambda_sweep(task(), [0.0, 0.1, 1.0, 30.0], seed=0, num_iterations=3)


@cache
def a_dropout_sweep():
    from course2.experiments.dropout import keep_prob_sweep

    return keep_prob_sweep(task(), [1.0, 0.8, 0.5], seed=0, num_iterations=3)


@cache
def a_run():
    from course2.experiments.early_stopping import early_stopping_run

    return early_stopping_run(task(), num_iterations=20, every=10, seed=0)


@cache
def an_aug_sweep():
    from course2.experiments.augmentation import augmentation_sweep

    return augmentation_sweep(aug_task(), [0, 1], seeds=[0], num_iterations=3)


TASK, AUG_TASK, FIT = Lazy(task), Lazy(aug_task), Lazy(a_fit)
SWEEP, LAMBDA_SWEEP, DROPOUT_SWEEP = Lazy(a_sweep), Lazy(a_lambda_sweep), Lazy(a_dropout_sweep)
RUN, AUG_SWEEP = Lazy(a_run), Lazy(an_aug_sweep)
NET = Lazy(network)


def _axes():
    from course2.viz.figures import new_figure

    return new_figure((2.0, 2.0))[1]


AXES = Lazy(_axes)
NOT_A_TASK = [T("task"), T(None)]


# ================================================================================================================
# course2.<concept>
# ================================================================================================================
M = "course2.activations"
fn(f"{M}:sigmoid", np.zeros((2, 3)), bad={"Z": arrays2d()[:1] + [T("abc")]})
fn(f"{M}:forward", "relu", np.zeros((2, 3)), bad={"name": [V("softplus", name="activation"), V(3, name="activation")], "Z": [T("abc"), V(np.array([[NAN]]))]})
fn(f"{M}:backward", "relu", np.ones((2, 3)), np.ones((2, 3)), np.ones((2, 3)),
   bad={"name": [V("softplus", name="activation")], "dA": [T("abc"), V(np.ones((3, 2)))], "Z": [V(np.ones((3, 3)))],
        "A": [V(np.ones((1, 3)))]})

M = "course2.augmentation"
fn(f"{M}:rotate", np.ones((2, 4)), 30.0,
   bad={"X": arrays2d(V(np.ones((3, 4)))), "degrees": [V(NAN), V(INF), T("30"), V(np.ones(3))],
        "center": [V("middle"), V((1.0, 2.0, 3.0)), V((NAN, 0.0))]})
fn(f"{M}:reflect", np.ones((2, 4)), "horizontal",
   bad={"X": arrays2d(), "which": [V("diagonal")], "center": [V("middle")]})
fn(f"{M}:jitter", np.ones((2, 4)), 0.1, rng=0, bad={"X": arrays2d(), "std": reals(-0.1), "rng": RNG})
fn(f"{M}:augment", np.ones((2, 4)), np.ones((1, 4)), copies=2, rng=0,
   bad={"X": arrays2d(V(np.ones((3, 4)))), "Y": [V(np.ones((1, 3))), V(np.array([[NAN] * 4]))],
        "copies": ints(-1), "jitter": reals(-1.0), "max_angle": reals(-1.0, 181.0), "reflect": [V("diagonal")],
        "center": [V("middle")], "keep_original": [T(1), T("yes")], "rng": RNG})

M = "course2.data"
for name in ("moons", "circles", "spirals", "blobs"):
    fn(f"{M}:{name}", 20, rng=0, bad={"m": ints(0, -5), "noise": reals(-0.1), "label_noise": reals(-0.1, 0.6),
                                      "rng": RNG})
fn(f"{M}:circles", 20, rng=0, bad={"factor": reals(0.0, 1.0, 1.5)})
fn(f"{M}:spirals", 20, rng=0, bad={"turns": reals(0.0, -1.0)})
fn(f"{M}:spirals", 20, classes=3, rng=0, bad={"classes": ints(1), "label_noise": [V(0.1)]})
fn(f"{M}:flower", 20, rng=0, bad={"m": ints(0), "noise": reals(-1.0), "petals": ints(0), "a": reals(0.0),
                                  "rng": RNG})
fn(f"{M}:regression", 20, rng=0, bad={"m": ints(0), "noise": reals(-1.0), "rng": RNG})
fn(f"{M}:regression_function", np.ones(3), bad={"X": [V(np.array([NAN])), T("abc")]})
fn(f"{M}:flip_labels", np.array([[0.0, 1.0, 1.0, 0.0]]), 0.25, rng=0,
   bad={"Y": [V(np.array([[0.0, 0.5]])), V(np.ones((2, 2))), V(np.array([[NAN, 1.0]])), T("abc")],
        "label_noise": reals(-0.1, 0.6), "rng": RNG})
fn(f"{M}:make_dataset", "moons", 20, rng=0, bad={"name": [V("squares"), V(3)], "m": ints(0), "rng": RNG,
                                                 "noise": [V(-1.0)], "colour": [T("red")]})

M = "course2.batch_norm"
_BN = (np.arange(12.0).reshape(3, 4), np.ones((3, 1)), np.zeros((3, 1)))


def _bn_cache():
    from course2.batch_norm import forward_train

    return forward_train(*_BN)[1]


def _bn_running(t: int = 1):
    from course2.batch_norm import RunningStats

    running = RunningStats(3)
    for _ in range(t):
        running.update(_bn_cache(), 4)
    return running


fn(f"{M}:forward_train", *_BN, bad={"Z": arrays2d(V(np.ones((3, 1)), "at least 2 examples")),
                                    "gamma": [V(np.ones((1, 3))), V(np.full((3, 1), NAN)), T("abc")],
                                    "beta_bn": [V(np.ones((4, 1)))], "epsilon": reals(0.0, -1e-5)})
call(f"{M}:backward", "dZ_tilde of another shape", lambda: _resolve("course2.batch_norm:backward")(np.ones((3, 2)), _bn_cache()),
     ValueError, "dZ_tilde must have the shape")
call(f"{M}:backward", "dZ_tilde with NaN", lambda: _resolve("course2.batch_norm:backward")(np.full((3, 4), NAN), _bn_cache()),
     ValueError, "dZ_tilde")
call(f"{M}:backward", "cache not from forward_train", lambda: _resolve("course2.batch_norm:backward")(np.ones((3, 4)), (1, 2)),
     TypeError, "cache")
call(f"{M}:forward_eval", "before any training step",
     lambda: _resolve("course2.batch_norm:forward_eval")(*_BN, _bn_running(0)), ValueError, "no training step")
call(f"{M}:forward_eval", "running is not RunningStats",
     lambda: _resolve("course2.batch_norm:forward_eval")(*_BN, {"mean": 0}), TypeError, "running")
call(f"{M}:forward_eval", "Z with NaN",
     lambda: _resolve("course2.batch_norm:forward_eval")(np.full((3, 4), NAN), *_BN[1:], _bn_running()), ValueError, "Z")
fn(f"{M}:RunningStats", 3, bad={"n": ints(0), "beta": reals(1.0, -0.1)})
call(f"{M}:RunningStats.update", "cache of other units",
     lambda: _resolve("course2.batch_norm:RunningStats")(2).update(_bn_cache(), 4), ValueError, "cache is for 3 units")
call(f"{M}:RunningStats.update", "m = 1", lambda: _resolve("course2.batch_norm:RunningStats")(3).update(_bn_cache(), 1),
     ValueError, "m")
call(f"{M}:RunningStats.update", "not a cache", lambda: _resolve("course2.batch_norm:RunningStats")(3).update(None, 4),
     TypeError, "cache")

fn("course2.training:diverged_text", 3, bad={"iteration": ints(0)})
fn("course2.training:diverges", 2.0, 1.0, bad={"cost": [T("2"), T(None)], "first_cost": reals(),
                                                "divergence_factor": reals(1.0, 0.5)})

M = "course2.diagnosis"
fn(f"{M}:diagnose", 0.1, 0.2, bad={"train_error": reals(-0.1, 11.0), "dev_error": reals(1.5),
                                   "bayes_error": reals(-0.1, 2.0), "bias_margin": reals(-0.1),
                                   "variance_margin": reals(1.5)})

M = "course2.dropout"
fn(f"{M}:check_keep_prob", 0.5, bad={"keep_prob": reals(0.0, 1.5, -0.1) + [T(None)]})
fn(f"{M}:dropout_mask", (3, 4), 0.8, 0, bad={"shape": [V((0, 4)), V((-1, 4)), T("3x4"), T((1.5, 2))],
                                            "keep_prob": reals(0.0, 1.5), "rng": RNG})
fn(f"{M}:forward", np.ones((3, 4)), 0.8, 0, bad={"A": arrays2d(), "keep_prob": reals(0.0, 1.5), "rng": RNG})
fn(f"{M}:backward", np.ones((3, 4)), np.ones((3, 4)), 0.8,
   bad={"dA": arrays2d(), "D": [V(np.ones((4, 3))), V(-np.ones((3, 4))), V(np.full((3, 4), 0.5)), T("abc")],
        "keep_prob": reals(0.0, 1.5)})
fn(f"{M}:dropout_masks", (3, 4), 0.8, 5, rng=0,
   bad={"shape": [V((0, 4)), T("3x4")], "keep_prob": reals(0.0, 1.5), "num_iterations": ints(0),
        "rng": RNG, "reseed_every_iteration": [T(1), T("yes")]})

M = "course2.early_stopping"
fn(f"{M}:EarlyStopping", 3, bad={"patience": opt_ints(0, -1)})
meth(f"{M}:EarlyStopping.update", lambda: _resolve("course2.early_stopping:EarlyStopping")(3), 0.2, 1, lambda: None,
     bad={"value": reals(), "iteration": ints(-1), "get_params": [T(3)]})
fn(f"{M}:patience_stop", [0.3, 0.2, 0.25], 2, bad={"dev_errors": arrays1d(), "patience": ints(0)})
fn(f"{M}:best_dev_index", [0.3, 0.2], bad={"dev_error": arrays1d()})
fn(f"{M}:notes_rule_index", [0.1, 0.1], [0.2, 0.2],
   bad={"train_error": arrays1d(V([0.1, 0.1, 0.1])), "dev_error": arrays1d()})

M = "course2.ewma"
fn(f"{M}:check_beta", 0.9, bad={"beta": reals(1.0, -0.1)})
fn(f"{M}:effective_window", 0.9, bad={"beta": reals(1.0, -0.1)})
fn(f"{M}:bias_correction", 0.9, 3, bad={"beta": reals(1.0), "t": [V(0), V(-1), T(1.5), T("3"), V(np.array([0, 1]))]})
fn(f"{M}:ewma", np.ones(5), 0.9, bad={"theta": arrays1d()[:2] + [V(np.ones((2, 2, 2))), T("abc")],
                                      "beta": reals(1.0)})
fn(f"{M}:ewma_update", np.zeros(3), np.ones(3), 0.9,
   bad={"V": [V(np.zeros(4)), V(np.array([NAN, 0, 0])), T("abc")], "theta": [V(np.ones(2)), V(np.array([INF, 0, 0])),
                                                                          T("abc")],
        "beta": reals(1.0)})
fn(f"{M}:EWMA", 0.9, bad={"beta": reals(1.0, -0.5)})


def _ewma_after_one():
    avg = _resolve("course2.ewma:EWMA")(0.9)
    avg.update(np.ones(3))
    return avg


meth(f"{M}:EWMA.update", _ewma_after_one, np.ones(3), bad={"theta": [V(np.ones(4)), V(np.array([NAN, 0, 0])),
                                                                     T("abc")]})
call(f"{M}:EWMA.update", "first theta NaN", lambda: _resolve("course2.ewma:EWMA")(0.9).update(NAN), ValueError,
     "theta")
call(f"{M}:EWMA.corrected", "before any update", lambda: _resolve("course2.ewma:EWMA")(0.9).corrected,
     RuntimeError, "update")

M = "course2.gradient_checking"
fn(f"{M}:params_to_vector", WEIGHTS, bad={"params": [V([]), T(3), V([np.array([NAN])]), T(["abc"])]})
fn(f"{M}:vector_to_params", np.ones(9), [(3, 2), (1, 3)],
   bad={"theta": [V(np.ones(8)), T("abc"), V(np.ones((3, 3)))], "shapes": [V([(3, 2)]), T(3), V([(-3, 2), (1, 3)])]})
fn(f"{M}:relative_error", np.ones(3), np.ones(3),
   bad={"approx": [V(np.ones(4)), V(np.array([NAN, 1, 1])), T("abc")], "exact": [V(np.ones(2)), V(np.array([])) ]})
fn(f"{M}:numerical_gradient", lambda th: float(th @ th), np.ones(3),
   bad={"J": [T(3)], "theta": arrays1d(), "epsilon": reals(0.0, -1e-7)})
fn(f"{M}:verdict", 1e-8, bad={"error": reals(-1.0)})
fn(f"{M}:check_network", NET, X20, Y20,
   bad={"net": [T("net"), T(None)], "X": arrays2d(V(np.ones((3, 20)))), "Y": [V(np.ones((1, 19))), V(np.full((1, 20), 2.0))],
        "lambd": reals(-1.0), "penalty": [V("l3")], "epsilon": reals(0.0), "keep_prob": reals(0.0, 1.5),
        "masks": [V([np.ones((3, 20))])], "backward": [T(3)]})

M = "course2.initialization"
fn(f"{M}:init_std", "he", 4, 3, bad={"name": [V("uniform", name="init")], "n_in": ints(0, -1), "n_out": ints(0),
                                     "scale": reals(-0.01)})
fn(f"{M}:initialize_weights", [2, 3, 1], "he", rng=0,
   bad={"layer_sizes": [V([2]), V([2, 0, 1]), T(3), T([2, 1.5, 1])], "init": [V("uniform")], "rng": RNG_OR_NONE,
        "scale": reals(-0.01), "dtype": [T("float99"), V(np.int64)]})
fn(f"{M}:activation_scales", [4, 4, 4], rng=0,
   bad={"layer_sizes": [V([4]), V([4, 0])], "activation": [V("softplus")], "init": [V("uniform")],
        "scale": reals(-1.0), "m": ints(1), "rng": RNG})

M = "course2.metrics"
fn(f"{M}:labels_of", np.array([[0.0, 1.0]]), bad={"Y": arrays2d()})
for name in ("accuracy", "error_rate"):
    fn(f"{M}:{name}", np.array([[0, 1, 1]]), np.array([[0.0, 1.0, 0.0]]),
       bad={"predictions": [V(np.array([[0.2, 0.9, 0.6]]), "label"), V(np.array([[0, 1]])), V(np.array([[NAN, 1, 0]])),
                            V(np.zeros((1, 0))), T("abc")],
            "Y": [V(np.array([[0.0, 1.0]])), V(np.array([[NAN, 1.0, 0.0]])), T("abc")]})
fn(f"{M}:network_accuracy", NET, X20, Y20,
   bad={"net": [T("net")], "X": arrays2d(V(np.ones((3, 20)))), "Y": [V(np.ones((1, 19))), V(np.full((1, 20), NAN))]})

M = "course2.minibatch"
fn(f"{M}:check_batch_size", 4, 10, bad={"batch_size": ints(0, 11), "m": ints(0)})
fn(f"{M}:num_batches", 10, 4, bad={"m": ints(0, -1), "batch_size": ints(0, 11)})
fn(f"{M}:batch_slices", 10, 4, bad={"m": ints(0), "batch_size": ints(0, 11)})
fn(f"{M}:shuffled", np.ones((2, 10)), np.ones((1, 10)), 0,
   bad={"X": arrays2d(), "Y": [V(np.ones((1, 9))), V(np.full((1, 10), NAN)), T("abc")], "rng": RNG})
fn(f"{M}:random_mini_batches", np.ones((2, 10)), np.ones((1, 10)), 4, rng=0,
   bad={"X": arrays2d(), "Y": [V(np.ones((1, 9)))], "batch_size": ints(0, 11), "rng": RNG})

M = "course2.network"
fn(f"{M}:Network", [2, 3, 1], "tanh", rng=0,
   bad={"layer_sizes": [V([2]), V([2, 0, 1]), T(3), T([2, "3", 1])], "activation": [V("softplus"), V(["tanh", "relu"])],
        "output": [V("tanh")], "init": [V("uniform")], "scale": reals(-1.0), "rng": RNG_OR_NONE,
        "dtype": [V(np.int32), T("float99")]})
meth(f"{M}:Network.forward", network, X20,
     bad={"X": arrays2d(V(np.ones((3, 20)))), "keep_prob": reals(0.0, 1.5) + [V([0.5, 0.5])], "rng": [T("seed")],
          "masks": [V([np.ones((3, 19))]), V([-np.ones((3, 20))]), V([])]})
call(f"{M}:Network.forward", "keep_prob<1 without rng", lambda: network().forward(moons20()[0], keep_prob=0.5),
     ValueError, "rng")
meth(f"{M}:Network.cost", forwarded, Y20,
     bad={"Y": [V(np.ones((1, 19))), V(np.full((1, 20), 2.0)), V(np.full((1, 20), NAN)), T("abc")],
          "lambd": reals(-1.0), "penalty": [V("l3")]})
call(f"{M}:Network.cost", "before forward", lambda: network().cost(moons20()[1]), RuntimeError, "forward")
meth(f"{M}:Network.backward", forwarded, Y20,
     bad={"Y": [V(np.ones((1, 19))), V(np.full((1, 20), -1.0))], "lambd": reals(-1.0), "penalty": [V("l3")]})
call(f"{M}:Network.backward", "before forward", lambda: network().backward(moons20()[1]), RuntimeError, "forward")
meth(f"{M}:Network.predict", network, X20, bad={"X": arrays2d(V(np.ones((3, 20))))})
meth(f"{M}:Network.set_params", network, np.zeros(13),
     bad={"theta": [V(np.zeros(12)), V(np.full(13, NAN)), V(np.full(13, INF)), T("abc"), T(None)]})
fn(f"{M}:Network.from_params", [np.ones((3, 2)), np.ones((1, 3))], [np.zeros((3, 1)), np.zeros((1, 1))],
   bad={"weights": [V([]), V([np.ones((3, 2)), np.ones((1, 4))]), V([np.full((3, 2), NAN), np.ones((1, 3))]),
                    T("abc"), T(3)],
        "biases": [V([np.zeros((3, 1))]), V([np.zeros((2, 1)), np.zeros((1, 1))]),
                   V([np.full((3, 1), NAN), np.zeros((1, 1))]), T(3)],
        "activation": [V("softplus")], "output": [V("tanh")]})
meth(f"{M}:Network.check_keep_prob", network, 0.5, bad={"keep_prob": reals(0.0, 1.5) + [V([0.5, 0.5])]})
fn(f"{M}:Network", [2, 3, 1], "tanh", rng=0, batch_norm=True,
   bad={"batch_norm": [T(1), T("yes")], "running_beta": reals(1.0, -0.1), "bn_epsilon": reals(0.0, -1e-5)})
fn(f"{M}:Network", [2, 1], rng=0, batch_norm=True, bad={"layer_sizes": [V([2, 1], "hidden layer")]})


def bn_network():
    from course2.network import Network

    return Network([2, 3, 1], "tanh", rng=0, batch_norm=True)


meth(f"{M}:Network.forward", bn_network, X20, bad={"mode": [V("test"), V(None)], "update_running": [T(1), T("no")]})
call(f"{M}:Network.forward", "batch norm, training mode, one example",
     lambda: bn_network().forward(moons20()[0][:, :1]), ValueError, "at least 2 examples")
call(f"{M}:Network.forward", "batch norm, eval before training",
     lambda: bn_network().forward(moons20()[0], mode="eval"), ValueError, "no training step")
call(f"{M}:Network.forward", "eval mode with dropout",
     lambda: network().forward(moons20()[0], mode="eval", keep_prob=0.5, rng=0), ValueError, "keep_prob")
call(f"{M}:Network.predict", "batch norm, before training", lambda: bn_network().predict(moons20()[0]),
     ValueError, "no training step")
meth(f"{M}:Network.set_state", bn_network, Lazy(lambda: bn_network().get_state()),
     bad={"state": [T(np.zeros(3)), T("abc"), V((np.zeros(3 * 2 + 3 * 2 + 3 + 1), []), "running")]})
call(f"{M}:Network.batch_statistics", "without batch norm", lambda: network().batch_statistics(),
     ValueError, "batch_norm")
call(f"{M}:Network.batch_statistics", "before a training forward", lambda: bn_network().batch_statistics(),
     RuntimeError, "forward")

M = "course2.normalization"
fn(f"{M}:Standardizer", np.zeros((2, 1)), np.ones((2, 1)),
   bad={"mu": [V(np.zeros((2, 2))), V(np.array([[NAN], [0.0]])), T("abc")],
        "sigma": [V(-np.ones((2, 1))), V(np.ones((3, 1))), V(np.array([[INF], [1.0]]))], "divide_by": [V("std")]})
for method in ("transform", "inverse_transform"):
    meth(f"{M}:Standardizer.{method}", lambda: _resolve("course2.normalization:Standardizer")(np.zeros((2, 1)), np.ones((2, 1))),
         np.ones((2, 3)), bad={"X": [V(np.ones((3, 3))), V(np.array([[NAN], [0.0]])), V(np.ones(3)), T("abc")]})
fn(f"{M}:fit_standardizer", np.ones((2, 5)), bad={"X_train": arrays2d(), "divide_by": [V("std")]})

M = "course2.optimizers"
for name in ("check_alpha", "check_epsilon"):
    arg = name.removeprefix("check_")
    fn(f"{M}:{name}", 0.1, bad={arg: reals(0.0, -1.0)})
fn(f"{M}:check_weight_decay", 0.1, bad={"weight_decay": reals(-1.0)})
W3, NAN3 = np.ones(3), np.array([NAN, 1.0, 1.0])
fn(f"{M}:gd_step", W3, W3, alpha=0.1,
   bad={"W": [V(NAN3), T("abc"), V(np.array([]))], "dW": [V(np.ones(4)), V(NAN3)], "alpha": reals(0.0)})
fn(f"{M}:momentum_step", W3, W3, W3, alpha=0.1,
   bad={"W": [V(NAN3)], "dW": [V(np.ones(4))], "V": [V(np.ones(2)), V(NAN3)], "alpha": reals(0.0),
        "beta": reals(1.0)})
fn(f"{M}:rmsprop_step", W3, W3, W3, alpha=0.1,
   bad={"dW": [V(NAN3)], "S": [V(np.ones(2)), V(-W3)], "alpha": reals(0.0), "beta": reals(1.0),
        "epsilon": reals(0.0)})
for name in ("adam_step", "adamw_step"):
    fn(f"{M}:{name}", W3, W3, W3, W3, 1, alpha=0.1,
       bad={"W": [V(NAN3)], "V": [V(np.ones(2))], "S": [V(np.ones(2)), V(-W3)], "t": ints(0), "alpha": reals(0.0),
            "beta1": reals(1.0), "beta2": reals(-0.1), "epsilon": reals(0.0)})
fn(f"{M}:adamw_step", W3, W3, W3, W3, 1, alpha=0.1, bad={"weight_decay": reals(-0.1)})
HYPER = {"GradientDescent": {}, "Momentum": {"beta": reals(1.0)}, "RMSprop": {"beta": reals(1.0), "epsilon": reals(0.0)},
         "Adam": {"beta1": reals(1.0), "beta2": reals(1.0), "epsilon": reals(0.0)},
         "AdamW": {"beta1": reals(1.0), "weight_decay": reals(-0.1)}}
fn(f"{M}:Optimizer", 0.1, bad={"alpha": reals(0.0, -1.0)})
for cls, extra in HYPER.items():
    fn(f"{M}:{cls}", 0.1, bad={"alpha": reals(0.0, -1.0), **extra})

    def _fresh(cls=cls):
        return _resolve(f"course2.optimizers:{cls}")(0.1)

    def _stepped(cls=cls):
        opt = _resolve(f"course2.optimizers:{cls}")(0.1)
        opt.step([np.ones(3)], [np.ones(3)])
        return opt

    meth(f"{M}:{cls}.step", _fresh, [np.ones(3)], [np.ones(3)],
         bad={"params": [V([]), T(np.ones(3)), V([np.ones(3), np.ones(2)]), V([np.array([1, 2, 3])]),
                         V([np.array([NAN, 1.0, 1.0])]), T(["abc"])],
              "grads": [V([]), V([np.ones(4)]), V([np.array([NAN, 1.0, 1.0])]), T(None)]})
    meth(f"{M}:{cls}.step", _stepped, [np.ones(3)], [np.ones(3)],
         bad={"params": [V([np.ones(4)]), V([])], "grads": [V([np.ones(2)])]})
    call(f"{M}:{cls}.alpha", "set to 0", lambda cls=cls: setattr(_resolve(f"course2.optimizers:{cls}")(0.1), "alpha", 0.0),
         ValueError, "alpha")
meth(f"{M}:AdamW.step", lambda: _resolve("course2.optimizers:AdamW")(0.1), [np.ones(3)], [np.ones(3)],
     bad={"decay": [V([True, False]), T("yes")]})
fn(f"{M}:make_optimizer", "adam", bad={"name": [V("sgd", name="optimizer"), V(3, name="optimizer")], "alpha": reals(0.0), "momentum": [T(0.9)]})

M = "course2.regularization"
fn(f"{M}:check_lambd", 0.1, bad={"lambd": reals(-1.0)})
fn(f"{M}:penalty_cost", WEIGHTS, 1.0, 10,
   bad={"weights": [T(3), V([]), V([np.array([[NAN]])]), T(["abc"])], "lambd": reals(-1.0), "m": ints(0, -5),
        "penalty": [V("l3")]})
fn(f"{M}:add_penalty_gradient", np.zeros((3, 2)), np.ones((3, 2)), 1.0, 10,
   bad={"dW": [V(np.zeros((2, 3))), T("abc")], "W": [V(np.ones((3, 3))), V(np.full((3, 2), NAN))],
        "lambd": reals(-1.0), "m": ints(0, -5), "penalty": [V("l3")]})
fn(f"{M}:weight_decay_step", np.ones((3, 2)), np.ones((3, 2)), alpha=0.1, lambd=1.0, m=10,
   bad={"W": [V(np.full((3, 2), NAN)), T("abc")], "dW_data": [V(np.ones((2, 3))), V(np.full((3, 2), INF))],
        "alpha": reals(0.0), "lambd": reals(-1.0), "m": ints(0, -5)})
fn(f"{M}:soft_threshold", np.ones((3, 2)), 0.1, bad={"W": [V(np.full((3, 2), NAN)), T("abc")], "threshold": reals(-0.1)})
fn(f"{M}:sparsity", WEIGHTS, bad={"weights": [V([]), T(3), V([np.array([])]), V([np.array([NAN])])],
                                  "tol": reals(-1.0)})

M = "course2.schedules"
fn(f"{M}:Schedule", 0.1, bad={"alpha0": reals(0.0, -1.0)})
SCHEDULE_ARGS = {"Constant": {}, "InverseTime": {"decay_rate": reals(-1.0)}, "Exponential": {"k": reals(0.0, 1.5)},
                 "Staircase": {"k": reals(0.0, 1.5), "step_size": ints(0)}, "InverseSqrt": {},
                 "Interval": {"decay_rate": reals(-1.0), "time_interval": ints(0)}}
for cls, extra in SCHEDULE_ARGS.items():
    fn(f"{M}:{cls}", 0.1, bad={"alpha0": reals(0.0, -1.0), **extra})
    meth(f"{M}:{cls}.__call__", lambda cls=cls: _resolve(f"course2.schedules:{cls}")(0.1), 3, bad={"epoch": ints(-1)})
call(f"{M}:Exponential.__call__", "alpha underflows to 0", lambda: _resolve("course2.schedules:Exponential")(0.1, k=0.5)(2000),
     ValueError, r"epoch(.|\n)*2000")
call(f"{M}:Staircase.__call__", "alpha underflows to 0",
     lambda: _resolve("course2.schedules:Staircase")(0.1, k=0.01, step_size=1)(200), ValueError, r"epoch(.|\n)*200")
call(f"{M}:InverseTime.__call__", "alpha underflows to 0",
     lambda: _resolve("course2.schedules:InverseTime")(1e-300, decay_rate=1e300)(10), ValueError, r"epoch(.|\n)*10")
fn(f"{M}:make_schedule", "exponential", 0.1, bad={"name": [V("cosine", name="schedule")], "alpha0": reals(0.0), "k": reals(0.0),
                                                  "gamma": [T(0.9)]})

M = "course2.splits"
fn(f"{M}:split_sizes", 100, fractions=(0.6, 0.2, 0.2),
   bad={"m": ints(0), "fractions": [V((0.6, 0.2)), V((0.6, 0.3, 0.3)), V((1.2, -0.1, -0.1)), V((NAN, 0.5, 0.5)),
                                    T(0.6), T(("a", "b", "c"))]})
fn(f"{M}:split_sizes", 100, counts=(60, 20, 20), bad={"counts": [V((60, 20, 10)), V((-10, 90, 20)), T((60.5, 19.5, 20)),
                                                                 V((60, 40))]})
call(f"{M}:split_sizes", "neither fractions nor counts", lambda: _resolve("course2.splits:split_sizes")(100), ValueError,
     "fractions")
fn(f"{M}:split", np.ones((2, 10)), np.ones((1, 10)), fractions=(0.6, 0.2, 0.2), rng=0,
   bad={"X": arrays2d(), "Y": [V(np.ones((1, 9))), V(np.full((1, 10), NAN))], "fractions": [V((0.5, 0.5, 0.5))],
        "stratify": [T(1), T("yes")], "rng": RNG})
fn(f"{M}:suggested_split", 1000, bad={"m": ints(0), "cap": ints(0)})
fn(f"{M}:error_confidence_halfwidth", 0.1, 100,
   bad={"error_rate": reals(-0.1, 1.1), "n": ints(0), "confidence": reals(0.0, 1.0), "method": [V("exact")]})
fn(f"{M}:required_dev_size", 0.1, 0.01, bad={"error_rate": reals(1.1), "halfwidth": reals(0.0, 1.5),
                                             "confidence": reals(1.0)})
fn(f"{M}:resample_error_spread", 0.1, 100, repeats=10, rng=0,
   bad={"error_rate": reals(1.1), "n": ints(0), "repeats": ints(0), "population": opt_ints(50), "rng": RNG})
fn(f"{M}:t_quantile", 4, bad={"df": ints(0), "confidence": reals(0.0, 1.0)})
fn(f"{M}:mean_confidence_halfwidth", [0.5, 0.6, 0.8],
   bad={"values": [V([0.5]), V([]), V([0.5, NAN]), V([[0.5, 0.6]]), T("abc")], "confidence": reals(0.0, 1.0)})

M = "course2.surfaces"
fn(f"{M}:Quadratic", 10.0, bad={"condition": reals(0.5), "angle_deg": reals(), "scale": reals(0.0),
                                "center": [V((0.0,)), V((NAN, 0.0)), T("abc")]})
fn(f"{M}:Rosenbrock", bad={"a": reals(), "b": reals(0.0)})
fn(f"{M}:Saddle", bad={"a": reals(0.0), "b": reals(-1.0)})
for cls in ("Quadratic", "Rosenbrock", "Saddle"):
    for method in ("cost", "gradient"):
        meth(f"{M}:{cls}.{method}", lambda cls=cls: _resolve(f"course2.surfaces:{cls}")(), np.zeros(2),
             bad={"w": [V(np.zeros(3)), V(np.array([NAN, 0.0])), V(np.float64(1.0)), T("ab")]})
fn(f"{M}:make_surface", "saddle", bad={"name": [V("bowl", name="surface")], "a": reals(0.0), "depth": [T(1.0)]})
fn(f"{M}:optimize_path", Lazy(lambda: _resolve("course2.surfaces:Saddle")()), Lazy(lambda: _resolve("course2.optimizers:Adam")(0.1)),
   (1.0, 1.0), 5, bad={"surface": [T("saddle")], "optimizer": [T("adam")],
                       "start": [V((1.0,)), V((NAN, 1.0)), T("abc")], "steps": ints(-1)})

M = "course2.training"
fn(f"{M}:Snapshots", 10, bad={"every": ints(0)})
TRAIN_BAD = {"net": [T("net"), T(None)], "X": arrays2d(V(np.ones((3, 20)))),
             "Y": [V(np.ones((1, 19))), V(np.full((1, 20), 2.0)), V(np.full((1, 20), NAN))],
             "optimizer": [T("adam")], "alpha": reals(0.0, -1.0), "num_iterations": opt_ints(0), "num_epochs": opt_ints(0),
             "batch_size": opt_ints(0, 21), "lambd": reals(-1.0), "penalty": [V("l3")], "l1_proximal": [T(1)],
             "keep_prob": reals(0.0, 1.5), "rng": [T("seed"), T(-1)], "X_dev": [V(np.ones((3, 5)))],
             "schedule": [T(3)], "eval_every": opt_ints(0), "callbacks": [T(3), T([3])], "patience": opt_ints(0),
             "monitor": [V("dev_loss")], "divergence_factor": reals(1.0, 0.5),
             "decay": [V([True]), T([1, 0, 1, 0]), T(True)]}
fn(f"{M}:train", NET, X20, Y20, num_iterations=2, bad={k: v for k, v in TRAIN_BAD.items() if k != "num_epochs"})
fn(f"{M}:train", NET, X20, Y20, num_epochs=2, bad={"num_epochs": opt_ints(0)})
call(f"{M}:train", "batch norm with a mini-batch of 1",
     lambda: _resolve("course2.training:train")(bn_network(), moons20()[0], moons20()[1], num_iterations=2,
                                                batch_size=19, rng=0), ValueError, "batch_size = 19")
call(f"{M}:train", "report_every", lambda: _resolve("course2.training:train")(network(), moons20()[0], moons20()[1],
                                                                 num_iterations=2, report_every=1),
     TypeError, "report_every")
call(f"{M}:train", "both num_epochs and num_iterations",
     lambda: _resolve("course2.training:train")(network(), moons20()[0], moons20()[1], num_iterations=2, num_epochs=2),
     ValueError, "num_epochs")
call(f"{M}:train", "schedule returning 0",
     lambda: _resolve("course2.training:train")(network(), moons20()[0], moons20()[1], num_iterations=2, schedule=lambda e: 0.0),
     ValueError, "schedule")


fn(f"{M}:train_progressively", NET, X20, Y20, num_iterations=2,
   bad={"net": [T("net")], "X": arrays2d(), "Y": [V(np.ones((1, 19)))], "alpha": reals(0.0),
        "report_every": opt_ints(0), "keep_prob": reals(1.5), "num_iterations": opt_ints(0)})
# train_progressively is a generator: it must refuse bad arguments when called, not on the first next()
call(f"{M}:train_progressively", "refuses at the call, before iterating",
     lambda: _resolve("course2.training:train_progressively")(network(), moons20()[0], moons20()[1], num_iterations=0),
     ValueError, "num_iterations")


M = "course2.hyperparameter_search"
HP = Lazy(lambda: _resolve("course2.hyperparameter_search:Hyperparameter")("alpha", 1e-4, 1.0, "log"))
SPACE1 = Lazy(lambda: [_resolve("course2.hyperparameter_search:Hyperparameter")("alpha", 1e-4, 1.0, "log")])
BAD_SPACE = [V([]), T("alpha"), T([3]), T(None)]
fn(f"{M}:uniform", 0.0, 1.0, 3, rng=0, bad={"low": reals(2.0), "high": reals(-1.0), "size": ints(-1), "rng": RNG})
fn(f"{M}:log_uniform", 1e-4, 1.0, 3, rng=0, bad={"low": reals(0.0, -1.0, 2.0), "high": reals(), "size": ints(-1),
                                                 "rng": RNG})
fn(f"{M}:one_minus_log_uniform", 0.9, 0.999, 3, rng=0, bad={"low": reals(1.0), "high": reals(1.0, 0.5),
                                                            "size": ints(-1), "rng": RNG})
fn(f"{M}:Hyperparameter", "alpha", 1e-4, 1.0, "log", bad={"name": [T(""), T(3)], "low": reals(0.0, 2.0), "high": reals(),
                                                          "scale": [V("exp"), V(None)], "integer": [T(1), T("yes")]})
fn(f"{M}:Hyperparameter", "beta", 0.9, 0.999, "one_minus_log", bad={"high": [V(1.0), V(1.5)]})
meth(f"{M}:Hyperparameter.from_unit", lambda: _value(HP), 0.5, bad={"u": [V(1.5), V(-0.1), V(NAN), T("0.5")]})
meth(f"{M}:Hyperparameter.to_unit", lambda: _value(HP), 0.01, bad={"x": [V(2.0), V(0.0), V(NAN), T("0.5")]})
fn(f"{M}:check_space", SPACE1, bad={"space": BAD_SPACE})
call(f"{M}:check_space", "a name twice", lambda: _resolve("course2.hyperparameter_search:check_space")([_value(HP), _value(HP)]), ValueError, "space")
fn(f"{M}:distinct_values", [1.0, 2.0], bad={"values": [V([NAN]), V(np.ones((2, 2))), T("abc")]})
fn(f"{M}:grid_size", 16, 2, bad={"budget": ints(0), "n": ints(0)})
fn(f"{M}:grid_unit_points", 4, 2, bad={"k": ints(0), "n": ints(0)})
fn(f"{M}:trial_points", SPACE1, 4, method="random", rng=0,
   bad={"space": BAD_SPACE, "budget": ints(0), "method": [V("sobol")], "rng": RNG})
OBJ = lambda v: 0.5  # noqa: E731
fn(f"{M}:iter_search", SPACE1, OBJ, 4, rng=0,
   bad={"space": BAD_SPACE, "objective": [T(3)], "budget": ints(0), "method": [V("sobol")], "rng": RNG,
        "rounds": ints(0, 5), "zoom": reals(0.0, 1.5)})
fn(f"{M}:search", SPACE1, OBJ, 4, rng=0,
   bad={"space": BAD_SPACE, "objective": [T(3)], "budget": ints(0), "method": [V("sobol")], "rng": RNG,
        "rounds": ints(0, 5), "zoom": reals(0.0, 1.5), "stop": [T(3)]})
call(f"{M}:search", "an objective returning text", lambda: _resolve("course2.hyperparameter_search:search")(_value(SPACE1), lambda v: "good", 2, rng=0),
     TypeError, "objective")
meth(f"{M}:SearchResult.values", lambda: _resolve("course2.hyperparameter_search:search")(_value(SPACE1), OBJ, 2, rng=0), "alpha",
     bad={"name": [V("beta"), V(3)]})


fn("course2.data:digits", rng=0, bad={"labels": [V("binary"), V(10), V(-1), T(1.5), T(None)], "rng": [T(-1), T("seed"), T(1.5)]})


# ================================================================================================================
# course2.experiments.<topic>
# ================================================================================================================
M = "course2.experiments.tasks"
fn(f"{M}:Task", np.ones((2, 10)), np.ones((1, 10)), np.ones((2, 5)), np.ones((1, 5)),
   bad={"X_train": [V(np.ones((2, 9))), V(np.full((2, 10), NAN)), V(np.ones((3, 10))), T("abc")],
        "Y_train": [V(np.ones((1, 9))), V(np.full((1, 10), 2.0))], "X_dev": [V(np.ones((3, 5))), V(np.ones(5))],
        "Y_dev": [V(np.ones((1, 4))), V(np.full((1, 5), NAN))], "layer_sizes": [V((2, 20, 2)), V((2,)), T("big")],
        "activation": [V("softplus")], "init": [V("uniform")], "label_noise": reals(-0.1, 0.6)})
meth(f"{M}:Task.with_training_set", task, np.ones((2, 4)), np.ones((1, 4)),
     bad={"X": arrays2d(V(np.ones((3, 4)))), "Y": [V(np.ones((1, 3))), V(np.full((1, 4), -1.0))]})
meth(f"{M}:Task.with_layers", task, (2, 5, 1), bad={"layer_sizes": [V((3, 5, 1)), V((2, 0, 1)), V((2,)), T(3),
                                                                      T((2, 1.5, 1))]})
meth(f"{M}:Task.network", task, 0, bad={"seed": SEED})
fn(f"{M}:default_alpha", task(), "adam", bad={"task": [T(None), T("task")], "optimizer": [V("sgd"), V(None)]})
fn(f"{M}:overfitting_task", rng=1, bad={"m_train": ints(1), "m_dev": ints(0), "noise": reals(-0.1),
                                        "label_noise": reals(0.6), "layer_sizes": [V((3, 5, 1)), V((2, 0, 1)), T(3)],
                                        "rng": RNG})
fn(f"{M}:augmentation_task", rng=0, bad={"m_train": ints(1), "m_dev": ints(0), "noise": reals(-0.1), "rng": RNG})
fn(f"{M}:bias_variance_task", 25, 0.1, seed=0,
   bad={"m_train": ints(1, 401), "label_noise": reals(0.6), "seed": SEED, "hidden_units": ints(0, 257),
        "depth": ints(0, 7)})
FIT_BAD = {"task": NOT_A_TASK, "seed": SEED, "lambd": reals(-1.0), "penalty": [V("l3")], "l1_proximal": [T(1)],
           "keep_prob": reals(0.0, 1.5), "optimizer": [V("sgd")], "alpha": reals(0.0), "num_iterations": ints(0),
           "eval_every": opt_ints(0), "patience": opt_ints(0), "callbacks": [T(3)]}
fn(f"{M}:fit", TASK, seed=0, num_iterations=2, bad=FIT_BAD)
fn(f"{M}:fit_progressively", TASK, seed=0, every=1, num_iterations=2,
   bad={"every": ints(0), "task": NOT_A_TASK, "seed": SEED, "keep_prob": reals(1.5), "alpha": reals(0.0)})
fn(f"{M}:check_task", TASK, bad={"task": [T("task"), T(None), T(3)]})
fn(f"{M}:data_cost", NET, X20, Y20, bad={"net": [T("net")], "X": arrays2d(), "Y": [V(np.ones((1, 19)))]})
meth(f"{M}:Fit.diagnosis", a_fit, bad={"bayes_error": reals(-0.1, 1.5)})
fn(f"{M}:Sweep", "lambd", np.array([0.0, 0.1]), Lazy(lambda: [a_fit(), a_fit()]),
   bad={"name": [T(3)], "values": [V(np.array([0.0])), V(np.array([NAN, 0.1])), V(np.array([]))],
        "fits": [V([]), T([1, 2]), T(None)]})
meth(f"{M}:Sweep.at", a_sweep, 0.1, bad={"value": [V(0.55, r"0\.0, 0\.1", name="lambd"), V(NAN, name="lambd"), T("0.1", name="lambd")]})
fn(f"{M}:sweep", "lambd", [0.0, 0.1], lambda v: a_fit(), bad={"values": [V([]), T(3)], "make_fit": [T(3)],
                                                              "name": [T(3)]})

M = "course2.experiments.splits"
fn(f"{M}:split_numbers", 1000, 0.1, rng=0, repeats=10,
   bad={"m": ints(0), "dev_fraction": reals(-0.1, 0.6), "error_rate": reals(1.5), "repeats": ints(0), "rng": RNG})
fn(f"{M}:fmt_int", 1000, bad={"n": [T(1.5), T("3"), T(NAN)]})
fn(f"{M}:points_text", 0.01, bad={"h": [V(-0.1), V(INF), T("0.1")]})
fn(f"{M}:fraction_label", 0.01, bad={"f": reals(-0.1, 1.5)})
fn(f"{M}:splits_table", bad={"ms": [V([0]), V([]), T(3)], "error_rate": reals(1.5), "fractions": [V([0.6]), V([]),
                                                                                                  T(0.1)]})
fn(f"{M}:resampling_table", ((1000, 0.01),), seed=0,
   bad={"cases": [V([(0, 0.01)]), V([(1000, 0.9)]), V([]), T(3)], "error_rate": reals(1.5), "seed": SEED})

M = "course2.experiments.bias_variance"
fn(f"{M}:moons_posterior", np.zeros((2, 3)), bad={"X": arrays2d(V(np.ones((3, 3)))), "noise": reals(0.0),
                                                  "n_t": ints(7)})
fn(f"{M}:bayes_error", 0.1, bad={"label_noise": reals(-0.1, 0.6), "noise": reals(0.0)})
fn(f"{M}:capacity_grid", [25], [2], seed=0, num_iterations=2,
   bad={"m_trains": [V([1]), V([]), T(25)], "hidden_units": [V([0]), V([]), T(2)], "depth": ints(0),
        "label_noise": reals(0.6), "seed": SEED, "lambd": reals(-1.0)})
fn(f"{M}:fits_table", Lazy(lambda: {(20, 20): a_fit()}), bad={"fits": [T(3), V({}), T({(20, 20): 3})],
                                                               "bayes_error": reals(1.5)})

M = "course2.experiments.regularization"
fn(f"{M}:hidden_preactivations", NET, X20, bad={"net": [T("net")], "X": arrays2d(V(np.ones((3, 20))))})
fn(f"{M}:linear_regime_fraction", NET, X20, bad={"net": [T("net")], "X": arrays2d(), "threshold": reals(0.0)})
fn(f"{M}:regularization_table", TASK, seed=0, num_iterations=2,
   bad={"task": NOT_A_TASK, "seed": SEED, "lambd": reals(-1.0), "keep_prob": reals(0.0, 1.5)})
fn(f"{M}:format_table", Lazy(lambda: [_resolve("course2.experiments.regularization:TableRow")("none", 0.9, 0.8)]),
   bad={"rows": [V([]), T(3), T([3])]})
fn(f"{M}:weight_decay_both_ways", TASK, seed=0, num_iterations=2,
   bad={"task": NOT_A_TASK, "lambd": reals(-1.0), "alpha": reals(0.0), "num_iterations": ints(0), "seed": SEED,
        "optimizer": [V("rmsprop")]})
fn(f"{M}:weight_decay_report", TASK, seed=0, num_iterations=2,
   bad={"task": NOT_A_TASK, "seed": SEED, "lambd": reals(-1.0), "num_iterations": ints(0)})
fn(f"{M}:lambda_sweep", TASK, [0.0, 0.1], seed=0, num_iterations=2,
   bad={"task": NOT_A_TASK, "lambdas": [V([], name="lambd values"), V([-1.0], name="lambd"), V([NAN], name="lambd"), T(0.1)], "seed": SEED, "penalty": [V("l3")]})
fn(f"{M}:l1_vs_l2", TASK, seed=0, num_iterations=2, max_fits=1,
   bad={"task": NOT_A_TASK, "seed": SEED, "lambd_l2": reals(0.0, -1.0), "l1_proximal": [T(1)],
        "optimizer": [V("sgd")], "rtol": reals(0.0), "max_fits": ints(0)})
fn(f"{M}:l1_vs_l2_cases", TASK, seed=0, bad={"task": NOT_A_TASK, "seed": SEED, "lambd_l2": reals(0.0)})
fn(f"{M}:format_lambda_sweep", LAMBDA_SWEEP, bad={"sweep": [T(3), T(SWEEP)]})
fn(f"{M}:format_l1_vs_l2", {}, bad={"cases": [T(3), T({"x": 3})]})

M = "course2.experiments.dropout"
fn(f"{M}:cost_rise_fraction", [1.0, 0.9, 0.95], bad={"costs": arrays1d(V([1.0]))})
fn(f"{M}:format_keep_prob_sweep", DROPOUT_SWEEP, bad={"sweep": [T(3), T(SWEEP)]})
fn(f"{M}:keep_prob_sweep", TASK, [1.0, 0.8], seed=0, num_iterations=2,
   bad={"task": NOT_A_TASK, "keep_probs": [V([], name="keep_prob values"), V([1.5], name="keep_prob"), V([0.0], name="keep_prob"), T(0.8)], "seed": SEED})
fn(f"{M}:mask_summary", np.zeros((3, 2, 2), bool), bad={"masks": [V(np.zeros((1, 2, 2), bool)), V(np.zeros(3, bool)),
                                                                  V(np.full((3, 2), 0.5)), T("abc")]})
fn(f"{M}:reused_mask_fit", TASK, num_iterations=2, seed=0,
   bad={"task": NOT_A_TASK, "keep_prob": reals(0.0, 1.5), "reseed_every_iteration": [T(1)],
        "num_iterations": ints(0), "alpha": reals(0.0), "seed": SEED})
fn(f"{M}:mask_bug_report", TASK, num_iterations=2, mask_seed=0, seed=0,
   bad={"task": NOT_A_TASK, "keep_prob": reals(0.0, 1.5), "shape": [V((0, 5)), T("3x4")], "num_iterations": ints(0),
        "mask_seed": SEED, "seed": SEED})

M = "course2.experiments.early_stopping"
fn(f"{M}:early_stopping_run", TASK, num_iterations=20, every=10, seed=0,
   bad={"task": NOT_A_TASK, "alpha": reals(0.0), "num_iterations": ints(0), "every": ints(0), "seed": SEED})
fn(f"{M}:patience_fit", TASK, num_iterations=20, seed=0,
   bad={"task": NOT_A_TASK, "patience": opt_ints(0), "every": opt_ints(0), "alpha": reals(0.0), "seed": SEED})
fn(f"{M}:compare_stopping_rules", TASK, [0], num_iterations=20,
   bad={"task": NOT_A_TASK, "seeds": [V([]), V([-1]), T(0), T(["a"])], "every": ints(0)})
fn(f"{M}:format_run", RUN, bad={"run": [T(3), T(None)]})
fn(f"{M}:format_rule_comparison", [], bad={"rows": [T(3), T([3])]})
meth(f"{M}:EarlyStoppingRun.index_of", a_run, 10, bad={"iteration": [V(5), V(-10), T("10"), T(10.5)]})
meth(f"{M}:EarlyStoppingRun.net_at", a_run, 1, bad={"index": ints(-1, 3), "net": [T("net")]})

M = "course2.experiments.augmentation"
fn(f"{M}:augmented_fit", AUG_TASK, 1, seed=0, num_iterations=2,
   bad={"task": NOT_A_TASK, "copies": ints(-1), "seed": SEED, "max_angle": reals(-1.0, 200.0),
        "reflect": [V("diagonal")], "num_iterations": ints(0)})
fn(f"{M}:augmentation_sweep", AUG_TASK, [0, 1], seeds=[0], num_iterations=2,
   bad={"task": NOT_A_TASK, "copies": [V([]), V([-1]), T(2)], "seeds": [V([]), V([-1]), T(0)],
        "num_iterations": ints(0)})
fn(f"{M}:format_augmentation_sweep", AUG_SWEEP, bad={"sweep": [T(3), T(None)]})

M = "course2.experiments.adam"
fn(f"{M}:AdamVariant", 0.1, bad={"alpha": reals(0.0), "beta1": reals(1.0), "beta2": reals(-0.1), "epsilon": reals(0.0),
                                 "correct": [V("V"), V(None)]})
fn(f"{M}:make_optimizer", "adam", 0.1, bad={"name": [V("sgd"), V(3)], "alpha": reals(0.0), "beta1": reals(1.0),
                                           "correct": [V("all")]})
fn(f"{M}:step_sizes", 3, bad={"steps": ints(0), "gradient": [V(0.0), V(NAN), T("1")], "beta1": reals(1.0),
                              "corrections": [V(["all"], name="correct"), T("both")]})
fn(f"{M}:step_factor", np.arange(1.0, 4.0), bad={"t": [V(np.array([0.0])), V(np.array([1.5])), V(np.array([NAN])),
                                                        T("abc")], "beta2": reals(1.0), "correct": [V("all")]})
fn(f"{M}:correction_horizon", bad={"beta1": reals(1.0), "correct": [V("all")], "tol": reals(0.0),
                                   "max_steps": ints(0, 10)})
fn(f"{M}:format_first_steps", (1, 10), bad={"ts": [V((0,), name="t"), T(3), T(("a",), name="t")], "beta2": reals(1.0)})
fn(f"{M}:surface", "bowl", bad={"name": [V("bowl2"), V(None)]})
fn(f"{M}:start_of", "bowl", bad={"name": [V("bowl2"), V(3)]})
fn(f"{M}:escape_step", Lazy(lambda: _resolve("course2.experiments.adam:surface_runs")("saddle", 0.1, steps=5)["adam"]),
   bad={"r": [T(3), T(None)], "distance": reals(0.0)})
fn(f"{M}:surface_runs", "saddle", 0.1, steps=5, bad={"name": [V("bowl2")], "alpha": reals(0.0), "beta1": reals(1.0),
                                                    "correct": [V("all")], "steps": ints(-1), "scale": reals(0.0)})
call(f"{M}:surface_runs", "scale off the bowl",
     lambda: _resolve("course2.experiments.adam:surface_runs")("saddle", 0.1, steps=5, scale=10.0), ValueError, "scale")
fn(f"{M}:format_surface_table", 0.1, bad={"alpha": reals(0.0), "beta1": reals(1.0), "beta2": reals(1.0)})
fn(f"{M}:rescaled_runs", 0.1, 10.0, steps=5, bad={"alpha": reals(0.0), "factor": reals(0.0), "steps": ints(-1)})
fn(f"{M}:format_rescaled", 0.1, bad={"alpha": reals(0.0), "factor": reals(0.0)})
fn(f"{M}:moons_task", 0, bad={"seed": SEED})
fn(f"{M}:moons_fit", "adam", 0, epochs=1, bad={"optimizer": [V("rmsprop"), V(None)], "seed": SEED, "alpha": reals(0.0),
                                              "epochs": ints(0)})
fn(f"{M}:moons_table", (0,), epochs=1, bad={"seeds": [V([]), V([-1], name="seed"), T(0)], "alpha": reals(0.0),
                                            "epochs": ints(0)})
fn(f"{M}:dev_halfwidth", 0.9, bad={"accuracy": reals(1.5, -0.1)})
fn(f"{M}:difference_halfwidth", 0.9, 0.8, bad={"accuracy_a": reals(1.5), "accuracy_b": reals(-0.1)})
fn(f"{M}:format_moons_table", [], bad={"rows": [V([]), T(3), T([3], name="rows[0]")]})
fn(f"{M}:seeds_halfwidth", [0.5, 0.6], bad={"values": [V([0.5]), V([NAN, 0.5]), T("ab")]})
fn(f"{M}:jump_step", 1e-3, 1.0, 5, bad={"small": [V(NAN), T("a")], "large": [V(0.0), V(INF), T("a")], "steps": ints(-1),
                                       "beta1": reals(1.0), "beta2": reals(-0.1)})
fn(f"{M}:paper_bound", bad={"beta1": reals(1.0), "beta2": reals(1.0)})
fn(f"{M}:format_step_bound", 1e-3, 1.0, (1, 2), bad={"before": [V((-1,), name="steps"), V([]), T(3)], "small": [V(NAN)],
                                                   "beta2": reals(1.0)})

M = "course2.experiments.learning_rate_decay"
fn(f"{M}:DecayRule", Lazy(lambda: _resolve("course2.schedules:InverseTime")(0.1)), "per epoch", 2,
   bad={"schedule": [T(3), T(None)], "granularity": [V("per batch"), V(None)], "interval": ints(0)})
fn(f"{M}:make_rule", "inverse_time", 0.1, 1.0, "per epoch", 1,
   bad={"name": [V("cosine"), V(3)], "alpha0": reals(0.0), "decay_rate": reals(-1.0), "granularity": [V("per batch")],
        "interval": ints(0), "step_size": ints(0)})
fn(f"{M}:decay_fit", TASK, Lazy(lambda: _resolve("course2.experiments.learning_rate_decay:make_rule")("constant", 0.1)),
   epochs=1, batch_size=50, seed=0,
   bad={"task": NOT_A_TASK, "rule": [T(3), T(None)], "optimizer": [V("rmsprop")], "epochs": ints(0),
        "batch_size": ints(0, 1000), "seed": SEED})
fn(f"{M}:errata_table", 0.1, 1.0, (0, 1), bad={"alpha0": reals(0.0), "decay_rate": reals(-1.0),
                                               "epochs": [V((-1,), name="epoch"), T(3)]})
fn(f"{M}:format_errata_table", 0.1, 1.0, (0, 1), bad={"alpha0": reals(0.0), "decay_rate": reals(-1.0)})
fn(f"{M}:course_table", (0,), epochs=1, bad={"seeds": [V([]), V([-1], name="seed"), T(0)], "epochs": ints(0),
                                             "interval": ints(0), "decay_rate": reals(-1.0)})
fn(f"{M}:format_course_table", [], bad={"rows": [V([]), T(3), T([3], name="rows[0]")]})
fn(f"{M}:budget_task", rng=1, bad={"rng": RNG})
fn(f"{M}:best_cost", TASK, iterations=10, bad={"task": NOT_A_TASK, "iterations": ints(0), "alpha": reals(0.0)})
fn(f"{M}:scaled_alpha0", "exponential", bad={"name": [V("cosine")], "mean_alpha": reals(0.0), "decay_rate": reals(-1.0),
                                             "epochs": ints(0)})
fn(f"{M}:budget_table", TASK, (0,), epochs=1, bad={"task": NOT_A_TASK, "seeds": [V([]), V([-1], name="seed"), T(0)], "epochs": ints(0),
                                             "names": [V(["cosine"], name="name"), T(3)], "mean_alpha": reals(0.0)})
fn(f"{M}:format_budget_table", [], TASK, bad={"rows": [V([]), T(3), T([3], name="rows[0]")], "task": NOT_A_TASK})
fn(f"{M}:format_budget_table", Lazy(lambda: _resolve("course2.experiments.learning_rate_decay:budget_table")(task(), (0,), epochs=1)),
   TASK, epochs=1, bad={"decay_rate": reals(-1.0), "epochs": ints(0)})
COURSE_ROWS = Lazy(lambda: _resolve("course2.experiments.learning_rate_decay:course_table")((0, 1), epochs=1))
fn(f"{M}:paired_difference", Lazy(lambda: _value(COURSE_ROWS)[0]), Lazy(lambda: _value(COURSE_ROWS)[1]),
   bad={"a": [T(3), T(None)], "b": [T("row")]})
call(f"{M}:paired_difference", "different numbers of seeds",
     lambda: _resolve("course2.experiments.learning_rate_decay:paired_difference")(
         _value(COURSE_ROWS)[0], _resolve("course2.experiments.learning_rate_decay:course_table")((0,), epochs=1)[0]),
     ValueError, "a and b")


M = "course2.experiments.hyperparameter_search"
fn(f"{M}:unit_score", np.zeros((2, 2)), np.zeros(2), "all matter",
   bad={"U": arrays2d(), "centre": [V(np.zeros(3)), V([NAN, 0.0]), T("abc")], "surface": [V("some matter")],
        "sigma": reals(0.0)})
fn(f"{M}:explorer_space", "log", bad={"scale": [V("one_minus_log"), V(None)]})
fn(f"{M}:surface_score", 1e-3, 40.0, "all matter", bad={"alpha": [V(2.0), V(0.0), V(NAN), T("a")],
                                                        "units": [V(5.0), T("a")], "surface": [V("x")]})
fn(f"{M}:grid_vs_random", "all matter", 2, 16, seeds=10, seed=0,
   bad={"surface": [V("x")], "n": ints(0, 7), "budget": ints(0), "seeds": ints(0), "seed": SEED})
fn(f"{M}:format_grid_vs_random", Lazy(lambda: [_resolve("course2.experiments.hyperparameter_search:grid_vs_random")("all matter", 2, 4, seeds=2, seed=0)]),
   bad={"rows": [V([]), T(3), T([3])]})
fn(f"{M}:alpha_scale_table", 5, searches=10, seed=0,
   bad={"budget": ints(0), "best_alphas": [V([2.0], name="best alpha"), V([]), T(0.1)], "searches": ints(0), "seed": SEED})
fn(f"{M}:format_alpha_scale_table", Lazy(lambda: _resolve("course2.experiments.hyperparameter_search:alpha_scale_table")(5, searches=10, seed=0)),
   bad={"table": [T(3), T({})]})
fn(f"{M}:beta_scale_table", 100, seed=0, bad={"draws": ints(0), "seed": SEED})
fn(f"{M}:format_beta_scale_table", Lazy(lambda: _resolve("course2.experiments.hyperparameter_search:beta_scale_table")(100, seed=0)), bad={"table": [T(3), T({})]})
fn(f"{M}:drawing_ways", 100, seed=0, bad={"draws": ints(0), "seed": SEED})
fn(f"{M}:format_drawing_ways", Lazy(lambda: _resolve("course2.experiments.hyperparameter_search:drawing_ways")(100, seed=0)), bad={"ways": [T(3), T({})]})
fn(f"{M}:network_objective", TASK, seed=0, num_iterations=2,
   bad={"task": NOT_A_TASK, "seed": SEED, "num_iterations": ints(0), "stop": [T(3)]})
fn(f"{M}:network_search", TASK, 1, seed=0, num_iterations=2,
   bad={"task": NOT_A_TASK, "budget": ints(0), "seed": SEED, "method": [V("sobol")], "rounds": ints(0, 2),
        "num_iterations": ints(0), "space": [V([]), T("alpha")], "stop": [T(3)]})
fn(f"{M}:format_network_search", Lazy(lambda: _resolve("course2.experiments.hyperparameter_search:network_search")(task(), 1, seed=0, num_iterations=2)),
   bad={"result": [T(3), T(None)]})
SEARCH1 = Lazy(lambda: _resolve("course2.experiments.hyperparameter_search:network_search")(task(), 1, seed=0, num_iterations=2))
fn(f"{M}:moons_bayes_accuracy", np.zeros((2, 3)), np.ones((1, 3)),
   bad={"X": [V(np.zeros((3, 3))), V(np.full((2, 3), NAN)), T("abc")], "Y": [V(np.ones((1, 2)))], "noise": reals(0.0)})
fn(f"{M}:fresh_examples", 10, rng=0, bad={"m": ints(0), "rng": RNG})
fn(f"{M}:held_out_accuracies", TASK, SEARCH1, np.zeros((2, 3)), np.ones((1, 3)), seed=0, num_iterations=2,
   bad={"task": NOT_A_TASK, "result": [T(3)], "X_test": [V(np.full((2, 3), NAN)), T("abc")], "Y_test": [V(np.ones((1, 2)))],
        "seed": SEED, "num_iterations": ints(0)})
fn(f"{M}:format_held_out", TASK, SEARCH1, np.zeros((2, 3)), np.ones((1, 3)), seed=0, num_iterations=2,
   bad={"task": NOT_A_TASK, "result": [T(None)], "X_test": [T("abc")], "seed": SEED, "num_iterations": ints(0)})
M = "course2.softmax"
LOGITS_BAD = [V(np.array([[NAN, 1.0], [0.0, 1.0]])), V(np.array([[INF, 1.0], [0.0, 1.0]])), V(np.empty((2, 0))),
              V(np.ones((2, 2, 2))), T("abc")]
for name in ("softmax", "softmax_unshifted", "log_softmax"):
    fn(f"{M}:{name}", np.ones((2, 3)), bad={"Z": LOGITS_BAD})
fn(f"{M}:softmax_jacobian", np.array([0.5, 0.5]), bad={"p": arrays1d(V(np.array([0.5, 0.6])), V(np.array([1.5, -0.5])))})
ONE_HOT_23 = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
for name in ("cross_entropy", "cross_entropy_gradient"):
    fn(f"{M}:{name}", np.ones((2, 3)), ONE_HOT_23,
       bad={"Z": LOGITS_BAD, "Y": [V(np.zeros((2, 3))), V(np.ones((2, 2)) / 2), V(np.full((2, 3), NAN)), T("abc")]})
fn(f"{M}:one_hot", [0, 2, 1], 3, bad={"labels": [V([0, 3]), V([0.5, 1.0]), V([-1, 0]), V(np.ones((2, 2))), T("abc")],
                                      "C": ints(1)})
fn(f"{M}:largest_safe_logit", np.float32, bad={"dtype": [T(np.int32), T("abc"), T(None)]})

M = "course2.experiments.softmax"


@cache
def softmax_fit():
    return _resolve("course2.experiments.softmax:spirals_fits")(seed=0, num_iterations=2)["softmax regression"]


SOFTMAX_FIT = Lazy(softmax_fit)
NOT_A_FIT = [T(3), T(None), T("fit")]
PAIRS_BAD = [V([(1.0, 2.0, 3.0)]), V([(NAN, 1.0)]), T("abc")]
fn(f"{M}:two_class_rows", [(1.0, 2.0)], bad={"pairs": PAIRS_BAD})
fn(f"{M}:format_two_class", [(1.0, 2.0)], bad={"pairs": PAIRS_BAD})
for name in ("temperature_rows", "format_temperature"):
    fn(f"{M}:{name}", [1.0, 0.0], [1.0], bad={"z": [V(np.ones((2, 2))), V([NAN, 1.0]), T("abc")],
                                              "scales": [V([0.0]), V([-1.0]), V([NAN]), T("abc")]})
fn(f"{M}:gradient_rows", [1.0, 0.0], 0, bad={"z": [V([NAN, 1.0]), V(np.ones((2, 2)))], "label": ints(-1, 2),
                                             "epsilon": reals(0.0, -1.0)})
fn(f"{M}:format_gradient_check", [1.0, 0.0], 0, bad={"z": [V([NAN, 1.0])], "label": ints(-1, 2)})
fn(f"{M}:overflow_rows", 10.0, bad={"a": reals(-1.0), "dtype": [T(np.int32), T("abc")]})
fn(f"{M}:first_nonfinite", [1.0, 2.0], bad={"a_values": [V(np.ones((2, 2))), V([NAN]), T("abc")],
                                             "dtype": [T(np.int32)]})
fn(f"{M}:format_overflow_table", [1.0, 2.0], bad={"a_values": [V([-1.0]), V([NAN]), V(np.ones((2, 2))), T("abc")]})
fn(f"{M}:spirals_data", rng=0, bad={"m_train": ints(2), "m_dev": ints(0), "classes": ints(1), "rng": RNG})
fn(f"{M}:digits_data", rng=0, bad={"m_dev": ints(0, 1788), "rng": RNG})
SMALL = (np.ones((2, 4)), np.array([[1.0, 0, 1, 0], [0, 1, 0, 1]]), np.ones((2, 2)), np.array([[1.0, 0], [0, 1]]))
fn(f"{M}:fit_softmax", *SMALL, hidden=(3,), alpha=0.01, num_iterations=2, seed=0,
   bad={"X_train": [V(np.ones((2, 3))), V(np.full((2, 4), NAN)), T("abc")], "Y_train": [V(np.ones((1, 4)))],
        "X_dev": [V(np.ones((3, 2)))], "Y_dev": [V(np.ones((3, 2)) / 3), V(np.ones((2, 3)))],
        "hidden": [V((0,)), T((1.5,)), T(3)], "activation": [V("softplus")], "alpha": reals(0.0),
        "num_iterations": ints(0), "seed": SEED})
fn(f"{M}:spirals_fits", seed=0, num_iterations=2, bad={"seed": SEED, "alpha": reals(0.0), "num_iterations": opt_ints(0)})
fn(f"{M}:digits_fits", seed=0, num_iterations=2, bad={"seed": SEED, "alpha": reals(0.0), "num_iterations": opt_ints(0)})
fn(f"{M}:format_accuracies", Lazy(lambda: {"a": softmax_fit()}), bad={"fits": [T(3), T({}), T({"a": 3}), T(None)]})
for name in ("confusion_matrix", "format_confusion"):
    fn(f"{M}:{name}", SOFTMAX_FIT, bad={"fit": NOT_A_FIT})
for name in ("confident_mistakes", "format_mistakes"):
    fn(f"{M}:{name}", SOFTMAX_FIT, 3, bad={"fit": NOT_A_FIT, "k": ints(0)})


@cache
def other_dev_fit():
    return _resolve("course2.experiments.softmax:spirals_fits")(seed=1, num_iterations=2)["softmax regression"]


for name in ("paired_comparison", "format_paired_comparison"):
    fn(f"{M}:{name}", SOFTMAX_FIT, SOFTMAX_FIT,
       bad={"fit_a": NOT_A_FIT, "fit_b": NOT_A_FIT + [V(Lazy(other_dev_fit), "same dev set")]})

M = "course2.experiments.dropout"     # explorers05: the bugs of the dropout explorer
fn(f"{M}:dropout_variant_progressively", TASK, keep_prob=0.8, seed=0, num_iterations=2, every=1,
   bad={"task": NOT_A_TASK, "keep_prob": reals(0.0, 1.5), "seed": SEED, "reseed_every_iteration": [T(1), T("yes")],
        "inverted": [T(0), T("no")], "num_iterations": ints(0), "every": ints(0), "alpha": reals(0.0)})
fn(f"{M}:non_inverted_fit", TASK, num_iterations=2, seed=0,
   bad={"task": NOT_A_TASK, "keep_prob": reals(0.0, 1.5), "num_iterations": ints(0), "alpha": reals(0.0),
        "seed": SEED})


# -- notebooks 01-05: functions added with the corrections ------------------------------------------------------
fn("course2.experiments.splits:within_note", 2000, 0.95, bad={"repeats": ints(0), "coverage": reals(-0.1, 1.5)})
fn("course2.experiments.bias_variance:bayes_error_with_label_noise", 0.1, 0.05,
   bad={"label_noise": reals(-0.1, 0.6), "e0": reals(-0.1, 0.6)})
fn("course2.experiments.tasks:dev_halfwidth_line", 300, 0.9, bad={"n_dev": ints(0), "rate": reals(-0.1, 1.5),
                                                                  "kind": [V("percent"), V(None)]})
M = "course2.experiments.regularization"
fn(f"{M}:adam_l2_vs_adamw", TASK, seed=0, num_iterations=2,
   bad={"task": NOT_A_TASK, "seed": SEED, "lambd": reals(-1.0), "weight_decays": [V([-1.0], name="weight_decay"), V([NAN], name="weight_decay"), T(0.5)],
        "num_iterations": ints(0), "alpha": reals(0.0)})
fn(f"{M}:format_adam_l2_vs_adamw", Lazy(lambda: [_resolve("course2.experiments.regularization:DecayRow")("a", 1.0, 2.0, 0.9, 0.8)]),
   bad={"rows": [V([]), T(3), T([3])]})
M = "course2.experiments.dropout"
fn(f"{M}:flipped_training_labels", TASK, rng=1,
   bad={"task": NOT_A_TASK, "rng": [T(None), V(-1), T("1"), T(1.5), V(2)], "noise": reals(-0.1),
        "label_noise": reals(-0.1, 0.6)})
fn(f"{M}:regularizer_effects", TASK, seed=0, rng=1, num_iterations=2,
   bad={"task": NOT_A_TASK, "seed": SEED, "rng": [T(None), V(-1)], "lambd": reals(-1.0),
        "keep_probs": [V([0.0], name="keep_prob"), V([1.5], name="keep_prob"), T(0.8)], "alpha": reals(0.0),
        "num_iterations": opt_ints(0)})
fn(f"{M}:format_regularizer_effects", Lazy(lambda: _resolve("course2.experiments.dropout:regularizer_effects")(task(), seed=0, rng=1, num_iterations=2)),
   bad={"rows": [V([]), T(3), T([3])]})
M = "course2.experiments.early_stopping"
for name in ("dev_above_train_from", "format_dev_vs_train", "weight_growth_share", "format_weight_growth"):
    fn(f"{M}:{name}", RUN, bad={"run": [T(3), T(None), T("run")]})


# -- notebook 10: mini-batch gradient descent ------------------------------------------------------------------------
M = "course2.experiments.minibatch"


@cache
def digits_small():
    return _resolve("course2.experiments.minibatch:digits_task")(m_train=40, rng=0)


@cache
def mb_runs():
    return _resolve("course2.experiments.minibatch:sweep")(digits_small(), [4, 40], seed=0, max_iterations=3)


@cache
def mb_spread():
    t = digits_small()
    return _resolve("course2.experiments.minibatch:gradient_spread")(t.network(0), t.X_train, t.Y_train, [2, 4], draws=2, rng=0)


DIGITS, MB_RUNS, MB_SPREAD = Lazy(digits_small), Lazy(mb_runs), Lazy(mb_spread)
MB_SECONDS = {4: 0.01, 40: 0.002}
fn(f"{M}:digits_task", rng=0, bad={"m_train": ints(9, 1788), "rng": RNG})
fn(f"{M}:checkpoint_iterations", 100, bad={"limit": ints(0)})
MB_RUN_BAD = {"task": NOT_A_TASK, "batch_size": ints(0, 41), "seed": SEED, "alpha": reals(0.0),
              "target": reals(0.0), "max_iterations": ints(0)}
fn(f"{M}:run", DIGITS, 4, seed=0, max_iterations=2, bad={**MB_RUN_BAD, "every_iteration": [T(1), T("yes")]})
fn(f"{M}:run_progressively", DIGITS, 4, seed=0, max_iterations=2,
   bad={**MB_RUN_BAD, "report_every": opt_ints(0), "every_iteration": [T(1), T("yes")]})
fn(f"{M}:sweep", DIGITS, [4], seed=0, max_iterations=2,
   bad={"task": NOT_A_TASK, "batch_sizes": [V([]), V([0], name="batch_size"), T(4)], "seed": SEED, "alpha": reals(0.0),
        "every_iteration": [T(1)]})
fn(f"{M}:format_sweep", MB_RUNS, bad={"runs": [T(3), V({}), T({4: 3}), T(None)]})
fn(f"{M}:epoch_seconds", DIGITS, [4], repeats=1, seed=0,
   bad={"task": NOT_A_TASK, "batch_sizes": [V([]), V([0], name="batch_size"), T(4)], "repeats": ints(0), "seed": SEED,
        "alpha": reals(0.0)})
fn(f"{M}:race", DIGITS, [4], repeats=1, seed=0, max_iterations=2,
   bad={"task": NOT_A_TASK, "batch_sizes": [V([]), V([0], name="batch_size"), T(4)], "repeats": ints(0), "seed": SEED})
fn(f"{M}:format_timings", MB_SECONDS, MB_RUNS, m=40,
   bad={"seconds": [V({}), V({4: -1.0}), V({4: NAN}), T(3), T({4: "1"})], "runs": [T(3), T({4: 3})], "m": ints(0)})
fn(f"{M}:vectorization_conclusion", MB_SECONDS, small=4, large=40,
   bad={"seconds": [V({4: 0.01}), V({4: 0.0, 40: 0.0}), T(3)], "small": [V(3), T("4")], "large": [V(3)],
        "factor": reals(0.0)})
fn(f"{M}:wall_time_conclusion", MB_SECONDS, mid=4, full=40,
   bad={"seconds_to_target": [V({4: 0.01}), V({4: INF, 40: 0.1}), T(3)], "mid": [V(3), T("4")], "full": [V(3)],
        "factor": reals(0.0)})
fn(f"{M}:gradient_point", DIGITS, seed=0, warmup_iterations=1, batch_size=4,
   bad={"task": NOT_A_TASK, "seed": SEED, "warmup_iterations": ints(-1), "batch_size": ints(0, 41), "alpha": reals(0.0)})
fn(f"{M}:spread_theory", 1.0, 4, 40, bad={"sigma2": reals(-1.0), "b": [V(0), V(41), V(NAN), T("4")], "m": ints(1)})
fn(f"{M}:gradient_spread", Lazy(lambda: digits_small().network(0)), Lazy(lambda: digits_small().X_train),
   Lazy(lambda: digits_small().Y_train), [2], draws=2, rng=0,
   bad={"net": [T("net"), T(None)], "X": arrays2d(V(np.ones((3, 40)))), "Y": [V(np.ones((10, 39))), V(np.full((10, 40), NAN))],
        "batch_sizes": [V([]), V([0], name="batch_size"), V([41], name="batch_size"), T(2)], "draws": ints(1),
        "rng": RNG})
fn(f"{M}:spread_slope", MB_SPREAD, bad={"spread": [T(3), T(None)], "max_batch": ints(0, 1)})
fn(f"{M}:format_spread", MB_SPREAD, bad={"spread": [T(3), T(None)]})
fn(f"{M}:format_partition", 10, 4, bad={"m": ints(0), "batch_size": ints(0, 11)})
fn(f"{M}:notation_table", DIGITS, batch_size=10, seed=0,
   bad={"task": NOT_A_TASK, "batch_size": ints(0, 41), "lambd": reals(-1.0), "seed": SEED})


# -- notebook 11: exponentially weighted averages ------------------------------------------------------------------
M = "course2.experiments.ewma"
THETA60 = np.linspace(40.0, 60.0, 60)
BETA_BAD = reals(1.0, -0.1)
fn(f"{M}:seasonal_curve", 10, bad={"days": ints(0)})
fn(f"{M}:temperature_series", 10, rng=0, bad={"days": ints(0), "noise": reals(-1.0), "rng": RNG})
fn(f"{M}:step_series", 10, at=5, bad={"days": ints(1), "at": ints(0, 10), "low": reals(), "high": reals()})
fn(f"{M}:roughness", np.ones(5), bad={"V": arrays1d(V(np.ones(1)))})
fn(f"{M}:half_way_lag", 0.9, bad={"beta": BETA_BAD, "corrected": [T(1), T("yes")], "days": ints(1), "at": ints(0, 400)})
fn(f"{M}:beta_row", 0.9, THETA60, bad={"beta": BETA_BAD, "theta": arrays1d()})
fn(f"{M}:beta_table", THETA60, [0.9], bad={"theta": arrays1d(), "betas": [V([]), V([1.0], name="beta"), T(0.9)]})
fn(f"{M}:format_beta_table", Lazy(lambda: _resolve("course2.experiments.ewma:beta_table")(THETA60, [0.9])), THETA60,
   bad={"rows": [V([]), T(3), T([3])], "theta": arrays1d()})
fn(f"{M}:weights", 0.9, 5, bad={"beta": BETA_BAD, "t": ints(0)})
fn(f"{M}:correction_errors", np.ones(200), np.ones(200), 0.9,
   bad={"theta": arrays1d(V(np.ones(50))), "clean": arrays1d(V(np.ones(150))), "beta": BETA_BAD, "day": ints(0)})
fn(f"{M}:correction_table", np.ones(200), np.ones(200), [0.9],
   bad={"theta": [V(np.ones(50))], "clean": [V(np.ones(3))], "betas": [V([]), V([1.0], name="beta"), T(0.9)]})
fn(f"{M}:format_correction_table", Lazy(lambda: _resolve("course2.experiments.ewma:correction_table")(np.ones(200), np.ones(200), [0.9])),
   bad={"rows": [V([]), T(3), T([3])]})
fn(f"{M}:notes_side_by_side", bad={"theta": arrays1d(), "beta": BETA_BAD})
fn(f"{M}:flat_stretch", 0.9, bad={"beta": BETA_BAD})
fn(f"{M}:lag_table", [0.9], at=50, days=100,
   bad={"betas": [V([]), V([1.0], name="beta"), T(0.9)], "at": ints(0, 100), "days": ints(1)})
fn(f"{M}:format_lag_table", [(0.9, 7, 7)], bad={"rows": [V([]), T(3), T([3])]})


# -- notebook 17: batch normalization --------------------------------------------------------------------------------
M = "course2.experiments.batch_norm"
fn(f"{M}:circles", rng=1, bad={"rng": RNG})


@cache
def bn_trained():
    from course2.training import train

    net = bn_network()
    train(net, moons20()[0], moons20()[1], num_iterations=2)
    return net


@cache
def bn_scale_runs():
    return [_resolve("course2.experiments.batch_norm:scale_run")(task(), 0.35, batch_norm=bn, seed=0, batch_size=8, num_iterations=2)
            for bn in (False, True)]


BN_TRAINED, BN_RUNS = Lazy(bn_trained), Lazy(bn_scale_runs)
NOT_RUNS = [V([]), T(3), T([3]), T(None)]
fn(f"{M}:deep_network", 0.35, batch_norm=True, seed=0,
   bad={"scale": reals(-1.0), "batch_norm": [T(1), T("yes")], "seed": SEED, "depth": ints(0), "width": ints(0),
        "running_beta": reals(1.0)})
fn(f"{M}:hidden_activation_stds", BN_TRAINED, X20, bad={"net": [T("net"), T(None)], "X": arrays2d(V(np.ones((3, 20))))})
SCALE_RUN_BAD = {"task": NOT_A_TASK, "scale": reals(-1.0), "batch_norm": [T(1)], "seed": SEED, "batch_size": opt_ints(0),
                 "alpha": reals(0.0), "optimizer": [V("sgd")], "num_iterations": ints(0)}
fn(f"{M}:scale_run", TASK, 0.35, batch_norm=True, seed=0, batch_size=8, num_iterations=2, bad=SCALE_RUN_BAD)
fn(f"{M}:scale_run_progressively", TASK, 0.35, batch_norm=True, seed=0, batch_size=8, num_iterations=2,
   bad={**SCALE_RUN_BAD, "every": opt_ints(0)})
fn(f"{M}:scale_map", TASK, [0.35], [8], seed=0, num_iterations=2,
   bad={"task": NOT_A_TASK, "scales": [V([]), V([0.0]), V([NAN]), T(0.35)], "batch_sizes": [V([]), V([1]), T(8)],
        "seed": SEED})
fn(f"{M}:halfwidth_text", TASK, 0.9, bad={"task": NOT_A_TASK, "accuracy": reals(-0.1, 1.5)})
for name in ("format_scale_table", "format_alpha_table"):
    fn(f"{M}:{name}", TASK, BN_RUNS, bad={"task": NOT_A_TASK, "runs": NOT_RUNS})
fn(f"{M}:alpha_table", TASK, [0.01], seeds=[0], batch_size=8, num_iterations=2,
   bad={"task": NOT_A_TASK, "alphas": [V([]), V([0.0]), V([NAN]), T(0.1)], "seeds": [V([]), V([-1]), T(0)],
        "scale": reals(-1.0), "optimizer": [V("sgd")], "batch_size": [T(1.5), V(0)]})
fn(f"{M}:reached_counts", BN_RUNS, 0.01, True, bad={"runs": NOT_RUNS, "alpha": reals(0.0), "batch_norm": [T(1)],
                                                    "min_dev_accuracy": reals(-0.1, 1.5)})
fn(f"{M}:largest_stable_alpha", BN_RUNS, True, bad={"runs": NOT_RUNS, "batch_norm": [T(1), T("yes")],
                                                     "min_dev_accuracy": reals(-0.1, 1.5)})
fn(f"{M}:batch_mean_noise", BN_TRAINED, X20, 4, rng=0,
   bad={"net": [T("net")], "X": arrays2d(), "batch_size": ints(0, 21), "layer": ints(0, 2), "num_batches": ints(1),
        "rng": RNG})
fn(f"{M}:trained_bn_network", TASK, seed=0, batch_size=8, num_iterations=2,
   bad={"task": NOT_A_TASK, "seed": SEED, "batch_size": opt_ints(1), "num_iterations": ints(0),
        "running_beta": reals(1.0)})
fn(f"{M}:eval_with_batch_statistics", BN_TRAINED, X20, Y20, 4, rng=0,
   bad={"net": [T("net"), V(Lazy(network), "batch_norm")], "X": arrays2d(V(np.ones((3, 20)))),
        "Y": [V(np.ones((1, 19))), V(np.full((1, 20), NAN))], "batch_size": ints(1, 21), "rng": RNG})
fn(f"{M}:format_eval_table", BN_TRAINED, TASK, [4], seed=0,
   bad={"net": [T("net"), V(Lazy(network), "batch_norm")], "task": NOT_A_TASK,
        "batch_sizes": [V([]), V([1], name="batch_size"), T(4)], "seed": SEED})
fn(f"{M}:running_vs_batch", BN_TRAINED, X20, batch_size=4, steps=2, running_beta=0.9, layer=1, rng=0,
   bad={"net": [T("net"), V(Lazy(network), "batch_norm")], "X": arrays2d(), "batch_size": ints(1, 21),
        "steps": ints(0), "running_beta": reals(1.0), "layer": ints(0, 2), "unit": ints(-1, 3), "rng": RNG})
fn(f"{M}:batch_size_table", TASK, [8], seeds=[0], num_epochs=1,
   bad={"task": NOT_A_TASK, "batch_sizes": [V([]), V([1], name="batch_size"), T(8)], "seeds": [V([]), V([-1]), T(0)],
        "num_epochs": ints(0), "alpha": reals(0.0)})
fn(f"{M}:format_batch_size_table", TASK, Lazy(lambda: _resolve("course2.experiments.batch_norm:batch_size_table")(
    task(), [8], seeds=[0], num_epochs=1)), bad={"task": NOT_A_TASK, "rows": [V([]), T(3), T([3]), T([(8, 0.3, 3)])]})
fn(f"{M}:ulp_sensitivity", TASK, 8, seeds=[0], num_epochs=1,
   bad={"task": NOT_A_TASK, "batch_size": ints(1), "seeds": [V([]), V([-1]), T(0)], "num_epochs": ints(0),
        "alpha": reals(0.0)})
fn(f"{M}:format_ulp_sensitivity", 4, [0.0, 0.2], points=10.0,
   bad={"batch_size": ints(1), "changes": [V([]), V(np.ones((2, 2))), T("abc")], "points": reals(0.0)})
for name in ("batch_of_one", "format_batch_of_one"):
    fn(f"{M}:{name}", BN_TRAINED, X20,
       bad={"net": [T("net"), V(Lazy(network), "batch_norm")], "X": arrays2d(V(np.ones((3, 20))))})
fn(f"{M}:format_running_vs_batch", BN_TRAINED, X20, [(4, 2)], running_beta=0.9, rng=0,
   bad={"net": [T("net"), V(Lazy(network), "batch_norm")], "X": arrays2d(), "settings": [V([]), T(3), T([3]), V([(1, 2)], name="batch_size")],
        "running_beta": reals(1.0), "rng": [T(None), V(-1), T("seed"), T(1.5)]})


M = "course2.experiments.normalization"


@cache
def a_scaled_task():
    return _resolve("course2.experiments.normalization:scaled_task")(10.0, m=20, rng=0)


@cache
def a_quadratic():
    t = a_scaled_task()
    return _resolve("course2.experiments.normalization:quadratic_cost")(t.X, t.y)


SCALED, QUAD = Lazy(a_scaled_task), Lazy(a_quadratic)
NOT_A_QUAD = [T("q"), T(None)]
fn(f"{M}:scaled_task", 10.0, m=20, rng=0, bad={"ratio": reals(0.0, -1.0), "m": ints(2), "rng": RNG})
fn(f"{M}:transform", np.ones((2, 5)), "sigma", bad={"X_train": arrays2d(), "mode": [V("std")],
                                                    "X": [V(np.ones((3, 5))), V(np.full((2, 5), NAN)), T("abc")]})
fn(f"{M}:quadratic_cost", np.ones((2, 5)), np.ones((1, 5)),
   bad={"X": arrays2d(V(np.ones((3, 5)))), "y": [V(np.ones((1, 4))), V(np.full((1, 5), NAN)), T("abc")]})
fn(f"{M}:gd_path", QUAD, 0.1, 5, bad={"q": NOT_A_QUAD, "alpha": reals(0.0), "steps": ints(-1),
                                       "w0": [V((0.0,)), V((NAN, 0.0)), T("ab")]})
fn(f"{M}:largest_stable_alpha", QUAD, bad={"q": NOT_A_QUAD, "steps": ints(0), "halvings": ints(-1)})
fn(f"{M}:iterations_to_tolerance", QUAD, 0.1, bad={"q": NOT_A_QUAD, "alpha": reals(0.0), "tol": reals(0.0, 1.0),
                                                    "w0": [V((0.0,)), V((NAN, 0.0))]})
fn(f"{M}:iterations_by_running", QUAD, 0.1, max_iterations=10,
   bad={"q": NOT_A_QUAD, "alpha": reals(0.0), "tol": reals(0.0, 1.0), "max_iterations": ints(0),
        "w0": [V((0.0,)), V((NAN, 0.0))]})
fn(f"{M}:case", SCALED, "sigma", bisection=False, bad={"task": [T("task"), T(None)], "mode": [V("std")],
                                                       "tol": reals(0.0, 1.0), "bisection": [T(1), T("yes")]})
fn(f"{M}:compare_normalizations", 10.0, m=20, rng=0, bad={"ratio": reals(0.0), "m": ints(2), "rng": RNG,
                                                          "tol": reals(0.0, 1.0)})
fn(f"{M}:format_comparison", Lazy(lambda: [_resolve("course2.experiments.normalization:case")(a_scaled_task(), "sigma", bisection=False)]),
   bad={"cases": [V([]), T(3), T([3])], "tol": reals(0.0, 1.0)})
fn(f"{M}:errata_variance_table", m=20, rng=0,
   bad={"sigmas": [V((0.1, 1.0)), V((0.0, 1.0, 10.0)), V((NAN, 1.0, 1.0)), T("abc")],
        "means": [V((1.0,)), V((INF, 0.0, 0.0)), T("abc")], "m": ints(1), "rng": RNG})
fn(f"{M}:dev_statistics", m=20, rng=0, bad={"ratio": reals(0.0), "m": ints(2), "shift": reals(), "rng": RNG})
fn(f"{M}:sample_correlation", Lazy(lambda: _resolve("course2.experiments.normalization:case")(a_scaled_task(), "sigma", bisection=False)),
   bad={"result": [T(3), T(None), V(_resolve("course2.experiments.normalization:case")(a_scaled_task(), "mean", bisection=False), "mode")]})
fn(f"{M}:dev_statistics_report", Lazy(lambda: _resolve("course2.experiments.normalization:dev_statistics")(m=20, rng=0)),
   bad={"report": [T(3), T(None)]})
fn(f"{M}:level_ellipse", QUAD, 0.1, bad={"q": NOT_A_QUAD, "excess": reals(0.0), "n": ints(2)})
fn(f"{M}:half_span", QUAD, 0.1, bad={"q": NOT_A_QUAD, "excess": reals(0.0)})
fn(f"{M}:ratio_sweep", [1.0, 10.0], m=20, rng=0, bad={"ratios": [V([]), V([0.0]), V([NAN]), T("abc")], "m": ints(2),
                                                      "rng": SEED, "tol": reals(0.0, 1.0)})

M = "course2.experiments.vanishing_gradients"


@cache
def a_deep_relu():
    return _resolve("course2.experiments.vanishing_gradients:DeepReLU")(n=4, m=5, max_depth=6, rng=0)


DEEP_RELU = Lazy(a_deep_relu)
fn(f"{M}:deep_linear_outputs", 0.5, 10, bad={"w": reals(), "max_depth": ints(0)})
fn(f"{M}:errata_table", (1, 2), bad={"depths": [V([]), V([0], name="depth"), T(3), T([1.5], name="depth")]})
fn(f"{M}:DeepReLU", n=4, m=5, max_depth=6, rng=0, bad={"n": ints(0), "m": ints(1), "max_depth": ints(1), "rng": RNG})
for method in ("run", "weights", "gradients"):
    meth(f"{M}:DeepReLU.{method}", a_deep_relu, 4, 1.0, bad={"depth": ints(1, 7), "scale": reals(0.0, -1.0)})
meth(f"{M}:DeepReLU.cost", a_deep_relu, Lazy(lambda: a_deep_relu().weights(4, 1.0)),
     bad={"weights": [V([]), T(3), V([np.ones((4, 4))]), V([np.full((4, 4), NAN)] * 3 + [np.ones((1, 4))])]})
fn(f"{M}:depth_table", DEEP_RELU, depth=4, bad={"net": [T("net"), T(None)], "depth": ints(2, 7),
                                                 "scales": [V([]), V([0.0]), V([NAN]), T(1.0)]})
fn(f"{M}:deep_linear_forward", 1.5, 3, np.array([[0.5, 0.5]]), np.ones((2, 1)),
   bad={"w": [V(NAN), T("1.5")], "depth": ints(0), "W_out": [V(np.ones((1, 3))), V(np.ones(2)), T("abc")],
        "x": [V(np.ones(2)), V(np.full((2, 1), NAN)), T("abc")]})
fn(f"{M}:he_drift", seeds=(0,), depth=4, max_depth=5, bad={"seeds": [V([]), T(3), V([-1])], "depth": ints(2, 6), "max_depth": ints(2)})
fn(f"{M}:format_he_drift", Lazy(lambda: _resolve("course2.experiments.vanishing_gradients:he_drift")(seeds=(0,), depth=4, max_depth=5)), bad={"drift": [T(3), T(None)]})
fn(f"{M}:format_depth_table", Lazy(lambda: _resolve("course2.experiments.vanishing_gradients:depth_table")(a_deep_relu(), depth=4)), depth=4,
   bad={"rows": [V([]), T(3), T([3])], "depth": ints(2)})

M = "course2.experiments.gradient_checking"


@cache
def a_bug_table():
    return _resolve("course2.experiments.gradient_checking:bug_table")(seed=0)


BUG_TABLE = Lazy(a_bug_table)
A_CHECK = Lazy(lambda: a_bug_table()["none"])
NOT_A_CHECK = [T("check"), T(None)]
fn(f"{M}:check_problem", seed=0, bad={"seed": SEED, "dtype": [T("float99"), V(np.int64)]})
fn(f"{M}:epsilon_sweep", seed=0, epsilons=(1e-7,), bad={"seed": SEED, "epsilons": [V([]), V([0.0]), V([NAN]), V([1.5]),
                                                                                   T("abc")]})
fn(f"{M}:format_epsilon_summary", Lazy(lambda: _resolve("course2.experiments.gradient_checking:epsilon_sweep")(seed=0, epsilons=(1e-7, 1e-5))),
   bad={"sweep": [T(3), T(None)]})
fn(f"{M}:bug_check", "none", seed=0, bad={"bug": [V("typo"), V(3)], "seed": SEED, "epsilon": reals(0.0, 1.5)})
fn(f"{M}:bug_table", seed=0, bad={"seed": SEED, "epsilon": reals(0.0)})
fn(f"{M}:flagged", A_CHECK, bad={"check": NOT_A_CHECK})
fn(f"{M}:decade", 3e-9, bad={"x": reals(0.0, -1e-9)})
fn(f"{M}:worry_value", A_CHECK, bad={"check": NOT_A_CHECK})
fn(f"{M}:format_bug_table", BUG_TABLE, bad={"table": [V({}), T(3), T({"none": 3})]})
fn(f"{M}:format_worry", BUG_TABLE, bad={"table": [T(3), T({"none": 3})], "bugs": [V(["typo"]), V([]), T("none")]})
fn(f"{M}:kink_unit", Lazy(lambda: _resolve("course2.experiments.gradient_checking:check_problem")(seed=0).net), Lazy(lambda: _resolve("course2.experiments.gradient_checking:check_problem")(seed=0).X),
   Lazy(lambda: _resolve("course2.experiments.gradient_checking:check_problem")(seed=0).Y), 1e-7,
   bad={"net": [T("net")], "X": arrays2d(V(np.ones((2, 8)))), "Y": [V(np.ones((1, 7))), V(np.full((1, 8), NAN))],
        "epsilon": reals(0.0)})
fn(f"{M}:kink_sweep", seed=0, epsilons=(2e-8,), bad={"seed": SEED, "epsilons": [V([]), V([0.0]), V([NAN]), V([1.5]), T(3)]})
fn(f"{M}:kink_input", seed=0, bad={"seed": SEED})
fn(f"{M}:format_kink_sweep", Lazy(lambda: _resolve("course2.experiments.gradient_checking:kink_sweep")(seed=0, epsilons=(2e-8,))),
   bad={"sweep": [V({}), T(3), T({1e-7: 3})]})
fn(f"{M}:notes_first_value", A_CHECK, bad={"check": NOT_A_CHECK})
fn(f"{M}:penalty_of", NET, 0.7, 20, bad={"net": [T("net"), T(None)], "lambd": reals(-1.0), "m": ints(0)})

M = "course2.experiments.initialization"


@cache
def a_circles():
    return _resolve("course2.experiments.initialization:circles_task")(m_train=20, m_dev=20, rng=1)


@cache
def init_runs():
    return _resolve("course2.experiments.initialization:init_table")(a_circles(), seed=0, num_iterations=3)


CIRCLES, INIT_RUNS = Lazy(a_circles), Lazy(init_runs)
fn(f"{M}:circles_task", m_train=20, m_dev=20, rng=1, bad={"m_train": ints(1), "m_dev": ints(0), "noise": reals(-0.1),
                                                          "rng": RNG})
fn(f"{M}:init_run", CIRCLES, "he", seed=0, num_iterations=2,
   bad={"task": NOT_A_TASK, "init": [V("uniform")], "scale": reals(-1.0), "label": [T(3)], "seed": SEED,
        "alpha": reals(0.0), "num_iterations": ints(0)})
fn(f"{M}:init_table", CIRCLES, seed=0, num_iterations=2,
   bad={"task": NOT_A_TASK, "seed": SEED, "cases": [V([]), V([("x", "uniform", 0.0)]), V([("x", "he")]), T(3)]})
fn(f"{M}:format_init_table", INIT_RUNS, bad={"runs": [V([]), T(3), T([3])]})
fn(f"{M}:naive_cross_entropy", np.array([[0.5, 0.9]]), np.array([[0.0, 1.0]]),
   bad={"A": [V(np.array([[1.5, 0.5]])), V(np.array([[NAN, 0.5]])), V(np.ones((1, 3))), T("abc")],
        "Y": [V(np.array([[0.5, 1.0]])), V(np.ones((1, 3))), T("abc")]})
fn(f"{M}:first_cost_report", CIRCLES, Lazy(lambda: init_runs()[1]), bad={"task": NOT_A_TASK, "run": [T(3), T(None)]})
fn(f"{M}:symmetry_report", Lazy(lambda: init_runs()[0]), bad={"run": [T(3), T(None)], "start": [T(3), V([np.zeros((10, 2))])]})
fn(f"{M}:constant_run", CIRCLES, 0.5, num_iterations=2,
   bad={"task": NOT_A_TASK, "value": [V(0.0), V(NAN), T("0.5")], "alpha": reals(0.0), "num_iterations": ints(0)})
fn(f"{M}:distinct_rows", np.ones((3, 2)), bad={"W": [V(np.ones(3)), V(np.full((2, 2), NAN)), T("abc")]})
fn(f"{M}:depth_runs", CIRCLES, seeds=(0,), depths=(1,), num_iterations=2, early=1,
   bad={"task": NOT_A_TASK, "seeds": [V([]), V([-1]), T(3)], "depths": [V([]), V([0]), V([51]), T(3)],
        "cases": [V([]), V([("relu", "uniform", 0.0)]), V([("sigmoid", "he", 0.0)]), T(3)],
        "optimizer": [V("sgd"), V(3)], "width": ints(0), "alpha": reals(0.0), "num_iterations": ints(0),
        "early": [T(1.5), T("3"), V(0), V(3)]})          # None is allowed: the cost read at the end only
fn(f"{M}:format_depth_runs", Lazy(lambda: _resolve("course2.experiments.initialization:depth_runs")(a_circles(), seeds=(0,), depths=(1,), num_iterations=2, early=1)),
   bad={"table": [T(3), T(None)]})
fn(f"{M}:predicted_ratio", "relu", "he", 10, bad={"activation": [V("tanh"), V("softplus")], "init": [V("random"), V(3)],
                                                  "depth": ints(0)})
fn(f"{M}:stack_scales", "relu", "he", depth=3, width=4, m=5, n_networks=2, seed=0,
   bad={"activation": [V("softplus")], "init": [V("uniform")], "scale": reals(-1.0), "depth": ints(0, 201),
        "width": ints(0), "m": ints(1), "n_networks": ints(0), "seed": SEED})
fn(f"{M}:stack_table", seed=0, depth=3, width=4, m=5, n_networks=1,
   bad={"seed": SEED, "cases": [V([]), V([("relu", "uniform", 0.0)]), V([("relu",)]), T(3)], "depth": ints(0)})
fn(f"{M}:format_stack_table", Lazy(lambda: _resolve("course2.experiments.initialization:stack_table")(seed=0, depth=3, width=4, m=5, n_networks=1)),
   layers=(1, 3), bad={"rows": [V([]), T(3), T([3])], "layers": [V([0]), V([4]), V([]), T(1)]})
fn(f"{M}:errata_variants", depth=3, m=5, seed=0, bad={"depth": ints(1), "m": ints(1), "seed": SEED})
fn(f"{M}:format_errata_variants", Lazy(lambda: _resolve("course2.experiments.initialization:errata_variants")(depth=3, m=5, seed=0)),
   bad={"rows": [V([]), T(3), T([3])]})
fn(f"{M}:deep_layer_sizes", 3, bad={"depth": ints(0, 51), "width": ints(0)})
fn(f"{M}:deep_fit_progressively", CIRCLES, depth=2, init="he", num_iterations=2, every=1, seed=0,
   bad={"task": NOT_A_TASK, "depth": ints(0, 51), "init": [V("uniform")], "activation": [V("sigmoid")],
        "scale": reals(-1.0), "width": ints(0), "alpha": reals(0.0), "num_iterations": ints(0), "every": ints(0),
        "seed": SEED})

M = "course2.experiments.momentum"
BOWL = Lazy(lambda: _resolve("course2.experiments.momentum:bowl")())
NOT_A_SURFACE = [T("bowl"), T(3)]
fn(f"{M}:bowl", bad={"condition": reals(0.5), "angle_deg": reals()})
for cls in ("HeavyBall", "VelocityMomentum"):
    fn(f"{M}:{cls}", 0.1, 0.9, bad={"lr": [V(NAN, name="alpha"), T("0.1", name="alpha"), V(0.0, name="alpha")], "mu": reals(1.0, -0.1)})
fn(f"{M}:run", Lazy(lambda: _resolve("course2.optimizers:GradientDescent")(0.1)), "gd", steps=5,
   bad={"optimizer": [T("gd"), T(None)], "name": [T(3)], "surface": NOT_A_SURFACE,
        "start": [V((1.0,)), V((NAN, 0.0)), T("ab")], "steps": ints(-1)})
fn(f"{M}:compare", 0.1, steps=5, bad={"alpha": reals(0.0), "beta": reals(1.0), "surface": NOT_A_SURFACE,
                                      "steps": ints(-1)})
fn(f"{M}:format_comparison", [0.1], bad={"alphas": [V([]), V([0.0]), T(0.1), T(["a"])], "beta": reals(1.0)})
fn(f"{M}:convention_paths", 0.1, 0.9, steps=5, bad={"alpha": reals(0.0), "beta": reals(1.0), "steps": ints(-1),
                                                    "surface": NOT_A_SURFACE})
fn(f"{M}:difference_text", 0.1, bad={"d": [V(-1.0), V(NAN), T("0.1"), T(None)]})
fn(f"{M}:format_conventions", 0.1, 0.9, steps=5, bad={"alpha": reals(0.0), "beta": reals(1.0), "steps": ints(-1)})
fn(f"{M}:steady_steps", 0.1, 0.9, [1, 2], bad={"alpha": reals(0.0), "beta": reals(1.0),
                                               "ts": [V([]), V([0]), T(3), T([1.5])], "dW": reals(0.0)})
fn(f"{M}:format_steady_steps", ts=(1, 2), bad={"alpha": reals(0.0), "beta": reals(1.0), "ts": [V([]), V([0]), T(3)]})
meth(f"{M}:Convention.optimizer", lambda: _resolve("course2.experiments.momentum:CONVENTIONS")["PyTorch"], 0.1, 0.9,
     bad={"alpha": reals(0.0), "beta": reals(1.0)})
meth(f"{M}:Convention.hyperparameters", lambda: _resolve("course2.experiments.momentum:CONVENTIONS")["PyTorch"], 0.1, 0.9,
     bad={"alpha": reals(0.0), "beta": reals(1.0)})

M = "course2.experiments.rmsprop"
fn(f"{M}:rotated_start", 30.0, bad={"angle_deg": reals()})
fn(f"{M}:RMSpropVariant", 0.1, bad={"alpha": reals(0.0), "beta": reals(1.0), "epsilon": reals(0.0),
                                    "place": [V("middle"), V(3)]})
fn(f"{M}:run", Lazy(lambda: _resolve("course2.optimizers:GradientDescent")(0.1)), "gd", steps=5,
   bad={"optimizer": [T("gd"), T(None)], "name": [T(3)], "angle_deg": reals(), "steps": ints(-1),
        "start": [V((1.0,)), V((NAN, 0.0)), T("ab")]})
fn(f"{M}:effective_steps", 0.1, steps=5, bad={"alpha": reals(0.0), "beta": reals(1.0), "epsilon": reals(0.0),
                                              "angle_deg": reals(), "steps": ints(0)})
fn(f"{M}:largest_stable_alpha", "gd", iterations=2, steps=20,
   bad={"kind": [V("adam")], "angle_deg": reals(), "beta": reals(1.0), "epsilon": reals(0.0), "low": reals(0.0),
        "high": reals(0.0) + [V(1e-4)], "iterations": ints(0), "steps": ints(0)})
fn(f"{M}:largest_converging_alpha", "gd", iterations=2, steps=300,
   bad={"kind": [V("adam")], "angle_deg": reals(), "beta": reals(1.0), "epsilon": reals(0.0), "low": reals(0.0),
        "high": reals(0.0) + [V(1e-4)], "iterations": ints(0), "steps": ints(0)})
fn(f"{M}:format_stable_alphas", bad={"beta": reals(1.0)})
fn(f"{M}:format_effective_steps", at=(1, 2), bad={"alpha": reals(0.0), "beta": reals(1.0), "angle_deg": reals(),
                                                  "at": [V([]), V([0]), T(3), T([1.5])]})
fn(f"{M}:bounce_table", (0.1,), steps=5, bad={"alphas": [V([]), V([0.0]), T(0.1)], "angle_deg": reals(),
                                              "beta": reals(1.0), "steps": ints(0)})
fn(f"{M}:format_bounce_table", Lazy(lambda: _resolve("course2.experiments.rmsprop:bounce_table")((0.1,), steps=5)),
   bad={"rows": [V([]), T(3), T([3])]})
fn(f"{M}:rotation_table", (0,), steps=5, bad={"angles": [V([]), V([NAN]), T(0)], "beta": reals(1.0),
                                              "steps": ints(0)})
fn(f"{M}:format_rotation_table", Lazy(lambda: [_resolve("course2.experiments.rmsprop:RotationRow")(0.0, 10, 0.1, 5, 0.1, 2.0, 0.2, 1.0)]),
   bad={"rows": [V([]), T(3), T([3])]})
fn(f"{M}:first_steps", [1.0, 0.0], bad={"gradients": arrays1d(), "beta": reals(1.0), "epsilon": reals(0.0),
                                        "steps": ints(0)})
fn(f"{M}:format_first_steps", bad={"gradients": arrays1d(), "beta": reals(1.0), "epsilon": reals(0.0)})
fn(f"{M}:zero_gradient_start", steps=5, bad={"alpha": reals(0.0), "beta": reals(1.0), "steps": ints(0)})
fn(f"{M}:format_zero_gradient_start", bad={"alpha": reals(0.0), "beta": reals(1.0)})
for name in ("large_epsilon", "large_epsilon_runs"):
    fn(f"{M}:{name}", steps=5, bad={"epsilon": reals(0.0), "alpha_gd": reals(0.0), "steps": ints(0)})
fn(f"{M}:format_large_epsilon", (1.0,), bad={"epsilons": [V([]), V([0.0]), T(1.0)], "alpha_gd": reals(0.0)})


# ================================================================================================================
# course2.exercises: the ``check`` object
# ================================================================================================================
M = "course2.exercises"
fn(f"{M}:check.hint", "l2_cost", bad={"name": [V("l3_cost"), T(3), T(None)]})
fn(f"{M}:check.use", Lazy(lambda: _resolve("course2.regularization:penalty_cost")), "l2_cost",
   bad={"function": [T(3), T(None)], "name": [V("l3_cost"), T(3)]})
call(f"{M}:check.use", "a function whose name is no exercise",
     lambda: _resolve("course2.exercises:check").use(lambda x: x), ValueError, "name")
for exercise in importlib.import_module(M).check.names:
    meth(f"{M}:check.{exercise}", lambda: _resolve("course2.exercises:check"), bad={"function": [T(3), T(None), T("my_function")]},
         function=None)


# ================================================================================================================
# course2.viz.<topic>: explorer constructors (start values checked before any widget or training) and figures
# ================================================================================================================
M = "course2.viz.splits"
fn(f"{M}:SplitsExplorer", seed=0, bad={"m": reals(1e9, 50.0, 0.0), "dev_fraction": [V(0.03, "0.01"), V(0.9), T("1%")],
                               "error_rate": reals(0.6, 0.0), "seed": SEED})
fn(f"{M}:splits_figure", (1e3,), seed=0, bad={"ms": [V((0,)), V(()), T(1000)], "dev_fraction": reals(0.6),
                                             "error_rate": reals(1.5), "seed": SEED})

M = "course2.viz.bias_variance"
fn(f"{M}:BiasVarianceExplorer", seed=0,
   bad={"hidden_units": [V(5, "1, 2, 3"), V(0), T("8")], "depth": [V(4), V(0), T(1.5)], "m_train": [V(30), T("50")],
        "label_noise": [V(0.07), V(0.6)], "bayes_error": reals(0.5, -0.1), "num_iterations": ints(0), "seed": SEED})
fn(f"{M}:capacity_figure", (2,), (25,), fits=Lazy(lambda: {(25, 2): a_fit()}), seed=0,
   bad={"hidden_units": [V(()), V((0,)), T(2)], "m_trains": [V(()), V((1,)), T(25)], "depth": ints(0),
        "label_noise": reals(0.6), "fits": [T(3), T({(25, 2): 3})], "seed": SEED})
fn(f"{M}:ErrorBars", AXES, bad={"ax": [T(None), T("ax")], "text_ax": [T("ax")], "fontsize": reals(0.0)})

M = "course2.viz.boundary"
call(f"{M}:extent_of", "no arrays", lambda: _resolve("course2.viz.boundary:extent_of")(), ValueError, "extent_of")
call(f"{M}:extent_of", "3-row X", lambda: _resolve("course2.viz.boundary:extent_of")(np.ones((3, 2))), ValueError, "X")
call(f"{M}:extent_of", "NaN X", lambda: _resolve("course2.viz.boundary:extent_of")(np.full((2, 2), NAN)), ValueError, "X")
fn(f"{M}:extent_of", np.ones((2, 3)), bad={"margin": reals(-0.1)})
fn(f"{M}:grid_points", (0.0, 1.0, 0.0, 1.0), 10,
   bad={"extent": [V((0.0, 1.0, 0.0)), V((1.0, 0.0, 0.0, 1.0)), V((NAN, 1.0, 0.0, 1.0)), T(3)],
        "resolution": ints(1, 1001)})
fn(f"{M}:grid_probabilities", NET, Lazy(lambda: _resolve("course2.viz.boundary:grid_points")((0.0, 1.0, 0.0, 1.0), 4)), 4,
   bad={"net": [T("net")], "grid": [V(np.ones((3, 16))), V(np.ones((2, 15))), V(np.full((2, 16), NAN))],
        "resolution": opt_ints(0, 5)})
fn(f"{M}:DecisionBoundary", AXES, (0.0, 1.0, 0.0, 1.0),
   bad={"ax": [T(None)], "extent": [V((1.0, 0.0, 0.0, 1.0)), T(3)], "resolution": ints(1), "alpha": reals(-0.1, 1.5)})

M = "course2.viz.regularization"
fn(f"{M}:RegularizationExplorer", TASK, seed=0,
   bad={"task": [T("task"), T(3), T(None)], "lambd": [V(0.55, "0.001"), V(-1.0), T("0")], "penalty": [V("l3", "l2")],
        "num_iterations": ints(0), "every": ints(0), "seed": SEED})
fn(f"{M}:lambda_label", 0.1, bad={"lambd": reals(-1.0)})
fn(f"{M}:small_multiples", TASK, LAMBDA_SWEEP, (0.0, 0.1),
   bad={"task": NOT_A_TASK, "sweep": [T(3), T(None)], "lambdas": [V((0.55,), "0.1", name="lambd"), V(()), T(0.1)]})
fn(f"{M}:lambda_sweep_figure", LAMBDA_SWEEP, bad={"sweep": [T(3), T(SWEEP)]})

M = "course2.viz.dropout"
fn(f"{M}:DropoutExplorer", TASK, seed=0, bad={"task": [T("task"), T(3), T(None)], "keep_prob": [V(0.33, "0.3"), V(1.5), T("1")],
                                "num_iterations": ints(0), "every": ints(0), "seed": SEED})
fn(f"{M}:MaskInspector", seed=1, bad={"n_units": ints(0), "n_examples": ints(0), "num_iterations": ints(0), "seed": SEED,
                              "keep_prob": [V(0.55, "0.5"), V(1.5)]})
fn(f"{M}:small_multiples", TASK, DROPOUT_SWEEP, (1.0, 0.8),
   bad={"task": NOT_A_TASK, "sweep": [T(3)], "keep_probs": [V((0.55,), "0.8", name="keep_prob"), V(()), T(0.8)]})
fn(f"{M}:cost_curves_figure", DROPOUT_SWEEP, (1.0, 0.8),
   bad={"sweep": [T(3), T(None)], "keep_probs": [V((0.55,), "0.8", name="keep_prob"), V(()), T(0.8)]})

M = "course2.viz.early_stopping"
fn(f"{M}:EarlyStoppingExplorer", RUN, seed=0, seeds=(0,),
   bad={"run": [T("run"), T(3), T(None)], "iteration": [V(5, "10"), V(-10), V(10 ** 6), V(30), T("0"), T(1.5)]})
fn(f"{M}:early_stopping_figure", RUN, bad={"run": [T(3), T(None)]})
fn(f"{M}:early_stopping_curves", RUN, bad={"run": [T(3), T(None)]})

M = "course2.viz.augmentation"
fn(f"{M}:AugmentationExplorer", AUG_TASK, seed=0,
   bad={"task": [T("task"), T(None)], "sweep": [T("sweep")], "copies": [V(3, "0, 1, 2"), V(-1), T("2")], "seed": SEED,
        "num_iterations": ints(0)})
fn(f"{M}:augmentation_figure", AUG_TASK, AUG_SWEEP, (0,), seed=0,
   bad={"task": NOT_A_TASK, "sweep": [T(3)], "copies": [V(()), V((-1,)), T(2)], "seed": SEED})

M = "course2.viz.adam"
fn(f"{M}:AdamPathsExplorer", bad={"alpha": reals(0.0, 2.0), "beta1": [V(0.7, "0.9"), T("0.9")],
                                  "beta2": [V(0.95, "0.999")], "correct": [V("all"), V(None)]})
fn(f"{M}:AdamMoonsExplorer", seed=0, bad={"alpha": [V(0.02, "0.01"), T("0.01")], "seed": [V(5), V(-1), T(1.5)],
                                  "alphas": [V([]), V([0.0], name="alpha"), T(0.1)], "iterations": ints(0)})
fn(f"{M}:first_steps_figure", bad={"beta1": reals(1.0), "beta2": reals(1.0), "steps": ints(1)})
fn(f"{M}:surfaces_figure", 0.1, steps=5, bad={"alpha": reals(0.0), "steps": ints(-1)})
fn(f"{M}:rescaled_figure", 0.1, steps=5, bad={"alpha": reals(0.0), "factor": reals(0.0), "steps": ints(-1)})

M = "course2.viz.learning_rate_decay"
fn(f"{M}:DecayExplorer", seed=0,
   bad={"decay_rate": [V(0.5, "0.3"), T("1")], "schedule": [V("cosine"), V(None)], "alpha0": [V(0.2, "0.3"), T("0.3")],
        "granularity": [V("per batch")], "interval": [V(7, "10"), T("10")],
        "alpha0s": [V([]), V([0.0], name="alpha0"), T(0.3)], "seed": SEED})
fn(f"{M}:schedules_figure", bad={"alpha0": reals(0.0), "decay_rate": reals(-1.0), "epochs": ints(1),
                                 "interval": ints(0)})
fn(f"{M}:granularity_figure", epochs=10, bad={"alpha0": reals(0.0), "decay_rate": reals(-1.0), "epochs": ints(1),
                                              "interval": ints(0), "batches_per_epoch": ints(0)})


M = "course2.viz.hyperparameter_search"
fn(f"{M}:SearchExplorer", seed=0, bad={"budget": ints(3, 65), "method": [V("sobol")], "scale": [V("one_minus_log")],
                               "rounds": [V(3), T("2")], "surface": [V("x")], "seed": ints(-1, 10)})
fn(f"{M}:layouts_figure", 16, seed=0, bad={"budget": ints(0, 401), "seed": SEED})
fn(f"{M}:scales_figure", 100, seed=0, bad={"draws": ints(0), "seed": SEED})
fn(f"{M}:LiveSearch", TASK, seed=0, bad={"task": [T("task"), T(3), T(None)], "budget": ints(0, 501), "seed": SEED,
                                 "num_iterations": ints(0), "method": [V("sobol")], "rounds": ints(0)})
M = "course2.viz.softmax"
fn(f"{M}:TemperatureExplorer", bad={"scale": reals(0.001, 1000.0), "z": [V(np.ones(7)), V([NAN, 1.0]), T("abc")],
                                    "label": ints(-1, 4)})
fn(f"{M}:OverflowExplorer", bad={"a": ints(0, 121)})
fn(f"{M}:region_image", Lazy(lambda: softmax_fit().net), (0.0, 1.0, 0.0, 1.0), 4,
   bad={"net": [T("net"), T(None)], "extent": [V((1.0, 0.0, 0.0, 1.0)), T(3)], "resolution": ints(1)})
fn(f"{M}:regions_figure", Lazy(lambda: {"a": softmax_fit()}), bad={"fits": [T(3), T({}), T({"a": 3})]})
fn(f"{M}:confusion_figure", SOFTMAX_FIT, bad={"fit": NOT_A_FIT})
fn(f"{M}:mistakes_figure", SOFTMAX_FIT, bad={"fit": NOT_A_FIT, "k": ints(0, 33)})
fn(f"{M}:temperature_figure", [1.0, 0.0], [1.0], bad={"z": [V([NAN, 1.0]), V(np.ones((2, 2)))], "scales": [V([0.0])]})

M = "course2.viz.regularization"     # explorers05: the activation switch
fn(f"{M}:RegularizationExplorer", TASK, seed=0, bad={"activation": [V("sigmoid", "tanh"), V("ReLU", "relu"), V(1)]})
M = "course2.viz.dropout"     # explorers05: the bug toggles
fn(f"{M}:DropoutExplorer", TASK, seed=0, bad={"reseeded": [T(1), T("yes"), T(None)], "non_inverted": [T(0), T("no")]})
M = "course2.viz.early_stopping"     # explorers05: patience and seed
fn(f"{M}:EarlyStoppingExplorer", RUN, seed=0, seeds=(0, 1, 2),
   bad={"patience": [V(0), V(61), T(1.5), T("20")], "seed": [V(3, "0, 1, 2"), T("0"), T(None)],
        "seeds": [V((-1,)), T(0), T(("a",)), T(None)]})


fn("course2.viz.early_stopping:error_text", RUN, 1, bad={"run": [T(3), T(None)], "i": ints(-1, 3)})

M = "course2.viz.minibatch"
fn(f"{M}:MinibatchExplorer", DIGITS, batch_size=4, spread=MB_SPREAD, seed=0,
   bad={"task": [T("task"), T(3)], "batch_size": [V(3, "32"), V(0), T("4")], "seed": SEED, "draws": ints(1),
        "spread": [T(3)], "prefetch": [T(1), T("yes")], "alpha": reals(0.0)})
fn(f"{M}:cost_curves_figure", MB_RUNS, (4, 40),
   bad={"runs": [T(3), V({}), T({4: 3})], "batch_sizes": [V((3,), name="batch_size"), V(()), T(4)]})
fn(f"{M}:noise_figure", MB_SECONDS, MB_SPREAD, m=40, cloud_sizes=(2, 4),
   bad={"seconds": [V({}), V({4: -1.0}), T(3)], "spread": [T(3), T(None)], "m": ints(0),
        "cloud_sizes": [V((3,), name="cloud size"), V(()), T(2)]})
fn(f"{M}:spread_slope_text", MB_SPREAD, bad={"spread": [T(3), T(None)]})

M = "course2.viz.ewma"
fn(f"{M}:EWMAExplorer", THETA60,
   bad={"theta": [V(np.ones((2, 100))), V(np.array([NAN] * 200)), T("abc"), T(None)],
        "beta": [V(0.91, "0.9"), V(1.0), T("0.9")], "corrected": [T(1), T("yes")], "t": ints(0, 121)})
fn(f"{M}:smoothing_figure", THETA60, [0.9], bad={"theta": arrays1d(), "betas": [V([]), V([1.0], name="beta"), T(0.9)]})
fn(f"{M}:startup_figure", THETA60, THETA60, 0.9, days=30,
   bad={"theta": arrays1d(), "clean": arrays1d(V(np.ones(3))), "beta": BETA_BAD, "days": ints(0)})

M = "course2.viz.batch_norm"
BN_GRIDS = {False: np.array([[0.5, NAN]]), True: np.array([[0.9, 1.0]])}
fn(f"{M}:scale_map_figure", BN_GRIDS, (1e-4, 1.0), (64,),
   bad={"grids": [T(3), V({False: BN_GRIDS[False]}), V({False: np.ones((2, 2)), True: np.ones((2, 2))}),
                  V({False: np.full((1, 2), INF), True: np.ones((1, 2))})],
        "scales": [V((1.0,)), T(3)], "batch_sizes": [V((64, 8)), T(64)]})
fn(f"{M}:scale_map_figure", {**BN_GRIDS, "diverged_at": {False: np.array([[NAN, 2.0]]), True: np.full((1, 2), NAN)}},
   (1e-4, 1.0), (64,), bad={"grids": [V({False: np.array([[1.5, 0.5]]), True: np.ones((1, 2))})]})
fn(f"{M}:ScaleExplorer", CIRCLES, seed=0, bad={"task": [T("task"), T(3), T(None)], "scale": [V(0.02, "0.01"), V(-1.0), T("0.01")],
                                    "batch_size": [V(32, "64"), T("64")], "seed": SEED, "num_iterations": ints(0),
                                    "every": ints(0), "alpha": reals(0.0)})
fn(f"{M}:RunningStatsExplorer", CIRCLES, seed=0,
   bad={"task": [T("task"), T(3), T(None)], "batch_size": [V(3, "16"), T("16")], "running_beta": [V(0.8, "0.9")],
        "steps": [V(7, "20")], "seed": SEED, "layer": ints(0, 9), "unit": ints(-1, 16)})


M = "course2.viz.normalization"
fn(f"{M}:NormalizationExplorer", seed=0, bad={"ratio": [V(15.0, "12.58"), V(0.5), T("10")], "mode": [V("std", "none")],
                                      "seed": SEED})
fn(f"{M}:contour_paths_figure", 10.0, rng=0, bad={"ratio": reals(0.0), "rng": RNG})
fn(f"{M}:ratio_sweep_figure", Lazy(lambda: _resolve("course2.experiments.normalization:ratio_sweep")([1.0, 10.0], m=20, rng=0)),
   bad={"sweep": [T(3), T(None)]})

M = "course2.viz.vanishing_gradients"
fn(f"{M}:DeepLinearExplorer", bad={"depth": ints(0, 101), "w": reals(0.4, 1.6) + [V(0.52, "0.5")]})
fn(f"{M}:DeepReLUExplorer", DEEP_RELU, bad={"net": [T("net"), T(None)], "scale": reals(0.4, 1.6) + [V(0.52, "0.5")],
                                            "depth": ints(1, 7)})
fn(f"{M}:deep_linear_figure", bad={"ws": [V([]), V([NAN]), T(0.5)], "max_depth": ints(0)})
fn(f"{M}:layer_scales_figure", DEEP_RELU, depth=4, bad={"net": [T("net"), T(None)], "depth": ints(1, 7),
                                                         "scales": [V([]), V([0.0]), T(1.0)]})

M = "course2.viz.gradient_checking"
fn(f"{M}:EpsilonExplorer", seed=0, bad={"epsilon": [V(2e-7, "1e-07"), V(1.0), T("1e-7")], "seed": SEED})
fn(f"{M}:BugExplorer", seed=0, bad={"bug": [V("typo", "none"), V(3)], "seed": SEED})
fn(f"{M}:epsilon_figure", Lazy(lambda: _resolve("course2.experiments.gradient_checking:epsilon_sweep")(seed=0, epsilons=(1e-7, 1e-5))),
   bad={"sweep": [T(3), T(None)]})

M = "course2.viz.initialization"
fn(f"{M}:InitializationExplorer", CIRCLES, seed=0,
   bad={"task": [T("task"), T(3)], "depth": [V(4, "5"), V(0), T("5")], "init": [V("uniform", "he")],
        "activation": [V("sigmoid", "relu")], "scale": [V(2.0, "10"), T("10")], "seed": SEED,
        "num_iterations": ints(0), "every": ints(0), "alpha": reals(0.0)})
fn(f"{M}:stack_figure", Lazy(lambda: _resolve("course2.experiments.initialization:stack_table")(seed=0, depth=3, width=4, m=5, n_networks=1)),
   bad={"rows": [V([]), T(3), T([3])]})
fn(f"{M}:cost_curves_figure", INIT_RUNS, bad={"runs": [V([]), T(3), T([3])]})
fn(f"{M}:boundaries_figure", CIRCLES, INIT_RUNS, bad={"task": NOT_A_TASK, "runs": [V([]), T(3), T([3])]})

M = "course2.viz.momentum"
fn(f"{M}:MomentumExplorer", bad={"alpha": reals(0.0, 0.5), "beta": [V(0.7, "0.8"), T("0.9")],
                                 "convention": [V("Keras", "lecture")]})
fn(f"{M}:paths_figure", (0.1,), bad={"alphas": [V([]), V([0.0]), V([NAN]), T(0.1)], "beta": reals(1.0)})

M = "course2.viz.rmsprop"
fn(f"{M}:RMSpropExplorer", bad={"alpha": reals(0.0, 5.0), "beta": [V(0.95, "0.9"), T("0.9")],
                                "epsilon": reals(0.0, 1e5), "angle": [V(7, "5"), V(90), T("0")]})
fn(f"{M}:effective_step_figure", angles=(0,), steps=10, bad={"alpha": reals(0.0), "angles": [V([]), V([NAN]), T(0)],
                                                             "steps": ints(0)})


# ================================================================================================================
# what must be covered
# ================================================================================================================
#: viz modules that are machinery, not a notebook topic (their own suites test them)
VIZ_MACHINERY = {"explorer", "worker", "cache", "registry", "figures"}

#: public callables that take no arguments: nothing to get wrong
NO_ARGUMENTS = {
    "course2.experiments.splits:z_value",
    "course2.experiments.bias_variance:cases_table",
    "course2.viz.bias_variance:cases_figure",
    "course2.surfaces:Surface",                     # the abstract base: Surface() takes no arguments
    "course2.experiments.softmax:format_safe_logits",
    "course2.experiments.minibatch:one_blas_thread",
}

#: result records (dataclasses / NamedTuples) the package builds and returns: users read them, never build them,
#: so their constructors hold no checks (the functions that build them check their arguments). Listed here by
#: name so that a new record is a conscious choice, like a new public function.
RESULT_RECORDS = {
    "course2.diagnosis:Diagnosis", "course2.ewma:EWMASeries", "course2.gradient_checking:ParameterCheck",
    "course2.gradient_checking:GradientCheck", "course2.splits:DataPair", "course2.splits:Split",
    "course2.splits:SplitSizes", "course2.surfaces:Path", "course2.training:History", "course2.training:Step",
    "course2.experiments.tasks:Fit", "course2.experiments.splits:SplitNumbers",
    "course2.experiments.dropout:MaskSummary", "course2.experiments.early_stopping:EarlyStoppingRun",
    "course2.experiments.early_stopping:RuleComparison", "course2.experiments.regularization:TableRow",
    "course2.experiments.regularization:WeightDecayCheck", "course2.experiments.regularization:L1L2Comparison",
    "course2.experiments.regularization:LambdaSweep", "course2.experiments.dropout:DropoutSweep",
    "course2.experiments.augmentation:AugmentationSweep", "course2.viz.bias_variance:Shown",
    "course2.batch_norm:BatchNormCache", "course2.viz.augmentation:AugmentedView",
    "course2.viz.early_stopping:SnapshotView",
    "course2.hyperparameter_search:Trial", "course2.hyperparameter_search:SearchResult",
    "course2.experiments.hyperparameter_search:GridVsRandom", "course2.experiments.hyperparameter_search:NetworkTrial",
    "course2.viz.hyperparameter_search:SearchView",
    "course2.experiments.softmax:MulticlassFit",
    "course2.experiments.adam:MoonsRow", "course2.experiments.adam:Rescaled", "course2.viz.adam:PathsView",
    "course2.viz.adam:MoonsView",
    "course2.experiments.learning_rate_decay:CourseRow", "course2.experiments.learning_rate_decay:BudgetRow",
    "course2.viz.learning_rate_decay:DecayView",
    "course2.experiments.regularization:DecayRow", "course2.experiments.dropout:EffectRow",
    "course2.experiments.minibatch:MinibatchRun", "course2.experiments.minibatch:GradientSpread",
    "course2.experiments.ewma:BetaRow", "course2.experiments.batch_norm:ScaleRun", "course2.experiments.batch_norm:BatchSizeRow",
    "course2.experiments.gradient_checking:EpsilonSweep", "course2.experiments.gradient_checking:Problem",
    "course2.experiments.initialization:DeepFit", "course2.experiments.initialization:ErrataVariant",
    "course2.experiments.initialization:InitRun", "course2.experiments.initialization:StackScales",
    "course2.experiments.momentum:Convention", "course2.experiments.momentum:ConventionRun",
    "course2.experiments.momentum:Run", "course2.experiments.normalization:CaseResult",
    "course2.experiments.normalization:DevCase", "course2.experiments.normalization:DevReport",
    "course2.experiments.normalization:LeastSquaresCost", "course2.experiments.normalization:RatioSweep",
    "course2.experiments.normalization:ScaledTask", "course2.experiments.rmsprop:RotationRow",
    "course2.experiments.rmsprop:BounceRow", "course2.experiments.rmsprop:StableAlpha",
    "course2.experiments.vanishing_gradients:DepthRow", "course2.experiments.vanishing_gradients:HeDrift",
    "course2.experiments.initialization:DepthRuns", "course2.experiments.initialization:DepthTable",
    "course2.experiments.batch_norm:UlpSensitivity",
    "course2.experiments.vanishing_gradients:LayerScales", "course2.viz.momentum:MomentumView",
    "course2.viz.rmsprop:RMSpropView",
    # course2.experiments.bias_variance:bayes_table takes label noise levels; it is in TABLE below
    "course2.viz.dropout:BugView",
}

#: public methods of the main classes that must have bad calls too (``public_callables`` finds functions and
#: classes; these methods are listed by hand)
METHODS = (
    ["course2.network:Network." + m for m in ("forward", "backward", "cost", "predict", "set_params", "from_params",
                                                 "set_state", "batch_statistics")]
    + [f"course2.optimizers:{c}.step" for c in HYPER]
    + [f"course2.schedules:{c}.__call__" for c in SCHEDULE_ARGS]
    + ["course2.normalization:Standardizer.transform", "course2.normalization:Standardizer.inverse_transform",
       "course2.ewma:EWMA.update", "course2.early_stopping:EarlyStopping.update",
       "course2.batch_norm:RunningStats.update",
       "course2.experiments.tasks:Sweep.at", "course2.experiments.tasks:Task.with_training_set",
       "course2.experiments.tasks:Task.with_layers", "course2.experiments.tasks:Task.network",
       "course2.experiments.early_stopping:EarlyStoppingRun.index_of",
       "course2.experiments.early_stopping:EarlyStoppingRun.net_at",
       "course2.experiments.vanishing_gradients:DeepReLU.run", "course2.experiments.vanishing_gradients:DeepReLU.cost",
       "course2.experiments.momentum:Convention.optimizer"]
)

M = "course2.experiments.bias_variance"
fn(f"{M}:bayes_table", bad={"label_noises": [V([0.6], name="label_noise"), V([]), T(0.1), V([NAN], name="label_noise")]})


def viz_topics() -> list[str]:
    import course2.viz

    return sorted(i.name for i in pkgutil.iter_modules(course2.viz.__path__)
                  if not i.name.startswith("_") and i.name not in VIZ_MACHINERY)


def public_callables() -> list[str]:
    """"module:name" of every public function and class defined in the package's public modules, and
    "course2.exercises:check.<method>" for every public method of ``check`` (exercise names included)."""
    modules = ([f"course2.{m}" for m in course2._MODULES]
               + [f"course2.experiments.{m}" for m in course2.experiments._MODULES]
               + [f"course2.viz.{m}" for m in viz_topics()])
    out = []
    for name in modules:
        module = importlib.import_module(name)
        for attr, obj in vars(module).items():
            if attr.startswith("_") or getattr(obj, "__module__", None) != name:
                continue
            if inspect.isfunction(obj) or inspect.isclass(obj):
                out.append(f"{name}:{attr}")
    from course2.exercises import check

    for attr in dir(check):
        if not attr.startswith("_") and attr != "names":          # ``names`` is a property: no arguments
            out.append(f"course2.exercises:check.{attr}")
    return sorted(out)


ALL_CASES = [case for cases in TABLE.values() for case in cases]


# ================================================================================================================
# the tests
# ================================================================================================================
def test_every_public_callable_has_bad_calls():
    missing = [k for k in public_callables() if k not in TABLE and k not in NO_ARGUMENTS and k not in RESULT_RECORDS]
    assert not missing, f"public callables without a bad-input case in tests/test_bad_input.py: {missing}"


def test_the_main_classes_methods_have_bad_calls():
    missing = [k for k in METHODS if k not in TABLE]
    assert not missing, f"methods without a bad-input case: {missing}"


def test_allow_lists_hold_only_existing_callables():
    everything = set(public_callables())
    assert NO_ARGUMENTS <= everything and RESULT_RECORDS <= everything
    for key in NO_ARGUMENTS:
        params = inspect.signature(_resolve(key)).parameters
        assert not params, f"{key} takes arguments {list(params)}: give it bad calls instead"


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_bad_call_raises_a_clear_error(case):
    with np.errstate(all="raise"):     # a NaN or overflow warning is not an answer either
        with pytest.raises(case.error) as info:
            result = case.run()
            _close(result)
    message = str(info.value)
    assert re.search(case.regex, message), f"{type(info.value).__name__}: {message!r} does not match {case.regex!r}"


def _close(result) -> None:
    """A bad call that was accepted may have built an explorer: stop its worker thread."""
    close = getattr(result, "close", None)
    if callable(close) and hasattr(result, "worker"):
        close()
