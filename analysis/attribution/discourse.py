"""The discourse state of a walk over one article's quotes: what was decided so far and what the walk learned."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..actors import Actor, person_actor
from ..document import ArticleDoc
from .index import Index
from .lexicon import (
    leader_titles,
)


@dataclass(frozen=True)
class Attribution:
    """What was decided about one quote: who speaks, the verb, and the rule that decided."""

    speaker: str = ""
    detail: str = ""  # the organisation a government speaker spoke through ("State Department")
    verb: str = ""
    rule: str = ""  # '' when no rule decided


class Walk(Index):
    """The walk over one article's quotes, in order: the index, the attributions decided so far (``done``), and
    the discourse state that later quotes read: the people off the actor list met (``new_people``), the roles
    named ("the ministry" -> the body; ``roles``) and the body an unnamed official last spoke for
    (``last_official``). Made by ``attribute`` for one article and never kept: ``attribute`` returns what it
    learned.

    Only a rule that decides changes that state: ``attribute`` opens a draft before each rule (``begin``) and
    keeps it when the rule decides (``commit``); what a declining rule learned is dropped (``begin`` again), so
    a later quote's speaker never depends on a rule that decided nothing."""

    def __init__(self, doc: ArticleDoc) -> None:
        super().__init__(doc)
        self.done: list[Attribution] = []
        self.new_people: dict[str, Actor] = {}
        self.roles: list[tuple[int, str, str]] = []  # (pos, role phrase, speaker) named so far
        self.last_official = ""
        self.after: dict[int, Attribution | None] = {}  # _after_quote by quote (it reads what was learned)
        self._kept: tuple[int, int, str, int] = (0, 0, "", 0)  # the committed sizes and official

    def begin(self) -> None:
        """Drop whatever was learned since the last ``commit`` (the state only grows, so sizes restore it)."""
        n_people, n_roles, official, n_after = self._kept
        if len(self.new_people) > n_people:
            for name in list(self.new_people)[n_people:]:
                del self.new_people[name]
        del self.roles[n_roles:]
        self.last_official = official
        if len(self.after) > n_after:
            for k in list(self.after)[n_after:]:
                del self.after[k]

    def commit(self) -> None:
        """Keep what the deciding rule learned."""
        self._kept = (len(self.new_people), len(self.roles), self.last_official, len(self.after))

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
        taken = out + [(m.start, m.surface) for m in listed]
        for found in self.surnames_in(a, b, taken):  # "Griffiths said": named in full before
            if not any(m.start <= found[0] < m.end for m in listed):
                self.new_people.setdefault(found[1], person_actor(found[1]))
                out.append(found)
        return sorted(out)

    def remember_role(self, pos: int, phrase: str, speaker: str) -> None:
        if phrase and speaker:
            self.roles.append((pos, phrase.lower(), speaker))

    def role_holder(self, phrase: str, pos: int) -> str:
        """The person or body the article named for a role phrase ("the vice president", "the ministry"): the
        latest before ``pos`` of the titles written in the text and the roles the walk named."""
        words = [w for w in re.findall(r"[a-z]+", phrase.lower()) if w not in ("the", "a", "an", "s", "top")]
        if not words:
            return ""
        heads = {words[-1]} | (set(leader_titles()) if words[-1] == "leader" else set())
        rest = set(words[:-1])
        for p, key, who in sorted((*self.title_roles(), *self.roles), reverse=True):
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


def _nationality_words(who: str, doc: Walk) -> set[str]:
    """'russian' for a person of Russia (so "the Russian leader" finds "President Vladimir Putin")."""
    a = doc.actor(who)
    country = a.affiliation if a is not None and a.type == "person" else ""
    c = doc.by_name.get(country)
    return {w.lower() for alias in (c.aliases if c else ()) for w in alias.split() if w[:1].isupper()}
