"""course2: the numerics of "Improving deep neural networks", in the lecture's notation.

``import course2`` needs numpy only; plotting and widgets live in ``course2.viz``.
One module per lecture concept:

    data, splits, diagnosis            train/dev/test sets, bias and variance, the basic recipe
    network, activations               a fully connected network of any depth
    initialization                     zeros, random, He, LeCun ("Xavier"), Glorot
    regularization, augmentation       L2 / L1, weight decay, inverted dropout, data augmentation
    normalization                      standardizing inputs with training-set statistics
    gradient_checking                  centered differences and a per-parameter breakdown
    minibatch, ewma, optimizers        mini-batches, EWMA, momentum, RMSprop, Adam(W)
    schedules, training, metrics       learning-rate decay, the training loop, accuracy
    surfaces                           2-D cost surfaces for optimizer paths

and the experiments behind the notebooks' claims (each asserted by a test):

    bias_variance                      capacity / data / label-noise fits and their diagnosis (notebook 02)
    experiments, sweeps                the regularization task, λ / keep_prob / augmentation sweeps (03-05)
    dropout_masks, early_stopping      fresh vs reseeded masks (04); early stopping vs the notes' rule (05)
"""

from importlib import import_module

__version__ = "0.1.0"

_MODULES = ("activations", "augmentation", "bias_variance", "data", "diagnosis", "dropout", "dropout_masks",
            "early_stopping", "ewma", "experiments", "gradient_checking", "initialization", "metrics",
            "minibatch", "network", "normalization", "optimizers", "regularization", "schedules", "splits",
            "surfaces", "sweeps", "training")


def __getattr__(name):
    # Submodules load on first use (course2.network, course2.optimizers, ...).
    if name in _MODULES:
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'course2' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_MODULES))
