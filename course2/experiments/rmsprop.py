"""RMSprop on the elongated bowl, measured: the numbers notebook 13 shows and tests.

RMSprop divides each coordinate's step by the root of a running average of that coordinate's
squared gradient, so the steep coordinate (big gradients) takes small steps and the shallow one
large steps:

    S <- beta S + (1 - beta) dW**2;   W <- W - alpha dW / (sqrt(S) + epsilon)

The effective learning rate of each coordinate is alpha / (sqrt(S) + epsilon) (``effective_steps``).

- ``largest_stable_alpha`` and ``largest_converging_alpha``: by bisection, the largest alpha whose run
  stays bounded (never climbs above its starting cost) and the largest whose run converges (J stays
  <= 1e-3 J0 to the end of the run). Gradient descent: both 2 / lambda_max. RMSprop: bounded up to
  several times more (its steps are at most alpha / sqrt(1 - beta) whatever the gradient), but it
  converges only for a smaller alpha: with a constant alpha each coordinate ends bouncing between
  +-alpha / 2 around the minimum (``bounce_table``), where its effective step alpha / sqrt(S) has
  settled at 2 / lambda, gradient descent's edge of stability for that coordinate.
- ``effective_steps`` / ``format_effective_steps``: the steep coordinate's effective step is small only
  while its gradient is large; once that coordinate is near 0 its S decays and the step grows, past
  2 / lambda_max, and the coordinate is kicked out again.
- ``rotation_table``: the same bowl turned by 0 ... 45 degrees, the start turned with it. Gradient
  descent does not notice a rotation; RMSprop's per-coordinate scaling helps only while the valley
  lies along the coordinate axes.
- Where epsilon goes (``RMSpropVariant``, ``first_steps``): outside the root (the lecture, the Adam
  paper, PyTorch), inside it (TensorFlow 1's RMSPropOptimizer; a floor sqrt(epsilon) on the root),
  or nowhere (the lecture notes, ERRATA 7: a coordinate whose gradient is 0 at the start divides
  0 by 0 and becomes NaN; ``zero_gradient_start``).
- ``large_epsilon``: with epsilon much larger than sqrt(S), RMSprop is gradient descent with step
  alpha / epsilon.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import _validate, optimizers, surfaces
from ..ewma import check_beta
from ..training import diverged_text
from .momentum import TOL_FRACTION, Run, bowl

__all__ = ["ALPHA_GRID", "EPSILON_PLACES", "BounceRow", "RMSpropVariant", "RotationRow", "StableAlpha",
           "bounce_table", "effective_steps", "first_steps", "format_bounce_table", "format_effective_steps",
           "format_first_steps", "format_large_epsilon", "format_rotation_table", "format_stable_alphas",
           "format_zero_gradient_start", "large_epsilon", "large_epsilon_runs", "largest_converging_alpha",
           "largest_stable_alpha", "rotated_start", "rotation_table", "run", "zero_gradient_start"]

#: where a variant puts epsilon: "outside" sqrt(S) + eps (the package), "inside" sqrt(S + eps), "none" (the notes)
EPSILON_PLACES = ("outside", "inside", "none")
#: steps of the stability runs of ``largest_stable_alpha``
STABLE_STEPS = 300
#: steps of the runs that count steps to the tolerance
STEPS = 1000


def rotated_start(angle_deg: float) -> np.ndarray:
    """The start (-10, 2) in the valley's own axes: 10 back along the shallow direction, 2 up the steep one."""
    q = bowl(angle_deg=angle_deg)
    return q.center - 10.0 * q.shallow_direction + 2.0 * q.steep_direction


class RMSpropVariant(optimizers.Optimizer):
    """RMSprop with epsilon in another place (for comparison; ``optimizers.RMSprop`` is the right one):

        outside  W -= alpha dW / (sqrt(S) + epsilon)      (= optimizers.RMSprop)
        inside   W -= alpha dW / sqrt(S + epsilon)
        none     W -= alpha dW / sqrt(S)                  (the lecture notes; 0 / 0 = NaN where S = 0)

    S <- beta S + (1 - beta) dW**2 in all three.
    """

    n_states = 1

    def __init__(self, alpha: float, beta: float = 0.9, epsilon: float = 1e-8, *, place: str = "outside"):
        super().__init__(alpha)
        self.beta = check_beta(beta)
        self.place = _validate.choice("place", place, EPSILON_PLACES)
        self.epsilon = 0.0 if place == "none" else optimizers.check_epsilon(epsilon)

    def _update(self, decay) -> None:
        alpha, beta, epsilon = self._alpha, self.beta, self.epsilon
        for W, dW, S, tmp in self._segments:
            S *= beta
            S += (1.0 - beta) * dW * dW
            if self.place == "inside":
                np.sqrt(S + epsilon, out=tmp)
            else:
                np.sqrt(S, out=tmp)
                tmp += epsilon
            with np.errstate(invalid="ignore", divide="ignore"):
                W -= alpha * dW / tmp

    def _hyper(self) -> str:
        return f"alpha={self.alpha!r}, beta={self.beta!r}, epsilon={self.epsilon!r}, place={self.place!r}"


def run(optimizer: optimizers.Optimizer, name: str, angle_deg: float = 0.0, *, steps: int = STEPS,
        start=None) -> Run:
    """A run on ``bowl(angle_deg=...)`` from ``rotated_start(angle_deg)`` (or ``start``)."""
    _validate.instance("name", name, str, "a str")
    q = bowl(angle_deg=angle_deg)
    start = rotated_start(angle_deg) if start is None else _validate.array("start", start, ndim=1)
    path = surfaces.optimize_path(q, optimizer, start, steps)
    return Run(name, path, TOL_FRACTION * float(q.cost(start)))


# -- the effective step ----------------------------------------------------------------------------
def effective_steps(alpha: float, beta: float = 0.9, epsilon: float = 1e-8, angle_deg: float = 0.0,
                    steps: int = 100) -> np.ndarray:
    """(steps, 2): alpha / (sqrt(S) + epsilon) of each coordinate (w1, w2) at steps 1..steps, from the
    package's ``rmsprop_step`` on the bowl."""
    alpha, beta = optimizers.check_alpha(alpha), check_beta(beta)
    epsilon = optimizers.check_epsilon(epsilon)
    steps = _validate.integer("steps", steps, low=1)
    q = bowl(angle_deg=angle_deg)
    W, S = rotated_start(angle_deg), np.zeros(2)
    out = np.empty((steps, 2))
    with np.errstate(all="ignore"):
        for t in range(steps):
            W, S = optimizers.rmsprop_step(W, q.gradient(W), S, alpha=alpha, beta=beta, epsilon=epsilon)
            out[t] = alpha / (np.sqrt(S) + epsilon)
    return out


def format_effective_steps(alpha: float = 0.1, beta: float = 0.9, angle_deg: float = 0.0,
                           at: Sequence[int] = (1, 10, 50, 60, 100, 150, 400)) -> str:
    """At the steps ``at``: each coordinate's effective step alpha / (sqrt(S) + eps), their ratio, and where
    the run is (|w1|, |w2|); the step where w2's effective step first exceeds w1's and 2 / lambda_max."""
    alpha, beta = optimizers.check_alpha(alpha), check_beta(beta)
    angle_deg = _validate.real("angle_deg", angle_deg)
    at = [_validate.integer("at: each step", t, low=1) for t in _validate.items("at", at)]
    n = max(at)
    e = effective_steps(alpha, beta, angle_deg=angle_deg, steps=n)
    points = run(optimizers.RMSprop(alpha, beta), "rmsprop", angle_deg, steps=n).path.points
    edge = 2.0 / bowl(angle_deg=angle_deg).eigenvalues[1]
    lines = [f"RMSprop alpha = {alpha:g}, beta = {beta:g}, valley at {angle_deg:g}°: effective step "
             f"alpha / (sqrt(S) + eps) of each coordinate, and the point",
             f"{'step':>5}  {'w1 step':>8}  {'w2 step':>8}  {'w1/w2':>6}  {'|w1|':>8}  {'|w2|':>8}"]
    for t in at:
        w = np.abs(points[t])
        lines.append(f"{t:5d}  {e[t - 1, 0]:8.3g}  {e[t - 1, 1]:8.3g}  {e[t - 1, 0] / e[t - 1, 1]:6.2g}  "
                     f"{w[0]:8.2g}  {w[1]:8.2g}")
    over = np.flatnonzero(e[:, 1] > e[:, 0])
    above = np.flatnonzero(e[:, 1] > edge)
    first_over = f"first exceeds w1's at step {over[0] + 1}" if over.size else "never exceeds w1's"
    first_above = f"first at step {above[0] + 1}" if above.size else "never"
    lines.append(f"w2's effective step {first_over}; exceeds 2 / lambda_max = {edge:g} {first_above}")
    return "\n".join(lines)


# -- the largest stable alpha ------------------------------------------------------------------------
def _stable(make, alpha: float, angle_deg: float, steps: int) -> bool:
    r = run(make(alpha), "probe", angle_deg, steps=steps)
    costs = r.path.costs
    return r.path.diverged_at is None and bool(np.max(costs[1:]) <= costs[0])


def _converges(make, alpha: float, angle_deg: float, steps: int) -> bool:
    return run(make(alpha), "probe", angle_deg, steps=steps).steps_to_tol is not None


@dataclass(frozen=True)
class StableAlpha:
    """The bisection's bracket: ``stable`` passed, ``unstable`` failed; ``alpha`` is the stable end."""

    stable: float
    unstable: float

    @property
    def alpha(self) -> float:
        return self.stable


def largest_stable_alpha(kind: str, *, angle_deg: float = 0.0, beta: float = 0.9, epsilon: float = 1e-8,
                         low: float = 1e-3, high: float = 100.0, iterations: int = 20,
                         steps: int = STABLE_STEPS) -> StableAlpha:
    """The largest alpha (by bisection on log alpha) whose run of ``steps`` steps stays bounded: it never
    climbs above its starting cost. ``kind``: "gd" or "rmsprop"."""
    return _bisect(_stable, "stays bounded", kind, angle_deg, beta, epsilon, low, high, iterations, steps)


def largest_converging_alpha(kind: str, *, angle_deg: float = 0.0, beta: float = 0.9, epsilon: float = 1e-8,
                             low: float = 0.05, high: float = 1.0, iterations: int = 20,
                             steps: int = STEPS) -> StableAlpha:
    """The largest alpha (by bisection on log alpha) whose run of ``steps`` steps converges: J <= 1e-3 J0
    from some step to the end of the run (``Run.steps_to_tol``). ``kind``: "gd" or "rmsprop"."""
    return _bisect(_converges, "converges", kind, angle_deg, beta, epsilon, low, high, iterations, steps)


def _bisect(ok, what: str, kind, angle_deg, beta, epsilon, low, high, iterations, steps) -> StableAlpha:
    _validate.choice("kind", kind, ("gd", "rmsprop"))
    _validate.real("angle_deg", angle_deg)
    beta, epsilon = check_beta(beta), optimizers.check_epsilon(epsilon)
    low = _validate.real("low", low, low=0.0, low_open=True)
    high = _validate.real("high", high, low=0.0, low_open=True)
    if high <= low:
        raise ValueError(f"high must be above low = {low!r}, got {high!r}")
    iterations = _validate.integer("iterations", iterations, low=1)
    steps = _validate.integer("steps", steps, low=1)
    if kind == "gd":
        def make(a):
            return optimizers.GradientDescent(a)
    else:
        def make(a):
            return optimizers.RMSprop(a, beta, epsilon)
    if not ok(make, low, angle_deg, steps) or ok(make, high, angle_deg, steps):
        raise ValueError(f"the bracket [{low}, {high}] does not contain the alpha where {kind} stops: {what}")
    lo, hi = float(low), float(high)
    for _ in range(iterations):
        mid = float(np.sqrt(lo * hi))
        if ok(make, mid, angle_deg, steps):
            lo = mid
        else:
            hi = mid
    return StableAlpha(lo, hi)


def _bounce_cost(alpha: float) -> float:
    """J / J0 where constant-alpha RMSprop ends on the axis-aligned bowl: each coordinate bouncing between
    +-alpha / 2, J = (lambda_1 + lambda_2) / 2 * (alpha / 2)**2."""
    q = bowl()
    return float(sum(q.eigenvalues) / 2 * (alpha / 2) ** 2 / q.cost(rotated_start(0.0)))


def format_stable_alphas(beta: float = 0.9) -> str:
    """On the axis-aligned bowl, for both optimizers: the largest alpha whose run stays bounded and the
    largest whose run converges, with 2 / lambda_max and RMSprop's bounce for reference."""
    beta = check_beta(beta)
    lam = bowl().eigenvalues[1]
    rows = [(name, largest_stable_alpha(kind, beta=beta), largest_converging_alpha(kind, beta=beta))
            for name, kind in (("gradient descent", "gd"), (f"RMSprop (beta = {beta:g})", "rmsprop"))]
    edge = float(np.sqrt(TOL_FRACTION / _bounce_cost(1.0)))
    return "\n".join([
        "largest alpha (bisection on log alpha) whose run",
        f"  stays bounded: never climbs above its starting cost in {STABLE_STEPS} steps",
        f"  converges:     J <= {TOL_FRACTION:g} J0 from some step to the end of a {STEPS}-step run",
        f"{'':24}  {'bounded':>7}  {'converges':>9}",
        *(f"{name:<24}  {b.alpha:7.3g}  {c.alpha:9.3g}" for name, b, c in rows),
        f"gradient descent's theory: 2 / lambda_max = {2 / lam:.3g} for both",
        f"RMSprop's theory for converges: it ends bouncing +-alpha/2 in each coordinate, J = "
        f"{_bounce_cost(1.0):.3g} alpha^2 J0 <= {TOL_FRACTION:g} J0 for alpha <= {edge:.3g}",
    ])


@dataclass(frozen=True)
class BounceRow:
    """One constant-alpha RMSprop run: where it first dips below the tolerance, from where it stays below
    (None: never), and where it is at the end."""

    alpha: float
    angle_deg: float
    first_below: int | None
    converged: int | None
    final_cost: float           # J / J0 at the last step
    final_w: tuple[float, float]  # |w1|, |w2| at the last step (the minimum is 0)
    steps: int                  # the run's length


def bounce_table(alphas: Sequence[float] = (0.1, 0.15, 0.16, 0.3, 1.0), angle_deg: float = 0.0, beta: float = 0.9,
                 steps: int = 400) -> list[BounceRow]:
    """Constant-alpha RMSprop runs of ``steps`` steps on the bowl turned by ``angle_deg``, one per alpha."""
    alphas = [_validate.real("alphas", a, low=0.0, low_open=True) for a in _validate.items("alphas", alphas)]
    angle_deg, beta = _validate.real("angle_deg", angle_deg), check_beta(beta)
    steps = _validate.integer("steps", steps, low=1)
    rows = []
    for a in alphas:
        r = run(optimizers.RMSprop(a, beta), "rmsprop", angle_deg, steps=steps)
        w = np.abs(r.path.points[-1] - bowl(angle_deg=angle_deg).center)
        rows.append(BounceRow(a, angle_deg, r.first_below_tol, r.steps_to_tol, r.final_ratio,
                              (float(w[0]), float(w[1])), steps))
    return rows


def format_bounce_table(rows: Sequence[BounceRow]) -> str:
    rows = _validate.items("rows", rows)
    for r in rows:
        _validate.instance("rows", r, BounceRow, "a list of BounceRow (from bounce_table)")
    lines = [f"constant-alpha RMSprop (beta = 0.9) on the bowl: first step with J <= {TOL_FRACTION:g} J0, the step "
             f"from which it stays there (never: it climbs back out), and where the run ends (step {rows[-1].steps})",
             f"{'alpha':>6}  {'angle':>5}  {'first dip':>9}  {'converged':>9}  {'final J / J0':>12}  "
             f"{'final |w1|':>10}  {'|w2|':>6}  {'alpha / 2':>9}"]
    for r in rows:
        first = "never" if r.first_below is None else str(r.first_below)
        conv = "never" if r.converged is None else str(r.converged)
        lines.append(f"{r.alpha:6.3g}  {r.angle_deg:4g}°  {first:>9}  {conv:>9}  {r.final_cost:12.2g}  "
                     f"{r.final_w[0]:10.2g}  {r.final_w[1]:6.2g}  {r.alpha / 2:9.3g}")
    return "\n".join(lines)


# -- rotation --------------------------------------------------------------------------------------
#: the alphas searched for each optimizer's fewest steps in ``rotation_table``
ALPHA_GRID = tuple(float(a) for a in np.geomspace(0.01, 1.0, 21))


@dataclass(frozen=True)
class RotationRow:
    angle_deg: float
    gd_steps: int           # fewest steps until J stays <= 1e-3 J0 over ALPHA_GRID
    gd_alpha: float         # ... at this alpha
    rmsprop_steps: int
    rmsprop_alpha: float
    step_ratio: float       # effective step of w1 / effective step of w2 at step 10 (alpha = 0.1)
    gd_stable: float        # largest bounded alphas (largest_stable_alpha)
    rmsprop_stable: float

    @property
    def advantage(self) -> float:
        """How many times fewer steps RMSprop needs than gradient descent (each at its best alpha)."""
        return self.gd_steps / self.rmsprop_steps


def _fewest_steps(make, angle_deg: float, steps: int) -> tuple[int, float]:
    best = (steps + 1, float("nan"))
    for a in ALPHA_GRID:
        n = run(make(a), "probe", angle_deg, steps=steps).steps_to_tol
        if n is not None and n < best[0]:
            best = (n, a)
    if best[0] > steps:
        raise RuntimeError(f"no alpha of ALPHA_GRID converges within {steps} steps at {angle_deg} degrees")
    return best


def rotation_table(angles: Sequence[float] = (0, 15, 30, 45), beta: float = 0.9, steps: int = 400) -> list[RotationRow]:
    """Per angle: each optimizer's fewest steps until J stays <= 1e-3 J0 over ``ALPHA_GRID``, the ratio of the
    two coordinates' effective steps at step 10, and each one's largest bounded alpha."""
    angles = [_validate.real("angles", a) for a in _validate.items("angles", angles)]
    beta = check_beta(beta)
    steps = _validate.integer("steps", steps, low=1)
    rows = []
    for a in angles:
        gd = _fewest_steps(optimizers.GradientDescent, a, steps)
        rms = _fewest_steps(lambda alpha: optimizers.RMSprop(alpha, beta), a, steps)
        e = effective_steps(0.1, beta, angle_deg=a, steps=10)[-1]
        rows.append(RotationRow(float(a), *gd, *rms, float(e[0] / e[1]), largest_stable_alpha("gd", angle_deg=a).alpha,
                                largest_stable_alpha("rmsprop", angle_deg=a, beta=beta).alpha))
    return rows


def format_rotation_table(rows: Sequence[RotationRow]) -> str:
    rows = _validate.items("rows", rows)
    for r in rows:
        _validate.instance("rows", r, RotationRow, "a list of RotationRow (from rotation_table)")
    lines = [f"the bowl turned by the angle, the start turned with it; fewest steps until J stays <= "
             f"{TOL_FRACTION:g} J0 over {len(ALPHA_GRID)} alphas from {ALPHA_GRID[0]:g} to {ALPHA_GRID[-1]:g} "
             "(at that alpha);",
             "w1/w2 step: alpha / (sqrt(S) + eps) of w1 over that of w2 at step 10 (alpha = 0.1); "
             "bounded alpha: largest_stable_alpha",
             f"{'angle':>5}  {'GD steps':>14}  {'RMSprop steps':>14}  {'GD / RMSprop':>12}  {'w1/w2 step':>10}  "
             f"{'bounded alpha: GD':>17}  {'RMSprop':>7}"]
    for r in rows:
        lines.append(f"{r.angle_deg:4g}°  {f'{r.gd_steps} ({r.gd_alpha:.2g})':>14}  "
                     f"{f'{r.rmsprop_steps} ({r.rmsprop_alpha:.2g})':>14}  {r.advantage:12.2g}  {r.step_ratio:10.2g}  "
                     f"{r.gd_stable:17.3g}  {r.rmsprop_stable:7.3g}")
    return "\n".join(lines)


# -- epsilon ---------------------------------------------------------------------------------------
def first_steps(gradients: Sequence[float], *, beta: float = 0.9, epsilon: float = 1e-8,
                steps: int = 1) -> dict[str, np.ndarray]:
    """|step| / alpha of step ``steps`` (from S = 0, the same gradient g every step) for each g and each
    place of epsilon: {"g", "outside", "inside", "none"} (NaN where the notes divide 0 by 0)."""
    g = _validate.array("gradients", gradients, ndim=1).astype(float)
    steps = _validate.integer("steps", steps, low=1)
    out = {"g": g}
    for place in EPSILON_PLACES:
        opt = RMSpropVariant(1.0, beta, epsilon, place=place)
        W = np.zeros_like(g)
        with np.errstate(all="ignore"):
            for _ in range(steps):
                before = W.copy()
                opt.step([W], [g])
        out[place] = np.abs(W - before)
    return out


def format_first_steps(gradients: Sequence[float] = (1.0, 1e-2, 1e-4, 1e-6, 0.0), *, beta: float = 0.9,
                       epsilon: float = 1e-8) -> str:
    beta, epsilon = check_beta(beta), optimizers.check_epsilon(epsilon)
    lines = [f"|first step| / alpha from S = 0, beta = {beta:g}, epsilon = {epsilon:g}",
             f"{'gradient':>9}  {'sqrt(S) + eps':>13}  {'sqrt(S + eps)':>13}  {'sqrt(S), the notes':>18}"]
    s = first_steps(gradients, beta=beta, epsilon=epsilon)
    for i, g in enumerate(s["g"]):
        cells = ["NaN (0/0)" if np.isnan(s[p][i]) else f"{s[p][i]:.3g}" for p in EPSILON_PLACES]
        lines.append(f"{g:9.3g}  {cells[0]:>13}  {cells[1]:>13}  {cells[2]:>18}")
    return "\n".join(lines)


def zero_gradient_start(alpha: float = 0.1, beta: float = 0.9, steps: int = 200) -> dict[str, Run]:
    """From (-10, 0) on the axis-aligned bowl dJ/dw2 = 0 at the start, so S_w2 = 0: each place of epsilon."""
    optimizers.check_alpha(alpha)
    check_beta(beta)
    steps = _validate.integer("steps", steps, low=1)
    return {place: run(RMSpropVariant(alpha, beta, place=place), place, steps=steps, start=(-10.0, 0.0))
            for place in EPSILON_PLACES}


def format_zero_gradient_start(alpha: float = 0.1, beta: float = 0.9) -> str:
    runs = zero_gradient_start(alpha, beta)
    names = {"outside": "sqrt(S) + eps (the lecture)", "inside": "sqrt(S + eps)", "none": "sqrt(S) (the notes)"}
    lines = [f"start (-10, 0): dJ/dw2 = 0 there; alpha = {alpha:g}, beta = {beta:g}, epsilon = 1e-8",
             f"{'denominator':<27}  {'w after step 1':>18}  {'steps to tol':>12}  diverged"]
    q = bowl()
    for place, r in runs.items():
        w = np.array(r.path.points[0])          # the first step itself (the path blanks a non-finite point whole)
        with np.errstate(all="ignore"):
            RMSpropVariant(alpha, beta, place=place).step([w], [q.gradient(w)])
        wt = "(" + ", ".join("NaN" if np.isnan(x) else f"{x:.3g}" for x in w) + ")"
        d = "no" if r.path.diverged_at is None else diverged_text(r.path.diverged_at)
        lines.append(f"{names[place]:<27}  {wt:>18}  {r.steps_to_tol!s:>12}  {d}")
    return "\n".join(lines)


def large_epsilon(epsilon: float = 1e4, alpha_gd: float = 0.1, steps: int = 200) -> float:
    """max |RMSprop path - GD path| / 10 (the start's size), RMSprop at alpha = epsilon * alpha_gd.

    NaN when either run diverges (``large_epsilon_runs`` says which, and where)."""
    g, r = large_epsilon_runs(epsilon, alpha_gd, steps)
    if g.diverged_at is not None or r.diverged_at is not None:
        return float("nan")
    return float(np.max(np.abs(r.path.points - g.path.points))) / 10.0


def large_epsilon_runs(epsilon: float = 1e4, alpha_gd: float = 0.1, steps: int = 200) -> tuple[Run, Run]:
    """(gradient descent at ``alpha_gd``, RMSprop at alpha = epsilon * alpha_gd with that epsilon)."""
    epsilon = optimizers.check_epsilon(epsilon)
    alpha_gd = _validate.real("alpha_gd", alpha_gd, low=0.0, low_open=True)
    steps = _validate.integer("steps", steps, low=1)
    return (run(optimizers.GradientDescent(alpha_gd), "gd", steps=steps),
            run(optimizers.RMSprop(alpha_gd * epsilon, 0.9, epsilon), "rmsprop", steps=steps))


def format_large_epsilon(epsilons: Sequence[float] = (1.0, 1e2, 1e4, 1e6), alpha_gd: float = 0.1) -> str:
    epsilons = [_validate.real("epsilons", e, low=0.0, low_open=True) for e in _validate.items("epsilons", epsilons)]
    alpha_gd = _validate.real("alpha_gd", alpha_gd, low=0.0, low_open=True)
    lines = [f"RMSprop at alpha = epsilon * {alpha_gd:g} against gradient descent at alpha = {alpha_gd:g} "
             f"(200 steps; paths compared point by point, relative to the start's distance 10)",
             f"{'epsilon':>8}  {'max |difference| / 10':>21}"]
    for e in epsilons:
        g, r = large_epsilon_runs(e, alpha_gd)
        diverged = [f"{name} {diverged_text(x.diverged_at)}" for name, x in (("GD", g), ("RMSprop", r))
                    if x.diverged_at is not None]
        cell = ", ".join(diverged) if diverged else f"{large_epsilon(e, alpha_gd):21.1e}"
        lines.append(f"{e:8.0e}  {cell:>21}")
    return "\n".join(lines)
