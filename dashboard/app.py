"""Wirewatch dashboard: ``streamlit run dashboard/app.py --server.address 127.0.0.1``.

The entry script: the sidebar (``dashboard.sidebar``: data source, filters, time buckets, share link) wired to the
views (``dashboard.views``); every filter is bound to the URL, so a copied link reproduces the view.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data, keys, sidebar, views
from dashboard.downloads import zip_ui

data.freeze_startup_objects()
st.set_page_config(page_title="Wirewatch", page_icon="📰", layout="wide")


def main() -> None:
    st.title("Wirewatch")
    st.caption(
        "How the news covers a crisis: who is mentioned, which troop figures are cited, who is quoted and in what tone."
    )
    opened = sidebar.source_ui()
    if opened.dataset is None:
        st.stop()
    f = sidebar.filters_ui(opened.dataset, opened.key)
    freq = sidebar.freq_ui()
    sel = opened.dataset.select(f)
    draw = {
        "Overview": lambda: views.overview(sel, freq),
        "Actors": lambda: views.actors_view(sel, freq),
        "Troop figures": lambda: views.troops_view(sel, freq),
        "Quotes & sentiment": lambda: views.quotes_view(sel, freq),
        "Article reader": lambda: views.reader_view(sel),
    }
    # Only the open tab runs (a filter change redraws one view, not five); the tab is in the URL and the link.
    open_tab = ""
    for tab, name in zip(st.tabs(list(draw), key=keys.TAB, bind="query-params"), draw, strict=True):
        if tab.open is not False:
            open_tab = open_tab or name
            with tab:
                draw[name]()
    sidebar.link_ui(f, freq, opened.dataset.choices(), open_tab, opened.source)
    zip_ui(sel)


main()
