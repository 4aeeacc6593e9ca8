"""Downloads: tables as CSV, Excel, Parquet or one zip, safe to open in a spreadsheet (no Streamlit here)."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd

# Code point ranges (first, last). FORMULA_START: what a spreadsheet may read as the start of a formula,
# = + - @ | and every character Unicode folds to one of them (NFKC: full-width ＝＋－＠｜, small ﹦﹢﹣﹫, super-
# and subscript forms), and the minus sign. INVISIBLE: what may stand before it unseen (Unicode whitespace and
# format characters: BOM, zero-width spaces and joiners, bidi marks, soft hyphen). Tests derive both from
# unicodedata and compare.
FORMULA_START = (
    (0x2B, 0x2B),
    (0x2D, 0x2D),
    (0x3D, 0x3D),
    (0x40, 0x40),
    (0x7C, 0x7C),
    (0x207A, 0x207A),
    (0x207C, 0x207C),
    (0x208A, 0x208A),
    (0x208C, 0x208C),
    (0x2212, 0x2212),
    (0x2A75, 0x2A76),
    (0xFB29, 0xFB29),
    (0xFE62, 0xFE63),
    (0xFE66, 0xFE66),
    (0xFE6B, 0xFE6B),
    (0xFF0B, 0xFF0B),
    (0xFF0D, 0xFF0D),
    (0xFF1D, 0xFF1D),
    (0xFF20, 0xFF20),
    (0xFF5C, 0xFF5C),
)
INVISIBLE = (
    (0x09, 0x0D),
    (0x1C, 0x20),
    (0x85, 0x85),
    (0xA0, 0xA0),
    (0xAD, 0xAD),
    (0x600, 0x605),
    (0x61C, 0x61C),
    (0x6DD, 0x6DD),
    (0x70F, 0x70F),
    (0x890, 0x891),
    (0x8E2, 0x8E2),
    (0x1680, 0x1680),
    (0x180E, 0x180E),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x2064),
    (0x2066, 0x206F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x13438),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)


def _char_class(ranges: tuple[tuple[int, int], ...]) -> str:
    """A regex character class of literal characters (no \\s or \\u: pyarrow's RE2 and Python's re read it alike)."""
    return (
        "["
        + "".join(
            re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
        )
        + "]"
    )


RISKY = re.compile(f"^{_char_class(INVISIBLE)}*{_char_class(FORMULA_START)}|^[\t\r]")


def is_formula_like(cell: str) -> bool:
    """Whether a spreadsheet might run this text as a formula."""
    return bool(RISKY.match(cell))


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet could run as a formula with an apostrophe (see ``RISKY``)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            s = out[col].astype("string")
            risky = s.str.contains(RISKY.pattern, regex=True).fillna(False).astype(bool)
            out[col] = s.where(~risky, "'" + s)
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV with CRLF row ends (RFC 4180), so a cell holding a bare CR or LF is quoted and stays in its row."""
    return neutralise(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def to_excel(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    safe = neutralise(df)
    for col in safe.columns:  # Excel has no timezone-aware or nullable types
        if pd.api.types.is_extension_array_dtype(safe[col]):
            safe[col] = safe[col].astype(object)
    safe.to_excel(buf, index=False, engine="openpyxl")
    return buf.getvalue()


def to_parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def zip_all(tables: dict[str, pd.DataFrame]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, df in tables.items():
            zf.writestr(f"{name}.csv", to_csv(df))
    return buf.getvalue()
