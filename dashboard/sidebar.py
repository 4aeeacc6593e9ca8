"""The sidebar: the data source, the filters, the time buckets and the share link, each widget bound to the URL
(``dashboard.keys``), so a copied link reproduces the view."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from dashboard import data, keys, sources, views
from dashboard.buckets import FREQS
from dashboard.dataset import Choices, Dataset, Filters
from dashboard.filters import MAX_OPTIONS, UPLOAD_LINK_NOTE, Source, share_pairs, unknown_linked
from dashboard.safety import folder_policy
from dashboard.views import POLARITY_HELP


def source_ui() -> sources.Opened:
    """Pick the data: the bundled sample, a processed output folder (a link's ``folder=`` first), or uploaded files
    (``dashboard.sources`` opens it); what went wrong is one line in the page."""
    policy = folder_policy(os.environ, Path(__file__))
    first = st.query_params.get(keys.FOLDER) or data.default_folder() or ""
    with st.sidebar.expander("Data source", expanded=False):
        folder = (
            st.text_input(
                "Processed output folder",
                value=first,
                key=keys.FOLDER,
                help="A folder written by `wirewatch run ... --out DIR` (or set WIREWATCH_DATA)."
                + (" It must lie under the data root the operator set." if policy.root else ""),
            )
            if policy.offered
            else first
        )
        files = st.file_uploader(
            f"…or analyse files (up to {data.MAX_UPLOAD_MB} MB in all)",
            type=data.UPLOAD_TYPES,
            accept_multiple_files=True,
            key="upload",
            help=data.upload_help(),
        )
        actors_csv = st.file_uploader(
            "Extend the actor list (CSV: name,type,aliases,…)",
            type=["csv"],
            key="actors_csv",
            help="Applies to the sample and uploaded files; a processed folder keeps the "
            "list it was analysed with (run `wirewatch run --actors FILE`).",
        )
    actors = actors_csv.getvalue() if actors_csv else None
    if files:
        bar = st.sidebar.progress(0.0, text="Analysing your files…")
        opened = sources.open_upload(
            [sources.Upload(f.name, f.size, f.file_id, f.getvalue) for f in files],
            actors,
            st.session_state,
            lambda done, total: bar.progress(done / max(total, 1), text=f"Analysed {done} of {total}"),
        )
        bar.empty()
    elif folder:
        opened = sources.open_folder(folder, policy)
    else:
        opened = sources.open_sample(actors)
    if opened.error:
        st.error(opened.error)
    return opened


def _follow_new_data(ch: Choices) -> None:
    """The data changed (another source): date range back to the new data's full range, choices it lacks dropped."""
    if ch.date_range:
        st.session_state[keys.DATES] = ch.date_range
    for key in keys.LISTS:
        if key in st.session_state:
            allowed = set(getattr(ch, key))  # Choices names its lists as the keys
            st.session_state[key] = [v for v in st.session_state[key] if v in allowed]


def _clamp_linked_dates(lo: dt.date, hi: dt.date) -> str | None:
    """A shared link's date range outside the data is clamped to it (returns the warning to show)."""
    try:
        linked = [dt.date.fromisoformat(v) for v in st.query_params.get_all(keys.DATES) if v]
    except ValueError:
        return None
    if len(linked) != 2 or (lo <= linked[0] <= hi and lo <= linked[1] <= hi):
        return None
    start, end = max(lo, min(linked[0], hi)), min(hi, max(linked[1], lo))
    if start > end:
        start, end = lo, hi
    st.session_state[keys.DATES] = (start, end)
    return (
        f"The link's dates {linked[0]} to {linked[1]} are outside the data loaded ({lo} to {hi}): "
        f"showing {start} to {end}."
    )


def _choose(label: str, values: tuple[str, ...], key: str, help: str = "") -> list[str]:
    """A multiselect bound to the URL offering the first MAX_OPTIONS values (most frequent first) and whatever
    is chosen; any other value of the data can be typed in full."""
    offered = list(values[:MAX_OPTIONS])
    if len(values) > MAX_OPTIONS:
        known = set(values)
        chosen = list(st.session_state.get(key) or []) + st.query_params.get_all(key)
        offered += [v for v in dict.fromkeys(chosen) if v in known and v not in offered]
        help += f"The {MAX_OPTIONS:,} most frequent of {len(values):,}; type any other in full."
    return st.sidebar.multiselect(
        label,
        offered,
        key=key,
        bind="query-params",
        help=help or None,
        accept_new_options=len(values) > MAX_OPTIONS,
    )


def filters_ui(ds: Dataset, data_key: str) -> Filters:
    """Sidebar widgets, each bound to a query parameter; returns the chosen Filters. Ranges follow the data."""
    ch = ds.choices()
    dates_set = False  # whether the date range was set through the Session State API in this run
    if st.session_state.get("_data_key") != data_key:
        if "_data_key" in st.session_state:
            _follow_new_data(ch)
            dates_set = bool(ch.date_range)
        st.session_state["_data_key"] = data_key
    sb = st.sidebar
    sb.header("Filters")
    start = end = None
    if ch.date_range:
        lo, hi = ch.date_range
        warning = _clamp_linked_dates(lo, hi)
        if warning:
            sb.warning(warning)
        # A value set through Session State, or a default: not both (Streamlit logs a warning with a traceback).
        default = {} if dates_set or warning else {"value": (lo, hi)}
        rng = sb.date_input(
            "Published between", **default, min_value=lo, max_value=hi, key=keys.DATES, bind="query-params"
        )
        start, end = rng if isinstance(rng, tuple | list) and len(rng) == 2 else (lo, hi)
    else:
        sb.caption("No article has a date.")
    include_undated = True
    if ch.n_undated:
        include_undated = sb.checkbox(
            f"Include undated articles ({ch.n_undated:,})",
            value=True,
            key=keys.UNDATED,
            bind="query-params",
            help="Articles without a date are shown whatever the date range.",
        )
    missing = unknown_linked({k: st.query_params.get_all(k) for k in keys.LISTS}, ch)
    if missing:
        sb.warning(missing)
    outlets = _choose("Outlets", ch.outlets, keys.OUTLETS)
    actors = _choose("Articles mentioning", ch.actors, keys.ACTORS)
    speakers = _choose("Speakers", ch.speakers, keys.SPEAKERS)
    troops_of = _choose("Whose troops", ch.troops_of, keys.TROOPS_OF, "Filters the troop figures only. ")
    pol = sb.slider(
        "Quote polarity (TextBlob)",
        -1.0,
        1.0,
        (-1.0, 1.0),
        step=0.05,
        key=keys.POLARITY,
        bind="query-params",
        help=POLARITY_HELP,
    )
    search = sb.text_input("Text contains", key=keys.SEARCH, bind="query-params")
    once = sb.checkbox("Count syndicated copies once", key=keys.ONCE, bind="query-params")
    return Filters(
        start=start,
        end=end,
        include_undated=bool(include_undated),
        outlets=tuple(outlets),
        actors=tuple(actors),
        speakers=tuple(speakers),
        troops_of=tuple(troops_of),
        polarity=(round(float(pol[0]), 2), round(float(pol[1]), 2)),
        search=search.strip(),
        once_per_story=bool(once),
    )


def share_link(base: str, pairs: list[tuple[str, str]]) -> str:
    """The link to this view: every value of every filter (repeated keys stay repeated)."""
    base = (base or "").split("?", 1)[0]
    return f"{base}?{urlencode(pairs)}" if pairs else (base or "/")


def link_ui(f: Filters, freq: str, ch: Choices, tab: str, source: Source) -> None:
    """The link is built from the widgets' values (the server's copy of the URL lags the browser's): the data
    source (a folder), the filters, then the views' own settings (lens, top N, coverage mode...)."""
    pairs = source.pairs() + share_pairs(f, freq, ch.date_range, tab) + views.link_pairs(st.session_state)
    st.sidebar.caption("Link to this view (copy it):")
    st.sidebar.code(share_link(st.context.url or "", pairs), language=None)
    if source.kind == "upload":
        st.sidebar.caption(UPLOAD_LINK_NOTE)


def freq_ui() -> str:
    """The time buckets: 'D', 'W' (the default) or 'M'; the URL holds the name (freq=month)."""
    return st.sidebar.radio(
        "Time buckets",
        list(FREQS),
        index=1,
        horizontal=True,
        key=keys.FREQ,
        format_func=FREQS.get,
        bind="query-params",
    )
