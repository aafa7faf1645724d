import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course2 import splits


def _data(m, n_x=3, n_classes=2, seed=0):
    rng = np.random.default_rng(seed)
    X = np.vstack([np.arange(m, dtype=float), rng.standard_normal((n_x - 1, m))])  # row 0 = example id
    Y = rng.integers(0, n_classes, (1, m)).astype(float)
    return X, Y


@st.composite
def fractions(draw):
    a = draw(st.integers(0, 100))
    b = draw(st.integers(0, 100 - a))
    return (a / 100, b / 100, (100 - a - b) / 100)


def _ids(pair):
    return pair.X[0].astype(int)


@given(m=st.integers(1, 400), f=fractions(), stratify=st.booleans(), seed=st.integers(0, 10_000))
@settings(max_examples=80, deadline=None)
def test_every_example_lands_in_exactly_one_part(m, f, stratify, seed):
    X, Y = _data(m, seed=seed)
    parts = splits.split(X, Y, fractions=f, stratify=stratify, rng=seed)
    ids = np.concatenate([_ids(p) for p in parts])
    assert sorted(ids) == list(range(m))
    sizes = [p.X.shape[1] for p in parts]
    assert sizes == list(splits.split_sizes(m, fractions=f))
    for frac, size in zip(f, sizes, strict=True):
        assert abs(size - frac * m) < 1 + 1e-9
    for p in parts:  # X and Y columns travel together
        np.testing.assert_array_equal(p.Y, Y[:, _ids(p)])


@given(m=st.integers(1, 400), f=fractions(), n_classes=st.integers(1, 6), seed=st.integers(0, 10_000))
@settings(max_examples=120, deadline=None)
def test_stratified_parts_keep_class_ratios_within_one_example(m, f, n_classes, seed):
    X, Y = _data(m, n_classes=n_classes, seed=seed)
    parts = splits.split(X, Y, fractions=f, stratify=True, rng=seed)
    sizes = splits.split_sizes(m, fractions=f)
    for c in np.unique(Y):
        m_c = np.sum(Y == c)
        for p, size in zip(parts, sizes, strict=True):
            assert p.X.shape[1] == size
            assert abs(np.sum(p.Y == c) - m_c * size / m) <= 1 + 1e-9


def test_stratified_with_one_hot_labels():
    rng = np.random.default_rng(0)
    k = rng.integers(0, 3, 300)
    Y = np.eye(3)[:, k]
    X = np.arange(300.0).reshape(1, -1)
    parts = splits.split(X, Y, fractions=(0.5, 0.3, 0.2), stratify=True, rng=1)
    for c in range(3):
        for p, frac in zip(parts, (0.5, 0.3, 0.2), strict=True):
            assert abs(p.Y[c].sum() - np.sum(k == c) * frac) <= 1


def test_unstratified_split_can_skew_classes_stratified_does_not():
    # a rare class: 10 of 200. Over seeds, plain shuffling sometimes puts 0 or >=4 of them in a
    # 20% dev set; stratification always puts exactly 2.
    Y = np.zeros((1, 200))
    Y[0, :10] = 1
    X = np.arange(200.0).reshape(1, -1)
    plain = [splits.split(X, Y, fractions=(0.6, 0.2, 0.2), rng=s).dev.Y.sum() for s in range(40)]
    strat = [splits.split(X, Y, fractions=(0.6, 0.2, 0.2), stratify=True, rng=s).dev.Y.sum()
             for s in range(40)]
    assert len(set(plain)) > 2
    assert set(strat) == {2.0}


def test_split_by_counts_and_namedtuple_access():
    X, Y = _data(100)
    (X_tr, Y_tr), (X_dev, Y_dev), test = splits.split(X, Y, counts=(70, 20, 10), rng=0)
    assert X_tr.shape == (3, 70) and Y_tr.shape == (1, 70)
    assert X_dev.shape == (3, 20) and test.X.shape == (3, 10) and test.Y.shape == (1, 10)


def test_suggested_split_counts_are_accepted():
    X, Y = _data(1000)
    parts = splits.split(X, Y, counts=splits.suggested_split(1000), rng=0)
    assert [p.X.shape[1] for p in parts] == [600, 200, 200]


def test_split_is_shuffled_and_seeded():
    X, Y = _data(100)
    a = splits.split(X, Y, fractions=(0.6, 0.2, 0.2), rng=3)
    b = splits.split(X, Y, fractions=(0.6, 0.2, 0.2), rng=3)
    c = splits.split(X, Y, fractions=(0.6, 0.2, 0.2), rng=4)
    np.testing.assert_array_equal(a.train.X, b.train.X)
    assert not np.array_equal(a.train.X, c.train.X)
    assert not np.array_equal(_ids(a.train), np.arange(60))  # not the first 60 in order
    s = splits.split(X, Y, fractions=(0.6, 0.2, 0.2), stratify=True, rng=3)
    assert not np.all(np.diff(s.train.Y[0]) >= 0)  # stratified parts are not sorted by class


def test_empty_parts_are_allowed():
    X, Y = _data(10)
    parts = splits.split(X, Y, fractions=(0.7, 0.3, 0.0), rng=0)
    assert parts.test.X.shape == (3, 0) and parts.test.Y.shape == (1, 0)


@pytest.mark.parametrize("m", [1, 7, 999, 10_000, 50_000])
def test_suggested_split_small_is_60_20_20(m):
    sizes = splits.suggested_split(m)
    assert sum(sizes) == m
    for size, frac in zip(sizes, (0.6, 0.2, 0.2), strict=True):
        assert abs(size - frac * m) < 1


def test_suggested_split_big_data_points():
    assert splits.suggested_split(1_000_000) == (980_000, 10_000, 10_000)  # the notes' 98/1/1
    assert splits.suggested_split(1_000_000).fractions == pytest.approx((0.98, 0.01, 0.01))
    big = splits.suggested_split(10_000_000)
    assert big.dev == big.test == 10_000 and big.fractions[0] > 0.995  # at least the notes' 99.5%
    assert splits.suggested_split(50_001) == (30_001, 10_000, 10_000)  # continuous at the switch
    assert splits.suggested_split(10**6, cap=5000).dev == 5000


@given(m=st.integers(1, 10**8))
def test_suggested_split_sums_to_m_and_dev_never_exceeds_cap_or_fifth(m):
    sizes = splits.suggested_split(m)
    assert sum(sizes) == m and min(sizes) >= 0
    assert sizes.dev == sizes.test or abs(sizes.dev - sizes.test) <= 1
    assert sizes.dev <= min(10_000, 0.2 * m + 1)


def test_halfwidth_formula_and_the_notebook_claim():
    p, n = 0.1, 10_000
    assert splits.error_confidence_halfwidth(p, n) == pytest.approx(1.959964 * math.sqrt(p * (1 - p) / n))
    assert splits.error_confidence_halfwidth(p, n) < 0.01  # 10,000 dev examples at 90% accuracy: < 1 point
    assert splits.error_confidence_halfwidth(p, n, 0.90) < splits.error_confidence_halfwidth(p, n, 0.99)
    assert splits.error_confidence_halfwidth(0.0, n) == 0.0
    assert splits.error_confidence_halfwidth(0.0, n, method="wilson") > 0.0
    # Wilson and Wald agree when n*p is large
    wald = splits.error_confidence_halfwidth(p, n)
    assert splits.error_confidence_halfwidth(p, n, method="wilson") == pytest.approx(wald, rel=1e-3)


def test_wilson_halfwidth_is_half_the_wilson_interval():
    p, n, z = 0.2, 50, 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    lo = centre - z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    # the Wilson lower bound solves (p - q)^2 = z^2 q (1 - q) / n
    assert (p - lo) ** 2 == pytest.approx(z * z * lo * (1 - lo) / n)
    assert splits.error_confidence_halfwidth(p, n, method="wilson") == pytest.approx(centre - lo)


@given(p=st.floats(0.01, 0.99), h=st.floats(0.001, 0.2))
def test_required_dev_size_is_the_smallest_n(p, h):
    n = splits.required_dev_size(p, h)
    assert splits.error_confidence_halfwidth(p, n) <= h * (1 + 1e-9)
    if n > 1:
        assert splits.error_confidence_halfwidth(p, n - 1) > h


@pytest.mark.parametrize("population", [None, 200_000])
def test_resampled_spread_matches_the_formula(population):
    p, n = 0.1, 2000
    rates = splits.resample_error_spread(p, n, repeats=4000, population=population, rng=0)
    assert rates.shape == (4000,)
    expected = math.sqrt(p * (1 - p) / n)
    if population is not None:
        expected *= math.sqrt((population - n) / (population - 1))
    assert rates.std() == pytest.approx(expected, rel=0.06)
    assert rates.mean() == pytest.approx(p, abs=4 * expected / math.sqrt(4000))
    # about 95% of the measured rates fall within the 95% half-width
    inside = np.mean(np.abs(rates - p) <= splits.error_confidence_halfwidth(p, n))
    assert 0.93 < inside < 0.97


def test_resampling_the_whole_population_has_no_spread():
    rates = splits.resample_error_spread(0.1, 1000, repeats=50, population=1000, rng=0)
    np.testing.assert_array_equal(rates, 0.1)


def test_resample_is_seeded():
    a = splits.resample_error_spread(0.2, 100, repeats=10, rng=1)
    np.testing.assert_array_equal(a, splits.resample_error_spread(0.2, 100, repeats=10, rng=1))
    assert not np.array_equal(a, splits.resample_error_spread(0.2, 100, repeats=10, rng=2))


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"fractions": (0.6, 0.2, 0.1)}, ValueError, "fractions must sum to 1"),
        ({"fractions": (1.2, -0.1, -0.1)}, ValueError, r"fractions\[train\] must be in"),
        ({"fractions": (0.5, 0.5)}, ValueError, "three entries"),
        ({"fractions": 0.5}, TypeError, "sequence of three"),
        ({"fractions": (0.6, "a", 0.2)}, TypeError, r"fractions\[dev\]"),
        ({"counts": (60, 20, 30)}, ValueError, "counts must sum to the number of examples m=100"),
        ({"counts": (90, 20, -10)}, ValueError, r"counts\[test\]"),
        ({"counts": (60, 20.0, 20)}, TypeError, r"counts\[dev\] must be an integer"),
        ({}, ValueError, "exactly one of fractions"),
        ({"fractions": (0.6, 0.2, 0.2), "counts": (60, 20, 20)}, ValueError, "exactly one"),
        ({"fractions": (0.6, 0.2, 0.2), "rng": None}, TypeError, "rng must be"),
        ({"fractions": (0.6, 0.2, 0.2), "stratify": "yes"}, TypeError, "stratify"),
    ],
)
def test_split_bad_inputs(kwargs, exc, match):
    X, Y = _data(100)
    with pytest.raises(exc, match=match):
        splits.split(X, Y, **{"rng": 0, **kwargs})


def test_split_bad_data():
    with pytest.raises(ValueError, match="same number of examples"):
        splits.split(np.zeros((2, 10)), np.zeros((1, 9)), fractions=(0.6, 0.2, 0.2), rng=0)
    with pytest.raises(ValueError, match="finite"):
        splits.split(np.full((2, 10), np.nan), np.zeros((1, 10)), fractions=(0.6, 0.2, 0.2), rng=0)
    with pytest.raises(ValueError, match="must not be empty"):
        splits.split(np.zeros((2, 0)), np.zeros((1, 0)), fractions=(0.6, 0.2, 0.2), rng=0)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: splits.suggested_split(0), ValueError, "m must be"),
        (lambda: splits.suggested_split(100, cap=0), ValueError, "cap must be"),
        (lambda: splits.error_confidence_halfwidth(0.1, 0), ValueError, "n must be"),
        (lambda: splits.error_confidence_halfwidth(1.5, 10), ValueError, "error_rate must be in"),
        (lambda: splits.error_confidence_halfwidth(-0.1, 10), ValueError, "error_rate must be in"),
        (lambda: splits.error_confidence_halfwidth(0.1, 10, 1.0), ValueError, "confidence must be in"),
        (lambda: splits.error_confidence_halfwidth(0.1, 10, 0.0), ValueError, "confidence must be in"),
        (lambda: splits.error_confidence_halfwidth(0.1, 10, 95), ValueError, "confidence must be in"),
        (lambda: splits.error_confidence_halfwidth(0.1, 10, method="exact"), ValueError, "method"),
        (lambda: splits.required_dev_size(0.1, 0.0), ValueError, "halfwidth must be in"),
        (lambda: splits.resample_error_spread(0.1, 0, rng=0), ValueError, "n must be"),
        (lambda: splits.resample_error_spread(2.0, 10, rng=0), ValueError, "error_rate"),
        (lambda: splits.resample_error_spread(0.1, 10, repeats=0, rng=0), ValueError, "repeats"),
        (lambda: splits.resample_error_spread(0.1, 10, population=5, rng=0), ValueError, "population"),
        (lambda: splits.resample_error_spread(0.1, 10, rng=None), TypeError, "rng"),
    ],
)
def test_bad_inputs(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_t_quantile_matches_the_printed_tables():
    # two-sided 95% and 99% quantiles of Student's t from standard tables (e.g. NIST/SEMATECH 1.3.6.7.2)
    table = {1: (12.706, 63.657), 2: (4.303, 9.925), 4: (2.776, 4.604), 10: (2.228, 3.169), 30: (2.042, 2.750)}
    for df, (q95, q99) in table.items():
        assert splits.t_quantile(df) == pytest.approx(q95, abs=6e-4)
        assert splits.t_quantile(df, 0.99) == pytest.approx(q99, abs=6e-4)
    assert splits.t_quantile(100_000) == pytest.approx(1.959964, abs=1e-4)     # tends to the normal quantile


def test_mean_halfwidth_is_t_times_the_standard_error():
    x = [0.50, 0.60, 0.83, 0.83, 0.60]                    # notebook 14's gradient descent over five seeds
    se = np.std(x, ddof=1) / math.sqrt(5)
    assert splits.mean_confidence_halfwidth(x) == pytest.approx(2.776445 * se, rel=1e-5)
    assert 0.18 < splits.mean_confidence_halfwidth(x) < 0.19            # +- 19 points: far more than one dev set's
    assert splits.mean_confidence_halfwidth([0.9, 0.9, 0.9]) == 0.0
    assert splits.mean_confidence_halfwidth(x, 0.99) > splits.mean_confidence_halfwidth(x)
