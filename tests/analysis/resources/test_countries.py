"""countries.csv: the sovereign states not in actors.csv, read with the default lexicon."""

from collections import Counter
from importlib import resources

import pytest

from analysis.actors import default_actors, find_mentions, parse_actors


def _read(name):
    return parse_actors(resources.files("analysis.resources").joinpath(name).read_text(encoding="utf-8"))


COUNTRIES = _read("countries.csv")
LISTED = _read("actors.csv")


def test_rows_are_countries_with_unique_names():
    names = [a.name for a in COUNTRIES]
    assert len(names) > 150
    assert len(set(names)) == len(names)
    assert {a.type for a in COUNTRIES} == {"country"}
    assert not set(names) & {a.name for a in LISTED}  # skip every country actors.csv lists


def test_no_alias_is_shared():
    owner: dict[str, str] = {}
    for a in LISTED + COUNTRIES:
        for alias in a.aliases:
            assert owner.setdefault(alias, a.name) == a.name, f"{alias!r}: {owner[alias]} and {a.name}"


def test_metonyms_and_ambiguous_are_aliases():
    for a in COUNTRIES:
        assert a.metonyms <= set(a.aliases), a.name
        assert a.ambiguous <= set(a.aliases), a.name


def test_default_lexicon_reads_both_files_and_actors_csv_wins():
    lexicon = {a.name: a for a in default_actors()}
    assert {a.name for a in LISTED + COUNTRIES} == set(lexicon)
    assert lexicon["Russia"] == next(a for a in LISTED if a.name == "Russia")
    assert lexicon["Kenya"].aliases[:2] == ("Kenya", "Kenyan")


def counts(text):
    return dict(Counter(m.actor for m in find_mentions(text)))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Michael Jordan said", {}),
        ("Rep. Jim Jordan and Jordan Peterson", {}),
        ("Jordan's King Abdullah met Jordanian officials", {"Jordan": 2}),
        ("In Jordan, protests", {"Jordan": 1}),
        ("Jordan King Abdullah", {"Jordan": 1}),
        ("Rep. Jim Jordan spoke. Jordan recently tweeted", {}),
        ("Attorney General Lisa Monaco told reporters. Monaco said", {}),
        ("yachts off Monaco", {"Monaco": 1}),
        ("Cuba Gooding Jr. starred", {}),
        ("talks in Lima", {"Peru": 1}),
        ("Ireland Prime Minister", {"Ireland": 1}),
        ("Saudi Arabia and Saudi officials", {"Saudi Arabia": 2}),
        ("JORDAN'S KING", {"Jordan": 1}),
        ("troops from Chad.", {"Chad": 1}),
        ("Chad Smith said", {}),
        ("Chad, Mali and Niger", {"Chad": 1, "Mali": 1, "Niger": 1}),
        ("the shores of Lake Chad", {}),
        ("Nigeria and Niger", {"Nigeria": 1, "Niger": 1}),
        ("Nigerian and Nigerien troops in the Niger Delta", {"Nigeria": 1, "Niger": 1}),
        ("Northern Ireland and Northern Irish voters", {}),
        ("Ireland and Northern Ireland", {"Ireland": 1}),
        ("Irish troops", {"Ireland": 1}),
        ("DR Congo and the DRC", {"Democratic Republic of Congo": 2}),
        ("the Congo River", {}),
        (
            "Republic of Congo and Democratic Republic of the Congo",
            {"Republic of Congo": 1, "Democratic Republic of Congo": 1},
        ),
        ("Papua New Guinea", {"Papua New Guinea": 1}),
        ("Equatorial Guinea", {"Equatorial Guinea": 1}),
        ("Guinea-Bissau and Guinea", {"Guinea-Bissau": 1, "Guinea": 1}),
        ("a guinea pig. Guinea pigs. New Guinea", {}),
        ("South Sudan and Sudan", {"South Sudan": 1, "Sudan": 1}),
        ("South Sudanese and Sudanese troops", {"South Sudan": 1, "Sudan": 1}),
        ("Kenyan runners", {"Kenya": 1}),
        ("Côte d'Ivoire, Ivory Coast", {"Ivory Coast": 2}),
        ("Dominica and the Dominican Republic", {"Dominica": 1, "Dominican Republic": 1}),
        ("South Korea and Seoul", {"South Korea": 2}),
        ("People's Republic of China", {"China": 1}),
        ("Taiwanese and Taipei", {"Taiwan": 2}),
        ("New Mexico and Mexico", {"Mexico": 1}),
        ("Samoa", {"Samoa": 1}),
        ("Macedonia and North Macedonia", {"North Macedonia": 2}),
        ("Kuwaiti and Afghan officials", {"Kuwait": 1, "Afghanistan": 1}),
        ("an Afghan hound", {}),
    ],
)
def test_tricky_names(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize("text, country", [("the Dutch", "Netherlands"), ("Norwegian troops", "Norway")])
def test_demonyms_of_countries_in_actors_csv(text, country):
    if country not in {a.name for a in LISTED}:
        pytest.skip(f"{country} is not in this branch's actors.csv")
    assert counts(text) == {country: 1}


def _analyse(text):
    import datetime as dt

    from analysis.pipeline import analyse_article
    from analysis.schemas import Article

    return analyse_article(Article("a", "s", "", dt.date(2022, 1, 1), "", "", "", text, len(text.split())))


@pytest.mark.parametrize(
    "text, owner",
    [
        ("Kenya has sent 3,000 troops to Somalia, Kenyan officials said.", "Kenya"),
        ("Chad deployed 1,200 soldiers to Mali, the Chadian army said.", "Chad"),
        ("About 2,000 Australian troops are in Iraq.", "Australia"),
    ],
)
def test_troops_of_a_country_from_countries_csv(text, owner):
    _, troops, _ = _analyse(text)
    assert [t.troops_of for t in troops] == [owner]


def test_a_person_named_like_a_country_still_speaks():
    _, _, quotes = _analyse(
        "“The threat is real,” Deputy Attorney General Lisa Monaco told reporters. "
        "“We are ready,” Monaco said."
    )
    assert [q.speaker for q in quotes] == ["Lisa Monaco", "Lisa Monaco"]
