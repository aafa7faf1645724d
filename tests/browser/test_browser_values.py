"""The browser suite's judgement "the status names the slider's value" (no browser needed)."""

import json

import pytest
from browser_page import ERROR_TEXT, check_cells, notebook_facts
from browser_report import percentile
from browser_values import is_error, is_training, names_value, numbers


@pytest.mark.parametrize(("status", "readout"), [
    ("k = 3 · ok", "3"),
    ("λ = 0.0001 · dev acc 91.2%", "0.000100"),  # FloatLogSlider readout pads zeros
    ("λ = 10 · ok", "10.0"),
    ("λ = 0.03 · dev acc 91.2%", "0.0316"),       # status rounds more coarsely than the readout
    ("m = 1,000 · dev 10", "1e+03"),
    ("m = 10⁸ · dev 1%", "1e+08"),
    ("λ = 3×10⁻³", "0.003"),
    ("λ = 1e-3", "0.001"),
    ("dev fraction = 25% · dev 250", "0.25"),
    ("keep_prob = −0.5", "-0.5"),
    ("g = sigmoid · ok", "sigmoid"),
    ("iteration = 1500 · dev 3.1%", "1500"),
])
def test_status_names_the_readout(status, readout):
    assert names_value(status, readout)


@pytest.mark.parametrize(("status", "readout"), [
    ("k = 4 · ok", "3"),                 # the previous value: a stale picture
    ("k = 13 · ok", "3"),                # no match inside another number
    ("λ = 0.0 · ok", "0.001"),           # printed as zero is not the value
    ("λ = 0.002", "0.001"),              # adjacent step
    ("m = 10 · ok", "100"),
    ("dev acc 91.2% · k = 5", "91"),     # numbers outside the 'name = value' parts do not count
    ("g = tanh · ok", "sigmoid"),
    ("g = sigmoidal", "sigmoid"),
    ("error: boom", "3"),
    ("k = 3", ""),
])
def test_status_does_not_name_another_value(status, readout):
    assert not names_value(status, readout)


@pytest.mark.parametrize(("status", "readout", "label", "expected"), [
    ("m = 1,000,000 · train 980,000 · dev 10,000", "1,000,000", "examples m", True),
    ("hidden units = 32 · layers = 2 · m = 50", "32", "hidden units / layer", True),
    ("hidden units = 32 · layers = 2 · m = 50", "50", "hidden units / layer", False),  # another control
    ("keep_prob = 0.50 · train 95.0%", "0.50", "keep_prob", True),
    ("λ = 0.01 · L2", "0.01", "lambda", True),  # no segment named like the label: all segments count
])
def test_the_segment_named_like_the_slider_decides(status, readout, label, expected):
    assert names_value(status, readout, label) is expected


def test_numbers_carry_their_printed_precision():
    assert numbers("0.0316") == [(0.0316, pytest.approx(0.00005))]
    assert numbers("1,234") == [(1234.0, 0.5)]
    assert numbers("2.5e-3") == [(0.0025, pytest.approx(0.00005))]


def test_training_and_error_states():
    assert is_training("λ = 0.1 · training…") and not is_training("λ = 0.1 · dev 90%")
    assert is_training("training... λ = 0.1") and not is_training("copies = 1 · 40 training points")
    assert is_error(" Error: ValueError") and not is_error("λ = 0.1 · no error")


def test_error_outputs_are_recognized_and_warnings_are_not():
    assert ERROR_TEXT.search("ZeroDivisionError    Traceback (most recent call last)")
    assert ERROR_TEXT.search("  Cell In[3], line 1\n    1 +\n       ^\nSyntaxError: invalid syntax")
    assert not ERROR_TEXT.search("/x.py:3: UserWarning: the figure is empty\n  warnings.warn(")


def _cells(*cells):
    return {"cells": [{"prompt": p, "stderr": e, "text": ""} for p, e in cells]}


def test_check_cells_fails_on_errors_and_unrun_cells_but_honours_raises_exception():
    facts = {"may_raise": [False, True, False], "nbval_raises": [False] * 3,
             "explorer_cells": 0, "code_cells": 3}
    traceback = "ValueError  Traceback (most recent call last)"
    assert check_cells(_cells(("[1]:", []), ("[2]:", [traceback]), ("[3]:", ["UserWarning: x"])),
                       facts) == ["code cell 3:     UserWarning: x"]
    with pytest.raises(AssertionError, match="code cell 1 .* shows an error"):
        check_cells(_cells(("[1]:", [traceback]), ("[2]:", []), ("[3]:", [])), facts)
    with pytest.raises(AssertionError, match="code cell 3 did not run"):
        check_cells(_cells(("[1]:", []), ("[2]:", []), ("[ ]:", [])), facts)


def test_percentile_interpolates_like_numpy():
    assert percentile([], 50) is None
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 25.0
    assert percentile([10.0, 20.0, 30.0, 40.0], 95) == pytest.approx(38.5)


def test_explorer_cells_are_counted_from_the_leading_comments(tmp_path):
    def code(source, tags=()):
        return {"cell_type": "code", "source": source, "metadata": {"tags": list(tags)}, "outputs": []}

    cells = [code("# NBVAL_IGNORE_OUTPUT\n# (live widget: its text repr carries a model id)\nex.widget"),
             code(["# NBVAL_IGNORE_OUTPUT  (live widget: a model id)\n", "ex2.widget"]),
             code("x = 1  # not a live widget: the comment is not leading"),
             code("# NBVAL_RAISES_EXCEPTION\n1 / 0", tags=["raises-exception"]),
             {"cell_type": "markdown", "source": "# live widget", "metadata": {}}]
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps({"cells": cells}))
    facts = notebook_facts(path)
    assert facts["explorer_cells"] == 2 and facts["code_cells"] == 4
    assert facts["may_raise"] == [False, False, False, True]
    assert facts["nbval_raises"] == [False, False, False, True]
