"""Activation functions g(Z) and their derivatives, in place where it saves allocations.

Each activation has a forward ``g(Z) -> A`` and a backward that turns dA into dZ = dA * g'(Z),
written from whichever of Z or A gives the cheaper formula:

    relu:    A = max(0, Z)           g'(Z) = 1 if Z > 0 else 0   (0 at the kink, like PyTorch)
    tanh:    A = tanh(Z)             g'(Z) = 1 - A**2
    sigmoid: A = 1 / (1 + exp(-Z))   g'(Z) = A * (1 - A)     (relative accuracy for z < 0: see ``sigmoid``)
    linear:  A = Z                   g'(Z) = 1
"""

from __future__ import annotations

import numpy as np

from . import _validate

ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")


def _check_Z(Z, out, name: str = "Z") -> np.ndarray:
    floating = isinstance(Z, np.ndarray) and Z.dtype in (np.float32, np.float64)
    Z = _validate.array(name, Z, nonempty=False, dtype=Z.dtype if floating else np.float64)
    if out is not None:
        _validate.same_shape("out", _validate.instance("out", out, np.ndarray, "a numpy array"), name, Z)
    return Z


def sigmoid(Z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """sigmoid(Z) = 1 / (1 + exp(-Z)), accurate to a few ulps *relative* wherever the result is a
    normal float (z >= -708); below that it underflows gradually to 0 (z < -709.78, where exp(-z)
    overflows to inf and 1/inf = 0; that overflow is expected and not reported).

    (1 + tanh(z/2))/2, the obvious overflow-free form, is accurate only in absolute terms: for z < -15
    it cancels (1 + tanh ~ 1 - 1) and from z ~ -38 it returns exactly 0, where sigmoid(z) ~ exp(z).
    """
    return _sigmoid(_check_Z(Z, out), out)


def _sigmoid(Z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``sigmoid`` without argument checks (the network's fast path)."""
    out = np.negative(Z, out=out)
    with np.errstate(over="ignore", under="ignore"):
        np.exp(out, out=out)
        out += 1.0
        np.reciprocal(out, out=out)
    return out


def forward(name: str, Z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """A = g(Z) for the activation called ``name``; writes into ``out`` when given."""
    _validate.choice("activation", name, ACTIVATIONS)
    return _forward(name, _check_Z(Z, out), out)


def _forward(name: str, Z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``forward`` without argument checks (the network's fast path)."""
    if name == "relu":
        return np.maximum(Z, 0.0, out=out)
    if name == "tanh":
        return np.tanh(Z, out=out)
    if name == "sigmoid":
        return _sigmoid(Z, out=out)
    if name == "linear":
        if out is None:
            return Z.copy()
        out[...] = Z
        return out
    _validate.choice("activation", name, ACTIVATIONS)
    raise AssertionError("unreachable")


def backward(name: str, dA: np.ndarray, Z: np.ndarray, A: np.ndarray) -> np.ndarray:
    """dZ = dA * g'(Z), computed in place in ``dA`` (which is returned)."""
    _validate.choice("activation", name, ACTIVATIONS)
    dA = _validate.instance("dA", dA, np.ndarray, "a numpy float array (updated in place)")
    if dA.dtype.kind != "f" or not dA.flags.writeable:
        raise TypeError(f"dA must be a writeable floating-point array (updated in place), got dtype {dA.dtype}")
    _validate.array("dA", dA, nonempty=False)
    _validate.same_shape("Z", _validate.array("Z", Z, nonempty=False), "dA", dA)
    _validate.same_shape("A", _validate.array("A", A, nonempty=False), "dA", dA)
    return _backward(name, dA, Z, A)


def _backward(name: str, dA: np.ndarray, Z: np.ndarray, A: np.ndarray) -> np.ndarray:
    """``backward`` without argument checks (the network's fast path)."""
    if name == "relu":
        dA *= Z > 0
    elif name == "tanh":
        dA *= 1.0 - A * A
    elif name == "sigmoid":
        dA *= A * (1.0 - A)
    elif name != "linear":
        _validate.choice("activation", name, ACTIVATIONS)
    return dA
