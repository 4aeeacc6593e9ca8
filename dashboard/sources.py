"""Which data the page shows: uploaded files (analysed once per distinct upload, kept in the session), a processed
output folder (opened under the operator's folder policy) or the bundled sample. Every failure becomes one line
for the page (no traceback, no server path) and the details go to the server's log. No Streamlit here: the
session's store and a progress callback are passed in."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass

from dashboard import data
from dashboard.dataset import Dataset, DatasetError
from dashboard.filters import Source, upload_problem
from dashboard.safety import FolderPolicy, failure_message, inert_line, log, not_opened
from dashboard.uploads import UploadedFile

HELD = "_upload_dataset"  # the session's analysed upload: (its key, its Dataset)


@dataclass(frozen=True)
class Upload:
    """An uploaded file as the uploader gives it: its name, size and id, and its bytes read on demand."""

    name: str
    size: int
    file_id: str
    read: Callable[[], bytes]


@dataclass(frozen=True)
class Opened:
    """The data to show (None when it cannot be), a key naming it (it changes with the data), the source the share
    link carries, and the one line saying what went wrong."""

    dataset: Dataset | None
    key: str
    source: Source
    error: str | None = None


def actors_key(actors: bytes | None) -> str:
    return hashlib.sha256(actors or b"").hexdigest()[:16]


def upload_key(files: Sequence[Upload], actors: bytes | None) -> str:
    """What names an upload in the session: its files' names, sizes and ids, and the actor list."""
    ids = repr([(f.name, f.size, f.file_id) for f in files]).encode()
    return "upload:" + hashlib.sha256(ids + actors_key(actors).encode()).hexdigest()[:16]


def open_upload(
    files: Sequence[Upload],
    actors: bytes | None,
    store: MutableMapping,
    progress: Callable[[int, int], None],
) -> Opened:
    """Uploaded files analysed (once per distinct upload in this session: ``store`` keeps the last one)."""
    refused = Source("upload")
    problem = upload_problem([f.size for f in files], data.MAX_UPLOAD_MB)
    if problem:
        return Opened(None, "", refused, problem)
    key = upload_key(files, actors)
    held = store.get(HELD)
    if held and held[0] == key:
        return Opened(held[1], key, refused)
    try:
        tables = data.uploaded_tables([UploadedFile(f.name, f.read()) for f in files], actors, progress)
        ds = Dataset.from_tables(tables)
    except ValueError as e:
        why = f"The actor list could not be used: {inert_line(e)}" if actors else None
        return Opened(None, "", refused, why or failure_message("Analysing the uploaded files", e))
    except Exception as e:  # never a traceback in the page: one line here, the details in the server's log
        return Opened(None, "", refused, failure_message("Analysing the uploaded files", e))
    store[HELD] = (key, ds)
    return Opened(ds, key, refused)


def open_folder(typed: str, policy: FolderPolicy) -> Opened:
    """A processed output folder, if the policy admits it (the operator's WIREWATCH_DATA is carried by no link)."""
    folder, refused = policy.admit(typed)
    if refused:
        return Opened(None, "", Source(), refused)
    try:
        generation = data.generation_of(folder)
        source = Source(
            "folder", "" if typed.strip() == (data.default_folder() or "").strip() else typed.strip()
        )
        return Opened(data.folder_dataset(folder, generation), f"folder:{folder}:{generation}", source)
    except FileNotFoundError as e:  # no folder, or no articles table in it: one message for both
        log.info("folder %s not opened: %s", folder, e)
        why = not_opened(typed)
    except DatasetError as e:
        why = f"Cannot load {inert_line(typed)}: {inert_line(policy.hide_paths(str(e), folder, typed))}"
    except Exception as e:  # a corrupted table must not show a traceback
        log.warning("folder %s could not be read", folder, exc_info=e)
        shown = policy.hide_paths(f"{type(e).__name__}: {e}", folder, typed)
        why = f"The tables in {inert_line(typed)} could not be read ({inert_line(shown)})."
    return Opened(None, "", Source(), why)


def open_sample(actors: bytes | None) -> Opened:
    """The bundled sample articles, analysed with the built-in actor list or one extended by ``actors``."""
    try:
        return Opened(data.sample_dataset(actors), f"sample:{actors_key(actors)}", Source())
    except ValueError as e:
        return Opened(None, "", Source(), f"The actor list could not be used: {inert_line(e)}")
    except Exception as e:
        return Opened(None, "", Source(), failure_message("Analysing the sample articles", e))
