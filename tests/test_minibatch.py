import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course2 import minibatch


def labelled(m, n_x=3):
    """X whose columns carry their own index (row 0) so pairing with Y can be checked."""
    X = np.vstack([np.arange(m, dtype=float)] + [np.arange(m) * (k + 2.0) for k in range(n_x - 1)])
    Y = (np.arange(m) % 2).astype(float)[None, :] + 10 * np.arange(m)[None, :]
    return X, Y


@given(data=st.data(), m=st.integers(1, 300), seed=st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_every_example_exactly_once_per_epoch(data, m, seed):
    batch_size = data.draw(st.integers(1, m))
    X, Y = labelled(m)
    batches = minibatch.random_mini_batches(X, Y, batch_size, rng=seed)
    assert len(batches) == math.ceil(m / batch_size) == minibatch.num_batches(m, batch_size)
    sizes = [Xt.shape[1] for Xt, _ in batches]
    assert all(s == batch_size for s in sizes[:-1])
    assert sizes[-1] == (m % batch_size or batch_size)  # the last batch holds what is left over
    seen = np.concatenate([Xt[0] for Xt, _ in batches])
    np.testing.assert_array_equal(np.sort(seen), np.arange(m))  # each index exactly once
    for Xt, Yt in batches:
        assert Xt.shape[0] == 3 and Yt.shape == (1, Xt.shape[1])
        np.testing.assert_array_equal(Yt[0] // 10, Xt[0])  # columns stay paired
        np.testing.assert_array_equal(Xt[1], 2 * Xt[0])


def test_partial_last_batch():
    X, Y = labelled(10)
    batches = minibatch.random_mini_batches(X, Y, 4, rng=0)
    assert [Xt.shape[1] for Xt, _ in batches] == [4, 4, 2]
    assert minibatch.batch_slices(10, 4) == [slice(0, 4), slice(4, 8), slice(8, 10)]


def test_batch_size_m_is_one_batch_and_one_is_m_batches():
    X, Y = labelled(7)
    (Xt, Yt), = minibatch.random_mini_batches(X, Y, 7, rng=0)
    np.testing.assert_array_equal(np.sort(Xt[0]), np.arange(7))
    batches = minibatch.random_mini_batches(X, Y, 1, rng=0)
    assert len(batches) == 7 and all(Xb.shape == (3, 1) for Xb, _ in batches)


def test_shuffled_by_the_seed():
    X, Y = labelled(50)
    a = minibatch.random_mini_batches(X, Y, 50, rng=1)[0][0][0]
    b = minibatch.random_mini_batches(X, Y, 50, rng=1)[0][0][0]
    c = minibatch.random_mini_batches(X, Y, 50, rng=2)[0][0][0]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert not np.array_equal(a, np.arange(50))  # actually shuffled
    gen = np.random.default_rng(3)
    e1 = minibatch.random_mini_batches(X, Y, 50, rng=gen)[0][0][0]
    e2 = minibatch.random_mini_batches(X, Y, 50, rng=gen)[0][0][0]
    assert not np.array_equal(e1, e2)  # one generator: a new order every epoch


def test_inputs_are_not_modified():
    X, Y = labelled(20)
    X0, Y0 = X.copy(), Y.copy()
    minibatch.random_mini_batches(X, Y, 6, rng=0)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)


def test_shuffled_batches_are_contiguous():
    X, Y = labelled(20)
    Xs, Ys = minibatch.shuffled(X, Y, 0)
    for s in minibatch.batch_slices(20, 6):
        assert Xs[:, s].flags.f_contiguous and Ys[:, s].flags.f_contiguous


@pytest.mark.parametrize("batch_size", [0, -1, 11])
def test_bad_batch_size_values(batch_size):
    X, Y = labelled(10)
    with pytest.raises(ValueError, match=rf"batch_size must be an integer in \[1, 10\], got {batch_size}"):
        minibatch.random_mini_batches(X, Y, batch_size, rng=0)
    with pytest.raises(ValueError, match="batch_size"):
        minibatch.num_batches(10, batch_size)


@pytest.mark.parametrize("batch_size", [2.5, "4", None, True])
def test_bad_batch_size_types(batch_size):
    X, Y = labelled(10)
    with pytest.raises(TypeError, match="batch_size must be an integer"):
        minibatch.random_mini_batches(X, Y, batch_size, rng=0)


def test_bad_data():
    X, Y = labelled(10)
    with pytest.raises(ValueError, match="X and Y must have the same number of examples"):
        minibatch.random_mini_batches(X, Y[:, :9], 2, rng=0)
    with pytest.raises(ValueError, match="X must not be empty"):
        minibatch.random_mini_batches(np.ones((3, 0)), np.ones((1, 0)), 1, rng=0)
    X[0, 0] = np.nan
    with pytest.raises(ValueError, match="X must contain only finite"):
        minibatch.random_mini_batches(X, Y, 2, rng=0)
    with pytest.raises(TypeError, match="rng"):
        minibatch.random_mini_batches(*labelled(10), 2, rng=None)
