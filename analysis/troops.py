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

Whose troops (first rule that answers): a country in the noun phrase ("U.S. troops"); a possessive
right before ("Russia's 850,000", "Russia's buildup of 150,000 troops"); an apposition right after;
"X's border with Y" (X); the subject of a deployment verb, pronouns resolved ("France said it was
sending 4,500 troops"); a country's force named earlier in the sentence ("the Russian deployment ...
grew to 60,000 troops"); the same number's owner earlier in the article; the nearest country
earlier in the same clause that is neither a speaker nor behind a preposition. Never across a clause
boundary.

Who claims them: the speaker of the quotation the figure stands in; "according to X"; the subject of
a reporting verb before the figure in its clause (pronouns resolved to the last person or body of
the right kind; an unnamed body such as "the Defense Ministry" to the country the article named it
for; "it is estimated" is nobody); a trailing ", X said"; "X intelligence"; empty when the article
states the figure itself.

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
from .actors import Actor, Matcher, trie_regex
from .attribution import country_of, reporting_verbs, speaks_for, verb_alternation, verb_regex
from .document import ArticleDoc
from .numbers import NUMBER, TENS, UNITS, VAGUE, in_range, parse_number
from .schemas import Mention, TroopFigure

# words between a number and a personnel noun: "12,000 well-equipped rebel fighters", "45,000 newly drafted soldiers"
_FORCE_NOUN = (
    r"(?:army|armies|force|forces|contingent|garrison|brigade|division|corps|deployment|military|militia)"
)
_CASUALTY_BEFORE = re.compile(
    r"\b(?:killed|kill|killing|lost|lose|losing|losses of|loss of|toll of|wounded|"
    r"captured|destroyed|eliminated|taken out|deaths of|death of|bodies of|remains of|bodies included)[\"”’']?"
    r"\s+(?:[\w,.]+\s+){0,3}$"
    r"|\b(?:killed|killing|destroyed|deaths of|death of|losses of|loss of)\s+(?:[\w,.]+\s+){0,8}"
    r"(?:and|or)\s+(?:[\w,.]+\s+){0,3}$",
    re.I,
)
_BORDER = re.compile(r"(?P<x>[\w.’'-]+?)(?:['’]s|s['’]|['’])\s+(?:\w+\s+){0,2}borders?\s+with\b")
MIN_VALUE = 100
WINDOW_BEFORE, WINDOW_AFTER = 400, 300  # how far a figure's context reaches (sentences are clipped to it)
# How far each look-up reaches (characters), so an article of any shape costs time in proportion to its length:
NUMBER_BEFORE_NOUN = 200  # a figure's number stands at most this far before its personnel noun
SIZE_AFTER_NOUN = 80  # "an army of 210,000": a force noun's size follows it this closely
ELLIPSIS_AFTER_NOUN = 250  # a bare count ("the 1,400 who remain") refers back to troops named this close
CASUALTY_AFTER = 60  # "2,800 troops killed": casualty words right after the figure
SUBJECT_BACK = 160  # a verb's subject is written at most this far before it (about 25 words)
BORDER_AFTER = 80  # "... along Russia's border with Ukraine" right after the figure
FORCE_AFTER_COUNTRY = 40  # "the Russian deployment", "Russia's build-up": a force word right after it
VERB_AFTER_COUNTRY = 60  # a country followed this closely by a reporting verb is a speaker, not an owner
SOURCE_AFTER = 60  # "according to X": X's mention starts this close after "to"
MENTIONS_BACK = 40  # at most this many mentions are looked at before a position (a bound, not a distance)
BODY_BEFORE_VERB = 40  # "the Defense Ministry said": an unnamed body this close before its verb
RANGE_BEFORE = 40  # "between 120,000 and": a range's lower bound this close before the figure
RELATIVE_BEFORE = 80  # ", which invaded Ukraine,": a relative clause this close before a mention
PRONOUN_REACH = 600  # a pronoun stands for a mention at most this far back
WORD_REACH = 40  # the next word is looked for this far ahead (longer than any word)
BODY_NAMED_BACK = 5000  # an unnamed body's country is looked for this far back, over at most BODY_STEPS uses
BODY_STEPS = 20
QUOTE_REACH = 5000  # a position inside a quote lies at most this far after the quote's start
_CLAUSE_BREAK = re.compile(r"\b(?:even though|although|though|whereas|because|while|but)\b|;|[—–]|--")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_PREPOSITIONS = _words(
    "from to in into of near at on with for by against toward towards across along around over about under "
    "between among within inside outside through throughout beyond via off onto upon alongside"
)
_IMPERSONAL = re.compile(
    r"\b(?:it|It)\s+(?:is|was|has been|had been|'s)\s+(?:widely\s+|now\s+|also\s+)?"
    r"(?:estimated|believed|reported|thought|understood|expected|said|claimed|feared|rumou?red)\b"
)
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
def _deploy() -> re.Pattern:
    """Deploying verbs (resources/deploy_words.txt), and "boosted ... to", "increased ... to"."""
    return re.compile(
        rf"\b(?:{lexicons.alternation('deploy_words.txt')}|"
        r"boost(?:ed)? .{0,20}? to|increase(?:d)? .{0,20}? to)\b"
    )


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


class _Index:
    """Mentions sorted by start, found by bisection (never a scan of the article's mentions)."""

    def __init__(self, mentions: Sequence[Mention]):
        self.mentions = sorted(mentions, key=lambda mention: mention.start)
        self.starts = [mention.start for mention in self.mentions]

    def between(self, lo: int, hi: int) -> list[Mention]:
        """Mentions starting in [lo, hi)."""
        return self.mentions[bisect.bisect_left(self.starts, lo) : bisect.bisect_left(self.starts, hi)]

    def last_before(self, pos: int, limit: int = MENTIONS_BACK) -> list[Mention]:
        """Up to ``limit`` mentions ending before pos, nearest last."""
        k = bisect.bisect_left(self.starts, pos)
        return [mention for mention in self.mentions[max(0, k - limit) : k] if mention.end <= pos]


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
_OWN_CALL_UP = re.compile(
    r"\s+(?:have|has|had|were|was)\s+(?:now\s+|already\s+)?been\s+(?:recruited|mobili[sz]ed|"
    r"drafted|called up|conscripted|enlisted)\b"
)
_EXERCISE = re.compile(r"\b(?:exercises?|drills?|maneuvers|manoeuvres|war games)\b", re.I)
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


def _prev_word(text: str, pos: int) -> str:
    word = re.search(r"([\w'’]+)\W*$", text[max(0, pos - 30) : pos])
    return word.group(1).lower() if word else ""


def _governed(text: str, mention: Mention) -> bool:
    """Is the mention the object of a preposition ("from Kyiv", "to the OSCE", "in the United States")?"""
    seg = text[max(0, mention.start - 30) : mention.start].lower().split()
    while seg and seg[-1] in ("the", "a", "an", "its", "their", "his", "her"):
        seg.pop()
    return bool(seg) and seg[-1] in _PREPOSITIONS


def _clause_start(text: str, lo: int, pos: int) -> int:
    """Where the clause holding pos begins (not before lo)."""
    last = lo
    for b in re.finditer(
        r"[;:()\[\]\"“”]|[—–]|--|\b(?:that|which|while|but|when|after|because|although|though|"
        r"whereas)\b",
        text[lo:pos],
    ):
        last = lo + b.end()
    return last


_NOT_IN_NP = _words("had has have is was were are to will would could been be that which who and but with")


class _Ctx(NamedTuple):
    text: str
    idx: _Index
    matcher: Matcher
    by_name: dict[str, Actor]


def _actor(ctx: _Ctx, mention: Mention) -> Actor | None:
    a = ctx.by_name.get(mention.actor)
    if a is None and mention.actor_type == "person":
        return Actor(name=mention.actor, type="person")
    return a


def _antecedent(ctx: _Ctx, pron: str, pos: int) -> Mention | None:
    """The last mention before pos that a pronoun can stand for (he/she: a person; it/they: a body or country)."""
    for mention in reversed(ctx.idx.last_before(pos)):
        if pos - mention.end > PRONOUN_REACH:
            break
        if re.search(
            r",\s+(?:which|who)\b[^,]*$", ctx.text[max(0, mention.start - RELATIVE_BEFORE) : mention.start]
        ):
            continue  # inside a relative clause: "Russia, which invaded Ukraine, said it"
        a = _actor(ctx, mention)
        if a is None:
            continue
        if pron in ("he", "she"):
            if a.type == "person" and (not a.gender or a.gender == ("m" if pron == "he" else "f")):
                return mention
        elif (
            a.type in ("country", "organization")
            and mention.surface[:1].isupper()
            and not _governed(ctx.text, mention)
        ):
            return mention  # "Russia, which launched its war in Ukraine, said it had": not "in Ukraine"
    return None


def _subject(ctx: _Ctx, verb_start: int, lo: int) -> Mention | None:
    """The subject right before a verb: the nearest mention of its clause that is not behind a preposition.

    A pronoun after the last such mention is resolved to its antecedent. Skips an appositive
    ("X, who was meeting in Y on Friday, said") and anything in brackets.
    """
    text = ctx.text
    lo = max(lo, verb_start - SUBJECT_BACK)
    seg = text[lo:verb_start]
    app = re.search(
        r",[^,]{2,80},\s*(?:\b(?:has|had|have|was|is|also|then|later|again|once|in turn)\s+)*$", seg
    )
    cut = lo + app.start() if app else verb_start
    cstart = _clause_start(text, lo, cut)
    if cstart >= cut - 1 and cut > lo:  # "the envoy to the OSCE (Organisation ...) said": skip the brackets
        cstart = _clause_start(text, lo, max(lo, text.rfind("(", lo, cut)))
    brackets = [b.span() for b in re.finditer(r"\([^()]*\)", text[cstart:cut])]
    absolute = re.match(r"\w+ing\b", text[verb_start : verb_start + 20])  # "with China having 2,000 troops"
    cands = [
        mention
        for mention in ctx.idx.between(cstart, cut)
        if mention.end <= cut
        and (
            not _governed(text, mention)
            or absolute
            and not text[mention.end : verb_start].strip()
            and _prev_word(text, mention.start) == "with"
        )
        and not any(a <= mention.start - cstart < b for a, b in brackets)
    ]
    rel = re.search(r",\s*(?:which|who)\s*$", text[max(lo, cstart - 12) : cstart])
    if rel and not cands:  # "the Wagner Group, which ... has 1,000 soldiers": the noun the clause hangs on
        head = ctx.idx.last_before(cstart - len(rel.group()), 1)
        if head and cstart - head[0].end <= len(rel.group()) + 3:
            return head[0]
    pron = list(re.finditer(r"\b(?:he|she|it|they|He|She|It|They)\b", text[cstart:cut]))
    if pron and (not cands or cstart + pron[-1].start() > cands[-1].end):
        p = pron[-1]
        if p.group().lower() == "it" and _IMPERSONAL.match(text, cstart + p.start()):
            return None
        return _antecedent(ctx, p.group().lower(), cstart + p.start())
    if not cands:
        return None
    people = [mention for mention in cands if mention.actor_type == "person"]
    if people and people[-1].end >= cands[-1].start:
        return people[-1]
    if re.search(r"\band\s+$", text[max(lo, verb_start - 6) : verb_start]):
        return cands[0]  # "The U.S. announced plans to leave Kyiv and ordered": the subject of both verbs
    return cands[-1]


def _country(ctx: _Ctx, mention: Mention | None) -> str:
    return country_of(_actor(ctx, mention)) if mention is not None else ""


def _owner(ctx: _Ctx, s_start: int, hit: _Hit, known: dict[int, str], others: Sequence[_Hit] = ()) -> str:
    text = ctx.text
    # 1. a country in the noun phrase ("100,000 Russian troops", "a 30,000-man NATO force")
    for mention in ctx.idx.between(hit.num_end, hit.end):
        c = _country(ctx, mention)
        if c:
            return c
    before = [mention for mention in ctx.idx.last_before(hit.start, 3) if mention.start >= s_start]
    # 2. right before: "Russia's 850,000", "Russia's recent buildup of around 150,000 troops", "Ukraine's army numbers"
    gap = text[before[-1].end : hit.start] if before else ""
    if (
        before
        and not any(w in _NOT_IN_NP or w.endswith("ed") and w != "armed" for w in gap.split())
        and (
            re.fullmatch(r"['’]s?(?:\s+[\w-]+){0,4}\s+(?:of\s+|[-—–]+\s+)?|['’]s?\s*", gap)
            or re.fullmatch(r"(?:\s+[\w-]+){1,2}\s+(?:of|at)\s+", gap)
            and not _governed(text, before[-1])
        )
    ):
        c = _country(ctx, before[-1])
        if c:
            return c
    # 3. "100,000 troops -- Russian troops --"
    for mention in ctx.idx.between(hit.end, hit.end + 9):
        if re.match(r"\s*[-—–(,]+\s*$", text[hit.end : mention.start]):
            c = _country(ctx, mention)
            if c:
                return c
    # 4. "along Russia's border with Ukraine"
    b = _BORDER.search(text, hit.end, min(len(text), hit.end + BORDER_AFTER))
    if b and not re.search(r"[,;:]", text[hit.end : b.start()]):
        for mention in ctx.idx.between(b.start("x"), b.end("x")):
            return _country(ctx, mention)
    cstart = _clause_start(text, s_start, hit.start)
    # 5. the subject of a deployment verb ("Russia has amassed", "France said it was sending"); a bare "has" only right before
    deploys = [
        d
        for d in _deploy().finditer(text, s_start, hit.start)
        if d.group() not in ("has", "have", "had") or len(text[d.end() : hit.start].split()) <= 2
    ]
    for dv in reversed(deploys):
        c = _country(ctx, _subject(ctx, dv.start(), s_start))
        if c:
            return c
        if re.match(
            r"\s*that\s*$", text[max(s_start, dv.start() - 6) : dv.start()]
        ):  # "It was Russia that massed ..."
            c = _country(ctx, next(iter(ctx.idx.last_before(dv.start() - 5, 1)), None))
            if c:
                return c
    # 6. a body's own decision: "the announcement from the Pentagon that 4,700 troops", "Russia's order that"
    dec = re.search(
        r"\b(?:announcement|order|decision|plan|pledge|commitment|promise)s?\s+(?:by|from)\s+(?:the\s+)?"
        r"(?P<x>.{2,60}?)\s+that\s+(?:[\w-]+\s+){0,3}$|(?P<y>\S{2,40}?)(?:['’]s?)\s+(?:[\w-]+\s+)?"
        r"(?:announcement|order|decision|plan|pledge|commitment|promise)\s+that\s+(?:[\w-]+\s+){0,3}$",
        text[max(s_start, hit.start - 120) : hit.start],
    )
    if dec:
        off = max(s_start, hit.start - 120)
        g = "x" if dec.group("x") else "y"
        for mention in ctx.idx.between(off + dec.start(g), off + dec.end(g)):
            c = _country(ctx, mention)
            if c:
                return c
    # 7. a country's force named earlier in the sentence: "the Russian deployment ... grew to 60,000 troops"
    for mention in reversed(
        [mention for mention in ctx.idx.last_before(hit.start, 8) if mention.start >= s_start]
    ):
        if any(o.start <= mention.start < o.end for o in others):
            continue  # another figure's owner ("70,000 U.S. troops in Asia and 20,000 troops")
        if re.match(
            rf"(?:['’]s?)?\s+(?:[\w-]+\s+){{0,2}}(?:troops?|{_FORCE_NOUN}|armed forces|build-?up|presence|"
            r"battalions?|battalion tactical groups?|BTGs?|units?|regiments?|brigades?|divisions?|"
            r"mobili[sz]ation|invasion)\b",
            text[mention.end : mention.end + FORCE_AFTER_COUNTRY],
            re.I,
        ):
            c = _country(ctx, mention)
            if c:
                return c
    # 8. the same number's owner earlier in the article ("4,700 U.S. troops ... the 4,700 troops on standby")
    value = parse_number(text[hit.num_start : hit.num_end])
    if value and value[0] in known:
        return known[value[0]]
    # 9. the nearest country earlier in the clause, neither a speaker nor behind a preposition
    for mention in reversed(ctx.idx.between(cstart, hit.start)):
        a = _actor(ctx, mention)
        if a is None or a.type != "country" or _governed(text, mention):
            continue
        if re.match(
            r"(?:['’]s)?\s+(?:\w+\s+){0,2}(?:" + "(?:" + verb_alternation() + ")" + r")\b",
            text[mention.end : mention.end + VERB_AFTER_COUNTRY],
        ):
            continue
        return a.name
    return ""


_CLAIM_VERBS = re.compile(
    r"\b(?:estimate|believe|believes|believed|assess|assesses|assessed|cited|cites|citing|gave|gives|provided|provides|shared|shares|unveiled|disclosed|"
    r"revealed|counted|counts|put the (?:number|figure|total))\b"
)
_BODY = re.compile(
    r"\b(?:the\s+)?((?:Defen[cs]e|Foreign|Interior|Emergencies|Armed Forces|General Staff|"
    r"defen[cs]e|foreign)\s*(?:Ministry|ministry|Ministers?|Staff)?|[Mm]inistry|[Gg]eneral [Ss]taff|"
    r"[Ii]ntelligence|[Mm]ilitary)\s*$"
)


def _body_country(ctx: _Ctx, body: str, before: int) -> str:
    """The country the article named an unnamed body for: "Ukraine's Defense Ministry ... the Defense Ministry said"."""
    lo = max(0, before - BODY_NAMED_BACK)
    k = ctx.text.rfind(body, lo, before)
    steps = 0
    while k > lo and steps < BODY_STEPS:
        prior = [mention for mention in ctx.idx.last_before(k, 1) if k - mention.end <= 4]
        if prior and re.fullmatch(r"(?:['’]s?)?\s*", ctx.text[prior[0].end : k]):
            c = _country(ctx, prior[0])
            if c:
                return c
        k = ctx.text.rfind(body, lo, k)
        steps += 1
    return ""


def _who(ctx: _Ctx, verb_start: int, lo: int) -> str:
    """The claimant behind a reporting verb, or ''."""
    subj = _subject(ctx, verb_start, lo)
    if subj is not None:
        return speaks_for(_actor(ctx, subj), ctx.by_name)
    body = _BODY.search(ctx.text, max(lo, verb_start - BODY_BEFORE_VERB), verb_start)
    if body and body.group(1)[:1].isupper():
        return _body_country(ctx, body.group(1), body.start(1))
    return ""


def _claimant(ctx: _Ctx, s_start: int, s_end: int, hit: _Hit, quotes: _Quotes) -> str:
    text = ctx.text
    acc = re.search(r"\b[Aa]ccording to\b", text[s_start:s_end])
    if acc:
        after = ctx.idx.between(s_start + acc.end(), s_start + acc.end() + SOURCE_AFTER)
        if after:
            return speaks_for(_actor(ctx, after[0]), ctx.by_name)
        named = _SOURCE_NAME.match(
            text, s_start + acc.end()
        )  # a source not on the list: "according to Forbes"
        if named:
            name = re.split(r"(?<=[a-z]{2})\.\s", named.group("name"))[0]  # not into the next sentence
            return name if re.search(r"\b[A-Z]\.$", name) else name.rstrip(".")
    speaker = quotes.speaker_at(hit.num_start)
    if speaker:
        return speaker
    breaks = [b.end() for b in _CLAUSE_BREAK.finditer(text, s_start, hit.start) if b.group()[0] not in "—–-"]
    lo = breaks[-1] if breaks else s_start
    verbs = [v for v in verb_regex().finditer(text, lo, hit.start) if v.group() != "according to"]
    verbs += [v for v in _CLAIM_VERBS.finditer(text, lo, hit.start)]
    verbs = [
        v for v in verbs if _prev_word(text, v.start()) not in ("to", "the", "a", "an", "of")
    ]  # "to observe"
    for v in sorted(verbs, key=lambda v: v.start(), reverse=True):
        who = _who(ctx, v.start(), s_start)
        if who:
            return who
    tail = re.search(
        r",\s*(?P<who>[^,]{2,80}?)\s+(?:" + "(?:" + verb_alternation() + ")" + r")\b[^,]*[.]?$",
        text[hit.end : s_end],
    )
    if tail:
        ws = hit.end + tail.start("who")
        inside = [mention for mention in ctx.idx.between(ws, hit.end + tail.end("who"))]
        if inside:
            return speaks_for(_actor(ctx, inside[-1]), ctx.by_name)
    intel = re.search(r"\bintelligence\b", text[s_start : hit.start])
    if intel:
        near = [
            mention
            for mention in ctx.idx.last_before(s_start + intel.start(), 1)
            if s_start + intel.start() - mention.end <= 3 and mention.start >= s_start
        ]
        if near:
            return speaks_for(_actor(ctx, near[-1]), ctx.by_name)
    return ""


_SOURCE_NAME = re.compile(
    r"\s+(?:the\s+)?(?P<name>(?:[A-Z][\w.&'’-]*)(?:\s+(?:of|for|on|and|the|[A-Z][\w.&'’-]*))*"
    r"(?<!\sof)(?<!\sfor)(?<!\son)(?<!\sand)(?<!\sthe))"
)


class _Quotes:
    """Quotation spans and their speakers, to credit a figure quoted from someone to that someone."""

    def __init__(self, quotes: Sequence):
        spans = sorted((q.start, q.end, q.speaker) for q in quotes if getattr(q, "speaker", ""))
        self.spans = spans
        self.starts = [s for s, _, _ in spans]

    def speaker_at(self, pos: int) -> str:
        k = bisect.bisect_right(self.starts, pos) - 1
        while k >= 0:
            s, e, who = self.spans[k]
            if s <= pos < e:
                return who
            if pos - s > QUOTE_REACH:
                break
            k -= 1
        return ""


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
    ctx = _Ctx(text, _Index(doc.mentions), doc.matcher, doc.matcher.by_name())
    qidx = _Quotes(quotes)
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
        if _is_casualty(text, s_start, s_end, hit):
            continue
        qual = hit.qualifier
        low, high = {"at_least": (value, None), "at_most": (None, value)}.get(qual, (value, value))
        rng = _range(text, s_start, hit, value, qual)
        if rng:
            low, high, qual = rng
        j = bisect.bisect_left(h_starts, s_start)
        owner = _owner(ctx, s_start, hit, known, [h for h in hits[max(j, i - 20) : i] if h.start < hit.start])
        claimant = _claimant(ctx, s_start, s_end, hit, qidx)
        if (
            not owner
            and claimant
            and (_OWN_CALL_UP.match(text, hit.end) or _EXERCISE.search(text, s_start, hit.start))
        ):
            # "222,000 reservists have been recruited, Putin said"; "the ministry said the drills involved 10,000 troops"
            owner = country_of(ctx.by_name.get(claimant)) or ""
        if owner:
            known.setdefault(value, owner)
        out.append(
            TroopFigure(
                article_id=article_id,
                value=value,
                low=low,
                high=high,
                qualifier=qual,
                troops_of=owner,
                claimed_by=claimant,
                surface=text[hit.start : hit.end],
                start=hit.start,
                end=hit.end,
                sentence=text[s_start:s_end],
            )
        )
    return out


__all__ = ["troop_figures", "figure_regex", "qualifiers", "reporting_verbs"]
