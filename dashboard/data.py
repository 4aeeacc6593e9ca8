"""Where the dashboard's tables come from; the only module that caches.

A processed output folder is loaded without the articles' text (the largest column by far); the
reader fetches one article's text on demand, and a text search scans the text column in batches.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from analysis.actors import load_actors
from analysis.fetch import FetchOptions
from analysis.io import ReadOptions, read_table
from analysis.pipeline import Config, analyse
from analysis.schemas import SCHEMAS, conform
from dashboard.filters import HELPER_COLUMNS, Filters, index_tables, slim_tables, with_ids
from dashboard.uploads import ResultCache, UploadedFile, analyse_uploads, content_key

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
MAX_UPLOAD_MB = 200
UPLOAD_TYPES = ["txt", "csv", "tsv", "jsonl", "json", "parquet", "zip", "html", "htm", "mhtml", "mht"]


def upload_fetch_options() -> FetchOptions | None:
    """Uploaded URL lists are fetched only if the operator allows it: ``WIREWATCH_ALLOW_FETCH=1`` (public
    addresses only, for a hosted app) or ``=local`` (private and loopback addresses too). Off by default."""
    allow = os.environ.get("WIREWATCH_ALLOW_FETCH", "").strip().lower()
    if allow not in ("1", "true", "yes", "local"):
        return None
    return FetchOptions(cache_dir=Path(tempfile.gettempdir()) / "wirewatch-fetch-cache", progress=False,
                        public_only=allow != "local")


def upload_help() -> str:
    """What the upload takes, and whether this app fetches URL lists."""
    fetch = ("A .txt of URLs (one a line) or a table with a url column is fetched." if upload_fetch_options()
             else "Lists of URLs are not fetched here (the operator can allow it with WIREWATCH_ALLOW_FETCH=1).")
    return f"Text files, tables, zips and saved web pages (.html). {fetch}"


def analyse_files(paths: list[Path], actors: bytes | None = None, on_progress=None) -> dict[str, pd.DataFrame]:
    """Analyse files in the app, with the built-in actor list or one extended by an uploaded actors CSV."""
    with tempfile.TemporaryDirectory() as d:
        actors_file = None
        if actors:
            actors_file = str(Path(d) / "actors.csv")
            Path(actors_file).write_bytes(actors)
            load_actors(actors_file)  # a malformed list fails here, with its reason
        cfg = Config(workers=1, progress=False, incremental=False, actors_file=actors_file,
                     read=ReadOptions(fetch=upload_fetch_options()))
        return analyse(paths, cfg, on_progress=on_progress).tables()


@st.cache_data(show_spinner="Analysing the sample articles…")
def sample_tables(actors: bytes | None = None) -> dict[str, pd.DataFrame]:
    return index_tables(analyse_files([SAMPLE], actors))


# What the charts and tables need in memory; offsets, ids and dates come back on demand (reader, downloads).
CHILD_COLUMNS = {
    "mentions": ["article_id", "actor", "actor_type"],
    "troops": None,
    "quotes": ["article_id", "speaker", "verb", "kind", "quote_marks", "polarity", "subjectivity",
               "vader_compound", "sentiment_words", "lenses_disagree", "speaker_detail"],  # text: quote_texts()
}
DICTIONARY = ("article_id", "actor", "actor_type", "speaker", "verb", "kind", "quote_marks", "speaker_detail",
              "qualifier", "troops_of", "claimed_by", "sentiment_words")


def _read_child(p: Path, name: str, positions: pd.Index) -> pd.DataFrame:
    """A child table read straight into compact columns: repeated strings as categoricals, the article as ``aidx``."""
    import pyarrow.parquet as pq

    cols = CHILD_COLUMNS[name]
    names = pq.read_schema(p).names
    cols = [c for c in (cols or names) if c in names]
    table = pq.read_table(p, columns=cols, read_dictionary=[c for c in DICTIONARY if c in cols])
    df = table.to_pandas()
    aid = df.pop("article_id").astype("category")
    lookup = positions.get_indexer(aid.cat.categories.astype(str))
    df.insert(0, "aidx", lookup[aid.cat.codes.to_numpy()].astype(np.int32))
    for c in ("start", "end"):
        if c in df.columns:
            df[c] = df[c].astype(np.int32)
    for c in ("polarity", "subjectivity", "vader_compound"):
        if c in df.columns:
            df[c] = df[c].astype(np.float32)
    if name == "troops":
        df.insert(1, "article_id", positions.to_numpy()[df["aidx"].to_numpy()])
    if name == "quotes":  # the row in the file, to fetch the texts of the quotes on show
        df["qrow"] = np.arange(len(df), dtype=np.int32)
    return df


def quote_texts(folder: str | Path, rows: np.ndarray) -> list[str]:
    """The texts of the quotes at these rows of the folder's quotes table, reading only the row groups needed."""
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(Path(folder) / "quotes.parquet")
    starts = np.cumsum([0] + [pf.metadata.row_group(i).num_rows for i in range(pf.num_row_groups)])
    rows = np.asarray(rows, dtype=np.int64)
    group = np.searchsorted(starts, rows, side="right") - 1
    out = np.empty(len(rows), dtype=object)
    for g in np.unique(group):
        texts = pf.read_row_group(int(g), columns=["text"]).column("text")
        sel = np.flatnonzero(group == g)
        out[sel] = texts.take(rows[sel] - starts[g]).to_pylist()
    return out.tolist()


def with_quote_text(q: pd.DataFrame, folder: str | None, limit: int) -> pd.DataFrame:
    """The first ``limit`` quotes, with their text (fetched from the folder when held without it)."""
    head = q.head(limit)
    if "text" in head.columns or folder is None:
        return head
    return head.assign(text=quote_texts(folder, head["qrow"].to_numpy()))


def load_folder(path: str | Path) -> dict[str, pd.DataFrame]:
    """A processed output folder's tables for the dashboard: the articles without their text (read on demand),
    child tables in compact columns pointing to their article by row (``aidx``)."""
    path = Path(path)
    if not all((path / f"{n}.parquet").exists() for n in CHILD_COLUMNS):  # CSV output: small, read whole
        return slim_tables({name: read_table(path, name) for name in SCHEMAS})
    arts = read_table(path, "articles", skip=("text",))
    tables = {"articles": arts, "rejects": read_table(path, "rejects")}
    positions = pd.Index(arts["article_id"].astype(str))
    for name in CHILD_COLUMNS:
        tables[name] = _read_child(path / f"{name}.parquet", name, positions)
    return index_tables(tables)


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


def rows_of(folder: str | Path, name: str, article_ids: list[str]) -> pd.DataFrame:
    """Every column of a table's rows for the given articles, read from the folder (downloads, the reader)."""
    import pyarrow.dataset as ds

    p = Path(folder) / f"{name}.parquet"
    if not p.exists():
        df = read_table(folder, name)
        return df[df["article_id"].isin(article_ids)]
    table = ds.dataset(p).to_table(filter=ds.field("article_id").isin(list(article_ids)))
    return conform(name, table.to_pandas())


def complete_rows(name: str, df: pd.DataFrame, articles: pd.DataFrame, filtered: pd.DataFrame,
                  folder: str | None, f: Filters) -> pd.DataFrame:
    """A filtered table with exactly the contract's columns: from memory, or re-read from the folder when the
    dashboard holds it slim."""
    if folder is None or name == "rejects":
        return with_ids(df, articles, name).drop(columns=list(HELPER_COLUMNS), errors="ignore")
    rows = rows_of(folder, name, filtered["article_id"].astype(str).tolist())
    if name == "quotes":
        rows = rows[rows["polarity"].between(*f.polarity) & (rows["speaker"].isin(f.speakers) if f.speakers else True)]
    if name == "mentions" and f.actors:
        rows = rows[rows["actor"].isin(f.actors)]
    return rows


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


UPLOADS = ResultCache(max_entries=4)  # analysed uploads by content, for every session


def uploaded_tables(files: Sequence[UploadedFile], actors: bytes | None = None, on_progress=None
                    ) -> dict[str, pd.DataFrame]:
    """Analysed uploaded files, each accounted for (see ``dashboard.uploads``). Cached by content in
    ``UPLOADS``, not by ``st.cache_data``: ``on_progress`` draws a progress bar, an element a cached
    function could not replay; it is called only when the files are analysed."""
    key = content_key(files, actors)
    return UPLOADS.get_or_make(key, lambda: index_tables(
        analyse_uploads(files, lambda paths: analyse_files(paths, actors, on_progress))))


def default_folder() -> str | None:
    return os.environ.get("WIREWATCH_DATA") or None
