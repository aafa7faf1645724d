"""Notebook 04: dropout. A keep_prob slider, and a mask inspector for the reseeded-generator bug.

``DropoutExplorer`` retrains the notebook's network (``experiments.overfitting_task``, Adam,
1,000 iterations) with inverted dropout at ``keep_prob`` and shows the decision boundary, the cost
J per iteration (with dropout each iteration's J is computed on a different thinned network, so the
curve is no longer monotone; the curve without dropout is drawn in grey) and train/dev accuracy.

Two toggles turn on the classic bugs (``course2.experiments.dropout.dropout_variant_progressively``):
"reseeded generator" (the masks' generator re-created every iteration, so every iteration drops the
same units: J falls smoothly to ~0 on one fixed thinned network) and "forgot 1/keep_prob" (kept units
not rescaled in training, so at test time, with every unit on and unscaled, the activations are
about 1/keep_prob times too large: the cost without dropout rises). With a bug on, the correct run
at the same keep_prob is drawn in blue next to the spoiled one, and the accuracy panel compares both
and gives each one's cost J on the training set without dropout (what test time computes).

``MaskInspector`` shows the layer-1 dropout mask (units x examples) at iteration t drawn two ways:
a fresh mask from one generator every iteration (right), and a generator re-seeded inside the
loop (the bug: the same mask every iteration), with how often each unit has been kept so far.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from course2 import _validate
from course2.dropout import dropout_masks
from course2.experiments import dropout as drop
from course2.experiments import tasks
from course2.training import diverged_text

from ._fit_views import (
    FitView,
    accuracy_text,
    boundary_artists,
    boundary_row,
    finite_prefix,
    fit_view,
    nearest_first,
    result_text,
    task_boundary,
)
from .explorer import Explorer
from .figures import TEXT, new_figure, pixel_row
from .registry import later, register

__all__ = ["DropoutExplorer", "MaskInspector", "cost_curves_figure", "small_multiples"]

@dataclass
class BugView(FitView):
    """A ``FitView`` of a run with the bug toggles, with the correct run at the same keep_prob beside it
    (None when no bug is on) and both runs' cost on the training set without dropout."""

    def __init__(self, view: FitView, *, test_cost: float = float("nan"), correct: FitView | None = None,
                 correct_test_cost: float = float("nan")):
        self.__dict__.update(vars(view))       # the view's numbers, and whatever it has computed lazily
        self.test_cost = test_cost
        self.correct = correct
        self.correct_test_cost = correct_test_cost


def _bug_names(state: dict) -> list[str]:
    return ([*(["reseeded generator"] if state.get("reseeded") else []),
             *(["no 1/keep_prob"] if state.get("non_inverted") else [])])


KEEP_PROBS = tuple(round(k, 2) for k in np.arange(0.3, 1.0001, 0.05))
MASK_KEEP_PROBS = (0.5, 0.6, 0.7, 0.8, 0.9)


@register("dropout", task=later(tasks.overfitting_task, rng=1), seed=0)
class DropoutExplorer(Explorer):
    """keep_prob (0.3 ... 1.0) -> retrain with inverted dropout and show boundary, cost, accuracy. ``task``: the
    data and layers (notebook 04: ``overfitting_task(rng=1)``); ``seed``: every run's initial weights and dropout
    masks (notebook 04: 0)."""

    #: the pictures of prefetched neighbours are drawn while idle: a key press publishes them at once
    render_ahead = True

    #: a partial picture only when training is slow (a busy machine); the status says "training…" at once
    partial_after = 0.25

    def __init__(self, task: tasks.Task, *, keep_prob: float = 1.0, num_iterations: int = 1000,
                 every: int = 250, seed: int, alpha: float | None = None, reseeded: bool = False,
                 non_inverted: bool = False):
        tasks.check_task(task)
        keep_prob = _validate.option("keep_prob", keep_prob, KEEP_PROBS)
        reseeded = _validate.flag("reseeded", reseeded)
        non_inverted = _validate.flag("non_inverted", non_inverted)
        num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
        every = _validate.integer("every", every, low=1)
        seed = _validate.integer("seed", seed, low=0)
        self.alpha = None if alpha is None else _validate.real("alpha", alpha, low=0.0, low_open=True)
        self.task = task
        self.num_iterations, self.every, self.seed, self.alpha = num_iterations, every, seed, alpha
        self.reference = tasks.fit(self.task, num_iterations=num_iterations, seed=seed, alpha=alpha)   # no dropout
        controls = {"keep_prob": widgets.SelectionSlider(options=[(f"{k:.2f}", k) for k in KEEP_PROBS],
                                                         value=keep_prob, description="keep_prob",
                                                         layout=widgets.Layout(width="520px")),
                    "reseeded": widgets.Checkbox(value=bool(reseeded), indent=False,
                                                 description="bug: generator reseeded every iteration",
                                                 layout=widgets.Layout(width="520px")),    # (300 px: 14 px to spare)
                    "non_inverted": widgets.Checkbox(value=bool(non_inverted), indent=False,
                                                     description="bug: forgot to divide by keep_prob",
                                                     layout=widgets.Layout(width="520px"))}
        super().__init__(controls, main="keep_prob", figsize=(12.5, 4.3), threaded=True)

    def setup(self, figure: Figure) -> None:
        ax_b, ax_c, ax_a = pixel_row(figure, [210, 340, 170], [80, 64], left=12, top=48)
        self.boundary = task_boundary(ax_b, self.task)
        self.ax_b = ax_b
        ref = finite_prefix(self.reference.history.cost)
        it = np.arange(1, ref.size + 1)
        at = self.reference.diverged_at
        ax_c.semilogy(it, ref, color="0.6", lw=1.0,
                      label="keep_prob = 1 (no dropout)" + ("" if at is None else f": {diverged_text(at)}"))
        (self.correct_line,) = ax_c.semilogy([], [], color="#4c72b0", lw=0.8, label="correct dropout, this keep_prob")
        (self.cost_line,) = ax_c.semilogy(it, ref, color="#c44e52", lw=0.8, label="this run")
        ax_c.set_xlim(0, self.num_iterations)
        ax_c.set_ylim(5e-4, 1.5)
        ax_c.set_xlabel("iteration", fontsize=TEXT)
        ax_c.set_ylabel("cost J (log scale)", fontsize=TEXT)
        ax_c.legend(fontsize=TEXT, loc="lower left")
        self.ax_c = ax_c
        self.acc_bars = ax_a.bar([0, 1], [0.5, 0.5], color=["#4c72b0", "#dd8452"])
        self.acc_text = [ax_a.text(i, 0.5, "", ha="center", va="bottom", fontsize=TEXT) for i in (0, 1)]
        (self.correct_acc,) = ax_a.plot([], [], "_", color="k", ms=28, mew=2, label="correct dropout")
        self.cost_text = ax_a.text(0.5, 0.03, "", transform=ax_a.transAxes, ha="center", va="bottom", fontsize=TEXT,
                                   bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"})
        ax_a.set_xticks([0, 1], ["train", "dev"])
        ax_a.set_ylim(0.4, 1.05)
        ax_a.set_ylabel("accuracy", fontsize=TEXT)
        ax_a.set_title("train vs dev\naccuracy", fontsize=TEXT)
        self.ax_a = ax_a

    def prefetch_states(self, state: dict) -> list[dict]:
        """While idle: every other keep_prob with the same toggles, nearest first."""
        return [{**state, "keep_prob": k} for k in nearest_first(KEEP_PROBS, state["keep_prob"])]

    def compute(self, state: dict):
        k = state["keep_prob"]
        if not (state["reseeded"] or state["non_inverted"]):
            for f in tasks.fit_progressively(self.task, every=self.every, keep_prob=k,
                                              callbacks=(self.stop_if_superseded,),
                                              num_iterations=self.num_iterations, seed=self.seed, alpha=self.alpha):
                yield BugView(fit_view(f, self.task, self.boundary), test_cost=f.train_data_cost)
            return
        runs = drop.dropout_variant_progressively(
            self.task, keep_prob=k, seed=self.seed, reseed_every_iteration=state["reseeded"],
            inverted=not state["non_inverted"], num_iterations=self.num_iterations, every=self.every, alpha=self.alpha)
        last = None
        for f in runs:
            last = f
            yield BugView(fit_view(f, self.task, self.boundary), test_cost=f.train_data_cost)
        # the correct run at this keep_prob, beside the spoiled one (cached when it was shown or prefetched)
        correct = self._cache.get(self.key({**state, "reseeded": False, "non_inverted": False}))
        if correct is None:
            *_, f = tasks.fit_progressively(self.task, every=self.num_iterations, keep_prob=k,
                                             num_iterations=self.num_iterations, seed=self.seed, alpha=self.alpha)
            correct = BugView(fit_view(f, self.task, self.boundary), test_cost=f.train_data_cost)
        yield BugView(fit_view(last, self.task, self.boundary), test_cost=last.train_data_cost,
                      correct=correct, correct_test_cost=correct.test_cost)

    def draw(self, result: BugView, state: dict) -> None:
        k = state["keep_prob"]
        cost = finite_prefix(result.cost)       # a diverged run: the curve up to its last finite cost
        self.cost_line.set_data(np.arange(1, cost.size + 1), cost)
        bugs = _bug_names(state)
        c = getattr(result, "correct", None)
        if c is not None:
            cc = finite_prefix(c.cost)
            self.correct_line.set_data(np.arange(1, cc.size + 1), cc)
            self.correct_acc.set_data([0, 1], [c.train_accuracy, c.dev_accuracy])
        else:
            self.correct_line.set_data([], [])
            self.correct_acc.set_data([], [])
        self.cost_text.set_text(self.cost_text_for(result))
        if result.diverged_at is not None or not np.all(np.isfinite(result.P)):
            trouble = (diverged_text(result.diverged_at) if result.diverged_at is not None
                       else f"diverging at iteration {result.iteration}")
            self.boundary.clear()
            self.ax_b.set_title(f"keep_prob = {k:.2f}:\n{trouble}", fontsize=TEXT)
            self.ax_c.set_title(f"cost per iteration:\n{trouble}", fontsize=TEXT)
            for artist in (*self.acc_bars, *self.acc_text):
                artist.set_visible(False)
            return
        for artist in (*self.acc_bars, *self.acc_text):
            artist.set_visible(True)
        self.boundary.set_probabilities(result.P)
        progress = "" if result.iteration >= self.num_iterations else f" (iteration {result.iteration})"
        self.ax_b.set_title(f"keep_prob = {k:.2f}{' + bug' if bugs else ''}{progress}:\n"
                            f"{accuracy_text(result.train_accuracy, result.dev_accuracy)}", fontsize=TEXT)
        rises = drop.cost_rise_fraction(result.cost) if result.cost.size > 1 else 0.0
        self.ax_c.set_title(f"cost per iteration:\nJ rose on {rises:.0%} of the iterations"
                            + (f", last J {cost[-1]:.2g}" if bugs and cost.size else ""), fontsize=TEXT)
        self.ax_a.set_title("accuracy\n(— correct dropout)" if c is not None else "train vs dev\naccuracy",
                            fontsize=TEXT)
        marks = (c.train_accuracy, c.dev_accuracy) if c is not None else (0.0, 0.0)
        for bar, text, value, mark in zip(self.acc_bars, self.acc_text, (result.train_accuracy, result.dev_accuracy),
                                          marks):
            bar.set_height(value)
            text.set_y(max(value, mark) + 0.012)     # above the bar and the correct run's mark
            text.set_text(f"{value:.1%}")

    def dynamic_artists(self) -> list:
        return [*boundary_artists(self.boundary), self.ax_b.title, self.correct_line, self.cost_line, self.ax_c.title,
                *self.acc_bars, *self.acc_text, self.correct_acc, self.cost_text, self.ax_a.title]

    @staticmethod
    def cost_text_for(result: BugView) -> str:
        """J on the training set without dropout (what test time computes), and the correct run's."""
        if not np.isfinite(result.test_cost):
            return ""
        text = f"J, no dropout: {result.test_cost:.3f}"
        c = getattr(result, "correct", None)
        if c is not None and np.isfinite(result.correct_test_cost):
            text += f"\ncorrect: {result.correct_test_cost:.3f}"
        return text

    def describe(self, result: BugView, state: dict) -> str:
        bugs = _bug_names(state)
        head = f"keep_prob = {state['keep_prob']:.2f}" + "".join(f" · bug: {b}" for b in bugs)
        if result.diverged_at is not None:
            return f"{head} · {diverged_text(result.diverged_at)}"
        rises = drop.cost_rise_fraction(result.cost) if result.cost.size > 1 else 0.0
        text = (f"{head} · {accuracy_text(result.train_accuracy, result.dev_accuracy)}"
                f" · gap {100 * (result.train_accuracy - result.dev_accuracy):+.1f} points"
                f" · J rose on {rises:.0%} of iterations · J without dropout {result.test_cost:.3f}")
        c = getattr(result, "correct", None)
        if c is not None:
            text += (f" · correct dropout: {accuracy_text(c.train_accuracy, c.dev_accuracy)}, J without dropout "
                     f"{result.correct_test_cost:.3f}")
        return text


@register("dropout_masks", seed=1)
class MaskInspector(Explorer):
    """iteration t (1 ... 30) and keep_prob -> the layer-1 mask at t, fresh generator vs reseeded. ``seed``: the
    masks' generator (notebook 04: 1)."""

    #: each change draws in ~15-60 ms; the neighbours and ends are drawn while the student looks
    render_ahead = True

    def __init__(self, *, n_units: int = 20, n_examples: int = 30, num_iterations: int = 30, seed: int,
                 keep_prob: float = 0.8):
        n_units = _validate.integer("n_units", n_units, low=1)
        n_examples = _validate.integer("n_examples", n_examples, low=1)
        num_iterations = _validate.integer("num_iterations", num_iterations, low=1)
        seed = _validate.integer("seed", seed, low=0)
        keep_prob = _validate.option("keep_prob", keep_prob, MASK_KEEP_PROBS)
        self.shape, self.num_iterations, self.seed = (n_units, n_examples), num_iterations, seed
        self._masks: dict = {}
        controls = {
            "iteration": widgets.IntSlider(value=1, min=1, max=num_iterations, description="iteration",
                                           layout=widgets.Layout(width="520px")),
            "keep_prob": widgets.SelectionSlider(options=[(f"{k:.1f}", k) for k in MASK_KEEP_PROBS],
                                                 value=keep_prob, description="keep_prob"),
        }
        super().__init__(controls, main="iteration", figsize=(12.5, 4.0), threaded=False)

    def masks(self, keep_prob: float):
        """(fresh, reseeded) masks of every iteration, each (iterations, units, examples)."""
        if keep_prob not in self._masks:
            self._masks[keep_prob] = (
                dropout_masks(self.shape, keep_prob, self.num_iterations, rng=self.seed),
                dropout_masks(self.shape, keep_prob, self.num_iterations, rng=self.seed,
                                     reseed_every_iteration=True))
        return self._masks[keep_prob]

    def setup(self, figure: Figure) -> None:
        # two-line titles and mask labels; the frequency panel wide enough for its two-column legend
        self.ax_fresh, self.ax_bug, self.ax_f = pixel_row(figure, [210, 210, 250], [70, 80], left=60, bottom=58,
                                                          top=48)
        blank = np.zeros(self.shape)
        style = {"cmap": "Blues", "vmin": 0.0, "vmax": 1.3, "aspect": "auto", "interpolation": "nearest"}
        self.im_fresh = self.ax_fresh.imshow(blank, **style)
        self.im_bug = self.ax_bug.imshow(blank, **style)
        for ax in (self.ax_fresh, self.ax_bug):
            ax.set_xlabel("example\n(blue = kept, white = dropped)", fontsize=TEXT)
            ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))      # unit and example numbers: whole
            ax.set_ylabel("hidden unit (row)", fontsize=TEXT)
        units = np.arange(1, self.shape[0] + 1)
        (self.freq_fresh,) = self.ax_f.plot(units, np.zeros_like(units, float), "o-", ms=3, label="fresh mask")
        (self.freq_bug,) = self.ax_f.plot(units, np.zeros_like(units, float), "s--", ms=3, label="reseeded (bug)")
        self.keep_line = self.ax_f.axhline(0.8, color="k", lw=0.8, ls=":")
        self.ax_f.set_ylim(-0.05, 1.4)           # the legend sits above 1, clear of the lines
        self.ax_f.set_xlabel("hidden unit (example 1)", fontsize=TEXT)
        self.ax_f.set_ylabel("fraction of iterations kept", fontsize=TEXT)
        self.ax_f.legend(fontsize=TEXT, loc="upper center", ncol=2)
        self.ax_f.set_yticks([0, 0.25, 0.5, 0.75, 1.0])

    def compute(self, state: dict):
        fresh, bug = self.masks(state["keep_prob"])
        t = state["iteration"]
        return {"fresh": fresh[t - 1], "bug": bug[t - 1], "freq_fresh": fresh[:t, :, 0].mean(axis=0),
                "freq_bug": bug[:t, :, 0].mean(axis=0),
                "changed_fresh": bool(t > 1 and np.any(fresh[t - 1] != fresh[t - 2])),
                "changed_bug": bool(t > 1 and np.any(bug[t - 1] != bug[t - 2]))}

    def draw(self, result: dict, state: dict) -> None:
        t, k = state["iteration"], state["keep_prob"]
        self.im_fresh.set_data(result["fresh"])
        self.im_bug.set_data(result["bug"])
        self.ax_fresh.set_title(f"fresh mask\niteration {t}" + (" (new)" if result["changed_fresh"] else ""),
                                fontsize=TEXT)
        self.ax_bug.set_title(f"reseeded generator\niteration {t}" + (" (same as before)" if t > 1 and not
                                                                      result["changed_bug"] else ""), fontsize=TEXT)
        self.freq_fresh.set_ydata(result["freq_fresh"])
        self.freq_bug.set_ydata(result["freq_bug"])
        self.keep_line.set_ydata([k, k])
        self.ax_f.set_title(f"kept in iterations 1..{t}\n(keep_prob = {k:.1f})", fontsize=TEXT)

    def dynamic_artists(self) -> list:
        return [self.im_fresh, self.im_bug, self.ax_fresh.title, self.ax_bug.title, self.freq_fresh, self.freq_bug,
                self.keep_line, self.ax_f.title]

    def describe(self, result: dict, state: dict) -> str:
        t = state["iteration"]
        if t == 1:
            what = "the first masks of both generators are the same draw"
        else:
            what = (f"fresh mask {'changed' if result['changed_fresh'] else 'did not change'}, reseeded mask "
                    f"{'changed' if result['changed_bug'] else 'is the same as at iteration 1'}")
        return f"iteration = {t} · keep_prob = {state['keep_prob']:.1f} · {what}"


def small_multiples(task: tasks.Task, sweep: drop.DropoutSweep, keep_probs=(1.0, 0.8, 0.5)) -> Figure:
    """Decision boundaries for a few keep_probs of ``sweep``, accuracies in the titles."""
    tasks.check_task(task)
    _validate.instance("sweep", sweep, drop.DropoutSweep, "a DropoutSweep (from keep_prob_sweep)")
    keep_probs = _validate.items("keep_probs", keep_probs)
    fits = [sweep.at(k) for k in keep_probs]
    titles = [f"keep_prob = {k:g}\n{result_text(f)}" for k, f in zip(keep_probs, fits)]
    return boundary_row(task, fits, titles)


def cost_curves_figure(sweep: drop.DropoutSweep, keep_probs=(1.0, 0.8, 0.5)) -> Figure:
    """J per iteration for a few keep_probs: smooth without dropout, jagged with it (a run that diverged:
    its finite costs, "diverged at iteration N" in its label and the title)."""
    _validate.instance("sweep", sweep, drop.DropoutSweep, "a DropoutSweep (from keep_prob_sweep)")
    keep_probs = _validate.items("keep_probs", keep_probs)
    for k in keep_probs:
        sweep.at(k)                     # a keep_prob the sweep has no run for raises here, before drawing
    fig, ax = new_figure((9, 2.8))
    diverged = []
    for k in keep_probs:
        f = sweep.at(k)
        c = finite_prefix(f.history.cost)
        if f.diverged_at is None:
            label = f"keep_prob = {k:g}: J rose on {drop.cost_rise_fraction(c):.0%} of iterations"
        else:
            label = f"keep_prob = {k:g}: {diverged_text(f.diverged_at)}"
            diverged.append(label)
        ax.semilogy(np.arange(1, c.size + 1), c, lw=0.8, label=label)
    if diverged:
        ax.set_title("; ".join(diverged), fontsize=TEXT, color="crimson")
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost J (log scale)")
    ax.legend(fontsize=TEXT)
    return fig
