"""The page's words made from numbers (dashboard/wording.py): counts in the singular and plural, the headline's
split of actors by kind. Pure: no Streamlit."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import wording


def test_wording_imports_no_streamlit():
    assert "streamlit" not in Path(wording.__file__).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "n, table, expected",
    [
        (1, "troops", "1 troop figure"),
        (2, "troops", "2 troop figures"),
        (0, "troops", "0 troop figures"),
        (1, "quotes", "1 quote"),
        (1_234, "mentions", "1,234 mentions"),
        (1, "articles", "1 article"),
        (1, "rejects", "1 input"),
    ],
)
def test_counted(n, table, expected):
    assert wording.counted(n, table) == expected


@pytest.mark.parametrize(
    "kinds, expected",
    [
        (
            {"person": 3, "country": 3, "organization": 1},
            "Actors mentioned: 3 people (quoted speakers among them), 3 countries, 1 organisation.",
        ),
        ({"person": 1}, "Actors mentioned: 1 person (quoted speakers among them)."),
        ({"country": 2, "group": 1}, "Actors mentioned: 2 countries, 1 other."),
        ({}, "No actor is mentioned."),
    ],
)
def test_actor_kinds(kinds, expected):
    assert wording.actor_kinds(kinds) == expected
