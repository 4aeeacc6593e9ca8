"""URL lists fetched from a real HTTP server on 127.0.0.1 (analysis/fetch.py); never the internet."""

from __future__ import annotations

import collections
import gzip
import json
import os
import signal
import subprocess
import sys
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.__main__ import main
from analysis.fetch import FETCH_OFF, FetchOptions, interleave_hosts, url_list
from analysis.io import ReadOptions, iter_inputs
from analysis.schemas import RawDoc, Reject
from tests.analysis.test_web import INDEX, NOT_FOUND, PAYWALL
from tests.conftest import ROOT, SAMPLE
from tests.make_html_samples import render

SAMPLES = sorted(SAMPLE.glob("*.txt"))
FIFTY_MB = 50 * 1024 * 1024


class Site:
    """A news site on 127.0.0.1: pages, an error page, a flaky and a slow one, a redirect, JSON, 50 MB."""

    def __init__(self, page_delay: float = 0.0, host: str = "127.0.0.1", port: int = 0):
        self.hits: collections.Counter = collections.Counter()
        self.agents: set[str] = set()
        self.hosts: list[str] = []  # each request's Host header
        self.headers: list[dict] = []
        self.starts: list[tuple[float, str]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.page_delay = page_delay
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                with site.lock:
                    site.hits[self.path] += 1
                    site.hosts.append(self.headers.get("Host", ""))
                    site.headers.append(dict(self.headers))
                    site.agents.add(self.headers.get("User-Agent", ""))
                    site.starts.append((time.monotonic(), self.path))
                    site.in_flight += 1
                    site.max_in_flight = max(site.max_in_flight, site.in_flight)
                try:
                    site.answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client stopped reading (too large) or gave up (timeout)
                finally:
                    with site.lock:
                        site.in_flight -= 1

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str) -> str:
        return self.base + path

    @staticmethod
    def send(h, status: int, body: bytes | str, ctype: str = "text/html; charset=utf-8", headers=()):
        data = body.encode("utf-8") if isinstance(body, str) else body
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(data)))
        for k, v in headers:
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(data)

    def answer(self, h) -> None:
        path, n = h.path, self.hits[h.path]
        if path.startswith("/news/"):  # /news/<i>: sample i in the wire template
            time.sleep(self.page_delay)
            self.send(h, 200, render(SAMPLES[int(path.rsplit("/", 1)[1]) % len(SAMPLES)], "wire"))
        elif path == "/amp":
            self.send(h, 200, render(SAMPLES[3], "amp"))
        elif path == "/flaky":  # a 500, then the page
            self.send(h, 500, "<h1>Internal error</h1>") if n == 1 else self.send(
                h, 200, render(SAMPLES[1], "blog")
            )
        elif path == "/busy":  # a 429 asking for a pause, then the page
            if n == 1:
                self.send(h, 429, "slow down", "text/plain", [("Retry-After", "1")])
            else:
                self.send(h, 200, render(SAMPLES[2], "amp"))
        elif path == "/down":
            self.send(h, 503, "<h1>Service unavailable</h1>")
        elif path == "/missing":
            self.send(h, 404, NOT_FOUND)
        elif path == "/slow":
            time.sleep(6)
            self.send(h, 200, render(SAMPLES[0], "wire"))
        elif path == "/moved":
            h.send_response(301)
            h.send_header("Location", "/news/4")
            h.send_header("Content-Length", "0")
            h.end_headers()
        elif path.startswith("/go?to="):  # a redirect to any URL (percent-encoded after to=)
            h.send_response(302)
            h.send_header("Location", unquote(path.split("=", 1)[1]))
            h.send_header("Content-Length", "0")
            h.end_headers()
        elif path == "/data.json":
            self.send(h, 200, json.dumps({"text": "Lavrov met Blinken."}), "application/json")
        elif path in ("/huge", "/huge-chunked"):  # 50 MB, streamed (with and without a Content-Length)
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            if path == "/huge":
                h.send_header("Content-Length", str(FIFTY_MB))
            h.end_headers()
            chunk = b"<p>" + b"x" * (1 << 20 - 3)
            for _ in range(FIFTY_MB >> 20):
                h.wfile.write(chunk)
        elif path == "/loop":
            h.send_response(302)
            h.send_header("Location", "/loop")
            h.send_header("Content-Length", "0")
            h.end_headers()
        elif path == "/gzip":
            self.send(
                h,
                200,
                gzip.compress(render(SAMPLES[0], "amp").encode("utf-8")),
                headers=[("Content-Encoding", "gzip")],
            )
        elif path == "/cp1252":  # the charset only in the HTTP header
            page = render(SAMPLES[1], "wire").replace('<meta charset="utf-8">', "")
            self.send(h, 200, page.encode("cp1252"), "text/html; charset=windows-1252")
        elif path == "/robots.txt":
            self.send(
                h,
                200,
                "User-agent: *\nDisallow: /private/\n\nUser-agent: Wirewatch\nDisallow: /members/\n",
                "text/plain",
            )
        elif path == "/index":
            self.send(h, 200, INDEX)
        elif path == "/paywall":
            self.send(h, 200, PAYWALL)
        else:
            self.send(h, 404, "no such page")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    with Site() as s:
        yield s


def fast(cache: Path, **kw) -> FetchOptions:
    """Test settings: the politeness of the defaults, at test speed."""
    opts = dict(
        cache_dir=cache,
        timeout=2.0,
        total_timeout=8.0,
        delay=0.05,
        backoff=0.1,
        retries=2,
        max_bytes=2_000_000,
        progress=False,
    )
    return FetchOptions(**{**opts, **kw})


def read(paths, opts: FetchOptions | None):
    items = list(iter_inputs(paths, ReadOptions(fetch=opts)))
    return (
        {i.source: i for i in items if isinstance(i, RawDoc)},
        {i.source: i.reason for i in items if isinstance(i, Reject)},
    )


EVERY = [
    "/news/0",
    "/news/1",
    "/amp",
    "/flaky",
    "/busy",
    "/moved",
    "/missing",
    "/down",
    "/slow",
    "/data.json",
    "/huge",
    "/huge-chunked",
    "/index",
    "/paywall",
]
REASONS = {
    "/missing": "HTTP 404 (Not Found)",
    "/down": "HTTP 503 (Service Unavailable) (after 3 attempts)",
    "/slow": "timeout: no answer within 2 s",
    "/data.json": "not HTML (application/json)",
    "/huge": "too large: 52,428,800 bytes (the limit is 2,000,000); not downloaded",
    "/huge-chunked": "too large: more than 2,000,000 bytes; download stopped",
    "/index": "no article text in the web page",
    "/paywall": "no article text in the web page",
}


def test_every_url_ends_as_an_article_or_a_reject(site, tmp_path):
    urls = tmp_path / "urls.txt"
    urls.write_text("# a comment\n\n" + "\n".join(site.url(p) for p in EVERY) + "\n", encoding="utf-8")
    t0 = time.monotonic()
    docs, rejects = read([urls], fast(tmp_path / "cache"))
    seconds = time.monotonic() - t0
    assert set(docs) | set(rejects) == {site.url(p) for p in EVERY} and not set(docs) & set(rejects)
    assert {p: rejects[site.url(p)][: len(r)] for p, r in REASONS.items()} == REASONS
    assert set(docs) == {site.url(p) for p in ("/news/0", "/news/1", "/amp", "/flaky", "/busy", "/moved")}
    assert (
        site.hits["/flaky"] == 2
        and site.hits["/busy"] == 2
        and site.hits["/down"] == 3
        and site.hits["/slow"] == 1
    )
    busy = [t for t, p in site.starts if p == "/busy"]
    assert busy[1] - busy[0] >= 0.95  # Retry-After: 1 was honoured
    moved = docs[site.url("/moved")]
    assert moved.meta["url"] == "https://www.wirenews.example/world/ffce716179b1a6a6"  # its canonical link
    assert site.hits["/news/4"] == 1
    assert docs[site.url("/news/1")].meta["outlet"] == "Wire News"
    assert docs[site.url("/amp")].meta["outlet"] == "The Straits Times"  # the page's URL, through outlets.csv
    assert all("Wirewatch" in a for a in site.agents) and site.agents
    assert seconds < 30  # 2 s timeouts and a 1 s Retry-After: bounded, not minutes

    before = collections.Counter(site.hits)
    docs2, rejects2 = read([urls], fast(tmp_path / "cache"))  # a rerun: lasting outcomes come from the cache
    assert set(docs2) == set(docs) and set(rejects2) == set(rejects)
    refetched = {p for p in site.hits if site.hits[p] > before[p]}
    assert refetched == {
        "/down",
        "/slow",
        "/robots.txt",
    }  # passing trouble is tried again; nothing else twice


def test_redirect_loop_gzip_charset_and_repeats(site, tmp_path):
    urls = [site.url(p) for p in ("/loop", "/gzip", "/cp1252", "/news/2", "/news/2")]
    (tmp_path / "u.txt").write_text("\n".join(urls), encoding="utf-8")
    items = list(iter_inputs([tmp_path / "u.txt"], ReadOptions(fetch=fast(tmp_path / "c"))))
    assert [i.source for i in items] == urls
    assert isinstance(items[0], Reject) and items[0].reason == "too many redirects (more than 5)"
    assert site.hits["/loop"] == 6
    assert "Blinken will meet this week" in items[1].text  # gzip decoded
    assert "Blinken’s second bilateral encounter" in items[2].text  # decoded with the header's charset
    assert items[3] == items[4] and site.hits["/news/2"] == 1  # a URL listed twice is fetched once


def test_robots_txt_is_obeyed(site, tmp_path):
    urls = [site.url(p) for p in ("/members/1", "/private/2", "/news/3")]
    (tmp_path / "u.txt").write_text("\n".join(urls), encoding="utf-8")
    docs, rejects = read([tmp_path / "u.txt"], fast(tmp_path / "c"))
    assert set(docs) == {urls[2]}
    assert rejects == {
        urls[0]: "not fetched: the site's robots.txt disallows it (for Wirewatch)",
        urls[1]: "HTTP 404 (Not Found)",
    }  # Wirewatch's own group replaces the * group
    assert site.hits["/robots.txt"] == 1 and site.hits["/members/1"] == 0 and site.hits["/private/2"] == 1


def test_url_lists_inside_zips(site, tmp_path):
    archive = tmp_path / "lists.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("week1/urls.txt", site.url("/news/0") + "\n")
        zf.writestr("week1/page.html", render(SAMPLES[1], "blog"))
    docs, rejects = read([archive], fast(tmp_path / "c"))
    assert set(docs) == {site.url("/news/0"), f"{archive}/week1/page.html"} and not rejects


def test_per_host_concurrency_and_delay(tmp_path):
    with Site(page_delay=0.6) as site:  # long enough for two requests to overlap on a loaded machine
        urls = [site.url(f"/news/{i}") for i in range(6)]
        (tmp_path / "u.txt").write_text("\n".join(urls), encoding="utf-8")
        docs, rejects = read([tmp_path / "u.txt"], fast(tmp_path / "c", delay=0.2, workers=8, timeout=10.0))
    assert len(docs) == 6 and not rejects, rejects
    starts = sorted(t for t, _ in site.starts)  # as the server saw them: robots.txt, then the 6 pages
    gaps = [round(b - a, 3) for a, b in zip(starts, starts[1:], strict=False)]
    assert site.max_in_flight == 2, gaps  # per-host concurrency 2, though 8 workers were free
    # The client spaces the starts 0.2 s apart (HostGate, tested exactly in test_download.py); the server sees
    # them with a loaded machine's scheduling jitter. Without the delay, two starts would come together (~0 s).
    assert min(gaps) >= 0.08, gaps


def test_resumable_after_a_kill(tmp_path):
    with Site(page_delay=0.4) as site:
        urls = [site.url(f"/news/{i}") for i in range(5)]  # the command line's politeness: 1 s between starts
        lst = tmp_path / "urls.txt"
        lst.write_text("\n".join(urls), encoding="utf-8")
        out, cache = tmp_path / "out", tmp_path / "cache"
        cmd = [
            sys.executable,
            "-m",
            "analysis",
            "run",
            str(lst),
            "--out",
            str(out),
            "--cache",
            str(cache),
            "--no-progress",
            "--workers",
            "1",
        ]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while len(list(cache.glob("*/*.json"))) < 2 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        done_before = len(list(cache.glob("*/*.json")))
        assert 2 <= done_before < 5 and not (out / "articles.parquet").exists()
        assert (
            main(
                ["run", str(lst), "--out", str(out), "--cache", str(cache), "--no-progress", "--workers", "1"]
            )
            == 0
        )
    arts = pd.read_parquet(out / "articles.parquet")
    assert sorted(arts["source"]) == sorted(urls)
    assert max(n for p, n in site.hits.items() if p != "/robots.txt") == 1  # no page fetched twice


def test_no_fetch_refuses_url_lists(site, tmp_path, capsys):
    lst = tmp_path / "urls.txt"
    lst.write_text(site.url("/news/0") + "\n" + site.url("/news/1") + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(lst), "--out", str(out), "--no-fetch", "--no-progress"]) == 1  # nothing read
    assert not site.hits
    rejects = pd.read_parquet(out / "rejects.parquet")
    assert rejects["reason"].tolist() == [f"a list of 2 URLs: not fetched ({FETCH_OFF})"]
    assert "not fetched" in capsys.readouterr().err


def test_cli_default_cache_is_under_the_output_folder(site, tmp_path):
    lst = tmp_path / "urls.txt"
    lst.write_text(site.url("/news/2") + "\n", encoding="utf-8")
    assert main(["run", str(lst), "--out", str(tmp_path / "out"), "--no-progress"]) == 0
    assert len(list((tmp_path / "out" / "_fetch_cache").glob("*/*.body"))) == 1


def test_table_with_a_url_column_and_no_text(site, tmp_path):
    table = tmp_path / "export.csv"
    pd.DataFrame(
        {
            "url": [site.url("/news/0"), site.url("/missing"), ""],
            "date": ["2021-12-03", "", ""],
            "domain": ["x", "y", "z"],
        }
    ).to_csv(table, index=False)
    docs, rejects = read([table], fast(tmp_path / "c"))
    doc = docs[site.url("/news/0")]
    assert doc.meta["date"] == "2021-12-03"  # the table's value wins over the page's 2021-12-01
    assert rejects[site.url("/missing")] == "HTTP 404 (Not Found)"
    assert (
        rejects[f"{table}::4"] == "row without a URL (and the table has no text column)"
    )  # line 4 of the file
    _, refused = read([table], None)
    assert refused == {
        str(table): f"a list of 2 URLs: not fetched ({FETCH_OFF})",
        f"{table}::4": "row without a URL (and the table has no text column)",
    }


def test_media_cloud_export(site, tmp_path):
    """The columns of a Media Cloud story export: the URLs are fetched, the export's date and outlet kept."""
    table = tmp_path / "mediacloud.csv"
    pd.DataFrame(
        {
            "id": ["mc1", "mc2"],
            "indexed_date": ["2022-01-20", "2022-01-20"],
            "publish_date": ["2021-12-02 09:00:00", "2021-12-03 10:00:00"],
            "title": ["", "A title"],
            "url": [site.url("/news/1"), site.url("/news/2")],
            "media_name": ["wirenews.example", "The Wire"],
            "language": ["en", "en"],
        }
    ).to_csv(table, index=False)
    out = tmp_path / "out"
    assert main(["run", str(table), "--out", str(out), "--no-progress", "--format", "csv"]) == 0
    arts = pd.read_csv(out / "articles.csv", keep_default_na=False).set_index("source")
    first, second = arts.loc[site.url("/news/1")], arts.loc[site.url("/news/2")]
    assert (first["published"], first["outlet"], first["author"]) == (
        "2021-12-02",
        "wirenews.example",
        "Maria Jensen",
    )
    assert (second["published"], second["outlet"], second["title"]) == ("2021-12-03", "The Wire", "A title")


def test_a_cache_that_cannot_be_made_refuses_the_list(site, tmp_path):
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    lst = tmp_path / "urls.txt"
    lst.write_text(site.url("/news/0"), encoding="utf-8")
    _, rejects = read([lst], fast(tmp_path / "taken" / "cache"))
    assert rejects == {
        str(lst): f"a list of 1 URL: not fetched (the fetch cache {tmp_path / 'taken' / 'cache'} "
        "cannot be made: Not a directory)"
    }
    assert not site.hits


def test_progress_bar_counts_fetched_pages(site, tmp_path, capsys):
    lst = tmp_path / "urls.txt"
    lst.write_text("\n".join(site.url(f"/news/{i}") for i in range(3)), encoding="utf-8")
    read([lst], fast(tmp_path / "c", progress=True))
    err = capsys.readouterr().err
    assert "fetching" in err and "3/3" in err


def test_hosted_mode_refuses_local_addresses(site, tmp_path):
    lst = tmp_path / "urls.txt"
    lst.write_text(site.url("/news/0"), encoding="utf-8")
    _, rejects = read([lst], fast(tmp_path / "c", public_only=True))
    assert list(rejects.values()) == ["not fetched: 127.0.0.1 is a private or local address (127.0.0.1)"]
    assert not site.hits


@pytest.mark.parametrize(
    "text, expected",
    [
        ("https://a.example/1\nhttp://b.example/2\n", ["https://a.example/1", "http://b.example/2"]),
        ("# exported 2022-01-05\n\n  https://a.example/1  \n", ["https://a.example/1"]),
        ("https://a.example/1\nLavrov said talks would go on.\n", None),  # an article that starts with a link
        ("Blinken met Lavrov in Geneva.", None),
        ("https://a.example/1 and more words", None),
        ("ftp://a.example/file", None),
        ("", None),
    ],
)
def test_url_list(text, expected):
    assert url_list(text) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_url_list_on_arbitrary_text(text):
    urls = url_list(text)
    assert urls is None or all(
        u.lower().startswith(("http://", "https://")) and u.split() == [u] for u in urls
    )


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.from_regex(r"https?://[a-z]{1,10}\.example/[A-Za-z0-9/_?=&%-]{0,30}", fullmatch=True),
        min_size=1,
        max_size=20,
    )
)
def test_url_list_reads_back_any_list_of_urls(urls):
    assert url_list("\r\n".join(urls) + "\n") == urls


def test_interleave_hosts():
    urls = [
        "https://a.x/1",
        "https://a.x/2",
        "https://a.x/3",
        "https://b.x/1",
        "https://c.x/1",
        "https://b.x/2",
    ]
    assert interleave_hosts(urls) == [
        "https://a.x/1",
        "https://b.x/1",
        "https://c.x/1",
        "https://a.x/2",
        "https://b.x/2",
        "https://a.x/3",
    ]
