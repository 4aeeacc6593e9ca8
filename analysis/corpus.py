"""Turn a raw document into an article: layout, metadata and a clean body.

Plain-text layouts recognised (see data/sample):

1. ``" date YYYY-MM-DD "`` prefix, then the body on the same line.
2. Header lines: title, ``YYYYMMDD``, URL, then the body.
3. Free text: a title line, then paragraphs (photo captions with credits,
   newsletter boilerplate), no date.

Table rows arrive with metadata (title, date, url, outlet) and a text.
All offsets computed later refer to ``Article.text``, the cleaned text built here.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlparse

from . import lexicons
from .dates import date_in_text, parse_date, read_date
from .schemas import Article, RawDoc

_DATE_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s+")
_COMPACT_DATE_LINE = re.compile(r"^\s*((?:19|20)\d{6})\s*$")
_URL_LINE = re.compile(r"^\s*(https?://\S+)\s*$")


@lru_cache(maxsize=1)
def _photo_credit() -> re.Pattern:
    """A photo credit ending a line: "JOHN SMITH/AFP via Getty Images" (agencies: resources/photo_agencies.txt)."""
    agency = f"(?:{lexicons.alternation('photo_agencies.txt')})"
    return re.compile(
        rf"(?:(?<=[.!?])\s*[A-Z][A-Z .'’-]{{1,60}}(?:\s*/\s*[A-Za-z .'’-]{{1,40}})*\s*/\s*{agency}(?: via Getty Images)?"
        rf"|\s*\((?:AP|Reuters|AFP|EPA) Photo[^)]{{0,80}}\)"
        rf"|\s*(?:Photo|Photograph|Image)\s*(?:by|:)\s*[^.]{{1,80}}/\s*{agency})\s*$"
    )


@lru_cache(maxsize=1)
def _credit_endings() -> tuple[str, ...]:
    """How a line with a photo credit ends: an agency, "... via Getty Images" or ")" (``_photo_credit``'s ends)."""
    agencies = lexicons.lines("photo_agencies.txt")
    return (")", *agencies, *(f"{a} via Getty Images" for a in agencies))


def strip_photo_credit(line: str) -> str:
    """A line (no trailing white space) without the photo credit ending it.

    The credit pattern is tried only on lines ending as a credit ends: searched at every position of a
    one-line article, it cost most of the time of ``clean_body``."""
    return _photo_credit().sub("", line) if line.endswith(_credit_endings()) else line


# Control characters, and invisible format characters that carry no letter: zero-width space, BOM, soft hyphen,
# bidirectional marks, embeddings and isolates, word joiner and invisible operators. Left in, they split numbers
# ("100,\u200e000") and names. (Zero-width joiners, which shape emoji and some scripts, stay.)
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


class Layout(NamedTuple):
    title: str
    published: dt.date | None
    url: str
    text: str  # title line (if the file has one) plus body, before cleaning
    date_text: str = ""  # the header's date as written (kept to report a date that is not valid)


def _resource_lines(name: str) -> list[str]:
    return lexicons.text(name).splitlines()


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern, ...]:
    lines = [ln.strip() for ln in _resource_lines("boilerplate.txt")]
    return tuple(re.compile(ln, re.I) for ln in lines if ln and not ln.startswith("#"))


@lru_cache(maxsize=1)
def outlet_domains() -> dict[str, str]:
    return {r["domain"]: r["outlet"] for r in csv.DictReader(_resource_lines("outlets.csv"))}


@lru_cache(maxsize=1)
def outlet_names() -> frozenset[str]:
    """The outlets' readable names ("Reuters", "BBC", "New York Times")."""
    return frozenset(outlet_domains().values())


@lru_cache(maxsize=1)
def credit_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    rows = csv.DictReader(_resource_lines("credits.csv"))
    return tuple((re.compile(r["pattern"], re.M), r["outlet"]) for r in rows)


def split_layout(raw: str) -> Layout:
    """Recognise the plain-text layout and separate header metadata from the text."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    m = _DATE_PREFIX.match(text)
    if m:
        return Layout("", parse_date(m.group(1)), "", text[m.end() :], m.group(1))
    lines = text.split("\n")
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(nonblank) >= 3:
        i0, i1, i2 = nonblank[:3]
        date_m = _COMPACT_DATE_LINE.match(lines[i1])
        if date_m:
            url_m = _URL_LINE.match(lines[i2])
            rest = lines[i2 + 1 :] if url_m else lines[i1 + 1 :]
            title = lines[i0].strip()
            body = "\n".join(rest)
            return Layout(
                title,
                parse_date(date_m.group(1)),
                url_m.group(1) if url_m else "",
                title + "\n" + body,
                date_m.group(1),
            )
    title = ""
    if len(nonblank) >= 2:
        first = lines[nonblank[0]].strip()
        if len(first) <= 200 and not re.search(r"[.!?\"”]$", first):
            title = first
    return Layout(title, None, "", text)


def clean_body(text: str) -> str:
    """Drop boilerplate paragraphs and photo credits; normalise white space and controls."""
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    kept = []
    for line in text.split("\n"):
        line = line.rstrip()
        stripped = line.strip()
        if stripped and any(p.search(stripped) for p in boilerplate_patterns()):
            continue
        line = strip_photo_credit(line)
        kept.append(line.lstrip() if not stripped else line)
    body = "\n".join(kept)
    body = re.sub(r"\n{3,}", "\n\n", body)
    return body.strip()


def outlet_from_url(url: str) -> str:
    """A readable outlet name for a URL's domain ('' when there is no URL)."""
    if not url:
        return ""
    host = (urlparse(url if "//" in url else "//" + url).hostname or "").lower()
    host = host.removeprefix("www.").removeprefix("amp.").removeprefix("edition.")
    domains = outlet_domains()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        cand = ".".join(parts[i:])
        if cand in domains:
            return domains[cand]
    if len(parts) < 2:
        return ""
    label = (
        parts[-3] if len(parts) >= 3 and parts[-2] in {"co", "com", "org", "net", "ac", "gov"} else parts[-2]
    )
    return label.replace("-", " ").title()


def outlet_from_credits(text: str) -> str:
    """An outlet named by credits or boilerplate (Globe editors, REUTERS, AP), or ''."""
    for rx, outlet in credit_patterns():
        if rx.search(text):
            return outlet
    return ""


def content_id(text: str) -> str:
    """A stable id from the article's content (white space and case folded)."""
    norm = " ".join(text.split()).casefold()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def derive_title(text: str, limit: int = 140) -> str:
    """A title for an article without one: its first sentence, dateline removed, shortened."""
    first = text.strip().split("\n", 1)[0]
    first = re.sub(
        r"^[A-Z]{2,}[A-Z .'’-]*(?:,\s*[A-Z][\w .]{1,30})?\s*(?:\([A-Za-z ]+\))?\s*[-—–]+\s*", "", first
    )
    m = re.search(r"(?<!\b[A-Z])(?<!\bU\.S)[.!?](?=\s+[A-Z\"“])", first)
    first = first[: m.start()] if m else first
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def build_article(doc: RawDoc) -> Article:
    """Parse one raw document into an Article (published may be filled in later by inference)."""
    return parse_article(doc)[0]


def parse_article(doc: RawDoc) -> tuple[Article, list[str]]:
    """The Article, and warnings about what was given but not usable (a date that is not a valid one)."""
    meta = doc.meta or {}
    layout = split_layout(doc.text)
    text = clean_body(layout.text)
    title = str(meta.get("title") or "").strip() or layout.title or derive_title(text)
    url = str(meta.get("url") or "").strip() or layout.url
    warnings = []
    published, problem = read_date(meta.get("date"))
    if published is None and layout.date_text:
        published, header_problem = read_date(layout.date_text)
        problem = problem or header_problem
    if problem:
        warnings.append(f"{problem}; the article is kept without this date")
    date_source = "file" if published else "none"
    if not published:
        published = date_in_text(text)
        date_source = "text" if published else "none"
    outlet = str(meta.get("outlet") or "").strip() or outlet_from_url(url) or outlet_from_credits(doc.text)
    article = Article(
        article_id=content_id(text),
        source=doc.source,
        title=title,
        published=published,
        date_source=date_source,
        outlet=outlet,
        url=url,
        text=text,
        n_words=len(text.split()),
        duplicate_of=None,
        author=str(meta.get("author") or "").strip(),
    )
    return article, warnings
