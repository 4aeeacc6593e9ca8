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


def split_sentences(text: str, protected: Sequence[tuple[int, int]] = ()) -> list[Span]:
    """Split text into sentence spans (stripped of surrounding white space).

    Args:
        text: any text; line breaks are hard boundaries.
        protected: (start, end) spans inside which no sentence may end.

    Returns:
        Spans covering every non-blank stretch of text, in order.
    """
    cuts: list[int] = []
    inside = sorted(protected)
    starts = [s for s, _ in inside]
    for m in _STOP.finditer(text):
        end = m.end()
        nxt = _NEXT.match(text, end)
        if not nxt:
            continue
        if _is_abbreviation(text, m.start()):
            continue
        k = bisect.bisect_left(starts, m.start()) - 1  # the last protected span opening before the stop
        if k >= 0 and m.end() < inside[k][1]:
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


def paragraphs(text: str) -> Iterable[Span]:
    """Spans of the non-blank lines of text."""
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            yield Span(m.start(), m.end())
