"""One attribution engine for every "who" of an article: who speaks a quote, whose troops a figure counts and who
claims it.

- ``lexicon``: reporting verbs, role and body nouns, leader titles; whom an actor speaks for.
- ``index``: one read-only index over the ``ArticleDoc`` (quotes, sentences, mentions, reporting verbs, runs of
  capitalised words, titles), every look-up bounded.
- ``discourse``: the walk's state (decisions so far, people met, roles named, the last unnamed official's body).
- ``subjects``: who a written subject is (pronouns, names, roles, titles, bodies; the subject of a verb).
- ``speakers``: the speaker rules, ordered and named, and ``attribute`` over an article's quotes.
- ``figures``: the owner and claim rules of a troop figure, ordered and named (``owner_rule``, ``claim_rule``).
"""

from .lexicon import (
    actor_of,
    body_nouns,
    country_of,
    leader_titles,
    reporting_verbs,
    role_nouns,
    speaks_for,
    verb_alternation,
    verb_regex,
    verb_set,
)

__all__ = [
    "actor_of",
    "body_nouns",
    "country_of",
    "leader_titles",
    "reporting_verbs",
    "role_nouns",
    "speaks_for",
    "verb_alternation",
    "verb_regex",
    "verb_set",
]
