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


def _serve(folder: Path | None):
    port = _free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("WIREWATCH_DATA", None)
    if folder:
        env["WIREWATCH_DATA"] = str(folder)
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
def server():
    yield from _serve(None)


@pytest.fixture(scope="module")
def awkward_server(awkward_out):
    yield from _serve(awkward_out)


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


def _idle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=90_000)


def _headline(page) -> list[str]:
    page.locator('[data-testid="stMetricValue"]').nth(3).wait_for(timeout=90_000)  # all four numbers drawn
    _idle(page)
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()


LINK_HOLDS = """(p) => { const c = document.querySelector('[data-testid="stSidebar"] [data-testid="stCode"]');
  return location.search.includes(p) && c !== null && c.innerText.includes(p); }"""


def _url_holds(page, part: str) -> None:
    """The browser's URL and the sidebar's link (drawn by the server's run) hold ``part``: the change is through."""
    page.wait_for_function(LINK_HOLDS, arg=part, timeout=60_000)
    _idle(page)


def _pick(page, label: str, values: list[str]) -> None:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text=label)
    for v in values:
        box.locator("input").click()
        box.locator("input").fill(v)
        page.keyboard.press("Enter")
        _url_holds(page, "=" + v.replace(" ", "+"))
    page.keyboard.press("Escape")


def test_the_sidebar_link_reproduces_every_filter_and_downloads_match(awkward_server, browser, tmp_path):
    """Issue 10 #2 and #5 on data with real shapes (undated and outlet-less articles, blank speakers): dates, two
    outlets, an actor, a speaker and a polarity range set in the sidebar; the sidebar's link opened in a fresh
    context shows every headline number again; the polarity bounds (0.1 and 0.25) are quotes' exact scores, and
    the page's quote count equals the downloaded CSV's rows."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(awkward_server)
    assert _headline(page) == ["6", "5", "7", "4"]
    sb = page.locator('[data-testid="stSidebar"]')
    dates = sb.locator('[data-testid="stDateInput"] input')
    dates.nth(1).fill("2022-01-31")
    dates.nth(1).press("Enter")
    page.keyboard.press("Escape")  # closing the calendar commits the date
    _url_holds(page, "dates=2022-01-31")
    _pick(page, "Outlets", ["Fox News", "Reuters"])
    _pick(page, "Articles mentioning", ["Antony Blinken"])
    _pick(page, "Speakers", ["Antony Blinken"])
    thumbs = sb.locator('[data-testid="stSlider"]').filter(has_text="Quote polarity").get_by_role("slider")
    thumbs.nth(0).focus()
    for _ in range(22):  # -1.0 -> 0.1 in steps of 0.05
        page.keyboard.press("ArrowRight")
    _url_holds(page, "polarity=0.1")
    thumbs.nth(1).focus()
    for _ in range(15):  # 1.0 -> 0.25
        page.keyboard.press("ArrowLeft")
    _url_holds(page, "polarity=0.25")
    shown = _headline(page)
    assert shown == ["2", "2", "5", "1"]  # a3 and a6; Blinken's quotes scoring exactly 0.25 and 0.1
    link = sb.locator('[data-testid="stCode"]').inner_text().strip()
    for part in ("dates=2021-12-01&dates=2022-01-31", "outlets=Fox+News&outlets=Reuters", "actors=Antony+Blinken",
                 "speakers=Antony+Blinken", "polarity=0.1&polarity=0.25"):
        assert part in link, link

    fresh_context = browser.new_context(viewport={"width": 1400, "height": 1000})
    fresh = fresh_context.new_page()
    fresh.goto(link)
    assert _headline(fresh) == shown
    fresh_context.close()

    page.get_by_role("tab", name="Quotes & sentiment").click()
    _idle(page)
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="quotes.csv").first.click()
    path = tmp_path / "quotes.csv"
    dl.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert len(rows) == int(shown[1])
    assert sorted(float(r["polarity"]) for r in rows) == [0.1, 0.25]
    page.close()
