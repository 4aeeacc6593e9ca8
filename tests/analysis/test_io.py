import json
import zipfile

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    docs, rejects = _split(iter_inputs([z, SAMPLE]))
    assert len(docs) == 10
    assert docs[0].source == f"{z}/000_94eda27ce82fadf4.txt"
    assert not rejects  # an unsafe member: test_hostile.py's test_zip_traversal_bomb_and_nesting


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


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_non_utf8_text_is_read(tmp_path, encoding):
    text = (
        "Zelensky said “no” to Moscow’s café demands."
        if encoding != "latin-1"
        else "Zelensky dit café à Moscou."
    )
    p = tmp_path / f"a-{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    (doc,), rejects = _split(iter_inputs([p]))
    assert doc.text == text and not rejects


def test_malformed_rows_are_rejected_with_line_numbers(tmp_path):
    c = tmp_path / "a.csv"
    c.write_text(
        'id,text\n1,"good one"\n2,"bad, "quote" here\n3,too,many,fields\n4,"good two"\n', encoding="utf-8"
    )
    docs, rejects = _split(iter_inputs([c]))
    assert [d.text for d in docs][0] == "good one" and docs[-1].text == "good two"
    assert rejects and all("line" in r.reason for r in rejects)
    j = tmp_path / "a.jsonl"
    j.write_text(
        '{"text": "good one"}\n{"text": \n[1, 2]\n{"text": ""}\n{"text": "good two"}\n', encoding="utf-8"
    )
    docs, rejects = _split(iter_inputs([j]))
    assert [d.text for d in docs] == ["good one", "good two"]
    assert [r.reason.split(":")[0] for r in rejects] == ["line 2", "line 3", "row 4"]


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


# ---------------------------------------------------------------- encodings, columns and rows (issue 12)


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


# ---------------------------------------------------------------- a large .json, read an item at a time

_ROW = st.fixed_dictionaries(
    {"text": st.sampled_from(["Lavrov met Blinken.", "", "Kyiv \u00e9t\u00e9 \u201cquoted\u201d."])},
    optional={"id": st.integers(-3, 3) | st.text(max_size=3), "title": st.text(max_size=5)},
)
_ITEM = _ROW | st.integers() | st.text(max_size=4) | st.none() | st.lists(st.integers(), max_size=2)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.lists(_ITEM, max_size=6),
        st.dictionaries(
            st.sampled_from(["articles", "more", "tags", "meta", "text", "title", "n"]),
            st.lists(_ITEM, max_size=4) | st.text(max_size=5) | st.integers(),
            max_size=4,
        ),
    ),
    st.sampled_from([0, 1, 2, 3, None]),
    st.booleans(),
)
def test_a_large_json_streamed_reads_as_the_whole_file_does(doc, indent, huge):
    """The streamed reader (pieces of 7 bytes here) gives what the whole-file reader gives, item for item."""
    import io as _io

    import analysis.io as aio

    data = json.dumps(doc, indent=indent, ensure_ascii=False)
    if huge:
        data = data.replace("3", "9" * 5000, 1)  # a number Python will not convert
    data = data.encode("utf-8")

    def read(stream_from: int, chunk: int) -> list:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(aio, "JSON_STREAM_FROM", stream_from)
            mp.setattr(aio, "JSON_CHUNK", chunk)
            try:
                return list(aio.json_input("f.json", _io.BytesIO(data), len(data), ReadOptions()))
            except aio.InputError as e:
                return [("error", str(e))]

    whole = read(10**9, 1 << 20)
    assert read(0, 7) == whole
    assert read(0, 1 << 20) == whole


def test_a_large_json_malformed_after_some_items_keeps_them(tmp_path):
    import analysis.io as aio

    rows = [{"text": f"Lavrov met Blinken, day {i}."} for i in range(50_000)]
    p = tmp_path / "cut.json"
    p.write_text(json.dumps(rows)[:-5000], encoding="utf-8")  # a download cut short
    assert p.stat().st_size > aio.JSON_STREAM_FROM
    items = list(iter_inputs([p], ReadOptions()))
    docs = [i for i in items if isinstance(i, RawDoc)]
    assert len(docs) > 49_000 and len(items) == len(docs) + 1
    assert "malformed JSON" in items[-1].reason and "the rest of the file not read" in items[-1].reason


def test_a_large_json_mixing_encodings_reads_as_the_whole_file_does(monkeypatch):
    import io as _io

    import analysis.io as aio

    rows = [{"text": f"Caf\u00e9 talks {i} went on."} for i in range(5)]
    data = json.dumps(rows, indent=1, ensure_ascii=False).encode("utf-8")
    data = data.replace(b"talks 3", "talks 3 \u201cq\u201d".encode("cp1252"))  # one line in cp1252
    whole = list(aio.iter_json("f.json", data, ReadOptions()))
    monkeypatch.setattr(aio, "JSON_STREAM_FROM", 0)
    monkeypatch.setattr(aio, "JSON_CHUNK", 64)  # pieces end at line ends: lines decode as in the whole file
    assert list(aio.json_input("f.json", _io.BytesIO(data), len(data), ReadOptions())) == whole
    assert "line 12 is not UTF-8" in whole[-1].reason
