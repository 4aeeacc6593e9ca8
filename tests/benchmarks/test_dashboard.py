"""benchmarks/dashboard.py: the dashboard benchmark's data path keeps working (its timings are not asserted)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from analysis.io import read_tables

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench_dashboard", ROOT / "benchmarks" / "dashboard.py")
dash = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dash)


def test_dashboard_probe_scales_a_folder_and_times_its_filters(tmp_path, sample_out):
    """benchmarks/dashboard.py: the sample replicated to 12 articles (distinct ids, child rows following), then
    the data-path probe in its own process over it."""
    big = dash.scale_folder(sample_out, 12, tmp_path / "big")
    tables, small = read_tables(big), read_tables(sample_out)
    assert len(tables["articles"]) == 12 and tables["articles"]["article_id"].is_unique
    assert set(tables["quotes"]["article_id"]) <= set(tables["articles"]["article_id"])
    assert len(tables["quotes"]) == pytest.approx(len(small["quotes"]) * 12 / 5, rel=0.5)
    res = dash.data_path(big)
    assert res["articles"] == 12 and res["filter_change_ms"] and res["peak_rss_MB"] > 0
