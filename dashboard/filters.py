"""Filters as a typed record and their pure application to the tables (no Streamlit here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Filters:
    start: dt.date | None = None
    end: dt.date | None = None
    outlets: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    polarity: tuple[float, float] = (-1.0, 1.0)
    search: str = ""
    once_per_story: bool = False
    extra: dict = field(default_factory=dict)


def _in_dates(published: pd.Series, f: Filters) -> pd.Series:
    d = pd.to_datetime(published, errors="coerce")
    keep = pd.Series(True, index=published.index)
    if f.start:
        keep &= d >= pd.Timestamp(f.start)
    if f.end:
        keep &= d <= pd.Timestamp(f.end)
    return keep


def apply_filters(tables: dict[str, pd.DataFrame], f: Filters) -> dict[str, pd.DataFrame]:
    """The tables restricted to the articles (and quotes) the filters select."""
    arts = tables["articles"]
    keep = _in_dates(arts["published"], f)
    if f.outlets:
        keep &= arts["outlet"].isin(f.outlets)
    if f.once_per_story:
        keep &= arts["duplicate_of"].isna()
    if f.search:
        keep &= arts["text"].str.contains(f.search, case=False, regex=False) | arts["title"].str.contains(
            f.search, case=False, regex=False)
    if f.actors:
        m = tables["mentions"]
        with_actor = set(m.loc[m["actor"].isin(f.actors), "article_id"])
        keep &= arts["article_id"].isin(with_actor)
    ids = set(arts.loc[keep, "article_id"])
    out = {name: df[df["article_id"].isin(ids)] if "article_id" in df.columns else df for name, df in tables.items()}
    out["articles"] = arts[keep]
    q = out["quotes"]
    qkeep = q["polarity"].between(*f.polarity)
    if f.speakers:
        qkeep &= q["speaker"].isin(f.speakers)
    out["quotes"] = q[qkeep]
    if f.actors:
        out["mentions"] = out["mentions"][out["mentions"]["actor"].isin(f.actors)]
    return out


def per_period(df: pd.DataFrame, date_col: str, freq: str, by: str | None = None, value: str | None = None,
               agg: str = "size") -> pd.DataFrame:
    """Counts (or a mean of ``value``) per day/week/month, optionally per group: the aggregates charts draw."""
    d = df.dropna(subset=[date_col]).copy()
    if d.empty:
        return pd.DataFrame(columns=["period", by or "group", "value"])
    d["period"] = pd.to_datetime(d[date_col]).dt.to_period(freq).dt.start_time
    keys = ["period"] + ([by] if by else [])
    g = d.groupby(keys)
    res = g.size() if agg == "size" else g[value].agg(agg)
    return res.rename("value").reset_index()


def co_mentions(mentions: pd.DataFrame, top: int = 12) -> pd.DataFrame:
    """Articles in which each pair of the ``top`` actors are both mentioned."""
    pairs = mentions[["article_id", "actor"]].drop_duplicates()
    leaders = pairs["actor"].value_counts().head(top).index
    pairs = pairs[pairs["actor"].isin(leaders)]
    onehot = pd.crosstab(pairs["article_id"], pairs["actor"]).clip(upper=1)
    return onehot.T.dot(onehot).reindex(index=leaders, columns=leaders).fillna(0).astype(int)


def selected_rows(event: object, df: pd.DataFrame, x: str) -> pd.DataFrame | None:
    """The rows behind the points or bars picked in a Plotly chart (``on_select``), or None when nothing is picked.

    A point is matched on its x value (a date or period, compared on its first ten characters).
    """
    sel = event.get("selection", {}) if isinstance(event, dict) else getattr(event, "selection", {}) or {}
    pts = sel.get("points", []) if isinstance(sel, dict) else getattr(sel, "points", [])
    if not pts or x not in df.columns:
        return None
    xs = {str(p.get("x"))[:10] for p in pts}
    return df[df[x].astype(str).str[:10].isin(xs)]


def upload_problem(sizes: list[int], limit_mb: int) -> str | None:
    """Why an upload is refused (over the size limit), or None when it is accepted."""
    total = sum(sizes)
    if total > limit_mb * 1_000_000:
        return (f"The upload is {total / 1e6:.0f} MB; the limit is {limit_mb} MB. "
                "Run `wirewatch run` on your machine and load the output folder instead.")
    return None
