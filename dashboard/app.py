"""Wirewatch dashboard: ``streamlit run dashboard/app.py``.

Every filter is bound to the URL's query parameters, so a copied link reproduces the view.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import data, exports, views
from dashboard.filters import (
    Filters,
    apply_filters,
    upload_problem,
)
from dashboard.render import highlight
from dashboard.safety import failure_message, folder_policy, inert_line
from dashboard.uploads import UploadedFile

st.set_page_config(page_title="Wirewatch", page_icon="📰", layout="wide")


def source_ui() -> tuple[dict[str, pd.DataFrame] | None, str | None]:
    """Pick the data: the bundled sample, a processed output folder, or uploaded files.

    Returns the tables and, for a folder, its path (its articles' text is read on demand)."""
    policy = folder_policy(os.environ, Path(__file__))
    with st.sidebar.expander("Data source", expanded=False):
        folder = st.text_input("Processed output folder", value=data.default_folder() or "", key="folder",
                               help="A folder written by `wirewatch run ... --out DIR` (or set WIREWATCH_DATA)."
                               + (" It must lie under the data root the operator set." if policy.root else "")
                               ) if policy.offered else (data.default_folder() or "")
        files = st.file_uploader(f"…or analyse files (up to {data.MAX_UPLOAD_MB} MB in all)", type=data.UPLOAD_TYPES,
                                 accept_multiple_files=True, key="upload", help=data.upload_help())
        actors_csv = st.file_uploader("Extend the actor list (CSV: name,type,aliases,…)", type=["csv"], key="actors_csv",
                                      help="Applies to the sample and uploaded files; a processed folder keeps the "
                                           "list it was analysed with (run `wirewatch run --actors FILE`).")
    actors = actors_csv.getvalue() if actors_csv else None
    if files:
        problem = upload_problem([f.size for f in files], data.MAX_UPLOAD_MB)
        if problem:
            st.error(problem)
            return None, None
        bar = st.sidebar.progress(0.0, text="Analysing your files…")
        try:
            tables = data.uploaded_tables([UploadedFile(f.name, f.getvalue()) for f in files], actors,
                                          lambda done, total: bar.progress(done / max(total, 1),
                                                                           text=f"Analysed {done} of {total}"))
        except ValueError as e:
            st.error(f"The actor list could not be used: {inert_line(e)}" if actors else
                     failure_message("Analysing the uploaded files", e))
            return None, None
        except Exception as e:  # never a traceback in the page: one line here, the details in the server's log
            st.error(failure_message("Analysing the uploaded files", e))
            return None, None
        finally:
            bar.empty()
        return tables, None
    if folder:
        folder, refused = policy.admit(folder)
        if refused:
            st.error(refused)
            return None, None
        try:
            return data.folder_tables(folder), folder
        except FileNotFoundError as e:
            st.error(f"Cannot load {inert_line(folder)}: {inert_line(e)}")
            return None, None
        except Exception as e:  # a corrupted table must not show a traceback
            st.error(f"The tables in {inert_line(folder)} could not be read ({type(e).__name__}: {inert_line(e)}).")
            return None, None
    try:
        return data.sample_tables(actors), None
    except ValueError as e:
        st.error(f"The actor list could not be used: {inert_line(e)}")
        return None, None
    except Exception as e:
        st.error(failure_message("Analysing the sample articles", e))
        return None, None


def filters_ui(tables: dict[str, pd.DataFrame]) -> Filters:
    """Sidebar widgets, each bound to a query parameter; returns the chosen Filters."""
    arts = tables["articles"]
    dates = pd.to_datetime(arts["published"], errors="coerce").dropna()
    lo = dates.min().date() if len(dates) else dt.date(2021, 11, 1)
    hi = dates.max().date() if len(dates) else dt.date(2022, 3, 31)
    sb = st.sidebar
    sb.header("Filters")
    rng = sb.date_input("Published between", value=(lo, hi), min_value=lo, max_value=hi, key="dates",
                        bind="query-params")
    start, end = (rng if isinstance(rng, tuple | list) and len(rng) == 2 else (lo, hi))
    outlets = sb.multiselect("Outlets", sorted(x for x in arts["outlet"].dropna().unique() if x), key="outlets",
                             bind="query-params")
    actor_list = tables["mentions"]["actor"].value_counts().index.tolist()
    actors = sb.multiselect("Articles mentioning", actor_list, key="actors", bind="query-params")
    speaker_list = [s for s in tables["quotes"]["speaker"].value_counts().index if s]
    speakers = sb.multiselect("Speakers", speaker_list, key="speakers", bind="query-params")
    pol = sb.slider("Quote polarity", -1.0, 1.0, (-1.0, 1.0), step=0.05, key="polarity", bind="query-params")
    search = sb.text_input("Text contains", key="q", bind="query-params")
    once = sb.checkbox("Count syndicated copies once", key="once", bind="query-params")
    params = {k: v for k, v in st.query_params.to_dict().items() if v not in ("", [])}
    sb.caption("Link to this view (copy it):")
    sb.code(f"{st.context.url or ''}?{urlencode(params, doseq=True)}" if params else (st.context.url or "/"), language=None)
    return Filters(start=start, end=end, outlets=tuple(outlets), actors=tuple(actors), speakers=tuple(speakers),
                   polarity=(float(pol[0]), float(pol[1])), search=search.strip(), once_per_story=once)


def reader_view(t: dict[str, pd.DataFrame], folder: str | None) -> None:
    a = t["articles"]
    if a.empty:
        st.info("No article matches the filters.")
        return
    labels = (a["published"].astype(str) + " · " + a["outlet"].astype(str) + " · " + a["title"].astype(str)).tolist()
    i = st.selectbox("Article", range(len(a)), format_func=lambda k: labels[k], key="article")
    art = a.iloc[i]
    aid = art["article_id"]
    row = int(art.name)  # the article's row in the full table, which every child row points to (aidx)
    spans = []
    for kind, name in (("quote", "quotes"), ("troops", "troops"), ("actor", "mentions")):
        rows = data.rows_of(folder, name, [aid]) if folder else t[name][t[name]["aidx"] == row]
        spans += [(int(r.start), int(r.end), kind) for r in rows.itertuples()]
    st.caption(" · ".join(inert_line(v) for v in (art["source"], art["url"] or "no URL",
                                                  f"date from {art['date_source']}")))
    text = data.article_text(folder, aid) if folder else str(art["text"])
    st.markdown(highlight(text, spans), unsafe_allow_html=True)


def main() -> None:
    st.title("Wirewatch")
    st.caption("How the news covers a crisis: who is mentioned, which troop figures are cited, who is quoted and in what tone.")
    tables, folder = source_ui()
    if tables is None:
        st.stop()
    f = filters_ui(tables)
    hits = data.search_text(folder, f.search) if folder and f.search else None
    t = apply_filters(tables, f, text_hits=hits)
    freq = st.sidebar.radio("Time buckets", ["D", "W", "M"], index=1, horizontal=True, key="freq",
                            format_func={"D": "day", "W": "week", "M": "month"}.get, bind="query-params")
    tabs = st.tabs(["Overview", "Actors", "Troop figures", "Quotes & sentiment", "Article reader"])
    with tabs[0]:
        views.overview(t, freq)
    with tabs[1]:
        views.actors_view(t, freq, tables["articles"], folder, f)
    with tabs[2]:
        views.troops_view(t, tables["articles"], folder, f)
    with tabs[3]:
        views.quotes_view(t, tables["articles"], folder, f)
    with tabs[4]:
        reader_view(t, folder)
    st.sidebar.download_button("All filtered tables (.zip)", data=lambda: exports.zip_all({n: data.complete_rows(n, df, tables["articles"], t["articles"], folder, f)
                                                       for n, df in t.items()}),
                               file_name="wirewatch.zip",
                               on_click="ignore", key="dl-zip")


main()
