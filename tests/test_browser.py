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
