"""Gradient checking by centered differences, with a per-parameter breakdown.

Reshape W[1], b[1], ..., W[L], b[L] into one vector theta and J(W, b) into J(theta); then for each i

    dtheta_approx[i] = (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)

and compare with the backward pass's dtheta by the relative error (ERRATA #4: the notes' second
formula has no difference in it)

    ||dtheta_approx - dtheta||_2 / (||dtheta_approx||_2 + ||dtheta||_2)

With eps = 1e-7: about 1e-7 is fine, about 1e-5 deserves a closer look, 1e-3 or more is a bug.
With batch norm J is the training-mode cost (batch statistics); checking leaves the running averages alone.
J includes the regularization term. Dropout makes J random, so checking refuses keep_prob < 1
unless the masks are held fixed. ReLU kinks can make a correct gradient look wrong when
theta +- eps straddles Z = 0: prefer tanh/sigmoid when hunting a bug, or a smaller eps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from . import _validate, regularization

FINE, LOOK, BUG = 1e-7, 1e-5, 1e-3


def params_to_vector(params: Sequence[np.ndarray]) -> np.ndarray:
    """Concatenate [W[1], b[1], ..., W[L], b[L]] into one vector theta (row-major per array)."""
    params = _validate.items("params", params, nonempty=False)
    if not params:
        raise ValueError("params must hold at least one array, got an empty list")
    return np.concatenate([_validate.array(f"params[{i}]", p, nonempty=False).ravel() for i, p in enumerate(params)])


def vector_to_params(theta, shapes: Sequence[tuple[int, ...]]) -> list[np.ndarray]:
    """Split theta back into arrays of the given shapes (the inverse of ``params_to_vector``)."""
    theta = _validate.array("theta", theta, ndim=1, finite=False)
    shapes = [tuple(_validate.integer(f"shapes[{i}]", n, low=0)
                    for n in _validate.items(f"shapes[{i}]", s, nonempty=False))
              for i, s in enumerate(_validate.items("shapes", shapes))]
    sizes = [int(np.prod(s)) for s in shapes]
    if sum(sizes) != theta.size:
        raise ValueError(f"theta has {theta.size} entries but shapes {list(shapes)} need {sum(sizes)}")
    out, start = [], 0
    for s, n in zip(shapes, sizes):
        out.append(theta[start: start + n].reshape(s).copy())
        start += n
    return out


def relative_error(approx, exact) -> float:
    """||approx - exact|| / (||approx|| + ||exact||); 0 when both are 0."""
    approx = _validate.array("approx", approx, nonempty=False).ravel()
    exact = _validate.array("exact", exact, nonempty=False).ravel()
    if approx.shape != exact.shape:
        raise ValueError(f"approx and exact must have the same size, got approx {approx.size} and exact {exact.size}")
    denom = np.linalg.norm(approx) + np.linalg.norm(exact)
    return 0.0 if denom == 0 else float(np.linalg.norm(approx - exact) / denom)


DIFFERENCES = ("centered", "one-sided")


def numerical_gradient(J: Callable[[np.ndarray], float], theta, epsilon: float = 1e-7, *,
                       difference: str = "centered") -> np.ndarray:
    """Differences of J at theta, one coordinate at a time.

        centered:  (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)     error O(eps^2)
        one-sided: (J(theta + eps e_i) - J(theta)) / eps                    error O(eps)
    """
    _validate.function("J", J)
    epsilon = _validate.real("epsilon", epsilon, low=0.0, low_open=True)
    _validate.choice("difference", difference, DIFFERENCES)
    theta = _validate.array("theta", theta, ndim=1).copy()
    grad = np.empty_like(theta)
    base = J(theta) if difference == "one-sided" else None
    for i in range(theta.size):
        old = theta[i]
        theta[i] = old + epsilon
        plus = J(theta)
        if base is None:
            theta[i] = old - epsilon
            minus = J(theta)
            grad[i] = (plus - minus) / (2.0 * epsilon)
        else:
            grad[i] = (plus - base) / epsilon
        theta[i] = old
    return grad


def verdict(error: float) -> str:
    """The lecture's reading of a relative error."""
    error = _validate.real("error", error, low=0.0)
    if error <= FINE * 10:
        return "fine"
    if error < BUG:
        return "look closer"
    return "bug"


@dataclass(frozen=True)
class ParameterCheck:
    name: str
    relative_error: float
    max_abs_difference: float


@dataclass(frozen=True)
class GradientCheck:
    """Result of ``check_network``: the overall error and one ``ParameterCheck`` per W[l] and b[l]."""

    relative_error: float
    parameters: tuple[ParameterCheck, ...]
    approx: np.ndarray
    exact: np.ndarray

    @property
    def verdict(self) -> str:
        return verdict(self.relative_error)

    @property
    def worst(self) -> ParameterCheck:
        """The parameter with the largest relative error: where to look for the bug."""
        return max(self.parameters, key=lambda p: p.relative_error)

    def __str__(self) -> str:
        lines = [f"relative error {self.relative_error:.2e} ({self.verdict})"]
        lines += [f"  {p.name:6s} {p.relative_error:.2e}  {verdict(p.relative_error)}" for p in self.parameters]
        return "\n".join(lines)


def check_network(net, X, Y, *, lambd: float = 0.0, penalty: str = "l2", epsilon: float = 1e-7,
                  keep_prob=1.0, masks=None, backward: Callable | None = None) -> GradientCheck:
    """Check ``net.backward`` against centered differences of J (with the penalty) at net's theta.

    ``backward(net, Y, lambd=..., penalty=...)`` replaces ``net.backward`` to check another
    implementation (a planted bug, a student's version). The result says which W[l] or b[l] is off.
    """
    from .network import Network

    _validate.instance("net", net, Network)
    if backward is not None:
        _validate.function("backward", backward)
    X = net.check_X(X)
    Y = net.check_Y(Y, X.shape[1])
    lambd = regularization.check_lambd(lambd)
    _validate.choice("penalty", penalty, regularization.PENALTIES)
    keep = net.check_keep_prob(keep_prob)
    if any(k < 1.0 for k in keep) and masks is None:
        raise ValueError("gradient checking with dropout (keep_prob < 1) needs fixed masks: pass masks=[...] "
                         "(one per hidden layer) or check with keep_prob=1 and turn dropout on afterwards")
    if masks is not None and all(k == 1.0 for k in keep):
        raise ValueError("masks are given but keep_prob is 1: pass the keep_prob the masks were drawn with")
    theta0 = net.get_params()

    def J(theta):       # training mode (batch norm: batch statistics) without touching the running averages
        net.theta[...] = theta
        net.forward(X, keep_prob=keep, masks=masks, update_running=False)
        return net.cost(Y, lambd=lambd, penalty=penalty)

    try:
        approx_flat = numerical_gradient(J, theta0.astype(np.float64), epsilon)
        net.theta[...] = theta0
        net.forward(X, keep_prob=keep, masks=masks, update_running=False)
        grads = (backward or _default_backward)(net, Y, lambd=lambd, penalty=penalty)
    finally:
        net.theta[...] = theta0
    exact = params_to_vector(grads)
    # theta is laid out [all W, all b]; reorder the numerical gradient to the params order.
    approx = params_to_vector(_as_params(net, approx_flat))
    checks, start = [], 0
    for name, g in zip(net.param_names, grads):
        n = g.size
        a, e = approx[start: start + n], exact[start: start + n]
        checks.append(ParameterCheck(name, relative_error(a, e), float(np.max(np.abs(a - e)))))
        start += n
    return GradientCheck(relative_error(approx, exact), tuple(checks), approx, exact)


def _default_backward(net, Y, *, lambd, penalty):
    return net.backward(Y, lambd=lambd, penalty=penalty)


def _as_params(net, flat: np.ndarray) -> list[np.ndarray]:
    """The arrays [W[1], b[1], ...] that ``flat`` (laid out like net.theta) holds."""
    copy = net.copy()
    copy.theta[...] = flat
    return copy.params
