"""dashboard/exports.py: tables as CSV, Excel, Parquet or one zip, formula prefixes neutralised."""

import io

import pandas as pd
import pytest

from dashboard import exports


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
    assert pd.read_parquet(io.BytesIO(exports.to_parquet(q))).shape == q.shape
    assert exports.zip_all(sample_tables)[:2] == b"PK"
