"""Reading inputs: files, folders, .zip archives, tables and URL lists into articles.

``iter_inputs`` turns paths (files, folders, .zip archives, tables) into a stream of
``RawDoc`` (one per article) and ``Reject`` (one per input or row that could not
be read, with the reason). Nothing is dropped silently. Other modules touch files too:
writing and reading the output tables is ``output.py``'s (re-exported here), the workers' part files
``engines/work.py``'s, downloads ``download.py``'s and the lexicons ``lexicons.py``'s.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
import re
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from .fetch import FetchOptions, listed_urls, resolve_urls, url_row
from .schemas import WARNING, RawDoc, Reject, warning_row
from .web import ASSETS_SKIPPED, PAGE_EXT, assets_folder_of, assets_folders, saved_page_doc

COLUMN_ALIASES = {
    "text": ("text", "body", "content", "article", "articles", "full_text", "article_text"),
    "title": ("title", "headline", "headlines", "heading"),
    "date": (
        "date",
        "published",
        "published_at",
        "publication_date",
        "pubdate",
        "pub_date",
        "datetime",
        "time",
        "publish_date",
    ),  # publish_date, media_name, sourceurl: Media Cloud and GDELT exports
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
    max_zip_total_bytes: int = 2_000_000_000  # expanded, in all (nested archives included)
    max_zip_ratio: float = 100.0  # text compresses 3-10:1; far more is a bomb ...
    min_bomb_bytes: int = 1_000_000  # ... once a member (or the archive) expands past this
    max_zip_depth: int = 3
    sniff_bytes: int = 1_000_000
    fetch: FetchOptions | None = None  # how URL lists are fetched; None refuses them (--no-fetch)
    skip: tuple[str, ...] = ()  # resolved folders not to walk into (the output folder inside an input folder)


class InputError(Exception):
    """An input cannot be read; the message is the reject reason."""


# ---------------------------------------------------------------- decoding

BINARY_PROBE_BYTES = 8192  # a NUL byte in the first 8 KB marks a binary file (Git looks at its first 8,000)
MIN_MEMBER_LIMIT = 500_000_000  # a zip member (a nested archive) is read up to this or an article's limit


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_str(s: str) -> str:
    """``s`` with lone surrogates (from JSON ``"\\ud800"`` escapes) replaced by U+FFFD: encodable as UTF-8."""
    return _SURROGATE.sub("\ufffd", s) if _SURROGATE.search(s) else s


def shown_path(name: str) -> str:
    """A path as the tables name it: bytes of a file name that are not UTF-8 written as ``\\xe9`` escapes."""
    if not _SURROGATE.search(name):
        return name
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return clean_str(name)


def decode_line(line: bytes) -> tuple[str, bool]:
    """One line decoded as UTF-8, else cp1252, else latin-1; and whether it fell back from UTF-8."""
    try:
        return line.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    try:
        return line.decode("cp1252"), True
    except UnicodeDecodeError:
        return line.decode("latin-1"), True


class Decoded(NamedTuple):
    text: str
    fallback: list[int]  # line numbers (1-based) read as cp1252/latin-1
    utf8: bool  # some other line held non-ASCII UTF-8


def decode_text(data: bytes) -> Decoded:
    """Decode text: UTF-16 with BOM; else UTF-8 (BOM optional) line by line, a line that is not UTF-8 as cp1252
    (else latin-1), so one file mixing the two reads right in both parts."""
    if not data:
        raise InputError("empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), [], False)
        except UnicodeDecodeError as e:
            raise InputError(f"invalid UTF-16 text: {e.reason} at byte {e.start}") from None
    if b"\x00" in data[:BINARY_PROBE_BYTES]:
        raise InputError("binary file (NUL bytes), not text")
    data = data.removeprefix(codecs.BOM_UTF8)
    try:
        return Decoded(data.decode("utf-8"), [], False)
    except UnicodeDecodeError:
        pass
    parts, fallback, utf8 = [], [], False
    for i, line in enumerate(data.splitlines(keepends=True), start=1):
        text, fell = decode_line(line)
        parts.append(text)
        if fell:
            fallback.append(i)
        elif not line.isascii():
            utf8 = True
    return Decoded("".join(parts), fallback, utf8)


def decode_bytes(data: bytes) -> str:
    """Decode text (see ``decode_text``)."""
    return decode_text(data).text


def encoding_warning(fallback: list[int], utf8: bool) -> str | None:
    """The warning for a file that mixes UTF-8 lines with lines in another encoding, or None."""
    if not fallback or not utf8:
        return None
    lines = ", ".join(map(str, fallback[:10])) + (
        f" and {len(fallback) - 10} more" if len(fallback) > 10 else ""
    )
    return (
        f"{WARNING}the file mixes encodings: line{'s' if len(fallback) > 1 else ''} {lines} "
        f"{'are' if len(fallback) > 1 else 'is'} not UTF-8 and {'were' if len(fallback) > 1 else 'was'} "
        "read as cp1252; the other lines as UTF-8"
    )


def sniff_encoding(head: bytes) -> str:
    """Pick an encoding for a stream from its first bytes: utf-16 (BOM), else utf-8 (decoded line by line)."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head[:BINARY_PROBE_BYTES]:
        raise InputError("binary file (NUL bytes), not text")
    return "utf-8"


class LineDecoder:
    """Lines of a byte stream, each decoded on its own (UTF-8, else cp1252); remembers which lines fell back."""

    def __init__(self, stream: io.BufferedIOBase, limit: int, split_cr: bool = False) -> None:
        self.stream, self.limit, self.split_cr = stream, limit, split_cr
        self.fallback: list[int] = []
        self.utf8 = False
        self.lineno = 0

    def _raw(self) -> Iterator[bytes | None]:
        first = True
        while True:
            line = self.stream.readline(self.limit + 1)
            if not line:
                return
            if first:
                line, first = line.removeprefix(codecs.BOM_UTF8), False
            if len(line) > self.limit and not line.endswith(b"\n"):
                while True:  # drain the rest of the over-long line in bounded chunks
                    rest = self.stream.readline(1 << 20)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield None
                continue
            if self.split_cr and b"\r" in line.rstrip(b"\r\n"):  # a bare CR ends a CSV line too
                yield from (part for part in _CR_SPLIT.split(line) if part)
            else:
                yield line

    def __iter__(self) -> Iterator[tuple[int, str | None]]:
        for raw in self._raw():
            self.lineno += 1
            if raw is None:
                yield self.lineno, None
                continue
            text, fell = decode_line(raw)
            if fell:
                self.fallback.append(self.lineno)
            elif not self.utf8 and not raw.isascii():
                self.utf8 = True
            yield self.lineno, text

    def warning(self) -> str | None:
        return encoding_warning(self.fallback, self.utf8)


_CR_SPLIT = re.compile(rb"(?<=\r)(?!\n)")


# ---------------------------------------------------------------- tables


def detect_columns(names: list[str], overrides: dict[str, str]) -> dict[str, str]:
    """Map roles (text, title, date, url, outlet, id) to column names.

    A role's column must be unambiguous: two columns of the same name (Parquet and CSV allow it) are an error."""
    names = [str(n) for n in names]
    lower: dict[str, str] = {}
    for n in names:
        lower.setdefault(n.strip().lower(), n)
    found: dict[str, str] = {}
    for role, aliases in COLUMN_ALIASES.items():
        if role in overrides:
            if overrides[role] not in names:
                raise InputError(
                    f"column {overrides[role]!r} (given for {role}) not found; columns: {list(names)}"
                )
            found[role] = overrides[role]
            continue
        for a in aliases:
            if a in lower:
                found[role] = lower[a]
                break
    if "text" not in found and "url" in found:  # a list of URLs to fetch (see _row_doc)
        return found
    if "text" not in found:
        raise InputError(
            f"no text column (looked for {', '.join(COLUMN_ALIASES['text'])}; columns: {list(names)})"
        )
    for role, col in found.items():
        same = [
            n
            for n in names
            if n == col or (role not in overrides and n.strip().lower() == col.strip().lower())
        ]
        if len(same) > 1:
            raise InputError(
                f"{len(same)} columns are named {col!r}: cannot tell which holds the {role}; not read"
            )
    return found


_TYPE_NAMES = {
    bytes: "binary data",
    bytearray: "binary data",
    list: "a list",
    tuple: "a list",
    dict: "a struct",
    float: "a number",
    int: "a number",
    bool: "a boolean",
}


def _meta_value(v: object) -> object:
    """A metadata value as the article will hold it: dates, numbers and strings kept, the rest as text."""
    if v is None or isinstance(v, int | float | dt.date):
        return v
    if isinstance(v, str):
        return v
    if isinstance(v, bytes | bytearray):
        return bytes(v).decode("utf-8", "replace")
    return str(v)


class RowSources:
    """Each row's source in one file (or shard): ``path::id`` with the id as given, ``path::<row number>`` for a
    row without one; a name taken already (an id given twice, an id equal to an earlier row's number) gets
    `` (row N)``, so no two rows share a source."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def __call__(self, path: str, rid: object, rownum: int) -> str:
        given = "" if rid is None or (isinstance(rid, float) and rid != rid) else str(rid).strip()
        source = f"{path}::{given or rownum}"
        if source in self.taken:
            source = f"{source} (row {rownum})"
        self.taken.add(source)
        return source


def _row_doc(path: str, row: dict, cols: dict[str, str], rownum: int, sources: RowSources) -> RawDoc | Reject:
    text = row.get(cols["text"]) if "text" in cols else None
    source = sources(path, row.get(cols["id"]) if "id" in cols else None, rownum)
    if "text" not in cols:  # a URL to fetch, with the row's other values
        return url_row(path, source, row, cols)
    if text is not None and not isinstance(text, str) and not (isinstance(text, float) and text != text):
        kind = _TYPE_NAMES.get(type(text), type(text).__name__)
        return Reject(source, f"row {rownum}: the text column {cols['text']!r} holds {kind}, not text")
    if text is None or isinstance(text, float) or not text.strip():
        return Reject(source, f"row {rownum}: empty text")
    meta = {role: _meta_value(row.get(col)) for role, col in cols.items() if role not in ("text", "id")}
    return RawDoc(source, text, meta)


class RowColumns:
    """Columns detected per row from its own keys (JSON objects need not share them), cached by key set."""

    def __init__(self, overrides: dict[str, str]) -> None:
        self.overrides = overrides
        self.cache: dict[tuple, dict[str, str] | str] = {}

    def __call__(self, row: dict) -> dict[str, str] | str:
        """The row's columns, or the reason it has none."""
        key = tuple(row)
        if key not in self.cache:
            try:
                self.cache[key] = detect_columns(list(row), self.overrides)
            except InputError as e:
                self.cache[key] = (
                    str(e).replace("no text column", "no text field").replace("; columns:", "; keys:")
                )
        found = self.cache[key]
        if len(self.cache) > 10_000:  # rows with ever new keys: bound the cache
            self.cache.clear()
        return found


class HugeInt(str):
    """An integer literal of more digits than Python converts (``sys.get_int_max_str_digits``, 4,300): kept as
    its digits, so that the row holding it is rejected and the rest of the file read."""


def _int_or_huge(digits: str) -> int | HugeInt:
    try:
        return int(digits)
    except ValueError:
        return HugeInt(digits)


def parse_json(text: str) -> object:
    """``text`` as JSON; integers too long to convert come back as ``HugeInt``.

    Raises:
        InputError: malformed JSON, nested too deep, or any other value JSON cannot give (the reason).
    """
    try:
        return json.loads(text, parse_int=_int_or_huge)
    except json.JSONDecodeError as e:
        at = f" at line {e.lineno}" if e.lineno > 1 else ""
        raise InputError(f"malformed JSON ({e.msg}{at})") from None
    except RecursionError:
        raise InputError("JSON nested too deep") from None
    except ValueError as e:  # a value Python refuses to build: one reason, never a traceback
        raise InputError(f"unreadable JSON ({e})") from None


def huge_int(value: object, depth: int = 0) -> HugeInt | None:
    """The first ``HugeInt`` inside a parsed JSON value (objects and lists searched), or None."""
    if isinstance(value, HugeInt):
        return value
    if depth < 100 and isinstance(value, dict | list):
        for v in value.values() if isinstance(value, dict) else value:
            if (found := huge_int(v, depth + 1)) is not None:
                return found
    return None


def huge_int_reason(value: HugeInt) -> str:
    digits = len(value.lstrip("-"))
    return f"a number of {digits:,} digits (more than the {sys.get_int_max_str_digits():,} Python converts); not read"


def _json_row(
    path: str, row: object, cols_of: RowColumns, n: int, where: str, sources: RowSources
) -> RawDoc | Reject:
    if (big := huge_int(row)) is not None:
        return Reject(f"{path}::{where}{n}", f"{where.strip() or 'item'} {n}: {huge_int_reason(big)}")
    if not isinstance(row, dict):
        return Reject(f"{path}::{where}{n}", f"{where.strip() or 'item'} {n}: not a JSON object")
    cols = cols_of(row)
    if isinstance(cols, str):
        return Reject(f"{path}::{where}{n}", f"{where.strip() or 'item'} {n}: {cols}")
    return _row_doc(path, row, cols, n, sources)


def iter_jsonl(
    path: str, stream: io.BufferedIOBase, opts: ReadOptions, first_line: int = 1
) -> Iterator[RawDoc | Reject]:
    head = stream.peek(opts.sniff_bytes)[: opts.sniff_bytes] if hasattr(stream, "peek") else b""
    if sniff_encoding(head) == "utf-16":
        reader = io.TextIOWrapper(stream, encoding="utf-16", errors="replace", newline="")
        lines, decoder = bounded_lines(reader, opts.max_article_bytes), None
    else:
        decoder = LineDecoder(stream, opts.max_article_bytes)
        lines = iter(decoder)
    cols_of, sources = RowColumns(opts.columns), RowSources()
    n = 0
    for lineno, line in lines:
        lineno += first_line - 1  # a shard of a larger file starts at its own line
        if line is None:
            yield Reject(
                f"{path}::line{lineno}",
                f"line {lineno}: longer than {opts.max_article_bytes:,} characters; not read",
            )
            continue
        if not line.strip():
            continue
        n += 1
        try:
            row = parse_json(line)
        except InputError as e:
            yield Reject(f"{path}::line{lineno}", f"line {lineno}: {e}")
            continue
        if (big := huge_int(row)) is not None:
            yield Reject(f"{path}::line{lineno}", f"line {lineno}: {huge_int_reason(big)}")
            continue
        if isinstance(row, dict):
            cols = cols_of(row)
            if isinstance(cols, str):
                yield Reject(f"{path}::line{lineno}", f"line {lineno}: {cols}")
                continue
            if "text" in cols and cols["text"] not in row:
                yield Reject(f"{path}::line{lineno}", f"line {lineno}: no {cols['text']!r} field")
                continue
            yield _row_doc(path, row, cols, lineno, sources)
        else:
            yield Reject(f"{path}::line{lineno}", f"line {lineno}: not a JSON object")
    if n == 0:
        raise InputError("no JSON objects in file")
    if decoder is not None and (warning := decoder.warning()):
        yield warning_row(path, warning)


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


def iter_csv(
    path: str, stream: io.BufferedIOBase, opts: ReadOptions, delimiter: str = ","
) -> Iterator[RawDoc | Reject]:
    head = stream.peek(opts.sniff_bytes)[: opts.sniff_bytes] if hasattr(stream, "peek") else b""
    if not head:
        raise InputError("empty file")
    decoder = None
    if sniff_encoding(head) == "utf-16":
        reader = io.TextIOWrapper(stream, encoding="utf-16", errors="replace", newline="")
    else:
        decoder = LineDecoder(stream, opts.max_article_bytes, split_cr=True)
        reader = (line if line is not None else "x" * (opts.max_article_bytes + 1) for _, line in decoder)
    csv.field_size_limit(opts.max_article_bytes)
    rows = csv.reader(reader, delimiter=delimiter, strict=True)
    try:
        header = next(rows)
    except StopIteration:
        raise InputError("empty file") from None
    except csv.Error as e:
        raise InputError(f"malformed CSV header: {e}") from None
    cols, sources = detect_columns(header, opts.columns), RowSources()
    rows_read = blank = 0
    while True:
        line = rows.line_num + 1
        try:
            values = next(rows)
        except StopIteration:
            break
        except csv.Error as e:
            rows_read += 1
            yield Reject(f"{path}::line{line}", f"line {line}: malformed CSV ({e})")
            continue
        if not values or all(not v.strip() for v in values):
            blank += 1
            continue
        rows_read += 1
        if len(values) != len(header):
            yield Reject(
                f"{path}::line{line}", f"line {line}: {len(values)} fields, header has {len(header)}"
            )
            continue
        yield _row_doc(path, dict(zip(header, values, strict=True)), cols, rows.line_num, sources)
    if not rows_read:
        raise InputError(f"a table without rows: {f'{blank:,} blank lines' if blank else 'a header only'}")
    if decoder is not None and (warning := decoder.warning()):
        yield warning_row(path, warning)


def json_items(obj: object, cols_of: RowColumns) -> list:
    """The items of a JSON document that may be articles: a list's items; an object's own self when it has a
    text field holding text (an article, whatever lists it holds); else the items of every list among its values that holds
    an object (``{"articles": [...], "more": [...]}``), those that are not objects included (each a reject)."""
    if isinstance(obj, list):
        return obj
    if not isinstance(obj, dict):
        raise InputError("JSON holds neither an object nor a list of objects")
    cols = cols_of(obj)
    if isinstance(cols, dict) and isinstance(obj.get(cols.get("text", "")), str):
        return [obj]
    lists = [v for v in obj.values() if isinstance(v, list) and any(isinstance(r, dict) for r in v)]
    return [r for v in lists for r in v] if lists else [obj]


JSON_STREAM_FROM = 1_000_000  # bytes: a larger .json is read one item at a time (``iter_json_stream``)
JSON_CHUNK = 1 << 20


def json_input(
    path: str, stream: io.BufferedIOBase, size: int, opts: ReadOptions
) -> Iterator[RawDoc | Reject]:
    """A ``.json`` input of ``size`` bytes: parsed whole when small, else streamed item by item."""
    if size <= JSON_STREAM_FROM:
        yield from iter_json(path, stream.read(), opts)
    else:
        yield from iter_json_stream(path, stream, size, opts)


def _text_chunks(stream: io.BufferedIOBase, info: dict) -> Iterator[str]:
    """The stream decoded in pieces of about ``JSON_CHUNK`` bytes, as ``decode_text`` decodes a whole file (UTF-16
    with BOM; else UTF-8, a line that is not UTF-8 as cp1252), cut at line ends where there are some; ``info``
    gets the lines that fell back and whether others held UTF-8."""
    head = stream.read(JSON_CHUNK)
    if not head:
        raise InputError("empty file")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoder = codecs.getincrementaldecoder("utf-16")(errors="replace")
        while head:
            yield decoder.decode(head)
            head = stream.read(JSON_CHUNK)
        yield decoder.decode(b"", final=True)
        return
    if b"\x00" in head[:BINARY_PROBE_BYTES]:
        raise InputError("binary file (NUL bytes), not text")
    pending, data, line = b"", head.removeprefix(codecs.BOM_UTF8), 1
    while data or pending:
        more = stream.read(JSON_CHUNK) if data else b""
        data, pending = pending + data, b""
        if more:  # end the piece at its last line end, else before an incomplete UTF-8 sequence
            cut = data.rfind(b"\n") + 1 or _utf8_cut(data)
            data, pending = data[:cut], data[cut:]
        try:
            text = data.decode("utf-8")
            info["utf8"] = info["utf8"] or not data.isascii()
        except UnicodeDecodeError:
            parts = []
            for i, piece in enumerate(data.splitlines(keepends=True)):
                decoded, fell = decode_line(piece)
                parts.append(decoded)
                if fell:
                    info["fallback"].append(line + i)
                elif not piece.isascii():
                    info["utf8"] = True
            text = "".join(parts)
        line += data.count(b"\n")
        yield text
        data = more


def _utf8_cut(data: bytes) -> int:
    """Where to cut ``data`` so that no UTF-8 sequence is split (before a trailing lead byte and its followers)."""
    for back in range(1, min(4, len(data)) + 1):
        b = data[-back]
        if b < 0x80:
            return len(data)
        if b >= 0xC0:  # a lead byte: whole if its sequence fits
            need = 2 if b < 0xE0 else 3 if b < 0xF0 else 4
            return len(data) if back >= need else len(data) - back
    return len(data)


class _JsonReader:
    """JSON read from text pieces one value at a time: a buffer holds the piece at hand and, while a value is
    incomplete, the next ones (at most ``limit`` characters for one value)."""

    _WS = re.compile(r"[ \t\n\r]*")

    def __init__(self, chunks: Iterator[str], limit: int):
        self.chunks, self.limit = chunks, limit
        self.buf, self.pos, self.eof = "", 0, False
        self.decoder = json.JSONDecoder(parse_int=_int_or_huge)

    def _more(self) -> bool:
        if self.eof:
            return False
        for piece in self.chunks:
            if self.pos > (1 << 20) and self.pos * 2 > len(self.buf):  # forget what was read
                self.buf, self.pos = self.buf[self.pos :], 0
            self.buf += piece
            if piece:
                return True
        self.eof = True
        return False

    def peek(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            self.pos = self._WS.match(self.buf, self.pos).end()
            if self.pos < len(self.buf) or not self._more():
                return self.buf[self.pos : self.pos + 1]

    def take(self, ch: str) -> None:
        if self.peek() != ch:
            raise InputError(f"malformed JSON (expected {ch!r}, found {self.peek()[:1] or 'the end'!r})")
        self.pos += 1

    def value(self) -> object:
        """The next value (``InputError``: malformed, nested too deep, or longer than the limit)."""
        self.peek()
        start = self.pos
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, start)
                if end < len(self.buf) or self.eof:  # (a number at the end might go on)
                    self.pos = end
                    return value
            except json.JSONDecodeError as e:
                if self.eof:
                    raise InputError(f"malformed JSON ({e.msg})") from None
            except RecursionError:
                raise InputError("JSON nested too deep") from None
            except ValueError as e:
                raise InputError(f"unreadable JSON ({e})") from None
            if len(self.buf) - start > self.limit:
                raise InputError(f"a value longer than {self.limit:,} characters (or malformed JSON)")
            self._more()
            start = self.pos  # (unchanged unless the buffer was shortened)

    def items(self) -> Iterator[object]:
        """The items of the list that starts here."""
        self.take("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.take("]")
            return

    def members(self) -> Iterator[str]:
        """The keys of the object that starts here; the caller reads each value (``value``, ``items``)."""
        self.take("{")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise InputError("malformed JSON (a key that is not a string)")
            self.take(":")
            yield key
            if self.peek() == ",":
                self.pos += 1
                continue
            self.take("}")
            return


def iter_json_stream(
    path: str, stream: io.BufferedIOBase, size: int, opts: ReadOptions
) -> Iterator[RawDoc | Reject]:
    """A large ``.json`` read one item at a time, with the layouts of ``json_items``, in memory bounded by its
    largest item (parsed whole, 51 MB of small objects took 2.4 GB). An object is read twice: once for its keys
    and which of its lists hold objects, once for those lists' items. Malformed JSON after some items: those items,
    and one reject for the rest of the file."""
    start = stream.tell()
    cols_of, sources = RowColumns(opts.columns), RowSources()
    info: dict = {"fallback": [], "utf8": False}
    reader = _JsonReader(_text_chunks(stream, info), opts.max_article_bytes)
    n = 0
    objects = True
    try:
        first = reader.peek()
        if first == "[":
            objects = False  # until one shows that this is a list of articles, items are held back as numbers
            huge: dict[int, str] = {}  # (and the reasons of those holding a huge number: they are few)
            for row in reader.items():
                if not objects and isinstance(row, dict):
                    objects = True
                    for i in range(n):
                        yield Reject(f"{path}::{i}", f"item {i}: {huge.get(i, 'not a JSON object')}")
                if objects:
                    yield _json_row(path, row, cols_of, n, "", sources)
                elif (big := huge_int(row)) is not None:
                    huge[n] = huge_int_reason(big)
                n += 1
        elif first == "{":
            keys, lists, text_key = _scan_object(reader, cols_of)
            if text_key is not None or not lists:  # one article (or one object that is none): read whole
                if size > opts.max_article_bytes:
                    raise InputError(
                        f"{size:,} bytes is more than one article may hold ({opts.max_article_bytes:,})"
                    )
                stream.seek(start)
                yield from iter_json(path, stream.read(), opts)
                return
            stream.seek(start)
            info = {"fallback": [], "utf8": False}
            reader = _JsonReader(_text_chunks(stream, info), opts.max_article_bytes)
            for key in reader.members():
                if key in lists:
                    for row in reader.items():
                        yield _json_row(path, row, cols_of, n, "", sources)
                        n += 1
                else:
                    _skip(reader)
        else:
            raise InputError("JSON holds neither an object nor a list of objects")
        if reader.peek():
            raise InputError("malformed JSON (extra data after the document)")
    except InputError as e:
        if not (n and objects):
            raise
        yield Reject(path, f"{e}, after item {n - 1}; the rest of the file not read")
    if not objects:
        raise InputError("no JSON objects in file")
    if warning := encoding_warning(info["fallback"], info["utf8"]):
        yield warning_row(path, warning)


def _skip(reader: _JsonReader) -> None:
    """Read past the value at hand (a list an item at a time)."""
    if reader.peek() == "[":
        for _ in reader.items():
            pass
    else:
        reader.value()


def _scan_object(reader: _JsonReader, cols_of: RowColumns) -> tuple[list[str], set[str], str | None]:
    """The keys of the object at hand, those whose list holds an object, and the key of its text if it has a text
    field holding text (then the object is one article). Lists are read an item at a time and not kept."""
    keys: list[str] = []
    lists: set[str] = set()
    texts: set[str] = set()
    for key in reader.members():
        keys.append(key)
        if reader.peek() == "[":
            if sum(isinstance(row, dict) for row in reader.items()):  # (every item read: the list ends)
                lists.add(key)
        elif isinstance(reader.value(), str):
            texts.add(key)
    cols = cols_of(dict.fromkeys(keys))
    text_key = cols.get("text") if isinstance(cols, dict) else None
    return keys, lists, text_key if text_key in texts else None


def iter_json(path: str, data: bytes, opts: ReadOptions) -> Iterator[RawDoc | Reject]:
    decoded = decode_text(data)
    obj = parse_json(decoded.text)
    cols_of, sources = RowColumns(opts.columns), RowSources()
    items = json_items(obj, cols_of)
    if not any(isinstance(r, dict) for r in items):
        raise InputError("no JSON objects in file")
    for i, row in enumerate(items):
        yield _json_row(path, row, cols_of, i, "", sources)
    if warning := encoding_warning(decoded.fallback, decoded.utf8):
        yield warning_row(path, warning)


def iter_parquet(
    path: str,
    source: str | io.BytesIO,
    opts: ReadOptions,
    row_groups: list[int] | None = None,
    first_row: int = 0,
) -> Iterator[RawDoc | Reject]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(source)
    except Exception as e:  # pyarrow raises several kinds for a bad file
        raise InputError(f"not a readable Parquet file ({type(e).__name__}: {e})") from None
    names = pf.schema_arrow.names
    if row_groups is None and pf.metadata.num_rows == 0:
        raise InputError("a Parquet file without rows")
    cols, sources = detect_columns(names, opts.columns), RowSources()
    rownum = first_row  # a shard of a larger file starts at its own row
    try:
        for batch in pf.iter_batches(
            batch_size=2048, columns=sorted(set(cols.values())), row_groups=row_groups
        ):
            for row in batch.to_pylist():
                yield _row_doc(path, row, cols, rownum, sources)
                rownum += 1
    except Exception as e:  # a corrupt page in the middle of a file: the rows before it are kept
        raise InputError(f"Parquet file unreadable from row {rownum} ({type(e).__name__}: {e})") from None


# ---------------------------------------------------------------- files, folders, archives


def _text_doc(path: str, data: bytes, opts: ReadOptions) -> Iterator[RawDoc | Reject]:
    if len(data) > opts.max_article_bytes:
        raise InputError(
            f"{len(data):,} bytes is more than one article may hold ({opts.max_article_bytes:,})"
        )
    decoded = decode_text(data)
    if not decoded.text.strip():
        raise InputError("empty file (white space only)")
    yield RawDoc(path, decoded.text, {})
    if warning := encoding_warning(decoded.fallback, decoded.utf8):
        yield warning_row(path, warning)


def _text_docs(path: str, data: bytes, opts: ReadOptions) -> Iterator:
    """A text file: one article, or a URL list (one URL a line) to fetch."""
    for item in _text_doc(path, data, opts):
        listed = listed_urls(path, item.text) if isinstance(item, RawDoc) else None
        if listed is None:
            yield item
        else:
            yield from listed


def _html_doc(path: str, data: bytes, opts: ReadOptions) -> RawDoc | Reject:
    """A saved web page: its main text and metadata (trafilatura)."""
    if len(data) > opts.max_article_bytes:
        raise InputError(f"{len(data):,} bytes is more than one page may hold ({opts.max_article_bytes:,})")
    return saved_page_doc(path, data)


def _open_stream(data: bytes) -> io.BufferedReader:
    return io.BufferedReader(io.BytesIO(data), buffer_size=1 << 20)


def iter_file_bytes(
    path: str, data: bytes, opts: ReadOptions, depth: int = 0, budget: list[int] | None = None
) -> Iterator[RawDoc | Reject]:
    """Read an input held in memory (a zip member)."""
    ext = PurePosixPath(path).suffix.lower()
    if ext == ".zip":
        yield from iter_zip(path, io.BytesIO(data), opts, depth + 1, budget)
    elif ext in (".jsonl", ".ndjson"):
        yield from iter_jsonl(path, _open_stream(data), opts)
    elif ext in (".csv", ".tsv"):
        yield from iter_csv(path, _open_stream(data), opts, "\t" if ext == ".tsv" else ",")
    elif ext == ".json":
        yield from json_input(path, io.BytesIO(data), len(data), opts)
    elif ext == ".parquet":
        yield from iter_parquet(path, io.BytesIO(data), opts)
    elif ext in PAGE_EXT:
        yield _html_doc(path, data, opts)
    else:
        yield from _text_docs(path, data, opts)


def _ratio(size: int, compressed: int) -> float:
    return size / max(compressed, 1)


def iter_zip(
    path: str, source, opts: ReadOptions, depth: int = 1, budget: list[int] | None = None
) -> Iterator[RawDoc | Reject]:
    """The members of an archive. Bounded three ways: each member's compression ratio (when it is over
    ``min_bomb_bytes``), the whole archive's ratio, and the bytes expanded in all (``max_zip_total_bytes``,
    shared by nested archives through ``budget``)."""
    if depth > opts.max_zip_depth:
        raise InputError(f"archive nested more than {opts.max_zip_depth} deep")
    budget = budget if budget is not None else [opts.max_zip_total_bytes]
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise InputError(f"not a readable zip archive ({e})") from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if not infos:
            raise InputError("empty archive (no files in it)")

        def bomb(i: zipfile.ZipInfo) -> bool:
            return (
                i.file_size > opts.min_bomb_bytes
                and _ratio(i.file_size, i.compress_size) > opts.max_zip_ratio
            )

        kept = [i for i in infos if not bomb(i)]  # the members that would be read: together bounded too
        total = sum(i.file_size for i in kept)
        packed = sum(i.compress_size for i in kept)
        if total > budget[0]:
            left = (
                ""
                if budget[0] == opts.max_zip_total_bytes
                else f" ({budget[0]:,} left after the archives before it)"
            )
            raise InputError(
                f"archive expands to {total:,} bytes, over the {opts.max_zip_total_bytes:,} limit{left}"
            )
        if total > opts.min_bomb_bytes and _ratio(total, packed) > opts.max_zip_ratio:
            raise InputError(
                f"archive expands {_ratio(total, packed):.0f}:1 ({packed:,} bytes to {total:,}): "
                "looks like a zip bomb; not read"
            )
        names = {i.filename for i in infos}
        skipped: set[str] = set()
        for info in infos:
            name = info.filename
            if (assets := assets_folder_of(name, names)) is not None:  # a saved page's images and scripts
                if assets not in skipped:
                    skipped.add(assets)
                    yield Reject(f"{path}/{assets}", ASSETS_SKIPPED)
                continue
            member = f"{path}/{name}"
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if name.startswith(("/", "\\")) or ".." in parts or (parts and ":" in parts[0]):
                yield Reject(member, "unsafe path in archive (absolute or with ..); not read")
                continue
            if parts and parts[0] == "__MACOSX":
                yield Reject(member, "macOS metadata (__MACOSX), not an article; not read")
                continue
            if any(p.startswith(".") for p in parts):
                yield Reject(member, "hidden file (name starts with a dot); not read")
                continue
            if bomb(info):
                yield Reject(
                    member,
                    f"compression ratio {_ratio(info.file_size, info.compress_size):.0f}:1 "
                    f"({info.file_size:,} bytes) looks like a zip bomb; not read",
                )
                continue
            if info.file_size > budget[0]:
                yield Reject(
                    member, f"the archive expands past {opts.max_zip_total_bytes:,} bytes in all; not read"
                )
                continue
            try:
                data = _read_member(zf, info, opts)
                budget[0] -= len(data)
                yield from iter_file_bytes(member, data, opts, depth, budget)
            except InputError as e:
                yield Reject(member, str(e))
            except (
                zipfile.BadZipFile,
                RuntimeError,
                NotImplementedError,
                OSError,
                EOFError,
                ValueError,
            ) as e:
                yield Reject(member, f"cannot extract: {e}")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, opts: ReadOptions) -> bytes:
    limit = max(opts.max_article_bytes, MIN_MEMBER_LIMIT)
    with zf.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"member expands past {limit:,} bytes; not read")
    return data


def iter_path(
    path: Path, opts: ReadOptions, root: Path | None = None, seen: set[tuple[int, int]] | None = None
) -> Iterator[RawDoc | Reject]:
    """Read one path given on the command line (or found in a folder).

    ``seen`` holds the folders already walked (device, inode): a link back into one is reported, not followed
    again, so a folder linking to itself is read once."""
    name = shown_path(str(path))
    seen = seen if seen is not None else set()
    try:
        if root is not None and path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root.resolve()):
                yield Reject(
                    name, f"symlink points outside the input folder ({shown_path(str(target))}); not read"
                )
                return
        if not path.exists():
            yield Reject(name, "no such file or folder" if not path.is_symlink() else "broken symlink")
            return
        if path.is_dir():
            st = path.stat()
            if (st.st_dev, st.st_ino) in seen:
                yield Reject(
                    name, "a folder already read (a link back into the input, or given twice); not read again"
                )
                return
            seen.add((st.st_dev, st.st_ino))
            base = root or path
            children = sorted(path.iterdir())
            if not children and root is None:
                yield Reject(name, "empty folder")
            assets = assets_folders(c.name for c in children)  # a saved page's images and scripts
            for child in children:
                if (
                    opts.skip and str(child.resolve()) in opts.skip
                ):  # the output folder inside an input folder
                    continue
                if child.name in assets:
                    yield Reject(shown_path(str(child)), ASSETS_SKIPPED)
                    continue
                if child.name.startswith("."):
                    kind = "folder" if child.is_dir() and not child.is_symlink() else "file"
                    yield Reject(shown_path(str(child)), f"hidden {kind} (name starts with a dot); not read")
                    continue
                yield from iter_path(child, opts, base, seen)
            return
        if not path.is_file():
            yield Reject(name, "not a regular file")
            return
        if name != str(path) and shown_path(path.name) != path.name:
            yield warning_row(name, "the file name is not valid UTF-8; its bytes are shown as \\x escapes")
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
            yield from iter_parquet(name, str(path), opts)
        elif ext == ".json":
            with open(path, "rb") as fh:
                yield from json_input(name, fh, os.fstat(fh.fileno()).st_size, opts)
        else:
            size = path.stat().st_size
            if size > opts.max_article_bytes:
                yield Reject(
                    name, f"{size:,} bytes is more than one article may hold ({opts.max_article_bytes:,})"
                )
                return
            data = path.read_bytes()
            if ext in PAGE_EXT:
                yield _html_doc(name, data, opts)
            else:
                yield from _text_docs(name, data, opts)
    except InputError as e:
        yield Reject(name, str(e))
    except PermissionError:
        yield Reject(name, "permission denied")
    except OSError as e:
        yield Reject(name, f"cannot read: {e.strerror or e}")


def sanitised(item: RawDoc | Reject) -> Iterator[RawDoc | Reject]:
    """The item with every string encodable as UTF-8; a warning row names the fields that held lone surrogates."""
    if isinstance(item, Reject):
        yield item._replace(source=clean_str(item.source), reason=clean_str(item.reason))
        return
    source, text = clean_str(item.source), clean_str(item.text)
    meta = {k: clean_str(v) if isinstance(v, str) else v for k, v in (item.meta or {}).items()}
    changed = [k for k, v in (item.meta or {}).items() if isinstance(v, str) and meta[k] != v]
    changed = (["text"] if text != item.text else []) + changed + (["id"] if source != item.source else [])
    yield RawDoc(source, text, meta)
    if changed:
        yield warning_row(
            source, f"lone surrogates (broken UTF-16 escapes) replaced by U+FFFD in {', '.join(changed)}"
        )


def iter_inputs(paths: list[str | Path], opts: ReadOptions | None = None) -> Iterator[RawDoc | Reject]:
    """Every article in the given paths, and a Reject for everything that could not be read (or a warning row
    for what was repaired). Each folder is walked once, however many links or arguments lead to it."""
    opts = opts or ReadOptions()
    seen: set[tuple[int, int]] = set()
    stream = (item for p in paths for item in iter_path(Path(p), opts, seen=seen))
    for item in resolve_urls(stream, opts.fetch):  # URL lists' pages (fetched after the rest)
        yield from sanitised(item)


# ---------------------------------------------------------------- writing and reading tables

from .output import read_table, read_tables, write_tables  # noqa: E402,F401  (the table side lives in output.py)
