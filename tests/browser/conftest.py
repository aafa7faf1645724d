"""Fixtures of the browser suite: one JupyterLab and one Chromium for the whole session.

Environment:
  COURSE2_BROWSER_NOTEBOOKS  directory of notebooks to test (default: <repo>/notebooks)
  COURSE2_BROWSER_TIMEOUT    seconds a slider move may take to show its picture (default 20)
  COURSE2_BROWSER_RUN_TIMEOUT seconds Run All may take per notebook (default 180)
  COURSE2_CHROMIUM           the browser executable (default: chromium on PATH)
  CI                         when set, a missing chromium or playwright FAILS instead of skipping
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path

import pytest
from browser_lab import REPO, LabServer, notebooks_dir, using_real_notebooks
from browser_report import Report

ARTIFACTS = REPO / ".browser-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1100, "height": 800}
REPORT_KEY = pytest.StashKey[Report]()
FILES_KEY = pytest.StashKey[list]()


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def unavailable(message: str):
    if in_ci():
        pytest.fail(f"{message}; CI is set, so the browser suite must run", pytrace=False)
    pytest.skip(f"{message} (browser suite skipped; set CI=1 to make this an error)")


@pytest.fixture(scope="session")
def chromium() -> str:
    wanted = os.environ.get("COURSE2_CHROMIUM")
    path = shutil.which(wanted) if wanted else shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        where = f"COURSE2_CHROMIUM={wanted!r} is not an executable" if wanted else "chromium not found on PATH"
        unavailable(f"{where} (Debian: apt-get install chromium; ./dev test installs it)")
    return path


@pytest.fixture(scope="session")
def browser(chromium):
    """A persistent Chromium context (temporary profile) driven by Playwright."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("the Python package playwright is not installed (pip install -e '.[test]')")
    profile = tempfile.mkdtemp(prefix="course2-chromium-")
    playwright = sync_playwright().start()
    try:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=chromium, args=CHROMIUM_ARGS, viewport=VIEWPORT)
        try:
            yield context
        finally:
            context.close()
    finally:
        playwright.stop()
        shutil.rmtree(profile, ignore_errors=True)


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


@pytest.fixture(scope="session")
def lab(browser):
    """One JupyterLab for the session; stopped by process id even when tests fail or are interrupted."""
    server = LabServer(notebooks_dir())
    previous = None
    if threading.current_thread() is threading.main_thread() and \
            signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        previous = signal.signal(signal.SIGTERM, _interrupt)  # SIGTERM -> finalizers still run
    try:
        server.start()
        yield server
    finally:
        server.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


@pytest.fixture(scope="session")
def outputs(request) -> dict[str, Path]:
    """Where screenshots and the latency table go (committed places only with --gallery)."""
    if request.config.getoption("--gallery", default=False) and using_real_notebooks():
        paths = {"screenshots": REPO / "docs" / "gallery", "latency": REPO / "benchmarks" / "results"}
    else:
        paths = {"screenshots": ARTIFACTS / "screenshots", "latency": ARTIFACTS}
    return {**paths, "failures": ARTIFACTS / "failures"}


@pytest.fixture(scope="session")
def browser_report(request, outputs):
    """Collects per-notebook and per-explorer results; writes the latency table at session end."""
    report = request.config.stash[REPORT_KEY] = Report()
    yield report
    if report.notebooks:
        request.config.stash[FILES_KEY] = report.write(outputs["latency"])


def pytest_terminal_summary(terminalreporter, config):
    report = config.stash.get(REPORT_KEY, None)
    if not report or not report.notebooks:
        return
    terminalreporter.section("browser suite (JupyterLab + Chromium)")
    for line in report.markdown().splitlines()[4:]:
        terminalreporter.write_line(line)
    for path in config.stash.get(FILES_KEY, []):
        terminalreporter.write_line(f"written: {path}")
