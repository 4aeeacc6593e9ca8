"""Each owner and claim rule of ``attribution.figures`` with its own (text, expected) table: the rule named must be
the one that decides. The texts are written for these tests in wire style; none comes from a gold article."""

import pytest

from analysis.attribution.figures import CLAIM_RULES, OWNER_RULES
from analysis.extract import analyse_article
from analysis.schemas import Article


def figures(text):
    """The troop figures of ``text`` as the pipeline finds them (the quotes' speakers claim figures quoted)."""
    return analyse_article(Article("a", "s", "", None, "none", "", "", text, len(text.split())))[1]


OWNER_CASES = {
    "in_phrase": [("Officials counted 100,000 Russian troops near the border.", "Russia")],
    "possessive": [("Analysts pointed to Russia's buildup of 150,000 troops.", "Russia")],
    "apposition": [("The alliance faces 100,000 troops -- Russian troops -- on its flank.", "Russia")],
    "border": [("There are 90,000 soldiers along Russia's border with Ukraine.", "Russia")],
    "deployer": [("France said it was sending 4,500 troops to the region.", "France")],
    "decision": [
        ("The announcement from the Pentagon that 4,700 troops would deploy came late.", "United States")
    ],
    "force_named": [("The Russian build-up now stands at 60,000 troops.", "Russia")],
    "same_figure": [
        ("The Pentagon put 4,700 U.S. troops on alert. Later the 4,700 troops were sent.", "United States")
    ],
    "clause_country": [("Poland, with 8,000 troops in the east, is ready.", "Poland")],
}

CLAIM_CASES = {
    "according_to": [
        ("There are 90,000 soldiers near the border, according to Ukraine.", "Ukraine"),
        # the source ends at the comma: a country named after it is not the source
        ("Russia's army has about 280,000 personnel, according to Reuters, and Ukraine's fewer.", "Reuters"),
    ],
    "quoted": [('"We now see 100,000 Russian troops," Jens Stoltenberg said.', "Jens Stoltenberg")],
    "verb_subject": [("Ukraine said Russia has massed 90,000 soldiers.", "Ukraine")],
    "trailing": [("Russia has 100,000 troops near the border, Ukraine said.", "Ukraine")],
    "intelligence": [("A U.S. intelligence document puts the number at 175,000 troops.", "United States")],
}


def test_every_rule_has_its_table():
    assert {r.__name__.removeprefix("owner_") for r in OWNER_RULES} == set(OWNER_CASES)
    assert {r.__name__.removeprefix("claim_") for r in CLAIM_RULES} == set(CLAIM_CASES)


@pytest.mark.parametrize(
    "rule, text, owner", [(r, *case) for r, cases in OWNER_CASES.items() for case in cases]
)
def test_owner_rule_decides(rule, text, owner):
    last = figures(text)[-1]
    assert (last.troops_of, last.owner_rule) == (owner, rule)


@pytest.mark.parametrize(
    "rule, text, claimant", [(r, *case) for r, cases in CLAIM_CASES.items() for case in cases]
)
def test_claim_rule_decides(rule, text, claimant):
    (fig,) = figures(text)
    assert (fig.claimed_by, fig.claim_rule) == (claimant, rule)


@pytest.mark.parametrize(
    "text, owner, rule",
    [
        ("Some 222,000 reservists have been recruited, Vladimir Putin said.", "Russia", "claimant_country"),
        ("It is estimated that 30,000 troops took part.", "", ""),
        ("The Russian Defence Ministry said 40,000 troops had been moved.", "Russia", "claimant_country"),
    ],
)
def test_owner_falls_back_to_the_claimant_country_or_nothing(text, owner, rule):
    (fig,) = figures(text)
    assert (fig.troops_of, fig.owner_rule) == (owner, rule)


def test_the_article_states_it_itself():
    (fig,) = figures("Russia has massed 100,000 troops near the border.")
    assert (fig.claimed_by, fig.claim_rule) == ("", "")


def test_an_unnamed_body_is_the_country_named_for_it_before_for_speakers_and_claimants_alike():
    text = (
        "Ukraine's Defence Ministry warned on Monday. "
        'The Defence Ministry said Russia has 90,000 soldiers near the border. "We are ready," the Defence Ministry said.'
    )
    (fig,) = figures(text)
    assert (fig.claimed_by, fig.claim_rule) == ("Ukraine", "verb_subject")
    art = Article("a", "s", "", None, "none", "", "", text, len(text.split()))
    (quote,) = analyse_article(art)[2]
    assert quote.speaker == "Ukraine"


@pytest.mark.parametrize(
    "text, values",
    [
        ("Russia has deployed 60,000 to 100,000 troops near the border.", [(100000, 60000, 100000)]),
        ("Officials estimate between 169,000 and 190,000 troops are there.", [(190000, 169000, 190000)]),
        ("Russia has sent 1,000 armoured personnel carriers and 5,000 troops.", [(5000, 5000, 5000)]),
        ("Russia has lost an estimated 15,000 troops since the invasion.", []),
    ],
)
def test_a_range_is_one_row_and_vehicles_and_losses_are_no_troops(text, values):
    assert [(f.value, f.low, f.high) for f in figures(text)] == values
