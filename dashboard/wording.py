"""The page's words made from numbers: counts in the singular or plural, the headline's help and its split of
the actors by kind (no Streamlit here)."""

from __future__ import annotations

# What one row of a table is called in the page: (singular, plural).
NOUNS = {
    "articles": ("article", "articles"),
    "mentions": ("mention", "mentions"),
    "troops": ("troop figure", "troop figures"),
    "quotes": ("quote", "quotes"),
    "rejects": ("input", "inputs"),
    "outlets": ("outlet", "outlets"),
    "repeats": ("repeat", "repeats"),
}
# An actor type of the actor list, in the page: (singular, plural), in this order.
KINDS = {
    "person": ("person", "people"),
    "country": ("country", "countries"),
    "organization": ("organisation", "organisations"),
}

HEADLINE_HELP = {
    "articles": "Articles the sidebar's filters select (dates, outlets, actors, text; copies once when ticked).",
    "quotes": "Quotes in those articles that pass the Speakers and Quote polarity filters.",
    "actors": "Distinct actors of the actor list named in those articles: people (quoted speakers among them, "
    "when the actor list names them), countries and organisations; the line below splits them.",
    "troops": "Troop figures cited in those articles (each number of troops found in a sentence), filtered by "
    "Whose troops.",
}


def counted(n: int, table: str) -> str:
    """``n`` rows of ``table`` in words: '1 troop figure', '2 troop figures', '1,234 mentions'."""
    one, many = NOUNS.get(table, (table, table))
    return f"{n:,} {one if n == 1 else many}"


def actor_kinds(kinds: dict[str, int]) -> str:
    """The distinct actors mentioned, split by type ('person', 'country', 'organization'; any other is
    'other'): 'Actors mentioned: 3 people (quoted speakers among them), 3 countries, 1 organisation.'"""
    parts = []
    for kind, (one, many) in KINDS.items():
        n = kinds.get(kind, 0)
        if n:
            parts.append(
                f"{n:,} {one if n == 1 else many}"
                + (" (quoted speakers among them)" if kind == "person" else "")
            )
    other = sum(n for k, n in kinds.items() if k not in KINDS)
    if other:
        parts.append(f"{other:,} other")
    return "Actors mentioned: " + ", ".join(parts) + "." if parts else "No actor is mentioned."
