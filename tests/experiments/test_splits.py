"""Notebook 01's numbers: split sizes, the dev error's half-width, resampled dev sets, the printed tables."""

import math

import numpy as np
import pytest

from course2 import splits
from course2.experiments.splits import resampling_table, split_numbers, splits_table


def wald(p, n):
    return 1.959963984540054 * math.sqrt(p * (1 - p) / n)


# -- the numbers ------------------------------------------------------------------------------------
def test_split_numbers_sizes_halfwidth_and_spread():
    r = split_numbers(1_000_000, 0.01, 0.1, rng=0)
    assert tuple(r.sizes) == (980_000, 10_000, 10_000)
    assert r.halfwidth == pytest.approx(wald(0.1, 10_000))
    assert r.measured.shape == (2000,)
    k = np.round(r.measured * 10_000)
    assert np.allclose(k, r.measured * 10_000)                     # whole numbers of mistakes
    assert r.within == pytest.approx(np.mean(np.abs(r.measured - 0.1) <= r.halfwidth + 1e-12))


def test_an_empty_dev_set_has_no_estimate():
    r = split_numbers(100, 0.001, 0.1, rng=0)
    assert r.n_dev == 0 and math.isnan(r.halfwidth) and r.measured.size == 0


@pytest.mark.parametrize("kwargs, match", [({"m": 0}, "m must"), ({"dev_fraction": 0.6}, "dev_fraction"),
                                           ({"error_rate": 1.5}, "error_rate")])
def test_split_numbers_checks_its_arguments(kwargs, match):
    args = {"m": 1000, "dev_fraction": 0.01, "error_rate": 0.1} | kwargs
    with pytest.raises(ValueError, match=match):
        split_numbers(**args, rng=0)


# -- what to notice (notebook 01) ---------------------------------------------------------------------
def test_claim_ten_thousand_dev_examples_measure_90_percent_accuracy_to_under_one_point():
    assert split_numbers(1_000_000, 0.01, 0.1, rng=0).halfwidth < 0.01          # 1% of a million: plenty
    assert split_numbers(1_000_000, 0.01, 0.1, rng=0).halfwidth == pytest.approx(0.00588, abs=5e-5)


def test_claim_one_percent_of_a_thousand_is_not_enough():
    r = split_numbers(1_000, 0.01, 0.1, rng=0)
    assert r.n_dev == 10 and r.halfwidth > 0.18                          # +-18.6 points
    # it cannot even tell 90% from 95% accuracy: the interval covers both error rates
    assert 0.1 - r.halfwidth < 0.05 < 0.1 + r.halfwidth
    assert 0.1 - r.halfwidth < 0 and 0.28 < 0.1 + r.halfwidth < 0.29     # "from below 0% to about 29%"
    classic = split_numbers(1_000, 0.2, 0.1, rng=0)                             # 60/20/20: 200 examples
    assert classic.n_dev == 200 and classic.halfwidth == pytest.approx(0.0416, abs=5e-4)


def test_claim_halving_the_halfwidth_costs_four_times_the_examples():
    for n in (100, 2_500, 10_000):
        ratio = splits.error_confidence_halfwidth(0.1, n) / splits.error_confidence_halfwidth(0.1, 4 * n)
        assert ratio == pytest.approx(2.0)


def test_claim_the_resampled_spread_matches_the_formula():
    r = split_numbers(1_000_000, 0.01, 0.1, rng=0)                       # the explorer's default
    assert 0.94 <= r.within <= 0.96
    assert np.std(r.measured) == pytest.approx(math.sqrt(0.09 / 10_000), rel=0.05)


def test_claim_at_ten_examples_the_formula_is_only_rough():
    r = split_numbers(1_000, 0.01, 0.1, rng=0)
    assert abs(r.within - 0.95) > 0.01                # 10 examples: the counts are few and lumpy
    assert r.within == pytest.approx(0.932, abs=0.02)


def test_claim_a_million_dev_examples_is_far_finer_than_needed():
    r = split_numbers(100_000_000, 0.01, 0.1, rng=0)
    assert r.n_dev == 1_000_000 and r.halfwidth < 0.001                  # +-0.06 points


# -- the explorer ------------------------------------------------------------------------------------
def test_table_rows():
    lines = splits_table().splitlines()
    assert len(lines) == 2 + 6
    row = next(line for line in lines if line.strip().startswith("1,000,000 |"))
    assert "980,000/10,000/10,000" in row and "10,000      0.59" in row and "200,000      0.13" in row
    row = next(line for line in lines if line.strip().startswith("1,000 |"))
    assert "600/200/200" in row and "10     18.59" in row


def test_resampling_table_agrees_with_the_formula_for_large_n():

    rows = [line.split("|") for line in resampling_table(seed=0).splitlines()[2:]]
    assert len(rows) == 5
    for row in rows:
        n = int(row[0].split()[1].replace(",", ""))
        formula, resampled, within = float(row[1]), float(row[2]), float(row[3].strip().rstrip("%"))
        assert formula == pytest.approx(100 * wald(0.1, n), abs=0.006)
        if n >= 1000:
            assert resampled == pytest.approx(formula, rel=0.05) and 93.5 <= within <= 96.5


def test_dev_and_test_fractions_apart():
    r = split_numbers(1_000_000, 0.004, 0.1, test_fraction=0.001, rng=0)
    assert tuple(r.sizes) == (995_000, 4_000, 1_000) and r.test_fraction == 0.001
    assert split_numbers(1000, 0.3, test_fraction=0.0, rng=0).sizes.test == 0
    with pytest.raises(ValueError, match="dev_fraction \\+ test_fraction must be at most 1"):
        split_numbers(1000, 0.6, test_fraction=0.5, rng=0)


# -- the resampling rows and their Monte-Carlo error (notebook 01's "what to notice") ----------------
def _resampling_rows():
    rows = {}
    for line in resampling_table(seed=0).splitlines()[2:]:
        cells = line.split("|")
        n = int(cells[0].split()[1].replace(",", ""))
        rows[n] = (float(cells[1]), float(cells[2]), float(cells[3].strip().rstrip("%")))
    return rows


def test_claim_the_within_column_is_read_to_about_one_point():
    from course2.experiments.splits import within_note

    assert within_note() == ("'within ±h' is itself measured on 2,000 dev sets: a true 95% reads as 94.0% to 96.0% "
                             "(±1.0 points, 95%)")
    with pytest.raises(ValueError, match="repeats"):
        within_note(0)


def test_claim_large_dev_sets_are_inside_the_monte_carlo_band_and_small_ones_fall_short():
    rows = _resampling_rows()
    for n in (1_000, 10_000, 1_000_000):
        assert 94.0 <= rows[n][2] <= 96.0, (n, rows[n])
    assert [rows[n][2] for n in (1_000, 10_000, 1_000_000)] == [94.3, 94.6, 94.9]
    assert rows[10][2] == 93.2 and rows[100][2] == 92.1 and rows[100][2] < 94.0 and rows[10][2] < 94.0
    assert min(rows.values(), key=lambda r: r[2]) == rows[100]                      # the worst row: n = 100
    assert rows[100][:2] == (5.88, 6.12) and rows[100][1] / rows[100][0] == pytest.approx(1.04, abs=0.005)
    assert rows[10_000][:2] == (0.59, 0.60)
