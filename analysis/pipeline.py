"""read -> parse -> date -> de-duplicate -> extract -> tabulate -> write.

``run`` is what the command line calls; ``analyse_article`` is the pure
per-article step that the local process pool and the Dask engine share.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from . import actors as actors_mod
from .corpus import parse_article
from .dates import infer_date
from .dedupe import find_duplicates, shingles
from .io import WARNING, ReadOptions, iter_inputs, read_table, write_tables
from .quotes import extract_quotes
from .schemas import Article, Mention, Quote, RawDoc, Reject, SchemaError, TroopFigure, conform, to_frame
from .troops import troop_figures


@dataclass(frozen=True)
class Config:
    actors_file: str | None = None
    actors_mode: str = "extend"  # extend | replace
    metonyms: bool = True
    workers: int = 0  # 0 = all cores
    read: ReadOptions = field(default_factory=ReadOptions)
    progress: bool | None = None  # None = only on a terminal
    engine: str = "local"  # local | dask
    scheduler: str | None = None  # a Dask scheduler address; None starts a LocalCluster
    incremental: bool = True  # reuse an output folder's results for articles already analysed


EXTRACTED = ("mentions", "troops", "quotes")


@dataclass
class Result:
    articles: list[Article]
    rejects: list[Reject]
    frames: dict[str, pd.DataFrame]  # mentions, troops, quotes
    seconds: float = 0.0
    exact_duplicates: int = 0
    reused: int = 0  # articles whose results came from the previous run

    @property
    def mentions(self) -> pd.DataFrame:
        return self.frames["mentions"]

    @property
    def troops(self) -> pd.DataFrame:
        return self.frames["troops"]

    @property
    def quotes(self) -> pd.DataFrame:
        return self.frames["quotes"]

    def tables(self) -> dict[str, pd.DataFrame]:
        return {"articles": to_frame("articles", self.articles), **self.frames,
                "rejects": to_frame("rejects", self.rejects)}


# ---------------------------------------------------------------- per article (pure)


def analyse_article(article: Article, lexicon: Sequence[actors_mod.Actor] | None = None,
                    metonyms: bool = True) -> tuple[list[Mention], list[TroopFigure], list[Quote]]:
    """Mentions, troop figures and quotes of one article."""
    m = actors_mod.matcher(lexicon, metonyms)
    mentions = actors_mod.find_mentions(article.text, article.article_id, m)
    quotes, new_people = extract_quotes(article, mentions, m)
    if new_people:
        mentions = actors_mod.with_extra(article.text, article.article_id, mentions, new_people)
    people = actors_mod.discover_people(article.text, mentions, m)  # everyone else named in the body
    if people:
        mentions = actors_mod.with_extra(article.text, article.article_id, mentions, people)
    troops = troop_figures(article.text, article.article_id, mentions, m, quotes)
    return mentions, troops, quotes


_WORKER: dict = {}


def _init_worker(actors_file: str | None, actors_mode: str, metonyms: bool, known: frozenset[str] = frozenset()) -> None:
    _WORKER["lexicon"] = actors_mod.load_actors(actors_file, actors_mode)
    _WORKER["metonyms"] = metonyms
    _WORKER["known"] = known  # articles an earlier run already analysed


def _analyse_in_worker(article: Article):
    """Results of one article; an extractor's failure is reported, never fatal to the run."""
    try:
        return (*analyse_article(article, _WORKER["lexicon"], _WORKER["metonyms"]), None)
    except Exception as e:  # a bug in one extractor must not lose the corpus
        return [], [], [], f"analysis failed ({type(e).__name__}: {e}); the article is kept without metrics"


def _parse_and_analyse(item: RawDoc | Reject) -> tuple:
    """Parse one input and, unless an earlier run has it, analyse it: the article travels to a worker once.

    The rows come back as plain tuples (cheaper to send between processes than records)."""
    art, rej, sh = parse_one(item)
    if art is None or art.article_id in _WORKER["known"]:
        return art, rej, sh, None
    m, t, q, error = _analyse_in_worker(art)
    return art, rej, sh, ([tuple(x) for x in m], [tuple(x) for x in t], [tuple(x) for x in q], error)


# ---------------------------------------------------------------- corpus-level steps


WINDOW = 2_000  # articles in flight at once: bounds memory however large the corpus


def windowed_map(fn: Callable, items: Iterable, pool: ProcessPoolExecutor | None, chunksize: int = 32) -> Iterator:
    """``fn`` over ``items`` in order, on the pool if any, never more than WINDOW items submitted at a time."""
    it = iter(items)
    while batch := list(itertools.islice(it, WINDOW)):
        yield from (pool.map(fn, batch, chunksize=chunksize) if pool else map(fn, batch))


def parse_one(item: RawDoc | Reject) -> tuple[Article | None, Reject | None, np.ndarray | None]:
    """One input parsed into an article with its word 5-gram hashes (for the copy rule), or a reject.

    An article can come with a warning row (a date given that is not valid), returned as its reject."""
    if isinstance(item, Reject):
        return None, item, None
    try:
        art, warnings = parse_article(item)
    except Exception as e:  # a parser bug must not lose the rest of the corpus
        return None, Reject(item.source, f"could not parse: {type(e).__name__}: {e}"), None
    if not art.text.strip():
        return None, Reject(item.source, "no text left after removing boilerplate"), None
    warning = Reject(item.source, WARNING + "; ".join(warnings)) if warnings else None
    return art, warning, shingles(art.text)


def parse_documents(docs: Iterable, progress: tqdm | None = None, pool: ProcessPoolExecutor | None = None
                    ) -> tuple[list[Article], list[Reject], int, list[np.ndarray]]:
    """Articles (first copy of each content id), rejects, the count of exact repeats, and the articles' shingles."""
    articles: dict[str, tuple[Article, np.ndarray]] = {}
    rejects: list[Reject] = []
    exact = 0
    for art, rej, sh in windowed_map(parse_one, docs, pool, chunksize=64):
        if progress is not None:
            progress.update(1)
        if rej is not None:
            rejects.append(rej)
        if art is None:
            continue
        if art.article_id in articles:
            exact += 1
        else:
            articles[art.article_id] = (art, sh)
    return [a for a, _ in articles.values()], rejects, exact, [sh for _, sh in articles.values()]


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


def mark_duplicates(articles: Sequence[Article], shingle_sets: Sequence[np.ndarray] | None = None) -> list[Article]:
    dup = find_duplicates([a.article_id for a in articles], [a.text for a in articles],
                          [a.published for a in articles], shingle_sets)
    return [a._replace(duplicate_of=dup.get(a.article_id)) for a in articles]


def _bar(total: int | None, desc: str, cfg: Config) -> tqdm:
    return tqdm(total=total, desc=desc, unit=" art", file=sys.stderr, disable=None if cfg.progress is None else not cfg.progress,
                leave=False, dynamic_ncols=True)


def make_pool(cfg: Config, n_items: int, known: frozenset[str] = frozenset()) -> ProcessPoolExecutor | None:
    """A process pool on all cores (or cfg.workers), or None for one worker or a small corpus."""
    workers = cfg.workers or os.cpu_count() or 1
    if workers <= 1 or n_items < 64:
        return None
    return ProcessPoolExecutor(workers, initializer=_init_worker,
                               initargs=(cfg.actors_file, cfg.actors_mode, cfg.metonyms, known))


def parse_and_extract(docs: Iterable, cfg: Config, pool: ProcessPoolExecutor | None, total: int | None,
                      progress: tqdm | None = None, on_progress: Callable[[int, int], None] | None = None):
    """The local engine in one pass: articles, rejects, exact repeats, shingles, new rows as tables, failures."""
    articles: dict[str, tuple[Article, np.ndarray]] = {}
    rejects: list[Reject] = []
    errors: list[Reject] = []
    rows: dict[str, list] = {name: [] for name in EXTRACTED}
    frames: dict[str, list[pd.DataFrame]] = {name: [] for name in EXTRACTED}
    exact = 0

    def flush() -> None:  # plain rows to compact columns every window: memory follows the tables, not the objects
        for name in EXTRACTED:
            frames[name].append(to_frame(name, rows[name]))
            rows[name].clear()

    for done, (art, rej, sh, res) in enumerate(windowed_map(_parse_and_analyse, docs, pool), start=1):
        if progress is not None:
            progress.update(1)
        if on_progress:
            on_progress(done, max(total or 0, done))
        if rej is not None:
            rejects.append(rej)
        if art is None:
            continue
        if art.article_id in articles:
            exact += 1
            continue
        articles[art.article_id] = (art, sh)
        if res is not None:
            m, t, q, error = res
            rows["mentions"].extend(m)
            rows["troops"].extend(t)
            rows["quotes"].extend(q)
            if error:
                errors.append(Reject(art.source, error))
        if done % WINDOW == 0:
            flush()
    flush()
    new = {name: pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0] for name, parts in frames.items()}
    return [a for a, _ in articles.values()], rejects, exact, [sh for _, sh in articles.values()], new, errors


def assemble(articles: Sequence[Article], new: dict[str, pd.DataFrame],
             old: dict[str, pd.DataFrame] | None = None) -> dict[str, pd.DataFrame]:
    """One table each of mentions, troops and quotes, in article order then offset, whatever engine or run made the rows."""
    order = {a.article_id: i for i, a in enumerate(articles)}
    published = {a.article_id: a.published for a in articles}
    out = {}
    for name in EXTRACTED:
        parts = [new[name]]
        if old is not None:
            parts.append(old[name][old[name]["article_id"].isin(order)])
        df = conform(name, pd.concat([p for p in parts if len(p)], ignore_index=True)) if any(len(p) for p in parts) \
            else new[name]
        df = df[df["article_id"].isin(order)]
        if name == "quotes" and len(df):  # a date inferred anew applies to reused quotes too
            df = df.assign(published=df["article_id"].map(published))
        key = df["article_id"].map(order).to_numpy()
        df = df.iloc[np.lexsort((df["end"].to_numpy(), df["start"].to_numpy(), key))]
        out[name] = conform(name, df)
    return out


def fingerprint(cfg: Config) -> str:
    """What the extracted rows depend on besides the text: code version, lexicons and settings."""
    from importlib import resources as res

    from . import __version__

    h = hashlib.sha1(f"{__version__}|{cfg.actors_mode}|{cfg.metonyms}".encode())
    for folder in (res.files("analysis"), res.files("analysis.resources")):  # the code and the lexicons
        for f in sorted(folder.iterdir(), key=lambda p: p.name):
            if f.is_file() and f.name.endswith((".py", ".csv", ".txt")):
                h.update(f.name.encode() + f.read_bytes())
    if cfg.actors_file:
        h.update(Path(cfg.actors_file).read_bytes())
    return h.hexdigest()[:16]


MANIFEST = "_wirewatch.json"


def previous_run(out: str | Path | None, cfg: Config) -> dict[str, pd.DataFrame] | None:
    """The extracted tables of an earlier run into ``out``, if they were made with the same code and lexicons."""
    if out is None or not cfg.incremental:
        return None
    manifest = Path(out) / MANIFEST
    try:
        info = json.loads(manifest.read_text(encoding="utf-8"))
        if info.get("fingerprint") != fingerprint(cfg):
            return None
        return {name: read_table(out, name) for name in ("articles", *EXTRACTED)}
    except (OSError, ValueError, SchemaError):
        return None


def analyse(paths: Sequence[str | Path], cfg: Config | None = None,
            on_progress: Callable[[int, int], None] | None = None, out: str | Path | None = None) -> Result:
    """Read the inputs and compute every table in memory (reusing ``out``'s earlier results when they fit)."""
    cfg = cfg or Config()
    t0 = time.perf_counter()
    old = previous_run(out, cfg)
    known = frozenset(old["articles"]["article_id"]) if old is not None else frozenset()
    with _bar(None, "analysing" if cfg.engine == "local" else "reading", cfg) as bar:
        stream = iter(iter_inputs(list(paths), cfg.read))
        first = list(itertools.islice(stream, WINDOW))  # enough to tell a small corpus from a large one
        total = len(first) if len(first) < WINDOW else None
        docs = itertools.chain(first, stream)
        del first
        if cfg.engine == "local":
            pool = make_pool(cfg, total or WINDOW, known)
            if pool is None:
                _init_worker(cfg.actors_file, cfg.actors_mode, cfg.metonyms, known)
            try:
                articles, rejects, exact, shingle_sets, new, errors = parse_and_extract(
                    docs, cfg, pool, total, bar, on_progress)
            finally:
                if pool is not None:
                    pool.shutdown(cancel_futures=True)
        else:
            articles, rejects, exact, shingle_sets = parse_documents(docs, bar)
    articles = mark_duplicates(infer_dates(articles), shingle_sets)
    del shingle_sets
    reused = sum(a.article_id in known for a in articles)
    if cfg.engine == "dask":
        from .dask_engine import extract_dask

        new, errors = extract_dask([a for a in articles if a.article_id not in known], cfg, Path(out) if out else None)
    frames = assemble(articles, new, old)
    return Result(articles, rejects + errors, frames, time.perf_counter() - t0, exact, reused)


def run(paths: Sequence[str | Path], out: str | Path, fmt: str = "parquet", cfg: Config | None = None) -> Result:
    """Analyse the inputs and write the tables to ``out``, then a manifest that lets the next run reuse them."""
    cfg = cfg or Config()
    result = analyse(paths, cfg, out=out)
    write_tables(result.tables(), out, fmt)
    manifest = {"fingerprint": fingerprint(cfg), "articles": len(result.articles), "format": fmt}
    tmp = Path(out) / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest), encoding="utf-8")
    os.replace(tmp, Path(out) / MANIFEST)
    return result
