"""The two tasks every engine runs, as plain functions of their arguments (files in, files out).

``parse_shard`` reads one shard, parses its articles and writes them as staged part files (the
articles, and their word 5-gram hashes for the copy rule); it returns only what the driver needs to
decide across articles: content ids, dates, the clue for a yearless date, MinHash signatures, rejects.
``extract_part`` reads one staged part with the driver's decisions (dates, copies, repeats, reuse),
analyses its articles and writes the final part files of every table. No text crosses processes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..actors import matcher
from ..corpus import parse_article
from ..dates import yearless_clue
from ..dedupe import N_HASH, minhash, shingles
from ..extract import Budget, Settings
from ..output import write_part
from ..schemas import EXTRACTED, Article, Reject, Repeat, conform, to_frame, validate, warning_row
from ..shards import Shard, read_shard

PART_ROWS = 500  # articles per part file: the unit of work of the extraction


@dataclass
class PartSummary:
    """What the driver learns of one staged part (a few hundred bytes per article)."""

    name: str
    ids: list[str]
    published: np.ndarray  # date ordinals, 0 = none
    date_source: list[str]
    clues: np.ndarray  # (n, 3) month, day, weekday mask of a yearless date; month 0 = none
    sigs: np.ndarray  # (n, N_HASH) MinHash signatures
    sizes: np.ndarray  # shingles per article
    offsets: np.ndarray  # (n + 1) into the part's shingle file
    rejects: list[Reject] = field(default_factory=list)
    n_bytes: int = 0


@dataclass
class ExtractPlan:
    """The driver's decisions for one staged part."""

    name: str
    rows: np.ndarray  # staged rows kept (first copies), in order
    published: list[dt.date | None]
    date_source: list[str]
    duplicate_of: list[str | None]
    reused: np.ndarray  # per kept row: its results come from the previous run
    repeats: list[tuple[int, str]]  # (staged row, article id it repeats)


@dataclass
class ExtractSummary:
    name: str
    rows: dict[str, int]
    errors: list[Reject]
    analysed: int
    unfinished: list[str] = field(default_factory=list)  # ids of the articles kept without metrics (errors)


def staged(stage: Path, name: str) -> Path:
    return stage / "parse" / f"{name}.parquet"


def final_part(stage: Path, table: str, name: str) -> Path:
    return stage / "final" / table / f"{name}.parquet"


def reuse_dir(stage: Path, table: str) -> Path:
    return stage / "reuse" / table


def parse_one(item) -> tuple[Article | None, Reject | None]:
    """An article, a reject, or an article with a warning row (a date given that is not valid)."""
    if isinstance(item, Reject):
        return None, item
    try:
        art, warnings = parse_article(item)
    except Exception as e:  # a parser bug must not lose the rest of the corpus
        return None, Reject(item.source, f"could not parse: {type(e).__name__}: {e}")
    if not art.text.strip():
        return None, Reject(item.source, "no text left after removing boilerplate")
    return art, warning_row(item.source, "; ".join(warnings)) if warnings else None


def _write_staged(stage: Path, name: str, arts: list[Article], rejects: list[Reject]) -> PartSummary:
    sh = [shingles(a.text) for a in arts]
    offsets = np.zeros(len(arts) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(s) for s in sh])
    (stage / "parse").mkdir(parents=True, exist_ok=True)
    write_part("articles", to_frame("articles", arts), staged(stage, name))
    with open(stage / "parse" / f"{name}.sh", "wb") as fh:  # (numpy's tofile hides the errno of a full disk)
        fh.write((np.concatenate(sh) if sh else np.zeros(0, np.uint64)).astype(np.uint64).tobytes())
    clues = np.zeros((len(arts), 3), dtype=np.int16)
    for i, a in enumerate(arts):
        if a.published is None and (c := yearless_clue(a.text)):
            clues[i] = c
    return PartSummary(
        name=name,
        ids=[a.article_id for a in arts],
        published=np.array([a.published.toordinal() if a.published else 0 for a in arts], dtype=np.int32),
        date_source=[a.date_source for a in arts],
        clues=clues,
        sigs=np.stack([minhash(s) for s in sh]) if sh else np.zeros((0, N_HASH), dtype=np.uint64),
        sizes=np.array([len(s) for s in sh], dtype=np.int32),
        offsets=offsets,
        rejects=rejects,
        n_bytes=sum(len(a.text.encode("utf-8", "surrogatepass")) for a in arts),
    )


def parse_shard(
    index: int, shard: Shard, settings: Settings, stage: str | Path, on_item: Callable[[], None] | None = None
) -> list[PartSummary]:
    """Read and parse one shard into staged parts of PART_ROWS articles."""
    stage = Path(stage)
    parts: list[PartSummary] = []
    arts: list[Article] = []
    rejects: list[Reject] = []
    for item in read_shard(shard, settings.read):
        art, rej = parse_one(item)
        if rej is not None:
            rejects.append(rej)
        if art is not None:
            arts.append(art)
        if on_item:
            on_item()
        if len(arts) == PART_ROWS:
            parts.append(_write_staged(stage, f"{index:06d}-{len(parts):04d}", arts, rejects))
            arts, rejects = [], []
    if arts or rejects or not parts:
        parts.append(_write_staged(stage, f"{index:06d}-{len(parts):04d}", arts, rejects))
    return parts


def load_shingles(stage: Path, name: str, offsets: np.ndarray, row: int) -> np.ndarray:
    lo, hi = int(offsets[row]), int(offsets[row + 1])
    return np.fromfile(stage / "parse" / f"{name}.sh", dtype=np.uint64, count=hi - lo, offset=lo * 8)


def _sorted_rows(df: pd.DataFrame, position: dict[str, int]) -> pd.DataFrame:
    if not len(df):
        return df
    key = df["article_id"].map(position).to_numpy()
    return df.iloc[np.lexsort((df["end"].to_numpy(), df["start"].to_numpy(), key))].reset_index(drop=True)


def write_final(name: str, df: pd.DataFrame, path: Path) -> None:
    """A final part, validated here in the worker: the driver appends it to the table as it is."""
    validate(name, df)
    write_part(name, df, path)


def extract_part(
    plan: ExtractPlan, settings: Settings, stage: str | Path, on_article: Callable[[], None] | None = None
) -> ExtractSummary:
    """Analyse the kept articles of one staged part and write its final part of every table."""
    stage = Path(stage)
    cols = pd.read_parquet(staged(stage, plan.name)).to_dict("list")
    fields = Article._fields
    rows = [int(r) for r in plan.rows]
    arts = [
        Article(*(cols[f][r] for f in fields))._replace(
            published=plan.published[k], date_source=plan.date_source[k], duplicate_of=plan.duplicate_of[k]
        )
        for k, r in enumerate(rows)
    ]
    arts = [a._replace(n_words=int(a.n_words)) for a in arts]
    new: dict[str, list] = {name: [] for name in EXTRACTED}
    errors: list[Reject] = []
    unfinished: list[str] = []
    analysed = 0
    lexicon = matcher(settings.lexicon, settings.metonyms)
    with Budget(settings.budget_s) as budget:
        for a, reused in zip(arts, plan.reused, strict=True):
            if not reused:
                mentions, troops, quotes, error = budget.run(a, settings, lexicon)
                analysed += 1
                new["mentions"].extend(mentions)
                new["troops"].extend(troops)
                new["quotes"].extend(quotes)
                if error:
                    errors.append(Reject(a.source, error))
                    unfinished.append(a.article_id)
            if on_article:
                on_article()
    position = {a.article_id: i for i, a in enumerate(arts)}
    published = {a.article_id: a.published for a in arts}
    counts = {"articles": len(arts)}
    write_final("articles", to_frame("articles", arts), final_part(stage, "articles", plan.name))
    for name in EXTRACTED:
        frames = [to_frame(name, new[name])]
        old = reuse_dir(stage, name)
        if plan.reused.any() and old.is_dir():
            frames += [conform(name, pd.read_parquet(p)) for p in sorted(old.glob(f"{plan.name}-*.parquet"))]
        df = (
            pd.concat([f for f in frames if len(f)], ignore_index=True)
            if any(len(f) for f in frames)
            else frames[0]
        )
        df = _sorted_rows(conform(name, df), position)
        if name == "quotes" and len(df):  # a date inferred anew applies to reused quotes too
            df = conform(name, df.assign(published=df["article_id"].map(published)))
        counts[name] = len(df)
        write_final(name, df, final_part(stage, name, plan.name))
    sources = cols["source"]
    reps = [Repeat(sources[r], aid) for r, aid in plan.repeats]
    counts["repeats"] = len(reps)
    write_final("repeats", to_frame("repeats", reps), final_part(stage, "repeats", plan.name))
    return ExtractSummary(plan.name, counts, errors, analysed, unfinished)
