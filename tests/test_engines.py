"""The Dask engine and incremental runs give the same tables as a full local run."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from analysis.io import read_tables
from analysis.pipeline import MANIFEST, Config, run
from tests.conftest import SAMPLE

LOCAL = Config(workers=1, progress=False)


def assert_same_tables(a: dict, b: dict) -> None:
    for name in ("articles", "mentions", "troops", "quotes", "rejects"):
        pd.testing.assert_frame_equal(a[name].reset_index(drop=True), b[name].reset_index(drop=True), obj=name)


@pytest.fixture
def corpus(tmp_path):
    """The sample articles plus extra articles as JSON Lines, split into an old and a new part."""
    folder = tmp_path / "in"
    shutil.copytree(SAMPLE, folder)
    rows = [{"id": f"x{i}", "date": f"2022-01-{i + 1:02d}", "title": f"Extra {i}",
             "text": f"Extra story {i}. \"We will not accept this,\" Lavrov said. Russia has massed {90 + i},000 troops "
                     f"near Ukraine, Kuleba said on Monday. Blinken met Stoltenberg in Brussels."} for i in range(6)]
    (folder / "extra.jsonl").write_text("\n".join(json.dumps(r) for r in rows[:3]) + "\n", encoding="utf-8")
    return folder, rows


def test_incremental_run_analyses_only_new_articles_and_equals_a_full_run(tmp_path, corpus):
    folder, rows = corpus
    out = tmp_path / "out"
    first = run([folder], out, cfg=LOCAL)
    assert first.reused == 0 and len(first.articles) == 8
    assert json.loads((out / MANIFEST).read_text())["articles"] == 8
    (folder / "more.jsonl").write_text("\n".join(json.dumps(r) for r in rows[3:]) + "\n", encoding="utf-8")
    second = run([folder], out, cfg=LOCAL)
    assert second.reused == 8 and len(second.articles) == 11
    full = run([folder], tmp_path / "full", cfg=Config(workers=1, progress=False, incremental=False))
    assert full.reused == 0
    assert_same_tables(read_tables(out), read_tables(tmp_path / "full"))


def test_changed_lexicon_means_no_reuse(tmp_path, corpus):
    folder, _ = corpus
    out = tmp_path / "out"
    run([folder], out, cfg=LOCAL)
    actors = tmp_path / "actors.csv"
    actors.write_text("name,type,aliases\nJane Roe,person,Jane Roe|Roe\n", encoding="utf-8")
    again = run([folder], out, cfg=Config(workers=1, progress=False, actors_file=str(actors)))
    assert again.reused == 0


def test_dask_engine_on_a_local_cluster_equals_the_local_engine(tmp_path, corpus):
    pytest.importorskip("dask.distributed")
    folder, _ = corpus
    run([folder], tmp_path / "local", cfg=LOCAL)
    res = run([folder], tmp_path / "dask", cfg=Config(workers=2, progress=False, engine="dask"))
    assert res.reused == 0 and len(res.quotes) > 0
    assert not list((tmp_path / "dask").glob(".wirewatch-dask-*"))
    assert_same_tables(read_tables(tmp_path / "local"), read_tables(tmp_path / "dask"))
