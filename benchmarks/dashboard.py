"""Dashboard speed (issue 10 #8): a filter change on the data path and in the browser, at three sizes.

    python benchmarks/dashboard.py [--src OUTPUT_FOLDER] --sizes window,100000,1000000 --browser window,100000

Sizes other than ``window`` are synthetic folders made by replicating the source tables with new article ids
(written under ``--work``, default ``wirewatch-dash`` in the temporary folder, and kept between runs). ``--src``
defaults to ``$WIREWATCH_DATA``, else the processed window folder ``runs/window`` beside the repository or one
level up (a git worktree's parent). The data path runs in a fresh
process per size: load, choices, then per filter change select + headline + one aggregate per view + a
10,000-row table, with peak RSS (psutil, sampled every 20 ms). The browser probe starts
``streamlit run`` on the folder, toggles a sidebar filter in Chromium and times from the click until the page's
script state is back to "notRunning" (the status widget gone).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# the server and Debian's Chromium (--chromium names another)
from benchmarks.browser import CHROMIUM, chromium, serve  # noqa: E402


def default_src() -> Path:
    """$WIREWATCH_DATA, else the first ``runs/window`` beside the repository (or beside its parent) that exists."""
    if os.environ.get("WIREWATCH_DATA"):
        return Path(os.environ["WIREWATCH_DATA"])
    places = [ROOT.parent / "runs" / "window", ROOT.parent.parent / "runs" / "window"]
    return next((p for p in places if p.is_dir()), places[0])


# ---------------------------------------------------------------- synthetic folders


def scale_folder(src: Path, n: int, dest: Path) -> Path:
    """``src``'s tables replicated (copy c gets ids ``<id>-c``) until the articles number ``n``."""
    import duckdb

    from analysis.schemas import EXTRACTED, TABLES

    if (dest / "_scaled").exists():  # written last: a killed run leaves no half folder behind it
        return dest
    dest.mkdir(parents=True, exist_ok=True)
    db = duckdb.connect(config={"threads": 2, "memory_limit": "2GB", "preserve_insertion_order": False})
    base = db.execute(f"SELECT count(*) FROM read_parquet('{src}/articles.parquet')").fetchone()[0]
    copies = -(-n // base)
    db.execute(f"CREATE TEMP TABLE copies AS SELECT range AS c FROM range({copies})")
    sfx = "CASE WHEN c = 0 THEN '' ELSE '-' || c END"
    db.execute(
        f"CREATE TEMP TABLE ids AS SELECT article_id || {sfx} AS article_id FROM "
        f"(SELECT article_id FROM read_parquet('{src}/articles.parquet')), copies ORDER BY c, article_id "
        f"LIMIT {n}"
    )  # the last copy is cut to reach exactly n articles
    for name, extra in (
        (
            "articles",
            f", CASE WHEN duplicate_of IS NULL THEN NULL ELSE duplicate_of || {sfx} END AS duplicate_of",
        ),
        ("mentions", ""),
        ("troops", ""),
        (
            "quotes",
            f", quote_id || {sfx} AS quote_id, text || CASE WHEN c = 0 THEN '' "
            "ELSE ' [' || c || ']' END AS text",
        ),
    ):
        db.execute(
            f"COPY (SELECT * EXCLUDE (c) REPLACE (article_id || {sfx} AS article_id{extra}) "
            f"FROM read_parquet('{src}/{name}.parquet'), copies "
            f"WHERE article_id || {sfx} IN (SELECT article_id FROM ids)) "
            f"TO '{dest}/{name}.parquet' (FORMAT parquet, COMPRESSION zstd)"
        )
    for name in (n for n in TABLES if n != "articles" and n not in EXTRACTED):  # copied as they are
        if (src / f"{name}.parquet").exists():
            db.execute(
                f"COPY (SELECT * FROM read_parquet('{src}/{name}.parquet')) TO '{dest}/{name}.parquet' "
                "(FORMAT parquet)"
            )
    (dest / "_scaled").write_text(f"{n} articles from {src}\n", encoding="utf-8")
    return dest


# ---------------------------------------------------------------- the data path (run in its own process)


def page_queries(sel) -> int:
    """What one page run asks of a Selection: the headline, an aggregate per view, a 10,000-row table."""
    from dashboard.dataset import bucket_sql

    w = bucket_sql("W")
    n = sum(sel.headline().values())
    n += len(
        sel.sql(
            f"SELECT {w} period, outlet, count(*) n FROM sel_articles WHERE published IS NOT NULL "
            "GROUP BY ALL"
        )
    )  # overview
    top = sel.sql(
        "SELECT actor, count(*) n FROM sel_mentions GROUP BY actor ORDER BY n DESC LIMIT 15"
    )  # actors
    n += len(
        sel.sql(
            f"SELECT {w} period, actor, count(*) n FROM sel_mentions WHERE actor IN "
            "(SELECT unnest(?::VARCHAR[])) GROUP BY ALL",
            [top["actor"].head(6).tolist()],
        )
    )
    n += len(
        sel.sql(
            "SELECT claimed_by, " + w + " period, median(value), min(value), max(value) FROM sel_troops "
            "GROUP BY ALL"
        )
    )  # troops
    n += len(
        sel.sql(
            f"SELECT speaker, {w} period, avg(polarity), stddev(polarity), count(*) FROM sel_quotes "
            "WHERE speaker <> '' GROUP BY ALL"
        )
    )  # quotes
    n += len(sel.table("quotes", 10_000))
    return n


def changes(ds) -> dict:
    import datetime as dt

    from dashboard.dataset import Filters

    ch = ds.choices()
    lo, hi = ch.date_range
    return {
        "no filter": Filters(),
        "date range": Filters(start=lo + (hi - lo) / 2, end=hi),
        "two outlets": Filters(outlets=ch.outlets[:2]),
        "one actor": Filters(actors=ch.actors[3:4]),
        "three speakers": Filters(speakers=ch.speakers[:3]),
        "polarity 0.1..1": Filters(polarity=(0.1, 1.0)),
        "copies once": Filters(once_per_story=True),
        "all at once": Filters(
            start=lo + (hi - lo) / 4,
            end=hi,
            outlets=ch.outlets[:3],
            polarity=(-0.5, 0.5),
            include_undated=False,
        ),
    } | ({"from Jan 2022": Filters(start=dt.date(2022, 1, 1))} if lo < dt.date(2022, 1, 1) < hi else {})


def probe(folder: str) -> dict:
    import psutil

    from dashboard.dataset import Dataset

    proc, peak, stop = psutil.Process(), [0], threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], proc.memory_info().rss)
            time.sleep(0.02)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    t0 = time.perf_counter()
    ds = Dataset.from_folder(folder)
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    ch = ds.choices()
    choices = time.perf_counter() - t0
    times = {}
    for name, f in changes(ds).items():
        t0 = time.perf_counter()
        page_queries(ds.select(f))
        times[name] = round((time.perf_counter() - t0) * 1000)
    warm = []
    for f in list(changes(ds).values())[:3]:  # the same selections again (their key tables kept)
        t0 = time.perf_counter()
        page_queries(ds.select(f))
        warm.append(round((time.perf_counter() - t0) * 1000))
    stop.set()
    th.join()
    return {
        "articles": ch.n_articles,
        "load_ms": round(load * 1000),
        "choices_ms": round(choices * 1000),
        "filter_change_ms": times,
        "median_ms": statistics.median(times.values()),
        "repeat_ms": warm,
        "peak_rss_MB": round(peak[0] / 1e6),
    }  # sampled: ru_maxrss would carry the parent's high-water mark


def data_path(folder: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--probe", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


# ---------------------------------------------------------------- the browser


WATCH = """() => { window.__runs = []; const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => window.__runs.push([app.getAttribute('data-test-script-state'), performance.now()]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }"""
DONE = """(t0) => { const r = window.__runs.filter(([s, t]) => t >= t0); const i = r.findIndex(([s]) => s === 'running');
  return i >= 0 && r.slice(i).some(([s]) => s === 'notRunning'); }"""
STARTED = """(t0) => window.__runs.some(([s, t]) => t >= t0 && s === 'running')"""
ELAPSED = """(t0) => { const r = window.__runs.filter(([s, t]) => t >= t0);
  return r.filter(([s]) => s === 'notRunning').map(([s, t]) => t).pop() - t0; }"""


# No run started this long after a click: the click was lost (it is clicked and timed again).
LOST_CLICK_MS = 5_000


def browser(folder: Path, n_changes: int = 10, executable: str = CHROMIUM) -> dict:
    """Median time from a click on a sidebar filter until the page stops running, in Chromium."""
    import psutil
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    peak, stop = [0], threading.Event()

    def sample(pid: int):  # the server's memory (the app and its DuckDB), every 50 ms
        proc = psutil.Process(pid)
        while not stop.is_set():
            try:
                peak[0] = max(peak[0], proc.memory_info().rss)
            except psutil.Error:
                return
            time.sleep(0.05)

    with serve(folder) as server:
        threading.Thread(target=sample, args=(server.proc.pid,), daemon=True).start()
        try:
            with chromium(executable) as b:
                page = b.new_page(viewport={"width": 1400, "height": 1000})
                t0 = time.perf_counter()
                page.goto(server.url)
                page.locator('[data-testid="stMetric"]').first.wait_for(timeout=300_000)
                page.wait_for_selector(
                    '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=300_000
                )
                first = time.perf_counter() - t0
                page.evaluate(WATCH)
                box = page.get_by_label("Count syndicated copies once")
                times = []
                lost = 0
                for _ in range(n_changes + 1):  # the first change warms the caches: not counted
                    for _attempt in range(3):  # a click landing as the page redraws is lost now and then
                        start = page.evaluate("performance.now()")
                        box.click(force=True)
                        try:
                            page.wait_for_function(STARTED, arg=start, timeout=LOST_CLICK_MS, polling=10)
                            break
                        except PlaywrightTimeout:
                            lost += 1
                    page.wait_for_function(DONE, arg=start, timeout=300_000, polling=10)
                    times.append(page.evaluate(ELAPSED, start))
                    page.wait_for_timeout(300)
        finally:
            stop.set()
    counted = times[1:]
    return {
        "first_page_s": round(first, 1),
        "changes": len(counted),
        "median_ms": round(statistics.median(counted)),
        "min_ms": round(min(counted)),
        "max_ms": round(max(counted)),
        "all_ms": [round(t) for t in counted],
        "clicks_lost": lost,
        "server_peak_rss_MB": round(peak[0] / 1e6),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--src", type=Path, default=default_src(), help="a processed output folder (default: %(default)s)"
    )
    ap.add_argument("--sizes", default="window,100000,1000000")
    ap.add_argument("--browser", default="window", help="sizes to time in Chromium ('' for none)")
    ap.add_argument("--changes", type=int, default=10)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "wirewatch-dash")
    ap.add_argument("--chromium", default=CHROMIUM, help="the Chromium executable (default: %(default)s)")
    ap.add_argument("--probe", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.probe:
        print(json.dumps(probe(args.probe)))
        return
    folders = {
        s: args.src if s == "window" else scale_folder(args.src, int(s), args.work / f"dash-{s}")
        for s in args.sizes.split(",")
        if s
    }
    report = {"load_average": os.getloadavg(), "cpus": os.cpu_count(), "data_path": {}, "browser": {}}
    for size, folder in folders.items():
        report["data_path"][size] = data_path(folder)
        print(size, "data path", json.dumps(report["data_path"][size]), flush=True)
    for size in [s for s in args.browser.split(",") if s]:
        report["browser"][size] = browser(
            folders.get(size) or scale_folder(args.src, int(size), args.work / f"dash-{size}"),
            args.changes,
            args.chromium,
        )
        print(size, "browser", json.dumps(report["browser"][size]), flush=True)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
