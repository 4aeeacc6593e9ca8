"""One article as every extractor reads it, built once: its text, paragraphs, sentences, quotations and mentions.

Each extractor used to split the text again (quote marks with quotations protected, missing-mark quotes per
paragraph, troop figures without protection). ``build`` reads the sentence stops once and cuts both
sentence lists from them; the extractors take the ``ArticleDoc`` and split nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .actors import Matcher, find_mentions
from .quote_marks import QuoteSpan, find_quote_spans
from .schemas import Article, Mention
from .sentences import Span, paragraphs, sentence_stops, split_sentences


@dataclass(frozen=True)
class ArticleDoc:
    article: Article
    matcher: Matcher  # the lexicon the mentions came from
    paragraphs: tuple[Span, ...]  # the non-blank lines
    sentences: tuple[Span, ...]  # none ends inside a quotation: what attribution reads
    plain_sentences: tuple[Span, ...]  # quotations split too: the evidence sentence of a troop figure
    quote_spans: tuple[QuoteSpan, ...]  # where the quotations are (quote_marks.find_quote_spans)
    mentions: tuple[Mention, ...]  # actor mentions, in order of start

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def article_id(self) -> str:
        return self.article.article_id

    def with_mentions(self, mentions: Sequence[Mention]) -> ArticleDoc:
        """The same document with other mentions (the people quotes and names added)."""
        return replace(self, mentions=tuple(mentions))


def build(article: Article, matcher: Matcher, mentions: Sequence[Mention] | None = None) -> ArticleDoc:
    """The article's document: ``mentions`` when the caller found them, else the lexicon's."""
    text = article.text
    stops = sentence_stops(text)  # the one pass over the text's stops
    plain = split_sentences(text, stops=stops)
    paras = list(paragraphs(text))
    spans, sentences = find_quote_spans(text, paras, stops, plain)
    if mentions is None:
        mentions = find_mentions(text, article.article_id, matcher)
    return ArticleDoc(
        article=article,
        matcher=matcher,
        paragraphs=tuple(paras),
        sentences=tuple(sentences),
        plain_sentences=tuple(plain),
        quote_spans=tuple(spans),
        mentions=tuple(mentions),
    )
