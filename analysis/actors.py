"""Actor mentions: people, countries and organisations, with aliases.

The lexicon is a data file (resources/actors.csv, provenance in resources/README.md).
Matching is case-sensitive on word boundaries (hyphens allowed: "Russia-backed"),
longest alias first, so "Sergei Lavrov" is one mention. Possessives count
("Blinken's", and "Blinkens" where a scraper lost the apostrophe). A bare
ambiguous surname (Price, Burns) counts only after the article has named that
person in full. Phrases listed under ``exclude`` ("Chicken Kiev") are not mentions.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .schemas import Mention


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
        actors.append(Actor(
            name=name, type=kind, affiliation=(r.get("affiliation") or "").strip(),
            gender=(r.get("gender") or "").strip().lower(), aliases=tuple(aliases),
            ambiguous=frozenset(_split(r.get("ambiguous"))), metonyms=frozenset(_split(r.get("metonyms"))),
            exclude=tuple(_split(r.get("exclude"))),
        ))
    return actors


@lru_cache(maxsize=1)
def default_actors() -> tuple[Actor, ...]:
    text = resources.files("analysis.resources").joinpath("actors.csv").read_text(encoding="utf-8")
    return tuple(parse_actors(text))


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
        self.regex = re.compile(r"(?<![\w@#])(" + trie_regex(self.by_alias) + r")(?:['’]s?|s)?(?![\w])")
        self.excludes = {a.name: re.compile("|".join(a.exclude)) for a in self.actors if a.exclude}

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
    return alias[:1].isupper() and not alias.isupper() and actor.type in ("person", "country") and not alias.endswith("s")


def with_extra(text: str, article_id: str, mentions: Sequence[Mention], extra: Sequence[Actor]) -> list[Mention]:
    """``mentions`` plus the mentions of article-only actors (people quoted who are not on the list).

    Only the small lexicon of the extra actors is compiled; a hit that overlaps a mention already
    found is left out.
    """
    if not extra:
        return list(mentions)
    taken = [(m.start, m.end) for m in mentions]
    more = [x for x in find_mentions(text, article_id, Matcher(extra))
            if not any(s < x.end and x.start < e for s, e in taken)]
    return sorted([*mentions, *more], key=lambda m: m.start)


def find_mentions(text: str, article_id: str = "", m: Matcher | None = None) -> list[Mention]:
    """Every mention of a known actor in text, in order.

    Args:
        text: the article text.
        article_id: copied into each row.
        m: a compiled lexicon (the default one when None).
    """
    m = m or matcher()
    out: list[Mention] = []
    named_in_full: set[str] = set()
    for hit in m.regex.finditer(text):
        alias = hit.group(1)
        actor = m.by_alias[alias]
        suffix = hit.group(0)[len(alias):]
        if not _plural_ok(alias, actor, suffix):
            continue
        start, end = hit.start(1), hit.end(1)
        if alias in actor.ambiguous and actor.name not in named_in_full:
            continue
        rx = m.excludes.get(actor.name)
        if rx and any(e.start() <= start and end <= e.end() for e in rx.finditer(text, max(0, start - 40), end + 40)):
            continue
        if actor.type == "person" and len(alias.split()) > 1:
            named_in_full.add(actor.name)
        out.append(Mention(article_id, actor.name, actor.type, text[start:end], start, end))
    return out


_NAME = r"[A-Z](?:['’][A-Z])?[a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?"  # Kofman, O'Brien, McConnell, Thomas-Greenfield
PERSON_NAME = re.compile(rf"\b{_NAME}(?:\s+[A-Z]\.)?(?:\s+(?:de|von|van|der|al|bin|el)\b)*\s+{_NAME}(?:\s+{_NAME})?\b")
@lru_cache(maxsize=1)
def not_name_words() -> frozenset[str]:
    text = resources.files("analysis.resources").joinpath("not_name_words.txt").read_text(encoding="utf-8")
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
