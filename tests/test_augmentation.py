import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course2 import augmentation as aug


def _data(m=50, seed=0, n_y=1):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((2, m)) + np.array([[3.0], [-1.0]])
    Y = rng.integers(0, 2, (n_y, m)).astype(float)
    return X, Y


@given(m=st.integers(1, 40), copies=st.integers(0, 5), keep=st.booleans(), n_y=st.integers(1, 3),
       reflect=st.sampled_from(aug.REFLECTIONS), seed=st.integers(0, 10_000))
@settings(max_examples=60, deadline=None)
def test_shapes_and_labels_are_carried_along(m, copies, keep, n_y, reflect, seed):
    copies = max(copies, 0 if keep else 1)
    X, Y = _data(m, seed, n_y)
    Xa, Ya = aug.augment(X, Y, copies=copies, jitter=0.1, max_angle=20, reflect=reflect,
                         keep_original=keep, rng=seed)
    k = copies + keep
    assert Xa.shape == (2, m * k) and Ya.shape == (n_y, m * k)
    for j in range(k):  # block j holds one copy of every example, in the original order
        np.testing.assert_array_equal(Ya[:, j * m:(j + 1) * m], Y)
    if keep:
        np.testing.assert_array_equal(Xa[:, :m], X)


def test_inputs_not_modified_and_copies_differ():
    X, Y = _data()
    X0, Y0 = X.copy(), Y.copy()
    Xa, _ = aug.augment(X, Y, copies=2, jitter=0.1, max_angle=10, reflect="both", rng=0)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(Y, Y0)
    assert not np.allclose(Xa[:, 50:100], Xa[:, 100:150])


def test_no_transformation_gives_exact_copies():
    X, Y = _data()
    Xa, _ = aug.augment(X, Y, copies=3, rng=0)
    np.testing.assert_array_equal(Xa, np.tile(X, (1, 4)))


@given(seed=st.integers(0, 10_000), max_angle=st.floats(0, 180))
@settings(max_examples=30, deadline=None)
def test_rotation_and_reflection_about_origin_preserve_norms(seed, max_angle):
    X, Y = _data(seed=seed)
    Xa, _ = aug.augment(X, Y, copies=3, max_angle=max_angle, reflect="both", rng=seed)
    np.testing.assert_allclose(np.linalg.norm(Xa, axis=0), np.tile(np.linalg.norm(X, axis=0), 4))


def test_rotation_about_data_centre_preserves_distances_to_the_centre():
    X, Y = _data()
    c = X.mean(axis=1, keepdims=True)
    Xa, _ = aug.augment(X, Y, copies=2, max_angle=90, reflect="horizontal", center="data", rng=1)
    np.testing.assert_allclose(np.linalg.norm(Xa - c, axis=0), np.tile(np.linalg.norm(X - c, axis=0), 3))
    assert not np.allclose(np.linalg.norm(Xa, axis=0), np.tile(np.linalg.norm(X, axis=0), 3))


def test_angles_stay_within_max_angle_and_fill_the_range():
    X = np.vstack([np.ones(2000), np.zeros(2000)])  # points at angle 0
    Xa, _ = aug.augment(X, np.zeros((1, 2000)), copies=1, max_angle=15, keep_original=False, rng=0)
    angles = np.rad2deg(np.arctan2(Xa[1], Xa[0]))
    assert np.all(np.abs(angles) <= 15 + 1e-9)
    assert angles.min() < -14 and angles.max() > 14
    assert abs(angles.mean()) < 0.5


def test_reflection_flips_about_half_and_only_the_allowed_axis():
    X = np.tile([[1.0], [2.0]], (1, 4000))
    Xa, _ = aug.augment(X, np.zeros((1, 4000)), copies=1, reflect="horizontal", keep_original=False, rng=0)
    np.testing.assert_array_equal(Xa[1], 2.0)  # x2 untouched
    assert set(np.unique(Xa[0])) == {-1.0, 1.0}
    assert 0.45 < np.mean(Xa[0] == -1.0) < 0.55
    Xa, _ = aug.augment(X, np.zeros((1, 4000)), copies=1, reflect="vertical", keep_original=False, rng=0)
    np.testing.assert_array_equal(Xa[0], 1.0)
    assert set(np.unique(Xa[1])) == {-2.0, 2.0}


def test_jitter_std_matches():
    X = np.zeros((2, 1000))
    Xa, _ = aug.augment(X, np.zeros((1, 1000)), copies=20, jitter=0.3, keep_original=False, rng=0)
    assert Xa.std() == pytest.approx(0.3, rel=0.02)
    assert abs(Xa.mean()) < 0.01
    assert aug.jitter(np.zeros((5, 4000)), 0.2, rng=0).std() == pytest.approx(0.2, rel=0.03)


def test_reproducible_with_seed():
    X, Y = _data()
    kw = {"copies": 2, "jitter": 0.1, "max_angle": 30, "reflect": "both"}
    a, _ = aug.augment(X, Y, **kw, rng=5)
    b, _ = aug.augment(X, Y, **kw, rng=5)
    c, _ = aug.augment(X, Y, **kw, rng=6)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


def test_rotate_helper():
    X = np.array([[1.0, 0.0], [0.0, 2.0]])
    np.testing.assert_allclose(aug.rotate(X, 90), [[0.0, -2.0], [1.0, 0.0]], atol=1e-12)
    np.testing.assert_allclose(aug.rotate(X, [90, -90]), [[0.0, 2.0], [1.0, 0.0]], atol=1e-12)
    np.testing.assert_allclose(aug.rotate(X, 180, center=(1.0, 0.0)), [[1.0, 2.0], [0.0, -2.0]], atol=1e-12)
    np.testing.assert_allclose(aug.rotate(aug.rotate(X, 33.0), -33.0), X)


def test_reflect_helper():
    X = np.array([[1.0, 3.0], [2.0, -1.0]])
    np.testing.assert_array_equal(aug.reflect(X, "horizontal"), [[-1.0, -3.0], [2.0, -1.0]])
    np.testing.assert_array_equal(aug.reflect(X, "vertical"), [[1.0, 3.0], [-2.0, 1.0]])
    np.testing.assert_array_equal(aug.reflect(X, "both"), -X)
    np.testing.assert_array_equal(aug.reflect(X, "none"), X)
    np.testing.assert_array_equal(aug.reflect(X, "horizontal", center="data"), [[3.0, 1.0], [2.0, -1.0]])


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"copies": -1}, ValueError, "copies must be"),
        ({"copies": 1.5}, TypeError, "copies must be an integer"),
        ({"copies": 0, "keep_original": False}, ValueError, "copies must be"),
        ({"jitter": -0.1}, ValueError, "jitter must be"),
        ({"max_angle": -5}, ValueError, "max_angle must be"),
        ({"max_angle": 200}, ValueError, "max_angle must be"),
        ({"reflect": "x"}, ValueError, "reflect must be one of"),
        ({"reflect": True}, ValueError, "reflect must be one of"),
        ({"center": "middle"}, ValueError, "center must be one of"),
        ({"center": (1.0, 2.0, 3.0)}, ValueError, "center must be"),
        ({"keep_original": 1}, TypeError, "keep_original"),
        ({"rng": None}, TypeError, "rng must be"),
        ({"X": np.zeros((3, 50))}, ValueError, r"X must hold 2-D points, shape \(2, m\)"),
        ({"X": np.zeros((2, 49))}, ValueError, "same number of examples"),
        ({"X": np.full((2, 50), np.inf)}, ValueError, "X must contain only finite"),
        ({"Y": np.zeros(50)}, ValueError, "Y must be a 2-D array"),
    ],
)
def test_augment_bad_inputs(kwargs, exc, match):
    X, Y = _data()
    args = {"X": X, "Y": Y, "copies": 1, "rng": 0, **kwargs}
    with pytest.raises(exc, match=match):
        aug.augment(args.pop("X"), args.pop("Y"), **args)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: aug.rotate(np.zeros((2, 3)), [1.0, 2.0]), ValueError, "degrees must be a number or 3 angles"),
        (lambda: aug.rotate(np.zeros((2, 3)), np.nan), ValueError, "degrees must contain only finite"),
        (lambda: aug.rotate(np.zeros((1, 3)), 10), ValueError, "X must hold 2-D points"),
        (lambda: aug.reflect(np.zeros((2, 3)), "diagonal"), ValueError, "which must be one of"),
        (lambda: aug.jitter(np.zeros((2, 3)), -1.0, rng=0), ValueError, "std must be"),
        (lambda: aug.jitter(np.zeros((2, 3)), 1.0, rng=1.5), TypeError, "rng must be"),
    ],
)
def test_helper_bad_inputs(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
