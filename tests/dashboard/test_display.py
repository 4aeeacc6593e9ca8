"""dashboard/display.py: tables as the page shows them (dates as dates, no server folders). Pure: no Streamlit."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.display import for_page, short_source


@pytest.mark.parametrize(
    "source, shown",
    [
        ("/work/data/sample/000_x.txt", "sample/000_x.txt"),
        ("/srv/secret/corpus/window.jsonl::line12", "corpus/window.jsonl::line12"),
        ("C:\\Users\\me\\news\\a.csv::row3", "news/a.csv::row3"),
        ("upload/x (2).txt", "upload/x (2).txt"),  # relative: kept
        ("", ""),
        (None, ""),
    ],
)
def test_short_source(source, shown):
    assert short_source(source) == shown


def test_for_page_shows_dates_and_short_sources():
    df = pd.DataFrame(
        {"published": pd.to_datetime(["2022-02-28", None]), "source": ["/a/b/c/d.txt", "upload/e.txt"]}
    )
    got = for_page(df)
    assert list(got["published"]) == [dt.date(2022, 2, 28), None]
    assert list(got["source"]) == ["c/d.txt", "upload/e.txt"]
    assert str(df["published"].iloc[0]) == "2022-02-28 00:00:00"  # the input is left as it was
