"""A ledger of troop-figure claims: value, qualifier, whose troops, who claims them.

A figure is a number (see numbers.py) that counts troops:

- a number, up to three modifier words, and a personnel noun (resources/troop_nouns.txt):
  "more than 90,000 troops", "12,000 well-equipped rebel fighters", "1.4 million troops";
- a force size: "a 40,000-strong force", "a 30,000-man NATO force", "an army of 210,000",
  "the army numbers 98,000", "at a strength of 100,000", "the same 60,000 figure for British troops";
- an elliptical count that refers back to troops named just before in the paragraph:
  "the 1,400 who are already there", "Russia's 850,000", "as many as 120,000".

Not figures: vague counts ("tens of thousands": no value to ledger), counts under 100 or over
``numbers.MAX_COUNT``, negative numbers, years and dates, money and percentages, and casualties or
losses ("2,800 troops killed", "the loss of 7,000 soldiers", "1,000 troops a day lost").

Qualifier: more than / over / at least = at_least; nearly / almost / up to / as many as = at_most;
about / some / around / roughly / an estimated = approx; otherwise exact. A range ("between 120,000
and 140,000", "45,000 to over 80,000") is filed under its upper bound with that bound's own
qualifier, or approx; ``low``/``high`` give the interval (null where open).

Whose troops and who claims them are decided by the attribution engine's owner and claim rules
(``attribution.figures``; the deciding rule in ``owner_rule`` and ``claim_rule``). This module keeps the numbers:
figures, ranges, qualifiers, and the casualty and vehicle filters.

Every step works in a bounded window around the figure (sentences are clipped, mentions are found by
bisection), so an article of any length or shape takes time in proportion to its length.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from . import lexicons
from .actors import trie_regex
from .attribution import figures, reporting_verbs
from .attribution.figures import _FORCE_NOUN, _deploy, _words
from .document import ArticleDoc
from .numbers import NUMBER, TENS, UNITS, VAGUE, in_range, parse_number
from .schemas import TroopFigure

# words between a number and a personnel noun: "12,000 well-equipped rebel fighters", "45,000 newly drafted soldiers"
_CASUALTY_BEFORE = re.compile(
    r"\b(?:killed|kill|killing|lost|lose|losing|losses of|loss of|toll of|wounded|"
    r"captured|destroyed|eliminated|taken out|deaths of|death of|bodies of|remains of|bodies included)[\"”’']?"
    r"\s+(?:[\w,.]+\s+){0,3}$"
    r"|\b(?:killed|killing|destroyed|deaths of|death of|losses of|loss of)\s+(?:[\w,.]+\s+){0,8}"
    r"(?:and|or)\s+(?:[\w,.]+\s+){0,3}$",
    re.I,
)
MIN_VALUE = 100
WINDOW_BEFORE, WINDOW_AFTER = 400, 300  # how far a figure's context reaches (sentences are clipped to it)
# How far each look-up reaches (characters), so an article of any shape costs time in proportion to its length:
NUMBER_BEFORE_NOUN = 200  # a figure's number stands at most this far before its personnel noun
SIZE_AFTER_NOUN = 80  # "an army of 210,000": a force noun's size follows it this closely
ELLIPSIS_AFTER_NOUN = 250  # a bare count ("the 1,400 who remain") refers back to troops named this close
CASUALTY_AFTER = 60  # "2,800 troops killed": casualty words right after the figure
RANGE_BEFORE = 40  # "between 120,000 and": a range's lower bound this close before the figure
WORD_REACH = 40  # the next word is looked for this far ahead (longer than any word)
# words a bare (elliptical) number may stand before: "the 1,400 who are already there", "Russia's 850,000 but"
_FOLLOW_OK = _words(
    "who that which are were is was have has had will would could can may might in on near at to into from "
    "along across inside but and or already now still stationed deployed massed based currently there remain "
    "remained remaining more plus including"
)
_BEFORE_OK = _words("the another additional those these its their our his her further extra to and")
_DIGITS = re.compile(
    r"(?<![\w.,$£€¥-])(?:\d{1,3}(?:,\d{3})+|\d{4,7})(?:\.\d+)?(?:\s+million\b)?(?![\w%]|\.\d|,\d)"
)
_YEAR_CONTEXT = re.compile(
    r"(?i:\b(?:in|since|from|by|until|till|of|before|after|year|early|late|mid|spring|"
    r"summer|autumn|fall|winter|during|between|and|to|through|jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|"
    r"october|november|december)\.?\s*)$"
)
_RANGE_BEFORE = re.compile(rf"(?:\b(?:between|from)\s+)?(?P<low>{NUMBER})\s*(?:-|–|to|and)\s*$")


@lru_cache(maxsize=1)
def qualifiers() -> dict[str, str]:
    """Qualifier kind (at_least, at_most, approx) -> its phrases as a regex alternation, in file order
    (resources/troop_qualifiers.txt)."""
    kinds: dict[str, list[str]] = {}
    for kind, phrase in lexicons.table("troop_qualifiers.txt"):
        kinds.setdefault(kind, []).append(re.escape(phrase))
    return {k: "|".join(v) for k, v in kinds.items()}


@lru_cache(maxsize=1)
def _qual() -> str:
    """Any qualifier phrase, in a group named by its kind (case-insensitive)."""
    return "|".join(f"(?P<{k}>\\b(?i:{v}))" for k, v in qualifiers().items())


@lru_cache(maxsize=1)
def _range_after() -> re.Pattern:
    return re.compile(rf"\s*(?:-|–|to|and|or)\s*(?:(?:{'|'.join(qualifiers().values())})\s+)?\d")


@lru_cache(maxsize=1)
def _casualty() -> re.Pattern:
    """Casualty words (resources/casualty_words.txt) and "a day" / "per day" (a rate, not a force)."""
    return re.compile(rf"\b(?:{lexicons.alternation('casualty_words.txt')})\b|\b(?:a|per)[ -]day\b", re.I)


@lru_cache(maxsize=1)
def _troop_nouns() -> list[str]:
    return sorted(lexicons.lines("troop_nouns.txt"), key=len, reverse=True)


@lru_cache(maxsize=1)
def _modifier() -> str:
    """A word that may stand between a number and its personnel noun ("40,000 additional Russian troops"): a
    capitalised word, a hyphenated one, an adjective by its ending, a listed word (resources/troop_modifiers.txt)
    or "of its own"."""
    return (
        r"(?:[A-Z][\w.'’-]*|[a-z]+(?:-[a-z]+)+|[a-z]{3,}(?:ly|ed|al|ive|ary|ic|an|ish|ese|ern|ent|ant)|"
        rf"{lexicons.alternation('troop_modifiers.txt')}|of (?:its|their|his|her|the|our) (?:own )?)"
    )


@lru_cache(maxsize=1)
def figure_regex() -> re.Pattern:
    """A number with a personnel noun, or a force size ("a 40,000-strong force")."""
    noun = "|".join(re.escape(n) for n in _troop_nouns())
    modifier = _modifier()
    military = r"military(?=\s*(?:[.,;:)\-—–\"”]|$|\s+(?:in|on|at|to|and|who|that|which|were|are|have|had|will|is|was)\b))"
    return re.compile(
        rf"(?P<num>{NUMBER})"
        rf"(?:(?P<mods>(?:\s+{modifier}){{0,3}}?)\s+(?P<noun>{noun}|{military})\b"
        rf"|\s+(?:figure|number|count|estimate)\s+(?:for|of)\s+(?:{modifier}\s+){{0,3}}(?P<noun2>{noun})\b"
        rf"|[- ](?:strong|man|member|soldier|troop)(?:\s+(?:{modifier}|[A-Z][\w.'’-]*)){{0,4}}\s+"
        rf"(?P<force>(?i:{_FORCE_NOUN})|{noun})\b)"
    )


@lru_cache(maxsize=1)
def _size_regex() -> re.Pattern:
    """A force's size stated after it: "an army of 210,000", "the army numbers 98,000", "a strength of"."""
    return re.compile(
        rf"\b(?:{_FORCE_NOUN}|(?:troop|force|fighting|combat)\s+strength|strength)\s+"
        rf"(?:of|numbering|numbers|numbered|totals?|totall?ing|totall?ed|estimated at|put at|stands at|"
        rf"standing at|that numbers|which numbers|of some|of about|of around)\s+"
        rf"(?:(?:{_qual()})\s+)?(?P<num>{NUMBER})(?![\w,-]|\.\d)"
    )


@lru_cache(maxsize=1)
def _noun_regex() -> re.Pattern:
    """Personnel and force nouns, as a prefix trie (one pass over the article)."""
    force = ["army", "armies", "force", "forces", "contingent", "garrison"]
    words = {
        *_troop_nouns(),
        *force,
        *(w.capitalize() for w in force),
        "military",
        "strength",
        "strong",
        "man",
    }
    return re.compile(r"\b(?:" + trie_regex(words) + r")\b")


_SIZE_NOUNS = _words(
    "army armies force forces contingent garrison strength military brigade division corps deployment militia"
)


class _Hit(NamedTuple):
    start: int
    end: int
    num_start: int
    num_end: int
    qualifier: str
    kind: str  # noun | size | ellipsis


def _qualifier(hit: re.Match) -> str:
    for k in qualifiers():
        if hit.group(k):
            return k
    return "exact"


@lru_cache(maxsize=1)
def _qual_end() -> re.Pattern:
    return re.compile(rf"(?:{_qual()})\s+$")


def _qual_before(text: str, pos: int) -> tuple[int, str]:
    """A qualifier phrase ending right before pos: (its start, its kind), or (pos, "exact").

    The longest wins ("no more than" is at_most, not "more than")."""
    lo = max(0, pos - 30)
    best = None
    for start in range(lo, pos):  # at most 30 anchored tries, each cheap
        if start > lo and text[start - 1].isalnum():
            continue
        q = _qual_end().match(text, start, pos)
        if q:
            best = q
            break
    if best is None:
        return pos, "exact"
    return best.start(), _qualifier(best)


# the words a number may start with: numbers.py's units (not "zero"), tens and the first words of its vague amounts
_NUMBER_WORDS = [w for w in UNITS if w != "zero"] + list(TENS) + sorted({k.split()[0] for k in VAGUE})
# where a number may start: a digit, or a number word (a prefix trie: far faster than an alternation)
_NUM_START = re.compile(
    r"(?<![\w.,])(?:\d|(?:"
    + trie_regex(
        _NUMBER_WORDS
        + [w.capitalize() for w in _NUMBER_WORDS]
        + [f"{a} {b}" for a in ("a", "A", "half a", "Half a") for b in ("hundred", "thousand", "million")]
    )
    + r")\b)"
)


def _is_year(text: str, num_start: int, num: str, qualifier: str) -> bool:
    """A year ("in 2014 troops", "since 2014") is never a figure; a qualified one ("some 2000 troops") may be."""
    if not re.fullmatch(r"1[89]\d\d|20\d\d", num) or qualifier != "exact":
        return False
    return bool(_YEAR_CONTEXT.search(text, max(0, num_start - 14), num_start)) or not re.search(
        r"\b(?:the|a|another|an|additional|with|deploy\w*|sen[dt]\w*|mass\w*|has|have|had|of)\s+$",
        text[max(0, num_start - 20) : num_start],
    )


def _next_word(text: str, pos: int) -> str:
    word = re.match(r"\s*([\w'’]+|\S)?", text[pos : pos + WORD_REACH])
    return (word.group(1) or "") if word else ""


def _elliptical(text: str, lo: int, hi: int, taken: list[tuple[int, int]], t_starts: list[int]) -> list[_Hit]:
    """Bare counts after troops were named: "the 1,400 who remain", "Russia's 850,000", "as many as 120,000"."""
    out = []
    for d in _DIGITS.finditer(text, lo, hi):
        s, e = d.start(), d.end()
        k = bisect.bisect_left(t_starts, e)
        if any(a < e and s < b for a, b in taken[max(0, k - 3) : k]):
            continue
        nxt = _next_word(text, e)
        if nxt and (nxt[0].isalnum() and nxt.lower() not in _FOLLOW_OK or nxt in ("%", "$")):
            continue
        if nxt in ("-", "–") and re.match(r"\s*[-–]\s*\d", text[e : e + 6]):
            continue
        if nxt.lower() in ("to", "and", "or") and _range_after().match(text, e):
            continue  # the lower bound of a range
        q_start, qual = _qual_before(text, s)
        before = text[max(0, q_start - 30) : q_start].split()
        prev = before[-1].lower() if before else ""
        if not (
            qual != "exact" or prev in _BEFORE_OK or re.search(r"['’]s?$", prev) or _deploy().fullmatch(prev)
        ):
            continue
        if prev in ("to", "and") and not re.search(
            rf"{NUMBER}\s*(?:to|and)$", text[max(0, q_start - RANGE_BEFORE) : q_start].rstrip()
        ):
            continue  # "to 100,000" is only a count as the top of a range
        out.append(_Hit(q_start, e, s, e, qual, "ellipsis"))
    return out


def _find_hits(text: str) -> list[_Hit]:
    """Candidate figures: the figure regex is tried only where a number starts within 200 characters before a
    personnel noun, anchored there (one cheap attempt per number, however long the text)."""
    rx, size = figure_regex(), _size_regex()
    best: dict[tuple[int, int], _Hit] = {}
    nouns = list(_noun_regex().finditer(text))
    if not nouns:
        return []
    n_starts = [n.start() for n in nouns]
    nums: list[int] = []
    scanned = 0
    for n in nouns:  # numbers only in the 200 characters before each noun (and 80 after a force noun)
        lo, hi = max(scanned, n.start() - NUMBER_BEFORE_NOUN), n.end() + SIZE_AFTER_NOUN
        if hi > lo:
            nums.extend(hit.start() for hit in _NUM_START.finditer(text, lo, hi))
            scanned = hi
    last_end = -1
    for p in nums:
        if p < last_end:
            continue  # inside the number just read ("one hundred and seventy-five thousand")
        k = bisect.bisect_left(n_starts, p)
        if k == len(n_starts) or n_starts[k] - p > NUMBER_BEFORE_NOUN:
            continue
        figure = rx.match(text, p)
        if figure:
            last_end = figure.end("num")
            q_start, qual = _qual_before(text, p)
            key = (figure.start("num"), figure.end("num"))
            best[key] = _Hit(q_start, figure.end(), *key, qual, "noun")
    for noun in nouns:
        if not noun.group()[:1].isalpha() or noun.group().lower() not in _SIZE_NOUNS:
            continue
        j = bisect.bisect_left(nums, noun.end())
        if j == len(nums) or nums[j] - noun.end() > SIZE_AFTER_NOUN:
            continue
        for size_hit in size.finditer(text, noun.start(), min(len(text), noun.end() + SIZE_AFTER_NOUN)):
            nxt = _next_word(text, size_hit.end())
            if (size_hit.start() == noun.start() or size_hit.start() < noun.end()) and not (
                nxt[:1].isalpha() and nxt[:1].islower() and nxt not in _FOLLOW_OK
            ):  # not "a force of 300 tanks"
                key = (size_hit.start("num"), size_hit.end("num"))
                best.setdefault(
                    key, _Hit(size_hit.start(), size_hit.end(), *key, _qualifier(size_hit), "size")
                )
    taken = sorted((h.num_start, h.num_end) for h in best.values())
    t_starts = [a for a, _ in taken]
    last = -1
    for noun in nouns:  # elliptical counts: up to 250 characters after a personnel noun, same paragraph
        if noun.group() in ("man", "strong", "strength", "force", "army", "military"):
            continue
        lo = max(noun.end(), last)
        nl = text.find("\n", lo, noun.end() + ELLIPSIS_AFTER_NOUN)
        hi = min(len(text), noun.end() + ELLIPSIS_AFTER_NOUN) if nl < 0 else nl
        if hi > lo:
            for h in _elliptical(text, lo, hi, taken, t_starts):
                best.setdefault((h.num_start, h.num_end), h)
        last = max(last, hi)
    return sorted(best.values(), key=lambda h: h.num_start)


_CASUALTY_TOTAL = re.compile(
    r"\b(?:losses|casualties|death toll|toll|dead|deaths|killed|wounded)\b[^.;:]{0,60}?\b(?:stand|stands|"
    r"stood|reached|reach|reaches|total|totals|totalled|totaled|rose|risen|climbed|is|are|was|"
    r"were|at|of)\s+(?:\w+\s+){0,2}$",
    re.I,
)
_VEHICLE_AFTER = re.compile(r"[ \u00a0-]*(?:carriers?|vehicles?|transporters?|carriages?)\b", re.I)
_CIVILIANS = re.compile(r",?\s+(?:women|and women)(?:,)?\s+and\s+children\b|\s+and\s+children\b")


def _is_casualty(text: str, s_start: int, s_end: int, hit: _Hit) -> bool:
    """A count of dead, wounded or captured ("2,800 troops killed", "has lost 13,500 troops", "losses stand at
    19,000 personnel"), or of civilians ("300 men, women and children")."""
    after = text[hit.end : min(s_end, hit.end + CASUALTY_AFTER)]
    before = text[max(s_start, hit.start - 100) : hit.start]
    if (
        _casualty().search(after.split(",")[0])
        or _CASUALTY_BEFORE.search(before)
        or _CASUALTY_TOTAL.search(before)
    ):
        return True
    if _CIVILIANS.match(text, hit.end):
        return True
    if _casualty().search(text, hit.num_end, hit.end):  # "500 wounded soldiers"
        return True
    return hit.kind == "ellipsis" and bool(_casualty().search(text, s_start, s_end))


def _range(
    text: str, s_start: int, hit: _Hit, value: int, qual: str
) -> tuple[int | None, int | None, str] | None:
    """(low, high, qualifier) when the figure is the top of a range: "between 120,000 and 140,000 troops"."""
    rng = _RANGE_BEFORE.search(text, max(s_start, hit.start - RANGE_BEFORE), hit.start)
    if not rng:
        return None
    lower = parse_number(rng.group("low"))
    if not lower or lower[0] != lower[1] or not lower[0] < value:
        return None
    if re.match(r"from\b", rng.group()) and not re.search(
        r"\b(?:rang(?:e|es|ed|ing)|estimates?|estimated|between)\b",
        text[max(s_start, hit.start - 120) : rng.start()],
        re.I,
    ):
        return None  # "increase from 40,000 to 300,000 troops": a change, the figure is its end point
    if qual == "at_least":
        return lower[0], None, qual
    return lower[0], value, "approx" if qual == "exact" else qual


def troop_figures(doc: ArticleDoc, quotes: Sequence = ()) -> list[TroopFigure]:
    """Every troop figure in an article, with qualifier, owner, claimant and evidence sentence.

    Args:
        doc: the article's document: its text, mentions, lexicon and sentences. The evidence sentence is a
            plain one (``doc.plain_sentences``: a quotation of several sentences is cut into them, so a figure
            quoted is cited by its own sentence, not the whole quotation).
        quotes: the article's quotations (records with start, end, speaker): a figure inside one is
            claimed by its speaker.
    """
    text, article_id = doc.text, doc.article_id
    hits = _find_hits(text)
    if not hits:
        return []
    sentences = doc.plain_sentences
    s_starts = [s.start for s in sentences]
    ctx = figures.context(doc)
    qidx = figures.quotations(quotes)
    known: dict[int, str] = {}
    out = []
    h_starts = [h.num_start for h in hits]
    for i, hit in enumerate(hits):
        num = text[hit.num_start : hit.num_end]
        parsed = parse_number(num)
        if (
            parsed is None or parsed[0] != parsed[1]
        ):  # vague counts ("tens of thousands") have no value to ledger
            continue
        value = parsed[0]
        if value < MIN_VALUE or not in_range(value):
            continue
        if re.search(r"(?<![\w\d])[-−–]\s?$", text[max(0, hit.num_start - 2) : hit.num_start]):
            continue  # "-5000 troops": a negative count is not a count
        if text[max(0, hit.num_start - 1) : hit.num_start] in ("$", "£", "€", "¥"):
            continue
        if _is_year(text, hit.num_start, num, hit.qualifier):
            continue
        k = bisect.bisect_right(s_starts, hit.num_start) - 1
        s = sentences[k] if k >= 0 and sentences[k].end > hit.num_start else None
        s_start, s_end = (s.start, s.end) if s else (hit.start, hit.end)
        s_start, s_end = max(s_start, hit.start - WINDOW_BEFORE), min(s_end, hit.end + WINDOW_AFTER)
        if _is_casualty(text, s_start, s_end, hit) or _VEHICLE_AFTER.match(text, hit.end):
            continue  # dead or wounded; "1,000 armoured personnel carriers" are vehicles
        qual = hit.qualifier
        low, high = {"at_least": (value, None), "at_most": (None, value)}.get(qual, (value, value))
        rng = _range(text, s_start, hit, value, qual)
        if rng:
            low, high, qual = rng
        j = bisect.bisect_left(h_starts, s_start)
        site = figures.Site(hit, s_start, s_end, [h for h in hits[max(j, i - 20) : i] if h.start < hit.start])
        claim = figures.claimant(ctx, site, qidx)
        owner = figures.owner(ctx, site, known, claim.who)
        if owner.who:
            known.setdefault(value, owner.who)
        out.append(
            TroopFigure(
                article_id=article_id,
                value=value,
                low=low,
                high=high,
                qualifier=qual,
                troops_of=owner.who,
                claimed_by=claim.who,
                surface=text[hit.start : hit.end],
                start=hit.start,
                end=hit.end,
                sentence=text[s_start:s_end],
                owner_rule=owner.rule,
                claim_rule=claim.rule,
            )
        )
    return out


__all__ = ["troop_figures", "figure_regex", "qualifiers", "reporting_verbs"]
