"""Bad and hostile input: every input becomes articles or a reject with a reason; nothing crashes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.io import ReadOptions, iter_inputs, read_tables
from analysis.pipeline import Config, analyse, analyse_article
from analysis.schemas import Article, RawDoc, Reject
from tests.conftest import SAMPLE

GOOD = "Russia has massed 100,000 troops near Ukraine, Blinken said. \"We are worried,\" he said."


def read(paths, opts=None):
    items = list(iter_inputs(paths, opts))
    return [i for i in items if isinstance(i, RawDoc)], [i for i in items if isinstance(i, Reject)]


def run_cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "analysis", "run", *map(str, args), "--no-progress"],
                          capture_output=True, text=True, check=False, **kw)


@pytest.mark.parametrize("name, data, expect", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n\t\n", "empty"),
    ("binary.txt", bytes(range(256)) * 4, "binary"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("bad.parquet", b"PAR1 not really", "Parquet"),
    ("bad.zip", b"PK\x03\x04 truncated", "zip"),
    ("bad.json", b"{\"text\": ", "malformed JSON"),
    ("notext.csv", b"title,date\nA,2022-01-01\n", "no text column"),
    ("notext.jsonl", b"{\"title\": \"A\"}\n", "no text column"),
    ("empty.jsonl", b"\n\n", "no JSON objects"),
])
def test_unreadable_files_become_rejects(tmp_path, name, data, expect):
    p = tmp_path / name
    p.write_bytes(data)
    docs, rejects = read([p])
    assert not docs
    assert len(rejects) == 1 and expect in rejects[0].reason, rejects


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_non_utf8_text_is_read(tmp_path, encoding):
    text = "Zelensky said “no” to Moscow’s café demands." if encoding != "latin-1" else "Zelensky dit café à Moscou."
    p = tmp_path / f"a-{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    (doc,), rejects = read([p])
    assert doc.text == text and not rejects


def test_malformed_rows_are_rejected_with_line_numbers(tmp_path):
    c = tmp_path / "a.csv"
    c.write_text('id,text\n1,"good one"\n2,"bad, "quote" here\n3,too,many,fields\n4,"good two"\n', encoding="utf-8")
    docs, rejects = read([c])
    assert [d.text for d in docs][0] == "good one" and docs[-1].text == "good two"
    assert rejects and all("line" in r.reason for r in rejects)
    j = tmp_path / "a.jsonl"
    j.write_text('{"text": "good one"}\n{"text": \n[1, 2]\n{"text": ""}\n{"text": "good two"}\n', encoding="utf-8")
    docs, rejects = read([j])
    assert [d.text for d in docs] == ["good one", "good two"]
    assert [r.reason.split(":")[0] for r in rejects] == ["line 2", "line 3", "row 4"]


def test_over_long_jsonl_line_is_skipped_in_bounded_memory(tmp_path):
    j = tmp_path / "big.jsonl"
    with open(j, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "first"}) + "\n")
        fh.write('{"text": "' + "x" * 3_000_000 + '"}\n')
        fh.write(json.dumps({"text": "last"}) + "\n")
    docs, rejects = read([j], ReadOptions(max_article_bytes=1_000_000))
    assert [d.text for d in docs] == ["first", "last"]
    assert "line 2" in rejects[0].reason and "longer than" in rejects[0].reason


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_traversal_bomb_and_nesting(tmp_path):
    inner3 = _zip(tmp_path / "l3.zip", {"deep.txt": GOOD.encode()})
    inner2 = _zip(tmp_path / "l2.zip", {"l3.zip": inner3.read_bytes(), "two.txt": b"Level two article text."})
    z = _zip(tmp_path / "all.zip", {
        "ok.txt": GOOD.encode(),
        "../../etc/evil.txt": b"escape",
        "/abs.txt": b"absolute",
        "bomb.txt": b"0" * 50_000_000,
        "l2.zip": inner2.read_bytes(),
    })
    docs, rejects = read([z], ReadOptions(max_zip_depth=2))
    assert sorted(Path(d.source).name for d in docs) == ["ok.txt", "two.txt"]
    reasons = {r.source.split("all.zip/")[-1]: r.reason for r in rejects}
    assert "unsafe path" in reasons["../../etc/evil.txt"] and "unsafe path" in reasons["/abs.txt"]
    assert "zip bomb" in reasons["bomb.txt"]
    assert "nested more than 2" in reasons["l2.zip/l3.zip"]


def test_zip_over_total_size_is_refused(tmp_path):
    z = _zip(tmp_path / "big.zip", {f"{i}.txt": b"a" * 1000 for i in range(10)})
    _, rejects = read([z], ReadOptions(max_zip_total_bytes=5000))
    assert len(rejects) == 1 and "over the 5,000 limit" in rejects[0].reason


def test_symlink_out_of_the_input_folder_is_not_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("secret text", encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(GOOD, encoding="utf-8")
    os.symlink(secret, folder / "link.txt")
    os.symlink(tmp_path, folder / "loop")
    docs, rejects = read([folder])
    assert [Path(d.source).name for d in docs] == ["ok.txt"]
    assert len(rejects) == 2 and all("outside the input folder" in r.reason for r in rejects)


def test_huge_single_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(200_000_000)  # 200 MB (sparse): never read into memory
    code = ("import resource, subprocess, sys;"
            f"p = subprocess.run([sys.executable, '-m', 'analysis', 'run', {str(big)!r}, {str(SAMPLE)!r},"
            f" '--out', {str(tmp_path / 'out')!r}, '--no-progress', '--workers', '1']);"
            "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    rc, peak_kb = int(out[0]), int(out[1])
    assert rc == 0
    assert peak_kb < 400_000, f"peak RSS {peak_kb / 1000:.0f} MB"
    rejects = read_tables(tmp_path / "out")["rejects"]
    assert "more than one article may hold" in rejects["reason"].iloc[0]


def test_exit_codes(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert run_cli(tmp_path / "empty.txt", "--out", tmp_path / "o1").returncode == 1  # nothing read
    assert run_cli(tmp_path / "empty.txt", SAMPLE, "--out", tmp_path / "o2").returncode == 0
    assert run_cli(tmp_path / "empty.txt", SAMPLE, "--out", tmp_path / "o3", "--strict").returncode == 1


def test_extractor_failure_keeps_the_article(monkeypatch):
    import analysis.pipeline as pl

    def boom(*a, **k):
        raise RuntimeError("bug")

    monkeypatch.setattr(pl, "analyse_article", boom)
    res = analyse([SAMPLE / "000_94eda27ce82fadf4.txt"], Config(workers=1, progress=False))
    assert len(res.articles) == 1 and len(res.quotes) == 0
    assert "analysis failed (RuntimeError: bug)" in res.rejects[0].reason


def _article(text: str) -> Article:
    return Article("x", "s", "", None, "none", "", "", text, len(text.split()))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400) | st.text(alphabet='“”"‘’\'«» .,:\n—RussiaUkrainePutin said he 100,000 troops', max_size=400))
def test_extractors_on_arbitrary_text(text):
    a = _article(text)
    first = analyse_article(a)
    for rows, col in zip(first, ("surface", "surface", "text"), strict=True):
        for r in rows:
            assert text[r.start:r.end] == getattr(r, col)
    assert analyse_article(a) == first


def test_same_input_twice_gives_identical_tables(tmp_path):
    for out in ("a", "b"):
        assert run_cli(SAMPLE, "--out", tmp_path / out, "--workers", "1").returncode == 0
    ta, tb = read_tables(tmp_path / "a"), read_tables(tmp_path / "b")
    for name in ta:
        pd.testing.assert_frame_equal(ta[name], tb[name])


def test_sigkill_leaves_complete_tables(tmp_path):
    """Kill the command line at several moments: the tables are always the old or the new complete ones."""
    out = tmp_path / "out"
    assert run_cli(SAMPLE / "000_94eda27ce82fadf4.txt", "--out", out, "--workers", "1").returncode == 0
    old = set(read_tables(out)["articles"]["article_id"])
    corpus = tmp_path / "corpus.jsonl"
    with open(corpus, "w", encoding="utf-8") as fh:
        for i in range(400):
            fh.write(json.dumps({"id": i, "text": f"Article {i}. " + GOOD * 20}) + "\n")
    new = None
    for delay in (0.5, 1.5, 2.5, 3.5, 5.0, 8.0):
        p = subprocess.Popen([sys.executable, "-m", "analysis", "run", str(corpus), "--out", str(out), "--no-progress",
                              "--workers", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        tables = read_tables(out)  # every table reads back whole
        ids = set(tables["articles"]["article_id"])
        if ids != old:
            new = new or ids
            assert ids == new and len(ids) == 400
        for name in ("mentions", "troops", "quotes"):
            assert set(tables[name]["article_id"]) <= ids
