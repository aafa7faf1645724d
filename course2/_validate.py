"""Argument checks shared by every public function.

Each check raises ``ValueError`` (bad value) or ``TypeError`` (bad type) with a
message that names the argument, the value it got and what is allowed, e.g.::

    ValueError: keep_prob must be in (0, 1], got 1.5
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from numbers import Integral, Real

import numpy as np


def _fmt(value) -> str:
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape}"
    return repr(value)


def real(name: str, value, *, low=None, high=None, low_open=False, high_open=False) -> float:
    """Check that ``value`` is a real number within [low, high] (or open ends); return it as float."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {_fmt(value)} of type {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    lo_ok = low is None or (value > low if low_open else value >= low)
    hi_ok = high is None or (value < high if high_open else value <= high)
    if not (lo_ok and hi_ok):
        lo = "-inf" if low is None else repr(low)
        hi = "inf" if high is None else repr(high)
        left = "(" if low_open or low is None else "["
        right = ")" if high_open or high is None else "]"
        interval = f"{left}{lo}, {hi}{right}"
        raise ValueError(f"{name} must be in {interval}, got {value!r}")
    return value


def integer(name: str, value, *, low=None, high=None) -> int:
    """Check that ``value`` is an integer within [low, high]; return it as int."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {_fmt(value)} of type {type(value).__name__}")
    value = int(value)
    if (low is not None and value < low) or (high is not None and value > high):
        lo = "-inf" if low is None else low
        hi = "inf" if high is None else high
        raise ValueError(f"{name} must be an integer in [{lo}, {hi}], got {value!r}")
    return value


def choice(name: str, value, allowed: Iterable[str]) -> str:
    """Check that ``value`` is one of the ``allowed`` names."""
    allowed = tuple(allowed)
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}; got {value!r}")
    return value


def array(name: str, value, *, ndim: int | None = None, finite: bool = True, nonempty: bool = True,
          dtype=np.float64) -> np.ndarray:
    """Convert ``value`` to a numeric array and check its rank, size and finiteness."""
    if value is None or isinstance(value, (str, bytes)) or (
            not isinstance(value, np.ndarray) and not np.isscalar(value) and _has_text(value)):
        raise TypeError(f"{name} must be a numeric array, got {_fmt(value)} of type {type(value).__name__}")
    if isinstance(value, np.ndarray) and value.dtype.kind in "US":
        raise TypeError(f"{name} must be a numeric array, got an array of text (dtype {value.dtype})")
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a numeric array, got {type(value).__name__}: {exc}") from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {arr.shape}")
    if nonempty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} must contain only finite values, got {bad} NaN or infinite entries")
    return arr


def _has_text(value) -> bool:
    """Whether a (nested) sequence holds text, which np.asarray(..., float) would silently parse ("30" -> 30.0)."""
    if isinstance(value, (int, float, np.number)):
        return False
    try:
        return any(isinstance(v, (str, bytes)) for v in np.asarray(value, dtype=object).ravel())
    except (TypeError, ValueError):
        return False


def rng(name: str, value) -> np.random.Generator:
    """Accept a ``numpy.random.Generator`` or an integer seed; return a Generator.

    ``None`` is refused on purpose: every random function is reproducible.
    """
    if isinstance(value, np.random.Generator):
        return value
    if isinstance(value, Integral) and not isinstance(value, bool) and value >= 0:
        return np.random.default_rng(int(value))
    raise TypeError(f"{name} must be a numpy.random.Generator or a non-negative int seed, got {_fmt(value)}")


def xy(X, Y, *, x_name: str = "X", y_name: str = "Y") -> tuple[np.ndarray, np.ndarray]:
    """Check a data pair in course notation: X is (n_x, m), Y is (n_y, m), both finite."""
    X = array(x_name, X, ndim=2)
    Y = array(y_name, Y, ndim=2)
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"{x_name} and {y_name} must have the same number of examples (columns): "
            f"{x_name} has shape {X.shape}, {y_name} has shape {Y.shape}"
        )
    return X, Y


def instance(name: str, value, cls, what: str | None = None):
    """Check that ``value`` is an instance of ``cls`` (a class or tuple); ``what`` describes it for the message."""
    if not isinstance(value, cls):
        if what is None:
            classes = cls if isinstance(cls, tuple) else (cls,)
            what = " or ".join(f"a {c.__module__}.{c.__qualname__}" for c in classes)
        raise TypeError(f"{name} must be {what}, got {_fmt(value)} of type {type(value).__name__}")
    return value


def function(name: str, value):
    """Check that ``value`` is callable."""
    if not callable(value):
        raise TypeError(f"{name} must be callable (a function), got {_fmt(value)} of type {type(value).__name__}")
    return value


def items(name: str, value, *, nonempty: bool = True) -> list:
    """The elements of a sequence (list, tuple, array, ...) as a list; a string or a scalar is refused."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a sequence (a list or tuple), got {_fmt(value)} of type "
                        f"{type(value).__name__}")
    out = list(value)
    if nonempty and not out:
        raise ValueError(f"{name} must hold at least one element, got an empty {type(value).__name__}")
    return out


def flag(name: str, value) -> bool:
    """Check that ``value`` is True or False (a numpy bool too)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_fmt(value)} of type {type(value).__name__}")
    return bool(value)


def same_shape(name: str, value: np.ndarray, ref_name: str, ref: np.ndarray) -> np.ndarray:
    """Check that the array ``value`` has the shape of ``ref``."""
    if value.shape != ref.shape:
        raise ValueError(f"{name} must have the shape of {ref_name} {ref.shape}, got shape {value.shape}")
    return value


def option(name: str, value, options):
    """Check that ``value`` is one of ``options`` (numbers compare equal to 1e-9); return the option itself.

    For an explorer's start value: its slider offers only these values.
    """
    options = tuple(o.item() if isinstance(o, np.generic) else o for o in options)
    numeric = all(isinstance(o, Real) and not isinstance(o, bool) for o in options)
    if numeric and (isinstance(value, bool) or not isinstance(value, Real)):
        raise TypeError(f"{name} must be one of the slider's values {', '.join(map(repr, options))}; "
                        f"got {_fmt(value)} of type {type(value).__name__}")
    for opt in options:
        if isinstance(value, str) or isinstance(opt, str) or isinstance(value, bool):
            if value == opt and type(value) is type(opt):
                return opt
        elif isinstance(value, Real) and math.isclose(value, opt, rel_tol=1e-9, abs_tol=1e-12):
            return opt
    raise ValueError(f"{name} must be one of the slider's values {', '.join(map(repr, options))}; got {value!r}")
