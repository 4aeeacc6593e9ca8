"""End to end: a real `streamlit run` server and a real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DOCS = ROOT / "docs"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (apt-get install -y chromium)"),
]
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("WIREWATCH_DATA", None)
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
                             "--server.address=127.0.0.1", f"--server.port={port}", "--server.headless=true"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not become healthy: " + proc.stdout.read().decode(errors="replace")[-2000:])
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


def _articles_metric(page) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Articles").first
    metric.wait_for(timeout=90_000)
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _wait_idle(page) -> None:
    page.wait_for_timeout(500)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=90_000)


def test_filter_link_download_screenshots(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(server)
    assert _articles_metric(page) == "5"
    shots = DOCS if os.environ.get("WIREWATCH_SCREENSHOTS") else tmp_path  # refresh docs/ with WIREWATCH_SCREENSHOTS=1

    # apply a filter in the sidebar: the URL holds it
    box = page.get_by_label("Text contains")
    box.fill("Zakharova")
    box.press("Enter")
    page.wait_for_function("() => location.search.includes('q=Zakharova')", timeout=30_000)
    _wait_idle(page)
    assert _articles_metric(page) == "1"
    shared = page.url

    # the copied link reproduces the view in a fresh page
    fresh = browser.new_page(viewport={"width": 1400, "height": 1000})
    fresh.goto(shared)
    assert _articles_metric(fresh) == "1"
    assert fresh.get_by_label("Text contains").input_value() == "Zakharova"
    fresh.close()

    # every view, unfiltered, as a screenshot for the README
    page.goto(server)
    _articles_metric(page)
    for name in ("Overview", "Actors", "Troop figures", "Quotes & sentiment", "Article reader"):
        page.get_by_role("tab", name=name).click()
        _wait_idle(page)
        page.wait_for_timeout(1500)
        assert not page.locator('[data-testid="stException"]').count(), name
        page.screenshot(path=str(shots / f"{name.split()[0].lower().replace('&', '')}.png"), full_page=False)

    # download the filtered quotes as CSV and check its rows
    page.get_by_role("tab", name="Quotes & sentiment").click()
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="quotes.csv").first.click()
    path = tmp_path / "quotes.csv"
    dl.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == 49
    assert {"text", "speaker", "polarity"} <= set(rows[0])
    page.close()


# ---------------------------------------------------------------- text from the data fetches nothing (issue 12 #17)


@pytest.fixture(scope="module")
def tracker():
    """A local "tracking host": counts every request it gets and answers with a 1x1 GIF."""
    import http.server
    import threading

    hits: list[str] = []

    class Pixel(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the name http.server calls)
            hits.append(self.path)
            body = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
            self.send_response(200)
            self.send_header("Content-Type", "image/gif")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Pixel)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{srv.server_address[1]}", hits
    srv.shutdown()


@pytest.fixture(scope="module")
def hostile_server(tracker, tmp_path_factory):
    """`streamlit run` over a processed folder whose text, title, url and id hold Markdown pointing at the tracker."""
    import json

    from analysis.pipeline import Config, run

    host, _ = tracker
    d = tmp_path_factory.mktemp("hostile-in")
    md = f"![](http://{host}/text.gif) :red[alert] $x^2$ [click](data:text/html,<b>x</b>) <img src=http://{host}/img.gif>"
    row = {"id": f"![](http://{host}/id.gif)", "url": f"http://x.org/![](http://{host}/url.gif)",
           "outlet": f"Out ![](http://{host}/outlet.gif)",
           "title": f"![](http://{host}/title.gif) {md}", "date": "2022-01-05",
           "text": "Russia has massed 100,000 troops near Ukraine, Blinken said.\n\n" + md}
    (d / "m.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-out")
    run([d], out, "parquet", Config(workers=1, progress=False))
    port = _free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "WIREWATCH_DATA": str(out)}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
                             "--server.address=127.0.0.1", f"--server.port={port}", "--server.headless=true"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not become healthy: " + proc.stdout.read().decode(errors="replace")[-2000:])
    yield url, md
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_markdown_in_the_data_fetches_nothing(hostile_server, tracker, browser):
    url, md = hostile_server
    host, hits = tracker
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(url)
    assert _articles_metric(page) == "1"
    page.get_by_label("Outlets").click()  # the outlet's name as an option
    page.wait_for_timeout(1000)
    page.keyboard.press("Escape")
    for name in ("Overview", "Actors", "Troop figures", "Quotes & sentiment", "Article reader"):
        page.get_by_role("tab", name=name).click()
        _wait_idle(page)
    page.wait_for_timeout(2000)
    assert hits == [], hits
    assert not [r for r in requested if host in r or r.startswith("data:text/html")], requested
    assert not page.locator(f'img[src*="{host}"]').count()
    reader = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text=":red[alert]")
    assert reader.count() >= 1, "the reader shows the Markdown as written"
    assert md.split(" <img")[0] in reader.first.inner_text()
    page.close()
