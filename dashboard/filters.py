"""Filters as a typed record and their pure application to the tables (no Streamlit here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
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


CATEGORICAL = {"articles": ("outlet", "date_source"), "mentions": ("actor", "actor_type"),
               "troops": ("qualifier", "troops_of", "claimed_by"), "quotes": ("speaker", "verb", "kind", "quote_marks")}


def index_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Prepare tables for fast filtering: ``aidx`` (the article's row) in every child table, ``pub`` (a
    datetime) on articles, categoricals for repeated strings. Idempotent."""
    if "pub" in tables["articles"].columns:
        return tables
    out = dict(tables)
    arts = tables["articles"].reset_index(drop=True)
    arts["pub"] = pd.to_datetime(arts["published"], errors="coerce")
    pos = pd.Series(np.arange(len(arts), dtype=np.int32), index=arts["article_id"].astype(str))
    for name, df in tables.items():
        if isinstance(df.index, pd.RangeIndex) and df.index.start == 0 and df.index.step == 1:
            df = df.copy(deep=False)  # new columns must not reach the caller's frame
        else:
            df = df.reset_index(drop=True)
        if name != "articles" and "article_id" in df.columns and "aidx" not in df.columns:
            df = df.assign(aidx=df["article_id"].astype(str).map(pos).fillna(-1).astype(np.int32))
        for col in CATEGORICAL.get(name, ()):
            if col in df.columns:
                df[col] = df[col].astype("category")
        out[name] = df
    out["articles"] = arts if "articles" not in CATEGORICAL else arts.astype({c: "category" for c in CATEGORICAL["articles"]})
    return out


SLIM_DROP = {"mentions": ("article_id", "surface"), "quotes": ("article_id", "quote_id")}
HELPER_COLUMNS = ("aidx", "pub", "qrow")  # the dashboard's own columns, never in a download


def slim_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Indexed tables without the per-row strings a chart never needs (ids, surfaces): rows point to their
    article by ``aidx``; ``with_ids`` puts the ids back for a download or the reader. Memory for a million
    articles drops by about a gigabyte."""
    t = index_tables(tables)
    out = dict(t)
    for name, cols in SLIM_DROP.items():
        df = t[name].drop(columns=[c for c in cols if c in t[name].columns])
        for c in ("start", "end"):
            if c in df.columns:
                df[c] = df[c].astype(np.int32)
        if "polarity" in df.columns:
            df = df.astype({"polarity": np.float32, "subjectivity": np.float32, "vader_compound": np.float32})
        out[name] = df
    return out


def with_ids(df: pd.DataFrame, articles: pd.DataFrame, name: str) -> pd.DataFrame:
    """A (slim) child table with its contract columns back: article_id from ``aidx``, quote_id rebuilt."""
    if "article_id" in df.columns or "aidx" not in df.columns:
        return df
    out = df.copy()
    out.insert(0, "article_id", articles["article_id"].to_numpy()[df["aidx"].to_numpy()])
    if name == "quotes":
        rank = out.groupby("aidx").cumcount().to_numpy()
        out.insert(1, "quote_id", out["article_id"].astype(str) + "-" + pd.Series(rank, index=out.index).map("{:03d}".format))
    return out


def take_rows(df: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """``df[mask]``, column by column with numpy for numeric and categorical columns (several times faster than
    pandas' boolean indexing on tens of millions of rows); the index is renumbered."""
    if mask.all():
        return df
    idx = np.flatnonzero(mask)
    cols = {}
    for c in df.columns:
        col = df[c]
        if isinstance(col.dtype, pd.CategoricalDtype):
            cols[c] = pd.Categorical.from_codes(col.cat.codes.to_numpy()[idx], dtype=col.dtype)
        elif isinstance(col.dtype, np.dtype):
            cols[c] = col.to_numpy()[idx]
        else:
            cols[c] = col.take(idx).reset_index(drop=True)
    return pd.DataFrame(cols)


def apply_filters(tables: dict[str, pd.DataFrame], f: Filters, text_hits: set[str] | None = None) -> dict[str, pd.DataFrame]:
    """The tables restricted to the articles (and quotes) the filters select.

    ``text_hits``: ids of articles whose text contains ``f.search``, for tables loaded without the text column.
    """
    t = index_tables(tables)
    arts = t["articles"]
    keep = np.ones(len(arts), dtype=bool)
    if f.start:
        keep &= (arts["pub"] >= pd.Timestamp(f.start)).to_numpy()
    if f.end:
        keep &= (arts["pub"] <= pd.Timestamp(f.end)).to_numpy()
    if f.outlets:
        keep &= arts["outlet"].isin(f.outlets).to_numpy()
    if f.once_per_story:
        keep &= arts["duplicate_of"].isna().to_numpy()
    if f.search:
        hit = arts["title"].str.contains(f.search, case=False, regex=False).fillna(False).to_numpy()
        if text_hits is not None:
            hit |= arts["article_id"].isin(text_hits).to_numpy()
        elif "text" in arts.columns:
            hit |= arts["text"].str.contains(f.search, case=False, regex=False).fillna(False).to_numpy()
        keep &= hit
    m = t["mentions"]
    if f.actors:
        chosen = m["actor"].isin(f.actors).to_numpy()
        with_actor = np.zeros(len(arts), dtype=bool)
        with_actor[m["aidx"].to_numpy()[chosen]] = True
        keep &= with_actor
    out = {}
    everything = bool(keep.all())
    for name, df in t.items():
        if everything:
            out[name] = df
        elif name == "articles":
            out[name] = arts[keep]
        elif "aidx" in df.columns:
            idx = df["aidx"].to_numpy()
            out[name] = take_rows(df, (idx >= 0) & keep[np.clip(idx, 0, None)]) if len(arts) else df.iloc[0:0]
        else:
            out[name] = df
    q = out["quotes"]
    if f.polarity != (-1.0, 1.0) or f.speakers:
        qkeep = q["polarity"].between(*f.polarity)
        if f.speakers:
            qkeep &= q["speaker"].isin(f.speakers)
        out["quotes"] = take_rows(q, qkeep.to_numpy())
    if f.actors:
        out["mentions"] = take_rows(out["mentions"], out["mentions"]["actor"].isin(f.actors).to_numpy())
    return out


def period_start(dates: pd.Series, freq: str) -> np.ndarray:
    """The first day of each date's day ("D"), week ("W", Monday) or month ("M"), as datetime64[D]."""
    days = pd.to_datetime(dates, errors="coerce").to_numpy().astype("datetime64[D]")
    if freq == "M":
        return days.astype("datetime64[M]").astype("datetime64[D]")
    if freq == "W":  # 1970-01-01 was a Thursday: shift so weeks start on Monday
        n = days.astype(np.int64)
        return (n - (n + 3) % 7).astype("datetime64[D]")
    return days


def count_by_period(period: np.ndarray, codes: np.ndarray, categories: pd.Index, by: str | None) -> pd.DataFrame:
    """Rows per (period, category) from period starts (datetime64[D], or int days since 1970) and category codes,
    by one bincount (no sort)."""
    days = period if period.dtype.kind in "iu" else period.astype("datetime64[D]").astype(np.int64)
    valid = codes >= 0
    if not valid.all():
        days, codes = days[valid], codes[valid]
    if not len(days):
        return pd.DataFrame(columns=["period", by or "group", "value"])
    lo, nb = days.min(), len(categories)
    flat = np.bincount((days - lo) * nb + codes, minlength=(days.max() - lo + 1) * nb).reshape(-1, nb)
    pi, bi = np.nonzero(flat)
    out = pd.DataFrame({"period": pd.to_datetime((pi + lo).astype("datetime64[D]"))})
    if by:
        out[by] = np.asarray(categories)[bi]
    out["value"] = flat[pi, bi]
    return out


def category_counts(values: pd.Series) -> pd.Series:
    """Rows per category, largest first (a bincount on the codes: fast on tens of millions of rows)."""
    cat = values.astype("category")
    codes = cat.cat.codes.to_numpy()
    counts = np.bincount(codes[codes >= 0] if (codes < 0).any() else codes, minlength=len(cat.cat.categories))
    order = np.argsort(-counts, kind="stable")
    return pd.Series(counts[order], index=cat.cat.categories[order], name="count")


def share_of_voice(mentions: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """The ``top`` actors by mentions, with their type: actor, actor_type, mentions (one 2-D bincount)."""
    actor, kind = mentions["actor"].astype("category"), mentions["actor_type"].astype("category")
    a, k = actor.cat.codes.to_numpy(), kind.cat.codes.to_numpy()
    nk = max(len(kind.cat.categories), 1)
    flat = a.astype(np.int32) * np.int32(nk) + k
    if (a < 0).any() or (k < 0).any():
        flat = flat[(a >= 0) & (k >= 0)]
    grid = np.bincount(flat, minlength=len(actor.cat.categories) * nk).reshape(-1, nk)
    totals = grid.sum(axis=1)
    best = [i for i in np.argsort(-totals, kind="stable")[:top] if totals[i] > 0]
    return pd.DataFrame({"actor": np.asarray(actor.cat.categories)[best],
                         "actor_type": np.asarray(kind.cat.categories)[grid[best].argmax(axis=1)] if best else [],
                         "mentions": totals[best]})


def mentions_over_time(mentions: pd.DataFrame, articles: pd.DataFrame, actors: list[str], freq: str) -> pd.DataFrame:
    """Mentions of ``actors`` per period, dated by their article: periods are computed per article (not per
    mention), so millions of mentions cost one bincount."""
    article_days = period_start(articles["pub"], freq)
    undated = np.isnat(article_days)
    article_days = article_days.astype(np.int64)
    actor = mentions["actor"].astype("category")
    wanted = np.zeros(len(actor.cat.categories) + 1, dtype=bool)  # the last slot catches code -1
    wanted[np.flatnonzero(actor.cat.categories.isin(actors))] = True
    codes = actor.cat.codes.to_numpy()
    rows = mentions["aidx"].to_numpy()
    sel = wanted[codes] & ~undated[rows]
    return count_by_period(article_days[rows[sel]], codes[sel], actor.cat.categories, "actor")


def per_period(df: pd.DataFrame, date_col: str, freq: str, by: str | None = None, value: str | None = None,
               agg: str = "size") -> pd.DataFrame:
    """Counts (or a mean of ``value``) per day/week/month, optionally per group: the aggregates charts draw."""
    period = period_start(df[date_col], freq)
    ok = ~np.isnat(period)
    if not ok.any():
        return pd.DataFrame(columns=["period", by or "group", "value"])
    d = df[ok] if not ok.all() else df
    if agg == "size":  # counting on integer codes: fast on millions of rows
        if by:
            group = d[by].astype("category")
            return count_by_period(period[ok], group.cat.codes.to_numpy(), group.cat.categories, by)
        return count_by_period(period[ok], np.zeros(len(d), dtype=np.int64), pd.Index(["all"]), None)
    keys = [pd.Series(period[ok], index=d.index, name="period")] + ([d[by]] if by else [])
    g = d.groupby(keys, observed=True)
    res = g.size() if agg == "size" else g[value].agg(agg)
    out = res.rename("value").reset_index()
    out["period"] = pd.to_datetime(out["period"])
    return out


def co_mentions(mentions: pd.DataFrame, top: int = 12) -> pd.DataFrame:
    """Articles in which each pair of the ``top`` actors are both mentioned (counted on category codes)."""
    if mentions.empty:
        return pd.DataFrame()
    actor = mentions["actor"].astype("category")
    codes = actor.cat.codes.to_numpy()
    counts = np.bincount(codes[codes >= 0] if (codes < 0).any() else codes, minlength=len(actor.cat.categories))
    leaders = [c for c in np.argsort(-counts, kind="stable")[:top] if counts[c] > 0]
    column = np.full(len(actor.cat.categories), -1)
    column[leaders] = np.arange(len(leaders))
    sel = column[codes] >= 0
    rows = mentions["aidx"].to_numpy()[sel] if "aidx" in mentions.columns else \
        pd.factorize(mentions["article_id"].astype(str))[0][sel]
    onehot = np.zeros((rows.max() + 1 if len(rows) else 0, len(leaders)), dtype=np.float32)
    onehot[rows, column[codes[sel]]] = 1
    names = [str(actor.cat.categories[c]) for c in leaders]
    return pd.DataFrame((onehot.T @ onehot).round().astype(np.int64), index=names, columns=names)


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
