"""Tables as the page shows them (no Streamlit here): dates as dates, and a source file named without the server's
folders (the downloads keep the full ``source``)."""

from __future__ import annotations

import re

import pandas as pd

ABSOLUTE = re.compile(r"^(/|~|[A-Za-z]:[\\/]|\\\\)")
DATE_COLUMNS = ("published", "bucket")
SOURCE_PARTS = 2  # an absolute source keeps its last folder and its file name: 'sample/000_x.txt'


def short_source(source: object) -> str:
    """An input's name without the server's folders: ``/srv/data/corpus/a.jsonl::line12`` -> ``corpus/a.jsonl::line12``
    (a relative name, such as an upload's ``upload/x.txt``, is kept)."""
    s = (
        ""
        if source is None or source is pd.NA or (isinstance(source, float) and pd.isna(source))
        else str(source)
    )
    if not ABSOLUTE.match(s):
        return s
    path, sep, rest = s.partition("::")
    parts = [p for p in re.split(r"[\\/]", path) if p]
    return "/".join(parts[-SOURCE_PARTS:]) + sep + rest


def for_page(df: pd.DataFrame) -> pd.DataFrame:
    """A table for the page: ``published`` and a chart's ``bucket`` as dates (not '2022-02-28 00:00:00'),
    ``source`` shortened."""
    out = df.copy()
    for col in DATE_COLUMNS:
        if col in out.columns and pd.api.types.is_datetime64_any_dtype(out[col]):
            day = out[col].dt.date
            out[col] = day.astype("object").where(day.notna(), None)
    if "source" in out.columns:
        out["source"] = [short_source(s) for s in out["source"]]
    return out
