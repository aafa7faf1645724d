"""The checking machinery: an exercise, its named misconceptions, its probes, and the verdict.

An ``Exercise`` holds the reference (a thin adapter around the package's own tested function,
never a second copy of its formula), a list of ``Misconception``s (small mutants of the
reference, each with a message saying what the mistake is and what to change), a list of probe
inputs chosen so that every two of them give different outputs somewhere, a comparator and a hint.

Grading a function runs it on every probe, smallest first:

    raises NotImplementedError            -> "not implemented yet" (what a fresh notebook shows)
    agrees with the reference everywhere  -> passed
    agrees with one misconception on every probe -> that misconception's name and message
    otherwise                             -> expected against got (or the exception) on the
                                             smallest probe where it fails

Random functions are graded by ``observe``: it calls the function with a fresh generator from a
fixed seed and returns statistics over many draws (a kept fraction, a scale), compared with a
tolerance, so every correct way of drawing passes. All text is deterministic: no addresses,
timings or random values beyond the probes' fixed seeds.
"""

from __future__ import annotations

import copy
import html
import math
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["BadReturn", "Exercise", "Misconception", "Probe", "Report", "Result", "close", "show", "stats_close"]


class BadReturn(TypeError):
    """Raised by an ``observe`` function when the student's function returns the wrong kind of value."""


@dataclass(frozen=True)
class Misconception:
    """A named mistake: ``function`` has the student's signature and makes exactly that mistake."""

    name: str
    message: str
    function: Callable


@dataclass(frozen=True)
class Probe:
    """One input: positional ``args`` for the function (or for ``observe``) and how to print them."""

    args: tuple
    text: str = ""

    def __str__(self) -> str:
        return self.text or ", ".join(show(a) for a in self.args)

    @property
    def size(self) -> int:
        return sum(int(np.size(a)) if isinstance(a, np.ndarray) else _seq_size(a) for a in self.args)


def _seq_size(a) -> int:
    if isinstance(a, (list, tuple)):
        return sum(int(np.size(x)) for x in a)
    return 1


# --- comparing and printing values -------------------------------------------------------------------------

def close(rtol: float = 1e-6, atol: float = 1e-9) -> Callable[[object, object], bool]:
    """A comparator: numbers and arrays by allclose (same shape), strings and bools by equality,
    tuples and lists element by element, dicts key by key."""

    def compare(expected, got) -> bool:
        if isinstance(expected, Mapping):
            return (isinstance(got, Mapping) and set(got) == set(expected)
                    and all(compare(expected[k], got[k]) for k in expected))
        if isinstance(expected, (tuple, list)):
            return (isinstance(got, (tuple, list)) and len(got) == len(expected)
                    and all(compare(e, g) for e, g in zip(expected, got)))
        if isinstance(expected, (str, bool, type(None))):
            return type(got) is type(expected) and got == expected
        if isinstance(got, (str, bool, type(None), Mapping, tuple, list)):
            return False
        try:
            e = np.asarray(expected, dtype=float)
            g = np.asarray(got, dtype=float)
        except (TypeError, ValueError):
            return False
        return e.shape == g.shape and bool(np.allclose(g, e, rtol=rtol, atol=atol, equal_nan=True))

    return compare


def stats_close(tolerances: Mapping[str, float]) -> Callable[[object, object], bool]:
    """A comparator for ``observe`` statistics: each named number within its absolute tolerance;
    names without a tolerance (shapes, flags) must be equal."""

    def compare(expected, got) -> bool:
        if set(expected) != set(got):
            return False
        for key, e in expected.items():
            g = got[key]
            if key in tolerances and isinstance(e, float) and isinstance(g, float):
                if not (math.isnan(e) and math.isnan(g)) and not abs(e - g) <= tolerances[key]:
                    return False
            elif e != g:
                return False
        return True

    return compare


def show(value) -> str:
    """A short, deterministic text for a value: small arrays in full, big ones by shape."""
    if isinstance(value, np.ndarray):
        if value.size <= 24:
            text = np.array2string(value, precision=6, suppress_small=True, separator=", ", max_line_width=100)
            return "array(" + " ".join(text.split()) + ")"
        return f"array of shape {value.shape}"
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {show(v)}" for k, v in value.items())
    if isinstance(value, tuple):
        inner = ", ".join(show(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)):
        text = f"{float(value):.6g}"
        return text + ".0" if text.lstrip("-").isdigit() else text
    if isinstance(value, np.random.Generator):
        return "a numpy Generator"
    if isinstance(value, (int, np.integer, str, type(None))):
        return repr(value.item() if isinstance(value, np.integer) else value)
    return f"a {type(value).__name__}"


# --- exercises ---------------------------------------------------------------------------------------------

def _call(function, *args):
    return function(*copy.deepcopy(args))


@dataclass(frozen=True)
class _Outcome:
    value: object = None
    error: BaseException | None = None


@dataclass
class Exercise:
    """One auto-checked exercise; see the module docstring for how it grades."""

    name: str
    signature: str
    reference: Callable
    misconceptions: Sequence[Misconception]
    probes: Sequence[Probe]
    hint: str
    compare: Callable[[object, object], bool] = field(default_factory=close)
    observe: Callable = _call
    _expected: list = field(default=None, init=False, repr=False)
    _mistakes: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self):
        self.probes = sorted(self.probes, key=lambda p: p.size)
        names = [m.name for m in self.misconceptions]
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: misconception names must be unique, got {names}")

    def outcomes(self, function) -> list[_Outcome]:
        """Run ``function`` on every probe (smallest first); exceptions are caught, not raised."""
        out = []
        for probe in self.probes:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                try:
                    out.append(_Outcome(self.observe(function, *probe.args)))
                except Exception as exc:  # the student's code may raise anything: report it
                    out.append(_Outcome(error=exc))
        return out

    def expected(self) -> list[_Outcome]:
        if self._expected is None:
            self._expected = self.outcomes(self.reference)
            bad = [(p, o.error) for p, o in zip(self.probes, self._expected) if o.error is not None]
            if bad:
                raise RuntimeError(f"{self.name}: the reference raised {bad[0][1]!r} on probe {bad[0][0]}")
        return self._expected

    def mistake_outcomes(self, m: Misconception) -> list[_Outcome]:
        """A misconception's outcomes, computed once (mutants are deterministic: probes fix every seed)."""
        if m.name not in self._mistakes:
            self._mistakes[m.name] = self.outcomes(m.function)
        return self._mistakes[m.name]

    def agree(self, a: _Outcome, b: _Outcome) -> bool:
        if a.error is not None or b.error is not None:
            return a.error is not None and b.error is not None and type(a.error) is type(b.error)
        return bool(self.compare(a.value, b.value))

    def grade(self, function) -> Result:
        if not callable(function):
            raise TypeError(f"check.{self.name} needs the function you wrote (a callable), "
                            f"got {show(function)} of type {type(function).__name__}")
        got = self.outcomes(function)
        if any(isinstance(o.error, NotImplementedError) for o in got):
            return Result(self.name, "not implemented",
                          f"{self.name}: not implemented yet. Write {self.signature}, then run this cell again.")
        expected = self.expected()
        failing = [i for i, (e, g) in enumerate(zip(expected, got)) if not self.agree(e, g)]
        if not failing:
            return Result(self.name, "passed", f"{self.name}: passed, correct on all {len(self.probes)} checks.")
        for m in self.misconceptions:
            if all(self.agree(o, g) for o, g in zip(self.mistake_outcomes(m), got)):
                return Result(self.name, "misconception",
                              f"{self.name}: not yet. It looks like a known mistake: {m.name}.\n{m.message}",
                              misconception=m.name)
        i = failing[0]
        probe, g = self.probes[i], got[i]
        if isinstance(g.error, BadReturn):
            return Result(self.name, "error", f"{self.name}: {_clean(g.error)}\n  on input: {probe}")
        if g.error is not None:
            return Result(self.name, "error",
                          f"{self.name}: your function raised {type(g.error).__name__}: {_clean(g.error)}\n"
                          f"  on input: {probe}")
        e = expected[i].value
        if isinstance(e, Mapping) and isinstance(g.value, Mapping) and set(e) == set(g.value):
            width = max(len(k) for k in e)
            rows = [f"  {k + ':':{width + 1}} expected {show(e[k])}, got {show(g.value[k])}"
                    + ("" if self.compare({k: e[k]}, {k: g.value[k]}) else "   <- differs") for k in e]
            comparison = "\n".join(rows)
        else:
            comparison = f"  expected: {show(e)}\n  got:      {show(g.value)}"
        return Result(self.name, "wrong", f"{self.name}: not yet. On input: {probe}\n{comparison}\nhint: {self.hint}")


def _clean(exc: BaseException) -> str:
    """The exception message on one line, without memory addresses."""
    text = " ".join(str(exc).split())
    return re.sub(r" at 0x[0-9a-fA-F]+", "", text)


class Report:
    """Deterministic text shown the same way as text/plain and as HTML in a notebook."""

    kind = "info"
    _COLORS = {"passed": "#2e7d32", "not implemented": "#757575", "misconception": "#e65100",
               "wrong": "#c62828", "error": "#c62828", "info": "#1565c0"}

    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        color = self._COLORS[self.kind]
        return (f'<pre style="white-space: pre-wrap; border-left: 4px solid {color}; padding: 4px 8px; '
                f'margin: 0">{html.escape(self.text)}</pre>')


class Result(Report):
    """The verdict on one function: ``.passed``, ``.misconception`` (a name or None), ``.status``."""

    def __init__(self, exercise: str, status: str, text: str, misconception: str | None = None):
        super().__init__(text)
        self.exercise = exercise
        self.status = status
        self.kind = status
        self.misconception = misconception

    @property
    def passed(self) -> bool:
        return self.status == "passed"

    def __bool__(self) -> bool:
        return self.passed
