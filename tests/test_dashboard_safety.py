"""A dashboard safe to host: exports that no spreadsheet runs, text shown as text, folders only under a root."""

from __future__ import annotations

import io
import sys
import unicodedata

import openpyxl
import pandas as pd
import pytest

from dashboard import exports

# ---------------------------------------------------------------- exports: formula prefixes (issue 12 #18)

RISKY_CELLS = [
    "=1+1", "+cmd", "-2", "@x", "|calc", "\tx", "\rx",
    "\uff1dHYPERLINK(1)", "\uff0b1", "\uff0d1", "\uff20SUM(1)", "\uff5ccalc",  # full-width ＝＋－＠｜
    "\ufe66cmd", "\ufe62cmd", "\ufe63cmd", "\ufe6bx",  # small ﹦﹢﹣﹫
    "\u2212" "1", "\ufeff=cmd", "\u200b=cmd", "\u200d+1", "\u00a0@x", "  =x", "\u2060\ufeff-1", "\u3000\uff1dx",
]
SAFE_CELLS = ["ok", "a=b", "1-2", "Blinken said", "", "'=already", "\u00e9=", "x|y"]


def _derived(keep) -> set[int]:
    return {c for c in range(sys.maxunicode + 1) if keep(chr(c))}


def _expanded(ranges) -> set[int]:
    return {c for a, b in ranges for c in range(a, b + 1)}


def test_the_character_tables_match_unicode():
    folds = _derived(lambda c: unicodedata.normalize("NFKC", c)[:1] in "=+-@|" and not c.isalnum())
    assert _expanded(exports.FORMULA_START) == folds | {0x2212}
    assert _expanded(exports.INVISIBLE) == _derived(lambda c: c.isspace() or unicodedata.category(c) == "Cf")


@pytest.mark.parametrize("dtype", [object, "string[python]", "string[pyarrow]", "str"])
@pytest.mark.parametrize("cell, risky", [(c, True) for c in RISKY_CELLS] + [(c, False) for c in SAFE_CELLS])
def test_neutralise(cell, risky, dtype):
    out = exports.neutralise(pd.DataFrame({"text": pd.Series([cell], dtype=dtype), "n": [1]}))
    assert out["text"][0] == ("'" + cell if risky else cell)
    assert exports.is_formula_like(cell) == risky
    assert out["n"][0] == 1


@pytest.mark.parametrize("cell, risky", [(c, True) for c in RISKY_CELLS] + [(c, False) for c in SAFE_CELLS])
def test_csv_cells_are_neutralised(cell, risky):
    back = pd.read_csv(io.BytesIO(exports.to_csv(pd.DataFrame({"text": [cell]}))), dtype=str, keep_default_na=False)
    assert back["text"][0].strip() == (("'" + cell) if risky else cell).strip()


@pytest.mark.parametrize("cell, risky", [(c, True) for c in RISKY_CELLS] + [(c, False) for c in SAFE_CELLS if c])
def test_xlsx_cells_are_text_not_formulas(cell, risky):
    book = openpyxl.load_workbook(io.BytesIO(exports.to_excel(pd.DataFrame({"text": [cell]}))))
    value = book.active.cell(row=2, column=1)
    assert value.data_type == "s"
    assert value.value == ("'" + cell if risky else cell)
