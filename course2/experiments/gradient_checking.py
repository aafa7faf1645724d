"""Gradient checking, measured: the epsilon sweep, planted bugs, and the notes' "worry" formula (notebook 09).

- ``check_problem``: the network every check here runs on: [3, 5, 3, 1] ReLU, He weights, small
  random biases, 8 seeded examples (like the assignment's [4, 5, 3, 1] on 3 examples).
- ``epsilon_sweep``: the relative error of a CORRECT backward pass against epsilon, for centered
  and one-sided differences in float64 and float32. Truncation error falls with epsilon (as
  eps^2 centered, eps one-sided); round-off grows as (machine epsilon) x J / eps: a U shape whose
  bottom depends on the difference and the precision.
- ``BUGS`` / ``bug_check``: a planted bug per name; the per-parameter breakdown names the broken
  parameter. ``worry_value``: the notes' (||approx|| + ||dtheta||) / ||dtheta||, ERRATA #4.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import _validate, regularization
from .. import gradient_checking as gc
from ..network import Network

__all__ = ["BUGS", "EPSILONS", "EpsilonSweep", "Problem", "bug_check", "bug_table", "check_problem", "epsilon_sweep",
           "format_bug_table", "format_epsilon_summary", "format_kink_sweep", "format_worry", "kink_input",
           "kink_sweep", "notes_first_value", "worry_value"]

#: the epsilon grid of the sweep: 1e-12 ... 1e-1, four points per decade
EPSILONS = tuple(float(10.0 ** (e / 4)) for e in range(-48, -3))
LECTURE_EPSILON = 1e-7
LAMBD = 0.7      # the L2 strength of the "L2 left out of backprop" case
KEEP_PROB = 0.8  # the dropout case


@dataclass(frozen=True)
class Problem:
    net: Network
    X: np.ndarray
    Y: np.ndarray


def check_problem(*, seed: int, dtype=np.float64) -> Problem:
    """[3, 5, 3, 1] ReLU network with He weights and biases ~ N(0, 0.1^2), X ~ N(0, 1) of shape (3, 8), Y 0/1."""
    gen = np.random.default_rng(_validate.integer("seed", seed, low=0))
    dtype = _check_dtype(dtype)
    net = Network([3, 5, 3, 1], "relu", "sigmoid", init="he", rng=gen)
    for b in net.b:
        b[...] = gen.normal(0.0, 0.1, size=b.shape)
    X = gen.standard_normal((3, 8))
    Y = (gen.random((1, 8)) < 0.5).astype(float)
    if np.dtype(dtype) != np.float64:
        net32 = Network([3, 5, 3, 1], "relu", "sigmoid", init="zeros", dtype=dtype)
        net32.theta[...] = net.theta
        return Problem(net32, X.astype(dtype), Y.astype(dtype))
    return Problem(net, X, Y)


def _check_dtype(dtype) -> np.dtype:
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be numpy.float64 or numpy.float32, got {dtype!r}") from None
    if dtype not in (np.float64, np.float32):
        raise ValueError(f"dtype must be numpy.float64 or numpy.float32, got {dtype}")
    return dtype


def _check_gradient_check(check) -> gc.GradientCheck:
    return _validate.instance("check", check, gc.GradientCheck, "a GradientCheck (from bug_check)")


def _check_table(table, name: str = "table", key: str = "planted bug", source: str = "bug_table") -> dict:
    """``table`` must be a non-empty dict of ``key`` -> GradientCheck (from ``source``)."""
    what = f"a dict of {key} -> GradientCheck (from {source})"
    if not isinstance(table, dict):
        raise TypeError(f"{name} must be {what}, got {type(table).__name__}")
    if not table:
        raise ValueError(f"{name} must hold at least one {key}, got an empty dict")
    for c in table.values():
        _validate.instance(name, c, gc.GradientCheck, what)
    return table


def _J(net, X, Y, lambd=0.0):
    def J(theta):
        net.theta[...] = theta
        net.forward(X)
        return net.cost(Y, lambd=lambd)
    return J


def _breakdown(net: Network, approx: np.ndarray, exact: np.ndarray) -> gc.GradientCheck:
    """A ``GradientCheck`` from two flat gradients laid out like ``net.theta`` (W[1], b[1], W[2], ...)."""
    checks, start = [], 0
    for name, p in zip(net.param_names, net.params):
        a, e = approx[start: start + p.size], exact[start: start + p.size]
        checks.append(gc.ParameterCheck(name, gc.relative_error(a, e), float(np.max(np.abs(a - e)))))
        start += p.size
    return gc.GradientCheck(gc.relative_error(approx, exact), tuple(checks), approx, exact)


# --- the epsilon sweep --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EpsilonSweep:
    """``errors[(difference, dtype name)]``: the relative error at each of ``epsilons``."""

    epsilons: np.ndarray
    errors: dict

    def best(self, difference: str, dtype: str) -> tuple[float, float]:
        """(epsilon, error) where the error of that curve is smallest."""
        e = self.errors[(difference, dtype)]
        i = int(np.argmin(e))
        return float(self.epsilons[i]), float(e[i])

    def ratio_range(self, low: float, high: float, dtype: str = "float64") -> tuple[float, float]:
        """(min, max) over the grid's epsilons in [low, high] of the ratio of the larger to the smaller of the
        centered and one-sided errors."""
        c, o = self.errors[("centered", dtype)], self.errors[("one-sided", dtype)]
        inside = (self.epsilons >= low * (1 - 1e-9)) & (self.epsilons <= high * (1 + 1e-9))
        ratio = (np.maximum(c, o) / np.minimum(c, o))[inside]
        return float(ratio.min()), float(ratio.max())

    def at(self, difference: str, dtype: str, epsilon: float) -> float:
        i = int(np.argmin(np.abs(np.log10(self.epsilons) - np.log10(epsilon))))
        return float(self.errors[(difference, dtype)][i])


#: where the float64 curves are compared in the summary: round-off decides both below ROUND_OFF_UP_TO, truncation
#: separates them in TRUNCATION_BETWEEN
ROUND_OFF_UP_TO = 1e-8
TRUNCATION_BETWEEN = (1e-6, 1e-2)
CURVES = (("centered", "float64"), ("one-sided", "float64"), ("centered", "float32"), ("one-sided", "float32"))


def epsilon_sweep(*, seed: int, epsilons: Sequence[float] = EPSILONS) -> EpsilonSweep:
    """Relative error of the correct backward pass against each epsilon, for every curve of ``CURVES``."""
    seed = _validate.integer("seed", seed, low=0)
    epsilons = _validate.array("epsilons", epsilons, ndim=1)
    for eps in epsilons:
        _validate.real("epsilons", eps, low=0.0, high=1.0, low_open=True, high_open=True)
    errors = {}
    for dtype in ("float64", "float32"):
        p = check_problem(seed=seed, dtype=np.dtype(dtype))
        theta0 = p.net.get_params()
        p.net.forward(p.X)
        exact = gc.params_to_vector(p.net.backward(p.Y))
        J = _J(p.net, p.X, p.Y)
        for difference in ("centered", "one-sided"):
            errs = []
            for eps in epsilons:
                approx = gc.numerical_gradient(J, theta0.astype(np.float64), float(eps), difference=difference)
                errs.append(gc.relative_error(approx, exact))
            p.net.theta[...] = theta0
            errors[(difference, dtype)] = np.array(errs)
    return EpsilonSweep(epsilons, errors)


def decade(x: float) -> str:
    """The decade [10^k, 10^(k+1)) holding ``x`` > 0, written 1e+k: all the digits a round-off-level number has
    (its leading digit moves with the CPU's BLAS kernel and SIMD level)."""
    x = _validate.real("x", x, low=0.0, low_open=True)
    return f"1e{math.floor(math.log10(x)):+03d}"


def _error_text(error: float, fmt: str) -> str:
    """A relative error as printed: at round-off level (<= 1e-7, "fine") only its decade, else ``fmt``."""
    return f"~{decade(error)}" if error <= gc.FINE else format(error, fmt)


def format_epsilon_summary(sweep: EpsilonSweep) -> str:
    """The error at the lecture's epsilon = 1e-7 and the best epsilon of each curve, as decades: these are
    round-off-level numbers whose leading digit (and the best grid point of a flat bottom) moves with the CPU."""
    _validate.instance("sweep", sweep, EpsilonSweep, "an EpsilonSweep (from epsilon_sweep)")
    lines = [f"{'difference, precision':<22} {'at eps = 1e-7':>13} {'best eps':>9} {'its error':>10}"]
    for difference, dtype in CURVES:
        eps, err = sweep.best(difference, dtype)
        at = sweep.at(difference, dtype, LECTURE_EPSILON)
        lines.append(f"{difference + ', ' + dtype:<22} {'~' + decade(at):>13} {'~' + decade(eps):>9} "
                     f"{'~' + decade(err):>10}")
    _, left = sweep.ratio_range(EPSILONS[0], ROUND_OFF_UP_TO)
    right, _ = sweep.ratio_range(*TRUNCATION_BETWEEN)
    said = (f"within a factor of 10 of each other at every eps <= {ROUND_OFF_UP_TO:g}" if left <= 10 else
            f"more than 10 apart somewhere below {ROUND_OFF_UP_TO:g}")
    said += (f", more than 100 apart at every eps in [{TRUNCATION_BETWEEN[0]:g}, {TRUNCATION_BETWEEN[1]:g}]"
             if right > 100 else f", less than 100 apart somewhere in [{TRUNCATION_BETWEEN[0]:g}, "
                                 f"{TRUNCATION_BETWEEN[1]:g}]")
    return "\n".join(lines) + ("\n(relative error of a correct backward pass; best eps on a grid of 4 points per "
                               "decade;\n ~1e-09 = somewhere in [1e-09, 1e-08): round-off decides the digits below "
                               f"the decade;\n centered and one-sided float64: {said})")


# --- planted bugs -------------------------------------------------------------------------------------------

BUGS = ("none", "dW[2] doubled", "db[1] times 4", "dW[2] sign flipped", "1/m missing", "L2 left out of backprop",
        "dropout mask redrawn per call", "ReLU kink crossed")
#: how far above z = 0 the "ReLU kink crossed" case puts its unit, whatever the epsilon of the check: the
#: lecture's epsilon / 4, so the check at epsilon = 1e-7 crosses the kink and a small enough epsilon does not
KINK_DISTANCE = LECTURE_EPSILON / 4
#: the epsilons of ``kink_sweep``
KINK_EPSILONS = (1e-7, 5e-8, 3e-8, 2e-8, 1e-8)


def bug_check(bug: str, *, seed: int, epsilon: float = LECTURE_EPSILON) -> gc.GradientCheck:
    """The check of the problem's network with ``bug`` planted (``BUGS``), at ``epsilon``. For "ReLU kink
    crossed" the unit sits ``KINK_DISTANCE`` (2.5e-8) above its kink whatever ``epsilon``."""
    _validate.choice("bug", bug, BUGS)
    epsilon = _validate.real("epsilon", epsilon, low=0.0, high=1.0, low_open=True, high_open=True)
    p = check_problem(seed=seed)
    net, X, Y = p.net, p.X, p.Y
    m = X.shape[1]
    lambd = LAMBDA_OF.get(bug, 0.0)
    if bug == "ReLU kink crossed":
        j, i = kink_unit(net, X, Y, 4 * KINK_DISTANCE)
        Z1 = net.W[0] @ X + net.b[0]
        net.b[0][j, 0] -= Z1[j, i] - KINK_DISTANCE    # Z[1] of unit j, example i, sits 2.5e-8 above the kink
    theta0 = net.get_params()
    if bug == "dropout mask redrawn per call":
        gen = np.random.default_rng([seed, 99])

        def J(theta):
            net.theta[...] = theta
            net.forward(X, keep_prob=KEEP_PROB, rng=gen)      # a fresh mask on every evaluation of J
            return net.cost(Y)
        approx = gc.numerical_gradient(J, theta0, epsilon)
        net.theta[...] = theta0
        net.forward(X, keep_prob=KEEP_PROB, rng=gen)         # backprop through this forward's mask: correct code
        exact = gc.params_to_vector(net.backward(Y))
        return _breakdown(net, approx, exact.copy())
    approx = gc.numerical_gradient(_J(net, X, Y, lambd), theta0, epsilon)
    net.theta[...] = theta0
    net.forward(X)
    net.backward(Y, lambd=0.0 if bug == "L2 left out of backprop" else lambd)
    if bug == "dW[2] doubled":
        net.dW[1] *= 2.0
    elif bug == "db[1] times 4":
        net.db[0] *= 4.0
    elif bug == "dW[2] sign flipped":
        net.dW[1] *= -1.0
    elif bug == "1/m missing":
        net.dtheta *= m
    return _breakdown(net, approx, net.dtheta.copy())


LAMBDA_OF = {"L2 left out of backprop": LAMBD}


def kink_unit(net: Network, X, Y, epsilon: float) -> tuple[int, int]:
    """(unit j, example i) of layer 1 where moving b[1][j] puts Z[1][j, i] at epsilon/4 leaves the largest
    |dJ/dA[1][j, i]|: where a crossed kink shows most."""
    _validate.instance("net", net, Network)
    X, Y = _validate.xy(X, Y)
    if X.shape[0] != net.layer_sizes[0] or len(net.W) != 3:
        raise ValueError(f"X must have net's {net.layer_sizes[0]} input rows and net 3 layers (check_problem's), "
                         f"got X of shape {X.shape} and {len(net.W)} layers")
    epsilon = _validate.real("epsilon", epsilon, low=0.0, low_open=True)
    best, where = -1.0, (0, 0)
    Z1 = net.W[0] @ X + net.b[0]
    for j in range(Z1.shape[0]):
        for i in range(Z1.shape[1]):
            b1 = net.b[0].copy()
            b1[j, 0] -= Z1[j, i] - epsilon / 4
            A1 = np.maximum(net.W[0] @ X + b1, 0.0)
            A2 = np.maximum(net.W[1] @ A1 + net.b[1], 0.0)
            A3 = 1.0 / (1.0 + np.exp(-(net.W[2] @ A2 + net.b[2])))
            dZ2 = (net.W[2].T @ ((A3 - Y) / X.shape[1])) * (A2 > 0)
            g = abs(float(net.W[1][:, j] @ dZ2[:, i]))
            if g > best:
                best, where = g, (j, i)
    return where


def bug_table(*, seed: int, epsilon: float = LECTURE_EPSILON) -> dict:
    _validate.integer("seed", seed, low=0)
    _validate.real("epsilon", epsilon, low=0.0, high=1.0, low_open=True, high_open=True)
    return {bug: bug_check(bug, seed=seed, epsilon=epsilon) for bug in BUGS}


def _worst(check: gc.GradientCheck) -> str:
    """The parameter with the largest relative error; "-" when the whole check reads "fine" (its parameters'
    own errors are then round-off, and which is largest depends on the CPU), and the first of equals when
    several tie (1/m missing multiplies every one by m: equal up to the last bit)."""
    if check.relative_error <= gc.FINE:
        return "-"
    top = max(p.relative_error for p in check.parameters)
    return next(p.name for p in check.parameters if p.relative_error >= top * (1 - 1e-6))


def flagged(check: gc.GradientCheck) -> list[str]:
    """The parameters whose own relative error reads "bug" (>= 1e-3)."""
    check = _check_gradient_check(check)
    return [p.name for p in check.parameters if p.relative_error >= gc.BUG]


def format_bug_table(table: dict) -> str:
    table = _check_table(table)
    width = max(len(b) for b in table)
    lines = [f"{'planted bug':<{width}} {'rel. error':>10}  {'verdict':<11} {'worst':<6} flagged (>= 1e-3)"]
    for bug, c in table.items():
        names = flagged(c)
        lines.append(f"{bug:<{width}} {_error_text(c.relative_error, '.1e'):>10}  {c.verdict:<11} {_worst(c):<6} "
                     f"{', '.join(names) if names else '-'}")
    return "\n".join(lines) + f"\n(epsilon = 1e-7, float64, centered differences; lambda = {LAMBD:g} in the L2 case, " \
                              f"keep_prob = {KEEP_PROB:g} in the dropout case)"


# --- ERRATA #4 ----------------------------------------------------------------------------------------------

def kink_sweep(*, seed: int, epsilons: Sequence[float] = KINK_EPSILONS) -> dict:
    """epsilon -> the check of the "ReLU kink crossed" case (unit ``KINK_DISTANCE`` above its kink) at that epsilon:
    a centered difference crosses the kink when epsilon (epsilon |x_k| for the unit's weights) exceeds the
    distance."""
    _validate.integer("seed", seed, low=0)
    epsilons = _validate.items("epsilons", epsilons)
    for eps in epsilons:
        _validate.real("epsilons", eps, low=0.0, high=1.0, low_open=True, high_open=True)
    return {float(eps): bug_check("ReLU kink crossed", seed=seed, epsilon=float(eps)) for eps in epsilons}


def kink_input(*, seed: int) -> float:
    """max |x_k| of the example whose unit sits at the kink: a weight W[1][j, k] moved by epsilon moves its z by
    epsilon |x_k|, so every entry stays on one side when epsilon max |x_k| < ``KINK_DISTANCE``."""
    p = check_problem(seed=seed)
    _, i = kink_unit(p.net, p.X, p.Y, 4 * KINK_DISTANCE)
    return float(np.max(np.abs(p.X[:, i])))


def format_kink_sweep(sweep: dict, *, x_max: float | None = None) -> str:
    """The kink case's relative error and verdict at each epsilon (a "fine" error as its decade only); ``x_max``
    (``kink_input``), when given, is printed with epsilon x_max for each epsilon."""
    _check_table(sweep, "sweep", "epsilon", "kink_sweep")
    if x_max is not None:
        x_max = _validate.real("x_max", x_max, low=0.0, low_open=True)
    lines = [f"{'epsilon':>8} {'eps max|x_k|' if x_max else '':>12} {'rel. error':>10}  {'verdict':<11} "
             f"flagged (>= 1e-3)"]
    for eps, c in sweep.items():
        names = flagged(c)
        moved = f"{eps * x_max:12.1e}" if x_max else f"{'':>12}"
        lines.append(f"{eps:8.0e} {moved} {_error_text(c.relative_error, '.1e'):>10}  {c.verdict:<11} "
                     f"{', '.join(names) if names else '-'}")
    said = (f";\n its example has max |x_k| = {x_max:.2f}: a weight moved by eps moves z by up to eps max|x_k|"
            if x_max else "")
    return "\n".join(lines) + (f"\n(ReLU kink crossed: one unit of layer 1 sits {KINK_DISTANCE:.1e} above z = 0 at "
                               f"every epsilon, float64, centered differences{said})")


def notes_first_value(check: gc.GradientCheck) -> float:
    """The notes' first formula, ||dtheta_approx - dtheta|| / ||dtheta||: divided by ||dtheta|| only."""
    check = _check_gradient_check(check)
    return float(np.linalg.norm(check.approx - check.exact) / np.linalg.norm(check.exact))


def worry_value(check: gc.GradientCheck) -> float:
    """The notes' second formula, (||dtheta_approx|| + ||dtheta||) / ||dtheta|| = 1 + ||dtheta_approx|| / ||dtheta||:
    no difference in it, and at least 1 whatever the gradients."""
    check = _check_gradient_check(check)
    return float((np.linalg.norm(check.approx) + np.linalg.norm(check.exact)) / np.linalg.norm(check.exact))


def format_worry(table: dict, bugs=("none", "dW[2] doubled", "db[1] times 4", "dW[2] sign flipped")) -> str:
    table = _check_table(table)
    bugs = _validate.items("bugs", bugs)
    for bug in bugs:
        _validate.choice("bugs", bug, list(table))
    width = max(16, *(len(b) for b in bugs))
    lines = [f"{'planted bug':<{width}} {'right: |a - g| / (|a| + |g|)':>29} {'notes 1st: |a - g| / |g|':>25} "
             f"{'notes 2nd: (|a| + |g|) / |g|':>29}"]
    for bug in bugs:
        c = table[bug]
        lines.append(f"{bug:<{width}} {_error_text(c.relative_error, '.2e'):>29} "
                     f"{_error_text(notes_first_value(c), '.2e'):>25} {worry_value(c):29.3f}")
    return "\n".join(lines) + ("\n(a = dtheta_approx, g = dtheta from backprop; the notes' 2nd formula is "
                               "1 + |a| / |g| >= 1 whatever the gradients, and 2 whenever |a| = |g|, right or wrong)")


def penalty_of(net: Network, lambd: float, m: int) -> float:
    _validate.instance("net", net, Network)
    return regularization.penalty_cost(net.W, lambd, m, "l2")
