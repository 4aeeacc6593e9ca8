"""The engines give the same tables: one process, a process pool, a Dask LocalCluster, incremental runs."""

from __future__ import annotations

import json
import shutil
import threading

import pandas as pd
import pytest

import analysis.shards as shards_mod
from analysis.io import read_tables
from analysis.pipeline import MANIFEST, Config, analyse, run
from tests.conftest import SAMPLE

LOCAL = Config(workers=1, progress=False)


def assert_same_tables(a: dict, b: dict) -> None:
    for name in ("articles", "mentions", "troops", "quotes", "rejects", "repeats"):
        pd.testing.assert_frame_equal(
            a[name].reset_index(drop=True), b[name].reset_index(drop=True), obj=name
        )


def extra_rows(lo: int, hi: int) -> list[dict]:
    return [
        {
            "id": f"x{i}",
            "date": f"2022-01-{i % 28 + 1:02d}",
            "title": f"Extra {i}",
            "text": f'Extra story {i}. "We will not accept this," Lavrov said. Russia has massed {90 + i},000 troops '
            f"near Ukraine, Kuleba said on Monday. Blinken met Stoltenberg in Brussels.",
        }
        for i in range(lo, hi)
    ]


def write_jsonl(path, rows, bad_line_at: int | None = None) -> None:
    lines = [json.dumps(r) for r in rows]
    if bad_line_at is not None:
        lines.insert(bad_line_at, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def corpus(tmp_path):
    """The sample articles, a repeat of one of them, and extra articles as JSON Lines (one malformed line)."""
    folder = tmp_path / "in"
    shutil.copytree(SAMPLE, folder)
    shutil.copy(SAMPLE / "000_94eda27ce82fadf4.txt", folder / "zz_repeat.txt")
    write_jsonl(folder / "extra.jsonl", extra_rows(0, 3))
    return folder


@pytest.fixture
def sharded(tmp_path, monkeypatch):
    """A JSON Lines file cut into many shards (a small shard size), with a malformed line in a later shard."""
    monkeypatch.setattr(shards_mod, "SHARD_BYTES", 1500)
    src = tmp_path / "big.jsonl"
    rows = extra_rows(0, 40) + [
        dict(r, id=f"again{i}") for i, r in enumerate(extra_rows(0, 3))
    ]  # exact repeats
    write_jsonl(src, rows, bad_line_at=25)
    assert len(shards_mod.plan_shards([src])) > 5
    return src


def test_incremental_run_analyses_only_new_articles_and_equals_a_full_run(tmp_path, corpus):
    out = tmp_path / "out"
    first = run([corpus], out, cfg=LOCAL)
    assert first.reused == 0 and len(first.articles) == 8 and first.exact_duplicates == 1
    assert json.loads((out / MANIFEST).read_text())["articles"] == 8
    write_jsonl(corpus / "more.jsonl", extra_rows(3, 6))
    second = run([corpus], out, cfg=LOCAL)
    assert second.reused == 8 and len(second.articles) == 11
    full = run([corpus], tmp_path / "full", cfg=Config(workers=1, progress=False, incremental=False))
    assert full.reused == 0
    assert_same_tables(read_tables(out), read_tables(tmp_path / "full"))


def test_changed_lexicon_means_no_reuse(tmp_path, corpus):
    out = tmp_path / "out"
    run([corpus], out, cfg=LOCAL)
    actors = tmp_path / "actors.csv"
    actors.write_text("name,type,aliases\nJane Roe,person,Jane Roe|Roe\n", encoding="utf-8")
    again = run([corpus], out, cfg=Config(workers=1, progress=False, actors_file=str(actors)))
    assert again.reused == 0


def test_exact_repeats_are_listed(tmp_path, corpus):
    res = run([corpus], tmp_path / "out", cfg=LOCAL)
    repeats = read_tables(tmp_path / "out")["repeats"]
    assert repeats["source"].str.endswith("zz_repeat.txt").tolist() == [True]
    first = res.table("articles").set_index("article_id").loc[repeats["article_id"].iloc[0], "source"]
    assert first.endswith("000_94eda27ce82fadf4.txt")


def test_pool_on_shards_equals_one_process(tmp_path, sharded):
    one = run([sharded], tmp_path / "one", cfg=LOCAL)
    run([sharded], tmp_path / "pool", cfg=Config(workers=2, progress=False))
    assert one.counts["articles"] == 40 and one.exact_duplicates == 3
    ta, tb = read_tables(tmp_path / "one"), read_tables(tmp_path / "pool")
    assert_same_tables(ta, tb)
    assert ta["rejects"]["source"].tolist() == [
        f"{sharded}::line26"
    ]  # line numbers count from the file's start
    assert len(ta["repeats"]) == 3


def test_shards_cut_at_line_ends_and_cover_the_file(tmp_path, sharded):
    shards = shards_mod.plan_shards([sharded])
    assert shards[0].start == 0 and shards[-1].end == sharded.stat().st_size
    data = sharded.read_bytes()
    for a, b in zip(shards, shards[1:], strict=False):
        assert a.end == b.start and data[a.end - 1 : a.end] == b"\n"
        assert b.first == data[: b.start].count(b"\n") + 1


def test_dask_engine_on_a_local_cluster_equals_the_local_engine(tmp_path, corpus, sharded):
    pytest.importorskip("dask.distributed")
    inputs = [corpus, sharded]
    run(inputs, tmp_path / "local", cfg=LOCAL)
    dask = Config(workers=2, progress=False, engine="dask")
    res = run(inputs, tmp_path / "dask", cfg=dask)
    assert res.reused == 0 and len(res.quotes) > 0
    assert_same_tables(read_tables(tmp_path / "local"), read_tables(tmp_path / "dask"))
    # an incremental run on Dask over a folder the local engine made: everything reused, the same tables
    write_jsonl(corpus / "more.jsonl", extra_rows(100, 103))
    again = run(inputs, tmp_path / "local", cfg=dask)
    assert again.reused == res.counts["articles"]
    full = run(inputs, tmp_path / "full", cfg=LOCAL)
    assert_same_tables(read_tables(tmp_path / "local"), read_tables(tmp_path / "full"))
    assert full.counts["articles"] == res.counts["articles"] + 3


def test_two_lexicons_in_two_threads_each_get_their_own(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text(
        "Officials of XQZB met officials of YWVC in Vienna. XQZB spoke first, then YWVC.\n", encoding="utf-8"
    )
    lexicons = {}
    for name in ("XQZB", "YWVC"):  # organisations: only a lexicon finds them (people are also discovered)
        f = tmp_path / f"{name}.csv"
        f.write_text(f"name,type,aliases\n{name},organization,{name}\n", encoding="utf-8")
        lexicons[name] = str(f)
    results: dict[str, set] = {}
    barrier = threading.Barrier(2)

    def analyse_with(name: str) -> None:
        barrier.wait()
        for _ in range(5):
            res = analyse(
                [text], Config(workers=1, progress=False, actors_file=lexicons[name], actors_mode="replace")
            )
            results.setdefault(name, set()).update(res.mentions["actor"])

    threads = [threading.Thread(target=analyse_with, args=(n,)) for n in lexicons]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {"XQZB": {"XQZB"}, "YWVC": {"YWVC"}}


def import_graph() -> dict[str, set[str]]:
    """Which modules of the analysis package each module imports (from its source)."""
    import ast

    root = SAMPLE.parent.parent / "analysis"
    graph = {}
    for f in root.rglob("*.py"):
        mod = ".".join(("analysis", *f.relative_to(root).with_suffix("").parts)).removesuffix(".__init__")
        pkg = mod if f.name == "__init__.py" else mod.rsplit(".", 1)[0]
        deps = set()
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = pkg.rsplit(".", node.level - 1)[0] if node.level > 1 else pkg
                target = f"{base}.{node.module}" if node.module else base
                deps.update({target} if node.module else {f"{base}.{a.name}" for a in node.names})
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names if a.name.startswith("analysis"))
        graph[mod] = {d for d in deps if d != mod}
    return graph


def test_no_import_cycles_and_the_engines_never_import_the_driver():
    graph = import_graph()
    assert "analysis.engines.local" in graph and "analysis.pipeline" in graph
    for mod in graph:
        if mod.startswith("analysis.engines"):
            assert "analysis.pipeline" not in graph[mod], mod

    def reaches(
        start: str, goal: str
    ) -> bool:  # the package's __init__ (the public API) is not a module here
        todo, seen = [start], set()
        while todo:
            for d in graph.get(todo.pop(), ()):
                if d == goal:
                    return True
                if d not in seen and d != "analysis":
                    seen.add(d)
                    todo.append(d)
        return False

    assert [m for m in graph if m != "analysis" and reaches(m, m)] == []
    assert reaches("analysis.pipeline", "analysis.engines.local") and not reaches(
        "analysis.engines", "analysis.pipeline"
    )


def test_incremental_run_on_a_csv_folder_reuses_it_and_equals_a_full_run(tmp_path, corpus):
    out = tmp_path / "out"
    run([corpus], out, "csv", cfg=LOCAL)
    write_jsonl(corpus / "more.jsonl", extra_rows(3, 6))
    second = run([corpus], out, "csv", cfg=LOCAL)
    assert second.reused == 8
    run([corpus], tmp_path / "full", "csv", cfg=Config(workers=1, progress=False, incremental=False))
    assert_same_tables(read_tables(out), read_tables(tmp_path / "full"))
