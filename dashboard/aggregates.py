"""What each chart draws, as one SQL ``GROUP BY`` on a ``Selection`` (no Streamlit here).

One function a chart: ``f(sel, freq, ...) -> DataFrame`` of the few rows the chart draws (memory proportional to
those rows, never days x outlets in Python). Each series is named by one SQL expression (``*_SQL`` below, or
``claimant_sql``) used both to group and, in ``click_where``, to list the rows behind a clicked point, so a click
lists the clicked series' rows only.
"""

from __future__ import annotations

import pandas as pd

from dashboard.charts import UNKNOWN
from dashboard.charts_tone import ALL_QUOTES, LENSES
from dashboard.charts_troops import ALL_CLAIMANTS, ARTICLE_ITSELF
from dashboard.clicks import Pick
from dashboard.dataset import Selection, bucket_sql

OUTLET_SQL = f"coalesce(nullif(trim(outlet), ''), '{UNKNOWN}')"
SPEAKER_SQL = "coalesce(speaker, '')"
TROOP_GROUPS = 8  # claimant groups drawn; the rest are "other"
SHARE_OF_VOICE_TOP = 15  # actors in "Mentions per actor" (one bar each: the chart grows 24 px a bar)
OTHER = "other"


def _lens(lens: str) -> str:
    if lens not in LENSES:  # a column name goes into the SQL: only the known lenses
        raise ValueError(f"lens {lens!r} is not one of {sorted(LENSES)}")
    return lens


def _strings(values) -> str:
    """A list of strings as a SQL literal list (values inside SQL: GROUP BY ALL cannot take parameters)."""
    return "[" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]::VARCHAR[]"


# ---------------------------------------------------------------- overview


def coverage(sel: Selection, freq: str) -> pd.DataFrame:
    """Articles per bucket and outlet (bucket, outlet, value); a missing outlet is 'unknown'."""
    return sel.sql(
        f"SELECT {bucket_sql(freq)} bucket, {OUTLET_SQL} outlet, count(*) value FROM sel_articles "
        "WHERE published IS NOT NULL GROUP BY ALL ORDER BY bucket, outlet"
    )


# ---------------------------------------------------------------- actors


def share_of_voice(sel: Selection, top: int = SHARE_OF_VOICE_TOP) -> pd.DataFrame:
    """The ``top`` actors by mentions with their most frequent type (actor, actor_type, mentions)."""
    return sel.sql(
        "SELECT actor, arg_max(actor_type, n) actor_type, sum(n)::BIGINT mentions FROM "
        "(SELECT actor, actor_type, count(*) n FROM sel_mentions GROUP BY ALL) "
        f"GROUP BY actor ORDER BY mentions DESC, actor LIMIT {int(top)}"
    )


def ranked_actors(sel: Selection) -> list[str]:
    return sel.sql("SELECT actor FROM sel_mentions GROUP BY actor ORDER BY count(*) DESC, actor")[
        "actor"
    ].tolist()


def mentions_over_time(
    sel: Selection, freq: str, actors: list[str], per_article: bool = False
) -> pd.DataFrame:
    """Mentions of ``actors`` per bucket (bucket, actor, value); ``per_article`` divides by the bucket's articles."""
    if not actors:
        return pd.DataFrame(columns=["bucket", "actor", "value"])
    b = bucket_sql(freq)
    counts = (
        f"SELECT {b} bucket, actor, count(*) value FROM sel_mentions WHERE published IS NOT NULL "
        f"AND list_contains({_strings(actors)}, actor) GROUP BY ALL"
    )
    if not per_article:
        return sel.sql(counts + " ORDER BY bucket, actor")
    return sel.sql(
        f"WITH c AS ({counts}), n AS (SELECT {b} bucket, count(*) n FROM sel_articles "
        "WHERE published IS NOT NULL GROUP BY ALL) "
        "SELECT c.bucket, c.actor, c.value / n.n AS value FROM c JOIN n USING (bucket) ORDER BY 1, 2"
    )


def co_mentions(sel: Selection, top: int = 12) -> pd.DataFrame:
    """Articles mentioning both of each pair of the ``top`` actors, as a square frame (actors by mentions)."""
    names = sel.sql(
        "SELECT actor FROM sel_mentions GROUP BY actor ORDER BY count(DISTINCT article_id) DESC, actor "
        f"LIMIT {int(top)}"
    )["actor"].tolist()
    if not names:
        return pd.DataFrame()
    pairs = sel.sql(
        f"WITH m AS (SELECT DISTINCT article_id, actor FROM sel_mentions WHERE list_contains("
        f"{_strings(names)}, actor)) SELECT a.actor x, b.actor y, count(*) n FROM m a JOIN m b "
        "USING (article_id) GROUP BY ALL"
    )
    matrix = pairs.pivot(index="x", columns="y", values="n").reindex(index=names, columns=names).fillna(0)
    return matrix.astype("int64").rename_axis(index=None, columns=None)


# ---------------------------------------------------------------- troops


def claimant_groups(sel: Selection, n: int = TROOP_GROUPS) -> list[str]:
    """The ``n`` claimants citing most figures ('' = no claimant, the article itself), most first."""
    return sel.sql(
        "SELECT coalesce(trim(claimed_by), '') c FROM sel_troops GROUP BY c ORDER BY count(*) DESC, c "
        f"LIMIT {int(n)}"
    )["c"].tolist()


def claimant_sql(groups: list[str]) -> str:
    """The SQL of a figure's claimant group: one of ``groups``, 'the article itself' for none, else 'other'."""
    c = "coalesce(trim(claimed_by), '')"
    return (
        f"CASE WHEN {c} = '' THEN '{ARTICLE_ITSELF}' WHEN list_contains({_strings(groups)}, {c}) THEN {c} "
        f"ELSE '{OTHER}' END"
    )


def troop_figures(sel: Selection, freq: str, groups: list[str] | None = None) -> pd.DataFrame:
    """Each distinct figure cited per bucket and claimant group, with how often (bucket, claimant, qualifier,
    value, low, high, n): the markers, medians and ranges of the troop chart."""
    groups = claimant_groups(sel) if groups is None else groups
    return sel.sql(
        f"SELECT {bucket_sql(freq)} bucket, {claimant_sql(groups)} claimant, qualifier, value, low, high, "
        "count(*) n FROM sel_troops WHERE published IS NOT NULL AND value > 0 GROUP BY ALL "
        "ORDER BY bucket, claimant, value, qualifier, low NULLS FIRST, high NULLS FIRST"
    )


def troop_medians(sel: Selection, freq: str, troops_of: str | None = None) -> pd.DataFrame:
    """The median figure per bucket over all claimants (bucket, n, median), optionally for one owner."""
    where = "" if troops_of is None else "AND troops_of = " + "'" + troops_of.replace("'", "''") + "'"
    return sel.sql(
        f"SELECT {bucket_sql(freq)} bucket, count(*) n, median(value) median FROM sel_troops "
        f"WHERE published IS NOT NULL {where} GROUP BY ALL ORDER BY bucket"
    )


# ---------------------------------------------------------------- quotes


def top_speakers(sel: Selection, top: int = 5) -> list[str]:
    """The ``top`` speakers by quotes; the blank speaker never takes a slot."""
    return sel.sql(
        "SELECT speaker FROM sel_quotes WHERE coalesce(trim(speaker), '') <> '' GROUP BY speaker "
        f"ORDER BY count(*) DESC, speaker LIMIT {int(top)}"
    )["speaker"].tolist()


def tone_over_time(
    sel: Selection, freq: str, lens: str, speakers: list[str], with_all: bool = True
) -> pd.DataFrame:
    """Per bucket and speaker: n, mean, sd (sample) of the lens and the neutral count (exactly 0); with
    ``with_all`` the series 'all quotes' over every quote in the bucket."""
    col, b = _lens(lens), bucket_sql(freq)
    stats = (
        f"count(*) n, avg({col}) mean, stddev_samp({col}) sd, count(*) FILTER (WHERE {col} = 0) neutral "
        f"FROM sel_quotes WHERE published IS NOT NULL AND {col} IS NOT NULL"
    )
    parts = [
        f"SELECT {b} bucket, speaker, {stats} AND list_contains({_strings(speakers)}, speaker) GROUP BY ALL"
    ]
    if with_all:
        parts.append(f"SELECT {b} bucket, '{ALL_QUOTES}' speaker, {stats} GROUP BY ALL")
    if not speakers and not with_all:
        return pd.DataFrame(columns=["bucket", "speaker", "n", "mean", "sd", "neutral"])
    return sel.sql(" UNION ALL ".join(parts) + " ORDER BY bucket, speaker")


def neutral_share(sel: Selection, freq: str, lens: str) -> pd.DataFrame:
    """Quotes per bucket and how many score exactly 0 (bucket, n, neutral)."""
    col = _lens(lens)
    return sel.sql(
        f"SELECT {bucket_sql(freq)} bucket, count(*) n, count(*) FILTER (WHERE {col} = 0) neutral "
        f"FROM sel_quotes WHERE published IS NOT NULL AND {col} IS NOT NULL GROUP BY ALL ORDER BY bucket"
    )


def tone_by_outlet(sel: Selection, lens: str) -> pd.DataFrame:
    """Per outlet ('unknown' for none): n, mean, sd of the lens."""
    col = _lens(lens)
    return sel.sql(
        f"SELECT {OUTLET_SQL} outlet, count(*) n, avg({col}) mean, stddev_samp({col}) sd FROM sel_quotes "
        f"WHERE {col} IS NOT NULL GROUP BY ALL ORDER BY mean, outlet"
    )


# ---------------------------------------------------------------- the rows behind a click


def click_where(
    chart: str, picks: list[Pick], freq: str, *, groups: list[str] | None = None, lens: str = "vader_compound"
) -> tuple[str, str, list]:
    """(table, where, params) listing the rows behind ``picks`` on ``chart``: the clicked series in the clicked
    bucket only. Charts: coverage, tone_by_outlet (articles / quotes of an outlet), mentions (articles mentioning
    the actor), troops (figures of the claimant group), tone (quotes of the speaker), neutral (neutral quotes)."""
    b = bucket_sql(freq)
    table, series = {
        "coverage": ("articles", OUTLET_SQL),
        "mentions": ("articles", None),
        "troops": ("troops", None),
        "tone": ("quotes", SPEAKER_SQL),
        "neutral": ("quotes", None),
        "tone_by_outlet": ("quotes", OUTLET_SQL),
    }[chart]
    if chart == "troops":
        series = claimant_sql(groups or [])
        every = ALL_CLAIMANTS  # the median of all figures: every claimant's figures of the bucket
    conds, params = [], []
    for p in picks:
        when = [f"{b} = CAST(? AS DATE)"] if p.bucket else []
        params_p = [p.bucket] if p.bucket else []
        if chart == "mentions":
            conds.append(
                "article_id IN (SELECT article_id FROM sel_mentions WHERE actor = ?"
                + (f" AND {when[0]})" if when else ")")
            )
            params += [p.series, *params_p]
            continue
        if chart == "neutral":
            when.append(f"{_lens(lens)} = 0")
        elif not (chart == "tone" and p.series == ALL_QUOTES) and not (
            chart == "troops" and p.series == every
        ):
            when.append(f"{series} = ?")
            params_p.append(p.series)
        conds.append("(" + " AND ".join(when or ["TRUE"]) + ")")
        params += params_p
    return table, " OR ".join(conds) or "FALSE", params
