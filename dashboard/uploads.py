"""Uploaded files: where each is written for the analysis, how it is named in the tables, and a cache of
analysed uploads keyed by their content (no Streamlit here: the progress bar stays with the caller).

Every uploaded file is written and analysed, also two of one name ("x.txt" twice, "a/x.txt" and "b/x.txt"):
each gets a name of its own in the tables' ``source`` (``upload/x.txt``, ``upload/x (2).txt``,
``upload/a/x.txt``), so each is accounted for as articles, a reject or a repeat.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pandas as pd

UPLOAD_ROOT = "upload"  # how the tables name the folder the uploads were written to
MAX_PART_BYTES = 200  # a path component on disk (file systems allow 255)


@dataclass(frozen=True)
class UploadedFile:
    name: str  # as the browser sent it; may hold folders ("a/x.txt")
    data: bytes


def _safe_part(part: str) -> str:
    """A path component that can be written: valid UTF-8, at most MAX_PART_BYTES."""
    raw = part.encode("utf-8", "backslashreplace")
    if len(raw) <= MAX_PART_BYTES:
        return raw.decode("utf-8")
    suffix = PurePosixPath(part).suffix.encode("utf-8", "backslashreplace")[:16]
    return raw[: MAX_PART_BYTES - len(suffix)].decode("utf-8", "ignore") + suffix.decode("utf-8", "ignore")


def relative_name(name: str) -> str:
    """The uploaded name as a relative path: folders kept, no root, no ``..`` or ``.``, either slash."""
    parts = [_safe_part(p) for p in re.split(r"[\\/]+", name) if p not in ("", ".", "..")]
    return "/".join(parts) or "unnamed"


def _numbered(rel: str, n: int) -> str:
    p = PurePosixPath(rel)
    return str(p.with_name(f"{p.stem} ({n}){p.suffix}"))


def upload_names(names: Sequence[str]) -> list[str]:
    """A distinct relative name for each uploaded file, in order: a repeated name gets `` (2)``, `` (3)``, ...
    before its suffix; a name whose folder is another upload's file numbers the folder (``a``, ``a (2)/x.txt``).
    So every upload can be written, and each is named apart in the tables."""
    taken: set[str] = set()
    folders: set[str] = set()
    out = []
    for name in names:
        rel = relative_name(name)
        file_as_folder = next((f for f in sorted(_parents(rel), key=len) if f in taken), None)
        unique, n = rel, 1
        while unique in taken or unique in folders or any(f in taken for f in _parents(unique)):
            n += 1
            unique = (
                f"{file_as_folder} ({n}){rel[len(file_as_folder) :]}" if file_as_folder else _numbered(rel, n)
            )
        taken.add(unique)
        folders.update(_parents(unique))
        out.append(unique)
    return out


def _parents(rel: str) -> list[str]:
    return [str(p) for p in PurePosixPath(rel).parents if str(p) != "."]


def content_key(files: Sequence[UploadedFile], actors: bytes | None) -> str:
    """A digest of the names, bytes and actor list: equal uploads (in any session) share one analysis."""
    h = hashlib.sha256()
    for f in files:
        for part in (f.name.encode("utf-8", "backslashreplace"), f.data):
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
    h.update(b"actors" + (actors if actors is not None else b"\x00none"))
    return h.hexdigest()


def analyse_uploads(
    files: Sequence[UploadedFile], analyse: Callable[[list[Path]], dict[str, pd.DataFrame]]
) -> dict[str, pd.DataFrame]:
    """Write the files under a temporary folder with their ``upload_names`` and analyse them; in the tables
    the temporary folder reads ``upload`` (no server path reaches the page)."""
    with tempfile.TemporaryDirectory(prefix="wirewatch-upload-") as d:
        paths = []
        for f, rel in zip(files, upload_names([f.name for f in files]), strict=True):
            p = Path(d, *rel.split("/"))
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(f.data)
            paths.append(p)
        tables = analyse(paths)
        root = str(Path(d))
        return {name: _renamed(df, root) for name, df in tables.items()}


def _renamed(df: pd.DataFrame, root: str) -> pd.DataFrame:
    cols = [c for c in ("source", "reason") if c in df.columns]
    return (
        df.assign(
            **{
                c: df[c].astype("string").str.replace(root, UPLOAD_ROOT, regex=False).astype(df[c].dtype)
                for c in cols
            }
        )
        if cols
        else df
    )


class ResultCache:
    """The last ``max_entries`` results by key, shared by every session of the server (thread-safe). Each
    caller gets its own shallow copies (pandas copy-on-write: changing one never reaches the cached frame)."""

    def __init__(self, max_entries: int = 4):
        self.max_entries = max_entries
        self._items: OrderedDict[str, dict[str, pd.DataFrame]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> dict[str, pd.DataFrame] | None:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return {n: df.copy(deep=False) for n, df in self._items[key].items()}

    def put(self, key: str, tables: dict[str, pd.DataFrame]) -> None:
        with self._lock:
            self._items[key] = tables
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def get_or_make(self, key: str, make: Callable[[], dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
        found = self.get(key)
        if found is not None:
            return found
        self.put(key, make())
        return self.get(key) or {}

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
