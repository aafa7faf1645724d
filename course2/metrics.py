"""Accuracy and error rate, for predictions in course notation (1, m)."""

from __future__ import annotations

import numpy as np

from . import _validate


def labels_of(Y: np.ndarray) -> np.ndarray:
    """Class labels (1, m) of Y: Y itself when it has one row (0/1), argmax over rows when one-hot."""
    Y = _validate.array("Y", Y, ndim=2)
    return Y if Y.shape[0] == 1 else Y.argmax(axis=0)[None, :]


def accuracy(predictions, Y) -> float:
    """Fraction of examples whose predicted label equals the true label (Y 0/1 or one-hot)."""
    P = _validate.array("predictions", predictions, ndim=2)
    if np.any(P != np.round(P)):
        raise ValueError("predictions must be class labels (whole numbers, e.g. net.predict(X)), not probabilities: "
                         f"got values such as {P[P != np.round(P)][0]:g}")
    Y = _validate.array("Y", Y, ndim=2)
    Yl = labels_of(Y)
    if P.shape != Yl.shape:
        raise ValueError(f"predictions must have shape {Yl.shape} (one label per example of Y), got {P.shape}")
    return float(np.mean(P == Yl))


def error_rate(predictions, Y) -> float:
    """1 - accuracy."""
    return 1.0 - accuracy(predictions, Y)


def network_accuracy(net, X, Y) -> float:
    """Accuracy of ``net.predict(X)`` against Y."""
    from .network import Network

    _validate.instance("net", net, Network)
    return accuracy(net.predict(X), Y)
