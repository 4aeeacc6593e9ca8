import re

import pytest

from analysis.numbers import NUMBER, parse_number


@pytest.mark.parametrize("text, expected", [
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
])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["100,000", "ninety thousand", "tens of thousands", "1.5 million", "175k"])
def test_number_regex_matches_whole(text):
    assert re.fullmatch(NUMBER, text)
