"""Retake the README's screenshots (docs/*.png) in Debian's Chromium.

    python scripts/screenshots.py [PROCESSED_FOLDER]   # default: /work/runs/window, else $WIREWATCH_DATA

The chart views (overview, actors, troop figures, quotes) are shot on the processed folder - the charts only,
never a table or an article's text (a real corpus is copyrighted). The article reader is shot on the bundled
sample articles. Starts `streamlit run` on 127.0.0.1 twice; needs playwright and /usr/bin/chromium.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"]
# tab, file, the charts of the tab to shoot (their order in the tab), query parameters
VIEWS = [
    ("Overview", "overview.png", [0], "freq=week&tab=Overview"),
    ("Actors", "actors.png", [1, 2], "freq=week&tab=Actors"),
    ("Troop figures", "troop.png", [0], "freq=week&troops_of=Russia&tab=Troop+figures"),
    ("Quotes & sentiment", "quotes.png", [0, 1], "freq=week&tab=Quotes+%26+sentiment"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(folder: Path | None):
    port = _free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("WIREWATCH_DATA", None)
    if folder:
        env["WIREWATCH_DATA"] = str(folder)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard" / "app.py"),
            "--server.address=127.0.0.1",
            f"--server.port={port}",
            "--server.headless=true",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(180):
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(10)


def _idle(page) -> None:
    page.wait_for_timeout(800)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=120_000)
    page.wait_for_timeout(1500)


def _open(page, url: str, tab: str) -> None:
    """The page with ``tab`` open (only the open tab runs) and drawn."""
    page.goto(url)
    page.get_by_role("tab", name=tab).wait_for(timeout=120_000)
    _idle(page)
    if page.get_by_role("tab", name=tab).get_attribute("aria-selected") != "true":
        page.get_by_role("tab", name=tab).click()
        _idle(page)


def shoot_charts(page, url: str) -> None:
    """Each chart view, clipped to its charts (the box around the chosen charts of the open tab)."""
    for tab, name, which, query in VIEWS:
        _open(page, f"{url}/?{query}", tab)
        charts = page.locator('[role="tabpanel"]:visible [data-testid="stPlotlyChart"]')
        boxes = [charts.nth(i).bounding_box() for i in which]  # the page is tall: every chart is in view
        x0, y0 = min(b["x"] for b in boxes), min(b["y"] for b in boxes)
        x1, y1 = max(b["x"] + b["width"] for b in boxes), max(b["y"] + b["height"] for b in boxes)
        page.screenshot(
            path=str(DOCS / name),
            clip={"x": x0 - 8, "y": y0 - 8, "width": x1 - x0 + 16, "height": y1 - y0 + 16},
        )
        print("wrote", DOCS / name)


def shoot_reader(page, url: str) -> None:
    _open(page, url, "Article reader")
    page.screenshot(path=str(DOCS / "article.png"))
    print("wrote", DOCS / "article.png")


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    folder = Path(argv[0]) if argv else Path(os.environ.get("WIREWATCH_DATA") or "/work/runs/window")
    if not (folder / "articles.parquet").exists():
        print(f"no processed output in {folder}", file=sys.stderr)
        return 2
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        tall = browser.new_page(viewport={"width": 1400, "height": 3200})  # the app scrolls inside itself
        with serve(folder) as url:
            shoot_charts(tall, url)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        with serve(None) as url:  # the bundled sample: its text may be shown
            shoot_reader(page, url)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
