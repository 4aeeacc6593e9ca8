"""dashboard/data.py: uploads analysed with progress, an uploaded actor list, saved web pages, and URL lists only
when the operator allows fetching."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.fetch import FETCH_OFF
from dashboard import data
from dashboard.uploads import UploadedFile
from tests.analysis.test_fetch import Site
from tests.conftest import SAMPLE
from tests.make_html_samples import render


@pytest.fixture
def site():
    with Site() as s:
        yield s


@pytest.fixture
def uploads(site, tmp_path):
    page = tmp_path / "saved.html"
    page.write_text(render(SAMPLE / "003_b696d36f1c6d484c.txt", "amp"), encoding="utf-8")
    urls = tmp_path / "urls.txt"
    urls.write_text(f"{site.url('/news/0')}\n{site.url('/news/1')}\n", encoding="utf-8")
    return [page, urls]


def test_upload_types_include_web_pages(monkeypatch):
    assert {"html", "htm", "txt", "csv"} <= set(data.UPLOAD_TYPES)
    monkeypatch.delenv("WIREWATCH_ALLOW_FETCH", raising=False)
    assert "not fetched here" in data.upload_help()
    monkeypatch.setenv("WIREWATCH_ALLOW_FETCH", "1")
    assert "is fetched" in data.upload_help()


def test_the_upload_says_whether_urls_are_fetched(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv("WIREWATCH_ALLOW_FETCH", raising=False)
    at = AppTest.from_file(str(Path(data.__file__).with_name("app.py")), default_timeout=120).run()
    assert not at.exception
    [upload] = [w for w in at.get("file_uploader") if w.proto.label.startswith("…or analyse files")]
    assert "html" in list(upload.proto.type) or ".html" in list(upload.proto.type)
    assert "not fetched here" in upload.proto.help


@pytest.mark.parametrize("allow", ["", "0", "no"])
def test_url_lists_are_refused_unless_the_operator_allows_fetching(allow, uploads, site, monkeypatch):
    monkeypatch.setenv("WIREWATCH_ALLOW_FETCH", allow)
    tables = data.analyse_files(uploads)
    assert tables["articles"]["source"].str.endswith("saved.html").tolist() == [True]
    assert tables["rejects"]["reason"].tolist() == [f"a list of 2 URLs: not fetched ({FETCH_OFF})"]
    assert not site.hits


def test_allowed_fetching_reaches_public_addresses_only(uploads, site, monkeypatch):
    monkeypatch.setenv("WIREWATCH_ALLOW_FETCH", "1")
    tables = data.analyse_files(uploads)
    assert len(tables["articles"]) == 1
    assert set(tables["rejects"]["reason"]) == {
        "not fetched: 127.0.0.1 is a private or local address (127.0.0.1)"
    }
    assert not site.hits


def test_local_fetching_when_the_operator_runs_it_on_their_machine(uploads, site, monkeypatch, tmp_path):
    monkeypatch.setenv("WIREWATCH_ALLOW_FETCH", "local")
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # the fetch cache lives in the temporary folder
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    tables = data.analyse_files(uploads)
    assert len(tables["articles"]) == 3 and not len(tables["rejects"])
    assert set(tables["articles"]["outlet"]) == {"Wire News", "The Straits Times"}
    assert site.hits["/news/0"] == site.hits["/news/1"] == 1


def test_uploaded_files_are_analysed_with_progress():
    files = tuple((p.name, p.read_bytes()) for p in sorted(SAMPLE.glob("*.txt"))) + (
        ("bad.bin", b"\x00\x01"),
    )
    seen = []
    data.UPLOADS.clear()  # analysed here, not taken from the cache
    t = data.uploaded_tables([UploadedFile(n, b) for n, b in files], None, lambda d, n: seen.append((d, n)))
    assert len(t["articles"]) == 5 and seen[-1] == (6, 6)  # progress counts inputs, the rejected one too
    assert (
        t["rejects"]["source"].tolist() == ["upload/bad.bin"] and "binary" in t["rejects"]["reason"].iloc[0]
    )


def test_the_dashboard_takes_an_actor_list():
    extra = b"name,type,aliases\nIsabelle Khurshudyan,person,Isabelle Khurshudyan|Khurshudyan\n"
    t = data.sample_tables.__wrapped__(extra)
    assert "Isabelle Khurshudyan" in set(t["mentions"]["actor"].astype(str))
    with pytest.raises(ValueError, match="type"):
        data.sample_tables.__wrapped__(b"name,type\nX,planet\n")


def test_an_upload_is_analysed_within_the_command_lines_budget_per_article(tmp_path, monkeypatch):
    """Issue 22 item 8: the app analyses uploads in a session's thread, where SIGALRM cannot reach; an article
    held the session for as long as it took. The budget now holds in any thread."""
    import inspect
    import json
    import threading
    import time

    import analysis.extract as ex
    from analysis.pipeline import Config

    assert inspect.signature(data.analyse_files).parameters["budget_s"].default == ex.BUDGET_S
    assert Config().budget_s == ex.BUDGET_S  # the command line's default
    real = ex.analyse_article

    def slow_on_marker(article, *a, **k):
        while "STALL" in article.text:  # Python steps, as the extractors take
            time.sleep(0.01)
        return real(article, *a, **k)

    monkeypatch.setattr(ex, "analyse_article", slow_on_marker)
    src = tmp_path / "in.jsonl"
    rows = [
        {"id": "slow", "text": "STALL. Lavrov said so."},
        {"id": "ok", "text": '"We are ready," Blinken said.'},
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    got: dict = {}

    def session():  # as Streamlit runs the page: not the main thread
        got["tables"] = data.analyse_files([src], budget_s=0.5)
        time.sleep(0.7)  # the timer of the article that finished in time fires into nothing
        got["after"] = "no stray interruption"

    t0 = time.perf_counter()
    thread = threading.Thread(target=session, daemon=True)
    thread.start()
    thread.join(60)
    assert not thread.is_alive() and time.perf_counter() - t0 < 30
    tables = got["tables"]
    assert len(tables["articles"]) == 2 and len(tables["quotes"]) == 1
    assert list(tables["rejects"]["source"]) == [f"{src}::slow"]
    assert "longer than the 0.5 s budget" in tables["rejects"]["reason"][0]
    assert got["after"] == "no stray interruption"
