"""The dashboard's chart views, one function a tab: each draws its charts and the rows behind a click."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, exports
from dashboard.filters import (
    Filters,
    category_counts,
    co_mentions,
    mentions_over_time,
    per_period,
    period_start,
    selected_rows,
    share_of_voice,
)

MAX_ROWS_SHOWN = 10_000


def show_table(df: pd.DataFrame, columns: list[str] | None = None) -> None:
    """A table in the page, at most MAX_ROWS_SHOWN rows (the downloads hold them all)."""
    cols = [c for c in (columns or df.columns) if c in df.columns and c not in ("aidx", "pub", "qrow")]
    if len(df) > MAX_ROWS_SHOWN:
        st.caption(f"The first {MAX_ROWS_SHOWN:,} of {len(df):,} rows; download the table for all of them.")
    st.dataframe(df[cols].head(MAX_ROWS_SHOWN), hide_index=True)


def download_ui(df: pd.DataFrame, name: str, articles: pd.DataFrame, filtered: pd.DataFrame,
                folder: str | None, f: Filters) -> None:
    """CSV, Excel and Parquet of a filtered table with every contract column, built only when clicked."""
    def full() -> pd.DataFrame:
        return data.complete_rows(name, df, articles, filtered, folder, f)

    c1, c2, c3 = st.columns(3)
    c1.download_button(f"{name}.csv", data=lambda: exports.to_csv(full()), file_name=f"{name}.csv", mime="text/csv",
                       on_click="ignore", key=f"dl-csv-{name}")
    c2.download_button(f"{name}.xlsx", data=lambda: exports.to_excel(full()), file_name=f"{name}.xlsx",
                       on_click="ignore", key=f"dl-xlsx-{name}")
    c3.download_button(f"{name}.parquet", data=lambda: exports.to_parquet(full()), file_name=f"{name}.parquet",
                       on_click="ignore", key=f"dl-pq-{name}")


def evidence(event, df: pd.DataFrame, x: str) -> None:
    """Rows behind the clicked points or bars."""
    picked = selected_rows(event, df, x)
    if picked is None:
        st.caption("Click a point or bar to see the rows behind it.")
    else:
        st.caption(f"{len(picked):,} rows behind the selection" + (" (the first 1,000 shown)" if len(picked) > 1000 else ""))
        st.dataframe(picked.head(1000), hide_index=True)


def overview(t: dict[str, pd.DataFrame], freq: str) -> None:
    a = t["articles"]
    c = st.columns(4)
    c[0].metric("Articles", f"{len(a):,}")
    c[1].metric("Quotes", f"{len(t['quotes']):,}")
    c[2].metric("Actors mentioned", f"{t['mentions']['actor'].nunique():,}")
    c[3].metric("Troop claims", f"{len(t['troops']):,}")
    agg = per_period(a, "pub", freq, by="outlet")
    ev = st.plotly_chart(charts.timeline(agg, "Coverage over time", by="outlet"), on_select="rerun", key="cov")
    evidence(ev, a.assign(period=a["pub"].dt.to_period(freq).dt.start_time)
             [["period", "published", "outlet", "title", "source"]], "period")
    rej = t["rejects"]
    if len(rej):
        st.warning(f"{len(rej)} inputs could not be read:")
        show_table(rej)


def actors_view(t: dict[str, pd.DataFrame], freq: str, all_articles: pd.DataFrame, folder: str | None,
                f: Filters) -> None:
    m = t["mentions"]
    st.plotly_chart(charts.share_of_voice(share_of_voice(m)), key="sov")
    counts = category_counts(m["actor"])
    counts = counts[counts > 0]
    chosen = st.multiselect("Actors over time", counts.index.astype(str).tolist(),
                            default=counts.head(6).index.astype(str).tolist(), key="actors_ot")
    per_article = st.toggle("Per article (mentions ÷ articles in the period)", key="norm")
    agg = mentions_over_time(m, all_articles, chosen, freq)
    if per_article and not agg.empty:
        n = per_period(t["articles"], "pub", freq).rename(columns={"value": "n"})
        agg = agg.merge(n, on="period")
        agg["value"] = agg["value"] / agg["n"]
    ev = st.plotly_chart(charts.timeline(agg, "Mentions over time", by="actor", y_label="mentions"), on_select="rerun",
                         key="act_ot")
    if selected_rows(ev, agg, "period") is not None:  # the articles behind the clicked bars
        picked = selected_rows(ev, t["articles"].assign(period=period_start(t["articles"]["pub"], freq)), "period")
        show_table(picked, ["published", "outlet", "title", "source"])
    else:
        st.caption("Click a point or bar to see the rows behind it.")
    st.plotly_chart(charts.co_mention_heatmap(co_mentions(m)), key="comention")
    download_ui(m, "mentions", all_articles, t["articles"], folder, f)


def troops_view(t: dict[str, pd.DataFrame], all_articles: pd.DataFrame, folder: str | None, f: Filters) -> None:
    tr = t["troops"].merge(t["articles"][["article_id", "published", "outlet", "title"]], on="article_id")
    ev = st.plotly_chart(charts.troop_claims(tr), on_select="rerun", key="troops")
    evidence(ev, tr, "published")
    st.subheader("Ledger")
    show_table(tr, ["published", "outlet", "value", "qualifier", "low", "high", "troops_of", "claimed_by", "sentence"])
    download_ui(t["troops"], "troops", all_articles, t["articles"], folder, f)


def quotes_view(t: dict[str, pd.DataFrame], all_articles: pd.DataFrame, folder: str | None, f: Filters) -> None:
    q = t["quotes"]
    if "published" not in q.columns:  # loaded slim: the date comes from the article
        q = q.assign(published=all_articles["pub"].to_numpy()[q["aidx"].to_numpy()])
    speakers = [s for s in q["speaker"].value_counts().head(5).index if s]
    ev = st.plotly_chart(charts.polarity_over_time(q, speakers), on_select="rerun", key="pol")
    picked = selected_rows(ev, q, "published")
    if picked is None:
        st.caption("Click a point to see the quotes behind it.")
    else:
        st.caption(f"{len(picked):,} quotes behind the selection" + (" (the first 1,000 shown)" if len(picked) > 1000 else ""))
        show_table(data.with_quote_text(picked, folder, 1000))
    st.plotly_chart(charts.polarity_distribution(q, speakers), key="poldist")
    if len(q) > MAX_ROWS_SHOWN:
        st.caption(f"The first {MAX_ROWS_SHOWN:,} of {len(q):,} quotes; download the table for all of them.")
    show_table(data.with_quote_text(q, folder, MAX_ROWS_SHOWN),
               ["published", "speaker", "verb", "text", "polarity", "subjectivity", "vader_compound",
                "lenses_disagree", "sentiment_words", "kind", "quote_marks"])
    download_ui(q, "quotes", all_articles, t["articles"], folder, f)
