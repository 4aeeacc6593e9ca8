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

from .actors import Actor
from .attribution.lexicon import reporting_verbs
from .attribution.speakers import (
    LATE_RULES,
    RULES,
    Attributed,
    Attribution,
    Rule,
    attribute,
    quote_kind,
    rule_name,
)
from .document import ArticleDoc
from .quote_marks import QuoteSpan, find_quote_spans
from .schemas import Quote

__all__ = [
    "LATE_RULES",
    "RULES",
    "Attributed",
    "Attribution",
    "QuoteSpan",
    "Rule",
    "attribute",
    "extract_quotes",
    "find_quote_spans",
    "quote_kind",
    "reporting_verbs",
    "rule_name",
]


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
