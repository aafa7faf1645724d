"""Notebook 16 exercises: log-uniform alpha and beta via 1 - beta, each mistake written as a student would."""

import numpy as np
import pytest

from course2.exercises import check

ALPHA_MISTAKES = {
    "uniform in alpha": lambda low, high, size, rng: rng.uniform(low, high, size),
    "ln mixed with 10**": lambda low, high, size, rng: 10 ** rng.uniform(np.log(low), np.log(high), size),
    "np.exp mixed with log10": lambda low, high, size, rng: np.exp(rng.uniform(np.log10(low), np.log10(high), size)),
    "low and high used as exponents": lambda low, high, size, rng: 10 ** rng.uniform(low, high, size),
    "upper exponent one short (-4 to -1)":
        lambda low, high, size, rng: 10 ** rng.uniform(np.log10(low), np.log10(high) - 1, size),
    "ignored the rng given (a fresh, unseeded generator or np.random)":
        lambda low, high, size, rng: 10 ** np.random.uniform(np.log10(low), np.log10(high), size),  # noqa: NPY002  (the mistake itself)
    "a generator seeded inside the function":
        lambda low, high, size, rng: 10 ** np.random.default_rng(42).uniform(np.log10(low), np.log10(high), size),
    "no randomness: evenly spaced values (a grid)":
        lambda low, high, size, rng: 10 ** np.linspace(np.log10(low), np.log10(high), size),
}

BETA_MISTAKES = {
    "beta sampled directly": lambda low, high, size, rng: rng.uniform(low, high, size),
    "returned 1 - beta": lambda low, high, size, rng: 10 ** rng.uniform(np.log10(1 - high), np.log10(1 - low), size),
    "ln mixed with 10**": lambda low, high, size, rng: 1 - 10 ** rng.uniform(np.log(1 - high), np.log(1 - low), size),
    "log scale on beta itself": lambda low, high, size, rng: 10 ** rng.uniform(np.log10(low), np.log10(high), size),
    "ignored the rng given (a fresh, unseeded generator or np.random)":
        lambda low, high, size, rng: 1 - 10 ** np.random.uniform(np.log10(1 - high), np.log10(1 - low), size),  # noqa: NPY002
    "a generator seeded inside the function":
        lambda low, high, size, rng: 1 - 10 ** np.random.default_rng(7).uniform(np.log10(1 - high),
                                                                                 np.log10(1 - low), size),
    "no randomness: evenly spaced values (a grid)":
        lambda low, high, size, rng: 1 - np.geomspace(1 - high, 1 - low, size),
}


@pytest.mark.parametrize("name", ALPHA_MISTAKES)
def test_alpha_mistakes_are_named(name):
    assert check.sample_alpha(ALPHA_MISTAKES[name]).misconception == name


@pytest.mark.parametrize("name", BETA_MISTAKES)
def test_beta_mistakes_are_named(name):
    assert check.sample_beta(BETA_MISTAKES[name]).misconception == name


def test_every_correct_way_of_drawing_passes():
    def natural_log(low, high, size, rng):
        return np.exp(rng.uniform(np.log(low), np.log(high), size))

    def scaled_random(low, high, size, rng):
        a, b = np.log10(low), np.log10(high)
        return np.power(10.0, a + (b - a) * rng.random(size))

    def geometric(low, high, size, rng):
        return low * (high / low) ** rng.random(size)

    for f in (natural_log, scaled_random, geometric):
        assert check.sample_alpha(f), f.__name__

    def beta_natural(low, high, size, rng):
        return 1 - np.exp(rng.uniform(np.log(1 - high), np.log(1 - low), size))

    def beta_scaled(low, high, size, rng):
        a, b = np.log10(1 - low), np.log10(1 - high)
        return 1 - np.power(10.0, a + (b - a) * rng.random(size))

    assert check.sample_beta(beta_natural)
    assert check.sample_beta(beta_scaled)


def test_a_wrong_shape_is_said():
    r = check.sample_alpha(lambda low, high, size, rng: 10 ** rng.uniform(-4, 0, (size, 1)))
    assert "shape (100000,)" in str(r)


def test_a_grid_is_named_not_mistaken_for_a_reseeded_generator():
    # np.geomspace and a reversed linspace are grids too; sorted random draws are not a grid (and are not flagged so)
    r = check.sample_alpha(lambda low, high, size, rng: np.geomspace(high, low, size))
    assert r.misconception == "no randomness: evenly spaced values (a grid)" and "np.linspace" in str(r)
    r = check.sample_alpha(lambda low, high, size, rng: np.sort(10 ** rng.uniform(np.log10(low), np.log10(high), size)))
    assert r.misconception != "no randomness: evenly spaced values (a grid)"
