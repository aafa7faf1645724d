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
