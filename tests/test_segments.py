"""The optimizers' layout helpers: merging adjacent arrays and cache-sized chunks change no number."""

import numpy as np
import pytest

from course2 import _segments
from course2 import optimizers as O


def test_merged_view_spans_adjacent_slices_of_one_buffer():
    theta = np.arange(10.0)
    W, b = theta[:7].reshape(7, 1), theta[7:]
    view = _segments.merged_view([W, b])
    assert view is not None and view.shape == (10,)
    assert np.shares_memory(view, theta)
    view[8] = -1.0
    assert b[1] == -1.0


@pytest.mark.parametrize("make", [
    lambda t: [t[5:], t[:5]],                  # out of order
    lambda t: [t[:4], t[5:]],                  # a gap
    lambda t: [t[:5], np.arange(5.0)],         # different buffers
    lambda t: [t[0:10:2], t[1:10:2]],          # not contiguous
    lambda t: [t[:5], t[5:].astype(np.float32)],
])
def test_merged_view_refuses_what_is_not_one_run(make):
    assert _segments.merged_view(make(np.arange(10.0))) is None


def test_chunks_cover_everything_once():
    a = np.arange(100_001.0)
    b = a * 2
    chunks = _segments.chunked((a, b), chunk_bytes=8 * 4096)
    assert len(chunks) == 25
    assert sum(c[0].size for c in chunks) == a.size
    np.testing.assert_array_equal(np.concatenate([c[1] for c in chunks]), b)


def _flat_net(n_w, n_b, dtype=np.float64, seed=0):
    gen = np.random.default_rng(seed)
    theta = gen.normal(size=n_w + n_b).astype(dtype)
    dtheta = np.zeros_like(theta)
    return theta, dtheta, [theta[:n_w], theta[n_w:]], [dtheta[:n_w], dtheta[n_w:]]


@pytest.mark.parametrize("name", O.OPTIMIZERS)
def test_merged_chunked_updates_equal_the_pure_functions(name):
    """A parameter vector large enough for many chunks, passed as two adjacent positions."""
    n_w, n_b = 150_000, 1_001
    theta, dtheta, params, grads = _flat_net(n_w, n_b)
    ref = theta.copy()
    opt = O.make_optimizer(name, alpha=0.01)
    state = [np.zeros_like(ref), np.zeros_like(ref)]
    gen = np.random.default_rng(1)
    decay = np.r_[np.ones(n_w, bool), np.zeros(n_b, bool)]
    for t in range(1, 4):
        dtheta[...] = gen.normal(size=theta.size)
        opt.step(params, grads, decay=[True, False])
        g = dtheta.copy()
        if name == "gd":
            ref = O.gd_step(ref, g, alpha=0.01)
        elif name == "momentum":
            ref, state[0] = O.momentum_step(ref, g, state[0], alpha=0.01)
        elif name == "rmsprop":
            ref, state[0] = O.rmsprop_step(ref, g, state[0], alpha=0.01)
        elif name == "adam":
            ref, state[0], state[1] = O.adam_step(ref, g, state[0], state[1], t, alpha=0.01)
        else:
            decayed = np.where(decay, ref * (1 - 0.01 * 0.01), ref)
            ref, state[0], state[1] = O.adam_step(decayed, g, state[0], state[1], t, alpha=0.01)
        np.testing.assert_allclose(theta, ref, rtol=1e-13, atol=1e-15)
    assert len(opt._segments) > 1                      # really chunked
    assert opt._segments[0][0].base is theta           # really merged into theta


def test_per_position_fallback_for_separate_and_strided_arrays():
    gen = np.random.default_rng(2)
    W = gen.normal(size=(40, 30)).T                    # a transposed view: not C-contiguous
    b = gen.normal(size=(40, 1))
    W_ref, b_ref = W.copy(), b.copy()
    opt = O.Adam(0.01)
    V = [np.zeros_like(W), np.zeros_like(b)]
    S = [np.zeros_like(W), np.zeros_like(b)]
    for t in range(1, 4):
        dW, db = gen.normal(size=W.shape), gen.normal(size=b.shape)
        opt.step([W, b], [dW, db])
        W_ref, V[0], S[0] = O.adam_step(W_ref, dW, V[0], S[0], t, alpha=0.01)
        b_ref, V[1], S[1] = O.adam_step(b_ref, db, V[1], S[1], t, alpha=0.01)
    np.testing.assert_allclose(W, W_ref, rtol=1e-14)
    np.testing.assert_allclose(b, b_ref, rtol=1e-14)
    assert opt.V[0].shape == (30, 40)


def test_mixed_dtypes_keep_their_own_state():
    a, b = np.ones(3), np.ones(2, dtype=np.float32)
    opt = O.Momentum(0.1)
    opt.step([a, b], [np.ones(3), np.ones(2, dtype=np.float32)])
    assert opt.V[0].dtype == np.float64 and opt.V[1].dtype == np.float32
    np.testing.assert_allclose(b, 1 - 0.1 * 0.1)


def test_new_array_objects_each_step_are_checked_and_still_correct():
    """Callers that build fresh views every step (e.g. net.weights_flat) get the checked path."""
    theta = np.zeros(6)
    dtheta = np.ones(6)
    opt = O.GradientDescent(0.5)
    for _ in range(3):
        opt.step([theta[:4], theta[4:]], [dtheta[:4], dtheta[4:]])
    np.testing.assert_allclose(theta, -1.5)
    with pytest.raises(ValueError, match="shape"):
        opt.step([theta[:3], theta[3:]], [dtheta[:3], dtheta[3:]])


def test_plain_forward_after_a_dropout_forward_reuses_the_workspace_correctly():
    """Not about segments: the network's fused per-layer helpers with a dropout workspace."""
    from course2.network import Network

    gen = np.random.default_rng(7)
    X = gen.normal(size=(5, 256))
    net = Network([5, 60, 60, 1], "relu", rng=0)
    plain = net.forward(X)
    net.forward(X, keep_prob=0.5, rng=0)       # the same batch size: the workspace gets separate A
    np.testing.assert_array_equal(net.forward(X), plain)
