"""The previous figure builders over raw rows, kept until views.py draws from aggregates (then deleted)."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

MAX_POINTS = 5_000  # a chart draws at most this many raw points (a sample); aggregates use every row


def _thin(df: pd.DataFrame) -> pd.DataFrame:
    return df if len(df) <= MAX_POINTS else df.sample(MAX_POINTS, random_state=0)


def _labels(values: pd.Series, blank: str) -> pd.Series:
    """A column of labels as plain strings, with missing or empty values shown as ``blank``."""
    out = values.astype(object).where(values.notna(), "").astype(str)
    return out.where(out != "", blank)


def _empty(title: str) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(title=title, annotations=[dict(text="No data for these filters", showarrow=False)])
    return fig


def timeline(agg: pd.DataFrame, title: str, by: str | None = None, y_label: str = "articles") -> go.Figure:
    if agg.empty:
        return _empty(title)
    fig = px.bar(agg, x="period", y="value", color=by, title=title, labels={"value": y_label, "period": ""})
    fig.update_layout(legend_title_text="", margin=dict(t=50, b=10))
    return fig


def share_of_voice(counts: pd.DataFrame) -> go.Figure:
    """Mentions per actor from aggregates (columns actor, actor_type, mentions)."""
    if counts.empty:
        return _empty("Mentions per actor")
    counts = counts.sort_values("mentions")
    fig = px.bar(counts, x="mentions", y="actor", color="actor_type", orientation="h", title="Mentions per actor")
    fig.update_layout(legend_title_text="", margin=dict(t=50, b=10), yaxis_title="")
    fig.update_yaxes(categoryorder="total ascending")  # one ranking across the colours
    return fig


def co_mention_heatmap(matrix: pd.DataFrame) -> go.Figure:
    if matrix.empty:
        return _empty("Co-mentions")
    return px.imshow(matrix, text_auto=True, color_continuous_scale="Blues", title="Articles mentioning both actors")


def troop_claims(troops: pd.DataFrame) -> go.Figure:
    """Each claim as a point at its value; at_least / at_most drawn as triangles pointing the open way."""
    if troops.empty:
        return _empty("Troop figures over time")
    d = troops.copy()
    # plain strings first: the column may be a categorical, which (pandas 3) refuses a value it has no category for
    d["claimant"] = _labels(d["claimed_by"], "(article)")
    symbols = {"exact": "circle", "approx": "diamond", "at_least": "triangle-up", "at_most": "triangle-down"}
    fig = px.scatter(_thin(d), x="published", y="value", color="claimant", symbol="qualifier", symbol_map=symbols,
                     hover_data=["troops_of", "surface"], title="Troop figures cited, by claimant")
    fig.update_layout(yaxis_title="troops", xaxis_title="", legend_title_text="")
    return fig


def polarity_over_time(quotes: pd.DataFrame, speakers: list[str], window: int = 5) -> go.Figure:
    d = quotes[quotes["speaker"].isin(speakers)].dropna(subset=["published"]).sort_values("published")
    if d.empty:
        return _empty("Quote polarity over time")
    palette = px.colors.qualitative.Plotly
    colours = {sp: palette[i % len(palette)] for i, sp in enumerate(speakers)}
    fig = px.scatter(_thin(d), x="published", y="polarity", color="speaker", opacity=0.5,
                     hover_data=[c for c in ("text", "verb") if c in d.columns],
                     color_discrete_map=colours, title="Quote polarity over time (points) and rolling mean (lines)")
    for sp, g in d.groupby("speaker", observed=True):
        daily = g.groupby("published")["polarity"].mean().rolling(window, min_periods=1).mean()
        fig.add_scatter(x=daily.index, y=daily.values, mode="lines", name=f"{sp} (mean)",
                        line=dict(color=colours[sp]), legendgroup=sp)
    fig.update_layout(xaxis_title="", legend_title_text="")
    return fig


def polarity_distribution(quotes: pd.DataFrame, speakers: list[str]) -> go.Figure:
    d = quotes[quotes["speaker"].isin(speakers)]
    if d.empty:
        return _empty("Polarity per speaker")
    return px.box(_thin(d), x="speaker", y="polarity", points="outliers", title="Polarity per speaker")
