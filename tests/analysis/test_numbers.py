import re

import pytest

from analysis.numbers import NUMBER, in_range, parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("100,000", (100_000, 100_000)),
        ("100k", (100_000, 100_000)),
        ("1.5 million", (1_500_000, 1_500_000)),
        ("ninety thousand", (90_000, 90_000)),
        ("one hundred thousand", (100_000, 100_000)),
        ("a hundred thousand", (100_000, 100_000)),
        ("one hundred and seventy-five thousand", (175_000, 175_000)),
        ("tens of thousands", (20_000, 99_999)),
        ("hundreds of thousands", (200_000, 999_999)),
        ("8500", (8_500, 8_500)),
        ("troops", None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["100,000", "ninety thousand", "tens of thousands", "1.5 million", "175k"])
def test_number_regex_matches_whole(text):
    assert re.fullmatch(NUMBER, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("123456789123456789", (123456789123456789, 123456789123456789)),  # exact, never through a float
        ("20000000000000000000", (20000000000000000000, 20000000000000000000)),  # parsed; in_range says no
        ("1.4 million", (1_400_000, 1_400_000)),
        ("2.5k", (2_500, 2_500)),
        ("half a million", (500_000, 500_000)),
        ("Half a million", (500_000, 500_000)),
        ("0.1 million", (100_000, 100_000)),
        ("9" * 60, None),  # not a count at all
    ],
)
def test_exact_values(text, expected):
    got = parse_number(text)
    assert got == expected
    assert got is None or all(type(v) is int for v in got)


@pytest.mark.parametrize(
    "value, ok",
    [(1, True), (100_000_000, True), (100_000_001, False), (0, False), (-5000, False), (2**70, False)],
)
def test_in_range(value, ok):
    assert in_range(value) is ok
