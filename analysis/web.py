"""Web pages -> articles: trafilatura finds the main text and the metadata.

A saved page (``.html``) or a fetched one becomes a ``RawDoc`` whose text is the page's main
text as trafilatura extracts it (navigation, ads, share buttons, related stories, cookie
banners and comments left out; one paragraph a line), with the page's metadata: title,
published date (trafilatura's metadata, htmldate behind it), outlet, canonical URL and author.
Every offset computed later refers to that text (as cleaned by ``corpus.build_article``).
A page without article text (an index page, a paywall stub, an error page) is a ``Reject``
that says so.

Notes:
    htmldate runs without its "extensive search" (a scan of the whole page for anything that
    looks like a date): on news pages that scan takes the copyright year in the footer for the
    publication date ("© 2022" -> 2022-01-01). Dates come from the markup (Open Graph,
    JSON-LD, ``<time>``, date elements) and the URL (``/2021/12/02/``); a page without one is
    dated from its text like any other article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import NamedTuple
from urllib.parse import urlparse

from .corpus import outlet_domains, outlet_from_url
from .schemas import RawDoc, Reject

HTML_EXT = frozenset({".html", ".htm", ".xhtml", ".shtml"})
MHTML_EXT = frozenset({".mhtml", ".mht"})  # a browser's "web page, single file"
PAGE_EXT = HTML_EXT | MHTML_EXT
ASSETS = (
    "_files"  # a browser's "web page, complete" saves Title.html and its images and scripts in Title_files/
)
MAX_ELEMENTS = 50_000  # more: not one article, and trafilatura's time grows faster than the page
MIN_WORDS = 50  # fewer words of main text: not an article (index page, paywall stub, error page)
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.I | re.S,
)
_SENTENCE_END = frozenset(".!?:;\"'”’»)]…")
_HOSTLIKE = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")


class Page(NamedTuple):
    """What trafilatura found in one page."""

    text: str
    title: str
    date: str  # YYYY-MM-DD or ""
    url: str
    sitename: str
    author: str


class NotAnArticle(ValueError):
    """A page without article text; the message is the reject reason."""


def looks_like_html(data: bytes) -> bool:
    """Does this start like an HTML document (doctype, <html>, <head>...)?"""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head))


def prose_words(text: str) -> int:
    """Words in the lines that read as running text: six words or more, ending like a sentence.

    Notes:
        When trafilatura finds no article it falls back to the page's text at large; on an index page that is
        a list of headlines and menu items, which have no closing punctuation.
    """
    n = 0
    for line in text.split("\n"):
        words = line.split()
        if len(words) >= 6 and line.rstrip()[-1] in _SENTENCE_END:
            n += len(words)
    return n


def page_headline(headings: list[str], title: str) -> str:
    """The page's ``<h1>`` that shows its title ('' if none does; a logo in an ``<h1>`` is not the headline).

    Notes:
        trafilatura keeps the headline in the text when the page puts it inside the article's container and
        drops it when it sits above; the headline is put back as the first line, so that headlines count alike
        whatever the site's markup (and like the title line of a plain-text article).
    """
    if not title:
        return ""
    for h in headings:
        if h and (h == title or (len(h) >= 20 and (h in title or title in h))):
            return h
    return ""


PARSER_DEPTH = 256  # libxml2's HTML parser keeps no element nested deeper (the text in them is lost)
# Flattening a page nested too deep: the elements kept, first only layout ones dropped (div, span, section...),
# then everything but the elements of text; each tag dropped, its content kept.
_TEXT_ELEMENTS = (
    "html|head|title|meta|link|base|body|script|style|noscript|template|article|main|p|h[1-6]|br|time|"
    "figcaption"
)
FLATTEN_KEEPING = (
    _TEXT_ELEMENTS
    + "|header|footer|nav|aside|ul|ol|li|blockquote|table|tr|td|th|thead|tbody|a|em|i|strong|b",
    _TEXT_ELEMENTS,
)


def tree_depth(tree) -> int:
    """How deep the tree's elements nest (the root is 1)."""
    from lxml import etree

    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def flattened(html: bytes | str, keep: str) -> bytes | str:
    """``html`` without the tags of elements other than ``keep`` (a regex alternation of names); their content
    stays, each dropped tag a space."""
    pattern = rf"<\s*/?\s*(?!(?:{keep})\b)[A-Za-z][\w:-]*\b[^>]*>"
    if isinstance(html, bytes):
        return re.sub(pattern.encode(), b" ", html)
    return re.sub(pattern, " ", html)


def extract_page(html: bytes | str, url: str = "", *, min_words: int = MIN_WORDS) -> Page:
    """The main text and metadata of one page.

    Raises:
        NotAnArticle: the page has no main text of at least ``min_words`` words.
    """
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        raise NotAnArticle("not a readable web page (no HTML document found)")
    for keep in FLATTEN_KEEPING:  # nested past the parser's depth: what lies deeper was dropped
        if tree_depth(tree) < PARSER_DEPTH - 1:
            break
        tree = load_html(flattened(html, keep))
        if tree is None:
            raise NotAnArticle("not a readable web page (no HTML document found)")
    else:
        if tree_depth(tree) >= PARSER_DEPTH - 1:
            raise NotAnArticle(
                f"web page nested more than {PARSER_DEPTH} elements deep, even without its layout elements: "
                "the HTML parser reads no deeper; not read"
            )
    n_elements = sum(1 for _ in tree.iter())
    if n_elements > MAX_ELEMENTS:
        raise NotAnArticle(
            f"web page with {n_elements:,} elements (more than {MAX_ELEMENTS:,}): too large to be "
            "one article; not read"
        )
    headings = [
        " ".join(h.text_content().split()) for h in tree.iter("h1")
    ]  # before trafilatura prunes the tree
    doc = trafilatura.bare_extraction(
        tree,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    text = (doc.text or "").strip() if doc is not None else ""
    n = prose_words(text)
    if n < min_words:
        found = "no words" if not n else f"{n} word{'s' if n != 1 else ''}"
        raise NotAnArticle(
            f"no article text in the web page ({found} of running text, fewer than {min_words}: "
            "an index page, a paywall or an error page?)"
        )
    title = (doc.title or "").strip()
    headline = page_headline(headings, title)
    if headline and headline not in text.split("\n", 3)[:3]:
        text = f"{headline}\n{text}"
    return Page(
        text=text,
        title=title,
        date=doc.date or "",
        url=(doc.url or url or "").strip(),
        sitename=(doc.sitename or "").strip(),
        author=(doc.author or "").strip(),
    )


def saved_page_doc(source: str, data: bytes) -> RawDoc | Reject:
    """A page saved from a browser or a crawler: ``.html`` (and the like) or ``.mhtml``."""
    if PurePosixPath(source.replace("\\", "/")).suffix.lower() in MHTML_EXT:
        try:
            html, url = mhtml_page(data)
        except NotAnArticle as e:
            return Reject(source, str(e))
        return page_doc(source, html, url)
    return page_doc(source, data)


def mhtml_page(data: bytes) -> tuple[bytes | str, str]:
    """The HTML page inside an MHTML file (MIME multipart, as browsers save a page in one file), and its URL."""
    import email
    import email.policy

    try:
        msg = email.message_from_bytes(data, policy=email.policy.compat32)
    except Exception as e:  # the email parser is lenient; this is a safety net
        raise NotAnArticle(f"not a readable MHTML file ({type(e).__name__}: {e})") from None
    url = str(msg.get("Snapshot-Content-Location") or "").strip()
    for part in msg.walk():
        if part.get_content_type() in ("text/html", "application/xhtml+xml"):
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            url = url or str(part.get("Content-Location") or "").strip()
            if charset:
                try:
                    return payload.decode(charset), url
                except (LookupError, UnicodeDecodeError):
                    pass
            return payload, url
    raise NotAnArticle("an MHTML file without an HTML page in it")


def assets_folders(names: Iterable[str]) -> set[str]:
    """Of a folder's entries, the ``Title_files`` folders a browser saved beside ``Title.html`` (not articles)."""
    names = set(names)
    return {n for n in names if n.endswith(ASSETS) and any(n[: -len(ASSETS)] + e in names for e in PAGE_EXT)}


def assets_folder_of(member: str, members: set[str]) -> str | None:
    """The ``Title_files`` folder (saved beside ``Title.html``) an archive member lies in, or None."""
    parts = member.replace("\\", "/").split("/")
    for i, part in enumerate(parts[:-1]):
        if part.endswith(ASSETS):
            prefix = "/".join(parts[:i] + [part[: -len(ASSETS)]])
            if any(prefix + e in members for e in PAGE_EXT):
                return "/".join(parts[: i + 1])
    return None


ASSETS_SKIPPED = "the folder a browser saved with a web page (its images and scripts); not read as articles"


def known_outlet(url: str) -> str:
    """The outlet ``outlets.csv`` gives the URL's domain (or one of its parents), or ''."""
    host = (urlparse(url if "//" in url else "//" + url).hostname or "").lower() if url else ""
    parts = host.removeprefix("www.").removeprefix("amp.").split(".")
    domains = outlet_domains()
    return next(
        (domains[".".join(parts[i:])] for i in range(len(parts) - 1) if ".".join(parts[i:]) in domains), ""
    )


def page_outlet(url: str, sitename: str) -> str:
    """Outlet of a page: a domain ``outlets.csv`` knows (so pages and text files name an outlet alike), else the
    page's site name, else a name made from the domain."""
    if known := known_outlet(url):
        return known
    if sitename and not _HOSTLIKE.match(sitename):  # trafilatura falls back to the host name itself
        return sitename
    return outlet_from_url(url)


def page_doc(
    source: str, html: bytes | str, url: str = "", meta: dict | None = None, *, min_words: int = MIN_WORDS
) -> RawDoc | Reject:
    """One web page as a raw document with its metadata, or a reject with the reason.

    ``url``: where the page was fetched from (its canonical link, if any, wins). ``meta``: values given
    with the URL (a table row's title, date, outlet); they win over the page's own.
    """
    try:
        page = extract_page(html, url, min_words=min_words)
    except NotAnArticle as e:
        return Reject(source, str(e))
    except Exception as e:  # lxml or trafilatura failing on a malformed page must not stop the run
        return Reject(source, f"could not read the web page ({type(e).__name__}: {e})")
    found = {
        "title": page.title,
        "date": page.date,
        "url": page.url,
        "outlet": page_outlet(page.url or url, page.sitename),
        "author": page.author,
    }
    given = {
        k: v for k, v in (meta or {}).items() if v is not None and str(v).strip() not in ("", "nan", "None")
    }
    return RawDoc(source, page.text, {**found, **given})
