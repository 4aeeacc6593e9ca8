"""A dashboard safe to host: exports that no spreadsheet runs, text shown as text, folders only under a root."""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import data, exports, safety, uploads
from dashboard.uploads import UploadedFile

# ---------------------------------------------------------------- exports: formula prefixes (issue 12 #18)

RISKY_CELLS = [
    "=1+1",
    "+cmd",
    "-2",
    "@x",
    "|calc",
    "\tx",
    "\rx",
    "\uff1dHYPERLINK(1)",
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(1)",
    "\uff5ccalc",  # full-width ＝＋－＠｜
    "\ufe66cmd",
    "\ufe62cmd",
    "\ufe63cmd",
    "\ufe6bx",  # small ﹦﹢﹣﹫
    "\u22121",
    "\ufeff=cmd",
    "\u200b=cmd",
    "\u200d+1",
    "\u00a0@x",
    "  =x",
    "\u2060\ufeff-1",
    "\u3000\uff1dx",
]
SAFE_CELLS = ["ok", "a=b", "1-2", "Blinken said", "", "'=already", "\u00e9=", "x|y"]


def _derived(keep) -> set[int]:
    return {c for c in range(sys.maxunicode + 1) if keep(chr(c))}


def _expanded(ranges) -> set[int]:
    return {c for a, b in ranges for c in range(a, b + 1)}


def test_the_character_tables_match_unicode():
    folds = _derived(lambda c: unicodedata.normalize("NFKC", c)[:1] in "=+-@|" and not c.isalnum())
    assert _expanded(exports.FORMULA_START) == folds | {0x2212}
    assert _expanded(exports.INVISIBLE) == _derived(lambda c: c.isspace() or unicodedata.category(c) == "Cf")


@pytest.mark.parametrize("dtype", [object, "string[python]", "string[pyarrow]", "str"])
@pytest.mark.parametrize("cell, risky", [(c, True) for c in RISKY_CELLS] + [(c, False) for c in SAFE_CELLS])
def test_neutralise(cell, risky, dtype):
    out = exports.neutralise(pd.DataFrame({"text": pd.Series([cell], dtype=dtype), "n": [1]}))
    assert out["text"][0] == ("'" + cell if risky else cell)
    assert exports.is_formula_like(cell) == risky
    assert out["n"][0] == 1


@pytest.mark.parametrize("cell, risky", [(c, True) for c in RISKY_CELLS] + [(c, False) for c in SAFE_CELLS])
def test_csv_cells_are_neutralised(cell, risky):
    back = pd.read_csv(
        io.BytesIO(exports.to_csv(pd.DataFrame({"text": [cell]}))), dtype=str, keep_default_na=False
    )
    assert back["text"][0].strip() == (("'" + cell) if risky else cell).strip()


@pytest.mark.parametrize(
    "cell, risky", [(c, True) for c in RISKY_CELLS] + [(c, False) for c in SAFE_CELLS if c]
)
def test_xlsx_cells_are_text_not_formulas(cell, risky):
    book = openpyxl.load_workbook(io.BytesIO(exports.to_excel(pd.DataFrame({"text": [cell]}))))
    value = book.active.cell(row=2, column=1)
    assert value.data_type == "s"
    assert value.value == ("'" + cell if risky else cell)


# ---------------------------------------------------------------- uploads (issue 12 #16, #8)

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
TEXT = (
    ' date 2021-12-02 Russia has massed 100,000 troops near Ukraine, Blinken said. "We are worried," he said.'
)
TEXT2 = ' date 2021-12-02 Lavrov met Blinken in Geneva. "There will be no invasion," Lavrov told reporters.'
TEXT3 = " date 2021-12-02 NATO allies discussed sanctions against Moscow. Stoltenberg said the alliance was ready."


def app_test() -> AppTest:
    return AppTest.from_file(APP, default_timeout=180)


def no_traceback(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def test_widgets_after_an_upload_and_the_same_upload_in_another_session():
    first = app_test().run()
    first.file_uploader(key="upload").set_value(("a.txt", TEXT.encode(), "text/plain")).run()
    no_traceback(first)
    assert first.metric[0].value == "1"
    first.sidebar.radio(key="freq").set_value(
        "M"
    ).run()  # replayed the cached upload: CacheReplayClosureError
    no_traceback(first)
    first.multiselect(key="outlets").set_value([]).run()
    no_traceback(first)
    assert first.metric[0].value == "1"
    again = app_test().run()  # the same bytes in another session
    again.file_uploader(key="upload").set_value(("a.txt", TEXT.encode(), "text/plain")).run()
    no_traceback(again)
    assert again.metric[0].value == "1"


@pytest.mark.parametrize(
    "names, expected",
    [
        (["x.txt", "x.txt"], ["x.txt", "x (2).txt"]),
        (["a/y.txt", "b/y.txt", "a/y.txt"], ["a/y.txt", "b/y.txt", "a/y (2).txt"]),
        (
            ["../../etc/passwd", "/abs/z.csv", "c:\\docs\\w.txt", ".", ""],
            ["etc/passwd", "abs/z.csv", "c:/docs/w.txt", "unnamed", "unnamed (2)"],
        ),
        (["a", "a/x.txt"], ["a", "a (2)/x.txt"]),
        (["a/x.txt", "a"], ["a/x.txt", "a (2)"]),
        (["x" * 300 + ".txt"], ["x" * 196 + ".txt"]),
    ],
)
def test_upload_names_are_distinct_and_relative(names, expected):
    assert uploads.upload_names(names) == expected


def test_every_uploaded_file_is_accounted_for():
    files = [
        UploadedFile("x.txt", TEXT.encode()),
        UploadedFile("x.txt", TEXT2.encode()),
        UploadedFile("a/y.txt", TEXT3.encode()),
        UploadedFile("b/y.txt", (TEXT3 + " Again.").encode()),
        UploadedFile("c/y.txt", TEXT3.encode()),  # the same bytes as a/y.txt: a repeat
        UploadedFile("d/empty.txt", b""),
    ]  # a reject
    t = data.uploaded_tables(files)
    assert sorted(t["articles"]["source"]) == [
        "upload/a/y.txt",
        "upload/b/y.txt",
        "upload/x (2).txt",
        "upload/x.txt",
    ]
    assert list(t["repeats"]["source"]) == ["upload/c/y.txt"]
    assert list(t["rejects"]["source"]) == ["upload/d/empty.txt"]
    assert not any(
        "wirewatch-upload-" in str(v)
        for df in t.values()
        for c in ("source", "reason")
        if c in df
        for v in df[c]
    ), "no server path"


def test_two_uploads_of_one_name_in_the_page():
    at = app_test().run()
    at.file_uploader(key="upload").set_value(
        [
            ("x.txt", TEXT.encode(), "text/plain"),
            ("x.txt", TEXT2.encode(), "text/plain"),
            ("a/y.txt", TEXT3.encode(), "text/plain"),
            ("b/y.txt", (TEXT3 + " Again.").encode(), "text/plain"),
        ]
    ).run()
    no_traceback(at)
    assert at.metric[0].value == "4"


def test_a_failing_analysis_is_one_message_and_a_logged_traceback(monkeypatch, caplog):
    monkeypatch.setattr(tempfile, "tempdir", "/nonexistent/wirewatch-tmp")  # no temporary folder can be made
    at = app_test().run()
    at.file_uploader(key="upload").set_value(
        ("fails.txt", (TEXT + " Unique 8121.").encode(), "text/plain")
    ).run()
    no_traceback(at)
    assert [e.value for e in at.error] == [
        "Analysing the uploaded files failed (FileNotFoundError). The details are in the server's log."
    ]
    logged = [r for r in caplog.records if r.name == "wirewatch.dashboard"]
    assert (
        logged
        and logged[0].exc_info
        and "Traceback" in caplog.text
        and "/nonexistent/wirewatch-tmp" in caplog.text
    )


def test_the_upload_cache_keeps_the_last_four_and_hands_out_copies():
    cache = uploads.ResultCache(max_entries=4)
    for i in range(6):
        cache.put(str(i), {"t": pd.DataFrame({"x": [i]})})
    assert len(cache) == 4 and cache.get("0") is None and cache.get("5")["t"]["x"][0] == 5
    got = cache.get("5")
    got["t"].loc[0, "x"] = 99
    assert cache.get("5")["t"]["x"][0] == 5


# ---------------------------------------------------------------- text shown as text (issue 12 #17)

HOSTILE = (
    "![](http://tracker.example/px.gif) :red[alert] $x^2$ [click](data:text/html,<b>x</b>) <img src=x> **b**"
)
LIVE = re.compile(r"(?<!\\)!\[|(?<!\\):red\[|<img|<b>|(?<!\\)\$x|(?<!\\)\*\*|\]\(")


@pytest.mark.parametrize(
    "text, inert",
    [
        ("![](http://h/p)", "\\!\\[\\]\\(http\\:\\/\\/h\\/p\\)"),
        (":red[alert]", "\\:red\\[alert\\]"),
        ("$x^2$", "\\$x\\^2\\$"),
        ("<img src=x>", "&lt;img src\\=x&gt;"),
        ("Tom & \"Jerry\" 'x'", "Tom &amp; &quot;Jerry&quot; &#x27;x&#x27;"),
        ("# Title\n- item", "\\# Title\n\\- item"),
        ("plain words, 100 000 é", "plain words\\, 100 000 é"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_inert_markdown(text, inert):
    assert safety.inert_markdown(text) == inert


def test_inert_line_keeps_one_line():
    assert safety.inert_line("a\nb\r\nc") == "a b c"


@pytest.fixture(scope="module")
def hostile_out(tmp_path_factory) -> Path:
    from analysis.pipeline import Config, run

    d = tmp_path_factory.mktemp("hostile-in")
    row = {
        "id": "![](http://tracker.example/id.gif)",
        "url": "http://x.org/![](http://tracker.example/u.gif)",
        "outlet": "Out",
        "title": HOSTILE,
        "date": "2022-01-05",
        "text": "Russia has massed 100,000 troops near Ukraine, Blinken said.\n\n" + HOSTILE,
    }
    (d / "m.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-out")
    run([d], out, "parquet", Config(workers=1, progress=False))
    return out


def test_the_reader_and_its_caption_show_markdown_as_text(hostile_out, monkeypatch):
    monkeypatch.setenv("WIREWATCH_DATA", str(hostile_out))
    at = app_test()
    at.session_state["tab"] = "Article reader"  # only the open tab runs
    at.run()
    no_traceback(at)
    bodies = [e.value for e in [*at.markdown, *at.caption, *at.error, *at.title] if isinstance(e.value, str)]
    reader = [b for b in bodies if "<mark" in b]
    assert reader and safety.inert_markdown(HOSTILE) in reader[0]
    caption = [b for b in bodies if "tracker" in b and "<mark" not in b]
    assert caption and safety.inert_markdown("http://x.org/![](http://tracker.example/u.gif)") in caption[0]
    assert not [
        b for b in bodies if LIVE.search(b.replace("<mark", "").replace("</mark>", "").replace("<br>", ""))
    ]


# ---------------------------------------------------------------- which folders a visitor may open (issue 10 #9)


@pytest.fixture
def data_root(tmp_path, sample_out, monkeypatch) -> Path:
    """A data root holding a processed folder (a copy of the sample's), with the sample's own folder outside it."""
    root = tmp_path / "root"
    shutil.copytree(sample_out, root / "runs" / "sample", symlinks=True)
    (root / "escape").symlink_to(sample_out, target_is_directory=True)
    monkeypatch.setenv("WIREWATCH_DATA_ROOT", str(root))
    monkeypatch.delenv("WIREWATCH_DATA", raising=False)
    return root


def _open_folder(folder: str) -> AppTest:
    at = app_test().run()
    at.text_input(key="folder").set_value(folder).run()
    no_traceback(at)
    return at


def test_a_folder_inside_the_root_opens(data_root):
    for folder in (
        str(data_root / "runs" / "sample"),
        "runs/sample",
        str(data_root / "runs" / "." / "sample"),
    ):
        at = _open_folder(folder)
        assert not at.error and at.metric[0].value == "5", folder


@pytest.mark.parametrize("where", ["outside", "dotdot", "relative-dotdot", "symlink"])
def test_a_folder_outside_the_root_is_refused(data_root, sample_out, where):
    folder = {
        "outside": str(sample_out),
        "dotdot": f"{data_root}/runs/../../{sample_out.name}",
        "relative-dotdot": f"../{sample_out.name}",
        "symlink": str(data_root / "escape"),
    }[where]
    if where != "outside":  # the sample's folder must really be reached by these paths
        (data_root.parent / sample_out.name).symlink_to(sample_out, target_is_directory=True)
    at = _open_folder(folder)
    assert [e.value for e in at.error] == [
        safety.not_opened(folder)
    ]  # as for a missing folder: no root shown
    assert not at.metric and not at.tabs


@pytest.mark.parametrize(
    "env, offered",
    [
        ({}, True),
        ({"WIREWATCH_HOSTED": "1"}, False),
        ({"WIREWATCH_HOSTED": "1", "WIREWATCH_DATA_ROOT": "/srv"}, True),
        ({"WIREWATCH_HOSTED": "0"}, True),
        ({"WIREWATCH_HOSTED": "true"}, False),
    ],
)
def test_the_folder_box_is_offered(env, offered, monkeypatch):
    for k in ("WIREWATCH_HOSTED", "WIREWATCH_DATA_ROOT", "WIREWATCH_DATA"):
        monkeypatch.delenv(k, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert safety.folder_policy(env, Path(APP)).offered == offered
    at = app_test().run()
    no_traceback(at)
    assert ("folder" in [w.key for w in at.text_input]) == offered
    assert at.metric[0].value == "5"  # the sample still shows


def test_community_cloud_counts_as_hosted():
    assert safety.is_hosted({}, Path("/mount/src/wirewatch/dashboard/app.py"))
    assert not safety.is_hosted({}, Path(APP))
    assert not safety.is_hosted({"WIREWATCH_HOSTED": "0"}, Path("/mount/src/wirewatch/dashboard/app.py"))


def test_hosted_without_a_root_still_opens_the_operators_folder(sample_out, monkeypatch):
    monkeypatch.setenv("WIREWATCH_HOSTED", "1")
    monkeypatch.setenv("WIREWATCH_DATA", str(sample_out))
    monkeypatch.delenv("WIREWATCH_DATA_ROOT", raising=False)
    at = app_test().run()
    no_traceback(at)
    assert "folder" not in [w.key for w in at.text_input] and at.metric[0].value == "5"


def test_an_uncaught_exception_shows_no_traceback_or_message(tmp_path, monkeypatch):
    """.streamlit/config.toml (read from the working folder, as `streamlit run` from the repository does)."""
    monkeypatch.chdir(Path(APP).parent.parent)
    script = tmp_path / "raises.py"
    script.write_text(
        'import streamlit as st\nst.write("hi")\nraise RuntimeError("secret /srv/wirewatch/path")\n'
    )
    at = AppTest.from_file(str(script)).run()
    assert len(at.exception) == 1
    shown = at.exception[0]
    assert not shown.stack_trace and "secret" not in shown.value and "/srv" not in shown.message


def test_two_members_of_one_name_in_an_uploaded_zip_are_both_read():
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a/x.txt", TEXT)
        zf.writestr("b/x.txt", TEXT2)
    t = data.uploaded_tables(
        [UploadedFile("x.zip", buf.getvalue()), UploadedFile("x.zip", buf.getvalue() + b"")]
    )
    assert len(t["articles"]) == 2 and all(s.startswith("upload/x.zip") for s in t["articles"]["source"])
    assert len(t["repeats"]) == 2 and all(s.startswith("upload/x (2).zip") for s in t["repeats"]["source"])
