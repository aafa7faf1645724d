"""Notebook 04 exercises: inverted dropout forward (graded by statistics), backward, test time."""

import numpy as np
import pytest

from course2.exercises import check

FORWARD_MISTAKES = {
    "randn instead of rand": lambda A, kp, rng: _apply(A, rng.standard_normal(A.shape) < kp, 1 / kp),
    "inverted comparison (rand > keep_prob)": lambda A, kp, rng: _apply(A, rng.random(A.shape) > kp, 1 / kp),
    "did not rescale by 1/keep_prob": lambda A, kp, rng: _apply(A, rng.random(A.shape) < kp, 1.0),
    "multiplied by keep_prob instead of dividing": lambda A, kp, rng: _apply(A, rng.random(A.shape) < kp, kp),
    "reseeded generator: the same mask every iteration":
        lambda A, kp, rng: _apply(A, np.random.default_rng(42).random(A.shape) < kp, 1 / kp),
}


def _apply(A, D, scale):
    return A * D * scale, D.astype(float)


@pytest.mark.parametrize("name", FORWARD_MISTAKES)
def test_dropout_forward_mistakes_are_named(name):
    assert check.dropout_forward(FORWARD_MISTAKES[name]).misconception == name


def test_legacy_global_seed_inside_the_function_is_the_reseeding_bug():
    def dropout_forward(A, keep_prob, rng):
        np.random.seed(1)  # noqa: NPY002 -- the well-known assignment's bug, on purpose
        D = np.random.rand(*A.shape) < keep_prob  # noqa: NPY002
        return A * D / keep_prob, D

    state = np.random.get_state()  # noqa: NPY002
    try:
        assert check.dropout_forward(dropout_forward).misconception == (
            "reseeded generator: the same mask every iteration")
    finally:
        np.random.set_state(state)  # noqa: NPY002


@pytest.mark.parametrize("draw", [
    lambda rng, shape, kp: rng.random(shape) < kp,
    lambda rng, shape, kp: rng.uniform(size=shape) < kp,
    lambda rng, shape, kp: rng.random(shape) > 1 - kp,        # fails the DLS assignment's exact-draw test
    lambda rng, shape, kp: 1 - rng.random(shape) < kp,
    lambda rng, shape, kp: rng.binomial(1, kp, size=shape),
    lambda rng, shape, kp: (rng.random(shape[::-1]) < kp).T,   # drawn transposed
], ids=["random<", "uniform<", "random>1-kp", "1-random<", "binomial", "transposed"])
def test_every_correct_way_of_drawing_the_mask_passes(draw):
    def dropout_forward(A, keep_prob, rng):
        D = draw(rng, A.shape, keep_prob)
        return A * D / keep_prob, D

    assert check.dropout_forward(dropout_forward).passed


def test_a_bool_mask_and_a_loop_pass():
    def with_a_loop(A, keep_prob, rng):
        D = np.zeros(A.shape, dtype=bool)
        for j in range(A.shape[1]):
            D[:, j] = rng.random(A.shape[0]) < keep_prob
        return np.where(D, A / keep_prob, 0.0), D

    assert check.dropout_forward(with_a_loop).passed


def test_returning_only_the_activations_says_what_to_return():
    text = str(check.dropout_forward(lambda A, kp, rng: A))
    assert text.startswith("dropout_forward: dropout_forward must return the pair (A_dropped, D), got ndarray")


def test_a_wrong_statistic_is_shown_in_a_table():
    text = str(check.dropout_forward(lambda A, kp, rng: (A, np.ones_like(A))))
    assert "fraction of units kept:" in text and "got 1.0   <- differs" in text


BACKWARD_MISTAKES = {
    "forgot to divide by keep_prob": lambda dA, D, kp: dA * D,
    "forgot the mask": lambda dA, D, kp: dA / kp,
    "divided by 1 - keep_prob": lambda dA, D, kp: dA * D / (1 - kp),
    "multiplied by keep_prob instead of dividing": lambda dA, D, kp: dA * D * kp,
}


@pytest.mark.parametrize("name", BACKWARD_MISTAKES)
def test_dropout_backward_mistakes_are_named(name):
    assert check.dropout_backward(BACKWARD_MISTAKES[name]).misconception == name


def test_dropout_backward_alternative_passes():
    assert check.dropout_backward(lambda dA, D, kp: np.where(D == 1, dA / kp, 0.0))


PREDICT_MISTAKES = {
    "divided by keep_prob at test time too": lambda A, kp: A / kp,
    "multiplied by keep_prob at test time": lambda A, kp: A * kp,
    "applied dropout at test time": lambda A, kp: A * (np.random.default_rng(7).random(A.shape) < kp) / kp,
    "dropped units at test time without rescaling": lambda A, kp: A * (np.random.default_rng(7).random(A.shape) < kp),
}


@pytest.mark.parametrize("name", PREDICT_MISTAKES)
def test_dropout_predict_mistakes_are_named(name):
    assert check.dropout_predict(PREDICT_MISTAKES[name]).misconception == name


def test_dropout_predict_alternatives_pass():
    assert check.dropout_predict(lambda A, keep_prob: A.copy())
    assert check.dropout_predict(lambda A, keep_prob: A * np.ones_like(A))
