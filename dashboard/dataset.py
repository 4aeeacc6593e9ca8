"""The dashboard's one data interface: DuckDB over the output tables (no Streamlit here).

``Dataset`` holds the tables (views over a folder's Parquet files, or registered frames for the sample and
uploads); ``Dataset.select(Filters)`` gives a ``Selection`` whose views ``sel_articles``, ``sel_mentions``,
``sel_troops`` and ``sel_quotes`` hold the filtered rows. The page's numbers, its charts, its tables and every
download are queries on those views: one filter implementation, aggregates as ``GROUP BY``, and only what a chart
draws comes back to pandas.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analysis.schemas import EXTRACTED, SCHEMAS, SPEC, conform
from dashboard.buckets import FREQS
from dashboard.contract import DatasetError, check_parquet, file_lit, lit, lits, quote_ident, typed_view

__all__ = ["Choices", "Dataset", "DatasetError", "Filters", "Selection", "bucket_sql", "prune_cache"]

CHILDREN = EXTRACTED  # the tables of rows found in an article: filtered with their articles
FILTERED = ("articles", *CHILDREN)
# The order table() returns rows in (the same whatever the source, so both paths give identical tables).
ORDER = {name: t.order for name, t in SPEC.items()}
BUCKETS = FREQS  # a bucket's letter -> its date_trunc unit (dashboard.buckets)
# a child table's rows carry their article's, in the page and downloads
ARTICLE_KEYS = ("published", "outlet")
KEY_CACHE = 8  # distinct article selections kept as small key tables (their articles' numbers)


@dataclass(frozen=True)
class Filters:
    """What the sidebar chose."""

    start: dt.date | None = None
    end: dt.date | None = None
    include_undated: bool = True  # undated articles are in whatever the date range
    outlets: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # selects articles mentioning any of them (their other actors stay)
    speakers: tuple[str, ...] = ()  # filters quotes only
    troops_of: tuple[str, ...] = ()  # whose troops: filters the troops table only
    polarity: tuple[float, float] = (-1.0, 1.0)  # filters quotes only, on the stored (double) values
    search: str = ""  # title or text contains, case-insensitive
    once_per_story: bool = False


@dataclass(frozen=True)
class Choices:
    """What the widgets offer, from the data loaded."""

    date_range: tuple[dt.date, dt.date] | None
    n_undated: int
    n_articles: int
    outlets: tuple[str, ...]  # sorted, blank excluded
    actors: tuple[str, ...]  # by mentions, most first
    speakers: tuple[str, ...]  # by quotes, most first, blank excluded
    troops_of: tuple[str, ...]  # by figures, most first, blank excluded


def with_article_keys(df: pd.DataFrame, added: list[str]) -> pd.DataFrame:
    """The article's columns ``added`` to a child table, typed as the articles table types them (published: a
    date or None; outlet: a string, '' for none)."""
    if "published" in added:
        day = pd.to_datetime(df["published"], errors="coerce").dt.date
        df["published"] = day.astype("object").where(day.notna(), None)
    if "outlet" in added:
        df["outlet"] = df["outlet"].astype("string").fillna("")
    return df


def bucket_sql(freq: str, column: str = "published") -> str:
    """The SQL of a date column's bucket: "D"/"W"/"M" -> ``date_trunc('week', published)`` (weeks start Monday)."""
    if freq not in BUCKETS:
        raise ValueError(f"bucket {freq!r} is not one of {sorted(BUCKETS)}")
    return f"CAST(date_trunc('{BUCKETS[freq]}', {quote_ident(column)}) AS DATE)"


CACHE = Path(tempfile.gettempdir()) / "wirewatch-cache"
CACHE_VERSION = "3"  # change when the denormalised tables change shape: old caches are then never read


# The cache is pruned when a folder is opened: an entry unused for a week goes (a new run into a folder gets a new
# entry anyway), then the least recently used while the rest weigh over 4 GB (the 1M-article benchmark entry is ~110 MB).
CACHE_MAX_AGE_S = 7 * 86_400
CACHE_MAX_BYTES = 4 * 10**9
CACHE_IN_USE_S = 3_600  # an entry used within the hour is kept whatever the size: a running app may read it
CACHE_TOUCH_S = 600  # a running Dataset marks its entry as used at most this often (on a selection)
CACHE_NAME_LEN = 20  # hex digits of an entry's name (80 bits of SHA-256: no two table generations collide)
CACHE_ENTRY = re.compile(f"[0-9a-f]{{{CACHE_NAME_LEN}}}")  # only folders named so are ever removed


@dataclass(frozen=True)
class CacheEntry:
    """One folder of the cache: its path, when it was last used (mtime, seconds) and its size in bytes."""

    path: Path
    last_used: float
    size: int


def cache_entries(root: Path) -> list[CacheEntry]:
    """The cache's entries (folders named like ``cache_dir``'s); anything else in ``root`` is not ours."""
    out = []
    try:
        children = list(root.iterdir())
    except OSError:
        return []
    for d in children:
        if not (CACHE_ENTRY.fullmatch(d.name) and d.is_dir() and not d.is_symlink()):
            continue
        try:
            size = sum(f.stat().st_size for f in d.iterdir() if f.is_file())
            out.append(CacheEntry(d, d.stat().st_mtime, size))
        except OSError:  # removed meanwhile by another process
            continue
    return out


def entries_to_remove(
    entries: list[CacheEntry],
    keep: Path | None,
    now: float,
    max_age_s: float = CACHE_MAX_AGE_S,
    max_bytes: int = CACHE_MAX_BYTES,
    in_use_s: float = CACHE_IN_USE_S,
) -> list[Path]:
    """Which entries go: every one unused for ``max_age_s``, then the least recently used while the rest weigh
    more than ``max_bytes``; never ``keep`` (the entry being opened) nor one used within ``in_use_s``."""
    spared = [e for e in entries if e.path == keep or now - e.last_used < in_use_s]
    candidates = sorted((e for e in entries if e not in spared), key=lambda e: e.last_used)
    gone = [e for e in candidates if now - e.last_used >= max_age_s]
    total = sum(e.size for e in entries) - sum(e.size for e in gone)
    for e in candidates:
        if total <= max_bytes:
            break
        if e not in gone:
            gone.append(e)
            total -= e.size
    return [e.path for e in gone]


def prune_cache(root: Path, keep: Path | None = None, now: float | None = None) -> list[Path]:
    """Remove the entries ``entries_to_remove`` names (a folder another process removes meanwhile is skipped);
    returns the folders removed."""
    gone = entries_to_remove(cache_entries(root), keep, time.time() if now is None else now)
    for d in gone:
        shutil.rmtree(d, ignore_errors=True)
    return gone


def cache_dir(folder: Path) -> Path | None:
    """Where a folder's denormalised child tables are kept: named by the real path, size and time of each table
    (a new run into the folder makes a new name). None when no cache can be written (a join per query then).
    Opening one marks it used and prunes the others (``prune_cache``)."""
    parts = [CACHE_VERSION]
    for name in FILTERED:
        p = folder / f"{name}.parquet"
        if not p.exists():
            return None
        real = p.resolve()
        st = real.stat()
        parts.append(f"{real}:{st.st_size}:{st.st_mtime_ns}")
    root = Path(os.environ.get("WIREWATCH_CACHE", CACHE))
    d = root / hashlib.sha256("\n".join(parts).encode()).hexdigest()[:CACHE_NAME_LEN]
    try:
        root.mkdir(
            mode=0o700, parents=True, exist_ok=True
        )  # this user's only: the app trusts what it finds there
        d.mkdir(mode=0o700, exist_ok=True)
        os.utime(d)
    except OSError:
        return None
    if not (os.access(d, os.W_OK) and root.stat().st_uid == os.getuid()):
        return None
    prune_cache(root, keep=d)
    return d


class Dataset:
    """The output tables in one DuckDB database; ``select`` filters them."""

    def __init__(self, db: duckdb.DuckDBPyConnection, label: str = "", cache: Path | None = None):
        self._db = db
        self.label = label
        self._columns = {
            name: db.execute(f"SELECT * FROM t_{name} LIMIT 0").df().columns.tolist() for name in SCHEMAS
        }
        # the articles' rows have numbers in their source (n_articles), unless a column has the number's name
        self._numbered = bool(
            db.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'n_articles'").fetchone()[0]
        )
        self._denormalise(cache)
        self._cache, self._touched = cache, time.monotonic()
        self._lock = threading.Lock()
        self._keys: OrderedDict[str, str] = OrderedDict()  # article filter SQL -> key table name
        self._choices: Choices | None = None

    # ------------------------------------------------------------------ loading

    @staticmethod
    def _connect() -> duckdb.DuckDBPyConnection:
        db = duckdb.connect(":memory:", config={"threads": 2, "memory_limit": "1GB"})
        db.execute("SET parquet_metadata_cache = true")  # every query binds the views: read each footer once
        return db

    @classmethod
    def from_folder(cls, path: str | Path) -> Dataset:
        """Views over ``path/<table>.parquet`` (CSV output is read whole), each checked against the contract.

        Every table is read from the generation of the folder current when it opens (the files themselves, not
        the folder's links, which a later run switches): a run committing meanwhile changes none of its tables."""
        from analysis.output import current_generation, read_table

        path = Path(path)
        if not path.is_dir():
            raise FileNotFoundError(f"no such folder: {path}")
        if not (path / "articles.parquet").exists() and not (path / "articles.csv").exists():
            raise FileNotFoundError(f"no articles table (articles.parquet or .csv) in {path}")
        db = cls._connect()
        source = current_generation(path) or path
        for name in SCHEMAS:
            p = source / f"{name}.parquet"
            if p.exists():
                present = check_parquet(name, p)
                db.execute(
                    f"CREATE VIEW t_{name} AS " + typed_view(name, f"read_parquet({file_lit(p)})", present)
                )
                if name == "articles":
                    src = f"read_parquet({lit(str(p))}, file_row_number = true)"
                    cls._numbered_view(db, present, src, "file_row_number")
                continue
            try:
                df = read_table(source, name)  # CSV (or an optional table that is absent): small, read whole
            except FileNotFoundError:
                raise DatasetError(f"table {name!r} is missing from {path}") from None
            except Exception as e:
                raise DatasetError(f"table {name!r} could not be read: {type(e).__name__}: {e}") from None
            cls._load_frame(db, name, df)
        return cls(db, str(path), cache=cache_dir(source))

    @classmethod
    def from_tables(cls, tables: dict[str, pd.DataFrame]) -> Dataset:
        """The sample or an upload: frames copied into DuckDB (conformed to the contract; missing tables empty)."""
        db = cls._connect()
        for name in SCHEMAS:
            df = tables.get(name)
            if df is None:
                df = pd.DataFrame(columns=list(SCHEMAS[name]))
            helper = [c for c in ("aidx", "pub", "qrow") if c in df.columns]
            try:
                df = conform(name, df.drop(columns=helper))
            except Exception as e:
                raise DatasetError(f"table {name!r} does not match the contract: {e}") from None
            cls._load_frame(db, name, df)
        return cls(db, "tables")

    @staticmethod
    def _load_frame(db: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame) -> None:
        import pyarrow as pa

        df = df.copy()
        for c in df.columns:  # categoricals and pandas strings as plain arrow strings
            if isinstance(df[c].dtype, pd.CategoricalDtype):
                df[c] = df[c].astype("string")
        arrow = pa.Table.from_pandas(df, preserve_index=False)
        db.register(f"frame_{name}", arrow)
        db.execute(f"CREATE TABLE raw_{name} AS SELECT * FROM frame_{name}")
        db.unregister(f"frame_{name}")
        db.execute(f"CREATE VIEW t_{name} AS " + typed_view(name, f"raw_{name}", list(df.columns)))
        if name == "articles":
            Dataset._numbered_view(db, list(df.columns), f"raw_{name}", "rowid")

    @staticmethod
    def _numbered_view(db: duckdb.DuckDBPyConnection, present: list[str], source: str, row: str) -> None:
        """``n_articles``: t_articles and each row's number in its source, ``_arow`` (``row``: the Parquet
        reader's file_row_number or a table's rowid), by which a selection's articles are found (an INTEGER join,
        not their ids). Not made when the source has a column of either name (its articles are found by id)."""
        if row not in present and "_arow" not in present:
            db.execute(
                "CREATE VIEW n_articles AS "
                + typed_view("articles", source, present, f"{row}::BIGINT AS _arow")
            )

    # ------------------------------------------------------------------ queries

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """A query on the unfiltered views t_<table> (a fresh cursor: safe from any thread)."""
        cur = self._db.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    def columns(self, name: str) -> list[str]:
        """A table's columns: the contract's in order, then the file's extra columns."""
        return list(self._columns[name])

    def _denormalise(self, cache: Path | None) -> None:
        """``d_<child>``: each child table with its article's published, outlet and duplicate_of, so that date,
        outlet and copy filters are plain predicates on the child rows (no join per query), and its article's
        number ``_aidx`` (``d_articles``: article_id -> _aidx, numbered in article_id order, and the article's row
        in its source, ``_arow``), so that a selection by actor or text tests an INTEGER against its articles'
        numbers, not a string against their ids; ``d_actors``: each actor's article numbers, sorted by actor, so
        that an actor filter reads its actors' rows only (the Parquet row groups whose min/max hold them), not the
        actor of every mention. Folders get these as Parquet files in a cache folder (made once per generation of
        the tables); frames as tables in memory."""
        keys = (
            "SELECT article_id, (row_number() OVER (ORDER BY article_id))::INTEGER AS _aidx, published, outlet, "
            "duplicate_of, "
            + ("_arow FROM n_articles" if self._numbered else "NULL::BIGINT AS _arow FROM t_articles")
        )  # the same numbers whenever made (two servers filling one cache agree)
        self._cached("d_articles", keys, cache / "articles.parquet" if cache else None)
        for name in CHILDREN:
            cols = ", ".join(
                f"c.{quote_ident(col)}"
                if not (name == "quotes" and col == "published")
                else "a.published AS published"
                for col in self._columns[name]
            )
            extra = "" if name == "quotes" else ", a.published"
            body = (
                f"SELECT {cols}{extra}, a.outlet, a.duplicate_of, a._aidx FROM t_{name} c "
                "JOIN d_articles a ON c.article_id = a.article_id"
            )
            self._cached(f"d_{name}", body, cache / f"{name}.parquet" if cache else None)
        self._cached(
            "d_actors",
            "SELECT DISTINCT actor, _aidx FROM d_mentions WHERE actor IS NOT NULL ORDER BY actor, _aidx",
            cache / "actors.parquet" if cache else None,
        )

    def _cached(self, view: str, body: str, target: Path | None) -> None:
        """``view`` as a Parquet file ``target`` written once, or without a cache a table (frames, and the article
        numbers, which every child must share) or a view."""
        if target is None:
            kind = "TABLE" if self.label == "tables" or view == "d_articles" else "VIEW"
            self._db.execute(f"CREATE {kind} {view} AS {body}")
            return
        if not target.exists():
            tmp = target.parent / f".{target.stem}.{os.getpid()}.{threading.get_ident()}.tmp"
            self._db.execute(f"COPY ({body}) TO {lit(str(tmp))} (FORMAT parquet, COMPRESSION zstd)")
            os.replace(tmp, target)
        self._db.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet({file_lit(target)})")

    def choices(self) -> Choices:
        if self._choices is None:
            rng = self.query(
                "SELECT min(published) lo, max(published) hi, count(*) n, "
                "count(*) FILTER (WHERE published IS NULL) undated FROM t_articles"
            ).iloc[0]
            top = (
                "SELECT {c} v FROM t_{t} WHERE {c} IS NOT NULL AND {c} <> '' GROUP BY {c} "
                "ORDER BY count(*) DESC, {c}"
            )
            outlets = self.query("SELECT DISTINCT outlet v FROM t_articles WHERE outlet <> '' ORDER BY v")[
                "v"
            ]
            date_range = (
                None
                if pd.isna(rng["lo"])
                else (pd.Timestamp(rng["lo"]).date(), pd.Timestamp(rng["hi"]).date())
            )
            self._choices = Choices(
                date_range=date_range,
                n_undated=int(rng["undated"]),
                n_articles=int(rng["n"]),
                outlets=tuple(outlets.astype(str)),
                actors=tuple(self.query(top.format(c="actor", t="mentions"))["v"].astype(str)),
                speakers=tuple(self.query(top.format(c="speaker", t="quotes"))["v"].astype(str)),
                troops_of=tuple(self.query(top.format(c="troops_of", t="troops"))["v"].astype(str)),
            )
        return self._choices

    def article_text(self, article_id: str) -> str:
        df = self.query("SELECT text FROM t_articles WHERE article_id = ? LIMIT 1", [str(article_id)])
        return str(df["text"].iloc[0]) if len(df) else ""

    def select(self, f: Filters) -> Selection:
        self._mark_used()
        return Selection(self, f)

    def _mark_used(self) -> None:
        """Mark the cache entry as used (its mtime), at most every CACHE_TOUCH_S: pruning spares it."""
        if self._cache is not None and time.monotonic() - self._touched > CACHE_TOUCH_S:
            self._touched = time.monotonic()
            with contextlib.suppress(OSError):
                os.utime(self._cache)

    # ------------------------------------------------------------------ the selected articles

    def _article_where(self, f: Filters) -> tuple[str, str]:
        """The article filters as SQL: (predicates on published/outlet/duplicate_of, which every child table
        holds too; those and the predicates that need the articles' text or the mentions, on d_articles,
        evaluated once into a key table)."""
        conds = []
        dated = []
        if f.start:
            dated.append(f"published >= {lit(f.start)}")
        if f.end:
            dated.append(f"published <= {lit(f.end)}")
        if dated:
            conds.append(
                "((" + " AND ".join(dated) + ")" + (" OR published IS NULL)" if f.include_undated else ")")
            )
        elif not f.include_undated:
            conds.append("published IS NOT NULL")
        if f.outlets:
            conds.append(f"outlet IN ({lits(f.outlets)})")
        if f.once_per_story:
            conds.append("duplicate_of IS NULL")
        costly = []  # on d_articles (article_id, _aidx, published, outlet, duplicate_of, _arow)
        if f.actors:
            costly.append(f"_aidx IN (SELECT _aidx FROM d_actors WHERE actor IN ({lits(f.actors)}))")
        if f.search:
            term = lit(f.search.lower())
            costly.append(
                "article_id IN (SELECT article_id FROM t_articles WHERE "
                f"contains(lower(title), {term}) OR contains(lower(text), {term}))"
            )
        return " AND ".join(conds), " AND ".join(conds + costly) if costly else ""

    def _key_table(self, where: str) -> str:
        """The name of a table of the numbers of the articles ``where`` (on d_articles) selects (``_aidx``, ``_arow``;
        their ids too if their rows have no numbers), made once per distinct selection (a few kept): the views join
        this small table instead of scanning text or mentions again."""
        with self._lock:
            if where in self._keys:
                self._keys.move_to_end(where)
                return self._keys[where]
            name = f"keys_{len(self._keys)}_{abs(hash(where)) % 10**9}"
            cur = self._db.cursor()
            cols = "_aidx, _arow" if self._numbered else "_aidx, _arow, article_id"
            try:
                cur.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT {cols} FROM d_articles WHERE {where}")
                self._keys[where] = name
                while len(self._keys) > KEY_CACHE:
                    _, old = self._keys.popitem(last=False)
                    cur.execute(f"DROP TABLE IF EXISTS {old}")
            finally:
                cur.close()
            return name


class Selection:
    """The rows a Filters selects, as views: sel_articles, sel_mentions, sel_troops, sel_quotes.

    Each child view holds its table's columns plus the article's ``published`` (DATE) and ``outlet``."""

    def __init__(self, dataset: Dataset, filters: Filters):
        self.dataset = dataset
        self.filters = filters
        self._where = dataset._article_where(filters)
        self._cursors: dict[
            int, tuple[duckdb.DuckDBPyConnection, str]
        ] = {}  # thread -> cursor, its key table

    def _view_sql(self) -> tuple[dict[str, str], str]:
        f, (cheap, costly) = self.filters, self._where
        conds = [cheap] if cheap else []
        keys = ""
        if costly:
            keys = self.dataset._key_table(costly)  # made again if evicted since this selection was made
        where = " AND ".join(conds)
        by_id = [where] if where else []
        numbered = self.dataset._numbered
        if keys and not numbered:  # articles without row numbers: by id (their child rows still by number)
            by_id.append(f"article_id IN (SELECT article_id FROM {keys})")
        troops = [where] if where else []
        if f.troops_of:
            troops.append(f"troops_of IN ({lits(f.troops_of)})")
        quotes = [where] if where else []
        if tuple(f.polarity) != (-1.0, 1.0):
            quotes.append(f"polarity BETWEEN {lit(float(f.polarity[0]))} AND {lit(float(f.polarity[1]))}")
        if f.speakers:
            quotes.append(f"speaker IN ({lits(f.speakers)})")

        def view(source: str, conds: list[str], exclude: str = "", on: str = "_aidx") -> str:
            star = "*"
            if keys and on:
                # the rows of the selected articles: an inner join on an article number, which the key table
                # holds once each (the semi-join `_aidx IN (SELECT _aidx FROM keys)`, the same rows), which DuckDB
                # probes faster (1.4-1.7x over the 48 M mentions of 1M articles; the articles by their row
                # number instead of their id: 6x)
                source, star = f"{source} c JOIN {keys} k ON c.{on} = k.{on}", "c.*"
            return f"SELECT {star}{exclude} FROM {source}" + (
                " WHERE " + " AND ".join(conds) if conds else ""
            )

        views = {
            "sel_articles": view("n_articles", by_id, " EXCLUDE (_arow)", "_arow")
            if keys and numbered
            else view("t_articles", by_id, on=""),
            "sel_mentions": view("d_mentions", [where] if where else [], " EXCLUDE (duplicate_of, _aidx)"),
            "sel_troops": view("d_troops", troops, " EXCLUDE (duplicate_of, _aidx)"),
            "sel_quotes": view("d_quotes", quotes, " EXCLUDE (duplicate_of, _aidx)"),
        }
        return views, keys

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor with the selection's views (downloads run later, in a server thread)."""
        views, keys = self._view_sql()
        held = self._cursors.get(threading.get_ident())
        if held and held[1] == keys:
            return held[0]
        cur = self.dataset._db.cursor()
        for name, body in views.items():
            cur.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {body}")
        self._cursors[threading.get_ident()] = (cur, keys)
        return cur

    def sql(self, query: str, params: list | None = None) -> pd.DataFrame:
        """Run ``query`` (which may name sel_articles, sel_mentions, sel_troops, sel_quotes) and return a frame."""
        try:
            return self._cursor().execute(query, params or []).df()
        except duckdb.CatalogException:  # the key table was dropped (many selections since): make it again
            self._cursors.pop(threading.get_ident(), None)
            return self._cursor().execute(query, params or []).df()

    def headline(self) -> dict[str, int]:
        """The numbers at the top of the page: articles, quotes, actors (distinct, mentioned), troops (figures)."""
        row = self.sql(
            "SELECT (SELECT count(*) FROM sel_articles) articles, (SELECT count(*) FROM sel_quotes) quotes, "
            "(SELECT count(DISTINCT actor) FROM sel_mentions) actors, "
            "(SELECT count(*) FROM sel_troops) troops"
        ).iloc[0]
        return {k: int(row[k]) for k in ("articles", "quotes", "actors", "troops")}

    def actor_kinds(self) -> dict[str, int]:
        """The distinct actors mentioned per actor type ('person', 'country', 'organization', ...): the split of
        the headline's actors (an actor of two types counts under each)."""
        df = self.sql("SELECT actor_type k, count(DISTINCT actor) n FROM sel_mentions GROUP BY ALL")
        return {str(k): int(n) for k, n in zip(df["k"], df["n"], strict=True)}

    def _source(self, name: str) -> str:
        if name in FILTERED:
            return f"sel_{name}"
        if name in SCHEMAS:
            return f"t_{name}"
        raise KeyError(f"no table {name!r}")

    def table(self, name: str, limit: int | None = None) -> pd.DataFrame:
        """A table's selected rows: the contract's columns in order, then the file's extra columns, then for a
        child table its article's ``published`` and ``outlet`` where the contract lacks them (``ARTICLE_KEYS``:
        a troop figure's date and outlet in the ledger and the downloads). The page's tables and every download."""
        own = self.dataset.columns(name)
        added = [c for c in ARTICLE_KEYS if name in CHILDREN and c not in own]
        cols = ", ".join(quote_ident(c) for c in own + added)
        if limit is None:
            q = f"SELECT {cols} FROM {self._source(name)} ORDER BY {ORDER[name]}"
        else:  # the first rows found, in order (a sort of every row would read every column of every row)
            q = f"SELECT {cols} FROM (SELECT * FROM {self._source(name)} LIMIT {int(limit)}) ORDER BY {ORDER[name]}"
        return with_article_keys(conform(name, self.sql(q)), added)

    def count(self, name: str, where: str = "", params: list | None = None) -> int:
        """The selected rows of a table (that also meet ``where``)."""
        q = f"SELECT count(*) n FROM {self._source(name)}" + (f" WHERE {where}" if where else "")
        return int(self.sql(q, params)["n"].iloc[0])

    def rows(
        self, name: str, where: str, params: list | None = None, limit: int | None = None
    ) -> pd.DataFrame:
        """The selected rows of a table that also meet ``where`` (the rows behind a click), every column of the
        view (child tables with published and outlet)."""
        q = f"SELECT * FROM {self._source(name)} WHERE {where or 'TRUE'} ORDER BY {ORDER[name]}" + (
            f" LIMIT {int(limit)}" if limit is not None else ""
        )
        return self.sql(q, params)
