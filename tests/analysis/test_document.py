"""The article document (built once, read by every extractor), the attribution walk's results and the sentiment stage."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import analysis.sentences as sentences_mod
import analysis.sentiment as sentiment_mod
from analysis.actors import matcher
from analysis.document import build
from analysis.extract import analyse_article
from analysis.quotes import attribute, extract_quotes
from analysis.schemas import Article
from analysis.sentences import paragraphs, sentences_within, split_sentences
from analysis.sentiment import MEMO_TEXTS, score_quote, score_quotes

TEXT = (
    'Russian Foreign Minister Sergei Lavrov said: "We want peace. We do not want war."\n'
    "Russia has massed more than 100,000 troops near the border, U.S. officials said.\n"
    "Pavel Orlikov, a farmer near Kharkiv, spoke to reporters.\n"
    "We are afraid. We have nowhere to go, Orlikov said."
)


def article(text, aid="a"):
    return Article(aid, "s", "", None, "none", "", "", text, len(text.split()))


class _CountingPattern:
    """A stand-in for a compiled pattern that counts the passes made over a text."""

    def __init__(self, real):
        self.real, self.passes = real, 0

    def finditer(self, *args, **kwargs):
        self.passes += 1
        return self.real.finditer(*args, **kwargs)


def test_an_article_is_split_into_sentences_once(monkeypatch):
    stops = _CountingPattern(sentences_mod._STOP)
    monkeypatch.setattr(sentences_mod, "_STOP", stops)
    mentions, troops, quotes = analyse_article(article(TEXT))
    assert stops.passes == 1  # quote marks, missing-mark quotes, attribution and troop figures share it
    assert [t.value for t in troops] == [100_000]
    assert {q.quote_marks for q in quotes} == {"present", "missing"}  # both paths that read sentences ran


def test_the_document_holds_both_sentence_lists():
    doc = build(article(TEXT), matcher())
    quote = doc.quote_spans[0]
    assert doc.text[quote.start : quote.end] == "We want peace. We do not want war."
    inside = [s for s in doc.sentences if s.start < quote.end and quote.start < s.end]
    assert len(inside) == 1  # no sentence ends inside the quotation
    assert doc.text[inside[0].start : inside[0].end].startswith("Russian Foreign Minister")
    plain = [doc.text[s.start : s.end] for s in doc.plain_sentences]
    assert 'We do not want war."' in plain  # the plain split cuts the quotation
    assert list(doc.plain_sentences) == split_sentences(TEXT)
    assert list(doc.paragraphs) == list(paragraphs(TEXT))
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.mentions = ()  # type: ignore[misc]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", "B", " ", "1", ".", "!", '"', "”", "\n", ",", "Mr.", "No.", " 5", "U.S.", " J."]
        ),
        max_size=60,
    ),
    st.data(),
)
def test_sentences_within_a_paragraph_are_those_of_its_text(parts, data):
    text = "".join(parts)
    plain = split_sentences(text)
    for p in paragraphs(text):
        hi = data.draw(st.integers(p.start, p.end))
        expected = [(s.start + p.start, s.end + p.start) for s in split_sentences(text[p.start : hi])]
        assert sentences_within(text, plain, p.start, hi) == expected


def test_attribution_returns_what_it_learned_and_writes_nothing():
    doc = build(article(TEXT), matcher())
    before = dataclasses.replace(doc)
    walked = attribute(doc)
    assert [a.speaker for a in walked.attributions] == ["Sergei Lavrov", "Pavel Orlikov"]
    assert "Pavel Orlikov" in walked.new_people and walked.new_people["Pavel Orlikov"].type == "person"
    assert doc == before
    assert attribute(doc) == walked  # no state is left behind for a second walk


def test_an_unnamed_official_is_remembered_as_the_last_official():
    text = 'The Russian foreign minister said: "We want peace."'
    walked = attribute(build(article(text), matcher()))
    assert walked.attributions[0].speaker == "Russia"
    assert walked.last_official == "Russia"


def test_quote_finding_leaves_tone_to_the_sentiment_stage():
    text = '"This is a terrible, dangerous idea," Lavrov said.'
    (q,) = extract_quotes(build(article(text), matcher()))[0]
    assert (q.polarity, q.subjectivity, q.vader_compound, q.sentiment_words, q.lenses_disagree) == (
        0.0,
        0.0,
        0.0,
        "",
        False,
    )
    (scored,) = score_quotes([q])
    tone = score_quote(q.text)
    assert scored.polarity == tone.polarity < 0 and scored.vader_compound == tone.vader < 0
    assert scored.sentiment_words == tone.words and "terrible" in scored.sentiment_words
    assert scored._replace(polarity=0.0, subjectivity=0.0, vader_compound=0.0, sentiment_words="") == q


def test_the_sentiment_stage_scores_each_distinct_text_once(monkeypatch):
    calls = []

    def counting(text):
        calls.append(text)
        return score_quote(text)

    monkeypatch.setattr(sentiment_mod, "score_quote", counting)
    texts = ["We want peace.", "This is a terrible idea.", "We want peace."]
    quotes = [q for t in texts for q in extract_quotes(build(article(f'"{t}" Lavrov said.'), matcher()))[0]]
    scored = score_quotes(quotes)
    assert sorted(calls) == sorted(set(texts))
    assert [q.text for q in scored] == texts and scored[0].polarity == scored[2].polarity


def test_the_memo_keeps_a_run_of_texts():
    assert MEMO_TEXTS == 262_144 and score_quote.cache_info().maxsize == MEMO_TEXTS
    text = "An entirely new quote text, seen once by this test: dreadful."
    misses = score_quote.cache_info().misses
    quotes = [q for q in extract_quotes(build(article(f'"{text}" Lavrov said.'), matcher()))[0]]
    score_quotes(quotes)
    score_quotes(quotes)  # the next article carrying the same quote is not scored again
    assert score_quote.cache_info().misses == misses + 1
