"""The driver, for every engine: shards -> read and parse (workers) -> content ids -> dates -> duplicates ->
reuse of an earlier run -> extract (workers) -> write the tables (as the parts arrive) -> switch the folder.

Workers do the reading, parsing and extraction of their own shards (``engines/work.py``); the driver
only decides what needs the whole corpus, from compact summaries: which inputs repeat an earlier one
(content ids), the dates of undated articles (the corpus's median date), which articles are
syndicated copies (MinHash signatures, checked exactly on shingles read back from disk), and which
articles an earlier run already analysed. It never holds the articles' texts. Then it assembles the
part files into the tables and switches the output folder to them in one step (``output.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from . import actors as actors_mod
from .dates import resolve_yearless
from .dedupe import duplicates_from_signatures
from .engines import engine_for
from .engines.work import ExtractPlan, PartSummary, final_part, load_shingles, reuse_dir
from .extract import BUDGET_S, Settings, analyse_article, check_budget
from .io import ReadOptions
from .output import (
    MANIFEST,
    OutputError,
    TableWriter,
    abandon,
    check_writable,
    clean_stale,
    commit,
    current_generation,
    disk_full,
    iter_table,
    locked,
    new_generation,
    read_manifest,
    read_table,
    read_tables,
    table_rows,
    write_part,
)
from .schemas import EXTRACTED, PARTED, TABLES, Article, Reject, to_frame
from .shards import plan_shards

__all__ = ["MANIFEST", "Config", "OutputError", "Result", "analyse", "analyse_article", "run"]


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
    budget_s: float = BUDGET_S  # per article
    wait: bool = False  # wait for another run's lock on the output folder instead of failing

    def __post_init__(self) -> None:
        check_budget(self.budget_s)
        if not isinstance(self.workers, int) or self.workers < 0:
            raise ValueError(f"workers must be 0 (all cores) or more, not {self.workers!r}")


@dataclass
class Result:
    """Counts of a run; the tables are read from its folder when asked for (or held, for ``analyse``)."""

    counts: dict[str, int]
    seconds: float = 0.0
    exact_duplicates: int = 0
    reused: int = 0  # articles whose results came from the previous run
    copies: int = 0  # syndicated copies (duplicate_of set)
    folder: Path | None = None
    held: dict[str, pd.DataFrame] | None = None
    unfinished: list[str] = field(default_factory=list)  # ids of the articles kept without metrics

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: self.table(name) for name in TABLES}

    def table(self, name: str) -> pd.DataFrame:
        if self.held is None:
            self.held = {}
        if name not in self.held:
            self.held[name] = read_table(self.folder, name)
        return self.held[name]

    @property
    def articles(self) -> list[Article]:
        """The articles as records (``table("articles")`` gives the table)."""
        df = self.table("articles")
        cols = {c: df[c].tolist() for c in Article._fields}
        cols["duplicate_of"] = [None if pd.isna(v) else v for v in cols["duplicate_of"]]
        cols["published"] = [None if v is None or pd.isna(v) else v for v in cols["published"]]
        cols["n_words"] = [int(v) for v in cols["n_words"]]
        return [Article(*row) for row in zip(*cols.values(), strict=True)]

    @property
    def mentions(self) -> pd.DataFrame:
        return self.table("mentions")

    @property
    def troops(self) -> pd.DataFrame:
        return self.table("troops")

    @property
    def quotes(self) -> pd.DataFrame:
        return self.table("quotes")

    @property
    def rejects(self) -> list[Reject]:
        return [Reject(*r) for r in self.table("rejects")[list(Reject._fields)].itertuples(index=False)]


def settings_for(cfg: Config, out: Path | None = None) -> Settings:
    read = cfg.read
    if out is not None:  # the output folder inside an input folder is not read as input
        read = replace(read, skip=(*read.skip, str(out.resolve())))
    return Settings(
        actors_mod.load_actors(cfg.actors_file, cfg.actors_mode), cfg.metonyms, read, cfg.budget_s
    )


def fingerprint(cfg: Config, root: Path | None = None) -> str:
    """What the extracted rows depend on besides the text: code version, lexicons and settings (the budget per
    article among them: it decides which articles have metrics). ``root``: the package's folder (every module in
    every subpackage, and every lexicon, counts)."""
    from importlib import resources as res

    from . import __version__

    h = hashlib.sha1(f"{__version__}|{cfg.actors_mode}|{cfg.metonyms}|{float(cfg.budget_s)!r}".encode())
    root = root or Path(str(res.files("analysis")))
    for f in sorted(
        root.rglob("*"), key=lambda p: p.relative_to(root).as_posix()
    ):  # every module, every lexicon
        if f.is_file() and f.suffix in (".py", ".csv", ".txt") and "__pycache__" not in f.parts:
            h.update(f.relative_to(root).as_posix().encode() + f.read_bytes())
    if cfg.actors_file:
        h.update(Path(cfg.actors_file).read_bytes())
    return h.hexdigest()[:16]


def previous_run(out: Path | None, cfg: Config) -> Path | None:
    """The current generation of ``out`` if the next run may reuse it: same code, lexicons and settings, and
    every table as the manifest recorded it (a set that does not verify is analysed again). Its articles kept
    without metrics (``unfinished``) are analysed again in any case."""
    if out is None or not cfg.incremental:
        return None
    info = read_manifest(out)
    gen = current_generation(out)
    if not info or gen is None or info.get("fingerprint") != fingerprint(cfg):
        return None
    for name, rows in (info.get("tables") or {}).items():
        if table_rows(gen, name) != rows:
            print(
                f"wirewatch: {out}'s {name} table does not match its manifest; analysing everything again",
                file=sys.stderr,
            )
            return None
    return gen if info.get("tables") else None


# ---------------------------------------------------------------- corpus-level decisions


@dataclass
class Corpus:
    """The driver's view of the corpus: one entry per kept article (first copy of each content id)."""

    ids: list[str]
    part: np.ndarray  # index into parts
    row: np.ndarray  # row in its staged part
    published: np.ndarray  # ordinals
    date_source: list[str]
    sigs: np.ndarray
    sizes: np.ndarray
    repeats: dict[int, list[tuple[int, str]]]  # part index -> (staged row, article id)
    exact: int


def content_ids(parts: Sequence[PartSummary]) -> Corpus:
    """The first copy of each content id is the article; later ones are exact repeats."""
    seen: set[str] = set()
    ids, part, row, pub, src, keep = [], [], [], [], [], []
    repeats: dict[int, list[tuple[int, str]]] = {}
    for p_i, p in enumerate(parts):
        mask = np.zeros(len(p.ids), dtype=bool)
        for r, aid in enumerate(p.ids):
            if aid in seen:
                repeats.setdefault(p_i, []).append((r, aid))
                continue
            seen.add(aid)
            mask[r] = True
            ids.append(aid)
            part.append(p_i)
            row.append(r)
            src.append(p.date_source[r])
        pub.append(p.published[mask])
        keep.append(mask)
    sigs = (
        np.concatenate([p.sigs[m] for p, m in zip(parts, keep, strict=True)]) if parts else np.zeros((0, 1))
    )
    sizes = np.concatenate([p.sizes[m] for p, m in zip(parts, keep, strict=True)]) if parts else np.zeros(0)
    return Corpus(
        ids,
        np.array(part, dtype=np.int32),
        np.array(row, dtype=np.int32),
        np.concatenate(pub) if pub else np.zeros(0, np.int32),
        src,
        sigs,
        sizes,
        repeats,
        sum(len(v) for v in repeats.values()),
    )


def infer_dates(c: Corpus, parts: Sequence[PartSummary], today: dt.date | None = None) -> None:
    """Undated articles get the yearless date their text names, resolved near the corpus's median date."""
    known = c.published[c.published > 0]
    reference = dt.date.fromordinal(int(statistics.median(known.tolist()))) if len(known) else None
    resolved: dict[tuple[int, int, int], int] = {}
    for i in np.flatnonzero(c.published == 0):
        month, day, mask = (int(x) for x in parts[c.part[i]].clues[c.row[i]])
        if not month:
            continue
        if (month, day, mask) not in resolved:
            d = resolve_yearless(month, day, mask, reference, today)
            resolved[(month, day, mask)] = d.toordinal() if d else 0
        if resolved[(month, day, mask)]:
            c.published[i] = resolved[(month, day, mask)]
            c.date_source[i] = "inferred"


def mark_duplicates(c: Corpus, parts: Sequence[PartSummary], stage: Path) -> dict[str, str]:
    def load(i: int) -> np.ndarray:
        p = parts[c.part[i]]
        return load_shingles(stage, p.name, p.offsets, int(c.row[i]))

    return duplicates_from_signatures(c.ids, c.published.tolist(), c.sigs, c.sizes, load)


def unfinished(out: Path) -> frozenset[str]:
    """The ids of the articles a run into ``out`` kept without metrics (over the budget, an extractor failed)."""
    ids = (read_manifest(out) or {}).get("unfinished")
    return frozenset(str(i) for i in ids) if isinstance(ids, list) else frozenset()


def route_reused(
    previous: Path, c: Corpus, parts: Sequence[PartSummary], stage: Path, redo: frozenset[str] = frozenset()
) -> np.ndarray:
    """Which articles the previous run analysed, less those it kept without metrics (``redo``: analysed again,
    so their reject rows come again too); their rows of every table go to the part that now holds them."""
    known = pd.Index(
        pd.concat(
            [b["article_id"] for b in iter_table(previous, "articles", ["article_id"])]
            or [pd.Series([], dtype="string")]
        ).astype(str)
    )
    ids = pd.Index(c.ids)
    reused = ids.isin(known) & ~ids.isin(list(redo))
    if not reused.any():
        return reused
    part_of = pd.Series(c.part[reused], index=ids[reused])
    for name in EXTRACTED:
        dest = reuse_dir(stage, name)
        dest.mkdir(parents=True, exist_ok=True)
        for b, df in enumerate(iter_table(previous, name)):
            where = df["article_id"].astype(str).map(part_of)
            df = df[where.notna()]
            for p_i, rows in df.groupby(where[where.notna()].astype(int), sort=False):
                write_part(name, rows, dest / f"{parts[p_i].name}-{b:06d}.parquet")
    return reused


def plans_for(
    c: Corpus, parts: Sequence[PartSummary], dup: dict[str, str], reused: np.ndarray
) -> list[ExtractPlan]:
    bounds = np.searchsorted(c.part, np.arange(len(parts) + 1))
    plans = []
    for p_i, p in enumerate(parts):
        lo, hi = int(bounds[p_i]), int(bounds[p_i + 1])
        plans.append(
            ExtractPlan(
                name=p.name,
                rows=c.row[lo:hi],
                published=[dt.date.fromordinal(int(o)) if o else None for o in c.published[lo:hi]],
                date_source=c.date_source[lo:hi],
                duplicate_of=[dup.get(a) for a in c.ids[lo:hi]],
                reused=np.asarray(reused[lo:hi], dtype=bool),
                repeats=c.repeats.get(p_i, []),
            )
        )
    return plans


# ---------------------------------------------------------------- the run


def _bar(desc: str, cfg: Config, total: int | None = None) -> tqdm:
    return tqdm(
        total=total,
        desc=desc,
        unit=" art",
        file=sys.stderr,
        leave=False,
        dynamic_ncols=True,
        disable=None if cfg.progress is None else not cfg.progress,
    )


def _execute(
    paths: Sequence[str | Path],
    cfg: Config,
    out: Path,
    partial: Path,
    previous: Path | None,
    fmt: str,
    on_progress: Callable[[int, int], None] | None,
) -> Result:
    t0 = time.perf_counter()
    settings = settings_for(cfg, out)
    stage = partial / "_parts"
    shards = plan_shards(list(paths), settings.read)
    with engine_for(cfg.engine, cfg.workers, cfg.scheduler) as eng:
        with _bar("reading", cfg) as bar:
            parts = []
            for ps in eng.parse(shards, settings, stage, on_item=lambda: bar.update(1)):
                parts.extend(ps)
                bar.update(max(0, sum(len(p.ids) + len(p.rejects) for p in parts) - bar.n))
        rejects = [r for p in parts for r in p.rejects]
        corpus = content_ids(parts)
        infer_dates(corpus, parts)
        dup = mark_duplicates(corpus, parts, stage)
        reused = (
            route_reused(previous, corpus, parts, stage, unfinished(out))
            if previous is not None
            else np.zeros(len(corpus.ids), dtype=bool)
        )
        plans = plans_for(corpus, parts, dup, reused)
        for p in parts:  # what the driver keeps of the parse: nothing but the corpus view
            p.sigs = p.clues = None
        total = sum(
            len(p.ids) + len(p.rejects) for p in parts
        )  # every input counts: rejects and repeats are done
        done = total - len(corpus.ids)
        if done and on_progress:
            on_progress(done, total)
        errors: list[Reject] = []
        unanalysed: list[str] = []
        with _bar("analysing", cfg, total) as bar:
            bar.update(done)

            def tick() -> None:
                nonlocal done
                done += 1
                bar.update(1)
                if on_progress:
                    on_progress(done, total)

            counts = dict.fromkeys(PARTED, 0)
            expected = done
            writers = {name: TableWriter(name, partial / f"{name}.{fmt}", fmt) for name in PARTED}
            for summary, plan in zip(
                eng.extract(plans, settings, stage, on_article=tick), plans, strict=True
            ):
                errors.extend(summary.errors)
                unanalysed.extend(summary.unfinished)
                for k, v in summary.rows.items():
                    counts[k] += v
                for name, w in writers.items():  # the tables grow while the workers go on
                    w.add_part(final_part(stage, name, plan.name))
                    final_part(stage, name, plan.name).unlink()
                expected += len(plan.rows)
                while done < expected:  # engines in other processes report by part
                    tick()
            for w in writers.values():
                w.close()
    w = TableWriter("rejects", partial / f"rejects.{fmt}", fmt)
    w.add(to_frame("rejects", rejects + errors))
    w.close()
    counts["rejects"] = len(rejects) + len(errors)
    shutil.rmtree(stage, ignore_errors=True)
    return Result(
        counts,
        time.perf_counter() - t0,
        corpus.exact,
        int(reused.sum()),
        len(dup),
        out,
        unfinished=unanalysed,
    )


def _write_manifest(partial: Path, result: Result, cfg: Config, fmt: str) -> None:
    import json

    info = {
        "fingerprint": fingerprint(cfg),
        "articles": result.counts["articles"],
        "format": fmt,
        "tables": {name: result.counts[name] for name in TABLES},
        "unfinished": sorted(result.unfinished),  # kept without metrics: the next run analyses them again
    }
    (partial / MANIFEST).write_text(json.dumps(info), encoding="utf-8")


def run(
    paths: Sequence[str | Path],
    out: str | Path,
    fmt: str = "parquet",
    cfg: Config | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Analyse the inputs and switch ``out`` to the new tables (with a manifest that lets the next run reuse them)."""
    cfg = cfg or Config()
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"unknown format {fmt!r} (parquet or csv)")
    out = check_writable(out)  # before reading anything
    with locked(out, cfg.wait):
        clean_stale(out)
        previous = previous_run(out, cfg)
        partial = None
        try:
            partial = new_generation(out)
            result = _execute(paths, cfg, out, partial, previous, fmt, on_progress)
            _write_manifest(partial, result, cfg, fmt)
            commit(out, partial, TABLES, fmt)
        except BaseException as e:
            abandon(partial)
            if disk_full(e):
                raise OutputError(
                    f"no space left on the disk holding {out}; the previous tables are kept"
                ) from None
            raise
    return result


def analyse(
    paths: Sequence[str | Path],
    cfg: Config | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    out: str | Path | None = None,
) -> Result:
    """Read the inputs and compute every table in memory (reusing ``out``'s earlier results when they fit)."""
    cfg = cfg or Config()
    if out is not None:
        res = run(paths, out, "parquet", cfg, on_progress)
        res.held = read_tables(out)
        return res
    with tempfile.TemporaryDirectory(prefix="wirewatch-") as d:
        res = run(paths, d, "parquet", replace(cfg, incremental=False), on_progress)
        res.held = read_tables(d)
        res.folder = None
        return res
