import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course2 import ewma

betas = st.floats(0.0, 0.999)
finite = st.floats(-1e6, 1e6, allow_nan=False)


def _loop(theta, beta):
    """The recursion written out one value at a time."""
    V, out = 0.0, []
    for x in theta:
        V = beta * V + (1 - beta) * x
        out.append(V)
    return np.array(out)


def test_first_values_by_hand():
    raw, corrected = ewma.ewma([10.0, 20.0, 30.0], 0.5)
    # V1 = 0.5*10 = 5; V2 = 0.5*5 + 0.5*20 = 12.5; V3 = 0.5*12.5 + 0.5*30 = 21.25
    np.testing.assert_allclose(raw, [5.0, 12.5, 21.25])
    np.testing.assert_allclose(corrected, [5.0 / 0.5, 12.5 / 0.75, 21.25 / 0.875])


@settings(max_examples=60, deadline=None)
@given(c=finite, beta=betas, T=st.integers(1, 300))
def test_corrected_average_of_a_constant_is_the_constant_from_t1(c, beta, T):
    raw, corrected = ewma.ewma(np.full(T, c), beta)
    np.testing.assert_allclose(corrected, c, rtol=1e-9, atol=1e-12 * abs(c))
    # the raw average starts biased toward 0 by exactly (1 - beta**t)
    t = np.arange(1, T + 1)
    np.testing.assert_allclose(raw, c * (1 - beta**t), rtol=1e-9, atol=1e-300)


def test_raw_bias_at_t1_is_one_minus_beta():
    raw, corrected = ewma.ewma(np.full(5, 4.0), 0.9)
    assert raw[0] == pytest.approx(0.4)           # (1 - 0.9) * 4
    assert corrected[0] == pytest.approx(4.0)


@settings(max_examples=60, deadline=None)
@given(theta=st.lists(finite, min_size=1, max_size=200), beta=betas)
def test_vectorized_equals_the_recursion(theta, beta):
    raw, _ = ewma.ewma(theta, beta)
    np.testing.assert_allclose(raw, _loop(theta, beta), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("beta", [0.0, 1e-9, 0.5, 0.9, 0.98, 0.9999])
def test_long_series_crosses_blocks_without_overflow(beta):
    theta = np.random.default_rng(0).normal(3.0, 1.0, size=20_000)
    raw, corrected = ewma.ewma(theta, beta)
    assert np.all(np.isfinite(raw))
    np.testing.assert_allclose(raw, _loop(theta, beta), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("beta", [0.5, 0.9, 0.98, 0.9999])
def test_huge_values_do_not_overflow_and_match_the_recursion(beta):
    """|theta| ~ 1e300: beta**-k * theta used to overflow to inf/nan above about 1e208 (the recursion never does)."""
    gen = np.random.default_rng(2)
    theta = gen.normal(0.0, 1.0, size=3000) * 1e300
    theta[17] = 1.7e308                               # (near) the largest double
    with np.errstate(over="raise", invalid="raise"):      # (beta**t underflowing to 0 is right)
        raw, corrected = ewma.ewma(theta, beta)
    assert np.all(np.isfinite(raw)) and np.all(np.isfinite(corrected))
    V, loop = 0.0, []
    for x in theta:                                   # the streaming update, one value at a time
        V = ewma.ewma_update(V, x, beta)
        loop.append(float(V))
    np.testing.assert_allclose(raw, loop, rtol=1e-9, atol=1e-9 * 1e300)
    # a 2-D series: the huge column is scaled, the ordinary one is computed exactly as before
    both = np.column_stack([theta, theta / 1e300])
    raw2, _ = ewma.ewma(both, beta)
    np.testing.assert_array_equal(raw2[:, 0], raw)
    np.testing.assert_array_equal(raw2[:, 1], ewma.ewma(theta / 1e300, beta).raw)


def test_two_dimensional_series_averages_each_column():
    theta = np.random.default_rng(1).normal(size=(50, 3))
    raw, corrected = ewma.ewma(theta, 0.8)
    for j in range(3):
        np.testing.assert_allclose(raw[:, j], _loop(theta[:, j], 0.8), rtol=1e-12)
    np.testing.assert_allclose(corrected, raw / (1 - 0.8 ** np.arange(1, 51))[:, None])


def test_streaming_matches_the_series_and_stores_the_raw_value():
    theta = np.random.default_rng(2).normal(size=(30, 2))
    raw, corrected = ewma.ewma(theta, 0.9)
    avg = ewma.EWMA(0.9)
    for t, x in enumerate(theta, start=1):
        avg.update(x)
        assert avg.t == t
        np.testing.assert_allclose(avg.value, raw[t - 1], rtol=1e-12)       # stored: raw
        np.testing.assert_allclose(avg.corrected, corrected[t - 1], rtol=1e-12)  # read: corrected
    # reading the corrected value does not change what is stored
    stored = avg.value.copy()
    _ = avg.corrected
    np.testing.assert_array_equal(avg.value, stored)


def test_ewma_update_is_pure():
    V, x = np.array([1.0, 2.0]), np.array([3.0, 5.0])
    out = ewma.ewma_update(V, x, 0.75)
    np.testing.assert_allclose(out, 0.75 * np.array([1.0, 2.0]) + 0.25 * np.array([3.0, 5.0]))
    np.testing.assert_array_equal(V, [1.0, 2.0])


def test_effective_window_and_bias_correction():
    assert ewma.effective_window(0.9) == pytest.approx(10.0)
    assert ewma.effective_window(0.98) == pytest.approx(50.0)
    # after 1/(1-beta) steps the oldest value's weight has fallen to about 1/e
    beta = 0.98
    assert beta ** ewma.effective_window(beta) == pytest.approx(np.exp(-1), rel=0.02)
    assert ewma.bias_correction(0.9, 1) == pytest.approx(0.1)
    np.testing.assert_allclose(ewma.bias_correction(0.9, np.array([1, 2])), [0.1, 0.19])


@pytest.mark.parametrize("beta", [-0.1, 1.0, 1.5])
def test_beta_outside_0_1_is_refused(beta):
    with pytest.raises(ValueError, match="beta"):
        ewma.ewma([1.0, 2.0], beta)
    with pytest.raises(ValueError, match="beta"):
        ewma.EWMA(beta)
    with pytest.raises(ValueError, match="beta"):
        ewma.effective_window(beta)


def test_bad_inputs():
    with pytest.raises(ValueError, match="theta"):
        ewma.ewma([], 0.9)
    with pytest.raises(ValueError, match="theta"):
        ewma.ewma([1.0, np.nan], 0.9)
    with pytest.raises(ValueError, match="theta"):
        ewma.ewma(np.zeros((2, 2, 2)), 0.9)
    with pytest.raises(ValueError, match="t must"):
        ewma.bias_correction(0.9, 0)
    with pytest.raises(RuntimeError, match="update"):
        _ = ewma.EWMA(0.9).corrected
    avg = ewma.EWMA(0.9)
    avg.update([1.0, 2.0])
    with pytest.raises(ValueError, match="shape"):
        avg.update([1.0, 2.0, 3.0])
