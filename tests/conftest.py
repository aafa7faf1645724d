"""Command-line options of the test suites.

Options must be registered in a conftest.py that pytest loads before it parses the command line;
this one is seen by `pytest tests ...`, `pytest tests/browser ...` and `./dev test`.
"""


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
