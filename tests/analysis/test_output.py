"""The output folder: checked before reading, locked while written, switched in one step, CSV that reads back."""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.output import GENERATIONS, LOCK, MANIFEST, read_table, read_tables, write_tables
from analysis.pipeline import Config, run
from analysis.schemas import ALLOWED, NULLABLE, SCHEMAS, SPANS, conform
from tests.conftest import SAMPLE, run_killed

GOOD = 'Russia has massed 100,000 troops near Ukraine, Blinken said. "We are worried," he said.'


def cli(*args, **kw):
    return subprocess.run(
        [sys.executable, "-m", "analysis", "run", *map(str, args), "--no-progress", "--workers", "1"],
        capture_output=True,
        text=True,
        check=False,
        **kw,
    )


def corpus(path: Path, n: int, start: int = 0, noise: int = 0) -> Path:
    """n articles; ``noise`` random words each (text that does not compress)."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(start, start + n):
            words = " ".join(os.urandom(4).hex() for _ in range(noise))
            fh.write(json.dumps({"id": i, "text": f"Article {i}. " + GOOD * 20 + words}) + "\n")
    return path


# ---------------------------------------------------------------- CSV round trip


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30) | st.sampled_from(
    [
        "",
        "a\rb",
        "\r",
        "\r\n",
        "x\n\ny",
        '"',
        '""',
        ",",
        "NA",
        "nan",
        "None",
        "null",
        " lead",
        "trail ",
        "=1+2",
        "\ufeffb",
    ]
)
COLUMN = {
    "string": TEXT,
    "date": st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)),
    "int64": st.integers(-(2**63), 2**63 - 1),
    "Int64": st.none() | st.integers(-(2**63), 2**63 - 1),
    "float64": st.floats(allow_nan=False, allow_infinity=False),
    "bool": st.booleans(),
}


@st.composite
def tables(draw, name: str) -> pd.DataFrame:
    n = draw(st.integers(0, 4))
    all_false = draw(st.booleans())
    cols = {}
    for col, dtype in SCHEMAS[name].items():
        if (name, col) in ALLOWED:
            strat = st.sampled_from(sorted(ALLOWED[(name, col)]))
        elif (name, col) in NULLABLE:
            strat = st.none() | TEXT.filter(bool)
        elif dtype == "bool" and all_false:
            strat = st.just(False)  # a boolean column with no True in it
        else:
            strat = COLUMN[dtype]
        values = [draw(strat) for _ in range(n)]
        cols[col] = pd.array(values, dtype="Int64") if dtype == "Int64" else values
    if name in SPANS:  # a span is as long as its text (validate checks it): start anywhere, end after it
        cols["start"] = [draw(st.integers(0, 2**62)) for _ in range(n)]
        cols["end"] = [s + len(t) for s, t in zip(cols["start"], cols[SPANS[name]], strict=True)]
    return conform(name, pd.DataFrame(cols, columns=list(SCHEMAS[name])))


@pytest.mark.parametrize("name", list(SCHEMAS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_csv_round_trips_exactly(tmp_path, name, data):
    df = data.draw(tables(name))
    out = tmp_path / f"csv-{time.monotonic_ns()}"
    write_tables({name: df}, out, "csv")
    back = read_table(out, name)
    pd.testing.assert_frame_equal(back, df, obj=name)


def test_a_bare_carriage_return_in_a_title_stays_in_its_row(tmp_path, sample_tables):
    arts = sample_tables["articles"].copy()
    arts.loc[0, "title"] = "Talks\rend"
    tabs = {**sample_tables, "articles": arts}
    write_tables(tabs, tmp_path / "out", "csv")
    back = read_tables(tmp_path / "out")
    assert back["articles"]["title"].iloc[0] == "Talks\rend" and len(back["articles"]) == len(arts)
    assert not back["quotes"]["lenses_disagree"].any() or back["quotes"]["lenses_disagree"].dtype == bool


# ---------------------------------------------------------------- the folder is checked first


def test_out_that_is_a_file_fails_in_one_line_before_reading(tmp_path):
    f = tmp_path / "out"
    f.write_text("not a folder", encoding="utf-8")
    t0 = time.perf_counter()
    proc = cli(SAMPLE, "--out", f)
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [
        f"wirewatch: --out {f} is a file, not a folder"
    ]
    assert time.perf_counter() - t0 < 30 and f.read_text(encoding="utf-8") == "not a folder"


def _mount_tmpfs(path: Path, *options: str) -> bool:
    path.mkdir()
    if os.geteuid() != 0:
        return False
    return (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(path)],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )


@pytest.fixture
def mounts():
    made = []
    yield made
    for m in made:
        subprocess.run(["umount", "-l", str(m)], check=False)


def test_read_only_filesystem_fails_in_one_line(tmp_path, mounts):
    ro = tmp_path / "ro"
    if not _mount_tmpfs(ro, "ro", "size=1m"):
        pytest.skip("cannot mount a read-only tmpfs here (needs root)")
    mounts.append(ro)
    proc = cli(SAMPLE, "--out", ro / "out")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        f"wirewatch: cannot write to the output folder {ro / 'out'}: Read-only file system"
    ]


def test_full_disk_says_so_keeps_the_previous_tables_and_leaves_no_temporaries(tmp_path, mounts):
    small = tmp_path / "small"
    if not _mount_tmpfs(small, "size=3m"):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    mounts.append(small)
    out = small / "out"
    assert cli(SAMPLE, "--out", out).returncode == 0
    before = read_tables(out)
    proc = cli(corpus(tmp_path / "big.jsonl", 1000, noise=300), "--out", out)  # 4.5 MB that does not compress
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == (
        f"wirewatch: no space left on the disk holding {out}; the previous tables are kept"
    )
    after = read_tables(out)
    for name in before:
        pd.testing.assert_frame_equal(after[name], before[name])
    assert [p.name for p in (out / GENERATIONS).iterdir()] == [os.readlink(out / ".current").split("/")[-1]]
    assert not [p for p in out.iterdir() if ".tmp" in p.name]


# ---------------------------------------------------------------- one run at a time


def test_a_second_run_into_a_locked_folder_stops_or_waits(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with open(out / LOCK, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.write("pid 12345")
        fh.flush()
        proc = cli(SAMPLE, "--out", out)
        assert proc.returncode == 2 and "is writing to" in proc.stderr and "--wait" in proc.stderr
        assert not (out / "articles.parquet").exists()
        waiting = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "analysis",
                "run",
                str(SAMPLE),
                "--out",
                str(out),
                "--no-progress",
                "--workers",
                "1",
                "--wait",
            ],
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(2)
        assert waiting.poll() is None  # still waiting for the lock
    assert waiting.wait(timeout=120) == 0
    assert len(read_tables(out)["articles"]) == 5


# ---------------------------------------------------------------- one complete set of tables at a time


def test_sigkill_at_any_moment_leaves_one_complete_set_and_the_next_run_equals_a_full_run(tmp_path):
    out = tmp_path / "out"
    src = corpus(tmp_path / "a.jsonl", 300)
    assert cli(src, "--out", out).returncode == 0
    corpus(src, 600)  # more articles: the next runs reuse 300
    for delay in (0.3, 1.0, 2.0, 3.0, 4.5, 6.0):
        run_killed(src, out, delay)
        tables = read_tables(out)
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
        assert {n: len(t) for n, t in tables.items()} == manifest["tables"]  # the set the manifest describes
        ids = set(tables["articles"]["article_id"])
        assert len(ids) in (300, 600)
        for name in ("mentions", "troops", "quotes"):
            assert set(tables[name]["article_id"]) <= ids
    proc = cli(src, "--out", out)
    assert proc.returncode == 0
    assert len(list((out / GENERATIONS).iterdir())) <= 2 and not list((out / GENERATIONS).glob("*.partial"))
    full = tmp_path / "full"
    assert cli(src, "--out", full, "--full").returncode == 0
    a, b = read_tables(out), read_tables(full)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


def test_a_set_that_does_not_match_its_manifest_is_not_reused(tmp_path):
    out = tmp_path / "out"
    run([SAMPLE], out, cfg=Config(workers=1, progress=False))
    mentions = out / "mentions.parquet"
    half = pd.read_parquet(mentions)
    half.iloc[: len(half) // 2].to_parquet(mentions.resolve(), index=False)  # a set damaged behind our back
    again = run([SAMPLE], out, cfg=Config(workers=1, progress=False))
    assert again.reused == 0 and len(again.mentions) == 2 * (len(half) // 2) + len(half) % 2


def test_out_inside_an_input_folder_is_not_read_as_input(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for f in SAMPLE.glob("*.txt"):
        (folder / f.name).write_bytes(f.read_bytes())
    for fmt in ("parquet", "csv", "parquet"):
        res = run([folder], folder / "out", fmt, Config(workers=1, progress=False))
        assert res.counts["articles"] == 5 and res.counts["rejects"] == 0


# ---------------------------------------------------------------- the time budget per article


def test_an_article_over_the_time_budget_is_kept_without_metrics(tmp_path, monkeypatch):
    import analysis.extract as ex

    real = ex.analyse_article

    def slow_on_marker(article, *a, **k):
        if "STALL" in article.text:
            time.sleep(30)
        return real(article, *a, **k)

    monkeypatch.setattr(ex, "analyse_article", slow_on_marker)
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "slow", "text": "STALL. " + GOOD})
        + "\n"
        + json.dumps({"id": "ok", "text": GOOD})
        + "\n",
        encoding="utf-8",
    )
    t0 = time.perf_counter()
    res = run([src], tmp_path / "out", cfg=Config(workers=1, progress=False, budget_s=0.5))
    assert time.perf_counter() - t0 < 20
    assert res.counts["articles"] == 2
    arts = res.table("articles")
    slow = arts.loc[arts["source"].str.endswith("::slow"), "article_id"].iloc[0]
    assert slow not in set(res.mentions["article_id"]) and len(res.quotes) == 1
    assert [r.source for r in res.rejects] == [f"{src}::slow"]
    assert "longer than the 0.5 s budget" in res.rejects[0].reason


# ---------------------------------------------------------------- part files into one table


def _troops(n: int, qualifier: str = "exact") -> pd.DataFrame:
    from analysis.schemas import TroopFigure, to_frame

    return to_frame(
        "troops",
        [
            TroopFigure(
                f"a{i}", 1000 * (i + 1), None, None, qualifier, "Russia", "", "1,000 troops", 0, 12, "s"
            )
            for i in range(n)
        ],
    )


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_part_files_append_into_one_table_as_written(tmp_path, fmt):
    from analysis.output import TableWriter, write_part

    parts = [write_part("troops", _troops(n), tmp_path / f"part{n}.parquet") for n in (3, 0, 2)]
    w = TableWriter("troops", tmp_path / f"troops.{fmt}", fmt)
    for p in parts:
        w.add_part(p)
    w.close()
    assert w.rows == 5
    got = read_table(tmp_path, "troops")
    want = conform("troops", pd.concat([_troops(3), _troops(2)], ignore_index=True))
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want, check_exact=True)


def test_a_part_of_another_schema_is_refused(tmp_path):
    from analysis.output import TableWriter, write_part
    from analysis.schemas import SchemaError

    p = write_part("troops", _troops(1), tmp_path / "part.parquet")
    w = TableWriter("quotes", tmp_path / "quotes.parquet", "parquet")
    with pytest.raises(SchemaError, match="another schema"):
        w.add_part(p)


def test_a_final_part_is_validated_by_its_worker(tmp_path):
    """The driver appends parts without reading them into pandas: the worker's writer checks the contract."""
    from analysis.engines.work import write_final
    from analysis.schemas import SchemaError

    with pytest.raises(SchemaError, match="qualifier"):
        write_final("troops", _troops(1, qualifier="roughly"), tmp_path / "part.parquet")
    assert not (tmp_path / "part.parquet").exists()
