"""Quote tone charts: the mean tone per bucket with a 95 % confidence band per speaker, the share of neutral
quotes, tone by outlet (no Streamlit here). Inputs are aggregates: n, mean, sd (sample) per group."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import apply_layout, bucket_iso, colours, empty, esc, label, runs, time_chart, with_gaps

LENSES = {"vader_compound": "VADER compound", "polarity": "TextBlob polarity"}  # VADER first: the default
ALL_QUOTES = "all quotes"
Z95 = 1.96


def confidence(mean: pd.Series, sd: pd.Series, n: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The 95 % confidence interval of a mean (normal approximation, within [-1, 1]); a single quote has none."""
    half = (Z95 * sd.fillna(0) / np.sqrt(n.clip(lower=1))).where(n > 1, 0.0)
    return (mean - half).clip(lower=-1), (mean + half).clip(upper=1)  # tone lives in [-1, 1]


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    return f"rgba({int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha})"


def tone_over_time(
    agg: pd.DataFrame,
    lens: str = "vader_compound",
    freq: str = "W",
    events: pd.DataFrame | None = None,
    covered: tuple | None = None,
) -> go.Figure:
    """Mean tone per bucket and speaker (columns bucket, speaker, n, mean, sd) with a 95 % band; a line and its
    band break across the buckets the speaker has no quote in."""
    title = f"Mean quote tone ({LENSES.get(lens, esc(lens))}) per speaker, with 95 % confidence band"
    if agg.empty:
        return empty(title)
    d = agg.assign(
        speaker=[label(s, "(no speaker)") for s in agg["speaker"]], bucket=pd.to_datetime(agg["bucket"])
    )
    order = d.groupby("speaker")["n"].sum().sort_values(ascending=False).index.tolist()
    # 'all quotes' is drawn first, under the speakers (a click where its point and a speaker's coincide picks the
    # speaker), and listed last in the legend
    order = ([ALL_QUOTES] if ALL_QUOTES in order else []) + [s for s in order if s != ALL_QUOTES]
    cmap = colours([s for s in order if s != ALL_QUOTES])
    cmap[ALL_QUOTES] = "#444444"
    fig = go.Figure()
    for s in order:
        g = d[d["speaker"] == s].sort_values("bucket")
        lo, hi = confidence(g["mean"], g["sd"], g["n"])
        band_x, band_y = [], []  # one closed shape a run of consecutive buckets, None between them
        for run in runs(list(g["bucket"]), freq):
            xs = list(g["bucket"].iloc[run])
            band_x += ([None] if band_x else []) + xs + xs[::-1]
            band_y += ([None] if band_y else []) + list(hi.iloc[run]) + list(lo.iloc[run])[::-1]
        texts = [
            f"{esc(s)}: mean {m:+.3f} of {n:,} quotes (95 % CI {a:+.3f} to {b:+.3f})"
            for m, n, a, b in zip(g["mean"], g["n"], lo, hi, strict=True)
        ]
        x, y, custom, text = with_gaps(
            list(g["bucket"]), freq, g["mean"].tolist(), [[s, b] for b in bucket_iso(g["bucket"])], texts
        )
        fig.add_scatter(
            x=band_x,
            y=band_y,
            fill="toself",
            mode="lines",
            line=dict(width=0),
            fillcolor=_rgba(cmap[s], 0.15),
            hoverinfo="skip",
            legendgroup=esc(s),
            showlegend=False,
        )
        fig.add_scatter(
            x=x,
            y=y,
            mode="lines+markers",
            name=esc(s),
            legendgroup=esc(s),
            legendrank=2000 if s == ALL_QUOTES else 1000,  # Plotly's default rank is 1000: "all quotes" last
            line=dict(color=cmap[s], width=2, dash="dash" if s == ALL_QUOTES else "solid"),
            customdata=custom,
            text=text,
            hovertemplate="%{text}<br>%{x|%d %b %Y}<extra></extra>",
        )
    apply_layout(fig, title, "mean tone (-1 to +1)", height=460)
    fig.add_hline(y=0, line=dict(color="#999", width=1))
    return time_chart(fig, events, d["bucket"], freq, covered)


def neutral_share(
    agg: pd.DataFrame,
    freq: str = "W",
    events: pd.DataFrame | None = None,
    lens: str = "vader_compound",
    covered: tuple | None = None,
) -> go.Figure:
    """The share of quotes scoring exactly 0 per bucket (columns bucket, n, neutral)."""
    title = f"Share of quotes scoring exactly 0 ({LENSES.get(lens, esc(lens))})"
    if agg.empty:
        return empty(title)
    d = agg.assign(bucket=pd.to_datetime(agg["bucket"])).sort_values("bucket")
    share = 100 * d["neutral"] / d["n"].clip(lower=1)
    fig = go.Figure(
        go.Bar(
            x=d["bucket"],
            y=share,
            marker_color="#8c8c8c",
            name="neutral",
            customdata=[["neutral", b] for b in bucket_iso(d["bucket"])],
            text=[f"{s:.0f} % of {n:,} quotes" for s, n in zip(share, d["n"], strict=True)],
            textposition="none",
            hovertemplate="%{x|%d %b %Y}: %{text}<extra></extra>",
        )
    )
    apply_layout(fig, title, "neutral quotes", height=320)
    fig.update_yaxes(range=[0, 100], ticksuffix=" %")
    return time_chart(fig, events, d["bucket"], freq, covered)


def tone_by_outlet(agg: pd.DataFrame, lens: str = "vader_compound") -> go.Figure:
    """Mean tone per outlet (columns outlet, n, mean, sd) with its 95 % interval, sorted by the mean."""
    title = f"Mean quote tone by outlet ({LENSES.get(lens, esc(lens))})"
    if agg.empty:
        return empty(title)
    d = agg.assign(outlet=[label(o) for o in agg["outlet"]]).sort_values(["mean", "outlet"], kind="stable")
    lo, hi = confidence(d["mean"], d["sd"], d["n"])
    names = [esc(o) for o in d["outlet"]]
    fig = go.Figure(
        go.Scatter(
            x=d["mean"],
            y=names,
            mode="markers",
            marker=dict(size=9, color="#1f77b4"),
            name="mean",
            error_x=dict(
                type="data", symmetric=False, array=hi - d["mean"], arrayminus=d["mean"] - lo, thickness=1.5
            ),
            customdata=[[o, ""] for o in d["outlet"]],
            text=[
                f"{n}: mean {m:+.3f} of {k:,} quotes"
                for n, m, k in zip(names, d["mean"], d["n"], strict=True)
            ],
            hovertemplate="%{text}<extra></extra>",
        )
    )
    apply_layout(fig, title, "", height=max(280, 30 * len(d) + 120))
    fig.update_xaxes(title_text="mean tone (-1 to +1)", zeroline=True)
    fig.update_yaxes(automargin=True, type="category")
    return fig
