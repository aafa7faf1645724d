"""Momentum on the elongated bowl, measured: the numbers notebook 12 shows and tests.

The lecture's picture: a bowl that is long horizontally (w1, curvature lambda_min = 0.2) and
steep vertically (w2, lambda_max = 10; condition 50), started far to the left. Gradient descent
with a learning rate near 2 / lambda_max = 0.2 zigzags vertically (its vertical factor
1 - alpha lambda_max is close to -1) while it creeps horizontally; momentum averages the
zigzag away.

- ``compare(alpha, beta)``: gradient descent and momentum (lecture convention) at the same alpha:
  steps until J stays <= 1e-3 J0 (``Run.steps_to_tol``: a first dip that climbs back does not count),
  the vertical distance travelled and the sign changes of w2 until then, the horizontal
  distance left after ``HORIZON`` steps (``format_comparison`` over several alphas).
- Momentum written four ways (``CONVENTIONS``): the lecture's V = beta V + (1 - beta) dW,
  W -= alpha V; PyTorch's v = mu v + g, W -= lr v; D2L's and Distill's v = beta v + g,
  w -= eta v (the same recursion as PyTorch's, whose step letter is eta in D2L and alpha in
  Distill); CS231n's v = mu v - lr g, W += v. With lr = alpha (1 - beta) and mu = beta all four
  take the same steps (``convention_paths``, ``format_conventions``); plugged in unmapped,
  PyTorch's lr = alpha takes steps 1 / (1 - beta) times longer.
- ``steady_steps``: with a constant gradient the lecture's step tends to alpha dW, PyTorch's to
  lr dW / (1 - beta).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Real

import numpy as np

from .. import _validate, optimizers, surfaces
from ..ewma import check_beta
from ..training import diverged_text

__all__ = ["CONVENTIONS", "DIVERGED_FACTOR", "HORIZON", "START", "STEPS", "TOL_FRACTION", "Convention", "ConventionRun",
           "HeavyBall", "Run", "VelocityMomentum", "bowl", "compare", "convention_paths", "difference_text",
           "format_comparison", "format_conventions", "format_steady_steps", "run", "steady_steps"]

#: where every path starts: far along the shallow axis, a little up the steep one
START = (-10.0, 2.0)
#: steps of every run (enough for every alpha >= 0.05 shown to reach the tolerance)
STEPS = 1000
#: "converged": J <= TOL_FRACTION * J(START)
TOL_FRACTION = 1e-3
#: the horizontal distance left is read after this many steps
HORIZON = 50
#: a run counts as diverged once its cost exceeds this multiple of J(start) (or is not finite)
DIVERGED_FACTOR = 1e6


def bowl(condition: float = 50.0, angle_deg: float = 0.0) -> surfaces.Quadratic:
    """The lecture's elongated bowl: lambda_max = 10 (vertical), lambda_min = 10 / condition."""
    condition = _validate.real("condition", condition, low=1.0)
    return surfaces.Quadratic(condition, angle_deg, scale=10.0 / condition)


# -- momentum in other conventions -----------------------------------------------------------------
class _LrMuMomentum(optimizers.Optimizer):
    """Momentum written with a learning rate ``lr`` and a decay ``mu`` (the conventions below)."""

    n_states = 1

    def __init__(self, lr: float, mu: float):
        super().__init__(lr)
        self.mu = check_beta(mu, "mu")

    def _hyper(self) -> str:
        return f"lr={self.alpha!r}, mu={self.mu!r}"


class HeavyBall(_LrMuMomentum):
    """v <- mu v + dW;  W <- W - lr v.

    PyTorch's SGD(lr, momentum=mu, dampening=0); D2L's v <- beta v + g, x <- x - eta v; Distill's
    z <- beta z + grad, w <- w - alpha z. Its steady step is lr dW / (1 - mu). The same steps as
    the lecture's Momentum(alpha, beta) when lr = alpha (1 - beta) and mu = beta.
    """

    def _update(self, decay) -> None:
        lr, mu = self._alpha, self.mu
        for W, dW, v, tmp in self._segments:
            v *= mu
            v += dW
            np.multiply(v, lr, out=tmp)
            W -= tmp


class VelocityMomentum(_LrMuMomentum):
    """v <- mu v - lr dW;  W <- W + v (CS231n's notes, Neuromatch): the velocity carries the step.

    Its v is minus lr times HeavyBall's v, so it takes HeavyBall's steps for the same (lr, mu).
    """

    def _update(self, decay) -> None:
        lr, mu = self._alpha, self.mu
        for W, dW, v, tmp in self._segments:
            v *= mu
            np.multiply(dW, lr, out=tmp)
            v -= tmp
            W += v


@dataclass(frozen=True)
class Convention:
    """One way of writing momentum: its formula, its letters, and the optimizer for the lecture's (alpha, beta)."""

    name: str
    formula: str
    mapping: str          # its hyperparameters in terms of the lecture's alpha and beta

    def hyperparameters(self, alpha: float, beta: float) -> tuple[float, float]:
        """(step size, momentum coefficient) in this convention for the lecture's (alpha, beta)."""
        alpha, beta = optimizers.check_alpha(alpha), check_beta(beta)
        if self.name == "lecture":
            return alpha, beta
        return alpha * (1.0 - beta), beta

    def optimizer(self, alpha: float, beta: float) -> optimizers.Optimizer:
        step, coefficient = self.hyperparameters(alpha, beta)
        if self.name == "lecture":
            return optimizers.Momentum(step, coefficient)
        if self.name == "CS231n":
            return VelocityMomentum(step, coefficient)
        return HeavyBall(step, coefficient)


CONVENTIONS = {c.name: c for c in (
    Convention("lecture", "V = beta V + (1-beta) dW; W -= alpha V", "alpha, beta"),
    Convention("PyTorch", "v = mu v + g; W -= lr v", "lr = alpha(1-beta), mu = beta"),
    Convention("D2L / Distill", "v = beta v + g; w -= eta v", "eta = alpha(1-beta), beta"),
    Convention("CS231n", "v = mu v - lr g; W += v", "lr = alpha(1-beta), mu = beta"),
)}


# -- runs ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Run:
    """One optimizer's path on the bowl and what the notebook reads off it."""

    name: str
    path: surfaces.Path
    tol: float                  # the cost that counts as converged

    @property
    def diverged_at(self) -> int | None:
        """The first step whose cost is not finite or above DIVERGED_FACTOR J0 (None if none)."""
        J0 = self.tol / TOL_FRACTION
        with np.errstate(invalid="ignore"):
            bad = ~(self.path.costs <= DIVERGED_FACTOR * J0)
        return int(np.argmax(bad)) if bad.any() else None

    @property
    def first_below_tol(self) -> int | None:
        """The first step with J <= tol, even if J climbs back above it later (None if never)."""
        with np.errstate(invalid="ignore"):
            hit = np.flatnonzero(self.path.costs <= self.tol)
        return int(hit[0]) if hit.size else None

    @property
    def steps_to_tol(self) -> int | None:
        """"Steps to converge": the step from which J stays <= tol to the end of the run (None if the last
        cost is above tol, or the run diverged). A first dip below tol followed by a climb does not count."""
        with np.errstate(invalid="ignore"):
            above = ~(self.path.costs <= self.tol)           # NaN (diverged) counts as above
        if above[-1]:
            return None
        hit = np.flatnonzero(above)
        return int(hit[-1]) + 1 if hit.size else 0

    @property
    def final_ratio(self) -> float:
        """J / J0 at the last step of the run (NaN if it diverged)."""
        return float(self.path.costs[-1] / (self.tol / TOL_FRACTION))

    def _finite_points(self) -> np.ndarray:
        p = self.path.points
        return p if self.diverged_at is None else p[: self.diverged_at]

    def _converged_end(self) -> int:
        """The last step counted by ``vertical_travel`` and ``vertical_flips``: the converged step, or the
        run's last finite step if it never converges."""
        return self.steps_to_tol if self.steps_to_tol is not None else len(self._finite_points()) - 1

    @property
    def vertical_travel(self) -> float:
        """Distance moved along w2 (the steep axis) until converged (``steps_to_tol``), or over the whole
        run if it never converges: sum |w2[t] - w2[t-1]| (inf if diverged)."""
        if self.diverged_at is not None:
            return float("inf")
        return float(np.sum(np.abs(np.diff(self.path.points[: self._converged_end() + 1, 1]))))

    @property
    def vertical_flips(self) -> int:
        """How often the vertical step changes direction (sign changes of w2[t] - w2[t-1]) until
        converged (``steps_to_tol``), or over the whole run if it never converges."""
        dv = np.diff(self.path.points[: self._converged_end() + 1, 1])
        s = np.sign(dv[dv != 0])
        return int(np.count_nonzero(s[1:] != s[:-1]))

    def horizontal_left(self, after: int = HORIZON) -> float:
        """|w1 - c1| after ``after`` steps (inf if diverged before)."""
        if self.diverged_at is not None and self.diverged_at <= after:
            return float("inf")
        return float(abs(self.path.points[after, 0]))


def run(optimizer: optimizers.Optimizer, name: str, surface: surfaces.Surface | None = None, *,
        start=START, steps: int = STEPS) -> Run:
    """``optimize_path`` on the bowl (default ``bowl()``), with the tolerance TOL_FRACTION * J(start)."""
    _validate.instance("name", name, str, "a str")
    surface = bowl() if surface is None else _check_surface(surface)
    start = _validate.array("start", start, ndim=1)
    path = surfaces.optimize_path(surface, optimizer, start, steps)
    return Run(name, path, TOL_FRACTION * float(surface.cost(np.asarray(start, dtype=float))))


def _check_surface(surface) -> surfaces.Surface:
    return _validate.instance("surface", surface, surfaces.Surface, "a course2.surfaces.Surface (e.g. bowl())")


def compare(alpha: float, beta: float = 0.9, *, surface: surfaces.Surface | None = None,
            steps: int = STEPS) -> tuple[Run, Run]:
    """(gradient descent, momentum in the lecture's convention), both at ``alpha``."""
    return (run(optimizers.GradientDescent(alpha), "gradient descent", surface, steps=steps),
            run(optimizers.Momentum(alpha, beta), f"momentum (beta = {beta:g})", surface, steps=steps))


def _steps_text(r: Run) -> str:
    if r.diverged_at is not None:
        return diverged_text(r.diverged_at)
    return str(r.steps_to_tol) if r.steps_to_tol is not None else f"> {len(r.path.costs) - 1}"


def format_comparison(alphas: Sequence[float], beta: float = 0.9) -> str:
    """One row per alpha: steps until J stays <= 1e-3 J0, vertical travel and direction changes until then,
    horizontal gap after ``HORIZON`` steps, for gradient descent and for momentum."""
    alphas = [_validate.real("alphas", a, low=0.0, low_open=True) for a in _validate.items("alphas", alphas)]
    beta = check_beta(beta)
    start_v = abs(START[1])
    head = (f"bowl lambda = 0.2 (w1) and 10 (w2), start {START}; momentum beta = {beta:g}\n"
            f"steps: until converged, J <= {TOL_FRACTION:g} J0 from that step to the end of the {STEPS}-step run "
            f"(a dip below it that climbs back does not count)\n"
            f"vertical travel: sum of |w2 steps| until converged (the straight way down is {start_v:g}); flips: "
            f"changes of vertical direction until converged;\n"
            f"|w1| after {HORIZON}: horizontal distance left after {HORIZON} steps (it starts at {abs(START[0]):g})\n")
    lines = [f"{'':7}  {'gradient descent':^40}  {'momentum':^40}",
             f"{'alpha':>7}  " + "  ".join(f"{'steps':>20} {'travel':>7} {'flips':>5} {'|w1|':>5}" for _ in range(2))]
    for alpha in alphas:
        cells = []
        for r in compare(alpha, beta):
            if r.diverged_at is not None:
                cells.append(f"{_steps_text(r):>40}")
            else:
                cells.append(f"{_steps_text(r):>20} {r.vertical_travel:7.1f} {r.vertical_flips:5d} "
                             f"{r.horizontal_left():5.2f}")
        lines.append(f"{alpha:7.3g}  " + "  ".join(cells))
    return head + "\n".join(lines)


# -- the conventions -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConventionRun:
    convention: Convention
    hyperparameters: tuple[float, float]
    run: Run
    max_difference: float       # max |point - lecture's point| over the run


def convention_paths(alpha: float, beta: float, *, steps: int = 200,
                     surface: surfaces.Surface | None = None) -> list[ConventionRun]:
    """The lecture's momentum run in every convention (mapped hyperparameters), each compared point by
    point with the lecture's path; then PyTorch with lr = alpha unmapped (a different run)."""
    alpha, beta = optimizers.check_alpha(alpha), check_beta(beta)
    surface = bowl() if surface is None else _check_surface(surface)
    lecture = run(CONVENTIONS["lecture"].optimizer(alpha, beta), "lecture", surface, steps=steps)
    out = []
    for c in CONVENTIONS.values():
        r = run(c.optimizer(alpha, beta), c.name, surface, steps=steps)
        out.append(ConventionRun(c, c.hyperparameters(alpha, beta), r, _max_difference(r, lecture)))
    unmapped = Convention("PyTorch, unmapped", CONVENTIONS["PyTorch"].formula, "lr = alpha, mu = beta")
    r = run(HeavyBall(alpha, beta), unmapped.name, surface, steps=steps)
    out.append(ConventionRun(unmapped, (alpha, beta), r, _max_difference(r, lecture)))
    return out


def _max_difference(r: Run, reference: Run) -> float:
    d = np.abs(r.path.points - reference.path.points)
    return float("inf") if np.isnan(d).any() else float(d.max())


def difference_text(d: float) -> str:
    """A path difference as printed: below 1e-12 is rounding ("< 1e-12"), else 2 significant digits;
    inf (from ``_max_difference``) when a run diverged."""
    if isinstance(d, bool) or not isinstance(d, Real):
        raise TypeError(f"d must be a real number, got {d!r}")
    if math.isnan(d) or d < 0:
        raise ValueError(f"d must be a distance >= 0 (inf for a diverged run), got {d!r}")
    if d < 1e-12:
        return "< 1e-12"
    return "a run diverged" if not np.isfinite(d) else f"{d:.2g}"


def format_conventions(alpha: float, beta: float, *, steps: int = 200) -> str:
    """The table: convention, formula, its hyperparameters for the lecture's (alpha, beta), max |path
    difference| to the lecture's path, steps to the tolerance."""
    runs = convention_paths(alpha, beta, steps=steps)
    lines = [f"the lecture's alpha = {alpha:g}, beta = {beta:g}; {steps} steps on the bowl from {START}"]
    wn = max(len(c.convention.name) for c in runs)
    wf = max(len(c.convention.formula) for c in runs)
    wm = max(len(c.convention.mapping) for c in runs)
    lines.append("(Distill writes D2L's eta as alpha: the same letter as the lecture's, a different number)")
    lines.append(f"{'convention':<{wn}}  {'update':<{wf}}  {'its hyperparameters':<{wm}}  {'values':<16}  "
                 f"{'max |path - lecture path|':>25}  steps to tol")
    for c in runs:
        step, coefficient = c.hyperparameters
        lines.append(f"{c.convention.name:<{wn}}  {c.convention.formula:<{wf}}  {c.convention.mapping:<{wm}}  "
                     f"{f'{step:.4g}, {coefficient:g}':<16}  {difference_text(c.max_difference):>25}  "
                     f"{_steps_text(c.run)}")
    return "\n".join(lines)


# -- the steady step with a constant gradient --------------------------------------------------------
def steady_steps(alpha: float, beta: float, ts: Sequence[int], dW: float = 1.0) -> dict[str, np.ndarray]:
    """With the same gradient dW at every step, the size of step t (for t in ``ts``), in the lecture's
    convention at alpha and in PyTorch's at lr = alpha (the same number plugged into both):

        lecture:  step_t = alpha dW (1 - beta**t)              -> alpha dW
        PyTorch:  step_t = lr dW (1 - beta**t) / (1 - beta)    -> lr dW / (1 - beta)

    Returns {"t", "lecture", "pytorch"}, the steps divided by alpha dW."""
    alpha, beta = optimizers.check_alpha(alpha), check_beta(beta)
    ts = [_validate.integer("ts: each t", t, low=1) for t in _validate.items("ts", ts)]
    dW = _validate.real("dW", dW)
    if dW == 0:
        raise ValueError("dW must not be 0 (the steps are divided by alpha dW)")
    n = max(ts)
    grads = [np.array([float(dW)])]
    out = {}
    for name, opt in (("lecture", optimizers.Momentum(alpha, beta)), ("pytorch", HeavyBall(alpha, beta))):
        w = np.zeros(1)
        previous, steps = 0.0, []
        for _ in range(n):
            opt.step([w], grads)
            steps.append(previous - float(w[0]))
            previous = float(w[0])
        out[name] = np.array([steps[t - 1] for t in ts]) / (alpha * dW)
    out["t"] = np.array(ts)
    return out


def format_steady_steps(alpha: float = 0.01, beta: float = 0.9, ts: Sequence[int] = (1, 2, 5, 10, 20, 50, 100)) -> str:
    """The steady-step table: step t / (alpha dW) in both conventions with the same number alpha = lr."""
    s = steady_steps(alpha, beta, ts)
    lines = [f"a constant gradient dW; the same number {alpha:g} used as the lecture's alpha and as PyTorch's lr; "
             f"beta = mu = {beta:g}",
             f"{'t':>5}  {'lecture: step / (alpha dW)':>27}  {'PyTorch: step / (lr dW)':>24}"]
    for t, a, b in zip(s["t"], s["lecture"], s["pytorch"]):
        lines.append(f"{t:5d}  {a:27.3f}  {b:24.3f}")
    lines.append(f"{'limit':>5}  {1.0:27.3f}  {1 / (1 - beta):24.3f}   (1 and 1 / (1 - beta))")
    return "\n".join(lines)
