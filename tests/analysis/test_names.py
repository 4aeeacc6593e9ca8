import pytest

from analysis import names


@pytest.mark.parametrize(
    "name, gender",
    [("Mark", "m"), ("Tyler", "m"), ("Grace", "f"), ("Vanessa", "f"), ("Jamie", ""), ("Kowalczyk", None)],
)
def test_given_names_and_their_gender(name, gender):
    assert names.given_names().get(name) == gender


@pytest.mark.parametrize(
    "full, gender",
    [("Wade Bassi", "m"), ("Ellen Banner", "f"), ("Jamie Werner", ""), ("Hori Parata", ""), ("Mark", "")],
)
def test_gender_of_a_full_name(full, gender):
    assert names.gender_of(full) == gender


@pytest.mark.parametrize(
    "word, place",
    [("Cambridge", True), ("Shrewsbury", True), ("Mariupol", True), ("Ohio", True), ("Kowalczyk", False)],
)
def test_places_come_from_the_gazetteer_and_the_project_list(word, place):
    assert names.is_place(word) is place


@pytest.mark.parametrize(
    "word, title",
    [("Commissioner", True), ("Sen.", True), ("Attorney-General", True), ("Gov", True), ("Andrew", False)],
)
def test_titles(word, title):
    assert names.is_title(word) is title


def test_surnames_are_the_census_list():
    assert {"Smith", "Carlson"} <= names.surnames() and "Analytica" not in names.surnames()
