"""Sidebar helpers without Streamlit: the Filters record (defined with the Dataset), the share link's parameters
and the upload limit."""

from __future__ import annotations

import datetime as dt

from dashboard.dataset import Filters

__all__ = ["Filters", "share_pairs", "upload_problem"]


def upload_problem(sizes: list[int], limit_mb: int) -> str | None:
    """Why an upload is refused (over the size limit), or None when it is accepted."""
    total = sum(sizes)
    if total > limit_mb * 1_000_000:
        return (
            f"The upload is {total / 1e6:.0f} MB; the limit is {limit_mb} MB. "
            "Run `wirewatch run` on your machine and load the output folder instead."
        )
    return None


FREQ_LABELS = {"D": "day", "W": "week", "M": "month"}
FIRST_TAB = "Overview"  # the default tab, left out of links
MAX_OPTIONS = 300  # a sidebar list offers at most this many values (thousands of options slow every page run)


def _number(v: float) -> str:
    """A number as Streamlit writes it in the URL: 1.0 -> "1", 0.25 -> "0.25"."""
    return str(int(v)) if float(v).is_integer() else repr(float(v))


def share_pairs(
    f: Filters, freq: str, date_range: tuple[dt.date, dt.date] | None, tab: str = ""
) -> list[tuple[str, str]]:
    """The query parameters that reproduce a view, every value of every filter (repeated keys for lists and ranges),
    in the form the bound widgets read back; a value equal to its default is left out, as Streamlit does."""
    pairs: list[tuple[str, str]] = []
    if date_range and f.start and f.end and (f.start, f.end) != tuple(date_range):
        pairs += [("dates", f.start.isoformat()), ("dates", f.end.isoformat())]
    if not f.include_undated:
        pairs.append(("undated", "false"))
    for key in ("outlets", "actors", "speakers", "troops_of"):
        pairs += [(key, v) for v in getattr(f, key)]
    if tuple(f.polarity) != (-1.0, 1.0):
        pairs += [("polarity", _number(f.polarity[0])), ("polarity", _number(f.polarity[1]))]
    if f.search:
        pairs.append(("q", f.search))
    if f.once_per_story:
        pairs.append(("once", "true"))
    if freq != "W":
        pairs.append(("freq", FREQ_LABELS[freq]))
    if tab and tab != FIRST_TAB:
        pairs.append(("tab", tab))
    return pairs
