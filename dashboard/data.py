"""Where the dashboard's tables come from; the only module that caches.

A processed output folder becomes a ``Dataset`` of DuckDB views over its Parquet files (nothing is read
into memory until a query asks); the sample and uploads are analysed here and copied into a ``Dataset``.
"""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.actors import load_actors
from analysis.extract import BUDGET_S
from analysis.fetch import FetchOptions
from analysis.io import ReadOptions
from analysis.pipeline import Config, analyse
from dashboard.dataset import Dataset
from dashboard.uploads import ResultCache, UploadedFile, analyse_uploads, content_key

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "sample"
MAX_UPLOAD_MB = 200
_frozen = False  # set once this process's startup objects are frozen (app.py re-runs; this module stays)


def freeze_startup_objects() -> None:
    """Once per process, move every object alive now (after the imports: some 150,000 modules, functions and
    classes of pandas, Plotly, DuckDB, Streamlit) out of the cyclic garbage collector's reach (``gc.freeze``).
    Streamlit runs ``gc.collect(2)`` after each script run holding the GIL, and the run's last message to the
    browser waits for it: over those objects it took 60-160 ms a filter change on the window, a few ms after.
    Objects made later are collected as before; frozen ones are still freed when no longer referenced."""
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True


UPLOAD_TYPES = ["txt", "csv", "tsv", "jsonl", "json", "parquet", "zip", "html", "htm", "mhtml", "mht"]


def upload_fetch_options() -> FetchOptions | None:
    """Uploaded URL lists are fetched only if the operator allows it: ``WIREWATCH_ALLOW_FETCH=1`` (public
    addresses only, for a hosted app) or ``=local`` (private and loopback addresses too). Off by default."""
    allow = os.environ.get("WIREWATCH_ALLOW_FETCH", "").strip().lower()
    if allow not in ("1", "true", "yes", "local"):
        return None
    return FetchOptions(
        cache_dir=Path(tempfile.gettempdir()) / "wirewatch-fetch-cache",
        progress=False,
        public_only=allow != "local",
        cache_max_age=7 * 86_400.0,  # shared by every session of the app: a week, 500 MB at most
        cache_max_bytes=500_000_000,
    )


def upload_help() -> str:
    """What the upload takes, and whether this app fetches URL lists."""
    fetch = (
        "A .txt of URLs (one a line) or a table with a url column is fetched."
        if upload_fetch_options()
        else "Lists of URLs are not fetched here (the operator can allow it with WIREWATCH_ALLOW_FETCH=1)."
    )
    return f"Text files, tables, zips and saved web pages (.html). {fetch}"


def analyse_files(
    paths: list[Path], actors: bytes | None = None, on_progress=None, budget_s: float = BUDGET_S
) -> dict[str, pd.DataFrame]:
    """Analyse files in the app, with the built-in actor list or one extended by an uploaded actors CSV.

    Each article has the command line's time budget (``budget_s``), also here in a session's thread: one that
    runs over it is kept without metrics and listed in the rejects, and the session goes on."""
    with tempfile.TemporaryDirectory() as d:
        actors_file = None
        if actors:
            actors_file = str(Path(d) / "actors.csv")
            Path(actors_file).write_bytes(actors)
            load_actors(actors_file)  # a malformed list fails here, with its reason
        cfg = Config(
            workers=1,
            progress=False,
            incremental=False,
            budget_s=budget_s,
            actors_file=actors_file,
            read=ReadOptions(fetch=upload_fetch_options()),
        )
        return analyse(paths, cfg, on_progress=on_progress).tables()


@st.cache_data(show_spinner="Analysing the sample articles…")
def sample_tables(actors: bytes | None = None) -> dict[str, pd.DataFrame]:
    return analyse_files([SAMPLE], actors)


@st.cache_resource(show_spinner=False, max_entries=4)
def sample_dataset(actors: bytes | None = None) -> Dataset:
    return Dataset.from_tables(sample_tables(actors))


def generation_of(folder: str | Path) -> str:
    """What names the tables a folder holds now: the real path and time of its articles table (a new run into the
    folder switches its tables, and so this name, in one step)."""
    for ext in ("parquet", "csv"):
        p = Path(folder) / f"articles.{ext}"
        if p.exists():
            real = p.resolve()
            return f"{real}:{real.stat().st_mtime_ns}"
    return ""


@st.cache_resource(show_spinner="Loading tables…", max_entries=4)
def folder_dataset(path: str, generation: str) -> Dataset:
    """A folder's Dataset, made once per generation of its tables (``generation_of``)."""
    return Dataset.from_folder(path)


UPLOADS = ResultCache(max_entries=4)  # analysed uploads by content, for every session


def uploaded_tables(
    files: Sequence[UploadedFile], actors: bytes | None = None, on_progress=None
) -> dict[str, pd.DataFrame]:
    """Analysed uploaded files, each accounted for (see ``dashboard.uploads``). Cached by content in
    ``UPLOADS``, not by ``st.cache_data``: ``on_progress`` draws a progress bar, an element a cached
    function could not replay; it is called only when the files are analysed."""
    key = content_key(files, actors)
    return UPLOADS.get_or_make(
        key, lambda: analyse_uploads(files, lambda paths: analyse_files(paths, actors, on_progress))
    )


def default_folder() -> str | None:
    return os.environ.get("WIREWATCH_DATA") or None
