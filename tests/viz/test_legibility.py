"""Every explorer and every static figure readable at the size JupyterLab shows it (``legibility.py``): text at
least 12 CSS px (9 pt) after the output area's scaling, inside the canvas, clear of other text; main sliders
at least 480 px wide with a 300 px track; no widget description cut with "…"; readouts that fit."""

from __future__ import annotations

import functools

import pytest

from course2.viz import explorers

from . import legibility as L
from .walk import figure_functions

EXPLORERS = sorted(explorers())


def _main_slider_ends(ex) -> list:
    """The main slider's first and last values (a student drags there first)."""
    control = ex.main_control
    if hasattr(control, "options"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        if isinstance(control.options, dict):
            values = list(control.options.values())
        return [values[0], values[-1]]
    return [control.min, control.max] if not hasattr(control, "base") else \
        [control.base ** control.min, control.base ** control.max]


@pytest.mark.parametrize("name", EXPLORERS)
def test_explorer_is_legible_at_the_size_shown(name):
    ex = explorers()[name]()
    try:
        ex.wait_idle(timeout=300)
        problems = L.widget_problems(ex) + L.text_problems(ex.figure)
        first = ex.state()[ex.main_name]
        for value in _main_slider_ends(ex):        # titles and tick labels change with the state
            if value != first:
                ex.set(**{ex.main_name: value})
                ex.wait(timeout=300)
                problems += [f"at {ex.main_name} = {value}: {p}" for p in L.text_problems(ex.figure)]
        assert problems == [], "\n".join(problems)
    finally:
        ex.close()


# -- static figures, with the notebooks' own arguments -------------------------------------------------------
@functools.cache
def _data(name: str):
    """The inputs the notebooks compute for their figures (same calls, same seeds)."""
    from course2.experiments import (
        augmentation,
        bias_variance,
        dropout,
        early_stopping,
        ewma,
        gradient_checking,
        initialization,
        minibatch,
        normalization,
        regularization,
        softmax,
        tasks,
        vanishing_gradients,
    )
    from course2.experiments import batch_norm as bn
    from course2.viz.normalization import RATIOS
    from course2.viz.regularization import LAMBDAS

    overfitting = tasks.overfitting_task(rng=1)
    make = {
        "capacity_fits": lambda: bias_variance.capacity_grid((50, 400), (1, 4, 32), depth=2, label_noise=0.1, seed=0),
        "overfitting": lambda: overfitting,
        "lambda_sweep": lambda: regularization.lambda_sweep(overfitting, LAMBDAS, seed=0),
        "keep_prob_sweep": lambda: dropout.keep_prob_sweep(overfitting, (1.0, 0.9, 0.8, 0.7, 0.6, 0.5), seed=0),
        "run": lambda: early_stopping.early_stopping_run(overfitting, seed=0),
        "run_seed1": lambda: early_stopping.early_stopping_run(overfitting, seed=1),
        "augmentation_task": lambda: tasks.augmentation_task(rng=0),
        "augmentation_sweep": lambda: augmentation.augmentation_sweep(_data("augmentation_task"), (0, 1, 2, 4, 8),
                                                                      seeds=(0, 1, 2)),
        "ratio_sweep": lambda: normalization.ratio_sweep(RATIOS, rng=0),
        "deep_relu": lambda: vanishing_gradients.DeepReLU(n=50, m=200, max_depth=100, rng=0),
        "stacks": lambda: initialization.stack_table(seed=0),
        "circles": lambda: initialization.circles_task(rng=1),
        "init_runs": lambda: initialization.init_table(_data("circles"), seed=3),
        "epsilon_sweep": lambda: gradient_checking.epsilon_sweep(seed=0),
        "digits_task": lambda: minibatch.digits_task(rng=0),
        "minibatch_runs": lambda: minibatch.sweep(_data("digits_task"), seed=0),
        "seconds": lambda: minibatch.epoch_seconds(_data("digits_task"), seed=0),
        "spread": lambda: minibatch.gradient_spread(minibatch.gradient_point(_data("digits_task"), seed=0),
                                                    _data("digits_task").X_train, _data("digits_task").Y_train,
                                                    draws=100, rng=0),
        "theta": lambda: ewma.temperature_series(rng=0),
        "clean": lambda: ewma.seasonal_curve(_data("theta").size),
        "scale_map": lambda: bn.scale_map(bn.circles(rng=1), MAP_SCALES, MAP_BATCHES, seed=0, num_iterations=100),
        "spirals": lambda: softmax.spirals_fits(seed=0),
        "digits": lambda: softmax.digits_fits(seed=0)["softmax output layer"],
    }
    return make[name]()


MAP_SCALES, MAP_BATCHES = (1e-4, 1e-3, 1e-2, 1e-1, 1.0), (4, 16, 64, 256)


def _static_figures() -> dict:
    """module.function -> a zero-argument call drawing it as its notebook does (several calls: name#n)."""
    from course2.viz import (
        adam,
        augmentation,
        batch_norm,
        bias_variance,
        dropout,
        early_stopping,
        ewma,
        gradient_checking,
        hyperparameter_search,
        initialization,
        learning_rate_decay,
        minibatch,
        momentum,
        normalization,
        regularization,
        rmsprop,
        softmax,
        splits,
        vanishing_gradients,
    )

    d = _data
    return {
        "splits.splits_figure": lambda: splits.splits_figure(ms=(1e3, 1e4, 1e6, 1e8), dev_fraction=0.01,
                                                             error_rate=0.1, seed=0),
        "bias_variance.cases_figure": bias_variance.cases_figure,
        "bias_variance.capacity_figure": lambda: bias_variance.capacity_figure(
            hidden_units=(1, 4, 32), m_trains=(50, 400), depth=2, label_noise=0.1, fits=d("capacity_fits"), seed=0),
        "regularization.small_multiples": lambda: regularization.small_multiples(
            d("overfitting"), d("lambda_sweep"), lambdas=(0.0, 0.1, 1.0, 10.0)),
        "regularization.lambda_sweep_figure": lambda: regularization.lambda_sweep_figure(d("lambda_sweep")),
        "dropout.small_multiples": lambda: dropout.small_multiples(d("overfitting"), d("keep_prob_sweep"),
                                                                   keep_probs=(1.0, 0.8, 0.5)),
        "dropout.cost_curves_figure": lambda: dropout.cost_curves_figure(d("keep_prob_sweep"),
                                                                         keep_probs=(1.0, 0.8, 0.5)),
        "early_stopping.early_stopping_curves": lambda: early_stopping.early_stopping_curves(d("run")),
        "early_stopping.early_stopping_figure": lambda: early_stopping.early_stopping_figure(d("run")),
        "early_stopping.early_stopping_curves#seed1": lambda: early_stopping.early_stopping_curves(d("run_seed1")),
        "augmentation.augmentation_figure": lambda: augmentation.augmentation_figure(
            d("augmentation_task"), d("augmentation_sweep"), copies=(0, 2, 8), seed=0),
        "normalization.contour_paths_figure": lambda: normalization.contour_paths_figure(10.0, rng=0),
        "normalization.ratio_sweep_figure": lambda: normalization.ratio_sweep_figure(d("ratio_sweep")),
        "vanishing_gradients.deep_linear_figure": vanishing_gradients.deep_linear_figure,
        "vanishing_gradients.layer_scales_figure": lambda: vanishing_gradients.layer_scales_figure(d("deep_relu"),
                                                                                                   depth=50),
        "initialization.stack_figure": lambda: initialization.stack_figure(d("stacks")),
        "initialization.cost_curves_figure": lambda: initialization.cost_curves_figure(d("init_runs")),
        "initialization.boundaries_figure": lambda: initialization.boundaries_figure(d("circles"), d("init_runs")),
        "gradient_checking.epsilon_figure": lambda: gradient_checking.epsilon_figure(d("epsilon_sweep")),
        "minibatch.cost_curves_figure": lambda: minibatch.cost_curves_figure(
            d("minibatch_runs"), batch_sizes=(1, 64, d("digits_task").m_train)),
        "minibatch.noise_figure": lambda: minibatch.noise_figure(d("seconds"), d("spread"), m=d("digits_task").m_train,
                                                                 cloud_sizes=(1, 16, 256)),
        "ewma.smoothing_figure": lambda: ewma.smoothing_figure(d("theta"), betas=(0.5, 0.9, 0.98)),
        "ewma.startup_figure": lambda: ewma.startup_figure(d("theta"), d("clean"), beta=0.98, days=120),
        "momentum.paths_figure": lambda: momentum.paths_figure((0.05, 0.19), beta=0.9),
        "rmsprop.effective_step_figure": lambda: rmsprop.effective_step_figure(alpha=0.1, angles=(0, 45), steps=200),
        "adam.first_steps_figure": lambda: adam.first_steps_figure(beta1=0.9, beta2=0.999),
        "adam.surfaces_figure": lambda: adam.surfaces_figure(0.1, steps=200),
        "adam.rescaled_figure": lambda: adam.rescaled_figure(0.1, 1000.0),
        "learning_rate_decay.schedules_figure": lambda: learning_rate_decay.schedules_figure(
            alpha0=0.1, decay_rate=0.05, epochs=100, interval=10),
        "learning_rate_decay.granularity_figure": lambda: learning_rate_decay.granularity_figure(
            alpha0=0.1, decay_rate=1.0, epochs=1000, interval=200, batches_per_epoch=5),
        "hyperparameter_search.scales_figure": lambda: hyperparameter_search.scales_figure(4000, seed=0),
        "hyperparameter_search.layouts_figure": lambda: hyperparameter_search.layouts_figure(16, seed=0),
        "batch_norm.scale_map_figure": lambda: batch_norm.scale_map_figure(d("scale_map"), MAP_SCALES, MAP_BATCHES),
        "softmax.temperature_figure": lambda: softmax.temperature_figure(scales=(0.1, 1.0, 10.0)),
        "softmax.regions_figure": lambda: softmax.regions_figure(d("spirals")),
        "softmax.confusion_figure": lambda: softmax.confusion_figure(d("digits")),
        "softmax.mistakes_figure": lambda: softmax.mistakes_figure(d("digits")),
    }


STATIC_FIGURES = sorted(_static_figures())


def test_every_static_figure_function_is_checked():
    assert {name.split("#")[0] for name in STATIC_FIGURES} == figure_functions()


@pytest.mark.parametrize("name", STATIC_FIGURES)
def test_static_figure_is_legible_at_the_size_shown(name):
    fig = _static_figures()[name]()
    problems = L.text_problems(fig)
    assert problems == [], "\n".join(problems)
