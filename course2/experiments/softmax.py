"""Softmax, measured (notebook 18): two classes, temperature, the gradient Y_hat - Y, float32 overflow, and
softmax regression against a softmax output layer on 3 spiral arms and on scikit-learn's 8x8 digits.

- ``two_class_rows``: softmax([z1, z2])[0] beside sigmoid(z1 - z2) (equal to the last bit or two).
- ``temperature_rows``: softmax(s z) for logit scales s from 0.01 (nearly uniform) to 100 ("hardmax").
- ``gradient_rows``: dJ/dZ of the cross-entropy by centered differences, Y_hat - Y, the chain rule through
  the full Jacobian diag(p) - p p^T, and through its diagonal p (1 - p) alone (a widely read summary's
  "derivative of softmax"), for one example.
- ``overflow_rows``: float32 logits a * (1, 0, -1), true class the last: the unshifted softmax, the
  shifted one, and the loss three ways: log of the unshifted softmax, log of the shifted softmax, log-softmax.
- ``spirals_fits`` / ``digits_fits``: softmax regression ([n_x, C]: linear class regions) and a network with
  a softmax output layer, Adam, full batch; ``format_accuracies`` with the dev set's 95 % half-width;
  ``confusion_matrix`` and ``confident_mistakes`` on the dev set. The experiment functions take (X, Y)
  arrays; ``digits_data`` loads the digits lazily from scikit-learn (bundled with it: no download).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import _validate, data, optimizers, splits, training
from .. import softmax as S
from ..activations import sigmoid
from ..network import Network

__all__ = ["BREAK_LOGITS", "DIGITS_MODELS", "LOGITS", "MulticlassFit", "SPIRALS_MODELS", "confident_mistakes",
           "confusion_matrix", "digits_data", "digits_fits", "first_nonfinite", "fit_softmax",
           "format_accuracies", "format_confusion", "format_gradient_check", "format_mistakes",
           "format_overflow_table", "format_paired_comparison", "format_safe_logits", "format_temperature",
           "format_two_class", "gradient_rows", "overflow_rows", "paired_comparison", "spirals_data", "spirals_fits",
           "temperature_rows", "two_class_rows"]

#: the logits of the temperature explorer and table (4 classes), the true class is 0
LOGITS = (2.0, 1.0, 0.1, -1.0)
#: the float32 "break it" logits are a * BREAK_LOGITS; the true class is the last (the smallest logit)
BREAK_LOGITS = (1.0, 0.0, -1.0)
#: the models: name -> (hidden layer sizes, hidden activation, Adam's alpha, iterations)
SPIRALS_MODELS = {"softmax regression": ((), "tanh", 0.02, 1000),
                  "softmax output layer": ((32, 32), "tanh", 0.01, 1000)}
DIGITS_MODELS = {"softmax regression": ((), "tanh", 0.01, 300),
                 "softmax output layer": ((32,), "tanh", 0.005, 300)}


def _fmt_value(v: float, spec: str) -> str:
    """A number, or its non-finite value flagged in words (never drawn or printed as a number)."""
    if math.isnan(v):
        return "NaN ✗"
    if math.isinf(v):
        return "inf ✗" if v > 0 else "-inf ✗"
    return format(v, spec)


# --- two classes = the sigmoid of the difference ------------------------------------------------------------

def two_class_rows(pairs: Sequence[tuple[float, float]]) -> list[tuple[float, float, float, float]]:
    """(z1, z2, softmax([z1, z2])[0], sigmoid(z1 - z2)) for each pair of logits."""
    pairs = _validate.array("pairs", pairs, ndim=2)
    if pairs.shape[1] != 2:
        raise ValueError(f"pairs must be a list of (z1, z2) pairs, got shape {pairs.shape}")
    p = S.softmax(pairs.T)[0]
    s = sigmoid(pairs[:, 0] - pairs[:, 1])
    return [(float(a), float(b), float(x), float(y)) for (a, b), x, y in zip(pairs, p, s)]


def format_two_class(pairs: Sequence[tuple[float, float]] = ((2.0, 0.0), (0.5, 1.5), (30.0, 29.0), (-100.0, -103.0),
                                                             (800.0, 0.0))) -> str:
    rows = two_class_rows(pairs)
    lines = [f"{'z1':>7} {'z2':>7}  {'softmax(z)[0]':>14}  {'sigmoid(z1 - z2)':>16}  equal to 1e-15"]
    for z1, z2, p, s in rows:
        lines.append(f"{z1:7g} {z2:7g}  {p:14.10f}  {s:16.10f}  {'yes' if abs(p - s) <= 1e-15 else 'no'}")
    return "\n".join(lines) + "\n(only the difference z1 - z2 matters: adding a constant to both changes nothing)"


# --- temperature: uniform to arg-max --------------------------------------------------------------------------

def temperature_rows(z: Sequence[float] = LOGITS, scales: Sequence[float] = (0.01, 0.1, 0.5, 1.0, 2.0, 10.0, 100.0)
                     ) -> list[tuple[float, np.ndarray]]:
    """(s, softmax(s z)) for each logit scale s (s = 1 / temperature)."""
    z = _validate.array("z", z, ndim=1)
    scales = _validate.array("scales", scales, ndim=1)
    if np.any(scales <= 0):
        raise ValueError(f"scales must be positive (s = 1 / temperature), got {scales.min():g}")
    return [(float(s), S.softmax(s * z)) for s in scales]


def format_temperature(z: Sequence[float] = LOGITS,
                       scales: Sequence[float] = (0.01, 0.1, 0.5, 1.0, 2.0, 10.0, 100.0)) -> str:
    rows = temperature_rows(z, scales)
    C = len(rows[0][1])
    head = " ".join(f"{'p' + str(k):>6}" for k in range(C))
    lines = [f"logits z = {tuple(float(v) for v in z)}; probabilities softmax(s z)",
             f"{'scale s':>8}  {head}  {'max p':>6}  {'entropy (nats)':>14}"]
    for s, p in rows:
        with np.errstate(divide="ignore", invalid="ignore"):
            entropy = float(-np.sum(np.where(p > 0, p * np.log(p), 0.0)))
        lines.append(f"{s:8g}  {' '.join(f'{v:6.3f}' for v in p)}  {p.max():6.3f}  {entropy:14.3f}")
    return "\n".join(lines) + f"\n(uniform: every p = {1 / C:.3f}, entropy log {C} = {math.log(C):.3f}; " \
                              f"arg-max: p = 1 on the largest logit, entropy 0)"


# --- the gradient Y_hat - Y -----------------------------------------------------------------------------------

def gradient_rows(z: Sequence[float] = LOGITS, label: int = 0, *, epsilon: float = 1e-6) -> dict:
    """dJ/dz for one example (J = -log softmax(z)[label]) four ways: 'centered' differences, 'y_hat - y',
    'full Jacobian' (diag(p) - p p^T)^T (-y / p), 'diagonal only' p (1 - p) * (-y / p)."""
    z = _validate.array("z", z, ndim=1)
    C = z.size
    label = _validate.integer("label", label, low=0, high=C - 1)
    epsilon = _validate.real("epsilon", epsilon, low=0.0, low_open=True)
    y = np.zeros(C)
    y[label] = 1.0
    centered = np.empty(C)
    for k in range(C):
        e = np.zeros(C)
        e[k] = epsilon
        centered[k] = (S.cross_entropy(z + e, y) - S.cross_entropy(z - e, y)) / (2 * epsilon)
    p = S.softmax(z)
    dJ_dp = -y / p
    return {"centered": centered, "y_hat - y": S.cross_entropy_gradient(z, y),
            "full Jacobian": S.softmax_jacobian(p).T @ dJ_dp, "diagonal only": p * (1 - p) * dJ_dp}


def _rel(a, b) -> float:
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))


def format_gradient_check(z: Sequence[float] = LOGITS, label: int = 0) -> str:
    g = gradient_rows(z, label)
    lines = [f"logits z = {tuple(float(v) for v in z)}, true class {label}; dJ/dz, J = -log softmax(z)[{label}]",
             f"{'class':>5} {'centered diff.':>14} {'y_hat - y':>10} {'full Jacobian':>14} {'diagonal only':>14}"]
    for k in range(len(g["centered"])):
        row = [g[name][k] + 0.0 for name in ("centered", "y_hat - y", "full Jacobian", "diagonal only")]   # no -0
        lines.append(f"{k:5d} {row[0]:14.4f} {row[1]:10.4f} {row[2]:14.4f} {row[3]:14.4f}")
    lines.append("relative error against the centered differences (epsilon = 1e-6):")
    for name in ("y_hat - y", "full Jacobian", "diagonal only"):
        r = _rel(g[name], g["centered"])
        verdict = "below 1e-8: right" if r < 1e-8 else f"{r:.2f}: wrong"
        lines.append(f"  {name:<14} {verdict}")
    return "\n".join(lines)


# --- float32: break it ----------------------------------------------------------------------------------------

def format_safe_logits() -> str:
    """log(largest finite float): where exp, and the unshifted softmax with it, overflows."""
    return "\n".join(f"{name}: exp(z) overflows for z > {S.largest_safe_logit(dt):.2f} (log of the largest "
                     f"finite {name}, {float(np.finfo(dt).max):.3g})"
                     for name, dt in (("float32", np.float32), ("float64", np.float64)))


def overflow_rows(a, dtype=np.float32) -> dict:
    """For logits z = a * BREAK_LOGITS in ``dtype`` (true class: the last): 'unshifted' and 'shifted'
    probabilities, and the loss as 'log(unshifted softmax)', 'log(shifted softmax)', 'log-softmax'."""
    a = _validate.real("a", a, low=0.0)
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        dtype = None
    if dtype not in (np.float32, np.float64):
        raise TypeError(f"dtype must be float32 or float64, got {dtype!r}")
    z = (a * np.asarray(BREAK_LOGITS)).astype(dtype)
    p_naive = S.softmax_unshifted(z)
    p = S.softmax(z)
    with np.errstate(divide="ignore", invalid="ignore"):
        losses = {"log(unshifted softmax)": float(-np.log(p_naive[-1])),
                  "log(shifted softmax)": float(-np.log(p[-1])),
                  "log-softmax": float(-S.log_softmax(z)[-1])}
    return {"z": z, "unshifted": p_naive, "shifted": p, "loss": losses}


def first_nonfinite(a_values, dtype=np.float32) -> dict:
    """For each of the loss's three ways and for the unshifted probabilities: the first a of ``a_values``
    (increasing) where it is not finite, or None."""
    a_values = _validate.array("a_values", a_values, ndim=1)
    out = {"unshifted softmax": None, "log(unshifted softmax)": None, "log(shifted softmax)": None,
           "log-softmax": None}
    for a in a_values:
        r = overflow_rows(float(a), dtype)
        if out["unshifted softmax"] is None and not np.all(np.isfinite(r["unshifted"])):
            out["unshifted softmax"] = float(a)
        for name, v in r["loss"].items():
            if out[name] is None and not math.isfinite(v):
                out[name] = float(a)
    return out


def format_overflow_table(a_values: Sequence[float] = (1, 10, 50, 52, 88, 89, 100)) -> str:
    a_values = _validate.array("a_values", a_values, ndim=1)
    if a_values.min() < 0:
        raise ValueError(f"a_values must be >= 0 (logits a * {BREAK_LOGITS}), got {a_values.min():g}")
    lines = [f"float32 logits z = a * {BREAK_LOGITS}, true class the last; NaN / inf flagged ✗",
             f"{'a':>5}  {'unshifted softmax':<27} {'shifted softmax':<27} "
             f"{'-log(unshifted)':>15} {'-log(shifted)':>14} {'log-softmax':>12}"]
    for a in a_values:
        r = overflow_rows(float(a))
        naive = ", ".join(_fmt_value(float(v), ".3g") for v in r["unshifted"])
        shifted = ", ".join(_fmt_value(float(v), ".3g") for v in r["shifted"])
        L = r["loss"]
        lines.append(f"{a:5g}  {naive:<27} {shifted:<27} {_fmt_value(L['log(unshifted softmax)'], '.4g'):>15} "
                     f"{_fmt_value(L['log(shifted softmax)'], '.4g'):>14} {_fmt_value(L['log-softmax'], '.4g'):>12}")
    first = first_nonfinite(np.arange(1.0, 121.0))
    lines.append("first whole a (1..120) where it breaks: " + "; ".join(
        f"{k} {'never' if v is None else f'a = {v:g}'}" for k, v in first.items()))
    return "\n".join(lines)


# --- training on spirals and digits ---------------------------------------------------------------------------

@dataclass(frozen=True)
class MulticlassFit:
    """A network with a softmax output trained on (X_train, Y_train) (Y one-hot (C, m)), with its history."""

    name: str
    net: Network
    X_train: np.ndarray
    Y_train: np.ndarray
    X_dev: np.ndarray
    Y_dev: np.ndarray
    history: training.History

    @property
    def diverged_at(self) -> int | None:
        return self.history.diverged_at

    def accuracy(self, which: str = "dev") -> float:
        X, Y = (self.X_dev, self.Y_dev) if which == "dev" else (self.X_train, self.Y_train)
        return float(np.mean(self.net.predict(X)[0] == Y.argmax(axis=0)))

    def halfwidth(self) -> float:
        """The 95 % half-width of the dev error (``splits.error_confidence_halfwidth``)."""
        return splits.error_confidence_halfwidth(1.0 - self.accuracy("dev"), self.Y_dev.shape[1])


def spirals_data(*, m_train: int = 300, m_dev: int = 300, classes: int = 3, rng):
    """3 spiral arms (one turn, noise 0.05), a stratified train/dev split: (X_train, Y_train, X_dev, Y_dev),
    Y one-hot (classes, m). The notebook uses rng=0."""
    classes = _validate.integer("classes", classes, low=2)
    m_train = _validate.integer("m_train", m_train, low=classes)
    m_dev = _validate.integer("m_dev", m_dev, low=1)
    gen = _validate.rng("rng", rng)
    X, y = data.spirals(m_train + m_dev, noise=0.05, turns=1.0, classes=classes, rng=gen)
    (Xt, Yt), (Xd, Yd), _ = splits.split(X, S.one_hot(y, classes), counts=(m_train, m_dev, 0), stratify=True,
                                         rng=gen)
    return Xt, Yt, Xd, Yd


def digits_data(*, m_dev: int = 600, rng):
    """scikit-learn's 8x8 digits (1,797 images, 10 classes; bundled, no download): X (64, m) with pixels
    0..16 divided by 16, Y one-hot (10, m); a stratified split with ``m_dev`` dev images, the rest train.
    Needs scikit-learn (imported here, on first use). The notebook uses rng=0."""
    m_dev = _validate.integer("m_dev", m_dev, low=1, high=1787)
    gen = _validate.rng("rng", rng)
    X, Y = _digits_arrays()
    (Xt, Yt), (Xd, Yd), _ = splits.split(X, Y, counts=(X.shape[1] - m_dev, m_dev, 0), stratify=True, rng=gen)
    return Xt, Yt, Xd, Yd


@lru_cache(maxsize=1)
def _digits_arrays() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits

    digits = load_digits()
    X, Y = digits.data.T / 16.0, S.one_hot(digits.target, 10)
    X.flags.writeable = Y.flags.writeable = False
    return X, Y


def fit_softmax(X_train, Y_train, X_dev, Y_dev, *, hidden=(), activation: str = "tanh", alpha: float,
                num_iterations: int, seed: int, name: str = "") -> MulticlassFit:
    """Train [n_x, *hidden, C] with a softmax output (LeCun init from ``seed``), Adam with ``alpha``,
    full batch, ``num_iterations`` steps (it stops with ``diverged_at`` if the cost blows up)."""
    X_train, Y_train = _validate.xy(X_train, Y_train, x_name="X_train", y_name="Y_train")
    X_dev, Y_dev = _validate.xy(X_dev, Y_dev, x_name="X_dev", y_name="Y_dev")
    if Y_train.shape[0] < 2 or Y_dev.shape[0] != Y_train.shape[0] or X_dev.shape[0] != X_train.shape[0]:
        raise ValueError(f"Y_train must be one-hot (C >= 2 rows) and X_dev, Y_dev must match X_train {X_train.shape}, "
                         f"Y_train {Y_train.shape}; got X_dev {X_dev.shape}, Y_dev {Y_dev.shape}")
    hidden = tuple(_validate.integer("hidden", h, low=1) for h in _validate.items("hidden", hidden, nonempty=False))
    seed = _validate.integer("seed", seed, low=0)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    net = Network([X_train.shape[0], *hidden, Y_train.shape[0]], activation, "softmax", init="lecun", rng=seed)
    history = training.train(net, X_train, Y_train, optimizer=optimizers.Adam(alpha), num_iterations=num_iterations,
                             X_dev=X_dev, Y_dev=Y_dev, eval_every=num_iterations)
    return MulticlassFit(str(name), net, X_train, Y_train, X_dev, Y_dev, history)


def _fits(split, models: dict, seed: int, alpha: float | None, num_iterations: int | None) -> dict:
    return {name: fit_softmax(*split, hidden=h, activation=act, alpha=a if alpha is None else alpha,
                              num_iterations=n if num_iterations is None else num_iterations, seed=seed, name=name)
            for name, (h, act, a, n) in models.items()}


def spirals_fits(*, seed: int, alpha: float | None = None, num_iterations: int | None = None) -> dict:
    """``SPIRALS_MODELS`` trained on ``spirals_data(rng=seed)`` (``alpha``, ``num_iterations``: override all)."""
    seed = _validate.integer("seed", seed, low=0)
    return _fits(spirals_data(rng=seed), SPIRALS_MODELS, seed, alpha, num_iterations)


def digits_fits(*, seed: int, alpha: float | None = None, num_iterations: int | None = None) -> dict:
    """``DIGITS_MODELS`` trained on ``digits_data(rng=seed)`` (``alpha``, ``num_iterations``: override all)."""
    seed = _validate.integer("seed", seed, low=0)
    return _fits(digits_data(rng=seed), DIGITS_MODELS, seed, alpha, num_iterations)


def _check_fit(fit, name: str = "fit") -> MulticlassFit:
    return _validate.instance(name, fit, MulticlassFit, "a MulticlassFit (from fit_softmax, spirals_fits, digits_fits)")


def format_accuracies(fits: dict) -> str:
    """Train and dev accuracy (whole percents) with the dev error's 95 % half-width, one row per model."""
    if not isinstance(fits, dict) or not fits:
        raise TypeError(f"fits must be a non-empty dict name -> MulticlassFit, got {fits!r}")
    width = max(len(n) for n in fits)
    lines = [f"{'model':<{width}}  {'layers':<16} {'train':>6} {'dev':>6}  dev ± 95 % half-width"]
    for name, fit in fits.items():
        fit = _check_fit(fit, "fits")
        layers = str(list(fit.net.layer_sizes))
        if fit.diverged_at is not None:
            lines.append(f"{name:<{width}}  {layers:<16} {training.diverged_text(fit.diverged_at)}")
            continue
        lines.append(f"{name:<{width}}  {layers:<16} {fit.accuracy('train'):6.0%} {fit.accuracy('dev'):6.0%}  "
                     f"± {fit.halfwidth():.0%} ({fit.Y_dev.shape[1]} dev examples)")
    return "\n".join(lines)


def paired_comparison(fit_a: MulticlassFit, fit_b: MulticlassFit) -> dict:
    """Two models scored on the SAME dev examples: 'a_only' (right by a only) and 'b_only' counts, the
    'difference' of accuracies b - a, its paired 95 % 'halfwidth' (1.96 sd(d) / sqrt(m), d = right_b - right_a per
    example: the examples both get right or both get wrong cancel), and the 'unpaired' half-width
    sqrt(h_a**2 + h_b**2) that treats the two dev scores as independent."""
    fit_a, fit_b = _check_fit(fit_a, "fit_a"), _check_fit(fit_b, "fit_b")
    if fit_a.Y_dev.shape != fit_b.Y_dev.shape or not np.array_equal(fit_a.Y_dev, fit_b.Y_dev):
        raise ValueError("fit_a and fit_b must be scored on the same dev set (equal Y_dev)")
    right_a = fit_a.net.predict(fit_a.X_dev)[0] == fit_a.Y_dev.argmax(axis=0)
    right_b = fit_b.net.predict(fit_b.X_dev)[0] == fit_b.Y_dev.argmax(axis=0)
    d = right_b.astype(float) - right_a.astype(float)
    m = d.size
    return {"a_only": int(np.sum(right_a & ~right_b)), "b_only": int(np.sum(right_b & ~right_a)),
            "difference": float(d.mean()), "halfwidth": float(1.96 * d.std(ddof=1) / math.sqrt(m)),
            "unpaired": float(math.hypot(fit_a.halfwidth(), fit_b.halfwidth())), "m": m}


def format_paired_comparison(fit_a: MulticlassFit, fit_b: MulticlassFit) -> str:
    """``paired_comparison`` as text ("<name>: diverged at iteration N" instead when a fit's run diverged: its
    predictions mean nothing)."""
    gone = [f"{f.name}: {training.diverged_text(f.diverged_at)} (no predictions to compare)"
            for f in (_check_fit(fit_a, "fit_a"), _check_fit(fit_b, "fit_b")) if f.diverged_at is not None]
    if gone:
        return "\n".join(gone)
    c = paired_comparison(fit_a, fit_b)
    a, b = _check_fit(fit_a, "fit_a").name, _check_fit(fit_b, "fit_b").name
    return "\n".join([
        f"the same {c['m']} dev images: right by {b} only: {c['b_only']}; right by {a} only: {c['a_only']}",
        f"dev accuracy {b} - {a}: {100 * c['difference']:+.1f} points, ± {100 * c['halfwidth']:.1f} (95 %, paired "
        f"over the images)",
        f"(treating the two scores as independent: ± {100 * c['unpaired']:.1f})"])


def confusion_matrix(fit: MulticlassFit) -> np.ndarray:
    """Counts (C, C) on the dev set: row = true class, column = predicted class."""
    fit = _check_fit(fit)
    C = fit.Y_dev.shape[0]
    M = np.zeros((C, C), dtype=np.int64)
    np.add.at(M, (fit.Y_dev.argmax(axis=0), fit.net.predict(fit.X_dev)[0]), 1)
    return M


def format_confusion(fit: MulticlassFit) -> str:
    fit = _check_fit(fit)
    if fit.diverged_at is not None:
        return f"{fit.name}: {training.diverged_text(fit.diverged_at)}"
    M = confusion_matrix(fit)
    C = M.shape[0]
    lines = [f"{fit.name}: dev confusion matrix (row = true class, column = predicted)",
             "true\\pred " + " ".join(f"{k:>4}" for k in range(C))]
    for k in range(C):
        lines.append(f"{k:>9} " + " ".join(f"{v:>4}" if v else f"{'.':>4}" for v in M[k]))
    off = M - np.diag(np.diag(M))
    cells = ", ".join(f"{i}→{j}" for i, j in zip(*np.nonzero(off == off.max())))
    lines.append(f"{int(off.sum())} mistakes of {int(M.sum())}; most frequent (true→predicted, {int(off.max())} "
                 f"times each): {cells}")
    return "\n".join(lines)


def confident_mistakes(fit: MulticlassFit, k: int = 8) -> list[tuple[int, int, int, float]]:
    """The k dev mistakes with the highest predicted probability: (dev index, true, predicted, probability),
    most confident first."""
    fit = _check_fit(fit)
    k = _validate.integer("k", k, low=1)
    P = fit.net.forward(fit.X_dev)
    pred, true = P.argmax(axis=0), fit.Y_dev.argmax(axis=0)
    wrong = np.flatnonzero(pred != true)
    order = wrong[np.argsort(-P[pred[wrong], wrong], kind="stable")][:k]
    return [(int(i), int(true[i]), int(pred[i]), float(P[pred[i], i])) for i in order]


def format_mistakes(fit: MulticlassFit, k: int = 8) -> str:
    fit = _check_fit(fit)
    if fit.diverged_at is not None:
        return f"{fit.name}: {training.diverged_text(fit.diverged_at)}"
    rows = confident_mistakes(fit, k)
    lines = [f"{fit.name}: the {len(rows)} most confident dev mistakes", f"{'dev #':>6} {'true':>5} {'predicted':>9} "
             f"{'p(predicted)':>12}"]
    lines += [f"{i:6d} {t:5d} {p:9d} {q:12.2f}" for i, t, p, q in rows]
    return "\n".join(lines)
