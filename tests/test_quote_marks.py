import pytest

from analysis.quote_marks import find_quote_spans


def spans(text):
    found, _ = find_quote_spans(text)
    return [(text[s.start:s.end], s.marks) for s in found]


@pytest.mark.parametrize("text, expected", [
    ('He said "yes," then left.', [("yes,", "present")]),
    ("He said “yes” and «non».", [("yes", "present"), ("non", "present")]),
    ('“Open quote runs to the end\n“Next paragraph,” he said.', [("Open quote runs to the end", "present"),
                                                                 ("Next paragraph,", "present")]),
    ('accused Russia of preparing a false flag operation" to use', [("false flag operation", "closing_only")]),
    ("NATO officials' warnings grew.", []),
    ("The UK said 'we stand with Ukraine' today.", [("we stand with Ukraine", "present")]),
    ("We are prepared to talk, because diplomacy is the way, she said.",
     [("We are prepared to talk, because diplomacy is the way", "missing")]),
    ("Blinken will travel to Berlin, the State Department said.", []),
])
def test_quote_spans(text, expected):
    assert spans(text) == expected
