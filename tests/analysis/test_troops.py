import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.actors import matcher
from analysis.document import build
from analysis.schemas import Article
from analysis.troops import troop_figures


def figures(text):
    return troop_figures(
        build(Article("a", "s", "", None, "none", "", "", text, len(text.split())), matcher())
    )


@pytest.mark.parametrize(
    "text, value, qualifier, low, high, owner, claimant",
    [
        (
            "Ukraine says Russia has amassed more than 90,000 troops near the border.",
            90000,
            "at_least",
            90000,
            None,
            "Russia",
            "Ukraine",
        ),
        (
            "U.S. officials voiced concern about what they say is a buildup of nearly 100,000 troops along Russia's border with Ukraine.",
            100000,
            "at_most",
            None,
            100000,
            "Russia",
            "United States",
        ),
        (
            "Maria Zakharova claimed the Ukrainian government has deployed 125,000 troops to the Donbas.",
            125000,
            "exact",
            125000,
            125000,
            "Ukraine",
            "Maria Zakharova",
        ),
        (
            "Psaki said Putin created the crisis by massing 100,000 troops along Ukraine's borders.",
            100000,
            "exact",
            100000,
            100000,
            "Russia",
            "Jen Psaki",
        ),
        (
            "The Pentagon put 8,500 U.S. troops on heightened alert.",
            8500,
            "exact",
            8500,
            8500,
            "United States",
            "",
        ),
        (
            "Russia has about 100k soldiers there, according to U.S. intelligence.",
            100000,
            "approx",
            100000,
            100000,
            "Russia",
            "United States",
        ),
        (
            "Russia has ninety thousand servicemen near Ukraine, Kuleba said.",
            90000,
            "exact",
            90000,
            90000,
            "Russia",
            "Dmytro Kuleba",
        ),
        (
            "An estimated 175,000 Russian combat troops could take part.",
            175000,
            "approx",
            175000,
            175000,
            "Russia",
            "",
        ),
        (
            "Belarus hosts as many as 30,000 Russian military personnel.",
            30000,
            "at_most",
            None,
            30000,
            "Russia",
            "",
        ),
    ],
)
def test_troop_figures(text, value, qualifier, low, high, owner, claimant):
    (f,) = figures(text)
    assert (f.value, f.qualifier, f.low, f.high, f.troops_of, f.claimed_by) == (
        value,
        qualifier,
        low,
        high,
        owner,
        claimant,
    )
    assert text[f.start : f.end] == f.surface
    assert f.sentence == text


@pytest.mark.parametrize(
    "text",
    [
        "More than 14,000 people have been killed since 2014.",
        "Missiles could reach Moscow within 10 minutes.",
        "Russia arrested three suspected agents.",
        "Kyiv says 2,800 Russian troops have been killed.",
        "Officials said 2014 was a turning point for forces.",
        "Two soldiers were wounded.",
        "Moscow has deployed tens of thousands of troops.",  # vague counts have no value to ledger
    ],
)
def test_not_troop_figures(text):
    assert figures(text) == []


@pytest.mark.parametrize(
    "text, value, qualifier, low, high",
    [
        ("More than 30,000 troops from 27 nations will take part.", 30000, "at_least", 30000, None),
        ("About 3,000 U.S. troops will deploy.", 3000, "approx", 3000, 3000),
        (
            "The president is considering sending 3,000-5,000 U.S. troops to Romania.",
            5000,
            "approx",
            3000,
            5000,
        ),
    ],
)
def test_case_and_ranges(text, value, qualifier, low, high):
    (f,) = figures(text)
    assert (f.value, f.qualifier, f.low, f.high) == (value, qualifier, low, high)


@pytest.mark.parametrize(
    "text",
    [
        "Ukraine has claimed that it has killed over 12,000 troops.",
        "Russia has now lost 13,500 troops in fighting.",
    ],
)
def test_casualties_before_the_number(text):
    assert figures(text) == []


@pytest.mark.parametrize(
    "text, owner, claimant",
    [
        ("Russia's recent buildup of around 150,000 troops has sent tensions soaring.", "Russia", ""),
        ("Women make up 15% of Ukraine's military personnel -- over 30,000 soldiers.", "Ukraine", ""),
        ("There are 100,000 troops -- Russian troops -- on the border.", "Russia", ""),
        ("Putin accused the U.S. of lying, even though Russia massed 100,000 troops.", "Russia", ""),
    ],
)
def test_owner_from_possessives_and_appositions(text, owner, claimant):
    (f,) = figures(text)
    assert (f.troops_of, f.claimed_by) == (owner, claimant)


# ---------------------------------------------------------------- recall: nouns, modifiers, force sizes, ellipsis


@pytest.mark.parametrize(
    "text, value, qualifier",
    [
        ("The rebels have 12,000 well-equipped rebel fighters.", 12000, "exact"),
        ("Moscow called up 45,000 newly drafted soldiers.", 45000, "exact"),
        ("Some 2,000 marines sailed.", 2000, "approx"),
        ("About 3,000 sailors sailed.", 3000, "approx"),
        ("The country called up 20,000 reservists.", 20000, "exact"),
        ("About 5,000 paratroopers landed.", 5000, "approx"),
        ("The army has 1.4 million troops.", 1400000, "exact"),
        ("Half a million soldiers are on alert.", 500000, "exact"),
        ("It sent a 40,000-strong force.", 40000, "exact"),
        ("It leads a 30,000-man NATO force.", 30000, "exact"),
        ("Russia has assembled an army of 210,000 near the border.", 210000, "exact"),
        ("Ukraine's army numbers 98,000.", 98000, "exact"),
        ("The brigade is kept at a strength of 4,000.", 4000, "exact"),
        ("Kyiv has 250,000 servicemen.", 250000, "exact"),
        ("Up to 20,000 conscripts were drafted.", 20000, "at_most"),
        ("The 6,200 American military on standby are ready.", 6200, "exact"),
    ],
)
def test_figure_recall(text, value, qualifier):
    (f,) = figures(text)
    assert (f.value, f.qualifier) == (value, qualifier)
    assert text[f.start : f.end] == f.surface


@pytest.mark.parametrize(
    "text, values",
    [
        ("The U.S. sent 2,000 troops on top of the 1,400 who are already there.", [2000, 1400]),
        ("Latvia has 7,500 troops against Russia's 850,000 but holds firm.", [7500, 850000]),
        ("Russian troops near Ukraine number 60,000 now, and it could deploy as many as 175,000.", [175000]),
        (
            "Germany keeps 600 soldiers in Lithuania; the 2,300 who remain elsewhere are reservists.",
            [600, 2300],
        ),
        ("Russia has 100,000 troops there, in a city of 300,000 people.", [100000]),
        ("Russia has 100,000 troops there, 1,200 tanks and 2,000 km of border.", [100000]),
    ],
)
def test_elliptical_counts(text, values):
    assert [f.value for f in figures(text)] == values


@pytest.mark.parametrize(
    "text, value, qualifier, low, high",
    [
        ("The force grew to between 120,000 and 140,000 troops.", 140000, "approx", 120000, 140000),
        ("Estimates of Russian troops varied from 45,000 to over 80,000.", 80000, "at_least", 45000, None),
        ("They could send 7,000 to 15,000 troops.", 15000, "approx", 7000, 15000),
        (
            "NATO will increase its force from 40,000 to 300,000 troops.",
            300000,
            "exact",
            300000,
            300000,
        ),  # a change
    ],
)
def test_ranges_are_filed_under_the_upper_bound(text, value, qualifier, low, high):
    (f,) = figures(text)
    assert (f.value, f.qualifier, f.low, f.high) == (value, qualifier, low, high)


# ---------------------------------------------------------------- precision: years, dates, casualties, odd numbers


@pytest.mark.parametrize(
    "text",
    [
        "Since 2014 troops have patrolled the line.",
        "In 2022 soldiers were everywhere.",
        "By February 2022 forces had gathered.",
        "The loss of 7,000 soldiers and sailors was a blow.",
        "Russia is losing 1,000 troops a day.",
        "Nearly 300 soldiers were killed and another 900 wounded.",
        "The army lost 2,000 men per day.",
        "Ukraine captured 300 soldiers.",
        "It has 500 wounded soldiers in hospital.",
        "-5000 troops",
        "20000000000000000000 troops",
        "It cost $100,000 to move the troops.",
        "Thousands of troops and hundreds of thousands of soldiers.",
        "Ukraine's army killed 4,000 Russian troops, more like 1,500 by other counts.",
        "The insurgency led to the deaths of some 4,000 U.S. troops and more than 200,000 Filipino fighters.",
        "The attack destroyed more than 50 vehicles and up to 1000 Russian soldiers.",
        "The combat losses of Russian troops stand at an estimated 19,000 personnel.",
        "Reports said more than 300 men, women and children were killed.",
        "It will hand over the bodies of 152 Ukrainian soldiers found under the plant.",
        'The ministry said 200 reservists "were destroyed on their way to the front."',
        'A general had been "eliminated" along with 1,500 troops.',
        "The bodies included 225 women, 257 men and 19 children.",
    ],
)
def test_not_figures(text):
    assert figures(text) == []


def test_huge_counts_stay_exact_ints():
    assert figures("Russia has 123,456,789 troops.") == []  # above MAX_COUNT: out of range, not a crash
    assert figures("Russia has 123456789123456789 troops.") == []
    (f,) = figures("Russia has 99,999,999 troops.")
    assert f.value == 99_999_999 and isinstance(f.value, int)


# ---------------------------------------------------------------- owner


@pytest.mark.parametrize(
    "text, owner",
    [
        ("France said it was sending some 4,500 troops to Romania.", "France"),
        (
            "The U.S. announced plans to close its consulate and ordered 2,500 troops to Romania.",
            "United States",
        ),
        ("It was Russia that massed around 120,000 troops at the frontier.", "Russia"),
        ("The Russian deployment near the frontier had grown to 60,000 troops.", "Russia"),
        (
            "Moscow's deployment into Kazakhstan is the largest, with a planned 12,000 combat troops.",
            "Russia",
        ),
        ("Biden authorised the deployment of 2,500 troops to Lithuania.", "United States"),
        ("Kyiv fears that Russia could do likewise with more than 50,000 ground troops.", "Russia"),
        ("The announcement from the Pentagon that 4,700 troops had been put on standby.", "United States"),
        (
            "Poland expects Germany to help, but 5,000 troops are too few.",
            "",
        ),  # never across a clause boundary
        ("The U.S. put 8,500 troops on alert. Later the 8,500 troops were told to wait.", "United States"),
        ("In Belarus, 30,000 troops are exercising.", ""),
        ("This is a war-game with China having 2,000 troops participating.", "China"),
        (
            "There were 20 Russian battalion tactical groups near Kyiv, each comprised of 700-900 troops.",
            "Russia",
        ),
        ("Finland has the capacity to call up over 200,000 reservists.", "Finland"),
        ("Putin called up 300,000 reservists.", "Russia"),
        ("As of mid-October, 222,000 reservists have been recruited, Putin said.", "Russia"),
        ("The Trump administration plan pulls 11,900 troops from Germany.", "United States"),
        (
            "The unit is linked to the Wagner Group, which is said to have 1,000 soldiers in Ukraine.",
            "Russia",
        ),
        ("The Russian Defense Ministry said the maneuvers in Crimea involved over 10,000 troops.", "Russia"),
        (
            "NATO said the alliance's rapid reaction force would grow to 300,000 troops, close to the EU's borders with "
            "Russia.",
            "NATO",
        ),
        ("Russia, which invaded Ukraine in February, said it had called up 300,000 reservists.", "Russia"),
    ],
)
def test_owner_rules(text, owner):
    assert [f.troops_of for f in figures(text)][-1] == owner


# ---------------------------------------------------------------- claimant


@pytest.mark.parametrize(
    "text, claimant",
    [
        ("According to the Pentagon, Russia has 100,000 troops there.", "United States"),
        ("Psaki met reporters. She claimed Minsk had gathered up to 20,000 soldiers.", "Jen Psaki"),
        (
            "Ukraine's Defense Ministry spoke on Monday. A day later, the Defense Ministry said 70,000 Russian troops were close.",
            "Ukraine",
        ),
        ("It is estimated that Russia opened the offensive with around 210,000 troops.", ""),
        ("Russia has 100,000 troops there.", ""),
        (
            "The U.S. envoy at the Organization for Security and Cooperation in Europe (OSCE), which gathered in Vienna on "
            "Thursday, said the Russian force had grown to 140,000 troops.",
            "United States",
        ),
        ("Stoltenberg provided a similar 60,000 figure for British troops.", "Jens Stoltenberg"),
        ("Mr Wallace flew to Estonia to observe a drill involving 12,000 NATO troops.", ""),
        (
            "Ukraine had 900,000 reservists, according to the International Institute for Strategic Studies.",
            "International Institute for Strategic Studies",
        ),
        (
            "Kyiv had 196,600 soldiers, according to the Institute for Strategic Studies. Female soldiers serve too.",
            "Institute for Strategic Studies",
        ),
        (
            "US officials estimate that Russia has mobilized 78 battalion tactical groups -- probably about 75,000 troops.",
            "United States",
        ),
        ("Russia, which invaded Ukraine in February, said it had called up 300,000 reservists.", "Russia"),
    ],
)
def test_claimant_rules(text, claimant):
    assert [f.claimed_by for f in figures(text)][-1] == claimant


def test_a_figure_inside_a_quotation_is_claimed_by_its_speaker():
    from analysis.schemas import Quote

    text = 'Kowal said: "5,000 Russian soldiers have revolted."'
    q = Quote("a", "q", text[12:49], "Petro Kowal", "said", "full", "present", 12, 49, 0.0, 0.0, None)
    doc = build(Article("a", "s", "", None, "none", "", "", text, len(text.split())), matcher())
    (f,) = troop_figures(doc, [q])
    assert f.claimed_by == "Petro Kowal"


# ---------------------------------------------------------------- arbitrary text, time


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("0123456789,.- abcxyz")
            + [
                " troops",
                " soldiers",
                " Russia",
                " said ",
                " more than ",
                " the ",
                " army of ",
                "-strong force",
                "\n",
                " 2014 ",
                " killed",
                " Putin",
                "\u200d",
                " million",
                " who ",
                "'s ",
            ]
        ),
        max_size=120,
    ).map("".join)
)
def test_offsets_exact_and_nothing_raises(text):
    for f in figures(text):
        assert text[f.start : f.end] == f.surface
        assert 0 < f.value <= 100_000_000 and isinstance(f.value, int)


@pytest.mark.parametrize(
    "unit, size",
    [
        (
            "Ukraine says Russia has amassed more than 90,000 troops near the border, Blinken said, according to "
            "officials, while Putin warned ",
            1_000_000,
        ),  # one paragraph without sentence stops
        (
            "Russia has deployed 100,000 troops near Ukraine, Kirby said on Monday, adding that NATO was worried.\n",
            2_000_000,
        ),  # an ordinary long article of short paragraphs
    ],
)
def test_near_linear_time(unit, size):
    text = (unit * (size // len(unit) + 1))[:size]
    t0 = time.perf_counter()
    assert figures(text)
    assert time.perf_counter() - t0 < 20  # about 1-4 s here; quadratic code took over 600 s


@pytest.mark.parametrize(
    "text",
    [
        "Russia has 20000000000000000000 troops.",  # raised OverflowError in flush() at d663c87
        "Russia has 123456789123456789 troops.",  # became ...784 through a float
        "Russia has -5000 troops.",  # became 5000
        "Pu\u200dtin said 90,000 troops were there.",
    ],
)
def test_hostile_numbers_survive_the_table(text):
    from analysis.pipeline import analyse_article
    from analysis.schemas import Article, to_frame

    _, troops, _ = analyse_article(Article("a", "x", "", None, "none", "", "", text, len(text.split())))
    frame = to_frame("troops", troops)
    assert all(0 < v <= 100_000_000 for v in frame["value"])
