"""Every notebook as a student meets it: JupyterLab in Chromium, Run All, move every explorer.

For each notebooks/*.ipynb (found by glob, so new notebooks are tested from birth): open it in a
real JupyterLab, clear and Run All from the menu, require every code cell to run without an error,
then move each `.course2-explorer`'s main slider with the keyboard (ArrowRight/ArrowLeft/Home/End)
and the mouse (a click on the track, a drag of the handle); after each move the picture must change
and the status must name the slider's new value, with no error next to the widget. No explorer label or
readout may be cut with "…", and no explorer picture shrunk below its natural size.
"""

from __future__ import annotations

import os
import time

import pytest
from browser_lab import notebooks_dir
from browser_page import (
    NotebookFailure,
    check_cells,
    legibility_problems,
    notebook_facts,
    open_notebook,
    run_all,
    screenshot,
)
from browser_probe import ExplorerProbe
from browser_report import NotebookRun

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(notebooks_dir().glob("*.ipynb"))
MOVE_TIMEOUT = float(os.environ.get("COURSE2_BROWSER_TIMEOUT", "20"))
RUN_TIMEOUT = float(os.environ.get("COURSE2_BROWSER_RUN_TIMEOUT", "180"))


def _wait_for_explorers(page, expected: int, timeout: float = 30.0) -> int:
    """Widget views render after their cell finished: wait for the explorers the file announces."""
    deadline = time.monotonic() + timeout
    explorers = page.locator(".course2-explorer")
    while explorers.count() < expected and time.monotonic() < deadline:
        time.sleep(0.1)
    found = explorers.count()
    if found < expected:
        raise NotebookFailure(
            f"{expected} cell(s) announce a live widget (a leading comment '# (live widget: ...)') "
            f"but only {found} .course2-explorer rendered in {timeout:.0f} s "
            "(widget extension not loaded, or the explorer lacks its CSS classes?)")
    return found


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_in_browser(notebook, lab, browser, browser_report, outputs, capsys):
    started = time.monotonic()
    facts = notebook_facts(notebook)
    page = browser.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    try:
        open_notebook(page, lab, notebook.name)
        run_started = time.monotonic()
        warnings = check_cells(run_all(page, RUN_TIMEOUT), facts)
        run_seconds = time.monotonic() - run_started
        count = _wait_for_explorers(page, facts["explorer_cells"])
        explorers = page.locator(".course2-explorer")
        screenshot(page, outputs["screenshots"] / f"{notebook.stem}.png", explorers.first if count else None)
        unreadable = legibility_problems(page)
        if unreadable:
            raise NotebookFailure("at the suite's 1100 px viewport:\n" + "\n".join(unreadable))
        results = [ExplorerProbe(page, notebook.name, i, MOVE_TIMEOUT).walk() for i in range(count)]
    except BaseException:
        outputs["failures"].mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(outputs["failures"] / f"{notebook.stem}.png"))
        except Exception:  # noqa: BLE001 - the page may be gone; the original error matters
            pass
        if console:
            print("browser console errors:\n  " + "\n  ".join(console[-20:]))
        raise
    finally:
        page.close()
        lab.shutdown_kernels()

    browser_report.explorers.extend(results)
    browser_report.notebooks.append(NotebookRun(notebook.name, count, round(time.monotonic() - started, 1),
                                                round(run_seconds, 1), warnings))
    with capsys.disabled():
        moves = sum(len(r.moves) for r in results)
        print(f"\n  {notebook.name}: ran all cells in {run_seconds:.1f} s, probed {count} explorer(s) "
              f"with {moves} slider moves" + (f"; {len(warnings)} stderr warning(s)" if warnings else ""))
