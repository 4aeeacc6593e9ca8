"""End to end: a real `streamlit run` server and a real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from benchmarks.browser import CHROMIUM, chromium, serve
from dashboard.wording import counted

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (apt-get install -y chromium)"
    ),
]


def _serve(folder: Path | None):
    with serve(
        folder
    ) as s:  # benchmarks/browser.py: ServerError (with the server's log) when it never answers
        yield s.url


@pytest.fixture(scope="module")
def server():
    yield from _serve(None)


@pytest.fixture(scope="module")
def awkward_server(awkward_out):
    yield from _serve(awkward_out)


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def _articles_metric(page) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Articles").first
    metric.wait_for(timeout=90_000)
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _wait_idle(page) -> None:
    page.wait_for_timeout(500)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=90_000)


def test_filter_link_every_view_download(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(server)
    assert _articles_metric(page) == "5"

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

    # every view, unfiltered, draws without an error (the README's screenshots: scripts/screenshots.py)
    page.goto(server)
    _articles_metric(page)
    for name in ("Overview", "Actors", "Troop figures", "Quotes & sentiment", "Article reader"):
        page.get_by_role("tab", name=name).click()
        _wait_idle(page)
        page.wait_for_timeout(1500)
        assert not page.locator('[data-testid="stException"]').count(), name

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


# ---------------------------------------------------------------- clicks list the clicked series only (issue 10 #4)


@pytest.fixture(scope="module")
def click_folder(request) -> Path:
    """A processed real corpus (every 8th window article) when ../shared is present, else the awkward fixture."""
    try:
        return request.getfixturevalue("real_out")
    except pytest.skip.Exception:
        return request.getfixturevalue("awkward_out")


@pytest.fixture(scope="module")
def folder_server(click_folder):
    yield from _serve(click_folder)


def _largest_point(page, chart: int, trace_filter: str) -> tuple[int, int, str, str]:
    """(trace, point, series, bucket) of the largest point of the chart's traces passing ``trace_filter`` (JS);
    the trace counts among the traces drawn in its layer (bars or scatters), the point among the trace's drawn
    points (a line's break draws none), as the SVG holds them."""
    charts = "document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .js-plotly-plot')"
    page.wait_for_function(
        f"() => {{ const g = {charts}[{chart}]; return g && g._fullData; }}", timeout=90_000
    )  # Plotly draws after the page stops running
    return tuple(
        page.evaluate(f"""() => {{
        const gd = document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')[{chart}];
        let best = null;
        gd._fullData.forEach((t, i) => {{ if (!t.customdata || !({trace_filter})) return;  // y decoded
            let k = 0;  // the point's number among the drawn ones (a line's break, y null, draws none)
            Array.from(t.y).forEach((y, j) => {{ if (y === null) return;
              if (!best || y > best[4]) best = [i, k, t.customdata[j][0], t.customdata[j][1], y]; k += 1; }}); }});
        return best.slice(0, 4); }}""")
    )


def _listed(page, caption_text: str, n_columns: int) -> tuple[str, list[list[str]]]:
    """The caption naming the clicked series and the rows of the table under it (as its cells render)."""
    caption = page.locator('[data-testid="stCaptionContainer"]').filter(has_text=caption_text).first
    caption.wait_for(timeout=60_000)
    table = caption.locator("xpath=following::*[@data-testid='stDataFrame'][1]")
    table.locator("td").first.wait_for(
        state="attached", timeout=30_000
    )  # the grid's cells: an offscreen table
    cells = [(c.text_content() or "").strip() for c in table.locator("td").all()]
    return caption.inner_text(), [cells[i : i + n_columns] for i in range(0, len(cells), n_columns)]


def test_a_click_lists_the_clicked_series_rows_only(folder_server, browser, click_folder):
    import duckdb

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(folder_server + "/?freq=month")
    _articles_metric(page)
    _wait_idle(page)

    # a coverage bar of one outlet in one month: its articles, no other outlet's
    trace, point, outlet, month = _largest_point(page, 0, "t.type === 'bar'")
    page.locator('[data-testid="stPlotlyChart"]').first.locator(".barlayer .trace").nth(trace).locator(
        ".point path"
    ).nth(point).click(force=True)
    caption, rows = _listed(page, f"behind {outlet}, month of {month}", 4)  # published, outlet, title, source
    arts = str(click_folder / "articles.parquet")
    n = duckdb.execute(
        f"SELECT count(*) FROM '{arts}' WHERE outlet = ? AND date_trunc('month', published::DATE) = ?::DATE",
        [outlet, month],
    ).fetchone()[0]
    every = duckdb.execute(
        f"SELECT count(*) FROM '{arts}' WHERE date_trunc('month', published::DATE) = ?::DATE", [month]
    ).fetchone()[0]
    assert (
        caption.startswith(f"{counted(n, 'articles')} behind") and n < every
    )  # other outlets wrote then too
    assert rows and {r[1] for r in rows} == {outlet} and all(r[0].startswith(month[:7]) for r in rows)

    # one speaker's point on the tone chart: that speaker's quotes in that month only
    page.get_by_role("tab", name="Quotes & sentiment").click()
    _wait_idle(page)
    charts_js = "Array.from(document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .js-plotly-plot'))"
    find_tone = f"() => {charts_js}.findIndex(g => g._fullData && (g.layout.title.text || '').includes('Mean quote tone ('))"
    page.wait_for_function(
        f"() => ({find_tone})() >= 0", timeout=90_000
    )  # only the open tab runs: it draws now
    _wait_idle(page)
    tone = page.evaluate(find_tone)
    trace, point, speaker, month = _largest_point(
        page, tone, "t.mode === 'lines+markers' && t.name !== 'all quotes'"
    )
    page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').nth(tone).locator(
        ".scatterlayer .trace"
    ).nth(trace).locator(".points path").nth(point).click(force=True)
    caption, rows = _listed(page, f"behind {speaker}, month of {month}", 7)  # QUOTE_COLUMNS
    assert caption.split(" behind ")[0].endswith(("1 quote", "quotes"))  # '1 quote', '12 quotes
    assert rows and {r[2] for r in rows} == {speaker} and all(r[0].startswith(month[:7]) for r in rows)
    assert not page.locator('[data-testid="stException"]').count()
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
    for part in (
        "dates=2021-12-01&dates=2022-01-31",
        "outlets=Fox+News&outlets=Reuters",
        "actors=Antony+Blinken",
        "speakers=Antony+Blinken",
        "polarity=0.1&polarity=0.25",
    ):
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
    row = {
        "id": f"![](http://{host}/id.gif)",
        "url": f"http://x.org/![](http://{host}/url.gif)",
        "outlet": f"Out ![](http://{host}/outlet.gif)",
        "title": f"![](http://{host}/title.gif) {md}",
        "date": "2022-01-05",
        "text": "Russia has massed 100,000 troops near Ukraine, Blinken said.\n\n" + md,
    }
    (d / "m.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-out")
    run([d], out, "parquet", Config(workers=1, progress=False))
    for url in _serve(out):
        yield url, md


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


# ---------------------------------------------------------------- a click on any troop marker lists its figures (issue 23)

TROOP_POINTS = """() => {
  const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
  const out = [];
  gd._fullData.forEach((t, i) => {
    if (t.type !== 'scatter' || !t.x || !t.marker) return;
    let k = 0;  // the drawn point's number among the trace's drawn points (a gap draws none)
    Array.from(t.y).forEach((y, j) => {
      if (y === null || y === undefined) return;
      const c = t.customdata ? t.customdata[j] : null;
      out.push([i, k, c ? c[0] : null, c ? c[1] : String(t.x[j]).slice(0, 10), t.name || '']);
      k += 1;
    });
  });
  return out; }"""


def test_every_click_on_a_troop_marker_lists_its_figures(folder_server, browser):
    """About one click in five on a troop marker selected nothing: the median of all figures, drawn over the
    claimants' markers at their bucket, carried no series to list. Clicked at their centres, one after another
    as a reader does (each once the page is idle), markers spread over every trace of the chart each list the
    figures of their bucket (of their claimant, or of a neighbour's marker drawn over it)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(folder_server + "/?tab=Troop+figures")
    page.get_by_role("tab", name="Troop figures").wait_for(timeout=90_000)
    _idle(page)
    page.wait_for_function(
        "() => { const g = document.querySelector('[data-testid=\"stPlotlyChart\"] .js-plotly-plot');"
        " return g && g._fullData; }",
        timeout=90_000,
    )
    points = page.evaluate(TROOP_POINTS)
    chosen = points[:: max(1, len(points) // 30)][:30]
    medians = [p for p in points if p[-1] == "median of all figures"]
    if medians and medians[0] not in chosen:  # the spread may step over the median's markers: click one too
        chosen.append(medians[0])
    assert len(chosen) >= 5 and any(name == "median of all figures" for *_, name in chosen)
    misses = []
    for trace, k, _series, bucket, name in chosen:
        chart = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').first
        chart.locator(".scatterlayer .trace").nth(trace).locator(".points path").nth(k).click(force=True)
        page.wait_for_timeout(1000)
        _idle(page)
        page.wait_for_timeout(1000)
        said = page.locator('[data-testid="stCaptionContainer"]').filter(has_text="behind").all_inner_texts()
        if not said or f", week of {bucket}" not in said[0] or not said[0][:1].isdigit():
            misses.append((name, bucket, said[:1]))
    assert not misses, f"{len(misses)} of {len(chosen)} clicks listed nothing: {misses}"
    page.close()
