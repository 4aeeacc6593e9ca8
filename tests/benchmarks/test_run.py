"""benchmarks/run.py: the benchmark script's helpers keep working (its timings are not asserted)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from analysis.io import read_tables

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "run.py")
bench = importlib.util.module_from_spec(spec)
sys.modules["bench"] = bench  # its functions travel to worker processes by name
spec.loader.exec_module(bench)


def test_build_corpus_makes_distinct_articles(tmp_path):
    rows = [{"id": "a", "text": "One story."}, {"id": "b", "text": "Two story."}]
    dest = tmp_path / "c.jsonl"
    size = bench.build_corpus(rows, 5, dest)
    out = [json.loads(line) for line in dest.read_text(encoding="utf-8").splitlines()]
    assert len(out) == 5 and len({r["id"] for r in out}) == 5 and len({r["text"] for r in out}) == 5
    assert size == sum(len(r["text"].encode()) for r in out)


def test_stage_profile_runs(tmp_path):
    rows = [
        {"id": str(i), "text": f'"We are ready," Lavrov said. Russia has massed {90 + i},000 troops.'}
        for i in range(5)
    ]
    res = bench.bench_stages(rows, 5)
    assert {"read+parse", "actors", "troops", "quotes", "sentiment", "write"} <= set(res)


def test_ceiling_compares_one_process_with_several():
    res = bench.bench_ceiling(2, n=3_000_000)
    # no upper bound: on a loaded machine the one-process loop can be slowed more than the pair (2.97x seen)
    assert res["processes"] == 2 and res["one_s"] > 0 and res["n_s"] > 0
    assert res["ceiling_speedup"] == pytest.approx(2 * res["one_s"] / res["n_s"], rel=0.05)  # (rounded times)


def test_summary_reports_the_pool_against_the_ceiling_and_the_peer():
    one = {
        "articles": 10,
        "MB": 1.0,
        "MB_per_s": 1.0,
        "MB_per_cpu_s": 1.2,
        "seconds": 10.0,
        "peak_rss_MB": 300,
        "cpu_s": 8.0,
    }
    first = {
        "ceiling": {"processes": 2, "ceiling_speedup": 1.2},
        "one_process": one,
        "pool": {**one, "workers": 2, "seconds": 9.0, "MB_per_s": 1.11, "cpu_s": 8.8},
    }
    second = {
        "ceiling": {"processes": 2, "ceiling_speedup": 1.5},
        "one_process": {**one, "seconds": 12.0, "MB_per_cpu_s": 1.5},
        "pool": {**one, "workers": 2, "seconds": 8.0, "cpu_s": 8.4},
    }
    report = {
        **first,
        "rounds": [first, second],
        "peer": {"articles": 5, "MB_per_s": 0.02, "MB_per_cpu_s": 0.03, "MB_per_s_after_start_up": 0.04},
        "pipeline": [],
    }
    text = "\n".join(bench.summarise(report))
    assert "= 93%" in text  # (10 / 9) / 1.2
    assert "(1.10x the CPU seconds of 1 process)" in text  # 8.8 / 8.0
    assert "| 1 process / peer | 50x wall clock, 40x per CPU second |" in text
    assert "| round 2: ceiling 1.50x;" in text and "1.50x / 1.50x = 100%" in text  # (12 / 8) / 1.5
    assert "(1.05x the CPU seconds)" in text  # 8.4 / 8.0
    assert "| 1 process / peer, round 2 | 50x wall clock, 50x per CPU second |" in text


def test_compare_outputs_finds_equal_and_differing_tables(tmp_path, sample_out):
    from analysis.io import write_tables

    tables = read_tables(sample_out)
    write_tables(tables, tmp_path / "same")
    changed = {**tables, "quotes": tables["quotes"].assign(polarity=tables["quotes"]["polarity"] + 1e-9)}
    write_tables(changed, tmp_path / "other")
    assert set(bench.compare_outputs(sample_out, tmp_path / "same").values()) == {"equal"}
    res = bench.compare_outputs(sample_out, tmp_path / "other")
    assert res["quotes"] != "equal" and res["mentions"] == "equal"
