"""Plotly figure builders: a small frame of aggregates in (what the chart draws), a go.Figure out (no Streamlit).

Every string from the data that reaches a figure (trace names, categories, hover text, annotations) goes through
``esc`` (Plotly renders HTML tags in labels). Each clickable point carries ``customdata = [series key, bucket]``
with the raw key, which ``clicks.picked_keys`` turns back into the rows behind it.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.buckets import FREQS, longest

PALETTE = [
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#bcbd22",
    "#7f7f7f",
]
OTHER_COLOUR = "#b0b0b0"
UNKNOWN = "unknown"  # a missing outlet, everywhere


def esc(value: object) -> str:
    """A label from the data as Plotly-safe text: missing -> '', markup escaped."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA or value is pd.NaT:
        return ""
    return html.escape(str(value))


def label(value: object, blank: str = UNKNOWN) -> str:
    """A series label: missing or empty values become ``blank``; never 'None' or 'nan'."""
    text = (
        ""
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA
        else str(value)
    )
    return text.strip() or blank


def colours(series: list[str]) -> dict[str, str]:
    """A stable colour per series; 'other' and 'unknown' are grey."""
    out, i = {}, 0
    for s in series:
        if s in ("other", UNKNOWN):
            out[s] = OTHER_COLOUR
        else:
            out[s] = PALETTE[i % len(PALETTE)]
            i += 1
    return out


def bucket_iso(values: pd.Series) -> list[str]:
    """Bucket starts as 'YYYY-MM-DD' strings (the bucket half of a point's customdata)."""
    return [str(v)[:10] for v in pd.to_datetime(values).dt.strftime("%Y-%m-%d")]


def empty(title: str, why: str = "No data for these filters") -> go.Figure:
    fig = go.Figure()
    fig.update_layout(
        title=esc(title),
        annotations=[dict(text=esc(why), showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)],
        xaxis=dict(visible=False),
        yaxis=dict(visible=False),
    )
    return fig


LABEL_PX = 6.2  # the width of a label's character at font size 10, for staggering labels
PLOT_PX = 560  # the narrowest plot area the page draws (the sidebar open, a legend on the right), about
EVENT_ROWS = 4  # rows of event labels under the chart's top edge
ROW_STEP = 0.065  # a row's height, as a share of the plot's
SHORT_MARK = "▾"  # an event whose label finds no room: this mark, its label on hover


def event_rows(days: list[float], widths: list[float], rows: int = EVENT_ROWS) -> list[int | None]:
    """The row each label goes on: the first row whose last label ends before this one starts (labels given
    in date order as a start and a width in the same unit); None when every row is taken (the label would
    overlap another: ``event_marks`` draws a short mark instead)."""
    ends = [float("-inf")] * rows
    out: list[int | None] = []
    for day, width in zip(days, widths, strict=True):
        free = [i for i, e in enumerate(ends) if e <= day]
        if not free:
            out.append(None)
            continue
        ends[free[0]] = day + width
        out.append(free[0])
    return out


def _label_width(text: str, span_days: float) -> float:
    """A label's width in days on an axis of ``span_days`` drawn PLOT_PX wide."""
    return (len(text) * LABEL_PX + 8) / PLOT_PX * span_days


def event_marks(events: pd.DataFrame | None, x_range: tuple | None = None) -> tuple[list[dict], list[dict]]:
    """The shapes (a dotted vertical line) and annotations (a label) of the events (columns date, label), only
    for events inside ``x_range`` (so markers never stretch the axis); labels staggered on EVENT_ROWS rows so
    they do not overlap, a label near the right edge ending at its line, and a label with no room left (many
    events on a short range) a short mark under the rows whose hover text is the label."""
    if events is None or events.empty:
        return [], []
    ev = events.sort_values("date")
    d = pd.to_datetime(ev["date"])
    if x_range is not None:
        lo, hi = (pd.Timestamp(x) for x in x_range)
        ev, d = ev[(d >= lo) & (d <= hi)], d[(d >= lo) & (d <= hi)]
        span = max((hi - lo).days, 1)
    else:
        lo = d.min() if len(d) else pd.Timestamp("1970-01-01")
        span = max((d.max() - d.min()).days, 30) if len(d) else 30
        hi = lo + pd.Timedelta(days=span)
    days = [(x - lo).total_seconds() / 86_400 for x in d]
    widths = [_label_width(str(t), span) for t in ev["label"]]
    right = [day + w > span for day, w in zip(days, widths, strict=True)]  # would run past the right edge
    starts = [day - w if r else day for day, w, r in zip(days, widths, right, strict=True)]
    shapes, notes = [], []
    for row, x, text, r in zip(event_rows(starts, widths), d, ev["label"], right, strict=True):
        x = x.strftime("%Y-%m-%d")
        shapes.append(
            dict(
                type="line",
                x0=x,
                x1=x,
                y0=0,
                y1=1,
                xref="x",
                yref="paper",
                line=dict(color="#555", width=1, dash="dot"),
                layer="below",
            )
        )
        note = dict(
            x=x,
            y=1.0 - ROW_STEP * (EVENT_ROWS if row is None else row),
            xref="x",
            yref="paper",
            text=esc(text) if row is not None else SHORT_MARK,
            showarrow=False,
            xanchor=("right" if r else "left") if row is not None else "center",
            yanchor="top",
            font=dict(size=10, color="#333"),
            bgcolor="rgba(255,255,255,0.75)",
        )
        if row is None:
            note["hovertext"] = esc(text)
        notes.append(note)
    return shapes, notes


def add_events(fig: go.Figure, events: pd.DataFrame | None, x_range: tuple | None = None) -> go.Figure:
    """Event markers (``event_marks``) added to a time chart."""
    shapes, notes = event_marks(events, x_range)
    if shapes:  # one layout update (add_shape / add_annotation revalidate the layout each call)
        fig.update_layout(
            shapes=list(fig.layout.shapes) + shapes, annotations=list(fig.layout.annotations) + notes
        )
    return fig


def x_range(buckets: pd.Series, freq: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """A time chart's x range: the first bucket's start to the last bucket's end; a single bucket gets a bucket
    either side (Plotly would zoom a lone date to milliseconds)."""
    b = pd.to_datetime(buckets)
    step = longest(freq)
    if b.min() == b.max():
        return b.min() - step, b.max() + step
    return b.min(), b.max() + step


def one_bucket(buckets: pd.Series, freq: str) -> tuple[dict, dict]:
    """For a chart of one time bucket: the x axis (``x_range``) and the bars' width (a bucket's), which Plotly
    cannot infer from one date; two empty dicts for more buckets."""
    if pd.to_datetime(buckets).nunique() > 1:
        return {}, {}
    lo, hi = x_range(buckets, freq)
    step = longest(freq)
    return dict(range=[lo, hi]), dict(width=0.8 * step.total_seconds() * 1000)  # a date axis counts in ms


def next_bucket(bucket: pd.Timestamp, freq: str) -> pd.Timestamp:
    """The start of the bucket after ``bucket`` (a day, a week, a calendar month later)."""
    b = pd.Timestamp(bucket)
    return b + pd.offsets.MonthBegin(1) if freq == "M" else b + longest(freq)


def middle(bucket: pd.Timestamp, freq: str) -> pd.Timestamp:
    """The middle of a bucket (a month's point is drawn there, under month ticks)."""
    b = pd.Timestamp(bucket)
    return b + (next_bucket(b, freq) - b) / 2


# Monthly buckets: each point or bar drawn in the middle of its month, the axis ticked by month (labels in the
# middle of the month too); a point at the month's start under weekly ticks read as that week's.
PERIOD_TRACES = {"M": dict(xperiod="M1", xperiodalignment="middle")}
PERIOD_AXIS = {"M": dict(dtick="M1", tickformat="%b %Y", ticklabelmode="period")}


def with_gaps(buckets: list, freq: str, *columns: list) -> tuple[list, ...]:
    """The points of a line in bucket order with a break (None in every column, the empty bucket's start as x)
    wherever buckets are missing between two points, so a line never joins across empty buckets."""
    out: list[list] = [[] for _ in range(len(columns) + 1)]
    prev = None
    for i, b in enumerate(buckets):
        b = pd.Timestamp(b)
        if prev is not None and b > next_bucket(prev, freq):
            out[0].append(next_bucket(prev, freq))
            for col in out[1:]:
                col.append(None)
        out[0].append(b)
        for col, src in zip(out[1:], columns, strict=True):
            col.append(src[i])
        prev = b
    return tuple(out)


def runs(buckets: list, freq: str) -> list[list[int]]:
    """The positions of ``buckets`` (sorted) cut into runs of consecutive buckets."""
    out: list[list[int]] = []
    prev = None
    for i, b in enumerate(buckets):
        b = pd.Timestamp(b)
        if prev is None or b > next_bucket(prev, freq):
            out.append([])
        out[-1].append(i)
        prev = b
    return out


def _day(d: pd.Timestamp) -> str:
    return f"{d.day} {d:%b %Y}"


def partial_marks(buckets: pd.Series, freq: str, covered: tuple | None) -> tuple[list[dict], list[dict]]:
    """The first and last buckets the data covers only in part (the data starts after the bucket's start or ends
    before its end, ``covered`` = (first day, last day)): a light grey band over the bucket and a note saying
    so, so a short last week does not read as a drop. Days never are."""
    if covered is None or freq == "D" or not len(buckets):
        return [], []
    b = pd.to_datetime(pd.Series(buckets))
    first, last = b.min(), b.max()
    lo, hi = (pd.Timestamp(c) for c in covered)
    word = FREQS.get(freq, "bucket")
    found: dict[pd.Timestamp, list[str]] = {}
    if lo > first:
        found.setdefault(first, []).append(f"starts {_day(lo)}")
    if hi + pd.Timedelta(days=1) < next_bucket(last, freq):
        found.setdefault(last, []).append(f"ends {_day(hi)}")
    shapes, notes = [], []
    for start, said in found.items():
        end = next_bucket(start, freq)
        shapes.append(
            dict(
                type="rect",
                x0=start.strftime("%Y-%m-%d"),
                x1=end.strftime("%Y-%m-%d"),
                y0=0,
                y1=1,
                xref="x",
                yref="paper",
                fillcolor="rgba(0,0,0,0.07)",
                line=dict(width=0),
                layer="below",
            )
        )
        at_end = start == last and start != first
        notes.append(
            dict(
                x=(end if at_end else start).strftime("%Y-%m-%d"),
                y=0,
                xref="x",
                yref="paper",
                text=f"partial {word}: the data " + " and ".join(said),
                showarrow=False,
                xanchor="right" if at_end else "left",
                yanchor="bottom",
                font=dict(size=10, color="#555"),
            )
        )
    return shapes, notes


def time_chart(
    fig: go.Figure,
    events: pd.DataFrame | None,
    buckets: pd.Series,
    freq: str,
    covered: tuple | None = None,
    periods: bool = True,
) -> go.Figure:
    """A time chart finished: its event markers (``add_events``), its partial first or last bucket
    (``partial_marks``), month ticks for monthly buckets (with ``periods`` each trace drawn mid-month; the troop
    chart places its own) and, for a single bucket, ``one_bucket``."""
    axis, bars = one_bucket(buckets, freq)
    if axis:
        fig.update_xaxes(axis)
        fig.update_traces(bars, selector=dict(type="bar"))
    if freq in PERIOD_AXIS:
        fig.update_xaxes(PERIOD_AXIS[freq])
        if periods:
            fig.update_traces(PERIOD_TRACES[freq])
    shapes, notes = partial_marks(buckets, freq, covered)
    if shapes:
        fig.update_layout(
            shapes=list(fig.layout.shapes) + shapes, annotations=list(fig.layout.annotations) + notes
        )
    return add_events(fig, events, x_range(buckets, freq))


def layout(title: str, y_title: str, height: int = 420) -> dict:
    """The layout every chart shares: its title, the y axis title, margins, height, the closest point on hover."""
    return dict(
        title=dict(text=esc(title)),
        yaxis=dict(title=dict(text=esc(y_title))),
        xaxis=dict(title=dict(text="")),
        legend=dict(title=dict(text="")),
        margin=dict(t=60, b=40, l=60, r=20),
        height=height,
        hovermode="closest",
    )


def apply_layout(fig: go.Figure, title: str, y_title: str, height: int = 420) -> go.Figure:
    """``layout`` applied to a figure."""
    fig.update_layout(layout(title, y_title, height))
    return fig


def stacked_bars(
    agg: pd.DataFrame,
    series: str,
    title: str,
    y_title: str,
    freq: str = "W",
    events: pd.DataFrame | None = None,
    share: bool = False,
    order: list[str] | None = None,
    covered: tuple | None = None,
) -> go.Figure:
    """Stacked bars per bucket and series (columns bucket, <series>, value); ``share`` draws each series' share of
    the bucket in %. Labels are cleaned by ``label`` (a missing value is 'unknown')."""
    if agg.empty:
        return empty(title)
    d = agg.assign(_s=[label(v) for v in agg[series]])
    d = d.groupby(["bucket", "_s"], as_index=False)["value"].sum()
    names = (
        order or d.groupby("_s")["value"].sum().sort_values(ascending=False).index.tolist()
    )  # same as counts
    if share:
        d["value"] = 100 * d["value"] / d.groupby("bucket")["value"].transform("sum")
    d = d.assign(_x=pd.to_datetime(d["bucket"]), _iso=bucket_iso(d["bucket"])).sort_values(
        "bucket", kind="stable"
    )
    rows = d.groupby(
        "_s", sort=False
    ).indices  # each series' rows, in bucket order (one pass, not one a series)
    cmap = colours(names)
    fmt = "%{y:.1f} %" if share else "%{y:,}"
    axis, bars = one_bucket(d["bucket"], freq)
    traces = []
    for name in names:
        if name not in rows:
            continue
        g = d.iloc[rows[name]]
        traces.append(
            dict(
                type="bar",
                x=g["_x"],
                y=g["value"],
                name=esc(name),
                marker=dict(color=cmap[name]),
                customdata=[[name, b] for b in g["_iso"]],
                hovertemplate=f"{esc(name)}<br>%{{x|%d %b %Y}}: {fmt}<extra></extra>",
            )
            | bars
            | PERIOD_TRACES.get(freq, {})
        )
    lay = layout(title, y_title) | dict(barmode="stack")
    lay["xaxis"] |= axis | PERIOD_AXIS.get(freq, {})
    if share:
        lay["yaxis"] |= dict(range=[0, 100], ticksuffix=" %")
    shapes, notes = event_marks(events, x_range(d["bucket"], freq))
    part_shapes, part_notes = partial_marks(d["bucket"], freq, covered)
    lay["shapes"], lay["annotations"] = part_shapes + shapes, part_notes + notes
    return go.Figure(data=traces, layout=lay)  # built in one step: each add_bar / update_layout revalidates


def share_of_voice(counts: pd.DataFrame) -> go.Figure:
    """Mentions per actor (columns actor, actor_type, mentions), one bar each, coloured by type."""
    title = "Mentions per actor"
    if counts.empty:
        return empty(title)
    d = counts.assign(
        actor=[label(v, "(no name)") for v in counts["actor"]],
        actor_type=[label(v, "other") for v in counts["actor_type"]],
    ).sort_values("mentions")
    fig = go.Figure()
    cmap = colours(sorted(d["actor_type"].unique()))
    for kind, g in d.groupby("actor_type", sort=True):
        fig.add_bar(
            x=g["mentions"],
            y=[esc(a) for a in g["actor"]],
            orientation="h",
            name=esc(kind),
            marker_color=cmap[kind],
            customdata=[[a, ""] for a in g["actor"]],
            hovertemplate="%{y}: %{x:,} mentions<extra></extra>",
        )
    apply_layout(fig, title, "", height=max(300, 24 * len(d) + 120))
    fig.update_yaxes(categoryorder="total ascending", automargin=True)
    return fig


TICK_ANGLE = -40  # the co-mention map's x labels


def co_mention_heatmap(matrix: pd.DataFrame) -> go.Figure:
    """Articles mentioning both actors (a square frame indexed and columned by actor), counts as text, labels
    never clipped (automargin), the size growing with the number of actors."""
    title = "Articles mentioning both actors (the diagonal: articles mentioning the actor)"
    if matrix.empty:
        return empty(title)
    names = [esc(label(v, "(no name)")) for v in matrix.index]
    z = matrix.to_numpy()
    n = len(names)
    colour = z.astype(float)
    np.fill_diagonal(colour, np.nan)  # an actor's own articles (the diagonal) would drown every pair's colour
    fig = go.Figure(
        go.Heatmap(
            z=colour,
            x=names,
            y=names,
            text=z,
            texttemplate="%{text:,}",
            colorscale="Blues",
            hovertemplate="%{y} and %{x}: %{text:,} articles<extra></extra>",
            showscale=False,
            textfont=dict(size=11 if n <= 12 else 9),
        )
    )
    size = max(360, 38 * n + 160)
    # the x labels lean left: the first one reaches this far left of its column, into the left margin
    reach = int(np.ceil(len(label(matrix.index[0], "(no name)")) * LABEL_PX * np.cos(np.radians(TICK_ANGLE))))
    fig.update_layout(title=esc(title), height=size, margin=dict(t=60, b=20, l=max(20, reach + 10), r=20))
    fig.update_xaxes(side="bottom", tickangle=TICK_ANGLE, automargin=True)
    fig.update_yaxes(autorange="reversed", automargin=True)
    return fig


def series_lines(
    agg: pd.DataFrame,
    series: str,
    title: str,
    y_title: str,
    freq: str = "W",
    events: pd.DataFrame | None = None,
    covered: tuple | None = None,
) -> go.Figure:
    """One line with markers per series (columns bucket, <series>, value): mentions of chosen actors over time;
    a line breaks across the buckets its series lacks."""
    if agg.empty:
        return empty(title)
    d = agg.assign(_s=[label(v) for v in agg[series]])
    names = d.groupby("_s")["value"].sum().sort_values(ascending=False).index.tolist()
    cmap = colours(names)
    fig = go.Figure()
    for name in names:
        g = d[d["_s"] == name].sort_values("bucket")
        x, y, custom = with_gaps(
            list(pd.to_datetime(g["bucket"])),
            freq,
            g["value"].tolist(),
            [[name, b] for b in bucket_iso(g["bucket"])],
        )
        fig.add_scatter(
            x=x,
            y=y,
            mode="lines+markers",
            name=esc(name),
            line=dict(color=cmap[name]),
            customdata=custom,
            hovertemplate=f"{esc(name)}<br>%{{x|%d %b %Y}}: %{{y:,.3g}}<extra></extra>",
        )
    apply_layout(fig, title, y_title)
    return time_chart(fig, events, d["bucket"], freq, covered)
