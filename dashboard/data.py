"""Where the dashboard's tables come from; the only module that caches.

A processed output folder is loaded without the articles' text (the largest column by far); the
reader fetches one article's text on demand, and a text search scans the text column in batches.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.io import read_table
from analysis.pipeline import Config, analyse
from analysis.schemas import SCHEMAS
from dashboard.filters import index_tables, slim_tables

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
MAX_UPLOAD_MB = 200
UPLOAD_TYPES = ["txt", "csv", "tsv", "jsonl", "json", "parquet", "zip"]


@st.cache_data(show_spinner="Analysing the sample articles…")
def sample_tables() -> dict[str, pd.DataFrame]:
    return index_tables(analyse([SAMPLE], Config(workers=1, progress=False, incremental=False)).tables())


def load_folder(path: str | Path) -> dict[str, pd.DataFrame]:
    """A processed output folder's tables, the articles without their text, slimmed and indexed for filtering."""
    return slim_tables({name: read_table(path, name, skip=("text",) if name == "articles" else ())
                        for name in SCHEMAS})


@st.cache_data(show_spinner="Loading tables…", max_entries=2)
def folder_tables(path: str) -> dict[str, pd.DataFrame]:
    return load_folder(path)


def article_text(folder: str | Path, article_id: str) -> str:
    """One article's text from a processed output folder."""
    p = Path(folder) / "articles.parquet"
    if p.exists():
        df = pd.read_parquet(p, columns=["text"], filters=[("article_id", "==", article_id)])
    else:
        df = read_table(folder, "articles")
        df = df[df["article_id"] == article_id]
    return str(df["text"].iloc[0]) if len(df) else ""


@st.cache_data(show_spinner="Searching the articles' text…", max_entries=16)
def search_text(folder: str, term: str) -> set[str]:
    """Ids of the articles whose text contains ``term`` (case-insensitive), scanning the text in batches."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    p = Path(folder) / "articles.parquet"
    if not p.exists():
        arts = read_table(folder, "articles")
        return set(arts.loc[arts["text"].str.contains(term, case=False, regex=False), "article_id"])
    hits: set[str] = set()
    for batch in pq.ParquetFile(p).iter_batches(columns=["article_id", "text"], batch_size=20_000):
        mask = pc.match_substring(batch.column("text"), term, ignore_case=True)
        hits.update(batch.column("article_id").filter(mask).to_pylist())
    return hits


@st.cache_data(show_spinner=False, max_entries=4)
def uploaded_tables(files: tuple[tuple[str, bytes], ...], _on_progress=None) -> dict[str, pd.DataFrame]:
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for name, data in files:
            p = Path(d) / Path(name).name
            p.write_bytes(data)
            paths.append(p)
        res = analyse(paths, Config(workers=1, progress=False, incremental=False), on_progress=_on_progress)
        tables = res.tables()
    for name in ("rejects", "articles"):
        tables[name]["source"] = tables[name]["source"].str.replace(d, "upload", regex=False)
    return index_tables(tables)


def default_folder() -> str | None:
    return os.environ.get("WIREWATCH_DATA") or None
