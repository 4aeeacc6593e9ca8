"""The benchmark script's helpers keep working (its timings are not asserted)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from analysis.io import read_tables

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "run.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_build_corpus_makes_distinct_articles(tmp_path):
    rows = [{"id": "a", "text": "One story."}, {"id": "b", "text": "Two story."}]
    dest = tmp_path / "c.jsonl"
    size = bench.build_corpus(rows, 5, dest)
    out = [json.loads(line) for line in dest.read_text(encoding="utf-8").splitlines()]
    assert len(out) == 5 and len({r["id"] for r in out}) == 5 and len({r["text"] for r in out}) == 5
    assert size == sum(len(r["text"].encode()) for r in out)


def test_scale_tables_multiplies_rows(tmp_path, sample_out):
    bench.scale_tables(sample_out, 12, tmp_path / "big")
    big, small = read_tables(tmp_path / "big"), read_tables(sample_out)
    assert len(big["articles"]) == 12 and big["articles"]["article_id"].is_unique
    assert len(big["quotes"]) == pytest.approx(len(small["quotes"]) * 12 / 5, rel=0.5)


def test_stage_profile_runs(tmp_path):
    rows = [{"id": str(i), "text": f"\"We are ready,\" Lavrov said. Russia has massed {90 + i},000 troops."}
            for i in range(5)]
    res = bench.bench_stages(rows, 5)
    assert {"read+parse", "actors", "troops", "quotes", "sentiment", "write"} <= set(res)
