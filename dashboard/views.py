"""The dashboard's chart views, one function a tab: each draws its charts from queries on a ``Selection``."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts
from dashboard.dataset import Selection, bucket_sql
from dashboard.downloads import download_ui

MAX_ROWS_SHOWN = 10_000
MAX_POINTS = 20_000  # raw points fetched for a scatter (the chart thins them further)


def show_table(sel: Selection, name: str, columns: list[str] | None = None) -> None:
    """A table in the page, at most MAX_ROWS_SHOWN rows (the downloads hold them all)."""
    n = sel.count(name)
    df = sel.table(name, MAX_ROWS_SHOWN)
    if n > MAX_ROWS_SHOWN:
        st.caption(f"The first {MAX_ROWS_SHOWN:,} of {n:,} rows; download the table for all of them.")
    cols = [c for c in (columns or df.columns) if c in df.columns]
    st.dataframe(df[cols], hide_index=True)


def _picked_periods(event) -> list[str]:
    sel = event.get("selection", {}) if isinstance(event, dict) else getattr(event, "selection", {}) or {}
    pts = sel.get("points", []) if isinstance(sel, dict) else getattr(sel, "points", [])
    return sorted({str(p.get("x"))[:10] for p in pts if p.get("x") is not None})


def evidence(event, sel: Selection, name: str, freq: str | None, columns: list[str]) -> None:
    """Rows behind the clicked points or bars (matched on their date or period)."""
    picked = _picked_periods(event)
    if not picked:
        st.caption("Click a point or bar to see the rows behind it.")
        return
    column = bucket_sql(freq) if freq else "published"
    rows = sel.rows(name, f"CAST({column} AS VARCHAR) IN (SELECT unnest(?::VARCHAR[]))", [picked], limit=1000)
    st.caption(f"{len(rows):,} rows behind the selection (at most 1,000 shown)")
    st.dataframe(rows[[c for c in columns if c in rows.columns]], hide_index=True)


def overview(sel: Selection, freq: str) -> None:
    h = sel.headline()
    c = st.columns(4)
    c[0].metric("Articles", f"{h['articles']:,}")
    c[1].metric("Quotes", f"{h['quotes']:,}")
    c[2].metric("Actors mentioned", f"{h['actors']:,}")
    c[3].metric("Troop claims", f"{h['troops']:,}")
    agg = sel.sql(f"SELECT {bucket_sql(freq)} period, coalesce(nullif(outlet, ''), 'unknown') outlet, count(*) value "
                  "FROM sel_articles WHERE published IS NOT NULL GROUP BY ALL ORDER BY period")
    ev = st.plotly_chart(charts.timeline(agg, "Coverage over time", by="outlet"), on_select="rerun", key="cov")
    evidence(ev, sel, "articles", freq, ["published", "outlet", "title", "source"])
    n_rejects = sel.count("rejects")
    if n_rejects:
        st.warning(f"{n_rejects} inputs could not be read:")
        show_table(sel, "rejects")


def actors_view(sel: Selection, freq: str) -> None:
    sov = sel.sql("SELECT actor, arg_max(actor_type, n) actor_type, sum(n)::BIGINT mentions FROM "
                  "(SELECT actor, actor_type, count(*) n FROM sel_mentions GROUP BY ALL) "
                  "GROUP BY actor ORDER BY mentions DESC, actor LIMIT 15")
    st.plotly_chart(charts.share_of_voice(sov), key="sov")
    ranked = sel.sql("SELECT actor FROM sel_mentions GROUP BY actor ORDER BY count(*) DESC, actor")["actor"].tolist()
    chosen = st.multiselect("Actors over time", ranked, default=ranked[:6], key="actors_ot")
    per_article = st.toggle("Per article (mentions ÷ articles in the period)", key="norm")
    agg = sel.sql(f"SELECT {bucket_sql(freq)} period, actor, count(*) value FROM sel_mentions "
                  "WHERE published IS NOT NULL AND actor IN (SELECT unnest(?::VARCHAR[])) GROUP BY ALL ORDER BY period",
                  [chosen])
    if per_article and not agg.empty:
        n = sel.sql(f"SELECT {bucket_sql(freq)} period, count(*) n FROM sel_articles WHERE published IS NOT NULL "
                    "GROUP BY ALL")
        agg = agg.merge(n, on="period")
        agg["value"] = agg["value"] / agg["n"]
    ev = st.plotly_chart(charts.timeline(agg, "Mentions over time", by="actor", y_label="mentions"), on_select="rerun",
                         key="act_ot")
    evidence(ev, sel, "articles", freq, ["published", "outlet", "title", "source"])
    top = sel.sql("SELECT actor FROM sel_mentions GROUP BY actor ORDER BY count(*) DESC, actor LIMIT 12")["actor"]
    pairs = sel.sql("WITH m AS (SELECT DISTINCT article_id, actor FROM sel_mentions "
                    "WHERE actor IN (SELECT unnest(?::VARCHAR[]))) "
                    "SELECT a.actor x, b.actor y, count(*) n FROM m a JOIN m b USING (article_id) GROUP BY ALL",
                    [top.tolist()])
    matrix = pd.DataFrame()
    if len(pairs):
        names = top.tolist()
        matrix = pairs.pivot(index="x", columns="y", values="n").reindex(index=names, columns=names).fillna(0)
        matrix = matrix.astype("int64").rename_axis(index=None, columns=None)
    st.plotly_chart(charts.co_mention_heatmap(matrix), key="comention")
    download_ui(sel, "mentions")


def troops_view(sel: Selection) -> None:
    tr = sel.sql("SELECT t.published, t.outlet, a.title, t.value, t.qualifier, t.low, t.high, t.troops_of, "
                 "t.claimed_by, t.surface, t.sentence FROM sel_troops t JOIN sel_articles a USING (article_id) "
                 f"ORDER BY t.published NULLS LAST LIMIT {MAX_ROWS_SHOWN}")
    ev = st.plotly_chart(charts.troop_claims(tr), on_select="rerun", key="troops")
    evidence(ev, sel, "troops", None, ["published", "outlet", "value", "qualifier", "troops_of", "claimed_by",
                                       "sentence"])
    st.subheader("Ledger")
    show_table(sel, "troops", ["published", "value", "qualifier", "low", "high", "troops_of", "claimed_by",
                               "sentence"])
    download_ui(sel, "troops")


def quotes_view(sel: Selection) -> None:
    speakers = sel.sql("SELECT speaker FROM sel_quotes WHERE speaker <> '' GROUP BY speaker "
                       "ORDER BY count(*) DESC, speaker LIMIT 5")["speaker"].tolist()
    q = sel.sql("SELECT published, speaker, polarity, text, verb FROM sel_quotes WHERE published IS NOT NULL "
                f"AND speaker IN (SELECT unnest(?::VARCHAR[])) ORDER BY published LIMIT {MAX_POINTS}", [speakers])
    ev = st.plotly_chart(charts.polarity_over_time(q, speakers), on_select="rerun", key="pol")
    evidence(ev, sel, "quotes", None, ["published", "speaker", "verb", "text", "polarity"])
    st.plotly_chart(charts.polarity_distribution(q, speakers), key="poldist")
    show_table(sel, "quotes", ["published", "speaker", "verb", "text", "polarity", "subjectivity", "vader_compound",
                               "lenses_disagree", "sentiment_words", "kind", "quote_marks"])
    download_ui(sel, "quotes")
