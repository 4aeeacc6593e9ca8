"""Downloads: tables as CSV, Excel, Parquet or one zip, safe to open in a spreadsheet (no Streamlit here)."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula (= + - @) with an apostrophe."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            s = out[col].astype("string")
            risky = s.str.startswith(_FORMULA).fillna(False)
            out[col] = s.where(~risky, "'" + s)
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    return neutralise(df).to_csv(index=False).encode("utf-8")


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
