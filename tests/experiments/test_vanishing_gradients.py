"""Claims of notebook 07: w^(L-1) in the deep linear network (ERRATA 2), and a deep ReLU network whose
activations and first-layer gradient explode at scale 1.5 and vanish at 0.5 by the predicted orders."""

import math

import numpy as np
import pytest

from course2.experiments import vanishing_gradients as VG
from course2.network import Network


@pytest.mark.parametrize("w", [0.5, 0.95, 1.0, 1.5])
def test_deep_linear_output_is_w_to_the_L_minus_1(w):
    y = VG.deep_linear_outputs(w, 100)
    np.testing.assert_allclose(y, w ** np.arange(100), rtol=1e-12)


def test_errata_table_shows_the_notes_example_does_not_vanish():
    lines = VG.errata_table().splitlines()
    row50 = [c.strip() for c in next(r for r in lines if r.split("|")[0].strip() == "50").split("|")]
    assert row50[1] == row50[2] == "4.25e+08"       # the notes' "vanishing" example explodes like the first
    assert row50[3] == "1.78e-15"                    # the corrected one vanishes


@pytest.fixture(scope="module")
def net():
    return VG.DeepReLU(rng=0)


@pytest.fixture(scope="module")
def rows(net):
    return {r.scale: r for r in VG.depth_table(net, depth=50)}


def test_backward_matches_the_network_backward():
    small = VG.DeepReLU(n=6, m=7, max_depth=5, rng=3)
    Ws = small.weights(5, 1.3)
    ours = small.gradients(5, 1.3)
    net = Network.from_params(Ws, [np.zeros((W.shape[0], 1)) for W in Ws], "relu", "linear")
    A = net.forward(small.X)
    grads = net.backward(A - 1.0)               # MSE with Y = y_hat - 1: dZ[L] = 1/m, as for J = mean(y_hat)
    for l, g in enumerate(ours):
        np.testing.assert_allclose(g, grads[2 * l], rtol=1e-10, atol=1e-14)


def test_backward_matches_centered_differences():
    small = VG.DeepReLU(n=5, m=8, max_depth=4, rng=4)
    Ws = small.weights(4, 0.9)
    grads = small.gradients(4, 0.9)
    eps = 1e-6
    for l, W in enumerate(Ws):
        for idx in [(0, 0), (W.shape[0] - 1, W.shape[1] - 1)]:
            plus = [V.copy() for V in Ws]
            minus = [V.copy() for V in Ws]
            plus[l][idx] += eps
            minus[l][idx] -= eps
            approx = (small.cost(plus) - small.cost(minus)) / (2 * eps)
            assert approx == pytest.approx(grads[l][idx], rel=1e-5, abs=1e-9)
    r = small.run(4, 0.9)
    np.testing.assert_allclose(r.dW_norm, [np.linalg.norm(g) for g in grads])


def test_scale_one_and_a_half_explodes_and_one_half_vanishes_by_the_predicted_orders(rows):
    big, small, he = rows[1.5], rows[0.5], rows[1.0]
    assert big.measured_log10_std > 7 and small.measured_log10_std < -13
    for r in (big, small, he):
        assert abs(r.measured_log10_std - r.predicted_log10_std) < 1.0
    assert big.predicted_log10_std == pytest.approx(math.log10(VG.STD_RELU_HE) + 49 * math.log10(1.5))
    assert abs(he.measured_log10_std) < 1          # He: the size stays about 1


def test_the_first_layers_gradient_follows(rows):
    big, small, he = rows[1.5], rows[0.5], rows[1.0]
    assert big.measured_log10_dW1 - he.measured_log10_dW1 == pytest.approx(49 * math.log10(1.5), abs=1e-6)
    assert small.measured_log10_dW1 - he.measured_log10_dW1 == pytest.approx(49 * math.log10(0.5), abs=1e-6)
    assert big.measured_log10_dW1 > 7 and small.measured_log10_dW1 < -14


def test_each_layer_multiplies_by_about_the_scale(rows):
    for s, r in rows.items():
        assert r.measured_factor == pytest.approx(s, rel=0.05)


def test_every_layers_gradient_scales_by_scale_to_the_L_minus_1(net):
    base, big = net.run(30, 1.0), net.run(30, 1.2)
    np.testing.assert_allclose(big.dW_norm / base.dW_norm, 1.2 ** 29, rtol=1e-9)
    # the backward signal dA grows towards the first layer: scale^(L-l)
    assert big.dA_rms[0] / big.dA_rms[-1] > 1.2 ** 20


def test_format_depth_table(rows):
    text = VG.format_depth_table(list(rows.values()))
    line = next(r for r in text.splitlines() if r.startswith(" 1.50"))
    assert line.split()[2] == f"{rows[1.5].predicted_log10_std:.1f}"


def test_bad_input(net):
    with pytest.raises(ValueError, match="depth"):
        net.run(101, 1.0)
    with pytest.raises(ValueError, match="scale"):
        net.run(10, 0.0)
    with pytest.raises(ValueError, match="max_depth"):
        VG.deep_linear_outputs(0.5, 0)
    with pytest.raises(TypeError, match="rng"):
        VG.DeepReLU(rng=None)


def test_dW_is_the_same_order_in_every_layer(net):
    for s in (0.5, 1.5):
        logs = np.log10(net.run(50, s).dW_norm)
        assert np.ptp(logs) < 2.0


def test_single_he_networks_drift_mostly_down():
    drift = VG.he_drift(seeds=range(8))
    assert drift.log10_std[0] == pytest.approx(VG.depth_table(VG.DeepReLU(rng=0), depth=50, scales=(1.0,))[0]
                                               .measured_log10_std)      # seed 0 is the notebook's network
    text = VG.format_he_drift(drift)
    assert "median -0.7, from -1.4 to 0.2; 5 of 8 below the predicted -0.1" in text
    # tiny next to the 8 and 15 decades of scales 1.5 and 0.5
    assert drift.log10_std.max() - drift.log10_std.min() < 2


def test_the_gradient_column_is_exact_by_construction(rows):
    for r in rows.values():
        assert r.predicted_log10_dW1 == pytest.approx(r.measured_log10_dW1, abs=1e-9)
    assert rows[1.0].measured_log10_dW1 - rows[0.5].measured_log10_dW1 == pytest.approx(49 * math.log10(2), abs=1e-9)
    assert f"{49 * math.log10(0.5):.1f}" == "-14.8"
