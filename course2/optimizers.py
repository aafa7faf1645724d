"""Gradient descent, momentum, RMSprop, Adam and AdamW: pure update functions and thin classes.

Each update is first a small pure function (formula in the docstring, inputs left unchanged, easy
to check step by step), then a class that checks its hyperparameters once, keeps its state by
parameter position and updates the parameters in place with preallocated work arrays:

    opt = Adam(alpha=0.001)
    opt.step([net.weights_flat, biases], [net.dweights_flat, dbiases])   # in place
    opt.alpha = schedule(epoch)                                          # the loop may change it

State (V, S) is allocated at the first ``step`` with the shapes and dtypes of the parameters;
``t`` counts steps from 1. L2 regularization needs nothing here: it is already inside the
gradient that the network's backward pass returns, so it works with every optimizer. Decoupled
weight decay (``AdamW``) is the one thing an optimizer adds itself; ``decay[i]`` says whether
position i is decayed (the training loop decays weights, not biases).

Conventions that differ between sources (each pinned by a test against PyTorch):

* Momentum follows the lecture, V = beta V + (1 - beta) dW, W -= alpha V. PyTorch's SGD uses
  v = mu v + g, W -= lr v. With mu = beta and dampening = 0 the two are the same steps exactly
  when lr = alpha (1 - beta): torch's v_t is sum_k beta**(t-k) g_k, ours is (1 - beta) times it.
  ``dampening=beta`` (which looks like the lecture's formula) is *not* the same: torch starts
  its buffer at v_1 = g_1 without dampening, so its buffer exceeds ours by beta**t g_1 (shrinking,
  never zero), and its steps differ from the first one on.
* RMSprop puts epsilon outside the root, W -= alpha dW / (sqrt(S) + epsilon), as the lecture and
  torch.optim.RMSprop do (torch's ``alpha`` is our beta); TensorFlow's ApplyRMSProp (TF1's
  RMSPropOptimizer) uses sqrt(S + epsilon) instead.
* Adam adds epsilon to the bias-corrected root, sqrt(S_hat) + epsilon, as the Adam paper and
  torch.optim.Adam do.
"""

from __future__ import annotations

import math
import operator

import numpy as np

from . import _segments, _validate
from .ewma import check_beta

OPTIMIZERS = ("gd", "momentum", "rmsprop", "adam", "adamw")


# -- hyperparameter checks -----------------------------------------------------------------------
def check_alpha(alpha) -> float:
    """alpha (the learning rate) must be a finite real > 0."""
    return _validate.real("alpha", alpha, low=0.0, low_open=True)


def check_epsilon(epsilon) -> float:
    """epsilon must be a finite real > 0."""
    return _validate.real("epsilon", epsilon, low=0.0, low_open=True)


def check_weight_decay(weight_decay) -> float:
    """weight_decay must be a finite real >= 0."""
    return _validate.real("weight_decay", weight_decay, low=0.0)


def _check_t(t) -> int:
    return _validate.integer("t", t, low=1)


def _same_shape(W, **others) -> list[np.ndarray]:
    """[W, *others] as finite float arrays, checking that each of ``others`` has W's shape (S >= 0)."""
    W = _validate.array("W", W)
    out = [W]
    for name, value in others.items():
        value = _validate.same_shape(name, _validate.array(name, value), "W", W)
        if name == "S" and np.any(value < 0):
            raise ValueError("S (a running average of dW**2) must be >= 0 everywhere, got negative entries")
        out.append(value)
    return out


# -- pure update functions -----------------------------------------------------------------------
def gd_step(W, dW, *, alpha: float):
    """One gradient-descent update.

        W <- W - alpha * dW

    Returns the new W; the inputs are left unchanged.
    """
    alpha = check_alpha(alpha)
    W, dW = _same_shape(W, dW=dW)
    return W - alpha * dW


def momentum_step(W, dW, V, *, alpha: float, beta: float = 0.9):
    """One update of gradient descent with momentum, in the lecture's convention.

        V <- beta * V + (1 - beta) * dW
        W <- W - alpha * V

    PyTorch's SGD(momentum=beta, dampening=0) takes the same steps with lr = alpha * (1 - beta)
    (its v = beta v + g is our V / (1 - beta)). Returns the new (W, V); inputs are unchanged.
    """
    alpha, beta = check_alpha(alpha), check_beta(beta)
    W, dW, V = _same_shape(W, dW=dW, V=V)
    V = beta * V + (1.0 - beta) * dW
    return W - alpha * V, V


def rmsprop_step(W, dW, S, *, alpha: float, beta: float = 0.9, epsilon: float = 1e-8):
    """One RMSprop update.

        S <- beta * S + (1 - beta) * dW**2
        W <- W - alpha * dW / (sqrt(S) + epsilon)

    epsilon sits outside the square root, as in the lecture and the Adam paper (and
    torch.optim.RMSprop, whose ``alpha`` is this beta); some libraries use sqrt(S + epsilon),
    which changes the first steps. Returns the new (W, S); the inputs are left unchanged.
    """
    alpha, beta, epsilon = check_alpha(alpha), check_beta(beta), check_epsilon(epsilon)
    W, dW, S = _same_shape(W, dW=dW, S=S)
    S = beta * S + (1.0 - beta) * dW**2
    return W - alpha * dW / (np.sqrt(S) + epsilon), S


def adam_step(W, dW, V, S, t: int, *, alpha: float, beta1: float = 0.9, beta2: float = 0.999,
              epsilon: float = 1e-8):
    """One Adam update (t counts steps from 1).

        V <- beta1 * V + (1 - beta1) * dW              V_hat = V / (1 - beta1**t)
        S <- beta2 * S + (1 - beta2) * dW**2           S_hat = S / (1 - beta2**t)
        W <- W - alpha * V_hat / (sqrt(S_hat) + epsilon)

    V and S stay raw; only the values used are bias-corrected. epsilon is added to
    sqrt(S_hat), as in the Adam paper and torch.optim.Adam. Returns the new (W, V, S).
    """
    alpha, epsilon, t = check_alpha(alpha), check_epsilon(epsilon), _check_t(t)
    beta1, beta2 = check_beta(beta1, "beta1"), check_beta(beta2, "beta2")
    W, dW, V, S = _same_shape(W, dW=dW, V=V, S=S)
    V = beta1 * V + (1.0 - beta1) * dW
    S = beta2 * S + (1.0 - beta2) * dW**2
    V_hat = V / (1.0 - beta1**t)
    S_hat = S / (1.0 - beta2**t)
    return W - alpha * V_hat / (np.sqrt(S_hat) + epsilon), V, S


def adamw_step(W, dW, V, S, t: int, *, alpha: float, beta1: float = 0.9, beta2: float = 0.999,
               epsilon: float = 1e-8, weight_decay: float = 0.01):
    """One AdamW update: Adam plus decoupled weight decay (Loshchilov & Hutter).

        W <- (1 - alpha * weight_decay) * W               (decay, outside the adaptive scaling)
        W <- W - alpha * V_hat / (sqrt(S_hat) + epsilon)  (the Adam step of ``adam_step``)

    This is *not* L2 regularization with Adam: an L2 term puts lambd/m * W into dW, where it is
    divided by sqrt(S_hat) like the rest of the gradient, so weights with large gradients are
    barely decayed. Here every weight shrinks by the same factor. The decay is multiplied by
    alpha, as in torch.optim.AdamW. Returns the new (W, V, S).
    """
    weight_decay = check_weight_decay(weight_decay)
    W_decayed = (1.0 - check_alpha(alpha) * weight_decay) * np.asarray(W)
    return adam_step(W_decayed, dW, V, S, t, alpha=alpha, beta1=beta1, beta2=beta2, epsilon=epsilon)


# -- in-place updates for the classes: the same formulas, no allocation --------------------------
# Each works on one segment (param, grad, *state, tmp): a whole parameter array, or a cache-sized
# chunk of several merged ones (see course2/_segments.py).
def _average_into(V: np.ndarray, x: np.ndarray, beta: float, tmp: np.ndarray) -> None:
    """V <- beta * V + (1 - beta) * x, in place (tmp is scratch of V's shape)."""
    np.multiply(x, 1.0 - beta, out=tmp)
    V *= beta
    V += tmp


def _average_square_into(S: np.ndarray, x: np.ndarray, beta: float, tmp: np.ndarray) -> None:
    """S <- beta * S + (1 - beta) * x**2, in place."""
    np.multiply(x, x, out=tmp)
    tmp *= 1.0 - beta
    S *= beta
    S += tmp


def _gd_into(W, dW, tmp, alpha) -> None:
    np.multiply(dW, alpha, out=tmp)             # W <- W - alpha dW
    W -= tmp


def _momentum_into(W, dW, V, tmp, alpha, beta) -> None:
    _average_into(V, dW, beta, tmp)             # V <- beta V + (1 - beta) dW
    np.multiply(V, alpha, out=tmp)              # W <- W - alpha V
    W -= tmp


def _rmsprop_into(W, dW, S, tmp, alpha, beta, epsilon) -> None:
    _average_square_into(S, dW, beta, tmp)      # S <- beta S + (1 - beta) dW**2
    np.sqrt(S, out=tmp)                         # W <- W - alpha dW / (sqrt(S) + epsilon)
    tmp += epsilon
    np.divide(dW, tmp, out=tmp)
    tmp *= alpha
    W -= tmp


def _adam_into(W, dW, V, S, tmp, beta1, beta2, epsilon, inv_sqrt_c2, step_size) -> None:
    """With c1 = 1 - beta1**t, c2 = 1 - beta2**t: V_hat = V / c1, sqrt(S_hat) = sqrt(S) / sqrt(c2),
    so W -= alpha V_hat / (sqrt(S_hat) + epsilon) is W -= (alpha / c1) V / (sqrt(S) / sqrt(c2) + epsilon)."""
    _average_into(V, dW, beta1, tmp)            # V <- beta1 V + (1 - beta1) dW
    _average_square_into(S, dW, beta2, tmp)     # S <- beta2 S + (1 - beta2) dW**2
    np.sqrt(S, out=tmp)                         # tmp = sqrt(S_hat) + epsilon
    tmp *= inv_sqrt_c2
    tmp += epsilon
    np.divide(V, tmp, out=tmp)                  # tmp = V / (sqrt(S_hat) + epsilon)
    tmp *= step_size                            # step_size = alpha / c1
    W -= tmp


# -- classes -------------------------------------------------------------------------------------
class Optimizer:
    """Base class: ``alpha`` (checked when set), ``t`` (steps taken), ``step(params, grads, decay)``.

    The first ``step`` checks the arrays and allocates the state; later steps with the very same
    array objects (what the training loop passes) go straight to the update, and any other arrays
    are checked against the first step's shapes.
    """

    n_states = 0  # arrays of state per parameter position (V, S, ...)

    def __init__(self, alpha: float):
        self.alpha = alpha
        self.reset()

    @property
    def alpha(self) -> float:
        """The learning rate; setting it (e.g. from a schedule) checks it is > 0."""
        return self._alpha

    @alpha.setter
    def alpha(self, value) -> None:
        self._alpha = check_alpha(value)

    def reset(self) -> None:
        """Forget the state and the step count (the next step starts again at t = 1)."""
        self.t = 0
        self._state: list[list[np.ndarray]] | None = None   # [state k][position i]
        self._tmp: list[np.ndarray] = []
        self._shapes: list[tuple] = []
        self._seen: tuple[list, list] = ([], [])             # the arrays of the last step
        self._segments: list[tuple] = []

    def step(self, params: list[np.ndarray], grads: list[np.ndarray],
             decay: list[bool] | None = None) -> None:
        """Update every array of ``params`` in place from ``grads`` (same order and shapes)."""
        seen_p, seen_g = self._seen
        if decay is not None and not isinstance(decay, (list, tuple)):
            raise TypeError(f"decay must be a list of bools (one per parameter position) or None, got {decay!r}")
        if not (seen_p and len(params) == len(seen_p) and len(grads) == len(seen_g)
                and all(map(operator.is_, params, seen_p)) and all(map(operator.is_, grads, seen_g))):
            self._prepare(params, grads)
        self.t += 1
        self._update(decay)

    def _prepare(self, params, grads) -> None:
        """Check params and grads, allocate the state at the first step, plan the segments."""
        if self._state is None:
            _check_first(params, grads)
            self._shapes = [p.shape for p in params]
            self._state, self._tmp = _segments.allocate(params, self.n_states)
        elif not isinstance(params, (list, tuple)) or not isinstance(grads, (list, tuple)):
            _check_first(params, grads)
        elif len(params) != len(self._shapes) or len(grads) != len(params):
            raise ValueError(f"params and grads must hold {len(self._shapes)} arrays (the positions of the "
                             f"first step), got {len(params)} params and {len(grads)} grads")
        else:
            for i, (p, g, shape) in enumerate(zip(params, grads, self._shapes)):
                if p.shape != shape or g.shape != shape:
                    raise ValueError(f"grads[{i}] and params[{i}] must have shape {shape} (as at the first "
                                     f"step), got {g.shape} and {p.shape}")
        self._segments = _segments.segments(params, grads, self._state, self._tmp)
        self._seen = (list(params), list(grads))

    def _update(self, decay) -> None:
        raise NotImplementedError

    def _hyper(self) -> str:
        return f"alpha={self.alpha!r}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._hyper()})"


def _check_first(params, grads) -> None:
    if not isinstance(params, (list, tuple)) or not isinstance(grads, (list, tuple)):
        raise TypeError(f"params and grads must be lists of arrays, got {type(params).__name__} and "
                        f"{type(grads).__name__}")
    if len(params) != len(grads) or not params:
        raise ValueError(f"params and grads must be non-empty lists of the same length, got "
                         f"{len(params)} params and {len(grads)} grads")
    for i, (p, g) in enumerate(zip(params, grads)):
        if not isinstance(p, np.ndarray) or not isinstance(g, np.ndarray):
            raise TypeError(f"params[{i}] and grads[{i}] must be numpy arrays, got {type(p).__name__} "
                            f"and {type(g).__name__}")
        if g.shape != p.shape:
            raise ValueError(f"grads[{i}] must have the shape of params[{i}] {p.shape}, got {g.shape}")
        if p.dtype.kind != "f" or not p.flags.writeable:
            raise ValueError(f"params[{i}] must be a writeable floating-point array (updated in place), "
                             f"got dtype {p.dtype}, writeable={p.flags.writeable}")
        for name, a in ((f"params[{i}]", p), (f"grads[{i}]", g)):
            if not np.all(np.isfinite(a)):
                raise ValueError(f"{name} must contain only finite values, got NaN or infinite entries")


class GradientDescent(Optimizer):
    """W <- W - alpha * dW (see ``gd_step``)."""

    def __init__(self, alpha: float = 0.01):
        super().__init__(alpha)

    def _update(self, decay) -> None:
        alpha = self._alpha
        for W, dW, tmp in self._segments:
            _gd_into(W, dW, tmp, alpha)


class Momentum(Optimizer):
    """V <- beta V + (1 - beta) dW;  W <- W - alpha V (lecture convention, see ``momentum_step``).

    PyTorch: ``SGD(lr=alpha * (1 - beta), momentum=beta, dampening=0)`` takes exactly these steps.
    """

    n_states = 1

    def __init__(self, alpha: float = 0.01, beta: float = 0.9):
        super().__init__(alpha)
        self.beta = check_beta(beta)

    @property
    def V(self) -> list[np.ndarray]:
        """The velocities, one per parameter position (empty before the first step)."""
        return self._state[0] if self._state else []

    def _update(self, decay) -> None:
        alpha, beta = self._alpha, self.beta
        for W, dW, V, tmp in self._segments:
            _momentum_into(W, dW, V, tmp, alpha, beta)

    def _hyper(self) -> str:
        return f"alpha={self.alpha!r}, beta={self.beta!r}"


class RMSprop(Optimizer):
    """S <- beta S + (1 - beta) dW**2;  W <- W - alpha dW / (sqrt(S) + epsilon) (``rmsprop_step``).

    PyTorch: ``torch.optim.RMSprop(lr=alpha, alpha=beta, eps=epsilon)`` (eps outside the root too).
    """

    n_states = 1

    def __init__(self, alpha: float = 0.01, beta: float = 0.9, epsilon: float = 1e-8):
        super().__init__(alpha)
        self.beta = check_beta(beta)
        self.epsilon = check_epsilon(epsilon)

    @property
    def S(self) -> list[np.ndarray]:
        """The running averages of dW**2, one per parameter position."""
        return self._state[0] if self._state else []

    def _update(self, decay) -> None:
        alpha, beta, epsilon = self._alpha, self.beta, self.epsilon
        for W, dW, S, tmp in self._segments:
            _rmsprop_into(W, dW, S, tmp, alpha, beta, epsilon)

    def _hyper(self) -> str:
        return f"alpha={self.alpha!r}, beta={self.beta!r}, epsilon={self.epsilon!r}"


class Adam(Optimizer):
    """Adam with bias correction, t from 1 (see ``adam_step``).

    PyTorch: ``torch.optim.Adam(lr=alpha, betas=(beta1, beta2), eps=epsilon)``.
    """

    n_states = 2

    def __init__(self, alpha: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 epsilon: float = 1e-8):
        super().__init__(alpha)
        self.beta1 = check_beta(beta1, "beta1")
        self.beta2 = check_beta(beta2, "beta2")
        self.epsilon = check_epsilon(epsilon)

    @property
    def V(self) -> list[np.ndarray]:
        """First moments (raw, not bias-corrected), one per parameter position."""
        return self._state[0] if self._state else []

    @property
    def S(self) -> list[np.ndarray]:
        """Second moments (raw), one per parameter position."""
        return self._state[1] if self._state else []

    def _update(self, decay) -> None:
        beta1, beta2, epsilon = self.beta1, self.beta2, self.epsilon
        inv_sqrt_c2 = 1.0 / math.sqrt(1.0 - beta2**self.t)
        step_size = self._alpha / (1.0 - beta1**self.t)
        for W, dW, V, S, tmp in self._segments:
            _adam_into(W, dW, V, S, tmp, beta1, beta2, epsilon, inv_sqrt_c2, step_size)

    def _hyper(self) -> str:
        return (f"alpha={self.alpha!r}, beta1={self.beta1!r}, beta2={self.beta2!r}, "
                f"epsilon={self.epsilon!r}")


class AdamW(Adam):
    """Adam with decoupled weight decay (see ``adamw_step``): W <- (1 - alpha wd) W, then Adam.

    ``decay[i]`` (in ``step``) says whether position i is decayed; None decays every position.
    PyTorch: ``torch.optim.AdamW`` with ``weight_decay`` set on the decayed parameter group and 0
    on the others.
    """

    def __init__(self, alpha: float = 0.001, beta1: float = 0.9, beta2: float = 0.999,
                 epsilon: float = 1e-8, weight_decay: float = 0.01):
        super().__init__(alpha, beta1, beta2, epsilon)
        self.weight_decay = check_weight_decay(weight_decay)

    def _update(self, decay) -> None:
        params = self._seen[0]
        if decay is not None and len(decay) != len(params):
            raise ValueError(f"decay must hold one bool per parameter position ({len(params)}), "
                             f"got {len(decay)}")
        if self.weight_decay:
            shrink = 1.0 - self._alpha * self.weight_decay
            for i, W in enumerate(params):
                if decay is None or decay[i]:
                    W *= shrink
        super()._update(decay)

    def _hyper(self) -> str:
        return super()._hyper() + f", weight_decay={self.weight_decay!r}"


_CLASSES = {"gd": GradientDescent, "momentum": Momentum, "rmsprop": RMSprop, "adam": Adam, "adamw": AdamW}


def make_optimizer(name: str, **hyperparameters) -> Optimizer:
    """An optimizer by name: 'gd', 'momentum', 'rmsprop', 'adam' or 'adamw', with its hyperparameters."""
    _validate.choice("optimizer", name, OPTIMIZERS)
    try:
        return _CLASSES[name](**hyperparameters)
    except TypeError as exc:
        raise TypeError(f"optimizer {name!r}: {exc}") from None
