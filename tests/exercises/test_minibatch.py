"""Notebook 10 exercise: random_mini_batches, graded by what the batches hold (any correct shuffle passes)."""

import numpy as np
import pytest

from course2.exercises import check


def _partition(Xs, Ys, b):
    return [(Xs[:, k:k + b], Ys[:, k:k + b]) for k in range(0, Xs.shape[1], b)]


def _shuffled(X, Y, b, perm):
    return _partition(X[:, perm], Y[:, perm], b)


def _drop_last(X, Y, b, perm):
    return [p for p in _shuffled(X, Y, b, perm) if p[0].shape[1] == b]


MISTAKES = {
    "shuffled X and Y separately": lambda X, Y, b, rng: _partition(X[:, rng.permutation(X.shape[1])],
                                                                   Y[:, rng.permutation(Y.shape[1])], b),
    "dropped the last, smaller batch": lambda X, Y, b, rng: _drop_last(X, Y, b, rng.permutation(X.shape[1])),
    "reseeded generator: the same batches every epoch": lambda X, Y, b, rng: _shuffled(
        X, Y, b, np.random.default_rng(0).permutation(X.shape[1])),
    "did not shuffle": lambda X, Y, b, rng: _partition(X, Y, b),
    "ignored rng: shuffled with another generator": lambda X, Y, b, rng: _shuffled(
        X, Y, b, np.random.default_rng().permutation(X.shape[1])),
}


def test_the_global_generator_is_the_ignored_rng_mistake():
    def random_mini_batches(X, Y, batch_size, rng):
        perm = np.random.permutation(X.shape[1])  # noqa: NPY002 -- the mistake, on purpose
        return _partition(X[:, perm], Y[:, perm], batch_size)

    assert check.random_mini_batches(random_mini_batches).misconception == (
        "ignored rng: shuffled with another generator")


@pytest.mark.parametrize("name", MISTAKES)
def test_mistakes_are_named(name):
    assert check.random_mini_batches(MISTAKES[name]).misconception == name


def test_global_seed_inside_the_function_is_the_reseeding_mistake():
    def random_mini_batches(X, Y, batch_size, rng):
        np.random.seed(0)  # noqa: NPY002 -- the mistake, on purpose
        perm = np.random.permutation(X.shape[1])  # noqa: NPY002
        return _partition(X[:, perm], Y[:, perm], batch_size)

    state = np.random.get_state()  # noqa: NPY002
    try:
        assert check.random_mini_batches(random_mini_batches).misconception == (
            "reseeded generator: the same batches every epoch")
    finally:
        np.random.set_state(state)  # noqa: NPY002


@pytest.mark.parametrize("shuffle", [
    lambda rng, m: rng.permutation(m),
    lambda rng, m: rng.choice(m, m, replace=False),
    lambda rng, m: (lambda idx: (rng.shuffle(idx), idx)[1])(np.arange(m)),
], ids=["permutation", "choice", "shuffle"])
def test_every_correct_shuffle_passes(shuffle):
    def random_mini_batches(X, Y, batch_size, rng):
        perm = shuffle(rng, X.shape[1])
        return _partition(X[:, perm], Y[:, perm], batch_size)

    assert check.random_mini_batches(random_mini_batches).passed


def test_a_loop_with_divmod_passes():
    def random_mini_batches(X, Y, batch_size, rng):
        m = X.shape[1]
        perm = list(rng.permutation(m))
        full, rest = divmod(m, batch_size)
        out = [(X[:, perm[k * batch_size:(k + 1) * batch_size]], Y[:, perm[k * batch_size:(k + 1) * batch_size]])
               for k in range(full)]
        if rest:
            out.append((X[:, perm[full * batch_size:]], Y[:, perm[full * batch_size:]]))
        return out

    assert check.random_mini_batches(random_mini_batches).passed


def test_returning_arrays_says_what_to_return():
    text = str(check.random_mini_batches(lambda X, Y, b, rng: X))
    assert "must return a list of pairs (X_t, Y_t)" in text
