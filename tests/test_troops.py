import pytest

from analysis.actors import find_mentions, matcher
from analysis.troops import troop_figures


def figures(text):
    m = matcher()
    return troop_figures(text, "a", find_mentions(text, "a", m), m)


@pytest.mark.parametrize("text, value, qualifier, low, high, owner, claimant", [
    ("Ukraine says Russia has amassed more than 90,000 troops near the border.", 90000, "at_least", 90000, None,
     "Russia", "Ukraine"),
    ("U.S. officials voiced concern about what they say is a buildup of nearly 100,000 troops along Russia's border with Ukraine.",
     100000, "at_most", None, 100000, "Russia", "United States"),
    ("Maria Zakharova claimed the Ukrainian government has deployed 125,000 troops to the Donbas.", 125000, "exact",
     125000, 125000, "Ukraine", "Maria Zakharova"),
    ("Psaki said Putin created the crisis by massing 100,000 troops along Ukraine's borders.", 100000, "exact",
     100000, 100000, "Russia", "Jen Psaki"),
    ("The Pentagon put 8,500 U.S. troops on heightened alert.", 8500, "exact", 8500, 8500, "United States", ""),
    ("Russia has about 100k soldiers there, according to U.S. intelligence.", 100000, "approx", 100000, 100000,
     "Russia", "United States"),
    ("Russia has ninety thousand servicemen near Ukraine, Kuleba said.", 90000, "exact", 90000, 90000, "Russia",
     "Dmytro Kuleba"),
    ("An estimated 175,000 Russian combat troops could take part.", 175000, "approx", 175000, 175000, "Russia", ""),
    ("Belarus hosts as many as 30,000 Russian military personnel.", 30000, "at_most", None, 30000, "Russia", ""),
])
def test_troop_figures(text, value, qualifier, low, high, owner, claimant):
    (f,) = figures(text)
    assert (f.value, f.qualifier, f.low, f.high, f.troops_of, f.claimed_by) == (value, qualifier, low, high, owner, claimant)
    assert text[f.start:f.end] == f.surface
    assert f.sentence == text


@pytest.mark.parametrize("text", [
    "More than 14,000 people have been killed since 2014.",
    "Missiles could reach Moscow within 10 minutes.",
    "Russia arrested three suspected agents.",
    "Kyiv says 2,800 Russian troops have been killed.",
    "Officials said 2014 was a turning point for forces.",
    "Two soldiers were wounded.",
    "Moscow has deployed tens of thousands of troops.",  # vague counts have no value to ledger
])
def test_not_troop_figures(text):
    assert figures(text) == []


@pytest.mark.parametrize("text, value, qualifier, low, high", [
    ("More than 30,000 troops from 27 nations will take part.", 30000, "at_least", 30000, None),
    ("About 3,000 U.S. troops will deploy.", 3000, "approx", 3000, 3000),
    ("The president is considering sending 3,000-5,000 U.S. troops to Romania.", 5000, "approx", 3000, 5000),
])
def test_case_and_ranges(text, value, qualifier, low, high):
    (f,) = figures(text)
    assert (f.value, f.qualifier, f.low, f.high) == (value, qualifier, low, high)


@pytest.mark.parametrize("text", [
    "Ukraine has claimed that it has killed over 12,000 troops.",
    "Russia has now lost 13,500 troops in fighting.",
])
def test_casualties_before_the_number(text):
    assert figures(text) == []


@pytest.mark.parametrize("text, owner, claimant", [
    ("Russia's recent buildup of around 150,000 troops has sent tensions soaring.", "Russia", ""),
    ("Women make up 15% of Ukraine's military personnel -- over 30,000 soldiers.", "Ukraine", ""),
    ("There are 100,000 troops -- Russian troops -- on the border.", "Russia", ""),
    ("Putin accused the U.S. of lying, even though Russia massed 100,000 troops.", "Russia", ""),
])
def test_owner_from_possessives_and_appositions(text, owner, claimant):
    (f,) = figures(text)
    assert (f.troops_of, f.claimed_by) == (owner, claimant)
