import math

import numpy as np
import pytest

from course2 import optimizers as O

rng = np.random.default_rng(0)
W0 = rng.normal(size=(3, 4))
DW = [rng.normal(size=(3, 4)) for _ in range(6)]


# -- one step equals the formula written out by hand ---------------------------------------------
def test_gd_step_by_hand():
    W = np.array([[1.0, -2.0]])
    dW = np.array([[0.5, 4.0]])
    np.testing.assert_allclose(O.gd_step(W, dW, alpha=0.1), [[1.0 - 0.05, -2.0 - 0.4]])


def test_momentum_step_by_hand():
    W, dW, V = np.array([1.0, 2.0]), np.array([10.0, -20.0]), np.array([1.0, 1.0])
    W1, V1 = O.momentum_step(W, dW, V, alpha=0.1, beta=0.9)
    # V = 0.9*1 + 0.1*10 = 1.9 ; 0.9*1 + 0.1*(-20) = -1.1 ; W = W - 0.1 V
    np.testing.assert_allclose(V1, [1.9, -1.1])
    np.testing.assert_allclose(W1, [1.0 - 0.19, 2.0 + 0.11])
    np.testing.assert_array_equal(V, [1.0, 1.0])  # inputs untouched


def test_rmsprop_step_by_hand_epsilon_outside_the_root():
    W, dW, S = np.array([1.0]), np.array([2.0]), np.array([0.0])
    W1, S1 = O.rmsprop_step(W, dW, S, alpha=0.01, beta=0.9, epsilon=0.5)
    # S = 0.1 * 4 = 0.4 ; W = 1 - 0.01 * 2 / (sqrt(0.4) + 0.5)
    assert S1[0] == pytest.approx(0.4)
    assert W1[0] == pytest.approx(1.0 - 0.01 * 2.0 / (math.sqrt(0.4) + 0.5))
    inside = 1.0 - 0.01 * 2.0 / math.sqrt(0.4 + 0.5)
    assert abs(W1[0] - inside) > 1e-4    # the other convention gives a visibly different step


def test_adam_first_step_by_hand():
    W, dW = np.array([0.5, -0.5]), np.array([0.2, -3.0])
    W1, V1, S1 = O.adam_step(W, dW, np.zeros(2), np.zeros(2), 1, alpha=0.01, beta1=0.9, beta2=0.999,
                             epsilon=1e-8)
    np.testing.assert_allclose(V1, 0.1 * dW)
    np.testing.assert_allclose(S1, 0.001 * dW**2)
    # at t = 1 the bias-corrected V_hat = dW and S_hat = dW**2: the step is alpha * sign(dW) (up to eps)
    np.testing.assert_allclose(W1, W - 0.01 * dW / (np.abs(dW) + 1e-8), rtol=1e-14)


def test_adam_second_step_by_hand():
    W, V, S = np.array([1.0]), np.array([0.3]), np.array([0.02])
    dW = np.array([-1.0])
    W2, V2, S2 = O.adam_step(W, dW, V, S, 2, alpha=0.1, beta1=0.8, beta2=0.9, epsilon=1e-3)
    v = 0.8 * 0.3 + 0.2 * -1.0
    s = 0.9 * 0.02 + 0.1 * 1.0
    v_hat, s_hat = v / (1 - 0.8**2), s / (1 - 0.9**2)
    assert V2[0] == pytest.approx(v) and S2[0] == pytest.approx(s)
    assert W2[0] == pytest.approx(1.0 - 0.1 * v_hat / (math.sqrt(s_hat) + 1e-3))


def test_adamw_step_decays_then_takes_the_adam_step():
    W, dW = np.array([2.0]), np.array([0.5])
    W1, V1, S1 = O.adamw_step(W, dW, np.zeros(1), np.zeros(1), 1, alpha=0.1, weight_decay=0.3,
                              epsilon=1e-8)
    decayed = 2.0 * (1 - 0.1 * 0.3)
    assert W1[0] == pytest.approx(decayed - 0.1 * 0.5 / (0.5 + 1e-8))


def test_adamw_is_not_l2_with_adam():
    """L2 puts lambd*W into the gradient, where Adam's normalisation rescales it; AdamW does not."""
    W = np.array([1.0, 1.0])
    dW_data = np.array([100.0, 0.01])      # one weight with a large gradient, one with a tiny one
    lam, alpha = 0.1, 0.01
    W_l2, _, _ = O.adam_step(W, dW_data + lam * W, np.zeros(2), np.zeros(2), 1, alpha=alpha)
    W_w, _, _ = O.adamw_step(W, dW_data, np.zeros(2), np.zeros(2), 1, alpha=alpha, weight_decay=lam)
    assert not np.allclose(W_l2, W_w, rtol=0, atol=1e-6)
    # AdamW shrinks both weights by the same factor before the step; L2 + Adam does not
    adam_only = -alpha * dW_data / (np.abs(dW_data) + 1e-8)      # the t = 1 Adam step
    np.testing.assert_allclose(W_w, W * (1 - alpha * lam) + adam_only, rtol=1e-14)
    # with L2 + Adam, the first step is alpha * sign(dW + lambd W): the weight with the large
    # gradient is not decayed at all, the decay vanished into the normalisation
    np.testing.assert_allclose(W_l2[0], W[0] + adam_only[0], rtol=1e-6)


# -- the classes take the same steps as the pure functions, in place -----------------------------
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_classes_match_pure_functions_over_several_steps(dtype):
    cases = {
        "gd": (O.GradientDescent(0.1), lambda W, dW, st, t: (O.gd_step(W, dW, alpha=0.1), st)),
        "momentum": (O.Momentum(0.1, 0.8),
                     lambda W, dW, st, t: _one(O.momentum_step(W, dW, st[0], alpha=0.1, beta=0.8))),
        "rmsprop": (O.RMSprop(0.05, 0.7, 1e-6),
                    lambda W, dW, st, t: _one(O.rmsprop_step(W, dW, st[0], alpha=0.05, beta=0.7,
                                                             epsilon=1e-6))),
        "adam": (O.Adam(0.05, 0.8, 0.9, 1e-6),
                 lambda W, dW, st, t: _two(O.adam_step(W, dW, st[0], st[1], t, alpha=0.05, beta1=0.8,
                                                       beta2=0.9, epsilon=1e-6))),
        "adamw": (O.AdamW(0.05, 0.8, 0.9, 1e-6, weight_decay=0.2),
                  lambda W, dW, st, t: _two(O.adamw_step(W, dW, st[0], st[1], t, alpha=0.05, beta1=0.8,
                                                         beta2=0.9, epsilon=1e-6, weight_decay=0.2))),
    }
    rtol = 1e-12 if dtype == np.float64 else 2e-5
    for name, (opt, pure) in cases.items():
        W = W0.astype(dtype)
        ref = W0.astype(np.float64)
        state = [np.zeros_like(ref), np.zeros_like(ref)]
        for t in range(1, 7):
            opt.step([W], [DW[t - 1].astype(dtype)])
            ref, state = pure(ref, DW[t - 1], state, t)
            assert opt.t == t
            assert W.dtype == dtype, name
            np.testing.assert_allclose(W, ref, rtol=rtol, atol=rtol, err_msg=name)


def _one(pair):
    return pair[0], [pair[1]]


def _two(triple):
    return triple[0], [triple[1], triple[2]]


def test_state_is_kept_by_position_and_exposed():
    opt = O.Adam(0.01)
    assert opt.V == [] and opt.S == []
    W, b = np.ones((2, 3)), np.ones((2, 1))
    opt.step([W, b], [np.full((2, 3), 2.0), np.full((2, 1), -1.0)])
    np.testing.assert_allclose(opt.V[0], 0.2)
    np.testing.assert_allclose(opt.V[1], -0.1)
    np.testing.assert_allclose(opt.S[1], 0.001)
    assert opt.V[0].shape == (2, 3) and opt.V[1].shape == (2, 1)


def test_adamw_decays_only_the_positions_marked():
    opt = O.AdamW(0.1, weight_decay=0.5)
    W, b = np.full(3, 2.0), np.full(2, 2.0)
    zero_grad = [np.zeros(3), np.zeros(2)]
    opt.step([W, b], zero_grad, decay=[True, False])
    np.testing.assert_allclose(W, 2.0 * (1 - 0.1 * 0.5))   # a zero gradient leaves only the decay
    np.testing.assert_allclose(b, 2.0)
    opt.step([W, b], zero_grad)                             # None: decay everything
    np.testing.assert_allclose(b, 2.0 * (1 - 0.05))
    with pytest.raises(ValueError, match="decay"):
        opt.step([W, b], zero_grad, decay=[True])


def test_decay_is_ignored_by_the_others():
    for opt in (O.GradientDescent(0.1), O.Momentum(0.1), O.RMSprop(0.1), O.Adam(0.1)):
        a, b = np.ones(2), np.ones(2)
        opt.step([a], [np.ones(2)], decay=[True])
        type(opt)(alpha=0.1).step([b], [np.ones(2)], decay=[False])
        np.testing.assert_array_equal(a, b)


def test_alpha_can_change_between_steps_and_reset_restarts_t():
    opt = O.Momentum(0.1, 0.5)
    W = np.zeros(1)
    opt.step([W], [np.ones(1)])      # V = 0.5, W = -0.05
    opt.alpha = 1.0
    opt.step([W], [np.ones(1)])      # V = 0.75, W = -0.05 - 0.75
    assert W[0] == pytest.approx(-0.8)
    opt.reset()
    assert opt.t == 0 and opt.V == []
    opt.step([np.zeros(5)], [np.ones(5)])   # new shapes are fine after a reset
    assert opt.t == 1


def test_make_optimizer_and_repr():
    opt = O.make_optimizer("rmsprop", alpha=0.02, beta=0.95)
    assert isinstance(opt, O.RMSprop) and opt.beta == 0.95
    assert "beta=0.95" in repr(opt)
    with pytest.raises(ValueError, match="optimizer"):
        O.make_optimizer("sgd")
    with pytest.raises(TypeError, match="momentum"):
        O.make_optimizer("momentum", alpha=0.1, beta1=0.9)


# -- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize("make", [
    lambda v: O.GradientDescent(alpha=v), lambda v: O.Momentum(alpha=v), lambda v: O.RMSprop(alpha=v),
    lambda v: O.Adam(alpha=v), lambda v: O.AdamW(alpha=v),
])
@pytest.mark.parametrize("alpha", [0.0, -0.1, float("inf")])
def test_non_positive_alpha_refused(make, alpha):
    with pytest.raises(ValueError, match="alpha"):
        make(alpha)


def test_alpha_set_later_is_checked_too():
    opt = O.Adam(0.1)
    with pytest.raises(ValueError, match="alpha"):
        opt.alpha = 0.0
    with pytest.raises(ValueError, match="alpha"):
        O.gd_step(np.ones(2), np.ones(2), alpha=-1.0)


@pytest.mark.parametrize("beta", [-0.01, 1.0, 2.0])
def test_beta_outside_0_1_refused(beta):
    with pytest.raises(ValueError, match="beta"):
        O.Momentum(0.1, beta=beta)
    with pytest.raises(ValueError, match="beta"):
        O.RMSprop(0.1, beta=beta)
    with pytest.raises(ValueError, match="beta1"):
        O.Adam(0.1, beta1=beta)
    with pytest.raises(ValueError, match="beta2"):
        O.AdamW(0.1, beta2=beta)
    with pytest.raises(ValueError, match="beta"):
        O.rmsprop_step(np.ones(1), np.ones(1), np.zeros(1), alpha=0.1, beta=beta)


@pytest.mark.parametrize("epsilon", [0.0, -1e-8])
def test_non_positive_epsilon_refused(epsilon):
    with pytest.raises(ValueError, match="epsilon"):
        O.RMSprop(0.1, epsilon=epsilon)
    with pytest.raises(ValueError, match="epsilon"):
        O.Adam(0.1, epsilon=epsilon)
    with pytest.raises(ValueError, match="epsilon"):
        O.adam_step(np.ones(1), np.ones(1), np.zeros(1), np.zeros(1), 1, alpha=0.1, epsilon=epsilon)


def test_bad_weight_decay_and_t():
    with pytest.raises(ValueError, match="weight_decay"):
        O.AdamW(0.1, weight_decay=-0.1)
    with pytest.raises(ValueError, match="t must"):
        O.adam_step(np.ones(1), np.ones(1), np.zeros(1), np.zeros(1), 0, alpha=0.1)


@pytest.mark.parametrize("make", [O.GradientDescent, O.Momentum, O.RMSprop, O.Adam, O.AdamW])
def test_mismatched_gradients_refused(make):
    opt = make(alpha=0.1)
    W, b = np.ones((3, 2)), np.ones((3, 1))
    with pytest.raises(ValueError, match=r"grads\[1\].*\(3, 1\)"):
        opt.step([W, b], [np.ones((3, 2)), np.ones((1, 3))])
    with pytest.raises(ValueError, match="same length"):
        opt.step([W, b], [np.ones((3, 2))])
    with pytest.raises(TypeError, match="lists"):
        opt.step(W, np.ones((3, 2)))
    with pytest.raises(TypeError, match="numpy arrays"):
        opt.step([W.tolist()], [np.ones((3, 2))])
    with pytest.raises(ValueError, match="writeable floating"):
        opt.step([np.ones(2, dtype=np.int64)], [np.ones(2)])
    assert opt.t == 0   # nothing was taken
    opt.step([W, b], [np.ones((3, 2)), np.ones((3, 1))])
    # after the first step the positions are fixed: checked on every step, cheaply
    with pytest.raises(ValueError, match=r"grads\[0\] and params\[0\] must have shape \(3, 2\)"):
        opt.step([W, b], [np.ones((2, 3)), np.ones((3, 1))])
    with pytest.raises(ValueError, match="2 arrays"):
        opt.step([W], [np.ones((3, 2))])


def test_pure_functions_check_shapes():
    with pytest.raises(ValueError, match="dW must have the shape"):
        O.gd_step(np.ones((2, 2)), np.ones(2), alpha=0.1)
    with pytest.raises(ValueError, match="V must have the shape"):
        O.momentum_step(np.ones(2), np.ones(2), np.zeros(3), alpha=0.1)
    with pytest.raises(ValueError, match="S must have the shape"):
        O.adam_step(np.ones(2), np.ones(2), np.zeros(2), np.zeros(3), 1, alpha=0.1)
