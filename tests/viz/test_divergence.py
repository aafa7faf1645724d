"""Divergence is never lost and never drawn: every registered explorer and every static figure that
trains, run with a huge learning rate, says "diverged at iteration N" and puts nothing non-finite on
screen (no NaN boundary image, no inf bars or lines, no "inf"/"nan" in a title)."""


import pytest

from course2.experiments import augmentation as A
from course2.experiments import dropout as D
from course2.experiments import early_stopping as E
from course2.experiments import initialization as I
from course2.experiments import regularization as R
from course2.experiments import tasks as T
from course2.viz import explorers

from .walk import figure_functions

FEW = 20

#: explorers that train nothing (their numbers cannot diverge)
NO_TRAINING_EXPLORERS = {"splits", "dropout_masks", "hyperparameter_search"}
NO_TRAINING_EXPLORERS |= {"softmax_temperature", "softmax_overflow"}
NO_TRAINING_EXPLORERS |= {"adam_paths"}   # 2-D surface paths: a diverging path is named in its title, not drawn
# notebook 11 averages a fixed series; notebook 17's running-statistics explorer replays forward passes with the
# parameters of one trained network (trained_bn_network refuses a run that diverged)
NO_TRAINING_EXPLORERS |= {"ewma", "batch_norm_running"}
NO_TRAINING_EXPLORERS |= {"splits", "dropout_masks", "deep_linear", "deep_relu_scales", "gradient_check_epsilon",
                         "gradient_check_bugs",
                         # gradient descent at alpha = 1/lambda_max, half the largest stable rate: by construction
                         "normalization"}


def _diverging_explorers(task, alpha):
    from course2.viz.adam import AdamMoonsExplorer
    from course2.viz.augmentation import AugmentationExplorer
    from course2.viz.bias_variance import BiasVarianceExplorer
    from course2.viz.dropout import DropoutExplorer
    from course2.viz.early_stopping import EarlyStoppingExplorer
    from course2.viz.learning_rate_decay import DecayExplorer
    from course2.viz.regularization import RegularizationExplorer

    return {
        "adam_moons": lambda: AdamMoonsExplorer(alpha=alpha, alphas=(alpha, 10 * alpha), iterations=FEW, seed=0),
        "lr_decay": lambda: DecayExplorer(alpha0=alpha, alpha0s=(alpha, 10 * alpha), seed=0),
        "regularization": lambda: RegularizationExplorer(task, alpha=alpha, num_iterations=FEW, every=5, seed=0),
        "dropout": lambda: DropoutExplorer(task, alpha=alpha, num_iterations=FEW, every=5, seed=0),
        "augmentation": lambda: AugmentationExplorer(T.augmentation_task(rng=0), alpha=alpha, num_iterations=FEW,
                                                     seed=0),
        "bias_variance": lambda: BiasVarianceExplorer(alpha=alpha, num_iterations=FEW, seed=0),
        "early_stopping": lambda: EarlyStoppingExplorer(E.early_stopping_run(task, seed=0, alpha=alpha,
                                                                             num_iterations=FEW), seed=0, seeds=(0,)),
        **_explorers_10_17(task, alpha),
    }


def _explorers_10_17(task, alpha):
    from course2.experiments import minibatch as MB
    from course2.viz.batch_norm import ScaleExplorer
    from course2.viz.minibatch import MinibatchExplorer

    return {
        "minibatch": lambda: MinibatchExplorer(MB.digits_task(m_train=40, rng=0), batch_size=8, draws=2, alpha=alpha,
                                               prefetch=False, seed=0),
        "batch_norm_scale": lambda: ScaleExplorer(task, alpha=alpha, num_iterations=FEW, every=5, seed=0),
        "initialization": lambda: _initialization_explorer(alpha),
    }


def _initialization_explorer(alpha):
    from course2.experiments.initialization import circles_task
    from course2.viz.initialization import InitializationExplorer

    return InitializationExplorer(circles_task(m_train=40, m_dev=40, rng=1), alpha=alpha, num_iterations=FEW,
                                  every=5, seed=0)


def _diverging_path_explorers():
    """Optimizer paths on the bowl (lambda_max = 10): gradient descent diverges above 2 / lambda_max = 0.2
    on the sliders' own range. GD is only one of the two runs shown, so these say it in the status line
    and the titles, not in a banner over the figure."""
    from course2.viz.momentum import MomentumExplorer
    from course2.viz.rmsprop import RMSpropExplorer

    return {"momentum": lambda: MomentumExplorer(alpha=0.3, beta=0.0),
            "rmsprop": lambda: RMSpropExplorer(alpha=1.0)}


def test_every_registered_explorer_is_walked_or_trains_nothing(task, divergence):
    names = set(explorers())
    walked = set(_diverging_explorers(task, divergence.alpha)) | set(_diverging_path_explorers())
    assert names == walked | NO_TRAINING_EXPLORERS, (names - walked - NO_TRAINING_EXPLORERS,
                                                     (walked | NO_TRAINING_EXPLORERS) - names)


@pytest.mark.parametrize("name", sorted(_diverging_path_explorers()))
def test_path_explorers_say_where_gradient_descent_diverged_and_draw_nothing_non_finite(name, divergence):
    ex = _diverging_path_explorers()[name]()
    try:
        ex.wait(timeout=60)
        assert ex.last_error is None, ex.last_error
        assert "diverged at iteration" in ex.status_text, ex.status_text
        divergence.assert_clean_text(ex.status_text)
        assert "diverged at iteration" in divergence.texts(ex.figure), divergence.texts(ex.figure)
        assert divergence.nonfinite(ex.figure) == []
    finally:
        ex.close()


@pytest.mark.parametrize("name", sorted(_diverging_explorers(None, None)))
def test_every_explorer_says_where_its_run_diverged_and_draws_nothing_non_finite(name, task, divergence):
    ex = _diverging_explorers(task, divergence.alpha)[name]()
    try:
        divergence.assert_explorer(ex)
        for text in (ex.figure.texts + [ax.title for ax in ex.figure.axes]):
            divergence.assert_clean_text(text.get_text())
        # another value of the main control: still said, still nothing non-finite
        options = getattr(ex.main_control, "options", None)
        if options:
            values = [o[1] if isinstance(o, tuple) else o for o in options]
            ex.set(**{ex.main_name: next(v for v in values if v != ex.main_control.value)})
            divergence.assert_explorer(ex)
    finally:
        ex.close()


# -- static figures ---------------------------------------------------------------------------------
#: static figure functions that train nothing
NO_TRAINING_FIGURES = {"bias_variance.cases_figure", "splits.splits_figure", "hyperparameter_search.layouts_figure",
                       "hyperparameter_search.scales_figure"}
NO_TRAINING_FIGURES |= {"softmax.temperature_figure"}
NO_TRAINING_FIGURES |= {"adam.first_steps_figure",      # closed form
                        # 2-D surface paths: diverging paths named in titles (tests/viz/test_adam.py)
                        "adam.surfaces_figure", "adam.rescaled_figure",
                        "learning_rate_decay.schedules_figure", "learning_rate_decay.granularity_figure"}  # alpha only
# notebook 11 averages a fixed series; notebook 10's noise figure shows timings and gradients at one parameter
# vector (epoch_seconds and gradient_point refuse a run that diverged)
NO_TRAINING_FIGURES |= {"ewma.smoothing_figure", "ewma.startup_figure", "minibatch.noise_figure"}
NO_TRAINING_FIGURES |= {"bias_variance.cases_figure", "splits.splits_figure",
                       "vanishing_gradients.deep_linear_figure", "vanishing_gradients.layer_scales_figure",
                       "gradient_checking.epsilon_figure", "initialization.stack_figure",
                       # gradient descent at alpha = 1/lambda_max, half the largest stable rate: by construction
                       "normalization.contour_paths_figure", "normalization.ratio_sweep_figure"}

#: figures of optimizer runs that cannot go non-finite, drawn here at a huge alpha: RMSprop's steps are bounded
#: by alpha / sqrt(1 - beta), and the figure draws only its effective rates alpha / (sqrt(S) + epsilon)
BOUNDED_FIGURES = {"rmsprop.effective_step_figure": lambda alpha: _rmsprop_figure(alpha)}


def _rmsprop_figure(alpha):
    from course2.viz.rmsprop import effective_step_figure

    return effective_step_figure(alpha)


@pytest.mark.parametrize("name", sorted(BOUNDED_FIGURES))
def test_bounded_figures_draw_nothing_non_finite_at_a_huge_alpha(name, divergence):
    fig = BOUNDED_FIGURES[name](divergence.alpha)
    assert divergence.nonfinite(fig) == []


def _diverging_figures(task, alpha):
    from course2.viz import augmentation as VA
    from course2.viz import bias_variance as VB
    from course2.viz import dropout as VD
    from course2.viz import early_stopping as VE
    from course2.viz import initialization as VI
    from course2.viz import momentum as VM
    from course2.viz import regularization as VR

    small = T.augmentation_task(rng=0)
    circles = I.circles_task(m_train=40, m_dev=40, rng=1)

    def init_runs():
        return I.init_table(circles, seed=0, alpha=alpha, num_iterations=FEW)

    def lambda_sweep():
        return R.lambda_sweep(task, [0.0, 0.1, 1.0, 30.0], seed=0, alpha=alpha, num_iterations=FEW)

    def keep_prob_sweep():
        return D.keep_prob_sweep(task, [1.0, 0.8, 0.5], seed=0, alpha=alpha, num_iterations=FEW)

    def run():
        return E.early_stopping_run(task, seed=0, alpha=alpha, num_iterations=FEW)

    return {
        "regularization.small_multiples": lambda: VR.small_multiples(task, lambda_sweep()),
        "regularization.lambda_sweep_figure": lambda: VR.lambda_sweep_figure(lambda_sweep()),
        "dropout.small_multiples": lambda: VD.small_multiples(task, keep_prob_sweep()),
        "dropout.cost_curves_figure": lambda: VD.cost_curves_figure(keep_prob_sweep()),
        "augmentation.augmentation_figure": lambda: VA.augmentation_figure(
            small, A.augmentation_sweep(small, [0], seeds=(0,), alpha=alpha, num_iterations=FEW), seed=0,
            alpha=alpha, num_iterations=FEW),
        "bias_variance.capacity_figure": lambda: VB.capacity_figure((4,), (25,), alpha=alpha, num_iterations=FEW,
                                                                    seed=0),
        "early_stopping.early_stopping_figure": lambda: VE.early_stopping_figure(run()),
        "early_stopping.early_stopping_curves": lambda: VE.early_stopping_curves(run()),
        **_softmax_figures(alpha),
        **_figures_10_17(task, alpha),
        "initialization.cost_curves_figure": lambda: VI.cost_curves_figure(init_runs()),
        "initialization.boundaries_figure": lambda: VI.boundaries_figure(circles, init_runs()),
        # gradient descent on the bowl diverges above 2 / lambda_max = 0.2 (momentum with beta = 0 is GD)
        "momentum.paths_figure": lambda: VM.paths_figure((0.3,), beta=0.0),
    }


def _figures_10_17(task, alpha):
    from course2.experiments import batch_norm as BN
    from course2.experiments import minibatch as MB
    from course2.viz import batch_norm as VBN
    from course2.viz import minibatch as VMB

    def runs():
        return MB.sweep(MB.digits_task(m_train=40, rng=0), [8, 40], seed=0, alpha=alpha, max_iterations=FEW)

    return {
        "minibatch.cost_curves_figure": lambda: VMB.cost_curves_figure(runs(), (8, 40)),
        "batch_norm.scale_map_figure": lambda: VBN.scale_map_figure(
            BN.scale_map(task, [0.35], [32], seed=0, alpha=alpha, num_iterations=FEW), [0.35], [32]),
    }


def _softmax_figures(alpha):
    from course2.experiments import softmax as SM
    from course2.viz import softmax as VS

    def fits():
        return SM.spirals_fits(seed=0, alpha=alpha, num_iterations=FEW)

    def digits():
        return SM.digits_fits(seed=0, alpha=alpha, num_iterations=FEW)["softmax output layer"]

    return {"softmax.regions_figure": lambda: VS.regions_figure(fits()),
            "softmax.confusion_figure": lambda: VS.confusion_figure(digits()),
            "softmax.mistakes_figure": lambda: VS.mistakes_figure(digits())}


def test_every_static_figure_is_walked_or_trains_nothing(task, divergence):
    found = figure_functions()
    walked = set(_diverging_figures(task, divergence.alpha)) | set(BOUNDED_FIGURES)
    assert found == walked | NO_TRAINING_FIGURES, (found - walked - NO_TRAINING_FIGURES,
                                                   (walked | NO_TRAINING_FIGURES) - found)


@pytest.mark.parametrize("name", sorted(_diverging_figures(None, None)))
def test_every_static_figure_says_where_its_runs_diverged(name, task, divergence):
    fig = _diverging_figures(task, divergence.alpha)[name]()
    divergence.assert_figure(fig)
    fig.canvas.draw()       # and it renders
