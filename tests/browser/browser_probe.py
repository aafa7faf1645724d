"""Move one explorer's main slider in the browser and check what the student sees.

A MutationObserver installed on the explorer's root records, with `performance.now()` times, every
change of the picture (`img` src), the status text, the error output and the readout; key and
pointer events are time-stamped in the capture phase. Latency of a move = first record in which the
new picture is shown AND the status names the readout's value (and no longer says "training…"),
minus the time of the key press (or pointer event).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from browser_values import is_error, is_training, names_value

INSTALL_JS = """
(root, index) => {
  const c2 = (window.__c2 = window.__c2 || {probes: {}, input: []});
  if (!c2.listening) {
    for (const type of ["keydown", "pointerdown", "pointerup"]) {
      document.addEventListener(type, (e) => c2.input.push({type, t: e.timeStamp}), true);
    }
    c2.listening = true;
  }
  const q = (sel) => root.querySelector(sel);
  const text = (sel) => { const el = q(sel); return el ? el.textContent : null; };
  const snap = () => {
    const img = q("img.course2-plot") || q(".course2-plot img");
    const handle = q(".course2-main-control .noUi-handle");
    const aria = (name) => handle ? Number(handle.getAttribute(name)) : null;
    return {
      t: performance.now(),
      src: img ? img.getAttribute("src") || "" : null,
      status: text(".course2-status .widget-html-content") ?? text(".course2-status"),
      error: text(".course2-error") || "",
      readout: text(".course2-main-control .widget-readout") || "",
      now: aria("aria-valuenow"), min: aria("aria-valuemin"), max: aria("aria-valuemax"),
    };
  };
  if (c2.probes[index]) c2.probes[index].observer.disconnect();
  const probe = {log: [], snap, seq: 0, waiters: []};
  probe.observer = new MutationObserver(() => {
    probe.seq += 1;
    probe.log.push(snap());
    for (const wake of probe.waiters.splice(0)) wake();
  });
  probe.observer.observe(root, {subtree: true, childList: true, attributes: true, characterData: true});
  c2.probes[index] = probe;
  return {
    main: root.querySelectorAll(".course2-main-control").length,
    handles: root.querySelectorAll(".course2-main-control .noUi-handle").length,
    plots: root.querySelectorAll("img.course2-plot, .course2-plot img").length,
    statuses: root.querySelectorAll(".course2-status").length,
    errors: root.querySelectorAll(".course2-error").length,
    label: text(".course2-main-control .widget-label") || "",
    classes: [...root.classList],
  };
}
"""

# Resolves at the first DOM change after `seq` (at once if there was one), or after `ms`.
NEXT_JS = """
async ([i, seq, ms]) => {
  const probe = window.__c2.probes[i];
  if (probe.seq <= seq) await new Promise((wake) => { probe.waiters.push(wake); setTimeout(wake, ms); });
  return {...probe.snap(), seq: probe.seq};
}
"""

HASH_JS = """
async (src) => {
  const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
  let h = 2166136261;
  for (const b of bytes) { h ^= b; h = Math.imul(h, 16777619) >>> 0; }
  return `${bytes.length}:${h}`;
}
"""

KEY_PLAN = ("ArrowRight", "ArrowRight", "ArrowLeft", "End", "ArrowLeft", "ArrowLeft", "Home",
            "ArrowRight", "ArrowRight", "ArrowRight")
OPPOSITE = {"ArrowRight": "ArrowLeft", "ArrowLeft": "ArrowRight", "End": "Home", "Home": "End"}


class ProbeFailure(AssertionError):
    pass


@dataclass
class Move:
    how: str
    device: str  # "key" or "mouse"
    before: str
    after: str
    latency_ms: float | None
    first_ms: float | None


@dataclass
class ExplorerResult:
    notebook: str
    index: int
    label: str
    moves: list[Move] = field(default_factory=list)
    training: bool = False
    registered: str = ""

    @property
    def name(self) -> str:
        return f"#{self.index + 1} {self.registered or ''} ({self.label})".replace("  ", " ")

    def latencies(self, device: str = "key") -> list[float]:
        return [m.latency_ms for m in self.moves if m.device == device and m.latency_ms is not None]

    def first_responses(self, device: str = "key") -> list[float]:
        return [m.first_ms for m in self.moves if m.device == device and m.first_ms is not None]


def _effective_key(key: str, state: dict) -> str:
    at_max, at_min = state["now"] >= state["max"], state["now"] <= state["min"]
    if (key in ("ArrowRight", "End") and at_max) or (key in ("ArrowLeft", "Home") and at_min):
        return OPPOSITE[key]
    return key


class ExplorerProbe:
    """Drive the `index`-th `.course2-explorer` of `page`."""

    def __init__(self, page, notebook: str, index: int, timeout: float = 20.0):
        self.page, self.index, self.timeout = page, index, timeout
        self.root = page.locator(".course2-explorer").nth(index)
        self.where = f"{notebook}, explorer #{index + 1}"
        self.result = ExplorerResult(notebook, index, "")
        self._hash: str | None = None

    # -- browser helpers ------------------------------------------------------------------------
    def snapshot(self) -> dict:
        return self.page.evaluate("i => ({...window.__c2.probes[i].snap(), seq: window.__c2.probes[i].seq})",
                                  self.index)

    def next_state(self, seq: int, seconds: float) -> dict:
        """The state after the next change of the explorer's DOM, or after `seconds` without one."""
        return self.page.evaluate(NEXT_JS, [self.index, seq, round(seconds * 1000)])

    def _log(self) -> tuple[list[dict], list[dict]]:
        return self.page.evaluate("i => [window.__c2.probes[i].log, window.__c2.input]", self.index)

    def _clear_log(self) -> None:
        self.page.evaluate("i => { window.__c2.probes[i].log.length = 0; window.__c2.input.length = 0; }",
                           self.index)

    def _image_hash(self, src: str) -> str:
        return self.page.evaluate(HASH_JS, src)

    def fail(self, message: str) -> None:
        raise ProbeFailure(f"{self.where} ({self.result.label or 'no label'}): {message}")

    # -- structure and initial state --------------------------------------------------------------
    def start(self) -> None:
        self.root.scroll_into_view_if_needed()
        parts = self.root.evaluate(INSTALL_JS, self.index)
        self.result.label = parts["label"].strip()
        # optional hints on the root: course2-name-<registered name>, course2-threaded (it trains)
        names = [c.removeprefix("course2-name-") for c in parts["classes"] if c.startswith("course2-name-")]
        self.result.registered = names[0] if names else ""
        self.result.training = "course2-threaded" in parts["classes"]
        if parts["main"] != 1:
            self.fail(f"expected exactly one .course2-main-control, found {parts['main']}")
        if parts["handles"] != 1:
            self.fail("the .course2-main-control is not a slider (no .noUi-handle)")
        for key, cls in (("plots", "img inside .course2-plot"), ("statuses", ".course2-status"),
                         ("errors", ".course2-error")):
            if parts[key] != 1:
                self.fail(f"expected exactly one {cls}, found {parts[key]}")
        state = self.snapshot()
        self._check_no_error(state, "before any move")
        if not state["src"]:
            self.fail("the plot shows no image before any move")
        if not names_value(state["status"], state["readout"], self.result.label):
            self.fail(f"before any move, the status {state['status']!r} does not name the slider's "
                      f"value {state['readout']!r}")
        if state["max"] <= state["min"]:
            self.fail(f"the main slider has a single position (min {state['min']}, max {state['max']})")
        self._hash = self._image_hash(state["src"])

    def _check_no_error(self, state: dict, when: str) -> None:
        if state["error"].strip() or is_error(state["status"] or ""):
            deadline = time.monotonic() + 1.0  # traceback and status land one after the other
            while (not state["error"].strip() or not is_error(state["status"] or "")) \
                    and time.monotonic() < deadline and "seq" in state:
                state = self.next_state(state["seq"], 0.2)
            self.fail(f"{when}: an error is shown next to the widget.\n  status: {state['status']!r}\n"
                      f"  .course2-error: {state['error'].strip()[-1500:]!r}")

    # -- moves ----------------------------------------------------------------------------------
    def press(self, key: str) -> Move:
        before = self.snapshot()
        key = _effective_key(key, before)
        self._clear_log()
        self.root.locator(".course2-main-control .noUi-handle").focus()
        self.page.keyboard.press(key)
        return self._settle(before, f"key {key}", "key", "keydown", last=True)

    def click_track(self, fraction: float) -> Move:
        before = self.snapshot()
        self.root.scroll_into_view_if_needed()
        box = self.root.locator(".course2-main-control .noUi-base").bounding_box()
        self._clear_log()
        self.page.mouse.click(box["x"] + fraction * box["width"], box["y"] + box["height"] / 2)
        return self._settle(before, f"mouse click at {fraction:.0%} of the track", "mouse",
                            "pointerdown", last=False)

    def drag_handle(self, fraction: float) -> Move:
        before = self.snapshot()
        self.root.scroll_into_view_if_needed()
        base = self.root.locator(".course2-main-control .noUi-base").bounding_box()
        handle = self._resting_handle_box()
        self._clear_log()
        mouse = self.page.mouse
        mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
        mouse.down()
        mouse.move(base["x"] + fraction * base["width"], base["y"] + base["height"] / 2, steps=8)
        mouse.up()
        return self._settle(before, f"mouse drag of the handle to {fraction:.0%}", "mouse",
                            "pointerup", last=True)

    def _resting_handle_box(self) -> dict:
        """The handle's box once it has stopped moving: after a click on the track noUiSlider
        animates the handle (class noUi-state-tap, ~300 ms), and grabbing it mid-flight presses
        the track instead of the handle."""
        handle = self.root.locator(".course2-main-control .noUi-handle")
        tapping = self.root.locator(".course2-main-control .noUi-state-tap")
        deadline = time.monotonic() + 3
        box = handle.bounding_box()
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(60)
            again = handle.bounding_box()
            if again == box and tapping.count() == 0:
                return box
            box = again
        self.fail("the slider handle kept moving for 3 s after the last move")

    # -- waiting --------------------------------------------------------------------------------
    def _shown(self, state: dict, before: dict) -> bool:
        return (state["src"] != before["src"] and not is_training(state["status"])
                and names_value(state["status"], state["readout"], self.result.label))

    def _settle(self, before: dict, how: str, device: str, event: str, last: bool) -> Move:
        start = time.monotonic()
        state = self.snapshot()
        while state["now"] == before["now"] and state["readout"] == before["readout"]:
            if time.monotonic() - start > 3:
                self.fail(f"{how}: the slider did not move (readout stays {before['readout']!r})")
            state = self.next_state(state["seq"], 0.25)
        how = f"{how} ({before['readout']} -> {state['readout']})"
        shown, shown_at = None, 0.0  # settled = the same shown picture and status for 150 ms
        while True:
            self._check_no_error(state, f"after {how}")
            now = time.monotonic()
            if not self._shown(state, before):
                shown = None
                if now - start > self.timeout:
                    self.fail(self._explain_timeout(how, before, state))
            elif shown != (state["src"], state["status"]):
                shown, shown_at = (state["src"], state["status"]), now
            elif now - shown_at >= 0.15 or now - start > self.timeout:
                break
            wait = 0.5 if shown is None else max(0.01, 0.15 - (now - shown_at))
            state = self.next_state(state["seq"], wait)
        return self._record(before, state, how, device, event, last)

    def _explain_timeout(self, how: str, before: dict, state: dict) -> str:
        waited = f"within {self.timeout:.0f} s"
        if state["src"] == before["src"]:
            return (f"after {how} the image did not change {waited} "
                    f"(status now {state['status']!r}): the plot does not follow the slider")
        if is_training(state["status"]):
            return f"after {how} the status still says {state['status']!r} {waited}"
        return (f"after {how} the image changed but the status {state['status']!r} does not name "
                f"the slider's value {state['readout']!r} {waited}")

    def _record(self, before: dict, state: dict, how: str, device: str, event: str, last: bool) -> Move:
        log, inputs = self._log()
        for entry in log:
            if is_training(entry["status"] or ""):
                self.result.training = True
            self._check_no_error(entry, f"during {how}")
        new_hash = self._image_hash(state["src"])
        if new_hash == self._hash:
            self.fail(f"after {how} the image element was replaced but shows the same picture "
                      f"as before (bytes {new_hash})")
        self._hash = new_hash
        times = [e["t"] for e in inputs if e["type"] == event]
        latency = first = None
        if times:
            t0 = times[-1] if last else times[0]
            shown = [e["t"] for e in log if e["t"] >= t0 and self._shown(e, before)]
            changed = [e["t"] for e in log if e["t"] >= t0
                       and (e["src"] != before["src"] or e["status"] != before["status"])]
            latency = round(shown[0] - t0, 1) if shown else None
            first = round(changed[0] - t0, 1) if changed else None
        move = Move(how, device, before["readout"], state["readout"], latency, first)
        self.result.moves.append(move)
        return move

    # -- the whole walk -------------------------------------------------------------------------
    def walk(self, presses: int = len(KEY_PLAN)) -> ExplorerResult:
        self.start()
        for i in range(presses):
            self.press(KEY_PLAN[i % len(KEY_PLAN)])
        state = self.snapshot()
        position = (state["now"] - state["min"]) / (state["max"] - state["min"])
        self.click_track(0.25 if position > 0.5 else 0.75)
        state = self.snapshot()
        position = (state["now"] - state["min"]) / (state["max"] - state["min"])
        self.drag_handle(0.1 if position > 0.5 else 0.9)
        return self.result
