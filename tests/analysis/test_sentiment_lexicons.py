"""The faster scorers give exactly the libraries' numbers (analysis/sentiment_lexicons.py)."""

from __future__ import annotations

import subprocess
import sys
import zlib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal
from textblob.en import parser as library_parser
from textblob.en import sentiment as library_pattern
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis import sentiment
from analysis.dedupe import WORD, word_hashes
from analysis.io import read_tables
from analysis.schemas import conform, to_frame
from analysis.sentiment_lexicons import FastVader, fast_pattern, find_tokens_of, textblob_text_module

ROOT = Path(__file__).resolve().parents[2]

# each reaches a rule of VADER or Pattern: negation before a lexicon word (1, 2, 3 words back), "never so",
# "without doubt", "no" as negation and as a word, "least", boosters and dampeners (also in capitals),
# capitals for emphasis, idioms and special cases, "kind of", "but", ! and ?, emoji, emoticons, contractions,
# abbreviations, curly quotes, paragraph breaks, sarcasm marks
HAND_MADE = [
    "",
    "   ",
    "The meeting took place.",
    "Not bad at all",
    "It isn't a horrible plan.",
    "He didn't like it one bit",
    "never so good",
    "never this bad",
    "without doubt good",
    "without any doubt good",
    "no good",
    "no, or good",
    "no nor bad",
    "no no no good",
    "at least good",
    "very least good",
    "least good",
    "the shit is the bomb",
    "kiss of death",
    "yeah right great",
    "sort of good",
    "kind of bad",
    "The book was only kind of good.",
    "It is NOT good!!",
    "what??? bad",
    "bad?? good????",
    "bad but good but bad",
    "good but",
    "GOOD good",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "EXTREMELY bad",
    "extremely BAD news",
    "Make sure you :) or :D today!",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "😁😁 wow😁",
    "it was cut the mustard good",
    "seldom good",
    "despite the great win",
    "not really good",
    "really not good",
    "very good!",
    "good (!)",
    "bad :-)",
    "terribly nice",
    "he'd've",
    "I can't stand it",
    "won't be great... ever",
    "U.S. officials said it is good.",
    "e.g. awful",
    "\n\nterrible\r\nthing",
    ":D :( ;-)",
    "a 10/10 wonderful day",
    "never ever nice",
    "“Curly” ‘single’ it’s fine",
    "( ! ) ok",
    "He said: 'Don't!' (Really?) ...and then... U.S.A. etc. T. De Smedt",
]


def _pattern_key(score) -> tuple:
    return score[0], score[1], score.assessments


@pytest.fixture(scope="module")
def scorers():
    return FastVader(), SentimentIntensityAnalyzer(), fast_pattern()


@pytest.mark.parametrize("text", HAND_MADE)
def test_hand_made_texts_score_as_the_libraries_do(scorers, text):
    fast_vader, library_vader, pattern = scorers
    assert fast_vader.polarity_scores(text) == library_vader.polarity_scores(text)
    assert _pattern_key(pattern(text)) == _pattern_key(library_pattern(text))


@pytest.mark.parametrize("text", HAND_MADE)
def test_tokenizer_gives_the_libraries_sentences(text):
    assert find_tokens_of(textblob_text_module()[0])(text) == library_parser.find_tokens(text)


# words that reach Pattern's and VADER's rules (known, modifiers, negations, "!", "(!)", emoticons, "but",
# "least", capitals), to be shuffled with arbitrary text
RULE_WORDS = [
    "good",
    "bad",
    "very",
    "really",
    "not",
    "no",
    "never",
    "n't",
    "terribly",
    "!",
    "(!)",
    ":D",
    ":-)",
    "<3",
    "but",
    "least",
    "VERY",
    "GOOD",
    "kind of",
    "is",
    "a",
    "'",
    "...",
    "?",
    "\n\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(RULE_WORDS), st.text(max_size=8)), max_size=25))
def test_arbitrary_texts_score_as_the_libraries_do(scorers, parts):
    fast_vader, library_vader, pattern = scorers
    text = " ".join(parts)
    assert _pattern_key(pattern(text)) == _pattern_key(library_pattern(text))
    assert fast_vader.polarity_scores(text) == library_vader.polarity_scores(text)


def _quote_texts(folder: Path) -> list[str]:
    return list(dict.fromkeys(read_tables(folder)["quotes"]["text"].tolist()))


@pytest.mark.parametrize("folder", ["sample_out", "real_out"])
def test_every_real_quote_scores_as_the_libraries_do(scorers, folder, request):
    fast_vader, library_vader, pattern = scorers
    texts = _quote_texts(request.getfixturevalue(folder))
    assert len(texts) > 10
    assert [fast_vader.polarity_scores(t) for t in texts] == [library_vader.polarity_scores(t) for t in texts]
    assert [_pattern_key(pattern(t)) for t in texts] == [_pattern_key(library_pattern(t)) for t in texts]


def test_the_verified_versions_are_the_installed_ones():
    """The fast scorers run only on the library versions they were checked against."""
    assert sentiment._verified("textblob") and sentiment._verified("vaderSentiment")
    assert isinstance(sentiment._vader(), FastVader)


def test_scoring_a_quote_does_not_import_nltk_or_scipy():
    code = (
        "import sys; from analysis.sentiment import score_quote; score_quote('A terrible, good idea.'); "
        "print(sorted(m for m in ('nltk', 'scipy', 'textblob') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "text", ["One two three four five six.", "Ünïcode wörds, ünïcode wörds again", "", "a"]
)
def test_word_hashes_are_crc32_of_each_word(text):
    words = WORD.findall(text.lower())
    assert word_hashes(words).tolist() == [zlib.crc32(w.encode()) for w in words]
    assert word_hashes(words).dtype == "uint64"


@pytest.mark.parametrize("table", ["mentions", "troops", "quotes"])
def test_records_to_columns_gives_the_table_the_dict_path_gives(sample_out, table):
    from analysis import schemas

    df = read_tables(sample_out)[table]
    kind = {"mentions": schemas.Mention, "troops": schemas.TroopFigure, "quotes": schemas.Quote}[table]
    rows = [
        kind(
            **{
                f: (None if pd.isna(v) else v) if not isinstance(v, str) else v
                for f, v in r.items()
                if f in kind._fields
            }
        )
        for r in df.to_dict("records")
    ]
    by_dicts = conform(
        table, pd.DataFrame.from_records([r._asdict() for r in rows], columns=list(schemas.SCHEMAS[table]))
    )
    assert_frame_equal(to_frame(table, rows), by_dicts, check_exact=True)
