"""The troop-figures chart: per claimant group and time bucket the median figure with its range, every cited
figure as a small marker shaped by its qualifier, outliers marked on the axis edge, the median of all figures
always on the axis at its value (no Streamlit here).

Input (``figures``): one row per distinct cited figure in a bucket and group, with its count - columns bucket,
claimant, qualifier, value, low, high, n (what ``aggregates.troop_figures`` returns).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.buckets import longest
from dashboard.charts import bucket_iso, colours, empty, esc, label, middle, time_chart, with_gaps

ARTICLE_ITSELF = "the article itself"  # a figure no one is said to claim
ALL_CLAIMANTS = (
    "all claimants"  # the series of the median of all figures (a click lists the bucket's figures)
)
ORDER = [
    "bucket",
    "claimant",
    "value",
    "qualifier",
    "low",
    "high",
    "n",
]  # one order whatever the rows' (a spec
# that changes from run to run is a new chart to Streamlit, which drops the click just made)
SYMBOLS = {"exact": "circle", "approx": "diamond", "at_least": "triangle-up", "at_most": "triangle-down"}
QUALIFIER_NAMES = {"exact": "exact", "approx": "about", "at_least": "at least", "at_most": "at most"}
FENCE_DECADES = (0.75, 1.0)  # how far beyond the quartiles a figure may lie: 1.5 IQR, within these (log10)
MEDIAN_MARGIN = 0.1  # how far (log10) the axis reaches beyond a median of all figures outside the fences


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The q-quantile of values repeated ``weights`` times (the lower one at a tie, as a median of counts)."""
    order = np.argsort(values, kind="stable")
    v, w = np.asarray(values, dtype=float)[order], np.asarray(weights, dtype=float)[order]
    cum = np.cumsum(w)
    return float(v[np.searchsorted(cum, q * cum[-1], side="left")])


def outlier_bounds(values: np.ndarray, weights: np.ndarray) -> tuple[float, float]:
    """Figures beyond Q1 / 10^f or Q3 x 10^f are outliers, where f is 1.5 IQR on a log10 scale kept within
    FENCE_DECADES (figures that all agree still leave x5.6 either side; figures of every size - a few thousand
    deployed, a hundred thousand massed - still mark 3.5 million off the axis). Returns the bounds as figures."""
    ok = values > 0
    logs, w = np.log10(values[ok].astype(float)), weights[ok]
    if not len(logs):
        return 1.0, 10.0
    q1, q3 = weighted_quantile(logs, w, 0.25), weighted_quantile(logs, w, 0.75)
    fence = min(max(1.5 * (q3 - q1), FENCE_DECADES[0]), FENCE_DECADES[1])
    return float(10 ** (q1 - fence)), float(10 ** (q3 + fence))


def axis_bounds(bounds: tuple[float, float], medians: pd.Series) -> tuple[float, float]:
    """The y axis of the chart: the outlier ``bounds`` widened to hold every median of all figures (the line)
    with MEDIAN_MARGIN to spare, so the line is drawn at its value, never on or beyond the axis edge (a bucket
    whose figures all lie beyond the fences has its median there). Single figures beyond it sit on the edge."""
    lo, hi = bounds
    m = medians[medians > 0]
    if not len(m):
        return lo, hi
    return min(lo, float(m.min()) / 10**MEDIAN_MARGIN), max(hi, float(m.max()) * 10**MEDIAN_MARGIN)


def weighted_medians(figures: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The median ``value`` (weighted by ``n``, the lower one at a tie) and the total n per group of ``keys``,
    in one sort (no loop over groups)."""
    d = figures.sort_values([*keys, "value"], kind="stable")
    cum = d.groupby(keys, sort=False)["n"].cumsum()
    total = d.groupby(keys, sort=False)["n"].transform("sum")
    first = d[cum >= 0.5 * total].groupby(keys, sort=True).head(1)
    out = first[keys].assign(median=first["value"].astype(float).to_numpy())
    sums = d.groupby(keys, sort=True)["n"].sum().rename("n").reset_index()
    return sums.merge(out, on=keys).sort_values(keys, kind="stable").reset_index(drop=True)


def troop_summary(figures: pd.DataFrame, bounds: tuple[float, float]) -> pd.DataFrame:
    """Per bucket and claimant: n figures, the median figure, and the range (lowest low to highest high of the
    figures inside ``bounds``, clipped to them; the clipped median when none is inside)."""
    lo_b, hi_b = bounds
    keys = ["bucket", "claimant"]
    if figures.empty:
        return pd.DataFrame(columns=[*keys, "n", "median", "lo", "hi"])
    inside = figures["value"].between(lo_b, hi_b)
    ranges = figures.assign(
        lo=figures["low"].fillna(figures["value"]).where(inside).astype(float),
        hi=figures["high"].fillna(figures["value"]).where(inside).astype(float),
    )
    ranges = ranges.groupby(keys, sort=True).agg(lo=("lo", "min"), hi=("hi", "max")).reset_index()
    out = weighted_medians(figures, keys).merge(ranges, on=keys)
    fallback = out["median"].clip(lo_b, hi_b)
    out["lo"] = out["lo"].clip(lo_b, hi_b).fillna(fallback)
    out["hi"] = out["hi"].clip(lo_b, hi_b).fillna(fallback)
    out["n"] = out["n"].astype(int)
    return out[[*keys, "n", "median", "lo", "hi"]]


def overall_medians(figures: pd.DataFrame) -> pd.DataFrame:
    """The median figure per bucket over every claimant (bucket, n, median)."""
    if figures.empty:
        return pd.DataFrame(columns=["bucket", "n", "median"])
    return weighted_medians(figures, ["bucket"])[["bucket", "n", "median"]]


def log_ticks(lo: float, hi: float) -> tuple[list[float], list[str]]:
    """Ticks at 1, 2 and 5 times each power of ten between ``lo`` and ``hi``, labelled 2k, 100k, 1.5M..."""
    vals = [m * 10**e for e in range(0, 10) for m in (1, 2, 5) if lo <= m * 10**e <= hi]
    return vals, [f"{v / 1e6:g}M" if v >= 1e6 else f"{v / 1e3:g}k" if v >= 1e3 else f"{v:g}" for v in vals]


MEDIAN_SYMBOLS = {"": "line-ew", "above": "arrow-bar-up", "below": "arrow-bar-down"}


def off_axis(value: float, lo: float, hi: float) -> str:
    """Where a value lies against the axis ``lo`` to ``hi``: 'above', 'below' or '' (on it)."""
    return "above" if value > hi else "below" if value < lo else ""


def _fmt(v: float) -> str:
    return f"{v:,.0f}"


def troop_figures(
    figures: pd.DataFrame,
    freq: str = "W",
    events: pd.DataFrame | None = None,
    title: str = "Troop figures cited, by claimant",
    covered: tuple | None = None,
) -> go.Figure:
    """The troop chart (module docstring); monthly buckets drawn mid-month (each claimant dodged around the
    middle), the median of all figures broken across empty buckets, a partial first or last bucket marked."""
    if figures.empty:
        return empty(title)
    d = figures.assign(
        claimant=[label(c, ARTICLE_ITSELF) for c in figures["claimant"]],
        qualifier=[label(q, "exact") for q in figures["qualifier"]],
        bucket=pd.to_datetime(figures["bucket"]),
    )
    d = d[d["value"] > 0].sort_values(ORDER, kind="stable", na_position="first").reset_index(drop=True)
    if d.empty:
        return empty(title)
    # where a bucket's points are drawn: its start (days, weeks: as every time chart), a month's middle
    centre = {b: middle(b, freq) if freq == "M" else b for b in d["bucket"].unique()}
    d = d.assign(_x=d["bucket"].map(centre))
    overall = overall_medians(d)
    bounds = axis_bounds(
        outlier_bounds(d["value"].to_numpy(float), d["n"].to_numpy(float)), overall["median"]
    )
    summary = troop_summary(d, bounds)
    totals = d.groupby("claimant")["n"].sum().sort_values(ascending=False, kind="stable")
    groups = [g for g in totals.index if g != "other"] + (["other"] if "other" in totals.index else [])
    cmap = colours(groups)
    width = longest(freq) * 0.7
    offsets = {
        g: width * ((i + 0.5) / len(groups) - 0.5) for i, g in enumerate(groups)
    }  # dodge within a bucket
    lo_b, hi_b = bounds
    fig = go.Figure()
    for g in groups:
        pts = d[d["claimant"] == g]
        inside = pts[(pts["value"] >= lo_b) & (pts["value"] <= hi_b)]
        if len(inside):
            fig.add_scatter(
                x=inside["_x"] + offsets[g],
                y=inside["value"],
                mode="markers",
                legendgroup=esc(g),
                showlegend=False,
                marker=dict(
                    color=cmap[g],
                    opacity=0.45,
                    size=(5 + 2 * np.sqrt(inside["n"])).clip(upper=16),
                    symbol=[SYMBOLS.get(q, "circle") for q in inside["qualifier"]],
                ),
                customdata=[[g, b] for b in bucket_iso(inside["bucket"])],
                text=[
                    f"{esc(g)}: {QUALIFIER_NAMES.get(q, esc(q))} {_fmt(v)} ({n} times)"
                    for q, v, n in zip(inside["qualifier"], inside["value"], inside["n"], strict=True)
                ],
                hovertemplate="%{text}<br>%{x|%d %b %Y}<extra></extra>",
            )
        for side, off in (("above", pts[pts["value"] > hi_b]), ("below", pts[pts["value"] < lo_b])):
            if len(off):
                fig.add_scatter(
                    x=off["_x"] + offsets[g],
                    y=[hi_b if side == "above" else lo_b] * len(off),
                    mode="markers",
                    legendgroup=esc(g),
                    showlegend=False,
                    cliponaxis=False,
                    marker=dict(
                        color=cmap[g],
                        size=11,
                        symbol="arrow-bar-up" if side == "above" else "arrow-bar-down",
                        line=dict(width=1.5, color=cmap[g]),
                    ),
                    customdata=[[g, b] for b in bucket_iso(off["bucket"])],
                    text=[
                        f"{esc(g)}: {_fmt(v)} ({n} times), {side} the axis"
                        for v, n in zip(off["value"], off["n"], strict=True)
                    ],
                    hovertemplate="%{text}<br>%{x|%d %b %Y}<extra></extra>",
                )
        s = summary[summary["claimant"] == g].sort_values("bucket")
        med = s["median"].clip(lo_b, hi_b)
        # a claimant's median beyond the axis (its figures all outliers): an arrow on the edge, as a figure's
        where = [off_axis(m, lo_b, hi_b) for m in s["median"]]
        fig.add_scatter(
            x=s["bucket"].map(centre) + offsets[g],
            y=med,
            mode="markers",
            name=esc(g),
            legendgroup=esc(g),
            cliponaxis=False,
            marker=dict(
                color=cmap[g],
                size=9,
                symbol=[MEDIAN_SYMBOLS[w] for w in where],
                line=dict(width=3, color=cmap[g]),
            ),
            error_y=dict(
                type="data",
                symmetric=False,
                array=(s["hi"] - med).clip(lower=0),
                arrayminus=(med - s["lo"]).clip(lower=0),
                thickness=1.5,
                width=0,
                color=cmap[g],
            ),
            customdata=[[g, b] for b in bucket_iso(s["bucket"])],
            text=[
                f"{esc(g)}: median {_fmt(m)} of {n} figures (range {_fmt(lo)} to {_fmt(hi)})"
                + (f", {w} the axis" if w else "")
                for m, n, lo, hi, w in zip(s["median"], s["n"], s["lo"], s["hi"], where, strict=True)
            ],
            hovertemplate="%{text}<br>%{x|%d %b %Y}<extra></extra>",
        )
    starts, y, text, custom = with_gaps(
        list(overall["bucket"]),
        freq,
        overall["median"].tolist(),  # inside the axis (axis_bounds)
        [
            f"all claimants: median {_fmt(m)} of {n} figures"
            for m, n in zip(overall["median"], overall["n"], strict=True)
        ],
        [[ALL_CLAIMANTS, b] for b in bucket_iso(overall["bucket"])],
    )
    fig.add_scatter(
        x=[middle(b, freq) if freq == "M" else b for b in starts],
        y=y,
        mode="lines+markers",
        name="median of all figures",
        line=dict(color="#222", width=3),
        marker=dict(size=6, color="#222"),
        text=text,
        customdata=custom,
        hovertemplate="%{text}<br>%{x|%d %b %Y}<extra></extra>",
    )
    for q, sym in SYMBOLS.items():  # the one small legend of marker shapes
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=QUALIFIER_NAMES[q],
            legend="legend2",
            marker=dict(symbol=sym, color="#777", size=8),
        )
    fig.add_scatter(
        x=[None],
        y=[None],
        mode="markers",
        name="off the axis (hover)",
        legend="legend2",
        marker=dict(symbol="arrow-bar-up", color="#777", size=9, line=dict(width=1.5, color="#777")),
    )
    fig.update_layout(
        title=esc(title),
        yaxis_title="troops (log scale)",
        xaxis_title="",
        height=480,
        margin=dict(t=60, b=80, l=70, r=20),
        hovermode="closest",
        legend_title_text="median and range, claimed by",
        legend2=dict(
            orientation="h",
            x=0,
            y=-0.12,
            xanchor="left",
            yanchor="top",
            font=dict(size=10),
            title_text="figure is",
        ),
    )
    ticks, labels = log_ticks(lo_b, hi_b)
    fig.update_yaxes(type="log", range=[np.log10(lo_b), np.log10(hi_b)], tickvals=ticks, ticktext=labels)
    return time_chart(fig, events, d["bucket"], freq, covered, periods=False)
