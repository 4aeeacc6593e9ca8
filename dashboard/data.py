"""Where the dashboard's tables come from; the only module that caches."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.io import read_tables
from analysis.pipeline import Config, analyse

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
MAX_UPLOAD_MB = 200
UPLOAD_TYPES = ["txt", "csv", "tsv", "jsonl", "json", "parquet", "zip"]


@st.cache_data(show_spinner="Analysing the sample articles…")
def sample_tables() -> dict[str, pd.DataFrame]:
    return analyse([SAMPLE], Config(workers=1, progress=False)).tables()


@st.cache_data(show_spinner="Loading tables…")
def folder_tables(path: str) -> dict[str, pd.DataFrame]:
    return read_tables(path)


@st.cache_data(show_spinner=False, max_entries=4)
def uploaded_tables(files: tuple[tuple[str, bytes], ...], _on_progress=None) -> dict[str, pd.DataFrame]:
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for name, data in files:
            p = Path(d) / Path(name).name
            p.write_bytes(data)
            paths.append(p)
        res = analyse(paths, Config(workers=1, progress=False), on_progress=_on_progress)
        tables = res.tables()
    tables["rejects"]["source"] = tables["rejects"]["source"].str.replace(d, "upload", regex=False)
    tables["articles"]["source"] = tables["articles"]["source"].str.replace(d, "upload", regex=False)
    return tables


def default_folder() -> str | None:
    return os.environ.get("WIREWATCH_DATA") or None
