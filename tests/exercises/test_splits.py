"""Notebook 01 exercises: each classic mistake, written as a student would, gets its name."""

import math
from statistics import NormalDist

import numpy as np
import pytest

from course2.exercises import check

Z = NormalDist().inv_cdf(0.975)


def z_of(c):
    return NormalDist().inv_cdf(0.5 + c / 2)


HALFWIDTH_MISTAKES = {
    "forgot the square root": lambda p, n, c=0.95: z_of(c) * p * (1 - p) / n,
    "divided by n instead of sqrt(n)": lambda p, n, c=0.95: z_of(c) * math.sqrt(p * (1 - p)) / n,
    "used the one-sided z (1.645 for 95%)": lambda p, n, c=0.95: NormalDist().inv_cdf(c) * math.sqrt(p * (1 - p) / n),
    "left out z": lambda p, n, c=0.95: math.sqrt(p * (1 - p) / n),
    "used p instead of p * (1 - p)": lambda p, n, c=0.95: z_of(c) * math.sqrt(p / n),
}


@pytest.mark.parametrize("name", HALFWIDTH_MISTAKES)
def test_dev_halfwidth_mistakes_are_named(name):
    assert check.dev_halfwidth(HALFWIDTH_MISTAKES[name]).misconception == name


def test_dev_halfwidth_alternatives_pass():
    assert check.dev_halfwidth(lambda p, n, confidence=0.95: z_of(confidence) * np.sqrt(p * (1 - p)) / np.sqrt(n))
    assert check.dev_halfwidth(lambda p, n, confidence=0.95: z_of(confidence) * (p * (1 - p) / n) ** 0.5)


def test_hard_coded_1_96_fails_only_on_other_confidence_levels():
    result = check.dev_halfwidth(lambda p, n, confidence=0.95: 1.96 * math.sqrt(p * (1 - p) / n))
    assert result.status == "wrong"
    assert "On input: 0.3, 400, 0.9" in str(result)


SIZE_MISTAKES = {
    "rounded down": lambda p, h, c=0.95: int(z_of(c) ** 2 * p * (1 - p) / h ** 2),
    "rounded to the nearest integer": lambda p, h, c=0.95: round(z_of(c) ** 2 * p * (1 - p) / h ** 2),
    "did not square the half-width": lambda p, h, c=0.95: math.ceil(z_of(c) ** 2 * p * (1 - p) / h),
    "did not square z": lambda p, h, c=0.95: math.ceil(z_of(c) * p * (1 - p) / h ** 2),
    "used p instead of p * (1 - p)": lambda p, h, c=0.95: math.ceil(z_of(c) ** 2 * p / h ** 2),
}


@pytest.mark.parametrize("name", SIZE_MISTAKES)
def test_required_dev_size_mistakes_are_named(name):
    assert check.required_dev_size(SIZE_MISTAKES[name]).misconception == name


def test_required_dev_size_alternatives_pass():
    assert check.required_dev_size(lambda p, h, c=0.95: int(np.ceil((z_of(c) / h) ** 2 * p * (1 - p))))
    assert check.required_dev_size(lambda p, h, c=0.95: -(-z_of(c) ** 2 * p * (1 - p) // h ** 2))  # float ceil
