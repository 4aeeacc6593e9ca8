"""Whose troops a figure counts and who claims it: the owner and claim rules of the attribution engine.

Each rule is a small named function over a figure's context that returns a name or None (declines); the first
that answers decides, and its name is kept (``owner_rule``, ``claim_rule`` in the troops table).

Owner rules, in order: ``in_phrase`` (a country in the noun phrase: "100,000 Russian troops"), ``possessive``
("Russia's 850,000", "Russia's buildup of 150,000 troops"), ``apposition`` ("100,000 troops -- Russian troops"),
``border`` ("along Russia's border with Ukraine"), ``deployer`` (the subject of a deployment verb, pronouns
resolved: "France said it was sending 4,500 troops"), ``decision`` ("the announcement from the Pentagon that"),
``force_named`` (a country's force named earlier in the sentence: "the Russian deployment ... grew to 60,000"),
``same_figure`` (the same number's owner earlier in the article), ``clause_country`` (the nearest country
earlier in the clause, neither a speaker nor behind a preposition), ``claimant_country`` (a call-up or an
exercise or a passive move the claimant announced: "222,000 reservists have been recruited, Putin said", "the
ministry said 40,000 troops had been moved").

Claim rules, in order: ``according_to``, ``quoted`` (the speaker of the quotation the figure stands in),
``verb_subject`` (the subject of a reporting verb before the figure in its clause; an unnamed body to the
country the article named it for; "it is estimated" is nobody), ``trailing`` (", X said"), ``intelligence``
("U.S. intelligence"); none: the article states the figure itself.

Every look-up is bounded (mentions by bisection, windows of characters), so time is linear in the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple, Protocol

from .. import lexicons
from ..actors import Actor, Matcher
from ..document import ArticleDoc
from ..numbers import parse_number
from ..schemas import Mention
from .index import Index
from .lexicon import country_of, speaks_for, verb_alternation, verb_regex

SUBJECT_BACK = 160  # a verb's subject is written at most this far before it (about 25 words)
BORDER_AFTER = 80  # "... along Russia's border with Ukraine" right after the figure
FORCE_AFTER_COUNTRY = 40  # "the Russian deployment", "Russia's build-up": a force word right after it
VERB_AFTER_COUNTRY = 60  # a country followed this closely by a reporting verb is a speaker, not an owner
SOURCE_AFTER = 60  # "according to X": X's mention starts this close after "to"
BODY_BEFORE_VERB = 40  # "the Defense Ministry said": an unnamed body this close before its verb
RELATIVE_BEFORE = 80  # ", which invaded Ukraine,": a relative clause this close before a mention
PRONOUN_REACH = 600  # a pronoun stands for a mention at most this far back
BODY_NAMED_BACK = 5000  # an unnamed body's country is looked for this far back, over at most BODY_STEPS uses
BODY_STEPS = 20
QUOTE_REACH = 5000  # a position inside a quote lies at most this far after the quote's start
_FORCE_NOUN = (
    r"(?:army|armies|force|forces|contingent|garrison|brigade|division|corps|deployment|military|militia)"
)
_BORDER = re.compile(r"(?P<x>[\w.’'-]+?)(?:['’]s|s['’]|['’])\s+(?:\w+\s+){0,2}borders?\s+with\b")
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


@lru_cache(maxsize=1)
def _deploy() -> re.Pattern:
    """Deploying verbs (resources/deploy_words.txt), and "boosted ... to", "increased ... to"."""
    return re.compile(
        rf"\b(?:{lexicons.alternation('deploy_words.txt')}|"
        r"boost(?:ed)? .{0,20}? to|increase(?:d)? .{0,20}? to)\b"
    )


_OWN_CALL_UP = re.compile(
    r"\s+(?:have|has|had|were|was)\s+(?:now\s+|already\s+)?been\s+(?:recruited|mobili[sz]ed|"
    r"drafted|called up|conscripted|enlisted|moved|deployed|redeployed|sent|stationed|transferred|withdrawn)\b"
)
_EXERCISE = re.compile(r"\b(?:exercises?|drills?|maneuvers|manoeuvres|war games)\b", re.I)


def _prev_word(text: str, pos: int) -> str:
    word = re.search(r"([\w'’]+)\W*$", text[max(0, pos - 30) : pos])
    return word.group(1).lower() if word else ""


def _governed(text: str, mention: Mention) -> bool:
    """Is the mention the object of a preposition ("from Kyiv", "to the OSCE", "in the United States")?"""
    seg = text[max(0, mention.start - 30) : mention.start].lower().split()
    while seg and seg[-1] in ("the", "a", "an", "its", "their", "his", "her"):
        seg.pop()
    return bool(seg) and seg[-1] in _PREPOSITIONS


def clause_start(text: str, lo: int, pos: int) -> int:
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
    idx: Index
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
    cstart = clause_start(text, lo, cut)
    if cstart >= cut - 1 and cut > lo:  # "the envoy to the OSCE (Organisation ...) said": skip the brackets
        cstart = clause_start(text, lo, max(lo, text.rfind("(", lo, cut)))
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


class FigureAt(Protocol):
    """Where a figure is written: the whole figure and its number."""

    start: int
    end: int
    num_start: int
    num_end: int


class Site(NamedTuple):
    """A figure as the rules see it: where it stands, its sentence, and the figures before it in the sentence."""

    hit: FigureAt
    s_start: int  # its sentence (clipped to the figure's window)
    s_end: int
    others: Sequence[FigureAt] = ()  # earlier figures of the sentence (their owners are not this one's)


class Decision(NamedTuple):
    who: str  # a name, or '' when no rule decided
    rule: str  # the rule that decided, '' when none did


def owner_in_phrase(ctx: _Ctx, site: Site, known: dict[int, str]) -> str | None:
    """A country in the noun phrase: "100,000 Russian troops", "a 30,000-man NATO force"."""
    for mention in ctx.idx.between(site.hit.num_end, site.hit.end):
        c = _country(ctx, mention)
        if c:
            return c
    return None


def owner_possessive(ctx: _Ctx, site: Site, known: dict[int, str]) -> str | None:
    """Right before: "Russia's 850,000", "Russia's recent buildup of around 150,000 troops"."""
    text, hit = ctx.text, site.hit
    before = [mention for mention in ctx.idx.last_before(hit.start, 3) if mention.start >= site.s_start]
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
        return _country(ctx, before[-1]) or None
    return None


def owner_apposition(ctx: _Ctx, site: Site, known: dict[int, str]) -> str | None:
    """ "100,000 troops -- Russian troops --" """
    hit = site.hit
    for mention in ctx.idx.between(hit.end, hit.end + 9):
        if re.match(r"\s*[-—–(,]+\s*$", ctx.text[hit.end : mention.start]):
            c = _country(ctx, mention)
            if c:
                return c
    return None


def owner_border(ctx: _Ctx, site: Site, known: dict[int, str]) -> str | None:
    """ "along Russia's border with Ukraine": the first country."""
    hit = site.hit
    b = _BORDER.search(ctx.text, hit.end, min(len(ctx.text), hit.end + BORDER_AFTER))
    if b and not re.search(r"[,;:]", ctx.text[hit.end : b.start()]):
        for mention in ctx.idx.between(b.start("x"), b.end("x")):
            return _country(ctx, mention)  # decides, even for no country
    return None


def owner_deployer(ctx: _Ctx, site: Site, known: dict[int, str]) -> str | None:
    """The subject of a deployment verb ("Russia has amassed", "France said it was sending"); a bare "has" only
    right before; "It was Russia that massed"."""
    text, hit, s_start = ctx.text, site.hit, site.s_start
    deploys = [
        d
        for d in _deploy().finditer(text, s_start, hit.start)
        if d.group() not in ("has", "have", "had") or len(text[d.end() : hit.start].split()) <= 2
    ]
    for dv in reversed(deploys):
        c = _country(ctx, _subject(ctx, dv.start(), s_start))
        if c:
            return c
        if re.match(r"\s*that\s*$", text[max(s_start, dv.start() - 6) : dv.start()]):
            c = _country(ctx, next(iter(ctx.idx.last_before(dv.start() - 5, 1)), None))
            if c:
                return c
    return None


def owner_decision(ctx: _Ctx, site: Site, known: dict[int, str]) -> str | None:
    """A body's own decision: "the announcement from the Pentagon that 4,700 troops", "Russia's order that"."""
    text, hit, s_start = ctx.text, site.hit, site.s_start
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
    return None


def owner_force_named(ctx: _Ctx, site: Site, known: dict[int, str]) -> str | None:
    """A country's force named earlier in the sentence: "the Russian deployment ... grew to 60,000 troops"."""
    text, hit = ctx.text, site.hit
    for mention in reversed(
        [mention for mention in ctx.idx.last_before(hit.start, 8) if mention.start >= site.s_start]
    ):
        if any(o.start <= mention.start < o.end for o in site.others):
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
    return None


def owner_same_figure(ctx: _Ctx, site: Site, known: dict[int, str]) -> str | None:
    """The same number's owner earlier in the article ("4,700 U.S. troops ... the 4,700 troops on standby")."""
    value = parse_number(ctx.text[site.hit.num_start : site.hit.num_end])
    return known.get(value[0]) if value else None


def owner_clause_country(ctx: _Ctx, site: Site, known: dict[int, str]) -> str | None:
    """The nearest country earlier in the clause, neither a speaker nor behind a preposition."""
    text, hit = ctx.text, site.hit
    cstart = clause_start(text, site.s_start, hit.start)
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
    return None


OwnerRule = Callable[[_Ctx, Site, dict[int, str]], "str | None"]
OWNER_RULES: tuple[OwnerRule, ...] = (
    owner_in_phrase,
    owner_possessive,
    owner_apposition,
    owner_border,
    owner_deployer,
    owner_decision,
    owner_force_named,
    owner_same_figure,
    owner_clause_country,
)


def owner(ctx: _Ctx, site: Site, known: dict[int, str], claimant: str = "") -> Decision:
    """Whose troops: the first owner rule that answers; else, for a call-up or an exercise, the claimant's
    country ("222,000 reservists have been recruited, Putin said": ``claimant_country``)."""
    decided = Decision("", "")
    for rule in OWNER_RULES:
        got = rule(ctx, site, known)
        if got is not None:
            decided = Decision(got, rule.__name__.removeprefix("owner_"))
            break
    if decided.who:
        return decided
    hit, text = site.hit, ctx.text
    if claimant and (_OWN_CALL_UP.match(text, hit.end) or _EXERCISE.search(text, site.s_start, hit.start)):
        got = country_of(ctx.by_name.get(claimant))
        if got:
            return Decision(got, "claimant_country")
    return decided


_CLAIM_VERBS = re.compile(
    r"\b(?:estimate|believe|believes|believed|assess|assesses|assessed|cited|cites|citing|gave|gives|provided|provides|shared|shares|unveiled|disclosed|"
    r"revealed|counted|counts|put the (?:number|figure|total))\b"
)
_BODY = re.compile(
    r"\b(?:the\s+)?((?:Defen[cs]e|Foreign|Interior|Emergencies|Armed Forces|General Staff|"
    r"defen[cs]e|foreign)\s*(?:Ministry|ministry|Ministers?|Staff)?|[Mm]inistry|[Gg]eneral [Ss]taff|"
    r"[Ii]ntelligence|[Mm]ilitary)\s*$"
)


def _who(ctx: _Ctx, verb_start: int, lo: int) -> str:
    """The claimant behind a reporting verb, or ''."""
    subj = _subject(ctx, verb_start, lo)
    if subj is not None:
        return speaks_for(_actor(ctx, subj), ctx.by_name)
    body = _BODY.search(ctx.text, max(lo, verb_start - BODY_BEFORE_VERB), verb_start)
    if body and body.group(1)[:1].isupper():
        return ctx.idx.body_owner(body.group(1), body.start(1))
    return ""


def claim_according_to(ctx: _Ctx, site: Site, quotes: _Quotes) -> str | None:
    """ "according to X" in the sentence: X's mention, or a source off the list ("according to Forbes")."""
    text = ctx.text
    for a, end in ctx.idx.according_to(site.s_start, site.s_end, site.s_end)[:1]:
        after = ctx.idx.between(a, min(end, a + SOURCE_AFTER))
        if after:
            return speaks_for(_actor(ctx, after[0]), ctx.by_name)
        named = _SOURCE_NAME.match(text, a, max(end, a + 1))
        if named:
            name = re.split(r"(?<=[a-z]{2})\.\s", named.group("name"))[0]  # not into the next sentence
            return name if re.search(r"\b[A-Z]\.$", name) else name.rstrip(".")
    return None


def claim_quoted(ctx: _Ctx, site: Site, quotes: _Quotes) -> str | None:
    """The speaker of the quotation the figure stands in."""
    return quotes.speaker_at(site.hit.num_start) or None


def claim_verb_subject(ctx: _Ctx, site: Site, quotes: _Quotes) -> str | None:
    """The subject of a reporting or estimating verb before the figure in its clause, nearest verb first."""
    text, hit, s_start = ctx.text, site.hit, site.s_start
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
    return None


def claim_trailing(ctx: _Ctx, site: Site, quotes: _Quotes) -> str | None:
    """ "..., X said." after the figure."""
    text, hit = ctx.text, site.hit
    tail = re.search(
        r",\s*(?P<who>[^,]{2,80}?)\s+(?:" + "(?:" + verb_alternation() + ")" + r")\b[^,]*[.]?$",
        text[hit.end : site.s_end],
    )
    if tail:
        inside = list(ctx.idx.between(hit.end + tail.start("who"), hit.end + tail.end("who")))
        if inside:
            return speaks_for(_actor(ctx, inside[-1]), ctx.by_name)
    return None


def claim_intelligence(ctx: _Ctx, site: Site, quotes: _Quotes) -> str | None:
    """ "U.S. intelligence": the body or country named right before the word."""
    text, s_start = ctx.text, site.s_start
    intel = re.search(r"\bintelligence\b", text[s_start : site.hit.start])
    if intel:
        near = [
            mention
            for mention in ctx.idx.last_before(s_start + intel.start(), 1)
            if s_start + intel.start() - mention.end <= 3 and mention.start >= s_start
        ]
        if near:
            return speaks_for(_actor(ctx, near[-1]), ctx.by_name)
    return None


ClaimRule = Callable[[_Ctx, Site, "_Quotes"], "str | None"]
CLAIM_RULES: tuple[ClaimRule, ...] = (
    claim_according_to,
    claim_quoted,
    claim_verb_subject,
    claim_trailing,
    claim_intelligence,
)


def claimant(ctx: _Ctx, site: Site, quotes: _Quotes) -> Decision:
    """Who claims the figure: the first claim rule that answers ('' with no rule: the article states it)."""
    for rule in CLAIM_RULES:
        got = rule(ctx, site, quotes)
        if got is not None:
            return Decision(got, rule.__name__.removeprefix("claim_"))
    return Decision("", "")


def context(doc: ArticleDoc) -> _Ctx:
    """What the owner and claim rules read: the engine's index over the document (its mentions), the lexicon."""
    return _Ctx(doc.text, Index(doc), doc.matcher, doc.matcher.by_name())


def quotations(quotes: Sequence) -> _Quotes:
    """The article's quotations (records with start, end, speaker), to credit a figure quoted to its speaker."""
    return _Quotes(quotes)


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
