"""Inputs cut into shards that a worker reads by itself: the driver never holds the articles' texts.

A shard is an input given on the command line (a file, a folder, a zip archive), or, for a large
JSON Lines file, a range of its lines (cut at line ends, so a worker seeks to its bytes and reads
only them), or, for a Parquet file of several row groups, some of its row groups. The cut depends
only on the inputs, never on the number of workers, so every engine makes the same tables.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .io import ReadOptions, iter_inputs, iter_jsonl, iter_parquet, sanitised
from .schemas import RawDoc, Reject

SHARD_BYTES = 1_000_000  # a JSON Lines shard: about 250 news articles
SHARD_ROWS = 2_000  # a Parquet shard: whole row groups, about this many rows
COUNT_BLOCK = 1 << 22  # bytes read at a time while counting a shard's lines (4 MB: few reads, little memory)


@dataclass(frozen=True)
class Shard:
    path: str  # the input as given
    kind: str = "whole"  # whole | lines | row_groups
    start: int = 0  # lines: first byte; row_groups: first group
    end: int = 0  # lines: byte after the last; row_groups: group after the last
    first: int = 1  # lines: number of the first line; row_groups: number of the first row


def _line_ranges(path: Path, size: int, target: int) -> list[tuple[int, int, int]]:
    """(start, end, first line) of consecutive ranges of about ``target`` bytes, each ending at a line end."""
    ranges = []
    start, line = 0, 1
    with open(path, "rb") as fh:
        while start < size:
            fh.seek(min(start + target, size))
            if start + target >= size:
                end = size
            else:
                fh.readline()  # to the end of the line the target falls in
                end = fh.tell()
            fh.seek(start)
            lines = 0
            left = end - start
            while left > 0:
                block = fh.read(min(left, COUNT_BLOCK))
                lines += block.count(b"\n")
                left -= len(block)
            ranges.append((start, end, line))
            start, line = end, line + lines
    return ranges


def plan_shards(paths: list[str | Path], opts: ReadOptions | None = None) -> list[Shard]:
    """The shards of the inputs, in input order."""
    opts = opts or ReadOptions()
    shards: list[Shard] = []
    for p in paths:
        path = Path(p)
        ext = path.suffix.lower()
        try:
            is_file = path.is_file()
            size = path.stat().st_size if is_file else 0
        except OSError:
            is_file, size = False, 0
        if is_file and ext in (".jsonl", ".ndjson") and size > SHARD_BYTES:
            with open(path, "rb") as fh:
                head = fh.read(4)
            if not head.startswith(
                (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
            ):  # UTF-16 lines do not cut at b"\n"
                shards.extend(
                    Shard(str(p), "lines", a, b, n) for a, b, n in _line_ranges(path, size, SHARD_BYTES)
                )
                continue
        if is_file and ext == ".parquet" and size > SHARD_BYTES:
            groups = _row_group_ranges(path)
            if len(groups) > 1:
                shards.extend(Shard(str(p), "row_groups", a, b, n) for a, b, n in groups)
                continue
        shards.append(Shard(str(p)))
    return shards


def _row_group_ranges(path: Path) -> list[tuple[int, int, int]]:
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(path).metadata
    except Exception:  # unreadable: read whole, which reports why
        return []
    out, start, first, rows = [], 0, 0, 0
    for g in range(meta.num_row_groups):
        rows += meta.row_group(g).num_rows
        if rows >= SHARD_ROWS or g == meta.num_row_groups - 1:
            out.append((start, g + 1, first))
            start, first, rows = g + 1, first + rows, 0
    return out


class _Range(io.RawIOBase):
    """A file's bytes from ``start`` to ``end``, as a stream."""

    def __init__(self, path: str, start: int, end: int):
        self._fh = open(path, "rb")  # noqa: SIM115 - closed with the stream
        self._fh.seek(start)
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._left <= 0:
            return 0
        n = self._fh.readinto(memoryview(b)[: min(len(b), self._left)])
        self._left -= n
        return n

    def close(self) -> None:
        self._fh.close()
        super().close()


def read_shard(shard: Shard, opts: ReadOptions) -> Iterator[RawDoc | Reject]:
    """Every article (and reject) of one shard, in order, with every string encodable (as ``iter_inputs`` gives)."""
    if shard.kind == "whole":
        yield from iter_inputs([shard.path], opts)
        return
    for item in _read_part(shard, opts):
        yield from sanitised(item)


def _read_part(shard: Shard, opts: ReadOptions) -> Iterator[RawDoc | Reject]:
    if shard.kind == "lines":
        with io.BufferedReader(_Range(shard.path, shard.start, shard.end), buffer_size=1 << 20) as stream:
            try:
                yield from iter_jsonl(shard.path, stream, opts, first_line=shard.first)
            except Exception as e:  # the reader's own errors (InputError) carry the reason
                yield Reject(shard.path, str(e))
    else:
        try:
            yield from iter_parquet(
                shard.path,
                shard.path,
                opts,
                row_groups=list(range(shard.start, shard.end)),
                first_row=shard.first,
            )
        except Exception as e:
            yield Reject(shard.path, str(e))
