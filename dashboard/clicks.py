"""Clicks on a chart: a Streamlit ``on_select`` event in, the (series, bucket) keys of the picked points out.

Every clickable point of ``dashboard.charts*`` carries ``customdata = [series key, bucket 'YYYY-MM-DD' or '']``
with the raw key (not the escaped label), so the rows listed are the clicked series' only (no Streamlit here).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class Pick(NamedTuple):
    series: str
    bucket: str  # 'YYYY-MM-DD', or '' for a chart without time


def _get(obj: object, key: str, default):
    if isinstance(obj, Mapping):
        return obj.get(key, default)
    return getattr(obj, key, default)


def picked_keys(event: object) -> list[Pick]:
    """The distinct (series, bucket) of the selected points, in click order; [] when nothing is picked.

    Accepts the event ``st.plotly_chart(..., on_select="rerun")`` returns (``{"selection": {"points": [...]}}``,
    points with ``customdata`` a list or, for one-column data, a scalar); points without customdata are skipped.
    """
    selection = _get(event, "selection", None) if event is not None else None
    points = _get(selection, "points", None) if selection is not None else None
    out: list[Pick] = []
    for p in points or []:
        data = _get(p, "customdata", None)
        if data is None:
            continue
        if isinstance(data, str) or not isinstance(data, list | tuple):
            data = [data]
        if not data or data[0] is None:
            continue
        pick = Pick(str(data[0]), str(data[1])[:10] if len(data) > 1 and data[1] is not None else "")
        if pick not in out:
            out.append(pick)
    return out
