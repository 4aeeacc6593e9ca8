"""Retake the README's screenshots (docs/*.png) in Debian's Chromium.

    .venv/bin/python scripts/screenshots.py PROCESSED_FOLDER   # or set WIREWATCH_DATA=PROCESSED_FOLDER

The chart views (overview, actors, troop figures, quotes) are shot on the processed folder - the charts only,
never a table or an article's text (a real corpus is copyrighted). The article reader is shot on the bundled
sample articles. Starts `streamlit run` on 127.0.0.1 twice (benchmarks/browser.py); needs playwright and
Debian's chromium.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.browser import chromium, serve  # noqa: E402  (the server and Debian's Chromium)

DOCS = ROOT / "docs"
# tab, file, the charts of the tab to shoot (their order in the tab), query parameters
VIEWS = [
    ("Overview", "overview.png", [0], "freq=week&tab=Overview"),
    ("Actors", "actors.png", [1, 2], "freq=week&tab=Actors"),
    ("Troop figures", "troop.png", [0], "freq=week&troops_of=Russia&tab=Troop+figures"),
    ("Quotes & sentiment", "quotes.png", [0, 1], "freq=week&tab=Quotes+%26+sentiment"),
]


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
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", nargs="?", type=Path, help="a processed output folder (else $WIREWATCH_DATA)")
    folder = ap.parse_args(argv).folder or (
        Path(os.environ["WIREWATCH_DATA"]) if os.environ.get("WIREWATCH_DATA") else None
    )
    if folder is None:
        print(
            "give the processed output folder to shoot the charts on (the analysed r2nery window): "
            "scripts/screenshots.py FOLDER, or set WIREWATCH_DATA=FOLDER",
            file=sys.stderr,
        )
        return 2
    if not (folder / "articles.parquet").exists():
        print(f"no processed output in {folder}", file=sys.stderr)
        return 2
    with chromium() as browser:
        tall = browser.new_page(viewport={"width": 1400, "height": 3200})  # the app scrolls inside itself
        with serve(folder) as server:
            shoot_charts(tall, server.url)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        with serve(None) as server:  # the bundled sample: its text may be shown
            shoot_reader(page, server.url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
