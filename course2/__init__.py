"""course2: the numerics of "Improving deep neural networks", in the lecture's notation.

``import course2`` needs numpy only; three layers, visible in the tree:

- ``course2.<concept>``: one module per lecture concept

      data, splits, diagnosis            train/dev/test sets, bias and variance, the basic recipe
      network, activations               a fully connected network of any depth
      softmax                            stable softmax, log-softmax, its Jacobian, cross-entropy and dZ = Y_hat - Y
      initialization                     zeros, random, He, LeCun ("Xavier"), Glorot
      regularization, dropout            L2 / L1, weight decay; inverted dropout
      augmentation, early_stopping       data augmentation; early stopping with patience
      normalization                      standardizing inputs with training-set statistics
      gradient_checking                  centered differences and a per-parameter breakdown
      minibatch, ewma, optimizers        mini-batches, EWMA, momentum, RMSprop, Adam(W)
      batch_norm                         batch normalization of Z[l]: train/eval modes, running averages
      schedules, training, metrics       learning-rate decay, the training loop, accuracy
      hyperparameter_search              grid / random search, log-scale sampling, coarse to fine
      surfaces                           2-D cost surfaces for optimizer paths

- ``course2.experiments.<topic>``: the numbers and tables each notebook shows (numpy only);
- ``course2.viz.<topic>``: the figures and live explorers of the same topic (matplotlib, ipywidgets).
"""

from importlib import import_module

__version__ = "0.1.0"

_MODULES = ("activations", "augmentation", "batch_norm", "data", "diagnosis", "dropout", "early_stopping", "ewma",
            "gradient_checking", "hyperparameter_search", "initialization", "metrics", "minibatch", "network",
            "normalization", "optimizers", "regularization", "schedules", "softmax", "splits", "surfaces",
            "training")


def __getattr__(name):
    # Submodules load on first use (course2.network, course2.optimizers, ...).
    if name in _MODULES or name == "experiments":
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'course2' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_MODULES) + ["experiments"])
