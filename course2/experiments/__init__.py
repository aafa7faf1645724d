"""The experiments behind the notebooks: one module per notebook topic, numpy only.

Each holds the numbers and the printed tables its notebook shows, every one asserted by a test in
``tests/experiments/``; the figures and live explorers of the same topic are in the module of the
same name in ``course2.viz``. ``tasks`` is shared: the seeded tasks, ``fit`` and ``Sweep``.

    tasks            seeded tasks (overfitting moons, augmentation circles, bias/variance moons), fit, Sweep
    splits           01  split sizes, the dev error's half-width, resampled dev sets
    bias_variance    02  capacity x data grid, the moons' Bayes error, diagnosis tables
    regularization   03  the course's table, lambda sweeps, L1 vs L2 at matched loss, weight decay
    dropout          04  keep_prob sweep, the reseeded-generator bug
    early_stopping   05  one run at every snapshot, early stopping vs the notes' rule
    augmentation     05  dev error against augmented copies
    normalization    06  cost contours, iterations and the largest stable alpha per input transform; dev statistics
    vanishing_gradients 07  a deep linear chain w^(L-1); activation and gradient scales of a deep ReLU network
    initialization   08  zeros / random / He on circles, deep-stack activation scales, ERRATA #3 side by side
    gradient_checking 09 epsilon sweep (truncation vs round-off), planted bugs, the notes' "worry" formula
    minibatch        10  batch size: cost against iterations, epochs, seconds; gradient noise
    ewma             11  beta: smoothing, lag, the window, bias correction
    momentum         12  gradient descent vs momentum on the bowl, four conventions, the steady step
    rmsprop          13  largest stable alpha, rotation, epsilon outside/inside/absent
    adam             14  bias-correction choices, four optimizers on three surfaces, loss scale, the assignment on moons
    learning_rate_decay 15  inverse time vs exponential, decaying per iteration/epoch/T epochs, equal-budget shapes
    hyperparameter_search 16  grid vs random over many seeds, alpha and beta scales, a real search
    softmax          18  two classes = sigmoid, temperature, dZ = Y_hat - Y, float32 overflow; spirals and digits
"""

from importlib import import_module

_MODULES = ("adam", "augmentation", "batch_norm", "bias_variance", "dropout", "early_stopping", "ewma",
            "gradient_checking", "hyperparameter_search", "initialization", "learning_rate_decay", "minibatch",
            "momentum", "normalization", "regularization", "rmsprop", "softmax", "splits", "tasks",
            "vanishing_gradients")


def __getattr__(name):
    if name in _MODULES:
        return import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'course2.experiments' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_MODULES))
