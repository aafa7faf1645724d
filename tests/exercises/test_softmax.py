"""Notebook 18 exercises: the stable softmax and the cross-entropy from logits."""

import numpy as np
import pytest

from course2.exercises import check


def _softmax(shift, axis=0):
    def stable_softmax(Z):
        E = np.exp(Z - shift(Z))
        return E / np.sum(E, axis=axis, keepdims=True)
    return stable_softmax


SOFTMAX_MISTAKES = {
    "no max shift: exp(Z) / sum exp(Z)": _softmax(lambda Z: 0),
    "summed over the wrong axis (the examples)": _softmax(lambda Z: np.max(Z, axis=1, keepdims=True), axis=1),
    "shifted by the max of the whole array": _softmax(lambda Z: np.max(Z)),
}
SHIFT = "shifted by each column's min or mean, not its max"


@pytest.mark.parametrize("shift", [lambda Z: np.min(Z, axis=0), lambda Z: np.mean(Z, axis=0),
                                   lambda Z: np.median(Z, axis=0)], ids=["min", "mean", "median"])
def test_softmax_shifted_by_another_column_statistic_is_named(shift):
    with np.errstate(all="ignore"):
        assert check.stable_softmax(_softmax(shift)).misconception == SHIFT


@pytest.mark.parametrize("name", SOFTMAX_MISTAKES)
def test_softmax_mistakes_are_named(name):
    with np.errstate(all="ignore"):
        assert check.stable_softmax(SOFTMAX_MISTAKES[name]).misconception == name


def test_softmax_alternatives_pass():
    def stable_softmax(Z):
        out = np.empty_like(Z, dtype=float)
        for i in range(Z.shape[1]):
            e = np.exp(Z[:, i] - Z[:, i].max())
            out[:, i] = e / e.sum()
        return out

    assert check.stable_softmax(stable_softmax)


def _log(A):
    with np.errstate(divide="ignore"):
        return np.log(A)


def _stable(Z):
    E = np.exp(Z - Z.max(axis=0))
    return E / E.sum(axis=0)


CE_MISTAKES = {
    "log of a softmax that underflowed": lambda Z, Y: -np.sum(Y * _log(_stable(Z))) / Z.shape[1],
    "no max shift in log-softmax": lambda Z, Y: -np.sum(Y * (Z - np.log(np.sum(np.exp(Z), axis=0)))) / Z.shape[1],
    "binary cross-entropy used for several classes":
        lambda Z, Y: -np.sum(Y * _log(_stable(Z)) + (1 - Y) * _log(1 - _stable(Z))) / Z.shape[1],
    "averaged over every entry (divided by C m)": lambda Z, Y: -np.mean(Y * _log(_stable(Z))),
    "summed over the examples, no 1/m": lambda Z, Y: -np.sum(Y * _log(_stable(Z))),
    "log-softmax over the wrong axis (the examples)":
        lambda Z, Y: -np.sum(Y * (Z - Z.max(axis=1, keepdims=True)
                                  - np.log(np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True))))
        / Z.shape[1],
}


CE_SHIFT = "log-softmax shifted by the min or mean, not the max"


def _ce_shifted(shift):
    def cross_entropy(Z, Y):
        c = shift(Z)
        return -np.sum(Y * (Z - c - np.log(np.sum(np.exp(Z - c), axis=0)))) / Z.shape[1]
    return cross_entropy


@pytest.mark.parametrize("shift", [lambda Z: np.min(Z, axis=0), lambda Z: np.mean(Z, axis=0)], ids=["min", "mean"])
def test_cross_entropy_shifted_by_another_column_statistic_is_named(shift):
    with np.errstate(all="ignore"):
        assert check.cross_entropy(_ce_shifted(shift)).misconception == CE_SHIFT


@pytest.mark.parametrize("name", CE_MISTAKES)
def test_cross_entropy_mistakes_are_named(name):
    with np.errstate(all="ignore"):
        assert check.cross_entropy(CE_MISTAKES[name]).misconception == name


def test_cross_entropy_alternatives_pass():
    def cross_entropy(Z, Y):
        m = Z.shape[1]
        total = 0.0
        for i in range(m):
            z = Z[:, i]
            c = z.max()
            lse = c + np.log(np.sum(np.exp(z - c)))
            total += lse - z[np.argmax(Y[:, i])]
        return total / m

    assert check.cross_entropy(cross_entropy)
