"""One URL -> a page on disk, or the reason there is none: the politeness and the cache of ``fetch``.

``fetch_one`` waits for its host's turn (``HostGate``: at most ``per_host`` requests in flight to
one host, their starts ``delay`` seconds apart), checks the site's robots.txt (``Robots``), follows
redirects itself (so that a hosted app can check each hop's address), streams the answer to a
temporary file in the cache with a size limit and a deadline, and retries 429, 5xx and failed
connections with exponential backoff (or the server's ``Retry-After``).

``Cache``: one body file and one JSON outcome per URL, each written to a temporary name and moved
into place, the outcome last; what is there is complete.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import json
import os
import socket
import stat
import tempfile
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin

from .web import MIN_WORDS, looks_like_html

USER_AGENT = "Wirewatch/0.1 (news coverage analysis; polite fetcher: 2 requests per host, 1 s apart)"
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
HTML_TYPES = ("text/html", "application/xhtml+xml")
SNIFF_TYPES = ("", "text/plain", "application/octet-stream", "binary/octet-stream")


@dataclass(frozen=True)
class FetchOptions:
    """How URL lists are fetched; ``cache_dir`` holds the pages between runs."""

    cache_dir: str | Path
    per_host: int = 2  # requests in flight to one host
    delay: float = 1.0  # seconds between the starts of two requests to one host
    timeout: float = 20.0  # seconds to connect, and between two reads of the answer
    total_timeout: float = 60.0  # seconds for one whole download (or robots.txt), however slowly data comes
    retries: int = 3  # further attempts after a 429, a 5xx or a failed connection
    backoff: float = 2.0  # seconds before the first retry; doubles with each
    max_wait: float = 60.0  # longest wait before a retry (caps Retry-After)
    max_bytes: int = 10_000_000  # larger answers are refused
    workers: int = 8  # downloads in flight in all
    user_agent: str = USER_AGENT
    progress: bool | None = None  # None: a bar only on a terminal
    public_only: bool = False  # refuse hosts on loopback, private and link-local addresses (a hosted app)
    robots: bool = True  # obey each site's robots.txt (for the agent "Wirewatch")
    min_words: int = MIN_WORDS
    cache_max_age: float = 30 * 86_400.0  # seconds; older outcomes are removed when a run starts ...
    cache_max_bytes: int = 2_000_000_000  # ... then the oldest while the cache weighs more than this


class Outcome(NamedTuple):
    """What one URL gave: a page in ``body`` or a reason in ``error``."""

    url: str
    final_url: str
    status: int  # HTTP status; 0 when there was no answer
    content_type: str
    error: str  # "" for a page
    lasting: bool  # worth keeping in the cache (a page, a 404, not HTML, too large)
    body: Path | None = None
    cached: bool = False
    retry: bool = False  # worth another attempt now (429, 5xx, a failed connection)
    retry_after: float = 0.0  # seconds the server asked to wait


class FetchRefused(Exception):
    """A download stopped on purpose; the message is the reject reason."""

    def __init__(self, reason: str, lasting: bool = True, status: int = 0, retry: bool = False):
        super().__init__(reason)
        self.lasting, self.status, self.retry = lasting, status, retry


class Target(NamedTuple):
    """A URL as it is fetched: parsed once (by urllib3, the parser that connects), without credentials."""

    url: str  # the URL as stored and shown: no user name or password
    scheme: str  # http or https
    host: str  # lower case; an IPv6 address without brackets
    port: int
    path: str  # what is asked for: path and query
    netloc: str  # the Host header: host, and the port when the URL gives one


_AUTHORITY_END = "/?#"


def _authority(url: str) -> tuple[str, str, str]:
    """``url`` as scheme, authority and the rest; the authority is the widest any parser could take (up to the
    first ``/``, ``?`` or ``#``: a backslash does not end it here, as it does for browsers)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return "", "", url
    end = min((i for i in (rest.find(c) for c in _AUTHORITY_END) if i >= 0), default=len(rest))
    return scheme, rest[:end], rest[end:]


def strip_credentials(url: str) -> tuple[str, bool]:
    """``url`` without the ``user:password@`` of its authority (all up to its last ``@``), and whether it had one."""
    scheme, authority, rest = _authority(url)
    if "@" not in authority:
        return url, False
    return f"{scheme}://{authority.rpartition('@')[2]}{rest}", True


def parse_target(url: str) -> Target:
    """The URL as it will be fetched, credentials removed.

    Raises:
        FetchRefused: not an http(s) URL, or one whose host parsers could read differently (a backslash, a
            space or a control character in the authority; more than one ``@``).
    """
    from urllib3.exceptions import LocationParseError
    from urllib3.util import parse_url

    scheme, authority, rest = _authority(url.strip())
    if scheme.lower() not in ("http", "https"):
        raise FetchRefused("not an http(s) URL")
    if any(c == "\\" or c.isspace() or not c.isprintable() for c in authority):
        raise FetchRefused(
            "not a valid URL: a backslash, space or control character in its host part (parsers disagree on "
            "where such a host ends)"
        )
    if authority.count("@") > 1:
        raise FetchRefused("not a valid URL: more than one @ in its host part")
    clean = f"{scheme.lower()}://{authority.rpartition('@')[2]}{rest}"
    try:
        u = parse_url(clean)
    except (LocationParseError, ValueError) as e:
        raise FetchRefused(f"not a valid URL ({_short(e)})") from None
    if not u.host:
        raise FetchRefused("not a valid URL: no host")
    host = u.host.lower().strip("[]")
    port = u.port or (443 if u.scheme == "https" else 80)
    return Target(clean, u.scheme, host, port, u.request_uri, u.netloc.lower())


class HostGate:
    """At most ``per_host`` requests in flight to one host, their starts ``delay`` seconds apart."""

    def __init__(self, per_host: int, delay: float):
        self.per_host, self.delay = max(1, per_host), max(0.0, delay)
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next: dict[str, float] = {}

    @contextlib.contextmanager
    def slot(self, host: str):
        with self._lock:
            sem = self._slots.setdefault(host, threading.Semaphore(self.per_host))
        with sem:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next.get(host, now))
                self._next[host] = start + self.delay
            if start > now:
                time.sleep(start - now)
            yield start  # the start reserved for this request (the request itself begins a moment later)


# ---------------------------------------------------------------- one download


# ---------------------------------------------------------------- the deadline of one download

_WATCH = threading.local()  # the Deadline of the download this thread is making


class Deadline:
    """The time limit of one whole download (or robots.txt), held while data still trickles in.

    Per-read timeouts leave a server free to send a byte just before each runs out (a page at 1 byte/s, headers
    that never end); the limit between two 64 KB reads was never checked. At the deadline a timer shuts down the
    sockets of every connection the download used (connections register themselves, ``_Watched``), so the read
    waiting on one returns at once, whatever part of the answer it was reading; ``expired`` says why it failed."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.expired = False
        self._conns: list = []
        self._lock = threading.Lock()
        self._done = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._outer = None

    def __enter__(self) -> Deadline:
        self._outer = getattr(_WATCH, "current", None)
        _WATCH.current = self
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        with self._lock:
            self._done = True
            self._conns.clear()
        _WATCH.current = self._outer

    def add(self, conn) -> None:
        with self._lock:
            if self._done:
                return
            self._conns.append(conn)
            if self.expired:
                _shut(conn)

    def _fire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            for conn in self._conns:
                _shut(conn)


def _shut(conn) -> None:
    """Shut a connection's socket down (a read blocked on it returns); the plain socket's shutdown, also under
    TLS (``SSLSocket.shutdown`` would first drop its TLS state under the reading thread)."""
    sock = getattr(conn, "sock", None)
    if sock is not None:
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _watched(base):
    """``base`` (urllib3's HTTP or HTTPS connection) registering with the thread's Deadline when it connects
    and when it sends a request (a kept-alive connection is used again without connecting)."""

    class Watched(base):
        def connect(self):
            _register(self)
            return super().connect()

        def request(self, *args, **kwargs):
            _register(self)
            return super().request(*args, **kwargs)

    Watched.__name__ = f"Watched{base.__name__}"
    return Watched


def _register(conn) -> None:
    deadline = getattr(_WATCH, "current", None)
    if deadline is not None:
        deadline.add(conn)


def _pool_classes() -> dict:
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class Pool(HTTPConnectionPool):
        ConnectionCls = _watched(HTTPConnection)

    class TLSPool(HTTPSConnectionPool):
        ConnectionCls = _watched(HTTPSConnection)

    return {"http": Pool, "https": TLSPool}


def _expired() -> bool:
    deadline = getattr(_WATCH, "current", None)
    return deadline is not None and deadline.expired


def make_pool(opts: FetchOptions):
    import urllib3

    pm = urllib3.PoolManager(
        num_pools=64,
        maxsize=max(1, opts.per_host),
        block=False,
        headers={
            "User-Agent": opts.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        },
    )
    pm.pool_classes_by_scheme = _pool_classes()  # connections a download's Deadline can shut
    return pm


def fetch_one(
    url: str, opts: FetchOptions, http, gate: HostGate, cache: Cache, robots: Robots | None = None
) -> Outcome:
    """Download one URL (with retries) and record the outcome in the cache when it is lasting."""
    attempts = opts.retries + 1
    for attempt in range(1, attempts + 1):
        try:
            target = parse_target(url)
            if robots is not None and not robots.allowed(target):
                raise FetchRefused(
                    "not fetched: the site's robots.txt disallows it (for Wirewatch)", lasting=False
                )
            with gate.slot(target.host):
                outcome = _download(url, opts, http, cache)
        except FetchRefused as e:
            outcome = Outcome(url, url, e.status, "", str(e), e.lasting, retry=e.retry)
        except Exception as e:  # a full disk, a bug: one URL's reject, not the end of the run
            outcome = Outcome(url, url, 0, "", f"fetch failed ({type(e).__name__}: {_short(e)})", False)
        if outcome.retry and attempt < attempts:
            time.sleep(min(opts.max_wait, outcome.retry_after or opts.backoff * 2 ** (attempt - 1)))
            continue
        break
    if outcome.retry and attempts > 1:
        outcome = outcome._replace(error=f"{outcome.error} (after {attempts} attempts)")
    if outcome.lasting:
        cache.put(outcome)
    return outcome


def retry_after_seconds(value: str) -> float:
    """Seconds from a Retry-After header (a number of seconds or an HTTP date)."""
    value = value.strip()
    if not value:
        return 0.0
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return 0.0


def _status_text(status: int) -> str:
    try:
        return f"HTTP {status} ({HTTPStatus(status).phrase})"
    except ValueError:
        return f"HTTP {status}"


MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})


def checked_addresses(target: Target, opts: FetchOptions) -> list[str]:
    """The addresses of the target's host (one look-up); in public-only mode, all of them public.

    Raises:
        FetchRefused: the host cannot be looked up, or (public-only) has a private or local address.
    """
    try:
        addresses = _resolve(target.host, target.port)
    except OSError as e:
        raise FetchRefused(
            f"connection failed (cannot resolve {target.host}: {e.strerror or e})", lasting=False, retry=True
        ) from None
    if opts.public_only:
        for ip in addresses:
            if not public_address(ip):
                raise FetchRefused(f"not fetched: {target.host} is a private or local address ({ip})")
    return addresses


def _get(target: Target, opts: FetchOptions, http):
    """GET ``target`` (no redirects followed, the body not read), connecting to the addresses this look-up gave.

    The host is looked up once, here; in public-only mode every address must be public, and the connection goes
    to one of those addresses (urllib3 never looks the name up again: a resolver that answers a public address
    to the check and a private one to the connection gets nowhere). TLS still checks the certificate against the
    host name."""
    import urllib3
    from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

    addresses = checked_addresses(target, opts)
    tls = {} if target.scheme == "http" else {"server_hostname": target.host, "assert_hostname": target.host}
    headers = {**http.headers, "Host": target.netloc}
    for i, ip in enumerate(addresses):
        pool = http.connection_from_host(ip, target.port, target.scheme, pool_kwargs=tls)
        try:
            return pool.urlopen(
                "GET",
                target.path,
                headers=headers,
                preload_content=False,
                redirect=False,
                retries=False,
                assert_same_host=False,
                timeout=urllib3.Timeout(connect=opts.timeout, read=opts.timeout),
            )
        except (NewConnectionError, ConnectTimeoutError):
            if i == len(addresses) - 1:
                raise
    raise FetchRefused(f"connection failed (no address for {target.host})", lasting=False, retry=True)


def _open(url: str, opts: FetchOptions, http):
    """The response at the end of the redirects, and its URL; or the Outcome that stopped it.

    Redirects are followed here, not by urllib3, so that each hop is parsed and checked as the first URL was."""
    from urllib3.exceptions import HTTPError
    from urllib3.exceptions import TimeoutError as U3Timeout

    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        try:
            target = parse_target(current)
        except FetchRefused as e:
            return Outcome(url, strip_credentials(current)[0], 0, "", str(e), True)
        current = target.url
        try:
            r = _get(target, opts, http)
        except U3Timeout:
            return Outcome(url, current, 0, "", f"timeout: no answer within {opts.timeout:g} s", False)
        except (HTTPError, OSError) as e:
            return Outcome(url, current, 0, "", f"connection failed ({_short(e)})", False, retry=True)
        except ValueError as e:
            return Outcome(url, current, 0, "", f"not a valid URL ({_short(e)})", True)
        location = r.headers.get("Location", "")
        if r.status not in REDIRECTS or not location:
            return r, current
        r.drain_conn()
        r.release_conn()
        current = urljoin(current, location)  # parsed and checked (credentials removed) at the loop's top
        if _authority(current)[0].lower() not in ("http", "https"):
            shown = strip_credentials(current)[0]
            return Outcome(
                url, shown, r.status, "", f"redirected to a URL that is not http(s): {shown}", True
            )
    return Outcome(url, current, 0, "", f"too many redirects (more than {MAX_REDIRECTS})", True)


def _download(url: str, opts: FetchOptions, http, cache: Cache) -> Outcome:
    """One attempt at ``url``, within ``opts.total_timeout`` from the first connection to the body's last byte."""
    with Deadline(opts.total_timeout) as deadline:
        outcome = _download_by(url, opts, http, cache)
    if deadline.expired and outcome.body is None:  # what the answer looked like when it was cut: no outcome
        outcome = outcome._replace(error=_too_long(opts), lasting=False, retry=False, retry_after=0.0)
    return outcome


def _too_long(opts: FetchOptions) -> str:
    return f"timeout: the download took more than {opts.total_timeout:g} s"


def _download_by(url: str, opts: FetchOptions, http, cache: Cache) -> Outcome:
    from urllib3.exceptions import HTTPError
    from urllib3.exceptions import TimeoutError as U3Timeout

    t0 = time.monotonic()
    opened = _open(url, opts, http)
    if isinstance(opened, Outcome):
        return opened
    r, final = opened
    try:
        ctype = r.headers.get("Content-Type", "")
        if r.status >= 400 or r.status < 200:
            passing = r.status in RETRY_STATUS
            return Outcome(
                url,
                final,
                r.status,
                ctype,
                _status_text(r.status),
                not passing,
                retry=passing,
                retry_after=retry_after_seconds(r.headers.get("Retry-After", "")) if passing else 0.0,
            )
        mime = ctype.split(";")[0].strip().lower()
        if mime not in HTML_TYPES and mime not in SNIFF_TYPES:
            return Outcome(url, final, r.status, ctype, f"not HTML ({mime})", True)
        length = r.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > opts.max_bytes:
            return Outcome(
                url,
                final,
                r.status,
                ctype,
                f"too large: {int(length):,} bytes (the limit is {opts.max_bytes:,}); not downloaded",
                True,
            )
        body = cache.stage(url)
        size = 0
        first = b""
        try:
            with open(body, "wb") as fh:
                for chunk in r.stream(1 << 16):
                    size += len(chunk)
                    if size > opts.max_bytes:
                        raise FetchRefused(
                            f"too large: more than {opts.max_bytes:,} bytes; download stopped",
                            status=r.status,
                        )
                    if time.monotonic() - t0 > opts.total_timeout or _expired():
                        raise FetchRefused(_too_long(opts), lasting=False, status=r.status)
                    if not first:
                        first = chunk
                    fh.write(chunk)
            if mime not in HTML_TYPES and not looks_like_html(first):
                raise FetchRefused(
                    f"not HTML ({mime or 'no content type'}, and it does not start like a page)",
                    status=r.status,
                )
        except FetchRefused as e:
            body.unlink(missing_ok=True)
            return Outcome(url, final, e.status, ctype, str(e), e.lasting, retry=e.retry)
        except U3Timeout:
            body.unlink(missing_ok=True)
            return Outcome(url, final, r.status, ctype, f"timeout: no data for {opts.timeout:g} s", False)
        except (HTTPError, OSError) as e:
            body.unlink(missing_ok=True)
            return Outcome(
                url,
                final,
                r.status,
                ctype,
                f"connection failed while reading ({_short(e)})",
                False,
                retry=True,
            )
        if _expired():  # (read to its end before the time ran out, or cut: no page)
            body.unlink(missing_ok=True)
            return Outcome(url, final, r.status, ctype, _too_long(opts), False)
        return Outcome(url, final, r.status, ctype, "", True, cache.commit_body(url, body))
    finally:
        r.release_conn()


def _short(e) -> str:
    s = str(e)
    return s if len(s) < 160 else s[:157] + "..."


def _resolve(host: str, port: int) -> list[str]:
    """The addresses of ``host`` (the one look-up a download makes: the connection goes to what is checked)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def public_address(ip: str) -> bool:
    """Is this address on the public internet (not loopback, private, link-local, reserved...)?"""
    return ipaddress.ip_address(ip.split("%", 1)[0]).is_global


class Robots:
    """Each site's robots.txt, read once a run (through the host's gate); a missing or unreadable one allows all."""

    AGENT = "Wirewatch"
    MAX_BYTES = 500_000

    def __init__(self, opts: FetchOptions, http, gate: HostGate):
        self.opts, self.http, self.gate = opts, http, gate
        self._lock = threading.Lock()
        self._origins: dict[str, threading.Lock] = {}
        self._rules: dict[str, object] = {}

    def allowed(self, target: Target) -> bool:
        origin = f"{target.scheme}://{target.netloc}"
        with self._lock:
            lock = self._origins.setdefault(origin, threading.Lock())
        with lock:  # one request per site, however many of its pages are waiting
            if origin not in self._rules:
                self._rules[origin] = self._load(origin, target.host)
        rules = self._rules[origin]
        return rules is None or rules.can_fetch(self.AGENT, target.url)

    def _load(self, origin: str, host: str):
        from urllib.robotparser import RobotFileParser

        try:
            with self.gate.slot(host), Deadline(self.opts.total_timeout):  # (every page of the site waits)
                r = _get(parse_target(origin + "/robots.txt"), self.opts, self.http)
                try:
                    data = r.read(self.MAX_BYTES) if r.status == 200 else b""
                finally:
                    r.release_conn()
        except Exception:  # unreachable or too slow: the pages' own requests will say why
            return None
        if not data:
            return None
        rules = RobotFileParser()
        rules.parse(data.decode("utf-8", errors="replace").splitlines())
        return rules


# ---------------------------------------------------------------- cache


def private_dir(root: Path) -> bool:
    """Make ``root`` (mode 0700) if it is missing; is it a folder this user owns that no one else can write to?

    A cache is trusted (its pages are served as the sites' own), so one that another user owns or can write
    to (a shared temporary folder) is not used."""
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(root)
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
        return False
    if st.st_mode & 0o077:
        with contextlib.suppress(OSError):
            root.chmod(0o700)
    return True


class Cache:
    """Outcomes by URL on disk: ``<sha1>.json`` (written last) and ``<sha1>.body``."""

    def __init__(self, root: Path):
        self.root = root

    def prune(self, max_age: float, max_bytes: int, now: float | None = None) -> int:
        """Remove outcomes fetched more than ``max_age`` seconds ago, then the oldest while the rest weigh more
        than ``max_bytes``; returns how many went. The outcome goes first, then its body (a body without its
        outcome is not a hit)."""
        now = time.time() if now is None else now
        entries = []
        for info in self.root.glob("*/*.json"):
            try:
                fetched = float(json.loads(info.read_text(encoding="utf-8")).get("fetched_at") or 0)
            except (OSError, ValueError, TypeError, AttributeError):
                fetched = 0.0  # unreadable: the oldest
            body = info.with_suffix(".body")
            size = sum(p.stat().st_size for p in (info, body) if p.is_file())
            entries.append((fetched, size, info))
        entries.sort(key=lambda e: e[0])
        total = sum(e[1] for e in entries)
        n = 0
        for fetched, size, info in entries:
            if now - fetched < max_age and total <= max_bytes:
                break
            with contextlib.suppress(OSError):
                info.unlink()
                info.with_suffix(".body").unlink(missing_ok=True)
                n += 1
            total -= size
        return n

    def sweep(self, older_than: float = 3600.0) -> int:
        """Remove temporary files a killed run left (old enough not to be another run's, in flight)."""
        n = 0
        for tmp in self.root.glob("*/.*.tmp"):
            try:
                if time.time() - tmp.stat().st_mtime >= older_than:
                    tmp.unlink()
                    n += 1
            except OSError:
                pass
        return n

    def _base(self, url: str) -> Path:
        h = hashlib.sha1(url.encode("utf-8")).hexdigest()
        return self.root / h[:2] / h

    def get(self, url: str) -> Outcome | None:
        base = self._base(url)
        try:
            info = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if info.get("url") != url:
            return None
        body = base.with_suffix(".body") if not info.get("error") else None
        if body is not None and not body.is_file():
            return None
        return Outcome(
            url,
            info.get("final_url") or url,
            int(info.get("status") or 0),
            info.get("content_type", ""),
            info.get("error", ""),
            True,
            body,
            True,
        )

    def stage(self, url: str) -> Path:
        base = self._base(url)
        base.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{base.name}.", suffix=".tmp", dir=base.parent)
        os.close(fd)
        return Path(tmp)

    def commit_body(self, url: str, tmp: Path) -> Path:
        dest = self._base(url).with_suffix(".body")
        os.replace(tmp, dest)
        return dest

    def put(self, outcome: Outcome) -> None:
        base = self._base(outcome.url)
        base.parent.mkdir(parents=True, exist_ok=True)
        info = {
            "url": outcome.url,
            "final_url": outcome.final_url,
            "status": outcome.status,
            "content_type": outcome.content_type,
            "error": outcome.error,
            "fetched_at": time.time(),
        }
        fd, tmp = tempfile.mkstemp(prefix=f".{base.name}.", suffix=".tmp", dir=base.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(info, fh)
        os.replace(tmp, base.with_suffix(".json"))
