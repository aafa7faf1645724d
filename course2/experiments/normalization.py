"""Normalizing inputs, measured: cost contours, gradient descent and its largest stable alpha, for notebook 06.

The model is least squares on two features without a bias, so the cost is an exact quadratic:

    J(w) = (1/2m) ||w X - y||^2 = 1/2 w^T H w - w^T c + (1/2m) ||y||^2,   H = X X^T / m,  c = X y^T / m

X is (2, m) after one of four input transforms (``MODES``): none, the mean only (x - mu), the
correct (x - mu) / sigma, and the notes' (x - mu) / sigma^2 (ERRATA #1). Gradient descent
w <- w - alpha (H w - c) converges iff every |1 - alpha lambda_i| < 1, so the largest stable alpha
is 2 / lambda_max; ``largest_stable_alpha`` finds it by bisection on actual runs, and the formula
gives the same number. With alpha = 1/lambda_max (half the largest stable rate) the number of
iterations until J - J* <= tol (J(0) - J*) grows with the condition number lambda_max / lambda_min.

``scaled_task(ratio, rng=...)``: feature 1 has sigma 1, feature 2 sigma ``ratio`` (both with a mean
of 2 sigma, correlation 0.3); y depends on the features in the same way at every ratio, so only the
parameterization changes. ``dev_statistics_report``: why dev is transformed with the TRAINING
set's mu and sigma (a shifted dev set, and a tiny one, normalized with their own statistics).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import _validate
from ..normalization import Standardizer, fit_standardizer

__all__ = ["MODES", "MODE_LABELS", "CaseResult", "LeastSquaresCost", "ScaledTask", "compare_normalizations",
           "dev_statistics_report", "errata_variance_table", "format_comparison", "gd_path",
           "iterations_by_running", "iterations_to_tolerance", "largest_stable_alpha", "quadratic_cost",
           "scaled_task", "transform", "case", "dev_statistics", "DevCase", "DevReport", "START_DIRECTION",
           "RatioSweep", "half_span", "level_ellipse", "ratio_sweep", "sample_correlation"]

MODES = ("none", "mean", "sigma", "variance")
MODE_LABELS = {"none": "no normalization", "mean": "mean only: x - mu", "sigma": "(x - mu) / sigma",
               "variance": "notes: (x - mu) / sigma^2"}
MEAN_IN_SIGMAS = 2.0
CORRELATION = 0.3
TRUE_W = (1.0, -0.5)    # y = 1.0 z1 - 0.5 z2 + noise, z the standardized features
NOISE = 0.3
TOL = 1e-6


@dataclass(frozen=True)
class ScaledTask:
    """X (2, m) with feature sigmas (1, ratio) and means 2 sigma; y (1, m) centered."""

    ratio: float
    X: np.ndarray
    y: np.ndarray


def _standard_draw(m: int, rng) -> tuple[np.ndarray, np.ndarray]:
    gen = _validate.rng("rng", rng)
    raw = gen.standard_normal((2, m))
    z = np.vstack([raw[0], CORRELATION * raw[0] + math.sqrt(1 - CORRELATION**2) * raw[1]])
    noise = gen.standard_normal((1, m))
    return z, noise


def _scales(ratio: float) -> np.ndarray:
    return np.array([[1.0], [ratio]])


def scaled_task(ratio: float, *, m: int = 200, rng) -> ScaledTask:
    """The two-feature regression task with feature 2 ``ratio`` times as spread as feature 1.

    The same draw (``rng``) at every ratio: X = diag(1, ratio) (2 + z), y = TRUE_W . z + 0.3 noise,
    centered. Only the scale of x2 changes with ``ratio``; the best predictions do not."""
    ratio = _validate.real("ratio", ratio, low=0.0, low_open=True)
    m = _validate.integer("m", m, low=3)
    z, noise = _standard_draw(m, rng)
    return _task_from_draw(ratio, z, noise)


def _task_from_draw(ratio: float, z: np.ndarray, noise: np.ndarray) -> ScaledTask:
    X = _scales(ratio) * (MEAN_IN_SIGMAS + z)
    y = np.asarray(TRUE_W) @ z + NOISE * noise[0]
    y = (y - y.mean())[None, :]
    return ScaledTask(ratio, X, y)


def transform(X_train: np.ndarray, mode: str, X=None) -> np.ndarray:
    """``X`` (default ``X_train``) transformed by ``mode`` with statistics fitted on ``X_train``."""
    X_train = _validate.array("X_train", X_train, ndim=2)
    _validate.choice("mode", mode, MODES)
    if X is None:
        X = X_train
    else:
        X = _validate.array("X", X, ndim=2)
        if X.shape[0] != X_train.shape[0]:
            raise ValueError(f"X must have the {X_train.shape[0]} features (rows) of X_train, got shape {X.shape}")
    if mode == "none":
        return np.array(X, dtype=float)
    if mode == "mean":
        s = fit_standardizer(X_train)
        return Standardizer(s.mu, np.ones_like(s.sigma)).transform(X)
    return fit_standardizer(X_train, divide_by="sigma" if mode == "sigma" else "variance").transform(X)


@dataclass(frozen=True)
class LeastSquaresCost:
    """J(w) = 1/2 w^T H w - w^T c + J0 with H = X X^T / m, c = X y^T / m; minimum J* at w* = H^-1 c."""

    H: np.ndarray
    c: np.ndarray
    J0: float

    @property
    def w_star(self) -> np.ndarray:
        return np.linalg.solve(self.H, self.c)

    @property
    def J_star(self) -> float:
        return self.cost(self.w_star)

    @property
    def eigenvalues(self) -> np.ndarray:
        """lambda_min, lambda_max of H."""
        return np.linalg.eigvalsh(self.H)

    @property
    def condition(self) -> float:
        lo, hi = self.eigenvalues
        return float(hi / lo)

    def cost(self, w) -> float:
        w = np.asarray(w, dtype=float)
        return float(0.5 * w @ self.H @ w - w @ self.c + self.J0)

    def gradient(self, w) -> np.ndarray:
        return self.H @ np.asarray(w, dtype=float) - self.c


def quadratic_cost(X: np.ndarray, y: np.ndarray) -> LeastSquaresCost:
    """The least-squares cost (1/2m) ||w X - y||^2 of w (2,) as a ``LeastSquaresCost``."""
    X = _validate.array("X", X, ndim=2)
    y = _validate.array("y", y, ndim=2)
    if X.shape[0] != 2 or y.shape != (1, X.shape[1]):
        raise ValueError(f"X must be (2, m) and y (1, m), got {X.shape} and {y.shape}")
    m = X.shape[1]
    return LeastSquaresCost(X @ X.T / m, (X @ y.T / m)[:, 0], float(np.sum(y * y) / (2 * m)))


def _check_q(q) -> LeastSquaresCost:
    return _validate.instance("q", q, LeastSquaresCost, "a LeastSquaresCost (from quadratic_cost)")


def _check_w0(w0) -> np.ndarray:
    w0 = _validate.array("w0", w0, ndim=1)
    if w0.shape != (2,):
        raise ValueError(f"w0 must be a point (w1, w2), got shape {w0.shape}")
    return w0


def _check_tol(tol) -> float:
    return _validate.real("tol", tol, low=0.0, high=1.0, low_open=True, high_open=True)


def gd_path(q: LeastSquaresCost, alpha: float, steps: int, w0=(0.0, 0.0)) -> np.ndarray:
    """The first ``steps`` gradient-descent iterates w <- w - alpha (H w - c): shape (steps + 1, 2).

    Plain Python floats (a 2-vector step is ~0.3 us that way); stops early (shorter array) if w
    stops being finite."""
    q, w0 = _check_q(q), _check_w0(w0)
    alpha = _validate.real("alpha", alpha, low=0.0, low_open=True)
    steps = _validate.integer("steps", steps, low=0)
    (h11, h12), (_, h22) = q.H.tolist()
    c1, c2 = q.c.tolist()
    w1, w2 = (float(v) for v in w0)
    out = [(w1, w2)]
    for _ in range(steps):
        g1 = h11 * w1 + h12 * w2 - c1
        g2 = h12 * w1 + h22 * w2 - c2
        w1, w2 = w1 - alpha * g1, w2 - alpha * g2
        if not (math.isfinite(w1) and math.isfinite(w2)):
            break
        out.append((w1, w2))
    return np.array(out)


def _run_is_stable(q: LeastSquaresCost, w_star, alpha: float, steps: int, w0) -> bool:
    """Run gradient descent from ``w0``; unstable if J - J* ever rises (it falls at every step when
    alpha < 2/lambda_max) or w stops being finite; stable once J - J* < 1e-18 (J(w0) - J*)."""
    (h11, h12), (_, h22) = q.H.tolist()
    c1, c2 = q.c.tolist()
    s1, s2 = (float(v) for v in w_star)
    w1, w2 = (float(v) for v in w0)

    def excess(w1, w2):       # J(w) - J* = 1/2 e^T H e, e = w - w*
        e1, e2 = w1 - s1, w2 - s2
        return 0.5 * (h11 * e1 * e1 + 2 * h12 * e1 * e2 + h22 * e2 * e2)

    d0 = d = excess(w1, w2)
    for _ in range(steps):
        g1 = h11 * w1 + h12 * w2 - c1
        g2 = h12 * w1 + h22 * w2 - c2
        w1, w2 = w1 - alpha * g1, w2 - alpha * g2
        new = excess(w1, w2)
        if not math.isfinite(new) or new > d * (1 + 1e-9):
            return False
        if new < 1e-18 * d0:
            return True
        d = new
    return True


#: the runs of the bisection start at w* + ||w*|| * START_DIRECTION: a start with a sizeable error along
#: both of H's eigenvectors (from w = 0 the error along the steep one can be tiny, and a diverging
#: direction that starts tiny takes thousands of steps to show)
START_DIRECTION = (0.6, 0.8)


def largest_stable_alpha(q: LeastSquaresCost, *, steps: int = 300, halvings: int = 40) -> float:
    """The largest alpha for which gradient descent on ``q`` does not diverge, by bisection on runs.

    Each candidate alpha runs ``steps`` iterations (``_run_is_stable``) from
    w* + ||w*|| START_DIRECTION; a bracket is found by doubling/halving from alpha = 1, then halved
    ``halvings`` times. No eigenvalue is used: the formula 2 / lambda_max is what it is compared with."""
    q = _check_q(q)
    steps = _validate.integer("steps", steps, low=1)
    halvings = _validate.integer("halvings", halvings, low=0)
    w_star = q.w_star
    w0 = w_star + max(float(np.linalg.norm(w_star)), 1.0) * np.asarray(START_DIRECTION)
    stable = lambda alpha: _run_is_stable(q, w_star, alpha, steps, w0)  # noqa: E731
    lo, hi = 0.0, 1.0
    if stable(hi):
        while stable(hi):
            lo, hi = hi, 2 * hi
    else:
        while not stable(hi / 2):
            hi /= 2
        lo = hi / 2
    for _ in range(halvings):
        mid = 0.5 * (lo + hi)
        if stable(mid):
            lo = mid
        else:
            hi = mid
    return lo


def _excess_ratio_function(q: LeastSquaresCost, alpha: float, w0):
    lam, V = np.linalg.eigh(q.H)
    coef = V.T @ (np.asarray(w0, dtype=float) - q.w_star)          # e0 in H's eigenbasis
    weight = lam * coef**2
    total = float(weight.sum())
    rho2 = (1 - alpha * lam) ** 2

    def ratio(k: int) -> float:                  # (J(w_k) - J*) / (J(w_0) - J*)
        with np.errstate(under="ignore"):        # a fast direction's share falls to 0: that is the point
            return float(np.sum(weight * rho2**k)) / total

    return ratio, rho2


def iterations_to_tolerance(q: LeastSquaresCost, alpha: float, *, tol: float = TOL, w0=(0.0, 0.0)) -> int | None:
    """Smallest k with J(w_k) - J* <= tol (J(w_0) - J*), exactly, without running k steps.

        w_k - w* = (I - alpha H)^k (w_0 - w*),  so  J(w_k) - J* = sum_i lambda_i c_i^2 (1 - alpha lambda_i)^(2k) / 2

    with c_i the start's error along H's eigenvector i. None when alpha diverges (some
    |1 - alpha lambda_i| >= 1 with c_i != 0)."""
    q, w0, tol = _check_q(q), _check_w0(w0), _check_tol(tol)
    alpha = _validate.real("alpha", alpha, low=0.0, low_open=True)
    ratio, rho2 = _excess_ratio_function(q, alpha, w0)
    if np.any(rho2 >= 1):
        return None
    hi = 1
    while ratio(hi) > tol:
        hi *= 2
    lo = hi // 2       # ratio(lo) > tol (or lo = 0), ratio(hi) <= tol; ratio falls with k
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ratio(mid) > tol:
            lo = mid
        else:
            hi = mid
    return 0 if ratio(0) <= tol else hi


def iterations_by_running(q: LeastSquaresCost, alpha: float, *, tol: float = TOL, max_iterations: int = 100_000,
                          w0=(0.0, 0.0)) -> int | None:
    """The same count by running gradient descent step by step (slow; for checking the formula)."""
    q, w0, tol = _check_q(q), _check_w0(w0), _check_tol(tol)
    max_iterations = _validate.integer("max_iterations", max_iterations, low=1)
    J_star = q.J_star
    start = q.cost(w0) - J_star
    path = gd_path(q, alpha, max_iterations, w0)
    excess = 0.5 * np.einsum("ki,ij,kj->k", path - q.w_star, q.H, path - q.w_star)
    hit = np.flatnonzero(excess <= tol * start)
    return int(hit[0]) if hit.size else None


@dataclass(frozen=True)
class CaseResult:
    """One input transform at one ratio: its cost, eigenvalues, stable alphas and iteration count."""

    mode: str
    ratio: float
    quadratic: LeastSquaresCost
    variances: np.ndarray            # per feature, of the transformed training inputs
    alpha_max_bisection: float
    alpha_max_formula: float
    alpha: float                     # the rate the iteration count uses: alpha_max_formula / 2
    iterations: int

    @property
    def condition(self) -> float:
        return self.quadratic.condition


def case(task: ScaledTask, mode: str, *, tol: float = TOL, bisection: bool = True) -> CaseResult:
    """Transform ``task`` by ``mode`` and measure gradient descent on its cost."""
    _validate.instance("task", task, ScaledTask, "a ScaledTask (from scaled_task)")
    tol, bisection = _check_tol(tol), _validate.flag("bisection", bisection)
    Xn = transform(task.X, mode)
    q = quadratic_cost(Xn, task.y)
    lam_max = float(q.eigenvalues[1])
    formula = 2.0 / lam_max
    bis = largest_stable_alpha(q) if bisection else math.nan
    alpha = formula / 2
    return CaseResult(mode, task.ratio, q, Xn.var(axis=1), bis, formula, alpha,
                      iterations_to_tolerance(q, alpha, tol=tol))


def compare_normalizations(ratio: float, *, m: int = 200, rng, tol: float = TOL) -> list[CaseResult]:
    """Every mode of ``MODES`` on ``scaled_task(ratio)``."""
    tol = _check_tol(tol)
    task = scaled_task(ratio, m=m, rng=rng)
    return [case(task, mode, tol=tol) for mode in MODES]


def _sig(x: float, digits: int = 3) -> str:
    return f"{x:.{digits}g}"


def format_comparison(cases: list[CaseResult], *, tol: float = TOL) -> str:
    """A text table: variances after the transform, condition number, largest stable alpha (bisection
    and 2/lambda_max) and iterations to the tolerance at alpha = 1/lambda_max."""
    cases = _validate.items("cases", cases)
    for c in cases:
        _validate.instance("cases", c, CaseResult, "a list of CaseResult (from case or compare_normalizations)")
    tol = _check_tol(tol)
    head = (f"ratio of feature scales = {cases[0].ratio:g}; gradient descent from w = 0 at alpha = 1/lambda_max "
            f"(half the largest stable rate), until J - J* <= {tol:g} (J(0) - J*)")
    lines = [head, f"{'input transform':<27} {'var(x1)':>8} {'var(x2)':>8} {'lmax/lmin':>10} "
                   f"{'alpha_max bisection':>19} {'2/lambda_max':>12} {'iterations':>11}"]
    for c in cases:
        lines.append(f"{MODE_LABELS[c.mode]:<27} {_sig(c.variances[0]):>8} {_sig(c.variances[1]):>8} "
                     f"{_sig(c.condition):>10} {_sig(c.alpha_max_bisection):>19} {_sig(c.alpha_max_formula):>12} "
                     f"{c.iterations:>11,}")
    standard = next((c for c in cases if c.mode == "sigma"), None)
    if standard is not None:
        r = sample_correlation(standard)
        lines.append(f"(the drawn examples' correlation of x1 and x2: r = {r:.3f} (drawn from {CORRELATION:g}); "
                     f"standardized, H is their correlation matrix,\n lmax/lmin = (1 + |r|) / (1 - |r|) = "
                     f"{(1 + abs(r)) / (1 - abs(r)):.3g}, which grows without bound as |r| -> 1)")
    return "\n".join(lines)


def sample_correlation(result: CaseResult) -> float:
    """r of the two features, from a standardized case: H = X X^T / m is then their correlation matrix
    (1 on the diagonal, r off it; eigenvalues 1 - |r| and 1 + |r|)."""
    _validate.instance("result", result, CaseResult, "a CaseResult (from case or compare_normalizations)")
    if result.mode != "sigma":
        raise ValueError(f"result must be a standardized case (mode 'sigma'), got mode {result.mode!r}")
    return float(result.quadratic.H[0, 1])


def errata_variance_table(sigmas=(0.1, 1.0, 10.0), means=(5.0, -2.0, 300.0), *, m: int = 1000, rng) -> str:
    """ERRATA #1 side by side: each feature's mean and variance after (x - mu)/sigma and after the
    notes' (x - mu)/sigma^2, on a training set whose features have the given sigmas."""
    sigmas = _validate.array("sigmas", sigmas, ndim=1)[:, None]
    means = _validate.array("means", means, ndim=1)[:, None]
    m = _validate.integer("m", m, low=2)
    if sigmas.shape != means.shape or np.any(sigmas <= 0):
        raise ValueError(f"sigmas must be positive and as many as means, got {sigmas.ravel()} and {means.ravel()}")
    gen = _validate.rng("rng", rng)
    X = means + sigmas * gen.standard_normal((sigmas.shape[0], m))
    right = fit_standardizer(X).transform(X)
    notes = fit_standardizer(X, divide_by="variance").transform(X)
    s = fit_standardizer(X).sigma[:, 0]
    lines = [f"training set of m = {m}; per feature: its sigma, then mean and variance after each transform",
             f"{'feature':>7} {'sigma':>7} | {'(x - mu) / sigma':^19} | {'notes: (x - mu) / sigma^2':^25}",
             f"{'':>7} {'':>7} | {'mean':>8} {'variance':>10} | {'mean':>8} {'variance':>16}"]
    for i in range(X.shape[0]):
        lines.append(f"{'x' + str(i + 1):>7} {_sig(s[i]):>7} | {abs(right[i].mean()):8.3f} {right[i].var():10.3f} | "
                     f"{abs(notes[i].mean()):8.3f} {_sig(notes[i].var()):>16}")
    lines.append("(the notes' variance is 1 / sigma^2: unit variance only for the feature with sigma = 1)")
    return "\n".join(lines)


# --- dev and test use the training set's mu and sigma ---------------------------------------------------------

@dataclass(frozen=True)
class DevCase:
    """One dev set transformed two ways: with the training set's statistics and with its own."""

    name: str
    X_dev: np.ndarray
    y_dev: np.ndarray
    with_train: np.ndarray      # transformed with the training mu, sigma
    with_own: np.ndarray        # transformed with the dev set's own mu, sigma
    mse_train: float
    mse_own: float


def _fit_line(Xn: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least squares with a bias on normalized inputs: returns (w1, w2, b)."""
    A = np.vstack([Xn, np.ones((1, Xn.shape[1]))]).T
    return np.linalg.lstsq(A, y[0], rcond=None)[0]


def _predict(theta: np.ndarray, Xn: np.ndarray) -> np.ndarray:
    return theta[:2] @ Xn + theta[2]


def _dev_set(z: np.ndarray, noise: np.ndarray, ratio: float, shift: float) -> tuple[np.ndarray, np.ndarray]:
    """Dev examples from the same relation y(x) as training; ``shift`` moves x1 by that many sigmas."""
    zs = z.copy()
    zs[0] += shift
    X = _scales(ratio) * (MEAN_IN_SIGMAS + zs)
    y = (np.asarray(TRUE_W) @ zs + NOISE * noise[0])[None, :]
    return X, y


@dataclass(frozen=True)
class DevReport:
    theta: np.ndarray            # fitted (w1, w2, b) on the normalized training set
    train_mu: np.ndarray
    train_sigma: np.ndarray
    shift: float                 # how far x1 of the shifted dev set is moved (x1's sigma is 1)
    shifted: DevCase
    tiny_a: DevCase
    tiny_b: DevCase


def dev_statistics(*, ratio: float = 10.0, m: int = 200, shift: float = 1.0, rng) -> DevReport:
    """Fit a line on the normalized training set, then evaluate it on (a) a dev set whose x1 is
    shifted by ``shift`` sigmas and (b) two tiny dev sets (3 examples) sharing their first example,
    each normalized with the training statistics and with its own."""
    ratio = _validate.real("ratio", ratio, low=0.0, low_open=True)
    m = _validate.integer("m", m, low=3)
    shift = _validate.real("shift", shift)
    gen = _validate.rng("rng", rng)
    z, noise = _standard_draw(m, gen)
    X = _scales(ratio) * (MEAN_IN_SIGMAS + z)
    y_raw = (np.asarray(TRUE_W) @ z + NOISE * noise[0])[None, :]
    s = fit_standardizer(X)
    theta = _fit_line(s.transform(X), y_raw)

    def evaluate(name, Xd, yd):
        tr, own = s.transform(Xd), fit_standardizer(Xd).transform(Xd)
        mse = lambda Xn: float(np.mean((_predict(theta, Xn) - yd[0]) ** 2))  # noqa: E731
        return DevCase(name, Xd, yd, tr, own, mse(tr), mse(own))

    zd, nd = _standard_draw(m, gen)
    shifted = evaluate("shifted", *_dev_set(zd, nd, ratio, shift))
    zt, nt = _standard_draw(5, gen)
    Xt, yt = _dev_set(zt, nt, ratio, 0.0)
    tiny_a = evaluate("tiny A", Xt[:, [0, 1, 2]], yt[:, [0, 1, 2]])
    tiny_b = evaluate("tiny B", Xt[:, [0, 3, 4]], yt[:, [0, 3, 4]])
    return DevReport(theta, s.mu[:, 0], s.sigma[:, 0], shift, shifted, tiny_a, tiny_b)


def _vec(v) -> str:
    return "(" + ", ".join(f"{round(float(x), 2) + 0.0:+.2f}" for x in v) + ")"   # + 0.0: no "-0.00"


def dev_statistics_report(report: DevReport) -> str:
    """The numbers behind "transform dev with the training mu and sigma"."""
    _validate.instance("report", report, DevReport, "a DevReport (from dev_statistics)")
    sh, a, b = report.shifted, report.tiny_a, report.tiny_b
    mu, sigma = report.train_mu, report.train_sigma
    lines = [f"training set: mu = {_vec(mu)}, sigma = {_vec(sigma)}; a line w1 x1 + w2 x2 + b fitted on the "
             f"normalized inputs",
             "",
             f"1. a dev set of {sh.X_dev.shape[1]} examples whose x1 is shifted up by {report.shift:g} "
             f"(x1's sigma is 1; the same y(x) as training)",
             f"{'dev normalized with':<24} {'mean of x1, x2 after':>22} {'dev MSE':>9}",
             f"{'the training mu, sigma':<24} {_vec(sh.with_train.mean(axis=1)):>22} {sh.mse_train:9.3f}",
             f"{'its own mu, sigma':<24} {_vec(sh.with_own.mean(axis=1)):>22} {sh.mse_own:9.3f}",
             "",
             f"2. two dev sets of 3 examples that share their first example x = {_vec(a.X_dev[:, 0])}",
             f"{'dev normalized with':<24} {'set':>4} {'x after':>16} {'prediction':>11}"]
    for label, attr in (("the training mu, sigma", "with_train"), ("its own mu, sigma", "with_own")):
        for case_ in (a, b):
            x = getattr(case_, attr)[:, 0]
            lines.append(f"{label:<24} {case_.name[-1]:>4} {_vec(x):>16} {_predict(report.theta, x[:, None])[0]:11.3f}")
    lines.append(f"(its target is y = {a.y_dev[0, 0]:.3f})")
    return "\n".join(lines)



# --- what the figures draw ------------------------------------------------------------------------------------

def level_ellipse(q: LeastSquaresCost, excess: float, n: int = 121) -> np.ndarray:
    """The points w (n, 2) where J(w) - J* = ``excess``: an ellipse around w* with axes along H's
    eigenvectors, half-lengths sqrt(2 excess / lambda_i)."""
    q = _check_q(q)
    excess = _validate.real("excess", excess, low=0.0, low_open=True)
    n = _validate.integer("n", n, low=3)
    lam, V = np.linalg.eigh(q.H)
    t = np.linspace(0.0, 2 * np.pi, n)
    e = V @ np.vstack([np.sqrt(2 * excess / lam[0]) * np.cos(t), np.sqrt(2 * excess / lam[1]) * np.sin(t)])
    return (q.w_star[:, None] + e).T


def half_span(q: LeastSquaresCost, excess: float) -> float:
    """Half the side of the square around w* that holds the level set J - J* = ``excess``:
    sqrt(2 excess max_j (H^-1)_jj)."""
    q = _check_q(q)
    excess = _validate.real("excess", excess, low=0.0, low_open=True)
    return float(math.sqrt(2 * excess * np.max(np.diag(np.linalg.inv(q.H)))))


@dataclass(frozen=True)
class RatioSweep:
    """Per mode, over ``ratios``: the condition number, 2/lambda_max and the iteration count."""

    ratios: np.ndarray
    condition: dict
    alpha_max: dict
    iterations: dict


def ratio_sweep(ratios, *, m: int = 200, rng: int, tol: float = TOL) -> RatioSweep:
    """``case`` (formula only, no bisection) for every mode at every ratio; ``rng`` is a seed, so every
    ratio uses the same draw."""
    ratios = _validate.array("ratios", ratios, ndim=1)
    for r in ratios:
        _validate.real("ratios", r, low=0.0, low_open=True)
    rng = _validate.integer("rng", rng, low=0)
    tol = _check_tol(tol)
    cond, amax, iters = ({mode: [] for mode in MODES} for _ in range(3))
    for r in ratios:
        task = scaled_task(float(r), m=m, rng=rng)
        for mode in MODES:
            c = case(task, mode, tol=tol, bisection=False)
            cond[mode].append(c.condition)
            amax[mode].append(c.alpha_max_formula)
            iters[mode].append(c.iterations)
    arr = lambda d: {k: np.array(v) for k, v in d.items()}  # noqa: E731
    return RatioSweep(ratios, arr(cond), arr(amax), arr(iters))
