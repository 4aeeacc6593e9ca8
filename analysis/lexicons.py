"""The lexicons: word lists and tables in analysis/resources/ (what each is and where it came from: its README.md).

Every resource is read here, on first use, and cached; nothing is read at import time. A lexicon that the code
uses as a regular expression is built from its word list (in the file's order, each entry matched literally).
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

PACKAGE = "analysis.resources"


@cache
def text(name: str) -> str:
    """The whole text of a resource file."""
    return resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")


@cache
def lines(name: str) -> tuple[str, ...]:
    """The entries of a word list: stripped lines, without blank lines and ``#`` comments, in file order."""
    return tuple(ln.strip() for ln in text(name).splitlines() if ln.strip() and not ln.startswith("#"))


@cache
def words(name: str) -> frozenset[str]:
    """The entries of a word list as a set."""
    return frozenset(lines(name))


@cache
def alternation(name: str) -> str:
    """The entries of a word list as a regex alternation ``a|b|c`` (file order, each literal)."""
    return "|".join(re.escape(w) for w in lines(name))


@cache
def table(name: str) -> tuple[tuple[str, str], ...]:
    """A two-column list (``key<TAB or spaces>entry`` a line), in file order."""
    return tuple(tuple(ln.split(None, 1)) for ln in lines(name))  # type: ignore[misc]
