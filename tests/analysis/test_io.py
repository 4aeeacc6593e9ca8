import io
import json
import os
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis.io import (
    InputError,
    ReadOptions,
    decode_bytes,
    decode_text,
    detect_columns,
    encoding_warning,
    iter_inputs,
    read_table,
    write_tables,
)
from analysis.schemas import RawDoc, Reject, to_frame
from tests.conftest import SAMPLE

ROWS = [
    {
        "id": "a1",
        "title": "One",
        "date": "2022-01-05",
        "url": "https://www.cnn.com/x",
        "text": "Russia massed troops.",
    },
    {
        "id": "a2",
        "title": "Two",
        "date": "2022-01-06",
        "url": "https://www.foxnews.com/y",
        "text": "Blinken met Lavrov.",
    },
]


def _split(items):
    items = list(items)
    docs = [i for i in items if isinstance(i, RawDoc)]
    rejects = [i for i in items if isinstance(i, Reject)]
    return docs, rejects


def _check_rows(docs, path):
    assert [d.source for d in docs] == [f"{path}::a1", f"{path}::a2"]
    assert docs[0].text == "Russia massed troops."
    assert docs[0].meta["title"] == "One" and docs[0].meta["url"] == "https://www.cnn.com/x"
    assert str(docs[1].meta["date"]).startswith("2022-01-06")


def test_csv(tmp_path):
    p = tmp_path / "a.csv"
    pd.DataFrame(ROWS).to_csv(p, index=False)
    docs, rejects = _split(iter_inputs([p]))
    _check_rows(docs, p)
    assert not rejects


def test_jsonl_with_bad_line(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps(ROWS[0]) + "\n{not json\n" + json.dumps(ROWS[1]) + "\n", encoding="utf-8")
    docs, rejects = _split(iter_inputs([p]))
    _check_rows(docs, p)
    assert len(rejects) == 1 and "line 2" in rejects[0].reason


def test_parquet(tmp_path):
    p = tmp_path / "a.parquet"
    pd.DataFrame(ROWS).to_parquet(p)
    docs, _ = _split(iter_inputs([p]))
    _check_rows(docs, p)


def test_json_array(tmp_path):
    p = tmp_path / "a.json"
    p.write_text(json.dumps({"articles": ROWS}), encoding="utf-8")
    docs, _ = _split(iter_inputs([p]))
    _check_rows(docs, p)


def test_column_override_and_row_number(tmp_path):
    p = tmp_path / "b.csv"
    pd.DataFrame({"story": ["Body one.", "Body two."], "hed": ["H1", "H2"]}).to_csv(p, index=False)
    docs, rejects = _split(iter_inputs([p], ReadOptions(columns={"text": "story", "title": "hed"})))
    assert [d.source for d in docs] == [f"{p}::2", f"{p}::3"] and docs[0].meta["title"] == "H1"
    _, rejects = _split(iter_inputs([p]))
    assert len(rejects) == 1 and "no text column" in rejects[0].reason


def test_zip_and_folder(tmp_path):
    z = tmp_path / "seeds.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for f in sorted(SAMPLE.glob("*.txt")):
            zf.write(f, f.name)
        zf.writestr("../../evil.txt", "escape")
    docs, rejects = _split(iter_inputs([z, SAMPLE]))
    assert len(docs) == 10
    assert docs[0].source == f"{z}/000_94eda27ce82fadf4.txt"
    assert len(rejects) == 1 and "unsafe path" in rejects[0].reason


@pytest.mark.parametrize(
    "data, expected",
    [
        ("héllo “x”".encode(), "héllo “x”"),
        (b"\xef\xbb\xbfbom", "bom"),
        ("caf\u00e9 \u201cq\u201d".encode("cp1252"), "café “q”"),
        ("utf16 é".encode("utf-16"), "utf16 é"),
    ],
)
def test_decode(data, expected):
    assert decode_bytes(data) == expected


def test_unreadable_inputs_are_rejected(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "bad.zip").write_bytes(b"PK not a zip")
    (tmp_path / "bad.parquet").write_bytes(b"nope")
    docs, rejects = _split(iter_inputs([tmp_path, tmp_path / "missing.txt"]))
    assert not docs
    reasons = {r.source.rsplit("/", 1)[-1]: r.reason for r in rejects}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["bin.txt"]
    assert "zip" in reasons["bad.zip"]
    assert "Parquet" in reasons["bad.parquet"]
    assert "no such file" in reasons["missing.txt"]


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_tables_round_trip(tmp_path, sample_tables, fmt):
    write_tables(sample_tables, tmp_path, fmt)
    for name, df in sample_tables.items():
        back = read_table(tmp_path, name)
        pd.testing.assert_frame_equal(back, df, check_dtype=False)
    assert not list(tmp_path.glob(".*tmp"))


def test_empty_tables_keep_contract_columns(tmp_path):
    write_tables({"quotes": to_frame("quotes", [])}, tmp_path)
    assert "speaker" in read_table(tmp_path, "quotes").columns


# ---------------------------------------------------------------- hostile reading (issue 12)


def test_mixed_utf8_and_cp1252_decode_line_by_line():
    data = "Kyiv’s café\n".encode() + "Moscow’s “no”\n".encode("cp1252") + b"plain\n"
    d = decode_text(data)
    assert d.text == "Kyiv’s café\nMoscow’s “no”\nplain\n" and d.fallback == [2] and d.utf8
    assert "line 2 is not UTF-8" in encoding_warning(d.fallback, d.utf8)
    assert encoding_warning([1, 2], False) is None  # a file wholly in cp1252 is read without a warning


def test_csv_lines_decoded_one_by_one_with_bare_cr_and_quoted_newlines(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes(b'id,text\r1,"one\r\nline"\r2,plain\n3,"caf\xe9"\n' + 'u,"Kyiv’s"\n'.encode())
    docs, rejects = _split(iter_inputs([p]))
    assert [d.text for d in docs] == ["one\r\nline", "plain", "café", "Kyiv’s"]
    assert (
        len(rejects) == 1 and rejects[0].reason.startswith("warning: ") and "line 5 is" in rejects[0].reason
    )


def test_utf16_jsonl_still_reads(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_bytes((json.dumps({"text": "Kyiv’s café"}, ensure_ascii=False) + "\n").encode("utf-16"))
    docs, rejects = _split(iter_inputs([p]))
    assert [d.text for d in docs] == ["Kyiv’s café"] and not rejects


@pytest.mark.parametrize(
    "names, overrides, reason",
    [
        (["text", "text"], {}, "2 columns are named 'text'"),
        (["Text", "text"], {}, "2 columns are named 'Text'"),
        (["text", "title", "title"], {}, "2 columns are named 'title'"),
        (["story", "story"], {"text": "story"}, "2 columns are named 'story'"),
    ],
)
def test_ambiguous_columns_are_refused(names, overrides, reason):
    with pytest.raises(InputError, match=reason):
        detect_columns(names, overrides)


@pytest.mark.parametrize(
    "value, kind",
    [
        (5, "a number"),
        (1.5, "a number"),
        (True, "a boolean"),
        (["a"], "a list"),
        ({"a": "b"}, "a struct"),
    ],
)
def test_text_that_is_not_a_string_is_rejected(tmp_path, value, kind):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"text": value}) + "\n" + json.dumps({"text": "fine"}) + "\n", encoding="utf-8")
    docs, rejects = _split(iter_inputs([p]))
    assert [d.text for d in docs] == ["fine"]
    assert rejects[0].reason == f"row 1: the text column 'text' holds {kind}, not text"


def test_json_array_columns_per_object(tmp_path):
    p = tmp_path / "a.json"
    p.write_text(
        json.dumps([{"text": "one"}, {"body": "two", "headline": "H"}, {"title": "none"}, 3]),
        encoding="utf-8",
    )
    docs, rejects = _split(iter_inputs([p]))
    assert [(d.text, d.meta.get("title")) for d in docs] == [("one", None), ("two", "H")]
    assert [r.reason.split(":")[0] for r in rejects] == ["item 2", "item 3"]


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


def _zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_zip_bounded_by_archive_ratio_and_total_expanded_bytes(tmp_path):
    many = tmp_path / "many.zip"  # each member under the per-member threshold, the archive far over the ratio
    many.write_bytes(_zip_bytes({f"{i}.txt": b"Russia and Ukraine. " * 40_000 for i in range(20)}))
    _, rejects = _split(iter_inputs([many]))
    assert (
        len(rejects) == 1 and "looks like a zip bomb" in rejects[0].reason and rejects[0].source == str(many)
    )
    nested = tmp_path / "nested.zip"  # the expanded total is shared by nested archives
    inner = _zip_bytes({f"{i}.txt": f"Russia and Ukraine talk ({i}). ".encode() * 800 for i in range(3)})
    nested.write_bytes(_zip_bytes({"a.zip": inner, "b.zip": inner}))
    docs, rejects = _split(iter_inputs([nested], ReadOptions(max_zip_total_bytes=100_000)))
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
    docs, rejects = _split(iter_inputs([z]))
    assert [d.source for d in docs] == [f"{z}/ok.txt"]
    assert {r.source.split("a.zip/")[1]: r.reason.split(" ")[0] for r in rejects} == {
        ".x.txt": "hidden",
        "d/.git/HEAD": "hidden",
        "__MACOSX/._ok.txt": "macOS",
    }
    (tmp_path / "e.zip").write_bytes(_zip_bytes({}))
    _, rejects = _split(iter_inputs([tmp_path / "e.zip"]))
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
    docs, rejects = _split(iter_inputs([d, d / "sub", tmp_path / "empty"]))
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
    docs, rejects = _split(iter_inputs([tmp_path]))
    assert docs[0].source == f"{tmp_path}/caf\\xe9.txt"
    assert rejects[0].reason.startswith("warning: the file name is not valid UTF-8")
