import numpy as np
import pytest

from course2 import optimizers as O
from course2 import surfaces

SURFACES = [
    surfaces.Quadratic(50, 0.0),
    surfaces.Quadratic(7.5, 30.0, scale=0.3, center=(1.0, -2.0)),
    surfaces.Rosenbrock(),
    surfaces.Rosenbrock(a=-0.5, b=10.0),
    surfaces.Saddle(a=2.0, b=0.5),
]


@pytest.mark.parametrize("surface", SURFACES, ids=repr)
def test_gradients_match_centered_differences(surface):
    rng = np.random.default_rng(0)
    h = 1e-6
    for w in rng.uniform(-2, 2, size=(20, 2)):
        numeric = np.array([(surface.cost(w + h * e) - surface.cost(w - h * e)) / (2 * h) for e in np.eye(2)])
        exact = surface.gradient(w)
        assert np.linalg.norm(numeric - exact) <= 1e-7 * (np.linalg.norm(numeric) + np.linalg.norm(exact))
        fast = np.empty(2)
        surface.gradient_into(w, fast)
        np.testing.assert_allclose(fast, exact, rtol=1e-14, atol=1e-14)


@pytest.mark.parametrize("surface", SURFACES, ids=repr)
def test_cost_and_gradient_take_grids(surface):
    xs, ys = np.meshgrid(np.linspace(-1, 1, 4), np.linspace(-1, 1, 3))
    grid = np.stack([xs, ys])
    J, G = surface.cost(grid), surface.gradient(grid)
    assert J.shape == (3, 4) and G.shape == (2, 3, 4)
    assert J[1, 2] == pytest.approx(surface.cost(grid[:, 1, 2]))
    np.testing.assert_allclose(G[:, 1, 2], surface.gradient(grid[:, 1, 2]))


def test_minima_have_zero_cost_and_gradient():
    for surface in SURFACES[:4]:
        assert surface.cost(surface.minimum) == pytest.approx(0.0, abs=1e-15)
        np.testing.assert_allclose(surface.gradient(surface.minimum), 0.0, atol=1e-14)
    saddle = SURFACES[4]
    assert saddle.minimum is None
    np.testing.assert_allclose(saddle.gradient([0.0, 0.0]), 0.0)
    assert saddle.cost([1.0, 0.0]) > 0 > saddle.cost([0.0, 1.0])


def test_quadratic_condition_number_and_rotation():
    q = surfaces.Quadratic(40, 30.0, scale=0.5)
    eig, vec = np.linalg.eigh(q.H)
    np.testing.assert_allclose(eig, [0.5, 20.0])
    assert eig[1] / eig[0] == pytest.approx(40)
    assert abs(vec[:, 1] @ q.steep_direction) == pytest.approx(1.0)
    assert abs(vec[:, 0] @ q.shallow_direction) == pytest.approx(1.0)
    np.testing.assert_allclose(q.shallow_direction, [np.cos(np.pi / 6), np.sin(np.pi / 6)])
    # unrotated: shallow is horizontal, steep is vertical (the lecture's picture)
    np.testing.assert_allclose(surfaces.Quadratic(10).H, np.diag([1.0, 10.0]))


def test_gd_path_is_the_closed_form_on_a_quadratic():
    q = surfaces.Quadratic(20, 25.0, scale=0.1, center=(0.5, 0.5))
    alpha, start, steps = 0.5, np.array([-3.0, 2.0]), 40
    path = surfaces.optimize_path(q, O.GradientDescent(alpha), start, steps)
    assert path.points.shape == (steps + 1, 2) and path.costs.shape == (steps + 1,)
    M = np.eye(2) - alpha * q.H
    expected = [q.center + np.linalg.matrix_power(M, t) @ (start - q.center) for t in range(steps + 1)]
    np.testing.assert_allclose(path.points, expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(path.costs, q.cost(np.array(expected).T), rtol=1e-12, atol=1e-14)
    assert path.diverged_at is None


def test_path_resets_the_optimizer_and_is_repeatable():
    opt = O.Adam(0.05)
    r = surfaces.Rosenbrock()
    first = surfaces.optimize_path(r, opt, (-1.5, 2.0), 100)
    second = surfaces.optimize_path(r, opt, (-1.5, 2.0), 100)
    np.testing.assert_array_equal(first.points, second.points)
    assert opt.t == 100
    assert first.costs[-1] < first.costs[0]


def test_zero_steps_is_the_start():
    path = surfaces.optimize_path(surfaces.Saddle(), O.GradientDescent(0.1), (0.3, 0.4), 0)
    np.testing.assert_array_equal(path.points, [[0.3, 0.4]])


def test_divergence_is_reported_and_the_rest_is_nan():
    q = surfaces.Quadratic(10, scale=1.0)
    path = surfaces.optimize_path(q, O.GradientDescent(2.5 / 10), (1.0, 1.0), 3000)   # |1 - 2.5| > 1
    k = path.diverged_at
    assert k is not None and 100 < k < 3000
    assert np.all(np.isfinite(path.points[:k])) and np.all(np.isfinite(path.costs[:k]))
    assert np.all(np.isnan(path.points[k:])) and np.all(np.isnan(path.costs[k:]))


def test_saddle_gd_escapes_along_the_falling_direction():
    path = surfaces.optimize_path(surfaces.Saddle(), O.GradientDescent(0.1), (1.0, 1e-3), 100)
    assert abs(path.points[-1, 0]) < 1e-4          # the rising direction is contracted
    assert abs(path.points[-1, 1]) > 1.0           # the falling one grows by 1.1 per step
    assert path.costs[-1] < 0


# -- the lecture's claim: momentum and RMSprop damp the vertical oscillation -----------------------
def _steps_to(path, tol):
    hit = np.nonzero(path.costs <= tol)[0]
    return int(hit[0]) if hit.size else None


@pytest.mark.parametrize("condition", [50, 100])
def test_momentum_and_rmsprop_beat_gd_on_an_ill_conditioned_bowl(condition):
    """Same alpha for all three: 1.98 / lambda_max, where GD is just stable and zigzags vertically
    (its vertical factor is 1 - 1.98 = -0.98 per step). lambda_max = 10, lambda_min = 10 / condition."""
    q = surfaces.Quadratic(condition, scale=10.0 / condition)
    alpha = 1.98 / q.eigenvalues[1]
    start = (-10.0, 1.0)
    tol = 1e-3 * q.cost(start)
    steps, amplitude = {}, {}
    for name, opt in {"gd": O.GradientDescent(alpha), "momentum": O.Momentum(alpha, 0.9),
                      "rmsprop": O.RMSprop(alpha, 0.9)}.items():
        path = surfaces.optimize_path(q, opt, start, 1000)
        steps[name] = _steps_to(path, tol)
        vertical = (path.points - q.center) @ q.steep_direction
        amplitude[name] = np.abs(vertical[10:60]).max()   # after the first 10 steps
    assert None not in steps.values(), steps
    # numbers measured when the test was written (condition 50 / 100):
    #   steps to J <= 1e-3 J0: gd 144 / 172, momentum 57 / 133, rmsprop 60 / 59
    #   vertical amplitude over steps 10-59: gd 0.82, momentum 0.50, rmsprop 0.36
    assert steps["momentum"] < 0.8 * steps["gd"], steps
    assert steps["rmsprop"] < 0.5 * steps["gd"], steps
    assert amplitude["momentum"] < 0.7 * amplitude["gd"], amplitude
    assert amplitude["rmsprop"] < 0.5 * amplitude["gd"], amplitude


def test_gd_zigzags_where_momentum_does_not():
    """GD's vertical coordinate flips sign every step; momentum's averaged step changes sign rarely."""
    q = surfaces.Quadratic(50, scale=0.2)
    alpha = 1.98 / q.eigenvalues[1]
    flips = {}
    for name, opt in {"gd": O.GradientDescent(alpha), "momentum": O.Momentum(alpha, 0.9)}.items():
        vertical = surfaces.optimize_path(q, opt, (-10.0, 1.0), 60).points[:, 1]
        flips[name] = int(np.count_nonzero(np.diff(np.sign(vertical))))
    assert flips["gd"] == 60          # every single step
    assert flips["momentum"] <= 10, flips


# -- bad input -----------------------------------------------------------------------------------
def test_bad_surface_parameters():
    with pytest.raises(ValueError, match="condition"):
        surfaces.Quadratic(0.5)
    with pytest.raises(ValueError, match="scale"):
        surfaces.Quadratic(10, scale=0.0)
    with pytest.raises(ValueError, match="center"):
        surfaces.Quadratic(10, center=(1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match="b must"):
        surfaces.Rosenbrock(b=-1.0)
    with pytest.raises(ValueError, match="a must"):
        surfaces.Saddle(a=0.0)
    with pytest.raises(ValueError, match="surface"):
        surfaces.make_surface("himmelblau")
    with pytest.raises(ValueError, match="w must"):
        surfaces.Quadratic(10).cost([1.0, 2.0, 3.0])


def test_bad_path_arguments():
    q, opt = surfaces.Quadratic(10), O.GradientDescent(0.1)
    with pytest.raises(ValueError, match="start"):
        surfaces.optimize_path(q, opt, (1.0, 2.0, 3.0), 10)
    with pytest.raises(ValueError, match="start"):
        surfaces.optimize_path(q, opt, (np.nan, 2.0), 10)
    with pytest.raises(ValueError, match="steps"):
        surfaces.optimize_path(q, opt, (1.0, 2.0), -1)
    with pytest.raises(TypeError, match="surface"):
        surfaces.optimize_path(lambda w: w, opt, (1.0, 2.0), 10)
    with pytest.raises(TypeError, match="optimizer"):
        surfaces.optimize_path(q, "adam", (1.0, 2.0), 10)


def test_make_surface():
    s = surfaces.make_surface("quadratic", condition=25, angle_deg=45)
    assert isinstance(s, surfaces.Quadratic) and s.condition == 25
    assert "angle_deg=45.0" in repr(s)
