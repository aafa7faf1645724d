"""Does an explorer's status text name the value its slider's readout shows?

The explorer contract: `.course2-status` reads "name = value · ...". The readout and the status
may format one number differently ("0.000100" vs "0.0001", "1e+03" vs "1,000", "10⁻³",
"25%" for 0.25), so numbers are compared after parsing, within the precision either side printed.
Non-numeric readouts (SelectionSlider labels) must appear as a whole word.
"""

from __future__ import annotations

import re
import unicodedata

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?P<pct>\s*%)?")
_TRAINING = re.compile(r"\btraining\s*(?:…|\.\.\.)", re.IGNORECASE)  # the busy state: "training…"


def normalize(text: str) -> str:
    """Powers of ten written out, NFKC, one kind of minus and of space, collapsed whitespace."""
    text = (text or "").replace("\u2212", "-").replace("\u2013", "-")
    text = unicodedata.normalize("NFKC", _powers_of_ten(text))
    return re.sub(r"\s+", " ", text).strip()


def _powers_of_ten(text: str) -> str:
    """'3×10⁻³', '10^-3', '10**-3', '10⁻³' -> '3e-3', '1e-3', ..."""
    text = re.sub(r"10([⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)(?![\w.])", lambda m: "10^" + m.group(1).translate(_SUPERSCRIPTS), text)
    text = re.sub(r"(\d+(?:\.\d+)?)\s*[×x*]\s*10(?:\^|\*\*)([-+]?\d+)", r"\1e\2", text)
    return re.sub(r"(?<![\d.])10(?:\^|\*\*)([-+]?\d+)", r"1e\1", text)


def numbers(text: str) -> list[tuple[float, float]]:
    """Every number in `text` as (value, half a unit in its last printed place)."""
    text = normalize(text)
    text = re.sub(r"(?<=\d)[,\u2009\u202f'](?=\d{3}\b)", "", text)  # thousands separators
    found = []
    for match in _NUMBER.finditer(text):
        literal = match.group(0).rstrip("% ").strip()
        mantissa, _, exponent = literal.lower().partition("e")
        decimals = len(mantissa.partition(".")[2])
        half_ulp = 0.5 * 10.0 ** (int(exponent or 0) - decimals)
        value = float(literal)
        found.append((value, half_ulp))
        if match.group("pct"):
            found.append((value / 100, half_ulp / 100))
    return found


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    (x, hx), (y, hy) = a, b
    if x == y:
        return True
    if abs(x - y) > max(hx, hy) * (1 + 1e-9):
        return False
    # equal within the coarser print, but "0.0" does not stand for 0.001: same sign, same order
    return x * y > 0 and abs(x - y) <= 0.2 * max(abs(x), abs(y))


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def value_parts(status: str, label: str = "") -> list[str]:
    """The 'value' of the 'name = value' segments of `status` (segments split on '·' and '|').

    With the slider's `label`, only segments whose name matches it ("m" for "examples m",
    "hidden units" for "hidden units / layer") when there are such; else every 'name = value'
    segment; else the whole status.
    """
    pairs = [seg.split("=", 1) for seg in re.split(r"[·|]", normalize(status)) if "=" in seg]
    wanted = _words(normalize(label))
    named = [value for name, value in pairs
             if wanted and _words(name) and (_words(name) <= wanted or wanted <= _words(name))]
    return named or [value for _, value in pairs] or [normalize(status)]


def names_value(status: str, readout: str, label: str = "") -> bool:
    """True when `status` names the value shown by `readout` (see module docstring)."""
    readout = normalize(readout)
    if not readout:
        return False
    parts = value_parts(status, label)
    if re.fullmatch(r"[-+]?[\d.,\s]*(?:e[-+]?\d+)?\s*%?", readout, re.IGNORECASE):
        wanted = numbers(readout)
        return any(_close(w, got) for w in wanted for part in parts for got in numbers(part))
    word = re.compile(r"(?<!\w)" + re.escape(readout) + r"(?!\w)", re.IGNORECASE)
    return any(word.search(part) for part in parts)


def is_training(status: str) -> bool:
    return bool(_TRAINING.search(status or ""))


def is_error(status: str) -> bool:
    return normalize(status).lower().startswith("error")
