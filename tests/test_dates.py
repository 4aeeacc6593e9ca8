import datetime as dt

import pytest

from analysis.dates import date_in_text, infer_date, parse_date


@pytest.mark.parametrize("value, expected", [
    ("2021-12-02", dt.date(2021, 12, 2)),
    ("20211202", dt.date(2021, 12, 2)),
    ("2022/05/10", dt.date(2022, 5, 10)),
    ("2022-02-24T10:00:00+00:00", dt.date(2022, 2, 24)),
    ("Dec 2, 2021", dt.date(2021, 12, 2)),
    ("", None), ("nan", None), (None, None), ("2021-13-45", None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("text, expected", [
    ("MOSCOW, Dec. 2, 2021 - Talks", dt.date(2021, 12, 2)),
    ("Published 2 December 2021. Talks", dt.date(2021, 12, 2)),
    ("No date here at all", None),
])
def test_date_in_text(text, expected):
    assert date_in_text(text) == expected


@pytest.mark.parametrize("text, reference, expected", [
    ("met in Stockholm on 2 December. An official said on Thursday", dt.date(2021, 12, 1), dt.date(2021, 12, 2)),
    # Thursday 2 December: 2021 fits; without a reference the latest past fit is chosen
    ("on 2 December ... said on Thursday", None, dt.date(2021, 12, 2)),
    ("talks on December 10", dt.date(2022, 1, 3), dt.date(2021, 12, 10)),
    ("on 2 December ... said on Friday", dt.date(2021, 12, 1), dt.date(2022, 12, 2)),
    ("no day and month", dt.date(2021, 12, 1), None),
])
def test_infer_date(text, reference, expected):
    assert infer_date(text, reference, today=dt.date(2026, 11, 23)) == expected
