"""Wirewatch dashboard: ``streamlit run dashboard/app.py``.

Every filter is bound to the URL's query parameters, so a copied link reproduces the view.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import data, views
from dashboard.dataset import Choices, Dataset, DatasetError, Filters, Selection
from dashboard.display import short_source
from dashboard.downloads import zip_ui
from dashboard.filters import (
    FOLDER_PARAM,
    FREQ_LABELS,
    MAX_OPTIONS,
    UPLOAD_LINK_NOTE,
    Source,
    share_pairs,
    unknown_linked,
    upload_problem,
)
from dashboard.render import highlight, legend
from dashboard.safety import failure_message, folder_policy, inert_line
from dashboard.uploads import UploadedFile
from dashboard.views import POLARITY_HELP

data.freeze_startup_objects()
st.set_page_config(page_title="Wirewatch", page_icon="📰", layout="wide")

READER_ARTICLES = 1_000  # the reader lists at most this many of the selected articles


def source_ui() -> tuple[Dataset | None, str, Source]:
    """Pick the data: the bundled sample, a processed output folder (a link's ``folder=`` first), or uploaded files.

    Returns the Dataset (None when it cannot be loaded), a key naming the data (it changes with the data) and
    the Source the share link carries."""
    policy = folder_policy(os.environ, Path(__file__))
    first = st.query_params.get(FOLDER_PARAM) or data.default_folder() or ""
    with st.sidebar.expander("Data source", expanded=False):
        folder = (
            st.text_input(
                "Processed output folder",
                value=first,
                key="folder",
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
    actors_key = hashlib.sha256(actors or b"").hexdigest()[:16]
    if files:
        problem = upload_problem([f.size for f in files], data.MAX_UPLOAD_MB)
        if problem:
            st.error(problem)
            return None, "", Source("upload")
        key = (
            "upload:"
            + hashlib.sha256(
                repr([(f.name, f.size, f.file_id) for f in files]).encode() + actors_key.encode()
            ).hexdigest()[:16]
        )
        held = st.session_state.get("_upload_dataset")
        if held and held[0] == key:
            return held[1], key, Source("upload")
        bar = st.sidebar.progress(0.0, text="Analysing your files…")
        try:
            tables = data.uploaded_tables(
                [UploadedFile(f.name, f.getvalue()) for f in files],
                actors,
                lambda done, total: bar.progress(done / max(total, 1), text=f"Analysed {done} of {total}"),
            )
            ds = Dataset.from_tables(tables)
        except ValueError as e:
            st.error(
                f"The actor list could not be used: {inert_line(e)}"
                if actors
                else failure_message("Analysing the uploaded files", e)
            )
            return None, "", Source("upload")
        except (
            Exception
        ) as e:  # never a traceback in the page: one line here, the details in the server's log
            st.error(failure_message("Analysing the uploaded files", e))
            return None, "", Source("upload")
        finally:
            bar.empty()
        st.session_state["_upload_dataset"] = (key, ds)
        return ds, key, Source("upload")
    if folder:
        typed = folder.strip()
        folder, refused = policy.admit(folder)
        if refused:
            st.error(refused)
            return None, "", Source()
        try:
            generation = data.generation_of(folder)
            source = Source("folder", "" if typed == (data.default_folder() or "").strip() else typed)
            return data.folder_dataset(folder, generation), f"folder:{folder}:{generation}", source
        except (FileNotFoundError, DatasetError) as e:
            st.error(f"Cannot load {inert_line(folder)}: {inert_line(e)}")
        except Exception as e:  # a corrupted table must not show a traceback
            st.error(
                f"The tables in {inert_line(folder)} could not be read ({type(e).__name__}: {inert_line(e)})."
            )
        return None, "", Source()
    try:
        return data.sample_dataset(actors), f"sample:{actors_key}", Source()
    except ValueError as e:
        st.error(f"The actor list could not be used: {inert_line(e)}")
        return None, "", Source()
    except Exception as e:
        st.error(failure_message("Analysing the sample articles", e))
        return None, "", Source()


MULTI_KEYS = {"outlets": "outlets", "actors": "actors", "speakers": "speakers", "troops_of": "troops_of"}


def _follow_new_data(ch: Choices) -> None:
    """The data changed (another source): date range back to the new data's full range, choices it lacks dropped."""
    if ch.date_range:
        st.session_state["dates"] = ch.date_range
    for key, field in MULTI_KEYS.items():
        if key in st.session_state:
            allowed = set(getattr(ch, field))
            st.session_state[key] = [v for v in st.session_state[key] if v in allowed]


def _clamp_linked_dates(lo: dt.date, hi: dt.date) -> str | None:
    """A shared link's date range outside the data is clamped to it (returns the warning to show)."""
    try:
        linked = [dt.date.fromisoformat(v) for v in st.query_params.get_all("dates") if v]
    except ValueError:
        return None
    if len(linked) != 2 or (lo <= linked[0] <= hi and lo <= linked[1] <= hi):
        return None
    start, end = max(lo, min(linked[0], hi)), min(hi, max(linked[1], lo))
    if start > end:
        start, end = lo, hi
    st.session_state["dates"] = (start, end)
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
            "Published between", **default, min_value=lo, max_value=hi, key="dates", bind="query-params"
        )
        start, end = rng if isinstance(rng, tuple | list) and len(rng) == 2 else (lo, hi)
    else:
        sb.caption("No article has a date.")
    include_undated = True
    if ch.n_undated:
        include_undated = sb.checkbox(
            f"Include undated articles ({ch.n_undated:,})",
            value=True,
            key="undated",
            bind="query-params",
            help="Articles without a date are shown whatever the date range.",
        )
    missing = unknown_linked({k: st.query_params.get_all(k) for k in MULTI_KEYS}, ch)
    if missing:
        sb.warning(missing)
    outlets = _choose("Outlets", ch.outlets, "outlets")
    actors = _choose("Articles mentioning", ch.actors, "actors")
    speakers = _choose("Speakers", ch.speakers, "speakers")
    troops_of = _choose("Whose troops", ch.troops_of, "troops_of", "Filters the troop figures only. ")
    pol = sb.slider(
        "Quote polarity (TextBlob)",
        -1.0,
        1.0,
        (-1.0, 1.0),
        step=0.05,
        key="polarity",
        bind="query-params",
        help=POLARITY_HELP,
    )
    search = sb.text_input("Text contains", key="q", bind="query-params")
    once = sb.checkbox("Count syndicated copies once", key="once", bind="query-params")
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


def reader_view(sel: Selection, ds: Dataset) -> None:
    arts = sel.sql(
        "SELECT article_id, published, outlet, title, source, url, date_source FROM sel_articles "
        f"ORDER BY published NULLS LAST, article_id LIMIT {READER_ARTICLES}"
    )
    if arts.empty:
        st.info("No article matches the filters.")
        return
    labels = [
        " · ".join(
            [str(p.date()) if not pd.isna(p) else "undated", str(o or "unknown"), str(t or "untitled")]
        )
        for p, o, t in zip(
            arts["published"], arts["outlet"].fillna(""), arts["title"].fillna(""), strict=True
        )
    ]
    if len(arts) == READER_ARTICLES:
        st.caption(f"The first {READER_ARTICLES:,} selected articles; narrow the filters to find others.")
    i = st.selectbox("Article", range(len(arts)), format_func=lambda k: labels[k], key="article")
    art = arts.iloc[i if i is not None and i < len(arts) else 0]
    aid = str(art["article_id"])
    spans = []
    for kind, name in (("quote", "quotes"), ("troops", "troops"), ("actor", "mentions")):
        rows = sel.sql(f'SELECT start, "end" FROM sel_{name} WHERE article_id = ?', [aid])
        spans += [(int(s), int(e), kind) for s, e in zip(rows["start"], rows["end"], strict=True)]
    st.caption(
        " · ".join(
            inert_line(v)
            for v in (short_source(art["source"]), art["url"] or "no URL", f"date from {art['date_source']}")
        )
    )
    st.markdown(legend(), unsafe_allow_html=True)
    st.markdown(highlight(ds.article_text(aid), spans), unsafe_allow_html=True)


def main() -> None:
    st.title("Wirewatch")
    st.caption(
        "How the news covers a crisis: who is mentioned, which troop figures are cited, who is quoted and in what tone."
    )
    ds, data_key, source = source_ui()
    if ds is None:
        st.stop()
    f = filters_ui(ds, data_key)
    freq = st.sidebar.radio(
        "Time buckets",
        ["D", "W", "M"],
        index=1,
        horizontal=True,
        key="freq",
        format_func=FREQ_LABELS.get,
        bind="query-params",
    )
    sel = ds.select(f)
    draw = {
        "Overview": lambda: views.overview(sel, freq),
        "Actors": lambda: views.actors_view(sel, freq),
        "Troop figures": lambda: views.troops_view(sel, freq),
        "Quotes & sentiment": lambda: views.quotes_view(sel, freq),
        "Article reader": lambda: reader_view(sel, ds),
    }
    # Only the open tab runs (a filter change redraws one view, not five); the tab is in the URL and the link.
    open_tab = ""
    for tab, name in zip(st.tabs(list(draw), key="tab", bind="query-params"), draw, strict=True):
        if tab.open is not False:
            open_tab = open_tab or name
            with tab:
                draw[name]()
    link_ui(f, freq, ds.choices(), open_tab, source)
    zip_ui(sel)


main()
