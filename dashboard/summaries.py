"""One line under each chart saying what a reader should see in it, computed from the frame the chart draws (for
people who cannot see the chart, and for everyone a first reading). No Streamlit here: each function takes the
aggregate its chart builder takes and returns plain text (names from the data are left as they are: the page
shows the line as text)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.charts import UNKNOWN, label
from dashboard.charts_tone import ALL_QUOTES, LENSES
from dashboard.charts_troops import ARTICLE_ITSELF
from dashboard.wording import counted

NO_DATA = "No data for these filters."


def when(bucket: object, freq: str) -> str:
    """A bucket in words: 'the week of 21 Feb 2022', 'Feb 2022', '21 Feb 2022'."""
    b = pd.Timestamp(bucket)
    day = f"{b.day} {b:%b %Y}"
    return {"W": f"the week of {day}", "M": f"{b:%b %Y}"}.get(freq, day)


def _signed(v: float) -> str:
    return f"{v:+.2f}"


def coverage(cov: pd.DataFrame, freq: str) -> str:
    """Coverage over time (bucket, outlet, value): how many articles from how many outlets, the busiest bucket
    and the outlet with most articles."""
    if cov.empty:
        return NO_DATA
    d = cov.assign(outlet=[label(o) for o in cov["outlet"]])
    total = int(d["value"].sum())
    per_bucket = d.groupby("bucket")["value"].sum()
    per_outlet = d.groupby("outlet")["value"].sum().sort_values(ascending=False, kind="stable")
    top, n_top = per_outlet.index[0], int(per_outlet.iloc[0])
    return (
        f"{counted(total, 'articles')} from {counted(len(per_outlet), 'outlets')}; the most in "
        f"{when(per_bucket.idxmax(), freq)} ({int(per_bucket.max()):,}); {top} published the most "
        f"({n_top:,}, {100 * n_top / total:.0f} %)."
    )


def share_of_voice(counts: pd.DataFrame) -> str:
    """Mentions per actor (actor, actor_type, mentions): the three most mentioned."""
    if counts.empty:
        return NO_DATA
    d = counts.sort_values("mentions", ascending=False, kind="stable").head(3)
    names = [f"{label(a, '(no name)')} ({int(n):,})" for a, n in zip(d["actor"], d["mentions"], strict=True)]
    head = f"{names[0].split(' (')[0]} is mentioned most ({int(d['mentions'].iloc[0]):,} mentions)"
    return head + (", then " + " and ".join(names[1:]) if len(names) > 1 else "") + "."


def mentions_over_time(lines: pd.DataFrame, freq: str, per_article: bool = False) -> str:
    """Mentions over time (bucket, actor, value): the actor mentioned most and its peak."""
    if lines.empty:
        return NO_DATA
    d = lines.assign(actor=[label(a) for a in lines["actor"]])
    top = d.groupby("actor")["value"].sum().sort_values(ascending=False, kind="stable").index[0]
    g = d[d["actor"] == top]
    peak = g.loc[g["value"].idxmax()]
    value = (
        f"{peak['value']:.2f} mentions per article"
        if per_article
        else counted(int(peak["value"]), "mentions")
    )
    n = d["actor"].nunique()
    return f"Of the {n} actors drawn, {top} is mentioned most; its peak is {when(peak['bucket'], freq)} ({value})."


def co_mentions(matrix: pd.DataFrame) -> str:
    """The co-mention map (square, actors by actors): the pair named together in most articles."""
    if matrix.empty or len(matrix) < 2:
        return NO_DATA if matrix.empty else "Only one actor: no pair to show."
    z = matrix.to_numpy().astype(float)
    np.fill_diagonal(z, -1)
    i, j = np.unravel_index(int(np.argmax(z)), z.shape)
    a, b = label(matrix.index[i], "(no name)"), label(matrix.columns[j], "(no name)")
    return f"The pair named together most: {a} and {b} ({counted(int(z[i, j]), 'articles')})."


def troop_figures(figures: pd.DataFrame, freq: str) -> str:
    """The troop chart (bucket, claimant, qualifier, value, low, high, n): how many figures, the median of all
    figures in the first and last bucket, the claimant citing most."""
    d = figures[figures["value"] > 0] if not figures.empty else figures
    if d.empty:
        return NO_DATA
    from dashboard.charts_troops import overall_medians

    med = overall_medians(d.assign(bucket=pd.to_datetime(d["bucket"])))
    first, last = med.iloc[0], med.iloc[-1]
    by = d.assign(claimant=[label(c, ARTICLE_ITSELF) for c in d["claimant"]]).groupby("claimant")["n"].sum()
    by = by.sort_values(ascending=False, kind="stable")
    trend = (
        f"the median of all figures is {first['median']:,.0f} in {when(first['bucket'], freq)}"
        if len(med) == 1
        else f"the median of all figures goes from {first['median']:,.0f} in {when(first['bucket'], freq)} "
        f"to {last['median']:,.0f} in {when(last['bucket'], freq)}"
    )
    return (
        f"{counted(int(d['n'].sum()), 'troops')} cited; {trend}; the largest is {d['value'].max():,.0f}; "
        f"{by.index[0]} cites the most ({int(by.iloc[0]):,})."
    )


def tone_over_time(agg: pd.DataFrame, lens: str, freq: str) -> str:
    """Mean tone per bucket and speaker (bucket, speaker, n, mean, sd): the range of all quotes' mean and the
    speaker most negative and most positive over the whole range."""
    if agg.empty:
        return NO_DATA
    name = LENSES.get(lens, lens)
    d = agg.assign(speaker=[label(s, "(no speaker)") for s in agg["speaker"]])
    out = []
    every = d[d["speaker"] == ALL_QUOTES]
    if len(every):
        lo, hi = every.loc[every["mean"].idxmin()], every.loc[every["mean"].idxmax()]
        out.append(
            f"The mean {name} of all quotes runs from {_signed(lo['mean'])} ({when(lo['bucket'], freq)}) to "
            f"{_signed(hi['mean'])} ({when(hi['bucket'], freq)})"
        )
    people = d[d["speaker"] != ALL_QUOTES]
    if len(people):
        w = people.assign(total=people["mean"] * people["n"]).groupby("speaker")[["total", "n"]].sum()
        w["mean"] = w["total"] / w["n"]
        w = w.sort_values("mean", kind="stable")
        neg, pos = w.index[0], w.index[-1]
        out.append(
            f"of the speakers drawn, {neg} is the most negative ({_signed(w.loc[neg, 'mean'])} over "
            f"{counted(int(w.loc[neg, 'n']), 'quotes')})"
            + (
                f" and {pos} the most positive ({_signed(w.loc[pos, 'mean'])} over {counted(int(w.loc[pos, 'n']), 'quotes')})"
                if pos != neg
                else ""
            )
        )
    text = "; ".join(out)
    return text[0].upper() + text[1:] + "."


def neutral_share(agg: pd.DataFrame, lens: str, freq: str) -> str:
    """The neutral share (bucket, n, neutral): the share over the whole range and its lowest and highest bucket."""
    if agg.empty or agg["n"].sum() == 0:
        return NO_DATA
    share = 100 * agg["neutral"] / agg["n"].clip(lower=1)
    lo, hi = share.idxmin(), share.idxmax()
    total = 100 * agg["neutral"].sum() / agg["n"].sum()
    return (
        f"{total:.0f} % of the {counted(int(agg['n'].sum()), 'quotes')} score exactly 0 on "
        f"{LENSES.get(lens, lens)}: from {share[lo]:.0f} % in {when(agg['bucket'][lo], freq)} to "
        f"{share[hi]:.0f} % in {when(agg['bucket'][hi], freq)}."
    )


def tone_by_outlet(agg: pd.DataFrame, lens: str) -> str:
    """Mean tone per outlet (outlet, n, mean, sd): the most negative and the most positive outlet."""
    if agg.empty:
        return NO_DATA
    d = agg.assign(outlet=[label(o, UNKNOWN) for o in agg["outlet"]]).sort_values("mean", kind="stable")
    neg, pos = d.iloc[0], d.iloc[-1]
    name = LENSES.get(lens, lens)
    first = f"Most negative on {name}: {neg['outlet']} ({_signed(neg['mean'])} over {counted(int(neg['n']), 'quotes')})"
    if len(d) == 1:
        return first + "."
    return f"{first}; most positive: {pos['outlet']} ({_signed(pos['mean'])} over {counted(int(pos['n']), 'quotes')})."
