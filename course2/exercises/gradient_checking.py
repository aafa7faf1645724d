"""Exercises for notebook 09 (gradient checking).

    centered_difference(J, theta, epsilon)   -> dtheta_approx, (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps)
    relative_error(grad, grad_approx)        -> ||grad_approx - grad|| / (||grad_approx|| + ||grad||)
    gradient_check(data_cost, params, grads, names, lambd, m, epsilon)
                                             -> (relative error, name of the worst parameter)

In ``gradient_check``, J(params) = data_cost(params) + lambd/(2m) * sum of ||W||_F^2 over the
parameters whose name starts with "W"; "worst" is the parameter with the largest relative error of
its own block. References: ``course2.gradient_checking.numerical_gradient`` and ``relative_error``.
"""

from __future__ import annotations

import numpy as np

from course2 import gradient_checking as gc
from course2.network import Network

from .grading import Exercise, Misconception, Probe, close

__all__ = ["EXERCISES"]


def centered_difference(J, theta, epsilon):
    """The reference, with the student's signature."""
    return gc.numerical_gradient(J, np.asarray(theta, dtype=float), epsilon)


def _cubic(theta):
    return float(np.sum(theta ** 3) + theta[0] * theta[1])


def _wave(theta):
    return float(np.sum(np.sin(theta) * theta) + 0.5 * theta[0] * theta[-1])


CENTERED = Exercise(
    name="centered_difference",
    signature="centered_difference(J, theta, epsilon)",
    reference=centered_difference,
    misconceptions=[
        Misconception(
            "/2*eps instead of /(2*eps)",
            "In Python (J_plus - J_minus) / 2 * epsilon divides by 2 and then MULTIPLIES by epsilon. "
            "Write (J_plus - J_minus) / (2 * epsilon).",
            lambda J, theta, eps: centered_difference(J, theta, eps) * eps ** 2),
        Misconception(
            "one-sided difference",
            "(J(theta + eps) - J(theta)) / eps has an error proportional to eps; the centered difference "
            "(J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps) has one proportional to eps^2.",
            lambda J, theta, eps: gc.numerical_gradient(J, np.asarray(theta, float), eps, difference="one-sided")),
        Misconception(
            "divided by eps instead of 2 eps",
            "theta + eps and theta - eps are 2 eps apart: divide the difference by 2 * epsilon.",
            lambda J, theta, eps: 2.0 * centered_difference(J, theta, eps)),
    ],
    probes=[
        Probe((_cubic, np.array([0.5, -1.0, 2.0]), 1e-3),
              "J(theta) = sum(theta**3) + theta[0]*theta[1], theta = [0.5, -1.0, 2.0], epsilon = 1e-3"),
        Probe((_wave, np.array([0.3, -1.2, 2.5, 0.9, -0.4]), 1e-2),
              "J(theta) = sum(sin(theta)*theta) + 0.5*theta[0]*theta[-1], theta = [0.3, -1.2, 2.5, 0.9, -0.4], "
              "epsilon = 1e-2"),
    ],
    compare=close(rtol=1e-6, atol=1e-9),
    hint="for each i: copy theta, add epsilon to entry i for J_plus, subtract it for J_minus, "
         "then grad_approx[i] = (J_plus - J_minus) / (2 * epsilon).",
)


def relative_error(grad, grad_approx):
    """The reference, with the student's signature."""
    return gc.relative_error(grad_approx, grad)


def _norm(v):
    return float(np.linalg.norm(np.ravel(v)))


RELATIVE = Exercise(
    name="relative_error",
    signature="relative_error(grad, grad_approx)",
    reference=relative_error,
    misconceptions=[
        Misconception(
            "norm of the sum",
            "The denominator is the sum of the two norms, ||grad_approx|| + ||grad||, not the norm of the sum "
            "||grad_approx + grad||.",
            lambda g, a: _norm(np.ravel(a) - np.ravel(g)) / _norm(np.ravel(a) + np.ravel(g))),
        Misconception(
            "the notes' second formula (no difference)",
            "(||grad_approx|| + ||grad||) / ||grad|| has no difference in it: it is about 2 for a right gradient and "
            "for a wrong one. The check is ||grad_approx - grad|| / (||grad_approx|| + ||grad||).",
            lambda g, a: (_norm(a) + _norm(g)) / _norm(g)),
        Misconception(
            "no denominator",
            "||grad_approx - grad|| alone depends on the size of the gradient: divide by "
            "||grad_approx|| + ||grad|| to get a number you can compare with 1e-7.",
            lambda g, a: _norm(np.ravel(a) - np.ravel(g))),
        Misconception(
            "divided by ||grad|| only",
            "Divide by the sum of both norms, ||grad_approx|| + ||grad||: the error is then at most 1, and "
            "symmetric in the two gradients.",
            lambda g, a: _norm(np.ravel(a) - np.ravel(g)) / _norm(g)),
    ],
    probes=[
        Probe((np.array([1.0, 2.0, -1.0]), np.array([1.5, 1.0, -1.0]))),
        Probe((np.array([[0.3, -0.2], [0.1, 0.4]]), np.array([[0.3, -0.25], [0.12, 0.4]]))),
    ],
    hint="np.linalg.norm(grad_approx - grad) / (np.linalg.norm(grad_approx) + np.linalg.norm(grad)).",
)


# --- the full check -----------------------------------------------------------------------------------------

def _gradient_check(data_cost, params, grads, names, lambd, m, epsilon, *, difference="centered", slash=False,
                    sum_norm=False, penalty=True, worst_by_absolute=False):
    params = [np.asarray(p, dtype=float) for p in params]
    shapes = [p.shape for p in params]
    weights = [i for i, n in enumerate(names) if str(n).startswith("W")]

    def J(theta):
        ps = gc.vector_to_params(theta, shapes)
        pen = lambd / (2.0 * m) * sum(float(np.sum(ps[i] ** 2)) for i in weights) if penalty else 0.0
        return data_cost(ps) + pen

    approx = gc.numerical_gradient(J, gc.params_to_vector(params), epsilon, difference=difference)
    if slash:
        approx = approx * epsilon ** 2
    exact = gc.params_to_vector(grads)

    def rel(a, e):
        return _norm(a - e) / _norm(a + e) if sum_norm else gc.relative_error(a, e)

    per, start = [], 0
    for p in params:
        a, e = approx[start: start + p.size], exact[start: start + p.size]
        per.append(_norm(a - e) if worst_by_absolute else rel(a, e))
        start += p.size
    return rel(approx, exact), str(names[int(np.argmax(per))])


def gradient_check(data_cost, params, grads, names, lambd, m, epsilon):
    """The reference, with the student's signature."""
    return _gradient_check(data_cost, params, grads, names, lambd, m, epsilon)


def _problem(sizes, m, lambd, seed, bug):
    """A tanh network's data cost, its parameters and its backprop gradients with one planted ``bug``."""
    gen = np.random.default_rng(seed)
    net = Network(list(sizes), "tanh", "sigmoid", init="lecun", rng=gen)
    for b in net.b:
        b[...] = gen.normal(0.0, 0.3, size=b.shape)
    X = gen.standard_normal((sizes[0], m))
    Y = (gen.random((1, m)) < 0.5).astype(float)
    net.forward(X)
    grads = [g.copy() for g in net.backward(Y, lambd=lambd)]
    for index, factor in ([bug] if isinstance(bug[0], int) else bug):     # one (index, factor) or several
        grads[index] *= factor
    L = net.L

    def data_cost(params):
        copy = Network.from_params(params[0::2], params[1::2], "tanh", "sigmoid")
        copy.forward(X)
        return copy.cost(Y)

    data_cost.__name__ = f"data_cost_of_a_{'_'.join(map(str, sizes))}_tanh_network"
    del L
    return data_cost, [p.copy() for p in net.params], grads, net.param_names, lambd, m


def _probe(sizes, m, lambd, seed, bug, epsilon, what):
    args = (*_problem(sizes, m, lambd, seed, bug), epsilon)
    return Probe(args, f"a {list(sizes)} tanh network on {m} examples, lambd = {lambd:g}, epsilon = {epsilon:g}, "
                       f"grads from backprop with {what}")


FULL = Exercise(
    name="gradient_check",
    signature="gradient_check(data_cost, params, grads, names, lambd, m, epsilon) returning (difference, worst name)",
    reference=gradient_check,
    misconceptions=[
        Misconception(
            "/2*eps instead of /(2*eps)",
            "(J_plus - J_minus) / 2 * epsilon multiplies by epsilon: write (J_plus - J_minus) / (2 * epsilon).",
            lambda *a: _gradient_check(*a, slash=True)),
        Misconception(
            "one-sided difference",
            "Use the centered difference (J(theta + eps e_i) - J(theta - eps e_i)) / (2 eps): the one-sided one, "
            "(J(theta + eps e_i) - J(theta)) / eps, is far less accurate (error of order eps, not eps^2).",
            lambda *a: _gradient_check(*a, difference="one-sided")),
        Misconception(
            "norm of the sum",
            "The denominator is ||grad_approx|| + ||grad||, the sum of the norms, not ||grad_approx + grad||.",
            lambda *a: _gradient_check(*a, sum_norm=True)),
        Misconception(
            "forgot the penalty in J",
            "Backprop's gradients include the L2 term (lambd/m) W, so J must include its cost: "
            "J = data_cost(params) + lambd/(2m) * sum of ||W[l]||_F^2 (weights only, not biases).",
            lambda *a: _gradient_check(*a, penalty=False)),
        Misconception(
            "worst by the largest absolute error",
            "The worst parameter is the one whose block has the largest RELATIVE error, "
            "||a - g|| / (||a|| + ||g||) of that block: a large gradient can be off by more in absolute terms "
            "and still be far closer to right than a small one.",
            lambda *a: _gradient_check(*a, worst_by_absolute=True)),
    ],
    probes=[
        _probe((2, 3, 1), 4, 0.5, 11, (2, 2.0), 1e-2, "dW[2] doubled"),
        _probe((3, 4, 2, 1), 5, 1.0, 12, (1, 3.0), 1e-3, "db[1] tripled"),
        _probe((2, 3, 1), 4, 0.5, 14, ((1, 3.0), (0, 1.5)), 1e-3,
               "db[1] tripled (relative error 0.5) and dW[1] times 1.5 (relative error 0.2, but a larger "
               "absolute error: ||dW[1]|| is 16 times ||db[1]||)"),
    ],
    compare=close(rtol=1e-4, atol=1e-12),
    hint="flatten the params into theta; J(theta) = data_cost(params) + lambd/(2m) * sum ||W||^2; centered "
         "differences / (2 * epsilon); the relative error of the whole vector and of each parameter's block; "
         "return (overall error, the name whose block has the largest error).",
)

EXERCISES = [CENTERED, RELATIVE, FULL]
