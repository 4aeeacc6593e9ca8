import pytest
from textblob import TextBlob

from analysis.sentiment import score_quote


@pytest.mark.parametrize("text", ["This is a terrible, awful but great idea.", "We are not happy at all.",
                                  "Diplomacy is the best way.", "", "   ", "The meeting took place."])
def test_same_numbers_as_textblob(text):
    t = score_quote(text)
    if text.strip():
        ref = TextBlob(text).sentiment
        assert (t.polarity, t.subjectivity) == pytest.approx((ref.polarity, ref.subjectivity))
    else:
        assert t == (0.0, 0.0, 0.0, "", False)


@pytest.mark.parametrize("text, disagree", [
    ("This is a terrible idea.", False),
    ("Good grief, the killing must stop.", None),
])
def test_lenses_and_words(text, disagree):
    t = score_quote(text)
    assert -1 <= t.polarity <= 1 and -1 <= t.vader <= 1 and 0 <= t.subjectivity <= 1
    if disagree is not None:
        assert t.disagree == disagree
    if t.polarity:
        assert t.words


@pytest.mark.parametrize("text, disagree", [
    ("Peace is impossible without pressure.", True),  # TextBlob -0.67, VADER +0.66
    ("Russia will pay a heavy price, no doubt.", True),  # TextBlob -0.20, VADER +0.18
    ("The sanctions will be crippling, but fair.", False),  # both positive
    ("We are ready to fight.", False),  # VADER -0.03 is inside the neutral band
])
def test_disagreement_flag(text, disagree):
    assert score_quote(text).disagree is disagree
