"""A sentence splitter that needs no downloaded data.

Rules: a sentence ends at . ! ? (plus any closing quotes or brackets) followed by
white space and an upper-case letter, digit or opening quote, unless the word
before the stop is a known abbreviation (resources/abbreviations.txt: Mr., Sen., Dec.) or a single
initial (John F. Kennedy). A line break always ends a sentence. Stops inside the
protected spans given by the caller (quotations) never end a sentence.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from . import lexicons

_STOP = re.compile(r"[.!?…]+[\"'”’»)\]]*")
_NEXT = re.compile(r"\s+(?=[\"'“‘«(\[]?[A-Z0-9])")


class Span(NamedTuple):
    start: int
    end: int


def _word_before(text: str, pos: int) -> str:
    """The token (letters, dots) that ends right before text[pos]."""
    i = pos
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "."):
        i -= 1
    return text[i:pos]


def _is_abbreviation(text: str, stop: int) -> bool:
    if text[stop] != ".":
        return False
    word = _word_before(text, stop)
    if not word:
        return False
    low = word.lower().strip(".")
    if low in ("no", "nos", "vol", "art"):  # "No. 1", but not a sentence ending in "No."
        return bool(re.match(r"\s*\d", text[stop + 1 : stop + 4]))
    if low in lexicons.words("abbreviations.txt"):
        return True
    # a single initial (John F. Kennedy) or a dotted acronym (U.S., D.C.)
    return len(word) == 1 and word.isupper() or bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word))


Stop = tuple[int, int]  # (start, end) of a stop that ends a sentence unless a quotation holds it


def sentence_stops(text: str) -> list[Stop]:
    """Every stop that ends a sentence when no quotation holds it: followed by white space and a capital,
    digit or opening quote, and no abbreviation or initial. The one regex pass over the text; the sentences
    with and without protected spans are both cut from it (``split_sentences``)."""
    stops = []
    for m in _STOP.finditer(text):
        if _NEXT.match(text, m.end()) and not _is_abbreviation(text, m.start()):
            stops.append((m.start(), m.end()))
    return stops


def split_sentences(
    text: str, protected: Sequence[tuple[int, int]] = (), stops: Sequence[Stop] | None = None
) -> list[Span]:
    """Split text into sentence spans (stripped of surrounding white space).

    Args:
        text: any text; line breaks are hard boundaries.
        protected: (start, end) spans inside which no sentence may end.
        stops: ``sentence_stops(text)``, when the caller has it (splitting the same text twice, with and
            without protected spans, then reads it once).

    Returns:
        Spans covering every non-blank stretch of text, in order.
    """
    cuts: list[int] = []
    inside = sorted(protected)
    starts = [s for s, _ in inside]
    for start, end in sentence_stops(text) if stops is None else stops:
        k = bisect.bisect_left(starts, start) - 1  # the last protected span opening before the stop
        if k >= 0 and end < inside[k][1]:
            continue  # inside a quotation (a stop right before its closing mark may still end the sentence)
        cuts.append(end)
    for m in re.finditer(r"\n", text):
        cuts.append(m.start())
    bounds = sorted(set([0, *cuts, len(text)]))
    spans = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if b - trail > a + lead:
            spans.append(Span(a + lead, b - trail))
    return spans


STOP_LOOKAHEAD = 4  # a sentence stop is decided by at most this many characters after it (a mark, a capital)


def sentences_within(text: str, sentences: Sequence[Span], lo: int, hi: int) -> list[Span]:
    """The sentences of text[lo:hi] (offsets into text), cut from the text's own ``sentences`` (split without
    protected spans) instead of splitting again: the same spans as ``split_sentences(text[lo:hi])`` shifted by
    lo, when lo starts a line (a stop right before hi that the shorter text cannot end on leaves only white
    space after it, which is stripped either way)."""
    out = []
    for s in sentences[bisect.bisect_left(sentences, (lo, lo)) :]:
        if s.start >= hi:
            break
        if s.end > hi and hi - s.start <= STOP_LOOKAHEAD and out:
            # the stop before this sentence was decided by what follows it ('Mr. "B'), which the shorter text
            # does not hold: split the shorter text itself
            return [Span(x.start + lo, x.end + lo) for x in split_sentences(text[lo:hi])]
        end = min(s.end, hi)
        while end > s.start and text[end - 1].isspace():
            end -= 1
        if end > s.start:
            out.append(Span(s.start, end))
    return out


def paragraphs(text: str) -> Iterable[Span]:
    """Spans of the non-blank lines of text."""
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            yield Span(m.start(), m.end())
