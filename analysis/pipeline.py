"""read -> parse -> date -> de-duplicate -> extract -> tabulate -> write.

``run`` is what the command line calls; ``analyse_article`` is the pure
per-article step that the local process pool and the Dask engine share.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from . import actors as actors_mod
from .corpus import build_article
from .dates import infer_date
from .dedupe import find_duplicates
from .io import ReadOptions, iter_inputs, write_tables
from .quotes import extract_quotes
from .schemas import Article, Mention, Quote, Reject, TroopFigure, to_frame
from .troops import troop_figures


@dataclass(frozen=True)
class Config:
    actors_file: str | None = None
    actors_mode: str = "extend"  # extend | replace
    metonyms: bool = True
    workers: int = 0  # 0 = all cores
    read: ReadOptions = field(default_factory=ReadOptions)
    progress: bool | None = None  # None = only on a terminal


@dataclass
class Result:
    articles: list[Article]
    mentions: list[Mention]
    troops: list[TroopFigure]
    quotes: list[Quote]
    rejects: list[Reject]
    seconds: float = 0.0
    exact_duplicates: int = 0

    def tables(self) -> dict[str, pd.DataFrame]:
        return {
            "articles": to_frame("articles", self.articles),
            "mentions": to_frame("mentions", self.mentions),
            "troops": to_frame("troops", self.troops),
            "quotes": to_frame("quotes", self.quotes),
            "rejects": to_frame("rejects", self.rejects),
        }


# ---------------------------------------------------------------- per article (pure)


def analyse_article(article: Article, lexicon: Sequence[actors_mod.Actor] | None = None,
                    metonyms: bool = True) -> tuple[list[Mention], list[TroopFigure], list[Quote]]:
    """Mentions, troop figures and quotes of one article."""
    m = actors_mod.matcher(lexicon, metonyms)
    mentions = actors_mod.find_mentions(article.text, article.article_id, m)
    quotes, new_people = extract_quotes(article, mentions, m)
    if new_people:
        mentions = actors_mod.with_extra(article.text, article.article_id, mentions, new_people)
    troops = troop_figures(article.text, article.article_id, mentions, m)
    return mentions, troops, quotes


_WORKER: dict = {}


def _init_worker(actors_file: str | None, actors_mode: str, metonyms: bool) -> None:
    _WORKER["lexicon"] = actors_mod.load_actors(actors_file, actors_mode)
    _WORKER["metonyms"] = metonyms


def _analyse_in_worker(article: Article):
    """Results of one article; an extractor's failure is reported, never fatal to the run."""
    try:
        return (*analyse_article(article, _WORKER["lexicon"], _WORKER["metonyms"]), None)
    except Exception as e:  # a bug in one extractor must not lose the corpus
        return [], [], [], f"analysis failed ({type(e).__name__}: {e}); the article is kept without metrics"


# ---------------------------------------------------------------- corpus-level steps


def parse_documents(docs: Iterable, progress: tqdm | None = None) -> tuple[list[Article], list[Reject], int]:
    """Articles (first copy of each content id) and rejects from a stream of RawDoc/Reject."""
    articles: dict[str, Article] = {}
    rejects: list[Reject] = []
    exact = 0
    for item in docs:
        if progress is not None:
            progress.update(1)
        if isinstance(item, Reject):
            rejects.append(item)
            continue
        try:
            art = build_article(item)
        except Exception as e:  # a parser bug must not lose the rest of the corpus
            rejects.append(Reject(item.source, f"could not parse: {type(e).__name__}: {e}"))
            continue
        if not art.text.strip():
            rejects.append(Reject(item.source, "no text left after removing boilerplate"))
        elif art.article_id in articles:
            exact += 1
        else:
            articles[art.article_id] = art
    return list(articles.values()), rejects, exact


def infer_dates(articles: Sequence[Article], today: dt.date | None = None) -> list[Article]:
    """Fill in undated articles' dates from a day and month in the text, near the other articles' dates."""
    known = [a.published for a in articles if a.published]
    reference = dt.date.fromordinal(int(statistics.median(d.toordinal() for d in known))) if known else None
    out = []
    for a in articles:
        if a.published is None:
            d = infer_date(a.text, reference, today)
            if d:
                a = a._replace(published=d, date_source="inferred")
        out.append(a)
    return out


def mark_duplicates(articles: Sequence[Article]) -> list[Article]:
    dup = find_duplicates([a.article_id for a in articles], [a.text for a in articles],
                          [a.published for a in articles])
    return [a._replace(duplicate_of=dup.get(a.article_id)) for a in articles]


def _bar(total: int | None, desc: str, cfg: Config) -> tqdm:
    return tqdm(total=total, desc=desc, unit=" art", file=sys.stderr, disable=None if cfg.progress is None else not cfg.progress,
                leave=False, dynamic_ncols=True)


def extract_all(articles: Sequence[Article], cfg: Config,
                on_progress: Callable[[int, int], None] | None = None) -> Iterator[tuple]:
    """Per-article results in order, on all cores; ``on_progress(done, total)`` is told as they arrive."""
    workers = cfg.workers or os.cpu_count() or 1
    with _bar(len(articles), "analysing", cfg) as bar:
        if workers <= 1 or len(articles) < 64:
            _init_worker(cfg.actors_file, cfg.actors_mode, cfg.metonyms)
            results = map(_analyse_in_worker, articles)
            pool = None
        else:
            pool = ProcessPoolExecutor(workers, initializer=_init_worker,
                                       initargs=(cfg.actors_file, cfg.actors_mode, cfg.metonyms))
            results = pool.map(_analyse_in_worker, articles, chunksize=32)
        try:
            for done, res in enumerate(results, start=1):
                yield res
                bar.update(1)
                if on_progress:
                    on_progress(done, len(articles))
        finally:
            if pool:
                pool.shutdown(cancel_futures=True)


def analyse(paths: Sequence[str | Path], cfg: Config | None = None,
            on_progress: Callable[[int, int], None] | None = None) -> Result:
    """Read the inputs and compute every table in memory."""
    cfg = cfg or Config()
    t0 = time.perf_counter()
    with _bar(None, "reading", cfg) as bar:
        articles, rejects, exact = parse_documents(iter_inputs(list(paths), cfg.read), bar)
    articles = mark_duplicates(infer_dates(articles))
    mentions: list[Mention] = []
    troops: list[TroopFigure] = []
    quotes: list[Quote] = []
    for art, (m, t, q, error) in zip(articles, extract_all(articles, cfg, on_progress), strict=True):
        mentions.extend(m)
        troops.extend(t)
        quotes.extend(q)
        if error:
            rejects.append(Reject(art.source, error))
    return Result(articles, mentions, troops, quotes, rejects, time.perf_counter() - t0, exact)


def run(paths: Sequence[str | Path], out: str | Path, fmt: str = "parquet", cfg: Config | None = None) -> Result:
    """Analyse the inputs and write the tables to ``out``."""
    result = analyse(paths, cfg)
    write_tables(result.tables(), out, fmt)
    return result


