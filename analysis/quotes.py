"""Direct quotes and their speakers (the quotations themselves are found by quote_marks.py).

Attribution has two parts. *Candidates* are the subjects written near a quote: the
subject of a reporting verb in the quote's sentence ('"...," X said', 'X said: "..."',
'X called it "a farce"', '..., adding that "..."'), the agent of a passive ('"..." by
X'), "according to X", pronouns (resolved to the person or body that last spoke, or the
subject of a recent sentence), role nouns and titles ("the ambassador", "the defence
ministry", "his spokesman": the person or body the article named for them, else their
country), joint subjects ("X and Y wrote"), organisations off the actor list ("The Met
Office said"). *Rules* (``RULES``, in order, each a small named function) decide which
candidate speaks; the first rule that decides wins, and its name is kept in the
``speaker_rule`` column. A rule may decide that nobody speaks (a title, a nickname, an
attribution that names no one): then no later rule guesses.

Every look-up is bounded (a window around the quote, bisect over sorted offsets), so an
article costs time linear in its length whatever its marks.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from . import lexicons
from . import names as name_data
from .actors import NAME_WORD, Actor, not_name_words, person_actor, person_name_at
from .attribution import (
    actor_of,
    body_nouns,
    leader_titles,
    reporting_verbs,
    role_nouns,
    speaks_for,
    verb_alternation,
    verb_set,
)
from .corpus import outlet_names
from .document import ArticleDoc
from .quote_marks import QuoteSpan, attribution_tail, find_quote_spans
from .schemas import Mention, Quote
from .sentences import Span

__all__ = [
    "Attributed",
    "Attribution",
    "QuoteSpan",
    "RULES",
    "attribute",
    "extract_quotes",
    "find_quote_spans",
]

_rx = lru_cache(maxsize=None)(re.compile)  # patterns compiled once (re's own cache costs more per call)

BACK = 600  # how far back (characters) a subject or antecedent is looked for
AHEAD = 220  # how far after a quote its attribution is looked for
BY_AFTER = 8  # '"reckless" by U.S. officials': "by" right after the closing mark (a space or two between)
VERB_AFTER_BODY = 25  # "the ministry, in turn, said": a body is a subject when a verb follows this close
SUBJECT_AFTER_MAX = 110  # '"...," X said': a subject between the mark and the verb is short (and 10 words)
JOINT_GAP = 160  # "X and Y" are named together when the second name starts this close after the first


@dataclass(frozen=True)
class Attribution:
    """What was decided about one quote: who speaks, the verb, and the rule that decided."""

    speaker: str = ""
    detail: str = ""  # the organisation a government speaker spoke through ("State Department")
    verb: str = ""
    rule: str = ""  # '' when no rule decided


Who = tuple[str, str]  # (speaker, detail)
_EXPRESSIVE = re.compile(
    r"\b(?:expressed|expressing|voiced|spoke|speaking|points? to|pointed to|outlined|outlines|"
    r"released a statement|in a statement|in a letter|on Twitter|in an interview)\b"
)


class Index:
    """One article's quotes, sentences, mentions and reporting verbs as sorted offsets, for bounded look-ups.

    Read-only once built: besides the indexes it keeps only memos of look-ups that depend on the text alone
    (quote kinds, clause starts, dense paragraphs, words written in lower case, runs of capitalised words).
    What the walk over the quotes learns is in ``Walk``."""

    def __init__(self, doc: ArticleDoc) -> None:
        self.text = doc.text
        self.matcher = doc.matcher
        self.by_name = doc.matcher.by_name()
        self.quotes: list[QuoteSpan] = sorted(doc.quote_spans, key=lambda q: q.open_pos)
        self.sentences = doc.sentences
        self.paras = doc.paragraphs
        mentions = doc.mentions
        if any(a.start > b.start for a, b in zip(mentions, mentions[1:], strict=False)):
            mentions = sorted(mentions, key=lambda mention: mention.start)
        self.mentions: list[Mention] = list(mentions)
        self.q_open = [q.open_pos for q in self.quotes]
        self.q_close = [q.close_pos for q in self.quotes]
        self.q_maxclose = []
        top = -1
        for c in self.q_close:
            top = max(top, c)
            self.q_maxclose.append(top)
        self.s_start = [s.start for s in self.sentences]
        self.m_start = [mention.start for mention in self.mentions]
        self.verbs = list(_verb_scan().finditer(self.text))  # every reporting verb, found once
        self.v_start = [v.start() for v in self.verbs]
        self.kinds: dict[int, str] = {}  # quote_kind by opening mark
        self.clause: dict[int, tuple[QuoteSpan, Span, int]] = {}  # _clause_start by quote
        self.dense: set[int] | None = None  # rule_dense's paragraphs
        self._lower: dict[str, bool] = {}
        self._runs: dict[tuple[int, int], tuple] = {}
        self._title_roles: list[tuple[int, str, str]] | None = None

    def written_lower(self, word: str) -> bool:
        """Does the article write this word in lower case too (so a capitalised "When" or "Since" is no name)?"""
        low = word.lower()
        got = self._lower.get(low)
        if got is None:
            got = self._lower[low] = low != word and _has_word(self.text, low)
        return got

    # ---- look-ups (all O(log n) plus the size of the answer)

    def inside_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.q_open, pos) - 1
        return k >= 0 and self.q_maxclose[k] > pos and pos != self.q_open[k]

    def mentions_in(self, a: int, b: int, outside: bool = True) -> list[Mention]:
        lo, hi = bisect.bisect_left(self.m_start, a), bisect.bisect_left(self.m_start, b)
        return [
            mention
            for mention in self.mentions[lo:hi]
            if mention.end <= b and not (outside and self.inside_quote(mention.start))
        ]

    def verbs_in(self, a: int, b: int) -> list[re.Match]:
        """The reporting verbs that lie inside text[a:b], in order."""
        lo, hi = bisect.bisect_left(self.v_start, a), bisect.bisect_left(self.v_start, b)
        return [v for v in self.verbs[lo:hi] if v.end() <= b]

    def expressive_in(self, a: int, b: int) -> bool:
        return _EXPRESSIVE.search(self.text, a, b) is not None

    def first_verb(self, a: int, b: int) -> re.Match | None:
        got = self.verbs_in(a, b) if b - a < 4 * BACK else []
        return got[0] if got else None

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.s_start, pos) - 1)

    def sentence_at(self, pos: int) -> Span:
        if not self.sentences:
            return Span(pos, pos)
        s = self.sentences[self.sentence_index(pos)]
        return s if s.start <= pos <= s.end else Span(pos, pos)

    def quotes_between(self, a: int, b: int) -> range:
        """Indexes of the quotes opening in [a, b)."""
        return range(bisect.bisect_left(self.q_open, a), bisect.bisect_left(self.q_open, b))

    def people_runs(self, a: int, b: int, listed: Sequence[Mention]) -> list[tuple[int, str]]:
        """(position, name) of the people off the actor list named in text[a:b] outside quotes: runs of
        capitalised words that end in a plausible name, none overlapping a ``listed`` mention."""
        out = []
        for hit in _CAPS_RUN.finditer(self.text, a, b):
            if self.inside_quote(hit.start()) or any(
                x.start < hit.end() and hit.start() < x.end for x in listed
            ):
                continue
            key = (hit.start(), hit.end())
            found = self._runs.get(key)
            if found is None:
                name = self.plausible_person(hit.group())
                found = self._runs[key] = (
                    (hit.start() + hit.group().rfind(name.split()[0]), name) if name else ()
                )
            if found:
                out.append(found)
        return out

    def plausible_person(self, surface: str) -> str:
        """The name that ends a run of capitalised words: 2-3 words, none a body, place, title or country word
        ("European Union Pavel Orlikov" -> Pavel Orlikov; "Popular Russian", "Since Russia" -> '')."""

        def bad(w: str) -> bool:
            a = self.matcher.by_alias.get(w)
            low = w.lower()
            return (
                (a is not None and a.type != "person" and w not in a.ambiguous)
                or w in lexicons.words("not_surnames.txt")
                or low in body_nouns()
                or w in not_name_words()
                or low in role_nouns()
                or (low.endswith("s") and (low[:-1] in role_nouns() or w[:-1] in not_name_words()))
            )

        words = surface.split()
        if words and words[-1].endswith(("’s", "'s")):
            words[-1] = words[-1][:-2]
        keep: list[str] = []
        for w in reversed(words):
            if bad(w) or len(keep) == 3:
                break
            keep.insert(0, w)
        if len(keep) > 2 and self.written_lower(keep[0]):
            keep = keep[1:]  # "Popular Tom Reed": a capitalised common word opening the sentence
        if len(keep) < 2 or self.written_lower(keep[0]):
            return ""
        return _plausible_person(" ".join(keep))

    def title_roles(self) -> list[tuple[int, str, str]]:
        """(pos, role, person) for titles written before a person's name ("Vice President Kamala Harris") and
        appositions ("Serhiy Haidai, the governor of Luhansk,"), in text order; found once per article."""
        if self._title_roles is None:
            roles: list[tuple[int, str, str]] = []
            for mention in self.mentions:
                if mention.actor_type != "person" or len(mention.surface.split()) < 2:
                    continue
                head = _title_before(self.text, mention.start)
                if head and mention.actor:
                    roles.append((mention.start, head.lower(), mention.actor))
            for hit in _appositive_rx().finditer(self.text):
                name = self.plausible_person(hit.group(1))
                listed = [
                    mention
                    for mention in self.mentions_in(hit.start(1), hit.end(1), outside=False)
                    if mention.actor_type == "person"
                ]
                who = listed[-1].actor if listed else name
                phrase = hit.group(2).strip()
                if who and phrase:
                    roles.append((hit.start(), phrase.lower(), who))
            self._title_roles = roles
        return self._title_roles


class Walk(Index):
    """The walk over one article's quotes, in order: the index, the attributions decided so far (``done``), and
    what the walk has learned on the way, which later quotes read: the people off the actor list it met
    (``new_people``), the roles named ("the ministry" -> the body; ``roles``) and the body an unnamed official
    last spoke for (``last_official``). Made by ``attribute`` for one article and never kept: ``attribute``
    returns what it learned."""

    def __init__(self, doc: ArticleDoc) -> None:
        super().__init__(doc)
        self.done: list[Attribution] = []
        self.new_people: dict[str, Actor] = {}
        self.roles: list[tuple[int, str, str]] = []  # (pos, role phrase, speaker) named so far
        self.last_official = ""
        self.after: dict[int, Attribution | None] = {}  # _after_quote by quote (it reads what was learned)
        self._titles_scanned = False

    def actor(self, name: str) -> Actor | None:
        return self.by_name.get(name) or self.new_people.get(name)

    def is_person(self, speaker: str) -> bool:
        a = self.actor(speaker)
        return (a is not None and a.type == "person") or " and " in speaker

    def people_in(self, a: int, b: int) -> list[tuple[int, str]]:
        """(position, name) of the people named in text[a:b] outside quotes, listed or not, in order; those
        off the list are met (``new_people``)."""
        listed = [mention for mention in self.mentions_in(a, b) if mention.actor_type == "person"]
        out = [(mention.start, mention.actor) for mention in listed]
        for found in self.people_runs(a, b, listed):
            self.new_people.setdefault(found[1], person_actor(found[1]))
            out.append(found)
        return sorted(out)

    def remember_role(self, pos: int, phrase: str, speaker: str) -> None:
        if phrase and speaker:
            self.roles.append((pos, phrase.lower(), speaker))

    def role_holder(self, phrase: str, pos: int) -> str:
        """The person or body the article named for a role phrase ("the vice president", "the ministry")."""
        if not self._titles_scanned:  # the titles join the roles named so far, in text order
            self._titles_scanned = True
            self.roles.extend(self.title_roles())
            self.roles.sort()
        words = [w for w in re.findall(r"[a-z]+", phrase.lower()) if w not in ("the", "a", "an", "s", "top")]
        if not words:
            return ""
        heads = {words[-1]} | (set(leader_titles()) if words[-1] == "leader" else set())
        rest = set(words[:-1])
        for p, key, who in reversed(self.roles):
            if p >= pos:
                continue
            kw = key.split()
            if (
                kw
                and (kw[-1] in heads or " ".join(kw[-2:]) in heads)
                and rest <= set(kw) | _nationality_words(who, self)
            ):
                return who
        return ""


@lru_cache(maxsize=1)
def _appositive_rx() -> re.Pattern:
    roles = "|".join(sorted((r for r in role_nouns() if not r.endswith("s")), key=len, reverse=True))
    return re.compile(
        rf"((?:{NAME_WORD}\s+){{1,2}}{NAME_WORD}),\s+(?:the|a|an)\s+((?:[A-Za-z-]+\s+){{0,3}}?(?:{roles}))\b"
    )


@lru_cache(maxsize=1)
def _verb_scan() -> re.Pattern:
    """verb_regex() with a look-ahead on first letters, so most positions fail at once (same matches, faster)."""
    firsts = "".join(sorted({w[0] for w in reporting_verbs()} | {"a", "w"}))
    return re.compile(rf"\b(?=[{firsts}])(?:" + verb_alternation() + r")\b")


def _has_word(text: str, word: str) -> bool:
    """Is ``word`` in text as a whole word (str.find, no regular expression to compile per word)?"""
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or not text[i - 1].isalnum()) and (j >= len(text) or not text[j].isalnum()):
            return True
        i = text.find(word, j)
    return False


def _nationality_words(who: str, doc: Walk) -> set[str]:
    """'russian' for a person of Russia (so "the Russian leader" finds "President Vladimir Putin")."""
    a = doc.actor(who)
    country = a.affiliation if a is not None and a.type == "person" else ""
    c = doc.by_name.get(country)
    return {w.lower() for alias in (c.aliases if c else ()) for w in alias.split() if w[:1].isupper()}


_CAPS_RUN = re.compile(
    rf"\b{NAME_WORD}(?:\s+(?:[A-Z]\.\s+)?(?:(?:de|von|van|der|al|bin|el)\s+)*{NAME_WORD})+\b"
)
_TITLE_WORD = re.compile(r"(?:[A-Z][\w.’'-]*|of|for|the|and|to|on)$")


def _title_before(text: str, pos: int) -> str:
    """The title right before a name: up to 7 words, capitalised or role nouns, ending in a role noun."""
    seg = text[max(0, pos - 90) : pos]
    words = seg.split()
    if seg and not seg[-1].isspace():
        return ""
    taken: list[str] = []
    for w in reversed(words):
        bare = w.strip(",.")
        if w.endswith((",", ".", ":", ";")) and taken:
            break
        low = bare.lower().rstrip("’'s") if bare.endswith(("’s", "'s")) else bare.lower()
        if (
            low in role_nouns()
            or low in leader_titles()
            or _TITLE_WORD.match(bare)
            or low
            in (
                "deputy",
                "foreign",
                "vice",
                "prime",
                "defense",
                "defence",
                "national",
                "security",
                "senior",
                "state",
                "press",
            )
        ):
            taken.insert(0, low)
            if len(taken) >= 7:
                break
            continue
        break
    while taken and taken[0] in ("of", "for", "the", "and", "to", "on"):
        taken.pop(0)
    if not taken or not any(t in role_nouns() or t in leader_titles() for t in taken):
        return ""
    return " ".join(taken)


def _plausible_person(surface: str) -> str:
    """A name from PERSON_NAME that is not a body ("Infantry Regiment", "Henry Jackson Society")."""
    name = person_name_at(surface, 0, len(surface))
    if not name or any(w.lower() in body_nouns() for w in name.split()):
        return ""
    return name


# ---------------------------------------------------------------- who a subject is


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
            people = [n for _, n in doc.people_in(lo, hi) if _gender_ok(doc, n, pron)]
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
    if unnamed and unnamed.group(2).lower() not in _NOT_SPEAKER_NOUNS | body_nouns():  # no body or document
        return unnamed.group(1), ""  # "one ally", "a neighbour", "the senior fellow": named by role only
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
        owner = _owner_named_before(
            doc, " ".join(words), pos
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


def _owner_named_before(doc: Walk, phrase: str, pos: int) -> str:
    """The country or organisation an earlier, fuller mention of ``phrase`` named ("Ukraine's Defence Ministry")."""
    lo = max(0, pos - 10 * BACK)
    found = ""
    for hit in re.finditer(rf"((?:[A-Z][\w’'-]*\s+){{1,3}}){re.escape(phrase)}\b", doc.text[lo:pos]):
        ms = [
            x
            for x in doc.mentions_in(lo + hit.start(1), lo + hit.end(1), outside=False)
            if x.actor_type != "person"
        ]
        if ms:
            found = speaks_for(actor_of(ms[-1], doc.matcher), doc.by_name)
    return found


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


def _main_subject(doc: Walk, sent: Span, upto: int) -> Who | None:
    """The subject of the sentence: the first clause before ``upto`` that names an actor, a role or a pronoun."""
    text = doc.text
    head_lo = max(sent.start, upto - BACK)
    head = text[head_lo:upto]
    dateline = _rx(r"(?:[A-Z]{2,}[A-Z ,]*(?:\([A-Z]+\))?\s*[-—–]\s*)?").match(head).end()  # STOCKHOLM (AFP) -
    for clause_m in _rx(r"[^,]+").finditer(head[dateline:]):
        a, b = head_lo + dateline + clause_m.start(), head_lo + dateline + clause_m.end()
        seg = text[a:b]
        if _opener().match(seg):
            continue
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
        if np_end > a and _rx(r"\s*[A-Z][\w’'-]+\s*").fullmatch(text, a, np_end):
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


def _clause_start(doc: Walk, k: int) -> tuple[QuoteSpan, Span, int]:
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


DENSE_MIN, DENSE_PER_KB = (
    100,
    20,
)  # a paragraph with over 100 quotes, more than 20 per 1,000 characters, is no prose


def rule_dense(doc: Walk, k: int) -> Attribution | None:
    """Quote marks too dense to be prose (a table, a list of terms, broken markup): nobody speaks, at no cost."""
    q = doc.quotes[k]
    if doc.dense is None:
        counts: dict[int, int] = {}
        for x in doc.quotes:
            counts[x.para] = counts.get(x.para, 0) + 1
        doc.dense = {
            p
            for p, n in counts.items()
            if p < len(doc.paras)
            and n > DENSE_MIN
            and n * 1000 > DENSE_PER_KB * (doc.paras[p].end - doc.paras[p].start)
        }
    return Attribution(rule="dense") if q.para in doc.dense else None


def rule_not_speech(doc: Walk, k: int) -> Attribution | None:
    """Titles, nicknames and names in marks ("Dana Whitfield Tonight", so-called "Republics"): nobody speaks."""
    q, sent, lo = _clause_start(doc, k)
    inner = doc.text[q.start : q.end]
    before = doc.text[max(sent.start, q.open_pos - 60) : q.open_pos]
    kind = quote_kind(doc, q, sent)
    if kind == "partial" and re.search(
        r"(?:\bso-called|\bdubbed|\bknown as|\btitled|\bentitled|\bnicknamed|"
        r"\b(?!it\b|him\b|her\b|them\b|this\b|that\b|been\b|was\b|were\b|is\b|are\b|be\b|being\b|he\b|she\b|they\b|"
        r"who\b|which\b|also\b)[a-z]+\s+(?:called|named))\s*$",
        before,
    ):
        return Attribution(rule="not_speech")
    if kind == "partial" and _is_name_or_title(inner) and _after_cached(doc, k) is None:
        return Attribution(rule="not_speech")
    return None


def _after_cached(doc: Walk, k: int) -> Attribution | None:
    if k not in doc.after:
        doc.after[k] = _after_quote(doc, k)
    return doc.after[k]


def rule_missing_marks(doc: Walk, k: int) -> Attribution | None:
    """A paragraph whose marks were lost, ending ", she said.": the subject of that tail."""
    q = doc.quotes[k]
    if q.marks != "missing":
        return None
    text = doc.text
    line_end = text.find("\n", q.end)
    tail = attribution_tail().search(text, q.end, line_end if line_end >= 0 else len(text))
    if not tail:
        return Attribution(rule="missing_marks")
    who_a, who_b = tail.start("who"), tail.end("who")
    app = _rx(r"([^,]+),").match(text[who_a:who_b])
    got = resolve_subject(doc, who_a, who_a + app.end(1) if app else who_b)
    return Attribution(*(got or ("", "")), tail.group("verb").split()[0], "missing_marks")


def rule_after_quote(doc: Walk, k: int) -> Attribution | None:
    """'"...," X said' / '"...," said X' / '"...," according to X' right after the closing mark."""
    return _after_cached(doc, k)


def _after_quote(doc: Walk, k: int) -> Attribution | None:
    q = doc.quotes[k]
    text = doc.text
    nxt = doc.q_open[k + 1] if k + 1 < len(doc.q_open) else len(text)
    line = text.find("\n", q.close_pos, q.close_pos + AHEAD)
    lim = min(nxt, q.close_pos + AHEAD, line if line >= 0 else len(text))
    seg = text[q.close_pos : lim]
    gap = _rx(r"\s*,?\s*").match(seg)
    inner_end = text[max(q.start, q.end - 1) : q.end]
    off = q.close_pos + gap.end()
    if (
        "," not in gap.group()
        and inner_end not in (",", "!", "?", ".", "…", "-", "—")
        and not seg.startswith(" according")
        and not _tight_tail().match(text, off, lim)
    ):
        return None  # '"serious consequences" Russia would suffer': no attribution follows
    acc = _rx(r"according to\b").match(text[off:lim])
    if acc:
        end = _rx(r"[,.;]\s|[,.;]?$").search(text[off + acc.end() : lim]).start() + off + acc.end()
        got = resolve_subject(doc, off + acc.end(), end, prefer="first")
        return Attribution(*got, "according to", "after_quote") if got else None
    stop = _rx(r"(?<=[.!?])\s+(?=[A-Z\"“])").search(text[off:lim])
    if stop and not _ABBREV.search(text[max(off, off + stop.start() - 5) : off + stop.start() + 1]):
        lim = off + stop.start()
    new_sentence = (
        "," not in gap.group()
        and inner_end in (".", "…")
        and doc.sentence_index(off) != doc.sentence_index(q.start)
    )
    v = doc.first_verb(off, lim)
    if (
        v
        and new_sentence
        and (
            not _rx(r"\s*(?:[A-Z][\w.’'-]*\s*){0,4}").fullmatch(text[off : v.start()])
            or not _rx(r"(?:\s+(?:on\s+)?\w+day|\s+in an? \w+|\s+(?:on|to) [\w ]{1,25})?\s*[.,;]").match(
                text[v.end() : lim + 1]
            )
        )
    ):
        return None  # '"...end." On Tuesday, the ministry said': a new sentence, not this quote's attribution
    if not v or v.group() == "according to":
        return None
    between = text[off : v.start()]
    if not between.strip():  # said X (titles with a full stop, "said Dr. Jack Shonkoff", stay in)
        if _rx(r"\s*(?:that|to|on|in|of|about|it|this|the [a-z])\b").match(text[v.end() : lim]):
            return None  # '..., adding that the infrastructure ...': a complement, not a speaker
        after_end = _rx(r"[,;:]|\.(?!\s*[A-Z][a-z]*\b(?!\.))|$").search(text[v.end() : lim]).start() + v.end()
        np_end = _noun_phrase_end(text, v.end(), after_end)  # "said Dr Williams during a visit to Ukraine"
        got = resolve_subject(doc, v.end(), np_end if np_end > v.end() else after_end, prefer="first")
        if got is None and _rx(r"\s*(?:the|a|an)\s+[a-z]+").match(text, v.end()):
            got = ("", "")  # 'said the woman': an attribution that names no one, so nobody is guessed
        return Attribution(*got, v.group(), "after_quote") if got else None
    core_end = v.start()
    aux = _rx(r"\s+(?:has|had|have|was|is|also|then|later|again|once)\s*$").search(text[off:core_end])
    if aux:
        core_end = off + aux.start()
    app = _rx(r"([^,]{1,60}),[^,]{1,140},\s*$").match(
        text[off:core_end]
    )  # "X, of the Harlow Policy Center, said"
    if app:
        core_end = off + app.end(1)
    core = text[off:core_end]
    if (
        len(core) > SUBJECT_AFTER_MAX
        or len(core.split()) > 10
        or _rx(r"[.;!?](?=\s)").search(_ABBREV.sub("", core))
    ):
        return None
    got = resolve_subject(doc, off, core_end)
    return Attribution(*got, v.group(), "after_quote") if got else None


@lru_cache(maxsize=1)
def _tight_tail() -> re.Pattern:
    """A verb right after a quote, or a short subject and one (reporting_verbs.txt, @tight_tail, @tight_tail_end)."""
    return re.compile(
        rf"(?:{verb_set('tight_tail')})\s+[A-Za-z]|(?:the\s+|a\s+|an\s+)?(?:[\w.’'-]+\s+){{0,4}}?"
        rf"(?:{verb_set('tight_tail_end')}|told \w+)(?:[.,;]|\s+(?:in|on)\b)"
    )


def rule_passive_by(doc: Walk, k: int) -> Attribution | None:
    """'... were described as "reckless" by U.S. officials': the agent after "by"."""
    q, sent, lo = _clause_start(doc, k)
    text = doc.text
    if not _rx(r"\s*by\s").match(text[q.close_pos : q.close_pos + BY_AFTER]):
        return None
    before = text[max(lo, q.open_pos - 120) : q.open_pos]
    if not re.search(
        r"\b(?:been|was|were|is|are|being)\s+(?:\w+\s+)?(?:called|described|labell?ed|branded|termed|"
        r"characteri[sz]ed|dubbed|decried|denounced|condemned|criticized|criticised|dismissed)\s+(?:as\s+)?$",
        before,
    ):
        return None
    agent = _rx(r"\s*by\s+((?:[A-Z]\.)+[A-Z]?\.?\s*[^,.;]{0,80}|[^,.;]{2,80})").match(
        text[q.close_pos : min(sent.end, q.close_pos + AHEAD)]
    )
    if not agent:
        return None
    a = q.close_pos + agent.start(1)
    got = resolve_subject(doc, a, _noun_phrase_end(text, a, q.close_pos + agent.end(1)), prefer="first")
    return Attribution(*got, "by", "passive_by") if got and got[0] else None


def rule_trailing(doc: Walk, k: int) -> Attribution | None:
    """A partial quote in a sentence that ends ', a senior US official said on Thursday.' (the speaker comes after)."""
    q, sent, lo = _clause_start(doc, k)
    text = doc.text
    if (
        quote_kind(doc, q, sent) == "full"
        and _blank(text, sent.start, q.open_pos)
        and (text[q.end - 1 : q.end] in ",.!?…" or not _rx(r"\W?\s+[a-z]").match(text, q.close_pos))
    ):
        return None  # a full quote opening its sentence goes on in lower case ('"..." in that law, X said.')
    hi = min(sent.end, q.close_pos + 2 * AHEAD)
    if any(doc.q_open[j] < hi for j in doc.quotes_between(q.close_pos, hi)):
        hi = min(hi, doc.q_open[doc.quotes_between(q.close_pos, hi)[0]])
        if hi < sent.end:
            return None  # another quote follows in the sentence: its attribution is its own
    comma = hi
    for _ in range(3):  # ', he said.' or ', he said, making clear that ...' at the end of the sentence
        comma = text.rfind(",", q.close_pos, comma)
        if comma < 0 or hi - comma > 240:
            return None
        trail = _trail_rx().fullmatch(text, comma, hi)
        if trail and trail.group("verb") != "according to":
            got = resolve_subject(doc, trail.start("who"), trail.end("who"))
            if got and got[0]:
                return Attribution(*got, trail.group("verb").split()[0], "trailing")
    return None


@lru_cache(maxsize=1)
def _trail_rx() -> re.Pattern:
    return re.compile(
        r",\s+(?P<who>[^,]{2,90}?)\s+(?P<verb>\b(?:" + verb_alternation() + r")\b)(?:[^,]{0,40})?"
        r"(?:,\s+\w+ing\b[^\"“”]{0,160})?[.!?]?[\"”’]?"
    )


def rule_before_quote(doc: Walk, k: int) -> Attribution | None:
    """The subject of a reporting verb before the quote: 'X said: "..."', 'X called it "a farce"', 'what X described as',
    'X told reporters that "..."', '..., adding that "..."' (a participle or 'but noted' takes the sentence's subject).
    The verbs of the quote's own coordinate clause ('X say ..., but Y rejects it as "..."') come first."""
    q, sent, lo = _clause_start(doc, k)
    text = doc.text
    verbs = [
        v
        for v in doc.verbs_in(lo, q.open_pos)
        if v.group() != "according to"
        and not _rx(r"\s+to\s+\w").match(text[v.end() : v.end() + 6])  # "continues to support"
        and not _rx(r"\b(?:to|the|a|an|his|her|its|their|of|so)\s+$|-$").search(
            text[max(lo, v.start() - 6) : v.start()]
        )
        and not (
            v.group().endswith("s")
            and _rx(r"\s+(?:have|has|had|were|was|are|is|of|by|from|about)\b").match(text, v.end())
        )
    ]  # "Startling claims have been made": a noun
    if not verbs:
        return None
    cut = max((b.end() for b in _COORD.finditer(text, lo, q.open_pos)), default=lo)
    ordered = [v for v in verbs if v.start() >= cut] + [v for v in verbs if v.start() < cut]
    for v in ordered:
        word = v.group()
        head = text[max(lo, v.start() - 12) : v.start()]
        if (word.endswith("ing") and _rx(r",\s*(?:and\s+|while\s+|before\s+)?$").search(head)) or _rx(
            r"(?:,\s*|\s)(?:but|and)\s+(?:also\s+)?$"
        ).search(head):
            who = list(_rx(r",\s+who\b").finditer(text[lo : v.start()]))
            if who:  # "Scholz, who did not go as far, but insisted": the one the relative clause is about
                a = lo + who[-1].start()
                people = doc.people_in(max(lo, a - 60), a)
                got = (people[-1][1], "") if people else resolve_subject(doc, max(lo, a - 60), a)
            else:
                got = _main_subject(
                    doc, sent, v.start()
                )  # "..., noting that" / "declined to say, but noted": the subject
            if got and got[0]:
                return Attribution(*got, word, "before_quote")
            continue
        whose = _rx(r",\s*whose\s+\w+\s*$").search(text[lo : v.start()])
        if whose:  # "the State Department, whose spokesman said": the body named before
            ms = doc.mentions_in(max(lo, lo + whose.start() - 80), lo + whose.start())
            if ms:
                mention = ms[-1]
                return Attribution(
                    speaks_for(actor_of(mention, doc.matcher), doc.by_name)
                    if mention.actor_type != "person"
                    else mention.actor,
                    mention.actor if mention.actor_type == "organization" else "",
                    word,
                    "before_quote",
                )
        subj = _subject_region(doc, max(lo, cut if v.start() >= cut else lo), v.start())
        if subj is None:
            continue
        got = resolve_subject(doc, *subj)
        if got is not None:
            if not got[0] and v is not ordered[-1]:
                continue
            return Attribution(*got, word, "before_quote")
    return None


def rule_as_reported(doc: Walk, k: int) -> Attribution | None:
    """'"...," as Reuters reported, "..."' / 'as the minister put it, "..."': the subject of an "as" clause
    written right before or right after the quote."""
    q, sent, lo = _clause_start(doc, k)
    text = doc.text
    verbs = verb_alternation()
    before = _as_clause_rx(verbs, "before").search(text, max(sent.start, q.open_pos - 120), q.open_pos)
    after = _as_clause_rx(verbs, "after").match(text, q.close_pos, min(sent.end, q.close_pos + 120) + 1)
    for m in (after, before):
        if m:
            got = resolve_subject(doc, m.start("who"), m.end("who"), prefer="first")
            if got and got[0]:
                return Attribution(*got, m.group("verb"), "as_reported")
    return None


@lru_cache(maxsize=2)
def _as_clause_rx(verbs: str, where: str) -> re.Pattern:
    clause = rf"\bas\s+(?P<who>[^,;:.\"“”]{{2,60}}?)\s+(?P<verb>\b(?:{verbs}|put it)\b)"
    if where == "before":
        return re.compile(clause + r"[^.;\"“”]{0,30}[,:]?\s*$")
    return re.compile(r"\W?\s*,?\s*" + clause + r"[^\"“”]{0,30}?(?=[,.;]|$)")


def rule_colon(doc: Walk, k: int) -> Attribution | None:
    """'Zelensky was defiant: "We will not leave."': a quote after a colon goes to the subject before it."""
    q, sent, lo = _clause_start(doc, k)
    if not doc.text[max(lo, q.open_pos - 4) : q.open_pos].rstrip().endswith(":"):
        return None
    got = _main_subject(doc, Span(lo, sent.end), q.open_pos)
    return Attribution(*got, "", "colon") if got and got[0] else None


_COORD = re.compile(r";\s*|,\s+(?:but|while|whereas|although|though|yet)\s+|\s--\s|\s[—–]\s")


_ACCORDING = re.compile(r"\b[Aa]ccording to\b")


def rule_according_to(doc: Walk, k: int) -> Attribution | None:
    """'According to X, ... "..."' anywhere in the sentence."""
    q, sent, lo = _clause_start(doc, k)
    text = doc.text
    if text.find("ccording to", max(sent.start, q.open_pos - BACK), min(sent.end, q.close_pos + AHEAD)) < 0:
        return None
    for acc in _ACCORDING.finditer(
        text, max(sent.start, q.open_pos - BACK), min(sent.end, q.close_pos + AHEAD)
    ):
        a = acc.end()
        if doc.inside_quote(a):
            continue
        end = _rx(r"[,.;]\s|[,.;]?$").search(text[a : min(sent.end, a + 120)]).start() + a
        if _rx(r"\s+(?:plan|schedule|the plan|the schedule|reports?)\b").match(text[a:end]):
            continue
        got = resolve_subject(doc, a, end, prefer="first")
        if got and got[0]:
            return Attribution(*got, "according to", "according_to")
    return None


def rule_same_sentence(doc: Walk, k: int) -> Attribution | None:
    """An earlier quote in the same sentence has a speaker: 'X called it "a" and "b"'."""
    q = doc.quotes[k]
    sent = doc.sentence_at(q.open_pos)
    for j in range(k - 1, max(-1, k - 4), -1):
        if doc.q_open[j] < max(sent.start, q.open_pos - BACK):
            break
        if doc.done[j].speaker:
            return Attribution(doc.done[j].speaker, doc.done[j].detail, doc.done[j].verb, "same_sentence")
    return None


def rule_sentence_subject(doc: Walk, k: int) -> Attribution | None:
    """A partial quote in a sentence with a reporting verb: the sentence's subject ("Blinken expressed concern at "...")."""
    q, sent, lo = _clause_start(doc, k)
    if quote_kind(doc, q, sent) == "full" and _blank(doc.text, sent.start, q.open_pos):
        return None
    lo_s, hi_s = max(sent.start, q.open_pos - BACK), min(sent.end, q.close_pos + AHEAD)
    if not doc.first_verb(lo_s, hi_s) and not doc.expressive_in(lo_s, q.open_pos):
        return None
    got = _main_subject(doc, sent, q.open_pos)
    if got and got[0]:
        v = doc.first_verb(lo_s, q.open_pos)
        return Attribution(*got, v.group() if v else "", "sentence_subject")
    return None


def rule_continues(doc: Walk, k: int) -> Attribution | None:
    """A quote that opens its sentence right after the previous quote's sentence (or paragraph left open): same speaker."""
    if k == 0:
        return None
    q, sent, lo = _clause_start(doc, k)
    text = doc.text
    j = k - 1
    if j > 0 and doc.done[j].rule == "not_speech" and doc.done[j - 1].speaker:
        j -= 1  # a show title between two quotes ('Cotton told ABC "This Week" on Sunday. "..."') is nobody's
    prev_q, prev = doc.quotes[j], doc.done[j]
    if not prev.speaker:
        return None
    if prev_q.continues and prev_q.para == q.para - 1 and _blank(text, doc.paras[q.para].start, q.open_pos):
        return Attribution(prev.speaker, prev.detail, prev.verb, "continues")
    if not _blank(text, sent.start, q.open_pos, " :—–-") and not (
        _rx(r"\s*(?:[A-Za-z]+,?\s+){1,2}").fullmatch(text[sent.start : q.open_pos])
        and q.open_pos - sent.start < 30
        and not doc.mentions_in(sent.start, q.open_pos)
        and not doc.people_in(sent.start, q.open_pos)
    ):
        return None  # the quote does not open its sentence ("Now, "..." still does)
    ps = doc.sentence_index(q.open_pos) - 1
    prev_sent = doc.sentence_index(prev_q.open_pos)
    others = [n for _, n in doc.people_in(doc.q_close[j], q.open_pos) if n != prev.speaker]
    if prev_sent == ps + 1:
        return Attribution(
            prev.speaker, prev.detail, prev.verb, "continues"
        )  # an earlier quote opens this sentence
    if prev_sent == ps and (
        prev.rule in ("after_quote", "before_quote", "continues", "trailing", "missing_marks") or not others
    ):
        return Attribution(prev.speaker, prev.detail, prev.verb, "continues")  # '"...," X said. "..."'
    if (
        ps >= 0
        and prev_sent == ps - 1
        and not others
        and q.open_pos - doc.q_close[j] < 300
        and not [
            mention
            for mention in doc.mentions_in(doc.q_close[j], q.open_pos)
            if mention.actor != prev.speaker
        ]
    ):
        return Attribution(prev.speaker, prev.detail, prev.verb, "continues")
    return None


def rule_next_quote(doc: Walk, k: int) -> Attribution | None:
    """An unattributed full quote opening a paragraph, followed by one opening the next: the next one's speaker."""
    q = doc.quotes[k]
    text = doc.text
    if k + 1 >= len(doc.quotes) or doc.done[k + 1].speaker == "":
        return None
    nq = doc.quotes[k + 1]
    if (
        nq.para == q.para + 1
        and _blank(text, doc.paras[nq.para].start, nq.open_pos)
        and _blank(text, doc.paras[q.para].start, q.open_pos)
    ):
        return Attribution(
            doc.done[k + 1].speaker, doc.done[k + 1].detail, doc.done[k + 1].verb, "next_quote"
        )
    return None


def rule_between_same(doc: Walk, k: int) -> Attribution | None:
    """An unattributed quote between two quotes of the same speaker, close on both sides: that speaker."""
    if k == 0 or k + 1 >= len(doc.quotes):
        return None
    before, after = doc.done[k - 1], doc.done[k + 1]
    q = doc.quotes[k]
    if (
        before.speaker
        and before.speaker == after.speaker
        and q.open_pos - doc.q_close[k - 1] < 300
        and doc.q_open[k + 1] - q.close_pos < 300
        and all(n == before.speaker for _, n in doc.people_in(doc.q_close[k - 1], q.open_pos))
    ):
        return Attribution(before.speaker, before.detail, before.verb, "between_same")
    return None


def rule_previous_sentence(doc: Walk, k: int) -> Attribution | None:
    """'X was blunt. "We see no pullback."': a full quote opening its sentence goes to the previous sentence's subject."""
    q, sent, lo = _clause_start(doc, k)
    text = doc.text
    if not _blank(text, sent.start, q.open_pos, " :—–-") or q.marks != "present":
        return None
    i = doc.sentence_index(q.open_pos) - 1
    if i < 0:
        return None
    ps = doc.sentences[i]
    first = bisect.bisect_left(doc.q_open, ps.start)
    if (
        q.open_pos - ps.end > 5
        or (first < len(doc.q_open) and doc.q_open[first] < ps.end)
        or ps.end - ps.start > 2 * BACK
    ):
        return None
    got = _main_subject(doc, ps, ps.end)
    if got and got[0] and doc.is_person(got[0]):
        return Attribution(*got, "", "previous_sentence")
    return None


Rule = Callable[[Walk, int], "Attribution | None"]
RULES: tuple[Rule, ...] = (
    rule_dense,
    rule_not_speech,
    rule_missing_marks,
    rule_after_quote,
    rule_passive_by,
    rule_trailing,
    rule_as_reported,
    rule_before_quote,
    rule_colon,
    rule_according_to,
    rule_same_sentence,
    rule_sentence_subject,
    rule_continues,
)
LATE_RULES: tuple[Rule, ...] = (
    rule_next_quote,
    rule_between_same,
    rule_previous_sentence,
)  # once every quote had its first pass


def rule_name(rule: Rule) -> str:
    return rule.__name__.removeprefix("rule_")


def quote_kind(doc: Walk, q: QuoteSpan, sent: Span) -> str:
    """full when the marks hold a clause said as such (opening the sentence, or after a colon or 'said,')."""
    key = q.open_pos
    if key in doc.kinds:
        return doc.kinds[key]
    text = doc.text
    if q.marks == "missing":
        kind = "full"
    else:
        before = text[
            max(
                sent.start, text.rfind("\n", max(0, q.open_pos - BACK), q.open_pos) + 1, q.open_pos - BACK
            ) : q.open_pos
        ]
        tail = before.rstrip()
        kind = "partial"
        if not tail or tail.endswith((":", ",")):
            kind = "full"
        else:
            verb_before = _rx(r"(\w+),\s*(?:but|and)$").search(tail[-40:])
            if verb_before and verb_before.group(1) in reporting_verbs():
                kind = "full"
    doc.kinds[key] = kind
    return kind


def _is_name_or_title(quote: str) -> bool:
    words = quote.strip(" ,.").split()
    return (
        0 < len(words) <= 5
        and words[0][:1].isupper()
        and all(
            w[:1].isupper() or w[:1].isdigit() or w.lower() in ("of", "the", "and", "in", "for", "a")
            for w in words
        )
    )


@dataclass(frozen=True)
class Attributed:
    """What the walk over one article's quotes decided, and what it learned on the way."""

    quotes: tuple[QuoteSpan, ...]  # in order of their opening marks
    attributions: tuple[Attribution, ...]  # one per quote, same order
    kinds: tuple[str, ...]  # full | partial, same order
    new_people: Mapping[str, Actor]  # people off the actor list the walk met, in the order met
    last_official: str  # the body an unnamed official last spoke for


def attribute(doc: ArticleDoc) -> Attributed:
    """One Attribution per quote of ``doc``: the first rule that decides, in a first pass over the quotes in order,
    then the late rules for those no rule decided."""
    walk = Walk(doc)
    done = walk.done
    for k in range(len(walk.quotes)):
        got = next((a for a in (r(walk, k) for r in RULES) if a is not None), None)
        done.append(got or Attribution())
    for k in range(len(walk.quotes)):
        if not done[k].rule:
            got = next((a for a in (r(walk, k) for r in LATE_RULES) if a is not None), None)
            if got:
                done[k] = got
    return Attributed(
        quotes=tuple(walk.quotes),
        attributions=tuple(done),
        kinds=tuple(quote_kind(walk, q, walk.sentence_at(q.start)) for q in walk.quotes),
        new_people=MappingProxyType(dict(walk.new_people)),
        last_official=walk.last_official,
    )


def extract_quotes(doc: ArticleDoc) -> tuple[list[Quote], list[Actor]]:
    """Quotes of an article with their speakers, and the quoted people not on the actor list.

    Tone is not scored here: ``sentiment.score_quotes`` fills the tone columns (0 until then)."""
    if not doc.quote_spans:
        return [], []
    text, article = doc.text, doc.article
    walked = attribute(doc)
    order = sorted(range(len(walked.quotes)), key=lambda i: walked.quotes[i].start)
    out = []
    for n, i in enumerate(order):
        q, a = walked.quotes[i], walked.attributions[i]
        out.append(
            Quote(
                article_id=article.article_id,
                quote_id=f"{article.article_id}-{n:03d}",
                text=text[q.start : q.end],
                speaker=a.speaker,
                verb=a.verb,
                kind=walked.kinds[i],
                quote_marks=q.marks,
                start=q.start,
                end=q.end,
                polarity=0.0,
                subjectivity=0.0,
                published=article.published,
                speaker_detail=a.detail,
                speaker_rule=a.rule,
            )
        )
    used = {p for a in walked.attributions for p in a.speaker.split(" and ")}
    return out, [a for name, a in walked.new_people.items() if name in used]
