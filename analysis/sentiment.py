"""Tone of a quote through two lenses: TextBlob (polarity, subjectivity) and VADER (compound).

Only TextBlob's sentiment is used: its sentence, word, tag and noun-phrase
features need NLTK data that is not downloaded. ``words`` lists the words that
drove TextBlob's score (its sentiment_assessments), so a reader sees why a quote
scored as it did; ``disagree`` flags quotes where the two lenses differ in sign
(each beyond a neutral band of 0.05).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from .memo import BoundedMemo
from .schemas import Quote

NEUTRAL = 0.05


class Tone(NamedTuple):
    polarity: float
    subjectivity: float
    vader: float
    words: str
    disagree: bool


# The library versions whose scores ``sentiment_lexicons`` reproduces (tests/analysis/test_sentiment.py checks them on
# real quotes); with any other version installed the libraries' own scorers run.
VERIFIED = {"textblob": "0.20.1", "vaderSentiment": "3.3.2"}


def _verified(dist: str) -> bool:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist) == VERIFIED[dist]
    except PackageNotFoundError:
        return False


@lru_cache(maxsize=1)
def _vader():
    """VADER's analyser, built once per process."""
    if _verified("vaderSentiment"):
        from .sentiment_lexicons import FastVader

        return FastVader()
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _sign(x: float) -> int:
    return 0 if abs(x) <= NEUTRAL else (1 if x > 0 else -1)


@lru_cache(maxsize=1)
def _pattern():
    """TextBlob's default (PatternAnalyzer) scorer, called once per text instead of TextBlob's twice."""
    if _verified("textblob"):
        from .sentiment_lexicons import fast_pattern

        return fast_pattern()
    from textblob.en import sentiment

    return sentiment


MEMO_TEXTS = 262_144  # wire copies repeat quotes across outlets: each worker scores a text once per run ...
MEMO_CHARS = (
    32_000_000  # ... while the texts kept hold at most this many characters (the memo lives as long as
)
# the process: in the dashboard's server, as long as the server)


def _score_quote(text: str) -> Tone:
    """Both lenses on one text (empty text scores 0). Same numbers as TextBlob(text).sentiment_assessments."""
    if not text.strip():
        return Tone(0.0, 0.0, 0.0, "", False)
    a = _pattern()(text)
    polarity, subjectivity = a
    words = "; ".join(f"{' '.join(w)} ({p:+.2f})" for w, p, _s, _l in a.assessments)
    v = _vader().polarity_scores(text)["compound"]
    pa, va = _sign(polarity), _sign(v)
    return Tone(float(polarity), float(subjectivity), float(v), words, pa != 0 and va != 0 and pa != va)


score_quote = BoundedMemo(MEMO_TEXTS, MEMO_CHARS).memoised(_score_quote)


def score_quotes(quotes: Sequence[Quote]) -> list[Quote]:
    """The sentiment stage: quotes with their tone columns filled, each distinct text scored once.

    ``score_quote``'s memo keeps the scores across articles, so a worker scores a text once per run however
    many outlets carry the quote."""
    tones = {text: score_quote(text) for text in dict.fromkeys(q.text for q in quotes)}
    return [
        q._replace(
            polarity=t.polarity,
            subjectivity=t.subjectivity,
            vader_compound=t.vader,
            sentiment_words=t.words,
            lenses_disagree=t.disagree,
        )
        for q in quotes
        for t in (tones[q.text],)
    ]
