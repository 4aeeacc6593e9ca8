"""The dashboard's chart views, one function a tab: each draws its charts from ``aggregates`` (SQL on a
``Selection``) and, under a chart, the rows behind the clicked series and bucket only."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import aggregates as agg
from dashboard import buckets, charts, charts_tone, charts_troops, keys, summaries, wording
from dashboard.clicks import picked_keys
from dashboard.dataset import Selection
from dashboard.display import for_page, short_source
from dashboard.downloads import download_ui
from dashboard.events import EventsFileError, load_events
from dashboard.render import highlight, legend
from dashboard.safety import inert_line

READER_ARTICLES = 1_000  # the reader lists at most this many of the selected articles
MAX_ROWS_SHOWN = 10_000  # a table in the page holds at most this many rows (the downloads hold them all)
MAX_CLICKED_ROWS = 1_000  # the rows behind a click shown at most (the caption gives the full count)
ACTORS_OVER_TIME = 6  # lines at first in "Mentions over time": more tangle (the multiselect adds others)
# The sliders' least, most and first values: the co-mention map's actors (a 30 x 30 grid still reads) and the tone
# chart's speakers (a line and a band each: 10 still stay apart).
COMENTION_N = (4, 30, 12)
TOP_SPEAKERS = (1, 10, 5)
LENS_OPTIONS = {"VADER": "vader_compound", "TextBlob": "polarity"}  # the URL holds the label (lens=TextBlob)
POLARITY_HELP = (
    "Keeps the quotes whose TextBlob polarity (-1 to +1) lies in the range, whatever lens the tone charts show "
    "(their *Tone lens*: VADER compound by default)."
)


# The views' own widgets bound to the URL: key -> (default, the value as the URL holds it).
VIEW_WIDGETS = {
    keys.COVERAGE_AS: ("articles", str),
    keys.PER_ARTICLE: (False, lambda v: "true" if v else "false"),
    keys.COMENTION_N: (COMENTION_N[2], str),
    keys.LENS: ("VADER", str),
    keys.TOP_SPEAKERS: (TOP_SPEAKERS[2], str),
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
    st.dataframe(for_page(df[cols]), hide_index=True)


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


def covered(sel: Selection) -> tuple | None:
    """The first and last day the selection can hold: the data's date range within the filter's (a bucket
    reaching beyond them is partial, ``charts.partial_marks``)."""
    rng = sel.dataset.choices().date_range
    if not rng:
        return None
    lo, hi = rng
    f = sel.filters
    return (max(lo, f.start) if f.start else lo, min(hi, f.end) if f.end else hi)


def _freq(freq: str | None) -> str:
    return freq or st.session_state.get(keys.FREQ) or "W"


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
        inert_line(str(p.series)) + (f", {buckets.words(freq)} {p.bucket}" if p.bucket else "")
        for p in picks[:5]
    )
    st.caption(
        f"{wording.counted(n, table)} behind {what}"
        + (f" (the first {MAX_CLICKED_ROWS:,} shown)" if n > MAX_CLICKED_ROWS else "")
    )
    st.dataframe(
        for_page(rows[[c for c in columns if c in rows.columns]]), hide_index=True, key=f"{key}-rows"
    )


HEADLINE = {
    "articles": "Articles",
    "quotes": "Quotes",
    "actors": "Actors mentioned",
    "troops": "Troop figures",
}


def chart_words(summary: str, data: pd.DataFrame) -> None:
    """Under a chart: the one line saying what it shows (``summaries``, from the data drawn) and, one click away,
    the data the chart draws."""
    st.caption(inert_line(summary))
    with st.expander("The data behind this chart"):
        st.dataframe(
            for_page(data), hide_index=isinstance(data.index, pd.RangeIndex)
        )  # the map keeps its names


ARTICLE_COLUMNS = ["published", "outlet", "title", "source"]
QUOTE_COLUMNS = ["published", "outlet", "speaker", "verb", "text", "polarity", "vader_compound"]


def overview(sel: Selection, freq: str) -> None:
    h = sel.headline()
    c = st.columns(4)
    for col, (key, name) in zip(c, HEADLINE.items(), strict=True):
        col.metric(name, f"{h[key]:,}", help=wording.HEADLINE_HELP[key])
    st.caption(wording.actor_kinds(sel.actor_kinds()))
    mode = st.radio(
        "Coverage as",
        ["articles", "share"],
        horizontal=True,
        key=keys.COVERAGE_AS,
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
        covered=covered(sel),
    )
    ev = st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="cov")
    chart_words(summaries.coverage(cov, freq), cov)
    clicked_rows(ev, sel, "coverage", freq, ARTICLE_COLUMNS, "cov")
    n_rejects = sel.count("rejects", "kind = ?", ["reject"])
    n_warned = sel.count("rejects", "kind = ?", ["warning"])
    said = []
    if n_rejects:
        said.append(f"{wording.counted(n_rejects, 'rejects')} could not be read")
    if n_warned:
        said.append(f"{n_warned:,} input{' was' if n_warned == 1 else 's were'} read with a warning")
    if said:
        (st.warning if n_rejects else st.info)("; ".join(said) + ":")
        show_table(sel, "rejects")


def actors_view(sel: Selection, freq: str) -> None:
    voice = agg.share_of_voice(sel)
    st.plotly_chart(charts.share_of_voice(voice), key="sov")
    chart_words(summaries.share_of_voice(voice), voice)
    ranked = agg.ranked_actors(sel)
    chosen = st.multiselect("Actors over time", ranked, default=ranked[:ACTORS_OVER_TIME], key="actors_ot")
    per_article = st.toggle(
        "Per article (mentions ÷ articles in the bucket)", key=keys.PER_ARTICLE, bind="query-params"
    )
    lines = agg.mentions_over_time(sel, freq, chosen, per_article=per_article)
    fig = charts.series_lines(
        lines,
        "actor",
        "Mentions over time" + (" per article" if per_article else ""),
        "mentions per article" if per_article else "mentions",
        freq,
        events(),
        covered=covered(sel),
    )
    ev = st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="act_ot")
    chart_words(summaries.mentions_over_time(lines, freq, per_article), lines)
    clicked_rows(ev, sel, "mentions", freq, ARTICLE_COLUMNS, "act_ot")
    top = st.slider("Actors in the co-mention map", *COMENTION_N, key=keys.COMENTION_N, bind="query-params")
    matrix = agg.co_mentions(sel, top)
    st.plotly_chart(charts.co_mention_heatmap(matrix), key="comention")
    chart_words(summaries.co_mentions(matrix), matrix)
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
    figures = agg.troop_figures(sel, freq, groups)
    fig = charts_troops.troop_figures(figures, freq, events(), title, covered=covered(sel))
    ev = st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="troops")
    chart_words(summaries.troop_figures(figures, freq), figures)
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
        ["published", "outlet", "value", "qualifier", "low", "high", "troops_of", "claimed_by", "sentence"],
    )
    download_ui(sel, "troops")


def lens_note(lens: str, polarity: tuple[float, float]) -> str:
    """Which lens the tone charts show and which the sidebar's polarity filter uses (always TextBlob)."""
    shown = charts_tone.LENSES[lens]
    note = f"These charts show {shown}; the sidebar's *Quote polarity* filters on TextBlob polarity"
    if tuple(polarity) != (-1.0, 1.0):
        note += f" (now {polarity[0]:+.2f} to {polarity[1]:+.2f})"
    return note + ("." if lens == "polarity" else ", so a quote kept there may score otherwise here.")


def quotes_view(sel: Selection, freq: str | None = None) -> None:
    freq = _freq(freq)
    c1, c2 = st.columns(2)
    lens = LENS_OPTIONS[
        c1.radio(
            "Tone lens",
            list(LENS_OPTIONS),
            horizontal=True,
            key=keys.LENS,
            bind="query-params",
            help="VADER compound or TextBlob polarity, -1 to +1. VADER agrees with people better "
            "on these quotes (r 0.50 against 0.30).",
        )
    ]
    top = c2.slider("Speakers shown", *TOP_SPEAKERS, key=keys.TOP_SPEAKERS, bind="query-params")
    st.caption(lens_note(lens, sel.filters.polarity))
    speakers = agg.top_speakers(sel, top)
    tone = agg.tone_over_time(sel, freq, lens, speakers)
    ev = st.plotly_chart(
        charts_tone.tone_over_time(tone, lens, freq, events(), covered=covered(sel)),
        on_select="rerun",
        selection_mode="points",
        key="tone",
    )
    chart_words(summaries.tone_over_time(tone, lens, freq), tone)
    clicked_rows(ev, sel, "tone", freq, QUOTE_COLUMNS, "tone")
    neutral = agg.neutral_share(sel, freq, lens)
    ev = st.plotly_chart(
        charts_tone.neutral_share(neutral, freq, events(), lens, covered=covered(sel)),
        on_select="rerun",
        selection_mode="points",
        key="neutral",
    )
    chart_words(summaries.neutral_share(neutral, lens, freq), neutral)
    clicked_rows(ev, sel, "neutral", freq, QUOTE_COLUMNS, "neutral", lens=lens)
    by_outlet = agg.tone_by_outlet(sel, lens)
    ev = st.plotly_chart(
        charts_tone.tone_by_outlet(by_outlet, lens),
        on_select="rerun",
        selection_mode="points",
        key="tone_outlet",
    )
    chart_words(summaries.tone_by_outlet(by_outlet, lens), by_outlet)
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


def reader_view(sel: Selection) -> None:
    """The selected articles, one at a time, with their actors, quotes and troop figures highlighted."""
    ds = sel.dataset
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
