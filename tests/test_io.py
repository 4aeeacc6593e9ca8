import json
import zipfile

import pandas as pd
import pytest

from analysis.io import ReadOptions, decode_bytes, iter_inputs, read_table, write_tables
from analysis.schemas import RawDoc, Reject, to_frame
from tests.conftest import SAMPLE

ROWS = [
    {"id": "a1", "title": "One", "date": "2022-01-05", "url": "https://www.cnn.com/x", "text": "Russia massed troops."},
    {"id": "a2", "title": "Two", "date": "2022-01-06", "url": "https://www.foxnews.com/y", "text": "Blinken met Lavrov."},
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


@pytest.mark.parametrize("data, expected", [
    ("héllo “x”".encode(), "héllo “x”"),
    (b"\xef\xbb\xbfbom", "bom"),
    ("caf\u00e9 \u201cq\u201d".encode("cp1252"), "café “q”"),
    ("utf16 é".encode("utf-16"), "utf16 é"),
])
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

