"""Where the quotations are: quote marks classed and paired, and speech whose marks were lost.

Quote marks: straight and curly double quotes, guillemets, and single quotes where they mark speech
(a paragraph without double quotes). Marks are classed as opening or closing by what stands around
them, then paired within a paragraph. An opening mark left open at a paragraph's end runs to that end
(news style continues the quote in the next paragraph's opening mark). A closing mark with no opening
mark is a ``closing_only`` quote (a scraper lost the opening mark): it reaches back to the nearest
article, conjunction or preposition. A paragraph that ends ", she said." / ", it said." / "said in a
statement." with first-person speech before it and no marks at all is a quote with
``quote_marks = missing``. Unbalanced marks never abort.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from . import lexicons
from .attribution import reporting_verbs, verb_set
from .sentences import Span, Stop, paragraphs, sentence_stops, sentences_within, split_sentences

OPEN_DOUBLE = "“„«‟"
_TITLE_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "or",
        "by",
        "with",
        "from",
        "la",
        "le",
        "de",
    ]
)  # small words of a title
NESTED_WORDS = 5  # a double quotation inside a single-mark one is a term ("living bridge"), never longer
CLOSE_DOUBLE = "”»"
_DOUBLE_MARK = re.compile(f'[{OPEN_DOUBLE}{CLOSE_DOUBLE}"]')


@lru_cache(maxsize=1)
def first_person() -> re.Pattern:
    """First-person words (resources/first_person.txt), and "Were" opening a text (a lost apostrophe)."""
    return re.compile(rf"\b(?:{lexicons.alternation('first_person.txt')})\b|^Were\b")


@lru_cache(maxsize=1)
def attribution_tail() -> re.Pattern:
    """', she said.' ending a paragraph: who, and one of the commonest verbs (reporting_verbs.txt, @tail)."""
    return re.compile(
        r",\s+(?P<who>(?:he|she|it|they|[A-Z][^,.]{0,80}?|[A-Z][\w.]*\.?\s[^,]{0,80}?)(?:,\s*[^,]{1,80},)?)\s+"
        rf"(?P<verb>{verb_set('tail')}|told [\w ]{{1,30}}?)"
        r"(?:\s+(?:in a statement|on Twitter|in an interview|in a tweet|on \w+day|\w+day|on Facebook|on Telegram)[^.]{0,60})?"
        r"\.\s*$"
    )


@dataclass
class Mark:
    pos: int
    char: str
    role: str  # open | close


@dataclass(frozen=True)
class QuoteSpan:
    """Where a quotation is: what was found, never what was decided about it (see quotes.Attribution)."""

    start: int  # inner text start
    end: int
    marks: str  # present | closing_only | missing
    para: int
    open_pos: int  # position of the opening mark (== start for missing/closing_only)
    close_pos: int  # position after the closing mark (== end when none)
    continues: bool = False  # left open at the paragraph's end


# ---------------------------------------------------------------- finding quote spans


def classify_marks(text: str, start: int, end: int) -> list[Mark]:
    """Double quote marks in text[start:end], each classed as opening or closing."""
    marks = []
    for hit in _DOUBLE_MARK.finditer(text, start, end):
        i, c = hit.start(), hit.group()
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if c in OPEN_DOUBLE:  # a curly mark set the wrong way round ("way.“ Next") is read by its place
            marks.append(
                Mark(i, c, "close" if after.isspace() and (before.isalnum() or before in ".,!?") else "open")
            )
        elif c in CLOSE_DOUBLE:
            marks.append(
                Mark(i, c, "open" if (before.isspace() or i == start) and after.isalnum() else "close")
            )
        elif c == '"':
            before = text[i - 1] if i > start else " "
            after = text[i + 1] if i + 1 < end else " "
            if before.isspace() or before in "([{—–-/:" or i == start:
                marks.append(Mark(i, c, "open" if not after.isspace() else "close"))
            elif after.isspace() or after in ".,;:!?)]}—–-" or i + 1 == end:
                marks.append(Mark(i, c, "close"))
            else:
                marks.append(Mark(i, c, "open" if before in "“'‘" else "close"))
    return marks


_SINGLE_MARK = re.compile(r"(?<![\w’'])[‘'](?=[A-Za-z0-9])|(?<=[\w.,!?])[’'](?![\w’'])")


def _may_open_single(seg: str) -> bool:
    """Could ``seg`` hold a single mark ``single_marks`` classes as opening (a quick test before its pattern:
    most apostrophes follow a letter)?"""
    if "‘" in seg:
        return True
    i = seg.find("'")
    while i >= 0:  # one look per apostrophe: the pattern's opening mark follows no word character
        if i == 0 or not seg[i - 1].isalnum():  # as single_marks classes a mark "open"
            return True
        i = seg.find("'", i + 1)
    return False


def single_marks(text: str, start: int, end: int) -> list[Mark]:
    """Single quote marks used as speech marks (British style), only where they pair up."""
    marks = []
    for m in _SINGLE_MARK.finditer(text, start, end):
        i = m.start()
        marks.append(
            Mark(
                i,
                text[i],
                "open"
                if m.group() == "‘" or (m.group() == "'" and (i == start or not text[i - 1].isalnum()))
                else "close",
            )
        )
    return marks


@lru_cache(maxsize=1)
def _narration() -> re.Pattern:
    """A sentence of narration: "Ms Lind", or a capitalised name and a verb (reporting_verbs.txt, @narration)."""
    return re.compile(rf"\b(?:Mr|Ms|Mrs|Dr)\.?\s+[A-Z]|\b[A-Z][a-z]+\s+(?:{verb_set('narration')})\b")


def _run_on_end(text: str, start: int, end: int) -> int:
    """Where a quote whose closing mark was lost ends: before the first later sentence that is narration
    ("Ms Lind posted a short video"), when the span runs long."""
    if end - start <= 300:
        return end
    for stop in re.finditer(r"[.!?](?=\s+[A-Z])", text[start:end]):
        nxt = start + stop.end()
        sent_end = re.search(r"[.!?](?:\s|$)", text[nxt:end])
        if _narration().search(text, nxt, nxt + (sent_end.end() if sent_end else 200)):
            return nxt
    return end


def pair_marks(marks: list[Mark], para: int, pstart: int, pend: int, text: str = "") -> list[QuoteSpan]:
    """Pair opening and closing marks; a lone closing mark is closing_only, a lone opening one runs to the end.

    Straight marks nested in straight marks ('"Although "careful restraint" is ...," said X') pair as one outer
    quote: an opening mark while one is open, followed by two closing marks, is an inner quote.
    """
    spans: list[QuoteSpan] = []
    open_at: Mark | None = None
    skip = 0
    for i, mk in enumerate(marks):
        if skip:
            skip -= 1
            continue
        if mk.role == "open":
            if open_at is None:
                open_at = mk
            elif (
                i + 2 < len(marks)
                and marks[i + 1].role == "close"
                and marks[i + 2].role == "close"
                and mk.char == open_at.char == marks[i + 1].char == '"'
                and marks[i + 1].pos - mk.pos < 80
            ):
                skip = 1  # a nested quote inside the open one: its marks are part of the outer quote
            else:  # an opening mark while one is open: the earlier one was never closed
                end = _run_on_end(text, open_at.pos + 1, mk.pos) if text else mk.pos
                spans.append(QuoteSpan(open_at.pos + 1, end, "present", para, open_at.pos, end))
                open_at = mk
        else:
            if open_at is not None:
                spans.append(QuoteSpan(open_at.pos + 1, mk.pos, "present", para, open_at.pos, mk.pos + 1))
                open_at = None
            else:
                spans.append(QuoteSpan(pstart, mk.pos, "closing_only", para, mk.pos, mk.pos + 1))
    if open_at is not None:
        spans.append(QuoteSpan(open_at.pos + 1, pend, "present", para, open_at.pos, pend, continues=True))
    return spans


def _closing_only_start(text: str, sent_start: int, close: int) -> int:
    """Where a quote whose opening mark was lost begins: back to an article, conjunction or preposition."""
    words = list(re.finditer(r"\S+", text[sent_start:close]))
    if not words:
        return close
    for k in range(len(words) - 1, -1, -1):
        taken = len(words) - k
        if k == 0:
            return sent_start + words[0].start()
        prev = words[k - 1].group().lower().strip(",;:")
        if taken >= 2 and (
            prev in lexicons.words("quote_anchors.txt")
            or prev in reporting_verbs()
            or words[k - 1].group().endswith((":", ";"))
        ):
            return sent_start + words[k].start()
    return sent_start + words[0].start()


def _missing_mark_quote(text: str, para: Span, idx: int, plain: Sequence[Span]) -> QuoteSpan | None:
    """A paragraph of unmarked first-person speech ending in ", she said." (scraped text lost its marks).

    ``plain``: the text's sentences split without protected spans."""
    tail = attribution_tail().search(text, para.start, para.end)
    if not tail:
        return None
    body_end = tail.start()
    block = []
    for s in reversed(sentences_within(text, plain, para.start, body_end)):
        stext = text[s.start : s.end]
        if (
            block
            and re.search(rf"\b(?:{verb_set('narration_sentence')})\b", stext)
            and not first_person().search(stext)
        ):
            break
        block.insert(0, s)
    if not block:
        return None
    qs, qe = block[0].start, body_end
    if not first_person().search(text[qs:qe]):
        return None
    return QuoteSpan(qs, qe, "missing", idx, qs, qe)


def _with_single_quotes(
    text: str, doubles: list[QuoteSpan], singles: list[Mark], idx: int, para: Span
) -> list[QuoteSpan]:
    """A paragraph with double marks may hold speech in single marks too (British papers nest "..." in '...',
    and a scraped article is one paragraph): each single-mark pair outside every double quotation, closed by a
    single mark or running to the next one after a sentence's end, of two words or more, is a quotation; a double
    quotation inside one is part of it."""
    if not singles:
        return doubles
    taken = []
    for s in pair_marks(singles, idx, para.start, para.end):
        words = text[s.start : s.end].split()
        if s.marks != "present" or s.continues or len(words) < 2:
            continue
        if all(w[:1].isupper() or not w[:1].isalpha() or w.lower() in _TITLE_SMALL for w in words):
            continue  # a title in single marks ('The Ingraham Angle', 'Politics and Eggs'), not speech
        closed = text[s.close_pos - 1 : s.close_pos] in "'’"
        run_on = not closed and text[s.start : s.end].rstrip()[-1:] in ".!?"
        if not (closed or run_on):
            continue
        if any(
            d.open_pos < s.open_pos < d.close_pos or d.open_pos < s.close_pos - 1 < d.close_pos
            for d in doubles
        ):
            continue  # inside a double quotation, or across one's mark: an apostrophe or a nested quote
        inner = [d for d in doubles if s.open_pos < d.open_pos and d.close_pos <= s.close_pos]
        if any(len(text[d.start : d.end].split()) > NESTED_WORDS for d in inner):
            continue  # it holds a whole double quotation: two apostrophes, not speech marks
        taken.append(s)
    if not taken:
        return doubles
    kept = [
        d for d in doubles if not any(t.open_pos < d.open_pos and d.close_pos <= t.close_pos for t in taken)
    ]
    return sorted(kept + taken, key=lambda q: q.open_pos)


def find_quote_spans(
    text: str,
    paras: Sequence[Span] | None = None,
    stops: Sequence[Stop] | None = None,
    plain: Sequence[Span] | None = None,
) -> tuple[list[QuoteSpan], list[Span]]:
    """Quote spans, and the sentences of the text with none ending inside a quotation.

    ``paras``, ``stops`` and ``plain`` (the text's paragraphs, ``sentence_stops`` and sentences split without
    protected spans) are taken from the caller when it has them (``document.build`` does), else found here."""
    if paras is None:
        paras = list(paragraphs(text))
    if stops is None:
        stops = sentence_stops(text)
    spans: list[QuoteSpan] = []
    for idx, p in enumerate(paras):
        marks = classify_marks(text, p.start, p.end)
        found = pair_marks(marks, idx, p.start, p.end, text)
        if marks and _may_open_single(text[p.start : p.end]):
            found = _with_single_quotes(text, found, single_marks(text, p.start, p.end), idx, p)
        if not marks:
            singles = single_marks(text, p.start, p.end)
            found = [
                s
                for s in pair_marks(singles, idx, p.start, p.end)
                if s.marks == "present" and not s.continues and len(text[s.start : s.end].split()) >= 2
            ]
            if not found:
                if plain is None:
                    plain = split_sentences(text, stops=stops)
                mq = _missing_mark_quote(text, p, idx, plain)
                found = [mq] if mq else []
        spans.extend(found)
    if spans:
        sentences = split_sentences(text, [(s.open_pos, s.close_pos) for s in spans], stops)
    else:  # nothing to protect: the plain sentences
        sentences = list(plain) if plain is not None else split_sentences(text, stops=stops)
    starts = [x.start for x in sentences]
    fixed: list[QuoteSpan] = []
    for s in spans:
        if s.marks == "closing_only":
            k = bisect.bisect_right(starts, s.end) - 1  # the sentence holding the closing mark
            lo = sentences[k].start if k >= 0 and s.end <= sentences[k].end + 1 else s.start
            start = _closing_only_start(text, max(lo, paras[s.para].start, s.end - 400), s.end)
            s = QuoteSpan(start, s.end, s.marks, s.para, start, s.end + 1, s.continues)
        raw = text[s.start : s.end]
        if not "".join(raw.split()).strip(",.;:—–-"):  # only white space and punctuation (\r included)
            continue
        # trim white space inside the marks so the text starts and ends on a character
        lead, trail = len(raw) - len(raw.lstrip()), len(raw) - len(raw.rstrip())
        fixed.append(
            QuoteSpan(s.start + lead, s.end - trail, s.marks, s.para, s.open_pos, s.close_pos, s.continues)
            if lead or trail
            else s
        )
    return fixed, sentences
