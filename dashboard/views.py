"""The dashboard's chart views, one function a tab: each draws its charts from ``aggregates`` (SQL on a
``Selection``) and, under a chart, the rows behind the clicked series and bucket only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import aggregates as agg
from dashboard import charts, charts_tone, charts_troops
from dashboard.clicks import picked_keys
from dashboard.dataset import Selection
from dashboard.downloads import download_ui
from dashboard.events import EventsFileError, load_events
from dashboard.safety import inert_line

MAX_ROWS_SHOWN = 10_000  # a table in the page holds at most this many rows (the downloads hold them all)
MAX_CLICKED_ROWS = 1_000  # the rows behind a click shown at most (the caption gives the full count)
ACTORS_OVER_TIME = 6  # lines at first in "Mentions over time": more tangle (the multiselect adds others)
# The sliders' least, most and first values: the co-mention map's actors (a 30 x 30 grid still reads) and the tone
# chart's speakers (a line and a band each: 10 still stay apart).
COMENTION_N = (4, 30, 12)
TOP_SPEAKERS = (1, 10, 5)
LENS_OPTIONS = {"VADER": "vader_compound", "TextBlob": "polarity"}  # the URL holds the label (lens=TextBlob)
BUCKET_WORDS = {"D": "day", "W": "week of", "M": "month of"}


# The views' own widgets bound to the URL: key -> (default, the value as the URL holds it).
VIEW_WIDGETS = {
    "cov_as": ("articles", str),
    "norm": (False, lambda v: "true" if v else "false"),
    "comention_n": (COMENTION_N[2], str),
    "lens": ("VADER", str),
    "top_speakers": (TOP_SPEAKERS[2], str),
}


def link_pairs(state) -> list[tuple[str, str]]:
    """The query parameters of the views' widgets whose value differs from the default, for the share link
    (``app.link_ui`` adds them to the filters' pairs): ``link_pairs(st.session_state)``."""
    pairs = []
    for key, (default, as_url) in VIEW_WIDGETS.items():
        value = state.get(key, default) if hasattr(state, "get") else default
        if value is not None and value != default:
            pairs.append((key, as_url(value)))
    return pairs


def show_table(sel: Selection, name: str, columns: list[str] | None = None) -> None:
    """A table in the page, at most MAX_ROWS_SHOWN rows (the downloads hold them all)."""
    n = sel.count(name)
    df = sel.table(name, MAX_ROWS_SHOWN)
    if n > MAX_ROWS_SHOWN:
        st.caption(f"The first {MAX_ROWS_SHOWN:,} of {n:,} rows; download the table for all of them.")
    cols = [c for c in (columns or df.columns) if c in df.columns]
    st.dataframe(df[cols], hide_index=True)


@st.cache_data(show_spinner=False)
def _events() -> pd.DataFrame:
    return load_events()


def events() -> pd.DataFrame | None:
    """The events marked on every time chart (data/events.csv); a broken file is a warning, not a crash."""
    try:
        return _events()
    except EventsFileError as e:
        st.warning(f"No event markers: {e}")
        return None


def _freq(freq: str | None) -> str:
    return freq or st.session_state.get("freq") or "W"


def clicked_rows(event, sel: Selection, chart: str, freq: str, columns: list[str], key: str, **kw) -> None:
    """The rows behind the clicked points: the clicked series in the clicked bucket only."""
    picks = picked_keys(event)
    if not picks:
        st.caption("Click a bar or point to list the rows behind it.")
        return
    table, where, params = agg.click_where(chart, picks, freq, **kw)
    n = int(sel.sql(f"SELECT count(*) n FROM sel_{table} WHERE {where}", params)["n"].iloc[0])
    rows = sel.rows(table, where, params, limit=MAX_CLICKED_ROWS)
    what = "; ".join(
        inert_line(str(p.series)) + (f", {BUCKET_WORDS.get(freq, '')} {p.bucket}" if p.bucket else "")
        for p in picks[:5]
    )
    st.caption(
        f"{n:,} {table} behind {what}"
        + (f" (the first {MAX_CLICKED_ROWS:,} shown)" if n > MAX_CLICKED_ROWS else "")
    )
    st.dataframe(rows[[c for c in columns if c in rows.columns]], hide_index=True, key=f"{key}-rows")


ARTICLE_COLUMNS = ["published", "outlet", "title", "source"]
QUOTE_COLUMNS = ["published", "outlet", "speaker", "verb", "text", "polarity", "vader_compound"]


def overview(sel: Selection, freq: str) -> None:
    h = sel.headline()
    c = st.columns(4)
    c[0].metric("Articles", f"{h['articles']:,}")
    c[1].metric("Quotes", f"{h['quotes']:,}")
    c[2].metric("Actors mentioned", f"{h['actors']:,}")
    c[3].metric("Troop claims", f"{h['troops']:,}")
    mode = st.radio(
        "Coverage as",
        ["articles", "share"],
        horizontal=True,
        key="cov_as",
        bind="query-params",
        help="share: each outlet's part of the bucket's articles, in %",
    )
    cov = agg.coverage(sel, freq)
    share = mode == "share"
    fig = charts.stacked_bars(
        cov,
        "outlet",
        "Coverage over time" + (": each outlet's share" if share else ""),
        "share of the articles" if share else "articles",
        freq,
        events(),
        share=share,
    )
    ev = st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="cov")
    clicked_rows(ev, sel, "coverage", freq, ARTICLE_COLUMNS, "cov")
    n_rejects = sel.count("rejects", "kind = ?", ["reject"])
    n_warned = sel.count("rejects", "kind = ?", ["warning"])
    said = []
    if n_rejects:
        said.append(f"{n_rejects:,} input{'' if n_rejects == 1 else 's'} could not be read")
    if n_warned:
        said.append(f"{n_warned:,} input{' was' if n_warned == 1 else 's were'} read with a warning")
    if said:
        (st.warning if n_rejects else st.info)("; ".join(said) + ":")
        show_table(sel, "rejects")


def actors_view(sel: Selection, freq: str) -> None:
    st.plotly_chart(charts.share_of_voice(agg.share_of_voice(sel)), key="sov")
    ranked = agg.ranked_actors(sel)
    chosen = st.multiselect("Actors over time", ranked, default=ranked[:ACTORS_OVER_TIME], key="actors_ot")
    per_article = st.toggle(
        "Per article (mentions ÷ articles in the bucket)", key="norm", bind="query-params"
    )
    lines = agg.mentions_over_time(sel, freq, chosen, per_article=per_article)
    fig = charts.series_lines(
        lines,
        "actor",
        "Mentions over time" + (" per article" if per_article else ""),
        "mentions per article" if per_article else "mentions",
        freq,
        events(),
    )
    ev = st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="act_ot")
    clicked_rows(ev, sel, "mentions", freq, ARTICLE_COLUMNS, "act_ot")
    top = st.slider("Actors in the co-mention map", *COMENTION_N, key="comention_n", bind="query-params")
    st.plotly_chart(charts.co_mention_heatmap(agg.co_mentions(sel, top)), key="comention")
    download_ui(sel, "mentions")


def troops_view(sel: Selection, freq: str | None = None) -> None:
    freq = _freq(freq)
    owners = sel.filters.troops_of
    st.caption(
        (
            "Figures for " + ", ".join(owners) + "'s troops."
            if owners
            else "Figures for every army; choose **Whose troops** in the sidebar (e.g. Russia) to follow one force."
        )
        + " Per claimant: the median figure and the range of the figures cited in each bucket; outliers sit "
        "on the axis edge (hover for the value)."
    )
    groups = agg.claimant_groups(sel)
    title = "Troop figures cited" + (f" for {', '.join(owners)}" if owners else "") + ", by claimant"
    fig = charts_troops.troop_figures(agg.troop_figures(sel, freq, groups), freq, events(), title)
    ev = st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="troops")
    clicked_rows(
        ev,
        sel,
        "troops",
        freq,
        ["published", "outlet", "value", "qualifier", "low", "high", "troops_of", "claimed_by", "sentence"],
        "troops",
        groups=groups,
    )
    st.subheader("Ledger")
    show_table(
        sel,
        "troops",
        ["published", "value", "qualifier", "low", "high", "troops_of", "claimed_by", "sentence"],
    )
    download_ui(sel, "troops")


def quotes_view(sel: Selection, freq: str | None = None) -> None:
    freq = _freq(freq)
    c1, c2 = st.columns(2)
    lens = LENS_OPTIONS[
        c1.radio(
            "Tone lens",
            list(LENS_OPTIONS),
            horizontal=True,
            key="lens",
            bind="query-params",
            help="VADER compound or TextBlob polarity, -1 to +1. VADER agrees with people better "
            "on these quotes (r 0.50 against 0.30).",
        )
    ]
    top = c2.slider("Speakers shown", *TOP_SPEAKERS, key="top_speakers", bind="query-params")
    speakers = agg.top_speakers(sel, top)
    ev = st.plotly_chart(
        charts_tone.tone_over_time(agg.tone_over_time(sel, freq, lens, speakers), lens, freq, events()),
        on_select="rerun",
        selection_mode="points",
        key="tone",
    )
    clicked_rows(ev, sel, "tone", freq, QUOTE_COLUMNS, "tone")
    ev = st.plotly_chart(
        charts_tone.neutral_share(agg.neutral_share(sel, freq, lens), freq, events(), lens),
        on_select="rerun",
        selection_mode="points",
        key="neutral",
    )
    clicked_rows(ev, sel, "neutral", freq, QUOTE_COLUMNS, "neutral", lens=lens)
    ev = st.plotly_chart(
        charts_tone.tone_by_outlet(agg.tone_by_outlet(sel, lens), lens),
        on_select="rerun",
        selection_mode="points",
        key="tone_outlet",
    )
    clicked_rows(ev, sel, "tone_by_outlet", freq, QUOTE_COLUMNS, "tone_outlet")
    show_table(
        sel,
        "quotes",
        [
            "published",
            "speaker",
            "verb",
            "text",
            "polarity",
            "subjectivity",
            "vader_compound",
            "lenses_disagree",
            "sentiment_words",
            "kind",
            "quote_marks",
        ],
    )
    download_ui(sel, "quotes")
