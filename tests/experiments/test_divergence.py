"""Every printed table of the experiments says "diverged at iteration N" in a row whose run diverged.

Generic: every table function of ``course2.experiments`` (a name ending in _table or _report, or starting
with format_) is either run here with a huge learning rate, or listed as one that trains nothing.
"""

import importlib
import inspect
import pkgutil

import pytest

import course2.experiments as experiments
from course2 import hyperparameter_search as HS
from course2.experiments import adam as AD
from course2.experiments import augmentation as A
from course2.experiments import bias_variance as B
from course2.experiments import dropout as D
from course2.experiments import early_stopping as E
from course2.experiments import hyperparameter_search as H
from course2.experiments import initialization as I
from course2.experiments import learning_rate_decay as LR
from course2.experiments import momentum as MO
from course2.experiments import regularization as R
from course2.experiments import rmsprop as RMS
from course2.experiments import tasks as T

FEW = 20   # iterations: a huge alpha diverges at iteration 2, so this only bounds a run that would not

#: table functions whose numbers come from no training
NO_TRAINING = {"bias_variance.cases_table", "bias_variance.bayes_table", "splits.splits_table",
               "splits.resampling_table"}
NO_TRAINING |= {f"hyperparameter_search.{name}" for name in (
    "alpha_scale_table", "beta_scale_table", "format_alpha_scale_table", "format_beta_scale_table",
    "format_drawing_ways", "format_grid_vs_random")}
NO_TRAINING |= {"softmax.format_two_class", "softmax.format_temperature", "softmax.format_gradient_check",
                "softmax.format_safe_logits", "softmax.format_overflow_table"}
NO_TRAINING |= {"adam.format_first_steps",     # closed-form step sizes: nothing runs
                "learning_rate_decay.errata_table", "learning_rate_decay.format_errata_table"}   # closed form
# notebook 11 averages a fixed series; notebook 10's partition and notation tables run one forward pass, its
# gradient spread is measured at one fixed parameter vector (gradient_point refuses a warm-up that diverges);
# notebook 17's eval table evaluates a trained network (trained_bn_network refuses a run that diverged)
NO_TRAINING |= {"ewma.beta_table", "ewma.correction_table", "ewma.format_beta_table", "ewma.format_correction_table",
                "ewma.lag_table", "ewma.format_lag_table",
                "minibatch.format_partition", "minibatch.notation_table", "minibatch.format_spread",
                "batch_norm.format_eval_table"}
NO_TRAINING |= {
               # closed forms and single passes: no optimizer runs
               "normalization.dev_statistics_report", "normalization.errata_variance_table",
               "vanishing_gradients.depth_table", "vanishing_gradients.errata_table",
               "vanishing_gradients.format_depth_table",
               "gradient_checking.bug_table", "gradient_checking.format_bug_table",
               "gradient_checking.format_epsilon_summary", "gradient_checking.format_worry",
               "initialization.stack_table", "initialization.format_stack_table",
               "initialization.format_errata_variants",
               "initialization.first_cost_report",     # the cost at initialization, before any step
               "momentum.format_steady_steps",         # a constant gradient: step sizes, no surface
               "rmsprop.format_first_steps",           # one step from S = 0 ("NaN (0/0)" is ERRATA 7's point)
               "adam.format_step_bound",               # Adam's steps on a given gradient sequence: no surface
               "gradient_checking.format_kink_sweep",  # gradient checks at one fixed point
               "vanishing_gradients.format_he_drift",  # forward passes through untrained stacks
               "batch_norm.format_batch_of_one",       # one forward pass
               "batch_norm.format_running_vs_batch"}   # replays a trained network (trained_bn_network refuses a
                                                       # diverged run) with its parameters held fixed

#: tables that run optimizers only at rates they choose to be stable: gradient descent at alpha = 1/lambda_max
#: (half the largest stable rate), or searches that report the stable edge / the best converging alpha of a grid
STABLE_BY_CONSTRUCTION = {"normalization.format_comparison", "rmsprop.format_stable_alphas",
                          "rmsprop.rotation_table", "rmsprop.format_rotation_table"}
#: RMSprop alone on the bowl: its steps are at most alpha / sqrt(1 - beta) at any alpha, so it cannot run off
#: (test_rmsprop.test_rmsprop_steps_are_bounded_so_it_never_runs_off)
STABLE_BY_CONSTRUCTION |= {"rmsprop.bounce_table", "rmsprop.format_bounce_table", "rmsprop.format_effective_steps"}
#: retrains only the trials the search finished, with their seeds: the same runs, so none diverges
STABLE_BY_CONSTRUCTION |= {"hyperparameter_search.format_held_out"}


def _diverging_tables(task, alpha):
    """name -> a zero-argument call printing the table with every run diverging."""
    small = T.augmentation_task(rng=0)
    table = lambda: R.format_table(R.regularization_table(task, seed=0, alpha=alpha, num_iterations=FEW))  # noqa: E731
    return {
        "regularization.regularization_table": table,
        "regularization.format_table": table,
        "regularization.format_lambda_sweep":
            lambda: R.format_lambda_sweep(R.lambda_sweep(task, [0.0, 1.0], seed=0, alpha=alpha, num_iterations=FEW)),
        "regularization.format_l1_vs_l2":
            lambda: R.format_l1_vs_l2(R.l1_vs_l2_cases(task, seed=0, alpha=alpha, num_iterations=FEW)),
        # weight_decay_report fixes its learning rates: a huge lambda makes (1 - alpha lambda/m) W blow up
        "regularization.weight_decay_report":
            lambda: R.weight_decay_report(task, seed=0, lambd=1e4, num_iterations=FEW),
        "dropout.format_keep_prob_sweep":
            lambda: D.format_keep_prob_sweep(D.keep_prob_sweep(task, [1.0, 0.5], seed=0, alpha=alpha,
                                                               num_iterations=FEW)),
        "dropout.mask_bug_report": lambda: D.mask_bug_report(task, mask_seed=0, seed=0, alpha=alpha, num_iterations=10),
        "augmentation.format_augmentation_sweep":
            lambda: A.format_augmentation_sweep(A.augmentation_sweep(small, [0, 2], seeds=(0,), alpha=alpha,
                                                                     num_iterations=FEW)),
        "bias_variance.fits_table":
            lambda: B.fits_table(B.capacity_grid([25], [4], seed=0, alpha=alpha, num_iterations=FEW)),
        "early_stopping.format_run":
            lambda: E.format_run(E.early_stopping_run(task, seed=0, alpha=alpha, num_iterations=FEW)),
        "early_stopping.format_rule_comparison":
            lambda: E.format_rule_comparison(E.compare_stopping_rules(task, [0], alpha=alpha, num_iterations=FEW)),
        "hyperparameter_search.format_network_search":
            lambda: H.format_network_search(H.network_search(task, 2, seed=0, num_iterations=FEW, space=(
                HS.Hyperparameter("alpha", alpha, 10 * alpha, "log"), *H.NETWORK_SPACE[1:]))),
        **_softmax_tables(alpha),
        "adam.format_surface_table": lambda: AD.format_surface_table(alpha),
        "adam.format_rescaled": lambda: AD.format_rescaled(alpha),
        "adam.moons_table": lambda: AD.format_moons_table(AD.moons_table((0,), alpha=alpha, epochs=1)),
        "adam.format_moons_table": lambda: AD.format_moons_table(AD.moons_table((0, 1), alpha=alpha, epochs=1)),
        "learning_rate_decay.course_table": lambda: LR.format_course_table(
            LR.course_table((0,), epochs=2, alpha0={"gd": alpha, "momentum": alpha, "adam": alpha})),
        "learning_rate_decay.format_course_table": lambda: LR.format_course_table(
            LR.course_table((0,), epochs=2, alpha0={"gd": alpha, "momentum": alpha, "adam": alpha})),
        "learning_rate_decay.budget_table": lambda: LR.format_budget_table(
            LR.budget_table(LR.budget_task(rng=1), (0,), mean_alpha=alpha, epochs=2), LR.budget_task(rng=1)),
        "learning_rate_decay.format_budget_table": lambda: LR.format_budget_table(
            LR.budget_table(LR.budget_task(rng=1), (0, 1), mean_alpha=alpha, epochs=2), LR.budget_task(rng=1)),
        **_tables_01_05_10_17(task, alpha),
    }


def _softmax_tables(alpha):
    from course2.experiments import softmax as SM

    def fits():
        return SM.spirals_fits(seed=0, alpha=alpha, num_iterations=FEW)

    return {"softmax.format_accuracies": lambda: SM.format_accuracies(fits()),
            "softmax.format_confusion": lambda: SM.format_confusion(fits()["softmax output layer"]),
            "softmax.format_mistakes": lambda: SM.format_mistakes(fits()["softmax output layer"]),
            "softmax.format_paired_comparison": lambda: SM.format_paired_comparison(*fits().values())}


def _tables_01_05_10_17(task, alpha):
    from course2.experiments import batch_norm as BN
    from course2.experiments import minibatch as MB

    def run():
        return E.early_stopping_run(task, seed=0, alpha=alpha, num_iterations=FEW)

    def minibatch_runs():
        return MB.sweep(MB.digits_task(m_train=40, rng=0), [8, 40], seed=0, alpha=alpha, max_iterations=FEW)

    def scale_runs():
        return [BN.scale_run(task, 0.35, batch_norm=bn, seed=0, alpha=alpha, num_iterations=FEW)
                for bn in (False, True)]

    alpha_table = lambda: BN.format_alpha_table(task, BN.alpha_table(task, [alpha], seeds=[0], num_iterations=FEW))  # noqa: E731
    batch_table = lambda: BN.format_batch_size_table(task, BN.batch_size_table(task, [32], seeds=[0], num_epochs=1,  # noqa: E731
                                                                               alpha=alpha))
    ulp = lambda: BN.format_ulp_sensitivity(32, BN.ulp_sensitivity(task, 32, seeds=[0], num_epochs=1, alpha=alpha))  # noqa: E731
    return {
        "regularization.format_adam_l2_vs_adamw":
            lambda: R.format_adam_l2_vs_adamw(R.adam_l2_vs_adamw(task, seed=0, alpha=alpha, weight_decays=(0.5,),
                                                                 num_iterations=FEW)),
        "dropout.format_regularizer_effects":
            lambda: D.format_regularizer_effects(D.regularizer_effects(task, seed=0, rng=1, keep_probs=(0.5,),
                                                                       alpha=alpha, num_iterations=FEW)),
        "early_stopping.format_dev_vs_train": lambda: E.format_dev_vs_train(run()),
        "early_stopping.format_weight_growth": lambda: E.format_weight_growth(run()),
        "minibatch.format_sweep": lambda: MB.format_sweep(minibatch_runs()),
        "minibatch.format_timings": lambda: MB.format_timings({8: 0.01, 40: 0.002}, minibatch_runs(), m=40),
        "batch_norm.format_scale_table": lambda: BN.format_scale_table(task, scale_runs()),
        "batch_norm.alpha_table": alpha_table,
        "batch_norm.format_alpha_table": alpha_table,
        "batch_norm.batch_size_table": batch_table,
        "batch_norm.format_batch_size_table": batch_table,
        "batch_norm.format_ulp_sensitivity": ulp,
        "initialization.init_table": lambda: I.format_init_table(_init_runs(alpha)),
        "initialization.format_depth_runs": lambda: I.format_depth_runs(I.depth_runs(
            I.circles_task(m_train=40, m_dev=40, rng=1), seeds=[0], depths=[2], alpha=alpha, num_iterations=FEW,
            early=None)),
        "initialization.format_init_table": lambda: I.format_init_table(_init_runs(alpha)),
        "initialization.symmetry_report": lambda: I.symmetry_report(_init_runs(alpha)[-1]),
        # paths on the bowl (lambda_max = 10): gradient descent diverges above 2 / lambda_max = 0.2, and
        # momentum with beta = 0 is gradient descent
        "momentum.format_comparison": lambda: MO.format_comparison([0.3], beta=0.0),
        "momentum.format_conventions": lambda: MO.format_conventions(0.5, 0.0),
        "rmsprop.format_large_epsilon": lambda: RMS.format_large_epsilon((1.0, 1e4), alpha_gd=0.5),
    }


def _init_runs(alpha):
    """The assignment's three schemes on a small circles task, every run diverging."""
    return I.init_table(I.circles_task(m_train=40, m_dev=40, rng=1), seed=0, alpha=alpha, num_iterations=FEW)


def _table_functions():
    out = set()
    for info in pkgutil.iter_modules(experiments.__path__):
        module = importlib.import_module(f"{experiments.__name__}.{info.name}")
        for name, obj in vars(module).items():
            if (inspect.isfunction(obj) and obj.__module__ == module.__name__ and not name.startswith("_")
                    and (name.endswith(("_table", "_report")) or name.startswith("format_"))):
                out.add(f"{info.name}.{name}")
    return out


def test_every_table_function_is_walked_or_trains_nothing(task, divergence):
    found = _table_functions()
    walked = set(_diverging_tables(task, divergence.alpha)) | set(PRINTS_NAN_ON_PURPOSE)
    known = walked | NO_TRAINING | STABLE_BY_CONSTRUCTION
    assert found == known, (found - known, known - found)


@pytest.mark.parametrize("name", sorted(_diverging_tables(None, None)))
def test_every_table_says_where_its_runs_diverged(name, task, divergence):
    text = _diverging_tables(task, divergence.alpha)[name]()
    assert "diverged at iteration" in text, text
    divergence.assert_clean_text(text)


#: tables walked with a diverging configuration whose point is a NaN (ERRATA 7: the notes' sqrt(S) divides 0 by 0):
#: they must still say where it diverged, but they print "NaN" on purpose
PRINTS_NAN_ON_PURPOSE = {
    "rmsprop.format_zero_gradient_start": lambda: RMS.format_zero_gradient_start(alpha=100.0),
}


@pytest.mark.parametrize("name", sorted(PRINTS_NAN_ON_PURPOSE))
def test_tables_that_print_nan_on_purpose_still_say_where_it_diverged(name, divergence):
    text = PRINTS_NAN_ON_PURPOSE[name]()
    assert divergence.words(1) in text, text
