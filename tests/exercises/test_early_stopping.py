"""Notebook 05 exercise: the patience rule (stop, then restore the best)."""

import numpy as np
import pytest

from course2.exercises import check


def patience_rule(dev_errors, patience, *, better=lambda a, b: a < b, late_by=0, best_over_all=False,
                  reset=True):
    best, without = 0, 0
    for i in range(1, len(dev_errors)):
        if better(dev_errors[i], dev_errors[best]):
            best = i
            if reset:
                without = 0
        else:
            without += 1
            if without >= patience + late_by:
                return i, int(np.argmin(dev_errors)) if best_over_all else best
    return len(dev_errors) - 1, int(np.argmin(dev_errors)) if best_over_all else best


MISTAKES = {
    "kept the last parameters instead of the best": lambda e, p: (patience_rule(e, p)[0],) * 2,
    "counted patience from the start instead of since the best": lambda e, p: patience_rule(e, p, reset=False),
    "ties resolved to the latest (<= instead of <)": lambda e, p: patience_rule(e, p, better=lambda a, b: a <= b),
    "waited one evaluation too many": lambda e, p: patience_rule(e, p, late_by=1),
    "stopped one evaluation too early": lambda e, p: patience_rule(e, p, late_by=-1),
    "looked past the stop for the best": lambda e, p: patience_rule(e, p, best_over_all=True),
}


@pytest.mark.parametrize("name", MISTAKES)
def test_early_stopping_mistakes_are_named(name):
    assert check.early_stopping(MISTAKES[name]).misconception == name


def test_early_stopping_alternatives_pass():
    def vectorized(dev_errors, patience):
        e = np.asarray(dev_errors)
        firsts = np.array([np.argmin(e[:i + 1]) for i in range(e.size)])
        hits = np.flatnonzero(np.arange(e.size) - firsts >= patience)
        stop = int(hits[0]) if hits.size else e.size - 1
        return stop, int(firsts[stop])

    assert check.early_stopping(vectorized)
    assert check.early_stopping(lambda e, p: list(patience_rule(e, p)))


def rotate_by_hand(X, degrees, *, sign=1.0, radians=False, in_place=False):
    t = degrees if radians else degrees * np.pi / 180
    X = np.array(X, dtype=float)
    x1 = np.cos(t) * X[0] - sign * np.sin(t) * X[1]
    x2 = sign * np.sin(t) * (x1 if in_place else X[0]) + np.cos(t) * X[1]
    return np.vstack([x1, x2])


ROTATE_MISTAKES = {
    "used degrees as radians": lambda X, d: rotate_by_hand(X, d, radians=True),
    "rotated clockwise (R transposed)": lambda X, d: rotate_by_hand(X, d, sign=-1.0),
    "overwrote x1 before computing x2": lambda X, d: rotate_by_hand(X, d, in_place=True),
}


@pytest.mark.parametrize("name", ROTATE_MISTAKES)
def test_rotate_mistakes_are_named(name):
    assert check.rotate(ROTATE_MISTAKES[name]).misconception == name


def test_rotate_alternatives_pass():
    assert check.rotate(rotate_by_hand)

    def complex_numbers(X, degrees):
        z = (X[0] + 1j * X[1]) * np.exp(1j * np.radians(degrees))
        return np.vstack([z.real, z.imag])

    assert check.rotate(complex_numbers)
