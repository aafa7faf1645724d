"""Every notebook reads without a kernel: nbconvert's HTML shows each explorer's first picture."""

import base64
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def explorer_cells(nb):
    """Code cells that build a live explorer (their first lines: the nbval marker, then '# (live widget')."""
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and "# (live widget" in src:
            yield cell


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_each_explorer_cell_saves_its_first_picture_and_html_shows_it(path):
    from nbconvert import HTMLExporter

    nb = json.loads(path.read_text())
    cells = list(explorer_cells(nb))
    assert cells, f"{path.name} has no live explorer"
    pictures = []
    for cell in cells:
        outputs = [o for o in cell["outputs"] if "image/png" in o.get("data", {})]
        assert outputs, f"{path.name}: an explorer cell has no saved picture: {''.join(cell['source'])[:80]!r}"
        png = base64.b64decode("".join(outputs[-1]["data"]["image/png"]))
        assert png[:4] == b"\x89PNG" and len(png) > 2000
        assert all("application/vnd.jupyter.widget-view+json" not in o.get("data", {}) for o in cell["outputs"])
        pictures.append("".join(outputs[-1]["data"]["image/png"]))
    html, _ = HTMLExporter().from_filename(str(path))
    for picture in pictures:
        assert f"data:image/png;base64,{picture[:200]}" in html.replace("\n", "")
    assert "[live explorer" not in html
