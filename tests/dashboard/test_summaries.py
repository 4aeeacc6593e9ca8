"""dashboard/summaries.py: the one line under each chart, computed from the frame the chart draws. Pure: no
Streamlit."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard import summaries as s

W = pd.Timestamp


def test_summaries_import_no_streamlit():
    assert "streamlit" not in Path(s.__file__).read_text(encoding="utf-8")


def test_coverage():
    cov = pd.DataFrame(
        {
            "bucket": [W("2022-01-03"), W("2022-01-10"), W("2022-01-10"), W("2022-01-17")],
            "outlet": ["Reuters", "Reuters", None, "TASS"],
            "value": [1, 5, 2, 2],
        }
    )
    assert s.coverage(cov, "W") == (
        "10 articles from 3 outlets; the most in the week of 10 Jan 2022 (7); Reuters published the most (6, 60 %)."
    )
    assert s.coverage(cov.head(1), "M") == (
        "1 article from 1 outlet; the most in Jan 2022 (1); Reuters published the most (1, 100 %)."
    )


def test_share_of_voice_and_co_mentions():
    counts = pd.DataFrame(
        {"actor": ["Ukraine", "Russia", "NATO", "EU"], "actor_type": "country", "mentions": [50, 90, 10, 5]}
    )
    assert (
        s.share_of_voice(counts) == "Russia is mentioned most (90 mentions), then Ukraine (50) and NATO (10)."
    )
    names = ["Russia", "Ukraine", "NATO"]
    m = pd.DataFrame([[9, 7, 2], [7, 8, 3], [2, 3, 4]], index=names, columns=names)
    assert s.co_mentions(m) == "The pair named together most: Russia and Ukraine (7 articles)."


def test_mentions_over_time():
    lines = pd.DataFrame(
        {
            "bucket": [W("2022-01-03"), W("2022-01-10"), W("2022-01-03")],
            "actor": ["Russia", "Russia", "NATO"],
            "value": [4, 9, 1],
        }
    )
    assert s.mentions_over_time(lines, "W") == (
        "Of the 2 actors drawn, Russia is mentioned most; its peak is the week of 10 Jan 2022 (9 mentions)."
    )


def test_troop_figures():
    figures = pd.DataFrame(
        {
            "bucket": [W("2021-11-01"), W("2022-02-01"), W("2022-02-01")],
            "claimant": ["", "United States", "United States"],
            "qualifier": "exact",
            "value": [100_000, 150_000, 175_000],
            "low": None,
            "high": None,
            "n": [4, 2, 1],
        }
    )
    assert s.troop_figures(figures, "M") == (
        "7 troop figures cited; the median of all figures goes from 100,000 in Nov 2021 to 150,000 in Feb 2022; "
        "the largest is 175,000; the article itself cites the most (4)."
    )


def test_tone_charts():
    tone = pd.DataFrame(
        {
            "bucket": [W("2022-01-03"), W("2022-01-10"), W("2022-01-03"), W("2022-01-10")],
            "speaker": ["all quotes", "all quotes", "Sergei Lavrov", "Antony Blinken"],
            "n": [10, 20, 4, 2],
            "mean": [-0.1, 0.05, -0.3, 0.2],
            "sd": 0.1,
            "neutral": [5, 5, 1, 0],
        }
    )
    assert s.tone_over_time(tone, "vader_compound", "W") == (
        "The mean VADER compound of all quotes runs from -0.10 (the week of 3 Jan 2022) to +0.05 (the week of "
        "10 Jan 2022); of the speakers drawn, Sergei Lavrov is the most negative (-0.30 over 4 quotes) and "
        "Antony Blinken the most positive (+0.20 over 2 quotes)."
    )
    neutral = tone[tone["speaker"] == "all quotes"].reset_index(drop=True)
    assert s.neutral_share(neutral, "polarity", "W") == (
        "33 % of the 30 quotes score exactly 0 on TextBlob polarity: from 25 % in the week of 10 Jan 2022 to "
        "50 % in the week of 3 Jan 2022."
    )
    outlets = pd.DataFrame({"outlet": ["TASS", ""], "n": [1, 5], "mean": [-0.4, 0.1], "sd": 0.1})
    assert s.tone_by_outlet(outlets, "polarity") == (
        "Most negative on TextBlob polarity: TASS (-0.40 over 1 quote); most positive: unknown (+0.10 over 5 quotes)."
    )


@pytest.mark.parametrize(
    "summary",
    [
        lambda e: s.coverage(e, "W"),
        s.share_of_voice,
        lambda e: s.mentions_over_time(e, "W"),
        s.co_mentions,
        lambda e: s.troop_figures(e, "W"),
        lambda e: s.tone_over_time(e, "polarity", "W"),
        lambda e: s.neutral_share(e, "polarity", "W"),
        lambda e: s.tone_by_outlet(e, "polarity"),
    ],
)
def test_an_empty_chart_says_so(summary):
    assert summary(pd.DataFrame()) == s.NO_DATA
