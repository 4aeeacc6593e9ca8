"""Who says what: reporting verbs, role nouns and the actor behind a subject.

Shared by quotes (speakers) and troops (claimants). Pure functions over a text
and its actor mentions.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .. import lexicons
from ..actors import Actor, Matcher, trie_regex
from ..schemas import Mention


def _inflect(base: str) -> list[str]:
    if base.endswith("e"):
        return [base, base + "s", base + "d", base[:-1] + "ing"]
    if base.endswith("y") and base[-2] not in "aeiou":
        return [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    if re.search(r"[^aeiou][aeiou][pt]$", base) and base not in ("comment", "post", "admit"):
        return [base, base + "s", base + base[-1] + "ed", base + base[-1] + "ing"]
    return [base, base + "s", base + "ed", base + "ing"]


@lru_cache(maxsize=1)
def reporting_verbs() -> frozenset[str]:
    forms: set[str] = set()
    for line in lexicons.lines("reporting_verbs.txt"):
        if line.startswith("@"):  # a named set of forms (verb_set)
            continue
        words = line.split()  # a base form, then its irregular forms if it has any
        forms.update(words if len(words) > 1 else _inflect(words[0]))
    return frozenset(forms)


@cache
def verb_set(name: str) -> str:
    """A named set of forms from reporting_verbs.txt (a line "@name form form ..."), as a regex alternation."""
    for line in lexicons.lines("reporting_verbs.txt"):
        head, *forms = line.split()
        if head == "@" + name:
            return "|".join(forms)
    raise KeyError(f"no @{name} line in reporting_verbs.txt")


@lru_cache(maxsize=1)
def verb_alternation() -> str:
    """Reporting verbs, 'according to' and 'was quoted as saying' as a regex alternation (for larger patterns)."""
    return "according to|was quoted as saying|" + trie_regex(reporting_verbs())


@lru_cache(maxsize=1)
def verb_regex() -> re.Pattern:
    """Reporting verbs as whole words, with 'according to' and 'was quoted as saying'."""
    return re.compile(r"\b(?:" + verb_alternation() + r")\b")


@lru_cache(maxsize=1)
def role_nouns() -> frozenset[str]:
    return frozenset(lexicons.lines("role_nouns.txt"))


@lru_cache(maxsize=1)
def body_nouns() -> frozenset[str]:
    """Head nouns of organisations and documents ("Office", "Ministry", "Strategy"), lower case."""
    return frozenset(w.lower() for w in lexicons.lines("body_nouns.txt"))


@lru_cache(maxsize=1)
def leader_titles() -> frozenset[str]:
    """Titles that "the X leader" refers to (president, prime minister, chancellor...)."""
    return frozenset(lexicons.lines("leader_titles.txt"))


def speaks_for(actor: Actor | None, by_name: dict[str, Actor]) -> str:
    """Whom an actor speaks for, the name a speaker or claimant is filed under: people by their own name,
    government bodies by their country ("State Department" -> United States), other bodies by theirs."""
    if actor is None:
        return ""
    if actor.type == "organization" and actor.affiliation and actor.affiliation in by_name:
        return actor.affiliation
    return actor.name


def country_of(actor: Actor | None) -> str:
    """Whose side an actor is on: a country, or an organisation with no country (NATO)."""
    if actor is None:
        return ""
    if actor.type == "country":
        return actor.name
    return actor.affiliation or (actor.name if actor.type == "organization" else "")


def actor_of(mention: Mention, matcher: Matcher) -> Actor | None:
    return matcher.by_name().get(mention.actor)
