"""Claims of notebook 06: normalized inputs converge in fewer iterations and allow a larger alpha; the
bisection on runs finds 2/lambda_max; the notes' sigma^2 gives unit variance only for sigma = 1; dev is
transformed with the training statistics."""

import numpy as np
import pytest

from course2.experiments import normalization as N


@pytest.fixture(scope="module")
def at10():
    return {c.mode: c for c in N.compare_normalizations(10.0, rng=0)}


@pytest.fixture(scope="module")
def at100():
    return {c.mode: c for c in N.compare_normalizations(100.0, rng=0)}


def test_normalized_inputs_reach_the_tolerance_in_many_times_fewer_iterations(at10, at100):
    assert at10["sigma"].iterations * 100 <= at10["none"].iterations
    assert at100["sigma"].iterations * 10_000 <= at100["none"].iterations
    assert at10["sigma"].iterations <= 10 and at100["sigma"].iterations <= 10


def test_the_largest_stable_alpha_grows_with_normalization(at10, at100):
    assert at10["sigma"].alpha_max_formula >= 100 * at10["none"].alpha_max_formula
    assert at100["sigma"].alpha_max_formula >= 10_000 * at100["none"].alpha_max_formula


@pytest.mark.parametrize("ratio", [1.0, 10.0, 100.0])
def test_bisection_on_runs_agrees_with_two_over_lambda_max(ratio):
    task = N.scaled_task(ratio, rng=0)
    for mode in N.MODES:
        c = N.case(task, mode)
        assert c.alpha_max_bisection == pytest.approx(c.alpha_max_formula, rel=1e-6)
        q = c.quadratic
        # just below it converges, just above it diverges (by actual runs)
        below = N.gd_path(q, 0.99 * c.alpha_max_formula, 3000)
        above = N.gd_path(q, 1.01 * c.alpha_max_formula, 3000)
        assert q.cost(below[-1]) < q.cost(below[0]) and q.cost(above[-1]) > 10 * q.cost(above[0])


def test_iterations_formula_equals_running_gradient_descent():
    task = N.scaled_task(10.0, rng=0)
    for mode in N.MODES:
        q = N.quadratic_cost(N.transform(task.X, mode), task.y)
        for alpha in (0.5 / q.eigenvalues[1], 1 / q.eigenvalues[1], 1.9 / q.eigenvalues[1]):
            assert N.iterations_to_tolerance(q, alpha) == N.iterations_by_running(q, alpha, max_iterations=6000)
    assert N.iterations_to_tolerance(q, 2.1 / q.eigenvalues[1]) is None


def test_dividing_by_the_variance_gives_unit_variance_only_when_sigma_is_one(at10):
    assert np.allclose(at10["sigma"].variances, 1.0)
    v = at10["variance"].variances
    sig = np.sqrt(N.transform(N.scaled_task(10.0, rng=0).X, "none").var(axis=1))
    np.testing.assert_allclose(v, 1 / sig**2)
    assert 0.9 < v[0] < 1.1 and v[1] < 0.02
    text = N.errata_variance_table(rng=0)
    rows = [line.split() for line in text.splitlines()[3:6]]
    assert [r[4] for r in rows] == ["1.000"] * 3
    assert [float(r[-1]) for r in rows] == [105.0, 0.956, 0.0104]


def test_the_notes_sigma_squared_is_as_ill_conditioned_as_the_mean_alone(at100):
    """(x - mu)/sigma^2 with sigma = (1, 100) stretches the cost as much as not scaling at all."""
    assert at100["variance"].condition > 1000 * at100["sigma"].condition
    assert at100["variance"].condition == pytest.approx(at100["mean"].condition, rel=0.05)
    assert at100["variance"].iterations > 5000 * at100["sigma"].iterations
    # ...although its largest stable alpha is large: alpha_max alone does not tell the speed
    assert at100["variance"].alpha_max_formula > at100["sigma"].alpha_max_formula


def test_mean_only_is_enough_when_the_scales_match_but_not_otherwise(at10):
    one = {c.mode: c for c in N.compare_normalizations(1.0, rng=0)}
    assert one["none"].iterations >= 5 * one["mean"].iterations
    assert one["mean"].iterations == one["sigma"].iterations
    assert at10["mean"].iterations >= 50 * at10["sigma"].iterations


def test_format_comparison_prints_the_numbers(at10):
    text = N.format_comparison(list(at10.values()))
    lines = text.splitlines()
    assert lines[2].split()[-1] == f"{at10['none'].iterations:,}"
    assert lines[4].split()[-1] == f"{at10['sigma'].iterations}"


def test_dev_normalized_with_its_own_statistics_goes_wrong():
    rep = N.dev_statistics(rng=0)
    sh = rep.shifted
    assert sh.mse_train < 0.15            # about the noise, 0.3^2
    assert sh.mse_own > 5 * sh.mse_train  # the shift is erased, predictions are off
    assert abs(sh.with_own[0].mean()) < 1e-12 and sh.with_train[0].mean() > 0.7
    a, b = rep.tiny_a, rep.tiny_b
    np.testing.assert_array_equal(a.with_train[:, 0], b.with_train[:, 0])
    assert np.max(np.abs(a.with_own[:, 0] - b.with_own[:, 0])) > 0.3
    text = N.dev_statistics_report(rep)
    assert f"{sh.mse_own:9.3f}" in text


def test_ellipse_is_a_level_set():
    q = N.quadratic_cost(N.transform(N.scaled_task(10.0, rng=0).X, "none"), N.scaled_task(10.0, rng=0).y)
    pts = N.level_ellipse(q, 0.25)
    excess = [q.cost(p) - q.J_star for p in pts]
    np.testing.assert_allclose(excess, 0.25, rtol=1e-6)
    assert np.max(np.abs(pts - q.w_star), axis=0).max() == pytest.approx(N.half_span(q, 0.25), rel=1e-3)


def test_bad_input():
    with pytest.raises(ValueError, match="mode"):
        N.transform(np.ones((2, 3)), "std")
    with pytest.raises(ValueError, match="ratio"):
        N.scaled_task(0.0, rng=0)
    with pytest.raises(ValueError, match="X must be"):
        N.quadratic_cost(np.ones((3, 4)), np.ones((1, 4)))
    with pytest.raises(TypeError, match="rng"):
        N.scaled_task(1.0, rng="zero")


@pytest.mark.parametrize("ratio", [1.0, 10.0, 100.0])
def test_standardized_the_condition_number_is_the_correlations(ratio):
    cases = {c.mode: c for c in N.compare_normalizations(ratio, rng=0)}
    r = N.sample_correlation(cases["sigma"])
    assert f"{r:.3f}" == "0.225" and abs(r - N.CORRELATION) > 0.05       # the sample's r, not the 0.3 drawn from
    assert cases["sigma"].condition == pytest.approx((1 + abs(r)) / (1 - abs(r)), rel=1e-9)
    assert f"{cases['sigma'].condition:.3g}" == "1.58"
    assert "r = 0.225" in N.format_comparison(list(cases.values()))


def test_the_condition_number_after_standardizing_grows_without_bound_with_the_correlation():
    # (1 + r) / (1 - r) for a 2x2 correlation matrix: no scale left, yet ill-conditioned as r -> 1
    for r, cond in [(0.3, 1.857), (0.9, 19.0), (0.99, 199.0)]:
        eig = np.linalg.eigvalsh(np.array([[1.0, r], [r, 1.0]]))
        assert eig[1] / eig[0] == pytest.approx(cond, rel=1e-3)
