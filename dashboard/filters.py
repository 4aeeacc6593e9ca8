"""Sidebar helpers without Streamlit: the Filters record (defined with the Dataset), the share link's parameters
and the upload limit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from dashboard import keys
from dashboard.buckets import FREQS
from dashboard.dataset import Choices, Filters
from dashboard.safety import inert_line

__all__ = ["Filters", "Source", "share_pairs", "unknown_linked", "upload_problem"]

UPLOAD_LINK_NOTE = "The link opens the default data, not the uploaded files (a link cannot carry them)."


@dataclass(frozen=True)
class Source:
    """The data source as a share link carries it: ``kind`` sample, folder or upload; ``folder`` as typed
    (empty for the operator's WIREWATCH_DATA, which a link opens anyway)."""

    kind: str = "sample"
    folder: str = ""

    def pairs(self) -> list[tuple[str, str]]:
        return [(keys.FOLDER, self.folder)] if self.kind == "folder" and self.folder else []


LINKED_LISTS = {  # a list's key -> its name in the warning
    keys.OUTLETS: "outlets",
    keys.ACTORS: "actors",
    keys.SPEAKERS: "speakers",
    keys.TROOPS_OF: "whose troops",
}


def unknown_linked(linked: Mapping[str, list[str]], choices: Choices) -> str | None:
    """The one warning line naming a link's list values (outlets, actors, speakers, whose troops) that the loaded
    data lacks (they are left out), escaped; None when every value is in the data."""
    parts = []
    for key, what in LINKED_LISTS.items():
        known = set(getattr(choices, key))
        lacking = [v for v in dict.fromkeys(linked.get(key) or []) if v and v not in known]
        if lacking:
            parts.append(f"{what} {', '.join(lacking)}")
    if not parts:
        return None
    return inert_line(f"Not in the data loaded, so left out of the filters: {'; '.join(parts)}.")


def upload_problem(sizes: list[int], limit_mb: int) -> str | None:
    """Why an upload is refused (over the size limit), or None when it is accepted."""
    total = sum(sizes)
    if total > limit_mb * 1_000_000:
        return (
            f"The upload is {total / 1e6:.0f} MB; the limit is {limit_mb} MB. "
            "Run `wirewatch run` on your machine and load the output folder instead."
        )
    return None


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
        pairs += [(keys.DATES, f.start.isoformat()), (keys.DATES, f.end.isoformat())]
    if not f.include_undated:
        pairs.append((keys.UNDATED, "false"))
    for key in keys.LISTS:  # Filters names its lists as the keys
        pairs += [(key, v) for v in getattr(f, key)]
    if tuple(f.polarity) != (-1.0, 1.0):
        pairs += [(keys.POLARITY, _number(f.polarity[0])), (keys.POLARITY, _number(f.polarity[1]))]
    if f.search:
        pairs.append((keys.SEARCH, f.search))
    if f.once_per_story:
        pairs.append((keys.ONCE, "true"))
    if freq != "W":
        pairs.append((keys.FREQ, FREQS[freq]))
    if tab and tab != FIRST_TAB:
        pairs.append((keys.TAB, tab))
    return pairs
