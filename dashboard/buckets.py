"""Time buckets: the one map of the sidebar's day / week / month, and what follows from it (no Streamlit here)."""

from __future__ import annotations

import pandas as pd

# A bucket's letter -> its name: DuckDB's date_trunc unit, the URL's value (freq=week) and the page's word.
FREQS = {"D": "day", "W": "week", "M": "month"}
LONGEST_DAYS = {"day": 1, "week": 7, "month": 31}  # a bucket's longest length, by its name


def longest(freq: str) -> pd.Timedelta:
    """The longest a bucket of ``freq`` lasts (a month: 31 days)."""
    return pd.Timedelta(days=LONGEST_DAYS[FREQS.get(freq, "day")])


def words(freq: str) -> str:
    """How a caption names a bucket before its first day: 'day', 'week of', 'month of'."""
    name = FREQS.get(freq, "day")
    return name if name == "day" else f"{name} of"
