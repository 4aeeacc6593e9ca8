from collections import Counter

import pytest

from analysis.actors import find_mentions, load_actors, matcher, parse_actors, person_name_at, trie_regex


def counts(text, **kw):
    return Counter(m.actor for m in find_mentions(text, **kw))


@pytest.mark.parametrize("text, expected", [
    ("Sergei Lavrov met Blinken. Lavrov said", {"Sergei Lavrov": 2, "Antony Blinken": 1}),
    ("Sergey Lavrov and Zelenskyy and Zelenskiy", {"Sergei Lavrov": 1, "Volodymyr Zelensky": 2}),
    ("Blinken’s trip and Blinkens travel and Putin's plan", {"Antony Blinken": 2, "Vladimir Putin": 1}),
    ("the US said; tell us more", {"United States": 1}),
    ("U.S. and Russia-backed rebels and pro-Russian forces", {"United States": 1, "Russia": 2}),
    ("He ate Chicken Kiev in Kyiv", {"Ukraine": 1}),
    ("Price rose. Ned Price said. Price added", {"Ned Price": 2}),
    ("Burns said, then William Burns said", {"William Burns": 1}),
    ("NATO and the alliance and Atlantic Alliance", {"NATO": 3}),
    ("the OSCE, the Organization for Security and Co-operation in Europe", {"OSCE": 2}),
    ("Latin America and America", {"United States": 1}),
    ("Lavrovich", {}),
    ("MOSCOW (AP) - BLINKEN", {"Russia": 1, "Antony Blinken": 1}),
])
def test_mentions(text, expected):
    assert counts(text) == expected


def test_offsets_are_exact():
    text = "Blinken’s talks with Sergei Lavrov in Moscow."
    for m in find_mentions(text, "a"):
        assert text[m.start:m.end] == m.surface
        assert m.article_id == "a"


def test_metonyms_switch():
    text = "Moscow and the Kremlin denied it; Russia said."
    assert counts(text) == {"Russia": 3}
    assert counts(text, m=matcher(metonyms=False)) == {"Russia": 1}


def test_actor_file_extends_and_replaces(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("name,type,aliases\nJane Roe,person,Jane Roe|Roe\nRussia,country,Russia\n", encoding="utf-8")
    extended = load_actors(f)
    assert {"Jane Roe", "Antony Blinken"} <= {a.name for a in extended}
    replaced = load_actors(f, "replace")
    assert {a.name for a in replaced} == {"Jane Roe", "Russia"}
    assert counts("Jane Roe met Blinken; Roe said", m=matcher(replaced)) == {"Jane Roe": 2}


def test_bad_actor_file():
    with pytest.raises(ValueError, match="type"):
        parse_actors("name,type\nX,planet\n")


def test_trie_regex_prefers_longest():
    import re

    rx = re.compile(trie_regex(["Sergei", "Sergei Lavrov", "Serge"]))
    assert rx.match("Sergei Lavrov").group() == "Sergei Lavrov"


@pytest.mark.parametrize("text, name", [
    ("said State Department spokesman Ned Price", "Ned Price"),
    ("Secretary of State Antony Blinken", "Antony Blinken"),
    ("White House press secretary", ""),
])
def test_person_name_at(text, name):
    assert person_name_at(text, 0, len(text)) == name
