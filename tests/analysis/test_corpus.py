import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.corpus import (
    _photo_credit,
    build_article,
    clean_body,
    content_id,
    outlet_from_credits,
    outlet_from_url,
    parse_article,
    split_layout,
    strip_photo_credit,
)
from analysis.schemas import RawDoc
from tests.conftest import SAMPLE

# file, title start, date (None = inferred later), url, outlet, body starts, body ends
SAMPLES = [
    (
        "000_94eda27ce82fadf4.txt",
        "Secretary of State Antony Blinken will meet",
        dt.date(2021, 12, 1),
        "",
        "",
        "RIGA, Latvia - Secretary",
        "the State Department official said.",
    ),
    (
        "001_7ab7d04e848ba5f8.txt",
        "Their meeting on the margins",
        dt.date(2021, 12, 2),
        "",
        "",
        "Their meeting on the margins",
        "contributed to this report.",
    ),
    (
        "002_9a8e32283f0f2645.txt",
        "Blinken to meet with senior Russian as Ukraine tensions soar",
        dt.date(2022, 1, 18),
        "https://www.thereminder.ca/world-news/blinken-to-visit-ukraine-as-us-russia-tensions-escalate-4965801",
        "The Reminder",
        "Blinken to meet with senior Russian as Ukraine tensions soar\nLavrov reaffirmed",
        "diplomatic path forward, she said.",
    ),
    (
        "003_b696d36f1c6d484c.txt",
        "Blinken urges Russias Lavrov to choose diplomacy on Ukraine or face high price",
        dt.date(2021, 12, 2),
        "https://www.straitstimes.com/world/united-states/blinken-urges-russias-lavrov-to-choose-diplomacy-on-ukraine-or-face-high-price",
        "The Straits Times",
        "Blinken urges Russias Lavrov",
        "likely in coming days.",
    ),
    (
        "004_ffce716179b1a6a6.txt",
        "US Secretary of State Blinken is urging Russia’s Lavrov to take diplomacy",
        None,
        "",
        "The Globe and Mail",
        "US Secretary of State Blinken is urging",
        "Minsk blames the West for the humanitarian crisis.",
    ),
]

# left in no sample's body: the date prefix, comment and newsletter boilerplate, photo credits
BOILERPLATE = ("date 20", "Give a Comment", "Sign up today", "Getty Images")


@pytest.mark.parametrize("name, title, date, url, outlet, head, tail", SAMPLES)
def test_sample_articles(name, title, date, url, outlet, head, tail):
    raw = (SAMPLE / name).read_text(encoding="utf-8")
    art = build_article(RawDoc(name, raw, {}))
    assert art.title.startswith(title)
    assert art.published == date
    assert art.date_source == ("file" if date else "none")
    assert art.url == url
    assert art.outlet == outlet
    assert art.text.startswith(head)
    assert art.text.endswith(tail)
    assert [b for b in BOILERPLATE if b in art.text] == []
    if name == SAMPLES[4][0]:  # its photo credit goes, the caption's sentence it was glued to stays
        assert "Stockholm on 2 December." in art.text


@pytest.mark.parametrize(
    "raw, title, date, url",
    [
        (" date 2022-01-05 MOSCOW - Body here.", "", dt.date(2022, 1, 5), ""),
        ("Headline\n20220110\nhttps://x.com/a\nBody.", "Headline", dt.date(2022, 1, 10), "https://x.com/a"),
        ("Headline\n20220110\nBody one.\nBody two.", "Headline", dt.date(2022, 1, 10), ""),
        ("A headline\n\nFirst paragraph.\n\nSecond.", "A headline", None, ""),
    ],
)
def test_split_layout(raw, title, date, url):
    lay = split_layout(raw)
    assert (lay.title, lay.published, lay.url) == (title, date, url)


@pytest.mark.parametrize(
    "raw, meta, date, source, warning",
    [
        (" date 2021-02-30 Body here.", {}, None, "none", "date '2021-02-30' is not a valid date"),
        ("Headline\n20210230\nBody one.\nBody two.", {}, None, "none", "date '20210230' is not a valid date"),
        ("Body.", {"date": "-2022-01-01"}, None, "none", "date '-2022-01-01' has a negative year"),
        ("Body.", {"date": dt.date(9999, 12, 31)}, None, "none", "date 9999-12-31 is outside 1900-01-01"),
        ("Dec. 2, 2021 - Body.", {"date": "2021-02-30"}, dt.date(2021, 12, 2), "text", "not a valid date"),
        (
            " date 2022-01-05 Body.",
            {"date": "junk"},
            dt.date(2022, 1, 5),
            "file",
            "date 'junk' is not a valid date",
        ),
        ("Body.", {"date": "2022-01-05"}, dt.date(2022, 1, 5), "file", None),
        ("Body.", {"date": None}, None, "none", None),
    ],
)
def test_a_date_given_but_not_valid_is_a_warning(raw, meta, date, source, warning):
    art, warnings = parse_article(RawDoc("s", raw, meta))
    assert (art.published, art.date_source) == (date, source)
    assert (warning is None and not warnings) or (len(warnings) == 1 and warning in warnings[0])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Para one.\n\nGive a Comment", "Para one."),
        ("Story.\nOur Morning Update newsletter is written by Globe editors. Sign up today.", "Story."),
        (
            "Caption on 2 December.JONATHAN NACKSTRAND / AFP / Getty Images\nBody.",
            "Caption on 2 December.\nBody.",
        ),
        ("Caption text. (AP Photo/Evan Vucci)\nBody.", "Caption text.\nBody."),
        ("Keep the Signs of war.\nSign language.", "Keep the Signs of war.\nSign language."),
        ("a\x00b\r\nc", "ab\r\nc".replace("\r\n", "\n")),
    ],
)
def test_clean_body(text, expected):
    assert clean_body(text.replace("\r\n", "\n")) == expected


@pytest.mark.parametrize(
    "url, outlet",
    [
        ("https://www.foxnews.com/world/x", "Fox News"),
        ("https://edition.cnn.com/2022/01/x", "CNN"),
        ("https://www.bbc.co.uk/news/x", "BBC"),
        ("https://news.example-paper.co.uk/x", "Example Paper"),
        ("", ""),
    ],
)
def test_outlet_from_url(url, outlet):
    assert outlet_from_url(url) == outlet


@pytest.mark.parametrize(
    "text, outlet",
    [
        ("... newsletters are written by Globe editors", "The Globe and Mail"),
        ("WASHINGTON (AP) — The", "AP"),
        ("STOCKHOLM REUTERS, AFP - US", "Reuters"),
        ("Nothing here", ""),
    ],
)
def test_outlet_from_credits(text, outlet):
    assert outlet_from_credits(text) == outlet


def test_content_id_ignores_whitespace_and_case():
    assert content_id("A  b\nc") == content_id("a b c")
    assert content_id("a b c") != content_id("a b d")


CREDITS = [
    "JOHN SMITH/AFP via Getty Images",
    "ANNA LEE / POOL / Reuters",
    "(AP Photo/Evan Vucci)",
    "(Reuters Photo by a stringer)",
    "Photo: Jane Roe/ EPA",
    "Image by Q /AFP",
    "SMITH/AFP via Getty Images and more",  # not at the end: kept
    "talks ended (and nothing more)",  # ends with ")" but is no credit
]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Blinken met Lavrov. JOHN SMITH/AFP via Getty Images", "Blinken met Lavrov."),
        ("Troops massed. (AP Photo/Evan Vucci)", "Troops massed."),
        ("He spoke. Photo: Jane Roe/ EPA", "He spoke."),
        ("Talks ended (and nothing more)", "Talks ended (and nothing more)"),
        ("No credit at all", "No credit at all"),
    ],
)
def test_strip_photo_credit(line, expected):
    assert strip_photo_credit(line) == expected


@given(st.text(max_size=200), st.sampled_from(["", ". ", "! ", " "]), st.sampled_from(CREDITS))
def test_strip_photo_credit_is_the_credit_pattern(body, join, credit):
    """The shortcut (the pattern tried only on lines ending as a credit ends) changes no line's result."""
    for line in ((body + join + credit).rstrip(), body.rstrip()):
        assert strip_photo_credit(line) == _photo_credit().sub("", line)
