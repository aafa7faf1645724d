"""What a student does with a notebook in JupyterLab: open it, Run All, look for errors."""

from __future__ import annotations

import json
import re
import time
import urllib.parse
from pathlib import Path

STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
ERROR_TEXT = re.compile(
    r"Traceback \(most recent call last\)|^\s*Cell In\[\d+\]|^\s*(?:\w+\.)*\w*(?:Error|Exception|Interrupt)\b",
    re.MULTILINE)

STATE_JS = """
() => {
  const bar = document.querySelector("#jp-main-statusbar");
  const cells = [...document.querySelectorAll(".jp-Notebook .jp-CodeCell")].map((cell) => ({
    prompt: (cell.querySelector(".jp-InputPrompt")?.textContent || "").trim(),
    stderr: [...cell.querySelectorAll('STDERR')].map((o) => o.textContent),
    text: cell.querySelector(".jp-Cell-outputWrapper")?.textContent || "",
  }));
  return {
    idle: /\\|\\s*Idle/.test(bar?.textContent || "") && !document.querySelector(".jp-Spinner"),
    cells,
  };
}
""".replace("STDERR", STDERR.replace('"', '\\"'))


class NotebookFailure(AssertionError):
    pass


def notebook_facts(path: Path) -> dict:
    """From the .ipynb: per code cell, may it raise (tag `raises-exception`) and the explorer count."""
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    source = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells]
    return {
        "may_raise": ["raises-exception" in c.get("metadata", {}).get("tags", []) for c in cells],
        "nbval_raises": [s.lstrip().startswith("# NBVAL_RAISES_EXCEPTION") for s in source],
        "explorer_cells": sum("live widget" in _leading_comments(s).lower() for s in source),
        "code_cells": len(cells),
    }


def _leading_comments(source: str) -> str:
    """The comment lines at the top of a cell (the contract's '# NBVAL_IGNORE_OUTPUT' + reason)."""
    lines = []
    for line in source.lstrip().splitlines():
        if not line.lstrip().startswith("#"):
            break
        lines.append(line)
    return "\n".join(lines)


def menu(page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(top)}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


def state(page) -> dict:
    return page.evaluate(STATE_JS)


def wait_for(page, predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        current = state(page)
        if predicate(current):
            return current
        if time.monotonic() > deadline:
            prompts = " ".join(c["prompt"] for c in current["cells"])
            raise NotebookFailure(f"timed out after {timeout:.0f} s waiting for {what} "
                                  f"(kernel idle: {current['idle']}; prompts: {prompts})")
        time.sleep(0.1)


def open_notebook(page, lab, name: str, timeout: float = 90.0) -> None:
    page.goto(lab.url(f"/lab/tree/{urllib.parse.quote(name)}?reset"))
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=timeout * 1000)
    dialog = page.locator(".jp-Dialog .jp-mod-accept")  # e.g. "Select Kernel" if metadata lacks one
    if dialog.count():
        dialog.first.click()
    wait_for(page, lambda s: s["idle"] and s["cells"], timeout, "the kernel to be idle")
    sidebar = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if sidebar.count():  # collapse the file browser: more room for the notebook
        sidebar.first.click()


def _numbered(prompt: str) -> bool:
    return re.fullmatch(r"\[\d+\]:?", prompt) is not None


def run_all(page, timeout: float) -> dict:
    """Clear all outputs, Run All from the menu, wait until every cell ran or one failed."""
    menu(page, "Edit", "Clear Outputs of All Cells")
    wait_for(page, lambda s: not any(_numbered(c["prompt"]) for c in s["cells"]), 15,
             "the outputs to clear")
    menu(page, "Run", "Run All Cells")

    def done(s):
        if any("*" in c["prompt"] for c in s["cells"]) or not s["idle"]:
            return False
        failed = any(ERROR_TEXT.search(t) for c in s["cells"] for t in c["stderr"])
        return failed or all(_numbered(c["prompt"]) for c in s["cells"])

    return wait_for(page, done, timeout, "Run All to finish")


def check_cells(result: dict, facts: dict) -> list[str]:
    """Fail on any cell that did not run or shows an error; return the non-fatal stderr warnings."""
    problems, warnings = [], []
    cells = result["cells"]
    if len(cells) != facts["code_cells"]:
        problems.append(f"the page shows {len(cells)} code cells, the file has {facts['code_cells']}")
    for i, cell in enumerate(cells):
        may_raise = i < len(facts["may_raise"]) and facts["may_raise"][i]
        errors = [t for t in cell["stderr"] if ERROR_TEXT.search(t)]
        if errors and not may_raise:
            hint = (" (it is marked # NBVAL_RAISES_EXCEPTION: JupyterLab's Run All stops there; "
                    "give the cell the tag raises-exception)") if facts["nbval_raises"][i] else ""
            problems.append(f"code cell {i + 1} {cell['prompt']} shows an error{hint}:\n"
                            + _tail(errors[-1]))
        elif not _numbered(cell["prompt"]):
            problems.append(f"code cell {i + 1} did not run (prompt {cell['prompt']!r})")
        warnings += [f"code cell {i + 1}: {_tail(t, 3)}" for t in cell["stderr"] if t not in errors]
        if "Error displaying widget" in cell["text"]:
            problems.append(f"code cell {i + 1}: a widget failed to display: {_tail(cell['text'])}")
    if problems:
        raise NotebookFailure("\n".join(problems))
    return warnings


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


# Legibility as the browser shows it (tests/viz/test_legibility.py models it on the kernel side): a widget label,
# checkbox text or toggle button ipywidgets cut with "…", a readout wider than its box, an explorer picture shrunk
# below its natural size.
LEGIBILITY_JS = """
() => [...document.querySelectorAll(".course2-explorer")].flatMap((root, i) => {
  const where = `explorer #${i + 1}`;
  const cut = (sel) => [...root.querySelectorAll(sel)]
    .filter((e) => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map((e) => `${where}: "${e.textContent.trim()}" cut (${e.scrollWidth} px in ${e.clientWidth} px)`);
  const img = root.querySelector("img.course2-plot");
  const shrunk = img && img.naturalWidth && img.getBoundingClientRect().width < img.naturalWidth - 0.5
    ? [`${where}: picture shown ${Math.round(img.getBoundingClientRect().width)} px wide, drawn ${img.naturalWidth} px`]
    : [];
  return [...cut(".widget-label"), ...cut(".widget-label-basic"), ...cut(".widget-readout"),
          ...cut(".widget-toggle-button"), ...shrunk];
})
"""


def legibility_problems(page) -> list[str]:
    """Labels and readouts cut, pictures shrunk, in the explorers on the page (see LEGIBILITY_JS)."""
    return page.evaluate(LEGIBILITY_JS)


def screenshot(page, path: Path, first_explorer=None, width: int = 880) -> None:
    """The viewport with the first explorer's cell scrolled to the top, downscaled to `width`."""
    if first_explorer is not None:
        first_explorer.evaluate("e => (e.closest('.jp-Cell') || e).scrollIntoView({block: 'start'})")
    page.mouse.move(1, 1)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    time.sleep(0.3)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        image.load()
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
