"""Hand-written output tables holding every awkward case the dashboard must show (no Streamlit here).

Each case is one row a real corpus produces and the bundled sample does not: a troop figure with no claimant or
owner, quotes with no speaker, an article with no outlet and no date, an outlet with one article, an article with no
child rows, markup in strings from the data. Offsets are real: ``text[start:end]`` is the surface.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from analysis.io import write_tables
from analysis.schemas import to_frame

# (article_id, outlet, published, date_source, title, url, duplicate_of, text)
ARTICLES = [
    (
        "a1",
        "Reuters",
        dt.date(2021, 12, 1),
        "file",
        "Troops gather near the border",
        "https://example.org/a1",
        None,
        'Russia has massed 100,000 troops, officials said. "We are worried," one said. Ukraine and Joe Biden spoke.',
    ),
    (
        "a2",
        "",
        None,
        "none",
        "",
        "",
        None,
        'Russia could field 3.5 million troops. "Nobody knows," a voice said.',
    ),
    (
        "a3",
        "Fox News",
        dt.date(2022, 1, 10),
        "file",
        "Talks in Geneva",
        "",
        None,
        'The United States says Russia has 175,000 troops. NATO met. "We welcome the talks," said Antony Blinken.',
    ),
    (
        "a4",
        "TASS",
        dt.date(2022, 2, 20),
        "text",
        "Lavrov: <b>no</b> plans",
        "https://example.org/a4",
        None,
        'Sergei Lavrov denied that at least 130,000 troops were near Ukraine. "This is a lie," Sergei Lavrov said.',
    ),
    (
        "a5",
        "Reuters",
        dt.date(2022, 1, 10),
        "file",
        "Markets calm",
        "https://example.org/a5",
        "a1",
        "Stocks rose on Monday with nothing else of note.",
    ),
    (
        "a6",
        "Fox News",
        dt.date(2022, 1, 11),
        "file",
        "Blinken again",
        "",
        None,
        'Antony Blinken flew to Kyiv. "We stand with Ukraine," said Antony Blinken.',
    ),
]
# (article_id, actor, actor_type, surface)
MENTIONS = [
    ("a1", "Russia", "country", "Russia"),
    ("a1", "Ukraine", "country", "Ukraine"),
    ("a1", "Joe Biden", "person", "Joe Biden"),
    ("a2", "Russia", "country", "Russia"),
    ("a3", "United States", "country", "United States"),
    ("a3", "Russia", "country", "Russia"),
    ("a3", "NATO", "organization", "NATO"),
    ("a3", "Antony Blinken", "person", "Antony Blinken"),
    ("a4", "Sergei Lavrov", "person", "Sergei Lavrov"),
    ("a4", "Ukraine", "country", "Ukraine"),
    ("a6", "Antony Blinken", "person", "Antony Blinken"),
    ("a6", "Ukraine", "country", "Ukraine"),
]
# (article_id, value, low, high, qualifier, troops_of, claimed_by, surface)
TROOPS = [
    ("a1", 100_000, None, None, "exact", "", "", "100,000 troops"),  # no claimant, no owner
    ("a2", 3_500_000, None, None, "approx", "Russia", "", "3.5 million troops"),  # undated, no claimant
    ("a3", 175_000, None, None, "exact", "Russia", "United States", "175,000 troops"),
    ("a4", 130_000, 130_000, None, "at_least", "", "Sergei Lavrov", "at least 130,000 troops"),
]
# (article_id, text, speaker, verb, polarity, vader)
QUOTES = [
    ("a1", "We are worried,", "", "said", -0.25, -0.3),  # no speaker
    ("a2", "Nobody knows,", "", "said", 0.0, 0.0),  # no speaker, undated
    ("a3", "We welcome the talks,", "Antony Blinken", "said", 0.25, 0.46),  # 0.25: a polarity boundary
    ("a4", "This is a lie,", "Sergei Lavrov", "said", -0.5, -0.5),
    ("a6", "We stand with Ukraine,", "Antony Blinken", "said", 0.1, 0.2),
]


def _sentence(text: str, start: int) -> str:
    lo = text.rfind(". ", 0, start)
    hi = text.find(". ", start)
    return text[lo + 2 if lo >= 0 else 0 : hi + 1 if hi >= 0 else len(text)]


def awkward_tables() -> dict[str, pd.DataFrame]:
    """The five contract tables, conformed to their schemas."""
    texts = {a[0]: a[7] for a in ARTICLES}
    dates = {a[0]: a[2] for a in ARTICLES}
    arts = [
        dict(
            article_id=a,
            source=f"fixture/{a}.txt",
            title=title,
            published=pub,
            date_source=ds,
            outlet=outlet,
            url=url,
            text=text,
            n_words=len(text.split()),
            duplicate_of=dup,
        )
        for a, outlet, pub, ds, title, url, dup, text in ARTICLES
    ]
    mentions = []
    for aid, actor, kind, surface in MENTIONS:
        s = texts[aid].index(surface)
        mentions.append(
            dict(article_id=aid, actor=actor, actor_type=kind, surface=surface, start=s, end=s + len(surface))
        )
    troops = []
    for aid, value, low, high, qual, of, by, surface in TROOPS:
        s = texts[aid].index(surface)
        troops.append(
            dict(
                article_id=aid,
                value=value,
                low=low,
                high=high,
                qualifier=qual,
                troops_of=of,
                claimed_by=by,
                surface=surface,
                start=s,
                end=s + len(surface),
                sentence=_sentence(texts[aid], s),
            )
        )
    quotes = []
    for i, (aid, text, speaker, verb, pol, vader) in enumerate(QUOTES):
        s = texts[aid].index(text)
        quotes.append(
            dict(
                article_id=aid,
                quote_id=f"{aid}-{i:03d}",
                text=text,
                speaker=speaker,
                verb=verb,
                kind="full",
                quote_marks="present",
                start=s,
                end=s + len(text),
                polarity=pol,
                subjectivity=0.5,
                published=dates[aid],
                vader_compound=vader,
                sentiment_words="",
                lenses_disagree=False,
                speaker_detail="",
            )
        )
    rejects = [dict(source="fixture/broken.bin", reason="binary file")]
    tables = {
        "articles": to_frame("articles", arts),
        "mentions": to_frame("mentions", mentions),
        "troops": to_frame("troops", troops),
        "quotes": to_frame("quotes", quotes),
        "rejects": to_frame("rejects", rejects),
    }
    for name in ("mentions", "troops", "quotes"):  # the contract: offsets point at the surface
        df, col = tables[name], "text" if name == "quotes" else "surface"
        assert all(
            texts[a][s:e] == v
            for a, s, e, v in zip(df["article_id"], df["start"], df["end"], df[col], strict=True)
        )
    return tables


def write_awkward(out: Path, fmt: str = "parquet") -> Path:
    write_tables(awkward_tables(), out, fmt)
    return out
