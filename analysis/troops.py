"""A ledger of troop-figure claims: value, qualifier, whose troops, who claims them.

A figure is a number (see numbers.py) followed, within three modifier words, by a
troop noun (resources/troop_nouns.txt): "more than 90,000 troops", "100,000
Russian soldiers", "tens of thousands of troops". Casualty counts ("2,800 Russian
troops killed") and counts under 100 are left out.

Qualifier: more than / over / at least = at_least; nearly / almost / up to / as
many as = at_most; about / some / around / roughly / an estimated = approx;
otherwise exact. ``low``/``high`` give the interval (null where open).

Whose troops: a country word in the noun phrase ("U.S. troops"), else the subject
of a deployment verb before the number ("Russia has amassed"), else "X's border
with Y" (X). Who claims them: the subject of a reporting verb before the figure
("Ukraine says"), a trailing ", X said", or "according to X"; empty when the
article states the figure itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .actors import Matcher
from .attribution import _lines, actor_of, country_of, party, subject_before, verb_regex
from .numbers import NUMBER, parse_number
from .schemas import Mention, TroopFigure
from .sentences import split_sentences

QUALIFIERS = {
    "at_least": r"more than|over|at least|upwards of|in excess of|north of|more then",
    "at_most": r"nearly|almost|up to|as many as|close to|just under|fewer than|less than|under|not more than",
    "approx": r"about|some|around|roughly|approximately|an estimated|estimated|approx\.|circa|an approximate",
}
_QUAL = "|".join(f"(?P<{k}>\\b(?i:{v}))" for k, v in QUALIFIERS.items())
_MODIFIER = (r"(?:[A-Z][\w.'’-]*|additional|more|extra|new|fresh|combat-ready|combat|active-duty|regular|"
             r"elite|heavily armed|armed|reserve|of (?:its|their|his|her|the|our) (?:own )?)")
_CASUALTY = re.compile(r"\b(?:killed|dead|died|die|deaths?|wounded|injured|casualt(?:y|ies)|captured|lost|missing|"
                       r"taken prisoner|prisoners|surrendered|perished|slain|POWs?)\b", re.I)
_DEPLOY = re.compile(r"\b(?:has|have|had|massed|amassed|massing|amassing|gathered|gathering|deployed|deploying|"
                     r"stationed|stationing|sent|sending|positioned|moved|moving|built up|building up|assembled|"
                     r"concentrated|concentrating|keeps|kept|put|putting|placed|ordered|brought|withdr[ae]wn?|"
                     r"pulled back|maintains?|mobili[sz]ed|dispatched|dispatching)\b")
_BORDER = re.compile(r"(?P<x>[\w.’'-]+?)(?:['’]s|s['’]|['’])\s+(?:\w+\s+){0,2}borders?\s+with\b")
MIN_VALUE = 100
_CLAUSE_BREAK = re.compile(r"\b(?:even though|although|though|whereas|because)\b|;")


@lru_cache(maxsize=1)
def figure_regex() -> re.Pattern:
    nouns = sorted(_lines("troop_nouns.txt"), key=len, reverse=True)
    noun = "|".join(re.escape(n) for n in nouns)
    return re.compile(
        rf"(?:(?:{_QUAL})\s+)?(?P<num>\b{NUMBER})"
        rf"(?:(?P<mods>(?:\s+{_MODIFIER}){{0,3}})\s+(?P<noun>{noun})\b|-strong\s+(?:army|force|forces|contingent|troops)\b)"
    )


@lru_cache(maxsize=1)
def _noun_regex() -> re.Pattern:
    nouns = sorted(_lines("troop_nouns.txt"), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in nouns) + r"|army|force|contingent)\b")


def _figure_matches(text: str) -> list[re.Match]:
    """Figure matches, searched only in a window before each troop noun (the full regex is slow on long text)."""
    rx = figure_regex()
    best: dict[int, re.Match] = {}
    for noun in _noun_regex().finditer(text):
        for m in rx.finditer(text, max(0, noun.start() - 160), noun.end()):
            if m.end() > noun.start() and (m.end() not in best or m.start() < best[m.end()].start()):
                best[m.end()] = m
    return sorted(best.values(), key=lambda m: m.start())


def _qualifier(m: re.Match) -> str:
    for k in QUALIFIERS:
        if m.group(k):
            return k
    return "exact"


_CASUALTY_BEFORE = re.compile(r"\b(?:killed|kill|killing|lost|lose|losing|losses of|wounded|captured|destroyed|"
                              r"eliminated|taken out)\s+(?:\w+\s+){0,3}$", re.I)


def _is_casualty(text: str, sent_start: int, sent_end: int, fig_start: int, fig_end: int) -> bool:
    """A count of dead, wounded or captured ("2,800 troops killed", "has lost 13,500 troops")."""
    after = text[fig_end:min(sent_end, fig_end + 60)]
    before = text[max(sent_start, fig_start - 40):fig_start]
    return bool(_CASUALTY.search(after.split(",")[0]) or _CASUALTY_BEFORE.search(before))


def _owner(text: str, s_start: int, m: re.Match, mentions: Sequence[Mention], mat: Matcher) -> str:
    num_start = m.start("num")
    # 1. a country in the noun phrase ("100,000 Russian troops") or right before ("Russia's 100,000 troops")
    for mm in mentions:
        if m.start() <= mm.start < m.end() and mm.start >= num_start:
            c = country_of(actor_of(mm, mat))
            if c:
                return c
    before = [mm for mm in mentions if s_start <= mm.start and mm.end <= m.start()]
    # "Russia's recent buildup of around 150,000 troops", "Ukraine's military personnel -- over 30,000 soldiers"
    if before and re.fullmatch(r"['’]s?(?:\s+[\w-]+){0,4}\s+(?:of\s+|[-—–]+\s+)?|['’]s?\s*",
                               text[before[-1].end:m.start()]):
        c = country_of(actor_of(before[-1], mat))
        if c:
            return c
    # "100,000 troops -- Russian troops --"
    after = [mm for mm in mentions if m.end() <= mm.start <= m.end() + 8 and re.match(r"\s*[-—–(,]+\s*$", text[m.end():mm.start])]
    if after:
        c = country_of(actor_of(after[0], mat))
        if c:
            return c
    # 2. "along Russia's border with Ukraine"
    b = _BORDER.search(text, m.end(), min(len(text), m.end() + 80))
    if b:
        for mm in mentions:
            if b.start("x") <= mm.start < b.end("x"):
                return country_of(actor_of(mm, mat))
    # 3. the subject of a deployment verb ("Russia has amassed", "by massing"); a bare "has" only right before
    deploys = [d for d in _DEPLOY.finditer(text, s_start, m.start())
               if d.group() not in ("has", "have", "had") or len(text[d.end():m.start()].split()) <= 2]
    for dv in reversed(deploys):
        subj = subject_before(text, dv.start(), s_start, mentions, mat)
        if isinstance(subj, Mention):
            c = country_of(actor_of(subj, mat))
            if c:
                return c
    return ""


def _claimant(text: str, s_start: int, s_end: int, m: re.Match, mentions: Sequence[Mention], mat: Matcher) -> str:
    by_name = mat.by_name()
    first_in_sentence = next((mm for mm in mentions if s_start <= mm.start < s_end), None)

    def resolve(subj) -> str:
        if isinstance(subj, Mention):
            return party(actor_of(subj, mat), by_name)
        if subj in ("they", "it") and first_in_sentence is not None and first_in_sentence.start < m.start():
            return party(actor_of(first_in_sentence, mat), by_name)
        return ""

    acc = re.search(r"\baccording to\b", text[s_start:s_end])
    if acc:
        after = [mm for mm in mentions if s_start + acc.end() <= mm.start < s_start + acc.end() + 60]
        if after:
            return party(actor_of(after[0], mat), by_name)
    verbs = [v for v in verb_regex().finditer(text, s_start, m.start()) if v.group() != "according to"
             and not _CLAUSE_BREAK.search(text, v.end(), m.start())]
    for v in reversed(verbs):
        who = resolve(subject_before(text, v.start(), s_start, mentions, mat))
        if who:
            return who
    tail = re.search(r",\s*(?P<who>[^,]{2,80}?)\s+(?:" + verb_regex().pattern[2:-2] + r")\b[^,]*[.]?$",
                     text[m.end():s_end])
    if tail:
        ws = m.end() + tail.start("who")
        inside = [mm for mm in mentions if ws <= mm.start < m.end() + tail.end("who")]
        if inside:
            return party(actor_of(inside[-1], mat), by_name)
    intel = re.search(r"\bintelligence\b", text[s_start:s_end])
    if intel:
        near = [mm for mm in mentions if s_start <= mm.start and mm.end <= s_start + intel.start()
                and s_start + intel.start() - mm.end <= 3]
        if near:
            return party(actor_of(near[-1], mat), by_name)
    return ""


def troop_figures(text: str, article_id: str, mentions: Sequence[Mention], mat: Matcher) -> list[TroopFigure]:
    """Every troop figure in an article, with qualifier, owner, claimant and evidence sentence."""
    matches = _figure_matches(text)
    if not matches:
        return []
    sentences = split_sentences(text)
    out = []
    for m in matches:
        parsed = parse_number(m.group("num"))
        if parsed is None:
            continue
        low, high = parsed
        value = low
        if value < MIN_VALUE:
            continue
        s = next((s for s in sentences if s.start <= m.start() < s.end), None)
        s_start, s_end = (s.start, s.end) if s else (m.start(), m.end())
        if _is_casualty(text, s_start, s_end, m.start(), m.end()):
            continue
        qual = _qualifier(m)
        rng = re.search(rf"({NUMBER})\s*(?:-|–|to)\s*$", text[max(s_start, m.start("num") - 30):m.start("num")])
        lower = parse_number(rng.group(1)) if rng and qual == "exact" else None
        if lower and lower[0] < value:  # "7,000 to 15,000 troops", "3,000-5,000 troops"
            low, high, qual = lower[0], value, "approx"
            value = (low + high) // 2
        vague = low != high
        if vague:
            qual = "approx" if qual == "exact" else qual
        else:
            low, high = {"at_least": (value, None), "at_most": (None, value)}.get(qual, (value, value))
        out.append(TroopFigure(
            article_id=article_id, value=value, low=low, high=high, qualifier=qual,
            troops_of=_owner(text, s_start, m, mentions, mat),
            claimed_by=_claimant(text, s_start, s_end, m, mentions, mat),
            surface=text[m.start():m.end()], start=m.start(), end=m.end(), sentence=text[s_start:s_end],
        ))
    return out
