"""Writing and reading the output tables: one complete set of tables at a time.

An output folder looks like this::

    OUT/articles.parquet  -> .current/articles.parquet      (one link per table, and _wirewatch.json)
    OUT/.current          -> .generations/<id>             (the one pointer that switches)
    OUT/.generations/<id>/articles.parquet mentions.parquet troops.parquet quotes.parquet rejects.parquet
                          repeats.parquet _wirewatch.json
    OUT/.wirewatch.lock                                     (held while a run writes)

A run builds the next generation in ``.generations/<id>.partial`` (part files, then the final tables and
the manifest), renames it complete, and switches ``.current`` with one atomic rename: a reader, or a run
killed at any moment, sees the previous complete set or the new one, never a mix. ``OUT/<table>.parquet``
stays a single Parquet file for pandas, pyarrow, DuckDB and the dashboard (through the links).
"""

from __future__ import annotations

import contextlib
import csv
import errno
import json
import os
import shutil
import stat
import time
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from .schemas import DTYPES, OPTIONAL, SCHEMAS, SchemaError, conform, validate

MANIFEST = "_wirewatch.json"
CURRENT = ".current"
GENERATIONS = ".generations"
LOCK = ".wirewatch.lock"
FORMATS = ("parquet", "csv")


class OutputError(Exception):
    """The output folder cannot be written; the message says why in one line."""


# ---------------------------------------------------------------- checks and the lock


def check_writable(out: str | Path) -> Path:
    """Make sure ``out`` is a folder this process can write to, before any input is read; and that the names a
    run writes through (the lock, the generations folder) are what a run made, not links planted there."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputError(f"--out {out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        write_new(probe, "ok")
        probe.unlink()
    except OSError as e:
        raise OutputError(f"cannot write to the output folder {out}: {e.strerror or e}") from None
    for name, is_kind, what in (
        (LOCK, stat.S_ISREG, "a plain file"),
        (GENERATIONS, stat.S_ISDIR, "a folder"),
    ):
        if problem := planted(out / name, is_kind, what):
            raise OutputError(problem)
    return out


def planted(path: Path, is_kind, what: str) -> str | None:
    """Why ``path`` is not a run's own (a symbolic link, a hard link to another file, another kind), or None
    (missing, or ``is_kind`` and not linked)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if is_kind(st.st_mode) and not (stat.S_ISREG(st.st_mode) and st.st_nlink > 1):
        return None
    kind = (
        "a symbolic link"
        if stat.S_ISLNK(st.st_mode)
        else "a hard link to another file"
        if stat.S_ISREG(st.st_mode)
        else "not " + what
    )
    return f"{path} is {kind}, not {what} a run made: not written through; remove it and run again"


def write_new(path: Path, text: str) -> None:
    """Write ``text`` to a new file at ``path`` (never through a link or into an existing file)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)


def _open_lock(path: Path):
    """The lock file, opened without following a link; a lock that is not a plain file of one link is refused."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise OutputError(planted(path, stat.S_ISREG, "a plain file") or str(e)) from None
        raise
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
        os.close(fd)
        raise OutputError(planted(path, stat.S_ISREG, "a plain file") or f"{path} is not a plain file")
    return os.fdopen(fd, "r+")


@contextlib.contextmanager
def locked(out: str | Path, wait: bool = False) -> Iterator[None]:
    """Hold the output folder's lock; without ``wait``, fail at once when another run holds it."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system: no lock
        yield
        return
    out = Path(out)
    fh = _open_lock(out / LOCK)  # held for the whole block
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            raise OutputError(
                f"{out} is locked: another run ({holder}) is writing to it; wait for it or run again "
                "with --wait"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"pid {os.getpid()}")
        fh.flush()
        yield
    finally:
        fh.close()  # closing releases the lock (so does the process dying)


def disk_full(e: BaseException) -> bool:
    """A full disk (or quota), also as pyarrow reports it (an OSError whose errno is only in the message)."""
    if not isinstance(e, OSError):
        return False
    return e.errno in (errno.ENOSPC, errno.EDQUOT) or any(
        s in str(e) for s in (os.strerror(errno.ENOSPC), os.strerror(errno.EDQUOT), f"[errno {errno.ENOSPC}]")
    )


# ---------------------------------------------------------------- generations


def new_generation(out: Path) -> Path:
    """A fresh, empty folder for the next set of tables (``<id>.partial`` until committed)."""
    gens = out / GENERATIONS
    if problem := planted(gens, stat.S_ISDIR, "a folder"):
        raise OutputError(problem)
    gens.mkdir(parents=True, exist_ok=True)
    gid = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{os.getpid()}-{uuid.uuid4().hex[:6]}"
    path = gens / f"{gid}.partial"
    path.mkdir()
    return path


def clean_stale(out: Path) -> None:
    """Remove what killed runs left: unfinished generations, old temporaries, generations no pointer names."""
    gens = out / GENERATIONS
    keep = {p.name for p in (current_generation(out), previous_generation(out)) if p is not None}
    if gens.is_dir() and not gens.is_symlink():
        for p in gens.iterdir():
            if p.name not in keep:
                shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    for p in out.glob(".*.tmp*"):  # temporaries of this and of older versions
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)


def current_generation(out: Path) -> Path | None:
    link = out / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def previous_generation(out: Path) -> Path | None:
    p = out / f"{CURRENT}.previous"
    try:
        name = p.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    cand = out / GENERATIONS / name
    return cand if name and cand.is_dir() else None


def _replace_link(link: Path, target: str) -> None:
    tmp = link.with_name(f".{link.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, link)  # atomic: the old link (or an old plain file) or the new link


def commit(out: Path, partial: Path, tables: Iterable[str], fmt: str) -> Path:
    """Make ``partial`` the output folder's current generation in one atomic step, then tidy up."""
    final = partial.with_name(partial.name.removesuffix(".partial"))
    for f in partial.iterdir():
        if f.is_file():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
    os.replace(partial, final)
    before = current_generation(out)
    # The tables' links go through .current, so they switch with it. Those of the new format are made first
    # (while the current generation is of the other format they lead nowhere, and readers take the other's);
    # those of the old format are removed last (from the switch on they lead nowhere): whenever a run is
    # killed, and while it commits, every link that leads somewhere leads into the one current generation.
    other = "csv" if fmt == "parquet" else "parquet"
    for name in tables:
        _replace_link(out / f"{name}.{fmt}", f"{CURRENT}/{name}.{fmt}")
    _replace_link(out / MANIFEST, f"{CURRENT}/{MANIFEST}")
    _replace_link(out / CURRENT, f"{GENERATIONS}/{final.name}")  # the switch
    if before is not None and before != final:
        tmp = out / f".{CURRENT.lstrip('.')}.previous.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        write_new(tmp, before.name)
        os.replace(tmp, out / f"{CURRENT}.previous")
    for name in tables:
        (out / f"{name}.{other}").unlink(missing_ok=True)
    clean_stale(out)
    return final


def abandon(partial: Path | None) -> None:
    if partial is not None:
        shutil.rmtree(partial, ignore_errors=True)


# ---------------------------------------------------------------- table files


def arrow_schema(name: str):
    import pyarrow as pa

    return pa.schema([(col, getattr(pa, DTYPES[t].arrow)()) for col, t in SCHEMAS[name].items()])


def to_arrow(name: str, df: pd.DataFrame):
    import pyarrow as pa

    return pa.Table.from_pandas(
        conform(name, df)[list(SCHEMAS[name])], schema=arrow_schema(name), preserve_index=False
    )


def write_part(name: str, df: pd.DataFrame, path: Path) -> Path:
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(to_arrow(name, df), path)
    return path


CSV_OPTIONS = {"index": False, "quoting": csv.QUOTE_ALL, "lineterminator": "\n", "encoding": "utf-8"}


def write_csv_chunk(df: pd.DataFrame, fh, header: bool) -> None:
    df.to_csv(fh, header=header, **{k: v for k, v in CSV_OPTIONS.items() if k != "encoding"})


class TableWriter:
    """One output table written from a sequence of frames (or part files), in order, with bounded memory."""

    ROW_GROUP = 65_536
    GROUP_BYTES = 64 << 20  # articles' texts: row groups of about 64 MB

    def __init__(self, name: str, path: Path, fmt: str):
        self.name, self.path, self.fmt, self.rows = name, path, fmt, 0
        self._pending: list = []
        self._pending_rows = self._pending_bytes = 0
        if fmt == "parquet":
            import pyarrow.parquet as pq

            self._w = pq.ParquetWriter(path, arrow_schema(name))
        else:
            self._fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            write_csv_chunk(pd.DataFrame(columns=list(SCHEMAS[name])), self._fh, header=True)

    def add(self, df: pd.DataFrame) -> None:
        validate(self.name, df)
        self.rows += len(df)
        if self.fmt == "csv":
            write_csv_chunk(conform(self.name, df)[list(SCHEMAS[self.name])], self._fh, header=False)
            return
        self._append(to_arrow(self.name, df) if len(df) else None)

    def add_part(self, path: Path) -> None:
        """A part file written by ``write_part`` (and validated by its writer): into Parquet as it is, no pandas."""
        if self.fmt == "csv":
            self.add(pd.read_parquet(path))
            return
        import pyarrow.parquet as pq

        t = pq.read_table(path)
        if not t.schema.equals(self._w.schema):
            raise SchemaError(f"part {path.name} of table {self.name!r} has another schema than the table")
        self.rows += t.num_rows
        self._append(t if t.num_rows else None)

    def _append(self, t) -> None:
        """Queue an Arrow table's rows; write a row group once enough rows or bytes are queued."""
        if t is not None:
            self._pending.append(t)
            self._pending_rows += t.num_rows
            self._pending_bytes += t.nbytes
        if self._pending_rows >= self.ROW_GROUP or self._pending_bytes >= self.GROUP_BYTES:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._pending:
            self._w.write_table(pa.concat_tables(self._pending))
        self._pending, self._pending_rows, self._pending_bytes = [], 0, 0

    def close(self) -> None:
        if self.fmt == "parquet":
            self._flush()
            self._w.close()
        else:
            self._fh.close()


def write_tables(
    tables: dict[str, pd.DataFrame],
    out: str | Path,
    fmt: str = "parquet",
    manifest: dict | None = None,
    wait: bool = False,
) -> dict[str, Path]:
    """Validate and write a complete set of tables in memory as the folder's next generation."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (parquet or csv)")
    for name, df in tables.items():
        validate(name, df)
    out = check_writable(out)
    with locked(out, wait):
        partial = new_generation(out)
        try:
            for name, df in tables.items():
                w = TableWriter(name, partial / f"{name}.{fmt}", fmt)
                w.add(df)
                w.close()
            info = {"format": fmt, "tables": {n: len(df) for n, df in tables.items()}, **(manifest or {})}
            (partial / MANIFEST).write_text(json.dumps(info), encoding="utf-8")
            commit(out, partial, tables, fmt)
        except BaseException:
            abandon(partial)
            raise
    return {name: out / f"{name}.{fmt}" for name in tables}


def read_manifest(out: str | Path) -> dict | None:
    try:
        info = json.loads((Path(out) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # unreadable, malformed, a number too long, nested too deep
        return None
    return info if isinstance(info, dict) else None


def table_rows(out: str | Path, name: str) -> int | None:
    """Rows of a table: from the Parquet metadata, or by reading a CSV (None for a missing or unreadable table)."""
    import pyarrow.parquet as pq

    out = Path(out)
    try:
        if (out / f"{name}.parquet").exists():
            return pq.ParquetFile(out / f"{name}.parquet").metadata.num_rows
        if (out / f"{name}.csv").exists():
            return len(read_table(out, name))
    except Exception:  # unreadable: the caller treats it as unverifiable
        return None
    return None


def iter_table(
    out: str | Path, name: str, columns: list[str] | None = None, batch_rows: int = 65_536
) -> Iterator[pd.DataFrame]:
    """A table in batches of rows (Parquet: row groups as read; CSV: read whole, then sliced)."""
    import pyarrow.parquet as pq

    p = Path(out) / f"{name}.parquet"
    if p.exists():
        for batch in pq.ParquetFile(p).iter_batches(batch_size=batch_rows, columns=columns):
            yield batch.to_pandas()
        return
    df = read_table(out, name)
    df = df[columns] if columns else df
    for lo in range(0, len(df), batch_rows):
        yield df.iloc[lo : lo + batch_rows]


def read_table(out: str | Path, name: str, skip: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read one table from an output folder (Parquet or CSV) and conform it to its schema.

    ``skip``: columns not to load (Parquet only), e.g. the articles' text; they come back empty.
    """
    out = Path(out)
    for ext in FORMATS:
        p = out / f"{name}.{ext}"
        if p.exists():
            if ext == "parquet":
                import pyarrow.parquet as pq

                names = pq.read_schema(p).names if p.is_file() else None
                cols = [c for c in names if c not in skip] if names and skip else None
                df = pd.read_parquet(p, columns=cols)
                for c in skip:
                    if c not in df.columns:
                        df[c] = ""
            else:
                df = pd.read_csv(p, keep_default_na=False, dtype=str, encoding="utf-8")
                for col, dtype in SCHEMAS[name].items():  # integers exactly (through float they lose digits)
                    if dtype in ("int64", "Int64") and col in df.columns:
                        df[col] = pd.array([int(v) if v != "" else None for v in df[col]], dtype="Int64")
            return conform(name, df)
    if name in OPTIONAL:
        return conform(name, pd.DataFrame(columns=list(SCHEMAS[name])))
    raise FileNotFoundError(f"no table {name!r} (.parquet or .csv) in {out}")


def read_tables(out: str | Path) -> dict[str, pd.DataFrame]:
    """Every table of an output folder, all from one generation (the current one when the folder is read: a run
    that commits meanwhile does not mix its tables in)."""
    gen = current_generation(Path(out))
    return {name: read_table(gen or out, name) for name in SCHEMAS}
