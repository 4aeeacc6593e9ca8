"""Bad and hostile input (issue 12 and before): one table of cases, each with the input it builds and the outcome it expects.

``CLI_CASES`` run through the real command line (a subprocess with a time limit, into a fresh output folder);
``APP_CASES`` through the real dashboard (Streamlit's AppTest) or its pure modules. Every case also checks the
common contract: exit code, no traceback, and every input file accounted for as an article or a row naming it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import random
import re
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.io import ReadOptions, iter_inputs, read_table, read_tables
from analysis.pipeline import Config, analyse, analyse_article
from analysis.schemas import SCHEMAS, Article, RawDoc, Reject
from tests.conftest import SAMPLE, run_killed

ROOT = Path(__file__).resolve().parent.parent
GOOD = 'Russia has massed 100,000 troops near Ukraine, Blinken said. "We are worried," he said.'
GOOD2 = 'Lavrov met Blinken in Geneva. "There will be no invasion," Lavrov told reporters on the shore of the lake.'
GOOD3 = "NATO allies discussed sanctions against Moscow. Stoltenberg said the alliance was ready for talks."


# ---------------------------------------------------------------- running the command line


@dataclass
class Outcome:
    rc: int
    stderr: str
    seconds: float
    tmp: Path
    out: Path
    tables: dict[str, pd.DataFrame]  # the contract's tables, read back (empty when unreadable)
    extra: dict[str, pd.DataFrame]  # any other table in the output folder (e.g. a list of repeats)

    @property
    def articles(self) -> pd.DataFrame:
        return self.tables["articles"]

    @property
    def rejects(self) -> pd.DataFrame:
        return self.tables["rejects"]

    def reasons(self, needle: str = "") -> list[str]:
        return [
            f"{s}: {r}"
            for s, r in zip(self.rejects["source"], self.rejects["reason"], strict=True)
            if needle in s or needle in r
        ]

    def named(self) -> set[str]:
        """Every string that names an input in the output: any column but the text, of any table in the folder
        (sources, a list of repeated sources per article, a table of repeats), lists flattened."""
        names: set[str] = set()
        for df in [*self.tables.values(), *self.extra.values()]:
            for col in df.columns:
                if col == "text" or not (df[col].dtype == object or pd.api.types.is_string_dtype(df[col])):
                    continue
                for v in df[col].dropna():
                    names.update(map(str, v) if isinstance(v, list | tuple | set | np.ndarray) else [str(v)])
        return {n for n in names if n.strip("/ ")}  # "" or "/" would name every path


def shown(path: Path | str) -> str:
    """A path as the output names it: bytes that are not UTF-8 as backslash escapes."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def input_files(folder: Path) -> list[Path]:
    """Every regular file under ``folder`` (not following links)."""
    found = []
    for dirpath, _dirs, files in os.walk(folder):
        found += [
            Path(dirpath) / f
            for f in files
            if (Path(dirpath) / f).is_file() and not (Path(dirpath) / f).is_symlink()
        ]
    return found


def unaccounted(files: list[Path], o: Outcome) -> list[str]:
    """Input files that no article, reject or other table names (itself, a row or member of it, or its folder)."""
    names = o.named()
    lost = []
    for f in files:
        p = shown(f)
        if not any(
            s == p or s.startswith((p + "::", p + "/")) or p.startswith(s.rstrip("/") + "/") for s in names
        ):
            lost.append(p)
    return lost


def run_cli(args: list, out: Path, timeout: float, cwd: Path | None = None) -> tuple[int, str, float]:
    t0 = time.perf_counter()
    try:
        p = subprocess.run(
            [
                sys.executable,
                "-m",
                "analysis",
                "run",
                "--out",
                str(out),
                "--no-progress",
                "--workers",
                "1",
                *map(os.fsdecode, args),
            ],
            capture_output=True,
            timeout=timeout,
            check=False,
            cwd=cwd or ROOT,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"hang: no answer in {timeout:.0f} s") from None
    return p.returncode, p.stderr.decode("utf-8", "backslashreplace"), time.perf_counter() - t0


def load_outcome(rc: int, err: str, secs: float, tmp: Path, out: Path) -> Outcome:
    tables: dict[str, pd.DataFrame] = {}
    extra: dict[str, pd.DataFrame] = {}
    try:
        tables = read_tables(out)
    except Exception:  # checked by the case: a readable folder is part of most expectations
        tables = {}
    if out.is_dir():
        for f in sorted(out.rglob("*")):
            stem = f.name.split(".")[0]
            if f.suffix in (".parquet", ".csv") and stem not in SCHEMAS and not f.name.startswith("."):
                with contextlib.suppress(Exception):
                    extra[str(f.relative_to(out))] = (
                        pd.read_parquet(f) if f.suffix == ".parquet" else pd.read_csv(f)
                    )
    return Outcome(rc, err, secs, tmp, out, tables, extra)


@dataclass(frozen=True)
class Case:
    id: str
    item: str  # the item number ("1".."22") or "and" for its And: paragraph
    make: Callable[[Path], list]  # builds the inputs under the folder given; returns the CLI arguments
    expect: Callable[[Outcome], None]  # the item's own expectation
    rc: int | None = 0  # expected exit code (None: any non-zero)
    timeout: float = 120
    readable: bool = True  # the output folder must read back as complete tables


def check_common(case: Case, o: Outcome) -> None:
    assert "Traceback" not in o.stderr, o.stderr[-3000:]
    if case.rc is None:
        assert o.rc != 0, o.stderr[-2000:]
    else:
        assert o.rc == case.rc, (o.rc, o.stderr[-2000:])
    if case.readable:
        assert o.tables, f"output folder {o.out} does not read back: {o.stderr[-2000:]}"
        files = [
            f for f in input_files(o.tmp / "in") if not f.is_relative_to(o.out)
        ]  # our own output is not input
        lost = unaccounted(files, o) if (o.tmp / "in").is_dir() else []
        assert not lost, f"inputs lost (no article, no reject): {lost}"
        for _name, df in o.tables.items():  # every string written is valid UTF-8 (no lone surrogates)
            for col in df.columns:
                if pd.api.types.is_string_dtype(df[col]):
                    "".join(df[col].dropna().astype(str)).encode("utf-8")


# ---------------------------------------------------------------- builders


def folder(tmp: Path) -> Path:
    d = tmp / "in"
    d.mkdir(exist_ok=True)
    return d


def jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def parquet(path: Path, arrays: list, names: list[str]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_arrays(arrays, names=names), path)
    return path


def good_file(d: Path, name: str = "good.txt", text: str = GOOD3) -> Path:
    (d / name).write_text(text, encoding="utf-8")
    return d / name


# item 1 ----------------------------------------------------------------


def make_surrogates(tmp):
    d = folder(tmp)
    jsonl(
        d / "s.jsonl",
        [
            {"id": "t", "title": "Lone \ud800 surrogate", "text": GOOD},
            {"id": "u", "url": "https://example.com/\udc00", "outlet": "Out\ud83d", "text": GOOD2},
            {"id": "\udfff", "date": "2022-01-0\ud800", "text": GOOD3},
            {"id": "x", "text": "Body with a lone \ud800 surrogate. Lavrov said it."},
        ],
    )
    return [d]


def expect_surrogates(o):
    a = o.articles.set_index(o.articles["source"].str.rsplit("::", n=1).str[-1])
    assert a.loc["t", "title"] == "Lone \ufffd surrogate"
    assert a.loc["u", "url"] == "https://example.com/\ufffd" and a.loc["u", "outlet"] == "Out\ufffd"
    assert len(o.articles) + len([r for r in o.reasons("s.jsonl") if "warning" not in r]) == 4


# item 2 ----------------------------------------------------------------


def make_bad_name(tmp):
    d = folder(tmp)
    (Path(os.fsdecode(bytes(d) + b"/caf\xe9.txt"))).write_text(GOOD, encoding="utf-8")
    good_file(d)
    return [d]


def expect_bad_name(o):
    assert len(o.articles) == 2
    assert any(s.endswith("caf\\xe9.txt") for s in o.articles["source"]), list(o.articles["source"])


# item 3 ----------------------------------------------------------------


def make_big_numbers(tmp):
    d = folder(tmp)
    good_file(d, "a.txt", "Russia has massed 20000000000000000000 troops near Ukraine, Blinken said.")
    good_file(d, "b.txt", "Russia has massed 123456789123456789 troops near Ukraine, Blinken said.")
    good_file(d, "c.txt", "The count changed by -5000 troops near Ukraine, the ministry said.")
    return [d]


def expect_big_numbers(o):
    values = set(o.tables["troops"]["value"])
    assert 123456789123456784 not in values and 5000 not in values, values
    assert len(o.articles) == 3


# item 4 ----------------------------------------------------------------


def make_out_is_file(tmp):
    d = folder(tmp)
    good_file(d)
    (tmp / "out").write_text("I am a file", encoding="utf-8")
    return [d]


def expect_one_line_error_fast(o):
    lines = [ln for ln in o.stderr.splitlines() if ln.strip()]
    assert len(lines) <= 2 and "out" in o.stderr.lower(), o.stderr


def make_out_unwritable(tmp):
    d = folder(tmp)
    good_file(d)
    return [d, "--out", "/proc/wirewatch-cannot-write-here"]  # the last --out wins


# item 5 ----------------------------------------------------------------


def make_self_link(tmp):
    d = folder(tmp)
    good_file(d)
    os.symlink(".", d / "again")
    return [d]


def make_two_links(tmp):
    d = folder(tmp)
    good_file(d)
    (d / "sub").mkdir()
    good_file(d / "sub", "deeper.txt", GOOD2)
    os.symlink("..", d / "sub" / "up")
    os.symlink(".", d / "here")
    os.symlink("sub", d / "also-sub")
    return [d]


def expect_each_folder_once(n):
    def check(o):
        assert len(o.articles) == n, list(o.articles["source"])
        assert not o.reasons("cannot read") and not o.reasons("outside"), o.reasons()
        assert len(o.rejects) <= 3, o.reasons()

    return check


# item 6 ----------------------------------------------------------------


def make_jsonl_columns(tmp):
    d = folder(tmp)
    jsonl(
        d / "c.jsonl",
        [
            {"text": GOOD},
            {
                "text": GOOD2,
                "title": "Second",
                "date": "2022-01-05",
                "outlet": "Wire",
                "url": "https://x.org/2",
            },
            {"body": GOOD3, "headline": "Third"},
        ],
    )
    return [d]


def expect_jsonl_columns(o):
    a = o.articles.sort_values("source")
    assert list(a["title"])[1:] == ["Second", "Third"]
    second = a.iloc[1]
    assert (
        second["published"] == dt.date(2022, 1, 5)
        and second["outlet"] == "Wire"
        and second["url"] == "https://x.org/2"
    )


def make_jsonl_first_without_text(tmp):
    d = folder(tmp)
    jsonl(d / "f.jsonl", [{"title": "no text here"}, {"text": GOOD}, {"text": GOOD2}])
    return [d]


def expect_first_without_text(o):
    assert len(o.articles) == 2
    assert len(o.reasons("f.jsonl")) == 1 and "line 1" in o.reasons("f.jsonl")[0]


# item 7 ----------------------------------------------------------------


def make_parquet_duplicate_text(tmp):
    import pyarrow as pa

    d = folder(tmp)
    parquet(d / "dup.parquet", [pa.array([GOOD]), pa.array([GOOD2])], ["text", "text"])
    good_file(d)
    return [d]


def expect_duplicate_text(o):
    assert not any("dup.parquet" in s for s in o.articles["source"]), "a guess between two text columns"
    assert any("text" in r for r in o.reasons("dup.parquet")), o.reasons()


def make_parquet_odd_types(tmp):
    import pyarrow as pa

    d = folder(tmp)
    parquet(d / "struct.parquet", [pa.array([{"a": GOOD}])], ["text"])
    parquet(d / "list.parquet", [pa.array([[GOOD, GOOD2]])], ["text"])
    parquet(d / "binary.parquet", [pa.array([GOOD.encode()], pa.binary())], ["text"])
    parquet(d / "float.parquet", [pa.array([1.5])], ["text"])
    good_file(d)
    return [d]


def expect_odd_types(o):
    assert list(o.articles["source"]) == [str(o.tmp / "in" / "good.txt")], list(o.articles["source"])
    for kind in ("struct", "list", "binary", "float"):
        rows = o.reasons(f"{kind}.parquet")
        assert len(rows) == 1 and "text" in rows[0] and "row 0" in rows[0], rows


# item 8 ----------------------------------------------------------------


def make_hidden(tmp):
    d = folder(tmp)
    good_file(d)
    good_file(d, ".hidden.txt", GOOD)
    (d / ".git" / "objects").mkdir(parents=True)
    (d / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (d / ".git" / "objects" / "ab").write_bytes(b"x\x9c\x01\x00")
    with zipfile.ZipFile(d / "z.zip", "w") as zf:
        zf.writestr("ok.txt", GOOD2)
        zf.writestr(".dot.txt", GOOD)
        zf.writestr("__MACOSX/._ok.txt", b"\x00\x05\x16\x07")
    return [d]


def expect_hidden(o):
    assert len(o.articles) == 2
    assert (
        o.reasons(".hidden.txt")
        and o.reasons(".git")
        and o.reasons("z.zip/.dot.txt")
        and o.reasons("__MACOSX")
    )


def make_repeats(tmp):
    d = folder(tmp)
    good_file(d, "a.txt", GOOD)
    good_file(d, "b.txt", GOOD)  # the same article again: an exact repeat
    return [d]


def expect_repeat_listed(o):
    assert (
        len(o.articles) == 1
    )  # one article; the repeated source is named somewhere (unaccounted() checks it)


# item 9 ----------------------------------------------------------------


def make_mixed_encodings(tmp):
    d = folder(tmp)
    (d / "mixed.txt").write_bytes(
        "Zelensky met Blinken in Kyiv’s café.\n".encode()
        + "Moscow’s “demands” were refused, Kuleba said.\n".encode("cp1252")
    )
    with open(d / "late.csv", "wb") as fh:
        fh.write(b"id,text,notes\n")
        for i in range(20):  # 2 MB of plain ASCII (in a column not read) before the first cp1252 byte
            fh.write(f'{i},"Plain row {i}. Russia and Ukraine talked again.",{"x" * 100_000}\n'.encode())
        fh.write('late,"Lavrov’s café in Genève, said Zakharova.",\n'.encode("cp1252"))
    return [d]


def expect_encodings(o):
    a = o.articles.set_index("source")
    mixed = a.loc[str(o.tmp / "in" / "mixed.txt"), "text"]
    assert "Kyiv’s café" in mixed and "Moscow’s “demands”" in mixed, mixed
    late = a.loc[str(o.tmp / "in" / "late.csv") + "::late", "text"]
    assert late == "Lavrov’s café in Genève, said Zakharova.", late
    assert not any("\ufffd" in t for t in o.articles["text"])
    assert any("warning" in r and "cp1252" in r for r in o.reasons("mixed.txt")), o.reasons()


# item 10 ----------------------------------------------------------------

ODD_DATES = ["2021-02-30", "-2022-01-01", "0001-01-01", "9999-12-31", "20210230"]


def make_odd_dates(tmp):
    import pyarrow as pa

    d = folder(tmp)
    jsonl(
        d / "d.jsonl",
        [{"id": f"d{i}", "date": v, "text": f"{GOOD} Story number {i}."} for i, v in enumerate(ODD_DATES)],
    )
    parquet(
        d / "d.parquet",
        [
            pa.array([dt.date(9999, 12, 31), dt.date(1, 1, 1)], pa.date32()),
            pa.array([GOOD2 + " One.", GOOD2 + " Two."]),
        ],
        ["date", "text"],
    )
    (d / "prefix.txt").write_text(" date 2021-02-30 " + GOOD3, encoding="utf-8")
    return [d]


def expect_odd_dates(o):
    assert len(o.articles) == len(ODD_DATES) + 3
    assert (o.articles["date_source"] == "none").all(), o.articles[["source", "published", "date_source"]]
    assert o.articles["published"].isna().all()
    warned = [r for r in o.reasons() if "warning" in r and "date" in r]
    assert len(warned) == len(o.articles), o.reasons()


# item 11 ----------------------------------------------------------------


def make_zero_width(tmp):
    d = folder(tmp)
    good_file(d, "zw.txt", "Pu\u200dtin met Bi\u00adden. Lav\u0301rov said nothing.")
    return [d]


def expect_zero_width(o):
    m, text = o.tables["mentions"], o.articles["text"].iloc[0]
    assert {"Vladimir Putin", "Joe Biden", "Sergei Lavrov"} <= set(m["actor"]), set(m["actor"])
    assert all(text[s:e] == surf for s, e, surf in zip(m["start"], m["end"], m["surface"], strict=True))


# item 12 and the And: paragraph (time) ---------------------------------------------


def _words(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    vocab = [
        "Russia",
        "Ukraine",
        "troops",
        "said",
        "Moscow",
        "Kyiv",
        "Blinken",
        "Lavrov",
        "NATO",
        "border",
        "100,000",
        "soldiers",
        "talks",
        "the",
        "a",
        "of",
        "and",
        "in",
        "on",
        "with",
        "that",
        "officials",
        "claimed",
        "estimated",
    ]
    return [rng.choice(vocab) for _ in range(n)]


def make_no_stops(tmp):
    d = folder(tmp)
    good_file(d, "long.txt", " ".join(_words(40_000)))  # ~270 KB, one paragraph, no sentence stop
    return [d]


def make_quote_marks(tmp):
    d = folder(tmp)
    good_file(d, "marks.txt", "Lavrov said " + "\u201c a \u201d b " * 25_000)  # 100,000 quote marks in 200 KB
    return [d]


def make_nested_quotes(tmp):
    d = folder(tmp)
    good_file(d, "nested.txt", "Lavrov said " + '\u201c\u2018"' * 4000 + "no" + '"\u2019\u201d' * 4000)
    return [d]


def make_one_paragraph(tmp):
    d = folder(tmp)
    sentence = "Russia has massed 100,000 troops near Ukraine, Blinken said on Monday in Geneva. "
    good_file(d, "para.txt", sentence * 12_000)  # ~1 MB of normal sentences in one paragraph
    return [d]


def make_two_mb_paragraphs(tmp):
    d = folder(tmp)
    line = "Russia has massed 100,000 troops near Ukraine, Blinken said, and NATO officials said talks would go on."
    good_file(d, "big.txt", "\n\n".join(line + f" Paragraph {i}." for i in range(16_000)))  # ~2 MB
    return [d]


def expect_done(o):
    assert len(o.articles) == 1


def make_zip_of_big_members(tmp):
    d = folder(tmp)
    write_big_zip(d / "big.zip")
    good_file(d)
    return [d]


def big_zip_bytes() -> bytes:
    """20 members of 9.9 MB each, under 2 MB compressed (the issue's 773 KB zip has the same shape)."""
    rng = random.Random(12)
    vocab = [
        "Russia",
        "Ukraine",
        "troops",
        "border",
        "Moscow",
        "Kyiv",
        "said",
        "talks",
        "NATO",
        "the",
        "a",
        "of",
        "and",
        "in",
        "on",
        "with",
        "Blinken",
        "Lavrov",
    ]
    block = (". ".join(" ".join(rng.choice(vocab) for _ in range(12)) for _ in range(40)) + ". ").encode()
    member = (block * (9_900_000 // len(block) + 1))[:9_900_000]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(20):
            zf.writestr(f"m{i:02d}.txt", member)
    return buf.getvalue()


def write_big_zip(path: Path) -> None:
    path.write_bytes(big_zip_bytes())


def expect_big_zip(o):
    assert list(o.articles["source"]) == [str(o.tmp / "in" / "good.txt")]
    assert o.reasons("big.zip"), o.reasons()


# the And: paragraph: actors CSV ReDoS, --out inside the input ----------------


def make_redos_actors(tmp):
    d = folder(tmp)
    good_file(
        d, "a.txt", "Vladimir Putin " + "a" * 40 + "!"
    )  # backtracks 2^n times on the 40 characters after
    (tmp / "actors.csv").write_text(
        "name,type,aliases,exclude\nVladimir Putin,person,Putin,(a+)+b\n", encoding="utf-8"
    )
    return [d, "--actors", tmp / "actors.csv"]


def make_out_inside_input(tmp):
    d = folder(tmp)
    for i, t in enumerate((GOOD, GOOD2, GOOD3)):
        good_file(d, f"{i}.txt", t)
    out = d / "out"
    for _ in range(2):
        rc, err, _ = run_cli([d], out, 120)
        assert rc == 0, err
    return [d, "--out", out]


def expect_own_output_skipped(o):
    assert len(o.articles) == 3, list(o.articles["source"])
    assert not any("/out/" in s for s in o.rejects["source"]), o.reasons()


# items 13-15 (output folder) ----------------------------------------------------


def make_half_written_set(tmp):
    """The state a SIGKILL between replacing ``articles`` and ``mentions`` leaves, plus a stale temporary."""
    d = folder(tmp)
    for i in range(6):
        good_file(d, f"{i}.txt", f"Story {i}. " + (GOOD, GOOD2, GOOD3)[i % 3])
    ref, out = tmp / "ref", tmp / "out"
    for o in (ref, out):
        rc, err, _ = run_cli([d], o, 120)
        assert rc == 0, err
    m = pd.read_parquet(out / "mentions.parquet")
    keep = set(m["article_id"].drop_duplicates().iloc[:2])
    m[m["article_id"].isin(keep)].to_parquet(out / "mentions.parquet", index=False)
    (out / ".mentions.killed.parquet.tmp").write_bytes(b"half")
    return [d]


def expect_set_verified(o):
    ref = read_tables(o.tmp / "ref")
    for name in ("mentions", "troops", "quotes"):
        assert len(o.tables[name]) == len(ref[name]), name
    assert not [p for p in o.out.rglob("*.tmp")], "stale temporaries left"


def make_concurrent(tmp):
    """A run that holds the output folder's lock (taken here, so the test does not race the machine's speed)."""
    import fcntl

    from analysis.output import LOCK

    d = folder(tmp)
    jsonl(d / "c.jsonl", [{"id": i, "text": f"Article {i}. " + GOOD} for i in range(3)])
    out = tmp / "out"
    first = subprocess.run(
        [sys.executable, "-m", "analysis", "run", str(d), "--out", str(out), "--no-progress"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        check=False,
    )
    with open(out / LOCK, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        second = subprocess.run(
            [sys.executable, "-m", "analysis", "run", str(d), "--out", str(out), "--no-progress", "--full"],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=ROOT,
            check=False,
        )
    (tmp / "second.json").write_text(
        json.dumps([first.returncode, first.stderr, second.returncode, second.stderr])
    )
    return [d, "--full"]


def expect_locked(o):
    rc1, err1, rc2, err2 = json.loads((o.tmp / "second.json").read_text())
    assert rc1 == 0 and "Traceback" not in err1, err1
    assert rc2 != 0 and "Traceback" not in err2 and ("lock" in err2.lower() or "in use" in err2.lower()), err2


def make_csv_round_trip(tmp):
    d = folder(tmp)
    jsonl(
        d / "cr.jsonl",
        [
            {"id": "a", "title": "bare\rCR title", "text": GOOD},
            {"id": "b", "title": 'line\nfeed "quoted", comma', "text": GOOD2},
        ],
    )
    return [d, "--format", "csv"]


def expect_csv_round_trip(o):
    a = o.articles.set_index(o.articles["source"].str.rsplit("::", n=1).str[-1])
    assert a.loc["a", "title"] == "bare\rCR title" and a.loc["b", "title"] == 'line\nfeed "quoted", comma'
    assert len(o.tables["quotes"]) and not o.tables["quotes"]["lenses_disagree"].any()


# issue 22 (round three) ----------------------------------------------------------------

VICTIM = "a file of someone else's, which a run must not touch\n"


def _planted(kind: str):
    """An output folder where ``kind`` names what was planted in place of a name the run writes."""

    def make(tmp):
        d = folder(tmp)
        good_file(d)
        out = tmp / "out"
        out.mkdir()
        victim = tmp / "victim"
        victim.mkdir()
        (victim / "keep.txt").write_text(VICTIM, encoding="utf-8")
        if kind == "lock-symlink":
            (out / ".wirewatch.lock").symlink_to(victim / "keep.txt")
        elif kind == "lock-hardlink":
            os.link(victim / "keep.txt", out / ".wirewatch.lock")
        elif kind == "lock-fifo":
            os.mkfifo(out / ".wirewatch.lock")
        elif kind == "generations-symlink":
            (out / ".generations").symlink_to(victim)
        elif kind == "previous-tmp-symlink":
            good_file(d, "second.txt", GOOD)  # a second run moves the first generation to .current.previous
            rc, err, _ = run_cli([d / "good.txt"], out, 120)
            assert rc == 0, err
            (out / ".current.previous.tmp").symlink_to(victim / "keep.txt")
        return [d]

    return make


def expect_victim_untouched(refused: bool):
    def expect(o):
        assert (o.tmp / "victim" / "keep.txt").read_text(encoding="utf-8") == VICTIM
        assert sorted(p.name for p in (o.tmp / "victim").iterdir()) == ["keep.txt"]
        if refused:
            expect_one_line_error_fast(o)

    return expect


BIG_INT = "7" * 5000  # Python converts at most 4,300 digits (sys.get_int_max_str_digits)


def _rows(n: int, kind: str = "file") -> list[dict]:
    return [
        {"id": f"r{i}", "title": f"Story {i}", "text": f"{GOOD} Story number {i} of the {kind}."}
        for i in range(n)
    ]


def make_big_int_jsonl(n: int, bad: int):
    """A JSON Lines file of ``n`` rows whose row ``bad`` holds an integer of 5,000 digits (and a .json too)."""

    def make(tmp):
        d = folder(tmp)
        lines = [json.dumps(r) for r in _rows(n)]
        lines[bad] = lines[bad].replace('"title"', f'"views": {BIG_INT}, "title"')
        (d / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        items = [json.dumps(r) for r in _rows(3, "list")]
        items[1] = items[1].replace('"title"', f'"views": [-{BIG_INT}], "title"')
        (d / "list.json").write_text("[" + ", ".join(items) + "]", encoding="utf-8")
        return [d]

    return make


def expect_one_reject_per_big_int(n: int, bad: int):
    def expect(o):
        big = o.articles["source"].str.contains("big.jsonl")
        assert big.sum() == n - 1 and (~big).sum() == 2, o.reasons()
        reasons = o.reasons("digits")
        assert (
            len(reasons) == 2 and f"big.jsonl::line{bad + 1}:" in reasons[0] and "list.json::" in reasons[1]
        ), o.reasons()
        assert "5,000 digits" in reasons[0], reasons

    return expect


def make_bad_option(*option):
    def make(tmp):
        d = folder(tmp)
        good_file(d)
        return [d, *option]

    return make


def expect_usage_error(option: str):
    def expect(o):
        lines = [ln for ln in o.stderr.splitlines() if ln.strip()]
        assert lines and option in lines[-1] and "error" in lines[-1], o.stderr
        assert not (o.out / "articles.parquet").exists()

    return expect


BAD_OPTIONS = [
    ("--budget", "-1"),
    ("--budget", "nan"),
    ("--budget", "inf"),
    ("--budget", "-inf"),
    ("--budget", "1e999"),
    ("--budget", "ten"),
    ("--workers", "-2"),
]


def make_colliding_ids(tmp):
    d = folder(tmp)
    ids = ["x", "x", None, "3", "None", "nan"]
    jsonl(d / "ids.jsonl", [{"id": i, "text": f"{GOOD} Row {n} of the lines."} for n, i in enumerate(ids)])
    rows = [("a", 0), ("a", 1), ("", 2), ("4", 3)]  # the blank id takes the row's line number (4)
    pd.DataFrame(
        {"id": [i for i, _ in rows], "text": [f"{GOOD} Row {n} of the table." for _, n in rows]}
    ).to_csv(d / "ids.csv", index=False)
    return [d]


def expect_one_source_each(o):
    sources = list(o.articles["source"])
    assert len(sources) == 10 and len(set(sources)) == 10, sorted(sources)
    ends = {s.rsplit("::", 1)[1] for s in sources}
    assert {"x", "None", "nan", "3", "a", "4"} <= ends, sorted(ends)  # given ids kept as given


INVISIBLE_FIGURES = {
    "isolates": "\u2066100,000\u2069",
    "rlm": "100,000\u200f",
    "lrm-inside": "100,\u200e000",
    "zwsp": "100,\u200b000",
    "nbsp": "100\u00a0000",
    "narrow-nbsp": "100\u202f000",
    "thin-space": "100\u2009000",
}


def make_invisible_in_figures(tmp):
    d = folder(tmp)
    for name, figure in INVISIBLE_FIGURES.items():
        good_file(
            d, f"{name}.txt", f"Russia has massed {figure} troops near Ukraine, Blinken said of the {name}."
        )
    return [d]


def expect_every_figure(o):
    t = o.tables["troops"].merge(o.articles[["article_id", "source"]], on="article_id")
    found = {Path(s).stem: v for s, v in zip(t["source"], t["value"], strict=True)}
    assert found == dict.fromkeys(INVISIBLE_FIGURES, 100_000), found


def make_empty_tables_and_assets(tmp):
    d = folder(tmp)
    good_file(d)
    pd.DataFrame({"text": pd.Series([], dtype=str), "title": pd.Series([], dtype=str)}).to_parquet(
        d / "zero-rows.parquet", index=False
    )
    (d / "header-only.csv").write_text("id,text,title\n", encoding="utf-8")
    (d / "blank-rows.csv").write_text("id,text\n,\n , \n\n", encoding="utf-8")
    from tests.analysis.test_fetch import SAMPLES
    from tests.make_html_samples import render

    page = render(SAMPLES[0], "wire")
    (d / "Story.html").write_text(page, encoding="utf-8")
    (d / "Story_files").mkdir()
    good_file(d / "Story_files", "notes.txt", GOOD2)  # an article someone put there
    (d / "Story_files" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with zipfile.ZipFile(d / "saved.zip", "w") as zf:
        zf.writestr("Page.html", page.replace("Blinken", "Blinken himself"))
        zf.writestr("Page_files/extra.txt", GOOD)
        zf.writestr("Page_files/app.js", "var x = 1;")
    return [d]


def expect_every_input_named(o):
    for name in (
        "zero-rows.parquet",
        "header-only.csv",
        "blank-rows.csv",
        "Story_files",
        "saved.zip/Page_files",
    ):
        assert o.reasons(name), (name, o.reasons())


def make_json_layouts(tmp):
    d = folder(tmp)

    def art(n):
        return {"title": f"Story {n}", "text": f"{GOOD} Story {n} of the JSON layouts."}

    (d / "two-lists.json").write_text(json.dumps({"articles": [art(1), art(2)], "more": [art(3)]}), "utf-8")
    (d / "first-not-object.json").write_text(json.dumps({"items": ["junk", art(4), 5, art(5)]}), "utf-8")
    (d / "top-list.json").write_text(json.dumps(["x", art(6)]), "utf-8")
    one = {**art(7), "tags": [{"name": "Ukraine"}, {"name": "NATO"}]}  # one article holding a list of objects
    (d / "one-article.json").write_text(json.dumps(one), "utf-8")
    return [d]


def expect_json_layouts(o):
    counts = o.articles["source"].map(lambda s: Path(s.split("::")[0]).name).value_counts().to_dict()
    assert counts == {
        "two-lists.json": 3,
        "first-not-object.json": 2,
        "top-list.json": 1,
        "one-article.json": 1,
    }, (
        counts,
        o.reasons(),
    )
    assert len(o.reasons("not a JSON object")) == 3, o.reasons()


def distinct_names(n: int, seed: int = 8) -> list[str]:
    """``n`` different people ("Given Surname"), from the census lists the discovery itself uses."""
    from analysis import names as name_data

    rng = random.Random(seed)
    given, sur = sorted(name_data.given_names()), sorted(name_data.surnames())
    seen: dict[str, None] = {}
    while len(seen) < n:
        seen[f"{rng.choice(given)} {rng.choice(sur).title()}"] = None
    return list(seen)


def make_megabyte_of_names(tmp):
    """1 MB articles full of different capitalised names, in three shapes: one a sentence, a list, and one
    run of names without punctuation among listed people (issue 22 item 8: 400 KB took 10.6 s before)."""
    d = folder(tmp)
    people = distinct_names(90_000)
    size = 1_000_000
    shapes = {
        "sentences.txt": "".join(f"{p} said talks would go on. " for p in people),
        "list.txt": ", ".join(p + (", Vladimir Putin" if i % 7 == 0 else "") for i, p in enumerate(people)),
        "run.txt": " ".join(p + (" Putin" if i % 3 == 0 else "") for i, p in enumerate(people)),
    }
    for name, text in shapes.items():
        good_file(d, name, text[:size].rsplit(" ", 1)[0] + ".")
    return [d, "--budget", "10"]


def expect_names_found_in_budget(o):
    assert not o.reasons("budget"), o.reasons()  # each 1 MB article analysed in under 10 s
    per_article = o.tables["mentions"].groupby("article_id").size()
    assert len(o.articles) == 3 and len(per_article) == 3 and per_article.min() > 10_000, per_article


DEEP_PARAGRAPHS = "".join(
    f"<p>Russia has massed troops near Ukraine, Blinken said after round {i} of the talks in Geneva on Monday.</p>"
    for i in range(8)
)


def deep_page(opening: str, closing: str, depth: int) -> str:
    tag = re.match(r"<(\w+)", opening).group(1) + str(len(opening))
    return (
        f"<html><head><title>Talks in Geneva ({tag} {depth})</title></head><body>"
        + opening * depth
        + f"<article><h1>Talks in Geneva ({tag} {depth})</h1>{DEEP_PARAGRAPHS.replace('.', f' ({tag}).')}</article>"
        + closing * depth
        + "</body></html>"
    )


def make_deep_pages(tmp):
    """Pages nested deeper than the HTML parser reads (libxml2 stops at 256 levels)."""
    d = folder(tmp)
    (d / "divs-300.html").write_text(deep_page("<div class='wrap'>", "</div>", 300), encoding="utf-8")
    (d / "mixed-3000.html").write_text(
        deep_page("<div><section><span>", "</span></section></div>", 1000), encoding="utf-8"
    )
    (d / "bold-5000.html").write_text(deep_page("<b>", "</b>", 5000), encoding="utf-8")
    (d / "unclosed-2000.html").write_text(deep_page("<div><font>", "", 2000), encoding="utf-8")
    (d / "quotes-2000.html").write_text(deep_page("<blockquote>", "</blockquote>", 2000), encoding="utf-8")
    return [d]


def expect_deep_pages_read(o):
    names = o.articles["source"].map(lambda s: Path(s).name)
    assert sorted(names) == sorted(
        ["divs-300.html", "mixed-3000.html", "bold-5000.html", "unclosed-2000.html", "quotes-2000.html"]
    ), o.reasons()
    assert all("Blinken said after round 7" in t for t in o.articles["text"]), list(o.articles["text"])


CLI_CASES: list[Case] = [
    Case("01-lone-surrogates-in-row-fields", "1", make_surrogates, expect_surrogates),
    Case("02-file-name-not-utf8", "2", make_bad_name, expect_bad_name),
    Case("03-troop-numbers-overflow-precision-sign", "3", make_big_numbers, expect_big_numbers),
    Case(
        "04-out-is-a-file",
        "4",
        make_out_is_file,
        expect_one_line_error_fast,
        rc=None,
        readable=False,
    ),
    Case(
        "04-out-not-writable",
        "4",
        make_out_unwritable,
        expect_one_line_error_fast,
        rc=None,
        readable=False,
    ),
    Case("05-symlink-to-itself", "5", make_self_link, expect_each_folder_once(1), timeout=60),
    Case("05-symlink-loops-exponential", "5", make_two_links, expect_each_folder_once(2), timeout=60),
    Case("06-jsonl-columns-per-object", "6", make_jsonl_columns, expect_jsonl_columns),
    Case("06-jsonl-first-object-without-text", "6", make_jsonl_first_without_text, expect_first_without_text),
    Case("07-parquet-two-text-columns", "7", make_parquet_duplicate_text, expect_duplicate_text),
    Case("07-parquet-struct-list-binary-float-text", "7", make_parquet_odd_types, expect_odd_types),
    Case("08-hidden-files-git-macosx", "8", make_hidden, expect_hidden),
    Case("08-exact-repeats-listed", "8", make_repeats, expect_repeat_listed),
    Case("09-mixed-utf8-cp1252-and-late-cp1252-csv", "9", make_mixed_encodings, expect_encodings),
    Case("10-impossible-and-odd-dates", "10", make_odd_dates, expect_odd_dates),
    Case("11-zero-width-and-combining-marks-in-names", "11", make_zero_width, expect_zero_width),
    Case("12-paragraph-without-sentence-stops", "12", make_no_stops, expect_done, timeout=45),
    Case("12-100k-quote-marks", "12", make_quote_marks, expect_done, timeout=45),
    Case("12-nested-quotes", "12", make_nested_quotes, expect_done, timeout=45),
    Case(
        "12-1mb-sentences-in-one-paragraph",
        "12",
        make_one_paragraph,
        expect_done,
        timeout=60,
    ),
    Case(
        "and-2mb-article-of-short-paragraphs",
        "and",
        make_two_mb_paragraphs,
        expect_done,
        timeout=60,
    ),
    Case("and-zip-20-members-of-9.9mb", "and", make_zip_of_big_members, expect_big_zip, timeout=90),
    Case("and-actors-csv-exclude-redos", "and", make_redos_actors, expect_done, timeout=30),
    Case(
        "and-out-inside-an-input-folder",
        "and",
        make_out_inside_input,
        expect_own_output_skipped,
    ),
    Case(
        "13-half-replaced-set-and-stale-tmp",
        "13",
        make_half_written_set,
        expect_set_verified,
    ),
    Case("14-two-runs-into-one-out", "14", make_concurrent, expect_locked, timeout=600),
    Case("15-csv-output-round-trips", "15", make_csv_round_trip, expect_csv_round_trip),
    *(
        Case(
            f"r3-04-{kind}-in-out",
            "r3.4",
            _planted(kind),
            expect_victim_untouched(True),
            rc=2,
            readable=False,
        )
        for kind in ("lock-symlink", "lock-hardlink", "lock-fifo", "generations-symlink")
    ),
    *(
        Case(
            f"r3-23-bad-option{name}={value}",
            "r3.23",
            make_bad_option(f"{name}={value}"),
            expect_usage_error(name),
            rc=2,
            readable=False,
        )
        for name, value in BAD_OPTIONS
    ),
    Case("r3-17-duplicate-and-nan-ids", "r3.17", make_colliding_ids, expect_one_source_each),
    Case(
        "r3-18-invisible-characters-in-troop-figures", "r3.18", make_invisible_in_figures, expect_every_figure
    ),
    Case(
        "r3-16-empty-tables-and-saved-page-folders",
        "r3.16",
        make_empty_tables_and_assets,
        expect_every_input_named,
    ),
    Case("r3-15-json-layouts", "r3.15", make_json_layouts, expect_json_layouts),
    Case("r3-19-pages-nested-deeper-than-the-parser-reads", "r3.19", make_deep_pages, expect_deep_pages_read),
    Case(
        "r3-08-megabyte-of-distinct-names",
        "r3.8",
        make_megabyte_of_names,
        expect_names_found_in_budget,
        timeout=240,
    ),
    Case(
        "r3-10-5000-digit-integer-in-small-jsonl",
        "r3.10",
        make_big_int_jsonl(20, 7),
        expect_one_reject_per_big_int(20, 7),
    ),
    Case(
        "r3-13-5000-digit-integer-in-sharded-jsonl",
        "r3.13",
        make_big_int_jsonl(2_000, 600),
        expect_one_reject_per_big_int(2_000, 600),
        timeout=300,
    ),
    Case(
        "r3-04-previous-tmp-symlink-in-out",
        "r3.4",
        _planted("previous-tmp-symlink"),
        expect_victim_untouched(False),
    ),
]


# ---------------------------------------------------------------- dashboard cases


@dataclass(frozen=True)
class AppCase:
    id: str
    item: str
    check: Callable[[Path], None]  # given a fresh tmp folder; raises on failure


APP = str(ROOT / "dashboard" / "app.py")


def app_test():
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(APP, default_timeout=180)


def no_traceback(at) -> None:
    assert not at.exception, [e.value for e in at.exception]


def cli_folder(tmp: Path, files: dict[str, str | bytes], *args) -> Path:
    d = folder(tmp)
    for name, text in files.items():
        p = d / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    out = tmp / "out"
    rc, err, _ = run_cli([d, *args], out, 300)
    assert rc == 0, err
    return out


def check_upload_then_widget(tmp):
    at = app_test().run()
    at.file_uploader(key="upload").set_value(("a.txt", GOOD.encode(), "text/plain")).run()
    no_traceback(at)
    at.sidebar.radio(key="freq").set_value("M").run()
    no_traceback(at)
    assert at.metric[0].value == "1"
    again = app_test().run()  # the same bytes in another session
    again.file_uploader(key="upload").set_value(("a.txt", GOOD.encode(), "text/plain")).run()
    no_traceback(again)


def check_upload_same_names(tmp):
    at = app_test().run()
    at.file_uploader(key="upload").set_value(
        [
            ("x.txt", GOOD.encode(), "text/plain"),
            ("x.txt", GOOD2.encode(), "text/plain"),
            ("a/y.txt", GOOD3.encode(), "text/plain"),
            ("b/y.txt", (GOOD3 + " Again.").encode(), "text/plain"),
        ]
    ).run()
    no_traceback(at)
    assert at.metric[0].value == "4", at.metric[0].value


def check_zip_upload(tmp):
    at = app_test().run()
    t0 = time.perf_counter()
    at.file_uploader(key="upload").set_value(
        [
            ("big.zip", big_zip_bytes(), "application/zip"),
            ("a.txt", f" date 2022-01-05 {GOOD}".encode(), "text/plain"),
        ]
    ).run(timeout=120)
    no_traceback(at)
    assert time.perf_counter() - t0 < 120
    assert at.metric[0].value == "1"
    assert any("big.zip" in str(df.value.to_string()) for df in at.dataframe), "the zip's reject row is shown"


HOSTILE_MARKDOWN = (
    "![](http://tracker.example/px.gif) :red[alert] $x^2$ [click](data:text/html,<b>x</b>) <img src=x>"
)


def check_markdown_inert(tmp):
    out = cli_folder(
        tmp,
        {
            "m.jsonl": json.dumps(
                {
                    "id": "![](http://tracker.example/id.gif)",
                    "url": "http://x.org/![](http://tracker.example/u.gif)",
                    "outlet": "<span style='display:block;width:200px'>Out</span><a href='http://evil'>x</a>",
                    "title": HOSTILE_MARKDOWN,
                    "date": "2022-01-05",
                    "text": GOOD + "\n\n" + HOSTILE_MARKDOWN,
                }
            )
            + "\n"
        },
    )
    import re

    at = app_test()
    at.query_params["q"] = ""
    at.run()
    at.text_input(key="folder").set_value(str(out)).run()
    no_traceback(at)
    live = re.compile(r"(?<!\\)!\[[^\]]*\]\(|(?<!\\):red\[|<img|<span style|\]\(data:")
    texts = [
        e.value for e in [*at.markdown, *at.caption, *at.title, *at.subheader] if isinstance(e.value, str)
    ]
    assert not [t for t in texts if live.search(t.replace("<mark", "").replace("</mark>", ""))], texts
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    for spec in specs:  # the raw series key a click maps back to, never drawn (no hovertemplate reads it)
        for trace in spec.get("data", []):
            assert "customdata" not in str(trace.get("hovertemplate", "")), trace.get("hovertemplate")
            trace.pop("customdata", None)
    charts = json.dumps(specs, ensure_ascii=False)
    assert "Out" in charts and "<span style" not in charts and "<a href" not in charts


def check_formula_prefixes(tmp):
    from dashboard import exports

    risky = ["\uff1dHYPERLINK(1)", "\uff0b1", "\uff0d1", "\uff20SUM(1)", "\ufe66cmd", "\ufeff=cmd", "|calc"]
    out = exports.neutralise(pd.DataFrame({"x": risky}))
    assert all(v.startswith("'") for v in out["x"]), list(out["x"])


def check_undated_shown(tmp):
    out = cli_folder(tmp, {"a.txt": GOOD, "b.txt": GOOD2})  # neither has a date
    at = app_test().run()
    at.text_input(key="folder").set_value(str(out)).run()
    no_traceback(at)
    assert at.metric[0].value == "2", at.metric[0].value
    assert any(
        "undated" in str(e.value).lower()
        for e in [*at.caption, *at.markdown, *at.info, *at.warning, *at.sidebar.checkbox]
        if hasattr(e, "value")
    ) or any("undated" in str(c.label).lower() for c in at.sidebar.checkbox)


def check_aggregate_memory(tmp):
    code = """
import resource, numpy as np, pandas as pd
resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))
from dashboard.dataset import Dataset, Filters, bucket_sql
rng = np.random.default_rng(0)
n = 200_000
days = rng.integers(0, (pd.Timestamp('2099-12-31') - pd.Timestamp('1900-01-01')).days, n)
a = pd.DataFrame({'article_id': [f'a{i}' for i in range(n)], 'source': '', 'title': '', 'date_source': 'file',
                  'published': (pd.Timestamp('1900-01-01') + pd.to_timedelta(days, unit='D')).date,
                  'outlet': [f'outlet {i % 100_000}' for i in range(n)], 'url': '', 'text': 'x', 'n_words': 1,
                  'duplicate_of': None})
sel = Dataset.from_tables({'articles': a}).select(Filters())
for freq in ('D', 'W', 'M'):
    agg = sel.sql(f"SELECT {bucket_sql(freq)} period, outlet, count(*) value FROM sel_articles GROUP BY ALL")
    assert agg['value'].sum() == n
print('ok')
"""
    p = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False
    )
    assert p.returncode == 0 and "ok" in p.stdout, p.stderr[-1500:]


def _wrong_folder(tmp: Path, name: str) -> Path:
    import shutil

    base = cli_folder(tmp, {"a.txt": GOOD, "b.txt": GOOD2})
    bad = tmp / name
    shutil.copytree(base, bad)
    return bad


def check_wrong_tables(tmp):
    from dashboard.safety import inert_line

    cases = {}
    p = _wrong_folder(tmp, "int-id")
    a = pd.read_parquet(p / "articles.parquet")
    a.assign(article_id=range(len(a))).to_parquet(p / "articles.parquet", index=False)
    cases[p] = ("articles", "article_id")
    p = _wrong_folder(tmp, "no-text")
    pd.read_parquet(p / "articles.parquet").drop(columns=["text"]).to_parquet(
        p / "articles.parquet", index=False
    )
    cases[p] = ("articles", "text")
    p = _wrong_folder(tmp, "string-offsets")
    m = pd.read_parquet(p / "mentions.parquet")
    m.assign(start=m["start"].astype(str) + "x").to_parquet(p / "mentions.parquet", index=False)
    cases[p] = ("mentions", "start")
    p = _wrong_folder(tmp, "swapped")
    pd.read_parquet(p / "mentions.parquet").to_parquet(p / "quotes.parquet", index=False)
    cases[p] = ("quotes", "")
    for path, (table, column) in cases.items():
        at = app_test().run()
        at.text_input(key="folder").set_value(str(path)).run()
        no_traceback(at)
        errors = " ".join(e.value for e in at.error)  # Markdown source: text from the data comes escaped
        assert inert_line(table) in errors and inert_line(column) in errors and "Traceback" not in errors, (
            path.name,
            errors,
        )


def check_empty_downloads(tmp):
    from dashboard import exports
    from dashboard.dataset import Dataset, Filters
    from dashboard.downloads import ZIP_TABLES, zip_tables

    out = cli_folder(tmp, {"a.txt": GOOD, "b.txt": GOOD2})
    sel = Dataset.from_folder(out).select(Filters(outlets=("no such outlet",)))
    assert sel.headline()["articles"] == 0
    for name in ("articles", "mentions", "troops", "quotes"):
        full = sel.table(name)
        assert full.empty and list(SCHEMAS[name]) == list(full.columns)[: len(SCHEMAS[name])], name
        for build in (exports.to_csv, exports.to_excel, exports.to_parquet):
            assert build(full), (name, build.__name__)
    with zipfile.ZipFile(io.BytesIO(zip_tables(sel))) as zf:
        assert sorted(zf.namelist()) == sorted(f"{n}.csv" for n in ZIP_TABLES)
        header = zf.read("quotes.csv").decode().splitlines()
        assert header[0].split(",")[: len(SCHEMAS["quotes"])] == list(SCHEMAS["quotes"]) and len(header) == 1


# ---------------------------------------------------------------- issue 22 (round three): fetching


def _sites_on_one_port():
    """A "public" site on 127.0.0.2 and a "private" one on 127.0.0.1, on one port (so a URL that reaches the
    wrong one differs only in the address connected to)."""
    from tests.analysis.test_fetch import Site

    for _ in range(20):
        public = Site(host="127.0.0.2")
        try:
            private = Site(port=public.port)
        except OSError:  # the port is taken on 127.0.0.1
            public.server.server_close()
            continue
        return public, private
    raise RuntimeError("no port free on both 127.0.0.1 and 127.0.0.2")


@contextlib.contextmanager
def hostile_dns(answers: dict[str, list[list[str]]]):
    """The fetcher's look-ups answer ``answers[host]`` (one list of addresses per look-up, the last repeated);
    127.0.0.2 counts as a public address. A DNS server that lies cannot be had on 127.0.0.1 without root, so this
    replaces the resolver (and the address policy) of ``analysis.download`` only; urllib3 keeps the system's."""
    from analysis import download

    real_resolve, real_public = download._resolve, download.public_address
    calls: dict[str, int] = {}

    def resolve(host, port):
        if host not in answers:
            return real_resolve(host, port)
        n = calls[host] = calls.get(host, 0) + 1
        return answers[host][min(n, len(answers[host])) - 1]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(download, "_resolve", resolve)
        mp.setattr(download, "public_address", lambda ip: ip == "127.0.0.2" or real_public(ip))
        yield calls


def _fetch(tmp: Path, urls: list[str], **kw) -> tuple[dict[str, RawDoc], list[Reject]]:
    """The articles fetched from a URL list, by source; the rejects."""
    from tests.analysis.test_fetch import fast

    lst = tmp / f"urls{len(list(tmp.glob('urls*.txt')))}.txt"
    lst.write_text("\n".join(urls) + "\n", encoding="utf-8")
    items = list(iter_inputs([lst], ReadOptions(fetch=fast(tmp / "cache", retries=0, **kw))))
    return {i.source: i for i in items if isinstance(i, RawDoc)}, [i for i in items if isinstance(i, Reject)]


def check_url_parser_disagreement(tmp):
    from urllib.parse import quote

    public, private = _sites_on_one_port()
    port = public.port
    tricks = [
        f"http://127.0.0.1:{port}\\@public.example/news/0",  # urllib3: 127.0.0.1; urlsplit: public.example
        f"http://127.0.0.1:{port}\\\\@public.example/news/0",
        f"http://127.0.0.1:{port}\\x@public.example:{port}/news/0",
        f"http://x@127.0.0.1:{port}@public.example/news/0",
    ]
    with public, private, hostile_dns({"public.example": [["127.0.0.2"]]}):
        via = [
            f"http://public.example:{port}/go?to={quote(t, safe='')}" for t in tricks
        ]  # the same, redirected
        docs, rejects = _fetch(tmp, tricks + via, public_only=True)
    assert not private.hits, private.hits
    refused = [r for r in rejects if not r.reason.startswith("warning: ")]
    assert not docs and len(refused) == len(tricks) * 2, rejects
    assert all("not a valid URL" in r.reason for r in refused), refused


def check_dns_rebinding(tmp):
    public, private = _sites_on_one_port()
    with public, private, hostile_dns({"localhost": [["127.0.0.2"]]}) as calls:  # the system says 127.0.0.1
        docs, rejects = _fetch(tmp, [f"http://localhost:{public.port}/news/0"], public_only=True)
    assert not private.hits, private.hits  # the check saw 127.0.0.2: the page comes from there
    assert list(docs) == [f"http://localhost:{public.port}/news/0"], rejects
    assert public.hits["/news/0"] == 1 and set(public.hosts) == {f"localhost:{public.port}"}
    assert calls == {"localhost": 2}  # one look-up a connection (robots.txt, the page), none by urllib3


def check_credentials_not_stored(tmp):
    from urllib.parse import quote

    from analysis.fetch import CREDENTIALS_REMOVED
    from tests.analysis.test_fetch import Site

    with Site() as site:
        host = site.base.removeprefix("http://")
        lst = folder(tmp) / "urls.txt"
        redirect = quote(f"http://ann:hunter2@{host}/news/1", safe="")
        lst.write_text(
            f"http://bob:s3cr3tpw@{host}/news/0\nhttp://{host}/go?to={redirect}\n", encoding="utf-8"
        )
        rc, err, _ = run_cli([lst, "--cache", tmp / "cache"], tmp / "out", 120)
        sent = [h.get("Authorization", "") for h in site.headers]
    assert rc == 0, err
    o = load_outcome(rc, err, 0, tmp, tmp / "out")
    assert len(o.articles) == 2, o.reasons()
    stored = [json.dumps(df.astype(str).to_dict("records")) for df in o.tables.values()]
    stored += [f.read_text("utf-8", "replace") for f in (tmp / "cache").rglob("*") if f.is_file()]
    secret = re.compile("bob:s3cr3tpw|ann:hunter2")  # (the redirect's query holds the second percent-encoded)
    assert not [secret.findall(s) for s in stored if secret.search(s)]
    assert not any(sent), sent
    warned = o.reasons("user name and password")  # the list's URL (a redirect's are dropped without a word)
    assert warned == [f"http://{host}/news/0: {CREDENTIALS_REMOVED}"], o.reasons()


def check_fetch_cache_trusted_only_when_ours(tmp):
    from analysis.download import Cache, Outcome
    from tests.analysis.test_fetch import Site

    with Site() as site:
        url = site.url("/news/0")
        shared = tmp / "shared"  # a cache others can write to (here: ours, but world-writable)
        shared.mkdir(mode=0o777)
        shared.chmod(0o777)
        planted = Cache(shared)
        body = planted.stage(url)
        body.write_text(
            "<html><body>" + "<p>Planted words of a forged article, told as news.</p>" * 30, "utf-8"
        )
        planted.put(Outcome(url, url, 200, "text/html", "", True, planted.commit_body(url, body)))
        docs, _ = _fetch(tmp, [url], cache_dir=shared)
        assert "Planted" not in docs[url].text and site.hits["/news/0"] == 1

        own = tmp / "own"  # ours, made by the fetcher: this user's only
        docs, _ = _fetch(tmp, [url], cache_dir=own)
        assert own.stat().st_mode & 0o777 == 0o700 and url in docs
        docs, rejects = _fetch(tmp, [url], cache_dir=own, public_only=True)  # a hit is checked like a fetch
        assert not docs and [r.reason for r in rejects] == [
            "not fetched: 127.0.0.1 is a private or local address (127.0.0.1)"
        ]
        assert site.hits["/news/0"] == 2


def _page_text(at) -> str:
    """Every text element of the page (sidebar included), as one string."""
    parts = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "title", "subheader", "text"):
        parts += [str(e.value) for e in at.get(kind)]
    parts += [str(e.value) for e in at.sidebar.get("markdown")] + [
        str(e.value) for e in at.sidebar.get("error")
    ]
    return "\n".join(parts)


def _open_folder(folder: str, env: dict[str, str], via_link: bool = False):
    """The app opened on ``folder`` (typed in the box, or in a link's ``folder=``) under ``env``."""
    with pytest.MonkeyPatch.context() as mp:
        for k in ("WIREWATCH_DATA_ROOT", "WIREWATCH_HOSTED", "WIREWATCH_DATA"):
            mp.delenv(k, raising=False)
        for k, v in env.items():
            mp.setenv(k, v)
        at = app_test()
        if via_link:
            at.query_params["folder"] = folder
            at.run()
        else:
            at.run()
            at.text_input(key="folder").set_value(folder).run()
    no_traceback(at)
    return at


def check_refusals_name_no_server_path(tmp):
    from dashboard.safety import inert_line

    root = tmp / "srv-data-root"
    out = cli_folder(tmp, {"a.txt": GOOD})
    import shutil

    shutil.copytree(out, root / "window")
    (root / "empty").mkdir()
    (root / "notes").mkdir()
    (root / "notes" / "x.txt").write_text("not a table", encoding="utf-8")
    outside = tmp / "elsewhere"
    outside.mkdir()
    env = {"WIREWATCH_DATA_ROOT": str(root), "WIREWATCH_HOSTED": "1"}
    messages = {}
    for typed in ("missing", "empty", "notes", str(outside), "../elsewhere", "window/../../elsewhere"):
        at = _open_folder(typed, env)
        page = _page_text(at).replace("\\", "").replace(typed, "<typed>")  # (Markdown escapes removed)
        assert str(tmp) not in page, (typed, page)  # no server path but what the visitor typed
        [error] = [e.value for e in at.error]
        messages[typed] = error.replace(inert_line(typed), "<typed>")
    assert len(set(messages.values())) == 1, messages  # one message: it tells no folder from a missing one
    at = _open_folder("window", env)
    assert at.metric[0].value == "1" and str(tmp) not in _page_text(at).replace("\\", "")


def check_null_byte_in_folder_link(tmp):
    modes = [{}, {"WIREWATCH_HOSTED": "1"}, {"WIREWATCH_DATA_ROOT": str(tmp)}]
    for env in modes:
        for folder_param in ("\x00", "a\x00b", "/tmp/\x00/x"):
            for via_link in (True, False):
                if via_link is False and env.get("WIREWATCH_HOSTED") and "WIREWATCH_DATA_ROOT" not in env:
                    continue  # no box offered
                at = _open_folder(folder_param, env, via_link=via_link)
                assert at.error and "null" not in " ".join(e.value for e in at.error).lower(), (
                    env,
                    folder_param,
                )


def check_url_list_with_a_bad_line(tmp):
    from tests.analysis.test_fetch import Site

    with Site() as site:
        urls = [
            site.url("/news/0"),
            "ftp://files.example/report.pdf",
            site.url("/news/1"),
            "htps://typo.example/x",
        ]
        docs, rejects = _fetch(tmp, urls)
        assert sorted(docs) == sorted(urls[::2]) and site.hits["/news/0"] == site.hits["/news/1"] == 1
    lst = str(tmp / "urls0.txt")
    assert [(r.source, r.reason.split(":")[0]) for r in rejects] == [
        (f"{lst}::line2", "line 2"),
        (f"{lst}::line4", "line 4"),
    ], rejects
    assert all("not an http(s) URL" in r.reason for r in rejects)
    for text in (
        "Blinken met Lavrov.\nhttps://a.example/1\n",
        "https://a.example/1\nLavrov said talks would go on.\n",
    ):
        p = tmp / "article.txt"
        p.write_text(text, encoding="utf-8")
        items = list(iter_inputs([p], ReadOptions(fetch=None)))
        assert [type(i).__name__ for i in items] == ["RawDoc"], items  # prose with a link is an article


def check_rerun_analyses_articles_cut_short(tmp):
    """Issue 22 item 12: a rerun reused the articles the budget had cut short, without metrics, and their reject
    rows were gone. They are analysed again (their rejects kept while they still run over), and a change of
    budget is a change of settings (nothing reused)."""
    import analysis.extract as ex
    from analysis.pipeline import fingerprint, run

    src = jsonl(
        folder(tmp) / "a.jsonl",
        [{"id": f"s{i}", "text": f"STALL {i}. {GOOD}"} for i in range(3)] + [{"id": "ok", "text": GOOD2}],
    )
    out, cfg = tmp / "out", Config(workers=1, progress=False, budget_s=0.3)
    real = ex.analyse_article

    def slow_on_marker(article, *a, **k):
        if "STALL" in article.text:
            time.sleep(5)
        return real(article, *a, **k)

    def budget_rejects(res) -> list[str]:
        return sorted(r.source.rsplit("::", 1)[-1] for r in res.rejects if "budget" in r.reason)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ex, "analyse_article", slow_on_marker)
        first = run([src], out, cfg=cfg)
        assert budget_rejects(first) == ["s0", "s1", "s2"] and len(first.quotes) == 1
        again = run([src], out, cfg=cfg)  # the same settings, the same slow articles
        assert again.reused == 1 and budget_rejects(again) == ["s0", "s1", "s2"], again.rejects
    done = run([src], out, cfg=cfg)  # the articles now fit the budget: analysed, not reused empty
    assert done.reused == 1 and budget_rejects(done) == [] and len(done.quotes) == 4, (
        done.reused,
        done.rejects,
    )
    full = run([src], tmp / "full", cfg=cfg)
    for name in ("mentions", "troops", "quotes", "rejects"):
        pd.testing.assert_frame_equal(done.table(name), full.table(name), obj=name)
    assert fingerprint(cfg) != fingerprint(Config(workers=1, progress=False, budget_s=60))


class Trickle:
    """A server on 127.0.0.1 that answers one byte every ``gap`` seconds: the body (``Content-Length: 100000``),
    the headers, or robots.txt (then whole pages). Each connection gives up after ``limit`` seconds."""

    PAGE = GOOD.join(
        ["<html><head><title>Talks</title></head><body><article><p>", "</p></article></body></html>"]
    )

    def __init__(self, gap: float = 0.1, limit: float = 30.0):
        import socket
        import threading

        self.gap, self.limit = gap, limit
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(5)
        self.sock.close()

    def _serve(self):
        import threading

        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _drip(self, conn, data: bytes, t0: float) -> None:
        for i in range(len(data)):
            if self.stop.is_set() or time.monotonic() - t0 > self.limit:
                return
            conn.sendall(data[i : i + 1])
            time.sleep(self.gap)

    def _answer(self, conn):
        t0 = time.monotonic()
        with contextlib.suppress(OSError), conn:
            path = conn.recv(65536).split(b" ")[1].decode()
            page = self.PAGE.encode()
            if path == "/robots.txt":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n")
                self._drip(conn, b"User-agent: *\nAllow: /\n" * 5000, t0)
            elif path == "/body":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
                self._drip(conn, page * 1000, t0)
            elif path == "/headers":
                self._drip(conn, b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"x" * 100000, t0)
            else:
                head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(page)}\r\n\r\n"
                conn.sendall(head.encode() + page)


def check_download_deadline_during_reads(tmp):
    """Issue 22 item 7: the whole-download limit was checked between reads of 64 KB: a page served a byte at a
    time ran for hours, and so did robots.txt, which every page of the site waits for."""
    from analysis.download import Cache, HostGate, Robots, fetch_one, make_pool
    from tests.analysis.test_fetch import fast

    with Trickle() as site:
        opts = fast(tmp / "cache", timeout=1.0, total_timeout=2.0, retries=0, robots=False)
        http, cache = make_pool(opts), Cache(tmp / "cache")
        for path in ("/body", "/headers"):
            t0 = time.monotonic()
            got = fetch_one(site.url(path), opts, http, HostGate(2, 0.0), cache)
            assert time.monotonic() - t0 < 5, (path, time.monotonic() - t0, got.error)
            assert got.body is None and "timeout" in got.error and "2 s" in got.error, (path, got)
        opts = fast(tmp / "cache2", timeout=1.0, total_timeout=2.0, retries=0)  # robots.txt obeyed
        gate = HostGate(2, 0.0)
        t0 = time.monotonic()
        got = fetch_one(site.url("/page"), opts, http, gate, Cache(tmp / "cache2"), Robots(opts, http, gate))
        assert time.monotonic() - t0 < 6, (time.monotonic() - t0, got.error)
        assert got.body is not None and not got.error, (
            got
        )  # robots.txt unread in time: no rules, as unreachable


def _peak_mb_reading(path: Path) -> tuple[float, str]:
    """The peak memory (MB, this process's own: VmHWM) of a fresh process that reads ``path`` as the command line
    does, and the articles and rejects it read."""
    code = (
        "import re, sys\nfrom pathlib import Path\nfrom analysis.io import iter_inputs\n"
        "from analysis.schemas import RawDoc\ndocs = rejects = 0\n"
        "for i in iter_inputs([Path(sys.argv[1])]):\n"
        "    docs += isinstance(i, RawDoc)\n    rejects += not isinstance(i, RawDoc)\n"
        "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
        "print(int(peak) / 1024, docs, rejects)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code, str(path)], env=env, capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    peak, counts = proc.stdout.decode().split(" ", 1)
    return float(peak), counts.strip()


def check_big_json_read_item_by_item(tmp):
    """Issue 22 item 9: a .json was parsed whole, without the size limit of other files, in some 10-47 times its
    size (51 MB: 2.4 GB; 3 GB: a MemoryError). Now read an item at a time, in memory bounded by the largest."""
    text = "Lavrov met Blinken in Geneva on Monday."
    rows = [{"id": i, "text": text} for i in range(400_000)]
    lines = tmp / "big.jsonl"  # the same rows as JSON Lines: read a line at a time, the measure to meet
    lines.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    big = tmp / "big.json"
    big.write_text(json.dumps(rows), encoding="utf-8")
    size_mb = big.stat().st_size / 1e6
    base, counts = _peak_mb_reading(lines)
    peak, counts = _peak_mb_reading(big)
    assert counts == "400000 0", counts
    assert peak - base < size_mb, (base, peak, size_mb)  # before: 191 MB more than as JSON Lines (27 MB)
    layout = tmp / "layout.json"  # an object holding lists, some of objects: the same rows as read whole
    layout.write_text(
        json.dumps({"tags": ["a", "b"], "articles": rows[:30_000] + ["x"], "more": rows[:5]}), "utf-8"
    )
    peak, counts = _peak_mb_reading(layout)
    assert counts == "30005 1" and peak < base, (counts, peak, base)


MIXED_ENCODINGS = (
    "Caf\u00e9 talks in Kyiv.\n".encode() + "Lavrov said \u201cno\u201d.\n".encode("cp1252") + GOOD.encode()
)


def check_warnings_are_not_rejects(tmp):
    """Issue 22 item 24: warnings were reject rows told apart by a "warning: " prefix, and the page said "1 input
    could not be read" of a file read with its encodings repaired. The rejects table has a ``kind`` column."""
    at = app_test().run()
    at.file_uploader(key="upload").set_value(
        [("a.txt", GOOD.encode(), "text/plain"), ("mixed.txt", MIXED_ENCODINGS, "text/plain")]
    ).run()
    no_traceback(at)
    page = _page_text(at)
    assert at.metric[0].value == "2" and "could not be read" not in page, page
    assert "1 input was read with a warning" in page, page
    out = cli_folder(tmp, {"a.txt": GOOD, "mixed.txt": MIXED_ENCODINGS, "bad.bin": b"\x00\x01binary"})
    rejects = read_tables(out)["rejects"]
    kinds = dict(zip(rejects["source"].map(lambda s: Path(s).name), rejects["kind"], strict=True))
    assert kinds == {"mixed.txt": "warning", "bad.bin": "reject"}, rejects


# caches keyed by a finite set of names (lexicon files, named sets): bounded by what the package ships
UNBOUNDED_BY_NAME = {
    *(f"analysis.lexicons.{f}" for f in ("text", "lines", "words", "alternation", "table")),
    "analysis.attribution.lexicon.verb_set",
}


def check_process_wide_memos_are_bounded(tmp):
    """Issue 22 item 25: memos that live as long as the Streamlit server grew with every session's texts
    (``score_quote`` kept up to 262,144 texts of any length, ``dedupe._WORD_CRC`` a million words of any length,
    the attribution's compiled patterns one per phrase met). Each is bounded, in entries and in size."""
    import importlib
    import pkgutil

    import analysis
    import dashboard
    from analysis import dedupe, sentiment

    caches: dict[int, str] = {}  # every functools cache of the two packages, by where it is defined
    for pkg in (analysis, dashboard):
        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            if info.name.endswith(("__main__", ".app")):
                continue
            module = importlib.import_module(info.name)
            for name, obj in vars(module).items():
                cached = callable(getattr(obj, "cache_info", None)) and not isinstance(obj, type)
                if cached and obj.cache_info().maxsize is None:
                    ours = getattr(obj, "__module__", "").startswith(("analysis", "dashboard"))
                    caches.setdefault(
                        id(obj), f"{obj.__module__}.{obj.__qualname__}" if ours else f"{info.name}.{name}"
                    )
    unbounded = sorted(set(caches.values()) - UNBOUNDED_BY_NAME)
    assert not unbounded, unbounded  # (the attribution's patterns, compiled once per phrase, were)
    memo = sentiment.score_quote.memo
    assert memo.max_size <= 64_000_000 and memo.max_items <= 300_000
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(memo, "max_size", 20_000)
        memo.clear()
        for i in range(40):
            sentiment.score_quote(f"Quote {i}: " + "we are worried about the talks. " * 30)
        assert 0 < len(memo) < 40 and memo.total <= 20_000, (len(memo), memo.total)
        memo.clear()
    dedupe._WORD_CRC.clear()
    for i in range(200):
        dedupe.word_hashes([f"{i}" + "x" * 100_000, f"w{i}"])  # words a megabyte long: hashed, not kept
    assert sum(map(len, dedupe._WORD_CRC)) <= dedupe.WORD_CRC_CHARS and len(dedupe._WORD_CRC) == 200


class Killed(BaseException):
    """A kill, at one step of ``commit``: nothing after it runs (a BaseException: no handler but run's cleanup)."""


def check_kill_inside_a_format_switch(tmp):
    """Issue 22 item 20: a kill inside ``commit`` when the format changed left ``articles.parquet`` pointing into
    a generation holding only CSV (and a reader saw the same gap during any switch). Killed after each step of
    the commit, from Parquet to CSV and back, the folder reads as one complete set, the old or the new."""
    import analysis.output as output
    from analysis.pipeline import run

    src = good_file(folder(tmp), "a.txt", GOOD)
    cfg = Config(workers=1, progress=False, incremental=False)
    out = tmp / "out"
    run([src], out, "parquet", cfg)
    real = {"replace": os.replace, "symlink": os.symlink, "unlink": Path.unlink}
    for fmt in ("csv", "parquet", "csv"):
        steps = 0
        while True:  # kill at step 1, 2, ... until a commit runs to its end
            count = [0]

            def step(kind, *a, _n=steps + 1, count=count, **k):
                count[0] += 1
                if count[0] == _n:
                    raise Killed(kind)
                return real[kind](*a, **k)

            with pytest.MonkeyPatch.context() as mp:
                mp.setattr(output.os, "replace", lambda *a, **k: step("replace", *a, **k))
                mp.setattr(output.os, "symlink", lambda *a, **k: step("symlink", *a, **k))
                mp.setattr(output.Path, "unlink", lambda *a, **k: step("unlink", *a, **k))
                try:
                    run([src], out, fmt, cfg)
                    done = True
                except Killed:
                    done = False
            tables = read_tables(out)  # one complete set: every table, of one generation
            assert set(tables) == set(SCHEMAS), (fmt, steps)
            assert len(tables["articles"]) == 1 and len(tables["quotes"]) == 1, (fmt, steps, tables)
            for name in SCHEMAS:  # and through the links in OUT, as pandas, DuckDB or the dashboard read it
                pd.testing.assert_frame_equal(
                    read_table(out, name), tables[name], obj=f"{fmt} {steps} {name}"
                )
            steps += 1
            if done:
                break
        assert steps > 3, steps


def check_dataset_pinned_to_one_generation(tmp):
    """Issue 22 item 21: a Dataset left open while a run committed followed the new links for its articles but
    kept the old generation's child tables (10 articles, 3 quotes of articles no longer listed). It reads the
    generation that was current when it opened, whatever commits after."""
    from analysis.pipeline import run
    from dashboard.dataset import Dataset, Filters

    d = folder(tmp)
    cfg = Config(workers=1, progress=False, incremental=False)
    first = [
        good_file(d, f"a{i}.txt", f'"We are ready, day {i}," Blinken said. Lavrov met him.') for i in range(3)
    ]
    run(first, tmp / "out", "parquet", cfg)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIREWATCH_CACHE", str(tmp / "cache"))
        ds = Dataset.from_folder(tmp / "out")
        before = ds.select(Filters())
        seen = (before.headline(), before.table("articles"), before.table("quotes"))
        later = [
            good_file(d, f"b{i}.txt", f"NATO met in Brussels on day {i}. Stoltenberg spoke.")
            for i in range(10)
        ]
        run(later, tmp / "out", "parquet", cfg)
        after = ds.select(Filters())  # the same Dataset, a run later
        assert after.headline() == seen[0], (after.headline(), seen[0])
        pd.testing.assert_frame_equal(after.table("articles"), seen[1])
        pd.testing.assert_frame_equal(after.table("quotes"), seen[2])
        assert len(seen[1]) == 3 and set(seen[2]["article_id"]) <= set(seen[1]["article_id"])
        fresh = Dataset.from_folder(tmp / "out").select(Filters())  # opened again: the new generation
        assert fresh.headline()["articles"] == 10 and fresh.headline()["quotes"] == 0


def check_folder_names_with_glob_characters(tmp):
    """Issue 22 item 22: DuckDB expands glob characters in the paths it reads: a folder ``run [1]`` showed the
    articles of ``run 1``. Every path is read as itself."""
    import shutil

    from analysis.output import current_generation
    from analysis.pipeline import run
    from dashboard.dataset import Dataset, Filters

    d = folder(tmp)
    cfg = Config(workers=1, progress=False, incremental=False)
    one = [good_file(d, "one.txt", GOOD)]
    three = [
        good_file(d, f"t{i}.txt", f"NATO met in Brussels on day {i}. Stoltenberg spoke.") for i in range(3)
    ]
    root = tmp / "root"
    pairs = [("run [1]", "run 1"), ("run *", "run x"), ("run ?", "run y"), ("[ab]", "a")]
    run(three, tmp / "three", "parquet", cfg)
    other = current_generation(tmp / "three")
    for (
        real,
        decoy,
    ) in pairs:  # the decoy: a copy of the real folder (its generation's name too), other tables
        run(one, root / real, "parquet", cfg)
        shutil.copytree(root / real, root / decoy, symlinks=True)
        gen = current_generation(root / decoy)
        for f in other.iterdir():
            shutil.copy(f, gen / f.name)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WIREWATCH_CACHE", str(tmp / "cache [x]"))  # the cache's folder too
        for real, decoy in pairs:
            assert Dataset.from_folder(root / real).select(Filters()).headline()["articles"] == 1, real
            assert Dataset.from_folder(root / decoy).select(Filters()).headline()["articles"] == 3, decoy
    at = _open_folder("run [1]", {"WIREWATCH_DATA_ROOT": str(root)})  # as the page opens it
    assert at.metric[0].value == "1", at.metric[0].value
    shutil.rmtree(root / "run 1")
    assert Dataset.from_folder(root / "run [1]").select(Filters()).headline()["articles"] == 1


APP_CASES: list[AppCase] = [
    AppCase("08-upload-two-files-same-name", "8", check_upload_same_names),
    AppCase("16-upload-then-widget-change", "16", check_upload_then_widget),
    AppCase("17-markdown-and-html-inert", "17", check_markdown_inert),
    AppCase("18-full-width-formula-prefixes", "18", check_formula_prefixes),
    AppCase("19-undated-articles-shown", "19", check_undated_shown),
    AppCase("20-aggregates-memory-follows-rows", "20", check_aggregate_memory),
    AppCase("21-wrong-tables-named-on-load", "21", check_wrong_tables),
    AppCase("22-empty-selection-downloads", "22", check_empty_downloads),
    AppCase("and-zip-of-big-members-as-upload", "and", check_zip_upload),
    AppCase("r3-01-url-parser-disagreement-backslash-at", "r3.1", check_url_parser_disagreement),
    AppCase("r3-02-dns-rebinding", "r3.2", check_dns_rebinding),
    AppCase(
        "r3-03-fetch-cache-owner-mode-and-checked-hits", "r3.3", check_fetch_cache_trusted_only_when_ours
    ),
    AppCase("r3-05-credentials-stripped-before-storing", "r3.5", check_credentials_not_stored),
    AppCase("r3-14-url-list-with-a-line-that-is-not-http", "r3.14", check_url_list_with_a_bad_line),
    AppCase("r3-06-refusals-one-message-no-server-path", "r3.6", check_refusals_name_no_server_path),
    AppCase("r3-11-null-byte-in-folder-link", "r3.11", check_null_byte_in_folder_link),
    AppCase("r3-12-rerun-analyses-articles-cut-short", "r3.12", check_rerun_analyses_articles_cut_short),
    AppCase("r3-07-download-deadline-during-reads", "r3.7", check_download_deadline_during_reads),
    AppCase("r3-09-big-json-read-item-by-item", "r3.9", check_big_json_read_item_by_item),
    AppCase("r3-24-warnings-are-not-rejects", "r3.24", check_warnings_are_not_rejects),
    AppCase("r3-25-process-wide-memos-are-bounded", "r3.25", check_process_wide_memos_are_bounded),
    AppCase("r3-20-kill-inside-a-format-switch", "r3.20", check_kill_inside_a_format_switch),
    AppCase("r3-21-dataset-pinned-to-one-generation", "r3.21", check_dataset_pinned_to_one_generation),
    AppCase("r3-22-folder-names-with-glob-characters", "r3.22", check_folder_names_with_glob_characters),
]


# ---------------------------------------------------------------- the table, run


def test_the_table_covers_every_item():
    items = {c.item for c in CLI_CASES} | {c.item for c in APP_CASES}
    round3 = range(1, 26)  # issue 22's items (as "r3.<n>")
    assert items == {str(i) for i in range(1, 23)} | {"and"} | {f"r3.{i}" for i in round3}, sorted(items)
    ids = [c.id for c in CLI_CASES] + [c.id for c in APP_CASES]
    assert len(ids) == len(set(ids))


def test_the_accounting_check_finds_a_lost_input(tmp_path):
    from analysis.schemas import to_frame

    d = folder(tmp_path)
    kept, member, lost = good_file(d, "kept.txt"), good_file(d, "z.jsonl"), good_file(d, "lost.txt")
    (d / ".git").mkdir()
    hidden = good_file(d / ".git", "HEAD")
    tables = {
        "articles": to_frame("articles", [Article("a", str(kept), "", None, "none", "", "", "t", 1)]),
        "rejects": to_frame(
            "rejects",
            [Reject(f"{member}::line2", "r"), Reject(str(d / ".git"), "hidden"), Reject("", "no source")],
        ),
    }
    o = Outcome(0, "", 0.0, tmp_path, tmp_path / "out", tables, {})
    assert unaccounted([kept, member, lost, hidden], o) == [str(lost)]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CLI_CASES])
def test_hostile_input_through_the_cli(case: Case, tmp_path: Path):
    args = case.make(tmp_path)
    named = [i for i, a in enumerate(args) if a == "--out"]
    out = Path(args[named[-1] + 1]) if named else tmp_path / "out"
    rc, err, secs = run_cli(args, tmp_path / "out", case.timeout)
    o = load_outcome(rc, err, secs, tmp_path, out)
    check_common(case, o)
    case.expect(o)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in APP_CASES])
def test_hostile_input_in_the_dashboard(case: AppCase, tmp_path: Path):
    case.check(tmp_path)


# ---------------------------------------------------------------- arbitrary bytes into the readers


def _accounted_items(path: Path, opts: ReadOptions | None = None) -> tuple[list[RawDoc], list[Reject]]:
    """Read ``path``: never an exception; at least one item; every string encodable; articles and rejects tabulate."""
    from analysis.engines.work import parse_one
    from analysis.schemas import to_frame

    items = list(iter_inputs([path], opts))
    assert items, "an input that left no trace"
    docs = [i for i in items if isinstance(i, RawDoc)]
    rejects = [i for i in items if isinstance(i, Reject)]
    assert len(docs) + len(rejects) == len(items)
    parsed = [parse_one(d) for d in docs]
    articles = [a for a, _ in parsed if a is not None]
    for name, rows in (
        ("articles", articles),
        ("rejects", rejects + [r for _, r in parsed if r is not None]),
    ):
        df = to_frame(name, rows)
        df.to_parquet(io.BytesIO(), index=False)  # lone surrogates would fail here
    for item in items:
        assert item.source.startswith(shown(path)), item.source
    return docs, rejects


def _real(rejects: list[Reject]) -> list[Reject]:
    return [r for r in rejects if not r.reason.startswith("warning: ")]


def _rows_accounted(rejects: list[Reject]) -> int:
    """Rows the rejects account for: one each, and a URL list refused whole (fetching off) for all its URLs."""
    refused = (re.match(r"a list of ([\d,]+) URLs?: not fetched", r.reason) for r in _real(rejects))
    return sum(int(m[1].replace(",", "")) if m else 1 for m in refused)


_EXTS = [".txt", ".csv", ".tsv", ".jsonl", ".json", ".parquet", ".zip", ".md", ""]
_HOSTILE_BYTES = st.sampled_from(
    [
        b"",
        b"\x00",
        b"\xff\xfe",
        b"\xef\xbb\xbf",
        b"PK\x03\x04",
        b"PAR1",
        b"\r",
        b"\n",
        b'{"text": "\\ud800"}\n',
        b'"',
        b",",
        b"\t",
        "é’".encode(),
        "é’".encode("cp1252"),
    ]
)


@settings(max_examples=120, deadline=None)
@given(
    ext=st.sampled_from(_EXTS),
    data=st.lists(st.binary(max_size=300) | _HOSTILE_BYTES, max_size=8).map(b"".join),
)
def test_arbitrary_bytes_are_read_or_rejected(tmp_path_factory, ext, data):
    p = tmp_path_factory.mktemp("b") / f"input{ext}"
    p.write_bytes(data)
    _accounted_items(p)


_JSON_TEXT = st.text(max_size=40) | st.sampled_from(
    ["\ud800", "a\udfffb", "\udc80", "2021-02-30", "-2022-01-01", ""]
)
_JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _JSON_TEXT,
    lambda kids: st.lists(kids, max_size=3) | st.dictionaries(_JSON_TEXT, kids, max_size=3),
    max_leaves=8,
)
_ROW = st.dictionaries(
    st.sampled_from(["text", "body", "title", "date", "url", "outlet", "id", "Text", "other"]),
    _JSON_VALUE,
    max_size=6,
)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(_ROW | _JSON_VALUE, min_size=1, max_size=8))
def test_every_json_line_is_an_article_or_a_reject(tmp_path_factory, rows):
    p = tmp_path_factory.mktemp("j") / "rows.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    docs, rejects = _accounted_items(p)
    assert len(docs) + _rows_accounted(rejects) == len(rows)


@settings(max_examples=60, deadline=None)
@given(
    members=st.lists(
        st.tuples(
            st.text(
                st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=12
            ),
            st.binary(max_size=200),
        ),
        max_size=6,
    )
)  # zipfile cuts a name at NUL and cannot encode surrogates
def test_every_zip_member_is_an_article_or_a_reject(tmp_path_factory, members):
    p = tmp_path_factory.mktemp("z") / "a.zip"
    with zipfile.ZipFile(p, "w") as zf:
        for name, data in members:
            zf.writestr(name + ".txt", data)
    docs, rejects = _accounted_items(p)
    assert len(docs) + len(_real(rejects)) == max(len(members), 1)  # an empty archive is one reject


# ---------------------------------------------------------------- earlier hostile tests


def read(paths, opts=None):
    items = list(iter_inputs(paths, opts))
    return [i for i in items if isinstance(i, RawDoc)], [i for i in items if isinstance(i, Reject)]


def cli(*args, **kw):
    return subprocess.run(
        [sys.executable, "-m", "analysis", "run", *map(str, args), "--no-progress"],
        capture_output=True,
        text=True,
        check=False,
        **kw,
    )


@pytest.mark.parametrize(
    "name, data, expect",
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("bad.parquet", b"PAR1 not really", "Parquet"),
        ("bad.zip", b"PK\x03\x04 truncated", "zip"),
        ("bad.json", b'{"text": ', "malformed JSON"),
        ("notext.csv", b"title,date\nA,2022-01-01\n", "no text column"),
        ("notext.jsonl", b'{"title": "A"}\n', "no text field"),
        ("empty.jsonl", b"\n\n", "no JSON objects"),
        ("bin.txt", b"\x00\x01\x02binary", "binary"),
        ("no-magic.parquet", b"nope", "Parquet"),
        ("no-header.zip", b"PK not a zip", "zip"),
    ],
)
def test_unreadable_files_become_rejects(tmp_path, name, data, expect):
    p = tmp_path / name
    p.write_bytes(data)
    docs, rejects = read([p])
    assert not docs
    assert len(rejects) == 1 and expect in rejects[0].reason, rejects


def test_a_missing_input_is_a_reject(tmp_path):
    docs, rejects = read([tmp_path / "missing.txt"])
    assert not docs
    reasons = {r.source.rsplit("/", 1)[-1]: r.reason for r in rejects}
    assert "no such file" in reasons["missing.txt"]


def test_over_long_jsonl_line_is_skipped_in_bounded_memory(tmp_path):
    j = tmp_path / "big.jsonl"
    with open(j, "w", encoding="utf-8") as fh:
        fh.write(json.dumps({"text": "first"}) + "\n")
        fh.write('{"text": "' + "x" * 3_000_000 + '"}\n')
        fh.write(json.dumps({"text": "last"}) + "\n")
    docs, rejects = read([j], ReadOptions(max_article_bytes=1_000_000))
    assert [d.text for d in docs] == ["first", "last"]
    assert "line 2" in rejects[0].reason and "longer than" in rejects[0].reason


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    path.write_bytes(_zip_bytes(members))
    return path


def test_zip_traversal_bomb_and_nesting(tmp_path):
    inner3 = _zip(tmp_path / "l3.zip", {"deep.txt": GOOD.encode()})
    inner2 = _zip(tmp_path / "l2.zip", {"l3.zip": inner3.read_bytes(), "two.txt": b"Level two article text."})
    z = _zip(
        tmp_path / "all.zip",
        {
            "ok.txt": GOOD.encode(),
            "../../etc/evil.txt": b"escape",
            "/abs.txt": b"absolute",
            "bomb.txt": b"0" * 50_000_000,
            "l2.zip": inner2.read_bytes(),
        },
    )
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


def test_row_fields_are_sanitised_with_a_warning(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(
        json.dumps({"id": "i\ud800", "title": ["x\udc00"], "text": "t\ud800"}) + "\n", encoding="utf-8"
    )
    items = list(iter_inputs([p]))
    doc, warning = items
    assert doc.text == "t\ufffd" and doc.meta["title"] == "['x\\udc00']"  # a list's repr escapes it
    assert doc.source.endswith("::i\ufffd")
    assert warning.reason == "warning: lone surrogates (broken UTF-16 escapes) replaced by U+FFFD in text, id"


def test_zip_bounded_by_archive_ratio_and_total_expanded_bytes(tmp_path):
    many = tmp_path / "many.zip"  # each member under the per-member threshold, the archive far over the ratio
    many.write_bytes(_zip_bytes({f"{i}.txt": b"Russia and Ukraine. " * 40_000 for i in range(20)}))
    _, rejects = read([many])
    assert (
        len(rejects) == 1 and "looks like a zip bomb" in rejects[0].reason and rejects[0].source == str(many)
    )
    nested = tmp_path / "nested.zip"  # the expanded total is shared by nested archives
    inner = _zip_bytes({f"{i}.txt": f"Russia and Ukraine talk ({i}). ".encode() * 800 for i in range(3)})
    nested.write_bytes(_zip_bytes({"a.zip": inner, "b.zip": inner}))
    docs, rejects = read([nested], ReadOptions(max_zip_total_bytes=100_000))
    assert len(docs) == 3 and len(rejects) == 1 and rejects[0].source == f"{nested}/b.zip"
    assert (
        "over the 100,000 limit" in rejects[0].reason
        and "left after the archives before it" in rejects[0].reason
    )


def test_zip_hidden_macosx_and_empty(tmp_path):
    z = tmp_path / "a.zip"
    z.write_bytes(
        _zip_bytes(
            {
                "ok.txt": b"Fine text.",
                ".x.txt": b"hidden",
                "d/.git/HEAD": b"ref",
                "__MACOSX/._ok.txt": b"\x00\x05",
            }
        )
    )
    docs, rejects = read([z])
    assert [d.source for d in docs] == [f"{z}/ok.txt"]
    assert {r.source.split("a.zip/")[1]: r.reason.split(" ")[0] for r in rejects} == {
        ".x.txt": "hidden",
        "d/.git/HEAD": "hidden",
        "__MACOSX/._ok.txt": "macOS",
    }
    (tmp_path / "e.zip").write_bytes(_zip_bytes({}))
    _, rejects = read([tmp_path / "e.zip"])
    assert "empty archive" in rejects[0].reason


def test_each_folder_once_hidden_and_empty_folders(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "a.txt").write_text("Text one.", encoding="utf-8")
    (d / ".cache").mkdir()
    (d / ".cache" / "b.txt").write_text("Text two.", encoding="utf-8")
    (d / ".c.txt").write_text("Text three.", encoding="utf-8")
    os.symlink("..", d / "sub" / "up")
    (tmp_path / "empty").mkdir()
    docs, rejects = read([d, d / "sub", tmp_path / "empty"])
    assert [d.source for d in docs] == [str(tmp_path / "in" / "sub" / "a.txt")]
    reasons = {r.source.removeprefix(str(tmp_path) + "/"): r.reason for r in rejects}
    assert reasons == {
        "in/.c.txt": "hidden file (name starts with a dot); not read",
        "in/.cache": "hidden folder (name starts with a dot); not read",
        "in/sub/up": "a folder already read (a link back into the input, or given twice); not read again",
        "in/sub": "a folder already read (a link back into the input, or given twice); not read again",
        "empty": "empty folder",
    }


def test_file_name_not_utf8_is_shown_escaped(tmp_path):
    name = os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt")
    Path(name).write_text("Some text.", encoding="utf-8")
    docs, rejects = read([tmp_path])
    assert docs[0].source == f"{tmp_path}/caf\\xe9.txt"
    assert rejects[0].reason.startswith("warning: the file name is not valid UTF-8")


def test_huge_single_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.truncate(200_000_000)  # 200 MB (sparse): never read into memory
    code = (
        "import resource, subprocess, sys;"
        f"p = subprocess.run([sys.executable, '-m', 'analysis', 'run', {str(big)!r}, {str(SAMPLE)!r},"
        f" '--out', {str(tmp_path / 'out')!r}, '--no-progress', '--workers', '1']);"
        "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    rc, peak_kb = int(out[0]), int(out[1])
    assert rc == 0
    assert peak_kb < 400_000, f"peak RSS {peak_kb / 1000:.0f} MB"
    rejects = read_tables(tmp_path / "out")["rejects"]
    assert "more than one article may hold" in rejects["reason"].iloc[0]


def test_exit_codes(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert cli(tmp_path / "empty.txt", "--out", tmp_path / "o1").returncode == 1  # nothing read
    assert cli(tmp_path / "empty.txt", SAMPLE, "--out", tmp_path / "o2").returncode == 0
    assert cli(tmp_path / "empty.txt", SAMPLE, "--out", tmp_path / "o3", "--strict").returncode == 1


@pytest.mark.parametrize("budget", [-1.0, float("nan"), float("inf"), float("-inf")])
def test_a_budget_that_is_no_time_is_refused_by_the_api_too(budget):
    from analysis.extract import Settings

    with pytest.raises(ValueError, match="budget"):
        Settings(lexicon=(), budget_s=budget)
    with pytest.raises(ValueError, match="budget"):
        Config(budget_s=budget)


def test_extractor_failure_keeps_the_article(monkeypatch):
    import analysis.extract as pl  # the per-article step every engine runs

    def boom(*a, **k):
        raise RuntimeError("bug")

    monkeypatch.setattr(pl, "analyse_article", boom)
    res = analyse([SAMPLE / "000_94eda27ce82fadf4.txt"], Config(workers=1, progress=False))
    assert len(res.articles) == 1 and len(res.quotes) == 0
    assert "analysis failed (RuntimeError: bug)" in res.rejects[0].reason


def _article(text: str) -> Article:
    return Article("x", "s", "", None, "none", "", "", text, len(text.split()))


@settings(max_examples=150, deadline=None)
@given(
    st.text(max_size=400)
    | st.text(alphabet="“”\"‘’'«» .,:\n—RussiaUkrainePutin said he 100,000 troops", max_size=400)
)
def test_extractors_on_arbitrary_text(text):
    a = _article(text)
    first = analyse_article(a)
    for rows, col in zip(first, ("surface", "surface", "text"), strict=True):
        for r in rows:
            assert text[r.start : r.end] == getattr(r, col)
    assert analyse_article(a) == first


def test_same_input_twice_gives_identical_tables(tmp_path):
    for out in ("a", "b"):
        assert cli(SAMPLE, "--out", tmp_path / out, "--workers", "1").returncode == 0
    ta, tb = read_tables(tmp_path / "a"), read_tables(tmp_path / "b")
    for name in ta:
        pd.testing.assert_frame_equal(ta[name], tb[name])


def test_sigkill_leaves_complete_tables(tmp_path):
    """Kill the command line at several moments: the tables are always the old or the new complete ones."""
    out = tmp_path / "out"
    assert cli(SAMPLE / "000_94eda27ce82fadf4.txt", "--out", out, "--workers", "1").returncode == 0
    old = set(read_tables(out)["articles"]["article_id"])
    corpus = tmp_path / "corpus.jsonl"
    with open(corpus, "w", encoding="utf-8") as fh:
        for i in range(400):
            fh.write(json.dumps({"id": i, "text": f"Article {i}. " + GOOD * 20}) + "\n")
    seen = []  # the articles' ids after each kill
    for delay in (0.5, 1.5, 2.5, 3.5, 5.0, 8.0):
        run_killed(corpus, out, delay)
        tables = read_tables(out)  # every table reads back whole
        ids = set(tables["articles"]["article_id"])
        seen.append(ids)
        for name in ("mentions", "troops", "quotes"):
            assert set(tables[name]["article_id"]) <= ids
    assert (
        cli(corpus, "--out", out, "--workers", "1").returncode == 0
    )  # a run left alone ends with the new set
    new = set(read_tables(out)["articles"]["article_id"])
    assert len(new) == 400 and not new & old
    assert seen[0] == old  # the first kill (0.5 s) came before the run could switch the tables
    assert [
        ids for ids in seen if ids not in (old, new)
    ] == []  # each kill left the old or the complete new set
