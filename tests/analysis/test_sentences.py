import pytest

from analysis.sentences import split_sentences


def texts(text, protected=()):
    return [text[s.start : s.end] for s in split_sentences(text, protected)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The U.S. faces a dilemma. Russia disagrees.", ["The U.S. faces a dilemma.", "Russia disagrees."]),
        (
            "Sen. Jeanne Shaheen said so. Gen. Milley agreed.",
            ["Sen. Jeanne Shaheen said so.", "Gen. Milley agreed."],
        ),
        (
            "They met on Dec. 2 in Stockholm. Talks ended.",
            ["They met on Dec. 2 in Stockholm.", "Talks ended."],
        ),
        ("Mr. Biden and John F. Kennedy. Next one.", ["Mr. Biden and John F. Kennedy.", "Next one."]),
        ('He said "No." Then he left.', ['He said "No."', "Then he left."]),
        ("Line one\nLine two", ["Line one", "Line two"]),
        ("what? yes. Fine!", ["what? yes.", "Fine!"]),
    ],
)
def test_split(text, expected):
    assert texts(text) == expected


def test_protected_quote_is_not_split():
    text = '"The date is not set. There are difficulties," Ryabkov said. Next.'
    assert texts(text, [(0, text.index(',"') + 2)]) == [text[: text.index(" Next")], "Next."]
