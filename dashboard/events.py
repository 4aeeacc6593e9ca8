"""The events file (``data/events.csv``: date,label,source): dated events marked on every time chart.

Each row needs an ISO date, a label and the http(s) address of a public reference (its provenance). A broken file
raises ``EventsFileError`` naming the line and what is wrong (no Streamlit here).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd

DEFAULT = Path(__file__).resolve().parent.parent / "data" / "events.csv"
COLUMNS = ["date", "label", "source"]


class EventsFileError(ValueError):
    """The events file cannot be used; the message says where and why."""


def parse_events(text: str, name: str = "events.csv") -> pd.DataFrame:
    """Rows of an events file as a frame (date: datetime64, label, source), sorted by date."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header] != COLUMNS:
        raise EventsFileError(f"{name}: the first line must be 'date,label,source' (found {header!r})")
    rows = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            raise EventsFileError(
                f"{name}, line {line}: expected 3 fields (date,label,source), found {len(row)}"
            )
        date, label, source = (cell.strip() for cell in row)
        try:
            day = dt.date.fromisoformat(date)
        except ValueError:
            raise EventsFileError(f"{name}, line {line}: {date!r} is not a date (YYYY-MM-DD)") from None
        if not label:
            raise EventsFileError(f"{name}, line {line}: the label is empty")
        if not source.startswith(("https://", "http://")):
            raise EventsFileError(
                f"{name}, line {line}: the source must be the http(s) address of a public "
                f"reference (found {source!r})"
            )
        rows.append((pd.Timestamp(day), label, source))
    return pd.DataFrame(rows, columns=COLUMNS).sort_values("date", kind="stable").reset_index(drop=True)


def load_events(path: Path | str = DEFAULT) -> pd.DataFrame:
    """The events in ``path`` (a missing file is an error too: the app ships one)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise EventsFileError(f"{p}: cannot be read ({type(e).__name__}: {e})") from None
    return parse_events(text, str(p))
