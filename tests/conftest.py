"""Shared test fixtures and the command-line options of the test suites.

Options must be registered in a conftest.py that pytest loads before it parses the command line;
this one is seen by `pytest tests ...`, `pytest tests/browser ...` and `./dev test`.
Add to this file; keep each piece small.
"""

import os

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("course2 browser suite (tests/browser)")
    group.addoption(
        "--gallery",
        action="store_true",
        default=False,
        help="regenerate the committed browser artifacts: one screenshot per notebook in docs/gallery/ "
        "and the key-to-image latency table in benchmarks/results/browser_latency.{md,json} "
        "(without it both go to .browser-artifacts/)",
    )


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def torch():
    """PyTorch (CPU) for the oracle tests.

    In CI (the CI environment variable set) torch is required: a missing or wrong install makes
    these tests FAIL, never skip. Outside CI they are skipped when torch is not installed.
    """
    if _in_ci():
        import torch as _torch  # an ImportError here fails the test loudly in CI

        assert _torch.__version__.split("+")[0] == "2.13.0", f"CI needs torch==2.13.0, got {_torch.__version__}"
    else:
        _torch = pytest.importorskip("torch")
    # torch's OpenMP pool spin-waits between the tiny ops of these tests and costs seconds per test
    # on a busy 2-core machine; one thread gives the same float64 results.
    _torch.set_num_threads(1)
    return _torch


@pytest.fixture(scope="session")
def task():
    """The overfitting task of notebooks 03-05 (``overfitting_task(rng=1)``), shared by the suites."""
    from course2.experiments.tasks import overfitting_task

    return overfitting_task(rng=1)


# -- divergence: a huge learning rate, and what may (not) be on screen afterwards --------------------------
#: a learning rate that makes every training run of the course's tasks diverge within a few iterations
HUGE_ALPHA = 1e4


def diverged_words(iteration) -> str:
    """The words every table, figure and explorer must show for a diverged run."""
    return f"diverged at iteration {iteration}"


def _shows_inf_or_nan(text: str) -> bool:
    import re

    return re.search(r"(?<![A-Za-z])(inf|nan)(?![A-Za-z])", text, flags=re.IGNORECASE) is not None


def assert_no_inf_or_nan_words(text: str) -> None:
    """``text`` (a printed table, a title, a status line) shows no "inf" or "nan" number."""
    assert not _shows_inf_or_nan(text), text


def _shown(artist) -> bool:
    if not artist.get_visible():
        return False
    ax = getattr(artist, "axes", None)       # (a Figure's .axes is a list)
    return not hasattr(ax, "get_visible") or ax is artist or ax.get_visible()


def nonfinite_on_screen(figure) -> list[str]:
    """What a matplotlib figure would draw that is not finite: visible images, lines, bars, step
    histograms, scatters and contours holding inf/nan, and visible texts reading "inf"/"nan"."""
    import numpy as np
    from matplotlib.collections import Collection
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle, StepPatch
    from matplotlib.text import Text

    problems = []
    for a in figure.findobj():
        if not _shown(a):
            continue
        if isinstance(a, AxesImage):
            values = np.asarray(a.get_array(), dtype=float)
        elif isinstance(a, Line2D):
            values = np.asarray(a.get_xydata(), dtype=float)
        elif isinstance(a, StepPatch):
            values = np.asarray(a.get_data().values, dtype=float)
        elif isinstance(a, Rectangle):
            values = np.array([*a.get_xy(), a.get_width(), a.get_height()], dtype=float)
        elif isinstance(a, Collection):
            paths = [p.vertices for p in a.get_paths()]
            values = np.concatenate([np.asarray(a.get_offsets(), dtype=float).ravel(),
                                     *(np.asarray(v, dtype=float).ravel() for v in paths)])
        elif isinstance(a, Text):
            if _shows_inf_or_nan(a.get_text()):
                problems.append(f"text {a.get_text()!r}")
            continue
        else:
            continue
        if not np.all(np.isfinite(values)):
            problems.append(f"{type(a).__name__} {a.get_label()!r} holds non-finite values")
    return problems


def figure_texts(figure) -> str:
    """Every visible text of a figure (titles, legends, annotations), one per line."""
    from matplotlib.text import Text

    return "\n".join(t.get_text() for t in figure.findobj(Text) if _shown(t) and t.get_text())


def assert_figure_says_diverged(figure, iteration=None) -> None:
    """The figure draws nothing non-finite and one of its texts says "diverged at iteration N"."""
    assert nonfinite_on_screen(figure) == []
    words = "diverged at iteration" if iteration is None else diverged_words(iteration)
    assert words in figure_texts(figure), figure_texts(figure)


def assert_explorer_says_diverged(explorer, iteration=None) -> None:
    """A settled explorer shows a diverged result: no error, the banner and the status say
    "diverged at iteration N", and its picture holds nothing non-finite (nor "inf"/"nan" titles)."""
    explorer.wait(timeout=120)
    assert explorer.last_error is None, explorer.last_error
    words = "diverged at iteration" if iteration is None else diverged_words(iteration)
    assert words in explorer.status_text, explorer.status_text
    assert_no_inf_or_nan_words(explorer.status_text)
    assert explorer._banner.get_visible() and words in explorer._banner.get_text()
    assert nonfinite_on_screen(explorer.figure) == []


@pytest.fixture(scope="session")
def divergence():
    """The divergence helpers above as one object: ``divergence.alpha``, ``.words(n)``,
    ``.assert_explorer(ex[, n])``, ``.assert_figure(fig[, n])``, ``.nonfinite(fig)``, ``.assert_clean_text(s)``."""
    import types

    return types.SimpleNamespace(alpha=HUGE_ALPHA, words=diverged_words, assert_explorer=assert_explorer_says_diverged,
                                 assert_figure=assert_figure_says_diverged, nonfinite=nonfinite_on_screen,
                                 texts=figure_texts, assert_clean_text=assert_no_inf_or_nan_words)
