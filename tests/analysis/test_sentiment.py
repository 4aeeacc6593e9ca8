import pytest
from textblob import TextBlob

from analysis.sentiment import score_quote


@pytest.mark.parametrize(
    "text",
    [
        "This is a terrible, awful but great idea.",
        "We are not happy at all.",
        "Diplomacy is the best way.",
        "",
        "   ",
        "The meeting took place.",
    ],
)
def test_same_numbers_as_textblob(text):
    t = score_quote(text)
    if text.strip():
        ref = TextBlob(text).sentiment
        assert (t.polarity, t.subjectivity) == pytest.approx((ref.polarity, ref.subjectivity))
    else:
        assert t == (0.0, 0.0, 0.0, "", False)


@pytest.mark.parametrize(
    "text, polarity, vader, words, disagree",
    [
        ("This is a terrible idea.", -1.0, -0.4767, "terrible (-1.00)", False),
        # TextBlob's -0.05 sits on the neutral band's edge and VADER is negative: no disagreement on either side of it
        ("Good grief, the killing must stop.", -0.05, -0.7845, "good (+0.70); grief (-0.80)", False),
        ("Peace is impossible without pressure.", -0.6667, 0.6584, "impossible (-0.67)", True),
        ("The meeting took place.", 0.0, 0.0, "", False),
    ],
)
def test_lenses_and_words(text, polarity, vader, words, disagree):
    t = score_quote(text)
    assert (t.polarity, t.vader) == pytest.approx((polarity, vader), abs=1e-4)
    assert t.words == words
    assert t.disagree is disagree


@pytest.mark.parametrize(
    "text, disagree",
    [
        ("Peace is impossible without pressure.", True),  # TextBlob -0.67, VADER +0.66
        ("Russia will pay a heavy price, no doubt.", True),  # TextBlob -0.20, VADER +0.18
        ("The sanctions will be crippling, but fair.", False),  # both positive
        ("We are ready to fight.", False),  # VADER -0.03 is inside the neutral band
    ],
)
def test_disagreement_flag(text, disagree):
    assert score_quote(text).disagree is disagree
