"""Tone of a quote through two lenses: TextBlob (polarity, subjectivity) and VADER (compound).

Only TextBlob's sentiment is used: its sentence, word, tag and noun-phrase
features need NLTK data that is not downloaded. ``words`` lists the words that
drove TextBlob's score (its sentiment_assessments), so a reader sees why a quote
scored as it did; ``disagree`` flags quotes where the two lenses differ in sign
(each beyond a neutral band of 0.05).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

NEUTRAL = 0.05


class Tone(NamedTuple):
    polarity: float
    subjectivity: float
    vader: float
    words: str
    disagree: bool


@lru_cache(maxsize=1)
def _vader():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _sign(x: float) -> int:
    return 0 if abs(x) <= NEUTRAL else (1 if x > 0 else -1)


@lru_cache(maxsize=1)
def _pattern():
    """TextBlob's default (PatternAnalyzer) scorer, called once per text instead of TextBlob's twice."""
    from textblob.en import sentiment

    return sentiment


@lru_cache(maxsize=262_144)  # wire copies repeat quotes across outlets: each worker scores a text once per run
def score_quote(text: str) -> Tone:
    """Both lenses on one text (empty text scores 0). Same numbers as TextBlob(text).sentiment_assessments."""
    if not text.strip():
        return Tone(0.0, 0.0, 0.0, "", False)
    a = _pattern()(text)
    polarity, subjectivity = a
    words = "; ".join(f"{' '.join(w)} ({p:+.2f})" for w, p, _s, _l in a.assessments)
    v = _vader().polarity_scores(text)["compound"]
    pa, va = _sign(polarity), _sign(v)
    return Tone(float(polarity), float(subjectivity), float(v), words, pa != 0 and va != 0 and pa != va)
