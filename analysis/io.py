"""Reading inputs and writing tables: the only module that touches files.

``iter_inputs`` turns paths (files, folders, .zip archives, tables) into a stream of
``RawDoc`` (one per article) and ``Reject`` (one per input or row that could not
be read, with the reason). Nothing is dropped silently. ``write_tables`` writes
each table to a temporary file and moves it into place, so a crash leaves the
old complete table or the new complete one.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import pandas as pd

from .fetch import FetchOptions, resolve_urls, url_items, url_list, url_row
from .schemas import SCHEMAS, RawDoc, Reject, conform, validate
from .web import PAGE_EXT, assets_folders, in_assets_folder, saved_page_doc

TEXT_EXT = {".txt", ".text", ".md", ""}
TABLE_EXT = {".csv", ".tsv", ".jsonl", ".ndjson", ".json", ".parquet"}
COLUMN_ALIASES = {
    "text": ("text", "body", "content", "article", "articles", "full_text", "article_text"),
    "title": ("title", "headline", "headlines", "heading"),
    "date": ("date", "published", "published_at", "publication_date", "pubdate", "pub_date", "datetime", "time",
             "publish_date"),  # publish_date, media_name, sourceurl: Media Cloud and GDELT exports
    "url": ("url", "link", "href", "web_url", "sourceurl", "documentidentifier"),
    "outlet": ("outlet", "source", "publisher", "site", "newspaper", "media", "media_name"),
    "id": ("id", "article_id", "doc_id", "uid", "key"),
    "author": ("author", "authors", "byline"),
}


@dataclass(frozen=True)
class ReadOptions:
    """Limits and column overrides for reading inputs."""

    columns: dict[str, str] = field(default_factory=dict)  # role -> column name, overrides detection
    max_article_bytes: int = 20_000_000
    max_zip_total_bytes: int = 2_000_000_000
    max_zip_ratio: float = 200.0
    max_zip_depth: int = 3
    sniff_bytes: int = 1_000_000
    fetch: FetchOptions | None = None  # how URL lists are fetched; None refuses them (--no-fetch)


class InputError(Exception):
    """An input cannot be read; the message is the reject reason."""


# ---------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> str:
    """Decode text: UTF-16 with BOM, UTF-8 (BOM optional), else cp1252, else latin-1."""
    if not data:
        raise InputError("empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(f"invalid UTF-16 text: {e.reason} at byte {e.start}") from None
    if b"\x00" in data[:8192]:
        raise InputError("binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def sniff_encoding(head: bytes) -> str:
    """Pick an encoding for a stream from its first bytes."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head[:8192]:
        raise InputError("binary file (NUL bytes), not text")
    try:
        head.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as e:
        if e.start >= len(head) - 4:  # a multi-byte character cut by the sample's end
            return "utf-8-sig"
        try:
            head.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            return "latin-1"


# ---------------------------------------------------------------- tables


def detect_columns(names: list[str], overrides: dict[str, str]) -> dict[str, str]:
    """Map roles (text, title, date, url, outlet, id) to column names."""
    lower = {str(n).strip().lower(): n for n in names}
    found: dict[str, str] = {}
    for role, aliases in COLUMN_ALIASES.items():
        if role in overrides:
            if overrides[role] not in names:
                raise InputError(f"column {overrides[role]!r} (given for {role}) not found; columns: {list(names)}")
            found[role] = overrides[role]
            continue
        for a in aliases:
            if a in lower:
                found[role] = lower[a]
                break
    if "text" not in found and "url" in found:  # a list of URLs to fetch (see _row_doc)
        return found
    if "text" not in found:
        raise InputError(f"no text column (looked for {', '.join(COLUMN_ALIASES['text'])}; columns: {list(names)})")
    return found


def _row_doc(path: str, row: dict, cols: dict[str, str], rownum: int) -> RawDoc | Reject:
    text = row.get(cols["text"]) if "text" in cols else None
    rid = row.get(cols["id"]) if "id" in cols else None
    rid = str(rid).strip() if rid is not None and str(rid).strip() not in ("", "nan", "None") else str(rownum)
    source = f"{path}::{rid}"
    if "text" not in cols:  # a URL to fetch, with the row's other values
        return url_row(path, source, row, cols)
    if text is None or (isinstance(text, float) and text != text) or not str(text).strip():
        return Reject(source, f"row {rownum}: empty text")
    meta = {role: row.get(col) for role, col in cols.items() if role not in ("text", "id")}
    return RawDoc(source, str(text), meta)


def bounded_lines(reader: io.TextIOBase, limit: int) -> Iterator[tuple[int, str | None]]:
    """(line number, line) pairs; a line longer than ``limit`` is skipped unread and given as None."""
    lineno = 0
    while True:
        line = reader.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith("\n"):
            while True:  # drain the rest of the over-long line in bounded chunks
                rest = reader.readline(1 << 20)
                if not rest or rest.endswith("\n"):
                    break
            yield lineno, None
            continue
        yield lineno, line


def iter_jsonl(path: str, stream: io.BufferedIOBase, opts: ReadOptions) -> Iterator[RawDoc | Reject]:
    head = stream.peek(opts.sniff_bytes)[: opts.sniff_bytes] if hasattr(stream, "peek") else b""
    enc = sniff_encoding(head) if head else "utf-8-sig"
    reader = io.TextIOWrapper(stream, encoding=enc, errors="replace", newline="")
    cols = None
    n = 0
    for lineno, line in bounded_lines(reader, opts.max_article_bytes):
        if line is None:
            yield Reject(f"{path}::line{lineno}", f"line {lineno}: longer than {opts.max_article_bytes:,} characters; not read")
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            yield Reject(f"{path}::line{lineno}", f"line {lineno}: malformed JSON ({e.msg})")
            continue
        if not isinstance(row, dict):
            yield Reject(f"{path}::line{lineno}", f"line {lineno}: not a JSON object")
            continue
        if cols is None:
            cols = detect_columns(list(row), opts.columns)
        n += 1
        if "text" in cols and cols["text"] not in row:
            yield Reject(f"{path}::line{lineno}", f"line {lineno}: no {cols['text']!r} field")
            continue
        yield _row_doc(path, row, cols, lineno)
    if n == 0 and cols is None:
        raise InputError("no JSON objects in file")


def iter_csv(path: str, stream: io.BufferedIOBase, opts: ReadOptions, delimiter: str = ",") -> Iterator[RawDoc | Reject]:
    head = stream.peek(opts.sniff_bytes)[: opts.sniff_bytes] if hasattr(stream, "peek") else b""
    if not head:
        raise InputError("empty file")
    enc = sniff_encoding(head)
    reader = io.TextIOWrapper(stream, encoding=enc, errors="replace", newline="")
    csv.field_size_limit(opts.max_article_bytes)
    rows = csv.reader(reader, delimiter=delimiter, strict=True)
    try:
        header = next(rows)
    except StopIteration:
        raise InputError("empty file") from None
    except csv.Error as e:
        raise InputError(f"malformed CSV header: {e}") from None
    cols = detect_columns(header, opts.columns)
    while True:
        line = rows.line_num + 1
        try:
            values = next(rows)
        except StopIteration:
            break
        except csv.Error as e:
            yield Reject(f"{path}::line{line}", f"line {line}: malformed CSV ({e})")
            continue
        if not values or all(not v.strip() for v in values):
            continue
        if len(values) != len(header):
            yield Reject(f"{path}::line{line}", f"line {line}: {len(values)} fields, header has {len(header)}")
            continue
        yield _row_doc(path, dict(zip(header, values, strict=True)), cols, rows.line_num)


def iter_json(path: str, data: bytes, opts: ReadOptions) -> Iterator[RawDoc | Reject]:
    try:
        obj = json.loads(decode_bytes(data))
    except json.JSONDecodeError as e:
        raise InputError(f"malformed JSON: {e.msg} at line {e.lineno}") from None
    if isinstance(obj, dict):
        lists = [v for v in obj.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        obj = lists[0] if lists else [obj]
    if not isinstance(obj, list):
        raise InputError("JSON holds neither an object nor a list of objects")
    records = [r for r in obj if isinstance(r, dict)]
    if not records:
        raise InputError("no JSON objects in file")
    cols = detect_columns(list({k: None for r in records for k in r}), opts.columns)
    for i, row in enumerate(obj):
        if not isinstance(row, dict):
            yield Reject(f"{path}::{i}", f"item {i}: not a JSON object")
            continue
        yield _row_doc(path, row, cols, i)


def iter_parquet(path: str, source: str | io.BytesIO, opts: ReadOptions) -> Iterator[RawDoc | Reject]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(source)
    except Exception as e:  # pyarrow raises several kinds for a bad file
        raise InputError(f"not a readable Parquet file ({type(e).__name__}: {e})") from None
    cols = detect_columns(pf.schema_arrow.names, opts.columns)
    rownum = 0
    for batch in pf.iter_batches(batch_size=2048, columns=sorted(set(cols.values()))):
        for row in batch.to_pylist():
            yield _row_doc(path, row, cols, rownum)
            rownum += 1


# ---------------------------------------------------------------- files, folders, archives


def _text_doc(path: str, data: bytes, opts: ReadOptions) -> RawDoc:
    if len(data) > opts.max_article_bytes:
        raise InputError(f"{len(data):,} bytes is more than one article may hold ({opts.max_article_bytes:,})")
    text = decode_bytes(data)
    if not text.strip():
        raise InputError("empty file (white space only)")
    return RawDoc(path, text, {})


def _text_docs(path: str, data: bytes, opts: ReadOptions) -> Iterator:
    """A text file: one article, or a URL list (one URL a line) to fetch."""
    doc = _text_doc(path, data, opts)
    urls = url_list(doc.text)
    if urls is None:
        yield doc
    else:
        yield from url_items(path, urls)


def _html_doc(path: str, data: bytes, opts: ReadOptions) -> RawDoc | Reject:
    """A saved web page: its main text and metadata (trafilatura)."""
    if len(data) > opts.max_article_bytes:
        raise InputError(f"{len(data):,} bytes is more than one page may hold ({opts.max_article_bytes:,})")
    return saved_page_doc(path, data)


def _open_stream(data: bytes) -> io.BufferedReader:
    return io.BufferedReader(io.BytesIO(data), buffer_size=1 << 20)


def iter_file_bytes(path: str, data: bytes, opts: ReadOptions, depth: int = 0) -> Iterator[RawDoc | Reject]:
    """Read an input held in memory (a zip member)."""
    ext = PurePosixPath(path).suffix.lower()
    if ext == ".zip":
        yield from iter_zip(path, io.BytesIO(data), opts, depth + 1)
    elif ext in (".jsonl", ".ndjson"):
        yield from iter_jsonl(path, _open_stream(data), opts)
    elif ext in (".csv", ".tsv"):
        yield from iter_csv(path, _open_stream(data), opts, "\t" if ext == ".tsv" else ",")
    elif ext == ".json":
        yield from iter_json(path, data, opts)
    elif ext == ".parquet":
        yield from iter_parquet(path, io.BytesIO(data), opts)
    elif ext in PAGE_EXT:
        yield _html_doc(path, data, opts)
    else:
        yield from _text_docs(path, data, opts)


def iter_zip(path: str, source, opts: ReadOptions, depth: int = 1) -> Iterator[RawDoc | Reject]:
    if depth > opts.max_zip_depth:
        raise InputError(f"archive nested more than {opts.max_zip_depth} deep")
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as e:
        raise InputError(f"not a readable zip archive ({e})") from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        total = sum(i.file_size for i in infos)
        if total > opts.max_zip_total_bytes:
            raise InputError(f"archive expands to {total:,} bytes, over the {opts.max_zip_total_bytes:,} limit")
        names = {i.filename for i in infos}
        for info in infos:
            name = info.filename
            if in_assets_folder(name, names):  # a saved page's images and scripts
                continue
            member = f"{path}/{name}"
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
                yield Reject(member, "unsafe path in archive (absolute or with ..); not read")
                continue
            if parts and (parts[0] == "__MACOSX" or parts[-1].startswith(".")):
                continue
            if info.compress_size and info.file_size / info.compress_size > opts.max_zip_ratio and info.file_size > 10_000_000:
                yield Reject(member, f"compression ratio {info.file_size / info.compress_size:.0f}:1 looks like a zip bomb; not read")
                continue
            try:
                data = _read_member(zf, info, opts)
                yield from iter_file_bytes(member, data, opts, depth)
            except InputError as e:
                yield Reject(member, str(e))
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError) as e:
                yield Reject(member, f"cannot extract: {e}")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, opts: ReadOptions) -> bytes:
    limit = max(opts.max_article_bytes, 500_000_000)
    with zf.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"member expands past {limit:,} bytes; not read")
    return data


def iter_path(path: Path, opts: ReadOptions, root: Path | None = None) -> Iterator[RawDoc | Reject]:
    """Read one path given on the command line (or found in a folder)."""
    name = str(path)
    try:
        if root is not None and path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root.resolve()):
                yield Reject(name, f"symlink points outside the input folder ({target}); not read")
                return
        if not path.exists():
            yield Reject(name, "no such file or folder")
            return
        if path.is_dir():
            base = root or path
            children = sorted(path.iterdir())
            assets = assets_folders(c.name for c in children)  # a saved page's images and scripts
            for child in children:
                if child.name.startswith(".") or child.name in assets:
                    continue
                yield from iter_path(child, opts, base)
            return
        if not path.is_file():
            yield Reject(name, "not a regular file")
            return
        ext = path.suffix.lower()
        if ext == ".zip":
            with open(path, "rb") as fh:
                yield from iter_zip(name, fh, opts)
        elif ext in (".jsonl", ".ndjson"):
            with open(path, "rb", buffering=1 << 20) as fh:
                yield from iter_jsonl(name, fh, opts)
        elif ext in (".csv", ".tsv"):
            with open(path, "rb", buffering=1 << 20) as fh:
                yield from iter_csv(name, fh, opts, "\t" if ext == ".tsv" else ",")
        elif ext == ".parquet":
            yield from iter_parquet(name, name, opts)
        else:
            size = path.stat().st_size
            if size > opts.max_article_bytes and ext != ".json":
                yield Reject(name, f"{size:,} bytes is more than one article may hold ({opts.max_article_bytes:,})")
                return
            data = path.read_bytes()
            if ext == ".json":
                yield from iter_json(name, data, opts)
            elif ext in PAGE_EXT:
                yield _html_doc(name, data, opts)
            else:
                yield from _text_docs(name, data, opts)
    except InputError as e:
        yield Reject(name, str(e))
    except PermissionError:
        yield Reject(name, "permission denied")
    except OSError as e:
        yield Reject(name, f"cannot read: {e.strerror or e}")


def iter_inputs(paths: list[str | Path], opts: ReadOptions | None = None) -> Iterator[RawDoc | Reject]:
    """Every article in the given paths, and a Reject for everything that could not be read."""
    opts = opts or ReadOptions()
    stream = (item for p in paths for item in iter_path(Path(p), opts))
    yield from resolve_urls(stream, opts.fetch)  # URL lists' pages (fetched after the rest)


# ---------------------------------------------------------------- writing and reading tables


def write_tables(tables: dict[str, pd.DataFrame], out: str | Path, fmt: str = "parquet") -> dict[str, Path]:
    """Validate and write every table; each file appears complete or not at all."""
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"unknown format {fmt!r} (parquet or csv)")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        validate(name, df)
    for stale in out.glob(".*.tmp"):  # left by a run that was killed while writing
        stale.unlink(missing_ok=True)
    written = {}
    staged = []
    try:
        for name, df in tables.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=f".{fmt}.tmp", dir=out)
            os.close(fd)
            staged.append(tmp)
            if fmt == "parquet":
                df.to_parquet(tmp, index=False)
            else:
                df.to_csv(tmp, index=False)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
        for (name, _), tmp in zip(tables.items(), staged, strict=True):
            dest = out / f"{name}.{fmt}"
            os.replace(tmp, dest)
            written[name] = dest
        for name in tables:  # a table of the other format from an older run would be read instead
            other = out / f"{name}.{'csv' if fmt == 'parquet' else 'parquet'}"
            other.unlink(missing_ok=True)
    finally:
        for tmp in staged:
            Path(tmp).unlink(missing_ok=True)
    return written


def read_table(out: str | Path, name: str, skip: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read one table from an output folder (Parquet or CSV) and conform it to its schema.

    ``skip``: columns not to load (Parquet only), e.g. the articles' text; they come back empty.
    """
    out = Path(out)
    for ext in ("parquet", "csv"):
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
                df = pd.read_csv(p, keep_default_na=False, dtype=str)
            return conform(name, df)
    raise FileNotFoundError(f"no table {name!r} (.parquet or .csv) in {out}")


def read_tables(out: str | Path) -> dict[str, pd.DataFrame]:
    return {name: read_table(out, name) for name in SCHEMAS}
