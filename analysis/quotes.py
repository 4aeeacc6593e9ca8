"""Direct quotes (placeholder until the quote extractor lands)."""

from __future__ import annotations


def extract_quotes(article, mentions, mat):
    return [], []
