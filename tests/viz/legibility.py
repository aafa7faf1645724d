"""What a student can read at the size JupyterLab shows a figure: measured on the kernel side, no browser.

A figure is drawn at ``figures.DPI`` into a PNG; JupyterLab shows a PNG at its natural size in CSS pixels,
scaled down to the output area's width when wider (``max-width: 100%`` on the explorer's Image widget and on
an output's ``img``). The output area measured in Chromium (``tests/browser``'s viewport, 1100 x 800, file
browser collapsed) is 920 px wide; a 1366 x 768 laptop window with JupyterLab's default file browser open
gives 934 px, so ``OUTPUT_WIDTH_PX`` covers both.

Every drawn text must be at least ``MIN_TEXT_PX`` CSS pixels at that size (9 pt at 96 px per inch; JupyterLab's
prose is 14 px, its widgets 13 px), inside the figure canvas, and clear of every other text. Widget
descriptions are measured in ipywidgets' font (13 px; DejaVu Sans, the font Chromium falls back to here and
one of the widest) against the default description width (80 px), beyond which ipywidgets cuts them with "…".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ipywidgets as widgets
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Bbox

from course2.viz.explorer import MAIN_CONTROL_TYPES
from course2.viz.figures import DRAW_LOCK

#: JupyterLab's output area in CSS px (920 at the browser suite's 1100 px viewport, 934 at 1366 px with the
#: file browser open): a wider PNG is scaled down to it
OUTPUT_WIDTH_PX = 920
#: the smallest text a student should have to read, in CSS px (9 pt)
MIN_TEXT_PX = 12.0
#: the main slider of every explorer, total width (description, track and readout)
MIN_MAIN_SLIDER_PX = 480
#: ... of which the track itself (what a drag moves along)
MIN_TRACK_PX = 300
#: the least room between two texts (closer, two titles read as one line)
GAP_PX = 3.0
#: ipywidgets' default description width (--jp-widgets-inline-label-width) and font size (--jp-ui-font-size1)
DESCRIPTION_WIDTH_PX = 80
WIDGET_FONT_PX = 13
#: a slider readout's maximum width (--jp-widgets-inline-width-short: 300 px / 2 - 2 px margin)
READOUT_WIDTH_PX = 148
#: a button's default width (--jp-widgets-inline-width-short) and its text padding (10 px each side)
BUTTON_WIDTH_PX = 148
BUTTON_PADDING_PX = 20
#: a checkbox's default width (--jp-widgets-inline-width), its indent (the description width and margin) and the box
CHECKBOX_WIDTH_PX = 300
CHECKBOX_BOX_PX = 24
#: the label's right margin, and a slider's readout as ipywidgets lays it out (min-width 72 px + 4 px margin)
LABEL_MARGIN_PX = 8
READOUT_PX = 76

_WIDGET_FONT = FontProperties(family="DejaVu Sans", size=WIDGET_FONT_PX)
_TEXT_TO_PATH = TextToPath()


@dataclass
class DrawnText:
    text: str
    size_px: float          # at the size shown (CSS px)
    bbox: Bbox              # in figure pixels
    artist: Text


def displayed_scale(figure) -> float:
    """How much JupyterLab shrinks the figure's PNG: 1, or the output width over the PNG width."""
    width_px = round(figure.get_figwidth() * figure.dpi)
    return min(1.0, OUTPUT_WIDTH_PX / width_px)


def drawn_texts(figure) -> list[DrawnText]:
    """Every text the figure draws (tick labels in view, titles, labels, legends, annotations, one- or multi-line,
    the animated artists of an explorer's blitting too): the Text artists whose ``draw`` runs in a full draw."""
    with DRAW_LOCK:
        renderer = figure.canvas.get_renderer()
        animated = [a for a in figure.findobj() if a.get_animated()]
        for a in animated:
            a.set_animated(False)
        seen: dict[int, Text] = {}
        original = Text.draw

        def record(text, r):
            if r is renderer and text.get_visible() and text.get_text().strip():
                seen.setdefault(id(text), text)
            return original(text, r)

        Text.draw = record
        try:
            figure.draw(renderer)
        finally:
            Text.draw = original
            for a in animated:
                a.set_animated(True)
        scale = displayed_scale(figure) * figure.dpi / 72
        return [DrawnText(t.get_text(), t.get_fontsize() * scale, t.get_window_extent(renderer), t)
                for t in seen.values()]


def text_problems(figure, *, tolerance: float = 0.5) -> list[str]:
    """Texts too small at the size shown, outside the canvas, or on top of one another."""
    problems = []
    texts = drawn_texts(figure)
    canvas = figure.bbox
    small = [f"{t.text!r} {t.size_px:.1f} px" for t in texts if t.size_px < MIN_TEXT_PX - 1e-6]
    if small:
        problems.append(f"{len(small)} texts smaller than {MIN_TEXT_PX:g} px at the size shown: " + ", ".join(small[:6])
                        + (", ..." if len(small) > 6 else ""))
    for t in texts:
        b = t.bbox
        if (b.x0 < canvas.x0 - tolerance or b.y0 < canvas.y0 - tolerance or b.x1 > canvas.x1 + tolerance
                or b.y1 > canvas.y1 + tolerance):
            problems.append(f"{t.text!r} is cut by the canvas edge ({_box(b)} outside {_box(canvas)})")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            x_gap = max(a.bbox.x0 - b.bbox.x1, b.bbox.x0 - a.bbox.x1)
            y_gap = max(a.bbox.y0 - b.bbox.y1, b.bbox.y0 - a.bbox.y1)
            if max(x_gap, y_gap) < GAP_PX - 0.01:
                problems.append(f"{a.text!r} overlaps {b.text!r} (or is closer than {GAP_PX:g} px)")
    return problems


def _box(b: Bbox) -> str:
    return f"[{b.x0:.0f}, {b.y0:.0f}, {b.x1:.0f}, {b.y1:.0f}]"


def widget_text_width(text: str) -> float:
    """Width in CSS px of ``text`` in the widgets' font."""
    width, _, _ = _TEXT_TO_PATH.get_text_width_height_descent(text, _WIDGET_FONT, ismath=False)
    return width


def _px(value) -> float | None:
    if not value:
        return None
    m = re.fullmatch(r"\s*([0-9.]+)px\s*", str(value))
    return float(m.group(1)) if m else None


def description_px(control) -> float:
    """The width ipywidgets gives a control's description: 'initial' = the text's own width."""
    width = getattr(getattr(control, "style", None), "description_width", "") or ""
    if width == "initial":
        return widget_text_width(control.description)
    px = _px(width)
    return DESCRIPTION_WIDTH_PX if px is None else px


def _descendants(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _descendants(child)


def _readouts(control) -> list[str]:
    """The readout texts a slider shows over its range (a sample of them for a long float range)."""
    if isinstance(control, widgets.SelectionSlider):
        return [str(label) for label in control._options_labels]
    fmt = getattr(control, "readout_format", "")
    if isinstance(control, widgets.FloatLogSlider):
        values = [control.base ** control.min, control.base ** control.max, control.value]
    else:
        values = [control.min, control.max, control.value]
    out = []
    for v in values:
        try:
            out.append(format(v, fmt.replace("~", "")) if fmt else str(v))
        except ValueError:
            out.append(str(v))
    return out


def _cut_in_boxes(w) -> list[str]:
    """Text ipywidgets cuts with "…" inside a fixed box: a toggle button's label wider than the button (its
    ``button_width`` less the padding), a checkbox's description wider than the checkbox (300 px unless its layout
    says otherwise, less the indent and the box), a button's description wider than the button."""
    out = []
    if isinstance(w, widgets.ToggleButtons):
        room = (_px(w.style.button_width) or BUTTON_WIDTH_PX) - BUTTON_PADDING_PX
        out += [f"toggle button {label!r} is {widget_text_width(str(label)):.0f} px in {room:.0f} px (cut with …): "
                f"a wider style button_width" for label in w._options_labels if widget_text_width(str(label)) > room]
    elif isinstance(w, widgets.Checkbox) and w.description:
        room = (_px(w.layout.width) or CHECKBOX_WIDTH_PX) - CHECKBOX_BOX_PX - (
            description_px(w) + LABEL_MARGIN_PX if w.indent else 0)
        if widget_text_width(w.description) > room:
            out.append(f"checkbox {w.description!r} is {widget_text_width(w.description):.0f} px in {room:.0f} px "
                       f"(cut with …): a wider layout, or indent=False")
    elif isinstance(w, widgets.Button) and w.description:
        room = (_px(w.layout.width) or BUTTON_WIDTH_PX) - BUTTON_PADDING_PX
        if widget_text_width(w.description) > room:
            out.append(f"button {w.description!r} is {widget_text_width(w.description):.0f} px in {room:.0f} px")
    return out


def widget_problems(explorer) -> list[str]:
    """A main slider narrower than ``MIN_MAIN_SLIDER_PX`` (or a short track), a description, toggle-button label
    or checkbox text that ipywidgets would cut with "…", a readout wider than its box."""
    problems = []
    main = explorer.main_control
    width = _px(main.layout.width)
    if width is None or width < MIN_MAIN_SLIDER_PX:
        problems.append(f"main slider {main.description!r} is {main.layout.width or 'the default 300px'} wide "
                        f"(< {MIN_MAIN_SLIDER_PX}px)")
    else:
        track = width - description_px(main) - LABEL_MARGIN_PX - READOUT_PX
        if track < MIN_TRACK_PX:
            problems.append(f"main slider {main.description!r}: its track is {track:.0f} px (< {MIN_TRACK_PX})")
    for w in _descendants(explorer.widget):
        problems += _cut_in_boxes(w)
        description = getattr(w, "description", "")
        if not description or isinstance(w, (widgets.Checkbox, widgets.Button)):   # (see _cut_in_boxes)
            continue
        need, have = widget_text_width(description), description_px(w)
        if need > have:
            problems.append(f"description {description!r} is {need:.0f} px in a {have:.0f} px label (cut with …): "
                            f"style={{'description_width': 'initial'}} or shorter words")
    for w in _descendants(explorer.widget):
        if isinstance(w, MAIN_CONTROL_TYPES) and w.readout:
            for text in _readouts(w):
                if widget_text_width(text) > READOUT_WIDTH_PX:
                    problems.append(f"readout {text!r} of {w.description!r} is wider than {READOUT_WIDTH_PX} px")
    return problems
