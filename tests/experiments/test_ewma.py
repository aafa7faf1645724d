"""Claims of notebook 11: larger beta is smoother and lags more; beta^(1/(1-beta)) is about 1/e; bias
correction removes the start-up error and changes nothing later; the notes' alpha is the lecture's beta."""

import math

import numpy as np
import pytest

from course2.ewma import ewma
from course2.experiments import ewma as E


@pytest.fixture(scope="module")
def theta():
    return E.temperature_series(rng=0)


def test_larger_beta_is_smoother_and_lags_more(theta):
    rows = E.beta_table(theta, (0.5, 0.9, 0.98))
    rough = [r.roughness for r in rows]
    lags = [r.lag for r in rows]
    assert rough[0] > rough[1] > rough[2] and rough[0] < E.roughness(theta) / 2
    assert lags == sorted(lags) and lags[0] < lags[1] < lags[2]
    assert lags == [1, 7, 35]               # beta = 0.5: exactly half-way (50 deg F) on day 1


def test_lag_is_about_ln2_over_one_minus_beta_and_correction_does_not_fix_it(theta):
    """After a flat stretch of >= 10 windows the lag is ceil(ln 0.5 / ln beta) for every beta of the table
    (693 at 0.999, not the 684 a 4000-day stretch left over), with or without correction."""
    rows = E.beta_table(theta, E.BETAS)
    for r in rows:
        assert r.lag == math.ceil(math.log(0.5) / math.log(r.beta)), r.beta
        at = E.flat_stretch(r.beta)
        assert at >= 10 / (1 - r.beta) - 1e-9
        assert E.half_way_lag(r.beta, corrected=False, days=at + 2000, at=at) == r.lag
    assert rows[-1].lag == 693 and abs(rows[-1].lag - math.log(2) / (1 - 0.999)) < 1


def test_after_the_explorers_400_flat_days_correction_changes_the_lag_from_beta_0_99():
    rows = {b: (c, r) for b, c, r in E.lag_table((0.9, 0.98, 0.99, 0.995, 0.999), at=400, days=550)}
    assert rows[0.9] == (7, 7) and rows[0.98] == (35, 35)
    assert rows[0.99] == (69, 73) and rows[0.995] == (125, None) and rows[0.999] == (None, None)
    text = E.format_lag_table(list((b, *v) for b, v in rows.items()))
    assert text.splitlines()[4].split() == ["0.99", "4", "69", "73"]


def test_beta_to_the_window_is_about_one_over_e(theta):
    rows = E.beta_table(theta, E.BETAS)
    for r in rows:
        if r.beta >= 0.9:
            assert abs(r.e_check - 1 / math.e) < 0.02
    assert [r.e_check for r in rows] == sorted(r.e_check for r in rows)    # rises toward 1/e
    assert rows[0].e_check == 0.25


def test_bias_correction_removes_the_start_up_error_and_nothing_later(theta):
    for row in E.correction_table(theta, E.seasonal_curve(theta.size), (0.9, 0.98)):
        assert row["corrected"] < row["raw"] / 5
        assert row["later_difference"] < 1e-4
    assert E.correction_table(theta, E.seasonal_curve(theta.size), (0.9,))[0]["first_days"] == 10


def test_the_raw_average_is_still_9_percent_low_on_day_120_at_beta_0_98(theta):
    row = E.correction_table(theta, E.seasonal_curve(theta.size), (0.98,), day=120)[0]
    assert f"{row['raw_share']:.2f}" == "0.91"
    s = ewma(theta, 0.98)
    assert s.raw[119] / s.corrected[119] == pytest.approx(row["raw_share"])
    assert "raw / corrected on day 120" in E.format_correction_table([row])


def test_weights_and_the_missing_mass():
    w, missing = E.weights(0.9, 5)
    np.testing.assert_allclose(w, 0.1 * 0.9 ** np.arange(4, -1, -1))
    assert w.sum() + missing == pytest.approx(1.0)
    theta = np.arange(1.0, 6.0)
    assert ewma(theta, 0.9).raw[-1] == pytest.approx(w @ theta)
    assert ewma(theta, 0.9).corrected[-1] == pytest.approx(w @ theta / (1 - missing))


def test_notes_side_by_side_errata_9():
    lines = E.notes_side_by_side().splitlines()
    assert lines[2].split() == ["1", "40.0", "4.00", "40.00"]
    assert "alpha = 0.9  ==  lecture: beta = 0.9" in lines[0]
    assert lines[-1].endswith("(V_1 = 4 is not a temperature; V_1 corrected = 40)")


def test_format_tables(theta):
    text = E.format_beta_table(E.beta_table(theta, (0.5, 0.98)), theta)
    assert text.splitlines()[3].split()[:3] == ["0.5", "2", "0.250"]
    text = E.format_correction_table(E.correction_table(theta, E.seasonal_curve(theta.size), (0.9,)))
    assert text.splitlines()[1].split()[-2:] == ["<", "0.01%"]


def test_bad_input(theta):
    with pytest.raises(ValueError, match="beta"):
        E.weights(1.0, 3)
    with pytest.raises(ValueError, match="t must be an integer"):
        E.weights(0.9, 0)
    with pytest.raises(ValueError, match="longer than 10 windows"):
        E.correction_errors(theta[:100], E.seasonal_curve(100), 0.98)
    with pytest.raises(ValueError, match="half-way"):
        E.half_way_lag(0.999, corrected=False, days=100, at=50)
