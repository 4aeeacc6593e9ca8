"""What makes the dashboard safe to host (no Streamlit here): data shown as text, and which server folders a
visitor may open.

Text from the data (article text, titles, sources, urls, ids, outlets, error messages) goes through
``inert_markdown`` before any Streamlit element that renders Markdown (markdown, caption, metric, error,
labels): Streamlit's Markdown fetches images (``![](http://host/px)``: a zero-click tracking pixel), renders
``:red[...]``, KaTeX ``$...$``, emoji and icon short codes, and links (``[x](data:text/html,...)``).

The "processed output folder" box reads a folder on the server. ``folder_policy`` decides from the
environment: with ``WIREWATCH_DATA_ROOT=DIR`` only folders under DIR are opened (resolved: symlinks and ``..``
cannot leave it); when hosted (``WIREWATCH_HOSTED=1``, or Streamlit Community Cloud, which runs apps from
``/mount/src``) and no root is set, the box is not offered; otherwise (your own machine) any folder is.
The operator's ``WIREWATCH_DATA`` folder is always opened.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("wirewatch.dashboard")

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaped, none starts any syntax
# (images, links, emphasis, code, headings, lists, tables, KaTeX $, directives like :red[...], :emoji:).
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
_ESCAPES = str.maketrans({**{c: "\\" + c for c in "!#$%()*+,-./:;=?@[\\]^_`{|}~"}, **_ENTITIES})


def inert_markdown(value: object) -> str:
    """``value`` as text that Streamlit's Markdown (with or without ``unsafe_allow_html``) shows as written:
    ASCII punctuation backslash-escaped, ``& < > " '`` as HTML character references. Line breaks stay."""
    return str(value).translate(_ESCAPES)


def inert_line(value: object) -> str:
    """``inert_markdown`` on one line (line breaks become spaces): for captions, labels and messages."""
    return inert_markdown(" ".join(str(value).splitlines()))


def failure_message(what: str, error: BaseException) -> str:
    """Log ``error`` with its traceback on the server; return the one line a visitor sees (no traceback, no
    server path)."""
    log.error("%s failed", what, exc_info=error)
    return f"{what} failed ({type(error).__name__}). The details are in the server's log."


# ---------------------------------------------------------------- which folders may be opened

TRUE = ("1", "true", "yes", "on")
COMMUNITY_CLOUD_SRC = Path("/mount/src")  # where Community Cloud checks out the app's repository


def is_hosted(environ: Mapping[str, str], app_file: Path) -> bool:
    """``WIREWATCH_HOSTED=1`` (``=0`` says not), else whether the app runs from Community Cloud's checkout."""
    flag = environ.get("WIREWATCH_HOSTED", "").strip().lower()
    if flag:
        return flag in TRUE
    return COMMUNITY_CLOUD_SRC in app_file.resolve().parents


@dataclass(frozen=True)
class FolderPolicy:
    offered: bool  # whether the page shows the folder box
    root: Path | None  # folders must lie under it (resolved); None: any folder
    default: Path | None  # the operator's WIREWATCH_DATA (resolved), always allowed

    def admit(self, folder: str) -> tuple[str | None, str | None]:
        """(the folder to open, resolved; None) or (None, why it may not be opened: one line, escaped, naming
        no server path). A relative folder is taken from the root when there is one. A folder outside the root,
        and one that cannot be a path (a NUL byte), get ``not_opened``'s message, as a missing folder does."""
        try:
            target = _resolved(folder, self.root)
        except (ValueError, OSError) as e:  # "embedded null byte", a name too long, a loop of links
            log.info("folder %r refused: %s", folder, e)
            return None, not_opened(folder)
        if self.default is not None and target == self.default:
            return str(target), None
        if not self.offered:
            return None, "Opening a folder on the server is not enabled here."
        if self.root is not None and not (target == self.root or self.root in target.parents):
            log.info("folder %r refused: %s is not under the data root %s", folder, target, self.root)
            return None, not_opened(folder)
        return str(target), None

    def hide_paths(self, message: str, folder: str, typed: str) -> str:
        """``message`` with the resolved ``folder`` shown as the visitor typed it and the data root as "the data
        root": no server path reaches the page (the log keeps them)."""
        shown = {folder: typed.strip()}
        if self.root is not None:
            shown[str(self.root)] = "the data root"
        for path, name in sorted(shown.items(), key=lambda kv: -len(kv[0])):
            message = message.replace(path, name)
        return message


def not_opened(typed: str) -> str:
    """The one message for a folder that is missing, holds no tables, lies outside the data root or is no path:
    told apart, they would tell a visitor which folders exist on the server."""
    return f"Cannot open {inert_line(typed.strip()) or 'that folder'}: no processed output folder there can be opened here."


def _resolved(folder: str | Path, base: Path | None = None) -> Path:
    """The folder with ``~``, every ``..`` and every symlink resolved (relative ones from ``base``)."""
    p = Path(os.path.expanduser(str(folder).strip()))
    return (base / p if base is not None and not p.is_absolute() else p).resolve()


def folder_policy(environ: Mapping[str, str], app_file: Path) -> FolderPolicy:
    """The policy for this server, from ``WIREWATCH_DATA_ROOT``, ``WIREWATCH_HOSTED`` and ``WIREWATCH_DATA``."""
    root_setting = environ.get("WIREWATCH_DATA_ROOT", "").strip()
    root = _resolved(root_setting) if root_setting else None
    default = environ.get("WIREWATCH_DATA", "").strip()
    return FolderPolicy(
        offered=root is not None or not is_hosted(environ, app_file),
        root=root,
        default=_resolved(default) if default else None,
    )
