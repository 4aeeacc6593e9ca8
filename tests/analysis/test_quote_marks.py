import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.quote_marks import find_quote_spans


def spans(text):
    found, _ = find_quote_spans(text)
    return [(text[s.start : s.end], s.marks) for s in found]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "yes," then left.', [("yes,", "present")]),
        ("He said “yes” and «non».", [("yes", "present"), ("non", "present")]),
        (
            "“Open quote runs to the end\n“Next paragraph,” he said.",
            [("Open quote runs to the end", "present"), ("Next paragraph,", "present")],
        ),
        (
            'accused Russia of preparing a false flag operation" to use',
            [("false flag operation", "closing_only")],
        ),
        ("NATO officials' warnings grew.", []),
        ("The UK said 'we stand with Ukraine' today.", [("we stand with Ukraine", "present")]),
        (
            "We are prepared to talk, because diplomacy is the way, she said.",
            [("We are prepared to talk, because diplomacy is the way", "missing")],
        ),
        ("Blinken will travel to Berlin, the State Department said.", []),
        # an open mark before a bare carriage return holds nothing (found by hypothesis: start ran past end)
        ("«\r", []),
        ("x “\r\n", []),
        # a curly mark set the wrong way round is read by its place
        (
            "Its website says: ”Winds will rise today.“ Tomorrow is calm.",
            [("Winds will rise today.", "present")],
        ),
        # straight marks nested in straight marks: one outer quote
        (
            '"Although "careful restraint" helps, we must act," said Nick Roe.',
            [('Although "careful restraint" helps, we must act,', "present")],
        ),
        # single speech marks beside double marks (a British paper scraped into one paragraph)
        (
            "Warm words for the \"living bridge\". The President said: 'Congratulations on taking office!' "
            "'I wish you well today. 'I'm ready to work together!' he added.",
            [
                ("living bridge", "present"),
                ("Congratulations on taking office!", "present"),
                ("I wish you well today.", "present"),
                ("I'm ready to work together!", "present"),
            ],
        ),
        (
            "He wished 'the \"living bridge\" of UK Indians' well.",
            [('the "living bridge" of UK Indians', "present")],
        ),
        # but not a title in single marks, nor apostrophes around a whole double quotation
        ("He said \"yes\" on 'The Ingraham Angle.' later.", [("yes", "present")]),
        (
            "The leaders' talks ended. He called it \"a long and useless meeting of minds\" and Russia's envoy left.",
            [("a long and useless meeting of minds", "present")],
        ),
        # a closing mark lost in a long run: the quote ends where narration resumes
        (
            "“This is why storms matter. "
            + "It goes on and on for a while with many words. " * 7
            + "Ms Roe shared a clip. "
            "“Next one,” she said.",
            [
                (
                    "This is why storms matter. "
                    + ("It goes on and on for a while with many words. " * 7).strip(),
                    "present",
                ),
                ("Next one,", "present"),
            ],
        ),
    ],
)
def test_quote_spans(text, expected):
    assert spans(text) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "'", "‘", " ", ":", "_", "’", "1", "\n", "é", ",", "(", "s"]), max_size=25
    ).map("".join)
)
def test_the_quick_single_mark_test_misses_no_opening_mark(seg):
    from analysis.quote_marks import _SINGLE_MARK, _may_open_single

    opens = [
        m
        for m in _SINGLE_MARK.finditer(seg)
        if m.group() == "‘" or (m.group() == "'" and (m.start() == 0 or not seg[m.start() - 1].isalnum()))
    ]
    assert _may_open_single(seg) or not opens
