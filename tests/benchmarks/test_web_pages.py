"""benchmarks/web_pages.py: the web-pages benchmark's helpers keep working (its timings are not asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench_web", ROOT / "benchmarks" / "web_pages.py")
bench_web = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_web)


def test_build_pages_makes_distinct_pages_and_their_text_files(tmp_path):
    from analysis.pipeline import Config, analyse

    html_bytes, text_bytes = bench_web.build_pages(2, tmp_path / "html", tmp_path / "txt")
    assert len(list((tmp_path / "html").glob("*.html"))) == len(list((tmp_path / "txt").glob("*.txt"))) == 30
    assert html_bytes > text_bytes > 0
    pages = analyse([tmp_path / "html"], Config(workers=1, progress=False))
    texts = analyse([tmp_path / "txt"], Config(workers=1, progress=False))
    assert len(pages.articles) == len(texts.articles) == 30 and not pages.rejects
    assert len(pages.quotes) == len(texts.quotes)


def test_fetch_benchmark_runs(tmp_path):
    bench_web.build_pages(1, tmp_path / "html", tmp_path / "txt")
    res = bench_web.bench_fetch(tmp_path / "html", tmp_path, limit=4)
    assert res["fetch"]["pages"] == res["rerun from cache"]["pages"] == 4
