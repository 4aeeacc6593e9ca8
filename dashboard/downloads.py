"""Download buttons: every file is built from ``Selection.table`` when clicked (one filter implementation)."""

from __future__ import annotations

import streamlit as st

from analysis.schemas import TABLES
from dashboard import exports
from dashboard.dataset import Selection

ZIP_TABLES = TABLES


def download_ui(sel: Selection, name: str) -> None:
    """CSV, Excel and Parquet of a filtered table with every contract column, built only when clicked."""
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        f"{name}.csv",
        data=lambda: exports.to_csv(sel.table(name)),
        file_name=f"{name}.csv",
        mime="text/csv",
        on_click="ignore",
        key=f"dl-csv-{name}",
    )
    c2.download_button(
        f"{name}.xlsx",
        data=lambda: exports.to_excel(sel.table(name)),
        file_name=f"{name}.xlsx",
        on_click="ignore",
        key=f"dl-xlsx-{name}",
    )
    c3.download_button(
        f"{name}.parquet",
        data=lambda: exports.to_parquet(sel.table(name)),
        file_name=f"{name}.parquet",
        on_click="ignore",
        key=f"dl-pq-{name}",
    )


def zip_tables(sel: Selection) -> bytes:
    return exports.zip_all({name: sel.table(name) for name in ZIP_TABLES})


def zip_ui(sel: Selection) -> None:
    st.sidebar.download_button(
        "All filtered tables (.zip)",
        data=lambda: zip_tables(sel),
        file_name="wirewatch.zip",
        on_click="ignore",
        key="dl-zip",
    )
