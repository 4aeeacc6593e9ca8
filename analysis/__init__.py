"""Wirewatch analysis: read news articles, extract actor mentions, troop figures and quotes as tidy tables."""

__version__ = "0.1.0"

from .pipeline import Config, Result, analyse, analyse_article, run  # noqa: E402

__all__ = ["Config", "Result", "analyse", "analyse_article", "run", "__version__"]
