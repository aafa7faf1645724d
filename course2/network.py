"""A fully connected network in the lecture's notation, any depth, one code path for every layer.

For l = 1..L, with A[0] = X of shape (n_x, m):

    Z[l] = W[l] A[l-1] + b[l]           W[l]: (n[l], n[l-1]),  b[l]: (n[l], 1)
    A[l] = g[l](Z[l])                   hidden: relu | tanh | sigmoid | linear
                                        output: sigmoid (binary cross-entropy),
                                                softmax (categorical cross-entropy),
                                                linear  (mean squared error, J = sum (A-Y)^2 / 2m)

Each output/loss pair gives dZ[L] = (A[L] - Y) / m; then, going back,

    dW[l] = dZ[l] A[l-1].T (+ penalty gradient)     db[l] = sum over examples of dZ[l]
    dA[l-1] = W[l].T dZ[l]   (times the dropout mask)      dZ[l-1] = dA[l-1] * g'(Z[l-1])

All parameters live in one flat vector ``theta`` laid out in the lecture's order W[1], b[1], W[2],
b[2], ..., and ``W[l-1]``, ``b[l-1]`` are views into it; the gradients ``dW``, ``db`` are views into
``dtheta`` in the same way. ``params`` and ``grads`` list them in that order, back to back, so an
optimizer keeps one state array per parameter (V_dW[l] shaped like W[l]) and still updates the
whole network in a few numpy calls on one merged view (``course2._segments``). Lists are 0-based in Python:
``net.W[0]`` is the lecture's W[1].

``forward`` keeps the caches (Z, A, dropout masks) for the next ``backward``; work arrays are
allocated once per batch size and reused.

The checked API (``forward``, ``cost``, ``backward``, ``predict``) validates every argument.
A training loop that has checked its data once uses the unchecked fast path instead, the same
computation without the per-call checks (a few microseconds each, much of a small network's step):

    keep = net.check_keep_prob(keep_prob)              # once
    masks = net.draw_dropout_masks(m, keep, rng)       # per iteration (None when keep is all 1)
    net.forward_unchecked(X, masks)                    # X already checked (net.check_X)
    J = net.data_cost_unchecked(Y)                     # data cost of that forward, no penalty
    net.backward_unchecked(Y, lambd, penalty)          # fills net.dW, net.db (views into dtheta)

Batch normalization (``Network(..., batch_norm=True)``, ``course2.batch_norm``) on every hidden layer:

    Z[l] = W[l] A[l-1]                  no b[l]: batch norm subtracts the mean, so b[l] would cancel
    Z_tilde[l] = gamma[l] * Z_norm[l] + beta_bn[l]      Z_norm from the batch's mu, sigma^2 (training)
    A[l] = g[l](Z_tilde[l])                             or from the running averages (evaluation)

b[l] is dropped from those layers (``net.b[l-1]`` is None): its gradient would be exactly 0, and
beta_bn[l] plays its role. ``theta`` is laid out W[1], gamma[1], beta_bn[1], W[2], ..., W[L], b[L]
(the output layer keeps its b[L]); ``params``, ``grads`` and ``param_names`` follow it ("gamma[1]",
"beta_bn[1]"). gamma starts at 1 and beta_bn at 0. ``forward(X)`` is training mode: batch
statistics, and the running averages (``net.running[l-1]``, a ``course2.batch_norm.RunningStats``
with the lecture's beta = ``running_beta``) are updated unless ``update_running=False`` (gradient
checking). ``forward(X, mode="eval")`` and ``predict`` use the running averages.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np

from . import _validate, activations, dropout, initialization, regularization, softmax
from . import batch_norm as _bn

OUTPUTS = ("sigmoid", "softmax", "linear")
MODES = ("train", "eval")
_MAX_WORKSPACES = 4


@dataclass
class _Workspace:
    """Arrays for one batch size m, allocated once and reused by every forward/backward."""

    Z: list
    G: list   # g(Z) before dropout
    A: list   # after dropout (the same arrays as G when no dropout)
    dA: list
    dZ_out: np.ndarray
    work: list     # scratch of each hidden layer's shape, for g'(Z)
    mask: list     # bool scratch of each hidden layer's shape, for relu's Z > 0
    out_work: np.ndarray   # scratch of the output's shape, for the cost
    lse: np.ndarray        # softmax: log sum_k exp(Z[L]_k) per example, from the last forward
    Z_norm: list | None = None    # batch norm: Z_norm[l] of each hidden layer (training mode)
    Z_tilde: list | None = None   # batch norm: gamma Z_norm + beta_bn, the activation's input


class Network:
    """A fully connected network: ``Network([n_x, n1, ..., nL], "relu", "sigmoid", rng=0)``.

    ``activation`` is one hidden activation name for every hidden layer or a list with one per
    hidden layer. ``init`` is one of ``course2.initialization.INITS`` (``scale`` is used by
    ``"random"``). ``rng`` (Generator or seed) draws the initial weights: it is required for every
    init but ``"zeros"``, which draws nothing. ``batch_norm=True`` normalizes every hidden layer's
    Z (see the module docstring), with running averages of weight ``running_beta`` (the lecture's
    EWMA beta; PyTorch's momentum = 1 - running_beta) and ``bn_epsilon`` inside the square root.
    """

    def __init__(self, layer_sizes, activation="relu", output: str = "sigmoid", *, init: str = "he",
                 scale: float = 0.01, rng=None, dtype=np.float64, batch_norm: bool = False,
                 running_beta: float = 0.9, bn_epsilon: float = _bn.EPSILON):
        self.layer_sizes = initialization._layer_sizes(layer_sizes)
        L = len(self.layer_sizes) - 1
        self.output = _validate.choice("output", output, OUTPUTS)
        if isinstance(activation, str):
            hidden = (activation,) * (L - 1)
        else:
            hidden = tuple(activation)
            if len(hidden) != L - 1:
                raise ValueError(f"activation must be one name or a list of {L - 1} names (one per hidden "
                                 f"layer of layer_sizes={list(self.layer_sizes)}), got {list(hidden)!r}")
        for i, name in enumerate(hidden):
            _validate.choice(f"activation[{i}]" if not isinstance(activation, str) else "activation",
                             name, activations.ACTIVATIONS)
        self.hidden_activations = hidden
        self.dtype = initialization._float_dtype(dtype)
        self.batch_norm = _validate.flag("batch_norm", batch_norm)
        self.bn_epsilon = _validate.real("bn_epsilon", bn_epsilon, low=0.0, low_open=True)
        running_beta = _bn.check_beta(running_beta, "running_beta")
        if self.batch_norm and L < 2:
            raise ValueError(f"layer_sizes must have at least one hidden layer for batch_norm, "
                             f"got {list(self.layer_sizes)}")

        shapes = self._shapes()
        n_w = sum(r * c for r, c, _ in shapes)
        n_b = sum(r * (2 if bn else 1) for r, _, bn in shapes)
        self.theta = np.zeros(n_w + n_b, dtype=self.dtype)
        self.dtheta = np.zeros_like(self.theta)
        self.W, self.b, self.gamma, self.beta_bn = _views(self.theta, shapes)
        self.dW, self.db, self.dgamma, self.dbeta_bn = _views(self.dtheta, shapes)
        self.n_weights = n_w
        for W, W0 in zip(self.W, initialization.initialize_weights(
                self.layer_sizes, init, rng=rng, scale=scale)):
            W[...] = W0
        for gamma in self.gamma:
            gamma[...] = 1.0
        self.running = [_bn.RunningStats(n, running_beta) for n in self.layer_sizes[1:-1]] if self.batch_norm else []
        self._workspaces: dict[int, _Workspace] = {}
        self._cache = None
        self._bn_stats = None      # per hidden layer (mu, var, inv_std) of the last training-mode forward

    def _shapes(self) -> list[tuple[int, int, bool]]:
        """(n[l], n[l-1], batch-normalized?) per layer."""
        L = self.L
        return [(r, c, self.batch_norm and l < L - 1)
                for l, (r, c) in enumerate(zip(self.layer_sizes[1:], self.layer_sizes[:-1]))]

    # -- structure -------------------------------------------------------------------------------
    @property
    def L(self) -> int:
        """Number of layers with parameters (the lecture's L)."""
        return len(self.layer_sizes) - 1

    @property
    def params(self) -> list[np.ndarray]:
        """[W[1], b[1], ..., W[L], b[L]] as views into ``theta`` (the lecture's order); with batch
        norm [W[1], gamma[1], beta_bn[1], ..., W[L], b[L]]."""
        return self._in_order(self.W, self.b, self.gamma, self.beta_bn)

    @property
    def grads(self) -> list[np.ndarray]:
        """[dW[1], db[1], ..., dW[L], db[L]] as views into ``dtheta``, matching ``params``."""
        return self._in_order(self.dW, self.db, self.dgamma, self.dbeta_bn)

    @property
    def param_names(self) -> list[str]:
        """["W[1]", "b[1]", ...] (with batch norm "W[1]", "gamma[1]", "beta_bn[1]", ...): names in the
        lecture's notation, in ``params`` order."""
        n = self.L
        return self._in_order(*([f"{p}[{l}]" for l in range(1, n + 1)] for p in ("W", "b", "gamma", "beta_bn")))

    @property
    def decay_mask(self) -> list[bool]:
        """One bool per ``params`` entry: True for the weights W[l], False for b, gamma, beta_bn (what
        the training loop decays by default)."""
        return [name.startswith("W[") for name in self.param_names]

    def _in_order(self, W, b, gamma, beta_bn) -> list:
        if not self.batch_norm:
            return [p for pair in zip(W, b) for p in pair]
        out = []
        for l in range(self.L - 1):
            out += [W[l], gamma[l], beta_bn[l]]
        return out + [W[-1], b[-1]]

    def weights_vector(self) -> np.ndarray:
        """All weights W[1], ..., W[L] (no biases) as one new 1-D array: what L2 and weight decay act on."""
        return np.concatenate([W.ravel() for W in self.W])

    def get_params(self) -> np.ndarray:
        """A copy of ``theta``: a snapshot to restore later with ``set_params``."""
        return self.theta.copy()

    def set_params(self, theta: np.ndarray) -> None:
        """Copy a flat parameter vector (from ``get_params``) into the network."""
        theta = _validate.array("theta", theta, nonempty=False)
        if theta.shape != self.theta.shape:
            raise ValueError(f"theta must have shape {self.theta.shape}, got {theta.shape}")
        self.theta[...] = theta

    def copy(self) -> Network:
        """An independent network with the same architecture and parameters."""
        new = Network.__new__(Network)
        new.__dict__.update(self.__dict__)
        new.theta = self.theta.copy()
        new.dtheta = self.dtheta.copy()
        shapes = self._shapes()
        new.W, new.b, new.gamma, new.beta_bn = _views(new.theta, shapes)
        new.dW, new.db, new.dgamma, new.dbeta_bn = _views(new.dtheta, shapes)
        new.running = [copy.deepcopy(r) for r in self.running]
        new._workspaces = {}
        new._cache = None
        new._bn_stats = None
        return new

    def get_state(self) -> tuple:
        """(theta, running averages) copied: everything ``predict`` depends on (``get_params`` is
        theta alone, which is all a network without batch norm has)."""
        return self.theta.copy(), [copy.deepcopy(r) for r in self.running]

    def set_state(self, state) -> None:
        """Restore a ``get_state`` snapshot."""
        if not (isinstance(state, tuple) and len(state) == 2):
            raise TypeError(f"state must be the (theta, running) tuple that get_state returned, "
                            f"got {type(state).__name__}")
        theta, running = state
        if len(running) != len(self.running):
            raise ValueError(f"state holds running averages for {len(running)} layers, "
                             f"this network has {len(self.running)}")
        self.set_params(theta)
        self.running = [copy.deepcopy(r) for r in running]

    @property
    def steps_seen(self) -> int:
        """Training-mode forward passes folded into the running averages (0 without batch norm)."""
        return self.running[0].t if self.running else 0

    @classmethod
    def from_params(cls, weights, biases, activation="relu", output: str = "sigmoid", dtype=np.float64) -> Network:
        """Build a network from lists of W[l] (n[l], n[l-1]) and b[l] (n[l], 1)."""
        dtype = initialization._float_dtype(dtype)
        weights = [_validate.array(f"weights[{l}]", W, ndim=2, dtype=dtype)
                   for l, W in enumerate(_validate.items("weights", weights))]
        sizes = [weights[0].shape[1]] + [W.shape[0] for W in weights]
        for l, W in enumerate(weights, start=1):
            if W.ndim != 2 or W.shape[1] != sizes[l - 1]:
                raise ValueError(f"weights[{l - 1}] (W[{l}]) must have shape ({W.shape[0]}, {sizes[l - 1]}), "
                                 f"got {W.shape}")
        biases = [_validate.array(f"biases[{l}]", b, dtype=dtype)
                  for l, b in enumerate(_validate.items("biases", biases))]
        if len(biases) != len(weights):
            raise ValueError(f"biases must have {len(weights)} entries (one per W), got {len(biases)}")
        net = cls(sizes, activation, output, init="zeros", dtype=dtype)
        for l, (W, b) in enumerate(zip(weights, biases)):
            b = np.asarray(b, dtype=dtype).reshape(-1, 1) if np.size(b) == sizes[l + 1] else np.asarray(b)
            if b.shape != net.b[l].shape:
                raise ValueError(f"biases[{l}] (b[{l + 1}]) must have shape {net.b[l].shape}, got {b.shape}")
            net.W[l][...] = W
            net.b[l][...] = b
        return net

    # -- forward ---------------------------------------------------------------------------------
    def check_X(self, X) -> np.ndarray:
        """X as a finite (n_x, m) array of this network's dtype."""
        X = _validate.array("X", X, ndim=2, dtype=self.dtype)
        if X.shape[0] != self.layer_sizes[0]:
            raise ValueError(f"X must have n_x = {self.layer_sizes[0]} rows (layer_sizes[0]) in the (n_x, m) "
                             f"layout, got shape {X.shape}")
        return X

    def check_Y(self, Y, m: int) -> np.ndarray:
        """Y as a finite (n[L], m) array matching the output layer."""
        Y = _validate.array("Y", Y, ndim=2, dtype=self.dtype)
        n_L = self.layer_sizes[-1]
        if Y.shape != (n_L, m):
            raise ValueError(f"Y must have shape ({n_L}, {m}) (n[L] rows, one column per example of X), "
                             f"got {Y.shape}")
        if self.output in ("sigmoid", "softmax") and (Y.min() < 0.0 or Y.max() > 1.0):
            raise ValueError(f"Y must hold labels or probabilities in [0, 1] for a {self.output} output, "
                             f"got values in [{Y.min():g}, {Y.max():g}]")
        if self.output == "softmax":
            sums = Y.sum(axis=0)
            worst = int(np.argmax(np.abs(sums - 1.0)))
            if abs(sums[worst] - 1.0) > 1e-6:
                raise ValueError(f"Y must be one-hot (or probabilities) with each column summing to 1 for a "
                                 f"softmax output; column {worst} sums to {sums[worst]:g}")
        return Y

    def forward(self, X, *, keep_prob=1.0, rng=None, masks=None, mode: str = "train",
                update_running: bool = True) -> np.ndarray:
        """A[L] for X (n_x, m); caches what ``backward`` needs.

        ``keep_prob`` (one value, or one per hidden layer) turns on inverted dropout on the hidden
        layers; it needs ``rng`` to draw fresh masks, or ``masks`` (one array of shape (n[l], m) per
        hidden layer, 0/1 or already scaled) to hold them fixed, as gradient checking does.
        ``mode`` matters with batch norm only: "train" normalizes with the batch's statistics (m >= 2)
        and folds them into the running averages unless ``update_running=False``; "eval" uses the
        running averages (after at least one training step) and cannot be followed by ``backward``.
        Returns a copy of A[L].
        """
        X = self.check_X(X)
        mode = _validate.choice("mode", mode, MODES)
        update_running = _validate.flag("update_running", update_running)
        keep = self.check_keep_prob(keep_prob)
        if mode == "eval" and any(k < 1.0 for k in keep):
            raise ValueError(f"keep_prob must be 1 in evaluation mode (dropout is for training only), "
                             f"got {keep_prob!r}")
        if mode == "eval":
            self._check_eval_ready()
        gen = None if rng is None else _validate.rng("rng", rng)
        scaled = None
        if masks is not None:
            scaled = self._fixed_masks(X.shape[1], keep, masks)
        elif any(k < 1.0 for k in keep):
            if rng is None:
                raise ValueError("keep_prob < 1 needs rng (a numpy.random.Generator or seed) to draw fresh "
                                 "dropout masks")
            scaled = self.draw_dropout_masks(X.shape[1], keep, gen)
        return self.forward_unchecked(X, scaled, mode=mode, update_running=bool(update_running)).copy()

    def _check_eval_ready(self) -> None:
        if self.batch_norm and self.steps_seen == 0:
            raise ValueError("evaluation mode (predict, forward(mode='eval')) needs the batch-norm running averages, "
                             "and no training step has updated them yet: train first (or forward(X) in training mode)")

    def check_keep_prob(self, keep_prob) -> tuple[float, ...]:
        """keep_prob (one value, or one per hidden layer) as a tuple with one value per hidden layer."""
        if np.ndim(keep_prob) == 0:
            k = dropout.check_keep_prob(keep_prob)
            return (k,) * (self.L - 1)
        keep = tuple(keep_prob)
        if len(keep) != self.L - 1:
            raise ValueError(f"keep_prob must be one value or one per hidden layer ({self.L - 1}), got {keep!r}")
        return tuple(dropout.check_keep_prob(k, f"keep_prob[{i}]") for i, k in enumerate(keep))

    def _fixed_masks(self, m, keep, masks) -> list:
        masks = _validate.items("masks", masks, nonempty=False)
        if len(masks) != self.L - 1:
            raise ValueError(f"masks must hold one array per hidden layer ({self.L - 1}), got {len(masks)}")
        out = []
        for l, (D, k) in enumerate(zip(masks, keep)):
            D = _validate.array(f"masks[{l}]", D, dtype=self.dtype)
            if D.shape != (self.layer_sizes[l + 1], m):
                raise ValueError(f"masks[{l}] must have shape {(self.layer_sizes[l + 1], m)}, got {D.shape}")
            if np.any(D < 0):
                raise ValueError(f"masks[{l}] must hold 0/1 entries or 0 and 1/keep_prob, got negative values")
            out.append(D / k if np.all((D == 0) | (D == 1)) else D)
        return out

    def draw_dropout_masks(self, m: int, keep: tuple[float, ...], rng: np.random.Generator) -> list:
        """Fresh inverted-dropout masks (``course2.dropout.dropout_mask``) for a batch of m examples:
        one (n[l], m) array per hidden layer, None where keep[l] = 1. ``keep`` from ``check_keep_prob``."""
        return [dropout.dropout_mask((n, m), k, rng).astype(self.dtype, copy=False) if k < 1.0 else None
                for n, k in zip(self.layer_sizes[1:-1], keep)]

    def _workspace(self, m: int, dropout: bool) -> _Workspace:
        ws = self._workspaces.get(m)
        if ws is None or (dropout and ws.A is ws.G):
            if len(self._workspaces) >= _MAX_WORKSPACES:
                self._workspaces.pop(next(iter(self._workspaces)))
            sizes = self.layer_sizes[1:]

            def new(dtype=self.dtype, rows=sizes):
                return [np.empty((n, m), dtype) for n in rows]

            G = new()
            A = new(rows=sizes[:-1]) + [G[-1]] if dropout else G
            ws = self._workspaces[m] = _Workspace(
                Z=new(), G=G, A=A, dA=new(rows=sizes[:-1]), dZ_out=np.empty((sizes[-1], m), self.dtype),
                work=new(rows=sizes[:-1]), mask=new(bool, sizes[:-1]),
                out_work=np.empty((sizes[-1], m), self.dtype), lse=np.empty((1, m), self.dtype),
                Z_norm=new(rows=sizes[:-1]) if self.batch_norm else None,
                Z_tilde=new(rows=sizes[:-1]) if self.batch_norm else None)
        return ws

    def forward_unchecked(self, X: np.ndarray, masks=None, mode: str = "train",
                          update_running: bool = True) -> np.ndarray:
        """The forward pass without argument checks (X from ``check_X``, masks from
        ``draw_dropout_masks`` or None, mode "train" or "eval"); returns the A[L] work buffer itself
        (overwritten by the next forward with the same m: copy it to keep it). With batch norm,
        training mode still refuses a batch of one example and evaluation mode an untrained network."""
        dropout = masks is not None and any(D is not None for D in masks)
        if self.batch_norm:
            return self._forward_bn(X, masks if dropout else None, mode == "train", update_running)
        ws = self._workspace(X.shape[1], dropout)
        A_prev = X
        last = self.L - 1
        for l, (W, b, Z) in enumerate(zip(self.W, self.b, ws.Z)):
            np.dot(W, A_prev, out=Z)                           # Z[l] = W[l] A[l-1] + b[l]
            if l == last:
                Z += b
                break
            D = masks[l] if dropout else None                  # A[l] = g(Z[l]) (* D[l] with dropout)
            A_out = None if ws.A[l] is ws.G[l] else ws.A[l]   # a dropout workspace keeps A apart from G
            _hidden_forward(Z, b, ws.G[l], D, A_out, self.hidden_activations[l])
            A_prev = ws.A[l]
        self._output_forward(Z, ws)
        self._cache = (X, ws, masks if dropout else None)
        return ws.G[last]

    def _forward_bn(self, X, masks, train: bool, update_running: bool) -> np.ndarray:
        m = X.shape[1]
        if train and m < 2:
            raise ValueError(f"X must hold at least 2 examples (columns) for batch normalization in training mode, "
                             f"got m = {m}: with one example every unit is Z - mu = 0 (evaluate with mode='eval')")
        if not train:
            self._check_eval_ready()
        ws = self._workspace(m, masks is not None)
        A_prev = X
        last = self.L - 1
        stats = []
        for l, (W, Z) in enumerate(zip(self.W, ws.Z)):
            np.dot(W, A_prev, out=Z)                           # Z[l] = W[l] A[l-1]  (+ b[L] at the output)
            if l == last:
                Z += self.b[l]
                break
            Zt = ws.Z_tilde[l]                                 # Z_tilde[l] = gamma[l] Z_norm[l] + beta_bn[l]
            if train:
                mu, var, inv_std = _bn._forward_train_into(Z, self.gamma[l], self.beta_bn[l], self.bn_epsilon,
                                                           ws.Z_norm[l], Zt, ws.work[l])
                stats.append((mu, var, inv_std))
            else:
                r = self.running[l]
                _bn._forward_eval_into(Z, self.gamma[l], self.beta_bn[l], r.mean.astype(self.dtype, copy=False),
                                       r.var.astype(self.dtype, copy=False), self.bn_epsilon, Zt)
            D = masks[l] if masks is not None else None        # A[l] = g(Z_tilde[l]) (* D[l])
            activations._forward(self.hidden_activations[l], Zt, out=ws.G[l])
            if ws.A[l] is not ws.G[l]:
                if D is not None:
                    np.multiply(ws.G[l], D, out=ws.A[l])
                else:
                    ws.A[l][...] = ws.G[l]
            A_prev = ws.A[l]
        self._output_forward(Z, ws)
        self._cache = (X, ws, masks)
        self._bn_stats = stats if train else None
        if train and update_running:
            for (mu, var, inv_std), r, Zn, g in zip(stats, self.running, ws.Z_norm, self.gamma):
                r.update(_bn.BatchNormCache(Zn, inv_std, g, mu, var), m)
        return ws.G[last]

    def batch_statistics(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """(mu[l], sigma^2[l]) of each hidden layer's Z in the last training-mode forward (copies)."""
        if not self.batch_norm:
            raise ValueError("batch_statistics needs a network with batch_norm=True")
        if self._bn_stats is None:
            raise RuntimeError("no training-mode forward since the last evaluation: call forward(X) first")
        return [(mu.copy(), var.copy()) for mu, var, _ in self._bn_stats]

    def _output_forward(self, Z: np.ndarray, ws: _Workspace) -> None:
        out = ws.G[-1]
        if self.output == "sigmoid":
            activations._sigmoid(Z, out=out)
        elif self.output == "softmax":
            # A = exp(Z - max) / sum(exp(Z - max)); keep lse = max + log(sum) for the cost (course2.softmax)
            softmax._softmax_into(Z, out, ws.lse)
        else:
            out[...] = Z

    # -- cost ------------------------------------------------------------------------------------
    def cost(self, Y, *, lambd: float = 0.0, penalty: str = "l2") -> float:
        """J for the last forward pass: mean loss over the m examples plus the penalty term.

        sigmoid: binary cross-entropy, computed from Z[L] as max(z, 0) - z*y + log(1 + exp(-|z|))
        so it stays finite when A[L] rounds to 0 or 1; softmax: -sum(Y * log softmax(Z)) / m;
        linear: sum((A - Y)^2) / (2m).
        """
        X, ws, _ = self._require_cache()
        m = X.shape[1]
        Y = self.check_Y(Y, m)
        lambd = regularization.check_lambd(lambd)
        _validate.choice("penalty", penalty, regularization.PENALTIES)
        return self.data_cost_unchecked(Y) + regularization._penalty_cost(self.W, lambd, m, penalty)

    def data_cost_unchecked(self, Y: np.ndarray) -> float:
        """The data cost (no penalty) of the last forward pass, without checks (Y from ``check_Y``)."""
        X, ws, _ = self._require_cache()
        m = X.shape[1]
        Z, buf = ws.Z[-1], ws.out_work
        if self.output == "sigmoid":
            # max(z, 0) - z*y + log(1 + exp(-|z|)) = log(1 + exp(z)) - z*y, summed
            np.logaddexp(0.0, Z, out=buf)
            return (float(np.add.reduce(buf, axis=None)) - float(np.vdot(Z, Y))) / m
        if self.output == "softmax":
            # -sum Y * log softmax(Z), with log softmax(Z) = Z - lse (course2.softmax.cross_entropy, in a buffer)
            np.subtract(Z, ws.lse, out=buf)
            return -float(np.vdot(Y, buf)) / m
        diff = np.subtract(ws.G[-1], Y, out=buf)
        return float(np.vdot(diff, diff)) / (2.0 * m)

    # -- backward --------------------------------------------------------------------------------
    def backward(self, Y, *, lambd: float = 0.0, penalty: str = "l2") -> list[np.ndarray]:
        """Gradients of J (with the penalty) for the last forward pass, in ``params`` order.

        The returned arrays are views into ``dtheta``, overwritten by the next ``backward``.
        """
        X, _, _ = self._require_cache()
        Y = self.check_Y(Y, X.shape[1])
        lambd = regularization.check_lambd(lambd)
        _validate.choice("penalty", penalty, regularization.PENALTIES)
        self.backward_unchecked(Y, lambd, penalty)
        return self.grads

    def backward_unchecked(self, Y: np.ndarray, lambd: float = 0.0, penalty: str = "l2") -> None:
        """The backward pass of the last forward, without checks: fills ``dW`` and ``db`` (views into
        ``dtheta``) with the gradients of the data cost plus the ``penalty`` term with ``lambd``."""
        X, ws, masks = self._require_cache()
        m = X.shape[1]
        if self.batch_norm and self._bn_stats is None:
            raise RuntimeError("backward needs a training-mode forward: the last forward was in evaluation mode")
        dZ = np.subtract(ws.G[-1], Y, out=ws.dZ_out)          # dZ[L] = (A[L] - Y) / m
        dZ *= 1.0 / m
        np.add.reduce(dZ, axis=1, keepdims=True, out=self.db[-1])     # db[L] = sum over examples
        for l in range(self.L - 1, -1, -1):
            A_prev = ws.A[l - 1] if l > 0 else X
            np.dot(dZ, A_prev.T, out=self.dW[l])                # dW[l] = dZ[l] A[l-1].T (+ penalty)
            if lambd:
                regularization._add_penalty_gradient(self.dW[l], self.W[l], lambd, m, penalty)
            if l > 0:
                dZ = np.dot(self.W[l].T, dZ, out=ws.dA[l - 1])  # dA[l-1] = W[l].T dZ[l], then in place:
                D = masks[l - 1] if masks is not None else None  # dZ[l-1] = dA[l-1] (* D) * g'(Z[l-1])
                if not self.batch_norm:
                    _hidden_backward(dZ, ws.Z[l - 1], ws.G[l - 1], D, ws.work[l - 1], ws.mask[l - 1],
                                     self.db[l - 1], self.hidden_activations[l - 1])
                    continue
                # batch norm: dZ_tilde = dA (* D) * g'(Z_tilde); dbeta_bn = sum of it over the examples,
                # then dgamma and dZ[l-1] through the normalization (course2.batch_norm.backward)
                _hidden_backward(dZ, ws.Z_tilde[l - 1], ws.G[l - 1], D, ws.work[l - 1], ws.mask[l - 1],
                                 self.dbeta_bn[l - 1], self.hidden_activations[l - 1])
                _bn._backward_into(dZ, ws.Z_norm[l - 1], self._bn_stats[l - 1][2], self.gamma[l - 1],
                                   self.dgamma[l - 1], self.dbeta_bn[l - 1], ws.work[l - 1])

    def _require_cache(self):
        if self._cache is None:
            raise RuntimeError("call forward(X) before cost(Y) or backward(Y)")
        return self._cache

    # -- prediction ------------------------------------------------------------------------------
    def predict(self, X) -> np.ndarray:
        """Labels (1, m): A[L] > 0.5 for sigmoid, argmax for softmax; the values for linear.
        Evaluation mode: with batch norm, the running averages normalize."""
        X = self.check_X(X)
        self._check_eval_ready()
        A = self.forward_unchecked(X, mode="eval")
        if self.output == "sigmoid":
            return (A > 0.5).astype(np.int64)
        if self.output == "softmax":
            return A.argmax(axis=0)[None, :]
        return A.copy()


def _hidden_forward(Z, b, G, D, A, name: str) -> None:
    """Z += b; G = g(Z); A = G * D with a dropout mask D, else a copy of G (A is None where the
    workspace has no separate A, i.e. A[l] is G). In place."""
    Z += b
    activations._forward(name, Z, out=G)
    if A is not None:
        if D is not None:
            np.multiply(G, D, out=A)
        else:
            A[...] = G


def _hidden_backward(dA, Z, G, D, work, mask, db, name: str) -> None:
    """dA *= D (dropout); dZ = dA * g'(Z) in place in dA; db = sum of dZ over the examples.

    g'(Z) as in ``activations.backward``, written with scratch arrays instead of temporaries
    (a fresh array per layer and step costs page faults on large layers)."""
    if D is not None:
        dA *= D
    if name == "relu":                                         # g'(Z) = 1 if Z > 0 else 0
        dA *= np.greater(Z, 0.0, out=mask)
    elif name == "tanh":                                       # g'(Z) = 1 - A**2
        np.multiply(G, G, out=work)
        np.subtract(1.0, work, out=work)
        dA *= work
    elif name == "sigmoid":                                    # g'(Z) = A (1 - A)
        np.subtract(1.0, G, out=work)
        work *= G
        dA *= work
    else:
        activations._backward(name, dA, Z, G)
    np.add.reduce(dA, axis=1, keepdims=True, out=db)


def _views(flat: np.ndarray, shapes):
    """Views W[l], b[l] into ``flat``, laid out W[1], b[1], W[2], b[2], ...; a batch-normalized
    layer (r, c, True) has gamma[l], beta_bn[l] where b[l] would be, and b[l] is None."""
    Ws, bs, gammas, betas = [], [], [], []
    i = 0
    for r, c, bn in shapes:
        Ws.append(flat[i: i + r * c].reshape(r, c))
        i += r * c
        if bn:
            bs.append(None)
            gammas.append(flat[i: i + r].reshape(r, 1))
            betas.append(flat[i + r: i + 2 * r].reshape(r, 1))
            i += 2 * r
        else:
            bs.append(flat[i: i + r].reshape(r, 1))
            i += r
    return Ws, bs, gammas, betas
