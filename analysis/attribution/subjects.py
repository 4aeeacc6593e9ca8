"""Who a written subject is: pronouns, names, roles, titles, bodies and the subject of a reporting verb."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import lexicons
from .. import names as name_data
from ..actors import NAME_WORD, Actor, common_words, not_name_words, person_actor, person_name_at
from ..corpus import outlet_names
from ..quote_marks import QuoteSpan
from ..sentences import Span
from .discourse import Attribution, Walk
from .index import BACK, JOINT_GAP, VERB_AFTER_BODY, Who, _rx
from .lexicon import (
    actor_of,
    body_nouns,
    role_nouns,
    speaks_for,
)

PRONOUN_WORDS = {
    "he": "he",
    "she": "she",
    "it": "it",
    "they": "they",
    "him": "he",
    "her": "she",
    "his": "he",
    "its": "it",
    "their": "they",
}


def resolve_pronoun(doc: Walk, pron: str, pos: int) -> Who:
    """The speaker a pronoun at ``pos`` refers to: a recent speaker or sentence subject of the right kind."""
    pron = PRONOUN_WORDS.get(pron, pron)
    k = doc.sentence_index(pos)
    floor = max(0, pos - 5 * BACK)
    for back in range(0, 10):
        i = k - back
        if i < 0:
            break
        s = doc.sentences[i] if doc.sentences else Span(0, pos)
        if s.end < floor:
            break
        lo, hi = max(s.start, floor), (min(pos, s.end) if back == 0 else s.end)
        spoke = [
            (doc.q_close[j], doc.done[j])
            for j in doc.quotes_between(lo, hi)
            if j < len(doc.done) and doc.done[j].speaker and doc.q_close[j] <= hi
        ]
        if pron in ("he", "she"):
            fits = [a for _, a in spoke if _gender_ok(doc, a.speaker, pron) and " and " not in a.speaker]
            if fits and back > 0:
                return fits[-1].speaker, fits[-1].detail
            people = [
                n
                for p, n in doc.people_in(lo, hi)
                if _gender_ok(doc, n, pron) and not _rx(r"(?i:the)\s+$").search(doc.text, max(0, p - 5), p)
            ]  # "backed by the Obama administration, he called it": a name after "the" modifies a noun
            if people:
                return people[0], ""  # the subject: the first person named in the sentence
            if fits:
                return fits[-1].speaker, fits[-1].detail
        elif pron == "they":
            joint = [a for _, a in spoke if " and " in a.speaker]
            if joint:
                return joint[-1].speaker, ""
            if back == 0:
                earlier = _recent_joint(doc, doc.sentences[k].start if doc.sentences else pos, floor)
                if earlier:
                    return earlier, ""
            pair = _joint_people(doc, lo, hi)
            if pair:
                return pair, ""
            got = _bodies(doc, lo, hi, spoke)
            if got:
                return got
        else:  # it
            got = _bodies(doc, lo, hi, spoke)
            if got:
                return got
    return "", ""


_PLURAL_GROUP = re.compile(
    r"(?:[Tt]he\s+)?(?:two|both|pair|(?:[A-Z][a-z]+|lawmakers|senators|members|signatories|authors)s?)"
    r"(?<=s)$|(?:[Tt]he\s+)?(?:two|both|pair)(?:\s+\w+)?$"
)


def _recent_joint(doc: Walk, pos: int, floor: int = -1) -> str:
    """The last joint speaker ("X and Y") of a quote before ``pos`` (within a few paragraphs)."""
    floor = max(0, pos - 10 * BACK) if floor < 0 else floor
    for j in doc.quotes_between(floor, pos)[::-1]:
        if j < len(doc.done) and " and " in doc.done[j].speaker:
            return doc.done[j].speaker
    return ""


def _gender_ok(doc: Walk, name: str, pron: str) -> bool:
    a = doc.actor(name)
    if a is None or a.type != "person":
        return False
    return a.gender in ("", "m") if pron == "he" else a.gender in ("", "f")


def _bodies(doc: Walk, lo: int, hi: int, spoke: list[tuple[int, Attribution]]) -> Who | None:
    """'it' / 'they': the last organisation or country that spoke, else one named as a subject of a verb."""
    said = [a for _, a in spoke if not doc.is_person(a.speaker)]
    if said:
        return said[-1].speaker, said[-1].detail
    ms = [mention for mention in doc.mentions_in(lo, hi) if mention.actor_type in ("organization", "country")]
    verbed = [
        mention for mention in ms if doc.first_verb(mention.end, min(mention.end + VERB_AFTER_BODY, hi))
    ]
    for v in reversed(doc.verbs_in(lo, hi)):  # "the Coast Bureau warned": a body off the actor list
        if verbed and verbed[-1].end > v.start():
            break
        head = _rx(r"[,;:\"“”]|\b(?:that|and|but|which|who)\b").split(
            doc.text[max(lo, v.start() - 60) : v.start()]
        )[-1]
        if doc.mentions_in(v.start() - len(head), v.start()):
            continue
        body = _unlisted_body(doc, head.strip(), v.start())
        if body:
            return body, ""
    pick = verbed or ms
    if pick:
        mention = pick[-1]
        return speaks_for(actor_of(mention, doc.matcher), doc.by_name), (
            mention.actor if mention.actor_type == "organization" else ""
        )
    return None


def _joint_people(doc: Walk, lo: int, hi: int) -> str:
    """'X and Y' (also 'X, ..., and Y, ...') named together in text[lo:hi]: 'X and Y'."""
    people = doc.people_in(lo, hi)
    for (p1, n1), (p2, n2) in zip(people, people[1:], strict=False):
        between = doc.text[p1:p2]
        if (
            n1 != n2
            and _rx(r"\band\b").search(between)
            and len(between) < JOINT_GAP
            and not _rx(r"[.;:]\s").search(_ABBREV.sub("", between))
        ):
            return f"{n1} and {n2}"
    return ""


_DESCRIPTOR = re.compile(
    r"^(?i:(?:one|another|a|an|the|two|three|several|some)\s+)?(?i:(?:senior|top|former|western)\s+)?"
    r"([A-Z][a-z]+)\s+(diplomats?|officials?|sources?|analysts?|lawmakers?)$"
)


_DETERMINER = r"(?:[Oo]ne|[Aa]nother|[Aa]n?|[Tt]he|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome|[Mm]any|[Oo]ther)"
_UNNAMED = re.compile(
    rf"{_DETERMINER}\s+((?:(?![a-z]{{5,}}ly\b)[a-z][\w-]*\s+){{0,2}}((?![a-z]{{5,}}ly\b)[a-z][\w-]+|[A-Z]{{2,4}}s?))"
)  # no adverb of 7+ letters in it: "at one point accidentally said" has no subject; "one ally" has
_UNNAMED_WHO = re.compile(
    rf"({_DETERMINER}\s+(?:[a-z][\w-]*\s+){{0,2}}(?:[a-z][\w-]+|[A-Z]{{2,4}}s?))\s+(?:who|that)\s"
)
# heads of a subject that are not a speaker ("the next day said" is no one's voice)
_NOT_SPEAKER_NOUNS = frozenset(
    [
        "day",
        "week",
        "month",
        "year",
        "time",
        "morning",
        "evening",
        "night",
        "afternoon",
        "weekend",
        "moment",
        "point",
        "way",
        "thing",
        "one",
        "other",
        "others",
    ]
)


def resolve_subject(doc: Walk, a: int, b: int, prefer: str = "last") -> Who | None:
    """Who the subject written in text[a:b] is, or None when no subject is written there."""
    text = doc.text
    while a < b and text[a] in " ,\n":
        a += 1
    while b > a and text[b - 1] in " ,\n":
        b -= 1
    region = text[a:b]
    if not region:
        return None
    rel = _UNNAMED_WHO.match(region)
    if rel:  # "one MP who backed Mr Johnson": the MP, not the person the clause names
        b = a + rel.end(1)
        region = text[a:b]
    low = region.lower()
    if low in PRONOUN_WORDS:
        return resolve_pronoun(doc, low, a)
    poss = _rx(r"(his|her|its|their)\s+(\w+)").match(low)
    if poss and (poss.group(2) in role_nouns() or poss.group(2) in body_nouns() or poss.group(2) in _OWNED):
        who, detail = resolve_pronoun(doc, poss.group(1), a)
        actor = doc.actor(who)
        if actor is not None and actor.type == "person" and poss.group(2) in role_nouns():
            return (actor.affiliation or who), ""  # "his spokesman": the person's government
        return who, detail
    ms = doc.mentions_in(a, b)
    people = doc.people_in(a, b)
    if len(people) >= 2 and prefer == "last":
        pair = _joint_people(doc, a, b)
        if (
            pair
            and _rx(r"\band\b").search(text[people[-2][0] : people[-1][0]])
            and _ends_subject(text, people[-1][0], b)
        ):
            return pair, ""
    if people:
        name = (people[-1] if prefer == "last" else people[0])[1]
        actor = doc.actor(name)
        if (
            _rx(r"\b(?:administration|government|cabinet)$").search(low)
            and actor is not None
            and actor.affiliation
        ):
            return actor.affiliation, ""  # "The Biden administration said": the United States
        return name, ""
    if _PLURAL_GROUP.match(region):
        joint = _recent_joint(doc, a)
        if joint:
            return joint, ""
    sur = _surname_subject(doc, region, a)
    if sur:
        doc.new_people.setdefault(sur, person_actor(sur))
        return sur, ""
    role = _ROLE.search(region)
    if ms:
        mention = ms[-1]
        if len(ms) >= 2 and _rx(r"\s(?:in|at)\s").search(text, ms[-2].end, mention.start):
            mention = ms[-2]  # "The Russian Embassy in Washington": the embassy's country, not its host
        actor = actor_of(mention, doc.matcher)
        owned = _rx(r"['’]s\s+((?:[A-Z][\w-]+\s+){0,2}[A-Z][\w-]+)\s*$").match(text, mention.end, b)
        if (
            owned
            and actor is not None
            and actor.type == "country"
            and not any(
                w.lower() in body_nouns()
                or w.lower() in role_nouns()
                or w in not_name_words()
                or doc.actor(w)
                for w in owned.group(1).split()
            )
        ):
            return owned.group(
                1
            ), ""  # "Germany's Tagesspiegel", "Russia's Gazprom": the body, not the country
        if role and actor is not None and actor.type == "country" and role.start() > mention.end - a:
            held = doc.role_holder(region[role.start() :], a)  # "the Russian leader": the person named so
            if (
                held
                and _is_title_phrase(region)
                and doc.actor(held)
                and doc.actor(held).affiliation == actor.name
            ):
                return held, ""
            if _is_title_phrase(region) and _rx(
                r"\b(?:official|minister|diplomat|leader|president)\b", re.I
            ).search(region):
                same = [
                    earlier
                    for earlier in doc.mentions_in(max(0, a - 8 * BACK), a)
                    if earlier.actor_type == "person"
                    and (doc.actor(earlier.actor) or Actor("", "person")).affiliation == actor.name
                ]
                if same:  # "the Ukrainian official": the Ukrainian the article named last
                    return same[-1].actor, ""
        who = speaks_for(actor, doc.by_name)
        detail = mention.actor if actor is not None and actor.type == "organization" else ""
        head = _head_phrase(region)
        if head:
            doc.remember_role(a, head, who)
        if role:
            doc.last_official = who
        return who, detail
    if role or _head_phrase(region):
        held = doc.role_holder(region, a)
        if held:
            return held, ""
        d = _DESCRIPTOR.match(region.strip())
        if d and d.group(1).lower() not in ("senior", "administration", "government", "u", "us", "the"):
            return f"{d.group(1)} {d.group(2).rstrip('s')}", ""
        if _rx(r"\b(?:administration|white house)\b").search(low):
            admin = _administration(doc, a)
            if admin:
                doc.last_official = admin
                return admin, ""
        if (
            _rx(
                r"\b(?:the|a|an)\s+(?:\w+\s+)?(?:official|spokesman|spokeswoman|spokesperson|officials)\b"
            ).search(low)
            and doc.last_official
        ):
            return doc.last_official, ""
    body = _unlisted_body(doc, region, a)
    if body:
        return body, ""
    outlet = _rx(r"(?:[Tt]he\s+)?(.+)").fullmatch(region).group(1)
    if outlet in outlet_names():  # "as Reuters reported": a news outlet (resources/outlets.csv)
        return outlet, ""
    unnamed = _UNNAMED.fullmatch(region)
    if (
        unnamed
        and unnamed.group(2).lower() not in _NOT_SPEAKER_NOUNS | body_nouns()  # no body or document
        and (not region.lower().startswith("the ") or unnamed.group(2).lower() in role_nouns())
    ):  # "one ally", "a neighbour", "the senior fellow": named by role only; "the plan" names no one
        return unnamed.group(1), ""
    if role:
        return "", ""
    p = _rx(r"\b(he|she|it|they)\b", re.I).search(region)
    if p:
        return resolve_pronoun(doc, p.group(1).lower(), a + p.start())
    return None


_OWNED = frozenset(
    ["website", "statement", "office", "account", "report", "spokesman", "spokeswoman", "spokesperson"]
)


def _ends_subject(text: str, pos: int, b: int) -> bool:
    return not _rx(r"\b(?:with|to|from|of|by)\b").search(text[pos:b])


def _is_title_phrase(region: str) -> bool:
    return not _rx(r"\b(?:a|an|senior|officials|sources)\b", re.I).search(region)


@lru_cache(maxsize=1)
def _role_rx() -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(sorted(role_nouns(), key=len, reverse=True)) + r")\b", re.I)


class _RoleProxy:
    def search(self, s: str) -> re.Match | None:
        return _role_rx().search(s)


_ROLE = _RoleProxy()


def _head_phrase(region: str) -> str:
    """The role or body noun a subject ends in ("Ukraine's Defense Ministry" -> "defense ministry")."""
    words = re.findall(r"[A-Za-z]+", region)
    if not words:
        return ""
    last = words[-1].lower()
    if last in body_nouns() or last in role_nouns():
        pre = (
            words[-2].lower()
            if len(words) >= 2 and words[-2][:1].isupper() and words[-2].lower() not in ("the", "s")
            else ""
        )
        return f"{pre} {last}".strip()
    return ""


def _administration(doc: Walk, pos: int) -> str:
    """The country of the government the article last named ("the Biden administration", "the White House")."""
    lo = max(0, pos - 8 * BACK)
    for mention in reversed(doc.mentions_in(lo, pos, outside=False)):
        after = doc.text[mention.end : mention.end + 16]
        actor = actor_of(mention, doc.matcher)
        if actor is None:
            continue
        if (
            mention.actor_type == "person"
            and _rx(r"['’]?s?\s+administration").match(after)
            and actor.affiliation
        ):
            return actor.affiliation
        if mention.actor_type == "organization" and actor.affiliation and mention.actor in ("White House",):
            return actor.affiliation
    return ""


def _unlisted_body(doc: Walk, region: str, pos: int) -> str:
    """An organisation or document off the actor list: "The Coast Bureau", "the NRMA", "The strategy" (named before)."""
    owner = _rx(r"((?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*)[’']s\s+(?:[a-z]+\s+){0,3}[a-z]+$").search(region)
    if owner:  # "The Coast Bureau's storm outlook": the body that owns it
        got = _unlisted_body(doc, owner.group(1), pos)
        if got:
            return got
    words = region.replace("’s", "").replace("'s", "").split()
    while words and (
        words[0].lower() in ("the", "a", "an", "and", "but", "also", "as", "while", "when")
        or _rx(r"[\w.]+-(?:based|born|headquartered)").fullmatch(words[0])  # "the Washington-based ..."
    ):
        words = words[1:]
    while words and not words[-1][:1].isupper() and words[-1].lower() not in body_nouns():
        words = words[:-1]
    if not words or len(words) > 6:
        return ""
    caps = [w for w in words if w[:1].isupper()]
    head = words[-1].strip(",.").lower()
    inner = [w for w in words if w[:1].isupper() or w in ("of", "for", "the", "and", "on")]
    if len(inner) == len(words) >= 3 and words[0].lower() in body_nouns() and words[-1][:1].isupper():
        return " ".join(words)  # "Institute for the Study of War"
    if len(words) == len(caps) and head in body_nouns() and _rx(r"\s*the\s", re.I).match(region):
        owner = doc.body_owner(
            " ".join(words), pos
        )  # "the Defence Ministry" after "Ukraine's Defence Ministry"
        if owner:
            return owner
    if len(words) == len(caps):
        if (
            len(words) == 1
            and len(words[0]) >= 3
            and sum(c.isupper() for c in words[0]) >= 2
            and words[0].isalpha()
        ):
            return words[0]  # an acronym: "NRMA", "MoD"
        if head in body_nouns() and len(words) >= 2:
            return " ".join(words)
    if head in body_nouns():  # "the strategy": the last body named with that noun
        lo = max(0, pos - 10 * BACK)
        found = ""
        for hit in re.finditer(
            rf"\b((?:[A-Z][\w’']*\s+){{1,4}}){re.escape(words[-1].capitalize())}\b", doc.text[lo:pos]
        ):
            first = hit.group(1).split()
            while first and first[0] in ("The", "A", "An", "In", "On", "But"):
                first = first[1:]
            if first:
                found = " ".join([*first, words[-1].capitalize()])
        return found
    return ""


@lru_cache(maxsize=1)
def _surname_subject_regex() -> re.Pattern:
    """One surname, perhaps after "the" and a title (resources/speaker_titles.txt), as a whole subject."""
    title = rf"(?:{lexicons.alternation('speaker_titles.txt')})\.?"
    return re.compile(
        rf"\s*(?:the\s+)?(?:{title}\s+)?({NAME_WORD})(?:['’]s)?\s*,?\s*(?:also|then|later|again)?\s*"
    )


def _surname_subject(doc: Walk, region: str, pos: int) -> str:
    """A subject that is one capitalised surname ("Hochul", "Mr Kvasniuk"): the full name used earlier, or itself."""
    hit = _surname_subject_regex().fullmatch(region)
    if (
        not hit
        or hit.group(1) in lexicons.words("not_surnames.txt")
        or hit.group(1) in not_name_words()
        or hit.group(1).lower() in body_nouns()
        or (doc.matcher.by_alias.get(hit.group(1)) or Actor("", "person")).type != "person"
    ):
        return ""
    sur = hit.group(1)
    for name in doc.new_people:
        if name.split()[-1] == sur and name != sur:
            return name
    full = ""
    for f in re.finditer(
        rf"\b[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+{re.escape(sur)}\b", doc.text[max(0, pos - 20 * BACK) : pos]
    ):
        full = person_name_at(f.group(), 0, len(f.group())) or full
    return full or sur


# ---------------------------------------------------------------- where the subject is written


_ABBREV = re.compile(
    r"\b(?:[A-Z][a-z]{0,3}|(?:[A-Z]\.)+[A-Z])\."
)  # Dr. Sen. Gen. U.S. before a sentence test


@lru_cache(maxsize=1)
def _opener() -> re.Pattern:
    """A clause opened by an adverbial or a time phrase ("In Moscow", "Speaking to reporters"), never the subject."""
    return re.compile(rf"\s*(?:{lexicons.alternation('clause_openers.txt')})\b")


def _names_someone(doc: Walk, a: int, b: int) -> bool:
    return bool(doc.people_in(a, b))


def _person_ends_at(doc: Walk, pos: int) -> bool:
    """Does a person's name end right at ``pos`` (so what follows is an aside about that person)?"""
    if any(m.end == pos and m.actor_type == "person" for m in doc.mentions_in(max(0, pos - 60), pos)):
        return True
    name = person_name_at(doc.text, max(0, pos - 60), pos, last=True)
    return bool(name) and doc.text[:pos].endswith(name)


def _subject_region(doc: Walk, lo: int, verb_start: int) -> tuple[int, int] | None:
    """Where the subject of the reporting verb at ``verb_start`` is written (at most 10 words back)."""
    text = doc.text
    lo = max(lo, verb_start - BACK)
    end = verb_start
    aux = re.search(
        r"(?:\b(?:has|had|have|was|is|were|are|also|then|later|again|once|would|will|could|had|repeatedly|"
        r"previously|recently|earlier|further|first|publicly|reportedly|separately|specifically)\s+)+$",
        text[lo:end],
    )
    if aux:
        end = lo + aux.start()
    coord = _rx(r",?\s*\b(?:but|and)\s+$").search(
        text[lo:end]
    )  # "Scholz, who ..., but insisted": the first clause's subject
    if coord:
        end = lo + coord.start()
    for n in range(2):  # "Egeland, the head of the council, which works in Ukraine, said": two asides
        aside = _rx(r",\s*(?:who\b[^,]*|[^,]{2,120}" + (",)" if n == 0 else ")") + r"\s*$").search(
            text[lo:end]
        )  # "Kowalski, director of ..., said"; the second aside ends where the first began
        if not aside or not (
            aside.group().lstrip(", ").startswith("who")
            or not _names_someone(doc, lo + aside.start(), end)
            or _rx(r",\s*(?:a|an|the|\w+ing)\s").match(aside.group())
            or _person_ends_at(doc, lo + aside.start())  # "Andriy Yermak, Zelensky's office head, said"
        ):
            break  # "Another official, Yuriy Shparaga, wrote": the name stays
        end = lo + aside.start()
    end = lo + len(text[lo:end].rstrip(", "))
    clause = _rx(
        r"[;:()\[\]\"“”]|,\s|\b(?:that|while|but|when|after|because|and|as|if|since|where|whom|which)\b"
    ).split(text[lo:end])[-1]
    joint = _rx(
        r"[;:()\[\]\"“”]|,\s|\b(?:that|while|but|when|after|because|as|if|since|where|whom|which)\b"
    ).split(text[lo:end])[-1]
    if _rx(r"[A-Z][\w’'-]+\s+and\s+(?:[A-Z][\w.]*\s+)*[A-Z][\w’'-]+\s*$").search(joint):
        clause = joint  # "Tom Reed and Ann Lowe wrote": both are the subject
    if not clause.strip():
        return None
    a = end - len(clause)
    words = list(_rx(r"\S+").finditer(clause))
    if len(words) > 10:
        a += words[-10].start()
    return a, end


_TIME_PHRASE = re.compile(
    r"(?:(?:[Ee]arly|[Ll]ate|[Ll]ast|[Tt]his|[Nn]ext|[Ee]arlier|[Ll]ater|[Oo]n|[Bb]y|[Ll]ate on|[Ee]arly on)\s+)*"
    r"(?:(?:last|this|next|that|the same|the following)\s+)?"
    r"(?:day|week|weekend|month|year|morning|afternoon|evening|night|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+(?:morning|afternoon|evening|night|\d{1,2}))?"
)  # "Late last week", "On Tuesday evening", "Earlier this month"


def _main_subject(doc: Walk, sent: Span, upto: int) -> Who | None:
    """The subject of the sentence: the first clause before ``upto`` that names an actor, a role or a pronoun."""
    text = doc.text
    head_lo = max(sent.start, upto - BACK)
    head = text[head_lo:upto]
    dateline = _rx(r"(?:[A-Z]{2,}[A-Z ,]*(?:\([A-Z]+\))?\s*[-—–]\s*)?").match(head).end()  # STOCKHOLM (AFP) -
    for clause_m in _rx(r"[^,]+").finditer(head[dateline:]):
        a, b = head_lo + dateline + clause_m.start(), head_lo + dateline + clause_m.end()
        seg = text[a:b]
        if _opener().match(seg) or _TIME_PHRASE.fullmatch(seg.strip()):
            continue  # "In Kyiv,", "Late last week,": an adverbial before the subject
        people = doc.people_in(a, b)
        if (
            people
            and not doc.first_verb(a, people[0][0])
            and not _rx(r"\b(?:with|by|from|about|of)\s").search(text[a : people[0][0]])
        ):
            return resolve_subject(doc, people[0][0], _noun_phrase_end(text, people[0][0], b), prefer="first")
        if (
            doc.mentions_in(a, b)
            or _ROLE.search(seg)
            or _rx(r"\s*(?:He|She|It|They|But he|But she)\b").match(seg)
            or people
            or _PLURAL_GROUP.match(text[a : _noun_phrase_end(text, a, b)].strip())
            or _unlisted_body(doc, text[a : _noun_phrase_end(text, a, b)], a)
        ):
            got = resolve_subject(doc, a, _noun_phrase_end(text, a, b), prefer="first")
            if got and got[0]:
                return got
            return None
        np_end = _noun_phrase_end(text, a, b)
        word = _rx(r"\s*([A-Z][\w’'-]+)\s*").fullmatch(text, a, np_end) if np_end > a else None
        if word and not doc.written_lower(word.group(1)) and word.group(1).lower() not in common_words():
            got = resolve_subject(doc, a, np_end, prefer="first")  # "Emery retweeted it, saying": a surname
            if got and got[0]:
                return got
        if len(seg.split()) > 2:
            return None  # the first clause has no actor: the sentence's subject is not a speaker
    return None


def _noun_phrase_end(text: str, a: int, b: int) -> int:
    """End of the noun phrase opening text[a:b]: capitalised words, titles and role nouns."""
    end = a
    for w in _rx(r"\S+").finditer(text[a:b]):
        tok = _rx(r"[’']s?$").sub("", w.group().strip(",.;:"))
        low = tok.lower()
        if (
            tok[:1].isupper()
            or low in lexicons.words("np_words.txt")
            or low in role_nouns()
            or low in body_nouns()
            or name_data.is_title(low)  # "said chief inspector Jane Doe"
            or low in ("a", "an")
            or low in ("he", "she", "it", "they", "but")
        ):
            end = a + w.end()
        else:
            break
    return end


def _quote_clause(doc: Walk, k: int) -> tuple[QuoteSpan, Span, int]:
    """The quote, its sentence, and where its sentence's text before the opening mark starts (after an earlier quote)."""
    got = doc.clause.get(k)
    if got is None:
        q = doc.quotes[k]
        sent = doc.sentence_at(q.open_pos)
        lo = max(sent.start, q.open_pos - BACK)
        if k > 0 and doc.q_close[k - 1] > lo and doc.q_close[k - 1] <= q.open_pos:
            lo = doc.q_close[k - 1]
        got = doc.clause[k] = (q, sent, lo)
    return got


# ---------------------------------------------------------------- rules


def _blank(text: str, a: int, b: int, chars: str | None = None) -> bool:
    """Nothing but white space (and ``chars``) in text[a:b] (bounded: a long stretch is never blank)."""
    return b - a < 120 and not text[a:b].strip(chars)
