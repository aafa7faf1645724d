"""The decision-boundary layer: grid layout, forward pass on the grid, in-place updates."""

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from course2.network import Network
from course2.viz.boundary import DecisionBoundary, extent_of, grid_points, grid_probabilities


def x1_network():
    """sigmoid(10 * x1): P > 0.5 exactly where x1 > 0."""
    return Network.from_params([np.array([[10.0, 0.0]])], [np.zeros((1, 1))], output="sigmoid")


def test_grid_points_are_pixel_centres_row_major():
    g = grid_points((0.0, 4.0, 10.0, 12.0), resolution=4)
    assert g.shape == (2, 16)
    np.testing.assert_allclose(g[0, :4], [0.5, 1.5, 2.5, 3.5])      # first image row: x1 varies
    np.testing.assert_allclose(g[1, :4], [10.25] * 4)                 # ... at the lowest x2
    np.testing.assert_allclose(g[1, ::4], [10.25, 10.75, 11.25, 11.75])


def test_grid_probabilities_match_the_network_row_by_row():
    net = x1_network()
    g = grid_points((-1.0, 1.0, -1.0, 1.0), resolution=10)
    P = grid_probabilities(net, g)
    assert P.shape == (10, 10)
    assert np.all(P[:, :5] < 0.5) and np.all(P[:, 5:] > 0.5)          # columns are x1
    np.testing.assert_allclose(P[3], P[7])                             # rows (x2) do not matter


def test_extent_of_covers_all_points_with_margin():
    X = np.array([[0.0, 2.0], [1.0, 5.0]])
    assert extent_of(X, margin=0.5) == (-1.0, 3.0, -1.0, 7.0)
    with pytest.raises(ValueError, match="2 rows"):
        extent_of(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="at least one"):
        extent_of()


def test_bad_extent_and_resolution():
    with pytest.raises(ValueError, match="extent"):
        grid_points((1.0, 0.0, 0.0, 1.0))
    with pytest.raises(ValueError, match="resolution"):
        grid_points((0.0, 1.0, 0.0, 1.0), resolution=1)


def test_decision_boundary_updates_in_place():
    fig = Figure()
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    layer = DecisionBoundary(ax, (-1.0, 1.0, -1.0, 1.0), resolution=20)
    image = layer.image
    P = layer.probabilities(x1_network())
    layer.set_probabilities(P)
    assert layer.image is image
    np.testing.assert_array_equal(np.asarray(image.get_array()), P)
    assert layer.contour is not None
    # the drawn boundary is the vertical line x1 = 0
    vertices = np.vstack([p.vertices for p in layer.contour.get_paths()])
    np.testing.assert_allclose(vertices[:, 0], 0.0, atol=0.06)
    layer.set_probabilities(np.full((20, 20), 0.9))     # no boundary inside: contour removed
    assert layer.contour is None
    with pytest.raises(ValueError, match="shape"):
        layer.set_probabilities(np.zeros((3, 3)))
    X = np.array([[0.1, -0.2, 0.3], [0.0, 0.5, -0.5]])
    layer.set_points(X, np.array([[0, 1, 1]]))
    sc = layer.points["train"]
    layer.set_points(X[:, :2], np.array([[1, 0]]))
    assert layer.points["train"] is sc
    np.testing.assert_array_equal(sc.get_offsets(), X[:, :2].T)
    np.testing.assert_array_equal(sc.get_array(), [1, 0])
    with pytest.raises(ValueError, match="one label per column"):
        layer.set_points(X, np.array([[0, 1]]))
    fig.canvas.draw()


def test_a_non_finite_probability_image_is_hidden_not_drawn():
    """A diverged network's P is NaN: the layer hides instead of drawing an all-NaN image; a finite P shows again."""
    fig = Figure()
    FigureCanvasAgg(fig)
    layer = DecisionBoundary(fig.add_subplot(), (-1.0, 1.0, -1.0, 1.0), resolution=20)
    P = layer.probabilities(x1_network())
    assert layer.set_probabilities(P) and layer.image.get_visible() and layer.contour is not None
    bad = P.copy()
    bad[3, 4] = np.nan
    assert not layer.set_probabilities(bad)
    assert not layer.image.get_visible() and layer.contour is None
    np.testing.assert_array_equal(np.asarray(layer.image.get_array()), P)    # the NaN never reached the image
    assert layer.set_probabilities(P) and layer.image.get_visible() and layer.contour is not None
    layer.clear()
    assert not layer.image.get_visible() and layer.contour is None
    fig.canvas.draw()


def test_pictured_probabilities_are_the_float64_ones_to_float32_precision_for_every_network():
    """The layer draws from a float32 copy kept per architecture: each network gets its own numbers."""
    fig = Figure()
    layer = DecisionBoundary(fig.add_subplot(), (-2.0, 2.0, -2.0, 2.0), resolution=30)
    nets = [Network([2, 8, 8, 1], "tanh", rng=s) for s in (0, 1)] + [Network([2, 5, 1], "relu", rng=2)]
    for net in nets + nets[::-1]:
        P = layer.probabilities(net)
        assert P.dtype == np.float32
        np.testing.assert_allclose(P, grid_probabilities(net, layer.grid), rtol=1e-5, atol=1e-6)
    assert nets[0].dtype == np.float64 and nets[0].theta.dtype == np.float64       # the network is untouched
