"""Hyperparameter search, measured: the numbers notebook 16 shows and tests.

Response surfaces (scores in [0, 1], 1 = the best setting) on which a search is cheap to run
thousands of times, each a Gaussian bump of width ``SIGMA`` in u (the unit position of each
hyperparameter on its own scale, see ``course2.hyperparameter_search``):

    "only alpha matters"   the score depends on alpha alone; the other hyperparameters do nothing
    "all matter"           every hyperparameter counts as much as alpha

- ``grid_vs_random``: over many seeds (a new optimum and new random trials per seed), the regret
  1 - best score of a grid and of random search with the same budget. A grid of B trials tries
  B ** (1/N) values of each hyperparameter, random search B.
- ``alpha_scale_table``: alpha in [1e-4, 1], sampled uniformly or log-uniformly: where the trials
  land (share per decade) and how often the best trial is within a factor of 2 of the best alpha.
- ``beta_scale_table``: beta in [0.9, 0.999], uniform or 1 - beta log-uniform.
- ``drawing_ways``: five ways students write "log-uniform alpha in [1e-4, 1]", measured.
- ``network_search``: a real search on the course's network (alpha, beta of momentum, lambda,
  hidden units) scored by dev accuracy; ``format_network_search`` prints it. ``format_held_out``: the chosen
  trial on a test set that took no part in the choice, and the best possible accuracy on each set
  (``moons_bayes_accuracy``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .. import _validate, metrics, optimizers, splits, training
from .. import hyperparameter_search as hs
from .tasks import Task, check_task

__all__ = ["ALPHA_RANGE", "BETA_RANGE", "NETWORK_SPACE", "SIGMA", "SURFACES", "GridVsRandom", "NetworkTrial",
           "alpha_scale_table", "beta_scale_table", "drawing_ways", "explorer_space", "format_alpha_scale_table",
           "format_beta_scale_table", "format_drawing_ways", "format_grid_vs_random", "format_network_search",
           "format_held_out", "fresh_examples", "grid_vs_random", "held_out_accuracies", "moons_bayes_accuracy",
           "network_objective", "network_search", "surface_score", "unit_score"]

SURFACES = ("only alpha matters", "all matter")
#: width of the bump in u (each hyperparameter's [0, 1] position on its scale)
SIGMA = 0.1
ALPHA_RANGE = (1e-4, 1.0)
BETA_RANGE = (0.9, 0.999)
#: the explorer's surface: the best alpha (2e-3) and the best hidden-unit count
BEST_ALPHA = 2e-3
BEST_UNITS = 40.0
UNITS_RANGE = (10.0, 100.0)


def _surface(surface: str) -> str:
    return _validate.choice("surface", surface, SURFACES)


def unit_score(U, centre, surface: str, sigma: float = SIGMA) -> np.ndarray:
    """(T,) scores exp(-sum_j w_j (u_j - centre_j)^2 / (2 sigma^2)) of T points U (T, N) in [0, 1]^N:
    w = (1, 0, ..., 0) if only the first hyperparameter (alpha) matters, (1, ..., 1) if all do."""
    U = _validate.array("U", U, ndim=2)
    centre = _validate.array("centre", centre, ndim=1)
    if centre.size != U.shape[1]:
        raise ValueError(f"centre must have one entry per column of U ({U.shape[1]}), got {centre.size}")
    w = np.zeros(U.shape[1])
    w[0] = 1.0
    if _surface(surface) == "all matter":
        w[:] = 1.0
    sigma = _validate.real("sigma", sigma, low=0.0, low_open=True)
    return np.exp(-((U - centre) ** 2 @ w) / (2 * sigma ** 2))


# -- the explorer's surface: alpha and hidden units --------------------------------------------------------------
def explorer_space(scale: str = "log") -> tuple[hs.Hyperparameter, hs.Hyperparameter]:
    """alpha in [1e-4, 1] on ``scale`` ("linear" or "log") and hidden units in [10, 100] (linear)."""
    _validate.choice("scale", scale, ("linear", "log"))
    return (hs.Hyperparameter("alpha", *ALPHA_RANGE, scale), hs.Hyperparameter("hidden units", *UNITS_RANGE))


_LOG_ALPHA = hs.Hyperparameter("alpha", *ALPHA_RANGE, "log")
_UNITS = hs.Hyperparameter("hidden units", *UNITS_RANGE)
_CENTRE = np.array([float(_LOG_ALPHA.to_unit(BEST_ALPHA)), float(_UNITS.to_unit(BEST_UNITS))])


def surface_score(alpha, units, surface: str) -> np.ndarray:
    """The explorer's score of (alpha, hidden units): a bump at alpha = 2e-3 (width 0.4 decades) and, when
    all matter, at 40 units (width 9 units). The surface is the same whatever scale the search samples on."""
    alpha = _validate.array("alpha", alpha, nonempty=False)
    units = _validate.array("units", units, nonempty=False)
    if np.any((alpha < ALPHA_RANGE[0]) | (alpha > ALPHA_RANGE[1])):
        raise ValueError(f"alpha must be in [{ALPHA_RANGE[0]:g}, {ALPHA_RANGE[1]:g}], got values from {alpha.min()!r} "
                         f"to {alpha.max()!r}")
    if np.any((units < UNITS_RANGE[0]) | (units > UNITS_RANGE[1])):
        raise ValueError(f"units must be in [{UNITS_RANGE[0]:g}, {UNITS_RANGE[1]:g}], got values from "
                         f"{units.min()!r} to {units.max()!r}")
    a = _LOG_ALPHA.to_unit(alpha)
    h = _UNITS.to_unit(units)
    a, h = np.broadcast_arrays(a, h)
    U = np.stack([np.ravel(a), np.ravel(h)], axis=1)
    return unit_score(U, _CENTRE, surface).reshape(a.shape)


# -- grid against random, over many seeds ----------------------------------------------------------------------
@dataclass(frozen=True)
class GridVsRandom:
    surface: str
    n: int                       # hyperparameters
    budget: int
    grid_values: int             # distinct values per hyperparameter on the grid: floor(budget ** (1/n))
    grid_regret: np.ndarray      # (seeds,) 1 - best score
    random_regret: np.ndarray

    @property
    def grid_trials(self) -> int:
        return self.grid_values ** self.n

    @property
    def random_wins(self) -> float:
        """Share of seeds where random search ends closer to the best than the grid."""
        return float(np.mean(self.random_regret < self.grid_regret))

    @property
    def grid_median(self) -> float:
        return float(np.median(self.grid_regret))

    @property
    def random_median(self) -> float:
        return float(np.median(self.random_regret))


def grid_vs_random(surface: str, n: int, budget: int, *, seeds: int = 1000, seed: int) -> GridVsRandom:
    """``seeds`` searches, each with its own optimum uniform in [0.1, 0.9]^n (the same optima for every budget
    and surface: ``default_rng([seed, 0])``) and its own ``budget`` random trials; the grid is the same every
    time. Regret = 1 - best score (``unit_score``, the best trial is the one nearest the optimum)."""
    _surface(surface)
    n = _validate.integer("n", n, low=1, high=6)
    budget = _validate.integer("budget", budget, low=1, high=10_000)
    seeds = _validate.integer("seeds", seeds, low=1)
    seed = _validate.integer("seed", seed, low=0)
    k = hs.grid_size(budget, n)
    G = hs.grid_unit_points(k, n)
    centres = 0.1 + 0.8 * np.random.default_rng([seed, 0]).random((seeds, n))
    R = np.random.default_rng([seed, 1, n, budget]).random((seeds, budget, n))
    w = np.ones(n) if surface == "all matter" else np.eye(n)[0]
    g = 1.0 - np.exp(-(((G[None] - centres[:, None]) ** 2) @ w).min(axis=1) / (2 * SIGMA ** 2))
    r = 1.0 - np.exp(-(((R - centres[:, None]) ** 2) @ w).min(axis=1) / (2 * SIGMA ** 2))
    return GridVsRandom(surface, n, budget, k, g, r)


def format_grid_vs_random(rows: Sequence[GridVsRandom]) -> str:
    rows = _validate.items("rows", rows)
    for r in rows:
        _validate.instance("rows", r, GridVsRandom, "a list of GridVsRandom (from grid_vs_random)")
    lines = [f"regret = 1 - best score (0 = found the best), median over {rows[0].grid_regret.size} searches, "
             f"each with a new optimum",
             f"{'surface':<18}  {'N':>1}  {'budget':>6}  {'grid: values each':>17}  {'regret':>6}  "
             f"{'random: values each':>19}  {'regret':>6}  {'random closer':>13}"]
    for r in rows:
        lines.append(f"{r.surface:<18}  {r.n:>1}  {r.budget:>6}  {f'{r.grid_values} ({r.grid_trials} trials)':>17}  "
                     f"{r.grid_median:6.3f}  {r.budget:>19}  {r.random_median:6.3f}  {r.random_wins:13.0%}")
    return "\n".join(lines)


# -- linear or log scale for alpha --------------------------------------------------------------------------------
DECADES = ((1e-4, 1e-3), (1e-3, 1e-2), (1e-2, 1e-1), (1e-1, 1.0))


def _decade_shares(alpha: np.ndarray) -> list[float]:
    shares = [float(np.mean((alpha >= lo) & (alpha < hi))) for lo, hi in DECADES[:-1]]
    shares.append(float(np.mean((alpha >= DECADES[-1][0]) & (alpha <= 1.0))))
    return shares


def alpha_scale_table(budget: int = 20, best_alphas: Sequence[float] = (1e-3, 1e-2, 1e-1), *, searches: int = 1000,
                      seed: int) -> dict[str, dict]:
    """scale -> {"shares": share of all trials per decade of [1e-4, 1], "found": {best alpha: share of
    ``searches`` random searches of ``budget`` trials whose best trial is within a factor of 2 of it}}.

    The score falls with |log10 alpha - log10 best| (a bump of 0.4 decades), so the best trial is the
    one closest to the best alpha on a log scale."""
    budget = _validate.integer("budget", budget, low=1)
    searches = _validate.integer("searches", searches, low=1)
    seed = _validate.integer("seed", seed, low=0)
    best = [_validate.real("best alpha", b, low=ALPHA_RANGE[0], high=ALPHA_RANGE[1])
            for b in _validate.items("best_alphas", best_alphas)]
    out = {}
    for i, scale in enumerate(("linear", "log")):
        draw = hs.uniform if scale == "linear" else hs.log_uniform
        alpha = draw(*ALPHA_RANGE, budget * searches, rng=np.random.default_rng([seed, i])).reshape(searches, budget)
        found = {}
        for b in best:
            closest = alpha[np.arange(searches), np.argmin(np.abs(np.log10(alpha / b)), axis=1)]
            found[b] = float(np.mean(np.abs(np.log10(closest / b)) <= np.log10(2.0)))
        out[scale] = {"shares": _decade_shares(alpha.ravel()), "found": found, "budget": budget,
                      "searches": searches}
    return out


def format_alpha_scale_table(table: dict) -> str:
    if not isinstance(table, dict) or set(table) != {"linear", "log"}:
        raise TypeError(f"table must be the dict alpha_scale_table returns, got {type(table).__name__}")
    best = list(table["log"]["found"])
    b, n = table["log"]["budget"], table["log"]["searches"]
    head = "  ".join(f"{f'[{lo:g}, {hi:g})':>12}" for lo, hi in DECADES)
    found = "  ".join(f"{f'{x:g}':>7}" for x in best)
    lines = [f"alpha in [1e-4, 1]: share of the trials per decade; share of {n} searches of {b} trials whose best "
             f"trial is within x2 of the best alpha",
             f"{'scale':<7}  {head}  | best alpha = {found}"]
    for scale in ("linear", "log"):
        t = table[scale]
        shares = "  ".join(f"{s:12.1%}" for s in t["shares"])
        f = "  ".join(f"{t['found'][x]:7.0%}" for x in best)
        lines.append(f"{scale:<7}  {shares}  | {'':>13}{f}")
    return "\n".join(lines)


# -- beta: uniform or 1 - beta on a log scale --------------------------------------------------------------------
def beta_scale_table(draws: int = 100_000, *, seed: int) -> dict[str, dict]:
    """way -> {"below 0.99": share, "window": mean of 1 / (1 - beta)} for beta in [0.9, 0.999] drawn
    "uniform" or "1 - beta log-uniform", with the exact shares for comparison."""
    draws = _validate.integer("draws", draws, low=1)
    seed = _validate.integer("seed", seed, low=0)
    lo, hi = BETA_RANGE
    u = hs.uniform(lo, hi, draws, rng=np.random.default_rng([seed, 0]))
    g = hs.one_minus_log_uniform(lo, hi, draws, rng=np.random.default_rng([seed, 1]))
    exact_u = (0.99 - lo) / (hi - lo)
    exact_g = (np.log10(1 - lo) - np.log10(1 - 0.99)) / (np.log10(1 - lo) - np.log10(1 - hi))
    return {"uniform": {"below 0.99": float(np.mean(u < 0.99)), "exact": float(exact_u),
                        "median window": float(np.median(1 / (1 - u)))},
            "1 - beta log-uniform": {"below 0.99": float(np.mean(g < 0.99)), "exact": float(exact_g),
                                     "median window": float(np.median(1 / (1 - g)))},
            "draws": draws}


def format_beta_scale_table(table: dict) -> str:
    if not isinstance(table, dict) or "uniform" not in table:
        raise TypeError(f"table must be the dict beta_scale_table returns, got {type(table).__name__}")
    lines = [f"beta in [0.9, 0.999], {table['draws']:,} draws; window = 1 / (1 - beta), the steps an average "
             f"spans (10 ... 1000)",
             f"{'drawn as':<21}  {'below 0.99':>10}  {'(exact)':>7}  {'in [0.99, 0.999]':>16}  {'median window':>13}"]
    for way in ("uniform", "1 - beta log-uniform"):
        t = table[way]
        lines.append(f"{way:<21}  {t['below 0.99']:10.1%}  {t['exact']:7.1%}  {1 - t['below 0.99']:16.1%}  "
                     f"{t['median window']:13.0f}")
    return "\n".join(lines)


# -- ways of writing "log-uniform alpha in [1e-4, 1]" ------------------------------------------------------------
_WAYS: dict[str, Callable] = {
    "10 ** rng.uniform(-4, 0)": lambda rng, n: 10.0 ** rng.uniform(-4, 0, n),
    "np.exp(rng.uniform(np.log(1e-4), 0))": lambda rng, n: np.exp(rng.uniform(np.log(1e-4), 0, n)),
    "10 ** rng.uniform(-4, -1)": lambda rng, n: 10.0 ** rng.uniform(-4, -1, n),
    "10 ** rng.uniform(np.log(1e-4), 0)": lambda rng, n: 10.0 ** rng.uniform(np.log(1e-4), 0, n),
    "rng.uniform(1e-4, 1)": lambda rng, n: rng.uniform(1e-4, 1, n),
}


def drawing_ways(draws: int = 100_000, *, seed: int) -> dict[str, dict]:
    """code -> {"low", "high": the ends it can produce, "shares": per decade of [1e-4, 1], "outside": share
    outside [1e-4, 1]} for five ways of drawing alpha (the first two are right)."""
    draws = _validate.integer("draws", draws, low=1)
    seed = _validate.integer("seed", seed, low=0)
    ends = {"10 ** rng.uniform(-4, 0)": (1e-4, 1.0), "np.exp(rng.uniform(np.log(1e-4), 0))": (1e-4, 1.0),
            "10 ** rng.uniform(-4, -1)": (1e-4, 0.1), "10 ** rng.uniform(np.log(1e-4), 0)": (10 ** np.log(1e-4), 1.0),
            "rng.uniform(1e-4, 1)": (1e-4, 1.0)}
    out = {}
    for i, (code, draw) in enumerate(_WAYS.items()):
        a = draw(np.random.default_rng([seed, i]), draws)
        out[code] = {"low": float(ends[code][0]), "high": float(ends[code][1]), "shares": _decade_shares(a),
                     "outside": float(np.mean((a < 1e-4) | (a > 1.0)))}
    return out


def format_drawing_ways(ways: dict) -> str:
    if not isinstance(ways, dict) or not ways:
        raise TypeError(f"ways must be the dict drawing_ways returns, got {type(ways).__name__}")
    head = "  ".join(f"{f'[{lo:g}, {hi:g})':>12}" for lo, hi in DECADES)
    lines = ["alpha meant log-uniform in [1e-4, 1]: a quarter of the draws in each decade",
             f"{'code':<38}  {'range':>15}  {head}  {'outside':>7}"]
    for code, w in ways.items():
        rng_text = f"{w['low']:.2g} ... {w['high']:.2g}"
        shares = "  ".join(f"{s:12.0%}" for s in w["shares"])
        lines.append(f"{code:<38}  {rng_text:>15}  {shares}  {w['outside']:7.0%}")
    return "\n".join(lines)


# -- a real search on the course's network -----------------------------------------------------------------------
NETWORK_SPACE = (hs.Hyperparameter("alpha", 1e-3, 1.0, "log"),
                 hs.Hyperparameter("beta", 0.9, 0.999, "one_minus_log"),
                 hs.Hyperparameter("lambd", 1e-3, 10.0, "log"),
                 hs.Hyperparameter("hidden units", 3, 40, "log", integer=True))


@dataclass(frozen=True)
class NetworkTrial:
    """One trained network of a search: its dev accuracy is the score (NaN if it diverged or was stopped)."""

    values: dict
    train_accuracy: float
    dev_accuracy: float
    diverged_at: int | None
    stopped: bool
    m_dev: int

    @property
    def score(self) -> float:
        return float("nan") if self.diverged_at is not None or self.stopped else self.dev_accuracy

    @property
    def dev_halfwidth(self) -> float:
        """The 95% half-width of the dev error (``course2.splits.error_confidence_halfwidth``)."""
        return splits.error_confidence_halfwidth(1.0 - self.dev_accuracy, self.m_dev)


def network_objective(task: Task, *, seed: int, num_iterations: int = 300,
                      stop: Callable[[], bool] | None = None) -> Callable[[dict], NetworkTrial]:
    """values -> ``NetworkTrial``: a [2, h, h, 1] tanh network (h = values["hidden units"], initial weights from
    ``seed``) trained full batch with momentum (alpha, beta) and L2 (lambd) for ``num_iterations``.
    ``stop()`` is asked after every iteration: True abandons the run (the trial is marked stopped)."""
    task = check_task(task)
    seed = _validate.integer("seed", seed, low=0)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    if stop is not None:
        _validate.function("stop", stop)
    callbacks = () if stop is None else (lambda step: bool(stop()),)

    def objective(values: dict) -> NetworkTrial:
        _, history = _fit(task, values, seed, num_iterations, callbacks)
        acc = (history.train_accuracy[-1], history.dev_accuracy[-1]) if history.dev_accuracy else (np.nan, np.nan)
        return NetworkTrial(dict(values), float(acc[0]), float(acc[1]), history.diverged_at,
                            history.status == "stopped", task.X_dev.shape[1])

    return objective


def _fit(task: Task, values: dict, seed: int, num_iterations: int, callbacks=()):
    h = int(values["hidden units"])
    net = task.with_layers((task.layer_sizes[0], h, h, 1)).network(seed)
    with np.errstate(all="ignore"):
        history = training.train(net, task.X_train, task.Y_train,
                                 optimizer=optimizers.Momentum(values["alpha"], values["beta"]),
                                 num_iterations=num_iterations, lambd=values["lambd"],
                                 X_dev=task.X_dev, Y_dev=task.Y_dev, eval_every=num_iterations,
                                 callbacks=callbacks)
    return net, history


def network_search(task: Task, budget: int, *, seed: int, method: str = "random", rounds: int = 1,
                   num_iterations: int = 300, space=NETWORK_SPACE,
                   stop: Callable[[], bool] | None = None) -> hs.SearchResult:
    """A search over ``space`` (alpha, beta, lambd, hidden units) scored by dev accuracy; ``seed`` fixes the
    trials and every network's initial weights."""
    seed = _validate.integer("seed", seed, low=0)
    objective = network_objective(task, seed=seed, num_iterations=num_iterations, stop=stop)
    return hs.search(space, objective, budget, method=method, rng=np.random.default_rng([seed, 16]), rounds=rounds,
                     stop=stop)


def _trial_text(t: NetworkTrial) -> str:
    if t.diverged_at is not None:
        return training.diverged_text(t.diverged_at)
    if t.stopped:
        return "stopped"
    return f"{t.dev_accuracy:.0%} ± {t.dev_halfwidth:.0%}"


def format_network_search(result: hs.SearchResult) -> str:
    _validate.instance("result", result, hs.SearchResult, "a SearchResult (from network_search)")
    lines = [f"{len(result.trials)} trials; dev accuracy ± the 95% half-width of the dev set",
             f"{'#':>2}  {'alpha':>7}  {'beta':>6}  {'lambd':>7}  {'units':>5}  {'train':>5}  {'dev':>22}"]
    for t in result.trials:
        r = t.result
        v = r.values
        train = "" if r.diverged_at is not None or r.stopped else f"{r.train_accuracy:.0%}"
        lines.append(f"{t.index + 1:>2}  {v['alpha']:7.2g}  {v['beta']:6.4g}  {v['lambd']:7.2g}  "
                     f"{int(v['hidden units']):>5}  {train:>5}  {_trial_text(r):>22}")
    best = result.best
    lines.append("best: none (every run diverged or was stopped)" if best is None else
                 f"best: #{best.index + 1}, dev accuracy {_trial_text(best.result)}")
    return "\n".join(lines)


# -- the chosen trial on a test set, and the best any classifier can do ------------------------------------------
#: tasks.overfitting_task's coordinate noise (the moons of notebooks 03-05 and of the real search)
MOONS_NOISE = 0.3


def moons_bayes_accuracy(X, Y, *, noise: float = MOONS_NOISE) -> float:
    """Accuracy on (X, Y) of the best possible classifier of ``data.moons`` with coordinate noise ``noise``: it knows
    both half circles and predicts the class whose curve, blurred by N(0, noise^2), is the more likely at x
    (integrated over 2,001 points of each curve). Flipping a share of the labels at random does not change it."""
    X, Y = _validate.xy(X, Y)
    noise = _validate.real("noise", noise, low=0.0, low_open=True)
    if X.shape[0] != 2:
        raise ValueError(f"X must have 2 rows (points in the plane), got {X.shape[0]}")
    t = np.linspace(0.0, np.pi, 2001)
    curves = (np.stack([np.cos(t), np.sin(t)]), np.stack([1.0 - np.cos(t), 0.5 - np.sin(t)]))
    like = [np.exp(-((X[:, :, None] - c[:, None, :]) ** 2).sum(axis=0) / (2 * noise ** 2)).mean(axis=1)
            for c in curves]
    return float(np.mean((like[1] > like[0]) == (Y[0] > 0.5)))


def fresh_examples(m: int, *, rng) -> tuple[np.ndarray, np.ndarray]:
    """(X, Y): ``m`` fresh examples from the real search's distribution (``tasks.overfitting_task``'s noisy moons),
    for a test set that takes no part in choosing a trial."""
    from .tasks import overfitting_task
    m = _validate.integer("m", m, low=1)
    t = overfitting_task(m_train=2, m_dev=m, rng=_validate.rng("rng", rng))
    return t.X_dev, t.Y_dev


def held_out_accuracies(task: Task, result: hs.SearchResult, X_test, Y_test, *, seed: int,
                    num_iterations: int = 300) -> list[float]:
    """Every trial of ``result`` (from ``network_search(task, ..., seed=seed, num_iterations=...)``) trained again
    (the same seed: the same network) and scored on (X_test, Y_test); NaN for a diverged or stopped trial."""
    task = check_task(task)
    _validate.instance("result", result, hs.SearchResult, "a SearchResult (from network_search)")
    X_test, Y_test = _validate.xy(X_test, Y_test, x_name="X_test", y_name="Y_test")
    seed = _validate.integer("seed", seed, low=0)
    num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
    out = []
    for t in result.trials:
        if not np.isfinite(t.score):
            out.append(float("nan"))
            continue
        net, _ = _fit(task, t.values, seed, num_iterations)
        out.append(metrics.network_accuracy(net, X_test, Y_test))
    return out


def format_held_out(task: Task, result: hs.SearchResult, X_test, Y_test, *, seed: int,
                    num_iterations: int = 300) -> str:
    """The trial chosen on the dev set, scored on a test set, next to the best possible accuracy on each set."""
    test = held_out_accuracies(task, result, X_test, Y_test, seed=seed, num_iterations=num_iterations)
    best = result.best
    if best is None:
        raise ValueError("result must hold at least one finished trial (every run diverged or was stopped)")
    m_test = X_test.shape[1]
    finished = [t for t in result.trials if np.isfinite(t.score)]
    below = sum(t.result.train_accuracy <= t.result.dev_accuracy for t in finished)
    hw = splits.error_confidence_halfwidth(1 - test[best.index], m_test)
    bayes = [moons_bayes_accuracy(X, Y) for X, Y in ((task.X_train, task.Y_train), (task.X_dev, task.Y_dev),
                                                        (X_test, Y_test))]
    return "\n".join([
        f"chosen on the dev set: #{best.index + 1}, dev {best.result.dev_accuracy:.0%} "
        f"± {best.result.dev_halfwidth:.0%} "
        f"(the largest of {len(finished)} scores on the same {best.result.m_dev} examples)",
        f"the same setting on a test set of {m_test:,} fresh examples (no part in the choice): "
        f"{test[best.index]:.0%} ± {hw:.0%}",
        f"the best possible classifier (knows both moons and their noise {MOONS_NOISE:g}): train {bayes[0]:.0%}, "
        f"dev {bayes[1]:.0%}, test {bayes[2]:.0%}",
        f"trials with train accuracy <= dev accuracy: {below} of {len(finished)}"])
