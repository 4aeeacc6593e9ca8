"""dashboard/filters.py: the share link's parameters and the upload limit."""

import datetime as dt

import pytest

from dashboard.filters import upload_problem


@pytest.mark.parametrize("sizes, refused", [([10, 20], False), ([150_000_000, 60_000_000], True)])
def test_upload_limit(sizes, refused):
    msg = upload_problem(sizes, 200)
    assert (msg is not None) == refused
    if refused:
        assert "210 MB" in msg and "200 MB" in msg


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
