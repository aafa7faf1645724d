"""course2.softmax against PyTorch (CPU, float64): softmax, log_softmax, cross-entropy and its gradient dZ.

Conventions mapped: ours is (C, m) with one example per column, torch's (m, C): we pass Z.T. Our
cross_entropy averages over the m examples (torch's reduction="mean" with class-index targets).
"""

import numpy as np
import pytest

from course2 import softmax as S

pytestmark = pytest.mark.torch
torch = pytest.importorskip("torch")


@pytest.mark.parametrize("scale", [1.0, 30.0, 500.0])
def test_softmax_log_softmax_cross_entropy_and_dZ_match_torch(scale):
    gen = np.random.default_rng(0)
    Z = scale * gen.normal(size=(5, 9))
    labels = gen.integers(0, 5, 9)
    Y = S.one_hot(labels, 5)
    t = torch.tensor(Z.T, dtype=torch.float64, requires_grad=True)
    np.testing.assert_allclose(S.softmax(Z), torch.softmax(t, dim=1).detach().numpy().T, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(S.log_softmax(Z), torch.log_softmax(t, dim=1).detach().numpy().T, rtol=1e-12)
    loss = torch.nn.functional.cross_entropy(t, torch.tensor(labels))
    loss.backward()
    assert S.cross_entropy(Z, Y) == pytest.approx(loss.item(), rel=1e-12)
    np.testing.assert_allclose(S.cross_entropy_gradient(Z, Y), t.grad.numpy().T, rtol=1e-10, atol=1e-15)


def test_jacobian_matches_torch_autograd():
    z = np.array([2.0, 1.0, 0.1, -1.0])
    J = torch.autograd.functional.jacobian(lambda v: torch.softmax(v, dim=0), torch.tensor(z))
    np.testing.assert_allclose(S.softmax_jacobian(S.softmax(z)), J.numpy(), atol=1e-15)


def test_float32_softmax_matches_torch_where_the_unshifted_one_breaks():
    z = np.array([100.0, 0.0, -100.0], np.float32)
    ours = S.softmax(z)
    theirs = torch.softmax(torch.tensor(z), dim=0).numpy()
    assert ours.dtype == np.float32 and np.array_equal(ours, theirs)
    assert np.isnan(S.softmax_unshifted(z)[0])
