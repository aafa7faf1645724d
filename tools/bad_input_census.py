"""Run the bad-input table of tests/test_bad_input.py and count the answers: clear, unclear, silent.

    clear    the expected ValueError / TypeError, its message matching the entry's regex (the argument's name)
    unclear  another exception (ZeroDivisionError, IndexError, TraitError, ...), or the message does not match
    silent   no exception: the bad input was accepted

Usage: ``PYTHONPATH=. python tools/bad_input_census.py [-v]`` (-v lists every unclear and silent call).
"""

from __future__ import annotations

import re
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def classify(case) -> tuple[str, str]:
    try:
        with warnings.catch_warnings(), np.errstate(all="raise"):
            warnings.simplefilter("error")
            result = case.run()
    except Exception as exc:  # every answer counts, whatever it is
        message = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, case.error) and re.search(case.regex, str(exc)):
            return "clear", message
        return "unclear", message
    close = getattr(result, "close", None)
    if callable(close) and hasattr(result, "worker"):
        close()
    return "silent", f"returned {type(result).__name__}"


def main(argv: list[str]) -> int:
    import test_bad_input as table

    verbose = "-v" in argv
    counts: Counter = Counter()
    t0 = time.perf_counter()
    for case in table.ALL_CASES:
        kind, what = classify(case)
        counts[kind] += 1
        if verbose and kind != "clear":
            print(f"{kind:8s} {case.id}\n         -> {' '.join(what.split())[:200]}")
    total = sum(counts.values())
    print(f"{total} bad calls over {len(table.TABLE)} public callables and methods: "
          f"{counts['clear']} clear, {counts['unclear']} unclear, {counts['silent']} silent "
          f"({time.perf_counter() - t0:.1f} s)")
    return 0 if counts["clear"] == total else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
