"""Actor mentions: people, countries and organisations, with aliases.

The lexicon is two data files (resources/actors.csv, and the other sovereign states in resources/countries.csv;
provenance in resources/README.md).
Matching is case-sensitive on word boundaries (hyphens allowed: "Russia-backed"),
longest alias first, so "Sergei Lavrov" is one mention. Possessives count
("Blinken's", and "Blinkens" where a scraper lost the apostrophe). A bare
ambiguous surname (Price, Burns) counts only after the article has named that
person in full. Phrases listed under ``exclude`` ("Chicken Kiev", literal text) are not mentions.
Invisible characters inside a name (zero-width joiners, soft hyphens, combining marks: "Pu\u200dtin")
are ignored for matching; offsets still point into the stored text.

People not on the list are discovered in the body (``discover_people``): a run of two to four
capitalised name words, titles stripped ("Defence Minister X Y" is X Y), never a place, month,
organisation, outlet or sentence starter (resources/not_name_words.txt, resources/places.txt);
spelling variants, middle initials and titles of one person merge into the first full name.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import lexicons
from . import names as name_data
from .schemas import Mention

EXCLUDE_REACH = (
    40  # characters each side of a hit searched for an excluded phrase holding it ("Chicken Kiev")
)


@dataclass(frozen=True)
class Actor:
    name: str
    type: str  # person | country | organization
    affiliation: str = ""
    gender: str = ""  # m | f | '' (unknown)
    aliases: tuple[str, ...] = ()
    ambiguous: frozenset[str] = frozenset()
    metonyms: frozenset[str] = frozenset()
    exclude: tuple[str, ...] = ()

    @property
    def surname(self) -> str:
        return self.name.split()[-1] if self.type == "person" else ""


def _split(cell: str | None) -> list[str]:
    return [a.strip() for a in (cell or "").split("|") if a.strip()]


def parse_actors(text: str) -> list[Actor]:
    """Parse an actors CSV (columns: name,type,affiliation,gender,aliases,ambiguous,metonyms,exclude)."""
    rows = csv.DictReader(io.StringIO(text))
    if not rows.fieldnames or not {"name", "type"} <= set(rows.fieldnames):
        raise ValueError(f"an actors file needs at least the columns name,type (got {rows.fieldnames})")
    actors = []
    for i, r in enumerate(rows, start=2):
        name, kind = (r.get("name") or "").strip(), (r.get("type") or "").strip().lower()
        if not name:
            continue
        if kind not in ("person", "country", "organization"):
            raise ValueError(f"actors file line {i}: type {kind!r} is not person, country or organization")
        aliases = _split(r.get("aliases")) or [name]
        if name not in aliases:
            aliases.insert(0, name)
        if kind == "person" and len(name.split()) > 1 and name.split()[-1] not in aliases:
            aliases.append(name.split()[-1])
        actors.append(
            Actor(
                name=name,
                type=kind,
                affiliation=(r.get("affiliation") or "").strip(),
                gender=(r.get("gender") or "").strip().lower(),
                aliases=tuple(aliases),
                ambiguous=frozenset(_split(r.get("ambiguous"))),
                metonyms=frozenset(_split(r.get("metonyms"))),
                exclude=tuple(_split(r.get("exclude"))),
            )
        )
    return actors


@lru_cache(maxsize=1)
def default_actors() -> tuple[Actor, ...]:
    """actors.csv, then the other sovereign states of countries.csv (a name in actors.csv wins)."""
    main = parse_actors(lexicons.text("actors.csv"))
    names = {a.name for a in main}
    more = parse_actors(lexicons.text("countries.csv"))
    return tuple(main + [a for a in more if a.name not in names])


def load_actors(path: str | Path | None = None, mode: str = "extend") -> tuple[Actor, ...]:
    """The default lexicon, extended or replaced by an actors file."""
    if path is None:
        return default_actors()
    extra = parse_actors(Path(path).read_text(encoding="utf-8-sig"))
    if mode == "replace":
        return tuple(extra)
    names = {a.name for a in extra}
    return tuple([a for a in default_actors() if a.name not in names] + extra)


def trie_regex(words: Iterable[str]) -> str:
    """A regular expression matching any of the words, factored by prefix (fast, longest first)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return build(trie)


@dataclass
class Matcher:
    """A compiled lexicon: one regular expression and a table from alias to actor."""

    actors: Sequence[Actor]
    metonyms: bool = True
    by_alias: dict[str, Actor] = field(init=False)
    regex: re.Pattern = field(init=False)
    excludes: dict[str, re.Pattern] = field(init=False)
    names: dict[str, Actor] = field(init=False)

    def __post_init__(self) -> None:
        self.names = {a.name: a for a in self.actors}
        self.by_alias = {}
        for a in self.actors:
            for alias in a.aliases:
                if not self.metonyms and alias in a.metonyms:
                    continue
                self.by_alias.setdefault(alias, a)
                if alias.upper() != alias and len(alias) > 3:
                    self.by_alias.setdefault(alias.upper(), a)
        # the look-ahead on first letters fails most positions before the look-behind and the trie run (same matches)
        firsts = "".join(sorted({re.escape(alias[0]) for alias in self.by_alias}))
        self.regex = re.compile(
            rf"(?=[{firsts}])(?<![\w@#])(" + trie_regex(self.by_alias) + r")(?:['’]s?|s)?(?![\w])"
        )
        # literal phrases, never patterns: an uploaded list must not be able to make matching slow (ReDoS)
        self.excludes = {
            a.name: re.compile("|".join(re.escape(x) for x in sorted(a.exclude, key=len, reverse=True)))
            for a in self.actors
            if a.exclude
        }

    def by_name(self) -> dict[str, Actor]:
        return self.names


@lru_cache(maxsize=8)
def _cached_matcher(actors: tuple[Actor, ...], metonyms: bool) -> Matcher:
    return Matcher(actors, metonyms)


def matcher(actors: Sequence[Actor] | None = None, metonyms: bool = True) -> Matcher:
    return _cached_matcher(tuple(actors) if actors is not None else default_actors(), metonyms)


def _plural_ok(alias: str, actor: Actor, suffix: str) -> bool:
    """May an alias carry this suffix? ('s / ' always; a bare s only on names, as a lost apostrophe.)"""
    if not suffix or suffix[0] in "'’":
        return True
    return (
        alias[:1].isupper()
        and not alias.isupper()
        and actor.type in ("person", "country")
        and not alias.endswith("s")
    )


def with_extra(
    text: str, article_id: str, mentions: Sequence[Mention], extra: Sequence[Actor]
) -> list[Mention]:
    """``mentions`` plus the mentions of article-only actors (people quoted who are not on the list).

    Only the small lexicon of the extra actors is compiled; a hit that overlaps a mention already
    found is left out.
    """
    if not extra:
        return list(mentions)
    taken = sorted((m.start, m.end) for m in mentions)
    starts = [s for s, _ in taken]

    def free(x: Mention) -> bool:
        k = bisect.bisect_left(starts, x.end)
        return not any(s < x.end and x.start < e for s, e in taken[max(0, k - 4) : k])

    more = [x for x in _literal_mentions(text, article_id, extra) if free(x)]
    return sorted([*mentions, *more], key=lambda m: m.start)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


_FIND_WORK = 5_000_000  # aliases x characters searched one alias at a time; beyond, one pass over the words
_TOKEN = re.compile(r"\w+")
_WORD_START = re.compile(r"(?<![\w@#])\w+")  # a word where a mention may start


def _literal_mentions(text: str, article_id: str, actors: Sequence[Actor]) -> list[Mention]:
    """What ``find_mentions`` finds for a handful of actors, by plain string search (compiling a regular
    expression per article would cost more than the search). Same rules: word boundaries, possessives,
    leftmost-longest alias, ambiguous surnames only after the full name."""
    clean, keep = matchable(text)
    hits = []

    def hit(i: int, alias: str, a: Actor) -> None:
        j = i + len(alias)
        for suf in ("'s", "’s", "'", "’", "s", ""):
            if clean.startswith(suf, j) and (
                j + len(suf) == len(clean) or not _is_word_char(clean[j + len(suf)])
            ):
                if _plural_ok(alias, a, suf):
                    hits.append((i, -len(alias), alias, a))
                break

    if sum(len(a.aliases) for a in actors) * len(clean) <= _FIND_WORK:
        for a in actors:
            for alias in a.aliases:
                i = clean.find(alias)
                while i >= 0:
                    if i == 0 or not (_is_word_char(clean[i - 1]) or clean[i - 1] in "@#"):
                        hit(i, alias, a)
                    i = clean.find(alias, i + 1)
    else:  # many actors in a long text (the people of a text full of names): one pass over its words
        by_first: dict[str, list[tuple[str, Actor]]] = {}  # aliases by their first word
        odd: list[tuple[str, Actor]] = []  # aliases that start with no word character (searched one by one)
        for a in actors:
            for alias in a.aliases:
                first = _TOKEN.match(alias)
                if first:
                    by_first.setdefault(first.group(), []).append((alias, a))
                else:
                    odd.append((alias, a))
        for m in _WORD_START.finditer(clean):
            i, word = m.start(), m.group()
            # an alias starting here starts with this word, or is this word less a final "s" ("Blinkens")
            found = [x for x in by_first.get(word, ()) if len(x[0]) == len(word) or clean.startswith(x[0], i)]
            if word.endswith("s"):
                found += [x for x in by_first.get(word[:-1], ()) if len(x[0]) == len(word) - 1]
            for alias, a in sorted(found, key=lambda x: -len(x[0])):  # (stable: the actors' order kept)
                hit(i, alias, a)
        for alias, a in odd:
            i = clean.find(alias)
            while i >= 0:
                if i == 0 or not (_is_word_char(clean[i - 1]) or clean[i - 1] in "@#"):
                    hit(i, alias, a)
                i = clean.find(alias, i + 1)
    hits.sort(key=lambda h: (h[0], h[1]))
    out: list[Mention] = []
    named_in_full: set[str] = set()
    end_prev = -1
    for i, neg, alias, a in hits:
        if i < end_prev:
            continue
        if alias in a.ambiguous and a.name not in named_in_full:
            continue
        if a.type == "person" and len(alias.split()) > 1:
            named_in_full.add(a.name)
        start, end = i, i - neg
        end_prev = end
        if keep is not None:
            start, end = keep[start], keep[end - 1] + 1
        out.append(Mention(article_id, a.name, a.type, text[start:end], start, end))
    return out


def find_mentions(text: str, article_id: str = "", lex: Matcher | None = None) -> list[Mention]:
    """Every mention of a known actor in text, in order.

    Args:
        text: the article text.
        article_id: copied into each row.
        lex: a compiled lexicon (the default one when None).
    """
    lex = lex or matcher()
    out: list[Mention] = []
    named_in_full: set[str] = set()
    surnames: set[str] = set()
    clean, keep = matchable(text)
    for hit in lex.regex.finditer(clean):
        alias = hit.group(1)
        actor = lex.by_alias[alias]
        suffix = hit.group(0)[len(alias) :]
        if not _plural_ok(alias, actor, suffix):
            continue
        start, end = hit.start(1), hit.end(1)
        if alias in actor.ambiguous and actor.type == "person" and actor.name not in named_in_full:
            continue
        if alias in actor.metonyms and _LOCATED.match(clean, end):
            continue  # "the Washington-based institute": a place, not the government
        if actor.type == "person" and not suffix and _named_after(clean, end):
            continue  # "Trump Tower", "the Carter Center": a building or body named after the person
        if (
            alias in actor.ambiguous
            and actor.type != "person"
            and (alias in surnames or _beside_name(clean, start, end, suffix))
        ):
            surnames.add(alias)  # "Lisa Monaco ... Monaco said": a country's name is a person's here, then on
            continue
        rx = lex.excludes.get(actor.name)
        if rx and any(
            e.start() <= start and end <= e.end()
            for e in rx.finditer(clean, max(0, start - EXCLUDE_REACH), end + EXCLUDE_REACH)
        ):
            continue
        if actor.type == "person" and len(alias.split()) > 1:
            named_in_full.add(actor.name)
        if keep is not None:
            start, end = keep[start], keep[end - 1] + 1
        out.append(Mention(article_id, actor.name, actor.type, text[start:end], start, end))
    return out


# a person's name before these words still refers to the person (dev.NOTES.md item 36: "the Biden administration")
_NAMED_FOR = frozenset({"Administration", "Doctrine", "Plan", "Act", "Party", "Report"})


_NEXT_NAME_WORD = re.compile(r"[ \u00a0]([A-Z][a-z]+)\b")


def _named_after(text: str, end: int) -> bool:
    """Is the name ending at ``end`` the first part of a place's or body's name ("Trump Tower")?"""
    nxt = _NEXT_NAME_WORD.match(text, end, end + 20)
    return bool(nxt) and nxt.group(1) in name_enders() and nxt.group(1) not in _NAMED_FOR


_LOCATED = re.compile(r"-(?:based|born|headquartered)\b")


def _beside_name(text: str, start: int, end: int, suffix: str) -> bool:
    """Is text[start:end] next to a capitalised name word ("Michael Jordan", "Chad Smith")?"""
    before = re.search(r"(?<![\w.])([A-Z][a-z]+) $", text[max(0, start - 30) : start])
    after = None if suffix else re.match(r" ([A-Z][a-z]+)", text[end : end + 30])
    return any(w and w.group(1) not in not_name_words() for w in (before, after))


# zero-width and joiner characters, soft hyphen, BOM, and combining marks (U+0300-036F, 1AB0-1AFF, 1DC0-1DFF, 20D0-20FF, FE20-FE2F)
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
    "\ufe20-\ufe2f]"
)


def matchable(text: str) -> tuple[str, list[int] | None]:
    """The text without invisible characters, and for each of its characters the index in ``text``.

    ``(text, None)`` when there is nothing to remove (the common case costs one search).
    """
    if not _INVISIBLE.search(text):
        return text, None
    keep = [i for i, ch in enumerate(text) if not _INVISIBLE.match(ch)]
    return "".join(text[i] for i in keep), keep


NAME_WORD = r"[A-Z](?:['’][A-Z])?[a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?"  # Kowalski, O'Brien, McConnell, Hale-Whitmore
PERSON_NAME = re.compile(
    rf"\b{NAME_WORD}(?:\s+[A-Z]\.)?(?:\s+(?:de|von|van|der|al|bin|el)\b)*\s+{NAME_WORD}(?:\s+{NAME_WORD})?\b"
)


@lru_cache(maxsize=1)
def not_name_words() -> frozenset[str]:
    text = lexicons.text("not_name_words.txt")
    return frozenset(w for ln in text.splitlines() if not ln.startswith("#") for w in ln.split())


def person_name_at(text: str, start: int, end: int, last: bool = False) -> str:
    """A plausible full person name (2-3 capitalised words) inside text[start:end], or ''.

    ``last``: the one nearest the end ("Washington Examiner executive editor Seth Mandel" -> Seth Mandel).
    """
    found = ""
    for m in PERSON_NAME.finditer(text, start, end):
        words = m.group().split()
        while words and words[0] in not_name_words():
            words = words[1:]
        if len(words) >= 2 and not any(w in not_name_words() for w in words):
            found = " ".join(words)
            if not last:
                return found
    return found


def person_actor(name: str) -> Actor:
    """An actor for a person who is quoted but not on the list."""
    parts = name.split()
    return Actor(name=name, type="person", aliases=(name, parts[-1]), ambiguous=frozenset({parts[-1]}))


# ---------------------------------------------------------------- people discovered in the body

_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zß-öø-ÿĀ-ž"
_WORD = rf"[{_UP}](?:['’][{_UP}])?[{_LOW}]+(?:[{_UP}][{_LOW}]+)?(?:-[{_UP}][{_LOW}]+)?"
_PARTICLE = r"(?:de|von|van|der|den|al|bin|el|da|di|du|le|la|dos|ter|ten)"
# no look-behind at the start (it would halve the scan speed): the character before a match is checked in code
_CAP_RUN = re.compile(
    rf"{_WORD}(?:[ \u00a0]+(?:[A-Z]\.[ \u00a0]+)?(?:{_PARTICLE}[ \u00a0]+)*{_WORD})+(?![\w@-])"
)
CONTRIBUTED = re.compile(r"contributed (?:to )?(?:this )?report(?:ing)?\b")  # "X contributed reporting"
_CREDIT_TAIL = (
    CONTRIBUTED,  # a literal start: fast to scan
    re.compile(
        r"is an? (?:[\w-]+ ){0,3}?(?:writer|reporter|correspondent|editor|columnist|photographer)\b"
    ),  # "Corey Kilgannon is a Metro reporter covering ..."
    re.compile(
        r"ha(?:s|ve) (?:covered|reported on|written about)\b"
    ),  # "Nelson D. Schwartz has covered economics"
    re.compile(r"is the (?:co-)?author of\b"),  # an author's bio: "Sarah Archer is the author of ..."
)
_CREDIT_HEAD = (
    "By ",
    "BY ",
    "Reporting by",
    "Writing by",
    "Editing by",
    "Additional reporting by",
    "Compiled by",
)


@lru_cache(maxsize=1)
def name_enders() -> frozenset[str]:
    """Words that end an organisation's or a place's name (Society, Institute, Road, Area): the capitalised
    words before them are not a person."""
    text = lexicons.text("name_enders.txt")
    return frozenset(w for ln in text.splitlines() if not ln.startswith("#") for w in ln.split())


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Lower-case words common in news prose (resources/common_words.txt)."""
    text = lexicons.text("common_words.txt")
    return frozenset(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=1)
def places() -> tuple[frozenset[str], tuple[str, ...]]:
    """(single-word places, multi-word places) from resources/places.txt."""
    text = lexicons.text("places.txt")
    names = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return frozenset(n for n in names if " " not in n), tuple(n for n in names if " " in n)


@lru_cache(maxsize=4096)
def _fold(word: str) -> str:
    """A spelling-insensitive key for a name word: Zelenskyy/Zelensky/Zelenskiy, Sergey/Sergei, Vadym/Vadim."""
    w = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()
    w = re.sub(r"(?:iy|yy|ii|ij|yi)$", "y", w)
    w = w.replace("y", "i").replace("w", "v").replace("kh", "h").replace("ks", "x").replace("j", "i")
    return re.sub(r"(.)\1", r"\1", w)


def _name_runs(text: str, a: int, b: int, known: Sequence[Mention]) -> list[list[tuple[str, int, int]]]:
    """The runs of name words in text[a:b], split at titles, places, acronyms and known mentions.

    Each run is a list of (word, start, end); a run followed inside the phrase by an organisation
    word ("Henry Jackson Society") is dropped.
    """
    bad, single, enders = not_name_words(), places()[0], name_enders()
    words = text[a:b].split()
    good = 0  # quick test first: two name words in a row, or nothing to do
    for tok in words:
        if (len(tok) == 2 and tok.endswith(".")) or tok in _PARTICLE_WORDS:
            continue
        if tok in bad or tok in single or tok.isupper():
            good = 0
        else:
            good += 1
            if good == 2:
                break
    if good < 2:
        return []
    runs: list[list[tuple[str, int, int]]] = [[]]
    overlaps = _Overlaps((m.start, m.end) for m in known)
    ts = a
    for tok in words:
        ts = text.index(tok, ts)
        te = ts + len(tok)
        if len(tok) == 2 and tok.endswith("."):  # a middle initial
            if runs[-1]:
                runs[-1].append((tok, ts, te))
            ts = te
            continue
        if tok in enders and runs[-1]:
            runs[-1] = []  # the words before belong to an organisation's name
        if tok in _PARTICLE_WORDS:
            if runs[-1]:
                runs[-1].append((tok, ts, te))
        elif tok in bad or tok in single or tok.isupper() or overlaps(ts, te):
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((tok, ts, te))
        ts = te
    return [r for r in runs if r]


_PARTICLE_WORDS = frozenset(_PARTICLE.strip("(?:)").split("|"))


class _Overlaps:
    """Does a span overlap any of some spans? A binary search, not a scan of every span (a run of names a
    megabyte long holds thousands of known mentions)."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        pairs = sorted(spans)
        self.starts = [s for s, _ in pairs]
        self.reach = []  # the furthest end of the spans up to each one
        far = -1
        for _, e in pairs:
            far = max(far, e)
            self.reach.append(far)

    def __call__(self, start: int, end: int) -> bool:
        """Is there a span with span.start < end and start < span.end?"""
        k = bisect.bisect_left(self.starts, end)
        return k > 0 and self.reach[k - 1] > start

    def holds(self, pos: int) -> bool:
        """Is there a span with span.start <= pos < span.end?"""
        k = bisect.bisect_right(self.starts, pos)
        return k > 0 and self.reach[k - 1] > pos


@lru_cache(maxsize=1)
def _multi_place_regex() -> re.Pattern:
    return re.compile("|".join(re.escape(p) for p in sorted(places()[1], key=len, reverse=True)))


_WORD_RUN = re.compile(r"\w+")  # what ``_in_lower_case`` counts as a whole word


@lru_cache(maxsize=2)  # people discovery and the attribution index ask about the same text in turn
def written_in_lower_case(text: str) -> Callable[[str], bool]:
    """A test of whether ``text`` writes a lower-case word or phrase as whole words: the lower-case words are
    collected in one pass, so a word is a set look-up and a phrase is searched only when all its words occur."""
    words = set(_WORD_RUN.findall(text))
    memo: dict[str, bool] = {}

    def lower(phrase: str) -> bool:
        got = memo.get(phrase)
        if got is None:
            parts = phrase.split()
            if len(parts) == 1 and _WORD_RUN.fullmatch(phrase):
                got = phrase in words
            else:
                got = all(p in words for p in parts if _WORD_RUN.fullmatch(p)) and _in_lower_case(
                    text, phrase
                )
            memo[phrase] = got
        return got

    return lower


def _in_lower_case(text: str, word: str) -> bool:
    """Does ``word`` (lower case) occur in text as a whole word?

    A long text is searched through its index of words (``WordIndex``, built once per text): searching the
    whole text once per candidate name made discovery quadratic in a text full of names."""
    if len(text) > _INDEX_FROM:
        return _word_index(text).has(word)
    return _find_whole(text, word)


def _find_whole(text: str, word: str) -> bool:
    i = text.find(word)
    while i >= 0:
        j = i + len(word)
        if (i == 0 or not _is_word_char(text[i - 1])) and (j == len(text) or not _is_word_char(text[j])):
            return True
        i = text.find(word, i + 1)
    return False


def _occurrences(text: str, phrase: str) -> Iterable[int]:
    i = text.find(phrase)
    while i >= 0:
        yield i
        i = text.find(phrase, i + 1)


_INDEX_FROM = 20_000  # characters: a shorter text is searched directly (cheaper than building an index)


class WordIndex:
    """Where each word of a text starts (a word: a maximal run of word characters, or with ``alnum``, of letters
    and digits), to tell whether a phrase occurs as a whole word without scanning the text once per phrase: a
    whole-word occurrence starts each of the phrase's words at a word of the text equal to it, so the starts of
    the phrase's rarest word are the only candidates, each checked in place. Answers are kept per phrase."""

    def __init__(self, text: str, alnum: bool = False):
        self.text = text
        self.word = re.compile(r"[^\W_]+" if alnum else r"\w+")
        self.starts: dict[str, list[int]] = {}
        for m in self.word.finditer(text):
            self.starts.setdefault(m.group(), []).append(m.start())
        self.answers: dict[str, bool] = {}

    def has(self, phrase: str) -> bool:
        """Is ``phrase`` in the text with no word character right before or after it?"""
        found = self.answers.get(phrase)
        if found is None:
            found = self.answers[phrase] = self._search(phrase)
        return found

    def _search(self, phrase: str) -> bool:
        words = list(self.word.finditer(phrase))
        text, n = self.text, len(phrase)
        if not words or words[0].start() != 0 or words[-1].end() != n:  # (starts or ends with no word
            candidates: Iterable[int] = _occurrences(text, phrase)  # character: every occurrence)
            offset = 0
        else:
            rarest = min(words, key=lambda w: len(self.starts.get(w.group(), ())))
            candidates, offset = self.starts.get(rarest.group(), ()), rarest.start()
        boundary = self.word.match
        for at in candidates:
            i = at - offset
            if i >= 0 and text.startswith(phrase, i):
                j = i + n
                if (i == 0 or not boundary(text, i - 1)) and (j == len(text) or not boundary(text, j)):
                    return True
        return False


_last_index: tuple[str, WordIndex] | None = None  # the last long text's index (one: the article at hand)


def _word_index(text: str) -> WordIndex:
    global _last_index
    last = _last_index
    if last is not None and last[0] is text:
        return last[1]
    index = WordIndex(text)
    _last_index = (text, index)
    return index


_INITIAL_BEFORE = re.compile(r"(?:^|[\s(])[A-Z]\.$")  # a full stop that ends a middle initial, not a sentence
_HONORIFIC_SURNAME = re.compile(
    r"\b(Mr|Mrs|Ms|Miss|Dr|Rep|Sen|Gov|Prof|Gen|Col|Lt|Sgt|Rev)\.?[ \u00a0]+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b"
    r"(?![ \u00a0]+[A-Z]|['’-]\w|\.\w)"
)
_PERSON_AFTER = re.compile(
    r",[ \u00a0]+(?:an?|the|who|whose|\d{1,3},)[ \u00a0]|[ \u00a0]+(?:said|says|told|added)\b"
)
_PERSON_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lady|Lord)\.?[ \u00a0]+$")
_CREDIT_BEFORE = re.compile(
    r"\b(?:Credit|Credits|Photo|Photograph|Photos|Image|Illustration)[:.]?[ \u00a0]+$|\b(?:Photos?|Images?)[ \u00a0]?/[ \u00a0]?$"
)  # "Credit Harry Campbell", "(AP Photo/Jon Gambrell)"
_MODEL_AFTER = re.compile(r"[ \u00a0]+\d{2,}\b(?!,)")
_CREDIT_AFTER = re.compile(r"[ \u00a0]?/[ \u00a0]?[A-Z]")


def person_like(
    text: str, names: Sequence[str], start: int, end: int, lower: Callable[[str], bool] | None = None
) -> bool:
    """Is the capitalised run ``names`` at text[start:end] a person's name rather than a thing's?

    ``lower``: whether the text writes a word or phrase in lower case (a caller that asks often passes a memo).

    Evidence from maintained data (``analysis.names``): a first word that is a census given name makes a person;
    without one, a first or last word that is an ordinary word (in news prose or in this article in lower case)
    makes a thing ("Hurricane Sandy", "Coresight Research", "Vegas Strip"), unless the text treats it as a
    person ("X, a ...", "X said", "Mr X"); so does a place, unless the last word is a census surname that is no
    place ("Cambridge Analytica" is a thing, "Tucker Carlson" a person). A photo credit ("Credit X",
    "X/Reuters") is no mention, nor a phrase the article also writes in lower case ("Art Deco").
    """
    before = text[max(0, start - 14) : start]
    after = text[end : end + 12]
    if _CREDIT_BEFORE.search(before) or _CREDIT_AFTER.match(after) or _MODEL_AFTER.match(after):
        return False  # a credit ("Credit X", "X/Reuters"); a product and its model ("Emirates Boeing 777")
    if lower is None:
        lower = lambda phrase: _in_lower_case(text, phrase)  # noqa: E731
    if lower(" ".join(names).lower()) or name_data.is_place(" ".join(names)):
        return False  # "art deco" in lower case; "San Diego" (a place of two words)

    def ordinary(word: str) -> bool:
        return word.lower() in common_words() or lower(word.lower())

    first, last = names[0], names[-1]
    if name_data.is_given_name(first) and (
        name_data.is_common_given_name(first) or not ordinary(first) or last in name_data.surnames()
    ):
        return (
            True  # "Mark Warner", "Buck Cullen"; not "Royal Shrewsbury", "Art Deco" (a rare name, no surname)
        )
    if ordinary(last):
        return (
            False  # a thing ends in an ordinary noun ("Oghma Partners, a finance firm", "Coresight Research")
        )
    if _PERSON_AFTER.match(after) or _PERSON_BEFORE.search(before):
        return True
    if ordinary(first):
        return False
    if name_data.is_place(first) or name_data.is_place(last):  # "Cambridge Analytica"; not "Tucker Carlson"
        return last in name_data.surnames() and not name_data.is_place(last)
    return True


@lru_cache(maxsize=8)
def _lexicon_surnames(actors: tuple[Actor, ...]) -> frozenset[str]:
    return frozenset(_fold(a.surname) for a in actors if a.type == "person" and a.surname)


def discover_people(text: str, mentions: Sequence[Mention], lex: Matcher) -> list[Actor]:
    """People named in full in the body who are not on the list, one actor per person.

    A candidate is a run of 2-4 capitalised name words (a middle initial and particles allowed) that
    overlaps no known mention, follows no "the", is not followed by an organisation word ("Henry
    Jackson Society") and holds no title, place, month, outlet or sentence-start word. Credit lines
    ("By Jane Doe", "... contributed to this report") are left out. Variants of one person (same
    folded surname, same first initial) merge into the first full name seen, without middle initial.
    """
    if not text:
        return []
    lower = written_in_lower_case(text)
    known = list(mentions)
    starts = [mention.start for mention in known]
    credit_spans = []
    for (
        rx
    ) in _CREDIT_TAIL:  # "... contributed to this report": its own sentence, never more than 200 characters
        for c in rx.finditer(text):
            stop = max(text.rfind(ch, max(0, c.start() - 200), c.start()) for ch in ".!?\n")
            while stop > 0 and _INITIAL_BEFORE.search(text, max(0, stop - 3), stop + 1):
                stop = max(
                    text.rfind(ch, max(0, c.start() - 200), stop) for ch in ".!?\n"
                )  # "Nelson D. Schwartz"
            credit_spans.append(
                (stop + 1 if stop >= 0 else max(0, c.start() - 200), min(len(text), c.end() + 80))
            )
    line_start = 0
    while line_start < len(text):  # "By Jane Doe" opening a line
        if text.startswith(_CREDIT_HEAD, line_start):
            credit_spans.append((line_start, min(len(text), line_start + 80)))
        nl = text.find("\n", line_start)
        if nl < 0:
            break
        line_start = nl + 1
    in_credit = _Overlaps(credit_spans)
    lexicon = lex.__dict__.get("_surnames")
    if lexicon is None:
        lexicon = lex.__dict__["_surnames"] = _lexicon_surnames(tuple(lex.actors))
    known_surnames = set(lexicon)
    known_surnames |= {
        _fold(mention.actor.split()[-1]) for mention in mentions if mention.actor_type == "person"
    }
    multi_rx = _multi_place_regex()
    groups: dict[str, list[tuple[str, ...]]] = {}
    order: list[str] = []
    genders: dict[str, str] = {}
    for run in _CAP_RUN.finditer(text):
        a, b = run.span()
        if a and (_is_word_char(text[a - 1]) or text[a - 1] in "@#.-"):
            continue  # starts inside a word, a handle or a hashtag
        if in_credit.holds(a):
            continue
        k = bisect.bisect_left(starts, a)
        near = known[max(0, k - 2) : bisect.bisect_left(starts, b)]
        cands = _name_runs(text, a, b, near)
        if not cands or multi_rx.search(run.group()):
            continue
        for toks in cands:
            while toks and toks[-1][0] in _PARTICLE_WORDS:
                toks = toks[:-1]
            while len(toks) > 2 and name_data.is_title(toks[0][0]):
                toks = toks[1:]  # "Commissioner Andrew Colvin", "Attorney-General George Brandis"
            names = [t for t, _, _ in toks if not t.endswith(".") and t not in _PARTICLE_WORDS]
            if not 2 <= len(names) <= 4 or any(len(t) < 2 for t in names):
                continue
            rs, re_ = toks[0][1], toks[-1][2]
            if not person_like(text, names, rs, re_, lower):
                continue
            nxt = re.match(r"[ \u00a0]+([\w]+)", text[b : b + 30]) if re_ == b else None
            if nxt and (
                nxt.group(1) in name_enders()
                or re.match(r"[ \u00a0]+(?:for|of)[ \u00a0]+[A-Z]", text[b : b + 8])
            ):
                continue  # "Concerned Citizens for Peace", "Bank of America"
            if re.search(r"\b(?:the|The)[ \u00a0]+$", text[max(0, rs - 5) : rs]):
                continue  # "the Wilson Center", "the Iron Curtain"
            if all(t.lower() in common_words() or lower(t.lower()) for t in names):
                continue  # every word is an ordinary word, in this article or in news prose ("Minor Storm", "Must Die")
            if any(_fold(t) in known_surnames for t in names[:-1]):
                continue  # a listed person's surname first: "Defense Secretary Austin Lloyd" is Lloyd Austin reversed
            key = _fold(names[-1])
            if key in known_surnames:
                continue
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append(tuple(t for t, _, _ in toks))
    for hit in _HONORIFIC_SURNAME.finditer(
        text
    ):  # "Ms. Griner", "Mr Bout": people named by title and surname only
        sur = hit.group(2)
        key = _fold(sur)
        if (
            key in groups
            or key in known_surnames
            or sur in not_name_words()
            or name_data.is_place(sur)
            or lex.by_alias.get(sur) is not None
            or in_credit.holds(hit.start())
        ):
            continue
        groups[key] = [(sur,)]
        order.append(key)
        genders[key] = "m" if hit.group(1) == "Mr" else "f" if hit.group(1) in ("Mrs", "Ms", "Miss") else ""
    out = []
    for key in order:
        forms = groups[key]
        first = [t for t in forms[0] if not t.endswith(".")]  # the canonical name drops a middle initial
        canonical = " ".join(first)
        same = [f for f in forms if _fold(f[0])[:1] == _fold(first[0])[:1]]
        aliases = list(
            dict.fromkeys(
                [
                    canonical,
                    *(" ".join(f) for f in same),
                    *(" ".join(t for t in f if not t.endswith(".")) for f in same),
                    first[-1],
                ]
            )
        )
        surname = first[-1]
        common = surname in not_name_words() or surname in places()[0]
        out.append(
            Actor(
                name=canonical,
                type="person",
                gender=genders.get(key) or name_data.gender_of(canonical),
                aliases=tuple(aliases),
                ambiguous=frozenset({surname}) if common else frozenset(),
            )
        )
    return out
