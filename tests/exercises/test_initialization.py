"""Notebook 08 exercises: He and LeCun initialization, graded by statistics of the draws."""

import numpy as np
import pytest

from course2.exercises import check


def _layers(scale_of, draw=lambda rng, shape: rng.standard_normal(shape)):
    def init(layer_sizes, rng):
        return [draw(rng, (layer_sizes[l], layer_sizes[l - 1])) * scale_of(layer_sizes, l)
                for l in range(1, len(layer_sizes))]
    return init


HE_MISTAKES = {
    "rand instead of randn": _layers(lambda n, l: np.sqrt(2 / n[l - 1]), lambda rng, s: rng.random(s)),
    "n[l] instead of n[l-1]": _layers(lambda n, l: np.sqrt(2 / n[l])),
    "variance used as the std": _layers(lambda n, l: 2 / n[l - 1]),
    "L-1 instead of l-1": _layers(lambda n, l: np.sqrt(2 / n[len(n) - 2])),
    "LeCun's 1/n instead of He's 2/n": _layers(lambda n, l: np.sqrt(1 / n[l - 1])),
}


@pytest.mark.parametrize("name", HE_MISTAKES)
def test_he_mistakes_are_named(name):
    assert check.he_initialization(HE_MISTAKES[name]).misconception == name


LECUN_MISTAKES = {
    "variance used as the std": _layers(lambda n, l: 1 / n[l - 1]),
    "He's 2/n instead of LeCun's 1/n": _layers(lambda n, l: np.sqrt(2 / n[l - 1])),
    "Glorot's 2/(n[l-1] + n[l])": _layers(lambda n, l: np.sqrt(2 / (n[l - 1] + n[l]))),
    "n[l] instead of n[l-1]": _layers(lambda n, l: np.sqrt(1 / n[l])),
}


@pytest.mark.parametrize("name", LECUN_MISTAKES)
def test_lecun_mistakes_are_named(name):
    assert check.lecun_initialization(LECUN_MISTAKES[name]).misconception == name


@pytest.mark.parametrize("draw", [
    lambda rng, s, std: rng.standard_normal(s) * std,
    lambda rng, s, std: rng.normal(0.0, std, size=s),
    lambda rng, s, std: rng.normal(0.0, std, size=s[::-1]).T,        # drawn transposed
    lambda rng, s, std: np.sqrt(std ** 2) * rng.standard_normal(s[0] * s[1]).reshape(s),
], ids=["standard_normal", "normal", "transposed", "reshaped"])
def test_every_correct_way_of_drawing_passes(draw):
    def he_initialization(layer_sizes, rng):
        return [draw(rng, (layer_sizes[l], layer_sizes[l - 1]), np.sqrt(2 / layer_sizes[l - 1]))
                for l in range(1, len(layer_sizes))]

    assert check.he_initialization(he_initialization).passed


def test_returning_a_dict_says_what_to_return():
    text = str(check.he_initialization(lambda sizes, rng: {"W1": np.zeros((2, 2))}))
    assert "return a list of 2 arrays [W[1], ..., W[L]], got dict" in text


def test_transposed_shapes_are_shown():
    def transposed(layer_sizes, rng):
        return [rng.standard_normal((layer_sizes[l - 1], layer_sizes[l])) * np.sqrt(2 / layer_sizes[l - 1])
                for l in range(1, len(layer_sizes))]

    text = str(check.he_initialization(transposed))
    assert "W[1] shape:" in text and "expected '(200, 400)', got '(400, 200)'   <- differs" in text


def _he_rows_repeated(layer_sizes, rng):
    return [np.tile(rng.standard_normal(layer_sizes[l - 1]) * np.sqrt(2 / layer_sizes[l - 1]), (layer_sizes[l], 1))
            for l in range(1, len(layer_sizes))]


def _he_signs(layer_sizes, rng):
    return [np.where(rng.random((layer_sizes[l], layer_sizes[l - 1])) < 0.5, -1.0, 1.0)
            * np.sqrt(2 / layer_sizes[l - 1]) for l in range(1, len(layer_sizes))]


def _he_global(layer_sizes, rng):
    return [np.random.randn(layer_sizes[l], layer_sizes[l - 1]) * np.sqrt(2 / layer_sizes[l - 1])   # noqa: NPY002
            for l in range(1, len(layer_sizes))]


def _he_reseeded(layer_sizes, rng):
    Ws = []
    for l in range(1, len(layer_sizes)):
        rng = np.random.default_rng(42)
        Ws.append(rng.standard_normal((layer_sizes[l], layer_sizes[l - 1])) * np.sqrt(2 / layer_sizes[l - 1]))
    return Ws


@pytest.mark.parametrize("fn, name", [
    (_he_rows_repeated, "all rows identical"),
    (_he_signs, "signs times the scale, not normal draws"),
    (_he_global, "np.random instead of rng"),
    (_he_reseeded, "a new seeded generator instead of rng"),
])
def test_he_draws_that_are_not_independent_normal_and_seeded_are_named(fn, name):
    assert check.he_initialization(fn).misconception == name


def test_a_uniform_draw_with_the_right_std_is_not_accepted():
    def uniform(layer_sizes, rng):
        s = np.sqrt(2 / np.array(layer_sizes[:-1]))
        return [rng.uniform(-np.sqrt(3) * s[l - 1], np.sqrt(3) * s[l - 1], (layer_sizes[l], layer_sizes[l - 1]))
                for l in range(1, len(layer_sizes))]
    result = check.he_initialization(uniform)
    assert not result.passed and "share within 1 std" in str(result)
