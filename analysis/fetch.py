"""Lists of URLs -> web pages, fetched politely, cached on disk, resumable.

``resolve_urls`` sits at the end of ``io.iter_inputs``: it lets articles and rejects through and
collects the ``UrlItem`` markers that URL lists (a ``.txt`` of one URL a line, a table with a
``url`` column and no text column) stand for, fetches them and turns every URL into an article
(``web.page_doc``) or a reject with the reason: HTTP status, timeout, not HTML, too large, no
article text.

Politeness (``download.py``): at most ``per_host`` requests in flight to one host, ``delay`` seconds between the
starts of two requests to one host, a timeout, retries with exponential backoff (and the
server's ``Retry-After``) for 429 and 5xx, a User-Agent that names Wirewatch, and each
site's robots.txt (read once a run; a missing or unreadable one allows everything).

Cache: one body file and one JSON outcome per URL under ``cache_dir``, each written to a
temporary name and moved into place, the outcome last. A rerun (or a run after a kill) reads
what is there and fetches only the rest. Lasting outcomes are kept (a page; HTTP 4xx; not HTML;
too large); passing trouble (timeouts, 429, 5xx, refused connections) is tried again next run.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from .download import (
    Cache,
    FetchOptions,
    FetchRefused,
    HostGate,
    Outcome,
    Robots,
    checked_addresses,
    fetch_one,
    make_pool,
    parse_target,
    private_dir,
    strip_credentials,
)
from .schemas import RawDoc, Reject, warning_row
from .web import page_doc

__all__ = [
    "FETCH_OFF",
    "FetchOptions",
    "UrlItem",
    "listed_urls",
    "resolve_urls",
    "url_list",
    "url_row",
]

log = logging.getLogger(__name__)
FETCH_OFF = "fetching is off: --no-fetch was given, or the dashboard runs without WIREWATCH_ALLOW_FETCH=1"


class UrlItem(NamedTuple):
    """A URL to fetch, from a URL list or a table row; ``meta`` holds the row's other values."""

    listed_in: str
    url: str
    meta: dict


# ---------------------------------------------------------------- URL lists


def is_url(line: str) -> bool:
    return line.lower().startswith(("http://", "https://"))


def url_lines(text: str) -> list[tuple[int, str]] | None:
    """The (line number, line) of a text that reads as a list of URLs, else None.

    A list: every line one word (blank lines and # comments aside), at least half of them http(s) URLs. A line
    that is not one (``ftp:``, a typo) is still a line of the list: its reader makes it a reject, and fetches the
    rest. Prose with a link in it is not a list."""
    lines = []
    for n, line in enumerate(text.splitlines(), start=1):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        if any(c.isspace() for c in s):
            return None
        lines.append((n, s))
    urls = sum(1 for _, s in lines if is_url(s))
    return lines if urls and 2 * urls >= len(lines) else None


def url_list(text: str) -> list[str] | None:
    """The URLs of a text that holds nothing else (one a line; blank lines and # comments allowed), else None."""
    lines = url_lines(text)
    if lines is None or not all(is_url(s) for _, s in lines):
        return None
    return [s for _, s in lines]


def listed_urls(path: str, text: str) -> list[UrlItem | Reject] | None:
    """A URL list's items: each URL to fetch, each line that is not an http(s) URL a reject; None if no list."""
    lines = url_lines(text)
    if lines is None:
        return None
    return [
        UrlItem(path, s, {})
        if is_url(s)
        else Reject(f"{path}::line{n}", f"line {n}: not an http(s) URL ({s[:100]}); not fetched")
        for n, s in lines
    ]


def url_row(path: str, source: str, row: dict, cols: dict[str, str]) -> UrlItem | Reject:
    """A row of table ``path`` with a URL and no text: the URL to fetch, the row's other values as metadata."""
    url = str(row.get(cols["url"]) or "").strip()
    meta = {role: row.get(col) for role, col in cols.items() if role not in ("url", "id")}
    if not url or url in ("nan", "None"):
        return Reject(source, "row without a URL (and the table has no text column)")
    return UrlItem(path, url, meta)


def resolve_urls(stream: Iterable, opts: FetchOptions | None) -> Iterator[RawDoc | Reject]:
    """Articles and rejects pass through; URL items are fetched (after the rest) into pages or rejects."""
    pending: list[UrlItem] = []
    for item in stream:
        if isinstance(item, UrlItem):
            pending.append(item)
        else:
            yield item
    if not pending:
        return
    if opts is None:
        yield from _refuse_lists(pending, FETCH_OFF)
        return
    try:
        Path(opts.cache_dir).mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as e:
        yield from _refuse_lists(
            pending, f"the fetch cache {opts.cache_dir} cannot be made: {e.strerror or e}"
        )
        return
    if private_dir(Path(opts.cache_dir)):
        yield from fetch_pages(pending, opts)
        return
    log.warning(
        "the fetch cache %s is not this user's own (or others can write to it): not used", opts.cache_dir
    )
    with tempfile.TemporaryDirectory(prefix="wirewatch-fetch-") as own:  # this run's only
        yield from fetch_pages(pending, replace(opts, cache_dir=own))


def _refuse_lists(items: list[UrlItem], why: str) -> Iterator[Reject]:
    """One reject per URL list (or table) for the URLs it holds."""
    lists: dict[str, int] = defaultdict(int)
    for it in items:
        lists[it.listed_in] += 1
    for src, n in lists.items():
        yield Reject(src, f"a list of {n:,} URL{'s' if n != 1 else ''}: not fetched ({why})")


CREDENTIALS_REMOVED = (
    "warning: the URL held a user name and password: removed before fetching, and stored nowhere"
)


def checked_urls(items: list[UrlItem]) -> tuple[list[UrlItem], dict[str, str], list[Reject]]:
    """The items as they are fetched and stored: each URL as ``parse_target`` reads it (no ``user:password@``)
    or, when it cannot be fetched, as given without credentials; the problem of each URL that cannot be
    fetched, by that URL; and a warning row for each URL that held credentials."""
    out, problems, warnings = [], {}, []
    for it in items:
        try:
            url, problem = parse_target(it.url).url, ""
        except FetchRefused as e:
            url, problem = strip_credentials(it.url)[0], str(e)
        out.append(it._replace(url=url))
        if problem:
            problems[url] = problem
        if strip_credentials(it.url)[1]:
            warnings.append(warning_row(url, CREDENTIALS_REMOVED))
    return out, problems, warnings


def fetch_pages(items: list[UrlItem], opts: FetchOptions) -> Iterator[RawDoc | Reject]:
    """Every item as an article or a reject, in the order given (credentials removed from URLs first)."""
    items, problems, warnings = checked_urls(items)
    yield from warnings
    valid = {it.url: None for it in items if it.url not in problems}
    for it, outcome in zip(items, _fetch_in_order(items, list(valid), opts), strict=True):
        if outcome is None:
            yield Reject(it.url, problems.get(it.url) or "not fetched")
        elif outcome.error:
            yield Reject(it.url, outcome.error)
        else:
            try:
                body = _read_body(outcome)
            except OSError as e:  # another run pruned the cache meanwhile
                yield Reject(it.url, f"fetch failed (the cached page could not be read: {e.strerror or e})")
                continue
            yield page_doc(it.url, body, outcome.final_url, it.meta, min_words=opts.min_words)


def _read_body(outcome: Outcome) -> bytes | str:
    data = outcome.body.read_bytes() if outcome.body else b""
    charset = _charset(outcome.content_type)
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return data  # trafilatura finds the encoding in the page


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        k, _, v = part.strip().partition("=")
        if k.lower() == "charset":
            return v.strip().strip('"').lower()
    return ""


# ---------------------------------------------------------------- scheduling


def _fetch_in_order(items: list[UrlItem], urls: list[str], opts: FetchOptions) -> Iterator[Outcome | None]:
    """Outcomes for ``items`` in their order (None for an item with an invalid URL)."""
    from tqdm import tqdm

    cache = Cache(Path(opts.cache_dir))
    cache.sweep()
    cache.prune(opts.cache_max_age, opts.cache_max_bytes)
    outcomes: dict[str, Outcome] = {}
    todo = []
    for u in urls:
        hit = cache.get(u)
        if hit is not None:
            outcomes[u] = checked_hit(hit, opts)
        else:
            todo.append(u)
    bar = tqdm(
        total=len(urls),
        initial=len(outcomes),
        desc="fetching",
        unit=" page",
        file=sys.stderr,
        disable=None if opts.progress is None else not opts.progress,
        leave=False,
        dynamic_ncols=True,
    )
    bar.set_postfix_str(f"{len(outcomes)} cached", refresh=False)
    gate = HostGate(opts.per_host, opts.delay)
    http = make_pool(opts)
    robots = Robots(opts, http, gate) if opts.robots else None
    pool = ThreadPoolExecutor(max(1, opts.workers), thread_name_prefix="wirewatch-fetch")
    try:
        futures = {
            u: pool.submit(fetch_one, u, opts, http, gate, cache, robots) for u in interleave_hosts(todo)
        }
        counting = threading.Lock()

        def count(_f) -> None:
            with counting:
                bar.update(1)

        for f in futures.values():
            f.add_done_callback(count)
        for it in items:
            if it.url in outcomes:
                yield outcomes[it.url]
            elif it.url in futures:
                outcomes[it.url] = futures.pop(it.url).result()
                yield outcomes[it.url]
            else:
                yield None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        http.clear()
        bar.refresh()  # the last count, even if it came within the bar's refresh interval
        bar.close()


def _host(url: str) -> str:
    try:
        return parse_target(url).host
    except FetchRefused:
        return ""


def checked_hit(hit: Outcome, opts: FetchOptions) -> Outcome:
    """A cached outcome, or (public-only) the refusal a fetch of its URL or final URL would meet now."""
    if not opts.public_only:
        return hit
    try:
        for url in dict.fromkeys((hit.url, hit.final_url)):
            checked_addresses(parse_target(url), opts)
    except FetchRefused as e:
        return Outcome(hit.url, hit.url, 0, "", str(e), False, retry=e.retry)
    return hit


def interleave_hosts(urls: list[str]) -> list[str]:
    """URLs reordered round-robin by host, so one host's long run does not hold the others up."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for u in urls:
        by_host[_host(u)].append(u)
    queues = list(by_host.values())
    out = []
    for i in range(max((len(q) for q in queues), default=0)):
        out.extend(q[i] for q in queues if i < len(q))
    return out
