"""Exercise for notebook 10 (mini-batch gradient descent).

    random_mini_batches(X, Y, batch_size, rng) -> [(X^{1}, Y^{1}), (X^{2}, Y^{2}), ...]

Shuffle the m columns of X and Y with ONE permutation drawn from ``rng``, then cut them into
batches of ``batch_size``; the last batch holds the m mod batch_size examples left over.
Reference: ``course2.minibatch.random_mini_batches``. Graded by what the batches are made of
(``observe``), never by the exact permutation, so any correct way of shuffling passes
(``rng.permutation(m)``, ``rng.shuffle`` on an index array, ``rng.choice(m, m, replace=False)``).
"""

from __future__ import annotations

import itertools

import numpy as np

from course2 import minibatch

from .grading import BadReturn, Exercise, Misconception, Probe, stats_close

__all__ = ["EXERCISES"]


def random_mini_batches(X, Y, batch_size, rng):
    """The reference, with the student's signature."""
    return minibatch.random_mini_batches(X, Y, batch_size, rng=rng)


def _data(m: int):
    """Column i of X is (i, -i); Y is (1, m) with Y[0, i] = i mod 2: a column can be traced back."""
    i = np.arange(m, dtype=float)
    return np.vstack([i, -i]), (i % 2).reshape(1, -1)


def _batches(out, m):
    if not isinstance(out, (list, tuple)) or not all(isinstance(p, (list, tuple)) and len(p) == 2 for p in out):
        raise BadReturn("random_mini_batches must return a list of pairs (X_t, Y_t)")
    batches = [(np.asarray(a, dtype=float), np.asarray(b, dtype=float)) for a, b in out]
    for Xt, Yt in batches:
        if Xt.ndim != 2 or Yt.ndim != 2 or Xt.shape[0] != 2 or Yt.shape[0] != 1 or Xt.shape[1] != Yt.shape[1]:
            raise BadReturn(f"each mini-batch must be (X_t, Y_t) with X_t of shape (2, b) and Y_t of shape (1, b) "
                            f"for this X (2, {m}) and Y (1, {m}), got {Xt.shape} and {Yt.shape}")
    return batches


def observe(function, m, batch_size, seed) -> dict:
    """Call ``function`` twice with one generator (two epochs), then once more with a new generator seeded
    the same way (the first epoch again), and describe the batches."""
    X, Y = _data(m)
    rng = np.random.default_rng(seed)
    first = _batches(function(X.copy(), Y.copy(), batch_size, rng), m)
    second = _batches(function(X.copy(), Y.copy(), batch_size, rng), m)
    again = _batches(function(X.copy(), Y.copy(), batch_size, np.random.default_rng(seed)), m)
    order = np.concatenate([Xt[0] for Xt, _ in first]) if first else np.array([])
    return {
        "batch sizes": str([Xt.shape[1] for Xt, _ in first]),
        "every example exactly once": bool(np.array_equal(np.sort(order), np.arange(m))),
        "X and Y columns still paired": all(np.array_equal(Xt[0] % 2, Yt[0]) and np.array_equal(Xt[1], -Xt[0])
                                            for Xt, Yt in first),
        "shuffled": bool(order.size == m and not np.array_equal(order, np.arange(m))),
        "the second epoch has other batches": not all(np.array_equal(a[0], b[0]) for a, b in zip(first, second)),
        "the same seed gives the same batches": len(again) == len(first)
                                                and all(np.array_equal(a[0], b[0]) for a, b in zip(first, again)),
    }


def _separately(X, Y, batch_size, rng):
    Xs = X[:, rng.permutation(X.shape[1])]
    Ys = Y[:, rng.permutation(Y.shape[1])]
    return [(Xs[:, s], Ys[:, s]) for s in minibatch.batch_slices(X.shape[1], batch_size)]


#: seeds of a generator that is not the one given: a new one on every call, as np.random's global state
#: or an unseeded default_rng() would be (deterministic here, so the mistake's own observation is stable)
_OTHER_SEEDS = itertools.count(10_000)


def _own_generator(X, Y, batch_size, rng):
    return random_mini_batches(X, Y, batch_size, np.random.default_rng(next(_OTHER_SEEDS)))


def _drop_last(X, Y, batch_size, rng):
    batches = random_mini_batches(X, Y, batch_size, rng)
    return batches[:-1] if X.shape[1] % batch_size else batches


RANDOM_MINI_BATCHES = Exercise(
    name="random_mini_batches",
    signature="random_mini_batches(X, Y, batch_size, rng) returning [(X_t, Y_t), ...]",
    reference=random_mini_batches,
    misconceptions=[
        Misconception(
            "shuffled X and Y separately",
            "Draw ONE permutation, perm = rng.permutation(m), and apply it to both: X[:, perm] and Y[:, perm]. "
            "Two separate shuffles give every image another image's label.",
            _separately),
        Misconception(
            "dropped the last, smaller batch",
            "When m is not a multiple of batch_size, the last mini-batch holds the m mod batch_size examples left "
            "over: keep it, or those examples are never trained on.",
            _drop_last),
        Misconception(
            "reseeded generator: the same batches every epoch",
            "Use the generator you are given (rng.permutation(m)) and do not create or seed one inside the "
            "function: a generator made afresh on every call shuffles the same way every epoch.",
            lambda X, Y, batch_size, rng: random_mini_batches(X, Y, batch_size, np.random.default_rng(1))),
        Misconception(
            "ignored rng: shuffled with another generator",
            "Draw the permutation from the rng you are given: perm = rng.permutation(m). np.random.permutation "
            "(the global generator) or an unseeded np.random.default_rng() shuffles differently on every run, so "
            "the same seed no longer gives the same batches and nobody can reproduce your training.",
            _own_generator),
        Misconception(
            "did not shuffle",
            "Shuffle before you partition (perm = rng.permutation(m)): without it every epoch sees the same "
            "batches, in the order the data happened to be stored.",
            lambda X, Y, batch_size, rng: [(X[:, s], Y[:, s]) for s in minibatch.batch_slices(X.shape[1], batch_size)]),
    ],
    probes=[
        Probe((10, 4, 0), "X (2, 10), Y (1, 10), batch_size=4, rng=np.random.default_rng(0), called twice"),
        Probe((197, 64, 1), "X (2, 197), Y (1, 197), batch_size=64, rng=np.random.default_rng(1), called twice"),
        Probe((12, 3, 2), "X (2, 12), Y (1, 12), batch_size=3, rng=np.random.default_rng(2), called twice"),
    ],
    compare=stats_close({}),
    observe=observe,
    hint="perm = rng.permutation(m); Xs, Ys = X[:, perm], Y[:, perm]; then "
         "[(Xs[:, k:k + batch_size], Ys[:, k:k + batch_size]) for k in range(0, m, batch_size)].",
)

EXERCISES = [RANDOM_MINI_BATCHES]
