import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from dashboard import charts, exports
from dashboard.filters import upload_problem


@pytest.mark.parametrize(
    "cell, safe", [("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-2", "'-2"), ("@x", "'@x"), ("ok", "ok")]
)
def test_formula_injection_is_neutralised(cell, safe):
    df = pd.DataFrame({"text": [cell]})
    assert exports.neutralise(df)["text"][0] == safe
    assert exports.to_csv(df).decode().splitlines()[1] == safe


def test_every_export_format(sample_tables):
    q = sample_tables["quotes"]
    assert exports.to_excel(q)[:2] == b"PK"
    assert pd.read_parquet(__import__("io").BytesIO(exports.to_parquet(q))).shape == q.shape
    assert exports.zip_all(sample_tables)[:2] == b"PK"


@pytest.mark.parametrize(
    "module",
    [
        charts,
        exports,
        __import__("dashboard.filters").filters,
        __import__("dashboard.render").render,
        __import__("dashboard.dataset").dataset,
        __import__("dashboard.contract").contract,
    ],
)
def test_pure_modules_do_not_import_streamlit(module):
    assert "streamlit" not in Path(module.__file__).read_text(encoding="utf-8")


def test_reader_escapes_html():
    from dashboard.render import highlight

    text = 'Hi <script>alert(1)</script> "Lavrov"'
    out = highlight(text, [(3, 11, "actor"), (30, 36, "quote")])
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert '<mark style="background:#fff3b0" title="quote">Lavrov</mark>' in out


@pytest.mark.parametrize("sizes, refused", [([10, 20], False), ([150_000_000, 60_000_000], True)])
def test_upload_limit(sizes, refused):
    msg = upload_problem(sizes, 200)
    assert (msg is not None) == refused
    if refused:
        assert "210 MB" in msg and "200 MB" in msg


def test_uploaded_files_are_analysed_with_progress():
    from dashboard import data
    from dashboard.uploads import UploadedFile
    from tests.conftest import SAMPLE

    files = tuple((p.name, p.read_bytes()) for p in sorted(SAMPLE.glob("*.txt"))) + (
        ("bad.bin", b"\x00\x01"),
    )
    seen = []
    data.UPLOADS.clear()  # analysed here, not taken from the cache
    t = data.uploaded_tables([UploadedFile(n, b) for n, b in files], None, lambda d, n: seen.append((d, n)))
    assert len(t["articles"]) == 5 and seen[-1] == (6, 6)  # progress counts inputs, the rejected one too
    assert (
        t["rejects"]["source"].tolist() == ["upload/bad.bin"] and "binary" in t["rejects"]["reason"].iloc[0]
    )


def test_the_dashboard_takes_an_actor_list():
    from dashboard import data

    extra = b"name,type,aliases\nIsabelle Khurshudyan,person,Isabelle Khurshudyan|Khurshudyan\n"
    t = data.sample_tables.__wrapped__(extra)
    assert "Isabelle Khurshudyan" in set(t["mentions"]["actor"].astype(str))
    with pytest.raises(ValueError, match="type"):
        data.sample_tables.__wrapped__(b"name,type\nX,planet\n")


@pytest.mark.parametrize(
    "f, freq, pairs",
    [
        (dict(), "W", []),
        (
            dict(start=dt.date(2021, 12, 1), end=dt.date(2022, 3, 31)),
            "W",
            [],
        ),  # the full range is the default
        (
            dict(start=dt.date(2021, 12, 2), end=dt.date(2022, 1, 5)),
            "M",
            [("dates", "2021-12-02"), ("dates", "2022-01-05"), ("freq", "month")],
        ),
        (
            dict(outlets=("CNN", "Fox News"), actors=("NATO",), speakers=("A", "B")),
            "W",
            [
                ("outlets", "CNN"),
                ("outlets", "Fox News"),
                ("actors", "NATO"),
                ("speakers", "A"),
                ("speakers", "B"),
            ],
        ),
        (
            dict(polarity=(0.1, 1.0), include_undated=False, troops_of=("Russia",)),
            "D",
            [
                ("undated", "false"),
                ("troops_of", "Russia"),
                ("polarity", "0.1"),
                ("polarity", "1"),
                ("freq", "day"),
            ],
        ),
        (dict(search="a&b=c", once_per_story=True), "W", [("q", "a&b=c"), ("once", "true")]),
    ],
)
def test_share_pairs_hold_every_value(f, freq, pairs):
    from dashboard.filters import Filters, share_pairs

    assert share_pairs(Filters(**f), freq, (dt.date(2021, 12, 1), dt.date(2022, 3, 31))) == pairs
