import datetime as dt

import pytest

from analysis.dates import date_in_text, infer_date, parse_date, read_date


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2021-12-02", dt.date(2021, 12, 2)),
        ("20211202", dt.date(2021, 12, 2)),
        ("2022/05/10", dt.date(2022, 5, 10)),
        ("2022-02-24T10:00:00+00:00", dt.date(2022, 2, 24)),
        ("Dec 2, 2021", dt.date(2021, 12, 2)),
        ("", None),
        ("nan", None),
        (None, None),
        ("2021-13-45", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value, problem",
    [
        ("2021-12-02", None),
        (dt.date(2022, 1, 5), None),
        (None, None),
        ("", None),
        (float("nan"), None),
        ("2021-02-30", "date '2021-02-30' is not a valid date"),
        ("-2022-01-01", "date '-2022-01-01' has a negative year"),
        ("0001-01-01", "date '0001-01-01' is not a valid date"),
        ("9999-12-31", "date '9999-12-31' is not a valid date"),
        ("yesterday", "date 'yesterday' is not a valid date"),
        (dt.date(9999, 12, 31), "date 9999-12-31 is outside 1900-01-01 .. 2023-01-02"),
        (dt.datetime(1, 1, 1, 12), "date 0001-01-01 is outside 1900-01-01 .. 2023-01-02"),
        (dt.date(2022, 12, 31), None),
    ],
)
def test_read_date_says_why_a_value_is_no_date(value, problem):
    d, why = read_date(value, today=dt.date(2022, 1, 1))
    assert why == problem and (d is None) == (problem is not None or value in (None, "") or value != value)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("MOSCOW, Dec. 2, 2021 - Talks", dt.date(2021, 12, 2)),
        ("Published 2 December 2021. Talks", dt.date(2021, 12, 2)),
        ("No date here at all", None),
    ],
)
def test_date_in_text(text, expected):
    assert date_in_text(text) == expected


@pytest.mark.parametrize(
    "text, reference, expected",
    [
        (
            "met in Stockholm on 2 December. An official said on Thursday",
            dt.date(2021, 12, 1),
            dt.date(2021, 12, 2),
        ),
        # Thursday 2 December: 2021 fits; without a reference the latest past fit is chosen
        ("on 2 December ... said on Thursday", None, dt.date(2021, 12, 2)),
        ("talks on December 10", dt.date(2022, 1, 3), dt.date(2021, 12, 10)),
        ("on 2 December ... said on Friday", dt.date(2021, 12, 1), dt.date(2022, 12, 2)),
        ("no day and month", dt.date(2021, 12, 1), None),
    ],
)
def test_infer_date(text, reference, expected):
    assert infer_date(text, reference, today=dt.date(2026, 11, 23)) == expected
